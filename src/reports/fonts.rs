//! The typeface every report prints in: Noto Sans, regular and bold (SIL Open Font Licence 1.1,
//! `assets/fonts/OFL.txt`), and fallback faces for what Noto Sans lacks: Noto Sans Arabic,
//! Bengali, Devanagari, Gurmukhi, Gujarati, Tamil and Hebrew, Droid Sans Fallback for Chinese,
//! Japanese and Korean, and Symbola for emoji (`assets/fonts/README.md`). The font files are
//! compiled into the binary, so a report measures and looks the same on every machine, whatever
//! fonts that machine has. A fallback face is parsed the first time a report needs it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Display;
use std::sync::{LazyLock, OnceLock};

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use printpdf::ParsedFont;

use super::fingerprint;
use super::shaping;
use crate::{Error, Result};

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");

/// Noto Sans's capital height (OS/2 sCapHeight, 714 of 1000 units). Lines are centred on it, so
/// text sits visually in the middle of a table cell.
pub(crate) const CAP_HEIGHT: f32 = 0.714;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Regular,
    Bold,
}

impl Style {
    pub(crate) const ALL: [Style; 2] = [Style::Regular, Style::Bold];
}

/// Which face draws a character: Noto Sans in the text's style, or a fallback by its index in
/// [`FALLBACKS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum FontKey {
    Primary(Style),
    Fallback(usize),
}

impl PartialOrd for Style {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Style {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (*self as u8).cmp(&(*other as u8))
    }
}

/// A face for characters Noto Sans has no glyph for, tried for the characters in its ranges.
pub(crate) struct Fallback {
    name: &'static str,
    bytes: &'static [u8],
    /// Inclusive code point ranges.
    ranges: &'static [(u32, u32)],
    face: OnceLock<Option<Face>>,
}

impl Fallback {
    const fn new(name: &'static str, bytes: &'static [u8], ranges: &'static [(u32, u32)]) -> Fallback {
        Fallback { name, bytes, ranges, face: OnceLock::new() }
    }

    fn covers(&self, c: char) -> bool {
        let code = u32::from(c);
        self.ranges.iter().any(|&(from, to)| (from..=to).contains(&code))
    }

    fn face(&self) -> Option<&Face> {
        self.face.get_or_init(|| Face::parse(self.name, self.bytes, false)).as_ref()
    }
}

/// In the order tried. Symbola, last, is tried for anything the others do not cover.
pub(crate) static FALLBACKS: [Fallback; 9] = [
    Fallback::new(
        "NotoSansArabic-Regular",
        include_bytes!("../../assets/fonts/NotoSansArabic-Regular.ttf"),
        &[(0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)],
    ),
    Fallback::new(
        "NotoSansBengali-Regular",
        include_bytes!("../../assets/fonts/NotoSansBengali-Regular.ttf"),
        &[(0x0980, 0x09FF)],
    ),
    Fallback::new(
        "NotoSansDevanagari-Regular",
        include_bytes!("../../assets/fonts/NotoSansDevanagari-Regular.ttf"),
        &[(0x0900, 0x097F), (0xA8E0, 0xA8FF)],
    ),
    Fallback::new(
        "NotoSansGurmukhi-Regular",
        include_bytes!("../../assets/fonts/NotoSansGurmukhi-Regular.ttf"),
        &[(0x0A00, 0x0A7F)],
    ),
    Fallback::new(
        "NotoSansGujarati-Regular",
        include_bytes!("../../assets/fonts/NotoSansGujarati-Regular.ttf"),
        &[(0x0A80, 0x0AFF)],
    ),
    Fallback::new("NotoSansTamil-Regular", include_bytes!("../../assets/fonts/NotoSansTamil-Regular.ttf"), &[(0x0B80, 0x0BFF)]),
    Fallback::new(
        "NotoSansHebrew-Regular",
        include_bytes!("../../assets/fonts/NotoSansHebrew-Regular.ttf"),
        &[(0x0590, 0x05FF), (0xFB1D, 0xFB4F)],
    ),
    Fallback::new(
        "DroidSansFallback",
        include_bytes!("../../assets/fonts/DroidSansFallback.ttf"),
        &[
            (0x1100, 0x11FF),
            (0x2E80, 0x2FDF),
            (0x3000, 0x33FF),
            (0x3400, 0x4DBF),
            (0x4E00, 0x9FFF),
            (0xA960, 0xA97F),
            (0xAC00, 0xD7FF),
            (0xF900, 0xFAFF),
            (0xFE30, 0xFE4F),
            (0xFF00, 0xFFEF),
            (0x2_0000, 0x2_FFFF),
        ],
    ),
    Fallback::new("Symbola", include_bytes!("../../assets/fonts/Symbola.ttf"), &[(0, 0x10_FFFF)]),
];

