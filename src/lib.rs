//! MDT Assistant core: everything the desktop app and the `mdt` CLI share.
//!
//! One module per concept. Nothing here knows about Tauri, so all of it is tested with
//! plain `cargo test`.
//!
//! # Layers
//!
//! The modules stand in layers, from the bottom up. A module may use the modules of the layers
//! below its own, and those listed before it in its own layer; never one listed after it. So
//! nothing imports in a loop, and a module can be read knowing only what is below it.
//! `tests/layers.rs` reads this list and every `crate::` path in `src/`, and fails on a module
//! that reaches up (a new module must be added here first).
//!
//! 1. foundation: `error`, `text_checks`, `text_enum`, `words`, `dates`, `paths`, `logging`, `files`, `display`, `charts`
//! 2. storage: `storage`, `audit`, `backup`
//! 3. records: `roles`, `members`, `current_user`, `roles::profiles`, `meeting_record`,
//!    `attendance`, `cases`, `person`, `discussions`, `agreement`, `actions`, `referrals`, `directory`, `supervision`, `agenda`, `labels`, `escalations`, `search`, `history`, `outcomes`
//! 4. rules: `guidance`, `roles::summaries`, `reviews`
//! 5. lifecycle: `meetings`, `teach_ins`, `dashboard`
//! 6. reports and bundles: `reports`, `bundle`, `case_import`, `directory_csv`, `sample`
//! 7. the CLI: `src/cli/` (its own crate, a file per group of commands, using the library from outside)
//!
//! The records are one module per table or concept, each with its queries and its audit
//! entries; the rules read records and decide (guidance, role summaries); the lifecycle changes
//! a meeting or a teach-in as a whole; reports, bundles and sample data read or write whole
//! meetings.

pub mod actions;
pub mod agenda;
pub mod agreement;
pub mod attendance;
pub mod audit;
pub mod backup;
pub mod bundle;
pub mod case_import;
pub mod cases;
pub mod charts;
pub mod current_user;
pub mod dashboard;
pub mod dates;
pub mod directory;
pub mod directory_csv;
pub mod discussions;
pub mod display;
pub mod error;
pub mod escalations;
pub mod guidance;
pub mod history;
pub mod labels;
pub mod files;
pub mod logging;
pub mod meeting_record;
pub mod meetings;
pub mod members;
pub mod outcomes;
pub mod paths;
pub mod person;
pub mod referrals;
pub mod reports;
pub mod reviews;
pub mod sample;
pub mod roles;
pub mod search;
pub mod storage;
pub mod supervision;
pub mod teach_ins;
mod text_checks;
mod text_enum;
pub mod words;

pub use error::{Error, ErrorCode, ErrorPayload, Result};
pub use storage::Store;
