//! The joint-working agreement, kept on the person rather than on one discussion. The guidance
//! asks four questions at the outset of joint working: who leads on which aspect of support, how
//! concerns are passed on, who holds clinical risk, and which services to call in an emergency.
//! They are answered once; every later discussion of the person shows the answers for the team
//! to confirm as still right, or to change with a reason.
//!
//! Each save names the version it was based on: a confirmation or change based on an older
//! version is refused with [`Error::Stale`], so nobody confirms an agreement they have not seen.
//! What happened at each discussion (agreed, confirmed, changed and why) is kept with the
//! agreement as it then stood, so the minutes go on saying what was agreed at the time; it is
//! fixed once the minutes are finalised (database triggers). Changes are audited as entity
//! `person_agreement` (id: the case), confirmations as `agreement_review` (id: the agenda item).

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;

use crate::audit::{self, AuditAction, AuditEntity, Change};
use crate::discussions::Lead;
use crate::meeting_record::{EditMode, MeetingStatus, ensure_editable, meeting_of_item};
use crate::text_checks::{check_line, check_note, quoted};
use crate::{Error, Result, Store, text_enum};

/// Longest answer about concerns or emergency contacts: a few paragraphs.
const ANSWER_MAX: usize = 4_000;
/// Longest aspect, name or service: one line.
const LINE_MAX: usize = 120;
/// Longest reason for a change.
const REASON_MAX: usize = 2_000;

/// Who holds clinical risk, for all of it (an empty aspect) or for one aspect: a roster member,
/// or an outside clinician by name and service.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RiskHolder {
    /// Which part of the person's clinical risk; empty for all of it.
    pub aspect: String,
    pub member_id: Option<i64>,
    /// An outside clinician's name, when the holder is not on the roster.
    pub outside_name: String,
    /// The outside clinician's service, e.g. "Vale community mental health team".
    pub outside_service: String,
}

/// The answers to the four joint-working questions for one person.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Agreement {
    /// Who leads on which aspect of support.
    pub leads: Vec<Lead>,
    /// How concerns are passed on between the people involved.
    pub concerns: String,
    /// Who holds clinical risk, split by aspect when the team agrees so.
    pub risk_holders: Vec<RiskHolder>,
    /// Which services to contact in an emergency or urgent situation.
    pub emergency_contacts: String,
}

text_enum!(
    /// What happened to the agreement at one discussion.
    AgreementOutcome {
        /// Answered for the first time.
        Agreed => "agreed",
        /// Shown and confirmed as still right.
        Confirmed => "confirmed",
        /// Changed, with the reason.
        Changed => "changed",
    }
);

fn check_length(field: &'static str, label: &str, text: &str, max: usize) -> Result<()> {
    if text.chars().count() > max {
        return Err(Error::invalid(field, format!("The {label} is longer than {max} characters: keep it to the point.")));
    }
    Ok(())
}

impl Agreement {
    pub fn is_blank(&self) -> bool {
        self.leads.is_empty() && self.risk_holders.is_empty() && self.concerns.trim().is_empty() && self.emergency_contacts.trim().is_empty()
    }

