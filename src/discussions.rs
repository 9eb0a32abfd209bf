//! The structured record of one case discussion: what was said, the person's needs, who leads
//! on what, who holds clinical risk, escalations, step-down or step-up, and the decision.
//! The minute-taker's screen saves the whole record as they type.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;

use crate::audit::{self, AuditAction, AuditEntity, Change};
use crate::meeting_record::{EditMode, ensure_editable, meeting_of_item};
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
        /// Thoughts of suicide, self-harm or a mental health crisis.
        RiskToLife => "risk_to_life",
    }
);

text_enum!(
    /// How an escalation ended (see `crate::escalations`).
    ClosureOutcome {
        Resolved => "resolved",
        /// The concern lessened and the person's support stepped back down.
        DeEscalated => "de_escalated",
        /// Another service or person now holds it.
        HandedOver => "handed_over",
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
    /// A step-down's follow-up: the day the team looks again at how the person is doing after
    /// the handover (`YYYY-MM-DD` once saved; typed the UK way, 15/12/2026). It puts the person on
    /// the due-for-review list (see `crate::reviews`). A step-up has none.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up_date: Option<String>,
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
        record.next_review_date = dates::read_optional_date("nextReviewDate", record.next_review_date.as_deref())?;
        for t in &mut record.transitions {
            t.follow_up_date = dates::read_optional_date("transitions", t.follow_up_date.as_deref())
                .map_err(|e| match e {
                    Error::Invalid { message, .. } => Error::invalid("transitions", format!("Step-down follow-up: {message}")),
                    other => other,
                })?;
            if t.follow_up_date.is_some() && t.direction != TransitionDirection::StepDown {
                return Err(Error::invalid("transitions", "A follow-up date belongs to a step-down; a step-up is reviewed at the person's next review."));
            }
        }
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
            "SELECT direction, from_role_key, to_role_key, handover_plan, joint_visits, consult_contact, follow_up_date
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
                follow_up_date: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(record))
}

/// A case record as saved, with the version that a save based on it must name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedRecord {
    /// Empty when nothing has been written yet.
    pub record: DiscussionRecord,
    /// 0 until the record is first saved; each save that changes it adds one.
    pub version: i64,
    /// When it was last saved (UTC, RFC 3339), if ever.
    pub saved_at: Option<String>,
    /// Who saved it last, as the audit log names them, if known.
    pub saved_by: Option<String>,
}

/// What a save did: the version the record now has (unchanged when the save changed nothing),
/// the record as saved, and the parts that could not be saved as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaveReceipt {
    pub version: i64,
    pub saved_at: String,
    pub saved: DiscussionRecord,
    /// Parts kept at their saved value because what was typed cannot be stored (e.g. a date
    /// nobody can read); the rest of the record was saved.
    pub not_saved: Vec<NotSaved>,
}

/// The record as it is saved now: what a screen shows when a record is opened.
pub fn open(conn: &Connection, item_id: i64) -> Result<SavedRecord> {
    meeting_of_item(conn, item_id)?;
    let (version, saved_at): (i64, Option<String>) = conn
        .prepare_cached("SELECT version, updated_at FROM case_discussions WHERE agenda_item_id = ?1")?
        .query_row([item_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, None));
    let saved_by = last_saved_by(conn, item_id)?;
    Ok(SavedRecord { record: get(conn, item_id)?.unwrap_or_default(), version, saved_at: saved_at.filter(|_| version > 0), saved_by })
}

/// Who saved the record last: the author of the open editing spell, else the latest audit entry.
fn last_saved_by(conn: &Connection, item_id: i64) -> Result<Option<String>> {
    let spell = conn
        .prepare_cached("SELECT actor FROM draft_edit_spells WHERE agenda_item_id = ?1")?
        .query_row([item_id], |r| r.get(0))
        .optional()?;
    if spell.is_some() {
        return Ok(spell);
    }
    Ok(conn
        .prepare_cached("SELECT actor FROM audit_log WHERE entity = 'case_discussion' AND entity_id = ?1 ORDER BY id DESC LIMIT 1")?
        .query_row([item_id], |r| r.get(0))
        .optional()?)
}

