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

/// Text without the bidi embedding marks pdftotext puts around right-to-left runs.
fn without_embeddings(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, '\u{202A}'..='\u{202E}')).collect()
}

/// The glyphs drawn in font `font` on `line`, left to right on the page.
fn seen_glyphs(line: &Drawn, font: &str) -> Vec<Shape> {
    let mut runs: Vec<&Run> = line.runs.iter().filter(|r| r.font == font).collect();
    runs.sort_by(|a, b| a.x.total_cmp(&b.x));
    runs.iter().flat_map(|r| r.glyphs.iter().copied()).collect()
}

/// Where the first run whose text reads as `text` starts on `line`.
fn x_of(line: &Drawn, text: &str) -> f32 {
    let reads = |run: &Run| match &run.reading {
        Reading::AsDrawn => run.unicode.clone(),
        Reading::Reversed => run.unicode.chars().rev().collect(),
        Reading::Actual(actual) => actual.clone(),
    };
    line.runs.iter().find(|run| reads(run).contains(text)).unwrap_or_else(|| panic!("no run reads {text:?} in {line:?}")).x
}

#[test]
fn an_arabic_name_is_drawn_in_the_joined_forms_rustybuzz_chooses() {
    let mut doc = Document::new("Referral");
    doc.paragraph("Spoke with محمد علي about the referral.");
    let out = rendered(&mut doc);
    let lines = drawn(&out.pdf, 1);
    let line = lines_with(&lines, "Spoke with")[0];
    // Noto Sans Arabic is the first fallback face: "F0".
    let arabic = seen_glyphs(line, "F0");
    // Left to right on the page: the second word, then the first (each as rustybuzz orders it).
    let mut expected = rustybuzz_shapes(ARABIC, "علي");
    expected.extend(rustybuzz_shapes(ARABIC, "محمد"));
    assert_eq!(arabic, expected, "the joined forms, in visual order");
    // Positive control: each letter's own (unjoined) glyph, even right to left, is not what is drawn.
    let mut unjoined: Vec<Shape> = cmap_shapes(ARABIC, "علي").into_iter().rev().collect();
    unjoined.extend(cmap_shapes(ARABIC, "محمد").into_iter().rev());
    assert_eq!(unjoined.len(), arabic.len());
    assert_ne!(arabic, unjoined, "shaping changed the glyphs");
    assert!(arabic.iter().zip(&unjoined).filter(|(a, b)| a != b).count() >= 4, "most letters take a joined form");
    // The page shows the name right to left inside the English sentence, which keeps its order.
    assert_eq!(line.seen(), "Spoke with يلع دمحم about the referral.");
    assert_eq!(line.read(), "Spoke with محمد علي about the referral.");
    assert!(x_of(line, "Spoke with") < x_of(line, "علي") && x_of(line, "علي") < x_of(line, "محمد"));
    assert!(x_of(line, "محمد") < x_of(line, "about the referral."));
}

#[test]
fn hebrew_and_arabic_notes_read_back_as_typed_though_drawn_right_to_left() {
    let hebrew = "המשפחה תתקשר למרפאה ביום שני בבוקר.";
    let arabic = "تم الاتصال بالعائلة وسيتم ترتيب زيارة منزلية.";
    let mut doc = Document::new("Notes");
    doc.paragraph(hebrew).paragraph(arabic);
    let out = rendered(&mut doc);
    let lines = drawn(&out.pdf, 1);
    let line = lines_with(&lines, "המשפחה")[0];
    // Drawn right to left: the ToUnicode text in page order is the note backwards.
    assert_eq!(line.seen(), hebrew.chars().rev().collect::<String>());
    assert_eq!(line.read(), hebrew);
    // The lam-alef of "الاتصال" is one glyph, as rustybuzz makes it, and still reads back.
    let line = lines_with(&lines, "الاتصال")[0];
    let word = line.runs.iter().find(|r| r.font == "F0" && r.glyphs.len() == rustybuzz_shapes(ARABIC, "الاتصال").len()).expect("the word's run");
    assert_eq!(word.glyphs, rustybuzz_shapes(ARABIC, "الاتصال"));
    assert_eq!(word.glyphs.len(), "الاتصال".chars().count() - 1, "one ligature");
    assert_eq!(line.read(), arabic);

    // Read independently: the structure tree (ReversedChars honoured) and poppler.
    let tagged = Tagged::load(&out.pdf);
    let paragraphs: Vec<String> = tagged.structure().into_iter().filter(|n| n.role == "P").map(|n| n.text).collect();
    assert!(paragraphs.contains(&hebrew.to_string()) && paragraphs.contains(&arabic.to_string()), "{paragraphs:?}");
    let text = without_embeddings(&pdftotext(&out.pdf));
    assert!(text.contains(hebrew) && text.contains(arabic), "pdftotext: {text}");
}

