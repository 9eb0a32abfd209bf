//! Issue 3's rules through the core API: planning, timeline, carry-forward, finalise and
//! amend-with-reason, next meeting, attendance warnings, actions and identifiers.

mod support;

use mdt::audit::AuditEntity;
use mdt::actions::{self, ActionFilter, ActionInput, ActionStatus};
use mdt::agenda::{self, AgendaKind, Outcome, Professional};
use mdt::attendance::{self, AttendanceInput, AttendanceStatus};
use mdt::cases::{self, CaseIdentifier};
use mdt::discussions::{self, DiscussionRecord, Need};
use mdt::meetings::{self, MeetingStatus};
use mdt::{ErrorCode, Store, history, search};
use support::*;

fn store() -> (Store, Team) {
    let mut store = Store::open_in_memory().unwrap();
    let team = team(&mut store);
    (store, team)
}

fn action(owner: i64, due: &str) -> ActionInput {
    ActionInput { description: "Arrange a joint home visit".into(), owner_id: owner, due_date: Some(due.into()) }
}

#[test]
fn a_new_meeting_expects_core_members_and_the_chair_and_minute_taker() {
    let (mut store, team) = store();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let detail = meetings::load(store.conn(), m.id).unwrap();
    let expected: Vec<_> = detail.attendance.iter().filter(|a| a.expected).map(|a| a.member_id).collect();
    assert!(expected.contains(&team.gp) && expected.contains(&team.ot) && expected.contains(&team.coordinator));
    assert!(!expected.contains(&team.nurse), "not core, not chosen");
    assert!(detail.agenda.is_empty(), "the first meeting of a series has no matters arising");
    assert_eq!(m.status, MeetingStatus::Planned);
}

#[test]
fn meeting_input_is_validated_field_by_field() {
    let (mut store, team) = store();
    let mut bad = meeting_input(&team, "2026-02-30T13:00");
    assert_eq!(meetings::create(&mut store, &bad).unwrap_err().code(), ErrorCode::Invalid);
    bad.starts_at = "2026-03-02T13:00".into();
    bad.planned_minutes = 0;
    let err = meetings::create(&mut store, &bad).unwrap_err();
    assert_eq!(mdt::ErrorPayload::from(&err).field.as_deref(), Some("plannedMinutes"));
    assert!(meetings::list(store.conn()).unwrap().is_empty());
}

