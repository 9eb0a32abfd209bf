//! Role-at-a-glance sheets, one page per role, and the side-by-side comparison of two roles.
//! Each page (and the teach-in handout, which uses the same steps) is built at the most detail
//! that fits on one page:
//! a team's long edits shorten lists and texts rather than spilling onto a second sheet.

use std::path::Path;

use chrono::NaiveDate;

use rusqlite::Connection;

use super::export::{ExportReport, write_report};
use super::{Block, Cell, Column, Document, Level, Rendered, Table, render};
use crate::roles::summaries::{self as role_summaries, Aspect, RoleComparison, RoleSummary, TeamRecord};
use crate::words::{count, in_sentence, one_or_many};
use crate::{Error, Result, roles::profiles as role_profiles};

/// Role sheets carry staff contact details but nothing about patients.
pub const MARKING: &str = "OFFICIAL";

/// How much a page prints. Each step leaves out more, until the page fits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Detail {
    /// List items printed (the rest are counted).
    pub(crate) items: usize,
    /// Sentences printed of each longer text.
    pub(crate) sentences: usize,
    /// Print the parts a reader can do without (approach, shared approaches, examples).
    pub(crate) extras: bool,
    /// Team members listed by name (the rest are counted in one row).
    pub(crate) holders: usize,
    /// Characters printed of any one text or list item, for texts a team wrote as one long
    /// sentence: cut at a word and ended with "…".
    pub(crate) chars: usize,
}

const ALL: usize = usize::MAX;

/// The last steps cut every text to a few lines, so that even a profile filled to every limit
/// (texts of 1,000 characters with no full stop, 20 items of 300 characters in every list) and a
/// long roster fit one page with the note that says so: `tests/role_summaries.rs` prints them.
const DETAILS: [Detail; 11] = [
    Detail { items: ALL, sentences: ALL, extras: true, holders: ALL, chars: ALL },
    Detail { items: 6, sentences: 3, extras: true, holders: 8, chars: ALL },
    Detail { items: 5, sentences: 2, extras: false, holders: 6, chars: ALL },
    Detail { items: 4, sentences: 2, extras: false, holders: 5, chars: ALL },
    Detail { items: 3, sentences: 1, extras: false, holders: 4, chars: ALL },
    Detail { items: 2, sentences: 1, extras: false, holders: 3, chars: 400 },
    Detail { items: 1, sentences: 1, extras: false, holders: 3, chars: 300 },
    Detail { items: 1, sentences: 1, extras: false, holders: 2, chars: 200 },
    Detail { items: 1, sentences: 1, extras: false, holders: 2, chars: 120 },
    Detail { items: 1, sentences: 1, extras: false, holders: 1, chars: 80 },
    Detail { items: 1, sentences: 1, extras: false, holders: 1, chars: 50 },
];

/// Texts and lists cut to a [`Detail`], remembering whether anything was left out so that the
/// page can say so.
pub(crate) struct Fit {
    pub(crate) d: Detail,
    cut: std::cell::Cell<bool>,
}

impl Fit {
    pub(crate) fn new(d: Detail) -> Self {
        Fit { d, cut: std::cell::Cell::new(false) }
    }

    /// Whether anything was shortened or left out so far.
    pub(crate) fn was_cut(&self) -> bool {
        self.cut.get()
    }

    pub(crate) fn mark(&self, cut: bool) {
        if cut {
            self.cut.set(true);
        }
    }

    /// A longer text: its first sentences, at most `chars` characters.
    pub(crate) fn text(&self, text: &str) -> String {
        let short = clip(&sentences(text, self.d.sentences), self.d.chars);
        self.mark(short != text);
        short
    }

    /// A short text (a name, a line, a list item): cut only by characters.
    pub(crate) fn line(&self, text: &str) -> String {
        let short = clip(text, self.d.chars);
        self.mark(short != text);
        short
    }

