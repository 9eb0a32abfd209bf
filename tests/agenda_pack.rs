//! The agenda pack read back from the PDF: the details, the timed agenda in order with times that
//! add up, matters arising with the open actions to review, who is expected and who sent apologies,
//! a page per presenter, and never an identifier, even one the database holds.

mod support;

#[path = "support/reports.rs"]
mod reports;

use chrono::{NaiveTime, TimeZone, Utc};
use mdt::Store;
use mdt::actions::{self, ActionInput};
use mdt::agenda::{self, CaseItemInput, Outcome};
use mdt::attendance::{self, AttendanceInput, AttendanceStatus};
use mdt::cases::{self, CaseIdentifier};
use mdt::discussions::DiscussionRecord;
use mdt::meetings::{self, MeetingInput};
use mdt::reports::agenda_pack::{self, AgendaPackOptions};
use mdt::reports::minutes::{self, MinutesOptions};
use mdt::reports::render;
use mdt::teach_ins::{self, TeachInInput};
use reports::{assert_in_order, pdf_pages, pdf_text};
use support::{Team, case, save_record, store_with_team};

const NHS_NUMBER: &str = "9434765919";

/// Two meetings of one series. At the first (16 Feb 2026), AB-0101 (who has an NHS number on
/// record) was discussed: a decision and two actions, one long overdue. The second (2 Mar 2026,
/// 13:00, an hour) lists matters arising, AB-0101 again (15 minutes, the OT), CD-0102 (10 minutes,
/// the SPLW) and a 20-minute OT and SPLW teach-in; the nurse has sent apologies.
fn two_meetings() -> (Store, Team, i64, i64) {
    let (mut store, team) = store_with_team();
    let first = support::meeting(&mut store, &team, "2026-02-16T13:00").id;
    let with_number = CaseItemInput {
        identifier: Some(CaseIdentifier { nhs_number: NHS_NUMBER.into(), other_identifier: String::new() }),
        reason: "Three falls in a month; lives alone".into(),
        ..case("AB-0101", team.ot, 15)
    };
    let item = agenda::add_case(&mut store, first, &with_number).unwrap();
    let record = DiscussionRecord { decision: "OT home visit this week, then review at the next MDT.".into(), ..Default::default() };
    save_record(&mut store, item, &record).unwrap();
    let action = |description: &str, owner: i64, due: &str| ActionInput {
        description: description.into(),
        owner_id: owner,
        due_date: Some(due.into()),
    };
    actions::add(&mut store, item, &action("Refer to the befriending service", team.splw, "2026-02-20")).unwrap();
    actions::add(&mut store, item, &action("Order grab rails for the bathroom", team.ot, "2099-01-31")).unwrap();
    agenda::set_outcome(&mut store, item, Outcome::Discussed, 900).unwrap();
    meetings::finalise(&mut store, first).unwrap();

    let input = MeetingInput {
        video_link: "https://meet.example.test/riverside".into(),
        ..support::meeting_input(&team, "2026-03-02T13:00")
    };
    let second = meetings::create(&mut store, &input).unwrap().id;
    let again = CaseItemInput { reason: "Falls at night; check the home visit".into(), ..case("AB-0101", team.ot, 15) };
    agenda::add_case(&mut store, second, &again).unwrap();
    let cd = CaseItemInput { reason: "Isolated since a bereavement".into(), ..case("CD-0102", team.splw, 10) };
    agenda::add_case(&mut store, second, &cd).unwrap();
    let teach_in = teach_ins::create(
        &mut store,
        &TeachInInput {
            role_keys: vec!["ot".into(), "splw".into()],
            presenter_ids: vec![team.ot, team.splw],
            total_minutes: 20,
            audience: "Riverside MDT core members".into(),
            ..Default::default()
        },
    )
    .unwrap();
    teach_ins::add_to_meeting(&mut store, second, teach_in.id).unwrap();
    let apologies = AttendanceInput { status: AttendanceStatus::Apologies, arrived_at: None, left_at: None };
    attendance::set(&mut store, second, team.nurse, &apologies).unwrap();
    (store, team, first, second)
}

fn options(per_presenter: bool) -> AgendaPackOptions {
    AgendaPackOptions { per_presenter, created: Some(Utc.with_ymd_and_hms(2026, 2, 27, 9, 0, 0).unwrap()) }
}

fn pack(store: &Store, meeting: i64, per_presenter: bool) -> Vec<u8> {
    render(&agenda_pack::document(store.conn(), meeting, &options(per_presenter)).unwrap()).unwrap().pdf
}

