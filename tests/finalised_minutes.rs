//! Issue 7: finalised minutes are refused by the database itself, not only by the core API, so a
//! direct change (the sqlite3 shell, another program, a bug that skips `ensure_editable`) fails too.
//! Only an amendment with a recorded reason opens them; following up their actions stays possible.

mod support;

use mdt::actions::{self, ActionInput};
use mdt::agenda::{self, Outcome};
use mdt::attendance::{self, AttendanceInput, AttendanceStatus};
use mdt::discussions::{DiscussionRecord, Lead, Need};
use mdt::meetings::{self, MeetingStatus};
use mdt::{ErrorCode, Store};
use rusqlite::Connection;
use support::*;

struct Finalised {
    store: Store,
    meeting: i64,
    item: i64,
    action: i64,
    gp: i64,
}

fn finalised_meeting() -> Finalised {
    let mut store = Store::open_in_memory().unwrap();
    let team = team(&mut store);
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-1", team.ot);
    let record = DiscussionRecord {
        situation: "Lives alone after a fall".into(),
        needs: vec![Need::Functional, Need::SocialIsolation],
        leads: vec![Lead { aspect: "Home assessment".into(), member_id: Some(team.ot), role_key: None }],
        // An SPLW holding clinical risk: a flag the chair finalises past, kept in guidance_overrides.
        risk_holder_id: Some(team.splw),
        decision: "OT to assess at home".into(),
        ..Default::default()
    };
    save_record(&mut store, item, &record).unwrap();
    let input = ActionInput { description: "Book a home visit".into(), owner_id: team.ot, due_date: Some("2026-03-09".into()) };
    let action = actions::add(&mut store, item, &input).unwrap().id;
    attendance::set(&mut store, m.id, team.gp, &AttendanceInput { status: AttendanceStatus::Present, arrived_at: None, left_at: None }).unwrap();
    agenda::set_outcome(&mut store, item, Outcome::Discussed, 540).unwrap();
    meetings::finalise(&mut store, m.id).unwrap();
    // Amended once already, so the reasons for amendments are there to protect too.
    meetings::begin_amendment(&mut store, m.id, "Attendance corrected").unwrap();
    meetings::finish_amendment(&mut store, m.id).unwrap();
    Finalised { store, meeting: m.id, item, action, gp: team.gp }
}

/// Every table's rows, as text, to prove a refused statement changed nothing.
fn snapshot(conn: &Connection) -> Vec<String> {
    let tables = [
        "meetings", "agenda_items", "attendance", "case_discussions", "discussion_needs", "discussion_leads",
        "escalations", "care_transitions", "agenda_item_professionals", "guidance_overrides", "agreed_actions",
        "minute_amendments",
    ];
    tables
        .iter()
        .flat_map(|t| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM {t} ORDER BY rowid")).unwrap();
            let columns = stmt.column_count();
            stmt.query_map([], |r| {
                let values: Vec<String> = (0..columns).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect();
                Ok(format!("{t}: {}", values.join(" | ")))
            })
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap()
        })
        .collect()
}

