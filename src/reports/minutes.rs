//! The minutes of one meeting as a PDF, ready to file or email straight after finalising: the
//! meeting's details and attendance, amendments, each agenda item in order (matters arising,
//! cases, other items), the cases listed but not reached, and one numbered table of the actions
//! agreed.
//!
//! People discussed appear by their pseudonymous reference only, unless the user includes full
//! identifiers for this export; the document says which, and with identifiers every page says so
//! in its running header. Each export is recorded in the audit log.
//!
//! Each section is one method of [`Minutes`] adding its blocks, called in order from
//! [`document`]; a new section is one more method and one more line there.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Local, Utc};
use rusqlite::Connection;

use super::export::{ExportReport, slug};
use super::words::{self, long_date, short_date};
use super::{Cell, Column, Document, Level, Table, render};
use crate::actions::{self, ActionFilter, AgreedAction};
use crate::agenda::{AgendaItem, AgendaKind, Consent, Outcome};
use crate::audit::AuditEntity;
use crate::cases::{self, CaseIdentifier};
use crate::discussions::DiscussionRecord;
use crate::guidance::{self, OverriddenFlag};
use crate::meetings::{self, MeetingRecord, MeetingStatus};
use crate::members::{self, TeamMember};
use crate::labels;
use crate::agreement::{self, Agreement, AgreementOutcome, AgreementReview};
use crate::person::{self, PersonProfile};
use crate::words::{and_list, count, one_or_many};
use crate::{Error, Result, Store, roles};

/// Printed on every page of minutes that carry full identifiers (short enough to share the
/// notice line with [`DRAFT_NOTICE`]).
pub const IDENTIFIERS_NOTICE: &str = "Includes full identifiers: store and send securely.";
/// Printed on every page of minutes that are not finalised.
pub const DRAFT_NOTICE: &str = "DRAFT: not finalised, may change.";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MinutesOptions {
    /// Print each person's NHS number and other identifier beside their reference.
    pub include_identifiers: bool,
    /// The creation date written into the file; `None` means now.
    pub created: Option<DateTime<Utc>>,
}

/// The file name offered when saving, e.g. `riverside-neighbourhood-mdt-2026-03-02-minutes.pdf`.
pub fn file_name(conn: &Connection, meeting_id: i64) -> Result<String> {
    let meeting = meetings::get(conn, meeting_id)?;
    let title = slug(&meeting.title);
    let date = meeting.starts_at.get(..10).unwrap_or_default();
    Ok(if title.is_empty() { format!("{date}-minutes.pdf") } else { format!("{title}-{date}-minutes.pdf") })
}

/// The minutes of `meeting_id` as a document to render.
pub fn document(conn: &Connection, meeting_id: i64, options: &MinutesOptions) -> Result<Document> {
    let minutes = crate::storage::read_snapshot(conn, || Minutes::load(conn, meeting_id, options))?;
    if let Some(c) = &minutes.detail.meeting.cancellation {
        return Err(Error::Conflict(format!("This meeting was cancelled ({}): it did not meet, so it has no minutes.", c.reason)));
    }
    let mut doc = minutes.frame(options);
    minutes.details(&mut doc);
    minutes.attendance(&mut doc);
    minutes.amendments(&mut doc);
    minutes.agenda(&mut doc);
    minutes.not_discussed(&mut doc);
    minutes.agreed_actions(&mut doc);
    minutes.next_meeting(&mut doc);
    Ok(doc)
}

/// Renders the minutes and writes them to `path` (atomically), recording the export in the
/// audit log in the same step: if either fails, neither happens.
pub fn export(store: &mut Store, meeting_id: i64, options: &MinutesOptions, path: &Path) -> Result<ExportReport> {
    let rendered = render(&document(store.conn(), meeting_id, options)?)?;
    super::export::write_audited(store, (AuditEntity::Meeting, meeting_id), "minutes (PDF)", options.include_identifiers, &rendered, path)
}

