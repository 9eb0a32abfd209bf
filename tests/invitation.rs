//! The calendar invitation, read back with an independent parser (the `ical` crate): UK clock
//! times with the Europe/London zone either side of the clocks changing (worked out here from the
//! file's own VTIMEZONE, not from the time zone library the app uses), the same UID on every
//! export of a meeting with SEQUENCE going up when it changed, and what the event says.

mod support;

use std::io::BufReader;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};
use ical::parser::ical::component::{IcalCalendar, IcalEvent, IcalTimeZoneTransitionType};
use ical::property::Property;
use mdt::Store;
use mdt::agenda::{self, CaseItemInput};
use mdt::attendance::{self, AttendanceInput, AttendanceStatus};
use mdt::cases::CaseIdentifier;
use mdt::meetings::{self, MeetingInput};
use mdt::members::{self, MemberInput};
use mdt::reports::invitation::{self, InvitationOptions};
use support::case;

struct Team {
    chair: i64,
    ot: i64,
    splw: i64,
    nurse: i64,
    coordinator: i64,
}

/// A team where everyone but the care coordinator has an e-mail address on the roster.
fn team(store: &mut Store) -> Team {
    let mut add = |name: &str, role: &str, email: &str, core: bool| {
        let input = MemberInput { name: name.into(), role_key: role.into(), email: email.into(), core_member: core, ..Default::default() };
        members::create(store, &input).unwrap().id
    };
    Team {
        chair: add("Dr Gwen Imaginary", "gp", "gwen.imaginary@example.test", true),
        ot: add("Priya Example", "ot", "priya.example@example.test", true),
        splw: add("Ade Sample", "splw", "ade.sample@example.test", true),
        nurse: add("Jo Placeholder", "nurse", "jo.placeholder@example.test", false),
        coordinator: add("Cal Coordinator", "care_coordinator", "", true),
    }
}

fn input(team: &Team, starts_at: &str, minutes: i64) -> MeetingInput {
    MeetingInput {
        planned_minutes: minutes,
        location: "Riverside Health Centre, room 2".into(),
        video_link: "https://meet.example.test/riverside".into(),
        chair_id: Some(team.chair),
        minute_taker_id: Some(team.coordinator),
        ..MeetingInput::new("Riverside Neighbourhood MDT", "Riverside MDT", starts_at)
    }
}

fn export(store: &mut Store, meeting: i64, dir: &Path, name: &str) -> (PathBuf, IcalCalendar) {
    let path = dir.join(name);
    let options = InvitationOptions { created: Some(Utc.with_ymd_and_hms(2026, 2, 27, 9, 0, 0).unwrap()) };
    let report = invitation::export(store, meeting, &options, &path).unwrap();
    assert_eq!(report.path, path.display().to_string());
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "CRLF line ends, as RFC 5545 wants");
    assert!(text.lines().all(|l| l.len() <= 75), "lines folded at 75 octets");
    let mut parser = ical::IcalParser::new(BufReader::new(text.as_bytes()));
    let calendar = parser.next().expect("one calendar").expect("a calendar the ical crate reads");
    assert!(parser.next().is_none());
    assert_eq!(calendar.timezones.len(), 1);
    let zone = &calendar.timezones[0].properties;
    assert!(!zone.iter().any(|p| p.name == "UID" || p.name == "DTSTAMP"), "a VTIMEZONE has neither");
    (path, calendar)
}

fn property<'a>(properties: &'a [Property], name: &str) -> &'a Property {
    properties.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("no {name}"))
}

fn value(properties: &[Property], name: &str) -> String {
    property(properties, name).value.clone().unwrap_or_default()
}

fn param(p: &Property, key: &str) -> Option<String> {
    p.params.as_ref()?.iter().find(|(k, _)| k == key).map(|(_, v)| v.join(","))
}

