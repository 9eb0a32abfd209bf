//! Guidance over the database: settings, the live check on an unsaved record, the previous lead
//! from an earlier meeting, the chair's lead decision, and what finalising keeps for the minutes.

mod support;

use mdt::audit::AuditEntity;
use mdt::actions::{self, ActionInput};
use mdt::agenda::{self, Outcome, Professional};
use mdt::discussions::{self, DiscussionRecord, Lead, Need};
use mdt::guidance::{self, FlagCode, GuidanceSettings, LeadStatus, SuggestionKind};
use mdt::{ErrorCode, ErrorPayload, Store, history, meetings};
use support::*;

fn lead(aspect: &str, member: i64) -> Lead {
    Lead { aspect: aspect.into(), member_id: Some(member), role_key: None }
}

/// A case with a functional need and social isolation; the OT and SPLW are involved.
fn joint_case(store: &mut Store, team: &Team, meeting_id: i64, reference: &str) -> i64 {
    let mut input = case(reference, team.ot, 10);
    input.professionals = vec![Professional { member_id: Some(team.ot), name: String::new() }, Professional {
        member_id: Some(team.splw),
        name: String::new(),
    }];
    let item = agenda::add_case(store, meeting_id, &input).unwrap();
    let record = DiscussionRecord {
        needs: vec![Need::Functional, Need::SocialIsolation],
        leads: vec![lead("Functional assessment", team.ot)],
        ..Default::default()
    };
    save_record(store, item, &record).unwrap();
    item
}

#[test]
fn settings_default_save_and_are_checked() {
    let (mut store, _) = store_with_team();
    assert_eq!(guidance::load_settings(store.conn()).unwrap(), GuidanceSettings::default());
    assert_eq!(GuidanceSettings::default().professionals_threshold, 5);
    let mine = GuidanceSettings {
        safeguarding_lead: "  Sam Safe, 01632 960123 ".into(),
        gp: "Duty doctor 0113 496 0101".into(),
        duty_team: "Duty desk 01632 960000".into(),
        mental_health_services: "Vale crisis team 0808 157 0000".into(),
        hiu_lead: "Hal Intense".into(),
        professionals_threshold: 4,
    };
    let saved = guidance::save_settings(&mut store, &mine).unwrap();
    assert_eq!(saved.safeguarding_lead, "Sam Safe, 01632 960123", "trimmed");
    assert_eq!(guidance::load_settings(store.conn()).unwrap(), saved);
    assert_eq!(history::entity(store.conn(), AuditEntity::GuidanceSettings, 0).unwrap().len(), 1);

    let bad = GuidanceSettings { professionals_threshold: 1, ..saved.clone() };
    let err = guidance::save_settings(&mut store, &bad).unwrap_err();
    assert_eq!(ErrorPayload::from(&err).field.as_deref(), Some("professionalsThreshold"));
    let long = GuidanceSettings { duty_team: "x".repeat(301), ..saved.clone() };
    assert_eq!(ErrorPayload::from(&guidance::save_settings(&mut store, &long).unwrap_err()).field.as_deref(), Some("dutyTeam"));
    assert_eq!(guidance::load_settings(store.conn()).unwrap(), saved, "nothing changed");
}

