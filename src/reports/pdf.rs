//! Draws a laid-out document and writes the file with `pdf-writer`: page content streams are
//! written straight from the marks (no intermediate operation lists), and built and compressed
//! on every core at once; the fonts are subset with allsorts and embedded as CID fonts with a
//! ToUnicode map, so the text can be searched, copied and read back.
//!
//! The file is tagged and archivable (PDF/A-2a): every mark drawn is marked content, either part
//! of an element of the structure tree the layout built (headings, paragraphs, lists, tables with
//! header cells, figures with alternative text) or an artifact (running header and footer, rules);
//! the document's language is British English; an XMP metadata stream says the file is PDF/A-2,
//! level A, and repeats the title, producer and dates of the Info dictionary; an sRGB output
//! intent gives the greys a defined colour. Nothing is transparent and nothing is encrypted.

use std::collections::{BTreeMap, BTreeSet};
use std::num::NonZeroUsize;

use chrono::{DateTime, Utc};
use flate2::Compression;
use pdf_writer::types::{
    ArtifactSubtype, ArtifactType, CidFontType, FontFlags, OutputIntentSubtype, StructRole, SystemInfo,
    TableHeaderScope, UnicodeCmap,
};
use pdf_writer::writers::StructTreeRoot;
use pdf_writer::{Chunk, Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use xmp_writer::{LangId, XmpWriter};

use super::document::Document;
use super::fingerprint;
use super::fonts::{FALLBACKS, Face, Faces, FontKey, Style, Subset, faces};
use super::shaping;
use super::document::Level;
use super::layout::{Artifact, Colour, Element, Kind, Layout, Mark, Paint, Role, Scope, Stroke, Tag, lay_out};
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
/// The language every report is written in, for screen readers' pronunciation.
pub(crate) const LANGUAGE: &str = "en-GB";
/// The sRGB colour profile of the output intent (zlib licence, `assets/colour/README.md`).
const SRGB: &[u8] = include_bytes!("../../assets/colour/sRGB.icc");

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
    key: FontKey,
    face: &'a Face,
    subset: Subset,
}

/// The name pages use for a face: "Regular", "Bold", or "F" and the fallback's number.
fn resource_name(key: FontKey) -> Name<'static> {
    const FALLBACK_NAMES: [&[u8]; 9] = [b"F0", b"F1", b"F2", b"F3", b"F4", b"F5", b"F6", b"F7", b"F8"];
    const _: () = assert!(FALLBACK_NAMES.len() == FALLBACKS.len());
    match key {
        FontKey::Primary(Style::Regular) => Name(b"Regular"),
        FontKey::Primary(Style::Bold) => Name(b"Bold"),
        FontKey::Fallback(i) => Name(FALLBACK_NAMES[i]),
    }
}

/// A page's content stream, compressed, and a fingerprint of it uncompressed.
struct PageStream {
    compressed: Vec<u8>,
    hash: u64,
    /// The structure element each marked-content sequence belongs to, by its MCID.
    owners: Vec<usize>,
}

