//! The quarterly MDT report for a PCN board: the dashboard's figures for a period, drawn as vector
//! charts with their words and tables.
//!
//! A4 portrait: a board pack is printed and read top to bottom, and the charts are as wide as the
//! text. First the period and a summary in words, then a section per chart (heading, the chart
//! with its words under it, its figures as a table), supervision member by member, outcomes, and
//! how each figure is counted. It holds counts and team members' names, never a person discussed,
//! so it is marked OFFICIAL rather than OFFICIAL-SENSITIVE.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::export::write_report;
use super::words::long_date;
use super::{Cell, Column, Document, ExportReport, Level, Table, render};
use crate::dashboard::{Dashboard, Period};
use crate::supervision::SupervisedRole;
use crate::words::{and_list, count};
use crate::{Error, Result};

/// The protective marking: figures and staff names, no one discussed.
const MARKING: &str = "OFFICIAL";

/// The dashboard chart printed in the Outcomes section rather than among the others.
const OUTCOME_CHART: &str = "outcomes";

/// The quarterly report for `period`, as of `today`, written to `path`.
pub fn export(conn: &Connection, period: &Period, today: NaiveDate, path: &Path) -> Result<ExportReport> {
    write_report(path, &render(&document(&crate::dashboard::compute(conn, period, today)?))?)
}

/// The period a command line asks for: `--quarter` (`2026-Q3`, the NHS financial year starting in
/// April 2026, so October to December 2026; `Q3 2026/27` also reads), or `--from` and `--to` as
/// typed (15/12/2026), or with neither the quarter holding `today`.
pub fn period(quarter: Option<&str>, from: Option<&str>, to: Option<&str>, today: NaiveDate) -> Result<Period> {
    match (quarter, from, to) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            Err(Error::invalid("quarter", "Give either a quarter or a start and end day, not both."))
        }
        (Some(quarter), None, None) => quarter_named(quarter),
        (None, Some(from), Some(to)) => Period::between(from, to, today),
        (None, Some(_), None) => Err(Error::invalid("to", "Give the last day of the period too (--to 31/12/2026).")),
        (None, None, Some(_)) => Err(Error::invalid("from", "Give the first day of the period too (--from 01/10/2026).")),
        (None, None, None) => Ok(Period::quarter_containing(today)),
    }
}

/// `2026-Q3` or `Q3 2026/27`: quarter 3 of the financial year starting in April 2026.
fn quarter_named(text: &str) -> Result<Period> {
    let upper = text.trim().to_uppercase();
    let bad = || {
        Error::invalid(
            "quarter",
            format!("'{}' is not a quarter: write it as 2026-Q3 (Q1 is April to June, Q4 January to March).", text.trim()),
        )
    };
    let q = upper.split_once('Q').and_then(|(_, rest)| rest.chars().next()).and_then(|c| c.to_digit(10)).ok_or_else(bad)?;
    let year: i32 = (upper.split(|c: char| !c.is_ascii_digit()))
        .find(|part| part.len() == 4)
        .and_then(|part| part.parse().ok())
        .ok_or_else(bad)?;
    let expected = [format!("{year}-Q{q}"), format!("Q{q} {year}/{:02}", (year + 1).rem_euclid(100))];
    if !expected.iter().any(|e| *e == upper.split_whitespace().collect::<Vec<_>>().join(" ")) {
        return Err(bad());
    }
    Period::quarter(year, q)
}

/// The report as a document to render.
pub fn document(dashboard: &Dashboard) -> Document {
    let today = dashboard.today.as_str();
    let mut doc = Document::new("Quarterly MDT report");
    doc.marking = MARKING.into();
    doc.header_right = dashboard.period.label.clone();
    doc.heading(Level::H1, "Quarterly MDT report");
    let mut pairs = vec![("Period", dashboard.period.label.clone())];
    if let Some(team) = team(dashboard) {
        pairs.push(("Meetings", team));
    }
    pairs.push(("Figures as of", long_date(today)));
    doc.key_values(pairs);

    doc.heading(Level::H2, "Summary");
    doc.list(summary(dashboard));

    // The outcome chart goes in the Outcomes section, with the figures it does not show.
    for chart in dashboard.charts.iter().filter(|c| c.id != OUTCOME_CHART) {
        doc.heading(Level::H2, chart.title.clone());
        doc.chart(chart.clone());
    }

    doc.heading(Level::H2, "Supervision");
    supervision(&mut doc, dashboard);
    doc.heading(Level::H2, "Outcomes");
    outcomes(&mut doc, dashboard);
    doc.heading(Level::H2, "How the figures are counted");
    doc.list(counted());
    doc
}

