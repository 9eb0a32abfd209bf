//! Draws a laid-out document and writes the file with `pdf-writer`: page content streams are
//! written straight from the marks (no intermediate operation lists), and built and compressed
//! on every core at once; the fonts are subset with allsorts and embedded as CID fonts with a
//! ToUnicode map, so the text can be searched, copied and read back.
//!
//! pdf-writer also writes structure trees, marked content and XMP metadata, which tagged PDF
//! (PDF/A-2a, PDF/UA) needs.

use std::collections::BTreeSet;
use std::io::Write;
use std::num::NonZeroUsize;

use chrono::{DateTime, Utc};
use flate2::Compression;
use flate2::write::ZlibEncoder;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::document::Document;
use super::fingerprint;
use super::fonts::{Face, Faces, Style, Subset, faces};
use super::layout::{Kind, Layout, Mark, lay_out};
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
    let pdf = write(doc, &layout, faces)?;
    Ok(Rendered { pdf, pages, missing_chars: cover.missing, replaced: cover.replaced })
}

/// A face as embedded in one file: its subset and the name pages use for it.
struct Embedded<'a> {
    style: Style,
    face: &'a Face,
    subset: Subset,
}

fn resource_name(style: Style) -> Name<'static> {
    match style {
        Style::Regular => Name(b"Regular"),
        Style::Bold => Name(b"Bold"),
    }
}

/// A page's content stream, compressed, and a fingerprint of it uncompressed.
struct PageStream {
    compressed: Vec<u8>,
    hash: u64,
}

fn write(doc: &Document, layout: &Layout, faces: &Faces) -> Result<Vec<u8>> {
    let created = doc.created.unwrap_or_else(Utc::now);
    // The two faces are subset side by side while the pages wait for them.
    let fonts: Vec<Embedded<'_>> = std::thread::scope(|scope| {
        let jobs: Vec<_> = Style::ALL
            .into_iter()
            .map(|style| {
                let pages = &layout.pages;
                scope.spawn(move || -> Result<Option<Embedded<'_>>> {
                    let chars = used_chars(pages, style);
                    if chars.is_empty() {
                        return Ok(None);
                    }
                    let face = faces.get(style);
                    Ok(Some(Embedded { style, face, subset: face.subset(&chars)? }))
                })
            })
            .collect();
        jobs.into_iter()
            .map(|job| job.join().unwrap_or_else(|_| Err(Error::Internal("subsetting a report font failed".into()))))
            .filter_map(Result::transpose)
            .collect::<Result<Vec<_>>>()
    })?;
    let height = layout.frame.height;
    let streams = in_parallel(&layout.pages, |marks| page_stream(marks, height, &fonts))?;

    let mut pdf = Pdf::new();
    let mut next = Ref::new(1);
    let mut alloc = || next.bump();
    let (catalog, tree, info) = (alloc(), alloc(), alloc());
    pdf.catalog(catalog).pages(tree);

    let mut font_refs = Vec::new();
    for font in &fonts {
        let (type0, cid, descriptor, file, cmap) = (alloc(), alloc(), alloc(), alloc(), alloc());
        embed(&mut pdf, font, [type0, cid, descriptor, file, cmap])?;
        font_refs.push((resource_name(font.style), type0));
    }

    let page_refs: Vec<(Ref, Ref)> = streams.iter().map(|_| (alloc(), alloc())).collect();
    pdf.pages(tree).kids(page_refs.iter().map(|&(page, _)| page)).count(page_refs.len() as i32);
    let media = Rect::new(0.0, 0.0, layout.frame.width, layout.frame.height);
    for (&(page_ref, content_ref), stream) in page_refs.iter().zip(&streams) {
        let mut page = pdf.page(page_ref);
        page.parent(tree).media_box(media).contents(content_ref);
        let mut resources = page.resources();
        let mut names = resources.fonts();
        for &(name, font) in &font_refs {
            names.pair(name, font);
        }
        names.finish();
        resources.finish();
        page.finish();
        pdf.stream(content_ref, &stream.compressed).filter(Filter::FlateDecode);
    }

    let date = pdf_date(created);
    pdf.document_info(info)
        .title(TextStr(&doc.title))
        .producer(TextStr(PRODUCER))
        .creator(TextStr(PRODUCER))
        .pair(Name(b"CreationDate"), Str(date.as_bytes()))
        .pair(Name(b"ModDate"), Str(date.as_bytes()));

    // The file's /ID: a fingerprint of the content (page streams and fonts), title and date, so
    // the same report is the same file, while different reports still get different ids.
    let hashes: Vec<[u8; 8]> = streams.iter().map(|s| s.hash.to_be_bytes()).collect();
    let seconds = created.timestamp().to_be_bytes();
    let parts = (hashes.iter().map(|h| h.as_slice()))
        .chain(fonts.iter().map(|f| f.subset.bytes.as_slice()))
        .chain([doc.title.as_bytes(), seconds.as_slice()]);
    let id = format!("{:016x}", fingerprint(parts)).into_bytes();
    pdf.set_file_id((id.clone(), id));
    Ok(pdf.finish())
}

