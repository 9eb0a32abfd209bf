//! How reports print what the core stores as codes and ISO dates: the same words the app's
//! screens use (ui/src/lib/format.ts), so a printout reads like the screen it came from.

use chrono::NaiveDate;

use crate::actions::{ActionStatus, AgreedAction};
use crate::agenda::Consent;
use crate::discussions::{EscalationTrigger, Need, TransitionDirection};

fn date(iso: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(iso.get(..10)?, "%Y-%m-%d").ok()
}

/// "2026-03-02" (or a date-time) → "Monday 2 March 2026"; text that is not a date as it is.
pub(crate) fn long_date(iso: &str) -> String {
    date(iso).map_or_else(|| iso.to_string(), |d| d.format("%A %-d %B %Y").to_string())
}

/// "2026-03-02" → "2 Mar 2026", for tables; text that is not a date as it is.
pub(crate) fn short_date(iso: &str) -> String {
    date(iso).map_or_else(|| iso.to_string(), |d| d.format("%-d %b %Y").to_string())
}

/// "HH:MM" of a `YYYY-MM-DDTHH:MM` date-time.
pub(crate) fn clock(date_time: &str) -> &str {
    date_time.get(11..16).unwrap_or("")
}

/// A 10-digit NHS number in the 3-3-4 groups people read it in.
pub(crate) fn nhs_number(digits: &str) -> String {
    if digits.len() == 10 && digits.chars().all(|c| c.is_ascii_digit()) {
        format!("{} {} {}", &digits[..3], &digits[3..6], &digits[6..])
    } else {
        digits.to_string()
    }
}

pub(crate) fn need(need: Need) -> &'static str {
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

pub(crate) fn trigger(trigger: EscalationTrigger) -> &'static str {
    match trigger {
        EscalationTrigger::Safeguarding => "Safeguarding concern",
        EscalationTrigger::Deterioration => "Deterioration in health",
        EscalationTrigger::EnvironmentalRisk => "Significant environmental risk",
        EscalationTrigger::Complexity => "Complexity beyond one role",
    }
}

pub(crate) fn consent(consent: Consent) -> &'static str {
    match consent {
        Consent::NotRecorded => "Not recorded",
        Consent::Agreed => "Agreed to MDT discussion",
        Consent::Objected => "Objected to MDT discussion",
    }
}

pub(crate) fn direction(direction: TransitionDirection) -> &'static str {
    match direction {
        TransitionDirection::StepDown => "Step-down",
        TransitionDirection::StepUp => "Step-up",
    }
}

/// An action's status as a reader needs it: open (and overdue, in words), or when it closed.
pub(crate) fn action_status(action: &AgreedAction) -> String {
    match action.status {
        ActionStatus::Open if action.overdue => "Open, OVERDUE".into(),
        ActionStatus::Open => "Open".into(),
        ActionStatus::Done => match &action.done_on {
            Some(on) => format!("Done {}", short_date(on)),
            None => "Done".into(),
        },
        ActionStatus::Cancelled => format!("Cancelled: {}", action.cancel_reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_people_write_them() {
        assert_eq!(long_date("2026-03-02"), "Monday 2 March 2026");
        assert_eq!(long_date("2026-03-02T13:00"), "Monday 2 March 2026");
        assert_eq!(short_date("2026-12-25"), "25 Dec 2026");
        assert_eq!(short_date("soon"), "soon");
        assert_eq!(clock("2026-03-02T13:05"), "13:05");
        assert_eq!(nhs_number("9434765919"), "943 476 5919");
    }
}
