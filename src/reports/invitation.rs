//! A meeting's calendar invitation: an iCalendar file (RFC 5545) that Outlook, Teams and other
//! calendars import. The file is written by the `icalendar` crate (escaping, line folding,
//! parameters), not by hand.
//!
//! - Times are the meeting's UK wall-clock times with `TZID=Europe/London`, and the file carries
//!   that zone's definition (`VTIMEZONE`), so a calendar anywhere puts the meeting at the right
//!   moment on either side of the clocks changing. The end is worked out in real time: a meeting
//!   over the night the clocks change ends an hour later or earlier on the clock (and one that
//!   ends in the hour the clocks pass twice, at its second passing, has its end written in UTC).
//! - The description gives the timed agenda by pseudonymous reference only: no reason, and never
//!   an identifier, since invitations are forwarded.
//! - Attendees are the meeting's expected members who have an e-mail address on the roster; those
//!   who sent apologies are listed as declined. The chair, if they have an e-mail address, is the
//!   organiser, and the file is a request (`METHOD:REQUEST`); without one it is published
//!   (`METHOD:PUBLISH`), since a request needs an organiser.
//! - The same meeting always has the same `UID` (made at its first export and kept in
//!   `calendar_invitations`), and `SEQUENCE` goes up by one each time the invitation's content has
//!   changed since the last export, so a calendar updates the event it already has.
//!
//! - A cancelled meeting's invitation cancels the event: the same `UID`, the next `SEQUENCE`,
//!   `STATUS:CANCELLED` and the reason in the description; `METHOD:CANCEL` when it has an
//!   organiser (as a request does), otherwise published with the title marked "Cancelled". A
//!   meeting whose invitation was never exported has nothing in anyone's calendar to cancel, so
//!   that export is refused. Reinstated, the next export is a request again, with a higher sequence.

use std::path::Path;

use chrono::{DateTime, Duration, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::London;
use icalendar::{Attendee, Calendar, CalendarDateTime, Component, EventLike, EventStatus, PartStat, Property, Role};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::export::{ExportReport, slug};
use super::words::long_date;
use crate::agenda::{AgendaKind, Outcome};
use crate::attendance::AttendanceStatus;
use crate::audit::{self, AuditAction, AuditEntity, Change};
use crate::meetings::{self, MeetingDetail};
use crate::members;
use crate::words::count;
use crate::{Error, Result, Store, dates};

/// The time zone every meeting time is in: the app is for UK teams.
pub const TZID: &str = "Europe/London";

/// Europe/London's rules since 1996 (EU summer time: from 01:00 UTC on the last Sunday of March
/// to 01:00 UTC on the last Sunday of October), as a `VTIMEZONE`. The crate has no time-zone
/// component, and it writes a `DTSTAMP` and a random `UID` into any component it writes (which a
/// `VTIMEZONE` must not have, and which would change the file at every export), so this fixed
/// definition goes into the crate's output as it is, before the event.
const LONDON_VTIMEZONE: &str = "BEGIN:VTIMEZONE\r
TZID:Europe/London\r
X-LIC-LOCATION:Europe/London\r
BEGIN:DAYLIGHT\r
TZNAME:BST\r
TZOFFSETFROM:+0000\r
TZOFFSETTO:+0100\r
DTSTART:19700329T010000\r
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r
END:DAYLIGHT\r
BEGIN:STANDARD\r
TZNAME:GMT\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0000\r
DTSTART:19701025T020000\r
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r
END:STANDARD\r
END:VTIMEZONE\r
";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvitationOptions {
    /// When the file says it was made (`DTSTAMP`); `None` means now.
    pub created: Option<DateTime<Utc>>,
}

/// The file name offered when saving, e.g. `riverside-mdt-2026-03-02.ics`.
pub fn file_name(conn: &Connection, meeting_id: i64) -> Result<String> {
    let meeting = meetings::get(conn, meeting_id)?;
    let title = slug(&meeting.title);
    let date = meeting.starts_at.get(..10).unwrap_or_default();
    Ok(if title.is_empty() { format!("{date}-invitation.ics") } else { format!("{title}-{date}.ics") })
}

