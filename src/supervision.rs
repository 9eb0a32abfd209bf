//! The supervision log. *Working together* says SPLWs must receive monthly clinical supervision
//! from a relevant healthcare professional: most often a GP, and sometimes an occupational
//! therapist whose scope of practice, experience and organisational arrangements allow it. The log
//! keeps, for each SPLW, who supervises them, the sessions held (date and format: one-to-one,
//! group, case-based or a debrief), and the cases to take to the next session, each by the
//! discussion it came from, so by the person's pseudonymous reference and never an identifier.
//!
//! **Who may supervise.** A member in a clinical role, never the person themselves; an OT
//! supervising an SPLW only when the team confirms the guidance's conditions (scope, experience,
//! the organisation's arrangements). A non-clinical role (another SPLW, a care coordinator) is
//! refused: the guidance asks for clinical supervision from a healthcare professional.
//!
//! **Overdue.** An SPLW whose latest session was more than a month before the day asked about
//! (`today`, passed in: no hidden clock), or who has none recorded, is overdue; [`status`] says so
//! in words. "A month" is the calendar month the guidance's "monthly" means: from 15 March, due by
//! 15 April, overdue from 16 April.
//!
//! **Saving.** Every change is one transaction, audited (entities `supervision_arrangement`, id: the
//! supervisee; `supervision_session`; `supervision_case`). The arrangement is saved by version; a
//! save based on an older one is refused with [`Error::Stale`].

use chrono::{Months, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;

use crate::audit::{self, AuditAction, AuditEntity, Change};
use crate::members::{self, TeamMember};
use crate::{Error, Result, Store, dates, roles, text_enum};

/// The role whose members the guidance says must have monthly clinical supervision. A team may
/// check other roles the same way ([`set_supervised_roles`]); this one is always checked.
pub const SUPERVISED_ROLE: &str = "splw";

/// A role the supervision log checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SupervisedRole {
    pub key: String,
    pub name: String,
    /// The guidance's (SPLWs), not the team's choice; cannot be taken off.
    pub from_guidance: bool,
}

