//! Any file offered as a case list, imported into a planned meeting of a small team. It is
//! imported whole (one agenda item per row) or refused whole with a clear error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mdt::agenda::{self, CaseItemInput, Consent};
use mdt::case_import::import_cases;
use mdt::meetings::{self, MeetingInput};
use mdt::members::{self, MemberInput};
use mdt::{ErrorCode, Store};

/// A fictional team (names the example case list uses) and a meeting with one case on it.
fn store() -> (Store, i64) {
    let mut store = Store::open_in_memory().unwrap();
    for (name, role) in [("Priya Example", "ot"), ("Ade Sample", "splw"), ("Dr Gwen Imaginary", "gp"), ("Jo Placeholder", "nurse")] {
        members::create(&mut store, &MemberInput { name: name.into(), role_key: role.into(), ..Default::default() }).unwrap();
    }
    let meeting = MeetingInput::new("Riverside Neighbourhood MDT", "Riverside MDT", "2026-03-02T13:00");
    let id = meetings::create(&mut store, &meeting).unwrap().id;
    let listed = CaseItemInput {
        reference: "ZZ-0001".into(),
        identifier: None,
        reason: String::new(),
        presenter_id: None,
        minutes_allowed: 10,
        consent: Consent::NotRecorded,
        professionals: Vec::new(),
    };
    agenda::add_case(&mut store, id, &listed).unwrap();
    (store, id)
}

fn items(store: &Store) -> i64 {
    store.conn().query_row("SELECT count(*) FROM agenda_items", [], |r| r.get(0)).unwrap()
}

fuzz_target!(|data: &[u8]| {
    let csv = String::from_utf8_lossy(data);
    let (mut store, meeting) = store();
    let before = items(&store);
    match import_cases(&mut store, meeting, &csv) {
        Ok(report) => {
            assert_eq!(items(&store), before + report.imported, "one agenda item per row");
            let agenda = meetings::load(store.conn(), meeting).unwrap().agenda;
            let added: Vec<&str> = agenda.iter().skip(before as usize).map(|i| i.label()).collect();
            assert_eq!(added, report.references, "the rows, in file order");
        }
        Err(e) => {
            assert!(matches!(e.code(), ErrorCode::Invalid | ErrorCode::ImportRows), "a bad case list is a clear error, not: {e}");
            assert_eq!(items(&store), before, "a refused case list adds nothing");
        }
    }
});
