//! How the team is doing, over a period: the figures behind the dashboard screen and the quarterly
//! MDT report. Everything here is counted by the core from the records; the screen and the PDF only
//! draw it. Each figure has its typed form (tested against hand-counted fixtures) and the charts
//! ([`Chart`]) are made from those, with their words, so the screen, the PDF and a screen reader
//! all say the same.
//!
//! **The period.** Whole days, both ends included. The quarterly report uses the NHS financial
//! year's quarters: Q1 is April to June, Q4 January to March ("Q3 2026/27").
//!
//! **No hidden clock.** `today` is passed in: what is open or overdue "now" is as of that day.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Result;
use crate::charts::Chart;
use crate::supervision::SupervisionStatus;

/// The days a dashboard covers, both ends included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Period {
    /// `YYYY-MM-DD`.
    pub from: String,
    /// `YYYY-MM-DD`.
    pub to: String,
    /// In words: "Q3 2026/27 (1 October to 31 December 2026)", or for other periods
    /// "1 September to 30 November 2026".
    pub label: String,
}

fn span_words(from: NaiveDate, to: NaiveDate) -> String {
    use chrono::Datelike;
    if from.year() == to.year() {
        format!("{} to {}", from.format("%-d %B"), to.format("%-d %B %Y"))
    } else {
        format!("{} to {}", from.format("%-d %B %Y"), to.format("%-d %B %Y"))
    }
}

impl Period {
    /// The NHS financial-year quarter holding `day`: Q1 April to June ... Q4 January to March.
    pub fn quarter_containing(day: NaiveDate) -> Period {
        use chrono::Datelike;
        let (year, month) = (day.year(), day.month());
        // The financial year starts in April; January to March belong to the year before's.
        let fy = if month >= 4 { year } else { year - 1 };
        let q = if month >= 4 { (month - 4) / 3 + 1 } else { 4 };
        Period::quarter(fy, q).expect("a quarter from a real day")
    }

    /// Quarter `q` (1 to 4) of the financial year starting in April of `fy_start`.
    pub fn quarter(fy_start: i32, q: u32) -> Result<Period> {
        if !(1..=4).contains(&q) {
            return Err(crate::Error::invalid("quarter", format!("There is no quarter {q}: choose 1 to 4.")));
        }
        let (year, month) = if q == 4 { (fy_start + 1, 1) } else { (fy_start, 3 * q + 1) };
        let from = NaiveDate::from_ymd_opt(year, month, 1)
            .ok_or_else(|| crate::Error::invalid("quarter", format!("The year {fy_start} is out of range.")))?;
        let to = from.checked_add_months(chrono::Months::new(3)).and_then(|d| d.pred_opt()).expect("three months on");
        Ok(Period {
            from: from.format(crate::dates::DATE_FORMAT).to_string(),
            to: to.format(crate::dates::DATE_FORMAT).to_string(),
            label: format!("Q{q} {}/{:02} ({})", fy_start, (fy_start + 1).rem_euclid(100), span_words(from, to)),
        })
    }

    /// The days from `from` to `to` as typed (15/12/2026, "today", ...), both included.
    pub fn between(from: &str, to: &str, today: NaiveDate) -> Result<Period> {
        let f = crate::dates::read_date_on("from", from, today)?;
        let t = crate::dates::read_date_on("to", to, today)?;
        if t < f {
            return Err(crate::Error::invalid("to", "The end of the period is before its start."));
        }
        Ok(Period {
            from: f.format(crate::dates::DATE_FORMAT).to_string(),
            to: t.format(crate::dates::DATE_FORMAT).to_string(),
            label: span_words(f, t),
        })
    }
}

/// One meeting held (or planned) in the period, in date order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingFigures {
    pub meeting_id: i64,
    pub title: String,
    /// `YYYY-MM-DDTHH:MM`.
    pub starts_at: String,
    pub finalised: bool,
    /// Cases on its agenda.
    pub cases_listed: i64,
    /// Cases minuted as discussed.
    pub cases_discussed: i64,
    /// Time planned for the cases, in minutes (the agenda's allowances).
    pub minutes_planned: i64,
    /// Time the timer ran on the cases, in whole minutes.
    pub minutes_used: i64,
}