#[test]
fn the_live_check_follows_the_unsaved_record_and_uses_the_team_settings() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = joint_case(&mut store, &team, m.id, "AB-0101");
    let saved = guidance::case_guidance(store.conn(), item, None).unwrap();
    assert_eq!(saved.suggested_lead.kind, SuggestionKind::Joint);
    assert_eq!(saved.suggested_lead.leads[1].member_name.as_deref(), Some("Ade Sample"), "the involved SPLW is named");
    assert_eq!(saved.recorded_lead.status, LeadStatus::DiffersWithoutReason);
    // `mdt review` says it in the window's words (the status's label), not a wording of its own.
    let text = guidance::meeting_review(store.conn(), m.id).unwrap().to_text();
    assert!(text.contains("\n    Differs from the suggestion: no reason given yet.\n"), "{text}");
    assert!(!text.contains("no reason given."), "{text}");
    assert!(text.contains("\nAB-0101 (not yet discussed)\n"), "{text}");

    guidance::save_settings(&mut store, &GuidanceSettings { safeguarding_lead: "Sam Safe".into(), ..Default::default() }).unwrap();
    let typing = DiscussionRecord {
        needs: vec![Need::Functional, Need::SocialIsolation],
        // Issue #14, class 2: safeguarding in the notes suggests the safeguarding lead too.
        leads: vec![
            lead("Functional assessment", team.ot),
            lead("Community connection", team.splw),
            Lead { aspect: "Safeguarding referral".into(), member_id: None, role_key: Some("safeguarding".into()) },
        ],
        discussion: "Her son may be taking her money: possible financial abuse.".into(),
        ..Default::default()
    };
    let live = guidance::case_guidance(store.conn(), item, Some(&typing)).unwrap();
    assert_eq!(live.recorded_lead.status, LeadStatus::MatchesSuggestion);
    assert!(live.flags.iter().any(|f| f.code == FlagCode::EscalationUnrecorded && f.reason.contains("Safeguarding lead: Sam Safe")));
    assert!(live.flags.iter().any(|f| f.code == FlagCode::QuestionRiskHolder));
    assert_eq!(
        guidance::case_guidance(store.conn(), item, None).unwrap().recorded_lead.status,
        LeadStatus::DiffersWithoutReason,
        "nothing was saved"
    );

    let other = agenda::add_other(&mut store, m.id, &agenda::OtherItemInput { title: "Updates".into(), minutes_allowed: 5, presenter_id: None }).unwrap();
    assert_eq!(guidance::case_guidance(store.conn(), other, None).unwrap_err().code(), ErrorCode::Conflict);
    assert_eq!(guidance::case_guidance(store.conn(), 999, None).unwrap_err().code(), ErrorCode::NotFound);
}

#[test]
fn at_a_later_meeting_the_previous_lead_shows_beside_the_new_suggestion() {
    let (mut store, team) = store_with_team();
    let first = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = agenda::add_case(&mut store, first.id, &case("AB-0101", team.ot, 10)).unwrap();
    let then = DiscussionRecord {
        needs: vec![Need::Functional, Need::EnvironmentalRisk],
        leads: vec![lead("Functional and environmental assessment", team.ot)],
        ..Default::default()
    };
    save_record(&mut store, item, &then).unwrap();
    agenda::set_outcome(&mut store, item, Outcome::Discussed, 600).unwrap();
    meetings::finalise(&mut store, first.id).unwrap();

    let second = meetings::plan_next(&mut store, first.id, "2026-03-16T13:00").unwrap();
    let later = agenda::add_case(&mut store, second.id, &case("AB-0101", team.splw, 10)).unwrap();
    let now = DiscussionRecord { needs: vec![Need::SocialIsolation, Need::Money], ..Default::default() };
    let g = guidance::case_guidance(store.conn(), later, Some(&now)).unwrap();
    let previous = g.previous_lead.expect("the lead from 2 March");
    assert_eq!(previous.agenda_item_id, item);
    assert_eq!(previous.meeting_starts_at, "2026-03-02T13:00");
    assert_eq!(previous.leads[0].member_name.as_deref(), Some("Priya Example"));
    assert_eq!(previous.needs_added, [Need::SocialIsolation, Need::Money]);
    assert_eq!(previous.needs_removed, [Need::Functional, Need::EnvironmentalRisk]);
    assert!(previous.lead_changes);
    assert_eq!(g.suggested_lead.summary, "SPLW");

    let moved = DiscussionRecord { leads: vec![lead("Community connection", team.splw)], ..now };
    let g = guidance::case_guidance(store.conn(), later, Some(&moved)).unwrap();
    assert!(g.flags.iter().any(|f| f.code == FlagCode::LeadChangeWithoutTransition && f.title.contains("from OT to SPLW")));
    assert!(guidance::case_guidance(store.conn(), item, None).unwrap().previous_lead.is_none(), "nothing before the first");
}

