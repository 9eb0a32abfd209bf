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
