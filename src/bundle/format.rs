//! The bundle format: its types, as they are written and read, and reading a file into them
//! with errors that name the JSON path of the problem.

use std::fmt::Display;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::actions::ActionStatus;
use crate::agenda::{AgendaKind, Consent, Outcome};
use crate::agreement::AgreementOutcome;
use crate::guidance::{FlagCode, SuggestionKind};
use crate::referrals::{ConsentToShare, ReferralStatus};
use crate::teach_ins::SlotKind;
use crate::attendance::AttendanceStatus;
use crate::discussions::{Escalation, Need, Transition};
use crate::meetings::MeetingStatus;
use crate::members::MemberInput;
use crate::{Error, Result};

use super::{FORMAT, OLDEST_VERSION, VERSION};

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
    // ---- version 2 ----
    /// Colleagues presenting the case with its presenter, in order (member keys).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub co_presenters: Vec<String>,
    /// The earlier meeting a case was carried over from (it was listed there but not discussed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried_from: Option<BundleCarriedFrom>,
    /// What mattered to the person and their goals, as the meeting saw them: as kept with the
    /// minutes when finalised, else as the person's record stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<BundlePerson>,
    /// What this discussion did with the person's joint-working agreement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement: Option<BundleAgreementReview>,
    /// Referrals made at this discussion.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub referrals: Vec<BundleReferral>,
    /// The person's answers about sharing with outside services recorded here apart from a
    /// referral (a refusal, or a service already involved).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sharing_consents: Vec<BundleSharingConsent>,
    /// The guidance's lead suggestion kept with the record, and the flags finalised past.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance: Option<BundleGuidance>,
    /// The teach-in a teach-in slot presents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teach_in: Option<BundleTeachIn>,
}

impl BundleItem {
    /// The version 2 fields this item uses, by their names in the file.
    pub(super) fn version_2_fields(&self) -> Vec<&'static str> {
        let mut used = Vec::new();
        for (name, present) in [
            ("coPresenters", !self.co_presenters.is_empty()),
            ("carriedFrom", self.carried_from.is_some()),
            ("person", self.person.is_some()),
            ("agreement", self.agreement.is_some()),
            ("referrals", !self.referrals.is_empty()),
            ("sharingConsents", !self.sharing_consents.is_empty()),
            ("guidance", self.guidance.is_some()),
            ("teachIn", self.teach_in.is_some()),
        ] {
            if present {
                used.push(name);
            }
        }
        used
    }
}

/// The agenda item an item was carried from: its meeting, found on import by start and title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleCarriedFrom {
    pub meeting_title: String,
    pub meeting_starts_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundlePerson {
    #[serde(default)]
    pub what_matters: String,
    #[serde(default)]
    pub goals: String,
    #[serde(default)]
    pub care_plan_reference: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleAgreementReview {
    pub outcome: AgreementOutcome,
    #[serde(default)]
    pub reason: String,
    /// The agreement's version after this discussion, in the database that wrote the bundle.
    pub version: i64,
    pub agreement: BundleAgreement,
    pub reviewed_at: String,
    pub reviewed_by: String,
}

/// [`crate::agreement::Agreement`] with members named by bundle key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleAgreement {
    #[serde(default)]
    pub leads: Vec<BundleLead>,
    #[serde(default)]
    pub concerns: String,
    #[serde(default)]
    pub risk_holders: Vec<BundleRiskHolder>,
    #[serde(default)]
    pub emergency_contacts: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleRiskHolder {
    #[serde(default)]
    pub aspect: String,
    pub member: Option<String>,
    #[serde(default)]
    pub outside_name: String,
    #[serde(default)]
    pub outside_service: String,
}

/// Where a referral goes: a role, a member (by key) or an outside service by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum BundleReferralTo {
    #[serde(rename_all = "camelCase")]
    Role { role_key: String },
    #[serde(rename_all = "camelCase")]
    Member { member: String },
    #[serde(rename_all = "camelCase")]
    Service { name: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleReferral {
    pub from: String,
    pub to: BundleReferralTo,
    pub made_on: String,
    pub reason: String,
    pub status: ReferralStatus,
    pub status_on: String,
    #[serde(default)]
    pub declined_reason: String,
    pub expected_wait_weeks: Option<i64>,
    pub feedback_due: Option<String>,
    pub feedback_given_on: Option<String>,
    /// For an outside service: the person's agreement to share with it.
    pub consent_to_share: Option<BundleConsent>,
    /// Each status it has had, oldest first; the last is its status now.
    pub statuses: Vec<BundleReferralStatus>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleConsent {
    pub decision: ConsentToShare,
    pub decided_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleSharingConsent {
    pub service: String,
    pub decision: ConsentToShare,
    pub decided_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleReferralStatus {
    pub status: ReferralStatus,
    pub on: String,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleGuidance {
    /// The lead suggestion as it was shown when the team decided.
    pub suggested_lead: Option<BundleSuggestion>,
    /// Why the team recorded a different lead; empty when it followed the suggestion.
    #[serde(default)]
    pub lead_override_reason: String,
    /// Flags the chair finalised the minutes past.
    #[serde(default)]
    pub overrides: Vec<BundleOverride>,
}

/// [`crate::guidance::LeadSuggestion`] with members named by bundle key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleSuggestion {
    pub kind: SuggestionKind,
    pub summary: String,
    #[serde(default)]
    pub leads: Vec<BundleSuggestedLead>,
    #[serde(default)]
    pub reasons: Vec<BundleReason>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleSuggestedLead {
    pub aspect: String,
    pub role_key: String,
    pub member: Option<String>,
    #[serde(default)]
    pub needs: Vec<Need>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleReason {
    pub text: String,
    #[serde(default)]
    pub needs: Vec<Need>,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleOverride {
    pub code: FlagCode,
    #[serde(default)]
    pub detail: String,
    pub overridden_at: String,
}

/// A teach-in as planned: on import it becomes a new teach-in of this database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleTeachIn {
    pub title: String,
    pub role_keys: Vec<String>,
    pub total_minutes: i64,
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub case_example: String,
    pub slots: Vec<BundleTeachInSlot>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleTeachInSlot {
    pub kind: SlotKind,
    pub role_key: Option<String>,
    pub title: String,
    pub minutes: i64,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub presenters: Vec<String>,
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
        Some(v) if v >= OLDEST_VERSION => Ok(()),
        _ => Err(refused(
            "version",
            format!("needs to be a whole number; this version of MDT Assistant reads bundle versions {OLDEST_VERSION} to {VERSION}"),
        )),
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
