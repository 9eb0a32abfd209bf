//! Shared by the report tests and the render benchmark (`#[path]`-included, so it uses only the
//! public `mdt` API): reading a PDF's text back, and a large fictional meeting built through the
//! same core calls the app makes.
#![allow(dead_code)]

use mdt::Store;
use mdt::actions::{self, ActionInput};
use mdt::agenda::{self, CaseItemInput, Consent, Outcome};
use mdt::attendance::{self, AttendanceInput, AttendanceStatus};
use mdt::discussions::{self, DiscussionRecord, Escalation, EscalationTrigger, Lead, Need, Transition, TransitionDirection};
use mdt::meetings::{self, MeetingInput};
use mdt::members::{self, MemberInput};

/// Each page's text lines, read back from the PDF in the order they were drawn.
pub fn pdf_pages(pdf: &[u8]) -> Vec<Vec<String>> {
    let file = lopdf::Document::load_mem(pdf).expect("a PDF lopdf can read");
    let count = file.get_pages().len() as u32;
    (1..=count)
        .map(|n| file.extract_text(&[n]).expect("page text").lines().map(|l| l.trim().to_string()).collect())
        .collect()
}

/// All the text of a PDF as one string, lines joined by spaces (so wrapped sentences read whole).
pub fn pdf_text(pdf: &[u8]) -> String {
    pdf_pages(pdf).into_iter().flatten().filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Asserts that each of `wanted` appears in `text`, each after the one before.
pub fn assert_in_order(text: &str, wanted: &[&str]) {
    let mut from = 0;
    for want in wanted {
        match text[from..].find(want) {
            Some(at) => from += at + want.len(),
            None => panic!("{want:?} not found after byte {from}: ...{}", &text[from.saturating_sub(200)..from.min(text.len())]),
        }
    }
}

/// `words` words of plausible note text.
pub fn note(words: usize) -> String {
    const TEXT: &str = "Lives alone since her husband died; daughter visits twice a week and manages the shopping. \
        Two falls at night on the way to the bathroom, no injury. Evening medicines include a sedating \
        antihistamine bought over the counter. Says she is lonely and has stopped going to the lunch club.";
    TEXT.split(' ').cycle().take(words).collect::<Vec<_>>().join(" ")
}

/// A finalised meeting of `cases` discussed cases with `actions_per_case` actions each and
/// long notes in every field. Returns the meeting id.
pub fn big_meeting(store: &mut Store, cases: usize, actions_per_case: usize) -> i64 {
    let mut add = |name: &str, role: &str| {
        let input = MemberInput { name: name.into(), role_key: role.into(), core_member: true, ..Default::default() };
        members::create(store, &input).unwrap().id
    };
    let team = [
        add("Dr Amira Qureshi", "gp"),
        add("Gwenllïan ap Dafydd", "ot"),
        add("Łucja Żak-Śliwińska", "splw"),
        add("Siân Ellis-Wójcik", "nurse"),
        add("Zoë O’Connor-Núñez", "care_coordinator"),
    ];
    let input = MeetingInput {
        planned_minutes: 600,
        location: "Ty Gwyn Surgery, meeting room 2".into(),
        chair_id: Some(team[0]),
        minute_taker_id: Some(team[4]),
        ..MeetingInput::new("Big Neighbourhood MDT", "Big neighbourhood MDT", "2026-03-02T09:00")
    };
    let meeting = meetings::create(store, &input).unwrap().id;
    for (i, id) in team.iter().enumerate() {
        let status = if i == 3 { AttendanceStatus::Apologies } else { AttendanceStatus::Present };
        attendance::set(store, meeting, *id, &AttendanceInput { status, arrived_at: None, left_at: None }).unwrap();
    }
    for c in 0..cases {
        let reference = format!("BG-{:04}", c + 1);
        let item = agenda::add_case(
            store,
            meeting,
            &CaseItemInput {
                reference: reference.clone(),
                identifier: None,
                reason: note(25),
                presenter_id: Some(team[c % team.len()]),
                co_presenter_ids: Vec::new(),
                minutes_allowed: 10,
                consent: Consent::Agreed,
                professionals: Vec::new(),
            },
        )
        .unwrap();
        discussions::save(store, item, 0, &full_record(&team, &reference)).unwrap();
        for a in 0..actions_per_case {
            let input = ActionInput {
                description: format!("{reference} action {}: {}", a + 1, note(18)),
                owner_id: team[(c + a) % team.len()],
                // Later for each action of a case, so agenda order and due-date order agree.
                due_date: Some(format!("2026-04-{:02}", 1 + a + c % 20)),
            };
            actions::add(store, item, &input).unwrap();
        }
        agenda::set_outcome(store, item, Outcome::Discussed, 660).unwrap();
    }
    meetings::finalise(store, meeting).unwrap();
    meeting
}

fn full_record(team: &[i64; 5], reference: &str) -> DiscussionRecord {
    DiscussionRecord {
        situation: note(150),
        done_so_far: note(80),
        discussion: note(300),
        needs: vec![Need::Functional, Need::SocialIsolation, Need::ClinicalRisk],
        leads: vec![
            Lead { aspect: "Falls and home safety".into(), member_id: Some(team[1]), role_key: None },
            Lead { aspect: "Loneliness and community groups".into(), member_id: Some(team[2]), role_key: None },
        ],
        risk_holder_id: Some(team[0]),
        communication_plan: note(30),
        urgent_contacts: "Practice 0113 496 0101; out of hours NHS 111.".into(),
        escalations: vec![Escalation {
            trigger: EscalationTrigger::Deterioration,
            route: "GP".into(),
            informed: "Daughter".into(),
            not_needed_reason: String::new(),
        }],
        transitions: vec![Transition {
            direction: TransitionDirection::StepDown,
            from_role_key: "ot".into(),
            to_role_key: "splw".into(),
            handover_plan: note(20),
            joint_visits: 2,
            consult_contact: "PCN OT".into(),
            follow_up_date: None,
        }],
        decision: format!("Decision for {reference}: OT home visit this week, then step down to the SPLW."),
        decision_owner_id: Some(team[1]),
        next_review_date: Some("2026-04-13".into()),
    }
}
