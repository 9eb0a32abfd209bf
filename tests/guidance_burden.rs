//! Alert burden (issue #14, class 8, the measuring part): flags per discussed case on the demo
//! data, exact, so a rule that starts raising more (or fewer) shows here. The same measurement on
//! the ten-year dataset is `cargo run --release --example alert_burden -- DATABASE` (README,
//! "Guidance checks").

use chrono::NaiveDate;
use mdt::Store;
use mdt::guidance::alert_burden;
use mdt::sample::demo;

#[test]
fn the_demo_raises_few_flags_and_each_is_one_the_chair_can_act_on() {
    let mut store = Store::open_in_memory().unwrap();
    demo::load(&mut store, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(), false).unwrap();
    let burden = alert_burden(store.conn()).unwrap();
    println!("{}", burden.to_text());
    assert_eq!((burden.meetings, burden.cases), (4, 10), "four meetings, ten cases discussed");
    assert_eq!(burden.flags, 17);
    assert_eq!(burden.quiet_cases, 3, "three discussed cases raise nothing");
    let by_code: Vec<(&str, usize)> = burden.by_code.iter().map(|(c, n)| (*c, *n)).collect();
    assert_eq!(by_code, [
        ("escalation_unrecorded", 3),
        ("joint_debrief", 6),
        ("lead_differs_without_reason", 3),
        ("raise_in_supervision", 5),
    ]);
    // No role drift, duplication or unsettled joint-working question on cases the demo's team
    // recorded with care: those flags would be false alarms here.
    for quiet in ["role_drift_lead", "role_drift_action", "duplicate_action", "question_leads", "many_professionals"] {
        assert!(!burden.by_code.contains_key(quiet), "{quiet} raised on the demo: {}", burden.to_text());
    }
}
