//! `mdt agenda` and `mdt invite`, run as a user would on the demo database: the planned meeting
//! (#4) lists DH-1187, who has a (made-up) local identifier, DEMO-0002, on record.

mod support;

#[path = "support/reports.rs"]
mod reports;

use assert_cmd::Command;
use predicates::prelude::*;
use reports::{assert_in_order, pdf_pages, pdf_text};
use support::{demo_db as demo, mdt};

#[test]
fn the_agenda_pack_is_written_without_identifiers_and_with_presenter_pages_when_asked() {
    let (dir, db) = demo();
    let plain = dir.path().join("pack.pdf");
    mdt(&db)
        .args(["agenda", "4", "-o"])
        .arg(&plain)
        .assert()
        .success()
        .stdout(predicate::str::contains("Wrote the agenda pack of meeting #4").and(predicate::str::contains("never carries an identifier")));
    let text = pdf_text(&std::fs::read(&plain).unwrap());
    assert_in_order(&text, &["Timed agenda", "Matters arising", "DH-1187", "AP-4476", "CB-5502", "TO-1450", "Teach-in", "Who is expected"]);
    assert!(!text.contains("What you are bringing"));

    // Positive control: the database holds DH-1187's identifier, and the minutes print it when asked.
    let minutes = dir.path().join("minutes.pdf");
    mdt(&db).args(["minutes", "2", "--include-identifiers", "-o"]).arg(&minutes).assert().success();
    assert!(pdf_text(&std::fs::read(&minutes).unwrap()).contains("DEMO-0002"));
    assert!(!text.contains("DEMO-0002"), "the pack never carries it");

    let full = dir.path().join("full.pdf");
    mdt(&db).args(["agenda", "4", "--per-presenter", "--output"]).arg(&full).assert().success();
    let pages = pdf_pages(&std::fs::read(&full).unwrap());
    assert!(pages.len() > pdf_pages(&std::fs::read(&plain).unwrap()).len());
    let all = pages.concat().join(" ");
    assert!(all.contains("What you are bringing: Callum Mockridge") && all.contains("Decision then"), "{all}");
    assert!(!all.contains("DEMO-0002"));
}

#[test]
fn the_invitation_keeps_its_event_and_counts_changes() {
    let (dir, db) = demo();
    let first = dir.path().join("meeting.ics");
    mdt(&db)
        .args(["invite", "4", "-o"])
        .arg(&first)
        .assert()
        .success()
        .stdout(predicate::str::contains("Wrote the calendar invitation of meeting #4").and(predicate::str::contains("updates the same event")));
    let read = |path: &std::path::Path| {
        let text = std::fs::read_to_string(path).unwrap().replace("\r\n ", "");
        let field = |name: &str| text.lines().find_map(|l| l.strip_prefix(name)).unwrap_or_default().trim_end().to_string();
        (field("UID:"), field("SEQUENCE:"), text)
    };
    let (uid, sequence, text) = read(&first);
    assert_eq!(sequence, "0");
    assert!(text.contains("DTSTART;TZID=Europe/London:20") && text.contains("BEGIN:VTIMEZONE"), "{text}");
    assert!(text.contains("DH-1187") && !text.contains("DEMO-0002"));

    // A case list added from a CSV file changes the agenda: the same event, change 1.
    let csv = dir.path().join("cases.csv");
    std::fs::write(&csv, "reference,reason,minutes\nZZ-0001,New referral,5\n").unwrap();
    mdt(&db).args(["import-cases", "4"]).arg(&csv).assert().success();
    let second = dir.path().join("meeting-2.ics");
    mdt(&db).args(["invite", "4", "-o"]).arg(&second).assert().success().stdout(predicate::str::contains("This is change 1 to the event"));
    let (uid_again, sequence, text) = read(&second);
    assert_eq!((uid_again, sequence), (uid, "1".to_string()));
    assert!(text.contains("ZZ-0001 (5 minutes)"), "{text}");
}