/// RFC 5545 TEXT as a person reads it.
fn unescaped(text: &str) -> String {
    text.replace("\\n", "\n").replace("\\N", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")
}

fn event(calendar: &IcalCalendar) -> &IcalEvent {
    assert_eq!(calendar.events.len(), 1);
    &calendar.events[0]
}

/// A DTSTART or DTEND as (UK clock time, TZID).
fn local(event: &IcalEvent, name: &str) -> (NaiveDateTime, String) {
    let p = property(&event.properties, name);
    let at = NaiveDateTime::parse_from_str(p.value.as_deref().unwrap(), "%Y%m%dT%H%M%S").unwrap();
    (at, param(p, "TZID").unwrap_or_default())
}

/// The last `weekday` of `month` in `year`.
fn last(year: i32, month: u32, weekday: Weekday) -> NaiveDate {
    let next = if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) };
    let mut day = next.unwrap() - Duration::days(1);
    while day.weekday() != weekday {
        day -= Duration::days(1);
    }
    day
}

/// The UTC moment of a local time by the calendar's own VTIMEZONE for `tzid`: each transition's
/// RRULE (yearly, BYMONTH, BYDAY=-1SU), DTSTART time of day and offsets. Read from the file, so it
/// checks what a calendar program would work out.
fn utc_by_vtimezone(calendar: &IcalCalendar, tzid: &str, local: NaiveDateTime) -> NaiveDateTime {
    let zone = calendar.timezones.iter().find(|z| value(&z.properties, "TZID") == tzid).expect("the VTIMEZONE the times name");
    let offset = |text: String| {
        let sign = if text.starts_with('-') { -1 } else { 1 };
        let hours: i64 = text[1..3].parse().unwrap();
        let minutes: i64 = text[3..5].parse().unwrap();
        Duration::minutes(sign * (hours * 60 + minutes))
    };
    // Each transition this year as (the UTC moment it happens, the offset from then on).
    let mut changes: Vec<(NaiveDateTime, Duration, IcalTimeZoneTransitionType)> = zone
        .transitions
        .iter()
        .map(|t| {
            let rule = value(&t.properties, "RRULE");
            assert!(rule.contains("FREQ=YEARLY") && rule.contains("BYDAY=-1SU"), "{rule}");
            let month: u32 = rule.split(';').find_map(|part| part.strip_prefix("BYMONTH=")).unwrap().parse().unwrap();
            let start = NaiveDateTime::parse_from_str(&value(&t.properties, "DTSTART"), "%Y%m%dT%H%M%S").unwrap();
            let day = last(local.year(), month, Weekday::Sun);
            let from = offset(value(&t.properties, "TZOFFSETFROM"));
            (day.and_time(start.time()) - from, offset(value(&t.properties, "TZOFFSETTO")), t.transition.clone())
        })
        .collect();
    changes.sort_by_key(|c| c.0);
    assert_eq!(changes.len(), 2, "summer time starts and ends once a year");
    assert!(matches!(changes[0].2, IcalTimeZoneTransitionType::DAYLIGHT));
    // The offset in force at a UTC moment: the last change before it (before March: October's).
    let in_force = |utc: NaiveDateTime| changes.iter().rev().find(|c| c.0 <= utc).unwrap_or(&changes[1]).1;
    let candidates: Vec<NaiveDateTime> =
        changes.iter().map(|c| local - c.1).filter(|utc| in_force(*utc) == local - *utc).collect();
    *candidates.iter().min().expect("a local time that happens")
}

fn at(date: &str, time: &str) -> NaiveDateTime {
    NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap().and_time(NaiveTime::parse_from_str(time, "%H:%M").unwrap())
}

