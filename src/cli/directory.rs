//! The directory of local services: `mdt directory` lists it (every word of --search must match
//! the name, what it offers, who it is for or the area), `mdt directory export -o FILE.csv` writes
//! it as CSV, and `mdt directory import FILE.csv` reads one back, all or nothing.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use mdt::directory::{self, DirectoryQuery};
use mdt::{Error, Store, dates, directory_csv};

use crate::output::read_text;

#[derive(Subcommand)]
pub enum DirectoryCommand {
    /// Write every current entry as CSV (columns: name, offers, for_whom, how_to_refer, contact,
    /// area, last_checked; dates day first)
    Export {
        /// The CSV file to write
        #[arg(short, long, value_name = "FILE.csv")]
        output: PathBuf,
    },
    /// Add or update entries from a CSV file (a row whose name is a current entry's updates it).
    /// Any bad row stops the whole file, named by its line and column
    Import {
        /// A CSV file with a header row; comma or semicolon separated
        file: PathBuf,
    },
}

/// One entry a paragraph: name, the check in words (marked when due), then each detail given.
pub fn list(store: &Store, search: &str, archived: bool) -> Result<(), Error> {
    let today = dates::local_today();
    let entries = directory::list(store.conn(), &DirectoryQuery { text: search.to_string(), include_archived: archived }, today)?;
    if entries.is_empty() {
        println!("{}", if search.trim().is_empty() { "The directory has no services yet." } else { "No services match." });
        return Ok(());
    }
    for e in &entries {
        let archived = if e.archived { " (archived)" } else { "" };
        let mark = if e.check_due { "CHECK DUE: " } else { "" };
        println!("#{}  {}{}  [{}{}]", e.id, e.name, archived, mark, e.check_words);
        for (label, value) in [("Offers", &e.offers), ("For", &e.for_whom), ("How to refer", &e.how_to_refer), ("Contact", &e.contact), ("Area", &e.area)] {
            if !value.is_empty() {
                println!("    {label}: {}", value.replace('\n', " / "));
            }
        }
    }
    let due = entries.iter().filter(|e| e.check_due && !e.archived).count();
    println!("{}; {} not checked for a year or more.", mdt::words::count(entries.len(), "service", "services"), due);
    Ok(())
}

pub fn run(store: &mut Store, command: DirectoryCommand) -> Result<(), Error> {
    let today = dates::local_today();
    match command {
        DirectoryCommand::Export { output } => {
            let report = directory_csv::export(store.conn(), today, &output)?;
            let n = directory::list(store.conn(), &DirectoryQuery::default(), today)?.len();
            println!("Wrote {} to {}.", mdt::words::count(n, "service", "services"), report.path);
        }
        DirectoryCommand::Import { file } => import(store, &file, today)?,
    }
    Ok(())
}

fn import(store: &mut Store, file: &Path, today: chrono::NaiveDate) -> Result<(), Error> {
    let r = directory_csv::import(store, &read_text(file)?, today)?;
    println!("Imported {}: {} added, {} updated, {} already the same.", file.display(), r.added, r.updated, r.unchanged);
    Ok(())
}
