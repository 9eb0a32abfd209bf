//! The checks on one case: the recorded lead against the suggestion, the four joint-working
//! questions, escalation, clinical risk, step-down and step-up, debriefs and supervision,
//! duplication and role drift. Each flag says why in plain words and names its source.

use super::lead::{RISK_NEEDS, SUGGESTED_ROLES};
use super::scope::{Scope, Work, work_in};
use super::text;
use super::{
    CaseFacts, CaseGuidance, EscalationPrompt, EscalationStatus, Flag, FlagCode, FlagKind, JointQuestion,
    JointQuestionCode, JointWorking, LeadStatus, LeadSuggestion, PreviousLead, RecordedLead, ResolvedLead,
    RouteContact, needs_text, short_role, sources, suggest_lead,
};
use crate::actions::{ActionStatus, AgreedAction};
use crate::discussions::{EscalationTrigger, Need};
use crate::{dates, labels};
use crate::members::TeamMember;
use crate::words::{and_list, capitalised, one_or_many};

/// Everything the guidance says about one case. Pure: the same facts give the same answer.
pub fn assess(facts: &CaseFacts) -> CaseGuidance {
    let involved = facts.involved_members();
    let suggestion = suggest_lead(&facts.record, &facts.reason, &facts.roles, &involved);
    let recorded: Vec<ResolvedLead> = facts
        .record
        .leads
        .iter()
        .filter(|l| l.member_id.is_some() || l.role_key.is_some())
        .map(|l| facts.resolve(l))
        .collect();
    let mut flags = Vec::new();
    let recorded_lead = lead_status(facts, &suggestion, recorded, &mut flags);
    let previous_lead = previous_lead(facts, &suggestion);
    if let Some(previous) = &previous_lead {
        lead_change_without_transition(facts, previous, &recorded_lead.leads, &mut flags);
    }
    let mut joint_working = joint_working(facts, &suggestion, &recorded_lead.leads, &mut flags);
    let concern = Concern::of(facts, &suggestion);
    let escalations = escalations(facts, &concern, &mut flags);
    risk_holder(facts, &mut flags);
    transitions(facts, &mut flags);
    debrief_and_supervision(facts, &concern, &recorded_lead.leads, &mut flags);
    duplication(facts, &recorded_lead.leads, &mut flags);
    role_drift(facts, &recorded_lead.leads, &mut flags);
    if let Some(joint) = &mut joint_working {
        mark_concerns(&mut joint.questions, &flags);
    }
    CaseGuidance {
        agenda_item_id: facts.agenda_item_id,
        reference: facts.reference.clone(),
        outcome: facts.outcome,
        suggested_lead: suggestion,
        previous_lead,
        recorded_lead,
        joint_working,
        escalations,
        flags,
        overridden: facts.overridden.clone(),
        dismissed: Vec::new(),
        escalation_states: Vec::new(),
    }
}

fn warning(code: FlagCode, title: String, reason: String, source: &str) -> Flag {
    Flag { code, kind: FlagKind::Warning, place: code.place(), title, reason, source: source.to_string(), action: None, dismissal: Default::default() }
}

fn role_set<'a>(leads: impl IntoIterator<Item = &'a ResolvedLead>) -> Vec<&'a str> {
    let mut keys: Vec<&str> = leads.into_iter().filter_map(|l| l.role_key.as_deref()).collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

fn names(keys: &[&str]) -> String {
    and_list(&keys.iter().map(|k| short_role(k)).collect::<Vec<_>>())
}

