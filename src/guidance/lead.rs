//! Who might lead, on which aspect, and why.
//!
//! Between the OT and the SPLW, the guidance divides the work like this: the SPLW leads where needs
//! are social, practical or emotional, or come from the wider conditions of a person's life; the OT
//! leads where a functional need is complex or there is clinical risk; where functional and social
//! barriers meet, both work together with each leading its own part. It says this of the two roles,
//! not of the whole MDT. Safeguarding (tagged, or described in the notes), a change in health,
//! a risk to life, and frequent urgent-care use with risk bring in the roles that own those routes.
//! A mental health need on its own stays in primary care (the GP, NHS Talking Therapies, the SPLW
//! alongside), as it does for most low mood and anxiety; specialist mental health services come
//! in when the record shows severe illness or a crisis. A recorded step-down or step-up moves the
//! lead with it. Every reason says what in the record it rests on.

use super::{LeadSuggestion, Reason, SuggestedLead, SuggestionKind, needs_text, short_role, sources, text};
use crate::discussions::{DiscussionRecord, EscalationTrigger, Need, TransitionDirection};
use crate::labels;
use crate::words::{and_list, capitalised, in_sentence, one_or_many};
use crate::members::TeamMember;
use crate::roles::Role;

/// Needs that call for an OT's regulated clinical work.
const OT_NEEDS: &[Need] = &[Need::Functional, Need::Cognitive, Need::EnvironmentalRisk, Need::ClinicalRisk];
/// Needs that are social, practical or emotional: SPLW territory.
const SPLW_NEEDS: &[Need] = &[
    Need::SocialIsolation,
    Need::PhysicalActivity,
    Need::Housing,
    Need::Money,
    Need::Employment,
    Need::Carer,
    Need::EmotionalWellbeing,
    Need::LongTermCondition,
    Need::FrequentAttendance,
];
pub(crate) const RISK_NEEDS: &[Need] = &[Need::ClinicalRisk, Need::EnvironmentalRisk, Need::Safeguarding];
/// Every role these rules can suggest (a step-down or step-up can add the role it names).
pub(crate) const SUGGESTED_ROLES: &[&str] = &["ot", "splw", "gp", "safeguarding", "mental_health", "hiu_lead"];

