//! Saving an exported PDF: where the user chooses in a save dialog or, when the app was started
//! with `--export-dir DIR` (the end-to-end tests), straight into that folder without asking.

use std::path::PathBuf;

use mdt::{Error, ErrorPayload};
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

/// The folder given with `--export-dir`, if any.
pub struct ExportDir(pub Option<PathBuf>);

/// Asks where to save `bytes` (suggesting `file_name`) and writes the file there, whole or not at
/// all. Returns the path written, or `None` when the user cancels. The dialog blocks until it is
/// answered, so it runs on a blocking thread, never the UI thread.
pub async fn save_pdf(
    app: AppHandle,
    dir: Option<PathBuf>,
    file_name: String,
    bytes: Vec<u8>,
) -> Result<Option<String>, ErrorPayload> {
    let saved = tauri::async_runtime::spawn_blocking(move || -> mdt::Result<Option<String>> {
        let mut path = match dir {
            Some(dir) => dir.join(&file_name),
            None => {
                let chosen = app
                    .dialog()
                    .file()
                    .set_title("Save the PDF")
                    .set_file_name(&file_name)
                    .add_filter("PDF document", &["pdf"])
                    .blocking_save_file();
                match chosen {
                    Some(chosen) => chosen
                        .into_path()
                        .map_err(|e| Error::Internal(format!("the place chosen to save the PDF: {e}")))?,
                    None => return Ok(None),
                }
            }
        };
        if path.extension().is_none() {
            path.set_extension("pdf");
        }
        mdt::files::write_atomically(&path, &bytes)?;
        tracing::info!(path = %path.display(), "PDF saved");
        Ok(Some(path.display().to_string()))
    })
    .await
    .map_err(|e| ErrorPayload::from(Error::Internal(e.to_string())))?;
    saved.map_err(ErrorPayload::from)
}
