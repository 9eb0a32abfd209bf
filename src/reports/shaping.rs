//! Text in the fallback faces as a reader of it expects to see it: shaped with rustybuzz (Arabic
//! letters joined, lam-alef ligatures, Indic vowel signs reordered and conjuncts formed) and put
//! in visual order with the Unicode bidirectional algorithm (unicode-bidi), so Arabic, Urdu and
//! Hebrew read right to left, and an Arabic name in an English sentence reads right to left inside
//! it.
//!
//! Text that Noto Sans draws alone (almost all text) never comes here: it is measured and drawn
//! character by character, as before. A line is shaped only when it has a character from a
//! fallback face, and only its fallback runs go through rustybuzz.
//!
//! Lines are broken in logical order, measured with the shaped advances; each line is then put in
//! visual order on its own. A paragraph's direction comes from its first strong character; the
//! wrapper starts each line of a paragraph with right-to-left text with a direction mark (LRM or
//! RLM) saying the paragraph's direction, so a line that begins with a word in the other
//! direction is still ordered, and aligned, as its paragraph is. The marks draw nothing.

use std::ops::Range;

use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo, bidi_class};
use unicode_normalization::char::is_combining_mark;

use super::fonts::{Face, Faces, FontKey, Style, fallback_face, fallback_for};

/// Starts each line of a left-to-right paragraph that has right-to-left text in it.
pub(crate) const LTR_MARK: char = '\u{200E}';
/// Starts each line of a right-to-left paragraph: the line is ordered and aligned right to left.
pub(crate) const RTL_MARK: char = '\u{200F}';

