//! Issue 15: the joint-working agreement lives on the person. It is answered once; later
//! discussions show it for the team to confirm as still right or to change with a reason; a
//! stale screen never confirms or changes what it has not seen; the minutes say what each
//! discussion did with it; the guidance reads it.

mod support;
#[path = "support/reports.rs"]
mod reports;

use mdt::agreement::{self, Agreement, AgreementOutcome, RiskHolder};
use mdt::audit::{self, AuditAction, AuditEntity};
use mdt::discussions::{DiscussionRecord, Lead, Need};
use mdt::guidance::{self, FlagCode, JointQuestionCode};
use mdt::reports::minutes::{self, MinutesOptions};
use mdt::reports::render;
use mdt::{ErrorCode, ErrorPayload, Store, agenda, meetings};
use reports::{assert_in_order, pdf_text};
use support::*;

fn case_of(store: &Store, meeting_id: i64, item: i64) -> i64 {
    meetings::load(store.conn(), meeting_id).unwrap().agenda.iter().find(|i| i.id == item).unwrap().case_id.unwrap()
}

fn minutes_text(store: &Store, meeting_id: i64) -> String {
    pdf_text(&render(&minutes::document(store.conn(), meeting_id, &MinutesOptions::default()).unwrap()).unwrap().pdf)
}

fn lead(aspect: &str, member: i64) -> Lead {
    Lead { aspect: aspect.into(), member_id: Some(member), role_key: None }
}

fn held_by(aspect: &str, member: i64) -> RiskHolder {
    RiskHolder { aspect: aspect.into(), member_id: Some(member), ..Default::default() }
}

fn outside(aspect: &str, name: &str, service: &str) -> RiskHolder {
    RiskHolder { aspect: aspect.into(), member_id: None, outside_name: name.into(), outside_service: service.into() }
}

/// The OT leads on home safety, the SPLW on the lunch club; the OT holds clinical risk.
fn first_agreement(team: &Team) -> Agreement {
    Agreement {
        leads: vec![lead("Home safety and equipment", team.ot), lead("Getting back to the lunch club", team.splw)],
        concerns: "Ade phones Priya the same day about any new fall.".into(),
        risk_holders: vec![held_by("", team.ot)],
        emergency_contacts: "Falls response team: 0113 496 0000. Out of hours: NHS 111.".into(),
    }
}

fn finish(store: &mut Store, meeting_id: i64) {
    for item in meetings::load(store.conn(), meeting_id).unwrap().agenda {
        agenda::set_outcome(store, item.id, agenda::Outcome::Discussed, 600).unwrap();
    }
    meetings::finalise(store, meeting_id).unwrap();
}

