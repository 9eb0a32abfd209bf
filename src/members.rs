//! The team roster: who is in the MDT, their profession, and how to reach them.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;

use crate::audit::{self, AuditAction, AuditEntity, Change};
use crate::text_checks::{check_line, quoted};
use crate::words::count;
use crate::{Error, Result, Store, roles};

const NAME_MAX: usize = 200;
const FIELD_MAX: usize = 300;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamMember {
    pub id: i64,
    pub name: String,
    pub role_key: String,
    pub role_name: String,
    pub organisation: String,
    pub email: String,
    pub phone: String,
    /// Core members are expected at every meeting (pre-selected as attendees).
    pub core_member: bool,
    /// The day they left the team (`YYYY-MM-DD`), if they have: from that day they are not offered
    /// to choose, expected at meetings or checked for supervision, but the records still name them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub left_on: Option<String>,
}

impl TeamMember {
    /// In the team on `day`: never left, or leaving after it.
    pub fn in_team_on(&self, day: chrono::NaiveDate) -> bool {
        self.left_on.as_deref().is_none_or(|left| left > day.format(crate::dates::DATE_FORMAT).to_string().as_str())
    }
}

/// What a user fills in to add or edit a member.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemberInput {
    pub name: String,
    pub role_key: String,
    pub organisation: String,
    pub email: String,
    pub phone: String,
    pub core_member: bool,
}

impl MemberInput {
    /// Trims every field and checks it, naming the field at fault.
    pub(crate) fn validated(&self, conn: &Connection) -> Result<MemberInput> {
        let input = MemberInput {
            name: self.name.trim().to_string(),
            role_key: self.role_key.trim().to_string(),
            organisation: self.organisation.trim().to_string(),
            email: self.email.trim().to_string(),
            phone: self.phone.trim().to_string(),
            core_member: self.core_member,
        };
        if input.name.is_empty() {
            return Err(Error::invalid("name", "Enter the member's name."));
        }
        if input.name.chars().count() > NAME_MAX {
            return Err(Error::invalid("name", format!("The name is too long: keep it under {NAME_MAX} characters.")));
        }
        if input.role_key.is_empty() {
            return Err(Error::invalid("roleKey", "Choose the member's role or profession."));
        }
        if roles::find(conn, &input.role_key)?.is_none() {
            let known = roles::list(conn)?.into_iter().map(|r| r.key).collect::<Vec<_>>().join(", ");
            return Err(Error::invalid("roleKey", format!("{} is not a known role. Known roles: {known}.", quoted(&input.role_key))));
        }
        for (field, label, value) in [
            ("organisation", "organisation", &input.organisation),
            ("email", "email address", &input.email),
            ("phone", "phone number", &input.phone),
        ] {
            if value.chars().count() > FIELD_MAX {
                return Err(Error::invalid(field, format!("The {label} is too long: keep it under {FIELD_MAX} characters.")));
            }
        }
        for (field, label, value) in
            [("name", "name", &input.name), ("organisation", "organisation", &input.organisation), ("email", "email address", &input.email)]
        {
            check_line(field, label, value)?;
        }
        if !input.email.is_empty() && !looks_like_email(&input.email) {
            return Err(Error::invalid(
                "email",
                format!("{} does not look like an email address (for example name@nhs.net).", quoted(&input.email)),
            ));
        }
        if !input.phone.is_empty() && !looks_like_phone(&input.phone) {
            return Err(Error::invalid(
                "phone",
                "A phone number may contain digits, spaces, brackets, + and - only, for example 0113 496 0000.",
            ));
        }
        Ok(input)
    }
}

/// A plain shape check: one @, something before it, a dotted domain after it, no spaces.
/// Whether the address really exists is for the mail server to say.
pub fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && !s.chars().any(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|part| !part.is_empty())
        && s.chars().count() <= 254
}

fn looks_like_phone(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit()) && s.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c))
}

const SELECT: &str = "SELECT m.id, m.name, m.role_key, r.name, m.organisation, m.email, m.phone, m.core_member, m.left_on
                      FROM team_members m JOIN roles r ON r.key = m.role_key";

