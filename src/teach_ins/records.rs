//! Teach-ins as saved: reading them, and every edit (details, slots, order, removal) in one
//! transaction that keeps the agenda items showing them up to date and is audited.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use tracing::instrument;

use crate::audit::{self, AuditAction};
use crate::{Error, Result, Store};

use super::{AUDIENCE_MAX, NOTES_MAX, SlotKind, TITLE_MAX, TeachIn, TeachInDetails, TeachInInput, TeachInPlacement, TeachInPresenter, TeachInRole, TeachInSlot, TeachInSlotInput, TeachInSummary, change, check_len, check_title};
use super::time::{apportion, check_total, reflow, speaking_minutes};
use super::plan::{check_presenters, distinct_presenters, draft};
use super::on_agenda::sync_agenda_items;
use super::case_examples::check_case_example;

/// Plans and saves a teach-in.
#[instrument(skip(store, input), err)]
pub fn create(store: &mut Store, input: &TeachInInput) -> Result<TeachIn> {
    store.write(|tx, actor| {
        let plan = draft(tx, input)?;
        let now = crate::storage::now_utc();
        let keys = plan.roles.iter().map(|r| r.key.as_str()).collect::<Vec<_>>().join(",");
        tx.execute(
            "INSERT INTO teach_ins (title, role_keys, total_minutes, audience, case_example, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![plan.title, keys, plan.total_minutes, plan.audience, plan.case_example, now],
        )?;
        let id = tx.last_insert_rowid();
        for (position, slot) in plan.slots.iter().enumerate() {
            insert_slot(tx, id, position as i64, slot)?;
        }
        let saved = get(tx, id)?;
        audit::record(tx, actor, change(AuditAction::Create, id, None, Some(&saved)))?;
        Ok(saved)
    })
}

pub(super) fn insert_slot(tx: &Transaction<'_>, teach_in_id: i64, position: i64, slot: &TeachInSlot) -> Result<i64> {
    tx.execute(
        "INSERT INTO teach_in_slots (teach_in_id, position, kind, role_key, title, minutes, notes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![teach_in_id, position, slot.kind, slot.role_key, slot.title, slot.minutes, slot.notes],
    )?;
    let slot_id = tx.last_insert_rowid();
    set_presenters(tx, slot_id, &slot.presenters.iter().map(|p| p.member_id).collect::<Vec<_>>())?;
    Ok(slot_id)
}

pub(super) fn set_presenters(tx: &Transaction<'_>, slot_id: i64, member_ids: &[i64]) -> Result<()> {
    tx.execute("DELETE FROM teach_in_presenters WHERE slot_id = ?1", [slot_id])?;
    for id in member_ids {
        tx.execute("INSERT INTO teach_in_presenters (slot_id, member_id) VALUES (?1, ?2)", params![slot_id, id])?;
    }
    Ok(())
}

// ----- Reading ---------------------------------------------------------------------------------

