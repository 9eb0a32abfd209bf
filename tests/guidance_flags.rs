//! Each guidance flag fires when its rule is broken and stays quiet when the case is in order.
//! Pure: the facts are written here, no database beyond the role list.

use mdt::Store;
use mdt::actions::{ActionStatus, AgreedAction};
use mdt::agenda::{Outcome, Professional};
use mdt::discussions::{DiscussionRecord, Escalation, EscalationTrigger, Lead, Need, Transition, TransitionDirection};
use mdt::guidance::{
    CaseFacts, CaseGuidance, EscalationStatus, FlagCode, FlagKind, GuidanceSettings, JointQuestionCode, LeadDecision, LeadStatus,
    PastRecord, SuggestionKind, assess, suggest_lead,
};
use mdt::members::TeamMember;

const OT: i64 = 1;
const SPLW: i64 = 2;
const GP: i64 = 3;
const PHYSIO: i64 = 4;
const NURSE: i64 = 5;

fn member(id: i64, name: &str, role_key: &str, role_name: &str) -> TeamMember {
    TeamMember {
        id,
        name: name.into(),
        role_key: role_key.into(),
        role_name: role_name.into(),
        organisation: String::new(),
        email: String::new(),
        phone: String::new(),
        core_member: true,
        left_on: None,
    }
}

fn roster() -> Vec<TeamMember> {
    vec![
        member(OT, "Priya Example", "ot", "Occupational therapist"),
        member(SPLW, "Ade Sample", "splw", "Social prescribing link worker"),
        member(GP, "Dr Gwen Imaginary", "gp", "GP"),
        member(PHYSIO, "Sam Stretch", "physio", "Physiotherapist"),
        member(NURSE, "Jo Placeholder", "nurse", "Practice or district nurse"),
    ]
}

fn lead(aspect: &str, member_id: i64) -> Lead {
    Lead { aspect: aspect.into(), member_id: Some(member_id), role_key: None }
}

fn action(id: i64, meeting_id: i64, description: &str, owner_id: i64) -> AgreedAction {
    let owner = roster().into_iter().find(|m| m.id == owner_id).unwrap();
    AgreedAction {
        id,
        meeting_id,
        meeting_title: format!("Riverside MDT #{meeting_id}"),
        meeting_starts_at: "2026-03-02T13:00".into(),
        agenda_item_id: Some(10 + meeting_id),
        case_reference: Some("AB-0101".into()),
        description: description.into(),
        owner_id,
        owner_name: owner.name,
        due_date: None,
        status: ActionStatus::Open,
        done_on: None,
        cancel_reason: String::new(),
        overdue: false,
    }
}

/// A case in order: a functional need and social isolation, the OT and SPLW each leading their
/// part, all four joint-working questions answered, nothing to escalate.
fn in_order() -> CaseFacts {
    let store = Store::open_in_memory().unwrap();
    CaseFacts {
        agenda_item_id: 11,
        reference: "AB-0101".into(),
        outcome: Outcome::Discussed,
        reason: "Lives alone since a hip fracture; has stopped going out".into(),
        record: DiscussionRecord {
            situation: "Managing at home with difficulty; misses her lunch club.".into(),
            needs: vec![Need::Functional, Need::SocialIsolation],
            leads: vec![lead("Functional assessment", OT), lead("Community connection", SPLW)],
            risk_holder_id: Some(OT),
            communication_plan: "Shared record; Ade phones Priya the same day about any fall.".into(),
            urgent_contacts: "Duty GP in hours; 111 out of hours".into(),
            decision: "OT home visit, then SPLW introduces the lunch club".into(),
            ..Default::default()
        },
        presenter_id: Some(OT),
        co_presenter_ids: Vec::new(),
        professionals: vec![Professional { member_id: Some(OT), name: "Priya Example".into() }, Professional {
            member_id: Some(SPLW),
            name: "Ade Sample".into(),
        }],
        members: roster(),
        roles: mdt::roles::list(store.conn()).unwrap(),
        actions: vec![action(100, 1, "Introduce her to the Thursday lunch club", SPLW)],
        other_open_actions: Vec::new(),
        previous: None,
        decision: LeadDecision::default(),
        settings: GuidanceSettings::default(),
        overridden: Vec::new(),
        agreement: None,
    }
}

