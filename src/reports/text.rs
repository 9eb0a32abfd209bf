//! Text as it will print: composed, checked against the font, and broken into lines that fit.

use std::mem;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::fonts::Face;
use super::shaping::{self, steers};

/// Printed in place of a character no face (Noto Sans or a fallback) can draw, so the gap shows
/// on paper; the render also reports each such character.
const REPLACEMENT: char = '\u{FFFD}';

/// Rounding slack when comparing widths, in pt: a line that fits exactly must not wrap.
const SLACK: f32 = 0.01;

/// The characters the font could not draw, for the render report.
#[derive(Debug, Default)]
pub(crate) struct Coverage {
    /// Each missing character once, in the order first met.
    pub(crate) missing: Vec<char>,
    /// How many characters were replaced in all.
    pub(crate) replaced: usize,
}

impl Coverage {
    /// `text` ready to measure and draw. Composed (NFC), so a name typed as "e" plus a combining
    /// accent prints as one "é"; tabs become spaces; other control characters except newlines are
    /// dropped; characters the face lacks are replaced and recorded.
    pub(crate) fn clean(&mut self, text: &str, face: &Face) -> String {
        // Almost all text is already composed; composing it again is a tenth of a long report's
        // render time, so only text that may not be is put through it.
        if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes {
            text.chars().filter_map(|c| self.printable(c, face)).collect()
        } else {
            text.nfc().filter_map(|c| self.printable(c, face)).collect()
        }
    }

    fn printable(&mut self, c: char, face: &Face) -> Option<char> {
        match c {
            '\n' => Some(c),
            '\t' => Some(' '),
            _ if c.is_control() => None,
            // Direction marks and joiners are kept for ordering and shaping; they draw nothing.
            _ if steers(c) => Some(c),
            _ if face.has(c) => Some(c),
            _ => {
                self.replaced += 1;
                if !self.missing.contains(&c) {
                    self.missing.push(c);
                }
                Some(REPLACEMENT)
            }
        }
    }
}

/// Breaks cleaned `text` into lines no wider than `width` pt at `size` pt: at spaces (runs of
/// spaces count as one), at newlines, and inside a word only when the word alone is wider than a
/// line. Always at least one line, so an empty cell still has a height. Widths are as printed
/// (shaped, for text in a fallback face). Each line of a paragraph with right-to-left text starts
/// with the paragraph's direction mark (`shaping::direction_mark`), which draws nothing.
pub(crate) fn wrap(text: &str, face: &Face, size: f32, width: f32) -> Vec<String> {
    let mut wrapper = Wrapper { face, size, width, lines: Vec::new(), line: String::new(), used: 0.0, mark: None };
    for paragraph in text.split('\n') {
        wrapper.mark = shaping::direction_mark(paragraph);
        paragraph.split(' ').filter(|w| !w.is_empty()).for_each(|word| wrapper.word(word));
        wrapper.end_line();
    }
    wrapper.lines
}

/// Cuts `text` to fit `width` pt, ending it with an ellipsis when it had to be cut.
pub(crate) fn fit(text: &str, face: &Face, size: f32, width: f32) -> String {
    if face.width(text, size) <= width + SLACK {
        return text.to_string();
    }
    let room = width - face.char_width('…', size);
    let mut cut = String::new();
    if text.chars().all(|c| face.glyph(c).is_some()) {
        let mut used = 0.0;
        for c in text.chars() {
            used += face.char_width(c, size);
            if used > room {
                break;
            }
            cut.push(c);
        }
    } else {
        // Shaped text is measured whole: a joined letter is not as wide as the letter alone.
        for cluster in clusters(text) {
            if face.width(&format!("{cut}{cluster}"), size) > room {
                break;
            }
            cut.push_str(cluster);
        }
    }
    format!("{}…", cut.trim_end())
}

