//! What every command writes with: files written whole or not at all, PDFs with a note of the
//! characters the font cannot print, progress bars only on a terminal, and text files read with
//! a message a person can act on.

use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use mdt::Error;
use mdt::reports::{ExportReport, Rendered};
use mdt::words::count;

pub fn write_pdf(path: &Path, pdf: &Rendered) -> Result<(), Error> {
    mdt::files::write_atomically(path, &pdf.pdf)?;
    println!("Wrote {} ({}).", path.display(), count(pdf.pages, "page", "pages"));
    if !pdf.missing_chars.is_empty() {
        let chars: String = pdf.missing_chars.iter().collect();
        eprintln!("mdt: note: the font has no letters for {chars}; they print as a question mark in a box.");
    }
    Ok(())
}

pub fn print_pages(report: &ExportReport) {
    println!("{}.", count(report.pages, "page", "pages"));
    if !report.missing_chars.is_empty() {
        println!(
            "Some characters are not in the report font and print as \u{FFFD}: {}. Check the names and notes that use them.",
            report.missing_chars.join(" ")
        );
    }
}

/// A progress bar on standard error when it is a terminal; nothing at all when it is piped or
/// redirected, so scripts and logs get only the final line.
pub fn progress_bar(len: u64, message: &'static str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} {eta} left")
        .expect("the template is valid")
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(message);
    bar
}

/// Reads a whole text file; a file in another encoding gets a message saying how to re-save it.
pub fn read_text(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::InvalidData => Error::invalid(
            "file",
            format!(
                "The file {} is not UTF-8 text. Save it again as UTF-8 (in a spreadsheet, choose \"CSV UTF-8\") and try again.",
                path.display()
            ),
        ),
        _ => Error::Io { path: path.to_path_buf(), source },
    })
}

/// Writes through a temporary file beside `path` (see [`mdt::files::write_atomically`]).
pub fn write_file(path: &Path, contents: &str) -> Result<(), Error> {
    mdt::files::write_atomically(path, contents.as_bytes())
}
