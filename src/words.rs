//! English as the app writes it, in one place: lists joined with "and", a count with its noun,
//! a capital at the start of a sentence and none in the middle of one. The words for codes
//! (needs, statuses and the like) are in [`crate::labels`].

use std::fmt::Display;

/// "a", "a and b", "a, b and c"; nothing for an empty list.
pub fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => {
            format!("{} and {}", rest.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(", "), last.as_ref())
        }
    }
}

/// `one` when there is exactly one, otherwise `many`: "is" or "are", "This flag" or "These flags".
pub fn one_or_many<'a, N: PartialEq + From<u8>>(n: N, one: &'a str, many: &'a str) -> &'a str {
    if n == N::from(1) { one } else { many }
}

/// A count and its noun, as a person writes them: "1 minute", "0 cases", "3 people".
pub fn count<N: Display + PartialEq + From<u8>>(n: N, one: &str, many: &str) -> String {
    let noun = if n == N::from(1) { one } else { many };
    format!("{n} {noun}")
}

/// The text with its first letter a capital: "the occupational therapist" → "The occupational
/// therapist". The rest is left as it is.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// A name or label as it reads in the middle of a sentence: "Occupational therapist" becomes
/// "occupational therapist", while "GP" and "SPLW" stay as they are (a capital followed by
/// another capital is an abbreviation).
pub fn in_sentence(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if second.is_lowercase() => first.to_lowercase().chain(name.chars().skip(1)).collect(),
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_join_with_commas_and_a_final_and() {
        assert_eq!(and_list::<&str>(&[]), "");
        assert_eq!(and_list(&["OT"]), "OT");
        assert_eq!(and_list(&["OT", "SPLW"]), "OT and SPLW");
        assert_eq!(and_list(&["OT", "SPLW", "GP"]), "OT, SPLW and GP");
        assert_eq!(and_list(&["a".to_string(), "b".to_string(), "c".to_string(), "d".to_string()]), "a, b, c and d");
        assert!(!and_list(&["a", "b", "c"]).contains(", and"), "no Oxford comma");
    }

    #[test]
    fn counts_take_the_plural_for_none_and_many() {
        assert_eq!(count(1, "minute", "minutes"), "1 minute");
        assert_eq!(count(0, "case", "cases"), "0 cases");
        assert_eq!(count(2usize, "action", "actions"), "2 actions");
        assert_eq!(count(1i64, "person", "people"), "1 person");
        assert_eq!(count(12i64, "person", "people"), "12 people");
        assert_eq!(count(-1i64, "minute", "minutes"), "-1 minutes");
        assert_eq!(one_or_many(1usize, "is", "are"), "is");
        assert_eq!(one_or_many(3usize, "is", "are"), "are");
        assert_eq!(one_or_many(0i64, "This flag was", "These flags were"), "These flags were");
    }

    #[test]
    fn capitals_start_a_sentence_and_leave_the_rest() {
        assert_eq!(capitalised("the occupational therapist"), "The occupational therapist");
        assert_eq!(capitalised("OT and SPLW"), "OT and SPLW");
        assert_eq!(capitalised("émile"), "Émile");
        assert_eq!(capitalised(""), "");
        assert_eq!(in_sentence("Occupational therapist"), "occupational therapist");
        assert_eq!(in_sentence("Long-term condition"), "long-term condition");
        assert_eq!(in_sentence("GP"), "GP");
        assert_eq!(in_sentence("HIU lead"), "HIU lead");
        assert_eq!(in_sentence("A"), "A", "one letter is left alone");
        assert_eq!(in_sentence(""), "");
    }
}
