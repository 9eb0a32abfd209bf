//! Importing a meeting's case list from a CSV file, as saved from a spreadsheet: one row per
//! person, a header row naming the columns. Every row is checked before anything is written,
//! and one bad row stops the whole file, so a list is never half imported.

use std::collections::HashMap;

use csv::StringRecord;
use rusqlite::{Connection, Transaction};
use serde::Serialize;
use tracing::instrument;
use ts_rs::TS;

use crate::agenda::{self, CaseItemInput, Consent, Professional};
use crate::cases::{self, CaseIdentifier};
use crate::meeting_record::{self, MeetingStatus};
use crate::members::{self, TeamMember};
use crate::text_checks::quoted;
use crate::{Error, Result, Store};

/// The columns a case list may have, in the order the README lists them.
pub const COLUMNS: [&str; 7] = ["reference", "reason", "presenter", "minutes", "consent", "nhs_number", "professionals"];

const DEFAULT_MINUTES: i64 = 10;

/// What a case-list import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseImportReport {
    pub meeting_id: i64,
    /// Rows imported, each now a case on the agenda.
    pub imported: i64,
    /// The references imported, in file order.
    pub references: Vec<String>,
    /// How many of them were new to this database.
    pub new_cases: i64,
}

/// Adds every row of `csv_text` to the end of the meeting's agenda, or nothing if any row is wrong.
#[instrument(skip(store, csv_text), err)]
pub fn import_cases(store: &mut Store, meeting_id: i64, csv_text: &str) -> Result<CaseImportReport> {
    store.write(|tx, actor| {
        if meeting_record::get(tx, meeting_id)?.status == MeetingStatus::Finalised {
            return Err(Error::Conflict(
                "These minutes are finalised, so no cases can be added to them. Import the list into the next meeting instead.".into(),
            ));
        }
        let rows = read(tx, meeting_id, csv_text)?;
        insert(tx, actor, meeting_id, &rows)
    })
}

fn insert(tx: &Transaction<'_>, actor: &str, meeting_id: i64, rows: &[CaseItemInput]) -> Result<CaseImportReport> {
    let mut new_cases = 0;
    for input in rows {
        if !tx.prepare_cached("SELECT 1 FROM cases WHERE reference = ?1")?.exists([&input.reference])? {
            new_cases += 1;
        }
        let item = agenda::insert_case(tx, meeting_id, input, None)?;
        agenda::log_item(tx, actor, item, None)?;
    }
    Ok(CaseImportReport {
        meeting_id,
        imported: rows.len() as i64,
        references: rows.iter().map(|r| r.reference.clone()).collect(),
        new_cases,
    })
}

/// Parses and checks the whole file. Problems are collected from every row, each with its line.
fn read(conn: &Connection, meeting_id: i64, text: &str) -> Result<Vec<CaseItemInput>> {
    let text = normalised(text);
    let text = text.as_str();
    if text.trim().is_empty() {
        return Err(Error::invalid(
            "file",
            format!("The case list is empty. It needs a header row ({}) and then one row per case.", COLUMNS.join(", ")),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let columns = Columns::from_header(reader.headers().map_err(|e| csv_problem(&e))?)?;
    let roster = Roster(members::list(conn)?);
    let mut listed = on_agenda(conn, meeting_id)?;
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_problem(&e))?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        let line = record.position().map_or(0, csv::Position::line);
        // A repeated reference is reported even when its row has other problems too.
        let repeated = cases::validate_reference(columns.get(&record, "reference"))
            .ok()
            .and_then(|reference| listed_before(&mut listed, reference, line));
        match (repeated, row(&columns, &roster, &record)) {
            (None, Ok(input)) => rows.push(input),
            (repeated, found) => {
                let found = repeated.into_iter().chain(found.err().into_iter().flatten());
                problems.extend(found.map(|p| format!("line {line}: {p}")));
            }
        }
    }
    if !problems.is_empty() {
        return Err(Error::ImportRows(problems));
    }
    if rows.is_empty() {
        return Err(Error::invalid("file", "The case list has a header row but no cases under it. Add one row per case."));
    }
    Ok(rows)
}

/// The text without a byte-order mark (spreadsheets on Windows add one) and with plain newlines:
/// the csv crate places a record that follows a CRLF on the line before, so line numbers are only
/// right with plain newlines. Also used by the directory's import (`crate::directory_csv`).
pub(crate) fn normalised(text: &str) -> String {
    text.strip_prefix('\u{feff}').unwrap_or(text).replace("\r\n", "\n")
}

/// Spreadsheets set to a European locale save with semicolons: whichever of `;` and `,` the
/// header line has more of wins.
pub(crate) fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    if header.matches(';').count() > header.matches(',').count() { b';' } else { b',' }
}

