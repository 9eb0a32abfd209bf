//! Guidance checks for case discussions, built on the RCOT/NASP guidance "Working together"
//! (occupational therapists and social prescribing link workers).
//!
//! Everything here suggests and explains; nothing decides. From a case's record (needs, notes,
//! leads, risk holder, escalations, step-downs, actions) and its history, the rules work out:
//! who might lead on which aspect and why ([`lead`]), and the flags a chair should see before the
//! minutes are final ([`checks`]). The chair accepts a suggestion or records a different lead
//! with a reason; at finalising, any flag still open is recorded as overridden so the minutes
//! can list it ([`review`]).
//!
//! The rules are pure functions of [`CaseFacts`]; [`review`] reads those facts from the database.

mod burden;
mod checks;
mod lead;
mod review;
mod scope;
mod settings;
mod text;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::actions::AgreedAction;
use crate::agenda::{Outcome, Professional};
use crate::discussions::{DiscussionRecord, EscalationTrigger, Need};
use crate::members::TeamMember;
use crate::roles::Role;
use crate::labels::{self, LabelMap, short_role};
use crate::text_enum;
use crate::words::{and_list, in_sentence};

pub use burden::{AlertBurden, alert_burden};
pub use checks::assess;
pub use lead::suggest_lead;
pub use review::{
    CaseOverrides, DismissedFlag, FlagDismissal, FlagDismissalInfo, MeetingReview, MinutesCaseGuidance, REVIEW_FORMAT, REVIEW_VERSION, ReviewMeeting, case_guidance, meeting_review,
    dismiss_flag, meeting_overrides, minutes_guidance, minutes_notes, MinutesCaseNotes, record_lead_decision, undo_dismissal,
};
pub(crate) use review::record_at_finalise;
pub use settings::{GuidanceSettings, load_settings, save_settings};

/// The parts of "Working together" the rules rest on, named as the guidance names them.
pub mod sources {
    pub const KEY_TAKEAWAYS: &str = "Working together: key takeaways";
    pub const BOUNDARIES: &str = "Working together: where are the boundaries, and where are the cross-overs?";
    pub const ROLES_AND_OVERLAP: &str = "Working together: occupational therapy and social prescribing, roles, differences and overlap";
    pub const WORKING_AT_THE_BOUNDARY: &str = "Working together: working at the boundary";
    pub const MDT_WORKING: &str = "Working together: how SPLWs and OTs can strengthen MDT working";
    pub const SHARED_CASELOADS: &str = "Working together: shared caseloads (case example)";
    pub const ESCALATION: &str = "Working together: escalation, de-escalation and risk";
    pub const OUTSET_QUESTIONS: &str = "Working together: escalation, de-escalation and risk (what to clarify at the outset)";
    pub const COMPLEX_NEEDS: &str = "Working together: safely managing complex needs (case example)";
    pub const STEPPING_DOWN: &str = "Working together: stepping down from secondary to primary care (case example)";
    pub const SUPERVISION: &str = "Working together: supervision";
}

/// One reason behind a suggestion: plain words, the needs that drove it, and where in the
/// guidance the rule comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Reason {
    pub text: String,
    pub needs: Vec<Need>,
    pub source: String,
}

text_enum!(
    /// Whether the suggestion is one role, several working jointly, or nothing yet.
    SuggestionKind {
        None => "none",
        Single => "single",
        Joint => "joint",
    }
);

/// One role suggested to lead on one aspect of support.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SuggestedLead {
    /// E.g. "Functional and environmental assessment".
    pub aspect: String,
    pub role_key: String,
    pub role_name: String,
    /// A team member with this role already involved with the person, when there is exactly one.
    pub member_id: Option<i64>,
    pub member_name: Option<String>,
    /// The tagged needs behind this aspect.
    pub needs: Vec<Need>,
}

/// Who might lead and why. Kept with the minutes as it was shown when the team decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LeadSuggestion {
    pub kind: SuggestionKind,
    /// One line, e.g. "Joint working: OT and SPLW".
    pub summary: String,
    pub leads: Vec<SuggestedLead>,
    pub reasons: Vec<Reason>,
}

