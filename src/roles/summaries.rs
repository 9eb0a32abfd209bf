//! Role-at-a-glance summaries: a role's profile (the team's copy) together with what this team
//! knows about the role now: who holds it and how to reach them, and what the team's own records
//! show (cases led and open actions). Also the side-by-side comparison of two roles that the
//! teach-in handout prints.

use std::collections::BTreeSet;

use chrono::{Months, NaiveDate};
use rusqlite::{Connection, params};
use serde::Serialize;
use ts_rs::TS;

use crate::audit::AuditAction;
use crate::members::{self, TeamMember};
use crate::roles::profiles::{self, RoleProfile};
use crate::{Error, Result, dates, roles};

/// The pair a comparison (and a teach-in) starts with: the guidance's two roles.
pub const DEFAULT_PAIR: [&str; 2] = ["ot", "splw"];

/// How far back "the last quarter" reaches.
const QUARTER: Months = Months::new(3);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RoleSummary {
    /// The team's copy of the profile (the shipped one until the team edits it).
    pub profile: RoleProfile,
    pub customised: bool,
    /// The team's latest change to the profile, if any.
    pub last_change: Option<ProfileChange>,
    /// Team members who hold the role, core members first, then by name, with what the records
    /// show for each.
    pub holders: Vec<RoleHolder>,
    pub record: TeamRecord,
}

/// Who last changed a role's profile, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileChange {
    /// UTC, RFC 3339.
    pub at: String,
    pub actor: String,
    /// True when the change put the shipped profile back.
    pub reset: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RoleHolder {
    pub member: TeamMember,
    /// People this member led on (an aspect of care, or the decision) at meetings in the period:
    /// the same period and the same count as [`TeamRecord::cases_led`], for one member.
    pub cases_led: i64,
    pub open_actions: i64,
}

/// What the team's records show for a role over the last quarter. Every number of people comes
/// from one list of who led on whom, so the holders' numbers and the role's agree: each person
/// the role led on is under every holder who led on them, or else in `cases_led_unnamed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamRecord {
    /// First and last day counted (`YYYY-MM-DD`).
    pub since: String,
    pub until: String,
    /// People discussed at meetings in the period whose care the role led on some aspect (by a
    /// named member or by role) or whose decision a member in the role owned; each counted once.
    pub cases_led: i64,
    /// Of those, the people no holder is recorded as leading on: the lead was given to the role
    /// with nobody named.
    pub cases_led_unnamed: i64,
    /// How many more the holders' numbers and `cases_led_unnamed` add up to than `cases_led`:
    /// a person two holders led on is under both. Zero when nobody was led on by two.
    pub cases_led_by_several: i64,
    /// Agreed actions owned by members in the role and still open (whenever agreed); the sum of
    /// the holders' open actions.
    pub open_actions: i64,
    pub overdue_actions: i64,
}

/// Two roles side by side: where they differ, row by row, and what they share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RoleComparison {
    pub left: RoleSummary,
    pub right: RoleSummary,
    pub rows: Vec<ComparisonRow>,
    /// Approaches both profiles list.
    pub shared: Vec<String>,
    /// Approaches only the left (right) profile lists as shared with others.
    pub left_also: Vec<String>,
    pub right_also: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ComparisonRow {
    pub aspect: Aspect,
    /// What the row is called on screen and on paper.
    pub label: String,
    /// One entry for a single text, one per item for a list.
    pub left: Vec<String>,
    pub right: Vec<String>,
}

crate::text_enum!(
    /// A row of the comparison. The handout prints the ones that tell two roles apart fastest.
    Aspect {
        Summary => "summary",
        Regulation => "regulation",
        Accountability => "accountability",
        Focus => "focus",
        Approach => "approach",
        Interventions => "interventions",
        Risk => "risk",
        Boundaries => "boundaries",
        Settings => "settings",
        ReferWhen => "refer_when",
        HowToRefer => "how_to_refer",
        Escalation => "escalation",
    }
);

