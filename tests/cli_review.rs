//! `mdt review MEETING [--json]`, run as a user would on a database file.

mod support;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use mdt::Store;
use mdt::agenda::{self, Outcome, Professional};
use mdt::discussions::{DiscussionRecord, Lead, Need};
use mdt::guidance::{self, GuidanceSettings};
use mdt::meetings;
use predicates::prelude::*;
use support::*;

/// Meeting #1 with AB-0101 (functional need and social isolation, only the OT recorded as lead,
/// no urgent contacts, a reason for the different lead) and CD-0102 (a single-role case in order).
fn database(dir: &Path) -> PathBuf {
    let db = dir.join("team.sqlite3");
    let mut store = Store::open(&db).unwrap();
    let team = team(&mut store);
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    guidance::save_settings(&mut store, &GuidanceSettings { duty_team: "Duty desk 01632 960000".into(), ..Default::default() })
        .unwrap();
    let mut input = case("AB-0101", team.ot, 10);
    input.professionals =
        vec![Professional { member_id: Some(team.ot), name: String::new() }, Professional { member_id: Some(team.splw), name: String::new() }];
    let joint = agenda::add_case(&mut store, m.id, &input).unwrap();
    let record = DiscussionRecord {
        needs: vec![Need::Functional, Need::SocialIsolation],
        leads: vec![Lead { aspect: "Functional assessment".into(), member_id: Some(team.ot), role_key: None }],
        risk_holder_id: Some(team.ot),
        communication_plan: "Weekly call between Priya and Ade".into(),
        done_so_far: "The flat is hoarded in two rooms.".into(),
        ..Default::default()
    };
    save_record(&mut store, joint, &record).unwrap();
    guidance::record_lead_decision(&mut store, joint, "She will only see Priya for now").unwrap();
    agenda::set_outcome(&mut store, joint, Outcome::Discussed, 420).unwrap();

    let single = agenda::add_case(&mut store, m.id, &case("CD-0102", team.ot, 10)).unwrap();
    let record = DiscussionRecord {
        needs: vec![Need::Functional],
        leads: vec![Lead { aspect: "Functional assessment".into(), member_id: Some(team.ot), role_key: None }],
        ..Default::default()
    };
    save_record(&mut store, single, &record).unwrap();
    db
}

#[test]
fn review_prints_each_case_with_its_suggestion_recorded_lead_and_open_flags() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    mdt(&db).args(["review", "1"]).assert().success().stdout(
        predicate::str::contains("Guidance review: Riverside MDT, 2026-03-02 13:00 (planned)")
            .and(predicate::str::contains("AB-0101 (discussed)\n  Suggested lead: Joint working: OT and SPLW"))
            .and(predicate::str::contains("- OT (Priya Example): Functional assessment"))
            .and(predicate::str::contains("- SPLW (Ade Sample): Community connection"))
            .and(predicate::str::contains("Why: Functional is tagged."))
            .and(predicate::str::contains("[Working together: where are the boundaries, and where are the cross-overs?]"))
            .and(predicate::str::contains("Recorded lead: Priya Example (OT): Functional assessment"))
            .and(predicate::str::contains("Differs from the suggestion. Reason: \"She will only see Priya for now\""))
            .and(predicate::str::contains("Joint working (OT and SPLW): 1 of 4 questions unanswered"))
            .and(predicate::str::contains("[ ] Which services should be contacted in an urgent situation?"))
            .and(predicate::str::contains("[x] Who holds responsibility for clinical risk? Priya Example (OT)"))
            // Issue #14: the reason quotes the record's own words and says what they point to.
            .and(predicate::str::contains(
                "Significant environmental risk: no route or reason recorded. The notes say \"The flat is hoarded in two rooms\" (a risky home).",
            ))
            .and(predicate::str::contains("! Escalation not recorded: significant environmental risk"))
            .and(predicate::str::contains("Team route: Duty team: Duty desk 01632 960000."))
            .and(predicate::str::contains("CD-0102 (not yet discussed)\n  Suggested lead: OT"))
            .and(predicate::str::contains("Takes up the suggestion.\n  No open flags."))
            .and(predicate::str::contains("2 open flags on 1 case.")),
    );
}