/// The timed agenda's rows as (number, start, minutes), read from the text between its heading
/// and the next section: each row starts "N. HH:MM M minute(s)".
fn agenda_rows(text: &str) -> (Vec<(usize, NaiveTime, i64)>, String) {
    let from = text.find("Timed agenda").expect("the timed agenda");
    let to = text[from..].find("Matters arising: open actions").map_or(text.len(), |i| from + i);
    let words: Vec<&str> = text[from..to].split_whitespace().collect();
    let mut rows = Vec::new();
    let mut ends = String::new();
    for (i, w) in words.iter().enumerate() {
        let number = w.strip_suffix('.').and_then(|n| n.parse::<usize>().ok());
        if let (Some(n), Some(start), Some(minutes), Some(unit)) = (number, words.get(i + 1), words.get(i + 2), words.get(i + 3))
            && unit.starts_with("minute")
            && let Ok(start) = NaiveTime::parse_from_str(start, "%H:%M")
        {
            rows.push((n, start, minutes.parse().unwrap()));
        }
        if *w == "Ends" && words.get(i + 1) == Some(&"at") {
            ends = words[i + 2].to_string();
        }
    }
    (rows, ends)
}

#[test]
fn the_agenda_is_in_order_with_times_that_add_up() {
    let (store, _team, _first, second) = two_meetings();
    let text = pdf_text(&pack(&store, second, false));
    assert_in_order(
        &text,
        &[
            "Riverside MDT: agenda",
            "Date Monday 2 March 2026",
            "Time 13:00 to 14:00 (60 minutes)",
            "Place Riverside Health Centre, room 2",
            "Video link https://meet.example.test/riverside",
            "Chair Dr Gwen Imaginary (GP)",
            "Minutes taken by Cal Coordinator (Care coordinator)",
            "Timed agenda",
            "Matters arising",
            "2 open actions to review, 1 overdue",
            "The chair",
            "AB-0101",
            "Reason: Falls at night; check the home visit",
            "Priya Example",
            "CD-0102",
            "Reason: Isolated since a bereavement",
            "Ade Sample",
            "Teach-in: the occupational therapist",
            "Ends at 13:50",
            "The agenda takes 50 minutes of the meeting's 60 minutes",
        ],
    );
    let (rows, ends) = agenda_rows(&text);
    let wanted = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    assert_eq!(
        rows,
        [(1, wanted(13, 0), 5), (2, wanted(13, 5), 15), (3, wanted(13, 20), 10), (4, wanted(13, 30), 20)],
        "{text}"
    );
    // Each item starts when the one before it ends, and the last ends when the agenda says.
    for pair in rows.windows(2) {
        assert_eq!(pair[0].1 + chrono::Duration::minutes(pair[0].2), pair[1].1);
    }
    let (_, last_start, last_minutes) = rows[rows.len() - 1];
    assert_eq!((last_start + chrono::Duration::minutes(last_minutes)).format("%H:%M").to_string(), ends);
    let total: i64 = rows.iter().map(|r| r.2).sum();
    assert!(text.contains(&format!("{total} minutes Ends at {ends}")), "the total row: {text}");
}

#[test]
fn matters_arising_lists_the_open_actions_with_overdue_in_words() {
    let (store, _team, _first, second) = two_meetings();
    let text = pdf_text(&pack(&store, second, false));
    assert_in_order(
        &text,
        &[
            "Matters arising: open actions to review",
            "Overdue ones are in bold and marked OVERDUE",
            "AB-0101: Refer to the befriending service",
            "Ade Sample",
            "16 Feb 2026",
            "20 Feb 2026 OVERDUE",
            "AB-0101: Order grab rails for the bathroom",
            "Priya Example",
            "31 Jan 2099",
            "Who is expected",
        ],
    );
    assert_eq!(text.matches("OVERDUE").count(), 2, "the sentence and the one overdue action: {text}");
    assert_in_order(
        &text,
        &[
            "Who is expected",
            "Expected (4)",
            "Ade Sample (Social prescribing link worker)",
            "Cal Coordinator (Care coordinator)",
            "Dr Gwen Imaginary (GP)",
            "Priya Example (Occupational therapist)",
            "Apologies received Jo Placeholder (Practice or district nurse)",
        ],
    );
}

#[test]
fn no_identifier_is_printed_even_when_one_is_stored() {
    let (store, _team, first, second) = two_meetings();
    // Positive control: the database holds AB-0101's NHS number, and the minutes print it when asked.
    let case_id = meetings::load(store.conn(), second).unwrap().agenda.iter().find(|i| i.label() == "AB-0101").unwrap().case_id.unwrap();
    let stored = cases::identifiers(store.conn(), &[case_id]).unwrap();
    assert_eq!(stored[0].1.nhs_number, NHS_NUMBER);
    let with = MinutesOptions { include_identifiers: true, created: None };
    assert!(pdf_text(&render(&minutes::document(store.conn(), first, &with).unwrap()).unwrap().pdf).contains("943 476 5919"));

    for per_presenter in [false, true] {
        let pdf = pack(&store, second, per_presenter);
        let text = pdf_text(&pdf);
        assert!(text.contains("AB-0101"), "the person is there by reference");
        let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(!squeezed.contains(NHS_NUMBER), "no NHS number, however it is spaced (per presenter: {per_presenter})");
        let raw = String::from_utf8_lossy(&pdf);
        assert!(!raw.contains(NHS_NUMBER), "not in the file's bytes either");
    }
}