fn direct_changes(f: &Finalised) -> Vec<String> {
    let (m, item, action, gp) = (f.meeting, f.item, f.action, f.gp);
    vec![
        format!("UPDATE meetings SET title = 'Rewritten' WHERE id = {m}"),
        format!("UPDATE meetings SET status = 'in_progress' WHERE id = {m}"),
        format!("UPDATE meetings SET finalised_at = NULL WHERE id = {m}"),
        format!("UPDATE meetings SET chair_id = NULL WHERE id = {m}"),
        format!("UPDATE meetings SET open_amendment_id = 999 WHERE id = {m}"),
        format!("DELETE FROM meetings WHERE id = {m}"),
        format!("UPDATE agenda_items SET reason = 'Changed afterwards' WHERE id = {item}"),
        format!("UPDATE agenda_items SET outcome = 'not_discussed' WHERE id = {item}"),
        format!("DELETE FROM agenda_items WHERE id = {item}"),
        format!("INSERT INTO agenda_items (meeting_id, position, kind, title) VALUES ({m}, 9, 'other', 'Slipped in')"),
        format!("UPDATE case_discussions SET decision = 'Something else' WHERE agenda_item_id = {item}"),
        format!("UPDATE case_discussions SET risk_holder_id = {gp} WHERE agenda_item_id = {item}"),
        format!("DELETE FROM case_discussions WHERE agenda_item_id = {item}"),
        format!("DELETE FROM discussion_needs WHERE agenda_item_id = {item}"),
        format!("INSERT INTO discussion_needs (agenda_item_id, need) VALUES ({item}, 'housing')"),
        format!("UPDATE discussion_leads SET aspect = 'Everything' WHERE agenda_item_id = {item}"),
        format!("DELETE FROM discussion_leads WHERE agenda_item_id = {item}"),
        format!("INSERT INTO escalations (agenda_item_id, trigger, route) VALUES ({item}, 'safeguarding', 'x')"),
        format!("DELETE FROM guidance_overrides WHERE agenda_item_id = {item}"),
        format!("UPDATE attendance SET status = 'absent' WHERE meeting_id = {m} AND member_id = {gp}"),
        format!("DELETE FROM attendance WHERE meeting_id = {m}"),
        format!("UPDATE agreed_actions SET description = 'Something else' WHERE id = {action}"),
        format!("UPDATE agreed_actions SET owner_id = {gp} WHERE id = {action}"),
        format!("UPDATE agreed_actions SET due_date = '2030-01-01' WHERE id = {action}"),
        format!("DELETE FROM agreed_actions WHERE id = {action}"),
        format!(
            "INSERT INTO agreed_actions (meeting_id, agenda_item_id, description, owner_id, created_at, updated_at)
             VALUES ({m}, {item}, 'Added later', {gp}, '2026-03-03T00:00:00Z', '2026-03-03T00:00:00Z')"
        ),
        format!("UPDATE minute_amendments SET reason = 'No reason' WHERE meeting_id = {m}"),
        format!("DELETE FROM minute_amendments WHERE meeting_id = {m}"),
    ]
}

#[test]
fn direct_sql_changes_to_finalised_minutes_are_refused_and_change_nothing() {
    let f = finalised_meeting();
    let conn = f.store.conn();
    assert!(conn.query_row("SELECT count(*) FROM guidance_overrides", [], |r| r.get::<_, i64>(0)).unwrap() > 0, "finalising kept flags");
    let before = snapshot(conn);
    let changes = direct_changes(&f);
    assert!(changes.len() >= 25);
    for sql in &changes {
        let err = conn.execute(sql, []).expect_err(sql);
        let err = mdt::Error::from(err);
        let statement = sql.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
        // Refused by the rule, in words a person can act on, not by some other constraint.
        assert_eq!(err.code(), ErrorCode::Conflict, "{statement}: {err}");
        assert!(err.to_string().contains("finalised") || err.to_string().contains("kept as written"), "{statement}: {err}");
        assert_eq!(snapshot(conn), before, "{statement} changed something");
    }
}

#[test]
fn following_up_actions_of_finalised_minutes_still_works_directly_and_through_the_core() {
    let mut f = finalised_meeting();
    let done = actions::complete(&mut f.store, f.action, Some("2026-03-05")).unwrap();
    assert_eq!(done.done_on.as_deref(), Some("2026-03-05"));
    actions::reopen(&mut f.store, f.action).unwrap();
    f.store
        .conn()
        .execute("UPDATE agreed_actions SET status = 'cancelled', cancel_reason = 'Moved away' WHERE id = ?1", [f.action])
        .unwrap();
}

#[test]
fn an_amendment_with_a_reason_opens_the_minutes_and_closing_it_locks_them_again() {
    let mut f = finalised_meeting();
    let conn = f.store.conn();
    // Opening an amendment by hand needs a recorded reason for this meeting.
    assert!(conn.execute("UPDATE meetings SET open_amendment_id = 12345 WHERE id = ?1", [f.meeting]).is_err());
    meetings::begin_amendment(&mut f.store, f.meeting, "Decision minuted wrongly").unwrap();
    let edit = "UPDATE case_discussions SET decision = 'OT and SPLW joint visit' WHERE agenda_item_id = ?1";
    f.store.conn().execute(edit, [f.item]).unwrap();
    // Even while amending, the minutes stay finalised and keep their time.
    assert!(f.store.conn().execute("UPDATE meetings SET status = 'planned' WHERE id = ?1", [f.meeting]).is_err());
    meetings::finish_amendment(&mut f.store, f.meeting).unwrap();
    assert_eq!(mdt::Error::from(f.store.conn().execute(edit, [f.item]).unwrap_err()).code(), ErrorCode::Conflict);
    let m = meetings::get(f.store.conn(), f.meeting).unwrap();
    assert_eq!(m.status, MeetingStatus::Finalised);
    assert!(!m.amending);
}