/// Whether the recorded leads take up every suggested role, and if not, whether a reason is given
/// for the suggestion as it stands now.
fn lead_status(facts: &CaseFacts, suggestion: &LeadSuggestion, leads: Vec<ResolvedLead>, flags: &mut Vec<Flag>) -> RecordedLead {
    let suggested = suggestion.role_keys();
    let recorded = role_set(&leads);
    let missing: Vec<&str> = suggested.iter().copied().filter(|k| !recorded.contains(k)).collect();
    let reason = facts.decision.override_reason.trim().to_string();
    let decided_on = facts.decision.suggestion.as_ref().map(|s| {
        let mut keys = s.role_keys();
        keys.sort_unstable();
        keys.into_iter().map(String::from).collect::<Vec<_>>()
    });
    let mut now = suggested.clone();
    now.sort_unstable();
    let status = if suggested.is_empty() {
        LeadStatus::NoSuggestion
    } else if leads.is_empty() {
        LeadStatus::NotRecorded
    } else if missing.is_empty() {
        LeadStatus::MatchesSuggestion
    } else if reason.is_empty() {
        LeadStatus::DiffersWithoutReason
    } else if decided_on.is_some_and(|keys| keys != now) {
        LeadStatus::ReasonOutdated
    } else {
        LeadStatus::DiffersWithReason
    };
    match status {
        LeadStatus::NotRecorded => flags.push(warning(
            FlagCode::NoLeadRecorded,
            "No lead recorded".into(),
            format!(
                "The suggestion is {}. Accept it, or record who leads on which aspect and, if the team chose \
                 differently, why.",
                suggestion_phrase(suggestion)
            ),
            sources::KEY_TAKEAWAYS,
        )),
        LeadStatus::DiffersWithoutReason => flags.push(warning(
            FlagCode::LeadDiffersWithoutReason,
            "The recorded lead differs from the suggestion, with no reason given".into(),
            format!(
                "The suggestion is {}, but the {} {} not among the recorded leads. The team may know better: say \
                 why, so the minutes show the choice was deliberate.",
                suggestion_phrase(suggestion),
                names(&missing),
                one_or_many(missing.len(), "is", "are")
            ),
            sources::KEY_TAKEAWAYS,
        )),
        LeadStatus::ReasonOutdated => flags.push(warning(
            FlagCode::LeadReasonOutdated,
            "The reason for a different lead was given for an earlier suggestion".into(),
            format!(
                "When the reason was recorded the suggestion was {}; it is now {}. Check the reason still holds and \
                 save it again, or take up the new suggestion.",
                facts.decision.suggestion.as_ref().map(suggestion_phrase).unwrap_or_default(),
                suggestion_phrase(suggestion)
            ),
            sources::KEY_TAKEAWAYS,
        )),
        _ => {}
    }
    RecordedLead { leads, status, override_reason: reason }
}

/// The suggestion as a phrase: "the OT as lead", "joint working between the OT and SPLW".
fn suggestion_phrase(s: &LeadSuggestion) -> String {
    let roles = s.role_keys();
    match roles.len() {
        0 => "nothing yet".into(),
        1 => format!("the {} as lead", short_role(roles[0])),
        _ => format!("joint working between the {}", names(&roles)),
    }
}

fn previous_lead(facts: &CaseFacts, suggestion: &LeadSuggestion) -> Option<PreviousLead> {
    let past = facts.previous.as_ref()?;
    let leads: Vec<ResolvedLead> = past.record.leads.iter().map(|l| facts.resolve(l)).collect();
    let then = role_set(&leads);
    let mut now = suggestion.role_keys();
    now.sort_unstable();
    // In the order the screens list needs, whatever order they were stored in.
    let ordered = |keep: &dyn Fn(&Need) -> bool| Need::ALL.iter().copied().filter(|n| keep(n)).collect::<Vec<_>>();
    let (now_needs, then_needs) = (&facts.record.needs, &past.record.needs);
    Some(PreviousLead {
        agenda_item_id: past.agenda_item_id,
        meeting_title: past.meeting_title.clone(),
        meeting_starts_at: past.meeting_starts_at.clone(),
        needs_added: ordered(&|n| now_needs.contains(n) && !then_needs.contains(n)),
        needs_removed: ordered(&|n| then_needs.contains(n) && !now_needs.contains(n)),
        needs: ordered(&|n| then_needs.contains(n)),
        // Roles the team added that the rules never suggest (a pharmacist, a physio) are no change.
        lead_changes: !now.is_empty()
            && (now.iter().any(|k| !then.contains(k)) || then.iter().any(|k| SUGGESTED_ROLES.contains(k) && !now.contains(k))),
        leads,
    })
}

