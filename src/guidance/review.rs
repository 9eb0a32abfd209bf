//! Reading a case's facts from the database, the review of a whole meeting, the chair's lead
//! decision, and what is kept for the minutes when they are finalised.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;

use super::{
    CaseFacts, CaseGuidance, Flag, FlagCode, LeadDecision, LeadSuggestion, OverriddenFlag, PastRecord, ResolvedLead,
    SuggestionKind, assess, load_settings,
};
use crate::actions::{self, ActionFilter, ActionStatus};
use crate::agenda::{self, AgendaItem, AgendaKind, Outcome};
use crate::audit::{self, AuditAction, AuditEntity, Change};
use crate::discussions::DiscussionRecord;
use crate::escalations::{self, EscalationState};
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
    /// Flags the chair dismissed (with the reason): kept when the minutes were finalised; for
    /// minutes not yet final, as they stand now.
    pub dismissed: Vec<FlagDismissal>,
    /// The escalations recorded at this discussion and those carried to it, open or closed.
    pub escalations: Vec<EscalationState>,
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
        let record = unsaved.cloned().or_else(|| item.discussion.clone()).unwrap_or_default();
        let mut facts = CaseFacts {
            agenda_item_id: item.id,
            reference: item.label().to_string(),
            outcome: item.outcome,
            reason: item.reason.clone(),
            record,
            presenter_id: item.presenter_id,
            co_presenter_ids: item.co_presenter_ids.clone(),
            professionals: item.professionals.clone(),
            members: self.members.clone(),
            roles: self.roles.clone(),
            actions: item.actions.clone(),
            other_open_actions,
            previous: previous_record(conn, case_id, item.id, &self.meeting.starts_at)?,
            decision: lead_decision(conn, item.id)?,
            settings: self.settings.clone(),
            overridden: overridden(conn, item.id)?,
            agreement: None,
        };
        if let Some(agreement) = crate::agreement::in_force_at(conn, item.id)? {
            facts.apply_agreement(agreement);
        }
        Ok(facts)
    }

    /// What the rules cannot know: the chair's dismissals for this person as they stood at this
    /// meeting, and the escalations carried to it.
    fn finish(&self, conn: &Connection, item: &AgendaItem, unsaved: Option<&DiscussionRecord>, guidance: &mut CaseGuidance) -> Result<()> {
        if let Some(case_id) = item.case_id {
            apply_dismissals(&dismissals_in_force(conn, case_id, &self.meeting.starts_at)?, guidance);
        }
        guidance.escalation_states = escalations::states_with(conn, item.id, unsaved)?;
        Ok(())
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
    let mut guidance = assess(&context.facts(conn, &item, unsaved)?);
    context.finish(conn, &item, unsaved, &mut guidance)?;
    Ok(guidance)
}

