//! Lays a [`Document`] out on pages. Text wraps by measured glyph widths; a table splits between
//! rows and repeats its header row on each new page; a heading always has the start of what
//! follows on its page; every page gets the running header, "Page n of N" and the protective
//! marking. The result is pages of positioned marks, which `pdf.rs` draws.

use std::borrow::Cow;
use std::mem;

use super::chart;
use super::document::{Block, Cell, Column, Document, Level, Orientation, Table, Width, chart_table};
use super::fonts::{CAP_HEIGHT, Faces, Style, faces};
use super::shaping;
use super::text::{Coverage, fit, wrap};
use crate::{Error, Result};

/// Points per millimetre.
pub(crate) const MM: f32 = 72.0 / 25.4;

/// A4, portrait, in millimetres.
const A4: (f32, f32) = (210.0, 297.0);

// Type sizes in pt: a clinical letter's 10.5 pt body, tables and running text a little smaller.
const BODY: f32 = 10.5;
const TABLE: f32 = 9.5;
const RUNNING: f32 = 8.5;
/// Line height as a multiple of the type size.
const LEADING: f32 = 1.4;

// Vertical space in pt above a paragraph, and above a key-value block or table.
const PARAGRAPH_GAP: f32 = 6.0;
const BLOCK_GAP: f32 = 9.0;
/// Between a key-value block's labels and its values.
const LABEL_GAP: f32 = 4.0 * MM;
/// Inside a table cell: (left and right, top and bottom).
const CELL_PAD: (f32, f32) = (4.0, 3.5);
/// A row taller than this share of the page is split, so no row overflows a page and a split
/// part still fits under a heading and the repeated header row.
const MAX_ROW_SHARE: f32 = 0.6;
const TICK_BOX: f32 = 10.0;
/// A chart's table of up to this many rows is kept on one page.
const KEEP_WHOLE_ROWS: usize = 15;

// Greys, from 0 (black) to 1 (white).
const INK: f32 = 0.0;
const MUTED: f32 = 0.35;
const HAIRLINE: f32 = 0.6;

/// Something drawn on a page, in pt, `x` from the left edge and `y` down from the top edge.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mark {
    pub(crate) x: f32,
    /// The baseline of text, the centre of a rule, the top of a tick box.
    pub(crate) y: f32,
    pub(crate) kind: Kind,
    /// What it is to someone listening to the file: the PDF is tagged from this.
    pub(crate) tag: Tag,
}

/// A mark is part of one element of the document's structure (a heading, a table cell…), or an
/// artifact: page furniture or decoration, which a screen reader passes over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    /// An index into [`Layout::structure`].
    Element(usize),
    Artifact(Artifact),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Artifact {
    /// The running header: title, date, the protective marking and notice after the first page.
    Header,
    /// The footer: "Page n of N" and the protective marking.
    Footer,
    /// A table's header row (and caption) repeated at the top of a later page: read once, where
    /// the table starts.
    Repeated,
    /// Lines under rows and headers: they separate, they say nothing.
    Decoration,
}

/// An element of the document's structure, in reading order: each comes after its parent and
/// after everything read before it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Element {
    pub(crate) role: Role,
    /// `None` for a child of the document itself.
    pub(crate) parent: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Role {
    Heading(Level),
    Paragraph,
    List,
    ListItem,
    /// A list item's bullet.
    Label,
    ListBody,
    Table,
    Row,
    HeaderCell(Scope),
    Cell,
    /// Something drawn that carries meaning, with the words that say what it is (its marks are
    /// not read out: the words stand for them).
    Figure(Cow<'static, str>),
}

/// Whether a header cell heads its column (a table's header row) or its row (a key-value label).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    Column,
    Row,
}

/// What a screen reader says for a tick box.
pub(crate) const TICK_BOX_ALT: &str = "Empty tick box, to tick by hand";

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    Text {
        text: String,
        style: Style,
        size: f32,
        grey: f32,
        /// Turned this many degrees anticlockwise about the start of its baseline (0: level).
        angle: f32,
    },
    /// A horizontal line.
    Rule {
        width: f32,
        thickness: f32,
        grey: f32,
    },
    TickBox {
        side: f32,
    },
    /// A rectangle, `y` its top edge.
    Rect {
        width: f32,
        height: f32,
        paint: Paint,
    },
    /// Straight lines through points given from the mark (`y` down), closed back to the first
    /// point when `closed`.
    Path {
        points: Vec<(f32, f32)>,
        closed: bool,
        paint: Paint,
    },
    /// A circle centred on the mark.
    Circle {
        radius: f32,
        paint: Paint,
    },
}

