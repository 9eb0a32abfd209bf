//! The guidance rules against the scenario corpus in `tests/guidance_corpus.toml`: for every case,
//! the suggested lead roles, the escalation prompts and the flags must be exactly those expected,
//! so a false alarm fails as surely as a miss.
//!
//! `cargo test --test guidance_corpus -- --nocapture` prints, per class of error in issue #14, how
//! many cases the rules get right, how many raise something they should not (false alarms) and how
//! many fail to raise something they should (misses); the README's table is this output.

use std::collections::BTreeMap;

use mdt::Store;
use mdt::actions::{ActionStatus, AgreedAction};
use mdt::agreement::{Agreement, RiskHolder};
use mdt::agenda::{Outcome, Professional};
use mdt::discussions::{DiscussionRecord, Escalation, EscalationTrigger, Lead, Need, Transition, TransitionDirection};
use mdt::guidance::{CaseFacts, CaseGuidance, FlagCode, GuidanceSettings, LeadDecision, assess};
use mdt::members::TeamMember;
use mdt::roles::Role;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    case: Vec<Case>,
}

/// One scenario. Unless it says otherwise, the team records the expected leads (one member of each
/// role) and answers the four joint-working questions, with the GP holding clinical risk unless it
/// names someone else (`risk_holder`), so what
/// remains is what the rules make of the needs, the notes and the actions.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    id: String,
    class: String,
    /// Where the case comes from: the guidance, the study, or ordinary UK practice.
    from: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    needs: Vec<Need>,
    /// The recorded leads; without it, the expected leads with a usual aspect for each role.
    leads: Option<Vec<LeadSpec>>,
    #[serde(default)]
    involved: Vec<String>,
    /// The role of whoever holds clinical risk; the GP unless said.
    risk_holder: Option<String>,
    /// The person has a joint-working agreement (issue #15) naming these risk holders: roster
    /// members by role, or outside clinicians, split by aspect. The record then leaves its own
    /// four answers empty, as records do now, and the rules read the agreement.
    #[serde(default)]
    agreement_risk: Vec<RiskSpec>,
    #[serde(default)]
    actions: Vec<ActionSpec>,
    #[serde(default)]
    escalations: Vec<EscalationSpec>,
    #[serde(default)]
    transitions: Vec<TransitionSpec>,
    expect_leads: Vec<String>,
    #[serde(default)]
    expect_escalations: Vec<EscalationTrigger>,
    #[serde(default)]
    expect_flags: Vec<FlagCode>,
    /// Words every reason for the suggestion together must contain.
    #[serde(default)]
    reason_says: Vec<String>,
    /// Words no reason or flag may contain.
    #[serde(default)]
    never_says: Vec<String>,
    /// A known limitation: what the rules get wrong here, in words. The case is counted but does
    /// not fail; it must still be wrong (so the note goes once the rules are fixed).
    known: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LeadSpec {
    aspect: String,
    role: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RiskSpec {
    #[serde(default)]
    aspect: String,
    role: Option<String>,
    #[serde(default)]
    outside_name: String,
    #[serde(default)]
    outside_service: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionSpec {
    text: String,
    owner: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EscalationSpec {
    trigger: EscalationTrigger,
    route: String,
    informed: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TransitionSpec {
    direction: TransitionDirection,
    from: String,
    to: String,
    handover: String,
    consult: String,
}

/// The classes of error in issue #14 the corpus measures, in the README's order.
const CLASSES: &[(&str, &str)] = &[
    ("negation", "1. Negation scoped to its clause and speaker"),
    ("safeguarding", "2. Safeguarding beyond the word"),
    ("risk_to_life", "3. Risk to life (suicide, self-harm, crisis)"),
    ("role_drift", "4. Role drift from the role's nature"),
    ("lead_rules", "5. Lead rules as the guidance says them"),
    ("other_escalation", "Other escalations (change in health, risky home)"),
    ("routine", "Routine cases (must raise nothing)"),
];
/// Classes where a miss is a missed escalation: none is tolerated, even as a known limitation.
const ESCALATION_CLASSES: &[&str] = &["negation", "safeguarding", "risk_to_life", "other_escalation"];

fn corpus() -> Vec<Case> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/guidance_corpus.toml");
    toml::from_str::<File>(&std::fs::read_to_string(path).unwrap()).unwrap().case
}

/// One team member in every role, numbered in the roster's role order.
fn roster(roles: &[Role]) -> Vec<TeamMember> {
    roles
        .iter()
        .enumerate()
        .map(|(i, r)| TeamMember {
            id: i as i64 + 1,
            name: format!("{} Example", r.name),
            role_key: r.key.clone(),
            role_name: r.name.clone(),
            organisation: String::new(),
            email: String::new(),
            phone: String::new(),
            core_member: true,
            left_on: None,
        })
        .collect()
}

fn usual_aspect(role: &str) -> &'static str {
    match role {
        "ot" => "Functional assessment",
        "splw" => "Community connection",
        "gp" => "Medical review",
        "safeguarding" => "Safeguarding concern",
        "mental_health" => "Specialist mental health care",
        "hiu_lead" => "Coordinating urgent care use",
        "social_worker" => "Care and support needs",
        _ => "Support",
    }
}

fn facts(case: &Case, roles: &[Role], members: &[TeamMember]) -> CaseFacts {
    let id_of = |role: &str| members.iter().find(|m| m.role_key == role).unwrap_or_else(|| panic!("{}: no role {role}", case.id)).id;
    let leads: Vec<Lead> = match &case.leads {
        Some(list) => list.iter().map(|l| Lead { aspect: l.aspect.clone(), member_id: Some(id_of(&l.role)), role_key: None }).collect(),
        None => case.expect_leads.iter().map(|r| Lead { aspect: usual_aspect(r).into(), member_id: Some(id_of(r)), role_key: None }).collect(),
    };
    let mut involved: Vec<i64> = case.involved.iter().map(|r| id_of(r)).collect();
    for lead in &leads {
        if !involved.contains(&lead.member_id.unwrap()) {
            involved.push(lead.member_id.unwrap());
        }
    }
    let record = DiscussionRecord {
        discussion: case.notes.clone(),
        needs: case.needs.clone(),
        leads,
        risk_holder_id: Some(id_of(case.risk_holder.as_deref().unwrap_or("gp"))),
        communication_plan: "Shared record; any worry passed on the same day by phone.".into(),
        urgent_contacts: "Duty GP in hours; NHS 111 out of hours; 999 in an emergency.".into(),
        escalations: case
            .escalations
            .iter()
            .map(|e| Escalation { trigger: e.trigger, route: e.route.clone(), informed: e.informed.clone(), not_needed_reason: String::new() })
            .collect(),
        transitions: case
            .transitions
            .iter()
            .map(|t| Transition {
                direction: t.direction,
                from_role_key: t.from.clone(),
                to_role_key: t.to.clone(),
                handover_plan: t.handover.clone(),
                joint_visits: 2,
                consult_contact: t.consult.clone(),
                follow_up_date: None,
            })
            .collect(),
        ..Default::default()
    };
    let actions = case
        .actions
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let owner = members.iter().find(|m| m.id == id_of(&a.owner)).unwrap();
            AgreedAction {
                id: 100 + i as i64,
                meeting_id: 1,
                meeting_title: "Corpus MDT".into(),
                meeting_starts_at: "2026-03-02T13:00".into(),
                agenda_item_id: Some(11),
                case_reference: Some("ZZ-0001".into()),
                description: a.text.clone(),
                owner_id: owner.id,
                owner_name: owner.name.clone(),
                due_date: None,
                status: ActionStatus::Open,
                done_on: None,
                cancel_reason: String::new(),
                overdue: false,
            }
        })
        .collect();
    let mut facts = CaseFacts {
        agenda_item_id: 11,
        reference: "ZZ-0001".into(),
        outcome: Outcome::Discussed,
        reason: case.reason.clone(),
        record,
        presenter_id: None,
        co_presenter_ids: Vec::new(),
        professionals: involved
            .iter()
            .map(|id| Professional { member_id: Some(*id), name: members.iter().find(|m| m.id == *id).unwrap().name.clone() })
            .collect(),
        members: members.to_vec(),
        roles: roles.to_vec(),
        actions,
        other_open_actions: Vec::new(),
        previous: None,
        decision: LeadDecision::default(),
        settings: GuidanceSettings::default(),
        overridden: Vec::new(),
        agreement: None,
    };
    if !case.agreement_risk.is_empty() {
        assert!(case.risk_holder.is_none(), "{}: a risk holder goes in the agreement or the record, not both", case.id);
        let record = std::mem::take(&mut facts.record);
        let agreement = Agreement {
            leads: record.leads.clone(),
            concerns: record.communication_plan.clone(),
            risk_holders: case
                .agreement_risk
                .iter()
                .map(|r| RiskHolder {
                    aspect: r.aspect.clone(),
                    member_id: r.role.as_deref().map(id_of),
                    outside_name: r.outside_name.clone(),
                    outside_service: r.outside_service.clone(),
                })
                .collect(),
            emergency_contacts: record.urgent_contacts.clone(),
        };
        facts.record = DiscussionRecord { leads: Vec::new(), risk_holder_id: None, communication_plan: String::new(), urgent_contacts: String::new(), ..record };
        facts.apply_agreement(agreement);
    }
    facts
}

