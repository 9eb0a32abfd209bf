//! A member who leaves the team stays on the roster (the minutes name them) but is no longer
//! expected at meetings, checked for supervision or able to supervise; the day they left is typed
//! the UK way, never in the future, audited, and undone by marking them back in the team.

mod support;

use mdt::audit::{self, AuditAction, AuditEntity};
use mdt::supervision::{self, ArrangementInput};
use mdt::{attendance, members};
use support::*;



#[test]
fn leaving_is_a_past_or_present_day_typed_the_uk_way_audited_and_undone() {
    let (mut store, team) = store_with_team();
    let today = day("2026-12-02");
    // Nothing typed, a day to come, a day that does not exist: refused beside the field, nothing stored.
    for bad in ["", "  ", "03/12/2026", "31/02/2026", "next week"] {
        let e = members::set_left(&mut store, team.splw, Some(bad), today).unwrap_err();
        assert_eq!(field_of(e), "leftOn", "{bad:?}");
    }
    let refused = members::set_left(&mut store, team.splw, Some("03/12/2026"), today).unwrap_err().to_string();
    assert_eq!(refused, "03/12/2026 is still to come: mark a member as having left on or after the day they go.");
    assert_eq!(members::get(store.conn(), team.splw).unwrap().left_on, None);

    // Their open action is counted, so the screen can ask for it to be handed on.
    let m = meeting(&mut store, &team, "2026-11-18T13:00");
    let item = mdt::agenda::add_case(&mut store, m.id, &case("AB-1234", team.splw, 10)).unwrap();
    mdt::actions::add(&mut store, item, &home_visit(team.splw, "2026-12-20")).unwrap();
    let members::Leaving { member: left, open_actions: open } = members::set_left(&mut store, team.splw, Some("30/11/2026"), today).unwrap();
    assert_eq!((left.left_on.as_deref(), open), (Some("2026-11-30"), 1));
    assert_eq!(members::get(store.conn(), team.splw).unwrap().left_on.as_deref(), Some("2026-11-30"));
    // "today" is today; the day they left is the first day they are not in the team.
    let members::Leaving { member: nurse, open_actions: none_open } = members::set_left(&mut store, team.nurse, Some("today"), today).unwrap();
    assert_eq!((nurse.left_on.as_deref(), none_open), (Some("2026-12-02"), 0));
    assert!(left.in_team_on(day("2026-11-29")));
    assert!(!left.in_team_on(day("2026-11-30")));
    assert!(members::get(store.conn(), team.gp).unwrap().in_team_on(day("2099-01-01")));

    // Back in the team.
    let back = members::set_left(&mut store, team.splw, None, today).unwrap();
    assert_eq!((back.member.left_on, back.open_actions), (None, 1));
    let entries = audit::logged(store.conn(), AuditEntity::TeamMember, team.splw).unwrap();
    let updates: Vec<_> = entries.iter().filter(|e| e.action == AuditAction::Update).collect();
    assert_eq!(updates.len(), 2, "left, then back");
    // Saving the same again changes nothing and records nothing.
    members::set_left(&mut store, team.splw, None, today).unwrap();
    assert_eq!(audit::logged(store.conn(), AuditEntity::TeamMember, team.splw).unwrap().len(), entries.len());
}

#[test]
fn a_leaver_is_not_expected_at_meetings_after_they_go_but_is_at_meetings_before() {
    let (mut store, team) = store_with_team();
    members::set_left(&mut store, team.ot, Some("01/12/2026"), day("2026-12-02")).unwrap();
    let expected = |store: &mut mdt::Store, starts_at: &str| {
        let m = meeting(store, &team, starts_at);
        let mut ids: Vec<i64> = attendance::list(store.conn(), &m).unwrap().into_iter().filter(|a| a.expected).map(|a| a.member_id).collect();
        ids.sort_unstable();
        ids
    };
    // Core members: GP, OT, SPLW, coordinator. The day before the OT left, they are expected.
    let mut before = vec![team.gp, team.ot, team.splw, team.coordinator];
    before.sort_unstable();
    assert_eq!(expected(&mut store, "30/11/2026 13:00"), before);
    // On the day and after, not.
    let mut after = vec![team.gp, team.splw, team.coordinator];
    after.sort_unstable();
    assert_eq!(expected(&mut store, "01/12/2026 13:00"), after);
    assert_eq!(expected(&mut store, "2027-01-06T13:00"), after);
}

