//! Role profiles: what each profession in the MDT does, when it should lead, how to refer to it
//! and what it escalates. The profiles ship as TOML files in `assets/roles/` (format in
//! `assets/roles/README.md`), embedded at build time; a team may replace one with its own edit,
//! kept in `role_profile_edits` in the same TOML format.

use std::path::Path;
use std::sync::LazyLock;

use include_dir::{Dir, File, include_dir};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;

use crate::audit::{self, AuditAction, AuditEntity, AuditEntry, Change};
use crate::roles::{self, Role};
use crate::{Error, Result, Store};

static SHIPPED: Dir = include_dir!("$CARGO_MANIFEST_DIR/assets/roles");

/// Where the shipped files live in the source tree, so that an error points at the file to fix.
const SHIPPED_PATH: &str = "assets/roles";

const AUDIT_ENTITY: AuditEntity = AuditEntity::RoleProfileEdit;

const SUMMARY_MAX: usize = 200;
const TEXT_MAX: usize = 1000;
const ITEM_MAX: usize = 300;
const LIST_MAX: usize = 20;

/// The roles as the schema defines them, read from a scratch in-memory database so that the
/// migration stays the one place where roles are listed. Profiles parsed without a database
/// (the shipped files) are checked against these.
static SCHEMA_ROLES: LazyLock<Vec<Role>> = LazyLock::new(|| {
    let store = Store::open_in_memory().expect("the schema migrates in memory");
    roles::list(store.conn()).expect("the schema lists its roles")
});

/// What one profession does, as shown to the team. Field names are single words so that they
/// read the same in the TOML file, in error messages and in the UI.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
// `default`: a missing field reads as empty, so validation can name it like any empty field.
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct RoleProfile {
    pub key: String,
    pub name: String,
    /// One line.
    pub summary: String,
    /// Who registers the profession, or that it is not regulated.
    pub regulation: String,
    /// Whose standards, governance and supervision the role answers to.
    pub accountability: String,
    /// Role and approach: how they work with a person.
    pub approach: String,
    /// Core focus.
    pub focus: String,
    /// Typical interventions.
    pub interventions: Vec<String>,
    /// What clinical or other risk the role holds.
    pub risk: String,
    /// What the role does not do.
    pub boundaries: Vec<String>,
    pub settings: Vec<String>,
    /// When this role should lead a person's care.
    pub leads: Vec<String>,
    /// Short made-up situations where this role leads; optional.
    pub examples: Vec<String>,
    /// Approaches shared with other roles.
    pub shared: Vec<String>,
    pub referral: ReferralGuide,
    /// What to escalate and to whom.
    pub escalation: Vec<EscalationRoute>,
    /// Details a team fills in for its own area; empty when shipped.
    pub local: LocalDetails,
}

/// When to refer to the role, and how.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ReferralGuide {
    pub when: Vec<String>,
    /// The general route; a team puts its own contact in [`LocalDetails`].
    pub route: String,
    /// What the person who referred hears back, and when; optional (a team's copy saved before
    /// the field existed has none).
    pub feedback: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct EscalationRoute {
    pub concern: String,
    pub route: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct LocalDetails {
    /// The local service's referral criteria.
    pub criteria: String,
    /// How to reach the local service.
    pub contact: String,
    /// The usual wait, in the team's own words.
    pub waiting: String,
}

/// The profile a team sees: its own edit when there is one, otherwise the shipped default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileInUse {
    pub profile: RoleProfile,
    /// True when the team has edited the shipped profile.
    pub customised: bool,
}

