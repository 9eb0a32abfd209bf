//! What a person reads as the history of something: an entity's audit log (with a case record's
//! editing spell still open on top) and what the team has said and agreed about one person. Reads
//! across the records, so it sits above them.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::actions::{self, ActionFilter, AgreedAction};
use crate::agenda::Outcome;
use crate::audit::{self, AuditEntity, AuditEntry};
use crate::{Error, Result, discussions};

/// An entity's audit entries, newest first. A case record being edited as a draft starts with its
/// open editing spell (action `editing`), which becomes an entry of its own when the spell ends.
pub fn entity(conn: &Connection, entity: AuditEntity, entity_id: i64) -> Result<Vec<AuditEntry>> {
    let mut entries = audit::logged(conn, entity, entity_id)?;
    if entity == AuditEntity::CaseDiscussion
        && let Some(open) = discussions::open_spell(conn, entity_id)?
    {
        entries.insert(0, open);
    }
    Ok(entries)
}

/// What the team has said and agreed about one person at earlier meetings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PastDiscussion {
    pub agenda_item_id: i64,
    pub meeting_id: i64,
    pub meeting_title: String,
    pub meeting_starts_at: String,
    pub outcome: Outcome,
    pub reason: String,
    pub decision: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseHistory {
    pub reference: String,
    pub discussions: Vec<PastDiscussion>,
    pub actions: Vec<AgreedAction>,
}

pub fn case(conn: &Connection, reference: &str) -> Result<CaseHistory> {
    let case_id: i64 = conn
        .query_row("SELECT id FROM cases WHERE reference = ?1", [reference.trim()], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("Case {reference}") })?;
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, m.id, m.title, m.starts_at, a.outcome, a.reason, coalesce(d.decision, '')
         FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
         LEFT JOIN case_discussions d ON d.agenda_item_id = a.id
         WHERE a.case_id = ?1 ORDER BY m.starts_at DESC, a.id DESC",
    )?;
    let discussions = stmt
        .query_map([case_id], |r| {
            Ok(PastDiscussion {
                agenda_item_id: r.get(0)?,
                meeting_id: r.get(1)?,
                meeting_title: r.get(2)?,
                meeting_starts_at: r.get(3)?,
                outcome: r.get(4)?,
                reason: r.get(5)?,
                decision: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let actions = actions::list(conn, &ActionFilter { case_id: Some(case_id), ..Default::default() })?;
    Ok(CaseHistory { reference: reference.trim().to_string(), discussions, actions })
}

