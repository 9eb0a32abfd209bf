//! A meeting's agenda: matters arising, the case list, teach-in slots and other items, in
//! order, with the time allowed for each and the planned timeline.

use chrono::Duration;
use rusqlite::{Connection, Row, Transaction, params};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;

use crate::audit::{self, AuditAction, AuditEntity, Change};
use crate::cases::{self, CaseIdentifier};
use crate::dates;
use crate::meeting_record::{ensure_editable, meeting_of_item as meeting_of};
use crate::text_checks::{check_line, check_note};
use crate::{Error, Result, Store, text_enum};

text_enum!(AgendaKind {
    Case => "case",
    MattersArising => "matters_arising",
    TeachIn => "teach_in",
    Other => "other",
});

text_enum!(
    /// Whether the person agreed to, or objected to, being discussed at the MDT.
    Consent {
        NotRecorded => "not_recorded",
        Agreed => "agreed",
        Objected => "objected",
    }
);

text_enum!(Outcome {
    Pending => "pending",
    Discussed => "discussed",
    /// Listed but not reached: it carries to the next meeting of the series.
    NotDiscussed => "not_discussed",
});

const MAX_MINUTES: i64 = 240;
const MATTERS_ARISING_MINUTES: i64 = 5;

/// A professional already involved with the person: a team member or an outside service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Professional {
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_id: Option<i64>,
    /// The member's name, or the outside service as typed (e.g. "community mental health team").
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgendaItem {
    pub id: i64,
    pub meeting_id: i64,
    pub position: i64,
    pub kind: AgendaKind,
    pub case_id: Option<i64>,
    /// The pseudonymous reference; full identifiers are never part of this.
    pub case_reference: Option<String>,
    pub has_identifier: bool,
    pub title: String,
    pub reason: String,
    pub presenter_id: Option<i64>,
    pub presenter_name: Option<String>,
    /// Colleagues presenting a case with the presenter, in the order chosen.
    pub co_presenter_ids: Vec<i64>,
    pub co_presenter_names: Vec<String>,
    pub minutes_allowed: i64,
    pub consent: Consent,
    pub outcome: Outcome,
    pub seconds_used: i64,
    /// Set when the item was carried from an earlier meeting where it was not discussed.
    pub carried_from: Option<String>,
    /// The teach-in a `teach_in` item presents.
    pub teach_in_id: Option<i64>,
    pub professionals: Vec<Professional>,
    pub discussion: Option<crate::discussions::DiscussionRecord>,
    pub actions: Vec<crate::actions::AgreedAction>,
}

impl AgendaItem {
    /// What the item is called on screen and in the minutes.
    pub fn label(&self) -> &str {
        self.case_reference.as_deref().unwrap_or(&self.title)
    }
}

/// What a user fills in to put a person on the case list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseItemInput {
    pub reference: String,
    /// Left out (or null) to keep the stored identifier as it is.
    #[ts(optional)]
    #[serde(default)]
    pub identifier: Option<CaseIdentifier>,
    pub reason: String,
    pub presenter_id: Option<i64>,
    /// Colleagues presenting with the presenter (e.g. the OT with the SPLW); none when left out.
    #[serde(default)]
    pub co_presenter_ids: Vec<i64>,
    pub minutes_allowed: i64,
    pub consent: Consent,
    /// Team members (by id) or outside services (by name) already involved.
    pub professionals: Vec<Professional>,
}

/// An agenda line that is not a case (e.g. "Service updates").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OtherItemInput {
    pub title: String,
    pub minutes_allowed: i64,
    pub presenter_id: Option<i64>,
}

pub(crate) fn validate_minutes(minutes: i64) -> Result<i64> {
    if !(1..=MAX_MINUTES).contains(&minutes) {
        return Err(Error::invalid("minutesAllowed", format!("Allow between 1 and {MAX_MINUTES} minutes.")));
    }
    Ok(minutes)
}

fn check_member(tx: &Connection, field: &'static str, id: Option<i64>) -> Result<()> {
    if let Some(id) = id {
        crate::members::get(tx, id).map_err(|_| Error::invalid(field, format!("Team member #{id} is not on the roster.")))?;
    }
    Ok(())
}

