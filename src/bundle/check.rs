//! Checking a parsed bundle against the roster and itself before anything is written: every
//! member key, role, timestamp and reference resolves, so an import fails whole or not at all.

use std::collections::HashSet;

use rusqlite::Connection;

use crate::actions::ActionStatus;
use crate::agenda::AgendaKind;
use crate::agreement::AgreementOutcome;
use crate::meetings::MeetingStatus;
use crate::person::PersonProfile;
use crate::referrals::{ConsentToShare, ReferralStatus};
use crate::teach_ins::{self, SlotKind};
use crate::text_checks::{check_line, check_note, quoted};
use crate::{Error, Result, dates, roles};

use super::format::{
    Bundle, BundleAction, BundleAgreement, BundleDiscussion, BundleItem, BundleReferral, BundleReferralTo, BundleTeachIn, at, refused,
};

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
        let path = format!("meeting.agenda[{i}]");
        if bundle.version < 2
            && let Some(field) = item.version_2_fields().first()
        {
            return Err(refused(&format!("{path}.{field}"), "is part of bundle version 2, and this bundle says it is version 1"));
        }
        check_item(conn, &path, item, &member)?;
        if bundle.version >= 2 {
            check_version_2(conn, &path, bundle, item, &member)?;
        }
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
        AgendaKind::TeachIn if item.teach_in.is_none() => {
            return Err(refused(&format!("{path}.kind"), "teach-in slots are not part of bundle version 1; in version 2 a teach-in slot needs its \"teachIn\""));
        }
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

/// Longest one-line text in the version 2 parts a person may have typed (titles, services).
const LINE_MAX: usize = 200;
/// Most colleagues presenting with a case's presenter, as the agenda allows.
const CO_PRESENTERS_MAX: usize = 3;

fn line(path: &str, text: &str, what: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(refused(path, format!("needs {what}")));
    }
    if text.chars().count() > LINE_MAX {
        return Err(refused(path, format!("is longer than {LINE_MAX} characters")));
    }
    check_line("text", what, text).map_err(|e| match e {
        Error::Invalid { message, .. } => refused(path, message),
        other => other,
    })
}

/// The teach-in screens' limits (src/teach_ins).
const TEACH_IN_AUDIENCE_MAX: usize = 300;
const TEACH_IN_NOTES_MAX: usize = 5_000;

fn longest(path: &str, text: &str, max: usize) -> Result<()> {
    if text.chars().count() > max {
        return Err(refused(path, format!("is longer than {max} characters")));
    }
    Ok(())
}

fn date(path: &str, text: &str) -> Result<()> {
    dates::parse_date("date", text).map(|_| ()).map_err(|_| refused(path, format!("{} is not a date like 2026-12-15", quoted(text))))
}