fn codes(g: &CaseGuidance) -> Vec<FlagCode> {
    g.flags.iter().map(|f| f.code).collect()
}

/// Applies `change` to a case in order and checks exactly `expected` flags fire, each explained.
fn check(name: &str, change: impl FnOnce(&mut CaseFacts), expected: &[FlagCode]) -> CaseGuidance {
    let mut facts = in_order();
    change(&mut facts);
    let g = assess(&facts);
    let mut got = codes(&g);
    got.sort_by_key(|c| c.as_str());
    let mut want = expected.to_vec();
    want.sort_by_key(|c| c.as_str());
    assert_eq!(got, want, "{name}: flags were {:#?}", g.flags);
    for flag in &g.flags {
        assert!(flag.reason.len() > 30, "{name}: {:?} needs a reason in plain words", flag.code);
        assert!(flag.source.starts_with("Working together: "), "{name}: {:?} names its source", flag.code);
    }
    g
}

#[test]
fn a_case_in_order_raises_no_flags() {
    let g = check("in order", |_| {}, &[]);
    assert_eq!(g.suggested_lead.kind, SuggestionKind::Joint);
    assert_eq!(g.suggested_lead.summary, "Joint working: OT and SPLW");
    assert_eq!(g.suggested_lead.leads[0].member_name.as_deref(), Some("Priya Example"), "the involved OT is named");
    assert_eq!(g.recorded_lead.status, LeadStatus::MatchesSuggestion);
    let joint = g.joint_working.expect("two roles are involved");
    assert_eq!(joint.involved, ["OT", "SPLW"]);
    assert!(joint.questions.iter().all(|q| q.answered));
    assert_eq!(joint.questions[2].answer, "Priya Example (OT)");
    assert!(g.escalations.is_empty());
    assert!(g.previous_lead.is_none());
}

#[test]
fn the_recorded_lead_is_checked_against_the_suggestion() {
    check("no lead", |f| f.record.leads.clear(), &[FlagCode::NoLeadRecorded, FlagCode::QuestionLeads]);
    let g = check("OT only", |f| f.record.leads.truncate(1), &[FlagCode::LeadDiffersWithoutReason]);
    assert!(g.flags[0].reason.contains("the SPLW is not among the recorded leads"), "{}", g.flags[0].reason);

    let current = suggest_lead(&in_order().record, "", &in_order().roles, &[]);
    let g = check(
        "OT only, with a reason given for today's suggestion",
        |f| {
            f.record.leads.truncate(1);
            f.decision = LeadDecision { suggestion: Some(current), override_reason: "She has said no to groups for now".into() };
        },
        &[],
    );
    assert_eq!(g.recorded_lead.status, LeadStatus::DiffersWithReason);
    assert_eq!(g.recorded_lead.override_reason, "She has said no to groups for now");

    let ot_only = DiscussionRecord { needs: vec![Need::Functional], ..Default::default() };
    let earlier = suggest_lead(&ot_only, "", &in_order().roles, &[]);
    check(
        "reason given when only the OT was suggested",
        |f| {
            f.record.leads = vec![lead("Everything", GP)];
            f.decision = LeadDecision { suggestion: Some(earlier), override_reason: "GP knows her best".into() };
        },
        &[FlagCode::LeadReasonOutdated],
    );
    check(
        "extra roles beside the suggested ones are fine",
        |f| f.record.leads.push(lead("Wound care", NURSE)),
        &[],
    );
}

