//! Role-at-a-glance summaries and the side-by-side comparison: built from the team's copy of the
//! profile, the roster and the team's own records, and printed one page each.

mod support;
#[path = "support/reports.rs"]
mod reports;

use chrono::NaiveDate;
use mdt::actions::{self, ActionInput};
use mdt::discussions::{DiscussionRecord, Lead};
use mdt::members::{self, MemberInput};
use mdt::reports::{role_summary, teach_in as teach_in_report};
use mdt::roles::profiles as role_profiles;
use mdt::roles::summaries::{self as role_summaries, Aspect};
use mdt::teach_ins::{self, TeachInInput};
use mdt::{Error, Store, meetings};
use reports::pdf_pages;
use support::save_record;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Whether `text` is on the page, wherever its lines were wrapped.
fn has(page: &[String], text: &str) -> bool {
    page.join(" ").contains(text)
}

/// Writes a PDF to `target/pdf-samples/` to look at.
fn sample(name: &str, pdf: &[u8]) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pdf-samples");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), pdf).unwrap();
}

/// A lead by the OT at a meeting `on`, with the OT owning an action due `due`.
fn ot_led_case(store: &mut Store, team: &support::Team, on: &str, reference: &str, due: &str) {
    let meeting = support::meeting(store, team, &format!("{on}T13:00"));
    let item = support::add_case(store, meeting.id, reference, team.ot);
    let lead = Lead { aspect: "Home assessment".into(), member_id: Some(team.ot), role_key: None };
    save_record(store, item, &DiscussionRecord { leads: vec![lead], ..Default::default() }).unwrap();
    actions::add(store, item, &ActionInput { description: "Visit".into(), owner_id: team.ot, due_date: Some(due.into()) }).unwrap();
    mdt::agenda::set_outcome(store, item, mdt::agenda::Outcome::Discussed, 600).unwrap();
    meetings::finalise(store, meeting.id).unwrap();
}

#[test]
fn a_summary_shows_who_holds_the_role_and_what_the_records_show_for_the_last_quarter() {
    let mut store = Store::open_in_memory().unwrap();
    let team = support::team(&mut store);
    let input = MemberInput {
        name: "Sam Second".into(),
        role_key: "ot".into(),
        email: "sam@example.test".into(),
        phone: "0113 496 0001".into(),
        organisation: "Riverside PCN".into(),
        ..Default::default()
    };
    let sam = members::create(&mut store, &input).unwrap();
    ot_led_case(&mut store, &team, "2025-12-01", "OLD-0001", "2025-12-10"); // before the quarter
    ot_led_case(&mut store, &team, "2026-03-02", "AB-0101", "2026-03-20");
    ot_led_case(&mut store, &team, "2026-04-13", "CD-0202", "2026-06-01");

    let s = role_summaries::summary(store.conn(), "ot", day("2026-05-14")).unwrap();
    assert_eq!((s.record.since.as_str(), s.record.until.as_str()), ("2026-02-14", "2026-05-14"));
    assert_eq!(s.record.cases_led, 2, "the December case is outside the quarter");
    assert_eq!((s.record.open_actions, s.record.overdue_actions), (3, 2));
    let names: Vec<&str> = s.holders.iter().map(|h| h.member.name.as_str()).collect();
    assert_eq!(names, ["Priya Example", "Sam Second"]);
    assert_eq!((s.holders[0].cases_led, s.holders[0].open_actions), (2, 3));
    assert_eq!((s.holders[1].cases_led, s.holders[1].open_actions), (0, 0));
    assert_eq!(role_summaries::contact_line(&s.holders[1].member), "Sam Second (Riverside PCN, sam@example.test, 0113 496 0001)");
    assert_eq!(sam.id, s.holders[1].member.id);

    // A lead given to the role (nobody named yet) counts for the role.
    let meeting = support::meeting(&mut store, &team, "2026-05-11T13:00");
    let item = support::add_case(&mut store, meeting.id, "EF-0303", team.gp);
    let lead = Lead { aspect: "Community groups".into(), member_id: None, role_key: Some("splw".into()) };
    save_record(&mut store, item, &DiscussionRecord { leads: vec![lead], ..Default::default() }).unwrap();
    let splw = role_summaries::summary(store.conn(), "splw", day("2026-05-14")).unwrap();
    assert_eq!(splw.record.cases_led, 1);
    assert_eq!(splw.holders[0].cases_led, 0, "the lead named no member");
    let gp = role_summaries::summary(store.conn(), "gp", day("2026-05-14")).unwrap();
    assert_eq!(gp.record.cases_led, 0, "presenting a case is not leading it");
}