impl Aspect {
    pub fn label(self) -> &'static str {
        match self {
            Aspect::Summary => "In a line",
            Aspect::Regulation => "Registration",
            Aspect::Accountability => "Accountable to",
            Aspect::Focus => "Core focus",
            Aspect::Approach => "How they work",
            Aspect::Interventions => "Typical work",
            Aspect::Risk => "Risk they hold",
            Aspect::Boundaries => "They do not",
            Aspect::Settings => "Where they work",
            Aspect::ReferWhen => "Refer when",
            Aspect::HowToRefer => "How to refer",
            Aspect::Escalation => "What they escalate",
        }
    }

    /// The aspect's text in one profile, one entry per list item.
    pub fn of(self, summary: &RoleSummary) -> Vec<String> {
        let p = &summary.profile;
        let one = |s: &str| vec![s.to_string()];
        match self {
            Aspect::Summary => one(&p.summary),
            Aspect::Regulation => one(&p.regulation),
            Aspect::Accountability => one(&p.accountability),
            Aspect::Focus => one(&p.focus),
            Aspect::Approach => one(&p.approach),
            Aspect::Interventions => p.interventions.clone(),
            Aspect::Risk => one(&p.risk),
            Aspect::Boundaries => p.boundaries.clone(),
            Aspect::Settings => p.settings.clone(),
            Aspect::ReferWhen => p.referral.when.clone(),
            Aspect::HowToRefer => how_to_refer(summary),
            Aspect::Escalation => p.escalation.iter().map(|e| format!("{}: {}", e.concern, e.route)).collect(),
        }
    }
}

/// The general route, then the team's own details and who in the team holds the role.
pub fn how_to_refer(summary: &RoleSummary) -> Vec<String> {
    let p = &summary.profile;
    let mut lines = vec![p.referral.route.clone()];
    for (label, text) in [
        ("Local contact", &p.local.contact),
        ("Local criteria", &p.local.criteria),
        ("Usual wait", &p.local.waiting),
    ] {
        if !text.is_empty() {
            lines.push(format!("{label}: {text}"));
        }
    }
    if !summary.holders.is_empty() {
        let names = summary.holders.iter().map(|h| contact_line(&h.member)).collect::<Vec<_>>();
        lines.push(format!("In this team: {}", names.join("; ")));
    }
    lines
}