/// The roles the supervision log checks: SPLWs first, then the team's choices by the roles' order.
pub fn supervised_roles(conn: &Connection) -> Result<Vec<SupervisedRole>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.role_key, r.name FROM supervised_roles s JOIN roles r ON r.key = s.role_key
         ORDER BY s.role_key <> ?1, r.sort_order, r.key",
    )?;
    let rows = stmt.query_map([SUPERVISED_ROLE], |r| {
        let key: String = r.get(0)?;
        Ok(SupervisedRole { from_guidance: key == SUPERVISED_ROLE, key, name: r.get(1)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Sets the roles the log checks to `keys`: each a known role; SPLWs always among them.
#[instrument(skip(store), err)]
pub fn set_supervised_roles(store: &mut Store, keys: &[String]) -> Result<Vec<SupervisedRole>> {
    let mut wanted: Vec<String> = keys.iter().map(|k| k.trim().to_string()).collect();
    wanted.sort();
    wanted.dedup();
    if !wanted.iter().any(|k| k == SUPERVISED_ROLE) {
        return Err(Error::invalid(
            "roles",
            "Social prescribing link workers stay checked: the guidance asks that they have clinical supervision every month.",
        ));
    }
    store.write(|tx, actor| {
        for key in &wanted {
            if roles::find(tx, key)?.is_none() {
                return Err(Error::invalid("roles", format!("{} is not a known role.", crate::text_checks::quoted(key))));
            }
        }
        let before = supervised_roles(tx)?;
        tx.execute("DELETE FROM supervised_roles", [])?;
        for key in &wanted {
            tx.execute("INSERT INTO supervised_roles (role_key) VALUES (?1)", [key])?;
        }
        let after = supervised_roles(tx)?;
        if after != before {
            let keys = |roles: &[SupervisedRole]| roles.iter().map(|r| r.key.clone()).collect::<Vec<_>>();
            let (b, a) = (keys(&before), keys(&after));
            audit::record(
                tx,
                actor,
                Change { entity: AuditEntity::SupervisedRoles, entity_id: 0, action: AuditAction::Update, before: Some(&b), after: Some(&a) },
            )?;
        }
        Ok(after)
    })
}

text_enum!(
    /// How a supervision session was held.
    SessionFormat {
        OneToOne => "one_to_one",
        Group => "group",
        /// Built around one or more cases.
        CaseBased => "case_based",
        /// A debrief after a complex or high-risk case.
        Debrief => "debrief",
    }
);

text_enum!(
    /// Where a case to take to supervision came from.
    CaseSource {
        /// The guidance's suggestion to raise the case in the SPLW's supervision.
        RaiseInSupervision => "raise_in_supervision",
        /// The guidance's suggestion of a joint debrief.
        JointDebrief => "joint_debrief",
        /// Chosen by the team.
        Chosen => "chosen",
    }
);

/// Who supervises a member, as a user sets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ArrangementInput {
    pub supervisor_id: i64,
    /// For an OT supervising an SPLW: the team confirms the OT's scope of practice, experience and
    /// the organisation's arrangements allow it (the guidance's conditions).
    pub scope_confirmed: bool,
}

/// Who supervises a member, as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Arrangement {
    pub supervisee_id: i64,
    pub supervisor_id: i64,
    pub supervisor_name: String,
    pub supervisor_role_name: String,
    pub scope_confirmed: bool,
    pub version: i64,
}

/// A session as a user records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionInput {
    pub supervisee_id: i64,
    pub supervisor_id: i64,
    /// The day it was held, as typed (day first, e.g. 15/12/2026, or "today").
    pub held_on: String,
    pub format: SessionFormat,
    /// Cases waiting for this person's supervision ([`SupervisionCase::id`]) taken at the session.
    pub case_ids: Vec<i64>,
}

/// A session as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub id: i64,
    pub supervisee_id: i64,
    pub supervisor_id: i64,
    pub supervisor_name: String,
    /// `YYYY-MM-DD`.
    pub held_on: String,
    pub format: SessionFormat,
    /// The pseudonymous references of the cases taken, in the order they were added.
    pub case_references: Vec<String>,
}

/// A case to take to a person's supervision, by the discussion it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SupervisionCase {
    pub id: i64,
    pub supervisee_id: i64,
    pub supervisee_name: String,
    pub agenda_item_id: i64,
    /// The meeting of the discussion, so a screen can link to it.
    pub meeting_id: i64,
    /// The person's pseudonymous reference (never an identifier).
    pub case_reference: String,
    pub meeting_title: String,
    pub meeting_starts_at: String,
    pub source: CaseSource,
    /// The session that took it; `None` while it waits.
    pub session_id: Option<i64>,
}

/// Where one supervised member stands on the day asked about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SupervisionStatus {
    pub member_id: i64,
    pub member_name: String,
    pub arrangement: Option<Arrangement>,
    /// The latest session's day (`YYYY-MM-DD`), if any.
    pub last_session: Option<String>,
    /// No session recorded, or the latest more than a month before the day asked about.
    pub overdue: bool,
    /// What the screen says, in words (never colour alone).
    pub words: String,
    /// Cases waiting for the next session.
    pub waiting: i64,
}


/// Whether a person last supervised on `last` is overdue on `today`, and the words for it.
pub fn overdue_state(last: Option<&str>, today: NaiveDate) -> (bool, String) {
    let Some(last) = last else { return (true, "No supervision recorded".to_string()) };
    let held = dates::parse_date("heldOn", last).unwrap_or(NaiveDate::MIN);
    let due_by = held.checked_add_months(Months::new(1)).unwrap_or(NaiveDate::MAX);
    if today > due_by {
        (true, format!("No supervision for over a month (last on {})", dates::day_first(last)))
    } else {
        (false, format!("Last supervision {}; next due by {}", dates::day_first(last), due_by.format("%d/%m/%Y")))
    }
}

