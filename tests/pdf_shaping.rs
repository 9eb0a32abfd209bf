//! Right-to-left and Indic text in the PDFs (issue #18): shaped with rustybuzz, ordered with the
//! Unicode bidirectional algorithm, and read back as typed. Checked on the file: the content
//! stream is interpreted here (fonts, positions, glyphs, /ActualText spans) with lopdf, and the
//! glyphs drawn are compared, by outline, with what rustybuzz makes of the same word in the
//! original font file; poppler's pdftotext reads the text back independently.

#[path = "support/reports.rs"]
mod reports;
#[path = "support/structure.rs"]
mod structure;

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use lopdf::{Dictionary, Object};
use mdt::reports::{Column, Document, Level, Rendered, Table, render};
use rustybuzz::ttf_parser;
use structure::{Tagged, text_string};

const ARABIC: &[u8] = include_bytes!("../assets/fonts/NotoSansArabic-Regular.ttf");
const BENGALI: &[u8] = include_bytes!("../assets/fonts/NotoSansBengali-Regular.ttf");

/// The body's left and right edges on an A4 portrait page, in pt (18 mm margins).
const LEFT: f32 = 18.0 * 72.0 / 25.4;
const RIGHT: f32 = (210.0 - 18.0) * 72.0 / 25.4;

fn rendered(doc: &mut Document) -> Rendered {
    doc.created = Some(Utc.with_ymd_and_hms(2026, 12, 2, 9, 30, 0).unwrap());
    render(doc).expect("renders")
}

/// A glyph as the page draws it: its outline's box and its advance, in font units, which are
/// the same in a subset as in the original font, so they name the glyph across the two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shape {
    bbox: Option<(i16, i16, i16, i16)>,
    advance: u16,
}

fn shape_of(face: &ttf_parser::Face<'_>, gid: u16) -> Shape {
    let id = ttf_parser::GlyphId(gid);
    Shape { bbox: face.glyph_bounding_box(id).map(|r| (r.x_min, r.y_min, r.x_max, r.y_max)), advance: face.glyph_hor_advance(id).unwrap_or(0) }
}

/// How a run reads back, from the marked content around it.
#[derive(Debug, Clone, PartialEq)]
enum Reading {
    AsDrawn,
    Reversed,
    Actual(String),
}

/// One show operation: its font resource, where it starts and how wide its glyphs are (pt),
/// the glyphs left to right, their text by the ToUnicode map in drawn order, and how it reads.
#[derive(Debug)]
struct Run {
    font: String,
    x: f32,
    width: f32,
    glyphs: Vec<Shape>,
    unicode: String,
    reading: Reading,
}

/// One text object: a line.
#[derive(Debug, Default)]
struct Drawn {
    y: f32,
    runs: Vec<Run>,
}

impl Drawn {
    fn left(&self) -> f32 {
        self.runs.iter().map(|r| r.x).fold(f32::MAX, f32::min)
    }

    fn right(&self) -> f32 {
        self.runs.iter().map(|r| r.x + r.width).fold(f32::MIN, f32::max)
    }

    /// The text as a reader following the content stream gets it: reversed runs turned round,
    /// spans read as their /ActualText.
    fn read(&self) -> String {
        let mut out = String::new();
        let mut last_actual: Option<&str> = None;
        for run in &self.runs {
            match &run.reading {
                Reading::AsDrawn => out.push_str(&run.unicode),
                Reading::Reversed => out.extend(run.unicode.chars().rev()),
                // One span may hold several show operations (a rise for a mark): its text once.
                Reading::Actual(text) if last_actual != Some(text.as_str()) => out.push_str(text),
                Reading::Actual(_) => {}
            }
            last_actual = if let Reading::Actual(text) = &run.reading { Some(text) } else { None };
        }
        out
    }

    /// The glyphs' text as the page shows it, left to right.
    fn seen(&self) -> String {
        let mut runs: Vec<&Run> = self.runs.iter().collect();
        runs.sort_by(|a, b| a.x.total_cmp(&b.x));
        runs.iter().map(|r| r.unicode.as_str()).collect()
    }
}

struct Font {
    /// Widths in thousandths of an em, by glyph id.
    widths: BTreeMap<u16, f32>,
    program: Vec<u8>,
    /// The ToUnicode map's text by glyph id.
    unicode: BTreeMap<u16, String>,
}