/// Everything the minutes print, read once.
struct Minutes {
    detail: MeetingRecord,
    members: HashMap<i64, TeamMember>,
    role_names: HashMap<String, String>,
    /// Empty unless identifiers are included.
    identifiers: HashMap<i64, CaseIdentifier>,
    include_identifiers: bool,
    /// Actions agreed at this meeting, in agenda order: their number is their place here, from 1.
    agreed: Vec<AgreedAction>,
    /// Actions from earlier meetings of the series: open ones, and those done since the previous meeting.
    arising: Vec<AgreedAction>,
    next: Option<meetings::Meeting>,
    /// For items carried from an earlier meeting: that meeting's title and start.
    carried_from: HashMap<i64, (String, String)>,
    /// Guidance flags the chair finalised past, by agenda item.
    overridden: HashMap<i64, Vec<OverriddenFlag>>,
    /// Guidance flags the chair dismissed, with the reason, by agenda item.
    dismissed: HashMap<i64, Vec<guidance::FlagDismissal>>,
    /// The escalations raised at or carried to each case, open or closed, by agenda item.
    escalations: HashMap<i64, Vec<crate::escalations::EscalationState>>,
    /// What mattered to each person and their goals, by agenda item (as finalised, or as now in a draft).
    people: HashMap<i64, PersonProfile>,
    /// The joint-working agreement per agenda item: what the discussion did with it, or, in a
    /// draft, the person's agreement as it stands and not yet looked at.
    agreements: HashMap<i64, (Option<AgreementReview>, Agreement)>,
    /// Referrals made at each case's discussion, by agenda item.
    referrals: HashMap<i64, Vec<crate::referrals::Referral>>,
    /// Pending cases with something recorded against them (see [`Minutes::was_taken`]).
    recorded_pending: std::collections::HashSet<i64>,
}

impl Minutes {
    fn load(conn: &Connection, meeting_id: i64, options: &MinutesOptions) -> Result<Minutes> {
        let detail = meetings::load_record(conn, meeting_id)?;
        let members = members::list(conn)?.into_iter().map(|m| (m.id, m)).collect();
        let role_names = roles::list(conn)?.into_iter().map(|r| (r.key, r.name)).collect();
        let identifiers = if options.include_identifiers {
            let ids: Vec<i64> = detail.agenda.iter().filter_map(|i| i.case_id).collect();
            cases::identifiers(conn, &ids)?.into_iter().collect()
        } else {
            HashMap::new()
        };
        let agreed = agreed_in_agenda_order(conn, &detail)?;
        let arising = meetings::matters_arising_heard(conn, &detail.meeting)?;
        let next = crate::meeting_record::next_in_series(conn, &detail.meeting)?;
        let carried_from = meetings::carried_from(conn, meeting_id)?;
        let overridden = guidance::meeting_overrides(conn, meeting_id)?.into_iter().map(|c| (c.agenda_item_id, c.flags)).collect();
        let (mut dismissed, mut escalations) = (HashMap::new(), HashMap::new());
        for case in guidance::minutes_notes(conn, meeting_id)? {
            dismissed.insert(case.agenda_item_id, case.dismissed);
            escalations.insert(case.agenda_item_id, case.escalations);
        }
        let mut referrals: HashMap<i64, Vec<crate::referrals::Referral>> = HashMap::new();
        for r in crate::referrals::list(conn, &crate::referrals::ReferralFilter { meeting_id: Some(meeting_id), ..Default::default() })? {
            if let Some(item) = r.agenda_item_id {
                referrals.entry(item).or_default().push(r);
            }
        }
        // Read for the whole meeting at once, and kept for its case items.
        let cases: std::collections::HashSet<i64> = detail.agenda.iter().filter(|i| i.kind == AgendaKind::Case).map(|i| i.id).collect();
        let mut people = person::as_minuted_at_meeting(conn, meeting_id)?;
        people.retain(|item, _| cases.contains(item));
        let mut agreements = agreement::at_meeting(conn, meeting_id)?;
        agreements.retain(|item, _| cases.contains(item));
        Ok(Minutes {
            detail,
            members,
            role_names,
            identifiers,
            include_identifiers: options.include_identifiers,
            agreed,
            arising,
            next,
            carried_from,
            overridden,
            dismissed,
            escalations,
            people,
            agreements,
            referrals,
            recorded_pending: meetings::recorded_but_pending(conn, meeting_id)?.into_iter().map(|(id, _)| id).collect(),
        })
    }

