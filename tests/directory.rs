//! Issue 19, the directory of local services: entries added, edited, checked and archived, each
//! change one audited transaction that names the version it was based on; "not checked for a year"
//! worked out against the day passed in; searching by name, offer and area; and the CSV file,
//! all or nothing on import, and exported then imported back without a change.

use chrono::NaiveDate;
use mdt::audit::{self, AuditAction, AuditEntity};
use mdt::directory::{self, DirectoryInput, DirectoryQuery};
use mdt::directory_csv;
use mdt::{Error, ErrorCode, Store};

fn day(ymd: &str) -> NaiveDate {
    NaiveDate::parse_from_str(ymd, "%Y-%m-%d").unwrap()
}

fn walking() -> DirectoryInput {
    DirectoryInput {
        name: "  Riverside Walking Group ".into(),
        offers: "Gentle hour-long walks on flat paths, with a cup of tea after.".into(),
        for_whom: "Adults who want to get moving again; walking aids welcome.".into(),
        how_to_refer: "Self-referral: turn up, or the link worker rings ahead.".into(),
        contact: "01632 960 118 · walks@riverside.example.org".into(),
        area: "Riverside and Old Town".into(),
        last_checked: "15/03/2026".into(),
    }
}

fn shed() -> DirectoryInput {
    DirectoryInput {
        name: "Northgate Men's Shed".into(),
        offers: "Woodwork and repairs in company, Tuesdays and Thursdays.".into(),
        for_whom: "Anyone over 18, mostly older men.".into(),
        how_to_refer: "Email the shed secretary with the person's first name.".into(),
        contact: "shed@northgate.example.org".into(),
        area: "Northgate".into(),
        last_checked: String::new(),
    }
}

fn names(store: &Store, text: &str, today: NaiveDate) -> Vec<String> {
    directory::list(store.conn(), &DirectoryQuery { text: text.into(), include_archived: false }, today)
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect()
}

fn invalid_field(e: Error) -> &'static str {
    match e {
        Error::Invalid { field, .. } => field,
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[test]
fn an_entry_is_added_trimmed_with_its_date_stored_and_its_creation_audited() {
    let mut store = Store::open_in_memory().unwrap();
    store.set_actor("Ade Sample");
    let today = day("2026-12-02");
    let e = directory::add(&mut store, &walking(), today).unwrap();
    assert_eq!(e.name, "Riverside Walking Group");
    assert_eq!(e.last_checked.as_deref(), Some("2026-03-15"));
    assert_eq!((e.check_due, e.check_words.as_str()), (false, "Checked 15/03/2026"));
    assert_eq!((e.version, e.archived, e.updated_by.as_str()), (1, false, "Ade Sample"));
    assert_eq!(directory::get(store.conn(), e.id, today).unwrap(), e);

    let log = audit::logged(store.conn(), AuditEntity::DirectoryEntry, e.id).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].action, log[0].actor.as_str(), log[0].before.as_deref()), (AuditAction::Create, "Ade Sample", None));
    let after: serde_json::Value = serde_json::from_str(log[0].after.as_deref().unwrap()).unwrap();
    assert_eq!(after["name"], "Riverside Walking Group");
    assert_eq!(after["lastChecked"], "2026-03-15");
}

#[test]
fn an_entry_not_checked_for_a_year_is_marked_in_words_against_the_day_passed_in() {
    // Checked on 02/12/2025: on 01/12/2026 that is under a year; from 02/12/2026 it is a year.
    let (due, words) = directory::check_state(Some("2025-12-02"), day("2026-12-01"));
    assert_eq!((due, words.as_str()), (false, "Checked 02/12/2025"));
    let (due, words) = directory::check_state(Some("2025-12-02"), day("2026-12-02"));
    assert_eq!((due, words.as_str()), (true, "Not checked for a year or more (last checked 02/12/2025)"));
    let (due, words) = directory::check_state(None, day("2026-12-02"));
    assert_eq!((due, words.as_str()), (true, "Never checked: check it is still right"));
    // A leap day: a year on from 29/02/2024 is 28/02/2025.
    assert!(!directory::check_state(Some("2024-02-29"), day("2025-02-27")).0);
    assert!(directory::check_state(Some("2024-02-29"), day("2025-02-28")).0);

    // The same stored entry read on two days: the core has no clock of its own.
    let mut store = Store::open_in_memory().unwrap();
    let e = directory::add(&mut store, &DirectoryInput { last_checked: "02/12/2025".into(), ..walking() }, day("2026-01-10")).unwrap();
    assert!(!directory::get(store.conn(), e.id, day("2026-12-01")).unwrap().check_due);
    assert!(directory::get(store.conn(), e.id, day("2026-12-02")).unwrap().check_due);
}

