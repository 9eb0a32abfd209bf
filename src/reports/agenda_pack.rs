//! The agenda pack: what the chair circulates before a meeting. The meeting's details, the timed
//! agenda in order (matters arising with the open actions it will review, each case by its
//! pseudonymous reference with its reason and presenter, any teach-in with its presenters), who
//! is expected and who has sent apologies; and, if asked for, a page for each presenter saying
//! what they are bringing.
//!
//! The pack is sent round, so it never prints an identifier: it never reads them, and there is
//! no option to include them (the minutes have one, for filing).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::export::{ExportReport, slug, write_report};
use super::words::{self, long_date, short_date};
use super::{Cell, Column, Document, Level, Table, render};
use crate::actions::{self, ActionStatus, AgreedAction};
use crate::agenda::{AgendaItem, AgendaKind, Outcome};
use crate::attendance::{Attendance, AttendanceStatus};
use crate::history::{self, PastDiscussion};
use crate::meetings::{self, Meeting, MeetingDetail};
use crate::members::{self, TeamMember};
use crate::words::{and_list, count};
use crate::{Error, Result, teach_ins};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgendaPackOptions {
    /// After the agenda, a page for each presenter: their cases, what was decided last time, and
    /// the open actions for those people and their own.
    pub per_presenter: bool,
    /// The creation date written into the file; `None` means now.
    pub created: Option<DateTime<Utc>>,
}

/// The file name offered when saving, e.g. `riverside-mdt-2026-03-02-agenda-pack.pdf`.
pub fn file_name(conn: &Connection, meeting_id: i64) -> Result<String> {
    let meeting = meetings::get(conn, meeting_id)?;
    let title = slug(&meeting.title);
    let date = meeting.starts_at.get(..10).unwrap_or_default();
    Ok(if title.is_empty() { format!("{date}-agenda-pack.pdf") } else { format!("{title}-{date}-agenda-pack.pdf") })
}

/// The agenda pack of `meeting_id` as a document to render.
pub fn document(conn: &Connection, meeting_id: i64, options: &AgendaPackOptions) -> Result<Document> {
    let pack = Pack::load(conn, meeting_id)?;
    let meeting = &pack.detail.meeting;
    if let Some(c) = &meeting.cancellation {
        return Err(Error::Conflict(format!(
            "This meeting was cancelled ({}), so it has no agenda to circulate. To tell the team, send the calendar invitation: it now cancels the event.",
            c.reason
        )));
    }
    let mut doc = Document::new(format!("{}: agenda", meeting.title));
    doc.header_right = long_date(&meeting.starts_at);
    doc.created = options.created;
    pack.details(&mut doc);
    pack.agenda(&mut doc);
    pack.matters_arising(&mut doc);
    pack.attendees(&mut doc);
    if options.per_presenter {
        pack.presenter_pages(conn, &mut doc)?;
    }
    Ok(doc)
}

/// Renders the pack and writes it to `path` atomically.
pub fn export(conn: &Connection, meeting_id: i64, options: &AgendaPackOptions, path: &Path) -> Result<ExportReport> {
    write_report(path, &render(&document(conn, meeting_id, options)?)?)
}

/// One line of the timed agenda.
struct Slot<'a> {
    item: &'a AgendaItem,
    starts: String,
    presenters: Vec<String>,
}

/// Everything the pack prints, read once.
struct Pack {
    detail: MeetingDetail,
    /// Open actions from earlier meetings of the series: what matters arising will review.
    arising: Vec<AgreedAction>,
    /// For each teach-in on the agenda: its presenters' ids and "Name (Role)".
    teach_in_presenters: BTreeMap<i64, Vec<(i64, String)>>,
    roster: HashMap<i64, TeamMember>,
}

impl Pack {
    fn load(conn: &Connection, meeting_id: i64) -> Result<Pack> {
        let detail = meetings::load(conn, meeting_id)?;
        let arising = actions::list(conn, &meetings::matters_arising_filter(&detail.meeting))?;
        let mut teach_in_presenters = BTreeMap::new();
        for id in detail.agenda.iter().filter_map(|i| i.teach_in_id) {
            let teach_in = teach_ins::get(conn, id)?;
            teach_in_presenters
                .insert(id, teach_in.presenters.iter().map(|p| (p.member_id, format!("{} ({})", p.name, p.role_name))).collect());
        }
        let roster = members::list(conn)?.into_iter().map(|m| (m.id, m)).collect();
        Ok(Pack { detail, arising, teach_in_presenters, roster })
    }

    fn meeting(&self) -> &Meeting {
        &self.detail.meeting
    }