#[test]
fn the_four_joint_working_questions_are_asked_only_when_more_than_one_role_is_involved() {
    check("communication", |f| f.record.communication_plan = "  ".into(), &[FlagCode::QuestionCommunication]);
    let g = check("risk holder", |f| f.record.risk_holder_id = None, &[FlagCode::QuestionRiskHolder]);
    assert_eq!(g.flags[0].title, "Not settled: who holds responsibility for clinical risk");
    check("urgent contacts", |f| f.record.urgent_contacts.clear(), &[FlagCode::QuestionUrgentContacts]);
    // The OT alone, presenting: nothing left unanswered matters, as nobody else is involved.
    let one_role = |f: &mut CaseFacts| {
        f.record.needs = vec![Need::Functional];
        f.record.leads.truncate(1);
        f.professionals.truncate(1);
        f.actions.clear();
        f.record.communication_plan.clear();
        f.record.urgent_contacts.clear();
        f.record.risk_holder_id = None;
    };
    let g = check("one role only", one_role, &[]);
    assert!(g.joint_working.is_none());
    let g = check(
        "an outside service counts as a second party",
        |f| {
            f.record.needs = vec![Need::Functional];
            f.record.leads.truncate(1);
            f.professionals = vec![Professional { member_id: None, name: "Community falls service".into() }];
            f.record.urgent_contacts.clear();
        },
        &[FlagCode::QuestionUrgentContacts],
    );
    assert_eq!(g.joint_working.unwrap().involved, ["Community falls service", "OT"]);
    // Issue #15: the guidance encourages the OT and the SPLW to present together; a colleague
    // presenting with the OT is working with the person, so the four questions are asked. The
    // one-role case above (OT presenting alone) is the control.
    let g = check(
        "an SPLW presenting with the OT",
        |f| {
            one_role(f);
            f.co_presenter_ids = vec![SPLW];
        },
        &[FlagCode::QuestionCommunication, FlagCode::QuestionRiskHolder, FlagCode::QuestionUrgentContacts],
    );
    assert_eq!(g.joint_working.unwrap().involved, ["OT", "SPLW"]);
}

