//! The words for what the records store as codes, written once: a need, an escalation trigger,
//! consent, an item's outcome, a meeting's status, attendance, an action's status, the direction
//! of a step-down or step-up, and the short names of roles. The minutes, the action lists, the
//! guidance and the CLI call these functions; the window gets the same words as constant maps
//! (`needLabels` and so on), which `make types` writes into `ui/src/lib/generated/labels.ts`
//! from [`maps`] (see `tests/typescript_bindings.rs`, which also fails when that file is stale).
//!
//! Labels start with a capital, as they stand on a screen or in a table. In the middle of a
//! sentence, [`crate::words::in_sentence`] gives "long-term condition" from "Long-term condition".
//! The guidance's own statuses are labelled beside their types (`guidance::LeadStatus::label`).

use crate::actions::ActionStatus;
use crate::agreement::AgreementOutcome;
use crate::agenda::{Consent, Outcome};
use crate::attendance::AttendanceStatus;
use crate::discussions::{ClosureOutcome, EscalationTrigger, Need, TransitionDirection};
use crate::meeting_record::MeetingStatus;
use crate::referrals::{ConsentToShare, ReferralStatus};
use crate::supervision::SessionFormat;

/// How a supervision session was held.
pub fn session_format(format: SessionFormat) -> &'static str {
    match format {
        SessionFormat::OneToOne => "One-to-one",
        SessionFormat::Group => "Group",
        SessionFormat::CaseBased => "Case-based",
        SessionFormat::Debrief => "Debrief after a case",
    }
}

/// What a person needs help with.
pub fn need(need: Need) -> &'static str {
    match need {
        Need::Functional => "Functional",
        Need::Cognitive => "Cognitive",
        Need::EnvironmentalRisk => "Environmental risk",
        Need::ClinicalRisk => "Clinical risk",
        Need::Safeguarding => "Safeguarding",
        Need::SocialIsolation => "Social isolation",
        Need::Housing => "Housing",
        Need::Money => "Money",
        Need::Employment => "Employment",
        Need::EmotionalWellbeing => "Emotional wellbeing",
        Need::LongTermCondition => "Long-term condition",
        Need::MentalHealth => "Mental health",
        Need::PhysicalActivity => "Physical activity",
        Need::Carer => "Carer",
        Need::FrequentAttendance => "Frequent attendance",
    }
}

/// What an escalation is about.
pub fn trigger(trigger: EscalationTrigger) -> &'static str {
    match trigger {
        EscalationTrigger::Safeguarding => "Safeguarding concern",
        EscalationTrigger::Deterioration => "Deterioration in health",
        EscalationTrigger::EnvironmentalRisk => "Significant environmental risk",
        EscalationTrigger::Complexity => "Complexity beyond one role",
        EscalationTrigger::RiskToLife => "Risk to life: suicide, self-harm or mental health crisis",
    }
}

/// How an escalation ended.
pub fn closure_outcome(outcome: ClosureOutcome) -> &'static str {
    match outcome {
        ClosureOutcome::Resolved => "Resolved",
        ClosureOutcome::DeEscalated => "De-escalated",
        ClosureOutcome::HandedOver => "Handed over",
    }
}

/// Whether the person agreed to being discussed at the MDT.
pub fn consent(consent: Consent) -> &'static str {
    match consent {
        Consent::NotRecorded => "Not recorded",
        Consent::Agreed => "Agreed to MDT discussion",
        Consent::Objected => "Objected to MDT discussion",
    }
}

/// What became of a case on the agenda.
pub fn outcome(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Pending => "Not yet discussed",
        Outcome::Discussed => "Discussed",
        Outcome::NotDiscussed => "Listed, not discussed",
    }
}

pub fn meeting_status(status: MeetingStatus) -> &'static str {
    match status {
        MeetingStatus::Planned => "Planned",
        MeetingStatus::InProgress => "In progress",
        MeetingStatus::Finalised => "Finalised minutes",
        MeetingStatus::Cancelled => "Cancelled",
    }
}

/// A member's attendance. "Not recorded" rather than "not yet": the same words are true on the
/// day and in finalised minutes.
pub fn attendance(status: AttendanceStatus) -> &'static str {
    match status {
        AttendanceStatus::Unknown => "Not recorded",
        AttendanceStatus::Present => "Present",
        AttendanceStatus::Apologies => "Apologies",
        AttendanceStatus::Absent => "Absent",
    }
}

pub fn action_status(status: ActionStatus) -> &'static str {
    match status {
        ActionStatus::Open => "Open",
        ActionStatus::Done => "Done",
        ActionStatus::Cancelled => "Cancelled",
    }
}

pub fn direction(direction: TransitionDirection) -> &'static str {
    match direction {
        TransitionDirection::StepDown => "Step-down",
        TransitionDirection::StepUp => "Step-up",
    }
}

/// What a discussion did with the person's joint-working agreement.
pub fn agreement_outcome(outcome: AgreementOutcome) -> &'static str {
    match outcome {
        AgreementOutcome::Agreed => "Agreed",
        AgreementOutcome::Confirmed => "Confirmed as still right",
        AgreementOutcome::Changed => "Changed",
    }
}

/// Where a referral has got to.
pub fn referral_status(status: ReferralStatus) -> &'static str {
    match status {
        ReferralStatus::Sent => "Sent",
        ReferralStatus::Accepted => "Accepted",
        ReferralStatus::Waiting => "On the waiting list",
        ReferralStatus::Seen => "Seen",
        ReferralStatus::Declined => "Declined",
        ReferralStatus::Closed => "Closed",
    }
}