/// A case at `meeting` with leads by the members given (`None`: given to the OT role with nobody
/// named) and the decision owned by `owner`.
fn led(store: &mut Store, meeting: i64, reference: &str, presenter: i64, leads: &[Option<i64>], owner: Option<i64>) {
    let item = support::add_case(store, meeting, reference, presenter);
    let leads = leads
        .iter()
        .map(|who| Lead { aspect: "Home assessment".into(), member_id: *who, role_key: who.is_none().then(|| "ot".into()) })
        .collect();
    let record = DiscussionRecord { leads, decision: "Agreed".into(), decision_owner_id: owner, ..Default::default() };
    save_record(store, item, &record).unwrap();
}

#[test]
fn people_led_on_agree_between_the_holders_the_role_and_the_sentence() {
    let mut store = Store::open_in_memory().unwrap();
    let team = support::team(&mut store);
    let sam = members::create(&mut store, &MemberInput { name: "Sam Second".into(), role_key: "ot".into(), ..Default::default() }).unwrap().id;
    let old = support::meeting(&mut store, &team, "2026-01-12T13:00");
    led(&mut store, old.id, "FF-0006", team.gp, &[Some(sam)], None); // before the quarter
    let m = support::meeting(&mut store, &team, "2026-04-13T13:00");
    led(&mut store, m.id, "AA-0001", team.gp, &[Some(team.ot)], None);
    led(&mut store, m.id, "BB-0002", team.gp, &[Some(team.ot), Some(sam)], None); // both OTs
    led(&mut store, m.id, "CC-0003", team.gp, &[Some(sam)], None);
    led(&mut store, m.id, "DD-0004", team.gp, &[None], None); // the role, nobody named
    led(&mut store, m.id, "EE-0005", team.gp, &[], Some(team.ot)); // the OT owns the decision
    led(&mut store, m.id, "GG-0007", team.ot, &[], Some(team.gp)); // an OT presenting is not leading
    let m2 = support::meeting(&mut store, &team, "2026-05-11T13:00");
    led(&mut store, m2.id, "AA-0001", team.gp, &[Some(team.ot)], Some(team.ot)); // the same person again

    let s = role_summaries::summary(store.conn(), "ot", day("2026-05-14")).unwrap();
    let r = &s.record;
    assert_eq!((r.cases_led, r.cases_led_unnamed, r.cases_led_by_several), (5, 1, 1), "A, B, C, D and E; D unnamed; B under both");
    let by_name: Vec<(&str, i64)> = s.holders.iter().map(|h| (h.member.name.as_str(), h.cases_led)).collect();
    assert_eq!(by_name, [("Priya Example", 3), ("Sam Second", 2)], "the core member first; A, B, E and B, C");
    let column: i64 = s.holders.iter().map(|h| h.cases_led).sum::<i64>() + r.cases_led_unnamed;
    assert_eq!(column - r.cases_led_by_several, r.cases_led, "the rows add up to the whole role, less those counted twice");
    // The January case counts once the quarter reaches back to it.
    let earlier = role_summaries::summary(store.conn(), "ot", day("2026-03-31")).unwrap();
    assert_eq!((earlier.record.cases_led, earlier.holders[1].cases_led), (1, 1), "Sam's January case");

    // On paper: the table's rows, its total and the sentence give the same numbers.
    let out = role_summary::print_role_sheets(store.conn(), &["ot".into()], None, day("2026-05-14")).unwrap();
    sample("ot-people-led-on.pdf", &out.pdf);
    assert_eq!(out.pages, 1);
    let page = &pdf_pages(&out.pdf)[0];
    // Each row's cells, as the PDF holds them: the label, then the people led on.
    let row = |label: &str| -> (String, String) {
        let at = page.iter().position(|l| l == label).unwrap_or_else(|| panic!("{label} in {page:#?}"));
        (page[at + 1].clone(), page.get(at + 2).cloned().unwrap_or_default())
    };
    let text = page.join(" ");
    assert_eq!(row("Priya Example"), ("3".into(), "0".into()));
    assert_eq!(row("Sam Second"), ("2".into(), "0".into()));
    assert_eq!(row("Lead given to the role, nobody named").0, "1");
    assert_eq!(row("The whole role"), ("5".into(), "0".into()));
    assert!(
        text.contains("this role led on 5 people discussed at MDT meetings (for 1 the lead was given to the role with nobody named; a person led on by more than one member is counted once)"),
        "{text}"
    );
}

