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
//!
//! # What each figure counts
//!
//! - **A meeting in the period**: its start's day is in the period (both ends included), and it is
//!   not cancelled (a cancellation is a row in `meeting_cancellations`; its cases were not seen).
//!   Planned meetings still to come are listed, with nothing discussed or used yet.
//! - **Cases listed**: its agenda's case items. **Cases discussed**: those minuted as discussed;
//!   for a meeting in progress, also those its draft minutes show as discussed (still pending,
//!   with something recorded: [`meetings::recorded_but_pending`], the rule finalising applies).
//! - **Time planned**: the minutes allowed for its case items. **Time used**: the seconds on the
//!   chair's timer for its case items, added up and rounded to the nearest minute.
//! - **Actions by month**: every calendar month touching the period that has begun by `today`
//!   (whole months). An action is *agreed* on the day of the meeting that agreed it, *completed*
//!   on the day it was marked done, and *open at the end* of a month (its last day, or `today` in
//!   the month containing it) when it was agreed on or before that day and not done by then;
//!   *overdue* then when also its due day is before that day (as the Actions screen counts it).
//!   A cancelled action counts as agreed, never as open: the day it was cancelled is not kept.
//! - **Cases led by role**: each case discussed in the period (as above) counts once for each
//!   role among the leads agreed at that discussion, a named member's role or the role named;
//!   with no lead agreed it counts under [`NO_LEAD`]. A joint case counts under each of its roles,
//!   so the roles can add up to more than the cases discussed. Roles in the roster's order of
//!   roles; only those leading a case are listed.
//! - **Member load** on `today`: every member on the roster (by name), even with nothing: actions
//!   open on `today` they own, of those the overdue, and the people whose latest discussion on or
//!   before `today` (minuted, or shown in the draft minutes of a meeting in progress) names them
//!   lead.
//! - **Reviews** on `today`: every series' due-for-review list ([`reviews::due_for_review`]):
//!   overdue, and due within [`DUE_SOON_DAYS`] days and not overdue. A person due in two series
//!   counts in each.
//! - **Supervision** on `today`: [`supervision::status`] (every SPLW in the team, and member of a role the team chose to check); up to date is
//!   not overdue.
//! - **Outcomes**, per question of each measure in use (and of any other with someone counted):
//!   the people whose latest answer to the question, of those given up to the period's last day,
//!   was given in the period, and who answered it at an earlier sitting; better, the same or worse
//!   from their first answer to that latest one by the question's direction, and the mean change
//!   (latest minus first).

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{Datelike, Months, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::charts::{Chart, ChartKind, ChartSeries};
use crate::outcomes::{self, Direction};
use crate::supervision::{self, SupervisionStatus};
use crate::words::{and_list, capitalised, count, in_sentence};
use crate::{Error, Result, dates, meetings, members, reviews};

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
    /// The day they left the team (`YYYY-MM-DD`), for a member who has left but still has open
    /// work in their name (someone who left with none is not listed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub left_on: Option<String>,
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
    /// The roles checked: SPLWs (the guidance's) first, then any the team chose.
    pub roles: Vec<supervision::SupervisedRole>,
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

/// The dashboard for `period` as of `today`: every figure as the module's notes define it, read
/// in one snapshot of the database, and the six charts made from them.
pub fn compute(conn: &Connection, period: &Period, today: NaiveDate) -> Result<Dashboard> {
    let from = dates::parse_date("from", &period.from)?;
    let to = dates::parse_date("to", &period.to)?;
    if to < from {
        return Err(Error::invalid("to", "The end of the period is before its start."));
    }
    crate::storage::read_snapshot(conn, || {
        let drafted = drafted_as_discussed(conn)?;
        let roles = role_names(conn)?;
        let (meetings, discussed) = meeting_figures(conn, from, to, &drafted)?;
        let leads_by_role = leads_by_role(conn, from, to, &discussed, &roles)?;
        let months = months_of(from, to, today);
        let since = months.first().map_or(today, |m| m.0).min(today);
        let actions = action_rows(conn, since)?;
        let action_months = action_months(conn, &months, &actions, today)?;
        let member_load = member_load(conn, today, &actions, &drafted)?;
        let reviews = review_figures(conn, today)?;
        let members = supervision::status(conn, today)?;
        let overdue = members.iter().filter(|s| s.overdue).count() as i64;
        let roles = supervision::supervised_roles(conn)?;
        let supervision = SupervisionFigures { up_to_date: members.len() as i64 - overdue, overdue, members, roles };
        let outcomes = outcome_figures(conn, from, to)?;
        let mut dashboard = Dashboard {
            period: period.clone(),
            today: today.format(dates::DATE_FORMAT).to_string(),
            meetings,
            actions: action_months,
            leads_by_role,
            member_load,
            reviews,
            supervision,
            outcomes,
            charts: Vec::new(),
        };
        dashboard.charts = charts(&dashboard, today);
        Ok(dashboard)
    })
}

fn ymd(day: NaiveDate) -> String {
    day.format(dates::DATE_FORMAT).to_string()
}

/// 15/10/2026.
fn day_first(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

/// The day of a stored `YYYY-MM-DD...` text.
fn day_of(stored: &str) -> NaiveDate {
    // Read by hand: thousands of actions are read for each dashboard, and chrono's parser is slow.
    let number = |range: std::ops::Range<usize>| stored.get(range).and_then(|t| t.parse::<u32>().ok());
    match (number(0..4), number(5..7), number(8..10)) {
        (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d).unwrap_or(NaiveDate::MIN),
        _ => NaiveDate::MIN,
    }
}

/// Case items of meetings in progress that the draft minutes show as discussed: still pending,
/// with something recorded against them (see [`meetings::recorded_but_pending`]).
fn drafted_as_discussed(conn: &Connection) -> Result<HashSet<i64>> {
    let running: Vec<i64> = conn
        .prepare_cached(
            "SELECT m.id FROM meetings m WHERE m.status = 'in_progress'
               AND NOT EXISTS (SELECT 1 FROM meeting_cancellations x WHERE x.meeting_id = m.id)",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut items = HashSet::new();
    for id in running {
        items.extend(meetings::recorded_but_pending(conn, id)?.into_iter().map(|(item, _)| item));
    }
    Ok(items)
}

/// Role key → name, in the roster's order of roles.
fn role_names(conn: &Connection) -> Result<Vec<(String, String)>> {
    Ok(crate::roles::list(conn)?.into_iter().map(|r| (r.key, r.name)).collect())
}

/// Meetings in the period that are not cancelled: their `WHERE`, with `?1` the first day and
/// `?2` the day after the last.
const IN_PERIOD: &str = "m.starts_at >= ?1 AND m.starts_at < ?2
    AND NOT EXISTS (SELECT 1 FROM meeting_cancellations x WHERE x.meeting_id = m.id)";

fn period_args(from: NaiveDate, to: NaiveDate) -> [String; 2] {
    [ymd(from), ymd(to.succ_opt().unwrap_or(to))]
}

/// Whether a case item counts as discussed: minuted so, or shown so by a meeting's draft minutes.
fn is_discussed(outcome: &str, item_id: i64, drafted: &HashSet<i64>) -> bool {
    outcome == "discussed" || drafted.contains(&item_id)
}

/// Each meeting of the period with its counts, and the case items discussed at them.
fn meeting_figures(conn: &Connection, from: NaiveDate, to: NaiveDate, drafted: &HashSet<i64>) -> Result<(Vec<MeetingFigures>, Vec<i64>)> {
    let args = period_args(from, to);
    let mut meetings: Vec<MeetingFigures> = conn
        .prepare_cached(&format!("SELECT m.id, m.title, m.starts_at, m.status = 'finalised' FROM meetings m WHERE {IN_PERIOD} ORDER BY m.starts_at, m.id"))?
        .query_map(rusqlite::params![args[0], args[1]], |r| {
            Ok(MeetingFigures {
                meeting_id: r.get(0)?,
                title: r.get(1)?,
                starts_at: r.get(2)?,
                finalised: r.get(3)?,
                cases_listed: 0,
                cases_discussed: 0,
                minutes_planned: 0,
                minutes_used: 0,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let at: HashMap<i64, usize> = meetings.iter().enumerate().map(|(i, m)| (m.meeting_id, i)).collect();
    let mut seconds = vec![0_i64; meetings.len()];
    let mut discussed = Vec::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.meeting_id, a.id, a.outcome, a.minutes_allowed, a.seconds_used FROM agenda_items a
         WHERE a.kind = 'case' AND a.meeting_id IN (SELECT m.id FROM meetings m WHERE {IN_PERIOD})"
    ))?;
    let mut rows = stmt.query(rusqlite::params![args[0], args[1]])?;
    while let Some(r) = rows.next()? {
        let (meeting_id, item_id, outcome, allowed, used): (i64, i64, String, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        let Some(&i) = at.get(&meeting_id) else { continue };
        let m = &mut meetings[i];
        m.cases_listed += 1;
        m.minutes_planned += allowed;
        seconds[i] += used;
        if is_discussed(&outcome, item_id, drafted) {
            m.cases_discussed += 1;
            discussed.push(item_id);
        }
    }
    for (m, s) in meetings.iter_mut().zip(seconds) {
        // Whole minutes, to the nearest: 90 seconds is 2 minutes, 89 is 1.
        m.minutes_used = (s + 30) / 60;
    }
    Ok((meetings, discussed))
}

/// Cases discussed in the period by the role of each lead agreed at the discussion.
fn leads_by_role(conn: &Connection, from: NaiveDate, to: NaiveDate, discussed: &[i64], roles: &[(String, String)]) -> Result<Vec<RoleLeads>> {
    let args = period_args(from, to);
    let mut roles_of: HashMap<i64, BTreeSet<String>> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        // The period's few meetings first, then their items and leads by their indexes.
        "SELECT l.agenda_item_id, coalesce(t.role_key, l.role_key)
         FROM meetings m CROSS JOIN agenda_items a ON a.meeting_id = m.id CROSS JOIN discussion_leads l ON l.agenda_item_id = a.id
         LEFT JOIN team_members t ON t.id = l.member_id
         WHERE a.kind = 'case' AND {IN_PERIOD}"
    ))?;
    let mut rows = stmt.query(rusqlite::params![args[0], args[1]])?;
    while let Some(r) = rows.next()? {
        let (item, role): (i64, Option<String>) = (r.get(0)?, r.get(1)?);
        if let Some(role) = role {
            roles_of.entry(item).or_default().insert(role);
        }
    }
    let mut counts: HashMap<&str, i64> = HashMap::new();
    let mut none = 0;
    for item in discussed {
        match roles_of.get(item) {
            Some(led) if !led.is_empty() => led.iter().for_each(|role| *counts.entry(role.as_str()).or_default() += 1),
            _ => none += 1,
        }
    }
    let mut out: Vec<RoleLeads> = roles
        .iter()
        .filter_map(|(key, name)| {
            counts.get(key.as_str()).map(|&n| RoleLeads { role_code: key.clone(), role_name: name.clone(), cases_led: n })
        })
        .collect();
    if none > 0 {
        out.push(RoleLeads { role_code: String::new(), role_name: NO_LEAD.to_string(), cases_led: none });
    }
    Ok(out)
}

/// What the chart and the table call discussions with no lead agreed.
pub const NO_LEAD: &str = "No lead agreed";

/// The months the action figures cover: each month touching the period that has begun by
/// `today`, as (first day, the day its figures are as of: its last day, or `today` in the
/// month containing it).
fn months_of(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut first = from.with_day(1).expect("the first of a month");
    while first <= to && first <= today {
        let next = first.checked_add_months(Months::new(1)).expect("a month on");
        let last = next.pred_opt().expect("the day before");
        out.push((first, last.min(today)));
        first = next;
    }
    out
}

/// An agreed action as the counts need it.
struct ActionRow {
    owner_id: i64,
    /// The day of the meeting that agreed it.
    agreed_on: NaiveDate,
    due: Option<NaiveDate>,
    /// Marked done on (a done action's day), or `None` while open.
    done_on: Option<NaiveDate>,
}

impl ActionRow {
    /// Agreed by the end of `day` and not yet done then.
    fn open_on(&self, day: NaiveDate) -> bool {
        self.agreed_on <= day && self.done_on.is_none_or(|d| d > day)
    }

    /// Open on `day` and past its due day then (due before it).
    fn overdue_on(&self, day: NaiveDate) -> bool {
        self.open_on(day) && self.due.is_some_and(|d| d < day)
    }
}

/// The actions that can be open on a day from `since` on: every open one, and every one marked
/// done on or after `since`. Cancelled actions are never counted open (the day they were
/// cancelled is not kept).
fn action_rows(conn: &Connection, since: NaiveDate) -> Result<Vec<ActionRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT x.owner_id, m.starts_at, x.due_date, x.done_on FROM agreed_actions x JOIN meetings m ON m.id = x.meeting_id
         WHERE x.status = 'open' OR (x.status = 'done' AND x.done_on >= ?1)",
    )?;
    let rows = stmt.query_map([ymd(since)], |r| {
        let (owner_id, starts_at, due, done): (i64, String, Option<String>, Option<String>) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        Ok(ActionRow { owner_id, agreed_on: day_of(&starts_at), due: due.as_deref().map(day_of), done_on: done.as_deref().map(day_of) })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn action_months(conn: &Connection, months: &[(NaiveDate, NaiveDate)], actions: &[ActionRow], today: NaiveDate) -> Result<Vec<ActionMonth>> {
    let (Some(first), Some(last)) = (months.first(), months.last()) else { return Ok(Vec::new()) };
    let end = last.0.checked_add_months(Months::new(1)).expect("a month on");
    // Agreed: every action of a meeting in the month, whatever became of it.
    let agreed: HashMap<String, i64> = conn
        .prepare_cached(
            "SELECT substr(m.starts_at, 1, 7), count(*) FROM meetings m CROSS JOIN agreed_actions x ON x.meeting_id = m.id
             WHERE m.starts_at >= ?1 AND m.starts_at < ?2 GROUP BY 1",
        )?
        .query_map([ymd(first.0), ymd(end)], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(months
        .iter()
        .map(|&(start, as_of)| {
            let month_end = start.checked_add_months(Months::new(1)).expect("a month on").pred_opt().expect("a day before");
            let month = start.format("%Y-%m").to_string();
            ActionMonth {
                agreed: agreed.get(&month).copied().unwrap_or(0),
                completed: actions.iter().filter(|a| a.done_on.is_some_and(|d| d >= start && d <= month_end.min(today))).count() as i64,
                open_at_end: actions.iter().filter(|a| a.open_on(as_of)).count() as i64,
                overdue_at_end: actions.iter().filter(|a| a.overdue_on(as_of)).count() as i64,
                label: start.format("%b %Y").to_string(),
                month,
            }
        })
        .collect())
}

/// Every member in the team on `today` with their open work then, and anyone who has left with work
/// still in their name (so it is not lost from sight); not those who left with none.
fn member_load(conn: &Connection, today: NaiveDate, actions: &[ActionRow], drafted: &HashSet<i64>) -> Result<Vec<MemberLoad>> {
    let leading = cases_leading(conn, today, drafted)?;
    let mut open: HashMap<i64, (i64, i64)> = HashMap::new();
    for a in actions.iter().filter(|a| a.open_on(today)) {
        let slot = open.entry(a.owner_id).or_default();
        slot.0 += 1;
        slot.1 += i64::from(a.overdue_on(today));
    }
    Ok(members::list(conn)?
        .into_iter()
        .filter_map(|m| {
            let (open_actions, overdue_actions) = open.get(&m.id).copied().unwrap_or_default();
            let cases_leading = leading.get(&m.id).copied().unwrap_or(0);
            let in_team = m.in_team_on(today);
            (in_team || open_actions > 0 || cases_leading > 0).then(|| MemberLoad {
                member_id: m.id,
                cases_leading,
                name: m.name,
                role_name: m.role_name,
                open_actions,
                overdue_actions,
                left_on: if in_team { None } else { m.left_on },
            })
        })
        .collect())
}

/// Member → how many people's latest discussion (on or before `today`) names them lead.
fn cases_leading(conn: &Connection, today: NaiveDate, drafted: &HashSet<i64>) -> Result<HashMap<i64, i64>> {
    let before = ymd(today.succ_opt().unwrap_or(today));
    // The meetings up to today, by id: a few hundred in ten years.
    let starts: HashMap<i64, String> = conn
        .prepare_cached("SELECT id, starts_at FROM meetings WHERE starts_at < ?1")?
        .query_map([&before], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    // Each person's latest discussion: the latest meeting, ties to the later item. The minuted
    // ones are read as bare numbers from their covering index; then the draft minutes' ones.
    let mut latest: HashMap<i64, (&str, i64)> = HashMap::new();
    let mut consider = |meeting_id: i64, case_id: i64, item_id: i64| {
        if let Some(start) = starts.get(&meeting_id) {
            let slot = latest.entry(case_id).or_insert((start.as_str(), item_id));
            if (start.as_str(), item_id) > *slot {
                *slot = (start.as_str(), item_id);
            }
        }
    };
    {
        let mut stmt = conn.prepare_cached(
            "SELECT a.meeting_id, a.case_id, a.id FROM agenda_items a INDEXED BY agenda_items_discussed
             WHERE a.kind = 'case' AND a.outcome = 'discussed'",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            consider(r.get(0)?, r.get(1)?, r.get(2)?);
        }
    }
    if !drafted.is_empty() {
        let mut stmt = conn.prepare_cached("SELECT meeting_id, case_id FROM agenda_items WHERE id = ?1 AND case_id IS NOT NULL")?;
        for &item in drafted {
            if let Some((meeting_id, case_id)) = stmt.query_row([item], |r| Ok((r.get(0)?, r.get(1)?))).optional()? {
                consider(meeting_id, case_id, item);
            }
        }
    }
    let items: HashSet<i64> = latest.values().map(|&(_, item)| item).collect();
    // Each member once per discussion, however many aspects they lead.
    let mut named: HashSet<(i64, i64)> = HashSet::new();
    let mut stmt = conn.prepare_cached("SELECT agenda_item_id, member_id FROM discussion_leads WHERE member_id IS NOT NULL")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let item: i64 = r.get(0)?;
        if items.contains(&item) {
            named.insert((item, r.get(1)?));
        }
    }
    let mut counts = HashMap::new();
    for (_, member) in named {
        *counts.entry(member).or_default() += 1;
    }
    Ok(counts)
}

/// Reviews due soon and overdue on `today`, over every series' due-for-review list.
fn review_figures(conn: &Connection, today: NaiveDate) -> Result<ReviewFigures> {
    let series: Vec<i64> =
        conn.prepare_cached("SELECT id FROM meeting_series ORDER BY id")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let soon = ymd(today + chrono::Days::new(DUE_SOON_DAYS));
    let mut figures = ReviewFigures { due_soon: 0, overdue: 0 };
    for id in series {
        for due in reviews::due_for_review(conn, id, today)? {
            if due.overdue {
                figures.overdue += 1;
            } else if due.due_on <= soon {
                figures.due_soon += 1;
            }
        }
    }
    Ok(figures)
}

/// How far ahead "due soon" looks, in days (the team's default, not the guidance's).
pub const DUE_SOON_DAYS: u64 = 28;

/// One person's answers to one question, up to the period's end, oldest first.
struct Answered {
    first: i64,
    latest: i64,
    /// The latest was given in the period.
    latest_in_period: bool,
    /// How many sittings answered it.
    times: u32,
}

/// One question's people and which way they moved; `total` is the sum of the changes.
#[derive(Debug, Clone, Copy, Default)]
struct Moved {
    people: i64,
    better: i64,
    same: i64,
    worse: i64,
    total: i64,
}

/// Each question of each measure in use (and of any other with someone to count): the people
/// whose latest answer up to the period's end was given in the period, with an earlier answer.
fn outcome_figures(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<OutcomeFigures>> {
    let measures = outcomes::measures(conn)?;
    // Every question by measure and key, so rows are matched without copying their text.
    let mut question: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
    let mut ways: Vec<Direction> = Vec::new();
    for m in &measures {
        for q in &m.items {
            question.entry(m.key.as_str()).or_default().insert(q.key.as_str(), ways.len());
            ways.push(q.direction);
        }
    }
    let start = ymd(from);
    // (person, question) → their answers, oldest first.
    let mut answered: HashMap<(i64, usize), Answered> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT s.case_id, s.measure_key, v.item_key, s.taken_on >= ?2, v.value
             FROM outcome_scores s JOIN outcome_score_values v ON v.score_id = s.id
             WHERE s.taken_on <= ?1 AND v.value IS NOT NULL
             ORDER BY s.case_id, s.measure_key, s.taken_on, s.id",
        )?;
        let mut rows = stmt.query([ymd(to), start])?;
        while let Some(r) = rows.next()? {
            let (measure, item) = (r.get_ref(1)?.as_str().unwrap_or_default(), r.get_ref(2)?.as_str().unwrap_or_default());
            let found = question.get(measure).and_then(|items| items.get(item));
            let Some(&q) = found else { continue };
            let (case_id, in_period, value): (i64, bool, i64) = (r.get(0)?, r.get(3)?, r.get(4)?);
            answered
                .entry((case_id, q))
                .and_modify(|e| {
                    e.latest = value;
                    e.latest_in_period = in_period;
                    e.times += 1;
                })
                .or_insert(Answered { first: value, latest: value, latest_in_period: in_period, times: 1 });
        }
    }
    let mut moved: Vec<Moved> = vec![Moved::default(); ways.len()];
    for (&(_, q), a) in &answered {
        if a.times < 2 || !a.latest_in_period {
            continue;
        }
        let change = a.latest - a.first;
        let f = &mut moved[q];
        f.people += 1;
        f.total += change;
        match (change.signum(), ways[q]) {
            (0, _) => f.same += 1,
            (1, Direction::HigherIsBetter) | (-1, Direction::LowerIsBetter) => f.better += 1,
            _ => f.worse += 1,
        }
    }
    let moved_of = |m: &str, q: &str| question.get(m).and_then(|items| items.get(q)).map(|&i| moved[i]).unwrap_or_default();
    let mut out = Vec::new();
    for m in &measures {
        let counted = m.items.iter().any(|q| moved_of(&m.key, &q.key).people > 0);
        if !m.in_use && !counted {
            continue;
        }
        for q in &m.items {
            let Moved { people, better, same, worse, total } = moved_of(&m.key, &q.key);
            out.push(OutcomeFigures {
                measure_key: m.key.clone(),
                measure_name: m.name.clone(),
                item_key: q.key.clone(),
                item_short: q.short.clone(),
                people,
                better,
                same,
                worse,
                mean_change: (people > 0).then(|| (total as f64 / people as f64 * 10.0).round() / 10.0),
            });
        }
    }
    Ok(out)
}

/// The six charts, in the order the screen shows them.
fn charts(d: &Dashboard, today: NaiveDate) -> Vec<Chart> {
    vec![
        cases_chart(&d.meetings),
        time_chart(&d.meetings),
        actions_chart(&d.actions, today),
        leads_chart(&d.leads_by_role, d.meetings.iter().map(|m| m.cases_discussed).sum()),
        load_chart(&d.member_load, today),
        outcomes_chart(&d.outcomes),
    ]
}

fn series(name: &str, values: impl Iterator<Item = i64>) -> ChartSeries {
    ChartSeries { name: name.to_string(), values: values.map(|v| v as f64).collect() }
}

/// Each meeting's label: its day (15/10/2026), with the time when two meetings share the day.
fn meeting_labels(meetings: &[MeetingFigures]) -> Vec<String> {
    let day = |m: &MeetingFigures| day_first(day_of(&m.starts_at));
    meetings
        .iter()
        .map(|m| {
            let shared = meetings.iter().filter(|o| o.starts_at.get(..10) == m.starts_at.get(..10)).count() > 1;
            if shared { format!("{} {}", day(m), m.starts_at.get(11..16).unwrap_or_default()) } else { day(m) }
        })
        .collect()
}

const NO_MEETINGS: &str = "No meetings in this period.";

/// `part` as a whole percentage of `whole`, rounded.
fn percent(part: i64, whole: i64) -> i64 {
    (part * 100 + whole / 2) / whole.max(1)
}

/// The highest value above nought and the labels of every item that has it, in order; `None` when
/// every value is nought.
fn most<'a, T>(items: impl Iterator<Item = T>, value: impl Fn(&T) -> i64, label: impl Fn(&T) -> &'a str) -> Option<(i64, Vec<&'a str>)> {
    let all: Vec<(i64, &str)> = items.map(|i| (value(&i), label(&i))).collect();
    let top = all.iter().map(|(v, _)| *v).max().filter(|&v| v > 0)?;
    Some((top, all.into_iter().filter(|(v, _)| *v == top).map(|(_, l)| l).collect()))
}

/// Where the highest was: "01/07/2026", "01/07/2026 and 30/09/2026", or past three, "4 meetings".
fn places(labels: &[&str], nouns: &str) -> String {
    if labels.len() > 3 { format!("{} {nouns}", labels.len()) } else { and_list(labels) }
}

fn cases_chart(meetings: &[MeetingFigures]) -> Chart {
    let labels = meeting_labels(meetings);
    let summary = if meetings.is_empty() {
        NO_MEETINGS.to_string()
    } else {
        let listed: i64 = meetings.iter().map(|m| m.cases_listed).sum();
        let discussed: i64 = meetings.iter().map(|m| m.cases_discussed).sum();
        let mut words = vec![if listed == 0 {
            format!("{}, with no cases listed.", count(meetings.len(), "meeting", "meetings"))
        } else {
            format!(
                "{}: {} listed and {discussed} discussed ({}% of those listed).",
                count(meetings.len(), "meeting", "meetings"),
                count(listed, "case", "cases"),
                percent(discussed, listed)
            )
        }];
        if let (Some((most, at)), true) = (most(meetings.iter().zip(&labels), |(m, _)| m.cases_discussed, |(_, l)| l.as_str()), meetings.len() > 1) {
            words.push(format!("The most discussed at one meeting: {most}, on {}.", places(&at, "meetings")));
        }
        if let (Some(last), Some(label), true) = (meetings.last(), labels.last(), meetings.len() > 1) {
            words.push(format!("The latest, on {label}: {} of {} discussed.", last.cases_discussed, last.cases_listed));
        }
        let drafts = meetings.iter().filter(|m| !m.finalised).count();
        if drafts > 0 {
            words.push(format!("{} not finalised yet, so counted from the draft minutes.", count(drafts, "meeting", "meetings")));
        }
        words.join(" ")
    };
    Chart {
        id: "cases-discussed".into(),
        title: "Cases discussed per meeting".into(),
        kind: ChartKind::Bar,
        unit: "cases".into(),
        series: vec![series("Listed", meetings.iter().map(|m| m.cases_listed)), series("Discussed", meetings.iter().map(|m| m.cases_discussed))],
        categories: labels,
        summary,
    }
}

fn time_chart(meetings: &[MeetingFigures]) -> Chart {
    let labels = meeting_labels(meetings);
    let summary = if meetings.is_empty() {
        NO_MEETINGS.to_string()
    } else {
        let planned: i64 = meetings.iter().map(|m| m.minutes_planned).sum();
        let used: i64 = meetings.iter().map(|m| m.minutes_used).sum();
        let balance = match used - planned {
            0 => "exactly as planned".to_string(),
            over if over > 0 => format!("{} over the plan", count(over, "minute", "minutes")),
            under => format!("{} under the plan", count(-under, "minute", "minutes")),
        };
        let mut words = vec![format!(
            "Across {}, {} were planned for cases and {} used: {balance}.",
            count(meetings.len(), "meeting", "meetings"),
            count(planned, "minute", "minutes"),
            count(used, "minute", "minutes"),
        )];
        let furthest = meetings.iter().zip(&labels).filter(|(m, _)| m.minutes_used > m.minutes_planned).max_by_key(|(m, _)| (m.minutes_used - m.minutes_planned, std::cmp::Reverse(m.starts_at.clone())));
        words.push(match furthest {
            Some((m, label)) => format!("Furthest over its plan: {label}, {} used against {} planned.", count(m.minutes_used, "minute", "minutes"), m.minutes_planned),
            None => "No meeting ran over its plan.".to_string(),
        });
        words.join(" ")
    };
    Chart {
        id: "time".into(),
        title: "Time planned and used for cases per meeting".into(),
        kind: ChartKind::Bar,
        unit: "minutes".into(),
        series: vec![series("Planned", meetings.iter().map(|m| m.minutes_planned)), series("Used", meetings.iter().map(|m| m.minutes_used))],
        categories: labels,
        summary,
    }
}

/// "at the end of December 2026", or "on 02/12/2026" for the month containing `today`.
fn month_end_words(month: &ActionMonth, today: NaiveDate) -> String {
    if today.format("%Y-%m").to_string() == month.month {
        format!("on {}", day_first(today))
    } else {
        let first = NaiveDate::parse_from_str(&format!("{}-01", month.month), dates::DATE_FORMAT).unwrap_or(today);
        format!("at the end of {}", first.format("%B %Y"))
    }
}

fn actions_chart(months: &[ActionMonth], today: NaiveDate) -> Chart {
    let summary = match (months.first(), months.last()) {
        (Some(first), Some(last)) => {
            let agreed: i64 = months.iter().map(|m| m.agreed).sum();
            let completed: i64 = months.iter().map(|m| m.completed).sum();
            let mut words = vec![
                format!("{} {}, {} overdue.", capitalised(&count(last.open_at_end, "open action", "open actions")), month_end_words(last, today), last.overdue_at_end),
                format!("Over {}, {agreed} agreed and {completed} completed.", count(months.len(), "month", "months")),
            ];
            if months.len() > 1 {
                let from = format!("{} {}", first.open_at_end, month_end_words(first, today));
                words.push(match last.open_at_end.cmp(&first.open_at_end) {
                    std::cmp::Ordering::Greater => format!("Open actions up from {from}."),
                    std::cmp::Ordering::Less => format!("Open actions down from {from}."),
                    std::cmp::Ordering::Equal => format!("Open actions the same as {}.", month_end_words(first, today)),
                });
                if let Some((n, at)) = most(months.iter(), |m| m.completed, |m| m.label.as_str()) {
                    words.push(format!("Most completed in one month: {n}, in {}.", places(&at, "months")));
                }
            }
            words.join(" ")
        }
        _ => "No month of this period has begun yet.".to_string(),
    };
    Chart {
        id: "actions".into(),
        title: "Agreed actions by month".into(),
        kind: ChartKind::Line,
        unit: "actions".into(),
        categories: months.iter().map(|m| m.label.clone()).collect(),
        series: vec![
            series("Open", months.iter().map(|m| m.open_at_end)),
            series("Overdue", months.iter().map(|m| m.overdue_at_end)),
            series("Completed", months.iter().map(|m| m.completed)),
        ],
        summary,
    }
}

fn leads_chart(leads: &[RoleLeads], discussed: i64) -> Chart {
    let summary = if discussed == 0 {
        "No cases discussed in this period.".to_string()
    } else {
        let by_role: Vec<&RoleLeads> = leads.iter().filter(|l| !l.role_code.is_empty()).collect();
        let none = leads.iter().find(|l| l.role_code.is_empty()).map_or(0, |l| l.cases_led);
        let mut words = vec![format!("{} discussed.", capitalised(&count(discussed, "case", "cases")))];
        if by_role.is_empty() {
            words.push("No lead was agreed for any of them.".into());
        } else {
            let parts: Vec<String> = by_role.iter().map(|l| format!("{} {}", in_sentence(&l.role_name), l.cases_led)).collect();
            words.push(format!("Led by role: {}.", and_list(&parts)));
            let most = by_role.iter().map(|l| l.cases_led).max().unwrap_or(0);
            let top: Vec<String> = by_role.iter().filter(|l| l.cases_led == most).map(|l| in_sentence(&l.role_name)).collect();
            words.push(if top.len() == 1 { format!("The most by {}: {most}.", top[0]) } else { format!("The most by {}: {most} each.", and_list(&top)) });
            if none > 0 {
                words.push(format!("No lead agreed for {}.", count(none, "case", "cases")));
            }
            if by_role.iter().map(|l| l.cases_led).sum::<i64>() + none > discussed {
                words.push("A case with leads in more than one role counts under each.".into());
            }
        }
        words.join(" ")
    };
    Chart {
        id: "leads-by-role".into(),
        title: "Cases led by role".into(),
        kind: ChartKind::Bar,
        unit: "cases".into(),
        categories: leads.iter().map(|l| l.role_name.clone()).collect(),
        series: vec![series("Cases led", leads.iter().map(|l| l.cases_led))],
        summary,
    }
}

fn load_chart(load: &[MemberLoad], today: NaiveDate) -> Chart {
    let summary = if load.is_empty() {
        "Nobody is on the team roster.".to_string()
    } else {
        let open: i64 = load.iter().map(|m| m.open_actions).sum();
        let overdue: i64 = load.iter().map(|m| m.overdue_actions).sum();
        let mut words = vec![format!("On {}: {} across {}, {overdue} overdue.", day_first(today), count(open, "open action", "open actions"), count(load.len(), "member", "members"))];
        fn name<'a>(m: &&'a MemberLoad) -> &'a str {
            m.name.as_str()
        }
        type Figure = fn(&&MemberLoad) -> i64;
        let measures: [(&str, Figure); 3] =
            [("Most open actions", |m| m.open_actions), ("Most overdue", |m| m.overdue_actions), ("Leading the most people", |m| m.cases_leading)];
        for (what, n) in measures {
            if let Some((most, who)) = most(load.iter(), n, name) {
                let each = if who.len() > 1 { " each" } else { "" };
                words.push(format!("{what}: {} ({most}{each}).", places(&who, "members")));
            }
        }
        let idle: Vec<&str> = load.iter().filter(|m| m.open_actions == 0 && m.cases_leading == 0).map(|m| m.name.as_str()).collect();
        if !idle.is_empty() {
            words.push(format!("No open actions and leading nobody: {}.", and_list(&idle)));
        }
        let gone: Vec<&str> = load.iter().filter(|m| m.left_on.is_some()).map(|m| m.name.as_str()).collect();
        if !gone.is_empty() {
            words.push(format!("Work still in the name of {} who left the team: {}; agree who takes it on.", if gone.len() == 1 { "someone" } else { "people" }, and_list(&gone)));
        }
        words.join(" ")
    };
    Chart {
        id: "member-load".into(),
        title: "Each member's open work".into(),
        kind: ChartKind::HorizontalBar,
        unit: "actions or people".into(),
        categories: load.iter().map(|m| if m.left_on.is_some() { format!("{} (left)", m.name) } else { m.name.clone() }).collect(),
        series: vec![
            series("Open actions", load.iter().map(|m| m.open_actions)),
            series("Overdue actions", load.iter().map(|m| m.overdue_actions)),
            series("People leading", load.iter().map(|m| m.cases_leading)),
        ],
        summary,
    }
}

fn outcomes_chart(outcomes: &[OutcomeFigures]) -> Chart {
    let shown: Vec<&OutcomeFigures> = outcomes.iter().filter(|o| o.people > 0).collect();
    let several = shown.iter().any(|o| o.measure_key != shown[0].measure_key);
    let label = |o: &OutcomeFigures| if several { format!("{} ({})", o.item_short, o.measure_name) } else { o.item_short.clone() };
    let summary = if shown.is_empty() {
        "Nobody's outcome scores were followed up in this period.".to_string()
    } else {
        let mut words = vec![format!("People whose latest answer in the period follows an earlier one, by question ({}).", shown[0].measure_name)];
        if several {
            words[0] = "People whose latest answer in the period follows an earlier one, by question.".into();
        }
        for o in &shown {
            let mean = match o.mean_change {
                Some(0.0) => ", no change on average".to_string(),
                Some(m) => format!(", mean change {m:+.1}"),
                None => String::new(),
            };
            words.push(format!("{}: {}, {} better, {} the same, {} worse{mean}.", label(o), count(o.people, "person", "people"), o.better, o.same, o.worse));
        }
        words.join(" ")
    };
    Chart {
        id: "outcomes".into(),
        title: "Outcome change".into(),
        kind: ChartKind::Bar,
        unit: "people".into(),
        categories: shown.iter().map(|o| label(o)).collect(),
        series: vec![
            series("Better", shown.iter().map(|o| o.better)),
            series("Same", shown.iter().map(|o| o.same)),
            series("Worse", shown.iter().map(|o| o.worse)),
        ],
        summary,
    }
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
