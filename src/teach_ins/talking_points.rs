//! Talking points for each slot, drawn from the role profiles (the team's copies) and the
//! roster, and chosen to be said in the slot's minutes.

use rusqlite::Connection;

use crate::roles::summaries::{self as role_summaries, RoleSummary};
use crate::words::in_sentence;
use crate::{Result, dates};

use super::{SlotKind, TeachInPresenter};
use super::time::{WORDS_PER_MINUTE, spoken_words};
use super::records::{get, slot_owner};

pub(super) struct Context<'a> {
    pub(super) summaries: &'a [RoleSummary],
    pub(super) presenters: &'a [TeachInPresenter],
    pub(super) audience: &'a str,
}

pub(super) fn bullet(text: impl AsRef<str>) -> String {
    format!("• {}", text.as_ref())
}

/// List items run together in a sentence: "falls; an unsafe home; ...".
pub(super) fn joined(items: &[String]) -> String {
    items.iter().map(|s| in_sentence(s.trim_end_matches('.'))).collect::<Vec<_>>().join("; ")
}

/// One talking point: a bullet, perhaps with lines under it ("– ..."). Points of a lower rank
/// are kept first when the slot is too short for them all.
pub(super) struct Point {
    pub(super) rank: u8,
    pub(super) lines: Vec<String>,
}

pub(super) fn point(rank: u8, text: impl AsRef<str>) -> Point {
    Point { rank, lines: vec![bullet(text)] }
}

/// The points that can be said in `minutes`, in their order: the most important first (lowest
/// rank, then earliest), each whole if it fits; a point with lines under it keeps as many of its
/// lines as fit. If not even the most important point fits, it is cut short with "…".
pub(super) fn fit_points(points: Vec<Point>, minutes: i64) -> String {
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
pub(super) fn talking_points(kind: SlotKind, role_key: Option<&str>, cx: &Context<'_>, minutes: i64) -> String {
    fit_points(points_for(kind, role_key, cx), minutes)
}

/// Every talking point the profiles give a slot, ranked.
pub(super) fn points_for(kind: SlotKind, role_key: Option<&str>, cx: &Context<'_>) -> Vec<Point> {
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

pub(super) fn referral_points(s: &RoleSummary) -> Vec<Point> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