fn from_row(r: &Row<'_>) -> rusqlite::Result<TeamMember> {
    Ok(TeamMember {
        id: r.get(0)?,
        name: r.get(1)?,
        role_key: r.get(2)?,
        role_name: r.get(3)?,
        organisation: r.get(4)?,
        email: r.get(5)?,
        phone: r.get(6)?,
        core_member: r.get(7)?,
        left_on: r.get(8)?,
    })
}

/// The roster, alphabetically by name.
pub fn list(conn: &Connection) -> Result<Vec<TeamMember>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} ORDER BY m.name COLLATE NOCASE, m.id"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: i64) -> Result<TeamMember> {
    conn.prepare_cached(&format!("{SELECT} WHERE m.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("Team member #{id}") })
}

/// The member with this name on the roster (ignoring case and surrounding spaces), for a name
/// typed on the command line; `field` names the option in the error.
pub fn named(conn: &Connection, field: &'static str, name: &str) -> Result<TeamMember> {
    let wanted = name.trim();
    let found: Vec<TeamMember> = list(conn)?.into_iter().filter(|m| m.name.to_lowercase() == wanted.to_lowercase()).collect();
    match <[TeamMember; 1]>::try_from(found) {
        Ok([member]) => Ok(member),
        Err(found) if found.is_empty() => {
            Err(Error::invalid(field, format!("Nobody called {} is on the roster. `mdt members` lists the team.", quoted(wanted))))
        }
        Err(_) => Err(Error::invalid(
            field,
            format!("More than one member is called {}; give the roster a way to tell them apart first.", quoted(wanted)),
        )),
    }
}

#[instrument(skip(store), err)]
pub fn create(store: &mut Store, input: &MemberInput) -> Result<TeamMember> {
    store.write(|tx, actor| insert(tx, actor, input))
}

/// Adds a member inside the caller's transaction, audited like [`create`].
pub(crate) fn insert(tx: &Transaction<'_>, actor: &str, input: &MemberInput) -> Result<TeamMember> {
    let input = input.validated(tx)?;
    let now = crate::storage::now_utc();
    tx.execute(
        "INSERT INTO team_members (name, role_key, organisation, email, phone, core_member, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![input.name, input.role_key, input.organisation, input.email, input.phone, input.core_member, now],
    )?;
    let member = get(tx, tx.last_insert_rowid())?;
    audit::record(tx, actor, change(AuditAction::Create, member.id, None, Some(&member)))?;
    Ok(member)
}

#[instrument(skip(store), err)]
pub fn update(store: &mut Store, id: i64, input: &MemberInput) -> Result<TeamMember> {
    store.write(|tx, actor| {
        let before = get(tx, id)?;
        let input = input.validated(tx)?;
        tx.execute(
            "UPDATE team_members SET name = ?2, role_key = ?3, organisation = ?4, email = ?5, phone = ?6,
                    core_member = ?7, updated_at = ?8
             WHERE id = ?1",
            params![
                id,
                input.name,
                input.role_key,
                input.organisation,
                input.email,
                input.phone,
                input.core_member,
                crate::storage::now_utc()
            ],
        )?;
        let after = get(tx, id)?;
        if after != before {
            audit::record(tx, actor, change(AuditAction::Update, id, Some(&before), Some(&after)))?;
        }
        Ok(after)
    })
}

/// A member's place in the team after [`set_left`], with their open actions still to hand on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Leaving {
    pub member: TeamMember,
    /// Agreed actions still open in their name.
    pub open_actions: i64,
}

/// Records that a member left the team on `left_on` (typed: 15/12/2026, "today"), or with `None`
/// that they are back. A day after `today` is refused: mark them on or after the day they go. Their
/// open actions stay theirs, and the answer says how many, so they can be handed on.
#[instrument(skip(store), err)]
pub fn set_left(store: &mut Store, id: i64, left_on: Option<&str>, today: chrono::NaiveDate) -> Result<Leaving> {
    let day = match left_on.map(str::trim) {
        None => None,
        Some("") => return Err(Error::invalid("leftOn", "Enter the day they left the team, for example 31/03/2026.")),
        Some(text) => {
            let day = crate::dates::read_date_on("leftOn", text, today)?;
            if day > today {
                return Err(Error::invalid(
                    "leftOn",
                    format!("{} is still to come: mark a member as having left on or after the day they go.", day.format("%d/%m/%Y")),
                ));
            }
            Some(day.format(crate::dates::DATE_FORMAT).to_string())
        }
    };
    store.write(|tx, actor| {
        let before = get(tx, id)?;
        tx.execute(
            "UPDATE team_members SET left_on = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, day, crate::storage::now_utc()],
        )?;
        let after = get(tx, id)?;
        if after != before {
            audit::record(tx, actor, change(AuditAction::Update, id, Some(&before), Some(&after)))?;
        }
        let open: i64 =
            tx.query_row("SELECT count(*) FROM agreed_actions WHERE owner_id = ?1 AND status = 'open'", [id], |r| r.get(0))?;
        Ok(Leaving { member: after, open_actions: open })
    })
}