/// The review of every case on a meeting's agenda, in agenda order.
pub fn meeting_review(conn: &Connection, meeting_id: i64) -> Result<MeetingReview> {
    let context = Context::load(conn, meeting_id)?;
    let mut cases = Vec::new();
    for item in agenda::load(conn, meeting_id)?.iter().filter(|i| i.kind == AgendaKind::Case) {
        let mut guidance = assess(&context.facts(conn, item, None)?);
        context.finish(conn, item, None, &mut guidance)?;
        cases.push(guidance);
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
        for d in &case.dismissed {
            tx.execute(
                "INSERT INTO guidance_dismissed (agenda_item_id, dismissal_id, flag_code, detail, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![case.agenda_item_id, d.dismissal.id, d.flag.code, d.flag.title, now],
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
        let dismissed = if finalised {
            dismissed_at_finalise(conn, case.agenda_item_id)?
        } else {
            case.dismissed.into_iter().map(|d| d.dismissal).collect()
        };
        out.push(MinutesCaseGuidance {
            agenda_item_id: case.agenda_item_id,
            reference: case.reference,
            suggested_lead: kept.or(live),
            recorded_leads: case.recorded_lead.leads,
            override_reason: case.recorded_lead.override_reason,
            overridden: case.overridden,
            dismissed,
            escalations: case.escalation_states,
        });
    }
    Ok(out)
}

/// What the minutes print from the guidance under one case: the flags the chair dismissed and
/// the escalations, open or closed. The same as those two parts of [`MinutesCaseGuidance`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesCaseNotes {
    pub agenda_item_id: i64,
    pub dismissed: Vec<FlagDismissal>,
    pub escalations: Vec<EscalationState>,
}

/// For the minutes: [`minutes_guidance`]'s dismissed flags and escalations for the same cases, in
/// agenda order. Finalised minutes print what was kept when they were finalised, read for the
/// whole meeting at once; only minutes not yet final assess each case afresh for them.
pub fn minutes_notes(conn: &Connection, meeting_id: i64) -> Result<Vec<MinutesCaseNotes>> {
    if meeting_record::get(conn, meeting_id)?.status != MeetingStatus::Finalised {
        let cases = minutes_guidance(conn, meeting_id)?.into_iter();
        return Ok(cases.map(|c| MinutesCaseNotes { agenda_item_id: c.agenda_item_id, dismissed: c.dismissed, escalations: c.escalations }).collect());
    }
    let mut kept: std::collections::HashMap<i64, Vec<FlagDismissal>> = std::collections::HashMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT d.id, d.flag_code, d.fingerprint, g.detail, d.flag_reason, d.reason, d.dismissed_by, d.dismissed_at,
                    d.agenda_item_id, m.title, m.starts_at, g.agenda_item_id
             FROM agenda_items ga JOIN guidance_dismissed g ON g.agenda_item_id = ga.id
             JOIN flag_dismissals d ON d.id = g.dismissal_id
             JOIN agenda_items a ON a.id = d.agenda_item_id JOIN meetings m ON m.id = a.meeting_id
             WHERE ga.meeting_id = ?1 ORDER BY g.id",
        )?;
        let rows = stmt.query_map([meeting_id], |r| Ok((r.get::<_, i64>(11)?, dismissal_from_row(r)?)))?;
        for row in rows {
            let (item, dismissal) = row?;
            kept.entry(item).or_default().push(dismissal);
        }
    }
    let items: Vec<i64> = conn
        .prepare_cached(
            "SELECT id FROM agenda_items WHERE meeting_id = ?1 AND kind = 'case' AND outcome <> 'not_discussed' ORDER BY position, id",
        )?
        .query_map([meeting_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    items
        .into_iter()
        .map(|id| {
            Ok(MinutesCaseNotes {
                agenda_item_id: id,
                dismissed: kept.remove(&id).unwrap_or_default(),
                escalations: escalations::states_with(conn, id, None)?,
            })
        })
        .collect()
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
    if !case.escalation_states.is_empty() {
        line(out, 2, "Escalations, open or closed:");
        for e in &case.escalation_states {
            line(out, 4, &format!("- {}", e.describe()));
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
            if let Some(d) = &f.dismissal.dismissed_before {
                line(out, 6, &format!("Dismissed before at {} by {} (\"{}\"); shown again because what it rests on changed. {}", d.meeting_title, d.dismissed_by, d.reason, f.dismissal.what_changed));
            }
        }
    }
    if !case.dismissed.is_empty() {
        line(out, 2, &format!("Dismissed by the chair ({}):", case.dismissed.len()));
        for d in &case.dismissed {
            line(out, 4, &format!("- {}", d.flag.title));
            line(out, 6, &format!("Dismissed at {} by {}, because: {}", d.dismissal.meeting_title, d.dismissal.dismissed_by, d.dismissal.reason));
        }
    }
    if !case.overridden.is_empty() {
        line(out, 2, &format!("Overridden at finalising ({}):", case.overridden.len()));
        for o in &case.overridden {
            line(out, 4, &format!("- {}", o.detail));
        }
    }
}

// ----- Dismissals ------------------------------------------------------------------------------

/// What a flag needs for the chair to dismiss it, and an earlier dismissal it is shown again after.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FlagDismissalInfo {
    /// The facts behind the flag (see [`fingerprint`]); the chair's dismissal names it.
    pub fingerprint: String,
    /// False for the escalation prompts: the record answers them (the route taken and who was
    /// informed, or why escalation is not needed), never a dismissal.
    pub can_dismiss: bool,
    /// Dismissed for this person before, when what it rests on was different.
    pub dismissed_before: Option<FlagDismissal>,
    /// What it said then, where that differs from now; empty when it was not dismissed before.
    pub what_changed: String,
}

