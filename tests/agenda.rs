//! The agenda through the core API: the timeline and its overrun warning, reordering, and
//! removing an item with its case record.

mod support;

use mdt::agenda;
use mdt::audit::AuditEntity;
use mdt::discussions::DiscussionRecord;
use mdt::meetings;
use mdt::{ErrorCode, history};
use support::*;

#[test]
fn the_timeline_shows_planned_starts_and_warns_when_the_plan_overruns() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    for (i, r) in ["AB-1", "CD-2", "EF-3", "GH-4", "IJ-5", "KL-6", "MN-7"].iter().enumerate() {
        agenda::add_case(&mut store, m.id, &case(r, team.ot, if i == 0 { 15 } else { 8 })).unwrap();
    }
    let t = meetings::load(store.conn(), m.id).unwrap().timeline;
    assert_eq!(t.starts[..3], ["13:00", "13:15", "13:23"]);
    assert_eq!(t.planned_finish, "14:03");
    assert_eq!(t.over_by_minutes, 3);
}

#[test]
fn reordering_needs_every_item_exactly_once() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let a = add_case(&mut store, m.id, "AB-1", team.ot);
    let b = add_case(&mut store, m.id, "CD-2", team.splw);
    let c = add_case(&mut store, m.id, "EF-3", team.gp);
    agenda::reorder(&mut store, m.id, &[c, a, b]).unwrap();
    let order: Vec<_> = meetings::load(store.conn(), m.id).unwrap().agenda.iter().map(|i| i.id).collect();
    assert_eq!(order, [c, a, b]);
    assert_eq!(agenda::reorder(&mut store, m.id, &[c, a]).unwrap_err().code(), ErrorCode::Conflict);
    assert_eq!(agenda::reorder(&mut store, m.id, &[c, a, a]).unwrap_err().code(), ErrorCode::Conflict);
}

#[test]
fn removing_an_item_logs_its_case_record_as_removed() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-1", team.ot);
    save_record(&mut store, item, &DiscussionRecord { situation: "Lives alone".into(), ..Default::default() }).unwrap();
    agenda::remove_item(&mut store, item).unwrap();
    let history = history::entity(store.conn(), AuditEntity::CaseDiscussion, item).unwrap();
    let actions: Vec<_> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["delete", "create"]);
    assert!(history[0].before.as_deref().unwrap().contains("Lives alone"));
}