    /// The agreement as it is stored: blank rows dropped, one-line fields trimmed, every member
    /// on the roster and every role known.
    pub fn validated(&self, conn: &Connection) -> Result<Agreement> {
        for (field, label, text) in [
            ("concerns", "answer on how concerns are passed on", &self.concerns),
            ("emergencyContacts", "answer on whom to call in an emergency", &self.emergency_contacts),
        ] {
            check_length(field, label, text, ANSWER_MAX)?;
            check_note(field, label, text)?;
        }
        let mut leads = Vec::new();
        for lead in &self.leads {
            let aspect = lead.aspect.trim();
            if aspect.is_empty() && lead.member_id.is_none() && lead.role_key.is_none() {
                continue;
            }
            if aspect.is_empty() {
                return Err(Error::invalid("leads", "Say which aspect of support each lead covers (e.g. home safety)."));
            }
            check_length("leads", "aspect", aspect, LINE_MAX)?;
            check_line("leads", "aspect a lead covers", aspect)?;
            match (lead.member_id, lead.role_key.as_deref()) {
                (None, None) => return Err(Error::invalid("leads", format!("Name a member or a role to lead on {}.", quoted(aspect)))),
                (Some(id), _) => member_on_roster(conn, "leads", id)?,
                (None, Some(key)) => {
                    if crate::roles::find(conn, key)?.is_none() {
                        return Err(Error::invalid("leads", format!("{} is not a known role.", quoted(key))));
                    }
                }
            }
            leads.push(Lead { aspect: aspect.to_string(), member_id: lead.member_id, role_key: if lead.member_id.is_some() { None } else { lead.role_key.clone() } });
        }
        let mut risk_holders = Vec::new();
        for holder in &self.risk_holders {
            let (aspect, name, service) = (holder.aspect.trim(), holder.outside_name.trim(), holder.outside_service.trim());
            if aspect.is_empty() && name.is_empty() && service.is_empty() && holder.member_id.is_none() {
                continue;
            }
            for (label, text) in [("aspect", aspect), ("outside clinician's name", name), ("outside clinician's service", service)] {
                check_length("riskHolders", label, text, LINE_MAX)?;
                check_line("riskHolders", label, text)?;
            }
            match holder.member_id {
                Some(_) if !name.is_empty() || !service.is_empty() => {
                    return Err(Error::invalid("riskHolders", "Choose a team member or name an outside clinician to hold risk, not both."));
                }
                Some(id) => member_on_roster(conn, "riskHolders", id)?,
                None if name.is_empty() => {
                    return Err(Error::invalid("riskHolders", "Choose a team member, or give the outside clinician's name, to hold clinical risk."));
                }
                None if service.is_empty() => {
                    return Err(Error::invalid("riskHolders", format!("Say which service {} works for, so the team knows whom to reach.", quoted(name))));
                }
                None => {}
            }
            risk_holders.push(RiskHolder {
                aspect: aspect.to_string(),
                member_id: holder.member_id,
                outside_name: name.to_string(),
                outside_service: service.to_string(),
            });
        }
        let whole = risk_holders.iter().filter(|h| h.aspect.is_empty()).count();
        if whole > 1 || (whole == 1 && risk_holders.len() > 1) {
            return Err(Error::invalid(
                "riskHolders",
                "When clinical risk is split between people, say which aspect each one holds; one holder may hold all of it.",
            ));
        }
        Ok(Agreement { leads, concerns: self.concerns.clone(), risk_holders, emergency_contacts: self.emergency_contacts.clone() })
    }
}

fn member_on_roster(conn: &Connection, field: &'static str, id: i64) -> Result<()> {
    crate::members::get(conn, id).map(|_| ()).map_err(|_| Error::invalid(field, format!("Team member #{id} is not on the roster.")))
}

/// What happened to the agreement at one discussion, with the agreement as it then stood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgreementReview {
    pub agenda_item_id: i64,
    pub outcome: AgreementOutcome,
    /// Why it changed; empty unless changed (or given when first agreed).
    pub reason: String,
    /// The agreement's version after this discussion.
    pub version: i64,
    pub agreement: Agreement,
    /// When (UTC, RFC 3339) and by whom, as the audit log names them.
    pub reviewed_at: String,
    pub reviewed_by: String,
    pub meeting_title: String,
    /// The meeting's start, local time, "2026-12-15T13:00".
    pub meeting_starts_at: String,
}

/// A person's agreement as saved now, with the version a confirmation or change must name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedAgreement {
    pub case_id: i64,
    pub reference: String,
    /// Blank when nothing has been agreed yet.
    pub agreement: Agreement,
    /// 0 until first agreed; each change adds one.
    pub version: i64,
    pub saved_at: Option<String>,
    pub saved_by: Option<String>,
    /// The latest discussion at which it was agreed, confirmed or changed, if any.
    pub last_review: Option<AgreementReview>,
}