/// The arrangement for `supervisee_id`, if one is set.
pub fn arrangement(conn: &Connection, supervisee_id: i64) -> Result<Option<Arrangement>> {
    Ok(conn
        .prepare_cached(
            "SELECT a.supervisee_id, a.supervisor_id, m.name, r.name, a.scope_confirmed, a.version
             FROM supervision_arrangements a JOIN team_members m ON m.id = a.supervisor_id JOIN roles r ON r.key = m.role_key
             WHERE a.supervisee_id = ?1",
        )?
        .query_row([supervisee_id], |r| {
            Ok(Arrangement {
                supervisee_id: r.get(0)?,
                supervisor_id: r.get(1)?,
                supervisor_name: r.get(2)?,
                supervisor_role_name: r.get(3)?,
                scope_confirmed: r.get(4)?,
                version: r.get(5)?,
            })
        })
        .optional()?)
}

fn member(conn: &Connection, field: &'static str, id: i64, what: &str) -> Result<TeamMember> {
    members::get(conn, id).map_err(|e| match e {
        Error::NotFound { .. } => Error::invalid(field, format!("Choose {what} from the team roster.")),
        other => other,
    })
}

/// Checks that `supervisor` may give `supervisee` clinical supervision (see the module's notes).
fn may_supervise(conn: &Connection, supervisee: &TeamMember, supervisor: &TeamMember, scope_confirmed: bool) -> Result<()> {
    if supervisor.id == supervisee.id {
        return Err(Error::invalid("supervisorId", "Someone cannot supervise themselves. Choose a GP or another clinician on the roster."));
    }
    if let Some(left) = &supervisor.left_on {
        return Err(Error::invalid(
            "supervisorId",
            format!("{} left the team on {}. Choose a clinician who is in the team now.", supervisor.name, dates::day_first(left)),
        ));
    }
    let clinical = roles::find(conn, &supervisor.role_key)?.is_some_and(|r| r.clinical);
    if !clinical {
        return Err(Error::invalid(
            "supervisorId",
            format!(
                "{} is a {}, not a healthcare professional. The guidance asks for clinical supervision from a relevant healthcare professional, most often a GP.",
                supervisor.name,
                supervisor.role_name.to_lowercase()
            ),
        ));
    }
    if supervisee.role_key == SUPERVISED_ROLE && supervisor.role_key == "ot" && !scope_confirmed {
        return Err(Error::invalid(
            "scopeConfirmed",
            format!(
                "An occupational therapist can give an SPLW clinical supervision where their scope of practice, experience and the organisation's arrangements allow it. Confirm that they do for {}, or choose a GP.",
                supervisor.name
            ),
        ));
    }
    Ok(())
}

/// Sets who supervises `supervisee_id`. `based_on` is the arrangement's version the screen showed
/// (0 when none was set): a save over a newer one is refused with [`Error::Stale`].
#[instrument(skip(store), err)]
pub fn set_arrangement(store: &mut Store, supervisee_id: i64, based_on: i64, input: &ArrangementInput) -> Result<Arrangement> {
    store.write(|tx, actor| {
        let supervisee = members::get(tx, supervisee_id)?;
        let supervisor = member(tx, "supervisorId", input.supervisor_id, "who supervises them")?;
        may_supervise(tx, &supervisee, &supervisor, input.scope_confirmed)?;
        let current = arrangement(tx, supervisee_id)?;
        let version = current.as_ref().map_or(0, |a| a.version);
        if version != based_on {
            return Err(Error::Stale { what: format!("Who supervises {}", supervisee.name) });
        }
        // The confirmation is about an OT supervising an SPLW; otherwise it is not kept.
        let scope = input.scope_confirmed && supervisor.role_key == "ot";
        if current.as_ref().is_some_and(|a| a.supervisor_id == supervisor.id && a.scope_confirmed == scope) {
            return Ok(current.expect("checked"));
        }
        tx.prepare_cached(
            "INSERT INTO supervision_arrangements (supervisee_id, supervisor_id, scope_confirmed, version, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (supervisee_id) DO UPDATE SET supervisor_id = excluded.supervisor_id,
                 scope_confirmed = excluded.scope_confirmed, version = excluded.version,
                 updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )?
        .execute(params![supervisee_id, supervisor.id, scope, version + 1, crate::storage::now_utc(), actor])?;
        let saved = arrangement(tx, supervisee_id)?.expect("just saved");
        let action = if current.is_some() { AuditAction::Update } else { AuditAction::Create };
        audit::record(tx, actor, Change { entity: AuditEntity::SupervisionArrangement, entity_id: supervisee_id, action, before: current.as_ref(), after: Some(&saved) })?;
        Ok(saved)
    })
}

