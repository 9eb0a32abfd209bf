//! Issue #19, the dashboard: every figure `dashboard::compute` counts, against a small team whose
//! quarter (Q2 2026/27, 1 July to 30 September 2026) is counted by hand below, and each chart's
//! categories, series and words. Edges: meetings on the first and last day count and the day
//! before and after do not; a cancelled meeting is left out; an action done on the last day of a
//! month is not open at its end, one done the next day is; a member with no work shows zeros; a
//! case still pending at a meeting in progress counts as its draft minutes show it; an empty
//! period says so in every chart.

mod support;

use chrono::NaiveDate;
use mdt::actions::{self, ActionInput};
use mdt::agenda::{self, Outcome};
use mdt::charts::{Chart, ChartKind};
use mdt::dashboard::{self, ActionMonth, Dashboard, MeetingFigures, Period, RoleLeads};
use mdt::discussions::{DiscussionRecord, Lead};
use mdt::meetings;
use mdt::members::{self, MemberInput};
use mdt::outcomes;
use mdt::supervision::{self, SessionFormat, SessionInput};
use mdt::Store;
use support::*;


/// The day the figures are asked for: Monday 5 October 2026, after the quarter.
fn today() -> NaiveDate {
    day("2026-10-05")
}

fn action(owner: i64, due: &str) -> ActionInput {
    ActionInput { description: "Arrange a joint home visit".into(), owner_id: owner, due_date: Some(due.into()) }
}

fn lead_member(aspect: &str, member: i64) -> Lead {
    Lead { aspect: aspect.into(), member_id: Some(member), role_key: None }
}

fn lead_role(aspect: &str, role: &str) -> Lead {
    Lead { aspect: aspect.into(), member_id: None, role_key: Some(role.into()) }
}

fn record(leads: Vec<Lead>, next_review: Option<&str>) -> DiscussionRecord {
    DiscussionRecord { discussion: "Talked through the week.".into(), leads, next_review_date: next_review.map(Into::into), ..Default::default() }
}


/// A new meeting with exactly these cases (anyone carried in from an earlier meeting is taken
/// off first, as a chair would), each with its minutes allowed; returns the meeting and items.
fn meeting_with(store: &mut Store, team: &Team, starts_at: &str, cases: &[(&str, i64)]) -> (i64, Vec<i64>) {
    let m = meeting(store, team, starts_at);
    for carried in agenda::load(store.conn(), m.id).unwrap().into_iter().filter(|i| i.case_id.is_some()) {
        agenda::remove_item(store, carried.id).unwrap();
    }
    let items = cases.iter().map(|(reference, minutes)| agenda::add_case(store, m.id, &case(reference, team.ot, *minutes)).unwrap()).collect();
    (m.id, items)
}

struct Fixture {
    store: Store,
    team: Team,
    bo: i64,
    /// The meetings on the quarter's first and last days.
    first_day: i64,
    last_day: i64,
}

