//! Planning a meeting in an existing series starts from the series' latest meeting: its chair,
//! minute-taker, length, place and video link.

mod support;

use mdt::Store;
use mdt::meetings::{self, MeetingInput, SeriesDefaults};
use support::*;

#[test]
fn each_series_offers_the_chair_minute_taker_length_place_and_link_of_its_latest_meeting() {
    let mut store = Store::open_in_memory().unwrap();
    let team = team(&mut store);
    assert!(meetings::series_defaults(store.conn()).unwrap().is_empty(), "no series yet");

    // The later meeting is planned first: "latest" is by date, not by when it was typed in.
    let later = MeetingInput {
        starts_at: "2026-03-16T09:30".into(),
        planned_minutes: 75,
        location: "Hilltop Surgery, library".into(),
        video_link: "https://meet.example.org/hilltop".into(),
        chair_id: Some(team.ot),
        minute_taker_id: Some(team.splw),
        ..meeting_input(&team, "")
    };
    let later = meetings::create(&mut store, &later).unwrap();
    meeting(&mut store, &team, "2026-03-02T13:00");
    let other_series = MeetingInput {
        series_name: "Anchor Practice frailty huddle".into(),
        chair_id: Some(team.nurse),
        minute_taker_id: None,
        location: String::new(),
        planned_minutes: 30,
        ..meeting_input(&team, "2026-04-01T08:00")
    };
    let huddle = meetings::create(&mut store, &other_series).unwrap();

    let defaults = meetings::series_defaults(store.conn()).unwrap();
    assert_eq!(
        defaults,
        [
            SeriesDefaults {
                series_name: "Anchor Practice frailty huddle".into(),
                from_meeting_id: huddle.id,
                from_starts_at: "2026-04-01T08:00".into(),
                planned_minutes: 30,
                location: String::new(),
                video_link: String::new(),
                chair_id: Some(team.nurse),
                minute_taker_id: None,
            },
            SeriesDefaults {
                series_name: "Riverside Neighbourhood MDT".into(),
                from_meeting_id: later.id,
                from_starts_at: "2026-03-16T09:30".into(),
                planned_minutes: 75,
                location: "Hilltop Surgery, library".into(),
                video_link: "https://meet.example.org/hilltop".into(),
                chair_id: Some(team.ot),
                minute_taker_id: Some(team.splw),
            },
        ],
        "alphabetical by series"
    );

    // A change to the latest meeting is what the next one starts from.
    let changed = MeetingInput { chair_id: Some(team.gp), ..meetings::get(store.conn(), later.id).map(|m| input_of(&m)).unwrap() };
    meetings::update(&mut store, later.id, &changed).unwrap();
    let riverside = meetings::series_defaults(store.conn()).unwrap().pop().unwrap();
    assert_eq!(riverside.chair_id, Some(team.gp));
    assert_eq!(riverside.minute_taker_id, Some(team.splw));
}

fn input_of(m: &mdt::meetings::Meeting) -> MeetingInput {
    MeetingInput {
        planned_minutes: m.planned_minutes,
        location: m.location.clone(),
        video_link: m.video_link.clone(),
        chair_id: m.chair_id,
        minute_taker_id: m.minute_taker_id,
        ..MeetingInput::new(&m.series_name, &m.title, &m.starts_at)
    }
}
