//! Case records through the core API: what round-trips, what is refused, and the audit of
//! draft edits by editing spell.

mod support;

use mdt::agenda::{self, Outcome};
use mdt::audit::AuditEntity;
use mdt::discussions::{self, DiscussionRecord, Need};
use mdt::meetings;
use mdt::{Store, history};
use support::*;

#[test]
fn draft_edits_are_audited_once_per_editing_spell_with_the_old_and_the_last_value() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-1", team.ot);
    let situation = |text: &str| DiscussionRecord { situation: text.into(), ..Default::default() };
    for text in ["S", "Si", "Sit", "Situation"] {
        save_record(&mut store, item, &situation(text)).unwrap();
    }
    // While the spell is open, the history shows it, with the value as last saved.
    let history = history::entity(store.conn(), AuditEntity::CaseDiscussion, item).unwrap();
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0].action.as_str(), "editing");
    assert!(history[0].after.as_deref().unwrap().contains("\"situation\":\"Situation\""));
    let logged = |store: &Store| -> i64 {
        store.conn().query_row("SELECT count(*) FROM audit_log WHERE entity = 'case_discussion'", [], |r| r.get(0)).unwrap()
    };
    assert_eq!(logged(&store), 0, "nothing in the log per keystroke");

    // Someone else editing closes the first spell into one entry: nothing before, all four saves after.
    store.set_actor("someone else");
    save_record(&mut store, item, &situation("Situation, checked")).unwrap();
    save_record(&mut store, item, &situation("Situation, checked twice")).unwrap();
    let history = history::entity(store.conn(), AuditEntity::CaseDiscussion, item).unwrap();
    let actions: Vec<_> = history.iter().map(|e| (e.action.as_str(), e.actor.as_str())).collect();
    assert_eq!(actions, [("editing", "someone else"), ("create", store.computer_user())], "{history:?}");
    assert!(history[1].before.is_none());
    assert!(history[1].after.as_deref().unwrap().contains("\"situation\":\"Situation\""), "the last value of the spell, not the first keystroke");
    assert!(history[0].before.as_deref().unwrap().contains("\"situation\":\"Situation\""));

    // Finalising closes the open spell, so the log holds every person's last draft change.
    agenda::set_outcome(&mut store, item, Outcome::Discussed, 300).unwrap();
    meetings::finalise(&mut store, m.id).unwrap();
    let history = history::entity(store.conn(), AuditEntity::CaseDiscussion, item).unwrap();
    let actions: Vec<_> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["update", "create"]);
    assert!(history[0].after.as_deref().unwrap().contains("Situation, checked twice"));
    assert!(history[0].before.as_deref().unwrap().contains("\"situation\":\"Situation\""));
}

#[test]
fn the_discussion_record_round_trips_and_rejects_bad_dates_and_unnamed_leads() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let item = add_case(&mut store, m.id, "AB-1", team.ot);
    let record = DiscussionRecord {
        situation: "Lives alone; stoma care needs; eviction notice".into(),
        needs: vec![Need::Housing, Need::Functional, Need::Housing],
        leads: vec![discussions::Lead { aspect: "Functional and environmental assessment".into(), member_id: Some(team.ot), role_key: None }],
        risk_holder_id: Some(team.gp),
        escalations: vec![discussions::Escalation {
            trigger: discussions::EscalationTrigger::EnvironmentalRisk,
            route: "High-intensity-user lead".into(),
            informed: "GP, housing officer".into(),
            not_needed_reason: String::new(),
        }],
        decision_owner_id: Some(team.ot),
        next_review_date: Some("2026-03-30".into()),
        ..Default::default()
    };
    save_record(&mut store, item, &record).unwrap();
    let back = discussions::get(store.conn(), item).unwrap().unwrap();
    assert_eq!(back.needs, [Need::Functional, Need::Housing], "sorted, no duplicates");
    assert_eq!(back.escalations, record.escalations);
    assert_eq!(back.leads, record.leads);

    // A part that cannot be stored is left as it was and reported; it does not stop the rest.
    let bad_date = DiscussionRecord { next_review_date: Some("30/02/2026".into()), decision: "Joint visit".into(), ..record.clone() };
    let receipt = save_record(&mut store, item, &bad_date).unwrap();
    assert_eq!(receipt.not_saved.iter().map(|p| p.field).collect::<Vec<_>>(), [discussions::RecordField::NextReviewDate]);
    let unnamed = DiscussionRecord {
        leads: vec![discussions::Lead { aspect: "Community connection".into(), member_id: None, role_key: None }],
        ..bad_date.clone()
    };
    let receipt = save_record(&mut store, item, &unnamed).unwrap();
    assert_eq!(
        receipt.not_saved.iter().map(|p| p.field).collect::<Vec<_>>(),
        [discussions::RecordField::Leads, discussions::RecordField::NextReviewDate]
    );
    let now = discussions::get(store.conn(), item).unwrap().unwrap();
    assert_eq!(now.decision, "Joint visit", "the rest was saved");
    assert_eq!((now.needs, now.leads, now.next_review_date), (back.needs, back.leads, back.next_review_date), "the bad parts kept their saved values");
}