/// The hand-counted team. Meetings of the Riverside MDT:
///
/// - 30/06/2026, the day before the quarter, finalised: AB-0001 discussed (OT lead); action A0
///   (Priya, due 15/07/2026, open).
/// - 01/07/2026, the quarter's first day, finalised: AB-0001 (15 min allowed, discussed in 20 min,
///   leads Priya and the SPLW role), CD-0002 (10 min, discussed in 25 min, lead Priya, next review
///   15/09/2026), EF-0003 (10 min, not discussed). Actions: A1 (Ade, due 10/07) done 31/07/2026;
///   A2 (Priya, due 31/08) open; A5 (Cal) cancelled; A6 (Gwen, due 20/07) done 01/08/2026.
/// - 15/08/2026, cancelled: GH-0004 listed. Left out.
/// - 30/09/2026 14:00, the quarter's last day, in progress: AB-0001 (10 min, pending with a record
///   naming Gwen lead: the draft minutes show it discussed; 630 s on the timer), IJ-0005 (10 min,
///   pending, nothing recorded), KL-0006 (10 min, discussed in 289 s, no lead, next review
///   20/10/2026; action A3, Jo, due 01/10/2026, open).
/// - 01/10/2026, the day after the quarter, finalised: MN-0007 discussed (Jo lead, next review
///   01/12/2026); action A4 (Gwen, due 30/10/2026, open).
fn fixture() -> Fixture {
    let (mut store, team) = store_with_team();
    let bo = members::create(&mut store, &MemberInput { name: "Bo Linkworker".into(), role_key: "splw".into(), ..Default::default() }).unwrap().id;
    let today = today();

    let (m0, items) = meeting_with(&mut store, &team, "2026-06-30T10:00", &[("AB-0001", 10)]);
    meetings::start(&mut store, m0).unwrap();
    save_record(&mut store, items[0], &record(vec![lead_member("Home", team.ot)], None)).unwrap();
    agenda::set_outcome(&mut store, items[0], Outcome::Discussed, 600).unwrap();
    actions::add(&mut store, items[0], &action(team.ot, "15/07/2026")).unwrap();
    meetings::finalise_on(&mut store, m0, today).unwrap();

    let (m1, items) = meeting_with(&mut store, &team, "2026-07-01T10:00", &[("AB-0001", 15), ("CD-0002", 10), ("EF-0003", 10)]);
    meetings::start(&mut store, m1).unwrap();
    save_record(&mut store, items[0], &record(vec![lead_member("Home", team.ot), lead_role("Community", "splw")], None)).unwrap();
    agenda::set_outcome(&mut store, items[0], Outcome::Discussed, 1200).unwrap();
    save_record(&mut store, items[1], &record(vec![lead_member("Home", team.ot)], Some("15/09/2026"))).unwrap();
    agenda::set_outcome(&mut store, items[1], Outcome::Discussed, 1500).unwrap();
    agenda::set_outcome(&mut store, items[2], Outcome::NotDiscussed, 0).unwrap();
    let a1 = actions::add(&mut store, items[0], &action(team.splw, "10/07/2026")).unwrap().id;
    actions::add(&mut store, items[1], &action(team.ot, "31/08/2026")).unwrap();
    let a5 = actions::add(&mut store, items[1], &action(team.coordinator, "31/07/2026")).unwrap().id;
    let a6 = actions::add(&mut store, items[0], &action(team.gp, "20/07/2026")).unwrap().id;
    meetings::finalise_on(&mut store, m1, today).unwrap();
    actions::complete(&mut store, a1, Some("31/07/2026")).unwrap();
    actions::complete(&mut store, a6, Some("01/08/2026")).unwrap();
    actions::cancel(&mut store, a5, "Cal's part is no longer needed.").unwrap();

    let (m2, _) = meeting_with(&mut store, &team, "2026-08-15T10:00", &[("GH-0004", 10)]);
    meetings::cancel(&mut store, m2, "Bank holiday weekend cover").unwrap();

    let (m3, items) = meeting_with(&mut store, &team, "2026-09-30T14:00", &[("AB-0001", 10), ("IJ-0005", 10), ("KL-0006", 10)]);
    meetings::start(&mut store, m3).unwrap();
    save_record(&mut store, items[0], &record(vec![lead_member("Health", team.gp)], None)).unwrap();
    agenda::record_time(&mut store, items[0], 630).unwrap();
    save_record(&mut store, items[2], &record(Vec::new(), Some("20/10/2026"))).unwrap();
    agenda::set_outcome(&mut store, items[2], Outcome::Discussed, 289).unwrap();
    actions::add(&mut store, items[2], &action(team.nurse, "01/10/2026")).unwrap();

    let (m4, items) = meeting_with(&mut store, &team, "2026-10-01T10:00", &[("MN-0007", 10)]);
    meetings::start(&mut store, m4).unwrap();
    save_record(&mut store, items[0], &record(vec![lead_member("Health", team.nurse)], Some("01/12/2026"))).unwrap();
    agenda::set_outcome(&mut store, items[0], Outcome::Discussed, 300).unwrap();
    actions::add(&mut store, items[0], &action(team.gp, "30/10/2026")).unwrap();
    meetings::finalise_on(&mut store, m4, today).unwrap();

    // Supervision: Ade on 20/09/2026 (up to date on 05/10), Bo never (overdue).
    let session = SessionInput { supervisee_id: team.splw, supervisor_id: team.gp, held_on: "20/09/2026".into(), format: SessionFormat::OneToOne, case_ids: Vec::new() };
    supervision::record_session(&mut store, &session, today).unwrap();

    // Outcomes (ONS4).
    let case_id = |store: &Store, reference: &str| -> i64 {
        store.conn().query_row("SELECT id FROM cases WHERE reference = ?1", [reference], |r| r.get(0)).unwrap()
    };
    let sittings: [(&str, &str, [Option<i64>; 4]); 9] = [
        ("AB-0001", "10/06/2026", [Some(4), Some(5), Some(6), Some(7)]),
        ("AB-0001", "15/09/2026", [Some(7), Some(5), Some(5), Some(3)]),
        ("CD-0002", "01/07/2026", [Some(5), None, None, Some(6)]),
        ("CD-0002", "30/09/2026", [Some(4), Some(6), None, Some(6)]),
        ("EF-0003", "01/05/2026", [Some(3), None, None, None]),
        ("EF-0003", "01/06/2026", [Some(5), None, None, None]),
        ("GH-0004", "10/07/2026", [Some(2), None, None, None]),
        ("IJ-0005", "01/04/2026", [Some(6), None, None, None]),
        ("IJ-0005", "10/08/2026", [Some(7), None, None, None]),
    ];
    for (reference, on, values) in sittings {
        let id = case_id(&store, reference);
        outcomes::record_on(&mut store, id, &ons4(on, values), today).unwrap();
    }
    let ij = case_id(&store, "IJ-0005");
    outcomes::record_on(&mut store, ij, &ons4("01/10/2026", [Some(9), None, None, None]), today).unwrap();
    Fixture { store, team, bo, first_day: m1, last_day: m3 }
}

