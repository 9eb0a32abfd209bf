//! Who came to a meeting: present, apologies or absent, arrivals and early departures, warnings
//! when the roles a safe discussion needs are missing, and each member's recent record.

use rusqlite::{Connection, Transaction, params};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;

use crate::audit::{self, AuditAction, AuditEntity, Change};
use crate::meeting_record::{Meeting, ensure_editable};
use crate::{Error, Result, Store, text_enum};

/// How many earlier meetings of the series the attendance record looks back over.
const RECENT_MEETINGS: i64 = 6;

text_enum!(AttendanceStatus {
    Unknown => "unknown",
    Present => "present",
    Apologies => "apologies",
    Absent => "absent",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Attendance {
    pub member_id: i64,
    pub member_name: String,
    pub role_key: String,
    pub role_name: String,
    pub clinical: bool,
    pub core_member: bool,
    pub expected: bool,
    pub status: AttendanceStatus,
    /// `HH:MM`, when the member arrived late.
    pub arrived_at: Option<String>,
    /// `HH:MM`, when the member left early.
    pub left_at: Option<String>,
    /// Of the series' last few meetings before this one, how many the member was present at.
    pub recent_present: i64,
    pub recent_meetings: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AttendanceInput {
    pub status: AttendanceStatus,
    pub arrived_at: Option<String>,
    pub left_at: Option<String>,
}

/// Makes sure each of `member_ids` has an attendance line (expected) for the meeting.
pub(crate) fn expect(tx: &Transaction<'_>, meeting_id: i64, member_ids: &[i64]) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO attendance (meeting_id, member_id, expected) VALUES (?1, ?2, 1)
         ON CONFLICT (meeting_id, member_id) DO UPDATE SET expected = 1",
    )?;
    for id in member_ids {
        crate::members::get(tx, *id).map_err(|_| Error::invalid("attendeeIds", format!("Team member #{id} is not on the roster.")))?;
        stmt.execute(params![meeting_id, id])?;
    }
    Ok(())
}

fn clock(field: &'static str, text: Option<&str>) -> Result<Option<String>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => chrono::NaiveTime::parse_from_str(t, "%H:%M")
            .map(|time| Some(time.format("%H:%M").to_string()))
            .map_err(|_| Error::invalid(field, format!("{} is not a time. Use the 24-hour form, e.g. 13:45.", crate::text_checks::quoted(t)))),
    }
}

/// Records a member's attendance (adding them if they were not expected).
#[instrument(skip(store, input), err)]
pub fn set(store: &mut Store, meeting_id: i64, member_id: i64, input: &AttendanceInput) -> Result<()> {
    store.write(|tx, actor| {
        let mode = ensure_editable(tx, meeting_id)?;
        let member = crate::members::get(tx, member_id)?;
        let before = line(tx, meeting_id, member_id, &member.name)?;
        record(tx, meeting_id, member_id, input)?;
        let after = line(tx, meeting_id, member_id, &member.name)?;
        if after != before {
            // One entry per change to one member's line, under the meeting.
            let action = mode.audit_action(AuditAction::Update);
            audit::record(tx, actor, Change { entity: AuditEntity::Attendance, entity_id: meeting_id, action, before: before.as_ref(), after: after.as_ref() })?;
        }
        Ok(())
    })
}

/// One member's attendance as the audit log keeps it.
#[derive(Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct AttendanceLine {
    member: String,
    expected: bool,
    status: AttendanceStatus,
    arrived_at: Option<String>,
    left_at: Option<String>,
}

fn line(conn: &Connection, meeting_id: i64, member_id: i64, member: &str) -> Result<Option<AttendanceLine>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached(
            "SELECT expected, status, arrived_at, left_at FROM attendance WHERE meeting_id = ?1 AND member_id = ?2",
        )?
        .query_row(params![meeting_id, member_id], |r| {
            Ok(AttendanceLine { member: member.to_string(), expected: r.get(0)?, status: r.get(1)?, arrived_at: r.get(2)?, left_at: r.get(3)? })
        })
        .optional()?)
}

