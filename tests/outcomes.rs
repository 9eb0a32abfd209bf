//! Issue #19, outcomes: before-and-after scores of outcome measures for a person. The app ships
//! ONS4 (free to use); the team adds its own and chooses which are in use; a sitting is one
//! person answering one measure on one day (a question may go unanswered); the change is read
//! from the first answer to the latest, better or worse by the question's direction, in words;
//! a sitting entered wrongly is removed with a reason; every change is audited.

mod support;

use mdt::audit::{AuditAction, AuditEntity};
use mdt::outcomes::{self, Answer, Direction, MeasureInput, MeasureItemInput, SittingInput};
use mdt::{ErrorCode, ErrorPayload, Store, history};
use support::*;



fn setup() -> (Store, Team, i64, i64) {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-0101", team.splw);
    let case_id = mdt::meetings::load(store.conn(), m.id).unwrap().agenda.iter().find(|i| i.id == item).unwrap().case_id.unwrap();
    (store, team, item, case_id)
}

fn message(e: &mdt::Error) -> (ErrorCode, Option<String>, String) {
    let p = ErrorPayload::from(e);
    (e.code(), p.field, p.message)
}

#[test]
fn ons4_ships_in_use_with_its_four_questions_and_where_it_comes_from() {
    let (store, ..) = setup();
    let all = outcomes::measures(store.conn()).unwrap();
    assert_eq!(all.len(), 1, "only ONS4 ships");
    let ons4 = &all[0];
    assert_eq!((ons4.key.as_str(), ons4.name.as_str(), ons4.built_in, ons4.in_use), ("ons4", "ONS4 personal well-being", true, true));
    assert!(ons4.source.contains("Open Government Licence"), "{}", ons4.source);
    let items: Vec<(&str, i64, i64, Direction)> = ons4.items.iter().map(|q| (q.short.as_str(), q.min, q.max, q.direction)).collect();
    assert_eq!(
        items,
        [
            ("Life satisfaction", 0, 10, Direction::HigherIsBetter),
            ("Worthwhile", 0, 10, Direction::HigherIsBetter),
            ("Happiness yesterday", 0, 10, Direction::HigherIsBetter),
            ("Anxiety yesterday", 0, 10, Direction::LowerIsBetter),
        ]
    );
}

#[test]
fn change_is_read_from_the_first_answer_to_the_latest_better_or_worse_by_direction() {
    let (mut store, _, item, case_id) = setup();
    let today = day("2026-12-15");
    // Typed the UK way, out of order: the history is by the day answered.
    let later = outcomes::record_on(&mut store, case_id, &SittingInput { note: " Asked at home. ".into(), agenda_item_id: Some(item), ..ons4("01/06/2026", [Some(7), Some(6), None, Some(5)]) }, today).unwrap();
    outcomes::record_on(&mut store, case_id, &ons4("2 Mar 2026", [Some(4), Some(6), Some(3), Some(8)]), today).unwrap();
    assert_eq!((later.taken_on.as_str(), later.note.as_str(), later.agenda_item_id), ("2026-06-01", "Asked at home.", Some(item)));

    let histories = outcomes::for_person(store.conn(), case_id).unwrap();
    assert_eq!(histories.len(), 1);
    let h = &histories[0];
    let days: Vec<&str> = h.sittings.iter().map(|s| s.taken_on.as_str()).collect();
    assert_eq!(days, ["2026-03-02", "2026-06-01"], "oldest first");
    assert_eq!(h.sittings[1].answers[2], Answer { item_key: "happiness".into(), value: None }, "not answered is kept as not answered");
    let words: Vec<&str> = h.changes.iter().map(|c| c.words.as_str()).collect();
    assert_eq!(
        words,
        [
            "Life satisfaction: 4 on 02/03/2026, 7 on 01/06/2026: up 3, better",
            "Worthwhile: 6 on 02/03/2026, 6 on 01/06/2026: no change",
            "Anxiety yesterday: 8 on 02/03/2026, 5 on 01/06/2026: down 3, better",
        ],
        "happiness was answered once only, so it has no change yet"
    );
    let moved: Vec<(i64, Option<bool>)> = h.changes.iter().map(|c| (c.change, c.better)).collect();
    assert_eq!(moved, [(3, Some(true)), (0, None), (-3, Some(true))]);

    // A third sitting where things went the other way: worse, by each question's direction.
    outcomes::record_on(&mut store, case_id, &ons4("01/09/2026", [Some(2), None, Some(5), Some(9)]), today).unwrap();
    let h = &outcomes::for_person(store.conn(), case_id).unwrap()[0];
    let words: Vec<&str> = h.changes.iter().map(|c| c.words.as_str()).collect();
    assert_eq!(
        words,
        [
            "Life satisfaction: 4 on 02/03/2026, 2 on 01/09/2026: down 2, worse",
            "Worthwhile: 6 on 02/03/2026, 6 on 01/06/2026: no change",
            "Happiness yesterday: 3 on 02/03/2026, 5 on 01/09/2026: up 2, better",
            "Anxiety yesterday: 8 on 02/03/2026, 9 on 01/09/2026: up 1, worse",
        ]
    );
}

