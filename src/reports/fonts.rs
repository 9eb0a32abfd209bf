//! The typeface every report prints in: Noto Sans, regular and bold (SIL Open Font Licence 1.1,
//! `assets/fonts/OFL.txt`). The font files are compiled into the binary, so a report measures and
//! looks the same on every machine, whatever fonts that machine has.

use std::collections::BTreeSet;
use std::fmt::Display;
use std::sync::LazyLock;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use printpdf::ParsedFont;

use super::fingerprint;
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

pub(crate) struct Faces {
    regular: Face,
    bold: Face,
}

pub(crate) struct Face {
    name: &'static str,
    bytes: &'static [u8],
    font: ParsedFont,
    units_per_em: f32,
}

/// Parsed once per process: parsing a face costs more than laying out a page.
static FACES: LazyLock<Option<Faces>> = LazyLock::new(|| {
    Some(Faces { regular: Face::parse("NotoSans-Regular", REGULAR)?, bold: Face::parse("NotoSans-Bold", BOLD)? })
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
}

impl Face {
    fn parse(name: &'static str, bytes: &'static [u8]) -> Option<Face> {
        let font = ParsedFont::from_bytes(bytes, 0, &mut Vec::new())?;
        Some(Face { name, bytes, units_per_em: f32::from(font.units_per_em), font })
    }

    /// The face's glyph for `c`; `None` when it has none (glyph 0 is the "missing" box).
    fn glyph(&self, c: char) -> Option<u16> {
        self.font.lookup_glyph_index(u32::from(c)).filter(|&gid| gid != 0)
    }

    pub(crate) fn has(&self, c: char) -> bool {
        self.glyph(c).is_some()
    }

    /// Advance width of `c` at `size` pt. printpdf draws without kerning, so summing advances
    /// measures exactly what is drawn.
    pub(crate) fn char_width(&self, c: char, size: f32) -> f32 {
        let advance = self.glyph(c).and_then(|gid| self.font.get_glyph_width(gid)).unwrap_or(0);
        f32::from(advance) * size / self.units_per_em
    }

    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.char_width(c, size)).sum()
    }

    /// The face cut down to the glyphs for `chars`, so a report embeds a few kilobytes of font
    /// rather than half a megabyte. Named with a subset tag, as the PDF specification asks.
    /// (printpdf embeds whatever face it is given: it only subsets with its `text_layout` feature,
    /// which brings a whole HTML layout engine.)
    pub(crate) fn subset(&self, chars: &BTreeSet<char>) -> Result<ParsedFont> {
        let fail = |e: &dyn Display| Error::Internal(format!("subsetting the report font {}: {e}", self.name));
        // allsorts wants glyph 0 first and no glyph twice.
        let glyphs: BTreeSet<u16> = chars.iter().filter_map(|&c| self.glyph(c)).collect();
        let ids: Vec<u16> = std::iter::once(0).chain(glyphs).collect();
        let data = ReadScope::new(self.bytes).read::<FontData<'_>>().map_err(|e| fail(&e))?;
        let provider = data.table_provider(0).map_err(|e| fail(&e))?;
        let bytes = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|e| fail(&e))?;
        let mut font = ParsedFont::from_bytes(&bytes, 0, &mut Vec::new()).ok_or_else(|| fail(&"unreadable subset"))?;
        font.font_name = Some(format!("{}+{}", subset_tag(&bytes), self.name));
        Ok(font)
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
            assert!(!face.has('中') && !face.has('😀'));
        }
    }

    #[test]
    fn a_subset_maps_the_same_characters_and_widths() {
        let face = faces().unwrap().get(Style::Regular);
        let chars: BTreeSet<char> = "Gwŷn Łódź".chars().collect();
        let sub = face.subset(&chars).unwrap();
        assert!(sub.font_name.as_deref().unwrap().ends_with("+NotoSans-Regular"));
        for c in chars {
            let gid = sub.lookup_glyph_index(u32::from(c)).unwrap();
            let width = f32::from(sub.get_glyph_width(gid).unwrap()) * 10.0 / face.units_per_em;
            assert_eq!(width, face.char_width(c, 10.0), "{c}");
        }
        assert!(sub.original_bytes.len() < 20_000, "subset is {} bytes", sub.original_bytes.len());
    }
}
