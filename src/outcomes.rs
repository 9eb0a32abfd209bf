//! Outcomes (issue #19): before-and-after scores of outcome measures for a person, kept beside
//! their record (by their pseudonymous case), with the change over time in words.
//!
//! A **measure** is a fixed set of questions, each answered on a whole-number scale where higher
//! is better or lower is (ONS4's anxiety question: lower is better). The app ships the ONS
//! personal well-being questions ("ONS4", Office for National Statistics, Open Government
//! Licence: free to use); a team adds its own measures, labelled as the team's, and chooses which
//! are in use. Nothing whose licence forbids it is shipped. Once a measure exists its questions
//! do not change: that would change what earlier scores meant.
//!
//! A **sitting** is one person answering one measure on one day: each question's answer, or none
//! when they did not answer it. One sitting per person, measure and day (a double entry is
//! refused); a sitting entered wrongly is removed with a reason and entered again. Both are in
//! the audit log (entity `outcome_score`), which is their history.
//!
//! **Change** is read per question from the person's first answer to their latest: how much it
//! moved, and whether that is better or worse given the question's direction, in words (never by
//! colour alone). It is a description, not a judgement: the team decides what it means.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;

use crate::audit::{self, AuditAction, AuditEntity, Change};
use crate::text_checks::{check_line, check_note};
use crate::{Error, Result, Store, dates, text_enum};

/// Longest note with a sitting (how it was asked, anything the person said about it).
const NOTE_MAX: usize = 2_000;
/// Longest measure name, question and short label.
const NAME_MAX: usize = 80;
const QUESTION_MAX: usize = 400;
const SHORT_MAX: usize = 40;
const ABOUT_MAX: usize = 1_000;
/// Most questions in a team's own measure.
const ITEMS_MAX: usize = 20;
/// Widest scale a question may have (e.g. 0 to 100).
const SCALE_MAX: i64 = 100;

text_enum!(
    /// Which way a question's scale reads.
    Direction {
        HigherIsBetter => "higher_is_better",
        LowerIsBetter => "lower_is_better",
    }
);

/// One question of a measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeasureItem {
    pub key: String,
    /// As it is asked.
    pub question: String,
    /// As a column heading, e.g. "Life satisfaction".
    pub short: String,
    pub min: i64,
    pub max: i64,
    pub direction: Direction,
}

/// An outcome measure the team can use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Measure {
    pub key: String,
    pub name: String,
    /// How to use it, in a sentence or two.
    pub about: String,
    /// Where it comes from and on what terms; for a team's own measure, says so.
    pub source: String,
    /// Shipped with the app (not the team's own).
    pub built_in: bool,
    pub in_use: bool,
    pub items: Vec<MeasureItem>,
}

/// A team's own measure, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeasureInput {
    pub name: String,
    pub about: String,
    pub items: Vec<MeasureItemInput>,
}

/// One question of a team's own measure, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeasureItemInput {
    pub question: String,
    pub short: String,
    pub min: i64,
    pub max: i64,
    pub direction: Direction,
}

/// One answer in a sitting: `None` when the person did not answer that question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    pub item_key: String,
    pub value: Option<i64>,
}

/// A sitting, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SittingInput {
    pub measure_key: String,
    /// The day it was taken, as typed (15/12/2026, "today", ...).
    pub taken_on: String,
    pub answers: Vec<Answer>,
    pub note: String,
    /// The discussion it is recorded from, if any.
    #[ts(optional)]
    pub agenda_item_id: Option<i64>,
}

/// A sitting as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Sitting {
    pub id: i64,
    pub case_id: i64,
    pub measure_key: String,
    /// `YYYY-MM-DD`.
    pub taken_on: String,
    /// In the measure's question order.
    pub answers: Vec<Answer>,
    pub note: String,
    pub agenda_item_id: Option<i64>,
    pub recorded_by: String,
    pub recorded_at: String,
}

/// How one question's answer moved from the person's first sitting to their latest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemChange {
    pub item_key: String,
    pub short: String,
    pub first: i64,
    /// `YYYY-MM-DD`.
    pub first_on: String,
    pub latest: i64,
    pub latest_on: String,
    /// Latest minus first.
    pub change: i64,
    /// `Some(true)` better, `Some(false)` worse, `None` the same.
    pub better: Option<bool>,
    /// In words: "Life satisfaction: 4 on 02/03/2026, 7 on 01/06/2026: up 3, better".
    pub words: String,
}