/// The first fallback face with a glyph for `c`.
pub(crate) fn fallback_for(c: char) -> Option<(usize, &'static Face)> {
    (FALLBACKS.iter().enumerate())
        .filter(|(_, fallback)| fallback.covers(c))
        .find_map(|(i, fallback)| fallback.face().filter(|face| face.glyph(c).is_some()).map(|face| (i, face)))
}

/// The fallback face at `index` in [`FALLBACKS`], parsed on first use.
pub(crate) fn fallback_face(index: usize) -> Option<&'static Face> {
    FALLBACKS.get(index).and_then(Fallback::face)
}

pub(crate) struct Faces {
    regular: Face,
    bold: Face,
}

pub(crate) struct Face {
    pub(crate) name: &'static str,
    /// Noto Sans, whose missing characters are measured in a fallback face.
    primary: bool,
    bytes: &'static [u8],
    units_per_em: f32,
    /// Glyph id of every character of the Basic Multilingual Plane, 0 for none: built once with the
    /// parsed face, so measuring a character is two array reads, not two tree look-ups.
    bmp: Box<[u16]>,
    /// The few characters beyond the BMP that the face has (none in Noto Sans today).
    astral: BTreeMap<u32, u16>,
    /// Advance width of each glyph, in font units, by glyph id.
    advances: Box<[u16]>,
    pub(crate) metrics: Metrics,
    /// The face as rustybuzz reads it, for shaping; made the first time a fallback run is shaped.
    shaper: OnceLock<Option<rustybuzz::Face<'static>>>,
    /// The character each glyph of the cmap draws (the lowest, when several share a glyph); made
    /// when a shaped glyph's text is first asked for.
    chars: OnceLock<HashMap<u16, char>>,
}

/// What a PDF font descriptor says about a face, in thousandths of an em.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Metrics {
    pub(crate) ascent: f32,
    pub(crate) descent: f32,
    pub(crate) cap_height: f32,
    pub(crate) bbox: [f32; 4],
    pub(crate) stem_v: f32,
}

/// A face cut down to the glyphs one report uses, ready to embed.
pub(crate) struct Subset {
    /// The font's name in the PDF: a subset tag, "+", the face's name.
    pub(crate) name: String,
    /// The subset font file (TrueType).
    pub(crate) bytes: Vec<u8>,
    /// The subset's glyph id for each of the face's glyph ids (0 for glyphs left out).
    new_ids: Vec<u16>,
    /// For each of the subset's glyphs from 1 on: the text it stands for (a character, or more
    /// than one for a ligature such as lam-alef) and its advance in thousandths of an em.
    pub(crate) glyphs: Vec<(String, f32)>,
}

/// Parsed once per process: parsing a face costs more than laying out a page.
static FACES: LazyLock<Option<Faces>> = LazyLock::new(|| {
    Some(Faces {
        regular: Face::parse("NotoSans-Regular", REGULAR, true)?,
        bold: Face::parse("NotoSans-Bold", BOLD, true)?,
    })
});

pub(crate) fn faces() -> Result<&'static Faces> {
    FACES.as_ref().ok_or_else(|| Error::Internal("the built-in report font could not be read".into()))
}

impl Faces {
    pub(crate) fn get(&self, style: Style) -> &Face {
        match style {
            Style::Regular => &self.regular,
            Style::Bold => &self.bold,
        }
    }

