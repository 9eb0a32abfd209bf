//! Draws a laid-out document with printpdf and writes the file.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use std::io::Write;

use flate2::Compression;
use flate2::write::ZlibEncoder;
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
    drop_pdfx_claim(&mut file);
    set_id(&mut file, &doc.title, created);
    compress(&mut file)?;
    let mut bytes = Vec::new();
    file.save_to(&mut bytes).map_err(|e| Error::Internal(format!("writing a report PDF: {e}")))?;
    Ok(bytes)
}

fn pdf_date(date: DateTime<Utc>) -> Result<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(date.timestamp())
        .map_err(|e| Error::Internal(format!("the report date {date} cannot be written to a PDF: {e}")))
}

fn font_id(style: Style) -> FontId {
    // Called at every change of font on every page: a fixed name, not a formatted one.
    FontId(
        match style {
            Style::Regular => "Regular",
            Style::Bold => "Bold",
        }
        .to_string(),
    )
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
    let mut pen = Pen { ops: Vec::with_capacity(marks.len() * 5), font: None, fill: None, stroke: None };
    for mark in marks {
        let (x, y) = (Pt(mark.x), Pt(page_height - mark.y));
        match mark.kind {
            Kind::Text { text, style, size, grey } => {
                pen.fill(grey);
                pen.font(style, size);
                pen.ops.extend([
                    Op::StartTextSection,
                    Op::SetTextCursor { pos: Point { x, y } },
                    Op::ShowText { items: vec![TextItem::Text(text)] },
                    Op::EndTextSection,
                ]);
            }
            Kind::Rule { width, thickness, grey } => {
                pen.stroke(grey, thickness);
                let end = Point { x: Pt(mark.x + width), y };
                let points = [Point { x, y }, end].map(|p| LinePoint { p, bezier: false }).to_vec();
                pen.ops.push(Op::DrawLine { line: Line { points, is_closed: false } });
            }
            Kind::TickBox { side } => {
                pen.stroke(0.0, 0.7);
                let (width, height, mode) = (Pt(side), Pt(side), Some(PaintMode::Stroke));
                let rectangle = Rect { x, y: Pt(y.0 - side), width, height, mode, winding_order: None };
                pen.ops.push(Op::DrawRectangle { rectangle });
            }
        }
    }
    pen.ops
}

/// Sets font and colours only when they change. They are graphics state, which outlasts each
/// text object, so a page's stream (and the time to compress it) stays small.
struct Pen {
    ops: Vec<Op>,
    font: Option<(Style, f32)>,
    fill: Option<f32>,
    /// Grey and thickness.
    stroke: Option<(f32, f32)>,
}

impl Pen {
    fn font(&mut self, style: Style, size: f32) {
        if self.font.replace((style, size)) != Some((style, size)) {
            self.ops.push(Op::SetFont { font: PdfFontHandle::External(font_id(style)), size: Pt(size) });
        }
    }

    fn fill(&mut self, grey: f32) {
        if self.fill.replace(grey) != Some(grey) {
            self.ops.push(Op::SetFillColor { col: grey_colour(grey) });
        }
    }

    fn stroke(&mut self, grey: f32, thickness: f32) {
        if self.stroke.replace((grey, thickness)) != Some((grey, thickness)) {
            self.ops.push(Op::SetOutlineColor { col: grey_colour(grey) });
            self.ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        }
    }
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

/// printpdf writes an (empty) /GTS_PDFXVersion into the Info dictionary of every file, and readers
/// take the key as a claim of PDF/X print conformance, which these files do not meet.
fn drop_pdfx_claim(file: &mut lopdf::Document) {
    let info = file.trailer.get(b"Info").and_then(Object::as_reference);
    if let Ok(info) = info.and_then(|id| file.get_dictionary_mut(id)) {
        info.remove(b"GTS_PDFXVersion");
    }
}

/// Compresses every stream at zlib's fastest level. lopdf's own `compress` takes the best level,
/// which on these files costs a sixth of the render time and saves nothing worth having (the
/// sample minutes are 29 KB either way). The default level was still over a quarter of the time
/// on forty cases of minutes (the ten-year benchmark); the fastest makes the 41-page sample
/// 122 KB instead of 90 KB and renders it in 24 ms instead of 28.
fn compress(file: &mut lopdf::Document) -> Result<()> {
    let fail = |e: std::io::Error| Error::Internal(format!("compressing a report PDF: {e}"));
    for stream in file.objects.values_mut().filter_map(|object| object.as_stream_mut().ok()) {
        if stream.allows_compression && !stream.dict.has(b"Filter") {
            let mut encoder = ZlibEncoder::new(Vec::new(), Compression::fast());
            encoder.write_all(&stream.content).map_err(fail)?;
            stream.set_content(encoder.finish().map_err(fail)?);
            stream.dict.set("Filter", "FlateDecode");
        }
    }
    Ok(())
}
