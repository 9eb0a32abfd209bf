//! Escalations have an end (issue #14, class 7): an escalation is closed (resolved, de-escalated
//! or handed over) with who, when and why; one still open carries to the person's next
//! discussion, shown there with the meeting that raised it and closable there; closed ones say
//! so in the review, `mdt review` and the minutes.

mod support;
#[path = "support/reports.rs"]
mod reports;

use mdt::agenda::{self, Outcome};
use mdt::audit::{AuditAction, AuditEntity};
use mdt::discussions::{ClosureOutcome, DiscussionRecord, Escalation, EscalationTrigger};
use mdt::escalations::{self, ClosureInput, EscalationKey, EscalationState};
use mdt::guidance;
use mdt::reports::minutes::{self, MinutesOptions};
use mdt::reports::render;
use mdt::{ErrorCode, ErrorPayload, Store, history, meetings};
use reports::pdf_text;
use support::*;

fn escalation(trigger: EscalationTrigger, route: &str, informed: &str, not_needed: &str) -> Escalation {
    Escalation { trigger, route: route.into(), informed: informed.into(), not_needed_reason: not_needed.into() }
}

fn key(item: i64, trigger: EscalationTrigger, route: &str) -> EscalationKey {
    EscalationKey { raised_at_item_id: item, trigger, route: route.into() }
}

fn closure(outcome: ClosureOutcome, by: i64, on: &str, reason: &str) -> ClosureInput {
    ClosureInput { outcome: Some(outcome), closed_by_id: Some(by), closed_on: on.into(), reason: reason.into() }
}

fn finalise(store: &mut Store, meeting: i64, items: &[i64]) {
    for item in items {
        agenda::set_outcome(store, *item, Outcome::Discussed, 600).unwrap();
    }
    meetings::finalise(store, meeting).unwrap();
}

fn field(err: &mdt::Error) -> Option<String> {
    ErrorPayload::from(err).field
}

/// Meeting 1 raises two escalations for AB-0101 (and records one as not needed).
fn first_meeting(store: &mut Store, team: &Team) -> (i64, i64) {
    let m = meeting(store, team, "2026-03-02T13:00");
    let item = add_case(store, m.id, "AB-0101", team.ot);
    let record = DiscussionRecord {
        discussion: "Her son may be taking her pension; she is also more breathless.".into(),
        escalations: vec![
            escalation(EscalationTrigger::Safeguarding, "Safeguarding lead", "Sam Safe, PCN safeguarding lead", ""),
            escalation(EscalationTrigger::Deterioration, "GP", "Dr Gwen Imaginary", ""),
            escalation(EscalationTrigger::EnvironmentalRisk, "", "", "The flat was checked last week and is safe"),
        ],
        ..Default::default()
    };
    save_record(store, item, &record).unwrap();
    (m.id, item)
}

fn routes(states: &[EscalationState]) -> Vec<(&str, bool, bool)> {
    states.iter().map(|s| (s.key.route.as_str(), s.carried, s.closure.is_some())).collect()
}

