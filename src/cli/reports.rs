//! Documents: `mdt minutes` and `mdt actions` (PDFs), and `mdt review` (the guidance review of a
//! meeting, as text or JSON).

use std::path::Path;

use mdt::reports::action_list::{self, ActionListOptions};
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

pub fn actions(store: &Store, output: &Path, owner: Option<String>, overdue: bool, per_owner_pages: bool) -> Result<(), Error> {
    let owner_id = owner.map(|name| action_list::owner_named(store.conn(), &name)).transpose()?.map(|m| m.id);
    let options = ActionListOptions { owner_id, overdue_only: overdue, per_owner_pages, created: None };
    let report = action_list::export(store.conn(), &options, output)?;
    println!("Wrote the action list to {}.", report.path);
    print_pages(&report);
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