/// A chair's dismissal of a flag for one person, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FlagDismissal {
    pub id: i64,
    pub code: FlagCode,
    /// The flag's title and reason when it was dismissed.
    pub flag_title: String,
    pub flag_reason: String,
    /// Why the chair dismissed it.
    pub reason: String,
    pub dismissed_by: String,
    /// UTC, RFC 3339.
    pub dismissed_at: String,
    /// The discussion where it was dismissed, and its meeting.
    pub agenda_item_id: i64,
    pub meeting_title: String,
    pub meeting_starts_at: String,
}

/// A flag the rules raise, held back because the chair dismissed it for this person and the
/// facts behind it have not changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DismissedFlag {
    pub flag: Flag,
    pub dismissal: FlagDismissal,
}

/// Whether the chair may dismiss a flag with this code. Escalation prompts are answered in the
/// record (route and who was informed, or why not): a dismissal must never hide one.
pub fn can_dismiss(code: FlagCode) -> bool {
    !matches!(code, FlagCode::EscalationUnrecorded | FlagCode::EscalationIncomplete)
}

/// The facts behind a flag: its code and the record parts it cites. The rules cite them in the
/// flag's own words (names and roles, the aspect led on, the action's wording, the needs, counts,
/// the meeting an earlier action came from), so the fingerprint is of the code, the title, the
/// reason and any suggested action, with spacing and case ignored. Text that comes from the team's
/// settings (a threshold) is part of it too: a change there shows the flag again, the safe way
/// round. FNV-1a, so the same facts give the same fingerprint in every build.
pub fn fingerprint(flag: &Flag) -> String {
    let norm = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let text = [flag.code.as_str().to_string(), norm(&flag.title), norm(&flag.reason), norm(flag.action.as_deref().unwrap_or(""))].join("\u{1f}");
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{}:{hash:016x}", flag.code.as_str())
}

struct InForce {
    fingerprint: String,
    dismissal: FlagDismissal,
}