/// Characters that steer the text but draw nothing of their own: the joiners (ZWNJ, ZWJ), the
/// direction marks, and the embeddings, overrides and isolates.
pub(crate) fn steers(c: char) -> bool {
    matches!(c, '\u{200C}'..='\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `text` needs the bidirectional algorithm: it has a right-to-left letter, an Arabic
/// digit, or an explicit direction. Quick for Latin text: nothing below U+0590 qualifies.
pub(crate) fn has_right_to_left(text: &str) -> bool {
    use BidiClass::{AL, AN, FSI, LRE, LRI, LRO, R, RLE, RLI, RLO};
    text.chars().any(|c| c >= '\u{590}' && matches!(bidi_class(c), R | AL | AN | RLE | RLO | RLI | FSI | LRE | LRO | LRI))
}

/// The mark that starts each line of `paragraph` (one line of the typed text, up to a newline):
/// `None` when it has no right-to-left text; otherwise RLM when its first strong character is
/// right to left, else LRM.
pub(crate) fn direction_mark(paragraph: &str) -> Option<char> {
    if !has_right_to_left(paragraph) {
        return None;
    }
    let first = paragraph.chars().map(bidi_class).find(|class| matches!(class, BidiClass::L | BidiClass::R | BidiClass::AL));
    Some(if matches!(first, Some(BidiClass::R | BidiClass::AL)) { RTL_MARK } else { LTR_MARK })
}

/// Whether a wrapped line is right to left, so is aligned right.
pub(crate) fn is_right_to_left(line: &str) -> bool {
    line.starts_with(RTL_MARK)
}

/// `line` without the direction mark the wrapper put first: the text as typed.
pub(crate) fn as_typed(line: &str) -> &str {
    line.strip_prefix([LTR_MARK, RTL_MARK]).unwrap_or(line)
}

/// `text` cut where the face that draws it changes: `None` for Noto Sans, else the fallback's
/// index. A steering character, and a combining mark the run's fallback face has, stay with the
/// run before them, so the shaper sees whole clusters.
fn face_runs(text: &str, primary: &Face) -> Vec<(Option<usize>, Range<usize>)> {
    let mut runs = Vec::new();
    let (mut start, mut current) = (0, None);
    for (at, c) in text.char_indices() {
        let stays = steers(c)
            || (is_combining_mark(c) && current.and_then(fallback_face).is_some_and(|face| face.glyph(c).is_some()));
        let key = if stays {
            current
        } else if primary.glyph(c).is_some() {
            None
        } else {
            fallback_for(c).map_or(current, |(i, _)| Some(i))
        };
        if key != current {
            if at > start {
                runs.push((current, start..at));
            }
            (start, current) = (at, key);
        }
    }
    if start < text.len() || runs.is_empty() {
        runs.push((current, start..text.len()));
    }
    runs
}

/// A glyph as rustybuzz placed it, in font units; `cluster` is the byte offset in the shaped
/// text of the first character it stands for.
struct Shaped {
    id: u16,
    advance: i32,
    x_offset: i32,
    y_offset: i32,
    cluster: usize,
}

/// `text` shaped in `face`, in visual order; right to left when `rtl` says so, else in the
/// direction of its script. `None` when rustybuzz cannot read the face.
fn shape(face: &Face, text: &str, rtl: Option<bool>) -> Option<Vec<Shaped>> {
    let shaper = face.shaper()?;
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    if let Some(rtl) = rtl {
        buffer.set_direction(if rtl { rustybuzz::Direction::RightToLeft } else { rustybuzz::Direction::LeftToRight });
    }
    let out = rustybuzz::shape(shaper, &[], buffer);
    let glyphs = (out.glyph_infos().iter().zip(out.glyph_positions()))
        .map(|(info, at)| Shaped {
            id: u16::try_from(info.glyph_id).unwrap_or(0),
            advance: at.x_advance,
            x_offset: at.x_offset,
            y_offset: at.y_offset,
            cluster: info.cluster as usize,
        })
        .collect();
    Some(glyphs)
}

/// The width of `text` at `size` pt as printed: Noto Sans's runs by its advances, each fallback
/// run by its shaped advances. The order of the runs does not change the sum.
pub(crate) fn width(primary: &Face, text: &str, size: f32) -> f32 {
    let mut width = 0.0;
    for (fallback, range) in face_runs(text, primary) {
        let run = &text[range];
        match fallback.and_then(fallback_face) {
            Some(face) => {
                let units: i32 = match shape(face, run, None) {
                    Some(glyphs) => glyphs.iter().map(|g| g.advance).sum(),
                    None => run.chars().filter_map(|c| face.glyph(c)).map(|g| i32::from(face.advance(g))).sum(),
                };
                width += units as f32 * size / face.units_per_em();
            }
            None => {
                let units: u32 = run.chars().filter_map(|c| primary.glyph(c)).map(|g| u32::from(primary.advance(g))).sum();
                width += units as f32 * size / primary.units_per_em();
            }
        }
    }
    width
}

/// A glyph to draw, in its face's units: the pen moves on by `advance`; the glyph is drawn
/// `x_offset` right and `y_offset` up of the pen (a mark placed over its letter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Placed {
    pub(crate) id: u16,
    pub(crate) advance: i32,
    pub(crate) x_offset: i32,
    pub(crate) y_offset: i32,
}

/// Glyphs of one face, side by side in visual order.
pub(crate) struct Run<'f> {
    pub(crate) key: FontKey,
    pub(crate) face: &'f Face,
    pub(crate) glyphs: Vec<Placed>,
    /// What each glyph stands for, for the font's ToUnicode map: its character, the characters
    /// of a ligature or contextual form, or empty for a glyph that stands for nothing typed.
    pub(crate) texts: Vec<String>,
}

/// A line as drawn.
pub(crate) struct Line<'f> {
    pub(crate) runs: Vec<Run<'f>>,
    /// The line as typed, when the glyphs do not read back as it: they were reordered, or
    /// shaped into forms that do not map one to one onto the characters. The PDF gives it as the
    /// run's /ActualText, so copied and extracted text comes out in logical order.
    pub(crate) actual_text: Option<String>,
}