#[test]
fn answered_once_then_confirmed_at_the_next_discussion_and_each_minutes_say_what_happened() {
    let (mut store, team) = store_with_team();
    let first = meeting(&mut store, &team, "2026-03-02T13:00");
    let item1 = add_case(&mut store, first.id, "AB-0101", team.ot);
    let case_id = case_of(&store, first.id, item1);

    let opened = agreement::at_item(store.conn(), item1).unwrap();
    assert_eq!(opened.saved.case_id, case_id);
    assert_eq!((opened.saved.version, opened.saved.agreement.is_blank(), opened.here.is_none()), (0, true, true));
    assert_eq!(opened.saved.reference, "AB-0101");

    store.set_actor("Priya Example");
    let agreed = agreement::change(&mut store, item1, 0, &first_agreement(&team), "").unwrap();
    assert_eq!(agreed.saved.version, 1);
    let here = agreed.here.expect("the discussion records that it agreed it");
    assert_eq!((here.outcome, here.version, here.reviewed_by.as_str()), (AgreementOutcome::Agreed, 1, "Priya Example"));
    assert_eq!(here.agreement, first_agreement(&team), "read back as written");
    finish(&mut store, first.id);

    // The next meeting shows it for confirmation, not blank.
    let second = meeting(&mut store, &team, "2026-03-16T13:00");
    let item2 = add_case(&mut store, second.id, "AB-0101", team.ot);
    let shown = agreement::at_item(store.conn(), item2).unwrap();
    assert_eq!((shown.saved.version, shown.here.clone()), (1, None));
    assert_eq!(shown.saved.agreement, first_agreement(&team));
    assert_eq!(shown.saved.last_review.as_ref().map(|r| (r.agenda_item_id, r.meeting_starts_at.as_str())), Some((item1, "2026-03-02T13:00")));

    store.set_actor("Ade Sample");
    let confirmed = agreement::confirm(&mut store, item2, 1).unwrap();
    assert_eq!(confirmed.saved.version, 1, "confirming changes nothing in the agreement");
    let here = confirmed.here.unwrap();
    assert_eq!((here.outcome, here.reason.as_str(), here.reviewed_by.as_str()), (AgreementOutcome::Confirmed, "", "Ade Sample"));
    // Confirming twice records it once.
    agreement::confirm(&mut store, item2, 1).unwrap();
    let log = audit::logged(store.conn(), AuditEntity::AgreementReview, item2).unwrap();
    assert_eq!(log.iter().map(|e| (e.action, e.actor.as_str())).collect::<Vec<_>>(), [(AuditAction::Create, "Ade Sample")]);

    let then = minutes_text(&store, first.id);
    assert_in_order(&then, &["Joint-working agreement", "Agreed at this discussion.", "Who leads on what", "Home safety and equipment: Priya Example", "Clinical risk held by", "How concerns are passed on", "In an emergency, contact", "Falls response team"]);
    assert!(!then.contains("Confirmed at this discussion"), "{then}");
    agenda::set_outcome(&mut store, item2, agenda::Outcome::Discussed, 600).unwrap();
    let now = minutes_text(&store, second.id);
    assert!(now.contains("Confirmed at this discussion as still right."), "{now}");
    assert!(!now.contains("Agreed at this discussion"), "{now}");
    assert_eq!(now.matches("Clinical risk held by").count(), 1, "the empty record adds no second 'Not recorded' line: {now}");
}