/// The parts version 2 added to an agenda item.
fn check_version_2(conn: &Connection, path: &str, bundle: &Bundle, item: &BundleItem, member: &dyn Fn(&str, &str) -> Result<()>) -> Result<()> {
    let finalised = bundle.meeting.status == MeetingStatus::Finalised;
    if item.kind != AgendaKind::Case
        && let Some(field) = item.version_2_fields().into_iter().find(|f| *f != "teachIn")
    {
        return Err(refused(&format!("{path}.{field}"), "only case items have this"));
    }
    match (item.kind, &item.teach_in) {
        (AgendaKind::TeachIn, Some(t)) => {
            line(&format!("{path}.title"), &item.title, "the slot's title")?;
            if !(1..=240).contains(&item.minutes_allowed) {
                return Err(refused(&format!("{path}.minutesAllowed"), "allow between 1 and 240 minutes"));
            }
            check_teach_in(conn, &format!("{path}.teachIn"), t, member)?
        }
        (_, Some(_)) => return Err(refused(&format!("{path}.teachIn"), "only teach-in slots have a teach-in")),
        _ => {}
    }
    let mut seen = HashSet::new();
    for (i, key) in item.co_presenters.iter().enumerate() {
        let at_path = format!("{path}.coPresenters[{i}]");
        member(&at_path, key)?;
        match &item.presenter {
            None => return Err(refused(&at_path, "choose the presenter first; co-presenters present with them")),
            Some(p) if p == key => return Err(refused(&at_path, format!("{} is the presenter already", quoted(key)))),
            _ => {}
        }
        if !seen.insert(key.as_str()) {
            return Err(refused(&at_path, format!("{} is listed twice", quoted(key))));
        }
        if i >= CO_PRESENTERS_MAX {
            return Err(refused(&at_path, format!("at most {CO_PRESENTERS_MAX} colleagues present with the presenter")));
        }
    }
    if let Some(c) = &item.carried_from {
        let p = format!("{path}.carriedFrom");
        line(&format!("{p}.meetingTitle"), &c.meeting_title, "the earlier meeting's title")?;
        let earlier = dates::parse_date_time("startsAt", &c.meeting_starts_at)
            .map_err(|_| refused(&format!("{p}.meetingStartsAt"), format!("{} is not a date and time like 2026-03-02T13:00", quoted(&c.meeting_starts_at))))?;
        if let Ok(starts) = dates::parse_date_time("startsAt", &bundle.meeting.starts_at)
            && earlier >= starts
        {
            return Err(refused(&format!("{p}.meetingStartsAt"), "a case is carried over from an earlier meeting; this one starts at the same time or later"));
        }
    }
    if let Some(person) = &item.person {
        let profile = PersonProfile { what_matters: person.what_matters.clone(), goals: person.goals.clone(), care_plan_reference: person.care_plan_reference.clone() };
        at(&format!("{path}.person"), profile.validated())?;
    }
    if let Some(r) = &item.agreement {
        let p = format!("{path}.agreement");
        if r.version < 1 {
            return Err(refused(&format!("{p}.version"), "the agreement's version is a whole number from 1"));
        }
        if r.outcome == AgreementOutcome::Changed && r.reason.trim().is_empty() {
            return Err(refused(&format!("{p}.reason"), "a changed agreement needs the reason it changed"));
        }
        at(&p, check_note("reason", "reason", &r.reason))?;
        check_timestamp(&format!("{p}.reviewedAt"), &r.reviewed_at)?;
        line(&format!("{p}.reviewedBy"), &r.reviewed_by, "who reviewed it")?;
        check_agreement(conn, &format!("{p}.agreement"), &r.agreement, member)?;
    }
    for (i, r) in item.referrals.iter().enumerate() {
        check_referral(conn, &format!("{path}.referrals[{i}]"), r, member)?;
    }
    for (i, c) in item.sharing_consents.iter().enumerate() {
        let p = format!("{path}.sharingConsents[{i}]");
        line(&format!("{p}.service"), &c.service, "the outside service's name")?;
        date(&format!("{p}.decidedOn"), &c.decided_on)?;
    }
    if let Some(g) = &item.guidance {
        let p = format!("{path}.guidance");
        if (g.suggested_lead.is_some() || !g.lead_override_reason.trim().is_empty()) && item.discussion.is_none() {
            return Err(refused(&p, "a lead suggestion is kept with the discussion record; this item has no \"discussion\""));
        }
        at(&p, check_note("leadOverrideReason", "reason", &g.lead_override_reason))?;
        if let Some(s) = &g.suggested_lead {
            line(&format!("{p}.suggestedLead.summary"), &s.summary, "a summary")?;
            for (i, l) in s.leads.iter().enumerate() {
                let lp = format!("{p}.suggestedLead.leads[{i}]");
                line(&format!("{lp}.aspect"), &l.aspect, "the aspect of support")?;
                check_role(conn, &format!("{lp}.roleKey"), &l.role_key)?;
                if let Some(key) = &l.member {
                    member(&format!("{lp}.member"), key)?;
                }
            }
            for (i, r) in s.reasons.iter().enumerate() {
                at(&format!("{p}.suggestedLead.reasons[{i}]"), check_note("text", "reason", &r.text))?;
                at(&format!("{p}.suggestedLead.reasons[{i}]"), check_note("source", "source", &r.source))?;
            }
        }
        for (i, o) in g.overrides.iter().enumerate() {
            let op = format!("{p}.overrides[{i}]");
            if !finalised {
                return Err(refused(&op, "flags are finalised past only when the minutes are finalised"));
            }
            at(&op, check_note("detail", "detail", &o.detail))?;
            check_timestamp(&format!("{op}.overriddenAt"), &o.overridden_at)?;
        }
    }
    Ok(())
}