fn write(doc: &Document, layout: &Layout, faces: &Faces) -> Result<Vec<u8>> {
    let created = doc.created.unwrap_or_else(Utc::now);
    // Every object's number but the fonts' is settled first, so the structure tree can be written
    // while the fonts are subset and the pages drawn (on the other cores) rather than after them;
    // the fonts, which only the pages name, are numbered last.
    let mut next = Ref::new(1);
    let mut alloc = || next.bump();
    let (catalog, tree, info, metadata, icc, struct_root, document) =
        (alloc(), alloc(), alloc(), alloc(), alloc(), alloc(), alloc());
    let elements: Vec<Ref> = layout.structure.iter().map(|_| alloc()).collect();
    let owner_arrays: Vec<Ref> = layout.pages.iter().map(|_| alloc()).collect();
    let page_refs: Vec<(Ref, Ref)> = layout.pages.iter().map(|_| (alloc(), alloc())).collect();
    let pages: Vec<Ref> = page_refs.iter().map(|&(page, _)| page).collect();
    let owners: Vec<Vec<usize>> = layout.pages.iter().map(|marks| mcid_owners(marks)).collect();

    let height = layout.frame.height;
    let (drawn, structure) = std::thread::scope(|scope| {
        let drawing = scope.spawn(|| -> Result<(Vec<Embedded<'_>>, Vec<PageStream>)> {
            let fonts = subset_fonts(&layout.pages, faces)?;
            let streams = in_parallel(&layout.pages, |marks| page_stream(marks, height, &fonts, faces, &layout.structure))?;
            Ok((fonts, streams))
        });
        let mut structure = Chunk::new();
        let boxes = figure_boxes(layout, faces);
        write_structure(&mut structure, layout, &owners, &pages, &boxes, StructRefs { root: struct_root, document, elements, owner_arrays });
        (drawing.join(), structure)
    });
    let (fonts, streams) = drawn.unwrap_or_else(|_| Err(Error::Internal("writing a report page failed".into())))?;
    let font_objects: Vec<[Ref; 5]> = fonts.iter().map(|_| [alloc(), alloc(), alloc(), alloc(), alloc()]).collect();
    debug_assert!(streams.iter().map(|s| &s.owners).eq(owners.iter()), "marked content numbered as counted");

    let size = streams.iter().map(|s| s.compressed.len()).sum::<usize>()
        + fonts.iter().map(|f| f.subset.bytes.len()).sum::<usize>()
        + structure.len()
        + SRGB.len()
        + 64 * 1024;
    let mut pdf = Pdf::with_capacity(size);
    {
        let mut cat = pdf.catalog(catalog);
        cat.pages(tree).lang(TextStr(LANGUAGE)).metadata(metadata);
        cat.pair(Name(b"StructTreeRoot"), struct_root);
        cat.mark_info().marked(true);
        cat.viewer_preferences().display_doc_title(true);
        cat.output_intents()
            .push()
            .subtype(OutputIntentSubtype::PDFA)
            .output_condition_identifier(TextStr("sRGB"))
            .output_condition(TextStr("sRGB"))
            .info(TextStr("sRGB IEC61966-2.1"))
            .dest_output_profile(icc);
    }
    pdf.icc_profile(icc, SRGB).n(3).range([0.0, 1.0, 0.0, 1.0, 0.0, 1.0]);

    let mut font_refs = Vec::new();
    for (font, objects) in fonts.iter().zip(font_objects) {
        embed(&mut pdf, font, objects)?;
        font_refs.push((resource_name(font.key), objects[0]));
    }

    pdf.pages(tree).kids(pages.iter().copied()).count(page_refs.len() as i32);
    let media = Rect::new(0.0, 0.0, layout.frame.width, layout.frame.height);
    for (i, (&(page_ref, content_ref), stream)) in page_refs.iter().zip(&streams).enumerate() {
        let mut page = pdf.page(page_ref);
        page.parent(tree).media_box(media).contents(content_ref).struct_parents(i as i32);
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
    pdf.extend(&structure);

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
    let id = format!("{:016x}", fingerprint(parts));
    let xmp = xmp(&doc.title, created, &id);
    pdf.stream(metadata, xmp.as_bytes()).pair(Name(b"Type"), Name(b"Metadata")).pair(Name(b"Subtype"), Name(b"XML"));
    pdf.set_file_id((id.clone().into_bytes(), id.into_bytes()));
    Ok(pdf.finish())
}

/// The faces subset side by side: the two of Noto Sans that the text uses, and any fallback faces
/// the text needs, cut to the glyphs the shaped lines draw, in that order.
fn subset_fonts<'f>(pages: &[Vec<Mark>], faces: &'f Faces) -> Result<Vec<Embedded<'f>>> {
    let mut shaped = shaped_glyphs(pages, faces);
    std::thread::scope(|scope| {
        let mut jobs: Vec<_> = Style::ALL
            .into_iter()
            .map(|style| {
                let extra = shaped.remove(&FontKey::Primary(style)).unwrap_or_default();
                scope.spawn(move || -> Result<Option<Embedded<'f>>> {
                    let chars = used_chars(pages, style);
                    if chars.is_empty() && extra.is_empty() {
                        return Ok(None);
                    }
                    let face = faces.get(style);
                    let subset = if extra.is_empty() {
                        face.subset(&chars)?
                    } else {
                        let mut glyphs = extra;
                        for c in chars {
                            if let Some(gid) = face.glyph(c) {
                                glyphs.entry(gid).or_insert_with(|| c.to_string());
                            }
                        }
                        face.subset_glyphs(&glyphs)?
                    };
                    Ok(Some(Embedded { key: FontKey::Primary(style), face, subset }))
                })
            })
            .collect();
        for (&key, glyphs) in &shaped {
            jobs.push(scope.spawn(move || -> Result<Option<Embedded<'f>>> {
                let fail = || Error::Internal("a fallback report font could not be read".into());
                let face = faces.by_key(key).ok_or_else(fail)?;
                Ok(Some(Embedded { key, face, subset: face.subset_glyphs(glyphs)? }))
            }));
        }
        jobs.into_iter()
            .map(|job| job.join().unwrap_or_else(|_| Err(Error::Internal("subsetting a report font failed".into()))))
            .filter_map(Result::transpose)
            .collect::<Result<Vec<_>>>()
    })
}