fn q2() -> Period {
    Period::quarter(2026, 2).unwrap()
}

fn chart<'a>(d: &'a Dashboard, id: &str) -> &'a Chart {
    d.charts.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no chart {id}"))
}

/// A chart's series as (name, values), for exact comparison.
fn series(c: &Chart) -> Vec<(String, Vec<f64>)> {
    c.series.iter().map(|s| (s.name.clone(), s.values.clone())).collect()
}

fn meeting_row(id: i64, starts_at: &str, finalised: bool, counts: [i64; 4]) -> MeetingFigures {
    let [cases_listed, cases_discussed, minutes_planned, minutes_used] = counts;
    MeetingFigures { meeting_id: id, title: "Riverside MDT".into(), starts_at: starts_at.into(), finalised, cases_listed, cases_discussed, minutes_planned, minutes_used }
}

fn month(month: &str, label: &str, counts: [i64; 4]) -> ActionMonth {
    let [agreed, completed, open_at_end, overdue_at_end] = counts;
    ActionMonth { month: month.into(), label: label.into(), agreed, completed, open_at_end, overdue_at_end }
}

fn leads(rows: &[(&str, &str, i64)]) -> Vec<RoleLeads> {
    rows.iter().map(|(code, name, n)| RoleLeads { role_code: (*code).into(), role_name: (*name).into(), cases_led: *n }).collect()
}

/// (name, open, overdue, leading) per member, in roster order.
fn load(d: &Dashboard) -> Vec<(&str, i64, i64, i64)> {
    d.member_load.iter().map(|m| (m.name.as_str(), m.open_actions, m.overdue_actions, m.cases_leading)).collect()
}

/// (question, people, better, same, worse, mean change).
type Moved<'a> = (&'a str, i64, i64, i64, i64, Option<f64>);

