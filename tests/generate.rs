//! The generated large dataset: read back through the normal core API, sound, deterministic,
//! and refused on a database that already has a team.

mod support;

use chrono::NaiveDate;
use mdt::actions::{self, ActionFilter, ActionStatus};
use mdt::agenda::{AgendaKind, Outcome};
use mdt::sample::generate::{self, GenerateOptions, GenerateReport};
use mdt::meetings::{self, MeetingStatus};
use mdt::{ErrorCode, Store, dates, members, search};
use predicates::prelude::*;
use support::mdt;

fn options(years: u32, seed: u64, end: NaiveDate) -> GenerateOptions {
    GenerateOptions { years, seed, end, force: false }
}

fn generated(opts: &GenerateOptions) -> (Store, GenerateReport) {
    let mut store = Store::open_in_memory().unwrap();
    let mut calls = 0;
    let report = generate::generate(&mut store, opts, &mut |done, total| {
        calls += 1;
        assert!(done <= total);
    })
    .unwrap();
    assert_eq!(calls, report.meetings, "progress after every meeting");
    (store, report)
}

/// Everything the generator wrote, as one string to compare runs with.
fn dump(store: &Store) -> String {
    let conn = store.conn();
    let mut out = String::new();
    for sql in [
        "SELECT group_concat(name || role_key || core_member, '|') FROM (SELECT * FROM team_members ORDER BY id)",
        "SELECT group_concat(starts_at || status || chair_id || planned_minutes, '|') FROM (SELECT * FROM meetings ORDER BY id)",
        "SELECT group_concat(meeting_id || kind || coalesce(case_id, '') || reason || outcome || coalesce(carried_from_id, ''), '|') FROM (SELECT * FROM agenda_items ORDER BY id)",
        "SELECT group_concat(situation || discussion || decision || coalesce(next_review_date, ''), '|') FROM (SELECT * FROM case_discussions ORDER BY agenda_item_id)",
        "SELECT group_concat(description || owner_id || coalesce(due_date, '') || status || coalesce(done_on, ''), '|') FROM (SELECT * FROM agreed_actions ORDER BY id)",
        "SELECT group_concat(member_id || status, '|') FROM (SELECT * FROM attendance ORDER BY meeting_id, member_id)",
    ] {
        out.push_str(&conn.query_row(sql, [], |r| r.get::<_, String>(0)).unwrap());
    }
    out
}

