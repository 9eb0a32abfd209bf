//! Issue 15, referrals both ways: a referral is made from a case's discussion, from a roster
//! member to a role, a member or an outside service; its status moves only in allowed steps, a
//! decline needs the reason, a referral to an outside service needs the person's consent to
//! share (refused: no referral, said plainly, the refusal kept), feedback owed to the referrer
//! is overdue after its due date, every change is audited and a stale save is refused.

mod support;

use mdt::agenda::{self, CaseItemInput};
use mdt::audit::{self, AuditAction, AuditEntity};
use mdt::referrals::{
    self, ConsentToShare, MadeReferral, Referral, ReferralDetails, ReferralFilter, ReferralInput, ReferralStatus, ReferralTo, StatusChange,
};
use mdt::{Error, ErrorCode, ErrorPayload, Store, meetings};
use support::*;

fn to_splw(from: i64, made_on: &str) -> ReferralInput {
    ReferralInput {
        from_member_id: from,
        to: ReferralTo::Role { role_key: "splw".into() },
        made_on: made_on.into(),
        reason: "Lonely since her husband died; wants to get back to the allotment society.".into(),
        expected_wait_weeks: Some(3),
        feedback_due: Some("20/01/2026".into()),
        consent_to_share: None,
    }
}

fn to_service(from: i64, service: &str, consent: Option<ConsentToShare>) -> ReferralInput {
    ReferralInput {
        to: ReferralTo::Service { name: service.into() },
        reason: "Would like company and something to do with his hands.".into(),
        consent_to_share: consent,
        feedback_due: None,
        ..to_splw(from, "15/12/2025")
    }
}

fn made(result: MadeReferral) -> Referral {
    assert_eq!(result.not_made, None);
    result.referral.expect("a referral was made")
}

fn status(to: ReferralStatus, on: &str, reason: &str) -> StatusChange {
    StatusChange { status: to, on: on.into(), reason: reason.into() }
}

fn field_of(e: Error) -> Option<String> {
    ErrorPayload::from(&e).field
}

struct Setup {
    store: Store,
    team: Team,
    meeting: i64,
    item: i64,
}

fn setup() -> Setup {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-01-05T13:00");
    let item = add_case(&mut store, m.id, "AB-0101", team.ot);
    Setup { store, team, meeting: m.id, item }
}

#[test]
fn a_referral_made_from_a_discussion_is_read_back_whole_and_audited() {
    let Setup { mut store, team, meeting, item } = setup();
    store.set_actor("Priya Example");
    let r = made(referrals::make(&mut store, item, &to_splw(team.ot, "05/01/2026")).unwrap());
    let back = referrals::get(store.conn(), r.id).unwrap();
    assert_eq!(back, r);
    assert_eq!(back.case_reference, "AB-0101");
    assert_eq!((back.agenda_item_id, back.meeting_id), (Some(item), Some(meeting)));
    assert_eq!((back.from_name.as_str(), back.from_role_name.as_str()), ("Priya Example", "Occupational therapist"));
    assert_eq!(back.to_label, "Social prescribing link worker");
    assert!(!back.outside);
    assert_eq!((back.made_on.as_str(), back.status, back.status_on.as_str()), ("2026-01-05", ReferralStatus::Sent, "2026-01-05"));
    assert_eq!(back.reason, "Lonely since her husband died; wants to get back to the allotment society.");
    assert_eq!((back.expected_wait_weeks, back.feedback_due.as_deref()), (Some(3), Some("2026-01-20")));
    assert_eq!((back.version, back.open, back.consent.clone()), (1, true, None));

    let log = audit::logged(store.conn(), AuditEntity::Referral, r.id).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].action, log[0].actor.as_str()), (AuditAction::Create, "Priya Example"));
    let after: Referral = serde_json::from_str(log[0].after.as_deref().unwrap()).unwrap();
    assert_eq!(after, r);
}

