//! Which work a role may take on, from what the role is (see `assets/roles/*.toml`: its
//! `regulation` and `boundaries`), not from the words used to describe the task.
//!
//! Three kinds of role:
//! - registered clinicians (OT, GP, nurse, physiotherapist, pharmacist, mental health
//!   practitioner): clinical assessment, diagnosis, medicines, equipment and adaptations, and
//!   assessments of mental capacity for decisions about their own care are theirs;
//! - social workers: registered (Social Work England) but not clinical: Mental Capacity Act and
//!   Care Act (care-needs) assessments are their work, clinical work is not;
//! - roles that are neither (SPLW, care coordinator, high-intensity-user lead, and the safeguarding
//!   lead as a role, whatever the profession of whoever holds it): none of the above. They refer,
//!   chase, explain and support; they do not assess, diagnose, prescribe or provide equipment.
//!
//! "Other professional" is unknown: no work is checked against it.

use crate::roles::Role;

/// Work that belongs to some roles and not to others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// Assessing function, mobility, falls risk, cognition, the home's safety, mental state...,
    /// or managing clinical risk.
    ClinicalAssessment,
    Diagnosis,
    /// Prescribing, reviewing or changing medicines.
    Medicines,
    /// Assessing for, prescribing, ordering, fitting or handing over equipment and adaptations.
    Equipment,
    /// A Mental Capacity Act assessment or a Care Act (care-needs) assessment.
    StatutoryAssessment,
}

impl Work {
    /// Why this work is not for the role, in a sentence.
    pub fn explain(self, role: &str) -> String {
        match self {
            Work::ClinicalAssessment => format!(
                "Clinical assessment and clinical risk need a registered clinician such as an OT. A {role} is not a \
                 clinical role: taking it on drifts out of role, which puts the person and the worker at risk. Keep the \
                 {role} on their own part and name the clinician who does this."
            ),
            Work::Diagnosis => format!("Only a clinician diagnoses. A {role} is not a clinical role: pass what was seen to the GP."),
            Work::Medicines => format!(
                "Medicines are prescribed, reviewed and changed by a clinician (the GP, a pharmacist or a nurse \
                 prescriber). A {role} is not a clinical role: pass the question on rather than advise."
            ),
            Work::Equipment => format!(
                "Equipment and adaptations are assessed for and provided by a clinician, usually an OT, who checks they \
                 are safe for this person in this home. A {role} is not a clinical role, whatever the task is called: \
                 they can refer to the OT, chase a delivery or help with a claim, but not choose, supply or fit."
            ),
            Work::StatutoryAssessment => format!(
                "A Mental Capacity Act or Care Act (care-needs) assessment is carried out by a registered professional: \
                 a social worker, or a clinician for a decision about their own care. A {role} is not a registered \
                 profession: they can refer, and help the person prepare, but not assess."
            ),
        }
    }
}

/// What a role may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    /// The role is known well enough to check work against it.
    pub known: bool,
    pub clinical: bool,
    /// A profession on a statutory register, clinical or not.
    pub registered: bool,
}

impl Scope {
    pub fn of(role: &Role) -> Scope {
        // From each profile's `regulation`: social workers are registered (Social Work England) but
        // not clinical; the SPLW, care coordinator, HIU lead and safeguarding lead roles are not
        // registered professions in themselves.
        let registered = role.clinical || role.key == "social_worker";
        Scope { known: role.key != "other", clinical: role.clinical, registered }
    }

    pub fn allows(self, work: Work) -> bool {
        match work {
            Work::StatutoryAssessment => self.registered,
            _ => self.clinical,
        }
    }
}