#[test]
fn a_change_needs_a_reason_and_the_earlier_minutes_keep_what_was_agreed_then() {
    let (mut store, team) = store_with_team();
    let first = meeting(&mut store, &team, "2026-03-02T13:00");
    let item1 = add_case(&mut store, first.id, "AB-0101", team.ot);
    let case_id = case_of(&store, first.id, item1);
    agreement::change(&mut store, item1, 0, &first_agreement(&team), "").unwrap();
    finish(&mut store, first.id);
    let second = meeting(&mut store, &team, "2026-03-16T13:00");
    let item2 = add_case(&mut store, second.id, "AB-0101", team.ot);

    // Step-down: the SPLW now leads on everything, risk split with an outside clinician.
    let stepped_down = Agreement {
        leads: vec![lead("Getting back to the lunch club", team.splw)],
        risk_holders: vec![held_by("Falls", team.gp), outside("Mood", "Dr Sam Imaginary", "Vale community mental health team")],
        ..first_agreement(&team)
    };
    let err = agreement::change(&mut store, item2, 1, &stepped_down, "  ").unwrap_err();
    assert_eq!(ErrorPayload::from(&err).field.as_deref(), Some("reason"));
    assert_eq!(agreement::open(store.conn(), case_id).unwrap().version, 1, "nothing saved without a reason");
    assert!(agreement::review_at(store.conn(), item2).unwrap().is_none());

    let changed = agreement::change(&mut store, item2, 1, &stepped_down, "OT stepped down after the home visit").unwrap();
    assert_eq!(changed.saved.version, 2);
    let here = changed.here.unwrap();
    assert_eq!((here.outcome, here.reason.as_str()), (AgreementOutcome::Changed, "OT stepped down after the home visit"));
    assert_eq!(agreement::open(store.conn(), case_id).unwrap().agreement, stepped_down);

    // Saving the same again is not a change; "Still right" is the way to say so.
    let err = agreement::change(&mut store, item2, 2, &stepped_down, "again").unwrap_err();
    assert_eq!(ErrorPayload::from(&err).field.as_deref(), Some("agreement"));

    // Audited with before and after.
    let log = audit::logged(store.conn(), AuditEntity::PersonAgreement, case_id).unwrap();
    assert_eq!(log.iter().map(|e| e.action).collect::<Vec<_>>(), [AuditAction::Update, AuditAction::Create]);
    let before: Agreement = serde_json::from_str(log[0].before.as_deref().unwrap()).unwrap();
    assert_eq!(before, first_agreement(&team));
    let after: serde_json::Value = serde_json::from_str(log[0].after.as_deref().unwrap()).unwrap();
    assert_eq!(after["reason"], "OT stepped down after the home visit", "the history says why");
    assert_eq!(after["riskHolders"][1]["outsideName"], "Dr Sam Imaginary");

    let then = minutes_text(&store, first.id);
    assert!(then.contains("Home safety and equipment") && !then.contains("Dr Sam Imaginary"), "{then}");
    agenda::set_outcome(&mut store, item2, agenda::Outcome::Discussed, 600).unwrap();
    let now = minutes_text(&store, second.id);
    assert_in_order(&now, &["Changed at this discussion, because: OT stepped down after the home visit", "Falls: Dr Gwen Imaginary", "Mood: Dr Sam Imaginary, Vale community mental health team (outside the team)"]);
    assert!(!now.contains("Home safety and equipment"), "{now}");

    // The finalised discussion's record of it is fixed.
    let tampered = store.conn().execute("UPDATE agreement_reviews SET reason = 'x' WHERE agenda_item_id = ?1", [item1]);
    assert!(tampered.unwrap_err().to_string().contains("These minutes are finalised"));
    assert_eq!(agreement::change(&mut store, item1, 2, &first_agreement(&team), "back").unwrap_err().code(), ErrorCode::Conflict);
}

#[test]
fn a_screen_opened_before_someone_changed_it_can_neither_confirm_nor_change() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-0101", team.ot);
    let case_id = case_of(&store, m.id, item);
    // Nothing to confirm yet.
    let err = agreement::confirm(&mut store, item, 0).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(ErrorPayload::from(&err).message.contains("Nothing has been agreed yet for AB-0101"));

    agreement::change(&mut store, item, 0, &first_agreement(&team), "").unwrap();
    // A second window opened at version 0 tries to agree its own version: refused.
    let other = Agreement { concerns: "By e-mail".into(), ..Default::default() };
    let err = agreement::change(&mut store, item, 0, &other, "").unwrap_err();
    assert_eq!(ErrorPayload::from(&err).field.as_deref(), Some("version"));

    let next = meeting(&mut store, &team, "2026-03-16T13:00");
    let item2 = add_case(&mut store, next.id, "AB-0101", team.ot);
    agreement::change(&mut store, item2, 1, &Agreement { concerns: "Weekly call".into(), ..first_agreement(&team) }, "Weekly call agreed").unwrap();
    // A window that showed version 1 says "still right": it has not seen version 2.
    let err = agreement::confirm(&mut store, item2, 1).unwrap_err();
    assert_eq!(ErrorPayload::from(&err).field.as_deref(), Some("version"));
    let kept = agreement::open(store.conn(), case_id).unwrap();
    assert_eq!((kept.version, kept.agreement.concerns.as_str()), (2, "Weekly call"));
    assert_eq!(agreement::review_at(store.conn(), item2).unwrap().unwrap().outcome, AgreementOutcome::Changed, "the refused confirmation left the change in place");
}

