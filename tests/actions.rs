//! Agreed actions through the core API: filters, closing with a date or a reason, fields
//! named when wrong, and long lists a page at a time.

mod support;

use mdt::actions::{self, ActionFilter, ActionInput, ActionStatus};
use mdt::meetings;
use mdt::{ErrorCode, Store};
use support::*;

#[test]
fn actions_filter_by_owner_status_overdue_and_meeting_and_close_with_a_date_or_reason() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-1", team.ot);
    let overdue = actions::add(&mut store, item, &home_visit(team.ot, "2000-01-01")).unwrap();
    let later = actions::add(&mut store, item, &home_visit(team.ot, "2999-01-01")).unwrap();
    let splw = actions::add(&mut store, item, &ActionInput { due_date: None, ..home_visit(team.splw, "") }).unwrap();
    assert!(overdue.overdue && !later.overdue && !splw.overdue);
    assert_eq!(splw.case_reference.as_deref(), Some("AB-1"));

    fn ids(store: &Store, f: ActionFilter) -> Vec<i64> {
        actions::list(store.conn(), &f).unwrap().iter().map(|a| a.id).collect()
    }
    assert_eq!(ids(&store, ActionFilter { owner_id: Some(team.ot), ..Default::default() }), [overdue.id, later.id]);
    assert_eq!(ids(&store, ActionFilter { overdue_only: true, ..Default::default() }), [overdue.id]);
    assert_eq!(ids(&store, ActionFilter { meeting_id: Some(m.id), ..Default::default() }), [overdue.id, later.id, splw.id], "undated last");

    assert_eq!(actions::cancel(&mut store, later.id, " ").unwrap_err().code(), ErrorCode::Invalid);
    let cancelled = actions::cancel(&mut store, later.id, "Person moved out of area").unwrap();
    assert_eq!(cancelled.status, ActionStatus::Cancelled);
    let done = actions::complete(&mut store, overdue.id, Some("2026-03-04")).unwrap();
    assert_eq!((done.status, done.done_on.as_deref(), done.overdue), (ActionStatus::Done, Some("2026-03-04"), false));
    assert_eq!(ids(&store, ActionFilter { status: Some(ActionStatus::Open), ..Default::default() }), [splw.id]);

    meetings::finalise(&mut store, m.id).unwrap();
    actions::complete(&mut store, splw.id, None).expect("closing an action after the minutes are final is follow-up, not an amendment");
    assert_eq!(actions::add(&mut store, item, &ActionInput { description: "  ".into(), ..home_visit(team.ot, "") }).unwrap_err().code(), ErrorCode::Conflict);
}

#[test]
fn invalid_actions_name_the_field() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-1", team.ot);
    for (input, field) in [
        (ActionInput { description: " ".into(), ..home_visit(team.ot, "2026-03-09") }, "description"),
        (home_visit(9999, "2026-03-09"), "ownerId"),
        (home_visit(team.ot, "03/09/2026x"), "dueDate"),
        (home_visit(team.ot, "09/13/2026"), "dueDate"),
    ] {
        let err = actions::add(&mut store, item, &input).unwrap_err();
        assert_eq!(mdt::ErrorPayload::from(&err).field.as_deref(), Some(field));
    }
}

#[test]
fn long_action_lists_come_a_page_at_a_time_with_counts_for_the_whole_list() {
    let (mut store, team) = store_with_team();
    let first = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, first.id, "AB-1", team.ot);
    // 40 open actions: the first 12 overdue (due in 2020), the rest due in 2099; two closed.
    for i in 0..42 {
        let due = if i < 12 { format!("2020-01-{:02}", i + 1) } else { format!("2099-03-{:02}", i - 11) };
        let added = actions::add(&mut store, item, &ActionInput { description: format!("Action {i}"), owner_id: team.ot, due_date: Some(due) }).unwrap();
        if i >= 40 {
            actions::complete(&mut store, added.id, Some("2026-03-03")).unwrap();
        }
    }
    let open = ActionFilter { status: Some(ActionStatus::Open), ..Default::default() };
    let all = actions::list(store.conn(), &open).unwrap();
    let page = actions::page(store.conn(), &open, 25).unwrap();
    assert_eq!((page.total, page.overdue, page.actions.len()), (40, 12, 25));
    assert_eq!(page.actions, all[..25], "the same order as the whole list");
    let everything = actions::page(store.conn(), &open, 1_000).unwrap();
    assert_eq!(everything.actions, all);

    meetings::finalise(&mut store, first.id).unwrap();
    let next = meetings::plan_next(&mut store, first.id, "2026-03-16T13:00").unwrap();
    let detail = meetings::load(store.conn(), next.id).unwrap();
    assert_eq!(detail.matters_arising.total, 40, "every open action from earlier meetings is counted");
    assert_eq!(detail.matters_arising.actions.len(), meetings::MATTERS_ARISING_PAGE as usize);
    let more = meetings::matters_arising(store.conn(), next.id, 50).unwrap();
    assert_eq!(more.actions, all, "and the rest come on request, in order");
}