/// The lead moved between roles since the last discussion, but nobody recorded a step-down or
/// step-up with its handover plan.
fn lead_change_without_transition(facts: &CaseFacts, previous: &PreviousLead, leads: &[ResolvedLead], flags: &mut Vec<Flag>) {
    if !facts.record.transitions.is_empty() || leads.is_empty() {
        return;
    }
    let (then, now) = (role_set(&previous.leads), role_set(leads));
    let left: Vec<&str> = then.iter().copied().filter(|k| !now.contains(k)).collect();
    let joined: Vec<&str> = now.iter().copied().filter(|k| !then.contains(k)).collect();
    if left.is_empty() || joined.is_empty() {
        return;
    }
    let clinical = |keys: &[&str]| keys.iter().any(|k| facts.role(k).is_some_and(|r| r.clinical));
    let word = match (clinical(&left), clinical(&joined)) {
        (true, false) => "a step-down",
        (false, true) => "a step-up",
        _ => "a step-down or step-up",
    };
    flags.push(warning(
        FlagCode::LeadChangeWithoutTransition,
        format!("The lead moved from {} to {} without a recorded handover", names(&left), names(&joined)),
        format!(
            "At {} ({}) the {} led. Record the change as {word}, with the handover plan and who the new lead can \
             consult, so nothing is lost between roles.",
            previous.meeting_title,
            &previous.meeting_starts_at[..previous.meeting_starts_at.len().min(10)],
            names(&left)
        ),
        sources::STEPPING_DOWN,
    ));
}

/// The four questions, when more than one role or service is involved.
fn joint_working(facts: &CaseFacts, suggestion: &LeadSuggestion, leads: &[ResolvedLead], flags: &mut Vec<Flag>) -> Option<JointWorking> {
    let mut involved: Vec<String> = Vec::new();
    let mut add = |name: String| {
        if !involved.contains(&name) {
            involved.push(name);
        }
    };
    for p in &facts.professionals {
        match p.member_id.and_then(|id| facts.member(id)) {
            Some(m) => add(short_role(&m.role_key)),
            None => add(p.name.trim().to_string()),
        }
    }
    // Whoever presents the case, alone or with colleagues, is working with the person too.
    for m in facts.presenter_id.iter().chain(&facts.co_presenter_ids).filter_map(|id| facts.member(*id)) {
        add(short_role(&m.role_key));
    }
    for key in leads.iter().filter_map(|l| l.role_key.as_deref()).chain(suggestion.role_keys()) {
        add(short_role(key));
    }
    if involved.len() < 2 {
        return None;
    }
    let settled = Settled::of(facts);
    let holder = settled.risk_holder.and_then(|id| facts.member(id));
    let (held_by, _) = facts.risk_holders();
    let risk_answer = match holder {
        _ if !held_by.is_empty() => held_by.join("; "),
        Some(m) => format!("{} ({})", m.name, short_role(&m.role_key)),
        None => String::new(),
    };
    let questions = vec![
        JointQuestion {
            code: JointQuestionCode::Leads,
            short: JointQuestionCode::Leads.short().into(),
            concern: None,
            question: "Who is leading on which aspects of support?".into(),
            answered: !leads.is_empty(),
            answer: text::one_line(&leads.iter().map(ResolvedLead::describe).collect::<Vec<_>>().join("; "), 160),
        },
        JointQuestion {
            code: JointQuestionCode::Communication,
            short: JointQuestionCode::Communication.short().into(),
            concern: None,
            question: "How will concerns be communicated?".into(),
            answered: !settled.communication.trim().is_empty(),
            answer: text::one_line(&settled.communication, 160),
        },
        JointQuestion {
            code: JointQuestionCode::RiskHolder,
            short: JointQuestionCode::RiskHolder.short().into(),
            concern: None,
            question: "Who holds responsibility for clinical risk?".into(),
            answered: !risk_answer.is_empty(),
            answer: text::one_line(&risk_answer, 160),
        },
        JointQuestion {
            code: JointQuestionCode::UrgentContacts,
            short: JointQuestionCode::UrgentContacts.short().into(),
            concern: None,
            question: "Which services should be contacted in an urgent situation?".into(),
            answered: !settled.urgent_contacts.trim().is_empty(),
            answer: text::one_line(&settled.urgent_contacts, 160),
        },
    ];
    for q in questions.iter().filter(|q| !q.answered) {
        let code = match q.code {
            JointQuestionCode::Leads => FlagCode::QuestionLeads,
            JointQuestionCode::Communication => FlagCode::QuestionCommunication,
            JointQuestionCode::RiskHolder => FlagCode::QuestionRiskHolder,
            JointQuestionCode::UrgentContacts => FlagCode::QuestionUrgentContacts,
        };
        flags.push(warning(
            code,
            format!("Not settled: {}", q.question.trim_end_matches('?').to_lowercase()),
            format!(
                "{} are involved. Joint working goes safely when this is agreed at the start, so nobody assumes \
                 someone else has it in hand.",
                capitalised(&and_list(&involved))
            ),
            sources::OUTSET_QUESTIONS,
        ));
    }
    Some(JointWorking { involved, questions })
}

