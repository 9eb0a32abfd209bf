//! Printable action lists, built through the core API and checked on the document and on the
//! text read back from the PDF.

mod support;
#[path = "support/reports.rs"]
mod reports;

use chrono::{Duration, Local};
use mdt::actions::{self, ActionInput};
use mdt::agenda::{self, OtherItemInput};
use mdt::reports::action_list::{self, ActionListOptions};
use mdt::reports::{Block, Cell, render};
use mdt::{ErrorCode, Store};
use reports::{assert_in_order, pdf_pages, pdf_text};
use support::*;

fn day(offset: i64) -> String {
    (Local::now().date_naive() + Duration::days(offset)).format("%Y-%m-%d").to_string()
}

fn act(store: &mut Store, item: i64, description: &str, owner: i64, due: Option<i64>) -> i64 {
    let input = ActionInput { description: description.into(), owner_id: owner, due_date: due.map(day) };
    actions::add(store, item, &input).unwrap().id
}

/// Open actions for three owners across two meetings, plus a done and a cancelled one.
fn scene() -> (Store, Team) {
    let mut store = Store::open_in_memory().unwrap();
    let team = team(&mut store);
    let first = meeting(&mut store, &team, &format!("{}T13:00", day(-20))).id;
    let ab = add_case(&mut store, first, "AB-0101", team.ot);
    act(&mut store, ab, "Fit the grab rails", team.ot, Some(3));
    act(&mut store, ab, "Assess the stairs", team.ot, Some(-5));
    act(&mut store, ab, "Write to the housing officer", team.ot, None);
    act(&mut store, ab, "Review the evening medicines", team.gp, Some(-2));
    let done = act(&mut store, ab, "Phone the daughter", team.ot, Some(-10));
    actions::complete(&mut store, done, None).unwrap();
    let cancelled = act(&mut store, ab, "Book transport", team.splw, Some(-1));
    actions::cancel(&mut store, cancelled, "The family will drive her").unwrap();
    let updates = agenda::add_other(
        &mut store,
        first,
        &OtherItemInput { title: "Service updates".into(), minutes_allowed: 5, presenter_id: None },
    )
    .unwrap();
    act(&mut store, updates, "Send round the lunch club timetable", team.splw, Some(10));
    let second = meeting(&mut store, &team, &format!("{}T13:00", day(-6))).id;
    let cd = add_case(&mut store, second, "CD-0102", team.splw);
    act(&mut store, cd, "Introduce her to the walking group", team.ot, Some(1));
    (store, team)
}

fn options() -> ActionListOptions {
    ActionListOptions::default()
}

#[test]
fn grouped_by_owner_then_due_date_with_overdue_marked_in_bold_and_in_words() {
    let (store, _) = scene();
    let doc = action_list::document(store.conn(), &options()).unwrap();
    let text = pdf_text(&render(&doc).unwrap().pdf);
    assert_in_order(
        &text,
        &[
            "Open actions",
            "6 open actions, 2 overdue.",
            "Overdue actions are in bold and marked OVERDUE",
            "Ade Sample (Social prescribing link worker): 1 action",
            "Send round the lunch club timetable",
            "Dr Gwen Imaginary (GP): 1 action, 1 overdue",
            "OVERDUE Review the evening medicines AB-0101",
            "Priya Example (Occupational therapist): 4 actions, 1 overdue",
            "OVERDUE Assess the stairs AB-0101",
            "Introduce her to the walking group CD-0102",
            "Fit the grab rails AB-0101",
            "No date Write to the housing officer",
        ],
    );
    for closed in ["Phone the daughter", "Book transport"] {
        assert!(!text.contains(closed), "{closed} is not open");
    }
    // On the document: every row has a tick box and an empty notes cell, is two lines tall at
    // least, and is bold exactly when overdue.
    let tables: Vec<_> = doc.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect();
    assert_eq!(tables.len(), 3);
    for table in tables {
        assert!(table.min_row_lines >= 2);
        assert_eq!(table.columns.first().unwrap().header, "Done");
        assert_eq!(table.columns.last().unwrap().header, "Notes");
        for row in &table.rows {
            assert_eq!(row.cells[0], Cell::TickBox);
            assert_eq!(row.cells[4], Cell::Text(String::new()));
            let overdue = matches!(&row.cells[1], Cell::Text(due) if due.ends_with("OVERDUE"));
            assert_eq!(row.emphasis, overdue, "{row:?}");
        }
    }
}

