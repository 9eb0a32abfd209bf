//! `mdt demo`, run as a user would, each test on its own database file.

mod support;

use assert_cmd::Command;
use predicates::prelude::*;
use support::mdt;

#[test]
fn demo_fills_a_new_database_and_says_what_it_added() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    mdt(&db)
        .arg("demo")
        .assert()
        .success()
        .stdout(predicate::str::contains("12 members, 4 meetings").and(predicate::str::contains("agreed actions")));
    mdt(&db).arg("members").assert().success().stdout(predicate::str::contains("Dr Amara Testwell"));
    mdt(&db).arg("check").assert().success();
}

#[test]
fn demo_refuses_a_database_with_data_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.sqlite3");
    mdt(&db).args(["members", "add", "--name", "Real Colleague", "--role", "gp"]).assert().success();
    mdt(&db)
        .arg("demo")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already has team members or meetings").and(predicate::str::contains("--force")));
    mdt(&db).args(["demo", "--force"]).assert().success().stdout(predicate::str::contains("12 members"));
    mdt(&db)
        .arg("members")
        .assert()
        .success()
        .stdout(predicate::str::contains("Real Colleague").and(predicate::str::contains("Priya Mockford")));
    mdt(&db).args(["demo", "--force"]).assert().code(2).stderr(predicate::str::contains("already in this database"));
}

#[test]
fn demo_has_help() {
    Command::cargo_bin("mdt").unwrap().args(["demo", "--help"]).assert().success().stdout(predicate::str::contains("--force"));
}

#[test]
fn the_meetings_list_lines_up_however_long_the_titles() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    mdt(&db).arg("demo").assert().success();
    let out = mdt(&db).arg("meetings").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "a header and the demo's four meetings:\n{text}");
    // The demo's titles differ in length (positive control), yet every row ends at the same column.
    let titles: Vec<usize> = lines[1..].iter().map(|l| l.split("  ").filter(|p| p.contains("(demo)")).map(|p| p.trim().len()).next().unwrap()).collect();
    assert!(titles.iter().min() < titles.iter().max(), "{titles:?}");
    let widths: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
    assert!(widths.iter().all(|w| *w == widths[0]), "rows of different widths: {widths:?}\n{text}");
    assert!(lines[0].ends_with("CASES ACTIONS    ID"), "{}", lines[0]);
}