/// The answers to three of the four questions, as this discussion records them or, where it says
/// nothing, as the person's last discussion did: the guidance has them settled at the outset of
/// joint working, not asked again at every review (issue #14, alert burden). A carried answer says
/// where it comes from.
struct Settled {
    communication: String,
    urgent_contacts: String,
    risk_holder: Option<i64>,
}


impl Settled {
    fn of(facts: &CaseFacts) -> Settled {
        let r = &facts.record;
        let before = facts.previous.as_ref();
        let carried = |now: &str, then: fn(&crate::discussions::DiscussionRecord) -> &str| -> String {
            match before.map(|p| (p, then(&p.record).trim())) {
                Some((p, answer)) if now.trim().is_empty() && !answer.is_empty() => {
                    format!("As agreed on {}: {answer}", dates::day_first(&p.meeting_starts_at))
                }
                _ => now.to_string(),
            }
        };
        Settled {
            communication: carried(&r.communication_plan, |p| &p.communication_plan),
            urgent_contacts: carried(&r.urgent_contacts, |p| &p.urgent_contacts),
            risk_holder: r.risk_holder_id.or_else(|| before.and_then(|p| p.record.risk_holder_id)),
        }
    }
}

/// An answered question with a check raised about its answer (e.g. a non-clinical role named to
/// hold clinical risk) is not shown as settled: it carries that check's title.
fn mark_concerns(questions: &mut [JointQuestion], flags: &[Flag]) {
    for q in questions.iter_mut().filter(|q| q.answered) {
        q.concern = flags.iter().find(|f| f.place == q.code.place() && !f.code.as_str().starts_with("question_")).map(|f| f.title.clone());
    }
}

/// How much risk and complexity the case carries, and why: drives the complexity escalation
/// prompt, the joint debrief and the supervision suggestion.
struct Concern {
    /// Plain-words reasons the case is high-risk.
    high_risk: Vec<String>,
    /// Plain-words reasons the case is beyond one role.
    complex: Vec<String>,
}

impl Concern {
    fn of(facts: &CaseFacts, suggestion: &LeadSuggestion) -> Concern {
        let needs = &facts.record.needs;
        let risks: Vec<Need> = RISK_NEEDS.iter().copied().filter(|n| needs.contains(n)).collect();
        let mut high_risk = Vec::new();
        let notes = text::notes(&facts.reason, &facts.record);
        // What the notes describe counts unless the team has recorded why it needs no escalation.
        let described = |trigger: EscalationTrigger, reading: &text::Reading| {
            escalation_status(facts, trigger) != EscalationStatus::NotNeeded && text::mentions(&notes, reading)
        };
        if described(EscalationTrigger::RiskToLife, &text::RISK_TO_LIFE) {
            high_risk.push("a risk to life".to_string());
        }
        if needs.contains(&Need::Safeguarding) || described(EscalationTrigger::Safeguarding, &text::SAFEGUARDING) {
            high_risk.push("a safeguarding concern".to_string());
        } else if risks.len() >= 2 {
            high_risk.push(format!("{} together", needs_text(&risks)));
        }
        if facts.record.escalations.iter().any(|e| !e.route.trim().is_empty()) {
            high_risk.push("an escalation".to_string());
        }
        let mut complex = Vec::new();
        // Roles the tagged needs call for; a GP review or a step-down's receiving role alone does
        // not make a case complex.
        let mut roles: Vec<&str> =
            suggestion.leads.iter().filter(|l| !l.needs.is_empty()).map(|l| l.role_key.as_str()).collect();
        roles.dedup();
        if roles.len() >= 3 {
            complex.push(format!("needs that call on {} roles ({})", roles.len(), names(&roles)));
        }
        Concern { high_risk, complex }
    }

