//! Draws a laid-out document with printpdf and writes the file.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use lopdf::Object;
use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Mm, OffsetDateTime, Op, PaintMode, PdfDocument, PdfFont, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem,
};

use super::document::Document;
use super::fingerprint;
use super::fonts::{Faces, Style, faces};
use super::layout::{Kind, Layout, MM, Mark, lay_out};
use super::text::Coverage;
use crate::{Error, Result};

/// A rendered report, and what the renderer could not print as given.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// Characters the font has no glyph for (e.g. Chinese, emoji), each once in the order met.
    /// They print as "�", so the gap shows on paper.
    pub missing_chars: Vec<char>,
    /// How many characters printed as "�" in all.
    pub replaced: usize,
}

const PRODUCER: &str = "MDT Assistant";

pub fn render(doc: &Document) -> Result<Rendered> {
    let faces = faces()?;
    let mut cover = Coverage::default();
    let layout = lay_out(doc, faces, &mut cover)?;
    let pages = layout.pages.len();
    let pdf = write(doc, layout, faces)?;
    Ok(Rendered { pdf, pages, missing_chars: cover.missing, replaced: cover.replaced })
}

fn write(doc: &Document, layout: Layout, faces: &Faces) -> Result<Vec<u8>> {
    let created = doc.created.unwrap_or_else(Utc::now);
    let mut pdf = PdfDocument::new(&doc.title);
    let info = &mut pdf.metadata.info;
    info.creation_date = pdf_date(created)?;
    info.modification_date = info.creation_date;
    info.metadata_date = info.creation_date;
    info.producer = PRODUCER.into();
    info.creator = PRODUCER.into();
    for style in Style::ALL {
        let chars = used_chars(&layout.pages, style);
        if !chars.is_empty() {
            pdf.resources.fonts.map.insert(font_id(style), PdfFont::new(faces.get(style).subset(&chars)?));
        }
    }
    let (width, height) = (layout.frame.width, layout.frame.height);
    pdf.pages = layout
        .pages
        .into_iter()
        .map(|marks| PdfPage::new(Mm(width / MM), Mm(height / MM), ops(marks, height)))
        .collect();

    let mut warnings = Vec::new();
    let mut file = pdf.to_lopdf_document(&PdfSaveOptions::default(), &mut warnings);
    for warning in warnings {
        tracing::warn!(page = warning.page, "printpdf: {}", warning.msg);
    }
    set_id(&mut file, &doc.title, created);
    file.compress();
    let mut bytes = Vec::new();
    file.save_to(&mut bytes).map_err(|e| Error::Internal(format!("writing a report PDF: {e}")))?;
    Ok(bytes)
}

fn pdf_date(date: DateTime<Utc>) -> Result<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(date.timestamp())
        .map_err(|e| Error::Internal(format!("the report date {date} cannot be written to a PDF: {e}")))
}

fn font_id(style: Style) -> FontId {
    FontId(format!("{style:?}"))
}

fn used_chars(pages: &[Vec<Mark>], style: Style) -> BTreeSet<char> {
    (pages.iter().flatten())
        .filter_map(|mark| match &mark.kind {
            Kind::Text { text, style: s, .. } if *s == style => Some(text.chars()),
            _ => None,
        })
        .flatten()
        .collect()
}

/// printpdf operations for a page's marks; PDF measures `y` up from the bottom edge.
fn ops(marks: Vec<Mark>, page_height: f32) -> Vec<Op> {
    let mut ops = Vec::with_capacity(marks.len() * 6);
    for mark in marks {
        let (x, y) = (Pt(mark.x), Pt(page_height - mark.y));
        match mark.kind {
            Kind::Text { text, style, size, grey } => ops.extend([
                Op::StartTextSection,
                Op::SetFillColor { col: grey_colour(grey) },
                Op::SetFont { font: PdfFontHandle::External(font_id(style)), size: Pt(size) },
                Op::SetTextCursor { pos: Point { x, y } },
                Op::ShowText { items: vec![TextItem::Text(text)] },
                Op::EndTextSection,
            ]),
            Kind::Rule { width, thickness, grey } => {
                let end = Point { x: Pt(mark.x + width), y };
                let points = [Point { x, y }, end].map(|p| LinePoint { p, bezier: false }).to_vec();
                ops.extend([
                    Op::SetOutlineColor { col: grey_colour(grey) },
                    Op::SetOutlineThickness { pt: Pt(thickness) },
                    Op::DrawLine { line: Line { points, is_closed: false } },
                ]);
            }
            Kind::TickBox { side } => ops.extend([
                Op::SetOutlineColor { col: grey_colour(0.0) },
                Op::SetOutlineThickness { pt: Pt(0.7) },
                Op::DrawRectangle {
                    rectangle: Rect {
                        x,
                        y: Pt(y.0 - side),
                        width: Pt(side),
                        height: Pt(side),
                        mode: Some(PaintMode::Stroke),
                        winding_order: None,
                    },
                },
            ]),
        }
    }
    ops
}

fn grey_colour(grey: f32) -> Color {
    Color::Greyscale(Greyscale::new(grey, None))
}

/// The file's /ID. printpdf draws a fresh random one on every save; a fingerprint of the content
/// (page streams and fonts), title and date instead makes the same report the same file, while
/// different reports still get different ids.
fn set_id(file: &mut lopdf::Document, title: &str, created: DateTime<Utc>) {
    let streams = file.objects.values().filter_map(|object| object.as_stream().ok()).map(|s| s.content.as_slice());
    let seconds = created.timestamp().to_be_bytes();
    let id = format!("{:016x}", fingerprint(streams.chain([title.as_bytes(), seconds.as_slice()])));
    file.trailer.set("ID", Object::Array(vec![Object::string_literal(id.clone()), Object::string_literal(id)]));
}