#[test]
fn referrals_go_both_ways_and_to_a_named_member() {
    let Setup { mut store, team, item, .. } = setup();
    made(referrals::make(&mut store, item, &to_splw(team.ot, "05/01/2026")).unwrap());
    let back = ReferralInput { to: ReferralTo::Member { member_id: team.ot }, ..to_splw(team.splw, "06/01/2026") };
    let r = made(referrals::make(&mut store, item, &back).unwrap());
    assert_eq!(r.to_label, "Priya Example (Occupational therapist)");
    assert_eq!(r.from_name, "Ade Sample");
    // To oneself is refused.
    let own = ReferralInput { to: ReferralTo::Member { member_id: team.splw }, ..to_splw(team.splw, "06/01/2026") };
    assert_eq!(field_of(referrals::make(&mut store, item, &own).unwrap_err()).as_deref(), Some("to"));
    let all = referrals::list(store.conn(), &ReferralFilter { agenda_item_id: Some(item), ..Default::default() }).unwrap();
    assert_eq!(all.iter().map(|r| r.from_name.as_str()).collect::<Vec<_>>(), ["Priya Example", "Ade Sample"]);
}

#[test]
fn statuses_move_only_in_allowed_steps_with_dates_kept_in_order() {
    let Setup { mut store, team, item, .. } = setup();
    let r = made(referrals::make(&mut store, item, &to_splw(team.ot, "05/01/2026")).unwrap());

    // Sent cannot become seen: the receiver has to take it on first.
    let e = referrals::change_status(&mut store, r.id, 1, &status(ReferralStatus::Seen, "07/01/2026", "")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "A referral that is sent cannot become seen. From here it can become accepted, waiting, declined or closed."
    );
    assert_eq!(referrals::get(store.conn(), r.id).unwrap().version, 1, "a refused change changes nothing");
    // A date before the last status is refused.
    let e = referrals::change_status(&mut store, r.id, 1, &status(ReferralStatus::Accepted, "04/01/2026", "")).unwrap_err();
    assert_eq!(field_of(e).as_deref(), Some("on"));

    let r = referrals::change_status(&mut store, r.id, 1, &status(ReferralStatus::Accepted, "07/01/2026", "")).unwrap();
    assert_eq!((r.status, r.status_on.as_str(), r.version), (ReferralStatus::Accepted, "2026-01-07", 2));
    let r = referrals::change_status(&mut store, r.id, 2, &status(ReferralStatus::Waiting, "08/01/2026", "")).unwrap();
    let r = referrals::change_status(&mut store, r.id, 3, &status(ReferralStatus::Seen, "29 January 2026", "")).unwrap();
    let r = referrals::change_status(&mut store, r.id, 4, &status(ReferralStatus::Closed, "2026-02-02", "")).unwrap();
    assert_eq!((r.status, r.status_on.as_str(), r.version), (ReferralStatus::Closed, "2026-02-02", 5));
    // Closed is final.
    let e = referrals::change_status(&mut store, r.id, 5, &status(ReferralStatus::Accepted, "03/02/2026", "")).unwrap_err();
    assert_eq!(e.to_string(), "This referral is closed: it cannot change now. Make a new referral if one is needed.");

    let story: Vec<(ReferralStatus, String)> = referrals::history(store.conn(), r.id).unwrap().into_iter().map(|s| (s.status, s.on)).collect();
    assert_eq!(
        story,
        [
            (ReferralStatus::Sent, "2026-01-05".to_string()),
            (ReferralStatus::Accepted, "2026-01-07".into()),
            (ReferralStatus::Waiting, "2026-01-08".into()),
            (ReferralStatus::Seen, "2026-01-29".into()),
            (ReferralStatus::Closed, "2026-02-02".into()),
        ]
    );
    assert_eq!(audit::logged(store.conn(), AuditEntity::Referral, r.id).unwrap().len(), 5);
}