impl LeadSuggestion {
    /// The roles suggested, in the roster's role order.
    pub fn role_keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = Vec::new();
        for lead in &self.leads {
            if !keys.contains(&lead.role_key.as_str()) {
                keys.push(&lead.role_key);
            }
        }
        keys
    }

    /// Every reason as one paragraph, each followed by the part of the guidance it rests on.
    pub fn explanation(&self) -> String {
        self.reasons.iter().map(|r| format!("{} ({})", r.text, r.source)).collect::<Vec<_>>().join(" ")
    }
}

/// A recorded lead with the names filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResolvedLead {
    pub aspect: String,
    /// The member's role, or the role named when no member is named yet.
    pub role_key: Option<String>,
    pub role_name: Option<String>,
    pub member_id: Option<i64>,
    pub member_name: Option<String>,
}

impl ResolvedLead {
    /// "Priya Example (OT): functional assessment", or "SPLW: community connection".
    pub fn describe(&self) -> String {
        let role = self.role_key.as_deref().map(short_role).unwrap_or_default();
        let who = match (&self.member_name, self.role_key.is_some()) {
            (Some(name), true) => format!("{name} ({role})"),
            (Some(name), false) => name.clone(),
            (None, _) => role,
        };
        format!("{who}: {}", self.aspect)
    }
}

text_enum!(
    /// How the recorded leads stand against the suggestion.
    LeadStatus {
        /// No needs tagged, so nothing is suggested.
        NoSuggestion => "no_suggestion",
        NotRecorded => "not_recorded",
        /// Every suggested role is among the recorded leads.
        MatchesSuggestion => "matches_suggestion",
        DiffersWithReason => "differs_with_reason",
        DiffersWithoutReason => "differs_without_reason",
        /// The reason was given when the suggestion was different; it may no longer hold.
        ReasonOutdated => "reason_outdated",
    }
);

impl LeadStatus {
    /// How the recorded lead stands, in a few words for the screen.
    pub fn label(self) -> &'static str {
        match self {
            LeadStatus::NoSuggestion => "No suggestion yet",
            LeadStatus::NotRecorded => "No lead recorded yet",
            LeadStatus::MatchesSuggestion => "Takes up the suggestion",
            LeadStatus::DiffersWithReason => "Differs from the suggestion, with a reason",
            LeadStatus::DiffersWithoutReason => "Differs from the suggestion: no reason given yet",
            LeadStatus::ReasonOutdated => "Differs: the reason was given for an earlier suggestion",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecordedLead {
    pub leads: Vec<ResolvedLead>,
    pub status: LeadStatus,
    /// Why the team chose differently from the suggestion; empty when it did not say.
    pub override_reason: String,
}

/// The lead recorded at the person's last discussion, beside today's suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PreviousLead {
    pub agenda_item_id: i64,
    pub meeting_title: String,
    pub meeting_starts_at: String,
    pub leads: Vec<ResolvedLead>,
    pub needs: Vec<Need>,
    pub needs_added: Vec<Need>,
    pub needs_removed: Vec<Need>,
    /// True when today's suggestion names roles that did not lead last time, or drops some that did.
    /// Never true when nothing is suggested today: there is nothing to compare.
    pub lead_changes: bool,
}

text_enum!(
    /// The four things to settle when more than one role works with a person.
    JointQuestionCode {
        Leads => "leads",
        Communication => "communication",
        RiskHolder => "risk_holder",
        UrgentContacts => "urgent_contacts",
    }
);

impl JointQuestionCode {
    /// A few words for a compact list: "Who leads", "Clinical risk".
    pub fn short(self) -> &'static str {
        match self {
            JointQuestionCode::Leads => "Who leads",
            JointQuestionCode::Communication => "Sharing concerns",
            JointQuestionCode::RiskHolder => "Clinical risk",
            JointQuestionCode::UrgentContacts => "Urgent contacts",
        }
    }