#[instrument(skip(store, input), err)]
pub fn add_case(store: &mut Store, meeting_id: i64, input: &CaseItemInput) -> Result<i64> {
    store.write(|tx, actor| {
        check_not_listed(tx, meeting_id, &input.reference, None)?;
        let id = insert_case(tx, meeting_id, input, None)?;
        log_item(tx, actor, id, None)?;
        Ok(id)
    })
}

/// A person is listed once on a meeting's agenda: a second item would split their discussion in two.
fn check_not_listed(conn: &Connection, meeting_id: i64, reference: &str, except_item: Option<i64>) -> Result<()> {
    let reference = cases::validate_reference(reference)?;
    let listed = conn
        .prepare_cached(
            "SELECT 1 FROM agenda_items a JOIN cases c ON c.id = a.case_id
             WHERE a.meeting_id = ?1 AND c.reference = ?2 AND a.id IS NOT ?3",
        )?
        .exists(params![meeting_id, reference, except_item])?;
    if listed {
        return Err(Error::invalid(
            "reference",
            format!("{reference} is already on this meeting's agenda. Add to that item instead of listing the person twice."),
        ));
    }
    Ok(())
}

/// Inserts a case item at the end of the agenda (or wherever `position` says).
pub(crate) fn insert_case(
    tx: &Transaction<'_>,
    meeting_id: i64,
    input: &CaseItemInput,
    carried_from: Option<i64>,
) -> Result<i64> {
    ensure_editable(tx, meeting_id)?;
    let minutes = validate_minutes(input.minutes_allowed)?;
    check_member(tx, "presenterId", input.presenter_id)?;
    check_note("reason", "reason", &input.reason)?;
    let case_id = cases::find_or_create(tx, &input.reference, input.identifier.as_ref())?;
    tx.execute(
        "INSERT INTO agenda_items (meeting_id, position, kind, case_id, reason, presenter_id, minutes_allowed, consent, carried_from_id)
         VALUES (?1, (SELECT coalesce(max(position), -1) + 1 FROM agenda_items WHERE meeting_id = ?1), 'case', ?2, ?3, ?4, ?5, ?6, ?7)",
        params![meeting_id, case_id, input.reason.trim(), input.presenter_id, minutes, input.consent, carried_from],
    )?;
    let id = tx.last_insert_rowid();
    replace_professionals(tx, id, &input.professionals)?;
    replace_co_presenters(tx, id, input.presenter_id, &input.co_presenter_ids)?;
    Ok(id)
}

#[instrument(skip(store, input), err)]
pub fn update_case(store: &mut Store, item_id: i64, input: &CaseItemInput) -> Result<()> {
    store.write(|tx, actor| {
        let before = snapshot(tx, item_id)?;
        let meeting_id = meeting_of(tx, item_id)?;
        ensure_editable(tx, meeting_id)?;
        check_not_listed(tx, meeting_id, &input.reference, Some(item_id))?;
        let minutes = validate_minutes(input.minutes_allowed)?;
        check_member(tx, "presenterId", input.presenter_id)?;
        check_note("reason", "reason", &input.reason)?;
        let case_id = cases::find_or_create(tx, &input.reference, input.identifier.as_ref())?;
        tx.execute(
            "UPDATE agenda_items SET case_id = ?2, reason = ?3, presenter_id = ?4, minutes_allowed = ?5, consent = ?6
             WHERE id = ?1 AND kind = 'case'",
            params![item_id, case_id, input.reason.trim(), input.presenter_id, minutes, input.consent],
        )?;
        replace_professionals(tx, item_id, &input.professionals)?;
        replace_co_presenters(tx, item_id, input.presenter_id, &input.co_presenter_ids)?;
        log_item(tx, actor, item_id, before)
    })
}

#[instrument(skip(store, input), err)]
pub fn add_other(store: &mut Store, meeting_id: i64, input: &OtherItemInput) -> Result<i64> {
    store.write(|tx, actor| {
        let id = insert_other(tx, meeting_id, AgendaKind::Other, input)?;
        log_item(tx, actor, id, None)?;
        Ok(id)
    })
}

