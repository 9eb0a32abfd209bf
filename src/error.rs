//! Typed errors. Every error has a stable machine code (for the UI to branch on) and a
//! message a person can act on; together they cross to the frontend as [`ErrorPayload`].

use std::path::PathBuf;

use serde::Serialize;
use ts_rs::TS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input that cannot be stored as given. `field` names the form field to highlight.
    #[error("{message}")]
    Invalid { field: &'static str, message: String },

    /// A role profile (a shipped file or a team's edit) that does not follow `assets/roles/README.md`.
    /// `field` is spelled as in the TOML file, e.g. `referral.when`.
    #[error("{file}: `{field}` {message}")]
    BadProfile { file: String, field: String, message: String },

    #[error("{what} could not be found. It may have been removed; refresh the list and try again.")]
    NotFound { what: String },

    /// The change would break something the team relies on (e.g. removing an action owner).
    #[error("{0}")]
    Conflict(String),

    /// A save based on an older version of a record than the one saved: someone else (another
    /// window, another person) saved it in between. Reaches the window as a `conflict` on the
    /// field `version`, so it can fetch the saved copy and keep both texts for the person to merge.
    #[error("{what} was saved by someone else after you opened it, so your change was not saved over it. Both versions are kept: choose what to keep.")]
    Stale { what: String },

    #[error(
        "This database was written by a newer version of MDT Assistant (schema version {found}); \
         this version understands up to version {supported}. Install the newer version to open it. \
         The file has not been changed."
    )]
    SchemaTooNew { found: i64, supported: i64 },

    #[error("{} is not an MDT Assistant database, or it is damaged. It has not been changed.", path.display())]
    NotADatabase { path: PathBuf },

    #[error(
        "The database is busy: another program (or another copy of MDT Assistant) is writing to it. \
         Wait a moment and try again; nothing you saved earlier has been lost."
    )]
    Busy,

    #[error("Could not use {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },

    #[error("The disk holding the database is full, so this change was not saved. Everything saved before it is safe; free some space and try again.")]
    DiskFull,

    #[error("{} can only be read, not written (the folder or disk is read-only, or you lack permission). Nothing has been changed; move the database somewhere you can write, or ask IT.", path.display())]
    ReadOnly { path: PathBuf },

    #[error("The database could not be upgraded to this version's format, so it was left as it was: {0}")]
    Migration(#[from] rusqlite_migration::Error),

    #[error("Unexpected database error: {0}")]
    Database(rusqlite::Error),

    #[error("Something went wrong inside MDT Assistant ({0}). Work saved before this is safe; the log file has details.")]
    Internal(String),

    /// Rows of an imported file that cannot be used, each starting "line N: ". Nothing from
    /// the file was imported.
    #[error("{}", rows_message(.0))]
    ImportRows(Vec<String>),
}

/// How many row problems a message lists before summing up the rest: enough to fix a column
/// mistake in one go, short enough to read.
const ROWS_SHOWN: usize = 20;

fn rows_message(problems: &[String]) -> String {
    let mut text = format!(
        "Nothing was imported. Fix {} in the file and import it again:",
        if problems.len() == 1 { "this problem".to_string() } else { format!("these {} problems", problems.len()) }
    );
    for problem in problems.iter().take(ROWS_SHOWN) {
        text.push_str("\n  ");
        text.push_str(problem);
    }
    if problems.len() > ROWS_SHOWN {
        text.push_str(&format!("\n  ...and {} more.", problems.len() - ROWS_SHOWN));
    }
    text
}

/// Stable codes the frontend can switch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Invalid,
    BadProfile,
    NotFound,
    Conflict,
    SchemaTooNew,
    NotADatabase,
    Busy,
    Io,
    DiskFull,
    ReadOnly,
    Migration,
    Database,
    Internal,
    ImportRows,
}

/// What an error looks like to the frontend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ErrorPayload {
    pub code: ErrorCode,
    pub message: String,
    /// The form field the message is about, when there is one.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl Error {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Error::Invalid { field, message: message.into() }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Invalid { .. } => ErrorCode::Invalid,
            Error::BadProfile { .. } => ErrorCode::BadProfile,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Conflict(_) | Error::Stale { .. } => ErrorCode::Conflict,
            Error::SchemaTooNew { .. } => ErrorCode::SchemaTooNew,
            Error::NotADatabase { .. } => ErrorCode::NotADatabase,
            Error::Busy => ErrorCode::Busy,
            Error::Io { .. } => ErrorCode::Io,
            Error::DiskFull => ErrorCode::DiskFull,
            Error::ReadOnly { .. } => ErrorCode::ReadOnly,
            Error::Migration(_) => ErrorCode::Migration,
            Error::Database(_) => ErrorCode::Database,
            Error::Internal(_) => ErrorCode::Internal,
            Error::ImportRows(_) => ErrorCode::ImportRows,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => Error::Busy,
            Some(C::DiskFull) => Error::DiskFull,
            Some(C::ReadOnly) => Error::ReadOnly { path: PathBuf::from("The database") },
            // A rule the database keeps itself (finalised minutes, the append-only audit log): its
            // message is written for people, so it is passed on as a conflict.
            Some(C::ConstraintViolation) if is_trigger_refusal(&e) => match e {
                rusqlite::Error::SqliteFailure(_, Some(message)) => Error::Conflict(message),
                _ => Error::Database(e),
            },
            _ => Error::Database(e),
        }
    }
}

/// `RAISE(ABORT, ...)` from one of the schema's triggers.
fn is_trigger_refusal(e: &rusqlite::Error) -> bool {
    const SQLITE_CONSTRAINT_TRIGGER: std::ffi::c_int = 1811;
    matches!(e, rusqlite::Error::SqliteFailure(f, Some(_)) if f.extended_code == SQLITE_CONSTRAINT_TRIGGER)
}

impl From<&Error> for ErrorPayload {
    fn from(e: &Error) -> Self {
        let field = match e {
            Error::Invalid { field, .. } => Some((*field).to_string()),
            Error::BadProfile { field, .. } => Some(field.clone()),
            Error::Stale { .. } => Some("version".to_string()),
            _ => None,
        };
        ErrorPayload { code: e.code(), message: e.to_string(), field }
    }
}

impl From<Error> for ErrorPayload {
    fn from(e: Error) -> Self {
        ErrorPayload::from(&e)
    }
}
