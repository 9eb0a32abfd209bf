//! A full disk, a read-only folder and a locked database give clear errors and lose nothing
//! already committed. The disk tests mount a real 2 MB tmpfs and a read-only bind mount, which
//! needs root (as in CI); elsewhere they say so and stop.

use std::path::Path;
use std::process::Command;

use mdt::members::{self, MemberInput};
use mdt::{ErrorCode, Store};

fn mount(args: &[&str]) -> bool {
    Command::new("mount").args(args).status().is_ok_and(|s| s.success())
}

fn unmount(dir: &Path) {
    let _ = Command::new("umount").arg(dir).status();
}

fn add(store: &mut Store, name: &str) -> mdt::Result<()> {
    let input = MemberInput { name: name.into(), role_key: "ot".into(), organisation: "x".repeat(250), ..Default::default() };
    members::create(store, &input).map(|_| ())
}

#[test]
fn a_full_disk_refuses_the_change_clearly_and_keeps_everything_committed() {
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("small-disk");
    std::fs::create_dir(&mnt).unwrap();
    if !mount(&["-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt.to_str().unwrap()]) {
        eprintln!("not run: mounting a tmpfs needs root");
        return;
    }
    let db = mnt.join("mdt.sqlite3");
    let outcome = std::panic::catch_unwind(|| {
        let mut store = Store::open(&db).unwrap();
        let mut saved = 0;
        let err = loop {
            match add(&mut store, &format!("Member {saved}")) {
                Ok(()) => saved += 1,
                Err(e) => break e,
            }
            assert!(saved < 100_000, "the disk never filled");
        };
        assert_eq!(err.code(), ErrorCode::DiskFull, "{err:?}");
        assert!(err.to_string().contains("disk holding the database is full"));
        drop(store);
        let store = Store::open(&db).unwrap();
        assert_eq!(members::list(store.conn()).unwrap().len(), saved, "every committed member is still there");
        assert!(store.check().unwrap().integrity_ok);
        saved
    });
    unmount(&mnt);
    assert!(outcome.unwrap() > 10);
}

#[test]
fn a_read_only_folder_is_reported_and_the_database_is_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("team");
    let db = folder.join("mdt.sqlite3");
    {
        let mut store = Store::open(&db).unwrap();
        add(&mut store, "Written Before").unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let f = folder.to_str().unwrap();
    if !(mount(&["--bind", f, f]) && mount(&["-o", "remount,ro,bind", f])) {
        unmount(&folder);
        eprintln!("not run: a read-only bind mount needs root");
        return;
    }
    let outcome = std::panic::catch_unwind(|| {
        let err = Store::open(&db).err().expect("a read-only folder cannot take a database that writes");
        assert_eq!(err.code(), ErrorCode::ReadOnly, "{err:?}");
        assert!(err.to_string().contains("can only be read"), "{err}");
    });
    unmount(&folder);
    outcome.unwrap();
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert_eq!(members::list(Store::open(&db).unwrap().conn()).unwrap().len(), 1);
}

#[test]
fn a_database_locked_by_another_program_is_busy_not_broken() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mdt.sqlite3");
    let mut store = Store::open(&db).unwrap();
    add(&mut store, "Before Lock").unwrap();
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE; INSERT INTO settings (key, value) VALUES ('held', 'by another program');").unwrap();
    let err = add(&mut store, "During Lock").unwrap_err();
    assert_eq!(err.code(), ErrorCode::Busy, "{err:?}");
    assert!(err.to_string().contains("Wait a moment and try again"));
    other.execute_batch("ROLLBACK").unwrap();
    add(&mut store, "After Lock").unwrap();
    let names: Vec<_> = members::list(store.conn()).unwrap().into_iter().map(|m| m.name).collect();
    assert_eq!(names, ["After Lock", "Before Lock"]);
}
