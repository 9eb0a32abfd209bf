//! Time arithmetic: a teach-in's minutes shared out among its slots so they always add up, and
//! how long notes take to say.

use std::cmp::Reverse;

use crate::{Error, Result};

use super::{MAX_MINUTES, MIN_MINUTES};

/// Shares `total` minutes out in proportion to `weights` by largest remainder, so the parts
/// always add up to `total`; every part gets at least one minute (taken from the largest). Ties
/// go to the larger weight, then the earlier slot. `weights` must not be empty and `total` must be
/// at least its length.
pub fn apportion(total: i64, weights: &[i64]) -> Vec<i64> {
    let n = weights.len();
    assert!(n > 0 && total >= n as i64, "{total} minutes cannot be shared among {n} slots");
    let weights: Vec<i64> = if weights.iter().all(|w| *w <= 0) {
        vec![1; n]
    } else {
        weights.iter().map(|w| (*w).max(0)).collect()
    };
    let sum: i64 = weights.iter().sum();
    let mut parts: Vec<i64> = weights.iter().map(|w| total * w / sum).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (Reverse(total * weights[i] % sum), Reverse(weights[i]), i));
    let short = (total - parts.iter().sum::<i64>()) as usize;
    for &i in &order[..short] {
        parts[i] += 1;
    }
    while let Some(empty) = parts.iter().position(|p| *p == 0) {
        let largest = (0..n).max_by_key(|&i| (parts[i], i)).expect("not empty");
        parts[largest] -= 1;
        parts[empty] += 1;
    }
    parts
}

/// `minutes` with slot `pinned` set to `value` and the others re-flowed in proportion to their
/// current lengths, so the total stays `total`.
pub fn reflow(minutes: &[i64], pinned: usize, value: i64, total: i64) -> Result<Vec<i64>> {
    let others = minutes.len() as i64 - 1;
    let most = total - others;
    if !(1..=most).contains(&value) {
        return Err(Error::invalid(
            "minutes",
            format!("Give this slot between 1 and {most} minutes: the other {others} slots need at least a minute each."),
        ));
    }
    let rest: Vec<i64> = minutes.iter().enumerate().filter(|(i, _)| *i != pinned).map(|(_, m)| *m).collect();
    let mut shared = if rest.is_empty() { Vec::new() } else { apportion(total - value, &rest) }.into_iter();
    Ok((0..minutes.len()).map(|i| if i == pinned { value } else { shared.next().expect("one per slot") }).collect())
}

pub(super) fn check_total(total: i64, slots: usize) -> Result<i64> {
    if !(MIN_MINUTES..=MAX_MINUTES).contains(&total) {
        return Err(Error::invalid(
            "totalMinutes",
            format!("A teach-in lasts between {MIN_MINUTES} and {MAX_MINUTES} minutes."),
        ));
    }
    if (slots as i64) > total {
        return Err(Error::invalid(
            "totalMinutes",
            format!("{total} minutes is too short for {slots} slots; remove some slots or allow more time."),
        ));
    }
    Ok(total)
}

/// The speaking rate the notes are timed at: about 130 words a minute, an unhurried pace for
/// explaining a role to colleagues (people speak at 120 to 160 words a minute in talks).
pub const WORDS_PER_MINUTE: i64 = 130;

/// The words a presenter would say reading `notes` aloud: every run of characters between
/// spaces that has a letter or a figure in it (bullets and dashes are not said).
pub fn spoken_words(notes: &str) -> i64 {
    notes.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count() as i64
}

/// About how many minutes `notes` take to say at [`WORDS_PER_MINUTE`], to the nearest minute
/// (65 words or more make a minute; none make none).
pub fn speaking_minutes(notes: &str) -> i64 {
    (spoken_words(notes) + WORDS_PER_MINUTE / 2) / WORDS_PER_MINUTE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_keeps_exact_shares_and_always_adds_up() {
        assert_eq!(apportion(30, &[2, 4, 4, 3, 4, 3, 3, 4, 3]), [2, 4, 4, 3, 4, 3, 3, 4, 3]);
        assert_eq!(apportion(9, &[1, 1, 1]), [3, 3, 3]);
        assert_eq!(apportion(10, &[1, 1, 1]), [4, 3, 3], "the spare minute goes to the first");
        assert_eq!(apportion(5, &[0, 0]), [3, 2], "no weights: equal shares");
        assert_eq!(apportion(3, &[100, 1, 1]), [1, 1, 1], "nobody gets nothing");
        for total in 4..200 {
            let parts = apportion(total, &[7, 0, 1, 13]);
            assert_eq!(parts.iter().sum::<i64>(), total);
            assert!(parts.iter().all(|p| *p >= 1));
        }
    }

    #[test]
    fn reflow_pins_one_slot_and_shares_the_rest_in_proportion() {
        assert_eq!(reflow(&[2, 4, 4], 0, 4, 10).unwrap(), [4, 3, 3]);
        assert_eq!(reflow(&[5, 5], 1, 5, 10).unwrap(), [5, 5]);
        assert!(reflow(&[5, 5], 1, 10, 10).is_err(), "the other slot needs a minute");
        assert!(reflow(&[5, 5], 1, 0, 10).is_err());
        assert_eq!(reflow(&[7], 0, 7, 7).unwrap(), [7]);
    }

    #[test]
    fn notes_are_timed_at_130_words_a_minute() {
        assert_eq!(spoken_words("• In a line: a – b\n– c"), 6, "bullets and dashes are not said");
        assert_eq!(spoken_words(""), 0);
        let words = |n: usize| "word ".repeat(n);
        assert_eq!(speaking_minutes(&words(520)), 4);
        assert_eq!(speaking_minutes(&words(1300)), 10);
        assert_eq!(speaking_minutes(&words(64)), 0);
        assert_eq!(speaking_minutes(&words(65)), 1);
        assert_eq!(speaking_minutes(&words(194)), 1);
        assert_eq!(speaking_minutes(&words(195)), 2);
    }
}
