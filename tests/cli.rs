//! The `mdt` binary, run as a user would, each test on its own database file.

mod support;

use assert_cmd::Command;
use predicates::prelude::*;
use support::mdt;

#[test]
fn add_and_list_members() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.sqlite3");
    mdt(&db).args(["members"]).assert().success().stdout(predicate::str::contains("No team members yet"));
    mdt(&db)
        .args(["members", "add", "--name", "Bea Madeup", "--role", "splw", "--email", "bea@example.test", "--core"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Added Bea Madeup (Social prescribing link worker)"));
    mdt(&db)
        .args(["members", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Bea Madeup").and(predicate::str::contains("bea@example.test")));
}

#[test]
fn a_member_who_leaves_is_listed_apart_with_their_open_actions_counted_and_can_come_back() {
    let (_dir, db) = support::demo_db();
    let out = |args: &[&str]| String::from_utf8(mdt(&db).args(args).assert().success().get_output().stdout.clone()).unwrap();
    // The control: in the team, no list of leavers.
    assert!(!out(&["members"]).contains("Left the team"));
    // A day to come is refused, and nothing changes.
    mdt(&db)
        .args(["members", "left", "--name", "priya mockford", "--on", "01/01/2099"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("01/01/2099 is still to come"));
    assert!(!out(&["members"]).contains("Left the team"));
    let said = out(&["members", "left", "--name", "priya mockford", "--on", "1/12/2026"]);
    assert!(said.starts_with("Priya Mockford marked as having left the team on 01/12/2026.\n"), "{said}");
    assert!(said.contains("open actions are still in their name") || said.contains("open action is still in their name"), "{said}");
    let listed = out(&["members"]);
    let (team, left) = listed.split_once("Left the team (kept because the minutes name them):").expect("a list of leavers");
    assert!(!team.contains("Priya Mockford") && team.contains("Tomasz Sampleby"), "{listed}");
    assert!(left.contains("Priya Mockford") && left.contains("left 01/12/2026"), "{listed}");
    assert_eq!(out(&["members", "back", "--name", "Priya Mockford"]), "Priya Mockford is back in the team.\n");
    assert!(!out(&["members"]).contains("Left the team"));
}

#[test]
fn bad_input_is_a_clear_error_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.sqlite3");
    mdt(&db)
        .args(["members", "add", "--name", "Cal Fake", "--role", "ot", "--email", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not look like an email address"));
    mdt(&db)
        .args(["members", "add", "--name", "Cal Fake", "--role", "wizard"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a known role").and(predicate::str::contains("splw")));
}

#[test]
fn the_database_path_can_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("from-env.sqlite3");
    Command::cargo_bin("mdt").unwrap().env("MDT_DB", &db).args(["members"]).assert().success();
    assert!(db.exists());
    assert!(dir.path().join("logs").is_dir(), "logs sit beside the database");
}

#[test]
fn check_reports_ok_on_a_healthy_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.sqlite3");
    mdt(&db)
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::contains("Integrity:       ok").and(predicate::str::contains("Result:          OK")));
}

#[test]
fn check_fails_on_a_newer_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newer.sqlite3");
    rusqlite::Connection::open(&db).unwrap().execute_batch("PRAGMA user_version = 99;").unwrap();
    mdt(&db).arg("check").assert().failure().stderr(predicate::str::contains("newer version of MDT Assistant"));
}

#[test]
fn check_fails_on_a_damaged_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.sqlite3");
    mdt(&db).args(["members", "add", "--name", "Dee Unreal", "--role", "gp"]).assert().success();
    // Overwrite the middle of the file: the header survives, the pages do not.
    let mut bytes = std::fs::read(&db).unwrap();
    let _ = std::fs::remove_file(dir.path().join("team.sqlite3-wal"));
    assert!(bytes.len() > 8192, "checkpointed on close");
    for b in &mut bytes[4096..8192] {
        *b = 0xA5;
    }
    std::fs::write(&db, bytes).unwrap();
    mdt(&db).arg("check").assert().failure();
}

#[test]
fn every_command_has_help() {
    for args in [&["--help"][..], &["members", "--help"], &["members", "add", "--help"], &["check", "--help"], &["roles", "--help"]] {
        Command::cargo_bin("mdt").unwrap().args(args).assert().success().stdout(predicate::str::contains("Usage"));
    }
}

#[test]
fn backup_and_restore_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.sqlite3");
    let copy = dir.path().join("copy.sqlite3");
    mdt(&db).args(["members", "add", "--name", "Kept Member", "--role", "ot"]).assert().success();
    mdt(&db).arg("backup").arg(&copy).assert().success().stdout(predicate::str::contains("Backed up to"));
    mdt(&db).args(["members", "add", "--name", "Later Member", "--role", "ot"]).assert().success();
    mdt(&db)
        .arg("restore")
        .arg(&copy)
        .assert()
        .success()
        .stdout(predicate::str::contains("The database as it was is kept at"));
    mdt(&db).arg("members").assert().success().stdout(predicate::str::contains("Kept Member").and(predicate::str::contains("Later Member").not()));
    mdt(&db).arg("restore").arg(dir.path().join("missing.sqlite3")).assert().code(2).stderr(predicate::str::contains("no such file"));
}
