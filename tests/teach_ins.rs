//! Teach-ins: the generated agenda (timings, presenters, talking points), editing with times that
//! re-flow, case examples that cannot identify anyone, and a teach-in on a meeting's agenda.

mod support;

use mdt::audit::AuditEntity;
use mdt::agenda::AgendaKind;
use mdt::discussions::{self, DiscussionRecord, Lead, Transition, TransitionDirection};
use mdt::members::{self, MemberInput};
use mdt::roles::profiles as role_profiles;
use mdt::teach_ins::{self, SlotKind, TeachIn, TeachInDetails, TeachInInput, TeachInSlotInput};
use mdt::{Error, ErrorCode, Store, meetings};
use support::{Team, save_record};

fn plan(team: &Team, minutes: i64) -> TeachInInput {
    TeachInInput {
        role_keys: vec!["ot".into(), "splw".into()],
        presenter_ids: vec![team.ot, team.splw],
        total_minutes: minutes,
        audience: "Riverside MDT core members".into(),
        ..Default::default()
    }
}

fn minutes(t: &TeachIn) -> Vec<i64> {
    t.slots.iter().map(|s| s.minutes).collect()
}

fn ids(slot: &teach_ins::TeachInSlot) -> Vec<i64> {
    slot.presenters.iter().map(|p| p.member_id).collect()
}

/// Every slot has a start that follows on from the one before, and the lengths add up.
fn assert_adds_up(t: &TeachIn) {
    let mut at = 0;
    for s in &t.slots {
        assert_eq!(s.starts_after, at, "{}", s.title);
        assert!(s.minutes >= 1, "{} has {} minutes", s.title, s.minutes);
        at += s.minutes;
    }
    assert_eq!(at, t.total_minutes, "{:?}", minutes(t));
}

#[test]
fn the_standard_agenda_adds_up_for_every_length_from_10_to_90() {
    let mut store = Store::open_in_memory().unwrap();
    let team = support::team(&mut store);
    for total in 10..=90 {
        let t = teach_ins::draft(store.conn(), &plan(&team, total)).unwrap();
        assert_adds_up(&t);
        let kinds: Vec<SlotKind> = t.slots.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                SlotKind::Welcome,
                SlotKind::RoleAtAGlance,
                SlotKind::RoleAtAGlance,
                SlotKind::SharedApproach,
                SlotKind::Boundaries,
                SlotKind::Referral,
                SlotKind::Escalation,
                SlotKind::CaseExample,
                SlotKind::Questions,
            ]
        );
        // Timings scale: no slot is more than a minute off its share of the time.
        let shares = [2, 4, 4, 3, 4, 3, 3, 4, 3];
        for (slot, share) in t.slots.iter().zip(shares) {
            let exact = total as f64 * share as f64 / 30.0;
            assert!((slot.minutes as f64 - exact).abs() < 1.0 + f64::EPSILON, "{total} min: {} {}", slot.title, slot.minutes);
        }
    }
    let t = teach_ins::draft(store.conn(), &plan(&team, 30)).unwrap();
    assert_eq!(minutes(&t), [2, 4, 4, 3, 4, 3, 3, 4, 3]);
    assert_eq!(t.slots[1].title, "Occupational therapist at a glance");
    assert_eq!(t.slots[2].title, "Social prescribing link worker at a glance");
    assert_eq!(t.title, "Teach-in: the occupational therapist and the social prescribing link worker");
}

