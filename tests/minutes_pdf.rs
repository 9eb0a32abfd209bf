//! Minutes as PDF, built through the core API and checked by reading the text back from the file.

mod support;
#[path = "support/reports.rs"]
mod reports;

use chrono::{Duration, Local, TimeZone, Utc};
use mdt::audit::AuditEntity;
use mdt::actions::{self, ActionInput};
use mdt::agenda::{self, CaseItemInput, Consent, OtherItemInput, Outcome};
use mdt::attendance::{self, AttendanceInput, AttendanceStatus};
use mdt::cases::CaseIdentifier;
use mdt::discussions::{DiscussionRecord, Lead, Need};
use mdt::meetings::{self, MeetingInput};
use mdt::members::{self, MemberInput};
use mdt::reports::minutes::{self, DRAFT_NOTICE, IDENTIFIERS_NOTICE, MinutesOptions};
use mdt::reports::{Rendered, render};
use mdt::guidance::{self, FlagCode};
use mdt::{Store, history};
use reports::{assert_in_order, pdf_pages, pdf_text};
use support::*;

/// A date `offset` days from today, as stored.
fn day(offset: i64) -> String {
    (Local::now().date_naive() + Duration::days(offset)).format("%Y-%m-%d").to_string()
}

fn options(include_identifiers: bool) -> MinutesOptions {
    MinutesOptions { include_identifiers, created: Some(Utc.with_ymd_and_hms(2026, 3, 2, 15, 0, 0).unwrap()) }
}

fn minutes_of(store: &Store, meeting: i64, include_identifiers: bool) -> Rendered {
    render(&minutes::document(store.conn(), meeting, &options(include_identifiers)).unwrap()).unwrap()
}

fn present() -> AttendanceInput {
    AttendanceInput { status: AttendanceStatus::Present, arrived_at: None, left_at: None }
}

fn act(store: &mut Store, item: i64, description: &str, owner: i64, due: Option<String>) -> i64 {
    actions::add(store, item, &ActionInput { description: description.into(), owner_id: owner, due_date: due }).unwrap().id
}

fn discuss(store: &mut Store, item: i64, record: DiscussionRecord, minutes_used: i64) {
    save_record(store, item, &record).unwrap();
    agenda::set_outcome(store, item, Outcome::Discussed, minutes_used * 60).unwrap();
}

/// A previous meeting with actions, then a finalised and amended meeting: attendance of every
/// kind, two discussed cases (one with an NHS number), another item, two cases not reached.
struct Scene {
    store: Store,
    team: Team,
    meeting: i64,
}