/// A colour: a grey from 0 (black) to 1 (white), or red, green and blue from 0 to 1 (sRGB).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Colour {
    Grey(f32),
    Rgb(f32, f32, f32),
}

/// How a shape is drawn: filled, outlined, or both. Always opaque.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Paint {
    pub(crate) fill: Option<Colour>,
    pub(crate) stroke: Option<Stroke>,
}

/// An outline: colour, thickness in pt, and a dash pattern (on, off) or solid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Stroke {
    pub(crate) colour: Colour,
    pub(crate) width: f32,
    pub(crate) dash: Option<(f32, f32)>,
}

/// The laid-out document: page size, the marks on each page and the structure they belong to.
pub(crate) struct Layout {
    pub(crate) frame: Frame,
    pub(crate) pages: Vec<Vec<Mark>>,
    pub(crate) structure: Vec<Element>,
}

/// The page and its text area, in pt, `y` down from the top edge.
pub(crate) struct Frame {
    pub(crate) width: f32,
    pub(crate) height: f32,
    left: f32,
    right: f32,
    top: f32,
    bottom: f32,
}

/// How far below the running header the body starts (mm from the top edge), without and with a notice line.
const BODY_TOP: f32 = 25.0;
const BODY_TOP_WITH_NOTICE: f32 = 29.5;
/// The notice's baseline, between the header rule and the body.
const NOTICE_Y: f32 = 23.5;

impl Frame {
    fn new(orientation: Orientation, notice: bool) -> Frame {
        let (width, height) = match orientation {
            Orientation::Portrait => A4,
            Orientation::Landscape => (A4.1, A4.0),
        };
        Frame {
            width: width * MM,
            height: height * MM,
            left: 18.0 * MM,
            right: (width - 18.0) * MM,
            top: if notice { BODY_TOP_WITH_NOTICE } else { BODY_TOP } * MM,
            bottom: (height - 22.0) * MM,
        }
    }

    fn body_width(&self) -> f32 {
        self.right - self.left
    }

    fn body_height(&self) -> f32 {
        self.bottom - self.top
    }
}

pub(crate) fn lay_out(doc: &Document, faces: &Faces, cover: &mut Coverage) -> Result<Layout> {
    let frame = Frame::new(doc.orientation, !doc.notice.trim().is_empty());
    let mut structure = Vec::new();
    let running = Running::new(doc, faces, cover, &mut structure);
    let (body, structure) = body_pages(&doc.blocks, faces, cover, &frame, structure)?;
    let total = body.len();
    let pages =
        body.into_iter().enumerate().map(|(i, marks)| running.around(marks, i + 1, total, faces, &frame)).collect();
    Ok(Layout { frame, pages, structure })
}

/// The blocks on pages, without the running header and footer, and the structure, which goes on
/// from `structure`.
fn body_pages(
    blocks: &[Block],
    faces: &Faces,
    cover: &mut Coverage,
    frame: &Frame,
    structure: Vec<Element>,
) -> Result<(Vec<Vec<Mark>>, Vec<Element>)> {
    let label_width = label_width(blocks, faces, frame);
    let mut flow = Flow {
        faces,
        cover,
        frame,
        label_width,
        items: Vec::new(),
        headers: Vec::new(),
        gap: None,
        extra_gap: 0.0,
        structure,
    };
    for (i, block) in blocks.iter().enumerate() {
        let items_before = flow.items.len();
        flow.block(block)?;
        if introduces(blocks, i) {
            // A heading's short introduction to a table or list stays with it, not alone at the foot
            // of a page above it.
            let laid = flow.items.len() - items_before;
            if let Some(Item::Piece(last)) = flow.items.last_mut().filter(|_| laid <= INTRODUCTION_LINES) {
                last.keep = true;
            }
        }
    }
    Ok((paginate(flow.items, &flow.headers, frame), flow.structure))
}

/// Lines at most in a paragraph kept with the table or list it introduces.
const INTRODUCTION_LINES: usize = 3;

/// Whether block `i` is a paragraph straight after a heading and straight before a table or list.
fn introduces(blocks: &[Block], i: usize) -> bool {
    matches!(blocks.get(i), Some(Block::Paragraph(_)))
        && i > 0
        && matches!(blocks.get(i - 1), Some(Block::Heading(..)))
        && matches!(blocks.get(i + 1), Some(Block::Table(_) | Block::List(_)))
}