#[test]
fn drafted_speaker_notes_can_be_said_in_their_slots_minutes() {
    let mut store = Store::open_in_memory().unwrap();
    let team = support::team(&mut store);
    for keys in [["ot", "splw"], ["gp", "nurse"], ["safeguarding", "hiu_lead"]] {
        for total in 10..=90 {
            let input = TeachInInput { role_keys: keys.map(String::from).to_vec(), ..plan(&team, total) };
            let t = teach_ins::draft(store.conn(), &input).unwrap();
            for slot in &t.slots {
                let words = teach_ins::spoken_words(&slot.notes);
                assert!(words >= 5, "{keys:?} {total} min: {} has notes", slot.title);
                assert!(words <= slot.minutes * 130, "{keys:?} {total} min: {} has {words} words for {} min", slot.title, slot.minutes);
                assert_eq!(slot.notes_minutes, teach_ins::speaking_minutes(&slot.notes));
                assert!(slot.notes_minutes <= slot.minutes, "{}", slot.title);
            }
        }
    }

    // A 10-minute teach-in gives the SPLW's summary one minute: 130 words at most, the most
    // telling points kept and the rest left for a longer session.
    let short = teach_ins::draft(store.conn(), &plan(&team, 10)).unwrap();
    let long = teach_ins::draft(store.conn(), &plan(&team, 60)).unwrap();
    let (s, l) = (&short.slots[2], &long.slots[2]);
    assert_eq!((s.title.as_str(), s.minutes, l.minutes), ("Social prescribing link worker at a glance", 1, 8));
    let heads = |notes: &str| notes.lines().map(|l| l.split(':').next().unwrap().to_string()).collect::<Vec<_>>();
    assert_eq!(
        heads(&l.notes),
        ["• In a line", "• Registration", "• Accountable to", "• Core focus", "• How they work", "• Typical work", "• Where they work", "• In this team"],
        "eight minutes take every point"
    );
    // Typical work (88 words) does not fit after the summary, the focus and the team; shorter
    // points of lower rank fill the minute instead.
    assert_eq!(heads(&s.notes), ["• In a line", "• Registration", "• Core focus", "• Where they work", "• In this team"], "{}", s.notes);
    assert_eq!(teach_ins::spoken_words(&s.notes), 128, "{}", s.notes);
    assert!(teach_ins::spoken_words(&l.notes) > 130, "a positive control: the full notes would not fit one minute");
}

#[test]
fn notes_a_presenter_writes_may_run_over_and_say_so() {
    let mut store = Store::open_in_memory().unwrap();
    let team = support::team(&mut store);
    let t = teach_ins::create(&mut store, &plan(&team, 30)).unwrap();
    let welcome = &t.slots[0];
    assert_eq!((welcome.minutes, welcome.notes_minutes), (2, 1));
    let notes = |words: usize| format!("• {}", vec!["point"; words].join(" "));
    let edit = |notes: String| TeachInSlotInput { title: welcome.title.clone(), minutes: 2, presenter_ids: vec![team.ot], notes };
    // 520 words take about 4 minutes: over a 2-minute slot.
    let t = teach_ins::update_slot(&mut store, welcome.id, &edit(notes(520))).unwrap();
    assert_eq!((t.slots[0].minutes, t.slots[0].notes_minutes), (2, 4));
    assert_eq!(teach_ins::get(store.conn(), t.id).unwrap().slots[0].notes_minutes, 4, "read back");
    assert_eq!(mdt::reports::teach_in::notes_over(&t.slots[0]).as_deref(), Some("About 4 minutes of notes for a 2-minute slot"));
    let pdf = mdt::reports::teach_in::print_agenda(&t).unwrap().pdf;
    let file = lopdf::Document::load_mem(&pdf).unwrap();
    let pages: Vec<u32> = file.get_pages().keys().copied().collect();
    let text = file.extract_text(&pages).unwrap().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("About 4 minutes of notes for a 2-minute slot: trim them, or give the slot more time."), "{text}");
    assert_eq!(text.matches("minutes of notes for a").count(), 1, "only the welcome runs over");
    // 324 words round to 2 minutes: about right, no warning; 325 round to 3.
    let t = teach_ins::update_slot(&mut store, welcome.id, &edit(notes(324))).unwrap();
    assert_eq!(t.slots[0].notes_minutes, 2);
    assert_eq!(mdt::reports::teach_in::notes_over(&t.slots[0]), None);
    let t = teach_ins::update_slot(&mut store, welcome.id, &edit(notes(325))).unwrap();
    assert_eq!(mdt::reports::teach_in::notes_over(&t.slots[0]).as_deref(), Some("About 3 minutes of notes for a 2-minute slot"));
    // Giving the slot more time clears it.
    let t = teach_ins::update_slot(&mut store, welcome.id, &TeachInSlotInput { minutes: 3, ..edit(notes(325)) }).unwrap();
    assert_eq!(mdt::reports::teach_in::notes_over(&t.slots[0]), None);
}

#[test]
fn lengths_outside_10_to_90_are_refused() {
    let mut store = Store::open_in_memory().unwrap();
    let team = support::team(&mut store);
    for total in [0, 9, 91, 240] {
        let err = teach_ins::draft(store.conn(), &plan(&team, total)).unwrap_err();
        assert!(matches!(err, Error::Invalid { field: "totalMinutes", .. }), "{total}: {err:?}");
    }
}

