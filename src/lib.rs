//! MDT Assistant core: everything the desktop app and the `mdt` CLI share.
//!
//! One module per concept. Nothing here knows about Tauri, so all of it is tested with
//! plain `cargo test`.

pub mod actions;
pub mod agenda;
pub mod attendance;
pub mod audit;
pub mod backup;
pub mod bundle;
pub mod case_import;
pub mod cases;
pub mod current_user;
pub mod dates;
pub mod demo;
pub mod discussions;
pub mod generate;
pub mod error;
pub mod guidance;
pub mod labels;
pub mod files;
pub mod logging;
pub mod meetings;
pub mod members;
pub mod paths;
pub mod reports;
pub mod role_profiles;
pub mod role_summaries;
pub mod roles;
pub mod search;
pub mod storage;
pub mod teach_ins;
mod text_checks;
mod text_enum;
pub mod words;

pub use error::{Error, ErrorCode, ErrorPayload, Result};
pub use storage::Store;