/// What the rules said, as sorted lists of short strings.
fn outcome(g: &CaseGuidance) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut leads: Vec<String> = g.suggested_lead.role_keys().into_iter().map(String::from).collect();
    leads.sort();
    let mut escalations: Vec<String> = g.escalations.iter().map(|e| e.trigger.as_str().to_string()).collect();
    escalations.sort();
    let mut flags: Vec<String> = g.flags.iter().map(|f| f.code.as_str().to_string()).collect();
    flags.sort();
    (leads, escalations, flags)
}

fn sorted(items: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = items.into_iter().collect();
    v.sort();
    v
}

/// Items in `a` not in `b`, counting repeats.
fn minus(a: &[String], b: &[String]) -> Vec<String> {
    let mut rest = b.to_vec();
    a.iter()
        .filter(|x| match rest.iter().position(|y| y == *x) {
            Some(i) => {
                rest.remove(i);
                false
            }
            None => true,
        })
        .cloned()
        .collect()
}

struct Verdict {
    false_alarms: Vec<String>,
    misses: Vec<String>,
    wording: Vec<String>,
}

fn judge(case: &Case, g: &CaseGuidance) -> Verdict {
    let (leads, escalations, flags) = outcome(g);
    let want_leads = sorted(case.expect_leads.iter().cloned());
    let want_escalations = sorted(case.expect_escalations.iter().map(|t| t.as_str().to_string()));
    let want_flags = sorted(case.expect_flags.iter().map(|f| f.as_str().to_string()));
    let tagged = |kind: &str, items: Vec<String>| items.into_iter().map(move |i| format!("{kind} {i}")).collect::<Vec<_>>();
    let mut false_alarms = tagged("lead", minus(&leads, &want_leads));
    false_alarms.extend(tagged("escalation", minus(&escalations, &want_escalations)));
    false_alarms.extend(tagged("flag", minus(&flags, &want_flags)));
    let mut misses = tagged("lead", minus(&want_leads, &leads));
    misses.extend(tagged("escalation", minus(&want_escalations, &escalations)));
    misses.extend(tagged("flag", minus(&want_flags, &flags)));
    let reasons = g.suggested_lead.explanation().to_lowercase();
    let everything = format!(
        "{reasons} {} {}",
        g.flags.iter().map(|f| format!("{} {}", f.title, f.reason)).collect::<Vec<_>>().join(" "),
        g.escalations.iter().map(|e| e.why.clone()).collect::<Vec<_>>().join(" ")
    )
    .to_lowercase();
    let mut wording: Vec<String> =
        case.reason_says.iter().filter(|w| !reasons.contains(&w.to_lowercase())).map(|w| format!("reasons lack \"{w}\": {reasons}")).collect();
    wording.extend(case.never_says.iter().filter(|w| everything.contains(&w.to_lowercase())).map(|w| format!("says \"{w}\"")));
    Verdict { false_alarms, misses, wording }
}