#[test]
fn escalation_prompts_come_from_needs_and_notes_and_want_a_route_or_a_reason() {
    // Issue #14, class 2: safeguarding described in the notes, ticked or not, also suggests the
    // safeguarding lead and makes the case high-risk (a debrief; the SPLW's supervision). Before,
    // only the escalation prompt was raised.
    let g = check(
        "safeguarding in the notes",
        |f| f.record.discussion = "Her nephew takes her pension; possible financial abuse.".into(),
        &[FlagCode::EscalationUnrecorded, FlagCode::LeadDiffersWithoutReason, FlagCode::JointDebrief, FlagCode::RaiseInSupervision],
    );
    assert_eq!(g.escalations[0].trigger, EscalationTrigger::Safeguarding);
    assert_eq!(g.escalations[0].why, "The notes say \"Her nephew takes her pension\" (possible financial abuse).");
    assert!(g.suggested_lead.role_keys().contains(&"safeguarding"));
    let unrecorded = g.flags.iter().find(|f| f.code == FlagCode::EscalationUnrecorded).unwrap();
    assert!(unrecorded.reason.contains("Safeguarding lead (no contact saved yet: add it in Settings)"), "{}", unrecorded.reason);

    let safeguarding_lead = Lead { aspect: "Safeguarding referral".into(), member_id: None, role_key: Some("safeguarding".into()) };
    let g = check(
        "the team's contact is named",
        |f| {
            f.record.discussion = "Possible financial abuse.".into();
            f.record.leads.push(safeguarding_lead.clone());
            f.settings.safeguarding_lead = "Sam Safe, 01632 960123".into();
        },
        &[FlagCode::EscalationUnrecorded, FlagCode::JointDebrief, FlagCode::RaiseInSupervision],
    );
    assert!(g.flags[0].reason.contains("Safeguarding lead: Sam Safe, 01632 960123"));
    assert_eq!(g.escalations[0].routes[0].contact, "Sam Safe, 01632 960123");

    let escalated = |route: &str, informed: &str, reason: &str| Escalation {
        trigger: EscalationTrigger::Safeguarding,
        route: route.into(),
        informed: informed.into(),
        not_needed_reason: reason.into(),
    };
    let g = check(
        "not needed, with a reason",
        |f| {
            f.record.discussion = "Possible financial abuse.".into();
            f.record.escalations = vec![escalated("", "", "Checked with her bank: the nephew has lasting power of attorney")];
        },
        &[],
    );
    assert_eq!(g.escalations[0].status, EscalationStatus::NotNeeded);
    let g = check(
        "route without who was informed",
        |f| {
            f.record.discussion = "Possible financial abuse.".into();
            f.record.leads.push(safeguarding_lead.clone());
            f.record.escalations = vec![escalated("Safeguarding referral", "", "")];
        },
        &[FlagCode::EscalationIncomplete, FlagCode::JointDebrief, FlagCode::RaiseInSupervision],
    );
    assert!(g.flags.iter().any(|f| f.reason.contains("The route is recorded but not who was informed.")));
    check(
        "escalated, informed, debriefed, supervised",
        |f| {
            f.record.discussion = "Possible financial abuse; Ade to raise it in supervision.".into();
            f.record.leads.push(safeguarding_lead.clone());
            f.record.escalations = vec![escalated("Safeguarding referral", "Practice safeguarding lead", "")];
            f.actions.push(action(101, 1, "Joint debrief next week", OT));
        },
        &[],
    );
    check("negated in the notes", |f| f.record.discussion = "No safeguarding concerns.".into(), &[]);
    let g = check(
        "environmental risk in the notes",
        |f| f.record.done_so_far = "The flat is hoarded to the ceiling.".into(),
        &[FlagCode::EscalationUnrecorded],
    );
    assert_eq!(g.escalations[0].trigger, EscalationTrigger::EnvironmentalRisk);
    assert_eq!(g.escalations[0].routes[0].route, "Duty team");
    let g = check(
        "deterioration in the notes brings a GP review into the suggestion",
        |f| f.record.situation = "Her breathing has worsened since March.".into(),
        &[FlagCode::EscalationUnrecorded, FlagCode::LeadDiffersWithoutReason],
    );
    assert_eq!(g.escalations[0].trigger, EscalationTrigger::Deterioration);
    assert!(g.suggested_lead.role_keys().contains(&"gp"));
    // Issue #14, class 5: a mental health need alone stays with the GP in primary care (before, it
    // suggested mental health services), so the third role here is the GP.
    let mental_health = |f: &mut CaseFacts| {
        f.record.needs.push(Need::MentalHealth);
        f.record.leads.push(Lead { aspect: "Low mood".into(), member_id: None, role_key: Some("gp".into()) });
    };
    let g = check(
        "complexity beyond one role",
        mental_health,
        &[FlagCode::EscalationUnrecorded, FlagCode::JointDebrief, FlagCode::RaiseInSupervision],
    );
    assert_eq!(g.escalations[0].trigger, EscalationTrigger::Complexity);
    assert_eq!(g.escalations[0].why, "The case has needs that call on 3 roles (OT, SPLW and GP).");
    assert_eq!(g.escalations[0].routes.iter().map(|r| r.route.as_str()).collect::<Vec<_>>(), ["Duty team", "Mental health services"]);
    check("many needs within two roles are not complex", |f| f.record.needs.extend([Need::Housing, Need::Money, Need::Carer]), &[]);
    let g = check(
        "a complex case already on an escalation route",
        |f| {
            mental_health(f);
            f.record.discussion = "Low mood is getting worse; Ade will take this to supervision and book a debrief.".into();
            f.record.escalations.push(Escalation {
                trigger: EscalationTrigger::Deterioration,
                route: "Same-day GP review".into(),
                informed: "Dr Imaginary".into(),
                not_needed_reason: String::new(),
            });
            f.record.leads.push(lead("Medical review", GP));
        },
        &[],
    );
    assert_eq!(g.escalations.len(), 1, "complexity is not raised again: {:?}", g.escalations);
}