/// The suggestion for a record. `reason` is the agenda line; `involved` the team members already
/// working with the person, used to name who would lead when exactly one has the role.
pub fn suggest_lead(record: &DiscussionRecord, reason: &str, roles: &[Role], involved: &[TeamMember]) -> LeadSuggestion {
    let mut draft = Draft::default();
    let tagged = |list: &[Need]| list.iter().copied().filter(|n| record.needs.contains(n)).collect::<Vec<_>>();
    let mut ot = tagged(OT_NEEDS);
    let mut splw = tagged(SPLW_NEEDS);
    let risks = tagged(RISK_NEEDS);
    let frequent_with_risk = record.needs.contains(&Need::FrequentAttendance) && !risks.is_empty();
    if frequent_with_risk {
        splw.retain(|n| *n != Need::FrequentAttendance);
    }

    let notes = text::notes(reason, record);
    // The OT leads on clinical risk as between the OT and the SPLW. When clinical risk is the only
    // OT need and another clinician (a GP, nurse, physiotherapist...) is recorded as holding it, the
    // OT is not suggested over them.
    let holder = record.risk_holder_id.and_then(|id| involved.iter().find(|m| m.id == id));
    let held_by_other_clinician =
        holder.filter(|m| m.role_key != "ot" && roles.iter().any(|r| r.key == m.role_key && r.clinical));
    if let (Some(holder), [Need::ClinicalRisk]) = (held_by_other_clinician, ot.as_slice()) {
        draft.reason(
            format!(
                "Clinical risk is tagged and {} ({}) holds it. The guidance gives the OT the lead on clinical risk as \
                 between the OT and the SPLW, not over the other clinicians in the MDT, so no OT is suggested for it.",
                holder.name,
                short_role(&holder.role_key)
            ),
            &ot,
            sources::KEY_TAKEAWAYS,
        );
        ot.clear();
    }
    if !ot.is_empty() {
        draft.lead("ot", &ot_aspect(&ot), &ot);
        draft.reason(ot_reason(&ot, &notes), &ot, sources::BOUNDARIES);
    }
    if !splw.is_empty() {
        draft.lead("splw", &splw_aspect(&splw), &splw);
        draft.reason(
            format!(
                "{} {} tagged. These are social, practical or emotional needs: of the OT and the SPLW, the SPLW leads \
                 here, linking the person with community support and helping with everyday obstacles.",
                capitalised(&needs_text(&splw)),
                one_or_many(splw.len(), "is", "are"),
            ),
            &splw,
            sources::KEY_TAKEAWAYS,
        );
    }
    if !ot.is_empty() && !splw.is_empty() {
        let both: Vec<Need> = ot.iter().chain(&splw).copied().collect();
        draft.reason(
            "Functional and social barriers meet here, so joint working suits best: each role leads its own part \
             (the OT on assessment and risk, the SPLW on community connection and practical support) instead of \
             passing the person from one to the other."
                .into(),
            &both,
            sources::SHARED_CASELOADS,
        );
    }
    // A concern the team has looked at and recorded as needing no escalation (with its reason)
    // does not bring the safeguarding lead in again; a tagged need always does.
    let ruled_out = |trigger: EscalationTrigger| {
        record.escalations.iter().any(|e| e.trigger == trigger && !e.not_needed_reason.trim().is_empty())
    };
    let safeguarding_in_notes =
        text::find(&notes, &text::SAFEGUARDING).filter(|_| !ruled_out(EscalationTrigger::Safeguarding));
    if record.needs.contains(&Need::Safeguarding) || safeguarding_in_notes.is_some() {
        let tagged = record.needs.contains(&Need::Safeguarding);
        let why = match (&safeguarding_in_notes, tagged) {
            (Some(found), false) => format!("{} Safeguarding is not tagged, but this reads as a safeguarding concern.", found.sentence()),
            (Some(found), true) => format!("Safeguarding is tagged. {}", found.sentence()),
            (None, _) => "Safeguarding is tagged.".to_string(),
        };
        let needs: &[Need] = if tagged { &[Need::Safeguarding] } else { &[] };
        draft.lead("safeguarding", "Safeguarding concern", needs);
        draft.reason(
            format!(
                "{why} The team's safeguarding lead takes the concern through the local procedure (the council leads any \
                 enquiry); the other roles keep their own parts."
            ),
            needs,
            sources::ESCALATION,
        );
    }
    mental_health(record, &notes, ruled_out(EscalationTrigger::RiskToLife), &mut draft);
    if frequent_with_risk {
        let mut behind = vec![Need::FrequentAttendance];
        behind.extend(&risks);
        draft.lead("hiu_lead", "Coordinating frequent urgent care use", &behind);
        draft.reason(
            format!(
                "Frequent attendance is tagged together with {}. A high-intensity-user lead works with people who often \
                 use urgent and emergency care; in the guidance's example of a woman facing eviction, involvement shifted \
                 to a high-intensity-user lead as her risks escalated.",
                needs_text(&risks)
            ),
            &behind,
            sources::COMPLEX_NEEDS,
        );
    }
    if let Some(found) = text::find(&notes, &text::DETERIORATION) {
        draft.lead("gp", "Medical review of the change in health", &[]);
        draft.reason(
            format!("{} A change in health needs a medical review, usually by the GP.", found.sentence()),
            &[],
            sources::ESCALATION,
        );
    }
    for t in &record.transitions {
        draft.transition(t.direction, &t.from_role_key, &t.to_role_key);
    }
    draft.finish(roles, involved)
}