    /// "Name (Role)" for a member id; "Not recorded" for none.
    fn member(&self, id: Option<i64>) -> String {
        match id.and_then(|id| self.members.get(&id)) {
            Some(m) => format!("{} ({})", m.name, m.role_name),
            None => "Not recorded".into(),
        }
    }

    /// "Priya Example (OT) and Ade Sample (SPLW)": the presenter and those presenting with them.
    fn presenters(&self, item: &AgendaItem) -> String {
        if item.presenter_id.is_none() {
            return self.member(None);
        }
        let all: Vec<String> = item.presenter_id.into_iter().chain(item.co_presenter_ids.iter().copied()).map(|id| self.member(Some(id))).collect();
        and_list(&all)
    }

    fn role(&self, key: &str) -> String {
        self.role_names.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// The action's number in the table of agreed actions.
    fn number(&self, action: &AgreedAction) -> usize {
        self.agreed.iter().position(|a| a.id == action.id).map_or(0, |i| i + 1)
    }

    /// The document with its running header and notices.
    fn frame(&self, options: &MinutesOptions) -> Document {
        let meeting = &self.detail.meeting;
        let mut doc = Document::new(format!("{}: minutes", meeting.title));
        doc.header_right = long_date(&meeting.starts_at);
        doc.created = options.created;
        let mut notices = Vec::new();
        if meeting.status != MeetingStatus::Finalised || meeting.amending {
            notices.push(DRAFT_NOTICE);
        }
        if self.include_identifiers {
            notices.push(IDENTIFIERS_NOTICE);
        }
        doc.notice = notices.join("  ");
        doc
    }

    fn details(&self, doc: &mut Document) {
        let meeting = &self.detail.meeting;
        let timeline = &self.detail.timeline;
        doc.heading(Level::H1, format!("{}: minutes", meeting.title));
        let mut place = meeting.location.clone();
        if !meeting.video_link.is_empty() {
            place = [place.as_str(), &format!("online at {}", meeting.video_link)]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join("; ");
        }
        let status = match (meeting.status, &meeting.finalised_at) {
            (MeetingStatus::Finalised, _) if meeting.amending => "Being amended: not final until the amendment is finished".to_string(),
            (MeetingStatus::Finalised, Some(at)) => format!("Finalised on {}", long_date(at)),
            (MeetingStatus::Finalised, None) => "Finalised".to_string(),
            _ => "Draft: not finalised".to_string(),
        };
        let identifiers = if self.include_identifiers {
            "Included for this export: each person's NHS number or other identifier is printed beside their reference."
        } else {
            "Left out: people are named by their pseudonymous reference only."
        };
        let mut pairs = vec![
            ("Date", long_date(&meeting.starts_at)),
            ("Time", format!("{} to {}", words::clock(&meeting.starts_at), timeline.scheduled_end)),
            ("Place", if place.is_empty() { "Not recorded".into() } else { place }),
        ];
        if meeting.series_name != meeting.title {
            pairs.push(("Meeting series", meeting.series_name.clone()));
        }
        pairs.extend([
            ("Chair", self.member(meeting.chair_id)),
            ("Minutes taken by", self.member(meeting.minute_taker_id)),
            ("Status", status),
            ("Full identifiers", identifiers.into()),
        ]);
        doc.key_values(pairs);
    }

    fn attendance(&self, doc: &mut Document) {
        use crate::attendance::AttendanceStatus as S;
        doc.heading(Level::H2, "Attendance");
        let attendance = &self.detail.attendance;
        if attendance.iter().all(|a| a.status == S::Unknown) {
            doc.paragraph("Attendance was not recorded.");
            return;
        }
        let names = |status: S| -> String {
            let list: Vec<String> = attendance
                .iter()
                .filter(|a| a.status == status)
                .map(|a| format!("{} ({})", a.member_name, a.role_name))
                .collect();
            list.join(", ")
        };
        let times = |time: fn(&crate::attendance::Attendance) -> Option<&String>| -> String {
            let list: Vec<String> =
                attendance.iter().filter_map(|a| time(a).map(|t| format!("{} at {t}", a.member_name))).collect();
            list.join(", ")
        };
        let pairs = [
            (labels::attendance(S::Present), names(S::Present)),
            ("Arrived late", times(|a| a.arrived_at.as_ref())),
            ("Left early", times(|a| a.left_at.as_ref())),
            (labels::attendance(S::Apologies), names(S::Apologies)),
            (labels::attendance(S::Absent), names(S::Absent)),
            (labels::attendance(S::Unknown), names(S::Unknown)),
        ];
        doc.key_values(pairs.into_iter().filter(|(_, v)| !v.is_empty()));
    }

    fn amendments(&self, doc: &mut Document) {
        if self.detail.amendments.is_empty() {
            return;
        }
        doc.heading(Level::H2, "Amendments after finalising");
        for a in &self.detail.amendments {
            let on = local_time(&a.amended_at).map_or_else(|| long_date(&a.amended_at), |t| t.format("%-d %B %Y").to_string());
            let by = a.amended_by.trim();
            doc.paragraph(if by.is_empty() {
                format!("Amended on {on} (by whom was not recorded): {}", a.reason)
            } else {
                format!("Amended on {on} by {by}: {}", a.reason)
            });
        }
    }

    /// The agenda items that were taken, numbered in order. Cases listed but not reached are
    /// left to [`Minutes::not_discussed`].
    fn agenda(&self, doc: &mut Document) {
        let taken = self.detail.agenda.iter().filter(|item| self.was_taken(item));
        for (n, item) in taken.enumerate() {
            let number = n + 1;
            match item.kind {
                AgendaKind::MattersArising => self.matters_arising(doc, number, item),
                AgendaKind::Case => self.case(doc, number, item),
                AgendaKind::TeachIn | AgendaKind::Other => self.other_item(doc, number, item),
            }
        }
    }

    fn matters_arising(&self, doc: &mut Document, number: usize, item: &AgendaItem) {
        doc.heading(Level::H2, format!("{number}. {}", item_title(item)));
        if self.arising.is_empty() {
            doc.paragraph("No actions from earlier meetings were open.");
        } else {
            doc.paragraph(
                "Actions from earlier meetings that are still open or were done since the last meeting, \
                 with their status when these minutes were produced.",
            );
            let mut table = Table::new([
                Column::share("Action", 3.0),
                Column::share("Owner", 1.3),
                Column::share("Agreed at", 1.2),
                Column::fixed("Due", 23.0),
                Column::share("Status", 1.0),
            ]);
            for a in &self.arising {
                let action = match &a.case_reference {
                    Some(reference) => format!("{reference}: {}", a.description),
                    None => a.description.clone(),
                };
                let cells = [
                    Cell::from(action),
                    a.owner_name.as_str().into(),
                    short_date(&a.meeting_starts_at).into(),
                    a.due_date.as_deref().map(short_date).unwrap_or_default().into(),
                    words::action_status(a).into(),
                ];
                if a.overdue { table.emphasised_row(cells) } else { table.row(cells) };
            }
            doc.table(table);
        }
        self.item_actions(doc, item);
    }

    fn case(&self, doc: &mut Document, number: usize, item: &AgendaItem) {
        doc.heading(Level::H2, format!("{number}. {}", item.label()));
        let mut facts = vec![
            ("Reason for discussion", or_none(&item.reason)),
            ("Presented by", self.presenters(item)),
            ("Time", time_used(item)),
            ("Consent", labels::consent(item.consent).to_string()),
        ];
        if self.include_identifiers {
            facts.push(("Full identifiers", self.identifier_text(item)));
        }
        if let Some((title, starts_at)) = self.carried_from.get(&item.id) {
            facts.push(("Carried from", format!("{title}, {}", long_date(starts_at))));
        }
        if !item.professionals.is_empty() {
            let names: Vec<&str> = item.professionals.iter().map(|p| p.name.as_str()).collect();
            facts.push(("Already involved", names.join(", ")));
        }
        doc.key_values(facts);
        self.what_matters(doc, item);
        self.agreement(doc, item);
        match &item.discussion {
            Some(record) if !is_blank(record) => self.record(doc, record, self.agreements.contains_key(&item.id)),
            _ => {
                doc.paragraph("No discussion was recorded.");
            }
        }
        self.escalation_ends(doc, item);
        self.overridden(doc, item);
        self.dismissed(doc, item);
        self.item_actions(doc, item);
        self.item_referrals(doc, item);
    }

    /// What matters to the person and their goals, in brief, ahead of what was said: the
    /// joint-working guidance starts from what matters to the person.
    fn what_matters(&self, doc: &mut Document, item: &AgendaItem) {
        let Some(p) = self.people.get(&item.id) else { return };
        doc.heading(Level::H3, "What matters to the person");
        let pairs = [
            ("What matters to them", p.what_matters.trim()),
            ("Their goals", p.goals.trim()),
            ("Care and support plan", p.care_plan_reference.trim()),
        ];
        doc.key_values(pairs.into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| (k, in_brief(v))));
    }