#[test]
fn the_timeline_shows_planned_starts_and_warns_when_the_plan_overruns() {
    let (mut store, team) = store();
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
    let (mut store, team) = store();
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
fn not_discussed_cases_and_open_actions_carry_to_the_next_meeting() {
    let (mut store, team) = store();
    let first = meeting(&mut store, &team, "2026-03-02T13:00");
    let discussed = add_case(&mut store, first.id, "AB-1", team.ot);
    add_case(&mut store, first.id, "CD-2", team.splw);
    let skipped = add_case(&mut store, first.id, "EF-3", team.gp);
    agenda::set_outcome(&mut store, discussed, Outcome::Discussed, 600).unwrap();
    agenda::set_outcome(&mut store, skipped, Outcome::NotDiscussed, 0).unwrap();
    let open = actions::add(&mut store, discussed, &action(team.ot, "2026-03-09")).unwrap();
    let closed = actions::add(&mut store, discussed, &action(team.splw, "2026-03-09")).unwrap();
    actions::complete(&mut store, closed.id, Some("2026-03-05")).unwrap();
    meetings::finalise(&mut store, first.id).unwrap();

    let next = meetings::plan_next(&mut store, first.id, "2026-03-16T13:00").unwrap();
    let detail = meetings::load(store.conn(), next.id).unwrap();
    let labels: Vec<_> = detail.agenda.iter().map(|i| (i.kind, i.label().to_string())).collect();
    assert_eq!(
        labels,
        [
            (AgendaKind::MattersArising, "Matters arising".to_string()),
            (AgendaKind::Case, "CD-2".to_string()),
            (AgendaKind::Case, "EF-3".to_string()),
        ],
        "the pending case became not-discussed at finalising; both carry, in their order"
    );
    assert!(detail.agenda[1].carried_from.as_deref().unwrap().starts_with("Carried from Riverside MDT (2026-03-02)"));
    let arising: Vec<_> = detail.matters_arising.actions.iter().map(|a| a.id).collect();
    assert_eq!(arising, [open.id], "only open actions come back");
    let expected: Vec<_> = detail.attendance.iter().filter(|a| a.expected).map(|a| a.member_id).collect();
    assert_eq!(expected.len(), 4, "same attendees as the meeting it was planned from");
}

#[test]
fn a_person_who_objected_to_discussion_is_not_carried_forward() {
    let (mut store, team) = store();
    let first = meeting(&mut store, &team, "2026-03-02T13:00");
    let mut objected = case("OB-1", team.ot, 10);
    objected.consent = agenda::Consent::Objected;
    agenda::add_case(&mut store, first.id, &objected).unwrap();
    meetings::finalise(&mut store, first.id).unwrap();
    let next = meetings::plan_next(&mut store, first.id, "2026-03-16T13:00").unwrap();
    let agenda = meetings::load(store.conn(), next.id).unwrap().agenda;
    assert!(agenda.iter().all(|i| i.label() != "OB-1"), "{agenda:?}");
}

#[test]
fn finalising_carries_into_a_meeting_already_planned_and_never_twice() {
    let (mut store, team) = store();
    let first = meeting(&mut store, &team, "2026-03-02T13:00");
    add_case(&mut store, first.id, "AB-1", team.ot);
    let second = meeting(&mut store, &team, "2026-03-16T13:00");
    meetings::finalise(&mut store, first.id).unwrap();
    let agenda = meetings::load(store.conn(), second.id).unwrap().agenda;
    assert_eq!(agenda.iter().filter(|i| i.label() == "AB-1").count(), 1);
}

#[test]
fn finalised_minutes_change_only_through_an_amendment_with_a_reason() {
    let (mut store, team) = store();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-1", team.ot);
    let record = DiscussionRecord { decision: "OT to assess at home".into(), needs: vec![Need::Functional], ..Default::default() };
    save_record(&mut store, item, &record).unwrap();
    meetings::finalise(&mut store, m.id).unwrap();

    let changed = DiscussionRecord { decision: "OT and SPLW joint visit".into(), ..record.clone() };
    assert_eq!(save_record(&mut store, item, &changed).unwrap_err().code(), ErrorCode::Conflict);
    assert_eq!(actions::add(&mut store, item, &action(team.ot, "2026-03-09")).unwrap_err().code(), ErrorCode::Conflict);
    assert_eq!(meetings::begin_amendment(&mut store, m.id, "  ").unwrap_err().code(), ErrorCode::Invalid);

    meetings::begin_amendment(&mut store, m.id, "Decision minuted wrongly; corrected at the chair's request").unwrap();
    save_record(&mut store, item, &changed).unwrap();
    meetings::finish_amendment(&mut store, m.id).unwrap();
    assert_eq!(save_record(&mut store, item, &record).unwrap_err().code(), ErrorCode::Conflict, "closed again");

    let detail = meetings::load(store.conn(), m.id).unwrap();
    assert_eq!(detail.amendments.len(), 1);
    assert!(detail.amendments[0].reason.starts_with("Decision minuted wrongly"));
    assert_eq!(detail.agenda[0].discussion.as_ref().unwrap().decision, "OT and SPLW joint visit");
    let history = history::entity(store.conn(), AuditEntity::CaseDiscussion, item).unwrap();
    assert_eq!(history[0].action.as_str(), "amend");
    assert!(history[0].before.as_deref().unwrap().contains("OT to assess at home"));
    assert!(history[0].after.as_deref().unwrap().contains("OT and SPLW joint visit"));
}

#[test]
fn draft_edits_are_audited_once_per_editing_spell_with_the_old_and_the_last_value() {
    let (mut store, team) = store();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-1", team.ot);
    let situation = |text: &str| DiscussionRecord { situation: text.into(), ..Default::default() };
    for text in ["S", "Si", "Sit", "Situation"] {
        save_record(&mut store, item, &situation(text)).unwrap();
    }
    // While the spell is open, the history shows it, with the value as last saved.
    let history = history::entity(store.conn(), AuditEntity::CaseDiscussion, item).unwrap();
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0].action.as_str(), "editing");
    assert!(history[0].after.as_deref().unwrap().contains("\"situation\":\"Situation\""));
    let logged = |store: &Store| -> i64 {
        store.conn().query_row("SELECT count(*) FROM audit_log WHERE entity = 'case_discussion'", [], |r| r.get(0)).unwrap()
    };
    assert_eq!(logged(&store), 0, "nothing in the log per keystroke");

    // Someone else editing closes the first spell into one entry: nothing before, all four saves after.
    store.set_actor("someone else");
    save_record(&mut store, item, &situation("Situation, checked")).unwrap();
    save_record(&mut store, item, &situation("Situation, checked twice")).unwrap();
    let history = history::entity(store.conn(), AuditEntity::CaseDiscussion, item).unwrap();
    let actions: Vec<_> = history.iter().map(|e| (e.action.as_str(), e.actor.as_str())).collect();
    assert_eq!(actions, [("editing", "someone else"), ("create", store.computer_user())], "{history:?}");
    assert!(history[1].before.is_none());
    assert!(history[1].after.as_deref().unwrap().contains("\"situation\":\"Situation\""), "the last value of the spell, not the first keystroke");
    assert!(history[0].before.as_deref().unwrap().contains("\"situation\":\"Situation\""));

    // Finalising closes the open spell, so the log holds every person's last draft change.
    agenda::set_outcome(&mut store, item, Outcome::Discussed, 300).unwrap();
    meetings::finalise(&mut store, m.id).unwrap();
    let history = history::entity(store.conn(), AuditEntity::CaseDiscussion, item).unwrap();
    let actions: Vec<_> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["update", "create"]);
    assert!(history[0].after.as_deref().unwrap().contains("Situation, checked twice"));
    assert!(history[0].before.as_deref().unwrap().contains("\"situation\":\"Situation\""));
}

