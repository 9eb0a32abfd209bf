//! Issue 12: a save of a case record names the version it was based on, and the core refuses one
//! based on an older version, so a stale copy (a screen opened earlier, a second window, later a
//! colleague on the team database) can never be saved over newer work. The person's changes are
//! then merged with what was saved, part by part, and both texts kept where both changed.

mod support;

use mdt::actions::{self, ActionFilter, ActionInput};
use mdt::discussions::{self, DiscussionRecord, Lead, Need, RecordField};
use mdt::{ErrorCode, ErrorPayload, Store, agenda, meetings};
use support::*;

fn setup() -> (Store, Team, i64, i64) {
    let mut store = Store::open_in_memory().unwrap();
    let team = team(&mut store);
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = agenda::add_case(&mut store, m.id, &case("AB-0101", team.ot, 10)).unwrap();
    (store, team, m.id, item)
}

fn text(situation: &str, decision: &str) -> DiscussionRecord {
    DiscussionRecord { situation: situation.into(), decision: decision.into(), ..Default::default() }
}

#[test]
fn a_record_opens_at_version_0_and_each_changing_save_adds_one() {
    let (mut store, _team, _m, item) = setup();
    store.set_actor("Cal Coordinator");
    let opened = discussions::open(store.conn(), item).unwrap();
    assert_eq!((opened.version, opened.saved_at, opened.saved_by), (0, None, None));
    assert_eq!(opened.record, DiscussionRecord::default());

    let first = discussions::save(&mut store, item, 0, &text("Lives alone", "")).unwrap();
    assert_eq!(first.version, 1);
    let second = discussions::save(&mut store, item, 1, &text("Lives alone, two falls", "")).unwrap();
    assert_eq!(second.version, 2);
    // Saving what is already saved changes nothing, not even the version.
    let again = discussions::save(&mut store, item, 2, &text("Lives alone, two falls", "")).unwrap();
    assert_eq!(again.version, 2);

    let opened = discussions::open(store.conn(), item).unwrap();
    assert_eq!(opened.version, 2);
    assert_eq!(opened.record.situation, "Lives alone, two falls");
    assert_eq!(opened.saved_by.as_deref(), Some("Cal Coordinator"));
    assert!(opened.saved_at.is_some());
}