/// Checks and stores one member's attendance; a member not yet listed is added as not expected.
pub(crate) fn record(tx: &Transaction<'_>, meeting_id: i64, member_id: i64, input: &AttendanceInput) -> Result<()> {
    let arrived = clock("arrivedAt", input.arrived_at.as_deref())?;
    let left = clock("leftAt", input.left_at.as_deref())?;
    if input.status != AttendanceStatus::Present && (arrived.is_some() || left.is_some()) {
        return Err(Error::invalid("status", "Arrival and leaving times only apply to members who were present."));
    }
    tx.execute(
        "INSERT INTO attendance (meeting_id, member_id, expected, status, arrived_at, left_at) VALUES (?1, ?2, 0, ?3, ?4, ?5)
         ON CONFLICT (meeting_id, member_id) DO UPDATE SET status = excluded.status,
             arrived_at = excluded.arrived_at, left_at = excluded.left_at",
        params![meeting_id, member_id, input.status, arrived, left],
    )?;
    Ok(())
}

/// The meeting's attendance, expected members first, then by name.
pub fn list(conn: &Connection, meeting: &Meeting) -> Result<Vec<Attendance>> {
    let mut stmt = conn.prepare_cached(
        "WITH recent AS (
             SELECT id FROM meetings WHERE series_id = ?2 AND starts_at < ?3
                 AND id NOT IN (SELECT meeting_id FROM meeting_cancellations) ORDER BY starts_at DESC LIMIT ?4)
         SELECT a.member_id, m.name, m.role_key, r.name, r.clinical, m.core_member, a.expected, a.status, a.arrived_at, a.left_at,
                (SELECT count(*) FROM attendance p WHERE p.member_id = a.member_id AND p.status = 'present'
                     AND p.meeting_id IN (SELECT id FROM recent)),
                (SELECT count(*) FROM recent)
         FROM attendance a JOIN team_members m ON m.id = a.member_id JOIN roles r ON r.key = m.role_key
         WHERE a.meeting_id = ?1
         ORDER BY a.expected DESC, m.name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map(params![meeting.id, meeting.series_id, meeting.starts_at, RECENT_MEETINGS], |r| {
        Ok(Attendance {
            member_id: r.get(0)?,
            member_name: r.get(1)?,
            role_key: r.get(2)?,
            role_name: r.get(3)?,
            clinical: r.get(4)?,
            core_member: r.get(5)?,
            expected: r.get(6)?,
            status: r.get(7)?,
            arrived_at: r.get(8)?,
            left_at: r.get(9)?,
            recent_present: r.get(10)?,
            recent_meetings: r.get(11)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Plain-words warnings once attendance is being taken: no clinician, no chair or minute-taker,
/// or a core role with nobody present.
pub fn warnings(meeting: &Meeting, attendance: &[Attendance]) -> Vec<String> {
    if attendance.iter().all(|a| a.status == AttendanceStatus::Unknown) {
        return Vec::new();
    }
    let present = |a: &&Attendance| a.status == AttendanceStatus::Present;
    let mut out = Vec::new();
    if !attendance.iter().filter(present).any(|a| a.clinical) {
        out.push("No clinician is marked present: decisions about clinical risk should wait or be checked with a GP.".to_string());
    }
    for (label, id) in [("chair", meeting.chair_id), ("minute-taker", meeting.minute_taker_id)] {
        if let Some(id) = id
            && !attendance.iter().filter(present).any(|a| a.member_id == id)
        {
            out.push(format!("The {label} is not marked present: agree who will stand in."));
        }
    }
    let mut core_roles: Vec<(&str, &str)> =
        attendance.iter().filter(|a| a.core_member).map(|a| (a.role_key.as_str(), a.role_name.as_str())).collect();
    core_roles.sort_unstable();
    core_roles.dedup();
    for (key, name) in core_roles {
        if !attendance.iter().filter(present).any(|a| a.role_key == key) {
            out.push(format!("No {} is present, although the role is a core member of this MDT.", name.to_lowercase()));
        }
    }
    out
}