fn scene() -> Scene {
    let mut store = Store::open_in_memory().unwrap();
    let team = team(&mut store);
    let absentee = members::create(
        &mut store,
        &MemberInput { name: "Ola Absentee".into(), role_key: "physio".into(), ..Default::default() },
    )
    .unwrap()
    .id;

    // Two earlier meetings: an action closed before the last one is no longer a matter arising.
    let older = meeting(&mut store, &team, &format!("{}T13:00", day(-42))).id;
    let item = add_case(&mut store, older, "OL-0001", team.ot);
    let old = act(&mut store, item, "Book the first home visit", team.ot, Some(day(-35)));
    actions::complete(&mut store, old, Some(&day(-36))).unwrap();
    agenda::set_outcome(&mut store, item, Outcome::Discussed, 600).unwrap();
    meetings::finalise(&mut store, older).unwrap();
    let previous = meeting(&mut store, &team, &format!("{}T13:00", day(-28))).id;
    let item = add_case(&mut store, previous, "PV-0001", team.ot);
    act(&mut store, item, "Chase the grab-rail fitting", team.ot, Some(day(-20)));
    let done = act(&mut store, item, "Send the lunch club leaflet", team.splw, Some(day(-21)));
    actions::complete(&mut store, done, Some(&day(-25))).unwrap();
    agenda::set_outcome(&mut store, item, Outcome::Discussed, 600).unwrap();
    meetings::finalise(&mut store, previous).unwrap();

    let mut input = meeting_input(&team, &format!("{}T13:00", day(-14)));
    input.video_link = "https://meet.example.org/riverside".into();
    let m = meetings::create(&mut store, &input).unwrap().id;
    for (id, input) in [
        (team.gp, present()),
        (team.coordinator, present()),
        (team.ot, AttendanceInput { arrived_at: Some("13:20".into()), ..present() }),
        (team.splw, AttendanceInput { left_at: Some("14:05".into()), ..present() }),
        (team.nurse, AttendanceInput { status: AttendanceStatus::Apologies, arrived_at: None, left_at: None }),
        (absentee, AttendanceInput { status: AttendanceStatus::Absent, arrived_at: None, left_at: None }),
    ] {
        attendance::set(&mut store, m, id, &input).unwrap();
    }

    let ab = agenda::add_case(
        &mut store,
        m,
        &CaseItemInput {
            identifier: Some(CaseIdentifier { nhs_number: "9434765919".into(), other_identifier: String::new() }),
            ..case("AB-0101", team.ot, 15)
        },
    )
    .unwrap();
    discuss(
        &mut store,
        ab,
        DiscussionRecord {
            situation: "Two falls at night on the way to the bathroom.".into(),
            discussion: "The team agreed the priority is a safe night-time route.".into(),
            needs: vec![Need::Functional, Need::SocialIsolation],
            leads: vec![Lead { aspect: "Home safety".into(), member_id: Some(team.ot), role_key: None }],
            risk_holder_id: Some(team.gp),
            decision: "Decision AB: OT home visit this week.".into(),
            decision_owner_id: Some(team.ot),
            next_review_date: Some(day(14)),
            ..Default::default()
        },
        17,
    );
    act(&mut store, ab, "Arrange a joint home visit", team.ot, Some(day(-7)));
    act(&mut store, ab, "Review the evening medicines", team.gp, Some(day(-5)));

    let updates = agenda::add_other(
        &mut store,
        m,
        &OtherItemInput { title: "Service updates".into(), minutes_allowed: 5, presenter_id: Some(team.splw) },
    )
    .unwrap();
    act(&mut store, updates, "Circulate the lunch club timetable", team.splw, None);

    let cd = add_case(&mut store, m, "CD-0102", team.splw);
    discuss(
        &mut store,
        cd,
        DiscussionRecord { decision: "Decision CD: refer to befriending.".into(), decision_owner_id: Some(team.splw), ..Default::default() },
        9,
    );
    act(&mut store, cd, "Refer to the befriending scheme", team.splw, Some(day(2)));

    add_case(&mut store, m, "EF-0103", team.ot);
    agenda::add_case(&mut store, m, &CaseItemInput { consent: Consent::Objected, ..case("GH-0104", team.gp, 10) }).unwrap();
    meetings::finalise(&mut store, m).unwrap();

    meetings::begin_amendment(&mut store, m, "The GP's action was given the wrong due date").unwrap();
    let gp_action = actions::list(store.conn(), &Default::default())
        .unwrap()
        .into_iter()
        .find(|a| a.description == "Review the evening medicines")
        .unwrap();
    actions::update(
        &mut store,
        gp_action.id,
        &ActionInput { description: gp_action.description.clone(), owner_id: team.gp, due_date: Some(day(-4)) },
    )
    .unwrap();
    meetings::finish_amendment(&mut store, m).unwrap();
    Scene { store, team, meeting: m }
}