#[test]
fn a_decline_needs_the_receivers_reason_and_keeps_it() {
    let Setup { mut store, team, item, .. } = setup();
    let r = made(referrals::make(&mut store, item, &to_splw(team.ot, "05/01/2026")).unwrap());
    let e = referrals::change_status(&mut store, r.id, 1, &status(ReferralStatus::Declined, "09/01/2026", "  ")).unwrap_err();
    assert_eq!(field_of(e).as_deref(), Some("declinedReason"));
    let unchanged = referrals::get(store.conn(), r.id).unwrap();
    assert_eq!((unchanged.status, unchanged.declined_reason.as_str()), (ReferralStatus::Sent, ""));

    let r = referrals::change_status(&mut store, r.id, 1, &status(ReferralStatus::Declined, "09/01/2026", " Outside our area; try the Age UK befriending line. ")).unwrap();
    assert_eq!((r.status, r.declined_reason.as_str()), (ReferralStatus::Declined, "Outside our area; try the Age UK befriending line."));
    assert_eq!(referrals::history(store.conn(), r.id).unwrap()[1].reason, "Outside our area; try the Age UK befriending line.");
    // Declined is final, and the reason given to an accepted referral is not kept.
    assert!(referrals::change_status(&mut store, r.id, 2, &status(ReferralStatus::Accepted, "10/01/2026", "")).is_err());
    let other = made(referrals::make(&mut store, item, &to_splw(team.ot, "05/01/2026")).unwrap());
    let other = referrals::change_status(&mut store, other.id, 1, &status(ReferralStatus::Accepted, "06/01/2026", "not a decline")).unwrap();
    assert_eq!(other.declined_reason, "");
}

#[test]
fn an_outside_service_needs_consent_to_share_and_a_refusal_makes_no_referral() {
    let Setup { mut store, team, item, .. } = setup();
    // Not asked: refused, naming the field, nothing stored.
    let e = referrals::make(&mut store, item, &to_service(team.splw, "Riverside Men's Shed", None)).unwrap_err();
    assert_eq!(field_of(e).as_deref(), Some("consentToShare"));
    assert!(referrals::list(store.conn(), &ReferralFilter::default()).unwrap().is_empty());
    assert!(referrals::sharing_for_item(store.conn(), item).unwrap().is_empty());

    // Refused: no referral, said plainly; the refusal is kept and audited.
    let result = referrals::make(&mut store, item, &to_service(team.splw, "Riverside Men's Shed", Some(ConsentToShare::Refused))).unwrap();
    assert_eq!(result.referral, None);
    assert_eq!(
        result.not_made.as_deref(),
        Some("No referral to Riverside Men's Shed was made: the person did not agree to share information with them. Their answer is recorded.")
    );
    assert!(referrals::list(store.conn(), &ReferralFilter::default()).unwrap().is_empty());
    let refusal = result.consent.unwrap();
    assert_eq!((refusal.decision, refusal.decided_on.as_str()), (ConsentToShare::Refused, "2025-12-15"));
    assert_eq!(audit::logged(store.conn(), AuditEntity::SharingConsent, refusal.id).unwrap().len(), 1);
    let sharing = referrals::sharing_for_item(store.conn(), item).unwrap();
    assert_eq!(sharing.len(), 1);
    assert_eq!(sharing[0].words, "Consent to share with Riverside Men's Shed: refused on Monday 15 December 2025. Share nothing with them.");

    // Agreed (asked again later): made, with the consent it was made with.
    let again = ReferralInput { made_on: "05/01/2026".into(), ..to_service(team.splw, "Riverside Men's Shed", Some(ConsentToShare::Agreed)) };
    let r = made(referrals::make(&mut store, item, &again).unwrap());
    assert!(r.outside);
    assert_eq!(r.to_label, "Riverside Men's Shed");
    let consent = r.consent.clone().unwrap();
    assert_eq!((consent.service.as_str(), consent.decision, consent.decided_on.as_str()), ("Riverside Men's Shed", ConsentToShare::Agreed, "2026-01-05"));
    let sharing = referrals::sharing_for_item(store.conn(), item).unwrap();
    assert_eq!(sharing[0].words, "Consent to share with Riverside Men's Shed: agreed on Monday 5 January 2026.");
    // Consent to share is not consent to MDT discussion: the agenda item's consent is untouched.
    let detail = meetings::load(store.conn(), r.meeting_id.unwrap()).unwrap();
    assert_eq!(detail.agenda.iter().find(|i| i.id == item).unwrap().consent, agenda::Consent::Agreed);
}