fn moved(d: &Dashboard) -> Vec<Moved<'_>> {
    d.outcomes.iter().map(|o| (o.item_key.as_str(), o.people, o.better, o.same, o.worse, o.mean_change)).collect()
}

#[test]
fn every_figure_of_the_quarter_as_counted_by_hand() {
    let f = fixture();
    let d = dashboard::compute(f.store.conn(), &q2(), today()).unwrap();
    assert_eq!(d.period.label, "Q2 2026/27 (1 July to 30 September 2026)");
    assert_eq!(d.today, "2026-10-05");

    // The first and the last day of the quarter count; 30/06, 01/10 and the cancelled 15/08 do not.
    // 01/07: 3 listed, 2 discussed, 15 + 10 + 10 = 35 planned, 1200 + 1500 s = 45 min used.
    // 30/09 (in progress): AB-0001 pending with a record (discussed in the draft) and KL-0006
    // discussed; IJ-0005 pending with nothing: 2 of 3; 630 + 289 = 919 s, 15.3 min: 15.
    assert_eq!(
        d.meetings,
        [meeting_row(f.first_day, "2026-07-01T10:00", true, [3, 2, 35, 45]), meeting_row(f.last_day, "2026-09-30T14:00", false, [3, 2, 30, 15])]
    );

    // July: A1, A2, A5 (cancelled) and A6 agreed; A1 done on 31/07 (not open at July's end), A6
    // done on 01/08 (open at July's end, completed in August); open at 31/07: A0, A2, A6, of
    // which A0 (due 15/07) and A6 (due 20/07) overdue. August: open A0, A2; A2 due 31/08 is not
    // overdue on 31/08. September: A3 agreed; open A0, A2, A3; overdue A0, A2 (A3 due 01/10).
    assert_eq!(
        d.actions,
        [month("2026-07", "Jul 2026", [4, 1, 3, 2]), month("2026-08", "Aug 2026", [0, 1, 2, 1]), month("2026-09", "Sep 2026", [1, 0, 3, 2])]
    );

    // Discussed in the quarter: AB-0001 on 01/07 (Priya and the SPLW role), CD-0002 (Priya),
    // AB-0001 on 30/09 (Gwen, draft) and KL-0006 (no lead): OT 2, SPLW 1, GP 1, none 1.
    assert_eq!(
        d.leads_by_role,
        leads(&[("ot", "Occupational therapist", 2), ("splw", "Social prescribing link worker", 1), ("gp", "GP", 1), ("", "No lead agreed", 1)])
    );

    // On 05/10: Priya A0 and A2 (both overdue), Jo A3 (due 01/10, overdue), Gwen A4 (agreed 01/10,
    // due 30/10). Leading: AB-0001's latest discussion is the draft on 30/09 (Gwen), CD-0002's
    // 01/07 (Priya), MN-0007's 01/10 (Jo). Ade, Bo and Cal have nothing and still show.
    assert_eq!(
        load(&d),
        [
            ("Ade Sample", 0, 0, 0),
            ("Bo Linkworker", 0, 0, 0),
            ("Cal Coordinator", 0, 0, 0),
            ("Dr Gwen Imaginary", 1, 0, 1),
            ("Jo Placeholder", 1, 1, 1),
            ("Priya Example", 2, 2, 1),
        ]
    );
    assert_eq!(d.member_load[0].member_id, f.team.splw);
    assert_eq!(d.member_load[1].member_id, f.bo);
    assert_eq!(d.member_load[5].role_name, "Occupational therapist");

    // Reviews on 05/10: CD-0002's 15/09 review overdue; KL-0006's 20/10 within 28 days; MN-0007's
    // 01/12 not yet.
    assert_eq!((d.reviews.due_soon, d.reviews.overdue), (1, 1));
    // Supervision: Ade last on 20/09 (up to date), Bo never (overdue).
    assert_eq!((d.supervision.up_to_date, d.supervision.overdue), (1, 1));
    let roles: Vec<(&str, bool)> = d.supervision.roles.iter().map(|r| (r.key.as_str(), r.from_guidance)).collect();
    assert_eq!(roles, [("splw", true)], "the roles checked travel with the figures, for the report's words");
    assert_eq!(d.supervision.members.iter().map(|s| (s.member_name.as_str(), s.overdue)).collect::<Vec<_>>(), [("Ade Sample", false), ("Bo Linkworker", true)]);

    // Outcomes: AB-0001 10/06 → 15/09: life 4 → 7 better, worthwhile 5 → 5 same, happiness 6 → 5
    // worse, anxiety 7 → 3 better (lower is better). CD-0002 01/07 → 30/09: life 5 → 4 worse,
    // anxiety 6 → 6 same (worthwhile answered once). IJ-0005: latest up to 30/09 is 10/08, 6 → 7
    // better (its 01/10 sitting is after the quarter). EF-0003 (latest 01/06) and GH-0004 (one
    // sitting) are not counted. Life: 3 people, +3 - 1 + 1 = 3, mean 1.0; anxiety: -4 + 0, mean -2.0.
    assert_eq!(
        moved(&d),
        [
            ("life_satisfaction", 3, 2, 0, 1, Some(1.0)),
            ("worthwhile", 1, 0, 1, 0, Some(0.0)),
            ("happiness", 1, 0, 0, 1, Some(-1.0)),
            ("anxiety", 2, 1, 1, 0, Some(-2.0)),
        ]
    );
    assert!(d.outcomes.iter().all(|o| o.measure_name == "ONS4 personal well-being"));
}

