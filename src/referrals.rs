//! Referrals both ways: a referral made for a person (the case, by its pseudonymous reference)
//! at a discussion (its agenda item), from a roster member to a role, a member, or an outside
//! service by name, with the referrer's reason in their own words, its status over time (sent,
//! accepted, waiting, seen, declined with a reason, closed), the expected wait, and the feedback
//! owed to the referrer (due by, given on). The *Working together* guidance (establishing
//! referral pathways) asks OTs and SPLWs to understand each other's referral criteria and to
//! establish feedback loops; this is where a referral and its feedback are followed up.
//!
//! **Consent to share.** A referral to an outside (non-NHS) service shares information about the
//! person with that service, so the person's consent to share with that named service is asked
//! in the same step: agreed, and the referral is made with it; refused, and no referral to that
//! service is made (the refusal is kept, so the team knows not to ask again by mistake). This rule
//! is the team's information-sharing practice, not something the guidance itself sets. It is
//! not the consent on an agenda item ([`crate::agenda::Consent`]), which is the person's consent
//! to being discussed at the MDT meeting, asked per discussion: consent to share is per person
//! and per service, and lasts across meetings. A case whose outside services (its referrals and
//! the services listed as already involved) have no consent to share recorded shows "Not
//! recorded" as a warning, in words, before it is discussed ([`sharing_for_item`]).
//!
//! **Rules.** Status changes follow [`ReferralStatus::next`]; a decline needs the reason; no date
//! is before the referral was made or before its last status. Every change is one transaction,
//! audited (entity `referral`, id: the referral; `sharing_consent` for consent), and names the
//! version it was based on: one based on an older version is refused with [`Error::Stale`].
//!
//! **Open.** A referral is open while it is not finished (sent, accepted, waiting or seen) or
//! while feedback owed to the referrer has not been given: the person's record, the Actions
//! screen and the next meeting's matters arising list the open ones.

use rusqlite::{Connection, OptionalExtension, Row, ToSql, Transaction, params, params_from_iter};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;

use crate::audit::{self, AuditAction, AuditEntity, Change};
use crate::text_checks::{check_line, check_note};
use crate::{Error, Result, Store, dates, text_enum};

/// Longest reason: the referrer's words, a paragraph or two (so the letter keeps to one page).
const REASON_MAX: usize = 800;
/// Longest reason a referral was declined for: the receiver's words, in brief.
const DECLINED_MAX: usize = 200;
/// Longest outside service name.
const SERVICE_MAX: usize = 120;
/// Longest expected wait, in weeks (two years).
const WAIT_MAX_WEEKS: i64 = 104;

text_enum!(
    /// Where a referral has got to.
    ReferralStatus {
        /// Sent; no answer yet.
        Sent => "sent",
        /// The receiver has taken it on.
        Accepted => "accepted",
        /// On the receiver's waiting list.
        Waiting => "waiting",
        /// The person has been seen.
        Seen => "seen",
        /// The receiver declined it (with their reason).
        Declined => "declined",
        /// Finished.
        Closed => "closed",
    }
);

impl ReferralStatus {
    /// The statuses a referral can move to from this one. Declined and closed are final: a
    /// referral declined in error is closed and made again, so its story stays true.
    pub fn next(self) -> &'static [ReferralStatus] {
        use ReferralStatus::*;
        match self {
            Sent => &[Accepted, Waiting, Declined, Closed],
            Accepted => &[Waiting, Seen, Closed],
            Waiting => &[Accepted, Seen, Declined, Closed],
            Seen => &[Closed],
            Declined | Closed => &[],
        }
    }

    /// Sent, accepted, waiting or seen.
    pub fn is_unfinished(self) -> bool {
        !matches!(self, ReferralStatus::Declined | ReferralStatus::Closed)
    }
}

text_enum!(
    /// The person's answer when asked to share information with a named outside service.
    ConsentToShare {
        Agreed => "agreed",
        Refused => "refused",
    }
);

/// Where a referral goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ReferralTo {
    /// Whoever in the team holds a role, e.g. the SPLW.
    #[serde(rename_all = "camelCase")]
    Role { role_key: String },
    /// A named member of the roster.
    #[serde(rename_all = "camelCase")]
    Member { member_id: i64 },
    /// An outside (non-NHS) service, by name: needs the person's consent to share.
    #[serde(rename_all = "camelCase")]
    Service { name: String },
}