/// `text` cut into pieces never to be split between lines: a character with the combining marks
/// and joiners after it, and an Indic consonant joined to the next by a virama (a conjunct).
fn clusters(text: &str) -> impl Iterator<Item = &str> {
    let is_virama = |c: char| matches!(c, '\u{094D}' | '\u{09CD}' | '\u{0A4D}' | '\u{0ACD}' | '\u{0BCD}');
    let mut rest = text;
    std::iter::from_fn(move || {
        let mut chars = rest.char_indices();
        let (_, mut previous) = chars.next()?;
        let mut end = rest.len();
        for (at, c) in chars {
            let joined = is_combining_mark(c) || steers(c) || is_virama(previous) || steers(previous);
            if !joined {
                end = at;
                break;
            }
            previous = c;
        }
        let (piece, after) = rest.split_at(end);
        rest = after;
        Some(piece)
    })
}

struct Wrapper<'a> {
    face: &'a Face,
    size: f32,
    width: f32,
    lines: Vec<String>,
    line: String,
    /// Width of `line` so far.
    used: f32,
    /// The direction mark each line of the paragraph starts with, if it has right-to-left text.
    mark: Option<char>,
}

impl Wrapper<'_> {
    fn word(&mut self, word: &str) {
        let width = self.face.width(word, self.size);
        if !self.line.is_empty() {
            let with_space = self.used + self.face.char_width(' ', self.size) + width;
            if with_space <= self.width + SLACK {
                self.line.push(' ');
                self.line.push_str(word);
                self.used = with_space;
                return;
            }
            self.end_line();
        }
        if width <= self.width + SLACK {
            self.line.push_str(word);
            self.used = width;
        } else {
            self.break_word(word);
        }
    }

    /// A word wider than a line, as many characters to a line as fit; at least one, so a column
    /// narrower than a character still moves on.
    fn break_word(&mut self, word: &str) {
        if !word.chars().all(|c| self.face.glyph(c).is_some()) {
            // Shaped text: whole clusters, each line measured as shaped.
            for cluster in clusters(word) {
                let longer = format!("{}{cluster}", self.line);
                let width = self.face.width(&longer, self.size);
                if !self.line.is_empty() && width > self.width + SLACK {
                    self.end_line();
                    self.line.push_str(cluster);
                    self.used = self.face.width(cluster, self.size);
                } else {
                    self.line = longer;
                    self.used = width;
                }
            }
            return;
        }
        for c in word.chars() {
            let width = self.face.char_width(c, self.size);
            if !self.line.is_empty() && self.used + width > self.width + SLACK {
                self.end_line();
            }
            self.line.push(c);
            self.used += width;
        }
    }

    fn end_line(&mut self) {
        let mut line = mem::take(&mut self.line);
        if let Some(mark) = self.mark.filter(|_| !line.is_empty()) {
            line.insert(0, mark);
        }
        self.lines.push(line);
        self.used = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::fonts::{Style, faces};

    fn regular() -> &'static Face {
        faces().unwrap().get(Style::Regular)
    }

    #[test]
    fn wraps_at_spaces_within_the_width() {
        let face = regular();
        let text = "the quick brown fox jumps over the lazy dog ".repeat(20);
        let lines = wrap(&text, face, 10.0, 150.0);
        assert!(lines.len() > 5);
        assert!(lines.iter().all(|l| face.width(l, 10.0) <= 150.0 + SLACK && !l.starts_with(' ')));
        assert_eq!(lines.join(" "), text.trim_end());
    }

    #[test]
    fn breaks_a_word_longer_than_the_line_by_characters() {
        let face = regular();
        let word = "Pneumonoultramicroscopicsilicovolcanoconiosis";
        let lines = wrap(&format!("a {word} b"), face, 10.0, 60.0);
        assert_eq!(lines.first().unwrap(), "a");
        assert_eq!(lines.concat(), format!("a{word}b"));
        assert!(lines.iter().all(|l| face.width(l, 10.0) <= 60.0 + SLACK));
        assert_eq!(wrap("WWW", face, 10.0, 1.0), ["W", "W", "W"], "one character a line at least");
    }

    #[test]
    fn newlines_break_and_empty_text_is_one_empty_line() {
        assert_eq!(wrap("one\n\ntwo", regular(), 10.0, 300.0), ["one", "", "two"]);
        assert_eq!(wrap("", regular(), 10.0, 300.0), [""]);
    }

    #[test]
    fn missing_characters_are_replaced_and_recorded_once() {
        let mut cover = Coverage::default();
        // U+10FFFD is private use: no font has it. Chinese and emoji print from fallback faces.
        let text = cover.clean("Dr Wáng 王 \u{10FFFD} \u{10FFFD} 😀 \u{E0}\u{10FFFC}\tok\r", regular());
        assert_eq!(text, "Dr Wáng 王 \u{FFFD} \u{FFFD} 😀 à\u{FFFD} ok");
        assert_eq!(cover.missing, ['\u{10FFFD}', '\u{10FFFC}']);
        assert_eq!(cover.replaced, 3);
        assert_eq!(cover.clean("Sio\u{302}n", regular()), "Siôn", "decomposed accents are composed");
    }

    #[test]
    fn each_line_of_a_paragraph_with_right_to_left_text_starts_with_its_direction() {
        let face = regular();
        let lines = wrap("محمد علي سيتصل بالعائلة يوم الاثنين\nSpoke with محمد علي today about the referral\nplain", face, 10.0, 90.0);
        let (rtl, ltr) = (shaping::RTL_MARK, shaping::LTR_MARK);
        let first = lines.iter().take_while(|l| l.starts_with(rtl)).count();
        assert!(first >= 2, "the Arabic paragraph wraps, every line marked: {lines:?}");
        let second: Vec<&String> = lines[first..].iter().take_while(|l| l.starts_with(ltr)).collect();
        assert!(second.len() >= 2, "{lines:?}");
        assert_eq!(lines.last().unwrap(), "plain", "no right-to-left text, no mark");
        assert_eq!(first + second.len() + 1, lines.len());
    }

    #[test]
    fn shaped_words_are_measured_as_shaped_and_broken_between_clusters() {
        let face = regular();
        let word = "الاتصالبالعائلةوسيتمترتيبزيارةمنزلية";
        // Joined letters are not as wide as the same letters alone (positive control for the
        // measure the lines are broken with).
        let alone: f32 = word.chars().map(|c| face.char_width(c, 10.0)).sum();
        assert!((face.width(word, 10.0) - alone).abs() > 1.0, "{} against {alone}", face.width(word, 10.0));
        let lines = wrap(word, face, 10.0, 40.0);
        assert!(lines.len() > 3, "{lines:?}");
        assert!(lines.iter().all(|l| face.width(l, 10.0) <= 40.0 + SLACK), "{lines:?}");
        let rejoined: String = lines.iter().map(|l| l.trim_start_matches(shaping::RTL_MARK)).collect();
        assert_eq!(rejoined, word);
        // A Bengali conjunct (ka, virama, ssa) is never split, nor a vowel sign from its letter.
        let lines = wrap("ক্ষিক্ষিক্ষিক্ষিক্ষিক্ষি", face, 10.0, 15.0);
        assert!(lines.len() > 2, "{lines:?}");
        assert!(lines.iter().all(|l| l.chars().count() % 4 == 0 && l.starts_with('ক')), "{lines:?}");
        let cut = fit("محمد علي سيتصل بالعائلة يوم الاثنين", face, 9.0, 50.0);
        assert!(cut.ends_with('…') && face.width(&cut, 9.0) <= 50.0 + SLACK, "{cut}");
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        let face = regular();
        assert_eq!(fit("short", face, 9.0, 100.0), "short");
        let cut = fit("a rather long meeting title indeed", face, 9.0, 60.0);
        assert!(cut.ends_with('…') && face.width(&cut, 9.0) <= 60.0, "{cut}");
    }
}
