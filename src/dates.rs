//! Dates as people type them and as the database stores them: `YYYY-MM-DD` for days and
//! `YYYY-MM-DDTHH:MM` (local time) for meeting starts.

use chrono::{Local, NaiveDate, NaiveDateTime};

use crate::text_checks::quoted;
use crate::{Error, Result};

pub const DATE_FORMAT: &str = "%Y-%m-%d";
pub const DATE_TIME_FORMAT: &str = "%Y-%m-%dT%H:%M";

pub fn parse_date(field: &'static str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), DATE_FORMAT).map_err(|_| {
        Error::invalid(field, format!("{} is not a date. Use the form 2026-03-31 (year-month-day).", quoted(text.trim())))
    })
}

pub fn parse_date_time(field: &'static str, text: &str) -> Result<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text.trim(), DATE_TIME_FORMAT).map_err(|_| {
        Error::invalid(
            field,
            format!("{} is not a date and time. Use the form 2026-03-31T13:30 (24-hour clock).", quoted(text.trim())),
        )
    })
}

/// An optional date field: blank means "none".
pub fn parse_optional_date(field: &'static str, text: Option<&str>) -> Result<Option<String>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => Ok(Some(parse_date(field, t)?.format(DATE_FORMAT).to_string())),
    }
}

/// Today's date on this machine.
pub fn local_today() -> NaiveDate {
    Local::now().date_naive()
}

/// Today's date on this machine, as stored.
pub fn today() -> String {
    local_today().format(DATE_FORMAT).to_string()
}

/// Now, as a local meeting time.
pub fn now_local() -> String {
    Local::now().naive_local().format(DATE_TIME_FORMAT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_iso_and_refuses_impossible_or_ambiguous_dates() {
        assert!(parse_date("d", "2026-02-28").is_ok());
        for bad in ["2026-02-30", "31/03/2026", "03/04/2026", "2026-13-01", "", "tomorrow"] {
            assert!(parse_date("d", bad).is_err(), "{bad}");
        }
        assert!(parse_date_time("t", "2026-03-31T13:30").is_ok());
        assert!(parse_date_time("t", "2026-03-31 25:00").is_err());
        assert_eq!(parse_optional_date("d", Some("  ")).unwrap(), None);
    }
}
