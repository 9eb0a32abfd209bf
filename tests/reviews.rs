//! Reviews that come back (issue #15): a next-review date, a step-down's follow-up and an open
//! escalation each put the person on the team's due-for-review list; a review is met when the
//! person is discussed at a later meeting than the one that booked it (a cancelled meeting meets
//! nothing); planning a meeting offers everyone due by its day, in one step; a person who objected
//! to discussion is never offered. Hazard H33.

mod support;
#[path = "support/reports.rs"]
mod reports;

use chrono::NaiveDate;
use mdt::agenda::{self, Consent, Outcome};
use mdt::discussions::{self, ClosureOutcome, DiscussionRecord, Escalation, EscalationTrigger, Transition, TransitionDirection};
use mdt::escalations::{self, ClosureInput, EscalationKey};
use mdt::meetings;
use mdt::reviews::{self, DueReview, ReviewSource};
use mdt::{Error, Store};
use support::{Team, add_case, case, meeting, save_record, store_with_team};

fn on(date: &str) -> NaiveDate {
    NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap()
}

fn review_on(date: &str) -> DiscussionRecord {
    DiscussionRecord { decision: "Keep going".into(), next_review_date: Some(date.into()), ..Default::default() }
}

fn step_down(follow_up: Option<&str>) -> DiscussionRecord {
    DiscussionRecord {
        decision: "Step down to the link worker".into(),
        transitions: vec![Transition {
            direction: TransitionDirection::StepDown,
            from_role_key: "ot".into(),
            to_role_key: "splw".into(),
            handover_plan: "Two joint visits, then SPLW leads".into(),
            joint_visits: 2,
            consult_contact: "PCN OT".into(),
            follow_up_date: follow_up.map(str::to_string),
        }],
        ..Default::default()
    }
}

fn escalated() -> DiscussionRecord {
    DiscussionRecord {
        decision: "Raise with the duty team".into(),
        escalations: vec![Escalation {
            trigger: EscalationTrigger::Safeguarding,
            route: "Duty social work team".into(),
            informed: "GP".into(),
            not_needed_reason: String::new(),
        }],
        ..Default::default()
    }
}

/// A meeting held on `starts_at` (started, so it took place) where each person was discussed
/// with the record given (or listed and not reached, when the record is `None`).
fn held(store: &mut Store, team: &Team, starts_at: &str, people: &[(&str, Option<DiscussionRecord>)]) -> (i64, Vec<i64>) {
    let m = meeting(store, team, starts_at);
    // A person not reached last time is carried here already: their item is used.
    let carried = agenda::load(store.conn(), m.id).unwrap();
    let items: Vec<i64> = people
        .iter()
        .map(|(reference, _)| match carried.iter().find(|i| i.case_reference.as_deref() == Some(reference)) {
            Some(item) => item.id,
            None => add_case(store, m.id, reference, team.ot),
        })
        .collect();
    meetings::start(store, m.id).unwrap();
    for ((_, record), item) in people.iter().zip(&items) {
        match record {
            Some(record) => {
                save_record(store, *item, record).unwrap();
                agenda::set_outcome(store, *item, Outcome::Discussed, 300).unwrap();
            }
            None => agenda::set_outcome(store, *item, Outcome::NotDiscussed, 0).unwrap(),
        }
    }
    (m.id, items)
}

fn refs(list: &[DueReview]) -> Vec<(&str, &str, bool)> {
    list.iter().map(|d| (d.reference.as_str(), d.due_on.as_str(), d.overdue)).collect()
}

fn series(store: &Store, meeting_id: i64) -> i64 {
    meetings::get(store.conn(), meeting_id).unwrap().series_id
}