#[test]
fn mistakes_are_explained_and_nothing_is_written() {
    let (dir, db) = demo();
    let out = dir.path().join("x.pdf");
    mdt(&db).args(["agenda", "99", "-o"]).arg(&out).assert().code(2).stderr(predicate::str::contains("Meeting #99"));
    mdt(&db).args(["invite", "99", "-o"]).arg(dir.path().join("x.ics")).assert().code(2).stderr(predicate::str::contains("Meeting #99"));
    let missing = dir.path().join("no-such-folder/x.ics");
    mdt(&db).args(["invite", "4", "-o"]).arg(&missing).assert().code(2).stderr(predicate::str::contains("Could not use"));
    assert!(!out.exists() && !missing.exists());
    // The failed export kept nothing: no UID was stored for a file that was not written.
    let store = mdt::Store::open(&db).unwrap();
    assert_eq!(mdt::reports::invitation::last_exported(store.conn(), 4).unwrap(), None);
    drop(store);
    let ok = dir.path().join("ok.ics");
    mdt(&db).args(["invite", "4", "-o"]).arg(&ok).assert().success();
    let store = mdt::Store::open(&db).unwrap();
    assert_eq!(mdt::reports::invitation::last_exported(store.conn(), 4).unwrap().map(|s| s.sequence), Some(0));
}

#[test]
fn a_meeting_cancelled_from_the_cli_cancels_its_event_and_can_be_reinstated() {
    let (dir, db) = demo();
    let sent = dir.path().join("sent.ics");
    mdt(&db).args(["invite", "4", "-o"]).arg(&sent).assert().success();
    mdt(&db).args(["cancel", "4", "--reason", "   "]).assert().code(2).stderr(predicate::str::contains("Give the reason for cancelling"));
    mdt(&db)
        .args(["--as", "Femi Placeholder", "cancel", "4", "--reason", "Chair on leave"])
        .assert()
        .success()
        .stdout(predicate::str::contains(" is cancelled. Its 4 cases will be added to the agenda when the series' next meeting is planned."));
    mdt(&db).arg("meetings").assert().success().stdout(predicate::str::is_match(r"(?m)^\S+ \S+\s+cancelled\s+.*\s+4\n").unwrap());
    mdt(&db).args(["cancel", "4", "--reason", "Again"]).assert().code(2).stderr(predicate::str::contains("already cancelled"));
    mdt(&db).args(["agenda", "4", "-o"]).arg(dir.path().join("pack.pdf")).assert().code(2).stderr(predicate::str::contains("no agenda to circulate"));

    let cancelled = dir.path().join("cancelled.ics");
    mdt(&db).args(["invite", "4", "-o"]).arg(&cancelled).assert().success().stdout(predicate::str::contains("cancels the event"));
    let text = std::fs::read_to_string(&cancelled).unwrap().replace("\r\n ", "");
    let uid = |text: &str| text.lines().find(|l| l.starts_with("UID:")).unwrap().to_string();
    assert_eq!(uid(&text), uid(&std::fs::read_to_string(&sent).unwrap().replace("\r\n ", "")));
    for line in ["METHOD:CANCEL", "STATUS:CANCELLED", "SEQUENCE:1"] {
        assert!(text.lines().any(|l| l == line), "{line} in {text}");
    }
    assert!(text.contains("Reason: Chair on leave"), "{text}");

    mdt(&db).args(["reinstate", "4"]).assert().success().stdout(predicate::str::contains("is reinstated. 4 cases are back on its agenda."));
    mdt(&db).args(["reinstate", "4"]).assert().code(2).stderr(predicate::str::contains("not cancelled"));
    let store = mdt::Store::open(&db).unwrap();
    assert_eq!(mdt::meetings::get(store.conn(), 4).unwrap().status, mdt::meetings::MeetingStatus::Planned);
    let who: String = store
        .conn()
        .query_row("SELECT actor FROM audit_log WHERE entity = 'meeting_cancellation' AND action = 'create'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(who, "Femi Placeholder");
}

#[test]
fn the_commands_have_help() {
    Command::cargo_bin("mdt").unwrap().args(["agenda", "--help"]).assert().success().stdout(predicate::str::contains("--per-presenter"));
    Command::cargo_bin("mdt").unwrap().args(["invite", "--help"]).assert().success().stdout(predicate::str::contains("FILE.ics"));
}