#[test]
fn removing_an_item_logs_its_case_record_as_removed() {
    let (mut store, team) = store();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-1", team.ot);
    save_record(&mut store, item, &DiscussionRecord { situation: "Lives alone".into(), ..Default::default() }).unwrap();
    agenda::remove_item(&mut store, item).unwrap();
    let history = history::entity(store.conn(), AuditEntity::CaseDiscussion, item).unwrap();
    let actions: Vec<_> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["delete", "create"]);
    assert!(history[0].before.as_deref().unwrap().contains("Lives alone"));
}

#[test]
fn the_discussion_record_round_trips_and_rejects_bad_dates_and_unnamed_leads() {
    let (mut store, team) = store();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-1", team.ot);
    let record = DiscussionRecord {
        situation: "Lives alone; stoma care needs; eviction notice".into(),
        needs: vec![Need::Housing, Need::Functional, Need::Housing],
        leads: vec![discussions::Lead { aspect: "Functional and environmental assessment".into(), member_id: Some(team.ot), role_key: None }],
        risk_holder_id: Some(team.gp),
        escalations: vec![discussions::Escalation {
            trigger: discussions::EscalationTrigger::EnvironmentalRisk,
            route: "High-intensity-user lead".into(),
            informed: "GP, housing officer".into(),
            not_needed_reason: String::new(),
        }],
        decision_owner_id: Some(team.ot),
        next_review_date: Some("2026-03-30".into()),
        ..Default::default()
    };
    save_record(&mut store, item, &record).unwrap();
    let back = discussions::get(store.conn(), item).unwrap().unwrap();
    assert_eq!(back.needs, [Need::Functional, Need::Housing], "sorted, no duplicates");
    assert_eq!(back.escalations, record.escalations);
    assert_eq!(back.leads, record.leads);

    // A part that cannot be stored is left as it was and reported; it does not stop the rest.
    let bad_date = DiscussionRecord { next_review_date: Some("30/02/2026".into()), decision: "Joint visit".into(), ..record.clone() };
    let receipt = save_record(&mut store, item, &bad_date).unwrap();
    assert_eq!(receipt.not_saved.iter().map(|p| p.field).collect::<Vec<_>>(), [discussions::RecordField::NextReviewDate]);
    let unnamed = DiscussionRecord {
        leads: vec![discussions::Lead { aspect: "Community connection".into(), member_id: None, role_key: None }],
        ..bad_date.clone()
    };
    let receipt = save_record(&mut store, item, &unnamed).unwrap();
    assert_eq!(
        receipt.not_saved.iter().map(|p| p.field).collect::<Vec<_>>(),
        [discussions::RecordField::Leads, discussions::RecordField::NextReviewDate]
    );
    let now = discussions::get(store.conn(), item).unwrap().unwrap();
    assert_eq!(now.decision, "Joint visit", "the rest was saved");
    assert_eq!((now.needs, now.leads, now.next_review_date), (back.needs, back.leads, back.next_review_date), "the bad parts kept their saved values");
}