/// Removes a member who appears in no record. A member who owns actions or appears in
/// minutes is refused with the reason: minutes must keep saying who did what.
#[instrument(skip(store), err)]
pub fn remove(store: &mut Store, id: i64) -> Result<()> {
    store.write(|tx, actor| {
        let member = get(tx, id)?;
        if let Some(reason) = removal_blocker(tx, &member)? {
            return Err(Error::Conflict(reason));
        }
        tx.execute("DELETE FROM team_members WHERE id = ?1", [id])?;
        audit::record(tx, actor, change(AuditAction::Delete, id, Some(&member), None))
    })
}

fn removal_blocker(conn: &Connection, member: &TeamMember) -> Result<Option<String>> {
    let (open, total): (i64, i64) = conn.query_row(
        "SELECT count(*) FILTER (WHERE status = 'open'), count(*) FROM agreed_actions WHERE owner_id = ?1",
        [member.id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if total > 0 {
        return Ok(Some(format!(
            "{} owns {} ({open} still open), so they cannot be removed: the minutes \
             must keep saying who was responsible. Reassign or close their open actions, and mark them as \
             having left the team instead.",
            member.name,
            count(total, "agreed action", "agreed actions"),
        )));
    }
    let meetings: i64 = conn.query_row(
        "SELECT count(DISTINCT meeting_id) FROM (
             SELECT id AS meeting_id FROM meetings WHERE chair_id = ?1 OR minute_taker_id = ?1
             UNION ALL SELECT meeting_id FROM attendance WHERE member_id = ?1
             UNION ALL SELECT meeting_id FROM agenda_items WHERE presenter_id = ?1)",
        [member.id],
        |r| r.get(0),
    )?;
    let discussions: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM case_discussions WHERE risk_holder_id = ?1 OR decision_owner_id = ?1)
              + (SELECT count(*) FROM discussion_leads WHERE member_id = ?1)
              + (SELECT count(*) FROM agenda_item_professionals WHERE member_id = ?1)
              + (SELECT count(*) FROM teach_in_presenters WHERE member_id = ?1)
              + (SELECT count(*) FROM supervision_sessions WHERE supervisee_id = ?1 OR supervisor_id = ?1)
              + (SELECT count(*) FROM supervision_arrangements WHERE supervisee_id = ?1 OR supervisor_id = ?1)
              + (SELECT count(*) FROM supervision_cases WHERE supervisee_id = ?1)",
        [member.id],
        |r| r.get(0),
    )?;
    Ok((meetings + discussions > 0).then(|| {
        format!(
            "{} appears in the records of {} (attendance, case discussions, teach-ins or supervision), so they cannot be \
             removed without changing what the minutes say. Mark them as having left the team instead.",
            member.name,
            if meetings > 0 { count(meetings, "meeting", "meetings") } else { "past discussions".into() },
        )
    }))
}

fn change<'a>(
    action: AuditAction,
    id: i64,
    before: Option<&'a TeamMember>,
    after: Option<&'a TeamMember>,
) -> Change<'a, TeamMember> {
    Change { entity: AuditEntity::TeamMember, entity_id: id, action, before, after }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_shapes() {
        for ok in ["a@b.co", "first.last@nhs.net", "x+y@sub.example.org"] {
            assert!(looks_like_email(ok), "{ok}");
        }
        for bad in ["", "a", "a@", "@b.com", "a@b", "a@b.", "a b@c.com", "a@@b.com", "a@b..com"] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }

    #[test]
    fn phone_shapes() {
        assert!(looks_like_phone("0113 496 0000"));
        assert!(looks_like_phone("+44 (0)113-496-0000"));
        assert!(!looks_like_phone("call me"));
        assert!(!looks_like_phone("()"));
    }
}
