//! MDT meetings as a whole: planning, loading everything a screen shows, running, finalising
//! into minutes, amending with a reason, and planning the next meeting of a series with open work
//! carried forward. The meeting's own record (and the guard every change passes) is in
//! [`crate::meeting_record`]; its items are re-exported here for the shell and the CLI.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use tracing::instrument;
use ts_rs::TS;

use crate::actions::{self, ActionFilter, ActionPage, AgreedAction};
use crate::agenda::{self, AgendaItem, Timeline};
use crate::attendance::{self, Attendance};
use crate::audit::{self, AuditAction, AuditEntity, Change};
use crate::meeting_record::series_id;
pub use crate::meeting_record::{Cancellation, EditMode, Meeting, MeetingInput, MeetingStatus, ensure_editable, get};
use crate::text_checks::check_note;
use crate::words::{and_list, capitalised, count, one_or_many};
use crate::{Error, Result, Store, dates, text_enum};

/// One line of the meetings list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingSummary {
    pub id: i64,
    pub title: String,
    pub series_name: String,
    pub starts_at: String,
    pub status: MeetingStatus,
    pub case_count: i64,
    pub action_count: i64,
}

/// A change made to finalised minutes, printed with them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Amendment {
    pub reason: String,
    pub amended_at: String,
    pub amended_by: String,
}

/// Everything the planning, chair and minutes screens show for one meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingDetail {
    pub meeting: Meeting,
    pub attendance: Vec<Attendance>,
    pub attendance_warnings: Vec<String>,
    pub agenda: Vec<AgendaItem>,
    pub timeline: Timeline,
    /// Open actions agreed at earlier meetings of the series: the first
    /// [`MATTERS_ARISING_PAGE`], with the count of all ([`matters_arising`] for more).
    pub matters_arising: ActionPage,
    /// Open referrals made at earlier meetings of the series (feedback overdue first), heard
    /// with the matters arising: the first [`REFERRALS_ARISING_PAGE`] (the rest are listed with
    /// `referrals::list` and the same filter, [`referrals_arising`]).
    pub referrals_arising: Vec<crate::referrals::Referral>,
    /// How many referrals are arising in all.
    pub referrals_arising_total: u32,
    pub amendments: Vec<Amendment>,
}

/// Plans a meeting. Core members (or the chosen attendees) are expected; matters arising and
/// cases not reached at the series' previous meeting go to the top of the agenda.
#[instrument(skip(store, input), err)]
pub fn create(store: &mut Store, input: &MeetingInput) -> Result<Meeting> {
    store.write(|tx, actor| {
        let id = crate::meeting_record::insert(tx, input)?;
        attendance::expect(tx, id, &expected_attendees(tx, id, input)?)?;
        carry_forward_into(tx, actor, id)?;
        let meeting = get(tx, id)?;
        audit::record(tx, actor, change(AuditAction::Create, id, None, Some(&meeting)))?;
        Ok(meeting)
    })
}

