//! Who did it: the person using the app is chosen from the roster, remembered by the database,
//! and named in the audit log, in amendments to minutes, in exports and at finalising, by their
//! name on the roster at the time. Before anyone is chosen, the computer's user name is recorded.

mod support;
#[path = "support/reports.rs"]
mod reports;

use assert_cmd::Command;
use mdt::audit::AuditEntity;
use mdt::actions::{self, ActionInput};
use mdt::agenda::{self, Outcome};
use mdt::current_user::{self, CurrentUser};
use mdt::discussions::{self, DiscussionRecord};
use mdt::meetings;
use mdt::members::{self, MemberInput};
use mdt::reports::minutes::{self, MinutesOptions};
use mdt::{ErrorCode, ErrorPayload, Store, history, sample::demo};
use predicates::prelude::*;
use support::*;

/// A store as the app opens it: changes are recorded under the person chosen in the database.
fn app_store() -> (Store, Team) {
    let mut store = Store::open_in_memory().unwrap();
    current_user::follow_choice(&mut store);
    let team = team(&mut store);
    (store, team)
}

/// Every audit entry, oldest first, as (actor, entity, action).
fn log(store: &Store) -> Vec<(String, String, String)> {
    let mut stmt = store.conn().prepare("SELECT actor, entity, action FROM audit_log ORDER BY id").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

/// The actors of the audit entries after the first `from`.
fn actors_since(store: &Store, from: usize) -> Vec<String> {
    log(store).into_iter().skip(from).map(|(actor, _, _)| actor).collect()
}

fn action(owner: i64) -> ActionInput {
    ActionInput { description: "Arrange a joint home visit".into(), owner_id: owner, due_date: Some("2026-03-20".into()) }
}

#[test]
fn before_anyone_is_chosen_the_computers_user_name_is_recorded_and_the_app_asks_once_the_roster_has_people() {
    let mut store = Store::open_in_memory().unwrap();
    current_user::follow_choice(&mut store);
    let computer = store.computer_user().to_string();
    assert!(!computer.is_empty());
    assert_ne!(computer, "unknown", "the account's name is found even without USER in the environment");

    let empty = current_user::get(&store).unwrap();
    assert_eq!(
        empty,
        CurrentUser { member: None, actor: computer.clone(), computer_user: computer.clone(), must_choose: false, left_roster: None },
        "nobody to choose from yet, so nothing to ask"
    );

    let team = team(&mut store);
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    meetings::start(&mut store, m.id).unwrap();
    let asked = current_user::get(&store).unwrap();
    assert!(asked.must_choose, "the roster has people and none is chosen");
    assert_eq!(asked.member, None);
    assert_eq!(asked.actor, computer);
    let entries = log(&store);
    assert_eq!(entries.len(), 7, "five members, the meeting planned and started: {entries:?}");
    assert!(entries.iter().all(|(actor, _, _)| *actor == computer), "{entries:?}");
}

#[test]
fn the_chosen_person_is_named_in_the_audit_log_amendments_exports_and_finalising_and_a_switch_takes_effect_at_once() {
    let (mut store, team) = app_store();
    let before_choice = log(&store).len();
    let chosen = current_user::choose(&mut store, team.ot).unwrap();
    assert_eq!(chosen.member.as_ref().map(|m| m.name.as_str()), Some("Priya Example"));
    assert_eq!(chosen.actor, "Priya Example");
    assert!(!chosen.must_choose);

    // Priya plans and runs the meeting.
    let from = log(&store).len();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-1", team.ot);
    meetings::start(&mut store, m.id).unwrap();
    discussions::save(&mut store, item, 0, &DiscussionRecord { situation: "Two falls at home".into(), ..Default::default() }).unwrap();
    let agreed = actions::add(&mut store, item, &action(team.splw)).unwrap();
    agenda::set_outcome(&mut store, item, Outcome::Discussed, 300).unwrap();

    // Ade takes over the computer mid-way, in one step.
    let switched = current_user::choose(&mut store, team.splw).unwrap();
    assert_eq!(switched.actor, "Ade Sample");
    let switch_at = log(&store).len();
    meetings::finalise(&mut store, m.id).unwrap();
    meetings::begin_amendment(&mut store, m.id, "The due date was minuted wrongly").unwrap();
    actions::update(&mut store, agreed.id, &ActionInput { due_date: Some("2026-03-27".into()), ..action(team.splw) }).unwrap();
    meetings::finish_amendment(&mut store, m.id).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("minutes.pdf");
    minutes::export(&mut store, m.id, &MinutesOptions::default(), &pdf).unwrap();
    // The amend dialog's promise: the name is printed with the minutes.
    let text = reports::pdf_text(&std::fs::read(&pdf).unwrap()).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("by Ade Sample: The due date was minuted wrongly"), "{text}");
    assert!(!text.contains("by Priya Example:"), "{text}");

    let entries = log(&store);
    let priya: Vec<_> = entries[from..switch_at].iter().filter(|(_, entity, _)| entity != "current_user").collect();
    assert!(!priya.is_empty());
    assert!(priya.iter().all(|(actor, _, _)| actor == "Priya Example"), "{priya:?}");
    // The draft record's editing spell closes at finalising under the name of the person who typed it.
    let spell = entries.iter().find(|(_, entity, _)| entity == "case_discussion").unwrap();
    assert_eq!(spell.0, "Priya Example");

    let after: Vec<_> = entries[switch_at..].iter().filter(|(_, entity, _)| entity != "case_discussion").cloned().collect();
    let expected: Vec<(String, String, String)> = [("meeting", "finalise"), ("agreed_action", "amend"), ("meeting", "export")]
        .into_iter()
        .map(|(entity, action)| ("Ade Sample".to_string(), entity.to_string(), action.to_string()))
        .collect();
    assert_eq!(after, expected);
    assert!(!entries[..switch_at].iter().any(|(actor, entity, _)| actor == "Ade Sample" && entity != "current_user"), "nothing of Priya's is put on Ade");
    assert!(!entries[before_choice..].iter().any(|(actor, _, _)| actor == store.computer_user()), "nothing after the choice is the computer's");

    // The amendment printed with the minutes names Ade; the history of the action names both.
    let amendments = meetings::load(store.conn(), m.id).unwrap().amendments;
    assert_eq!(amendments.len(), 1);
    assert_eq!(amendments[0].amended_by, "Ade Sample");
    let history: Vec<_> =
        history::entity(store.conn(), AuditEntity::AgreedAction, agreed.id).unwrap().into_iter().map(|e| (e.action.as_str().to_string(), e.actor)).collect();
    assert_eq!(history, [("amend".to_string(), "Ade Sample".to_string()), ("create".to_string(), "Priya Example".to_string())]);

    // The switches themselves are in the log, under the name of the person who said who they are.
    let switches: Vec<_> = history::entity(store.conn(), AuditEntity::CurrentUser, team.splw)
        .unwrap()
        .into_iter()
        .chain(history::entity(store.conn(), AuditEntity::CurrentUser, team.ot).unwrap())
        .map(|e| (e.actor, e.before, e.after))
        .collect();
    assert_eq!(
        switches,
        [
            (
                "Ade Sample".to_string(),
                Some(format!(r#"{{"memberId":{},"name":"Priya Example"}}"#, team.ot)),
                Some(format!(r#"{{"memberId":{},"name":"Ade Sample"}}"#, team.splw))
            ),
            ("Priya Example".to_string(), None, Some(format!(r#"{{"memberId":{},"name":"Priya Example"}}"#, team.ot))),
        ]
    );
}

#[test]
fn choosing_the_same_person_again_changes_nothing() {
    let (mut store, team) = app_store();
    current_user::choose(&mut store, team.ot).unwrap();
    let entries = log(&store).len();
    current_user::choose(&mut store, team.ot).unwrap();
    assert_eq!(log(&store).len(), entries);
    current_user::choose(&mut store, team.gp).unwrap();
    assert_eq!(log(&store).len(), entries + 1, "a real switch is logged");
}

#[test]
fn the_name_recorded_is_the_one_on_the_roster_at_the_time() {
    let (mut store, team) = app_store();
    current_user::choose(&mut store, team.ot).unwrap();
    let from = log(&store).len();
    meeting(&mut store, &team, "2026-03-02T13:00");
    let renamed = MemberInput { name: "Priya Example-Jones".into(), role_key: "ot".into(), core_member: true, ..Default::default() };
    members::update(&mut store, team.ot, &renamed).unwrap();
    meeting(&mut store, &team, "2026-03-16T13:00");
    assert_eq!(actors_since(&store, from), ["Priya Example", "Priya Example", "Priya Example-Jones"]);
    assert_eq!(current_user::get(&store).unwrap().actor, "Priya Example-Jones");
}

#[test]
fn the_choice_is_kept_in_the_database_file_for_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mdt.sqlite3");
    let team = {
        let mut store = Store::open(&path).unwrap();
        current_user::follow_choice(&mut store);
        let team = team(&mut store);
        current_user::choose(&mut store, team.gp).unwrap();
        team
    };

    let mut store = Store::open(&path).unwrap();
    current_user::follow_choice(&mut store);
    let now = current_user::get(&store).unwrap();
    assert_eq!(now.member.map(|m| m.id), Some(team.gp));
    assert!(!now.must_choose, "not asked again");
    let from = log(&store).len();
    meeting(&mut store, &team, "2026-03-02T13:00");
    assert_eq!(actors_since(&store, from), ["Dr Gwen Imaginary"]);

    // The CLI does not take the app's choice: it records the computer's user unless told --as.
    let mut cli = Store::open(&path).unwrap();
    let from = log(&cli).len();
    meeting(&mut cli, &team, "2026-03-16T13:00");
    assert_eq!(actors_since(&cli, from), [cli.computer_user().to_string()]);
}

#[test]
fn when_the_chosen_member_leaves_the_roster_the_app_asks_again_and_records_the_computers_user_meanwhile() {
    let (mut store, team) = app_store();
    current_user::choose(&mut store, team.nurse).unwrap();
    members::remove(&mut store, team.nurse).unwrap();
    let now = current_user::get(&store).unwrap();
    assert_eq!(now.member, None);
    assert!(now.must_choose);
    assert_eq!(now.left_roster.as_deref(), Some("Jo Placeholder"));
    assert_eq!(now.actor, store.computer_user());
    let removal = log(&store).pop().unwrap();
    assert_eq!(removal, ("Jo Placeholder".to_string(), "team_member".to_string(), "delete".to_string()), "removed by herself");

    let from = log(&store).len();
    meeting(&mut store, &team, "2026-03-02T13:00");
    assert_eq!(actors_since(&store, from), [store.computer_user().to_string()]);

    let again = current_user::choose(&mut store, team.ot).unwrap();
    assert_eq!(again.left_roster, None, "said only while nobody is chosen");
    assert!(!again.must_choose);
}

#[test]
fn a_member_who_is_not_on_the_roster_cannot_be_chosen_and_the_choice_stays_as_it_was() {
    let (mut store, team) = app_store();
    current_user::choose(&mut store, team.ot).unwrap();
    let entries = log(&store).len();
    let err = current_user::choose(&mut store, 9999).unwrap_err();
    let payload = ErrorPayload::from(&err);
    assert_eq!(payload.code, ErrorCode::Invalid);
    assert_eq!(payload.field.as_deref(), Some("memberId"));
    assert!(payload.message.contains("not on the roster"), "{}", payload.message);
    assert_eq!(current_user::get(&store).unwrap().actor, "Priya Example");
    assert_eq!(log(&store).len(), entries);
}

#[test]
fn the_demo_is_recorded_as_demo_data_and_the_chosen_person_is_named_again_afterwards() {
    let (mut store, team) = app_store();
    current_user::choose(&mut store, team.ot).unwrap();
    let from = log(&store).len();
    demo::load(&mut store, chrono::NaiveDate::from_ymd_opt(2026, 3, 16).unwrap(), true).unwrap();
    let demo_entries = actors_since(&store, from);
    assert!(demo_entries.len() > 50);
    assert!(demo_entries.iter().all(|a| a == demo::ACTOR), "the person who loaded it did not write the invented minutes");

    let from = log(&store).len();
    meeting(&mut store, &team, "2026-05-04T13:00");
    assert_eq!(actors_since(&store, from), ["Priya Example"], "still following the choice, not a name fixed at load time");
    current_user::choose(&mut store, team.gp).unwrap();
    let from = log(&store).len();
    meeting(&mut store, &team, "2026-05-18T13:00");
    assert_eq!(actors_since(&store, from), ["Dr Gwen Imaginary"]);
}

#[test]
fn the_cli_records_the_roster_name_given_with_as_and_refuses_a_name_not_on_the_roster() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.sqlite3");
    mdt(&db).args(["members", "add", "--name", "Priya Example", "--role", "ot"]).assert().success();
    // Any case and surrounding spaces; the roster's spelling is recorded. The option goes anywhere.
    mdt(&db).args(["members", "add", "--name", "Ade Sample", "--role", "splw", "--as", "  priya EXAMPLE "]).assert().success();
    mdt(&db)
        .args(["--as", "Nobody Known", "members", "add", "--name", "Sam Test", "--role", "gp"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Nobody called 'Nobody Known' is on the roster"));

    let store = Store::open(&db).unwrap();
    let entries = log(&store);
    let computer = store.computer_user().to_string();
    assert_eq!(
        entries.iter().map(|(actor, _, _)| actor.as_str()).collect::<Vec<_>>(),
        [computer.as_str(), "Priya Example"],
        "Sam Test was not added: {entries:?}"
    );
    assert_eq!(members::list(store.conn()).unwrap().len(), 2);
}

#[test]
fn the_cli_documents_as() {
    Command::cargo_bin("mdt")
        .unwrap()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("--as <NAME>").and(predicate::str::contains("roster")));
}