    /// The person's joint-working agreement: agreed, confirmed as still right or changed (and
    /// why) at this discussion, with the answers as they then stood.
    fn agreement(&self, doc: &mut Document, item: &AgendaItem) {
        let Some((review, a)) = self.agreements.get(&item.id) else { return };
        doc.heading(Level::H3, "Joint-working agreement");
        doc.paragraph(match review {
            Some(r) if r.outcome == AgreementOutcome::Agreed => "Agreed at this discussion.".to_string(),
            Some(r) if r.outcome == AgreementOutcome::Confirmed => "Confirmed at this discussion as still right.".to_string(),
            Some(r) => format!("Changed at this discussion, because: {}", r.reason.trim()),
            None => "Not yet confirmed at this discussion: as it stands on the person's record.".to_string(),
        });
        let leads: Vec<String> = a.leads.iter().map(|l| format!("{}: {}", l.aspect, self.lead_who(l))).collect();
        let holders: Vec<String> = a
            .risk_holders
            .iter()
            .map(|h| {
                let who = match h.member_id {
                    Some(id) => self.member(Some(id)),
                    None => format!("{}, {} (outside the team)", h.outside_name, h.outside_service),
                };
                if h.aspect.is_empty() { who } else { format!("{}: {who}", h.aspect) }
            })
            .collect();
        let pairs = [
            ("Who leads on what", leads.join("\n")),
            ("Clinical risk held by", holders.join("\n")),
            ("How concerns are passed on", a.concerns.trim().to_string()),
            ("In an emergency, contact", a.emergency_contacts.trim().to_string()),
        ];
        doc.key_values(pairs.into_iter().filter(|(_, v)| !v.is_empty()));
    }