#[test]
fn attendance_warns_when_no_clinician_or_the_chair_is_missing() {
    let (mut store, team) = store();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    assert!(meetings::load(store.conn(), m.id).unwrap().attendance_warnings.is_empty(), "no warnings before attendance is taken");
    let present = AttendanceInput { status: AttendanceStatus::Present, arrived_at: None, left_at: None };
    attendance::set(&mut store, m.id, team.splw, &present).unwrap();
    attendance::set(&mut store, m.id, team.coordinator, &present).unwrap();
    attendance::set(&mut store, m.id, team.gp, &AttendanceInput { status: AttendanceStatus::Apologies, arrived_at: None, left_at: None }).unwrap();
    let warnings = meetings::load(store.conn(), m.id).unwrap().attendance_warnings.join("\n");
    assert!(warnings.contains("No clinician"), "{warnings}");
    assert!(warnings.contains("The chair is not marked present"), "{warnings}");
    assert!(warnings.contains("No occupational therapist is present"), "{warnings}");

    let late = AttendanceInput { status: AttendanceStatus::Present, arrived_at: Some("13:20".into()), left_at: None };
    attendance::set(&mut store, m.id, team.gp, &late).unwrap();
    attendance::set(&mut store, m.id, team.ot, &present).unwrap();
    let detail = meetings::load(store.conn(), m.id).unwrap();
    assert!(detail.attendance_warnings.is_empty(), "{:?}", detail.attendance_warnings);
    assert_eq!(detail.attendance.iter().find(|a| a.member_id == team.gp).unwrap().arrived_at.as_deref(), Some("13:20"));
    let bad = AttendanceInput { status: AttendanceStatus::Absent, arrived_at: Some("13:20".into()), left_at: None };
    assert_eq!(attendance::set(&mut store, m.id, team.gp, &bad).unwrap_err().code(), ErrorCode::Invalid);
}

#[test]
fn attendance_over_recent_meetings_is_counted() {
    let (mut store, team) = store();
    let present = AttendanceInput { status: AttendanceStatus::Present, arrived_at: None, left_at: None };
    for day in ["2026-01-05", "2026-01-19", "2026-02-02"] {
        let m = meeting(&mut store, &team, &format!("{day}T13:00"));
        if day != "2026-01-19" {
            attendance::set(&mut store, m.id, team.ot, &present).unwrap();
        }
    }
    let latest = meeting(&mut store, &team, "2026-02-16T13:00");
    let ot = meetings::load(store.conn(), latest.id).unwrap().attendance.into_iter().find(|a| a.member_id == team.ot).unwrap();
    assert_eq!((ot.recent_present, ot.recent_meetings), (2, 3));
}

#[test]
fn actions_filter_by_owner_status_overdue_and_meeting_and_close_with_a_date_or_reason() {
    let (mut store, team) = store();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-1", team.ot);
    let overdue = actions::add(&mut store, item, &action(team.ot, "2000-01-01")).unwrap();
    let later = actions::add(&mut store, item, &action(team.ot, "2999-01-01")).unwrap();
    let splw = actions::add(&mut store, item, &ActionInput { due_date: None, ..action(team.splw, "") }).unwrap();
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
    assert_eq!(actions::add(&mut store, item, &ActionInput { description: "  ".into(), ..action(team.ot, "") }).unwrap_err().code(), ErrorCode::Conflict);
}

#[test]
fn invalid_actions_name_the_field() {
    let (mut store, team) = store();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-1", team.ot);
    for (input, field) in [
        (ActionInput { description: " ".into(), ..action(team.ot, "2026-03-09") }, "description"),
        (action(9999, "2026-03-09"), "ownerId"),
        (action(team.ot, "03/09/2026x"), "dueDate"),
        (action(team.ot, "09/13/2026"), "dueDate"),
    ] {
        let err = actions::add(&mut store, item, &input).unwrap_err();
        assert_eq!(mdt::ErrorPayload::from(&err).field.as_deref(), Some(field));
    }
}

