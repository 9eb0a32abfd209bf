//! Issue 15, first slice: what matters to the person and their goals live on the person (the
//! case, by pseudonymous reference), carry to every later discussion of them, are saved by
//! version (a stale copy never saves over newer words), have their history in the audit log, and
//! the minutes say them in brief, as they stood when the minutes were finalised.

mod support;
#[path = "support/reports.rs"]
mod reports;

use mdt::audit::{self, AuditAction, AuditEntity};
use mdt::person::{self, PersonProfile};
use mdt::reports::minutes::{self, MinutesOptions};
use mdt::reports::render;
use mdt::{ErrorCode, ErrorPayload, Store, agenda, meetings};
use reports::pdf_text;
use support::*;

fn words(what_matters: &str, goals: &str, plan: &str) -> PersonProfile {
    PersonProfile { what_matters: what_matters.into(), goals: goals.into(), care_plan_reference: plan.into() }
}

fn case_of(store: &Store, meeting_id: i64, item: i64) -> i64 {
    meetings::load(store.conn(), meeting_id).unwrap().agenda.iter().find(|i| i.id == item).unwrap().case_id.unwrap()
}

fn minutes_text(store: &Store, meeting_id: i64) -> String {
    pdf_text(&render(&minutes::document(store.conn(), meeting_id, &MinutesOptions::default()).unwrap()).unwrap().pdf)
}

#[test]
fn a_profile_opens_empty_at_version_0_and_each_changing_save_adds_one_and_is_audited() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-0101", team.ot);
    let case_id = case_of(&store, m.id, item);

    let opened = person::open(store.conn(), case_id).unwrap();
    assert_eq!((opened.version, opened.saved_at, opened.saved_by), (0, None, None));
    assert_eq!((opened.reference.as_str(), opened.profile), ("AB-0101", PersonProfile::default()));

    store.set_actor("Priya Example");
    let first = person::save(&mut store, case_id, 0, &words("Getting to the allotment again", "Walk to the shop by June", " PCSP-014 ")).unwrap();
    assert_eq!(first.version, 1);
    assert_eq!(first.profile.care_plan_reference, "PCSP-014", "a one-line reference is trimmed");
    store.set_actor("Ade Sample");
    let second = person::save(&mut store, case_id, 1, &words("Getting to the allotment again", "Walk to the shop by June; see her grandson", "PCSP-014")).unwrap();
    assert_eq!(second.version, 2);
    // Saving what is saved changes nothing, whatever version it names.
    let same = person::save(&mut store, case_id, 0, &second.profile).unwrap();
    assert_eq!(same.version, 2);

    let opened = person::open(store.conn(), case_id).unwrap();
    assert_eq!(opened.profile.goals, "Walk to the shop by June; see her grandson");
    assert_eq!((opened.version, opened.saved_by.as_deref()), (2, Some("Ade Sample")));

    // Its history: who changed what, newest first, with the words before and after.
    let log = audit::logged(store.conn(), AuditEntity::PersonProfile, case_id).unwrap();
    let summary: Vec<(AuditAction, &str)> = log.iter().map(|e| (e.action, e.actor.as_str())).collect();
    assert_eq!(summary, [(AuditAction::Update, "Ade Sample"), (AuditAction::Create, "Priya Example")]);
    let before: PersonProfile = serde_json::from_str(log[0].before.as_deref().unwrap()).unwrap();
    let after: PersonProfile = serde_json::from_str(log[0].after.as_deref().unwrap()).unwrap();
    assert_eq!((before.goals.as_str(), after.goals.as_str()), ("Walk to the shop by June", "Walk to the shop by June; see her grandson"));
    assert_eq!(log[1].before, None);
}

#[test]
fn a_save_based_on_an_older_version_is_refused_and_changes_nothing() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-0101", team.ot);
    let case_id = case_of(&store, m.id, item);
    person::save(&mut store, case_id, 0, &words("Staying at home", "", "")).unwrap();
    person::save(&mut store, case_id, 1, &words("Staying at home with her cat", "", "")).unwrap();

    // A screen that opened the profile at version 1 saves its own words: refused.
    let err = person::save(&mut store, case_id, 1, &words("Staying at home", "Fewer falls", "")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    let payload = ErrorPayload::from(&err);
    assert_eq!(payload.field.as_deref(), Some("version"));
    assert!(payload.message.starts_with("What matters to AB-0101 was saved by someone else after you opened it"), "{}", payload.message);
    let kept = person::open(store.conn(), case_id).unwrap();
    assert_eq!((kept.version, kept.profile), (2, words("Staying at home with her cat", "", "")));
    assert_eq!(audit::logged(store.conn(), AuditEntity::PersonProfile, case_id).unwrap().len(), 2, "the refused save is not logged");
}