    /// Where in the record the answer is written.
    pub fn place(self) -> FlagPlace {
        match self {
            JointQuestionCode::Leads => FlagPlace::Leads,
            JointQuestionCode::Communication => FlagPlace::Communication,
            JointQuestionCode::RiskHolder => FlagPlace::RiskHolder,
            JointQuestionCode::UrgentContacts => FlagPlace::UrgentContacts,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JointQuestion {
    pub code: JointQuestionCode,
    pub question: String,
    /// The question in a few words.
    pub short: String,
    pub answered: bool,
    /// When it is answered but a check was raised about the answer: that check's title.
    pub concern: Option<String>,
    /// The answer as recorded, shortened to one line; empty when unanswered.
    pub answer: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JointWorking {
    /// Who is involved, e.g. ["OT", "SPLW", "community falls service"].
    pub involved: Vec<String>,
    pub questions: Vec<JointQuestion>,
}

text_enum!(EscalationStatus {
    /// Nothing recorded yet for this concern.
    Unrecorded => "unrecorded",
    /// Something recorded, but not both the route and who was informed.
    Incomplete => "incomplete",
    Escalated => "escalated",
    NotNeeded => "not_needed",
});

impl EscalationStatus {
    /// What is recorded about a concern, in a few words for the screen.
    pub fn label(self) -> &'static str {
        match self {
            EscalationStatus::Unrecorded => "No route or reason recorded",
            EscalationStatus::Incomplete => "Incomplete",
            EscalationStatus::Escalated => "Escalated",
            EscalationStatus::NotNeeded => "Not needed, reason recorded",
        }
    }
}

/// A team contact for an escalation route, from the team's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RouteContact {
    /// E.g. "Safeguarding lead".
    pub route: String,
    /// As the team saved it, e.g. "Sam Safe, 01632 960123"; empty when not saved yet.
    pub contact: String,
}

/// A concern that calls for escalation: what raised it, what is recorded, and the team's route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EscalationPrompt {
    pub trigger: EscalationTrigger,
    pub label: String,
    /// What in the needs or notes raised it, in plain words.
    pub why: String,
    pub status: EscalationStatus,
    pub routes: Vec<RouteContact>,
    pub source: String,
}

text_enum!(
    /// Every check the guidance makes. Stable: stored with overridden flags and in `mdt review --json`.
    FlagCode {
        NoLeadRecorded => "no_lead_recorded",
        LeadDiffersWithoutReason => "lead_differs_without_reason",
        LeadReasonOutdated => "lead_reason_outdated",
        QuestionLeads => "question_leads",
        QuestionCommunication => "question_communication",
        QuestionRiskHolder => "question_risk_holder",
        QuestionUrgentContacts => "question_urgent_contacts",
        EscalationUnrecorded => "escalation_unrecorded",
        EscalationIncomplete => "escalation_incomplete",
        NonClinicalRiskHolder => "non_clinical_risk_holder",
        TransitionWithoutHandover => "transition_without_handover",
        TransitionWithoutConsult => "transition_without_consult",
        LeadChangeWithoutTransition => "lead_change_without_transition",
        JointDebrief => "joint_debrief",
        RaiseInSupervision => "raise_in_supervision",
        SameAspectTwoLeads => "same_aspect_two_leads",
        ManyProfessionals => "many_professionals",
        DuplicateAction => "duplicate_action",
        RoleDriftLead => "role_drift_lead",
        RoleDriftAction => "role_drift_action",
    }
);

text_enum!(
    /// Where in the case record a flag belongs, so the screen can show it beside what it is about.
    /// The first four are named as the joint-working questions are ([`JointQuestionCode`]).
    FlagPlace {
        Leads => "leads",
        Communication => "communication",
        RiskHolder => "risk_holder",
        UrgentContacts => "urgent_contacts",
        Escalations => "escalations",
        Transitions => "transitions",
        Actions => "actions",
        /// The case as a whole (e.g. how many professionals are involved).
        Case => "case",
    }
);

impl FlagCode {
    /// The part of the record a flag with this code is about.
    pub fn place(self) -> FlagPlace {
        use FlagCode as C;
        match self {
            C::NoLeadRecorded | C::LeadDiffersWithoutReason | C::LeadReasonOutdated | C::QuestionLeads => FlagPlace::Leads,
            C::SameAspectTwoLeads | C::RoleDriftLead => FlagPlace::Leads,
            C::QuestionCommunication => FlagPlace::Communication,
            C::QuestionRiskHolder | C::NonClinicalRiskHolder => FlagPlace::RiskHolder,
            C::QuestionUrgentContacts => FlagPlace::UrgentContacts,
            C::EscalationUnrecorded | C::EscalationIncomplete => FlagPlace::Escalations,
            C::TransitionWithoutHandover | C::TransitionWithoutConsult | C::LeadChangeWithoutTransition => FlagPlace::Transitions,
            C::JointDebrief | C::RaiseInSupervision | C::DuplicateAction | C::RoleDriftAction => FlagPlace::Actions,
            C::ManyProfessionals => FlagPlace::Case,
        }
    }
}

text_enum!(
    /// A warning asks for something to be settled; a suggestion proposes something to do.
    FlagKind {
        Warning => "warning",
        Suggestion => "suggestion",
    }
);

/// Something the chair should look at, with the reason in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Flag {
    pub code: FlagCode,
    pub kind: FlagKind,
    /// Where in the record it belongs (from the code).
    pub place: FlagPlace,
    /// Short, e.g. "Not settled: who holds clinical risk".
    pub title: String,
    pub reason: String,
    pub source: String,
    /// For suggestions that are actions (a joint debrief, raising in supervision): the action's wording.
    pub action: Option<String>,
    /// Its fingerprint, whether the chair may dismiss it, and an earlier dismissal it was shown
    /// again after (filled in by [`review`]; the rules leave it empty).
    #[serde(default)]
    pub dismissal: FlagDismissalInfo,
}