#[test]
fn presenters_alternate_and_joint_slots_name_both() {
    let mut store = Store::open_in_memory().unwrap();
    let team = support::team(&mut store);
    for order in [vec![team.ot, team.splw], vec![team.splw, team.ot]] {
        for total in [10, 15, 20, 30, 45, 60, 90] {
            let t = teach_ins::draft(store.conn(), &TeachInInput { presenter_ids: order.clone(), ..plan(&team, total) }).unwrap();
            let mut previous_single = None;
            for slot in &t.slots {
                let who = ids(slot);
                match slot.kind {
                    SlotKind::SharedApproach | SlotKind::Boundaries | SlotKind::CaseExample | SlotKind::Questions => {
                        let mut both = who.clone();
                        both.sort();
                        assert_eq!(both, [team.ot, team.splw], "{} is joint", slot.title);
                    }
                    SlotKind::RoleAtAGlance => {
                        let holder = if slot.role_key.as_deref() == Some("ot") { team.ot } else { team.splw };
                        assert_eq!(who, [holder], "{} is presented by the role itself", slot.title);
                    }
                    _ => assert_eq!(who.len(), 1, "{}", slot.title),
                }
                if who.len() == 1 {
                    assert_ne!(Some(who[0]), previous_single, "{} repeats the presenter before it", slot.title);
                    previous_single = Some(who[0]);
                }
            }
            // The single-presenter slots are shared out: three and two, never five and nothing.
            let ot_turns = t.slots.iter().filter(|s| ids(s) == [team.ot]).count();
            assert!((2..=3).contains(&ot_turns), "{ot_turns}");
        }
    }
}

#[test]
fn with_one_presenter_or_none_every_slot_still_has_an_answer() {
    let mut store = Store::open_in_memory().unwrap();
    let team = support::team(&mut store);
    let solo = teach_ins::draft(store.conn(), &TeachInInput { presenter_ids: vec![team.splw], ..plan(&team, 20) }).unwrap();
    assert!(solo.slots.iter().all(|s| ids(s) == [team.splw]));
    let nobody = teach_ins::draft(store.conn(), &TeachInInput { presenter_ids: vec![], ..plan(&team, 20) }).unwrap();
    assert!(nobody.slots.iter().all(|s| s.presenters.is_empty()));
    let err = teach_ins::draft(store.conn(), &TeachInInput { presenter_ids: vec![9999], ..plan(&team, 20) }).unwrap_err();
    assert!(matches!(err, Error::Invalid { field: "presenterIds", .. }));
}

#[test]
fn a_new_teach_in_starts_with_the_core_members_who_hold_its_roles() {
    let mut store = Store::open_in_memory().unwrap();
    let team = support::team(&mut store);
    let add = |store: &mut Store, name: &str, role: &str, core: bool| {
        members::create(store, &MemberInput { name: name.into(), role_key: role.into(), core_member: core, ..Default::default() })
            .unwrap()
            .id
    };
    // An OT from a visiting service: not core, and first on the roster by name.
    let visiting = add(&mut store, "Aaron Visiting", "ot", false);
    let other_nurse = add(&mut store, "Zara Bank", "nurse", false);
    let defaults = |store: &Store, keys: &[&str]| -> Vec<i64> {
        let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        teach_ins::default_presenters(store.conn(), &keys).unwrap().iter().map(|p| p.member_id).collect()
    };
    let roster = members::list(store.conn()).unwrap();
    assert_eq!((roster[0].id, roster[0].role_key.as_str(), roster[0].core_member), (visiting, "ot", false), "the visiting OT comes first");
    assert_eq!(defaults(&store, &["ot", "splw"]), [team.ot, team.splw], "the core OT, not the first OT on the roster");
    assert_eq!(defaults(&store, &[]), [team.ot, team.splw], "blank roles are the OT and the SPLW");
    assert_eq!(defaults(&store, &["splw", "ot"]), [team.splw, team.ot], "in the order of the roles");
    // No core nurse: the first nurse on the roster, and only one.
    assert_eq!(defaults(&store, &["gp", "nurse"]), [team.gp, team.nurse]);
    assert_ne!(team.nurse, other_nurse);
    // Nobody holds the role: nobody is drafted for it.
    assert_eq!(defaults(&store, &["physio", "splw"]), [team.splw]);

    // Every core member in the role, in roster order, up to three.
    let sam = add(&mut store, "Sam Second", "ot", true);
    assert_eq!(defaults(&store, &["ot", "splw"]), [team.ot, sam, team.splw]);
    let (bea, cy) = (add(&mut store, "Bea Third", "ot", true), add(&mut store, "Cy Fourth", "ot", true));
    assert_eq!(defaults(&store, &["ot", "splw"]), [bea, cy, team.ot, team.splw], "three OTs at most: two roles of three fit the six presenters allowed");

    // The drafted presenters plan a teach-in as they are.
    let input = TeachInInput { presenter_ids: defaults(&store, &["ot", "splw"]), ..plan(&team, 30) };
    assert_eq!(teach_ins::draft(store.conn(), &input).unwrap().presenters.len(), 4);
    for keys in [vec!["ot".to_string()], vec!["ot".into(), "wizard".into()]] {
        assert!(matches!(teach_ins::default_presenters(store.conn(), &keys), Err(Error::Invalid { field: "roleKeys", .. })));
    }
}

