//! Teach-ins: short sessions in which two roles (an OT and an SPLW, by default) explain to the
//! MDT what each does, when each leads and how to refer between them. Planning one gives a timed
//! agenda with a presenter for each slot and talking points drawn from the role profiles; the
//! presenters then edit, reorder, add and remove slots, and the times re-flow so that they always
//! add up to the length chosen. A teach-in can be put on a meeting's agenda as one item.

use std::cmp::Reverse;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;

use crate::audit::{self, AuditAction, Change};
use crate::meeting_record::{MeetingStatus, ensure_editable};
use crate::role_summaries::{self, RoleSummary};
use crate::{Error, Result, Store, dates, members, role_profiles, text_enum};

pub const MIN_MINUTES: i64 = 10;
pub const MAX_MINUTES: i64 = 90;
const TITLE_MAX: usize = 200;
const AUDIENCE_MAX: usize = 300;
const NOTES_MAX: usize = 5_000;
const CASE_EXAMPLE_MAX: usize = 2_000;
const PRESENTERS_MAX: usize = 6;
/// A run of words this long copied from the team's records means the example was not rewritten.
const COPIED_WORDS: usize = 8;
const AUDIT_ENTITY: &str = "teach_in";

text_enum!(
    /// What a slot of the agenda is for.
    SlotKind {
        Welcome => "welcome",
        RoleAtAGlance => "role_at_a_glance",
        SharedApproach => "shared_approach",
        Boundaries => "boundaries",
        Referral => "referral",
        Escalation => "escalation",
        CaseExample => "case_example",
        Questions => "questions",
        /// Added by the presenters.
        Custom => "custom",
    }
);

impl SlotKind {
    /// Presented by everyone presenting: the parts that are about the two roles together.
    pub fn is_joint(self) -> bool {
        matches!(self, SlotKind::SharedApproach | SlotKind::Boundaries | SlotKind::CaseExample | SlotKind::Questions)
    }
}

