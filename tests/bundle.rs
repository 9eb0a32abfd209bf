//! Meeting bundles: export, import into another database, export again; every kind of bad
//! bundle refused with a message naming the problem, and nothing imported. Version 2 (what
//! matters, agreements, referrals, co-presenters, teach-ins, guidance, carried-over links) and
//! version 1 files as the earlier exporter wrote them.

mod support;

use mdt::actions::{self, ActionInput};
use mdt::agenda::{self, OtherItemInput, Outcome, Professional};
use mdt::attendance::{self, AttendanceInput, AttendanceStatus};
use mdt::bundle::{self, Bundle};
use mdt::cases::CaseIdentifier;
use mdt::discussions::{DiscussionRecord, Escalation, EscalationTrigger, Lead, Need, Transition, TransitionDirection};
use mdt::agreement::{self, Agreement, AgreementOutcome, RiskHolder};
use mdt::meetings::{self, MeetingStatus};
use mdt::person::{self, PersonProfile};
use mdt::referrals::{self, ConsentToShare, ReferralInput, ReferralStatus, ReferralTo, StatusChange};
use mdt::teach_ins::{self, TeachInInput};
use mdt::{ErrorCode, Store};
use serde_json::{Value, json};
use support::*;

/// Two meetings of a series: the first finalised and amended, the second planned from it, so
/// the bundles carry matters arising, every action status and a full discussion record; and
/// everything version 2 adds: a co-presenter, what matters to the person, their joint-working
/// agreement agreed at the first meeting and confirmed at the second, two referrals (one to an
/// outside service with consent to share, accepted since), a refusal to share, a next review
/// booked, the lead suggestion with the team's reason for differing, the flags finalised past,
/// a teach-in slot, and a case carried over to the second meeting.
fn minutes() -> (Store, i64, i64) {
    let mut store = Store::open_in_memory().unwrap();
    let team = team(&mut store);
    let first = meeting(&mut store, &team, "2026-03-02T13:00");
    let present = AttendanceInput { status: AttendanceStatus::Present, arrived_at: None, left_at: None };
    for member in [team.gp, team.ot, team.coordinator] {
        attendance::set(&mut store, first.id, member, &present).unwrap();
    }
    let late = AttendanceInput { status: AttendanceStatus::Present, arrived_at: Some("13:20".into()), left_at: None };
    attendance::set(&mut store, first.id, team.nurse, &late).unwrap();
    let apologies = AttendanceInput { status: AttendanceStatus::Apologies, arrived_at: None, left_at: None };
    attendance::set(&mut store, first.id, team.splw, &apologies).unwrap();

    let mut input = case("AB-0101", team.ot, 15);
    input.reason = "Falls at home; lives alone".into();
    input.identifier = Some(CaseIdentifier { nhs_number: "943 476 5919".into(), other_identifier: String::new() });
    input.professionals = vec![
        Professional { member_id: Some(team.splw), name: String::new() },
        Professional { member_id: None, name: "Community mental health team".into() },
    ];
    input.co_presenter_ids = vec![team.splw];
    let discussed = agenda::add_case(&mut store, first.id, &input).unwrap();
    let person = case_of(&store, discussed);
    person::save(&mut store, person, 0, &profile()).unwrap();
    agreement::change(&mut store, discussed, 0, &joint_working(&team), "").unwrap();
    let skipped = add_case(&mut store, first.id, "CD-0102", team.splw);
    agenda::add_other(&mut store, first.id, &OtherItemInput { title: "Service updates".into(), minutes_allowed: 5, presenter_id: Some(team.coordinator) })
        .unwrap();
    agenda::set_outcome(&mut store, discussed, Outcome::Discussed, 840).unwrap();
    // No one named to consult after the step-down: a flag the chair finalises past.
    let mut written = record(&team);
    written.transitions[0].consult_contact = String::new();
    save_record(&mut store, discussed, &written).unwrap();
    mdt::guidance::record_lead_decision(&mut store, discussed, "The OT leads first: falls come before community activity").unwrap();
    let shed = ReferralInput {
        from_member_id: team.splw,
        to: ReferralTo::Service { name: "Riverside Men's Shed".into() },
        made_on: "02/03/2026".into(),
        reason: "Wants to get back to woodwork with others".into(),
        expected_wait_weeks: Some(2),
        feedback_due: Some("30/03/2026".into()),
        consent_to_share: Some(ConsentToShare::Agreed),
    };
    let shed = referrals::make(&mut store, discussed, &shed).unwrap().referral.unwrap();
    let accepted = StatusChange { status: ReferralStatus::Accepted, on: "09/03/2026".into(), reason: String::new() };
    referrals::change_status(&mut store, shed.id, shed.version, &accepted).unwrap();
    let physio = ReferralInput {
        from_member_id: team.ot,
        to: ReferralTo::Role { role_key: "physio".into() },
        made_on: "02/03/2026".into(),
        reason: "Strength and balance programme".into(),
        expected_wait_weeks: None,
        feedback_due: None,
        consent_to_share: None,
    };
    referrals::make(&mut store, discussed, &physio).unwrap();
    referrals::record_sharing(&mut store, discussed, "Vale Food Bank", ConsentToShare::Refused, "02/03/2026").unwrap();
    let action = |owner, text: &str, due: &str| ActionInput { description: text.into(), owner_id: owner, due_date: Some(due.into()) };
    actions::add(&mut store, discussed, &action(team.ot, "Home assessment for falls", "2026-03-09")).unwrap();
    let done = actions::add(&mut store, discussed, &action(team.splw, "Introduce to the walking group", "2026-03-16")).unwrap();
    actions::complete(&mut store, done.id, Some("2026-03-12")).unwrap();
    let cancelled = actions::add(&mut store, discussed, &action(team.nurse, "Book a dressing clinic slot", "2026-03-05")).unwrap();
    actions::cancel(&mut store, cancelled.id, "No longer needed: wound healed").unwrap();
    agenda::set_outcome(&mut store, skipped, Outcome::NotDiscussed, 0).unwrap();
    let plan = TeachInInput {
        title: "OT and SPLW: working together".into(),
        role_keys: vec!["ot".into(), "splw".into()],
        presenter_ids: vec![team.ot, team.splw],
        total_minutes: 30,
        audience: "Riverside MDT core members".into(),
        ..Default::default()
    };
    let teach_in = teach_ins::create(&mut store, &plan).unwrap();
    teach_ins::add_to_meeting(&mut store, first.id, teach_in.id).unwrap();
    meetings::finalise(&mut store, first.id).unwrap();
    meetings::begin_amendment(&mut store, first.id, "Walking group action owner corrected").unwrap();
    meetings::finish_amendment(&mut store, first.id).unwrap();
    let second = meetings::plan_next(&mut store, first.id, "2026-03-16T13:00").unwrap();
    let again = add_case(&mut store, second.id, "AB-0101", team.ot);
    agreement::confirm(&mut store, again, 1).unwrap();
    (store, first.id, second.id)
}

