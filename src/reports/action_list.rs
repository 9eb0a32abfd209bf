//! A printable list of open agreed actions, for the wall or to hand out: everyone's, or one
//! owner's, grouped by owner and then by due date. Each action has a box to tick and room for a
//! note, and says which meeting and case it came from. Overdue actions are printed in bold with
//! the word OVERDUE, so they stand out on a black-and-white printout.

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Deserialize;
use ts_rs::TS;

use super::export::{ExportReport, slug, write_atomic};
use super::words::{long_date, short_date};
use crate::words::count;
use super::{Block, Cell, Column, Document, Level, Table, render};
use crate::actions::{self, ActionFilter, ActionStatus, AgreedAction};
use crate::members::{self, TeamMember};
use crate::{Error, Result, dates};

/// Which open actions to print, and how.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ActionListOptions {
    /// One owner's actions; `None` for everyone's.
    #[ts(optional)]
    pub owner_id: Option<i64>,
    /// Only actions past their due date.
    pub overdue_only: bool,
    /// Each owner's actions on a page (or pages) of their own, for handing out.
    pub per_owner_pages: bool,
    /// The creation date written into the file; `None` means now.
    #[serde(skip)]
    #[ts(skip)]
    pub created: Option<DateTime<Utc>>,
}

/// Rows at least this many lines tall leave room to write a note by hand.
const NOTE_LINES: usize = 2;

/// The team member with this name (any case), for `mdt actions --owner NAME`.
pub fn owner_named(conn: &Connection, name: &str) -> Result<TeamMember> {
    let wanted = name.trim().to_lowercase();
    members::list(conn)?.into_iter().find(|m| m.name.to_lowercase() == wanted).ok_or_else(|| {
        Error::invalid("owner", format!("Nobody called '{}' is on the roster. `mdt members` lists the team.", name.trim()))
    })
}

/// The file name offered when saving, e.g. `actions-priya-example-2026-03-02.pdf`.
pub fn file_name(conn: &Connection, options: &ActionListOptions) -> Result<String> {
    let owner = options.owner_id.map(|id| members::get(conn, id)).transpose()?;
    let mut parts = vec![if options.overdue_only { "overdue-actions" } else { "open-actions" }.to_string()];
    parts.extend(owner.map(|o| slug(&o.name)).filter(|s| !s.is_empty()));
    parts.push(dates::today());
    Ok(format!("{}.pdf", parts.join("-")))
}

/// The open actions `options` asks for, as a document to render.
pub fn document(conn: &Connection, options: &ActionListOptions) -> Result<Document> {
    let owner = options.owner_id.map(|id| members::get(conn, id)).transpose()?;
    let filter = ActionFilter {
        owner_id: options.owner_id,
        status: Some(ActionStatus::Open),
        overdue_only: options.overdue_only,
        ..Default::default()
    };
    let mut list = actions::list(conn, &filter)?;
    // Already by due date (undated last), then meeting: a stable sort by owner keeps that order.
    list.sort_by_cached_key(|a| (a.owner_name.to_lowercase(), a.owner_id));
    let members = members::list(conn)?;

    let what = if options.overdue_only { "Overdue actions" } else { "Open actions" };
    let title = match &owner {
        Some(o) => format!("{what}: {}", who(o)),
        None => what.to_string(),
    };
    let today = dates::today();
    let mut doc = Document::new(title.clone());
    doc.header_right = long_date(&today);
    doc.created = options.created;
    // When every action comes from meetings of one title, the title is said once, above, and
    // each row gives only the case and the meeting's date.
    let series = one_title(&list);

    let groups: Vec<&[AgreedAction]> = list.chunk_by(|a, b| a.owner_id == b.owner_id).collect();
    if groups.is_empty() {
        let which = if options.overdue_only { "overdue" } else { "open" };
        let whose = owner.as_ref().map_or_else(|| "There are".to_string(), |o| format!("{} has", o.name));
        doc.heading(Level::H1, title).paragraph(format!("{whose} no {which} actions on {}.", long_date(&today)));
        return Ok(doc);
    }
    let per_page = options.per_owner_pages && groups.len() > 1;
    if !per_page {
        doc.heading(Level::H1, title).paragraph(introduction(&list, &today, options, series));
    }
    for (i, group) in groups.into_iter().enumerate() {
        let name = members.iter().find(|m| m.id == group[0].owner_id).map_or_else(|| group[0].owner_name.clone(), who);
        if per_page {
            if i > 0 {
                doc.push(Block::PageBreak);
            }
            doc.heading(Level::H1, format!("{what}: {name}")).paragraph(introduction(group, &today, options, series));
        } else if owner.is_none() {
            doc.heading(Level::H2, format!("{name}: {}", counts(group)));
        }
        let mut table = owner_table(group, series.is_some());
        if owner.is_none() {
            table.continued = Some(format!("{name}, continued"));
        }
        doc.table(table);
    }
    Ok(doc)
}

