//! Teach-ins: short sessions in which two roles (an OT and an SPLW, by default) explain to the
//! MDT what each does, when each leads and how to refer between them. Planning one gives a timed
//! agenda with a presenter for each slot and talking points drawn from the role profiles; the
//! presenters then edit, reorder, add and remove slots, and the times re-flow so that they always
//! add up to the length chosen. A teach-in can be put on a meeting's agenda as one item.
//!
//! In parts: [`time`] shares the minutes out and times the notes; [`plan`] drafts the agenda and
//! its presenters; [`talking_points`] draws the notes from the role profiles; [`records`] reads,
//! saves and edits teach-ins; [`on_agenda`] keeps a teach-in's agenda items up to date; and
//! [`case_examples`] refuses examples that could identify someone and offers closed cases as prompts.

mod case_examples;
mod on_agenda;
mod plan;
mod records;
mod talking_points;
mod time;

pub use case_examples::{case_prompts, check_case_example};
pub use on_agenda::add_to_meeting;
pub use plan::{assign_presenters, default_presenters, draft};
pub use records::{add_slot, create, get, list, remove, remove_slot, reorder_slots, update_details, update_slot};
pub use talking_points::suggested_notes;
pub use time::{WORDS_PER_MINUTE, apportion, reflow, speaking_minutes, spoken_words};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{AuditAction, AuditEntity, Change};
use crate::meeting_record::MeetingStatus;
use crate::{Error, Result, text_enum};

pub const MIN_MINUTES: i64 = 10;
pub const MAX_MINUTES: i64 = 90;
const TITLE_MAX: usize = 200;
const AUDIENCE_MAX: usize = 300;
const NOTES_MAX: usize = 5_000;
const CASE_EXAMPLE_MAX: usize = 2_000;
const PRESENTERS_MAX: usize = 6;
/// A run of words this long copied from the team's records means the example was not rewritten.
const COPIED_WORDS: usize = 8;
const AUDIT_ENTITY: AuditEntity = AuditEntity::TeachIn;

text_enum!(
    /// What a slot of the agenda is for.
    SlotKind {
        Welcome => "welcome",
        RoleAtAGlance => "role_at_a_glance",
        SharedApproach => "shared_approach",
        Boundaries => "boundaries",
        Referral => "referral",
        Escalation => "escalation",
        CaseExample => "case_example",
        Questions => "questions",
        /// Added by the presenters.
        Custom => "custom",
    }
);

impl SlotKind {
    /// Presented by everyone presenting: the parts that are about the two roles together.
    pub fn is_joint(self) -> bool {
        matches!(self, SlotKind::SharedApproach | SlotKind::Boundaries | SlotKind::CaseExample | SlotKind::Questions)
    }
}

/// The standard agenda, with each slot's share of the time (out of 30, so a 30-minute teach-in
/// gets exactly these minutes). `None` stands for one "at a glance" slot per role.
const STANDARD: [(Option<SlotKind>, i64); 8] = [
    (Some(SlotKind::Welcome), 2),
    (None, 4),
    (Some(SlotKind::SharedApproach), 3),
    (Some(SlotKind::Boundaries), 4),
    (Some(SlotKind::Referral), 3),
    (Some(SlotKind::Escalation), 3),
    (Some(SlotKind::CaseExample), 4),
    (Some(SlotKind::Questions), 3),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeachIn {
    /// 0 for a plan not yet saved (the CLI's).
    pub id: i64,
    pub title: String,
    /// The two roles presented, in the order they are introduced.
    pub roles: Vec<TeachInRole>,
    pub total_minutes: i64,
    pub audience: String,
    /// The presenters' own account of a case of joint working; never identifying.
    pub case_example: String,
    pub slots: Vec<TeachInSlot>,
    /// Everyone presenting any slot, in order of first appearance.
    pub presenters: Vec<TeachInPresenter>,
    /// The meetings whose agenda has this teach-in on it.
    pub placements: Vec<TeachInPlacement>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeachInRole {
    pub key: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeachInSlot {
    pub id: i64,
    pub kind: SlotKind,
    /// The role an "at a glance" slot is about.
    pub role_key: Option<String>,
    pub title: String,
    pub minutes: i64,
    /// Minutes from the start of the teach-in to the start of this slot.
    pub starts_after: i64,
    /// Talking points, one per line.
    pub notes: String,
    /// About how many minutes the notes take to say ([`speaking_minutes`]): drafted notes fit the
    /// slot; notes a presenter wrote may run over it.
    pub notes_minutes: i64,
    pub presenters: Vec<TeachInPresenter>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeachInPresenter {
    pub member_id: i64,
    pub name: String,
    pub role_key: String,
    pub role_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeachInPlacement {
    pub agenda_item_id: i64,
    pub meeting_id: i64,
    pub meeting_title: String,
    pub starts_at: String,
    pub status: MeetingStatus,
}

/// One line of the teach-ins list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeachInSummary {
    pub id: i64,
    pub title: String,
    pub role_names: Vec<String>,
    pub total_minutes: i64,
    pub presenter_names: Vec<String>,
    pub meetings: i64,
}

/// What a team fills in to plan a teach-in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeachInInput {
    /// Blank for a title made from the roles.
    pub title: String,
    /// Two role keys; blank for the guidance's pair, OT and SPLW.
    pub role_keys: Vec<String>,
    pub presenter_ids: Vec<i64>,
    pub total_minutes: i64,
    pub audience: String,
    pub case_example: String,
}

/// The parts of a saved teach-in that are edited as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeachInDetails {
    pub title: String,
    /// A new length re-flows every slot in proportion.
    pub total_minutes: i64,
    pub audience: String,
    pub case_example: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeachInSlotInput {
    pub title: String,
    /// A new length re-flows the other slots so the total stays the same.
    pub minutes: i64,
    pub presenter_ids: Vec<i64>,
    pub notes: String,
}

/// A case the team has closed, offered as a prompt for the presenters' own case example. It
/// carries what the record says about the joint working, never who the person is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CasePrompt {
    /// Month and year of the last discussion, e.g. "March 2026".
    pub when: String,
    pub points: Vec<String>,
    /// True when both of the teach-in's roles were involved.
    pub both_roles: bool,
}

fn check_len(field: &'static str, text: &str, max: usize) -> Result<String> {
    if text.chars().count() > max {
        return Err(Error::invalid(field, format!("Keep this under {max} characters.")));
    }
    Ok(text.to_string())
}

fn check_title(title: &str) -> Result<String> {
    if title.is_empty() {
        return Err(Error::invalid("title", "Give the teach-in a title."));
    }
    check_len("title", title, TITLE_MAX)
}

fn change<'a>(action: AuditAction, id: i64, before: Option<&'a TeachIn>, after: Option<&'a TeachIn>) -> Change<'a, TeachIn> {
    Change { entity: AUDIT_ENTITY, entity_id: id, action, before, after }
}