#[test]
fn the_roles_default_to_ot_and_splw_and_must_be_two_with_profiles() {
    let mut store = Store::open_in_memory().unwrap();
    let team = support::team(&mut store);
    let t = teach_ins::draft(store.conn(), &TeachInInput { role_keys: vec![], ..plan(&team, 30) }).unwrap();
    assert_eq!(t.roles.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(), ["ot", "splw"]);
    for keys in [vec!["ot"], vec!["ot", "ot"], vec!["ot", "splw", "gp"], vec!["ot", "other"], vec!["ot", "wizard"]] {
        let input = TeachInInput { role_keys: keys.iter().map(|k| k.to_string()).collect(), ..plan(&team, 30) };
        let err = teach_ins::draft(store.conn(), &input).unwrap_err();
        assert!(matches!(err, Error::Invalid { field: "roleKeys", .. }), "{keys:?}: {err:?}");
    }
    let gp_nurse = TeachInInput { role_keys: vec!["gp".into(), "nurse".into()], ..plan(&team, 20) };
    let t = teach_ins::draft(store.conn(), &gp_nurse).unwrap();
    assert_eq!(t.slots[1].title, "GP at a glance");
    assert_eq!(t.title, "Teach-in: the GP and the practice or district nurse");
}

#[test]
fn talking_points_come_from_the_teams_copy_of_each_profile() {
    let mut store = Store::open_in_memory().unwrap();
    let team = support::team(&mut store);
    let mut ot = role_profiles::default_for("ot").unwrap();
    ot.local.contact = "Riverside PCN OT duty line, 0113 496 0000".into();
    role_profiles::save_edit(&mut store, "ot", &ot).unwrap();
    let t = teach_ins::draft(store.conn(), &plan(&team, 30)).unwrap();
    let notes = |kind: SlotKind, n: usize| t.slots.iter().filter(|s| s.kind == kind).nth(n).unwrap().notes.clone();

    assert!(notes(SlotKind::Welcome, 0).contains("Priya Example (occupational therapist)"));
    assert!(notes(SlotKind::Welcome, 0).contains("Riverside MDT core members"));
    assert!(notes(SlotKind::RoleAtAGlance, 0).contains(&ot.summary));
    assert!(notes(SlotKind::RoleAtAGlance, 0).contains("Registration: Registered with the Health and Care Professions Council"));
    let splw = role_profiles::default_for("splw").unwrap();
    assert!(notes(SlotKind::RoleAtAGlance, 1).contains(&splw.summary));
    assert!(notes(SlotKind::SharedApproach, 0).contains("Both: Agreeing goals and small, practical next steps"));
    assert!(notes(SlotKind::Boundaries, 0).contains("Not the social prescribing link worker's role: does not assess clinically"));
    let referral = notes(SlotKind::Referral, 0);
    assert!(referral.contains("Riverside PCN OT duty line"), "{referral}");
    assert!(referral.contains("Local details for the social prescribing link worker are not filled in yet"));
    assert!(referral.contains("In this team: Ade Sample"));
    assert!(notes(SlotKind::Escalation, 0).contains("never holds clinical risk alone"));
    assert!(notes(SlotKind::CaseExample, 0).contains(&ot.examples[0]));
    for slot in &t.slots {
        assert!(slot.notes.lines().count() >= 2, "{} has notes, not just a heading", slot.title);
        assert!(slot.notes.lines().all(|l| l.starts_with("• ") || l.starts_with("– ")), "{}", slot.notes);
    }
}

