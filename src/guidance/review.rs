//! Reading a case's facts from the database, the review of a whole meeting, the chair's lead
//! decision, and what is kept for the minutes when they are finalised.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;

use super::{
    CaseFacts, CaseGuidance, LeadDecision, LeadSuggestion, OverriddenFlag, PastRecord, ResolvedLead, SuggestionKind,
    assess, load_settings,
};
use crate::actions::{self, ActionFilter, ActionStatus};
use crate::agenda::{self, AgendaItem, AgendaKind, Outcome};
use crate::audit::{self, AuditAction, AuditEntity, Change};
use crate::discussions::DiscussionRecord;
use crate::meeting_record::{self, EditMode, Meeting, MeetingStatus, ensure_editable, meeting_of_item};
use crate::labels;
use crate::words::{and_list, capitalised, count, in_sentence};
use crate::{Error, Result, Store, members, roles};

/// Names the JSON printed by `mdt review --json`.
pub const REVIEW_FORMAT: &str = "mdt-guidance-review";
/// Raised when a field of the review is renamed or removed; adding fields keeps the version.
pub const REVIEW_VERSION: u32 = 1;

const REASON_MAX: usize = 2_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewMeeting {
    pub id: i64,
    pub title: String,
    pub starts_at: String,
    pub status: MeetingStatus,
}

/// Every case of a meeting with its suggestion, recorded lead and open flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingReview {
    /// Always "mdt-guidance-review".
    pub format: String,
    pub version: u32,
    pub meeting: ReviewMeeting,
    pub cases: Vec<CaseGuidance>,
    /// Open flags on the cases that stand as discussed or are still pending (cases listed but not
    /// discussed carry forward, and their flags with them).
    pub open_flags: usize,
}

/// What the minutes show about the lead for one case: the suggestion, what the team recorded
/// and why, and the flags the chair finalised past.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MinutesCaseGuidance {
    pub agenda_item_id: i64,
    pub reference: String,
    /// The suggestion kept when the minutes were finalised; for minutes not yet final, today's.
    /// `None` when no needs were tagged.
    pub suggested_lead: Option<LeadSuggestion>,
    pub recorded_leads: Vec<ResolvedLead>,
    /// Why the team chose a lead other than the suggestion; empty when it did not.
    pub override_reason: String,
    pub overridden: Vec<OverriddenFlag>,
}

/// What stays the same for every case of a meeting.
struct Context {
    meeting: Meeting,
    members: Vec<members::TeamMember>,
    roles: Vec<roles::Role>,
    settings: super::GuidanceSettings,
}

impl Context {
    fn load(conn: &Connection, meeting_id: i64) -> Result<Context> {
        Ok(Context {
            meeting: meeting_record::get(conn, meeting_id)?,
            members: members::list(conn)?,
            roles: roles::list(conn)?,
            settings: load_settings(conn)?,
        })
    }

    fn facts(&self, conn: &Connection, item: &AgendaItem, unsaved: Option<&DiscussionRecord>) -> Result<CaseFacts> {
        let case_id = item.case_id.ok_or_else(|| Error::Conflict("Only case items have guidance.".into()))?;
        let other_open_actions = actions::list(
            conn,
            &ActionFilter { case_id: Some(case_id), status: Some(ActionStatus::Open), ..Default::default() },
        )?
        .into_iter()
        .filter(|a| a.agenda_item_id != Some(item.id))
        .collect();
        Ok(CaseFacts {
            agenda_item_id: item.id,
            reference: item.label().to_string(),
            outcome: item.outcome,
            reason: item.reason.clone(),
            record: unsaved.cloned().or_else(|| item.discussion.clone()).unwrap_or_default(),
            presenter_id: item.presenter_id,
            professionals: item.professionals.clone(),
            members: self.members.clone(),
            roles: self.roles.clone(),
            actions: item.actions.clone(),
            other_open_actions,
            previous: previous_record(conn, case_id, item.id, &self.meeting.starts_at)?,
            decision: lead_decision(conn, item.id)?,
            settings: self.settings.clone(),
            overridden: overridden(conn, item.id)?,
        })
    }
}

