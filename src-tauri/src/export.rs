//! Saving exported files (PDFs, and a meeting's calendar invitation), the one way every export from
//! the window is saved: where the user chooses
//! in the platform's save dialog or, when the app was started with `--export-dir DIR` (the
//! end-to-end tests), straight into that folder under the suggested name. The core writes the file
//! (whole or not at all) and reports what it wrote. Every file written is remembered: "Open the
//! file" opens only those.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use mdt::reports::ExportReport;
use mdt::{Error, ErrorPayload};
use tauri::WebviewWindow;
use tauri_plugin_dialog::DialogExt;

type CommandResult<T> = Result<T, ErrorPayload>;

/// What kind of file an export writes: the save dialog offers it by name and extension, and a
/// name typed without an extension gets this one.
#[derive(Debug, Clone, Copy)]
pub struct FileKind {
    pub name: &'static str,
    pub extension: &'static str,
}

pub const PDF: FileKind = FileKind { name: "PDF document", extension: "pdf" };
pub const CALENDAR: FileKind = FileKind { name: "Calendar invitation (iCalendar)", extension: "ics" };
pub const CSV: FileKind = FileKind { name: "CSV file (for a spreadsheet)", extension: "csv" };

pub struct Exports {
    /// Set by `--export-dir` (or `MDT_EXPORT_DIR`) for the end-to-end tests: files are written
    /// there under their suggested names, with no save dialog.
    dir: Option<PathBuf>,
    written: Mutex<Vec<PathBuf>>,
}

impl Exports {
    pub fn new(dir: Option<PathBuf>) -> Exports {
        Exports { dir, written: Mutex::new(Vec::new()) }
    }

    /// Asks where to save a PDF, offering `name`, and unless the user cancels has `write` write it
    /// there (the core renders it, writes it whole and says how many pages and which characters the
    /// font cannot print). The file is remembered so that it may be opened. `None` when the user
    /// cancels.
    pub async fn save<W, F>(&self, window: WebviewWindow, name: String, title: &'static str, write: W) -> CommandResult<Option<ExportReport>>
    where
        W: FnOnce(PathBuf) -> F,
        F: Future<Output = CommandResult<ExportReport>>,
    {
        self.save_as(window, name, title, PDF, write).await
    }

    /// [`Exports::save`] for a file of another kind (e.g. a calendar invitation).
    pub async fn save_as<W, F>(&self, window: WebviewWindow, name: String, title: &'static str, kind: FileKind, write: W) -> CommandResult<Option<ExportReport>>
    where
        W: FnOnce(PathBuf) -> F,
        F: Future<Output = CommandResult<ExportReport>>,
    {
        let Some(path) = self.choose(window, name, title, kind).await? else { return Ok(None) };
        let report = write(path).await?;
        tracing::info!(path = %report.path, pages = report.pages, missing = report.missing_chars.len(), "export saved");
        self.remember(Path::new(&report.path));
        Ok(Some(report))
    }

    /// Asks where to save (the platform dialog, on a blocking thread so the window stays
    /// responsive); `None` if the user cancels. A name without an extension gets the kind's.
    async fn choose(&self, window: WebviewWindow, name: String, title: &'static str, kind: FileKind) -> CommandResult<Option<PathBuf>> {
        if let Some(dir) = &self.dir {
            return Ok(Some(dir.join(name)));
        }
        let picked = tauri::async_runtime::spawn_blocking(move || {
            window
                .dialog()
                .file()
                .set_parent(&window)
                .set_title(title)
                .set_file_name(name)
                .add_filter(kind.name, &[kind.extension])
                .blocking_save_file()
        })
        .await
        .map_err(|e| ErrorPayload::from(Error::Internal(e.to_string())))?;
        let path = picked.map(|p| p.into_path()).transpose().map_err(|e| {
            ErrorPayload::from(Error::invalid("path", format!("That place cannot be saved to ({e}). Choose a folder on this computer.")))
        })?;
        Ok(path.map(|p| if p.extension().is_none() { p.with_extension(kind.extension) } else { p }))
    }

    /// Notes a file this app wrote, so it may be opened.
    fn remember(&self, path: &Path) {
        self.written.lock().unwrap_or_else(PoisonError::into_inner).push(path.to_path_buf());
    }

    pub fn wrote(&self, path: &Path) -> bool {
        self.written.lock().unwrap_or_else(PoisonError::into_inner).iter().any(|p| p == path)
    }
}
