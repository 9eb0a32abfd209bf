//! The `mdt` CLI as the tests run it: on the given database file, with nothing from the
//! environment (`MDT_DB`, `RUST_LOG`) changing what it does.

use std::path::Path;

use assert_cmd::Command;

/// `mdt --db DB`, ready for more arguments.
pub fn mdt(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("mdt").unwrap();
    cmd.arg("--db").arg(db).env_remove("MDT_DB").env_remove("RUST_LOG");
    cmd
}

/// A new database filled by `mdt demo`, in a folder removed when the first value is dropped.
#[allow(dead_code)]
pub fn demo_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    mdt(&db).arg("demo").assert().success();
    (dir, db)
}
