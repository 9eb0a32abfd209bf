//! Attendance through the core API: the warnings a chair sees, and attendance counted over
//! recent meetings.

mod support;

use mdt::attendance::{self, AttendanceInput, AttendanceStatus};
use mdt::meetings;
use mdt::ErrorCode;
use support::*;

#[test]
fn attendance_warns_when_no_clinician_or_the_chair_is_missing() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    assert!(meetings::load(store.conn(), m.id).unwrap().attendance_warnings.is_empty(), "no warnings before attendance is taken");
    let present = AttendanceInput { status: AttendanceStatus::Present, arrived_at: None, left_at: None };
    attendance::set(&mut store, m.id, team.splw, &present).unwrap();
    attendance::set(&mut store, m.id, team.coordinator, &present).unwrap();
    attendance::set(&mut store, m.id, team.gp, &AttendanceInput { status: AttendanceStatus::Apologies, arrived_at: None, left_at: None }).unwrap();
    let warnings = meetings::load(store.conn(), m.id).unwrap().attendance_warnings.join("\n");
    assert!(warnings.contains("No clinician"), "{warnings}");
    assert!(warnings.contains("The chair is not marked present"), "{warnings}");
    assert!(warnings.contains("No occupational therapist is present"), "{warnings}");

    let late = AttendanceInput { status: AttendanceStatus::Present, arrived_at: Some("13:20".into()), left_at: None };
    attendance::set(&mut store, m.id, team.gp, &late).unwrap();
    attendance::set(&mut store, m.id, team.ot, &present).unwrap();
    let detail = meetings::load(store.conn(), m.id).unwrap();
    assert!(detail.attendance_warnings.is_empty(), "{:?}", detail.attendance_warnings);
    assert_eq!(detail.attendance.iter().find(|a| a.member_id == team.gp).unwrap().arrived_at.as_deref(), Some("13:20"));
    let bad = AttendanceInput { status: AttendanceStatus::Absent, arrived_at: Some("13:20".into()), left_at: None };
    assert_eq!(attendance::set(&mut store, m.id, team.gp, &bad).unwrap_err().code(), ErrorCode::Invalid);
}

#[test]
fn attendance_over_recent_meetings_is_counted() {
    let (mut store, team) = store_with_team();
    let present = AttendanceInput { status: AttendanceStatus::Present, arrived_at: None, left_at: None };
    for day in ["2026-01-05", "2026-01-19", "2026-02-02"] {
        let m = meeting(&mut store, &team, &format!("{day}T13:00"));
        if day != "2026-01-19" {
            attendance::set(&mut store, m.id, team.ot, &present).unwrap();
        }
    }
    let latest = meeting(&mut store, &team, "2026-02-16T13:00");
    let ot = meetings::load(store.conn(), latest.id).unwrap().attendance.into_iter().find(|a| a.member_id == team.ot).unwrap();
    assert_eq!((ot.recent_present, ot.recent_meetings), (2, 3));
}