#[test]
fn marking_checked_records_the_day_and_clears_the_mark() {
    let mut store = Store::open_in_memory().unwrap();
    let today = day("2026-12-02");
    let e = directory::add(&mut store, &shed(), today).unwrap();
    assert_eq!((e.check_due, e.last_checked.as_deref()), (true, None));
    let checked = directory::mark_checked(&mut store, e.id, 1, "today", today).unwrap();
    assert_eq!((checked.check_due, checked.last_checked.as_deref(), checked.version), (false, Some("2026-12-02"), 2));
    assert_eq!(checked.check_words, "Checked 02/12/2026");
    // A day after today is refused, naming the field; nothing changes.
    let e = invalid_field(directory::mark_checked(&mut store, e.id, 2, "03/12/2026", today).unwrap_err());
    assert_eq!(e, "lastChecked");
    assert_eq!(directory::get(store.conn(), checked.id, today).unwrap().version, 2);
    // A blank day is refused too (nothing to record).
    assert_eq!(invalid_field(directory::mark_checked(&mut store, checked.id, 2, "  ", today).unwrap_err()), "lastChecked");
}

#[test]
fn a_save_based_on_an_older_version_is_refused_and_changes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let today = day("2026-12-02");
    let e = directory::add(&mut store, &walking(), today).unwrap();
    let first = directory::update(&mut store, e.id, 1, &DirectoryInput { area: "Riverside".into(), ..walking() }, today).unwrap();
    assert_eq!((first.version, first.area.as_str()), (2, "Riverside"));
    // Another screen still showing version 1.
    let stale = directory::update(&mut store, e.id, 1, &DirectoryInput { area: "Old Town".into(), ..walking() }, today).unwrap_err();
    assert_eq!(stale.code(), ErrorCode::Conflict);
    assert!(matches!(stale, Error::Stale { .. }), "{stale:?}");
    assert!(matches!(directory::mark_checked(&mut store, e.id, 1, "today", today), Err(Error::Stale { .. })));
    assert!(matches!(directory::set_archived(&mut store, e.id, 1, true, today), Err(Error::Stale { .. })));
    let now = directory::get(store.conn(), e.id, today).unwrap();
    assert_eq!((now.version, now.area.as_str(), now.archived), (2, "Riverside", false));
    // Saving what is saved writes nothing: no new version, no audit entry.
    let same = directory::update(&mut store, e.id, 2, &DirectoryInput { area: "Riverside".into(), ..walking() }, today).unwrap();
    assert_eq!(same.version, 2);
    let log = audit::logged(store.conn(), AuditEntity::DirectoryEntry, e.id).unwrap();
    assert_eq!(log.iter().map(|l| l.action).collect::<Vec<_>>(), [AuditAction::Update, AuditAction::Create]);
    let before: serde_json::Value = serde_json::from_str(log[0].before.as_deref().unwrap()).unwrap();
    assert_eq!(before["area"], "Riverside and Old Town");
}

#[test]
fn names_are_one_per_current_entry_whatever_the_capitals_and_archiving_keeps_the_entry() {
    let mut store = Store::open_in_memory().unwrap();
    let today = day("2026-12-02");
    let e = directory::add(&mut store, &walking(), today).unwrap();
    let twice = directory::add(&mut store, &DirectoryInput { name: "riverside walking GROUP".into(), ..shed() }, today).unwrap_err();
    assert_eq!(invalid_field(twice), "name");
    let other = directory::add(&mut store, &shed(), today).unwrap();
    let renamed = directory::update(&mut store, other.id, 1, &DirectoryInput { name: "Riverside Walking Group".into(), ..shed() }, today);
    assert_eq!(invalid_field(renamed.unwrap_err()), "name");

    let archived = directory::set_archived(&mut store, e.id, 1, true, today).unwrap();
    assert_eq!((archived.archived, archived.version), (true, 2));
    assert_eq!(names(&store, "", today), ["Northgate Men's Shed"], "archived entries are left out of the list");
    let all = directory::list(store.conn(), &DirectoryQuery { text: String::new(), include_archived: true }, today).unwrap();
    assert_eq!(all.iter().map(|e| (e.name.as_str(), e.archived)).collect::<Vec<_>>(), [("Northgate Men's Shed", false), ("Riverside Walking Group", true)]);
    // Its name is free for a new entry; bringing the old one back is then refused.
    let new = directory::add(&mut store, &DirectoryInput { name: "Riverside walking group".into(), ..walking() }, today).unwrap();
    assert_eq!(invalid_field(directory::set_archived(&mut store, e.id, 2, false, today).unwrap_err()), "name");
    directory::set_archived(&mut store, new.id, 1, true, today).unwrap();
    let back = directory::set_archived(&mut store, e.id, 2, false, today).unwrap();
    assert_eq!((back.archived, back.version), (false, 3));
    let actions: Vec<_> = audit::logged(store.conn(), AuditEntity::DirectoryEntry, e.id).unwrap().iter().map(|l| l.action).collect();
    assert_eq!(actions, [AuditAction::Update, AuditAction::Update, AuditAction::Create]);
}

