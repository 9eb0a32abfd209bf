//! Meetings as a whole through the core API: planning, carry-forward, finalising (and what it
//! checks first), amending with a reason, and the meetings overview. The agenda, attendance, case
//! records, actions, cases and search each have their own file of tests, by the module's name.

mod support;

use mdt::actions;
use mdt::agenda::{self, AgendaKind, Outcome};
use mdt::attendance::{self, AttendanceInput, AttendanceStatus};
use mdt::audit::AuditEntity;
use mdt::discussions::{DiscussionRecord, Need};
use mdt::meetings::{self, MeetingStatus};
use mdt::{ErrorCode, Store, history};
use support::*;

#[test]
fn a_new_meeting_expects_core_members_and_the_chair_and_minute_taker() {
    let (mut store, team) = store_with_team();
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
    let (mut store, team) = store_with_team();
    let mut bad = meeting_input(&team, "2026-02-30T13:00");
    assert_eq!(meetings::create(&mut store, &bad).unwrap_err().code(), ErrorCode::Invalid);
    bad.starts_at = "2026-03-02T13:00".into();
    bad.planned_minutes = 0;
    let err = meetings::create(&mut store, &bad).unwrap_err();
    assert_eq!(mdt::ErrorPayload::from(&err).field.as_deref(), Some("plannedMinutes"));
    assert!(meetings::list(store.conn()).unwrap().is_empty());
}

#[test]
fn not_discussed_cases_and_open_actions_carry_to_the_next_meeting() {
    let (mut store, team) = store_with_team();
    let first = meeting(&mut store, &team, "2026-03-02T13:00");
    let discussed = add_case(&mut store, first.id, "AB-1", team.ot);
    add_case(&mut store, first.id, "CD-2", team.splw);
    let skipped = add_case(&mut store, first.id, "EF-3", team.gp);
    agenda::set_outcome(&mut store, discussed, Outcome::Discussed, 600).unwrap();
    agenda::set_outcome(&mut store, skipped, Outcome::NotDiscussed, 0).unwrap();
    let open = actions::add(&mut store, discussed, &home_visit(team.ot, "2026-03-09")).unwrap();
    let closed = actions::add(&mut store, discussed, &home_visit(team.splw, "2026-03-09")).unwrap();
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
    let (mut store, team) = store_with_team();
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
    let (mut store, team) = store_with_team();
    let first = meeting(&mut store, &team, "2026-03-02T13:00");
    add_case(&mut store, first.id, "AB-1", team.ot);
    let second = meeting(&mut store, &team, "2026-03-16T13:00");
    meetings::finalise(&mut store, first.id).unwrap();
    let agenda = meetings::load(store.conn(), second.id).unwrap().agenda;
    assert_eq!(agenda.iter().filter(|i| i.label() == "AB-1").count(), 1);
}