pub(crate) fn csv_problem(e: &csv::Error) -> Error {
    let line = e.position().map_or(String::new(), |p| format!("line {}: ", p.line()));
    Error::ImportRows(vec![format!("{line}the file could not be read as CSV ({e})")])
}

/// References already on the agenda, and the line each one came from in this file.
fn on_agenda(conn: &Connection, meeting_id: i64) -> Result<HashMap<String, Option<u64>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.reference FROM agenda_items a JOIN cases c ON c.id = a.case_id WHERE a.meeting_id = ?1",
    )?;
    let references = stmt.query_map([meeting_id], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(references.into_iter().map(|r| (r, None)).collect())
}

/// Says where `reference` was listed before, or notes it as first listed on `line`.
fn listed_before(listed: &mut HashMap<String, Option<u64>>, reference: String, line: u64) -> Option<String> {
    match listed.get(&reference) {
        Some(None) => Some(format!("{reference} is already on this meeting's agenda")),
        Some(Some(first)) => Some(format!("{reference} is already listed on line {first}")),
        None => {
            listed.insert(reference, Some(line));
            None
        }
    }
}

/// Which field of a record holds which column.
struct Columns {
    index: HashMap<&'static str, usize>,
    /// Fields in the header row.
    width: usize,
}

impl Columns {
    /// Header names are matched ignoring case, spaces and dashes ("NHS number" is `nhs_number`).
    /// Blank header cells (a trailing delimiter) are ignored.
    fn from_header(header: &StringRecord) -> Result<Columns> {
        let mut index = HashMap::new();
        let mut problems = Vec::new();
        for (i, name) in header.iter().enumerate().filter(|(_, name)| !name.is_empty()) {
            let wanted = name.to_lowercase().replace([' ', '-'], "_");
            match COLUMNS.iter().find(|c| **c == wanted) {
                Some(column) if index.insert(*column, i).is_some() => {
                    problems.push(format!("line 1: the column {} appears twice", quoted(name)));
                }
                Some(_) => {}
                None => problems.push(format!("line 1: {} is not a column this import knows (the columns are {})", quoted(name), COLUMNS.join(", "))),
            }
        }
        if !index.contains_key("reference") {
            problems.push("line 1: there is no 'reference' column; the header row must name one".to_string());
        }
        if problems.is_empty() { Ok(Columns { index, width: header.len() }) } else { Err(Error::ImportRows(problems)) }
    }

    /// The row's value in `column`: blank when the column is absent or the row is short.
    fn get<'r>(&self, record: &'r StringRecord, column: &str) -> &'r str {
        self.index.get(column).and_then(|i| record.get(*i)).unwrap_or_default()
    }

    /// Values past the header's last column usually mean a comma inside an unquoted value.
    fn extra_values(&self, record: &StringRecord) -> Option<String> {
        record.iter().skip(self.width).any(|f| !f.is_empty()).then(|| {
            format!(
                "the row has {} values but the header names {} columns; put quotes around a value that contains the delimiter",
                record.len(),
                self.width
            )
        })
    }
}