#[test]
fn a_non_clinical_role_holding_clinical_risk_is_flagged() {
    let g = check("SPLW holds risk", |f| f.record.risk_holder_id = Some(SPLW), &[FlagCode::NonClinicalRiskHolder]);
    assert_eq!(g.flags[0].title, "Ade Sample (SPLW) is recorded as holding clinical risk");
    check("GP holds risk", |f| f.record.risk_holder_id = Some(GP), &[]);
}

#[test]
fn step_down_and_step_up_need_a_handover_plan_and_someone_to_consult() {
    let step = |direction, from: &str, to: &str, plan: &str, consult: &str| Transition {
        direction,
        from_role_key: from.into(),
        to_role_key: to.into(),
        handover_plan: plan.into(),
        joint_visits: 2,
        consult_contact: consult.into(),
        follow_up_date: None,
    };
    check(
        "complete step-down",
        |f| f.record.transitions = vec![step(TransitionDirection::StepDown, "ot", "splw", "Two joint visits, then Ade leads", "Priya (OT)")],
        &[],
    );
    check(
        "no handover plan",
        |f| f.record.transitions = vec![step(TransitionDirection::StepDown, "ot", "splw", "", "Priya (OT)")],
        &[FlagCode::TransitionWithoutHandover],
    );
    check(
        "no one to consult",
        |f| f.record.transitions = vec![step(TransitionDirection::StepDown, "ot", "splw", "Joint visit first", " ")],
        &[FlagCode::TransitionWithoutConsult],
    );
    check(
        "a step-up to a clinician needs no named consultee",
        |f| f.record.transitions = vec![step(TransitionDirection::StepUp, "splw", "ot", "OT visits within a week", "")],
        &[],
    );
}

#[test]
fn the_previous_lead_is_shown_and_a_change_of_lead_wants_a_recorded_handover() {
    let past = |leads: Vec<Lead>, needs: Vec<Need>| PastRecord {
        agenda_item_id: 5,
        meeting_title: "Riverside MDT".into(),
        meeting_starts_at: "2026-02-16T13:00".into(),
        record: DiscussionRecord { needs, leads, ..Default::default() },
    };
    let g = check(
        "OT led last time; the SPLW joins now",
        |f| f.previous = Some(past(vec![lead("Functional assessment", OT)], vec![Need::Functional])),
        &[],
    );
    let previous = g.previous_lead.unwrap();
    assert_eq!(previous.needs_added, [Need::SocialIsolation]);
    assert!(previous.needs_removed.is_empty());
    assert!(previous.lead_changes, "the suggestion now adds the SPLW");
    assert_eq!(previous.leads[0].describe(), "Priya Example (OT): Functional assessment");

    let g = check(
        "the same roles led last time, with a nurse the rules never suggest",
        |f| {
            let leads = vec![lead("Functional assessment", OT), lead("Befriending", SPLW), lead("Wound care", NURSE)];
            f.previous = Some(past(leads, vec![Need::Functional, Need::SocialIsolation]));
        },
        &[],
    );
    assert!(!g.previous_lead.unwrap().lead_changes);
    let g = check(
        "the physio led last time, nobody recorded a handover",
        |f| f.previous = Some(past(vec![lead("Mobility", PHYSIO)], vec![Need::Functional])),
        &[FlagCode::LeadChangeWithoutTransition],
    );
    assert!(g.flags[0].title.contains("from physiotherapist to OT and SPLW"), "{}", g.flags[0].title);
    assert!(g.flags[0].reason.contains("Riverside MDT (2026-02-16)"));
}

