//! Planning a teach-in: the standard agenda timed to the length chosen, its presenters (who
//! presents which slot) and its title.

use rusqlite::Connection;

use crate::roles::summaries::{self as role_summaries, RoleSummary};
use crate::words::in_sentence;
use crate::{Error, Result, dates, members, roles::profiles as role_profiles};

use super::{AUDIENCE_MAX, PRESENTERS_MAX, STANDARD, SlotKind, TeachIn, TeachInInput, TeachInPresenter, TeachInRole, TeachInSlot, check_len, check_title};
use super::time::{apportion, check_total, speaking_minutes};
use super::talking_points::{Context, talking_points};
use super::case_examples::check_case_example;

/// The teach-in as planned from `input`, not yet saved: the standard agenda, timed to the length,
/// with presenters and talking points.
pub fn draft(conn: &Connection, input: &TeachInInput) -> Result<TeachIn> {
    let role_keys = check_roles(&input.role_keys)?;
    let presenters = check_presenters(conn, &input.presenter_ids)?;
    let summaries = role_keys
        .iter()
        .map(|k| role_summaries::summary(conn, k, dates::local_today()))
        .collect::<Result<Vec<_>>>()?;
    let roles: Vec<TeachInRole> =
        summaries.iter().map(|s| TeachInRole { key: s.profile.key.clone(), name: s.profile.name.clone() }).collect();
    let mut kinds = Vec::new();
    let mut weights = Vec::new();
    for (kind, weight) in STANDARD {
        match kind {
            Some(kind) => {
                kinds.push((kind, None));
                weights.push(weight);
            }
            None => {
                for role in &roles {
                    kinds.push((SlotKind::RoleAtAGlance, Some(role.key.clone())));
                    weights.push(weight);
                }
            }
        }
    }
    let total = check_total(input.total_minutes, kinds.len())?;
    let minutes = apportion(total, &weights);
    let who = assign_presenters(&kinds, &presenters);
    let context = Context { summaries: &summaries, presenters: &presenters, audience: input.audience.trim() };
    let mut starts_after = 0;
    let slots = kinds
        .into_iter()
        .zip(minutes)
        .zip(who)
        .map(|(((kind, role_key), minutes), presenters)| {
            let notes = talking_points(kind, role_key.as_deref(), &context, minutes);
            let slot = TeachInSlot {
                id: 0,
                title: slot_title(kind, role_key.as_deref(), &summaries),
                notes_minutes: speaking_minutes(&notes),
                notes,
                kind,
                role_key,
                minutes,
                starts_after,
                presenters,
            };
            starts_after += minutes;
            slot
        })
        .collect::<Vec<_>>();
    let title = match input.title.trim() {
        "" => default_title(&roles),
        t => check_title(t)?,
    };
    Ok(TeachIn {
        id: 0,
        title,
        presenters: distinct_presenters(&slots),
        roles,
        total_minutes: total,
        audience: check_len("audience", input.audience.trim(), AUDIENCE_MAX)?,
        case_example: check_case_example(conn, &input.case_example)?,
        slots,
        placements: Vec::new(),
    })
}

