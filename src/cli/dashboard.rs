//! `mdt dashboard`: how the team is doing over a quarter (or any period), as plain-text tables
//! with each chart's words under its table: the same figures the dashboard screen and the
//! quarterly report show (see `mdt::dashboard` for what each counts).

use chrono::NaiveDate;
use mdt::dashboard::{self, Dashboard, Period};
use mdt::words::count;
use mdt::{Error, Store, dates};

/// The period asked for: a quarter ("2026-Q3", "Q3 2026/27"), two days, or by default the
/// quarter containing today.
pub fn period(quarter: Option<&str>, from: Option<&str>, to: Option<&str>, today: NaiveDate) -> Result<Period, Error> {
    match (quarter, from, to) {
        (Some(q), None, None) => read_quarter(q),
        (None, Some(f), Some(t)) => Period::between(f, t, today),
        (None, None, None) => Ok(Period::quarter_containing(today)),
        (Some(_), _, _) => Err(Error::invalid("quarter", "Give either --quarter or --from and --to, not both.")),
        (None, _, _) => Err(Error::invalid("from", "Give both --from and --to (e.g. --from 01/10/2026 --to 31/12/2026).")),
    }
}

/// "2026-Q3" or "Q3 2026/27": quarter 3 of the financial year starting in April 2026.
fn read_quarter(text: &str) -> Result<Period, Error> {
    let t = text.trim().to_uppercase();
    let parsed = if let Some((year, q)) = t.split_once("-Q") {
        year.parse::<i32>().ok().zip(q.parse::<u32>().ok())
    } else if let Some((q, year)) = t.strip_prefix('Q').and_then(|rest| rest.split_once(' ')) {
        let start = year.split('/').next().unwrap_or_default();
        start.parse::<i32>().ok().zip(q.parse::<u32>().ok())
    } else {
        None
    };
    let (year, q) = parsed.ok_or_else(|| {
        Error::invalid("quarter", format!("Could not read the quarter \"{text}\": write it as 2026-Q3 or Q3 2026/27 (Q1 is April to June)."))
    })?;
    Period::quarter(year, q)
}

pub fn show(store: &Store, quarter: Option<&str>, from: Option<&str>, to: Option<&str>) -> Result<(), Error> {
    let today = dates::local_today();
    let period = period(quarter, from, to, today)?;
    let d = dashboard::compute(store.conn(), &period, today)?;
    print!("{}", text(&d));
    Ok(())
}

fn uk(ymd: &str) -> String {
    dates::parse_date("date", ymd.get(..10).unwrap_or_default()).map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_else(|_| ymd.to_string())
}

fn summary(d: &Dashboard, id: &str) -> String {
    d.charts.iter().find(|c| c.id == id).map(|c| c.summary.clone()).unwrap_or_default()
}

/// A table: a header and rows, each column as wide as its widest cell; text columns (those
/// named in `left`) to the left, numbers to the right.
fn table(header: &[&str], rows: &[Vec<String>], left: usize) -> String {
    let widths: Vec<usize> =
        (0..header.len()).map(|i| rows.iter().map(|r| r[i].chars().count()).chain([header[i].len()]).max().unwrap_or(0)).collect();
    let line = |cells: Vec<&str>| -> String {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| if i < left { format!("{c:<w$}", w = widths[i]) } else { format!("{c:>w$}", w = widths[i]) })
            .collect();
        format!("{}\n", parts.join("  ").trim_end())
    };
    let mut out = line(header.to_vec());
    for r in rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    out
}