    /// "Name (Role)" of a team member.
    fn who(&self, id: Option<i64>) -> Option<String> {
        let member = self.roster.get(&id?)?;
        Some(format!("{} ({})", member.name, member.role_name))
    }

    /// The ids of the people presenting `item`: a teach-in's presenters, or the item's presenter and
    /// those presenting with them.
    fn presenter_ids(&self, item: &AgendaItem) -> Vec<i64> {
        match item.teach_in_id.and_then(|id| self.teach_in_presenters.get(&id)) {
            Some(presenters) => presenters.iter().map(|(id, _)| *id).collect(),
            None => item.presenter_id.into_iter().chain(item.co_presenter_ids.iter().copied()).collect(),
        }
    }

    /// The items still to be taken, in order, each with its planned start and presenters. Cases
    /// already marked not discussed (in a meeting under way) are left out.
    fn slots(&self) -> Vec<Slot<'_>> {
        let items: Vec<&AgendaItem> = self.detail.agenda.iter().filter(|i| i.outcome != Outcome::NotDiscussed).collect();
        let minutes: Vec<i64> = items.iter().map(|i| i.minutes_allowed).collect();
        let timeline = crate::agenda::timeline(&self.meeting().starts_at, self.meeting().planned_minutes, &minutes)
            .expect("a stored meeting's start reads back");
        items
            .into_iter()
            .zip(timeline.starts)
            .map(|(item, starts)| {
                let presenters = self.presenter_ids(item).into_iter().filter_map(|id| self.who(Some(id))).collect();
                Slot { item, starts, presenters }
            })
            .collect()
    }

    fn details(&self, doc: &mut Document) {
        let meeting = self.meeting();
        doc.heading(Level::H1, format!("{}: agenda", meeting.title));
        let end = self.detail.timeline.scheduled_end.clone();
        let mut pairs = vec![
            ("Date", long_date(&meeting.starts_at)),
            ("Time", format!("{} to {end} ({})", words::clock(&meeting.starts_at), count(meeting.planned_minutes, "minute", "minutes"))),
            ("Place", if meeting.location.is_empty() { "Not recorded".into() } else { meeting.location.clone() }),
        ];
        if !meeting.video_link.is_empty() {
            pairs.push(("Video link", meeting.video_link.clone()));
        }
        if meeting.series_name != meeting.title {
            pairs.push(("Meeting series", meeting.series_name.clone()));
        }
        pairs.push(("Chair", self.who(meeting.chair_id).unwrap_or_else(|| "Not recorded".into())));
        pairs.push((
            "Minutes taken by",
            self.who(meeting.minute_taker_id).unwrap_or_else(|| "Not recorded".into()),
        ));
        doc.key_values(pairs);
        doc.paragraph(
            "People to be discussed are named by their pseudonymous reference only: this pack is for sending round, \
             so it never carries an NHS number or other identifier.",
        );
    }

    fn agenda(&self, doc: &mut Document) {
        let slots = self.slots();
        doc.heading(Level::H2, "Timed agenda");
        if slots.is_empty() {
            doc.paragraph("Nothing is on the agenda yet.");
            return;
        }
        let mut table = Table::new([
            Column::fixed("No.", 10.0),
            Column::fixed("Starts", 16.0),
            Column::fixed("Time allowed", 24.0),
            Column::share("Item", 2.6),
            Column::share("Presented by", 2.0),
        ]);
        for (n, slot) in slots.iter().enumerate() {
            let presenters = match (slot.presenters.is_empty(), slot.item.kind) {
                (false, _) => slot.presenters.join("\n"),
                (true, AgendaKind::MattersArising) => "The chair".to_string(),
                (true, _) => "Not named yet".to_string(),
            };
            table.row([
                Cell::from(format!("{}.", n + 1)),
                slot.starts.as_str().into(),
                count(slot.item.minutes_allowed, "minute", "minutes").into(),
                self.item_text(slot.item).into(),
                presenters.into(),
            ]);
        }
        let total: i64 = slots.iter().map(|s| s.item.minutes_allowed).sum();
        let finish = self.finish(total);
        table.emphasised_row([
            Cell::from(""),
            finish.as_str().into(),
            count(total, "minute", "minutes").into(),
            Cell::from(format!("Ends at {finish}")),
            Cell::from(""),
        ]);
        doc.table(table);
        let planned = self.meeting().planned_minutes;
        let end = &self.detail.timeline.scheduled_end;
        doc.paragraph(match total - planned {
            over if over > 0 => format!(
                "The agenda takes {} and runs {} past the planned end at {end}: the chair may move a case to the next meeting.",
                count(total, "minute", "minutes"),
                count(over, "minute", "minutes")
            ),
            _ => format!(
                "The agenda takes {} of the meeting's {}, ending by the planned end at {end}.",
                count(total, "minute", "minutes"),
                count(planned, "minute", "minutes")
            ),
        });
    }

    /// When an agenda of `total` minutes from the meeting's start ends, `HH:MM`.
    fn finish(&self, total: i64) -> String {
        crate::agenda::timeline(&self.meeting().starts_at, self.meeting().planned_minutes, &[total])
            .map(|t| t.planned_finish)
            .unwrap_or_default()
    }

    /// What an agenda line says about its item.
    fn item_text(&self, item: &AgendaItem) -> String {
        match item.kind {
            AgendaKind::Case => {
                let reason = item.reason.trim();
                let mut text = item.label().to_string();
                if !reason.is_empty() {
                    text.push_str(&format!("\nReason: {reason}"));
                }
                if item.carried_from.is_some() {
                    text.push_str("\nCarried from the last meeting");
                }
                text
            }
            AgendaKind::MattersArising => {
                let overdue = self.arising.iter().filter(|a| a.overdue).count();
                let mut text = format!("{}\n{} to review", title(item), count(self.arising.len(), "open action", "open actions"));
                if overdue > 0 {
                    text.push_str(&format!(", {overdue} overdue"));
                }
                if !self.arising.is_empty() {
                    text.push_str(" (listed below)");
                }
                text
            }
            AgendaKind::TeachIn if title(item).to_lowercase().starts_with("teach-in") => title(item).to_string(),
            AgendaKind::TeachIn => format!("Teach-in: {}", title(item)),
            AgendaKind::Other => title(item).to_string(),
        }
    }

    fn matters_arising(&self, doc: &mut Document) {
        if !self.detail.agenda.iter().any(|i| i.kind == AgendaKind::MattersArising) && self.arising.is_empty() {
            return;
        }
        doc.heading(Level::H2, "Matters arising: open actions to review");
        if self.arising.is_empty() {
            doc.paragraph("No actions from earlier meetings are open.");
            return;
        }
        doc.paragraph(format!(
            "Actions agreed at earlier meetings of {} that are still open. Overdue ones are in bold and marked OVERDUE.",
            self.meeting().series_name
        ));
        doc.table(actions_table(&self.arising, true));
    }

    fn attendees(&self, doc: &mut Document) {
        doc.heading(Level::H2, "Who is expected");
        let names = |wanted: &dyn Fn(&Attendance) -> bool| -> Vec<String> {
            self.detail.attendance.iter().filter(|a| wanted(a)).map(|a| format!("{} ({})", a.member_name, a.role_name)).collect()
        };
        let expected = names(&|a| a.expected && a.status != AttendanceStatus::Apologies);
        let apologies = names(&|a| a.status == AttendanceStatus::Apologies);
        let mut pairs = vec![
            (format!("Expected ({})", expected.len()), if expected.is_empty() { "Nobody yet".into() } else { expected.join("\n") }),
            ("Apologies received".to_string(), if apologies.is_empty() { "None so far".into() } else { apologies.join("\n") }),
        ];
        // A presenter who sent apologies, or whom the attendance list does not expect: the chair
        // may want to find someone else to present, or invite them.
        let mut presenters: Vec<i64> = Vec::new();
        for id in self.slots().iter().flat_map(|s| self.presenter_ids(s.item)) {
            if !presenters.contains(&id) {
                presenters.push(id);
            }
        }
        let line = |id: &i64| self.detail.attendance.iter().find(|a| a.member_id == *id);
        let absent: Vec<String> = presenters
            .iter()
            .filter(|id| line(id).is_some_and(|a| a.status == AttendanceStatus::Apologies))
            .filter_map(|id| self.who(Some(*id)))
            .collect();
        let unexpected: Vec<String> = presenters
            .iter()
            .filter(|id| line(id).is_none_or(|a| !a.expected && a.status != AttendanceStatus::Apologies))
            .filter_map(|id| self.who(Some(*id)))
            .collect();
        if !absent.is_empty() {
            pairs.push(("Presenting, but sent apologies".to_string(), absent.join("\n")));
        }
        if !unexpected.is_empty() {
            pairs.push(("Presenting, not on the expected list".to_string(), unexpected.join("\n")));
        }
        doc.key_values(pairs);
    }

    /// A page for each presenter, in the order they first present.
    fn presenter_pages(&self, conn: &Connection, doc: &mut Document) -> Result<()> {
        let slots = self.slots();
        let mut presenters: Vec<i64> = Vec::new();
        for id in slots.iter().flat_map(|s| self.presenter_ids(s.item)) {
            if !presenters.contains(&id) {
                presenters.push(id);
            }
        }
        for id in presenters {
            let name = self.who(Some(id)).unwrap_or_default();
            doc.push(super::Block::PageBreak);
            self.presenter_page(conn, doc, id, &name, &slots)?;
        }
        Ok(())
    }

    fn presenter_page(&self, conn: &Connection, doc: &mut Document, member_id: i64, name: &str, slots: &[Slot<'_>]) -> Result<()> {
        let meeting = self.meeting();
        doc.heading(Level::H1, format!("What you are bringing: {name}"));
        doc.paragraph(format!(
            "{}, {} at {}. Check each case below, what was decided last time and which actions are due, before the meeting.",
            meeting.title,
            long_date(&meeting.starts_at),
            words::clock(&meeting.starts_at)
        ));
        for slot in slots.iter().filter(|s| self.presenter_ids(s.item).contains(&member_id)) {
            let item = slot.item;
            let minutes = count(item.minutes_allowed, "minute", "minutes");
            match item.kind {
                AgendaKind::Case => {
                    doc.heading(Level::H2, format!("{}: {} at {}", item.label(), minutes, slot.starts));
                    let history = history::case(conn, item.label())?;
                    let last = last_discussion(&history.discussions, &meeting.starts_at);
                    doc.key_values([
                        ("Reason", or_not_recorded(&item.reason)),
                        (
                            "Last discussed",
                            last.map_or_else(
                                || "Not at an earlier meeting".to_string(),
                                |d| format!("{}, {}", d.meeting_title, long_date(&d.meeting_starts_at)),
                            ),
                        ),
                        ("Decision then", last.map_or_else(|| "None recorded".to_string(), |d| or_not_recorded(&d.decision))),
                    ]);
                    let open: Vec<AgreedAction> =
                        history.actions.into_iter().filter(|a| a.status == ActionStatus::Open && a.meeting_starts_at < meeting.starts_at).collect();
                    if open.is_empty() {
                        doc.paragraph(format!("No open actions for {}.", item.label()));
                    } else {
                        doc.heading(Level::H3, format!("Open actions for {}", item.label()));
                        doc.table(actions_table(&open, true));
                    }
                }
                _ => {
                    doc.heading(Level::H2, format!("{}: {} at {}", self.item_text(item).replace('\n', ": "), minutes, slot.starts));
                    if !slot.presenters.is_empty() {
                        doc.paragraph(format!("Presented by {}.", and_list(&slot.presenters)));
                    }
                }
            }
        }
        let own: Vec<AgreedAction> = self.arising.iter().filter(|a| a.owner_id == member_id).cloned().collect();
        doc.heading(Level::H2, "Your open actions");
        if own.is_empty() {
            doc.paragraph("You have no open actions from earlier meetings of this series.");
        } else {
            doc.paragraph("Matters arising will review these. Overdue ones are in bold and marked OVERDUE.");
            doc.table(actions_table(&own, false));
        }
        Ok(())
    }
}