/// The structure element each marked-content sequence of a page belongs to, by MCID: as
/// [`page_stream`] numbers them when it opens one for each change of tag.
fn mcid_owners(marks: &[Mark]) -> Vec<usize> {
    let mut owners = Vec::new();
    let mut open = None;
    for mark in marks {
        if open != Some(mark.tag) {
            if let Tag::Element(element) = mark.tag {
                owners.push(element);
            }
            open = Some(mark.tag);
        }
    }
    owners
}

/// The XMP metadata: the PDF/A identification, and the title, language, producer and dates the
/// Info dictionary also gives (PDF/A asks that the two agree).
fn xmp(title: &str, created: DateTime<Utc>, id: &str) -> String {
    let mut xmp = XmpWriter::new();
    let date = xmp_writer::DateTime {
        year: created.format("%Y").to_string().parse().unwrap_or(1970),
        month: Some(created.format("%m").to_string().parse().unwrap_or(1)),
        day: Some(created.format("%d").to_string().parse().unwrap_or(1)),
        hour: Some(created.format("%H").to_string().parse().unwrap_or(0)),
        minute: Some(created.format("%M").to_string().parse().unwrap_or(0)),
        second: Some(created.format("%S").to_string().parse().unwrap_or(0)),
        timezone: Some(xmp_writer::Timezone::Utc),
    };
    xmp.title([(None, title)])
        .language([LangId(LANGUAGE)])
        .format("application/pdf")
        .producer(PRODUCER)
        .creator_tool(PRODUCER)
        .create_date(date)
        .modify_date(date)
        .metadata_date(date)
        .document_id(&format!("uuid:mdt-{id}"))
        .instance_id(&format!("uuid:mdt-{id}"))
        .pdfa_part(2)
        .pdfa_conformance("A");
    xmp.finish(None)
}

/// Where the structure tree's objects go.
struct StructRefs {
    root: Ref,
    document: Ref,
    /// One for each of the layout's elements.
    elements: Vec<Ref>,
    /// For each page, the array of elements its marked content belongs to, by MCID.
    owner_arrays: Vec<Ref>,
}

