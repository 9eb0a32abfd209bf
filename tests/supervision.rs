//! Issue 19, the supervision log (first slice, core only): who supervises each SPLW (a clinician;
//! an OT only with the team's confirmation of the guidance's conditions), sessions held with their
//! format, cases taken to supervision by the discussion they came from, and the warning when an SPLW
//! has had no supervision for more than a month, worked out against the day passed in.

mod support;

use mdt::audit::{self, AuditAction, AuditEntity};
use mdt::supervision::{self, ArrangementInput, CaseSource, SessionFormat, SessionInput};
use mdt::{Error, Store, members};
use support::*;



fn session(supervisee: i64, supervisor: i64, held_on: &str, cases: Vec<i64>) -> SessionInput {
    SessionInput { supervisee_id: supervisee, supervisor_id: supervisor, held_on: held_on.into(), format: SessionFormat::OneToOne, case_ids: cases }
}

#[test]
fn no_supervision_for_more_than_a_month_is_overdue_said_in_words_against_the_day_passed_in() {
    // Held on 15/03/2026: due by 15/04/2026, overdue from 16/04/2026.
    assert_eq!(supervision::overdue_state(Some("2026-03-15"), day("2026-04-15")), (false, "Last supervision 15/03/2026; next due by 15/04/2026".to_string()));
    assert_eq!(supervision::overdue_state(Some("2026-03-15"), day("2026-04-16")), (true, "No supervision for over a month (last on 15/03/2026)".to_string()));
    // From 31 January a month on is 28 February.
    assert!(!supervision::overdue_state(Some("2026-01-31"), day("2026-02-28")).0);
    assert!(supervision::overdue_state(Some("2026-01-31"), day("2026-03-01")).0);
    assert_eq!(supervision::overdue_state(None, day("2026-04-16")), (true, "No supervision recorded".to_string()));

    let (mut store, team) = store_with_team();
    let second_splw = members::create(&mut store, &members::MemberInput { name: "Bo Linkworker".into(), role_key: "splw".into(), ..Default::default() }).unwrap().id;
    supervision::record_session(&mut store, &session(team.splw, team.gp, "15/03/2026", vec![]), day("2026-03-20")).unwrap();
    let on = |d: &str| supervision::status(store.conn(), day(d)).unwrap();
    // Only SPLWs are listed, by name; the positive control is Ade, supervised, not overdue.
    let april = on("2026-04-15");
    assert_eq!(april.iter().map(|s| (s.member_name.as_str(), s.overdue)).collect::<Vec<_>>(), [("Ade Sample", false), ("Bo Linkworker", true)]);
    assert_eq!(april[0].last_session.as_deref(), Some("2026-03-15"));
    assert_eq!(april[1].words, "No supervision recorded");
    assert_eq!(april[1].member_id, second_splw);
    let later = on("2026-04-16");
    assert_eq!((later[0].overdue, later[0].words.as_str()), (true, "No supervision for over a month (last on 15/03/2026)"));
}