#[test]
fn the_charts_say_the_same_figures_in_words_and_table() {
    let f = fixture();
    let d = dashboard::compute(f.store.conn(), &q2(), today()).unwrap();
    assert_eq!(d.charts.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["cases-discussed", "time", "actions", "leads-by-role", "member-load", "outcomes"]);

    let cases = chart(&d, "cases-discussed");
    assert_eq!((cases.kind, cases.unit.as_str()), (ChartKind::Bar, "cases"));
    assert_eq!(cases.categories, ["01/07/2026", "30/09/2026"]);
    assert_eq!(series(cases), [("Listed".to_string(), vec![3.0, 3.0]), ("Discussed".to_string(), vec![2.0, 2.0])]);
    assert_eq!(
        cases.summary,
        "2 meetings: 6 cases listed and 4 discussed (67% of those listed). The most discussed at one meeting: 2, on 01/07/2026 and 30/09/2026. \
         The latest, on 30/09/2026: 2 of 3 discussed. 1 meeting not finalised yet, so counted from the draft minutes."
    );

    let time = chart(&d, "time");
    assert_eq!((time.kind, time.unit.as_str()), (ChartKind::Bar, "minutes"));
    assert_eq!(time.categories, ["01/07/2026", "30/09/2026"]);
    assert_eq!(series(time), [("Planned".to_string(), vec![35.0, 30.0]), ("Used".to_string(), vec![45.0, 15.0])]);
    assert_eq!(
        time.summary,
        "Across 2 meetings, 65 minutes were planned for cases and 60 minutes used: 5 minutes under the plan. \
         Furthest over its plan: 01/07/2026, 45 minutes used against 35 planned."
    );

    let actions = chart(&d, "actions");
    assert_eq!((actions.kind, actions.unit.as_str()), (ChartKind::Line, "actions"));
    assert_eq!(actions.categories, ["Jul 2026", "Aug 2026", "Sep 2026"]);
    assert_eq!(
        series(actions),
        [("Open".to_string(), vec![3.0, 2.0, 3.0]), ("Overdue".to_string(), vec![2.0, 1.0, 2.0]), ("Completed".to_string(), vec![1.0, 1.0, 0.0])]
    );
    assert_eq!(
        actions.summary,
        "3 open actions at the end of September 2026, 2 overdue. Over 3 months, 5 agreed and 2 completed. \
         Open actions the same as at the end of July 2026. Most completed in one month: 1, in Jul 2026 and Aug 2026."
    );

    let leads = chart(&d, "leads-by-role");
    assert_eq!((leads.kind, leads.unit.as_str()), (ChartKind::Bar, "cases"));
    assert_eq!(leads.categories, ["Occupational therapist", "Social prescribing link worker", "GP", "No lead agreed"]);
    assert_eq!(series(leads), [("Cases led".to_string(), vec![2.0, 1.0, 1.0, 1.0])]);
    assert_eq!(
        leads.summary,
        "4 cases discussed. Led by role: occupational therapist 2, social prescribing link worker 1 and GP 1. \
         The most by occupational therapist: 2. No lead agreed for 1 case. A case with leads in more than one role counts under each."
    );

    let members = chart(&d, "member-load");
    assert_eq!((members.kind, members.unit.as_str()), (ChartKind::HorizontalBar, "actions or people"));
    assert_eq!(members.categories, ["Ade Sample", "Bo Linkworker", "Cal Coordinator", "Dr Gwen Imaginary", "Jo Placeholder", "Priya Example"]);
    assert_eq!(
        series(members),
        [
            ("Open actions".to_string(), vec![0.0, 0.0, 0.0, 1.0, 1.0, 2.0]),
            ("Overdue actions".to_string(), vec![0.0, 0.0, 0.0, 0.0, 1.0, 2.0]),
            ("People leading".to_string(), vec![0.0, 0.0, 0.0, 1.0, 1.0, 1.0]),
        ]
    );
    assert_eq!(
        members.summary,
        "On 05/10/2026: 4 open actions across 6 members, 3 overdue. Most open actions: Priya Example (2). Most overdue: Priya Example (2). \
         Leading the most people: Dr Gwen Imaginary, Jo Placeholder and Priya Example (1 each). \
         No open actions and leading nobody: Ade Sample, Bo Linkworker and Cal Coordinator."
    );

    let outcomes = chart(&d, "outcomes");
    assert_eq!((outcomes.kind, outcomes.unit.as_str()), (ChartKind::Bar, "people"));
    assert_eq!(outcomes.categories, ["Life satisfaction", "Worthwhile", "Happiness yesterday", "Anxiety yesterday"]);
    assert_eq!(
        series(outcomes),
        [("Better".to_string(), vec![2.0, 0.0, 0.0, 1.0]), ("Same".to_string(), vec![0.0, 1.0, 0.0, 1.0]), ("Worse".to_string(), vec![1.0, 0.0, 1.0, 0.0])]
    );
    assert_eq!(
        outcomes.summary,
        "People whose latest answer in the period follows an earlier one, by question (ONS4 personal well-being). \
         Life satisfaction: 3 people, 2 better, 0 the same, 1 worse, mean change +1.0. \
         Worthwhile: 1 person, 0 better, 1 the same, 0 worse, no change on average. \
         Happiness yesterday: 1 person, 0 better, 0 the same, 1 worse, mean change -1.0. \
         Anxiety yesterday: 2 people, 1 better, 1 the same, 0 worse, mean change -2.0."
    );
}