#[test]
fn an_escalation_is_closed_with_who_when_and_why_and_reads_back() {
    let (mut store, team) = store_with_team();
    let (_, item) = first_meeting(&mut store, &team);
    // The escalation recorded as not needed is no escalation: only the two with a route are open.
    let open = escalations::states(store.conn(), item).unwrap();
    assert_eq!(routes(&open), vec![("Safeguarding lead", false, false), ("GP", false, false)]);

    // Mistakes a person makes: each refused, naming the field, and nothing is closed.
    let gp_key = key(item, EscalationTrigger::Deterioration, "GP");
    let cases = [
        (ClosureInput { outcome: None, ..closure(ClosureOutcome::DeEscalated, team.gp, "02/03/2026", "Better") }, "outcome"),
        (ClosureInput { closed_by_id: None, ..closure(ClosureOutcome::DeEscalated, team.gp, "02/03/2026", "Better") }, "closedById"),
        (closure(ClosureOutcome::DeEscalated, team.gp, "03/16/2026", "Better"), "closedOn"),
        (closure(ClosureOutcome::DeEscalated, team.gp, "31/12/2099", "Better"), "closedOn"),
        (closure(ClosureOutcome::DeEscalated, team.gp, "02/03/2026", "   "), "reason"),
    ];
    for (input, wanted) in cases {
        let err = escalations::close(&mut store, item, &gp_key, &input).unwrap_err();
        assert_eq!(field(&err).as_deref(), Some(wanted), "{err}");
    }
    assert!(escalations::states(store.conn(), item).unwrap().iter().all(|s| s.closure.is_none()));

    // Typed the UK way, read back in words.
    let states = escalations::close(
        &mut store,
        item,
        &gp_key,
        &closure(ClosureOutcome::DeEscalated, team.gp, "2 Mar 2026", "Breathing settled after the inhaler review; back to routine care"),
    )
    .unwrap();
    assert_eq!(states, escalations::states(store.conn(), item).unwrap(), "what close returns is what is stored");
    let gp = states.iter().find(|s| s.key == gp_key).unwrap();
    let c = gp.closure.as_ref().expect("closed");
    assert_eq!(
        (c.outcome, c.outcome_label.as_str(), c.closed_by_name.as_str(), c.closed_on.as_str(), c.closed_on_words.as_str()),
        (ClosureOutcome::DeEscalated, "De-escalated", "Dr Gwen Imaginary", "2026-03-02", "Monday 2 March 2026")
    );
    assert_eq!(c.reason, "Breathing settled after the inhaler review; back to routine care");
    assert_eq!(c.closed_at_item_id, item);
    assert_eq!(
        gp.describe(),
        "Deterioration in health via GP, Dr Gwen Imaginary informed. Closed: De-escalated on Monday 2 March 2026 by Dr Gwen \
         Imaginary: Breathing settled after the inhaler review; back to routine care."
    );
    let safeguarding = states.iter().find(|s| s.key.route == "Safeguarding lead").unwrap();
    assert!(safeguarding.closure.is_none(), "the other escalation is still open");
    assert!(safeguarding.describe().ends_with(". Open."), "{}", safeguarding.describe());

    // Audited, with what was closed.
    let id: i64 = store.conn().query_row("SELECT id FROM escalation_closures", [], |r| r.get(0)).unwrap();
    let log = history::entity(store.conn(), AuditEntity::EscalationClosure, id).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].action, AuditAction::Create);
    assert!(log[0].after.as_deref().unwrap().contains("Breathing settled"), "{:?}", log[0].after);

    // Closing twice is refused; reopening (closed by mistake) is possible, and audited.
    let again = escalations::close(&mut store, item, &gp_key, &closure(ClosureOutcome::Resolved, team.gp, "today", "x")).unwrap_err();
    assert_eq!(ErrorPayload::from(&again).code, ErrorCode::Conflict);
    let reopened = escalations::reopen(&mut store, item, &gp_key).unwrap();
    assert!(reopened.iter().all(|s| s.closure.is_none()));
    assert_eq!(history::entity(store.conn(), AuditEntity::EscalationClosure, id).unwrap().len(), 2);
}

