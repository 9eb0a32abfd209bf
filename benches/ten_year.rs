//! Every screen's core work on ten years of a weekly MDT: `cargo bench --bench ten_year`.
//!
//! The dataset (`mdt generate --years 10 --seed 1`, ending today) is generated once into
//! `target/bench-data/` and reused; its name carries the end date, the generator's version and a
//! fingerprint of the schema, so a change to either makes a new one. The autosave figures
//! (median and p99 of single saves, with the app's WAL + synchronous=FULL) are printed first and
//! written to `target/bench-data/autosave.json`; criterion times the rest.
//!
//! `cargo bench --bench ten_year -- NAME` runs only the benchmarks whose name contains NAME.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion};
use mdt::actions::{self, ActionFilter, ActionStatus};
use mdt::discussions;
use mdt::sample::generate::{self, GenerateOptions};
use mdt::meetings::{self, MeetingStatus};
use mdt::reports::render;
use mdt::{Store, dashboard, dates, history, members, referrals, reviews, search};

const SEED: u64 = 1;
const YEARS: u32 = 10;
const AUTOSAVES: usize = 1_000;

fn data_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("bench-data")
}

/// FNV-1a: the same on every machine, to name the dataset after the schema it was made with.
fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The ten-year database (about 550 MB), generated on first use; older ones are removed.
fn dataset() -> PathBuf {
    let schema = mdt::storage::schema_sql();
    let end = dates::local_today();
    let name = format!("ten-year-seed{SEED}-{end}-g{}-s{:08x}.sqlite3", generate::VERSION, fingerprint(&schema) as u32);
    let path = data_dir().join(name);
    if path.exists() {
        return path;
    }
    std::fs::create_dir_all(data_dir()).unwrap();
    for old in std::fs::read_dir(data_dir()).unwrap().flatten() {
        if old.file_name().to_string_lossy().starts_with("ten-year-") {
            let _ = std::fs::remove_file(old.path());
        }
    }
    let partial = path.with_extension("partial");
    for leftover in [&partial, &partial.with_extension("partial-wal"), &partial.with_extension("partial-shm")] {
        let _ = std::fs::remove_file(leftover);
    }
    eprintln!("Generating the ten-year dataset into {} (once) ...", path.display());
    let started = Instant::now();
    let mut store = Store::open(&partial).unwrap();
    let options = GenerateOptions { years: YEARS, seed: SEED, end, force: false };
    let report = generate::generate(&mut store, &options, &mut |_, _| {}).unwrap();
    drop(store);
    std::fs::rename(&partial, &path).unwrap();
    eprintln!("  {report:?} in {:.1} s", started.elapsed().as_secs_f64());
    path
}

/// The meetings and people the benchmarks look at.
struct Picks {
    in_progress: i64,
    /// A finalised meeting with exactly 40 cases on its agenda.
    forty_cases: i64,
    /// The current member with the most open actions.
    busiest_owner: i64,
    /// The case discussed most often.
    regular_case: String,
    /// A case item of the meeting in progress, already discussed: the one the autosave edits.
    editing_item: i64,
    /// The next meeting, planned: the one the planning offer is for.
    planned: i64,
    series_id: i64,
}