#[test]
fn review_json_is_the_documented_stable_format() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let out = mdt(&db).args(["review", "1", "--json"]).assert().success().get_output().stdout.clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["format"], "mdt-guidance-review");
    assert_eq!(json["version"], 1);
    assert_eq!(json["meeting"]["id"], 1);
    assert_eq!(json["meeting"]["status"], "planned");
    assert_eq!(json["openFlags"], 2);
    let case = &json["cases"][0];
    assert_eq!(case["reference"], "AB-0101");
    assert_eq!(case["outcome"], "discussed");
    assert_eq!(case["suggestedLead"]["kind"], "joint");
    assert_eq!(case["suggestedLead"]["leads"][1]["roleKey"], "splw");
    assert_eq!(case["suggestedLead"]["leads"][1]["memberName"], "Ade Sample");
    assert_eq!(case["suggestedLead"]["reasons"][0]["needs"], serde_json::json!(["functional"]));
    assert_eq!(case["recordedLead"]["status"], "differs_with_reason");
    assert_eq!(case["recordedLead"]["overrideReason"], "She will only see Priya for now");
    assert_eq!(case["recordedLead"]["leads"][0]["memberName"], "Priya Example");
    let questions = case["jointWorking"]["questions"].as_array().unwrap();
    assert_eq!(questions.iter().map(|q| q["code"].as_str().unwrap()).collect::<Vec<_>>(), ["leads", "communication", "risk_holder", "urgent_contacts"]);
    assert_eq!(questions[3]["answered"], false);
    assert_eq!(case["escalations"][0]["trigger"], "environmental_risk");
    assert_eq!(case["escalations"][0]["status"], "unrecorded");
    assert_eq!(case["escalations"][0]["routes"][0], serde_json::json!({"route": "Duty team", "contact": "Duty desk 01632 960000"}));
    let flags: Vec<&str> = case["flags"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(flags, ["question_urgent_contacts", "escalation_unrecorded"]);
    for key in ["kind", "title", "reason", "source", "action"] {
        assert!(case["flags"][0].get(key).is_some(), "flag field {key}");
    }
    assert_eq!(case["overridden"], serde_json::json!([]));
    assert!(json["cases"][1]["previousLead"].is_null());
    assert!(json["cases"][1]["jointWorking"].is_null());

    // After finalising, the overridden flags are part of the review. CD-0102 has a record, so it
    // would be minuted as discussed; the chair marks it not discussed after all, and it carries.
    let mut store = Store::open(&db).unwrap();
    let single = meetings::load(store.conn(), 1).unwrap().agenda.iter().find(|i| i.label() == "CD-0102").unwrap().id;
    agenda::set_outcome(&mut store, single, Outcome::NotDiscussed, 0).unwrap();
    meetings::finalise(&mut store, 1).unwrap();
    drop(store);
    let out = mdt(&db).args(["review", "1", "--json"]).assert().success().get_output().stdout.clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let overridden = &json["cases"][0]["overridden"];
    assert_eq!(overridden[0]["code"], "question_urgent_contacts");
    assert_eq!(overridden[0]["detail"], "Not settled: which services should be contacted in an urgent situation");
    assert!(overridden[0]["overriddenAt"].as_str().unwrap().ends_with('Z'));
    mdt(&db).args(["review", "1"]).assert().success().stdout(predicate::str::contains(
        "Overridden at finalising (2):\n    - Not settled: which services should be contacted in an urgent situation",
    ).and(predicate::str::contains("CD-0102 (listed, not discussed: carries forward)\n\n")));
}

#[test]
fn review_of_an_unknown_meeting_is_an_error_and_it_has_help() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    mdt(&db).args(["review", "9"]).assert().code(2).stderr(predicate::str::contains("Meeting #9 could not be found"));
    Command::cargo_bin("mdt")
        .unwrap()
        .args(["review", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("unanswered joint-working questions").and(predicate::str::contains("--json")));
}