fn expected_attendees(conn: &Connection, meeting_id: i64, input: &MeetingInput) -> Result<Vec<i64>> {
    let mut ids = if input.attendee_ids.is_empty() {
        // Core members still in the team on the meeting's day.
        conn.prepare_cached("SELECT id FROM team_members
             WHERE core_member = 1 AND (left_on IS NULL OR left_on > (SELECT substr(starts_at, 1, 10) FROM meetings WHERE id = ?1))",
        )?
        .query_map([meeting_id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?
    } else {
        input.attendee_ids.clone()
    };
    ids.extend(input.chair_id);
    ids.extend(input.minute_taker_id);
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The series' previous meeting, if any: its not-discussed cases carry into `meeting_id`.
fn carry_forward_into(tx: &Transaction<'_>, actor: &str, meeting_id: i64) -> Result<()> {
    let previous: Option<i64> = tx
        .query_row(
            "SELECT p.id FROM meetings p JOIN meetings m ON m.series_id = p.series_id
             WHERE m.id = ?1 AND p.id <> m.id AND p.starts_at < m.starts_at
             ORDER BY p.starts_at DESC LIMIT 1",
            [meeting_id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(previous) = previous {
        agenda::ensure_matters_arising(tx, meeting_id)?;
        agenda::carry_not_discussed(tx, actor, previous, meeting_id)?;
    }
    Ok(())
}

#[instrument(skip(store, input), err)]
pub fn update(store: &mut Store, id: i64, input: &MeetingInput) -> Result<Meeting> {
    store.write(|tx, actor| {
        let mode = ensure_editable(tx, id)?;
        let before = get(tx, id)?;
        let input = input.validated(tx)?;
        let series = series_id(tx, &input.series_name)?;
        tx.execute(
            "UPDATE meetings SET series_id = ?2, title = ?3, starts_at = ?4, planned_minutes = ?5, location = ?6,
                    video_link = ?7, chair_id = ?8, minute_taker_id = ?9, updated_at = ?10 WHERE id = ?1",
            params![id, series, input.title, input.starts_at, input.planned_minutes, input.location, input.video_link, input.chair_id, input.minute_taker_id, crate::storage::now_utc()],
        )?;
        attendance::expect(tx, id, &expected_attendees(tx, id, &input)?)?;
        let after = get(tx, id)?;
        audit::record(tx, actor, change(mode.audit_action(AuditAction::Update), id, Some(&before), Some(&after)))?;
        Ok(after)
    })
}

/// Meetings still to come, soonest first, and the latest past ones: what the meetings screen shows. Ten years of weekly minutes need not cross to the window at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingsOverview {
    /// Planned and in progress, and cancelled ones whose day has not passed; soonest first.
    pub upcoming: Vec<MeetingSummary>,
    /// The latest `past_limit` finalised meetings and cancelled ones whose day has passed, newest first.
    pub past: Vec<MeetingSummary>,
    /// How many past meetings there are in all.
    pub past_total: i64,
}

const SUMMARY: &str = "SELECT m.id, m.title, s.name, m.starts_at,
        CASE WHEN x.meeting_id IS NULL THEN m.status ELSE 'cancelled' END,
        (SELECT count(*) FROM agenda_items a WHERE a.meeting_id = m.id AND a.kind = 'case'),
        (SELECT count(*) FROM agreed_actions x WHERE x.meeting_id = m.id)
    FROM meetings m JOIN meeting_series s ON s.id = m.series_id
    LEFT JOIN meeting_cancellations x ON x.meeting_id = m.id";

/// What the meetings screen shows today: [`overview_on`] with today's date.
pub fn overview(conn: &Connection, past_limit: u32) -> Result<MeetingsOverview> {
    overview_on(conn, past_limit, dates::local_today())
}

/// Meetings to come (planned and in progress, and cancelled ones until their day has passed, so
/// the cancellation can still be sent), and past ones: finalised minutes and cancelled meetings
/// whose day has passed.
pub fn overview_on(conn: &Connection, past_limit: u32, today: chrono::NaiveDate) -> Result<MeetingsOverview> {
    let today = today.format(dates::DATE_FORMAT).to_string();
    const PAST: &str = "(m.status = 'finalised' OR (x.meeting_id IS NOT NULL AND substr(m.starts_at, 1, 10) < ?1))";
    let upcoming = summaries(conn, &format!("{SUMMARY} WHERE NOT {PAST} ORDER BY m.starts_at, m.id"), [&today])?;
    let past = summaries(conn, &format!("{SUMMARY} WHERE {PAST} ORDER BY m.starts_at DESC, m.id DESC LIMIT ?2"), params![today, past_limit])?;
    let past_total = conn.query_row(
        &format!("SELECT count(*) FROM meetings m LEFT JOIN meeting_cancellations x ON x.meeting_id = m.id WHERE {PAST}"),
        [&today],
        |r| r.get(0),
    )?;
    Ok(MeetingsOverview { upcoming, past, past_total })
}

/// All meetings, newest first.
pub fn list(conn: &Connection) -> Result<Vec<MeetingSummary>> {
    summaries(conn, &format!("{SUMMARY} ORDER BY m.starts_at DESC, m.id DESC"), [])
}

fn summaries(conn: &Connection, sql: &str, args: impl rusqlite::Params) -> Result<Vec<MeetingSummary>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(args, |r| {
        Ok(MeetingSummary {
            id: r.get(0)?,
            title: r.get(1)?,
            series_name: r.get(2)?,
            starts_at: r.get(3)?,
            status: r.get(4)?,
            case_count: r.get(5)?,
            action_count: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many matters arising a meeting's record carries; a team's open actions can run to thousands.
pub const MATTERS_ARISING_PAGE: u32 = 25;
/// Open referrals a meeting's record carries: a ten-year team has hundreds open, which made the
/// record five times the size.
pub const REFERRALS_ARISING_PAGE: usize = 25;

/// Open actions agreed at earlier meetings of the meeting's series.
pub fn matters_arising_filter(meeting: &Meeting) -> ActionFilter {
    ActionFilter {
        series_id: Some(meeting.series_id),
        before: Some(meeting.starts_at.clone()),
        status: Some(actions::ActionStatus::Open),
        ..Default::default()
    }
}

/// The first `limit` matters arising of a meeting, with the count of all.
pub fn matters_arising(conn: &Connection, meeting_id: i64, limit: u32) -> Result<ActionPage> {
    actions::page(conn, &matters_arising_filter(&get(conn, meeting_id)?), limit)
}

/// Matters arising: open actions from earlier meetings of the series, and those done since the
/// previous meeting (which this meeting heard about), oldest meeting first.
pub fn matters_arising_heard(conn: &Connection, meeting: &Meeting) -> Result<Vec<AgreedAction>> {
    let Some(previous) = crate::meeting_record::previous_start(conn, meeting)? else { return Ok(Vec::new()) };
    let done = actions::list(
        conn,
        &ActionFilter {
            series_id: Some(meeting.series_id),
            before: Some(meeting.starts_at.clone()),
            status: Some(actions::ActionStatus::Done),
            done_since: previous.get(..10).map(str::to_string),
            ..Default::default()
        },
    )?;
    let mut list: Vec<AgreedAction> = actions::list(conn, &matters_arising_filter(meeting))?;
    list.extend(done);
    list.sort_by(|a, b| (&a.meeting_starts_at, a.id).cmp(&(&b.meeting_starts_at, b.id)));
    Ok(list)
}

/// Open referrals made at earlier meetings of the meeting's series: matters arising too.
pub fn referrals_arising(conn: &Connection, meeting: &Meeting) -> Result<Vec<crate::referrals::Referral>> {
    crate::referrals::list(
        conn,
        &crate::referrals::ReferralFilter {
            open_only: true,
            series_id: Some(meeting.series_id),
            before: Some(meeting.starts_at.clone()),
            ..Default::default()
        },
    )
}

/// Items of the meeting carried from an earlier one: item id to that meeting's title and start.
pub fn carried_from(conn: &Connection, meeting_id: i64) -> Result<HashMap<i64, (String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, m.title, m.starts_at FROM agenda_items a
         JOIN agenda_items src ON src.id = a.carried_from_id JOIN meetings m ON m.id = src.meeting_id
         WHERE a.meeting_id = ?1",
    )?;
    let rows = stmt.query_map([meeting_id], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Everything about one meeting, in one read (the matters arising a page at a time).
pub fn load(conn: &Connection, id: i64) -> Result<MeetingDetail> {
    let MeetingRecord { meeting, attendance, agenda, timeline, amendments } = load_record(conn, id)?;
    let attendance_warnings = attendance::warnings(&meeting, &attendance);
    let matters_arising = actions::page(conn, &matters_arising_filter(&meeting), MATTERS_ARISING_PAGE)?;
    let mut referrals_arising = referrals_arising(conn, &meeting)?;
    let referrals_arising_total = u32::try_from(referrals_arising.len()).unwrap_or(u32::MAX);
    referrals_arising.truncate(REFERRALS_ARISING_PAGE);
    Ok(MeetingDetail {
        amendments,
        meeting,
        attendance,
        attendance_warnings,
        agenda,
        timeline,
        matters_arising,
        referrals_arising,
        referrals_arising_total,
    })
}

/// One meeting's own record: what [`load`] reads, less the screens' page of matters arising and
/// the referrals arising (the minutes read all the matters arising their own way).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRecord {
    pub meeting: Meeting,
    pub attendance: Vec<Attendance>,
    pub agenda: Vec<AgendaItem>,
    pub timeline: Timeline,
    pub amendments: Vec<Amendment>,
}

/// The meeting's own record, as [`load`] reads it.
pub fn load_record(conn: &Connection, id: i64) -> Result<MeetingRecord> {
    let meeting = get(conn, id)?;
    let agenda = agenda::load(conn, id)?;
    let minutes: Vec<i64> = agenda.iter().map(|i| i.minutes_allowed).collect();
    let timeline = agenda::timeline(&meeting.starts_at, meeting.planned_minutes, &minutes)?;
    let attendance = attendance::list(conn, &meeting)?;
    Ok(MeetingRecord { amendments: amendments(conn, id)?, meeting, attendance, agenda, timeline })
}

fn amendments(conn: &Connection, meeting_id: i64) -> Result<Vec<Amendment>> {
    let mut stmt = conn
        .prepare_cached("SELECT reason, amended_at, amended_by FROM minute_amendments WHERE meeting_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([meeting_id], |r| Ok(Amendment { reason: r.get(0)?, amended_at: r.get(1)?, amended_by: r.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The chair opens the meeting: from now on the chair view runs the clock.
#[instrument(skip(store), err)]
pub fn start(store: &mut Store, id: i64) -> Result<Meeting> {
    store.write(|tx, actor| {
        if let EditMode::Amending = ensure_editable(tx, id)? {
            return Err(Error::Conflict("Finalised minutes cannot be restarted.".into()));
        }
        let before = get(tx, id)?;
        tx.execute(
            "UPDATE meetings SET status = 'in_progress', started_at = coalesce(started_at, ?2) WHERE id = ?1",
            params![id, dates::now_local()],
        )?;
        let after = get(tx, id)?;
        if after != before {
            audit::record(tx, actor, change(AuditAction::Update, id, Some(&before), Some(&after)))?;
        }
        Ok(after)
    })
}

text_enum!(
    /// What finalising checks that a chair could forget.
    FinaliseCheckCode {
        /// The meeting is dated after today: finalising is refused.
        FutureMeeting => "future_meeting",
        NobodyPresent => "nobody_present",
        /// Expected members whose attendance is still "not yet recorded".
        AttendanceNotRecorded => "attendance_not_recorded",
        /// Cases not marked discussed that have something recorded against them: finalising
        /// minutes them as discussed.
        RecordedNotMarked => "recorded_not_marked",
    }
);

/// One thing to put right (or knowingly pass over) before finalising.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FinaliseCheck {
    pub code: FinaliseCheckCode,
    /// What is wrong, in a sentence.
    pub message: String,
    /// How to put it right.
    pub fix: String,
    /// True when finalising is refused until it is put right; otherwise the chair may finalise anyway.
    pub blocks: bool,
    /// The members it is about (attendance not recorded), in the attendance panel's order.
    pub member_ids: Vec<i64>,
    /// The agenda items it is about (cases to be minuted as discussed), in agenda order.
    pub item_ids: Vec<i64>,
}

/// What a chair would want to know before finalising the meeting on `today`: a meeting dated
/// after today (finalising is refused: it is the wrong meeting or the wrong date), nobody
/// marked present, and expected members whose attendance is not recorded. Blocking checks first.
pub fn finalise_checks(conn: &Connection, id: i64, today: chrono::NaiveDate) -> Result<Vec<FinaliseCheck>> {
    let meeting = get(conn, id)?;
    let mut checks = Vec::new();
    let on = chrono::NaiveDate::parse_from_str(meeting.starts_at.get(..10).unwrap_or_default(), dates::DATE_FORMAT)
        .map_err(|_| Error::Conflict(format!("Meeting #{id} has no readable date.")))?;
    if on > today {
        checks.push(FinaliseCheck {
            code: FinaliseCheckCode::FutureMeeting,
            message: format!(
                "This meeting is dated {}, after today ({}). Minutes can only be finalised once the meeting has taken place.",
                on.format("%A %-d %B %Y"),
                today.format("%A %-d %B %Y")
            ),
            fix: "If this is the wrong meeting, go back and open the right one. If the date is wrong, correct it with Edit details first."
                .into(),
            blocks: true,
            member_ids: Vec::new(),
            item_ids: Vec::new(),
        });
    }
    let attendance = attendance::list(conn, &meeting)?;
    if !attendance.iter().any(|a| a.status == attendance::AttendanceStatus::Present) {
        checks.push(FinaliseCheck {
            code: FinaliseCheckCode::NobodyPresent,
            message: "Nobody is marked present, so the minutes would not show who took part.".into(),
            fix: "Mark who was there in the Attendance panel.".into(),
            blocks: false,
            member_ids: Vec::new(),
            item_ids: Vec::new(),
        });
    }
    let expected = attendance.iter().filter(|a| a.expected).count();
    let missing: Vec<&Attendance> =
        attendance.iter().filter(|a| a.expected && a.status == attendance::AttendanceStatus::Unknown).collect();
    if !missing.is_empty() {
        let names: Vec<&str> = missing.iter().map(|a| a.member_name.as_str()).collect();
        let message = match (missing.len(), expected) {
            (1, 1) => format!("Attendance is not recorded for the one expected member, {}.", names[0]),
            (n, all) if n == all => format!("Attendance is not recorded for any of the {all} expected members."),
            (n, all) => format!(
                "Attendance is not recorded for {n} of the {all} expected members: {}.",
                and_list(&names)
            ),
        };
        checks.push(FinaliseCheck {
            code: FinaliseCheckCode::AttendanceNotRecorded,
            message,
            fix: "In the Attendance panel, mark each of them present, absent or as having sent apologies.".into(),
            blocks: false,
            member_ids: missing.iter().map(|a| a.member_id).collect(),
            item_ids: Vec::new(),
        });
    }
    let recorded = recorded_but_pending(conn, id)?;
    if !recorded.is_empty() {
        let references: Vec<&str> = recorded.iter().map(|(_, r)| r.as_str()).collect();
        checks.push(FinaliseCheck {
            code: FinaliseCheckCode::RecordedNotMarked,
            message: format!(
                "{} not marked discussed, but {} notes, actions, a referral or the joint-working agreement recorded, \
                 so {} minuted as discussed.",
                and_list(&references),
                one_or_many(references.len(), "has", "have"),
                one_or_many(references.len(), "it will be", "they will be"),
            ),
            fix: "If a case was not discussed after all, mark it \"Not discussed\" in the chair view first.".into(),
            blocks: false,
            member_ids: Vec::new(),
            item_ids: recorded.iter().map(|(id, _)| *id).collect(),
        });
    }
    Ok(checks)
}

/// The meeting's cases still pending (not marked discussed or not discussed) that have something
/// recorded against them: a discussion record that is not blank, an agreed action, a referral,
/// or the joint-working agreement settled there. Time on the chair's timer alone is not enough:
/// the timer runs for whichever case is on screen, reached or not. The draft minutes
/// show them as discussed, and finalising marks them so, so the final minutes keep what the
/// draft showed. Item id and the person's reference, in agenda order.
pub fn recorded_but_pending(conn: &Connection, meeting_id: i64) -> Result<Vec<(i64, String)>> {
    let pending: Vec<(i64, String, bool)> = conn
        .prepare_cached(
            "SELECT a.id, COALESCE(c.reference, a.title),
                    EXISTS (SELECT 1 FROM agreed_actions x WHERE x.agenda_item_id = a.id)
                    OR EXISTS (SELECT 1 FROM referrals r WHERE r.agenda_item_id = a.id)
                    OR EXISTS (SELECT 1 FROM agreement_reviews v WHERE v.agenda_item_id = a.id)
             FROM agenda_items a LEFT JOIN cases c ON c.id = a.case_id
             WHERE a.meeting_id = ?1 AND a.kind = 'case' AND a.outcome = 'pending'
             ORDER BY a.position, a.id",
        )?
        .query_map([meeting_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut found = Vec::new();
    for (item_id, reference, other) in pending {
        let noted = || -> Result<bool> {
            Ok(crate::discussions::get(conn, item_id)?.is_some_and(|r| r != crate::discussions::DiscussionRecord::default()))
        };
        if other || noted()? {
            found.push((item_id, reference));
        }
    }
    Ok(found)
}

/// Turns the meeting into read-only minutes. Items not reached become "not discussed" and carry
/// to the next meeting of the series if it is already planned. Guidance flags still open on
/// discussed cases are recorded as overridden (see [`crate::guidance`]). A meeting dated after
/// today is refused (see [`finalise_checks`]).
pub fn finalise(store: &mut Store, id: i64) -> Result<Meeting> {
    finalise_on(store, id, dates::local_today())
}

/// [`finalise`], with today's date given.
#[instrument(skip(store), err)]
pub fn finalise_on(store: &mut Store, id: i64, today: chrono::NaiveDate) -> Result<Meeting> {
    store.write(|tx, actor| {
        if let EditMode::Amending = ensure_editable(tx, id)? {
            return Err(Error::Conflict("These minutes are already finalised; finish the amendment instead.".into()));
        }
        if let Some(check) = finalise_checks(tx, id, today)?.into_iter().find(|c| c.blocks) {
            return Err(Error::Conflict(format!("{} {}", check.message, check.fix)));
        }
        // A case with something recorded against it was discussed, as the draft minutes showed it;
        // the rest were not reached.
        for (item_id, _) in recorded_but_pending(tx, id)? {
            agenda::write_outcome_only(tx, item_id, agenda::Outcome::Discussed)?;
        }
        tx.execute(
            "UPDATE agenda_items SET outcome = 'not_discussed' WHERE meeting_id = ?1 AND kind = 'case' AND outcome = 'pending'",
            [id],
        )?;
        // Each person's last draft changes go into the audit log before the minutes are fixed.
        crate::discussions::close_spells(tx, id)?;
        // Flags the chair finalises past are kept, with each case's lead suggestion, for the minutes.
        crate::guidance::record_at_finalise(tx, id)?;
        // What mattered to each person stays in the minutes as it stood when they were finalised.
        crate::person::keep_for_minutes(tx, id)?;
        tx.execute(
            "UPDATE meetings SET status = 'finalised', finalised_at = ?2, updated_at = ?2 WHERE id = ?1",
            params![id, crate::storage::now_utc()],
        )?;
        carry_to_next(tx, actor, id)?;
        let snapshot = load(tx, id)?;
        audit::record(
            tx,
            actor,
            Change { entity: AuditEntity::Meeting, entity_id: id, action: AuditAction::Finalise, before: None, after: Some(&snapshot) },
        )?;
        Ok(snapshot.meeting)
    })
}

/// Carries the meeting's not-discussed cases to the series' next meeting, if one is planned
/// (not finalised, not cancelled); returns how many were carried.
fn carry_to_next(tx: &Transaction<'_>, actor: &str, id: i64) -> Result<usize> {
        let later: Vec<i64> = tx
            .prepare(
                "SELECT n.id FROM meetings n JOIN meetings m ON m.series_id = n.series_id
                 WHERE m.id = ?1 AND n.starts_at > m.starts_at AND n.status <> 'finalised'
                   AND n.id NOT IN (SELECT meeting_id FROM meeting_cancellations)
                 ORDER BY n.starts_at LIMIT 1",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut carried = 0;
        for next in later {
            agenda::ensure_matters_arising(tx, next)?;
            carried += agenda::carry_not_discussed(tx, actor, id, next)?;
        }
        Ok(carried)
}

/// Opens finalised minutes for a change, recording the reason now. Every change made until
/// [`finish_amendment`] is audited with its old and new values.
#[instrument(skip(store), err)]
pub fn begin_amendment(store: &mut Store, id: i64, reason: &str) -> Result<Meeting> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid("reason", "Give the reason for changing finalised minutes; it is printed with them."));
    }
    check_note("reason", "reason", reason)?;
    store.write(|tx, actor| {
        let meeting = get(tx, id)?;
        if meeting.status != MeetingStatus::Finalised {
            return Err(Error::Conflict("These minutes are not finalised yet, so they can be changed directly.".into()));
        }
        if meeting.amending {
            return Ok(meeting);
        }
        tx.execute(
            "INSERT INTO minute_amendments (meeting_id, reason, amended_at, amended_by) VALUES (?1, ?2, ?3, ?4)",
            params![id, reason, crate::storage::now_utc(), actor],
        )?;
        tx.execute("UPDATE meetings SET open_amendment_id = ?2 WHERE id = ?1", params![id, tx.last_insert_rowid()])?;
        get(tx, id)
    })
}

pub fn finish_amendment(store: &mut Store, id: i64) -> Result<Meeting> {
    store.write(|tx, _| {
        tx.execute("UPDATE meetings SET open_amendment_id = NULL WHERE id = ?1", [id])?;
        get(tx, id)
    })
}

/// What cancelling a meeting did with the cases listed for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Cancelled {
    pub meeting: Meeting,
    /// Cases that were listed (each is now "listed, not discussed").
    pub cases_listed: i64,
    /// The series' next meeting, already planned, which the cases were added to.
    pub carried_to: Option<Meeting>,
    pub carried: i64,
    /// What happened, in a sentence or two, for the window and the CLI.
    pub summary: String,
}

/// Cancels a meeting that has not started, with the reason (kept with who cancelled it and when).
/// Its cases become "listed, not discussed" and go to the series' next meeting: now, if that is
/// already planned, or when it is planned. Nothing can change on a cancelled meeting until it is
/// reinstated. A meeting that has started is finalised instead, so what was said is kept.
#[instrument(skip(store, reason), err)]
pub fn cancel(store: &mut Store, id: i64, reason: &str) -> Result<Cancelled> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid("reason", "Give the reason for cancelling the meeting; the team sees it with the meeting."));
    }
    check_note("reason", "reason", reason)?;
    store.write(|tx, actor| {
        let before = get(tx, id)?;
        match before.status {
            MeetingStatus::Planned => {}
            MeetingStatus::Cancelled => return Err(Error::Conflict("This meeting is already cancelled.".into())),
            MeetingStatus::InProgress => {
                return Err(Error::Conflict(
                    "This meeting has started, so it cannot be cancelled: finalise it instead. Cases not reached are \
                     carried to the next meeting and what was recorded is kept."
                        .into(),
                ));
            }
            MeetingStatus::Finalised => return Err(Error::Conflict("These minutes are finalised; a finalised meeting cannot be cancelled.".into())),
        }
        crate::discussions::close_spells(tx, id)?;
        let cases_listed = tx.execute(
            "UPDATE agenda_items SET outcome = 'not_discussed' WHERE meeting_id = ?1 AND kind = 'case' AND outcome = 'pending'",
            [id],
        )? as i64;
        tx.execute(
            "INSERT INTO meeting_cancellations (meeting_id, reason, cancelled_by, cancelled_at) VALUES (?1, ?2, ?3, ?4)",
            params![id, reason, actor, crate::storage::now_utc()],
        )?;
        let carried = carry_to_next(tx, actor, id)? as i64;
        let meeting = get(tx, id)?;
        let next = crate::meeting_record::next_in_series(tx, &meeting)?;
        let summary = cancelled_summary(&meeting, cases_listed, next.as_ref(), carried);
        let carried_to = if carried > 0 { next } else { None };
        audit::record(
            tx,
            actor,
            Change { entity: AuditEntity::MeetingCancellation, entity_id: id, action: AuditAction::Create, before: None, after: meeting.cancellation.as_ref() },
        )?;
        Ok(Cancelled { meeting, cases_listed, carried_to, carried, summary })
    })
}

/// The meeting's day in words: "Monday 2 March 2026".
fn day_of(meeting: &Meeting) -> String {
    dates::parse_date_time("startsAt", &meeting.starts_at).map_or_else(|_| meeting.starts_at.clone(), |t| dates::in_words(t.date()))
}

/// `next`: the series' next meeting that will meet, if one is planned.
fn cancelled_summary(meeting: &Meeting, listed: i64, next: Option<&Meeting>, carried: i64) -> String {
    let mut text = format!("{} on {} is cancelled.", meeting.title, day_of(meeting));
    let cases = count(listed, "case", "cases");
    const WHY_NOT: &str = "a case is not carried if the person objected to being discussed, or if it is there already";
    match next {
        _ if listed == 0 => {}
        Some(next) if carried == 0 => text.push_str(&format!(
            " {} carried to {} ({WHY_NOT}).",
            if listed == 1 { "Its 1 case was not".to_string() } else { format!("None of its {cases} was") },
            day_of(next)
        )),
        Some(next) if carried == listed => {
            text.push_str(&format!(" Its {cases} {} now on the agenda of {}.", one_or_many(listed, "is", "are"), day_of(next)));
        }
        Some(next) => text.push_str(&format!(
            " Of its {cases}, {} now on the agenda of {} ({WHY_NOT}).",
            format!("{} {}", count(carried, "case", "cases"), one_or_many(carried, "is", "are")),
            day_of(next)
        )),
        None => text.push_str(&format!(
            " Its {cases} will be added to the agenda when the series' next meeting is planned."
        )),
    }
    text
}

fn reinstated_summary(meeting: &Meeting, back: i64, kept: &[String]) -> String {
    let mut text = format!("{} on {} is reinstated.", meeting.title, day_of(meeting));
    if back > 0 {
        text.push_str(&format!(" {} back on its agenda.", capitalised(&format!("{} {}", count(back, "case", "cases"), one_or_many(back, "is", "are")))));
    }
    if !kept.is_empty() {
        text.push_str(&format!(
            " {} stayed on a later meeting, where work on {} had begun; add {} here if needed.",
            and_list(kept),
            one_or_many(kept.len(), "it", "them"),
            one_or_many(kept.len(), "it", "them")
        ));
    }
    text
}

/// What reinstating a cancelled meeting did with its cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Reinstated {
    pub meeting: Meeting,
    /// Cases back on this meeting's agenda to be discussed (taken off a later meeting they had
    /// been carried to, where nothing had been recorded for them yet).
    pub back_on_agenda: i64,
    /// References of cases left on a later meeting because work on them had begun there (a record,
    /// an action, the joint-working agreement confirmed or changed, a referral, or the meeting has
    /// started): each stays "listed, not discussed" here.
    pub kept_elsewhere: Vec<String>,
    /// What happened, in a sentence or two, for the window and the CLI.
    pub summary: String,
}

/// Undoes a cancellation. Cases the cancellation carried to a later meeting come back, unless
/// work on them has begun there; the audit log keeps the cancellation and its reason.
#[instrument(skip(store), err)]
pub fn reinstate(store: &mut Store, id: i64) -> Result<Reinstated> {
    store.write(|tx, actor| {
        let before = get(tx, id)?;
        let Some(cancellation) = before.cancellation.clone() else {
            return Err(Error::Conflict("This meeting is not cancelled.".into()));
        };
        // Each not-discussed case of this meeting, with its copy on a later meeting if carried.
        let items: Vec<(i64, String, Option<i64>, bool)> = tx
            .prepare(
                "SELECT a.id, c.reference, n.id,
                        n.id IS NOT NULL AND n.outcome = 'pending'
                        AND (SELECT status FROM meetings WHERE id = n.meeting_id) = 'planned'
                        AND n.meeting_id NOT IN (SELECT meeting_id FROM meeting_cancellations)
                        AND NOT EXISTS (SELECT 1 FROM case_discussions d WHERE d.agenda_item_id = n.id)
                        AND NOT EXISTS (SELECT 1 FROM agreed_actions x WHERE x.agenda_item_id = n.id)
                        AND NOT EXISTS (SELECT 1 FROM agreement_reviews g WHERE g.agenda_item_id = n.id)
                        AND NOT EXISTS (SELECT 1 FROM referrals f WHERE f.agenda_item_id = n.id)
                 FROM agenda_items a JOIN cases c ON c.id = a.case_id
                 LEFT JOIN agenda_items n ON n.carried_from_id = a.id
                 WHERE a.meeting_id = ?1 AND a.kind = 'case' AND a.outcome = 'not_discussed'
                 ORDER BY a.position",
            )?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        tx.execute("DELETE FROM meeting_cancellations WHERE meeting_id = ?1", [id])?;
        let mut back_on_agenda = 0;
        let mut kept_elsewhere = Vec::new();
        for (item, reference, copy, untouched) in items {
            match (copy, untouched) {
                (Some(_), false) => kept_elsewhere.push(reference),
                (copy, _) => {
                    if let Some(copy) = copy {
                        agenda::delete_item(tx, actor, copy)?;
                    }
                    tx.execute("UPDATE agenda_items SET outcome = 'pending' WHERE id = ?1", [item])?;
                    back_on_agenda += 1;
                }
            }
        }
        audit::record(
            tx,
            actor,
            Change { entity: AuditEntity::MeetingCancellation, entity_id: id, action: AuditAction::Delete, before: Some(&cancellation), after: None },
        )?;
        let meeting = get(tx, id)?;
        let summary = reinstated_summary(&meeting, back_on_agenda, &kept_elsewhere);
        Ok(Reinstated { meeting, back_on_agenda, kept_elsewhere, summary })
    })
}

/// Plans the next meeting of the series from this one: same title, place, chair, minute-taker
/// and expected attendees, at `starts_at`; matters arising and not-discussed cases carried.
#[instrument(skip(store), err)]
pub fn plan_next(store: &mut Store, id: i64, starts_at: &str) -> Result<Meeting> {
    let (previous, attendee_ids) = {
        let conn = store.conn();
        let previous = get(conn, id)?;
        let ids = attendance::list(conn, &previous)?.into_iter().filter(|a| a.expected).map(|a| a.member_id).collect();
        (previous, ids)
    };
    let input = MeetingInput {
        series_name: previous.series_name,
        title: previous.title,
        starts_at: starts_at.to_string(),
        planned_minutes: previous.planned_minutes,
        location: previous.location,
        video_link: previous.video_link,
        chair_id: previous.chair_id,
        minute_taker_id: previous.minute_taker_id,
        attendee_ids,
    };
    let wanted = dates::read_date_time("startsAt", starts_at)?.format(dates::DATE_TIME_FORMAT).to_string();
    if wanted <= get(store.conn(), id)?.starts_at {
        return Err(Error::invalid("startsAt", "The next meeting must start after this one."));
    }
    create(store, &input)
}

/// What planning a meeting in an existing series starts from: the chair, minute-taker, length,
/// place and video link of the series' latest meeting. The planner can change any of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SeriesDefaults {
    pub series_name: String,
    /// The meeting they are taken from: the series' latest by date.
    pub from_meeting_id: i64,
    pub from_starts_at: String,
    pub planned_minutes: i64,
    pub location: String,
    pub video_link: String,
    pub chair_id: Option<i64>,
    pub minute_taker_id: Option<i64>,
}

/// Every meeting series with the defaults for planning its next meeting, by name.
pub fn series_defaults(conn: &Connection) -> Result<Vec<SeriesDefaults>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.name, m.id, m.starts_at, m.planned_minutes, m.location, m.video_link, m.chair_id, m.minute_taker_id
         FROM meeting_series s
         JOIN meetings m ON m.id = (SELECT l.id FROM meetings l WHERE l.series_id = s.id ORDER BY l.starts_at DESC, l.id DESC LIMIT 1)
         ORDER BY s.name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(SeriesDefaults {
            series_name: r.get(0)?,
            from_meeting_id: r.get(1)?,
            from_starts_at: r.get(2)?,
            planned_minutes: r.get(3)?,
            location: r.get(4)?,
            video_link: r.get(5)?,
            chair_id: r.get(6)?,
            minute_taker_id: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn change<'a>(action: AuditAction, id: i64, before: Option<&'a Meeting>, after: Option<&'a Meeting>) -> Change<'a, Meeting> {
    Change { entity: AuditEntity::Meeting, entity_id: id, action, before, after }
}
