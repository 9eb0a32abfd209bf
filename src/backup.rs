//! Backups with SQLite's online backup API: automatic daily copies kept in rotation, manual
//! backups, a checked restore that keeps the current database as a backup first, and recovery
//! from a damaged file that never overwrites it.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, MAIN_DB, OpenFlags};
use serde::Serialize;
use tracing::{info, instrument, warn};
use ts_rs::TS;

use crate::storage::{self, CheckReport};
use crate::{Error, ErrorPayload, Result, Store};

/// How many daily backups to keep, and how many weekly ones beyond them.
const KEEP_DAILY: usize = 7;
const KEEP_WEEKLY: usize = 4;
const DAILY_PREFIX: &str = "mdt-daily-";
const SETTING: &str = "backup_dir";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupFile {
    pub path: String,
    pub file_name: String,
    /// The day an automatic backup was taken (from its name); empty for other files.
    pub day: String,
    pub size_bytes: i64,
}

/// The backup folder and what is in it, for the Backups screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupFolder {
    pub dir: String,
    pub files: Vec<BackupFile>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }
}

/// Where backups go: the folder the team chose, or `backups/` beside the database.
pub fn dir(store: &Store) -> Result<PathBuf> {
    let chosen: Option<String> = store
        .conn()
        .query_row("SELECT value FROM settings WHERE key = ?1", [SETTING], |r| r.get(0))
        .ok();
    Ok(match chosen {
        Some(dir) => PathBuf::from(dir),
        None => default_dir(store.path().unwrap_or(Path::new("mdt.sqlite3"))),
    })
}

pub fn default_dir(db_path: &Path) -> PathBuf {
    db_path.parent().unwrap_or(Path::new(".")).join("backups")
}

/// Changes the backup folder, after checking it can be written to.
#[instrument(skip(store), err)]
pub fn set_dir(store: &mut Store, dir: &Path) -> Result<PathBuf> {
    if !dir.is_absolute() {
        return Err(Error::invalid("backupDir", "Give the full path of the folder, e.g. /home/you/Documents/MDT backups."));
    }
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let probe = dir.join(".mdt-write-check");
    std::fs::write(&probe, b"ok").map_err(io(dir))?;
    let _ = std::fs::remove_file(&probe);
    let value = dir.display().to_string();
    store.write(|tx, _| {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [SETTING, value.as_str()],
        )?;
        Ok(())
    })?;
    Ok(dir.to_path_buf())
}

/// Copies the open database to `dest` (written beside it under a temporary name, checked, then
/// renamed, so `dest` is either the old file or a complete new copy).
pub fn copy_to(conn: &Connection, dest: &Path) -> Result<()> {
    copy_to_with_progress(conn, dest, &mut |_| {})
}

/// Where a backup has got to, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Copied { pages: u64, total: u64 },
    /// Copying is done and the copy is being checked.
    Checking,
}

/// Pages copied at a time: about 4 MB, so a progress report comes several times a second.
const PAGES_PER_STEP: i32 = 1024;

/// [`copy_to`], reporting progress as it goes.
#[instrument(skip(conn, progress), err)]
pub fn copy_to_with_progress(conn: &Connection, dest: &Path, progress: &mut dyn FnMut(Step)) -> Result<()> {
    if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let partial = dest.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    copy_pages(conn, &partial, progress).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => Error::Io { path: dest.to_path_buf(), source: std::io::Error::other("the disk is full") },
            _ => Error::from(e),
        }
    })?;
    progress(Step::Checking);
    let report = check_file(&partial)?;
    if !report.integrity_ok {
        let _ = std::fs::remove_file(&partial);
        return Err(Error::Conflict(format!("The backup copy failed its check ({}); nothing was replaced.", report.integrity.join("; "))));
    }
    std::fs::rename(&partial, dest).map_err(io(dest))?;
    Ok(())
}

/// SQLite's online backup, a step at a time.
fn copy_pages(conn: &Connection, to: &Path, progress: &mut dyn FnMut(Step)) -> rusqlite::Result<()> {
    use rusqlite::backup::{Backup, StepResult};
    let mut dest = Connection::open(to)?;
    let backup = Backup::new_with_names(conn, MAIN_DB, &mut dest, MAIN_DB)?;
    loop {
        let step = backup.step(PAGES_PER_STEP)?;
        let p = backup.progress();
        let total = u64::try_from(p.pagecount).unwrap_or(0);
        progress(Step::Copied { pages: total.saturating_sub(u64::try_from(p.remaining).unwrap_or(0)), total });
        match step {
            StepResult::More => continue,
            StepResult::Done => return Ok(()),
            StepResult::Busy => return Err(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY), None)),
            StepResult::Locked => return Err(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_LOCKED), None)),
            _ => return Err(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ERROR), None)),
        }
    }
}