#[test]
fn a_sitting_is_refused_twice_on_a_day_after_today_for_another_person_or_a_measure_out_of_use() {
    let (mut store, team, item, case_id) = setup();
    let today = day("2026-03-10");
    outcomes::record_on(&mut store, case_id, &ons4("09/03/2026", [Some(5), None, None, None]), today).unwrap();
    let count = |store: &Store| store.conn().query_row("SELECT count(*) FROM outcome_scores", [], |r| r.get::<_, i64>(0)).unwrap();
    let cases = [
        (ons4("09/03/2026", [Some(6), None, None, None]), "takenOn", "ONS4 personal well-being for AB-0101 is already recorded on 09/03/2026. To correct it, remove that one first."),
        (ons4("11/03/2026", [Some(6), None, None, None]), "takenOn", "Give the day the person answered: it cannot be after today."),
    ];
    for (input, field, said) in cases {
        let e = outcomes::record_on(&mut store, case_id, &input, today).unwrap_err();
        assert_eq!(message(&e), (ErrorCode::Invalid, Some(field.to_string()), said.to_string()));
    }
    // A discussion of somebody else.
    let m = meeting(&mut store, &team, "2026-03-09T13:00");
    let other = add_case(&mut store, m.id, "ZZ-0909", team.ot);
    let e = outcomes::record_on(&mut store, case_id, &SittingInput { agenda_item_id: Some(other), ..ons4("08/03/2026", [Some(6), None, None, None]) }, today).unwrap_err();
    assert_eq!(message(&e), (ErrorCode::Invalid, Some("agendaItemId".into()), "That discussion is not about AB-0101.".into()));
    // Out of use: refused until back in use; its scores stay and are still shown.
    outcomes::set_in_use(&mut store, "ons4", false).unwrap();
    let e = outcomes::record_on(&mut store, case_id, &ons4("08/03/2026", [Some(6), None, None, None]), today).unwrap_err();
    assert_eq!(message(&e).2, "ONS4 personal well-being is not in use by the team: put it back in use in Settings first.");
    assert_eq!(outcomes::for_person(store.conn(), case_id).unwrap()[0].sittings.len(), 1);
    assert_eq!(count(&store), 1, "nothing written by any refusal");
    outcomes::set_in_use(&mut store, "ons4", true).unwrap();
    outcomes::record_on(&mut store, case_id, &SittingInput { agenda_item_id: Some(item), ..ons4("08/03/2026", [Some(6), None, None, None]) }, today).unwrap();
    assert_eq!(count(&store), 2, "the control: back in use, the same sitting is taken");
}