#[test]
fn the_period_holds_its_first_and_last_days_and_not_the_days_either_side() {
    let f = fixture();
    let starts = |p: &Period| -> Vec<String> { dashboard::compute(f.store.conn(), p, today()).unwrap().meetings.into_iter().map(|m| m.starts_at).collect() };
    // A day in from each end: neither meeting.
    assert_eq!(starts(&Period::between("02/07/2026", "29/09/2026", today()).unwrap()), Vec::<String>::new());
    // A day out at each end: the day before and the day after come in; the cancelled one never does.
    assert_eq!(
        starts(&Period::between("30/06/2026", "01/10/2026", today()).unwrap()),
        ["2026-06-30T10:00", "2026-07-01T10:00", "2026-09-30T14:00", "2026-10-01T10:00"]
    );
    // One day: the last.
    assert_eq!(starts(&Period::between("30/09/2026", "30/09/2026", today()).unwrap()), ["2026-09-30T14:00"]);
}

#[test]
fn a_cancelled_meeting_is_left_out_until_it_is_reinstated() {
    let mut f = fixture();
    let cancelled = meetings::list(f.store.conn()).unwrap().into_iter().find(|m| m.starts_at == "2026-08-15T10:00").unwrap().id;
    let listed = |store: &Store| -> Vec<(String, i64)> {
        dashboard::compute(store.conn(), &q2(), today()).unwrap().meetings.into_iter().map(|m| (m.starts_at, m.cases_listed)).collect()
    };
    assert_eq!(listed(&f.store), [("2026-07-01T10:00".to_string(), 3), ("2026-09-30T14:00".to_string(), 3)]);
    meetings::reinstate(&mut f.store, cancelled).unwrap();
    assert_eq!(listed(&f.store), [("2026-07-01T10:00".to_string(), 3), ("2026-08-15T10:00".to_string(), 1), ("2026-09-30T14:00".to_string(), 3)]);
}

