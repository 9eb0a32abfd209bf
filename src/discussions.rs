//! The structured record of one case discussion: what was said, the person's needs, who leads
//! on what, who holds clinical risk, escalations, step-down or step-up, and the decision.
//! The minute-taker's screen saves the whole record as they type.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;

use crate::audit::{self, AuditAction, Change};
use crate::meetings::{EditMode, ensure_editable};
use crate::text_checks::{check_line, check_note, quoted};
use crate::{Error, Result, Store, dates, text_enum};

/// Longest text a single field may hold (about 100 pages); beyond this is almost surely a paste slip.
const TEXT_MAX: usize = 200_000;

text_enum!(
    /// What a person needs help with, as tagged by the team.
    Need {
        Functional => "functional",
        Cognitive => "cognitive",
        EnvironmentalRisk => "environmental_risk",
        ClinicalRisk => "clinical_risk",
        Safeguarding => "safeguarding",
        SocialIsolation => "social_isolation",
        Housing => "housing",
        Money => "money",
        Employment => "employment",
        EmotionalWellbeing => "emotional_wellbeing",
        LongTermCondition => "long_term_condition",
        MentalHealth => "mental_health",
        PhysicalActivity => "physical_activity",
        Carer => "carer",
        FrequentAttendance => "frequent_attendance",
    }
);

text_enum!(
    /// What made the team consider escalating.
    EscalationTrigger {
        Safeguarding => "safeguarding",
        Deterioration => "deterioration",
        EnvironmentalRisk => "environmental_risk",
        Complexity => "complexity",
    }
);

text_enum!(TransitionDirection {
    StepDown => "step_down",
    StepUp => "step_up",
});

/// Who leads on one aspect of support: a named member, or a role when nobody is named yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Lead {
    pub aspect: String,
    pub member_id: Option<i64>,
    pub role_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Escalation {
    pub trigger: EscalationTrigger,
    /// E.g. GP, safeguarding lead, duty team, mental health services, HIU lead.
    pub route: String,
    pub informed: String,
    /// When the team decided not to escalate, why.
    pub not_needed_reason: String,
}

/// Step-down (e.g. OT to SPLW once stable) or step-up, with the handover plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Transition {
    pub direction: TransitionDirection,
    pub from_role_key: String,
    pub to_role_key: String,
    pub handover_plan: String,
    pub joint_visits: i64,
    /// Who the receiving worker can consult, e.g. "OT in the community mental health team".
    pub consult_contact: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiscussionRecord {
    pub situation: String,
    pub done_so_far: String,
    pub discussion: String,
    pub needs: Vec<Need>,
    pub leads: Vec<Lead>,
    pub risk_holder_id: Option<i64>,
    pub communication_plan: String,
    pub urgent_contacts: String,
    pub escalations: Vec<Escalation>,
    pub transitions: Vec<Transition>,
    pub decision: String,
    pub decision_owner_id: Option<i64>,
    pub next_review_date: Option<String>,
}

