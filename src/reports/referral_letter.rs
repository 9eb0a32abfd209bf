//! A referral letter, one page, from the same layout as the minutes: to whom and from whom, the
//! reason in the referrer's own words, what matters to the person and their goals (in brief,
//! from their record, [`crate::person`]), the feedback asked for, consent to share (for an
//! outside service) and who to contact (the referrer).
//!
//! The person is named by their pseudonymous reference only, unless the user includes their full
//! identifiers (NHS number, other identifier) for this export: then the letter says so on the
//! page and in the running header, as the minutes do. Every export is recorded in the audit log
//! (entity `referral`, action `export`), with whether identifiers were included.

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::export::{ExportReport, slug};
use super::minutes::IDENTIFIERS_NOTICE;
use super::words::{long_date, nhs_number};
use super::{Document, Level, render};
use crate::audit::AuditEntity;
use crate::referrals::{self, ConsentToShare, Referral, ReferralStatus};
use crate::words::count;
use crate::{Result, Store, cases, labels, members, person};

/// Longest the person's words run in the letter before they are cut (in characters), so the
/// letter keeps to one page with the longest reason.
const IN_BRIEF_MAX: usize = 160;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LetterOptions {
    /// Print the person's NHS number and other identifier beside their reference.
    pub include_identifiers: bool,
    /// The creation date written into the file; `None` means now.
    pub created: Option<DateTime<Utc>>,
}

/// The file name offered when saving, e.g. `referral-12-ab-0101-2026-01-05.pdf`.
pub fn file_name(conn: &Connection, referral_id: i64) -> Result<String> {
    let r = referrals::get(conn, referral_id)?;
    Ok(format!("referral-{}-{}-{}.pdf", r.id, slug(&r.case_reference), r.made_on))
}

/// The letter for a referral, as a document to render.
pub fn document(conn: &Connection, referral_id: i64, options: &LetterOptions) -> Result<Document> {
    let r = referrals::get(conn, referral_id)?;
    let referrer = members::get(conn, r.from_member_id)?;
    let profile = person::open(conn, r.case_id)?.profile;
    let mut doc = Document::new(format!("Referral of {} to {}", r.case_reference, r.to_label));
    doc.header_right = long_date(&r.made_on);
    doc.created = options.created;
    if options.include_identifiers {
        doc.notice = IDENTIFIERS_NOTICE.to_string();
    }

    doc.heading(Level::H1, format!("Referral to {}", r.to_label));
    let mut person_line = r.case_reference.clone();
    if options.include_identifiers {
        match cases::identifiers(conn, &[r.case_id])?.into_iter().next() {
            Some((_, id)) => {
                let mut parts = Vec::new();
                if !id.nhs_number.is_empty() {
                    parts.push(format!("NHS number {}", nhs_number(&id.nhs_number)));
                }
                if !id.other_identifier.is_empty() {
                    parts.push(id.other_identifier.clone());
                }
                person_line = format!("{} ({})", r.case_reference, parts.join(", "));
            }
            None => person_line = format!("{} (no identifier is recorded)", r.case_reference),
        }
    }
    let mut facts: Vec<(&str, String)> = vec![
        ("Person", person_line),
        ("Identifiers", identifiers_line(options.include_identifiers)),
        ("From", format!("{}, {}", referrer.name, referrer.role_name)),
        ("Date", long_date(&r.made_on)),
    ];
    if let (Some(title), Some(at)) = (&r.meeting_title, &r.meeting_starts_at) {
        facts.push(("Agreed at", format!("{title}, {}", long_date(at))));
    }
    facts.push(("Status", status_line(&r)));
    facts.push(("Expected wait", r.expected_wait_weeks.map_or_else(|| "Not known".to_string(), |w| count(w, "week", "weeks"))));
    if let Some(consent) = &r.consent {
        let said = match consent.decision {
            ConsentToShare::Agreed => "agreed",
            ConsentToShare::Refused => "did not agree",
        };
        facts.push((
            "Consent to share",
            format!("The person {said} to sharing with {} ({}).", consent.service, long_date(&consent.decided_on)),
        ));
    }
    doc.key_values(facts);

    doc.heading(Level::H2, "Why I am referring");
    doc.paragraph(r.reason.clone());

    doc.heading(Level::H2, "What matters to the person");
    let pairs = [("What matters to them", profile.what_matters.trim()), ("Their goals", profile.goals.trim())];
    let told: Vec<(&str, String)> = pairs.into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| (k, in_brief(v))).collect();
    if told.is_empty() {
        doc.paragraph("Not recorded yet: please ask the person what matters to them.");
    } else {
        doc.key_values(told);
    }

    doc.heading(Level::H2, "Feedback and who to contact");
    let feedback = match &r.feedback_due {
        Some(due) => format!("Please let {} know how this referral went by {}.", referrer.name, long_date(due)),
        None => format!("Please let {} know whether you can accept this referral.", referrer.name),
    };
    let contact: Vec<&str> = [&referrer.name, &referrer.role_name, &referrer.organisation, &referrer.email, &referrer.phone]
        .into_iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .collect();
    doc.key_values([("Feedback", feedback), ("Contact", contact.join(", "))]);
    Ok(doc)
}

fn identifiers_line(included: bool) -> String {
    if included {
        "Included for this letter, beside the person's reference.".into()
    } else {
        "Left out: the person is named by pseudonymous reference only.".into()
    }
}

fn status_line(r: &Referral) -> String {
    let label = labels::referral_status(r.status);
    match r.status {
        ReferralStatus::Sent => format!("{label} on {}", long_date(&r.status_on)),
        ReferralStatus::Declined => format!("{label} on {}: {}", long_date(&r.status_on), r.declined_reason),
        _ => format!("{label} (since {})", long_date(&r.status_on)),
    }
}

/// `text` whole when short, else cut at a word near [`IN_BRIEF_MAX`] characters.
fn in_brief(text: &str) -> String {
    if text.chars().count() <= IN_BRIEF_MAX {
        return text.to_string();
    }
    let cut: String = text.chars().take(IN_BRIEF_MAX).collect();
    let cut = cut.rsplit_once(char::is_whitespace).map_or(cut.as_str(), |(head, _)| head).trim_end();
    format!("{cut}… (in full in the person's record)")
}

/// Renders the letter and writes it to `path` (atomically), recording the export in the audit
/// log in the same step: if either fails, neither happens.
pub fn export(store: &mut Store, referral_id: i64, options: &LetterOptions, path: &Path) -> Result<ExportReport> {
    let rendered = render(&document(store.conn(), referral_id, options)?)?;
    super::export::write_audited(store, (AuditEntity::Referral, referral_id), "referral letter (PDF)", options.include_identifiers, &rendered, path)
}