#[test]
fn identifiers_stay_out_of_the_agenda_until_revealed_and_each_reveal_is_audited() {
    let (mut store, team) = store();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let mut input = case("JB-0412", team.ot, 10);
    input.identifier = Some(CaseIdentifier { nhs_number: "943 476 5919".into(), other_identifier: String::new() });
    input.professionals = vec![
        Professional { member_id: Some(team.splw), name: String::new() },
        Professional { member_id: None, name: "Community mental health team".into() },
    ];
    agenda::add_case(&mut store, m.id, &input).unwrap();
    let detail = meetings::load(store.conn(), m.id).unwrap();
    let json = serde_json::to_string(&detail).unwrap();
    assert!(!json.contains("9434765919") && !json.contains("943 476 5919"), "no identifier in what the screen gets");
    let item = &detail.agenda[0];
    assert!(item.has_identifier);
    assert_eq!(item.professionals.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Ade Sample", "Community mental health team"]);

    let shown = cases::reveal_identifier(&mut store, item.case_id.unwrap()).unwrap();
    assert_eq!(shown.nhs_number, "9434765919");
    assert_eq!(history::entity(store.conn(), AuditEntity::CaseIdentifier, item.case_id.unwrap()).unwrap()[0].action.as_str(), "reveal");

    let mut typo = case("KL-1", team.ot, 10);
    typo.identifier = Some(CaseIdentifier { nhs_number: "943 476 5918".into(), other_identifier: String::new() });
    let err = agenda::add_case(&mut store, m.id, &typo).unwrap_err();
    assert_eq!(mdt::ErrorPayload::from(&err).field.as_deref(), Some("nhsNumber"));
}

#[test]
fn a_persons_earlier_discussions_and_actions_are_one_call_away() {
    let (mut store, team) = store();
    let first = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, first.id, "JB-0412", team.ot);
    save_record(&mut store, item, &DiscussionRecord { decision: "Joint visit OT and SPLW".into(), ..Default::default() }).unwrap();
    actions::add(&mut store, item, &action(team.splw, "2026-03-09")).unwrap();
    let second = meeting(&mut store, &team, "2026-03-16T13:00");
    add_case(&mut store, second.id, "JB-0412", team.splw);
    let history = history::case(store.conn(), "JB-0412").unwrap();
    assert_eq!(history.discussions.len(), 2);
    assert_eq!(history.discussions[1].decision, "Joint visit OT and SPLW");
    assert_eq!(history.actions.len(), 1);
    assert_eq!(history::case(store.conn(), "ZZ-9").unwrap_err().code(), ErrorCode::NotFound);
}

