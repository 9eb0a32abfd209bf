//! Dates as people type them and as the database stores them: `YYYY-MM-DD` for days and
//! `YYYY-MM-DDTHH:MM` (local time) for meeting starts.
//!
//! Two kinds of reading. Machine formats (meeting bundles, the database) take ISO only
//! ([`parse_date`], [`parse_date_time`]). What a person types into the app or the CLI is read the
//! way people in the UK write dates, day first ([`read_date`], [`read_date_time`]):
//! `15/12/2026`, `15/12/26`, `15.12.2026`, `15-12-2026`, `15 Dec 2026`, `15th December 2026`,
//! `Tuesday 15 December 2026`, `2026-12-15`, and `today`, `tomorrow` or `yesterday`. A date
//! without a year is refused rather than guessed, and so is a month-first date such as
//! `12/15/2026` (there is no fifteenth month). [`in_words`] says which day was understood, so a
//! screen can show it beside the field.

use chrono::{Datelike, Duration, Local, NaiveDate, NaiveDateTime, NaiveTime};
use serde::Serialize;
use ts_rs::TS;

use crate::text_checks::quoted;
use crate::words::capitalised;
use crate::{Error, Result};

pub const DATE_FORMAT: &str = "%Y-%m-%d";
pub const DATE_TIME_FORMAT: &str = "%Y-%m-%dT%H:%M";

/// What to type, said in every message about a date that could not be read.
const DATE_EXAMPLE: &str = "Write the day first, e.g. 15/12/2026 or 15 Dec 2026.";

/// A machine-format date (`YYYY-MM-DD`), as stored and as meeting bundles carry it.
pub fn parse_date(field: &'static str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), DATE_FORMAT).map_err(|_| {
        Error::invalid(field, format!("{} is not a date. Use the form 2026-03-31 (year-month-day).", quoted(text.trim())))
    })
}

/// A machine-format meeting start (`YYYY-MM-DDTHH:MM`).
pub fn parse_date_time(field: &'static str, text: &str) -> Result<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text.trim(), DATE_TIME_FORMAT).map_err(|_| {
        Error::invalid(
            field,
            format!("{} is not a date and time. Use the form 2026-03-31T13:30 (24-hour clock).", quoted(text.trim())),
        )
    })
}

/// An optional machine-format date field: blank means "none".
pub fn parse_optional_date(field: &'static str, text: Option<&str>) -> Result<Option<String>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => Ok(Some(parse_date(field, t)?.format(DATE_FORMAT).to_string())),
    }
}

/// A date as a person in the UK writes it (see the module's notes), relative words against `today`.
pub fn read_date_on(field: &'static str, text: &str, today: NaiveDate) -> Result<NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::invalid(field, format!("Give a date. {DATE_EXAMPLE}")));
    }
    read(text, today).map_err(|why| Error::invalid(field, format!("{} {why}", not_a_date(text))))
}

/// [`read_date_on`] against this machine's today.
pub fn read_date(field: &'static str, text: &str) -> Result<NaiveDate> {
    read_date_on(field, text, local_today())
}

/// An optional date field typed by a person: blank means "none"; otherwise stored as `YYYY-MM-DD`.
pub fn read_optional_date(field: &'static str, text: Option<&str>) -> Result<Option<String>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => Ok(Some(read_date(field, t)?.format(DATE_FORMAT).to_string())),
    }
}

/// A meeting start typed by a person: a date as [`read_date`] reads it and a 24-hour time
/// (`13:00`, `13.00`, `9:30`), separated by a space or `T`. The ISO form is read as well.
pub fn read_date_time(field: &'static str, text: &str) -> Result<NaiveDateTime> {
    let text = text.trim();
    if let Ok(iso) = NaiveDateTime::parse_from_str(text, DATE_TIME_FORMAT) {
        return Ok(iso);
    }
    let split = text.rfind(['T', ' ']).filter(|&at| at > 0);
    let Some((day, time)) = split.map(|at| (&text[..at], &text[at + 1..])) else {
        return Err(Error::invalid(field, format!("{} needs a date and a time, e.g. 15/12/2026 13:00.", quoted(text))));
    };
    let time = read_time(time).ok_or_else(|| {
        Error::invalid(field, format!("{} is not a time. Use the 24-hour clock, e.g. 13:00.", quoted(time.trim())))
    })?;
    Ok(read_date(field, day)?.and_time(time))
}