fn resolve<'a>(doc: &'a lopdf::Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => doc.get_object(*id).unwrap(),
        other => other,
    }
}

fn font(doc: &lopdf::Document, type0: &Dictionary) -> Font {
    let descendants = resolve(doc, type0.get(b"DescendantFonts").unwrap()).as_array().unwrap();
    let cid = resolve(doc, &descendants[0]).as_dict().unwrap();
    let mut widths = BTreeMap::new();
    let w = resolve(doc, cid.get(b"W").unwrap()).as_array().unwrap();
    let mut items = w.iter();
    while let Some(first) = items.next() {
        let start = first.as_i64().unwrap() as u16;
        match resolve(doc, items.next().unwrap()) {
            Object::Array(list) => {
                for (i, width) in list.iter().enumerate() {
                    widths.insert(start + i as u16, width.as_float().unwrap());
                }
            }
            last => {
                let width = items.next().unwrap().as_float().unwrap();
                for gid in start..=last.as_i64().unwrap() as u16 {
                    widths.insert(gid, width);
                }
            }
        }
    }
    let descriptor = resolve(doc, cid.get(b"FontDescriptor").unwrap()).as_dict().unwrap();
    let file = resolve(doc, descriptor.get(b"FontFile2").unwrap()).as_stream().unwrap();
    let program = file.decompressed_content().unwrap();
    let cmap = resolve(doc, type0.get(b"ToUnicode").unwrap()).as_stream().unwrap();
    let cmap = String::from_utf8(cmap.decompressed_content().unwrap()).unwrap();
    let mut unicode = BTreeMap::new();
    for line in cmap.lines().filter(|l| l.starts_with('<') && l.matches('<').count() == 2) {
        let parts: Vec<&str> = line.split(['<', '>', ' ']).filter(|p| !p.is_empty()).collect();
        let gid = u16::from_str_radix(parts[0], 16).unwrap();
        let units: Vec<u16> = (0..parts[1].len() / 4).map(|i| u16::from_str_radix(&parts[1][i * 4..i * 4 + 4], 16).unwrap()).collect();
        unicode.insert(gid, String::from_utf16(&units).unwrap());
    }
    Font { widths, program, unicode }
}

/// Every text object on page `n` (from 1), as drawn.
fn drawn(pdf: &[u8], n: u32) -> Vec<Drawn> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let page = doc.get_pages()[&n];
    let fonts: BTreeMap<Vec<u8>, Font> =
        doc.get_page_fonts(page).unwrap().into_iter().map(|(name, dict)| (name, font(&doc, dict))).collect();
    let faces: BTreeMap<&[u8], ttf_parser::Face<'_>> =
        fonts.iter().map(|(name, f)| (name.as_slice(), ttf_parser::Face::parse(&f.program, 0).unwrap())).collect();
    let content = doc.get_and_decode_page_content(page).unwrap();
    let mut lines = Vec::new();
    let mut line = Drawn::default();
    let (mut current, mut size) = (Vec::new(), 0.0);
    // The open marked-content sequences: how the text inside each reads.
    let mut open: Vec<Reading> = Vec::new();
    let mut pen = 0.0;
    for op in &content.operations {
        match op.operator.as_str() {
            "BDC" => open.push(match &op.operands[1] {
                Object::Dictionary(d) if d.has(b"ActualText") => Reading::Actual(text_string(d.get(b"ActualText").unwrap().as_str().unwrap())),
                _ => Reading::AsDrawn,
            }),
            "BMC" if op.operands[0].as_name().unwrap() == b"ReversedChars" => open.push(Reading::Reversed),
            "BMC" => open.push(Reading::AsDrawn),
            "EMC" => {
                open.pop();
            }
            "BT" => line = Drawn::default(),
            "ET" => lines.push(std::mem::take(&mut line)),
            "Td" => (pen, line.y) = (op.operands[0].as_float().unwrap(), op.operands[1].as_float().unwrap()),
            "Tm" => (pen, line.y) = (op.operands[4].as_float().unwrap(), op.operands[5].as_float().unwrap()),
            "Tf" => (current, size) = (op.operands[0].as_name().unwrap().to_vec(), op.operands[1].as_float().unwrap()),
            "Tj" | "TJ" => {
                let items: Vec<&Object> = match &op.operands[0] {
                    Object::Array(items) => items.iter().collect(),
                    other => vec![other],
                };
                let font = &fonts[&current];
                let reading = open.iter().rev().find(|r| **r != Reading::AsDrawn).cloned().unwrap_or(Reading::AsDrawn);
                let mut run = Run { font: String::from_utf8_lossy(&current).into_owned(), x: pen, width: 0.0, glyphs: Vec::new(), unicode: String::new(), reading };
                for item in items {
                    match item {
                        Object::String(bytes, _) => {
                            for pair in bytes.chunks(2) {
                                let gid = u16::from_be_bytes([pair[0], pair[1]]);
                                run.width += font.widths.get(&gid).copied().unwrap_or(0.0) * size / 1000.0;
                                run.glyphs.push(shape_of(&faces[current.as_slice()], gid));
                                run.unicode.push_str(font.unicode.get(&gid).map_or("", String::as_str));
                            }
                        }
                        number => run.width -= number.as_float().unwrap() * size / 1000.0,
                    }
                }
                pen += run.width;
                line.runs.push(run);
            }
            _ => {}
        }
    }
    lines
}

