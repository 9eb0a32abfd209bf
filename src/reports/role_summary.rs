//! Role-at-a-glance sheets, one page per role, and the side-by-side comparison of two roles
//! (also the teach-in handout). Each page is built at the most detail that fits on one page:
//! a team's long edits shorten lists and texts rather than spilling onto a second sheet.

use chrono::NaiveDate;

use rusqlite::Connection;

use super::{Block, Cell, Column, Document, Level, Rendered, Table, render};
use crate::role_summaries::{self, Aspect, RoleComparison, RoleSummary, how_to_refer};
use crate::teach_ins::in_sentence;
use crate::{Error, Result, role_profiles};

/// Role sheets carry staff contact details but nothing about patients.
pub const MARKING: &str = "OFFICIAL";

/// How much a page prints. Each step leaves out more, until the page fits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Detail {
    /// List items printed (the rest are counted).
    items: usize,
    /// Sentences printed of each longer text.
    sentences: usize,
    /// Print the parts a reader can do without (approach, shared approaches, examples).
    extras: bool,
}

const DETAILS: [Detail; 7] = [
    Detail { items: usize::MAX, sentences: usize::MAX, extras: true },
    Detail { items: 6, sentences: 3, extras: true },
    Detail { items: 5, sentences: 2, extras: false },
    Detail { items: 4, sentences: 2, extras: false },
    Detail { items: 3, sentences: 1, extras: false },
    Detail { items: 2, sentences: 1, extras: false },
    Detail { items: 1, sentences: 1, extras: false },
];