#[test]
fn a_supervisor_is_a_clinician_and_an_ot_only_with_the_guidances_conditions_confirmed() {
    let (mut store, team) = store_with_team();
    let ot = |confirmed| ArrangementInput { supervisor_id: team.ot, scope_confirmed: confirmed };
    // Not themselves, not a non-clinical role, not an OT without the confirmation.
    assert_eq!(field_of(supervision::set_arrangement(&mut store, team.splw, 0, &ArrangementInput { supervisor_id: team.splw, scope_confirmed: false }).unwrap_err()), "supervisorId");
    let coordinator = supervision::set_arrangement(&mut store, team.splw, 0, &ArrangementInput { supervisor_id: team.coordinator, scope_confirmed: true }).unwrap_err();
    assert!(coordinator.to_string().contains("Cal Coordinator is a care coordinator, not a healthcare professional"), "{coordinator}");
    let unconfirmed = supervision::set_arrangement(&mut store, team.splw, 0, &ot(false)).unwrap_err();
    assert!(unconfirmed.to_string().contains("scope of practice, experience and the organisation's arrangements"), "{unconfirmed}");
    assert_eq!(field_of(unconfirmed), "scopeConfirmed");
    assert_eq!(field_of(supervision::set_arrangement(&mut store, team.splw, 0, &ArrangementInput { supervisor_id: 9_999, scope_confirmed: false }).unwrap_err()), "supervisorId");
    assert_eq!(supervision::arrangement(store.conn(), team.splw).unwrap(), None, "nothing saved");

    // A GP, then an OT with the conditions confirmed; saved by version, audited.
    let gp = supervision::set_arrangement(&mut store, team.splw, 0, &ArrangementInput { supervisor_id: team.gp, scope_confirmed: true }).unwrap();
    assert_eq!((gp.supervisor_name.as_str(), gp.supervisor_role_name.as_str(), gp.scope_confirmed, gp.version), ("Dr Gwen Imaginary", "GP", false, 1), "the confirmation is kept only for an OT");
    let stale = supervision::set_arrangement(&mut store, team.splw, 0, &ot(true)).unwrap_err();
    assert!(matches!(stale, Error::Stale { .. }), "{stale:?}");
    let by_ot = supervision::set_arrangement(&mut store, team.splw, 1, &ot(true)).unwrap();
    assert_eq!((by_ot.supervisor_id, by_ot.scope_confirmed, by_ot.version), (team.ot, true, 2));
    let log = audit::logged(store.conn(), AuditEntity::SupervisionArrangement, team.splw).unwrap();
    assert_eq!(log.iter().map(|l| l.action).collect::<Vec<_>>(), [AuditAction::Update, AuditAction::Create]);
    // A session held by the confirmed OT is accepted; by an OT nobody confirmed for this person, refused.
    supervision::record_session(&mut store, &session(team.splw, team.ot, "01/03/2026", vec![]), day("2026-03-02")).unwrap();
    let other_ot = members::create(&mut store, &members::MemberInput { name: "Olu Therapist".into(), role_key: "ot".into(), ..Default::default() }).unwrap().id;
    assert_eq!(field_of(supervision::record_session(&mut store, &session(team.splw, other_ot, "01/03/2026", vec![]), day("2026-03-02")).unwrap_err()), "scopeConfirmed");
    // A nurse (clinical) may hold a session.
    supervision::record_session(&mut store, &session(team.splw, team.nurse, "02/03/2026", vec![]), day("2026-03-02")).unwrap();
}

#[test]
fn cases_go_to_supervision_by_their_discussion_and_a_session_takes_them() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    let first = add_case(&mut store, m.id, "AB-0101", team.splw);
    let second = add_case(&mut store, m.id, "CD-0102", team.splw);
    let raised = supervision::take_to_supervision(&mut store, team.splw, first, CaseSource::RaiseInSupervision).unwrap();
    assert_eq!((raised.case_reference.as_str(), raised.meeting_title.as_str(), raised.source, raised.session_id), ("AB-0101", m.title.as_str(), CaseSource::RaiseInSupervision, None));
    // Asked again: the same entry, nothing new written.
    let again = supervision::take_to_supervision(&mut store, team.splw, first, CaseSource::JointDebrief).unwrap();
    assert_eq!(again, raised);
    let debrief = supervision::take_to_supervision(&mut store, team.splw, second, CaseSource::JointDebrief).unwrap();
    assert_eq!(supervision::waiting(store.conn(), team.splw).unwrap().iter().map(|c| c.case_reference.as_str()).collect::<Vec<_>>(), ["AB-0101", "CD-0102"]);
    // Not a case, or no such item.
    let other = mdt::agenda::add_other(&mut store, m.id, &mdt::agenda::OtherItemInput { title: "Any other business".into(), minutes_allowed: 5, presenter_id: None }).unwrap();
    assert_eq!(field_of(supervision::take_to_supervision(&mut store, team.splw, other, CaseSource::Chosen).unwrap_err()), "agendaItemId");
    assert!(matches!(supervision::take_to_supervision(&mut store, team.splw, 9_999, CaseSource::Chosen), Err(Error::NotFound { .. })));

    // The session takes the first; the second waits for the next.
    let held = supervision::record_session(&mut store, &SessionInput { format: SessionFormat::CaseBased, ..session(team.splw, team.gp, "09/03/2026", vec![raised.id]) }, day("2026-03-10")).unwrap();
    assert_eq!((held.held_on.as_str(), held.format, held.case_references.clone()), ("2026-03-09", SessionFormat::CaseBased, vec!["AB-0101".to_string()]));
    assert_eq!(supervision::waiting(store.conn(), team.splw).unwrap().iter().map(|c| c.id).collect::<Vec<_>>(), [debrief.id]);
    // A case already taken cannot be taken again; nothing is recorded then.
    let again = supervision::record_session(&mut store, &session(team.splw, team.gp, "10/03/2026", vec![raised.id]), day("2026-03-10")).unwrap_err();
    assert_eq!(field_of(again), "caseIds");
    let listed = supervision::sessions(store.conn(), team.splw).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].supervisor_name.as_str(), listed[0].case_references.clone()), ("Dr Gwen Imaginary", vec!["AB-0101".to_string()]));
    // Raised again after the session: it waits once more.
    let back = supervision::take_to_supervision(&mut store, team.splw, first, CaseSource::Chosen).unwrap();
    assert_ne!(back.id, raised.id);
    let log = audit::logged(store.conn(), AuditEntity::SupervisionSession, held.id).unwrap();
    assert_eq!(log.len(), 1);
    assert!(log[0].after.as_deref().unwrap().contains("\"caseReferences\":[\"AB-0101\"]"));
    assert_eq!(supervision::status(store.conn(), day("2026-03-10")).unwrap()[0].waiting, 2);
}

