//! Cancelling a meeting that has not started, and undoing it: the reason, who and when are kept;
//! nothing on a cancelled meeting changes; its cases go to the series' next meeting (now, or when
//! it is planned) and come back if it is reinstated, unless work on them has begun there; the
//! meetings screen, matters arising, attendance history and exports all read it as not having met.

mod support;

use mdt::actions;
use mdt::agenda::{self, Outcome};
use mdt::attendance::{self, AttendanceInput, AttendanceStatus};
use mdt::discussions::DiscussionRecord;
use mdt::meetings::{self, MeetingStatus};
use mdt::reports::{agenda_pack, minutes};
use mdt::{Error, bundle};
use support::{add_case, home_visit, meeting, save_record, store_with_team};

fn on(date: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap()
}

fn labels(store: &mdt::Store, meeting: i64) -> Vec<(String, Outcome)> {
    meetings::load(store.conn(), meeting).unwrap().agenda.iter().map(|i| (i.label().to_string(), i.outcome)).collect()
}

fn audit(store: &mdt::Store, entity_id: i64) -> Vec<(String, String, Option<String>, Option<String>)> {
    store
        .conn()
        .prepare("SELECT actor, action, before, after FROM audit_log WHERE entity = 'meeting_cancellation' AND entity_id = ?1 ORDER BY id")
        .unwrap()
        .query_map([entity_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_planned_meeting_is_cancelled_with_its_reason_and_who_cancelled_it() {
    let (mut store, team) = store_with_team();
    store.set_actor("Cal Coordinator");
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let done = meetings::cancel(&mut store, m.id, "  Chair on leave and no cover  ").unwrap();
    assert_eq!(done.meeting.status, MeetingStatus::Cancelled);
    let c = done.meeting.cancellation.clone().unwrap();
    assert_eq!(c.reason, "Chair on leave and no cover");
    assert_eq!(c.cancelled_by, "Cal Coordinator");
    assert!(c.cancelled_at.starts_with("20"), "{}", c.cancelled_at);
    assert_eq!(done.summary, "Riverside MDT on Monday 2 March 2026 is cancelled.");
    // Read back fresh, and in the audit log.
    let read = meetings::get(store.conn(), m.id).unwrap();
    assert_eq!(read.status, MeetingStatus::Cancelled);
    assert_eq!(read.cancellation, Some(c));
    let log = audit(&store, m.id);
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].0.as_str(), log[0].1.as_str(), &log[0].2), ("Cal Coordinator", "create", &None));
    assert!(log[0].3.as_deref().unwrap().contains("Chair on leave and no cover"));
}