/// What the last export of a meeting's invitation used: the event's `UID` and `SEQUENCE`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvitationStamp {
    pub uid: String,
    pub sequence: u32,
}

/// The UID and sequence the meeting's invitation was last exported with, if it has been.
pub fn last_exported(conn: &Connection, meeting_id: i64) -> Result<Option<InvitationStamp>> {
    Ok(conn
        .prepare_cached("SELECT uid, sequence FROM calendar_invitations WHERE meeting_id = ?1")?
        .query_row([meeting_id], |r| Ok(InvitationStamp { uid: r.get(0)?, sequence: r.get(1)? }))
        .optional()?)
}

/// Writes the meeting's invitation to `path` (atomically). In the same transaction it keeps the
/// event's UID, raises the sequence if the content changed since the last export, and records the
/// export in the audit log: if any of it fails, none of it happens.
pub fn export(store: &mut Store, meeting_id: i64, options: &InvitationOptions, path: &Path) -> Result<ExportReport> {
    let stamp = options.created.unwrap_or_else(Utc::now);
    let mut written = false;
    let saved = store.write(|tx, actor| {
        let detail = meetings::load(tx, meeting_id)?;
        let content = Invitation::read(tx, &detail)?;
        let fingerprint = format!("{:016x}", super::fingerprint([content.calendar("", 0, epoch()).as_bytes()]));
        let now = crate::storage::now_utc();
        let last: Option<(String, u32, String)> = tx
            .prepare_cached("SELECT uid, sequence, fingerprint FROM calendar_invitations WHERE meeting_id = ?1")?
            .query_row([meeting_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        if content.cancellation.is_some() && last.is_none() {
            return Err(Error::Conflict(
                "No calendar invitation was exported for this meeting, so no calendar holds it and there is nothing to cancel. \
                 If the team knew of the meeting another way, tell them the same way."
                    .into(),
            ));
        }
        let (uid, sequence) = match last {
            None => {
                let uid: String = tx.query_row(
                    "SELECT lower(hex(randomblob(16))) || '-meeting-' || ?1 || '@mdt-assistant'",
                    [meeting_id],
                    |r| r.get(0),
                )?;
                tx.execute(
                    "INSERT INTO calendar_invitations (meeting_id, uid, sequence, fingerprint, exported_at) VALUES (?1, ?2, 0, ?3, ?4)",
                    params![meeting_id, uid, fingerprint, now],
                )?;
                (uid, 0)
            }
            Some((uid, sequence, before)) => {
                let sequence = if before == fingerprint { sequence } else { sequence + 1 };
                tx.execute(
                    "UPDATE calendar_invitations SET sequence = ?2, fingerprint = ?3, exported_at = ?4 WHERE meeting_id = ?1",
                    params![meeting_id, sequence, fingerprint, now],
                )?;
                (uid, sequence)
            }
        };
        let record = ExportRecord { document: "calendar invitation (iCalendar)", file: path.display().to_string(), uid: uid.clone(), sequence };
        let change = Change { entity: AuditEntity::Meeting, entity_id: meeting_id, action: AuditAction::Export, before: None, after: Some(&record) };
        audit::record(tx, actor, change)?;
        let text = content.calendar(&uid, sequence, stamp);
        crate::files::write_atomically(path, text.as_bytes())?;
        written = true;
        Ok(())
    });
    if saved.is_err() && written {
        // The transaction did not commit, so the file must not stay either.
        let _ = std::fs::remove_file(path);
    }
    saved?;
    Ok(ExportReport { path: path.display().to_string(), pages: 0, missing_chars: Vec::new() })
}

/// What the audit log keeps about an export of the invitation.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExportRecord {
    document: &'static str,
    file: String,
    uid: String,
    sequence: u32,
}

fn epoch() -> DateTime<Utc> {
    DateTime::<Utc>::UNIX_EPOCH
}

/// A person invited: their e-mail address, name and whether they sent apologies.
struct Invitee {
    email: String,
    name: String,
    apologies: bool,
}

/// Everything the invitation says apart from its UID, sequence and time stamp.
struct Invitation {
    title: String,
    starts: NaiveDateTime,
    ends: MeetingEnd,
    location: String,
    video_link: String,
    description: String,
    organiser: Option<Invitee>,
    attendees: Vec<Invitee>,
    /// Set when the meeting is cancelled: the reason.
    cancellation: Option<String>,
}

impl Invitation {
    fn read(conn: &Connection, detail: &MeetingDetail) -> Result<Invitation> {
        let meeting = &detail.meeting;
        let starts = dates::parse_date_time("startsAt", &meeting.starts_at)?;
        let ends = uk_end(starts, meeting.planned_minutes)?;
        let roster = members::list(conn)?;
        let email = |id: i64| roster.iter().find(|m| m.id == id).map(|m| m.email.trim().to_string()).filter(|e| !e.is_empty());
        let attendees = detail
            .attendance
            .iter()
            .filter(|a| a.expected || a.status == AttendanceStatus::Apologies)
            .filter_map(|a| {
                email(a.member_id).map(|email| Invitee {
                    email,
                    name: a.member_name.clone(),
                    apologies: a.status == AttendanceStatus::Apologies,
                })
            })
            .collect();
        let organiser = meeting.chair_id.and_then(|id| {
            email(id).map(|email| Invitee { email, name: meeting.chair_name.clone().unwrap_or_default(), apologies: false })
        });
        Ok(Invitation {
            title: meeting.title.clone(),
            starts,
            ends,
            location: meeting.location.clone(),
            video_link: meeting.video_link.clone(),
            description: description(detail)?,
            organiser,
            attendees,
            cancellation: meeting.cancellation.as_ref().map(|c| c.reason.clone()),
        })
    }

    /// The iCalendar text.
    fn calendar(&self, uid: &str, sequence: u32, stamp: DateTime<Utc>) -> String {
        let at = |date_time: NaiveDateTime| CalendarDateTime::WithTimezone { date_time, tzid: TZID.to_string() };
        let method = match (&self.cancellation, &self.organiser) {
            (Some(_), Some(_)) => "CANCEL",
            (None, Some(_)) => "REQUEST",
            (_, None) => "PUBLISH",
        };
        let summary = match (&self.cancellation, method) {
            (Some(_), "PUBLISH") => format!("Cancelled: {}", self.title),
            _ => self.title.clone(),
        };
        let mut event = icalendar::Event::new();
        event
            .uid(uid)
            .sequence(sequence)
            .timestamp(stamp)
            .summary(&summary)
            .starts(at(self.starts))
            .ends(match self.ends {
                MeetingEnd::Clock(end) => at(end),
                MeetingEnd::Utc(end) => CalendarDateTime::Utc(end),
            })
            .description(&self.description)
            .status(if self.cancellation.is_some() { EventStatus::Cancelled } else { EventStatus::Confirmed });
        let location = if self.location.is_empty() { self.video_link.as_str() } else { self.location.as_str() };
        if !location.is_empty() {
            event.location(location);
        }
        if !self.video_link.is_empty() {
            event.url(&self.video_link);
        }
        if let Some(chair) = &self.organiser {
            event.append_property(
                Property::new("ORGANIZER", format!("mailto:{}", chair.email)).add_parameter("CN", &chair.name).done(),
            );
        }
        for person in &self.attendees {
            let status = if person.apologies { PartStat::Declined } else { PartStat::NeedsAction };
            event.attendee(
                Attendee::new(format!("mailto:{}", person.email))
                    .cn(person.name.clone())
                    .role(Role::ReqParticipant)
                    .partstat(status)
                    .rsvp(!person.apologies),
            );
        }
        let mut calendar = Calendar::empty();
        calendar
            .append_property(Property::new("PRODID", "-//MDT Assistant//Meeting invitation//EN"))
            .append_property(Property::new("VERSION", "2.0"))
            .append_property(Property::new("CALSCALE", "GREGORIAN"))
            .append_property(Property::new("METHOD", method))
            .push(event.done());
        let text = calendar.to_string();
        text.replacen("BEGIN:VEVENT\r\n", &format!("{LONDON_VTIMEZONE}BEGIN:VEVENT\r\n"), 1)
    }
}

/// When a meeting ends, as the invitation writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingEnd {
    /// On the UK clock (written with `TZID=Europe/London`).
    Clock(NaiveDateTime),
    /// In UTC: the end falls in the hour the clocks pass twice (01:00 to 01:59 on the last Sunday
    /// of October) at its second passing, which a clock time would name the first (RFC 5545).
    Utc(DateTime<Utc>),
}