    fn any(&self) -> bool {
        !self.high_risk.is_empty() || !self.complex.is_empty()
    }

    fn describe(&self) -> String {
        and_list(&self.high_risk.iter().chain(&self.complex).map(String::as_str).collect::<Vec<_>>())
    }
}

/// The escalations the needs and notes call for, plus any the team recorded, each with its status.
///
/// A tagged need raises its escalation; so does what the notes say (read by [`text::find`], which
/// scopes each negation to its own clause and speaker). Risk to life is read from the notes alone
/// and is raised whatever else the notes rule out.
fn escalations(facts: &CaseFacts, concern: &Concern, flags: &mut Vec<Flag>) -> Vec<EscalationPrompt> {
    let needs = &facts.record.needs;
    let notes = text::notes(&facts.reason, &facts.record);
    let raised = |need: Option<Need>, reading: &text::Reading| -> Option<String> {
        let found = text::find(&notes, reading).map(|f| f.sentence());
        match need.filter(|n| needs.contains(n)) {
            Some(n) => Some(match found {
                Some(f) => format!("{} is tagged. {f}", labels::need(n)),
                None => format!("{} is tagged.", labels::need(n)),
            }),
            None => found,
        }
    };
    let mut why: Vec<(EscalationTrigger, String)> = Vec::new();
    if let Some(w) = raised(None, &text::RISK_TO_LIFE) {
        why.push((EscalationTrigger::RiskToLife, w));
    }
    if let Some(w) = raised(Some(Need::Safeguarding), &text::SAFEGUARDING) {
        why.push((EscalationTrigger::Safeguarding, w));
    }
    if let Some(w) = raised(None, &text::DETERIORATION) {
        why.push((EscalationTrigger::Deterioration, w));
    }
    if let Some(w) = raised(Some(Need::EnvironmentalRisk), &text::ENVIRONMENT) {
        why.push((EscalationTrigger::EnvironmentalRisk, w));
    }
    // A case already on an escalation route is in hand; complexity alone is then not raised again.
    let escalated = EscalationTrigger::ALL.iter().any(|t| escalation_status(facts, *t) == EscalationStatus::Escalated);
    if !concern.complex.is_empty() && !escalated {
        why.push((EscalationTrigger::Complexity, format!("The case has {}.", and_list(&concern.complex))));
    }
    for e in &facts.record.escalations {
        if !why.iter().any(|(t, _)| *t == e.trigger) {
            why.push((e.trigger, "Recorded in the discussion.".into()));
        }
    }
    why.into_iter()
        .map(|(trigger, why)| {
            let prompt = EscalationPrompt {
                trigger,
                label: labels::trigger(trigger).into(),
                status: escalation_status(facts, trigger),
                routes: routes(facts, trigger),
                source: sources::ESCALATION.into(),
                why,
            };
            if let Some(flag) = escalation_flag(&prompt, facts) {
                flags.push(flag);
            }
            prompt
        })
        .collect()
}

fn escalation_status(facts: &CaseFacts, trigger: EscalationTrigger) -> EscalationStatus {
    let entries: Vec<_> = facts.record.escalations.iter().filter(|e| e.trigger == trigger).collect();
    let filled = |s: &str| !s.trim().is_empty();
    if entries.iter().any(|e| filled(&e.not_needed_reason)) {
        EscalationStatus::NotNeeded
    } else if entries.iter().any(|e| filled(&e.route) && filled(&e.informed)) {
        EscalationStatus::Escalated
    } else if entries.is_empty() {
        EscalationStatus::Unrecorded
    } else {
        EscalationStatus::Incomplete
    }
}