    /// The first items of a list, each a bullet line.
    pub(crate) fn bullets(&self, items: &[String]) -> String {
        self.items(items).iter().map(|i| format!("• {i}")).collect::<Vec<_>>().join("\n")
    }

    /// The first items of a list, for a list block.
    pub(crate) fn items(&self, items: &[String]) -> Vec<String> {
        self.mark(items.len() > self.d.items);
        items.iter().take(self.d.items).map(|i| self.line(i)).collect()
    }

    /// The first items of a list, run together with "; ".
    pub(crate) fn inline(&self, items: &[String]) -> String {
        self.mark(items.len() > self.d.items);
        items.iter().take(self.d.items).map(|i| self.line(i)).collect::<Vec<_>>().join("; ")
    }
}

/// `text` ending as a sentence does: with a full stop, unless it ends with one or with "…".
pub(crate) fn full_stop(text: &str) -> String {
    if text.ends_with(['.', '…', '!', '?']) { text.to_string() } else { format!("{text}.") }
}

/// `text` cut to at most `chars` characters at the last space, ending with "…".
pub(crate) fn clip(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let head: String = text.chars().take(chars.saturating_sub(1)).collect();
    let head = match head.rfind(' ') {
        Some(at) if at > head.len() / 2 => &head[..at],
        _ => head.as_str(),
    };
    format!("{}…", head.trim_end_matches([' ', ',', ';', ':', '.']))
}

/// The handout's steps: its texts are sentences for colleagues, so it gives up list items and
/// sentences before it cuts any text short, then ends with the sheets' last steps.
pub(crate) const HANDOUT_DETAILS: [Detail; 12] = [
    Detail { items: ALL, sentences: ALL, extras: true, holders: ALL, chars: ALL },
    Detail { items: 4, sentences: 3, extras: true, holders: 4, chars: ALL },
    Detail { items: 3, sentences: 2, extras: true, holders: 3, chars: ALL },
    Detail { items: 3, sentences: 1, extras: true, holders: 3, chars: ALL },
    Detail { items: 3, sentences: 1, extras: false, holders: 3, chars: ALL },
    Detail { items: 2, sentences: 1, extras: false, holders: 2, chars: ALL },
    Detail { items: 2, sentences: 1, extras: false, holders: 1, chars: ALL },
    DETAILS[6],
    DETAILS[7],
    DETAILS[8],
    DETAILS[9],
    DETAILS[10],
];

/// The blocks `build` gives at the most detail that fits on one page of `doc`'s layout, trying
/// [`DETAILS`] in turn.
pub(crate) fn one_page(doc: &Document, build: impl Fn(Detail) -> Vec<Block>) -> Result<Vec<Block>> {
    one_page_of(doc, &DETAILS, build)
}

/// The blocks `build` gives at the first of `steps` that fits on one page of `doc`'s layout.
pub(crate) fn one_page_of(doc: &Document, steps: &[Detail], build: impl Fn(Detail) -> Vec<Block>) -> Result<Vec<Block>> {
    let mut blocks = Vec::new();
    for &detail in steps {
        blocks = build(detail);
        let trial = Document { blocks: blocks.clone(), created: doc.created, ..doc.clone() };
        if render(&trial)?.pages == 1 {
            return Ok(blocks);
        }
    }
    tracing::warn!(title = doc.title, "a one-page sheet still runs over at the least detail");
    Ok(blocks)
}

/// The first `n` sentences of `text`. A sentence ends at ".", "!" or "?" before a space and a
/// capital letter (perhaps after an opening quote or bracket), so "e.g. this" does not end one.
pub(crate) fn sentences(text: &str, n: usize) -> String {
    let mut count = 0;
    for (at, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let rest = &text[at + c.len_utf8()..];
        let Some(next) = rest.strip_prefix(' ') else { continue };
        if next.trim_start_matches(['\'', '"', '‘', '“', '(']).starts_with(char::is_uppercase) {
            count += 1;
            if count == n {
                return text[..at + c.len_utf8()].to_string();
            }
        }
    }
    text.to_string()
}

