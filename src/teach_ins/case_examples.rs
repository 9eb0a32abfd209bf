//! Case examples and prompts: a presenter's case example is refused when it could identify
//! someone, and closed cases are offered as prompts that say what the joint working was, never who.

use rusqlite::Connection;

use crate::discussions::{EscalationTrigger, Need};
use crate::labels;
use crate::words::in_sentence;
use crate::{Error, Result, dates};

use super::{CASE_EXAMPLE_MAX, COPIED_WORDS, CasePrompt, check_len};
use super::plan::check_roles;

/// Refuses a case example that could identify someone: a case reference, something shaped like an
/// NHS or phone number, a date, a postcode, a stored identifier, or a run of words copied from the
/// team's records (the presenter must rewrite it).
pub fn check_case_example(conn: &Connection, text: &str) -> Result<String> {
    let text = check_len("caseExample", text.trim(), CASE_EXAMPLE_MAX)?;
    if text.is_empty() {
        return Ok(text);
    }
    let refuse = |why: String| Err(Error::invalid("caseExample", format!("{why} Rewrite the example in general terms, with nothing that could identify the person.")));
    let lower = text.to_lowercase();
    let words = words_of(&lower);
    let references: Vec<String> = conn
        .prepare_cached("SELECT reference FROM cases")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for reference in references {
        let reference = reference.to_lowercase();
        if contains_words(&words, &words_of(&reference)) {
            return refuse(format!("It mentions the case reference {}.", reference.to_uppercase()));
        }
    }
    let identifiers: Vec<String> = conn
        .prepare_cached("SELECT nhs_number FROM case_identifiers UNION SELECT other_identifier FROM case_identifiers")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if identifiers.iter().filter(|i| i.chars().count() >= 4).any(|i| lower.contains(&i.to_lowercase())) {
        return refuse("It contains a stored identifier.".into());
    }
    if longest_digit_run(&text) >= 10 {
        return refuse("It contains a long number, like an NHS or phone number.".into());
    }
    if let Some(date) = crate::text_checks::find_date(&text) {
        return refuse(format!("It contains a date ({}).", crate::text_checks::quoted(&date)));
    }
    if has_postcode(&text) {
        return refuse("It contains a postcode.".into());
    }
    if copies_records(conn, &words)? {
        return refuse(format!("It repeats at least {COPIED_WORDS} words in a row from the team's records."));
    }
    Ok(text)
}

pub(super) fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

pub(super) fn contains_words(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// The most digits in a row, letting single spaces, hyphens and full stops separate groups.
pub(super) fn longest_digit_run(text: &str) -> usize {
    let (mut best, mut run, mut gap) = (0, 0, false);
    for c in text.chars() {
        if c.is_ascii_digit() {
            run += 1;
            gap = false;
        } else if !gap && run > 0 && matches!(c, ' ' | '-' | '.') {
            gap = true;
        } else {
            run = 0;
            gap = false;
        }
        best = best.max(run);
    }
    best
}

/// A UK postcode: an outward code (LS1, SW1A, M60) then an inward code (4AB).
pub(super) fn has_postcode(text: &str) -> bool {
    let tokens: Vec<String> = text
        .split_whitespace()
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()).to_uppercase())
        .collect();
    let outward = |t: &str| {
        let letters = t.chars().take_while(char::is_ascii_alphabetic).count();
        let rest = &t[letters..];
        (1..=2).contains(&letters)
            && rest.chars().next().is_some_and(|c| c.is_ascii_digit())
            && rest.len() <= 2
            && rest.chars().all(|c| c.is_ascii_alphanumeric())
    };
    let inward = |t: &str| {
        let c: Vec<char> = t.chars().collect();
        c.len() == 3 && c[0].is_ascii_digit() && c[1].is_ascii_alphabetic() && c[2].is_ascii_alphabetic()
    };
    tokens.windows(2).any(|w| outward(&w[0]) && inward(&w[1]))
}