#[test]
fn high_risk_and_complex_cases_suggest_a_debrief_and_supervision_as_actions() {
    let g = check(
        "two risks tagged",
        |f| {
            f.record.needs.extend([Need::ClinicalRisk, Need::EnvironmentalRisk]);
            f.record.leads[0].aspect = "Functional and environmental assessment and clinical risk management".into();
        },
        &[FlagCode::JointDebrief, FlagCode::RaiseInSupervision, FlagCode::EscalationUnrecorded],
    );
    let debrief = g.flags.iter().find(|f| f.code == FlagCode::JointDebrief).unwrap();
    assert_eq!(debrief.kind, FlagKind::Suggestion);
    assert_eq!(debrief.action.as_deref(), Some("Joint debrief on AB-0101 with the OT and SPLW: what worked, what to change, next steps"));
    let supervision = g.flags.iter().find(|f| f.code == FlagCode::RaiseInSupervision).unwrap();
    assert_eq!(supervision.action.as_deref(), Some("Raise AB-0101 at Ade Sample's next clinical supervision"));
    check(
        "both already agreed",
        |f| {
            f.record.needs.extend([Need::ClinicalRisk, Need::EnvironmentalRisk]);
            f.record.escalations.push(Escalation {
                trigger: EscalationTrigger::EnvironmentalRisk,
                route: String::new(),
                informed: String::new(),
                not_needed_reason: "OT visit this week covers it".into(),
            });
            f.actions.push(action(102, 1, "Joint debrief after the home visit", OT));
            f.other_open_actions.push(action(103, 2, "Ade to take AB-0101 to supervision", SPLW));
        },
        &[],
    );
    let g = check(
        "an SPLW named by role only",
        |f| {
            f.record.needs.push(Need::Safeguarding);
            f.record.leads = vec![
                lead("Functional assessment", OT),
                Lead { aspect: "Community connection".into(), member_id: None, role_key: Some("splw".into()) },
                Lead { aspect: "Safeguarding enquiry".into(), member_id: None, role_key: Some("safeguarding".into()) },
            ];
            f.record.escalations.push(Escalation {
                trigger: EscalationTrigger::Safeguarding,
                route: "Raised at the MDT".into(),
                informed: "Whole team".into(),
                not_needed_reason: String::new(),
            });
            f.record.decision = "Debrief in a month".into();
        },
        &[FlagCode::RaiseInSupervision],
    );
    assert_eq!(g.flags[0].action.as_deref(), Some("Raise AB-0101 at the SPLW's next clinical supervision"));
}

#[test]
fn duplicated_leads_crowded_cases_and_repeated_actions_are_warned_about() {
    let g = check(
        "two leads on one aspect",
        |f| f.record.leads.push(lead("functional assessment", PHYSIO)),
        &[FlagCode::SameAspectTwoLeads],
    );
    assert!(g.flags[0].reason.starts_with("Priya Example (OT) and Sam Stretch (physiotherapist) are both recorded"), "{}", g.flags[0].reason);
    check("the same person twice is not a duplicate", |f| f.record.leads.push(lead("Functional assessment", OT)), &[]);

    let crowd = |n: usize| (0..n).map(|i| Professional { member_id: None, name: format!("Service {i}") }).collect::<Vec<_>>();
    check("four professionals", |f| f.professionals = crowd(4), &[]);
    let g = check("five professionals", |f| f.professionals = crowd(5), &[FlagCode::ManyProfessionals]);
    assert!(g.flags[0].reason.contains("The team has set 5"), "{}", g.flags[0].reason);
    assert!(g.flags[0].reason.contains("the guidance gives no number"), "the threshold is the team's, not the guidance's");
    check(
        "the team's own threshold",
        |f| {
            f.professionals = crowd(3);
            f.settings.professionals_threshold = 3;
        },
        &[FlagCode::ManyProfessionals],
    );

    let g = check(
        "an action that repeats an open one from another meeting",
        |f| {
            f.actions.push(action(104, 1, "Book a joint visit with the SPLW", OT));
            f.other_open_actions.push(action(90, 2, "book joint visit with SPLW", OT));
        },
        &[FlagCode::DuplicateAction],
    );
    assert!(g.flags[0].reason.contains("agreed at Riverside MDT #2 (2026-03-02)"), "{}", g.flags[0].reason);
    check(
        "two actions in this discussion",
        |f| f.actions.push(action(105, 1, "Introduce her to the lunch club on Thursday", SPLW)),
        &[FlagCode::DuplicateAction],
    );
    check(
        "different work",
        |f| f.other_open_actions.push(action(91, 2, "Ask the pharmacist to review her medicines", GP)),
        &[],
    );
}

