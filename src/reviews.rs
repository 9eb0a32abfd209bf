//! Reviews that come back (issue #15): who a team should see again, why, and by when.
//!
//! Three things put a person on a team's due-for-review list (a team is a meeting series):
//!
//! - **a next review**: their latest discussion set a next-review date;
//! - **a step-down follow-up**: their latest discussion recorded a step-down with a follow-up date;
//! - **an open escalation**: an escalation raised at any of their discussions and not yet closed
//!   (see `crate::escalations`). It has no date of its own: it is due at the team's next meeting
//!   after the person was last discussed, and at every meeting after that until it is closed.
//!
//! # When a review is met
//!
//! As a chair would count it: a review is met when the person is **discussed at a later meeting
//! than the one that booked it**. "Discussed" means their item at that meeting was marked
//! discussed, at a meeting that has started or been finalised and was not cancelled; a person
//! listed but not reached, or listed on a cancelled meeting, has not been seen. So only what the
//! person's latest discussion booked can still be due: whatever an earlier discussion booked was
//! met by the later one (which may have booked something new). An open escalation is met, for
//! that meeting, by the same discussion, and is due again at the next.
//!
//! # When it is overdue
//!
//! A dated review (next review, step-down follow-up) is overdue when its date has passed (is
//! before today) and it is not met. An open escalation is overdue when a meeting of the team has
//! taken place (started or finalised, not cancelled) on a day after the person was last discussed
//! and before today, without them being discussed there.
//!
//! # Who is never offered
//!
//! A person whose latest listing in the series recorded that they objected to being discussed at
//! the MDT is left off the list (their review is for the team to arrange outside the meeting); the
//! offer names how many were left off so, and who, by reference. A person already on the agenda
//! of the meeting being planned is not offered again.
//!
//! The list is ordered by due date, then by reference, so it reads the same every time.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use tracing::instrument;
use ts_rs::TS;

use crate::agenda::{self, CaseItemInput, Consent};
use crate::meeting_record::{self, MeetingStatus};
use crate::{Error, Result, Store, dates, labels, text_enum};

text_enum!(
    /// What put a person on the due-for-review list.
    ReviewSource {
        NextReview => "next_review",
        StepDownFollowUp => "step_down_follow_up",
        OpenEscalation => "open_escalation",
    }
);

impl ReviewSource {
    /// As the planning screen and the minutes say it.
    pub fn label(self) -> &'static str {
        match self {
            ReviewSource::NextReview => "Next review",
            ReviewSource::StepDownFollowUp => "Step-down follow-up",
            ReviewSource::OpenEscalation => "Open escalation",
        }
    }
}

/// One reason a person is due: which of the three, by when, and the meeting it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DueReason {
    pub source: ReviewSource,
    /// "Next review", "Step-down follow-up", "Open escalation".
    pub label: String,
    /// `YYYY-MM-DD`: the date set, or for an open escalation the team's next meeting after the
    /// person was last discussed.
    pub due_on: String,
    /// The meeting that booked it (for an escalation, the one that raised it).
    pub booked_meeting_id: i64,
    pub booked_meeting_title: String,
    /// `YYYY-MM-DD`, the day of that meeting.
    pub booked_on: String,
    pub overdue: bool,
    /// In words, e.g. "Review booked for 15/01/2027 at North MDT on 01/12/2026".
    pub text: String,
}

/// A person due for review, by their pseudonymous reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DueReview {
    pub case_id: i64,
    pub reference: String,
    pub series_id: i64,
    pub series_name: String,
    /// `YYYY-MM-DD`: the earliest of the reasons' dates.
    pub due_on: String,
    /// True when any reason is overdue.
    pub overdue: bool,
    /// Earliest due first.
    pub reasons: Vec<DueReason>,
    /// `YYYY-MM-DD` of the person's latest discussion in the series, if any.
    pub last_discussed_on: Option<String>,
    /// The reason for listing that adding them to an agenda fills in, from why they are due.
    pub listing_reason: String,
    /// A meeting still to come that already lists them ("North MDT on 15/01/2027"), if any.
    pub listed_for: Option<String>,
}

/// What planning a meeting offers: everyone due by its day who is not on its agenda yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewOffer {
    pub meeting_id: i64,
    /// `YYYY-MM-DD`, the meeting's day.
    pub meeting_on: String,
    pub due: Vec<DueReview>,
    /// References of people due by then who objected to MDT discussion at their latest listing:
    /// not offered.
    pub objected: Vec<String>,
}