/// `D:YYYYMMDDHHmmSS+00'00'`, the form PDF 1.7 gives for a date in UTC.
fn pdf_date(date: DateTime<Utc>) -> String {
    format!("D:{}+00'00'", date.format("%Y%m%d%H%M%S"))
}

/// Writes one face: a Type 0 font over a CID font with the subset embedded, its widths, and a
/// ToUnicode map from glyphs back to characters.
fn embed(pdf: &mut Pdf, font: &Embedded<'_>, [type0, cid, descriptor, file, cmap]: [Ref; 5]) -> Result<()> {
    let name = Name(font.subset.name.as_bytes());
    pdf.type0_font(type0)
        .base_font(name)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);
    let system = SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };
    let mut cid_font = pdf.cid_font(cid);
    cid_font.subtype(CidFontType::Type2).base_font(name).system_info(system).font_descriptor(descriptor);
    cid_font.default_width(0.0).cid_to_gid_map_predefined(Name(b"Identity"));
    cid_font.widths().consecutive(1, font.subset.glyphs.iter().map(|&(_, width)| width));
    cid_font.finish();
    let m = &font.face.metrics;
    pdf.font_descriptor(descriptor)
        .name(name)
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(Rect::new(m.bbox[0], m.bbox[1], m.bbox[2], m.bbox[3]))
        .italic_angle(0.0)
        .ascent(m.ascent)
        .descent(m.descent)
        .cap_height(m.cap_height)
        .stem_v(m.stem_v)
        .font_file2(file);
    pdf.stream(file, &deflate(&font.subset.bytes)?)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), font.subset.bytes.len() as i32);
    let mut map = UnicodeCmap::new(Name(b"Custom"), system);
    for (gid, &(c, _)) in (1u16..).zip(&font.subset.glyphs) {
        map.pair(gid, c);
    }
    pdf.cmap(cmap, &deflate(&map.finish())?).filter(Filter::FlateDecode);
    Ok(())
}

/// The characters drawn in `style`. Marked in a bit set first: a long report draws a few hundred
/// different characters a hundred thousand times, and a set of them found by tree inserts was a
/// twentieth of the render.
fn used_chars(pages: &[Vec<Mark>], style: Style) -> BTreeSet<char> {
    let mut bmp = vec![0u64; 0x1_0000 / 64];
    let mut chars = BTreeSet::new();
    for mark in pages.iter().flatten() {
        if let Kind::Text { text, style: s, .. } = &mark.kind
            && *s == style
        {
            for c in text.chars() {
                match bmp.get_mut(c as usize / 64) {
                    Some(word) => *word |= 1 << (c as usize % 64),
                    None => {
                        chars.insert(c);
                    }
                }
            }
        }
    }
    for (i, &word) in bmp.iter().enumerate().filter(|(_, word)| **word != 0) {
        let set = (0..64).filter(|bit| word & (1 << bit) != 0);
        chars.extend(set.filter_map(|bit| char::from_u32((i * 64 + bit) as u32)));
    }
    chars
}