/// A person's sittings of one measure, oldest first, and the change on each question answered
/// at two sittings or more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeasureHistory {
    pub measure: Measure,
    pub sittings: Vec<Sitting>,
    pub changes: Vec<ItemChange>,
}

fn measure_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Measure> {
    Ok(Measure {
        key: r.get(0)?,
        name: r.get(1)?,
        about: r.get(2)?,
        source: r.get(3)?,
        built_in: r.get(4)?,
        in_use: r.get(5)?,
        items: Vec::new(),
    })
}

fn items_of(conn: &Connection, key: &str) -> Result<Vec<MeasureItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT key, question, short, min_value, max_value, direction FROM outcome_measure_items WHERE measure_key = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([key], |r| {
        Ok(MeasureItem { key: r.get(0)?, question: r.get(1)?, short: r.get(2)?, min: r.get(3)?, max: r.get(4)?, direction: r.get(5)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every measure, the app's first, then the team's by name.
pub fn measures(conn: &Connection) -> Result<Vec<Measure>> {
    let mut list: Vec<Measure> = conn
        .prepare_cached("SELECT key, name, about, source, built_in, in_use FROM outcome_measures ORDER BY built_in DESC, name COLLATE NOCASE")?
        .query_map([], measure_row)?
        .collect::<rusqlite::Result<_>>()?;
    for m in &mut list {
        m.items = items_of(conn, &m.key)?;
    }
    Ok(list)
}

/// One measure by its key.
pub fn measure(conn: &Connection, key: &str) -> Result<Measure> {
    let found = conn
        .prepare_cached("SELECT key, name, about, source, built_in, in_use FROM outcome_measures WHERE key = ?1")?
        .query_row([key], measure_row)
        .optional()?;
    let mut m = found.ok_or_else(|| Error::invalid("measureKey", "Choose an outcome measure from the list."))?;
    m.items = items_of(conn, &m.key)?;
    Ok(m)
}

/// Puts a measure in use, or stops using it (its sittings stay, and are still shown).
#[instrument(skip(store), err)]
pub fn set_in_use(store: &mut Store, key: &str, in_use: bool) -> Result<Measure> {
    store.write(|tx, actor| {
        let before = measure(tx, key)?;
        if before.in_use == in_use {
            return Ok(before);
        }
        tx.execute("UPDATE outcome_measures SET in_use = ?2 WHERE key = ?1", params![key, in_use])?;
        let after = measure(tx, key)?;
        audit::record(
            tx,
            actor,
            Change { entity: AuditEntity::OutcomeMeasure, entity_id: 0, action: AuditAction::Update, before: Some(&before), after: Some(&after) },
        )?;
        Ok(after)
    })
}

/// A key made from a name: lower case letters and digits joined by "_", at most 32 characters.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for word in name.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    out.chars().take(32).collect()
}

/// `text` trimmed, present and not too long; `place` starts the message ("Question 2: ").
fn checked_text(field: &'static str, place: &str, label: &str, text: &str, max: usize) -> Result<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::invalid(field, format!("{place}Give the {label}.")));
    }
    if text.chars().count() > max {
        return Err(Error::invalid(field, format!("{place}The {label} is too long: keep it under {max} characters.")));
    }
    check_line(field, label, text)?;
    Ok(text.to_string())
}

/// Adds a team's own measure, in use, labelled as the team's.
#[instrument(skip(store, input), err)]
pub fn add_measure(store: &mut Store, input: &MeasureInput) -> Result<Measure> {
    let name = checked_text("name", "", "measure's name", &input.name, NAME_MAX)?;
    let about = input.about.trim().to_string();
    if about.chars().count() > ABOUT_MAX {
        return Err(Error::invalid("about", format!("Say what the measure is for in under {ABOUT_MAX} characters.")));
    }
    check_note("about", "what the measure is for", &about)?;
    if input.items.is_empty() {
        return Err(Error::invalid("items", "Add at least one question, with its scale."));
    }
    if input.items.len() > ITEMS_MAX {
        return Err(Error::invalid("items", format!("A measure can have at most {ITEMS_MAX} questions.")));
    }
    let mut items = Vec::new();
    for (i, item) in input.items.iter().enumerate() {
        let place = format!("Question {}: ", i + 1);
        let question = checked_text("items", &place, "question", &item.question, QUESTION_MAX)?;
        let short = checked_text("items", &place, "short label for the question", &item.short, SHORT_MAX)?;
        if item.max <= item.min {
            return Err(Error::invalid("items", format!("{place}the top of the scale must be above its bottom, e.g. 0 to 10.")));
        }
        if item.min < -SCALE_MAX || item.max > SCALE_MAX {
            return Err(Error::invalid("items", format!("{place}keep the scale between -{SCALE_MAX} and {SCALE_MAX}.")));
        }
        if items.iter().any(|m: &MeasureItem| m.short.eq_ignore_ascii_case(&short)) {
            return Err(Error::invalid("items", format!("{place}another question is also called \"{short}\": give each its own short label.")));
        }
        // Two different labels can make the same key (the key is cut at 32 characters): number it.
        let base = match slug(&short) {
            key if key.is_empty() => format!("q{}", i + 1),
            key => key,
        };
        let mut key = base.clone();
        let mut n = 2;
        while items.iter().any(|m| m.key == key) {
            key = format!("{base}_{n}");
            n += 1;
        }
        items.push(MeasureItem { key, question, short, min: item.min, max: item.max, direction: item.direction });
    }
    store.write(|tx, actor| {
        let taken: bool = tx.prepare_cached("SELECT 1 FROM outcome_measures WHERE name = ?1")?.exists([&name])?;
        if taken {
            return Err(Error::invalid("name", format!("There is already a measure called \"{name}\": choose another name.")));
        }
        let base = format!("team_{}", slug(&name));
        let mut key = base.clone();
        let mut n = 2;
        while tx.prepare_cached("SELECT 1 FROM outcome_measures WHERE key = ?1")?.exists([&key])? {
            key = format!("{base}_{n}");
            n += 1;
        }
        tx.execute(
            "INSERT INTO outcome_measures (key, name, about, source, built_in, in_use, created_at) VALUES (?1, ?2, ?3, ?4, 0, 1, ?5)",
            params![key, name, about, "The team's own measure.", crate::storage::now_utc()],
        )?;
        let mut stmt = tx.prepare_cached(
            "INSERT INTO outcome_measure_items (measure_key, position, key, question, short, min_value, max_value, direction)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for (position, item) in items.iter().enumerate() {
            stmt.execute(params![key, position as i64, item.key, item.question, item.short, item.min, item.max, item.direction])?;
        }
        let made = measure(tx, &key)?;
        audit::record(tx, actor, Change { entity: AuditEntity::OutcomeMeasure, entity_id: 0, action: AuditAction::Create, before: None, after: Some(&made) })?;
        Ok(made)
    })
}

fn case_reference(conn: &Connection, case_id: i64) -> Result<String> {
    conn.prepare_cached("SELECT reference FROM cases WHERE id = ?1")?
        .query_row([case_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("Case #{case_id}") })
}

/// Records a sitting for the person of `case_id` on the day given (not after `today`).
pub fn record(store: &mut Store, case_id: i64, input: &SittingInput) -> Result<Sitting> {
    record_on(store, case_id, input, dates::local_today())
}

/// [`record`], with today's date given.
#[instrument(skip(store, input), err)]
pub fn record_on(store: &mut Store, case_id: i64, input: &SittingInput, today: chrono::NaiveDate) -> Result<Sitting> {
    let taken_on = dates::read_date_on("takenOn", &input.taken_on, today)?;
    if taken_on > today {
        return Err(Error::invalid("takenOn", "Give the day the person answered: it cannot be after today."));
    }
    let taken_on = taken_on.format(dates::DATE_FORMAT).to_string();
    let note = input.note.trim().to_string();
    if note.chars().count() > NOTE_MAX {
        return Err(Error::invalid("note", format!("Keep the note under {NOTE_MAX} characters.")));
    }
    check_note("note", "note", &note)?;
    store.write(|tx, actor| {
        let reference = case_reference(tx, case_id)?;
        let m = measure(tx, &input.measure_key)?;
        if !m.in_use {
            return Err(Error::invalid("measureKey", format!("{} is not in use by the team: put it back in use in Settings first.", m.name)));
        }
        let answers = checked_answers(&m, &input.answers)?;
        if let Some(item_id) = input.agenda_item_id {
            let of: Option<i64> = tx.prepare_cached("SELECT case_id FROM agenda_items WHERE id = ?1")?.query_row([item_id], |r| r.get(0)).optional()?.flatten();
            if of != Some(case_id) {
                return Err(Error::invalid("agendaItemId", format!("That discussion is not about {reference}.")));
            }
        }
        let twice: bool = tx
            .prepare_cached("SELECT 1 FROM outcome_scores WHERE case_id = ?1 AND measure_key = ?2 AND taken_on = ?3")?
            .exists(params![case_id, m.key, taken_on])?;
        if twice {
            return Err(Error::invalid(
                "takenOn",
                format!("{} for {reference} is already recorded on {}. To correct it, remove that one first.", m.name, uk(&taken_on)),
            ));
        }
        tx.execute(
            "INSERT INTO outcome_scores (case_id, measure_key, taken_on, agenda_item_id, note, recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![case_id, m.key, taken_on, input.agenda_item_id, note, actor, crate::storage::now_utc()],
        )?;
        let id = tx.last_insert_rowid();
        let mut stmt = tx.prepare_cached("INSERT INTO outcome_score_values (score_id, item_key, value) VALUES (?1, ?2, ?3)")?;
        for a in &answers {
            stmt.execute(params![id, a.item_key, a.value])?;
        }
        let made = sitting(tx, id)?;
        audit::record(tx, actor, Change { entity: AuditEntity::OutcomeScore, entity_id: id, action: AuditAction::Create, before: None, after: Some(&made) })?;
        Ok(made)
    })
}

/// The answers in the measure's order, each checked against its question's scale; at least one
/// answered.
fn checked_answers(m: &Measure, given: &[Answer]) -> Result<Vec<Answer>> {
    for (i, a) in given.iter().enumerate() {
        if !m.items.iter().any(|q| q.key == a.item_key) {
            return Err(Error::invalid("answers", format!("{} has no question \"{}\".", m.name, a.item_key)));
        }
        if given[..i].iter().any(|b| b.item_key == a.item_key) {
            return Err(Error::invalid("answers", format!("The question \"{}\" is answered twice.", a.item_key)));
        }
    }
    let mut answers = Vec::new();
    for q in &m.items {
        let value = given.iter().find(|a| a.item_key == q.key).and_then(|a| a.value);
        if let Some(v) = value
            && !(q.min..=q.max).contains(&v)
        {
            return Err(Error::invalid("answers", format!("{}: the answer is from {} to {}; {v} is outside it.", q.short, q.min, q.max)));
        }
        answers.push(Answer { item_key: q.key.clone(), value });
    }
    if answers.iter().all(|a| a.value.is_none()) {
        return Err(Error::invalid("answers", "Record at least one answer, or leave this sitting for another day."));
    }
    Ok(answers)
}

/// "2026-03-02" as "02/03/2026".
fn uk(day: &str) -> String {
    chrono::NaiveDate::parse_from_str(day, dates::DATE_FORMAT).map_or_else(|_| day.to_string(), |d| d.format("%d/%m/%Y").to_string())
}

fn sitting(conn: &Connection, id: i64) -> Result<Sitting> {
    let mut s = conn
        .prepare_cached(
            "SELECT id, case_id, measure_key, taken_on, note, agenda_item_id, recorded_by, recorded_at FROM outcome_scores WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(Sitting {
                id: r.get(0)?,
                case_id: r.get(1)?,
                measure_key: r.get(2)?,
                taken_on: r.get(3)?,
                note: r.get(4)?,
                agenda_item_id: r.get(5)?,
                recorded_by: r.get(6)?,
                recorded_at: r.get(7)?,
                answers: Vec::new(),
            })
        })
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("Outcome scores #{id}") })?;
    s.answers = conn
        .prepare_cached(
            "SELECT v.item_key, v.value FROM outcome_score_values v JOIN outcome_scores s ON s.id = v.score_id
             JOIN outcome_measure_items q ON q.measure_key = s.measure_key AND q.key = v.item_key
             WHERE v.score_id = ?1 ORDER BY q.position",
        )?
        .query_map([id], |r| Ok(Answer { item_key: r.get(0)?, value: r.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(s)
}

/// Removes a sitting entered wrongly, with the reason (kept in the audit log with what it held).
#[instrument(skip(store), err)]
pub fn remove(store: &mut Store, id: i64, reason: &str) -> Result<()> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid("reason", "Say why these scores are removed, e.g. entered for the wrong person."));
    }
    if reason.chars().count() > 500 {
        return Err(Error::invalid("reason", "Keep the reason under 500 characters."));
    }
    store.write(|tx, actor| {
        let before = serde_json::to_value(sitting(tx, id)?).map_err(|e| Error::Internal(e.to_string()))?;
        tx.execute("DELETE FROM outcome_scores WHERE id = ?1", [id])?;
        let after = serde_json::json!({ "removedBecause": reason });
        audit::record(tx, actor, Change { entity: AuditEntity::OutcomeScore, entity_id: id, action: AuditAction::Delete, before: Some(&before), after: Some(&after) })?;
        Ok(())
    })
}

