//! Writing a rendered report to the file the user named, whole or not at all, and saying what was
//! written: the pages, and the characters the font could not print. Every PDF the app exports
//! (minutes, action lists, role sheets, teach-in agendas and handouts) is written this way.

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use super::Rendered;
use crate::Result;
use crate::audit::{self, AuditAction, AuditEntity, Change};
use crate::files::write_atomically;

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

/// Writes `rendered` to `path` through [`write_atomically`] and says what was written.
pub(crate) fn write_report(path: &Path, rendered: &Rendered) -> Result<ExportReport> {
    write_atomically(path, &rendered.pdf)?;
    Ok(ExportReport::new(path, rendered))
}

/// What the audit log keeps about an export of a PDF holding personal information.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExportRecord {
    document: &'static str,
    include_identifiers: bool,
    file: String,
    pages: usize,
}

/// Writes `rendered` to `path` (atomically) and records the export in the audit log against
/// `entity` in the same step: if either fails, neither happens (a file written before the audit
/// entry failed to commit is removed). For minutes and referral letters, whose every export is
/// kept with whether full identifiers were in it.
pub(crate) fn write_audited(
    store: &mut crate::Store,
    (entity, entity_id): (AuditEntity, i64),
    document: &'static str,
    include_identifiers: bool,
    rendered: &Rendered,
    path: &Path,
) -> Result<ExportReport> {
    let record = ExportRecord { document, include_identifiers, file: path.display().to_string(), pages: rendered.pages };
    let mut written = false;
    let saved = store.write(|tx, actor| {
        audit::record(tx, actor, Change { entity, entity_id, action: AuditAction::Export, before: None, after: Some(&record) })?;
        write_atomically(path, &rendered.pdf)?;
        written = true;
        Ok(())
    });
    if saved.is_err() && written {
        // The audit entry did not commit, so the file must not stay either.
        let _ = std::fs::remove_file(path);
    }
    saved?;
    Ok(ExportReport::new(path, rendered))
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
}
