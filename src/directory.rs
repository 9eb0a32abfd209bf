//! The team's directory of local services: its own list of community services, groups and
//! statutory services, each with what it offers, who it is for, how to refer, a contact, the area
//! it covers and when someone last checked the entry was right. A link worker's value lies in
//! knowing what is out there locally; the list keeps that knowledge with the team, and is offered
//! when a referral or an outside service is typed, so a name is typed once and spelt the same way
//! everywhere after.
//!
//! **Not checked for a year.** Services change (a group stops meeting, a number changes), so an
//! entry last checked a year or more before the day asked about, or never checked, is marked, in
//! words ([`DirectoryEntry::check_words`]). The day is passed in (`today`): the core keeps no
//! clock of its own, so tests and a meeting's date give the same answer every time. The year is
//! the team's rule of thumb, not something the guidance sets.
//!
//! **Names.** Two current entries never share a name, whatever its capitals. An entry no longer
//! used is archived, not deleted, so the audit log and the referrals that named it still make
//! sense; it can be brought back.
//!
//! **Saving.** Every change is one transaction, audited (entity `directory_entry`, id: the entry),
//! and names the version it was based on: one based on an older version is refused with
//! [`Error::Stale`], so a screen opened earlier never writes over someone's newer change.

use chrono::{Months, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;

use crate::audit::{self, AuditAction, AuditEntity, Change};
use crate::text_checks::{check_line, check_note, quoted};
use crate::{Error, Result, Store, dates};

/// Longest name: the same limit as a referral's outside service, which is offered from here.
pub const NAME_MAX: usize = 120;
/// Longest area, e.g. "Northgate and the villages north of the ring road".
pub const AREA_MAX: usize = 120;
/// Longest contact: a telephone number, an email address, a web address and opening times.
pub const CONTACT_MAX: usize = 400;
/// Longest "what it offers", "who it is for" or "how to refer": a short paragraph.
pub const TEXT_MAX: usize = 1_000;
/// An entry last checked this many months before today (or more) is marked as due a check.
pub const CHECK_EVERY_MONTHS: u32 = 12;

/// An entry as a user types it. `last_checked` is a date as typed (day first, e.g. 15/12/2026,
/// or "today"); blank means never checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct DirectoryInput {
    pub name: String,
    /// What it offers.
    pub offers: String,
    /// Who it is for.
    pub for_whom: String,
    pub how_to_refer: String,
    pub contact: String,
    pub area: String,
    pub last_checked: String,
}

/// What is stored for an entry (and what the audit log keeps before and after a change).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Stored {
    name: String,
    offers: String,
    for_whom: String,
    how_to_refer: String,
    contact: String,
    area: String,
    /// `YYYY-MM-DD`.
    last_checked: Option<String>,
    archived: bool,
}

/// An entry as saved, with whether it is due a check on the day asked about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryEntry {
    pub id: i64,
    pub name: String,
    pub offers: String,
    pub for_whom: String,
    pub how_to_refer: String,
    pub contact: String,
    pub area: String,
    /// When someone last checked the entry was right (`YYYY-MM-DD`); `None`: never.
    pub last_checked: Option<String>,
    /// Never checked, or last checked a year or more before the day asked about.
    pub check_due: bool,
    /// What the screen says about the check, in words (never by colour alone), e.g. "Checked
    /// 15/03/2026" or "Not checked for over a year (last checked 15/03/2025)".
    pub check_words: String,
    /// No longer offered (kept for the history).
    pub archived: bool,
    pub version: i64,
    /// When it was last changed (UTC, RFC 3339), and by whom as the audit log names them.
    pub updated_at: String,
    pub updated_by: String,
}

/// Which entries to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct DirectoryQuery {
    /// Words that must each appear (ignoring capitals) in the name, what it offers, who it is for
    /// or the area. Blank: every entry.
    pub text: String,
    /// Archived entries too (they are left out otherwise).
    pub include_archived: bool,
}


