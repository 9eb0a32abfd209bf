//! Documents: `mdt minutes`, `mdt agenda` and `mdt actions` (PDFs), `mdt invite` (a calendar
//! invitation), `mdt review` (the guidance review of a meeting, as text or JSON), and
//! `mdt report quarterly` (the quarterly MDT report for a PCN board, a PDF).

use std::path::{Path, PathBuf};

use clap::Subcommand;
use mdt::reports::quarterly;

use mdt::reports::action_list::{self, ActionListOptions};
use mdt::reports::agenda_pack::{self, AgendaPackOptions};
use mdt::reports::invitation::{self, InvitationOptions};
use mdt::reports::minutes::{self, MinutesOptions};
use mdt::{Error, Store, guidance, meetings};

use crate::output::print_pages;

pub fn minutes(store: &mut Store, meeting: i64, output: &Path, include_identifiers: bool) -> Result<(), Error> {
    let options = MinutesOptions { include_identifiers, ..Default::default() };
    let report = minutes::export(store, meeting, &options, output)?;
    let m = meetings::get(store.conn(), meeting)?;
    println!("Wrote the minutes of meeting #{} ({}, {}) to {}.", m.id, m.title, m.starts_at.replace('T', " "), report.path);
    print_pages(&report);
    println!(
        "{}",
        if include_identifiers {
            "Full identifiers are included; the export is recorded in the audit log. Store and send the file securely."
        } else {
            "Full identifiers are left out: people appear by pseudonymous reference only."
        }
    );
    Ok(())
}

pub fn agenda(store: &Store, meeting: i64, output: &Path, per_presenter: bool) -> Result<(), Error> {
    let options = AgendaPackOptions { per_presenter, created: None };
    let report = agenda_pack::export(store.conn(), meeting, &options, output)?;
    let m = meetings::get(store.conn(), meeting)?;
    println!("Wrote the agenda pack of meeting #{} ({}, {}) to {}.", m.id, m.title, m.starts_at.replace('T', " "), report.path);
    print_pages(&report);
    println!("People appear by pseudonymous reference only: the pack never carries an identifier.");
    Ok(())
}

pub fn invite(store: &mut Store, meeting: i64, output: &Path) -> Result<(), Error> {
    let report = invitation::export(store, meeting, &InvitationOptions::default(), output)?;
    let m = meetings::get(store.conn(), meeting)?;
    let stamp = invitation::last_exported(store.conn(), meeting)?.expect("the export stored the invitation's UID");
    println!("Wrote the calendar invitation of meeting #{} ({}, {}) to {}.", m.id, m.title, m.starts_at.replace('T', " "), report.path);
    println!(
        "{}",
        if m.cancellation.is_some() {
            "The meeting is cancelled: sent to the same people or imported, this file cancels the event in their calendars.".to_string()
        } else if stamp.sequence == 0 {
            "Import it into a calendar or attach it to an e-mail. Exported again after a change, it updates the same event.".to_string()
        } else {
            format!("This is change {} to the event: a calendar that has it already updates it.", stamp.sequence)
        }
    );
    Ok(())
}

pub fn actions(store: &Store, output: &Path, owner: Option<String>, overdue: bool, per_owner_pages: bool) -> Result<(), Error> {
    let owner_id = owner.map(|name| action_list::owner_named(store.conn(), &name)).transpose()?.map(|m| m.id);
    let options = ActionListOptions { owner_id, overdue_only: overdue, per_owner_pages, created: None };
    let report = action_list::export(store.conn(), &options, output)?;
    println!("Wrote the action list to {}.", report.path);
    print_pages(&report);
    Ok(())
}

/// Reports over a period of time.
#[derive(Subcommand)]
pub enum ReportCommand {
    /// Write the quarterly MDT report (PDF) for a PCN board: meetings held, cases discussed, time,
    /// actions, who leads, each member's open work, reviews, supervision and outcomes, drawn as
    /// charts with their words and tables. Without --quarter or --from/--to, the quarter holding today
    Quarterly {
        /// A quarter of the NHS financial year, which starts in April: 2026-Q3 is October to
        /// December 2026, 2026-Q4 January to March 2027
        #[arg(long, value_name = "YYYY-QN", conflicts_with_all = ["from", "to"])]
        quarter: Option<String>,
        /// The first day of the period, e.g. 01/10/2026 (with --to)
        #[arg(long, value_name = "DD/MM/YYYY", requires = "to")]
        from: Option<String>,
        /// The last day of the period, e.g. 31/12/2026 (with --from)
        #[arg(long, value_name = "DD/MM/YYYY", requires = "from")]
        to: Option<String>,
        /// The PDF file to write
        #[arg(short, long = "out", visible_alias = "output", value_name = "FILE.pdf")]
        out: PathBuf,
    },
}

pub fn report(store: &Store, command: ReportCommand) -> Result<(), Error> {
    match command {
        ReportCommand::Quarterly { quarter, from, to, out } => {
            let today = mdt::dates::local_today();
            let period = quarterly::period(quarter.as_deref(), from.as_deref(), to.as_deref(), today)?;
            let report = quarterly::export(store.conn(), &period, today, &out)?;
            println!("Wrote the quarterly MDT report for {} to {}.", period.label, report.path);
            print_pages(&report);
        }
    }
    Ok(())
}

pub fn review(store: &Store, meeting: i64, json: bool) -> Result<(), Error> {
    let review = guidance::meeting_review(store.conn(), meeting)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&review).expect("a review serialises"));
    } else {
        print!("{}", review.to_text());
    }
    Ok(())
}