#[test]
fn a_session_day_is_read_the_uk_way_and_never_after_today() {
    let (mut store, team) = store_with_team();
    let today = day("2026-12-02");
    for (typed, says) in [("03/12/2026", "That is after today (02/12/2026)"), ("12/15/2026", "There is no month 15"), ("31/11/2026", "November 2026 has no day 31"), ("", "Give a date")] {
        let e = supervision::record_session(&mut store, &session(team.splw, team.gp, typed, vec![]), today).unwrap_err();
        assert!(e.to_string().contains(says), "{typed}: {e}");
        assert_eq!(field_of(e), "heldOn");
    }
    assert!(supervision::sessions(store.conn(), team.splw).unwrap().is_empty());
    let s = supervision::record_session(&mut store, &session(team.splw, team.gp, "today", vec![]), today).unwrap();
    assert_eq!(s.held_on, "2026-12-02");
    // Someone with sessions stays on the roster: the log must keep saying who.
    let refused = members::remove(&mut store, team.gp).unwrap_err();
    assert!(refused.to_string().contains("supervision"), "{refused}");
}

#[test]
fn mdt_supervision_lists_each_splw_and_says_overdue_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mdt.sqlite3");
    let today = mdt::dates::local_today();
    {
        let mut store = Store::open(&db).unwrap();
        let team = team(&mut store);
        members::create(&mut store, &members::MemberInput { name: "Bo Linkworker".into(), role_key: "splw".into(), ..Default::default() }).unwrap();
        supervision::set_arrangement(&mut store, team.splw, 0, &ArrangementInput { supervisor_id: team.gp, scope_confirmed: false }).unwrap();
        supervision::record_session(&mut store, &session(team.splw, team.gp, "today", vec![]), today).unwrap();
    }
    let due = today.checked_add_months(chrono::Months::new(1)).unwrap().format("%d/%m/%Y");
    let shown = today.format("%d/%m/%Y");
    mdt(&db).arg("supervision").assert().success().stdout(format!(
        "Ade Sample  supervised by Dr Gwen Imaginary (GP)  Last supervision {shown}; next due by {due}  0 cases waiting\n\
         Bo Linkworker  supervisor not set  OVERDUE: No supervision recorded  0 cases waiting\n\
         1 SPLW overdue.\n"
    ));
}