/// The meetings' title, when they share one, or up to three titles; `None` with no meetings.
fn team(dashboard: &Dashboard) -> Option<String> {
    let mut titles: Vec<&str> = Vec::new();
    for m in &dashboard.meetings {
        if !titles.contains(&m.title.as_str()) {
            titles.push(&m.title);
        }
    }
    match titles.len() {
        0 => None,
        1..=3 => Some(and_list(&titles)),
        n => Some(format!("{} and {}", titles[..3].join(", "), count(n - 3, "other", "others"))),
    }
}

/// The figures in words, one line each.
fn summary(d: &Dashboard) -> Vec<String> {
    let today = d.today.as_str();
    let held: Vec<_> = d.meetings.iter().filter(|m| m.starts_at.get(..10).is_some_and(|day| day <= today)).collect();
    let planned = d.meetings.len() - held.len();
    let finalised = held.iter().filter(|m| m.finalised).count();
    let mut meetings = format!("{} held", count(held.len(), "meeting", "meetings"));
    if !held.is_empty() {
        meetings.push_str(&format!(", {finalised} with finalised minutes"));
    }
    if planned > 0 {
        meetings.push_str(&format!("; {planned} more planned in the period"));
    }
    let listed: i64 = d.meetings.iter().map(|m| m.cases_listed).sum();
    let discussed: i64 = d.meetings.iter().map(|m| m.cases_discussed).sum();
    let (planned_minutes, used_minutes): (i64, i64) =
        (d.meetings.iter().map(|m| m.minutes_planned).sum(), d.meetings.iter().map(|m| m.minutes_used).sum());
    let agreed: i64 = d.actions.iter().map(|a| a.agreed).sum();
    let completed: i64 = d.actions.iter().map(|a| a.completed).sum();
    let (open, overdue) = d.actions.last().map_or((0, 0), |a| (a.open_at_end, a.overdue_at_end));
    // The last month's open actions are counted on the report's day, or at the period's end
    // when that has passed.
    let open_on = long_date(if d.period.to.as_str() < today { d.period.to.as_str() } else { today });
    let late: Vec<&str> =
        d.supervision.members.iter().filter(|m| m.overdue).map(|m| m.member_name.as_str()).collect();
    let supervised = d.supervision.up_to_date + d.supervision.overdue;
    let supervision = if supervised == 0 {
        "No one has supervision recorded or arranged.".to_string()
    } else if late.is_empty() && supervised == 1 {
        "Supervision: the one supervised member is up to date.".to_string()
    } else if late.is_empty() {
        format!("Supervision: all {supervised} supervised members are up to date.")
    } else {
        format!(
            "Supervision: {} of {supervised} supervised {} had none for over a month ({}); {} up to date.",
            late.len(),
            if late.len() == 1 { "member has" } else { "members have" },
            and_list(&late),
            d.supervision.up_to_date
        )
    };
    vec![
        format!("{}.", crate::words::capitalised(&meetings)),
        format!("{} discussed of {} listed.", count(discussed, "case", "cases"), listed),
        format!("{} planned for cases and {} used.", count(planned_minutes, "minute", "minutes"), used_minutes),
        format!(
            "{} agreed and {} completed in the period; on {}, {} open, {} of them overdue.",
            count(agreed, "action", "actions"),
            completed,
            open_on,
            open,
            overdue
        ),
        format!(
            "Reviews: {} overdue and {} due in the next 28 days.",
            d.reviews.overdue, d.reviews.due_soon
        ),
        supervision,
    ]
}

/// Each supervised member: supervisor, latest session, and whether it is up to date, in words.
fn supervision(doc: &mut Document, d: &Dashboard) {
    if d.supervision.members.is_empty() {
        doc.paragraph("No one has a supervision arrangement or sessions recorded.");
        return;
    }
    doc.paragraph(supervision_words(&d.supervision.roles));
    let mut table = Table::new([
        Column::share("Member", 1.3),
        Column::share("Supervisor", 1.3),
        Column::share("Up to date?", 2.4),
        Column::fixed("Cases waiting", 24.0),
    ]);
    for m in &d.supervision.members {
        let supervisor = m.arrangement.as_ref().map_or_else(|| "None arranged".to_string(), |a| a.supervisor_name.clone());
        let status = if m.overdue { format!("OVERDUE: {}", m.words) } else { format!("Up to date: {}", m.words) };
        let cells = [Cell::from(m.member_name.as_str()), supervisor.into(), status.into(), m.waiting.to_string().into()];
        if m.overdue { table.emphasised_row(cells) } else { table.row(cells) };
    }
    table.continued = Some("Supervision, continued".into());
    doc.table(table);
}