    fn lead_who(&self, l: &crate::discussions::Lead) -> String {
        match (l.member_id, &l.role_key) {
            (Some(id), _) => self.member(Some(id)),
            (None, Some(key)) => format!("{} (no one named yet)", self.role(key)),
            (None, None) => "Not recorded".into(),
        }
    }

    /// Each escalation raised at or carried to the case, saying in words whether it is open or
    /// closed, and how, when, by whom and why it was closed.
    fn escalation_ends(&self, doc: &mut Document, item: &AgendaItem) {
        let Some(states) = self.escalations.get(&item.id).filter(|s| !s.is_empty()) else { return };
        doc.heading(Level::H3, "Escalations: open or closed");
        doc.list(states.iter().map(|s| s.describe()));
    }

    /// Flags the chair dismissed for this person, with the reason: not open and not overridden.
    fn dismissed(&self, doc: &mut Document, item: &AgendaItem) {
        let Some(dismissed) = self.dismissed.get(&item.id).filter(|d| !d.is_empty()) else { return };
        doc.heading(Level::H3, "Guidance flags dismissed by the chair");
        let lines: Vec<String> = dismissed
            .iter()
            .map(|d| {
                let when = local_time(&d.dismissed_at).map_or_else(|| long_date(&d.dismissed_at), |t| t.format("%-d %B %Y").to_string());
                let at = if d.agenda_item_id == item.id { String::new() } else { format!(" at {}", d.meeting_title) };
                format!("{}. Dismissed{at} on {when} by {}, because: {}", d.flag_title.trim_end_matches('.'), d.dismissed_by, d.reason)
            })
            .collect();
        doc.list(lines);
    }

