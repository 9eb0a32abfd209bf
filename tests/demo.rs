//! The demo team and meetings: loaded through the core API, dated around a given day, complete
//! enough for screenshots, free of anything that looks like a real identifier, and never loaded
//! over a team's own data without being asked.

use chrono::NaiveDate;
use mdt::actions::{self, ActionFilter, ActionStatus, AgreedAction};
use mdt::agenda::{AgendaItem, AgendaKind, Consent, Outcome};
use mdt::attendance::AttendanceStatus;
use mdt::meetings::{self, MeetingDetail, MeetingStatus};
use mdt::members::{self, MemberInput};
use mdt::{ErrorCode, Store, cases, history, sample::demo, roles};

const TODAY: &str = "2026-03-16";

fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

fn loaded() -> (Store, demo::DemoReport) {
    let mut store = Store::open_in_memory().unwrap();
    let report = demo::load(&mut store, today(), false).unwrap();
    (store, report)
}

/// The demo's meetings, oldest first.
fn meetings_in_order(store: &Store) -> Vec<MeetingDetail> {
    let mut list = meetings::list(store.conn()).unwrap();
    list.sort_by(|a, b| a.starts_at.cmp(&b.starts_at));
    list.iter().map(|m| meetings::load(store.conn(), m.id).unwrap()).collect()
}

fn all_actions(store: &Store) -> Vec<AgreedAction> {
    actions::list(store.conn(), &ActionFilter::default()).unwrap()
}

fn cases_of(detail: &MeetingDetail) -> impl Iterator<Item = &AgendaItem> {
    detail.agenda.iter().filter(|i| i.kind == AgendaKind::Case)
}

#[test]
fn an_empty_database_gets_a_team_of_every_role_and_four_meetings_around_today() {
    let mut store = Store::open_in_memory().unwrap();
    assert!(demo::is_empty(store.conn()).unwrap());
    let report = demo::load(&mut store, today(), false).unwrap();
    assert!(!demo::is_empty(store.conn()).unwrap());

    let team = members::list(store.conn()).unwrap();
    assert_eq!(team.len(), report.members);
    assert!((10..=14).contains(&team.len()), "{}", team.len());
    assert!(team.iter().filter(|m| m.core_member).count() * 2 > team.len(), "most are core members");
    for role in roles::list(store.conn()).unwrap().into_iter().filter(|r| r.key != "other") {
        assert!(team.iter().any(|m| m.role_key == role.key), "nobody is a {}", role.key);
    }
    for m in &team {
        assert!(m.email.ends_with(".example") || m.email.ends_with("@example.org"), "{}", m.email);
        assert!(m.phone.starts_with("0113 496 0") || m.phone.starts_with("07700 900"), "{}", m.phone);
    }

    let meetings = meetings_in_order(&store);
    let shape: Vec<_> = meetings.iter().map(|d| (d.meeting.starts_at.as_str(), d.meeting.status)).collect();
    assert_eq!(
        shape,
        [
            ("2026-02-16T13:00", MeetingStatus::Finalised),
            ("2026-03-02T13:00", MeetingStatus::Finalised),
            ("2026-03-16T13:00", MeetingStatus::InProgress),
            ("2026-03-30T13:00", MeetingStatus::Planned),
        ]
    );
    assert!(meetings.iter().all(|d| d.meeting.series_name == demo::SERIES));
    assert_eq!(report.meetings, 4);
    assert_eq!(report.actions, all_actions(&store).len());
    assert!(report.cases >= 8, "{}", report.cases);
    assert!(cases_of(&meetings[3]).count() >= 3, "the planned meeting has its own cases");
}

#[test]
fn the_demo_meetings_are_told_apart_and_say_they_are_the_demo() {
    let mut store = Store::open_in_memory().unwrap();
    let before = demo::status(store.conn()).unwrap();
    assert_eq!(before, demo::DemoStatus { loaded: false, series: demo::SERIES.into(), members: 0 });
    demo::load(&mut store, today(), false).unwrap();
    let titles: Vec<_> = meetings_in_order(&store).into_iter().map(|d| d.meeting.title).collect();
    assert_eq!(titles, demo::TITLES);
    let distinct: std::collections::BTreeSet<_> = titles.iter().collect();
    assert_eq!(distinct.len(), 4, "no two alike");
    assert!(titles.iter().all(|t| t.contains("(demo)")), "{titles:?}");
    assert!(demo::SERIES.contains("(demo)"));
    assert_eq!(demo::status(store.conn()).unwrap(), demo::DemoStatus { loaded: true, series: demo::SERIES.into(), members: 12 });
}

