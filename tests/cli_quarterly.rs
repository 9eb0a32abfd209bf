//! `mdt report quarterly`, run as a user would: the period is read and checked before anything is
//! counted, and a mistake is explained with nothing written. (Writing the report needs the
//! dashboard's figures, `mdt::dashboard::compute`; that run is tested once the branches merge.)

mod support;

use predicates::prelude::*;
use support::{demo_db as demo, mdt};

#[test]
fn the_command_is_listed_with_its_choices() {
    let (_dir, db) = demo();
    mdt(&db).arg("--help").assert().success().stdout(predicate::str::contains("report"));
    mdt(&db)
        .args(["report", "quarterly", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--quarter <YYYY-QN>").and(predicate::str::contains("2026-Q3 is October to")))
        .stdout(predicate::str::contains("--from <DD/MM/YYYY>").and(predicate::str::contains("--out <FILE.pdf>")));
}

#[test]
fn a_wrong_period_is_explained_and_nothing_is_written() {
    let (dir, db) = demo();
    let out = dir.path().join("quarterly.pdf");
    let cases: [(&[&str], &str); 5] = [
        (&["--quarter", "2026-Q5"], "There is no quarter 5"),
        (&["--quarter", "Q3"], "write it as 2026-Q3"),
        (&["--from", "31/12/2026", "--to", "01/10/2026"], "The end of the period is before its start."),
        (&["--from", "31/02/2026", "--to", "31/03/2026"], "February 2026 has no day 31."),
        (&["--quarter", "2026-Q3", "--from", "01/10/2026", "--to", "31/12/2026"], "cannot be used with"),
    ];
    for (args, said) in cases {
        mdt(&db)
            .args(["report", "quarterly"])
            .args(args)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(said));
        assert!(!out.exists(), "{args:?}");
    }
    // --from needs --to.
    mdt(&db).args(["report", "quarterly", "--from", "01/10/2026", "--out"]).arg(&out).assert().code(2).stderr(predicate::str::contains("--to"));
    assert!(!out.exists());
}