fn picks(store: &Store) -> Picks {
    let conn = store.conn();
    let one = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    Picks {
        in_progress: one("SELECT id FROM meetings WHERE status = 'in_progress' ORDER BY starts_at DESC LIMIT 1"),
        forty_cases: one(
            "SELECT m.id FROM meetings m WHERE m.status = 'finalised'
               AND (SELECT count(*) FROM agenda_items a WHERE a.meeting_id = m.id AND a.kind = 'case') = 40
             ORDER BY m.starts_at DESC LIMIT 1",
        ),
        busiest_owner: one(
            "SELECT owner_id FROM agreed_actions WHERE status = 'open' GROUP BY owner_id ORDER BY count(*) DESC LIMIT 1",
        ),
        regular_case: conn
            .query_row(
                "SELECT c.reference FROM agenda_items a JOIN cases c ON c.id = a.case_id
                 GROUP BY a.case_id ORDER BY count(*) DESC, a.case_id LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap(),
        editing_item: one(
            "SELECT a.id FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
             JOIN case_discussions d ON d.agenda_item_id = a.id
             WHERE m.status = 'in_progress' ORDER BY a.position LIMIT 1",
        ),
        planned: one("SELECT id FROM meetings WHERE status = 'planned' ORDER BY starts_at DESC LIMIT 1"),
        series_id: one("SELECT series_id FROM meetings WHERE status = 'planned' ORDER BY starts_at DESC LIMIT 1"),
    }
}

fn open_actions(owner_id: Option<i64>) -> ActionFilter {
    ActionFilter { owner_id, status: Some(ActionStatus::Open), ..Default::default() }
}

fn screens(c: &mut Criterion, path: &Path, p: &Picks) {
    let store = Store::open(path).unwrap();
    let conn = store.conn();
    let mut g = c.benchmark_group("screens");
    g.bench_function("open the database (with migration check)", |b| {
        b.iter(|| black_box(Store::open(black_box(path)).unwrap()));
    });
    g.bench_function("meetings list (first screen)", |b| b.iter(|| black_box(meetings::list(conn).unwrap())));
    g.bench_function("team roster", |b| b.iter(|| black_box(members::list(conn).unwrap())));
    g.bench_function("load meeting in progress (chair view)", |b| {
        b.iter(|| black_box(meetings::load(conn, p.in_progress).unwrap()));
    });
    g.bench_function("load finalised 40-case meeting", |b| {
        b.iter(|| black_box(meetings::load(conn, p.forty_cases).unwrap()));
    });
    g.bench_function("open actions, one owner", |b| {
        b.iter(|| black_box(actions::list(conn, &open_actions(Some(p.busiest_owner))).unwrap()));
    });
    g.bench_function("open actions, whole team", |b| b.iter(|| black_box(actions::list(conn, &open_actions(None)).unwrap())));
    // What the Actions screen asks for: the first 100 with the counts of all and of the overdue.
    g.bench_function("actions screen: first page of 100 of the whole team's open actions, with counts", |b| {
        b.iter(|| black_box(actions::page(conn, &open_actions(None), 100).unwrap()));
    });
    // The open-referrals list: the Actions screen's section, `mdt referrals`, and one referrer's.
    g.bench_function("open referrals, whole team", |b| {
        let filter = referrals::ReferralFilter { open_only: true, ..Default::default() };
        b.iter(|| black_box(referrals::list(conn, &filter).unwrap()));
    });
    g.bench_function("open referrals, one referrer", |b| {
        let filter = referrals::ReferralFilter { open_only: true, from_member_id: Some(p.busiest_owner), ..Default::default() };
        b.iter(|| black_box(referrals::list(conn, &filter).unwrap()));
    });
    g.bench_function("overdue actions, whole team", |b| {
        let filter = ActionFilter { overdue_only: true, ..Default::default() };
        b.iter(|| black_box(actions::list(conn, &filter).unwrap()));
    });
    g.bench_function("all actions of one meeting", |b| {
        let filter = ActionFilter { meeting_id: Some(p.forty_cases), ..Default::default() };
        b.iter(|| black_box(actions::list(conn, &filter).unwrap()));
    });
    g.bench_function("case history (most discussed case)", |b| {
        b.iter(|| black_box(history::case(conn, &p.regular_case).unwrap()));
    });
    // Reviews that come back (issue #15): the team's due-for-review list, what planning the next
    // meeting offers, and the meetings screen's overdue notice.
    let today = dates::local_today();
    let due = reviews::due_for_review(conn, p.series_id, today).unwrap();
    let offer = reviews::offer(conn, p.planned).unwrap();
    eprintln!(
        "due for review: {} people ({} overdue); offered at the next meeting: {}; left off as objecting: {}",
        due.len(),
        due.iter().filter(|d| d.overdue).count(),
        offer.due.len(),
        offer.objected.len()
    );
    g.bench_function("reviews: due-for-review list (whole team)", |b| {
        b.iter(|| black_box(reviews::due_for_review(conn, p.series_id, today).unwrap()));
    });
    g.bench_function("reviews: planning offer for the next meeting", |b| {
        b.iter(|| black_box(reviews::offer(conn, p.planned).unwrap()));
    });
    g.bench_function("reviews: overdue notice (meetings screen)", |b| {
        b.iter(|| black_box(reviews::overdue(conn, today).unwrap()));
    });
    // The dashboard (issue #19): every figure and chart for the quarter containing today.
    let quarter = dashboard::Period::quarter_containing(today);
    let d = dashboard::compute(conn, &quarter, today).unwrap();
    eprintln!(
        "dashboard for {}: {} meetings, {} months of actions, {} members, {} outcome questions",
        quarter.label,
        d.meetings.len(),
        d.actions.len(),
        d.member_load.len(),
        d.outcomes.len()
    );
    g.bench_function("dashboard: the quarter containing today (every figure and chart)", |b| {
        b.iter(|| black_box(dashboard::compute(conn, &quarter, today).unwrap()));
    });
    g.finish();

    let mut g = c.benchmark_group("search");
    for query in ["falls", "carer assessment", "hoard", "benefits check attendance allowance", &p.regular_case] {
        g.bench_with_input(BenchmarkId::from_parameter(query), query, |b, q| b.iter(|| black_box(search::search(conn, q).unwrap())));
    }
    g.finish();
}

/// The real reports, as the app and `mdt export` make them: the minutes of a 40-case meeting and
/// the whole team's open action list, each from reading the database to the finished PDF.
fn reports(c: &mut Criterion, path: &Path, p: &Picks) {
    use mdt::reports::action_list::{self, ActionListOptions};
    use mdt::reports::minutes::{self, MinutesOptions};
    let store = Store::open(path).unwrap();
    let conn = store.conn();
    let created = Some(chrono::DateTime::UNIX_EPOCH);
    let minutes_options = MinutesOptions { include_identifiers: false, created };
    let list_options = ActionListOptions { created, ..Default::default() };
    // Fonts are parsed once per process; the first render pays for it, as the app's first export does.
    let first = render(&minutes::document(conn, p.forty_cases, &minutes_options).unwrap()).unwrap();
    let list = render(&action_list::document(conn, &list_options).unwrap()).unwrap();
    eprintln!("minutes of 40 cases: {} pages; team action list: {} pages", first.pages, list.pages);
    let mut g = c.benchmark_group("pdf");
    g.sample_size(20);
    g.bench_function("minutes of a 40-case meeting (load + lay out + render)", |b| {
        b.iter(|| black_box(render(&minutes::document(conn, p.forty_cases, &minutes_options).unwrap()).unwrap()));
    });
    // The two halves of the minutes, to see where the time goes.
    g.bench_function("minutes of a 40-case meeting: reading the record only (minutes::document)", |b| {
        b.iter(|| black_box(minutes::document(conn, p.forty_cases, &minutes_options).unwrap()));
    });
    let built = minutes::document(conn, p.forty_cases, &minutes_options).unwrap();
    g.bench_function("minutes of a 40-case meeting: laying out and writing the PDF only (render)", |b| {
        b.iter(|| black_box(render(&built).unwrap()));
    });
    g.bench_function("all-team open action list (list + lay out + render)", |b| {
        b.iter(|| black_box(render(&action_list::document(conn, &list_options).unwrap()).unwrap()));
    });
    g.finish();
}

/// One discussion field changed and saved, as the minute-taker's screen does while they type:
/// each save timed on its own, on the dataset file opened the way the app opens it (WAL,
/// synchronous=FULL, checkpoints in the background). The record is put back as it was afterwards.
fn autosave(path: &Path, p: &Picks) {
    let mut store = Store::open(path).unwrap();
    // As the app does (src-tauri AppState::open).
    store.checkpoint_in_background().unwrap();
    let opened = discussions::open(store.conn(), p.editing_item).unwrap();
    let (original, mut version) = (opened.record, opened.version);
    let mut record = original.clone();
    let mut times = Vec::with_capacity(AUTOSAVES);
    for i in 0..AUTOSAVES + 50 {
        // The minute-taker adds a few words between saves.
        record.discussion = format!("{}\n\nAdded at save {i}: the team agreed to review next week.", original.discussion);
        let started = Instant::now();
        version = discussions::save(&mut store, p.editing_item, version, &record).unwrap().version;
        let took = started.elapsed();
        if i >= 50 {
            times.push(took);
        }
    }
    discussions::save(&mut store, p.editing_item, version, &original).unwrap();
    times.sort_unstable();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (median, p99, max) = (ms(at(0.5)), ms(at(0.99)), ms(times[times.len() - 1]));
    println!("autosave of one discussion field ({AUTOSAVES} saves, synchronous=FULL): median {median:.2} ms, p99 {p99:.2} ms, max {max:.2} ms");
    let (sync_median, sync_p99) = fsync_floor(&data_dir());
    println!("  the disk's own floor, fsync of a 4 KB append on the same file system: median {sync_median:.2} ms, p99 {sync_p99:.2} ms");
    let json = format!(
        r#"{{"saves": {AUTOSAVES}, "median_ms": {median:.3}, "p99_ms": {p99:.3}, "max_ms": {max:.3}, "fsync_median_ms": {sync_median:.3}, "fsync_p99_ms": {sync_p99:.3}}}"#
    );
    std::fs::write(data_dir().join("autosave.json"), json).unwrap();
}

/// What one durable commit cannot beat: fsync after appending 4 KB, as a WAL commit does.
fn fsync_floor(dir: &Path) -> (f64, f64) {
    use std::io::Write;
    let path = dir.join("fsync-probe");
    let mut file = std::fs::File::create(&path).unwrap();
    let mut times: Vec<f64> = (0..AUTOSAVES)
        .map(|_| {
            file.write_all(&[0u8; 4096]).unwrap();
            let started = Instant::now();
            file.sync_data().unwrap();
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    drop(file);
    let _ = std::fs::remove_file(&path);
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[(times.len() - 1) * 99 / 100])
}

fn main() {
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-')).unwrap_or_default();
    let wanted = |name: &str| filter.is_empty() || name.contains(&filter);
    let path = dataset();
    let p = picks(&Store::open(&path).unwrap());
    let status = meetings::get(Store::open(&path).unwrap().conn(), p.in_progress).unwrap().status;
    assert_eq!(status, MeetingStatus::InProgress);
    if wanted("autosave") {
        autosave(&path, &p);
    }
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    screens(&mut c, &path, &p);
    reports(&mut c, &path, &p);
    c.final_summary();
}
