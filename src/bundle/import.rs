//! Importing a bundle as a new meeting, in one transaction: members matched by name and role
//! (or added), cases by reference (or added); the meeting keeps its status.

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;
use tracing::instrument;
use ts_rs::TS;

use crate::actions::{self, ActionInput, ActionStatus};
use crate::agenda::{self, AgendaKind, CaseItemInput, OtherItemInput, Professional};
use crate::agreement::{self, Agreement, RiskHolder};
use crate::attendance::{self, AttendanceInput};
use crate::audit::{self, AuditAction, AuditEntity, Change};
use crate::discussions::{self, DiscussionRecord, Lead};
use crate::guidance::{LeadSuggestion, Reason, SuggestedLead};
use crate::meetings::{self, MeetingInput, MeetingStatus};
use crate::person::{self, PersonProfile};
use crate::referrals::{self, ReferralInput, ReferralTo};
use crate::{Error, Result, Store, dates, members, roles, teach_ins};

use super::format::{
    Bundle, BundleAction, BundleAgreement, BundleAgreementReview, BundleAttendance, BundleDiscussion, BundleGuidance, BundleItem, BundleMeeting, BundleMember,
    BundlePerson, BundleProfessional, BundleReferral, BundleReferralTo, BundleTeachIn, at, parse,
};
use super::check::check;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BundleImportReport {
    /// The new meeting's id.
    pub meeting_id: i64,
    pub title: String,
    pub starts_at: String,
    /// Names of roster members the bundle's members were matched to (same name and role).
    pub members_matched: Vec<String>,
    /// Names of members added to the roster.
    pub members_created: Vec<String>,
    /// References of cases already in this database.
    pub cases_matched: Vec<String>,
    pub cases_created: Vec<String>,
    pub agenda_items: i64,
    pub actions: i64,
    /// Referrals made at the meeting, imported with their statuses.
    pub referrals: i64,
    /// Teach-ins added to this database for the meeting's teach-in slots.
    pub teach_ins: i64,
    /// References of people whose joint-working agreement in this database differs from the one
    /// the bundle carries: theirs is kept, and the bundle's comes in as the meeting's history.
    pub agreements_kept: Vec<String>,
    /// References of people whose "what matters" in this database differs from the bundle's:
    /// theirs is kept (finalised minutes still say what was minuted at the time).
    pub profiles_kept: Vec<String>,
    /// Carried-over cases whose earlier meeting is not in this database, so the link is not kept:
    /// the reference and that meeting, e.g. "CD-0102 (Riverside MDT, 02/03/2026 13:00)".
    pub carried_links_missing: Vec<String>,
}

/// Imports a bundle as a new meeting, in one transaction: if anything in it is wrong, nothing
/// is imported. Members are matched to the roster by exact name and role (or added), cases by
/// reference (or added). The meeting keeps its status: finalised minutes stay finalised.
#[instrument(skip(store, json), err)]
pub fn import(store: &mut Store, json: &str) -> Result<BundleImportReport> {
    let bundle = parse(json)?;
    store.write(|tx, actor| {
        check(tx, &bundle)?;
        let finalised = bundle.meeting.status == MeetingStatus::Finalised;
        Importer { tx, actor, members: HashMap::new(), report: BundleImportReport::default(), finalised }.run(&bundle)
    })
}

pub(super) struct Importer<'a> {
    tx: &'a Transaction<'a>,
    actor: &'a str,
    /// Bundle key to roster id.
    members: HashMap<String, i64>,
    report: BundleImportReport,
    /// The meeting comes in finalised: what mattered to each person is kept with its minutes.
    finalised: bool,
}

