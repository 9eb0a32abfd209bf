//! A teach-in's agenda with speaker notes (the timed agenda on the first page, then each slot's
//! talking points for whoever presents it), and the one-page handout for the colleagues who
//! attend: what each role offers them, when and how to refer here, who to contact, what they hear
//! back, and who leads when.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::role_summary::{Fit, HANDOUT_DETAILS, MARKING, SHORTENED_BOTH, full_stop, one_page_of};
use super::export::{ExportReport, write_report};
use super::{Block, Cell, Column, Document, Level, Rendered, Table, render};
use crate::Result;
use crate::roles::summaries::{self as role_summaries, RoleSummary, contact_line};
use crate::teach_ins::{SlotKind, TeachIn, TeachInPresenter, TeachInSlot};
use crate::words::{and_list, capitalised, in_sentence};

/// The agenda with speaker notes, as a PDF.
pub fn print_agenda(t: &TeachIn) -> Result<Rendered> {
    render(&agenda(t))
}

/// The one-page handout for attendees, with the team's profiles and roster as at `today`.
pub fn print_handout(conn: &Connection, t: &TeachIn, today: NaiveDate) -> Result<Rendered> {
    let summaries = t.roles.iter().map(|r| role_summaries::summary(conn, &r.key, today)).collect::<Result<Vec<_>>>()?;
    render(&handout(t, &summaries, today)?)
}

/// The handout of `t` from its roles' summaries, on one page (texts and lists shortened, and
/// saying so, when they do not fit).
pub fn handout(t: &TeachIn, summaries: &[RoleSummary], today: NaiveDate) -> Result<Document> {
    let mut doc = Document::new(format!("Handout: {}", t.title));
    doc.marking = MARKING.into();
    doc.header_right = format!("Current at {}", today.format("%-d %B %Y"));
    doc.blocks = one_page_of(&doc, &HANDOUT_DETAILS, |detail| handout_page(t, summaries, &Fit::new(detail)))?;
    Ok(doc)
}

/// "the occupational therapist"; "the GP".
fn the(name: &str) -> String {
    format!("the {}", in_sentence(name))
}

fn handout_page(t: &TeachIn, summaries: &[RoleSummary], fit: &Fit) -> Vec<Block> {
    let mut doc = Document::new("");
    doc.heading(Level::H1, &t.title);
    let names: Vec<String> = summaries.iter().map(|s| the(&s.profile.name)).collect();
    let audience = if t.audience.is_empty() { "colleagues at the MDT".to_string() } else { fit.line(t.audience.trim_end_matches('.')) };
    let by = if t.presenters.is_empty() {
        String::new()
    } else {
        let who: Vec<String> = t.presenters.iter().map(|p| p.name.clone()).collect();
        format!(", from {}", and_list(&who))
    };
    doc.paragraph(format!("What {} offer you, and how to ask them: for {audience}{by}.", names.join(" and ")));

    for s in summaries {
        let p = &s.profile;
        doc.heading(Level::H2, capitalised(&the(&p.name)));
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut offer = fit.text(&p.summary);
        if fit.d.extras {
            offer.push_str(&format!("\nFor example: {}", full_stop(&fit.inline(&p.interventions))));
        }
        pairs.push(("They offer you".into(), offer));
        pairs.push(("Ask them when".into(), fit.bullets(&p.referral.when)));
        // The team's own route first; the profile's general one when the team has not given one.
        let mut how = Vec::new();
        if p.local.contact.is_empty() {
            how.push(fit.text(&p.referral.route));
        } else {
            how.push(fit.text(&p.local.contact));
        }
        if !p.local.criteria.is_empty() {
            how.push(format!("Criteria: {}", fit.text(&p.local.criteria)));
        }
        if !p.local.waiting.is_empty() {
            how.push(format!("Usual wait: {}", fit.text(&p.local.waiting)));
        }
        pairs.push(("How to ask here".into(), how.join("\n")));
        let contacts = if s.holders.is_empty() {
            "Nobody on the team roster holds this role yet: ask at the MDT.".to_string()
        } else {
            let shown = s.holders.len().min(fit.d.holders);
            fit.mark(shown < s.holders.len());
            let mut lines: Vec<String> = s.holders[..shown].iter().map(|h| fit.line(&contact_line(&h.member))).collect();
            if shown < s.holders.len() {
                lines.push(format!("and {} more on the team roster", s.holders.len() - shown));
            }
            lines.join("\n")
        };
        pairs.push(("Who to contact".into(), contacts));
        let back = if p.referral.feedback.is_empty() {
            format!("Ask {} what they will send back, and when.", the(&p.name))
        } else {
            fit.text(&p.referral.feedback)
        };
        pairs.push(("You hear back".into(), back));
        if fit.d.extras {
            pairs.push(("Not their role".into(), fit.bullets(&p.boundaries)));
        } else {
            fit.mark(true);
        }
        doc.key_values(pairs);
    }

    doc.heading(Level::H2, "Who leads when");
    let leads: Vec<String> = summaries
        .iter()
        .map(|s| {
            let items = fit.inline(&s.profile.leads);
            let items: Vec<String> = items.split("; ").map(|i| in_sentence(i.trim_end_matches('.'))).collect();
            format!("{} leads when: {}", capitalised(&the(&s.profile.name)), full_stop(&items.join("; ")))
        })
        .collect();
    doc.paragraph(leads.join("\n"));
    doc.paragraph(
        "When both are involved, or it is not clear who should lead, agree at the MDT and write down who leads on which \
         part, who holds clinical risk, how worries are passed on, and who to call in an emergency.",
    );
    if fit.was_cut() {
        doc.paragraph(SHORTENED_BOTH);
    }
    doc.blocks
}

/// The file name to offer for the agenda of teach-in `id`, e.g. `teach-in-ot-splw-agenda.pdf`.
pub fn agenda_file_name(conn: &Connection, id: i64) -> Result<String> {
    Ok(format!("{}-agenda.pdf", file_stem(&crate::teach_ins::get(conn, id)?)))
}

/// The file name to offer for the handout of teach-in `id`, e.g. `teach-in-ot-splw-handout.pdf`.
pub fn handout_file_name(conn: &Connection, id: i64) -> Result<String> {
    Ok(format!("{}-handout.pdf", file_stem(&crate::teach_ins::get(conn, id)?)))
}

/// The agenda with speaker notes of teach-in `id` written to `path` (whole or not at all), saying
/// how many pages and which characters the font could not print.
pub fn export_agenda(conn: &Connection, id: i64, path: &Path) -> Result<ExportReport> {
    write_report(path, &print_agenda(&crate::teach_ins::get(conn, id)?)?)
}

/// The handout of teach-in `id`, current at `today`, written to `path` like [`export_agenda`].
pub fn export_handout(conn: &Connection, id: i64, today: NaiveDate, path: &Path) -> Result<ExportReport> {
    write_report(path, &print_handout(conn, &crate::teach_ins::get(conn, id)?, today)?)
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
    doc.paragraph(
        "The handout (what each role offers, when and how to refer here, who to contact, what you hear back, and who leads when) \
         is printed separately for everyone attending.",
    );

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