/// The structure tree: a Document element holding the layout's elements in reading order, each
/// element's marked content named by page and MCID, and the parent tree from each page's MCIDs
/// back to their elements.
fn write_structure(pdf: &mut Chunk, layout: &Layout, owners: &[Vec<usize>], pages: &[Ref], boxes: &[Option<Rect>], refs: StructRefs) {
    let count = layout.structure.len();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut top = Vec::new();
    for (i, element) in layout.structure.iter().enumerate() {
        match element.parent {
            Some(parent) => children[parent].push(i),
            None => top.push(i),
        }
    }
    let mut content: Vec<Vec<(usize, i32)>> = vec![Vec::new(); count];
    for (page, page_owners) in owners.iter().enumerate() {
        for (mcid, &owner) in page_owners.iter().enumerate() {
            content[owner].push((page, mcid as i32));
        }
    }

    {
        let mut root = pdf.indirect(refs.root).start::<StructTreeRoot>();
        root.child(refs.document);
        root.parent_tree_next_key(owners.len() as i32);
        let mut tree = root.parent_tree();
        let mut nums = tree.nums();
        for (page, &array) in refs.owner_arrays.iter().enumerate() {
            nums.insert(page as i32, array);
        }
    }

    let mut document = pdf.struct_element(refs.document);
    document.kind(StructRole::Document).parent(refs.root);
    document.children().items_of(&top, &refs.elements);
    document.finish();

    for (i, element) in layout.structure.iter().enumerate() {
        let mut e = pdf.struct_element(refs.elements[i]);
        e.kind(role(element)).parent(element.parent.map_or(refs.document, |p| refs.elements[p]));
        if let Some(&(page, _)) = content[i].first() {
            e.page(pages[page]);
        }
        if let Role::Figure(alt) = &element.role {
            e.alt(TextStr(alt));
        }
        if !children[i].is_empty() || !content[i].is_empty() {
            let mut kids = e.children();
            for &child in &children[i] {
                kids.struct_element(refs.elements[child]);
            }
            // Content on the element's own page (its /Pg) is named by MCID alone, which keeps a
            // big table's tree small; content on a later page by a reference naming the page.
            let own_page = content[i].first().map(|&(page, _)| page);
            for &(page, mcid) in &content[i] {
                if Some(page) == own_page {
                    kids.marked_content_id(mcid);
                } else {
                    kids.marked_content_ref().marked_content_id(mcid).page(pages[page]);
                }
            }
            kids.finish();
        }
        if let (Role::Figure(_), Some(bbox)) = (&element.role, boxes[i]) {
            e.attributes().push().layout().bbox(bbox);
        }
        if let Role::HeaderCell(scope) = element.role {
            let scope = match scope {
                Scope::Column => TableHeaderScope::Column,
                Scope::Row => TableHeaderScope::Row,
            };
            e.attributes().push().table().scope(scope);
        }
        e.finish();
    }

    for (page_owners, &array) in owners.iter().zip(&refs.owner_arrays) {
        pdf.indirect(array).array().items(page_owners.iter().map(|&owner| refs.elements[owner]));
    }
}

trait ItemsOf {
    fn items_of(&mut self, indices: &[usize], refs: &[Ref]);
}

impl ItemsOf for pdf_writer::writers::StructChildren<'_> {
    fn items_of(&mut self, indices: &[usize], refs: &[Ref]) {
        for &i in indices {
            self.struct_element(refs[i]);
        }
    }
}

/// Where each figure is drawn on its first page, in PDF units (`y` up from the bottom edge), for
/// its /BBox layout attribute: what a reader reflowing the page or reading it aloud may use to
/// place the figure. `None` for every other element.
fn figure_boxes(layout: &Layout, faces: &Faces) -> Vec<Option<Rect>> {
    let mut boxes: Vec<Option<(usize, [f32; 4])>> = vec![None; layout.structure.len()];
    let height = layout.frame.height;
    for (page, marks) in layout.pages.iter().enumerate() {
        for mark in marks {
            let Tag::Element(e) = mark.tag else { continue };
            if !matches!(layout.structure[e].role, Role::Figure(_)) {
                continue;
            }
            let (x, y) = (mark.x, mark.y);
            // The corners of what the mark covers, `y` down.
            let corners: Vec<(f32, f32)> = match &mark.kind {
                Kind::Text { text, style, size, angle, .. } => {
                    let width = faces.get(*style).width(text, *size);
                    let (sin, cos) = angle.to_radians().sin_cos();
                    vec![(x, y), (x + width * cos, y - width * sin), (x - size * sin, y - size * cos), (x, y + size * 0.25)]
                }
                Kind::Rule { width, thickness, .. } => vec![(x, y - thickness), (x + width, y + thickness)],
                Kind::TickBox { side } => vec![(x, y), (x + side, y + side)],
                Kind::Rect { width, height, .. } => vec![(x, y), (x + width, y + height)],
                Kind::Path { points, .. } => points.iter().map(|(px, py)| (x + px, y + py)).collect(),
                Kind::Circle { radius, .. } => vec![(x - radius, y - radius), (x + radius, y + radius)],
            };
            let entry = boxes[e].get_or_insert((page, [f32::MAX, f32::MAX, f32::MIN, f32::MIN]));
            if entry.0 != page {
                continue;
            }
            for (cx, cy) in corners {
                let b = &mut entry.1;
                (b[0], b[1], b[2], b[3]) = (b[0].min(cx), b[1].min(cy), b[2].max(cx), b[3].max(cy));
            }
        }
    }
    (boxes.into_iter())
        .map(|b| b.map(|(_, [left, top, right, bottom])| Rect::new(left, height - bottom, right, height - top)))
        .collect()
}

