//! `mdt directory` lists the directory of local services (marking entries not checked for a year),
//! `mdt directory export -o FILE.csv` writes it, and `mdt directory import FILE.csv` reads one
//! back, all or nothing: a file exported and imported again is the same file.

mod support;

use predicates::prelude::*;
use support::*;

fn today() -> String {
    mdt::dates::local_today().format("%d/%m/%Y").to_string()
}

#[test]
fn import_list_export_and_import_again_round_trip_and_a_bad_file_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mdt.sqlite3");
    mdt(&db).arg("directory").assert().success().stdout("The directory has no services yet.\n");

    let file = dir.path().join("services.csv");
    let typed = format!(
        "\u{feff}name,offers,for_whom,how_to_refer,contact,area,last_checked\r\n\
         Riverside Walking Group,\"Gentle walks, then tea\",Adults,Turn up,01632 960118,Riverside,{}\r\n\
         Northgate Men's Shed,Woodwork,Anyone over 18,Email the secretary,shed@northgate.example.org,Northgate,10/01/2020\r\n",
        today()
    );
    std::fs::write(&file, &typed).unwrap();
    mdt(&db).args(["directory", "import"]).arg(&file).assert().success().stdout(format!("Imported {}: 2 added, 0 updated, 0 already the same.\n", file.display()));

    let expected = format!(
        "#2  Northgate Men's Shed  [CHECK DUE: Not checked for a year or more (last checked 10/01/2020)]\n\
         \x20   Offers: Woodwork\n    For: Anyone over 18\n    How to refer: Email the secretary\n    Contact: shed@northgate.example.org\n    Area: Northgate\n\
         #1  Riverside Walking Group  [Checked {}]\n\
         \x20   Offers: Gentle walks, then tea\n    For: Adults\n    How to refer: Turn up\n    Contact: 01632 960118\n    Area: Riverside\n\
         2 services; 1 not checked for a year or more.\n",
        today()
    );
    mdt(&db).arg("directory").assert().success().stdout(expected);
    mdt(&db).args(["directory", "--search", "WOODWORK northgate"]).assert().success().stdout(predicate::str::contains("#2  Northgate Men's Shed").and(predicate::str::contains("Riverside").not()));
    mdt(&db).args(["directory", "--search", "bingo"]).assert().success().stdout("No services match.\n");

    let out = dir.path().join("out.csv");
    mdt(&db).args(["directory", "export", "-o"]).arg(&out).assert().success().stdout(format!("Wrote 2 services to {}.\n", out.display()));
    let exported = std::fs::read_to_string(&out).unwrap();
    // By name, as the list is: the shed first.
    let mut lines: Vec<&str> = typed.split("\r\n").collect();
    lines.swap(1, 2);
    assert_eq!(exported.replace("\u{feff}", ""), lines.join("\r\n").replace("\u{feff}", ""));
    assert!(exported.starts_with('\u{feff}'));
    mdt(&db).args(["directory", "import"]).arg(&out).assert().success().stdout(predicate::str::ends_with(": 0 added, 0 updated, 2 already the same.\n"));

    // A bad row among good ones: refused, naming line and column; nothing added.
    std::fs::write(&file, "name;area;last_checked\nQuiet Readers;Northgate;\nLunch Club;Old Town;31/02/2026\n").unwrap();
    mdt(&db)
        .args(["directory", "import"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 3, column last_checked:").and(predicate::str::contains("February 2026 has no day 31")));
    mdt(&db).arg("directory").assert().success().stdout(predicate::str::contains("Quiet Readers").not().and(predicate::str::contains("2 services;")));
}