/// Whether an entry last checked on `last_checked` is due a check on `today`, and the words for it.
pub fn check_state(last_checked: Option<&str>, today: NaiveDate) -> (bool, String) {
    let Some(checked) = last_checked else { return (true, "Never checked: check it is still right".to_string()) };
    // A year on from the check (from 29 February, the 28th), or further: due.
    let on = dates::parse_date("lastChecked", checked).unwrap_or(NaiveDate::MIN);
    let due_on = on.checked_add_months(Months::new(CHECK_EVERY_MONTHS)).unwrap_or(NaiveDate::MAX);
    if due_on <= today {
        (true, format!("Not checked for a year or more (last checked {})", dates::day_first(checked)))
    } else {
        (false, format!("Checked {}", dates::day_first(checked)))
    }
}

fn entry(row: &Row<'_>, today: NaiveDate) -> rusqlite::Result<DirectoryEntry> {
    let last_checked: Option<String> = row.get("last_checked")?;
    let (check_due, check_words) = check_state(last_checked.as_deref(), today);
    Ok(DirectoryEntry {
        id: row.get("id")?,
        name: row.get("name")?,
        offers: row.get("offers")?,
        for_whom: row.get("for_whom")?,
        how_to_refer: row.get("how_to_refer")?,
        contact: row.get("contact")?,
        area: row.get("area")?,
        last_checked,
        check_due,
        check_words,
        archived: row.get("archived")?,
        version: row.get("version")?,
        updated_at: row.get("updated_at")?,
        updated_by: row.get("updated_by")?,
    })
}

const SELECT: &str = "SELECT id, name, offers, for_whom, how_to_refer, contact, area, last_checked, archived, version, updated_at, updated_by
                      FROM directory_entries";

impl DirectoryEntry {
    fn stored(&self) -> Stored {
        Stored {
            name: self.name.clone(),
            offers: self.offers.clone(),
            for_whom: self.for_whom.clone(),
            how_to_refer: self.how_to_refer.clone(),
            contact: self.contact.clone(),
            area: self.area.clone(),
            last_checked: self.last_checked.clone(),
            archived: self.archived,
        }
    }

    /// Whether every word of `words` (already lower case) appears in what a search looks at.
    fn matches(&self, words: &[String]) -> bool {
        let haystack = [&self.name, &self.offers, &self.for_whom, &self.area].map(|s| s.to_lowercase()).join("\n");
        words.iter().all(|w| haystack.contains(w.as_str()))
    }

    /// The entry as a user would type it again (the date day first), for a form or a CSV file.
    pub fn as_input(&self) -> DirectoryInput {
        DirectoryInput {
            name: self.name.clone(),
            offers: self.offers.clone(),
            for_whom: self.for_whom.clone(),
            how_to_refer: self.how_to_refer.clone(),
            contact: self.contact.clone(),
            area: self.area.clone(),
            last_checked: self.last_checked.as_deref().map(dates::day_first).unwrap_or_default(),
        }
    }
}

/// The entries, by name, that match `query`, each marked as of `today`.
pub fn list(conn: &Connection, query: &DirectoryQuery, today: NaiveDate) -> Result<Vec<DirectoryEntry>> {
    let words: Vec<String> = query.text.split_whitespace().map(str::to_lowercase).collect();
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE archived = 0 OR ?1 ORDER BY archived, name COLLATE NOCASE, id"
    ))?;
    let all = stmt.query_map([query.include_archived], |r| entry(r, today))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(all.into_iter().filter(|e| e.matches(&words)).collect())
}

/// One entry, marked as of `today`.
pub fn get(conn: &Connection, id: i64, today: NaiveDate) -> Result<DirectoryEntry> {
    conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id], |r| entry(r, today))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("Directory entry #{id}") })
}

fn line(field: &'static str, label: &str, value: &str, max: usize) -> Result<String> {
    let value = value.trim();
    if value.chars().count() > max {
        return Err(Error::invalid(field, format!("The {label} is too long: keep it under {max} characters.")));
    }
    check_line(field, label, value)?;
    Ok(value.to_string())
}

fn text(field: &'static str, label: &str, value: &str, max: usize) -> Result<String> {
    let value = value.trim();
    if value.chars().count() > max {
        return Err(Error::invalid(field, format!("Keep {label} under {max} characters; the service's own leaflet or website holds the detail.")));
    }
    check_note(field, label, value)?;
    Ok(value.to_string())
}