#[test]
fn a_reason_is_needed_and_only_a_meeting_that_has_not_started_can_be_cancelled() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    for blank in ["", "   ", "\n"] {
        match meetings::cancel(&mut store, m.id, blank) {
            Err(Error::Invalid { field, .. }) => assert_eq!(field, "reason"),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(meetings::get(store.conn(), m.id).unwrap().status, MeetingStatus::Planned, "nothing changed");

    let started = meeting(&mut store, &team, "2026-03-09T13:00");
    meetings::start(&mut store, started.id).unwrap();
    let Err(Error::Conflict(message)) = meetings::cancel(&mut store, started.id, "Room flooded") else { panic!() };
    assert!(message.contains("has started") && message.contains("finalise it instead"), "{message}");
    assert_eq!(meetings::get(store.conn(), started.id).unwrap().status, MeetingStatus::InProgress);

    let finalised = meeting(&mut store, &team, "2026-02-23T13:00");
    meetings::finalise_on(&mut store, finalised.id, on("2026-03-01")).unwrap();
    let Err(Error::Conflict(message)) = meetings::cancel(&mut store, finalised.id, "Room flooded") else { panic!() };
    assert!(message.contains("finalised"), "{message}");

    meetings::cancel(&mut store, m.id, "Room flooded").unwrap();
    let Err(Error::Conflict(message)) = meetings::cancel(&mut store, m.id, "Again") else { panic!() };
    assert_eq!(message, "This meeting is already cancelled.");
    assert_eq!(audit(&store, m.id).len(), 1, "one cancellation, one entry");
}

#[test]
fn nothing_on_a_cancelled_meeting_changes_until_it_is_reinstated() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-1", team.ot);
    meetings::cancel(&mut store, m.id, "Chair on leave").unwrap();
    let refused = |r: mdt::Result<()>| match r {
        Err(Error::Conflict(message)) => assert!(message.contains("Reinstate meeting"), "{message}"),
        other => panic!("{other:?}"),
    };
    refused(meetings::start(&mut store, m.id).map(|_| ()));
    refused(meetings::finalise_on(&mut store, m.id, on("2026-03-03")).map(|_| ()));
    refused(agenda::add_case(&mut store, m.id, &support::case("CD-2", team.splw, 10)).map(|_| ()));
    refused(agenda::remove_item(&mut store, item));
    refused(meetings::update(&mut store, m.id, &support::meeting_input(&team, "2026-03-03T13:00")).map(|_| ()));
    refused(save_record(&mut store, item, &DiscussionRecord { situation: "typed".into(), ..Default::default() }).map(|_| ()));
    let present = AttendanceInput { status: AttendanceStatus::Present, arrived_at: None, left_at: None };
    refused(attendance::set(&mut store, m.id, team.ot, &present));
    // The database holds the same line for anything that writes to it directly.
    let direct = store.conn().execute("UPDATE meetings SET status = 'in_progress' WHERE id = ?1", [m.id]);
    assert!(direct.unwrap_err().to_string().contains("This meeting is cancelled"));
    let direct = store.conn().execute("UPDATE meeting_cancellations SET reason = 'other' WHERE meeting_id = ?1", [m.id]);
    assert!(direct.is_err());
    assert_eq!(labels(&store, m.id), [("AB-1".to_string(), Outcome::NotDiscussed)]);

    // Positive control: reinstated, the same changes go through.
    meetings::reinstate(&mut store, m.id).unwrap();
    agenda::add_case(&mut store, m.id, &support::case("CD-2", team.splw, 10)).unwrap();
    attendance::set(&mut store, m.id, team.ot, &present).unwrap();
    meetings::start(&mut store, m.id).unwrap();
    assert_eq!(meetings::get(store.conn(), m.id).unwrap().status, MeetingStatus::InProgress);
}

#[test]
fn the_database_refuses_to_cancel_a_meeting_that_has_started() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    meetings::start(&mut store, m.id).unwrap();
    let direct = store.conn().execute(
        "INSERT INTO meeting_cancellations (meeting_id, reason, cancelled_by, cancelled_at) VALUES (?1, 'x', 'y', 'z')",
        [m.id],
    );
    assert!(direct.unwrap_err().to_string().contains("Only a meeting that has not started"));
}

#[test]
fn its_cases_go_to_the_next_meeting_already_planned() {
    let (mut store, team) = store_with_team();
    let first = meeting(&mut store, &team, "2026-03-02T13:00");
    add_case(&mut store, first.id, "AB-1", team.ot);
    add_case(&mut store, first.id, "CD-2", team.splw);
    let next = meeting(&mut store, &team, "2026-03-09T13:00");
    add_case(&mut store, next.id, "EF-3", team.gp);

    let done = meetings::cancel(&mut store, first.id, "Chair on leave").unwrap();
    assert_eq!((done.cases_listed, done.carried), (2, 2));
    assert_eq!(done.carried_to.as_ref().map(|m| m.id), Some(next.id));
    assert_eq!(
        done.summary,
        "Riverside MDT on Monday 2 March 2026 is cancelled. Its 2 cases are now on the agenda of Monday 9 March 2026."
    );
    assert_eq!(labels(&store, first.id), [("AB-1".into(), Outcome::NotDiscussed), ("CD-2".into(), Outcome::NotDiscussed)]);
    let next_agenda: Vec<String> = labels(&store, next.id).into_iter().map(|(l, _)| l).collect();
    assert_eq!(next_agenda, ["Matters arising", "AB-1", "CD-2", "EF-3"], "carried items first, after matters arising");
    let detail = meetings::load(store.conn(), next.id).unwrap();
    assert!(detail.agenda[1].carried_from.as_deref().unwrap().starts_with("Carried from Riverside MDT (2026-03-02)"));
}