#[test]
fn the_demo_status_counts_only_the_members_the_demo_added() {
    let mut store = Store::open_in_memory().unwrap();
    members::create(&mut store, &MemberInput { name: "Real Colleague".into(), role_key: "gp".into(), ..Default::default() }).unwrap();
    assert!(!demo::status(store.conn()).unwrap().loaded);
    demo::load(&mut store, today(), true).unwrap();
    let status = demo::status(store.conn()).unwrap();
    assert!(status.loaded);
    assert_eq!(status.members, 12, "the real colleague is not demo data");
    assert_eq!(members::list(store.conn()).unwrap().len(), 13);
}

#[test]
fn actions_are_open_overdue_done_and_one_cancelled_with_a_reason() {
    let (store, _) = loaded();
    let actions = all_actions(&store);
    let open = |a: &&AgreedAction| a.status == ActionStatus::Open;
    let overdue = actions.iter().filter(open).filter(|a| a.due_date.as_deref().is_some_and(|d| d < TODAY)).count();
    assert!(overdue >= 2, "{overdue} overdue");
    assert!(actions.iter().filter(open).any(|a| a.due_date.as_deref().is_some_and(|d| d > TODAY)), "some still to come");

    let done: Vec<_> = actions.iter().filter(|a| a.status == ActionStatus::Done).collect();
    assert!(done.len() >= 5);
    for a in done {
        let on = a.done_on.as_deref().unwrap();
        assert!(on <= TODAY && on >= &a.meeting_starts_at[..10], "{} done on {on}", a.description);
    }
    let cancelled: Vec<_> = actions.iter().filter(|a| a.status == ActionStatus::Cancelled).collect();
    assert_eq!(cancelled.len(), 1);
    assert!(cancelled[0].cancel_reason.len() > 20);

    let running = &meetings_in_order(&store)[2];
    assert!(
        running.matters_arising.actions.iter().any(|a| a.due_date.as_deref().is_some_and(|d| d < TODAY)),
        "overdue actions come back as matters arising"
    );
}

#[test]
fn finalised_minutes_are_complete_and_what_was_not_reached_carries_forward() {
    let (store, _) = loaded();
    let meetings = meetings_in_order(&store);
    for detail in &meetings[..2] {
        for item in cases_of(detail).filter(|i| i.outcome == Outcome::Discussed) {
            let label = item.label();
            let record = item.discussion.as_ref().unwrap_or_else(|| panic!("{label} has no record"));
            assert!(!record.needs.is_empty() && !record.leads.is_empty(), "{label}");
            assert!(!record.communication_plan.is_empty() && !record.urgent_contacts.is_empty(), "{label}");
            assert!(!record.decision.is_empty() && record.decision_owner_id.is_some(), "{label}");
            assert!(record.next_review_date.as_deref().is_some_and(|d| d >= &detail.meeting.starts_at[..10]), "{label}");
            let holder = members::get(store.conn(), record.risk_holder_id.unwrap()).unwrap();
            assert!(roles::find(store.conn(), &holder.role_key).unwrap().unwrap().clinical, "{label}: {} holds risk", holder.name);
            assert!((1..=3).contains(&item.actions.len()), "{label}");
        }
        assert!(detail.attendance.iter().any(|a| a.status == AttendanceStatus::Apologies));
    }

    for pair in meetings[..3].windows(2) {
        let skipped: Vec<_> = cases_of(&pair[0]).filter(|i| i.outcome == Outcome::NotDiscussed).map(|i| i.label()).collect();
        assert!(!skipped.is_empty(), "{} left nothing undiscussed", pair[0].meeting.starts_at);
        for label in skipped {
            let carried = cases_of(&pair[1]).find(|i| i.label() == label && i.carried_from.is_some());
            assert!(carried.is_some(), "{label} did not carry forward");
        }
    }
    let transitions: Vec<_> =
        meetings.iter().flat_map(cases_of).filter_map(|i| i.discussion.as_ref()).flat_map(|r| &r.transitions).collect();
    assert!(transitions.iter().any(|t| t.joint_visits == 2 && t.from_role_key == "ot" && t.to_role_key == "splw"));
    assert!(transitions.iter().any(|t| t.to_role_key == "hiu_lead"));
}

