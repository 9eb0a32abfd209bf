//! Opening databases: creation, pragmas, durability settings, newer and damaged files.

use mdt::{Error, ErrorCode, Store, storage};

#[test]
fn creates_the_file_and_its_folders_on_first_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/mdt.sqlite3");
    let store = Store::open(&path).unwrap();
    assert!(path.exists());
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(report.schema_version, storage::schema_version());
}

#[test]
fn every_connection_gets_wal_foreign_keys_full_sync_and_busy_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db.sqlite3")).unwrap();
    let c = store.conn();
    let get = |sql: &str| -> String { c.query_row(sql, [], |r| r.get::<_, rusqlite::types::Value>(0)).map(|v| format!("{v:?}")).unwrap() };
    assert_eq!(get("PRAGMA journal_mode"), r#"Text("wal")"#);
    assert_eq!(get("PRAGMA foreign_keys"), "Integer(1)");
    assert_eq!(get("PRAGMA synchronous"), "Integer(2)", "FULL");
    assert_eq!(get("PRAGMA busy_timeout"), "Integer(5000)");
}

#[test]
fn reopening_keeps_data_and_does_not_migrate_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    {
        let mut s = Store::open(&path).unwrap();
        s.write(|tx, _| Ok(tx.execute("INSERT INTO settings (key, value) VALUES ('k', 'v')", [])?)).unwrap();
    }
    let s = Store::open(&path).unwrap();
    let v: String = s.conn().query_row("SELECT value FROM settings WHERE key = 'k'", [], |r| r.get(0)).unwrap();
    assert_eq!(v, "v");
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.sqlite3");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 999;").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, Error::SchemaTooNew { found: 999, .. }), "{err:?}");
    assert_eq!(err.code(), ErrorCode::SchemaTooNew);
    assert!(err.to_string().contains("newer version"));
    assert_eq!(std::fs::read(&path).unwrap(), before, "file must not be changed");
    assert!(!dir.path().join("newer.sqlite3-wal").exists(), "no WAL switch on a refused file");
}

#[test]
fn a_file_that_is_not_a_database_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.sqlite3");
    let junk = b"These are not the minutes you are looking for. ".repeat(200);
    std::fs::write(&path, &junk).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert_eq!(err.code(), ErrorCode::NotADatabase, "{err:?}");
    assert_eq!(std::fs::read(&path).unwrap(), junk);
}

#[test]
fn the_audit_log_refuses_update_and_delete() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .write(|tx, _| {
            Ok(tx.execute(
                "INSERT INTO audit_log (at, actor, entity, entity_id, action) VALUES ('t', 'a', 'x', 1, 'create')",
                [],
            )?)
        })
        .unwrap();
    for sql in ["UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"] {
        let err = store.conn().execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
}

#[test]
fn a_read_snapshot_reads_in_one_transaction_and_leaves_the_connection_as_it_found_it() {
    let store = mdt::Store::open_in_memory().unwrap();
    let conn = store.conn();
    assert!(conn.is_autocommit());
    let inside = mdt::storage::read_snapshot(conn, || Ok(conn.is_autocommit())).unwrap();
    assert!(!inside, "the reads ran in a transaction");
    assert!(conn.is_autocommit(), "and it is over");
    let failed = mdt::storage::read_snapshot(conn, || -> mdt::Result<()> { Err(mdt::Error::Conflict("stop".into())) }).unwrap_err();
    assert_eq!(failed.to_string(), "stop");
    assert!(conn.is_autocommit(), "over after an error too");
    // Already in a transaction: it reads in that one, and leaves it open.
    conn.execute_batch("BEGIN").unwrap();
    mdt::storage::read_snapshot(conn, || Ok(())).unwrap();
    assert!(!conn.is_autocommit());
    conn.execute_batch("COMMIT").unwrap();
}
