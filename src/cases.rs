//! People discussed at MDT meetings. On screen a person is only ever a pseudonymous reference
//! (e.g. initials plus a local number); full identifiers are kept apart and shown on request.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;

use crate::audit::{self, AuditAction, AuditEntity, Change};
use crate::text_checks::check_line;
use crate::{Error, Result, Store};

const REFERENCE_MAX: usize = 40;

/// A full identifier, returned only when a user deliberately reveals it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseIdentifier {
    pub nhs_number: String,
    pub other_identifier: String,
}

impl CaseIdentifier {
    pub fn is_empty(&self) -> bool {
        self.nhs_number.is_empty() && self.other_identifier.is_empty()
    }

    /// Trims, and checks an NHS number's length and check digit so typing slips are caught.
    pub fn validated(&self) -> Result<CaseIdentifier> {
        let nhs: String = self.nhs_number.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if !nhs.is_empty() && !nhs_number_is_valid(&nhs) {
            return Err(Error::invalid(
                "nhsNumber",
                "That NHS number is not valid: it needs 10 digits and the last one is a check digit. Check it, or leave it blank.",
            ));
        }
        let other = self.other_identifier.trim().to_string();
        if other.chars().count() > 60 {
            return Err(Error::invalid("otherIdentifier", "The other identifier is too long: keep it under 60 characters."));
        }
        check_line("otherIdentifier", "other identifier", &other)?;
        Ok(CaseIdentifier { nhs_number: nhs, other_identifier: other })
    }
}

/// Modulus 11 check of a 10-digit NHS number.
pub fn nhs_number_is_valid(digits: &str) -> bool {
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 10 || digits.len() != 10 {
        return false;
    }
    let sum: u32 = d[..9].iter().enumerate().map(|(i, v)| v * (10 - i as u32)).sum();
    match 11 - sum % 11 {
        11 => d[9] == 0,
        10 => false,
        check => d[9] == check,
    }
}

pub fn validate_reference(reference: &str) -> Result<String> {
    let reference = reference.trim();
    if reference.is_empty() {
        return Err(Error::invalid("reference", "Enter a pseudonymous reference for the person, e.g. initials and a local number (JB-0412)."));
    }
    if reference.chars().count() > REFERENCE_MAX {
        return Err(Error::invalid("reference", format!("The reference is too long: keep it under {REFERENCE_MAX} characters.")));
    }
    check_line("reference", "reference", reference)?;
    if nhs_number_is_valid(&reference.chars().filter(char::is_ascii_digit).collect::<String>())
        && reference.chars().filter(char::is_ascii_digit).count() == 10
    {
        return Err(Error::invalid(
            "reference",
            "That reference looks like an NHS number. Use a pseudonymous reference here and put the NHS number in its own field, which stays hidden on screen.",
        ));
    }
    Ok(reference.to_string())
}

/// The case with this reference, created if new. Identifiers are stored when given.
pub fn find_or_create(tx: &Transaction<'_>, reference: &str, identifier: Option<&CaseIdentifier>) -> Result<i64> {
    let reference = validate_reference(reference)?;
    let existing: Option<i64> =
        tx.query_row("SELECT id FROM cases WHERE reference = ?1", [&reference], |r| r.get(0)).optional()?;
    let id = match existing {
        Some(id) => id,
        None => {
            tx.execute("INSERT INTO cases (reference, created_at) VALUES (?1, ?2)", params![reference, crate::storage::now_utc()])?;
            tx.last_insert_rowid()
        }
    };
    if let Some(identifier) = identifier.map(CaseIdentifier::validated).transpose()?.filter(|i| !i.is_empty()) {
        tx.execute(
            "INSERT INTO case_identifiers (case_id, nhs_number, other_identifier) VALUES (?1, ?2, ?3)
             ON CONFLICT (case_id) DO UPDATE SET nhs_number = excluded.nhs_number, other_identifier = excluded.other_identifier",
            params![id, identifier.nhs_number, identifier.other_identifier],
        )?;
    }
    Ok(id)
}

pub fn has_identifier(conn: &Connection, case_id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM case_identifiers WHERE case_id = ?1 AND (nhs_number <> '' OR other_identifier <> '')")?
        .exists([case_id])?)
}

/// The stored identifiers of these cases, for an export the user chose to include them in (the
/// caller records that export in the audit log). Cases without one are left out.
pub fn identifiers(conn: &Connection, case_ids: &[i64]) -> Result<Vec<(i64, CaseIdentifier)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT nhs_number, other_identifier FROM case_identifiers
         WHERE case_id = ?1 AND (nhs_number <> '' OR other_identifier <> '')",
    )?;
    let mut found = Vec::new();
    for &id in case_ids {
        let row = stmt.query_row([id], |r| Ok(CaseIdentifier { nhs_number: r.get(0)?, other_identifier: r.get(1)? }));
        if let Some(identifier) = row.optional()? {
            found.push((id, identifier));
        }
    }
    Ok(found)
}

/// Shows a full identifier on purpose. Each reveal is recorded in the audit log.
#[instrument(skip(store), err)]
pub fn reveal_identifier(store: &mut Store, case_id: i64) -> Result<CaseIdentifier> {
    store.write(|tx, actor| {
        let identifier = tx
            .query_row(
                "SELECT nhs_number, other_identifier FROM case_identifiers WHERE case_id = ?1",
                [case_id],
                |r| Ok(CaseIdentifier { nhs_number: r.get(0)?, other_identifier: r.get(1)? }),
            )
            .optional()?
            .unwrap_or_default();
        audit::record::<()>(tx, actor, Change { entity: AuditEntity::CaseIdentifier, entity_id: case_id, action: AuditAction::Reveal, before: None, after: None })?;
        Ok(identifier)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nhs_number_check_digit() {
        assert!(nhs_number_is_valid("9434765919"));
        assert!(!nhs_number_is_valid("9434765918"));
        assert!(!nhs_number_is_valid("943476591"));
        assert!(!nhs_number_is_valid("94347659a9"));
    }

    #[test]
    fn a_reference_must_not_be_an_nhs_number() {
        assert!(validate_reference("943 476 5919").is_err());
        assert_eq!(validate_reference("  JB-0412 ").unwrap(), "JB-0412");
        assert!(validate_reference(" ").is_err());
    }
}