#[derive(Default)]
struct Tally {
    cases: usize,
    right: usize,
    false_alarms: usize,
    misses: usize,
    quiet: usize,
}

#[test]
fn the_rules_get_every_case_in_the_corpus_right() {
    let store = Store::open_in_memory().unwrap();
    let roles = mdt::roles::list(store.conn()).unwrap();
    let members = roster(&roles);
    let cases = corpus();
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut known = Vec::new();
    let mut ids = Vec::new();
    for case in &cases {
        assert!(!ids.contains(&case.id), "{}: two cases have this id", case.id);
        ids.push(case.id.clone());
        assert!(!case.from.trim().is_empty(), "{}: say where the case comes from", case.id);
        assert!(CLASSES.iter().any(|(c, _)| *c == case.class), "{}: unknown class {}", case.id, case.class);
        let g = assess(&facts(case, &roles, &members));
        let v = judge(case, &g);
        let tally = tallies.entry(CLASSES.iter().find(|(c, _)| *c == case.class).unwrap().0).or_default();
        tally.cases += 1;
        tally.quiet += usize::from(case.expect_flags.is_empty() && case.expect_escalations.is_empty());
        let wrong = !v.false_alarms.is_empty() || !v.misses.is_empty() || !v.wording.is_empty();
        tally.right += usize::from(!wrong);
        tally.false_alarms += usize::from(!v.false_alarms.is_empty());
        tally.misses += usize::from(!v.misses.is_empty());
        let report = format!(
            "{} ({}): false alarms {:?}; misses {:?}; {}\n    flags: {:#?}",
            case.id,
            case.class,
            v.false_alarms,
            v.misses,
            v.wording.join("; "),
            g.flags.iter().map(|f| &f.title).collect::<Vec<_>>()
        );
        match &case.known {
            Some(note) => {
                assert!(wrong, "{}: marked as a known limitation ({note}) but now right: remove the note", case.id);
                assert!(
                    v.misses.is_empty() || !ESCALATION_CLASSES.contains(&case.class.as_str()),
                    "{}: a missed escalation is never a known limitation",
                    case.id
                );
                known.push(format!("{}: {note}", case.id));
            }
            None if wrong => failures.push(report),
            None => {}
        }
    }
    println!("| class | cases | right | false alarms | misses | cases that must raise nothing |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    let mut total = Tally::default();
    for (class, title) in CLASSES {
        let t = tallies.get(class).unwrap_or_else(|| panic!("no case of class {class}"));
        println!("| {title} | {} | {} | {} | {} | {} |", t.cases, t.right, t.false_alarms, t.misses, t.quiet);
        total.cases += t.cases;
        total.right += t.right;
        total.false_alarms += t.false_alarms;
        total.misses += t.misses;
        total.quiet += t.quiet;
    }
    println!("| all | {} | {} | {} | {} | {} |", total.cases, total.right, total.false_alarms, total.misses, total.quiet);
    println!("false-alarm rate: {} of {} cases ({:.1}%)", total.false_alarms, total.cases, 100.0 * total.false_alarms as f64 / total.cases as f64);
    for k in &known {
        println!("known limitation: {k}");
    }
    for f in &failures {
        println!("WRONG {f}");
    }
    assert!(cases.len() >= 60, "at least 60 cases, found {}", cases.len());
    assert!(total.quiet >= 15, "at least 15 cases that must raise nothing, found {}", total.quiet);
    for class in ESCALATION_CLASSES {
        assert_eq!(tallies[class].misses, 0, "a missed escalation in class {class}");
    }
    assert!(failures.is_empty(), "{} case(s) wrong:\n{}", failures.len(), failures.join("\n"));
}