/// A flag the chair finalised past, as kept with the minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OverriddenFlag {
    pub code: FlagCode,
    /// The flag's title when it was overridden.
    pub detail: String,
    pub overridden_at: String,
}

/// Everything the guidance says about one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseGuidance {
    pub agenda_item_id: i64,
    pub reference: String,
    pub outcome: Outcome,
    pub suggested_lead: LeadSuggestion,
    pub previous_lead: Option<PreviousLead>,
    pub recorded_lead: RecordedLead,
    /// Present when more than one role or service is involved.
    pub joint_working: Option<JointWorking>,
    pub escalations: Vec<EscalationPrompt>,
    pub flags: Vec<Flag>,
    /// Flags recorded as overridden when the minutes were finalised.
    pub overridden: Vec<OverriddenFlag>,
    /// Flags the chair dismissed for this person, whose facts are unchanged: not open, not
    /// overridden at finalising, listed in the minutes with the reason (filled in by [`review`]).
    #[serde(default)]
    pub dismissed: Vec<DismissedFlag>,
    /// The escalations recorded here and those carried, still open, from the person's earlier
    /// discussions, each open or closed (filled in by [`review`]).
    #[serde(default)]
    pub escalation_states: Vec<crate::escalations::EscalationState>,
}

/// The person's last discussion that recorded a lead.
#[derive(Debug, Clone, PartialEq)]
pub struct PastRecord {
    pub agenda_item_id: i64,
    pub meeting_title: String,
    pub meeting_starts_at: String,
    pub record: DiscussionRecord,
}

/// What the chair decided about the suggestion, as stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LeadDecision {
    /// The suggestion as it was when the decision was recorded.
    pub suggestion: Option<LeadSuggestion>,
    pub override_reason: String,
}

/// Everything the rules look at for one case. Built from the database by [`review`], or by hand
/// in tests.
#[derive(Debug, Clone)]
pub struct CaseFacts {
    pub agenda_item_id: i64,
    pub reference: String,
    pub outcome: Outcome,
    /// Why the person was brought to the meeting (the agenda line).
    pub reason: String,
    pub record: DiscussionRecord,
    pub presenter_id: Option<i64>,
    /// Colleagues presenting the case with the presenter: involved with the person as they are.
    pub co_presenter_ids: Vec<i64>,
    pub professionals: Vec<Professional>,
    /// The whole roster, for names and roles.
    pub members: Vec<TeamMember>,
    pub roles: Vec<Role>,
    /// Actions agreed in this discussion.
    pub actions: Vec<AgreedAction>,
    /// Open actions for the same person agreed anywhere else.
    pub other_open_actions: Vec<AgreedAction>,
    pub previous: Option<PastRecord>,
    pub decision: LeadDecision,
    pub settings: GuidanceSettings,
    pub overridden: Vec<OverriddenFlag>,
    /// The person's joint-working agreement as it applied to this discussion (see
    /// [`crate::agreement::in_force_at`]); its answers stand in for any the record leaves empty.
    pub agreement: Option<crate::agreement::Agreement>,
}