#[test]
fn search_finds_by_name_offer_and_area_ignoring_capitals() {
    let mut store = Store::open_in_memory().unwrap();
    let today = day("2026-12-02");
    directory::add(&mut store, &walking(), today).unwrap();
    directory::add(&mut store, &shed(), today).unwrap();
    // Positive control: both listed with no words, by name.
    assert_eq!(names(&store, "", today), ["Northgate Men's Shed", "Riverside Walking Group"]);
    assert_eq!(names(&store, "riverside", today), ["Riverside Walking Group"], "by name");
    assert_eq!(names(&store, "WOODWORK", today), ["Northgate Men's Shed"], "by what it offers");
    assert_eq!(names(&store, "old town", today), ["Riverside Walking Group"], "by area, every word");
    assert_eq!(names(&store, "walks northgate", today), Vec::<String>::new(), "every word must match the same entry");
    assert_eq!(names(&store, "bingo", today), Vec::<String>::new());
    // Contact details are not searched (they hold addresses, not what the service is).
    assert_eq!(names(&store, "secretary", today), Vec::<String>::new(), "how to refer is not searched");
    assert_eq!(names(&store, "walks@", today), Vec::<String>::new());
}

#[test]
fn every_field_is_checked_and_named() {
    let mut store = Store::open_in_memory().unwrap();
    let today = day("2026-12-02");
    let cases: Vec<(DirectoryInput, &str)> = vec![
        (DirectoryInput { name: "   ".into(), ..walking() }, "name"),
        (DirectoryInput { name: "x".repeat(121), ..walking() }, "name"),
        (DirectoryInput { name: "Walk\u{1b}[2J".into(), ..walking() }, "name"),
        (DirectoryInput { offers: "o".repeat(1001), ..walking() }, "offers"),
        (DirectoryInput { offers: "tea\0".into(), ..walking() }, "offers"),
        (DirectoryInput { for_whom: "w".repeat(1001), ..walking() }, "forWhom"),
        (DirectoryInput { how_to_refer: "h".repeat(1001), ..walking() }, "howToRefer"),
        (DirectoryInput { contact: "c".repeat(401), ..walking() }, "contact"),
        (DirectoryInput { area: "a".repeat(121), ..walking() }, "area"),
        (DirectoryInput { area: "Old\nTown".into(), ..walking() }, "area"),
        (DirectoryInput { last_checked: "31/02/2026".into(), ..walking() }, "lastChecked"),
        (DirectoryInput { last_checked: "next Tuesday-ish".into(), ..walking() }, "lastChecked"),
        (DirectoryInput { last_checked: "03/12/2026".into(), ..walking() }, "lastChecked"),
    ];
    for (input, field) in cases {
        assert_eq!(invalid_field(directory::add(&mut store, &input, today).unwrap_err()), field, "{input:?}");
    }
    assert!(names(&store, "", today).is_empty(), "nothing was added");
    // Positive control: the longest allowed values and multi-line notes are kept.
    let longest = DirectoryInput { name: "x".repeat(120), offers: "line one\nline two".into(), contact: "c".repeat(400), ..walking() };
    let e = directory::add(&mut store, &longest, today).unwrap();
    assert_eq!((e.name.chars().count(), e.offers.as_str(), e.contact.len()), (120, "line one\nline two", 400));
}