#[test]
fn each_of_the_three_puts_the_person_on_the_list_with_why_when_and_the_meeting_it_came_from() {
    let (mut store, team) = store_with_team();
    let (m1, _) = held(
        &mut store,
        &team,
        "2026-03-02T13:00",
        &[
            ("AB-0101", Some(review_on("06/04/2026"))),
            ("CD-0102", Some(step_down(Some("13/04/2026")))),
            ("EF-0103", Some(escalated())),
            ("GH-0104", Some(DiscussionRecord { decision: "Discharged".into(), ..Default::default() })),
            ("IJ-0105", Some(step_down(None))),
        ],
    );
    let list = reviews::due_for_review(store.conn(), series(&store, m1), on("2026-03-03")).unwrap();
    // Due date, then reference; nobody overdue yet. The escalation has no later meeting to come
    // back to yet, so it is due now (the day it was raised). GH (nothing booked) and IJ (a
    // step-down with no follow-up) are not on the list.
    assert_eq!(refs(&list), [("EF-0103", "2026-03-02", false), ("AB-0101", "2026-04-06", false), ("CD-0102", "2026-04-13", false)]);
    let why: Vec<(ReviewSource, &str, i64, &str, &str)> = list
        .iter()
        .flat_map(|d| &d.reasons)
        .map(|r| (r.source, r.due_on.as_str(), r.booked_meeting_id, r.booked_on.as_str(), r.text.as_str()))
        .collect();
    assert_eq!(
        why,
        [
            (ReviewSource::OpenEscalation, "2026-03-02", m1, "2026-03-02", "Open escalation: safeguarding concern via Duty social work team, raised at Riverside MDT on 02/03/2026"),
            (ReviewSource::NextReview, "2026-04-06", m1, "2026-03-02", "Review booked for 06/04/2026 at Riverside MDT on 02/03/2026"),
            (ReviewSource::StepDownFollowUp, "2026-04-13", m1, "2026-03-02", "Step-down follow-up (OT to SPLW) due 13/04/2026, booked at Riverside MDT on 02/03/2026"),
        ]
    );
    assert_eq!(list[1].listing_reason, "Due for review: review booked for 06/04/2026 at Riverside MDT on 02/03/2026.");
    assert_eq!(list[1].last_discussed_on.as_deref(), Some("2026-03-02"));

    // Once a later meeting is planned, the open escalation is due at it.
    let m2 = meeting(&mut store, &team, "2026-03-16T13:00");
    let list = reviews::due_for_review(store.conn(), series(&store, m2.id), on("2026-03-03")).unwrap();
    assert_eq!(list[0].reference, "EF-0103");
    assert_eq!(list[0].due_on, "2026-03-16");

    // EF is discussed again on 9 March and the escalation closed there: off the list.
    let (_, items) = held(
        &mut store,
        &team,
        "2026-03-09T13:00",
        &[("KL-0106", Some(review_on("2026-05-01"))), ("EF-0103", Some(DiscussionRecord { decision: "Enquiry done".into(), ..Default::default() }))],
    );
    let raised = agenda::load(store.conn(), m1).unwrap().into_iter().find(|i| i.label() == "EF-0103").unwrap().id;
    let key = EscalationKey { raised_at_item_id: raised, trigger: EscalationTrigger::Safeguarding, route: "Duty social work team".into() };
    // Still open after being discussed: due again at the next meeting.
    let list = reviews::due_for_review(store.conn(), series(&store, m1), on("2026-03-10")).unwrap();
    assert_eq!(refs(&list)[0], ("EF-0103", "2026-03-16", false));
    escalations::close(
        &mut store,
        items[1],
        &key,
        &ClosureInput { outcome: Some(ClosureOutcome::Resolved), closed_by_id: Some(team.gp), closed_on: "09/03/2026".into(), reason: "Enquiry concluded".into() },
    )
    .unwrap();
    let list = reviews::due_for_review(store.conn(), series(&store, m1), on("2026-03-10")).unwrap();
    assert_eq!(refs(&list).iter().map(|r| r.0).collect::<Vec<_>>(), ["AB-0101", "CD-0102", "KL-0106"]);
}