fn check_agreement(conn: &Connection, path: &str, a: &BundleAgreement, member: &dyn Fn(&str, &str) -> Result<()>) -> Result<()> {
    if a.leads.is_empty() && a.risk_holders.is_empty() && a.concerns.trim().is_empty() && a.emergency_contacts.trim().is_empty() {
        return Err(refused(path, "the agreement answers none of the joint-working questions"));
    }
    for (i, l) in a.leads.iter().enumerate() {
        match (&l.member, &l.role_key) {
            (Some(key), _) => member(&format!("{path}.leads[{i}].member"), key)?,
            (None, Some(role)) => check_role(conn, &format!("{path}.leads[{i}].roleKey"), role)?,
            (None, None) => return Err(refused(&format!("{path}.leads[{i}]"), "name a \"member\" or a \"roleKey\" to lead")),
        }
    }
    for (i, h) in a.risk_holders.iter().enumerate() {
        if let Some(key) = &h.member {
            member(&format!("{path}.riskHolders[{i}].member"), key)?;
        }
    }
    Ok(())
}

fn check_referral(conn: &Connection, path: &str, r: &BundleReferral, member: &dyn Fn(&str, &str) -> Result<()>) -> Result<()> {
    member(&format!("{path}.from"), &r.from)?;
    match &r.to {
        BundleReferralTo::Role { role_key } => check_role(conn, &format!("{path}.to.roleKey"), role_key)?,
        BundleReferralTo::Member { member: key } => {
            member(&format!("{path}.to.member"), key)?;
            if *key == r.from {
                return Err(refused(&format!("{path}.to.member"), "a referral goes to someone other than the referrer"));
            }
        }
        BundleReferralTo::Service { name } => line(&format!("{path}.to.name"), name, "the outside service's name")?,
    }
    match (&r.to, &r.consent_to_share) {
        (BundleReferralTo::Service { .. }, None) => {
            return Err(refused(&format!("{path}.consentToShare"), "a referral to an outside service needs the person's answer about sharing with it"));
        }
        (BundleReferralTo::Service { .. }, Some(c)) if c.decision != ConsentToShare::Agreed => {
            return Err(refused(&format!("{path}.consentToShare.decision"), "no referral is made to a service the person did not agree to share with"));
        }
        (BundleReferralTo::Service { .. }, Some(c)) => date(&format!("{path}.consentToShare.decidedOn"), &c.decided_on)?,
        (_, Some(_)) => return Err(refused(&format!("{path}.consentToShare"), "only a referral to an outside service has this")),
        (_, None) => {}
    }
    date(&format!("{path}.madeOn"), &r.made_on)?;
    date(&format!("{path}.statusOn"), &r.status_on)?;
    if let Some(d) = &r.feedback_due {
        date(&format!("{path}.feedbackDue"), d)?;
    }
    if let Some(d) = &r.feedback_given_on {
        date(&format!("{path}.feedbackGivenOn"), d)?;
    }
    match (r.status, r.declined_reason.trim().is_empty()) {
        (ReferralStatus::Declined, true) => return Err(refused(&format!("{path}.declinedReason"), "a declined referral needs the reason")),
        (ReferralStatus::Declined, false) => at(path, check_note("declinedReason", "reason", &r.declined_reason))?,
        (_, false) => return Err(refused(&format!("{path}.declinedReason"), "only a declined referral has a reason for it")),
        (_, true) => {}
    }
    for (i, s) in r.statuses.iter().enumerate() {
        date(&format!("{path}.statuses[{i}].on"), &s.on)?;
        at(&format!("{path}.statuses[{i}]"), check_note("reason", "reason", &s.reason))?;
    }
    match (r.statuses.first(), r.statuses.last()) {
        (Some(first), Some(last)) => {
            if first.status != ReferralStatus::Sent {
                return Err(refused(&format!("{path}.statuses[0].status"), "a referral's first status is \"sent\""));
            }
            if first.on != r.made_on {
                return Err(refused(&format!("{path}.statuses[0].on"), "a referral is sent on the day it is made (\"madeOn\")"));
            }
            if last.status != r.status || last.on != r.status_on {
                return Err(refused(&format!("{path}.statuses[{}]", r.statuses.len() - 1), "the last status must be the referral's \"status\" on its \"statusOn\""));
            }
        }
        _ => return Err(refused(&format!("{path}.statuses"), "list each status the referral has had, starting with \"sent\"")),
    }
    for (i, pair) in r.statuses.windows(2).enumerate() {
        let at_path = format!("{path}.statuses[{}]", i + 1);
        if !pair[0].status.next().contains(&pair[1].status) {
            return Err(refused(
                &format!("{at_path}.status"),
                format!("a referral does not go from \"{}\" to \"{}\"", pair[0].status.as_str(), pair[1].status.as_str()),
            ));
        }
        if pair[1].on < pair[0].on {
            return Err(refused(&format!("{at_path}.on"), "each status is on or after the one before"));
        }
    }
    Ok(())
}

