//! Who might lead, on which aspect, and why.
//!
//! The guidance divides the work like this: an SPLW leads where needs are social, practical or
//! emotional, or come from the wider conditions of a person's life; an OT leads where there is a
//! complex functional need, cognitive or environmental risk, or clinical risk; where functional and
//! social barriers meet, both work together with each leading its own part. Safeguarding, mental
//! health, a change in health and frequent urgent-care use with risk bring in the roles that own
//! those routes. A recorded step-down or step-up moves the lead with it.

use super::{LeadSuggestion, Reason, SuggestedLead, SuggestionKind, needs_text, short_role, sources, text};
use crate::discussions::{DiscussionRecord, Need, TransitionDirection};
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
    let ot = tagged(OT_NEEDS);
    let mut splw = tagged(SPLW_NEEDS);
    let risks = tagged(RISK_NEEDS);
    let frequent_with_risk = record.needs.contains(&Need::FrequentAttendance) && !risks.is_empty();
    if frequent_with_risk {
        splw.retain(|n| *n != Need::FrequentAttendance);
    }

    if !ot.is_empty() {
        draft.lead("ot", &ot_aspect(&ot), &ot);
        draft.reason(
            format!(
                "{} {} tagged. Finding out what the person can do day to day, how they think and plan, or how safe \
                 their home is, and managing the risks found, is regulated clinical work, so an OT leads this part.",
                capitalised(&needs_text(&ot)),
                one_or_many(ot.len(), "is", "are"),
            ),
            &ot,
            sources::BOUNDARIES,
        );
    }
    if !splw.is_empty() {
        draft.lead("splw", &splw_aspect(&splw), &splw);
        draft.reason(
            format!(
                "{} {} tagged. These are social, practical or emotional needs, where an SPLW leads by linking the \
                 person with community support and helping with everyday obstacles.",
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
    if record.needs.contains(&Need::Safeguarding) {
        draft.lead("safeguarding", "Safeguarding concern", &[Need::Safeguarding]);
        draft.reason(
            "Safeguarding is tagged. The team's safeguarding lead takes the concern through the local procedure; \
             the other roles keep their own parts."
                .into(),
            &[Need::Safeguarding],
            sources::ESCALATION,
        );
    }
    if record.needs.contains(&Need::MentalHealth) {
        draft.lead("mental_health", "Mental health assessment and care", &[Need::MentalHealth]);
        draft.reason(
            "Mental health is tagged. Mental health services assess and treat; other roles can support alongside them."
                .into(),
            &[Need::MentalHealth],
            sources::ESCALATION,
        );
    }
    if frequent_with_risk {
        let mut behind = vec![Need::FrequentAttendance];
        behind.extend(&risks);
        draft.lead("hiu_lead", "Coordinating frequent urgent care use", &behind);
        draft.reason(
            format!(
                "Frequent attendance is tagged together with {}. When risk grows for someone who often turns to urgent \
                 care, a high-intensity-user lead can take over coordination, as happened in the guidance's example of \
                 a woman facing eviction.",
                needs_text(&risks)
            ),
            &behind,
            sources::COMPLEX_NEEDS,
        );
    }
    if let Some(words) = text::mention(&text::notes(reason, record), text::DETERIORATION_TERMS) {
        draft.lead("gp", "Medical review of the change in health", &[]);
        draft.reason(
            format!("The notes mention \"{words}\". A change in health needs a medical review, usually by the GP."),
            &[],
            sources::ESCALATION,
        );
    }
    for t in &record.transitions {
        draft.transition(t.direction, &t.from_role_key, &t.to_role_key);
    }
    draft.finish(roles, involved)
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