#[test]
fn a_review_is_met_by_a_later_discussion_and_overdue_when_its_day_passes_unmet() {
    let (mut store, team) = store_with_team();
    let (m1, _) = held(
        &mut store,
        &team,
        "2026-03-02T13:00",
        &[("AB-0101", Some(review_on("2026-03-30"))), ("CD-0102", Some(review_on("2026-03-30"))), ("EF-0103", Some(escalated()))],
    );
    let s = series(&store, m1);
    // On the day itself it is due, not overdue; the day after, overdue.
    assert_eq!(refs(&reviews::due_for_review(store.conn(), s, on("2026-03-30")).unwrap())[1..], [("AB-0101", "2026-03-30", false), ("CD-0102", "2026-03-30", false)]);
    assert_eq!(refs(&reviews::due_for_review(store.conn(), s, on("2026-03-31")).unwrap())[1..], [("AB-0101", "2026-03-30", true), ("CD-0102", "2026-03-30", true)]);

    // 16 March: AB discussed (nothing new booked), CD listed but not reached, EF not listed.
    held(&mut store, &team, "2026-03-16T13:00", &[("AB-0101", Some(DiscussionRecord { decision: "Settled".into(), ..Default::default() })), ("CD-0102", None)]);
    // AB's review was met by the later discussion; CD's was not (not reached is not seen).
    let list = reviews::due_for_review(store.conn(), s, on("2026-03-31")).unwrap();
    assert_eq!(refs(&list), [("EF-0103", "2026-03-16", true), ("CD-0102", "2026-03-30", true)]);
    // The open escalation was due at the 16 March meeting: overdue from the day after, not on it.
    let on_the_day = reviews::due_for_review(store.conn(), s, on("2026-03-16")).unwrap();
    assert_eq!(refs(&on_the_day), [("EF-0103", "2026-03-16", false), ("CD-0102", "2026-03-30", false)]);
    assert_eq!(refs(&reviews::due_for_review(store.conn(), s, on("2026-03-17")).unwrap())[0], ("EF-0103", "2026-03-16", true));

    // A later discussion that books a new date replaces the old one.
    held(&mut store, &team, "2026-04-06T13:00", &[("CD-0102", Some(review_on("2026-05-04")))]);
    let list = reviews::due_for_review(store.conn(), s, on("2026-04-07")).unwrap();
    assert_eq!(refs(&list), [("EF-0103", "2026-03-16", true), ("CD-0102", "2026-05-04", false)]);
    assert_eq!(list[1].reasons.len(), 1);

    // The meetings screen's warning: overdue only, across the series, as of today.
    let overdue = reviews::overdue(store.conn(), on("2026-04-07")).unwrap();
    assert_eq!(refs(&overdue), [("EF-0103", "2026-03-16", true)]);
    assert_eq!(overdue[0].series_name, "Riverside Neighbourhood MDT");
}

#[test]
fn a_cancelled_meeting_meets_no_review_and_an_escalation_is_not_due_at_it() {
    let (mut store, team) = store_with_team();
    let (m1, _) = held(&mut store, &team, "2026-03-02T13:00", &[("AB-0101", Some(review_on("2026-03-10"))), ("EF-0103", Some(escalated()))]);
    let m2 = meeting(&mut store, &team, "2026-03-16T13:00");
    add_case(&mut store, m2.id, "AB-0101", team.ot);
    add_case(&mut store, m2.id, "EF-0103", team.ot);
    let s = series(&store, m1);
    // While planned, the escalation is due at it, and both people are shown as listed there.
    let list = reviews::due_for_review(store.conn(), s, on("2026-03-11")).unwrap();
    assert_eq!(refs(&list), [("AB-0101", "2026-03-10", true), ("EF-0103", "2026-03-16", false)]);
    assert_eq!(list[0].listed_for.as_deref(), Some("Riverside MDT on 16/03/2026"));

    meetings::cancel(&mut store, m2.id, "Room flooded").unwrap();
    let m3 = meeting(&mut store, &team, "2026-03-30T13:00");
    let list = reviews::due_for_review(store.conn(), s, on("2026-03-20")).unwrap();
    // Still due: the cancelled meeting met nothing, and the escalation moves to the next meeting.
    assert_eq!(refs(&list)[0], ("AB-0101", "2026-03-10", true));
    assert_eq!(refs(&list)[1], ("EF-0103", "2026-03-30", false));
    // The cases went on to the next meeting's agenda when it was planned; so nobody is offered twice.
    let offer = reviews::offer_on(store.conn(), m3.id, on("2026-03-20")).unwrap();
    let listed: Vec<String> = agenda::load(store.conn(), m3.id).unwrap().iter().filter_map(|i| i.case_reference.clone()).collect();
    for due in &offer.due {
        assert!(!listed.contains(&due.reference), "{} offered though listed", due.reference);
    }
}

