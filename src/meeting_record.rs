//! A meeting's own record: the row in `meetings`, its series, and the guard every change to a
//! meeting's content passes ([`ensure_editable`]). The low half of meetings: agenda, attendance,
//! case records, actions and teach-ins build on it. Planning, running, finalising and amending a
//! meeting as a whole are in [`crate::meetings`], which builds on them.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::AuditAction;
use crate::text_checks::check_line;
use crate::{Error, Result, dates, text_enum};

text_enum!(MeetingStatus {
    Planned => "planned",
    InProgress => "in_progress",
    Finalised => "finalised",
    /// Called off before it started, with a reason ([`Cancellation`]); read from
    /// `meeting_cancellations`, never stored in `meetings.status`.
    Cancelled => "cancelled",
});

/// Why, when and by whom a meeting was cancelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Cancellation {
    pub reason: String,
    /// UTC, RFC 3339.
    pub cancelled_at: String,
    pub cancelled_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Meeting {
    pub id: i64,
    pub series_id: i64,
    pub series_name: String,
    pub title: String,
    /// Local date and time, `YYYY-MM-DDTHH:MM`.
    pub starts_at: String,
    pub planned_minutes: i64,
    pub location: String,
    pub video_link: String,
    pub chair_id: Option<i64>,
    pub chair_name: Option<String>,
    pub minute_taker_id: Option<i64>,
    pub minute_taker_name: Option<String>,
    pub status: MeetingStatus,
    pub finalised_at: Option<String>,
    /// True while finalised minutes are open for an amendment.
    pub amending: bool,
    /// Set while the meeting is cancelled (its status is then [`MeetingStatus::Cancelled`]).
    pub cancellation: Option<Cancellation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingInput {
    /// The team's run of meetings, e.g. "Riverside Neighbourhood MDT"; created if new.
    pub series_name: String,
    pub title: String,
    pub starts_at: String,
    pub planned_minutes: i64,
    pub location: String,
    pub video_link: String,
    pub chair_id: Option<i64>,
    pub minute_taker_id: Option<i64>,
    /// Expected attendees. Left empty on creation, every core member is expected.
    pub attendee_ids: Vec<i64>,
}

/// How a write may touch a meeting's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditMode {
    Draft,
    /// Finalised minutes opened for an amendment: changes are audited as amendments.
    Amending,
}

impl EditMode {
    /// The audit action for a change made in this mode.
    pub fn audit_action(self, draft: AuditAction) -> AuditAction {
        match self {
            EditMode::Draft => draft,
            EditMode::Amending => AuditAction::Amend,
        }
    }
}

/// Refuses changes to finalised minutes unless an amendment (with its reason) is open, and any
/// change to a cancelled meeting.
pub fn ensure_editable(conn: &Connection, meeting_id: i64) -> Result<EditMode> {
    let (status, amending): (MeetingStatus, bool) = conn
        .prepare_cached(&format!("SELECT {STATUS}, open_amendment_id IS NOT NULL FROM meetings m WHERE id = ?1"))?
        .query_row([meeting_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("Meeting #{meeting_id}") })?;
    match (status, amending) {
        (MeetingStatus::Finalised, true) => Ok(EditMode::Amending),
        (MeetingStatus::Finalised, false) => Err(Error::Conflict(
            "These minutes are finalised. To change them, choose \"Amend minutes\" and give a reason; \
             the change and the reason are recorded and printed with the minutes."
                .into(),
        )),
        (MeetingStatus::Cancelled, _) => Err(Error::Conflict(
            "This meeting is cancelled. To change it, choose \"Reinstate meeting\" first.".into(),
        )),
        _ => Ok(EditMode::Draft),
    }
}

/// A meeting's status as the app reads it: cancelled if it has a cancellation, else as stored.
/// For queries over `meetings m`.
pub(crate) const STATUS: &str =
    "CASE WHEN EXISTS (SELECT 1 FROM meeting_cancellations x WHERE x.meeting_id = m.id) THEN 'cancelled' ELSE m.status END";

impl MeetingInput {
    /// A meeting of the series `series_name`, called `title`, starting at `starts_at` (as typed:
    /// `02/03/2026 13:00` or `2026-03-02T13:00`): an hour long, with no place, video link, chair
    /// or minute-taker yet, and the core members expected. Set any other field with `..`:
    /// `MeetingInput { chair_id: Some(gp), ..MeetingInput::new("Riverside MDT", "Riverside MDT", "2026-03-02T13:00") }`.
    pub fn new(series_name: impl Into<String>, title: impl Into<String>, starts_at: impl Into<String>) -> MeetingInput {
        MeetingInput {
            series_name: series_name.into(),
            title: title.into(),
            starts_at: starts_at.into(),
            planned_minutes: 60,
            location: String::new(),
            video_link: String::new(),
            chair_id: None,
            minute_taker_id: None,
            attendee_ids: Vec::new(),
        }
    }

