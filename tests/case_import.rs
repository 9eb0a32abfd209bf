//! Case lists from CSV: the shapes spreadsheets save (BOM, CRLF, semicolons), every bad row
//! reported with its line, and nothing imported while any row is wrong.

mod support;

use mdt::agenda::Consent;
use mdt::case_import::import_cases;
use mdt::meetings;
use mdt::{Error, ErrorCode, Store};
use support::*;

const GOOD: &str = "\
reference,reason,presenter,minutes,consent,nhs_number,professionals
AB-0101,Falls at home,Priya Example,15,agreed,,Ade Sample; Community mental health team
CD-0102,\"Isolated, low mood\",ade sample,,objected,,
EF-0103,Housing disrepair,,5,not recorded,943 476 5919,Housing officer|Jo Placeholder
";

fn store() -> (Store, Team, i64) {
    let mut store = Store::open_in_memory().unwrap();
    let team = team(&mut store);
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    (store, team, m.id)
}

fn agenda_count(store: &Store) -> i64 {
    store.conn().query_row("SELECT count(*) FROM agenda_items", [], |r| r.get(0)).unwrap()
}

/// The problems of an import that must fail with row errors; nothing may have been added.
fn problems(csv: &str) -> Vec<String> {
    let (mut store, _, m) = store();
    let before = (agenda_count(&store), store.conn().query_row("SELECT count(*) FROM cases", [], |r| r.get::<_, i64>(0)).unwrap());
    let err = import_cases(&mut store, m, csv).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ImportRows, "{err}");
    let after = (agenda_count(&store), store.conn().query_row("SELECT count(*) FROM cases", [], |r| r.get::<_, i64>(0)).unwrap());
    assert_eq!(after, before, "nothing imported");
    match err {
        Error::ImportRows(problems) => problems,
        _ => unreachable!(),
    }
}

#[test]
fn a_good_file_becomes_the_case_list_in_order() {
    let (mut store, team, m) = store();
    let report = import_cases(&mut store, m, GOOD).unwrap();
    assert_eq!((report.imported, report.new_cases), (3, 3));
    assert_eq!(report.references, ["AB-0101", "CD-0102", "EF-0103"]);
    let agenda = meetings::load(store.conn(), m).unwrap().agenda;
    let first = &agenda[0];
    assert_eq!((first.label(), first.reason.as_str(), first.presenter_id, first.minutes_allowed), ("AB-0101", "Falls at home", Some(team.ot), 15));
    assert_eq!(first.consent, Consent::Agreed);
    let names: Vec<_> = first.professionals.iter().map(|p| (p.member_id, p.name.as_str())).collect();
    assert_eq!(names, [(Some(team.splw), "Ade Sample"), (None, "Community mental health team")]);
    assert_eq!((agenda[1].reason.as_str(), agenda[1].presenter_id, agenda[1].minutes_allowed), ("Isolated, low mood", Some(team.splw), 10));
    assert_eq!(agenda[1].consent, Consent::Objected);
    assert_eq!((agenda[2].presenter_id, agenda[2].consent, agenda[2].has_identifier), (None, Consent::NotRecorded, true));
    assert_eq!(agenda[2].professionals.iter().map(|p| p.member_id).collect::<Vec<_>>(), [None, Some(team.nurse)]);
}

#[test]
fn columns_may_come_in_any_order_and_case_and_most_may_be_left_out() {
    let (mut store, team, m) = store();
    let csv = "Presenter,NHS Number,Reference\nDR GWEN IMAGINARY,,GH-0104\n";
    import_cases(&mut store, m, csv).unwrap();
    let item = &meetings::load(store.conn(), m).unwrap().agenda[0];
    assert_eq!((item.label(), item.presenter_id, item.minutes_allowed, item.consent), ("GH-0104", Some(team.gp), 10, Consent::NotRecorded));
}

/// GOOD as a spreadsheet in a European locale saves it: no quotes needed around commas, and
/// professionals separated by pipes.
const SEMICOLONS: &str = "\
reference;reason;presenter;minutes;consent;nhs_number;professionals
AB-0101;Falls at home;Priya Example;15;agreed;;Ade Sample | Community mental health team
CD-0102;Isolated, low mood;ade sample;;objected;;
EF-0103;Housing disrepair;;5;not recorded;943 476 5919;Housing officer|Jo Placeholder
";