#[test]
fn an_open_escalation_carries_to_the_next_meeting_and_is_closed_there() {
    let (mut store, team) = store_with_team();
    let (m1, item1) = first_meeting(&mut store, &team);
    let gp_key = key(item1, EscalationTrigger::Deterioration, "GP");
    escalations::close(&mut store, item1, &gp_key, &closure(ClosureOutcome::Resolved, team.gp, "02/03/2026", "Seen the same day")).unwrap();
    finalise(&mut store, m1, &[item1]);
    // Finalised minutes take no new closure.
    let safeguarding1 = key(item1, EscalationTrigger::Safeguarding, "Safeguarding lead");
    let locked = escalations::close(&mut store, item1, &safeguarding1, &closure(ClosureOutcome::Resolved, team.gp, "today", "x"));
    assert_eq!(ErrorPayload::from(&locked.unwrap_err()).code, ErrorCode::Conflict);

    // The next meeting: the same person, a new discussion with nothing typed yet.
    let m2 = meeting(&mut store, &team, "2026-03-16T13:00");
    let item2 = add_case(&mut store, m2.id, "AB-0101", team.ot);
    let other = add_case(&mut store, m2.id, "CD-0102", team.splw);
    let carried = escalations::states(store.conn(), item2).unwrap();
    // The open one carries, open; the one closed at meeting 1 shows there as closed, not open.
    assert_eq!(routes(&carried), vec![("Safeguarding lead", true, false), ("GP", true, true)]);
    assert_eq!(carried[1].closure.as_ref().unwrap().closed_at_item_id, item1);
    let s = &carried[0];
    assert_eq!(s.key, safeguarding1);
    assert_eq!((s.raised_meeting_title.as_str(), s.raised_meeting_starts_at.as_str()), ("Riverside MDT", "2026-03-02T13:00"));
    assert_eq!(s.informed, "Sam Safe, PCN safeguarding lead");
    assert!(escalations::states(store.conn(), other).unwrap().is_empty(), "another person's discussion carries nothing");
    // The guidance for the case shows it too, and `mdt review` says it is open, from which meeting.
    let guidance = guidance::case_guidance(store.conn(), item2, None).unwrap();
    assert_eq!(guidance.escalation_states, carried);
    let text = guidance::meeting_review(store.conn(), m2.id).unwrap().to_text();
    assert!(
        text.contains("- Safeguarding concern via Safeguarding lead, Sam Safe, PCN safeguarding lead informed (raised at Riverside MDT, Monday 2 March 2026). Open."),
        "{text}"
    );

    // Closed at the second meeting: handed over.
    escalations::close(
        &mut store,
        item2,
        &safeguarding1,
        &closure(ClosureOutcome::HandedOver, team.gp, "16/03/2026", "The council's safeguarding team leads the enquiry"),
    )
    .unwrap();
    let now = escalations::states(store.conn(), item2).unwrap();
    assert_eq!(routes(&now), vec![("Safeguarding lead", true, true), ("GP", true, true)]);
    assert_eq!(now[0].closure.as_ref().unwrap().closed_at_item_id, item2);
    // Meeting 1 read today still shows it as it was then: open when those minutes were made.
    let then = escalations::states(store.conn(), item1).unwrap();
    assert_eq!(routes(&then), vec![("Safeguarding lead", false, false), ("GP", false, true)]);

    let text = guidance::meeting_review(store.conn(), m2.id).unwrap().to_text();
    assert!(
        text.contains("Closed: Handed over on Monday 16 March 2026 by Dr Gwen Imaginary: The council's safeguarding team leads the enquiry."),
        "{text}"
    );
    let json = serde_json::to_value(guidance::meeting_review(store.conn(), m2.id).unwrap()).unwrap();
    assert_eq!(json["cases"][0]["escalationStates"][0]["closure"]["outcome"], "handed_over");
    assert_eq!(json["cases"][0]["escalationStates"][0]["carried"], true);

    // The minutes of meeting 2 say it in words.
    agenda::set_outcome(&mut store, item2, Outcome::Discussed, 400).unwrap();
    let options = MinutesOptions { include_identifiers: false, created: None };
    let pdf = render(&minutes::document(store.conn(), m2.id, &options).unwrap()).unwrap();
    let words = pdf_text(&pdf.pdf);
    assert!(words.contains("Escalations: open or closed"), "{words}");
    assert!(words.contains("Closed: Handed over on Monday 16 March 2026 by Dr Gwen Imaginary"), "{words}");
    assert!(words.contains("raised at Riverside MDT, Monday 2 March 2026"), "{words}");

    // A third meeting shows what was closed at the second; the one closed at the first is gone.
    finalise(&mut store, m2.id, &[other]);
    let m3 = meeting(&mut store, &team, "2026-03-30T13:00");
    let item3 = add_case(&mut store, m3.id, "AB-0101", team.ot);
    assert_eq!(routes(&escalations::states(store.conn(), item3).unwrap()), vec![("Safeguarding lead", true, true)]);
    // A fourth: nothing left open, nothing closed last time.
    finalise(&mut store, m3.id, &[item3]);
    let m4 = meeting(&mut store, &team, "2026-04-13T13:00");
    let item4 = add_case(&mut store, m4.id, "AB-0101", team.ot);
    assert!(escalations::states(store.conn(), item4).unwrap().is_empty());
}