/// Inserts a titled item that is neither a case nor a teach-in (`Other` or `MattersArising`)
/// at the end of the agenda.
pub(crate) fn insert_other(tx: &Transaction<'_>, meeting_id: i64, kind: AgendaKind, input: &OtherItemInput) -> Result<i64> {
    ensure_editable(tx, meeting_id)?;
    let title = input.title.trim();
    if title.is_empty() {
        return Err(Error::invalid("title", "Give the agenda item a title."));
    }
    check_line("title", "title", title)?;
    check_member(tx, "presenterId", input.presenter_id)?;
    tx.execute(
        "INSERT INTO agenda_items (meeting_id, position, kind, title, minutes_allowed, presenter_id)
         VALUES (?1, (SELECT coalesce(max(position), -1) + 1 FROM agenda_items WHERE meeting_id = ?1), ?5, ?2, ?3, ?4)",
        params![meeting_id, title, validate_minutes(input.minutes_allowed)?, input.presenter_id, kind],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Most colleagues who may present a case with its presenter: a shared case is presented by two or
/// three people, not the whole team.
const CO_PRESENTERS_MAX: usize = 3;

fn replace_co_presenters(tx: &Transaction<'_>, item_id: i64, presenter_id: Option<i64>, ids: &[i64]) -> Result<()> {
    let mut wanted: Vec<i64> = Vec::new();
    for &id in ids {
        if Some(id) != presenter_id && !wanted.contains(&id) {
            wanted.push(id);
        }
    }
    if !wanted.is_empty() && presenter_id.is_none() {
        return Err(Error::invalid("presenterId", "Choose the presenter first; the others present with them."));
    }
    if wanted.len() > CO_PRESENTERS_MAX {
        return Err(Error::invalid(
            "coPresenterIds",
            format!("Choose at most {CO_PRESENTERS_MAX} colleagues to present with the presenter; list others as already involved."),
        ));
    }
    tx.execute("DELETE FROM agenda_item_co_presenters WHERE agenda_item_id = ?1", [item_id])?;
    for (position, id) in wanted.iter().enumerate() {
        check_member(tx, "coPresenterIds", Some(*id))?;
        tx.prepare_cached("INSERT INTO agenda_item_co_presenters (agenda_item_id, member_id, position) VALUES (?1, ?2, ?3)")?
            .execute(params![item_id, id, position as i64])?;
    }
    Ok(())
}

/// The colleagues presenting an item with its presenter, in order: ids and names.
pub(crate) fn co_presenters(conn: &Connection, item_id: i64) -> Result<(Vec<i64>, Vec<String>)> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.member_id, m.name FROM agenda_item_co_presenters c JOIN team_members m ON m.id = c.member_id
         WHERE c.agenda_item_id = ?1 ORDER BY c.position",
    )?;
    let rows = stmt.query_map([item_id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.into_iter().unzip())
}

fn replace_professionals(tx: &Transaction<'_>, item_id: i64, list: &[Professional]) -> Result<()> {
    tx.execute("DELETE FROM agenda_item_professionals WHERE agenda_item_id = ?1", [item_id])?;
    for p in list {
        check_member(tx, "professionals", p.member_id)?;
        let external = if p.member_id.is_some() { "" } else { p.name.trim() };
        if p.member_id.is_none() && external.is_empty() {
            continue;
        }
        check_line("professionals", "name of a service", external)?;
        tx.execute(
            "INSERT INTO agenda_item_professionals (agenda_item_id, member_id, external_service) VALUES (?1, ?2, ?3)",
            params![item_id, p.member_id, external],
        )?;
    }
    Ok(())
}

/// Removes an item that has nothing recorded against it yet.
#[instrument(skip(store), err)]
pub fn remove_item(store: &mut Store, item_id: i64) -> Result<()> {
    store.write(|tx, actor| delete_item(tx, actor, item_id))
}

/// Takes an item off its meeting's agenda, in the caller's transaction: refused on finalised or
/// cancelled meetings and while the item has agreed actions; its case record goes to the audit log.
pub(crate) fn delete_item(tx: &Transaction<'_>, actor: &str, item_id: i64) -> Result<()> {
        let meeting_id = meeting_of(tx, item_id)?;
        ensure_editable(tx, meeting_id)?;
        let actions: i64 = tx.query_row("SELECT count(*) FROM agreed_actions WHERE agenda_item_id = ?1", [item_id], |r| r.get(0))?;
        if actions > 0 {
            return Err(Error::Conflict(format!(
                "This item has {actions} agreed action(s). Remove or move the actions first, or mark the item as not discussed."
            )));
        }
        crate::discussions::record_removal(tx, actor, item_id)?;
        let before = snapshot(tx, item_id)?;
        tx.execute("DELETE FROM agenda_items WHERE id = ?1", [item_id])?;
        let mode = ensure_editable(tx, meeting_id)?;
        let change = Change { entity: AuditEntity::AgendaItem, entity_id: item_id, action: mode.audit_action(AuditAction::Delete), before: before.as_ref(), after: None };
        audit::record(tx, actor, change)?;
        let remaining = item_ids(tx, meeting_id)?;
        renumber(tx, &remaining)
}

/// Puts the meeting's items in the given order; `ordered` must list each item once.
#[instrument(skip(store), err)]
pub fn reorder(store: &mut Store, meeting_id: i64, ordered: &[i64]) -> Result<()> {
    store.write(|tx, actor| {
        let mode = ensure_editable(tx, meeting_id)?;
        let before = AgendaOrder::of(tx, meeting_id)?;
        let mut current = item_ids(tx, meeting_id)?;
        let mut wanted = ordered.to_vec();
        current.sort_unstable();
        wanted.sort_unstable();
        if current != wanted {
            return Err(Error::Conflict("The agenda changed while you were reordering it. Refresh and try again.".into()));
        }
        renumber(tx, ordered)?;
        let after = AgendaOrder::of(tx, meeting_id)?;
        if after != before {
            let change = Change { entity: AuditEntity::AgendaOrder, entity_id: meeting_id, action: mode.audit_action(AuditAction::Update), before: Some(&before), after: Some(&after) };
            audit::record(tx, actor, change)?;
        }
        Ok(())
    })
}

/// A meeting's agenda in order, by label, as the audit log keeps a reordering.
#[derive(Debug, PartialEq, Serialize)]
struct AgendaOrder {
    order: Vec<String>,
}

impl AgendaOrder {
    fn of(conn: &Connection, meeting_id: i64) -> Result<AgendaOrder> {
        let mut stmt = conn.prepare_cached(
            "SELECT coalesce(c.reference, a.title) FROM agenda_items a LEFT JOIN cases c ON c.id = a.case_id
             WHERE a.meeting_id = ?1 ORDER BY a.position, a.id",
        )?;
        Ok(AgendaOrder { order: stmt.query_map([meeting_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()? })
    }
}

fn item_ids(conn: &Connection, meeting_id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM agenda_items WHERE meeting_id = ?1 ORDER BY position, id")?;
    Ok(stmt.query_map([meeting_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

fn renumber(tx: &Transaction<'_>, ordered: &[i64]) -> Result<()> {
    let mut stmt = tx.prepare_cached("UPDATE agenda_items SET position = ?2 WHERE id = ?1")?;
    for (position, id) in ordered.iter().enumerate() {
        stmt.execute(params![id, position as i64])?;
    }
    Ok(())
}

/// Records how an item ended and the time it took. Allowed while the meeting runs.
#[instrument(skip(store), err)]
pub fn set_outcome(store: &mut Store, item_id: i64, outcome: Outcome, seconds_used: i64) -> Result<()> {
    store.write(|tx, actor| {
        ensure_editable(tx, meeting_of(tx, item_id)?)?;
        let before = snapshot(tx, item_id)?;
        write_outcome(tx, item_id, outcome, seconds_used)?;
        log_item(tx, actor, item_id, before)
    })
}

/// What the audit log keeps of an agenda item: what the minutes say about it. The chair's timer
/// (seconds used) is left out: it ticks while the item is discussed.
#[derive(Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ItemSnapshot {
    kind: AgendaKind,
    reference: Option<String>,
    title: String,
    reason: String,
    presenter: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    co_presenters: Vec<String>,
    minutes_allowed: i64,
    consent: Consent,
    outcome: Outcome,
    professionals: Vec<String>,
}

fn snapshot(conn: &Connection, item_id: i64) -> Result<Option<ItemSnapshot>> {
    use rusqlite::OptionalExtension;
    let item = conn
        .prepare_cached(
            "SELECT a.kind, c.reference, a.title, a.reason, p.name, a.minutes_allowed, a.consent, a.outcome
             FROM agenda_items a LEFT JOIN cases c ON c.id = a.case_id LEFT JOIN team_members p ON p.id = a.presenter_id
             WHERE a.id = ?1",
        )?
        .query_row([item_id], |r| {
            Ok(ItemSnapshot {
                kind: r.get(0)?,
                reference: r.get(1)?,
                title: r.get(2)?,
                reason: r.get(3)?,
                presenter: r.get(4)?,
                minutes_allowed: r.get(5)?,
                consent: r.get(6)?,
                outcome: r.get(7)?,
                co_presenters: Vec::new(),
                professionals: Vec::new(),
            })
        })
        .optional()?;
    let Some(mut item) = item else { return Ok(None) };
    item.professionals = professionals(conn, item_id)?.into_iter().map(|p| p.name).collect();
    item.co_presenters = co_presenters(conn, item_id)?.1;
    Ok(Some(item))
}

/// Logs an item as created (no `before`) or changed, as an amendment while minutes are amended;
/// nothing when the change left it as it was.
pub(crate) fn log_item(tx: &Transaction<'_>, actor: &str, item_id: i64, before: Option<ItemSnapshot>) -> Result<()> {
    let after = snapshot(tx, item_id)?;
    if after == before {
        return Ok(());
    }
    let mode = ensure_editable(tx, meeting_of(tx, item_id)?)?;
    let action = mode.audit_action(if before.is_none() { AuditAction::Create } else { AuditAction::Update });
    let change = Change { entity: AuditEntity::AgendaItem, entity_id: item_id, action, before: before.as_ref(), after: after.as_ref() };
    audit::record(tx, actor, change)
}

/// [`set_outcome`] inside the caller's transaction, for a meeting the caller checked is editable.
pub(crate) fn write_outcome(tx: &Transaction<'_>, item_id: i64, outcome: Outcome, seconds_used: i64) -> Result<()> {
    tx.execute(
        "UPDATE agenda_items SET outcome = ?2, seconds_used = max(?3, 0) WHERE id = ?1",
        params![item_id, outcome, seconds_used],
    )?;
    Ok(())
}

/// Sets an item's outcome, keeping the time on the chair's timer, inside the caller's transaction.
pub(crate) fn write_outcome_only(tx: &Transaction<'_>, item_id: i64, outcome: Outcome) -> Result<()> {
    tx.execute("UPDATE agenda_items SET outcome = ?2 WHERE id = ?1", params![item_id, outcome])?;
    Ok(())
}

/// Saves the chair's timer for an item without changing its outcome.
pub fn record_time(store: &mut Store, item_id: i64, seconds_used: i64) -> Result<()> {
    store.write(|tx, _| {
        ensure_editable(tx, meeting_of(tx, item_id)?)?;
        tx.execute("UPDATE agenda_items SET seconds_used = max(?2, 0) WHERE id = ?1", params![item_id, seconds_used])?;
        Ok(())
    })
}

/// Puts a "Matters arising" item first on the agenda if the meeting has none.
pub(crate) fn ensure_matters_arising(tx: &Transaction<'_>, meeting_id: i64) -> Result<()> {
    let exists: bool = tx
        .prepare_cached("SELECT 1 FROM agenda_items WHERE meeting_id = ?1 AND kind = 'matters_arising'")?
        .exists([meeting_id])?;
    if !exists {
        tx.execute("UPDATE agenda_items SET position = position + 1 WHERE meeting_id = ?1", [meeting_id])?;
        tx.execute(
            "INSERT INTO agenda_items (meeting_id, position, kind, title, minutes_allowed)
             VALUES (?1, 0, 'matters_arising', 'Matters arising', ?2)",
            params![meeting_id, MATTERS_ARISING_MINUTES],
        )?;
    }
    Ok(())
}

/// Copies the cases listed but not discussed at `from` to the top of `to` (after matters
/// arising). Safe to call again: an item already carried is not carried twice. A person who
/// objected to MDT discussion is never put back on an agenda automatically.
pub(crate) fn carry_not_discussed(tx: &Transaction<'_>, actor: &str, from: i64, to: i64) -> Result<usize> {
    let sources: Vec<(i64, CaseItemInput)> = {
        let mut stmt = tx.prepare_cached(
            "SELECT a.id, c.reference, a.reason, a.presenter_id, a.minutes_allowed, a.consent
             FROM agenda_items a JOIN cases c ON c.id = a.case_id
             WHERE a.meeting_id = ?1 AND a.kind = 'case' AND a.outcome = 'not_discussed' AND a.consent <> 'objected'
               AND NOT EXISTS (SELECT 1 FROM agenda_items b WHERE b.meeting_id = ?2 AND b.carried_from_id = a.id)
             ORDER BY a.position",
        )?;
        stmt.query_map(params![from, to], |r| {
            Ok((
                r.get(0)?,
                CaseItemInput {
                    reference: r.get(1)?,
                    identifier: None,
                    reason: r.get(2)?,
                    presenter_id: r.get(3)?,
                    co_presenter_ids: Vec::new(),
                    minutes_allowed: r.get(4)?,
                    consent: r.get(5)?,
                    professionals: Vec::new(),
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?
    };
    let carried = sources.len();
    for (source_id, mut input) in sources {
        input.professionals = professionals(tx, source_id)?;
        input.co_presenter_ids = co_presenters(tx, source_id)?.0;
        let new_id = insert_case(tx, to, &input, Some(source_id))?;
        move_after_matters_arising(tx, to, new_id)?;
        log_item(tx, actor, new_id, None)?;
    }
    Ok(carried)
}

/// Moves a just-added item up to sit after matters arising and earlier carried items.
fn move_after_matters_arising(tx: &Transaction<'_>, meeting_id: i64, item_id: i64) -> Result<()> {
    let mut ids = item_ids(tx, meeting_id)?;
    ids.retain(|id| *id != item_id);
    let kinds: Vec<(i64, AgendaKind, bool)> = {
        let mut stmt = tx.prepare_cached(
            "SELECT id, kind, carried_from_id IS NOT NULL FROM agenda_items WHERE meeting_id = ?1 ORDER BY position, id",
        )?;
        stmt.query_map([meeting_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?
    };
    let at = kinds
        .iter()
        .filter(|(id, _, _)| *id != item_id)
        .take_while(|(_, kind, carried)| *kind == AgendaKind::MattersArising || *carried)
        .count();
    ids.insert(at, item_id);
    renumber(tx, &ids)
}

pub(crate) fn professionals(conn: &Connection, item_id: i64) -> Result<Vec<Professional>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.member_id, coalesce(m.name, p.external_service)
         FROM agenda_item_professionals p LEFT JOIN team_members m ON m.id = p.member_id
         WHERE p.agenda_item_id = ?1 ORDER BY p.id",
    )?;
    Ok(stmt
        .query_map([item_id], |r| Ok(Professional { member_id: r.get(0)?, name: r.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?)
}

const SELECT_ITEM: &str = "SELECT a.id, a.meeting_id, a.position, a.kind, a.case_id, c.reference,
        EXISTS (SELECT 1 FROM case_identifiers i WHERE i.case_id = a.case_id AND (i.nhs_number <> '' OR i.other_identifier <> '')),
        a.title, a.reason, a.presenter_id, p.name, a.minutes_allowed, a.consent, a.outcome, a.seconds_used,
        CASE WHEN src.id IS NULL THEN NULL ELSE 'Carried from ' || sm.title || ' (' || substr(sm.starts_at, 1, 10) || ')' END,
        a.teach_in_id
    FROM agenda_items a
    LEFT JOIN cases c ON c.id = a.case_id
    LEFT JOIN team_members p ON p.id = a.presenter_id
    LEFT JOIN agenda_items src ON src.id = a.carried_from_id
    LEFT JOIN meetings sm ON sm.id = src.meeting_id";

fn item_from_row(r: &Row<'_>) -> rusqlite::Result<AgendaItem> {
    Ok(AgendaItem {
        id: r.get(0)?,
        meeting_id: r.get(1)?,
        position: r.get(2)?,
        kind: r.get(3)?,
        case_id: r.get(4)?,
        case_reference: r.get(5)?,
        has_identifier: r.get(6)?,
        title: r.get(7)?,
        reason: r.get(8)?,
        presenter_id: r.get(9)?,
        presenter_name: r.get(10)?,
        co_presenter_ids: Vec::new(),
        co_presenter_names: Vec::new(),
        minutes_allowed: r.get(11)?,
        consent: r.get(12)?,
        outcome: r.get(13)?,
        seconds_used: r.get(14)?,
        carried_from: r.get(15)?,
        teach_in_id: r.get(16)?,
        professionals: Vec::new(),
        discussion: None,
        actions: Vec::new(),
    })
}

/// The whole agenda of a meeting, in order, with each case's discussion and actions.
pub fn load(conn: &Connection, meeting_id: i64) -> Result<Vec<AgendaItem>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT_ITEM} WHERE a.meeting_id = ?1 ORDER BY a.position, a.id"))?;
    let mut items = stmt.query_map([meeting_id], item_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut actions = crate::actions::list(
        conn,
        &crate::actions::ActionFilter { meeting_id: Some(meeting_id), status: None, ..Default::default() },
    )?;
    for item in &mut items {
        item.professionals = professionals(conn, item.id)?;
        (item.co_presenter_ids, item.co_presenter_names) = co_presenters(conn, item.id)?;
        item.discussion = crate::discussions::get(conn, item.id)?;
        let (mine, rest): (Vec<_>, Vec<_>) = actions.into_iter().partition(|a| a.agenda_item_id == Some(item.id));
        item.actions = mine;
        actions = rest;
    }
    Ok(items)
}

/// The planned clock for an agenda: when each item starts, when the plan finishes, and how far
/// it runs past the meeting's planned length.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Timeline {
    /// Planned start of each item, `HH:MM`, in agenda order.
    pub starts: Vec<String>,
    pub planned_finish: String,
    pub scheduled_end: String,
    pub planned_minutes: i64,
    /// Minutes the agenda runs past the planned length; 0 when it fits.
    pub over_by_minutes: i64,
}

pub fn timeline(starts_at: &str, planned_minutes: i64, minutes: &[i64]) -> Result<Timeline> {
    let start = dates::parse_date_time("startsAt", starts_at)?;
    let clock = |offset: i64| (start + Duration::minutes(offset)).format("%H:%M").to_string();
    let mut offset = 0;
    let starts = minutes
        .iter()
        .map(|m| {
            let at = clock(offset);
            offset += m;
            at
        })
        .collect();
    Ok(Timeline {
        starts,
        planned_finish: clock(offset),
        scheduled_end: clock(planned_minutes),
        planned_minutes,
        over_by_minutes: (offset - planned_minutes).max(0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeline_adds_up_and_reports_overrun() {
        let t = timeline("2026-03-02T13:00", 60, &[5, 20, 20, 20]).unwrap();
        assert_eq!(t.starts, ["13:00", "13:05", "13:25", "13:45"]);
        assert_eq!(t.planned_finish, "14:05");
        assert_eq!(t.scheduled_end, "14:00");
        assert_eq!(t.over_by_minutes, 5);
        let fits = timeline("2026-03-02T23:50", 30, &[10, 10]).unwrap();
        assert_eq!(fits.starts, ["23:50", "00:00"], "past midnight");
        assert_eq!(fits.over_by_minutes, 0);
        assert_eq!(timeline("2026-03-02T09:00", 60, &[]).unwrap().planned_finish, "09:00");
    }
}
