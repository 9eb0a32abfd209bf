//! The append-only audit log. Every change is recorded in the same transaction as the change
//! itself, so the log can never disagree with the data. Triggers refuse UPDATE and DELETE.

use rusqlite::{Connection, params};
use serde::Serialize;

use crate::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    Create,
    Update,
    Delete,
    /// A change to finalised minutes, made with a recorded reason.
    Amend,
    Finalise,
    /// A full identifier was shown on screen.
    Reveal,
    Restore,
    /// A document (e.g. the minutes as a PDF) was written to a file.
    Export,
}

impl AuditAction {
    fn as_str(self) -> &'static str {
        match self {
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Delete => "delete",
            AuditAction::Amend => "amend",
            AuditAction::Finalise => "finalise",
            AuditAction::Reveal => "reveal",
            AuditAction::Restore => "restore",
            AuditAction::Export => "export",
        }
    }
}

/// One change to one entity. `before` and `after` are stored as JSON.
pub struct Change<'a, T: Serialize> {
    pub entity: &'static str,
    pub entity_id: i64,
    pub action: AuditAction,
    pub before: Option<&'a T>,
    pub after: Option<&'a T>,
}

pub fn record<T: Serialize>(conn: &Connection, actor: &str, change: Change<'_, T>) -> Result<()> {
    record_at(conn, &crate::storage::now_utc(), actor, change)
}

/// [`record`] for a change made at `at` (UTC, RFC 3339) rather than now: a spell of draft edits
/// is logged when it ends, at the time of its last save.
pub fn record_at<T: Serialize>(conn: &Connection, at: &str, actor: &str, change: Change<'_, T>) -> Result<()> {
    let to_json = |v: Option<&T>| v.map(|v| serde_json::to_string(v).expect("domain types serialise"));
    conn.execute(
        "INSERT INTO audit_log (at, actor, entity, entity_id, action, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            at,
            actor,
            change.entity,
            change.entity_id,
            change.action.as_str(),
            to_json(change.before),
            to_json(change.after),
        ],
    )?;
    Ok(())
}

/// An audit entry as read back, newest first. `before` and `after` are JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// An entity's audit entries as logged, newest first. What a person reads as the entity's history
/// (with a case record's open editing spell) is [`crate::history::entity`].
pub fn logged(conn: &Connection, entity: &str, entity_id: i64) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT at, actor, entity, entity_id, action, before, after FROM audit_log
         WHERE entity = ?1 AND entity_id = ?2 ORDER BY id DESC",
    )?;
    let rows = stmt.query_map(params![entity, entity_id], |r| {
        Ok(AuditEntry {
            at: r.get(0)?,
            actor: r.get(1)?,
            entity: r.get(2)?,
            entity_id: r.get(3)?,
            action: r.get(4)?,
            before: r.get(5)?,
            after: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