const CASE_SELECT: &str = "SELECT s.id, s.supervisee_id, s.agenda_item_id, c.reference, m.title, m.starts_at, s.source, s.session_id, w.name, m.id
     FROM supervision_cases s JOIN agenda_items a ON a.id = s.agenda_item_id JOIN cases c ON c.id = a.case_id
     JOIN meetings m ON m.id = a.meeting_id JOIN team_members w ON w.id = s.supervisee_id";

fn supervision_case(r: &rusqlite::Row<'_>) -> rusqlite::Result<SupervisionCase> {
    Ok(SupervisionCase {
        id: r.get(0)?,
        supervisee_id: r.get(1)?,
        supervisee_name: r.get(8)?,
        agenda_item_id: r.get(2)?,
        meeting_id: r.get(9)?,
        case_reference: r.get(3)?,
        meeting_title: r.get(4)?,
        meeting_starts_at: r.get(5)?,
        source: r.get(6)?,
        session_id: r.get(7)?,
    })
}

/// Refuses an agenda item that is not a person's case discussion.
fn case_item(conn: &Connection, agenda_item_id: i64) -> Result<()> {
    let is_case: Option<bool> = conn
        .prepare_cached("SELECT kind = 'case' AND case_id IS NOT NULL FROM agenda_items WHERE id = ?1")?
        .query_row([agenda_item_id], |r| r.get(0))
        .optional()?;
    match is_case {
        None => Err(Error::NotFound { what: format!("Agenda item #{agenda_item_id}") }),
        Some(false) => Err(Error::invalid("agendaItemId", "Only a person's case discussion can be taken to supervision.")),
        Some(true) => Ok(()),
    }
}

/// The cases waiting for `supervisee_id`'s next session, oldest first.
pub fn waiting(conn: &Connection, supervisee_id: i64) -> Result<Vec<SupervisionCase>> {
    let mut stmt = conn.prepare_cached(&format!("{CASE_SELECT} WHERE s.supervisee_id = ?1 AND s.session_id IS NULL ORDER BY s.id"))?;
    Ok(stmt.query_map([supervisee_id], supervision_case)?.collect::<rusqlite::Result<_>>()?)
}

/// Puts the case discussed at `agenda_item_id` on `supervisee_id`'s list for their next session
/// (from a "raise in supervision" or "joint debrief" suggestion, or chosen). Already waiting: the
/// same entry back, nothing written.
#[instrument(skip(store), err)]
pub fn take_to_supervision(store: &mut Store, supervisee_id: i64, agenda_item_id: i64, source: CaseSource) -> Result<SupervisionCase> {
    store.write(|tx, actor| {
        let supervisee = members::get(tx, supervisee_id)?;
        case_item(tx, agenda_item_id)?;
        if let Some(already) = waiting(tx, supervisee.id)?.into_iter().find(|c| c.agenda_item_id == agenda_item_id) {
            return Ok(already);
        }
        tx.prepare_cached("INSERT INTO supervision_cases (supervisee_id, agenda_item_id, source, added_at, added_by) VALUES (?1, ?2, ?3, ?4, ?5)")?
            .execute(params![supervisee_id, agenda_item_id, source, crate::storage::now_utc(), actor])?;
        let id = tx.last_insert_rowid();
        let added = tx.prepare_cached(&format!("{CASE_SELECT} WHERE s.id = ?1"))?.query_row([id], supervision_case)?;
        audit::record(tx, actor, Change { entity: AuditEntity::SupervisionCase, entity_id: id, action: AuditAction::Create, before: None, after: Some(&added) })?;
        Ok(added)
    })
}