pub fn get(conn: &Connection, id: i64) -> Result<TeachIn> {
    let row = conn
        .prepare_cached("SELECT title, role_keys, total_minutes, audience, case_example FROM teach_ins WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("Teach-in #{id}") })?;
    let (title, keys, total_minutes, audience, case_example) = row;
    let roles = keys
        .split(',')
        .map(|key| {
            let name = crate::roles::find(conn, key)?.map_or_else(|| key.to_string(), |r| r.name);
            Ok(TeachInRole { key: key.to_string(), name })
        })
        .collect::<Result<Vec<_>>>()?;
    let slots = load_slots(conn, id)?;
    Ok(TeachIn {
        id,
        title,
        roles,
        total_minutes,
        audience,
        case_example,
        presenters: distinct_presenters(&slots),
        slots,
        placements: placements(conn, id)?,
    })
}

pub(super) fn load_slots(conn: &Connection, teach_in_id: i64) -> Result<Vec<TeachInSlot>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, role_key, title, minutes, notes FROM teach_in_slots WHERE teach_in_id = ?1 ORDER BY position, id",
    )?;
    let mut slots = stmt
        .query_map([teach_in_id], |r| {
            Ok(TeachInSlot {
                id: r.get(0)?,
                kind: r.get(1)?,
                role_key: r.get(2)?,
                title: r.get(3)?,
                minutes: r.get(4)?,
                starts_after: 0,
                notes_minutes: 0,
                notes: r.get(5)?,
                presenters: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut who = conn.prepare_cached(
        "SELECT m.id, m.name, m.role_key, r.name FROM teach_in_presenters p
         JOIN team_members m ON m.id = p.member_id JOIN roles r ON r.key = m.role_key
         WHERE p.slot_id = ?1 ORDER BY p.rowid",
    )?;
    let mut starts_after = 0;
    for slot in &mut slots {
        slot.notes_minutes = speaking_minutes(&slot.notes);
        slot.starts_after = starts_after;
        starts_after += slot.minutes;
        slot.presenters = who
            .query_map([slot.id], |r| {
                Ok(TeachInPresenter { member_id: r.get(0)?, name: r.get(1)?, role_key: r.get(2)?, role_name: r.get(3)? })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(slots)
}

pub(super) fn placements(conn: &Connection, teach_in_id: i64) -> Result<Vec<TeachInPlacement>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, m.id, m.title, m.starts_at, m.status FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
         WHERE a.teach_in_id = ?1 ORDER BY m.starts_at, a.id",
    )?;
    Ok(stmt
        .query_map([teach_in_id], |r| {
            Ok(TeachInPlacement {
                agenda_item_id: r.get(0)?,
                meeting_id: r.get(1)?,
                meeting_title: r.get(2)?,
                starts_at: r.get(3)?,
                status: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Every teach-in, most recently changed first.
pub fn list(conn: &Connection) -> Result<Vec<TeachInSummary>> {
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM teach_ins ORDER BY updated_at DESC, id DESC")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter()
        .map(|id| {
            let t = get(conn, id)?;
            Ok(TeachInSummary {
                id,
                role_names: t.roles.iter().map(|r| r.name.clone()).collect(),
                presenter_names: t.presenters.iter().map(|p| p.name.clone()).collect(),
                meetings: t.placements.len() as i64,
                title: t.title,
                total_minutes: t.total_minutes,
            })
        })
        .collect()
}

// ----- Editing ---------------------------------------------------------------------------------

/// Runs `edit` on teach-in `id` in one transaction, then brings the agenda items that show it
/// (on meetings not yet finalised) up to date and records the change.
pub(super) fn edit(store: &mut Store, id: i64, apply: impl FnOnce(&Transaction<'_>, &TeachIn) -> Result<()>) -> Result<TeachIn> {
    store.write(|tx, actor| {
        let before = get(tx, id)?;
        apply(tx, &before)?;
        tx.execute("UPDATE teach_ins SET updated_at = ?2 WHERE id = ?1", params![id, crate::storage::now_utc()])?;
        let after = get(tx, id)?;
        sync_agenda_items(tx, &after)?;
        audit::record(tx, actor, change(AuditAction::Update, id, Some(&before), Some(&after)))?;
        Ok(after)
    })
}

/// Title, length, audience and case example. A new length re-flows every slot in proportion.
#[instrument(skip(store, details), err)]
pub fn update_details(store: &mut Store, id: i64, details: &TeachInDetails) -> Result<TeachIn> {
    edit(store, id, |tx, before| {
        let title = check_title(details.title.trim())?;
        let audience = check_len("audience", details.audience.trim(), AUDIENCE_MAX)?;
        let case_example = check_case_example(tx, &details.case_example)?;
        let total = check_total(details.total_minutes, before.slots.len())?;
        tx.execute(
            "UPDATE teach_ins SET title = ?2, total_minutes = ?3, audience = ?4, case_example = ?5 WHERE id = ?1",
            params![id, title, total, audience, case_example],
        )?;
        if total != before.total_minutes {
            let minutes = apportion(total, &before.slots.iter().map(|s| s.minutes).collect::<Vec<_>>());
            write_minutes(tx, &before.slots, &minutes)?;
        }
        Ok(())
    })
}

pub(super) fn write_minutes(tx: &Transaction<'_>, slots: &[TeachInSlot], minutes: &[i64]) -> Result<()> {
    let mut stmt = tx.prepare_cached("UPDATE teach_in_slots SET minutes = ?2 WHERE id = ?1")?;
    for (slot, m) in slots.iter().zip(minutes) {
        stmt.execute(params![slot.id, m])?;
    }
    Ok(())
}

pub(super) fn slot_owner(conn: &Connection, slot_id: i64) -> Result<i64> {
    conn.query_row("SELECT teach_in_id FROM teach_in_slots WHERE id = ?1", [slot_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("Teach-in slot #{slot_id}") })
}

pub(super) fn check_slot(conn: &Connection, input: &TeachInSlotInput) -> Result<(String, String, Vec<i64>)> {
    let title = input.title.trim();
    if title.is_empty() {
        return Err(Error::invalid("title", "Give the slot a title."));
    }
    let title = check_len("title", title, TITLE_MAX)?;
    let notes = check_len("notes", input.notes.trim(), NOTES_MAX)?;
    let ids = check_presenters(conn, &input.presenter_ids)?.into_iter().map(|p| p.member_id).collect();
    Ok((title, notes, ids))
}

/// Changes one slot. A new length re-flows the other slots so the total stays the same.
#[instrument(skip(store, input), err)]
pub fn update_slot(store: &mut Store, slot_id: i64, input: &TeachInSlotInput) -> Result<TeachIn> {
    let id = slot_owner(store.conn(), slot_id)?;
    edit(store, id, |tx, before| {
        let (title, notes, presenters) = check_slot(tx, input)?;
        let at = before.slots.iter().position(|s| s.id == slot_id).expect("the slot is in its teach-in");
        if input.minutes != before.slots[at].minutes {
            let current: Vec<i64> = before.slots.iter().map(|s| s.minutes).collect();
            write_minutes(tx, &before.slots, &reflow(&current, at, input.minutes, before.total_minutes)?)?;
        }
        tx.execute("UPDATE teach_in_slots SET title = ?2, notes = ?3 WHERE id = ?1", params![slot_id, title, notes])?;
        set_presenters(tx, slot_id, &presenters)
    })
}

/// Adds a slot of the presenters' own, before the closing questions if the agenda ends with them.
/// The other slots give up time to make room.
#[instrument(skip(store, input), err)]
pub fn add_slot(store: &mut Store, id: i64, input: &TeachInSlotInput) -> Result<TeachIn> {
    edit(store, id, |tx, before| {
        let (title, notes, presenters) = check_slot(tx, input)?;
        check_total(before.total_minutes, before.slots.len() + 1)?;
        let at = match before.slots.last() {
            Some(last) if last.kind == SlotKind::Questions => before.slots.len() - 1,
            _ => before.slots.len(),
        };
        let mut current: Vec<i64> = before.slots.iter().map(|s| s.minutes).collect();
        current.insert(at, 1);
        let minutes = reflow(&current, at, input.minutes, before.total_minutes)?;
        let slot = TeachInSlot {
            id: 0,
            kind: SlotKind::Custom,
            role_key: None,
            title,
            minutes: minutes[at],
            starts_after: 0,
            notes_minutes: 0,
            notes,
            presenters: Vec::new(),
        };
        let new_id = insert_slot(tx, id, 0, &slot)?;
        set_presenters(tx, new_id, &presenters)?;
        let mut slots = before.slots.clone();
        slots.insert(at, TeachInSlot { id: new_id, ..slot });
        write_minutes(tx, &slots, &minutes)?;
        renumber(tx, &slots.iter().map(|s| s.id).collect::<Vec<_>>())
    })
}

/// Removes a slot; the others share its time.
#[instrument(skip(store), err)]
pub fn remove_slot(store: &mut Store, slot_id: i64) -> Result<TeachIn> {
    let id = slot_owner(store.conn(), slot_id)?;
    edit(store, id, |tx, before| {
        if before.slots.len() == 1 {
            return Err(Error::Conflict("A teach-in needs at least one slot; change this one instead.".into()));
        }
        tx.execute("DELETE FROM teach_in_slots WHERE id = ?1", [slot_id])?;
        let rest: Vec<TeachInSlot> = before.slots.iter().filter(|s| s.id != slot_id).cloned().collect();
        let minutes = apportion(before.total_minutes, &rest.iter().map(|s| s.minutes).collect::<Vec<_>>());
        write_minutes(tx, &rest, &minutes)?;
        renumber(tx, &rest.iter().map(|s| s.id).collect::<Vec<_>>())
    })
}

/// Puts the slots in the given order (each listed once); their lengths stay, their times follow.
#[instrument(skip(store), err)]
pub fn reorder_slots(store: &mut Store, id: i64, ordered: &[i64]) -> Result<TeachIn> {
    edit(store, id, |tx, before| {
        let mut current: Vec<i64> = before.slots.iter().map(|s| s.id).collect();
        let mut wanted = ordered.to_vec();
        current.sort_unstable();
        wanted.sort_unstable();
        if current != wanted {
            return Err(Error::Conflict("The teach-in changed while you were reordering it. Refresh and try again.".into()));
        }
        renumber(tx, ordered)
    })
}

pub(super) fn renumber(tx: &Transaction<'_>, ordered: &[i64]) -> Result<()> {
    let mut stmt = tx.prepare_cached("UPDATE teach_in_slots SET position = ?2 WHERE id = ?1")?;
    for (position, id) in ordered.iter().enumerate() {
        stmt.execute(params![id, position as i64])?;
    }
    Ok(())
}

/// Deletes a teach-in that is on no meeting's agenda.
#[instrument(skip(store), err)]
pub fn remove(store: &mut Store, id: i64) -> Result<()> {
    store.write(|tx, actor| {
        let before = get(tx, id)?;
        if let Some(p) = before.placements.first() {
            return Err(Error::Conflict(format!(
                "This teach-in is on the agenda of {} ({}). Remove it from that agenda first.",
                p.meeting_title,
                p.starts_at.replace('T', " ")
            )));
        }
        tx.execute("DELETE FROM teach_ins WHERE id = ?1", [id])?;
        audit::record(tx, actor, change(AuditAction::Delete, id, Some(&before), None))
    })
}