/// What adding due reviews to an agenda did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AddedReviews {
    /// The new agenda items, in the order added (the offer's order).
    pub item_ids: Vec<i64>,
    pub references: Vec<String>,
}

/// The team's due-for-review list as of `as_of`: everyone with a reason to come back, however far
/// off, from discussions at meetings held on or before that day. Overdue is as of that day.
pub fn due_for_review(conn: &Connection, series_id: i64, as_of: NaiveDate) -> Result<Vec<DueReview>> {
    let day = as_of.format(dates::DATE_FORMAT).to_string();
    Ok(collect(conn, series_id, &day, None, &day)?.0)
}

/// Everyone overdue as of `today`, in every series: what the meetings screen warns about.
pub fn overdue(conn: &Connection, today: NaiveDate) -> Result<Vec<DueReview>> {
    let day = today.format(dates::DATE_FORMAT).to_string();
    let series: Vec<i64> =
        conn.prepare_cached("SELECT id FROM meeting_series ORDER BY id")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let mut all = Vec::new();
    for id in series {
        all.extend(collect(conn, id, &day, None, &day)?.0.into_iter().filter(|d| d.overdue));
    }
    all.sort_by(|a, b| (&a.due_on, &a.reference, a.series_id).cmp(&(&b.due_on, &b.reference, b.series_id)));
    Ok(all)
}

/// [`offer_on`] with today's date (for the overdue marks).
pub fn offer(conn: &Connection, meeting_id: i64) -> Result<ReviewOffer> {
    offer_on(conn, meeting_id, dates::local_today())
}

