//! Exporting a meeting as a bundle: members named by keys local to the bundle, never by
//! database id, and no full identifiers.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};

use crate::actions::AgreedAction;
use crate::agenda::{AgendaItem, AgendaKind};
use crate::agreement::{self, Agreement, AgreementReview};
use crate::discussions::DiscussionRecord;
use crate::guidance::LeadSuggestion;
use crate::referrals::{self, ReferralFilter, ReferralTo};
use crate::{meetings, members, person, teach_ins};
use crate::{Error, Result};

use super::{FORMAT, VERSION};
use super::format::{
    Bundle, BundleAction, BundleAgreement, BundleAgreementReview, BundleAmendment, BundleAttendance, BundleCarriedFrom, BundleConsent, BundleDiscussion,
    BundleGuidance, BundleItem, BundleLead, BundleMeeting, BundleMember, BundleOverride, BundlePerson, BundleProfessional, BundleReason, BundleReferral,
    BundleReferralStatus, BundleReferralTo, BundleRiskHolder, BundleSharingConsent, BundleSuggestedLead, BundleSuggestion, BundleTeachIn, BundleTeachInSlot,
};

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
        co_presenters: item.co_presenter_ids.iter().map(|&id| keys.of(conn, id)).collect::<Result<_>>()?,
        carried_from: carried_from(conn, item.id)?,
        person: match item.kind {
            AgendaKind::Case => person::as_minuted(conn, item.id)?.map(|p| BundlePerson {
                what_matters: p.what_matters,
                goals: p.goals,
                care_plan_reference: p.care_plan_reference,
            }),
            _ => None,
        },
        agreement: agreement::review_at(conn, item.id)?.map(|r| export_review(conn, keys, r)).transpose()?,
        referrals: export_referrals(conn, keys, item.id)?,
        sharing_consents: sharing_consents(conn, item.id)?,
        guidance: export_guidance(conn, keys, item.id)?,
        teach_in: item.teach_in_id.map(|id| export_teach_in(conn, keys, id)).transpose()?,
    })
}

/// The meeting of the item this one was carried from, if any.
fn carried_from(conn: &Connection, item_id: i64) -> Result<Option<BundleCarriedFrom>> {
    Ok(conn
        .prepare_cached(
            "SELECT m.title, m.starts_at FROM agenda_items a JOIN agenda_items src ON src.id = a.carried_from_id
             JOIN meetings m ON m.id = src.meeting_id WHERE a.id = ?1",
        )?
        .query_row([item_id], |r| Ok(BundleCarriedFrom { meeting_title: r.get(0)?, meeting_starts_at: r.get(1)? }))
        .optional()?)
}

fn export_agreement(conn: &Connection, keys: &mut MemberKeys, a: &Agreement) -> Result<BundleAgreement> {
    Ok(BundleAgreement {
        leads: a
            .leads
            .iter()
            .map(|l| Ok(BundleLead { aspect: l.aspect.clone(), member: keys.of_optional(conn, l.member_id)?, role_key: l.role_key.clone() }))
            .collect::<Result<_>>()?,
        concerns: a.concerns.clone(),
        risk_holders: a
            .risk_holders
            .iter()
            .map(|h| {
                Ok(BundleRiskHolder {
                    aspect: h.aspect.clone(),
                    member: keys.of_optional(conn, h.member_id)?,
                    outside_name: h.outside_name.clone(),
                    outside_service: h.outside_service.clone(),
                })
            })
            .collect::<Result<_>>()?,
        emergency_contacts: a.emergency_contacts.clone(),
    })
}

fn export_review(conn: &Connection, keys: &mut MemberKeys, r: AgreementReview) -> Result<BundleAgreementReview> {
    Ok(BundleAgreementReview {
        outcome: r.outcome,
        reason: r.reason,
        version: r.version,
        agreement: export_agreement(conn, keys, &r.agreement)?,
        reviewed_at: r.reviewed_at,
        reviewed_by: r.reviewed_by,
    })
}

