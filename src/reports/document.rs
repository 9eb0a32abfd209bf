//! What a report prints, as blocks top to bottom. Reports fill in a [`Document`]; where lines
//! break and pages end is decided later, by [`render`](super::render).

use chrono::{DateTime, Utc};

/// The protective marking printed when a report does not choose one: MDT papers name patients.
pub const DEFAULT_MARKING: &str = "OFFICIAL-SENSITIVE";

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Printed at the left of the running header and stored as the PDF's title.
    pub title: String,
    /// Printed at the right of the running header (e.g. the meeting date); empty for none.
    pub header_right: String,
    /// Printed at the top and bottom of every page; empty for none.
    pub marking: String,
    /// Printed in bold under the running header on every page (e.g. that the document holds full
    /// identifiers); empty for none. The body starts a line lower when there is one.
    pub notice: String,
    pub orientation: Orientation,
    /// The creation date written into the file; `None` means now. Fix it to get the same bytes
    /// from the same document.
    pub created: Option<DateTime<Utc>>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Orientation {
    /// A4 portrait.
    #[default]
    Portrait,
    /// A4 landscape, for wide tables.
    Landscape,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Never left alone at the bottom of a page: it moves to the next page with what follows.
    Heading(Level, String),
    /// Wrapped at spaces; a newline starts a new line.
    Paragraph(String),
    /// A bulleted list, one item a string; each item's lines hang from its bullet.
    List(Vec<String>),
    /// Label and value pairs in two columns (e.g. date, chair, venue); values wrap.
    KeyValues(Vec<(String, String)>),
    Table(Table),
    /// A chart drawn as vector graphics, kept on one page, followed by its figures as a table
    /// (categories down, series across). To a screen reader the drawing is one figure whose
    /// words are the chart's `summary`; the table gives the numbers.
    Chart(crate::charts::Chart),
    /// Extra space in millimetres before the next block; dropped at the top of a page.
    Space(f32),
    /// The next block starts a new page (ignored at the top of a page, so no page is blank).
    PageBreak,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    H1,
    H2,
    H3,
}

/// A table splits between rows across pages, repeating its header row on each new page.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Every row is at least this many lines tall (at least 1): room to write on a printout.
    pub min_row_lines: usize,
    /// Printed in bold above the repeated header row when the table goes on to a new page, so a
    /// reader of that page knows whose or what rows these are (e.g. "Priya Example, continued").
    pub continued: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    pub width: Width,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Width {
    /// Millimetres.
    Fixed(f32),
    /// A share of the width the fixed columns leave: shares 2 and 1 split it two thirds to one.
    Share(f32),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// Printed in bold (e.g. an overdue action): it must show on a black-and-white printout.
    pub emphasis: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// An empty square to tick by hand on a printed action list.
    TickBox,
}

impl Document {
    /// An empty A4 portrait document marked [`DEFAULT_MARKING`], dated when it is rendered.
    pub fn new(title: impl Into<String>) -> Self {
        Document {
            title: title.into(),
            header_right: String::new(),
            marking: DEFAULT_MARKING.to_string(),
            notice: String::new(),
            orientation: Orientation::Portrait,
            created: None,
            blocks: Vec::new(),
        }
    }

    pub fn push(&mut self, block: Block) -> &mut Self {
        self.blocks.push(block);
        self
    }

    pub fn heading(&mut self, level: Level, text: impl Into<String>) -> &mut Self {
        self.push(Block::Heading(level, text.into()))
    }

    pub fn paragraph(&mut self, text: impl Into<String>) -> &mut Self {
        self.push(Block::Paragraph(text.into()))
    }

    pub fn list<S: Into<String>>(&mut self, items: impl IntoIterator<Item = S>) -> &mut Self {
        self.push(Block::List(items.into_iter().map(Into::into).collect()))
    }

    pub fn key_values<K: Into<String>, V: Into<String>>(
        &mut self,
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> &mut Self {
        self.push(Block::KeyValues(pairs.into_iter().map(|(k, v)| (k.into(), v.into())).collect()))
    }

    pub fn table(&mut self, table: Table) -> &mut Self {
        self.push(Block::Table(table))
    }

    pub fn chart(&mut self, chart: crate::charts::Chart) -> &mut Self {
        self.push(Block::Chart(chart))
    }
}

/// The table printed after a chart: a row per category, a column per series, each figure as
/// the chart prints it. The first column is headed by what the categories are, for the charts
/// the dashboard makes (`crate::charts::Chart::id`), or "Category".
pub fn chart_table(chart: &crate::charts::Chart) -> Table {
    let first = match chart.id.as_str() {
        "cases-discussed" | "time" => "Meeting",
        "actions" => "Month",
        "leads-by-role" => "Lead's role",
        "member-load" => "Member",
        "outcomes" => "Question",
        _ => "Category",
    };
    let mut table = Table::new(
        std::iter::once(Column::share(first, 2.0)).chain(chart.series.iter().map(|s| Column::share(s.name.clone(), 1.0))),
    );
    for (c, category) in chart.categories.iter().enumerate() {
        let figures = chart.series.iter().map(|s| Cell::Text(s.values.get(c).map_or_else(|| "no figure".into(), |&v| super::chart::number(v))));
        table.row(std::iter::once(Cell::from(category.as_str())).chain(figures));
    }
    table.continued = Some(format!("{}, continued", chart.title));
    table
}

impl Table {
    pub fn new(columns: impl IntoIterator<Item = Column>) -> Self {
        Table { columns: columns.into_iter().collect(), rows: Vec::new(), min_row_lines: 1, continued: None }
    }

    pub fn row(&mut self, cells: impl IntoIterator<Item = Cell>) -> &mut Self {
        self.rows.push(Row { cells: cells.into_iter().collect(), emphasis: false });
        self
    }

    /// A row printed in bold.
    pub fn emphasised_row(&mut self, cells: impl IntoIterator<Item = Cell>) -> &mut Self {
        self.rows.push(Row { cells: cells.into_iter().collect(), emphasis: true });
        self
    }
}

impl Column {
    pub fn fixed(header: impl Into<String>, mm: f32) -> Self {
        Column { header: header.into(), width: Width::Fixed(mm) }
    }

    pub fn share(header: impl Into<String>, share: f32) -> Self {
        Column { header: header.into(), width: Width::Share(share) }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::Text(text.to_string())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell::Text(text)
    }
}
