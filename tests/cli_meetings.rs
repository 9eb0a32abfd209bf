//! `mdt meetings`, `mdt export`, `mdt import` and `mdt import-cases`, run as a user would,
//! each test on its own database files.

mod support;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use mdt::Store;
use predicates::prelude::*;
use support::*;

/// A database file with the fictional team and one planned meeting (#1) with these cases.
fn team_database(dir: &Path, references: &[&str]) -> PathBuf {
    let db = dir.join("team.sqlite3");
    let mut store = Store::open(&db).unwrap();
    let team = team(&mut store);
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    for reference in references {
        add_case(&mut store, m.id, reference, team.ot);
    }
    db
}

fn example_csv() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/case-list.csv")
}

#[test]
fn meetings_are_listed_with_date_status_title_counts_and_id() {
    let dir = tempfile::tempdir().unwrap();
    mdt(&dir.path().join("empty.sqlite3")).arg("meetings").assert().success().stdout(predicate::str::contains("No meetings yet"));
    let db = team_database(dir.path(), &["AB-0101", "CD-0102"]);
    mdt(&db).arg("meetings").assert().success().stdout(
        predicate::str::contains("DATE")
            .and(predicate::str::is_match(r"2026-03-02 13:00\s+planned\s+Riverside MDT\s+2\s+0\s+1\n").unwrap()),
    );
}

#[test]
fn a_meeting_exported_from_one_database_imports_into_another() {
    let dir = tempfile::tempdir().unwrap();
    let db = team_database(dir.path(), &["AB-0101", "CD-0102"]);
    let file = dir.path().join("riverside.json");
    mdt(&db)
        .args(["export", "1", "-o"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("Exported meeting #1 (Riverside MDT, 2026-03-02T13:00)").and(predicate::str::contains("2 agenda items")));
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(json["format"], "mdt-meeting-bundle");
    assert!(!dir.path().join("riverside.json.partial").exists(), "the temporary file is renamed into place");

    let other = dir.path().join("other.sqlite3");
    mdt(&other).arg("import").arg(&file).assert().success().stdout(
        predicate::str::contains("Imported Riverside MDT (2026-03-02T13:00) as meeting #1, planned: 2 agenda items")
            .and(predicate::str::contains("Members added to the roster: "))
            .and(predicate::str::contains("New cases: AB-0101, CD-0102")),
    );
    mdt(&other).arg("meetings").assert().success().stdout(predicate::str::contains("Riverside MDT"));
    mdt(&db).arg("import").arg(&file).assert().success().stdout(
        predicate::str::contains("as meeting #2").and(predicate::str::contains("Cases already known: AB-0101, CD-0102")),
    );
}

#[test]
fn export_without_a_file_writes_the_bundle_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let db = team_database(dir.path(), &["AB-0101", "CD-0102"]);
    let out = mdt(&db).args(["export", "1"]).assert().success().get_output().stdout.clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["meeting"]["agenda"][0]["reference"], "AB-0101");
}

#[test]
fn a_bad_bundle_or_meeting_is_a_clear_error_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = team_database(dir.path(), &["AB-0101", "CD-0102"]);
    let cut = dir.path().join("cut.json");
    mdt(&db).args(["export", "1", "-o"]).arg(&cut).assert().success();
    let text = std::fs::read_to_string(&cut).unwrap();
    std::fs::write(&cut, &text[..text.len() / 3]).unwrap();
    mdt(&db).arg("import").arg(&cut).assert().code(2).stderr(predicate::str::contains("cut short").and(predicate::str::contains("Nothing was imported")));
    mdt(&db).arg("import").arg(dir.path().join("missing.json")).assert().code(2).stderr(predicate::str::contains("missing.json"));
    mdt(&db).args(["export", "42"]).assert().code(2).stderr(predicate::str::contains("Meeting #42 could not be found"));
    mdt(&db).arg("meetings").assert().success().stdout(predicate::str::contains("Riverside MDT").count(1));
}

#[test]
fn the_example_case_list_imports_into_a_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let db = team_database(dir.path(), &["ZZ-0100", "AB-0101"]);
    mdt(&db).args(["import-cases", "1"]).arg(example_csv()).assert().code(2).stderr(
        predicate::str::contains("line 2: AB-0101 is already on this meeting's agenda").and(predicate::str::contains("these").not()),
    );
    let db = team_database(&dir.path().join("empty-agenda"), &[]);
    mdt(&db).args(["import-cases", "1"]).arg(example_csv()).assert().success().stdout(
        predicate::str::contains("Added 4 cases to meeting #1 (Riverside MDT, 2026-03-02T13:00): AB-0101, CD-0102, EF-0103, GH-0104")
            .and(predicate::str::contains("4 of them new")),
    );
    mdt(&db).arg("meetings").assert().success().stdout(predicate::str::is_match(r"Riverside MDT\s+4\s+0\s+1").unwrap());
}