/// Opens a file read-only and checks it is a sound MDT Assistant database this version can use.
pub fn check_file(path: &Path) -> Result<CheckReport> {
    if !path.is_file() {
        return Err(Error::Io { path: path.to_path_buf(), source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file") });
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|_| Error::NotADatabase { path: path.to_path_buf() })?;
    let report = storage::check_connection(&conn).map_err(|e| match e {
        Error::Database(_) => Error::NotADatabase { path: path.to_path_buf() },
        other => other,
    })?;
    if report.schema_version > report.supported_version {
        return Err(Error::SchemaTooNew { found: report.schema_version, supported: report.supported_version });
    }
    if report.schema_version == 0 {
        return Err(Error::NotADatabase { path: path.to_path_buf() });
    }
    Ok(report)
}

/// Takes today's automatic backup if there is none yet, then prunes old ones.
/// Reads through its own connection, so the app keeps working while it runs.
#[instrument(err)]
pub fn daily(db_path: &Path, dir: &Path, today: NaiveDate) -> Result<Option<PathBuf>> {
    if daily_path(dir, today).exists() {
        return Ok(None);
    }
    now(db_path, dir, today).map(Some)
}

fn daily_path(dir: &Path, day: NaiveDate) -> PathBuf {
    dir.join(format!("{DAILY_PREFIX}{}.sqlite3", day.format("%Y-%m-%d")))
}

/// Takes (or replaces) today's backup now, then prunes old ones.
#[instrument(err)]
pub fn now(db_path: &Path, dir: &Path, today: NaiveDate) -> Result<PathBuf> {
    let dest = daily_path(dir, today);
    let conn = Connection::open_with_flags(db_path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    // Never rotate good backups away for copies of a damaged database.
    let ok: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
    if ok != "ok" {
        warn!(problem = ok, "database failed its check; no backup taken");
        return Err(Error::NotADatabase { path: db_path.to_path_buf() });
    }
    copy_to(&conn, &dest)?;
    prune(dir)?;
    info!(path = %dest.display(), "backup taken");
    Ok(dest)
}

/// Automatic backups in `dir`, newest first. Other files are left alone.
pub fn list(dir: &Path) -> Result<Vec<BackupFile>> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(Vec::new()) };
    let mut files: Vec<BackupFile> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            let day = name.strip_prefix(DAILY_PREFIX)?.strip_suffix(".sqlite3")?.to_string();
            NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok()?;
            Some(BackupFile {
                path: e.path().display().to_string(),
                file_name: name,
                day,
                size_bytes: e.metadata().map(|m| m.len() as i64).unwrap_or(0),
            })
        })
        .collect();
    files.sort_by(|a, b| b.day.cmp(&a.day));
    Ok(files)
}

/// Keeps the newest seven daily backups, and beyond them the newest of each of four weeks.
pub fn prune(dir: &Path) -> Result<usize> {
    let files = list(dir)?;
    let mut weeks_kept: Vec<(i32, u32)> = Vec::new();
    let mut removed = 0;
    for (i, file) in files.iter().enumerate() {
        let day = NaiveDate::parse_from_str(&file.day, "%Y-%m-%d").expect("listed files have dates");
        let week = (day.iso_week().year(), day.iso_week().week());
        let keep = i < KEEP_DAILY || (!weeks_kept.contains(&week) && weeks_kept.len() < KEEP_WEEKLY);
        if i >= KEEP_DAILY && keep {
            weeks_kept.push(week);
        }
        if !keep {
            std::fs::remove_file(&file.path).map_err(io(Path::new(&file.path)))?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// The newest automatic backup that passes its check.
pub fn newest_good(dir: &Path) -> Option<BackupFile> {
    list(dir).ok()?.into_iter().find(|f| check_file(Path::new(&f.path)).is_ok_and(|r| r.is_ok()))
}

/// Replaces the open database's contents with `source`, after checking it and keeping the
/// current database as a backup. Returns where that safety copy went.
#[instrument(skip(store), err)]
pub fn restore(store: &mut Store, source: &Path) -> Result<PathBuf> {
    let report = check_file(source)?;
    if !report.integrity_ok {
        return Err(Error::NotADatabase { path: source.to_path_buf() });
    }
    let safety = dir(store)?.join(format!("mdt-before-restore-{}.sqlite3", chrono::Local::now().format("%Y-%m-%dT%H-%M-%S")));
    copy_to(store.conn(), &safety)?;
    store.restore_from(source)?;
    audit_restore(store, source)?;
    Ok(safety)
}

fn audit_restore(store: &mut Store, source: &Path) -> Result<()> {
    let from = source.display().to_string();
    store.write(|tx, actor| {
        crate::audit::record(
            tx,
            actor,
            crate::audit::Change { entity: crate::audit::AuditEntity::Database, entity_id: 0, action: crate::audit::AuditAction::Restore, before: None, after: Some(&from) },
        )
    })
}

/// Puts a good backup in place of a damaged database file. The damaged file is renamed, not
/// overwritten, so nothing in it is lost. Returns the damaged file's new name.
#[instrument(err)]
pub fn recover(db_path: &Path, backup: &Path) -> Result<PathBuf> {
    // check_file refuses newer schemas; an older one is brought up to date when opened.
    if !check_file(backup)?.integrity_ok {
        return Err(Error::NotADatabase { path: backup.to_path_buf() });
    }
    let kept = db_path.with_extension(format!("damaged-{}.sqlite3", chrono::Local::now().format("%Y-%m-%dT%H-%M-%S")));
    if db_path.exists() {
        std::fs::rename(db_path, &kept).map_err(io(db_path))?;
    }
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", db_path.display()));
        if side.exists() {
            std::fs::rename(&side, PathBuf::from(format!("{}{suffix}", kept.display()))).map_err(io(&side))?;
        }
    }
    let partial = db_path.with_extension("restoring");
    std::fs::copy(backup, &partial).map_err(io(backup))?;
    std::fs::rename(&partial, db_path).map_err(io(db_path))?;
    Ok(kept)
}

/// Which database the app has open, for the status line and for error screens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseStatus {
    pub path: String,
    pub app_version: String,
    pub schema_version: i64,
    /// Why the database could not be opened; the app shows this instead of its screens.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<ErrorPayload>,
    /// When the database is damaged: the newest backup that passes its check.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery: Option<BackupFile>,
}

impl DatabaseStatus {
    pub fn new(path: &Path, problem: Option<ErrorPayload>) -> Self {
        DatabaseStatus {
            path: path.display().to_string(),
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            schema_version: crate::storage::schema_version(),
            problem,
            recovery: None,
        }
    }
}