fn case_of(store: &Store, item: i64) -> i64 {
    store.conn().query_row("SELECT case_id FROM agenda_items WHERE id = ?1", [item], |r| r.get(0)).unwrap()
}

fn profile() -> PersonProfile {
    PersonProfile {
        what_matters: "Staying in my own home and seeing my grandchildren".into(),
        goals: "Walk to the shop by the summer".into(),
        care_plan_reference: "PCSP-2026-014".into(),
    }
}

fn joint_working(team: &Team) -> Agreement {
    Agreement {
        leads: vec![
            Lead { aspect: "Home safety".into(), member_id: Some(team.ot), role_key: None },
            Lead { aspect: "Community connection".into(), member_id: None, role_key: Some("splw".into()) },
        ],
        concerns: "OT phones the SPLW the same day".into(),
        risk_holders: vec![
            RiskHolder { aspect: "Falls".into(), member_id: Some(team.gp), outside_name: String::new(), outside_service: String::new() },
            RiskHolder { aspect: "Mood".into(), member_id: None, outside_name: "Dr Fictional".into(), outside_service: "Vale community mental health team".into() },
        ],
        emergency_contacts: "Duty GP, then 111".into(),
    }
}

fn record(team: &Team) -> DiscussionRecord {
    DiscussionRecord {
        situation: "Three falls in a month; stairs at home".into(),
        done_so_far: "GP reviewed medication".into(),
        discussion: "Agreed OT assessment first, then community activity".into(),
        needs: vec![Need::Functional, Need::SocialIsolation],
        leads: vec![
            Lead { aspect: "Functional assessment".into(), member_id: Some(team.ot), role_key: None },
            Lead { aspect: "Community connection".into(), member_id: None, role_key: Some("splw".into()) },
        ],
        risk_holder_id: Some(team.gp),
        communication_plan: "OT to phone the person this week".into(),
        urgent_contacts: "Duty GP".into(),
        escalations: vec![Escalation {
            trigger: EscalationTrigger::Deterioration,
            route: String::new(),
            informed: String::new(),
            not_needed_reason: "Falls are being assessed; no acute change".into(),
        }],
        transitions: vec![Transition {
            direction: TransitionDirection::StepDown,
            from_role_key: "ot".into(),
            to_role_key: "splw".into(),
            handover_plan: "Joint visit, then SPLW leads".into(),
            joint_visits: 1,
            consult_contact: "Priya Example (OT)".into(),
            follow_up_date: None,
        }],
        decision: "OT assessment, then step down to SPLW".into(),
        decision_owner_id: Some(team.ot),
        next_review_date: Some("2026-04-13".into()),
    }
}

fn exported(store: &Store, meeting_id: i64) -> Bundle {
    bundle::export(store.conn(), meeting_id).unwrap()
}