#[test]
fn a_summary_uses_the_teams_copy_and_says_who_changed_it() {
    let mut store = Store::open_in_memory().unwrap();
    store.set_actor("priya@test");
    let mut splw = role_profiles::default_for("splw").unwrap();
    splw.local.waiting = "About two weeks".into();
    role_profiles::save_edit(&mut store, "splw", &splw).unwrap();
    let s = role_summaries::summary(store.conn(), "splw", day("2026-05-14")).unwrap();
    assert!(s.customised);
    let change = s.last_change.unwrap();
    assert_eq!((change.actor.as_str(), change.reset), ("priya@test", false));
    assert!(role_summaries::how_to_refer(&role_summaries::summary(store.conn(), "splw", day("2026-05-14")).unwrap())
        .contains(&"Usual wait: About two weeks".to_string()));
    role_profiles::reset_to_default(&mut store, "splw").unwrap();
    let s = role_summaries::summary(store.conn(), "splw", day("2026-05-14")).unwrap();
    assert!(!s.customised && s.last_change.unwrap().reset);
    assert_eq!(role_summaries::all(store.conn(), day("2026-05-14")).unwrap().len(), 11);
}

#[test]
fn the_comparison_sets_differences_row_by_row_and_finds_the_shared_approach() {
    let mut store = Store::open_in_memory().unwrap();
    support::team(&mut store);
    let c = role_summaries::compare(store.conn(), "ot", "splw", day("2026-05-14")).unwrap();
    assert_eq!(c.rows.iter().map(|r| r.aspect).collect::<Vec<_>>(), Aspect::ALL);
    let regulation = c.rows.iter().find(|r| r.aspect == Aspect::Regulation).unwrap();
    assert!(regulation.left[0].contains("HCPC") && regulation.right[0].starts_with("Not a regulated profession"));
    let refer = c.rows.iter().find(|r| r.aspect == Aspect::HowToRefer).unwrap();
    assert!(refer.left.iter().any(|l| l == "In this team: Priya Example"));
    assert_eq!(c.shared.len(), 5, "{:?}", c.shared);
    assert!(c.shared.contains(&"Building confidence and motivation".to_string()));
    assert_eq!(c.left_also, ["Joint visits with an SPLW, agreeing afterwards who does which part"]);
    assert_eq!(c.right_also, ["Joint visits with an OT, agreeing afterwards who does which part"]);

    assert!(matches!(role_summaries::compare(store.conn(), "ot", "ot", day("2026-05-14")), Err(Error::Invalid { .. })));
    assert!(role_summaries::compare(store.conn(), "ot", "wizard", day("2026-05-14")).is_err());
}

