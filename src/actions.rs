//! Agreed actions: what someone will do, by when, and whether it is done. They outlive the
//! meeting that agreed them and come back as matters arising until closed.

use rusqlite::{Connection, OptionalExtension, Row, ToSql, Transaction, params_from_iter};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;

use crate::audit::{self, AuditAction, AuditEntity, Change};
use crate::meeting_record::ensure_editable;
use crate::text_checks::check_note;
use crate::{Error, Result, Store, dates, text_enum};

const DESCRIPTION_MAX: usize = 2_000;

text_enum!(ActionStatus {
    Open => "open",
    Done => "done",
    Cancelled => "cancelled",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgreedAction {
    pub id: i64,
    pub meeting_id: i64,
    pub meeting_title: String,
    pub meeting_starts_at: String,
    pub agenda_item_id: Option<i64>,
    pub case_reference: Option<String>,
    pub description: String,
    pub owner_id: i64,
    pub owner_name: String,
    pub due_date: Option<String>,
    pub status: ActionStatus,
    pub done_on: Option<String>,
    pub cancel_reason: String,
    /// Open and past its due date (today's date on this machine).
    pub overdue: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionInput {
    pub description: String,
    pub owner_id: i64,
    pub due_date: Option<String>,
}

/// The start of a long list of actions, and its size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionPage {
    /// The first actions of the list, in its order.
    pub actions: Vec<AgreedAction>,
    /// How many actions the whole list has.
    pub total: i64,
    /// How many of the whole list are open and past their due date.
    pub overdue: i64,
}

/// Which actions to list. Empty filter: every action.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ActionFilter {
    #[ts(optional)]
    pub owner_id: Option<i64>,
    #[ts(optional)]
    pub status: Option<ActionStatus>,
    pub overdue_only: bool,
    #[ts(optional)]
    pub meeting_id: Option<i64>,
    #[ts(optional)]
    pub case_id: Option<i64>,
    /// Only actions agreed on this agenda item (a case record's own actions).
    #[ts(optional)]
    pub agenda_item_id: Option<i64>,
    /// Only actions agreed at meetings of this series before this date-time (matters arising).
    #[ts(optional)]
    pub series_id: Option<i64>,
    #[ts(optional)]
    pub before: Option<String>,
    /// Only actions done on or after this date (`YYYY-MM-DD`).
    #[ts(optional)]
    pub done_since: Option<String>,
}

impl ActionInput {
    fn validated(&self, conn: &Connection) -> Result<ActionInput> {
        let description = self.description.trim().to_string();
        if description.is_empty() {
            return Err(Error::invalid("description", "Say what the action is."));
        }
        if description.chars().count() > DESCRIPTION_MAX {
            return Err(Error::invalid("description", format!("Keep the action under {DESCRIPTION_MAX} characters.")));
        }
        check_note("description", "action", &description)?;
        crate::members::get(conn, self.owner_id)
            .map_err(|_| Error::invalid("ownerId", "Choose who owns this action from the roster."))?;
        let due_date = dates::read_optional_date("dueDate", self.due_date.as_deref())?;
        Ok(ActionInput { description, owner_id: self.owner_id, due_date })
    }
}

/// Agrees an action during a case discussion (or against the meeting when `item_id` is a non-case item).
#[instrument(skip(store, input), err)]
pub fn add(store: &mut Store, item_id: i64, input: &ActionInput) -> Result<AgreedAction> {
    store.write(|tx, actor| insert(tx, actor, item_id, input))
}

/// [`add`] inside the caller's transaction.
pub(crate) fn insert(tx: &Transaction<'_>, actor: &str, item_id: i64, input: &ActionInput) -> Result<AgreedAction> {
    let (meeting_id, case_id): (i64, Option<i64>) =
        tx.query_row("SELECT meeting_id, case_id FROM agenda_items WHERE id = ?1", [item_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|_| Error::NotFound { what: format!("Agenda item #{item_id}") })?;
    let mode = ensure_editable(tx, meeting_id)?;
    let input = input.validated(tx)?;
    let now = crate::storage::now_utc();
    tx.execute(
        "INSERT INTO agreed_actions (meeting_id, agenda_item_id, case_id, description, owner_id, due_date, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        rusqlite::params![meeting_id, item_id, case_id, input.description, input.owner_id, input.due_date, now],
    )?;
    let action = get(tx, tx.last_insert_rowid())?;
    audit::record(tx, actor, change(mode.audit_action(AuditAction::Create), action.id, None, Some(&action)))?;
    Ok(action)
}

/// Changes what, who or when. Allowed while the meeting's minutes are open or being amended.
#[instrument(skip(store, input), err)]
pub fn update(store: &mut Store, id: i64, input: &ActionInput) -> Result<AgreedAction> {
    store.write(|tx, actor| {
        let before = get(tx, id)?;
        let mode = ensure_editable(tx, before.meeting_id)?;
        let input = input.validated(tx)?;
        tx.execute(
            "UPDATE agreed_actions SET description = ?2, owner_id = ?3, due_date = ?4, updated_at = ?5 WHERE id = ?1",
            rusqlite::params![id, input.description, input.owner_id, input.due_date, crate::storage::now_utc()],
        )?;
        let after = get(tx, id)?;
        audit::record(tx, actor, change(mode.audit_action(AuditAction::Update), id, Some(&before), Some(&after)))?;
        Ok(after)
    })
}

#[instrument(skip(store), err)]
pub fn remove(store: &mut Store, id: i64) -> Result<()> {
    store.write(|tx, actor| {
        let before = get(tx, id)?;
        let mode = ensure_editable(tx, before.meeting_id)?;
        tx.execute("DELETE FROM agreed_actions WHERE id = ?1", [id])?;
        audit::record(tx, actor, change(mode.audit_action(AuditAction::Delete), id, Some(&before), None))
    })
}

/// Marks an action done on a date (today when none is given). Works after finalising: closing
/// an action is follow-up, not a change to the minutes.
#[instrument(skip(store), err)]
pub fn complete(store: &mut Store, id: i64, done_on: Option<&str>) -> Result<AgreedAction> {
    let done_on = match done_on {
        Some(d) => dates::read_date("doneOn", d)?.format(dates::DATE_FORMAT).to_string(),
        None => dates::today(),
    };
    set_status(store, id, ActionStatus::Done, Some(done_on), "")
}

#[instrument(skip(store), err)]
pub fn cancel(store: &mut Store, id: i64, reason: &str) -> Result<AgreedAction> {
    if reason.trim().is_empty() {
        return Err(Error::invalid("cancelReason", "Say why the action is cancelled, so the team knows at the next meeting."));
    }
    check_note("cancelReason", "reason", reason)?;
    set_status(store, id, ActionStatus::Cancelled, None, reason.trim())
}

pub fn reopen(store: &mut Store, id: i64) -> Result<AgreedAction> {
    set_status(store, id, ActionStatus::Open, None, "")
}

fn set_status(store: &mut Store, id: i64, status: ActionStatus, done_on: Option<String>, reason: &str) -> Result<AgreedAction> {
    store.write(|tx, actor| change_status(tx, actor, id, status, done_on.as_deref(), reason))
}

/// Sets status, done date and cancel reason as given (callers check them), audited.
pub(crate) fn change_status(
    tx: &Transaction<'_>,
    actor: &str,
    id: i64,
    status: ActionStatus,
    done_on: Option<&str>,
    reason: &str,
) -> Result<AgreedAction> {
    let before = get(tx, id)?;
    tx.execute(
        "UPDATE agreed_actions SET status = ?2, done_on = ?3, cancel_reason = ?4, updated_at = ?5 WHERE id = ?1",
        rusqlite::params![id, status, done_on, reason, crate::storage::now_utc()],
    )?;
    let after = get(tx, id)?;
    audit::record(tx, actor, change(AuditAction::Update, id, Some(&before), Some(&after)))?;
    Ok(after)
}

const SELECT: &str = "SELECT x.id, x.meeting_id, m.title, m.starts_at, x.agenda_item_id, c.reference, x.description,
        x.owner_id, o.name, x.due_date, x.status, x.done_on, x.cancel_reason,
        x.status = 'open' AND x.due_date IS NOT NULL AND x.due_date < ?1
    FROM agreed_actions x
    JOIN meetings m ON m.id = x.meeting_id
    JOIN team_members o ON o.id = x.owner_id
    LEFT JOIN cases c ON c.id = x.case_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<AgreedAction> {
    Ok(AgreedAction {
        id: r.get(0)?,
        meeting_id: r.get(1)?,
        meeting_title: r.get(2)?,
        meeting_starts_at: r.get(3)?,
        agenda_item_id: r.get(4)?,
        case_reference: r.get(5)?,
        description: r.get(6)?,
        owner_id: r.get(7)?,
        owner_name: r.get(8)?,
        due_date: r.get(9)?,
        status: r.get(10)?,
        done_on: r.get(11)?,
        cancel_reason: r.get(12)?,
        overdue: r.get(13)?,
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<AgreedAction> {
    conn.prepare_cached(&format!("{SELECT} WHERE x.id = ?2"))?
        .query_row(rusqlite::params![dates::today(), id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("Action #{id}") })
}

/// The `WHERE` clause for a filter, with its arguments; `?1` is always today's date.
fn filter_sql(filter: &ActionFilter) -> (String, Vec<Box<dyn ToSql>>) {
    let today = dates::today();
    let mut clauses = Vec::new();
    let mut args: Vec<Box<dyn ToSql>> = vec![Box::new(today.clone())];
    let mut push = |clause: &str, value: Box<dyn ToSql>| {
        args.push(value);
        clauses.push(clause.replace('?', &format!("?{}", args.len())));
    };
    if let Some(owner) = filter.owner_id {
        push("x.owner_id = ?", Box::new(owner));
    }
    if let Some(status) = filter.status {
        push("x.status = ?", Box::new(status));
    }
    if filter.overdue_only {
        push("x.status = 'open' AND x.due_date < ?", Box::new(today));
    }
    if let Some(meeting) = filter.meeting_id {
        push("x.meeting_id = ?", Box::new(meeting));
    }
    if let Some(case) = filter.case_id {
        push("x.case_id = ?", Box::new(case));
    }
    if let Some(item) = filter.agenda_item_id {
        push("x.agenda_item_id = ?", Box::new(item));
    }
    if let Some(series) = filter.series_id {
        push("m.series_id = ?", Box::new(series));
    }
    if let Some(before) = &filter.before {
        push("m.starts_at < ?", Box::new(before.clone()));
    }
    if let Some(since) = &filter.done_since {
        push("x.done_on >= ?", Box::new(since.clone()));
    }
    let sql = if clauses.is_empty() { String::new() } else { format!(" WHERE {}", clauses.join(" AND ")) };
    (sql, args)
}

const ORDER: &str = " ORDER BY x.due_date IS NULL, x.due_date, m.starts_at, x.id";

/// Every action matching the filter: soonest due first, then undated, oldest meeting first.
pub fn list(conn: &Connection, filter: &ActionFilter) -> Result<Vec<AgreedAction>> {
    let (where_sql, args) = filter_sql(filter);
    let mut stmt = conn.prepare_cached(&format!("{SELECT}{where_sql}{ORDER}"))?;
    let rows = stmt.query_map(params_from_iter(args.iter()), from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The first `limit` actions of [`list`] in the same order, with how many match in all and how
/// many of those are overdue: what a screen needs to show a long list a page at a time.
pub fn page(conn: &Connection, filter: &ActionFilter, limit: u32) -> Result<ActionPage> {
    let (where_sql, mut args) = filter_sql(filter);
    // CROSS JOIN keeps the actions as the outer loop, found by their own indexes (status, owner,
    // meeting): left to itself the planner walks a series' meetings and every action of each.
    let (total, overdue): (i64, i64) = conn
        .prepare_cached(&format!(
            "SELECT count(*), coalesce(sum(x.status = 'open' AND x.due_date IS NOT NULL AND x.due_date < ?1), 0)
             FROM agreed_actions x CROSS JOIN meetings m ON m.id = x.meeting_id{where_sql}"
        ))?
        .query_row(params_from_iter(args.iter()), |r| Ok((r.get(0)?, r.get(1)?)))?;
    args.push(Box::new(i64::from(limit)));
    let limit_sql = format!(" LIMIT ?{}", args.len());
    let mut stmt = conn.prepare_cached(&format!("{SELECT}{where_sql}{ORDER}{limit_sql}"))?;
    let actions = stmt.query_map(params_from_iter(args.iter()), from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(ActionPage { actions, total, overdue })
}

fn change<'a>(action: AuditAction, id: i64, before: Option<&'a AgreedAction>, after: Option<&'a AgreedAction>) -> Change<'a, AgreedAction> {
    Change { entity: AuditEntity::AgreedAction, entity_id: id, action, before, after }
}
