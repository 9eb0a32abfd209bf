//! Meeting bundles: one meeting with its attendance, agenda, case discussions, agreed actions
//! and the team members they name, as a versioned JSON file that another copy of MDT Assistant
//! (or another tool) can read. `assets/bundle.schema.json` documents the format.
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

pub use format::{Bundle, BundleAction, BundleAmendment, BundleAttendance, BundleDiscussion, BundleItem, BundleLead, BundleMeeting, BundleMember, BundleProfessional, parse, to_json};
pub use export::export;
pub use import::{BundleImportReport, import};

/// The value of `format` in every bundle.
pub const FORMAT: &str = "mdt-meeting-bundle";
/// The bundle format version this build writes, and the newest it reads.
pub const VERSION: i64 = 1;