#[test]
fn an_outside_service_already_involved_without_consent_to_share_is_a_warning_until_recorded() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-01-05T13:00");
    let input = CaseItemInput {
        professionals: vec![mdt::agenda::Professional { member_id: None, name: "Age UK befriending".into() }],
        ..case("CD-0202", team.splw, 10)
    };
    let item = agenda::add_case(&mut store, m.id, &input).unwrap();
    let other = add_case(&mut store, m.id, "EF-0303", team.ot);

    let warnings = referrals::sharing_not_recorded(store.conn(), item).unwrap();
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].words, "Consent to share with Age UK befriending: not recorded. Ask the person before information is shared.");
    assert!(referrals::sharing_not_recorded(store.conn(), other).unwrap().is_empty(), "a case with no outside service has no warning");

    referrals::record_sharing(&mut store, item, "age uk befriending", ConsentToShare::Agreed, "05/01/2026").unwrap();
    assert!(referrals::sharing_not_recorded(store.conn(), item).unwrap().is_empty(), "the answer is found whatever the case of its letters");
    assert_eq!(referrals::sharing_for_item(store.conn(), item).unwrap()[0].words, "Consent to share with Age UK befriending: agreed on Monday 5 January 2026.");
}

#[test]
fn feedback_owed_is_overdue_after_its_due_date_until_given_and_keeps_a_closed_referral_open() {
    let Setup { mut store, team, item, .. } = setup();
    // Due 20/01/2026, long past on this machine's today: overdue.
    let late = made(referrals::make(&mut store, item, &to_splw(team.ot, "05/01/2026")).unwrap());
    assert!(late.feedback_overdue);
    // Due far ahead: owed, not overdue.
    let ahead = ReferralInput { feedback_due: Some("15/12/2099".into()), ..to_splw(team.ot, "05/01/2026") };
    let ahead = made(referrals::make(&mut store, item, &ahead).unwrap());
    assert!(!ahead.feedback_overdue);
    // Overdue first in the list.
    let open = referrals::list(store.conn(), &ReferralFilter { open_only: true, ..Default::default() }).unwrap();
    assert_eq!(open.iter().map(|r| r.id).collect::<Vec<_>>(), [late.id, ahead.id]);

    // Closed but feedback still owed: still open (the referrer is owed it).
    let closed = referrals::change_status(&mut store, late.id, 1, &status(ReferralStatus::Closed, "01/02/2026", "")).unwrap();
    assert!(closed.open && closed.feedback_overdue);
    // A feedback date before the referral was made is refused.
    let e = referrals::feedback_given(&mut store, late.id, 2, Some("01/01/2026")).unwrap_err();
    assert_eq!(field_of(e).as_deref(), Some("feedbackGivenOn"));
    let given = referrals::feedback_given(&mut store, late.id, 2, Some("03/02/2026")).unwrap();
    assert_eq!((given.feedback_given_on.as_deref(), given.feedback_overdue, given.open), (Some("2026-02-03"), false, false));
    let open = referrals::list(store.conn(), &ReferralFilter { open_only: true, ..Default::default() }).unwrap();
    assert_eq!(open.iter().map(|r| r.id).collect::<Vec<_>>(), [ahead.id]);
    let all = referrals::list(store.conn(), &ReferralFilter::default()).unwrap();
    assert_eq!(all.len(), 2);
    // Per referrer: the SPLW made none.
    assert!(referrals::list(store.conn(), &ReferralFilter { from_member_id: Some(team.splw), ..Default::default() }).unwrap().is_empty());
    assert_eq!(referrals::list(store.conn(), &ReferralFilter { from_member_id: Some(team.ot), ..Default::default() }).unwrap().len(), 2);
}

