//! The database as a whole: `mdt check`, `backup`, `restore`, and filling it with fictional
//! data (`demo`, `generate`).

use std::path::Path;
use std::process::ExitCode;

use mdt::sample::{demo, generate};
use mdt::{Error, Store, dates};

use crate::output::progress_bar;

pub fn check(store: &Store) -> Result<ExitCode, Error> {
    let report = store.check()?;
    let path = store.path().map(|p| p.display().to_string()).unwrap_or_default();
    println!("Database:        {path}");
    println!("Integrity:       {}", report.integrity.join("; "));
    println!("Foreign keys:    {} problem(s)", report.foreign_key_problems);
    println!("Schema version:  {} (this version supports {})", report.schema_version, report.supported_version);
    if report.is_ok() {
        println!("Result:          OK");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("Result:          PROBLEM: keep a copy of the file and restore from a backup");
        Ok(ExitCode::from(1))
    }
}

pub fn backup(store: &Store, file: &Path) -> Result<(), Error> {
    let bar = progress_bar(0, "Copying");
    mdt::backup::copy_to_with_progress(store.conn(), file, &mut |step| match step {
        mdt::backup::Step::Copied { pages, total } => {
            bar.set_length(total);
            bar.set_position(pages);
        }
        mdt::backup::Step::Checking => bar.set_message("Checking the copy"),
    })?;
    bar.finish_and_clear();
    println!("Backed up to {}.", file.display());
    Ok(())
}

pub fn restore(store: &mut Store, file: &Path) -> Result<(), Error> {
    let safety = mdt::backup::restore(store, file)?;
    println!("Restored from {}. The database as it was is kept at {}.", file.display(), safety.display());
    Ok(())
}

pub fn demo(store: &mut Store, force: bool) -> Result<(), Error> {
    let r = demo::load(store, chrono::Local::now().date_naive(), force)?;
    println!(
        "Loaded the demo team \"{}\": {} members, {} meetings, {} cases, {} agreed actions. All of it is fictional.",
        r.series, r.members, r.meetings, r.cases, r.actions
    );
    Ok(())
}

pub fn generate(store: &mut Store, years: u32, seed: u64, end: Option<String>, force: bool) -> Result<(), Error> {
    let end = match end {
        Some(text) => dates::parse_date("end", &text)?,
        None => dates::local_today(),
    };
    let options = generate::GenerateOptions { years, seed, end, force };
    let bar = progress_bar(0, "Meetings");
    let report = generate::generate(store, &options, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    println!(
        "Generated the fictional team \"{}\": {} members, {} meetings (weekly from {} to {}, the last in progress, \
         and the next one planned), {} cases, {} case discussions, {} agreed actions ({} open, {} of them overdue).",
        generate::SERIES,
        report.members,
        report.meetings,
        report.first_meeting,
        report.last_meeting,
        report.cases,
        report.discussions,
        report.actions,
        report.open_actions,
        report.overdue_actions
    );
    Ok(())
}
