//! The frontend's types are generated from the Rust types (ts-rs) and committed under
//! `ui/src/lib/generated/`, with `labels.ts`: the words for codes (`needLabels` and the like)
//! from `mdt::labels` and the guidance. This test fails when any of them is stale; `make types`
//! rewrites them.

use std::path::{Path, PathBuf};

use mdt::actions::{ActionFilter, ActionInput, ActionPage, ActionStatus, AgreedAction};
use mdt::audit::{AuditAction, AuditEntity, AuditEntry};
use mdt::charts::{Chart, ChartKind, ChartSeries};
use mdt::dashboard::{ActionMonth, Dashboard, MeetingFigures, MemberLoad, OutcomeFigures, Period, ReviewFigures, RoleLeads, SupervisionFigures};
use mdt::directory::{DirectoryEntry, DirectoryImportReport, DirectoryInput, DirectoryQuery};
use mdt::supervision::{Arrangement, ArrangementInput, CaseSource, Session, SessionFormat, SessionInput, SupervisionCase, SupervisionStatus};
use mdt::backup::{BackupFile, BackupFolder};
use mdt::agenda::{AgendaItem, AgendaKind, CaseItemInput, Consent, OtherItemInput, Outcome, Professional, Timeline};
use mdt::attendance::{Attendance, AttendanceInput, AttendanceStatus};
use mdt::cases::CaseIdentifier;
use mdt::person::{PersonProfile, SavedProfile};
use mdt::agreement::{Agreement, AgreementAtItem, AgreementOutcome, AgreementReview, RiskHolder, SavedAgreement};
use mdt::outcomes::{Answer, Direction, ItemChange, Measure, MeasureHistory, MeasureInput, MeasureItem, MeasureItemInput, Sitting, SittingInput};
use mdt::referrals::{ConsentToShare, MadeReferral, Referral, ReferralDetails, ReferralFilter, ReferralInput, ReferralStatus, ReferralTo, ServiceSharing, SharingConsent, StatusChange, StatusEntry};
use mdt::history::{CaseHistory, PastDiscussion};
use mdt::current_user::CurrentUser;
use mdt::sample::demo::{DemoReport, DemoStatus};
use mdt::dates::DateReading;
use mdt::discussions::{
    ClosureOutcome, DiscussionRecord, Escalation, EscalationTrigger, FieldConflict, Lead, MergedRecord, Need, NotSaved, RecordField, SaveReceipt,
    SavedRecord, Transition, TransitionDirection,
};
use mdt::escalations::{ClosureInput, EscalationClosure, EscalationKey, EscalationState};
use mdt::guidance::{
    DismissedFlag, FlagDismissal, FlagDismissalInfo,
    CaseGuidance, CaseOverrides, EscalationPrompt, EscalationStatus, Flag, FlagCode, FlagKind, FlagPlace, GuidanceSettings, JointQuestion,
    JointQuestionCode, JointWorking, LeadStatus, LeadSuggestion, MeetingReview, OverriddenFlag, PreviousLead, Reason,
    RecordedLead, ResolvedLead, ReviewMeeting, RouteContact, SuggestedLead, SuggestionKind,
};
use mdt::meetings::{
    Amendment, Cancelled, Reinstated, FinaliseCheck, FinaliseCheckCode, Meeting, MeetingDetail, MeetingInput, MeetingStatus, MeetingSummary, MeetingsOverview,
    SeriesDefaults,
};
use mdt::bundle::BundleImportReport;
use mdt::case_import::CaseImportReport;
use mdt::members::{MemberInput, TeamMember};
use mdt::reports::ExportReport;
use mdt::reports::action_list::ActionListOptions;
use mdt::reviews::{AddedReviews, DueReason, DueReview, ReviewOffer, ReviewSource};
use mdt::search::{HitKind, SearchHit};
use mdt::roles::profiles::{EscalationRoute, LocalDetails, ProfileInUse, ReferralGuide, RoleProfile};
use mdt::roles::summaries::{Aspect, ComparisonRow, ProfileChange, RoleComparison, RoleHolder, RoleSummary, TeamRecord};
use mdt::roles::Role;
use mdt::teach_ins::{
    CasePrompt, SlotKind, TeachIn, TeachInDetails, TeachInInput, TeachInPlacement, TeachInPresenter, TeachInRole,
    TeachInSlot, TeachInSlotInput, TeachInSummary,
};
use mdt::backup::DatabaseStatus;
use mdt::labels::LabelMap;
use mdt::{ErrorCode, ErrorPayload};
use ts_rs::{Config, TS};

