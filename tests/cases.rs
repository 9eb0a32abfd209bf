//! The people discussed, through the core API: identifiers kept out of sight until revealed
//! (and each reveal audited), and a person's earlier discussions and actions.

mod support;

use mdt::actions;
use mdt::agenda::{self, Professional};
use mdt::audit::AuditEntity;
use mdt::cases::{self, CaseIdentifier};
use mdt::discussions::DiscussionRecord;
use mdt::meetings;
use mdt::{ErrorCode, history};
use support::*;

#[test]
fn identifiers_stay_out_of_the_agenda_until_revealed_and_each_reveal_is_audited() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let mut input = case("JB-0412", team.ot, 10);
    input.identifier = Some(CaseIdentifier { nhs_number: "943 476 5919".into(), other_identifier: String::new() });
    input.professionals = vec![
        Professional { member_id: Some(team.splw), name: String::new() },
        Professional { member_id: None, name: "Community mental health team".into() },
    ];
    agenda::add_case(&mut store, m.id, &input).unwrap();
    let detail = meetings::load(store.conn(), m.id).unwrap();
    let json = serde_json::to_string(&detail).unwrap();
    assert!(!json.contains("9434765919") && !json.contains("943 476 5919"), "no identifier in what the screen gets");
    let item = &detail.agenda[0];
    assert!(item.has_identifier);
    assert_eq!(item.professionals.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Ade Sample", "Community mental health team"]);

    let shown = cases::reveal_identifier(&mut store, item.case_id.unwrap()).unwrap();
    assert_eq!(shown.nhs_number, "9434765919");
    assert_eq!(history::entity(store.conn(), AuditEntity::CaseIdentifier, item.case_id.unwrap()).unwrap()[0].action.as_str(), "reveal");

    let mut typo = case("KL-1", team.ot, 10);
    typo.identifier = Some(CaseIdentifier { nhs_number: "943 476 5918".into(), other_identifier: String::new() });
    let err = agenda::add_case(&mut store, m.id, &typo).unwrap_err();
    assert_eq!(mdt::ErrorPayload::from(&err).field.as_deref(), Some("nhsNumber"));
}

#[test]
fn a_persons_earlier_discussions_and_actions_are_one_call_away() {
    let (mut store, team) = store_with_team();
    let first = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, first.id, "JB-0412", team.ot);
    save_record(&mut store, item, &DiscussionRecord { decision: "Joint visit OT and SPLW".into(), ..Default::default() }).unwrap();
    actions::add(&mut store, item, &home_visit(team.splw, "2026-03-09")).unwrap();
    let second = meeting(&mut store, &team, "2026-03-16T13:00");
    add_case(&mut store, second.id, "JB-0412", team.splw);
    let history = history::case(store.conn(), "JB-0412").unwrap();
    assert_eq!(history.discussions.len(), 2);
    assert_eq!(history.discussions[1].decision, "Joint visit OT and SPLW");
    assert_eq!(history.actions.len(), 1);
    assert_eq!(history::case(store.conn(), "ZZ-9").unwrap_err().code(), ErrorCode::NotFound);
}
