//! Printable reports, and a meeting's calendar invitation ([`invitation`], iCalendar rather than
//! PDF). The minutes, agenda packs, action lists, role summaries and handouts each describe what
//! they print as a [`Document`] of blocks (headings, paragraphs, key-value blocks, tables);
//! [`render`] lays it out on A4 pages and returns the PDF. One layout serves every report, so they
//! share one look: Noto Sans embedded in the binary, a running header, "Page n of N", and the
//! protective marking at the top and bottom of every page.

pub mod action_list;
pub mod agenda_pack;
mod chart;
mod document;
mod export;
mod fonts;
pub mod invitation;
mod layout;
pub mod minutes;
pub mod quarterly;
pub mod referral_letter;
mod pdf;
pub mod role_summary;
mod shaping;
pub mod teach_in;
mod text;
mod words;

pub use document::{Block, Cell, Column, DEFAULT_MARKING, Document, Level, Orientation, Row, Table, Width, chart_table};
pub use export::ExportReport;
pub use pdf::{Rendered, render};

/// FNV-1a over `parts`: a fingerprint that is the same on every machine and Rust version, for
/// the names and ids written into a PDF (so the same report gives the same bytes).
fn fingerprint<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> u64 {
    parts
        .into_iter()
        .flatten()
        .fold(0xcbf2_9ce4_8422_2325, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}
