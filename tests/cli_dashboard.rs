//! `mdt dashboard` prints the dashboard's figures as plain-text tables with each chart's words:
//! for a quarter (`--quarter 2026-Q2` or `"Q2 2026/27"`), for two typed days, or by default for
//! the quarter containing today; a quarter it cannot read is refused with how to write it.

mod support;

use mdt::actions::{self, ActionInput};
use mdt::agenda::{self, Outcome};
use mdt::discussions::{DiscussionRecord, Lead};
use mdt::{Store, dashboard, dates, meetings};
use predicates::prelude::*;
use support::*;

/// A team with one finalised meeting on 01/07/2026: AB-0001 discussed in 20 minutes of 15 with
/// Priya (OT) leading, and an action for her due 15/07/2026 still open; CD-0002 not discussed.
fn database() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mdt.sqlite3");
    let mut store = Store::open(&db).unwrap();
    let team = team(&mut store);
    let m = meeting(&mut store, &team, "2026-07-01T10:00");
    let ab = agenda::add_case(&mut store, m.id, &case("AB-0001", team.ot, 15)).unwrap();
    let cd = agenda::add_case(&mut store, m.id, &case("CD-0002", team.ot, 10)).unwrap();
    meetings::start(&mut store, m.id).unwrap();
    let lead = Lead { aspect: "Home".into(), member_id: Some(team.ot), role_key: None };
    save_record(&mut store, ab, &DiscussionRecord { discussion: "Falls at home.".into(), leads: vec![lead], ..Default::default() }).unwrap();
    agenda::set_outcome(&mut store, ab, Outcome::Discussed, 1200).unwrap();
    agenda::set_outcome(&mut store, cd, Outcome::NotDiscussed, 0).unwrap();
    actions::add(&mut store, ab, &ActionInput { description: "Book a home visit".into(), owner_id: team.ot, due_date: Some("15/07/2026".into()) }).unwrap();
    meetings::finalise_on(&mut store, m.id, chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()).unwrap();
    (dir, db)
}

#[test]
fn a_quarter_prints_as_tables_with_the_charts_words() {
    let (_dir, db) = database();
    let today = dates::local_today().format("%d/%m/%Y").to_string();
    let out = mdt(&db).args(["dashboard", "--quarter", "2026-Q2"]).assert().success().get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    let expected_start = format!(
        "Dashboard: Q2 2026/27 (1 July to 30 September 2026), as of {today}\n\
         \n\
         Meetings: cases and time\n\
         DATE              MEETING        MINUTES    LISTED  DISCUSSED  PLANNED MIN  USED MIN\n\
         01/07/2026 10:00  Riverside MDT  finalised       2          1           25        20\n\
         1 meeting: 2 cases listed and 1 discussed (50% of those listed).\n"
    );
    assert!(out.starts_with(&expected_start), "{out}");
    for line in [
        "Across 1 meeting, 25 minutes were planned for cases and 20 minutes used: 5 minutes under the plan. No meeting ran over its plan.\n",
        "MONTH     AGREED  COMPLETED  OPEN AT END  OVERDUE AT END\nJul 2026       1          0            1               1\nAug 2026       0          0            1               1\n",
        "ROLE                    CASES\nOccupational therapist      1\n",
        "MEMBER             ROLE                            OPEN  OVERDUE  LEADING\n",
        "Priya Example      Occupational therapist             1        1        1\n",
        "Cal Coordinator    Care coordinator                   0        0        0\n",
        "1 open action at the end of September 2026, 1 overdue. Over 3 months, 1 agreed and 0 completed. Open actions the same as at the end of July 2026.\n",
        "Reviews on ",
        "Supervision: 0 members up to date, 1 overdue (no supervision for over a month).\n  OVERDUE: Ade Sample: No supervision recorded\n",
        "Outcome change\nNobody's outcome scores were followed up in this period.\n",
    ] {
        assert!(out.contains(line), "missing {line:?} in\n{out}");
    }
    // The same quarter written the other way prints the same.
    mdt(&db).args(["dashboard", "--quarter", "q2 2026/27"]).assert().success().stdout(out.clone());
    // As two days: the same but for the period's name, which says no quarter.
    let days = out.replacen("Q2 2026/27 (1 July to 30 September 2026)", "1 July to 30 September 2026", 1);
    assert_ne!(days, out);
    mdt(&db).args(["dashboard", "--from", "01/07/2026", "--to", "30/09/2026"]).assert().success().stdout(days);
    // A day later at the start: the meeting is not in it.
    mdt(&db)
        .args(["dashboard", "--from", "02/07/2026", "--to", "30/09/2026"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Dashboard: 2 July to 30 September 2026").and(predicate::str::contains("No meetings in this period.")).and(predicate::str::contains("Riverside MDT").not()));
}

#[test]
fn the_default_is_the_quarter_containing_today_and_bad_periods_are_refused() {
    let (_dir, db) = database();
    let label = dashboard::Period::quarter_containing(dates::local_today()).label;
    mdt(&db).arg("dashboard").assert().success().stdout(predicate::str::starts_with(format!("Dashboard: {label}, as of ")));
    mdt(&db)
        .args(["dashboard", "--quarter", "2026-Q5"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("There is no quarter 5: choose 1 to 4."));
    mdt(&db)
        .args(["dashboard", "--quarter", "autumn"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("write it as 2026-Q3 or Q3 2026/27"));
    mdt(&db)
        .args(["dashboard", "--from", "30/09/2026", "--to", "01/07/2026"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("The end of the period is before its start."));
    // clap refuses half a period, and a quarter with days.
    mdt(&db).args(["dashboard", "--from", "01/07/2026"]).assert().failure().stderr(predicate::str::contains("--to"));
    mdt(&db).args(["dashboard", "--quarter", "2026-Q2", "--from", "01/07/2026", "--to", "30/09/2026"]).assert().failure();
}