/// Agreed actions month by month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// "Oct 2026".
    pub label: String,
    /// Agreed at a meeting in the month.
    pub agreed: i64,
    /// Marked done in the month.
    pub completed: i64,
    /// Open at the month's end (or on `today`, for the month containing it).
    pub open_at_end: i64,
    /// Of those open, past their due day then.
    pub overdue_at_end: i64,
}

/// Cases discussed in the period whose agreed lead is in one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RoleLeads {
    /// The role's code (`ot`, `splw`, ...), or empty for "No lead agreed".
    pub role_code: String,
    pub role_name: String,
    pub cases_led: i64,
}

/// One member's open work on `today`, so capacity shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemberLoad {
    pub member_id: i64,
    pub name: String,
    pub role_name: String,
    pub open_actions: i64,
    pub overdue_actions: i64,
    /// People whose latest discussion named this member lead.
    pub cases_leading: i64,
}

/// Reviews on `today`, in every series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewFigures {
    /// Due in the next 28 days and not overdue.
    pub due_soon: i64,
    pub overdue: i64,
}

/// Supervision on `today`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SupervisionFigures {
    pub up_to_date: i64,
    pub overdue: i64,
    pub members: Vec<SupervisionStatus>,
}

/// One question of an outcome measure: people with a first and a latest answer (the latest taken
/// in the period), and which way they moved, by the question's own direction.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeFigures {
    pub measure_key: String,
    pub measure_name: String,
    pub item_key: String,
    pub item_short: String,
    pub people: i64,
    pub better: i64,
    pub same: i64,
    pub worse: i64,
    /// Mean of latest minus first, one decimal place; `None` with no people.
    pub mean_change: Option<f64>,
}

/// Everything the dashboard and the quarterly report show.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    pub period: Period,
    /// `YYYY-MM-DD`.
    pub today: String,
    pub meetings: Vec<MeetingFigures>,
    pub actions: Vec<ActionMonth>,
    pub leads_by_role: Vec<RoleLeads>,
    pub member_load: Vec<MemberLoad>,
    pub reviews: ReviewFigures,
    pub supervision: SupervisionFigures,
    pub outcomes: Vec<OutcomeFigures>,
    /// The charts, made from the figures above, in the order the screen shows them.
    pub charts: Vec<Chart>,
}

/// The dashboard for `period` as of `today`.
pub fn compute(conn: &Connection, period: &Period, today: NaiveDate) -> Result<Dashboard> {
    let _ = (conn, period, today);
    unimplemented!("helper A builds this")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn quarters_follow_the_nhs_financial_year() {
        let q3 = Period::quarter_containing(day(2026, 12, 2));
        assert_eq!((q3.from.as_str(), q3.to.as_str()), ("2026-10-01", "2026-12-31"));
        assert_eq!(q3.label, "Q3 2026/27 (1 October to 31 December 2026)");
        let q4 = Period::quarter_containing(day(2027, 3, 31));
        assert_eq!((q4.from.as_str(), q4.to.as_str()), ("2027-01-01", "2027-03-31"));
        assert_eq!(q4.label, "Q4 2026/27 (1 January to 31 March 2027)");
        let q1 = Period::quarter_containing(day(2027, 4, 1));
        assert_eq!(q1.label, "Q1 2027/28 (1 April to 30 June 2027)");
        assert_eq!(Period::quarter(2099, 4).unwrap().label, "Q4 2099/00 (1 January to 31 March 2100)");
        assert!(Period::quarter(2026, 5).is_err());
        assert!(Period::quarter(2026, 0).is_err());
    }

    #[test]
    fn a_period_between_two_typed_days() {
        let p = Period::between("01/09/2026", "30/11/2026", day(2026, 12, 2)).unwrap();
        assert_eq!((p.from.as_str(), p.to.as_str(), p.label.as_str()), ("2026-09-01", "2026-11-30", "1 September to 30 November 2026"));
        let across = Period::between("15/12/2026", "today", day(2027, 1, 2)).unwrap();
        assert_eq!(across.label, "15 December 2026 to 2 January 2027");
        let one_day = Period::between("02/12/2026", "02/12/2026", day(2026, 12, 2)).unwrap();
        assert_eq!(one_day.from, one_day.to);
        let backwards = Period::between("30/11/2026", "01/09/2026", day(2026, 12, 2)).unwrap_err();
        assert!(matches!(backwards, crate::Error::Invalid { field: "to", .. }));
        assert!(Period::between("31/02/2026", "01/03/2026", day(2026, 12, 2)).is_err());
    }
}