/// The lines that read as containing `needle`.
fn lines_with<'a>(lines: &'a [Drawn], needle: &str) -> Vec<&'a Drawn> {
    lines.iter().filter(|l| l.read().contains(needle)).collect()
}

/// What rustybuzz makes of `text` in the original font, left to right on the page.
fn rustybuzz_shapes(font: &[u8], text: &str) -> Vec<Shape> {
    let face = rustybuzz::Face::from_slice(font, 0).unwrap();
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let out = rustybuzz::shape(&face, &[], buffer);
    let plain = ttf_parser::Face::parse(font, 0).unwrap();
    out.glyph_infos().iter().map(|g| shape_of(&plain, g.glyph_id as u16)).collect()
}

/// Each character's own (cmap) glyph, in typed order: the text unshaped.
fn cmap_shapes(font: &[u8], text: &str) -> Vec<Shape> {
    let plain = ttf_parser::Face::parse(font, 0).unwrap();
    text.chars().map(|c| shape_of(&plain, plain.glyph_index(c).unwrap().0)).collect()
}

fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shaped.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(&path).arg("-").output().expect("poppler-utils is installed");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A document in the scripts UK teams write names and notes in, to look at:
/// `target/pdf-samples/scripts-shaped.pdf`.
#[test]
fn writes_a_sample_to_look_at() {
    let mut doc = Document::new("Scripts");
    doc.heading(Level::H1, "Names and notes in other scripts")
        .paragraph("Spoke with محمد علي about the referral; his daughter عائشہ خان will come too.")
        .paragraph("تم الاتصال بالعائلة وسيتم ترتيب زيارة منزلية الأسبوع القادم مع المعالج المهني (OT) والممرضة.")
        .paragraph("המשפחה תתקשר למרפאה ביום שני בבוקר.")
        .key_values([
            ("Bengali", "রহিমা বেগম, কিছু"),
            ("Hindi", "किरण शर्मा"),
            ("Punjabi", "ਹਰਪ੍ਰੀਤ ਸਿੰਘ"),
            ("Gujarati", "કિરણ પટેલ"),
            ("Tamil", "செல்வி கொழும்பு"),
            ("Urdu", "عائشہ خان"),
            ("Hebrew", "שלום כהן"),
        ])
        .list(["Call محمد علي on Monday", "اتصل بالعائلة يوم الاثنين"]);
    let mut table = Table::new([Column::share("Name", 1.0), Column::share("Note", 2.0)]);
    table.row(["محمد علي".into(), "زيارة منزلية".into()]);
    table.row(["রহিমা বেগম".into(), "Home visit with the OT".into()]);
    doc.table(table);
    let out = rendered(&mut doc);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pdf-samples");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("scripts-shaped.pdf"), &out.pdf).unwrap();
    assert_eq!(out.replaced, 0);
    println!("{}", pdftotext(&out.pdf));
    let _ = (ARABIC, BENGALI, LEFT, RIGHT, lines_with(&[], ""), rustybuzz_shapes(ARABIC, "م"), cmap_shapes(ARABIC, "م"), drawn(&out.pdf, 1), Tagged::load(&out.pdf).structure());
}