#[test]
fn an_indic_vowel_sign_written_after_its_consonant_is_drawn_before_it() {
    let mut doc = Document::new("Names");
    doc.key_values([("Name", "রহিমা বেগম"), ("Note", "কিছু")]);
    let out = rendered(&mut doc);
    let lines = drawn(&out.pdf, 1);
    // Noto Sans Bengali is the second fallback face: "F1".
    let line = lines_with(&lines, "কিছু")[0];
    let drawn = seen_glyphs(line, "F1");
    let (ka, i) = (cmap_shapes(BENGALI, "ক")[0], cmap_shapes(BENGALI, "ি")[0]);
    assert_eq!(drawn[..2], [i, ka], "the vowel sign i first, then ka");
    assert_eq!(drawn, rustybuzz_shapes(BENGALI, "কিছু"));
    assert_ne!(drawn[..2], cmap_shapes(BENGALI, "কি")[..], "positive control: typed order is ka, i");
    // The glyphs are not in typed order, so the run carries the typed text.
    assert_eq!(line.runs.iter().find(|r| r.font == "F1").unwrap().reading, Reading::Actual("কিছু".into()));
    assert_eq!(line.read(), "কিছু");
    let name = lines_with(&lines, "রহিমা")[0];
    let mut words = rustybuzz_shapes(BENGALI, "রহিমা");
    words.extend(rustybuzz_shapes(BENGALI, "বেগম"));
    assert_eq!(seen_glyphs(name, "F1"), words, "each word shaped (the space between is Noto Sans's)");
    let text = pdftotext(&out.pdf);
    assert!(text.contains("রহিমা বেগম") && text.contains("কিছু"), "pdftotext: {text}");
    let cells: Vec<String> = Tagged::load(&out.pdf).structure().into_iter().filter(|n| n.role == "TD").map(|n| n.text).collect();
    assert_eq!(cells, ["রহিমা বেগম", "কিছু"]);
}

#[test]
fn a_right_to_left_paragraph_ends_each_line_at_the_right_margin_and_wraps_within_it() {
    let sentence = "تم الاتصال بالعائلة وسيتم ترتيب زيارة منزلية الأسبوع القادم مع المعالج المهني والممرضة.";
    let note = [sentence; 6].join(" ");
    let mut doc = Document::new("Notes");
    doc.paragraph(&note).paragraph(format!("Then: {note}"));
    let out = rendered(&mut doc);
    let lines = drawn(&out.pdf, 1);
    // PDF measures y up: the right-to-left note is above the line that starts "Then".
    let then = lines_with(&lines, "Then:")[0].y;
    let rtl: Vec<&Drawn> = lines.iter().filter(|l| l.runs.iter().any(|r| r.font == "F0") && l.y > then).collect();
    assert!(rtl.len() >= 4, "the note wraps: {} lines", rtl.len());
    for line in &rtl {
        assert!((line.right() - RIGHT).abs() < 0.05, "ends at the right margin: {} for {RIGHT}", line.right());
        assert!(line.left() >= LEFT - 0.01, "within the width: starts at {} for {LEFT}", line.left());
    }
    // Positive control: the last line is short and does not start at the left margin.
    let last = rtl.iter().filter(|l| l.y < rtl[0].y).min_by(|a, b| a.y.total_cmp(&b.y)).unwrap();
    assert!(last.left() > LEFT + 20.0, "the last line is aligned right: {}", last.left());
    // Broken between words, in reading order: the lines read back as the note.
    let p = Tagged::load(&out.pdf).structure().into_iter().find(|n| n.role == "P" && n.text.starts_with("تم")).unwrap();
    assert_eq!(p.text, note);
    // A left-to-right paragraph with the same Arabic starts each line at the left margin.
    let ltr: Vec<&Drawn> = lines.iter().filter(|l| l.y <= then && l.runs.iter().any(|r| r.font == "F0")).collect();
    assert!(ltr.len() >= 4);
    for line in ltr {
        assert!((line.left() - LEFT).abs() < 0.05, "starts at the left margin: {}", line.left());
        assert!(line.right() <= RIGHT + 0.01, "within the width: ends at {}", line.right());
    }
    assert_eq!(rendered(&mut doc).pdf, out.pdf, "the same bytes every time");
}

#[test]
fn latin_text_is_drawn_as_before_without_shaping_marks() {
    let mut doc = Document::new("Minutes");
    doc.paragraph("Siân Ellis-Wójcik (OT) will visit; Zoë O’Connor-Núñez to call.");
    let out = rendered(&mut doc);
    let lines = drawn(&out.pdf, 1);
    let line = lines_with(&lines, "Siân")[0];
    assert_eq!(line.runs.len(), 1, "one run in Noto Sans");
    assert_eq!(line.runs[0].reading, Reading::AsDrawn);
    let file = lopdf::Document::load_mem(&out.pdf).unwrap();
    let content = file.get_and_decode_page_content(file.get_pages()[&1]).unwrap().encode().unwrap();
    let content = String::from_utf8_lossy(&content);
    assert!(!content.contains("ReversedChars") && !content.contains("ActualText") && !content.contains(" TJ"), "{content}");
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
    let text = without_embeddings(&pdftotext(&out.pdf));
    for typed in ["محمد علي", "عائشہ خان", "রহিমা বেগম", "किरण शर्मा", "ਹਰਪ੍ਰੀਤ ਸਿੰਘ", "કિરણ પટેલ", "செல்வி", "שלום כהן", "زيارة منزلية"] {
        assert!(text.contains(typed), "pdftotext: {typed} missing from {text}");
    }
}