/// Saves the whole record in one transaction: a crash leaves the previous save or this one,
/// never half of each. `based_on` is the version the person's copy was opened at (see [`open`]):
/// when someone saved a newer version since, the save is refused with [`Error::Stale`] and nothing
/// changes, so a stale copy can never be saved over newer work ([`merge`] then helps the person
/// keep both). A save identical to what is saved is accepted whatever its version. A part that
/// cannot be stored as typed keeps its saved value and is reported; the rest is saved. While
/// minutes are being amended, the change is audited with old and new.
#[instrument(skip(store, record), err)]
pub fn save(store: &mut Store, item_id: i64, based_on: i64, record: &DiscussionRecord) -> Result<SaveReceipt> {
    store.write(|tx, actor| {
        let meeting_id = meeting_of_item(tx, item_id)?;
        let mode = ensure_editable(tx, meeting_id)?;
        let kind: String = tx.query_row("SELECT kind FROM agenda_items WHERE id = ?1", [item_id], |r| r.get(0))?;
        if kind != "case" {
            return Err(Error::Conflict("Only case items have a discussion record.".into()));
        }
        let before = get(tx, item_id)?;
        let (record, not_saved) = saveable(tx, before.as_ref(), record)?;
        let version: i64 = tx
            .prepare_cached("SELECT version FROM case_discussions WHERE agenda_item_id = ?1")?
            .query_row([item_id], |r| r.get(0))
            .optional()?
            .unwrap_or(0);
        if before.as_ref() == Some(&record) {
            return Ok(SaveReceipt { version, saved_at: crate::storage::now_utc(), saved: record, not_saved });
        }
        if based_on != version {
            let reference: String = tx.query_row(
                "SELECT c.reference FROM agenda_items a JOIN cases c ON c.id = a.case_id WHERE a.id = ?1",
                [item_id],
                |r| r.get(0),
            )?;
            return Err(Error::Stale { what: format!("The record of {reference}") });
        }
        match mode {
            EditMode::Amending => {
                write_record(tx, item_id, &record)?;
                let change = Change { entity: AuditEntity::CaseDiscussion, entity_id: item_id, action: AuditAction::Amend, before: before.as_ref(), after: Some(&record) };
                audit::record(tx, actor, change)?;
            }
            EditMode::Draft => {
                continue_spell(tx, item_id, actor, before.as_ref())?;
                write_record(tx, item_id, &record)?;
            }
        }
        let saved_at = crate::storage::now_utc();
        tx.prepare_cached("UPDATE case_discussions SET version = ?2 WHERE agenda_item_id = ?1")?
            .execute(params![item_id, version + 1])?;
        Ok(SaveReceipt { version: version + 1, saved_at, saved: record, not_saved })
    })
}

/// A part of a case record, named as the record's own field is (so the window can take the
/// saved value of just that part).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RecordField {
    Situation,
    DoneSoFar,
    Discussion,
    Needs,
    Leads,
    RiskHolderId,
    CommunicationPlan,
    UrgentContacts,
    Escalations,
    Transitions,
    Decision,
    DecisionOwnerId,
    NextReviewDate,
}

impl RecordField {
    /// Every part, in the order the record shows them.
    pub const ALL: [RecordField; 13] = [
        RecordField::Situation,
        RecordField::DoneSoFar,
        RecordField::Discussion,
        RecordField::Needs,
        RecordField::Leads,
        RecordField::RiskHolderId,
        RecordField::CommunicationPlan,
        RecordField::UrgentContacts,
        RecordField::Escalations,
        RecordField::Transitions,
        RecordField::Decision,
        RecordField::DecisionOwnerId,
        RecordField::NextReviewDate,
    ];

    /// The part's name in the record as it crosses to the window (`doneSoFar`).
    pub fn key(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_string)).expect("a field name serialises as text")
    }

    /// What the field is called on screen.
    pub fn label(self) -> &'static str {
        match self {
            RecordField::Situation => "Situation and background",
            RecordField::DoneSoFar => "What has been done so far",
            RecordField::Discussion => "Discussion",
            RecordField::Needs => "Needs",
            RecordField::Leads => "Who leads on what",
            RecordField::RiskHolderId => "Who holds clinical risk",
            RecordField::CommunicationPlan => "How concerns will be communicated",
            RecordField::UrgentContacts => "Who to contact in an urgent situation",
            RecordField::Escalations => "Escalation",
            RecordField::Transitions => "Step-down or step-up",
            RecordField::Decision => "Decision or outcome",
            RecordField::DecisionOwnerId => "Responsible for carrying it out",
            RecordField::NextReviewDate => "Next review date",
        }
    }
}

/// A part of the record that both the saved copy and the person's copy changed, differently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldConflict {
    pub field: RecordField,
    pub label: String,
    /// The saved value, in words (people by name, codes as words).
    pub saved: String,
    /// The person's value, in words.
    pub yours: String,
}