#[test]
fn finalising_the_meeting_in_progress_keeps_what_its_draft_minutes_counted() {
    let mut f = fixture();
    let before = dashboard::compute(f.store.conn(), &q2(), today()).unwrap();
    meetings::finalise_on(&mut f.store, f.last_day, today()).unwrap();
    let after = dashboard::compute(f.store.conn(), &q2(), today()).unwrap();
    let last = |d: &Dashboard| d.meetings.last().map(|m| (m.finalised, m.cases_listed, m.cases_discussed, m.minutes_used)).unwrap();
    assert_eq!((last(&before), last(&after)), ((false, 3, 2, 15), (true, 3, 2, 15)));
    assert_eq!(before.leads_by_role, after.leads_by_role);
    assert_eq!(load(&before), load(&after));
    assert!(!chart(&after, "cases-discussed").summary.contains("draft"), "{}", chart(&after, "cases-discussed").summary);
}

#[test]
fn an_empty_period_says_so_in_every_chart() {
    let f = fixture();
    // Q4 2024/25: before anything was recorded.
    let d = dashboard::compute(f.store.conn(), &Period::quarter(2024, 4).unwrap(), today()).unwrap();
    assert!(d.meetings.is_empty() && d.leads_by_role.is_empty());
    assert_eq!(d.actions, [month("2025-01", "Jan 2025", [0; 4]), month("2025-02", "Feb 2025", [0; 4]), month("2025-03", "Mar 2025", [0; 4])]);
    assert!(d.outcomes.iter().all(|o| o.people == 0 && o.mean_change.is_none()) && d.outcomes.len() == 4);
    // The load is on today, whatever the period: the same six members.
    assert_eq!(load(&d).len(), 6);
    assert_eq!(load(&d)[5], ("Priya Example", 2, 2, 1));
    let words: Vec<(&str, &str)> = d.charts.iter().map(|c| (c.id.as_str(), c.summary.as_str())).collect();
    assert_eq!(
        words[..4],
        [
            ("cases-discussed", "No meetings in this period."),
            ("time", "No meetings in this period."),
            ("actions", "0 open actions at the end of March 2025, 0 overdue. Over 3 months, 0 agreed and 0 completed. Open actions the same as at the end of January 2025."),
            ("leads-by-role", "No cases discussed in this period."),
        ]
    );
    assert_eq!(words[5], ("outcomes", "Nobody's outcome scores were followed up in this period."));
    for id in ["cases-discussed", "time", "leads-by-role", "outcomes"] {
        assert!(chart(&d, id).categories.is_empty(), "{id}");
        assert!(chart(&d, id).series.iter().all(|s| s.values.is_empty()), "{id}");
    }
    // A period not begun by today has no months yet.
    let ahead = dashboard::compute(f.store.conn(), &Period::quarter(2027, 1).unwrap(), today()).unwrap();
    assert!(ahead.actions.is_empty());
    assert_eq!(chart(&ahead, "actions").summary, "No month of this period has begun yet.");
    // And an empty database: nobody on the roster.
    let empty = Store::open_in_memory().unwrap();
    let none = dashboard::compute(empty.conn(), &q2(), today()).unwrap();
    assert!(none.member_load.is_empty());
    assert_eq!(chart(&none, "member-load").summary, "Nobody is on the team roster.");
    assert_eq!((none.reviews.due_soon, none.reviews.overdue, none.supervision.up_to_date, none.supervision.overdue), (0, 0, 0, 0));
}

