//! Where the database and logs live.

use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// Environment variable that overrides the default database path (after `--db`).
pub const DB_ENV: &str = "MDT_DB";

const DB_FILE_NAME: &str = "mdt.sqlite3";

/// The platform data folder, e.g. `~/.local/share/mdt-assistant` on Linux.
pub fn default_data_dir() -> Result<PathBuf> {
    directories::ProjectDirs::from("", "", "mdt-assistant")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or_else(|| Error::Io {
            path: PathBuf::from("~"),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no home folder is set, so there is no default place for the database; pass --db PATH",
            ),
        })
}

/// The database to use: an explicit path (from `--db` or `MDT_DB`, which clap merges) or the default.
pub fn resolve_db_path(explicit: Option<PathBuf>) -> Result<PathBuf> {
    match explicit {
        Some(path) => Ok(path),
        None => Ok(default_data_dir()?.join(DB_FILE_NAME)),
    }
}

/// Logs sit in a `logs` folder beside the database, so a test database keeps its own logs.
pub fn log_dir_for(db_path: &Path) -> PathBuf {
    db_path.parent().unwrap_or(Path::new(".")).join("logs")
}