#[test]
fn a_save_based_on_an_older_version_is_refused_and_changes_nothing() {
    let (mut store, _team, _m, item) = setup();
    discussions::save(&mut store, item, 0, &text("Lives alone", "")).unwrap();
    discussions::save(&mut store, item, 1, &text("Lives alone; daughter visits weekly", "")).unwrap();

    // The screen that opened the record at version 1 types on and saves: refused.
    let err = discussions::save(&mut store, item, 1, &text("Lives alone", "OT home visit")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    let payload = ErrorPayload::from(&err);
    assert_eq!(payload.field.as_deref(), Some("version"));
    assert_eq!(
        payload.message,
        "The record of AB-0101 was saved by someone else after you opened it, so your change was not saved over it. \
         Both versions are kept: choose what to keep."
    );
    let saved = discussions::open(store.conn(), item).unwrap();
    assert_eq!(saved.version, 2, "nothing was written");
    assert_eq!(saved.record, text("Lives alone; daughter visits weekly", ""));

    // A version from the future is as wrong as one from the past.
    assert_eq!(discussions::save(&mut store, item, 7, &text("x", "")).unwrap_err().code(), ErrorCode::Conflict);
    // Positive control: based on the version saved, the same change goes in.
    assert_eq!(discussions::save(&mut store, item, 2, &text("Lives alone", "OT home visit")).unwrap().version, 3);
    // A stale save identical to what is saved is no conflict (a retry of a save that went in).
    assert_eq!(discussions::save(&mut store, item, 1, &text("Lives alone", "OT home visit")).unwrap().version, 3);
}

#[test]
fn two_copies_of_one_record_merge_part_by_part_and_keep_both_texts_where_both_changed() {
    let (mut store, team, _m, item) = setup();
    let base = DiscussionRecord {
        situation: "Lives alone".into(),
        discussion: "Two falls this month".into(),
        needs: vec![Need::Functional, Need::SocialIsolation],
        ..Default::default()
    };
    discussions::save(&mut store, item, 0, &base).unwrap();

    // Someone else (another window) saves first: a new situation, a need ticked, a risk holder.
    store.set_actor("Ade Sample");
    let theirs = DiscussionRecord {
        situation: "Lives alone; the daughter says she is not eating".into(),
        needs: vec![Need::Functional, Need::Money, Need::SocialIsolation],
        risk_holder_id: Some(team.gp),
        ..base.clone()
    };
    discussions::save(&mut store, item, 1, &theirs).unwrap();

    // This copy, opened at version 1, changed the situation too, the decision, and unticked a need.
    store.set_actor("Cal Coordinator");
    let mine = DiscussionRecord {
        situation: "Lives alone; GP to review her medication".into(),
        decision: "OT home visit this week".into(),
        needs: vec![Need::Functional],
        ..base.clone()
    };
    assert_eq!(discussions::save(&mut store, item, 1, &mine).unwrap_err().code(), ErrorCode::Conflict);

    let merge = discussions::merge(store.conn(), item, &base, &mine).unwrap();
    assert_eq!(merge.saved.version, 2);
    assert_eq!(merge.saved.record, theirs);
    assert_eq!(merge.saved.saved_by.as_deref(), Some("Ade Sample"));
    assert_eq!(merge.conflicts.len(), 1);
    let c = &merge.conflicts[0];
    assert_eq!(c.field, RecordField::Situation);
    assert_eq!(c.label, "Situation and background");
    assert_eq!(c.saved, "Lives alone; the daughter says she is not eating");
    assert_eq!(c.yours, "Lives alone; GP to review her medication");
    assert_eq!(
        merge.merged,
        DiscussionRecord {
            // Both changed it: the saved text stays until the person chooses.
            situation: "Lives alone; the daughter says she is not eating".into(),
            discussion: "Two falls this month".into(),
            // Their tick and my untick both apply.
            needs: vec![Need::Functional, Need::Money],
            risk_holder_id: Some(team.gp),
            decision: "OT home visit this week".into(),
            ..Default::default()
        }
    );

    // The person keeps both texts and saves on the saved version: nothing either of them typed is lost.
    let chosen = DiscussionRecord { situation: format!("{}\n{}", c.saved, c.yours), ..merge.merged.clone() };
    assert_eq!(discussions::save(&mut store, item, merge.saved.version, &chosen).unwrap().version, 3);
    let now = discussions::get(store.conn(), item).unwrap().unwrap();
    assert_eq!(now.situation, "Lives alone; the daughter says she is not eating\nLives alone; GP to review her medication");
    assert_eq!(now.decision, "OT home visit this week");
    assert_eq!(now.risk_holder_id, Some(team.gp));
    assert_eq!(now.needs, [Need::Functional, Need::Money]);
}

#[test]
fn merging_takes_the_side_that_changed_each_part() {
    let base = DiscussionRecord { situation: "A".into(), decision: "D".into(), needs: vec![Need::Housing], ..Default::default() };
    let lead = |aspect: &str, member: i64| Lead { aspect: aspect.into(), member_id: Some(member), role_key: None };

    // Nobody changed anything.
    assert_eq!(discussions::merge_records(&base, &base, &base), (base.clone(), vec![]));
    // Only mine changed: mine.
    let mine = DiscussionRecord { decision: "D2".into(), leads: vec![lead("Falls", 2)], next_review_date: Some("2026-04-01".into()), ..base.clone() };
    assert_eq!(discussions::merge_records(&base, &base, &mine), (mine.clone(), vec![]));
    // Only theirs changed: theirs.
    assert_eq!(discussions::merge_records(&base, &mine, &base), (mine.clone(), vec![]));
    // Both made the same change: no conflict.
    assert_eq!(discussions::merge_records(&base, &mine, &mine), (mine.clone(), vec![]));

    // Both changed every kind of part, differently: each is listed, theirs kept.
    let theirs = DiscussionRecord {
        situation: "B".into(),
        decision: "D3".into(),
        leads: vec![lead("Falls", 3)],
        risk_holder_id: Some(3),
        decision_owner_id: Some(3),
        next_review_date: Some("2026-05-01".into()),
        ..base.clone()
    };
    let mine = DiscussionRecord {
        situation: "C".into(),
        decision: "D4".into(),
        leads: vec![lead("Falls", 2)],
        risk_holder_id: Some(2),
        decision_owner_id: Some(2),
        next_review_date: Some("2026-04-01".into()),
        ..base.clone()
    };
    let (merged, conflicts) = discussions::merge_records(&base, &theirs, &mine);
    assert_eq!(merged, theirs);
    assert_eq!(
        conflicts,
        [
            RecordField::Situation,
            RecordField::Leads,
            RecordField::RiskHolderId,
            RecordField::Decision,
            RecordField::DecisionOwnerId,
            RecordField::NextReviewDate
        ]
    );

    // Needs merge as a set, each side's ticks and unticks applied, never a conflict.
    let theirs = DiscussionRecord { needs: vec![Need::Housing, Need::Money], ..base.clone() };
    let mine = DiscussionRecord { needs: vec![Need::Carer], ..base.clone() };
    let (merged, conflicts) = discussions::merge_records(&base, &theirs, &mine);
    assert_eq!(merged.needs, [Need::Carer, Need::Money]);
    assert!(conflicts.is_empty());
}

#[test]
fn conflicting_parts_are_described_in_words_with_people_by_name() {
    let (mut store, team, _m, item) = setup();
    let base = DiscussionRecord::default();
    discussions::save(&mut store, item, 0, &DiscussionRecord { situation: "x".into(), ..base.clone() }).unwrap();
    let theirs = DiscussionRecord {
        situation: "x".into(),
        leads: vec![Lead { aspect: "Falls prevention".into(), member_id: Some(team.ot), role_key: None }],
        risk_holder_id: Some(team.gp),
        next_review_date: Some("2026-12-15".into()),
        ..base.clone()
    };
    discussions::save(&mut store, item, 1, &theirs).unwrap();
    let mine = DiscussionRecord {
        situation: "x".into(),
        leads: vec![Lead { aspect: "Community groups".into(), member_id: None, role_key: Some("splw".into()) }],
        risk_holder_id: None,
        next_review_date: Some("2027-01-04".into()),
        ..base.clone()
    };
    let base = DiscussionRecord { situation: "x".into(), ..base };
    // risk holder: base None, theirs GP, mine None → theirs (only they changed it).
    let merge = discussions::merge(store.conn(), item, &base, &mine).unwrap();
    let words: Vec<(RecordField, &str, &str)> = merge.conflicts.iter().map(|c| (c.field, c.saved.as_str(), c.yours.as_str())).collect();
    assert_eq!(
        words,
        [
            (RecordField::Leads, "Falls prevention: Priya Example (Occupational therapist)", "Community groups: Social prescribing link worker (nobody named yet)"),
            (RecordField::NextReviewDate, "Tuesday 15 December 2026", "Monday 4 January 2027"),
        ]
    );
    assert_eq!(merge.merged.risk_holder_id, Some(team.gp));
}

#[test]
fn finalised_minutes_refuse_a_save_whatever_its_version_and_an_amendment_counts_versions_on() {
    let (mut store, _team, m, item) = setup();
    discussions::save(&mut store, item, 0, &text("Lives alone", "")).unwrap();
    agenda::set_outcome(&mut store, item, agenda::Outcome::Discussed, 600).unwrap();
    meetings::finalise(&mut store, m).unwrap();
    assert_eq!(discussions::save(&mut store, item, 1, &text("Changed", "")).unwrap_err().code(), ErrorCode::Conflict);
    assert_eq!(discussions::open(store.conn(), item).unwrap().record.situation, "Lives alone");
    meetings::begin_amendment(&mut store, m, "Situation was minuted wrongly").unwrap();
    assert_eq!(discussions::save(&mut store, item, 0, &text("Changed", "")).unwrap_err().code(), ErrorCode::Conflict, "stale while amending too");
    assert_eq!(discussions::save(&mut store, item, 1, &text("Changed", "")).unwrap().version, 2);
}

#[test]
fn dates_typed_the_uk_way_are_stored_as_dates() {
    let (mut store, team, _m, item) = setup();
    let record = DiscussionRecord { next_review_date: Some("15/12/2026".into()), ..Default::default() };
    discussions::save(&mut store, item, 0, &record).unwrap();
    assert_eq!(discussions::get(store.conn(), item).unwrap().unwrap().next_review_date.as_deref(), Some("2026-12-15"));
    for (typed, stored) in [("15/12/26", "2026-12-15"), ("15 Dec 2026", "2026-12-15"), ("15.12.2026", "2026-12-15"), ("3/3/2027", "2027-03-03")] {
        let a = actions::add(&mut store, item, &ActionInput { description: format!("Due {typed}"), owner_id: team.ot, due_date: Some(typed.into()) }).unwrap();
        assert_eq!(a.due_date.as_deref(), Some(stored), "{typed}");
        let done = actions::complete(&mut store, a.id, Some(typed)).unwrap();
        assert_eq!(done.done_on.as_deref(), Some(stored), "{typed}");
    }
    // Unreadable: refused at its field, with what to change; nothing added.
    let err = actions::add(&mut store, item, &ActionInput { description: "x".into(), owner_id: team.ot, due_date: Some("12/15/2026".into()) }).unwrap_err();
    let payload = ErrorPayload::from(&err);
    assert_eq!(payload.field.as_deref(), Some("dueDate"));
    assert_eq!(payload.message, "'12/15/2026' is not a date we can read. There is no month 15: write the day first, e.g. 15/12/2026.");
    let filter = ActionFilter { agenda_item_id: Some(item), ..Default::default() };
    assert_eq!(actions::list(store.conn(), &filter).unwrap().len(), 4);
}

#[test]
fn a_case_records_actions_are_listed_by_its_agenda_item() {
    let (mut store, team, m, item) = setup();
    let other = agenda::add_case(&mut store, m, &case("CD-0202", team.splw, 10)).unwrap();
    let add = |store: &mut Store, item: i64, what: &str| {
        actions::add(store, item, &ActionInput { description: what.into(), owner_id: team.ot, due_date: None }).unwrap()
    };
    add(&mut store, item, "Joint visit");
    add(&mut store, other, "Befriending referral");
    add(&mut store, item, "Falls clinic referral");
    let listed: Vec<String> = actions::list(store.conn(), &ActionFilter { agenda_item_id: Some(item), ..Default::default() })
        .unwrap()
        .into_iter()
        .map(|a| a.description)
        .collect();
    assert_eq!(listed, ["Joint visit", "Falls clinic referral"]);
}

#[test]
fn a_part_that_cannot_be_stored_keeps_its_saved_value_and_the_rest_is_saved() {
    let (mut store, team, _m, item) = setup();
    discussions::save(&mut store, item, 0, &DiscussionRecord { next_review_date: Some("2026-12-01".into()), ..Default::default() }).unwrap();
    let typed = DiscussionRecord {
        situation: "Two falls; lives alone".into(),
        needs: vec![Need::Functional],
        // Typed as people write dates, but impossible.
        next_review_date: Some("31/11/2026".into()),
        // Half-way through adding a lead: the aspect typed, nobody chosen yet.
        leads: vec![Lead { aspect: "Falls prevention".into(), member_id: None, role_key: None }],
        decision: "OT home visit".into(),
        decision_owner_id: Some(team.ot),
        ..Default::default()
    };
    let receipt = discussions::save(&mut store, item, 1, &typed).unwrap();
    assert_eq!(receipt.version, 2);
    let problems: Vec<(RecordField, &str)> = receipt.not_saved.iter().map(|p| (p.field, p.message.as_str())).collect();
    assert_eq!(
        problems,
        [
            (RecordField::Leads, "Name a member or a role to lead on 'Falls prevention'."),
            (RecordField::NextReviewDate, "'31/11/2026' is not a date we can read. November 2026 has no day 31."),
        ]
    );
    let saved = discussions::get(store.conn(), item).unwrap().unwrap();
    assert_eq!(saved, receipt.saved);
    assert_eq!(saved.situation, "Two falls; lives alone");
    assert_eq!(saved.decision, "OT home visit");
    assert_eq!(saved.decision_owner_id, Some(team.ot));
    assert_eq!(saved.needs, [Need::Functional]);
    assert_eq!(saved.next_review_date.as_deref(), Some("2026-12-01"), "the date saved before is kept");
    assert!(saved.leads.is_empty());

    // Once the person fixes them, they save too.
    let fixed = DiscussionRecord {
        next_review_date: Some("30/11/2026".into()),
        leads: vec![Lead { aspect: "Falls prevention".into(), member_id: Some(team.ot), role_key: None }],
        ..typed
    };
    let receipt = discussions::save(&mut store, item, 2, &fixed).unwrap();
    assert!(receipt.not_saved.is_empty());
    assert_eq!(receipt.saved.next_review_date.as_deref(), Some("2026-11-30"));
    assert_eq!(receipt.saved.leads.len(), 1);
}

#[test]
fn every_part_of_the_record_has_a_field_name() {
    let json = serde_json::to_value(DiscussionRecord::default()).unwrap();
    let mut keys: Vec<String> = json.as_object().unwrap().keys().cloned().collect();
    let mut fields: Vec<String> = RecordField::ALL.iter().map(|f| f.key()).collect();
    keys.sort();
    fields.sort();
    assert_eq!(keys, fields);
    assert_eq!(RecordField::DoneSoFar.key(), "doneSoFar");
}

#[test]
fn an_empty_lead_row_is_left_out_but_a_lead_with_someone_and_no_aspect_is_not_saved() {
    let (mut store, team, _m, item) = setup();
    let lead = |aspect: &str, member_id: Option<i64>, role_key: Option<&str>| Lead { aspect: aspect.into(), member_id, role_key: role_key.map(Into::into) };
    // A row added and left blank is nothing to save, and no problem.
    let blank = DiscussionRecord { leads: vec![lead("  ", None, None)], situation: "x".into(), ..Default::default() };
    let receipt = discussions::save(&mut store, item, 0, &blank).unwrap();
    assert!(receipt.not_saved.is_empty());
    assert!(receipt.saved.leads.is_empty());
    // A role or a member chosen with no aspect is a lead half-written: kept on screen, reported.
    let mut version = receipt.version;
    for (n, half) in [lead("", None, Some("splw")), lead(" ", Some(team.ot), None)].into_iter().enumerate() {
        let typed = DiscussionRecord { leads: vec![half], situation: format!("y{n}"), ..Default::default() };
        let receipt = discussions::save(&mut store, item, version, &typed).unwrap();
        version = receipt.version;
        let problems: Vec<(RecordField, &str)> = receipt.not_saved.iter().map(|p| (p.field, p.message.as_str())).collect();
        assert_eq!(problems, [(RecordField::Leads, "Say which aspect of support each lead covers (e.g. functional assessment).")]);
        assert_eq!(receipt.saved.situation, format!("y{n}"), "the rest saved");
        assert!(receipt.saved.leads.is_empty());
    }
}