/// A person's answer about sharing information with an outside service (not their consent to
/// MDT discussion, which is [`consent`]).
pub fn consent_to_share(answer: ConsentToShare) -> &'static str {
    match answer {
        ConsentToShare::Agreed => "Agreed to share",
        ConsentToShare::Refused => "Refused to share",
    }
}

/// How a role is named in suggestions and flags: the short form people say in meetings ("OT",
/// "SPLW", "physiotherapist"), lower case but for abbreviations. The window names roles by
/// their full names from the roster, so this one is not sent to it.
pub fn short_role(key: &str) -> String {
    match key {
        "ot" => "OT".into(),
        "splw" => "SPLW".into(),
        "gp" => "GP".into(),
        "hiu_lead" => "HIU lead".into(),
        "safeguarding" => "safeguarding lead".into(),
        "mental_health" => "mental health practitioner".into(),
        "social_worker" => "social worker".into(),
        "care_coordinator" => "care coordinator".into(),
        "nurse" => "nurse".into(),
        "physio" => "physiotherapist".into(),
        "pharmacist" => "pharmacist".into(),
        "other" => "other professional".into(),
        other => other.replace('_', " "),
    }
}

/// One map of codes to words as the window receives it: `needLabels` maps each [`Need`]'s code
/// to its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelMap {
    /// The constant's name in TypeScript, e.g. `needLabels`.
    pub name: &'static str,
    /// The generated type of its keys, e.g. `Need`.
    pub key_type: &'static str,
    /// Code and label, in the enum's order (the order the window lists them in).
    pub entries: Vec<(&'static str, &'static str)>,
}

impl LabelMap {
    pub fn new<T: Copy>(name: &'static str, key_type: &'static str, all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str) -> LabelMap {
        LabelMap { name, key_type, entries: all.iter().map(|&v| (code(v), label(v))).collect() }
    }
}

/// Every label map of this module, for the window.
pub fn maps() -> Vec<LabelMap> {
    vec![
        LabelMap::new("needLabels", "Need", Need::ALL, Need::as_str, need),
        LabelMap::new("triggerLabels", "EscalationTrigger", EscalationTrigger::ALL, EscalationTrigger::as_str, trigger),
        LabelMap::new("closureOutcomeLabels", "ClosureOutcome", ClosureOutcome::ALL, ClosureOutcome::as_str, closure_outcome),
        LabelMap::new("consentLabels", "Consent", Consent::ALL, Consent::as_str, consent),
        LabelMap::new("outcomeLabels", "Outcome", Outcome::ALL, Outcome::as_str, outcome),
        LabelMap::new("meetingStatusLabels", "MeetingStatus", MeetingStatus::ALL, MeetingStatus::as_str, meeting_status),
        LabelMap::new("attendanceLabels", "AttendanceStatus", AttendanceStatus::ALL, AttendanceStatus::as_str, attendance),
        LabelMap::new("actionStatusLabels", "ActionStatus", ActionStatus::ALL, ActionStatus::as_str, action_status),
        LabelMap::new("referralStatusLabels", "ReferralStatus", ReferralStatus::ALL, ReferralStatus::as_str, referral_status),
        LabelMap::new("consentToShareLabels", "ConsentToShare", ConsentToShare::ALL, ConsentToShare::as_str, consent_to_share),
        LabelMap::new("directionLabels", "TransitionDirection", TransitionDirection::ALL, TransitionDirection::as_str, direction),
        LabelMap::new("agreementOutcomeLabels", "AgreementOutcome", AgreementOutcome::ALL, AgreementOutcome::as_str, agreement_outcome),
        LabelMap::new("sessionFormatLabels", "SessionFormat", SessionFormat::ALL, SessionFormat::as_str, session_format),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_its_own_label() {
        for map in maps() {
            let mut labels: Vec<&str> = map.entries.iter().map(|(_, label)| *label).collect();
            assert!(labels.iter().all(|l| !l.trim().is_empty() && l.chars().next().is_some_and(char::is_uppercase)), "{map:?}");
            labels.sort_unstable();
            labels.dedup();
            assert_eq!(labels.len(), map.entries.len(), "two codes share a label in {}", map.name);
        }
    }

    #[test]
    fn maps_list_every_code_in_the_enums_order() {
        let needs = maps().into_iter().find(|m| m.name == "needLabels").unwrap();
        assert_eq!(needs.entries.len(), Need::ALL.len());
        assert_eq!(needs.entries[0], ("functional", "Functional"));
        assert_eq!(needs.entries[10], ("long_term_condition", "Long-term condition"));
        assert_eq!(needs.entries.last(), Some(&("frequent_attendance", "Frequent attendance")));
        let attendance = maps().into_iter().find(|m| m.name == "attendanceLabels").unwrap();
        assert_eq!(attendance.entries, vec![("unknown", "Not recorded"), ("present", "Present"), ("apologies", "Apologies"), ("absent", "Absent")]);
    }

    #[test]
    fn roles_have_the_short_names_said_in_meetings() {
        assert_eq!(short_role("ot"), "OT");
        assert_eq!(short_role("hiu_lead"), "HIU lead");
        assert_eq!(short_role("physio"), "physiotherapist");
        assert_eq!(short_role("new_role"), "new role", "a role added later reads as its key");
    }
}
