//! Rough timing of a report render: `cargo bench --bench render`. The document is about 40 pages
//! of minutes: headings, key-value blocks, paragraphs and action tables.

use std::hint::black_box;
use std::time::Instant;

use mdt::reports::{Cell, Column, Document, Level, Table, render};

fn minutes() -> Document {
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

fn main() {
    let doc = minutes();
    // The first render also parses the fonts, once per process.
    let first = render(&doc).expect("renders");
    let runs = 20;
    let start = Instant::now();
    for _ in 0..runs {
        black_box(render(black_box(&doc)).expect("renders"));
    }
    let each = start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
    println!("{} pages, {} KB: {each:.1} ms a render", first.pages, first.pdf.len() / 1024);
}