/// The team's routes for a concern, from its settings: the guidance's internal pathways (GP,
/// safeguarding lead, duty team, mental health services) and the team's HIU lead. Risk to life also
/// names the national urgent routes, which need no saving: NHS 111 (its mental health option) and 999.
fn routes(facts: &CaseFacts, trigger: EscalationTrigger) -> Vec<RouteContact> {
    let s = &facts.settings;
    let route = |name: &str, contact: &str| RouteContact { route: name.into(), contact: contact.into() };
    let mut list = match trigger {
        EscalationTrigger::Safeguarding => vec![route("Safeguarding lead", &s.safeguarding_lead)],
        // The guidance names the GP first among the internal pathways: the team's GP contact from
        // Settings, or else the person's own practice.
        EscalationTrigger::Deterioration => vec![
            route("GP, the same day", if s.gp.trim().is_empty() { "the person's own GP practice" } else { &s.gp }),
            route("Duty team", &s.duty_team),
        ],
        EscalationTrigger::EnvironmentalRisk => vec![route("Duty team", &s.duty_team)],
        EscalationTrigger::Complexity if facts.record.needs.contains(&Need::FrequentAttendance) => {
            vec![route("High-intensity-user lead", &s.hiu_lead)]
        }
        EscalationTrigger::Complexity => vec![route("Duty team", &s.duty_team)],
        EscalationTrigger::RiskToLife => vec![
            route("Crisis team or mental health services, the same day", &s.mental_health_services),
            route("GP, urgently", &s.gp),
            route("NHS 111", "111, choosing the mental health option"),
            route("Immediate danger to life", "999"),
        ],
    };
    let mental_health_named = list.iter().any(|r| r.route.contains("mental health services"));
    if facts.record.needs.contains(&Need::MentalHealth) && trigger != EscalationTrigger::Safeguarding && !mental_health_named {
        list.push(route("Mental health services", &s.mental_health_services));
    }
    list
}

fn routes_text(routes: &[RouteContact]) -> String {
    let each: Vec<String> = routes
        .iter()
        .map(|r| match r.contact.trim() {
            "" => format!("{} (no contact saved yet: add it in Settings)", r.route),
            contact => format!("{}: {contact}", r.route),
        })
        .collect();
    format!("Team route: {}.", each.join("; "))
}

fn escalation_flag(prompt: &EscalationPrompt, facts: &CaseFacts) -> Option<Flag> {
    let entries: Vec<_> = facts.record.escalations.iter().filter(|e| e.trigger == prompt.trigger).collect();
    let (code, title, what) = match prompt.status {
        EscalationStatus::Unrecorded => (
            FlagCode::EscalationUnrecorded,
            format!("Escalation not recorded: {}", prompt.label.to_lowercase()),
            "Record the route taken and who was informed, or why escalation is not needed.".to_string(),
        ),
        EscalationStatus::Incomplete => {
            let has = |f: fn(&crate::discussions::Escalation) -> &str| entries.iter().any(|e| !f(e).trim().is_empty());
            let what = match (has(|e| &e.route), has(|e| &e.informed)) {
                (true, false) => "The route is recorded but not who was informed.",
                (false, true) => "Who was informed is recorded but not the route taken.",
                _ => "Neither a route nor a reason for not escalating is recorded.",
            };
            (FlagCode::EscalationIncomplete, format!("Escalation incomplete: {}", prompt.label.to_lowercase()), what.to_string())
        }
        EscalationStatus::Escalated | EscalationStatus::NotNeeded => return None,
    };
    Some(warning(code, title, format!("{} {what} {}", prompt.why, routes_text(&prompt.routes)), sources::ESCALATION))
}

/// A non-clinical role (an SPLW above all) must not hold clinical risk on their own.
fn risk_holder(facts: &CaseFacts, flags: &mut Vec<Flag>) {
    let (_, mut holders) = facts.risk_holders();
    if holders.is_empty() {
        holders.extend(Settled::of(facts).risk_holder.and_then(|id| facts.member(id)));
    }
    for holder in holders.into_iter().filter(|h| facts.role(&h.role_key).is_some_and(|r| !r.clinical)) {
        non_clinical_risk_holder(holder, flags);
    }
}

fn non_clinical_risk_holder(holder: &TeamMember, flags: &mut Vec<Flag>) {
    let role = short_role(&holder.role_key);
    flags.push(warning(
        FlagCode::NonClinicalRiskHolder,
        format!("{} ({role}) is recorded as holding clinical risk", holder.name),
        format!(
            "A {role} is not a clinical role and does not hold clinical risk on their own. Name a clinician, such as \
             the OT or GP, to hold it; the {role} keeps their own part."
        ),
        sources::ROLES_AND_OVERLAP,
    ));
}