#[test]
fn minutes_name_everyone_and_give_every_case_decision_and_action_in_order() {
    let s = scene();
    let text = pdf_text(&minutes_of(&s.store, s.meeting, false).pdf);
    assert_in_order(
        &text,
        &[
            "Riverside MDT: minutes",
            "Chair",
            "Dr Gwen Imaginary (GP",
            "Minutes taken by",
            "Cal Coordinator",
            "Finalised on",
            "Present",
            "Ade Sample",
            "Cal Coordinator",
            "Dr Gwen Imaginary",
            "Priya Example",
            "Arrived late",
            "Priya Example at 13:20",
            "Left early",
            "Ade Sample at 14:05",
            "Apologies",
            "Jo Placeholder",
            "Absent",
            "Ola Absentee",
            "Amendments after finalising",
            ": The GP's action was given the wrong due date",
            "1. Matters arising",
            "PV-0001: Chase the grab-rail fitting",
            "OVERDUE",
            "PV-0001: Send the lunch club leaflet",
            "Done",
            "2. AB-0101",
            "Presented by",
            "Priya Example",
            "15 minutes allowed, 17 used",
            "Two falls at night",
            "Functional, Social isolation",
            "Home safety: Priya Example",
            "Clinical risk held by",
            "Dr Gwen Imaginary",
            "Decision AB: OT home visit this week.",
            "Responsible",
            "Priya Example",
            "Action 1",
            "Arrange a joint home visit",
            "Action 2",
            "Review the evening medicines",
            "3. Service updates",
            "Action 3",
            "Circulate the lunch club timetable",
            "4. CD-0102",
            "Decision CD: refer to befriending.",
            "Action 4",
            "Refer to the befriending scheme",
            "Listed but not discussed",
            "EF-0103",
            "Carried to the next meeting",
            "GH-0104",
            "Not carried forward",
            "Agreed actions",
            "1 Arrange a joint home visit",
            "2 Review the evening medicines",
            "3 Circulate the lunch club timetable",
            "4 Refer to the befriending scheme",
        ],
    );
    assert!(!text.contains("Book the first home visit"), "closed before the previous meeting: not a matter arising");
    assert!(!text.contains(DRAFT_NOTICE));
}

#[test]
fn every_page_has_the_running_header_and_a_right_page_count() {
    let mut store = Store::open_in_memory().unwrap();
    let meeting = reports::big_meeting(&mut store, 6, 5);
    let out = minutes_of(&store, meeting, false);
    let pages = pdf_pages(&out.pdf);
    assert!(out.pages > 3, "{} pages", out.pages);
    assert_eq!(pages.len(), out.pages);
    for (i, page) in pages.iter().enumerate() {
        assert_eq!(page[..3], ["OFFICIAL-SENSITIVE", "Big neighbourhood MDT: minutes", "Monday 2 March 2026"], "page {}", i + 1);
        assert_eq!(page[page.len() - 2], format!("Page {} of {}", i + 1, out.pages));
    }
    // The table of agreed actions runs over pages with its header row repeated on each.
    let table_pages: Vec<&Vec<String>> =
        pages.iter().skip_while(|p| !p.iter().any(|l| l == "Agreed actions")).collect();
    assert!(table_pages.len() >= 2, "the 30-row table spans pages");
    for page in &table_pages[1..] {
        assert_eq!(page[3..8], ["No.", "Action", "Owner", "Due", "Case"]);
    }
}

#[test]
fn identifiers_are_left_out_unless_asked_for_and_then_flagged_on_every_page() {
    let mut s = scene();
    let without = minutes_of(&s.store, s.meeting, false);
    let text = pdf_text(&without.pdf);
    for hidden in ["9434765919", "943 476 5919", IDENTIFIERS_NOTICE] {
        assert!(!text.contains(hidden), "{hidden} printed without being asked for");
    }
    assert!(text.contains("Left out: people are named by their pseudonymous reference only."));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("minutes.pdf");
    let report = minutes::export(&mut s.store, s.meeting, &options(true), &path).unwrap();
    let pdf = std::fs::read(&path).unwrap();
    assert_eq!(report.pages as usize, pdf_pages(&pdf).len());
    assert!(pdf_text(&pdf).contains("NHS number 943 476 5919"));
    assert!(pdf_text(&pdf).contains("Included for this export"));
    for page in pdf_pages(&pdf) {
        assert_eq!(page[3], IDENTIFIERS_NOTICE, "the notice runs under the header of every page");
    }
    let log = history::entity(s.store.conn(), AuditEntity::Meeting, s.meeting).unwrap();
    let export = log.iter().find(|e| e.action.as_str() == "export").expect("the export is audited");
    assert!(export.after.as_deref().unwrap().contains("\"includeIdentifiers\":true"), "{export:?}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left behind");
}

#[test]
fn a_failed_export_writes_nothing_and_audits_nothing() {
    let mut s = scene();
    let before = history::entity(s.store.conn(), AuditEntity::Meeting, s.meeting).unwrap().len();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-folder/minutes.pdf");
    assert!(minutes::export(&mut s.store, s.meeting, &options(true), &path).is_err());
    assert_eq!(history::entity(s.store.conn(), AuditEntity::Meeting, s.meeting).unwrap().len(), before);
    assert!(!path.exists());
}