/// Said once at the foot of a page whose lists were cut to fit.
const SHORTENED: &str = "Shortened to fit one page: the full profile is on the Roles screen of MDT Assistant.";
pub(crate) const SHORTENED_BOTH: &str = "Shortened to fit one page: the full profiles are on the Roles screen of MDT Assistant.";

/// "14 May 2026".
pub(crate) fn long_date(date: &str) -> String {
    NaiveDate::parse_from_str(date, crate::dates::DATE_FORMAT)
        .map(|d| d.format("%-d %B %Y").to_string())
        .unwrap_or_else(|_| date.to_string())
}

/// One page per role, then the comparison if asked for. `today` dates the sheets.
pub fn role_sheets(summaries: &[RoleSummary], comparison: Option<&RoleComparison>, today: NaiveDate) -> Result<Document> {
    let mut doc = Document::new("Roles at a glance");
    doc.marking = MARKING.into();
    doc.header_right = format!("Current at {}", today.format("%-d %B %Y"));
    let mut blocks = Vec::new();
    for summary in summaries {
        blocks.extend(one_page(&doc, |detail| role_page(summary, detail))?);
        blocks.push(Block::PageBreak);
    }
    if let Some(comparison) = comparison {
        blocks.extend(one_page(&doc, |detail| comparison_page(comparison, detail))?);
    }
    if matches!(blocks.last(), Some(Block::PageBreak)) {
        blocks.pop();
    }
    doc.blocks = blocks;
    Ok(doc)
}

/// The file name to offer for [`print_role_sheets`] of the same `keys` and `compare`.
pub fn sheets_file_name(keys: &[String], compare: Option<(&str, &str)>) -> String {
    match (keys, compare) {
        ([key], None) => format!("{key}-at-a-glance.pdf"),
        ([], Some((a, b))) => format!("{a}-and-{b}-side-by-side.pdf"),
        _ => "roles-at-a-glance.pdf".to_string(),
    }
}

/// The sheets for `keys` in the order given, then the comparison of `compare`. With neither,
/// every role's sheet.
pub fn print_role_sheets(
    conn: &Connection,
    keys: &[String],
    compare: Option<(&str, &str)>,
    today: NaiveDate,
) -> Result<Rendered> {
    let known: Vec<String> = role_profiles::defaults()?.into_iter().map(|p| p.key).collect();
    let keys: Vec<String> = if keys.is_empty() && compare.is_none() { known.clone() } else { keys.to_vec() };
    let mut asked: Vec<&str> = keys.iter().map(String::as_str).collect();
    asked.extend(compare.iter().flat_map(|(a, b)| [*a, *b]));
    if let Some(key) = asked.iter().find(|k| !known.iter().any(|n| n == *k)) {
        return Err(Error::invalid("roles", format!("'{key}' is not a role with a profile. Choose from: {}.", known.join(", "))));
    }
    let summaries = keys.iter().map(|k| role_summaries::summary(conn, k, today)).collect::<Result<Vec<_>>>()?;
    let comparison = compare.map(|(a, b)| role_summaries::compare(conn, a, b, today)).transpose()?;
    render(&role_sheets(&summaries, comparison.as_ref(), today)?)
}

/// [`print_role_sheets`] written to `path` (whole or not at all), saying how many pages and which
/// characters the font could not print.
pub fn export_role_sheets(
    conn: &Connection,
    keys: &[String],
    compare: Option<(&str, &str)>,
    today: NaiveDate,
    path: &Path,
) -> Result<ExportReport> {
    write_report(path, &print_role_sheets(conn, keys, compare, today)?)
}

