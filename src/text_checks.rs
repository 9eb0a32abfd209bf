//! Checks every typed or imported text goes through, whatever the field.

use crate::{Error, Result};

/// How much of a wrong value a message repeats back: enough to recognise it, never a whole paste.
const QUOTED_MAX: usize = 40;

/// A one-line value (a name, title or reference) holds no control characters: they are invisible
/// on screen, and an escape sequence in a name would recolour or clear a terminal listing it.
pub(crate) fn check_line(field: &'static str, label: &str, value: &str) -> Result<()> {
    if value.chars().any(char::is_control) {
        return Err(Error::invalid(
            field,
            format!(
                "The {label} contains a control character (an invisible character such as a line break, tab or \
                 escape). Type it again on one line."
            ),
        ));
    }
    Ok(())
}

/// Notes keep every character they are given except NUL, which SQLite's text functions read as
/// the end of the text; it only ever arrives by accident, in a paste or a damaged file.
pub(crate) fn check_note(field: &'static str, label: &str, value: &str) -> Result<()> {
    if value.contains('\0') {
        return Err(Error::invalid(
            field,
            format!(
                "The {label} contains a NUL character (an invisible character some programs leave in copied text). \
                 Paste it again as plain text, or type it."
            ),
        ));
    }
    Ok(())
}

/// `value` in quotes for a message, cut short with "…" when it is long.
pub(crate) fn quoted(value: &str) -> String {
    if value.chars().count() <= QUOTED_MAX {
        format!("'{value}'")
    } else {
        format!("'{}…'", value.chars().take(QUOTED_MAX).collect::<String>())
    }
}

// ----- Dates ---------------------------------------------------------------------------------

/// The first date in `text`, as written there, in any of the ways people in the UK write one:
/// `3/3`, `03/03/2026`, `3.3.26`, `2026-03-03`; `3 March`, `3rd of March`, `the third of March`,
/// `15 Dec 2026`, `March 3`, `March the 3rd`; a weekday with a day (`Monday 3rd`, `Tue the 3rd`);
/// `on the 3rd` at the end of a clause; and the named days `Christmas Day`, `Christmas Eve`,
/// `Boxing Day`, `New Year's Day` and `New Year's Eve`.
///
/// Not dates, because they do not pin down a day: a month alone or with a year (`in March`,
/// `March 2026`, `March of last year`), a weekday alone (`on Monday`), a year (`in 2024`), a
/// span of time (`three months`, `3 months later`), times (`3:30`), ranges (`2-3 times`),
/// decimals (`1.5 miles`), `24/7`, a fraction before "of", "a" or "an" (`3/4 of her time`,
/// `1/2 a mile`), an ordinal before
/// a noun (`the 3rd visit`), and "may" in lower case after a number (`all 3 may need help`) unless
/// the date is plain (`3rd may`, `3 of may`, `on 3 may`, `3 may 2026`). A comma or full stop
/// between a number and a month keeps them apart (`In March, 3 people joined`). Clinical
/// shorthand for a length of time such as `3/7` (three days) or `6/12` reads as a date: write it
/// in words.
pub(crate) fn find_date(text: &str) -> Option<String> {
    let tokens = tokens(text);
    let span = |from: usize, to: usize| text[tokens[from].start..tokens[to].end].to_string();
    let word = |i: usize| tokens.get(i).map_or("", |t| t.word.as_str());
    for i in 0..tokens.len() {
        let t = &tokens[i];
        if numeric_date(&t.word, word(i + 1)) {
            return Some(span(i, i));
        }
        if let Some(end) = named_day(&tokens, i) {
            return Some(span(i, end));
        }
        // 3 March, 3rd of March, the third of March, 15 Dec 2026, 3rd may.
        if let Some(day) = day_of(t)
            && !t.stop
        {
            let of = word(i + 1) == "of" && !tokens[i + 1].stop;
            let m = if of { i + 2 } else { i + 1 };
            if let Some(month) = tokens.get(m).and_then(month_of)
                && (day.numeric || of)
            {
                let before = i.checked_sub(1).map_or("", word);
                let year = tokens.get(m + 1).is_some_and(|y| !tokens[m].stop && is_year(&y.word));
                let plain = day.suffix || of || year || matches!(before, "on" | "by" | "from" | "until" | "till");
                if month == Month::Strong || plain {
                    return Some(span(i, if year { m + 1 } else { m }));
                }
            }
        }
        // March 3, March 3rd, March the 3rd, Dec 15 2026.
        if month_of(t) == Some(Month::Strong) && !t.stop {
            let the = word(i + 1) == "the" && !tokens[i + 1].stop;
            let d = if the { i + 2 } else { i + 1 };
            if let Some(day) = tokens.get(d).and_then(day_of)
                && (day.numeric || the || day.word)
            {
                return Some(span(i, d));
            }
        }
        // Monday 3rd, Tue the 3rd.
        if is_weekday(t) && !t.stop {
            let the = word(i + 1) == "the" && !tokens[i + 1].stop;
            let d = if the { i + 2 } else { i + 1 };
            if tokens.get(d).and_then(day_of).is_some_and(|day| day.suffix || day.word) {
                return Some(span(i, d));
            }
        }
        // on the 3rd. (but not "on the 3rd floor")
        if matches!(t.word.as_str(), "on" | "by" | "from" | "until" | "till")
            && word(i + 1) == "the"
            && !tokens[i + 1].stop
            && let Some(day) = tokens.get(i + 2).and_then(day_of)
            && (day.suffix || day.word)
            && (tokens[i + 2].stop || i + 3 == tokens.len())
        {
            return Some(span(i, i + 2));
        }
    }
    None
}

