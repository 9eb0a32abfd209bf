//! Issue 15: a case can be presented by more than one member (the guidance encourages OTs and
//! SPLWs to present shared cases together). The colleagues presenting with the presenter are kept
//! in order, checked against the roster, carried with a case not reached, named in the minutes and
//! the agenda, and given the case on their own page of the agenda pack.

mod support;
#[path = "support/reports.rs"]
mod reports;

use mdt::agenda::{self, Outcome};
use mdt::reports::agenda_pack::{self, AgendaPackOptions};
use mdt::reports::minutes::{self, MinutesOptions};
use mdt::reports::render;
use mdt::{ErrorCode, ErrorPayload, Store, meetings};
use reports::{pdf_pages, pdf_text};
use support::*;

fn item(store: &Store, meeting_id: i64, id: i64) -> agenda::AgendaItem {
    meetings::load(store.conn(), meeting_id).unwrap().agenda.into_iter().find(|i| i.id == id).unwrap()
}

#[test]
fn colleagues_presenting_together_are_kept_in_order_without_repeats_and_read_back() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    // The presenter named again, and a colleague twice: each is kept once, the presenter apart.
    let input = agenda::CaseItemInput { co_presenter_ids: vec![team.splw, team.ot, team.nurse, team.splw], ..case("AB-0101", team.ot, 15) };
    let id = agenda::add_case(&mut store, m.id, &input).unwrap();
    let added = item(&store, m.id, id);
    assert_eq!(added.co_presenter_ids, [team.splw, team.nurse]);
    assert_eq!(added.co_presenter_names, ["Ade Sample", "Jo Placeholder"]);
    assert_eq!(added.presenter_name.as_deref(), Some("Priya Example"));

    // Changed: replaced, not added to.
    agenda::update_case(&mut store, id, &agenda::CaseItemInput { co_presenter_ids: vec![team.gp], ..case("AB-0101", team.ot, 15) }).unwrap();
    assert_eq!(item(&store, m.id, id).co_presenter_names, ["Dr Gwen Imaginary"]);
    agenda::update_case(&mut store, id, &case("AB-0101", team.ot, 15)).unwrap();
    assert!(item(&store, m.id, id).co_presenter_ids.is_empty(), "none when left out");

    // The audit log names them.
    agenda::update_case(&mut store, id, &agenda::CaseItemInput { co_presenter_ids: vec![team.splw], ..case("AB-0101", team.ot, 15) }).unwrap();
    let log = mdt::audit::logged(store.conn(), mdt::audit::AuditEntity::AgendaItem, id).unwrap();
    let after: serde_json::Value = serde_json::from_str(log[0].after.as_deref().unwrap()).unwrap();
    assert_eq!(after["coPresenters"], serde_json::json!(["Ade Sample"]));
    let before: serde_json::Value = serde_json::from_str(log[0].before.as_deref().unwrap()).unwrap();
    assert!(before.get("coPresenters").is_none(), "left out when there were none: {before}");
}

#[test]
fn co_presenters_need_a_presenter_a_roster_member_each_and_at_most_three() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let refused = |store: &mut Store, input: agenda::CaseItemInput| {
        let err = agenda::add_case(store, m.id, &input).unwrap_err();
        let payload = ErrorPayload::from(&err);
        (err.code(), payload.field.unwrap_or_default(), payload.message)
    };
    let (code, field, message) = refused(&mut store, agenda::CaseItemInput { presenter_id: None, co_presenter_ids: vec![team.splw], ..case("AB-0101", team.ot, 10) });
    assert_eq!((code, field.as_str()), (ErrorCode::Invalid, "presenterId"));
    assert!(message.contains("Choose the presenter first"), "{message}");
    let (_, field, message) = refused(&mut store, agenda::CaseItemInput { co_presenter_ids: vec![9_999], ..case("AB-0101", team.ot, 10) });
    assert_eq!(field, "coPresenterIds");
    assert!(message.contains("#9999 is not on the roster"), "{message}");
    let four = vec![team.gp, team.splw, team.nurse, team.coordinator];
    let (_, field, message) = refused(&mut store, agenda::CaseItemInput { co_presenter_ids: four.clone(), ..case("AB-0101", team.ot, 10) });
    assert_eq!(field, "coPresenterIds");
    assert!(message.contains("at most 3"), "{message}");
    assert!(meetings::load(store.conn(), m.id).unwrap().agenda.iter().all(|i| i.case_reference.is_none()), "nothing was added");
    // Positive control: three is fine.
    let id = agenda::add_case(&mut store, m.id, &agenda::CaseItemInput { co_presenter_ids: four[..3].to_vec(), ..case("AB-0101", team.ot, 10) }).unwrap();
    assert_eq!(item(&store, m.id, id).co_presenter_ids.len(), 3);
}

#[test]
fn a_case_not_reached_carries_with_its_co_presenters_and_the_minutes_and_pack_name_them() {
    let (mut store, team) = store_with_team();
    let first = meeting(&mut store, &team, "2026-03-02T13:00");
    let shared = agenda::add_case(&mut store, first.id, &agenda::CaseItemInput { co_presenter_ids: vec![team.splw], ..case("AB-0101", team.ot, 15) }).unwrap();
    let other = add_case(&mut store, first.id, "CD-0202", team.gp);

    // The agenda pack gives the SPLW a page with the shared case on it.
    let options = AgendaPackOptions { per_presenter: true, created: None };
    let pages = pdf_pages(&render(&agenda_pack::document(store.conn(), first.id, &options).unwrap()).unwrap().pdf);
    let splw_page = pages.iter().find(|p| p.iter().any(|l| l.contains("What you are bringing: Ade Sample"))).expect("a page for the SPLW").join("\n");
    assert!(splw_page.contains("AB-0101") && !splw_page.contains("CD-0202"), "{splw_page}");
    let agenda_text = pages[0].join("\n");
    assert!(agenda_text.contains("Ade Sample"), "the agenda names both presenters: {agenda_text}");

    agenda::set_outcome(&mut store, other, Outcome::Discussed, 300).unwrap();
    let next = meeting(&mut store, &team, "2026-03-16T13:00");
    meetings::finalise(&mut store, first.id).unwrap();
    let carried = meetings::load(store.conn(), next.id).unwrap().agenda.into_iter().find(|i| i.case_reference.as_deref() == Some("AB-0101")).unwrap();
    assert_eq!(carried.co_presenter_names, ["Ade Sample"], "carried with the case");

    let text = pdf_text(&render(&minutes::document(store.conn(), first.id, &MinutesOptions::default()).unwrap()).unwrap().pdf);
    assert!(text.contains("Priya Example and Ade Sample"), "the not-discussed list names both: {text}");
    agenda::set_outcome(&mut store, carried.id, Outcome::Discussed, 600).unwrap();
    let discussed = pdf_text(&render(&minutes::document(store.conn(), next.id, &MinutesOptions::default()).unwrap()).unwrap().pdf);
    assert!(discussed.contains("Priya Example (Occupational therapist) and Ade Sample (Social prescribing link worker)"), "{discussed}");

    // Fixed once the minutes are final.
    let tampered = store.conn().execute("DELETE FROM agenda_item_co_presenters WHERE agenda_item_id = ?1", [shared]);
    assert!(tampered.unwrap_err().to_string().contains("These minutes are finalised"));
}