/// The standard structure type of an element.
fn role(element: &Element) -> StructRole {
    match element.role {
        Role::Heading(Level::H1) => StructRole::H1,
        Role::Heading(Level::H2) => StructRole::H2,
        Role::Heading(Level::H3) => StructRole::H3,
        Role::Paragraph => StructRole::P,
        Role::List => StructRole::L,
        Role::ListItem => StructRole::LI,
        Role::Label => StructRole::Lbl,
        Role::ListBody => StructRole::LBody,
        Role::Table => StructRole::Table,
        Role::Row => StructRole::TR,
        Role::HeaderCell(_) => StructRole::TH,
        Role::Cell => StructRole::TD,
        Role::Figure(_) => StructRole::Figure,
    }
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
    for (gid, (text, _)) in (1u16..).zip(&font.subset.glyphs) {
        // A glyph that stands for nothing typed (the shaper's stand-in for a hidden joiner, met
        // nowhere else) has no entry: there is nothing to read back.
        if !text.is_empty() {
            map.pair_with_multiple(gid, text.chars());
        }
    }
    pdf.cmap(cmap, &deflate(&map.finish())?).filter(Filter::FlateDecode);
    Ok(())
}

/// The glyphs the shaped lines (those with a character Noto Sans lacks) draw, by face, each
/// with the text it stands for (the first met, for the ToUnicode map).
fn shaped_glyphs(pages: &[Vec<Mark>], faces: &Faces) -> BTreeMap<FontKey, BTreeMap<u16, String>> {
    let mut out: BTreeMap<FontKey, BTreeMap<u16, String>> = BTreeMap::new();
    for mark in pages.iter().flatten() {
        if let Kind::Text { text, style, .. } = &mark.kind {
            let primary = faces.get(*style);
            if !shaping::needs_shaping(text, primary) {
                continue;
            }
            for run in shaping::line(text, *style, faces) {
                let glyphs = out.entry(run.key).or_default();
                for (glyph, text) in run.glyphs.iter().zip(run.texts) {
                    let entry = glyphs.entry(glyph.id).or_default();
                    if entry.is_empty() {
                        *entry = text;
                    }
                }
            }
        }
    }
    out
}