#[test]
fn export_then_import_round_trips_exactly_and_an_import_is_all_or_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let today = day("2026-12-02");
    directory::add(&mut store, &walking(), today).unwrap();
    directory::add(&mut store, &DirectoryInput { offers: "Woodwork, repairs; \"proper\" tools.\nTuesdays.".into(), ..shed() }, today).unwrap();
    let csv = directory_csv::to_csv(store.conn(), today).unwrap();
    assert!(csv.starts_with("\u{feff}name,offers,for_whom,how_to_refer,contact,area,last_checked\r\n"), "{csv}");
    assert!(csv.contains("\"Woodwork, repairs; \"\"proper\"\" tools.\nTuesdays.\""), "{csv}");
    assert!(csv.contains(",Riverside and Old Town,15/03/2026\r\n"), "{csv}");

    // Into an empty database: the same entries.
    let mut other = Store::open_in_memory().unwrap();
    let report = directory_csv::import(&mut other, &csv, today).unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (2, 0, 0));
    let strip = |s: &Store| {
        directory::list(s.conn(), &DirectoryQuery::default(), today).unwrap().into_iter().map(|e| e.as_input()).collect::<Vec<_>>()
    };
    assert_eq!(strip(&other), strip(&store));
    assert_eq!(directory_csv::to_csv(other.conn(), today).unwrap(), csv, "exported again, byte for byte the same");
    // Back into the database it came from: nothing changes, no audit entries.
    let audited: i64 = store.conn().query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap();
    let report = directory_csv::import(&mut store, &csv, today).unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (0, 0, 2));
    assert_eq!(store.conn().query_row("SELECT count(*) FROM audit_log", [], |r| r.get::<_, i64>(0)).unwrap(), audited);

    // A spreadsheet's save: semicolons, Windows line ends, another order, a changed area and a new row.
    let sheet = "\u{feff}Last checked;Name;Area\r\nnot a date;Quiet Readers;Northgate\r\n01/12/2026;riverside walking group;Riverside\r\n";
    let Err(Error::ImportRows(problems)) = directory_csv::import(&mut store, sheet, today) else { panic!("expected row problems") };
    assert_eq!(problems.len(), 1);
    assert!(problems[0].starts_with("line 2, column last_checked: "), "{problems:?}");
    assert_eq!(strip(&store).len(), 2, "the good row was not imported either");
    let fixed = sheet.replace("not a date", "");
    let report = directory_csv::import(&mut store, &fixed, today).unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (1, 1, 0));
    let riverside = directory::list(store.conn(), &DirectoryQuery { text: "riverside".into(), include_archived: false }, today).unwrap();
    assert_eq!(riverside.len(), 1);
    assert_eq!((riverside[0].name.as_str(), riverside[0].area.as_str(), riverside[0].offers.as_str()), ("riverside walking group", "Riverside", ""));
    assert_eq!(riverside[0].last_checked.as_deref(), Some("2026-12-01"));
}

#[test]
fn import_problems_name_every_bad_row_and_column() {
    let today = day("2026-12-02");
    let mut store = Store::open_in_memory().unwrap();
    let text = "name,offers,area,last_checked\n\
                Riverside Walking Group,Walks,Riverside,15/03/2026\n\
                ,Something,Nowhere,\n\
                Riverside walking group,Walks again,Riverside,\n\
                Quiet Readers,Books,Northgate,01/01/2027\n\
                Too,Many,Values,,here\n";
    let Err(Error::ImportRows(problems)) = directory_csv::import(&mut store, text, today) else { panic!("expected row problems") };
    assert_eq!(problems.len(), 4, "{problems:?}");
    assert!(problems[0].starts_with("line 3, column name: Give the service's name"), "{problems:?}");
    assert_eq!(problems[1], "line 4, column name: 'Riverside walking group' is already listed on line 2");
    assert!(problems[2].starts_with("line 5, column last_checked: That is after today"), "{problems:?}");
    assert!(problems[3].starts_with("line 6: the row has 5 values but the header names 4 columns"), "{problems:?}");
    assert!(names(&store, "", today).is_empty());

    let header = |text: &str| match directory_csv::import(&mut Store::open_in_memory().unwrap(), text, today) {
        Err(Error::ImportRows(p)) => p.join(" | "),
        Err(e) => e.to_string(),
        Ok(r) => panic!("imported {r:?}"),
    };
    assert_eq!(header("offers,phone\nWalks,0\n"), "line 1: 'phone' is not a column this import knows (the columns are name, offers, for_whom, how_to_refer, contact, area, last_checked) | line 1: there is no 'name' column; the header row must name one");
    assert_eq!(header("name,Name\nA,B\n"), "line 1: the column 'Name' appears twice");
    assert!(header("").starts_with("The file is empty."));
    assert!(header("name,area\n").starts_with("The file has a header row but no services under it."));
}