/// The agreement as one discussion shows it: as saved now, and what this discussion did with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgreementAtItem {
    pub agenda_item_id: i64,
    pub saved: SavedAgreement,
    /// What this discussion did with the agreement; `None` when it has not been looked at here.
    pub here: Option<AgreementReview>,
}

fn reference(conn: &Connection, case_id: i64) -> Result<String> {
    conn.prepare_cached("SELECT reference FROM cases WHERE id = ?1")?
        .query_row([case_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("Person #{case_id}") })
}

fn stored(conn: &Connection, case_id: i64) -> Result<Option<(Agreement, i64, String, String)>> {
    let Some((concerns, emergency_contacts, version, at, by)) = conn
        .prepare_cached("SELECT concerns, emergency_contacts, version, updated_at, updated_by FROM person_agreements WHERE case_id = ?1")?
        .query_row([case_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .optional()?
    else {
        return Ok(None);
    };
    let leads = conn
        .prepare_cached("SELECT aspect, member_id, role_key FROM person_agreement_leads WHERE case_id = ?1 ORDER BY id")?
        .query_map([case_id], |r| Ok(Lead { aspect: r.get(0)?, member_id: r.get(1)?, role_key: r.get(2)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let risk_holders = conn
        .prepare_cached(
            "SELECT aspect, member_id, outside_name, outside_service FROM person_agreement_risk_holders WHERE case_id = ?1 ORDER BY id",
        )?
        .query_map([case_id], |r| Ok(RiskHolder { aspect: r.get(0)?, member_id: r.get(1)?, outside_name: r.get(2)?, outside_service: r.get(3)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some((Agreement { leads, concerns, risk_holders, emergency_contacts }, version, at, by)))
}

const REVIEW_COLUMNS: &str = "r.agenda_item_id, r.outcome, r.reason, r.version, r.agreement, r.reviewed_at, r.reviewed_by, m.title, m.starts_at";

fn review_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(AgreementReview, String)> {
    Ok((
        AgreementReview {
            agenda_item_id: r.get(0)?,
            outcome: r.get(1)?,
            reason: r.get(2)?,
            version: r.get(3)?,
            agreement: Agreement::default(),
            reviewed_at: r.get(5)?,
            reviewed_by: r.get(6)?,
            meeting_title: r.get(7)?,
            meeting_starts_at: r.get(8)?,
        },
        r.get(4)?,
    ))
}

fn with_agreement((mut review, json): (AgreementReview, String)) -> Result<AgreementReview> {
    review.agreement = serde_json::from_str(&json)
        .map_err(|e| Error::Conflict(format!("The agreement kept with discussion #{} cannot be read ({e}).", review.agenda_item_id)))?;
    Ok(review)
}

/// What one discussion did with the person's agreement, if anything.
pub fn review_at(conn: &Connection, item_id: i64) -> Result<Option<AgreementReview>> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT {REVIEW_COLUMNS} FROM agreement_reviews r JOIN agenda_items a ON a.id = r.agenda_item_id
             JOIN meetings m ON m.id = a.meeting_id WHERE r.agenda_item_id = ?1"
        ))?
        .query_row([item_id], review_row)
        .optional()?;
    row.map(with_agreement).transpose()
}

/// The person's agreement as saved now.
pub fn open(conn: &Connection, case_id: i64) -> Result<SavedAgreement> {
    let reference = reference(conn, case_id)?;
    let last = conn
        .prepare_cached(&format!(
            "SELECT {REVIEW_COLUMNS} FROM agreement_reviews r JOIN agenda_items a ON a.id = r.agenda_item_id
             JOIN meetings m ON m.id = a.meeting_id WHERE a.case_id = ?1
             ORDER BY m.starts_at DESC, r.reviewed_at DESC, r.agenda_item_id DESC LIMIT 1"
        ))?
        .query_row([case_id], review_row)
        .optional()?
        .map(with_agreement)
        .transpose()?;
    Ok(match stored(conn, case_id)? {
        Some((agreement, version, at, by)) => {
            SavedAgreement { case_id, reference, agreement, version, saved_at: Some(at), saved_by: Some(by), last_review: last }
        }
        None => SavedAgreement { case_id, reference, agreement: Agreement::default(), version: 0, saved_at: None, saved_by: None, last_review: last },
    })
}

/// The case of a case item, refused for anything else.
fn case_of_item(conn: &Connection, item_id: i64) -> Result<i64> {
    conn.prepare_cached("SELECT case_id FROM agenda_items WHERE id = ?1")?
        .query_row([item_id], |r| r.get::<_, Option<i64>>(0))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("Agenda item #{item_id}") })?
        .ok_or_else(|| Error::Conflict("Only a person's discussion has a joint-working agreement.".into()))
}

/// The person's agreement as the discussion at `item_id` shows it.
pub fn at_item(conn: &Connection, item_id: i64) -> Result<AgreementAtItem> {
    let case_id = case_of_item(conn, item_id)?;
    Ok(AgreementAtItem { agenda_item_id: item_id, saved: open(conn, case_id)?, here: review_at(conn, item_id)? })
}

/// The agreement that applied at one discussion: as agreed, confirmed or changed there; else,
/// while its minutes are not final, the person's agreement as it stands; else none (the minutes
/// were finalised without anyone looking at it). For the guidance and the minutes.
pub fn in_force_at(conn: &Connection, item_id: i64) -> Result<Option<Agreement>> {
    if let Some(review) = review_at(conn, item_id)? {
        return Ok(Some(review.agreement));
    }
    let row: Option<(Option<i64>, String)> = conn
        .prepare_cached(&format!(
            "SELECT a.case_id, {} FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = ?1",
            crate::meeting_record::STATUS
        ))?
        .query_row([item_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match row {
        Some((Some(case_id), status)) if status != MeetingStatus::Finalised.as_str() => {
            Ok(stored(conn, case_id)?.map(|(agreement, ..)| agreement).filter(|a| !a.is_blank()))
        }
        _ => Ok(None),
    }
}

/// For every case item of a meeting at once, by agenda item: what [`review_at`] says the
/// discussion did with the agreement, and the agreement [`in_force_at`] says applied there.
/// Items with neither are left out.
pub fn at_meeting(conn: &Connection, meeting_id: i64) -> Result<HashMap<i64, (Option<AgreementReview>, Agreement)>> {
    let mut out = HashMap::new();
    let rows = conn
        .prepare_cached(&format!(
            "SELECT {REVIEW_COLUMNS} FROM agenda_items a JOIN agreement_reviews r ON r.agenda_item_id = a.id
             JOIN meetings m ON m.id = a.meeting_id WHERE a.meeting_id = ?1"
        ))?
        .query_map([meeting_id], review_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for row in rows {
        let review = with_agreement(row)?;
        let agreement = review.agreement.clone();
        out.insert(review.agenda_item_id, (Some(review), agreement));
    }
    let status: Option<String> = conn
        .prepare_cached(&format!("SELECT {} FROM meetings m WHERE m.id = ?1", crate::meeting_record::STATUS))?
        .query_row([meeting_id], |r| r.get(0))
        .optional()?;
    if status.is_none_or(|s| s == MeetingStatus::Finalised.as_str()) {
        return Ok(out);
    }
    // Not final: the other discussions show the person's agreement as it stands.
    for (item, agreement) in stored_at_meeting(conn, meeting_id)? {
        if !agreement.is_blank() {
            out.entry(item).or_insert((None, agreement));
        }
    }
    Ok(out)
}

/// [`stored`] for the person of each case item of a meeting, by agenda item, in three queries.
fn stored_at_meeting(conn: &Connection, meeting_id: i64) -> Result<Vec<(i64, Agreement)>> {
    const CASES: &str = "SELECT case_id FROM agenda_items WHERE meeting_id = ?1 AND case_id IS NOT NULL";
    let mut leads: HashMap<i64, Vec<Lead>> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT case_id, aspect, member_id, role_key FROM person_agreement_leads WHERE case_id IN ({CASES}) ORDER BY id"
    ))?;
    for row in stmt.query_map([meeting_id], |r| Ok((r.get::<_, i64>(0)?, Lead { aspect: r.get(1)?, member_id: r.get(2)?, role_key: r.get(3)? })))? {
        let (case, lead) = row?;
        leads.entry(case).or_default().push(lead);
    }
    let mut holders: HashMap<i64, Vec<RiskHolder>> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT case_id, aspect, member_id, outside_name, outside_service FROM person_agreement_risk_holders
         WHERE case_id IN ({CASES}) ORDER BY id"
    ))?;
    for row in stmt.query_map([meeting_id], |r| {
        Ok((r.get::<_, i64>(0)?, RiskHolder { aspect: r.get(1)?, member_id: r.get(2)?, outside_name: r.get(3)?, outside_service: r.get(4)? }))
    })? {
        let (case, holder) = row?;
        holders.entry(case).or_default().push(holder);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, p.case_id, p.concerns, p.emergency_contacts FROM agenda_items a JOIN person_agreements p ON p.case_id = a.case_id
         WHERE a.meeting_id = ?1",
    )?;
    let rows = stmt.query_map([meeting_id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (item, case, concerns, emergency_contacts) = row?;
        let leads = leads.get(&case).cloned().unwrap_or_default();
        let risk_holders = holders.get(&case).cloned().unwrap_or_default();
        out.push((item, Agreement { leads, concerns, risk_holders, emergency_contacts }));
    }
    Ok(out)
}

/// Checks the discussion may act on the agreement now: a case item of a meeting that is not
/// finalised or cancelled. Amending finalised minutes cannot change the person's agreement as it
/// stands today: that happens at their next discussion.
fn editable_item(tx: &Transaction<'_>, item_id: i64) -> Result<i64> {
    let case_id = case_of_item(tx, item_id)?;
    if ensure_editable(tx, meeting_of_item(tx, item_id)?)? == EditMode::Amending {
        return Err(Error::Conflict(
            "The joint-working agreement is the person's agreement as it stands now: confirm or change it at their next \
             discussion, not in minutes being amended."
                .into(),
        ));
    }
    Ok(case_id)
}

fn keep_review(tx: &Transaction<'_>, item_id: i64, outcome: AgreementOutcome, reason: &str, version: i64, agreement: &Agreement, actor: &str) -> Result<()> {
    let json = serde_json::to_string(agreement).map_err(|e| Error::Conflict(e.to_string()))?;
    tx.prepare_cached(
        "INSERT INTO agreement_reviews (agenda_item_id, outcome, reason, version, agreement, reviewed_at, reviewed_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (agenda_item_id) DO UPDATE SET outcome = excluded.outcome, reason = excluded.reason,
             version = excluded.version, agreement = excluded.agreement, reviewed_at = excluded.reviewed_at,
             reviewed_by = excluded.reviewed_by",
    )?
    .execute(params![item_id, outcome, reason, version, json, crate::storage::now_utc(), actor])?;
    Ok(())
}

/// The team confirms at this discussion that the person's agreement is still right. `based_on` is
/// the version the screen showed: when it changed since, the confirmation is refused with
/// [`Error::Stale`]. Confirming what this discussion already agreed, changed or confirmed
/// changes nothing.
#[instrument(skip(store), err)]
pub fn confirm(store: &mut Store, item_id: i64, based_on: i64) -> Result<AgreementAtItem> {
    store.write(|tx, actor| {
        let case_id = editable_item(tx, item_id)?;
        let current = open(tx, case_id)?;
        if current.version == 0 {
            return Err(Error::Conflict(format!(
                "Nothing has been agreed yet for {} to confirm: answer the joint-working questions first.",
                current.reference
            )));
        }
        if based_on != current.version {
            return Err(Error::Stale { what: format!("The joint-working agreement for {}", current.reference) });
        }
        if review_at(tx, item_id)?.is_none() {
            keep_review(tx, item_id, AgreementOutcome::Confirmed, "", current.version, &current.agreement, actor)?;
            let change = Change { entity: AuditEntity::AgreementReview, entity_id: item_id, action: AuditAction::Create, before: None, after: Some(&current.agreement) };
            audit::record(tx, actor, change)?;
        }
        at_item(tx, item_id)
    })
}

/// Agrees the person's joint-working agreement for the first time, or changes it, at this
/// discussion. A change needs a reason, except while correcting what this same discussion first
/// agreed. `based_on` is the version the screen was opened at; a save based on an older one is
/// refused with [`Error::Stale`] and nothing changes.
#[instrument(skip(store, agreement, reason), err)]
pub fn change(store: &mut Store, item_id: i64, based_on: i64, agreement: &Agreement, reason: &str) -> Result<AgreementAtItem> {
    store.write(|tx, actor| {
        let case_id = editable_item(tx, item_id)?;
        let current = open(tx, case_id)?;
        let agreement = agreement.validated(tx)?;
        let reason = reason.trim();
        check_length("reason", "reason", reason, REASON_MAX)?;
        check_note("reason", "reason", reason)?;
        if based_on != current.version {
            return Err(Error::Stale { what: format!("The joint-working agreement for {}", current.reference) });
        }
        if agreement.is_blank() {
            return Err(Error::invalid("agreement", "Answer at least one of the joint-working questions before saving the agreement."));
        }
        if current.version > 0 && agreement == current.agreement {
            return Err(Error::invalid(
                "agreement",
                "Nothing in the agreement has changed. If it is still right, choose \"Still right\" to confirm it.",
            ));
        }
        let here = review_at(tx, item_id)?;
        let outcome = match (current.version, here.as_ref().map(|h| h.outcome)) {
            (0, _) | (_, Some(AgreementOutcome::Agreed)) => AgreementOutcome::Agreed,
            _ => AgreementOutcome::Changed,
        };
        if outcome == AgreementOutcome::Changed && reason.is_empty() {
            return Err(Error::invalid(
                "reason",
                "Say why the agreement changes (e.g. the OT has stepped down and the SPLW now leads), so the team can follow it later.",
            ));
        }
        let version = current.version + 1;
        let now = crate::storage::now_utc();
        tx.prepare_cached(
            "INSERT INTO person_agreements (case_id, concerns, emergency_contacts, version, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (case_id) DO UPDATE SET concerns = excluded.concerns, emergency_contacts = excluded.emergency_contacts,
                 version = excluded.version, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )?
        .execute(params![case_id, agreement.concerns, agreement.emergency_contacts, version, now, actor])?;
        tx.prepare_cached("DELETE FROM person_agreement_leads WHERE case_id = ?1")?.execute([case_id])?;
        for lead in &agreement.leads {
            tx.prepare_cached("INSERT INTO person_agreement_leads (case_id, aspect, member_id, role_key) VALUES (?1, ?2, ?3, ?4)")?
                .execute(params![case_id, lead.aspect, lead.member_id, lead.role_key])?;
        }
        tx.prepare_cached("DELETE FROM person_agreement_risk_holders WHERE case_id = ?1")?.execute([case_id])?;
        for h in &agreement.risk_holders {
            tx.prepare_cached(
                "INSERT INTO person_agreement_risk_holders (case_id, aspect, member_id, outside_name, outside_service) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![case_id, h.aspect, h.member_id, h.outside_name, h.outside_service])?;
        }
        let kept_reason = match (outcome, here) {
            // A correction during the discussion that first agreed it keeps the first reason, if any.
            (AgreementOutcome::Agreed, Some(h)) if reason.is_empty() => h.reason,
            _ => reason.to_string(),
        };
        keep_review(tx, item_id, outcome, &kept_reason, version, &agreement, actor)?;
        // The log keeps the reason with the answers, so the history says why it changed.
        let before = (current.version > 0).then(|| Audited { agreement: &current.agreement, reason: "" });
        let after = Audited { agreement: &agreement, reason: &kept_reason };
        let action = if current.version == 0 { AuditAction::Create } else { AuditAction::Update };
        audit::record(tx, actor, Change { entity: AuditEntity::PersonAgreement, entity_id: case_id, action, before: before.as_ref(), after: Some(&after) })?;
        at_item(tx, item_id)
    })
}

/// An agreement as the audit log keeps it: the answers and the reason given for them.
#[derive(Serialize)]
struct Audited<'a> {
    #[serde(flatten)]
    agreement: &'a Agreement,
    reason: &'a str,
}

/// Gives each person whose discussions answered the joint-working questions, and who has no
/// agreement yet, their latest answers as their agreement: what the migration that brought
/// agreements did for older databases, for discussions written straight into the database (the
/// ten-year sample generator). Returns how many agreements it wrote.
pub fn seed_from_records(conn: &Connection) -> Result<usize> {
    conn.execute_batch(
        "CREATE TEMP TABLE latest_answers AS
         SELECT a.case_id, a.id AS item_id
         FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id JOIN case_discussions d ON d.agenda_item_id = a.id
         WHERE a.case_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM person_agreements p WHERE p.case_id = a.case_id)
           AND (d.risk_holder_id IS NOT NULL OR trim(d.communication_plan) <> '' OR trim(d.urgent_contacts) <> ''
                OR EXISTS (SELECT 1 FROM discussion_leads l WHERE l.agenda_item_id = a.id))
           AND NOT EXISTS (
               SELECT 1 FROM agenda_items a2 JOIN meetings m2 ON m2.id = a2.meeting_id JOIN case_discussions d2 ON d2.agenda_item_id = a2.id
               WHERE a2.case_id = a.case_id AND (m2.starts_at > m.starts_at OR (m2.starts_at = m.starts_at AND a2.id > a.id))
                 AND (d2.risk_holder_id IS NOT NULL OR trim(d2.communication_plan) <> '' OR trim(d2.urgent_contacts) <> ''
                      OR EXISTS (SELECT 1 FROM discussion_leads l2 WHERE l2.agenda_item_id = a2.id)));",
    )?;
    let result = (|| -> Result<usize> {
        let written = conn.execute(
            "INSERT INTO person_agreements (case_id, concerns, emergency_contacts, version, updated_at, updated_by)
             SELECT t.case_id, d.communication_plan, d.urgent_contacts, 1, d.updated_at, 'earlier case records'
             FROM latest_answers t JOIN case_discussions d ON d.agenda_item_id = t.item_id",
            [],
        )?;
        conn.execute(
            "INSERT INTO person_agreement_leads (case_id, aspect, member_id, role_key)
             SELECT t.case_id, l.aspect, l.member_id, l.role_key
             FROM latest_answers t JOIN discussion_leads l ON l.agenda_item_id = t.item_id ORDER BY l.id",
            [],
        )?;
        conn.execute(
            "INSERT INTO person_agreement_risk_holders (case_id, aspect, member_id)
             SELECT t.case_id, '', d.risk_holder_id
             FROM latest_answers t JOIN case_discussions d ON d.agenda_item_id = t.item_id WHERE d.risk_holder_id IS NOT NULL",
            [],
        )?;
        Ok(written)
    })();
    conn.execute_batch("DROP TABLE temp.latest_answers")?;
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_are_stored_as_these_words() {
        let stored: Vec<&str> = AgreementOutcome::ALL.iter().map(|o| o.as_str()).collect();
        assert_eq!(stored, ["agreed", "confirmed", "changed"]);
    }
}