/// A cleaned line with characters Noto Sans lacks, shaped and in visual order.
pub(crate) fn line<'f>(text: &str, style: Style, faces: &'f Faces) -> Line<'f> {
    let primary = faces.get(style);
    let levels = has_right_to_left(text).then(|| ParagraphBidiInfo::new(text, None).reordered_levels(0..text.len()));
    // The face runs, cut again where the level changes (a steering character takes the level
    // before it, so it never splits a word the shaper must see whole).
    let mut segments: Vec<(Option<usize>, Range<usize>, Level)> = Vec::new();
    for (fallback, range) in face_runs(text, primary) {
        let Some(levels) = &levels else {
            segments.push((fallback, range, Level::ltr()));
            continue;
        };
        let mut start = range.start;
        let mut level = levels[start];
        for (at, c) in text[range.clone()].char_indices().map(|(i, c)| (range.start + i, c)) {
            if at > start && !steers(c) && levels[at] != level {
                segments.push((fallback, start..at, level));
                start = at;
            }
            if at == start || !steers(c) {
                level = levels[at];
            }
        }
        segments.push((fallback, start..range.end, level));
    }
    let reordered = segments.iter().any(|(_, _, level)| level.is_rtl());
    let order: Vec<usize> = if reordered {
        ParagraphBidiInfo::reorder_visual(&segments.iter().map(|&(_, _, level)| level).collect::<Vec<_>>())
    } else {
        (0..segments.len()).collect()
    };
    let mut plain = true;
    let mut runs: Vec<Run<'f>> = Vec::new();
    for (fallback, range, level) in order.into_iter().map(|i| segments[i].clone()) {
        let piece = &text[range];
        let rtl = level.is_rtl();
        let (key, face, glyphs, texts) = match fallback.and_then(|i| Some((i, fallback_face(i)?))) {
            Some((i, face)) => {
                let (glyphs, texts, is_plain) = shaped(face, piece, rtl);
                plain &= is_plain;
                (FontKey::Fallback(i), face, glyphs, texts)
            }
            None => {
                let (glyphs, texts) = unshaped(primary, piece, rtl);
                (FontKey::Primary(style), primary, glyphs, texts)
            }
        };
        match runs.last_mut() {
            Some(last) if last.key == key => {
                last.glyphs.extend(glyphs);
                last.texts.extend(texts);
            }
            _ => runs.push(Run { key, face, glyphs, texts }),
        }
    }
    let actual_text = (reordered || !plain).then(|| as_typed(text).to_string());
    Line { runs, actual_text }
}

/// Noto Sans's glyphs for `piece`, one a character, reversed and mirrored ("(" for ")") when it
/// is right to left. Steering characters draw nothing.
fn unshaped(face: &Face, piece: &str, rtl: bool) -> (Vec<Placed>, Vec<String>) {
    let mut chars: Vec<char> = piece.chars().filter(|&c| !steers(c)).collect();
    if rtl {
        chars.reverse();
        chars.iter_mut().for_each(|c| *c = mirrored(*c).filter(|&m| face.glyph(m).is_some()).unwrap_or(*c));
    }
    let glyphs = (chars.iter())
        .filter_map(|&c| face.glyph(c))
        .map(|id| Placed { id, advance: i32::from(face.advance(id)), x_offset: 0, y_offset: 0 })
        .collect();
    let texts = chars.iter().filter(|&&c| face.glyph(c).is_some()).map(|c| c.to_string()).collect();
    (glyphs, texts)
}

/// The mirror image of a paired punctuation mark, drawn in right-to-left text.
fn mirrored(c: char) -> Option<char> {
    const PAIRS: [(char, char); 6] = [('(', ')'), ('[', ']'), ('{', '}'), ('<', '>'), ('«', '»'), ('‹', '›')];
    PAIRS.iter().find_map(|&(a, b)| if c == a { Some(b) } else if c == b { Some(a) } else { None })
}

