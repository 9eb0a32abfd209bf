//! Exporting a meeting as a bundle: members named by keys local to the bundle, never by
//! database id, and no full identifiers.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::actions::AgreedAction;
use crate::agenda::{AgendaItem, AgendaKind};
use crate::discussions::DiscussionRecord;
use crate::meetings;
use crate::members;
use crate::{Error, Result};

use super::{FORMAT, VERSION};
use super::format::{Bundle, BundleAction, BundleAmendment, BundleAttendance, BundleDiscussion, BundleItem, BundleLead, BundleMeeting, BundleMember, BundleProfessional};

/// The meeting as a bundle. Reads only; identifiers stay in the database.
pub fn export(conn: &Connection, meeting_id: i64) -> Result<Bundle> {
    let detail = meetings::load(conn, meeting_id)?;
    let m = &detail.meeting;
    if m.cancellation.is_some() {
        return Err(Error::Conflict("This meeting is cancelled, so there is nothing to share: a bundle carries a meeting's plan or record.".into()));
    }
    let mut keys = MemberKeys::default();
    let meeting = BundleMeeting {
        series_name: m.series_name.clone(),
        title: m.title.clone(),
        starts_at: m.starts_at.clone(),
        planned_minutes: m.planned_minutes,
        location: m.location.clone(),
        video_link: m.video_link.clone(),
        chair: keys.of_optional(conn, m.chair_id)?,
        minute_taker: keys.of_optional(conn, m.minute_taker_id)?,
        status: m.status,
        finalised_at: m.finalised_at.clone(),
        attendance: detail
            .attendance
            .iter()
            .map(|a| {
                Ok(BundleAttendance {
                    member: keys.of(conn, a.member_id)?,
                    expected: a.expected,
                    status: a.status,
                    arrived_at: a.arrived_at.clone(),
                    left_at: a.left_at.clone(),
                })
            })
            .collect::<Result<_>>()?,
        agenda: detail.agenda.iter().map(|item| export_item(conn, &mut keys, item)).collect::<Result<_>>()?,
        amendments: detail
            .amendments
            .iter()
            .map(|a| BundleAmendment { reason: a.reason.clone(), amended_at: a.amended_at.clone(), amended_by: a.amended_by.clone() })
            .collect(),
    };
    Ok(Bundle { format: FORMAT.into(), version: VERSION, members: keys.into_members(), meeting })
}

pub(super) fn export_item(conn: &Connection, keys: &mut MemberKeys, item: &AgendaItem) -> Result<BundleItem> {
    if item.kind == AgendaKind::TeachIn {
        return Err(Error::Conflict(format!(
            "'{}' is a teach-in slot, and meeting bundles cannot carry teach-ins yet. Nothing was exported.",
            item.label()
        )));
    }
    let professionals = item
        .professionals
        .iter()
        .map(|p| {
            Ok(match p.member_id {
                Some(id) => BundleProfessional { member: Some(keys.of(conn, id)?), service: None },
                None => BundleProfessional { member: None, service: Some(p.name.clone()) },
            })
        })
        .collect::<Result<_>>()?;
    Ok(BundleItem {
        kind: item.kind,
        title: item.title.clone(),
        reference: item.case_reference.clone(),
        reason: item.reason.clone(),
        presenter: keys.of_optional(conn, item.presenter_id)?,
        minutes_allowed: item.minutes_allowed,
        consent: item.consent,
        outcome: item.outcome,
        seconds_used: item.seconds_used,
        professionals,
        discussion: item.discussion.as_ref().map(|d| export_discussion(conn, keys, d)).transpose()?,
        actions: item.actions.iter().map(|a| export_action(conn, keys, a)).collect::<Result<_>>()?,
    })
}

pub(super) fn export_discussion(conn: &Connection, keys: &mut MemberKeys, d: &DiscussionRecord) -> Result<BundleDiscussion> {
    let leads = d
        .leads
        .iter()
        .map(|l| Ok(BundleLead { aspect: l.aspect.clone(), member: keys.of_optional(conn, l.member_id)?, role_key: l.role_key.clone() }))
        .collect::<Result<_>>()?;
    Ok(BundleDiscussion {
        situation: d.situation.clone(),
        done_so_far: d.done_so_far.clone(),
        discussion: d.discussion.clone(),
        needs: d.needs.clone(),
        leads,
        risk_holder: keys.of_optional(conn, d.risk_holder_id)?,
        communication_plan: d.communication_plan.clone(),
        urgent_contacts: d.urgent_contacts.clone(),
        escalations: d.escalations.clone(),
        transitions: d.transitions.clone(),
        decision: d.decision.clone(),
        decision_owner: keys.of_optional(conn, d.decision_owner_id)?,
        next_review_date: d.next_review_date.clone(),
    })
}

pub(super) fn export_action(conn: &Connection, keys: &mut MemberKeys, a: &AgreedAction) -> Result<BundleAction> {
    Ok(BundleAction {
        description: a.description.clone(),
        owner: keys.of(conn, a.owner_id)?,
        due_date: a.due_date.clone(),
        status: a.status,
        done_on: a.done_on.clone(),
        cancel_reason: a.cancel_reason.clone(),
    })
}

/// Gives each member the bundle names a key (their name; a number is added when two share a
/// name) and collects them for the bundle's member list.
#[derive(Default)]
pub(super) struct MemberKeys {
    by_id: HashMap<i64, String>,
    members: Vec<BundleMember>,
}

impl MemberKeys {
    fn of(&mut self, conn: &Connection, id: i64) -> Result<String> {
        if let Some(key) = self.by_id.get(&id) {
            return Ok(key.clone());
        }
        let m = members::get(conn, id)?;
        let taken = |key: &str| self.members.iter().any(|b| b.key == key);
        let key = (1..).map(|n| if n == 1 { m.name.clone() } else { format!("{} #{n}", m.name) }).find(|k| !taken(k)).expect("unbounded");
        self.by_id.insert(id, key.clone());
        self.members.push(BundleMember {
            key: key.clone(),
            name: m.name,
            role_key: m.role_key,
            organisation: m.organisation,
            email: m.email,
            phone: m.phone,
            core_member: m.core_member,
        });
        Ok(key)
    }

    fn of_optional(&mut self, conn: &Connection, id: Option<i64>) -> Result<Option<String>> {
        id.map(|id| self.of(conn, id)).transpose()
    }

    /// By key, so the list reads like a roster and exports of the same meeting are identical.
    fn into_members(mut self) -> Vec<BundleMember> {
        self.members.sort_by(|a, b| a.key.cmp(&b.key));
        self.members
    }
}