#[test]
fn todays_meeting_has_attendance_and_one_item_on_screen() {
    let (store, _) = loaded();
    let running = &meetings_in_order(&store)[2];
    assert!(running.attendance.iter().filter(|a| a.status == AttendanceStatus::Present).count() >= 6);
    assert!(running.attendance.iter().any(|a| a.arrived_at.is_some()), "someone came late");
    assert!(cases_of(running).filter(|i| i.outcome == Outcome::Discussed).count() >= 2);
    let on_screen: Vec<_> = cases_of(running).filter(|i| i.outcome == Outcome::Pending && i.seconds_used > 0).collect();
    assert_eq!(on_screen.len(), 1);
    let record = on_screen[0].discussion.as_ref().unwrap();
    assert!(!record.situation.is_empty() && record.decision.is_empty(), "being minuted, not yet decided");
    assert!(cases_of(running).filter(|i| i.outcome == Outcome::Pending && i.seconds_used == 0).count() >= 2);
}

#[test]
fn nobody_who_objected_is_discussed() {
    let (store, _) = loaded();
    let items: Vec<_> = meetings_in_order(&store).into_iter().flat_map(|d| d.agenda).collect();
    let objected: Vec<_> = items.iter().filter(|i| i.consent == Consent::Objected).collect();
    assert!(!objected.is_empty());
    for item in objected {
        assert_ne!(item.outcome, Outcome::Discussed, "{}", item.label());
        assert!(item.discussion.is_none() && item.actions.is_empty(), "{}", item.label());
    }
    assert!(items.iter().filter(|i| i.outcome == Outcome::Discussed).all(|i| i.kind != AgendaKind::Case || i.consent == Consent::Agreed));
}

#[test]
fn people_come_back_across_meetings() {
    let (store, _) = loaded();
    let mut references: Vec<String> =
        meetings_in_order(&store).iter().flat_map(|d| cases_of(d).map(|i| i.label().to_string()).collect::<Vec<_>>()).collect();
    references.sort();
    references.dedup();
    let meetings_per_person: Vec<usize> =
        references.iter().map(|r| history::case(store.conn(), r).unwrap().discussions.len()).collect();
    assert!(meetings_per_person.iter().filter(|n| **n >= 2).count() >= 5, "{meetings_per_person:?}");
    assert!(meetings_per_person.iter().any(|n| *n >= 3), "someone is seen at three meetings");
    for r in &references {
        assert!(r.len() <= 8 && r.contains('-'), "{r} is not initials and a number");
    }
}

#[test]
fn identifiers_are_placeholders_and_nothing_looks_like_an_nhs_number() {
    let (mut store, _) = loaded();
    let with_identifier: Vec<i64> = meetings_in_order(&store)
        .iter()
        .flat_map(|d| cases_of(d).filter(|i| i.has_identifier).filter_map(|i| i.case_id).collect::<Vec<_>>())
        .collect();
    assert!(!with_identifier.is_empty(), "one case shows the reveal feature");
    for case_id in with_identifier {
        let shown = cases::reveal_identifier(&mut store, case_id).unwrap();
        assert!(shown.nhs_number.is_empty() && shown.other_identifier.starts_with("DEMO-"), "{shown:?}");
    }

    let mut scanned = 0;
    for text in every_text_value(&store) {
        scanned += 1;
        for run in ten_digit_runs(&text) {
            assert!(!cases::nhs_number_is_valid(&run), "{run} in {text:?} passes the NHS number check");
        }
    }
    assert!(scanned > 500, "only {scanned} values scanned");
}