impl DiscussionRecord {
    pub(crate) fn validated(&self, conn: &Connection) -> Result<DiscussionRecord> {
        let mut record = self.clone();
        for (field, text) in [
            ("situation", &record.situation),
            ("doneSoFar", &record.done_so_far),
            ("discussion", &record.discussion),
            ("communicationPlan", &record.communication_plan),
            ("urgentContacts", &record.urgent_contacts),
            ("decision", &record.decision),
        ] {
            if text.chars().count() > TEXT_MAX {
                return Err(Error::invalid(field, format!("This note is longer than {TEXT_MAX} characters; split it or attach it elsewhere.")));
            }
            check_note(field, "note", text)?;
        }
        for e in &record.escalations {
            for text in [&e.route, &e.informed, &e.not_needed_reason] {
                check_note("escalations", "escalation", text)?;
            }
        }
        for t in &record.transitions {
            for text in [&t.handover_plan, &t.consult_contact] {
                check_note("transitions", "handover", text)?;
            }
        }
        record.next_review_date = dates::parse_optional_date("nextReviewDate", record.next_review_date.as_deref())?;
        for (field, id) in [("riskHolderId", record.risk_holder_id), ("decisionOwnerId", record.decision_owner_id)] {
            if let Some(id) = id {
                crate::members::get(conn, id).map_err(|_| Error::invalid(field, format!("Team member #{id} is not on the roster.")))?;
            }
        }
        record.needs.sort_by_key(|n| n.as_str());
        record.needs.dedup();
        record.leads.retain(|l| !l.aspect.trim().is_empty() || l.member_id.is_some() || l.role_key.is_some());
        for lead in &record.leads {
            if lead.aspect.trim().is_empty() {
                return Err(Error::invalid("leads", "Say which aspect of support each lead covers (e.g. functional assessment)."));
            }
            check_line("leads", "aspect a lead covers", lead.aspect.trim())?;
            if lead.member_id.is_none() && lead.role_key.is_none() {
                return Err(Error::invalid("leads", format!("Name a member or a role to lead on {}.", quoted(lead.aspect.trim()))));
            }
        }
        let role_keys = record.leads.iter().filter_map(|l| l.role_key.as_deref());
        let transition_keys = record.transitions.iter().flat_map(|t| [t.from_role_key.as_str(), t.to_role_key.as_str()]);
        for key in role_keys.chain(transition_keys) {
            if crate::roles::find(conn, key)?.is_none() {
                return Err(Error::invalid("leads", format!("{} is not a known role.", quoted(key))));
            }
        }
        for t in &record.transitions {
            if !(0..=50).contains(&t.joint_visits) {
                return Err(Error::invalid("transitions", "Joint visits must be a number from 0 to 50."));
            }
        }
        Ok(record)
    }
}