/// `piece` shaped in the fallback `face`, with what each glyph stands for, and whether the
/// glyphs are simply the cmap's glyph for each character in typed order.
fn shaped(face: &Face, piece: &str, rtl: bool) -> (Vec<Placed>, Vec<String>, bool) {
    let Some(out) = shape(face, piece, Some(rtl)) else {
        let (glyphs, texts) = unshaped(face, piece, rtl);
        return (glyphs, texts, !rtl);
    };
    let glyphs: Vec<Placed> =
        out.iter().map(|g| Placed { id: g.id, advance: g.advance, x_offset: g.x_offset, y_offset: g.y_offset }).collect();
    let typed: Vec<char> = piece.chars().filter(|&c| !steers(c)).collect();
    let plain = !rtl
        && glyphs.len() == typed.len()
        && glyphs.iter().zip(&typed).all(|(g, &c)| face.glyph(c) == Some(g.id) && g.x_offset == 0 && g.y_offset == 0);
    // Each cluster's characters, shared out among its glyphs: a glyph that is the cmap's glyph
    // for one of them stands for it; the first other glyph stands for the rest (a ligature, a
    // joined form); any further glyph for the character whose cmap glyph it is, if any.
    let mut starts: Vec<usize> = out.iter().map(|g| g.cluster).collect();
    starts.sort_unstable();
    starts.dedup();
    let mut texts = vec![String::new(); out.len()];
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(piece.len());
        let chars: Vec<char> = piece.get(start..end).unwrap_or("").chars().filter(|&c| !steers(c)).collect();
        let members: Vec<usize> = (0..out.len()).filter(|&i| out[i].cluster == start).collect();
        if let [only] = members[..] {
            texts[only] = chars.iter().collect();
            continue;
        }
        let mut used = vec![false; chars.len()];
        let mut others = Vec::new();
        for &i in &members {
            match (0..chars.len()).find(|&k| !used[k] && face.glyph(chars[k]) == Some(out[i].id)) {
                Some(k) => {
                    used[k] = true;
                    texts[i] = chars[k].to_string();
                }
                None => others.push(i),
            }
        }
        let rest: String = chars.iter().zip(&used).filter(|&(_, &u)| !u).map(|(c, _)| c).collect();
        for (n, &i) in others.iter().enumerate() {
            texts[i] = if n == 0 && !rest.is_empty() {
                rest.clone()
            } else {
                face.char_of(out[i].id).map(String::from).unwrap_or_default()
            };
        }
    }
    (glyphs, texts, plain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::fonts::faces;

    #[test]
    fn a_paragraph_takes_its_direction_from_its_first_strong_character() {
        assert_eq!(direction_mark("Referral from Dr Smith"), None, "no right-to-left text: no mark");
        assert_eq!(direction_mark("Spoke with محمد علي today"), Some(LTR_MARK));
        assert_eq!(direction_mark("محمد علي spoke first"), Some(RTL_MARK));
        assert_eq!(direction_mark("12 שלום"), Some(RTL_MARK), "digits are not strong");
        assert!(is_right_to_left("\u{200F}שלום") && !is_right_to_left("\u{200E}a שלום"));
        assert_eq!(as_typed("\u{200F}שלום"), "שלום");
    }

    #[test]
    fn latin_text_is_one_run_in_noto_sans() {
        let faces = faces().unwrap();
        let line = line("Siân Ellis-Wójcik (OT)", Style::Regular, faces);
        assert_eq!(line.runs.len(), 1);
        assert_eq!(line.runs[0].key, FontKey::Primary(Style::Regular));
        assert!(line.actual_text.is_none());
        let texts: String = line.runs[0].texts.concat();
        assert_eq!(texts, "Siân Ellis-Wójcik (OT)");
    }

    #[test]
    fn right_to_left_runs_come_in_visual_order_with_mirrored_brackets() {
        let faces = faces().unwrap();
        // An RTL paragraph: "(" typed first is drawn last, and mirrored.
        let line = line("\u{200F}(שלום) OT", Style::Regular, faces);
        let keys: Vec<FontKey> = line.runs.iter().map(|r| r.key).collect();
        let hebrew = FontKey::Fallback(6);
        let primary = FontKey::Primary(Style::Regular);
        assert_eq!(keys, [primary, hebrew, primary], "Noto Sans runs either side of the Hebrew word");
        // Visual, left to right: "OT", " ", "(", then the Hebrew word reversed, then ")".
        let first: String = line.runs[0].texts.concat();
        assert_eq!(first, "OT (");
        let hebrew_texts: String = line.runs[1].texts.concat();
        assert_eq!(hebrew_texts, "םולש");
        assert_eq!(line.runs[2].texts.concat(), ")");
        assert_eq!(line.actual_text.as_deref(), Some("(שלום) OT"));
    }
}