/// Renders the list and writes it to `path` atomically.
pub fn export(conn: &Connection, options: &ActionListOptions, path: &Path) -> Result<ExportReport> {
    let rendered = render(&document(conn, options)?)?;
    write_atomic(path, &rendered.pdf)?;
    Ok(ExportReport::new(path, &rendered))
}

/// What the list holds and how to use it.
fn introduction(list: &[AgreedAction], today: &str, options: &ActionListOptions, series: Option<&str>) -> String {
    let overdue = list.iter().any(|a| a.overdue);
    let mut text = if options.overdue_only {
        format!("On {}: {} past the due date.", long_date(today), count(list.len(), "open action", "open actions"))
    } else {
        format!("On {}: {}.", long_date(today), counts_open(list))
    };
    if let Some(title) = series {
        text.push_str(&format!(" All were agreed at meetings of {title}: \u{201C}From\u{201D} gives the case and the meeting's date."));
    }
    if overdue {
        text.push_str(" Overdue actions are in bold and marked OVERDUE.");
    }
    text.push_str(" Tick each action when it is done and note what happened, for the next meeting.");
    text
}

/// "Priya Example (Occupational therapist)".
fn who(member: &TeamMember) -> String {
    format!("{} ({})", member.name, member.role_name)
}

/// "4 actions, 1 overdue".
fn counts(list: &[AgreedAction]) -> String {
    let overdue = list.iter().filter(|a| a.overdue).count();
    let all = count(list.len(), "action", "actions");
    if overdue > 0 { format!("{all}, {overdue} overdue") } else { all }
}

/// "4 open actions, 1 overdue".
fn counts_open(list: &[AgreedAction]) -> String {
    let overdue = list.iter().filter(|a| a.overdue).count();
    let all = count(list.len(), "open action", "open actions");
    if overdue > 0 { format!("{all}, {overdue} overdue") } else { all }
}

/// The meeting title all of `list` shares, if it is one.
fn one_title(list: &[AgreedAction]) -> Option<&str> {
    let first = list.first()?.meeting_title.as_str();
    list.iter().all(|a| a.meeting_title == first).then_some(first)
}

/// One owner's actions. `dates_only`: the "From" column gives the meeting's date without its title.
fn owner_table(group: &[AgreedAction], dates_only: bool) -> Table {
    let mut table = Table::new([
        Column::fixed("Done", 13.0),
        Column::fixed("Due", 24.0),
        Column::share("Action", 3.0),
        Column::share("From", 1.5),
        Column::share("Notes", 2.1),
    ]);
    table.min_row_lines = NOTE_LINES;
    for a in group {
        let due = match (&a.due_date, a.overdue) {
            (Some(due), true) => format!("{}\nOVERDUE", short_date(due)),
            (Some(due), false) => short_date(due),
            (None, _) => "No date".into(),
        };
        let meeting = if dates_only {
            short_date(&a.meeting_starts_at)
        } else {
            format!("{}, {}", a.meeting_title, short_date(&a.meeting_starts_at))
        };
        let from = match &a.case_reference {
            Some(reference) => format!("{reference}\n{meeting}"),
            None => meeting,
        };
        let cells = [Cell::TickBox, due.into(), a.description.as_str().into(), from.into(), Cell::from("")];
        if a.overdue { table.emphasised_row(cells) } else { table.row(cells) };
    }
    table
}
