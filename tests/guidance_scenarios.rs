//! The lead suggestion against the written scenarios in `tests/guidance_scenarios.toml`.

use mdt::Store;
use mdt::discussions::{DiscussionRecord, Need, Transition, TransitionDirection};
use mdt::guidance::{SuggestionKind, suggest_lead};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    scenario: Vec<Scenario>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Scenario {
    name: String,
    from: String,
    needs: Vec<Need>,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    transitions: Vec<Step>,
    kind: SuggestionKind,
    leads: Vec<ExpectedLead>,
    explanation: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Step {
    direction: TransitionDirection,
    from: String,
    to: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedLead {
    role: String,
    aspect: String,
}

fn scenarios() -> Vec<Scenario> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/guidance_scenarios.toml");
    toml::from_str::<File>(&std::fs::read_to_string(path).unwrap()).unwrap().scenario
}

/// What is wrong with the suggestion for one scenario; empty when it is right.
fn problems(s: &Scenario, roles: &[mdt::roles::Role]) -> Vec<String> {
    let record = DiscussionRecord {
        needs: s.needs.clone(),
        discussion: s.notes.clone(),
        transitions: s
            .transitions
            .iter()
            .map(|t| Transition {
                direction: t.direction,
                from_role_key: t.from.clone(),
                to_role_key: t.to.clone(),
                handover_plan: String::new(),
                joint_visits: 0,
                consult_contact: String::new(),
                follow_up_date: None,
            })
            .collect(),
        ..Default::default()
    };
    let suggestion = suggest_lead(&record, "", roles, &[]);
    let mut problems = Vec::new();
    if suggestion.kind != s.kind {
        problems.push(format!("kind is {:?}, expected {:?}", suggestion.kind, s.kind));
    }
    let mut got: Vec<&str> = suggestion.role_keys();
    got.sort_unstable();
    let mut want: Vec<&str> = s.leads.iter().map(|l| l.role.as_str()).collect();
    want.sort_unstable();
    if got != want {
        problems.push(format!("roles are {got:?}, expected {want:?}"));
    }
    for expected in &s.leads {
        let aspects: Vec<&str> =
            suggestion.leads.iter().filter(|l| l.role_key == expected.role).map(|l| l.aspect.as_str()).collect();
        if !aspects.iter().any(|a| a.to_lowercase().contains(&expected.aspect.to_lowercase())) {
            problems.push(format!("no {} aspect mentions '{}' (aspects: {aspects:?})", expected.role, expected.aspect));
        }
    }
    let explanation = suggestion.explanation().to_lowercase();
    for word in &s.explanation {
        if !explanation.contains(&word.to_lowercase()) {
            problems.push(format!("explanation lacks '{word}': {explanation}"));
        }
    }
    for reason in &suggestion.reasons {
        if !reason.source.starts_with("Working together: ") {
            problems.push(format!("reason without a source in the guidance: {}", reason.text));
        }
    }
    problems
}

#[test]
fn every_written_scenario_gets_the_expected_lead_and_reasons() {
    let store = Store::open_in_memory().unwrap();
    let roles = mdt::roles::list(store.conn()).unwrap();
    let scenarios = scenarios();
    assert!(scenarios.len() >= 20, "at least 20 scenarios, found {}", scenarios.len());
    let failures: Vec<String> = scenarios
        .iter()
        .filter_map(|s| {
            assert!(!s.from.is_empty(), "{}: say where the scenario comes from", s.name);
            let p = problems(s, &roles);
            (!p.is_empty()).then(|| format!("{}:\n    {}", s.name, p.join("\n    ")))
        })
        .collect();
    assert!(failures.is_empty(), "{} scenario(s) failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn the_scenarios_cover_every_rule() {
    let all = scenarios();
    let tagged = |need: Need| all.iter().any(|s| s.needs.contains(&need));
    for need in Need::ALL {
        assert!(tagged(*need), "no scenario tags {need:?}");
    }
    for role in ["ot", "splw", "gp", "safeguarding", "mental_health", "hiu_lead"] {
        assert!(all.iter().any(|s| s.leads.iter().any(|l| l.role == role)), "no scenario suggests {role}");
    }
    for kind in SuggestionKind::ALL {
        assert!(all.iter().any(|s| s.kind == *kind), "no scenario of kind {kind:?}");
    }
    for direction in TransitionDirection::ALL {
        assert!(all.iter().any(|s| s.transitions.iter().any(|t| t.direction == *direction)), "no {direction:?} scenario");
    }
    assert!(all.iter().any(|s| !s.notes.is_empty()), "no scenario reads the notes");
}
