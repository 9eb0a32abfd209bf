//! Search through the core API: reasons, discussions and actions by prefix, each hit naming
//! the agenda item to open.

mod support;

use mdt::actions::{self, ActionInput};
use mdt::agenda;
use mdt::discussions::DiscussionRecord;
use mdt::search;
use support::*;

#[test]
fn search_finds_reasons_discussions_and_actions_by_prefix() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let mut input = case("HS-0101", team.splw, 10);
    input.reason = "Hoarding with eviction risk".into();
    let item = agenda::add_case(&mut store, m.id, &input).unwrap();
    save_record(&mut store, item, &DiscussionRecord { discussion: "Stoma care is becoming harder at home".into(), ..Default::default() }).unwrap();
    actions::add(&mut store, item, &ActionInput { description: "Refer to the housing officer".into(), owner_id: team.splw, due_date: None }).unwrap();

    let kinds = |q: &str| search::search(store.conn(), q).unwrap().iter().map(|h| h.kind).collect::<Vec<_>>();
    assert_eq!(kinds("evict"), [search::HitKind::CaseReason]);
    assert_eq!(kinds("stoma"), [search::HitKind::Discussion]);
    assert_eq!(kinds("housing officer"), [search::HitKind::Action]);
    let hit = &search::search(store.conn(), "hoard").unwrap()[0];
    assert_eq!(hit.reference, "HS-0101");
    assert!(hit.snippet.contains("\u{2}Hoarding\u{3}"), "{}", hit.snippet);
    assert!(kinds("\"unbalanced OR (").is_empty());
}

#[test]
fn search_hits_name_the_agenda_item_to_open_for_reasons_discussions_and_actions() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let other = add_case(&mut store, m.id, "AA-0001", team.gp);
    let mut input = case("HS-0101", team.splw, 10);
    input.reason = "Hoarding with eviction risk".into();
    let item = agenda::add_case(&mut store, m.id, &input).unwrap();
    save_record(&mut store, item, &DiscussionRecord { discussion: "Stoma care is becoming harder".into(), ..Default::default() }).unwrap();
    let action = actions::add(&mut store, item, &ActionInput { description: "Refer to the housing officer".into(), owner_id: team.splw, due_date: None }).unwrap();
    assert_ne!(action.id, item, "the action's own id differs from its item's, so the test can tell them apart");

    let hit = |q: &str| search::search(store.conn(), q).unwrap().into_iter().next().unwrap();
    let reason = hit("eviction");
    assert_eq!((reason.kind, reason.target_id, reason.agenda_item_id, reason.meeting_id), (search::HitKind::CaseReason, item, Some(item), m.id));
    let discussion = hit("stoma");
    assert_eq!((discussion.kind, discussion.agenda_item_id), (search::HitKind::Discussion, Some(item)));
    let found = hit("housing officer");
    assert_eq!((found.kind, found.target_id, found.agenda_item_id), (search::HitKind::Action, action.id, Some(item)));
    let elsewhere = hit("AA-0001");
    assert_eq!(elsewhere.agenda_item_id, Some(other), "each hit points at its own case");
}