    /// The guidance flags still open on the case when the minutes were finalised, which the
    /// finalise dialog promised would be recorded as overridden and listed here.
    fn overridden(&self, doc: &mut Document, item: &AgendaItem) {
        let Some(flags) = self.overridden.get(&item.id).filter(|f| !f.is_empty()) else { return };
        doc.heading(Level::H3, "Guidance flags finalised past");
        for group in flags.chunk_by(|a, b| a.overridden_at == b.overridden_at) {
            let when = local_time(&group[0].overridden_at)
                .map_or_else(|| long_date(&group[0].overridden_at), |t| t.format("%-d %B %Y at %H:%M").to_string());
            let (these, was) = (one_or_many(group.len(), "This flag", "These flags"), one_or_many(group.len(), "was", "were"));
            doc.paragraph(format!("{these} {was} still open when the minutes were finalised on {when}, so {was} recorded as overridden:"));
            doc.list(group.iter().map(|f| f.detail.clone()));
        }
    }

    fn identifier_text(&self, item: &AgendaItem) -> String {
        let Some(identifier) = item.case_id.and_then(|id| self.identifiers.get(&id)) else {
            return "None recorded".into();
        };
        let mut parts = Vec::new();
        if !identifier.nhs_number.is_empty() {
            parts.push(format!("NHS number {}", words::nhs_number(&identifier.nhs_number)));
        }
        if !identifier.other_identifier.is_empty() {
            parts.push(format!("other identifier {}", identifier.other_identifier));
        }
        parts.join("; ")
    }

    /// The discussion record: the narrative full width, then who does what, then the decision.
    /// With `agreement_shown`, the record's own joint-working answers are printed only where it
    /// has them (records from before agreements were kept on the person).
    fn record(&self, doc: &mut Document, r: &DiscussionRecord, agreement_shown: bool) {
        for (title, text) in
            [("Situation and background", &r.situation), ("What has been done so far", &r.done_so_far), ("Discussion", &r.discussion)]
        {
            if !text.trim().is_empty() {
                doc.heading(Level::H3, title).paragraph(text.trim());
            }
        }
        let needs: Vec<&str> = r.needs.iter().map(|n| labels::need(*n)).collect();
        let leads: Vec<String> = r.leads.iter().map(|l| format!("{}: {}", l.aspect, self.lead_who(l))).collect();
        let escalations: Vec<String> = r
            .escalations
            .iter()
            .map(|e| {
                let mut text = labels::trigger(e.trigger).to_string();
                if !e.route.is_empty() {
                    text.push_str(&format!(": escalated to {}", e.route));
                }
                if !e.informed.is_empty() {
                    text.push_str(&format!("; informed: {}", e.informed));
                }
                if !e.not_needed_reason.is_empty() {
                    text.push_str(&format!(": not escalated, because {}", e.not_needed_reason));
                }
                text
            })
            .collect();
        let transitions: Vec<String> = r
            .transitions
            .iter()
            .map(|t| {
                let mut text = format!("{} from {} to {}", labels::direction(t.direction), self.role(&t.from_role_key), self.role(&t.to_role_key));
                if t.joint_visits > 0 {
                    text.push_str(&format!(", with {}", count(t.joint_visits, "joint visit", "joint visits")));
                }
                text.push('.');
                if !t.handover_plan.is_empty() {
                    text.push_str(&format!(" Handover: {}", t.handover_plan));
                }
                if !t.consult_contact.is_empty() {
                    text.push_str(&format!(" Can consult: {}", t.consult_contact));
                }
                if let Some(day) = &t.follow_up_date {
                    text.push_str(&format!(" Follow-up booked for {}.", long_date(day)));
                }
                text
            })
            .collect();
        let pairs = [
            ("Needs", needs.join(", ")),
            ("Who leads on what", leads.join("\n")),
            ("Clinical risk held by", if agreement_shown && r.risk_holder_id.is_none() { String::new() } else { self.member(r.risk_holder_id) }),
            ("Escalation", escalations.join("\n")),
            ("Step-down or step-up", transitions.join("\n")),
            ("Keeping people informed", r.communication_plan.trim().to_string()),
            ("Urgent contacts", r.urgent_contacts.trim().to_string()),
        ];
        doc.key_values(pairs.into_iter().filter(|(_, v)| !v.is_empty()));
        doc.heading(Level::H3, "Decision").paragraph(or_none(r.decision.trim()));
        doc.key_values([
            ("Responsible", self.member(r.decision_owner_id)),
            ("Next review", r.next_review_date.as_deref().map_or_else(|| "Not set".into(), long_date)),
        ]);
    }

