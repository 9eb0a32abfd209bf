//! Chart data as the core hands it out: what a chart shows, never how it is drawn. The desktop
//! draws these with its charting library and the quarterly report draws them as vector graphics in
//! the PDF, so both show the same figures, and both offer the same words (`summary`) and the same
//! table (categories down, series across) to someone who cannot see the drawing.

use serde::Serialize;
use ts_rs::TS;

/// How a chart is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ChartKind {
    /// Upright bars, one group per category, one bar per series.
    Bar,
    /// Horizontal bars (long category names such as members' names), one bar per series.
    HorizontalBar,
    /// A line per series across the categories in order (time).
    Line,
}

/// One series: a value per category, in the categories' order.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChartSeries {
    pub name: String,
    pub values: Vec<f64>,
}

/// One chart's data, its title and its text alternative.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Chart {
    /// Stable, for tests and anchors: `cases-discussed`, `time`, `actions`, `leads-by-role`,
    /// `member-load`, `outcomes`.
    pub id: String,
    pub title: String,
    pub kind: ChartKind,
    /// What one unit on the value axis is, in words: "cases", "minutes", "actions", "points".
    pub unit: String,
    /// The labels along the category axis, in order.
    pub categories: Vec<String>,
    pub series: Vec<ChartSeries>,
    /// The chart in words, written for a screen reader and for anyone who prefers it: what it
    /// shows and what stands out (the highest, the latest, the trend). Never empty.
    pub summary: String,
}