fn role_page(s: &RoleSummary, d: Detail) -> Vec<Block> {
    let p = &s.profile;
    let fit = Fit::new(d);
    let text = |t: &str| fit.text(t);
    let mut doc = Document::new("");
    doc.heading(Level::H1, &p.name).paragraph(fit.line(&p.summary));
    if let Some(change) = s.last_change.as_ref().filter(|_| s.customised) {
        doc.paragraph(full_stop(&format!(
            "This is the team's own version of the profile, last changed on {} by {}",
            long_date(&change.at[..10.min(change.at.len())]),
            clip(&change.actor, 60)
        )));
    }
    let mut table = Table::new([Column::share("Registration", 1.0), Column::share("Accountable to", 1.0)]);
    table.row([Cell::from(text(&p.regulation)), text(&p.accountability).into()]);
    doc.table(table);

    doc.heading(Level::H2, "In our team");
    let r = &s.record;
    if s.holders.is_empty() {
        doc.paragraph("Nobody on the team roster holds this role yet.");
    } else {
        doc.table(team_table(s, &fit));
    }
    doc.paragraph(record_sentence(r));

    // Two columns a row: the page holds twice as much as it would in one.
    let mut what = vec![format!("Core focus: {}", text(&p.focus))];
    if d.extras {
        what.push(format!("How they work: {}", text(&p.approach)));
    }
    what.push(format!("Typical work:\n{}", fit.bullets(&p.interventions)));
    let mut lead = vec![fit.bullets(&p.leads)];
    if d.extras && !p.examples.is_empty() {
        lead.push(format!("For example: {}", p.examples[0]));
    }
    // Run on in one sentence: "GP practices; hospitals; ...", as "GP" keeps its capitals.
    let settings: Vec<String> = p.settings.iter().map(|item| in_sentence(item)).collect();
    lead.push(format!("Where they work: {}", full_stop(&fit.inline(&settings))));
    let mut table = Table::new([Column::share("What they do", 1.0), Column::share("When they lead", 1.0)]);
    table.row([Cell::from(what.join("\n")), lead.join("\n").into()]);
    doc.table(table);

    let risk = format!("{}\nThey do not:\n{}", text(&p.risk), fit.bullets(&p.boundaries));
    // The team's members and their contacts are in the table above; here, the route and the
    // local service.
    let mut refer = vec![format!("Refer when:\n{}", fit.bullets(&p.referral.when)), text(&p.referral.route)];
    for (label, value) in [("Local contact", &p.local.contact), ("Local criteria", &p.local.criteria), ("Usual wait", &p.local.waiting)] {
        if !value.is_empty() {
            refer.push(format!("{label}: {}", text(value)));
        }
    }
    if p.local.contact.is_empty() && p.local.criteria.is_empty() && p.local.waiting.is_empty() {
        refer.push("Local contact: not filled in yet.".into());
    }
    let mut table = Table::new([Column::share("Risk they hold, and what they do not do", 1.0), Column::share("Referring to them", 1.0)]);
    table.row([Cell::from(risk), refer.join("\n").into()]);
    doc.table(table);

    let mut table = Table::new([Column::share("What to escalate", 1.0), Column::share("To whom", 1.3)]);
    fit.mark(p.escalation.len() > d.items);
    for e in p.escalation.iter().take(d.items) {
        table.row([Cell::from(fit.line(&e.concern)), fit.line(&e.route).into()]);
    }
    doc.table(table);

    if d.extras {
        doc.heading(Level::H2, "Shared with other roles").list(fit.items(&p.shared));
    }
    if fit.was_cut() {
        doc.paragraph(SHORTENED);
    }
    doc.blocks
}

