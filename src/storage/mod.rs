//! The SQLite store: one file, opened with the same pragmas everywhere, migrated in one
//! transaction, and refused (untouched) when a newer version of the app wrote it.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

use include_dir::{Dir, include_dir};
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior};
use rusqlite_migration::Migrations;
use serde::Serialize;
use tracing::{info, instrument};


use crate::{Error, Result};

static MIGRATIONS_DIR: Dir = include_dir!("$CARGO_MANIFEST_DIR/src/storage/migrations");

static MIGRATIONS: LazyLock<Migrations<'static>> =
    LazyLock::new(|| Migrations::from_directory(&MIGRATIONS_DIR).expect("migration files are well formed"));

/// The schema version this build writes and understands.
pub fn schema_version() -> i64 {
    MIGRATIONS_DIR.dirs().count() as i64
}

/// Brings a database up (or down) to schema `version` (the number of migrations applied), one
/// migration at a time. For tests that check how a migration treats what an older version of the
/// app wrote; the app itself opens databases with [`Store::open`], which always goes to the latest.
pub fn migrate_to(conn: &mut Connection, version: usize) -> Result<()> {
    MIGRATIONS.to_version(conn, version)?;
    Ok(())
}

/// Every migration's SQL, in order: what a database made by this build was made with (the
/// benchmarks name their generated dataset after it).
pub fn schema_sql() -> String {
    let mut dirs: Vec<_> = MIGRATIONS_DIR.dirs().collect();
    dirs.sort_by_key(|d| d.path());
    dirs.iter()
        .filter_map(|d| d.get_file(d.path().join("up.sql")).and_then(|f| f.contents_utf8()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// How long a write waits for another connection's lock before reporting [`Error::Busy`].
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// An open database plus who the audit log names for changes made through it.
pub struct Store {
    conn: Connection,
    actor: Actor,
    /// The computer's user name: the name recorded while nobody is chosen.
    computer_user: String,
    path: Option<PathBuf>,
    checkpointer: Option<Checkpointer>,
}

/// Who the audit log, amendments and exports name for changes made through a [`Store`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// This name, as given: the computer's user name (the default), a roster name given to the
    /// CLI with `--as`, the demo data's own name, a test's.
    Named(String),
    /// The team member chosen in this database as the person using the app
    /// ([`crate::current_user`]), by their name on the roster at the time of each change; the
    /// computer's user name while nobody on the roster is chosen. The app works this way.
    Chosen,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    #[instrument(err)]
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| open_error(path, e))?;
        let store = Store::prepare(conn, Some(path.to_path_buf()))?;
        info!(path = %path.display(), version = schema_version(), "database open");
        Ok(store)
    }

    /// A private in-memory database, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Store::prepare(Connection::open_in_memory()?, None)
    }

    fn prepare(mut conn: Connection, path: Option<PathBuf>) -> Result<Store> {
        let not_a_db = |e: rusqlite::Error| match &path {
            Some(p) => open_error(p, e),
            None => Error::from(e),
        };
        // Read the version before anything writes to the file: a newer database is left untouched.
        let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(not_a_db)?;
        if found > schema_version() {
            return Err(Error::SchemaTooNew { found, supported: schema_version() });
        }
        let read_only = |e: Error| match (&e, &path) {
            (Error::ReadOnly { .. }, Some(p)) => Error::ReadOnly { path: p.clone() },
            (Error::Io { .. } | Error::Database(_), Some(p)) if read_only_place(p) => Error::ReadOnly { path: p.clone() },
            _ => e,
        };
        configure(&conn).map_err(read_only)?;
        MIGRATIONS.to_latest(&mut conn).map_err(|e| read_only(Error::from(e)))?;
        let computer_user = computer_user();
        Ok(Store { conn, actor: Actor::Named(computer_user.clone()), computer_user, path, checkpointer: None })
    }

    /// Read access. Writes go through [`Store::write`].
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The name the audit log records for a change made now.
    pub fn actor(&self) -> Result<String> {
        resolve_actor(&self.conn, &self.actor, &self.computer_user)
    }

    /// The computer's user name, recorded while nobody on the roster is chosen.
    pub fn computer_user(&self) -> &str {
        &self.computer_user
    }

    /// Records `actor` as the name of whoever makes the changes from now on.
    pub fn set_actor(&mut self, actor: impl Into<String>) {
        self.actor = Actor::Named(actor.into());
    }

    /// From now on, names the person chosen in this database at each change (see [`Actor::Chosen`]).
    pub fn follow_chosen_user(&mut self) {
        self.actor = Actor::Chosen;
    }

    /// Runs `f` with every change it makes recorded under `actor`, then goes back to naming
    /// whoever it named before, whether `f` succeeded or not.
    pub fn acting_as<T>(&mut self, actor: &str, f: impl FnOnce(&mut Store) -> T) -> T {
        let before = std::mem::replace(&mut self.actor, Actor::Named(actor.to_string()));
        let value = f(self);
        self.actor = before;
        value
    }

    /// Runs `f` in one IMMEDIATE transaction: all of its writes (and their audit entries)
    /// commit together or not at all. `f` is given the name to record as who made them.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>, &str) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let actor = resolve_actor(&tx, &self.actor, &self.computer_user)?;
        let value = f(&tx, &actor)?;
        tx.commit()?;
        Ok(value)
    }

    /// Moves copying the write-ahead log into the database off the commit path, onto a
    /// background thread with its own connection (the app does this; the CLI does not need to).
    /// Otherwise the commit that fills the log past 1,000 pages does the copy and its fsync
    /// itself, and that one autosave takes many times longer than the others.
    pub fn checkpoint_in_background(&mut self) -> Result<()> {
        let Some(path) = &self.path else { return Ok(()) };
        self.checkpointer = Some(Checkpointer::start(path)?);
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        Ok(())
    }

    /// SQLite's own integrity check plus the schema version check.
    #[instrument(skip(self))]
    pub fn check(&self) -> Result<CheckReport> {
        check_connection(&self.conn)
    }

    /// Replaces this database's contents with the database in `source` (SQLite's backup API, in
    /// one step under its lock), then brings the schema up to date.
    pub(crate) fn restore_from(&mut self, source: &Path) -> Result<()> {
        self.conn.restore(rusqlite::MAIN_DB, source, None::<fn(rusqlite::backup::Progress)>)?;
        configure(&self.conn)?;
        MIGRATIONS.to_latest(&mut self.conn)?;
        Ok(())
    }
}

