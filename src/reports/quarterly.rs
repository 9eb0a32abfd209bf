//! The quarterly MDT report for a PCN board: the dashboard's figures for a period, drawn as vector
//! charts with their words and tables.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::ExportReport;
use crate::Result;
use crate::dashboard::Period;

/// The quarterly report for `period`, as of `today`, written to `path`.
pub fn export(conn: &Connection, period: &Period, today: NaiveDate, path: &Path) -> Result<ExportReport> {
    let _ = (conn, period, today, path);
    unimplemented!("helper B builds this")
}