/// Whether `words` repeats [`COPIED_WORDS`] words in a row from any case discussion's text.
pub(super) fn copies_records(conn: &Connection, words: &[String]) -> Result<bool> {
    if words.len() < COPIED_WORDS {
        return Ok(false);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT concat_ws(' | ', situation, done_so_far, discussion, communication_plan, decision) FROM case_discussions",
    )?;
    let texts = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let ours: std::collections::HashSet<&[String]> = words.windows(COPIED_WORDS).collect();
    for text in texts {
        let record = words_of(&text?.to_lowercase());
        if record.windows(COPIED_WORDS).any(|w| ours.contains(w)) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The team's closed cases that involved either role (both first, newest first), as prompts:
/// the needs, who led on what, handovers and escalations, with no reference, name or date of
/// the person. A case is closed when all its discussions are in finalised minutes (or listed at
/// meetings since cancelled) and none of its actions is open.
pub fn case_prompts(conn: &Connection, role_keys: &[String]) -> Result<Vec<CasePrompt>> {
    let role_keys = check_roles(role_keys)?;
    let cases: Vec<(i64, String)> = conn
        .prepare_cached(
            "SELECT a.case_id, max(m.starts_at) FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
             WHERE a.kind = 'case'
             GROUP BY a.case_id
             HAVING sum(m.status <> 'finalised' AND m.id NOT IN (SELECT meeting_id FROM meeting_cancellations)) = 0
                AND NOT EXISTS (SELECT 1 FROM agreed_actions x WHERE x.case_id = a.case_id AND x.status = 'open')
                AND EXISTS (SELECT 1 FROM case_discussions d JOIN agenda_items b ON b.id = d.agenda_item_id WHERE b.case_id = a.case_id)
             ORDER BY max(m.starts_at) DESC",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let references: Vec<String> =
        conn.prepare_cached("SELECT reference FROM cases")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let mut prompts = Vec::new();
    for (case_id, last) in cases {
        let (points, roles) = prompt_points(conn, case_id, &references)?;
        let involved = role_keys.iter().filter(|k| roles.contains(k)).count();
        if involved > 0 {
            let when = dates::parse_date_time("startsAt", &last).map(|d| d.format("%B %Y").to_string()).unwrap_or_default();
            prompts.push(CasePrompt { when, points, both_roles: involved == role_keys.len() });
        }
    }
    prompts.sort_by_key(|p| !p.both_roles);
    prompts.truncate(8);
    Ok(prompts)
}

/// What the record says about the joint working, and the roles it involved.
pub(super) fn prompt_points(conn: &Connection, case_id: i64, references: &[String]) -> Result<(Vec<String>, Vec<String>)> {
    let strip = |text: &str| {
        references.iter().fold(text.to_string(), |t, r| if r.is_empty() { t } else { t.replace(r.as_str(), "the person") })
    };
    let needs: Vec<String> = conn
        .prepare_cached(
            "SELECT DISTINCT n.need FROM discussion_needs n JOIN agenda_items a ON a.id = n.agenda_item_id
             WHERE a.case_id = ?1 ORDER BY n.need",
        )?
        .query_map([case_id], |r| r.get::<_, Need>(0))?
        .map(|n| n.map(|n| in_sentence(labels::need(n))))
        .collect::<rusqlite::Result<_>>()?;
    let leads: Vec<(String, String, String)> = conn
        .prepare_cached(
            "SELECT l.aspect, r.key, r.name FROM discussion_leads l JOIN agenda_items a ON a.id = l.agenda_item_id
             LEFT JOIN team_members m ON m.id = l.member_id
             JOIN roles r ON r.key = coalesce(m.role_key, l.role_key)
             WHERE a.case_id = ?1 ORDER BY l.id",
        )?
        .query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let transitions: Vec<(String, String, String, String, String, i64)> = conn
        .prepare_cached(
            "SELECT t.direction, f.key, f.name, o.key, o.name, t.joint_visits FROM care_transitions t
             JOIN agenda_items a ON a.id = t.agenda_item_id JOIN roles f ON f.key = t.from_role_key JOIN roles o ON o.key = t.to_role_key
             WHERE a.case_id = ?1 ORDER BY t.id",
        )?
        .query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let triggers: Vec<String> = conn
        .prepare_cached(
            "SELECT DISTINCT e.trigger FROM escalations e JOIN agenda_items a ON a.id = e.agenda_item_id
             WHERE a.case_id = ?1 AND e.not_needed_reason = ''",
        )?
        .query_map([case_id], |r| r.get::<_, EscalationTrigger>(0))?
        .map(|t| t.map(|t| in_sentence(labels::trigger(t))))
        .collect::<rusqlite::Result<_>>()?;

    let mut points = Vec::new();
    let mut roles = Vec::new();
    if !needs.is_empty() {
        points.push(format!("Needs: {}.", needs.join(", ")));
    }
    for (aspect, key, name) in &leads {
        points.push(format!("The {} led on: {}.", in_sentence(name), strip(aspect).trim_end_matches('.')));
        roles.push(key.clone());
    }
    for (direction, from_key, from, to_key, to, visits) in &transitions {
        let step = if direction == "step_down" { "Stepped down" } else { "Stepped up" };
        let visits = match visits {
            0 => String::new(),
            1 => " after one joint visit".into(),
            n => format!(" after {n} joint visits"),
        };
        points.push(format!("{step} from the {} to the {}{visits}.", in_sentence(from), in_sentence(to)));
        roles.extend([from_key.clone(), to_key.clone()]);
    }
    if !triggers.is_empty() {
        points.push(format!("Escalated: {}.", triggers.join(", ")));
    }
    Ok((points, roles))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    #[test]
    fn case_examples_that_could_identify_someone_are_refused() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        assert!(check_case_example(conn, "A man in his seventies who had fallen twice at home.").is_ok());
        for bad in [
            "Seen on 03/04/2025 at home.",
            "NHS 943 476 5919 was referred.",
            "Phone 07700 900123 for details.",
            "Lives near LS1 4AB with her son.",
        ] {
            let err = check_case_example(conn, bad).unwrap_err();
            assert!(matches!(&err, Error::Invalid { field: "caseExample", .. }), "{bad}: {err:?}");
        }
        assert!(check_case_example(conn, "Two falls in 2024 and 3 visits.").is_ok(), "a year or a count is not a date");
    }
}