#[test]
fn a_bundle_round_trips_through_a_fresh_database() {
    let (store, first, second) = minutes();
    let mut fresh = Store::open_in_memory().unwrap();
    // In order, as a team would pass them on: the second's carried-over case then finds the first.
    for id in [first, second] {
        let original = exported(&store, id);
        let report = bundle::import(&mut fresh, &bundle::to_json(&original)).unwrap();
        assert_eq!(exported(&fresh, report.meeting_id), original);
        assert!(report.cases_matched.is_empty() || id == second);
        assert_eq!((report.agreements_kept.len(), report.profiles_kept.len(), report.carried_links_missing.len()), (0, 0, 0), "{report:?}");
    }
    let finalised = exported(&store, first);
    let statuses: Vec<_> = finalised.meeting.agenda[0].actions.iter().map(|a| a.status.as_str()).collect();
    assert_eq!(statuses, ["cancelled", "open", "done"], "by due date, as the other tests rely on");
    assert_eq!(finalised.meeting.status, MeetingStatus::Finalised);
    assert_eq!(finalised.meeting.amendments.len(), 1);
    assert_eq!(finalised.meeting.agenda.len(), 4);
    assert_eq!(finalised.meeting.agenda[0].actions.len(), 3);
    assert!(finalised.meeting.agenda[0].discussion.is_some());
    let planned = exported(&store, second);
    assert_eq!(planned.meeting.agenda[0].kind, agenda::AgendaKind::MattersArising);
}

/// Every version 2 part as written, with exact values, and as read back from the rows an
/// import wrote into a fresh database.
#[test]
fn version_2_carries_everything_the_person_centred_work_added() {
    let (store, first, second) = minutes();
    let a = serde_json::to_value(exported(&store, first)).unwrap();
    let b = serde_json::to_value(exported(&store, second)).unwrap();
    assert_eq!(a["version"], 2);
    let case = &a["meeting"]["agenda"][0];
    assert_eq!(case["coPresenters"], json!(["Ade Sample"]));
    assert_eq!(
        case["person"],
        json!({ "whatMatters": "Staying in my own home and seeing my grandchildren", "goals": "Walk to the shop by the summer", "carePlanReference": "PCSP-2026-014" })
    );
    assert_eq!(case["agreement"]["outcome"], "agreed");
    assert_eq!(case["agreement"]["version"], 1);
    assert_eq!(
        case["agreement"]["agreement"],
        json!({
            "leads": [
                { "aspect": "Home safety", "member": "Priya Example", "roleKey": null },
                { "aspect": "Community connection", "member": null, "roleKey": "splw" }
            ],
            "concerns": "OT phones the SPLW the same day",
            "riskHolders": [
                { "aspect": "Falls", "member": "Dr Gwen Imaginary", "outsideName": "", "outsideService": "" },
                { "aspect": "Mood", "member": null, "outsideName": "Dr Fictional", "outsideService": "Vale community mental health team" }
            ],
            "emergencyContacts": "Duty GP, then 111"
        })
    );
    assert_eq!(
        case["referrals"],
        json!([
            {
                "from": "Ade Sample", "to": { "kind": "service", "name": "Riverside Men's Shed" }, "madeOn": "2026-03-02",
                "reason": "Wants to get back to woodwork with others", "status": "accepted", "statusOn": "2026-03-09", "declinedReason": "",
                "expectedWaitWeeks": 2, "feedbackDue": "2026-03-30", "feedbackGivenOn": null,
                "consentToShare": { "decision": "agreed", "decidedOn": "2026-03-02" },
                "statuses": [ { "status": "sent", "on": "2026-03-02", "reason": "" }, { "status": "accepted", "on": "2026-03-09", "reason": "" } ]
            },
            {
                "from": "Priya Example", "to": { "kind": "role", "roleKey": "physio" }, "madeOn": "2026-03-02",
                "reason": "Strength and balance programme", "status": "sent", "statusOn": "2026-03-02", "declinedReason": "",
                "expectedWaitWeeks": null, "feedbackDue": null, "feedbackGivenOn": null, "consentToShare": null,
                "statuses": [ { "status": "sent", "on": "2026-03-02", "reason": "" } ]
            }
        ])
    );
    assert_eq!(case["sharingConsents"], json!([{ "service": "Vale Food Bank", "decision": "refused", "decidedOn": "2026-03-02" }]));
    assert_eq!(case["discussion"]["nextReviewDate"], "2026-04-13", "the review booked");
    let guidance = &case["guidance"];
    assert_eq!(guidance["leadOverrideReason"], "The OT leads first: falls come before community activity");
    assert_eq!(guidance["suggestedLead"]["kind"], "joint");
    assert!(!guidance["overrides"].as_array().unwrap().is_empty(), "{guidance}");
    let teach_in = &a["meeting"]["agenda"][3];
    assert_eq!((teach_in["kind"].as_str(), teach_in["teachIn"]["title"].as_str()), (Some("teach_in"), Some("OT and SPLW: working together")));
    assert_eq!(teach_in["teachIn"]["roleKeys"], json!(["ot", "splw"]));
    assert_eq!(teach_in["teachIn"]["slots"][0]["kind"], "welcome");
    let carried = &b["meeting"]["agenda"][1];
    assert_eq!(carried["reference"], "CD-0102");
    assert_eq!(carried["carriedFrom"], json!({ "meetingTitle": "Riverside MDT", "meetingStartsAt": "2026-03-02T13:00" }));
    assert_eq!(b["meeting"]["agenda"][2]["agreement"]["outcome"], "confirmed", "confirmed at the later meeting");
    assert!(b["meeting"]["agenda"][2].get("referrals").is_none(), "referrals go with the meeting that made them");

    // Read back from the rows the imports wrote.
    let mut fresh = Store::open_in_memory().unwrap();
    let one = bundle::import(&mut fresh, &a.to_string()).unwrap();
    let two = bundle::import(&mut fresh, &b.to_string()).unwrap();
    assert_eq!((one.referrals, one.teach_ins), (2, 1));
    let conn = fresh.conn();
    let rows = |sql: &str| -> Vec<String> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| r.get::<_, String>(0)).unwrap().map(Result::unwrap).collect()
    };
    let items = meetings::load(conn, one.meeting_id).unwrap().agenda;
    let later = meetings::load(conn, two.meeting_id).unwrap().agenda;
    assert_eq!(items[0].co_presenter_names, ["Ade Sample"]);
    assert!(later[1].carried_from.is_some());
    let link: i64 = conn.query_row("SELECT carried_from_id FROM agenda_items WHERE id = ?1", [later[1].id], |r| r.get(0)).unwrap();
    assert_eq!(link, items[1].id, "the link points at CD-0102's item in the first imported meeting");
    let person_id = case_of(&fresh, items[0].id);
    assert_eq!(person::open(conn, person_id).unwrap().profile, profile());
    assert_eq!(person::as_minuted(conn, items[0].id).unwrap(), Some(profile()), "kept with the finalised minutes");
    let saved = agreement::open(conn, person_id).unwrap();
    assert_eq!(saved.version, 1);
    assert_eq!(saved.agreement.concerns, "OT phones the SPLW the same day");
    assert_eq!(saved.agreement.risk_holders[1].outside_service, "Vale community mental health team");
    assert_eq!(rows("SELECT outcome || ' v' || version FROM agreement_reviews ORDER BY agenda_item_id"), ["agreed v1", "confirmed v1"]);
    assert_eq!(
        rows("SELECT to_kind || ':' || coalesce(to_role_key, to_service) || ':' || status || ':' || status_on FROM referrals ORDER BY id"),
        ["service:Riverside Men's Shed:accepted:2026-03-09", "role:physio:sent:2026-03-02"]
    );
    assert_eq!(rows("SELECT status || ' ' || status_on FROM referral_statuses ORDER BY id"), ["sent 2026-03-02", "accepted 2026-03-09", "sent 2026-03-02"]);
    assert_eq!(
        rows("SELECT service || ' ' || decision || ' ' || decided_on FROM sharing_consents ORDER BY id"),
        ["Riverside Men's Shed agreed 2026-03-02", "Vale Food Bank refused 2026-03-02"]
    );
    assert_eq!(
        rows("SELECT lead_override_reason FROM case_discussions WHERE lead_override_reason <> ''"),
        ["The OT leads first: falls come before community activity"]
    );
    let overrides: i64 = conn.query_row("SELECT count(*) FROM guidance_overrides", [], |r| r.get(0)).unwrap();
    assert_eq!(overrides as usize, guidance["overrides"].as_array().unwrap().len());
    assert_eq!(rows("SELECT title FROM teach_ins"), ["OT and SPLW: working together"]);
    let slots: i64 = conn.query_row("SELECT count(*) FROM teach_in_slots", [], |r| r.get(0)).unwrap();
    assert_eq!(slots as usize, teach_in["teachIn"]["slots"].as_array().unwrap().len());
    assert!(items[3].teach_in_id.is_some());
}