#[test]
fn a_person_who_objected_to_discussion_is_not_carried_and_the_summary_says_how_many_were() {
    let (mut store, team) = store_with_team();
    let first = meeting(&mut store, &team, "2026-03-02T13:00");
    add_case(&mut store, first.id, "AB-1", team.ot);
    let objected = mdt::agenda::CaseItemInput { consent: agenda::Consent::Objected, ..support::case("OB-9", team.splw, 10) };
    agenda::add_case(&mut store, first.id, &objected).unwrap();
    let next = meeting(&mut store, &team, "2026-03-09T13:00");
    let done = meetings::cancel(&mut store, first.id, "Chair on leave").unwrap();
    assert_eq!((done.cases_listed, done.carried), (2, 1));
    assert_eq!(
        done.summary,
        "Riverside MDT on Monday 2 March 2026 is cancelled. Of its 2 cases, 1 case is now on the agenda of Monday 9 March 2026 \
         (a case is not carried if the person objected to being discussed, or if it is there already)."
    );
    let next_agenda: Vec<String> = labels(&store, next.id).into_iter().map(|(l, _)| l).collect();
    assert_eq!(next_agenda, ["Matters arising", "AB-1"]);

    // Only the person who objected is listed: nothing is carried, and the summary does not
    // promise the case to a later meeting.
    let third = meeting(&mut store, &team, "2026-03-16T13:00");
    agenda::add_case(&mut store, third.id, &mdt::agenda::CaseItemInput { consent: agenda::Consent::Objected, ..support::case("OB-7", team.ot, 10) }).unwrap();
    meeting(&mut store, &team, "2026-03-23T13:00");
    let done = meetings::cancel(&mut store, third.id, "Room flooded").unwrap();
    assert_eq!((done.cases_listed, done.carried, done.carried_to), (1, 0, None));
    assert_eq!(
        done.summary,
        "Riverside MDT on Monday 16 March 2026 is cancelled. Its 1 case was not carried to Monday 23 March 2026 \
         (a case is not carried if the person objected to being discussed, or if it is there already)."
    );
}

#[test]
fn without_a_next_meeting_the_cases_wait_for_it_to_be_planned() {
    let (mut store, team) = store_with_team();
    let first = meeting(&mut store, &team, "2026-03-02T13:00");
    add_case(&mut store, first.id, "AB-1", team.ot);
    let done = meetings::cancel(&mut store, first.id, "Chair on leave").unwrap();
    assert_eq!((done.cases_listed, done.carried, done.carried_to), (1, 0, None));
    assert_eq!(
        done.summary,
        "Riverside MDT on Monday 2 March 2026 is cancelled. Its 1 case will be added to the agenda when the series' next meeting is planned."
    );
    let next = meetings::plan_next(&mut store, first.id, "16/03/2026 13:00").unwrap();
    let next_agenda: Vec<String> = labels(&store, next.id).into_iter().map(|(l, _)| l).collect();
    assert_eq!(next_agenda, ["Matters arising", "AB-1"]);
}

#[test]
fn a_finalised_meeting_skips_a_cancelled_one_when_carrying_its_cases() {
    let (mut store, team) = store_with_team();
    let first = meeting(&mut store, &team, "2026-03-02T13:00");
    add_case(&mut store, first.id, "AB-1", team.ot);
    let cancelled = meeting(&mut store, &team, "2026-03-09T13:00");
    let after = meeting(&mut store, &team, "2026-03-16T13:00");
    meetings::cancel(&mut store, cancelled.id, "Bank holiday").unwrap();
    meetings::finalise_on(&mut store, first.id, on("2026-03-03")).unwrap();
    assert_eq!(labels(&store, cancelled.id), [("Matters arising".into(), Outcome::Pending)], "no case lands on the cancelled meeting");
    let later: Vec<String> = labels(&store, after.id).into_iter().map(|(l, _)| l).collect();
    assert_eq!(later, ["Matters arising", "AB-1"], "it goes to the next meeting that will meet");
}

#[test]
fn matters_arising_count_from_the_last_meeting_that_met() {
    let (mut store, team) = store_with_team();
    let first = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, first.id, "AB-1", team.ot);
    agenda::set_outcome(&mut store, item, Outcome::Discussed, 300).unwrap();
    let action = actions::add(&mut store, item, &home_visit(team.ot, "2026-03-12")).unwrap();
    meetings::finalise_on(&mut store, first.id, on("2026-03-03")).unwrap();
    let cancelled = meeting(&mut store, &team, "2026-03-09T13:00");
    let third = meeting(&mut store, &team, "2026-03-16T13:00");
    actions::complete(&mut store, action.id, Some("2026-03-05")).unwrap();

    // Positive control: while the 9 March meeting is planned, the action done on 5 March was
    // reported there, so the 16 March meeting does not hear it again.
    let heard = |store: &mdt::Store| meetings::matters_arising_heard(store.conn(), &meetings::get(store.conn(), third.id).unwrap()).unwrap();
    assert!(heard(&store).is_empty());
    meetings::cancel(&mut store, cancelled.id, "Bank holiday").unwrap();
    let ids: Vec<i64> = heard(&store).iter().map(|a| a.id).collect();
    assert_eq!(ids, [action.id], "the 9 March meeting did not meet, so 16 March hears what was done since 2 March");
}