fn transitions(facts: &CaseFacts, flags: &mut Vec<Flag>) {
    for t in &facts.record.transitions {
        let word = labels::direction(t.direction);
        let (from, to) = (short_role(&t.from_role_key), short_role(&t.to_role_key));
        if t.handover_plan.trim().is_empty() {
            flags.push(warning(
                FlagCode::TransitionWithoutHandover,
                format!("{word} from {from} to {to} has no handover plan"),
                format!(
                    "Say how the handover will work, for example joint visits before the {from} steps back, so the \
                     person is not left between the two."
                ),
                sources::STEPPING_DOWN,
            ));
        }
        let receiving_is_clinical = facts.role(&t.to_role_key).is_none_or(|r| r.clinical);
        if !receiving_is_clinical && t.consult_contact.trim().is_empty() {
            flags.push(warning(
                FlagCode::TransitionWithoutConsult,
                format!("No one named for the {to} to consult after the {}", word.to_lowercase()),
                format!(
                    "The {to} is not a clinical role: name the clinician they can ask for advice or raise concerns \
                     with, such as the {from} who stepped back."
                ),
                sources::STEPPING_DOWN,
            ));
        }
    }
}

fn mentioned_anywhere(facts: &CaseFacts, word: &str) -> bool {
    let notes = text::notes("", &facts.record) + &facts.record.communication_plan.to_lowercase();
    text::mentions_word(&notes, word)
        || facts.actions.iter().chain(&facts.other_open_actions).any(|a| text::mentions_word(&a.description, word))
}

/// After high risk or complexity, a joint debrief; when an SPLW leads such a case, supervision.
fn debrief_and_supervision(facts: &CaseFacts, concern: &Concern, leads: &[ResolvedLead], flags: &mut Vec<Flag>) {
    if !concern.any() {
        return;
    }
    let roles = role_set(leads);
    if !mentioned_anywhere(facts, "debrief") {
        let who = if roles.len() >= 2 { format!(" with the {}", names(&roles)) } else { String::new() };
        flags.push(Flag {
            code: FlagCode::JointDebrief,
            kind: FlagKind::Suggestion,
            place: FlagCode::JointDebrief.place(),
            title: "Suggest a joint debrief".into(),
            reason: format!(
                "This case involves {}. A short, structured debrief afterwards helps the roles learn together, agree \
                 next steps and share accountability.",
                concern.describe()
            ),
            source: sources::SUPERVISION.into(),
            action: Some(format!("Joint debrief on {}{who}: what worked, what to change, next steps", facts.reference)),
            dismissal: Default::default(),
        });
    }
    let splw_leads: Vec<&ResolvedLead> = leads.iter().filter(|l| l.role_key.as_deref() == Some("splw")).collect();
    if let Some(lead) = splw_leads.first()
        && !mentioned_anywhere(facts, "supervision")
    {
        let who = lead.member_name.clone().unwrap_or_else(|| "the SPLW".into());
        flags.push(Flag {
            code: FlagCode::RaiseInSupervision,
            kind: FlagKind::Suggestion,
            place: FlagCode::RaiseInSupervision.place(),
            title: "Suggest raising this case in the SPLW's supervision".into(),
            reason: format!(
                "{who} (SPLW) leads on {} in a case with {}. SPLWs must have clinical supervision every month, from a \
                 GP or from an OT with the right scope of practice, experience and arrangements; cases like this are \
                 what it is for.",
                lead.aspect.to_lowercase(),
                concern.describe()
            ),
            source: sources::SUPERVISION.into(),
            action: Some(format!("Raise {} at {}'s next clinical supervision", facts.reference, who)),
            dismissal: Default::default(),
        });
    }
}

fn who(lead: &ResolvedLead) -> String {
    match (&lead.member_name, &lead.role_key) {
        (Some(name), Some(role)) => format!("{name} ({})", short_role(role)),
        (Some(name), None) => name.clone(),
        (None, Some(role)) => format!("the {}", short_role(role)),
        (None, None) => "someone".into(),
    }
}

