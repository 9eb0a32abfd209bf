//! The directory of local services as a CSV file, to share with another team or keep in a
//! spreadsheet: exported with a header row naming [`COLUMNS`], one current entry a row, the
//! last-checked date day first (15/03/2026); imported from the same (or a spreadsheet's own save:
//! a byte-order mark, semicolons and Windows line ends are read as `crate::case_import` reads
//! them). An import is all or nothing: every row is checked first, and any problem, named by its
//! line and column, stops the whole file. A row whose name (ignoring capitals) is a current entry's
//! updates that entry; any other row adds one. Exporting and importing the file back changes
//! nothing.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use csv::StringRecord;
use rusqlite::Connection;
use tracing::instrument;

use crate::case_import::{csv_problem, delimiter, normalised};
use crate::directory::{self, DirectoryEntry, DirectoryImportReport, DirectoryInput, DirectoryQuery};
use crate::files::write_atomically;
use crate::reports::ExportReport;
use crate::text_checks::quoted;
use crate::{Error, Result, Store};

/// The columns, in the order they are written.
pub const COLUMNS: [&str; 7] = ["name", "offers", "for_whom", "how_to_refer", "contact", "area", "last_checked"];

/// The column a field of [`DirectoryInput`] comes from, as an error from the core names it.
fn column_of(field: &str) -> &'static str {
    match field {
        "offers" => "offers",
        "forWhom" => "for_whom",
        "howToRefer" => "how_to_refer",
        "contact" => "contact",
        "area" => "area",
        "lastChecked" => "last_checked",
        _ => "name",
    }
}

/// Every current entry as CSV text: a header row, then one row per entry by name, with Windows
/// line ends and a byte-order mark so that a spreadsheet opens it as UTF-8.
pub fn to_csv(conn: &Connection, today: NaiveDate) -> Result<String> {
    let entries = directory::list(conn, &DirectoryQuery::default(), today)?;
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let problem = |e: csv::Error| Error::Internal(format!("the directory could not be written as CSV ({e})"));
    writer.write_record(COLUMNS).map_err(problem)?;
    for e in &entries {
        writer.write_record(row(e)).map_err(problem)?;
    }
    let bytes = writer.into_inner().map_err(|e| Error::Internal(e.to_string()))?;
    Ok(format!("\u{feff}{}", String::from_utf8(bytes).map_err(|e| Error::Internal(e.to_string()))?))
}

fn row(e: &DirectoryEntry) -> [String; 7] {
    let i = e.as_input();
    [i.name, i.offers, i.for_whom, i.how_to_refer, i.contact, i.area, i.last_checked]
}

/// The file name offered when saving, e.g. `service-directory-2026-12-02.csv`.
pub fn file_name(today: NaiveDate) -> String {
    format!("service-directory-{}.csv", today.format(crate::dates::DATE_FORMAT))
}

/// Writes every current entry to `path` (whole or not at all).
#[instrument(skip(conn), err)]
pub fn export(conn: &Connection, today: NaiveDate, path: &Path) -> Result<ExportReport> {
    let text = to_csv(conn, today)?;
    write_atomically(path, text.as_bytes())?;
    Ok(ExportReport { path: path.display().to_string(), pages: 0, missing_chars: Vec::new() })
}

/// Imports `csv_text` (see the module's notes) in one transaction, audited entry by entry.
#[instrument(skip(store, csv_text), err)]
pub fn import(store: &mut Store, csv_text: &str, today: NaiveDate) -> Result<DirectoryImportReport> {
    let rows = read(csv_text, today)?;
    store.write(|tx, actor| directory::import(tx, actor, &rows, today))
}

/// Parses and checks the whole file; the problems of every row, each with its line and column.
pub fn read(text: &str, today: NaiveDate) -> Result<Vec<DirectoryInput>> {
    let text = normalised(text);
    if text.trim().is_empty() {
        return Err(Error::invalid(
            "file",
            format!("The file is empty. It needs a header row ({}) and then one row per service.", COLUMNS.join(", ")),
        ));
    }
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter(&text)).flexible(true).from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| csv_problem(&e))?.clone();
    let columns = columns(&header)?;
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_problem(&e))?;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let line = record.position().map_or(0, csv::Position::line);
        if record.iter().skip(header.len()).any(|f| !f.trim().is_empty()) {
            problems.push(format!(
                "line {line}: the row has {} values but the header names {} columns; put quotes around a value that contains the delimiter",
                record.len(),
                header.len()
            ));
            continue;
        }
        let input = input(&columns, &record);
        if let Err(e) = directory::check(&input, today) {
            let column = match &e {
                Error::Invalid { field, .. } => column_of(field),
                _ => "name",
            };
            problems.push(format!("line {line}, column {column}: {e}"));
            continue;
        }
        let key = input.name.trim().to_lowercase();
        if let Some(first) = seen.get(&key) {
            problems.push(format!("line {line}, column name: {} is already listed on line {first}", quoted(input.name.trim())));
            continue;
        }
        seen.insert(key, line);
        rows.push(input);
    }
    if !problems.is_empty() {
        return Err(Error::ImportRows(problems));
    }
    if rows.is_empty() {
        return Err(Error::invalid("file", "The file has a header row but no services under it. Add one row per service."));
    }
    Ok(rows)
}

/// Which field holds which column. Header names are matched ignoring capitals, spaces and dashes
/// ("Last checked" is `last_checked`); blank header cells are ignored; `name` must be there.
fn columns(header: &StringRecord) -> Result<HashMap<&'static str, usize>> {
    let mut index = HashMap::new();
    let mut problems = Vec::new();
    for (i, name) in header.iter().enumerate().filter(|(_, name)| !name.trim().is_empty()) {
        let wanted = name.trim().to_lowercase().replace([' ', '-'], "_");
        match COLUMNS.iter().find(|c| **c == wanted) {
            Some(column) if index.insert(*column, i).is_some() => {
                problems.push(format!("line 1: the column {} appears twice", quoted(name)));
            }
            Some(_) => {}
            None => problems.push(format!("line 1: {} is not a column this import knows (the columns are {})", quoted(name), COLUMNS.join(", "))),
        }
    }
    if !index.contains_key("name") {
        problems.push("line 1: there is no 'name' column; the header row must name one".to_string());
    }
    if problems.is_empty() { Ok(index) } else { Err(Error::ImportRows(problems)) }
}

fn input(columns: &HashMap<&'static str, usize>, record: &StringRecord) -> DirectoryInput {
    let get = |c: &str| columns.get(c).and_then(|i| record.get(*i)).unwrap_or_default().to_string();
    DirectoryInput {
        name: get("name"),
        offers: get("offers"),
        for_whom: get("for_whom"),
        how_to_refer: get("how_to_refer"),
        contact: get("contact"),
        area: get("area"),
        last_checked: get("last_checked"),
    }
}