#[test]
fn every_role_prints_on_one_page_with_its_team_and_records() {
    let mut store = Store::open_in_memory().unwrap();
    let team = support::team(&mut store);
    ot_led_case(&mut store, &team, "2026-03-02", "AB-0101", "2026-03-20");
    let today = day("2026-05-14");
    let out = role_summary::print_role_sheets(store.conn(), &[], None, today).unwrap();
    sample("roles-at-a-glance.pdf", &out.pdf);
    let pages = pdf_pages(&out.pdf);
    let profiles = role_profiles::defaults().unwrap();
    assert_eq!(pages.len(), profiles.len(), "one page per role");
    for (page, profile) in pages.iter().zip(&profiles) {
        assert_eq!(page[0], "OFFICIAL");
        assert!(has(page, "Current at 14 May 2026"));
        assert!(has(page, &profile.name), "{}", profile.key);
        for section in ["Registration", "In our team", "What they do", "When they lead", "Referring to them", "What to escalate"] {
            assert!(page.iter().any(|l| l == section), "{}: {section} in {page:#?}", profile.key);
        }
    }
    let ot = &pages[0];
    assert!(has(ot, "Priya Example"));
    assert!(has(ot, "14 February 2026 to 14 May 2026: this role led on 1 person"), "{ot:#?}");
    assert!(has(ot, "1 agreed action owned by people in this role is open (1 overdue)"), "{ot:#?}");
    assert!(has(&pages[4], "Nobody on the team roster holds this role yet"), "no physiotherapist on the roster");
    assert!(out.missing_chars.is_empty());
}

#[test]
fn a_long_team_edit_still_fits_one_page() {
    let mut store = Store::open_in_memory().unwrap();
    support::team(&mut store);
    let mut ot = role_profiles::default_for("ot").unwrap();
    let long = "A long sentence about the local service that goes on for a while. ".repeat(14);
    ot.approach = long.trim().to_string();
    ot.accountability = long.trim().to_string();
    ot.interventions = (1..=20).map(|i| format!("Intervention number {i}, described at some length for the team")).collect();
    ot.local.criteria = long.trim().to_string();
    role_profiles::save_edit(&mut store, "ot", &ot).unwrap();
    let out = role_summary::print_role_sheets(store.conn(), &["ot".into()], None, day("2026-05-14")).unwrap();
    assert_eq!(out.pages, 1);
    let text = pdf_pages(&out.pdf).concat();
    assert!(has(&text, "Shortened to fit one page: the full profile is on the Roles screen"), "shortened lists say so: {text:#?}");
}

/// `n` characters of words with no full stop, so no sentence ends before the last.
fn words(n: usize, seed: &str) -> String {
    let mut text = String::new();
    let mut i = 0;
    while text.chars().count() < n {
        text.push_str(&format!("{seed}{} ", ["home", "visiting", "assessment", "kitchen", "stairs"][i % 5]));
        i += 1;
    }
    text.chars().take(n).collect::<String>().trim().to_string()
}

/// A profile filled to every limit the format allows: texts of 1,000 characters with no full
/// stop, a summary of 200, 20 items of 300 characters in every list and 20 escalations.
fn profile_at_its_limits(key: &str) -> role_profiles::RoleProfile {
    let mut p = role_profiles::default_for(key).unwrap();
    let long = |seed: &str| words(1000, seed);
    let items = |seed: &str| (1..=20).map(|i| words(300, &format!("{seed}{i}"))).collect::<Vec<_>>();
    p.summary = words(200, "s");
    (p.regulation, p.accountability, p.approach, p.focus, p.risk) = (long("r"), long("a"), long("p"), long("f"), long("k"));
    (p.interventions, p.boundaries, p.settings, p.leads, p.examples, p.shared) =
        (items("i"), items("b"), items("w"), items("l"), items("e"), items("h"));
    p.referral.when = items("n");
    p.referral.route = long("o");
    p.escalation = (1..=20)
        .map(|i| role_profiles::EscalationRoute { concern: words(300, &format!("c{i}")), route: words(300, &format!("t{i}")) })
        .collect();
    p.local = role_profiles::LocalDetails { criteria: long("x"), contact: long("y"), waiting: long("z") };
    p
}

