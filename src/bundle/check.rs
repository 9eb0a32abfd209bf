//! Checking a parsed bundle against the roster and itself before anything is written: every
//! member key, role, timestamp and reference resolves, so an import fails whole or not at all.

use std::collections::HashSet;

use rusqlite::Connection;

use crate::actions::ActionStatus;
use crate::agenda::AgendaKind;
use crate::meetings::MeetingStatus;
use crate::text_checks::{check_note, quoted};
use crate::{Result, dates, roles};

use super::format::{Bundle, BundleAction, BundleDiscussion, BundleItem, at, refused};

/// Everything about the bundle that can be checked without writing: references, dates, and
/// rules between fields. The core's own checks run again as the rows are written.
pub(super) fn check(conn: &Connection, bundle: &Bundle) -> Result<()> {
    let mut keys = HashSet::new();
    for (i, m) in bundle.members.iter().enumerate() {
        let path = format!("members[{i}]");
        if m.key.trim().is_empty() {
            return Err(refused(&format!("{path}.key"), "every member needs a key for the rest of the bundle to name them by"));
        }
        if !keys.insert(m.key.as_str()) {
            return Err(refused(&format!("{path}.key"), format!("{} is the key of another member too; each key must be unique", quoted(&m.key))));
        }
        // Checked even when the member will be matched, not added: the bundle must be sound.
        at(&path, m.input().validated(conn))?;
    }
    let member = |path: &str, key: &str| -> Result<()> {
        if keys.contains(key) {
            return Ok(());
        }
        Err(refused(path, format!("{} is not one of the bundle's members; add it to \"members\"", quoted(key))))
    };
    let optional_member = |path: &str, key: &Option<String>| key.as_deref().map_or(Ok(()), |k| member(path, k));
    let m = &bundle.meeting;
    at("meeting", dates::parse_date_time("startsAt", &m.starts_at))?;
    optional_member("meeting.chair", &m.chair)?;
    optional_member("meeting.minuteTaker", &m.minute_taker)?;
    match (m.status, &m.finalised_at) {
        (MeetingStatus::Cancelled, _) => {
            return Err(refused("meeting.status", "a bundle carries a meeting that is planned, in progress or finalised, not a cancelled one"));
        }
        (MeetingStatus::Finalised, None) => return Err(refused("meeting.finalisedAt", "finalised minutes need the time they were finalised")),
        (MeetingStatus::Finalised, Some(at)) => check_timestamp("meeting.finalisedAt", at)?,
        (_, Some(_)) => return Err(refused("meeting.finalisedAt", "only finalised minutes have this; leave it out or null")),
        (_, None) => {}
    }
    let mut attending = HashSet::new();
    for (i, a) in m.attendance.iter().enumerate() {
        member(&format!("meeting.attendance[{i}].member"), &a.member)?;
        if !attending.insert(a.member.as_str()) {
            return Err(refused(&format!("meeting.attendance[{i}].member"), format!("{} is listed twice", quoted(&a.member))));
        }
    }
    if m.agenda.iter().filter(|i| i.kind == AgendaKind::MattersArising).count() > 1 {
        return Err(refused("meeting.agenda", "a meeting has at most one matters-arising item"));
    }
    for (i, item) in m.agenda.iter().enumerate() {
        check_item(conn, &format!("meeting.agenda[{i}]"), item, &member)?;
    }
    for (i, a) in m.amendments.iter().enumerate() {
        let path = format!("meeting.amendments[{i}]");
        if m.status != MeetingStatus::Finalised {
            return Err(refused(&path, "only finalised minutes have amendments"));
        }
        if a.reason.trim().is_empty() {
            return Err(refused(&format!("{path}.reason"), "an amendment needs its reason"));
        }
        at(&path, check_note("reason", "reason", &a.reason))?;
        check_timestamp(&format!("{path}.amendedAt"), &a.amended_at)?;
    }
    Ok(())
}