/// Every text value in every table, the audit log and search index included.
fn every_text_value(store: &Store) -> Vec<String> {
    let conn = store.conn();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut values = Vec::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..columns {
                if let rusqlite::types::ValueRef::Text(t) = row.get_ref(i).unwrap() {
                    values.push(String::from_utf8_lossy(t).into_owned());
                }
            }
        }
    }
    values
}

/// Ten digits in a row, or ten digits in groups split by spaces or hyphens ("943 476 5919").
fn ten_digit_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    for grouped in text.split(|c: char| !(c.is_ascii_digit() || c == ' ' || c == '-')) {
        runs.push(grouped.chars().filter(char::is_ascii_digit).collect::<String>());
        runs.extend(grouped.split(|c: char| !c.is_ascii_digit()).map(String::from));
    }
    runs.retain(|r| r.len() == 10);
    runs
}

#[test]
fn the_scan_would_catch_an_nhs_number_written_either_way() {
    for written in ["ref 943 476 5919.", "ref 943-476-5919.", "ref 9434765919.", "12 9434765919"] {
        assert!(ten_digit_runs(written).contains(&"9434765919".to_string()), "{written}");
    }
    assert!(ten_digit_runs("ring 0113 496 0101 or 07700 900101 on 2026-03-16").is_empty());
}

#[test]
fn a_database_with_data_is_refused_unless_forced_and_the_demo_never_loads_twice() {
    let mut store = Store::open_in_memory().unwrap();
    let real = members::create(&mut store, &MemberInput { name: "Real Colleague".into(), role_key: "gp".into(), ..Default::default() }).unwrap();

    let err = demo::load(&mut store, today(), false).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(err.to_string().contains("already has team members or meetings") && err.to_string().contains("--force"), "{err}");
    assert_eq!(members::list(store.conn()).unwrap().len(), 1, "nothing added");
    assert!(meetings::list(store.conn()).unwrap().is_empty());

    let actor = store.actor().unwrap();
    let report = demo::load(&mut store, today(), true).unwrap();
    assert_eq!(store.actor().unwrap(), actor, "the user's name is back for their own changes");
    assert_eq!(members::list(store.conn()).unwrap().len(), report.members + 1);
    assert_eq!(members::get(store.conn(), real.id).unwrap(), real, "the real member is untouched");
    let demo_names: Vec<_> = members::list(store.conn()).unwrap().into_iter().filter(|m| m.id != real.id).map(|m| m.name).collect();
    assert!(!demo_names.contains(&real.name));

    let again = demo::load(&mut store, today(), true).unwrap_err();
    assert_eq!(again.code(), ErrorCode::Conflict);
    assert!(again.to_string().contains("already in this database"), "{again}");
    assert_eq!(meetings::list(store.conn()).unwrap().len(), 4);
}

#[test]
fn a_load_that_stops_part_way_says_so() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .conn()
        .execute_batch("CREATE TRIGGER no_meetings BEFORE INSERT ON meetings BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;")
        .unwrap();
    let err = demo::load(&mut store, today(), false).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("stopped part-way") && message.contains("simulated failure"), "{message}");
    assert!(message.contains("new, empty database"), "{message}");
    assert!(!members::list(store.conn()).unwrap().is_empty(), "each core call commits on its own: the team stays");
}

#[test]
fn the_demo_splw_is_supervised_by_the_gp_and_up_to_date() {
    let (store, _) = loaded();
    let status = mdt::supervision::status(store.conn(), today()).unwrap();
    assert_eq!(status.len(), 1, "the demo has one SPLW");
    let s = &status[0];
    assert_eq!(s.member_name, "Tomasz Sampleby");
    assert_eq!(s.arrangement.as_ref().map(|a| a.supervisor_name.as_str()), Some("Dr Amara Testwell"));
    assert_eq!(s.last_session.as_deref(), Some("2026-02-23"), "three weeks before the demo's day");
    assert!(!s.overdue, "{}", s.words);
    let sessions = mdt::supervision::sessions(store.conn(), s.member_id).unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].format, mdt::supervision::SessionFormat::OneToOne);
}