#[test]
fn editing_a_slot_reflows_the_others_and_the_total_stays() {
    let mut store = Store::open_in_memory().unwrap();
    let team = support::team(&mut store);
    let t = teach_ins::create(&mut store, &plan(&team, 30)).unwrap();
    assert_eq!(teach_ins::get(store.conn(), t.id).unwrap(), t, "saved as planned");

    // Lengthen the case example: the rest give up time in proportion.
    let case = t.slots.iter().find(|s| s.kind == SlotKind::CaseExample).unwrap();
    let input = TeachInSlotInput {
        title: "Our case: joint visits".into(),
        minutes: 10,
        presenter_ids: vec![team.ot, team.splw],
        notes: "• Tell it together.".into(),
    };
    let t = teach_ins::update_slot(&mut store, case.id, &input).unwrap();
    assert_adds_up(&t);
    let case = t.slots.iter().find(|s| s.id == case.id).unwrap();
    assert_eq!((case.minutes, case.title.as_str(), case.notes.as_str()), (10, "Our case: joint visits", "• Tell it together."));
    let before = [2, 4, 4, 3, 4, 3, 3, 4, 3];
    for (slot, was) in t.slots.iter().zip(before).filter(|(s, _)| s.id != case.id) {
        assert!(slot.minutes <= was && slot.minutes >= was / 2, "{} went from {was} to {}", slot.title, slot.minutes);
    }

    // Too long for the others to keep a minute each: refused, nothing changed.
    let err = teach_ins::update_slot(&mut store, case.id, &TeachInSlotInput { minutes: 23, ..input.clone() }).unwrap_err();
    assert!(matches!(err, Error::Invalid { field: "minutes", .. }), "{err:?}");
    assert_eq!(teach_ins::get(store.conn(), t.id).unwrap(), t);

    // Add a slot: it goes before the questions, and the time is found from the others.
    let extra = TeachInSlotInput { title: "Local services map".into(), minutes: 4, presenter_ids: vec![team.splw], notes: String::new() };
    let t = teach_ins::add_slot(&mut store, t.id, &extra).unwrap();
    assert_adds_up(&t);
    assert_eq!(t.slots.len(), 10);
    assert_eq!(t.slots[8].title, "Local services map");
    assert_eq!((t.slots[8].kind, t.slots[8].minutes), (SlotKind::Custom, 4));
    assert_eq!(t.slots[9].kind, SlotKind::Questions);

    // Remove one: the others share its time.
    let welcome = t.slots[0].id;
    let t = teach_ins::remove_slot(&mut store, welcome).unwrap();
    assert_adds_up(&t);
    assert_eq!(t.slots.len(), 9);
    assert!(t.slots.iter().all(|s| s.id != welcome));

    // Reorder: lengths stay with their slots, start times follow the new order.
    let before = minutes(&t);
    let mut order: Vec<i64> = t.slots.iter().map(|s| s.id).collect();
    order.reverse();
    let t = teach_ins::reorder_slots(&mut store, t.id, &order).unwrap();
    assert_adds_up(&t);
    assert_eq!(t.slots.iter().map(|s| s.id).collect::<Vec<_>>(), order);
    assert_eq!(minutes(&t), before.into_iter().rev().collect::<Vec<_>>());
    let stale = teach_ins::reorder_slots(&mut store, t.id, &order[1..]).unwrap_err();
    assert_eq!(stale.code(), ErrorCode::Conflict);

    // A new total length re-flows every slot.
    let details = TeachInDetails { title: t.title.clone(), total_minutes: 45, audience: t.audience.clone(), case_example: String::new() };
    let t = teach_ins::update_details(&mut store, t.id, &details).unwrap();
    assert_eq!(t.total_minutes, 45);
    assert_adds_up(&t);
    let too_short = TeachInDetails { total_minutes: 8, ..details };
    assert!(matches!(teach_ins::update_details(&mut store, t.id, &too_short), Err(Error::Invalid { field: "totalMinutes", .. })));
}