#[test]
fn a_carried_over_case_whose_earlier_meeting_is_not_here_comes_in_without_the_link_and_says_so() {
    let (store, _, second) = minutes();
    let mut fresh = Store::open_in_memory().unwrap();
    let report = bundle::import(&mut fresh, &bundle::to_json(&exported(&store, second))).unwrap();
    assert_eq!(report.carried_links_missing, ["CD-0102 (Riverside MDT, 02/03/2026 13:00)"]);
    let again = serde_json::to_value(exported(&fresh, report.meeting_id)).unwrap();
    assert!(again["meeting"]["agenda"][1].get("carriedFrom").is_none());
    assert_eq!(again["meeting"]["agenda"][1]["reference"], "CD-0102", "positive control: the case itself came in");
}

#[test]
fn a_persons_agreement_and_what_matters_already_here_are_kept_and_the_bundles_come_in_as_history() {
    let (store, first, _) = minutes();
    let json = bundle::to_json(&exported(&store, first));
    let mut other = Store::open_in_memory().unwrap();
    let team = team(&mut other);
    let earlier = meeting(&mut other, &team, "2026-02-02T13:00");
    let item = add_case(&mut other, earlier.id, "AB-0101", team.ot);
    let person_id = case_of(&other, item);
    let theirs = Agreement { concerns: "Nurse passes concerns to the GP".into(), ..Default::default() };
    agreement::change(&mut other, item, 0, &theirs, "").unwrap();
    agreement::change(&mut other, item, 1, &Agreement { emergency_contacts: "Duty GP".into(), ..theirs.clone() }, "").unwrap();
    let own_words = PersonProfile { what_matters: "My dog".into(), ..Default::default() };
    person::save(&mut other, person_id, 0, &own_words).unwrap();

    let report = bundle::import(&mut other, &json).unwrap();
    assert_eq!(report.agreements_kept, ["AB-0101"]);
    assert_eq!(report.profiles_kept, ["AB-0101"]);
    let saved = agreement::open(other.conn(), person_id).unwrap();
    assert_eq!((saved.version, saved.agreement.concerns.as_str(), saved.agreement.emergency_contacts.as_str()), (2, "Nurse passes concerns to the GP", "Duty GP"));
    assert_eq!(person::open(other.conn(), person_id).unwrap().profile, own_words);
    let imported = meetings::load(other.conn(), report.meeting_id).unwrap().agenda[0].id;
    let history = agreement::review_at(other.conn(), imported).unwrap().unwrap();
    assert_eq!((history.outcome, history.agreement.concerns.as_str()), (AgreementOutcome::Agreed, "OT phones the SPLW the same day"));
    assert_eq!(person::as_minuted(other.conn(), imported).unwrap(), Some(profile()), "the minutes say what was minuted");
}