fn check_teach_in(conn: &Connection, path: &str, t: &BundleTeachIn, member: &dyn Fn(&str, &str) -> Result<()>) -> Result<()> {
    line(&format!("{path}.title"), &t.title, "a title")?;
    if t.role_keys.is_empty() {
        return Err(refused(&format!("{path}.roleKeys"), "name the roles the teach-in is about"));
    }
    for (i, key) in t.role_keys.iter().enumerate() {
        check_role(conn, &format!("{path}.roleKeys[{i}]"), key)?;
    }
    if !(teach_ins::MIN_MINUTES..=teach_ins::MAX_MINUTES).contains(&t.total_minutes) {
        return Err(refused(
            &format!("{path}.totalMinutes"),
            format!("a teach-in lasts from {} to {} minutes", teach_ins::MIN_MINUTES, teach_ins::MAX_MINUTES),
        ));
    }
    longest(&format!("{path}.audience"), &t.audience, TEACH_IN_AUDIENCE_MAX)?;
    at(path, check_note("audience", "audience", &t.audience))?;
    at(path, teach_ins::check_case_example(conn, &t.case_example).map(|_| ()))?;
    if t.slots.is_empty() {
        return Err(refused(&format!("{path}.slots"), "a teach-in has at least one slot"));
    }
    for (i, s) in t.slots.iter().enumerate() {
        let p = format!("{path}.slots[{i}]");
        line(&format!("{p}.title"), &s.title, "a title")?;
        match (s.kind, &s.role_key) {
            (SlotKind::RoleAtAGlance, Some(key)) => check_role(conn, &format!("{p}.roleKey"), key)?,
            (SlotKind::RoleAtAGlance, None) => return Err(refused(&format!("{p}.roleKey"), "a role-at-a-glance slot names its role")),
            (_, Some(_)) => return Err(refused(&format!("{p}.roleKey"), "only a role-at-a-glance slot names a role")),
            (_, None) => {}
        }
        if !(0..=teach_ins::MAX_MINUTES).contains(&s.minutes) {
            return Err(refused(&format!("{p}.minutes"), format!("a slot lasts from 0 to {} minutes", teach_ins::MAX_MINUTES)));
        }
        longest(&format!("{p}.notes"), &s.notes, TEACH_IN_NOTES_MAX)?;
        at(&p, check_note("notes", "notes", &s.notes))?;
        let mut seen = HashSet::new();
        for (j, key) in s.presenters.iter().enumerate() {
            member(&format!("{p}.presenters[{j}]"), key)?;
            if !seen.insert(key.as_str()) {
                return Err(refused(&format!("{p}.presenters[{j}]"), format!("{} is listed twice", quoted(key))));
            }
        }
    }
    Ok(())
}
