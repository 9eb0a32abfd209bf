//! Writing a rendered report to the file the user named: whole or not at all.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use super::Rendered;
use crate::{Error, Result};

/// What an export wrote, for the message the user sees afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportReport {
    /// The file written.
    pub path: String,
    pub pages: u32,
    /// Characters the font has no glyph for, each once; they print as "�".
    pub missing_chars: Vec<String>,
}

impl ExportReport {
    pub(crate) fn new(path: &Path, rendered: &Rendered) -> ExportReport {
        ExportReport {
            path: path.display().to_string(),
            pages: u32::try_from(rendered.pages).unwrap_or(u32::MAX),
            missing_chars: rendered.missing_chars.iter().map(char::to_string).collect(),
        }
    }
}

/// Writes `bytes` to a temporary file in the same folder as `path`, flushes it to disk and
/// renames it into place, so a crash or a full disk never leaves half a file under the name
/// asked for, and an earlier file of that name stays whole until the new one is complete.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path.file_name().ok_or_else(|| {
        Error::invalid("path", format!("{} is a folder, not a file name. Choose a file to write.", path.display()))
    })?;
    let mut partial_name = std::ffi::OsString::from(".");
    partial_name.push(name);
    partial_name.push(format!(".{}.partial", std::process::id()));
    let partial: PathBuf = path.with_file_name(partial_name);
    let written = std::fs::File::create(&partial)
        .and_then(|mut file| file.write_all(bytes).and_then(|()| file.sync_all()))
        .and_then(|()| std::fs::rename(&partial, path));
    written.map_err(|source| {
        let _ = std::fs::remove_file(&partial);
        Error::Io { path: path.to_path_buf(), source }
    })
}

/// `text` as part of a file name: lower case letters and digits joined by single hyphens
/// ("Riverside Neighbourhood MDT (demo)" → "riverside-neighbourhood-mdt-demo").
pub(crate) fn slug(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut slug = words.join("-");
    if slug.chars().count() > 60 {
        slug = slug.chars().take(60).collect::<String>().trim_end_matches('-').to_string();
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(slug("Riverside Neighbourhood MDT (demo)"), "riverside-neighbourhood-mdt-demo");
        assert_eq!(slug("Siân's / MDT: 2"), "siân-s-mdt-2");
        assert_eq!(slug(" -- "), "");
        assert!(slug(&"word ".repeat(40)).chars().count() <= 60);
    }

    #[test]
    fn an_atomic_write_replaces_the_file_and_leaves_no_partial() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("minutes.pdf");
        std::fs::write(&path, b"old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
        let missing = dir.path().join("no-such-folder/minutes.pdf");
        assert_eq!(write_atomic(&missing, b"x").unwrap_err().code(), crate::ErrorCode::Io);
    }
}