#[test]
fn imported_finalised_minutes_stay_locked_for_the_new_parts_too() {
    let (store, first, _) = minutes();
    let mut fresh = Store::open_in_memory().unwrap();
    let report = bundle::import(&mut fresh, &bundle::to_json(&exported(&store, first))).unwrap();
    let item = meetings::load(fresh.conn(), report.meeting_id).unwrap().agenda[0].id;
    assert_eq!(agreement::confirm(&mut fresh, item, 1).unwrap_err().code(), ErrorCode::Conflict);
    let again = ReferralInput {
        from_member_id: mdt::members::list(fresh.conn()).unwrap()[0].id,
        to: ReferralTo::Role { role_key: "physio".into() },
        made_on: "02/03/2026".into(),
        reason: "Again".into(),
        expected_wait_weeks: None,
        feedback_due: None,
        consent_to_share: None,
    };
    assert_eq!(referrals::make(&mut fresh, item, &again).unwrap_err().code(), ErrorCode::Conflict);
    let count = |store: &Store| -> i64 { store.conn().query_row("SELECT count(*) FROM referrals", [], |r| r.get(0)).unwrap() };
    assert_eq!(count(&fresh), 2, "the two imported, nothing more");
}

#[test]
fn version_1_bundles_still_import_as_they_were_written() {
    for name in ["bundle-v1-finalised.json", "bundle-v1-planned.json"] {
        let text = std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let written: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(written["version"], 1);
        assert_eq!(schema_errors(&written), Vec::<String>::new(), "{name} matches the schema's version 1");
        let mut fresh = Store::open_in_memory().unwrap();
        let report = bundle::import(&mut fresh, &text).unwrap();
        let mut again = serde_json::to_value(exported(&fresh, report.meeting_id)).unwrap();
        assert_eq!(again["version"], 2);
        again["version"] = json!(1);
        assert_eq!(again, written, "{name}: everything version 1 carried, and nothing more");
    }
}

#[test]
fn a_version_1_bundle_with_a_version_2_part_is_refused() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bundle-v1-finalised.json")).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["meeting"]["agenda"][0]["coPresenters"] = json!(["Ade Sample"]);
    refused(&v.to_string(), &["meeting.agenda[0].coPresenters: is part of bundle version 2", "says it is version 1"]);
    v["version"] = json!(2);
    assert!(bundle::import(&mut Store::open_in_memory().unwrap(), &v.to_string()).is_ok(), "positive control: the same as version 2");
}

#[test]
fn a_member_with_the_same_name_but_another_role_is_a_different_member() {
    let (store, first, _) = minutes();
    let mut other = Store::open_in_memory().unwrap();
    let physio = mdt::members::MemberInput { name: "Priya Example".into(), role_key: "physio".into(), ..Default::default() };
    mdt::members::create(&mut other, &physio).unwrap();
    let report = bundle::import(&mut other, &bundle::to_json(&exported(&store, first))).unwrap();
    assert!(report.members_created.contains(&"Priya Example".to_string()));
    assert_eq!(mdt::members::list(other.conn()).unwrap().iter().filter(|m| m.name == "Priya Example").count(), 2);
}

// ---- refused bundles ---------------------------------------------------------------------

const TABLES: [&str; 26] = [
    "team_members",
    "meeting_series",
    "meetings",
    "attendance",
    "cases",
    "agenda_items",
    "agenda_item_professionals",
    "case_discussions",
    "discussion_leads",
    "agreed_actions",
    "minute_amendments",
    "audit_log",
    "agenda_item_co_presenters",
    "person_profiles",
    "person_profiles_minuted",
    "person_agreements",
    "person_agreement_leads",
    "person_agreement_risk_holders",
    "agreement_reviews",
    "referrals",
    "referral_statuses",
    "sharing_consents",
    "guidance_overrides",
    "teach_ins",
    "teach_in_slots",
    "teach_in_presenters",
];

fn row_counts(store: &Store) -> Vec<i64> {
    TABLES.iter().map(|t| store.conn().query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap()).collect()
}