    pub(crate) fn by_key(&self, key: FontKey) -> Option<&Face> {
        match key {
            FontKey::Primary(style) => Some(self.get(style)),
            FontKey::Fallback(i) => FALLBACKS.get(i).and_then(Fallback::face),
        }
    }
}

impl Face {
    fn parse(name: &'static str, bytes: &'static [u8], primary: bool) -> Option<Face> {
        let font = ParsedFont::from_bytes(bytes, 0, &mut Vec::new())?;
        let mut bmp = vec![0u16; 0x1_0000].into_boxed_slice();
        let mut astral = BTreeMap::new();
        for (&code, &gid) in &font.codepoint_to_glyph {
            match bmp.get_mut(code as usize) {
                Some(slot) => *slot = gid,
                None => {
                    astral.insert(code, gid);
                }
            }
        }
        let glyph_count = font.glyph_widths.keys().last().map_or(0, |&gid| usize::from(gid) + 1);
        let mut advances = vec![0u16; glyph_count].into_boxed_slice();
        for (&gid, &advance) in &font.glyph_widths {
            advances[usize::from(gid)] = advance;
        }
        let units_per_em = f32::from(font.units_per_em);
        let em = |units: i16| f32::from(units) * 1000.0 / units_per_em;
        let m = &font.pdf_font_metrics;
        let metrics = Metrics {
            ascent: em(font.font_metrics.ascent),
            descent: em(font.font_metrics.descent),
            cap_height: CAP_HEIGHT * 1000.0,
            bbox: [em(m.x_min), em(m.y_min), em(m.x_max), em(m.y_max)],
            // No font table gives the stem width; estimated from the weight class, as printpdf did.
            stem_v: if m.us_weight_class == 0 { 80.0 } else { 50.0 + (f32::from(m.us_weight_class) / 65.0).powi(2).round() },
        };
        Some(Face {
            name,
            primary,
            bytes,
            units_per_em,
            bmp,
            astral,
            advances,
            metrics,
            shaper: OnceLock::new(),
            chars: OnceLock::new(),
        })
    }

    /// The face's glyph for `c`; `None` when it has none (glyph 0 is the "missing" box).
    pub(crate) fn glyph(&self, c: char) -> Option<u16> {
        let code = u32::from(c);
        let gid = match self.bmp.get(code as usize) {
            Some(&gid) => gid,
            None => self.astral.get(&code).copied().unwrap_or(0),
        };
        (gid != 0).then_some(gid)
    }

    /// Whether the face, or for Noto Sans a fallback face, can draw `c`.
    pub(crate) fn has(&self, c: char) -> bool {
        self.glyph(c).is_some() || (self.primary && fallback_for(c).is_some())
    }

    /// Advance width of glyph `gid`, in font units.
    pub(crate) fn advance(&self, gid: u16) -> u16 {
        self.advances.get(usize::from(gid)).copied().unwrap_or(0)
    }

    pub(crate) fn units_per_em(&self) -> f32 {
        self.units_per_em
    }