#[test]
fn planning_offers_everyone_due_by_its_day_who_is_not_listed_and_did_not_object() {
    let (mut store, team) = store_with_team();
    let (m1, _) = held(
        &mut store,
        &team,
        "2026-03-02T13:00",
        &[
            ("AB-0101", Some(review_on("2026-03-30"))),
            ("CD-0102", Some(step_down(Some("2026-03-23")))),
            ("EF-0103", Some(escalated())),
            ("GH-0104", Some(review_on("2026-03-30"))),
            ("LATE-01", Some(review_on("2026-04-27"))),
            ("MN-0107", Some(review_on("2026-03-30"))),
        ],
    );
    // 16 March: MN listed and objected to MDT discussion (not reached, so not carried).
    let m2 = meeting(&mut store, &team, "2026-03-16T13:00");
    let mut objecting = case("MN-0107", team.ot, 10);
    objecting.consent = Consent::Objected;
    let mn = agenda::add_case(&mut store, m2.id, &objecting).unwrap();
    meetings::start(&mut store, m2.id).unwrap();
    agenda::set_outcome(&mut store, mn, Outcome::NotDiscussed, 0).unwrap();

    let m3 = meeting(&mut store, &team, "2026-03-30T13:00");
    add_case(&mut store, m3.id, "GH-0104", team.splw);
    let offer = reviews::offer_on(store.conn(), m3.id, on("2026-03-24")).unwrap();
    assert_eq!(offer.meeting_on, "2026-03-30");
    // EF's escalation was due at 16 March (held without them): overdue. CD's follow-up passed.
    // GH is on the agenda already; LATE-01 is due after the meeting; MN objected.
    assert_eq!(refs(&offer.due), [("EF-0103", "2026-03-16", true), ("CD-0102", "2026-03-23", true), ("AB-0101", "2026-03-30", false)]);
    assert_eq!(offer.objected, ["MN-0107"]);
    // The objecting person is not on the team's list either.
    let list = reviews::due_for_review(store.conn(), series(&store, m1), on("2026-03-24")).unwrap();
    assert!(list.iter().all(|d| d.reference != "MN-0107"));
    assert!(list.iter().any(|d| d.reference == "AB-0101"));
    // A meeting on LATE-01's day offers them.
    let m4 = meeting(&mut store, &team, "2026-04-27T13:00");
    assert!(reviews::offer_on(store.conn(), m4.id, on("2026-03-24")).unwrap().due.iter().any(|d| d.reference == "LATE-01"));
}