/// Copies the write-ahead log into the database every couple of seconds, on its own thread and
/// connection, so that saves never wait for it (see [`Store::checkpoint_in_background`]).
/// PASSIVE: it never waits for, nor blocks, readers and writers. Stops when dropped.
struct Checkpointer {
    stop: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// How often the background checkpoint runs. Well inside SQLite's own 1,000 pages at typing speed.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(2);

impl Checkpointer {
    fn start(path: &Path) -> Result<Checkpointer> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| open_error(path, e))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("wal-checkpoint".into())
            .spawn(move || {
                while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(CHECKPOINT_EVERY) {
                    if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                        tracing::warn!(error = %e, "background checkpoint failed; trying again shortly");
                    }
                }
            })
            .map_err(|e| Error::Internal(format!("starting the checkpoint thread: {e}")))?;
        Ok(Checkpointer { stop: Some(stop), thread: Some(thread) })
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The integrity, foreign-key and schema-version check of any connection.
pub fn check_connection(conn: &Connection) -> Result<CheckReport> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let integrity = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    let foreign_key_problems: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok(CheckReport {
        integrity_ok: integrity == ["ok"],
        integrity,
        foreign_key_problems,
        schema_version: found,
        supported_version: schema_version(),
    })
}

/// Result of [`Store::check`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    pub integrity_ok: bool,
    pub integrity: Vec<String>,
    pub foreign_key_problems: i64,
    pub schema_version: i64,
    pub supported_version: i64,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.integrity_ok && self.foreign_key_problems == 0 && self.schema_version == self.supported_version
    }
}