/// Every type that crosses to the frontend. Add new ones here.
fn bindings(cfg: &Config) -> Vec<(String, String)> {
    fn one<T: TS + 'static>(cfg: &Config) -> (String, String) {
        (format!("{}.ts", T::ident(cfg)), T::export_to_string(cfg).expect("type exports"))
    }
    vec![
        one::<ErrorCode>(cfg),
        one::<ReviewSource>(cfg),
        one::<DueReason>(cfg),
        one::<DueReview>(cfg),
        one::<ReviewOffer>(cfg),
        one::<AddedReviews>(cfg),
        one::<ErrorPayload>(cfg),
        one::<Role>(cfg),
        one::<TeamMember>(cfg),
        one::<MemberInput>(cfg),
        one::<DatabaseStatus>(cfg),
        one::<Meeting>(cfg),
        one::<MeetingInput>(cfg),
        one::<MeetingStatus>(cfg),
        one::<MeetingSummary>(cfg),
        one::<MeetingsOverview>(cfg),
        one::<MeetingDetail>(cfg),
        one::<Amendment>(cfg),
        one::<Cancelled>(cfg),
        one::<Reinstated>(cfg),
        one::<mdt::meetings::Cancellation>(cfg),
        one::<FinaliseCheck>(cfg),
        one::<FinaliseCheckCode>(cfg),
        one::<AgendaItem>(cfg),
        one::<AgendaKind>(cfg),
        one::<CaseItemInput>(cfg),
        one::<OtherItemInput>(cfg),
        one::<Consent>(cfg),
        one::<Outcome>(cfg),
        one::<Professional>(cfg),
        one::<Timeline>(cfg),
        one::<Attendance>(cfg),
        one::<AttendanceInput>(cfg),
        one::<AttendanceStatus>(cfg),
        one::<CaseHistory>(cfg),
        one::<CaseIdentifier>(cfg),
        one::<PastDiscussion>(cfg),
        one::<DiscussionRecord>(cfg),
        one::<PersonProfile>(cfg),
        one::<SavedProfile>(cfg),
        one::<Agreement>(cfg),
        one::<AgreementAtItem>(cfg),
        one::<AgreementOutcome>(cfg),
        one::<AgreementReview>(cfg),
        one::<RiskHolder>(cfg),
        one::<SavedAgreement>(cfg),
        one::<ConsentToShare>(cfg),
        one::<Answer>(cfg),
        one::<Direction>(cfg),
        one::<ItemChange>(cfg),
        one::<Measure>(cfg),
        one::<MeasureHistory>(cfg),
        one::<MeasureInput>(cfg),
        one::<MeasureItem>(cfg),
        one::<MeasureItemInput>(cfg),
        one::<Sitting>(cfg),
        one::<SittingInput>(cfg),
        one::<DirectoryEntry>(cfg),
        one::<DirectoryImportReport>(cfg),
        one::<DirectoryInput>(cfg),
        one::<DirectoryQuery>(cfg),
        one::<Arrangement>(cfg),
        one::<mdt::members::Leaving>(cfg),
        one::<mdt::supervision::SupervisedRole>(cfg),
        one::<Chart>(cfg),
        one::<ChartKind>(cfg),
        one::<ChartSeries>(cfg),
        one::<ActionMonth>(cfg),
        one::<Dashboard>(cfg),
        one::<MeetingFigures>(cfg),
        one::<MemberLoad>(cfg),
        one::<OutcomeFigures>(cfg),
        one::<Period>(cfg),
        one::<ReviewFigures>(cfg),
        one::<RoleLeads>(cfg),
        one::<SupervisionFigures>(cfg),
        one::<SupervisionStatus>(cfg),
        one::<SupervisionCase>(cfg),
        one::<CaseSource>(cfg),
        one::<ArrangementInput>(cfg),
        one::<Session>(cfg),
        one::<SessionFormat>(cfg),
        one::<SessionInput>(cfg),
        one::<MadeReferral>(cfg),
        one::<Referral>(cfg),
        one::<ReferralDetails>(cfg),
        one::<ReferralFilter>(cfg),
        one::<ReferralInput>(cfg),
        one::<ReferralStatus>(cfg),
        one::<ReferralTo>(cfg),
        one::<ServiceSharing>(cfg),
        one::<SharingConsent>(cfg),
        one::<StatusChange>(cfg),
        one::<StatusEntry>(cfg),
        one::<SavedRecord>(cfg),
        one::<SaveReceipt>(cfg),
        one::<NotSaved>(cfg),
        one::<RecordField>(cfg),
        one::<FieldConflict>(cfg),
        one::<MergedRecord>(cfg),
        one::<DateReading>(cfg),
        one::<Need>(cfg),
        one::<Lead>(cfg),
        one::<Escalation>(cfg),
        one::<EscalationTrigger>(cfg),
        one::<ClosureOutcome>(cfg),
        one::<ClosureInput>(cfg),
        one::<EscalationClosure>(cfg),
        one::<EscalationKey>(cfg),
        one::<EscalationState>(cfg),
        one::<Transition>(cfg),
        one::<TransitionDirection>(cfg),
        one::<AgreedAction>(cfg),
        one::<ActionInput>(cfg),
        one::<ActionFilter>(cfg),
        one::<ActionPage>(cfg),
        one::<ActionStatus>(cfg),
        one::<SearchHit>(cfg),
        one::<HitKind>(cfg),
        one::<DemoReport>(cfg),
        one::<BackupFile>(cfg),
        one::<BackupFolder>(cfg),
        one::<AuditEntry>(cfg),
        one::<AuditAction>(cfg),
        one::<AuditEntity>(cfg),
        one::<ExportReport>(cfg),
        one::<ActionListOptions>(cfg),
        one::<RoleProfile>(cfg),
        one::<ReferralGuide>(cfg),
        one::<EscalationRoute>(cfg),
        one::<LocalDetails>(cfg),
        one::<ProfileInUse>(cfg),
        one::<BundleImportReport>(cfg),
        one::<CaseImportReport>(cfg),
        one::<CaseGuidance>(cfg),
        one::<DismissedFlag>(cfg),
        one::<FlagDismissal>(cfg),
        one::<FlagDismissalInfo>(cfg),
        one::<LeadSuggestion>(cfg),
        one::<SuggestedLead>(cfg),
        one::<SuggestionKind>(cfg),
        one::<Reason>(cfg),
        one::<RecordedLead>(cfg),
        one::<ResolvedLead>(cfg),
        one::<LeadStatus>(cfg),
        one::<PreviousLead>(cfg),
        one::<JointWorking>(cfg),
        one::<JointQuestion>(cfg),
        one::<JointQuestionCode>(cfg),
        one::<EscalationPrompt>(cfg),
        one::<EscalationStatus>(cfg),
        one::<RouteContact>(cfg),
        one::<Flag>(cfg),
        one::<FlagCode>(cfg),
        one::<FlagKind>(cfg),
        one::<FlagPlace>(cfg),
        one::<OverriddenFlag>(cfg),
        one::<CaseOverrides>(cfg),
        one::<MeetingReview>(cfg),
        one::<ReviewMeeting>(cfg),
        one::<GuidanceSettings>(cfg),
        one::<RoleSummary>(cfg),
        one::<ProfileChange>(cfg),
        one::<RoleHolder>(cfg),
        one::<TeamRecord>(cfg),
        one::<RoleComparison>(cfg),
        one::<ComparisonRow>(cfg),
        one::<Aspect>(cfg),
        one::<TeachIn>(cfg),
        one::<TeachInRole>(cfg),
        one::<TeachInSlot>(cfg),
        one::<TeachInPresenter>(cfg),
        one::<TeachInPlacement>(cfg),
        one::<TeachInSummary>(cfg),
        one::<TeachInInput>(cfg),
        one::<TeachInDetails>(cfg),
        one::<TeachInSlotInput>(cfg),
        one::<SlotKind>(cfg),
        one::<CasePrompt>(cfg),
        one::<CurrentUser>(cfg),
        one::<DemoStatus>(cfg),
        one::<SeriesDefaults>(cfg),
        ("labels.ts".to_string(), labels_module(&[mdt::labels::maps(), mdt::guidance::label_maps()].concat())),
    ]
}

