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
    fn long_values_are_quoted_in_part() {
        assert_eq!(quoted("13:45"), "'13:45'");
        let long = quoted(&"x".repeat(1_000_000));
        assert_eq!(long.chars().count(), QUOTED_MAX + 3);
        assert!(long.ends_with("…'"));
    }
}