/// Why members are checked: the guidance's SPLWs, and any roles the team chose, named as its own.
fn supervision_words(roles: &[SupervisedRole]) -> String {
    let chosen: Vec<&str> = roles.iter().filter(|r| !r.from_guidance).map(|r| r.name.as_str()).collect();
    let team = if chosen.is_empty() {
        String::new()
    } else {
        format!(" The team also checks these roles the same way, as its own choice: {}.", and_list(&chosen))
    };
    format!(
        "Working together asks that social prescribing link workers have clinical supervision every month.{team} \
         A member with no session in the month before the report's day is overdue, printed in bold and marked OVERDUE."
    )
}

/// The outcome chart (which way people moved on each question), then each question's people and
/// mean change, which the chart does not show.
fn outcomes(doc: &mut Document, d: &Dashboard) {
    if d.outcomes.iter().all(|o| o.people == 0) {
        doc.paragraph("No one has a first and a later score of an outcome measure with the later one in this period.");
        return;
    }
    doc.paragraph(
        "People with a first score and a later one taken in the period, and which way they moved by \
         each question's own direction (for some questions a lower score is better).",
    );
    if let Some(chart) = d.charts.iter().find(|c| c.id == OUTCOME_CHART) {
        doc.chart(chart.clone());
    }
    let mut table = Table::new([
        Column::share("Measure and question", 3.0),
        Column::fixed("People", 17.0),
        Column::fixed("Mean change", 22.0),
    ]);
    for o in d.outcomes.iter().filter(|o| o.people > 0) {
        let mean = o.mean_change.map_or_else(|| "none".to_string(), |m| format!("{}{m:.1}", if m > 0.0 { "+" } else { "" }));
        table.row([Cell::from(format!("{}: {}", o.measure_name, o.item_short)), o.people.to_string().into(), mean.into()]);
    }
    table.continued = Some("Outcomes, continued".into());
    doc.table(table);
}

/// One sentence per figure.
fn counted() -> Vec<&'static str> {
    vec![
        "Meetings: every meeting dated in the period; held means on or before the report's day, and finalised means its minutes were finalised.",
        "Cases listed and discussed: cases on each meeting's agenda, and those minuted as discussed.",
        "Time planned and used: the minutes the agenda allowed for its cases, and the minutes the timer ran on them.",
        "Actions agreed and completed: actions agreed at a meeting in the month, and actions marked done in the month.",
        "Open and overdue actions: open at each month's end (or on the report's day for the current month), and of those, past their due day then.",
        "Cases led by role: cases discussed in the period, by the role of the lead the meeting agreed.",
        "Each member's open work: open actions they own, how many are overdue, and the people whose latest discussion named them lead, on the report's day.",
        "Reviews: people whose next review day has passed (overdue), or falls in the next 28 days (due soon), on the report's day.",
        "Supervision: a supervised member is up to date when their latest session was within the month before the report's day.",
        "Outcomes: people with a first score and a later one taken in the period; the change is the later score minus the first.",
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_period_from_the_command_line() {
        let today = day(2026, 12, 2);
        assert_eq!(period(None, None, None, today).unwrap().label, "Q3 2026/27 (1 October to 31 December 2026)");
        assert_eq!(period(Some("2026-Q3"), None, None, today).unwrap().from, "2026-10-01");
        assert_eq!(period(Some("2026-q4"), None, None, today).unwrap().from, "2027-01-01");
        assert_eq!(period(Some(" Q1 2027/28 "), None, None, today).unwrap().to, "2027-06-30");
        let typed = period(None, Some("01/10/2026"), Some("31/12/2026"), today).unwrap();
        assert_eq!((typed.from.as_str(), typed.to.as_str()), ("2026-10-01", "2026-12-31"));
        for wrong in ["2026-Q5", "2026-Q0", "Q3", "2026", "Q3 2026/28", "26-Q3", "2026-Q3x"] {
            assert!(period(Some(wrong), None, None, today).is_err(), "{wrong}");
        }
        assert!(period(Some("2026-Q3"), Some("01/10/2026"), None, today).is_err());
        assert!(period(None, Some("01/10/2026"), None, today).is_err());
        assert!(period(None, None, Some("31/12/2026"), today).is_err());
        assert!(period(None, Some("31/12/2026"), Some("01/10/2026"), today).is_err());
    }
}