#[test]
fn corrections_during_the_discussion_that_first_agreed_it_need_no_reason() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-0101", team.ot);
    agreement::change(&mut store, item, 0, &first_agreement(&team), "").unwrap();
    let corrected = Agreement { emergency_contacts: "Falls response team: 0113 496 0001.".into(), ..first_agreement(&team) };
    let after = agreement::change(&mut store, item, 1, &corrected, "").unwrap();
    assert_eq!((after.saved.version, after.here.unwrap().outcome), (2, AgreementOutcome::Agreed));
}

#[test]
fn bad_answers_are_refused_with_the_field_and_nothing_is_saved() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-0101", team.ot);
    let case_id = case_of(&store, m.id, item);
    let cases: Vec<(Agreement, &str, &str)> = vec![
        (Agreement::default(), "agreement", "Answer at least one"),
        (Agreement { leads: vec![Lead { aspect: "".into(), member_id: Some(team.ot), role_key: None }], ..Default::default() }, "leads", "which aspect"),
        (Agreement { leads: vec![Lead { aspect: "Mood".into(), member_id: None, role_key: None }], ..Default::default() }, "leads", "Name a member or a role"),
        (Agreement { leads: vec![Lead { aspect: "Mood".into(), member_id: None, role_key: Some("astrologer".into()) }], ..Default::default() }, "leads", "not a known role"),
        (Agreement { leads: vec![lead("Mood", 9_999)], ..Default::default() }, "leads", "not on the roster"),
        (Agreement { risk_holders: vec![outside("", "Dr Sam Imaginary", "")], ..Default::default() }, "riskHolders", "which service"),
        (Agreement { risk_holders: vec![RiskHolder { aspect: "Mood".into(), ..Default::default() }], ..Default::default() }, "riskHolders", "Choose a team member"),
        (Agreement { risk_holders: vec![RiskHolder { member_id: Some(team.ot), outside_name: "Dr Sam".into(), outside_service: "CMHT".into(), ..Default::default() }], ..Default::default() }, "riskHolders", "not both"),
        (Agreement { risk_holders: vec![held_by("", team.ot), held_by("Mood", team.gp)], ..Default::default() }, "riskHolders", "which aspect each one holds"),
        (Agreement { concerns: "x".repeat(4_001), ..Default::default() }, "concerns", "longer than 4000"),
        (Agreement { emergency_contacts: "Call \u{0}".into(), ..Default::default() }, "emergencyContacts", ""),
    ];
    for (bad, field, words) in cases {
        let err = agreement::change(&mut store, item, 0, &bad, "").unwrap_err();
        let payload = ErrorPayload::from(&err);
        assert_eq!(payload.field.as_deref(), Some(field), "{bad:?}: {}", payload.message);
        assert!(payload.message.contains(words), "{bad:?}: {}", payload.message);
    }
    assert_eq!(agreement::open(store.conn(), case_id).unwrap().version, 0, "nothing was saved");
    // Positive control: blank rows are dropped and one-line answers trimmed.
    let typed = Agreement {
        leads: vec![Lead { aspect: "  Home safety ".into(), member_id: Some(team.ot), role_key: Some("splw".into()) }, Lead { aspect: " ".into(), member_id: None, role_key: None }],
        risk_holders: vec![outside(" Falls ", " Dr Sam Imaginary ", " Vale CMHT "), RiskHolder::default()],
        ..Default::default()
    };
    let saved = agreement::change(&mut store, item, 0, &typed, "").unwrap().saved.agreement;
    assert_eq!(saved.leads, [lead("Home safety", team.ot)], "a named member makes the role redundant");
    assert_eq!(saved.risk_holders, [outside("Falls", "Dr Sam Imaginary", "Vale CMHT")]);
}