pub(super) fn check_roles(keys: &[String]) -> Result<Vec<String>> {
    let keys: Vec<String> = keys.iter().map(|k| k.trim().to_string()).filter(|k| !k.is_empty()).collect();
    if keys.is_empty() {
        return Ok(role_summaries::DEFAULT_PAIR.map(String::from).to_vec());
    }
    if keys.len() != 2 || keys[0] == keys[1] {
        return Err(Error::invalid("roleKeys", "Choose the two different roles that will present together."));
    }
    for key in &keys {
        match role_profiles::default_for(key) {
            Ok(_) => {}
            Err(Error::NotFound { .. }) => {
                let known = role_profiles::defaults()?.into_iter().map(|p| p.key).collect::<Vec<_>>().join(", ");
                return Err(Error::invalid("roleKeys", format!("'{key}' is not a role with a profile. Choose from: {known}.")));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(keys)
}

pub(super) fn check_presenters(conn: &Connection, ids: &[i64]) -> Result<Vec<TeachInPresenter>> {
    let mut seen = Vec::new();
    for &id in ids {
        if seen.iter().any(|p: &TeachInPresenter| p.member_id == id) {
            continue;
        }
        let m = members::get(conn, id)
            .map_err(|_| Error::invalid("presenterIds", format!("Team member #{id} is not on the roster.")))?;
        seen.push(TeachInPresenter { member_id: m.id, name: m.name, role_key: m.role_key, role_name: m.role_name });
    }
    if seen.len() > PRESENTERS_MAX {
        return Err(Error::invalid("presenterIds", format!("Choose at most {PRESENTERS_MAX} presenters.")));
    }
    Ok(seen)
}

/// How many presenters [`default_presenters`] drafts for one role: two roles of three stay within
/// [`PRESENTERS_MAX`].
pub(super) const DEFAULT_PER_ROLE: usize = PRESENTERS_MAX / 2;

/// The presenters a new teach-in on `role_keys` starts with: for each role, the team's core
/// members who hold it (up to three, in roster order); a member who is not core only when no core
/// member holds the role, and then the first on the roster; never anyone who has left the team.
/// Blank keys mean OT and SPLW.
pub fn default_presenters(conn: &Connection, role_keys: &[String]) -> Result<Vec<TeachInPresenter>> {
    let keys = check_roles(role_keys)?;
    let roster = members::list(conn)?;
    let mut chosen = Vec::new();
    for key in &keys {
        let holders: Vec<_> = roster.iter().filter(|m| &m.role_key == key && m.left_on.is_none()).collect();
        let core: Vec<_> = holders.iter().filter(|m| m.core_member).take(DEFAULT_PER_ROLE).collect();
        let picked: Vec<_> = if core.is_empty() { holders.iter().take(1).collect() } else { core };
        chosen.extend(picked.into_iter().map(|m| TeachInPresenter {
            member_id: m.id,
            name: m.name.clone(),
            role_key: m.role_key.clone(),
            role_name: m.role_name.clone(),
        }));
    }
    Ok(chosen)
}

/// "Teach-in: the occupational therapist and the social prescribing link worker".
pub(super) fn default_title(roles: &[TeachInRole]) -> String {
    let names: Vec<String> = roles.iter().map(|r| format!("the {}", in_sentence(&r.name))).collect();
    format!("Teach-in: {}", names.join(" and "))
}

pub(super) fn slot_title(kind: SlotKind, role_key: Option<&str>, summaries: &[RoleSummary]) -> String {
    match kind {
        SlotKind::Welcome => "Welcome and why we are here".into(),
        SlotKind::RoleAtAGlance => {
            let name = summaries.iter().find(|s| Some(s.profile.key.as_str()) == role_key).map_or("", |s| &s.profile.name);
            format!("{name} at a glance")
        }
        SlotKind::SharedApproach => "Shared values and approach".into(),
        SlotKind::Boundaries => "Boundaries and crossovers".into(),
        SlotKind::Referral => "How to refer either way, and local contacts".into(),
        SlotKind::Escalation => "Escalation and who holds risk".into(),
        SlotKind::CaseExample => "A case example of joint working".into(),
        SlotKind::Questions => "Questions".into(),
        SlotKind::Custom => "New slot".into(),
    }
}

/// Who presents each slot. Joint slots name every presenter; a role's "at a glance" slot goes to
/// the presenters who hold that role; the other slots go to one presenter each, chosen so that
/// nobody presents two of them in a row where someone else can, and the work is shared evenly.
pub fn assign_presenters(slots: &[(SlotKind, Option<String>)], presenters: &[TeachInPresenter]) -> Vec<Vec<TeachInPresenter>> {
    let mut out: Vec<Option<Vec<TeachInPresenter>>> = slots
        .iter()
        .map(|(kind, role)| {
            if kind.is_joint() {
                return Some(presenters.to_vec());
            }
            let holders: Vec<_> = presenters.iter().filter(|p| Some(&p.role_key) == role.as_ref()).cloned().collect();
            (!holders.is_empty()).then_some(holders)
        })
        .collect();
    if presenters.is_empty() {
        return out.into_iter().map(Option::unwrap_or_default).collect();
    }
    let single = |slot: &Option<Vec<TeachInPresenter>>| match slot {
        Some(list) if list.len() == 1 => Some(list[0].member_id),
        _ => None,
    };
    let mut turns = vec![0usize; presenters.len()];
    for i in 0..slots.len() {
        if out[i].is_some() {
            if let Some(id) = single(&out[i]) {
                turns[presenters.iter().position(|p| p.member_id == id).expect("a presenter")] += 1;
            }
            continue;
        }
        let previous = out[..i].iter().rev().find_map(single);
        let next = out[i + 1..].iter().find_map(|s| s.as_ref().and_then(|_| single(s)));
        let pick = (0..presenters.len())
            .min_by_key(|&p| {
                let id = presenters[p].member_id;
                (Some(id) == previous, Some(id) == next, turns[p], p)
            })
            .expect("at least one presenter");
        turns[pick] += 1;
        out[i] = Some(vec![presenters[pick].clone()]);
    }
    out.into_iter().map(Option::unwrap_or_default).collect()
}

pub(super) fn distinct_presenters(slots: &[TeachInSlot]) -> Vec<TeachInPresenter> {
    let mut all: Vec<TeachInPresenter> = Vec::new();
    for p in slots.iter().flat_map(|s| &s.presenters) {
        if !all.iter().any(|q| q.member_id == p.member_id) {
            all.push(p.clone());
        }
    }
    all
}