/// `f` over `items`, split into one run of consecutive items per core, the results in order.
fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> Result<R> + Sync) -> Result<Vec<R>> {
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get).min(8);
    if cores == 1 || items.len() < 4 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(cores);
    std::thread::scope(|scope| {
        let f = &f;
        let jobs: Vec<_> =
            items.chunks(chunk).map(|part| scope.spawn(move || part.iter().map(f).collect::<Result<Vec<R>>>())).collect();
        let mut all = Vec::with_capacity(items.len());
        for job in jobs {
            all.extend(job.join().unwrap_or_else(|_| Err(Error::Internal("writing a report page failed".into())))?);
        }
        Ok(all)
    })
}

/// A page's marks as PDF drawing operations, compressed. PDF measures `y` up from the bottom edge.
fn page_stream(marks: &[Mark], page_height: f32, fonts: &[Embedded<'_>]) -> Result<PageStream> {
    let mut pen = Pen { content: Content::new(), font: None, fill: None, stroke: None };
    let mut glyphs = Vec::new();
    for mark in marks {
        let (x, y) = (mark.x, page_height - mark.y);
        match &mark.kind {
            Kind::Text { text, style, size, grey } => {
                let Some(font) = fonts.iter().find(|f| f.style == *style) else { continue };
                glyphs.clear();
                font.subset.encode(font.face, text, &mut glyphs);
                pen.fill(*grey);
                pen.font(*style, *size);
                let c = &mut pen.content;
                c.begin_text();
                c.next_line(x, y);
                c.show(Str(&glyphs));
                c.end_text();
            }
            Kind::Rule { width, thickness, grey } => {
                pen.stroke(*grey, *thickness);
                let c = &mut pen.content;
                c.move_to(x, y);
                c.line_to(mark.x + width, y);
                c.stroke();
            }
            Kind::TickBox { side } => {
                pen.stroke(0.0, 0.7);
                let c = &mut pen.content;
                c.rect(x, y - side, *side, *side);
                c.stroke();
            }
        }
    }
    let content = pen.content.finish();
    Ok(PageStream { hash: fingerprint([content.as_slice()]), compressed: deflate(&content)? })
}

/// Sets font and colours only when they change. They are graphics state, which outlasts each
/// text object, so a page's stream (and the time to compress it) stays small.
struct Pen {
    content: Content,
    font: Option<(Style, f32)>,
    fill: Option<f32>,
    /// Grey and thickness.
    stroke: Option<(f32, f32)>,
}

impl Pen {
    fn font(&mut self, style: Style, size: f32) {
        if self.font.replace((style, size)) != Some((style, size)) {
            self.content.set_font(resource_name(style), size);
        }
    }

    fn fill(&mut self, grey: f32) {
        if self.fill.replace(grey) != Some(grey) {
            self.content.set_fill_gray(grey);
        }
    }

    fn stroke(&mut self, grey: f32, thickness: f32) {
        if self.stroke.replace((grey, thickness)) != Some((grey, thickness)) {
            self.content.set_stroke_gray(grey);
            self.content.set_line_width(thickness);
        }
    }
}

/// Compresses a stream at zlib's fastest level: on these files the best level cost a sixth of
/// the render time and saved nothing worth having.
fn deflate(data: &[u8]) -> Result<Vec<u8>> {
    let fail = |e: std::io::Error| Error::Internal(format!("compressing a report PDF: {e}"));
    let mut encoder = ZlibEncoder::new(Vec::with_capacity(data.len() / 4), Compression::fast());
    encoder.write_all(data).map_err(fail)?;
    encoder.finish().map_err(fail)
}