#[test]
fn a_draft_says_so_on_every_page_and_shows_cases_not_yet_reached() {
    let mut store = Store::open_in_memory().unwrap();
    let team = team(&mut store);
    let m = meeting(&mut store, &team, "2026-03-02T13:00").id;
    let first = add_case(&mut store, m, "AB-0101", team.ot);
    discuss(&mut store, first, DiscussionRecord { decision: "Home visit".into(), ..Default::default() }, 5);
    add_case(&mut store, m, "CD-0102", team.ot);
    let out = minutes_of(&store, m, false);
    for page in pdf_pages(&out.pdf) {
        assert_eq!(page[3], DRAFT_NOTICE);
    }
    assert_in_order(&pdf_text(&out.pdf), &["Draft: not finalised", "1. AB-0101", "Listed, not yet discussed", "CD-0102"]);
    // A draft with identifiers carries both notices, whole, on one line.
    for page in pdf_pages(&minutes_of(&store, m, true).pdf) {
        assert_eq!(page[3], format!("{DRAFT_NOTICE}  {IDENTIFIERS_NOTICE}"));
    }
}

#[test]
fn the_file_name_comes_from_title_and_date() {
    let s = scene();
    let name = minutes::file_name(s.store.conn(), s.meeting).unwrap();
    assert_eq!(name, format!("riverside-mdt-{}-minutes.pdf", day(-14)));
    let _ = s.team;
}

// --- stress: none may panic, all must paginate ---------------------------------------------------

/// Every page numbered "n of N" with the running header, and the same count the renderer gave.
fn assert_paginates(out: &Rendered) {
    let pages = pdf_pages(&out.pdf);
    assert_eq!(pages.len(), out.pages);
    for (i, page) in pages.iter().enumerate() {
        assert_eq!(page.first().map(String::as_str), Some("OFFICIAL-SENSITIVE"));
        assert_eq!(page[page.len() - 2], format!("Page {} of {}", i + 1, out.pages));
    }
}

#[test]
fn forty_cases_with_two_hundred_actions_and_long_notes() {
    let mut store = Store::open_in_memory().unwrap();
    let meeting = reports::big_meeting(&mut store, 40, 5);
    let out = minutes_of(&store, meeting, false);
    assert_paginates(&out);
    assert!(out.pages > 40, "{} pages", out.pages);
    assert!(out.missing_chars.is_empty(), "{:?}", out.missing_chars);
    let text = pdf_text(&out.pdf);
    let cases: Vec<String> = (1..=40).map(|c| format!("{c}. BG-{c:04}")).collect();
    assert_in_order(&text, &cases.iter().map(String::as_str).collect::<Vec<_>>());
    // The consolidated table lists all 200, numbered in agenda order.
    let table = &text[text.rfind("Agreed actions").unwrap()..];
    let rows: Vec<String> = (1..=200).map(|n| format!("{n} BG-{:04} action {}", (n - 1) / 5 + 1, (n - 1) % 5 + 1)).collect();
    assert_in_order(table, &rows.iter().map(String::as_str).collect::<Vec<_>>());
}

#[test]
fn a_five_thousand_word_discussion_paginates_whole() {
    let mut store = Store::open_in_memory().unwrap();
    let team = team(&mut store);
    let m = meeting(&mut store, &team, "2026-03-02T13:00").id;
    let item = add_case(&mut store, m, "LONG-1", team.gp);
    let words: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
    discuss(&mut store, item, DiscussionRecord { discussion: words.join(" "), ..Default::default() }, 45);
    meetings::finalise(&mut store, m).unwrap();
    let out = minutes_of(&store, m, false);
    assert_paginates(&out);
    assert!(out.pages >= 5, "{} pages", out.pages);
    let text = pdf_text(&out.pdf);
    let printed: Vec<&str> = text.split(' ').filter(|w| w.starts_with('w') && w[1..].parse::<u32>().is_ok()).collect();
    assert_eq!(printed, words.iter().map(String::as_str).collect::<Vec<_>>());
}