#[test]
fn clinical_work_given_to_a_non_clinical_role_is_role_drift() {
    let g = check(
        "SPLW leads a clinical assessment",
        |f| f.record.leads.push(lead("Assess her mobility on the stairs", SPLW)),
        &[FlagCode::RoleDriftLead],
    );
    assert!(g.flags[0].reason.starts_with("Clinical assessment and clinical risk need a registered clinician"), "{}", g.flags[0].reason);
    let g = check(
        "SPLW is given equipment to order",
        |f| f.actions.push(action(106, 1, "Order grab rails and a perching stool", SPLW)),
        &[FlagCode::RoleDriftAction],
    );
    assert!(g.flags[0].reason.starts_with("Equipment and adaptations are assessed for and provided by a clinician"), "{}", g.flags[0].reason);
    check("the OT orders the equipment", |f| f.actions.push(action(107, 1, "Order grab rails and a perching stool", OT)), &[]);
    check(
        "the SPLW asks what matters",
        |f| f.actions.push(action(108, 1, "Assess what matters to her about getting out", SPLW)),
        &[],
    );
}

#[test]
fn each_flag_belongs_beside_the_part_of_the_record_it_is_about() {
    use mdt::guidance::FlagPlace as P;
    let expected = [
        (FlagCode::NoLeadRecorded, P::Leads),
        (FlagCode::LeadDiffersWithoutReason, P::Leads),
        (FlagCode::LeadReasonOutdated, P::Leads),
        (FlagCode::QuestionLeads, P::Leads),
        (FlagCode::QuestionCommunication, P::Communication),
        (FlagCode::QuestionRiskHolder, P::RiskHolder),
        (FlagCode::QuestionUrgentContacts, P::UrgentContacts),
        (FlagCode::EscalationUnrecorded, P::Escalations),
        (FlagCode::EscalationIncomplete, P::Escalations),
        (FlagCode::NonClinicalRiskHolder, P::RiskHolder),
        (FlagCode::TransitionWithoutHandover, P::Transitions),
        (FlagCode::TransitionWithoutConsult, P::Transitions),
        (FlagCode::LeadChangeWithoutTransition, P::Transitions),
        (FlagCode::JointDebrief, P::Actions),
        (FlagCode::RaiseInSupervision, P::Actions),
        (FlagCode::SameAspectTwoLeads, P::Leads),
        (FlagCode::ManyProfessionals, P::Case),
        (FlagCode::DuplicateAction, P::Actions),
        (FlagCode::RoleDriftLead, P::Leads),
        (FlagCode::RoleDriftAction, P::Actions),
    ];
    assert_eq!(expected.len(), FlagCode::ALL.len(), "every code has a place");
    for (code, place) in expected {
        assert_eq!(code.place(), place, "{code:?}");
    }
    // And each flag raised carries the place of its code.
    let g = check("SPLW holds risk", |f| f.record.risk_holder_id = Some(SPLW), &[FlagCode::NonClinicalRiskHolder]);
    assert_eq!(g.flags[0].place, P::RiskHolder);
}