#[test]
fn a_sitting_entered_wrongly_is_removed_with_a_reason_kept_in_the_audit_log() {
    let (mut store, _, _, case_id) = setup();
    let today = day("2026-12-15");
    let keep = outcomes::record_on(&mut store, case_id, &ons4("02/03/2026", [Some(4), None, None, None]), today).unwrap();
    let wrong = outcomes::record_on(&mut store, case_id, &ons4("03/03/2026", [Some(9), None, None, None]), today).unwrap();
    let e = outcomes::remove(&mut store, wrong.id, "   ").unwrap_err();
    assert_eq!(message(&e).1.as_deref(), Some("reason"));
    assert_eq!(outcomes::for_person(store.conn(), case_id).unwrap()[0].sittings.len(), 2, "a blank reason removes nothing");

    outcomes::remove(&mut store, wrong.id, "Entered for the wrong person").unwrap();
    let left: Vec<i64> = outcomes::for_person(store.conn(), case_id).unwrap()[0].sittings.iter().map(|s| s.id).collect();
    assert_eq!(left, [keep.id]);
    let log = history::entity(store.conn(), AuditEntity::OutcomeScore, wrong.id).unwrap();
    let actions: Vec<AuditAction> = log.iter().map(|e| e.action).collect();
    assert_eq!(actions, [AuditAction::Delete, AuditAction::Create], "newest first");
    let removal = log.first().unwrap();
    assert!(removal.after.as_deref().unwrap().contains("Entered for the wrong person"), "{:?}", removal.after);
    assert!(removal.before.as_deref().unwrap().contains("\"value\":9"), "what it held is kept: {:?}", removal.before);
    let e = outcomes::remove(&mut store, wrong.id, "again").unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
}

#[test]
fn a_teams_own_measure_is_labelled_as_the_teams_and_listed_after_the_apps() {
    let (mut store, _, _, case_id) = setup();
    let input = MeasureInput {
        name: " Goal progress ".into(),
        about: "Each goal the person set, scored by them.".into(),
        items: vec![
            MeasureItemInput { question: "How close are you to your first goal?".into(), short: "Goal 1".into(), min: 0, max: 10, direction: Direction::HigherIsBetter },
            MeasureItemInput { question: "How much does pain stop you?".into(), short: "Pain".into(), min: 1, max: 5, direction: Direction::LowerIsBetter },
        ],
    };
    let made = outcomes::add_measure(&mut store, &input).unwrap();
    assert_eq!((made.key.as_str(), made.name.as_str(), made.source.as_str(), made.built_in, made.in_use), ("team_goal_progress", "Goal progress", "The team's own measure.", false, true));
    let keys: Vec<&str> = made.items.iter().map(|q| q.key.as_str()).collect();
    assert_eq!(keys, ["goal_1", "pain"]);
    let e = outcomes::add_measure(&mut store, &MeasureInput { name: "GOAL progress".into(), ..input.clone() }).unwrap_err();
    assert_eq!(message(&e).2, "There is already a measure called \"GOAL progress\": choose another name.");

    let today = day("2026-12-15");
    let answers = |goal: i64, pain: i64| vec![Answer { item_key: "goal_1".into(), value: Some(goal) }, Answer { item_key: "pain".into(), value: Some(pain) }];
    for (on, goal, pain) in [("02/03/2026", 2, 4), ("01/06/2026", 6, 2)] {
        outcomes::record_on(&mut store, case_id, &SittingInput { measure_key: made.key.clone(), taken_on: on.into(), answers: answers(goal, pain), note: String::new(), agenda_item_id: None }, today).unwrap();
    }
    let e = outcomes::record_on(&mut store, case_id, &SittingInput { measure_key: made.key.clone(), taken_on: "03/06/2026".into(), answers: answers(3, 6), note: String::new(), agenda_item_id: None }, today).unwrap_err();
    assert_eq!(message(&e).2, "Pain: the answer is from 1 to 5; 6 is outside it.");
    outcomes::record_on(&mut store, case_id, &ons4("02/03/2026", [Some(5), None, None, None]), today).unwrap();

    let histories = outcomes::for_person(store.conn(), case_id).unwrap();
    let names: Vec<&str> = histories.iter().map(|h| h.measure.name.as_str()).collect();
    assert_eq!(names, ["ONS4 personal well-being", "Goal progress"], "the app's measure first");
    let words: Vec<&str> = histories[1].changes.iter().map(|c| c.words.as_str()).collect();
    assert_eq!(words, ["Goal 1: 2 on 02/03/2026, 6 on 01/06/2026: up 4, better", "Pain: 4 on 02/03/2026, 2 on 01/06/2026: down 2, better"]);
    assert!(histories[0].changes.is_empty(), "one ONS4 sitting: no change yet");

    // Taken out of use, it is still listed with its scores.
    outcomes::set_in_use(&mut store, &made.key, false).unwrap();
    let all = outcomes::measures(store.conn()).unwrap();
    let in_use: Vec<(&str, bool)> = all.iter().map(|m| (m.name.as_str(), m.in_use)).collect();
    assert_eq!(in_use, [("ONS4 personal well-being", true), ("Goal progress", false)]);
    assert_eq!(outcomes::for_person(store.conn(), case_id).unwrap()[1].sittings.len(), 2);
    let log = history::entity(store.conn(), AuditEntity::OutcomeMeasure, 0).unwrap();
    assert_eq!(log.iter().map(|e| e.action).collect::<Vec<_>>(), [AuditAction::Update, AuditAction::Create], "newest first");
}

