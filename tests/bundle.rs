//! Meeting bundles: export, import into another database, export again; every kind of bad
//! bundle refused with a message naming the problem, and nothing imported.

mod support;

use mdt::actions::{self, ActionInput};
use mdt::agenda::{self, OtherItemInput, Outcome, Professional};
use mdt::attendance::{self, AttendanceInput, AttendanceStatus};
use mdt::bundle::{self, Bundle};
use mdt::cases::CaseIdentifier;
use mdt::discussions::{DiscussionRecord, Escalation, EscalationTrigger, Lead, Need, Transition, TransitionDirection};
use mdt::meetings::{self, MeetingStatus};
use mdt::{ErrorCode, Store};
use serde_json::{Value, json};
use support::*;

/// Two meetings of a series: the first finalised and amended, the second planned from it, so
/// the bundles carry matters arising, every action status and a full discussion record.
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
    let discussed = agenda::add_case(&mut store, first.id, &input).unwrap();
    let skipped = add_case(&mut store, first.id, "CD-0102", team.splw);
    agenda::add_other(&mut store, first.id, &OtherItemInput { title: "Service updates".into(), minutes_allowed: 5, presenter_id: Some(team.coordinator) })
        .unwrap();
    agenda::set_outcome(&mut store, discussed, Outcome::Discussed, 840).unwrap();
    save_record(&mut store, discussed, &record(&team)).unwrap();
    let action = |owner, text: &str, due: &str| ActionInput { description: text.into(), owner_id: owner, due_date: Some(due.into()) };
    actions::add(&mut store, discussed, &action(team.ot, "Home assessment for falls", "2026-03-09")).unwrap();
    let done = actions::add(&mut store, discussed, &action(team.splw, "Introduce to the walking group", "2026-03-16")).unwrap();
    actions::complete(&mut store, done.id, Some("2026-03-12")).unwrap();
    let cancelled = actions::add(&mut store, discussed, &action(team.nurse, "Book a dressing clinic slot", "2026-03-05")).unwrap();
    actions::cancel(&mut store, cancelled.id, "No longer needed: wound healed").unwrap();
    agenda::set_outcome(&mut store, skipped, Outcome::NotDiscussed, 0).unwrap();
    meetings::finalise(&mut store, first.id).unwrap();
    meetings::begin_amendment(&mut store, first.id, "Walking group action owner corrected").unwrap();
    meetings::finish_amendment(&mut store, first.id).unwrap();
    let second = meetings::plan_next(&mut store, first.id, "2026-03-16T13:00").unwrap();
    (store, first.id, second.id)
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
    for id in [first, second] {
        let original = exported(&store, id);
        let mut fresh = Store::open_in_memory().unwrap();
        let report = bundle::import(&mut fresh, &bundle::to_json(&original)).unwrap();
        assert_eq!(exported(&fresh, report.meeting_id), original);
        assert!(report.members_matched.is_empty() && report.cases_matched.is_empty());
        assert_eq!(report.members_created.len(), original.members.len());
    }
    let finalised = exported(&store, first);
    let statuses: Vec<_> = finalised.meeting.agenda[0].actions.iter().map(|a| a.status.as_str()).collect();
    assert_eq!(statuses, ["cancelled", "open", "done"], "by due date, as the other tests rely on");
    assert_eq!(finalised.meeting.status, MeetingStatus::Finalised);
    assert_eq!(finalised.meeting.amendments.len(), 1);
    assert_eq!(finalised.meeting.agenda.len(), 3);
    assert_eq!(finalised.meeting.agenda[0].actions.len(), 3);
    assert!(finalised.meeting.agenda[0].discussion.is_some());
    let planned = exported(&store, second);
    assert_eq!(planned.meeting.agenda[0].kind, agenda::AgendaKind::MattersArising);
}

#[test]
fn a_bundle_never_contains_identifiers_or_database_ids() {
    let (store, first, _) = minutes();
    let json = bundle::to_json(&exported(&store, first));
    assert!(!json.contains("9434765919") && !json.contains("943 476 5919"));
    assert!(!json.contains("\"id\"") && !json.contains("Id\""), "members are named by key, not id");
    let value: Value = serde_json::from_str(&json).unwrap();
    assert_eq!((value["format"].as_str(), value["version"].as_i64()), (Some("mdt-meeting-bundle"), Some(1)));
    assert_eq!(value["meeting"]["agenda"][0]["presenter"], "Priya Example");
}

#[test]
fn importing_into_the_same_database_matches_members_and_cases_and_makes_a_new_meeting() {
    let (mut store, first, _) = minutes();
    let members_before = mdt::members::list(store.conn()).unwrap().len();
    let json = bundle::to_json(&exported(&store, first));
    let report = bundle::import(&mut store, &json).unwrap();
    assert_ne!(report.meeting_id, first);
    assert!(report.members_created.is_empty());
    assert_eq!(mdt::members::list(store.conn()).unwrap().len(), members_before);
    assert_eq!(report.cases_matched, ["AB-0101", "CD-0102"]);
    assert_eq!((report.agenda_items, report.actions), (3, 3));
    let imported = meetings::get(store.conn(), report.meeting_id).unwrap();
    assert_eq!(imported.status, MeetingStatus::Finalised, "finalised minutes stay finalised");
    let item = meetings::load(store.conn(), report.meeting_id).unwrap().agenda[0].id;
    let changed = DiscussionRecord { decision: "Something else".into(), ..Default::default() };
    assert_eq!(save_record(&mut store, item, &changed).unwrap_err().code(), ErrorCode::Conflict);
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

const TABLES: [&str; 12] = [
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
    refused(&with(|v| v["version"] = json!(2)), &["format version 2", "up to version 1", "newer version of MDT Assistant"]);
    refused(&with(|v| v["version"] = json!("1")), &["version", "whole number", "reads bundle version 1"]);
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
        with(|v| v["version"] = json!(2)),
        with(|v| v["meeting"]["plannedMinutes"] = json!("sixty")),
        with(|v| drop(v["meeting"].as_object_mut().unwrap().remove("title"))),
        with(|v| v["meeting"]["agenda"][0]["actions"][2]["doneOn"] = Value::Null),
        with(|v| v["meeting"]["agenda"][0]["actions"][0]["dueDate"] = json!("2026-02-30")),
        with(|v| v["meeting"]["agenda"][2]["kind"] = json!("teach_in")),
    ] {
        assert!(!schema_errors(&serde_json::from_str(&bad).unwrap()).is_empty(), "{bad}");
    }
}