/// Imports `json` into a database with a roster and one meeting; the import must fail, change
/// nothing, and say something containing each of `expected`.
fn refused(json: &str, expected: &[&str]) {
    let mut store = Store::open_in_memory().unwrap();
    let team = team(&mut store);
    let earlier = meeting(&mut store, &team, "2026-01-05T13:00");
    add_case(&mut store, earlier.id, "ZZ-0001", team.gp);
    let before = row_counts(&store);
    let err = bundle::import(&mut store, json).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Invalid, "{err}");
    let message = err.to_string();
    for part in expected {
        assert!(message.contains(part), "{message:?} should contain {part:?}");
    }
    assert!(message.ends_with("Nothing was imported."), "{message}");
    assert_eq!(row_counts(&store), before, "nothing imported for: {message}");
}

fn good() -> Value {
    let (store, first, _) = minutes();
    serde_json::to_value(exported(&store, first)).unwrap()
}

fn with(change: impl FnOnce(&mut Value)) -> String {
    let mut value = good();
    change(&mut value);
    value.to_string()
}

#[test]
fn a_file_that_is_not_a_bundle_is_refused() {
    refused(&with(|v| v["format"] = json!("mdt-minutes")), &["not an MDT meeting bundle", "\"mdt-minutes\""]);
    refused(&json!({"hello": "world"}).to_string(), &["not an MDT meeting bundle", "none"]);
}

#[test]
fn a_bundle_from_a_newer_version_is_refused_naming_both_versions() {
    refused(&with(|v| v["version"] = json!(3)), &["format version 3", "up to version 2", "newer version of MDT Assistant"]);
    refused(&with(|v| v["version"] = json!("2")), &["version", "whole number", "reads bundle versions 1 to 2"]);
    refused(&with(|v| v["version"] = json!(0)), &["version", "whole number", "reads bundle versions 1 to 2"]);
}

#[test]
fn a_reference_to_a_member_not_in_the_bundle_is_refused() {
    refused(
        &with(|v| v["meeting"]["agenda"][1]["presenter"] = json!("Dr Nobody")),
        &["meeting.agenda[1].presenter", "'Dr Nobody' is not one of the bundle's members"],
    );
    refused(
        &with(|v| v["meeting"]["agenda"][0]["actions"][2]["owner"] = json!("Ghost")),
        &["meeting.agenda[0].actions[2].owner", "'Ghost'"],
    );
}

#[test]
fn an_unknown_role_is_refused() {
    refused(&with(|v| v["members"][0]["roleKey"] = json!("wizard")), &["members[0].roleKey: 'wizard' is not a known role", "splw"]);
    refused(
        &with(|v| v["meeting"]["agenda"][0]["discussion"]["transitions"][0]["toRoleKey"] = json!("druid")),
        &["discussion.transitions[0].toRoleKey", "'druid'"],
    );
}

#[test]
fn an_impossible_date_is_refused() {
    refused(
        &with(|v| v["meeting"]["agenda"][0]["actions"][0]["dueDate"] = json!("2026-02-30")),
        &["meeting.agenda[0].actions[0].dueDate", "'2026-02-30' is not a date"],
    );
    refused(&with(|v| v["meeting"]["startsAt"] = json!("2026-03-02 13:00")), &["meeting.startsAt"]);
    refused(&with(|v| v["meeting"]["finalisedAt"] = json!("yesterday")), &["meeting.finalisedAt", "'yesterday'"]);
}

#[test]
fn a_wrong_json_type_is_refused_naming_its_path() {
    refused(
        &with(|v| v["meeting"]["plannedMinutes"] = json!("sixty")),
        &["meeting.plannedMinutes", "invalid type: string \"sixty\", expected a whole number"],
    );
    refused(&with(|v| v["meeting"]["agenda"][0]["consent"] = json!("maybe")), &["meeting.agenda[0].consent", "maybe"]);
    refused(&with(|v| v["meeting"]["agenda"] = json!({})), &["meeting.agenda", "invalid type: object, expected a list"]);
    refused(&with(|v| v["meeting"] = json!("Riverside MDT")), &["meeting", "invalid type: string \"Riverside MDT\", expected an object"]);
}

#[test]
fn a_missing_required_field_or_an_unknown_one_is_refused() {
    refused(&with(|v| drop(v["meeting"].as_object_mut().unwrap().remove("title"))), &["meeting", "missing field `title`"]);
    refused(
        &with(|v| drop(v["meeting"]["agenda"][0].as_object_mut().unwrap().remove("reference"))),
        &["meeting.agenda[0]", "needs its \"reference\""],
    );
    refused(&with(|v| v["meeting"]["nhsNumber"] = json!("")), &["meeting", "unknown field `nhsNumber`"]);
}

#[test]
fn a_truncated_file_is_refused() {
    let json = with(|_| {});
    refused(&json[..json.len() / 2], &["cut short", "line 1"]);
    refused(" \n", &["the file is empty"]);
}