#[test]
fn a_meeting_with_every_field_empty_still_makes_minutes() {
    let mut store = Store::open_in_memory().unwrap();
    let m = meetings::create(
        &mut store,
        &MeetingInput { planned_minutes: 5, ..MeetingInput::new("S", "T", "2026-03-02T13:00") },
    )
    .unwrap()
    .id;
    let item = agenda::add_case(
        &mut store,
        m,
        &CaseItemInput {
            reference: "X".into(),
            identifier: None,
            reason: String::new(),
            presenter_id: None,
            co_presenter_ids: Vec::new(),
            minutes_allowed: 1,
            consent: Consent::NotRecorded,
            professionals: Vec::new(),
        },
    )
    .unwrap();
    discuss(&mut store, item, DiscussionRecord::default(), 0);
    meetings::finalise(&mut store, m).unwrap();
    for include in [false, true] {
        let out = minutes_of(&store, m, include);
        assert_paginates(&out);
        assert_eq!(out.pages, 1);
        assert_in_order(
            &pdf_text(&out.pdf),
            &["Not recorded", "Attendance was not recorded.", "1. X", "No discussion was recorded.", "No actions were agreed"],
        );
    }
    let empty = meetings::create(
        &mut store,
        &MeetingInput { planned_minutes: 5, ..MeetingInput::new("S", "Empty", "2026-03-09T13:00") },
    )
    .unwrap();
    assert_paginates(&minutes_of(&store, empty.id, false));
}

