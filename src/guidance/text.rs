//! Reading the free-text notes: what they mention (ignoring "no ..." and "not ..."), whether two
//! actions say the same thing, and whether a task is clinical work.

use crate::discussions::DiscussionRecord;

/// Words that, just before a term, mean the notes rule it out ("no safeguarding concerns").
const NEGATIONS: &[&str] = &["no", "not", "without", "nil", "never", "denies", "denied", "none"];

pub const SAFEGUARDING_TERMS: &[&str] = &["safeguard", "abuse", "neglect", "exploit", "coercive", "coercion"];
pub const DETERIORATION_TERMS: &[&str] =
    &["deteriorat", "getting worse", "got worse", "worsening", "worsened", "declining", "new symptom"];
pub const ENVIRONMENT_TERMS: &[&str] =
    &["hoard", "fire risk", "unsafe home", "unsafe living", "unsafe conditions", "trip hazard"];

/// All the notes of a discussion, with the agenda's reason, in lower case.
pub fn notes(reason: &str, record: &DiscussionRecord) -> String {
    [reason, &record.situation, &record.done_so_far, &record.discussion, &record.decision].join("\n").to_lowercase()
}

/// The first mention of any term in `text` (lower case) that is not negated by the few words
/// before it, as the whole word or phrase written there.
pub fn mention(text: &str, terms: &[&str]) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for term in terms {
        for (at, _) in text.match_indices(term) {
            if negated(&text[..at]) || !starts_word(text, at) {
                continue;
            }
            if best.as_ref().is_none_or(|(b, _)| at < *b) {
                best = Some((at, whole_phrase(text, at, term)));
            }
            break;
        }
    }
    best.map(|(_, phrase)| phrase)
}

fn starts_word(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
}

/// True when one of the three words before the end of `before` is a negation, within the
/// same sentence.
fn negated(before: &str) -> bool {
    let sentence = before.rsplit(['.', '\n', ';', '!', '?']).next().unwrap_or("");
    sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .take(3)
        .any(|w| NEGATIONS.contains(&w))
}

/// The term as written, extended to the end of its last word ("deteriorat" → "deteriorating").
fn whole_phrase(text: &str, at: usize, term: &str) -> String {
    let end = at + term.len();
    let rest = text[end..].find(|c: char| !c.is_alphanumeric() && c != '-').map_or(text.len(), |n| end + n);
    text[at..rest].to_string()
}

/// Words that carry meaning in an action, lower case, with simple plural and tense endings removed.
fn key_words(text: &str) -> Vec<String> {
    const STOP: &[&str] = &[
        "a", "an", "the", "to", "for", "with", "and", "of", "on", "in", "at", "by", "her", "his", "their", "them",
        "him", "she", "he", "they", "about", "from", "up", "this", "that", "is", "be", "will", "or", "as", "it",
        "its", "next", "week", "weeks", "before", "after",
    ];
    let mut words: Vec<String> = text
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !STOP.contains(w))
        .map(|w| {
            for suffix in ["ing", "ed", "s"] {
                if w.len() > suffix.len() + 3
                    && let Some(stem) = w.strip_suffix(suffix)
                {
                    return stem.to_string();
                }
            }
            w.to_string()
        })
        .collect();
    words.sort();
    words.dedup();
    words
}

/// Whether two actions look like the same piece of work: most of their key words are shared,
/// or every key word of the shorter one (at least two) is in the longer one.
pub fn same_work(a: &str, b: &str) -> bool {
    let (a, b) = (key_words(a), key_words(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let shared = a.iter().filter(|w| b.contains(w)).count();
    let union = a.len() + b.len() - shared;
    let (shorter, _) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    shared * 10 >= union * 6 || (shorter.len() >= 2 && shared == shorter.len())
}

/// Mentions of the work itself ("supervision", "debrief").
pub fn mentions_word(text: &str, word: &str) -> bool {
    text.to_lowercase().contains(word)
}

/// Clinical work that a non-clinical role should not take on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClinicalWork {
    Assessment,
    Prescribing,
}

impl ClinicalWork {
    pub fn words(self) -> &'static str {
        match self {
            ClinicalWork::Assessment => "clinical assessment",
            ClinicalWork::Prescribing => "prescribing equipment, adaptations or treatment",
        }
    }
}

