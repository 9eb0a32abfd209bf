//! Child process for the crash test (tests/crash.rs): writes meetings, cases, discussions and
//! actions through the core API in a loop and prints one line per committed write, until killed.
//!
//! Usage: crash_writer DB_PATH SEED

use std::io::Write;

use mdt::actions::{self, ActionInput};
use mdt::agenda::{self, CaseItemInput, Consent};
use mdt::discussions::{self, DiscussionRecord, Lead, Need};
use mdt::meetings::{self, MeetingInput};
use mdt::members::{self, MemberInput};
use mdt::Store;

fn main() -> mdt::Result<()> {
    let mut args = std::env::args().skip(1);
    let db = args.next().expect("database path");
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut store = Store::open(std::path::Path::new(&db))?;
    let owner = match members::list(store.conn())?.first() {
        Some(m) => m.id,
        None => members::create(&mut store, &MemberInput { name: "Crash Tester".into(), role_key: "ot".into(), ..Default::default() })?.id,
    };
    let mut out = std::io::stdout().lock();
    let mut meeting_id = None;
    for i in 0u64.. {
        let tag = format!("{seed}-{i}");
        if i % 8 == 0 || meeting_id.is_none() {
            let m = meetings::create(&mut store, &meeting(&tag))?;
            writeln!(out, "meeting {} {}", m.id, m.title).ok();
            meeting_id = Some(m.id);
        }
        let reference = format!("CR-{tag}");
        let item = agenda::add_case(&mut store, meeting_id.unwrap(), &case(&reference))?;
        writeln!(out, "item {item} {reference}").ok();
        discussions::save(&mut store, item, 0, &record(&tag, owner))?;
        writeln!(out, "discussion {item} {}", record(&tag, owner).discussion).ok();
        let action = actions::add(&mut store, item, &ActionInput { description: format!("Action {tag}"), owner_id: owner, due_date: None })?;
        writeln!(out, "action {} {}", action.id, action.description).ok();
        out.flush().ok();
    }
    Ok(())
}

fn meeting(tag: &str) -> MeetingInput {
    MeetingInput::new("Crash test MDT", format!("Crash meeting {tag}"), "2026-01-05T13:00")
}

fn case(reference: &str) -> CaseItemInput {
    CaseItemInput {
        reference: reference.into(),
        identifier: None,
        reason: "Crash test".into(),
        presenter_id: None,
        co_presenter_ids: Vec::new(),
        minutes_allowed: 10,
        consent: Consent::Agreed,
        professionals: Vec::new(),
    }
}

/// A record with child rows, so a torn write would show as a discussion without its needs or lead.
fn record(tag: &str, owner: i64) -> DiscussionRecord {
    DiscussionRecord {
        discussion: format!("Discussion {tag} {}", "words ".repeat(50)),
        needs: vec![Need::Functional, Need::Housing],
        leads: vec![Lead { aspect: format!("Aspect {tag}"), member_id: Some(owner), role_key: None }],
        ..Default::default()
    }
}
