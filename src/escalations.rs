//! Escalations have an end. One recorded in a case discussion (a route taken, not "not needed")
//! stays open until someone closes it: resolved, de-escalated or handed over, with who closed
//! it, on which day and why. The guidance says de-escalation is as important as escalation
//! ("Working together": escalation, de-escalation and risk). While open, it carries to the
//! person's next discussion, shown there with the meeting that raised it, its route and who was
//! informed, and can be closed there.
//!
//! A closure is its own row, written at the discussion where it was closed, so an escalation
//! raised in minutes already finalised can be closed at a later meeting without touching them.
//! The escalation is named by the discussion that raised it, its reason and its route
//! ([`EscalationKey`]); if that route is edited afterwards, the closure no longer matches and the
//! escalation shows as open again, the safe way round.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;

use crate::audit::{self, AuditAction, AuditEntity, Change};
use crate::discussions::{self, ClosureOutcome, EscalationTrigger};
use crate::meeting_record::{ensure_editable, meeting_of_item};
use crate::text_checks::check_note;
use crate::{Error, Result, Store, dates, labels, members};

const REASON_MAX: usize = 2_000;

/// One escalation: the discussion that raised it, what it was about and the route taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EscalationKey {
    pub raised_at_item_id: i64,
    pub trigger: EscalationTrigger,
    /// As recorded (trimmed).
    pub route: String,
}

/// What the person closing an escalation fills in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClosureInput {
    pub outcome: Option<ClosureOutcome>,
    /// The team member who closed it.
    pub closed_by_id: Option<i64>,
    /// As typed, the UK way (15/12/2026, today); not after today.
    pub closed_on: String,
    pub reason: String,
}

/// How an escalation was closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EscalationClosure {
    pub outcome: ClosureOutcome,
    /// "Resolved", "De-escalated", "Handed over".
    pub outcome_label: String,
    pub closed_by_id: i64,
    pub closed_by_name: String,
    /// `YYYY-MM-DD`.
    pub closed_on: String,
    /// "Tuesday 15 December 2026".
    pub closed_on_words: String,
    pub reason: String,
    /// The discussion where it was closed, and its meeting.
    pub closed_at_item_id: i64,
    pub closed_at_meeting_title: String,
    /// Who recorded the closure in the app, and when (UTC).
    pub recorded_by: String,
    pub recorded_at: String,
}

impl EscalationClosure {
    /// "Resolved on Tuesday 15 December 2026 by Priya Example: the council's enquiry concluded".
    pub fn describe(&self) -> String {
        format!("{} on {} by {}: {}", self.outcome_label, self.closed_on_words, self.closed_by_name, self.reason)
    }
}

/// An escalation as it stands at one discussion: raised there, or carried from an earlier one
/// while open; open, or closed (and by whom).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EscalationState {
    pub key: EscalationKey,
    /// What it was about, in words: "Safeguarding concern".
    pub label: String,
    pub informed: String,
    pub raised_meeting_title: String,
    /// `YYYY-MM-DDTHH:MM`.
    pub raised_meeting_starts_at: String,
    /// Raised at an earlier discussion of the person, not this one.
    pub carried: bool,
    /// `None` while open.
    pub closure: Option<EscalationClosure>,
}

impl EscalationState {
    /// One line for the minutes and `mdt review`, saying in words whether it is open or closed.
    pub fn describe(&self) -> String {
        let informed = match self.informed.trim() {
            "" => String::new(),
            who => format!(", {who} informed"),
        };
        let from = if self.carried {
            format!(" (raised at {}, {})", self.raised_meeting_title, long_date(&self.raised_meeting_starts_at))
        } else {
            String::new()
        };
        let state = match &self.closure {
            None => "Open.".to_string(),
            Some(c) => format!("Closed: {}.", c.describe().trim_end_matches('.')),
        };
        format!("{} via {}{informed}{from}. {state}", self.label, self.key.route)
    }
}

fn long_date(starts_at: &str) -> String {
    dates::parse_date("startsAt", &starts_at[..starts_at.len().min(10)]).map(dates::in_words).unwrap_or_else(|_| starts_at.to_string())
}

/// An escalation recorded with a route and not marked "not needed".
fn is_escalation(e: &discussions::Escalation) -> bool {
    !e.route.trim().is_empty() && e.not_needed_reason.trim().is_empty()
}

/// The escalations at a case discussion: those it raised (open or closed), those raised at the
/// person's earlier discussions that were still open when its meeting began (open, or closed at
/// this discussion), and those closed at the person's last discussion (so the team sees what
/// ended there). Raised here first, then carried, oldest first.
pub fn states(conn: &Connection, item_id: i64) -> Result<Vec<EscalationState>> {
    states_with(conn, item_id, None)
}

