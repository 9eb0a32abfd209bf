//! The team's own escalation contacts and the threshold for "many professionals involved",
//! kept in the `settings` table and shown in the guidance prompts.

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;

use crate::audit::{self, AuditAction, AuditEntity, Change};
use crate::{Error, Result, Store};

const CONTACT_MAX: usize = 300;
const THRESHOLD_DEFAULT: i64 = 5;
const THRESHOLD_RANGE: std::ops::RangeInclusive<i64> = 2..=50;

/// Escalation routes and contacts as the team writes them, e.g. "Sam Safe, 01632 960123".
/// Empty means not saved yet; the prompts then say where to add it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GuidanceSettings {
    pub safeguarding_lead: String,
    /// The GP or duty doctor, for a change in health or an urgent concern.
    pub gp: String,
    pub duty_team: String,
    pub mental_health_services: String,
    pub hiu_lead: String,
    /// Warn when this many professionals (or more) are already involved with a person. The team's
    /// own setting: the guidance gives no number.
    pub professionals_threshold: i64,
}

impl Default for GuidanceSettings {
    fn default() -> Self {
        GuidanceSettings {
            safeguarding_lead: String::new(),
            gp: String::new(),
            duty_team: String::new(),
            mental_health_services: String::new(),
            hiu_lead: String::new(),
            professionals_threshold: THRESHOLD_DEFAULT,
        }
    }
}

const SAFEGUARDING: &str = "guidance.safeguarding_lead";
const GP: &str = "guidance.gp";
const DUTY: &str = "guidance.duty_team";
const MENTAL_HEALTH: &str = "guidance.mental_health_services";
const HIU: &str = "guidance.hiu_lead";
const THRESHOLD: &str = "guidance.professionals_threshold";

impl GuidanceSettings {
    fn validated(&self) -> Result<GuidanceSettings> {
        let mut s = self.clone();
        for (field, value) in [
            ("safeguardingLead", &mut s.safeguarding_lead),
            ("gp", &mut s.gp),
            ("dutyTeam", &mut s.duty_team),
            ("mentalHealthServices", &mut s.mental_health_services),
            ("hiuLead", &mut s.hiu_lead),
        ] {
            *value = value.trim().to_string();
            if value.chars().count() > CONTACT_MAX {
                return Err(Error::invalid(field, format!("Keep each contact under {CONTACT_MAX} characters.")));
            }
        }
        if !THRESHOLD_RANGE.contains(&s.professionals_threshold) {
            return Err(Error::invalid(
                "professionalsThreshold",
                format!(
                    "Choose a number from {} to {}: the team is warned when this many professionals are involved (the team's own number; the guidance sets none).",
                    THRESHOLD_RANGE.start(),
                    THRESHOLD_RANGE.end()
                ),
            ));
        }
        Ok(s)
    }

    fn pairs(&self) -> [(&'static str, String); 6] {
        [
            (SAFEGUARDING, self.safeguarding_lead.clone()),
            (GP, self.gp.clone()),
            (DUTY, self.duty_team.clone()),
            (MENTAL_HEALTH, self.mental_health_services.clone()),
            (HIU, self.hiu_lead.clone()),
            (THRESHOLD, self.professionals_threshold.to_string()),
        ]
    }
}

/// The team's settings; defaults for anything never saved.
pub fn load_settings(conn: &Connection) -> Result<GuidanceSettings> {
    let mut s = GuidanceSettings::default();
    let mut stmt = conn.prepare_cached("SELECT key, value FROM settings WHERE key LIKE 'guidance.%'")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (key, value) = row?;
        match key.as_str() {
            SAFEGUARDING => s.safeguarding_lead = value,
            GP => s.gp = value,
            DUTY => s.duty_team = value,
            MENTAL_HEALTH => s.mental_health_services = value,
            HIU => s.hiu_lead = value,
            THRESHOLD => s.professionals_threshold = value.parse().unwrap_or(THRESHOLD_DEFAULT),
            _ => {}
        }
    }
    Ok(s)
}

/// Saves all the settings in one transaction, audited with the old and new values.
#[instrument(skip(store), err)]
pub fn save_settings(store: &mut Store, settings: &GuidanceSettings) -> Result<GuidanceSettings> {
    let settings = settings.validated()?;
    store.write(|tx, actor| {
        let before = load_settings(tx)?;
        for (key, value) in settings.pairs() {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?;
        }
        audit::record(
            tx,
            actor,
            Change { entity: AuditEntity::GuidanceSettings, entity_id: 0, action: AuditAction::Update, before: Some(&before), after: Some(&settings) },
        )?;
        Ok(settings.clone())
    })
}