#[test]
fn a_byte_order_mark_windows_line_endings_and_semicolons_are_read() {
    let variants = [format!("\u{feff}{GOOD}"), GOOD.replace('\n', "\r\n"), SEMICOLONS.to_string(), format!("\u{feff}{}", SEMICOLONS.replace('\n', "\r\n"))];
    for (i, csv) in variants.iter().enumerate() {
        let (mut store, team, m) = store();
        let report = import_cases(&mut store, m, csv).unwrap_or_else(|e| panic!("variant {i}: {e}"));
        assert_eq!(report.references, ["AB-0101", "CD-0102", "EF-0103"], "variant {i}");
        let agenda = meetings::load(store.conn(), m).unwrap().agenda;
        assert_eq!((agenda[0].presenter_id, agenda[0].minutes_allowed), (Some(team.ot), 15), "variant {i}");
        assert_eq!(agenda[1].reason, "Isolated, low mood", "variant {i}");
        assert_eq!(agenda[0].professionals.len(), 2, "variant {i}");
        assert_eq!(agenda[2].consent, Consent::NotRecorded, "variant {i}: no stray carriage return");
    }
}

#[test]
fn each_kind_of_bad_row_is_reported_with_its_line() {
    let csv = "\
reference,presenter,minutes,consent,nhs_number
AB-0101,Dr Nobody,,,
,Priya Example,,,
CD-0102,,ten,,
EF-0103,,500,,
GH-0104,,,maybe,
IJ-0105,,,,943 476 5918
943 476 5919,,,,
AB-0101,,,,
KL-0106,,,,,extra
AB-0101,,,,
";
    let problems = problems(csv);
    let expected = [
        "line 2: 'Dr Nobody' is not on the roster",
        "line 3: Enter a pseudonymous reference",
        "line 4: 'ten' is not a whole number of minutes",
        "line 5: 500 minutes: Allow between 1 and 240 minutes",
        "line 6: 'maybe' is not a consent value",
        "line 7: That NHS number is not valid",
        "line 8: That reference looks like an NHS number",
        "line 9: AB-0101 is already listed on line 2",
        "line 10: the row has 6 values but the header names 5 columns",
        "line 11: AB-0101 is already listed on line 2",
    ];
    assert_eq!(problems.len(), expected.len(), "{problems:#?}");
    for (problem, start) in problems.iter().zip(expected) {
        assert!(problem.starts_with(start), "{problem:?} should start with {start:?}");
    }
    assert_eq!(self::problems(&csv.replace('\n', "\r\n")), problems, "the same lines with Windows line endings");
    assert!(!problems.join("\n").contains("9434765918") && !problems.join("\n").contains("943 476 5918"), "never repeated");
}

#[test]
fn one_bad_row_among_good_ones_imports_nothing() {
    let csv = GOOD.replace("ade sample", "Ada Typo");
    assert_eq!(problems(&csv), ["line 3: 'Ada Typo' is not on the roster (check the spelling, or add them to the roster first)"]);
}

#[test]
fn a_case_already_on_the_agenda_is_not_added_twice() {
    let (mut store, team, m) = store();
    add_case(&mut store, m, "AB-0101", team.ot);
    let err = import_cases(&mut store, m, GOOD).unwrap_err();
    assert!(err.to_string().contains("line 2: AB-0101 is already on this meeting's agenda"), "{err}");
    assert_eq!(agenda_count(&store), 1);
}

#[test]
fn header_problems_are_reported_on_line_1() {
    let problems = problems("ref,presentor\nAB-0101,Priya Example\n");
    assert!(problems[0].starts_with("line 1: 'ref' is not a column this import knows"), "{problems:?}");
    assert!(problems[1].starts_with("line 1: 'presentor' is not a column"), "{problems:?}");
    assert!(problems[2].contains("no 'reference' column"), "{problems:?}");
}

#[test]
fn an_empty_file_or_a_header_alone_gets_a_clear_message() {
    let (mut store, _, m) = store();
    for (csv, says) in [("", "The case list is empty"), ("\u{feff}\r\n", "The case list is empty"), ("reference,reason\r\n", "no cases under it")] {
        let err = import_cases(&mut store, m, csv).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Invalid);
        assert!(err.to_string().contains(says), "{err}");
    }
    assert_eq!(agenda_count(&store), 0);
}

#[test]
fn finalised_minutes_take_no_case_list() {
    let (mut store, _, m) = store();
    meetings::finalise(&mut store, m).unwrap();
    assert_eq!(import_cases(&mut store, m, GOOD).unwrap_err().code(), ErrorCode::Conflict);
    assert_eq!(import_cases(&mut store, 999, GOOD).unwrap_err().code(), ErrorCode::NotFound);
}

#[test]
fn the_message_lists_the_first_twenty_problems_and_counts_the_rest() {
    let rows: String = (0..25).map(|i| format!("XY-{i:04},Nobody {i}\n")).collect();
    let message = Error::ImportRows(problems(&format!("reference,presenter\n{rows}"))).to_string();
    assert!(message.starts_with("Nothing was imported. Fix these 25 problems"), "{message}");
    assert!(message.contains("line 21: 'Nobody 19'") && !message.contains("line 22:"), "{message}");
    assert!(message.ends_with("...and 5 more."), "{message}");
}