#[test]
fn a_problem_found_while_writing_rolls_back_what_was_already_written() {
    // Members, the meeting and its attendance are written before the agenda; this reference
    // (an NHS number in the reference field) is only refused when its case is written.
    refused(
        &with(|v| {
            v["members"][0]["name"] = json!("Someone New");
            v["meeting"]["seriesName"] = json!("A series new to this database");
            v["meeting"]["agenda"][1]["reference"] = json!("943 476 5919");
        }),
        &["meeting.agenda[1].reference: That reference looks like an NHS number"],
    );
}

#[test]
fn a_version_2_part_refused_while_writing_rolls_back_everything_before_it() {
    // Found only by the core as the rows are written, after the members, the meeting, its case
    // items, the agreement and the first referral: nothing of them stays.
    refused(
        &with(|v| {
            v["members"][0]["name"] = json!("Someone New");
            v["meeting"]["agenda"][0]["referrals"][1]["expectedWaitWeeks"] = json!(200);
        }),
        &["meeting.agenda[0].referrals[1].expectedWaitWeeks", "from 0 to 104"],
    );
    refused(
        &with(|v| v["meeting"]["agenda"][0]["agreement"]["agreement"]["riskHolders"][1]["outsideService"] = json!("")),
        &["meeting.agenda[0].agreement.agreement.riskHolders", "Say which service 'Dr Fictional' works for"],
    );
}

#[test]
fn version_2_parts_are_refused_naming_their_place() {
    refused(
        &with(|v| v["meeting"]["agenda"][0]["coPresenters"] = json!(["Ade Sample", "Priya Example", "Cal Coordinator", "Jo Placeholder"])),
        &["meeting.agenda[0].coPresenters[1]", "'Priya Example' is the presenter already"],
    );
    refused(
        &with(|v| v["meeting"]["agenda"][0]["coPresenters"] = json!(["Ade Sample", "Cal Coordinator", "Jo Placeholder", "Dr Gwen Imaginary"])),
        &["meeting.agenda[0].coPresenters[3]", "at most 3 colleagues"],
    );
    refused(&with(|v| v["meeting"]["agenda"][2]["person"] = json!({ "whatMatters": "Home" })), &["meeting.agenda[2].person", "only case items"]);
    refused(
        &with(|v| v["meeting"]["agenda"][0]["referrals"][0]["statuses"][0]["status"] = json!("accepted")),
        &["meeting.agenda[0].referrals[0].statuses[0].status", "first status is \"sent\""],
    );
    refused(
        &with(|v| v["meeting"]["agenda"][3]["teachIn"]["roleKeys"][1] = json!("druid")),
        &["meeting.agenda[3].teachIn.roleKeys[1]", "'druid' is not a known role"],
    );
    refused(
        &with(|v| v["meeting"]["agenda"][0]["guidance"]["overrides"][0]["overriddenAt"] = json!("02/03/2026")),
        &["meeting.agenda[0].guidance.overrides[0].overriddenAt", "is not a date and time"],
    );
}

#[test]
fn rules_between_fields_are_checked() {
    refused(
        &with(|v| v["meeting"]["agenda"][0]["actions"][2]["doneOn"] = Value::Null),
        &["actions[2].doneOn", "needs the date it was done"],
    );
    refused(
        &with(|v| v["meeting"]["agenda"][0]["actions"][0]["cancelReason"] = json!(" ")),
        &["actions[0].cancelReason", "needs the reason"],
    );
    refused(&with(|v| v["meeting"]["finalisedAt"] = Value::Null), &["meeting.finalisedAt"]);
    refused(&with(|v| v["members"][1]["key"] = v["members"][0]["key"].clone()), &["members[1].key", "unique"]);
    refused(
        &with(|v| v["meeting"]["agenda"][2]["professionals"] = json!([{ "service": "Housing" }])),
        &["meeting.agenda[2]", "only case items"],
    );
}

#[test]
fn the_cores_own_rules_apply_and_name_the_field() {
    refused(&with(|v| v["meeting"]["plannedMinutes"] = json!(0)), &["meeting.plannedMinutes: Plan the meeting for between 5 and 600 minutes"]);
    refused(&with(|v| v["members"][4]["email"] = json!("nope")), &["members[4].email: 'nope' does not look like an email address"]);
    refused(&with(|v| v["meeting"]["agenda"][0]["minutesAllowed"] = json!(500)), &["meeting.agenda[0].minutesAllowed: Allow between 1 and 240"]);
    refused(
        &with(|v| v["meeting"]["attendance"][0]["arrivedAt"] = json!("13:20")),
        &["meeting.attendance[0].status: Arrival and leaving times only apply to members who were present"],
    );
}

// ---- the JSON Schema -------------------------------------------------------------------