/// The label column of every key-value block in a document: as wide as the widest label (within
/// limits), so values line up down the whole document rather than block by block.
fn label_width(blocks: &[Block], faces: &Faces, frame: &Frame) -> f32 {
    let bold = faces.get(Style::Bold);
    // Measured on a scratch coverage: the labels are cleaned (and counted) when laid out.
    let mut scratch = Coverage::default();
    let widest = (blocks.iter())
        .filter_map(|b| if let Block::KeyValues(pairs) = b { Some(pairs) } else { None })
        .flatten()
        .map(|(label, _)| bold.width(&scratch.clean(label, bold), BODY))
        .fold(0.0, f32::max);
    widest.clamp(25.0 * MM, frame.body_width() * 0.35)
}

/// Something placed whole: a line of a paragraph, a heading, a table row or part of a tall one.
#[derive(Clone)]
struct Piece {
    height: f32,
    /// Space above it, dropped at the top of a page.
    gap: f32,
    /// Must be on the same page as the next piece.
    keep: bool,
    /// The table header row (an index into the headers) to repeat above it when it starts a page.
    repeat: Option<usize>,
    /// With `y` from the top of the piece.
    marks: Vec<Mark>,
}

enum Item {
    Piece(Piece),
    PageBreak,
}

/// Turns blocks into pieces.
struct Flow<'a> {
    faces: &'a Faces,
    cover: &'a mut Coverage,
    frame: &'a Frame,
    /// Of every key-value block.
    label_width: f32,
    items: Vec<Item>,
    headers: Vec<Piece>,
    /// The space above the next piece when a heading sets it, instead of the piece's own.
    gap: Option<f32>,
    /// Added above the next piece by `Block::Space`.
    extra_gap: f32,
    structure: Vec<Element>,
}

