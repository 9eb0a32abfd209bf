//! Professions a team member can hold. The list is data in the schema (table `roles`);
//! role profiles (what each role does, [`profiles`]) and role summaries (a profile with what the
//! team knows about the role now, [`summaries`]) build on these keys.

pub mod profiles;
pub mod summaries;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::Result;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    pub key: String,
    pub name: String,
    /// A registered clinical role (may hold clinical risk, assess, prescribe equipment).
    pub clinical: bool,
}

pub fn list(conn: &Connection) -> Result<Vec<Role>> {
    let mut stmt = conn.prepare_cached("SELECT key, name, clinical FROM roles ORDER BY sort_order")?;
    let rows = stmt.query_map([], |r| Ok(Role { key: r.get(0)?, name: r.get(1)?, clinical: r.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The role with this key, or `None` when there is none.
pub fn find(conn: &Connection, key: &str) -> Result<Option<Role>> {
    Ok(list(conn)?.into_iter().find(|r| r.key == key))
}