#[test]
fn the_chair_accepts_or_records_a_different_lead_with_a_reason_and_both_are_kept() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = joint_case(&mut store, &team, m.id, "AB-0101");
    let empty = agenda::add_case(&mut store, m.id, &case("CD-0102", team.ot, 10)).unwrap();
    let err = guidance::record_lead_decision(&mut store, empty, "").unwrap_err();
    assert_eq!(ErrorPayload::from(&err).field.as_deref(), Some("overrideReason"), "no needs, nothing to decide on");

    let g = guidance::record_lead_decision(&mut store, item, "  She knows Priya and will not see anyone new yet  ").unwrap();
    assert_eq!(g.recorded_lead.status, LeadStatus::DiffersWithReason);
    assert_eq!(g.recorded_lead.override_reason, "She knows Priya and will not see anyone new yet");
    assert!(g.flags.iter().all(|f| f.code != FlagCode::LeadDiffersWithoutReason));
    let record = discussions::get(store.conn(), item).unwrap().unwrap();
    assert_eq!(record.leads.len(), 1, "the record itself is untouched");

    // Autosaving the record again keeps the decision.
    save_record(&mut store, item, &DiscussionRecord { situation: "Typed later".into(), ..record }).unwrap();
    let minutes = guidance::minutes_guidance(store.conn(), m.id).unwrap();
    assert_eq!(minutes[0].override_reason, "She knows Priya and will not see anyone new yet");
    assert_eq!(minutes[0].suggested_lead.as_ref().unwrap().summary, "Joint working: OT and SPLW");
    assert_eq!(minutes[0].recorded_leads[0].describe(), "Priya Example (OT): Functional assessment");

    // Needs change: the reason was for another suggestion.
    let changed = DiscussionRecord {
        needs: vec![Need::Functional, Need::SocialIsolation, Need::Safeguarding],
        leads: vec![lead("Functional assessment", team.ot)],
        ..Default::default()
    };
    save_record(&mut store, item, &changed).unwrap();
    let g = guidance::case_guidance(store.conn(), item, None).unwrap();
    assert_eq!(g.recorded_lead.status, LeadStatus::ReasonOutdated);
    let text = guidance::meeting_review(store.conn(), m.id).unwrap().to_text();
    assert!(
        text.contains("Differs: the reason was given for an earlier suggestion: \"She knows Priya and will not see anyone new yet\""),
        "{text}"
    );
    let g = guidance::record_lead_decision(&mut store, item, "She knows Priya; safeguarding lead informed separately").unwrap();
    assert_eq!(g.recorded_lead.status, LeadStatus::DiffersWithReason);
    let accepted = guidance::record_lead_decision(&mut store, item, "").unwrap();
    assert_eq!(accepted.recorded_lead.override_reason, "");
    assert_eq!(accepted.recorded_lead.status, LeadStatus::DiffersWithoutReason);

    let too_long = "x".repeat(2001);
    assert_eq!(guidance::record_lead_decision(&mut store, item, &too_long).unwrap_err().code(), ErrorCode::Invalid);
}