pub(super) fn check_item(conn: &Connection, path: &str, item: &BundleItem, member: &dyn Fn(&str, &str) -> Result<()>) -> Result<()> {
    let is_case = item.kind == AgendaKind::Case;
    match item.kind {
        AgendaKind::TeachIn => return Err(refused(&format!("{path}.kind"), "teach-in slots are not part of bundle version 1")),
        AgendaKind::Case if item.reference.is_none() => return Err(refused(path, "a case item needs its \"reference\"")),
        _ if !is_case && (item.reference.is_some() || item.discussion.is_some() || !item.professionals.is_empty()) => {
            return Err(refused(path, "only case items have a reference, professionals or a discussion record"));
        }
        _ => {}
    }
    if item.seconds_used < 0 {
        return Err(refused(&format!("{path}.secondsUsed"), "time used cannot be negative"));
    }
    if let Some(key) = &item.presenter {
        member(&format!("{path}.presenter"), key)?;
    }
    for (i, p) in item.professionals.iter().enumerate() {
        let at = format!("{path}.professionals[{i}]");
        match (&p.member, &p.service) {
            (Some(key), None) => member(&format!("{at}.member"), key)?,
            (None, Some(service)) if !service.trim().is_empty() => {}
            _ => return Err(refused(&at, "give either a \"member\" key or a \"service\" name")),
        }
    }
    if let Some(d) = &item.discussion {
        check_discussion(conn, &format!("{path}.discussion"), d, member)?;
    }
    for (i, a) in item.actions.iter().enumerate() {
        check_action(&format!("{path}.actions[{i}]"), a, member)?;
    }
    Ok(())
}

pub(super) fn check_discussion(conn: &Connection, path: &str, d: &BundleDiscussion, member: &dyn Fn(&str, &str) -> Result<()>) -> Result<()> {
    for (field, key) in [("riskHolder", &d.risk_holder), ("decisionOwner", &d.decision_owner)] {
        if let Some(key) = key {
            member(&format!("{path}.{field}"), key)?;
        }
    }
    for (i, lead) in d.leads.iter().enumerate() {
        if let Some(key) = &lead.member {
            member(&format!("{path}.leads[{i}].member"), key)?;
        }
        if let Some(role) = &lead.role_key {
            check_role(conn, &format!("{path}.leads[{i}].roleKey"), role)?;
        }
    }
    for (i, t) in d.transitions.iter().enumerate() {
        check_role(conn, &format!("{path}.transitions[{i}].fromRoleKey"), &t.from_role_key)?;
        check_role(conn, &format!("{path}.transitions[{i}].toRoleKey"), &t.to_role_key)?;
        at(&format!("{path}.transitions[{i}]"), dates::parse_optional_date("followUpDate", t.follow_up_date.as_deref()))?;
    }
    at(path, dates::parse_optional_date("nextReviewDate", d.next_review_date.as_deref()))?;
    Ok(())
}

pub(super) fn check_action(path: &str, a: &BundleAction, member: &dyn Fn(&str, &str) -> Result<()>) -> Result<()> {
    member(&format!("{path}.owner"), &a.owner)?;
    at(path, check_note("cancelReason", "reason", &a.cancel_reason))?;
    at(path, dates::parse_optional_date("dueDate", a.due_date.as_deref()))?;
    let done_on = at(path, dates::parse_optional_date("doneOn", a.done_on.as_deref()))?;
    match (a.status, done_on.is_some(), a.cancel_reason.trim().is_empty()) {
        (ActionStatus::Done, false, _) => Err(refused(&format!("{path}.doneOn"), "a done action needs the date it was done")),
        (ActionStatus::Cancelled, _, true) => Err(refused(&format!("{path}.cancelReason"), "a cancelled action needs the reason")),
        (ActionStatus::Open | ActionStatus::Cancelled, true, _) => Err(refused(&format!("{path}.doneOn"), "only done actions have a done date")),
        (ActionStatus::Open | ActionStatus::Done, _, false) => {
            Err(refused(&format!("{path}.cancelReason"), "only cancelled actions have a cancel reason"))
        }
        _ => Ok(()),
    }
}

pub(super) fn check_role(conn: &Connection, path: &str, key: &str) -> Result<()> {
    if roles::find(conn, key)?.is_some() {
        return Ok(());
    }
    let known = roles::list(conn)?.into_iter().map(|r| r.key).collect::<Vec<_>>().join(", ");
    Err(refused(path, format!("{} is not a known role (known roles: {known})", quoted(key))))
}

pub(super) fn check_timestamp(path: &str, text: &str) -> Result<()> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|_| ())
        .map_err(|_| refused(path, format!("{} is not a date and time like 2026-03-02T14:05:00Z", quoted(text))))
}