/// Whether a task reads as clinical assessment or prescribing. An SPLW "assessing what matters"
/// is not clinical; assessing function, mobility, memory, risk or the home is.
pub fn clinical_work(text: &str) -> Option<ClinicalWork> {
    const ASSESSED: &[&str] = &[
        "function", "mobility", "cogniti", "memory", "risk", "home", "environment", "capacity", "falls",
        "transfers", "clinical", "swallow", "kitchen", "bathroom", "stairs",
    ];
    const EQUIPMENT: &[&str] = &[
        "equipment", "adaptation", "grab rail", "rails", "hoist", "commode", "perching stool", "bath lift",
        "bath board", "walking frame", "walking aid", "zimmer", "wheelchair", "mobility aid", "toilet seat",
        "stairlift", "stair lift",
    ];
    const SUPPLYING: &[&str] = &["order", "supply", "provide", "issue", "fit", "recommend", "arrange", "measure for"];
    let text = text.to_lowercase();
    let has = |terms: &[&str]| terms.iter().any(|t| has_word(&text, t));
    if has(&["prescrib"]) || (has(EQUIPMENT) && has(SUPPLYING)) {
        return Some(ClinicalWork::Prescribing);
    }
    if has(&["diagnos"]) || (has(&["assess"]) && has(ASSESSED)) {
        return Some(ClinicalWork::Assessment);
    }
    None
}

/// Whether `term` starts a word somewhere in `text` ("fit" in "fit rails", not in "benefits").
fn has_word(text: &str, term: &str) -> bool {
    text.match_indices(term).any(|(at, _)| starts_word(text, at))
}

/// One line, at most `max` characters, for checklists.
pub fn one_line(text: &str, max: usize) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max {
        return line;
    }
    format!("{}…", line.chars().take(max - 1).collect::<String>().trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_ignore_negations_and_return_the_word_written() {
        assert_eq!(mention("her mobility is deteriorating fast", DETERIORATION_TERMS).as_deref(), Some("deteriorating"));
        assert_eq!(mention("no sign of deterioration since march", DETERIORATION_TERMS), None);
        assert_eq!(mention("not deteriorating. but it is getting worse at night", DETERIORATION_TERMS).as_deref(), Some("getting worse"));
        assert_eq!(mention("concerns about financial abuse by a nephew", SAFEGUARDING_TERMS).as_deref(), Some("abuse"));
        assert_eq!(mention("no safeguarding concerns", SAFEGUARDING_TERMS), None);
        assert_eq!(mention("self-neglect was considered", SAFEGUARDING_TERMS).as_deref(), Some("neglect"));
        assert_eq!(mention("disabused of the idea", SAFEGUARDING_TERMS), None, "inside another word");
    }

    #[test]
    fn similar_actions_are_the_same_work() {
        assert!(same_work("Book a joint visit with the SPLW", "book joint visit with SPLW"));
        assert!(same_work("Refer to the falls clinic", "Refer to falls clinic next week"));
        assert!(same_work("Phone her daughter about the key safe", "Phone daughter about key safe"));
        assert!(!same_work("Refer to falls clinic", "Ask about befriending schemes"));
        assert!(!same_work("Phone the GP", "Phone the landlord about repairs"));
    }

    #[test]
    fn clinical_work_is_told_apart_from_everyday_support() {
        assert_eq!(clinical_work("Assess her mobility on the stairs"), Some(ClinicalWork::Assessment));
        assert_eq!(clinical_work("Functional assessment at home"), Some(ClinicalWork::Assessment));
        assert_eq!(clinical_work("Order a perching stool and grab rails"), Some(ClinicalWork::Prescribing));
        assert_eq!(clinical_work("Prescribe a walking frame"), Some(ClinicalWork::Prescribing));
        assert_eq!(clinical_work("Assess what matters to him"), None);
        assert_eq!(clinical_work("Chase the council about the equipment delivery date"), None);
        assert_eq!(clinical_work("Help with a benefits claim for equipment costs"), None);
        assert_eq!(clinical_work("Community connection and befriending"), None);
    }
}