    fn other_item(&self, doc: &mut Document, number: usize, item: &AgendaItem) {
        doc.heading(Level::H2, format!("{number}. {}", item_title(item)));
        let mut facts = Vec::new();
        if item.presenter_id.is_some() {
            facts.push(("Presented by", self.member(item.presenter_id)));
        }
        facts.push(("Time", time_used(item)));
        doc.key_values(facts);
        self.item_actions(doc, item);
    }

    /// The actions agreed under an item, by their number in the table of agreed actions.
    fn item_actions(&self, doc: &mut Document, item: &AgendaItem) {
        if item.actions.is_empty() {
            return;
        }
        let pairs = item.actions.iter().map(|a| (format!("Action {}", self.number(a)), action_line(a)));
        doc.heading(Level::H3, "Actions agreed").key_values(pairs);
    }

    /// Referrals made at this discussion, as made: to whom, by whom, when and why (their later
    /// status is follow-up, not minutes).
    fn item_referrals(&self, doc: &mut Document, item: &AgendaItem) {
        if !self.referrals.contains_key(&item.id) {
            return;
        }
        doc.heading(Level::H3, "Referrals made");
        self.referral_pairs(doc, item);
    }

    fn referral_pairs(&self, doc: &mut Document, item: &AgendaItem) {
        let Some(made) = self.referrals.get(&item.id) else { return };
        let pairs = made.iter().map(|r| {
            let consent = if r.outside { " Consent to share with them: agreed." } else { "" };
            (format!("To {}", r.to_label), format!("From {}, {}: {}{consent}", r.from_name, short_date(&r.made_on), in_brief(&r.reason)))
        });
        doc.key_values(pairs);
    }

    /// Whether an item belongs in the numbered sequence: everything but a case that was not
    /// reached (a case still pending in a draft counts once something is recorded against it, as
    /// [`meetings::recorded_but_pending`] says: finalising then marks it discussed).
    fn was_taken(&self, item: &AgendaItem) -> bool {
        match (item.kind, item.outcome) {
            (AgendaKind::Case, Outcome::Discussed) => true,
            (AgendaKind::Case, Outcome::NotDiscussed) => false,
            (AgendaKind::Case, Outcome::Pending) => self.recorded_pending.contains(&item.id),
            _ => true,
        }
    }

    fn not_discussed(&self, doc: &mut Document) {
        let waiting: Vec<&AgendaItem> = self.detail.agenda.iter().filter(|item| !self.was_taken(item)).collect();
        if waiting.is_empty() {
            return;
        }
        let finalised = self.detail.meeting.status == MeetingStatus::Finalised;
        doc.heading(Level::H2, if finalised { "Listed but not discussed" } else { "Listed, not yet discussed" });
        if finalised {
            doc.paragraph(
                "These cases were on the agenda but not reached. They carry to the next meeting of the series, \
                 except for anyone who objected to being discussed.",
            );
        }
        let mut table = Table::new([
            Column::fixed("Case", 28.0),
            Column::share("Reason", 3.0),
            Column::share("Presented by", 1.5),
            Column::share("Next", 1.4),
        ]);
        for &item in &waiting {
            let next = match item.consent {
                Consent::Objected => "Not carried forward: the person objected to MDT discussion",
                _ if finalised => "Carried to the next meeting",
                _ => "Still on this agenda",
            };
            let presenter = and_list(&item.presenter_name.iter().chain(&item.co_presenter_names).cloned().collect::<Vec<_>>());
            let mut reference = item.label().to_string();
            if self.include_identifiers && item.case_id.is_some() {
                reference = format!("{reference}\n{}", self.identifier_text(item));
            }
            table.row([reference.into(), item.reason.as_str().into(), presenter.into(), next.into()]);
        }
        doc.table(table);
        // A referral made from the record of a case the meeting then did not reach still went.
        for item in waiting.iter().filter(|item| self.referrals.contains_key(&item.id)) {
            doc.heading(Level::H3, format!("Referrals made for {} (not discussed)", item.label()));
            self.referral_pairs(doc, item);
        }
    }

