//! `mdt roles -o` and `mdt teach-in`, run as a user would: PDFs that read back with the
//! expected pages, and errors that say what to do.

mod support;

use predicates::prelude::*;
use support::mdt;

fn page_count(path: &std::path::Path) -> usize {
    lopdf::Document::load(path).expect("a PDF").get_pages().len()
}

fn text(path: &std::path::Path) -> String {
    let file = lopdf::Document::load(path).unwrap();
    let pages: Vec<u32> = file.get_pages().keys().copied().collect();
    file.extract_text(&pages).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

fn team(db: &std::path::Path) {
    for (name, role) in [("Priya Example", "ot"), ("Ade Sample", "splw")] {
        mdt(db).args(["members", "add", "--name", name, "--role", role, "--email", "team@example.test"]).assert().success();
    }
}

#[test]
fn roles_prints_sheets_and_a_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.sqlite3");
    team(&db);
    mdt(&db).arg("roles").assert().success().stdout(predicate::str::contains("splw"));

    let all = dir.path().join("all.pdf");
    mdt(&db).args(["roles", "-o"]).arg(&all).assert().success().stdout(predicate::str::contains("(11 pages)"));
    assert_eq!(page_count(&all), 11);

    let two = dir.path().join("two.pdf");
    mdt(&db).args(["roles", "--role", "splw", "--compare", "ot,splw", "-o"]).arg(&two).assert().success();
    assert_eq!(page_count(&two), 2);
    let words = text(&two);
    assert!(words.contains("Social prescribing link worker") && words.contains("Ade Sample"), "{words}");
    assert!(words.contains("Two roles side by side") && words.contains("Who leads when"), "{words}");

    mdt(&db).args(["roles", "--compare", "ot", "-o"]).arg(&two).assert().code(2).stderr(predicate::str::contains("two role keys"));
    mdt(&db).args(["roles", "--role", "wizard", "-o"]).arg(&two).assert().code(2).stderr(predicate::str::contains("'wizard' is not a role"));
    mdt(&db).args(["roles", "--role", "ot"]).assert().failure().stderr(predicate::str::contains("--output"));
}

#[test]
fn teach_in_prints_the_agenda_and_the_handout() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.sqlite3");
    team(&db);
    let (agenda, handout) = (dir.path().join("agenda.pdf"), dir.path().join("handout.pdf"));
    mdt(&db)
        .args(["teach-in", "--roles", "ot,splw", "--minutes", "20", "--presenter", "priya example", "--presenter", "Ade Sample"])
        .arg("-o")
        .arg(&agenda)
        .arg("--handout")
        .arg(&handout)
        .assert()
        .success()
        .stdout(predicate::str::contains("Teach-in: the occupational therapist and the social prescribing link worker (20 minutes)"))
        .stdout(predicate::str::contains("Questions"))
        .stdout(predicate::str::contains("Priya Example and Ade Sample"));
    assert!(page_count(&agenda) >= 2);
    assert!(text(&agenda).contains("Speaker notes"));
    assert_eq!(page_count(&handout), 1);

    mdt(&db)
        .args(["teach-in", "--presenter", "Nobody Here", "-o"])
        .arg(&agenda)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("'Nobody Here' is not on the roster"));
    mdt(&db).args(["teach-in", "--minutes", "120", "-o"]).arg(&agenda).assert().code(2).stderr(predicate::str::contains("between 10 and 90"));
}

#[test]
fn teach_in_without_presenters_drafts_the_core_members_in_the_roles() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.sqlite3");
    // A visiting OT, not core, first on the roster by name; the team's own OT and SPLW are core.
    mdt(&db).args(["members", "add", "--name", "Aaron Visiting", "--role", "ot"]).assert().success();
    for (name, role) in [("Priya Example", "ot"), ("Ade Sample", "splw")] {
        mdt(&db).args(["members", "add", "--name", name, "--role", role, "--core"]).assert().success();
    }
    let agenda = dir.path().join("agenda.pdf");
    let out = mdt(&db).args(["teach-in", "--minutes", "30", "-o"]).arg(&agenda).assert().success().get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    let at_a_glance: Vec<&str> = out.lines().filter(|l| l.contains("at a glance")).collect();
    assert_eq!(at_a_glance.len(), 2, "{out}");
    assert!(at_a_glance[0].ends_with("Priya Example"), "{out}");
    assert!(at_a_glance[1].ends_with("Ade Sample"), "{out}");
    assert!(out.contains("Priya Example and Ade Sample"), "the joint slots name both: {out}");
    assert!(!out.contains("Aaron Visiting"), "{out}");
    // Named presenters replace the defaults.
    let out = mdt(&db).args(["teach-in", "--presenter", "Aaron Visiting", "-o"]).arg(&agenda).assert().success().get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("Aaron Visiting") && !out.contains("Priya Example"), "{out}");
}

#[test]
fn the_demo_teams_role_sheets_print_one_page_a_role() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    mdt(&db).arg("demo").assert().success();
    let all = dir.path().join("roles.pdf");
    mdt(&db).args(["roles", "-o"]).arg(&all).assert().success().stdout(predicate::str::contains("(11 pages)"));
    assert_eq!(page_count(&all), 11, "eleven roles, and no second page holding only the note that lists were shortened");
    let words = text(&all);
    assert!(words.contains("Shortened to fit one page"), "the demo OT's sheet is shortened and says so");
}
