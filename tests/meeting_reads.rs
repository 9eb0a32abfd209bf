//! The minutes read each per-case part (what matters, the agreement, the guidance's dismissals
//! and escalations) once for the whole meeting: each per-meeting reader says exactly what its
//! per-case reader says for every case of every meeting of the demo team (finalised, draft and
//! planned meetings, with profiles, agreements, reviews, dismissals and escalations).

use std::collections::HashMap;

use chrono::NaiveDate;
use mdt::agenda::{self, AgendaKind, Outcome};
use mdt::{Store, agreement, guidance, person};

fn demo() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    mdt::sample::demo::load(&mut store, NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(), false).unwrap();
    store
}

fn meetings(store: &Store) -> Vec<(i64, String)> {
    let mut stmt = store.conn().prepare("SELECT id, status FROM meetings ORDER BY id").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
}

/// On the meeting in progress: the chair dismisses a flag on each case that has one to dismiss,
/// and the team agrees a joint-working agreement at the first case; then the meeting is finalised,
/// so its minutes keep the dismissals. Returns the meeting.
fn dismiss_agree_and_finalise(store: &mut Store) -> i64 {
    let meeting: i64 = store.conn().query_row("SELECT id FROM meetings WHERE status = 'in_progress'", [], |r| r.get(0)).unwrap();
    let cases: Vec<_> = agenda::load(store.conn(), meeting).unwrap().into_iter().filter(|i| i.kind == AgendaKind::Case).collect();
    for item in &cases {
        let flags = guidance::case_guidance(store.conn(), item.id, None).unwrap().flags;
        if let Some(flag) = flags.iter().find(|f| f.dismissal.can_dismiss) {
            guidance::dismiss_flag(store, item.id, flag.code, &flag.dismissal.fingerprint, "Known to the team; reviewed last month").unwrap();
        }
    }
    let first = cases[0].id;
    let version = agreement::at_item(store.conn(), first).unwrap().saved.version;
    let answers = agreement::Agreement { concerns: "By phone to the lead, same day.".into(), emergency_contacts: "999; the GP surgery".into(), ..Default::default() };
    agreement::change(store, first, version, &answers, "The social prescriber now leads").unwrap();
    for item in &cases {
        agenda::set_outcome(store, item.id, Outcome::Discussed, 600).unwrap();
    }
    mdt::meetings::finalise_on(store, meeting, NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()).unwrap();
    meeting
}

fn compare_every_meeting(store: &Store) -> [usize; 5] {
    let conn = store.conn();
    let (mut profiles, mut reviews, mut in_force, mut dismissed, mut escalations) = (0, 0, 0, 0, 0);
    let mut statuses = std::collections::BTreeSet::new();
    for (meeting, status) in meetings(&store) {
        statuses.insert(status);
        let cases: Vec<_> = agenda::load(conn, meeting).unwrap().into_iter().filter(|i| i.kind == AgendaKind::Case).collect();
        let people = person::as_minuted_at_meeting(conn, meeting).unwrap();
        let agreements = agreement::at_meeting(conn, meeting).unwrap();
        for item in &cases {
            assert_eq!(people.get(&item.id), person::as_minuted(conn, item.id).unwrap().as_ref(), "what matters, item {}", item.id);
            let review = agreement::review_at(conn, item.id).unwrap();
            let applied = agreement::in_force_at(conn, item.id).unwrap();
            let expected = match (review, applied) {
                (Some(r), _) => Some((Some(r.clone()), r.agreement)),
                (None, Some(a)) => Some((None, a)),
                (None, None) => None,
            };
            assert_eq!(agreements.get(&item.id), expected.as_ref(), "agreement, item {}", item.id);
            profiles += usize::from(people.contains_key(&item.id));
            reviews += usize::from(matches!(agreements.get(&item.id), Some((Some(_), _))));
            in_force += usize::from(matches!(agreements.get(&item.id), Some((None, _))));
        }
        // Nothing but the meeting's case items.
        let ids: Vec<i64> = cases.iter().map(|i| i.id).collect();
        assert!(people.keys().chain(agreements.keys()).all(|id| ids.contains(id)));

        let notes = guidance::minutes_notes(conn, meeting).unwrap();
        let full = guidance::minutes_guidance(conn, meeting).unwrap();
        let expected: Vec<_> = full.iter().map(|c| (c.agenda_item_id, &c.dismissed, &c.escalations)).collect();
        let got: Vec<_> = notes.iter().map(|c| (c.agenda_item_id, &c.dismissed, &c.escalations)).collect();
        assert_eq!(got, expected, "dismissals and escalations, meeting {meeting}");
        let not_discussed: HashMap<i64, bool> = cases.iter().map(|i| (i.id, i.outcome == Outcome::NotDiscussed)).collect();
        assert!(notes.iter().all(|n| !not_discussed[&n.agenda_item_id]));
        dismissed += notes.iter().map(|n| n.dismissed.len()).sum::<usize>();
        escalations += notes.iter().map(|n| n.escalations.len()).sum::<usize>();
    }
    assert!(statuses.contains("finalised"), "{statuses:?}");
    [profiles, reviews, in_force, dismissed, escalations]
}

#[test]
fn per_meeting_reads_say_what_the_per_case_reads_say() {
    let mut store = demo();
    let [profiles, _, in_force, _, escalations] = compare_every_meeting(&store);
    assert!(profiles > 0 && in_force > 0 && escalations > 0, "{profiles} {in_force} {escalations}");
    let meeting = dismiss_agree_and_finalise(&mut store);
    let [_, reviews, _, dismissed, _] = compare_every_meeting(&store);
    // The comparisons compared something: kept dismissals and a review, on finalised minutes.
    assert!(reviews > 0 && dismissed > 0, "{reviews} {dismissed}");
    assert!(guidance::minutes_notes(store.conn(), meeting).unwrap().iter().any(|n| !n.dismissed.is_empty()));
}