/// Pragmas every connection gets.
///
/// `synchronous = FULL` in WAL mode syncs the log at every commit, so a write the app
/// reported as saved survives the app being killed *and* the machine losing power.
/// NORMAL would survive an app crash but could drop the last commits on power loss;
/// for clinical minutes we pay the extra fsync.
fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if mode != "wal" && mode != "memory" {
        tracing::warn!(mode, "WAL journal mode not available; continuing with {mode}");
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    // Room for every statement one read uses: rusqlite keeps 16 by default, and the minutes of a
    // big meeting use more than that in turn, so each was compiled again every time round.
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(())
}

/// Prepared statements kept per connection (each a few kilobytes).
const STATEMENT_CACHE: usize = 128;

fn open_error(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::NotADatabase | C::DatabaseCorrupt) => Error::NotADatabase { path: path.to_path_buf() },
        Some(C::ReadOnly | C::PermissionDenied) => Error::ReadOnly { path: path.to_path_buf() },
        Some(C::CannotOpen) if read_only_place(path) => Error::ReadOnly { path: path.to_path_buf() },
        Some(C::CannotOpen) => Error::Io { path: path.to_path_buf(), source: std::io::Error::other(e.to_string()) },
        _ => Error::from(e),
    }
}

/// Whether the database's folder refuses writes (read-only mount or permissions).
fn read_only_place(path: &Path) -> bool {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let probe = dir.join(format!(".mdt-write-check-{}", std::process::id()));
    match std::fs::write(&probe, b"") {
        Ok(()) => {
            let _ = std::fs::remove_file(&probe);
            false
        }
        Err(e) => matches!(e.kind(), std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied),
    }
}

/// The settings key under which the member chosen as the person using the app is kept
/// ([`crate::current_user`]).
pub(crate) const CHOSEN_MEMBER_SETTING: &str = "current_user.member_id";

/// The roster name of the member chosen in this database, if they are still on the roster.
pub(crate) fn chosen_member_name(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT m.name FROM settings s JOIN team_members m ON m.id = CAST(s.value AS INTEGER) WHERE s.key = ?1",
        )?
        .query_row([CHOSEN_MEMBER_SETTING], |r| r.get(0))
        .optional()?)
}

fn resolve_actor(conn: &Connection, actor: &Actor, computer_user: &str) -> Result<String> {
    Ok(match actor {
        Actor::Named(name) => name.clone(),
        Actor::Chosen => chosen_member_name(conn)?.unwrap_or_else(|| computer_user.to_string()),
    })
}

/// The computer's user name, the audit log's name for changes made before anyone is chosen from
/// the roster: the login name from the environment, or else the account's name in the system's
/// user database (a program started without a login shell, e.g. by a desktop launcher or a test
/// driver, may have no USER), and only if neither is known, "unknown user".
fn computer_user() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .into_iter()
        .filter_map(|key| std::env::var(key).ok())
        .map(|name| name.trim().to_string())
        .find(|name| !name.is_empty())
        .or_else(account_name)
        .unwrap_or_else(|| "unknown user".into())
}

#[cfg(unix)]
fn account_name() -> Option<String> {
    let mut buffer = vec![0 as libc::c_char; 4096];
    // SAFETY: `passwd` is plain data that getpwuid_r fills in; `buffer` outlives every pointer
    // it sets, and its length is what we pass. The name is copied out before `buffer` is dropped.
    unsafe {
        let mut entry: libc::passwd = std::mem::zeroed();
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        let status = libc::getpwuid_r(libc::getuid(), &mut entry, buffer.as_mut_ptr(), buffer.len(), &mut found);
        if status != 0 || found.is_null() || entry.pw_name.is_null() {
            return None;
        }
        let name = std::ffi::CStr::from_ptr(entry.pw_name).to_string_lossy().trim().to_string();
        (!name.is_empty()).then_some(name)
    }
}