/// Each limit is exact: the longest allowed is taken, one more is refused (and today is a day the
/// person can have answered, tomorrow is not).
#[test]
fn every_limit_is_exact_at_its_edge() {
    let (mut store, _, _, case_id) = setup();
    let today = day("2026-03-10");
    let taken = outcomes::record_on(&mut store, case_id, &SittingInput { note: "n".repeat(2_000), ..ons4("10/03/2026", [Some(0), None, None, Some(10)]) }, today).unwrap();
    assert_eq!((taken.taken_on.as_str(), taken.note.chars().count()), ("2026-03-10", 2_000), "today, and a 2,000-character note");
    let e = outcomes::record_on(&mut store, case_id, &SittingInput { note: "n".repeat(2_001), ..ons4("09/03/2026", [Some(5), None, None, None]) }, today).unwrap_err();
    assert_eq!(message(&e).1.as_deref(), Some("note"));

    let question = |q: &str, short: &str, min: i64, max: i64| MeasureItemInput { question: q.into(), short: short.into(), min, max, direction: Direction::HigherIsBetter };
    let widest = MeasureInput {
        name: "N".repeat(80),
        about: "a".repeat(1_000),
        items: (0..20).map(|i| question(&format!("{}{i:02}", "q".repeat(398)), &format!("{}{i:02}", "s".repeat(38)), -100, 100)).collect(),
    };
    let made = outcomes::add_measure(&mut store, &widest).unwrap();
    assert_eq!((made.name.chars().count(), made.about.chars().count(), made.items.len()), (80, 1_000, 20));
    assert_eq!((made.items[19].question.chars().count(), made.items[19].short.chars().count(), made.items[0].min, made.items[0].max), (400, 40, -100, 100));
    // Labels alike in their first 32 characters still get keys of their own.
    let keys: Vec<&str> = made.items.iter().map(|q| q.key.as_str()).collect();
    assert_eq!((keys[0], keys[1], keys[19]), ("s".repeat(32).as_str(), format!("{}_2", "s".repeat(32)).as_str(), format!("{}_20", "s".repeat(32)).as_str()));
    let mut one_more = |change: &dyn Fn(&mut MeasureInput)| {
        let mut input = MeasureInput { name: "Other".into(), about: String::new(), items: vec![question("Q?", "Q", 0, 10)] };
        change(&mut input);
        message(&outcomes::add_measure(&mut store, &input).unwrap_err()).1
    };
    assert_eq!(one_more(&|m| m.name = "N".repeat(81)), Some("name".into()));
    assert_eq!(one_more(&|m| m.about = "a".repeat(1_001)), Some("about".into()));
    assert_eq!(one_more(&|m| m.items = (0..21).map(|i| question("Q?", &format!("Q{i}"), 0, 10)).collect()), Some("items".into()));
    assert_eq!(one_more(&|m| m.items[0].question = "q".repeat(401)), Some("items".into()));
    assert_eq!(one_more(&|m| m.items[0].short = "s".repeat(41)), Some("items".into()));
    assert_eq!(one_more(&|m| m.items[0].min = -101), Some("items".into()));
    assert_eq!(one_more(&|m| m.items[0].max = 101), Some("items".into()));
    assert_eq!(one_more(&|m| m.items[0].max = 0), Some("items".into()), "a scale of one point is no scale");

    let e = outcomes::remove(&mut store, taken.id, &"r".repeat(501)).unwrap_err();
    assert_eq!(message(&e).1.as_deref(), Some("reason"));
    outcomes::remove(&mut store, taken.id, &"r".repeat(500)).unwrap();
    assert!(outcomes::for_person(store.conn(), case_id).unwrap().is_empty());
}