impl RoleProfile {
    /// Removes surrounding spaces from every text, so that a stray space never counts as content.
    fn trimmed(mut self) -> Self {
        let trim = |s: &mut String| *s = s.trim().to_string();
        for text in [
            &mut self.key,
            &mut self.name,
            &mut self.summary,
            &mut self.regulation,
            &mut self.accountability,
            &mut self.approach,
            &mut self.focus,
            &mut self.risk,
            &mut self.referral.route,
            &mut self.referral.feedback,
            &mut self.local.criteria,
            &mut self.local.contact,
            &mut self.local.waiting,
        ] {
            trim(text);
        }
        for list in [
            &mut self.interventions,
            &mut self.boundaries,
            &mut self.settings,
            &mut self.leads,
            &mut self.examples,
            &mut self.shared,
            &mut self.referral.when,
        ] {
            list.iter_mut().for_each(trim);
        }
        for e in &mut self.escalation {
            trim(&mut e.concern);
            trim(&mut e.route);
        }
        self
    }

    /// Checks the profile against the format, naming the field at fault. `key` is the role the
    /// profile must describe (from the file name, or the role being edited).
    fn checked(self, check: &Check, key: &str, roles: &[Role]) -> Result<Self> {
        let p = self.trimmed();
        check.text("key", &p.key, TEXT_MAX)?;
        if p.key != key {
            return Err(
                check.fail("key", format!("is \"{}\" but this is the profile for \"{key}\"; they must match.", p.key))
            );
        }
        let Some(role) = roles.iter().find(|r| r.key == p.key) else {
            let known = roles.iter().map(|r| r.key.as_str()).collect::<Vec<_>>().join(", ");
            return Err(check.fail("key", format!("\"{}\" is not a known role. Known roles: {known}.", p.key)));
        };
        if p.name != role.name {
            return Err(check.fail("name", format!("must be \"{}\", the role's name in the roster.", role.name)));
        }
        check.text("summary", &p.summary, SUMMARY_MAX)?;
        if p.summary.contains('\n') {
            return Err(check.fail("summary", "must be a single line."));
        }
        for (field, text) in [
            ("regulation", &p.regulation),
            ("accountability", &p.accountability),
            ("approach", &p.approach),
            ("focus", &p.focus),
            ("risk", &p.risk),
            ("referral.route", &p.referral.route),
        ] {
            check.text(field, text, TEXT_MAX)?;
        }
        for (field, list) in [
            ("interventions", &p.interventions),
            ("boundaries", &p.boundaries),
            ("settings", &p.settings),
            ("leads", &p.leads),
            ("shared", &p.shared),
            ("referral.when", &p.referral.when),
        ] {
            check.list(field, list)?;
        }
        // Examples are optional; when given, each must be filled in.
        if !p.examples.is_empty() {
            check.list("examples", &p.examples)?;
        }
        check.count("escalation", p.escalation.len())?;
        for (i, e) in p.escalation.iter().enumerate() {
            check.text(&format!("escalation[{}].concern", i + 1), &e.concern, ITEM_MAX)?;
            check.text(&format!("escalation[{}].route", i + 1), &e.route, ITEM_MAX)?;
        }
        // Local details start empty, and what a referrer hears back is optional: only their length
        // is checked.
        for (field, text) in [
            ("referral.feedback", &p.referral.feedback),
            ("local.criteria", &p.local.criteria),
            ("local.contact", &p.local.contact),
            ("local.waiting", &p.local.waiting),
        ] {
            check.length(field, text, TEXT_MAX)?;
        }
        Ok(p)
    }
}

/// Builds errors that name the profile's file (or the team edit) and the field.
struct Check {
    file: String,
}

impl Check {
    fn fail(&self, field: &str, message: impl Into<String>) -> Error {
        Error::BadProfile { file: self.file.clone(), field: field.to_string(), message: message.into() }
    }

    fn text(&self, field: &str, value: &str, max: usize) -> Result<()> {
        if value.is_empty() {
            return Err(self.fail(field, "is missing or empty; fill it in."));
        }
        self.length(field, value, max)
    }

    fn length(&self, field: &str, value: &str, max: usize) -> Result<()> {
        let n = value.chars().count();
        if n > max {
            return Err(self.fail(field, format!("is too long ({n} characters): keep it under {max}.")));
        }
        Ok(())
    }