impl Flow<'_> {
    fn block(&mut self, block: &Block) -> Result<()> {
        match block {
            Block::Heading(level, text) => self.heading(*level, text),
            Block::Paragraph(text) => self.paragraph(text),
            Block::List(items) => self.list(items),
            Block::KeyValues(pairs) => self.key_values(pairs),
            Block::Table(table) => self.table(table)?,
            Block::Chart(chart) => self.chart(chart)?,
            Block::Space(mm) => self.extra_gap += mm.max(0.0) * MM,
            Block::PageBreak => self.items.push(Item::PageBreak),
        }
        Ok(())
    }

    /// A new element of the structure, after every element made before it.
    fn element(&mut self, role: Role, parent: Option<usize>) -> usize {
        self.structure.push(Element { role, parent });
        self.structure.len() - 1
    }

    fn push(&mut self, mut piece: Piece) {
        piece.gap = self.gap.take().unwrap_or(piece.gap) + mem::take(&mut self.extra_gap);
        self.items.push(Item::Piece(piece));
    }

    fn lines(&mut self, text: &str, style: Style, size: f32, width: f32) -> Vec<String> {
        let face = self.faces.get(style);
        wrap(&self.cover.clean(text, face), face, size, width)
    }

    /// Every line of a heading stays with the next, and the last with what follows the heading.
    fn heading(&mut self, level: Level, text: &str) {
        // (size, space above, space below)
        let (size, above, below) = match level {
            Level::H1 => (16.0, 16.0, 7.0),
            Level::H2 => (13.0, 14.0, 5.0),
            Level::H3 => (11.0, 10.0, 3.0),
        };
        let lines = self.lines(text, Style::Bold, size, self.frame.body_width());
        let tag = Tag::Element(self.element(Role::Heading(level), None));
        self.line_pieces(&lines, Style::Bold, size, 1.25, above, tag, |_, _| true);
        self.gap = Some(below);
    }

    /// Widow and orphan control: a paragraph's first two lines stay together, and so do its last two.
    fn paragraph(&mut self, text: &str) {
        let lines = self.lines(text, Style::Regular, BODY, self.frame.body_width());
        let tag = Tag::Element(self.element(Role::Paragraph, None));
        self.line_pieces(&lines, Style::Regular, BODY, LEADING, PARAGRAPH_GAP, tag, widows_and_orphans);
    }

    /// A bullet list: each item's lines hang from its bullet, and keep together as a paragraph's do.
    fn list(&mut self, items: &[String]) {
        let regular = self.faces.get(Style::Regular);
        let indent = regular.width(BULLET, BODY) + regular.char_width(' ', BODY) * 2.0;
        let list = self.element(Role::List, None);
        let line_height = BODY * LEADING;
        for (n, item) in items.iter().enumerate() {
            let lines = self.lines(item, Style::Regular, BODY, self.frame.body_width() - indent);
            let entry = self.element(Role::ListItem, Some(list));
            let label = Tag::Element(self.element(Role::Label, Some(entry)));
            let body = Tag::Element(self.element(Role::ListBody, Some(entry)));
            // A right-to-left item hangs from a bullet on the right.
            let rtl = lines.first().is_some_and(|line| shaping::is_right_to_left(line));
            let left = self.frame.left;
            let (bullet_x, body_x) =
                if rtl { (self.frame.right - regular.width(BULLET, BODY), left) } else { (left, left + indent) };
            let body_width = self.frame.body_width() - indent;
            for (i, line) in lines.iter().enumerate() {
                let mut marks = Vec::new();
                if i == 0 {
                    marks = text_lines(&[BULLET.to_string()], bullet_x, 0.0, 0.0, line_height, BODY, Style::Regular, label);
                }
                marks.extend(text_lines(std::slice::from_ref(line), body_x, body_width, 0.0, line_height, BODY, Style::Regular, body));
                let gap = if i == 0 && n == 0 { PARAGRAPH_GAP } else { 0.0 };
                let keep = widows_and_orphans(i, lines.len());
                self.push(Piece { height: line_height, gap, keep, repeat: None, marks });
            }
        }
    }

    /// One piece a line, `gap` above the first; `keep(i, count)` says whether line `i` stays with the next.
    #[allow(clippy::too_many_arguments)]
    fn line_pieces(
        &mut self,
        lines: &[String],
        style: Style,
        size: f32,
        leading: f32,
        gap: f32,
        tag: Tag,
        keep: impl Fn(usize, usize) -> bool,
    ) {
        let line_height = size * leading;
        for (i, line) in lines.iter().enumerate() {
            let marks = text_lines(std::slice::from_ref(line), self.frame.left, self.frame.body_width(), 0.0, line_height, size, style, tag);
            let gap = if i == 0 { gap } else { 0.0 };
            self.push(Piece { height: line_height, gap, keep: keep(i, lines.len()), repeat: None, marks });
        }
    }

    /// Labels in bold in the document's label column, values beside them.
    fn key_values(&mut self, pairs: &[(String, String)]) {
        let bold = self.faces.get(Style::Bold);
        let labels: Vec<String> = pairs.iter().map(|(label, _)| self.cover.clean(label, bold)).collect();
        let width = self.frame.body_width();
        let label_width = self.label_width;
        let grid = Grid {
            lefts: vec![self.frame.left, self.frame.left + label_width + LABEL_GAP],
            widths: vec![label_width, width - label_width - LABEL_GAP],
            size: BODY,
            pad: (0.0, 2.0),
        };
        // A table without a header row to a screen reader: each label heads its row.
        let table = self.element(Role::Table, None);
        for (i, (label, (_, value))) in labels.iter().zip(pairs).enumerate() {
            let row = self.element(Role::Row, Some(table));
            let label_tag = Tag::Element(self.element(Role::HeaderCell(Scope::Row), Some(row)));
            let value_tag = Tag::Element(self.element(Role::Cell, Some(row)));
            let cells = [
                Laid::Lines(wrap(label, bold, BODY, label_width), Style::Bold, label_tag),
                self.cell(&grid, 1, value, Style::Regular, value_tag),
            ];
            for (part, mut piece) in grid.row(&cells, 1, None, self.max_row_lines(&grid)).into_iter().enumerate() {
                piece.gap = if i == 0 && part == 0 { BLOCK_GAP } else { 0.0 };
                self.push(piece);
            }
        }
    }

    fn table(&mut self, table: &Table) -> Result<()> {
        let columns = &table.columns;
        let grid = Grid::new(self.frame.left, column_widths(columns, self.frame.body_width())?);
        if let Some(row) = table.rows.iter().find(|row| row.cells.len() != columns.len()) {
            let (cells, wanted) = (row.cells.len(), columns.len());
            return Err(Error::Internal(format!("a report table row has {cells} cells for {wanted} columns")));
        }
        let element = self.element(Role::Table, None);
        let header_row = self.element(Role::Row, Some(element));
        let header: Vec<Laid> = (columns.iter().enumerate())
            .map(|(i, column)| {
                let tag = Tag::Element(self.element(Role::HeaderCell(Scope::Column), Some(header_row)));
                self.cell(&grid, i, &column.header, Style::Bold, tag)
            })
            .collect();
        // The header row is never split: it has to fit above rows on every page.
        let mut header = grid.row(&header, 1, Some((0.8, INK)), usize::MAX).remove(0);
        header.keep = !table.rows.is_empty();
        // On later pages the header row comes back, under the table's caption if it has one: for
        // the eye only, as a screen reader has the table whole.
        let mut repeated = header.clone();
        for mark in &mut repeated.marks {
            mark.tag = Tag::Artifact(Artifact::Repeated);
        }
        if let Some(caption) = &table.continued {
            let line_height = BODY * LEADING;
            let lines = self.lines(caption, Style::Bold, BODY, self.frame.body_width());
            let above = lines.len() as f32 * line_height + 2.0;
            let tag = Tag::Artifact(Artifact::Repeated);
            let mut marks = text_lines(&lines, self.frame.left, self.frame.body_width(), 0.0, line_height, BODY, Style::Bold, tag);
            marks.extend(repeated.marks.iter().cloned().map(|mut m| {
                m.y += above;
                m
            }));
            repeated = Piece { height: repeated.height + above, marks, ..repeated };
        }
        self.headers.push(repeated);
        let repeat = Some(self.headers.len() - 1);
        self.push(Piece { gap: BLOCK_GAP, ..header });
        for row in &table.rows {
            let style = if row.emphasis { Style::Bold } else { Style::Regular };
            let row_element = self.element(Role::Row, Some(element));
            let cells: Vec<Laid> = (row.cells.iter().enumerate())
                .map(|(i, cell)| {
                    let cell_element = self.element(Role::Cell, Some(row_element));
                    match cell {
                        Cell::Text(text) => self.cell(&grid, i, text, style, Tag::Element(cell_element)),
                        Cell::TickBox => {
                            Laid::TickBox(Tag::Element(self.element(Role::Figure(Cow::Borrowed(TICK_BOX_ALT)), Some(cell_element))))
                        }
                    }
                })
                .collect();
            let rule = Some((0.4, HAIRLINE));
            for piece in grid.row(&cells, table.min_row_lines, rule, self.max_row_lines(&grid)) {
                self.push(Piece { repeat, ..piece });
            }
        }
        Ok(())
    }

    /// The chart, whole on one page (a new one when it does not fit), as one figure whose words
    /// are its summary; then its figures as a table, unless it has none.
    fn chart(&mut self, chart: &crate::charts::Chart) -> Result<()> {
        let figure = self.element(Role::Figure(Cow::Owned(chart.summary.clone())), None);
        // Room on a page under the heading that stays with it.
        let max_height = self.frame.body_height() - 60.0;
        let drawn = chart::draw(chart, self.frame.left, self.frame.body_width(), max_height, self.faces, self.cover, Tag::Element(figure));
        let has_table = !chart.categories.is_empty() && !chart.series.is_empty();
        let at = self.items.len();
        self.push(Piece { height: drawn.height, gap: BLOCK_GAP, keep: false, repeat: None, marks: drawn.marks });
        if !has_table {
            return Ok(());
        }
        self.table(&chart_table(chart))?;
        // A short table is kept whole, so no row is left alone on the next page, and on the
        // chart's page when chart and table fit on one under their heading, so the numbers are
        // beside their drawing.
        if chart.categories.len() <= KEEP_WHOLE_ROWS {
            let pieces = || self.items[at..].iter().filter_map(|item| if let Item::Piece(p) = item { Some(p) } else { None });
            let together: f32 = pieces().map(|p| p.height + p.gap).sum();
            let with_chart = together <= max_height;
            let last = self.items.len() - 1;
            for item in &mut self.items[at..last] {
                if let Item::Piece(piece) = item {
                    piece.keep = true;
                }
            }
            if let Item::Piece(chart) = &mut self.items[at] {
                chart.keep = with_chart;
            }
        }
        Ok(())
    }

    fn cell(&mut self, grid: &Grid, column: usize, text: &str, style: Style, tag: Tag) -> Laid {
        Laid::Lines(self.lines(text, style, grid.size, grid.widths[column] - 2.0 * grid.pad.0), style, tag)
    }

    fn max_row_lines(&self, grid: &Grid) -> usize {
        let room = self.frame.body_height() * MAX_ROW_SHARE - 2.0 * grid.pad.1;
        ((room / grid.line_height()).floor() as usize).max(1)
    }
}