/// Two leads on one aspect, many professionals involved, an action that repeats an open one.
fn duplication(facts: &CaseFacts, leads: &[ResolvedLead], flags: &mut Vec<Flag>) {
    let mut seen: Vec<String> = Vec::new();
    for (i, lead) in leads.iter().enumerate() {
        let aspect = lead.aspect.to_lowercase();
        if aspect.is_empty() || seen.contains(&aspect) {
            continue;
        }
        let same: Vec<&ResolvedLead> = leads[i..]
            .iter()
            .filter(|l| l.aspect.to_lowercase() == aspect)
            .fold(Vec::new(), |mut acc: Vec<&ResolvedLead>, l| {
                if !acc.iter().any(|a| a.member_id == l.member_id && a.role_key == l.role_key) {
                    acc.push(l);
                }
                acc
            });
        seen.push(aspect);
        if same.len() >= 2 {
            flags.push(warning(
                FlagCode::SameAspectTwoLeads,
                format!("Two leads for \"{}\"", lead.aspect),
                format!(
                    "{} are {} recorded as leading on it. Agree one lead per aspect, so work is not done twice and \
                     the person does not hear two different plans.",
                    capitalised(&and_list(&same.iter().map(|l| who(l)).collect::<Vec<_>>())),
                    if same.len() == 2 { "both" } else { "all" }
                ),
                sources::MDT_WORKING,
            ));
        }
    }
    let count = facts.professionals.len() as i64;
    let threshold = facts.settings.professionals_threshold;
    if count >= threshold {
        flags.push(warning(
            FlagCode::ManyProfessionals,
            format!("{count} professionals already involved"),
            format!(
                "The team has set {threshold} as the number at which to check (the team's own setting: the guidance \
                 gives no number). With this many people involved, check nobody is doing the same work twice and agree \
                 who coordinates."
            ),
            sources::MDT_WORKING,
        ));
    }
    let open: Vec<&AgreedAction> = facts.actions.iter().filter(|a| a.status == ActionStatus::Open).collect();
    for (i, action) in open.iter().enumerate() {
        let earlier_here = open[..i].iter().copied();
        let elsewhere = facts.other_open_actions.iter().filter(|o| o.id != action.id);
        if let Some(twin) = earlier_here.chain(elsewhere).find(|o| text::same_work(&action.description, &o.description)) {
            let at = if twin.meeting_id == action.meeting_id {
                "in this discussion".to_string()
            } else {
                format!("at {} ({})", twin.meeting_title, &twin.meeting_starts_at[..twin.meeting_starts_at.len().min(10)])
            };
            flags.push(warning(
                FlagCode::DuplicateAction,
                format!("\"{}\" may repeat an open action", text::one_line(&action.description, 60)),
                format!(
                    "\"{}\" ({}, agreed {at}) is still open for this person. Keep one, or say how they differ.",
                    text::one_line(&twin.description, 80),
                    twin.owner_name
                ),
                sources::MDT_WORKING,
            ));
        }
    }
}

/// Work a role may not take on, given to it as a lead's aspect or an open action. What a role may
/// do comes from the role ([`Scope`]: clinical, registered, or neither); what the task is comes from
/// [`work_in`], which reads a task that passes the work on (a referral, chasing, a joint visit with
/// the OT) as not doing it.
fn role_drift(facts: &CaseFacts, leads: &[ResolvedLead], flags: &mut Vec<Flag>) {
    let outside = |key: &str, text: &str| -> Option<Work> {
        let scope = Scope::of(facts.role(key)?);
        work_in(text).filter(|w| scope.known && !scope.allows(*w))
    };
    for lead in leads {
        let Some(role) = lead.role_key.as_deref() else { continue };
        if let Some(work) = outside(role, &lead.aspect) {
            flags.push(warning(
                FlagCode::RoleDriftLead,
                format!("Role drift: {} leads on \"{}\"", who(lead), lead.aspect),
                work.explain(&short_role(role)),
                sources::WORKING_AT_THE_BOUNDARY,
            ));
        }
    }
    for action in facts.actions.iter().filter(|a| a.status == ActionStatus::Open) {
        let Some(owner) = facts.member(action.owner_id) else { continue };
        if let Some(work) = outside(&owner.role_key, &action.description) {
            let role = short_role(&owner.role_key);
            flags.push(warning(
                FlagCode::RoleDriftAction,
                format!("Role drift: \"{}\" is given to {} ({role})", text::one_line(&action.description, 60), owner.name),
                work.explain(&role),
                sources::WORKING_AT_THE_BOUNDARY,
            ));
        }
    }
}
