//! Who is using the app: a member of the team roster, chosen on first start and changed from the
//! status bar, so that the audit log, amendments to minutes, exports and finalising name them.
//!
//! Solo mode keeps the choice in the database file (the `settings` table), so the next start
//! remembers it. Team mode will replace this with signing in. Until someone is chosen, and again
//! if the chosen member leaves the roster, changes are recorded under the computer's user name.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use tracing::instrument;
use ts_rs::TS;

use crate::audit::{self, AuditAction, AuditEntity, Change};
use crate::members::{self, TeamMember};
use crate::{Error, Result, Store};

/// The chosen member's id.
const MEMBER_SETTING: &str = crate::storage::CHOSEN_MEMBER_SETTING;
/// Their name when chosen, so that the app can say who it was if they leave the roster.
const NAME_SETTING: &str = "current_user.name";

/// Who the app records as the person using it, for the status bar and the first-start question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CurrentUser {
    /// The member chosen in this database, while they are on the roster.
    pub member: Option<TeamMember>,
    /// The name recorded for a change made now: the member's, or else the computer's user name.
    pub actor: String,
    /// The computer's user name.
    pub computer_user: String,
    /// True when the app should ask who is using it: the roster has people and none of them is chosen.
    pub must_choose: bool,
    /// The name of the person chosen before who is no longer on the roster.
    pub left_roster: Option<String>,
}

/// The chosen member as the audit log keeps them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Chosen {
    member_id: i64,
    name: String,
}

fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

fn chosen_member(conn: &Connection) -> Result<Option<TeamMember>> {
    let Some(id) = setting(conn, MEMBER_SETTING)?.and_then(|v| v.parse::<i64>().ok()) else { return Ok(None) };
    match members::get(conn, id) {
        Ok(member) => Ok(Some(member)),
        Err(Error::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Who is using the app as this store records it.
pub fn get(store: &Store) -> Result<CurrentUser> {
    let conn = store.conn();
    let member = chosen_member(conn)?;
    let roster_has_people: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM team_members)", [], |r| r.get(0))?;
    let left_roster =
        if member.is_none() && setting(conn, MEMBER_SETTING)?.is_some() { setting(conn, NAME_SETTING)? } else { None };
    Ok(CurrentUser {
        actor: store.actor()?,
        computer_user: store.computer_user().to_string(),
        must_choose: member.is_none() && roster_has_people,
        member,
        left_roster,
    })
}

/// Records `member_id` as the person using the app from now on, remembered by the database
/// for the next start. The switch is in the audit log under the new person's name: it is they
/// who said who they are.
#[instrument(skip(store), err)]
pub fn choose(store: &mut Store, member_id: i64) -> Result<CurrentUser> {
    store.write(|tx, _| {
        let member = members::get(tx, member_id).map_err(|e| match e {
            Error::NotFound { .. } => Error::invalid(
                "memberId",
                format!("Team member #{member_id} is not on the roster (any more). Choose a name from the roster."),
            ),
            e => e,
        })?;
        let before = chosen_member(tx)?.map(|m| Chosen { member_id: m.id, name: m.name });
        let after = Chosen { member_id: member.id, name: member.name.clone() };
        if before.as_ref() == Some(&after) {
            return Ok(());
        }
        for (key, value) in [(MEMBER_SETTING, member.id.to_string()), (NAME_SETTING, member.name.clone())] {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?;
        }
        let change = Change {
            entity: AuditEntity::CurrentUser,
            entity_id: member.id,
            action: AuditAction::Update,
            before: before.as_ref(),
            after: Some(&after),
        };
        audit::record(tx, &member.name, change)
    })?;
    get(store)
}

/// The app's way: every change is recorded under the name of whoever is chosen at the time.
pub fn follow_choice(store: &mut Store) {
    store.follow_chosen_user();
}

/// Records `name`, a member of the roster, as the person making the changes through `store`
/// (the CLI's `--as`). The roster's spelling is the one recorded.
pub fn act_as(store: &mut Store, name: &str) -> Result<TeamMember> {
    let member = members::named(store.conn(), "as", name)?;
    store.set_actor(member.name.clone());
    Ok(member)
}