#[test]
fn a_year_of_meetings_reads_back_through_the_core_and_passes_the_check() {
    let today = dates::local_today();
    let (store, report) = generated(&options(1, 7, today));
    let conn = store.conn();
    assert!(store.check().unwrap().is_ok());
    assert_eq!(report.meetings, 53, "52 weeks and the next meeting, planned");
    assert!((2_000..3_000).contains(&report.discussions), "{report:?}");
    assert!((8_000..12_000).contains(&report.actions), "{report:?}");
    assert!(report.open_actions > 0 && report.overdue_actions > 0 && report.overdue_actions < report.open_actions, "{report:?}");

    // Reviews that come back: follow-ups booked, most escalations closed, and a due list that is
    // some of the team's people (some overdue), not everyone ever discussed.
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert!(count("SELECT count(*) FROM care_transitions WHERE follow_up_date IS NOT NULL") > 20);
    let raised = count("SELECT count(*) FROM escalations WHERE route <> '' AND not_needed_reason = ''");
    let closed = count("SELECT count(*) FROM escalation_closures");
    assert!(closed * 10 > raised * 7 && closed < raised, "{closed} of {raised} escalations closed");
    let series = count("SELECT id FROM meeting_series");
    let due = mdt::reviews::due_for_review(conn, series, today).unwrap();
    let overdue = due.iter().filter(|d| d.overdue).count();
    let people = count("SELECT count(*) FROM cases") as usize;
    assert!(!due.is_empty() && overdue > 0 && overdue < due.len() && due.len() * 4 < people, "{} due, {overdue} overdue, of {people}", due.len());

    let list = meetings::list(conn).unwrap();
    assert_eq!(list.len(), 53);
    assert_eq!(list.iter().filter(|m| m.status == MeetingStatus::InProgress).count(), 1);
    assert_eq!(list.iter().filter(|m| m.status == MeetingStatus::Planned).count(), 1);
    assert_eq!(list.iter().map(|m| m.action_count).sum::<i64>() as usize, report.actions);

    // The chair view of the meeting in progress: half its cases discussed, with notes and open actions.
    let live = list.iter().find(|m| m.status == MeetingStatus::InProgress).unwrap();
    let detail = meetings::load(conn, live.id).unwrap();
    let cases: Vec<_> = detail.agenda.iter().filter(|i| i.kind == AgendaKind::Case).collect();
    assert!((40..=60).contains(&cases.len()), "{}", cases.len());
    assert_eq!(detail.agenda[0].kind, AgendaKind::MattersArising);
    let discussed: Vec<_> = cases.iter().filter(|i| i.outcome == Outcome::Discussed).collect();
    assert!(!discussed.is_empty());
    for item in &discussed {
        let record = item.discussion.as_ref().expect("a discussed case has its record");
        assert!(record.discussion.len() > 300, "long notes");
        assert!(!record.needs.is_empty() && !record.leads.is_empty());
        assert!(item.actions.iter().all(|a| a.status == ActionStatus::Open));
    }
    assert!(!detail.matters_arising.actions.is_empty(), "open actions from earlier meetings come back");
    assert_eq!(detail.attendance.len(), 14);

    // Open actions: the count the generator reports, each owned by someone still in the team.
    let open = actions::list(conn, &ActionFilter { status: Some(ActionStatus::Open), ..Default::default() }).unwrap();
    assert_eq!(open.len(), report.open_actions);
    assert_eq!(open.iter().filter(|a| a.overdue).count(), report.overdue_actions);
    let team = members::list(conn).unwrap();
    assert!(team.len() > 14, "some turnover even in a year");
    for action in &open {
        assert!(team.iter().any(|m| m.id == action.owner_id && m.core_member), "{} is owned by a leaver", action.id);
    }
    let owner = open[0].owner_id;
    let mine = actions::list(conn, &ActionFilter { owner_id: Some(owner), status: Some(ActionStatus::Open), ..Default::default() }).unwrap();
    assert!(!mine.is_empty() && mine.iter().all(|a| a.owner_id == owner));

    // Cases not reached come back at the next meeting, linked to where they were listed.
    let carried: i64 = conn
        .query_row(
            "SELECT count(*) FROM agenda_items a JOIN agenda_items src ON src.id = a.carried_from_id
             JOIN meetings m ON m.id = a.meeting_id JOIN meetings sm ON sm.id = src.meeting_id
             WHERE src.outcome = 'not_discussed' AND src.case_id = a.case_id AND sm.starts_at < m.starts_at",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let all_carried: i64 =
        conn.query_row("SELECT count(*) FROM agenda_items WHERE carried_from_id IS NOT NULL", [], |r| r.get(0)).unwrap();
    assert!(carried > 0 && carried == all_carried);

    // The search index was filled by the schema's triggers.
    let hits = search::search(conn, "falls").unwrap();
    assert_eq!(hits.len(), 50, "a common word fills the page of results");
    let reference = &discussed[0].case_reference.clone().unwrap();
    assert!(search::search(conn, reference).unwrap().iter().any(|h| &h.reference == reference));

    // The audit log says what the app would have: minutes finalised with their snapshot.
    let finalised: i64 =
        conn.query_row("SELECT count(*) FROM audit_log WHERE entity = 'meeting' AND action = 'finalise'", [], |r| r.get(0)).unwrap();
    assert_eq!(finalised, 51);
}

#[test]
fn the_same_seed_and_end_give_the_same_data_and_another_seed_does_not() {
    let end = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
    let (a, report) = generated(&options(1, 42, end));
    let (b, _) = generated(&options(1, 42, end));
    assert_eq!(dump(&a), dump(&b));
    assert_eq!(report.last_meeting, "2026-03-03", "the Tuesday on or before the end");
    let (c, _) = generated(&options(1, 43, end));
    assert_ne!(dump(&a), dump(&c));
}

#[test]
fn a_database_with_a_team_is_refused_unless_forced_and_never_twice() {
    let end = dates::local_today();
    let mut store = Store::open_in_memory().unwrap();
    mdt::sample::demo::load(&mut store, end, false).unwrap();
    let err = generate::generate(&mut store, &options(1, 1, end), &mut |_, _| {}).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(err.to_string().contains("--force"), "{err}");
    let before = meetings::list(store.conn()).unwrap().len();
    assert_eq!(before, 4, "nothing was added");

    let forced = GenerateOptions { force: true, ..options(1, 1, end) };
    generate::generate(&mut store, &forced, &mut |_, _| {}).unwrap();
    assert_eq!(meetings::list(store.conn()).unwrap().len(), 4 + 53);
    assert!(store.check().unwrap().is_ok());
    let again = generate::generate(&mut store, &forced, &mut |_, _| {}).unwrap_err();
    assert!(again.to_string().contains("already in this database"), "{again}");

    let err = generate::generate(&mut Store::open_in_memory().unwrap(), &options(0, 1, end), &mut |_, _| {}).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Invalid);
}