    fn agreed_actions(&self, doc: &mut Document) {
        doc.heading(Level::H2, "Agreed actions");
        if self.agreed.is_empty() {
            doc.paragraph("No actions were agreed at this meeting.");
            return;
        }
        let mut table = Table::new([
            Column::fixed("No.", 11.0),
            Column::share("Action", 3.0),
            Column::share("Owner", 1.4),
            Column::fixed("Due", 23.0),
            Column::fixed("Case", 25.0),
        ]);
        for (i, a) in self.agreed.iter().enumerate() {
            table.row([
                Cell::from((i + 1).to_string()),
                a.description.as_str().into(),
                a.owner_name.as_str().into(),
                a.due_date.as_deref().map(short_date).unwrap_or_else(|| "No date".into()).into(),
                a.case_reference.clone().unwrap_or_default().into(),
            ]);
        }
        doc.table(table);
    }

    fn next_meeting(&self, doc: &mut Document) {
        let Some(next) = &self.next else { return };
        let mut text = format!("Next meeting: {}, {}", long_date(&next.starts_at), words::clock(&next.starts_at));
        if !next.location.is_empty() {
            text.push_str(&format!(", {}", next.location));
        }
        text.push('.');
        doc.push(super::Block::Space(2.0)).paragraph(text);
    }
}

/// A stored UTC timestamp (RFC 3339) in this machine's time zone, as the team reads a clock.
fn local_time(utc: &str) -> Option<DateTime<Local>> {
    DateTime::parse_from_rfc3339(utc).ok().map(|t| t.with_timezone(&Local))
}

fn item_title(item: &AgendaItem) -> &str {
    match (item.kind, item.title.trim()) {
        (AgendaKind::TeachIn, "") => "Teach-in",
        (AgendaKind::MattersArising, "") => "Matters arising",
        (_, "") => "Other business",
        (_, title) => title,
    }
}

fn is_blank(r: &DiscussionRecord) -> bool {
    r == &DiscussionRecord::default()
}

/// Longest a person's words run in the minutes before they are cut short (in characters).
const IN_BRIEF_MAX: usize = 400;

/// `text` as the minutes give it: whole when short, else cut at a word near [`IN_BRIEF_MAX`]
/// characters and saying where the rest is.
fn in_brief(text: &str) -> String {
    if text.chars().count() <= IN_BRIEF_MAX {
        return text.to_string();
    }
    let cut: String = text.chars().take(IN_BRIEF_MAX).collect();
    let cut = cut.rsplit_once(char::is_whitespace).map_or(cut.as_str(), |(head, _)| head).trim_end();
    format!("{cut}… (in full in the person's record)")
}

fn or_none(text: &str) -> String {
    if text.trim().is_empty() { "Not recorded".into() } else { text.trim().to_string() }
}

/// "15 minutes allowed, 17 used".
fn time_used(item: &AgendaItem) -> String {
    let allowed = format!("{} allowed", count(item.minutes_allowed, "minute", "minutes"));
    match item.seconds_used {
        0 => allowed,
        s => format!("{allowed}, {} used", (s + 30) / 60),
    }
}

/// "What — Owner, due 12 Mar 2026".
fn action_line(a: &AgreedAction) -> String {
    let due = a.due_date.as_deref().map_or_else(|| "no due date".into(), |d| format!("due {}", short_date(d)));
    format!("{} ({}, {due})", a.description, a.owner_name)
}

/// The meeting's actions in agenda order (each item's in the order the agenda lists them), then
/// any not tied to an item.
fn agreed_in_agenda_order(conn: &Connection, detail: &MeetingRecord) -> Result<Vec<AgreedAction>> {
    let mut ordered: Vec<AgreedAction> = detail.agenda.iter().flat_map(|i| i.actions.iter().cloned()).collect();
    let all = actions::list(conn, &ActionFilter { meeting_id: Some(detail.meeting.id), ..Default::default() })?;
    let rest: Vec<AgreedAction> = all.into_iter().filter(|a| !ordered.iter().any(|o| o.id == a.id)).collect();
    ordered.extend(rest);
    Ok(ordered)
}