/// Records a session held, and the waiting cases it took, in one transaction, audited. The day is
/// read the UK way against `today` and may not be after it.
#[instrument(skip(store, input), err)]
pub fn record_session(store: &mut Store, input: &SessionInput, today: NaiveDate) -> Result<Session> {
    store.write(|tx, actor| {
        let supervisee = member(tx, "superviseeId", input.supervisee_id, "whose supervision it was")?;
        let supervisor = member(tx, "supervisorId", input.supervisor_id, "who held the session")?;
        let confirmed = arrangement(tx, supervisee.id)?.is_some_and(|a| a.supervisor_id == supervisor.id && a.scope_confirmed);
        may_supervise(tx, &supervisee, &supervisor, confirmed)?;
        let held = dates::read_date_on("heldOn", &input.held_on, today)?;
        if held > today {
            return Err(Error::invalid("heldOn", format!("That is after today ({}): record a session once it has been held.", today.format("%d/%m/%Y"))));
        }
        let waiting = waiting(tx, supervisee.id)?;
        let mut taken = Vec::new();
        for id in &input.case_ids {
            match waiting.iter().find(|c| c.id == *id) {
                Some(c) if !taken.iter().any(|t: &&SupervisionCase| t.id == c.id) => taken.push(c),
                Some(_) => {}
                None => return Err(Error::invalid("caseIds", format!("Case #{id} is not waiting for {}'s supervision; read the list again.", supervisee.name))),
            }
        }
        let held_on = held.format(dates::DATE_FORMAT).to_string();
        tx.prepare_cached(
            "INSERT INTO supervision_sessions (supervisee_id, supervisor_id, held_on, format, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![supervisee.id, supervisor.id, held_on, input.format, crate::storage::now_utc(), actor])?;
        let id = tx.last_insert_rowid();
        for c in &taken {
            tx.prepare_cached("UPDATE supervision_cases SET session_id = ?2 WHERE id = ?1")?.execute(params![c.id, id])?;
        }
        let session = Session {
            id,
            supervisee_id: supervisee.id,
            supervisor_id: supervisor.id,
            supervisor_name: supervisor.name,
            held_on,
            format: input.format,
            case_references: taken.iter().map(|c| c.case_reference.clone()).collect(),
        };
        audit::record(tx, actor, Change { entity: AuditEntity::SupervisionSession, entity_id: id, action: AuditAction::Create, before: None, after: Some(&session) })?;
        Ok(session)
    })
}

/// A member's sessions, latest first.
pub fn sessions(conn: &Connection, supervisee_id: i64) -> Result<Vec<Session>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.supervisee_id, s.supervisor_id, m.name, s.held_on, s.format FROM supervision_sessions s
         JOIN team_members m ON m.id = s.supervisor_id WHERE s.supervisee_id = ?1 ORDER BY s.held_on DESC, s.id DESC",
    )?;
    let mut found = stmt
        .query_map([supervisee_id], |r| {
            Ok(Session {
                id: r.get(0)?,
                supervisee_id: r.get(1)?,
                supervisor_id: r.get(2)?,
                supervisor_name: r.get(3)?,
                held_on: r.get(4)?,
                format: r.get(5)?,
                case_references: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut cases = conn.prepare_cached(&format!("{CASE_SELECT} WHERE s.session_id = ?1 ORDER BY s.id"))?;
    for s in &mut found {
        s.case_references = cases.query_map([s.id], supervision_case)?.map(|c| c.map(|c| c.case_reference)).collect::<rusqlite::Result<_>>()?;
    }
    Ok(found)
}

/// Every member of a checked role (SPLWs, and any the team chose) in the team on `today`, by name,
/// with where their supervision stands then. Those who have left are not listed: nobody is warned
/// about supervision a leaver no longer needs.
pub fn status(conn: &Connection, today: NaiveDate) -> Result<Vec<SupervisionStatus>> {
    let checked: Vec<String> = supervised_roles(conn)?.into_iter().map(|r| r.key).collect();
    let supervised: Vec<TeamMember> =
        members::list(conn)?.into_iter().filter(|m| checked.contains(&m.role_key) && m.in_team_on(today)).collect();
    let mut out = Vec::with_capacity(supervised.len());
    for m in supervised {
        let last: Option<String> =
            conn.prepare_cached("SELECT max(held_on) FROM supervision_sessions WHERE supervisee_id = ?1")?.query_row([m.id], |r| r.get(0))?;
        let (overdue, words) = overdue_state(last.as_deref(), today);
        let waiting: i64 =
            conn.prepare_cached("SELECT count(*) FROM supervision_cases WHERE supervisee_id = ?1 AND session_id IS NULL")?.query_row([m.id], |r| r.get(0))?;
        out.push(SupervisionStatus { member_id: m.id, member_name: m.name, arrangement: arrangement(conn, m.id)?, last_session: last, overdue, words, waiting });
    }
    Ok(out)
}

/// The SPLWs a case discussion names: leads and presenters in the SPLW role; when the SPLW role
/// leads without a name and the roster has exactly one SPLW, that one.
fn splws_of(conn: &Connection, agenda_item_id: i64) -> Result<Vec<i64>> {
    let mut named: Vec<i64> = conn
        .prepare_cached(
            "SELECT DISTINCT m.id FROM team_members m WHERE m.role_key = ?2 AND m.id IN (
                 SELECT member_id FROM discussion_leads WHERE agenda_item_id = ?1 AND member_id IS NOT NULL
                 UNION SELECT presenter_id FROM agenda_items WHERE id = ?1 AND presenter_id IS NOT NULL
                 UNION SELECT member_id FROM agenda_item_co_presenters WHERE agenda_item_id = ?1)
             ORDER BY m.name COLLATE NOCASE, m.id",
        )?
        .query_map(params![agenda_item_id, SUPERVISED_ROLE], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if named.is_empty() {
        let role_lead: bool = conn
            .prepare_cached("SELECT 1 FROM discussion_leads WHERE agenda_item_id = ?1 AND member_id IS NULL AND role_key = ?2")?
            .exists(params![agenda_item_id, SUPERVISED_ROLE])?;
        let roster: Vec<i64> =
            members::list(conn)?.into_iter().filter(|m| m.role_key == SUPERVISED_ROLE && m.left_on.is_none()).map(|m| m.id).collect();
        if role_lead && roster.len() == 1 {
            named = roster;
        }
    }
    Ok(named)
}

/// From the case record's "raise in supervision" or "joint debrief" suggestion: puts the case on
/// the list for the next supervision of every SPLW the discussion names (see [`splws_of`]), in one
/// transaction. Refused, saying what to do, when it names none.
#[instrument(skip(store), err)]
pub fn take_from_discussion(store: &mut Store, agenda_item_id: i64, source: CaseSource) -> Result<Vec<SupervisionCase>> {
    case_item(store.conn(), agenda_item_id)?;
    let splws = splws_of(store.conn(), agenda_item_id)?;
    if splws.is_empty() {
        return Err(Error::invalid(
            "agendaItemId",
            "No social prescribing link worker is named on this case, as a lead or presenting it, so there is nobody's supervision to take it to. Name the SPLW as a lead first.",
        ));
    }
    let mut taken = Vec::new();
    store.write(|tx, actor| {
        for supervisee in &splws {
            if let Some(already) = waiting(tx, *supervisee)?.into_iter().find(|c| c.agenda_item_id == agenda_item_id) {
                taken.push(already);
                continue;
            }
            tx.prepare_cached("INSERT INTO supervision_cases (supervisee_id, agenda_item_id, source, added_at, added_by) VALUES (?1, ?2, ?3, ?4, ?5)")?
                .execute(params![supervisee, agenda_item_id, source, crate::storage::now_utc(), actor])?;
            let id = tx.last_insert_rowid();
            let added = tx.prepare_cached(&format!("{CASE_SELECT} WHERE s.id = ?1"))?.query_row([id], supervision_case)?;
            audit::record(tx, actor, Change { entity: AuditEntity::SupervisionCase, entity_id: id, action: AuditAction::Create, before: None, after: Some(&added) })?;
            taken.push(added);
        }
        Ok(())
    })?;
    Ok(taken)
}
