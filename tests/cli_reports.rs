//! `mdt minutes` and `mdt actions`, run as a user would on the demo database.

mod support;

#[path = "support/reports.rs"]
mod reports;

use assert_cmd::Command;
use predicates::prelude::*;
use reports::pdf_text;
use support::{demo_db as demo, mdt};

#[test]
fn minutes_are_written_with_identifiers_only_when_asked() {
    let (dir, db) = demo();
    // Meeting #2 of the demo is finalised; GW-3310 has a (made-up) local identifier.
    let plain = dir.path().join("minutes.pdf");
    mdt(&db)
        .args(["minutes", "2", "-o"])
        .arg(&plain)
        .assert()
        .success()
        .stdout(predicate::str::contains("pages.").and(predicate::str::contains("Full identifiers are left out")));
    let text = pdf_text(&std::fs::read(&plain).unwrap());
    assert!(text.contains("GW-3310") && !text.contains("DEMO-0001"));

    let with = dir.path().join("with-identifiers.pdf");
    mdt(&db)
        .args(["minutes", "2", "--include-identifiers", "--output"])
        .arg(&with)
        .assert()
        .success()
        .stdout(predicate::str::contains("recorded in the audit log"));
    assert!(pdf_text(&std::fs::read(&with).unwrap()).contains("other identifier DEMO-0001"));
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!names.iter().any(|n| n.contains("partial")), "{names:?}");
}

#[test]
fn an_action_list_for_one_owner_fits_a_page() {
    let (dir, db) = demo();
    let out = dir.path().join("priya.pdf");
    mdt(&db)
        .args(["actions", "--owner", "PRIYA MOCKFORD", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("1 page."));
    assert!(pdf_text(&std::fs::read(&out).unwrap()).contains("Open actions: Priya Mockford"));
    let all = dir.path().join("all.pdf");
    mdt(&db).args(["actions", "--overdue", "--per-owner-pages", "-o"]).arg(&all).assert().success();
    assert!(pdf_text(&std::fs::read(&all).unwrap()).contains("OVERDUE"));
}

#[test]
fn mistakes_are_explained_and_nothing_is_written() {
    let (dir, db) = demo();
    let out = dir.path().join("x.pdf");
    mdt(&db)
        .args(["actions", "--owner", "Nobody Here", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Nobody called 'Nobody Here'"));
    mdt(&db).args(["minutes", "99", "-o"]).arg(&out).assert().code(2).stderr(predicate::str::contains("Meeting #99"));
    let missing = dir.path().join("no-such-folder/x.pdf");
    mdt(&db).args(["minutes", "1", "-o"]).arg(&missing).assert().code(2).stderr(predicate::str::contains("Could not use"));
    assert!(!out.exists());
}

#[test]
fn reports_have_help() {
    Command::cargo_bin("mdt").unwrap().args(["minutes", "--help"]).assert().success().stdout(predicate::str::contains("--include-identifiers"));
    Command::cargo_bin("mdt")
        .unwrap()
        .args(["actions", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--per-owner-pages").and(predicate::str::contains("--overdue")));
}