/// When a meeting starting at `starts` (UK clock time) and lasting `minutes` ends: worked out in
/// real time, so across the clocks changing the clock time moves with it. A start the UK clocks
/// skip (01:00 to 01:59 on the last Sunday of March) is refused; a start they pass twice (01:00 to
/// 01:59 on the last Sunday of October) is taken as the first time, as RFC 5545 reads it.
pub fn uk_end(starts: NaiveDateTime, minutes: i64) -> Result<MeetingEnd> {
    let start = match London.from_local_datetime(&starts) {
        LocalResult::Single(t) => t,
        LocalResult::Ambiguous(first, _) => first,
        LocalResult::None => {
            return Err(Error::invalid(
                "startsAt",
                format!(
                    "{} on {} does not happen in the UK: the clocks go forward from 01:00 to 02:00 that night. \
                     Change the meeting's time with Edit details.",
                    starts.format("%H:%M"),
                    long_date(&starts.format(dates::DATE_FORMAT).to_string())
                ),
            ));
        }
    };
    let end = start + Duration::minutes(minutes);
    let clock = end.naive_local();
    Ok(match London.from_local_datetime(&clock) {
        LocalResult::Ambiguous(first, _) if first != end => MeetingEnd::Utc(end.with_timezone(&Utc)),
        _ => MeetingEnd::Clock(clock),
    })
}