/// A word of the text, lower case, without the punctuation around it.
struct Token {
    word: String,
    /// Whether the word began with a capital letter.
    capital: bool,
    /// Whether punctuation after it ends a clause (`,` `;` `:` `.` `!` `?` `)`), so that it does not
    /// run on into the next word. A full stop after a month's short name (`Dec.`) does not.
    stop: bool,
    /// Bytes of the word in the text.
    start: usize,
    end: usize,
}

fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut at = 0;
    for raw in text.split_whitespace() {
        let offset = at + text[at..].find(raw).expect("a piece of the text");
        at = offset + raw.len();
        let inner = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if inner.is_empty() {
            if let Some(last) = out.last_mut() {
                let last: &mut Token = last;
                last.stop |= raw.contains([',', ';', ':', '.', '!', '?', ')', '–', '—']);
            }
            continue;
        }
        let start = offset + raw.find(inner).expect("inside the piece");
        let after = &raw[raw.find(inner).expect("inside") + inner.len()..];
        let word = inner.replace('’', "'").to_lowercase();
        let abbreviation = after.starts_with('.') && after.len() == 1 && MONTHS.iter().any(|(_, short)| short.contains(&word.as_str()));
        out.push(Token {
            capital: inner.starts_with(char::is_uppercase),
            stop: !abbreviation && after.contains([',', ';', ':', '.', '!', '?', ')']),
            word,
            start,
            end: start + inner.len(),
        });
    }
    out
}

/// 3/3, 03/03/2026, 3.3.26, 03-03-26, 2026-03-03. `next` is the word after it.
fn numeric_date(word: &str, next: &str) -> bool {
    if !word.starts_with(|c: char| c.is_ascii_digit()) || !word.contains(['/', '.', '-']) {
        return false;
    }
    let parts: Vec<&str> = word.split(['/', '.', '-']).collect();
    if parts.iter().any(|p| p.is_empty() || p.len() > 4 || !p.chars().all(|c| c.is_ascii_digit())) {
        return false;
    }
    let n = |p: &str| p.parse::<u32>().unwrap_or(0);
    let day_month = |a: &str, b: &str| {
        a.len() <= 2 && b.len() <= 2 && (1..=31).contains(&n(a)) && (1..=31).contains(&n(b)) && (n(a) <= 12 || n(b) <= 12)
    };
    match parts[..] {
        [y, m, d] if y.len() == 4 => d.len() <= 2 && (1..=12).contains(&n(m)) && (1..=31).contains(&n(d)),
        [a, b, y] => matches!(y.len(), 2 | 4) && day_month(a, b),
        // Only a slash makes a day and month of two numbers: 2-3 is a range, 1.5 a decimal.
        [a, b] => word.contains('/') && day_month(a, b) && word != "24/7" && !matches!(next, "of" | "a" | "an"),
        _ => false,
    }
}