#[test]
fn a_ten_minute_teach_in_has_room_for_ten_slots_at_most() {
    let mut store = Store::open_in_memory().unwrap();
    let team = support::team(&mut store);
    let t = teach_ins::create(&mut store, &plan(&team, 10)).unwrap();
    let extra = TeachInSlotInput { title: "One more".into(), minutes: 1, ..Default::default() };
    let t = teach_ins::add_slot(&mut store, t.id, &extra).unwrap();
    assert_adds_up(&t);
    assert!(t.slots.iter().all(|s| s.minutes == 1));
    assert!(matches!(teach_ins::add_slot(&mut store, t.id, &extra), Err(Error::Invalid { field: "totalMinutes", .. })));
}

#[test]
fn edits_are_audited() {
    let mut store = Store::open_in_memory().unwrap();
    let team = support::team(&mut store);
    store.set_actor("priya@test");
    let t = teach_ins::create(&mut store, &plan(&team, 30)).unwrap();
    teach_ins::remove_slot(&mut store, t.slots[0].id).unwrap();
    teach_ins::remove(&mut store, t.id).unwrap();
    let history = mdt::history::entity(store.conn(), AuditEntity::TeachIn, t.id).unwrap();
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["delete", "update", "create"]);
    assert!(history.iter().all(|e| e.actor == "priya@test"));
    assert_eq!(teach_ins::get(store.conn(), t.id).unwrap_err().code(), ErrorCode::NotFound);
}

#[test]
fn a_teach_in_on_a_meeting_agenda_counts_in_its_timeline_and_follows_edits_until_finalised() {
    let mut store = Store::open_in_memory().unwrap();
    let team = support::team(&mut store);
    let meeting = support::meeting(&mut store, &team, "2026-03-02T13:00");
    support::add_case(&mut store, meeting.id, "AB-0101", team.ot);
    let t = teach_ins::create(&mut store, &plan(&team, 30)).unwrap();

    let item_id = teach_ins::add_to_meeting(&mut store, meeting.id, t.id).unwrap();
    let detail = meetings::load(store.conn(), meeting.id).unwrap();
    let item = detail.agenda.iter().find(|i| i.id == item_id).unwrap();
    assert_eq!((item.kind, item.title.as_str(), item.minutes_allowed), (AgendaKind::TeachIn, t.title.as_str(), 30));
    assert_eq!(item.label(), t.title);
    assert_eq!(item.presenter_name.as_deref(), Some("Ade Sample"), "who opens it");
    assert!(item.reason.contains("presented by Ade Sample and Priya Example"), "{}", item.reason);
    assert_eq!(detail.timeline.starts, ["13:00", "13:10"]);
    assert_eq!(detail.timeline.planned_finish, "13:40");
    let again = teach_ins::add_to_meeting(&mut store, meeting.id, t.id).unwrap_err();
    assert!(matches!(again, Error::Invalid { field: "teachInId", .. }));
    assert_eq!(teach_ins::get(store.conn(), t.id).unwrap().placements[0].meeting_id, meeting.id);

    // A shorter teach-in shortens the agenda item.
    let details = TeachInDetails { title: "OT and SPLW: who does what".into(), total_minutes: 20, ..Default::default() };
    teach_ins::update_details(&mut store, t.id, &details).unwrap();
    let detail = meetings::load(store.conn(), meeting.id).unwrap();
    assert_eq!(detail.agenda[1].title, "OT and SPLW: who does what");
    assert_eq!(detail.timeline.planned_finish, "13:30");

    // It cannot be deleted while on an agenda.
    assert_eq!(teach_ins::remove(&mut store, t.id).unwrap_err().code(), ErrorCode::Conflict);

    // Finalised minutes keep the teach-in as it was.
    meetings::finalise(&mut store, meeting.id).unwrap();
    teach_ins::update_details(&mut store, t.id, &TeachInDetails { total_minutes: 45, ..details }).unwrap();
    let detail = meetings::load(store.conn(), meeting.id).unwrap();
    assert_eq!((detail.agenda[1].title.as_str(), detail.agenda[1].minutes_allowed), ("OT and SPLW: who does what", 20));
    let later = support::meeting(&mut store, &team, "2026-03-16T13:00");
    assert!(teach_ins::add_to_meeting(&mut store, meeting.id, t.id).is_err(), "finalised minutes take no new items");
    teach_ins::add_to_meeting(&mut store, later.id, t.id).unwrap();
    assert_eq!(teach_ins::get(store.conn(), t.id).unwrap().placements.len(), 2);
    assert_eq!(teach_ins::list(store.conn()).unwrap()[0].meetings, 2);
}