/// The person's latest earlier discussion that recorded a lead.
fn previous_record(conn: &Connection, case_id: i64, item_id: i64, before: &str) -> Result<Option<PastRecord>> {
    let found: Option<(i64, String, String)> = conn
        .prepare_cached(
            "SELECT a.id, m.title, m.starts_at FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
             WHERE a.case_id = ?1 AND a.id <> ?2 AND m.starts_at < ?3
               AND EXISTS (SELECT 1 FROM discussion_leads l WHERE l.agenda_item_id = a.id)
             ORDER BY m.starts_at DESC, a.id DESC LIMIT 1",
        )?
        .query_row(params![case_id, item_id, before], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((agenda_item_id, meeting_title, meeting_starts_at)) = found else { return Ok(None) };
    let record = crate::discussions::get(conn, agenda_item_id)?.unwrap_or_default();
    Ok(Some(PastRecord { agenda_item_id, meeting_title, meeting_starts_at, record }))
}

fn lead_decision(conn: &Connection, item_id: i64) -> Result<LeadDecision> {
    let row: Option<(String, String)> = conn
        .prepare_cached("SELECT suggested_lead, lead_override_reason FROM case_discussions WHERE agenda_item_id = ?1")?
        .query_row([item_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((json, override_reason)) = row else { return Ok(LeadDecision::default()) };
    let suggestion = match json.trim() {
        "" => None,
        text => serde_json::from_str(text)
            .inspect_err(|e| tracing::warn!(item_id, error = %e, "stored lead suggestion not readable; ignored"))
            .ok(),
    };
    Ok(LeadDecision { suggestion, override_reason })
}

fn overridden(conn: &Connection, item_id: i64) -> Result<Vec<OverriddenFlag>> {
    let mut stmt = conn.prepare_cached(
        "SELECT flag_code, detail, overridden_at FROM guidance_overrides WHERE agenda_item_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([item_id], |r| Ok(OverriddenFlag { code: r.get(0)?, detail: r.get(1)?, overridden_at: r.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The guidance flags the chair finalised past on one case of a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseOverrides {
    pub agenda_item_id: i64,
    /// In the order they were recorded.
    pub flags: Vec<OverriddenFlag>,
}

/// Every case of a meeting with flags overridden at finalising, in agenda order: what the minutes
/// print under each case. Empty for minutes not yet finalised.
pub fn meeting_overrides(conn: &Connection, meeting_id: i64) -> Result<Vec<CaseOverrides>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.agenda_item_id, o.flag_code, o.detail, o.overridden_at
         FROM guidance_overrides o JOIN agenda_items a ON a.id = o.agenda_item_id
         WHERE a.meeting_id = ?1 ORDER BY a.position, a.id, o.id",
    )?;
    let rows = stmt.query_map([meeting_id], |r| {
        Ok((r.get::<_, i64>(0)?, OverriddenFlag { code: r.get(1)?, detail: r.get(2)?, overridden_at: r.get(3)? }))
    })?;
    let mut out: Vec<CaseOverrides> = Vec::new();
    for row in rows {
        let (agenda_item_id, flag) = row?;
        match out.last_mut() {
            Some(last) if last.agenda_item_id == agenda_item_id => last.flags.push(flag),
            _ => out.push(CaseOverrides { agenda_item_id, flags: vec![flag] }),
        }
    }
    Ok(out)
}

fn case_item(conn: &Connection, item_id: i64) -> Result<(Context, AgendaItem)> {
    let meeting_id = meeting_of_item(conn, item_id)?;
    let item = agenda::load(conn, meeting_id)?
        .into_iter()
        .find(|i| i.id == item_id)
        .ok_or_else(|| Error::NotFound { what: format!("Agenda item #{item_id}") })?;
    if item.kind != AgendaKind::Case {
        return Err(Error::Conflict("Only case items have guidance.".into()));
    }
    Ok((Context::load(conn, meeting_id)?, item))
}

/// The guidance for one case. With `unsaved`, for the record as it stands on screen, so the
/// panel can follow the typing before the autosave lands.
pub fn case_guidance(conn: &Connection, item_id: i64, unsaved: Option<&DiscussionRecord>) -> Result<CaseGuidance> {
    let (context, item) = case_item(conn, item_id)?;
    Ok(assess(&context.facts(conn, &item, unsaved)?))
}

/// The review of every case on a meeting's agenda, in agenda order.
pub fn meeting_review(conn: &Connection, meeting_id: i64) -> Result<MeetingReview> {
    let context = Context::load(conn, meeting_id)?;
    let mut cases = Vec::new();
    for item in agenda::load(conn, meeting_id)?.iter().filter(|i| i.kind == AgendaKind::Case) {
        cases.push(assess(&context.facts(conn, item, None)?));
    }
    let open_flags = cases.iter().filter(|c| c.outcome != Outcome::NotDiscussed).map(|c| c.flags.len()).sum();
    let m = &context.meeting;
    Ok(MeetingReview {
        format: REVIEW_FORMAT.into(),
        version: REVIEW_VERSION,
        meeting: ReviewMeeting { id: m.id, title: m.title.clone(), starts_at: m.starts_at.clone(), status: m.status },
        cases,
        open_flags,
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StoredDecision {
    suggested_lead: Option<LeadSuggestion>,
    override_reason: String,
}

/// The chair's answer to the suggestion for a case, as its record stands saved: an empty reason
/// accepts it, a reason explains why the team recorded a different lead. The suggestion is kept
/// beside the reason, so the minutes show both.
#[instrument(skip(store, override_reason), err)]
pub fn record_lead_decision(store: &mut Store, item_id: i64, override_reason: &str) -> Result<CaseGuidance> {
    let reason = override_reason.trim().to_string();
    if reason.chars().count() > REASON_MAX {
        return Err(Error::invalid("overrideReason", format!("Keep the reason under {REASON_MAX} characters.")));
    }
    store.write(|tx, actor| {
        let mode = ensure_editable(tx, meeting_of_item(tx, item_id)?)?;
        let guidance = case_guidance(tx, item_id, None)?;
        if guidance.suggested_lead.kind == SuggestionKind::None {
            return Err(Error::invalid(
                "overrideReason",
                "There is no suggestion to accept or differ from yet: tag the person's needs first.",
            ));
        }
        let before = lead_decision(tx, item_id)?;
        tx.execute(
            "INSERT INTO case_discussions (agenda_item_id, suggested_lead, lead_override_reason, updated_at)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (agenda_item_id) DO UPDATE SET suggested_lead = excluded.suggested_lead,
                 lead_override_reason = excluded.lead_override_reason, updated_at = excluded.updated_at",
            params![item_id, to_json(&guidance.suggested_lead), reason, crate::storage::now_utc()],
        )?;
        if let EditMode::Amending = mode {
            let before = StoredDecision { suggested_lead: before.suggestion, override_reason: before.override_reason };
            let after = StoredDecision { suggested_lead: Some(guidance.suggested_lead.clone()), override_reason: reason.clone() };
            audit::record(
                tx,
                actor,
                Change { entity: AuditEntity::LeadDecision, entity_id: item_id, action: AuditAction::Amend, before: Some(&before), after: Some(&after) },
            )?;
        }
        case_guidance(tx, item_id, None)
    })
}

fn to_json(suggestion: &LeadSuggestion) -> String {
    serde_json::to_string(suggestion).expect("a suggestion serialises")
}

/// At finalising, inside the finalise transaction: keeps each discussed case's suggestion as it
/// stands, and records every flag still open as overridden by the chair.
pub(crate) fn record_at_finalise(tx: &Transaction<'_>, meeting_id: i64) -> Result<()> {
    let review = meeting_review(tx, meeting_id)?;
    let now = crate::storage::now_utc();
    for case in review.cases.iter().filter(|c| c.outcome == Outcome::Discussed) {
        if case.suggested_lead.kind != SuggestionKind::None {
            tx.execute(
                "UPDATE case_discussions SET suggested_lead = ?2 WHERE agenda_item_id = ?1",
                params![case.agenda_item_id, to_json(&case.suggested_lead)],
            )?;
        }
        for flag in &case.flags {
            tx.execute(
                "INSERT INTO guidance_overrides (agenda_item_id, flag_code, detail, overridden_at) VALUES (?1, ?2, ?3, ?4)",
                params![case.agenda_item_id, flag.code, flag.title, now],
            )?;
        }
    }
    Ok(())
}

/// For the minutes: per case (except those listed but not discussed), the suggested lead beside
/// the recorded one, the reason for any difference, and the flags overridden at finalising.
pub fn minutes_guidance(conn: &Connection, meeting_id: i64) -> Result<Vec<MinutesCaseGuidance>> {
    let finalised = meeting_record::get(conn, meeting_id)?.status == MeetingStatus::Finalised;
    let mut out = Vec::new();
    for case in meeting_review(conn, meeting_id)?.cases.into_iter().filter(|c| c.outcome != Outcome::NotDiscussed) {
        let kept = if finalised { lead_decision(conn, case.agenda_item_id)?.suggestion } else { None };
        let live = Some(case.suggested_lead).filter(|s| s.kind != SuggestionKind::None);
        out.push(MinutesCaseGuidance {
            agenda_item_id: case.agenda_item_id,
            reference: case.reference,
            suggested_lead: kept.or(live),
            recorded_leads: case.recorded_lead.leads,
            override_reason: case.recorded_lead.override_reason,
            overridden: case.overridden,
        });
    }
    Ok(out)
}

impl MeetingReview {
    /// The review as plain text, as `mdt review` prints it.
    pub fn to_text(&self) -> String {
        let m = &self.meeting;
        let mut out = format!(
            "Guidance review: {}, {} ({})\nSuggestions from the RCOT/NASP guidance \"Working together\". They never decide: the team does.\n",
            m.title,
            m.starts_at.replace('T', " "),
            m.status.as_str().replace('_', " ")
        );
        if self.cases.is_empty() {
            out.push_str("\nNo cases on this meeting's agenda.\n");
        }
        for case in &self.cases {
            out.push('\n');
            case_text(&mut out, case);
        }
        let with_flags = self.cases.iter().filter(|c| c.outcome != Outcome::NotDiscussed && !c.flags.is_empty()).count();
        out.push_str(&format!("\n{} on {}.\n", count(self.open_flags, "open flag", "open flags"), count(with_flags, "case", "cases")));
        out
    }
}

fn case_text(out: &mut String, case: &CaseGuidance) {
    use super::{FlagKind, LeadStatus};
    let line = |out: &mut String, indent: usize, text: &str| {
        out.push_str(&" ".repeat(indent));
        out.push_str(text);
        out.push('\n');
    };
    let carries = if case.outcome == Outcome::NotDiscussed { ": carries forward" } else { "" };
    line(out, 0, &format!("{} ({}{carries})", case.reference, in_sentence(labels::outcome(case.outcome))));
    if case.outcome == Outcome::NotDiscussed {
        return;
    }
    let s = &case.suggested_lead;
    line(out, 2, &format!("Suggested lead: {}", s.summary));
    for l in &s.leads {
        let who = l.member_name.as_ref().map(|n| format!(" ({n})")).unwrap_or_default();
        line(out, 4, &format!("- {}{who}: {}", capitalised(&super::short_role(&l.role_key)), l.aspect));
    }
    for (i, r) in s.reasons.iter().enumerate() {
        line(out, 4, &format!("{}{} [{}]", if i == 0 { "Why: " } else { "     " }, r.text, r.source));
    }
    if let Some(p) = &case.previous_lead {
        let leads = p.leads.iter().map(ResolvedLead::describe).collect::<Vec<_>>().join("; ");
        let changed = if p.lead_changes { " (the suggestion has changed since)" } else { "" };
        line(out, 2, &format!("Previous lead ({}, {}): {leads}{changed}", p.meeting_title, &p.meeting_starts_at[..p.meeting_starts_at.len().min(10)]));
    }
    let r = &case.recorded_lead;
    let leads = if r.leads.is_empty() { "none".to_string() } else { r.leads.iter().map(ResolvedLead::describe).collect::<Vec<_>>().join("; ") };
    line(out, 2, &format!("Recorded lead: {leads}"));
    let status = match r.status {
        LeadStatus::NoSuggestion | LeadStatus::NotRecorded => None,
        LeadStatus::MatchesSuggestion | LeadStatus::DiffersWithoutReason => Some(format!("{}.", r.status.label())),
        LeadStatus::DiffersWithReason => Some(format!("Differs from the suggestion. Reason: \"{}\"", r.override_reason)),
        LeadStatus::ReasonOutdated => Some(format!("{}: \"{}\"", r.status.label(), r.override_reason)),
    };
    if let Some(status) = status {
        line(out, 4, &status);
    }
    if let Some(j) = &case.joint_working {
        let open = j.questions.iter().filter(|q| !q.answered).count();
        line(out, 2, &format!("Joint working ({}): {open} of 4 questions unanswered", and_list(&j.involved)));
        for q in &j.questions {
            let answer = if q.answered { format!(" {}", q.answer) } else { String::new() };
            line(out, 4, &format!("[{}] {}{answer}", if q.answered { "x" } else { " " }, q.question));
        }
    }
    if !case.escalations.is_empty() {
        line(out, 2, "Escalation:");
        for e in &case.escalations {
            line(out, 4, &format!("{}: {}. {}", e.label, in_sentence(e.status.label()), e.why));
        }
    }
    if case.flags.is_empty() {
        line(out, 2, "No open flags.");
    } else {
        line(out, 2, &format!("Open flags ({}):", case.flags.len()));
        for f in &case.flags {
            let mark = if f.kind == FlagKind::Warning { "!" } else { "?" };
            line(out, 4, &format!("{mark} {}", f.title));
            line(out, 6, &format!("{} [{}]", f.reason, f.source));
            if let Some(action) = &f.action {
                line(out, 6, &format!("Suggested action: {action}"));
            }
        }
    }
    if !case.overridden.is_empty() {
        line(out, 2, &format!("Overridden at finalising ({}):", case.overridden.len()));
        for o in &case.overridden {
            line(out, 4, &format!("- {}", o.detail));
        }
    }
}