/// Why the OT leads: said of the OT and SPLW pair, with what in the record makes the functional
/// need complex, or says plainly that nothing does yet.
fn ot_reason(ot: &[Need], notes: &str) -> String {
    let tagged = format!("{} {} tagged.", capitalised(&needs_text(ot)), one_or_many(ot.len(), "is", "are"));
    let risk_or_thinking = ot.iter().any(|n| *n != Need::Functional);
    let complex = text::find(notes, &text::COMPLEX_FUNCTION);
    let rule = "Of the OT and the SPLW, the guidance has the OT lead where a functional need is complex or there is \
                clinical risk: assessing what the person can do, how they think and plan, or how safe their home is, and \
                managing the risks found, is the OT's regulated clinical work.";
    match (risk_or_thinking, complex) {
        (true, _) => format!("{tagged} {rule}"),
        (false, Some(found)) => format!("{tagged} {} {rule}", found.sentence()),
        (false, None) => format!(
            "{tagged} Nothing in the record says yet that it is complex or risky. Of the OT and the SPLW, assessing \
             function is the OT's regulated clinical work, not the SPLW's; the guidance has the OT lead where a functional need is complex or there is clinical risk, so \
             the OT's assessment will show whether the OT should keep the lead or advise while the SPLW leads."
        ),
    }
}

/// A mental health need: primary care by default, specialist services for severity or crisis.
fn mental_health(record: &DiscussionRecord, notes: &str, crisis_ruled_out: bool, draft: &mut Draft) {
    let crisis = text::find(notes, &text::RISK_TO_LIFE).filter(|_| !crisis_ruled_out);
    let severe = text::find(notes, &text::SEVERE_MENTAL_ILLNESS);
    let tagged = record.needs.contains(&Need::MentalHealth);
    let needs: &[Need] = if tagged { &[Need::MentalHealth] } else { &[] };
    // Severity counts where a mental health need is tagged; a crisis counts whatever is tagged.
    if let Some(found) = crisis.or(severe.filter(|_| tagged)) {
        draft.lead("mental_health", "Specialist mental health assessment and care", needs);
        draft.reason(
            format!(
                "{} Severe mental illness or a crisis is for specialist mental health services, with the GP; other roles \
                 support alongside.",
                found.sentence()
            ),
            needs,
            sources::ESCALATION,
        );
    } else if tagged {
        draft.lead("gp", "Mental health care in primary care (GP, NHS Talking Therapies)", needs);
        draft.reason(
            "Mental health is tagged, and nothing in the record speaks of severe illness or a crisis. In primary care \
             most low mood and anxiety stays with the GP and NHS Talking Therapies, with the SPLW alongside for what \
             matters day to day; specialist mental health services are for severe illness or crisis (the team's rule, \
             from ordinary UK practice; the guidance's stepping-down example shows recovery continuing in primary care)."
                .into(),
            needs,
            sources::STEPPING_DOWN,
        );
    }
}

#[derive(Default)]
struct Draft {
    leads: Vec<(String, String, Vec<Need>)>,
    reasons: Vec<Reason>,
}

impl Draft {
    fn lead(&mut self, role: &str, aspect: &str, needs: &[Need]) {
        self.leads.push((role.to_string(), aspect.to_string(), needs.to_vec()));
    }

    fn reason(&mut self, text: String, needs: &[Need], source: &str) {
        self.reasons.push(Reason { text, needs: needs.to_vec(), source: source.to_string() });
    }

    /// A recorded step-down or step-up: the receiving role leads on ongoing support; the giving
    /// role keeps only what its still-tagged needs call for.
    fn transition(&mut self, direction: TransitionDirection, from: &str, to: &str) {
        let word = in_sentence(labels::direction(direction));
        let aspect = match direction {
            TransitionDirection::StepDown => format!("Ongoing support after the {word}"),
            TransitionDirection::StepUp => format!("Taking the lead after the {word}"),
        };
        if !self.leads.iter().any(|(role, _, _)| role == to) {
            self.lead(to, &aspect, &[]);
        }
        let (from_name, to_name) = (short_role(from), short_role(to));
        let mut text = match direction {
            TransitionDirection::StepDown => format!(
                "A {word} from {from_name} to {to_name} is recorded: the {to_name} takes over ongoing support, and the \
                 {from_name} stays available for advice."
            ),
            TransitionDirection::StepUp => format!(
                "A {word} from {from_name} to {to_name} is recorded: the {to_name} now leads, with the {from_name} \
                 staying involved where that helps."
            ),
        };
        let kept: Vec<Need> =
            self.leads.iter().filter(|(role, _, _)| role == from).flat_map(|(_, _, needs)| needs.clone()).collect();
        if direction == TransitionDirection::StepDown && !kept.is_empty() {
            text.push_str(&format!(
                " But {} {} still tagged, so the {from_name} keeps that part until it is resolved.",
                needs_text(&kept),
                one_or_many(kept.len(), "is", "are")
            ));
        }
        let source = match direction {
            TransitionDirection::StepDown => sources::STEPPING_DOWN,
            TransitionDirection::StepUp => sources::ESCALATION,
        };
        self.reason(text, &kept, source);
    }