/// The members who hold the role, how to reach them and what the records show for each, with a
/// row for leads given to the role with nobody named and one for the whole role: the same
/// numbers as [`record_sentence`]. Members past `fit`'s limit are counted in one row.
fn team_table(s: &RoleSummary, fit: &Fit) -> Table {
    let r = &s.record;
    let mut table = Table::new([
        Column::share("Name and organisation", 1.3),
        Column::share("Email and phone", 1.2),
        Column::fixed("People led on", 20.0),
        Column::fixed("Open actions", 20.0),
    ]);
    let shown = s.holders.len().min(fit.d.holders);
    for h in &s.holders[..shown] {
        let m = &h.member;
        let who: Vec<String> = [&m.name, &m.organisation].into_iter().filter(|c| !c.is_empty()).map(|c| fit.line(c)).collect();
        let contact: Vec<String> = [&m.email, &m.phone].into_iter().filter(|c| !c.is_empty()).map(|c| fit.line(c)).collect();
        table.row([
            Cell::from(who.join("\n")),
            contact.join("\n").into(),
            h.cases_led.to_string().into(),
            h.open_actions.to_string().into(),
        ]);
    }
    let rest = &s.holders[shown..];
    if !rest.is_empty() {
        fit.mark(true);
        let names = count(rest.len(), "more member", "more members");
        table.row([
            Cell::from(format!("{names}: see the team roster")),
            "".into(),
            rest.iter().map(|h| h.cases_led).sum::<i64>().to_string().into(),
            rest.iter().map(|h| h.open_actions).sum::<i64>().to_string().into(),
        ]);
    }
    let mut rows = s.holders.len().min(shown + 1);
    if r.cases_led_unnamed > 0 {
        table.row([Cell::from("Lead given to the role, nobody named"), "".into(), r.cases_led_unnamed.to_string().into(), "".into()]);
        rows += 1;
    }
    if rows > 1 {
        table.emphasised_row([
            Cell::from("The whole role"),
            "".into(),
            r.cases_led.to_string().into(),
            r.open_actions.to_string().into(),
        ]);
    }
    table
}

/// What the records show for the role, in a sentence: the numbers of [`team_table`]'s last row.
pub(crate) fn record_sentence(r: &TeamRecord) -> String {
    let mut notes = Vec::new();
    if r.cases_led_unnamed > 0 {
        notes.push(format!("for {} the lead was given to the role with nobody named", r.cases_led_unnamed));
    }
    if r.cases_led_by_several > 0 {
        notes.push("a person led on by more than one member is counted once".to_string());
    }
    let notes = if notes.is_empty() { String::new() } else { format!(" ({})", notes.join("; ")) };
    format!(
        "The team's records from {} to {}: this role led on {} discussed at MDT meetings{notes}, and {} owned by people in this role {} open{}.",
        long_date(&r.since),
        long_date(&r.until),
        count(r.cases_led, "person", "people"),
        count(r.open_actions, "agreed action", "agreed actions"),
        one_or_many(r.open_actions, "is", "are"),
        if r.overdue_actions > 0 { format!(" ({} overdue)", r.overdue_actions) } else { String::new() },
    )
}

/// The rows the comparison always prints; the others come in when there is room.
const KEY_ROWS: [Aspect; 6] =
    [Aspect::Summary, Aspect::Regulation, Aspect::Risk, Aspect::Boundaries, Aspect::ReferWhen, Aspect::HowToRefer];