impl DirectoryInput {
    /// The entry as stored (trimmed, the date read the UK way), or the first problem, naming its
    /// field. A last-checked date after `today` is refused: nobody has checked it yet.
    fn validated(&self, today: NaiveDate) -> Result<Stored> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(Error::invalid("name", "Give the service's name, e.g. Riverside Walking Group."));
        }
        let name = line("name", "service's name", name, NAME_MAX)?;
        let offers = text("offers", "what it offers", &self.offers, TEXT_MAX)?;
        let for_whom = text("forWhom", "who it is for", &self.for_whom, TEXT_MAX)?;
        let how_to_refer = text("howToRefer", "how to refer", &self.how_to_refer, TEXT_MAX)?;
        let contact = text("contact", "the contact details", &self.contact, CONTACT_MAX)?;
        let area = line("area", "area", &self.area, AREA_MAX)?;
        let last_checked = match self.last_checked.trim() {
            "" => None,
            typed => {
                let on = dates::read_date_on("lastChecked", typed, today)?;
                if on > today {
                    return Err(Error::invalid(
                        "lastChecked",
                        format!("That is after today ({}): give the day someone last checked the entry was right.", today.format("%d/%m/%Y")),
                    ));
                }
                Some(on.format(dates::DATE_FORMAT).to_string())
            }
        };
        Ok(Stored { name, offers, for_whom, how_to_refer, contact, area, last_checked, archived: false })
    }
}

/// Refuses a name a current entry other than `except` already has (ignoring capitals).
fn name_free(conn: &Connection, name: &str, except: Option<i64>) -> Result<()> {
    let other: Option<String> = conn
        .prepare_cached("SELECT name FROM directory_entries WHERE archived = 0 AND name = ?1 COLLATE NOCASE AND id IS NOT ?2")?
        .query_row(params![name, except], |r| r.get(0))
        .optional()?;
    match other {
        Some(other) => Err(Error::invalid(
            "name",
            format!("The directory already has {}. Edit that entry instead, or give this one a different name.", quoted(&other)),
        )),
        None => Ok(()),
    }
}

fn insert(tx: &Transaction<'_>, actor: &str, stored: &Stored) -> Result<i64> {
    name_free(tx, &stored.name, None)?;
    let now = crate::storage::now_utc();
    tx.prepare_cached(
        "INSERT INTO directory_entries (name, offers, for_whom, how_to_refer, contact, area, last_checked, archived, version, created_at, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, 1, ?8, ?8, ?9)",
    )?
    .execute(params![stored.name, stored.offers, stored.for_whom, stored.how_to_refer, stored.contact, stored.area, stored.last_checked, now, actor])?;
    let id = tx.last_insert_rowid();
    audit::record(tx, actor, Change { entity: AuditEntity::DirectoryEntry, entity_id: id, action: AuditAction::Create, before: None, after: Some(stored) })?;
    Ok(id)
}

/// Writes `after` over the entry `current` (a new version), audited.
fn replace(tx: &Transaction<'_>, actor: &str, current: &DirectoryEntry, after: &Stored) -> Result<()> {
    let now = crate::storage::now_utc();
    tx.prepare_cached(
        "UPDATE directory_entries SET name = ?2, offers = ?3, for_whom = ?4, how_to_refer = ?5, contact = ?6, area = ?7,
             last_checked = ?8, archived = ?9, version = version + 1, updated_at = ?10, updated_by = ?11
         WHERE id = ?1",
    )?
    .execute(params![
        current.id, after.name, after.offers, after.for_whom, after.how_to_refer, after.contact, after.area, after.last_checked, after.archived, now,
        actor
    ])?;
    let before = current.stored();
    audit::record(tx, actor, Change { entity: AuditEntity::DirectoryEntry, entity_id: current.id, action: AuditAction::Update, before: Some(&before), after: Some(after) })
}

/// The entry at `id`, refused as stale when it is no longer at version `based_on`.
fn current(tx: &Transaction<'_>, id: i64, based_on: i64, today: NaiveDate) -> Result<DirectoryEntry> {
    let current = get(tx, id, today)?;
    if current.version != based_on {
        return Err(Error::Stale { what: format!("The directory entry {}", quoted(&current.name)) });
    }
    Ok(current)
}