#[test]
fn months_partly_in_the_period_are_counted_whole_and_the_current_month_as_of_today() {
    let f = fixture();
    // 15/07 to 10/08, asked on 05/10: July and August, whole (A1 completed on 31/07 counts).
    let d = dashboard::compute(f.store.conn(), &Period::between("15/07/2026", "10/08/2026", today()).unwrap(), today()).unwrap();
    assert_eq!(d.actions, [month("2026-07", "Jul 2026", [4, 1, 3, 2]), month("2026-08", "Aug 2026", [0, 1, 2, 1])]);
    // The quarter asked about on 15/08 (the day A2 is not yet due): August as of 15/08, September
    // not begun. On 15/08, A0 (due 15/07) is overdue and A2 (due 31/08) is not.
    let mid = dashboard::compute(f.store.conn(), &q2(), day("2026-08-15")).unwrap();
    assert_eq!(mid.actions, [month("2026-07", "Jul 2026", [4, 1, 3, 2]), month("2026-08", "Aug 2026", [0, 1, 2, 1])]);
    assert!(chart(&mid, "actions").summary.starts_with("2 open actions on 15/08/2026, 1 overdue."), "{}", chart(&mid, "actions").summary);
    assert!(chart(&mid, "actions").summary.contains(" Open actions down from 3 at the end of July 2026. "), "{}", chart(&mid, "actions").summary);
    // Done after the day asked about is not known then: A2 marked done on 20/08/2026 leaves
    // August as of 15/08 as it was, and counts on 05/10 (positive control).
    let mut f = f;
    let open = actions::list(f.store.conn(), &actions::ActionFilter { owner_id: Some(f.team.ot), status: Some(actions::ActionStatus::Open), ..Default::default() }).unwrap();
    let a2 = open.iter().find(|a| a.due_date.as_deref() == Some("2026-08-31")).unwrap().id;
    actions::complete(&mut f.store, a2, Some("20/08/2026")).unwrap();
    let mid = dashboard::compute(f.store.conn(), &q2(), day("2026-08-15")).unwrap();
    assert_eq!(mid.actions, [month("2026-07", "Jul 2026", [4, 1, 3, 2]), month("2026-08", "Aug 2026", [0, 1, 2, 1])]);
    let later = dashboard::compute(f.store.conn(), &q2(), today()).unwrap();
    assert_eq!(later.actions[1], month("2026-08", "Aug 2026", [0, 2, 1, 1]));
    // Priya on 15/08: A0 and A2 open, A0 overdue; Gwen's A4 is not agreed yet.
    let priya = mid.member_load.iter().find(|m| m.name == "Priya Example").unwrap();
    assert_eq!((priya.open_actions, priya.overdue_actions), (2, 1));
    assert_eq!(mid.member_load.iter().find(|m| m.name == "Dr Gwen Imaginary").unwrap().open_actions, 0);
}

#[test]
fn a_review_is_due_soon_up_to_exactly_28_days_ahead() {
    let f = fixture();
    // CD-0002's review, booked at 01/07/2026 for 15/09/2026: 28 days ahead of 18/08, 29 of 17/08.
    let on = |d: &str| {
        let r = dashboard::compute(f.store.conn(), &q2(), day(d)).unwrap().reviews;
        (r.due_soon, r.overdue)
    };
    assert_eq!(on("2026-08-18"), (1, 0));
    assert_eq!(on("2026-08-17"), (0, 0));
    // On its day it is due, not yet overdue; the day after, overdue.
    assert_eq!(on("2026-09-15"), (1, 0));
    assert_eq!(on("2026-09-16"), (0, 1));
}