impl CaseFacts {
    pub(crate) fn member(&self, id: i64) -> Option<&TeamMember> {
        self.members.iter().find(|m| m.id == id)
    }

    pub(crate) fn role(&self, key: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.key == key)
    }

    /// Puts the person's joint-working agreement beside the record: its answers stand in for any
    /// the record leaves empty (the agreement is where they are kept now; records from before it
    /// kept their own), and the first roster member holding clinical risk stands as the record's
    /// holder.
    pub fn apply_agreement(&mut self, agreement: crate::agreement::Agreement) {
        let record = &mut self.record;
        if record.leads.is_empty() {
            record.leads = agreement.leads.clone();
        }
        if record.risk_holder_id.is_none() {
            record.risk_holder_id = agreement.risk_holders.iter().find_map(|h| h.member_id);
        }
        if record.communication_plan.trim().is_empty() {
            record.communication_plan = agreement.concerns.clone();
        }
        if record.urgent_contacts.trim().is_empty() {
            record.urgent_contacts = agreement.emergency_contacts.clone();
        }
        self.agreement = Some(agreement);
    }

    /// Team members already involved with the person: the listed professionals, the presenter and
    /// co-presenters, and whoever holds clinical risk (every roster member the agreement names).
    pub(crate) fn involved_members(&self) -> Vec<TeamMember> {
        let holders = self.agreement.iter().flat_map(|a| a.risk_holders.iter().filter_map(|h| h.member_id));
        let ids = self
            .professionals
            .iter()
            .filter_map(|p| p.member_id)
            .chain(self.presenter_id)
            .chain(self.co_presenter_ids.iter().copied())
            .chain(self.record.risk_holder_id)
            .chain(holders);
        let mut out: Vec<TeamMember> = Vec::new();
        for id in ids {
            if let Some(m) = self.member(id)
                && !out.iter().any(|o| o.id == id)
            {
                out.push(m.clone());
            }
        }
        out
    }

    /// Who holds clinical risk as the agreement (or, without one, the record) says: each holder
    /// described ("Ann Example (OT)", "Dr Lee (Vale CMHT), for mental health"), and the roster
    /// members among them.
    pub(crate) fn risk_holders(&self) -> (Vec<String>, Vec<&TeamMember>) {
        let holders = self.agreement.as_ref().map(|a| a.risk_holders.as_slice()).unwrap_or_default();
        let mut described = Vec::new();
        let mut members = Vec::new();
        for h in holders {
            let who = match h.member_id.and_then(|id| self.member(id)) {
                Some(m) => {
                    members.push(m);
                    format!("{} ({})", m.name, short_role(&m.role_key))
                }
                None if h.member_id.is_some() => continue,
                None => format!("{} ({})", h.outside_name, h.outside_service),
            };
            described.push(if h.aspect.is_empty() { who } else { format!("{who}, for {}", h.aspect) });
        }
        (described, members)
    }

    /// A recorded lead with names: the member's role wins over a role named alongside.
    pub(crate) fn resolve(&self, lead: &crate::discussions::Lead) -> ResolvedLead {
        let member = lead.member_id.and_then(|id| self.member(id));
        let role_key = member.map(|m| m.role_key.clone()).or_else(|| lead.role_key.clone());
        ResolvedLead {
            aspect: lead.aspect.trim().to_string(),
            role_name: role_key.as_deref().and_then(|k| self.role(k)).map(|r| r.name.clone()),
            role_key,
            member_id: member.map(|m| m.id),
            member_name: member.map(|m| m.name.clone()),
        }
    }
}

/// The needs as they read in a sentence: "functional, cognitive and housing".
pub(crate) fn needs_text(needs: &[Need]) -> String {
    and_list(&needs.iter().map(|n| in_sentence(labels::need(*n))).collect::<Vec<_>>())
}

/// The guidance's own label maps, for the window (beside [`labels::maps`]).
pub fn label_maps() -> Vec<LabelMap> {
    vec![
        LabelMap::new("leadStatusLabels", "LeadStatus", LeadStatus::ALL, LeadStatus::as_str, LeadStatus::label),
        LabelMap::new("escalationStatusLabels", "EscalationStatus", EscalationStatus::ALL, EscalationStatus::as_str, EscalationStatus::label),
    ]
}