#[test]
fn the_guidances_suggestion_puts_the_case_on_the_list_of_every_splw_the_discussion_names() {
    let (mut store, team) = store_with_team();
    let m = meeting(&mut store, &team, "2026-03-02T13:00");
    // Presented by the OT, no SPLW named yet: refused, saying what to do; nothing written.
    let item = add_case(&mut store, m.id, "AB-0101", team.ot);
    let none = supervision::take_from_discussion(&mut store, item, CaseSource::RaiseInSupervision).unwrap_err();
    assert!(none.to_string().contains("Name the SPLW as a lead first"), "{none}");
    assert!(supervision::waiting(store.conn(), team.splw).unwrap().is_empty());
    // The SPLW leads on an aspect: the case goes on their list, once however often asked.
    let lead = mdt::discussions::Lead { aspect: "Social connection".into(), member_id: Some(team.splw), role_key: None };
    save_record(&mut store, item, &mdt::discussions::DiscussionRecord { leads: vec![lead], ..Default::default() }).unwrap();
    let taken = supervision::take_from_discussion(&mut store, item, CaseSource::RaiseInSupervision).unwrap();
    assert_eq!(taken.iter().map(|c| (c.supervisee_id, c.case_reference.as_str(), c.source)).collect::<Vec<_>>(), [(team.splw, "AB-0101", CaseSource::RaiseInSupervision)]);
    let again = supervision::take_from_discussion(&mut store, item, CaseSource::JointDebrief).unwrap();
    assert_eq!(again, taken);
    assert_eq!(supervision::waiting(store.conn(), team.splw).unwrap().len(), 1);
    // The OT presenting is not an SPLW, so nothing is put on their list.
    assert!(supervision::waiting(store.conn(), team.ot).unwrap().is_empty());
    // Not a case item, and no such item.
    let other = mdt::agenda::add_other(&mut store, m.id, &mdt::agenda::OtherItemInput { title: "Service updates".into(), minutes_allowed: 5, presenter_id: None }).unwrap();
    assert_eq!(field_of(supervision::take_from_discussion(&mut store, other, CaseSource::JointDebrief).unwrap_err()), "agendaItemId");
    assert!(matches!(supervision::take_from_discussion(&mut store, 9_999, CaseSource::JointDebrief), Err(Error::NotFound { .. })));
}

#[test]
fn a_team_can_check_other_roles_too_but_never_drops_the_splws_the_guidance_names() {
    let (mut store, team) = store_with_team();
    let today = day("2026-12-02");
    let listed = |store: &Store| supervision::status(store.conn(), today).unwrap().into_iter().map(|s| s.member_name).collect::<Vec<_>>();
    let roles = |store: &Store| supervision::supervised_roles(store.conn()).unwrap().into_iter().map(|r| (r.key, r.from_guidance)).collect::<Vec<_>>();
    // To start with, SPLWs only: the OT is not checked (the control for what follows).
    assert_eq!(roles(&store), [("splw".to_string(), true)]);
    assert_eq!(listed(&store), ["Ade Sample"]);

    // Leaving SPLWs out, or naming a role that does not exist, is refused and changes nothing.
    let e = supervision::set_supervised_roles(&mut store, &["ot".into()]).unwrap_err();
    assert_eq!(e.to_string(), "Social prescribing link workers stay checked: the guidance asks that they have clinical supervision every month.");
    assert_eq!(field_of(supervision::set_supervised_roles(&mut store, &["splw".into(), "wizard".into()]).unwrap_err()), "roles");
    assert_eq!(roles(&store), [("splw".to_string(), true)]);

    // The team adds OTs: the OT is now checked, SPLWs still first.
    let set = supervision::set_supervised_roles(&mut store, &[" ot ".into(), "splw".into(), "ot".into()]).unwrap();
    assert_eq!(set.iter().map(|r| (r.key.as_str(), r.name.as_str(), r.from_guidance)).collect::<Vec<_>>(), [
        ("splw", "Social prescribing link worker", true),
        ("ot", "Occupational therapist", false)
    ]);
    assert_eq!(listed(&store), ["Ade Sample", "Priya Example"]);
    let entry = audit::logged(store.conn(), AuditEntity::SupervisedRoles, 0).unwrap();
    assert_eq!(entry.len(), 1);
    assert_eq!(entry[0].action, AuditAction::Update);
    // Saving the same again records nothing; taking OTs off again does.
    supervision::set_supervised_roles(&mut store, &["splw".into(), "ot".into()]).unwrap();
    assert_eq!(audit::logged(store.conn(), AuditEntity::SupervisedRoles, 0).unwrap().len(), 1);
    supervision::set_supervised_roles(&mut store, &["splw".into()]).unwrap();
    assert_eq!(listed(&store), ["Ade Sample"]);
    assert_eq!(audit::logged(store.conn(), AuditEntity::SupervisedRoles, 0).unwrap().len(), 2);
    let _ = team;
}