/// What a user fills in to make a referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReferralInput {
    /// Who makes it: a roster member (the referrer, owed the feedback).
    pub from_member_id: i64,
    pub to: ReferralTo,
    /// The date it was made, as typed (day first, e.g. 15/12/2026).
    pub made_on: String,
    /// Why, in the referrer's words.
    pub reason: String,
    /// How many weeks the receiver expects the person to wait, if known.
    pub expected_wait_weeks: Option<i64>,
    /// When feedback to the referrer is due, as typed, if asked for.
    pub feedback_due: Option<String>,
    /// For an outside service: the person's answer when asked to share with it (required).
    pub consent_to_share: Option<ConsentToShare>,
}

/// The parts of a referral that can be corrected after it is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReferralDetails {
    pub reason: String,
    pub expected_wait_weeks: Option<i64>,
    pub feedback_due: Option<String>,
}

/// A status change as a user records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatusChange {
    pub status: ReferralStatus,
    /// The date it happened, as typed.
    pub on: String,
    /// Why it was declined (required then; ignored otherwise).
    pub reason: String,
}

/// A referral as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Referral {
    pub id: i64,
    pub case_id: i64,
    pub case_reference: String,
    /// The discussion where it was made, and that meeting.
    pub agenda_item_id: Option<i64>,
    pub meeting_id: Option<i64>,
    pub meeting_title: Option<String>,
    pub meeting_starts_at: Option<String>,
    pub from_member_id: i64,
    pub from_name: String,
    pub from_role_name: String,
    pub to: ReferralTo,
    /// To whom, in words: a role's name, a member's name and role, or the service's name.
    pub to_label: String,
    /// Made to an outside (non-NHS) service.
    pub outside: bool,
    pub made_on: String,
    pub reason: String,
    pub status: ReferralStatus,
    /// When the status was last changed (the made date while sent).
    pub status_on: String,
    pub declined_reason: String,
    /// The statuses it can move to from here ([`ReferralStatus::next`]), for the screen to offer.
    pub next_statuses: Vec<ReferralStatus>,
    pub expected_wait_weeks: Option<i64>,
    pub feedback_due: Option<String>,
    pub feedback_given_on: Option<String>,
    /// Feedback is due before today and not yet given.
    pub feedback_overdue: bool,
    /// Not finished, or feedback still owed (see the module's notes).
    pub open: bool,
    /// For an outside service: the consent to share it was made with.
    pub consent: Option<SharingConsent>,
    pub version: i64,
}

/// One status of a referral's story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatusEntry {
    pub status: ReferralStatus,
    pub on: String,
    pub reason: String,
    pub recorded_by: String,
}

/// A person's answer about sharing with one outside service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SharingConsent {
    pub id: i64,
    pub service: String,
    pub decision: ConsentToShare,
    pub decided_on: String,
    pub recorded_by: String,
}

/// What making a referral came to: made, or not made because the person did not agree to share
/// with the outside service (their refusal is kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MadeReferral {
    pub referral: Option<Referral>,
    /// Set when no referral was made: what to tell the user, in plain words.
    pub not_made: Option<String>,
    pub consent: Option<SharingConsent>,
}

/// An outside service known for a person, and whether they agreed to share with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceSharing {
    pub service: String,
    /// The latest answer; `None` means not recorded (a warning before the case is discussed).
    pub consent: Option<SharingConsent>,
    /// What the screen says, in words (never by colour alone).
    pub words: String,
}

/// Which referrals to list. Empty: every referral.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ReferralFilter {
    /// Only open ones (see the module's notes).
    pub open_only: bool,
    #[ts(optional)]
    pub case_id: Option<i64>,
    /// Only those made by this member (the referrer, owed the feedback).
    #[ts(optional)]
    pub from_member_id: Option<i64>,
    /// Only those made at this discussion.
    #[ts(optional)]
    pub agenda_item_id: Option<i64>,
    /// Only those made at this meeting (its minutes).
    #[ts(optional)]
    pub meeting_id: Option<i64>,
    /// Only those made at meetings of this series before this date-time (matters arising).
    #[ts(optional)]
    pub series_id: Option<i64>,
    #[ts(optional)]
    pub before: Option<String>,
}

