//! Full-text search across case reasons, discussions and actions (SQLite FTS5). Results show
//! the pseudonymous reference only.

use rusqlite::{Connection, params};
use serde::Serialize;
use ts_rs::TS;

use crate::{Result, text_enum};

const LIMIT: i64 = 50;
/// Marks the matched words inside a snippet; the UI turns them into emphasis (never HTML).
pub const MARK_START: char = '\u{2}';
pub const MARK_END: char = '\u{3}';

text_enum!(HitKind {
    CaseReason => "case_reason",
    Discussion => "discussion",
    Action => "action",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    pub kind: HitKind,
    pub reference: String,
    /// Text around the match; matched words sit between \u0002 and \u0003.
    pub snippet: String,
    pub meeting_id: i64,
    pub meeting_title: String,
    pub meeting_starts_at: String,
    /// The agenda item (for case reasons and discussions) or the action id.
    pub target_id: i64,
    /// The case's line on the meeting's agenda, to open the meeting at: the item itself for
    /// reasons and discussions, the item an action was agreed under for actions (none for an
    /// action not agreed under an item).
    pub agenda_item_id: Option<i64>,
}

/// Turns what a person typed into an FTS5 query: every word must appear, each as a prefix,
/// with FTS syntax characters treated as plain text.
pub fn to_fts_query(typed: &str) -> Option<String> {
    let terms: Vec<String> = typed
        .split_whitespace()
        .map(|w| w.replace('"', "\"\""))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

pub fn search(conn: &Connection, typed: &str) -> Result<Vec<SearchHit>> {
    let Some(query) = to_fts_query(typed) else { return Ok(Vec::new()) };
    let mut stmt = conn.prepare_cached(&format!(
        "WITH hits AS (
             SELECT rowid, reference, snippet(search_index, 1, '{MARK_START}', '{MARK_END}', '…', 16) AS snippet, rank
             FROM search_index WHERE search_index MATCH ?1 ORDER BY rank LIMIT ?2)
         SELECT h.rowid % 4, h.reference, h.snippet, m.id, m.title, m.starts_at, h.rowid / 4, coalesce(a.id, x.agenda_item_id)
         FROM hits h
         LEFT JOIN agenda_items a ON h.rowid % 4 IN (0, 1) AND a.id = h.rowid / 4
         LEFT JOIN agreed_actions x ON h.rowid % 4 = 2 AND x.id = h.rowid / 4
         JOIN meetings m ON m.id = coalesce(a.meeting_id, x.meeting_id)
         ORDER BY h.rank"
    ))?;
    let rows = stmt.query_map(params![query, LIMIT], |r| {
        Ok(SearchHit {
            kind: match r.get::<_, i64>(0)? {
                0 => HitKind::CaseReason,
                1 => HitKind::Discussion,
                _ => HitKind::Action,
            },
            reference: r.get(1)?,
            snippet: r.get(2)?,
            meeting_id: r.get(3)?,
            meeting_title: r.get(4)?,
            meeting_starts_at: r.get(5)?,
            target_id: r.get(6)?,
            agenda_item_id: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_becomes_a_safe_prefix_query() {
        assert_eq!(to_fts_query("hoard evict").unwrap(), r#""hoard"* "evict"*"#);
        assert_eq!(to_fts_query(r#"say "hi" OR NEAR("#).unwrap(), r#""say"* """hi"""* "OR"* "NEAR("*"#);
        assert_eq!(to_fts_query("  * - "), None);
    }
}