#[test]
fn what_matters_carries_to_the_next_discussion_and_the_finalised_minutes_keep_it_as_it_was() {
    let (mut store, team) = store_with_team();
    let first = meeting(&mut store, &team, "2026-03-02T13:00");
    let item1 = add_case(&mut store, first.id, "AB-0101", team.ot);
    let other1 = add_case(&mut store, first.id, "CD-0202", team.splw);
    let case_id = case_of(&store, first.id, item1);
    person::save(&mut store, case_id, 0, &words("Getting to the allotment again", "Walk to the shop by June", "PCSP-014")).unwrap();
    agenda::set_outcome(&mut store, item1, agenda::Outcome::Discussed, 600).unwrap();
    agenda::set_outcome(&mut store, other1, agenda::Outcome::Discussed, 600).unwrap();
    meetings::finalise(&mut store, first.id).unwrap();

    // The next meeting: the same person, by the same reference, starts from what was said.
    let second = meeting(&mut store, &team, "2026-03-16T13:00");
    let item2 = add_case(&mut store, second.id, "AB-0101", team.ot);
    assert_eq!(case_of(&store, second.id, item2), case_id);
    let carried = person::open(store.conn(), case_id).unwrap();
    assert_eq!((carried.version, carried.profile.what_matters.as_str()), (1, "Getting to the allotment again"));
    person::save(&mut store, case_id, 1, &words("Getting to the allotment again", "Plant potatoes in April", "PCSP-014")).unwrap();

    // The first meeting's minutes say what was said then; the second's draft says it as now.
    assert_eq!(person::as_minuted(store.conn(), item1).unwrap().unwrap().goals, "Walk to the shop by June");
    assert_eq!(person::as_minuted(store.conn(), item2).unwrap().unwrap().goals, "Plant potatoes in April");
    assert_eq!(person::as_minuted(store.conn(), other1).unwrap(), None, "a person with nothing recorded has no section");
    // Words first recorded after the minutes were finalised never appear in them.
    let other_case = case_of(&store, first.id, other1);
    person::save(&mut store, other_case, 0, &words("Recorded later", "", "")).unwrap();
    assert_eq!(person::as_minuted(store.conn(), other1).unwrap(), None);
    let other2 = add_case(&mut store, second.id, "CD-0202", team.splw);
    assert_eq!(person::as_minuted(store.conn(), other2).unwrap().unwrap().what_matters, "Recorded later", "positive control: the draft shows them");
    let then = minutes_text(&store, first.id);
    assert!(then.contains("What matters to the person"), "{then}");
    assert!(then.contains("Walk to the shop by June") && then.contains("PCSP-014"), "{then}");
    assert!(!then.contains("Plant potatoes") && !then.contains("Recorded later"), "{then}");
    assert_eq!(then.matches("What matters to the person").count(), 1, "only the person with words recorded");
    agenda::set_outcome(&mut store, item2, agenda::Outcome::Discussed, 600).unwrap();
    let now = minutes_text(&store, second.id);
    assert!(now.contains("Plant potatoes in April") && !now.contains("Walk to the shop"), "{now}");

    // What the finalised minutes keep cannot be changed behind their back.
    let changed = store.conn().execute("UPDATE person_profiles_minuted SET goals = 'x' WHERE agenda_item_id = ?1", [item1]);
    assert!(changed.unwrap_err().to_string().contains("These minutes are finalised"));
}

#[test]
fn the_minutes_give_a_long_text_in_brief_and_say_where_the_rest_is() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-0101", team.ot);
    agenda::set_outcome(&mut store, item, agenda::Outcome::Discussed, 600).unwrap();
    let case_id = case_of(&store, m.id, item);
    let long = format!("{} ENDWORD", "Seeing friends at the lunch club ".repeat(20));
    person::save(&mut store, case_id, 0, &words(&long, "Short goal", "")).unwrap();
    let text = minutes_text(&store, m.id);
    assert!(text.contains("(in full in the person's record)"), "{text}");
    assert!(!text.contains("ENDWORD"), "the end of a long text is left to the record");
    assert!(text.contains("Short goal") && !text.contains("Care and support plan"), "an empty part is left out: {text}");
    // The record keeps every word.
    assert!(person::open(store.conn(), case_id).unwrap().profile.what_matters.ends_with("ENDWORD"));
}

#[test]
fn a_person_who_is_not_there_is_not_found() {
    let (mut store, _team) = store_with_team();
    assert_eq!(person::open(store.conn(), 9_999).unwrap_err().code(), ErrorCode::NotFound);
    assert_eq!(person::save(&mut store, 9_999, 0, &words("x", "", "")).unwrap_err().code(), ErrorCode::NotFound);
}

#[test]
fn the_demo_has_what_matters_to_two_people_and_its_finalised_minutes_keep_it() {
    let mut store = Store::open_in_memory().unwrap();
    mdt::sample::demo::load(&mut store, chrono::NaiveDate::from_ymd_opt(2026, 3, 16).unwrap(), false).unwrap();
    let first = meetings::list(store.conn()).unwrap().into_iter().min_by_key(|m| m.starts_at.clone()).unwrap();
    let detail = meetings::load(store.conn(), first.id).unwrap();
    let with_words: Vec<&str> = detail
        .agenda
        .iter()
        .filter(|i| person::as_minuted(store.conn(), i.id).unwrap().is_some())
        .filter_map(|i| i.case_reference.as_deref())
        .collect();
    assert_eq!(with_words, ["RM-2041", "JT-0925"]);
    let text = minutes_text(&store, first.id);
    assert!(text.contains("PCSP-RV-0412") && text.contains("Volunteer two mornings a week"), "{text}");
}