/// The trimmed service name, checked.
fn service_name(field: &'static str, name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid(field, "Name the outside service the referral goes to, e.g. Riverside Men's Shed."));
    }
    if name.chars().count() > SERVICE_MAX {
        return Err(Error::invalid(field, format!("The service's name is too long: keep it under {SERVICE_MAX} characters.")));
    }
    check_line(field, "service's name", name)?;
    Ok(name.to_string())
}

fn reason_checked(reason: &str) -> Result<String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid("reason", "Say why the referral is made, in the referrer's words."));
    }
    if reason.chars().count() > REASON_MAX {
        return Err(Error::invalid("reason", format!("Keep the reason under {REASON_MAX} characters; the discussion record holds the detail.")));
    }
    check_note("reason", "reason", reason)?;
    Ok(reason.to_string())
}

fn wait_checked(weeks: Option<i64>) -> Result<Option<i64>> {
    match weeks {
        Some(w) if !(0..=WAIT_MAX_WEEKS).contains(&w) => Err(Error::invalid(
            "expectedWaitWeeks",
            format!("Give the expected wait in weeks, from 0 to {WAIT_MAX_WEEKS}, or leave it blank."),
        )),
        w => Ok(w),
    }
}

/// A typed date, read the UK way, as stored (`YYYY-MM-DD`).
fn date(field: &'static str, text: &str) -> Result<String> {
    Ok(dates::read_date(field, text)?.format(dates::DATE_FORMAT).to_string())
}

/// A typed date that must not be before `not_before` (stored form), with what that date is.
fn date_not_before(field: &'static str, text: &str, not_before: &str, what: &str) -> Result<String> {
    let on = date(field, text)?;
    if on.as_str() < not_before {
        let shown = dates::parse_date(field, not_before).map(dates::in_words).unwrap_or_else(|_| not_before.to_string());
        return Err(Error::invalid(field, format!("That is before {what} ({shown}). Check the date.")));
    }
    Ok(on)
}

fn feedback_due_checked(text: Option<&str>, made_on: &str) -> Result<Option<String>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => date_not_before("feedbackDue", t, made_on, "the referral was made").map(Some),
    }
}

/// The case and meeting of a case agenda item.
fn item_case(conn: &Connection, item_id: i64) -> Result<i64> {
    conn.prepare_cached("SELECT case_id FROM agenda_items WHERE id = ?1")?
        .query_row([item_id], |r| r.get::<_, Option<i64>>(0))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("Agenda item #{item_id}") })?
        .ok_or_else(|| Error::invalid("agendaItemId", "A referral is made from a case's record; this agenda item is not a case."))
}

/// Makes a referral from the discussion `item_id` (a case on an agenda), in one transaction,
/// audited. To an outside service, the person's answer about sharing with it is required: when
/// they refused, no referral is made and the refusal is recorded (see [`MadeReferral`]).
#[instrument(skip(store, input), err)]
pub fn make(store: &mut Store, item_id: i64, input: &ReferralInput) -> Result<MadeReferral> {
    store.write(|tx, actor| {
        let case_id = item_case(tx, item_id)?;
        // A referral is made at a discussion: not at one whose minutes are final (unless they are
        // being amended) or at a cancelled meeting. Its status moves on later, wherever it is.
        crate::meeting_record::ensure_editable(tx, crate::meeting_record::meeting_of_item(tx, item_id)?)?;
        insert(tx, actor, case_id, Some(item_id), input)
    })
}