#[test]
fn the_meetings_screen_keeps_a_cancelled_meeting_with_those_to_come_until_its_day_passes() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-09T13:00");
    meetings::cancel(&mut store, m.id, "Bank holiday").unwrap();
    let o = meetings::overview_on(store.conn(), 10, on("2026-03-09")).unwrap();
    assert_eq!(o.upcoming.iter().map(|s| (s.id, s.status)).collect::<Vec<_>>(), [(m.id, MeetingStatus::Cancelled)]);
    assert!(o.past.is_empty());
    assert_eq!(o.past_total, 0);
    let o = meetings::overview_on(store.conn(), 10, on("2026-03-10")).unwrap();
    assert!(o.upcoming.is_empty());
    assert_eq!(o.past.iter().map(|s| (s.id, s.status)).collect::<Vec<_>>(), [(m.id, MeetingStatus::Cancelled)]);
    assert_eq!(o.past_total, 1);
    let listed = meetings::list(store.conn()).unwrap();
    assert_eq!(listed[0].status, MeetingStatus::Cancelled);
}

#[test]
fn reinstating_brings_its_cases_back_unless_work_on_them_has_begun_elsewhere() {
    let (mut store, team) = store_with_team();
    let first = meeting(&mut store, &team, "2026-03-02T13:00");
    add_case(&mut store, first.id, "AB-1", team.ot);
    add_case(&mut store, first.id, "CD-2", team.splw);
    add_case(&mut store, first.id, "EF-3", team.gp);
    let next = meeting(&mut store, &team, "2026-03-09T13:00");
    meetings::cancel(&mut store, first.id, "Chair on leave").unwrap();
    // At the next meeting, someone has begun a record for CD-2.
    let copy = meetings::load(store.conn(), next.id).unwrap().agenda.iter().find(|i| i.label() == "CD-2").unwrap().id;
    save_record(&mut store, copy, &DiscussionRecord { situation: "Pre-meeting notes from the link worker".into(), ..Default::default() })
        .unwrap();

    let done = meetings::reinstate(&mut store, first.id).unwrap();
    assert_eq!(done.meeting.status, MeetingStatus::Planned);
    assert_eq!(done.meeting.cancellation, None);
    assert_eq!((done.back_on_agenda, done.kept_elsewhere.clone()), (2, vec!["CD-2".to_string()]));
    assert_eq!(
        done.summary,
        "Riverside MDT on Monday 2 March 2026 is reinstated. 2 cases are back on its agenda. CD-2 stayed on a later meeting, where work on it had begun; add it here if needed."
    );
    assert_eq!(
        labels(&store, first.id),
        [("AB-1".into(), Outcome::Pending), ("CD-2".into(), Outcome::NotDiscussed), ("EF-3".into(), Outcome::Pending)]
    );
    let next_agenda: Vec<String> = labels(&store, next.id).into_iter().map(|(l, _)| l).collect();
    assert_eq!(next_agenda, ["Matters arising", "CD-2"], "the untouched copies are gone, the one with notes stays");
    let log = audit(&store, first.id);
    assert_eq!(log.iter().map(|e| e.1.as_str()).collect::<Vec<_>>(), ["create", "delete"]);
    assert!(log[1].2.as_deref().unwrap().contains("Chair on leave"), "the reason stays in the log");

    let Err(Error::Conflict(message)) = meetings::reinstate(&mut store, first.id) else { panic!() };
    assert_eq!(message, "This meeting is not cancelled.");
    // And it can be cancelled again: the copy with notes is not carried twice.
    let again = meetings::cancel(&mut store, first.id, "Chair still on leave").unwrap();
    assert_eq!((again.cases_listed, again.carried), (2, 2));
    let next_agenda: Vec<String> = labels(&store, next.id).into_iter().map(|(l, _)| l).collect();
    assert_eq!(next_agenda, ["Matters arising", "CD-2", "AB-1", "EF-3"], "carried cases sit after those carried before");
}

