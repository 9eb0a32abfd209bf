//! Reading the free-text notes: what they say is happening (a negation counts only within its own
//! clause and for its own speaker), whether two actions say the same thing, and one-line quotes.
//!
//! The rules here reason about patterns, not sentences: each concern is a list of [`Pattern`]s,
//! and each pattern says in its comment what it stands for.

use crate::discussions::DiscussionRecord;

/// A concern found in the notes: the words as written there (for a reason in the record's own
/// words) and what kind of concern they point to, in a few words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub words: String,
    pub kind: &'static str,
}

impl Found {
    /// `The notes say "her nephew has her bank card" (possible financial abuse).`
    pub fn sentence(&self) -> String {
        format!("The notes say \"{}\" ({}).", self.words, self.kind)
    }
}

/// One way the notes can point to a concern.
pub enum Pattern {
    /// Any of these words or beginnings of words, as written.
    Terms(&'static str, &'static [&'static str]),
    /// Someone other than the person (a relative, neighbour, carer, lodger...) doing something to
    /// the person's money: "her nephew has her bank card", "the son is spending his pension".
    SomeoneTakingMoney(&'static str),
    /// Fear of a person (not of falling or going out): "frightened of her son", "scared of the carer".
    FearOfSomeone(&'static str),
    /// A child or adult in the household said to be at risk: "the grandchildren are at risk".
    AtRiskInHousehold(&'static str),
}

/// A kind of concern the notes can show: its patterns, and whether a negation must plainly govern
/// the words to silence them (`strict`, for risk to life).
pub struct Reading {
    pub patterns: &'static [Pattern],
    pub strict: bool,
}

/// How far back (in words) a negation may stand from what it negates.
const NEGATION_REACH: usize = 5;
/// For risk to life, only a negation that plainly governs the words ("denies suicidal thoughts",
/// "no thoughts of self-harm") silences; anything further away does not.
const RISK_TO_LIFE_REACH: usize = 3;

/// A safeguarding concern, named or described: the word itself, abuse of any kind, neglect and
/// self-neglect, coercion or fear of someone, exploitation, a child or adult at risk at home.
pub const SAFEGUARDING: Reading = Reading { strict: false, patterns: &[
    Pattern::Terms("safeguarding concern", &["safeguard", "section 42", "s42 enquiry"]),
    // Abuse of any kind, physical, emotional or sexual, and signs of it (substance misuse called
    // "abuse" is not: see `not_safeguarding_abuse`).
    Pattern::Terms("possible abuse", &["abuse", "abusive", "abusing", "unexplained bruis", "unexplained injur", "assaulted"]),
    Pattern::Terms("possible financial abuse", &[
        "financial abuse", "financially abus", "financial exploitation", "missing money", "money missing",
        "money has gone missing", "money going missing", "money has been going missing", "money keeps going missing", "scam",
    ]),
    Pattern::SomeoneTakingMoney("possible financial abuse"),
    Pattern::Terms("possible domestic abuse", &[
        "domestic violence", "marac", "idva", "coercive control", "controlling behaviour", "controlling partner",
        "controlling husband", "controlling wife", "hits her", "hit her", "hitting her", "hits him", "hit him", "hitting him",
        "pushed her", "pushed him", "threatened her", "threatens her", "threatened him", "threatens him",
    ]),
    Pattern::Terms("neglect or self-neglect", &[
        "neglect", "not being fed", "not being washed", "without food", "without drink", "without heating", "left in soiled",
    ]),
    Pattern::Terms("possible coercion", &["coerc", "won't let her", "won't let him", "will not let her", "will not let him", "under pressure from her", "under pressure from his"]),
    Pattern::FearOfSomeone("fear of someone close to the person"),
    Pattern::Terms("possible exploitation", &[
        "exploit", "cuckoo", "county lines", "grooming", "groomed", "taken advantage of", "taking advantage of", "modern slavery",
        "traffick", "mate crime",
    ]),
    Pattern::Terms("someone at risk in the household", &["child protection", "child in need", "children's social care", "adult at risk", "adults at risk"]),
    Pattern::AtRiskInHousehold("someone at risk in the household"),
] };

/// Risk to life: thoughts of suicide, self-harm, a plan or means, a mental health crisis.
pub const RISK_TO_LIFE: Reading = Reading { strict: true, patterns: &[
    Pattern::Terms("thoughts of suicide", &[
        "suicid", "end her life", "end his life", "end their life", "end my life", "ending her life", "ending his life",
        "ending their life", "end it all", "ending it all", "kill herself", "kill himself", "kill themselves", "kill myself",
        "killing herself", "killing himself", "take her own life", "take his own life", "take their own life",
        "taking her own life", "taking his own life", "better off dead", "better off without me", "better off without her",
        "better off without him", "no reason to live", "not worth living", "want to die", "wants to die", "wanted to die",
        "wish she was dead", "wish he was dead", "wishes she was dead", "wishes he was dead", "stockpil",
    ]),
    Pattern::Terms("self-harm", &[
        "self-harm", "self harm", "selfharm", "harming herself", "harming himself", "harming themselves", "harm herself",
        "harm himself", "harm themselves", "cutting herself", "cutting himself", "cut herself", "cut himself", "overdose",
        "ligature",
    ]),
    Pattern::Terms("a mental health crisis", &["mental health crisis", "crisis team", "crisis line", "acutely psychotic"]),
] };

/// Mental illness beyond what primary care usually holds: severe illness, or treatment that has
/// not helped. (A specialist team named in the notes is not enough: it is often handing over.)
pub const SEVERE_MENTAL_ILLNESS: Reading = Reading { strict: false, patterns: &[Pattern::Terms("severe mental illness", &[
    "severe depression", "severely depressed", "psychosis", "psychotic", "bipolar", "schizophreni", "eating disorder",
    "anorexi", "manic", "mania", "sectioned", "detained under the mental health act", "not responding to treatment",
    "no better after talking therap",
])] };

/// A change for the worse in health.
pub const DETERIORATION: Reading = Reading { strict: false, patterns: &[Pattern::Terms("a change in health", &[
    "deteriorat", "getting worse", "got worse", "worsening", "worsened", "declining", "new symptom", "more confused",
    "newly confused", "rapid decline",
])] };

/// A home that is dangerous to live in.
pub const ENVIRONMENT: Reading = Reading { strict: false, patterns: &[Pattern::Terms("a risky home", &[
    "hoard", "fire risk", "unsafe home", "unsafe living", "unsafe conditions", "trip hazard", "blocked exit",
])] };

/// Makes a functional need complex: falls, a fracture or stroke, personal care, getting about the
/// home, several conditions together.
pub const COMPLEX_FUNCTION: Reading = Reading { strict: false, patterns: &[Pattern::Terms("a complex functional need", &[
    "fall", "fell", "falling", "personal care", "can't wash", "cannot wash", "unable to wash", "can't dress", "unable to dress",
    "struggling to wash", "struggling to dress", "struggling with the stairs", "can't manage the stairs", "cannot manage the stairs",
    "unable to manage the stairs", "getting in and out", "transfers", "off the floor", "up from the floor", "several conditions",
    "multiple conditions", "housebound", "bed-bound", "bedbound", "pressure sore", "fracture", "stroke",
])] };

/// All the notes of a discussion, with the agenda's reason, one part a line.
pub fn notes(reason: &str, record: &DiscussionRecord) -> String {
    [reason, &record.situation, &record.done_so_far, &record.discussion, &record.decision].join("\n")
}

/// The first concern in `text` that one of `patterns` finds and no negation rules out.
pub fn find(text: &str, reading: &Reading) -> Option<Found> {
    let (patterns, strict) = (reading.patterns, reading.strict);
    let text = text.replace(['\u{2018}', '\u{2019}'], "'");
    // Only the patterns with something to find anywhere in the notes are tried sentence by sentence.
    let everything = text.to_ascii_lowercase();
    let live: Vec<&Pattern> = patterns.iter().filter(|p| p.may_match(&everything)).collect();
    if live.is_empty() {
        return None;
    }
    for sentence in sentences(&text) {
        let low = sentence.to_ascii_lowercase();
        let mut best: Option<(usize, usize, &'static str)> = None;
        for pattern in &live {
            for (start, end, kind) in pattern.matches(&low) {
                if negated(&low, start, end, strict) {
                    continue;
                }
                if best.is_none_or(|(b, _, _)| start < b) {
                    best = Some((start, end, kind));
                }
            }
        }
        if let Some((start, end, kind)) = best {
            return Some(Found { words: quote(sentence, start, end), kind });
        }
    }
    None
}

/// Whether any pattern finds a concern no negation rules out.
pub fn mentions(text: &str, reading: &Reading) -> bool {
    find(text, reading).is_some()
}

/// Sentences: split at full stops, question and exclamation marks, semicolons and new lines.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split(['.', '!', '?', ';', '\n']).map(str::trim).filter(|s| !s.is_empty())
}

impl Pattern {
    /// Whether the pattern could match somewhere in `low` (all the notes, lower case): a quick
    /// test before the sentence-by-sentence reading.
    fn may_match(&self, low: &str) -> bool {
        match self {
            Pattern::Terms(_, terms) => terms.iter().any(|t| low.contains(t)),
            Pattern::SomeoneTakingMoney(_) => MONEY.iter().any(|m| low.contains(m)),
            Pattern::FearOfSomeone(_) => low.contains(" of "),
            Pattern::AtRiskInHousehold(_) => low.contains("at risk"),
        }
    }

    /// Every place in `low` (a lower-case sentence) this pattern matches: start, end, kind.
    fn matches(&self, low: &str) -> Vec<(usize, usize, &'static str)> {
        match self {
            Pattern::Terms(kind, terms) => terms
                .iter()
                .flat_map(|t| low.match_indices(t).map(move |(at, _)| (at, at + t.len())))
                .filter(|&(at, _)| starts_word(low, at) && !not_safeguarding_abuse(low, at))
                .map(|(at, end)| (at, word_end(low, end), *kind))
                .collect(),
            Pattern::SomeoneTakingMoney(kind) => someone_taking_money(low).map(|(s, e)| vec![(s, e, *kind)]).unwrap_or_default(),
            Pattern::FearOfSomeone(kind) => fear_of_someone(low).map(|(s, e)| vec![(s, e, *kind)]).unwrap_or_default(),
            Pattern::AtRiskInHousehold(kind) => at_risk_in_household(low).map(|(s, e)| vec![(s, e, *kind)]).unwrap_or_default(),
        }
    }
}

/// "Alcohol abuse", "substance abuse": a health need, not in itself someone harming the person.
fn not_safeguarding_abuse(low: &str, at: usize) -> bool {
    low[at..].starts_with("abus")
        && ["alcohol ", "substance ", "drug ", "solvent "].iter().any(|w| low[..at].ends_with(w))
}

/// Words for people other than the person discussed.
const OTHERS: &[&str] = &[
    "son", "daughter", "nephew", "niece", "grandson", "granddaughter", "grandchild", "partner", "husband", "wife",
    "boyfriend", "girlfriend", "neighbour", "carer", "carers", "lodger", "friend", "brother", "sister", "relative",
    "family", "someone", "stranger", "man", "woman", "visitor", "ex", "cousin", "uncle", "aunt", "tenant", "landlord",
];
const TAKING: &[&str] = &[
    "has", "had", "takes", "took", "taking", "taken", "uses", "used", "using", "holds", "keeps", "kept", "withdraws", "withdrew",
    "withdrawing", "spends", "spent", "spending", "controls", "cashes", "cashing", "borrows", "borrowing", "demands",
    "demanding", "asks", "asking", "pressures", "pressuring",
];
const MONEY: &[&str] = &[
    "pension", "bank card", "bank cards", "bank account", "savings", "cash", "pin", "money", "credit card", "debit card",
    "cards", "benefits", "wages", "giro",
];

fn words_with_places(low: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in low.char_indices() {
        let part = c.is_alphanumeric() || c == '\'' || c == '-';
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &low[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &low[s..]));
    }
    out
}

/// Someone else, then a taking word, then the person's money, within one clause and a few words.
fn someone_taking_money(low: &str) -> Option<(usize, usize)> {
    let words = words_with_places(low);
    for (i, (start, w)) in words.iter().enumerate() {
        if !OTHERS.contains(w) {
            continue;
        }
        let near = &words[i + 1..words.len().min(i + 7)];
        let Some(t) = near.iter().position(|(_, v)| TAKING.contains(v)) else { continue };
        let after = &near[t + 1..];
        for (j, (at, m)) in after.iter().enumerate().take(4) {
            let two = after.get(j + 1).map(|(_, n)| format!("{m} {n}"));
            if MONEY.contains(m) || two.as_deref().is_some_and(|t| MONEY.contains(&t)) {
                let clause = &low[*start..*at];
                if clause.contains(',') || clause.contains(" but ") {
                    break;
                }
                return Some((*start, word_end(low, at + m.len())));
            }
        }
    }
    None
}

/// "afraid of", "frightened of", "scared of", "fear of" followed closely by a person.
fn fear_of_someone(low: &str) -> Option<(usize, usize)> {
    let words = words_with_places(low);
    for (i, (start, w)) in words.iter().enumerate() {
        let of = words.get(i + 1).is_some_and(|(_, n)| *n == "of");
        if !(of && ["afraid", "frightened", "scared", "fear", "terrified"].contains(w)) {
            continue;
        }
        for (at, next) in words.iter().skip(i + 2).take(3) {
            if OTHERS.contains(next) || ["him", "them"].contains(next) {
                return Some((*start, at + next.len()));
            }
        }
    }
    None
}

/// "at risk" in a sentence about a child or another adult in the home.
fn at_risk_in_household(low: &str) -> Option<(usize, usize)> {
    const PEOPLE: &[&str] = &["child", "children", "grandchild", "grandchildren", "baby", "toddler", "young person", "kids"];
    let at = low.find("at risk")?;
    if !starts_word(low, at) || !PEOPLE.iter().any(|p| has_word(low, p)) {
        return None;
    }
    let start = PEOPLE.iter().filter_map(|p| low.find(p)).min().unwrap_or(at).min(at);
    Some((start, at + "at risk".len()))
}

fn starts_word(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
}

/// The end of the word that `end` falls in ("deteriorat" → "deteriorating").
fn word_end(text: &str, end: usize) -> usize {
    text[end..].find(|c: char| !c.is_alphanumeric() && c != '-').map_or(text.len(), |n| end + n)
}

/// What was found, as written, with up to four words either side from the same clause.
fn quote(sentence: &str, start: usize, end: usize) -> String {
    let stops = |w: &str| ["and", "but", "or", "so", "though", "although"].contains(&w);
    let mut lead: Vec<&str> = Vec::new();
    for w in sentence[..start].split_whitespace().rev().take(4) {
        if stops(w) || w.ends_with(',') {
            break;
        }
        lead.insert(0, w);
    }
    let mut tail: Vec<&str> = Vec::new();
    for w in sentence[end..].split_whitespace().take(4) {
        if stops(w) {
            break;
        }
        tail.push(w);
        if w.ends_with(',') {
            break;
        }
    }
    // A match inside a hyphenated word ("self-neglect") joins the word before it without a space.
    let glued = !sentence[..start].ends_with(char::is_whitespace) && !lead.is_empty();
    let found = &sentence[start..end];
    let mut words = lead.join(" ");
    words.push_str(if glued || words.is_empty() { "" } else { " " });
    words.push_str(found);
    for w in tail {
        words.push(' ');
        words.push_str(w);
    }
    words.trim_matches(|c: char| c == ',' || c == ':' || c.is_whitespace()).to_string()
}

/// Words that end a clause: a negation before one does not reach past it.
const CLAUSE_BREAKS: &[&str] = &[
    "but", "however", "although", "though", "yet", "whereas", "while", "except", "because", "when", "after", "since",
    "until", "unless", "which", "who", "so", "then", "now",
];
/// Someone saying or doing something: a negation before a new subject does not reach past it.
const SUBJECTS: &[&str] = &["she", "he", "they", "i", "we", "her", "his", "their"];
/// Negations that reach over a list ("no abuse, neglect or exploitation").
const NO_WORDS: &[&str] = &["no", "nil", "none", "without", "nothing", "denies", "denied", "deny", "denying"];
/// The person's own denial.
const DENIALS: &[&str] = &["denies", "denied", "deny", "denying"];
/// Negations of a verb ("not eating", "never hit"): they reach over "or" but not over "and" or a comma.
const NOT_WORDS: &[&str] = &["not", "never", "nor", "neither"];
/// After a negation, words that open a whole clause to the negation: "no evidence that she is being exploited".
const EVIDENCE: &[&str] = &[
    "evidence", "sign", "signs", "suggestion", "indication", "concern", "concerns", "history", "thoughts", "ideation",
    "intent", "plans", "disclosure", "disclosures",
];
/// Someone other than the person reporting what they saw or heard.
const REPORTERS: &[&str] = &[
    "neighbour", "neighbours", "daughter", "son", "family", "wife", "husband", "partner", "carer", "carers", "friend",
    "nurse", "gp", "doctor", "ot", "splw", "police", "paramedic", "paramedics", "crew", "pharmacist", "worker", "officer",
    "warden", "staff", "school", "teacher", "landlord", "niece", "nephew", "brother", "sister", "therapist", "team",
];
const REPORTING: &[&str] = &[
    "reports", "reported", "says", "said", "saw", "seen", "heard", "noticed", "found", "worried", "concerned", "raised",
    "told", "describes", "described", "observed", "witnessed", "alleges", "alleged", "thinks", "believes", "disclosed",
];

/// Whether the words at `start..end` of a lower-case sentence are ruled out by a negation that
/// governs them: one before them in the same clause and within `reach` words, or one straight
/// after ("self-harm: denied", "abuse ruled out").
///
/// A clause ends at "but", "although", "when" and the like; a comma or "and" ends it too unless
/// what follows is a short list item ("no abuse, neglect or exploitation"), and never carries a
/// verb's "not" on ("not eating well and neglecting herself"). A new subject ("she", "her son")
/// between the negation and the words ends its reach, except after "no evidence / sign / history
/// / thoughts of ...", which governs its whole clause. A denial is the person's own account: it
/// does not silence what someone else in the sentence reports seeing or hearing.
///
/// `strict` (risk to life) lets a negation reach only over "or" lists, never over "and" or a
/// comma that does not open an "or" list: "no appetite, thoughts of ending her life" stands.
fn negated(low: &str, start: usize, end: usize, strict: bool) -> bool {
    let reach = if strict { RISK_TO_LIFE_REACH } else { NEGATION_REACH };
    let denial_counts = !someone_else_reports(low);
    let after = &low[end..];
    let clause_after = after.split([',']).next().unwrap_or("");
    let first_after = words_with_places(after).first().map(|(_, w)| *w);
    let trimmed = after.trim_start();
    if [": none", ": nil", "- nil", "- none", ": denied"].iter().any(|t| trimmed.starts_with(t))
        || ["ruled out", "not a concern", "not an issue", "not present"].iter().any(|t| clause_after.contains(t))
        || (denial_counts && first_after == Some("denied"))
    {
        return true;
    }
    let or_list_follows = clause_after.contains(" or ") || clause_after.contains(" nor ");
    let tokens = tokens_before(&low[..start]);
    let mut words = 0;
    let mut crossed_subject = false;
    let mut crossed_and = false;
    let mut evidence = false;
    for (i, token) in tokens.iter().enumerate() {
        let token = token.as_str();
        if token == "," || token == "and" || token == "or" || token == "nor" {
            let list_item = match (strict, token) {
                (_, "or" | "nor") => words <= 2,
                (true, ",") => words == 0 && or_list_follows,
                (true, _) => false,
                (false, _) => words <= 2,
            };
            if !list_item {
                return false;
            }
            crossed_and |= token == "," || token == "and";
            continue;
        }
        if CLAUSE_BREAKS.contains(&token) {
            return false;
        }
        let next = i.checked_sub(1).and_then(|n| tokens.get(n)).map(String::as_str);
        if let Some(kind) = negation(token, next) {
            if DENIALS.contains(&token) && !denial_counts {
                return false;
            }
            if kind == Negation::Not && crossed_and {
                return false;
            }
            return (evidence && words <= 12) || (!crossed_subject && words <= reach);
        }
        evidence |= EVIDENCE.contains(&token);
        crossed_subject |= SUBJECTS.contains(&token) || REPORTERS.contains(&token);
        words += 1;
        if words > 12 {
            return false;
        }
    }
    false
}

#[derive(PartialEq)]
enum Negation {
    No,
    Not,
}

/// Whether `word` negates what follows; `next` is the word after it. "Cannot rule out" and
/// "not only" are not negations; "no one" is a subject, not a negation.
fn negation(word: &str, next: Option<&str>) -> Option<Negation> {
    if next.is_some_and(|n| ["rule", "ruled", "exclude", "excluded", "only", "one", "sure", "clear"].contains(&n)) {
        return None;
    }
    if NO_WORDS.contains(&word) {
        Some(Negation::No)
    } else if NOT_WORDS.contains(&word) || word.ends_with("n't") || word == "cannot" {
        Some(Negation::Not)
    } else {
        None
    }
}

/// The words and commas before a place in a sentence, nearest first.
fn tokens_before(before: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    for piece in before.split_inclusive(',') {
        for w in piece.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-')).filter(|w| !w.is_empty()) {
            tokens.push(w.replace('\u{2019}', "'"));
        }
        if piece.ends_with(',') {
            tokens.push(",".to_string());
        }
    }
    tokens.reverse();
    tokens
}

/// Someone other than the person reports something in this sentence: "her neighbour saw ...".
fn someone_else_reports(low: &str) -> bool {
    let words: Vec<&str> = words_with_places(low).into_iter().map(|(_, w)| w).collect();
    words.iter().enumerate().any(|(i, w)| {
        REPORTERS.contains(w)
            && words.iter().enumerate().skip(i + 1).take(4).any(|(j, v)| {
                // "The GP says she denies ..." reports the person's denial, not a concern.
                REPORTING.contains(v) && !words[j + 1..words.len().min(j + 4)].iter().any(|d| DENIALS.contains(d))
            })
    })
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

/// Whether `term` starts a word somewhere in `text` ("child" in "the child", not in "grandchild").
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

    fn says(text: &str, reading: &Reading) -> Option<String> {
        find(text, reading).map(|f| format!("{} | {}", f.words, f.kind))
    }

    #[test]
    fn a_negation_reaches_only_its_own_clause() {
        assert_eq!(says("No safeguarding concerns.", &SAFEGUARDING), None);
        assert_eq!(says("No concerns about safety at home or self-neglect.", &SAFEGUARDING), None, "'no concerns about' governs its clause");
        assert_eq!(says("No abuse, neglect or exploitation found.", &SAFEGUARDING), None, "a list under one 'no'");
        assert_eq!(says("No evidence that she is being exploited.", &SAFEGUARDING), None, "'no evidence that' reaches past a subject");
        assert_eq!(
            says("No falls, but her son has her bank card.", &SAFEGUARDING).as_deref(),
            Some("her son has her bank card | possible financial abuse")
        );
        assert_eq!(
            says("Not eating well and neglecting herself.", &SAFEGUARDING).as_deref(),
            Some("neglecting herself | neglect or self-neglect"),
            "a verb's 'not' stops at 'and'"
        );
        assert_eq!(says("Not abused or neglected.", &SAFEGUARDING), None, "a verb's 'not' carries over 'or'");
        assert_eq!(says("Cannot rule out financial abuse.", &SAFEGUARDING).as_deref(), Some("Cannot rule out financial abuse | possible financial abuse"));
        assert_eq!(says("Safeguarding: none.", &SAFEGUARDING), None, "a negation after the words");
        assert_eq!(says("Abuse ruled out by the enquiry.", &SAFEGUARDING), None);
        assert_eq!(says("Self-neglect was considered.", &SAFEGUARDING).as_deref(), Some("Self-neglect was considered | neglect or self-neglect"));
    }

    #[test]
    fn a_denial_is_the_persons_own_and_does_not_silence_what_others_report() {
        assert_eq!(says("She denies any abuse.", &SAFEGUARDING), None);
        assert!(says("She denies any abuse that her neighbour says she saw.", &SAFEGUARDING).is_some());
        assert_eq!(says("The GP says she denies suicidal thoughts.", &RISK_TO_LIFE), None, "a report of the denial");
        assert!(says("Her sister says he talked of suicide; he denies it.", &RISK_TO_LIFE).is_some());
    }

    #[test]
    fn risk_to_life_is_silenced_only_by_a_negation_that_plainly_governs_it() {
        assert_eq!(says("Denies suicidal thoughts or plans.", &RISK_TO_LIFE), None);
        assert_eq!(says("No self-harm, suicidal thoughts or plans.", &RISK_TO_LIFE), None);
        assert_eq!(says("Denies any current thoughts of ending her life.", &RISK_TO_LIFE), None);
        assert_eq!(
            says("No appetite, thoughts of ending her life.", &RISK_TO_LIFE).as_deref(),
            Some("thoughts of ending her life | thoughts of suicide")
        );
        assert!(says("No safeguarding concerns. No falls. Has been stockpiling tablets.", &RISK_TO_LIFE).is_some());
        assert!(says("Without support she says she will kill herself.", &RISK_TO_LIFE).is_some(), "a new subject ends the reach");
        assert!(says("No appetite, suicidal thoughts at night.", &RISK_TO_LIFE).is_some(), "a comma that opens no 'or' list");
    }

    #[test]
    fn safeguarding_is_read_from_what_is_described() {
        let kind = |t: &str| find(t, &SAFEGUARDING).map(|f| f.kind);
        assert_eq!(kind("Her nephew has her bank card and PIN."), Some("possible financial abuse"));
        assert_eq!(kind("The lodger keeps borrowing money from him."), Some("possible financial abuse"));
        assert_eq!(kind("Her daughter helps her manage her money."), None);
        assert_eq!(kind("She is frightened of her son."), Some("fear of someone close to the person"));
        assert_eq!(kind("Scared of falling on the stairs."), None);
        assert_eq!(kind("The grandchildren are at risk when he drinks."), Some("someone at risk in the household"));
        assert_eq!(kind("At risk of falls."), None);
        assert_eq!(kind("Past alcohol abuse."), None);
        assert_eq!(kind("Controlling his diabetes well."), None);
        assert_eq!(kind("disabused of the idea"), None, "inside another word");
    }

    #[test]
    fn similar_actions_are_the_same_work() {
        assert!(same_work("Book a joint visit with the SPLW", "book joint visit with SPLW"));
        assert!(same_work("Refer to the falls clinic", "Refer to falls clinic next week"));
        assert!(same_work("Phone her daughter about the key safe", "Phone daughter about key safe"));
        assert!(!same_work("Refer to falls clinic", "Ask about befriending schemes"));
        assert!(!same_work("Phone the GP", "Phone the landlord about repairs"));
    }
}