#[test]
fn a_save_based_on_an_older_version_is_refused_and_changes_nothing() {
    let Setup { mut store, team, item, .. } = setup();
    let r = made(referrals::make(&mut store, item, &to_splw(team.ot, "05/01/2026")).unwrap());
    // One screen accepts it...
    referrals::change_status(&mut store, r.id, 1, &status(ReferralStatus::Accepted, "07/01/2026", "")).unwrap();
    // ...another, opened before, tries to decline it, then to correct the reason, then feedback.
    let e = referrals::change_status(&mut store, r.id, 1, &status(ReferralStatus::Declined, "08/01/2026", "Full")).unwrap_err();
    assert_eq!(ErrorPayload::from(&e).code, ErrorCode::Conflict);
    assert_eq!(field_of(e).as_deref(), Some("version"));
    let details = ReferralDetails { reason: "Changed words".into(), expected_wait_weeks: Some(6), feedback_due: None };
    assert!(matches!(referrals::update(&mut store, r.id, 1, &details), Err(Error::Stale { .. })));
    assert!(matches!(referrals::feedback_given(&mut store, r.id, 1, Some("09/01/2026")), Err(Error::Stale { .. })));
    let now = referrals::get(store.conn(), r.id).unwrap();
    assert_eq!((now.status, now.version, now.reason.as_str()), (ReferralStatus::Accepted, 2, r.reason.as_str()));
    assert_eq!(now.feedback_given_on, None);
    // Based on the version saved now, the correction saves.
    let fixed = referrals::update(&mut store, r.id, 2, &details).unwrap();
    assert_eq!((fixed.reason.as_str(), fixed.expected_wait_weeks, fixed.feedback_due.clone(), fixed.version), ("Changed words", Some(6), None, 3));
    let log = audit::logged(store.conn(), AuditEntity::Referral, r.id).unwrap();
    assert_eq!(log.iter().map(|e| e.action).collect::<Vec<_>>(), [AuditAction::Update, AuditAction::Update, AuditAction::Create]);
}

#[test]
fn open_referrals_from_earlier_meetings_of_the_series_are_matters_arising_at_the_next() {
    let Setup { mut store, team, meeting, item } = setup();
    let r = made(referrals::make(&mut store, item, &to_splw(team.ot, "05/01/2026")).unwrap());
    let done = made(referrals::make(&mut store, item, &ReferralInput { feedback_due: None, ..to_splw(team.ot, "05/01/2026") }).unwrap());
    referrals::change_status(&mut store, done.id, 1, &status(ReferralStatus::Closed, "06/01/2026", "")).unwrap();
    let next = meetings::create(&mut store, &meeting_input(&team, "2026-02-02T13:00")).unwrap();
    let arising = meetings::load(store.conn(), next.id).unwrap().referrals_arising;
    assert_eq!(arising.iter().map(|a| a.id).collect::<Vec<_>>(), [r.id], "the closed one (no feedback owed) is not arising");
    // Not at the meeting where it was made.
    assert!(meetings::load(store.conn(), meeting).unwrap().referrals_arising.is_empty());
}

#[test]
fn a_meetings_record_carries_the_first_25_referrals_arising_and_counts_them_all() {
    let Setup { mut store, team, item, .. } = setup();
    let made_ids: Vec<i64> = (0..27).map(|_| made(referrals::make(&mut store, item, &to_splw(team.ot, "05/01/2026")).unwrap()).id).collect();
    let next = meetings::create(&mut store, &meeting_input(&team, "2026-02-02T13:00")).unwrap();
    let detail = meetings::load(store.conn(), next.id).unwrap();
    assert_eq!(detail.referrals_arising_total, 27);
    assert_eq!(detail.referrals_arising.len(), meetings::REFERRALS_ARISING_PAGE);
    // The rest come from the same list, in the same order: the page is its start.
    let filter = ReferralFilter {
        open_only: true,
        series_id: Some(detail.meeting.series_id),
        before: Some(detail.meeting.starts_at.clone()),
        ..Default::default()
    };
    let all: Vec<i64> = referrals::list(store.conn(), &filter).unwrap().iter().map(|r| r.id).collect();
    assert_eq!(all.len(), 27);
    let mut sorted = all.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, made_ids);
    assert_eq!(detail.referrals_arising.iter().map(|r| r.id).collect::<Vec<_>>(), all[..25]);
}