/// The columns of a table or key-value block, in pt.
struct Grid {
    lefts: Vec<f32>,
    widths: Vec<f32>,
    size: f32,
    /// Inside each cell: (left and right, top and bottom).
    pad: (f32, f32),
}

/// A cell ready to place, with what it is in the structure.
enum Laid {
    Lines(Vec<String>, Style, Tag),
    TickBox(Tag),
}

impl Grid {
    /// A table's grid: columns side by side from `left`.
    fn new(left: f32, widths: Vec<f32>) -> Grid {
        let lefts = widths.iter().scan(left, |x, width| Some(mem::replace(x, *x + width))).collect();
        Grid { lefts, widths, size: TABLE, pad: CELL_PAD }
    }

    fn line_height(&self) -> f32 {
        self.size * LEADING
    }

    /// A row at least `min_lines` tall, as pieces: one, or one per `max_lines` lines when it is
    /// taller. Each piece ends with the rule `(thickness, grey)`, if any.
    fn row(&self, cells: &[Laid], min_lines: usize, rule: Option<(f32, f32)>, max_lines: usize) -> Vec<Piece> {
        let count = cells.iter().map(Laid::line_count).max().unwrap_or(1).max(min_lines).max(1);
        (0..count)
            .step_by(max_lines)
            .map(|first| self.part(cells, first..count.min(first.saturating_add(max_lines)), rule))
            .collect()
    }

