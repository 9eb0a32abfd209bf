//! Role profiles: the shipped files are checked here, at test time, and a team's edits go through
//! the same checks before they are stored.

use mdt::roles::profiles::{self as role_profiles, RoleProfile};
use mdt::{Error, ErrorCode, ErrorPayload, Store, roles};

/// A valid profile to break in one place at a time.
const GOOD: &str = r#"
key = "physio"
name = "Physiotherapist"
summary = "Helps people move."
regulation = "HCPC."
accountability = "HCPC standards."
approach = "Assess, then exercise."
focus = "Movement."
interventions = ["Exercise"]
risk = "Their own treatment."
boundaries = ["No medicines"]
settings = ["Practice"]
leads = ["Pain on moving"]
shared = ["Goals"]

[referral]
when = ["New pain"]
route = "Book at the practice."

[[escalation]]
concern = "Red flags"
route = "Emergency department"
"#;

#[test]
fn every_shipped_profile_parses_and_validates_in_role_order() {
    let store = Store::open_in_memory().unwrap();
    let expected: Vec<_> =
        roles::list(store.conn()).unwrap().into_iter().map(|r| r.key).filter(|k| k != "other").collect();
    let profiles = role_profiles::defaults().unwrap();
    let keys: Vec<_> = profiles.iter().map(|p| p.key.clone()).collect();
    assert_eq!(keys, expected, "one profile per role except `other`, in sort order");
    for p in &profiles {
        assert_eq!(&role_profiles::default_for(&p.key).unwrap(), p);
        assert!(p.local.criteria.is_empty() && p.local.contact.is_empty() && p.local.waiting.is_empty(), "{}", p.key);
        assert!(p.referral.feedback.len() > 40, "{}: says what a referrer hears back", p.key);
    }
}

#[test]
fn what_a_referrer_hears_back_is_optional_and_kept_when_given() {
    let p = role_profiles::parse("assets/roles/physio.toml", GOOD).unwrap();
    assert_eq!(p.referral.feedback, "", "a profile without it, like a team's copy saved before it existed, still reads");
    let text = GOOD.replace("route = \"Book at the practice.\"", "route = \"Book at the practice.\"\nfeedback = \"  A letter.  \"");
    assert_eq!(role_profiles::parse("assets/roles/physio.toml", &text).unwrap().referral.feedback, "A letter.");
    let long = GOOD.replace("route = \"Book at the practice.\"", &format!("route = \"Book at the practice.\"\nfeedback = \"{}\"", "x".repeat(1001)));
    assert_eq!(bad_profile("assets/roles/physio.toml", &long).1, "referral.feedback");
}

#[test]
fn the_ot_and_splw_profiles_carry_the_guidance() {
    let ot = role_profiles::default_for("ot").unwrap();
    let splw = role_profiles::default_for("splw").unwrap();
    assert!(ot.regulation.contains("HCPC"));
    assert!(splw.regulation.starts_with("Not a regulated profession"));
    assert!(splw.accountability.contains("supervision"));
    for p in [&ot, &splw] {
        for list in [&p.interventions, &p.boundaries, &p.settings, &p.leads, &p.shared, &p.referral.when] {
            assert!(list.len() >= 4, "{}: {list:?}", p.key);
        }
        assert!(p.escalation.len() >= 4, "{}", p.key);
    }
}

#[test]
fn a_good_profile_parses() {
    let p = role_profiles::parse("assets/roles/physio.toml", GOOD).unwrap();
    assert_eq!(p.referral.when, ["New pain"]);
    assert_eq!(p.escalation[0].route, "Emergency department");
    assert_eq!(p.local, Default::default(), "local details are optional");
}

fn bad_profile(file: &str, text: &str) -> (String, String) {
    match role_profiles::parse(file, text).unwrap_err() {
        Error::BadProfile { file, field, .. } => (file, field),
        other => panic!("expected BadProfile, got {other:?}"),
    }
}

#[test]
fn a_broken_profile_names_the_file_and_the_field() {
    let file = "assets/roles/physio.toml";
    let cases = [
        (file, GOOD.replace("focus = \"Movement.\"\n", ""), "focus"),
        (file, GOOD.replace("focus = \"Movement.\"", "focus = \"  \""), "focus"),
        (file, GOOD.replace("interventions = [\"Exercise\"]", "interventions = []"), "interventions"),
        (file, GOOD.replace("when = [\"New pain\"]", "when = []"), "referral.when"),
        (file, GOOD.replace("settings = [\"Practice\"]", "settings = [\"Practice\", \"\"]"), "settings[2]"),
        (file, GOOD.replace("route = \"Emergency department\"", "route = \"\""), "escalation[1].route"),
        (
            file,
            GOOD.replace("summary = \"Helps people move.\"", &format!("summary = \"{}\"", "x".repeat(201))),
            "summary",
        ),
        (file, GOOD.replace("name = \"Physiotherapist\"", "name = \"Physio\""), "name"),
        ("assets/roles/ot.toml", GOOD.to_string(), "key"),
        ("assets/roles/wizard.toml", GOOD.replace("\"physio\"", "\"wizard\""), "key"),
        (file, GOOD.replace("focus = \"Movement.\"", "focus = \"Movement."), "focus"),
        (file, GOOD.replace("when = [\"New pain\"]", "when = [\"New pain\""), "referral.when"),
        (file, GOOD.replace("focus =", "focsu ="), "focsu"),
        (file, GOOD.replace("leads = [\"Pain on moving\"]", "leads = \"Pain on moving\""), "leads"),
    ];
    for (name, text, field) in cases {
        let (got_file, got_field) = bad_profile(name, &text);
        assert_eq!((got_file.as_str(), got_field.as_str()), (name, field), "{text}");
        let message = role_profiles::parse(name, &text).unwrap_err().to_string();
        assert!(message.starts_with(&format!("{name}: `{field}` ")), "{message}");
    }
}

