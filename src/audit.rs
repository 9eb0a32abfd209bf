//! The append-only audit log. Every change is recorded in the same transaction as the change
//! itself, so the log can never disagree with the data. Triggers refuse UPDATE and DELETE.

use rusqlite::{Connection, params};
use serde::Serialize;

use crate::{Result, text_enum};

text_enum!(
    /// What was done, as the audit log stores it (column `action`).
    AuditAction {
        Create => "create",
        Update => "update",
        Delete => "delete",
        /// A change to finalised minutes, made with a recorded reason.
        Amend => "amend",
        Finalise => "finalise",
        /// A full identifier was shown on screen.
        Reveal => "reveal",
        Restore => "restore",
        /// A document (e.g. the minutes as a PDF) was written to a file.
        Export => "export",
        /// Never stored: a case record's editing spell still open, shown at the top of its history
        /// until it becomes an entry of its own (see `crate::discussions`).
        Editing => "editing",
    }
);

text_enum!(
    /// What a change was made to, as the audit log stores it (column `entity`). With the entry's
    /// `entity_id` it names one thing.
    AuditEntity {
        /// A meeting's details, its start, finalising and exports (id: the meeting).
        Meeting => "meeting",
        AgendaItem => "agenda_item",
        /// The order of a meeting's agenda (id: the meeting).
        AgendaOrder => "agenda_order",
        /// A meeting's attendance (id: the meeting).
        Attendance => "attendance",
        /// A case record (id: its agenda item).
        CaseDiscussion => "case_discussion",
        /// A person's full identifier, revealed (id: the case).
        CaseIdentifier => "case_identifier",
        AgreedAction => "agreed_action",
        /// A lead decision changed while amending (id: the agenda item).
        LeadDecision => "lead_decision",
        TeamMember => "team_member",
        /// Who is using the app (id: the member chosen).
        CurrentUser => "current_user",
        TeachIn => "teach_in",
        /// A team's edit of a role profile (id: the edit).
        RoleProfileEdit => "role_profile_edit",
        /// The team's guidance settings (id: 0).
        GuidanceSettings => "guidance_settings",
        /// The whole database, restored from a backup (id: 0).
        Database => "database",
        /// An escalation closed or reopened (id: the closure).
        EscalationClosure => "escalation_closure",
        /// A guidance flag dismissed by the chair, or the dismissal undone (id: the dismissal).
        FlagDismissal => "flag_dismissal",
        /// A meeting cancelled (create) or reinstated (delete) (id: the meeting).
        MeetingCancellation => "meeting_cancellation",
        /// What matters to a person and their goals (id: the case).
        PersonProfile => "person_profile",
        /// A person's joint-working agreement agreed or changed (id: the case).
        PersonAgreement => "person_agreement",
        /// A person's joint-working agreement confirmed as still right at a discussion (id: the agenda item).
        AgreementReview => "agreement_review",
        /// A referral made, corrected or moved on (id: the referral).
        Referral => "referral",
        /// A person's answer about sharing information with an outside service (id: the answer).
        SharingConsent => "sharing_consent",
        /// An outcome measure added by the team, or put in or out of use (id: 0; the key is in the
        /// values).
        OutcomeMeasure => "outcome_measure",
        /// A person's sitting of an outcome measure, recorded or removed with the reason (id: the
        /// sitting).
        OutcomeScore => "outcome_score",
        /// An entry in the team's directory of local services added or changed (id: the entry).
        DirectoryEntry => "directory_entry",
        /// Who supervises a member set or changed (id: the supervisee).
        SupervisionArrangement => "supervision_arrangement",
        /// A supervision session recorded (id: the session).
        SupervisionSession => "supervision_session",
        /// A case put on a member's list for their next supervision (id: the entry).
        SupervisionCase => "supervision_case",
        /// The roles the team checks for supervision (id: 0).
        SupervisedRoles => "supervised_roles",
    }
);

/// One change to one entity. `before` and `after` are stored as JSON.
pub struct Change<'a, T: Serialize> {
    pub entity: AuditEntity,
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
            change.action,
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
    pub entity: AuditEntity,
    pub entity_id: Option<i64>,
    pub action: AuditAction,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// An entity's audit entries as logged, newest first. What a person reads as the entity's history
/// (with a case record's open editing spell) is [`crate::history::entity`].
pub fn logged(conn: &Connection, entity: AuditEntity, entity_id: i64) -> Result<Vec<AuditEntry>> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    /// The log keeps the strings it always kept: no migration, and older entries read back.
    #[test]
    fn actions_and_entities_are_stored_as_the_same_strings_as_before() {
        let actions: Vec<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(actions, ["create", "update", "delete", "amend", "finalise", "reveal", "restore", "export", "editing"]);
        let entities: Vec<&str> = AuditEntity::ALL.iter().map(|e| e.as_str()).collect();
        assert_eq!(
            entities,
            [
                "meeting", "agenda_item", "agenda_order", "attendance", "case_discussion", "case_identifier", "agreed_action",
                "lead_decision", "team_member", "current_user", "teach_in", "role_profile_edit", "guidance_settings", "database",
                "escalation_closure", "flag_dismissal", "meeting_cancellation", "person_profile",
                "person_agreement", "agreement_review", "referral", "sharing_consent",
                "outcome_measure",
                "outcome_score", "directory_entry",
                "supervision_arrangement", "supervision_session", "supervision_case", "supervised_roles",
            ]
        );

        let mut store = Store::open_in_memory().unwrap();
        store
            .write(|tx, actor| {
                let change = Change { entity: AuditEntity::RoleProfileEdit, entity_id: 7, action: AuditAction::Amend, before: None, after: Some(&1) };
                record(tx, actor, change)
            })
            .unwrap();
        let raw: (String, String) =
            store.conn().query_row("SELECT entity, action FROM audit_log WHERE entity_id = 7", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        assert_eq!(raw, ("role_profile_edit".to_string(), "amend".to_string()));
        // Written as text by an older version, read back as the enums; another entity's log is apart.
        store
            .conn()
            .execute("INSERT INTO audit_log (at, actor, entity, entity_id, action) VALUES ('2026-03-02T10:00:00Z', 'x', 'agreed_action', 7, 'reveal')", [])
            .unwrap();
        let read = logged(store.conn(), AuditEntity::RoleProfileEdit, 7).unwrap();
        assert_eq!(read.len(), 1);
        assert_eq!((read[0].entity, read[0].action, read[0].after.as_deref()), (AuditEntity::RoleProfileEdit, AuditAction::Amend, Some("1")));
        let other = logged(store.conn(), AuditEntity::AgreedAction, 7).unwrap();
        assert_eq!((other.len(), other[0].entity, other[0].action), (1, AuditEntity::AgreedAction, AuditAction::Reveal));
    }
}