/// A finalised meeting at which the OT and the SPLW shared a case, closed with nothing open.
fn closed_joint_case(store: &mut Store, team: &Team) -> i64 {
    let meeting = support::meeting(store, team, "2026-01-12T13:00");
    let item = support::add_case(store, meeting.id, "XY-0909", team.ot);
    let record = DiscussionRecord {
        situation: "Mr Placeholder at 12 Example Road has had three falls since his wife died in the autumn".into(),
        needs: vec![discussions::Need::Functional, discussions::Need::SocialIsolation],
        leads: vec![
            Lead { aspect: "Home assessment for XY-0909".into(), member_id: Some(team.ot), role_key: None },
            Lead { aspect: "Walking group".into(), member_id: None, role_key: Some("splw".into()) },
        ],
        escalations: vec![discussions::Escalation {
            trigger: discussions::EscalationTrigger::Deterioration,
            route: "Duty GP".into(),
            informed: "Dr Imaginary".into(),
            not_needed_reason: String::new(),
        }],
        transitions: vec![Transition {
            direction: TransitionDirection::StepDown,
            from_role_key: "ot".into(),
            to_role_key: "splw".into(),
            handover_plan: "Two joint visits".into(),
            joint_visits: 2,
            consult_contact: String::new(),
            follow_up_date: None,
        }],
        ..Default::default()
    };
    save_record(store, item, &record).unwrap();
    mdt::agenda::set_outcome(store, item, mdt::agenda::Outcome::Discussed, 600).unwrap();
    meetings::finalise(store, meeting.id).unwrap();
    meeting.id
}

#[test]
fn closed_cases_are_offered_as_prompts_without_references() {
    let mut store = Store::open_in_memory().unwrap();
    let team = support::team(&mut store);
    closed_joint_case(&mut store, &team);
    // A case still open (an action not done) is not offered.
    let open = support::meeting(&mut store, &team, "2026-02-09T13:00");
    let item = support::add_case(&mut store, open.id, "ZZ-0001", team.splw);
    let lead = Lead { aspect: "Benefits check".into(), member_id: Some(team.splw), role_key: None };
    save_record(&mut store, item, &DiscussionRecord { leads: vec![lead], ..Default::default() }).unwrap();
    mdt::actions::add(&mut store, item, &mdt::actions::ActionInput { description: "Call back".into(), owner_id: team.splw, due_date: None }).unwrap();
    meetings::finalise(&mut store, open.id).unwrap();

    let prompts = teach_ins::case_prompts(store.conn(), &["ot".into(), "splw".into()]).unwrap();
    assert_eq!(prompts.len(), 1, "{prompts:#?}");
    let p = &prompts[0];
    assert!(p.both_roles);
    assert_eq!(p.when, "January 2026");
    let text = p.points.join(" ");
    assert!(text.contains("Needs: functional, social isolation."), "{text}");
    assert!(text.contains("Escalated: deterioration in health."), "the trigger in the words the screens use: {text}");
    assert!(text.contains("The occupational therapist led on: Home assessment for the person."), "{text}");
    assert!(text.contains("Stepped down from the occupational therapist to the social prescribing link worker after 2 joint visits."));
    assert!(!text.contains("XY-0909") && !text.contains("Placeholder") && !text.contains("Example Road"), "{text}");

    assert!(teach_ins::case_prompts(store.conn(), &["gp".into(), "nurse".into()]).unwrap().is_empty());
}

#[test]
fn a_case_example_is_refused_when_it_could_identify_the_person_or_copies_the_record() {
    let mut store = Store::open_in_memory().unwrap();
    let team = support::team(&mut store);
    closed_joint_case(&mut store, &team);
    let with = |text: &str| TeachInInput { case_example: text.into(), ..plan(&team, 30) };
    for bad in [
        "We discussed xy-0909 twice.",
        "Mr Placeholder at 12 Example Road has had three falls since his wife died",
    ] {
        let err = teach_ins::create(&mut store, &with(bad)).unwrap_err();
        assert!(matches!(&err, Error::Invalid { field: "caseExample", .. }), "{bad}: {err:?}");
    }
    let own_words = "A man in his eighties, recently bereaved, kept falling at home. The OT made the home safer; \
                     after two joint visits the SPLW helped him join a walking group.";
    let t = teach_ins::create(&mut store, &with(own_words)).unwrap();
    assert_eq!(t.case_example, own_words);
    assert_eq!(teach_ins::list(store.conn()).unwrap().len(), 1, "the refused plans were not saved");
}