/// A person's copy brought up to date with what someone else saved since they opened it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MergedRecord {
    /// The record as saved now (the version to base the next save on).
    pub saved: SavedRecord,
    /// The saved record with every change the person made where the other saver did not; where
    /// both changed a part, it keeps the saved value until the person chooses (see `conflicts`).
    pub merged: DiscussionRecord,
    pub conflicts: Vec<FieldConflict>,
}

/// After a save was refused as [`Error::Stale`]: the saved record now, and the person's changes
/// (from `base`, the copy they opened, to `mine`, what they have on screen) applied to it.
/// Nothing is written; the window shows the conflicts beside their fields and saves the result.
pub fn merge(conn: &Connection, item_id: i64, base: &DiscussionRecord, mine: &DiscussionRecord) -> Result<MergedRecord> {
    let saved = open(conn, item_id)?;
    // A date typed the UK way is the same date as the one stored.
    let mut mine = mine.clone();
    if let Ok(date) = crate::dates::read_optional_date("nextReviewDate", mine.next_review_date.as_deref()) {
        mine.next_review_date = date;
    }
    for t in &mut mine.transitions {
        if let Ok(date) = crate::dates::read_optional_date("transitions", t.follow_up_date.as_deref()) {
            t.follow_up_date = date;
        }
    }
    let mine = &mine;
    let (merged, fields) = merge_records(base, &saved.record, mine);
    let conflicts = fields
        .into_iter()
        .map(|field| {
            Ok(FieldConflict {
                field,
                label: field.label().to_string(),
                saved: describe(conn, field, &saved.record)?,
                yours: describe(conn, field, mine)?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(MergedRecord { saved, merged, conflicts })
}

/// A three-way merge of a case record, part by part: a part only one side changed takes that
/// change; needs merge as a set (each side's ticks and unticks both apply); a part both changed
/// differently keeps `theirs` and is listed.
pub fn merge_records(base: &DiscussionRecord, theirs: &DiscussionRecord, mine: &DiscussionRecord) -> (DiscussionRecord, Vec<RecordField>) {
    let (b, t, m) = (parts(base), parts(theirs), parts(mine));
    let mut merged = t.clone();
    let mut conflicts = Vec::new();
    for field in RecordField::ALL.into_iter().filter(|f| *f != RecordField::Needs) {
        let key = field.key();
        if m[&key] == b[&key] || m[&key] == t[&key] {
            continue;
        }
        if t[&key] == b[&key] {
            merged.insert(key.clone(), m[&key].clone());
        } else {
            conflicts.push(field);
        }
    }
    let mut merged: DiscussionRecord = from_parts(merged);
    let added = mine.needs.iter().filter(|n| !base.needs.contains(n));
    let removed: Vec<&Need> = base.needs.iter().filter(|n| !mine.needs.contains(n)).collect();
    merged.needs = theirs.needs.iter().chain(added).filter(|n| !removed.contains(n)).copied().collect();
    merged.needs.sort_by_key(|n| n.as_str());
    merged.needs.dedup();
    (merged, conflicts)
}

/// The record's parts by name, as JSON: one rule then serves every part, whatever its type.
fn parts(r: &DiscussionRecord) -> serde_json::Map<String, serde_json::Value> {
    match serde_json::to_value(r).expect("a record serialises") {
        serde_json::Value::Object(map) => map,
        _ => unreachable!("a record serialises as an object"),
    }
}

fn from_parts(map: serde_json::Map<String, serde_json::Value>) -> DiscussionRecord {
    serde_json::from_value(serde_json::Value::Object(map)).expect("parts of records make a record")
}

/// `to` with one part taken from `from`.
fn with_part(to: &DiscussionRecord, field: RecordField, from: &DiscussionRecord) -> DiscussionRecord {
    let mut map = parts(to);
    let key = field.key();
    map.insert(key.clone(), parts(from)[&key].clone());
    from_parts(map)
}

/// A part of the record that could not be saved as typed (it keeps its saved value), and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NotSaved {
    pub field: RecordField,
    /// What the field is called on screen.
    pub label: String,
    pub message: String,
}

/// What of `mine` can be saved: the whole record when it is valid; otherwise every part that is,
/// on top of `before`, with the parts that are not and why. A date nobody can read or a lead with
/// nobody named must not stop the rest of the record from saving.
fn saveable(conn: &Connection, before: Option<&DiscussionRecord>, mine: &DiscussionRecord) -> Result<(DiscussionRecord, Vec<NotSaved>)> {
    match mine.validated(conn) {
        Ok(whole) => return Ok((whole, Vec::new())),
        Err(Error::Invalid { .. }) => {}
        Err(other) => return Err(other),
    }
    let mut candidate = before.cloned().unwrap_or_default();
    let mut not_saved = Vec::new();
    for field in RecordField::ALL {
        match with_part(&candidate, field, mine).validated(conn) {
            Ok(valid) => candidate = valid,
            Err(Error::Invalid { message, .. }) => not_saved.push(NotSaved { field, label: field.label().to_string(), message }),
            Err(other) => return Err(other),
        }
    }
    Ok((candidate, not_saved))
}

/// One part of a record in words, for a person choosing between two versions of it.
fn describe(conn: &Connection, field: RecordField, r: &DiscussionRecord) -> Result<String> {
    let member = |id: Option<i64>| -> Result<String> {
        Ok(match id {
            None => "Nobody named".to_string(),
            Some(id) => crate::members::get(conn, id).map(|m| format!("{} ({})", m.name, m.role_name)).unwrap_or_else(|_| format!("Member #{id}")),
        })
    };
    let role = |key: &str| -> Result<String> { Ok(crate::roles::find(conn, key)?.map(|r| r.name).unwrap_or_else(|| key.to_string())) };
    let lines = |items: Vec<String>| if items.is_empty() { "None".to_string() } else { items.join("\n") };
    Ok(match field {
        RecordField::Situation => r.situation.clone(),
        RecordField::DoneSoFar => r.done_so_far.clone(),
        RecordField::Discussion => r.discussion.clone(),
        RecordField::CommunicationPlan => r.communication_plan.clone(),
        RecordField::UrgentContacts => r.urgent_contacts.clone(),
        RecordField::Decision => r.decision.clone(),
        RecordField::Needs => lines(r.needs.iter().map(|n| n.as_str().replace('_', " ")).collect()),
        RecordField::RiskHolderId => member(r.risk_holder_id)?,
        RecordField::DecisionOwnerId => member(r.decision_owner_id)?,
        RecordField::NextReviewDate => match &r.next_review_date {
            None => "No date".to_string(),
            Some(d) => crate::dates::parse_date("nextReviewDate", d).map(crate::dates::in_words).unwrap_or_else(|_| d.clone()),
        },
        RecordField::Leads => lines(
            r.leads
                .iter()
                .map(|l| {
                    let who = match (l.member_id, &l.role_key) {
                        (Some(id), _) => member(Some(id))?,
                        (None, Some(key)) => format!("{} (nobody named yet)", role(key)?),
                        (None, None) => "Nobody named".to_string(),
                    };
                    Ok(format!("{}: {who}", l.aspect.trim()))
                })
                .collect::<Result<_>>()?,
        ),
        RecordField::Escalations => lines(
            r.escalations
                .iter()
                .map(|e| {
                    let parts = [("route", &e.route), ("informed", &e.informed), ("not needed because", &e.not_needed_reason)];
                    let said: Vec<String> = parts.iter().filter(|(_, v)| !v.trim().is_empty()).map(|(k, v)| format!("{k}: {}", v.trim())).collect();
                    format!("{} ({})", e.trigger.as_str().replace('_', " "), if said.is_empty() { "nothing recorded".to_string() } else { said.join("; ") })
                })
                .collect(),
        ),
        RecordField::Transitions => lines(
            r.transitions
                .iter()
                .map(|t| {
                    let direction = if t.direction == TransitionDirection::StepDown { "Step-down" } else { "Step-up" };
                    let follow_up = match &t.follow_up_date {
                        Some(d) => format!(" (follow-up {})", crate::dates::parse_date("transitions", d).map(crate::dates::in_words).unwrap_or_else(|_| d.clone())),
                        None => String::new(),
                    };
                    Ok(format!("{direction} from {} to {}: {}{follow_up}", role(&t.from_role_key)?, role(&t.to_role_key)?, t.handover_plan.trim()))
                })
                .collect::<Result<_>>()?,
        ),
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
    let change = Change { entity: AuditEntity::CaseDiscussion, entity_id: item_id, action, before: before.as_ref(), after: current };
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
        let change = Change { entity: AuditEntity::CaseDiscussion, entity_id: item_id, action: AuditAction::Delete, before: Some(&record), after: None };
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
        entity: AuditEntity::CaseDiscussion,
        entity_id: Some(item_id),
        action: AuditAction::Editing,
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
            "INSERT INTO care_transitions (agenda_item_id, direction, from_role_key, to_role_key, handover_plan, joint_visits, consult_contact, follow_up_date)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![item_id, t.direction, t.from_role_key, t.to_role_key, t.handover_plan.trim(), t.joint_visits, t.consult_contact.trim(), t.follow_up_date],
        )?;
    }
    Ok(())
}
