//! Meetings in and out of the database: `mdt meetings` (the list), `cancel` and `reinstate`,
//! `export` and `import` of meeting bundles, and `import-cases` from a CSV case list.

use std::path::Path;

use mdt::words::count;
use mdt::{Error, Store, bundle, case_import, meetings};

use crate::output::{read_text, write_file};

pub fn print_meetings(store: &Store) -> Result<(), Error> {
    let list = meetings::list(store.conn())?;
    if list.is_empty() {
        println!("No meetings yet. Plan one in the app, or import one with: mdt import FILE.json");
        return Ok(());
    }
    // The title column is as wide as the longest title, so the counts after it line up.
    let title_width = list.iter().map(|m| m.title.chars().count()).max().unwrap_or(0).max("TITLE".len());
    println!("{:<16}  {:<11} {:<title_width$} {:>5} {:>7} {:>5}", "DATE", "STATUS", "TITLE", "CASES", "ACTIONS", "ID");
    for m in list {
        println!(
            "{:<16}  {:<11} {:<title_width$} {:>5} {:>7} {:>5}",
            m.starts_at.replace('T', " "),
            m.status.as_str().replace('_', " "),
            m.title,
            m.case_count,
            m.action_count,
            m.id
        );
    }
    Ok(())
}

pub fn cancel(store: &mut Store, meeting_id: i64, reason: &str) -> Result<(), Error> {
    let done = meetings::cancel(store, meeting_id, reason)?;
    println!("{}", done.summary);
    Ok(())
}

pub fn reinstate(store: &mut Store, meeting_id: i64) -> Result<(), Error> {
    let done = meetings::reinstate(store, meeting_id)?;
    println!("{}", done.summary);
    Ok(())
}

pub fn export(store: &Store, meeting_id: i64, output: Option<&Path>) -> Result<(), Error> {
    let bundle = bundle::export(store.conn(), meeting_id)?;
    let json = bundle::to_json(&bundle);
    let Some(path) = output else {
        println!("{json}");
        return Ok(());
    };
    write_file(path, &json)?;
    let items = &bundle.meeting.agenda;
    println!(
        "Exported meeting #{meeting_id} ({}, {}) to {}: {} agenda items, {} agreed actions, {} members.",
        bundle.meeting.title,
        bundle.meeting.starts_at,
        path.display(),
        items.len(),
        items.iter().map(|i| i.actions.len()).sum::<usize>(),
        bundle.members.len()
    );
    Ok(())
}

pub fn import(store: &mut Store, file: &Path) -> Result<(), Error> {
    let report = bundle::import(store, &read_text(file)?)?;
    print_import(store, &report)
}

fn print_import(store: &Store, report: &bundle::BundleImportReport) -> Result<(), Error> {
    let status = meetings::get(store.conn(), report.meeting_id)?.status;
    println!(
        "Imported {} ({}) as meeting #{}, {}: {} agenda items, {} agreed actions.",
        report.title,
        report.starts_at,
        report.meeting_id,
        status.as_str().replace('_', " "),
        report.agenda_items,
        report.actions
    );
    if report.referrals > 0 || report.teach_ins > 0 {
        println!("  Referrals: {}; teach-ins added: {}.", report.referrals, report.teach_ins);
    }
    for (label, names) in [
        ("Members found on the roster", &report.members_matched),
        ("Members added to the roster", &report.members_created),
        ("Cases already known", &report.cases_matched),
        ("New cases", &report.cases_created),
        ("Joint-working agreement already here, kept (the bundle's is the meeting's history)", &report.agreements_kept),
        ("What matters already here, kept", &report.profiles_kept),
        ("Carried over from a meeting not in this database (link not kept)", &report.carried_links_missing),
    ] {
        if !names.is_empty() {
            println!("  {label}: {}", names.join(", "));
        }
    }
    Ok(())
}

pub fn import_cases(store: &mut Store, meeting: i64, file: &Path) -> Result<(), Error> {
    let report = case_import::import_cases(store, meeting, &read_text(file)?)?;
    let m = meetings::get(store.conn(), meeting)?;
    println!(
        "Added {} to meeting #{} ({}, {}): {}. {} of them new to this database.",
        count(report.imported, "case", "cases"),
        m.id,
        m.title,
        m.starts_at,
        report.references.join(", "),
        report.new_cases
    );
    Ok(())
}