/// The label maps as one TypeScript module of constants, each typed by the generated type of its
/// codes, so a code added in Rust without a label fails to compile in the UI.
fn labels_module(maps: &[LabelMap]) -> String {
    let mut types: Vec<&str> = maps.iter().map(|m| m.key_type).collect();
    types.sort_unstable();
    types.dedup();
    let mut out = String::from(
        "// This file was generated from mdt::labels and mdt::guidance by tests/typescript_bindings.rs (`make types`). Do not edit this file manually.\n",
    );
    for ty in types {
        out.push_str(&format!("import type {{ {ty} }} from \"./{ty}\";\n"));
    }
    for map in maps {
        out.push_str(&format!("\nexport const {}: Readonly<Record<{}, string>> = {{\n", map.name, map.key_type));
        for (code, label) in &map.entries {
            assert!(code.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{code} is not a plain key");
            out.push_str(&format!("  {code}: {},\n", serde_json::to_string(label).unwrap()));
        }
        out.push_str("};\n");
    }
    out
}

fn generated_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/generated")
}

#[test]
fn generated_typescript_is_fresh() {
    // Ids are i64 in Rust but never exceed 2^53, so they are plain numbers in TypeScript.
    let cfg = Config::new().with_large_int("number");
    let dir = generated_dir();
    let write = std::env::var("MDT_WRITE_BINDINGS").is_ok_and(|v| v == "1");
    let mut stale = Vec::new();
    for (file, content) in bindings(&cfg) {
        let path = dir.join(&file);
        if write {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &content).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(content.as_str()) {
            stale.push(file);
        }
    }
    assert!(stale.is_empty(), "stale generated TypeScript in ui/src/lib/generated: {stale:?}. Run `make types`.");
}
