//! How reports print ISO dates, NHS numbers and an action's status. The words for codes are
//! [`crate::labels`], the same the window shows, so a printout reads like the screen it came from.

use chrono::NaiveDate;

use crate::actions::{ActionStatus, AgreedAction};
use crate::labels;

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

/// An action's status as a reader needs it: open (and overdue, in words), or when it closed.
pub(crate) fn action_status(action: &AgreedAction) -> String {
    let label = labels::action_status(action.status);
    match action.status {
        ActionStatus::Open if action.overdue => format!("{label}, OVERDUE"),
        ActionStatus::Done => match &action.done_on {
            Some(on) => format!("{label} {}", short_date(on)),
            None => label.into(),
        },
        ActionStatus::Cancelled => format!("{label}: {}", action.cancel_reason),
        ActionStatus::Open => label.into(),
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