#[test]
fn names_in_many_scripts_print_or_are_reported_never_a_crash() {
    let mut store = Store::open_in_memory().unwrap();
    let names = [
        ("Siân Ellis-Wójcik", "nurse"),
        ("Gwenllïan ap Dafydd", "ot"),
        ("Łucja Żak-Śliwińska", "splw"),
        ("Muhammad Zubair Chaudhry", "gp"),
        ("Zoë O’Connor-Núñez", "physio"),
        ("Αθηνά Παπαδοπούλου", "pharmacist"),
        ("Олена Коваленко", "social_worker"),
        ("Nguyễn Thị Hồng", "care_coordinator"),
        ("王芳", "other"),
        ("محمد علي", "other"),
        ("রহিমা বেগম", "other"),
        ("ሳባ ተስፋዬ", "other"),
    ];
    let ids: Vec<i64> = names
        .iter()
        .map(|(name, role)| {
            let input = MemberInput { name: (*name).into(), role_key: (*role).into(), core_member: true, ..Default::default() };
            members::create(&mut store, &input).unwrap().id
        })
        .collect();
    let input = MeetingInput {
        location: "Canolfan Iechyd Pwllheli".into(),
        chair_id: Some(ids[0]),
        minute_taker_id: Some(ids[8]),
        ..MeetingInput::new("Llŷn MDT", "Cyfarfod Llŷn — “MDT”", "2026-03-02T13:00")
    };
    let m = meetings::create(&mut store, &input).unwrap().id;
    for id in &ids {
        attendance::set(&mut store, m, *id, &present()).unwrap();
    }
    let item = add_case(&mut store, m, "ŁŻ-0001", ids[1]);
    // Notes in the scripts teams write in: a Hebrew note (right to left, aligned right), an Arabic
    // one long enough to wrap, and an English one with Urdu and Bengali names inside it.
    let hebrew = "המשפחה תתקשר למרפאה ביום שני בבוקר. המטופלת גרה לבד ומבקשת עזרה בקניות.";
    let arabic = "تم الاتصال بالعائلة وسيتم ترتيب زيارة منزلية الأسبوع القادم مع المعالج المهني (OT) والممرضة. ".repeat(3);
    let english = "Daughter عائشہ خان asked that রহিমা বেগম be called before any visit; किरण शर्मा will interpret.";
    let record = DiscussionRecord {
        situation: hebrew.into(),
        discussion: format!("{}\n{english}", arabic.trim_end()),
        decision: "Ymweliad cartref — “ar frys”".into(),
        decision_owner_id: Some(ids[9]),
        ..Default::default()
    };
    discuss(&mut store, item, record, 5);
    act(&mut store, item, "Zadzwoń do córki", ids[2], None);
    meetings::finalise(&mut store, m).unwrap();
    let out = minutes_of(&store, m, false);
    assert_paginates(&out);
    let text = pdf_text(&out.pdf);
    // Chinese prints from a fallback face as typed. Arabic and Bengali are shaped (joined forms,
    // a vowel sign drawn before its consonant), so the glyphs in drawn order are not the typed
    // text: they read back as typed below, through poppler (tests/pdf_shaping.rs checks them closely).
    for (name, _) in &names[..9] {
        assert!(text.contains(name), "{name} not printed as typed: {text}");
    }
    assert!(text.contains("Cyfarfod Llŷn — “MDT”") && text.contains("Zadzwoń do córki"));
    // Ethiopic is in no face: each of its letters prints as "�" and is reported.
    assert_eq!(out.missing_chars, ['ሳ', 'ባ', 'ተ', 'ስ', 'ፋ', 'ዬ']);
    assert!(text.contains("\u{FFFD}\u{FFFD} \u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"), "a visible gap for each letter: {text}");

    // Read independently by poppler: the characters come back, from embedded fallback fonts.
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pdf-samples");
    std::fs::create_dir_all(&samples).unwrap();
    std::fs::write(samples.join("minutes-scripts.pdf"), &out.pdf).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("minutes.pdf");
    std::fs::write(&path, &out.pdf).unwrap();
    let run = |tool: &str, args: &[&str]| {
        let out = std::process::Command::new(tool).args(args).arg(&path).output().expect("poppler-utils is installed");
        assert!(out.status.success(), "{tool}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let extracted = run("pdftotext", &["-enc", "UTF-8"]);
    let extracted = std::fs::read_to_string(dir.path().join("minutes.txt")).map_or(extracted, |t| t);
    // pdftotext puts bidi embedding marks around right-to-left runs, and moves a space next to
    // one across the mark: compared without either.
    let squeeze = |text: &str| -> String { text.chars().filter(|c| !c.is_whitespace() && !matches!(c, '\u{202A}'..='\u{202E}')).collect() };
    let extracted = squeeze(&extracted);
    // (Poppler places the full stops of a right-to-left line by its own rules, so the right-to-left
    // notes are checked a sentence at a time; tests/pdf_shaping.rs reads them whole from the tree.)
    let sentences = ["המשפחה תתקשר למרפאה ביום שני בבוקר", "המטופלת גרה לבד ומבקשת עזרה בקניות", "تم الاتصال بالعائلة وسيتم ترتيب"];
    for name in ["王芳", "রহিমা বেগম", "Αθηνά Παπαδοπούλου", "محمد علي", english].into_iter().chain(sentences) {
        assert!(extracted.contains(&squeeze(name)), "pdftotext: {name} missing from {extracted}");
    }
    let fonts = run("pdffonts", &[]);
    for face in ["NotoSans-Regular", "NotoSans-Bold", "NotoSansArabic-Regular", "NotoSansBengali-Regular", "DroidSansFallback"] {
        let line = fonts.lines().find(|l| l.contains(&format!("+{face} "))).unwrap_or_else(|| panic!("{face} not in\n{fonts}"));
        let columns: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(columns[1..5], ["CID", "TrueType", "Identity-H", "yes"], "{face} embedded: {line}");
    }
    assert!(!fonts.contains("Symbola"), "a face no text needs is left out:\n{fonts}");
}

/// A stored UTC time as the minutes print it on this machine: "1 December 2026 at 15:03".
fn local(utc: &str) -> chrono::DateTime<Local> {
    chrono::DateTime::parse_from_rfc3339(utc).unwrap().with_timezone(&Local)
}

#[test]
fn flags_finalised_past_are_printed_under_their_case_with_when() {
    let mut store = Store::open_in_memory().unwrap();
    let team = team(&mut store);
    let m = meeting(&mut store, &team, "2026-03-02T13:00").id;
    attendance::set(&mut store, m, team.gp, &present()).unwrap();
    // An SPLW holding clinical risk: a flag the chair can finalise past.
    let risky = add_case(&mut store, m, "RK-0001", team.ot);
    let record = DiscussionRecord {
        needs: vec![Need::Functional, Need::SocialIsolation],
        leads: vec![Lead { aspect: "Home assessment".into(), member_id: Some(team.ot), role_key: None }],
        risk_holder_id: Some(team.splw),
        decision: "OT to assess at home".into(),
        ..Default::default()
    };
    discuss(&mut store, risky, record, 10);
    // A plain decision: nothing for the guidance to flag.
    let plain = add_case(&mut store, m, "NF-0002", team.gp);
    discuss(&mut store, plain, DiscussionRecord { decision: "Continue as now".into(), ..Default::default() }, 5);

    let review = guidance::meeting_review(store.conn(), m).unwrap();
    let titles: Vec<String> = review.cases[0].flags.iter().map(|f| f.title.clone()).collect();
    assert!(review.cases[0].flags.iter().any(|f| f.code == FlagCode::NonClinicalRiskHolder), "{titles:?}");
    assert!(review.cases[1].flags.is_empty(), "{:?}", review.cases[1].flags);

    // Before finalising nothing has been overridden, so nothing is printed.
    let draft = pdf_text(&minutes_of(&store, m, false).pdf);
    assert!(!draft.contains("Guidance flags finalised past"));
    assert!(!draft.contains(&titles[0]), "open flags are not printed as overridden in a draft");

    meetings::finalise(&mut store, m).unwrap();
    let overrides = guidance::meeting_overrides(store.conn(), m).unwrap();
    assert_eq!(overrides.len(), 1, "only the flagged case");
    assert_eq!(overrides[0].agenda_item_id, risky);
    assert_eq!(overrides[0].flags.iter().map(|f| f.detail.clone()).collect::<Vec<_>>(), titles);
    let when = local(&overrides[0].flags[0].overridden_at).format("%-d %B %Y at %H:%M").to_string();

    let text = pdf_text(&minutes_of(&store, m, false).pdf);
    let intro = if titles.len() == 1 {
        format!("This flag was still open when the minutes were finalised on {when}, so was recorded as overridden:")
    } else {
        format!("These flags were still open when the minutes were finalised on {when}, so were recorded as overridden:")
    };
    let mut wanted = vec!["1. RK-0001", "Decision", "OT to assess at home", "Guidance flags finalised past", intro.as_str()];
    let bullets: Vec<String> = titles.iter().map(|t| format!("• {t}")).collect();
    wanted.extend(bullets.iter().map(String::as_str));
    wanted.extend(["2. NF-0002", "Continue as now", "Agreed actions"]);
    assert_in_order(&text, &wanted);
    assert_eq!(text.matches("Guidance flags finalised past").count(), 1, "under the flagged case only");
    let plain_case = &text[text.find("2. NF-0002").unwrap()..];
    assert!(!plain_case.contains("Guidance flags finalised past") && !plain_case.contains(&titles[0]));
}

#[test]
fn amendments_name_the_person_with_the_date_and_reason() {
    let mut store = Store::open_in_memory().unwrap();
    let team = team(&mut store);
    let m = meeting(&mut store, &team, "2026-03-02T13:00").id;
    meetings::finalise(&mut store, m).unwrap();
    store.set_actor("Priya Example");
    meetings::begin_amendment(&mut store, m, "Dr Imaginary was present, not absent").unwrap();
    meetings::finish_amendment(&mut store, m).unwrap();
    store.set_actor("Ade Sample");
    meetings::begin_amendment(&mut store, m, "Decision reworded at the SPLW's request").unwrap();
    meetings::finish_amendment(&mut store, m).unwrap();

    let amendments = meetings::load(store.conn(), m).unwrap().amendments;
    assert_eq!(amendments.iter().map(|a| a.amended_by.as_str()).collect::<Vec<_>>(), ["Priya Example", "Ade Sample"]);
    let on = |i: usize| local(&amendments[i].amended_at).format("%-d %B %Y").to_string();
    let first = format!("Amended on {} by Priya Example: Dr Imaginary was present, not absent", on(0));
    let second = format!("Amended on {} by Ade Sample: Decision reworded at the SPLW's request", on(1));
    let text = pdf_text(&minutes_of(&store, m, false).pdf);
    assert_in_order(&text, &["Amendments after finalising", &first, &second, "Agreed actions"]);
    assert!(!text.contains("because:"));

    // Minutes never amended have no such section.
    let other = meeting(&mut store, &team, "2026-03-09T13:00").id;
    meetings::finalise(&mut store, other).unwrap();
    assert!(!pdf_text(&minutes_of(&store, other, false).pdf).contains("Amendments after finalising"));
}