    fn part(&self, cells: &[Laid], lines: std::ops::Range<usize>, rule: Option<(f32, f32)>) -> Piece {
        let (pad_x, pad_y) = self.pad;
        let line_height = self.line_height();
        let height = lines.len() as f32 * line_height + 2.0 * pad_y;
        let mut marks = Vec::new();
        for ((cell, left), width) in cells.iter().zip(&self.lefts).zip(&self.widths) {
            match cell {
                Laid::Lines(text, style, tag) => {
                    let shown = &text[lines.start.min(text.len())..lines.end.min(text.len())];
                    let inner = width - 2.0 * pad_x;
                    marks.extend(text_lines(shown, left + pad_x, inner, pad_y, line_height, self.size, *style, *tag));
                }
                Laid::TickBox(tag) if lines.start == 0 => marks.push(Mark {
                    x: left + pad_x,
                    y: pad_y + (line_height - TICK_BOX) / 2.0,
                    kind: Kind::TickBox { side: TICK_BOX },
                    tag: *tag,
                }),
                Laid::TickBox(_) => {}
            }
        }
        if let Some((thickness, grey)) = rule {
            let width = self.lefts.last().zip(self.widths.last()).map_or(0.0, |(l, w)| l + w) - self.lefts[0];
            let tag = Tag::Artifact(Artifact::Decoration);
            marks.push(Mark { x: self.lefts[0], y: height, kind: Kind::Rule { width, thickness, grey }, tag });
        }
        Piece { height, gap: 0.0, keep: false, repeat: None, marks }
    }
}

impl Laid {
    fn line_count(&self) -> usize {
        match self {
            Laid::Lines(lines, ..) => lines.len(),
            Laid::TickBox(_) => 1,
        }
    }
}

/// Marks for `lines` from `top`, one every `line_height`, capitals centred in each line; a
/// right-to-left line (of a paragraph whose first strong character is right to left) ends at the
/// right of the `width` it was wrapped to, the others start at `x`.
#[allow(clippy::too_many_arguments)]
fn text_lines(lines: &[String], x: f32, width: f32, top: f32, line_height: f32, size: f32, style: Style, tag: Tag) -> Vec<Mark> {
    let baseline = (line_height + CAP_HEIGHT * size) / 2.0;
    let right_aligned = |line: &str| match faces() {
        Ok(faces) if shaping::is_right_to_left(line) => x + (width - faces.get(style).width(line, size)).max(0.0),
        _ => x,
    };
    (lines.iter().enumerate())
        .filter(|(_, line)| !line.is_empty())
        .map(|(i, line)| Mark {
            x: right_aligned(line),
            y: top + i as f32 * line_height + baseline,
            kind: Kind::Text { text: line.clone(), style, size, grey: INK, angle: 0.0 },
            tag,
        })
        .collect()
}

/// A paragraph's or list item's first two lines stay together, and so do its last two.
fn widows_and_orphans(i: usize, count: usize) -> bool {
    i + 1 < count && (i == 0 || i + 2 == count)
}

/// What starts each item of a list.
const BULLET: &str = "•";

/// Column widths in pt: fixed ones as given, the rest shared out in proportion.
fn column_widths(columns: &[Column], total: f32) -> Result<Vec<f32>> {
    let fail = |why: String| Err(Error::Internal(format!("a report table {why}")));
    if columns.is_empty() {
        return fail("has no columns".into());
    }
    let number = |width: Width| match width {
        Width::Fixed(mm) => mm,
        Width::Share(share) => share,
    };
    if let Some(column) = columns.iter().find(|c| !(number(c.width).is_finite() && number(c.width) > 0.0)) {
        return fail(format!("column {:?} has width {:?}", column.header, column.width));
    }
    let fixed: f32 =
        columns.iter().filter_map(|c| if let Width::Fixed(mm) = c.width { Some(mm * MM) } else { None }).sum();
    let shares: f32 = columns.iter().filter_map(|c| if let Width::Share(s) = c.width { Some(s) } else { None }).sum();
    if fixed > total + 0.01 {
        return fail(format!("is {:.0} mm wide but the page has room for {:.0} mm", fixed / MM, total / MM));
    }
    let width = |column: &Column| match column.width {
        Width::Fixed(mm) => mm * MM,
        Width::Share(share) => (total - fixed) * share / shares,
    };
    Ok(columns.iter().map(width).collect())
}

