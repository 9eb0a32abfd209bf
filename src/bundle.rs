//! Meeting bundles: one meeting with its attendance, agenda, case discussions, agreed actions
//! and the team members they name, as a versioned JSON file that another copy of MDT Assistant
//! (or another tool) can read. `assets/bundle.schema.json` documents the format.
//!
//! Inside a bundle members are named by a key local to the bundle, never by database id, so a
//! bundle means the same thing in any database. Full identifiers (NHS numbers) are never written.

use std::collections::{HashMap, HashSet};
use std::fmt::Display;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tracing::instrument;
use ts_rs::TS;

use crate::actions::{self, ActionInput, ActionStatus, AgreedAction};
use crate::agenda::{self, AgendaItem, AgendaKind, CaseItemInput, Consent, OtherItemInput, Outcome, Professional};
use crate::attendance::{self, AttendanceInput, AttendanceStatus};
use crate::audit::{self, AuditAction, Change};
use crate::discussions::{self, DiscussionRecord, Escalation, Lead, Need, Transition};
use crate::meetings::{self, MeetingInput, MeetingStatus};
use crate::members::{self, MemberInput};
use crate::text_checks::{check_note, quoted};
use crate::{Error, Result, Store, dates, roles};

/// The value of `format` in every bundle.
pub const FORMAT: &str = "mdt-meeting-bundle";
/// The bundle format version this build writes, and the newest it reads.
pub const VERSION: i64 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Bundle {
    pub format: String,
    pub version: i64,
    /// Everyone the meeting names, each once.
    pub members: Vec<BundleMember>,
    pub meeting: BundleMeeting,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleMember {
    /// How the rest of the bundle refers to this member (the exporter uses the name).
    pub key: String,
    pub name: String,
    pub role_key: String,
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub core_member: bool,
}

impl BundleMember {
    fn input(&self) -> MemberInput {
        MemberInput {
            name: self.name.clone(),
            role_key: self.role_key.clone(),
            organisation: self.organisation.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            core_member: self.core_member,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleMeeting {
    pub series_name: String,
    pub title: String,
    pub starts_at: String,
    pub planned_minutes: i64,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub video_link: String,
    pub chair: Option<String>,
    pub minute_taker: Option<String>,
    pub status: MeetingStatus,
    /// UTC, RFC 3339; set exactly when the status is finalised.
    pub finalised_at: Option<String>,
    #[serde(default)]
    pub attendance: Vec<BundleAttendance>,
    #[serde(default)]
    pub agenda: Vec<BundleItem>,
    #[serde(default)]
    pub amendments: Vec<BundleAmendment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleAttendance {
    pub member: String,
    pub expected: bool,
    pub status: AttendanceStatus,
    pub arrived_at: Option<String>,
    pub left_at: Option<String>,
}

/// One agenda line, in agenda order. Case fields are left empty on other kinds of item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleItem {
    pub kind: AgendaKind,
    /// The item's title; cases are called by their reference instead.
    #[serde(default)]
    pub title: String,
    /// The case's pseudonymous reference.
    pub reference: Option<String>,
    #[serde(default)]
    pub reason: String,
    pub presenter: Option<String>,
    pub minutes_allowed: i64,
    #[serde(default = "not_recorded")]
    pub consent: Consent,
    #[serde(default = "pending")]
    pub outcome: Outcome,
    #[serde(default)]
    pub seconds_used: i64,
    #[serde(default)]
    pub professionals: Vec<BundleProfessional>,
    pub discussion: Option<BundleDiscussion>,
    #[serde(default)]
    pub actions: Vec<BundleAction>,
}

fn not_recorded() -> Consent {
    Consent::NotRecorded
}

fn pending() -> Outcome {
    Outcome::Pending
}

fn open() -> ActionStatus {
    ActionStatus::Open
}

/// A member of the team, or an outside service by name: exactly one of the two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleProfessional {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
}

/// [`DiscussionRecord`] with members named by bundle key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleDiscussion {
    #[serde(default)]
    pub situation: String,
    #[serde(default)]
    pub done_so_far: String,
    #[serde(default)]
    pub discussion: String,
    #[serde(default)]
    pub needs: Vec<Need>,
    #[serde(default)]
    pub leads: Vec<BundleLead>,
    pub risk_holder: Option<String>,
    #[serde(default)]
    pub communication_plan: String,
    #[serde(default)]
    pub urgent_contacts: String,
    #[serde(default)]
    pub escalations: Vec<Escalation>,
    #[serde(default)]
    pub transitions: Vec<Transition>,
    #[serde(default)]
    pub decision: String,
    pub decision_owner: Option<String>,
    pub next_review_date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleLead {
    pub aspect: String,
    pub member: Option<String>,
    pub role_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleAction {
    pub description: String,
    pub owner: String,
    pub due_date: Option<String>,
    #[serde(default = "open")]
    pub status: ActionStatus,
    pub done_on: Option<String>,
    #[serde(default)]
    pub cancel_reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleAmendment {
    pub reason: String,
    pub amended_at: String,
    pub amended_by: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BundleImportReport {
    /// The new meeting's id.
    pub meeting_id: i64,
    pub title: String,
    pub starts_at: String,
    /// Names of roster members the bundle's members were matched to (same name and role).
    pub members_matched: Vec<String>,
    /// Names of members added to the roster.
    pub members_created: Vec<String>,
    /// References of cases already in this database.
    pub cases_matched: Vec<String>,
    pub cases_created: Vec<String>,
    pub agenda_items: i64,
    pub actions: i64,
}

// ---- export ------------------------------------------------------------------------------

/// The meeting as a bundle. Reads only; identifiers stay in the database.
pub fn export(conn: &Connection, meeting_id: i64) -> Result<Bundle> {
    let detail = meetings::load(conn, meeting_id)?;
    let m = &detail.meeting;
    let mut keys = MemberKeys::default();
    let meeting = BundleMeeting {
        series_name: m.series_name.clone(),
        title: m.title.clone(),
        starts_at: m.starts_at.clone(),
        planned_minutes: m.planned_minutes,
        location: m.location.clone(),
        video_link: m.video_link.clone(),
        chair: keys.of_optional(conn, m.chair_id)?,
        minute_taker: keys.of_optional(conn, m.minute_taker_id)?,
        status: m.status,
        finalised_at: m.finalised_at.clone(),
        attendance: detail
            .attendance
            .iter()
            .map(|a| {
                Ok(BundleAttendance {
                    member: keys.of(conn, a.member_id)?,
                    expected: a.expected,
                    status: a.status,
                    arrived_at: a.arrived_at.clone(),
                    left_at: a.left_at.clone(),
                })
            })
            .collect::<Result<_>>()?,
        agenda: detail.agenda.iter().map(|item| export_item(conn, &mut keys, item)).collect::<Result<_>>()?,
        amendments: detail
            .amendments
            .iter()
            .map(|a| BundleAmendment { reason: a.reason.clone(), amended_at: a.amended_at.clone(), amended_by: a.amended_by.clone() })
            .collect(),
    };
    Ok(Bundle { format: FORMAT.into(), version: VERSION, members: keys.into_members(), meeting })
}

fn export_item(conn: &Connection, keys: &mut MemberKeys, item: &AgendaItem) -> Result<BundleItem> {
    if item.kind == AgendaKind::TeachIn {
        return Err(Error::Conflict(format!(
            "'{}' is a teach-in slot, and meeting bundles cannot carry teach-ins yet. Nothing was exported.",
            item.label()
        )));
    }
    let professionals = item
        .professionals
        .iter()
        .map(|p| {
            Ok(match p.member_id {
                Some(id) => BundleProfessional { member: Some(keys.of(conn, id)?), service: None },
                None => BundleProfessional { member: None, service: Some(p.name.clone()) },
            })
        })
        .collect::<Result<_>>()?;
    Ok(BundleItem {
        kind: item.kind,
        title: item.title.clone(),
        reference: item.case_reference.clone(),
        reason: item.reason.clone(),
        presenter: keys.of_optional(conn, item.presenter_id)?,
        minutes_allowed: item.minutes_allowed,
        consent: item.consent,
        outcome: item.outcome,
        seconds_used: item.seconds_used,
        professionals,
        discussion: item.discussion.as_ref().map(|d| export_discussion(conn, keys, d)).transpose()?,
        actions: item.actions.iter().map(|a| export_action(conn, keys, a)).collect::<Result<_>>()?,
    })
}

fn export_discussion(conn: &Connection, keys: &mut MemberKeys, d: &DiscussionRecord) -> Result<BundleDiscussion> {
    let leads = d
        .leads
        .iter()
        .map(|l| Ok(BundleLead { aspect: l.aspect.clone(), member: keys.of_optional(conn, l.member_id)?, role_key: l.role_key.clone() }))
        .collect::<Result<_>>()?;
    Ok(BundleDiscussion {
        situation: d.situation.clone(),
        done_so_far: d.done_so_far.clone(),
        discussion: d.discussion.clone(),
        needs: d.needs.clone(),
        leads,
        risk_holder: keys.of_optional(conn, d.risk_holder_id)?,
        communication_plan: d.communication_plan.clone(),
        urgent_contacts: d.urgent_contacts.clone(),
        escalations: d.escalations.clone(),
        transitions: d.transitions.clone(),
        decision: d.decision.clone(),
        decision_owner: keys.of_optional(conn, d.decision_owner_id)?,
        next_review_date: d.next_review_date.clone(),
    })
}

fn export_action(conn: &Connection, keys: &mut MemberKeys, a: &AgreedAction) -> Result<BundleAction> {
    Ok(BundleAction {
        description: a.description.clone(),
        owner: keys.of(conn, a.owner_id)?,
        due_date: a.due_date.clone(),
        status: a.status,
        done_on: a.done_on.clone(),
        cancel_reason: a.cancel_reason.clone(),
    })
}

/// Gives each member the bundle names a key (their name; a number is added when two share a
/// name) and collects them for the bundle's member list.
#[derive(Default)]
struct MemberKeys {
    by_id: HashMap<i64, String>,
    members: Vec<BundleMember>,
}

impl MemberKeys {
    fn of(&mut self, conn: &Connection, id: i64) -> Result<String> {
        if let Some(key) = self.by_id.get(&id) {
            return Ok(key.clone());
        }
        let m = members::get(conn, id)?;
        let taken = |key: &str| self.members.iter().any(|b| b.key == key);
        let key = (1..).map(|n| if n == 1 { m.name.clone() } else { format!("{} #{n}", m.name) }).find(|k| !taken(k)).expect("unbounded");
        self.by_id.insert(id, key.clone());
        self.members.push(BundleMember {
            key: key.clone(),
            name: m.name,
            role_key: m.role_key,
            organisation: m.organisation,
            email: m.email,
            phone: m.phone,
            core_member: m.core_member,
        });
        Ok(key)
    }

    fn of_optional(&mut self, conn: &Connection, id: Option<i64>) -> Result<Option<String>> {
        id.map(|id| self.of(conn, id)).transpose()
    }

    /// By key, so the list reads like a roster and exports of the same meeting are identical.
    fn into_members(mut self) -> Vec<BundleMember> {
        self.members.sort_by(|a, b| a.key.cmp(&b.key));
        self.members
    }
}

/// The bundle as pretty-printed JSON.
pub fn to_json(bundle: &Bundle) -> String {
    serde_json::to_string_pretty(bundle).expect("bundles serialise")
}

// ---- reading -----------------------------------------------------------------------------

/// Reads a bundle, refusing anything that is not a complete bundle of a version this build
/// understands. Errors name the JSON path of the problem.
pub fn parse(json: &str) -> Result<Bundle> {
    // Editors on Windows may save a byte order mark in front of the text.
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    if json.trim().is_empty() {
        return Err(cannot_import("the file is empty"));
    }
    let value: Value = serde_json::from_str(json).map_err(not_json)?;
    check_format(&value)?;
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        refused(if path == "." { "the top level" } else { &path }, plain_types(&e.into_inner().to_string()))
    })
}

/// serde's names for JSON types, in the words of the file a person edits.
fn plain_types(problem: &str) -> String {
    let mut text = problem
        .replace("expected i64", "expected a whole number")
        .replace("invalid type: sequence", "invalid type: list")
        .replace("expected a sequence", "expected a list")
        .replace("invalid type: map", "invalid type: object")
        .replace("expected a map", "expected an object");
    if let Some(at) = text.find("expected struct ") {
        text.replace_range(at.., "expected an object");
    }
    // serde repeats the wrong value; a pasted page of it would bury what was expected.
    let chars: Vec<char> = text.chars().collect();
    if chars.len() > 240 {
        text = format!("{}…{}", chars[..60].iter().collect::<String>(), chars[chars.len() - 120..].iter().collect::<String>());
    }
    text
}

fn not_json(e: serde_json::Error) -> Error {
    let problem = match e.classify() {
        serde_json::error::Category::Eof => format!(
            "the file stops part-way (at line {}, column {}): it may have been cut short while copying. Export the meeting again",
            e.line(),
            e.column()
        ),
        _ => format!("the file is not valid JSON ({e})"),
    };
    cannot_import(&problem)
}

/// Format and version come first: a newer bundle may not fit this build's idea of the rest.
fn check_format(value: &Value) -> Result<()> {
    match value.get("format").and_then(Value::as_str) {
        Some(FORMAT) => {}
        other => {
            let found = other.map_or("none".to_string(), |f| format!("\"{f}\""));
            return Err(Error::invalid(
                "bundle",
                format!(
                    "This file is not an MDT meeting bundle: its \"format\" is {found}, where a bundle says \"{FORMAT}\". \
                     Choose a file made by \"mdt export\". Nothing was imported."
                ),
            ));
        }
    }
    match value.get("version").and_then(Value::as_i64) {
        Some(v) if v > VERSION => Err(Error::invalid(
            "bundle",
            format!(
                "This bundle is format version {v}, written by a newer version of MDT Assistant; this version reads \
                 bundles up to version {VERSION}. Install the newer version to import it. Nothing was imported."
            ),
        )),
        Some(v) if v >= 1 => Ok(()),
        _ => Err(refused("version", format!("needs to be a whole number; this version of MDT Assistant reads bundle version {VERSION}"))),
    }
}

/// A bundle problem at `path` (e.g. `meeting.agenda[2].presenter`).
fn refused(path: &str, problem: impl Display) -> Error {
    cannot_import(&format!("{path}: {problem}"))
}

fn cannot_import(problem: &str) -> Error {
    Error::invalid("bundle", format!("This bundle cannot be imported: {}. Nothing was imported.", problem.trim_end_matches('.')))
}

/// Puts the bundle path in front of a core validation message. The core names fields as the
/// bundle does (e.g. `plannedMinutes`), so the field completes the path.
fn at<T>(path: &str, result: Result<T>) -> Result<T> {
    result.map_err(|e| match e {
        Error::Invalid { field, message } => refused(&format!("{path}.{field}"), message),
        other => other,
    })
}

// ---- checking ----------------------------------------------------------------------------

/// Everything about the bundle that can be checked without writing: references, dates, and
/// rules between fields. The core's own checks run again as the rows are written.
fn check(conn: &Connection, bundle: &Bundle) -> Result<()> {
    let mut keys = HashSet::new();
    for (i, m) in bundle.members.iter().enumerate() {
        let path = format!("members[{i}]");
        if m.key.trim().is_empty() {
            return Err(refused(&format!("{path}.key"), "every member needs a key for the rest of the bundle to name them by"));
        }
        if !keys.insert(m.key.as_str()) {
            return Err(refused(&format!("{path}.key"), format!("{} is the key of another member too; each key must be unique", quoted(&m.key))));
        }
        // Checked even when the member will be matched, not added: the bundle must be sound.
        at(&path, m.input().validated(conn))?;
    }
    let member = |path: &str, key: &str| -> Result<()> {
        if keys.contains(key) {
            return Ok(());
        }
        Err(refused(path, format!("{} is not one of the bundle's members; add it to \"members\"", quoted(key))))
    };
    let optional_member = |path: &str, key: &Option<String>| key.as_deref().map_or(Ok(()), |k| member(path, k));
    let m = &bundle.meeting;
    at("meeting", dates::parse_date_time("startsAt", &m.starts_at))?;
    optional_member("meeting.chair", &m.chair)?;
    optional_member("meeting.minuteTaker", &m.minute_taker)?;
    match (m.status, &m.finalised_at) {
        (MeetingStatus::Finalised, None) => return Err(refused("meeting.finalisedAt", "finalised minutes need the time they were finalised")),
        (MeetingStatus::Finalised, Some(at)) => check_timestamp("meeting.finalisedAt", at)?,
        (_, Some(_)) => return Err(refused("meeting.finalisedAt", "only finalised minutes have this; leave it out or null")),
        (_, None) => {}
    }
    let mut attending = HashSet::new();
    for (i, a) in m.attendance.iter().enumerate() {
        member(&format!("meeting.attendance[{i}].member"), &a.member)?;
        if !attending.insert(a.member.as_str()) {
            return Err(refused(&format!("meeting.attendance[{i}].member"), format!("{} is listed twice", quoted(&a.member))));
        }
    }
    if m.agenda.iter().filter(|i| i.kind == AgendaKind::MattersArising).count() > 1 {
        return Err(refused("meeting.agenda", "a meeting has at most one matters-arising item"));
    }
    for (i, item) in m.agenda.iter().enumerate() {
        check_item(conn, &format!("meeting.agenda[{i}]"), item, &member)?;
    }
    for (i, a) in m.amendments.iter().enumerate() {
        let path = format!("meeting.amendments[{i}]");
        if m.status != MeetingStatus::Finalised {
            return Err(refused(&path, "only finalised minutes have amendments"));
        }
        if a.reason.trim().is_empty() {
            return Err(refused(&format!("{path}.reason"), "an amendment needs its reason"));
        }
        at(&path, check_note("reason", "reason", &a.reason))?;
        check_timestamp(&format!("{path}.amendedAt"), &a.amended_at)?;
    }
    Ok(())
}

fn check_item(conn: &Connection, path: &str, item: &BundleItem, member: &dyn Fn(&str, &str) -> Result<()>) -> Result<()> {
    let is_case = item.kind == AgendaKind::Case;
    match item.kind {
        AgendaKind::TeachIn => return Err(refused(&format!("{path}.kind"), "teach-in slots are not part of bundle version 1")),
        AgendaKind::Case if item.reference.is_none() => return Err(refused(path, "a case item needs its \"reference\"")),
        _ if !is_case && (item.reference.is_some() || item.discussion.is_some() || !item.professionals.is_empty()) => {
            return Err(refused(path, "only case items have a reference, professionals or a discussion record"));
        }
        _ => {}
    }
    if item.seconds_used < 0 {
        return Err(refused(&format!("{path}.secondsUsed"), "time used cannot be negative"));
    }
    if let Some(key) = &item.presenter {
        member(&format!("{path}.presenter"), key)?;
    }
    for (i, p) in item.professionals.iter().enumerate() {
        let at = format!("{path}.professionals[{i}]");
        match (&p.member, &p.service) {
            (Some(key), None) => member(&format!("{at}.member"), key)?,
            (None, Some(service)) if !service.trim().is_empty() => {}
            _ => return Err(refused(&at, "give either a \"member\" key or a \"service\" name")),
        }
    }
    if let Some(d) = &item.discussion {
        check_discussion(conn, &format!("{path}.discussion"), d, member)?;
    }
    for (i, a) in item.actions.iter().enumerate() {
        check_action(&format!("{path}.actions[{i}]"), a, member)?;
    }
    Ok(())
}

fn check_discussion(conn: &Connection, path: &str, d: &BundleDiscussion, member: &dyn Fn(&str, &str) -> Result<()>) -> Result<()> {
    for (field, key) in [("riskHolder", &d.risk_holder), ("decisionOwner", &d.decision_owner)] {
        if let Some(key) = key {
            member(&format!("{path}.{field}"), key)?;
        }
    }
    for (i, lead) in d.leads.iter().enumerate() {
        if let Some(key) = &lead.member {
            member(&format!("{path}.leads[{i}].member"), key)?;
        }
        if let Some(role) = &lead.role_key {
            check_role(conn, &format!("{path}.leads[{i}].roleKey"), role)?;
        }
    }
    for (i, t) in d.transitions.iter().enumerate() {
        check_role(conn, &format!("{path}.transitions[{i}].fromRoleKey"), &t.from_role_key)?;
        check_role(conn, &format!("{path}.transitions[{i}].toRoleKey"), &t.to_role_key)?;
    }
    at(path, dates::parse_optional_date("nextReviewDate", d.next_review_date.as_deref()))?;
    Ok(())
}

fn check_action(path: &str, a: &BundleAction, member: &dyn Fn(&str, &str) -> Result<()>) -> Result<()> {
    member(&format!("{path}.owner"), &a.owner)?;
    at(path, check_note("cancelReason", "reason", &a.cancel_reason))?;
    at(path, dates::parse_optional_date("dueDate", a.due_date.as_deref()))?;
    let done_on = at(path, dates::parse_optional_date("doneOn", a.done_on.as_deref()))?;
    match (a.status, done_on.is_some(), a.cancel_reason.trim().is_empty()) {
        (ActionStatus::Done, false, _) => Err(refused(&format!("{path}.doneOn"), "a done action needs the date it was done")),
        (ActionStatus::Cancelled, _, true) => Err(refused(&format!("{path}.cancelReason"), "a cancelled action needs the reason")),
        (ActionStatus::Open | ActionStatus::Cancelled, true, _) => Err(refused(&format!("{path}.doneOn"), "only done actions have a done date")),
        (ActionStatus::Open | ActionStatus::Done, _, false) => {
            Err(refused(&format!("{path}.cancelReason"), "only cancelled actions have a cancel reason"))
        }
        _ => Ok(()),
    }
}

fn check_role(conn: &Connection, path: &str, key: &str) -> Result<()> {
    if roles::find(conn, key)?.is_some() {
        return Ok(());
    }
    let known = roles::list(conn)?.into_iter().map(|r| r.key).collect::<Vec<_>>().join(", ");
    Err(refused(path, format!("{} is not a known role (known roles: {known})", quoted(key))))
}

fn check_timestamp(path: &str, text: &str) -> Result<()> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|_| ())
        .map_err(|_| refused(path, format!("{} is not a date and time like 2026-03-02T14:05:00Z", quoted(text))))
}

// ---- import ------------------------------------------------------------------------------

/// Imports a bundle as a new meeting, in one transaction: if anything in it is wrong, nothing
/// is imported. Members are matched to the roster by exact name and role (or added), cases by
/// reference (or added). The meeting keeps its status: finalised minutes stay finalised.
#[instrument(skip(store, json), err)]
pub fn import(store: &mut Store, json: &str) -> Result<BundleImportReport> {
    let bundle = parse(json)?;
    store.write(|tx, actor| {
        check(tx, &bundle)?;
        Importer { tx, actor, members: HashMap::new(), report: BundleImportReport::default() }.run(&bundle)
    })
}

struct Importer<'a> {
    tx: &'a Transaction<'a>,
    actor: &'a str,
    /// Bundle key to roster id.
    members: HashMap<String, i64>,
    report: BundleImportReport,
}

impl Importer<'_> {
    fn run(mut self, bundle: &Bundle) -> Result<BundleImportReport> {
        for (i, m) in bundle.members.iter().enumerate() {
            let id = self.member(&format!("members[{i}]"), m)?;
            self.members.insert(m.key.clone(), id);
        }
        let m = &bundle.meeting;
        let input = MeetingInput {
            series_name: m.series_name.clone(),
            title: m.title.clone(),
            starts_at: m.starts_at.clone(),
            planned_minutes: m.planned_minutes,
            location: m.location.clone(),
            video_link: m.video_link.clone(),
            chair_id: self.id(&m.chair),
            minute_taker_id: self.id(&m.minute_taker),
            attendee_ids: Vec::new(),
        };
        let meeting_id = at("meeting", crate::meeting_record::insert(self.tx, &input))?;
        self.attendance(meeting_id, &m.attendance)?;
        let mut seen = HashSet::new();
        for (i, item) in m.agenda.iter().enumerate() {
            self.item(&format!("meeting.agenda[{i}]"), meeting_id, item, &mut seen)?;
        }
        self.close(meeting_id, m)?;
        Ok(self.report)
    }

    /// The roster member with the same name and role, or a new one.
    fn member(&mut self, path: &str, m: &BundleMember) -> Result<i64> {
        let existing: Option<i64> = self
            .tx
            .query_row(
                "SELECT id FROM team_members WHERE name = ?1 AND role_key = ?2 ORDER BY id LIMIT 1",
                params![m.name.trim(), m.role_key.trim()],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = existing {
            self.report.members_matched.push(m.name.trim().to_string());
            return Ok(id);
        }
        let created = at(path, members::insert(self.tx, self.actor, &m.input()))?;
        self.report.members_created.push(created.name);
        Ok(created.id)
    }

    /// The roster id for a key that [`check`] has already resolved.
    fn id(&self, key: &Option<String>) -> Option<i64> {
        key.as_ref().map(|k| self.members[k])
    }

    fn attendance(&self, meeting_id: i64, lines: &[BundleAttendance]) -> Result<()> {
        let expected: Vec<i64> = lines.iter().filter(|a| a.expected).map(|a| self.members[&a.member]).collect();
        attendance::expect(self.tx, meeting_id, &expected)?;
        for (i, a) in lines.iter().enumerate() {
            let input = AttendanceInput { status: a.status, arrived_at: a.arrived_at.clone(), left_at: a.left_at.clone() };
            at(&format!("meeting.attendance[{i}]"), attendance::record(self.tx, meeting_id, self.members[&a.member], &input))?;
        }
        Ok(())
    }

    fn item(&mut self, path: &str, meeting_id: i64, item: &BundleItem, seen: &mut HashSet<String>) -> Result<()> {
        let item_id = match &item.reference {
            Some(reference) => {
                self.note_case(reference, seen)?;
                let input = CaseItemInput {
                    reference: reference.clone(),
                    identifier: None,
                    reason: item.reason.clone(),
                    presenter_id: self.id(&item.presenter),
                    minutes_allowed: item.minutes_allowed,
                    consent: item.consent,
                    professionals: item.professionals.iter().map(|p| self.professional(p)).collect(),
                };
                at(path, agenda::insert_case(self.tx, meeting_id, &input, None))?
            }
            None => {
                let input = OtherItemInput { title: item.title.clone(), minutes_allowed: item.minutes_allowed, presenter_id: self.id(&item.presenter) };
                at(path, agenda::insert_other(self.tx, meeting_id, item.kind, &input))?
            }
        };
        agenda::write_outcome(self.tx, item_id, item.outcome, item.seconds_used)?;
        if let Some(d) = &item.discussion {
            let record = at(&format!("{path}.discussion"), self.discussion(d).validated(self.tx))?;
            discussions::write_record(self.tx, item_id, &record)?;
        }
        for (i, a) in item.actions.iter().enumerate() {
            self.action(&format!("{path}.actions[{i}]"), item_id, a)?;
        }
        self.report.agenda_items += 1;
        Ok(())
    }

    /// Records whether a case is new to this database, once per reference.
    fn note_case(&mut self, reference: &str, seen: &mut HashSet<String>) -> Result<()> {
        let reference = reference.trim().to_string();
        if !seen.insert(reference.clone()) {
            return Ok(());
        }
        if self.tx.prepare_cached("SELECT 1 FROM cases WHERE reference = ?1")?.exists([&reference])? {
            self.report.cases_matched.push(reference);
        } else {
            self.report.cases_created.push(reference);
        }
        Ok(())
    }

    fn professional(&self, p: &BundleProfessional) -> Professional {
        Professional { member_id: self.id(&p.member), name: p.service.clone().unwrap_or_default() }
    }

    fn discussion(&self, d: &BundleDiscussion) -> DiscussionRecord {
        DiscussionRecord {
            situation: d.situation.clone(),
            done_so_far: d.done_so_far.clone(),
            discussion: d.discussion.clone(),
            needs: d.needs.clone(),
            leads: d
                .leads
                .iter()
                .map(|l| Lead { aspect: l.aspect.clone(), member_id: self.id(&l.member), role_key: l.role_key.clone() })
                .collect(),
            risk_holder_id: self.id(&d.risk_holder),
            communication_plan: d.communication_plan.clone(),
            urgent_contacts: d.urgent_contacts.clone(),
            escalations: d.escalations.clone(),
            transitions: d.transitions.clone(),
            decision: d.decision.clone(),
            decision_owner_id: self.id(&d.decision_owner),
            next_review_date: d.next_review_date.clone(),
        }
    }

    fn action(&mut self, path: &str, item_id: i64, a: &BundleAction) -> Result<()> {
        let input = ActionInput { description: a.description.clone(), owner_id: self.members[&a.owner], due_date: a.due_date.clone() };
        let action = at(path, actions::insert(self.tx, self.actor, item_id, &input))?;
        if a.status != ActionStatus::Open {
            // Stored in the same normal form as due dates; `check` has made sure it parses.
            let done_on = dates::parse_optional_date("doneOn", a.done_on.as_deref())?;
            actions::change_status(self.tx, self.actor, action.id, a.status, done_on.as_deref(), a.cancel_reason.trim())?;
        }
        self.report.actions += 1;
        Ok(())
    }

    /// Amendments and status go last: while items are added the meeting must still be open.
    fn close(&mut self, meeting_id: i64, m: &BundleMeeting) -> Result<()> {
        for a in &m.amendments {
            self.tx.execute(
                "INSERT INTO minute_amendments (meeting_id, reason, amended_at, amended_by) VALUES (?1, ?2, ?3, ?4)",
                params![meeting_id, a.reason.trim(), a.amended_at, a.amended_by],
            )?;
        }
        self.tx.execute(
            "UPDATE meetings SET status = ?2, finalised_at = ?3 WHERE id = ?1",
            params![meeting_id, m.status, m.finalised_at],
        )?;
        let meeting = meetings::get(self.tx, meeting_id)?;
        audit::record(
            self.tx,
            self.actor,
            Change { entity: "meeting", entity_id: meeting_id, action: AuditAction::Create, before: None, after: Some(&meeting) },
        )?;
        self.report.meeting_id = meeting_id;
        self.report.title = meeting.title;
        self.report.starts_at = meeting.starts_at;
        Ok(())
    }
}