#[test]
fn times_are_uk_clock_times_either_side_of_the_clocks_changing() {
    let mut store = Store::open_in_memory().unwrap();
    let team = team(&mut store);
    let dir = tempfile::tempdir().unwrap();
    // The clocks go forward on Sunday 29 March 2026 and back on Sunday 25 October 2026.
    assert_eq!(last(2026, 3, Weekday::Sun), NaiveDate::from_ymd_opt(2026, 3, 29).unwrap());
    assert_eq!(last(2026, 10, Weekday::Sun), NaiveDate::from_ymd_opt(2026, 10, 25).unwrap());
    let cases = [
        // (meeting starts, minutes, UK end on the clock, start in UTC)
        ("2026-03-27T10:00", 60, "2026-03-27T11:00", "2026-03-27T10:00"), // Friday before: GMT
        ("2026-03-30T10:00", 60, "2026-03-30T11:00", "2026-03-30T09:00"), // Monday after: BST
        ("2026-10-23T10:00", 60, "2026-10-23T11:00", "2026-10-23T09:00"), // Friday before: BST
        ("2026-10-26T10:00", 90, "2026-10-26T11:30", "2026-10-26T10:00"), // Monday after: GMT
        ("2027-03-29T13:00", 60, "2027-03-29T14:00", "2027-03-29T12:00"), // 2027: forward on the 28th
        // A meeting over the night the clocks go forward: two hours from 00:30 end at 03:30.
        ("2026-03-29T00:30", 120, "2026-03-29T03:30", "2026-03-29T00:30"),
    ];
    for (n, (starts, minutes, ends, utc)) in cases.into_iter().enumerate() {
        let meeting = meetings::create(&mut store, &input(&team, starts, minutes)).unwrap().id;
        let (_, calendar) = export(&mut store, meeting, dir.path(), &format!("{n}.ics"));
        let event = event(&calendar);
        let (start_local, start_zone) = local(event, "DTSTART");
        let (end_local, end_zone) = local(event, "DTEND");
        let read = |text: &str| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap();
        assert_eq!((start_local, start_zone.as_str()), (read(starts), "Europe/London"), "{starts}");
        assert_eq!((end_local, end_zone.as_str()), (read(ends), "Europe/London"), "{starts}");
        assert_eq!(utc_by_vtimezone(&calendar, "Europe/London", start_local), read(utc), "{starts} in UTC");
        let length = utc_by_vtimezone(&calendar, "Europe/London", end_local) - utc_by_vtimezone(&calendar, "Europe/London", start_local);
        assert_eq!(length, Duration::minutes(minutes), "{starts}: the event lasts as long as the meeting");
    }
    // Two hours from 00:30 on the night the clocks go back end at 01:30 on the clock, but at its
    // second passing: a clock time would name the first, so the end is written in UTC.
    let meeting = meetings::create(&mut store, &input(&team, "2026-10-25T00:30", 120)).unwrap().id;
    let (_, calendar) = export(&mut store, meeting, dir.path(), "back.ics");
    let end = property(&event(&calendar).properties, "DTEND");
    assert_eq!((end.value.as_deref(), param(end, "TZID")), (Some("20261025T013000Z"), None));
    let start = utc_by_vtimezone(&calendar, "Europe/London", local(event(&calendar), "DTSTART").0);
    assert_eq!(start, at("2026-10-24", "23:30"), "00:30 BST");
    assert_eq!(at("2026-10-25", "01:30") - start, Duration::minutes(120));

    // The reader above is no copy of the answers: GMT and BST give different UTC times.
    let (_, calendar) = export(&mut store, 1, dir.path(), "again.ics");
    assert_ne!(utc_by_vtimezone(&calendar, "Europe/London", at("2026-03-27", "10:00")).time(), utc_by_vtimezone(&calendar, "Europe/London", at("2026-03-30", "10:00")).time());
}

#[test]
fn a_start_the_clocks_skip_is_refused_and_nothing_is_written() {
    let mut store = Store::open_in_memory().unwrap();
    let team = team(&mut store);
    let dir = tempfile::tempdir().unwrap();
    let meeting = meetings::create(&mut store, &input(&team, "2026-03-29T01:30", 60)).unwrap().id;
    let path = dir.path().join("skipped.ics");
    let err = invitation::export(&mut store, meeting, &InvitationOptions::default(), &path).unwrap_err();
    assert!(err.to_string().contains("01:30 on Sunday 29 March 2026 does not happen in the UK"), "{err}");
    assert!(!path.exists());
    assert_eq!(invitation::last_exported(store.conn(), meeting).unwrap(), None, "no UID kept for a file not written");
    // The same time a week later is fine (positive control).
    let later = meetings::create(&mut store, &input(&team, "2026-04-05T01:30", 60)).unwrap().id;
    invitation::export(&mut store, later, &InvitationOptions::default(), &path).unwrap();
    assert!(path.exists());
}