/// Referrals made at the discussion, oldest first, each with its statuses.
fn export_referrals(conn: &Connection, keys: &mut MemberKeys, item_id: i64) -> Result<Vec<BundleReferral>> {
    let mut made = referrals::list(conn, &ReferralFilter { agenda_item_id: Some(item_id), ..Default::default() })?;
    made.sort_by(|a, b| (&a.made_on, a.id).cmp(&(&b.made_on, b.id)));
    made.into_iter()
        .map(|r| {
            Ok(BundleReferral {
                from: keys.of(conn, r.from_member_id)?,
                to: match &r.to {
                    ReferralTo::Role { role_key } => BundleReferralTo::Role { role_key: role_key.clone() },
                    ReferralTo::Member { member_id } => BundleReferralTo::Member { member: keys.of(conn, *member_id)? },
                    ReferralTo::Service { name } => BundleReferralTo::Service { name: name.clone() },
                },
                made_on: r.made_on,
                reason: r.reason,
                status: r.status,
                status_on: r.status_on,
                declined_reason: r.declined_reason,
                expected_wait_weeks: r.expected_wait_weeks,
                feedback_due: r.feedback_due,
                feedback_given_on: r.feedback_given_on,
                consent_to_share: r.consent.map(|c| BundleConsent { decision: c.decision, decided_on: c.decided_on }),
                statuses: referrals::history(conn, r.id)?
                    .into_iter()
                    .map(|s| BundleReferralStatus { status: s.status, on: s.on, reason: s.reason })
                    .collect(),
            })
        })
        .collect()
}

/// Answers about sharing recorded at the discussion that no referral there rests on.
fn sharing_consents(conn: &Connection, item_id: i64) -> Result<Vec<BundleSharingConsent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.service, s.decision, s.decided_on FROM sharing_consents s WHERE s.agenda_item_id = ?1
           AND NOT EXISTS (SELECT 1 FROM referrals x WHERE x.sharing_consent_id = s.id AND x.agenda_item_id = ?1)
         ORDER BY s.id",
    )?;
    let rows = stmt.query_map([item_id], |r| Ok(BundleSharingConsent { service: r.get(0)?, decision: r.get(1)?, decided_on: r.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn export_guidance(conn: &Connection, keys: &mut MemberKeys, item_id: i64) -> Result<Option<BundleGuidance>> {
    let stored: Option<(String, String)> = conn
        .prepare_cached("SELECT suggested_lead, lead_override_reason FROM case_discussions WHERE agenda_item_id = ?1")?
        .query_row([item_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (json, lead_override_reason) = stored.unwrap_or_default();
    let suggested_lead = match json.trim() {
        "" => None,
        text => {
            let s: LeadSuggestion = serde_json::from_str(text)
                .map_err(|e| Error::Conflict(format!("The lead suggestion kept with discussion #{item_id} cannot be read ({e}). Nothing was exported.")))?;
            Some(BundleSuggestion {
                kind: s.kind,
                summary: s.summary,
                leads: s
                    .leads
                    .into_iter()
                    .map(|l| {
                        Ok(BundleSuggestedLead { aspect: l.aspect, role_key: l.role_key, member: keys.of_optional(conn, l.member_id)?, needs: l.needs })
                    })
                    .collect::<Result<_>>()?,
                reasons: s.reasons.into_iter().map(|r| BundleReason { text: r.text, needs: r.needs, source: r.source }).collect(),
            })
        }
    };
    let mut stmt = conn.prepare_cached("SELECT flag_code, detail, overridden_at FROM guidance_overrides WHERE agenda_item_id = ?1 ORDER BY id")?;
    let overrides = stmt
        .query_map([item_id], |r| Ok(BundleOverride { code: r.get(0)?, detail: r.get(1)?, overridden_at: r.get(2)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if suggested_lead.is_none() && lead_override_reason.is_empty() && overrides.is_empty() {
        return Ok(None);
    }
    Ok(Some(BundleGuidance { suggested_lead, lead_override_reason, overrides }))
}

fn export_teach_in(conn: &Connection, keys: &mut MemberKeys, id: i64) -> Result<BundleTeachIn> {
    let t = teach_ins::get(conn, id)?;
    Ok(BundleTeachIn {
        title: t.title,
        role_keys: t.roles.into_iter().map(|r| r.key).collect(),
        total_minutes: t.total_minutes,
        audience: t.audience,
        case_example: t.case_example,
        slots: t
            .slots
            .into_iter()
            .map(|s| {
                Ok(BundleTeachInSlot {
                    kind: s.kind,
                    role_key: s.role_key,
                    title: s.title,
                    minutes: s.minutes,
                    notes: s.notes,
                    presenters: s.presenters.iter().map(|p| keys.of(conn, p.member_id)).collect::<Result<_>>()?,
                })
            })
            .collect::<Result<_>>()?,
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