#[test]
fn one_members_list_prints_on_one_page() {
    let (mut store, team) = scene();
    let third = meeting(&mut store, &team, &format!("{}T13:00", day(-2))).id;
    let item = add_case(&mut store, third, "EF-0103", team.ot);
    for i in 0..8 {
        act(&mut store, item, &format!("Follow-up {i}: check the bath board is in use and safe"), team.ot, Some(i));
    }
    let doc = action_list::document(store.conn(), &ActionListOptions { owner_id: Some(team.ot), ..options() }).unwrap();
    let out = render(&doc).unwrap();
    assert_eq!(out.pages, 1, "12 actions on one page");
    let text = pdf_text(&out.pdf);
    assert!(text.starts_with("OFFICIAL-SENSITIVE Open actions: Priya Example"));
    assert!(text.contains("12 open actions") && text.contains("Follow-up 7"));
    assert!(!text.contains("Review the evening medicines"), "another owner's action");
    assert_eq!(
        action_list::file_name(store.conn(), &ActionListOptions { owner_id: Some(team.ot), ..options() }).unwrap(),
        format!("open-actions-priya-example-{}.pdf", day(0))
    );
}

#[test]
fn per_owner_pages_give_each_owner_a_page_of_their_own() {
    let (store, _) = scene();
    let doc = action_list::document(store.conn(), &ActionListOptions { per_owner_pages: true, ..options() }).unwrap();
    let out = render(&doc).unwrap();
    let pages = pdf_pages(&out.pdf);
    assert_eq!(pages.len(), 3);
    let owners = ["Ade Sample", "Dr Gwen Imaginary", "Priya Example"];
    for (page, owner) in pages.iter().zip(owners) {
        assert!(page[3].starts_with(&format!("Open actions: {owner} (")), "{page:?}");
        for other in owners.iter().filter(|o| **o != owner) {
            assert!(!page.iter().any(|l| l.contains(other)), "{other} on {owner}'s page");
        }
    }
}

#[test]
fn overdue_only_lists_the_overdue() {
    let (store, _) = scene();
    let doc = action_list::document(store.conn(), &ActionListOptions { overdue_only: true, ..options() }).unwrap();
    let text = pdf_text(&render(&doc).unwrap().pdf);
    assert_in_order(&text, &["Overdue actions", "2 open actions past the due date", "Review the evening medicines", "Assess the stairs"]);
    assert!(!text.contains("Fit the grab rails"));
}

#[test]
fn an_empty_list_is_one_page_that_says_so() {
    let mut store = Store::open_in_memory().unwrap();
    let team = team(&mut store);
    for opts in [options(), ActionListOptions { owner_id: Some(team.nurse), per_owner_pages: true, ..options() }] {
        let out = render(&action_list::document(store.conn(), &opts).unwrap()).unwrap();
        assert_eq!(out.pages, 1);
        let text = pdf_text(&out.pdf);
        assert!(text.contains("There are no open actions on") || text.contains("Jo Placeholder has no open actions on"), "{text}");
    }
}

#[test]
fn owners_are_found_by_name_in_any_case() {
    let (store, team) = scene();
    assert_eq!(action_list::owner_named(store.conn(), "  priya EXAMPLE ").unwrap().id, team.ot);
    let err = action_list::owner_named(store.conn(), "Nobody Here").unwrap_err();
    assert_eq!(err.code(), ErrorCode::Invalid);
    assert!(err.to_string().contains("Nobody called 'Nobody Here'"));
}

#[test]
fn export_writes_the_whole_file() {
    let (store, _) = scene();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("actions.pdf");
    let report = action_list::export(store.conn(), &options(), &path).unwrap();
    assert_eq!(report.pages, 1);
    assert_eq!(report.path, path.display().to_string());
    assert!(pdf_text(&std::fs::read(&path).unwrap()).contains("Assess the stairs"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn an_owner_whose_actions_go_on_to_another_page_is_named_again_there() {
    let (mut store, team) = scene();
    let third = meeting(&mut store, &team, &format!("{}T13:00", day(-2))).id;
    let item = add_case(&mut store, third, "EF-0103", team.ot);
    for i in 0..40 {
        act(&mut store, item, &format!("Follow-up {i}: check the bath board is in use and safe"), team.ot, Some(i));
    }
    let out = render(&action_list::document(store.conn(), &options()).unwrap()).unwrap();
    let pages = pdf_pages(&out.pdf);
    assert!(pages.len() >= 3, "{} pages", pages.len());
    // Every page after the first that goes on with Priya's table says whose it is, above its header.
    let continued: Vec<usize> = (1..pages.len()).filter(|&p| pages[p].iter().any(|l| l.contains("Follow-up"))).collect();
    assert!(!continued.is_empty());
    for p in continued {
        let caption = pages[p].iter().position(|l| l.contains("Priya Example (Occupational therapist), continued"));
        let header = pages[p].iter().position(|l| l.contains("Action"));
        assert!(caption.is_some() && caption < header, "page {}: {:?}", p + 1, &pages[p][..6.min(pages[p].len())]);
    }
    // The first page names the owner in the group's heading, not as "continued".
    assert!(!pages[0].iter().any(|l| l.contains("continued")));
}