/// The team roster, for finding members by name.
struct Roster(Vec<TeamMember>);

impl Roster {
    /// The member called `name` (ignoring case), `None` if nobody is.
    fn find(&self, name: &str) -> Result<Option<i64>, String> {
        let matches: Vec<_> = self.0.iter().filter(|m| m.name.to_lowercase() == name.to_lowercase()).collect();
        match matches.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one.id)),
            many => Err(format!("{} roster members are called {}; give them different names first", many.len(), quoted(name))),
        }
    }
}

/// One row as a case item, or every problem it has.
fn row(columns: &Columns, roster: &Roster, record: &StringRecord) -> Result<CaseItemInput, Vec<String>> {
    let field = |column| columns.get(record, column);
    let extra = columns.extra_values(record);
    let reference = cases::validate_reference(field("reference")).map_err(|e| e.to_string());
    let presenter = presenter(roster, field("presenter"));
    let minutes = minutes(field("minutes"));
    let consent = consent(field("consent"));
    let identifier = identifier(field("nhs_number"));
    let professionals = professionals(roster, field("professionals"));
    match (extra, reference, presenter, minutes, consent, identifier, professionals) {
        (None, Ok(reference), Ok(presenter_id), Ok(minutes_allowed), Ok(consent), Ok(identifier), Ok(professionals)) => {
            Ok(CaseItemInput {
                reference,
                identifier,
                reason: field("reason").to_string(),
                presenter_id,
                co_presenter_ids: Vec::new(),
                minutes_allowed,
                consent,
                professionals,
            })
        }
        (extra, reference, presenter, minutes, consent, identifier, professionals) => Err(extra
            .into_iter()
            .chain(reference.err())
            .chain(presenter.err())
            .chain(minutes.err())
            .chain(consent.err())
            .chain(identifier.err())
            .chain(professionals.err())
            .collect()),
    }
}

fn presenter(roster: &Roster, name: &str) -> Result<Option<i64>, String> {
    if name.is_empty() {
        return Ok(None);
    }
    match roster.find(name)? {
        Some(id) => Ok(Some(id)),
        None => Err(format!("{} is not on the roster (check the spelling, or add them to the roster first)", quoted(name))),
    }
}

fn minutes(text: &str) -> Result<i64, String> {
    if text.is_empty() {
        return Ok(DEFAULT_MINUTES);
    }
    let minutes: i64 = text.parse().map_err(|_| format!("{} is not a whole number of minutes", quoted(text)))?;
    agenda::validate_minutes(minutes).map_err(|e| format!("{minutes} minutes: {e}"))
}

fn consent(text: &str) -> Result<Consent, String> {
    match text.to_lowercase().replace(['_', '-'], " ").as_str() {
        "" | "not recorded" => Ok(Consent::NotRecorded),
        "agreed" => Ok(Consent::Agreed),
        "objected" => Ok(Consent::Objected),
        _ => Err(format!("{} is not a consent value: use agreed, objected or not recorded, or leave it blank", quoted(text))),
    }
}

/// The NHS number, checked; the message never repeats it.
fn identifier(nhs_number: &str) -> Result<Option<CaseIdentifier>, String> {
    if nhs_number.is_empty() {
        return Ok(None);
    }
    CaseIdentifier { nhs_number: nhs_number.to_string(), other_identifier: String::new() }
        .validated()
        .map(Some)
        .map_err(|e| e.to_string())
}

/// Names separated by `;` or `|`: roster members where the name matches, outside services otherwise.
fn professionals(roster: &Roster, text: &str) -> Result<Vec<Professional>, String> {
    text.split([';', '|'])
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(|name| {
            Ok(match roster.find(name)? {
                Some(id) => Professional { member_id: Some(id), name: String::new() },
                None => Professional { member_id: None, name: name.to_string() },
            })
        })
        .collect()
}
