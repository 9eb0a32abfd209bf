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
use serde::Serialize;
use ts_rs::TS;

use crate::Result;
use crate::charts::Chart;
use crate::supervision::SupervisionStatus;

/// The days a dashboard covers, both ends included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
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