    fn count(&self, field: &str, n: usize) -> Result<()> {
        if n == 0 {
            return Err(self.fail(field, "is missing or empty; give at least one item."));
        }
        if n > LIST_MAX {
            return Err(self.fail(field, format!("has {n} items: keep it to {LIST_MAX} or fewer.")));
        }
        Ok(())
    }

    fn list(&self, field: &str, items: &[String]) -> Result<()> {
        self.count(field, items.len())?;
        for (i, item) in items.iter().enumerate() {
            self.text(&format!("{field}[{}]", i + 1), item, ITEM_MAX)?;
        }
        Ok(())
    }

    /// A TOML error, placed on its line and the field being written there.
    fn unreadable(&self, text: &str, e: &toml::de::Error) -> Error {
        let at = e.span().map_or(0, |s| s.start);
        let line = text[..at].matches('\n').count() + 1;
        self.fail(&field_at(text, at), format!("cannot be read (line {line}): {}", e.message().trim()))
    }
}

/// The field whose value is at byte `at`: the last `name =` up to that line (not counting lines
/// inside an open list, whose field is the list's), within the last `[table]` header before it.
fn field_at(text: &str, at: usize) -> String {
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let (mut table, mut field, mut depth) = (None, None, 0);
    for line in text[..end].lines() {
        let trimmed = line.trim();
        if depth == 0 && trimmed.starts_with('[') {
            table = Some(trimmed.trim_matches(['[', ']', ' ']));
            field = None;
            continue;
        }
        if depth == 0
            && let Some((name, _)) = trimmed.split_once('=')
            && is_bare_key(name.trim())
        {
            field = Some(name.trim());
        }
        depth = bracket_depth(line, depth);
    }
    match (table, field) {
        (Some(t), Some(f)) => format!("{t}.{f}"),
        (t, f) => f.or(t).unwrap_or("(start of file)").to_string(),
    }
}

/// `depth` plus the list brackets opened and minus those closed on `line`, outside strings and
/// comments. Enough to tell that a list was left open; multi-line strings are not followed.
fn bracket_depth(line: &str, mut depth: usize) -> usize {
    let (mut quote, mut escaped) = (None, false);
    for c in line.chars() {
        match (quote, c) {
            (Some('"'), '\\') if !escaped => {
                escaped = true;
                continue;
            }
            (Some(q), c) if c == q && !escaped => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') => break,
            (None, '[') => depth += 1,
            (None, ']') => depth = depth.saturating_sub(1),
            _ => {}
        }
        escaped = false;
    }
    depth
}

