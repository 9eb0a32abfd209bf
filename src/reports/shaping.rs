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

/// Whether a line must be shaped: it has a character Noto Sans lacks, or a direction mark or
/// joiner (which Noto Sans would draw as a glyph of its own). Otherwise it is drawn character by
/// character in Noto Sans, the fast path most text takes.
pub(crate) fn needs_shaping(text: &str, primary: &Face) -> bool {
    text.chars().any(|c| primary.glyph(c).is_none() || steers(c))
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
                let units: u32 =
                    run.chars().filter(|&c| !steers(c)).filter_map(|c| primary.glyph(c)).map(|g| u32::from(primary.advance(g))).sum();
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

/// How a run's glyphs read back as the characters typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reading {
    /// In the order drawn, each glyph through the font's ToUnicode map.
    AsDrawn,
    /// Right to left: the glyphs are drawn in visual order, so the run's show string holds its
    /// characters in the reverse of reading order. The PDF marks it `ReversedChars`, as the PDF
    /// specification (14.8.2.3.3) asks; readers that order right-to-left text themselves from
    /// the glyphs' positions (poppler, pdf.js) get it right without the mark.
    Reversed,
    /// The glyphs do not map one to one, in order, onto the characters (an Indic vowel sign drawn
    /// before its consonant, a conjunct): the typed text, given as the run's /ActualText.
    Actual(String),
}

/// Glyphs of one face at one bidi level, side by side in visual order.
pub(crate) struct Run<'f> {
    pub(crate) key: FontKey,
    pub(crate) face: &'f Face,
    pub(crate) glyphs: Vec<Placed>,
    /// What each glyph stands for, for the font's ToUnicode map: its character, the characters
    /// of a ligature or contextual form (in visual order, for a right-to-left run, so a reader
    /// reversing the run gets them in typed order), or empty for a glyph that stands for nothing.
    pub(crate) texts: Vec<String>,
    /// Where the run starts on the line, from the line's left end, in ems (times the type size
    /// for pt).
    pub(crate) at: f32,
    pub(crate) reading: Reading,
}

/// A cleaned line with characters Noto Sans lacks, shaped: its runs in reading (logical) order,
/// each placed where visual order puts it, so a reader that follows the content stream reads
/// the line as typed.
pub(crate) fn line<'f>(text: &str, style: Style, faces: &'f Faces) -> Vec<Run<'f>> {
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
    let mut runs: Vec<Run<'f>> = segments
        .iter()
        .map(|(fallback, range, level)| {
            let piece = &text[range.clone()];
            let rtl = level.is_rtl();
            match fallback.and_then(|i| Some((i, fallback_face(i)?))) {
                Some((i, face)) => {
                    let (glyphs, texts, reading) = shaped(face, piece, rtl);
                    Run { key: FontKey::Fallback(i), face, glyphs, texts, at: 0.0, reading }
                }
                None => {
                    let (glyphs, texts, reading) = unshaped(primary, piece, rtl);
                    Run { key: FontKey::Primary(style), face: primary, glyphs, texts, at: 0.0, reading }
                }
            }
        })
        .collect();
    // Place the runs in visual order.
    let visual: Vec<usize> = if segments.iter().any(|(_, _, level)| level.is_rtl()) {
        ParagraphBidiInfo::reorder_visual(&segments.iter().map(|&(_, _, level)| level).collect::<Vec<_>>())
    } else {
        (0..segments.len()).collect()
    };
    let mut at = 0.0;
    for i in visual {
        let run = &mut runs[i];
        run.at = at;
        at += run.glyphs.iter().map(|g| g.advance).sum::<i32>() as f32 / run.face.units_per_em();
    }
    runs.retain(|run| !run.glyphs.is_empty());
    runs
}

/// Whether glyph texts, in the order drawn, read as `typed`: forwards, or backwards for a
/// right-to-left run.
fn reading(texts: &[String], typed: &str, rtl: bool) -> Reading {
    let drawn: String = texts.concat();
    let typed: String = typed.chars().filter(|&c| !steers(c)).collect();
    if !rtl && drawn == typed {
        Reading::AsDrawn
    } else if rtl && drawn.chars().rev().eq(typed.chars()) {
        Reading::Reversed
    } else {
        Reading::Actual(typed)
    }
}