/// What planning the meeting offers: everyone in its series due on or before its day, not on its
/// agenda already, and not objecting to discussion; overdue marked as of `today`.
pub fn offer_on(conn: &Connection, meeting_id: i64, today: NaiveDate) -> Result<ReviewOffer> {
    let meeting = meeting_record::get(conn, meeting_id)?;
    let meeting_on = meeting.starts_at.get(..10).unwrap_or(&meeting.starts_at).to_string();
    let today = today.format(dates::DATE_FORMAT).to_string();
    let (due, objected) = collect(conn, meeting.series_id, &meeting_on, Some(meeting_id), &today)?;
    let listed: HashSet<i64> = conn
        .prepare_cached("SELECT case_id FROM agenda_items WHERE meeting_id = ?1 AND kind = 'case'")?
        .query_map([meeting_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let due = due.into_iter().filter(|d| d.due_on <= meeting_on && !listed.contains(&d.case_id)).collect();
    let objected = objected.into_iter().filter(|(due_on, _)| *due_on <= meeting_on).map(|(_, r)| r).collect();
    Ok(ReviewOffer { meeting_id, meeting_on, due, objected })
}

/// Puts the chosen people (by case id, from [`offer`]) on the meeting's agenda in one transaction:
/// all of them or, if any is no longer offered (already listed, objected, no longer due), none.
/// Each item's reason for listing says why they are due; presenter, time allowed, consent and the
/// professionals involved are copied from their latest discussion. Each new item is audited.
#[instrument(skip(store), err)]
pub fn add_due(store: &mut Store, meeting_id: i64, case_ids: &[i64]) -> Result<AddedReviews> {
    if case_ids.is_empty() {
        return Err(Error::invalid("caseIds", "Choose at least one person to add."));
    }
    let today = dates::local_today();
    store.write(|tx, actor| {
        let meeting = meeting_record::get(tx, meeting_id)?;
        if meeting.status != MeetingStatus::Planned && meeting.status != MeetingStatus::InProgress {
            return Err(Error::Conflict(format!("{} is {}; due reviews are added while planning a meeting.", meeting.title, labels::meeting_status(meeting.status).to_lowercase())));
        }
        let offer = offer_on(tx, meeting_id, today)?;
        let mut chosen = Vec::new();
        for id in case_ids {
            if chosen.iter().any(|d: &&DueReview| d.case_id == *id) {
                continue;
            }
            let due = offer.due.iter().find(|d| d.case_id == *id).ok_or_else(|| {
                let reference: Option<String> =
                    tx.query_row("SELECT reference FROM cases WHERE id = ?1", [id], |r| r.get(0)).optional().ok().flatten();
                Error::Conflict(format!(
                    "{} is no longer due for review at this meeting (already listed, objected to discussion, or seen since). Nobody was added; look at the list again.",
                    reference.unwrap_or_else(|| format!("Person #{id}"))
                ))
            })?;
            chosen.push(due);
        }
        chosen.sort_by(|a, b| (&a.due_on, &a.reference).cmp(&(&b.due_on, &b.reference)));
        let mut added = AddedReviews { item_ids: Vec::new(), references: Vec::new() };
        for due in chosen {
            let input = listing_from_latest(tx, meeting.series_id, due)?;
            let id = agenda::insert_case(tx, meeting_id, &input, None)?;
            agenda::log_item(tx, actor, id, None)?;
            added.item_ids.push(id);
            added.references.push(due.reference.clone());
        }
        Ok(added)
    })
}

/// The agenda line for a person due: the reason from why they are due, the rest as at their
/// latest listing in the series (consent is asked afresh when it was not agreed).
fn listing_from_latest(conn: &Connection, series_id: i64, due: &DueReview) -> Result<CaseItemInput> {
    let latest: Option<(i64, Option<i64>, i64, Consent)> = conn
        .prepare_cached(
            "SELECT a.id, a.presenter_id, a.minutes_allowed, a.consent FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
             WHERE a.case_id = ?1 AND m.series_id = ?2 AND a.outcome = 'discussed'
             ORDER BY m.starts_at DESC, a.id DESC LIMIT 1",
        )?
        .query_row(params![due.case_id, series_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    let (professionals, presenter_id, co_presenter_ids, minutes_allowed, consent) = match latest {
        Some((item, presenter, minutes, consent)) => {
            (agenda::professionals(conn, item)?, presenter, agenda::co_presenters(conn, item)?.0, minutes.max(1), consent)
        }
        None => (Vec::new(), None, Vec::new(), 10, Consent::NotRecorded),
    };
    Ok(CaseItemInput {
        reference: due.reference.clone(),
        identifier: None,
        reason: due.listing_reason.clone(),
        presenter_id,
        co_presenter_ids,
        minutes_allowed,
        consent,
        professionals,
    })
}

/// A day as people in the UK write it: 15/01/2027.
fn uk(day: &str) -> String {
    dates::parse_date("date", day).map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_else(|_| day.to_string())
}

struct Latest {
    item_id: i64,
    meeting_id: i64,
    meeting_title: String,
    on: String,
    next_review: Option<String>,
}

/// The series' list from discussions at meetings on or before `upto` (not `exclude`), overdue as
/// of `today`; and, apart, the people left off because they objected (with their due date).
fn collect(conn: &Connection, series_id: i64, upto: &str, exclude: Option<i64>, today: &str) -> Result<(Vec<DueReview>, Vec<(String, String)>)> {
    let series_name: String = conn
        .query_row("SELECT name FROM meeting_series WHERE id = ?1", [series_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("Meeting series #{series_id}") })?;
    // The series' meetings, read once (a few hundred in ten years): the discussed items are then
    // read as bare numbers from their covering index and sorted out here, which is several times
    // quicker than joining and ordering ten years of items in SQL (see README, Performance).
    struct Met {
        title: String,
        starts_at: String,
        held: bool,
        cancelled: bool,
    }
    let met: HashMap<i64, Met> = conn
        .prepare_cached(
            "SELECT m.id, m.title, m.starts_at, m.status IN ('in_progress', 'finalised'),
                    EXISTS (SELECT 1 FROM meeting_cancellations x WHERE x.meeting_id = m.id)
             FROM meetings m WHERE m.series_id = ?1",
        )?
        .query_map([series_id], |r| Ok((r.get(0)?, Met { title: r.get(1)?, starts_at: r.get(2)?, held: r.get(3)?, cancelled: r.get(4)? })))?
        .collect::<rusqlite::Result<_>>()?;
    let day = |m: &Met| m.starts_at.get(..10).unwrap_or_default().to_string();
    // Each person's latest discussion in the series, up to the day and not at `exclude`: the only
    // one whose bookings can be unmet. Ties on the meeting's start go to the later item.
    let mut latest: BTreeMap<i64, Latest> = BTreeMap::new();
    {
        let mut best: HashMap<i64, (&str, i64, i64)> = HashMap::new();
        let mut stmt = conn.prepare_cached(
            "SELECT a.meeting_id, a.case_id, a.id FROM agenda_items a INDEXED BY agenda_items_discussed
             WHERE a.kind = 'case' AND a.outcome = 'discussed'
               AND a.meeting_id IN (SELECT id FROM meetings WHERE series_id = ?1)",
        )?;
        let mut rows = stmt.query([series_id])?;
        while let Some(r) = rows.next()? {
            let (meeting_id, case_id, item_id): (i64, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let Some(m) = met.get(&meeting_id) else { continue };
            if !m.held || m.cancelled || Some(meeting_id) == exclude || m.starts_at.get(..10).unwrap_or_default() > upto {
                continue;
            }
            let candidate = (m.starts_at.as_str(), item_id, meeting_id);
            let slot = best.entry(case_id).or_insert(candidate);
            if (candidate.0, candidate.1) > (slot.0, slot.1) {
                *slot = candidate;
            }
        }
        for (case_id, (_, item_id, meeting_id)) in best {
            let m = &met[&meeting_id];
            latest.insert(case_id, Latest { item_id, meeting_id, meeting_title: m.title.clone(), on: day(m), next_review: None });
        }
    }
    // Every next-review date set (from its own index), kept for the latest discussions.
    {
        let mut stmt = conn.prepare_cached("SELECT agenda_item_id, next_review_date FROM case_discussions WHERE next_review_date IS NOT NULL")?;
        let set: HashMap<i64, String> = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        for l in latest.values_mut() {
            l.next_review = set.get(&l.item_id).cloned();
        }
    }
    // The days the team met (held meetings), and every day it meets or plans to (not cancelled).
    let mut held_days: Vec<String> = met.values().filter(|m| m.held && !m.cancelled).map(day).collect();
    let mut meeting_days: Vec<String> = met.values().filter(|m| !m.cancelled).map(day).collect();
    for days in [&mut held_days, &mut meeting_days] {
        days.sort();
        days.dedup();
    }
    let first_after = |days: &[String], after: &str| -> Option<String> {
        let at = days.partition_point(|d| d.as_str() <= after);
        days.get(at).cloned()
    };

    // Every step-down follow-up booked in the series, by the discussion that booked it (few).
    let mut follow_ups: HashMap<i64, Vec<(String, String, String)>> = HashMap::new();
    {
        // CROSS JOIN keeps the few transitions as the outer loop: left to itself the planner walks
        // every item of every meeting in the series (five times slower on ten years).
        let mut stmt = conn.prepare_cached(
            "SELECT t.agenda_item_id, t.follow_up_date, t.from_role_key, t.to_role_key
             FROM care_transitions t CROSS JOIN agenda_items a ON a.id = t.agenda_item_id CROSS JOIN meetings m ON m.id = a.meeting_id
             WHERE m.series_id = ?1 AND t.direction = 'step_down' AND t.follow_up_date IS NOT NULL
             ORDER BY t.follow_up_date, t.id",
        )?;
        let rows = stmt.query_map([series_id], |r| Ok((r.get::<_, i64>(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))?;
        for row in rows {
            let (item, follow_up) = row?;
            follow_ups.entry(item).or_default().push(follow_up);
        }
    }
    let mut reasons: BTreeMap<i64, (String, Vec<DueReason>)> = BTreeMap::new();
    for (case_id, l) in &latest {
        let mut found = Vec::new();
        let booked = |source: ReviewSource, due_on: String, text: String| DueReason {
            source,
            label: source.label().to_string(),
            overdue: due_on.as_str() < today,
            due_on,
            booked_meeting_id: l.meeting_id,
            booked_meeting_title: l.meeting_title.clone(),
            booked_on: l.on.clone(),
            text,
        };
        if let Some(day) = &l.next_review {
            found.push(booked(ReviewSource::NextReview, day.clone(), format!("Review booked for {} at {} on {}", uk(day), l.meeting_title, uk(&l.on))));
        }
        for (day, from, to) in follow_ups.remove(&l.item_id).unwrap_or_default() {
            let text = format!(
                "Step-down follow-up ({} to {}) due {}, booked at {} on {}",
                labels::short_role(&from),
                labels::short_role(&to),
                uk(&day),
                l.meeting_title,
                uk(&l.on)
            );
            found.push(booked(ReviewSource::StepDownFollowUp, day, text));
        }
        if !found.is_empty() {
            let reference: String = conn.prepare_cached("SELECT reference FROM cases WHERE id = ?1")?.query_row([case_id], |r| r.get(0))?;
            reasons.insert(*case_id, (reference, found));
        }
    }

    // Escalations raised at any discussion in the series, up to the day, still open. The few
    // escalations are the outer loop (CROSS JOIN), not every item of the series' meetings.
    let open: Vec<(i64, String, i64, String, String, String, String)> = conn
        .prepare_cached(
            "SELECT a.case_id, c.reference, m.id, m.title, substr(m.starts_at, 1, 10), e.trigger, trim(e.route)
             FROM escalations e CROSS JOIN agenda_items a ON a.id = e.agenda_item_id CROSS JOIN meetings m ON m.id = a.meeting_id
             JOIN cases c ON c.id = a.case_id
             WHERE m.series_id = ?1 AND substr(m.starts_at, 1, 10) <= ?2 AND m.id IS NOT ?3
               AND NOT EXISTS (SELECT 1 FROM meeting_cancellations x WHERE x.meeting_id = m.id)
               AND trim(e.route) <> '' AND trim(e.not_needed_reason) = ''
               AND NOT EXISTS (SELECT 1 FROM escalation_closures k
                               WHERE k.raised_at_item_id = e.agenda_item_id AND k.trigger = e.trigger AND k.route = trim(e.route))
             ORDER BY m.starts_at, e.id",
        )?
        .query_map(params![series_id, upto, exclude], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (case_id, reference, meeting_id, title, raised_on, trigger, route) in open {
        // Seen since: the later of the raising meeting and the person's latest discussion.
        let seen = match latest.get(&case_id) {
            Some(l) if l.on > raised_on => l.on.clone(),
            _ => raised_on.clone(),
        };
        let due_on = first_after(&meeting_days, &seen).unwrap_or_else(|| seen.clone());
        let overdue = first_after(&held_days, &seen).is_some_and(|d| d.as_str() < today);
        let label = crate::discussions::EscalationTrigger::parse(&trigger).map(labels::trigger).unwrap_or("Escalation");
        let text = format!("Open escalation: {} via {route}, raised at {title} on {}", crate::words::in_sentence(label), uk(&raised_on));
        let entry = reasons.entry(case_id).or_insert_with(|| (reference, Vec::new()));
        entry.1.push(DueReason {
            source: ReviewSource::OpenEscalation,
            label: ReviewSource::OpenEscalation.label().to_string(),
            due_on,
            booked_meeting_id: meeting_id,
            booked_meeting_title: title,
            booked_on: raised_on,
            overdue,
            text,
        });
    }

    let mut due = Vec::new();
    let mut objected = Vec::new();
    for (case_id, (reference, mut list)) in reasons {
        list.sort_by(|a, b| (&a.due_on, a.source.as_str()).cmp(&(&b.due_on, b.source.as_str())));
        let due_on = list[0].due_on.clone();
        let latest_consent: Option<Consent> = conn
            .prepare_cached(
                "SELECT a.consent FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
                 WHERE a.case_id = ?1 AND m.series_id = ?2 AND m.id IS NOT ?3
                   AND NOT EXISTS (SELECT 1 FROM meeting_cancellations x WHERE x.meeting_id = m.id)
                 ORDER BY m.starts_at DESC, a.id DESC LIMIT 1",
            )?
            .query_row(params![case_id, series_id, exclude], |r| r.get(0))
            .optional()?;
        if latest_consent == Some(Consent::Objected) {
            objected.push((due_on, reference));
            continue;
        }
        let listed_for: Option<(String, String)> = conn
            .prepare_cached(
                "SELECT m.title, substr(m.starts_at, 1, 10) FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
                 WHERE a.case_id = ?1 AND m.series_id = ?2 AND m.status <> 'finalised' AND substr(m.starts_at, 1, 10) >= ?3
                   AND m.id IS NOT ?4 AND NOT EXISTS (SELECT 1 FROM meeting_cancellations x WHERE x.meeting_id = m.id)
                 ORDER BY m.starts_at LIMIT 1",
            )?
            .query_row(params![case_id, series_id, today, exclude], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        due.push(DueReview {
            case_id,
            reference,
            series_id,
            series_name: series_name.clone(),
            overdue: list.iter().any(|r| r.overdue),
            listing_reason: listing_reason(&list),
            reasons: list,
            due_on,
            last_discussed_on: latest.get(&case_id).map(|l| l.on.clone()),
            listed_for: listed_for.map(|(title, on)| format!("{title} on {}", uk(&on))),
        });
    }
    due.sort_by(|a, b| (&a.due_on, &a.reference).cmp(&(&b.due_on, &b.reference)));
    objected.sort();
    Ok((due, objected))
}

/// The reason for listing, from why the person is due: "Due for review: review booked for
/// 15/01/2027 at North MDT on 01/12/2026; open escalation: ...".
fn listing_reason(reasons: &[DueReason]) -> String {
    let parts: Vec<String> = reasons.iter().map(|r| crate::words::in_sentence(&r.text)).collect();
    format!("Due for review: {}.", parts.join("; "))
}