    pub(crate) fn validated(&self, conn: &Connection) -> Result<MeetingInput> {
        let mut input = self.clone();
        input.series_name = input.series_name.trim().to_string();
        input.title = input.title.trim().to_string();
        if input.series_name.is_empty() {
            return Err(Error::invalid("seriesName", "Name the team or meeting series (e.g. Riverside Neighbourhood MDT)."));
        }
        if input.title.is_empty() {
            return Err(Error::invalid("title", "Give the meeting a title."));
        }
        input.starts_at = dates::read_date_time("startsAt", &input.starts_at)?.format(dates::DATE_TIME_FORMAT).to_string();
        if !(5..=600).contains(&input.planned_minutes) {
            return Err(Error::invalid("plannedMinutes", "Plan the meeting for between 5 and 600 minutes."));
        }
        for (field, id) in [("chairId", input.chair_id), ("minuteTakerId", input.minute_taker_id)] {
            if let Some(id) = id {
                crate::members::get(conn, id).map_err(|_| Error::invalid(field, format!("Team member #{id} is not on the roster.")))?;
            }
        }
        input.location = input.location.trim().to_string();
        input.video_link = input.video_link.trim().to_string();
        for (field, label, value) in [
            ("seriesName", "series name", &input.series_name),
            ("title", "title", &input.title),
            ("location", "location", &input.location),
            ("videoLink", "video link", &input.video_link),
        ] {
            check_line(field, label, value)?;
        }
        Ok(input)
    }
}

pub(crate) fn series_id(tx: &Transaction<'_>, name: &str) -> Result<i64> {
    tx.execute("INSERT INTO meeting_series (name) VALUES (?1) ON CONFLICT (name) DO NOTHING", [name])?;
    Ok(tx.query_row("SELECT id FROM meeting_series WHERE name = ?1", [name], |r| r.get(0))?)
}

/// Validates and stores the meeting itself (no attendance, agenda or audit entry); returns its id.
pub(crate) fn insert(tx: &Transaction<'_>, input: &MeetingInput) -> Result<i64> {
    let input = input.validated(tx)?;
    let series = series_id(tx, &input.series_name)?;
    let now = crate::storage::now_utc();
    tx.execute(
        "INSERT INTO meetings (series_id, title, starts_at, planned_minutes, location, video_link, chair_id, minute_taker_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![series, input.title, input.starts_at, input.planned_minutes, input.location, input.video_link, input.chair_id, input.minute_taker_id, now],
    )?;
    Ok(tx.last_insert_rowid())
}

const SELECT: &str = "SELECT m.id, m.series_id, s.name, m.title, m.starts_at, m.planned_minutes, m.location, m.video_link,
        m.chair_id, c.name, m.minute_taker_id, t.name, m.status, m.finalised_at, m.open_amendment_id IS NOT NULL,
        x.reason, x.cancelled_at, x.cancelled_by
    FROM meetings m JOIN meeting_series s ON s.id = m.series_id
    LEFT JOIN team_members c ON c.id = m.chair_id
    LEFT JOIN team_members t ON t.id = m.minute_taker_id
    LEFT JOIN meeting_cancellations x ON x.meeting_id = m.id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Meeting> {
    let cancellation = match r.get::<_, Option<String>>(15)? {
        Some(reason) => Some(Cancellation { reason, cancelled_at: r.get(16)?, cancelled_by: r.get(17)? }),
        None => None,
    };
    Ok(Meeting {
        id: r.get(0)?,
        series_id: r.get(1)?,
        series_name: r.get(2)?,
        title: r.get(3)?,
        starts_at: r.get(4)?,
        planned_minutes: r.get(5)?,
        location: r.get(6)?,
        video_link: r.get(7)?,
        chair_id: r.get(8)?,
        chair_name: r.get(9)?,
        minute_taker_id: r.get(10)?,
        minute_taker_name: r.get(11)?,
        status: if cancellation.is_some() { MeetingStatus::Cancelled } else { r.get(12)? },
        finalised_at: r.get(13)?,
        amending: r.get(14)?,
        cancellation,
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<Meeting> {
    conn.prepare_cached(&format!("{SELECT} WHERE m.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("Meeting #{id}") })
}

/// The meeting an agenda item belongs to.
pub(crate) fn meeting_of_item(conn: &Connection, item_id: i64) -> Result<i64> {
    conn.query_row("SELECT meeting_id FROM agenda_items WHERE id = ?1", [item_id], |r| r.get(0))
        .map_err(|_| Error::NotFound { what: format!("Agenda item #{item_id}") })
}

/// The series' next meeting after this one, if one is planned (and not cancelled).
pub fn next_in_series(conn: &Connection, meeting: &Meeting) -> Result<Option<Meeting>> {
    let id: Option<i64> = conn
        .query_row(
            "SELECT id FROM meetings WHERE series_id = ?1 AND starts_at > ?2
               AND id NOT IN (SELECT meeting_id FROM meeting_cancellations) ORDER BY starts_at LIMIT 1",
            params![meeting.series_id, meeting.starts_at],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|id| get(conn, id)).transpose()
}

/// When the series' meeting before this one started, if there was one (a cancelled one did not
/// meet, so it does not count).
pub fn previous_start(conn: &Connection, meeting: &Meeting) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT starts_at FROM meetings WHERE series_id = ?1 AND starts_at < ?2
               AND id NOT IN (SELECT meeting_id FROM meeting_cancellations) ORDER BY starts_at DESC LIMIT 1",
            params![meeting.series_id, meeting.starts_at],
            |r| r.get(0),
        )
        .optional()?)
}