/// Every measure the person has been scored on (by name), with their sittings and the change.
pub fn for_person(conn: &Connection, case_id: i64) -> Result<Vec<MeasureHistory>> {
    case_reference(conn, case_id)?;
    let ids: Vec<(String, i64)> = conn
        .prepare_cached("SELECT measure_key, id FROM outcome_scores WHERE case_id = ?1 ORDER BY measure_key, taken_on, id")?
        .query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out: Vec<MeasureHistory> = Vec::new();
    for (key, id) in ids {
        if out.last().is_none_or(|h| h.measure.key != key) {
            out.push(MeasureHistory { measure: measure(conn, &key)?, sittings: Vec::new(), changes: Vec::new() });
        }
        let s = sitting(conn, id)?;
        out.last_mut().expect("pushed above").sittings.push(s);
    }
    for h in &mut out {
        h.changes = changes(&h.measure, &h.sittings);
    }
    out.sort_by(|a, b| (!a.measure.built_in, a.measure.name.to_lowercase()).cmp(&(!b.measure.built_in, b.measure.name.to_lowercase())));
    Ok(out)
}

/// The change on each question answered at two sittings or more, from the first to the latest.
pub fn changes(m: &Measure, sittings: &[Sitting]) -> Vec<ItemChange> {
    let mut out = Vec::new();
    for q in &m.items {
        let answered: Vec<(&str, i64)> = sittings
            .iter()
            .filter_map(|s| s.answers.iter().find(|a| a.item_key == q.key).and_then(|a| a.value).map(|v| (s.taken_on.as_str(), v)))
            .collect();
        let (Some(&(first_on, first)), Some(&(latest_on, latest))) = (answered.first(), answered.last()) else { continue };
        if answered.len() < 2 {
            continue;
        }
        let change = latest - first;
        let better = match (change.signum(), q.direction) {
            (0, _) => None,
            (1, Direction::HigherIsBetter) | (-1, Direction::LowerIsBetter) => Some(true),
            _ => Some(false),
        };
        let moved = match (change.signum(), better) {
            (0, _) => "no change".to_string(),
            (1, Some(b)) => format!("up {change}, {}", if b { "better" } else { "worse" }),
            (_, Some(b)) => format!("down {}, {}", -change, if b { "better" } else { "worse" }),
            _ => unreachable!("a change has a direction"),
        };
        let words = format!("{}: {first} on {}, {latest} on {}: {moved}", q.short, uk(first_on), uk(latest_on));
        out.push(ItemChange {
            item_key: q.key.clone(),
            short: q.short.clone(),
            first,
            first_on: first_on.to_string(),
            latest,
            latest_on: latest_on.to_string(),
            change,
            better,
            words,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_made_from_names() {
        assert_eq!(slug("Goal attainment (our version)"), "goal_attainment_our_version");
        assert_eq!(slug("  ***  "), "");
        assert_eq!(slug(&"a".repeat(50)).len(), 32);
    }
}