/// Holders of `role` with names, organisations, email addresses and phone numbers as long as the
/// roster takes.
fn long_holders(store: &mut Store, role: &str, n: usize) {
    for i in 0..n {
        let input = MemberInput {
            name: format!("{i:02} {}", words(196, "Name")),
            role_key: role.into(),
            organisation: words(300, "Org"),
            email: format!("{}{i}@{}.example", "x".repeat(100), "y".repeat(130)),
            phone: format!("0113 496 {:04} {}", i, "1 ".repeat(140)).trim().to_string(),
            core_member: true,
        };
        members::create(store, &input).unwrap();
    }
}

#[test]
fn a_role_sheet_fits_one_page_with_its_note_however_long_the_profile_and_the_team() {
    let today = day("2026-05-14");
    for holders in [0, 1, 3, 9, 30] {
        let mut store = Store::open_in_memory().unwrap();
        store.set_actor(words(200, "actor"));
        role_profiles::save_edit(&mut store, "ot", &profile_at_its_limits("ot")).unwrap();
        long_holders(&mut store, "ot", holders);
        let out = role_summary::print_role_sheets(store.conn(), &["ot".into()], None, today).unwrap();
        sample(&format!("ot-at-its-limits-{holders}-holders.pdf"), &out.pdf);
        assert_eq!(out.pages, 1, "{holders} holders");
        let page = &pdf_pages(&out.pdf)[0];
        assert!(has(page, "Shortened to fit one page: the full profile is on the Roles screen"), "{holders} holders: {page:#?}");
        for section in ["Registration", "In our team", "What they do", "Referring to them", "What to escalate"] {
            assert!(page.iter().any(|l| l == section), "{holders} holders: {section} in {page:#?}");
        }
        // Every holder is on the page: by name, or counted in the row of the others.
        let named = page.iter().filter(|l| l.len() > 3 && l.as_bytes()[..2].iter().all(u8::is_ascii_digit) && l[2..].starts_with(" Namehome")).count();
        assert!(named >= 1.min(holders), "{holders} holders: {page:#?}");
        match holders - named {
            0 => assert!(!has(page, "more member"), "{holders} holders, all named: {page:#?}"),
            1 => assert!(has(page, "1 more member: see the team roster"), "{page:#?}"),
            more => assert!(has(page, &format!("{more} more members: see the team roster")), "{page:#?}"),
        }
        if holders == 0 {
            assert!(has(page, "Nobody on the team roster holds this role yet"));
        }
    }
}

#[test]
fn the_demo_teams_role_sheets_are_one_page_each_and_say_when_they_are_shortened() {
    let mut store = Store::open_in_memory().unwrap();
    mdt::sample::demo::load(&mut store, day("2026-05-14"), false).unwrap();
    let out = role_summary::print_role_sheets(store.conn(), &[], None, day("2026-05-14")).unwrap();
    sample("demo-roles-at-a-glance.pdf", &out.pdf);
    let profiles = role_profiles::defaults().unwrap();
    let pages = pdf_pages(&out.pdf);
    assert_eq!(pages.len(), profiles.len(), "one page per role, and no page holding only the note");
    for (page, profile) in pages.iter().zip(&profiles) {
        assert!(has(page, &profile.name), "{}", profile.key);
        assert!(page.iter().any(|l| l == "What to escalate"), "{}: {page:#?}", profile.key);
    }
}