/// Adds an entry, in one transaction, audited.
#[instrument(skip(store, input), err)]
pub fn add(store: &mut Store, input: &DirectoryInput, today: NaiveDate) -> Result<DirectoryEntry> {
    let stored = input.validated(today)?;
    store.write(|tx, actor| {
        let id = insert(tx, actor, &stored)?;
        get(tx, id, today)
    })
}

/// Saves a changed entry. `based_on` is the version the screen showed: a save over a newer one is
/// refused with [`Error::Stale`] and nothing changes. A save identical to what is saved changes
/// nothing. An archived entry stays archived.
#[instrument(skip(store, input), err)]
pub fn update(store: &mut Store, id: i64, based_on: i64, input: &DirectoryInput, today: NaiveDate) -> Result<DirectoryEntry> {
    let stored = input.validated(today)?;
    store.write(|tx, actor| {
        let current = current(tx, id, based_on, today)?;
        let after = Stored { archived: current.archived, ..stored };
        if after == current.stored() {
            return Ok(current);
        }
        if !current.archived {
            name_free(tx, &after.name, Some(id))?;
        }
        replace(tx, actor, &current, &after)?;
        get(tx, id, today)
    })
}

/// Records that someone checked the entry is still right on the day typed (e.g. "today").
#[instrument(skip(store), err)]
pub fn mark_checked(store: &mut Store, id: i64, based_on: i64, on: &str, today: NaiveDate) -> Result<DirectoryEntry> {
    store.write(|tx, actor| {
        let current = current(tx, id, based_on, today)?;
        let typed = DirectoryInput { last_checked: on.to_string(), ..current.as_input() };
        if on.trim().is_empty() {
            return Err(Error::invalid("lastChecked", "Give the day the entry was checked, e.g. today."));
        }
        let after = Stored { archived: current.archived, ..typed.validated(today)? };
        if after != current.stored() {
            replace(tx, actor, &current, &after)?;
        }
        get(tx, id, today)
    })
}

/// Archives an entry (no longer offered) or brings it back. Bringing one back is refused when a
/// current entry has taken its name since.
#[instrument(skip(store), err)]
pub fn set_archived(store: &mut Store, id: i64, based_on: i64, archived: bool, today: NaiveDate) -> Result<DirectoryEntry> {
    store.write(|tx, actor| {
        let current = current(tx, id, based_on, today)?;
        if current.archived == archived {
            return Ok(current);
        }
        if !archived {
            name_free(tx, &current.name, Some(id))?;
        }
        replace(tx, actor, &current, &Stored { archived, ..current.stored() })?;
        get(tx, id, today)
    })
}

/// What an import of many entries at once did (see `crate::directory_csv`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryImportReport {
    /// New entries.
    pub added: i64,
    /// Current entries of the same name (ignoring capitals) whose details changed.
    pub updated: i64,
    /// Entries already exactly as the file has them.
    pub unchanged: i64,
}

/// Checks one typed entry as an import would store it: the problem, if any, names its field.
pub fn check(input: &DirectoryInput, today: NaiveDate) -> Result<()> {
    input.validated(today).map(|_| ())
}

/// Adds or updates many entries in one transaction: each is matched by name (ignoring capitals) to
/// a current entry, which it updates; otherwise it is added. Every input must already have passed
/// [`check`]; any failure leaves the directory as it was.
pub(crate) fn import(tx: &Transaction<'_>, actor: &str, inputs: &[DirectoryInput], today: NaiveDate) -> Result<DirectoryImportReport> {
    let mut report = DirectoryImportReport::default();
    for input in inputs {
        let stored = input.validated(today)?;
        let existing: Option<i64> = tx
            .prepare_cached("SELECT id FROM directory_entries WHERE archived = 0 AND name = ?1 COLLATE NOCASE")?
            .query_row([&stored.name], |r| r.get(0))
            .optional()?;
        match existing {
            None => {
                insert(tx, actor, &stored)?;
                report.added += 1;
            }
            Some(id) => {
                let current = get(tx, id, today)?;
                if current.stored() == stored {
                    report.unchanged += 1;
                } else {
                    replace(tx, actor, &current, &stored)?;
                    report.updated += 1;
                }
            }
        }
    }
    Ok(report)
}