#[test]
fn finalising_keeps_the_suggestion_and_records_the_flags_the_chair_overrode() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let discussed = joint_case(&mut store, &team, m.id, "AB-0101");
    let pending = joint_case(&mut store, &team, m.id, "CD-0102");
    actions::add(&mut store, discussed, &ActionInput { description: "Order grab rails".into(), owner_id: team.splw, due_date: None }).unwrap();
    agenda::set_outcome(&mut store, discussed, Outcome::Discussed, 300).unwrap();

    let review = guidance::meeting_review(store.conn(), m.id).unwrap();
    assert_eq!((review.format.as_str(), review.version), ("mdt-guidance-review", 1));
    assert_eq!(review.cases.len(), 2);
    let open: Vec<FlagCode> = review.cases[0].flags.iter().map(|f| f.code).collect();
    assert!(open.contains(&FlagCode::QuestionCommunication) && open.contains(&FlagCode::RoleDriftAction), "{open:?}");
    assert_eq!(review.open_flags, review.cases.iter().map(|c| c.flags.len()).sum::<usize>());

    // CD-0102 has a record, so finalising would minute it as discussed: the chair marks it not
    // reached, as the chair view does.
    agenda::set_outcome(&mut store, pending, Outcome::NotDiscussed, 0).unwrap();
    meetings::finalise(&mut store, m.id).unwrap();
    let after = guidance::meeting_review(store.conn(), m.id).unwrap();
    let overridden: Vec<FlagCode> = after.cases[0].overridden.iter().map(|o| o.code).collect();
    assert_eq!(overridden, open, "every open flag is kept, in order");
    assert_eq!(after.cases[0].overridden[0].detail, review.cases[0].flags[0].title);
    assert!(after.cases[1].overridden.is_empty(), "the pending case was not discussed: it carries forward");
    assert_eq!(after.cases[1].outcome, Outcome::NotDiscussed);
    assert_eq!(after.open_flags, after.cases[0].flags.len());

    let minutes = guidance::minutes_guidance(store.conn(), m.id).unwrap();
    assert_eq!(minutes.len(), 1, "only the discussed case is in the minutes");
    assert_eq!(minutes[0].reference, "AB-0101");
    assert_eq!(minutes[0].overridden.len(), open.len());
    assert_eq!(minutes[0].suggested_lead.as_ref().unwrap().kind, SuggestionKind::Joint, "kept at finalising");
    assert_eq!(guidance::record_lead_decision(&mut store, discussed, "Too late").unwrap_err().code(), ErrorCode::Conflict);
}

/// Issue #14, class 3: a risk-to-life escalation is prompted from the notes, and once the team
/// records its route it is stored (migration 08 widens the escalations table's list of triggers),
/// read back whole, and the prompt shows it as escalated.
#[test]
fn a_risk_to_life_escalation_is_prompted_stored_and_read_back() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = joint_case(&mut store, &team, m.id, "AB-0101");
    let settings = GuidanceSettings {
        mental_health_services: "Vale crisis team 0808 157 0000".into(),
        gp: "Duty doctor 0113 496 0101".into(),
        ..Default::default()
    };
    guidance::save_settings(&mut store, &settings).unwrap();
    let mut record = DiscussionRecord {
        needs: vec![Need::SocialIsolation],
        discussion: "No falls. Told Ade he has been thinking of ending his life.".into(),
        ..Default::default()
    };
    save_record(&mut store, item, &record).unwrap();
    let g = guidance::case_guidance(store.conn(), item, None).unwrap();
    let prompt = g.escalations.iter().find(|e| e.trigger == discussions::EscalationTrigger::RiskToLife).expect("prompted");
    assert_eq!(prompt.why, "The notes say \"has been thinking of ending his life\" (thoughts of suicide).");
    let routes: Vec<(&str, &str)> = prompt.routes.iter().map(|r| (r.route.as_str(), r.contact.as_str())).collect();
    assert_eq!(routes, [
        ("Crisis team or mental health services, the same day", "Vale crisis team 0808 157 0000"),
        ("GP, urgently", "Duty doctor 0113 496 0101"),
        ("NHS 111", "111, choosing the mental health option"),
        ("Immediate danger to life", "999"),
    ]);
    assert!(g.flags.iter().any(|f| f.code == FlagCode::EscalationUnrecorded && f.title.contains("risk to life")));

    record.escalations = vec![discussions::Escalation {
        trigger: discussions::EscalationTrigger::RiskToLife,
        route: "Crisis team, same day".into(),
        informed: "Dr Imaginary".into(),
        not_needed_reason: String::new(),
    }];
    save_record(&mut store, item, &record).unwrap();
    assert_eq!(discussions::get(store.conn(), item).unwrap().unwrap().escalations, record.escalations, "read back whole");
    let g = guidance::case_guidance(store.conn(), item, None).unwrap();
    let prompt = g.escalations.iter().find(|e| e.trigger == discussions::EscalationTrigger::RiskToLife).unwrap();
    assert_eq!(prompt.status, guidance::EscalationStatus::Escalated);
    assert!(!g.flags.iter().any(|f| f.code == FlagCode::EscalationUnrecorded), "{:?}", g.flags);
}