#[test]
fn only_a_draft_discussion_of_a_person_acts_on_the_agreement() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-0101", team.ot);
    let other = agenda::add_other(&mut store, m.id, &agenda::OtherItemInput { title: "Any other business".into(), minutes_allowed: 5, presenter_id: None }).unwrap();
    let err = agreement::change(&mut store, other, 0, &first_agreement(&team), "").unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(ErrorPayload::from(&err).message.contains("Only a person's discussion"));
    agreement::change(&mut store, item, 0, &first_agreement(&team), "").unwrap();
    finish(&mut store, m.id);
    meetings::begin_amendment(&mut store, m.id, "Typo in the decision").unwrap();
    let err = agreement::change(&mut store, item, 1, &Agreement { concerns: "Changed later".into(), ..first_agreement(&team) }, "later").unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(ErrorPayload::from(&err).message.contains("next discussion"), "{}", ErrorPayload::from(&err).message);
    assert_eq!(agreement::at_item(store.conn(), 9_999).unwrap_err().code(), ErrorCode::NotFound);
}

#[test]
fn the_guidance_reads_the_agreement_and_finds_a_non_clinical_holder_among_split_ones() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-0101", team.ot);
    // Needs for an OT and an SPLW: joint working, so the four questions are asked.
    let record = DiscussionRecord { needs: vec![Need::Functional, Need::SocialIsolation], ..Default::default() };
    save_record(&mut store, item, &record).unwrap();
    let before = guidance::case_guidance(store.conn(), item, None).unwrap();
    let unanswered: Vec<FlagCode> = before.flags.iter().map(|f| f.code).filter(|c| c.as_str().starts_with("question_")).collect();
    assert_eq!(unanswered.len(), 4, "positive control: nothing agreed, all four asked: {unanswered:?}");

    let split = Agreement {
        risk_holders: vec![held_by("Falls", team.ot), held_by("Loneliness", team.splw), outside("Mood", "Dr Sam Imaginary", "Vale CMHT")],
        ..first_agreement(&team)
    };
    agreement::change(&mut store, item, 0, &split, "").unwrap();
    let after = guidance::case_guidance(store.conn(), item, None).unwrap();
    assert!(after.flags.iter().all(|f| !f.code.as_str().starts_with("question_")), "{:?}", after.flags);
    let joint = after.joint_working.unwrap();
    let risk = joint.questions.iter().find(|q| q.code == JointQuestionCode::RiskHolder).unwrap();
    assert_eq!(risk.answer, "Priya Example (OT), for Falls; Ade Sample (SPLW), for Loneliness; Dr Sam Imaginary (Vale CMHT), for Mood");
    let non_clinical: Vec<&str> = after.flags.iter().filter(|f| f.code == FlagCode::NonClinicalRiskHolder).map(|f| f.title.as_str()).collect();
    assert_eq!(non_clinical, ["Ade Sample (SPLW) is recorded as holding clinical risk"]);

    // An outside clinician alone answers the question.
    let next = Agreement { risk_holders: vec![outside("", "Dr Sam Imaginary", "Vale CMHT")], ..first_agreement(&team) };
    agreement::change(&mut store, item, 1, &next, "").unwrap();
    let outside_only = guidance::case_guidance(store.conn(), item, None).unwrap();
    assert!(outside_only.flags.iter().all(|f| f.code != FlagCode::QuestionRiskHolder && f.code != FlagCode::NonClinicalRiskHolder));
}

