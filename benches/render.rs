//! Rough timing of report renders: `cargo bench --bench render`.
//!
//! - a synthetic document of about 40 pages: headings, key-value blocks, paragraphs, tables;
//! - the minutes of a 40-case meeting with 200 agreed actions and long notes, built through the
//!   core API, timed from reading the database to the finished PDF.

use std::hint::black_box;
use std::time::Instant;

use mdt::Store;
use mdt::reports::minutes::{self, MinutesOptions};
use mdt::reports::{Cell, Column, Document, Level, Rendered, Table, render};

#[path = "../tests/support/reports.rs"]
mod reports;

fn synthetic() -> Document {
    let mut doc = Document::new("Neighbourhood MDT — minutes");
    doc.header_right = "Tuesday 4 March 2025".into();
    let note = "Two falls at home in the last month; lives alone; daughter visits twice a week. ".repeat(8);
    for case in 1..=15 {
        let mut table = Table::new([
            Column::share("Action", 3.0),
            Column::share("Owner", 1.5),
            Column::fixed("Due", 24.0),
            Column::fixed("Done", 14.0),
        ]);
        for i in 1..=45 {
            let action = format!("Action {i}: arrange a joint visit with the district nurse and the OT");
            table.row([Cell::Text(action), "Siân Ellis-Wójcik".into(), "12 May 2025".into(), Cell::TickBox]);
        }
        doc.heading(Level::H2, format!("Case {case}"))
            .key_values([("Lead", "Gwenllïan ap Dafydd (OT)"), ("Risk", "High: falls at night")])
            .paragraph(note.as_str())
            .paragraph(note.as_str())
            .table(table);
    }
    doc
}

/// Runs `f` `runs` times after one warm-up run and prints the mean time.
fn time(label: &str, runs: u32, mut f: impl FnMut() -> Rendered) {
    let first = f();
    let start = Instant::now();
    for _ in 0..runs {
        black_box(f());
    }
    let each = start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
    println!("{label}: {} pages, {} KB: {each:.1} ms a render", first.pages, first.pdf.len() / 1024);
}

fn main() {
    let doc = synthetic();
    time("synthetic document", 20, || render(black_box(&doc)).expect("renders"));

    let mut store = Store::open_in_memory().expect("an in-memory database");
    let meeting = reports::big_meeting(&mut store, 40, 5);
    let options = MinutesOptions::default();
    time("40-case minutes, 200 actions", 20, || {
        let doc = minutes::document(store.conn(), black_box(meeting), &options).expect("minutes");
        render(&doc).expect("renders")
    });
}