/// [`make`] inside the caller's transaction, for a case (and the discussion, if any).
pub(crate) fn insert(tx: &Transaction<'_>, actor: &str, case_id: i64, item_id: Option<i64>, input: &ReferralInput) -> Result<MadeReferral> {
    let from = crate::members::get(tx, input.from_member_id)
        .map_err(|_| Error::invalid("fromMemberId", "Choose who is making the referral from the roster."))?;
    let to = match &input.to {
        ReferralTo::Role { role_key } => {
            crate::roles::find(tx, role_key)?.ok_or_else(|| Error::invalid("to", "Choose the role the referral goes to from the list."))?;
            ReferralTo::Role { role_key: role_key.clone() }
        }
        ReferralTo::Member { member_id } => {
            crate::members::get(tx, *member_id).map_err(|_| Error::invalid("to", "Choose the member the referral goes to from the roster."))?;
            if *member_id == from.id {
                return Err(Error::invalid("to", "A referral goes to someone else: choose another member, a role or a service."));
            }
            ReferralTo::Member { member_id: *member_id }
        }
        ReferralTo::Service { name } => ReferralTo::Service { name: service_name("to", name)? },
    };
    let made_on = date("madeOn", &input.made_on)?;
    let reason = reason_checked(&input.reason)?;
    let wait = wait_checked(input.expected_wait_weeks)?;
    let feedback_due = feedback_due_checked(input.feedback_due.as_deref(), &made_on)?;
    let now = crate::storage::now_utc();

    let mut consent = None;
    if let ReferralTo::Service { name } = &to {
        let Some(decision) = input.consent_to_share else {
            return Err(Error::invalid(
                "consentToShare",
                format!("Ask the person whether they agree to share information with {name}, and record their answer: a referral to an outside service needs it."),
            ));
        };
        let recorded = record_consent(tx, actor, case_id, item_id, name, decision, &made_on)?;
        if decision == ConsentToShare::Refused {
            return Ok(MadeReferral {
                referral: None,
                not_made: Some(format!(
                    "No referral to {name} was made: the person did not agree to share information with them. Their answer is recorded."
                )),
                consent: Some(recorded),
            });
        }
        consent = Some(recorded);
    }
    let (role, member, service) = match &to {
        ReferralTo::Role { role_key } => (Some(role_key.as_str()), None, ""),
        ReferralTo::Member { member_id } => (None, Some(*member_id), ""),
        ReferralTo::Service { name } => (None, None, name.as_str()),
    };
    let kind = match &to {
        ReferralTo::Role { .. } => "role",
        ReferralTo::Member { .. } => "member",
        ReferralTo::Service { .. } => "service",
    };
    tx.prepare_cached(
        "INSERT INTO referrals (case_id, agenda_item_id, from_member_id, to_kind, to_role_key, to_member_id, to_service,
             made_on, reason, status, status_on, expected_wait_weeks, feedback_due, sharing_consent_id, version, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'sent', ?8, ?10, ?11, ?12, 1, ?13, ?13)",
    )?
    .execute(params![case_id, item_id, from.id, kind, role, member, service, made_on, reason, wait, feedback_due, consent.as_ref().map(|c| c.id), now])?;
    let id = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO referral_statuses (referral_id, status, status_on, reason, recorded_at, recorded_by) VALUES (?1, 'sent', ?2, '', ?3, ?4)")?
        .execute(params![id, made_on, now, actor])?;
    let referral = get(tx, id)?;
    audit::record(tx, actor, change(AuditAction::Create, id, None, Some(&referral)))?;
    Ok(MadeReferral { referral: Some(referral), not_made: None, consent })
}

