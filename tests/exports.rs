//! Every PDF the app exports is written the same way: whole or not at all, through one atomic
//! writer, with a report of the pages and of the characters the report font cannot print. Minutes
//! and action lists are covered in their own tests; here the role sheets and the teach-in agenda
//! and handout, which report what they wrote like the others do.

mod support;
#[path = "support/reports.rs"]
mod reports;

use std::path::Path;

use chrono::NaiveDate;
use mdt::reports::{ExportReport, role_summary, teach_in as teach_in_report};
use mdt::roles::profiles as role_profiles;
use mdt::teach_ins::{self, TeachIn, TeachInInput, TeachInSlotInput};
use mdt::{ErrorCode, Store};
use reports::{pdf_pages, pdf_text};

const TODAY: &str = "2026-05-14";

fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

/// The file names in `dir`, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// Reads back what `report` says was written: a PDF of that many pages at that path.
fn read_back(report: &ExportReport, path: &Path) -> String {
    assert_eq!(report.path, path.display().to_string());
    let pdf = std::fs::read(path).unwrap();
    assert_eq!(&pdf[..5], b"%PDF-");
    assert_eq!(pdf_pages(&pdf).len(), report.pages as usize);
    pdf_text(&pdf)
}

fn teach_in(store: &mut Store) -> TeachIn {
    let team = support::team(store);
    let input = TeachInInput { presenter_ids: vec![team.ot, team.splw], total_minutes: 30, ..Default::default() };
    teach_ins::create(store, &input).unwrap()
}

#[test]
fn a_role_sheet_says_which_characters_the_font_cannot_print() {
    let mut store = Store::open_in_memory().unwrap();
    support::team(&mut store);
    let mut ot = role_profiles::default_for("ot").unwrap();
    // Emoji and Chinese print from the fallback faces; Ethiopic (Amharic, Tigrinya) is in none.
    ot.local.contact = "OT duty line 📞 0113 496 0000 (职业治疗) ሰላም".into();
    role_profiles::save_edit(&mut store, "ot", &ot).unwrap();
    let dir = tempfile::tempdir().unwrap();

    let path = dir.path().join("ot-at-a-glance.pdf");
    let report = role_summary::export_role_sheets(store.conn(), &["ot".into()], None, today(), &path).unwrap();
    assert_eq!(report.pages, 1);
    assert_eq!(report.missing_chars, ["ሰ", "ላ", "ም"]);
    let text = read_back(&report, &path);
    assert!(text.contains("OT duty line 📞 0113 496 0000 (职业治疗) \u{FFFD}\u{FFFD}\u{FFFD}"), "printed as a visible gap: {text}");

    // A sheet with nothing the font lacks reports nothing: the SPLW's, and the OT's once put right.
    let splw = dir.path().join("splw-at-a-glance.pdf");
    let report = role_summary::export_role_sheets(store.conn(), &["splw".into()], None, today(), &splw).unwrap();
    assert_eq!(report.missing_chars, Vec::<String>::new());
    assert!(!read_back(&report, &splw).contains('\u{FFFD}'));
    ot.local.contact = "OT duty line, 0113 496 0000".into();
    role_profiles::save_edit(&mut store, "ot", &ot).unwrap();
    let report = role_summary::export_role_sheets(store.conn(), &["ot".into()], None, today(), &path).unwrap();
    assert_eq!(report.missing_chars, Vec::<String>::new());
    assert!(read_back(&report, &path).contains("OT duty line, 0113 496 0000"), "the earlier file was replaced");
    assert_eq!(files(dir.path()), ["ot-at-a-glance.pdf", "splw-at-a-glance.pdf"], "nothing left beside them");

    // The comparison and every role at once report the same way.
    let both = dir.path().join("ot-and-splw-side-by-side.pdf");
    let report = role_summary::export_role_sheets(store.conn(), &[], Some(("ot", "splw")), today(), &both).unwrap();
    assert_eq!((report.pages, report.missing_chars.len()), (1, 0));
    let all = dir.path().join("roles-at-a-glance.pdf");
    let report = role_summary::export_role_sheets(store.conn(), &[], None, today(), &all).unwrap();
    assert_eq!(report.pages as usize, role_profiles::defaults().unwrap().len(), "one page a role");
}