#[test]
fn bad_syntax_is_placed_on_its_line() {
    let text = GOOD.replace("focus = \"Movement.\"", "focus = \"Movement.");
    let err = role_profiles::parse("assets/roles/physio.toml", &text).unwrap_err();
    let line = text.lines().position(|l| l.starts_with("focus")).unwrap() + 1;
    assert!(err.to_string().contains(&format!("(line {line})")), "{err}");
    let payload = ErrorPayload::from(&err);
    assert_eq!(payload.code, ErrorCode::BadProfile);
    assert_eq!(payload.field.as_deref(), Some("focus"));
}

fn edited_ot() -> RoleProfile {
    let mut ot = role_profiles::default_for("ot").unwrap();
    ot.local.contact = " North PCN OT team, 0113 496 0000 ".into();
    ot.local.waiting = "About three weeks".into();
    ot
}

#[test]
fn an_edit_replaces_the_default_until_reset() {
    let mut store = Store::open_in_memory().unwrap();
    let default = role_profiles::default_for("ot").unwrap();
    let shown = role_profiles::get(store.conn(), "ot").unwrap();
    assert_eq!((shown.profile, shown.customised), (default.clone(), false));

    let saved = role_profiles::save_edit(&mut store, "ot", &edited_ot()).unwrap();
    assert_eq!(saved.profile.local.contact, "North PCN OT team, 0113 496 0000", "trimmed");
    let shown = role_profiles::get(store.conn(), "ot").unwrap();
    assert!(shown.customised);
    assert_eq!(shown.profile, saved.profile);
    assert!(!role_profiles::get(store.conn(), "splw").unwrap().customised, "other roles untouched");

    let reset = role_profiles::reset_to_default(&mut store, "ot").unwrap();
    assert_eq!((reset.profile, reset.customised), (default.clone(), false));
    let shown = role_profiles::get(store.conn(), "ot").unwrap();
    assert_eq!((shown.profile, shown.customised), (default, false));
}

#[test]
fn edits_and_resets_are_audited() {
    let mut store = Store::open_in_memory().unwrap();
    store.set_actor("chair@test");
    let mut edit = edited_ot();
    role_profiles::save_edit(&mut store, "ot", &edit).unwrap();
    role_profiles::save_edit(&mut store, "ot", &edit).unwrap(); // no change: no entry
    edit.local.waiting = "About six weeks".into();
    role_profiles::save_edit(&mut store, "ot", &edit).unwrap();
    role_profiles::reset_to_default(&mut store, "ot").unwrap();
    role_profiles::reset_to_default(&mut store, "ot").unwrap(); // nothing to reset: no entry

    let history = role_profiles::history(store.conn(), "ot").unwrap();
    let actions: Vec<_> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["delete", "update", "create"]);
    assert!(history.iter().all(|e| e.actor == "chair@test" && e.entity.as_str() == "role_profile_edit"));
    assert!(history[1].before.as_deref().unwrap().contains("About three weeks"));
    assert!(history[1].after.as_deref().unwrap().contains("About six weeks"));
    assert!(history[0].after.is_none());
    assert!(role_profiles::history(store.conn(), "splw").unwrap().is_empty());
}

#[test]
fn an_invalid_edit_stores_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let mut bad = edited_ot();
    bad.focus = " ".into();
    let err = role_profiles::save_edit(&mut store, "ot", &bad).unwrap_err();
    assert_eq!(err.to_string(), "ot.toml (team edit): `focus` is missing or empty; fill it in.");

    let mut wrong_role = edited_ot();
    wrong_role.key = "splw".into();
    let err = role_profiles::save_edit(&mut store, "ot", &wrong_role).unwrap_err();
    assert!(matches!(&err, Error::BadProfile { field, .. } if field == "key"), "{err:?}");

    assert!(!role_profiles::get(store.conn(), "ot").unwrap().customised);
    assert!(role_profiles::history(store.conn(), "ot").unwrap().is_empty());
}

#[test]
fn roles_without_a_shipped_profile_are_not_found() {
    let mut store = Store::open_in_memory().unwrap();
    for key in ["other", "wizard"] {
        assert_eq!(role_profiles::default_for(key).unwrap_err().code(), ErrorCode::NotFound);
        assert_eq!(role_profiles::get(store.conn(), key).unwrap_err().code(), ErrorCode::NotFound);
        let err = role_profiles::save_edit(&mut store, key, &edited_ot()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotFound);
        assert_eq!(role_profiles::reset_to_default(&mut store, key).unwrap_err().code(), ErrorCode::NotFound);
    }
}

#[test]
fn examples_are_optional_but_every_shipped_profile_has_them() {
    for p in role_profiles::defaults().unwrap() {
        let wanted = if ["ot", "splw"].contains(&p.key.as_str()) { 3 } else { 1 };
        assert!(p.examples.len() >= wanted, "{} has {} examples", p.key, p.examples.len());
    }
    let with = |list: &str| GOOD.replace("shared = [\"Goals\"]", &format!("shared = [\"Goals\"]\nexamples = {list}"));
    assert!(role_profiles::parse("assets/roles/physio.toml", &with("[]")).unwrap().examples.is_empty());
    assert_eq!(bad_profile("assets/roles/physio.toml", &with("[\"Knee pain\", \" \"]")).1, "examples[2]");
}