#[test]
fn an_escalation_left_open_keeps_carrying_and_editing_its_route_reopens_it() {
    let (mut store, team) = store_with_team();
    let (m1, item1) = first_meeting(&mut store, &team);
    finalise(&mut store, m1, &[item1]);
    let m2 = meeting(&mut store, &team, "2026-03-16T13:00");
    let item2 = add_case(&mut store, m2.id, "AB-0101", team.ot);
    agenda::set_outcome(&mut store, item2, Outcome::Discussed, 300).unwrap();
    meetings::finalise(&mut store, m2.id).unwrap();
    let m3 = meeting(&mut store, &team, "2026-03-30T13:00");
    let item3 = add_case(&mut store, m3.id, "AB-0101", team.ot);
    assert_eq!(routes(&escalations::states(store.conn(), item3).unwrap()), vec![("Safeguarding lead", true, false), ("GP", true, false)]);

    // At a meeting still in progress, a closed escalation whose route is then edited is open again.
    let m4 = meeting(&mut store, &team, "2026-04-13T13:00");
    let item4 = add_case(&mut store, m4.id, "EF-0103", team.ot);
    save_record(&mut store, item4, &DiscussionRecord {
        escalations: vec![escalation(EscalationTrigger::Complexity, "HIU lead", "Hal", "")],
        ..Default::default()
    })
    .unwrap();
    escalations::close(&mut store, item4, &key(item4, EscalationTrigger::Complexity, "HIU lead"), &closure(ClosureOutcome::Resolved, team.gp, "today", "Housed"))
        .unwrap();
    assert_eq!(routes(&escalations::states(store.conn(), item4).unwrap()), vec![("HIU lead", false, true)]);
    save_record(&mut store, item4, &DiscussionRecord {
        escalations: vec![escalation(EscalationTrigger::Complexity, "High-intensity-user lead", "Hal", "")],
        ..Default::default()
    })
    .unwrap();
    assert_eq!(routes(&escalations::states(store.conn(), item4).unwrap()), vec![("High-intensity-user lead", false, false)]);
}

#[test]
fn the_teams_routes_for_a_change_in_health_include_the_gp() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-0101", team.ot);
    save_record(&mut store, item, &DiscussionRecord { situation: "Her breathing has worsened since March.".into(), ..Default::default() }).unwrap();
    let g = guidance::case_guidance(store.conn(), item, None).unwrap();
    let prompt = g.escalations.iter().find(|e| e.trigger == EscalationTrigger::Deterioration).expect("a change in health is raised");
    let routes: Vec<(&str, &str)> = prompt.routes.iter().map(|r| (r.route.as_str(), r.contact.as_str())).collect();
    assert_eq!(routes, vec![("GP, the same day", "the person's own GP practice"), ("Duty team", "")]);
    let text = guidance::meeting_review(store.conn(), m.id).unwrap().to_text();
    assert!(
        text.contains("Team route: GP, the same day: the person's own GP practice; Duty team (no contact saved yet: add it in Settings)."),
        "{text}"
    );
    // With the team's GP contact saved in Settings, that is the route's contact instead.
    let mut settings = guidance::load_settings(store.conn()).unwrap();
    settings.gp = "Riverside Surgery duty doctor, 01632 960200".into();
    guidance::save_settings(&mut store, &settings).unwrap();
    let g = guidance::case_guidance(store.conn(), item, None).unwrap();
    let prompt = g.escalations.iter().find(|e| e.trigger == EscalationTrigger::Deterioration).unwrap();
    assert_eq!(prompt.routes[0].route, "GP, the same day");
    assert_eq!(prompt.routes[0].contact, "Riverside Surgery duty doctor, 01632 960200");
}