#[cfg(not(unix))]
fn account_name() -> Option<String> {
    None
}

/// Runs `read` in one read transaction when the connection is not in one already, so what it
/// reads is one snapshot of the database (a report never mixes a colleague's save half-way
/// through it) and SQLite takes its file lock once rather than for every query. Nothing is
/// written: the transaction is rolled back when `read` returns.
pub fn read_snapshot<T>(conn: &Connection, read: impl FnOnce() -> Result<T>) -> Result<T> {
    if !conn.is_autocommit() {
        return read();
    }
    let snapshot = conn.unchecked_transaction()?;
    let result = read();
    drop(snapshot);
    result
}

/// Now, as stored in audit timestamps (UTC, RFC 3339, seconds).
pub fn now_utc() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        MIGRATIONS.validate().unwrap();
    }

    #[test]
    fn the_schema_sql_holds_every_migration_in_order() {
        let sql = schema_sql();
        let first = sql.find("CREATE TABLE roles").unwrap();
        let later = sql.find("CREATE TABLE draft_edit_spells").unwrap();
        assert!(first < later);
    }

    #[test]
    fn in_memory_store_is_at_latest_version_with_foreign_keys_on() {
        let store = Store::open_in_memory().unwrap();
        let fk: i64 = store.conn().query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
        assert!(store.check().unwrap().is_ok());
    }

    #[test]
    fn background_checkpoints_copy_commits_into_the_database_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mdt.sqlite3");
        let mut store = Store::open(&path).unwrap();
        store.checkpoint_in_background().unwrap();
        let auto: i64 = store.conn().query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0)).unwrap();
        assert_eq!(auto, 0, "commits no longer checkpoint");
        for i in 0..50 {
            store.write(|tx, _| Ok(tx.execute("INSERT INTO settings (key, value) VALUES (?1, 'x')", [i.to_string()])?)).unwrap();
        }
        // The database file alone (without its log) has the rows once the checkpointer has run.
        let copy = dir.path().join("copy.sqlite3");
        let mut found = 0;
        for _ in 0..40 {
            std::thread::sleep(Duration::from_millis(250));
            std::fs::copy(&path, &copy).unwrap();
            // A copy taken mid-checkpoint may not open cleanly; the next one will.
            found = Connection::open(&copy).and_then(|c| c.query_row("SELECT count(*) FROM settings", [], |r| r.get(0))).unwrap_or(0);
            if found == 50 {
                break;
            }
        }
        assert_eq!(found, 50);
        drop(store);
    }

    #[cfg(unix)]
    #[test]
    fn the_computers_user_name_is_found_in_the_account_database_without_the_environment() {
        let name = account_name().expect("the account running the tests has a name");
        let id = std::process::Command::new("id").arg("-un").output().unwrap();
        assert_eq!(name, String::from_utf8(id.stdout).unwrap().trim());
        assert!(!computer_user().is_empty());
    }

    #[test]
    fn acting_as_names_someone_else_for_a_while_then_whoever_was_named_before() {
        let mut store = Store::open_in_memory().unwrap();
        store.set_actor("chair@test");
        let inside = store.acting_as("demo", |s| s.actor().unwrap());
        assert_eq!(inside, "demo");
        assert_eq!(store.actor().unwrap(), "chair@test");
        store.follow_chosen_user();
        let failed: Result<()> = store.acting_as("demo", |_| Err(Error::Conflict("stop".into())));
        assert!(failed.is_err());
        assert_eq!(store.actor, Actor::Chosen, "back to following the choice after a failure too");
    }

    #[test]
    fn write_rolls_back_everything_on_error() {
        let mut store = Store::open_in_memory().unwrap();
        let result: Result<()> = store.write(|tx, _| {
            tx.execute("INSERT INTO settings (key, value) VALUES ('a', '1')", [])?;
            Err(Error::Conflict("stop".into()))
        });
        assert!(result.is_err());
        let n: i64 = store.conn().query_row("SELECT count(*) FROM settings", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 0);
    }
}