/// The record for an agenda item, or `None` when nothing has been written yet.
pub fn get(conn: &Connection, item_id: i64) -> Result<Option<DiscussionRecord>> {
    let Some(mut record) = conn
        .prepare_cached(
            "SELECT situation, done_so_far, discussion, risk_holder_id, communication_plan, urgent_contacts,
                    decision, decision_owner_id, next_review_date
             FROM case_discussions WHERE agenda_item_id = ?1",
        )?
        .query_row([item_id], |r| {
            Ok(DiscussionRecord {
                situation: r.get(0)?,
                done_so_far: r.get(1)?,
                discussion: r.get(2)?,
                risk_holder_id: r.get(3)?,
                communication_plan: r.get(4)?,
                urgent_contacts: r.get(5)?,
                decision: r.get(6)?,
                decision_owner_id: r.get(7)?,
                next_review_date: r.get(8)?,
                ..Default::default()
            })
        })
        .optional()?
    else {
        return Ok(None);
    };
    record.needs = conn
        .prepare_cached("SELECT need FROM discussion_needs WHERE agenda_item_id = ?1 ORDER BY need")?
        .query_map([item_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    record.leads = conn
        .prepare_cached("SELECT aspect, member_id, role_key FROM discussion_leads WHERE agenda_item_id = ?1 ORDER BY id")?
        .query_map([item_id], |r| Ok(Lead { aspect: r.get(0)?, member_id: r.get(1)?, role_key: r.get(2)? }))?
        .collect::<rusqlite::Result<_>>()?;
    record.escalations = conn
        .prepare_cached("SELECT trigger, route, informed, not_needed_reason FROM escalations WHERE agenda_item_id = ?1 ORDER BY id")?
        .query_map([item_id], |r| {
            Ok(Escalation { trigger: r.get(0)?, route: r.get(1)?, informed: r.get(2)?, not_needed_reason: r.get(3)? })
        })?
        .collect::<rusqlite::Result<_>>()?;
    record.transitions = conn
        .prepare_cached(
            "SELECT direction, from_role_key, to_role_key, handover_plan, joint_visits, consult_contact
             FROM care_transitions WHERE agenda_item_id = ?1 ORDER BY id",
        )?
        .query_map([item_id], |r| {
            Ok(Transition {
                direction: r.get(0)?,
                from_role_key: r.get(1)?,
                to_role_key: r.get(2)?,
                handover_plan: r.get(3)?,
                joint_visits: r.get(4)?,
                consult_contact: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(record))
}

/// Saves the whole record in one transaction: a crash leaves the previous save or this one,
/// never half of each. While minutes are being amended, the change is audited with old and new.
#[instrument(skip(store, record), err)]
pub fn save(store: &mut Store, item_id: i64, record: &DiscussionRecord) -> Result<String> {
    store.write(|tx, actor| {
        let meeting_id = crate::agenda::meeting_of(tx, item_id)?;
        let mode = ensure_editable(tx, meeting_id)?;
        let kind: String = tx.query_row("SELECT kind FROM agenda_items WHERE id = ?1", [item_id], |r| r.get(0))?;
        if kind != "case" {
            return Err(Error::Conflict("Only case items have a discussion record.".into()));
        }
        let record = record.validated(tx)?;
        let before = get(tx, item_id)?;
        if before.as_ref() == Some(&record) {
            return Ok(crate::storage::now_utc());
        }
        match mode {
            EditMode::Amending => {
                write_record(tx, item_id, &record)?;
                let change = Change { entity: "case_discussion", entity_id: item_id, action: AuditAction::Amend, before: before.as_ref(), after: Some(&record) };
                audit::record(tx, actor, change)?;
            }
            EditMode::Draft => {
                continue_spell(tx, item_id, actor, before.as_ref())?;
                write_record(tx, item_id, &record)?;
            }
        }
        Ok(crate::storage::now_utc())
    })
}

/// A spell of editing ends when its author has not saved for this long.
const DRAFT_SPELL_MINUTES: i64 = 10;

/// Before a draft save: carries on this person's editing spell, or closes whoever's spell was
/// open (into the audit log) and starts a new one from `current`, the record as it is now.
fn continue_spell(tx: &Transaction<'_>, item_id: i64, actor: &str, current: Option<&DiscussionRecord>) -> Result<()> {
    let now = crate::storage::now_utc();
    let quiet_since = (chrono::Utc::now() - chrono::Duration::minutes(DRAFT_SPELL_MINUTES))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let carried_on = tx
        .prepare_cached(
            "UPDATE draft_edit_spells SET last_saved_at = ?3 WHERE agenda_item_id = ?1 AND actor = ?2 AND last_saved_at >= ?4",
        )?
        .execute(params![item_id, actor, now, quiet_since])?;
    if carried_on == 0 {
        close_spell(tx, item_id, current)?;
        let before = current.map(|r| serde_json::to_string(r).expect("a record serialises"));
        tx.prepare_cached(
            "INSERT INTO draft_edit_spells (agenda_item_id, actor, started_at, last_saved_at, before) VALUES (?1, ?2, ?3, ?3, ?4)",
        )?
        .execute(params![item_id, actor, now, before])?;
    }
    Ok(())
}

/// Writes the item's open editing spell, if any, to the audit log as one change: the record when
/// the spell began, `current` (the record as its author last saved it), by them, at their last save.
fn close_spell(tx: &Transaction<'_>, item_id: i64, current: Option<&DiscussionRecord>) -> Result<()> {
    let spell: Option<(String, String, Option<String>)> = tx
        .prepare_cached("SELECT actor, last_saved_at, before FROM draft_edit_spells WHERE agenda_item_id = ?1")?
        .query_row([item_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((actor, at, before)) = spell else { return Ok(()) };
    tx.prepare_cached("DELETE FROM draft_edit_spells WHERE agenda_item_id = ?1")?.execute([item_id])?;
    let before: Option<DiscussionRecord> = before.map(|b| serde_json::from_str(&b)).transpose().map_err(|e| Error::Internal(e.to_string()))?;
    if before.as_ref() == current {
        return Ok(());
    }
    let action = if before.is_none() { AuditAction::Create } else { AuditAction::Update };
    let change = Change { entity: "case_discussion", entity_id: item_id, action, before: before.as_ref(), after: current };
    audit::record_at(tx, &at, &actor, change)
}

/// Closes every open editing spell on the meeting's case records (at finalising, so the log has
/// each person's last draft changes before the minutes are fixed).
pub(crate) fn close_spells(tx: &Transaction<'_>, meeting_id: i64) -> Result<()> {
    let items: Vec<i64> = tx
        .prepare_cached(
            "SELECT s.agenda_item_id FROM draft_edit_spells s JOIN agenda_items a ON a.id = s.agenda_item_id WHERE a.meeting_id = ?1",
        )?
        .query_map([meeting_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for item in items {
        close_spell(tx, item, get(tx, item)?.as_ref())?;
    }
    Ok(())
}

/// Before an item is removed: its record, if it had one, is logged as deleted.
pub(crate) fn record_removal(tx: &Transaction<'_>, actor: &str, item_id: i64) -> Result<()> {
    let current = get(tx, item_id)?;
    close_spell(tx, item_id, current.as_ref())?;
    if let Some(record) = current {
        let change = Change { entity: "case_discussion", entity_id: item_id, action: AuditAction::Delete, before: Some(&record), after: None };
        audit::record(tx, actor, change)?;
    }
    Ok(())
}

/// The item's editing spell still open, as an audit entry would show it once closed (`action`
/// "editing"): shown at the top of a record's history.
pub fn open_spell(conn: &Connection, item_id: i64) -> Result<Option<audit::AuditEntry>> {
    let spell: Option<(String, String, Option<String>)> = conn
        .prepare_cached("SELECT actor, last_saved_at, before FROM draft_edit_spells WHERE agenda_item_id = ?1")?
        .query_row([item_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((actor, at, before)) = spell else { return Ok(None) };
    let after = get(conn, item_id)?.map(|r| serde_json::to_string(&r).expect("a record serialises"));
    Ok(Some(audit::AuditEntry {
        at,
        actor,
        entity: "case_discussion".into(),
        entity_id: Some(item_id),
        action: "editing".into(),
        before,
        after,
    }))
}

/// Writes a validated record over whatever the item had, with no audit entry.
pub(crate) fn write_record(tx: &Transaction<'_>, item_id: i64, r: &DiscussionRecord) -> Result<()> {
    tx.execute(
        "INSERT INTO case_discussions (agenda_item_id, situation, done_so_far, discussion, risk_holder_id,
             communication_plan, urgent_contacts, decision, decision_owner_id, next_review_date, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (agenda_item_id) DO UPDATE SET
             situation = excluded.situation, done_so_far = excluded.done_so_far, discussion = excluded.discussion,
             risk_holder_id = excluded.risk_holder_id, communication_plan = excluded.communication_plan,
             urgent_contacts = excluded.urgent_contacts, decision = excluded.decision,
             decision_owner_id = excluded.decision_owner_id, next_review_date = excluded.next_review_date,
             updated_at = excluded.updated_at",
        params![
            item_id,
            r.situation,
            r.done_so_far,
            r.discussion,
            r.risk_holder_id,
            r.communication_plan,
            r.urgent_contacts,
            r.decision,
            r.decision_owner_id,
            r.next_review_date,
            crate::storage::now_utc()
        ],
    )?;
    for table in ["discussion_needs", "discussion_leads", "escalations", "care_transitions"] {
        tx.execute(&format!("DELETE FROM {table} WHERE agenda_item_id = ?1"), [item_id])?;
    }
    for need in &r.needs {
        tx.execute("INSERT INTO discussion_needs (agenda_item_id, need) VALUES (?1, ?2)", params![item_id, need])?;
    }
    for l in &r.leads {
        tx.execute(
            "INSERT INTO discussion_leads (agenda_item_id, aspect, member_id, role_key) VALUES (?1, ?2, ?3, ?4)",
            params![item_id, l.aspect.trim(), l.member_id, l.role_key],
        )?;
    }
    for e in &r.escalations {
        tx.execute(
            "INSERT INTO escalations (agenda_item_id, trigger, route, informed, not_needed_reason) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![item_id, e.trigger, e.route.trim(), e.informed.trim(), e.not_needed_reason.trim()],
        )?;
    }
    for t in &r.transitions {
        tx.execute(
            "INSERT INTO care_transitions (agenda_item_id, direction, from_role_key, to_role_key, handover_plan, joint_visits, consult_contact)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![item_id, t.direction, t.from_role_key, t.to_role_key, t.handover_plan.trim(), t.joint_visits, t.consult_contact.trim()],
        )?;
    }
    Ok(())
}