/// The person's dismissals in force at a meeting starting `as_of`: made at that meeting or an
/// earlier one, and not undone by then. Newest first.
fn dismissals_in_force(conn: &Connection, case_id: i64, as_of: &str) -> Result<Vec<InForce>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.flag_code, d.fingerprint, d.flag_title, d.flag_reason, d.reason, d.dismissed_by, d.dismissed_at,
                d.agenda_item_id, m.title, m.starts_at
         FROM flag_dismissals d JOIN agenda_items a ON a.id = d.agenda_item_id JOIN meetings m ON m.id = a.meeting_id
         LEFT JOIN agenda_items ua ON ua.id = d.undone_at_item_id LEFT JOIN meetings um ON um.id = ua.meeting_id
         WHERE d.case_id = ?1 AND m.starts_at <= ?2 AND (d.undone_at IS NULL OR um.starts_at > ?2)
         ORDER BY m.starts_at DESC, d.id DESC",
    )?;
    let rows = stmt.query_map(params![case_id, as_of], |r| {
        Ok(InForce { fingerprint: r.get(2)?, dismissal: dismissal_from_row(r)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Columns: id, flag_code, (any), flag_title, flag_reason, reason, dismissed_by, dismissed_at,
/// agenda_item_id, meeting title, meeting starts_at.
fn dismissal_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<FlagDismissal> {
    Ok(FlagDismissal {
        id: r.get(0)?,
        code: r.get(1)?,
        flag_title: r.get(3)?,
        flag_reason: r.get(4)?,
        reason: r.get(5)?,
        dismissed_by: r.get(6)?,
        dismissed_at: r.get(7)?,
        agenda_item_id: r.get(8)?,
        meeting_title: r.get(9)?,
        meeting_starts_at: r.get(10)?,
    })
}

fn dismissal(conn: &Connection, id: i64) -> Result<FlagDismissal> {
    Ok(conn.query_row(
        "SELECT d.id, d.flag_code, d.fingerprint, d.flag_title, d.flag_reason, d.reason, d.dismissed_by, d.dismissed_at,
                d.agenda_item_id, m.title, m.starts_at
         FROM flag_dismissals d JOIN agenda_items a ON a.id = d.agenda_item_id JOIN meetings m ON m.id = a.meeting_id
         WHERE d.id = ?1",
        [id],
        dismissal_from_row,
    )?)
}

/// The dismissals kept with finalised minutes for one case, in the order they were kept.
fn dismissed_at_finalise(conn: &Connection, item_id: i64) -> Result<Vec<FlagDismissal>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.flag_code, d.fingerprint, g.detail, d.flag_reason, d.reason, d.dismissed_by, d.dismissed_at,
                d.agenda_item_id, m.title, m.starts_at
         FROM guidance_dismissed g JOIN flag_dismissals d ON d.id = g.dismissal_id
         JOIN agenda_items a ON a.id = d.agenda_item_id JOIN meetings m ON m.id = a.meeting_id
         WHERE g.agenda_item_id = ?1 ORDER BY g.id",
    )?;
    let rows = stmt.query_map([item_id], dismissal_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Fills in each flag's fingerprint, moves the flags dismissed with the same fingerprint aside,
/// and marks a flag dismissed before under other facts with what it said then.
fn apply_dismissals(in_force: &[InForce], guidance: &mut CaseGuidance) {
    let flags = std::mem::take(&mut guidance.flags);
    let prints: Vec<String> = flags.iter().map(fingerprint).collect();
    for (mut flag, print) in flags.into_iter().zip(&prints) {
        let dismissable = can_dismiss(flag.code);
        flag.dismissal = FlagDismissalInfo { fingerprint: print.clone(), can_dismiss: dismissable, ..Default::default() };
        if dismissable {
            if let Some(d) = in_force.iter().find(|d| d.dismissal.code == flag.code && &d.fingerprint == print) {
                guidance.dismissed.push(DismissedFlag { flag, dismissal: d.dismissal.clone() });
                continue;
            }
            if let Some(d) = in_force.iter().find(|d| d.dismissal.code == flag.code && !prints.contains(&d.fingerprint)) {
                flag.dismissal.what_changed = what_changed(&d.dismissal, &flag);
                flag.dismissal.dismissed_before = Some(d.dismissal.clone());
            }
        }
        guidance.flags.push(flag);
    }
}

/// What the flag said when it was dismissed, where it differs from now: its title, else the
/// first sentence of its reason that no longer stands.
fn what_changed(then: &FlagDismissal, now: &Flag) -> String {
    let said = |what: &str| format!("When it was dismissed it said: \"{what}\"");
    if then.flag_title.trim() != now.title.trim() {
        return said(then.flag_title.trim());
    }
    let sentences = |t: &str| t.split(". ").map(|s| s.trim().trim_end_matches('.').to_string()).filter(|s| !s.is_empty()).collect::<Vec<_>>();
    let now_sentences = sentences(&now.reason);
    match sentences(&then.flag_reason).into_iter().find(|s| !now_sentences.contains(s)) {
        Some(s) => said(&format!("{s}.")),
        None => "What it rests on has changed since it was dismissed.".into(),
    }
}

/// Refuses a dismissal or an undo outside a meeting's own time: finalised minutes keep the
/// dismissals they were finalised with (an amendment changes the record, not these).
fn ensure_draft(conn: &Connection, item_id: i64) -> Result<()> {
    match ensure_editable(conn, meeting_of_item(conn, item_id)?)? {
        EditMode::Draft => Ok(()),
        EditMode::Amending => Err(Error::Conflict(
            "Flags are dismissed while the meeting is in progress; the finalised minutes keep the dismissals they were finalised with.".into(),
        )),
    }
}

/// The chair dismisses a flag on a case, with a reason (needed). It stays dismissed for this
/// person, at this meeting and later ones, while its fingerprint is the same; not counted as
/// open at finalising, and listed in the minutes with the reason. One transaction, audited.
/// `fingerprint` is the one shown with the flag: if the saved record no longer raises that flag
/// with those facts, nothing is dismissed.
#[instrument(skip(store, reason), err)]
pub fn dismiss_flag(store: &mut Store, item_id: i64, code: FlagCode, fingerprint: &str, reason: &str) -> Result<CaseGuidance> {
    let reason = reason.trim().to_string();
    if !can_dismiss(code) {
        return Err(Error::invalid(
            "reason",
            "An escalation prompt is not dismissed: under Escalation, record the route taken and who was informed, or why escalation is not needed.",
        ));
    }
    if reason.is_empty() {
        return Err(Error::invalid(
            "reason",
            "Say why the flag does not apply: the minutes list it with your reason, and it stays dismissed for this person until what it rests on changes.",
        ));
    }
    if reason.chars().count() > REASON_MAX {
        return Err(Error::invalid("reason", format!("Keep the reason under {REASON_MAX} characters.")));
    }
    crate::text_checks::check_note("reason", "reason", &reason)?;
    store.write(|tx, actor| {
        ensure_draft(tx, item_id)?;
        let guidance = case_guidance(tx, item_id, None)?;
        if guidance.dismissed.iter().any(|d| d.flag.code == code && d.flag.dismissal.fingerprint == fingerprint) {
            return Err(Error::Conflict("This flag is dismissed already.".into()));
        }
        let flag = guidance.flags.iter().find(|f| f.code == code && f.dismissal.fingerprint == fingerprint).ok_or_else(|| {
            Error::Conflict("This flag is no longer raised as it was shown: the record changed since. Look at the flags again.".into())
        })?;
        let case_id: i64 = tx.query_row("SELECT case_id FROM agenda_items WHERE id = ?1", [item_id], |r| r.get(0))?;
        tx.execute(
            "INSERT INTO flag_dismissals (case_id, agenda_item_id, flag_code, fingerprint, flag_title, flag_reason, reason, dismissed_by, dismissed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![case_id, item_id, code, fingerprint, flag.title, flag.reason, reason, actor, crate::storage::now_utc()],
        )?;
        let id = tx.last_insert_rowid();
        let after = dismissal(tx, id)?;
        audit::record(
            tx,
            actor,
            Change { entity: AuditEntity::FlagDismissal, entity_id: id, action: AuditAction::Create, before: None, after: Some(&after) },
        )?;
        case_guidance(tx, item_id, None)
    })
}

/// Undoes a dismissal in force at this case discussion: the flag is open again here and at later
/// meetings (minutes finalised before keep it as dismissed). One transaction, audited.
#[instrument(skip(store), err)]
pub fn undo_dismissal(store: &mut Store, item_id: i64, dismissal_id: i64) -> Result<CaseGuidance> {
    store.write(|tx, actor| {
        ensure_draft(tx, item_id)?;
        let guidance = case_guidance(tx, item_id, None)?;
        let Some(held) = guidance.dismissed.iter().find(|d| d.dismissal.id == dismissal_id) else {
            return Err(Error::Conflict("That dismissal holds back no flag on this case now, so there is nothing to undo here.".into()));
        };
        let now = crate::storage::now_utc();
        tx.execute(
            "UPDATE flag_dismissals SET undone_at_item_id = ?2, undone_by = ?3, undone_at = ?4 WHERE id = ?1",
            params![dismissal_id, item_id, actor, now],
        )?;
        let before = serde_json::json!({ "dismissal": held.dismissal, "undone": null });
        let after = serde_json::json!({ "dismissal": held.dismissal, "undone": { "atAgendaItemId": item_id, "by": actor, "at": now } });
        audit::record(
            tx,
            actor,
            Change { entity: AuditEntity::FlagDismissal, entity_id: dismissal_id, action: AuditAction::Update, before: Some(&before), after: Some(&after) },
        )?;
        case_guidance(tx, item_id, None)
    })
}