    /// The face for rustybuzz to shape with; `None` if it cannot read the file.
    pub(crate) fn shaper(&self) -> Option<&rustybuzz::Face<'static>> {
        self.shaper.get_or_init(|| rustybuzz::Face::from_slice(self.bytes, 0)).as_ref()
    }

    /// The character whose cmap glyph is `gid`, if any (the lowest, when several share it).
    pub(crate) fn char_of(&self, gid: u16) -> Option<char> {
        let chars = self.chars.get_or_init(|| {
            let mut chars = HashMap::new();
            let bmp = (self.bmp.iter().enumerate()).filter_map(|(code, &gid)| Some((char::from_u32(code as u32)?, gid)));
            let astral = self.astral.iter().filter_map(|(&code, &gid)| Some((char::from_u32(code)?, gid)));
            for (c, gid) in bmp.chain(astral).filter(|&(_, gid)| gid != 0) {
                chars.entry(gid).or_insert(c);
            }
            chars
        });
        chars.get(&gid).copied()
    }

    /// Advance width of `c` at `size` pt. The PDF is drawn without kerning, so summing advances
    /// measures exactly what is drawn.
    pub(crate) fn char_width(&self, c: char, size: f32) -> f32 {
        match self.glyph(c) {
            Some(gid) => f32::from(self.advance(gid)) * size / self.units_per_em,
            None if self.primary => fallback_for(c).map_or(0.0, |(_, face)| face.char_width(c, size)),
            None => 0.0,
        }
    }

    /// Width of `text` at `size` pt as printed: the sum of Noto Sans's advances while every
    /// character is Noto Sans's (the common case, kept fast); otherwise the advances of the text
    /// as shaped, each run in the face that draws it.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        let mut units = 0u32;
        for c in text.chars() {
            match self.glyph(c) {
                Some(_) if shaping::steers(c) => return shaping::width(self, text, size),
                Some(gid) => units += u32::from(self.advance(gid)),
                None if self.primary => return shaping::width(self, text, size),
                None => {}
            }
        }
        units as f32 * size / self.units_per_em
    }

    /// The face cut down to the glyphs for `chars`, so a report embeds a few kilobytes of font
    /// rather than half a megabyte. Named with a subset tag, as the PDF specification asks.
    pub(crate) fn subset(&self, chars: &BTreeSet<char>) -> Result<Subset> {
        let mut by_glyph: BTreeMap<u16, String> = BTreeMap::new();
        for &c in chars {
            if let Some(gid) = self.glyph(c) {
                by_glyph.entry(gid).or_insert_with(|| c.to_string());
            }
        }
        self.subset_glyphs(&by_glyph)
    }

    /// The face cut down to the glyphs `by_glyph` names, each with the text it stands for: shaped
    /// text draws glyphs the cmap does not reach (joined Arabic forms, ligatures, Indic conjuncts).
    pub(crate) fn subset_glyphs(&self, by_glyph: &BTreeMap<u16, String>) -> Result<Subset> {
        let fail = |e: &dyn Display| Error::Internal(format!("subsetting the report font {}: {e}", self.name));
        // allsorts wants glyph 0 first and no glyph twice; the subset numbers the glyphs in the
        // order given (any glyphs a composite glyph needs come after them).
        let by_glyph: Vec<(u16, &String)> =
            by_glyph.iter().filter(|&(&gid, _)| gid != 0 && usize::from(gid) < self.advances.len()).map(|(&g, t)| (g, t)).collect();
        let ids: Vec<u16> = std::iter::once(0).chain(by_glyph.iter().map(|&(gid, _)| gid)).collect();
        let data = ReadScope::new(self.bytes).read::<FontData<'_>>().map_err(|e| fail(&e))?;
        let provider = data.table_provider(0).map_err(|e| fail(&e))?;
        let bytes = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|e| fail(&e))?;
        let mut new_ids = vec![0u16; self.advances.len().max(1)];
        for (new, &old) in ids.iter().enumerate().skip(1) {
            new_ids[usize::from(old)] = u16::try_from(new).map_err(|e| fail(&e))?;
        }
        let glyphs = by_glyph
            .iter()
            .map(|&(gid, text)| (text.clone(), f32::from(self.advance(gid)) * 1000.0 / self.units_per_em))
            .collect();
        Ok(Subset { name: format!("{}+{}", subset_tag(&bytes), self.name), bytes, new_ids, glyphs })
    }
}

impl Subset {
    /// Appends the subset's glyph ids for `text` as two bytes each (the PDF's Identity-H
    /// encoding). A character without a glyph in the subset (it was not in the set the subset
    /// was cut for) draws glyph 0.
    pub(crate) fn encode(&self, face: &Face, text: &str, out: &mut Vec<u8>) {
        out.reserve(text.len() * 2);
        for c in text.chars() {
            let gid = face.glyph(c).map_or(0, |old| self.new_ids.get(usize::from(old)).copied().unwrap_or(0));
            out.extend_from_slice(&gid.to_be_bytes());
        }
    }

