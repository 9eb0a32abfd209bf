//! Backups: copies, rotation, checked restore with a safety copy, and recovery of a damaged file.


use std::path::Path;

use chrono::NaiveDate;
use mdt::audit::AuditEntity;
use mdt::members::{self, MemberInput};
use mdt::{ErrorCode, Store, backup};

fn member(store: &mut Store, name: &str) {
    members::create(store, &MemberInput { name: name.into(), role_key: "gp".into(), ..Default::default() }).unwrap();
}

fn names(store: &Store) -> Vec<String> {
    members::list(store.conn()).unwrap().into_iter().map(|m| m.name).collect()
}

fn day(d: &str) -> NaiveDate {
    NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()
}

#[test]
fn a_backup_is_a_checked_copy_and_restore_keeps_the_current_database() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("mdt.sqlite3")).unwrap();
    member(&mut store, "Before Backup");
    let copy = dir.path().join("copies/manual.sqlite3");
    backup::copy_to(store.conn(), &copy).unwrap();
    assert!(backup::check_file(&copy).unwrap().is_ok());

    member(&mut store, "After Backup");
    let safety = backup::restore(&mut store, &copy).unwrap();
    assert_eq!(names(&store), ["Before Backup"]);
    assert!(store.check().unwrap().is_ok());
    let kept = Store::open(&safety).unwrap();
    assert_eq!(names(&kept), ["After Backup", "Before Backup"], "the database as it was is a backup now");
    let history = mdt::history::entity(store.conn(), AuditEntity::Database, 0).unwrap();
    assert_eq!(history[0].action.as_str(), "restore");
}

#[test]
fn restore_refuses_a_newer_schema_a_damaged_file_and_a_missing_one_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("mdt.sqlite3")).unwrap();
    member(&mut store, "Stays Here");
    let newer = dir.path().join("newer.sqlite3");
    rusqlite::Connection::open(&newer).unwrap().execute_batch("CREATE TABLE t (x); PRAGMA user_version = 99;").unwrap();
    let junk = dir.path().join("junk.sqlite3");
    std::fs::write(&junk, b"not a database at all, just some words repeated ".repeat(100)).unwrap();

    assert_eq!(backup::restore(&mut store, &newer).unwrap_err().code(), ErrorCode::SchemaTooNew);
    assert_eq!(backup::restore(&mut store, &junk).unwrap_err().code(), ErrorCode::NotADatabase);
    assert_eq!(backup::restore(&mut store, &dir.path().join("nope.sqlite3")).unwrap_err().code(), ErrorCode::Io);
    assert_eq!(names(&store), ["Stays Here"]);
}

#[test]
fn daily_backups_rotate_keeping_seven_days_and_four_weeks() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mdt.sqlite3");
    let mut store = Store::open(&db).unwrap();
    member(&mut store, "Daily");
    let backups = dir.path().join("backups");
    let start = day("2026-01-01");
    for offset in 0..60 {
        backup::daily(&db, &backups, start + chrono::Duration::days(offset)).unwrap();
    }
    assert!(backup::daily(&db, &backups, day("2026-03-01")).unwrap().is_none(), "one a day");
    let kept: Vec<String> = backup::list(&backups).unwrap().into_iter().map(|f| f.day).collect();
    assert_eq!(kept.len(), 11, "{kept:?}");
    assert_eq!(kept[0], "2026-03-01");
    assert_eq!(kept[6], "2026-02-23", "seven most recent days");
    let weekly: Vec<NaiveDate> = kept[7..].iter().map(|d| day(d)).collect();
    for pair in weekly.windows(2) {
        assert_eq!((pair[0] - pair[1]).num_days(), 7, "one per week beyond the dailies: {kept:?}");
    }
    assert_eq!(backup::newest_good(&backups).unwrap().day, "2026-03-01");
}

#[test]
fn a_damaged_database_is_set_aside_not_overwritten_and_the_backup_put_in_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mdt.sqlite3");
    let backups = dir.path().join("backups");
    {
        let mut store = Store::open(&db).unwrap();
        member(&mut store, "In The Backup");
    }
    backup::daily(&db, &backups, day("2026-05-01")).unwrap();
    let damaged = b"SQLite format 3\0 and then the rest of the file was lost".to_vec();
    std::fs::write(&db, &damaged).unwrap();
    assert_eq!(Store::open(&db).err().unwrap().code(), ErrorCode::NotADatabase);

    let good = backup::newest_good(&backups).unwrap();
    let kept = backup::recover(&db, Path::new(&good.path)).unwrap();
    assert_eq!(std::fs::read(&kept).unwrap(), damaged, "the damaged file is kept, byte for byte");
    assert_eq!(names(&Store::open(&db).unwrap()), ["In The Backup"]);
}

#[test]
fn the_backup_folder_must_be_a_writable_absolute_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("mdt.sqlite3")).unwrap();
    assert_eq!(backup::dir(&store).unwrap(), dir.path().join("backups"));
    assert_eq!(backup::set_dir(&mut store, Path::new("relative/folder")).unwrap_err().code(), ErrorCode::Invalid);
    let chosen = dir.path().join("elsewhere");
    backup::set_dir(&mut store, &chosen).unwrap();
    assert_eq!(backup::dir(&store).unwrap(), chosen);
}