/// The latest discussion of the person at a meeting before `before`.
fn last_discussion<'h>(discussions: &'h [PastDiscussion], before: &str) -> Option<&'h PastDiscussion> {
    discussions.iter().find(|d| d.outcome == Outcome::Discussed && d.meeting_starts_at.as_str() < before)
}

/// Open actions: what, whose, agreed when, due when (OVERDUE in words, and the row in bold).
fn actions_table(list: &[AgreedAction], with_owner: bool) -> Table {
    let mut columns = vec![Column::share("Action", 3.0)];
    if with_owner {
        columns.push(Column::share("Owner", 1.4));
    }
    columns.extend([Column::fixed("Agreed", 24.0), Column::fixed("Due", 26.0)]);
    let mut table = Table::new(columns);
    for a in list {
        let action = match &a.case_reference {
            Some(reference) => format!("{reference}: {}", a.description),
            None => a.description.clone(),
        };
        let due = match (&a.due_date, a.overdue) {
            (Some(due), true) => format!("{}\nOVERDUE", short_date(due)),
            (Some(due), false) => short_date(due),
            (None, _) => "No date".into(),
        };
        let mut cells = vec![Cell::from(action)];
        if with_owner {
            cells.push(a.owner_name.as_str().into());
        }
        cells.extend([short_date(&a.meeting_starts_at).into(), due.into()]);
        if a.overdue { table.emphasised_row(cells) } else { table.row(cells) };
    }
    table
}

fn title(item: &AgendaItem) -> &str {
    match (item.kind, item.title.trim()) {
        (AgendaKind::TeachIn, "") => "Teach-in",
        (AgendaKind::MattersArising, "") => "Matters arising",
        (_, "") => "Other business",
        (_, title) => title,
    }
}

fn or_not_recorded(text: &str) -> String {
    if text.trim().is_empty() { "Not recorded".into() } else { text.trim().to_string() }
}