#[test]
fn search_finds_reasons_discussions_and_actions_by_prefix() {
    let (mut store, team) = store();
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
fn long_action_lists_come_a_page_at_a_time_with_counts_for_the_whole_list() {
    let (mut store, team) = store();
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

#[test]
fn agenda_attendance_and_outcome_changes_are_audited_and_are_amendments_after_finalising() {
    let (mut store, team) = store();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let first = add_case(&mut store, m.id, "AB-1", team.ot);
    let second = add_case(&mut store, m.id, "CD-2", team.splw);
    agenda::reorder(&mut store, m.id, &[second, first]).unwrap();
    meetings::start(&mut store, m.id).unwrap();
    let present = AttendanceInput { status: AttendanceStatus::Present, arrived_at: None, left_at: None };
    attendance::set(&mut store, m.id, team.gp, &present).unwrap();
    agenda::set_outcome(&mut store, first, Outcome::Discussed, 300).unwrap();
    meetings::finalise(&mut store, m.id).unwrap();

    let actions = |store: &Store, entity: &str, id: i64| -> Vec<&str> {
        let entity = AuditEntity::parse(entity).expect("an audited entity");
        history::entity(store.conn(), entity, id).unwrap().into_iter().map(|e| e.action.as_str()).collect()
    };
    assert_eq!(actions(&store, "agenda_item", first), ["update", "create"], "added, then its outcome");
    assert_eq!(actions(&store, "agenda_order", m.id), ["update"]);
    assert_eq!(actions(&store, "attendance", m.id), ["update"]);
    assert_eq!(actions(&store, "meeting", m.id), ["finalise", "update", "create"], "created, started, finalised");

    // While amending, every change is logged as an amendment with its old and new values.
    meetings::begin_amendment(&mut store, m.id, "Dr Imaginary sent apologies; CD-2 was discussed after all").unwrap();
    let apologies = AttendanceInput { status: AttendanceStatus::Apologies, arrived_at: None, left_at: None };
    attendance::set(&mut store, m.id, team.gp, &apologies).unwrap();
    agenda::set_outcome(&mut store, second, Outcome::Discussed, 0).unwrap();
    meetings::finish_amendment(&mut store, m.id).unwrap();
    let attendance_log = history::entity(store.conn(), AuditEntity::Attendance, m.id).unwrap();
    assert_eq!(attendance_log[0].action.as_str(), "amend");
    assert!(attendance_log[0].before.as_deref().unwrap().contains("\"status\":\"present\""));
    assert!(attendance_log[0].after.as_deref().unwrap().contains("\"status\":\"apologies\""));
    let item_log = history::entity(store.conn(), AuditEntity::AgendaItem, second).unwrap();
    assert_eq!(item_log[0].action.as_str(), "amend");
    assert!(item_log[0].before.as_deref().unwrap().contains("\"outcome\":\"not_discussed\""));
    assert!(item_log[0].after.as_deref().unwrap().contains("\"outcome\":\"discussed\""));
}

#[test]
fn the_overview_lists_meetings_to_come_soonest_first_and_a_page_of_past_minutes() {
    let (mut store, team) = store();
    let mut ids = Vec::new();
    for day in ["2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02"] {
        ids.push(meeting(&mut store, &team, &format!("{day}T13:00")).id);
    }
    for id in &ids[..3] {
        meetings::finalise(&mut store, *id).unwrap();
    }
    let o = meetings::overview(store.conn(), 2).unwrap();
    let upcoming: Vec<_> = o.upcoming.iter().map(|m| m.id).collect();
    let past: Vec<_> = o.past.iter().map(|m| m.id).collect();
    assert_eq!(upcoming, [ids[3], ids[4]], "soonest first");
    assert_eq!(past, [ids[2], ids[1]], "newest first, two of them");
    assert_eq!(o.past_total, 3);
    assert_eq!(meetings::overview(store.conn(), 10).unwrap().past.len(), 3);
}

fn on(date: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap()
}

fn mark(store: &mut Store, meeting: i64, member: i64, status: AttendanceStatus) {
    attendance::set(store, meeting, member, &AttendanceInput { status, arrived_at: None, left_at: None }).unwrap();
}

#[test]
fn finalising_checks_what_a_chair_forgets_about_attendance() {
    use meetings::FinaliseCheckCode as C;
    let (mut store, team) = store();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let checks = |store: &Store| meetings::finalise_checks(store.conn(), m.id, on("2026-03-02")).unwrap();

    // Nothing recorded: nobody present, and all four expected members (core, chair, minute-taker) unrecorded.
    let all = checks(&store);
    assert_eq!(all.iter().map(|c| c.code).collect::<Vec<_>>(), [C::NobodyPresent, C::AttendanceNotRecorded]);
    assert_eq!(all[0].message, "Nobody is marked present, so the minutes would not show who took part.");
    assert_eq!(all[0].fix, "Mark who was there in the Attendance panel.");
    assert_eq!(all[1].message, "Attendance is not recorded for any of the 4 expected members.");
    assert_eq!(all[1].fix, "In the Attendance panel, mark each of them present, absent or as having sent apologies.");
    assert_eq!(all[1].member_ids, [team.splw, team.coordinator, team.gp, team.ot], "in the panel's order, by name");
    assert!(all.iter().all(|c| !c.blocks), "the chair may finalise anyway");

    // Someone present, someone sent apologies: two still unrecorded, named.
    mark(&mut store, m.id, team.gp, AttendanceStatus::Present);
    mark(&mut store, m.id, team.ot, AttendanceStatus::Apologies);
    // A member who was not expected and is not recorded is not something to chase.
    mark(&mut store, m.id, team.nurse, AttendanceStatus::Unknown);
    let some = checks(&store);
    assert_eq!(some.len(), 1, "{some:?}");
    assert_eq!(some[0].code, C::AttendanceNotRecorded);
    assert_eq!(some[0].message, "Attendance is not recorded for 2 of the 4 expected members: Ade Sample and Cal Coordinator.");
    assert_eq!(some[0].member_ids, [team.splw, team.coordinator]);

    // Everyone expected recorded, none present: only "nobody present".
    mark(&mut store, m.id, team.gp, AttendanceStatus::Absent);
    mark(&mut store, m.id, team.splw, AttendanceStatus::Absent);
    mark(&mut store, m.id, team.coordinator, AttendanceStatus::Apologies);
    assert_eq!(checks(&store).iter().map(|c| c.code).collect::<Vec<_>>(), [C::NobodyPresent]);

    // All put right: nothing to say.
    mark(&mut store, m.id, team.coordinator, AttendanceStatus::Present);
    assert_eq!(checks(&store), []);

    // One expected member: named as the only one.
    let mut input = meeting_input(&team, "2026-03-09T13:00");
    (input.chair_id, input.minute_taker_id, input.attendee_ids) = (None, None, vec![team.ot]);
    let small = meetings::create(&mut store, &input).unwrap();
    let one = meetings::finalise_checks(store.conn(), small.id, on("2026-03-09")).unwrap();
    assert_eq!(one[1].message, "Attendance is not recorded for the one expected member, Priya Example.");
    assert_eq!(one[1].member_ids, [team.ot]);

    // The chair finalises anyway: attendance checks never stop it, and the minutes keep what was recorded.
    let finalised = meetings::finalise_on(&mut store, small.id, on("2026-03-09")).unwrap();
    assert_eq!(finalised.status, MeetingStatus::Finalised);
}

#[test]
fn a_meeting_dated_after_today_cannot_be_finalised_and_nothing_changes() {
    use meetings::FinaliseCheckCode as C;
    let (mut store, team) = store();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-1", team.ot);
    mark(&mut store, m.id, team.gp, AttendanceStatus::Present);

    // The day before: refused, first among the checks, with the dates in words.
    let checks = meetings::finalise_checks(store.conn(), m.id, on("2026-03-01")).unwrap();
    assert_eq!(checks.iter().map(|c| c.code).collect::<Vec<_>>(), [C::FutureMeeting, C::AttendanceNotRecorded]);
    assert_eq!(
        checks[0].message,
        "This meeting is dated Monday 2 March 2026, after today (Sunday 1 March 2026). \
         Minutes can only be finalised once the meeting has taken place."
    );
    assert_eq!(
        checks[0].fix,
        "If this is the wrong meeting, go back and open the right one. If the date is wrong, correct it with Edit details first."
    );
    assert!(checks[0].blocks);
    assert!(!checks[1].blocks);

    let audit_before = history::entity(store.conn(), AuditEntity::Meeting, m.id).unwrap().len();
    let err = meetings::finalise_on(&mut store, m.id, on("2026-03-01")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert_eq!(err.to_string(), format!("{} {}", checks[0].message, checks[0].fix));
    let detail = meetings::load(store.conn(), m.id).unwrap();
    assert_eq!(detail.meeting.status, MeetingStatus::Planned);
    assert_eq!(detail.meeting.finalised_at, None);
    assert_eq!(detail.agenda[0].outcome, Outcome::Pending, "not reached is not marked yet");
    assert_eq!(history::entity(store.conn(), AuditEntity::Meeting, m.id).unwrap().len(), audit_before, "nothing audited");

    // On the day itself, whatever the time, the meeting may be finalised.
    let same_day = meetings::finalise_checks(store.conn(), m.id, on("2026-03-02")).unwrap();
    assert!(same_day.iter().all(|c| c.code != C::FutureMeeting), "{same_day:?}");
    meetings::finalise_on(&mut store, m.id, on("2026-03-02")).unwrap();
    assert_eq!(meetings::get(store.conn(), m.id).unwrap().status, MeetingStatus::Finalised);
    assert_eq!(meetings::load(store.conn(), m.id).unwrap().agenda[0].outcome, Outcome::NotDiscussed);
    let _ = item;

    // `finalise` uses this machine's date: a meeting dated tomorrow is refused, today's is not.
    let today = chrono::Local::now().date_naive();
    let tomorrow = meeting(&mut store, &team, &format!("{}T09:00", today + chrono::Duration::days(1)));
    let err = meetings::finalise(&mut store, tomorrow.id).unwrap_err();
    assert!(err.to_string().starts_with("This meeting is dated "), "{err}");
    assert_eq!(meetings::get(store.conn(), tomorrow.id).unwrap().status, MeetingStatus::Planned);
    let later_today = meeting(&mut store, &team, &format!("{today}T23:59"));
    assert_eq!(meetings::finalise(&mut store, later_today.id).unwrap().status, MeetingStatus::Finalised);
}

#[test]
fn search_hits_name_the_agenda_item_to_open_for_reasons_discussions_and_actions() {
    let (mut store, team) = store();
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