#[test]
fn a_case_example_naming_a_date_is_refused_however_the_date_is_written() {
    let mut store = Store::open_in_memory().unwrap();
    let team = support::team(&mut store);
    let t = teach_ins::create(&mut store, &plan(&team, 30)).unwrap();
    let story = |when: &str| format!("A woman in her seventies fell at home {when}. The OT made the home safer and the SPLW found her a lunch club.");
    let details = |text: String| TeachInDetails { title: t.title.clone(), total_minutes: 30, audience: t.audience.clone(), case_example: text };
    // Each date, then the same story told without one, which is kept.
    for (date, quoted, without) in [
        ("on 3 March", "'3 March'", "in March"),
        ("on 3rd March", "'3rd March'", "three months ago"),
        ("on the 3rd of March", "'3rd of March'", "in March of last year"),
        ("on March 3", "'March 3'", "in March 2026"),
        ("on 3/3", "'3/3'", "3 times in a month"),
        ("on 03/03/2026", "'03/03/2026'", "in 2026"),
        ("on 3.3.26", "'3.3.26'", "1.5 miles from the surgery"),
        ("on 15 Dec 2026", "'15 Dec 2026'", "late in the year"),
        ("on Monday the 3rd", "'Monday the 3rd'", "on a Monday"),
        ("on Christmas Day", "'Christmas Day'", "over Christmas"),
    ] {
        let err = teach_ins::update_details(&mut store, t.id, &details(story(date))).unwrap_err();
        match &err {
            Error::Invalid { field: "caseExample", message } => {
                assert!(message.starts_with(&format!("It contains a date ({quoted}).")), "{date}: {message}");
            }
            other => panic!("{date}: {other:?}"),
        }
        assert_eq!(teach_ins::get(store.conn(), t.id).unwrap().case_example, "", "{date}: nothing saved");
        let kept = teach_ins::update_details(&mut store, t.id, &details(story(without))).unwrap();
        assert_eq!(kept.case_example, story(without), "{without} is not a date");
        teach_ins::update_details(&mut store, t.id, &details(String::new())).unwrap();
    }
    // Planning refuses it too, and saves nothing.
    let input = TeachInInput { case_example: story("on Tuesday 3rd"), ..plan(&team, 30) };
    assert!(matches!(teach_ins::create(&mut store, &input), Err(Error::Invalid { field: "caseExample", .. })));
    assert_eq!(teach_ins::list(store.conn()).unwrap().len(), 1);
}

#[test]
fn talking_points_can_be_drawn_again_after_the_profiles_change() {
    let mut store = Store::open_in_memory().unwrap();
    let team = support::team(&mut store);
    let t = teach_ins::create(&mut store, &plan(&team, 30)).unwrap();
    let referral = t.slots.iter().find(|s| s.kind == SlotKind::Referral).unwrap();
    assert!(!referral.notes.contains("SPLW hub"));
    let mut splw = role_profiles::default_for("splw").unwrap();
    splw.local.contact = "Riverside SPLW hub, 0113 496 0002".into();
    role_profiles::save_edit(&mut store, "splw", &splw).unwrap();
    let fresh = teach_ins::suggested_notes(store.conn(), referral.id).unwrap();
    assert!(fresh.contains("Riverside SPLW hub"), "{fresh}");
    assert_eq!(teach_ins::get(store.conn(), t.id).unwrap().slots, t.slots, "nothing is saved until the presenter saves it");
    let added = teach_ins::add_slot(&mut store, t.id, &TeachInSlotInput { title: "Ours".into(), minutes: 2, ..Default::default() }).unwrap();
    let ours = added.slots.iter().find(|s| s.kind == SlotKind::Custom).unwrap();
    assert_eq!(teach_ins::suggested_notes(store.conn(), ours.id).unwrap(), "");
}