/// Everything `mdt dashboard` prints.
pub fn text(d: &Dashboard) -> String {
    let mut out = format!("Dashboard: {}, as of {}\n", d.period.label, uk(&d.today));

    out.push_str("\nMeetings: cases and time\n");
    if !d.meetings.is_empty() {
        let rows: Vec<Vec<String>> = d
            .meetings
            .iter()
            .map(|m| {
                vec![
                    m.starts_at.replace('T', " ").get(..16).map(|s| format!("{} {}", uk(s), &s[11..])).unwrap_or_default(),
                    m.title.clone(),
                    if m.finalised { "finalised".into() } else { "draft".into() },
                    m.cases_listed.to_string(),
                    m.cases_discussed.to_string(),
                    m.minutes_planned.to_string(),
                    m.minutes_used.to_string(),
                ]
            })
            .collect();
        out.push_str(&table(&["DATE", "MEETING", "MINUTES", "LISTED", "DISCUSSED", "PLANNED MIN", "USED MIN"], &rows, 3));
    }
    out.push_str(&format!("{}\n{}\n", summary(d, "cases-discussed"), summary(d, "time")));

    out.push_str("\nAgreed actions by month\n");
    if !d.actions.is_empty() {
        let rows: Vec<Vec<String>> = d
            .actions
            .iter()
            .map(|m| vec![m.label.clone(), m.agreed.to_string(), m.completed.to_string(), m.open_at_end.to_string(), m.overdue_at_end.to_string()])
            .collect();
        out.push_str(&table(&["MONTH", "AGREED", "COMPLETED", "OPEN AT END", "OVERDUE AT END"], &rows, 1));
    }
    out.push_str(&format!("{}\n", summary(d, "actions")));

    out.push_str("\nCases led by role\n");
    if !d.leads_by_role.is_empty() {
        let rows: Vec<Vec<String>> = d.leads_by_role.iter().map(|l| vec![l.role_name.clone(), l.cases_led.to_string()]).collect();
        out.push_str(&table(&["ROLE", "CASES"], &rows, 1));
    }
    out.push_str(&format!("{}\n", summary(d, "leads-by-role")));

    out.push_str(&format!("\nEach member's open work on {}\n", uk(&d.today)));
    if !d.member_load.is_empty() {
        let rows: Vec<Vec<String>> = d
            .member_load
            .iter()
            .map(|m| vec![m.name.clone(), m.role_name.clone(), m.open_actions.to_string(), m.overdue_actions.to_string(), m.cases_leading.to_string()])
            .collect();
        out.push_str(&table(&["MEMBER", "ROLE", "OPEN", "OVERDUE", "LEADING"], &rows, 2));
    }
    out.push_str(&format!("{}\n", summary(d, "member-load")));

    out.push_str(&format!(
        "\nReviews on {}: {} due in the next {} days, {} overdue.\n",
        uk(&d.today),
        d.reviews.due_soon,
        dashboard::DUE_SOON_DAYS,
        d.reviews.overdue
    ));
    out.push_str(&format!(
        "Supervision: {} up to date, {} overdue (no supervision for over a month).\n",
        count(d.supervision.up_to_date, "member", "members"),
        d.supervision.overdue
    ));
    for s in d.supervision.members.iter().filter(|s| s.overdue) {
        out.push_str(&format!("  OVERDUE: {}: {}\n", s.member_name, s.words));
    }

    out.push_str("\nOutcome change\n");
    let counted: Vec<_> = d.outcomes.iter().filter(|o| o.people > 0).collect();
    if !counted.is_empty() {
        let rows: Vec<Vec<String>> = counted
            .iter()
            .map(|o| {
                vec![
                    o.item_short.clone(),
                    o.measure_name.clone(),
                    o.people.to_string(),
                    o.better.to_string(),
                    o.same.to_string(),
                    o.worse.to_string(),
                    o.mean_change.map_or(String::new(), |m| format!("{m:+.1}")),
                ]
            })
            .collect();
        out.push_str(&table(&["QUESTION", "MEASURE", "PEOPLE", "BETTER", "SAME", "WORSE", "MEAN CHANGE"], &rows, 2));
    }
    out.push_str(&format!("{}\n", summary(d, "outcomes")));
    out
}