struct Day {
    /// Written in figures (3, 3rd), not words (third).
    numeric: bool,
    /// With an ordinal ending: 3rd, 21st.
    suffix: bool,
    /// An ordinal in words: third, twenty-first.
    word: bool,
}

fn day_of(t: &Token) -> Option<Day> {
    let w = t.word.as_str();
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if !digits.is_empty() && digits.len() <= 2 && digits.chars().all(|c| c.is_ascii_digit()) {
        let n: u32 = digits.parse().ok()?;
        let ordinal = matches!(suffix, "st" | "nd" | "rd" | "th");
        return ((1..=31).contains(&n) && (suffix.is_empty() || ordinal)).then_some(Day { numeric: true, suffix: ordinal, word: false });
    }
    ORDINALS.contains(&w).then_some(Day { numeric: false, suffix: false, word: true })
}

const ORDINALS: [&str; 31] = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
    "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth",
    "twenty-first", "twenty-second", "twenty-third", "twenty-fourth", "twenty-fifth", "twenty-sixth", "twenty-seventh",
    "twenty-eighth", "twenty-ninth", "thirtieth", "thirty-first",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Month {
    /// Only a month: "March", "Dec".
    Strong,
    /// "may" in lower case, more often the verb.
    Weak,
}

const MONTHS: [(&str, &[&str]); 12] = [
    ("january", &["jan"]),
    ("february", &["feb"]),
    ("march", &["mar"]),
    ("april", &["apr"]),
    ("may", &[]),
    ("june", &["jun"]),
    ("july", &["jul"]),
    ("august", &["aug"]),
    ("september", &["sep", "sept"]),
    ("october", &["oct"]),
    ("november", &["nov"]),
    ("december", &["dec"]),
];

fn month_of(t: &Token) -> Option<Month> {
    let w = t.word.as_str();
    if w == "may" {
        return Some(if t.capital { Month::Strong } else { Month::Weak });
    }
    MONTHS.iter().any(|(name, short)| *name == w || short.contains(&w)).then_some(Month::Strong)
}

fn is_year(word: &str) -> bool {
    word.len() == 4 && word.chars().all(|c| c.is_ascii_digit()) && (word.starts_with("19") || word.starts_with("20"))
}