    fn finish(mut self, roles: &[Role], involved: &[TeamMember]) -> LeadSuggestion {
        let order = |key: &str| roles.iter().position(|r| r.key == key).unwrap_or(usize::MAX);
        self.leads.sort_by_key(|(role, _, _)| order(role));
        let leads: Vec<SuggestedLead> = self
            .leads
            .into_iter()
            .map(|(role_key, aspect, needs)| {
                let mut with_role = involved.iter().filter(|m| m.role_key == role_key);
                let member = match (with_role.next(), with_role.next()) {
                    (Some(only), None) => Some(only),
                    _ => None,
                };
                SuggestedLead {
                    aspect,
                    role_name: roles.iter().find(|r| r.key == role_key).map_or_else(|| role_key.clone(), |r| r.name.clone()),
                    member_id: member.map(|m| m.id),
                    member_name: member.map(|m| m.name.clone()),
                    role_key,
                    needs,
                }
            })
            .collect();
        let mut role_names: Vec<String> = Vec::new();
        for lead in &leads {
            let name = short_role(&lead.role_key);
            if !role_names.contains(&name) {
                role_names.push(name);
            }
        }
        let (kind, summary) = match role_names.len() {
            0 => {
                self.reasons.push(Reason {
                    text: "No needs are tagged yet. Tag what the person needs help with to see who might lead.".into(),
                    needs: Vec::new(),
                    source: sources::KEY_TAKEAWAYS.into(),
                });
                (SuggestionKind::None, "No suggestion yet: no needs are tagged".to_string())
            }
            1 => (SuggestionKind::Single, capitalised(&role_names[0])),
            _ => (SuggestionKind::Joint, format!("Joint working: {}", and_list(&role_names))),
        };
        LeadSuggestion { kind, summary, leads, reasons: self.reasons }
    }
}

/// "Functional and environmental assessment", "Clinical risk management", or both joined.
fn ot_aspect(needs: &[Need]) -> String {
    let assessed: Vec<&str> = needs
        .iter()
        .filter_map(|n| match n {
            Need::Functional => Some("functional"),
            Need::Cognitive => Some("cognitive"),
            Need::EnvironmentalRisk => Some("environmental"),
            _ => None,
        })
        .collect();
    let mut parts = Vec::new();
    if !assessed.is_empty() {
        parts.push(format!("{} assessment", and_list(&assessed)));
    }
    if needs.contains(&Need::ClinicalRisk) {
        parts.push("clinical risk management".to_string());
    }
    capitalised(&and_list(&parts))
}

/// "Community connection and practical support", and so on, in a fixed order.
fn splw_aspect(needs: &[Need]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for need in needs {
        let part = match need {
            Need::SocialIsolation | Need::PhysicalActivity => "community connection".to_string(),
            Need::Housing | Need::Money | Need::Employment | Need::Carer => "practical support".to_string(),
            Need::EmotionalWellbeing => "emotional support".to_string(),
            Need::LongTermCondition => "living well with a long-term condition".to_string(),
            Need::FrequentAttendance => "what lies behind frequent appointments".to_string(),
            other => in_sentence(labels::need(*other)),
        };
        if !parts.contains(&part) {
            parts.push(part);
        }
    }
    capitalised(&and_list(&parts))
}