#[test]
fn a_cancelled_meeting_has_no_minutes_agenda_pack_or_bundle() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    add_case(&mut store, m.id, "AB-1", team.ot);
    // Positive control: all three are made while it is planned.
    assert!(minutes::document(store.conn(), m.id, &Default::default()).is_ok());
    assert!(agenda_pack::document(store.conn(), m.id, &Default::default()).is_ok());
    assert!(bundle::export(store.conn(), m.id).is_ok());
    meetings::cancel(&mut store, m.id, "Chair on leave").unwrap();
    let Err(Error::Conflict(message)) = minutes::document(store.conn(), m.id, &Default::default()) else { panic!() };
    assert_eq!(message, "This meeting was cancelled (Chair on leave): it did not meet, so it has no minutes.");
    let Err(Error::Conflict(message)) = agenda_pack::document(store.conn(), m.id, &Default::default()) else { panic!() };
    assert!(message.starts_with("This meeting was cancelled (Chair on leave), so it has no agenda to circulate."), "{message}");
    let Err(Error::Conflict(message)) = bundle::export(store.conn(), m.id) else { panic!() };
    assert!(message.contains("cancelled"), "{message}");
}

#[test]
fn reinstated_with_every_case_taken_up_elsewhere_says_only_that() {
    let (mut store, team) = store_with_team();
    let first = meeting(&mut store, &team, "2026-03-02T13:00");
    add_case(&mut store, first.id, "AB-1", team.ot);
    let next = meeting(&mut store, &team, "2026-03-09T13:00");
    meetings::cancel(&mut store, first.id, "Chair on leave").unwrap();
    meetings::start(&mut store, next.id).unwrap();
    let done = meetings::reinstate(&mut store, first.id).unwrap();
    assert_eq!((done.back_on_agenda, done.kept_elsewhere.clone()), (0, vec!["AB-1".to_string()]));
    assert_eq!(
        done.summary,
        "Riverside MDT on Monday 2 March 2026 is reinstated. AB-1 stayed on a later meeting, where work on it had begun; add it here if needed."
    );
}

#[test]
fn an_agreement_settled_or_a_referral_made_at_the_later_meeting_keeps_the_case_there() {
    let (mut store, team) = store_with_team();
    let first = meeting(&mut store, &team, "2026-03-02T13:00");
    add_case(&mut store, first.id, "AB-1", team.ot);
    add_case(&mut store, first.id, "CD-2", team.splw);
    add_case(&mut store, first.id, "EF-3", team.gp);
    let next = meeting(&mut store, &team, "2026-03-09T13:00");
    meetings::cancel(&mut store, first.id, "Chair on leave").unwrap();
    let copy = |store: &mdt::Store, label: &str| meetings::load(store.conn(), next.id).unwrap().agenda.iter().find(|i| i.label() == label).unwrap().id;
    // At the next meeting the team agrees how it will work with AB-1, and CD-2's link worker refers her on.
    let agreed = mdt::agreement::Agreement { concerns: "Weekly call".into(), ..Default::default() };
    let ab = copy(&store, "AB-1");
    mdt::agreement::change(&mut store, ab, 0, &agreed, "").unwrap();
    let referral = mdt::referrals::ReferralInput {
        from_member_id: team.splw,
        to: mdt::referrals::ReferralTo::Role { role_key: "ot".into() },
        made_on: "09/03/2026".into(),
        reason: "Struggling with the stairs".into(),
        expected_wait_weeks: None,
        feedback_due: None,
        consent_to_share: None,
    };
    let cd = copy(&store, "CD-2");
    mdt::referrals::make(&mut store, cd, &referral).unwrap();

    let done = meetings::reinstate(&mut store, first.id).unwrap();
    assert_eq!((done.back_on_agenda, done.kept_elsewhere.clone()), (1, vec!["AB-1".to_string(), "CD-2".to_string()]));
    let next_agenda: Vec<String> = labels(&store, next.id).into_iter().map(|(l, _)| l).collect();
    assert_eq!(next_agenda, ["Matters arising", "AB-1", "CD-2"], "only the untouched copy (EF-3) went back");
    assert_eq!(mdt::agreement::review_at(store.conn(), copy(&store, "AB-1")).unwrap().map(|r| r.agreement), Some(agreed), "the agreement's discussion is kept");
}
