//! Dismissals that stay dismissed (issue #14, class 8): a flag the chair dismisses with a reason
//! stays dismissed for that person at later meetings while the facts behind it (its fingerprint:
//! its code and the record parts it cites) are the same; shown again, saying it was dismissed
//! before and what it said then, when they change. Dismissed flags are not open at finalising,
//! never recorded as overridden, and listed in the minutes with the reason. Undo is possible;
//! every dismissal and undo is audited.

mod support;
#[path = "support/reports.rs"]
mod reports;

use mdt::agenda::{self, Outcome, Professional};
use mdt::audit::{AuditAction, AuditEntity};
use mdt::discussions::{DiscussionRecord, Need};
use mdt::guidance::{self, CaseGuidance, Flag, FlagCode};
use mdt::reports::minutes::{self, MinutesOptions};
use mdt::reports::render;
use mdt::{ErrorCode, ErrorPayload, Store, history, meetings};
use reports::pdf_text;
use support::*;

const REASON: &str = "All five are needed for now; the care coordinator keeps them in step";

/// AB-0101 with `n` outside professionals involved: the team's threshold is 5.
fn case_with_professionals(store: &mut Store, team: &Team, meeting_id: i64, n: usize) -> i64 {
    let mut input = case("AB-0101", team.ot, 10);
    input.professionals = (1..=n).map(|i| Professional { member_id: None, name: format!("Outside service {i}") }).collect();
    let item = agenda::add_case(store, meeting_id, &input).unwrap();
    // Safeguarding tagged with no escalation recorded: an escalation prompt, which is never dismissed.
    save_record(store, item, &DiscussionRecord { needs: vec![Need::Safeguarding], ..Default::default() }).unwrap();
    item
}

fn flag(g: &CaseGuidance, code: FlagCode) -> Option<&Flag> {
    g.flags.iter().find(|f| f.code == code)
}

fn codes(g: &CaseGuidance) -> Vec<FlagCode> {
    g.flags.iter().map(|f| f.code).collect()
}

fn dismiss(store: &mut Store, item: i64, code: FlagCode, reason: &str) -> mdt::Result<CaseGuidance> {
    let g = guidance::case_guidance(store.conn(), item, None).unwrap();
    let print = flag(&g, code).expect("the flag is raised").dismissal.fingerprint.clone();
    guidance::dismiss_flag(store, item, code, &print, reason)
}

fn draft_minutes(store: &Store, meeting: i64) -> String {
    let options = MinutesOptions { include_identifiers: false, created: None };
    pdf_text(&render(&minutes::document(store.conn(), meeting, &options).unwrap()).unwrap().pdf)
}