#[test]
fn every_page_has_the_marking_and_its_number() {
    let (store, _team, _first, second) = two_meetings();
    let pages = pdf_pages(&pack(&store, second, true));
    assert!(pages.len() >= 3, "the agenda and a page for each of the two presenters");
    for (n, page) in pages.iter().enumerate() {
        let text = page.join(" ");
        assert_eq!(text.matches("OFFICIAL-SENSITIVE").count(), 2, "top and bottom of page {}", n + 1);
        assert!(text.contains(&format!("Page {} of {}", n + 1, pages.len())), "{text}");
    }
}

#[test]
fn each_presenter_has_a_page_of_what_they_are_bringing() {
    let (store, _team, _first, second) = two_meetings();
    let plain = pdf_pages(&pack(&store, second, false));
    let pages = pdf_pages(&pack(&store, second, true));
    assert!(pages.len() > plain.len());
    let page_of = |who: &str| -> String {
        let found: Vec<String> =
            pages.iter().map(|p| p.join(" ")).filter(|p| p.contains(&format!("What you are bringing: {who}"))).collect();
        assert_eq!(found.len(), 1, "one page for {who}");
        found[0].clone()
    };
    let priya = page_of("Priya Example (Occupational therapist)");
    assert_in_order(
        &priya,
        &[
            "Riverside MDT, Monday 2 March 2026 at 13:00",
            "AB-0101: 15 minutes at 13:05",
            "Reason Falls at night; check the home visit",
            "Last discussed Riverside MDT, Monday 16 February 2026",
            "Decision then OT home visit this week, then review at the next MDT.",
            "Open actions for AB-0101",
            "AB-0101: Refer to the befriending service",
            "Ade Sample",
            "20 Feb 2026 OVERDUE",
            "Teach-in: the occupational therapist",
            "20 minutes at 13:30",
            "Your open actions",
            "AB-0101: Order grab rails for the bathroom",
        ],
    );
    assert!(!priya.contains("CD-0102"), "only her own cases");
    assert!(!priya.contains("Teach-in: Teach-in"), "a teach-in called a teach-in is not called so twice");
    let ade = page_of("Ade Sample (Social prescribing link worker)");
    assert_in_order(
        &ade,
        &[
            "CD-0102: 10 minutes at 13:20",
            "Reason Isolated since a bereavement",
            "Last discussed Not at an earlier meeting",
            "No open actions for CD-0102.",
            "Teach-in:",
            "Your open actions",
            "AB-0101: Refer to the befriending service",
            "OVERDUE",
        ],
    );
    // Nobody else presents, so nobody else has a page.
    assert_eq!(pages.iter().filter(|p| p.join(" ").contains("What you are bringing")).count(), 2);
}

#[test]
fn a_meeting_with_nothing_listed_says_so_and_the_file_name_is_offered() {
    let (mut store, team) = store_with_team();
    let m = support::meeting(&mut store, &team, "2026-10-26T09:30").id;
    let text = pdf_text(&pack(&store, m, true));
    assert_in_order(&text, &["Monday 26 October 2026", "Timed agenda", "Nothing is on the agenda yet.", "Apologies received None so far"]);
    assert!(!text.contains("What you are bringing"));
    assert_eq!(agenda_pack::file_name(store.conn(), m).unwrap(), "riverside-mdt-2026-10-26-agenda-pack.pdf");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pack.pdf");
    let report = agenda_pack::export(store.conn(), m, &options(false), &path).unwrap();
    assert_eq!(report.pages, 1);
    assert!(pdf_text(&std::fs::read(&path).unwrap()).contains("Riverside MDT: agenda"));
}

#[test]
fn a_presenter_who_is_not_expected_or_sent_apologies_is_pointed_out() {
    let (mut store, team) = store_with_team();
    let m = support::meeting(&mut store, &team, "2026-03-02T13:00").id;
    // The nurse is not a core member, so not expected.
    agenda::add_case(&mut store, m, &case("EF-0103", team.nurse, 10)).unwrap();
    let text = pdf_text(&pack(&store, m, false));
    assert!(text.contains("Presenting, not on the expected list Jo Placeholder (Practice or district nurse)"), "{text}");
    assert!(!text.contains("Presenting, but sent apologies"));
    let apologies = AttendanceInput { status: AttendanceStatus::Apologies, arrived_at: None, left_at: None };
    attendance::set(&mut store, m, team.nurse, &apologies).unwrap();
    let text = pdf_text(&pack(&store, m, false));
    assert!(text.contains("Presenting, but sent apologies Jo Placeholder (Practice or district nurse)"), "{text}");
    assert!(!text.contains("Presenting, not on the expected list"));
}

/// Writes the pack and a per-presenter page to target/agenda-pack/ for a person to look at
/// (`pdftoppm -png -r 60 target/agenda-pack/pack.pdf target/agenda-pack/page`).
#[test]
fn the_pack_is_written_for_a_person_to_look_at() {
    let (store, _team, _first, second) = two_meetings();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("agenda-pack");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("pack.pdf"), pack(&store, second, true)).unwrap();
}