#[test]
fn a_teach_in_agenda_and_its_handout_say_which_characters_the_font_cannot_print() {
    let mut store = Store::open_in_memory().unwrap();
    let t = teach_in(&mut store);
    let welcome = &t.slots[0];
    let notes = "• Bring the leaflet 📄 and the map ሰላም".to_string();
    let input = TeachInSlotInput { title: welcome.title.clone(), minutes: welcome.minutes, presenter_ids: vec![], notes };
    teach_ins::update_slot(&mut store, welcome.id, &input).unwrap();
    let mut splw = role_profiles::default_for("splw").unwrap();
    splw.local.contact = "Riverside 社区 link workers ም".into();
    role_profiles::save_edit(&mut store, "splw", &splw).unwrap();
    let dir = tempfile::tempdir().unwrap();

    let agenda_name = teach_in_report::agenda_file_name(store.conn(), t.id).unwrap();
    assert_eq!(agenda_name, "teach-in-ot-splw-agenda.pdf");
    let agenda = dir.path().join(&agenda_name);
    let report = teach_in_report::export_agenda(store.conn(), t.id, &agenda).unwrap();
    assert_eq!(report.missing_chars, ["ሰ", "ላ", "ም"]);
    let text = read_back(&report, &agenda);
    assert!(text.contains("Bring the leaflet 📄 and the map \u{FFFD}\u{FFFD}\u{FFFD}"), "{text}");

    let handout_name = teach_in_report::handout_file_name(store.conn(), t.id).unwrap();
    assert_eq!(handout_name, "teach-in-ot-splw-handout.pdf");
    let handout = dir.path().join(&handout_name);
    let report = teach_in_report::export_handout(store.conn(), t.id, today(), &handout).unwrap();
    assert_eq!(report.pages, 1);
    assert_eq!(report.missing_chars, ["ም"], "the handout has the team's contacts, not the speaker notes");
    assert!(read_back(&report, &handout).contains("Riverside 社区 link workers \u{FFFD}"));
    assert_eq!(files(dir.path()), [agenda_name, handout_name]);
}

#[test]
fn a_teach_in_with_nothing_the_font_lacks_reports_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let t = teach_in(&mut store);
    let dir = tempfile::tempdir().unwrap();
    let agenda = dir.path().join("agenda.pdf");
    let report = teach_in_report::export_agenda(store.conn(), t.id, &agenda).unwrap();
    assert_eq!(report.missing_chars, Vec::<String>::new());
    assert!(read_back(&report, &agenda).contains("Speaker notes"));
    let handout = dir.path().join("handout.pdf");
    let report = teach_in_report::export_handout(store.conn(), t.id, today(), &handout).unwrap();
    assert_eq!((report.pages, report.missing_chars.len()), (1, 0));
}

#[test]
fn an_export_that_cannot_be_written_leaves_nothing_and_says_where() {
    let mut store = Store::open_in_memory().unwrap();
    let t = teach_in(&mut store);
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder").join("agenda.pdf");
    let err = teach_in_report::export_agenda(store.conn(), t.id, &missing).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Io);
    assert!(err.to_string().contains("no-such-folder"), "{err}");
    let err = role_summary::export_role_sheets(store.conn(), &["ot".into()], None, today(), &missing).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Io);
    let err = teach_in_report::export_handout(store.conn(), t.id, today(), dir.path()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Io, "a folder's own name ends in a component, so the rename is refused: {err}");
    assert_eq!(files(dir.path()), Vec::<String>::new(), "no partial file anywhere");
    // A teach-in that does not exist is said so before anything is written.
    let err = teach_in_report::export_agenda(store.conn(), t.id + 1000, &dir.path().join("x.pdf")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert_eq!(teach_in_report::agenda_file_name(store.conn(), t.id + 1000).unwrap_err().code(), ErrorCode::NotFound);
    assert_eq!(files(dir.path()), Vec::<String>::new());
}
