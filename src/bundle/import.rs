//! Importing a bundle as a new meeting, in one transaction: members matched by name and role
//! (or added), cases by reference (or added); the meeting keeps its status.

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;
use tracing::instrument;
use ts_rs::TS;

use crate::actions::{self, ActionInput, ActionStatus};
use crate::agenda::{self, CaseItemInput, OtherItemInput, Professional};
use crate::attendance::{self, AttendanceInput};
use crate::audit::{self, AuditAction, AuditEntity, Change};
use crate::discussions::{self, DiscussionRecord, Lead};
use crate::meetings::{self, MeetingInput};
use crate::members;
use crate::{Result, Store, dates};

use super::format::{Bundle, BundleAction, BundleAttendance, BundleDiscussion, BundleItem, BundleMeeting, BundleMember, BundleProfessional, at, parse};
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
}

/// Imports a bundle as a new meeting, in one transaction: if anything in it is wrong, nothing
/// is imported. Members are matched to the roster by exact name and role (or added), cases by
/// reference (or added). The meeting keeps its status: finalised minutes stay finalised.
#[instrument(skip(store, json), err)]
pub fn import(store: &mut Store, json: &str) -> Result<BundleImportReport> {
    let bundle = parse(json)?;
    store.write(|tx, actor| {
        check(tx, &bundle)?;
        Importer { tx, actor, members: HashMap::new(), report: BundleImportReport::default() }.run(&bundle)
    })
}

pub(super) struct Importer<'a> {
    tx: &'a Transaction<'a>,
    actor: &'a str,
    /// Bundle key to roster id.
    members: HashMap<String, i64>,
    report: BundleImportReport,
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
        let item_id = match &item.reference {
            Some(reference) => {
                self.note_case(reference, seen)?;
                let input = CaseItemInput {
                    reference: reference.clone(),
                    identifier: None,
                    reason: item.reason.clone(),
                    presenter_id: self.id(&item.presenter),
                    co_presenter_ids: Vec::new(),
                    minutes_allowed: item.minutes_allowed,
                    consent: item.consent,
                    professionals: item.professionals.iter().map(|p| self.professional(p)).collect(),
                };
                at(path, agenda::insert_case(self.tx, meeting_id, &input, None))?
            }
            None => {
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
        self.report.agenda_items += 1;
        Ok(())
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