/// Places pieces on pages. A piece that does not fit, together with the pieces it keeps with,
/// starts a new page; a table row starting a page brings its header row.
fn paginate(mut items: Vec<Item>, headers: &[Piece], frame: &Frame) -> Vec<Vec<Mark>> {
    let limit = frame.body_height();
    let mut pages = vec![Vec::new()];
    let mut y = 0.0;
    for i in 0..items.len() {
        let chain = together(&items[i..], limit);
        let Item::Piece(piece) = &mut items[i] else {
            if y > 0.0 {
                pages.push(Vec::new());
                y = 0.0;
            }
            continue;
        };
        // A chain longer than a page cannot be kept together; then only the piece itself must fit.
        let needed = if chain > limit { piece.height } else { chain };
        if y > 0.0 && y + piece.gap + needed > limit {
            pages.push(Vec::new());
            y = 0.0;
        }
        let page = pages.last_mut().expect("there is always a page");
        if y > 0.0 {
            y += piece.gap;
        } else if let Some(header) = piece.repeat.map(|h| &headers[h]) {
            place(page, header.marks.iter().cloned(), frame.top);
            y = header.height;
        }
        place(page, mem::take(&mut piece.marks), frame.top + y);
        y += piece.height;
    }
    pages
}

/// The height of the first item and of the pieces it must stay on a page with (up to `limit`).
fn together(items: &[Item], limit: f32) -> f32 {
    let mut height = 0.0;
    for (i, item) in items.iter().enumerate() {
        let Item::Piece(piece) = item else { break };
        height += piece.height + if i > 0 { piece.gap } else { 0.0 };
        if !piece.keep || height > limit {
            break;
        }
    }
    height
}

fn place(page: &mut Vec<Mark>, marks: impl IntoIterator<Item = Mark>, top: f32) {
    page.extend(marks.into_iter().map(|mark| Mark { y: mark.y + top, ..mark }));
}

/// The running header and footer, cleaned once for every page.
struct Running {
    title: String,
    right: String,
    marking: String,
    notice: String,
    /// The paragraphs the marking and notice are on the first page: a screen reader reads them
    /// once, before the body, and passes over their repeats.
    marking_element: Option<usize>,
    notice_element: Option<usize>,
}

impl Running {
    fn new(doc: &Document, faces: &Faces, cover: &mut Coverage, structure: &mut Vec<Element>) -> Running {
        let regular = faces.get(Style::Regular);
        let marking = cover.clean(&doc.marking, faces.get(Style::Bold)).replace('\n', " ");
        let notice = cover.clean(doc.notice.trim(), faces.get(Style::Bold)).replace('\n', " ");
        let mut paragraph = |text: &str| {
            (!text.is_empty()).then(|| {
                structure.push(Element { role: Role::Paragraph, parent: None });
                structure.len() - 1
            })
        };
        let (marking_element, notice_element) = (paragraph(&marking), paragraph(&notice));
        Running {
            title: cover.clean(&doc.title, regular).replace('\n', " "),
            right: cover.clean(&doc.header_right, regular).replace('\n', " "),
            marking,
            notice,
            marking_element,
            notice_element,
        }
    }