/// [`states`], with `own` (the record as it stands on screen, not yet saved) in place of this
/// discussion's saved record, so an escalation shows as open as soon as it is typed.
pub fn states_with(conn: &Connection, item_id: i64, own: Option<&discussions::DiscussionRecord>) -> Result<Vec<EscalationState>> {
    let (case_id, starts_at): (Option<i64>, String) = conn
        .prepare_cached("SELECT a.case_id, m.starts_at FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = ?1")?
        .query_row([item_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("Agenda item #{item_id}") })?;
    let Some(case_id) = case_id else { return Ok(Vec::new()) };
    let earlier: Vec<(i64, String, String)> = conn
        .prepare_cached(
            "SELECT a.id, m.title, m.starts_at FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
             WHERE a.case_id = ?1 AND a.id <> ?2 AND m.starts_at < ?3
               AND EXISTS (SELECT 1 FROM escalations e WHERE e.agenda_item_id = a.id)
             ORDER BY m.starts_at, a.id",
        )?
        .query_map(params![case_id, item_id, starts_at], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let (title, _) = meeting_of(conn, item_id)?;
    // The person's last discussion before this one, whatever it recorded.
    let last: Option<i64> = conn
        .prepare_cached(
            "SELECT a.id FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
             WHERE a.case_id = ?1 AND a.id <> ?2 AND m.starts_at < ?3 AND a.outcome = 'discussed'
             ORDER BY m.starts_at DESC, a.id DESC LIMIT 1",
        )?
        .query_row(params![case_id, item_id, starts_at], |r| r.get(0))
        .optional()?;
    let mut out = Vec::new();
    for (raised_at, meeting_title, meeting_starts_at) in [(item_id, title, starts_at.clone())].into_iter().chain(earlier) {
        let carried = raised_at != item_id;
        let record = match own.filter(|_| !carried) {
            Some(r) => r.clone(),
            None => discussions::get(conn, raised_at)?.unwrap_or_default(),
        };
        for e in record.escalations.iter().filter(|e| is_escalation(e)) {
            let key = EscalationKey { raised_at_item_id: raised_at, trigger: e.trigger, route: e.route.trim().to_string() };
            if out.iter().any(|s: &EscalationState| s.key == key) {
                continue;
            }
            let closure = closure_as_of(conn, &key, &starts_at)?;
            // Closed at an earlier discussion: it ended there and is carried no further, except
            // that the person's next discussion shows what was closed at their last one.
            if carried && closure.as_ref().is_some_and(|c| c.closed_at_item_id != item_id && Some(c.closed_at_item_id) != last) {
                continue;
            }
            out.push(EscalationState {
                label: labels::trigger(e.trigger).to_string(),
                informed: e.informed.trim().to_string(),
                raised_meeting_title: meeting_title.clone(),
                raised_meeting_starts_at: meeting_starts_at.clone(),
                carried,
                closure,
                key,
            });
        }
    }
    Ok(out)
}

fn meeting_of(conn: &Connection, item_id: i64) -> Result<(String, String)> {
    Ok(conn
        .prepare_cached("SELECT m.title, m.starts_at FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = ?1")?
        .query_row([item_id], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// The escalation's closure made at a meeting that began no later than `as_of`, if any.
fn closure_as_of(conn: &Connection, key: &EscalationKey, as_of: &str) -> Result<Option<EscalationClosure>> {
    Ok(conn
        .prepare_cached(
            "SELECT c.outcome, c.closed_by_id, t.name, c.closed_on, c.reason, c.closed_at_item_id, m.title, c.recorded_by, c.recorded_at
             FROM escalation_closures c
             JOIN agenda_items a ON a.id = c.closed_at_item_id JOIN meetings m ON m.id = a.meeting_id
             JOIN team_members t ON t.id = c.closed_by_id
             WHERE c.raised_at_item_id = ?1 AND c.trigger = ?2 AND c.route = ?3 AND m.starts_at <= ?4",
        )?
        .query_row(params![key.raised_at_item_id, key.trigger, key.route, as_of], |r| {
            let outcome: ClosureOutcome = r.get(0)?;
            let closed_on: String = r.get(3)?;
            Ok(EscalationClosure {
                outcome,
                outcome_label: labels::closure_outcome(outcome).to_string(),
                closed_by_id: r.get(1)?,
                closed_by_name: r.get(2)?,
                closed_on_words: long_date(&closed_on),
                closed_on,
                reason: r.get(4)?,
                closed_at_item_id: r.get(5)?,
                closed_at_meeting_title: r.get(6)?,
                recorded_by: r.get(7)?,
                recorded_at: r.get(8)?,
            })
        })
        .optional()?)
}

/// The closure as typed, checked: every part is needed; the day is read the UK way and may not
/// be after today.
fn checked(conn: &Connection, input: &ClosureInput) -> Result<(ClosureOutcome, i64, String, String)> {
    let outcome = input
        .outcome
        .ok_or_else(|| Error::invalid("outcome", "Say how the escalation ended: resolved, de-escalated or handed over."))?;
    let who = input.closed_by_id.ok_or_else(|| Error::invalid("closedById", "Say who closed the escalation."))?;
    members::get(conn, who).map_err(|_| Error::invalid("closedById", format!("Team member #{who} is not on the roster.")))?;
    let day = dates::read_date("closedOn", &input.closed_on)?;
    if day > dates::local_today() {
        return Err(Error::invalid(
            "closedOn",
            format!("{} is after today. Record the day it was closed, once it has been.", dates::in_words(day)),
        ));
    }
    let reason = input.reason.trim().to_string();
    if reason.is_empty() {
        return Err(Error::invalid("reason", "Say why it is closed, e.g. what was resolved or who it was handed to."));
    }
    if reason.chars().count() > REASON_MAX {
        return Err(Error::invalid("reason", format!("Keep the reason under {REASON_MAX} characters.")));
    }
    check_note("reason", "reason", &reason)?;
    Ok((outcome, who, day.format(dates::DATE_FORMAT).to_string(), reason))
}

/// Closes an escalation at a case discussion (the one that raised it, or a later discussion of
/// the same person where it shows as carried): one transaction, audited. Returns the
/// escalations at that discussion as they now stand.
#[instrument(skip(store, input), err)]
pub fn close(store: &mut Store, item_id: i64, key: &EscalationKey, input: &ClosureInput) -> Result<Vec<EscalationState>> {
    store.write(|tx, actor| {
        let mode = ensure_editable(tx, meeting_of_item(tx, item_id)?)?;
        let (outcome, who, closed_on, reason) = checked(tx, input)?;
        let state = find(tx, item_id, key)?;
        if let Some(c) = &state.closure {
            return Err(Error::Conflict(format!("This escalation was already closed at {}: {}.", c.closed_at_meeting_title, c.describe())));
        }
        let now = crate::storage::now_utc();
        tx.execute(
            "INSERT INTO escalation_closures (raised_at_item_id, trigger, route, closed_at_item_id, outcome, closed_by_id, closed_on, reason, recorded_at, recorded_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![key.raised_at_item_id, key.trigger, key.route, item_id, outcome, who, closed_on, reason, now, actor],
        )?;
        let id = tx.last_insert_rowid();
        let after = find(tx, item_id, key)?;
        audit::record(
            tx,
            actor,
            Change { entity: AuditEntity::EscalationClosure, entity_id: id, action: mode.audit_action(AuditAction::Create), before: None, after: Some(&after) },
        )?;
        states(tx, item_id)
    })
}

/// Reopens an escalation closed by mistake, at the discussion where it was closed: one
/// transaction, audited. Returns the escalations at that discussion as they now stand.
#[instrument(skip(store), err)]
pub fn reopen(store: &mut Store, item_id: i64, key: &EscalationKey) -> Result<Vec<EscalationState>> {
    store.write(|tx, actor| {
        let mode = ensure_editable(tx, meeting_of_item(tx, item_id)?)?;
        let before = find(tx, item_id, key)?;
        match &before.closure {
            None => return Err(Error::Conflict("This escalation is open already.".into())),
            Some(c) if c.closed_at_item_id != item_id => {
                return Err(Error::Conflict(format!("It was closed at {}; reopen it there.", c.closed_at_meeting_title)));
            }
            Some(_) => {}
        }
        let id: i64 = tx.query_row(
            "SELECT id FROM escalation_closures WHERE raised_at_item_id = ?1 AND trigger = ?2 AND route = ?3",
            params![key.raised_at_item_id, key.trigger, key.route],
            |r| r.get(0),
        )?;
        tx.execute("DELETE FROM escalation_closures WHERE id = ?1", [id])?;
        let after = find(tx, item_id, key)?;
        audit::record(
            tx,
            actor,
            Change { entity: AuditEntity::EscalationClosure, entity_id: id, action: mode.audit_action(AuditAction::Delete), before: Some(&before), after: Some(&after) },
        )?;
        states(tx, item_id)
    })
}

fn find(tx: &Transaction<'_>, item_id: i64, key: &EscalationKey) -> Result<EscalationState> {
    states(tx, item_id)?.into_iter().find(|s| &s.key == key).ok_or_else(|| Error::NotFound {
        what: "That escalation (its record may have changed since the screen was drawn)".into(),
    })
}
