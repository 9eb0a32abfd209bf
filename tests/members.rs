//! The team roster through the core API, against a fresh in-memory database each time.

use mdt::audit::AuditEntity;
use mdt::members::{self, MemberInput};
use mdt::{Error, ErrorCode, ErrorPayload, Store, history};

fn input(name: &str, role: &str) -> MemberInput {
    MemberInput { name: name.into(), role_key: role.into(), ..Default::default() }
}

/// Puts a meeting (id 1) in the database straight through SQL, with `then` run after it: the
/// roster's rules are tested without the meetings module.
fn with_a_meeting(store: &mut Store, then: &str) {
    store
        .write(|tx, _| {
            tx.execute_batch(&format!(
                "INSERT INTO meeting_series (id, name) VALUES (1, 'Test MDT');
                 INSERT INTO meetings (id, series_id, title, starts_at, planned_minutes, created_at, updated_at)
                     VALUES (1, 1, 'Test', '2026-01-05T13:00', 60, 't', 't');
                 {then}"
            ))?;
            Ok(())
        })
        .unwrap();
}

#[test]
fn add_list_edit_and_remove_a_member() {
    let mut store = Store::open_in_memory().unwrap();
    let mut ot = input("  Priya Example ", "ot");
    ot.email = "priya.example@nhs.test".into();
    ot.core_member = true;
    let added = members::create(&mut store, &ot).unwrap();
    assert_eq!(added.name, "Priya Example", "trimmed");
    assert_eq!(added.role_name, "Occupational therapist");
    members::create(&mut store, &input("Ade Sample", "splw")).unwrap();

    let names: Vec<_> = members::list(store.conn()).unwrap().into_iter().map(|m| m.name).collect();
    assert_eq!(names, ["Ade Sample", "Priya Example"], "alphabetical");

    let mut edit = ot.clone();
    edit.organisation = "Riverside PCN".into();
    let updated = members::update(&mut store, added.id, &edit).unwrap();
    assert_eq!(updated.organisation, "Riverside PCN");
    assert_eq!(members::get(store.conn(), added.id).unwrap(), updated);

    members::remove(&mut store, added.id).unwrap();
    let err = members::get(store.conn(), added.id).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[test]
fn validation_names_the_field_and_stores_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let mut bad_email = input("Sam Test", "gp");
    bad_email.email = "sam.at.surgery".into();
    let mut bad_phone = input("Sam Test", "gp");
    bad_phone.phone = "ring the desk".into();
    let cases = [
        (input("   ", "gp"), "name"),
        (input(&"x".repeat(201), "gp"), "name"),
        (input("Sam Test", ""), "roleKey"),
        (input("Sam Test", "wizard"), "roleKey"),
        (bad_email, "email"),
        (bad_phone, "phone"),
    ];
    for (bad, field) in cases {
        let err = members::create(&mut store, &bad).unwrap_err();
        let payload = ErrorPayload::from(&err);
        assert_eq!(payload.code, ErrorCode::Invalid, "{bad:?}");
        assert_eq!(payload.field.as_deref(), Some(field), "{bad:?}");
        assert!(!payload.message.is_empty());
    }
    assert!(members::list(store.conn()).unwrap().is_empty());
}

#[test]
fn an_invalid_edit_changes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let m = members::create(&mut store, &input("Jo Placeholder", "nurse")).unwrap();
    let mut bad = input("Jo Placeholder", "nurse");
    bad.email = "not an email".into();
    assert!(members::update(&mut store, m.id, &bad).is_err());
    assert_eq!(members::get(store.conn(), m.id).unwrap(), m);
}

#[test]
fn editing_or_removing_a_missing_member_is_not_found() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(members::update(&mut store, 42, &input("A", "gp")).unwrap_err().code(), ErrorCode::NotFound);
    assert_eq!(members::remove(&mut store, 42).unwrap_err().code(), ErrorCode::NotFound);
}

#[test]
fn removing_a_member_who_owns_actions_is_refused_with_a_reason() {
    let mut store = Store::open_in_memory().unwrap();
    let owner = members::create(&mut store, &input("Rowan Fictional", "splw")).unwrap();
    with_a_meeting(
        &mut store,
        &format!("INSERT INTO agreed_actions (meeting_id, description, owner_id, created_at, updated_at) VALUES (1, 'Call the housing officer', {}, 't', 't');", owner.id),
    );
    let err = members::remove(&mut store, owner.id).unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("Rowan Fictional owns 1 agreed action (1 still open)"), "{message}");
    assert!(members::get(store.conn(), owner.id).is_ok(), "still there");
}

#[test]
fn removing_a_member_who_attended_a_meeting_is_refused() {
    let mut store = Store::open_in_memory().unwrap();
    let m = members::create(&mut store, &input("Kit Imaginary", "physio")).unwrap();
    with_a_meeting(&mut store, &format!("INSERT INTO attendance (meeting_id, member_id, status) VALUES (1, {}, 'present');", m.id));
    let err = members::remove(&mut store, m.id).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(err.to_string().contains("1 meeting"), "{err}");
}

#[test]
fn every_change_is_audited_with_before_and_after() {
    let mut store = Store::open_in_memory().unwrap();
    store.set_actor("chair@test");
    let m = members::create(&mut store, &input("Lee Invented", "pharmacist")).unwrap();
    let mut edit = input("Lee Invented", "pharmacist");
    edit.phone = "0113 496 0000".into();
    members::update(&mut store, m.id, &edit).unwrap();
    members::update(&mut store, m.id, &edit).unwrap(); // no change: no entry
    members::remove(&mut store, m.id).unwrap();

    let history = history::entity(store.conn(), AuditEntity::TeamMember, m.id).unwrap();
    let actions: Vec<_> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["delete", "update", "create"]);
    assert!(history.iter().all(|e| e.actor == "chair@test"));
    let update = &history[1];
    assert!(update.before.as_deref().unwrap().contains(r#""phone":"""#));
    assert!(update.after.as_deref().unwrap().contains("0113 496 0000"));
    assert!(history[0].after.is_none());
}