#[test]
fn finalised_minutes_change_only_through_an_amendment_with_a_reason() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-1", team.ot);
    let record = DiscussionRecord { decision: "OT to assess at home".into(), needs: vec![Need::Functional], ..Default::default() };
    save_record(&mut store, item, &record).unwrap();
    meetings::finalise(&mut store, m.id).unwrap();

    let changed = DiscussionRecord { decision: "OT and SPLW joint visit".into(), ..record.clone() };
    assert_eq!(save_record(&mut store, item, &changed).unwrap_err().code(), ErrorCode::Conflict);
    assert_eq!(actions::add(&mut store, item, &home_visit(team.ot, "2026-03-09")).unwrap_err().code(), ErrorCode::Conflict);
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
fn agenda_attendance_and_outcome_changes_are_audited_and_are_amendments_after_finalising() {
    let (mut store, team) = store_with_team();
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
    let (mut store, team) = store_with_team();
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
    let (mut store, team) = store_with_team();
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
    let (mut store, team) = store_with_team();
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
fn matters_arising_come_from_the_same_series_only() {
    let (mut store, team) = store_with_team();
    let riverside = meeting(&mut store, &team, "2026-03-02T13:00");
    let other_series = meetings::MeetingInput { series_name: "Hillside Frailty MDT".into(), ..meeting_input(&team, "2026-03-03T10:00") };
    let hillside = meetings::create(&mut store, &other_series).unwrap();
    let mut agreed = Vec::new();
    for (m, reference) in [(&riverside, "AB-1"), (&hillside, "HS-2")] {
        let item = add_case(&mut store, m.id, reference, team.ot);
        agenda::set_outcome(&mut store, item, Outcome::Discussed, 300).unwrap();
        agreed.push(actions::add(&mut store, item, &home_visit(team.ot, "2026-03-20")).unwrap().id);
        meetings::finalise_on(&mut store, m.id, chrono::NaiveDate::from_ymd_opt(2026, 3, 4).unwrap()).unwrap();
    }
    // Hillside's is done since Riverside last met: still not Riverside's to hear.
    actions::complete(&mut store, agreed[1], Some("2026-03-10")).unwrap();
    let next = meetings::plan_next(&mut store, riverside.id, "16/03/2026 13:00").unwrap();
    // An action agreed at a later meeting of the series is not a matter arising of this one.
    let later = meeting(&mut store, &team, "2026-03-23T13:00");
    let item = add_case(&mut store, later.id, "LT-3", team.splw);
    let later_action = actions::add(&mut store, item, &home_visit(team.splw, "2026-03-30")).unwrap();
    actions::complete(&mut store, later_action.id, Some("2026-03-12")).unwrap();
    let later_open = actions::add(&mut store, item, &home_visit(team.gp, "2026-03-30")).unwrap();
    assert_eq!(later_open.case_reference.as_deref(), Some("LT-3"));
    let arising: Vec<String> = meetings::matters_arising(store.conn(), next.id, 25).unwrap().actions.into_iter().filter_map(|a| a.case_reference).collect();
    assert_eq!(arising, ["AB-1"], "neither Hillside's open action nor one agreed later is a matter arising here");
    let heard: Vec<String> = meetings::matters_arising_heard(store.conn(), &next).unwrap().into_iter().filter_map(|a| a.case_reference).collect();
    assert_eq!(heard, ["AB-1"], "the open one once; nothing done in another series or agreed later");
    // Positive control: Riverside's own action done since it last met is heard.
    actions::complete(&mut store, agreed[0], Some("2026-03-11")).unwrap();
    let heard: Vec<String> = meetings::matters_arising_heard(store.conn(), &next).unwrap().into_iter().filter_map(|a| a.case_reference).collect();
    assert_eq!(heard, ["AB-1"]);
}

/// The live meeting's minute-taker may write a case up in the meeting view without the chair
/// pressing "Discussed": the draft minutes show such a case as discussed, and finalising must
/// not then drop its record from the minutes and carry it forward as "not discussed".
#[test]
fn finalising_minutes_a_case_with_something_recorded_as_discussed_and_says_so_first() {
    use meetings::FinaliseCheckCode as C;
    use mdt::reports::minutes::{self, MinutesOptions};
    #[path = "support/reports.rs"]
    mod reports;
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let noted = add_case(&mut store, m.id, "AB-1", team.ot);
    let untouched = add_case(&mut store, m.id, "CD-2", team.splw);
    let with_action = add_case(&mut store, m.id, "EF-3", team.gp);
    let blank = add_case(&mut store, m.id, "GH-4", team.ot);
    for who in [team.ot, team.splw, team.gp, team.coordinator] {
        mark(&mut store, m.id, who, AttendanceStatus::Present);
    }
    let record = DiscussionRecord { discussion: "Agreed a joint visit before Easter.".into(), ..Default::default() };
    save_record(&mut store, noted, &record).unwrap();
    actions::add(&mut store, with_action, &home_visit(team.gp, "2026-03-09")).unwrap();
    // A record saved and then emptied again is nothing recorded.
    save_record(&mut store, blank, &DiscussionRecord { discussion: "x".into(), ..Default::default() }).unwrap();
    mdt::discussions::save(&mut store, blank, 1, &DiscussionRecord::default()).unwrap();
    // Time on the chair's timer alone is not: the timer runs for whatever case is on screen.
    let timed = add_case(&mut store, m.id, "LM-6", team.splw);
    agenda::record_time(&mut store, timed, 120).unwrap();

    let checks = meetings::finalise_checks(store.conn(), m.id, on("2026-03-02")).unwrap();
    assert_eq!(checks.iter().map(|c| c.code).collect::<Vec<_>>(), [C::RecordedNotMarked], "{checks:?}");
    assert_eq!(
        checks[0].message,
        "AB-1 and EF-3 not marked discussed, but have notes, actions, a referral or the joint-working agreement \
         recorded, so they will be minuted as discussed."
    );
    assert_eq!(checks[0].item_ids, [noted, with_action]);
    assert!(!checks[0].blocks);

    let text = |store: &Store| reports::pdf_text(&mdt::reports::render(&minutes::document(store.conn(), m.id, &MinutesOptions::default()).unwrap()).unwrap().pdf);
    let draft = text(&store);
    meetings::finalise_on(&mut store, m.id, on("2026-03-02")).unwrap();
    let outcomes: Vec<_> = meetings::load(store.conn(), m.id).unwrap().agenda.iter().filter(|i| i.kind == AgendaKind::Case).map(|i| (i.id, i.outcome)).collect();
    assert_eq!(
        outcomes,
        [
            (noted, Outcome::Discussed),
            (untouched, Outcome::NotDiscussed),
            (with_action, Outcome::Discussed),
            (blank, Outcome::NotDiscussed),
            (timed, Outcome::NotDiscussed)
        ]
    );
    let final_text = text(&store);
    for minutes in [&draft, &final_text] {
        reports::assert_in_order(minutes, &["1. AB-1", "Agreed a joint visit before Easter.", "2. EF-3", "Listed", "CD-2", "GH-4", "LM-6"]);
    }
    // Nothing to say once there is nothing pending with a record.
    let later = meeting(&mut store, &team, "2026-03-09T13:00");
    add_case(&mut store, later.id, "JK-5", team.ot);
    let none = meetings::finalise_checks(store.conn(), later.id, on("2026-03-09")).unwrap();
    assert!(none.iter().all(|c| c.code != C::RecordedNotMarked), "{none:?}");
}
