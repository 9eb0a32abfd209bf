//! The person at the centre: what matters to them, in their own words, and their goals, with the
//! reference of their personalised care and support plan when they have one. It is kept on the
//! person (the case, known only by its pseudonymous reference), not on one discussion, so every
//! later discussion of them starts from it; the joint-working guidance starts from what matters
//! to the person.
//!
//! Saved like a case record: each save names the version it was based on, and one based on an
//! older version is refused with [`Error::Stale`], so a stale screen never writes over newer
//! words. Every change is in the audit log (entity `person_profile`, id: the case), which is its
//! history. When a meeting's minutes are finalised, each case's profile as it then stood is kept
//! with them, so the minutes go on saying what was said at the time.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;

use crate::audit::{self, AuditAction, AuditEntity, Change};
use crate::text_checks::{check_line, check_note};
use crate::{Error, Result, Store};

/// Longest "what matters" or "goals" text: a page or two, in the person's words. Longer belongs
/// in the discussion record.
const WORDS_MAX: usize = 10_000;
/// Longest care plan reference.
const PLAN_REFERENCE_MAX: usize = 80;

/// What matters to the person and what they want to achieve.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonProfile {
    /// What matters to them, in their own words.
    pub what_matters: String,
    /// Their goals.
    pub goals: String,
    /// Their personalised care and support plan's reference, if they have one.
    pub care_plan_reference: String,
}

impl PersonProfile {
    pub fn is_blank(&self) -> bool {
        self.what_matters.trim().is_empty() && self.goals.trim().is_empty() && self.care_plan_reference.trim().is_empty()
    }

    /// The profile as it is stored: notes keep every character; the plan reference is one line,
    /// trimmed, and never an NHS number (the screen shows it while it is shared).
    pub fn validated(&self) -> Result<PersonProfile> {
        for (field, label, text) in [("whatMatters", "what matters to the person", &self.what_matters), ("goals", "goals", &self.goals)] {
            if text.chars().count() > WORDS_MAX {
                return Err(Error::invalid(
                    field,
                    format!("This is longer than {WORDS_MAX} characters. Keep {label} to the person's own words, in brief; the discussion record holds the detail."),
                ));
            }
            check_note(field, label, text)?;
        }
        let plan = self.care_plan_reference.trim();
        if plan.chars().count() > PLAN_REFERENCE_MAX {
            return Err(Error::invalid(
                "carePlanReference",
                format!("The care plan reference is too long: keep it under {PLAN_REFERENCE_MAX} characters."),
            ));
        }
        check_line("carePlanReference", "care plan reference", plan)?;
        let digits: String = plan.chars().filter(char::is_ascii_digit).collect();
        if digits.len() == 10 && crate::cases::nhs_number_is_valid(&digits) {
            return Err(Error::invalid(
                "carePlanReference",
                "That care plan reference looks like an NHS number, which would show on a shared screen. Use the plan's own reference, or leave it blank.",
            ));
        }
        Ok(PersonProfile { care_plan_reference: plan.to_string(), ..self.clone() })
    }
}

/// A person's profile as saved, with the version a save based on it must name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedProfile {
    pub case_id: i64,
    pub reference: String,
    /// Empty when nothing has been written yet.
    pub profile: PersonProfile,
    /// 0 until it is first saved; each save that changes it adds one.
    pub version: i64,
    /// When it was last saved (UTC, RFC 3339), if ever.
    pub saved_at: Option<String>,
    /// Who saved it last, as the audit log names them, if ever saved.
    pub saved_by: Option<String>,
}

fn reference(conn: &Connection, case_id: i64) -> Result<String> {
    conn.prepare_cached("SELECT reference FROM cases WHERE id = ?1")?
        .query_row([case_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("Person #{case_id}") })
}