/// The blocks `build` gives at the most detail that fits on one page of `doc`'s layout.
pub(crate) fn one_page(doc: &Document, build: impl Fn(Detail) -> Vec<Block>) -> Result<Vec<Block>> {
    let mut blocks = Vec::new();
    for detail in DETAILS {
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

/// Up to `n` items as bullet lines.
pub(crate) fn bullets(items: &[String], n: usize) -> String {
    items.iter().take(n).map(|i| format!("• {i}")).collect::<Vec<_>>().join("\n")
}

/// Said once at the foot of a page whose lists were cut to fit.
const SHORTENED: &str = "Some lists are shortened to fit one page: the full profiles are on the Roles screen of MDT Assistant.";

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

/// The comparison alone, on one page: the handout attendees take away from a teach-in.
pub fn handout(comparison: &RoleComparison, title: &str, today: NaiveDate) -> Result<Document> {
    let mut doc = Document::new(title);
    doc.marking = MARKING.into();
    doc.header_right = format!("Current at {}", today.format("%-d %B %Y"));
    doc.blocks = one_page(&doc, |detail| comparison_page(comparison, detail))?;
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

fn role_page(s: &RoleSummary, d: Detail) -> Vec<Block> {
    let p = &s.profile;
    let text = |t: &str| sentences(t, d.sentences);
    let mut doc = Document::new("");
    doc.heading(Level::H1, &p.name).paragraph(&p.summary);
    if let Some(change) = s.last_change.as_ref().filter(|_| s.customised) {
        doc.paragraph(format!(
            "This is the team's own version of the profile, last changed on {} by {}.",
            long_date(&change.at[..10.min(change.at.len())]),
            change.actor
        ));
    }
    let mut table = Table::new([Column::share("Registration", 1.0), Column::share("Accountable to", 1.0)]);
    table.row([Cell::from(text(&p.regulation)), text(&p.accountability).into()]);
    doc.table(table);

    doc.heading(Level::H2, "In our team");
    if s.holders.is_empty() {
        doc.paragraph("Nobody on the team roster holds this role yet.");
    } else {
        let mut table = Table::new([
            Column::share("Name", 1.2),
            Column::share("Organisation", 1.0),
            Column::share("Email and phone", 1.5),
            Column::fixed("Cases led", 18.0),
            Column::fixed("Open actions", 20.0),
        ]);
        for h in &s.holders {
            let m = &h.member;
            let contact = [m.email.as_str(), m.phone.as_str()].into_iter().filter(|c| !c.is_empty()).collect::<Vec<_>>();
            table.row([
                Cell::from(m.name.as_str()),
                m.organisation.as_str().into(),
                contact.join("\n").into(),
                h.cases_led.to_string().into(),
                h.open_actions.to_string().into(),
            ]);
        }
        doc.table(table);
    }
    let r = &s.record;
    doc.paragraph(format!(
        "The team's records from {} to {}: this role led on {} discussed at MDT meetings, and {} owned by people in this role {} open{}.",
        long_date(&r.since),
        long_date(&r.until),
        plural(r.cases_led, "person", "people"),
        plural(r.open_actions, "agreed action", "agreed actions"),
        if r.open_actions == 1 { "is" } else { "are" },
        if r.overdue_actions > 0 { format!(" ({} overdue)", r.overdue_actions) } else { String::new() },
    ));

    // Two columns a row: the page holds twice as much as it would in one.
    let mut what = vec![format!("Core focus: {}", text(&p.focus))];
    if d.extras {
        what.push(format!("How they work: {}", text(&p.approach)));
    }
    what.push(format!("Typical work:\n{}", bullets(&p.interventions, d.items)));
    let mut lead = vec![bullets(&p.leads, d.items)];
    if d.extras && !p.examples.is_empty() {
        lead.push(format!("For example: {}", p.examples[0]));
    }
    lead.push(format!("Where they work: {}.", p.settings.iter().take(d.items).map(|s| s.as_str()).collect::<Vec<_>>().join("; ")));
    let mut table = Table::new([Column::share("What they do", 1.0), Column::share("When they lead", 1.0)]);
    table.row([Cell::from(what.join("\n")), lead.join("\n").into()]);
    doc.table(table);

    let risk = format!("{}\nThey do not:\n{}", text(&p.risk), bullets(&p.boundaries, d.items));
    let mut refer = vec![format!("Refer when:\n{}", bullets(&p.referral.when, d.items))];
    refer.extend(how_to_refer(s).iter().map(|l| text(l)));
    if p.local.contact.is_empty() && p.local.criteria.is_empty() && p.local.waiting.is_empty() {
        refer.push("Local contact: not filled in yet.".into());
    }
    let mut table = Table::new([Column::share("Risk they hold, and what they do not do", 1.0), Column::share("Referring to them", 1.0)]);
    table.row([Cell::from(risk), refer.join("\n").into()]);
    doc.table(table);

    let mut table = Table::new([Column::share("What to escalate", 1.0), Column::share("To whom", 1.3)]);
    for e in p.escalation.iter().take(d.items) {
        table.row([Cell::from(e.concern.as_str()), e.route.as_str().into()]);
    }
    doc.table(table);

    if d.extras {
        doc.heading(Level::H2, "Shared with other roles").paragraph(bullets(&p.shared, d.items));
    }
    let lists = [&p.interventions, &p.leads, &p.settings, &p.boundaries, &p.referral.when, &p.shared];
    if lists.iter().any(|l| l.len() > d.items) || p.escalation.len() > d.items {
        doc.paragraph(SHORTENED);
    }
    doc.blocks
}

fn plural(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The rows the handout always prints; the others come in when there is room.
const HANDOUT_ROWS: [Aspect; 6] =
    [Aspect::Summary, Aspect::Regulation, Aspect::Risk, Aspect::Boundaries, Aspect::ReferWhen, Aspect::HowToRefer];

fn comparison_page(c: &RoleComparison, d: Detail) -> Vec<Block> {
    let (a, b) = (&c.left.profile, &c.right.profile);
    let mut doc = Document::new("");
    doc.heading(Level::H1, "Two roles side by side");

    // Where they differ, row by row.
    let mut table = Table::new([Column::fixed("", 30.0), Column::share(&a.name, 1.0), Column::share(&b.name, 1.0)]);
    // "Refer when" says much what "who leads when" says: it is the first row to go.
    let wanted = |aspect: Aspect| match d.items {
        usize::MAX => true,
        5.. => HANDOUT_ROWS.contains(&aspect) || matches!(aspect, Aspect::Focus | Aspect::Interventions),
        3.. => HANDOUT_ROWS.contains(&aspect),
        _ => HANDOUT_ROWS.contains(&aspect) && aspect != Aspect::ReferWhen,
    };
    let mut cut = false;
    for row in c.rows.iter().filter(|r| wanted(r.aspect)) {
        let mut cell = |items: &[String]| -> Cell {
            if row.aspect == Aspect::HowToRefer {
                return items.iter().map(|i| sentences(i, d.sentences)).collect::<Vec<_>>().join("\n").into();
            }
            if items.len() == 1 {
                return sentences(&items[0], d.sentences).into();
            }
            cut |= items.len() > d.items;
            bullets(items, d.items).into()
        };
        let (left, right) = (cell(&row.left), cell(&row.right));
        table.row([Cell::from(row.label.as_str()), left, right]);
    }
    doc.table(table);

    // What they share, in the middle of the page.
    doc.heading(Level::H2, "The approach they share");
    let mut shared = if c.shared.is_empty() {
        "The two profiles list no approach in common.".to_string()
    } else {
        bullets(&c.shared, usize::MAX)
    };
    if d.extras {
        for (name, also) in [(&a.name, &c.left_also), (&b.name, &c.right_also)] {
            if !also.is_empty() {
                shared.push_str(&format!("\n{name} also: {}", also.join("; ")));
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
    cut |= a.leads.len() > d.items || b.leads.len() > d.items;
    leads.row([Cell::from(bullets(&a.leads, d.items)), bullets(&b.leads, d.items).into()]);
    let example = |list: &[String]| -> Cell {
        let n = if d.extras { 2 } else { 1 };
        list.iter().take(n).map(|e| format!("For example: {e}")).collect::<Vec<_>>().join("\n").into()
    };
    if !a.examples.is_empty() || !b.examples.is_empty() {
        leads.row([example(&a.examples), example(&b.examples)]);
    }
    doc.table(leads);
    if d.items >= 3 {
        doc.paragraph("Not sure who should lead? Bring the person to the MDT to agree who leads, who holds clinical risk, and the next step.");
    }
    if cut {
        doc.paragraph(SHORTENED);
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
    fn bullets_take_the_first_items() {
        let items: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        assert_eq!(bullets(&items, 2), "• a\n• b");
        assert_eq!(bullets(&items, 5), "• a\n• b\n• c");
    }
}
