//! Alert burden: how many flags the chair sees per discussed case, across a whole database.
//! Every flag asks the chair for something; a routine case should ask for nothing.

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::{FlagCode, meeting_review};
use crate::Result;
use crate::agenda::Outcome;
use crate::discussions::{DiscussionRecord, EscalationTrigger, Need};

/// Flags on the cases discussed, over every meeting in a database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlertBurden {
    pub meetings: usize,
    /// Cases with outcome "discussed".
    pub cases: usize,
    pub flags: usize,
    /// Cases with no flag at all.
    pub quiet_cases: usize,
    pub by_code: BTreeMap<&'static str, usize>,
    /// Escalation prompts raised, by trigger, whatever their status.
    pub prompts: BTreeMap<&'static str, usize>,
    /// Routine cases: no risk, safeguarding, mental health or frequent-attendance need tagged, no
    /// escalation recorded and no step-down or step-up. Judged on what the team recorded, not on
    /// what the rules raised, so a rule that fires on them shows here.
    pub routine_cases: usize,
    pub routine_flags: usize,
    pub routine_quiet: usize,
    pub routine_by_code: BTreeMap<&'static str, usize>,
}

impl AlertBurden {
    pub fn per_case(&self) -> f64 {
        if self.cases == 0 { 0.0 } else { self.flags as f64 / self.cases as f64 }
    }

    /// A short report: totals, then each flag code by how often it was raised.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{} meetings, {} discussed cases, {} flags: {:.2} a case; {} cases ({:.1}%) with no flag\n",
            self.meetings,
            self.cases,
            self.flags,
            self.per_case(),
            self.quiet_cases,
            if self.cases == 0 { 0.0 } else { 100.0 * self.quiet_cases as f64 / self.cases as f64 }
        );
        let mut codes: Vec<_> = self.by_code.iter().collect();
        codes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (code, n) in codes {
            out.push_str(&format!("  {code:<32} {n:>7}  {:.3} a case\n", *n as f64 / self.cases.max(1) as f64));
        }
        out.push_str(&format!(
            "routine cases: {}, {} flags: {:.2} a case; {} with no flag\n",
            self.routine_cases,
            self.routine_flags,
            self.routine_flags as f64 / self.routine_cases.max(1) as f64,
            self.routine_quiet
        ));
        let mut routine: Vec<_> = self.routine_by_code.iter().collect();
        routine.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (code, n) in routine {
            out.push_str(&format!("  {code:<32} {n:>7}\n"));
        }
        out.push_str("escalation prompts raised:\n");
        for (trigger, n) in &self.prompts {
            out.push_str(&format!("  {trigger:<32} {n:>7}\n"));
        }
        out
    }
}

/// Needs that make a case more than routine.
const NOT_ROUTINE: &[Need] =
    &[Need::ClinicalRisk, Need::EnvironmentalRisk, Need::Safeguarding, Need::MentalHealth, Need::FrequentAttendance];

fn is_routine(record: &DiscussionRecord) -> bool {
    !record.needs.iter().any(|n| NOT_ROUTINE.contains(n)) && record.escalations.is_empty() && record.transitions.is_empty()
}

/// The saved record of every case discussed at a meeting, by agenda item.
fn discussed_records(conn: &Connection, meeting_id: i64) -> Result<Vec<(i64, DiscussionRecord)>> {
    let items: Vec<i64> = conn
        .prepare_cached("SELECT id FROM agenda_items WHERE meeting_id = ?1 AND kind = 'case' AND outcome = 'discussed'")?
        .query_map([meeting_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for item in items {
        if let Some(record) = crate::discussions::get(conn, item)? {
            out.push((item, record));
        }
    }
    Ok(out)
}

/// The alert burden over every meeting in the database.
pub fn alert_burden(conn: &Connection) -> Result<AlertBurden> {
    let ids: Vec<i64> = conn.prepare("SELECT id FROM meetings ORDER BY starts_at, id")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let mut burden = AlertBurden { meetings: ids.len(), ..Default::default() };
    for id in ids {
        let review = meeting_review(conn, id)?;
        let records = discussed_records(conn, id)?;
        for case in review.cases.into_iter().filter(|c| c.outcome == Outcome::Discussed) {
            let routine = records.iter().find(|(item, _)| *item == case.agenda_item_id).is_some_and(|(_, r)| is_routine(r));
            if routine {
                burden.routine_cases += 1;
                burden.routine_flags += case.flags.len();
                burden.routine_quiet += usize::from(case.flags.is_empty());
                for flag in &case.flags {
                    *burden.routine_by_code.entry(FlagCode::as_str(flag.code)).or_default() += 1;
                }
            }
            burden.cases += 1;
            burden.flags += case.flags.len();
            burden.quiet_cases += usize::from(case.flags.is_empty());
            for flag in &case.flags {
                *burden.by_code.entry(FlagCode::as_str(flag.code)).or_default() += 1;
            }
            for prompt in &case.escalations {
                *burden.prompts.entry(EscalationTrigger::as_str(prompt.trigger)).or_default() += 1;
            }
        }
    }
    Ok(burden)
}