#[test]
fn a_dismissal_needs_a_reason_is_audited_and_is_not_open_or_overridden_at_finalising() {
    let (mut store, team) = store_with_team();
    store.set_actor("Dr Gwen Imaginary");
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = case_with_professionals(&mut store, &team, m.id, 5);
    let before = guidance::case_guidance(store.conn(), item, None).unwrap();
    let many = flag(&before, FlagCode::ManyProfessionals).expect("5 professionals raise the flag");
    assert_eq!(many.title, "5 professionals already involved");
    assert!(many.dismissal.can_dismiss);
    assert!(many.dismissal.fingerprint.starts_with("many_professionals:"), "{}", many.dismissal.fingerprint);
    let open_before = guidance::meeting_review(store.conn(), m.id).unwrap().open_flags;

    // The reason is needed; an escalation prompt is never dismissed; a stale fingerprint dismisses nothing.
    let err = dismiss(&mut store, item, FlagCode::ManyProfessionals, "  ").unwrap_err();
    assert_eq!(ErrorPayload::from(&err).field.as_deref(), Some("reason"));
    let prompt = flag(&before, FlagCode::EscalationUnrecorded).expect("safeguarding tagged, no escalation recorded");
    assert!(!prompt.dismissal.can_dismiss);
    let err = guidance::dismiss_flag(&mut store, item, FlagCode::EscalationUnrecorded, &prompt.dismissal.fingerprint, "Not needed").unwrap_err();
    assert_eq!(ErrorPayload::from(&err).field.as_deref(), Some("reason"));
    let err = guidance::dismiss_flag(&mut store, item, FlagCode::ManyProfessionals, "many_professionals:0000000000000000", REASON).unwrap_err();
    assert_eq!(ErrorPayload::from(&err).code, ErrorCode::Conflict);
    assert!(guidance::case_guidance(store.conn(), item, None).unwrap().dismissed.is_empty(), "nothing dismissed by the mistakes");

    let after = dismiss(&mut store, item, FlagCode::ManyProfessionals, &format!("  {REASON} ")).unwrap();
    assert!(flag(&after, FlagCode::ManyProfessionals).is_none(), "no longer open: {:?}", codes(&after));
    assert!(flag(&after, FlagCode::EscalationUnrecorded).is_some(), "the other flags stay");
    assert_eq!(after.dismissed.len(), 1);
    let d = &after.dismissed[0];
    assert_eq!((d.flag.code, d.dismissal.reason.as_str(), d.dismissal.dismissed_by.as_str()), (FlagCode::ManyProfessionals, REASON, "Dr Gwen Imaginary"));
    assert_eq!((d.dismissal.agenda_item_id, d.dismissal.meeting_title.as_str()), (item, "Riverside MDT"));
    assert_eq!(guidance::case_guidance(store.conn(), item, None).unwrap(), after, "read back as returned");
    assert_eq!(guidance::meeting_review(store.conn(), m.id).unwrap().open_flags, open_before - 1);
    let again = dismiss(&mut store, item, FlagCode::EscalationUnrecorded, REASON);
    assert!(again.is_err());
    let log = history::entity(store.conn(), AuditEntity::FlagDismissal, d.dismissal.id).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].action, log[0].actor.as_str()), (AuditAction::Create, "Dr Gwen Imaginary"));
    assert!(log[0].after.as_deref().unwrap().contains(REASON));

    // `mdt review` lists it as dismissed, with the reason, not among the open flags.
    let text = guidance::meeting_review(store.conn(), m.id).unwrap().to_text();
    assert!(text.contains("  Dismissed by the chair (1):\n    - 5 professionals already involved\n"), "{text}");
    assert!(text.contains(&format!("Dismissed at Riverside MDT by Dr Gwen Imaginary, because: {REASON}")), "{text}");

    // Finalising: the dismissed flag is not recorded as overridden; the open ones are.
    agenda::set_outcome(&mut store, item, Outcome::Discussed, 600).unwrap();
    meetings::finalise(&mut store, m.id).unwrap();
    let overridden: Vec<FlagCode> = guidance::case_guidance(store.conn(), item, None).unwrap().overridden.iter().map(|o| o.code).collect();
    assert!(overridden.contains(&FlagCode::EscalationUnrecorded), "positive control: open flags are overridden {overridden:?}");
    assert!(!overridden.contains(&FlagCode::ManyProfessionals), "{overridden:?}");
    let kept = guidance::minutes_guidance(store.conn(), m.id).unwrap();
    assert_eq!(kept[0].dismissed.iter().map(|d| d.reason.as_str()).collect::<Vec<_>>(), vec![REASON]);

    // The minutes list it as dismissed with the reason, apart from the flags finalised past.
    let words = draft_minutes(&store, m.id);
    assert!(words.contains("Guidance flags finalised past"), "{words}");
    assert!(words.contains("Guidance flags dismissed by the chair"), "{words}");
    assert!(words.contains(&format!("5 professionals already involved. Dismissed on")), "{words}");
    assert!(words.contains(&format!("by Dr Gwen Imaginary, because: {REASON}")), "{words}");
    let past = words.split("Guidance flags finalised past").nth(1).unwrap().split("Guidance flags dismissed by the chair").next().unwrap();
    assert!(!past.contains("professionals already involved"), "not overridden: {past}");
}

