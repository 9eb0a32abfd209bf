//! Crash safety, proven: a child process writes in a loop and is killed with SIGKILL at random
//! moments; after each kill the database must pass its integrity check and hold every write the
//! child reported as committed, whole.
//!
//! Short form (run by `make test`): 50 kills. Long form:
//! `cargo build --example crash_writer && MDT_CRASH_KILLS=1000 cargo test --test crash -- --nocapture`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mdt::Store;

fn writer() -> PathBuf {
    let deps = std::env::current_exe().unwrap().parent().unwrap().to_path_buf();
    let path = deps.parent().unwrap().join("examples/crash_writer");
    assert!(path.exists(), "build the example first: cargo build --example crash_writer ({})", path.display());
    path
}

/// A small deterministic generator, so a failing run can be repeated.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

/// Runs the writer until killed after `delay`; returns the lines it reported as committed.
fn run_and_kill(writer: &Path, db: &Path, seed: u64, delay: Duration) -> Vec<String> {
    let mut child = Command::new(writer).arg(db).arg(seed.to_string()).stdout(Stdio::piped()).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || BufReader::new(stdout).lines().map_while(Result::ok).collect::<Vec<_>>());
    let started = Instant::now();
    while started.elapsed() < delay {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().ok(); // SIGKILL on Unix: no destructors, no flush, no rollback.
    child.wait().unwrap();
    reader.join().unwrap()
}

fn check_committed(store: &Store, line: &str) {
    let (kind, rest) = line.split_once(' ').unwrap();
    let (id, text) = rest.split_once(' ').unwrap();
    let id: i64 = id.parse().unwrap();
    let c = store.conn();
    let one = |sql: &str| c.query_row(sql, [id], |r| r.get::<_, String>(0)).unwrap_or_else(|e| panic!("{line}: {e}"));
    match kind {
        "meeting" => assert_eq!(one("SELECT title FROM meetings WHERE id = ?1"), text),
        "item" => assert_eq!(one("SELECT c.reference FROM agenda_items a JOIN cases c ON c.id = a.case_id WHERE a.id = ?1"), text),
        "discussion" => {
            assert_eq!(one("SELECT discussion FROM case_discussions WHERE agenda_item_id = ?1"), text);
            let needs: i64 = c.query_row("SELECT count(*) FROM discussion_needs WHERE agenda_item_id = ?1", [id], |r| r.get(0)).unwrap();
            let leads: i64 = c.query_row("SELECT count(*) FROM discussion_leads WHERE agenda_item_id = ?1", [id], |r| r.get(0)).unwrap();
            assert_eq!((needs, leads), (2, 1), "{line}: the record's child rows must be all there");
        }
        "action" => assert_eq!(one("SELECT description FROM agreed_actions WHERE id = ?1"), text),
        other => panic!("unexpected line kind {other}"),
    }
}

#[test]
fn killing_the_writer_at_random_moments_loses_nothing_committed() {
    let kills: u64 = std::env::var("MDT_CRASH_KILLS").ok().and_then(|v| v.parse().ok()).unwrap_or(50);
    let writer = writer();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.sqlite3");
    let mut rng = Lcg(0x5eed);
    let mut committed = 0usize;
    for k in 0..kills {
        let delay = Duration::from_millis(15 + rng.next(120));
        let lines = run_and_kill(&writer, &db, k, delay);
        let store = Store::open(&db).unwrap_or_else(|e| panic!("kill {k}: database would not open: {e}"));
        let report = store.check().unwrap();
        assert!(report.is_ok(), "kill {k}: {report:?}");
        for line in &lines {
            check_committed(&store, line);
        }
        // Nothing half-written: every discussion has its needs and lead, every action its item.
        let torn: i64 = store
            .conn()
            .query_row(
                "SELECT (SELECT count(*) FROM case_discussions d
                         WHERE (SELECT count(*) FROM discussion_needs n WHERE n.agenda_item_id = d.agenda_item_id) <> 2)
                      + (SELECT count(*) FROM agreed_actions WHERE agenda_item_id NOT IN (SELECT id FROM agenda_items))",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(torn, 0, "kill {k}: half-written records");
        committed += lines.len();
    }
    println!("crash test: {kills} kills, {committed} committed writes checked, none lost");
    assert!(committed > kills as usize, "the writer should get some work done between kills");
}