fn schema() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/bundle.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn schema_errors(instance: &Value) -> Vec<String> {
    let schema = schema();
    let validator = jsonschema::draft202012::options().should_validate_formats(true).build(&schema).unwrap();
    validator.iter_errors(instance).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

#[test]
fn the_schema_is_valid_draft_2020_12_and_real_bundles_match_it() {
    jsonschema::meta::validate(&schema()).unwrap();
    let (store, first, second) = minutes();
    for id in [first, second] {
        let value = serde_json::to_value(exported(&store, id)).unwrap();
        assert_eq!(schema_errors(&value), Vec::<String>::new());
    }
}

#[test]
fn the_schema_refuses_what_import_refuses() {
    for bad in [
        with(|v| v["version"] = json!(3)),
        with(|v| v["version"] = json!(1)),
        with(|v| v["meeting"]["plannedMinutes"] = json!("sixty")),
        with(|v| drop(v["meeting"].as_object_mut().unwrap().remove("title"))),
        with(|v| v["meeting"]["agenda"][0]["actions"][2]["doneOn"] = Value::Null),
        with(|v| v["meeting"]["agenda"][0]["actions"][0]["dueDate"] = json!("2026-02-30")),
        with(|v| v["meeting"]["agenda"][2]["kind"] = json!("teach_in")),
        with(|v| v["meeting"]["agenda"][0]["coPresenters"] = json!(["Priya Example", "Priya Example"])),
        with(|v| v["meeting"]["agenda"][0]["referrals"][0]["consentToShare"] = Value::Null),
        with(|v| v["meeting"]["agenda"][0]["referrals"][0]["statuses"] = json!([])),
        with(|v| v["meeting"]["agenda"][0]["agreement"]["outcome"] = json!("changed")),
        with(|v| v["meeting"]["agenda"][2]["person"] = json!({ "whatMatters": "x" })),
        with(|v| v["meeting"]["agenda"][3]["teachIn"] = Value::Null),
        with(|v| v["meeting"]["agenda"][3]["teachIn"]["slots"][1]["roleKey"] = Value::Null),
        with(|v| v["meeting"]["agenda"][0]["guidance"]["overrides"][0]["code"] = json!("made_up")),
    ] {
        // Import refuses each too.
        assert_eq!(bundle::import(&mut Store::open_in_memory().unwrap(), &bad).unwrap_err().code(), ErrorCode::Invalid, "{bad}");
        assert!(!schema_errors(&serde_json::from_str(&bad).unwrap()).is_empty(), "{bad}");
    }
}

/// The fuzz target's promise (fuzz/fuzz_targets/bundle_import.rs), over its whole corpus: the
/// version 1 files it grew from and version 2 exports of this file's meetings. A refused file
/// is an `invalid` error that leaves nothing; an accepted one round-trips.
#[test]
fn every_bundle_in_the_fuzz_corpus_is_refused_cleanly_or_round_trips() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/corpus/bundle_import");
    let (mut accepted, mut version_2) = (0, 0);
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let json = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let mut store = Store::open_in_memory().unwrap();
        match bundle::import(&mut store, &json) {
            Ok(report) => {
                accepted += 1;
                let once = exported(&store, report.meeting_id);
                version_2 += usize::from(once.meeting.agenda.iter().any(|i| i.agreement.is_some() || i.teach_in.is_some()));
                let mut again = Store::open_in_memory().unwrap();
                let second = bundle::import(&mut again, &bundle::to_json(&once)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                assert_eq!(exported(&again, second.meeting_id), once, "{}", path.display());
            }
            Err(e) => {
                assert_eq!(e.code(), ErrorCode::Invalid, "{}: {e}", path.display());
                let rows: i64 = store
                    .conn()
                    .query_row("SELECT (SELECT count(*) FROM meetings) + (SELECT count(*) FROM team_members)", [], |r| r.get(0))
                    .unwrap();
                assert_eq!(rows, 0, "{}", path.display());
            }
        }
    }
    // 8 version 1 files and the 2 version 2 exports (the rest are fuzzed, mostly not JSON).
    assert!(accepted >= 10, "positive control: real bundles import ({accepted})");
    assert!(version_2 >= 2, "the version 2 exports are in the corpus ({version_2})");
}

/// What a team reads: the finalised minutes of the imported meeting are the minutes of the
/// original, block for block (what matters as minuted, the agreement as agreed, referrals made,
/// the review booked, the flags finalised past, the teach-in slot).
#[test]
fn the_imported_minutes_read_as_the_original_minutes() {
    use mdt::reports::minutes::{self, MinutesOptions};
    let (store, first, second) = minutes();
    let mut fresh = Store::open_in_memory().unwrap();
    let report = bundle::import(&mut fresh, &bundle::to_json(&exported(&store, first))).unwrap();
    // The minutes name the next meeting of the series, so that comes across too.
    bundle::import(&mut fresh, &bundle::to_json(&exported(&store, second))).unwrap();
    let options = MinutesOptions { include_identifiers: false, created: Some(chrono::DateTime::from_timestamp(1_772_460_000, 0).unwrap()) };
    let original = minutes::document(store.conn(), first, &options).unwrap();
    let imported = minutes::document(fresh.conn(), report.meeting_id, &options).unwrap();
    let text = format!("{:?}", original.blocks);
    for part in ["Staying in my own home", "OT phones the SPLW the same day", "Riverside Men's Shed", "OT and SPLW: working together", "Next meeting: Monday 16 March", "Guidance flags finalised past", "Next review"] {
        assert!(text.contains(part), "positive control: the minutes print {part:?}");
    }
    assert_eq!(imported, original);
}