#[test]
fn a_dismissal_holds_at_the_next_meeting_until_the_facts_change_and_can_be_undone() {
    let (mut store, team) = store_with_team();
    store.set_actor("Dr Gwen Imaginary");
    let m1 = meeting(&mut store, &team, "2026-03-02T13:00");
    let item1 = case_with_professionals(&mut store, &team, m1.id, 5);
    dismiss(&mut store, item1, FlagCode::ManyProfessionals, REASON).unwrap();
    agenda::set_outcome(&mut store, item1, Outcome::Discussed, 600).unwrap();
    meetings::finalise(&mut store, m1.id).unwrap();

    // Next meeting, same person, same five services: still dismissed, naming where and why.
    let m2 = meeting(&mut store, &team, "2026-03-16T13:00");
    let item2 = case_with_professionals(&mut store, &team, m2.id, 5);
    let g2 = guidance::case_guidance(store.conn(), item2, None).unwrap();
    assert!(flag(&g2, FlagCode::ManyProfessionals).is_none(), "{:?}", codes(&g2));
    assert_eq!(g2.dismissed.len(), 1);
    assert_eq!((g2.dismissed[0].dismissal.agenda_item_id, g2.dismissed[0].dismissal.reason.as_str()), (item1, REASON));
    // Another person with the same facts is not covered by it.
    let mut other = case("CD-0102", team.ot, 10);
    other.professionals = (1..=5).map(|i| Professional { member_id: None, name: format!("Outside service {i}") }).collect();
    let other = agenda::add_case(&mut store, m2.id, &other).unwrap();
    assert!(flag(&guidance::case_guidance(store.conn(), other, None).unwrap(), FlagCode::ManyProfessionals).is_some());
    // The draft minutes of meeting 2 list it as dismissed at meeting 1.
    agenda::set_outcome(&mut store, item2, Outcome::Discussed, 600).unwrap();
    let words = draft_minutes(&store, m2.id);
    assert!(words.contains("5 professionals already involved. Dismissed at Riverside MDT on"), "{words}");

    // Undo at meeting 2: open again here, audited; meeting 1's minutes keep it as dismissed.
    let id = g2.dismissed[0].dismissal.id;
    let undone = guidance::undo_dismissal(&mut store, item2, id).unwrap();
    assert!(flag(&undone, FlagCode::ManyProfessionals).is_some());
    assert!(undone.dismissed.is_empty());
    let log = history::entity(store.conn(), AuditEntity::FlagDismissal, id).unwrap();
    assert_eq!(log.iter().map(|e| e.action).collect::<Vec<_>>(), vec![AuditAction::Update, AuditAction::Create], "newest first");
    assert!(guidance::undo_dismissal(&mut store, item2, id).is_err(), "nothing left to undo");
    assert_eq!(guidance::minutes_guidance(store.conn(), m1.id).unwrap()[0].dismissed.len(), 1);
    assert!(draft_minutes(&store, m1.id).contains(REASON));

    // Dismissed again at meeting 2, then a third meeting where a sixth service joined: the facts
    // changed, so the flag shows again, saying it was dismissed before and what it said then.
    dismiss(&mut store, item2, FlagCode::ManyProfessionals, "Still all needed").unwrap();
    agenda::set_outcome(&mut store, other, Outcome::Discussed, 600).unwrap();
    meetings::finalise(&mut store, m2.id).unwrap();
    let m3 = meeting(&mut store, &team, "2026-03-30T13:00");
    let item3 = case_with_professionals(&mut store, &team, m3.id, 6);
    let g3 = guidance::case_guidance(store.conn(), item3, None).unwrap();
    let shown = flag(&g3, FlagCode::ManyProfessionals).expect("shown again: six now, not five");
    assert_eq!(shown.title, "6 professionals already involved");
    let before = shown.dismissal.dismissed_before.as_ref().expect("says it was dismissed before");
    assert_eq!((before.reason.as_str(), before.agenda_item_id), ("Still all needed", item2));
    assert_eq!(shown.dismissal.what_changed, "When it was dismissed it said: \"5 professionals already involved\"");
    assert!(g3.dismissed.is_empty());
    let text = guidance::meeting_review(store.conn(), m3.id).unwrap().to_text();
    assert!(text.contains("Dismissed before at Riverside MDT by Dr Gwen Imaginary (\"Still all needed\")"), "{text}");
}