/// Monday to Sunday; the short names (Mon, Tue, Sat…) only with a capital, as "sat" and "wed"
/// are words too.
fn is_weekday(t: &Token) -> bool {
    const DAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    const SHORT: [&str; 11] = ["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "weds"];
    DAYS.contains(&t.word.as_str()) || (t.capital && SHORT.contains(&t.word.as_str()))
}

/// Christmas Day, Christmas Eve, Boxing Day, New Year's Day, New Year's Eve starting at `i`: the
/// index of their last word.
fn named_day(tokens: &[Token], i: usize) -> Option<usize> {
    let word = |k: usize| tokens.get(k).map_or("", |t| t.word.as_str());
    let joined = |k: usize| !tokens[k].stop;
    match word(i) {
        "christmas" if joined(i) && matches!(word(i + 1), "day" | "eve") => Some(i + 1),
        "boxing" if joined(i) && word(i + 1) == "day" => Some(i + 1),
        "new" if joined(i) && matches!(word(i + 1), "year's" | "years") && joined(i + 1) && matches!(word(i + 2), "day" | "eve") => {
            Some(i + 2)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_refuse_control_characters_and_notes_only_nul() {
        assert!(check_line("name", "name", "Zoë 🙂 مريم <b>").is_ok());
        for bad in ["a\tb", "a\nb", "\u{1b}[31m", "\u{0}", "\u{7f}", "\u{85}"] {
            assert!(check_line("name", "name", bad).is_err(), "{bad:?}");
        }
        assert!(check_note("situation", "note", "line\r\nline\t\u{7}").is_ok());
        assert!(check_note("situation", "note", "a\u{0}b").is_err());
    }

    #[test]
    fn dates_are_found_however_they_are_written_in_the_uk() {
        for (text, date) in [
            ("She fell on 3 March and again later.", "3 March"),
            ("Seen on 3rd March at home", "3rd March"),
            ("Seen on the 3rd of March", "3rd of March"),
            ("on the third of March", "third of March"),
            ("Her birthday is March 3.", "March 3"),
            ("Since March 3rd she has", "March 3rd"),
            ("Since March the 3rd", "March the 3rd"),
            ("It was March the twenty-first", "March the twenty-first"),
            ("Reviewed 3/3 with the GP", "3/3"),
            ("Reviewed 03/03/2026.", "03/03/2026"),
            ("Reviewed 3.3.26 at home", "3.3.26"),
            ("Reviewed 03-03-26", "03-03-26"),
            ("Reviewed 2026-03-03", "2026-03-03"),
            ("Next visit 15 Dec 2026", "15 Dec 2026"),
            ("Next visit 15 Dec. 2026", "15 Dec. 2026"),
            ("Next visit Dec 15, so", "Dec 15"),
            ("Discharged on Monday 3rd, then", "Monday 3rd"),
            ("Discharged on Tuesday the 3rd", "Tuesday the 3rd"),
            ("Discharged Wed 3 March", "3 March"),
            ("Discharged Mon 3/3", "3/3"),
            ("She was discharged on the 3rd.", "on the 3rd"),
            ("Alone on Christmas Day", "Christmas Day"),
            ("Alone on New Year’s Eve", "New Year’s Eve"),
            ("Seen on 3 May", "3 May"),
            ("Seen on 3 may", "3 may"),
            ("Seen 3rd may", "3rd may"),
            ("Seen 3 may 2026", "3 may 2026"),
            ("(31 January)", "31 January"),
        ] {
            assert_eq!(find_date(text).as_deref(), Some(date), "{text}");
        }
    }

    #[test]
    fn spans_of_time_months_and_numbers_are_not_dates() {
        for text in [
            "Three months after the first fall she walked to the shop.",
            "3 months later she joined a walking group.",
            "Seen 3 times in March.",
            "In March, 3 people joined the group.",
            "It started in March of last year.",
            "Last March she stopped going out.",
            "By March 2026 she was back at the allotment.",
            "Twice in 2024 and 3 visits since.",
            "On Monday mornings she goes to the lunch club.",
            "Every Tuesday, then on Monday.",
            "Care 24/7 from her daughter.",
            "She spends 3/4 of her time in one room, 1/2 a mile from the shop.",
            "Walks 1.5 miles; 2-3 times a week.",
            "Her 3rd visit went better, on the 3rd floor.",
            "All 3 may need help with stairs.",
            "She may 3D print a tool.",
            "Visited at 3:30 with the SPLW.",
            "A woman in her 80s, aged 83, over Christmas.",
            "She sat 3rd in the quiz.",
            "The second of two visits.",
            "Version 1.2 of the plan.",
            "",
        ] {
            assert_eq!(find_date(text), None, "{text}");
        }
    }

    #[test]
    fn long_values_are_quoted_in_part() {
        assert_eq!(quoted("13:45"), "'13:45'");
        let long = quoted(&"x".repeat(1_000_000));
        assert_eq!(long.chars().count(), QUOTED_MAX + 3);
        assert!(long.ends_with("…'"));
    }
}