/// The description: when, how to join, and the timed agenda by reference only; for a cancelled
/// meeting, that it is cancelled and why, and when it would have been.
fn description(detail: &MeetingDetail) -> Result<String> {
    let meeting = &detail.meeting;
    let mut lines = vec![format!(
        "{}, {}, {} to {}.",
        meeting.title,
        long_date(&meeting.starts_at),
        super::words::clock(&meeting.starts_at),
        detail.timeline.scheduled_end
    )];
    if !meeting.location.is_empty() {
        lines.push(format!("Place: {}", meeting.location));
    }
    if !meeting.video_link.is_empty() {
        lines.push(format!("Join online: {}", meeting.video_link));
    }
    if let Some(cancellation) = &meeting.cancellation {
        lines.insert(0, format!("This meeting is cancelled. Reason: {}", cancellation.reason));
        lines.truncate(2);
        return Ok(lines.join("\n"));
    }
    if let Some(chair) = &meeting.chair_name {
        lines.push(format!("Chair: {chair}"));
    }
    let items: Vec<_> = detail.agenda.iter().filter(|i| i.outcome != Outcome::NotDiscussed).collect();
    lines.push(String::new());
    if items.is_empty() {
        lines.push("Agenda: nothing is listed yet.".into());
    } else {
        lines.push("Agenda:".into());
        let minutes: Vec<i64> = items.iter().map(|i| i.minutes_allowed).collect();
        let timeline = crate::agenda::timeline(&meeting.starts_at, meeting.planned_minutes, &minutes)?;
        for (item, starts) in items.iter().zip(&timeline.starts) {
            let what = match (item.kind, item.title.trim()) {
                (AgendaKind::Case, _) => item.label(),
                (AgendaKind::MattersArising, "") => "Matters arising",
                (AgendaKind::TeachIn, "") => "Teach-in",
                (_, "") => "Other business",
                (_, title) => title,
            };
            lines.push(format!("{starts} {what} ({})", count(item.minutes_allowed, "minute", "minutes")));
        }
        lines.push(String::new());
        lines.push(
            "People are named by pseudonymous reference only. The agenda pack gives each case's reason and presenter.".into(),
        );
    }
    Ok(lines.join("\n"))
}