/// The characters drawn in `style` that Noto Sans has. Marked in a bit set first: a long report draws a few hundred
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
fn page_stream(
    marks: &[Mark],
    page_height: f32,
    fonts: &[Embedded<'_>],
    faces: &Faces,
    structure: &[Element],
) -> Result<PageStream> {
    let mut pen = Pen { content: Content::new(), font: None, fill: None, stroke: None };
    let mut glyphs = Vec::new();
    let mut owners = Vec::new();
    let mut open: Option<Tag> = None;
    for mark in marks {
        let (x, y) = (mark.x, page_height - mark.y);
        if open != Some(mark.tag) {
            if open.is_some() {
                pen.content.end_marked_content();
            }
            begin(&mut pen.content, mark.tag, structure, &mut owners);
            open = Some(mark.tag);
        }
        match &mark.kind {
            Kind::Text { text, style, size, grey, angle } => {
                pen.fill(Colour::Grey(*grey));
                pen.content.begin_text();
                if *angle == 0.0 {
                    pen.content.next_line(x, y);
                } else {
                    let (sin, cos) = angle.to_radians().sin_cos();
                    pen.content.set_text_matrix([cos, sin, -sin, cos, x, y]);
                }
                if !shaping::needs_shaping(text, faces.get(*style)) {
                    // Noto Sans alone, as typed: one run, each character its cmap glyph.
                    let key = FontKey::Primary(*style);
                    if let Some(font) = fonts.iter().find(|f| f.key == key) {
                        glyphs.clear();
                        font.subset.encode(font.face, text, &mut glyphs);
                        pen.font(key, *size);
                        pen.content.show(Str(&glyphs));
                    }
                } else {
                    let (sin, cos) = angle.to_radians().sin_cos();
                    let place = Place { x, y, cos, sin, size: *size };
                    show_shaped(&mut pen, text, *style, place, fonts, faces, &mut glyphs);
                }
                pen.content.end_text();
            }
            Kind::Rule { width, thickness, grey } => {
                pen.stroke(Stroke { colour: Colour::Grey(*grey), width: *thickness, dash: None });
                let c = &mut pen.content;
                c.move_to(x, y);
                c.line_to(mark.x + width, y);
                c.stroke();
            }
            Kind::TickBox { side } => {
                pen.stroke(Stroke { colour: Colour::Grey(0.0), width: 0.7, dash: None });
                let c = &mut pen.content;
                c.rect(x, y - side, *side, *side);
                c.stroke();
            }
            Kind::Rect { width, height, paint } => {
                pen.content.rect(x, y - height, *width, *height);
                pen.paint(paint);
            }
            Kind::Path { points, closed, paint } => {
                let Some((&(x0, y0), rest)) = points.split_first() else { continue };
                pen.content.move_to(x + x0, y - y0);
                for &(px, py) in rest {
                    pen.content.line_to(x + px, y - py);
                }
                if *closed {
                    pen.content.close_path();
                }
                pen.paint(paint);
            }
            Kind::Circle { radius, paint } => {
                // Four Bézier quarters, each with its control points this share of the radius out.
                const K: f32 = 0.552_284_8;
                let (r, k) = (*radius, *radius * K);
                let c = &mut pen.content;
                c.move_to(x + r, y);
                c.cubic_to(x + r, y + k, x + k, y + r, x, y + r);
                c.cubic_to(x - k, y + r, x - r, y + k, x - r, y);
                c.cubic_to(x - r, y - k, x - k, y - r, x, y - r);
                c.cubic_to(x + k, y - r, x + r, y - k, x + r, y);
                c.close_path();
                pen.paint(paint);
            }
        }
    }
    if open.is_some() {
        pen.content.end_marked_content();
    }
    let content = pen.content.finish();
    Ok(PageStream { hash: fingerprint([content.as_slice()]), compressed: deflate(&content)?, owners })
}

/// Where a line starts (its left end on the baseline, in PDF units), which way it runs, and its
/// type size.
#[derive(Clone, Copy)]
struct Place {
    x: f32,
    y: f32,
    cos: f32,
    sin: f32,
    size: f32,
}

/// A line with characters Noto Sans lacks, shaped (`shaping::line`): its runs in reading order,
/// each moved to where visual order puts it, so the content stream reads as typed while the page
/// shows right-to-left words right to left. Each glyph is placed where the shaper put it (`TJ`
/// adjustments where its advance differs from the font's width or it is set off its letter, a
/// text rise for marks set above or below). A right-to-left run is marked `ReversedChars`; a run
/// whose glyphs do not map in order onto its characters is a `Span` with the typed text as its
/// /ActualText, so copying and extraction give the text as typed.
fn show_shaped(pen: &mut Pen, text: &str, style: Style, place: Place, fonts: &[Embedded<'_>], faces: &Faces, glyphs: &mut Vec<u8>) {
    let Place { x, y, cos, sin, size } = place;
    // Where the pen is along the line (ems), when known: the text object starts at the line's
    // left end. A run that starts there is shown without moving, so a left-to-right line reads
    // as one piece of text to a reader that splits words where the text is moved.
    let mut pen_at = Some(0.0f32);
    for run in shaping::line(text, style, faces) {
        let Some(font) = fonts.iter().find(|f| f.key == run.key) else { continue };
        match &run.reading {
            shaping::Reading::AsDrawn => {}
            shaping::Reading::Reversed => {
                pen.content.begin_marked_content(Name(b"ReversedChars"));
            }
            shaping::Reading::Actual(actual) => {
                pen.content.begin_marked_content_with_properties(Name(b"Span")).properties().actual_text(TextStr(actual));
            }
        }
        pen.font(run.key, size);
        // Font units to thousandths of an em, the unit of the widths and of TJ adjustments.
        let scale = 1000.0 / run.face.units_per_em();
        let move_to = |content: &mut Content, along: f32| {
            content.set_text_matrix([cos, sin, -sin, cos, x + cos * along, y + sin * along]);
        };
        if run.reading == shaping::Reading::Reversed {
            // Each show string of a reversed run is read backwards, but the strings in the order
            // they come: so the run is cut wherever a glyph is set off its place (kerning, a
            // mark) into strings that need no adjustment, shown last first, each placed.
            let mut pieces: Vec<(f32, f32, Vec<u8>)> = Vec::new();
            let mut along = run.at * size;
            let mut previous: Option<&shaping::Placed> = None;
            for glyph in &run.glyphs {
                let joins = previous.is_some_and(|p| {
                    p.x_offset == 0 && glyph.x_offset == 0 && p.y_offset == glyph.y_offset && p.advance == i32::from(run.face.advance(p.id))
                });
                if !joins {
                    let start = along + glyph.x_offset as f32 * scale * size / 1000.0;
                    pieces.push((start, glyph.y_offset as f32 * scale * size / 1000.0, Vec::new()));
                }
                if let Some(piece) = pieces.last_mut() {
                    piece.2.extend_from_slice(&font.subset.glyph_id(glyph.id).to_be_bytes());
                }
                along += glyph.advance as f32 * scale * size / 1000.0;
                previous = Some(glyph);
            }
            pen_at = None;
            for (start, rise, bytes) in pieces.iter().rev() {
                move_to(&mut pen.content, *start);
                if *rise != 0.0 {
                    pen.content.set_rise(*rise);
                }
                pen.content.show(Str(bytes));
                if *rise != 0.0 {
                    pen.content.set_rise(0.0);
                }
            }
            pen.content.end_marked_content();
            continue;
        }
        if pen_at.is_none_or(|at| (at - run.at).abs() > 1e-4) {
            move_to(&mut pen.content, run.at * size);
        }
        pen_at = Some(run.at + run.glyphs.iter().map(|g| g.advance).sum::<i32>() as f32 / run.face.units_per_em());
        for part in run.glyphs.chunk_by(|a, b| a.y_offset == b.y_offset) {
            let rise = part[0].y_offset as f32 * scale * size / 1000.0;
            if rise != 0.0 {
                pen.content.set_rise(rise);
            }
            if part.iter().all(|g| g.x_offset == 0 && g.advance == i32::from(run.face.advance(g.id))) {
                // Nothing to adjust: a plain show string, as unshaped text is drawn.
                glyphs.clear();
                part.iter().for_each(|g| glyphs.extend_from_slice(&font.subset.glyph_id(g.id).to_be_bytes()));
                pen.content.show(Str(glyphs));
                if rise != 0.0 {
                    pen.content.set_rise(0.0);
                }
                continue;
            }
            let mut show = pen.content.show_positioned();
            let mut items = show.items();
            glyphs.clear();
            // How far the pen must still move right before the next glyph.
            let mut pending = 0.0f32;
            for glyph in part {
                let width = f32::from(run.face.advance(glyph.id)) * scale;
                let offset = glyph.x_offset as f32 * scale;
                pending += offset;
                if pending.abs() > 0.001 {
                    if !glyphs.is_empty() {
                        items.show(Str(glyphs));
                        glyphs.clear();
                    }
                    items.adjust(-pending);
                }
                glyphs.extend_from_slice(&font.subset.glyph_id(glyph.id).to_be_bytes());
                pending = glyph.advance as f32 * scale - width - offset;
            }
            if !glyphs.is_empty() {
                items.show(Str(glyphs));
            }
            if pending.abs() > 0.001 {
                items.adjust(-pending);
            }
            drop(items);
            drop(show);
            if rise != 0.0 {
                pen.content.set_rise(0.0);
            }
        }
        if run.reading != shaping::Reading::AsDrawn {
            pen.content.end_marked_content();
        }
    }
}

/// Opens the marked-content sequence for `tag`: an element's, numbered with the next MCID, or an
/// artifact's.
fn begin(content: &mut Content, tag: Tag, structure: &[Element], owners: &mut Vec<usize>) {
    match tag {
        Tag::Element(element) => {
            let mcid = owners.len() as i32;
            owners.push(element);
            // The tag names the element's type, for readers that look no further than the page.
            let name = role(&structure[element]).to_name();
            content.begin_marked_content_with_properties(name).properties().identify(mcid);
        }
        Tag::Artifact(artifact) => {
            let mut properties = content.begin_marked_content_with_properties(Name(b"Artifact"));
            let mut properties = properties.properties().artifact();
            match artifact {
                Artifact::Header => properties.kind(ArtifactType::Pagination).subtype(ArtifactSubtype::Header),
                Artifact::Footer => properties.kind(ArtifactType::Pagination).subtype(ArtifactSubtype::Footer),
                Artifact::Repeated => properties.kind(ArtifactType::Pagination),
                Artifact::Decoration => properties.kind(ArtifactType::Layout),
            };
        }
    }
}

/// Sets font, colours, line width and dashes only when they change. They are graphics state,
/// which outlasts each text object, so a page's stream (and the time to compress it) stays small.
struct Pen {
    content: Content,
    font: Option<(FontKey, f32)>,
    fill: Option<Colour>,
    stroke: Option<Stroke>,
}

impl Pen {
    fn font(&mut self, key: FontKey, size: f32) {
        if self.font.replace((key, size)) != Some((key, size)) {
            self.content.set_font(resource_name(key), size);
        }
    }

    fn fill(&mut self, colour: Colour) {
        if self.fill.replace(colour) != Some(colour) {
            match colour {
                Colour::Grey(grey) => self.content.set_fill_gray(grey),
                Colour::Rgb(r, g, b) => self.content.set_fill_rgb(r, g, b),
            };
        }
    }

    fn stroke(&mut self, stroke: Stroke) {
        let before = self.stroke.replace(stroke);
        if before.map(|b| b.colour) != Some(stroke.colour) {
            match stroke.colour {
                Colour::Grey(grey) => self.content.set_stroke_gray(grey),
                Colour::Rgb(r, g, b) => self.content.set_stroke_rgb(r, g, b),
            };
        }
        if before.map(|b| b.width) != Some(stroke.width) {
            self.content.set_line_width(stroke.width);
        }
        // A dash pattern set once stays until changed: solid is the empty pattern.
        if before.map_or(stroke.dash.is_some(), |b| b.dash != stroke.dash) {
            match stroke.dash {
                Some((on, off)) => self.content.set_dash_pattern([on, off], 0.0),
                None => self.content.set_dash_pattern([], 0.0),
            };
        }
    }

    /// Ends the path just drawn: filled (`f`), outlined (`S`) or both (`B`).
    fn paint(&mut self, paint: &Paint) {
        if let Some(fill) = paint.fill {
            self.fill(fill);
        }
        if let Some(stroke) = paint.stroke {
            self.stroke(stroke);
        }
        match (paint.fill, paint.stroke) {
            (Some(_), Some(_)) => self.content.fill_nonzero_and_stroke(),
            (Some(_), None) => self.content.fill_nonzero(),
            (None, Some(_)) => self.content.stroke(),
            (None, None) => self.content.end_path(),
        };
    }
}

/// Compresses a stream at zlib's fastest level: on these files the best level cost a sixth of
/// the render time and saved nothing worth having. Each thread keeps its compressor from one
/// stream to the next: setting one up cost a fifth as much as the compressing.
fn deflate(data: &[u8]) -> Result<Vec<u8>> {
    use flate2::{Compress, FlushCompress, Status};
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<Option<Compress>> = const { std::cell::RefCell::new(None) };
    }
    let fail = |e: flate2::CompressError| Error::Internal(format!("compressing a report PDF: {e}"));
    COMPRESSOR.with_borrow_mut(|compressor| {
        let compressor = compressor.get_or_insert_with(|| Compress::new(Compression::fast(), true));
        compressor.reset();
        let mut out = Vec::with_capacity(data.len() / 4 + 64);
        loop {
            let done = usize::try_from(compressor.total_in()).unwrap_or(data.len()).min(data.len());
            if compressor.compress_vec(&data[done..], &mut out, FlushCompress::Finish).map_err(fail)? == Status::StreamEnd {
                return Ok(out);
            }
            out.reserve(out.capacity().max(1024));
        }
    })
}
