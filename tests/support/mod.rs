//! Fictional team and meeting builders shared by the integration tests.
#![allow(dead_code)]

pub mod cli;

#[allow(unused_imports)]
pub use cli::{demo_db, mdt};

use mdt::actions::ActionInput;
use mdt::agenda::{self, CaseItemInput, Consent};
use mdt::discussions::{self, DiscussionRecord, SaveReceipt};
use mdt::meetings::{self, Meeting, MeetingInput};
use mdt::members::{self, MemberInput};
use mdt::Store;
use mdt::outcomes::{Answer, SittingInput};

pub struct Team {
    pub gp: i64,
    pub ot: i64,
    pub splw: i64,
    pub nurse: i64,
    pub coordinator: i64,
}

pub fn team(store: &mut Store) -> Team {
    let mut add = |name: &str, role: &str, core: bool| {
        members::create(store, &MemberInput { name: name.into(), role_key: role.into(), core_member: core, ..Default::default() })
            .unwrap()
            .id
    };
    Team {
        gp: add("Dr Gwen Imaginary", "gp", true),
        ot: add("Priya Example", "ot", true),
        splw: add("Ade Sample", "splw", true),
        nurse: add("Jo Placeholder", "nurse", false),
        coordinator: add("Cal Coordinator", "care_coordinator", true),
    }
}

/// An empty in-memory database with the fictional team on its roster.
pub fn store_with_team() -> (Store, Team) {
    let mut store = Store::open_in_memory().unwrap();
    let team = team(&mut store);
    (store, team)
}

/// "Arrange a joint home visit", owned by `owner`, due on `due`.
pub fn home_visit(owner: i64, due: &str) -> ActionInput {
    ActionInput { description: "Arrange a joint home visit".into(), owner_id: owner, due_date: Some(due.into()) }
}

pub fn meeting_input(team: &Team, starts_at: &str) -> MeetingInput {
    MeetingInput {
        location: "Riverside Health Centre, room 2".into(),
        chair_id: Some(team.gp),
        minute_taker_id: Some(team.coordinator),
        ..MeetingInput::new("Riverside Neighbourhood MDT", "Riverside MDT", starts_at)
    }
}

pub fn meeting(store: &mut Store, team: &Team, starts_at: &str) -> Meeting {
    meetings::create(store, &meeting_input(team, starts_at)).unwrap()
}

pub fn case(reference: &str, presenter: i64, minutes: i64) -> CaseItemInput {
    CaseItemInput {
        reference: reference.into(),
        identifier: None,
        reason: format!("Review of {reference}"),
        presenter_id: Some(presenter),
        co_presenter_ids: Vec::new(),
        minutes_allowed: minutes,
        consent: Consent::Agreed,
        professionals: Vec::new(),
    }
}

pub fn add_case(store: &mut Store, meeting_id: i64, reference: &str, presenter: i64) -> i64 {
    agenda::add_case(store, meeting_id, &case(reference, presenter, 10)).unwrap()
}

/// Saves a case record as a person who has just opened it would: based on the version saved now.
pub fn save_record(store: &mut Store, item: i64, record: &DiscussionRecord) -> mdt::Result<SaveReceipt> {
    let version = discussions::open(store.conn(), item)?.version;
    discussions::save(store, item, version, record)
}

/// A day written `YYYY-MM-DD`, as the tests give the core its "today".
pub fn day(ymd: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(ymd, "%Y-%m-%d").unwrap()
}

/// The form field an error names; any other error fails the test.
pub fn field_of(e: mdt::Error) -> &'static str {
    match e {
        mdt::Error::Invalid { field, .. } => field,
        other => panic!("expected a field error, got {other:?}"),
    }
}

/// An ONS4 sitting: life satisfaction, worthwhile, happiness yesterday, anxiety yesterday.
pub fn ons4(on: &str, values: [Option<i64>; 4]) -> SittingInput {
    let keys = ["life_satisfaction", "worthwhile", "happiness", "anxiety"];
    SittingInput {
        measure_key: "ons4".into(),
        taken_on: on.into(),
        answers: keys.iter().zip(values).map(|(k, v)| Answer { item_key: (*k).into(), value: v }).collect(),
        note: String::new(),
        agenda_item_id: None,
    }
}