#[test]
fn typed_fields_are_checked_and_name_their_field() {
    let Setup { mut store, team, item, .. } = setup();
    let cases: Vec<(ReferralInput, &str)> = vec![
        (ReferralInput { reason: "   ".into(), ..to_splw(team.ot, "05/01/2026") }, "reason"),
        (ReferralInput { made_on: "01/15/2026".into(), ..to_splw(team.ot, "05/01/2026") }, "madeOn"),
        (ReferralInput { feedback_due: Some("01/01/2026".into()), ..to_splw(team.ot, "05/01/2026") }, "feedbackDue"),
        (ReferralInput { expected_wait_weeks: Some(-1), ..to_splw(team.ot, "05/01/2026") }, "expectedWaitWeeks"),
        (ReferralInput { from_member_id: 9999, ..to_splw(team.ot, "05/01/2026") }, "fromMemberId"),
        (ReferralInput { to: ReferralTo::Role { role_key: "wizard".into() }, ..to_splw(team.ot, "05/01/2026") }, "to"),
    ];
    for (input, field) in cases {
        let e = referrals::make(&mut store, item, &input).unwrap_err();
        assert_eq!(field_of(e).as_deref(), Some(field), "{input:?}");
    }
    assert!(referrals::list(store.conn(), &ReferralFilter::default()).unwrap().is_empty());
    // A positive control: the same input, well formed, saves.
    made(referrals::make(&mut store, item, &to_splw(team.ot, "05/01/2026")).unwrap());
}

#[test]
fn the_letter_keeps_to_one_page_at_its_fullest() {
    use mdt::members::{self, MemberInput};
    use mdt::person::{self, PersonProfile};
    use mdt::reports::referral_letter::{self, LetterOptions};
    let Setup { mut store, team, item, meeting } = setup();
    let case_id = meetings::load(store.conn(), meeting).unwrap().agenda.iter().find(|i| i.id == item).unwrap().case_id.unwrap();
    let long = "She wants to be back at the allotment with her friends by the spring. ".repeat(140);
    person::save(&mut store, case_id, 0, &PersonProfile { what_matters: long.clone(), goals: long, care_plan_reference: String::new() }).unwrap();
    // A referrer with every contact detail, to an outside service (so consent is printed), declined
    // with the longest reason, made with the longest reason.
    let splw = members::get(store.conn(), team.splw).unwrap();
    let contact = MemberInput {
        name: splw.name.clone(),
        role_key: splw.role_key.clone(),
        organisation: "Riverside Primary Care Network, social prescribing team".into(),
        email: "ade.sample@example.nhs.uk".into(),
        phone: "01632 960 123".into(),
        core_member: true,
    };
    members::update(&mut store, team.splw, &contact).unwrap();
    let reason = "word ".repeat(160).trim_end().to_string();
    assert_eq!(reason.chars().count(), 799);
    let input = ReferralInput { reason, feedback_due: Some("20/01/2026".into()), ..to_service(team.splw, "Riverside Community Choir and Friends of the Park", Some(ConsentToShare::Agreed)) };
    let r = made(referrals::make(&mut store, item, &input).unwrap());
    referrals::change_status(&mut store, r.id, 1, &status(ReferralStatus::Declined, "16/12/2025", &"x ".repeat(100))).unwrap();
    let doc = referral_letter::document(store.conn(), r.id, &LetterOptions { include_identifiers: true, ..Default::default() }).unwrap();
    let rendered = mdt::reports::render(&doc).unwrap();
    std::fs::write(std::env::temp_dir().join("mdt-fullest-referral-letter.pdf"), &rendered.pdf).unwrap();
    assert_eq!(rendered.pages, 1);
    // Positive control: what is cut would not fit whole, so the cut is what keeps it to a page.
    let mut uncut = doc.clone();
    uncut.paragraph("She wants to be back at the allotment with her friends by the spring. ".repeat(20));
    assert!(mdt::reports::render(&uncut).unwrap().pages > 1);
}

