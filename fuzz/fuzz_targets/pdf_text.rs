//! Any text in a report's title, headings, paragraphs, key-value blocks and table cells: the
//! report renders to a PDF with every page inside the frame, whatever the text.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use mdt::reports::{Block, Cell, Column, Document, Level, Orientation, Row, Table, render};

#[derive(Debug, Arbitrary)]
struct Report {
    title: String,
    header_right: String,
    marking: String,
    landscape: bool,
    blocks: Vec<Part>,
}

#[derive(Debug, Arbitrary)]
enum Part {
    Heading(u8, String),
    Paragraph(String),
    KeyValues(Vec<(String, String)>),
    /// Column headers (each with a share of the width from 1 to 4, or a fixed 10 to 28 mm) and rows.
    Table(Vec<(String, u8, bool)>, Vec<(Vec<Option<String>>, bool)>),
    Space(u8),
    PageBreak,
}

/// The document a report would build: any text, in a structure reports are allowed to build
/// (every row as wide as its table; at most six columns, so fixed ones fit on a portrait page).
fn document(report: Report) -> Document {
    let mut doc = Document::new(report.title);
    doc.header_right = report.header_right;
    doc.marking = report.marking;
    doc.orientation = if report.landscape { Orientation::Landscape } else { Orientation::Portrait };
    doc.created = Some(Default::default());
    for part in report.blocks {
        let block = match part {
            Part::Heading(level, text) => Block::Heading([Level::H1, Level::H2, Level::H3][usize::from(level % 3)], text),
            Part::Paragraph(text) => Block::Paragraph(text),
            Part::KeyValues(pairs) => Block::KeyValues(pairs),
            Part::Table(columns, rows) if !columns.is_empty() => {
                let columns: Vec<Column> = columns
                    .into_iter()
                    .take(6)
                    .map(|(header, n, fixed)| if fixed { Column::fixed(header, 10.0 + f32::from(n % 19)) } else { Column::share(header, 1.0 + f32::from(n % 4)) })
                    .collect();
                let width = columns.len();
                let rows = rows
                    .into_iter()
                    .map(|(cells, emphasis)| {
                        let mut cells: Vec<Cell> = cells.into_iter().map(|c| c.map_or(Cell::TickBox, Cell::Text)).collect();
                        cells.resize(width, Cell::Text(String::new()));
                        Row { cells, emphasis }
                    })
                    .collect();
                // The first header doubles as the caption repeated on later pages.
                let caption = columns.first().map(|c: &Column| format!("{}, continued", c.header));
                let mut table = Table::new(columns);
                table.rows = rows;
                table.continued = caption;
                Block::Table(table)
            }
            Part::Table(..) => continue,
            Part::Space(mm) => Block::Space(f32::from(mm)),
            Part::PageBreak => Block::PageBreak,
        };
        doc.push(block);
    }
    doc
}

fuzz_target!(|report: Report| {
    let rendered = render(&document(report)).expect("any text renders");
    assert!(rendered.pages >= 1);
    assert!(rendered.pdf.starts_with(b"%PDF-"));
});