fn record_consent(
    tx: &Transaction<'_>,
    actor: &str,
    case_id: i64,
    item_id: Option<i64>,
    service: &str,
    decision: ConsentToShare,
    on: &str,
) -> Result<SharingConsent> {
    tx.prepare_cached(
        "INSERT INTO sharing_consents (case_id, service, decision, decided_on, agenda_item_id, recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![case_id, service, decision, on, item_id, crate::storage::now_utc(), actor])?;
    let consent = SharingConsent { id: tx.last_insert_rowid(), service: service.to_string(), decision, decided_on: on.to_string(), recorded_by: actor.to_string() };
    audit::record(tx, actor, Change { entity: AuditEntity::SharingConsent, entity_id: consent.id, action: AuditAction::Create, before: None, after: Some(&consent) })?;
    Ok(consent)
}

/// Records a person's answer about sharing with a named outside service (one already involved,
/// say), without a referral: audited, and the latest answer is the one that stands.
#[instrument(skip(store), err)]
pub fn record_sharing(store: &mut Store, item_id: i64, service: &str, decision: ConsentToShare, on: &str) -> Result<SharingConsent> {
    store.write(|tx, actor| {
        let case_id = item_case(tx, item_id)?;
        let service = service_name("service", service)?;
        let on = date("decidedOn", on)?;
        record_consent(tx, actor, case_id, Some(item_id), &service, decision, &on)
    })
}

/// Refuses a change based on an older version than the one saved.
fn fresh(current: &Referral, based_on: i64) -> Result<()> {
    if based_on != current.version {
        return Err(Error::Stale { what: format!("The referral of {} to {}", current.case_reference, current.to_label) });
    }
    Ok(())
}

/// Corrects the reason, the expected wait or the feedback due date.
#[instrument(skip(store, details), err)]
pub fn update(store: &mut Store, id: i64, based_on: i64, details: &ReferralDetails) -> Result<Referral> {
    store.write(|tx, actor| {
        let before = get(tx, id)?;
        let reason = reason_checked(&details.reason)?;
        let wait = wait_checked(details.expected_wait_weeks)?;
        let feedback_due = feedback_due_checked(details.feedback_due.as_deref(), &before.made_on)?;
        if (&reason, wait, &feedback_due) == (&before.reason, before.expected_wait_weeks, &before.feedback_due) {
            return Ok(before);
        }
        fresh(&before, based_on)?;
        tx.prepare_cached(
            "UPDATE referrals SET reason = ?2, expected_wait_weeks = ?3, feedback_due = ?4, version = version + 1, updated_at = ?5 WHERE id = ?1",
        )?
        .execute(params![id, reason, wait, feedback_due, crate::storage::now_utc()])?;
        let after = get(tx, id)?;
        audit::record(tx, actor, change(AuditAction::Update, id, Some(&before), Some(&after)))?;
        Ok(after)
    })
}

/// Moves a referral to a new status on a date, if that move is allowed from where it is
/// ([`ReferralStatus::next`]); a decline needs the reason.
#[instrument(skip(store, change_to), err)]
pub fn change_status(store: &mut Store, id: i64, based_on: i64, change_to: &StatusChange) -> Result<Referral> {
    store.write(|tx, actor| {
        let before = get(tx, id)?;
        fresh(&before, based_on)?;
        let to = change_to.status;
        if !before.status.next().contains(&to) {
            // The codes are plain words ("sent", "waiting"), so they read in a sentence as they are.
            let message = if before.status.next().is_empty() {
                format!("This referral is {}: it cannot change now. Make a new referral if one is needed.", before.status.as_str())
            } else {
                let allowed: Vec<&str> = before.status.next().iter().map(|s| s.as_str()).collect();
                let list = match allowed.split_last() {
                    Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
                    _ => allowed.join(""),
                };
                format!("A referral that is {} cannot become {}. From here it can become {list}.", before.status.as_str(), to.as_str())
            };
            return Err(Error::invalid("status", message));
        }
        let reason = change_to.reason.trim();
        if to == ReferralStatus::Declined {
            if reason.is_empty() {
                return Err(Error::invalid("declinedReason", "Say why the referral was declined, as the receiver gave it, so the referrer can act on it."));
            }
            if reason.chars().count() > DECLINED_MAX {
                return Err(Error::invalid("declinedReason", format!("Keep the reason under {DECLINED_MAX} characters: the receiver's words, in brief.")));
            }
            check_note("declinedReason", "reason", reason)?;
        }
        let reason = if to == ReferralStatus::Declined { reason } else { "" };
        let on = date_not_before("on", &change_to.on, &before.status_on, "its last status")?;
        let now = crate::storage::now_utc();
        tx.prepare_cached(
            "UPDATE referrals SET status = ?2, status_on = ?3, declined_reason = CASE WHEN ?2 = 'declined' THEN ?4 ELSE declined_reason END,
                 version = version + 1, updated_at = ?5 WHERE id = ?1",
        )?
        .execute(params![id, to, on, reason, now])?;
        tx.prepare_cached("INSERT INTO referral_statuses (referral_id, status, status_on, reason, recorded_at, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
            .execute(params![id, to, on, reason, now, actor])?;
        let after = get(tx, id)?;
        audit::record(tx, actor, change(AuditAction::Update, id, Some(&before), Some(&after)))?;
        Ok(after)
    })
}

/// Records that the referrer had their feedback, on a date (not before the referral was made).
/// `None` takes the record back (given in error).
#[instrument(skip(store), err)]
pub fn feedback_given(store: &mut Store, id: i64, based_on: i64, on: Option<&str>) -> Result<Referral> {
    store.write(|tx, actor| {
        let before = get(tx, id)?;
        fresh(&before, based_on)?;
        let on = on.map(|t| date_not_before("feedbackGivenOn", t, &before.made_on, "the referral was made")).transpose()?;
        tx.prepare_cached("UPDATE referrals SET feedback_given_on = ?2, version = version + 1, updated_at = ?3 WHERE id = ?1")?
            .execute(params![id, on, crate::storage::now_utc()])?;
        let after = get(tx, id)?;
        audit::record(tx, actor, change(AuditAction::Update, id, Some(&before), Some(&after)))?;
        Ok(after)
    })
}

/// A referral's statuses, oldest first.
pub fn history(conn: &Connection, id: i64) -> Result<Vec<StatusEntry>> {
    let mut stmt = conn.prepare_cached("SELECT status, status_on, reason, recorded_by FROM referral_statuses WHERE referral_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([id], |r| Ok(StatusEntry { status: r.get(0)?, on: r.get(1)?, reason: r.get(2)?, recorded_by: r.get(3)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const OPEN_SQL: &str = "(x.status NOT IN ('declined', 'closed') OR (x.feedback_due IS NOT NULL AND x.feedback_given_on IS NULL))";

fn select_sql() -> String {
    format!(
        "SELECT x.id, x.case_id, c.reference, x.agenda_item_id, m.id, m.title, m.starts_at, x.from_member_id, f.name, fr.name,
            x.to_kind, x.to_role_key, x.to_member_id, x.to_service, tr.name, t.name, ttr.name,
            x.made_on, x.reason, x.status, x.status_on, x.declined_reason, x.expected_wait_weeks, x.feedback_due, x.feedback_given_on,
            x.feedback_due IS NOT NULL AND x.feedback_given_on IS NULL AND x.feedback_due < ?1, {OPEN_SQL},
            s.id, s.service, s.decision, s.decided_on, s.recorded_by, x.version
        FROM referrals x
        JOIN cases c ON c.id = x.case_id
        JOIN team_members f ON f.id = x.from_member_id
        JOIN roles fr ON fr.key = f.role_key
        LEFT JOIN agenda_items a ON a.id = x.agenda_item_id
        LEFT JOIN meetings m ON m.id = a.meeting_id
        LEFT JOIN roles tr ON tr.key = x.to_role_key
        LEFT JOIN team_members t ON t.id = x.to_member_id
        LEFT JOIN roles ttr ON ttr.key = t.role_key
        LEFT JOIN sharing_consents s ON s.id = x.sharing_consent_id"
    )
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Referral> {
    let kind: String = r.get(10)?;
    let (to, to_label) = match kind.as_str() {
        "role" => (ReferralTo::Role { role_key: r.get(11)? }, r.get::<_, String>(14)?),
        "member" => {
            let name: String = r.get(15)?;
            let role: String = r.get(16)?;
            (ReferralTo::Member { member_id: r.get(12)? }, format!("{name} ({role})"))
        }
        _ => {
            let name: String = r.get(13)?;
            (ReferralTo::Service { name: name.clone() }, name)
        }
    };
    let consent = match r.get::<_, Option<i64>>(27)? {
        Some(id) => Some(SharingConsent { id, service: r.get(28)?, decision: r.get(29)?, decided_on: r.get(30)?, recorded_by: r.get(31)? }),
        None => None,
    };
    let status: ReferralStatus = r.get(19)?;
    Ok(Referral {
        id: r.get(0)?,
        case_id: r.get(1)?,
        case_reference: r.get(2)?,
        agenda_item_id: r.get(3)?,
        meeting_id: r.get(4)?,
        meeting_title: r.get(5)?,
        meeting_starts_at: r.get(6)?,
        from_member_id: r.get(7)?,
        from_name: r.get(8)?,
        from_role_name: r.get(9)?,
        outside: matches!(to, ReferralTo::Service { .. }),
        to,
        to_label,
        made_on: r.get(17)?,
        reason: r.get(18)?,
        status,
        status_on: r.get(20)?,
        declined_reason: r.get(21)?,
        next_statuses: status.next().to_vec(),
        expected_wait_weeks: r.get(22)?,
        feedback_due: r.get(23)?,
        feedback_given_on: r.get(24)?,
        feedback_overdue: r.get(25)?,
        open: r.get(26)?,
        consent,
        version: r.get(32)?,
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<Referral> {
    conn.prepare_cached(&format!("{} WHERE x.id = ?2", select_sql()))?
        .query_row(params![dates::today(), id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("Referral #{id}") })
}

/// Every referral matching the filter: feedback overdue first, then by date made, oldest first.
pub fn list(conn: &Connection, filter: &ReferralFilter) -> Result<Vec<Referral>> {
    let mut clauses = Vec::new();
    let mut args: Vec<Box<dyn ToSql>> = vec![Box::new(dates::today())];
    let mut push = |clause: &str, value: Box<dyn ToSql>| {
        args.push(value);
        clauses.push(clause.replace('?', &format!("?{}", args.len())));
    };
    if let Some(case) = filter.case_id {
        push("x.case_id = ?", Box::new(case));
    }
    if let Some(from) = filter.from_member_id {
        push("x.from_member_id = ?", Box::new(from));
    }
    if let Some(item) = filter.agenda_item_id {
        push("x.agenda_item_id = ?", Box::new(item));
    }
    if let Some(meeting) = filter.meeting_id {
        push("x.agenda_item_id IN (SELECT id FROM agenda_items WHERE meeting_id = ?)", Box::new(meeting));
    }
    if let Some(series) = filter.series_id {
        push("m.series_id = ?", Box::new(series));
    }
    if let Some(before) = &filter.before {
        push("m.starts_at < ?", Box::new(before.clone()));
    }
    if filter.open_only {
        clauses.push(OPEN_SQL.to_string());
    }
    let where_sql = if clauses.is_empty() { String::new() } else { format!(" WHERE {}", clauses.join(" AND ")) };
    let order = " ORDER BY x.feedback_due IS NOT NULL AND x.feedback_given_on IS NULL AND x.feedback_due < ?1 DESC, x.made_on, x.id";
    let mut stmt = conn.prepare_cached(&format!("{}{where_sql}{order}", select_sql()))?;
    let rows = stmt.query_map(params_from_iter(args.iter()), from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The outside services known for the person of a case item (their referrals' services and those
/// listed as already involved on this item), each with the latest answer about sharing with it.
/// One without an answer says "Not recorded": the warning before the case is discussed.
pub fn sharing_for_item(conn: &Connection, item_id: i64) -> Result<Vec<ServiceSharing>> {
    let case_id = item_case(conn, item_id)?;
    let mut services: Vec<String> = conn
        .prepare_cached(
            "SELECT external_service FROM agenda_item_professionals WHERE agenda_item_id = ?1 AND external_service <> ''
             UNION SELECT to_service FROM referrals WHERE case_id = ?2 AND to_kind = 'service'
             UNION SELECT service FROM sharing_consents WHERE case_id = ?2",
        )?
        .query_map(params![item_id, case_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    services.sort_by_key(|s| s.to_lowercase());
    services.dedup_by_key(|s| s.to_lowercase());
    let mut latest = conn.prepare_cached(
        "SELECT id, service, decision, decided_on, recorded_by FROM sharing_consents
         WHERE case_id = ?1 AND service = ?2 COLLATE NOCASE ORDER BY decided_on DESC, id DESC LIMIT 1",
    )?;
    let mut found = Vec::new();
    for service in services {
        let consent = latest
            .query_row(params![case_id, service], |r| {
                Ok(SharingConsent { id: r.get(0)?, service: r.get(1)?, decision: r.get(2)?, decided_on: r.get(3)?, recorded_by: r.get(4)? })
            })
            .optional()?;
        let words = match &consent {
            None => format!("Consent to share with {service}: not recorded. Ask the person before information is shared."),
            Some(c) => {
                let on = dates::parse_date("decidedOn", &c.decided_on).map(dates::in_words).unwrap_or_else(|_| c.decided_on.clone());
                match c.decision {
                    ConsentToShare::Agreed => format!("Consent to share with {service}: agreed on {on}."),
                    ConsentToShare::Refused => format!("Consent to share with {service}: refused on {on}. Share nothing with them."),
                }
            }
        };
        found.push(ServiceSharing { service, consent, words });
    }
    Ok(found)
}

/// The warnings of [`sharing_for_item`]: the services with no answer recorded.
pub fn sharing_not_recorded(conn: &Connection, item_id: i64) -> Result<Vec<ServiceSharing>> {
    Ok(sharing_for_item(conn, item_id)?.into_iter().filter(|s| s.consent.is_none()).collect())
}

fn change<'a>(action: AuditAction, id: i64, before: Option<&'a Referral>, after: Option<&'a Referral>) -> Change<'a, Referral> {
    Change { entity: AuditEntity::Referral, entity_id: id, action, before, after }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declined_and_closed_are_final_and_every_other_status_can_close() {
        for status in ReferralStatus::ALL {
            assert_eq!(status.next().is_empty(), !status.is_unfinished(), "{status:?}");
            if status.is_unfinished() {
                assert!(status.next().contains(&ReferralStatus::Closed), "{status:?}");
            }
            assert!(!status.next().contains(&ReferralStatus::Sent), "nothing goes back to sent");
        }
    }
}