#[test]
fn the_cli_prints_one_summary_line_when_piped_and_refuses_a_team_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("big.sqlite3");
    mdt(&db)
        .args(["generate", "--years", "1", "--seed", "3", "--end", "2026-03-03"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Generated the fictional team").and(predicate::str::contains("53 meetings (weekly from 2025-03-11 to 2026-03-03")))
        .stderr(predicate::str::is_empty());
    mdt(&db).arg("check").assert().success();
    mdt(&db)
        .args(["generate", "--years", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already in this database"));

    let other = dir.path().join("team.sqlite3");
    mdt(&other).args(["members", "add", "--name", "Real Colleague", "--role", "gp"]).assert().success();
    mdt(&other).args(["generate", "--years", "1"]).assert().code(2).stderr(predicate::str::contains("--force"));
    mdt(&other).args(["generate", "--years", "1", "--end", "31/03/2026", "--force"]).assert().code(2).stderr(predicate::str::contains("not a date"));

    // A backup of it, piped: no progress bar, just the line saying where it went.
    let copy = dir.path().join("copy.sqlite3");
    mdt(&db).arg("backup").arg(&copy).assert().success().stderr(predicate::str::is_empty());
    mdt(&copy).arg("check").assert().success();
}

#[test]
fn the_generated_directory_reads_back_through_the_core_with_some_entries_due_a_check() {
    let end = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let (store, report) = generated(&options(2, 11, end));
    let entries = mdt::directory::list(store.conn(), &Default::default(), end).unwrap();
    assert_eq!((entries.len(), report.directory_entries), (18, 18));
    let due = entries.iter().filter(|e| e.check_due).count();
    assert_eq!(due, report.directory_due);
    assert!(due > 0 && due < entries.len(), "some due a check, not all: {due}");
    assert!(entries.iter().all(|e| e.contact.is_empty() || e.contact.contains("01632 960") || e.contact.contains("example.org")), "fictional contacts only");
    // Each is audited as created, and the services referred to by name are in it.
    let audited: i64 = store.conn().query_row("SELECT count(*) FROM audit_log WHERE entity = 'directory_entry' AND action = 'create'", [], |r| r.get(0)).unwrap();
    assert_eq!(audited, 18);
    assert!(entries.iter().any(|e| e.name == "Northgate Men's Shed"));
    // The whole directory survives a CSV round trip.
    let csv = mdt::directory_csv::to_csv(store.conn(), end).unwrap();
    let mut other = Store::open_in_memory().unwrap();
    let imported = mdt::directory_csv::import(&mut other, &csv, end).unwrap();
    assert_eq!(imported.added, 18);
    assert_eq!(mdt::directory_csv::to_csv(other.conn(), end).unwrap(), csv);
}

#[test]
fn the_generated_supervision_reads_back_through_the_core() {
    let end = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let (store, report) = generated(&options(2, 11, end));
    // Two SPLW posts, about every four weeks for two years, a month missed now and then.
    assert!((35..=55).contains(&report.supervision_sessions), "{report:?}");
    let counted: i64 = store.conn().query_row("SELECT count(*) FROM supervision_sessions", [], |r| r.get(0)).unwrap();
    assert_eq!(counted as usize, report.supervision_sessions);
    let audited: i64 = store.conn().query_row("SELECT count(*) FROM audit_log WHERE entity = 'supervision_session'", [], |r| r.get(0)).unwrap();
    assert_eq!(audited, counted);
    // Every supervisor is a clinician, never the person themselves.
    let odd: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM supervision_sessions s JOIN team_members m ON m.id = s.supervisor_id JOIN roles r ON r.key = m.role_key
             WHERE r.clinical = 0 OR s.supervisor_id = s.supervisee_id",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(odd, 0);
    // The SPLWs in post at the end have a supervisor, and the status the roster shows agrees with the report.
    let status = mdt::supervision::status(store.conn(), end).unwrap();
    let with_arrangement: Vec<_> = status.iter().filter(|s| s.arrangement.is_some()).collect();
    assert_eq!(with_arrangement.len(), 2);
    // Only the two in post are listed: SPLWs who left the team over the years are not warned about.
    assert_eq!(status.len(), 2, "{status:?}");
    let (splws, left): (i64, i64) = store
        .conn()
        .query_row("SELECT count(*), count(left_on) FROM team_members WHERE role_key = 'splw'", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(splws - left, 2);
    let leavers: i64 = store.conn().query_row("SELECT count(left_on) FROM team_members", [], |r| r.get(0)).unwrap();
    assert!(leavers > 0, "over the years some members left");
    // Everyone who left did so on a meeting's day, audited then, and nobody who left is expected
    // at a meeting after that day.
    let unaudited: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM team_members m WHERE m.left_on IS NOT NULL AND NOT EXISTS (
                 SELECT 1 FROM audit_log a WHERE a.entity = 'team_member' AND a.entity_id = m.id AND a.action = 'update'
                   AND substr(a.at, 1, 10) = m.left_on AND json_extract(a.after, '$.leftOn') = m.left_on)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unaudited, 0);
    let expected_after_leaving: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM attendance a JOIN team_members m ON m.id = a.member_id JOIN meetings g ON g.id = a.meeting_id
             WHERE a.expected AND m.left_on IS NOT NULL AND substr(g.starts_at, 1, 10) >= m.left_on",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(expected_after_leaving, 0);
    assert_eq!(with_arrangement.iter().filter(|s| s.overdue).count(), report.supervision_overdue);
    assert!(with_arrangement.iter().all(|s| s.last_session.is_some()));
}

#[test]
fn the_generated_outcome_scores_read_back_through_the_core_with_change_over_time() {
    let end = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let (store, report) = generated(&options(2, 11, end));
    assert!(report.outcome_people > 5 && report.outcome_sittings > report.outcome_people, "{report:?}");
    let counted: i64 = store.conn().query_row("SELECT count(*) FROM outcome_scores", [], |r| r.get(0)).unwrap();
    assert_eq!(counted as usize, report.outcome_sittings);
    let audited: i64 = store.conn().query_row("SELECT count(*) FROM audit_log WHERE entity = 'outcome_score' AND action = 'create'", [], |r| r.get(0)).unwrap();
    assert_eq!(audited, counted);
    // Every answer is on the scale; a few are left unanswered, as people do.
    let (off_scale, unanswered): (i64, i64) = store
        .conn()
        .query_row("SELECT sum(value < 0 OR value > 10), sum(value IS NULL) FROM outcome_score_values", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(off_scale, 0);
    assert!(unanswered > 0);
    // Read back person by person: sittings months apart, each at one of their discussions, and a
    // change in words for everyone scored more than once.
    let people: Vec<i64> = store.conn().prepare("SELECT DISTINCT case_id FROM outcome_scores").unwrap().query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
    assert_eq!(people.len(), report.outcome_people);
    let mut with_change = 0;
    for case_id in people {
        let histories = mdt::outcomes::for_person(store.conn(), case_id).unwrap();
        assert_eq!(histories.len(), 1);
        let days: Vec<NaiveDate> = histories[0].sittings.iter().map(|s| NaiveDate::parse_from_str(&s.taken_on, "%Y-%m-%d").unwrap()).collect();
        assert!(days.windows(2).all(|w| (w[1] - w[0]).num_days() >= 84), "{days:?}");
        assert!(histories[0].sittings.iter().all(|s| s.agenda_item_id.is_some()));
        with_change += usize::from(!histories[0].changes.is_empty());
    }
    assert!(with_change > 0);
}
