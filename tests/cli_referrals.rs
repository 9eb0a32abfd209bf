//! `mdt referrals` lists open referrals (all with --all); `mdt referral ID -o FILE.pdf` prints a
//! one-page letter, pseudonymous unless --include-identifiers, which it then says on the page
//! and records in the audit log.

mod support;
#[path = "support/reports.rs"]
mod reports;

use mdt::agenda::{self, CaseItemInput};
use mdt::audit::{self, AuditAction, AuditEntity};
use mdt::cases::CaseIdentifier;
use mdt::person::{self, PersonProfile};
use mdt::referrals::{self, ConsentToShare, ReferralInput, ReferralStatus, ReferralTo, StatusChange};
use mdt::Store;
use predicates::prelude::*;
use reports::{assert_in_order, pdf_pages, pdf_text};
use support::*;

const REASON: &str = "She has stopped going out since her fall and misses the choir; I think a link worker could help her find her way back to it.";

/// A database with three referrals of AB-0101: #1 OT to the SPLW (open, feedback overdue), #2 SPLW
/// to the OT (closed), #3 SPLW to an outside service with consent to share (waiting).
fn database() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mdt.sqlite3");
    let mut store = Store::open(&db).unwrap();
    let team = team(&mut store);
    let m = meeting(&mut store, &team, "2026-01-05T13:00");
    let input = CaseItemInput { identifier: Some(CaseIdentifier { nhs_number: "9434765919".into(), other_identifier: String::new() }), ..case("AB-0101", team.ot, 10) };
    let item = agenda::add_case(&mut store, m.id, &input).unwrap();
    let case_id = meetings_case(&store, m.id, item);
    person::save(&mut store, case_id, 0, &PersonProfile { what_matters: "Singing with the church choir again".into(), goals: "Walk to church by Easter".into(), care_plan_reference: String::new() }).unwrap();
    let base = ReferralInput {
        from_member_id: team.ot,
        to: ReferralTo::Role { role_key: "splw".into() },
        made_on: "05/01/2026".into(),
        reason: REASON.into(),
        expected_wait_weeks: Some(3),
        feedback_due: Some("20/01/2026".into()),
        consent_to_share: None,
    };
    referrals::make(&mut store, item, &base).unwrap();
    let back = ReferralInput { from_member_id: team.splw, to: ReferralTo::Member { member_id: team.ot }, feedback_due: None, reason: "Kitchen safety".into(), ..base.clone() };
    let two = referrals::make(&mut store, item, &back).unwrap().referral.unwrap();
    referrals::change_status(&mut store, two.id, 1, &StatusChange { status: ReferralStatus::Closed, on: "06/01/2026".into(), reason: String::new() }).unwrap();
    let out = ReferralInput {
        from_member_id: team.splw,
        to: ReferralTo::Service { name: "Riverside Community Choir".into() },
        feedback_due: Some("15/12/2099".into()),
        consent_to_share: Some(ConsentToShare::Agreed),
        reason: "Company and singing".into(),
        ..base
    };
    let three = referrals::make(&mut store, item, &out).unwrap().referral.unwrap();
    referrals::change_status(&mut store, three.id, 1, &StatusChange { status: ReferralStatus::Waiting, on: "08/01/2026".into(), reason: String::new() }).unwrap();
    (dir, db)
}

fn meetings_case(store: &Store, meeting: i64, item: i64) -> i64 {
    mdt::meetings::load(store.conn(), meeting).unwrap().agenda.iter().find(|i| i.id == item).unwrap().case_id.unwrap()
}

#[test]
fn referrals_lists_the_open_ones_and_all_with_all() {
    let (_dir, db) = database();
    let out = mdt(&db).arg("referrals").assert().success().get_output().stdout.clone();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text,
        "#1  2026-01-05  AB-0101  from Priya Example  to Social prescribing link worker  Sent  feedback OVERDUE since 2026-01-20\n\
         #3  2026-01-05  AB-0101  from Ade Sample  to Riverside Community Choir  On the waiting list  feedback due 2099-12-15\n\
         2 open referrals.\n"
    );
    mdt(&db)
        .args(["referrals", "--all"])
        .assert()
        .success()
        .stdout(predicate::str::contains("#2  2026-01-05  AB-0101  from Ade Sample  to Priya Example (Occupational therapist)  Closed  no feedback asked").and(predicate::str::contains("3 referrals.")));
}

#[test]
fn a_referral_prints_as_a_one_page_letter_pseudonymous_unless_identifiers_are_chosen() {
    let (dir, db) = database();
    let plain = dir.path().join("letter.pdf");
    mdt(&db)
        .args(["referral", "1", "-o"])
        .arg(&plain)
        .assert()
        .success()
        .stdout(predicate::str::contains("Wrote the letter for referral #1 (AB-0101 to Social prescribing link worker)").and(predicate::str::contains("1 page.")).and(predicate::str::contains("left out")));
    let bytes = std::fs::read(&plain).unwrap();
    assert_eq!(pdf_pages(&bytes).len(), 1);
    let text = pdf_text(&bytes);
    assert_in_order(
        &text,
        &[
            "OFFICIAL-SENSITIVE",
            "Referral to Social prescribing link worker",
            "AB-0101",
            "Left out: the person is named by pseudonymous reference only.",
            "Priya Example, Occupational therapist",
            "Why I am referring",
            "misses the choir",
            "What matters to the person",
            "Singing with the church choir again",
            "Walk to church by Easter",
            "Feedback and who to contact",
            "Please let Priya Example know how this referral went by Tuesday 20 January 2026.",
            "Contact",
            "Priya Example, Occupational therapist",
        ],
    );
    assert!(!text.contains("943 476 5919") && !text.contains("9434765919"), "no NHS number unless chosen");
    assert!(!text.contains("Includes full identifiers"));

    let with = dir.path().join("with.pdf");
    mdt(&db).args(["referral", "1", "--include-identifiers", "-o"]).arg(&with).assert().success().stdout(predicate::str::contains("recorded in the audit log"));
    let text = pdf_text(&std::fs::read(&with).unwrap());
    assert!(text.contains("AB-0101 (NHS number 943 476 5919)"), "{text}");
    assert!(text.contains("Includes full identifiers: store and send securely."));
    let store = Store::open(&db).unwrap();
    let exports: Vec<serde_json::Value> = audit::logged(store.conn(), AuditEntity::Referral, 1)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == AuditAction::Export)
        .map(|e| serde_json::from_str(e.after.as_deref().unwrap()).unwrap())
        .collect();
    assert_eq!(exports.iter().map(|e| e["includeIdentifiers"].as_bool().unwrap()).collect::<Vec<_>>(), [true, false], "newest first, each export audited");

    // The outside service's letter says the person agreed to share with it.
    let choir = dir.path().join("choir.pdf");
    mdt(&db).args(["referral", "3", "-o"]).arg(&choir).assert().success();
    let text = pdf_text(&std::fs::read(&choir).unwrap());
    assert!(text.contains("The person agreed to sharing with Riverside Community Choir (Monday 5 January 2026)."), "{text}");
    assert!(text.contains("On the waiting list (since Thursday 8 January 2026)"), "{text}");

    mdt(&db).args(["referral", "99", "-o"]).arg(dir.path().join("none.pdf")).assert().code(2).stderr(predicate::str::contains("Referral #99"));
}