fn audit_rows(store: &Store) -> Vec<(String, String, i64, Option<String>)> {
    store
        .conn()
        .prepare("SELECT actor, action, entity_id, after FROM audit_log WHERE entity = 'agenda_item' ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn adding_all_due_is_one_step_audited_and_all_or_nothing() {
    let (mut store, team) = store_with_team();
    held(
        &mut store,
        &team,
        "2026-03-02T13:00",
        &[("AB-0101", Some(review_on("2026-03-30"))), ("CD-0102", Some(step_down(Some("2026-03-23")))), ("EF-0103", Some(review_on("2026-03-30")))],
    );
    let m2 = meeting(&mut store, &team, "2026-03-30T13:00");
    let offer = reviews::offer(store.conn(), m2.id).unwrap();
    let ids: Vec<i64> = offer.due.iter().map(|d| d.case_id).collect();
    assert_eq!(ids.len(), 3);

    // Meanwhile someone lists EF by hand: adding all three now adds nobody.
    let before_audit = audit_rows(&store).len();
    let ef = agenda::add_case(&mut store, m2.id, &case("EF-0103", team.splw, 15)).unwrap();
    let err = reviews::add_due(&mut store, m2.id, &ids).unwrap_err();
    assert!(matches!(&err, Error::Conflict(m) if m.starts_with("EF-0103 is no longer due")), "{err:?}");
    let agenda_now: Vec<String> = agenda::load(store.conn(), m2.id).unwrap().iter().filter_map(|i| i.case_reference.clone()).collect();
    assert_eq!(agenda_now, ["EF-0103"]);
    assert_eq!(audit_rows(&store).len(), before_audit + 1, "only the hand-added item is logged");
    agenda::remove_item(&mut store, ef).unwrap();

    // Adding nobody is refused with a message.
    assert!(matches!(reviews::add_due(&mut store, m2.id, &[]), Err(Error::Invalid { field: "caseIds", .. })));

    store.set_actor("Cal Coordinator");
    let before_audit = audit_rows(&store).len();
    let added = reviews::add_due(&mut store, m2.id, &ids).unwrap();
    assert_eq!(added.references, ["CD-0102", "AB-0101", "EF-0103"]);
    // Read back: each on the agenda with the reason from why they are due, presenter and consent
    // as at their latest discussion.
    let items = agenda::load(store.conn(), m2.id).unwrap();
    let cases: Vec<(&str, &str, Option<i64>, Consent)> =
        items.iter().filter(|i| i.case_reference.is_some()).map(|i| (i.label(), i.reason.as_str(), i.presenter_id, i.consent)).collect();
    assert_eq!(
        cases,
        [
            ("CD-0102", "Due for review: step-down follow-up (OT to SPLW) due 23/03/2026, booked at Riverside MDT on 02/03/2026.", Some(team.ot), Consent::Agreed),
            ("AB-0101", "Due for review: review booked for 30/03/2026 at Riverside MDT on 02/03/2026.", Some(team.ot), Consent::Agreed),
            ("EF-0103", "Due for review: review booked for 30/03/2026 at Riverside MDT on 02/03/2026.", Some(team.ot), Consent::Agreed),
        ]
    );
    let log = audit_rows(&store);
    assert_eq!(log.len(), before_audit + 3);
    for ((actor, action, entity_id, after), id) in log[before_audit..].iter().zip(&added.item_ids) {
        assert_eq!((actor.as_str(), action.as_str(), entity_id), ("Cal Coordinator", "create", id));
        assert!(after.as_deref().unwrap().contains("Due for review"), "{after:?}");
    }
    // Nobody is offered twice.
    assert!(reviews::offer(store.conn(), m2.id).unwrap().due.is_empty());
    assert!(matches!(reviews::add_due(&mut store, m2.id, &ids[..1]), Err(Error::Conflict(_))));
}

#[test]
fn a_finalised_or_cancelled_meeting_takes_no_due_reviews() {
    let (mut store, team) = store_with_team();
    held(&mut store, &team, "2026-03-02T13:00", &[("AB-0101", Some(review_on("2026-03-09")))]);
    let m2 = meeting(&mut store, &team, "2026-03-16T13:00");
    let ab = reviews::offer(store.conn(), m2.id).unwrap().due[0].case_id;
    meetings::cancel(&mut store, m2.id, "No quorum").unwrap();
    let err = reviews::add_due(&mut store, m2.id, &[ab]).unwrap_err();
    assert!(matches!(&err, Error::Conflict(m) if m.contains("cancelled")), "{err:?}");
    assert!(agenda::load(store.conn(), m2.id).unwrap().iter().all(|i| i.case_reference.is_none()));
}

#[test]
fn a_step_down_follow_up_is_typed_the_uk_way_and_read_back() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-0101", team.ot);
    let saved = save_record(&mut store, item, &step_down(Some("15/12/2026"))).unwrap();
    assert!(saved.not_saved.is_empty());
    let read = discussions::open(store.conn(), item).unwrap();
    assert_eq!(read.record.transitions[0].follow_up_date.as_deref(), Some("2026-12-15"));

    // A date nobody can read keeps the saved one and says why; the rest saves.
    let mut bad = step_down(Some("31/02/2026"));
    bad.decision = "Changed".into();
    let receipt = save_record(&mut store, item, &bad).unwrap();
    assert_eq!(receipt.not_saved.len(), 1);
    assert!(receipt.not_saved[0].message.starts_with("Step-down follow-up: "), "{}", receipt.not_saved[0].message);
    let read = discussions::open(store.conn(), item).unwrap();
    assert_eq!((read.record.decision.as_str(), read.record.transitions[0].follow_up_date.as_deref()), ("Changed", Some("2026-12-15")));

    // A step-up has no follow-up date of its own.
    let mut up = step_down(Some("15/12/2026"));
    up.transitions[0].direction = TransitionDirection::StepUp;
    let receipt = save_record(&mut store, item, &up).unwrap();
    assert_eq!(receipt.not_saved[0].message, "A follow-up date belongs to a step-down; a step-up is reviewed at the person's next review.");
    // Cleared: blank means none.
    save_record(&mut store, item, &step_down(Some("  "))).unwrap();
    assert_eq!(discussions::open(store.conn(), item).unwrap().record.transitions[0].follow_up_date, None);
}

#[test]
fn the_minutes_say_which_reviews_were_booked_per_case() {
    let (mut store, team) = store_with_team();
    let (m, _) = held(&mut store, &team, "2026-03-02T13:00", &[("AB-0101", Some(review_on("15/01/2027"))), ("CD-0102", Some(step_down(Some("22/01/2027"))))]);
    let options = mdt::reports::minutes::MinutesOptions { include_identifiers: false, created: None };
    let pdf = mdt::reports::render(&mdt::reports::minutes::document(store.conn(), m, &options).unwrap()).unwrap().pdf;
    let text = reports::pdf_text(&pdf);
    reports::assert_in_order(&text, &["AB-0101", "Next review", "Friday 15 January 2027", "CD-0102", "Step-down from Occupational therapist to Social prescribing link worker", "Follow-up booked for Friday 22 January 2027."]);
    // CD's record set no next review: the minutes say so rather than leaving it out.
    let cd = &text[text.find("CD-0102").unwrap()..];
    assert!(cd.contains("Not set"), "{cd}");
}