/// "Name (organisation, email, phone)", leaving out what the roster does not have.
pub fn contact_line(m: &TeamMember) -> String {
    let details: Vec<&str> =
        [m.organisation.as_str(), m.email.as_str(), m.phone.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
    if details.is_empty() { m.name.clone() } else { format!("{} ({})", m.name, details.join(", ")) }
}

/// The summary of one role as of `today`.
pub fn summary(conn: &Connection, key: &str, today: NaiveDate) -> Result<RoleSummary> {
    let in_use = profiles::get(conn, key)?;
    let since = today.checked_sub_months(QUARTER).unwrap_or(today);
    let (since, until) = (since.format(dates::DATE_FORMAT).to_string(), today.format(dates::DATE_FORMAT).to_string());
    let led = led_on(conn, key, &since, &until)?;
    let mut holders = members::list(conn)?
        .into_iter()
        // Who holds the role in the team now: not anyone who has left.
        .filter(|m| m.role_key == key && m.in_team_on(today))
        .map(|member| {
            let cases_led = led.iter().filter(|(_, who)| *who == Some(member.id)).count() as i64;
            let (open, _) = open_actions(conn, "x.owner_id = ?2", member.id, &until)?;
            Ok(RoleHolder { member, cases_led, open_actions: open })
        })
        .collect::<Result<Vec<_>>>()?;
    // Core members first: a sheet too full for everyone names them.
    holders.sort_by_key(|h| !h.member.core_member);
    let people: BTreeSet<i64> = led.iter().map(|(case, _)| *case).collect();
    let named: BTreeSet<i64> = led
        .iter()
        .filter(|(_, who)| who.is_some_and(|id| holders.iter().any(|h| h.member.id == id)))
        .map(|(case, _)| *case)
        .collect();
    let cases_led = people.len() as i64;
    let cases_led_unnamed = people.difference(&named).count() as i64;
    let cases_led_by_several = holders.iter().map(|h| h.cases_led).sum::<i64>() - named.len() as i64;
    let (open_actions, overdue_actions) =
        open_actions(conn, "(SELECT role_key FROM team_members WHERE id = x.owner_id) = ?2", key, &until)?;
    Ok(RoleSummary {
        last_change: last_change(conn, key)?,
        profile: in_use.profile,
        customised: in_use.customised,
        holders,
        record: TeamRecord { since, until, cases_led, cases_led_unnamed, cases_led_by_several, open_actions, overdue_actions },
    })
}

/// A summary for every role that has a profile, in the roster's role order.
pub fn all(conn: &Connection, today: NaiveDate) -> Result<Vec<RoleSummary>> {
    profiles::defaults()?.iter().map(|p| summary(conn, &p.key, today)).collect()
}

/// Who in role `key` led on whom at case discussions of meetings from `since` to `until`: each
/// (case, member) once, the member `None` where the lead was given to the role with nobody named.
/// A lead counts for the role its member holds now (or the role it names), a decision for the
/// role of the member who owns it.
fn led_on(conn: &Connection, key: &str, since: &str, until: &str) -> Result<BTreeSet<(i64, Option<i64>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.case_id, l.member_id FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
           JOIN discussion_leads l ON l.agenda_item_id = a.id
         WHERE a.kind = 'case' AND substr(m.starts_at, 1, 10) BETWEEN ?1 AND ?2
           AND coalesce((SELECT role_key FROM team_members WHERE id = l.member_id), l.role_key) = ?3
         UNION
         SELECT a.case_id, d.decision_owner_id FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
           JOIN case_discussions d ON d.agenda_item_id = a.id
         WHERE a.kind = 'case' AND substr(m.starts_at, 1, 10) BETWEEN ?1 AND ?2
           AND (SELECT role_key FROM team_members WHERE id = d.decision_owner_id) = ?3",
    )?;
    let rows = stmt.query_map(params![since, until, key], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Open actions whose owner matches `owner` (using ?2), and how many of them are past due on ?1.
fn open_actions(conn: &Connection, owner: &str, who: impl rusqlite::ToSql, today: &str) -> Result<(i64, i64)> {
    let sql = format!(
        "SELECT count(*), coalesce(sum(x.due_date IS NOT NULL AND x.due_date < ?1), 0)
         FROM agreed_actions x WHERE x.status = 'open' AND {owner}"
    );
    Ok(conn.prepare_cached(&sql)?.query_row(params![today, who], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

fn last_change(conn: &Connection, key: &str) -> Result<Option<ProfileChange>> {
    Ok(profiles::history(conn, key)?.into_iter().next().map(|e| ProfileChange {
        reset: e.action == AuditAction::Delete,
        at: e.at,
        actor: e.actor,
    }))
}

/// Two roles side by side, as of `today`. The keys must differ.
pub fn compare(conn: &Connection, left: &str, right: &str, today: NaiveDate) -> Result<RoleComparison> {
    if left == right {
        return Err(Error::invalid("right", "Choose two different roles to compare."));
    }
    for key in [left, right] {
        if roles::find(conn, key)?.is_none() {
            return Err(Error::invalid("roles", format!("'{key}' is not a known role. See the list of roles.")));
        }
    }
    let (left, right) = (summary(conn, left, today)?, summary(conn, right, today)?);
    let rows = Aspect::ALL
        .iter()
        .map(|&aspect| ComparisonRow {
            aspect,
            label: aspect.label().to_string(),
            left: aspect.of(&left),
            right: aspect.of(&right),
        })
        .collect();
    let (shared, left_also, right_also) = split_shared(&left.profile.shared, &right.profile.shared);
    Ok(RoleComparison { left, right, rows, shared, left_also, right_also })
}

/// The approaches in both lists (in the left list's order and words), and those only in one.
pub(crate) fn split_shared(left: &[String], right: &[String]) -> (Vec<String>, Vec<String>, Vec<String>) {
    let norm = |s: &str| s.trim().trim_end_matches('.').to_lowercase();
    let in_list = |list: &[String], item: &str| list.iter().any(|x| norm(x) == norm(item));
    let shared = left.iter().filter(|s| in_list(right, s)).cloned().collect();
    let left_only = left.iter().filter(|s| !in_list(right, s)).cloned().collect();
    let right_only = right.iter().filter(|s| !in_list(left, s)).cloned().collect();
    (shared, left_only, right_only)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_approaches_match_whatever_the_case_and_full_stop() {
        let left = ["Agreeing goals".to_string(), "Joint visits with an SPLW".into(), "Care planning.".into()];
        let right = ["care planning".to_string(), "agreeing goals".into(), "Joint visits with an OT".into()];
        let (shared, l, r) = split_shared(&left, &right);
        assert_eq!(shared, ["Agreeing goals", "Care planning."]);
        assert_eq!(l, ["Joint visits with an SPLW"]);
        assert_eq!(r, ["Joint visits with an OT"]);
    }
}