/// The standard agenda, with each slot's share of the time (out of 30, so a 30-minute teach-in
/// gets exactly these minutes). `None` stands for one "at a glance" slot per role.
const STANDARD: [(Option<SlotKind>, i64); 8] = [
    (Some(SlotKind::Welcome), 2),
    (None, 4),
    (Some(SlotKind::SharedApproach), 3),
    (Some(SlotKind::Boundaries), 4),
    (Some(SlotKind::Referral), 3),
    (Some(SlotKind::Escalation), 3),
    (Some(SlotKind::CaseExample), 4),
    (Some(SlotKind::Questions), 3),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeachIn {
    /// 0 for a plan not yet saved (the CLI's).
    pub id: i64,
    pub title: String,
    /// The two roles presented, in the order they are introduced.
    pub roles: Vec<TeachInRole>,
    pub total_minutes: i64,
    pub audience: String,
    /// The presenters' own account of a case of joint working; never identifying.
    pub case_example: String,
    pub slots: Vec<TeachInSlot>,
    /// Everyone presenting any slot, in order of first appearance.
    pub presenters: Vec<TeachInPresenter>,
    /// The meetings whose agenda has this teach-in on it.
    pub placements: Vec<TeachInPlacement>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeachInRole {
    pub key: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeachInSlot {
    pub id: i64,
    pub kind: SlotKind,
    /// The role an "at a glance" slot is about.
    pub role_key: Option<String>,
    pub title: String,
    pub minutes: i64,
    /// Minutes from the start of the teach-in to the start of this slot.
    pub starts_after: i64,
    /// Talking points, one per line.
    pub notes: String,
    /// About how many minutes the notes take to say ([`speaking_minutes`]): drafted notes fit the
    /// slot; notes a presenter wrote may run over it.
    pub notes_minutes: i64,
    pub presenters: Vec<TeachInPresenter>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeachInPresenter {
    pub member_id: i64,
    pub name: String,
    pub role_key: String,
    pub role_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeachInPlacement {
    pub agenda_item_id: i64,
    pub meeting_id: i64,
    pub meeting_title: String,
    pub starts_at: String,
    pub status: MeetingStatus,
}

/// One line of the teach-ins list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeachInSummary {
    pub id: i64,
    pub title: String,
    pub role_names: Vec<String>,
    pub total_minutes: i64,
    pub presenter_names: Vec<String>,
    pub meetings: i64,
}

/// What a team fills in to plan a teach-in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeachInInput {
    /// Blank for a title made from the roles.
    pub title: String,
    /// Two role keys; blank for the guidance's pair, OT and SPLW.
    pub role_keys: Vec<String>,
    pub presenter_ids: Vec<i64>,
    pub total_minutes: i64,
    pub audience: String,
    pub case_example: String,
}

/// The parts of a saved teach-in that are edited as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeachInDetails {
    pub title: String,
    /// A new length re-flows every slot in proportion.
    pub total_minutes: i64,
    pub audience: String,
    pub case_example: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeachInSlotInput {
    pub title: String,
    /// A new length re-flows the other slots so the total stays the same.
    pub minutes: i64,
    pub presenter_ids: Vec<i64>,
    pub notes: String,
}

/// A case the team has closed, offered as a prompt for the presenters' own case example. It
/// carries what the record says about the joint working, never who the person is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CasePrompt {
    /// Month and year of the last discussion, e.g. "March 2026".
    pub when: String,
    pub points: Vec<String>,
    /// True when both of the teach-in's roles were involved.
    pub both_roles: bool,
}

// ----- Time ------------------------------------------------------------------------------------

/// Shares `total` minutes out in proportion to `weights` by largest remainder, so the parts
/// always add up to `total`; every part gets at least one minute (taken from the largest). Ties
/// go to the larger weight, then the earlier slot. `weights` must not be empty and `total` must be
/// at least its length.
pub fn apportion(total: i64, weights: &[i64]) -> Vec<i64> {
    let n = weights.len();
    assert!(n > 0 && total >= n as i64, "{total} minutes cannot be shared among {n} slots");
    let weights: Vec<i64> = if weights.iter().all(|w| *w <= 0) {
        vec![1; n]
    } else {
        weights.iter().map(|w| (*w).max(0)).collect()
    };
    let sum: i64 = weights.iter().sum();
    let mut parts: Vec<i64> = weights.iter().map(|w| total * w / sum).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (Reverse(total * weights[i] % sum), Reverse(weights[i]), i));
    let short = (total - parts.iter().sum::<i64>()) as usize;
    for &i in &order[..short] {
        parts[i] += 1;
    }
    while let Some(empty) = parts.iter().position(|p| *p == 0) {
        let largest = (0..n).max_by_key(|&i| (parts[i], i)).expect("not empty");
        parts[largest] -= 1;
        parts[empty] += 1;
    }
    parts
}

/// `minutes` with slot `pinned` set to `value` and the others re-flowed in proportion to their
/// current lengths, so the total stays `total`.
pub fn reflow(minutes: &[i64], pinned: usize, value: i64, total: i64) -> Result<Vec<i64>> {
    let others = minutes.len() as i64 - 1;
    let most = total - others;
    if !(1..=most).contains(&value) {
        return Err(Error::invalid(
            "minutes",
            format!("Give this slot between 1 and {most} minutes: the other {others} slots need at least a minute each."),
        ));
    }
    let rest: Vec<i64> = minutes.iter().enumerate().filter(|(i, _)| *i != pinned).map(|(_, m)| *m).collect();
    let mut shared = if rest.is_empty() { Vec::new() } else { apportion(total - value, &rest) }.into_iter();
    Ok((0..minutes.len()).map(|i| if i == pinned { value } else { shared.next().expect("one per slot") }).collect())
}

fn check_total(total: i64, slots: usize) -> Result<i64> {
    if !(MIN_MINUTES..=MAX_MINUTES).contains(&total) {
        return Err(Error::invalid(
            "totalMinutes",
            format!("A teach-in lasts between {MIN_MINUTES} and {MAX_MINUTES} minutes."),
        ));
    }
    if (slots as i64) > total {
        return Err(Error::invalid(
            "totalMinutes",
            format!("{total} minutes is too short for {slots} slots; remove some slots or allow more time."),
        ));
    }
    Ok(total)
}

// ----- Planning --------------------------------------------------------------------------------

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

/// Plans and saves a teach-in.
#[instrument(skip(store, input), err)]
pub fn create(store: &mut Store, input: &TeachInInput) -> Result<TeachIn> {
    store.write(|tx, actor| {
        let plan = draft(tx, input)?;
        let now = crate::storage::now_utc();
        let keys = plan.roles.iter().map(|r| r.key.as_str()).collect::<Vec<_>>().join(",");
        tx.execute(
            "INSERT INTO teach_ins (title, role_keys, total_minutes, audience, case_example, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![plan.title, keys, plan.total_minutes, plan.audience, plan.case_example, now],
        )?;
        let id = tx.last_insert_rowid();
        for (position, slot) in plan.slots.iter().enumerate() {
            insert_slot(tx, id, position as i64, slot)?;
        }
        let saved = get(tx, id)?;
        audit::record(tx, actor, change(AuditAction::Create, id, None, Some(&saved)))?;
        Ok(saved)
    })
}

fn insert_slot(tx: &Transaction<'_>, teach_in_id: i64, position: i64, slot: &TeachInSlot) -> Result<i64> {
    tx.execute(
        "INSERT INTO teach_in_slots (teach_in_id, position, kind, role_key, title, minutes, notes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![teach_in_id, position, slot.kind, slot.role_key, slot.title, slot.minutes, slot.notes],
    )?;
    let slot_id = tx.last_insert_rowid();
    set_presenters(tx, slot_id, &slot.presenters.iter().map(|p| p.member_id).collect::<Vec<_>>())?;
    Ok(slot_id)
}

fn set_presenters(tx: &Transaction<'_>, slot_id: i64, member_ids: &[i64]) -> Result<()> {
    tx.execute("DELETE FROM teach_in_presenters WHERE slot_id = ?1", [slot_id])?;
    for id in member_ids {
        tx.execute("INSERT INTO teach_in_presenters (slot_id, member_id) VALUES (?1, ?2)", params![slot_id, id])?;
    }
    Ok(())
}

fn check_roles(keys: &[String]) -> Result<Vec<String>> {
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

fn check_presenters(conn: &Connection, ids: &[i64]) -> Result<Vec<TeachInPresenter>> {
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
const DEFAULT_PER_ROLE: usize = PRESENTERS_MAX / 2;

/// The presenters a new teach-in on `role_keys` starts with: for each role, the team's core
/// members who hold it (up to three, in roster order); a member who is not core only when no core
/// member holds the role, and then the first on the roster. Blank keys mean OT and SPLW.
pub fn default_presenters(conn: &Connection, role_keys: &[String]) -> Result<Vec<TeachInPresenter>> {
    let keys = check_roles(role_keys)?;
    let roster = members::list(conn)?;
    let mut chosen = Vec::new();
    for key in &keys {
        let holders: Vec<_> = roster.iter().filter(|m| &m.role_key == key).collect();
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

fn check_len(field: &'static str, text: &str, max: usize) -> Result<String> {
    if text.chars().count() > max {
        return Err(Error::invalid(field, format!("Keep this under {max} characters.")));
    }
    Ok(text.to_string())
}

fn check_title(title: &str) -> Result<String> {
    if title.is_empty() {
        return Err(Error::invalid("title", "Give the teach-in a title."));
    }
    check_len("title", title, TITLE_MAX)
}

/// "Teach-in: the occupational therapist and the social prescribing link worker".
fn default_title(roles: &[TeachInRole]) -> String {
    let names: Vec<String> = roles.iter().map(|r| format!("the {}", in_sentence(&r.name))).collect();
    format!("Teach-in: {}", names.join(" and "))
}

/// A role's name as it reads mid-sentence: "Occupational therapist" becomes "occupational
/// therapist", while "GP" stays "GP".
pub fn in_sentence(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if second.is_lowercase() => first.to_lowercase().chain(name.chars().skip(1)).collect(),
        _ => name.to_string(),
    }
}

fn slot_title(kind: SlotKind, role_key: Option<&str>, summaries: &[RoleSummary]) -> String {
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

fn distinct_presenters(slots: &[TeachInSlot]) -> Vec<TeachInPresenter> {
    let mut all: Vec<TeachInPresenter> = Vec::new();
    for p in slots.iter().flat_map(|s| &s.presenters) {
        if !all.iter().any(|q| q.member_id == p.member_id) {
            all.push(p.clone());
        }
    }
    all
}

// ----- Talking points ----------------------------------------------------------------------------

struct Context<'a> {
    summaries: &'a [RoleSummary],
    presenters: &'a [TeachInPresenter],
    audience: &'a str,
}

fn bullet(text: impl AsRef<str>) -> String {
    format!("• {}", text.as_ref())
}

/// List items run together in a sentence: "falls; an unsafe home; ...".
fn joined(items: &[String]) -> String {
    items.iter().map(|s| in_sentence(s.trim_end_matches('.'))).collect::<Vec<_>>().join("; ")
}

/// One talking point: a bullet, perhaps with lines under it ("– ..."). Points of a lower rank
/// are kept first when the slot is too short for them all.
struct Point {
    rank: u8,
    lines: Vec<String>,
}

fn point(rank: u8, text: impl AsRef<str>) -> Point {
    Point { rank, lines: vec![bullet(text)] }
}

/// The speaking rate the notes are timed at: about 130 words a minute, an unhurried pace for
/// explaining a role to colleagues (people speak at 120 to 160 words a minute in talks).
pub const WORDS_PER_MINUTE: i64 = 130;

/// The words a presenter would say reading `notes` aloud: every run of characters between
/// spaces that has a letter or a figure in it (bullets and dashes are not said).
pub fn spoken_words(notes: &str) -> i64 {
    notes.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count() as i64
}

/// About how many minutes `notes` take to say at [`WORDS_PER_MINUTE`], to the nearest minute
/// (65 words or more make a minute; none make none).
pub fn speaking_minutes(notes: &str) -> i64 {
    (spoken_words(notes) + WORDS_PER_MINUTE / 2) / WORDS_PER_MINUTE
}

/// The points that can be said in `minutes`, in their order: the most important first (lowest
/// rank, then earliest), each whole if it fits; a point with lines under it keeps as many of its
/// lines as fit. If not even the most important point fits, it is cut short with "…".
fn fit_points(points: Vec<Point>, minutes: i64) -> String {
    let budget = minutes.max(1) * WORDS_PER_MINUTE;
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by_key(|&i| (points[i].rank, i));
    let mut kept: Vec<Option<Vec<String>>> = vec![None; points.len()];
    let mut used = 0;
    for &i in &order {
        let lines = &points[i].lines;
        let words: i64 = lines.iter().map(|l| spoken_words(l)).sum();
        if used + words <= budget {
            used += words;
            kept[i] = Some(lines.clone());
            continue;
        }
        // The heading of a list, and as many of its lines as there is time for.
        let head = spoken_words(&lines[0]);
        let mut part = vec![lines[0].clone()];
        let mut part_words = head;
        for line in &lines[1..] {
            let w = spoken_words(line);
            if used + part_words + w > budget {
                break;
            }
            part.push(line.clone());
            part_words += w;
        }
        if part.len() > 1 {
            used += part_words;
            kept[i] = Some(part);
        }
    }
    if kept.iter().all(Option::is_none)
        && let Some(&first) = order.first()
    {
        let words: Vec<&str> = points[first].lines[0].split_whitespace().collect();
        let mut cut = Vec::new();
        let mut said = 0;
        for w in words {
            let counts = w.chars().any(char::is_alphanumeric) as i64;
            if said + counts > budget {
                break;
            }
            said += counts;
            cut.push(w);
        }
        kept[first] = Some(vec![format!("{}…", cut.join(" ").trim_end_matches([',', ';', ':', '.']))]);
    }
    kept.into_iter().flatten().flatten().collect::<Vec<_>>().join("\n")
}

/// Notes for one slot of `minutes`, drawn from the two role profiles (the team's copies) and the
/// roster, chosen to be said in the slot's time.
fn talking_points(kind: SlotKind, role_key: Option<&str>, cx: &Context<'_>, minutes: i64) -> String {
    fit_points(points_for(kind, role_key, cx), minutes)
}

/// Every talking point the profiles give a slot, ranked.
fn points_for(kind: SlotKind, role_key: Option<&str>, cx: &Context<'_>) -> Vec<Point> {
    let [a, b] = [&cx.summaries[0], &cx.summaries[1]];
    let (an, bn) = (&a.profile.name, &b.profile.name);
    match kind {
        SlotKind::Welcome => {
            let mut points = Vec::new();
            if !cx.presenters.is_empty() {
                let who: Vec<String> = cx.presenters.iter().map(|p| format!("{} ({})", p.name, in_sentence(&p.role_name))).collect();
                points.push(point(1, format!("Introduce yourselves: {}.", who.join(", "))));
            }
            points.push(point(
                0,
                format!(
                    "Why we are here: so that everyone knows what the {} and the {} each do, when each should lead, and how to refer between them.",
                    in_sentence(an),
                    in_sentence(bn)
                ),
            ));
            if !cx.audience.is_empty() {
                points.push(point(3, format!("Who this is for: {}.", cx.audience.trim_end_matches('.'))));
            }
            points.push(point(2, "Point to the handout: what each role offers you, how to refer, and who to contact here."));
            points
        }
        SlotKind::RoleAtAGlance => {
            let s = cx.summaries.iter().find(|s| Some(s.profile.key.as_str()) == role_key).unwrap_or(a);
            let p = &s.profile;
            let mut points = vec![
                point(0, format!("In a line: {}", p.summary)),
                point(4, format!("Registration: {}", p.regulation)),
                point(6, format!("Accountable to: {}", p.accountability)),
                point(1, format!("Core focus: {}", p.focus)),
                point(5, format!("How they work: {}", p.approach)),
                point(3, format!("Typical work: {}.", joined(&p.interventions))),
                point(7, format!("Where they work: {}.", joined(&p.settings))),
            ];
            if !s.holders.is_empty() {
                let names: Vec<String> = s.holders.iter().map(|h| h.member.name.clone()).collect();
                points.push(point(2, format!("In this team: {}.", names.join(", "))));
            }
            points
        }
        SlotKind::SharedApproach => {
            let (shared, a_also, b_also) = role_summaries::split_shared(&a.profile.shared, &b.profile.shared);
            let mut points: Vec<Point> = shared.iter().map(|s| point(0, format!("Both: {s}"))).collect();
            if !a_also.is_empty() {
                points.push(point(2, format!("The {} also: {}.", in_sentence(an), joined(&a_also))));
            }
            if !b_also.is_empty() {
                points.push(point(2, format!("The {} also: {}.", in_sentence(bn), joined(&b_also))));
            }
            points.push(point(1, "Ask the room: where have you seen these two roles work side by side?"));
            points
        }
        SlotKind::Boundaries => vec![
            point(1, format!("Not the {}'s role: {}.", in_sentence(an), joined(&a.profile.boundaries))),
            point(1, format!("Not the {}'s role: {}.", in_sentence(bn), joined(&b.profile.boundaries))),
            point(0, format!("The {} leads when: {}.", in_sentence(an), joined(&a.profile.leads))),
            point(0, format!("The {} leads when: {}.", in_sentence(bn), joined(&b.profile.leads))),
            point(0, "Crossovers: where both could help, agree at the MDT who leads and who does which part, record it, and plan the handover before one role steps back."),
        ],
        SlotKind::Referral => [a, b].iter().flat_map(|s| referral_points(s)).collect(),
        SlotKind::Escalation => {
            let mut points = vec![
                point(0, format!("Risk, {}: {}", in_sentence(an), in_sentence(&a.profile.risk))),
                point(0, format!("Risk, {}: {}", in_sentence(bn), in_sentence(&b.profile.risk))),
            ];
            for s in [a, b] {
                let mut lines = vec![bullet(format!("The {} escalates:", in_sentence(&s.profile.name)))];
                lines.extend(s.profile.escalation.iter().map(|e| format!("– {}: {}", e.concern, in_sentence(&e.route))));
                points.push(Point { rank: 2, lines });
            }
            points.push(point(1, "Make sure every person discussed has a named clinician holding clinical risk."));
            points
        }
        SlotKind::CaseExample => {
            let mut points = vec![
                point(0, "Tell the story of a person the two roles supported together, in your own words, with nothing that could identify them."),
                point(1, "Draw out: what each role did, who held risk, how the handover worked, and what changed for the person."),
            ];
            for s in [a, b] {
                if let Some(example) = s.profile.examples.first() {
                    points.push(point(2, format!("If you need a second example ({}): {example}", in_sentence(&s.profile.name))));
                }
            }
            points
        }
        SlotKind::Questions => vec![
            point(0, "Take questions for both presenters."),
            point(2, "If the room is quiet, ask: which of the people we discuss at this MDT could do with both roles?"),
            point(1, "Close by pointing to the local contacts on the handout."),
        ],
        SlotKind::Custom => Vec::new(),
    }
}

fn referral_points(s: &RoleSummary) -> Vec<Point> {
    let name = in_sentence(&s.profile.name);
    let mut points = vec![
        point(0, format!("Refer to the {name} when: {}.", joined(&s.profile.referral.when))),
        point(1, format!("How: {}", s.profile.referral.route)),
    ];
    if !s.profile.referral.feedback.is_empty() {
        points.push(point(1, format!("What you hear back: {}", s.profile.referral.feedback)));
    }
    let local = &s.profile.local;
    let details: Vec<String> = [("contact", &local.contact), ("criteria", &local.criteria), ("usual wait", &local.waiting)]
        .into_iter()
        .filter(|(_, text)| !text.is_empty())
        .map(|(label, text)| format!("{label}: {text}"))
        .collect();
    if details.is_empty() {
        points.push(point(
            2,
            format!("Local details for the {name} are not filled in yet: add them to the team's copy of the profile (Roles screen)."),
        ));
    } else {
        points.push(point(0, format!("Locally, {}.", details.join("; ").trim_end_matches('.'))));
    }
    if !s.holders.is_empty() {
        let names: Vec<String> = s.holders.iter().map(|h| role_summaries::contact_line(&h.member)).collect();
        points.push(point(0, format!("In this team: {}.", names.join("; "))));
    }
    points
}

/// The talking points the role profiles give a slot now (the team's copies may have changed since
/// it was planned), chosen to fit the slot's minutes, for the presenters to take or leave. A slot
/// they added themselves has none.
pub fn suggested_notes(conn: &Connection, slot_id: i64) -> Result<String> {
    let t = get(conn, slot_owner(conn, slot_id)?)?;
    let slot = t.slots.iter().find(|s| s.id == slot_id).expect("the slot is in its teach-in");
    let summaries = t
        .roles
        .iter()
        .map(|r| role_summaries::summary(conn, &r.key, dates::local_today()))
        .collect::<Result<Vec<_>>>()?;
    let context = Context { summaries: &summaries, presenters: &t.presenters, audience: &t.audience };
    Ok(talking_points(slot.kind, slot.role_key.as_deref(), &context, slot.minutes))
}

// ----- Reading ---------------------------------------------------------------------------------

pub fn get(conn: &Connection, id: i64) -> Result<TeachIn> {
    let row = conn
        .prepare_cached("SELECT title, role_keys, total_minutes, audience, case_example FROM teach_ins WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("Teach-in #{id}") })?;
    let (title, keys, total_minutes, audience, case_example) = row;
    let roles = keys
        .split(',')
        .map(|key| {
            let name = crate::roles::find(conn, key)?.map_or_else(|| key.to_string(), |r| r.name);
            Ok(TeachInRole { key: key.to_string(), name })
        })
        .collect::<Result<Vec<_>>>()?;
    let slots = load_slots(conn, id)?;
    Ok(TeachIn {
        id,
        title,
        roles,
        total_minutes,
        audience,
        case_example,
        presenters: distinct_presenters(&slots),
        slots,
        placements: placements(conn, id)?,
    })
}

fn load_slots(conn: &Connection, teach_in_id: i64) -> Result<Vec<TeachInSlot>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, role_key, title, minutes, notes FROM teach_in_slots WHERE teach_in_id = ?1 ORDER BY position, id",
    )?;
    let mut slots = stmt
        .query_map([teach_in_id], |r| {
            Ok(TeachInSlot {
                id: r.get(0)?,
                kind: r.get(1)?,
                role_key: r.get(2)?,
                title: r.get(3)?,
                minutes: r.get(4)?,
                starts_after: 0,
                notes_minutes: 0,
                notes: r.get(5)?,
                presenters: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut who = conn.prepare_cached(
        "SELECT m.id, m.name, m.role_key, r.name FROM teach_in_presenters p
         JOIN team_members m ON m.id = p.member_id JOIN roles r ON r.key = m.role_key
         WHERE p.slot_id = ?1 ORDER BY p.rowid",
    )?;
    let mut starts_after = 0;
    for slot in &mut slots {
        slot.notes_minutes = speaking_minutes(&slot.notes);
        slot.starts_after = starts_after;
        starts_after += slot.minutes;
        slot.presenters = who
            .query_map([slot.id], |r| {
                Ok(TeachInPresenter { member_id: r.get(0)?, name: r.get(1)?, role_key: r.get(2)?, role_name: r.get(3)? })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(slots)
}

fn placements(conn: &Connection, teach_in_id: i64) -> Result<Vec<TeachInPlacement>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, m.id, m.title, m.starts_at, m.status FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
         WHERE a.teach_in_id = ?1 ORDER BY m.starts_at, a.id",
    )?;
    Ok(stmt
        .query_map([teach_in_id], |r| {
            Ok(TeachInPlacement {
                agenda_item_id: r.get(0)?,
                meeting_id: r.get(1)?,
                meeting_title: r.get(2)?,
                starts_at: r.get(3)?,
                status: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Every teach-in, most recently changed first.
pub fn list(conn: &Connection) -> Result<Vec<TeachInSummary>> {
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM teach_ins ORDER BY updated_at DESC, id DESC")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter()
        .map(|id| {
            let t = get(conn, id)?;
            Ok(TeachInSummary {
                id,
                role_names: t.roles.iter().map(|r| r.name.clone()).collect(),
                presenter_names: t.presenters.iter().map(|p| p.name.clone()).collect(),
                meetings: t.placements.len() as i64,
                title: t.title,
                total_minutes: t.total_minutes,
            })
        })
        .collect()
}

// ----- Editing ---------------------------------------------------------------------------------

/// Runs `edit` on teach-in `id` in one transaction, then brings the agenda items that show it
/// (on meetings not yet finalised) up to date and records the change.
fn edit(store: &mut Store, id: i64, apply: impl FnOnce(&Transaction<'_>, &TeachIn) -> Result<()>) -> Result<TeachIn> {
    store.write(|tx, actor| {
        let before = get(tx, id)?;
        apply(tx, &before)?;
        tx.execute("UPDATE teach_ins SET updated_at = ?2 WHERE id = ?1", params![id, crate::storage::now_utc()])?;
        let after = get(tx, id)?;
        sync_agenda_items(tx, &after)?;
        audit::record(tx, actor, change(AuditAction::Update, id, Some(&before), Some(&after)))?;
        Ok(after)
    })
}

/// Title, length, audience and case example. A new length re-flows every slot in proportion.
#[instrument(skip(store, details), err)]
pub fn update_details(store: &mut Store, id: i64, details: &TeachInDetails) -> Result<TeachIn> {
    edit(store, id, |tx, before| {
        let title = check_title(details.title.trim())?;
        let audience = check_len("audience", details.audience.trim(), AUDIENCE_MAX)?;
        let case_example = check_case_example(tx, &details.case_example)?;
        let total = check_total(details.total_minutes, before.slots.len())?;
        tx.execute(
            "UPDATE teach_ins SET title = ?2, total_minutes = ?3, audience = ?4, case_example = ?5 WHERE id = ?1",
            params![id, title, total, audience, case_example],
        )?;
        if total != before.total_minutes {
            let minutes = apportion(total, &before.slots.iter().map(|s| s.minutes).collect::<Vec<_>>());
            write_minutes(tx, &before.slots, &minutes)?;
        }
        Ok(())
    })
}

fn write_minutes(tx: &Transaction<'_>, slots: &[TeachInSlot], minutes: &[i64]) -> Result<()> {
    let mut stmt = tx.prepare_cached("UPDATE teach_in_slots SET minutes = ?2 WHERE id = ?1")?;
    for (slot, m) in slots.iter().zip(minutes) {
        stmt.execute(params![slot.id, m])?;
    }
    Ok(())
}

fn slot_owner(conn: &Connection, slot_id: i64) -> Result<i64> {
    conn.query_row("SELECT teach_in_id FROM teach_in_slots WHERE id = ?1", [slot_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("Teach-in slot #{slot_id}") })
}

fn check_slot(conn: &Connection, input: &TeachInSlotInput) -> Result<(String, String, Vec<i64>)> {
    let title = input.title.trim();
    if title.is_empty() {
        return Err(Error::invalid("title", "Give the slot a title."));
    }
    let title = check_len("title", title, TITLE_MAX)?;
    let notes = check_len("notes", input.notes.trim(), NOTES_MAX)?;
    let ids = check_presenters(conn, &input.presenter_ids)?.into_iter().map(|p| p.member_id).collect();
    Ok((title, notes, ids))
}

/// Changes one slot. A new length re-flows the other slots so the total stays the same.
#[instrument(skip(store, input), err)]
pub fn update_slot(store: &mut Store, slot_id: i64, input: &TeachInSlotInput) -> Result<TeachIn> {
    let id = slot_owner(store.conn(), slot_id)?;
    edit(store, id, |tx, before| {
        let (title, notes, presenters) = check_slot(tx, input)?;
        let at = before.slots.iter().position(|s| s.id == slot_id).expect("the slot is in its teach-in");
        if input.minutes != before.slots[at].minutes {
            let current: Vec<i64> = before.slots.iter().map(|s| s.minutes).collect();
            write_minutes(tx, &before.slots, &reflow(&current, at, input.minutes, before.total_minutes)?)?;
        }
        tx.execute("UPDATE teach_in_slots SET title = ?2, notes = ?3 WHERE id = ?1", params![slot_id, title, notes])?;
        set_presenters(tx, slot_id, &presenters)
    })
}

/// Adds a slot of the presenters' own, before the closing questions if the agenda ends with them.
/// The other slots give up time to make room.
#[instrument(skip(store, input), err)]
pub fn add_slot(store: &mut Store, id: i64, input: &TeachInSlotInput) -> Result<TeachIn> {
    edit(store, id, |tx, before| {
        let (title, notes, presenters) = check_slot(tx, input)?;
        check_total(before.total_minutes, before.slots.len() + 1)?;
        let at = match before.slots.last() {
            Some(last) if last.kind == SlotKind::Questions => before.slots.len() - 1,
            _ => before.slots.len(),
        };
        let mut current: Vec<i64> = before.slots.iter().map(|s| s.minutes).collect();
        current.insert(at, 1);
        let minutes = reflow(&current, at, input.minutes, before.total_minutes)?;
        let slot = TeachInSlot {
            id: 0,
            kind: SlotKind::Custom,
            role_key: None,
            title,
            minutes: minutes[at],
            starts_after: 0,
            notes_minutes: 0,
            notes,
            presenters: Vec::new(),
        };
        let new_id = insert_slot(tx, id, 0, &slot)?;
        set_presenters(tx, new_id, &presenters)?;
        let mut slots = before.slots.clone();
        slots.insert(at, TeachInSlot { id: new_id, ..slot });
        write_minutes(tx, &slots, &minutes)?;
        renumber(tx, &slots.iter().map(|s| s.id).collect::<Vec<_>>())
    })
}

/// Removes a slot; the others share its time.
#[instrument(skip(store), err)]
pub fn remove_slot(store: &mut Store, slot_id: i64) -> Result<TeachIn> {
    let id = slot_owner(store.conn(), slot_id)?;
    edit(store, id, |tx, before| {
        if before.slots.len() == 1 {
            return Err(Error::Conflict("A teach-in needs at least one slot; change this one instead.".into()));
        }
        tx.execute("DELETE FROM teach_in_slots WHERE id = ?1", [slot_id])?;
        let rest: Vec<TeachInSlot> = before.slots.iter().filter(|s| s.id != slot_id).cloned().collect();
        let minutes = apportion(before.total_minutes, &rest.iter().map(|s| s.minutes).collect::<Vec<_>>());
        write_minutes(tx, &rest, &minutes)?;
        renumber(tx, &rest.iter().map(|s| s.id).collect::<Vec<_>>())
    })
}

/// Puts the slots in the given order (each listed once); their lengths stay, their times follow.
#[instrument(skip(store), err)]
pub fn reorder_slots(store: &mut Store, id: i64, ordered: &[i64]) -> Result<TeachIn> {
    edit(store, id, |tx, before| {
        let mut current: Vec<i64> = before.slots.iter().map(|s| s.id).collect();
        let mut wanted = ordered.to_vec();
        current.sort_unstable();
        wanted.sort_unstable();
        if current != wanted {
            return Err(Error::Conflict("The teach-in changed while you were reordering it. Refresh and try again.".into()));
        }
        renumber(tx, ordered)
    })
}

fn renumber(tx: &Transaction<'_>, ordered: &[i64]) -> Result<()> {
    let mut stmt = tx.prepare_cached("UPDATE teach_in_slots SET position = ?2 WHERE id = ?1")?;
    for (position, id) in ordered.iter().enumerate() {
        stmt.execute(params![id, position as i64])?;
    }
    Ok(())
}

/// Deletes a teach-in that is on no meeting's agenda.
#[instrument(skip(store), err)]
pub fn remove(store: &mut Store, id: i64) -> Result<()> {
    store.write(|tx, actor| {
        let before = get(tx, id)?;
        if let Some(p) = before.placements.first() {
            return Err(Error::Conflict(format!(
                "This teach-in is on the agenda of {} ({}). Remove it from that agenda first.",
                p.meeting_title,
                p.starts_at.replace('T', " ")
            )));
        }
        tx.execute("DELETE FROM teach_ins WHERE id = ?1", [id])?;
        audit::record(tx, actor, change(AuditAction::Delete, id, Some(&before), None))
    })
}

// ----- On a meeting's agenda -------------------------------------------------------------------

/// Puts the teach-in at the end of a meeting's agenda as one item: its title, its presenters and
/// its whole length, which then counts in the meeting's timeline.
#[instrument(skip(store), err)]
pub fn add_to_meeting(store: &mut Store, meeting_id: i64, teach_in_id: i64) -> Result<i64> {
    store.write(|tx, actor| {
        ensure_editable(tx, meeting_id)?;
        let t = get(tx, teach_in_id)?;
        if t.placements.iter().any(|p| p.meeting_id == meeting_id) {
            return Err(Error::invalid("teachInId", "This teach-in is already on this meeting's agenda."));
        }
        tx.execute(
            "INSERT INTO agenda_items (meeting_id, position, kind, teach_in_id, title, reason, presenter_id, minutes_allowed)
             VALUES (?1, (SELECT coalesce(max(position), -1) + 1 FROM agenda_items WHERE meeting_id = ?1), 'teach_in', ?2, ?3, ?4, ?5, ?6)",
            params![meeting_id, teach_in_id, t.title, agenda_reason(&t), t.presenters.first().map(|p| p.member_id), t.total_minutes],
        )?;
        let item = tx.last_insert_rowid();
        crate::agenda::log_item(tx, actor, item, None)?;
        Ok(item)
    })
}

/// The line under the item's title on the agenda and in the minutes.
fn agenda_reason(t: &TeachIn) -> String {
    let roles: Vec<String> = t.roles.iter().map(|r| in_sentence(&r.name)).collect();
    let mut reason = format!("Teach-in on the {} roles", roles.join(" and "));
    if !t.presenters.is_empty() {
        let names: Vec<&str> = t.presenters.iter().map(|p| p.name.as_str()).collect();
        reason.push_str(&format!(", presented by {}", and_list(&names)));
    }
    reason.push('.');
    reason
}

fn and_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Agenda items of meetings still being planned or run follow the teach-in; finalised minutes
/// keep what was agreed at the time.
fn sync_agenda_items(tx: &Transaction<'_>, t: &TeachIn) -> Result<()> {
    tx.execute(
        "UPDATE agenda_items SET title = ?2, reason = ?3, presenter_id = ?4, minutes_allowed = ?5
         WHERE teach_in_id = ?1 AND meeting_id IN (SELECT id FROM meetings WHERE status <> 'finalised')",
        params![t.id, t.title, agenda_reason(t), t.presenters.first().map(|p| p.member_id), t.total_minutes],
    )?;
    Ok(())
}

// ----- Case examples ---------------------------------------------------------------------------

/// Refuses a case example that could identify someone: a case reference, something shaped like an
/// NHS or phone number, a date, a postcode, a stored identifier, or a run of words copied from the
/// team's records (the presenter must rewrite it).
pub fn check_case_example(conn: &Connection, text: &str) -> Result<String> {
    let text = check_len("caseExample", text.trim(), CASE_EXAMPLE_MAX)?;
    if text.is_empty() {
        return Ok(text);
    }
    let refuse = |why: String| Err(Error::invalid("caseExample", format!("{why} Rewrite the example in general terms, with nothing that could identify the person.")));
    let lower = text.to_lowercase();
    let words = words_of(&lower);
    let references: Vec<String> = conn
        .prepare_cached("SELECT reference FROM cases")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for reference in references {
        let reference = reference.to_lowercase();
        if contains_words(&words, &words_of(&reference)) {
            return refuse(format!("It mentions the case reference {}.", reference.to_uppercase()));
        }
    }
    let identifiers: Vec<String> = conn
        .prepare_cached("SELECT nhs_number FROM case_identifiers UNION SELECT other_identifier FROM case_identifiers")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if identifiers.iter().filter(|i| i.chars().count() >= 4).any(|i| lower.contains(&i.to_lowercase())) {
        return refuse("It contains a stored identifier.".into());
    }
    if longest_digit_run(&text) >= 10 {
        return refuse("It contains a long number, like an NHS or phone number.".into());
    }
    if let Some(date) = crate::text_checks::find_date(&text) {
        return refuse(format!("It contains a date ({}).", crate::text_checks::quoted(&date)));
    }
    if has_postcode(&text) {
        return refuse("It contains a postcode.".into());
    }
    if copies_records(conn, &words)? {
        return refuse(format!("It repeats at least {COPIED_WORDS} words in a row from the team's records."));
    }
    Ok(text)
}

fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn contains_words(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// The most digits in a row, letting single spaces, hyphens and full stops separate groups.
fn longest_digit_run(text: &str) -> usize {
    let (mut best, mut run, mut gap) = (0, 0, false);
    for c in text.chars() {
        if c.is_ascii_digit() {
            run += 1;
            gap = false;
        } else if !gap && run > 0 && matches!(c, ' ' | '-' | '.') {
            gap = true;
        } else {
            run = 0;
            gap = false;
        }
        best = best.max(run);
    }
    best
}

/// A UK postcode: an outward code (LS1, SW1A, M60) then an inward code (4AB).
fn has_postcode(text: &str) -> bool {
    let tokens: Vec<String> = text
        .split_whitespace()
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()).to_uppercase())
        .collect();
    let outward = |t: &str| {
        let letters = t.chars().take_while(char::is_ascii_alphabetic).count();
        let rest = &t[letters..];
        (1..=2).contains(&letters)
            && rest.chars().next().is_some_and(|c| c.is_ascii_digit())
            && rest.len() <= 2
            && rest.chars().all(|c| c.is_ascii_alphanumeric())
    };
    let inward = |t: &str| {
        let c: Vec<char> = t.chars().collect();
        c.len() == 3 && c[0].is_ascii_digit() && c[1].is_ascii_alphabetic() && c[2].is_ascii_alphabetic()
    };
    tokens.windows(2).any(|w| outward(&w[0]) && inward(&w[1]))
}

/// Whether `words` repeats [`COPIED_WORDS`] words in a row from any case discussion's text.
fn copies_records(conn: &Connection, words: &[String]) -> Result<bool> {
    if words.len() < COPIED_WORDS {
        return Ok(false);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT concat_ws(' | ', situation, done_so_far, discussion, communication_plan, decision) FROM case_discussions",
    )?;
    let texts = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let ours: std::collections::HashSet<&[String]> = words.windows(COPIED_WORDS).collect();
    for text in texts {
        let record = words_of(&text?.to_lowercase());
        if record.windows(COPIED_WORDS).any(|w| ours.contains(w)) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The team's closed cases that involved either role (both first, newest first), as prompts:
/// the needs, who led on what, handovers and escalations, with no reference, name or date of
/// the person. A case is closed when all its discussions are in finalised minutes and none of
/// its actions is open.
pub fn case_prompts(conn: &Connection, role_keys: &[String]) -> Result<Vec<CasePrompt>> {
    let role_keys = check_roles(role_keys)?;
    let cases: Vec<(i64, String)> = conn
        .prepare_cached(
            "SELECT a.case_id, max(m.starts_at) FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
             WHERE a.kind = 'case'
             GROUP BY a.case_id
             HAVING sum(m.status <> 'finalised') = 0
                AND NOT EXISTS (SELECT 1 FROM agreed_actions x WHERE x.case_id = a.case_id AND x.status = 'open')
                AND EXISTS (SELECT 1 FROM case_discussions d JOIN agenda_items b ON b.id = d.agenda_item_id WHERE b.case_id = a.case_id)
             ORDER BY max(m.starts_at) DESC",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let references: Vec<String> =
        conn.prepare_cached("SELECT reference FROM cases")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let mut prompts = Vec::new();
    for (case_id, last) in cases {
        let (points, roles) = prompt_points(conn, case_id, &references)?;
        let involved = role_keys.iter().filter(|k| roles.contains(k)).count();
        if involved > 0 {
            let when = dates::parse_date_time("startsAt", &last).map(|d| d.format("%B %Y").to_string()).unwrap_or_default();
            prompts.push(CasePrompt { when, points, both_roles: involved == role_keys.len() });
        }
    }
    prompts.sort_by_key(|p| !p.both_roles);
    prompts.truncate(8);
    Ok(prompts)
}

/// What the record says about the joint working, and the roles it involved.
fn prompt_points(conn: &Connection, case_id: i64, references: &[String]) -> Result<(Vec<String>, Vec<String>)> {
    let strip = |text: &str| {
        references.iter().fold(text.to_string(), |t, r| if r.is_empty() { t } else { t.replace(r.as_str(), "the person") })
    };
    let needs: Vec<String> = conn
        .prepare_cached(
            "SELECT DISTINCT n.need FROM discussion_needs n JOIN agenda_items a ON a.id = n.agenda_item_id
             WHERE a.case_id = ?1 ORDER BY n.need",
        )?
        .query_map([case_id], |r| r.get::<_, String>(0))?
        .map(|n| n.map(|n| n.replace('_', " ")))
        .collect::<rusqlite::Result<_>>()?;
    let leads: Vec<(String, String, String)> = conn
        .prepare_cached(
            "SELECT l.aspect, r.key, r.name FROM discussion_leads l JOIN agenda_items a ON a.id = l.agenda_item_id
             LEFT JOIN team_members m ON m.id = l.member_id
             JOIN roles r ON r.key = coalesce(m.role_key, l.role_key)
             WHERE a.case_id = ?1 ORDER BY l.id",
        )?
        .query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let transitions: Vec<(String, String, String, String, String, i64)> = conn
        .prepare_cached(
            "SELECT t.direction, f.key, f.name, o.key, o.name, t.joint_visits FROM care_transitions t
             JOIN agenda_items a ON a.id = t.agenda_item_id JOIN roles f ON f.key = t.from_role_key JOIN roles o ON o.key = t.to_role_key
             WHERE a.case_id = ?1 ORDER BY t.id",
        )?
        .query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let triggers: Vec<String> = conn
        .prepare_cached(
            "SELECT DISTINCT e.trigger FROM escalations e JOIN agenda_items a ON a.id = e.agenda_item_id
             WHERE a.case_id = ?1 AND e.not_needed_reason = ''",
        )?
        .query_map([case_id], |r| r.get::<_, String>(0))?
        .map(|t| t.map(|t| t.replace('_', " ")))
        .collect::<rusqlite::Result<_>>()?;

    let mut points = Vec::new();
    let mut roles = Vec::new();
    if !needs.is_empty() {
        points.push(format!("Needs: {}.", needs.join(", ")));
    }
    for (aspect, key, name) in &leads {
        points.push(format!("The {} led on: {}.", in_sentence(name), strip(aspect).trim_end_matches('.')));
        roles.push(key.clone());
    }
    for (direction, from_key, from, to_key, to, visits) in &transitions {
        let step = if direction == "step_down" { "Stepped down" } else { "Stepped up" };
        let visits = match visits {
            0 => String::new(),
            1 => " after one joint visit".into(),
            n => format!(" after {n} joint visits"),
        };
        points.push(format!("{step} from the {} to the {}{visits}.", in_sentence(from), in_sentence(to)));
        roles.extend([from_key.clone(), to_key.clone()]);
    }
    if !triggers.is_empty() {
        points.push(format!("Escalated: {}.", triggers.join(", ")));
    }
    Ok((points, roles))
}

fn change<'a>(action: AuditAction, id: i64, before: Option<&'a TeachIn>, after: Option<&'a TeachIn>) -> Change<'a, TeachIn> {
    Change { entity: AUDIT_ENTITY, entity_id: id, action, before, after }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_keeps_exact_shares_and_always_adds_up() {
        assert_eq!(apportion(30, &[2, 4, 4, 3, 4, 3, 3, 4, 3]), [2, 4, 4, 3, 4, 3, 3, 4, 3]);
        assert_eq!(apportion(9, &[1, 1, 1]), [3, 3, 3]);
        assert_eq!(apportion(10, &[1, 1, 1]), [4, 3, 3], "the spare minute goes to the first");
        assert_eq!(apportion(5, &[0, 0]), [3, 2], "no weights: equal shares");
        assert_eq!(apportion(3, &[100, 1, 1]), [1, 1, 1], "nobody gets nothing");
        for total in 4..200 {
            let parts = apportion(total, &[7, 0, 1, 13]);
            assert_eq!(parts.iter().sum::<i64>(), total);
            assert!(parts.iter().all(|p| *p >= 1));
        }
    }

    #[test]
    fn reflow_pins_one_slot_and_shares_the_rest_in_proportion() {
        assert_eq!(reflow(&[2, 4, 4], 0, 4, 10).unwrap(), [4, 3, 3]);
        assert_eq!(reflow(&[5, 5], 1, 5, 10).unwrap(), [5, 5]);
        assert!(reflow(&[5, 5], 1, 10, 10).is_err(), "the other slot needs a minute");
        assert!(reflow(&[5, 5], 1, 0, 10).is_err());
        assert_eq!(reflow(&[7], 0, 7, 7).unwrap(), [7]);
    }

    #[test]
    fn case_examples_that_could_identify_someone_are_refused() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        assert!(check_case_example(conn, "A man in his seventies who had fallen twice at home.").is_ok());
        for bad in [
            "Seen on 03/04/2025 at home.",
            "NHS 943 476 5919 was referred.",
            "Phone 07700 900123 for details.",
            "Lives near LS1 4AB with her son.",
        ] {
            let err = check_case_example(conn, bad).unwrap_err();
            assert!(matches!(&err, Error::Invalid { field: "caseExample", .. }), "{bad}: {err:?}");
        }
        assert!(check_case_example(conn, "Two falls in 2024 and 3 visits.").is_ok(), "a year or a count is not a date");
    }

    #[test]
    fn notes_are_timed_at_130_words_a_minute() {
        assert_eq!(spoken_words("• In a line: a – b\n– c"), 6, "bullets and dashes are not said");
        assert_eq!(spoken_words(""), 0);
        let words = |n: usize| "word ".repeat(n);
        assert_eq!(speaking_minutes(&words(520)), 4);
        assert_eq!(speaking_minutes(&words(1300)), 10);
        assert_eq!(speaking_minutes(&words(64)), 0);
        assert_eq!(speaking_minutes(&words(65)), 1);
        assert_eq!(speaking_minutes(&words(194)), 1);
        assert_eq!(speaking_minutes(&words(195)), 2);
    }

    /// A point of `n` words.
    fn said(rank: u8, n: usize, word: &str) -> Point {
        Point { rank, lines: vec![format!("• {}", vec![word; n].join(" "))] }
    }

    #[test]
    fn points_are_chosen_to_fit_the_minutes_most_important_first_in_their_order() {
        // 100 + 50 + 20 words for one minute (130): the first and the third, in order.
        let notes = fit_points(vec![said(0, 100, "a"), said(1, 50, "b"), said(2, 20, "c")], 1);
        assert_eq!(notes.lines().map(|l| l.chars().take(3).collect::<String>()).collect::<Vec<_>>(), ["• a", "• c"]);
        assert_eq!(spoken_words(&notes), 120);
        // A lower-ranked point later in the slot is kept before a higher-ranked one earlier.
        let notes = fit_points(vec![said(2, 100, "a"), said(0, 100, "b")], 1);
        assert!(notes.starts_with("• b") && !notes.contains("• a"), "{notes}");
        // Two minutes take all three.
        assert_eq!(spoken_words(&fit_points(vec![said(0, 100, "a"), said(1, 50, "b"), said(2, 20, "c")], 2)), 170);
        // A list keeps its heading and the lines there is time for.
        let list = Point { rank: 1, lines: vec!["• Escalates:".into(), format!("– {}", vec!["x"; 40].join(" ")), format!("– {}", vec!["y"; 40].join(" "))] };
        let notes = fit_points(vec![said(0, 80, "a"), list], 1);
        assert_eq!(notes.lines().count(), 3, "{notes}");
        assert_eq!(spoken_words(&notes), 80 + 1 + 40);
        // Nothing fits: the most important point, cut to the minute.
        let notes = fit_points(vec![said(1, 300, "a"), said(0, 200, "b")], 1);
        assert_eq!(spoken_words(&notes), 130);
        assert!(notes.starts_with("• b") && notes.ends_with("b…"), "{notes}");
    }

    #[test]
    fn role_names_read_naturally_mid_sentence() {
        assert_eq!(in_sentence("Occupational therapist"), "occupational therapist");
        assert_eq!(in_sentence("GP"), "GP");
        assert_eq!(and_list(&["A", "B", "C"]), "A, B and C");
    }
}
