//! A teach-in's agenda with speaker notes: the timed agenda on the first page, then each slot's
//! talking points for whoever presents it. The handout is the comparison page in
//! [`role_summary`](super::role_summary).

use chrono::NaiveDate;
use rusqlite::Connection;

use super::role_summary::{MARKING, handout};
use super::{Block, Cell, Column, Document, Level, Rendered, Table, render};
use crate::Result;
use crate::role_summaries;
use crate::teach_ins::{SlotKind, TeachIn, TeachInPresenter, TeachInSlot, in_sentence};

/// The agenda with speaker notes, as a PDF.
pub fn print_agenda(t: &TeachIn) -> Result<Rendered> {
    render(&agenda(t))
}

/// The one-page handout for attendees: the teach-in's two roles side by side, current at `today`.
pub fn print_handout(conn: &Connection, t: &TeachIn, today: NaiveDate) -> Result<Rendered> {
    let (a, b) = (&t.roles[0].key, &t.roles[1].key);
    let comparison = role_summaries::compare(conn, a, b, today)?;
    render(&handout(&comparison, &format!("Handout: {}", t.title), today)?)
}

/// The agenda with speaker notes of teach-in `id` and the file name to offer for it,
/// e.g. `teach-in-ot-splw-agenda.pdf`.
pub fn agenda_file(conn: &Connection, id: i64) -> Result<(String, Rendered)> {
    let t = crate::teach_ins::get(conn, id)?;
    Ok((format!("{}-agenda.pdf", file_stem(&t)), print_agenda(&t)?))
}

/// The handout of teach-in `id`, current at `today`, and the file name to offer for it.
pub fn handout_file(conn: &Connection, id: i64, today: NaiveDate) -> Result<(String, Rendered)> {
    let t = crate::teach_ins::get(conn, id)?;
    Ok((format!("{}-handout.pdf", file_stem(&t)), print_handout(conn, &t, today)?))
}

/// "teach-in-ot-splw": from the roles.
fn file_stem(t: &TeachIn) -> String {
    let keys: Vec<&str> = t.roles.iter().map(|r| r.key.as_str()).collect();
    format!("teach-in-{}", keys.join("-").replace('_', "-"))
}

/// "0:05": minutes from the start, as hours and minutes.
fn elapsed(minutes: i64) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

fn names(presenters: &[TeachInPresenter]) -> String {
    presenters.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(" and ")
}

/// "About 4 minutes of notes for a 2-minute slot" when the notes take longer to say than the
/// slot allows (at [`WORDS_PER_MINUTE`](crate::teach_ins::WORDS_PER_MINUTE)).
pub fn notes_over(slot: &TeachInSlot) -> Option<String> {
    (slot.notes_minutes > slot.minutes)
        .then(|| format!("About {} minutes of notes for a {}-minute slot", slot.notes_minutes, slot.minutes))
}

pub fn agenda(t: &TeachIn) -> Document {
    let mut doc = Document::new(&t.title);
    doc.marking = MARKING.into();
    doc.header_right = format!("{} minutes", t.total_minutes);
    doc.heading(Level::H1, &t.title);
    let roles: Vec<String> =
        t.roles.iter().enumerate().map(|(i, r)| if i == 0 { r.name.clone() } else { in_sentence(&r.name) }).collect();
    let mut facts = vec![("Roles", roles.join(" and ")), ("Length", format!("{} minutes", t.total_minutes))];
    if !t.audience.is_empty() {
        facts.push(("Audience", t.audience.clone()));
    }
    let presenters: Vec<String> = t.presenters.iter().map(|p| format!("{} ({})", p.name, in_sentence(&p.role_name))).collect();
    facts.push(("Presenters", if presenters.is_empty() { "Not chosen yet".into() } else { presenters.join(", ") }));
    if !t.placements.is_empty() {
        let on: Vec<String> =
            t.placements.iter().map(|p| format!("{}, {}", p.meeting_title, p.starts_at.replace('T', " at "))).collect();
        facts.push(("On the agenda of", on.join("\n")));
    }
    doc.key_values(facts);

    doc.heading(Level::H2, "Agenda");
    let mut table = Table::new([
        Column::fixed("From", 16.0),
        Column::share("Slot", 2.0),
        Column::share("Presented by", 1.3),
        Column::fixed("Minutes", 18.0),
    ]);
    for slot in &t.slots {
        let who = if slot.presenters.len() > 1 { format!("{} (joint)", names(&slot.presenters)) } else { names(&slot.presenters) };
        table.row([Cell::from(elapsed(slot.starts_after)), slot.title.as_str().into(), who.into(), slot.minutes.to_string().into()]);
    }
    table.emphasised_row([
        Cell::from(elapsed(t.total_minutes)),
        "End".into(),
        "".into(),
        t.slots.iter().map(|s| s.minutes).sum::<i64>().to_string().into(),
    ]);
    doc.table(table);
    doc.paragraph("The handout (the two roles side by side, with local contacts) is printed separately for everyone attending.");

    doc.push(Block::PageBreak);
    doc.heading(Level::H1, "Speaker notes");
    for (i, slot) in t.slots.iter().enumerate() {
        doc.heading(Level::H2, format!("{}. {}", i + 1, slot.title));
        let who = if slot.presenters.is_empty() { "presenter not chosen yet".into() } else { names(&slot.presenters) };
        doc.paragraph(format!(
            "{} to {} ({} min) · {}",
            elapsed(slot.starts_after),
            elapsed(slot.starts_after + slot.minutes),
            slot.minutes,
            who
        ));
        if let Some(over) = notes_over(slot) {
            doc.paragraph(format!("{over}: trim them, or give the slot more time."));
        }
        doc.paragraph(if slot.notes.is_empty() { "No notes yet.".to_string() } else { slot.notes.clone() });
        if slot.kind == SlotKind::CaseExample && !t.case_example.is_empty() {
            doc.heading(Level::H3, "The case example, in the presenters' own words").paragraph(&t.case_example);
        }
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elapsed_time_reads_as_hours_and_minutes() {
        assert_eq!(elapsed(0), "0:00");
        assert_eq!(elapsed(75), "1:15");
    }
}