fn comparison_page(c: &RoleComparison, d: Detail) -> Vec<Block> {
    let (a, b) = (&c.left.profile, &c.right.profile);
    let fit = Fit::new(d);
    let mut doc = Document::new("");
    doc.heading(Level::H1, "Two roles side by side");

    // Where they differ, row by row.
    let mut table = Table::new([Column::fixed("", 30.0), Column::share(&a.name, 1.0), Column::share(&b.name, 1.0)]);
    // "Refer when" says much what "who leads when" says: it is the first row to go.
    let wanted = |aspect: Aspect| match d.items {
        usize::MAX => true,
        5.. => KEY_ROWS.contains(&aspect) || matches!(aspect, Aspect::Focus | Aspect::Interventions),
        3.. => KEY_ROWS.contains(&aspect),
        _ => KEY_ROWS.contains(&aspect) && aspect != Aspect::ReferWhen,
    };
    for row in c.rows.iter().filter(|r| wanted(r.aspect)) {
        let cell = |items: &[String]| -> Cell {
            if row.aspect == Aspect::HowToRefer {
                return items.iter().map(|i| fit.text(i)).collect::<Vec<_>>().join("\n").into();
            }
            if items.len() == 1 {
                return fit.text(&items[0]).into();
            }
            fit.bullets(items).into()
        };
        let (left, right) = (cell(&row.left), cell(&row.right));
        table.row([Cell::from(row.label.as_str()), left, right]);
    }
    doc.table(table);

    // What they share, in the middle of the page.
    doc.heading(Level::H2, "The approach they share");
    let mut shared =
        if c.shared.is_empty() { "The two profiles list no approach in common.".to_string() } else { fit.bullets(&c.shared) };
    if d.extras {
        for (name, also) in [(&a.name, &c.left_also), (&b.name, &c.right_also)] {
            if !also.is_empty() {
                shared.push_str(&format!("\n{name} also: {}", fit.inline(also)));
            }
        }
    }
    doc.paragraph(shared);

    // Who leads when, with an example each.
    doc.heading(Level::H2, "Who leads when");
    let mut leads = Table::new([
        Column::share(format!("The {} leads when", in_sentence(&a.name)), 1.0),
        Column::share(format!("The {} leads when", in_sentence(&b.name)), 1.0),
    ]);
    leads.row([Cell::from(fit.bullets(&a.leads)), fit.bullets(&b.leads).into()]);
    let example = |list: &[String]| -> Cell {
        let n = if d.extras { 2 } else { 1 };
        list.iter().take(n).map(|e| format!("For example: {}", fit.line(e))).collect::<Vec<_>>().join("\n").into()
    };
    if !a.examples.is_empty() || !b.examples.is_empty() {
        leads.row([example(&a.examples), example(&b.examples)]);
    }
    doc.table(leads);
    if d.items >= 3 {
        doc.paragraph("Not sure who should lead? Bring the person to the MDT to agree who leads, who holds clinical risk, and the next step.");
    }
    if fit.was_cut() {
        doc.paragraph(SHORTENED_BOTH);
    }
    doc.blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_before_a_capital() {
        let text = "Registered with the HCPC. Protected title, e.g. only them. 'Quoted' one.";
        assert_eq!(sentences(text, 1), "Registered with the HCPC.");
        assert_eq!(sentences(text, 2), "Registered with the HCPC. Protected title, e.g. only them.");
        assert_eq!(sentences(text, 9), text);
    }

    #[test]
    fn fit_takes_the_first_items_and_remembers_what_it_cut() {
        let items: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let roomy = Fit::new(DETAILS[0]);
        assert_eq!(roomy.bullets(&items), "• a\n• b\n• c");
        assert_eq!(roomy.text("One. Two. Three."), "One. Two. Three.");
        assert!(!roomy.was_cut(), "nothing left out");
        let tight = Fit::new(DETAILS[5]);
        assert_eq!(tight.bullets(&items), "• a\n• b");
        assert!(tight.was_cut());
        let tight = Fit::new(DETAILS[5]);
        assert_eq!(tight.inline(&items[..2]), "a; b");
        assert!(!tight.was_cut(), "two items fit two");
        assert_eq!(tight.text("One. Two."), "One.");
        assert!(tight.was_cut());
    }

    #[test]
    fn clip_cuts_at_a_word_and_says_so() {
        assert_eq!(clip("short enough", 12), "short enough");
        assert_eq!(clip("the home visit found loose rugs", 20), "the home visit…");
        assert_eq!(clip(&"x".repeat(50), 10), format!("{}…", "x".repeat(9)));
        assert_eq!(clip("Zoë, ünïcode text here", 8), "Zoë…");
        assert!(clip(&"word ".repeat(300), 80).chars().count() <= 80);
    }
}