#[test]
fn the_same_meeting_keeps_its_uid_and_a_change_raises_the_sequence() {
    let mut store = Store::open_in_memory().unwrap();
    let team = team(&mut store);
    let dir = tempfile::tempdir().unwrap();
    let meeting = meetings::create(&mut store, &input(&team, "2026-03-02T13:00", 60)).unwrap().id;
    let uid_and_sequence = |calendar: &IcalCalendar| {
        let e = event(calendar);
        (value(&e.properties, "UID"), value(&e.properties, "SEQUENCE"))
    };
    let (_, first) = export(&mut store, meeting, dir.path(), "1.ics");
    let (uid, sequence) = uid_and_sequence(&first);
    assert_eq!(sequence, "0");
    assert!(uid.ends_with(&format!("-meeting-{meeting}@mdt-assistant")) && uid.len() > 40, "{uid}");

    // Exported again unchanged: the same event, the same sequence.
    let (_, again) = export(&mut store, meeting, dir.path(), "2.ics");
    assert_eq!(uid_and_sequence(&again), (uid.clone(), "0".to_string()));

    // Moved to 14:00: the same event, sequence 1, at the new time.
    let moved = meetings::update(&mut store, meeting, &input(&team, "2026-03-02T14:00", 60)).unwrap();
    assert_eq!(moved.starts_at, "2026-03-02T14:00");
    let (_, changed) = export(&mut store, meeting, dir.path(), "3.ics");
    assert_eq!(uid_and_sequence(&changed), (uid.clone(), "1".to_string()));
    assert_eq!(local(event(&changed), "DTSTART").0, at("2026-03-02", "14:00"));
    let (_, unchanged) = export(&mut store, meeting, dir.path(), "4.ics");
    assert_eq!(uid_and_sequence(&unchanged), (uid.clone(), "1".to_string()));

    // A case added changes the agenda in the description: sequence 2.
    agenda::add_case(&mut store, meeting, &case("AB-0101", team.ot, 15)).unwrap();
    let (_, with_case) = export(&mut store, meeting, dir.path(), "5.ics");
    assert_eq!(uid_and_sequence(&with_case), (uid.clone(), "2".to_string()));
    assert_eq!(
        invitation::last_exported(store.conn(), meeting).unwrap().map(|s| (s.uid, s.sequence)),
        Some((uid.clone(), 2))
    );

    // Another meeting is another event.
    let other = meetings::create(&mut store, &input(&team, "2026-03-16T13:00", 60)).unwrap().id;
    let (_, next) = export(&mut store, other, dir.path(), "6.ics");
    let (other_uid, other_sequence) = uid_and_sequence(&next);
    assert_ne!(other_uid, uid);
    assert_eq!(other_sequence, "0");

    // Each export is in the audit log with its UID and sequence.
    let logged: Vec<String> = store
        .conn()
        .prepare("SELECT after FROM audit_log WHERE entity = 'meeting' AND entity_id = ?1 AND action = 'export' ORDER BY id")
        .unwrap()
        .query_map([meeting], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(logged.len(), 5);
    assert!(logged[4].contains("\"sequence\":2") && logged[4].contains(&uid), "{}", logged[4]);
}

#[test]
fn the_event_gives_place_link_agenda_by_reference_and_attendees_from_the_roster() {
    let mut store = Store::open_in_memory().unwrap();
    let team = team(&mut store);
    let dir = tempfile::tempdir().unwrap();
    let meeting = meetings::create(&mut store, &input(&team, "2026-03-02T13:00", 60)).unwrap().id;
    let with_number = CaseItemInput {
        identifier: Some(CaseIdentifier { nhs_number: "9434765919".into(), other_identifier: String::new() }),
        reason: "Three falls in a month; lives alone".into(),
        ..case("AB-0101", team.ot, 15)
    };
    agenda::add_case(&mut store, meeting, &with_number).unwrap();
    agenda::add_case(&mut store, meeting, &case("CD-0102", team.splw, 10)).unwrap();
    let apologies = AttendanceInput { status: AttendanceStatus::Apologies, arrived_at: None, left_at: None };
    attendance::set(&mut store, meeting, team.nurse, &apologies).unwrap();

    let (path, calendar) = export(&mut store, meeting, dir.path(), "riverside.ics");
    assert_eq!(value(&calendar.properties, "METHOD"), "REQUEST");
    assert_eq!(value(&calendar.properties, "VERSION"), "2.0");
    let e = event(&calendar);
    assert_eq!(value(&e.properties, "SUMMARY"), "Riverside MDT");
    assert_eq!(unescaped(&value(&e.properties, "LOCATION")), "Riverside Health Centre, room 2");
    assert_eq!(value(&e.properties, "URL"), "https://meet.example.test/riverside");
    assert_eq!(value(&e.properties, "STATUS"), "CONFIRMED");
    let description = unescaped(&value(&e.properties, "DESCRIPTION"));
    for line in [
        "Riverside MDT, Monday 2 March 2026, 13:00 to 14:00.",
        "Join online: https://meet.example.test/riverside",
        "13:00 AB-0101 (15 minutes)",
        "13:15 CD-0102 (10 minutes)",
    ] {
        assert!(description.contains(line), "{line:?} in {description}");
    }
    assert!(!description.contains("falls"), "references only, no reasons: {description}");
    let file = std::fs::read_to_string(&path).unwrap();
    assert!(!file.replace("\r\n ", "").contains("9434765919"), "never an identifier");

    let organiser = property(&e.properties, "ORGANIZER");
    assert_eq!(organiser.value.as_deref(), Some("mailto:gwen.imaginary@example.test"));
    assert_eq!(param(organiser, "CN").as_deref(), Some("Dr Gwen Imaginary"));
    let mut attendees: Vec<(String, String, String)> = e
        .properties
        .iter()
        .filter(|p| p.name == "ATTENDEE")
        .map(|p| (p.value.clone().unwrap(), param(p, "CN").unwrap(), param(p, "PARTSTAT").unwrap()))
        .collect();
    attendees.sort();
    assert_eq!(
        attendees,
        [
            ("mailto:ade.sample@example.test".to_string(), "Ade Sample".to_string(), "NEEDS-ACTION".to_string()),
            ("mailto:gwen.imaginary@example.test".into(), "Dr Gwen Imaginary".into(), "NEEDS-ACTION".into()),
            ("mailto:jo.placeholder@example.test".into(), "Jo Placeholder".into(), "DECLINED".into()),
            ("mailto:priya.example@example.test".into(), "Priya Example".into(), "NEEDS-ACTION".into()),
        ]
    );
    // The care coordinator is expected (positive control) but has no e-mail address, so is left out.
    let expected: Vec<i64> =
        meetings::load(store.conn(), meeting).unwrap().attendance.iter().filter(|a| a.expected).map(|a| a.member_id).collect();
    assert!(expected.contains(&team.coordinator));
    assert!(!file.contains("Cal Coordinator\r") && !file.contains("CN=Cal Coordinator"));
}

#[test]
fn without_a_chair_e_mail_the_event_is_published_without_an_organiser() {
    let mut store = Store::open_in_memory().unwrap();
    let team = team(&mut store);
    let dir = tempfile::tempdir().unwrap();
    let no_chair_email = MeetingInput { chair_id: Some(team.coordinator), ..input(&team, "2026-03-02T13:00", 60) };
    let meeting = meetings::create(&mut store, &no_chair_email).unwrap().id;
    let (_, calendar) = export(&mut store, meeting, dir.path(), "published.ics");
    assert_eq!(value(&calendar.properties, "METHOD"), "PUBLISH");
    assert!(!event(&calendar).properties.iter().any(|p| p.name == "ORGANIZER"));
    assert!(event(&calendar).properties.iter().any(|p| p.name == "ATTENDEE"), "the attendees are still listed");
    assert_eq!(invitation::file_name(store.conn(), meeting).unwrap(), "riverside-mdt-2026-03-02.ics");
}

#[test]
fn a_cancelled_meeting_cancels_the_same_event_and_reinstated_requests_it_again() {
    let mut store = Store::open_in_memory().unwrap();
    let team = team(&mut store);
    let dir = tempfile::tempdir().unwrap();
    let meeting = meetings::create(&mut store, &input(&team, "2026-03-02T13:00", 60)).unwrap().id;
    agenda::add_case(&mut store, meeting, &case("AB-0101", team.ot, 15)).unwrap();
    let (_, sent) = export(&mut store, meeting, dir.path(), "sent.ics");
    let uid = value(&event(&sent).properties, "UID");
    let attendees = |c: &IcalCalendar| event(c).properties.iter().filter(|p| p.name == "ATTENDEE").count();
    assert_eq!(attendees(&sent), 3);

    meetings::cancel(&mut store, meeting, "Chair on leave; cases moved to 9 March").unwrap();
    let (_, cancelled) = export(&mut store, meeting, dir.path(), "cancelled.ics");
    assert_eq!(value(&cancelled.properties, "METHOD"), "CANCEL");
    let e = event(&cancelled);
    assert_eq!(value(&e.properties, "UID"), uid, "the same event");
    assert_eq!(value(&e.properties, "SEQUENCE"), "1", "a later version of it");
    assert_eq!(value(&e.properties, "STATUS"), "CANCELLED");
    assert_eq!(value(&e.properties, "SUMMARY"), "Riverside MDT", "calendars add their own 'Cancelled' to a CANCEL");
    assert_eq!(local(e, "DTSTART").0, at("2026-03-02", "13:00"), "the event's own time, so the calendar finds it");
    assert_eq!(
        unescaped(&value(&e.properties, "DESCRIPTION")),
        "This meeting is cancelled. Reason: Chair on leave; cases moved to 9 March\nRiverside MDT, Monday 2 March 2026, 13:00 to 14:00."
    );
    assert!(property(&e.properties, "ORGANIZER").value.is_some(), "a CANCEL names the organiser");
    assert_eq!(attendees(&cancelled), 3, "and the attendees it goes to");
    let (_, again) = export(&mut store, meeting, dir.path(), "again.ics");
    assert_eq!(value(&event(&again).properties, "SEQUENCE"), "1", "unchanged, so the same sequence");

    meetings::reinstate(&mut store, meeting).unwrap();
    let (_, back) = export(&mut store, meeting, dir.path(), "back.ics");
    assert_eq!(value(&back.properties, "METHOD"), "REQUEST");
    let e = event(&back);
    assert_eq!((value(&e.properties, "UID"), value(&e.properties, "SEQUENCE")), (uid, "2".to_string()));
    assert_eq!(value(&e.properties, "STATUS"), "CONFIRMED");
    assert!(unescaped(&value(&e.properties, "DESCRIPTION")).contains("13:00 AB-0101 (15 minutes)"), "the case is back");
}

#[test]
fn a_cancelled_meeting_without_a_chair_e_mail_is_published_as_cancelled() {
    let mut store = Store::open_in_memory().unwrap();
    let team = team(&mut store);
    let dir = tempfile::tempdir().unwrap();
    let no_chair_email = MeetingInput { chair_id: Some(team.coordinator), ..input(&team, "2026-03-02T13:00", 60) };
    let meeting = meetings::create(&mut store, &no_chair_email).unwrap().id;
    export(&mut store, meeting, dir.path(), "published.ics");
    meetings::cancel(&mut store, meeting, "Bank holiday").unwrap();
    let (_, cancelled) = export(&mut store, meeting, dir.path(), "cancelled.ics");
    assert_eq!(value(&cancelled.properties, "METHOD"), "PUBLISH");
    let e = event(&cancelled);
    assert_eq!(value(&e.properties, "STATUS"), "CANCELLED");
    assert_eq!(value(&e.properties, "SUMMARY"), "Cancelled: Riverside MDT");
}

#[test]
fn an_invitation_never_sent_is_not_cancelled_and_no_file_is_written() {
    let mut store = Store::open_in_memory().unwrap();
    let team = team(&mut store);
    let dir = tempfile::tempdir().unwrap();
    let meeting = meetings::create(&mut store, &input(&team, "2026-03-02T13:00", 60)).unwrap().id;
    meetings::cancel(&mut store, meeting, "Bank holiday").unwrap();
    let path = dir.path().join("never.ics");
    let Err(mdt::Error::Conflict(message)) = invitation::export(&mut store, meeting, &InvitationOptions::default(), &path) else {
        panic!("refused")
    };
    assert!(message.starts_with("No calendar invitation was exported for this meeting"), "{message}");
    assert!(!path.exists());
    assert_eq!(invitation::last_exported(store.conn(), meeting).unwrap(), None);
}
