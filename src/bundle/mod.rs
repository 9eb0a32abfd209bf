//! Meeting bundles: one meeting with its attendance, agenda, case discussions, agreed actions
//! and the team members they name, as a versioned JSON file that another copy of MDT Assistant
//! (or another tool) can read. `assets/bundle.schema.json` documents the format.
//!
//! Version 2 adds, per agenda item: co-presenters, the earlier meeting a case was carried over
//! from, what mattered to the person, what the discussion did with their joint-working agreement,
//! referrals made there with the person's consent to share, the guidance's lead suggestion and
//! the flags finalised past, and teach-in slots with their teach-in. Version 1 files still import.
//!
//! Inside a bundle members are named by a key local to the bundle, never by database id, so a
//! bundle means the same thing in any database. Full identifiers (NHS numbers) are never written.
//!
//! In parts: [`format`] (the types, writing and reading the file), [`export`], [`check`] (a
//! parsed bundle against the database, before anything is written) and [`import`].

mod check;
mod export;
mod format;
mod import;

pub use format::{
    Bundle, BundleAction, BundleAgreement, BundleAgreementReview, BundleAmendment, BundleAttendance, BundleCarriedFrom, BundleConsent, BundleDiscussion,
    BundleGuidance, BundleItem, BundleLead, BundleMeeting, BundleMember, BundleOverride, BundlePerson, BundleProfessional, BundleReason, BundleReferral,
    BundleReferralStatus, BundleReferralTo, BundleRiskHolder, BundleSharingConsent, BundleSuggestedLead, BundleSuggestion, BundleTeachIn, BundleTeachInSlot,
    parse, to_json,
};
pub use export::export;
pub use import::{BundleImportReport, import};

/// The value of `format` in every bundle.
pub const FORMAT: &str = "mdt-meeting-bundle";
/// The bundle format version this build writes, and the newest it reads.
pub const VERSION: i64 = 2;
/// The oldest version this build reads.
pub const OLDEST_VERSION: i64 = 1;