#[test]
fn a_leaver_is_not_warned_about_for_supervision_and_cannot_supervise() {
    let (mut store, team) = store_with_team();
    let today = day("2026-12-02");
    let listed = |store: &mdt::Store| supervision::status(store.conn(), today).unwrap().into_iter().map(|s| s.member_name).collect::<Vec<_>>();
    // The control: an SPLW in the team with no supervision is listed (and overdue).
    assert_eq!(listed(&store), ["Ade Sample"]);
    members::set_left(&mut store, team.splw, Some("01/12/2026"), today).unwrap();
    assert!(listed(&store).is_empty());
    // Looked at on a day before they left, they were in the team then.
    assert_eq!(supervision::status(store.conn(), day("2026-11-30")).unwrap().len(), 1);
    members::set_left(&mut store, team.splw, None, today).unwrap();

    // A GP who has left cannot be chosen to supervise; one in the team can (the control).
    members::set_left(&mut store, team.gp, Some("15/11/2026"), today).unwrap();
    let e = supervision::set_arrangement(&mut store, team.splw, 0, &ArrangementInput { supervisor_id: team.gp, scope_confirmed: false }).unwrap_err();
    assert_eq!(e.to_string(), "Dr Gwen Imaginary left the team on 15/11/2026. Choose a clinician who is in the team now.");
    members::set_left(&mut store, team.gp, None, today).unwrap();
    supervision::set_arrangement(&mut store, team.splw, 0, &ArrangementInput { supervisor_id: team.gp, scope_confirmed: false }).unwrap();
}

#[test]
fn a_member_who_cannot_be_removed_is_told_to_mark_them_as_left_instead() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-11-18T13:00");
    let item = mdt::agenda::add_case(&mut store, m.id, &case("AB-1234", team.nurse, 10)).unwrap();
    mdt::actions::add(&mut store, item, &home_visit(team.nurse, "2026-12-20")).unwrap();
    let e = members::remove(&mut store, team.nurse).unwrap_err().to_string();
    assert!(e.ends_with("Reassign or close their open actions, and mark them as having left the team instead."), "{e}");
}

#[test]
fn role_sheets_and_new_teach_ins_name_only_members_in_the_team() {
    let (mut store, team) = store_with_team();
    let today = day("2026-12-02");
    let holders = |store: &mdt::Store| {
        mdt::roles::summaries::summary(store.conn(), "ot", today).unwrap().holders.into_iter().map(|h| h.member.name).collect::<Vec<_>>()
    };
    let presenters = |store: &mdt::Store| {
        mdt::teach_ins::default_presenters(store.conn(), &["ot".into(), "splw".into()]).unwrap().into_iter().map(|p| p.name).collect::<Vec<_>>()
    };
    // The control: the OT is on the OT's sheet and presents.
    assert_eq!(holders(&store), ["Priya Example"]);
    assert_eq!(presenters(&store), ["Priya Example", "Ade Sample"]);
    members::set_left(&mut store, team.ot, Some("01/12/2026"), today).unwrap();
    assert!(holders(&store).is_empty());
    assert_eq!(presenters(&store), ["Ade Sample"]);
    // Still on the roster, so the minutes can name them.
    assert_eq!(members::get(store.conn(), team.ot).unwrap().name, "Priya Example");
}

#[test]
fn the_dashboard_lists_a_leaver_only_while_work_is_still_in_their_name() {
    let (mut store, team) = store_with_team();
    let today = day("2026-12-02");
    let m = meeting(&mut store, &team, "2026-11-18T13:00");
    let item = mdt::agenda::add_case(&mut store, m.id, &case("AB-1234", team.splw, 10)).unwrap();
    let action = mdt::actions::add(&mut store, item, &home_visit(team.splw, "2026-12-20")).unwrap();
    members::set_left(&mut store, team.splw, Some("30/11/2026"), today).unwrap();
    members::set_left(&mut store, team.nurse, Some("30/11/2026"), today).unwrap();
    let period = mdt::dashboard::Period::quarter_containing(today);
    let load = |store: &mdt::Store| mdt::dashboard::compute(store.conn(), &period, today).unwrap();

    let d = load(&store);
    let names: Vec<_> = d.member_load.iter().map(|l| (l.name.as_str(), l.open_actions, l.left_on.as_deref())).collect();
    // The SPLW left with an open action: listed, marked; the nurse left with nothing: not listed;
    // the coordinator, in the team with nothing, is (the control).
    assert_eq!(
        names,
        [("Ade Sample", 1, Some("2026-11-30")), ("Cal Coordinator", 0, None), ("Dr Gwen Imaginary", 0, None), ("Priya Example", 0, None)]
    );
    let chart = d.charts.iter().find(|c| c.id == "member-load").unwrap();
    assert_eq!(chart.categories[0], "Ade Sample (left)");
    assert!(!chart.categories.iter().any(|c| c.contains("Jo Placeholder")));
    assert!(chart.summary.contains("Work still in the name of someone who left the team: Ade Sample; agree who takes it on."), "{}", chart.summary);

    // Once the action is done, the leaver drops off.
    mdt::actions::complete(&mut store, action.id, Some("01/12/2026")).unwrap();
    let d = load(&store);
    assert!(d.member_load.iter().all(|l| l.name != "Ade Sample"));
    let chart = d.charts.iter().find(|c| c.id == "member-load").unwrap();
    assert!(!chart.summary.contains("left the team"), "{}", chart.summary);
}