#[test]
fn older_answers_on_discussions_become_the_persons_agreement() {
    let (mut store, team) = store_with_team();
    let first = meeting(&mut store, &team, "2026-03-02T13:00");
    let item1 = add_case(&mut store, first.id, "AB-0101", team.ot);
    let lonely = add_case(&mut store, first.id, "CD-0202", team.splw);
    let older = DiscussionRecord {
        leads: vec![lead("Home safety", team.ot)],
        risk_holder_id: Some(team.gp),
        communication_plan: "Monthly call".into(),
        urgent_contacts: "NHS 111".into(),
        ..Default::default()
    };
    save_record(&mut store, item1, &older).unwrap();
    save_record(&mut store, lonely, &DiscussionRecord { discussion: "Nothing about joint working".into(), ..Default::default() }).unwrap();
    let second = meeting(&mut store, &team, "2026-03-16T13:00");
    let item2 = add_case(&mut store, second.id, "AB-0101", team.ot);
    save_record(&mut store, item2, &DiscussionRecord { communication_plan: "Weekly call".into(), ..Default::default() }).unwrap();

    assert_eq!(agreement::seed_from_records(store.conn()).unwrap(), 1, "one person had answers");
    let case_id = case_of(&store, first.id, item1);
    let seeded = agreement::open(store.conn(), case_id).unwrap();
    assert_eq!(seeded.version, 1);
    assert_eq!(seeded.saved_by.as_deref(), Some("earlier case records"));
    assert_eq!(seeded.agreement, Agreement { concerns: "Weekly call".into(), ..Default::default() }, "from the latest discussion that answered any");
    assert_eq!(agreement::open(store.conn(), case_of(&store, first.id, lonely)).unwrap().version, 0);
    assert_eq!(agreement::seed_from_records(store.conn()).unwrap(), 0, "a person with an agreement is left as they are");
}

#[test]
fn the_migration_turns_a_persons_latest_answers_into_their_agreement() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mdt.sqlite3");
    {
        // A database as the app left it before agreements were kept on the person (schema 10),
        // with answers on two discussions of one person and none on another's.
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        mdt::storage::migrate_to(&mut conn, 10).unwrap();
        conn.execute_batch(
            "INSERT INTO team_members (id, name, role_key, created_at, updated_at) VALUES
                 (1, 'Dr Gwen Imaginary', 'gp', 'x', 'x'), (2, 'Priya Example', 'ot', 'x', 'x');
             INSERT INTO meeting_series (id, name) VALUES (1, 'Riverside MDT');
             INSERT INTO meetings (id, series_id, title, starts_at, planned_minutes, created_at, updated_at) VALUES
                 (1, 1, 'Riverside MDT', '2026-03-02T13:00', 60, 'x', 'x'), (2, 1, 'Riverside MDT', '2026-03-16T13:00', 60, 'x', 'x');
             INSERT INTO cases (id, reference, created_at) VALUES (1, 'AB-0101', 'x'), (2, 'CD-0202', 'x');
             INSERT INTO agenda_items (id, meeting_id, position, kind, case_id) VALUES
                 (1, 1, 0, 'case', 1), (2, 2, 0, 'case', 1), (3, 2, 1, 'case', 2);
             INSERT INTO case_discussions (agenda_item_id, risk_holder_id, communication_plan, urgent_contacts, updated_at) VALUES
                 (1, 2, 'Monthly call', 'NHS 111', '2026-03-02T14:00:00Z'),
                 (2, 1, 'Weekly call', '999', '2026-03-16T14:00:00Z'),
                 (3, NULL, '', '', '2026-03-16T14:00:00Z');
             INSERT INTO discussion_leads (agenda_item_id, aspect, member_id, role_key) VALUES
                 (1, 'Falls', 2, NULL), (2, 'Home safety', 2, NULL), (2, 'Lunch club', NULL, 'splw');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let seeded = agreement::open(store.conn(), 1).unwrap();
    assert_eq!((seeded.version, seeded.saved_by.as_deref(), seeded.saved_at.as_deref()), (1, Some("earlier case records"), Some("2026-03-16T14:00:00Z")));
    assert_eq!(
        seeded.agreement,
        Agreement {
            leads: vec![lead("Home safety", 2), Lead { aspect: "Lunch club".into(), member_id: None, role_key: Some("splw".into()) }],
            concerns: "Weekly call".into(),
            risk_holders: vec![held_by("", 1)],
            emergency_contacts: "999".into(),
        },
        "from the person's latest discussion that answered"
    );
    assert_eq!(agreement::open(store.conn(), 2).unwrap().version, 0, "no answers, no agreement");
    assert!(agreement::review_at(store.conn(), 2).unwrap().is_none(), "no discussion is said to have agreed it");
}