#[test]
fn an_answered_question_with_a_check_against_its_answer_is_not_shown_as_settled() {
    let question = |g: &CaseGuidance, code: &str| g.joint_working.as_ref().unwrap().questions.iter().find(|q| q.code.as_str() == code).unwrap().clone();
    let g = check("SPLW holds risk", |f| f.record.risk_holder_id = Some(SPLW), &[FlagCode::NonClinicalRiskHolder]);
    let risk = question(&g, "risk_holder");
    assert!(risk.answered);
    assert_eq!(risk.concern.as_deref(), Some("Ade Sample (SPLW) is recorded as holding clinical risk"));
    assert_eq!(risk.short, "Clinical risk");
    for other in ["leads", "communication", "urgent_contacts"] {
        assert_eq!(question(&g, other).concern, None, "{other} has no check against it");
    }
    // Positive control: the OT holding risk is settled, with no concern.
    let g = check("in order", |_| {}, &[]);
    assert_eq!(question(&g, "risk_holder").concern, None);
    // An unanswered question is not given a concern: it is simply not settled.
    let g = check("nobody holds risk", |f| f.record.risk_holder_id = None, &[FlagCode::QuestionRiskHolder]);
    let risk = question(&g, "risk_holder");
    assert_eq!((risk.answered, risk.concern), (false, None));
}

#[test]
fn with_nothing_suggested_the_lead_is_never_said_to_differ_from_last_time() {
    let past = PastRecord {
        agenda_item_id: 5,
        meeting_title: "Riverside MDT".into(),
        meeting_starts_at: "2026-02-16T13:00".into(),
        record: DiscussionRecord { needs: vec![Need::Functional], leads: vec![lead("Functional assessment", OT)], ..Default::default() },
    };
    let mut facts = in_order();
    facts.record.needs.clear();
    facts.record.leads.clear();
    facts.previous = Some(past.clone());
    let g = assess(&facts);
    assert_eq!(g.suggested_lead.kind, SuggestionKind::None);
    assert_eq!(g.recorded_lead.status, LeadStatus::NoSuggestion);
    assert!(!g.previous_lead.unwrap().lead_changes, "no suggestion, so nothing to compare with last time");
    // Positive control: with the needs tagged again and the SPLW now suggested, the change shows.
    let mut facts = in_order();
    facts.previous = Some(past);
    assert!(assess(&facts).previous_lead.unwrap().lead_changes);
}

/// Issue #14, alert burden: the guidance has the four questions settled at the outset of joint
/// working, so an answer given at the person's last discussion carries to this one (saying where it
/// comes from) instead of the question being asked again; a check on a carried answer still stands.
#[test]
fn questions_settled_at_an_earlier_discussion_are_not_asked_again() {
    let earlier = |record: DiscussionRecord| PastRecord {
        agenda_item_id: 5,
        meeting_title: "Riverside MDT".into(),
        meeting_starts_at: "2026-02-16T13:00".into(),
        record: DiscussionRecord { leads: vec![lead("Functional assessment", OT)], ..record },
    };
    check("not settled now or before", |f| f.record.urgent_contacts.clear(), &[FlagCode::QuestionUrgentContacts]);
    let g = check(
        "settled at the last discussion",
        |f| {
            f.record.urgent_contacts.clear();
            f.record.risk_holder_id = None;
            f.previous = Some(earlier(DiscussionRecord {
                urgent_contacts: "Duty GP; 111 out of hours".into(),
                risk_holder_id: Some(OT),
                ..Default::default()
            }));
        },
        &[],
    );
    let questions = &g.joint_working.as_ref().unwrap().questions;
    let urgent = questions.iter().find(|q| q.code == JointQuestionCode::UrgentContacts).unwrap();
    assert!(urgent.answered);
    assert_eq!(urgent.answer, "As agreed on 16/02/2026: Duty GP; 111 out of hours");
    let holder = questions.iter().find(|q| q.code == JointQuestionCode::RiskHolder).unwrap();
    assert_eq!(holder.answer, "Priya Example (OT)");
    check(
        "an SPLW named to hold risk last time is still flagged",
        |f| {
            f.record.risk_holder_id = None;
            f.previous = Some(earlier(DiscussionRecord { risk_holder_id: Some(SPLW), ..Default::default() }));
        },
        &[FlagCode::NonClinicalRiskHolder],
    );
}