    /// Page `n` of `total`: header, then the body, then the footer, so text extracts in reading order.
    fn around(&self, body: Vec<Mark>, n: usize, total: usize, faces: &Faces, frame: &Frame) -> Vec<Mark> {
        let (regular, bold) = (faces.get(Style::Regular), faces.get(Style::Bold));
        let (header, footer) = (Tag::Artifact(Artifact::Header), Tag::Artifact(Artifact::Footer));
        let first = |element: Option<usize>| match element {
            Some(element) if n == 1 => Tag::Element(element),
            _ => header,
        };
        let text = |text: &str, x: f32, y_mm: f32, style: Style, tag: Tag| Mark {
            x,
            y: y_mm * MM,
            kind: Kind::Text {
                text: text.to_string(),
                style,
                size: RUNNING,
                grey: if style == Style::Bold { INK } else { MUTED },
                angle: 0.0,
            },
            tag,
        };
        let centred = |y_mm: f32, tag: Tag| {
            text(&self.marking, (frame.width - bold.width(&self.marking, RUNNING)) / 2.0, y_mm, Style::Bold, tag)
        };
        let rule = |y_mm: f32, tag: Tag| Mark {
            x: frame.left,
            y: y_mm * MM,
            kind: Kind::Rule { width: frame.body_width(), thickness: 0.5, grey: HAIRLINE },
            tag,
        };
        let page_mm = frame.height / MM;
        let right_width = regular.width(&self.right, RUNNING);
        let title = fit(&self.title, regular, RUNNING, frame.body_width() - right_width - 8.0 * MM);
        let page = format!("Page {n} of {total}");

        let mut marks = Vec::with_capacity(body.len() + 7);
        if !self.marking.is_empty() {
            marks.push(centred(9.0, first(self.marking_element)));
        }
        marks.push(text(&title, frame.left, 16.0, Style::Regular, header));
        marks.push(text(&self.right, frame.right - right_width, 16.0, Style::Regular, header));
        marks.push(rule(18.5, header));
        if !self.notice.is_empty() {
            let notice = fit(&self.notice, bold, RUNNING, frame.body_width());
            marks.push(text(&notice, frame.left, NOTICE_Y, Style::Bold, first(self.notice_element)));
        }
        marks.extend(body);
        marks.push(rule(page_mm - 17.0, footer));
        let page_x = frame.right - regular.width(&page, RUNNING);
        marks.push(text(&page, page_x, page_mm - 12.5, Style::Regular, footer));
        if !self.marking.is_empty() {
            marks.push(centred(page_mm - 7.5, footer));
        }
        marks.retain(|mark| !matches!(&mark.kind, Kind::Text { text, .. } if text.is_empty()));
        marks
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::fonts::faces;
    use crate::reports::{Column, Table};

    fn body(blocks: Vec<Block>) -> (Frame, Vec<Vec<Mark>>) {
        let frame = Frame::new(Orientation::Portrait, false);
        let (pages, _) = body_pages(&blocks, faces().unwrap(), &mut Coverage::default(), &frame, Vec::new()).unwrap();
        (frame, pages)
    }

    fn texts(page: &[Mark]) -> Vec<&str> {
        (page.iter())
            .filter_map(|m| if let Kind::Text { text, .. } = &m.kind { Some(text.as_str()) } else { None })
            .collect()
    }

    #[test]
    fn nothing_runs_past_the_body_even_when_a_block_is_taller_than_a_page() {
        let huge = "word ".repeat(3000);
        let mut table = Table::new([Column::share("Notes", 1.0), Column::fixed("Done", 15.0)]);
        table.row([Cell::Text(huge.clone()), Cell::TickBox]);
        let blocks = vec![
            Block::Heading(Level::H1, huge.clone()),
            Block::Table(table),
            Block::KeyValues(vec![("Notes".into(), huge.clone())]),
            Block::Space(1e9),
            Block::Paragraph("end".into()),
        ];
        let (frame, pages) = body(blocks);
        assert!(pages.len() > 10, "{} pages", pages.len());
        for mark in pages.iter().flatten() {
            assert!(mark.y >= frame.top && mark.y <= frame.bottom + 0.01, "{mark:?}");
        }
        let words = pages.iter().flat_map(|p| texts(p)).flat_map(str::split_whitespace).filter(|w| *w == "word");
        assert_eq!(words.count(), 9000);
        let tick_boxes = pages.iter().flatten().filter(|m| matches!(m.kind, Kind::TickBox { .. }));
        assert_eq!(tick_boxes.count(), 1, "a split row draws its tick box once");
    }

    #[test]
    fn space_is_dropped_at_the_top_of_a_page() {
        let (frame, pages) = body(vec![Block::Space(50.0), Block::Paragraph("first".into())]);
        assert!(pages[0][0].y < frame.top + BODY * LEADING);
    }

    #[test]
    fn column_widths_fill_the_width_in_proportion() {
        let columns = [Column::fixed("a", 20.0), Column::share("b", 2.0), Column::share("c", 1.0)];
        let widths = column_widths(&columns, 100.0 * MM).unwrap();
        let mm: Vec<f32> = widths.iter().map(|w| (w / MM).round()).collect();
        assert_eq!(mm, [20.0, 53.0, 27.0]);
        assert!(column_widths(&[Column::share("a", f32::NAN)], 100.0).is_err());
        assert!(column_widths(&[Column::share("a", 0.0)], 100.0).is_err());
        assert!(column_widths(&[], 100.0).is_err());
    }
}