/// Work named in a lead's aspect or an action, or `None` for everyday support (linking, visiting,
/// asking what matters, chasing, referring).
///
/// A task that passes the work to someone else is not that work: one that starts by referring,
/// asking, chasing, reminding or helping with a claim, or that names the clinician or service who
/// does it ("joint visit with the OT to assess falls risk").
pub fn work_in(text: &str) -> Option<Work> {
    let low = format!(" {} ", text.to_ascii_lowercase().replace(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-', " "));
    let has = |terms: &[&str]| terms.iter().any(|t| low.contains(&format!(" {t}")));
    let work = if has(EQUIPMENT) {
        Work::Equipment
    } else if has(&["diagnose", "diagnosing", "make a diagnosis", "give a diagnosis", "confirm the diagnosis"]) {
        Work::Diagnosis
    } else if prescribing(&low) || has(MEDICINES) {
        Work::Medicines
    } else if has(STATUTORY) {
        Work::StatutoryAssessment
    } else if has(&["clinical risk", "clinical assessment", "clinically assess"])
        || (has(&["assess", "evaluat", "screen", "test ", "review her", "review his", "review their", "check her", "check his"])
            && has(CLINICAL_DOMAINS))
    {
        Work::ClinicalAssessment
    } else {
        return None;
    };
    let first = low.split_whitespace().next().unwrap_or("");
    // "Arrange a falls assessment" passes it on; "arrange grab rails" provides them.
    let passes_on = NAVIGATION.contains(&first) && !(work == Work::Equipment && first == "arrange");
    let passed_on = passes_on || has(&["help with", "support with", "ask the"]);
    let done_by_others = match work {
        Work::StatutoryAssessment => has(&["social worker", "council", "adult social care", "social services"]),
        _ => has(CLINICIANS),
    };
    (!passed_on && !done_by_others).then_some(work)
}

/// "prescribe", "prescribing": not "social prescribing" or "social prescriber", and not
/// "prescription" (collecting one is an errand) or "prescribed" (taking what was prescribed).
fn prescribing(low: &str) -> bool {
    ["prescribe ", "prescribes ", "prescribing "].iter().any(|w| {
        low.match_indices(&format!(" {w}")).any(|(at, _)| !low[..at].ends_with(" social"))
    })
}

/// Equipment and adaptations, by name. A key safe, a pendant alarm or telecare are not here: they
/// need no clinical assessment.
const EQUIPMENT: &[&str] = &[
    "equipment", "adaptation", "adaptations", "grab rail", "rails ", "stair rail", "handrail", "hand rail", "banister rail",
    "hoist", "commode", "perching stool", "bath board", "bath lift", "bath seat", "shower seat", "shower chair",
    "toilet frame", "raised toilet seat", "toilet seat", "walking frame", "walking aid", "walking aids", "walking stick",
    "zimmer", "rollator", "crutches", "wheelchair", "mobility aid", "mobility aids", "stairlift", "stair lift", "bed lever",
    "bed rail", "bed rails", "pressure mattress", "pressure cushion", "riser recliner", "ramp", "level access", "wet room",
    "furniture raisers", "kitchen trolley", "half step", "bathing aid",
];
const MEDICINES: &[&str] = &[
    "medication review", "medicines review", "review her medic", "review his medic", "review their medic",
    "change her medic", "change his medic", "change their medic", "adjust the dose", "adjust her dose", "adjust his dose",
    "increase the dose", "reduce the dose", "stop her tablets", "stop his tablets",
];
const STATUTORY: &[&str] = &[
    "mental capacity", "capacity assessment", "assess capacity", "assess her capacity", "assess his capacity",
    "assess their capacity", "mca ", "best interests", "care act ", "care needs", "care and support needs", "needs assessment",
    "personal care needs", "daily living needs",
];
const CLINICAL_DOMAINS: &[&str] = &[
    "function", "mobility", "gait", "transfers", "falls", "fall risk", "cogniti", "memory", "moving and handling",
    "swallow", "pressure area", "skin", "continence", "home safety", "home environment", "environmental", "hazards",
    "risks at home", "risk at home", "risk in the home", "kitchen safety", "safety in the kitchen", "bathroom", "stairs",
    "mental state", "mental health", "breathing", "wound", "pain ", "clinical",
];
/// The first word of a task that passes it on rather than doing it.
const NAVIGATION: &[&str] = &[
    "refer", "ask", "chase", "remind", "tell", "inform", "let", "phone", "call", "email", "contact", "request", "pass",
    "book", "invite", "follow", "find", "explain", "share", "feed", "raise", "discuss", "signpost", "arrange",
];
/// Clinicians and clinical services: a task naming one is done by them.
const CLINICIANS: &[&str] = &[
    "ot ", "ots ", "occupational therap", "physio", "gp ", "gps ", "nurse", "pharmacist", "doctor", "clinician", "equipment service",
    "wheelchair service", "falls clinic", "falls service", "memory clinic", "memory assessment", "therapy team",
    "community therapy", "mental health team", "crisis team",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_is_told_apart_from_everyday_support_and_from_passing_it_on() {
        assert_eq!(work_in("Assess her mobility on the stairs"), Some(Work::ClinicalAssessment));
        assert_eq!(work_in("Functional assessment at home"), Some(Work::ClinicalAssessment));
        assert_eq!(work_in("Order a perching stool and grab rails"), Some(Work::Equipment));
        assert_eq!(work_in("Get her a bath board"), Some(Work::Equipment));
        assert_eq!(work_in("Arrange grab rails"), Some(Work::Equipment));
        assert_eq!(work_in("Prescribe a walking frame"), Some(Work::Equipment));
        assert_eq!(work_in("Prescribe something to help him sleep"), Some(Work::Medicines));
        assert_eq!(work_in("Complete a mental capacity assessment"), Some(Work::StatutoryAssessment));
        assert_eq!(work_in("Care needs assessment"), Some(Work::StatutoryAssessment));
        assert_eq!(work_in("Assess what matters to him"), None);
        assert_eq!(work_in("Home visit to find out what matters to her"), None);
        assert_eq!(work_in("Social prescribing: befriending and a lunch club"), None);
        assert_eq!(work_in("Collect her prescription on Fridays"), None);
        assert_eq!(work_in("Chase the council about the equipment delivery date"), None);
        assert_eq!(work_in("Help with a benefits claim for equipment costs"), None);
        assert_eq!(work_in("Refer to the falls clinic for a falls assessment"), None);
        assert_eq!(work_in("Joint visit with the OT to assess falls risk"), None);
        assert_eq!(work_in("Refer for a care needs assessment"), None);
        // A statutory assessment named with the social worker or the council is theirs; a clinician
        // named beside it does not make it theirs (only social workers and the council do these).
        assert_eq!(work_in("Care needs assessment with the social worker"), None);
        assert_eq!(work_in("Care Act assessment by adult social care"), None);
        assert_eq!(work_in("Mental capacity assessment before the GP visit"), Some(Work::StatutoryAssessment));
        assert_eq!(work_in("Community connection and befriending"), None);
    }
}
