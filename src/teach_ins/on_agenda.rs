//! A teach-in on a meeting's agenda: one item with its title, presenters and length, kept up to
//! date while the meeting is planned or run.

use rusqlite::{Transaction, params};
use tracing::instrument;

use crate::meeting_record::ensure_editable;
use crate::words::{and_list, in_sentence};
use crate::{Error, Result, Store};

use super::TeachIn;
use super::records::get;

/// Puts the teach-in at the end of a meeting's agenda as one item: its title, its presenters and
/// its whole length, which then counts in the meeting's timeline.
#[instrument(skip(store), err)]
pub fn add_to_meeting(store: &mut Store, meeting_id: i64, teach_in_id: i64) -> Result<i64> {
    store.write(|tx, actor| {
        ensure_editable(tx, meeting_id)?;
        let t = get(tx, teach_in_id)?;
        if t.placements.iter().any(|p| p.meeting_id == meeting_id) {
            return Err(Error::invalid("teachInId", "This teach-in is already on this meeting's agenda."));
        }
        tx.execute(
            "INSERT INTO agenda_items (meeting_id, position, kind, teach_in_id, title, reason, presenter_id, minutes_allowed)
             VALUES (?1, (SELECT coalesce(max(position), -1) + 1 FROM agenda_items WHERE meeting_id = ?1), 'teach_in', ?2, ?3, ?4, ?5, ?6)",
            params![meeting_id, teach_in_id, t.title, agenda_reason(&t), t.presenters.first().map(|p| p.member_id), t.total_minutes],
        )?;
        let item = tx.last_insert_rowid();
        crate::agenda::log_item(tx, actor, item, None)?;
        Ok(item)
    })
}

/// The line under the item's title on the agenda and in the minutes.
pub(super) fn agenda_reason(t: &TeachIn) -> String {
    let roles: Vec<String> = t.roles.iter().map(|r| in_sentence(&r.name)).collect();
    let mut reason = format!("Teach-in on the {} roles", roles.join(" and "));
    if !t.presenters.is_empty() {
        let names: Vec<&str> = t.presenters.iter().map(|p| p.name.as_str()).collect();
        reason.push_str(&format!(", presented by {}", and_list(&names)));
    }
    reason.push('.');
    reason
}

/// Agenda items of meetings still being planned or run follow the teach-in; finalised minutes
/// and cancelled meetings keep what was agreed at the time.
pub(super) fn sync_agenda_items(tx: &Transaction<'_>, t: &TeachIn) -> Result<()> {
    tx.execute(
        "UPDATE agenda_items SET title = ?2, reason = ?3, presenter_id = ?4, minutes_allowed = ?5
         WHERE teach_in_id = ?1 AND meeting_id IN (SELECT id FROM meetings WHERE status <> 'finalised')
               AND meeting_id NOT IN (SELECT meeting_id FROM meeting_cancellations)",
        params![t.id, t.title, agenda_reason(t), t.presenters.first().map(|p| p.member_id), t.total_minutes],
    )?;
    Ok(())
}
