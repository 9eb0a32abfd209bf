//! Referrals: `mdt referrals` lists them (open ones by default), `mdt referral ID -o FILE.pdf`
//! prints one as a letter.

use std::path::Path;

use mdt::reports::referral_letter::{self, LetterOptions};
use mdt::referrals::{self, ReferralFilter};
use mdt::{Error, Store, labels};

use crate::output::print_pages;

/// One line per referral: id, date made, person, from, to, status, feedback; then a count.
pub fn list(store: &Store, all: bool) -> Result<(), Error> {
    let found = referrals::list(store.conn(), &ReferralFilter { open_only: !all, ..Default::default() })?;
    if found.is_empty() {
        println!("{}", if all { "No referrals are recorded." } else { "No referrals are open." });
        return Ok(());
    }
    for r in &found {
        let mut status = labels::referral_status(r.status).to_string();
        if !r.declined_reason.is_empty() {
            status = format!("{status}: {}", r.declined_reason);
        }
        let feedback = match (&r.feedback_due, &r.feedback_given_on) {
            (_, Some(given)) => format!("feedback given {given}"),
            (Some(due), None) if r.feedback_overdue => format!("feedback OVERDUE since {due}"),
            (Some(due), None) => format!("feedback due {due}"),
            (None, None) => "no feedback asked".to_string(),
        };
        println!(
            "#{}  {}  {}  from {}  to {}  {}  {}",
            r.id, r.made_on, r.case_reference, r.from_name, r.to_label, status, feedback
        );
    }
    let noun = if all { "referral" } else { "open referral" };
    println!("{}.", mdt::words::count(found.len(), noun, &format!("{noun}s")));
    Ok(())
}

pub fn letter(store: &mut Store, id: i64, output: &Path, include_identifiers: bool) -> Result<(), Error> {
    let options = LetterOptions { include_identifiers, ..Default::default() };
    let report = referral_letter::export(store, id, &options, output)?;
    let r = referrals::get(store.conn(), id)?;
    println!("Wrote the letter for referral #{} ({} to {}) to {}.", r.id, r.case_reference, r.to_label, report.path);
    print_pages(&report);
    println!(
        "{}",
        if include_identifiers {
            "Full identifiers are included; the export is recorded in the audit log. Store and send the file securely."
        } else {
            "Full identifiers are left out: the person appears by pseudonymous reference only."
        }
    );
    Ok(())
}