    /// The subset's id for the face's glyph `gid`: 0 for a glyph left out.
    pub(crate) fn glyph_id(&self, gid: u16) -> u16 {
        self.new_ids.get(usize::from(gid)).copied().unwrap_or(0)
    }
}

/// Six capital letters derived from the subset, so a different subset gets a different name.
fn subset_tag(bytes: &[u8]) -> String {
    let hash = fingerprint([bytes]);
    (0..6).map(|i| char::from(b'A' + ((hash >> (i * 8)) % 26) as u8)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_faces_parse_and_measure() {
        let faces = faces().unwrap();
        for style in Style::ALL {
            let face = faces.get(style);
            assert!(face.width("MDT", 10.0) > 10.0);
            assert!(face.width("iii", 10.0) < face.width("MMM", 10.0), "advances are per glyph");
            assert!("ŵŷłżś—“”’é\u{FFFD}".chars().all(|c| face.has(c)));
            assert!(face.glyph('中').is_none() && face.glyph('😀').is_none(), "these come from fallbacks");
        }
    }

    #[test]
    fn a_subset_maps_the_same_characters_and_widths() {
        let face = faces().unwrap().get(Style::Regular);
        let chars: BTreeSet<char> = "Gwŷn Łódź".chars().collect();
        let sub = face.subset(&chars).unwrap();
        assert!(sub.name.ends_with("+NotoSans-Regular"), "{}", sub.name);
        // Read the subset file back on its own: each character's glyph there is the id the pages
        // draw with, and has the face's advance.
        let parsed = ParsedFont::from_bytes(&sub.bytes, 0, &mut Vec::new()).unwrap();
        assert_eq!(sub.glyphs.len(), chars.len());
        for (i, (text, width)) in sub.glyphs.iter().enumerate() {
            let (c, width) = (text.chars().next().unwrap(), *width);
            assert_eq!(text.chars().count(), 1);
            let gid = parsed.lookup_glyph_index(u32::from(c)).unwrap();
            assert_eq!(usize::from(gid), i + 1, "{c}: glyphs are numbered as listed");
            let mut drawn = Vec::new();
            sub.encode(face, &c.to_string(), &mut drawn);
            assert_eq!(drawn, gid.to_be_bytes(), "{c}");
            let advance = f32::from(parsed.get_glyph_width(gid).unwrap()) * 1000.0 / face.units_per_em;
            assert_eq!(advance, width, "{c}");
            assert_eq!(width * 10.0 / 1000.0, face.char_width(c, 10.0), "{c}");
        }
        let mut drawn = Vec::new();
        sub.encode(face, "x", &mut drawn);
        assert_eq!(drawn, [0, 0], "a character left out of the subset draws glyph 0");
        assert!(sub.bytes.len() < 20_000, "subset is {} bytes", sub.bytes.len());
    }

    #[test]
    fn the_dense_tables_agree_with_the_font_file() {
        for style in Style::ALL {
            let face = faces().unwrap().get(style);
            let parsed = ParsedFont::from_bytes(face.bytes, 0, &mut Vec::new()).unwrap();
            assert!(parsed.codepoint_to_glyph.len() > 2800, "the whole cmap, not a sample: {}", parsed.codepoint_to_glyph.len());
            for (&code, &gid) in &parsed.codepoint_to_glyph {
                let c = char::from_u32(code).unwrap();
                assert_eq!(face.glyph(c), (gid != 0).then_some(gid), "U+{code:04X}");
                // A character mapped to glyph 0 (the "missing" box) has no width: it is replaced.
                let advance = if gid == 0 { 0 } else { parsed.get_glyph_width(gid).unwrap() };
                assert_eq!(face.char_width(c, 12.0), f32::from(advance) * 12.0 / face.units_per_em, "U+{code:04X}");
            }
            assert_eq!(face.glyph('\u{10FFFF}'), None);
            assert!(face.metrics.ascent > 900.0 && face.metrics.descent < -200.0, "{:?}", face.metrics);
        }
    }
}