fn is_bare_key(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Reads and checks a profile. `file_name` names it in errors, and its stem must be the key
/// (`assets/roles/ot.toml` holds the `ot` profile).
pub fn parse(file_name: &str, text: &str) -> Result<RoleProfile> {
    let key = Path::new(file_name).file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    parse_checked(&Check { file: file_name.to_string() }, key, text, &SCHEMA_ROLES)
}

fn parse_checked(check: &Check, key: &str, text: &str, roles: &[Role]) -> Result<RoleProfile> {
    let profile: RoleProfile = toml::from_str(text).map_err(|e| check.unreadable(text, &e))?;
    profile.checked(check, key, roles)
}

fn parse_shipped(file: &File<'_>) -> Result<RoleProfile> {
    let name = format!("{SHIPPED_PATH}/{}", file.path().display());
    let text = file.contents_utf8().unwrap_or_else(|| panic!("{name} is not UTF-8 text"));
    parse(&name, text)
}

/// Every shipped profile, in the roster's role order.
pub fn defaults() -> Result<Vec<RoleProfile>> {
    let mut profiles = SHIPPED
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
        .map(parse_shipped)
        .collect::<Result<Vec<_>>>()?;
    profiles.sort_by_key(|p| SCHEMA_ROLES.iter().position(|r| r.key == p.key));
    Ok(profiles)
}

/// The shipped profile for one role.
pub fn default_for(key: &str) -> Result<RoleProfile> {
    let file = SHIPPED
        .get_file(format!("{key}.toml"))
        .ok_or_else(|| Error::NotFound { what: format!("A role profile for '{key}'") })?;
    parse_shipped(file)
}

/// The profile the team uses for this role. A stored edit that no longer passes the checks (say,
/// after an update tightened them) is reported rather than hidden; `reset_to_default` clears it.
pub fn get(conn: &Connection, key: &str) -> Result<ProfileInUse> {
    Ok(match stored_edit(conn, key)? {
        Some(text) => ProfileInUse {
            profile: parse_checked(&edit_check(key), key, &text, &roles::list(conn)?)?,
            customised: true,
        },
        None => ProfileInUse { profile: default_for(key)?, customised: false },
    })
}

/// Replaces the shipped profile with the team's edit. Nothing is stored unless it passes the same
/// checks as a shipped file.
#[instrument(skip(store, profile), err)]
pub fn save_edit(store: &mut Store, key: &str, profile: &RoleProfile) -> Result<ProfileInUse> {
    store.write(|tx, actor| {
        default_for(key)?; // only shipped profiles can be edited
        let profile = profile.clone().checked(&edit_check(key), key, &roles::list(tx)?)?;
        let text =
            toml::to_string_pretty(&profile).map_err(|e| Error::Internal(format!("role profile as TOML: {e}")))?;
        let before = stored_edit(tx, key)?;
        if before.as_deref() != Some(text.as_str()) {
            tx.execute(
                "INSERT INTO role_profile_edits (role_key, profile, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (role_key) DO UPDATE SET profile = excluded.profile, updated_at = excluded.updated_at",
                params![key, text, crate::storage::now_utc()],
            )?;
            let action = if before.is_some() { AuditAction::Update } else { AuditAction::Create };
            audit::record(tx, actor, change(tx, key, action, before.as_ref(), Some(&text))?)?;
        }
        Ok(ProfileInUse { profile, customised: true })
    })
}

/// Drops the team's edit, so the shipped profile applies again.
#[instrument(skip(store), err)]
pub fn reset_to_default(store: &mut Store, key: &str) -> Result<ProfileInUse> {
    store.write(|tx, actor| {
        let profile = default_for(key)?;
        if let Some(before) = stored_edit(tx, key)? {
            tx.execute("DELETE FROM role_profile_edits WHERE role_key = ?1", [key])?;
            audit::record(tx, actor, change(tx, key, AuditAction::Delete, Some(&before), None)?)?;
        }
        Ok(ProfileInUse { profile, customised: false })
    })
}

/// Who edited or reset this role's profile and when, newest first. `before` and `after` hold
/// the stored TOML text (as JSON strings).
pub fn history(conn: &Connection, key: &str) -> Result<Vec<AuditEntry>> {
    audit::logged(conn, AUDIT_ENTITY, audit_id(conn, key)?)
}

fn stored_edit(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT profile FROM role_profile_edits WHERE role_key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// A team edit is not a file; errors name it after the file it replaces.
fn edit_check(key: &str) -> Check {
    Check { file: format!("{key}.toml (team edit)") }
}

/// The audit log numbers its entities; a role's number is its fixed `sort_order` in the roles
/// table (roles are keyed by text and their rowids may change on VACUUM).
fn audit_id(conn: &Connection, key: &str) -> Result<i64> {
    conn.prepare_cached("SELECT sort_order FROM roles WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("The role '{key}'") })
}

/// The audit log records the edit exactly as stored: the TOML text.
fn change<'a>(
    conn: &Connection,
    key: &str,
    action: AuditAction,
    before: Option<&'a String>,
    after: Option<&'a String>,
) -> Result<Change<'a, String>> {
    Ok(Change { entity: AUDIT_ENTITY, entity_id: audit_id(conn, key)?, action, before, after })
}