/// The person's profile as saved now.
pub fn open(conn: &Connection, case_id: i64) -> Result<SavedProfile> {
    let reference = reference(conn, case_id)?;
    let saved = conn
        .prepare_cached(
            "SELECT what_matters, goals, care_plan_reference, version, updated_at, updated_by FROM person_profiles WHERE case_id = ?1",
        )?
        .query_row([case_id], |r| {
            Ok((
                PersonProfile { what_matters: r.get(0)?, goals: r.get(1)?, care_plan_reference: r.get(2)? },
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })
        .optional()?;
    Ok(match saved {
        Some((profile, version, at, by)) => SavedProfile { case_id, reference, profile, version, saved_at: Some(at), saved_by: Some(by) },
        None => SavedProfile { case_id, reference, profile: PersonProfile::default(), version: 0, saved_at: None, saved_by: None },
    })
}

/// Saves the person's profile in one transaction, audited. `based_on` is the version the
/// person's copy was opened at: when someone saved a newer one since, the save is refused with
/// [`Error::Stale`] and nothing changes. A save identical to what is saved changes nothing.
#[instrument(skip(store, profile), err)]
pub fn save(store: &mut Store, case_id: i64, based_on: i64, profile: &PersonProfile) -> Result<SavedProfile> {
    store.write(|tx, actor| {
        let current = open(tx, case_id)?;
        let profile = profile.validated()?;
        if profile == current.profile {
            return Ok(current);
        }
        if based_on != current.version {
            return Err(Error::Stale { what: format!("What matters to {}", current.reference) });
        }
        let version = current.version + 1;
        let now = crate::storage::now_utc();
        tx.prepare_cached(
            "INSERT INTO person_profiles (case_id, what_matters, goals, care_plan_reference, version, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (case_id) DO UPDATE SET what_matters = excluded.what_matters, goals = excluded.goals,
                 care_plan_reference = excluded.care_plan_reference, version = excluded.version,
                 updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )?
        .execute(params![case_id, profile.what_matters, profile.goals, profile.care_plan_reference, version, now, actor])?;
        let (action, before) = if current.version == 0 { (AuditAction::Create, None) } else { (AuditAction::Update, Some(&current.profile)) };
        audit::record(tx, actor, Change { entity: AuditEntity::PersonProfile, entity_id: case_id, action, before, after: Some(&profile) })?;
        Ok(SavedProfile { profile, version, saved_at: Some(now), saved_by: Some(actor.to_string()), ..current })
    })
}

/// What the minutes of an agenda item say mattered to the person: as it stood when they were
/// finalised (nothing, if nothing was recorded by then, or the meeting came from a version 1 bundle), or as
/// it is now while they are a draft. `None` when nothing was recorded.
pub fn as_minuted(conn: &Connection, item_id: i64) -> Result<Option<PersonProfile>> {
    let item: Option<(Option<i64>, bool)> = conn
        .prepare_cached(
            "SELECT a.case_id, m.status = 'finalised' FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = ?1",
        )?
        .query_row([item_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let profile = match item {
        Some((_, true)) => conn
            .prepare_cached("SELECT what_matters, goals, care_plan_reference FROM person_profiles_minuted WHERE agenda_item_id = ?1")?
            .query_row([item_id], |r| Ok(PersonProfile { what_matters: r.get(0)?, goals: r.get(1)?, care_plan_reference: r.get(2)? }))
            .optional()?,
        Some((Some(case_id), false)) => Some(open(conn, case_id)?.profile),
        _ => None,
    };
    Ok(profile.filter(|p| !p.is_blank()))
}

/// [`as_minuted`] for every case item of a meeting at once, by agenda item: the items with
/// something recorded.
pub fn as_minuted_at_meeting(conn: &Connection, meeting_id: i64) -> Result<std::collections::HashMap<i64, PersonProfile>> {
    let finalised: bool = conn
        .prepare_cached("SELECT status = 'finalised' FROM meetings WHERE id = ?1")?
        .query_row([meeting_id], |r| r.get(0))
        .optional()?
        .unwrap_or(false);
    // Kept with the minutes when finalised; else each person's profile as it is now.
    let sql = if finalised {
        "SELECT a.id, p.what_matters, p.goals, p.care_plan_reference
         FROM agenda_items a JOIN person_profiles_minuted p ON p.agenda_item_id = a.id WHERE a.meeting_id = ?1"
    } else {
        "SELECT a.id, p.what_matters, p.goals, p.care_plan_reference
         FROM agenda_items a JOIN person_profiles p ON p.case_id = a.case_id WHERE a.meeting_id = ?1"
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([meeting_id], |r| {
        Ok((r.get::<_, i64>(0)?, PersonProfile { what_matters: r.get(1)?, goals: r.get(2)?, care_plan_reference: r.get(3)? }))
    })?;
    let mut out = std::collections::HashMap::new();
    for row in rows {
        let (item, profile) = row?;
        if !profile.is_blank() {
            out.insert(item, profile);
        }
    }
    Ok(out)
}

/// At finalising (before the meeting is marked finalised): keeps each case's profile as it
/// stands with the meeting's minutes.
pub(crate) fn keep_for_minutes(tx: &Transaction<'_>, meeting_id: i64) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO person_profiles_minuted (agenda_item_id, what_matters, goals, care_plan_reference, version, recorded_at)
         SELECT a.id, p.what_matters, p.goals, p.care_plan_reference, p.version, ?2
         FROM agenda_items a JOIN person_profiles p ON p.case_id = a.case_id
         WHERE a.meeting_id = ?1 AND a.kind = 'case'",
    )?
    .execute(params![meeting_id, crate::storage::now_utc()])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_reference_is_trimmed_and_never_an_nhs_number() {
        let typed = PersonProfile { care_plan_reference: "  PCSP-2026-014 ".into(), ..Default::default() };
        assert_eq!(typed.validated().unwrap().care_plan_reference, "PCSP-2026-014");
        let nhs = PersonProfile { care_plan_reference: "943 476 5919".into(), ..Default::default() };
        assert!(matches!(nhs.validated(), Err(Error::Invalid { field, .. }) if field == "carePlanReference"));
        // Ten digits that fail the check digit are not an NHS number, so they are kept.
        let not_nhs = PersonProfile { care_plan_reference: "943 476 5918".into(), ..Default::default() };
        assert_eq!(not_nhs.validated().unwrap().care_plan_reference, "943 476 5918");
    }
}
