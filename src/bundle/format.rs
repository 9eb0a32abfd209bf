//! The bundle format: its types, as they are written and read, and reading a file into them
//! with errors that name the JSON path of the problem.

use std::fmt::Display;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::actions::ActionStatus;
use crate::agenda::{AgendaKind, Consent, Outcome};
use crate::attendance::AttendanceStatus;
use crate::discussions::{Escalation, Need, Transition};
use crate::meetings::MeetingStatus;
use crate::members::MemberInput;
use crate::{Error, Result};

use super::{FORMAT, VERSION};

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
    pub(super) fn input(&self) -> MemberInput {
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

pub(super) fn not_recorded() -> Consent {
    Consent::NotRecorded
}

pub(super) fn pending() -> Outcome {
    Outcome::Pending
}

pub(super) fn open() -> ActionStatus {
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
pub(super) fn plain_types(problem: &str) -> String {
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

pub(super) fn not_json(e: serde_json::Error) -> Error {
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
pub(super) fn check_format(value: &Value) -> Result<()> {
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
pub(super) fn refused(path: &str, problem: impl Display) -> Error {
    cannot_import(&format!("{path}: {problem}"))
}

pub(super) fn cannot_import(problem: &str) -> Error {
    Error::invalid("bundle", format!("This bundle cannot be imported: {}. Nothing was imported.", problem.trim_end_matches('.')))
}

/// Puts the bundle path in front of a core validation message. The core names fields as the
/// bundle does (e.g. `plannedMinutes`), so the field completes the path.
pub(super) fn at<T>(path: &str, result: Result<T>) -> Result<T> {
    result.map_err(|e| match e {
        Error::Invalid { field, message } => refused(&format!("{path}.{field}"), message),
        other => other,
    })
}