#[test]
fn the_side_by_side_handout_is_one_page_with_the_shared_approach_and_who_leads_when() {
    let mut store = Store::open_in_memory().unwrap();
    support::team(&mut store);
    let today = day("2026-05-14");
    let out = role_summary::print_role_sheets(store.conn(), &["ot".into()], Some(("ot", "splw")), today).unwrap();
    sample("ot-and-splw-side-by-side.pdf", &out.pdf);
    assert_eq!(out.pages, 2, "the OT's sheet, then the comparison");
    let page = &pdf_pages(&out.pdf)[1];
    let order = [
        "Two roles side by side",
        "Registration",
        "They do not",
        "The approach they share",
        "Who leads when",
        "The occupational therapist leads when",
    ];
    let mut from = 0;
    for want in order {
        let at = page[from..].iter().position(|l| l.contains(want)).unwrap_or_else(|| panic!("{want:?} after line {from} in {page:#?}"));
        from += at + 1;
    }
    assert!(has(page, "For example: Two falls at home"));
    assert!(has(page, "Finding out what is important to the person before planning anything"));

    let err = role_summary::print_role_sheets(store.conn(), &["wizard".into()], None, today).unwrap_err();
    assert!(err.to_string().contains("'wizard' is not a role with a profile"));
}

#[test]
fn the_teach_in_agenda_prints_with_speaker_notes_and_the_handout_on_one_page() {
    let mut store = Store::open_in_memory().unwrap();
    let team = support::team(&mut store);
    let input = TeachInInput {
        presenter_ids: vec![team.ot, team.splw],
        total_minutes: 30,
        audience: "Riverside MDT core members".into(),
        case_example: "A man in his eighties kept falling at home after a bereavement. The OT made the home safer; \
                       after two joint visits the SPLW helped him join a walking group."
            .into(),
        ..Default::default()
    };
    let t = teach_ins::create(&mut store, &input).unwrap();
    let out = teach_in_report::print_agenda(&t).unwrap();
    sample("teach-in-agenda.pdf", &out.pdf);
    assert!(out.missing_chars.is_empty(), "{:?}", out.missing_chars);
    let pages = pdf_pages(&out.pdf);
    assert!(pages.len() >= 2, "the agenda, then the notes");
    let first = &pages[0];
    assert!(has(first, &t.title) && first.iter().any(|l| l == "Agenda"));
    for slot in &t.slots {
        assert!(has(first, &slot.title), "{} on the agenda page", slot.title);
    }
    assert!(has(first, "Priya Example and Ade Sample (joint)"));
    assert!(first.iter().any(|l| l == "0:27"), "the questions start at 27 minutes: {first:#?}");
    let notes = pages[1..].concat();
    assert!(notes.iter().any(|l| l == "Speaker notes"));
    assert!(has(&notes, "1. Welcome and why we are here"));
    assert!(has(&notes, "0:02 to 0:06 (4 min) · Priya Example"));
    assert!(has(&notes, "The case example, in the presenters' own words"));
    assert!(has(&notes, "Registered with the Health and Care Professions Council"));

    // The names the save dialog offers.
    assert_eq!(teach_in_report::agenda_file_name(store.conn(), t.id).unwrap(), "teach-in-ot-splw-agenda.pdf");
    assert_eq!(teach_in_report::handout_file_name(store.conn(), t.id).unwrap(), "teach-in-ot-splw-handout.pdf");
    assert_eq!(role_summary::sheets_file_name(&["ot".into()], None), "ot-at-a-glance.pdf");
    assert_eq!(role_summary::sheets_file_name(&[], Some(("ot", "splw"))), "ot-and-splw-side-by-side.pdf");
    assert_eq!(role_summary::sheets_file_name(&[], None), "roles-at-a-glance.pdf");

}