/// Noto Sans's glyphs for `piece`, one a character, reversed and mirrored ("(" for ")") when it
/// is right to left. Steering characters draw nothing.
fn unshaped(face: &Face, piece: &str, rtl: bool) -> (Vec<Placed>, Vec<String>, Reading) {
    let mut chars: Vec<char> = piece.chars().filter(|&c| !steers(c) && face.glyph(c).is_some()).collect();
    if rtl {
        chars.reverse();
    }
    let drawn: Vec<char> =
        chars.iter().map(|&c| if rtl { mirrored(c).filter(|&m| face.glyph(m).is_some()).unwrap_or(c) } else { c }).collect();
    let glyphs = (drawn.iter())
        .filter_map(|&c| face.glyph(c))
        .map(|id| Placed { id, advance: i32::from(face.advance(id)), x_offset: 0, y_offset: 0 })
        .collect();
    let texts: Vec<String> = drawn.iter().map(|c| c.to_string()).collect();
    let reading = reading(&texts, piece, rtl);
    (glyphs, texts, reading)
}

/// The mirror image of a paired punctuation mark, drawn in right-to-left text.
fn mirrored(c: char) -> Option<char> {
    const PAIRS: [(char, char); 6] = [('(', ')'), ('[', ']'), ('{', '}'), ('<', '>'), ('«', '»'), ('‹', '›')];
    PAIRS.iter().find_map(|&(a, b)| if c == a { Some(b) } else if c == b { Some(a) } else { None })
}

/// `piece` shaped in the fallback `face`, with what each glyph stands for, and whether the
/// glyphs are simply the cmap's glyph for each character in typed order.
fn shaped(face: &Face, piece: &str, rtl: bool) -> (Vec<Placed>, Vec<String>, Reading) {
    let Some(out) = shape(face, piece, Some(rtl)) else {
        return unshaped(face, piece, rtl);
    };
    let glyphs: Vec<Placed> =
        out.iter().map(|g| Placed { id: g.id, advance: g.advance, x_offset: g.x_offset, y_offset: g.y_offset }).collect();
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
    if rtl {
        // Read backwards with the rest of the run, a ligature's characters come out in order.
        texts.iter_mut().for_each(|t| *t = t.chars().rev().collect());
    }
    let reading = reading(&texts, piece, rtl);
    (glyphs, texts, reading)
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
    }

    #[test]
    fn latin_text_is_one_run_in_noto_sans() {
        let faces = faces().unwrap();
        let runs = line("Siân Ellis-Wójcik (OT)", Style::Regular, faces);
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].key, FontKey::Primary(Style::Regular));
        assert_eq!(runs[0].reading, Reading::AsDrawn);
        assert_eq!(runs[0].texts.concat(), "Siân Ellis-Wójcik (OT)");
    }

    #[test]
    fn right_to_left_runs_are_placed_in_visual_order_with_mirrored_brackets() {
        let faces = faces().unwrap();
        // A right-to-left paragraph: "(" typed first is drawn at the right end, as ")".
        let runs = line("\u{200F}(שלום) OT", Style::Regular, faces);
        let hebrew = FontKey::Fallback(6);
        let primary = FontKey::Primary(Style::Regular);
        // In reading order: "(", the word, ") ", "OT".
        let keys: Vec<FontKey> = runs.iter().map(|r| r.key).collect();
        assert_eq!(keys, [primary, hebrew, primary, primary]);
        let texts: Vec<String> = runs.iter().map(|r| r.texts.concat()).collect();
        assert_eq!(texts, [")", "םולש", " (", "OT"], "drawn: mirrored brackets, the word's letters right to left");
        let readings: Vec<&Reading> = runs.iter().map(|r| &r.reading).collect();
        assert_eq!(readings, [&Reading::Actual("(".into()), &Reading::Reversed, &Reading::Actual(") ".into()), &Reading::AsDrawn]);
        // On the page, left to right: "OT", " (", the word, ")".
        let mut by_place: Vec<(f32, &str)> = runs.iter().zip(&texts).map(|(r, t)| (r.at, t.as_str())).collect();
        by_place.sort_by(|a, b| a.0.total_cmp(&b.0));
        let placed: Vec<&str> = by_place.iter().map(|&(_, t)| t).collect();
        assert_eq!(placed, ["OT", " (", "םולש", ")"]);
        assert_eq!(by_place[0].0, 0.0);
        assert!(by_place.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