#[test]
fn a_bad_case_list_names_its_lines_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = team_database(dir.path(), &["AB-0101", "CD-0102"]);
    let csv = dir.path().join("cases.csv");
    std::fs::write(&csv, "reference;presenter\r\nEF-0103;Dr Nobody\r\nGH-0104;Priya Example\r\n;Ade Sample\r\n").unwrap();
    mdt(&db).args(["import-cases", "1"]).arg(&csv).assert().code(2).stderr(
        predicate::str::contains("Nothing was imported")
            .and(predicate::str::contains("line 2: 'Dr Nobody' is not on the roster"))
            .and(predicate::str::contains("line 4: Enter a pseudonymous reference")),
    );
    std::fs::write(&csv, b"reference,reason\nAB-0199,Caf\xe9 visits\n").unwrap();
    mdt(&db).args(["import-cases", "1"]).arg(&csv).assert().code(2).stderr(predicate::str::contains("is not UTF-8 text"));
    mdt(&db).arg("meetings").assert().success().stdout(predicate::str::is_match(r"Riverside MDT\s+2\s").unwrap());
}

#[test]
fn the_new_commands_have_help() {
    for (args, says) in [
        (&["meetings", "--help"][..], "List meetings"),
        (&["export", "--help"], "NHS numbers are never exported"),
        (&["import", "--help"], "nothing is imported"),
        (&["import-cases", "--help"], "reference (needed)"),
    ] {
        Command::cargo_bin("mdt").unwrap().args(args).assert().success().stdout(predicate::str::contains("Usage").and(predicate::str::contains(says)));
    }
}

/// Version 2 bundles (the two meetings of tests/bundle.rs, kept in the fuzz corpus): the later one
/// alone cannot link its carried-over case and says so; after the earlier one it can, and a
/// person's agreement already here is kept and named.
#[test]
fn importing_version_2_bundles_says_what_was_kept_and_what_could_not_be_linked() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/bundle_import");
    let finalised = corpus.join("643aec11641d0c64e32cbd75af65d9a9f28ab209");
    let planned = corpus.join("3f6e5c1bc5943c5424e9f1ffc3aaa0c8aca88301");
    let dir = tempfile::tempdir().unwrap();
    let alone = dir.path().join("alone.sqlite3");
    mdt(&alone).arg("import").arg(&planned).assert().success().stdout(
        predicate::str::contains("Carried over from a meeting not in this database (link not kept): CD-0102 (Riverside MDT, 02/03/2026 13:00)"),
    );
    let both = dir.path().join("both.sqlite3");
    mdt(&both).arg("import").arg(&finalised).assert().success().stdout(
        predicate::str::contains("as meeting #1, finalised: 4 agenda items, 3 agreed actions").and(predicate::str::contains("Referrals: 2; teach-ins added: 1.")),
    );
    mdt(&both).arg("import").arg(&planned).assert().success().stdout(predicate::str::contains("Carried over").not());
    // The first meeting again: the same agreement is here already, so nothing is named.
    mdt(&both).arg("import").arg(&finalised).assert().success().stdout(predicate::str::contains("kept").not().and(predicate::str::contains("as meeting #3")));
    // Changed here at the planned meeting: a bundle does not write over it, and says so.
    {
        let mut store = Store::open(&both).unwrap();
        let item = mdt::meetings::load(store.conn(), 2).unwrap().agenda.into_iter().find(|i| i.label() == "AB-0101").unwrap().id;
        let newer = mdt::agreement::Agreement { concerns: "The SPLW now passes concerns on".into(), ..Default::default() };
        mdt::agreement::change(&mut store, item, 1, &newer, "The OT has stepped down").unwrap();
    }
    mdt(&both).arg("import").arg(&finalised).assert().success().stdout(predicate::str::contains(
        "Joint-working agreement already here, kept (the bundle's is the meeting's history): AB-0101",
    ));
    let store = Store::open(&both).unwrap();
    let person = mdt::meetings::load(store.conn(), 1).unwrap().agenda[0].case_id.unwrap();
    assert_eq!(mdt::agreement::open(store.conn(), person).unwrap().agreement.concerns, "The SPLW now passes concerns on");
}