impl Importer<'_> {
    fn run(mut self, bundle: &Bundle) -> Result<BundleImportReport> {
        for (i, m) in bundle.members.iter().enumerate() {
            let id = self.member(&format!("members[{i}]"), m)?;
            self.members.insert(m.key.clone(), id);
        }
        let m = &bundle.meeting;
        let input = MeetingInput {
            series_name: m.series_name.clone(),
            title: m.title.clone(),
            starts_at: m.starts_at.clone(),
            planned_minutes: m.planned_minutes,
            location: m.location.clone(),
            video_link: m.video_link.clone(),
            chair_id: self.id(&m.chair),
            minute_taker_id: self.id(&m.minute_taker),
            attendee_ids: Vec::new(),
        };
        let meeting_id = at("meeting", crate::meeting_record::insert(self.tx, &input))?;
        self.attendance(meeting_id, &m.attendance)?;
        let mut seen = HashSet::new();
        for (i, item) in m.agenda.iter().enumerate() {
            self.item(&format!("meeting.agenda[{i}]"), meeting_id, item, &mut seen)?;
        }
        self.close(meeting_id, m)?;
        Ok(self.report)
    }

    /// The roster member with the same name and role, or a new one.
    fn member(&mut self, path: &str, m: &BundleMember) -> Result<i64> {
        let existing: Option<i64> = self
            .tx
            .query_row(
                "SELECT id FROM team_members WHERE name = ?1 AND role_key = ?2 ORDER BY id LIMIT 1",
                params![m.name.trim(), m.role_key.trim()],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = existing {
            self.report.members_matched.push(m.name.trim().to_string());
            return Ok(id);
        }
        let created = at(path, members::insert(self.tx, self.actor, &m.input()))?;
        self.report.members_created.push(created.name);
        Ok(created.id)
    }

    /// The roster id for a key that [`check`] has already resolved.
    fn id(&self, key: &Option<String>) -> Option<i64> {
        key.as_ref().map(|k| self.members[k])
    }

    fn attendance(&self, meeting_id: i64, lines: &[BundleAttendance]) -> Result<()> {
        let expected: Vec<i64> = lines.iter().filter(|a| a.expected).map(|a| self.members[&a.member]).collect();
        attendance::expect(self.tx, meeting_id, &expected)?;
        for (i, a) in lines.iter().enumerate() {
            let input = AttendanceInput { status: a.status, arrived_at: a.arrived_at.clone(), left_at: a.left_at.clone() };
            at(&format!("meeting.attendance[{i}]"), attendance::record(self.tx, meeting_id, self.members[&a.member], &input))?;
        }
        Ok(())
    }

    fn item(&mut self, path: &str, meeting_id: i64, item: &BundleItem, seen: &mut HashSet<String>) -> Result<()> {
        let item_id = match (&item.reference, &item.teach_in) {
            (Some(reference), _) => {
                self.note_case(reference, seen)?;
                let carried = self.carried_from(meeting_id, item, reference)?;
                let input = CaseItemInput {
                    reference: reference.clone(),
                    identifier: None,
                    reason: item.reason.clone(),
                    presenter_id: self.id(&item.presenter),
                    co_presenter_ids: item.co_presenters.iter().map(|k| self.members[k]).collect(),
                    minutes_allowed: item.minutes_allowed,
                    consent: item.consent,
                    professionals: item.professionals.iter().map(|p| self.professional(p)).collect(),
                };
                at(path, agenda::insert_case(self.tx, meeting_id, &input, carried))?
            }
            (None, Some(t)) if item.kind == AgendaKind::TeachIn => self.teach_in(meeting_id, item, t)?,
            _ => {
                let input = OtherItemInput { title: item.title.clone(), minutes_allowed: item.minutes_allowed, presenter_id: self.id(&item.presenter) };
                at(path, agenda::insert_other(self.tx, meeting_id, item.kind, &input))?
            }
        };
        agenda::write_outcome(self.tx, item_id, item.outcome, item.seconds_used)?;
        if let Some(d) = &item.discussion {
            let record = at(&format!("{path}.discussion"), self.discussion(d).validated(self.tx))?;
            discussions::write_record(self.tx, item_id, &record)?;
        }
        for (i, a) in item.actions.iter().enumerate() {
            self.action(&format!("{path}.actions[{i}]"), item_id, a)?;
        }
        if let Some(reference) = &item.reference {
            let case_id: i64 = self.tx.query_row("SELECT case_id FROM agenda_items WHERE id = ?1", [item_id], |r| r.get(0))?;
            if let Some(p) = &item.person {
                self.person(&format!("{path}.person"), item_id, case_id, reference, p)?;
            }
            if let Some(r) = &item.agreement {
                self.agreement(&format!("{path}.agreement"), item_id, case_id, reference, r)?;
            }
            for (i, r) in item.referrals.iter().enumerate() {
                self.referral(&format!("{path}.referrals[{i}]"), item_id, case_id, r)?;
            }
            for c in &item.sharing_consents {
                self.tx.execute(
                    "INSERT INTO sharing_consents (case_id, service, decision, decided_on, agenda_item_id, recorded_at, recorded_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![case_id, c.service.trim(), c.decision, c.decided_on, item_id, crate::storage::now_utc(), self.actor],
                )?;
                let id = self.tx.last_insert_rowid();
                audit::record(self.tx, self.actor, Change { entity: AuditEntity::SharingConsent, entity_id: id, action: AuditAction::Create, before: None, after: Some(c) })?;
            }
        }
        if let Some(g) = &item.guidance {
            self.guidance(item_id, g)?;
        }
        self.report.agenda_items += 1;
        Ok(())
    }

    /// The earlier item a carried-over case came from: the same person's item at the meeting of
    /// that title and start, when this database has it.
    fn carried_from(&mut self, meeting_id: i64, item: &BundleItem, reference: &str) -> Result<Option<i64>> {
        let Some(c) = &item.carried_from else { return Ok(None) };
        let found: Option<i64> = self
            .tx
            .prepare_cached(
                "SELECT a.id FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id JOIN cases c ON c.id = a.case_id
                 WHERE m.title = ?1 AND m.starts_at = ?2 AND m.id <> ?3 AND c.reference = ?4 AND a.kind = 'case'
                 ORDER BY a.id LIMIT 1",
            )?
            .query_row(params![c.meeting_title.trim(), c.meeting_starts_at, meeting_id, reference.trim()], |r| r.get(0))
            .optional()?;
        if found.is_none() {
            let when = dates::parse_date_time("startsAt", &c.meeting_starts_at)
                .map(|d| d.format("%d/%m/%Y %H:%M").to_string())
                .unwrap_or_else(|_| c.meeting_starts_at.clone());
            self.report.carried_links_missing.push(format!("{} ({}, {when})", reference.trim(), c.meeting_title.trim()));
        }
        Ok(found)
    }

    /// What matters to the person: it becomes theirs here when this database has nothing for
    /// them, and is kept with finalised minutes as what was minuted.
    fn person(&mut self, path: &str, item_id: i64, case_id: i64, reference: &str, p: &BundlePerson) -> Result<()> {
        let profile = PersonProfile { what_matters: p.what_matters.clone(), goals: p.goals.clone(), care_plan_reference: p.care_plan_reference.clone() };
        let profile = at(path, profile.validated())?;
        if profile.is_blank() {
            return Ok(());
        }
        let current = person::open(self.tx, case_id)?;
        let version = if current.version == 0 {
            self.tx.execute(
                "INSERT INTO person_profiles (case_id, what_matters, goals, care_plan_reference, version, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6)",
                params![case_id, profile.what_matters, profile.goals, profile.care_plan_reference, crate::storage::now_utc(), self.actor],
            )?;
            let change = Change { entity: AuditEntity::PersonProfile, entity_id: case_id, action: AuditAction::Create, before: None, after: Some(&profile) };
            audit::record(self.tx, self.actor, change)?;
            1
        } else {
            if current.profile != profile {
                self.report.profiles_kept.push(reference.trim().to_string());
            }
            current.version
        };
        if self.finalised {
            self.tx.execute(
                "INSERT INTO person_profiles_minuted (agenda_item_id, what_matters, goals, care_plan_reference, version, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![item_id, profile.what_matters, profile.goals, profile.care_plan_reference, version, crate::storage::now_utc()],
            )?;
        }
        Ok(())
    }

    fn agreement_of(&self, a: &BundleAgreement) -> Agreement {
        Agreement {
            leads: a.leads.iter().map(|l| Lead { aspect: l.aspect.clone(), member_id: self.id(&l.member), role_key: l.role_key.clone() }).collect(),
            concerns: a.concerns.clone(),
            risk_holders: a
                .risk_holders
                .iter()
                .map(|h| RiskHolder {
                    aspect: h.aspect.clone(),
                    member_id: self.id(&h.member),
                    outside_name: h.outside_name.clone(),
                    outside_service: h.outside_service.clone(),
                })
                .collect(),
            emergency_contacts: a.emergency_contacts.clone(),
        }
    }

    /// What the discussion did with the person's agreement comes in as history. The agreement
    /// itself becomes the person's only when this database has none for them: one already here
    /// (newer or not) is never replaced by a bundle, and a difference is reported.
    fn agreement(&mut self, path: &str, item_id: i64, case_id: i64, reference: &str, r: &BundleAgreementReview) -> Result<()> {
        let agreement = at(&format!("{path}.agreement"), self.agreement_of(&r.agreement).validated(self.tx))?;
        let json = serde_json::to_string(&agreement).map_err(|e| Error::Conflict(e.to_string()))?;
        self.tx.execute(
            "INSERT INTO agreement_reviews (agenda_item_id, outcome, reason, version, agreement, reviewed_at, reviewed_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![item_id, r.outcome, r.reason.trim(), r.version, json, r.reviewed_at, r.reviewed_by.trim()],
        )?;
        let current = agreement::open(self.tx, case_id)?;
        if current.version > 0 {
            if current.agreement != agreement {
                self.report.agreements_kept.push(reference.trim().to_string());
            }
            return Ok(());
        }
        self.tx.execute(
            "INSERT INTO person_agreements (case_id, concerns, emergency_contacts, version, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![case_id, agreement.concerns, agreement.emergency_contacts, r.version, r.reviewed_at, r.reviewed_by.trim()],
        )?;
        for lead in &agreement.leads {
            self.tx.execute(
                "INSERT INTO person_agreement_leads (case_id, aspect, member_id, role_key) VALUES (?1, ?2, ?3, ?4)",
                params![case_id, lead.aspect, lead.member_id, lead.role_key],
            )?;
        }
        for h in &agreement.risk_holders {
            self.tx.execute(
                "INSERT INTO person_agreement_risk_holders (case_id, aspect, member_id, outside_name, outside_service) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![case_id, h.aspect, h.member_id, h.outside_name, h.outside_service],
            )?;
        }
        let change = Change { entity: AuditEntity::PersonAgreement, entity_id: case_id, action: AuditAction::Create, before: None, after: Some(&agreement) };
        audit::record(self.tx, self.actor, change)
    }

    /// A referral as the core makes it (its checks and audit), then its story since.
    fn referral(&mut self, path: &str, item_id: i64, case_id: i64, r: &BundleReferral) -> Result<()> {
        let input = ReferralInput {
            from_member_id: self.members[&r.from],
            to: match &r.to {
                BundleReferralTo::Role { role_key } => ReferralTo::Role { role_key: role_key.clone() },
                BundleReferralTo::Member { member } => ReferralTo::Member { member_id: self.members[member] },
                BundleReferralTo::Service { name } => ReferralTo::Service { name: name.clone() },
            },
            made_on: r.made_on.clone(),
            reason: r.reason.clone(),
            expected_wait_weeks: r.expected_wait_weeks,
            feedback_due: r.feedback_due.clone(),
            consent_to_share: r.consent_to_share.as_ref().map(|c| c.decision),
        };
        let made = at(path, referrals::insert(self.tx, self.actor, case_id, Some(item_id), &input))?;
        let referral = made.referral.ok_or_else(|| Error::Conflict(made.not_made.unwrap_or_default()))?;
        if let (Some(consent), Some(c)) = (&made.consent, &r.consent_to_share) {
            self.tx.execute("UPDATE sharing_consents SET decided_on = ?2 WHERE id = ?1", params![consent.id, c.decided_on])?;
        }
        self.tx.execute(
            "UPDATE referrals SET status = ?2, status_on = ?3, declined_reason = ?4, feedback_given_on = ?5 WHERE id = ?1",
            params![referral.id, r.status, r.status_on, r.declined_reason.trim(), r.feedback_given_on],
        )?;
        self.tx.execute("DELETE FROM referral_statuses WHERE referral_id = ?1", [referral.id])?;
        let now = crate::storage::now_utc();
        for s in &r.statuses {
            self.tx.execute(
                "INSERT INTO referral_statuses (referral_id, status, status_on, reason, recorded_at, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![referral.id, s.status, s.on, s.reason.trim(), now, self.actor],
            )?;
        }
        let after = referrals::get(self.tx, referral.id)?;
        if after != referral {
            let change = Change { entity: AuditEntity::Referral, entity_id: referral.id, action: AuditAction::Update, before: Some(&referral), after: Some(&after) };
            audit::record(self.tx, self.actor, change)?;
        }
        self.report.referrals += 1;
        Ok(())
    }

    /// The lead suggestion kept with the record, the reason for differing, and the flags the
    /// chair finalised past.
    fn guidance(&mut self, item_id: i64, g: &BundleGuidance) -> Result<()> {
        if let Some(s) = &g.suggested_lead {
            let mut leads = Vec::new();
            for l in &s.leads {
                let role_name = roles::find(self.tx, &l.role_key)?.map(|r| r.name).unwrap_or_else(|| l.role_key.clone());
                let member_id = self.id(&l.member);
                let member_name = member_id.map(|id| members::get(self.tx, id).map(|m| m.name)).transpose()?;
                leads.push(SuggestedLead { aspect: l.aspect.clone(), role_key: l.role_key.clone(), role_name, member_id, member_name, needs: l.needs.clone() });
            }
            let suggestion = LeadSuggestion {
                kind: s.kind,
                summary: s.summary.clone(),
                leads,
                reasons: s.reasons.iter().map(|r| Reason { text: r.text.clone(), needs: r.needs.clone(), source: r.source.clone() }).collect(),
            };
            let json = serde_json::to_string(&suggestion).map_err(|e| Error::Conflict(e.to_string()))?;
            self.tx.execute("UPDATE case_discussions SET suggested_lead = ?2 WHERE agenda_item_id = ?1", params![item_id, json])?;
        }
        self.tx.execute(
            "UPDATE case_discussions SET lead_override_reason = ?2 WHERE agenda_item_id = ?1",
            params![item_id, g.lead_override_reason.trim()],
        )?;
        for o in &g.overrides {
            self.tx.execute(
                "INSERT INTO guidance_overrides (agenda_item_id, flag_code, detail, overridden_at) VALUES (?1, ?2, ?3, ?4)",
                params![item_id, o.code, o.detail, o.overridden_at],
            )?;
        }
        Ok(())
    }

    /// A teach-in slot: the teach-in is added to this database as planned, and the slot put on
    /// the agenda as the bundle has it.
    fn teach_in(&mut self, meeting_id: i64, item: &BundleItem, t: &BundleTeachIn) -> Result<i64> {
        let now = crate::storage::now_utc();
        self.tx.execute(
            "INSERT INTO teach_ins (title, role_keys, total_minutes, audience, case_example, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![t.title.trim(), t.role_keys.join(","), t.total_minutes, t.audience, t.case_example.trim(), now],
        )?;
        let teach_in_id = self.tx.last_insert_rowid();
        for (position, slot) in t.slots.iter().enumerate() {
            self.tx.execute(
                "INSERT INTO teach_in_slots (teach_in_id, position, kind, role_key, title, minutes, notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![teach_in_id, position as i64, slot.kind, slot.role_key, slot.title.trim(), slot.minutes, slot.notes],
            )?;
            let slot_id = self.tx.last_insert_rowid();
            for key in &slot.presenters {
                self.tx.execute("INSERT INTO teach_in_presenters (slot_id, member_id) VALUES (?1, ?2)", params![slot_id, self.members[key]])?;
            }
        }
        let saved = teach_ins::get(self.tx, teach_in_id)?;
        let change = Change { entity: AuditEntity::TeachIn, entity_id: teach_in_id, action: AuditAction::Create, before: None, after: Some(&saved) };
        audit::record(self.tx, self.actor, change)?;
        self.tx.execute(
            "INSERT INTO agenda_items (meeting_id, position, kind, teach_in_id, title, reason, presenter_id, minutes_allowed)
             VALUES (?1, (SELECT coalesce(max(position), -1) + 1 FROM agenda_items WHERE meeting_id = ?1), 'teach_in', ?2, ?3, ?4, ?5, ?6)",
            params![meeting_id, teach_in_id, item.title.trim(), item.reason.trim(), self.id(&item.presenter), item.minutes_allowed],
        )?;
        self.report.teach_ins += 1;
        Ok(self.tx.last_insert_rowid())
    }

    /// Records whether a case is new to this database, once per reference.
    fn note_case(&mut self, reference: &str, seen: &mut HashSet<String>) -> Result<()> {
        let reference = reference.trim().to_string();
        if !seen.insert(reference.clone()) {
            return Ok(());
        }
        if self.tx.prepare_cached("SELECT 1 FROM cases WHERE reference = ?1")?.exists([&reference])? {
            self.report.cases_matched.push(reference);
        } else {
            self.report.cases_created.push(reference);
        }
        Ok(())
    }

    fn professional(&self, p: &BundleProfessional) -> Professional {
        Professional { member_id: self.id(&p.member), name: p.service.clone().unwrap_or_default() }
    }

    fn discussion(&self, d: &BundleDiscussion) -> DiscussionRecord {
        DiscussionRecord {
            situation: d.situation.clone(),
            done_so_far: d.done_so_far.clone(),
            discussion: d.discussion.clone(),
            needs: d.needs.clone(),
            leads: d
                .leads
                .iter()
                .map(|l| Lead { aspect: l.aspect.clone(), member_id: self.id(&l.member), role_key: l.role_key.clone() })
                .collect(),
            risk_holder_id: self.id(&d.risk_holder),
            communication_plan: d.communication_plan.clone(),
            urgent_contacts: d.urgent_contacts.clone(),
            escalations: d.escalations.clone(),
            transitions: d.transitions.clone(),
            decision: d.decision.clone(),
            decision_owner_id: self.id(&d.decision_owner),
            next_review_date: d.next_review_date.clone(),
        }
    }

    fn action(&mut self, path: &str, item_id: i64, a: &BundleAction) -> Result<()> {
        let input = ActionInput { description: a.description.clone(), owner_id: self.members[&a.owner], due_date: a.due_date.clone() };
        let action = at(path, actions::insert(self.tx, self.actor, item_id, &input))?;
        if a.status != ActionStatus::Open {
            // Stored in the same normal form as due dates; `check` has made sure it parses.
            let done_on = dates::parse_optional_date("doneOn", a.done_on.as_deref())?;
            actions::change_status(self.tx, self.actor, action.id, a.status, done_on.as_deref(), a.cancel_reason.trim())?;
        }
        self.report.actions += 1;
        Ok(())
    }

    /// Amendments and status go last: while items are added the meeting must still be open.
    fn close(&mut self, meeting_id: i64, m: &BundleMeeting) -> Result<()> {
        for a in &m.amendments {
            self.tx.execute(
                "INSERT INTO minute_amendments (meeting_id, reason, amended_at, amended_by) VALUES (?1, ?2, ?3, ?4)",
                params![meeting_id, a.reason.trim(), a.amended_at, a.amended_by],
            )?;
        }
        self.tx.execute(
            "UPDATE meetings SET status = ?2, finalised_at = ?3 WHERE id = ?1",
            params![meeting_id, m.status, m.finalised_at],
        )?;
        let meeting = meetings::get(self.tx, meeting_id)?;
        audit::record(
            self.tx,
            self.actor,
            Change { entity: AuditEntity::Meeting, entity_id: meeting_id, action: AuditAction::Create, before: None, after: Some(&meeting) },
        )?;
        self.report.meeting_id = meeting_id;
        self.report.title = meeting.title;
        self.report.starts_at = meeting.starts_at;
        Ok(())
    }
}