#[test]
fn the_minutes_say_per_case_the_referrals_made_at_that_discussion() {
    use mdt::reports::minutes::{self, MinutesOptions};
    #[path = "support/reports.rs"]
    mod reports;
    let Setup { mut store, team, meeting, item } = setup();
    let other = add_case(&mut store, meeting, "ZZ-0909", team.splw);
    made(referrals::make(&mut store, item, &to_splw(team.ot, "05/01/2026")).unwrap());
    for discussed in [item, other] {
        agenda::set_outcome(&mut store, discussed, agenda::Outcome::Discussed, 300).unwrap();
    }
    let text = |store: &Store, id: i64| reports::pdf_text(&mdt::reports::render(&minutes::document(store.conn(), id, &MinutesOptions::default()).unwrap()).unwrap().pdf);
    let minutes_text = text(&store, meeting);
    reports::assert_in_order(
        &minutes_text,
        &["AB-0101", "Referrals made", "To Social prescribing link worker", "From Priya Example, 5 Jan 2026: Lonely since her husband died", "ZZ-0909"],
    );
    assert_eq!(minutes_text.matches("Referrals made").count(), 1, "only under the case where it was made, not under {other}");
    // The next meeting's minutes do not repeat it as made there.
    let next = meetings::create(&mut store, &meeting_input(&team, "2026-02-02T13:00")).unwrap();
    let again = add_case(&mut store, next.id, "AB-0101", team.ot);
    agenda::set_outcome(&mut store, again, agenda::Outcome::Discussed, 300).unwrap();
    assert!(text(&store, next.id).contains("AB-0101"));
    assert!(!text(&store, next.id).contains("Referrals made"));
}

#[test]
fn no_referral_is_made_at_finalised_minutes_but_its_status_still_moves_on() {
    let Setup { mut store, team, meeting, item } = setup();
    let r = made(referrals::make(&mut store, item, &to_splw(team.ot, "05/01/2026")).unwrap());
    agenda::set_outcome(&mut store, item, agenda::Outcome::Discussed, 600).unwrap();
    meetings::finalise(&mut store, meeting).unwrap();
    let err = referrals::make(&mut store, item, &to_splw(team.ot, "05/01/2026")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(ErrorPayload::from(&err).message.contains("These minutes are finalised"), "{}", ErrorPayload::from(&err).message);
    assert_eq!(referrals::list(store.conn(), &ReferralFilter { open_only: false, ..Default::default() }).unwrap().len(), 1, "nothing added");
    // The referral made at the discussion goes on: the receiver accepts it after the meeting.
    referrals::change_status(&mut store, r.id, 1, &status(ReferralStatus::Accepted, "12/01/2026", "")).unwrap();
    assert_eq!(referrals::get(store.conn(), r.id).unwrap().status, ReferralStatus::Accepted);
}

#[test]
fn a_referral_made_for_a_case_not_marked_discussed_still_prints_in_the_minutes() {
    use mdt::reports::minutes::{self, MinutesOptions};
    #[path = "support/reports.rs"]
    mod reports;
    let Setup { mut store, team, meeting, item } = setup();
    let untouched = add_case(&mut store, meeting, "ZZ-0909", team.splw);
    made(referrals::make(&mut store, item, &to_splw(team.ot, "05/01/2026")).unwrap());
    let text = |store: &Store| reports::pdf_text(&mdt::reports::render(&minutes::document(store.conn(), meeting, &MinutesOptions::default()).unwrap()).unwrap().pdf);
    // In the draft, the case is still pending: the referral counts as something recorded, so the
    // case is in the numbered sequence with its referral (finalising would mark it discussed: see
    // tests/meetings.rs); the untouched case waits.
    let draft = text(&store);
    reports::assert_in_order(
        &draft,
        &["AB-0101", "Referrals made", "To Social prescribing link worker", "Listed, not yet discussed", "ZZ-0909"],
    );
    assert_eq!(draft.matches("Still on this agenda").count(), 1, "only ZZ-0909 waits, not also AB-0101: {draft}");
    // Marked "Not discussed" by the chair after all: the case is listed but not discussed, and
    // the referral that went is still in the minutes, under it.
    agenda::set_outcome(&mut store, item, agenda::Outcome::NotDiscussed, 0).unwrap();
    let _ = untouched;
    meetings::finalise(&mut store, meeting).unwrap();
    let fin = text(&store);
    reports::assert_in_order(
        &fin,
        &["Listed but not discussed", "AB-0101", "ZZ-0909", "Referrals made for AB-0101 (not discussed)", "To Social prescribing link worker", "From Priya Example, 5 Jan 2026"],
    );
    assert!(!fin.contains("Referrals made for ZZ-0909"), "only the case with a referral");
}