/// A time of day on the 24-hour clock: `13:00`, `13.00`, `9:30`.
pub fn read_time(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    let (h, m) = text.split_once([':', '.'])?;
    let ok = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !ok(h) || m.len() != 2 || !ok(m) {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

/// A stored day (`YYYY-MM-DD`, or the day of a `YYYY-MM-DDTHH:MM`) as people write it: 15/03/2026.
/// Anything else comes back as it was.
pub fn day_first(stored: &str) -> String {
    NaiveDate::parse_from_str(stored.get(..10).unwrap_or(stored), DATE_FORMAT)
        .map_or_else(|_| stored.to_string(), |d| d.format("%d/%m/%Y").to_string())
}

/// A day in words, as people read it: "Tuesday 15 December 2026".
pub fn in_words(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

/// What a date field understood, for the window to show beside the field as it is typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DateReading {
    /// As stored: `YYYY-MM-DD`.
    pub iso: String,
    /// "Tuesday 15 December 2026".
    pub words: String,
    /// Days from today: negative in the past, 0 today.
    pub days_from_today: i64,
}

/// Reads what a person typed into a date field (see [`read_date`]).
pub fn reading(field: &'static str, text: &str) -> Result<DateReading> {
    let today = local_today();
    let date = read_date_on(field, text, today)?;
    Ok(DateReading { iso: date.format(DATE_FORMAT).to_string(), words: in_words(date), days_from_today: (date - today).num_days() })
}

fn not_a_date(text: &str) -> String {
    format!("{} is not a date we can read.", quoted(text))
}

const MONTHS: [&str; 12] =
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// A month named in full or by its first three letters ("Sept" too).
fn month_named(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_lowercase();
    if word.len() < 3 {
        return None;
    }
    if word == "sept" {
        return Some(9);
    }
    MONTHS.iter().position(|m| *m == word || (word.len() == 3 && m.starts_with(&word))).map(|i| i as u32 + 1)
}

/// A weekday in full or short ("Tue", "Tues", "Thurs"): its number from Monday = 0.
fn weekday(word: &str) -> Option<u32> {
    let word = word.trim_end_matches([',', '.']).to_lowercase();
    let short = match word.as_str() {
        "tues" => Some(1),
        "weds" => Some(2),
        "thur" | "thurs" => Some(3),
        _ => None,
    };
    short.or_else(|| WEEKDAYS.iter().position(|d| *d == word || (word.len() == 3 && d.starts_with(&word))).map(|i| i as u32))
}

fn number(text: &str, max_len: usize) -> Option<u32> {
    (!text.is_empty() && text.len() <= max_len && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok()).flatten()
}

/// A year of four digits, or two (taken as this century: 26 is 2026).
fn year(text: &str) -> Option<i32> {
    match text.len() {
        4 => number(text, 4).map(|y| y as i32),
        2 => number(text, 2).map(|y| 2000 + y as i32),
        _ => None,
    }
}

/// A day of the month, with an ordinal ending if written: 3, 03, 3rd, 21st.
fn day(text: &str) -> Option<u32> {
    let lower = text.to_lowercase();
    let digits = ["st", "nd", "rd", "th"].iter().find_map(|s| lower.strip_suffix(s)).unwrap_or(&lower);
    number(digits, 2)
}

/// The date, or why not (a sentence that says what to change).
fn read(text: &str, today: NaiveDate) -> std::result::Result<NaiveDate, String> {
    match text.to_lowercase().as_str() {
        "today" => return Ok(today),
        "tomorrow" => return Ok(today + Duration::days(1)),
        "yesterday" => return Ok(today - Duration::days(1)),
        _ => {}
    }
    if let Ok(iso) = NaiveDate::parse_from_str(text, DATE_FORMAT) {
        return Ok(iso);
    }
    // Numbers separated by / . or -: day, month, year.
    let numeric: Vec<&str> = text.split(['/', '.', '-']).map(str::trim).collect();
    if numeric.len() > 1 && numeric.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
        return match numeric[..] {
            // Year first is only ever the ISO order.
            [y, m, d] if y.len() == 4 => match (year(y), number(m, 2), number(d, 2)) {
                (Some(y), Some(m), Some(d)) => ymd(y, m, d),
                _ => Err(DATE_EXAMPLE.into()),
            },
            [d, m, y] => {
                let (Some(d), Some(m)) = (number(d, 2), number(m, 2)) else { return Err(DATE_EXAMPLE.into()) };
                let y = year(y).ok_or("Give the year as four digits (2026) or two (26).")?;
                ymd(y, m, d)
            }
            [_, _] => Err("Add the year, e.g. 15/12/2026.".into()),
            _ => Err(DATE_EXAMPLE.into()),
        };
    }
    // Words: an optional weekday, then day month year or month day year ("15 Dec 2026", "Dec 15, 2026").
    let words: Vec<&str> = text.split([' ', ',', '-', '/']).filter(|w| !w.is_empty()).collect();
    let named_day = words.first().and_then(|w| weekday(w));
    let words = if named_day.is_some() { &words[1..] } else { &words[..] };
    let words: Vec<&str> = words.iter().copied().filter(|w| !w.eq_ignore_ascii_case("of")).collect();
    let (d, m, y) = match words[..] {
        [d, m, y] if month_named(m).is_some() => (day(d), month_named(m), y),
        [m, d, y] if month_named(m).is_some() => (day(d), month_named(m), y),
        [a, b] if month_named(a).is_some() || month_named(b).is_some() => return Err("Add the year, e.g. 15 Dec 2026.".into()),
        _ => return Err(DATE_EXAMPLE.into()),
    };
    let (Some(d), Some(m)) = (d, m) else { return Err(DATE_EXAMPLE.into()) };
    let y = year(y).ok_or("Give the year as four digits (2026) or two (26).")?;
    let date = ymd(y, m, d)?;
    match named_day {
        Some(named) if named != date.weekday().num_days_from_monday() => Err(format!(
            "{} is a {}, not a {}.",
            date.format("%-d %B %Y"),
            date.format("%A"),
            capitalised(WEEKDAYS[named as usize])
        )),
        _ => Ok(date),
    }
}

fn ymd(y: i32, m: u32, d: u32) -> std::result::Result<NaiveDate, String> {
    if !(1..=12).contains(&m) {
        return Err(format!("There is no month {m}: write the day first, e.g. 15/12/2026."));
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
        format!("{} {y} has no day {d}.", capitalised(MONTHS[m as usize - 1]))
    })
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

    fn on(text: &str) -> std::result::Result<String, String> {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        read_date_on("d", text, today).map(|d| d.format(DATE_FORMAT).to_string()).map_err(|e| e.to_string())
    }

    #[test]
    fn machine_formats_take_iso_only() {
        assert!(parse_date("d", "2026-02-28").is_ok());
        for bad in ["2026-02-30", "31/03/2026", "03/04/2026", "2026-13-01", "", "tomorrow"] {
            assert!(parse_date("d", bad).is_err(), "{bad}");
        }
        assert!(parse_date_time("t", "2026-03-31T13:30").is_ok());
        assert!(parse_date_time("t", "2026-03-31 25:00").is_err());
        assert_eq!(parse_optional_date("d", Some("  ")).unwrap(), None);
        assert_eq!(parse_optional_date("d", Some(" 2026-02-28 ")).unwrap().as_deref(), Some("2026-02-28"));
        assert!(parse_optional_date("d", Some("28/02/2026")).is_err(), "machine formats stay ISO");
    }

    #[test]
    fn reads_the_ways_people_in_the_uk_write_a_date() {
        for text in [
            "15/12/2026",
            "15/12/26",
            "15.12.2026",
            "15.12.26",
            "15-12-2026",
            "15 Dec 2026",
            "15 dec 26",
            "15 December 2026",
            "15th December 2026",
            "15th of December 2026",
            "Tuesday 15 December 2026",
            "Tue 15 Dec 2026",
            "Tues, 15 Dec 2026",
            "December 15, 2026",
            "Dec 15 2026",
            "15-Dec-2026",
            "2026-12-15",
            "2026/12/15",
            " 15/12/2026 ",
        ] {
            assert_eq!(on(text).as_deref(), Ok("2026-12-15"), "{text}");
        }
        assert_eq!(on("3/3/26").as_deref(), Ok("2026-03-03"));
        assert_eq!(on("03/04/2026").as_deref(), Ok("2026-04-03"), "day first: 3 April");
        assert_eq!(on("1 Sept 2027").as_deref(), Ok("2027-09-01"));
        assert_eq!(on("today").as_deref(), Ok("2026-12-01"));
        assert_eq!(on("Tomorrow").as_deref(), Ok("2026-12-02"));
        assert_eq!(on("yesterday").as_deref(), Ok("2026-11-30"));
        assert_eq!(on("31/12/2026").as_deref(), Ok("2026-12-31"));
        assert_eq!(on("29/02/2028").as_deref(), Ok("2028-02-29"));
    }

    #[test]
    fn refuses_what_it_cannot_read_and_says_what_to_change() {
        let cases = [
            ("12/15/2026", "There is no month 15: write the day first"),
            ("31/02/2026", "February 2026 has no day 31."),
            ("29/02/2026", "February 2026 has no day 29."),
            ("15/12", "Add the year, e.g. 15/12/2026."),
            ("15 Dec", "Add the year, e.g. 15 Dec 2026."),
            ("15/12/202", "Give the year as four digits (2026) or two (26)."),
            ("15 Dex 2026", "Write the day first, e.g. 15/12/2026 or 15 Dec 2026."),
            ("next week", "Write the day first"),
            ("15/12/2026/1", "Write the day first"),
            ("1/13/2026", "There is no month 13"),
            ("0/12/2026", "December 2026 has no day 0."),
            ("2026-02-30", "February 2026 has no day 30."),
            ("Monday 15 December 2026", "15 December 2026 is a Tuesday, not a Monday."),
        ];
        for (text, why) in cases {
            let message = on(text).expect_err(text);
            assert!(message.starts_with(&format!("'{text}' is not a date we can read.")), "{text}: {message}");
            assert!(message.contains(why), "{text}: {message}");
        }
        assert_eq!(on("  ").unwrap_err(), "Give a date. Write the day first, e.g. 15/12/2026 or 15 Dec 2026.");
    }

    #[test]
    fn optional_dates_store_iso_and_blank_is_none() {
        assert_eq!(read_optional_date("d", Some(" ")).unwrap(), None);
        assert_eq!(read_optional_date("d", None).unwrap(), None);
        let year = local_today().year();
        assert_eq!(read_optional_date("d", Some(&format!("2/1/{year}"))).unwrap(), Some(format!("{year}-01-02")));
        let e = read_optional_date("nextReviewDate", Some("32/1/2026")).unwrap_err();
        assert!(matches!(e, Error::Invalid { field: "nextReviewDate", .. }));
    }

    #[test]
    fn meeting_starts_read_a_uk_date_and_a_24_hour_time() {
        for text in ["15/12/2026 13:00", "15/12/2026 13.00", "15 Dec 2026 13:00", "2026-12-15T13:00", "2026-12-15 13:00", "15/12/26T13:00"] {
            let at = read_date_time("startsAt", text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(at.format(DATE_TIME_FORMAT).to_string(), "2026-12-15T13:00", "{text}");
        }
        assert_eq!(read_date_time("s", "15/12/2026 9:05").unwrap().format(DATE_TIME_FORMAT).to_string(), "2026-12-15T09:05");
        for (text, why) in [
            ("15/12/2026", "needs a date and a time"),
            ("15/12/2026 25:00", "is not a time"),
            ("15/12/2026 1pm", "is not a time"),
            ("31/02/2026 13:00", "February 2026 has no day 31"),
            ("T13:00", "needs a date and a time"),
        ] {
            let message = read_date_time("s", text).unwrap_err().to_string();
            assert!(message.contains(why), "{text}: {message}");
        }
        assert_eq!(read_time("7:5"), None);
        assert_eq!(read_time("07:05"), NaiveTime::from_hms_opt(7, 5, 0));
    }

    #[test]
    fn says_the_day_in_words() {
        assert_eq!(in_words(NaiveDate::from_ymd_opt(2026, 12, 15).unwrap()), "Tuesday 15 December 2026");
        assert_eq!(in_words(NaiveDate::from_ymd_opt(2027, 1, 3).unwrap()), "Sunday 3 January 2027");
    }
}