#[test]
fn the_handout_tells_colleagues_what_each_role_offers_them_how_to_ask_here_and_who_leads_when() {
    let mut store = Store::open_in_memory().unwrap();
    let team = support::team(&mut store);
    let input = MemberInput {
        name: "Sam Second".into(),
        role_key: "splw".into(),
        email: "sam.second@example.test".into(),
        phone: "0113 496 0002".into(),
        organisation: "Riverside PCN".into(),
        core_member: true,
    };
    members::create(&mut store, &input).unwrap();
    let mut ot = role_profiles::default_for("ot").unwrap();
    ot.local.contact = "Riverside PCN OT duty line, 0113 496 0000".into();
    ot.local.waiting = "About two weeks".into();
    ot.referral.feedback = "A letter with the findings within a week of the visit.".into();
    role_profiles::save_edit(&mut store, "ot", &ot).unwrap();
    let t = teach_ins::create(
        &mut store,
        &TeachInInput { presenter_ids: vec![team.ot, team.splw], total_minutes: 30, audience: "Riverside MDT core members".into(), ..Default::default() },
    )
    .unwrap();
    let today = day("2026-05-14");
    let handout = teach_in_report::print_handout(store.conn(), &t, today).unwrap();
    sample("teach-in-handout.pdf", &handout.pdf);
    assert_eq!(handout.pages, 1);
    assert!(handout.missing_chars.is_empty());
    let page = &self::pdf_pages(&handout.pdf)[0];
    let text = page.join(" ");
    assert!(has(page, &format!("Handout: {}", t.title)));
    assert!(text.contains("for Riverside MDT core members, from Ade Sample and Priya Example"), "{text}");
    for heading in ["The occupational therapist", "The social prescribing link worker", "Who leads when"] {
        assert!(page.iter().any(|l| l == heading), "{heading} in {page:#?}");
    }
    for label in ["They offer you", "Ask them when", "How to ask here", "Who to contact", "You hear back"] {
        assert_eq!(page.iter().filter(|l| *l == label).count(), 2, "{label}, once for each role: {page:#?}");
    }
    // The team's own route, wait, people and what they send back; the profile's where the team has none.
    assert!(text.contains("Riverside PCN OT duty line, 0113 496 0000") && text.contains("Usual wait: About two weeks"), "{text}");
    assert!(!text.contains("Use the practice or PCN occupational therapy referral"), "the team's contact replaces the general route");
    assert!(text.contains("Use the practice's social prescribing referral"), "the SPLW's general route, as the team has none: {text}");
    assert!(text.contains("Sam Second (Riverside PCN, sam.second@example.test, 0113 496 0002)"), "{text}");
    assert!(text.contains("A letter with the findings within a week of the visit."), "{text}");
    assert!(text.contains("Updates on how the person is getting on with the plan they made together"), "{text}");
    assert!(text.contains("The occupational therapist leads when: the main need is functional"), "{text}");
    assert!(text.contains("who holds clinical risk"), "{text}");
    // Not the comparison sheet: none of its table rows or sections. (The comparison has them.)
    let comparison = role_summary::print_role_sheets(store.conn(), &[], Some(("ot", "splw")), today).unwrap();
    let compared = pdf_pages(&comparison.pdf).concat().join(" ");
    for part in ["Two roles side by side", "The approach they share", "Registration", "In a line", "Risk they hold", "They do not"] {
        assert!(compared.contains(part), "{part} is on the comparison");
        assert!(!text.contains(part), "{part} is not on the handout: {text}");
    }
}

#[test]
fn the_handout_fits_one_page_however_long_the_profiles_and_the_team() {
    let today = day("2026-05-14");
    for holders in [0, 2, 12] {
        let mut store = Store::open_in_memory().unwrap();
        let team = support::team(&mut store);
        for key in ["ot", "splw"] {
            let mut p = profile_at_its_limits(key);
            p.referral.feedback = words(1000, "b");
            role_profiles::save_edit(&mut store, key, &p).unwrap();
            long_holders(&mut store, key, holders);
        }
        let input = TeachInInput {
            presenter_ids: vec![team.ot, team.splw],
            total_minutes: 30,
            audience: words(300, "aud"),
            ..Default::default()
        };
        let t = teach_ins::create(&mut store, &input).unwrap();
        let out = teach_in_report::print_handout(store.conn(), &t, today).unwrap();
        sample(&format!("handout-at-its-limits-{holders}.pdf"), &out.pdf);
        assert_eq!(out.pages, 1, "{holders} holders");
        let text = pdf_pages(&out.pdf).concat().join(" ");
        assert!(text.contains("Shortened to fit one page: the full profiles are on the Roles screen"), "{text}");
        assert!(text.contains("Who leads when") && text.contains("You hear back"), "{text}");
    }
}
