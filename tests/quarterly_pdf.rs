//! The quarterly MDT report and charts in the PDF layout: drawn as vector paths (no images), one
//! figure each in the structure tree with the chart's words as its alternative text, followed by
//! its figures as a table with header cells; the report's words and sections in order, from a
//! hand-built dashboard covering every field. Writes `target/pdf-samples/quarterly.pdf` to look at.

mod support;
#[path = "support/structure.rs"]
mod structure;
#[path = "support/reports.rs"]
mod reports;

use std::process::Command;

use chrono::{TimeZone, Utc};
use mdt::charts::{Chart, ChartKind, ChartSeries};
use mdt::dashboard::{
    ActionMonth, Dashboard, MeetingFigures, MemberLoad, OutcomeFigures, Period, ReviewFigures, RoleLeads, SupervisionFigures,
};
use mdt::reports::{Block, Document, Level, quarterly, render};
use mdt::supervision::{Arrangement, SupervisedRole, SupervisionStatus};
use reports::{assert_in_order, pdf_pages, pdf_text};
use structure::{Node, Tagged};

fn fixed_date() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 2, 9, 0, 0).unwrap()
}

fn series(name: &str, values: &[f64]) -> ChartSeries {
    ChartSeries { name: name.into(), values: values.to_vec() }
}

fn chart(id: &str, title: &str, kind: ChartKind, unit: &str, categories: &[&str], series: Vec<ChartSeries>, summary: &str) -> Chart {
    Chart {
        id: id.into(),
        title: title.into(),
        kind,
        unit: unit.into(),
        categories: categories.iter().map(|c| c.to_string()).collect(),
        series,
        summary: summary.into(),
    }
}

fn supervised(id: i64, name: &str, supervisor: Option<&str>, last: Option<&str>, overdue: bool, words: &str, waiting: i64) -> SupervisionStatus {
    SupervisionStatus {
        member_id: id,
        member_name: name.into(),
        arrangement: supervisor.map(|s| Arrangement {
            supervisee_id: id,
            supervisor_id: 1,
            supervisor_name: s.into(),
            supervisor_role_name: "GP".into(),
            scope_confirmed: false,
            version: 1,
        }),
        last_session: last.map(Into::into),
        overdue,
        words: words.into(),
        waiting,
    }
}

const MEETING_DAYS: [&str; 6] = ["6 Oct", "20 Oct", "3 Nov", "17 Nov", "1 Dec", "15 Dec"];

/// A quarter of a fictional team, every field filled, figures made up but consistent.
fn dashboard() -> Dashboard {
    let days = ["2026-10-06", "2026-10-20", "2026-11-03", "2026-11-17", "2026-12-01", "2026-12-15"];
    let listed = [9, 11, 8, 12, 10, 9];
    let discussed = [8, 11, 7, 10, 9, 0];
    let planned = [90, 110, 80, 120, 100, 90];
    let used = [104, 118, 75, 131, 96, 0];
    let meetings = (0..6)
        .map(|i| MeetingFigures {
            meeting_id: i as i64 + 1,
            title: "Riverside Neighbourhood MDT".into(),
            starts_at: format!("{}T13:00", days[i]),
            finalised: i < 4,
            cases_listed: listed[i],
            cases_discussed: discussed[i],
            minutes_planned: planned[i],
            minutes_used: used[i],
        })
        .collect();
    let actions = vec![
        ActionMonth { month: "2026-10".into(), label: "Oct 2026".into(), agreed: 21, completed: 12, open_at_end: 30, overdue_at_end: 3 },
        ActionMonth { month: "2026-11".into(), label: "Nov 2026".into(), agreed: 19, completed: 22, open_at_end: 27, overdue_at_end: 5 },
        ActionMonth { month: "2026-12".into(), label: "Dec 2026".into(), agreed: 6, completed: 4, open_at_end: 29, overdue_at_end: 4 },
    ];
    let leads_by_role = vec![
        RoleLeads { role_code: "ot".into(), role_name: "Occupational therapist".into(), cases_led: 14 },
        RoleLeads { role_code: "splw".into(), role_name: "Social prescribing link worker".into(), cases_led: 17 },
        RoleLeads { role_code: "gp".into(), role_name: "GP".into(), cases_led: 9 },
        RoleLeads { role_code: "nurse".into(), role_name: "Community nurse".into(), cases_led: 5 },
        RoleLeads { role_code: String::new(), role_name: "No lead agreed".into(), cases_led: 0 },
    ];
    let load = [("Dr Amira Qureshi", "GP", 4, 1, 6), ("Priya Example", "Occupational therapist", 9, 2, 12), ("Ade Sample", "SPLW", 11, 1, 15), ("Siân Ellis-Wójcik", "Community nurse", 5, 0, 4)];
    let member_load = (load.iter().enumerate())
        .map(|(i, &(name, role, open, overdue, leading))| MemberLoad {
            member_id: i as i64 + 1,
            name: name.into(),
            role_name: role.into(),
            open_actions: open,
            overdue_actions: overdue,
            cases_leading: leading,
            left_on: None,
        })
        .collect();
    let supervision = SupervisionFigures {
        up_to_date: 1,
        overdue: 2,
        members: vec![
            supervised(3, "Ade Sample", Some("Dr Amira Qureshi"), Some("2026-11-20"), false, "Last supervision 20/11/2026; next due by 20/12/2026", 2),
            supervised(5, "Jo Placeholder", Some("Priya Example"), Some("2026-10-01"), true, "No supervision for over a month (last on 01/10/2026)", 0),
            supervised(6, "Sam Fictional", None, None, true, "No supervision recorded", 1),
        ],
        roles: vec![
            SupervisedRole { key: "splw".into(), name: "Social prescribing link worker".into(), from_guidance: true },
            SupervisedRole { key: "ot".into(), name: "Occupational therapist".into(), from_guidance: false },
        ],
    };
    let outcomes = vec![
        OutcomeFigures {
            measure_key: "ons4".into(),
            measure_name: "ONS4 personal wellbeing".into(),
            item_key: "life_satisfaction".into(),
            item_short: "Life satisfaction".into(),
            people: 12,
            better: 7,
            same: 3,
            worse: 2,
            mean_change: Some(1.4),
        },
        OutcomeFigures {
            measure_key: "ons4".into(),
            measure_name: "ONS4 personal wellbeing".into(),
            item_key: "anxiety".into(),
            item_short: "Anxiety".into(),
            people: 12,
            better: 6,
            same: 4,
            worse: 2,
            mean_change: Some(-0.8),
        },
        OutcomeFigures {
            measure_key: "ons4".into(),
            measure_name: "ONS4 personal wellbeing".into(),
            item_key: "worthwhile".into(),
            item_short: "Worthwhile".into(),
            people: 0,
            better: 0,
            same: 0,
            worse: 0,
            mean_change: None,
        },
    ];
    let charts = vec![
        chart(
            "cases-discussed",
            "Cases discussed per meeting",
            ChartKind::Bar,
            "cases",
            &MEETING_DAYS,
            vec![series("Listed", &listed.map(|v| v as f64)), series("Discussed", &discussed.map(|v| v as f64))],
            "45 of 59 cases listed were discussed over six meetings; the most on 20 October (11). The meeting on 15 December is still to come.",
        ),
        chart(
            "time",
            "Time planned and used per meeting",
            ChartKind::Bar,
            "minutes",
            &MEETING_DAYS,
            vec![series("Planned", &planned.map(|v| v as f64)), series("Used", &used.map(|v| v as f64))],
            "Meetings used 524 of the 500 minutes planned for them; 17 November ran 11 minutes over.",
        ),
        chart(
            "actions",
            "Actions month by month",
            ChartKind::Line,
            "actions",
            &["Oct 2026", "Nov 2026", "Dec 2026"],
            vec![
                series("Agreed", &[21.0, 19.0, 6.0]),
                series("Completed", &[12.0, 22.0, 4.0]),
                series("Open at month end", &[30.0, 27.0, 29.0]),
                series("Overdue at month end", &[3.0, 5.0, 4.0]),
            ],
            "46 actions agreed and 38 completed; on 2 December 29 are open, 4 of them overdue.",
        ),
        chart(
            "leads-by-role",
            "Cases led by role",
            ChartKind::HorizontalBar,
            "cases",
            &["Occupational therapist", "Social prescribing link worker", "GP", "Community nurse", "No lead agreed"],
            vec![series("Cases led", &[14.0, 17.0, 9.0, 5.0, 0.0])],
            "SPLWs led the most cases discussed (17), then OTs (14); every case had a lead agreed.",
        ),
        chart(
            "member-load",
            "Each member's open work",
            ChartKind::HorizontalBar,
            "actions or people",
            &["Dr Amira Qureshi", "Priya Example", "Ade Sample", "Siân Ellis-Wójcik"],
            vec![
                series("Open actions", &[4.0, 9.0, 11.0, 5.0]),
                series("Overdue actions", &[1.0, 2.0, 1.0, 0.0]),
                series("People leading", &[6.0, 12.0, 15.0, 4.0]),
            ],
            "Ade Sample has the most open work: 11 open actions and 15 people as lead.",
        ),
        chart(
            "outcomes",
            "Outcome change",
            ChartKind::Bar,
            "people",
            &["Life satisfaction", "Anxiety"],
            vec![series("Better", &[7.0, 6.0]), series("Same", &[3.0, 4.0]), series("Worse", &[2.0, 2.0])],
            "Of 12 people scored twice, 7 were more satisfied with life and 6 less anxious.",
        ),
    ];
    Dashboard {
        period: Period::quarter(2026, 3).unwrap(),
        today: "2026-12-02".into(),
        meetings,
        actions,
        leads_by_role,
        member_load,
        reviews: ReviewFigures { due_soon: 5, overdue: 3 },
        supervision,
        outcomes,
        charts,
    }
}

fn report() -> Document {
    let mut doc = quarterly::document(&dashboard());
    doc.created = Some(fixed_date());
    doc
}

#[test]
fn the_report_says_every_figure_in_words_in_order_and_writes_a_sample() {
    let doc = report();
    let out = render(&doc).unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pdf-samples");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("quarterly.pdf"), &out.pdf).unwrap();
    assert!(out.missing_chars.is_empty(), "{:?}", out.missing_chars);
    let text = pdf_text(&out.pdf);
    assert_in_order(
        &text,
        &[
            "Quarterly MDT report",
            "Period Q3 2026/27 (1 October to 31 December 2026)",
            "Meetings Riverside Neighbourhood MDT",
            "Figures as of Wednesday 2 December 2026",
            "Summary",
            "5 meetings held, 4 with finalised minutes; 1 more planned in the period.",
            "45 cases discussed of 59 listed.",
            "590 minutes planned for cases and 524 used.",
            "46 actions agreed and 38 completed in the period; on Wednesday 2 December 2026, 29 open, 4 of them overdue.",
            "Reviews: 3 overdue and 5 due in the next 28 days.",
            "Supervision: 2 of 3 supervised members have had none for over a month (Jo Placeholder and Sam Fictional); 1 up to date.",
            "Cases discussed per meeting",
            "45 of 59 cases listed were discussed",
            "Meeting Listed Discussed",
            "6 Oct 9 8",
            "15 Dec 9 0",
            "Time planned and used per meeting",
            "Actions month by month",
            "Month Agreed Completed Open at month end Overdue at month end",
            "Dec 2026 6 4 29 4",
            "Cases led by role",
            "Lead's role Cases led",
            "No lead agreed 0",
            "Each member's open work",
            "Siân Ellis-Wójcik 5 0 4",
            "Supervision",
            "Working together asks that social prescribing link workers have clinical supervision every month. \
             The team also checks these roles the same way, as its own choice: Occupational therapist. A member with no session",
            "Ade Sample Dr Amira Qureshi Up to date: Last supervision 20/11/2026; next due by 20/12/2026 2",
            "Jo Placeholder Priya Example OVERDUE: No supervision for over a month (last on 01/10/2026) 0",
            "Sam Fictional None arranged OVERDUE: No supervision recorded 1",
            "Outcomes",
            "People with a first score and a later one taken in the period",
            "Of 12 people scored twice, 7 were more satisfied with life and 6 less anxious.",
            "Question Better Same Worse",
            "Life satisfaction 7 3 2",
            "Measure and question People Mean change",
            "ONS4 personal wellbeing: Life satisfaction 12 +1.4",
            "ONS4 personal wellbeing: Anxiety 12 -0.8",
            "How the figures are counted",
            "Meetings: every meeting dated in the period",
            "Outcomes: people with a first score",
        ],
    );
    assert!(!text.contains("Worthwhile"), "a question no one answered twice is left out of the table");
    // The outcome chart is printed once, in the Outcomes section, under no heading of its own.
    assert!(!text.contains("Outcome change"), "{text}");
    assert_eq!(text.matches("Question Better Same Worse").count(), 1);
    assert_eq!(text.matches("Time planned and used per meeting").count(), 1, "a positive control: other charts keep their headings");
    let pages = pdf_pages(&out.pdf);
    assert!(pages.iter().all(|p| p.iter().any(|l| l == "OFFICIAL")), "marked OFFICIAL on every page");
    assert!(!text.contains("OFFICIAL-SENSITIVE"), "the report names no one discussed");
    assert_eq!(out.pages, pages.len());
}

#[test]
fn an_empty_past_quarter_reads_sensibly() {
    let mut quiet = Dashboard {
        period: Period::quarter(2026, 1).unwrap(),
        today: "2026-12-02".into(),
        meetings: Vec::new(),
        actions: Vec::new(),
        leads_by_role: Vec::new(),
        member_load: Vec::new(),
        reviews: ReviewFigures { due_soon: 0, overdue: 0 },
        supervision: SupervisionFigures { up_to_date: 0, overdue: 0, members: Vec::new(), roles: Vec::new() },
        outcomes: Vec::new(),
        charts: vec![chart("cases-discussed", "Cases discussed per meeting", ChartKind::Bar, "cases", &[], Vec::new(), "No meetings were held.")],
    };
    let text = pdf_text(&render(&quarterly::document(&quiet)).unwrap().pdf);
    assert_in_order(
        &text,
        &[
            "Period Q1 2026/27 (1 April to 30 June 2026)",
            "Figures as of Wednesday 2 December 2026",
            "0 meetings held.",
            "0 cases discussed of 0 listed.",
            "0 minutes planned for cases and 0 used.",
            "0 actions agreed and 0 completed in the period; on Tuesday 30 June 2026, 0 open, 0 of them overdue.",
            "Reviews: 0 overdue and 0 due in the next 28 days.",
            "No one has supervision recorded or arranged.",
            "Cases discussed per meeting",
            "No figures to show for this period. No meetings were held.",
            "Supervision No one has a supervision arrangement or sessions recorded.",
            "Outcomes No one has a first and a later score",
        ],
    );
    assert!(!text.contains("Meetings Riverside"), "no meetings, no team name");
    // Supervision all up to date reads so; one month's actions in the current quarter are counted today.
    quiet.period = Period::quarter(2026, 3).unwrap();
    quiet.actions.push(ActionMonth { month: "2026-12".into(), label: "Dec 2026".into(), agreed: 1, completed: 0, open_at_end: 1, overdue_at_end: 0 });
    quiet.supervision = SupervisionFigures {
        up_to_date: 1,
        overdue: 0,
        members: vec![supervised(3, "Ade Sample", Some("Dr Amira Qureshi"), Some("2026-11-20"), false, "Last supervision 20/11/2026; next due by 20/12/2026", 0)],
        roles: vec![SupervisedRole { key: "splw".into(), name: "Social prescribing link worker".into(), from_guidance: true }],
    };
    let text = pdf_text(&render(&quarterly::document(&quiet)).unwrap().pdf);
    assert_in_order(&text, &["1 action agreed and 0 completed in the period; on Wednesday 2 December 2026, 1 open", "Supervision: the one supervised member is up to date."]);
    // Only the guidance's role checked: no sentence about the team's own choices (the full report has one).
    assert_in_order(&text, &["Working together asks that social prescribing link workers have clinical supervision every month. A member with no session"]);
    assert!(!text.contains("The team also checks"), "{text}");
}

#[test]
fn each_chart_is_one_figure_with_its_words_then_a_table_with_header_cells() {
    let dash = dashboard();
    let out = render(&report()).unwrap();
    let file = Tagged::load(&out.pdf);
    let nodes = file.structure();
    let figures: Vec<&Node> = nodes.iter().filter(|n| n.role == "Figure").collect();
    let alts: Vec<&str> = figures.iter().map(|n| n.alt.as_deref().unwrap()).collect();
    let summaries: Vec<&str> = dash.charts.iter().map(|c| c.summary.as_str()).collect();
    assert_eq!(alts, summaries);
    for chart in &dash.charts {
        let at = nodes.iter().position(|n| n.alt.as_deref() == Some(chart.summary.as_str())).unwrap();
        if chart.id == "outcomes" {
            // In the Outcomes section, after the words saying who is counted.
            assert_eq!((nodes[at - 2].role.as_str(), nodes[at - 2].text.as_str()), ("H2", "Outcomes"));
            assert_eq!(nodes[at - 1].role, "P");
        } else {
            assert_eq!(nodes[at - 1].role, "H2");
            assert_eq!(nodes[at - 1].text, chart.title);
        }
        assert_eq!(nodes[at].depth, 1, "a figure of the document, not inside anything");
        // Then its table: a header row naming the categories' column and each series.
        assert_eq!(nodes[at + 1].role, "Table", "{}", chart.id);
        let headers: Vec<&str> =
            nodes[at + 2..].iter().take_while(|n| n.role != "TD").filter(|n| n.role == "TH").map(|n| n.text.as_str()).collect();
        let names: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(&headers[1..], names.as_slice(), "{}", chart.id);
        assert!(nodes[at + 2..].iter().take_while(|n| n.role != "TD").filter(|n| n.role == "TH").all(|n| n.scope.as_deref() == Some("Column")));
        let rows = nodes[at + 1..].iter().skip(1).take_while(|n| n.depth > 1).filter(|n| n.role == "TR").count();
        assert_eq!(rows, chart.categories.len() + 1, "{}: a row a category, after the header row", chart.id);
    }
    let member = nodes.iter().position(|n| n.alt.as_deref() == Some(dash.charts[4].summary.as_str())).unwrap();
    let th: Vec<&str> = nodes[member..].iter().filter(|n| n.role == "TH").take(4).map(|n| n.text.as_str()).collect();
    assert_eq!(th, ["Member", "Open actions", "Overdue actions", "People leading"]);
    // Each figure says where it is drawn (its /BBox): inside the page, as wide as the text and
    // taller than its plot. The tick box of another report is small.
    let boxes: Vec<Vec<f32>> = (file.doc.objects.values())
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").ok().and_then(|s| s.as_name().ok()) == Some(b"Figure".as_slice()))
        .map(|d| {
            let attributes = d.get(b"A").expect("a figure has attributes").as_array().unwrap();
            let attributes = file.dict(&attributes[0]);
            assert_eq!(attributes.get(b"O").unwrap().as_name().unwrap(), b"Layout");
            attributes.get(b"BBox").unwrap().as_array().unwrap().iter().map(|n| n.as_float().unwrap()).collect()
        })
        .collect();
    assert_eq!(boxes.len(), dash.charts.len());
    for b in &boxes {
        let (width, height) = (b[2] - b[0], b[3] - b[1]);
        assert!(b[0] >= 18.0 * 72.0 / 25.4 - 1.0 && b[2] <= 595.3 - 18.0 * 72.0 / 25.4 + 1.0, "{b:?}");
        assert!(b[1] >= 60.0 && b[3] <= 800.0 && width > 400.0 && height > 120.0, "{b:?}");
    }
    // Nothing is drawn outside marked content.
    for page in file.page_text.values() {
        assert!(page.unmarked.is_empty(), "{:?}", page.unmarked);
    }
}

/// Every page's content-stream operators, decoded with lopdf.
fn operators(pdf: &[u8]) -> Vec<Vec<String>> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.get_pages()
        .values()
        .map(|&id| doc.get_and_decode_page_content(id).unwrap().operations.iter().map(|op| op.operator.clone()).collect())
        .collect()
}

#[test]
fn charts_are_drawn_with_path_operators_and_no_images() {
    let out = render(&report()).unwrap();
    let ops: Vec<String> = operators(&out.pdf).into_iter().flatten().collect();
    for op in ["re", "m", "l", "c", "f", "S", "B", "d"] {
        assert!(ops.iter().any(|o| o == op), "no {op} operator");
    }
    assert!(!ops.iter().any(|o| o == "Do" || o == "BI"), "no XObject or inline image is drawn");
    let doc = lopdf::Document::load_mem(&out.pdf).unwrap();
    for (_, object) in doc.objects.iter() {
        if let Ok(stream) = object.as_stream() {
            assert!(stream.dict.get(b"Subtype").map_or(true, |s| s.as_name().unwrap() != b"Image"), "an image stream");
        }
    }
    assert!(!out.pdf.windows(5).any(|w| w == b"/SMask") && !out.pdf.windows(3).any(|w| w == b"/CA"), "nothing transparent");
    // Many long category labels are turned: text drawn through a text matrix.
    assert!(!ops.iter().any(|o| o == "Tm"), "the report's labels are all level");
    let days: Vec<String> = (1..=30).map(|d| format!("Tuesday {d} March 2026")).collect();
    let days: Vec<&str> = days.iter().map(String::as_str).collect();
    let many = chart("cases-discussed", "Many", ChartKind::Bar, "cases", &days, vec![series("Cases", &[3.0; 30])], "Three a week.");
    let ops: Vec<String> = operators(&render(&one_chart(many)).unwrap().pdf).into_iter().flatten().collect();
    assert!(ops.iter().any(|o| o == "Tm"));
    // The control: a report with no chart draws no curve and no filled shape.
    let mut plain = Document::new("Plain");
    plain.created = Some(fixed_date());
    plain.paragraph("Words only.");
    let plain_ops: Vec<String> = operators(&render(&plain).unwrap().pdf).into_iter().flatten().collect();
    assert!(!plain_ops.iter().any(|o| o == "c" || o == "f" || o == "B"));
}

#[test]
fn the_same_dashboard_gives_the_same_bytes() {
    let first = render(&report()).unwrap();
    let second = render(&report()).unwrap();
    assert_eq!(first.pdf, second.pdf);
    let mut other = dashboard();
    other.charts[0].series[0].values[0] = 10.0;
    let mut doc = quarterly::document(&other);
    doc.created = Some(fixed_date());
    assert_ne!(render(&doc).unwrap().pdf, first.pdf, "a changed figure changes the file");
}

/// A one-chart document, the chart under a heading.
fn one_chart(chart: Chart) -> Document {
    let mut doc = Document::new("Chart check");
    doc.created = Some(fixed_date());
    doc.heading(Level::H2, chart.title.clone());
    doc.chart(chart);
    doc
}

/// The text drawn inside the figure (axis labels, values, legend, words), and the table's cells.
fn figure_and_cells(pdf: &[u8]) -> (String, Vec<Node>) {
    let file = Tagged::load(pdf);
    let nodes = file.structure();
    let figure = nodes.iter().find(|n| n.role == "Figure").expect("a figure").text.clone();
    (figure, nodes.into_iter().filter(|n| n.role == "TD" || n.role == "TH").collect())
}

#[test]
fn a_chart_with_no_data_says_so_and_has_no_table() {
    for (categories, series) in [(vec![], vec![]), (vec!["Oct"], vec![]), (vec![], vec![series("Agreed", &[])])] {
        let out = render(&one_chart(chart("x", "Empty", ChartKind::Bar, "cases", &categories, series, "There were no meetings."))).unwrap();
        assert_eq!(out.pages, 1);
        let (figure, cells) = figure_and_cells(&out.pdf);
        assert_eq!(figure, "No figures to show for this period. There were no meetings.");
        assert!(cells.is_empty(), "{cells:?}");
    }
}

#[test]
fn one_category_a_zero_and_large_values_draw_with_round_ticks() {
    let one = chart("actions", "One month", ChartKind::Line, "actions", &["Oct 2026"], vec![series("Agreed", &[4.0])], "Four agreed.");
    let out = render(&one_chart(one)).unwrap();
    let (figure, cells) = figure_and_cells(&out.pdf);
    assert_eq!(figure, "Agreed Actions 0 1 2 3 4 Oct 2026 Four agreed.", "legend, unit, ticks, the category, the words");
    let cells: Vec<&str> = cells.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(cells, ["Month", "Agreed", "Oct 2026", "4"]);

    let zero = chart("x", "Zero", ChartKind::Bar, "cases", &["A", "B"], vec![series("Cases", &[0.0, 3.0])], "None for A.");
    let (figure, cells) = figure_and_cells(&render(&one_chart(zero)).unwrap().pdf);
    assert_eq!(figure, "Cases Cases 0 1 2 3 0 3 A B None for A.", "the zero is printed on its bar's place");
    assert_eq!(cells.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(), ["Category", "Cases", "A", "0", "B", "3"]);

    let large = chart(
        "x",
        "Large",
        ChartKind::HorizontalBar,
        "minutes",
        &["North", "South"],
        vec![series("Used", &[1_234_567.0, 480_000.0])],
        "North used most.",
    );
    let (figure, cells) = figure_and_cells(&render(&one_chart(large)).unwrap().pdf);
    assert_in_order(&figure, &["0", "500,000", "1,000,000", "1,500,000", "Minutes", "North", "1,234,567", "South", "480,000"]);
    assert!(cells.iter().any(|n| n.text == "1,234,567"));
}

/// A paragraph, `space` mm of space, then a heading and the member-load chart.
fn after_space(space: f32) -> (Chart, mdt::reports::Rendered) {
    let big = dashboard().charts[4].clone();
    let mut doc = Document::new("Page check");
    doc.created = Some(fixed_date());
    doc.paragraph("First.");
    doc.push(Block::Space(space));
    doc.heading(Level::H2, big.title.clone());
    doc.chart(big.clone());
    (big, render(&doc).unwrap())
}

#[test]
fn a_chart_that_does_not_fit_starts_the_next_page_with_its_heading_and_short_table() {
    // At 180 mm down the chart does not fit; at 150 mm it would, but its table would not.
    for space in [180.0, 150.0] {
        let (big, out) = after_space(space);
        assert_eq!(out.pages, 2);
        let file = Tagged::load(&out.pdf);
        let first: Vec<&String> = file.page_text[&file.pages[&1]].by_mcid.values().collect();
        assert_eq!(first.len(), 2, "only the marking and the first paragraph on page 1: {first:?}");
        let second: Vec<&String> = file.page_text[&file.pages[&2]].by_mcid.values().collect();
        assert!(second.contains(&&big.title));
        assert!(second.iter().any(|t| t.starts_with("Open actions Overdue actions People leading 0 5 10 15")), "{second:?}");
        assert!(second.iter().any(|t| *t == "Siân Ellis-Wójcik"), "the table's last row is with the chart: {second:?}");
    }
    // The control: with less space above, heading, chart and table are all on page 1.
    let (_, out) = after_space(100.0);
    assert_eq!(out.pages, 1);
}

#[test]
fn pdfinfo_reads_the_quarterly_report_as_tagged_pdf_a_2() {
    let out = render(&report()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quarterly.pdf");
    std::fs::write(&path, &out.pdf).unwrap();
    let info = Command::new("pdfinfo").arg(&path).output().expect("pdfinfo (poppler-utils) is installed");
    let info = String::from_utf8(info.stdout).unwrap();
    assert!(info.lines().any(|l| l.starts_with("Tagged:") && l.ends_with("yes")), "{info}");
    assert!(info.lines().any(|l| l.starts_with("Title:") && l.ends_with("Quarterly MDT report")), "{info}");
    assert!(info.lines().any(|l| l.starts_with("Page size:") && l.contains("595.276 x 841.89")), "A4 portrait: {info}");
    let meta = Command::new("pdfinfo").arg("-meta").arg(&path).output().unwrap();
    let meta = String::from_utf8(meta.stdout).unwrap();
    assert!(meta.contains("<pdfaid:part>2</pdfaid:part>") && meta.contains("<pdfaid:conformance>A</pdfaid:conformance>"), "{meta}");
}

#[test]
fn awkward_charts_keep_one_to_a_page_and_write_a_sample() {
    let weeks: Vec<String> = (0..26).map(|w| format!("Tuesday {} {}", 1 + (w * 7) % 28, ["March", "April", "May", "June", "July", "August", "September"][w / 4])).collect();
    let weeks: Vec<&str> = weeks.iter().map(String::as_str).collect();
    let listed: Vec<f64> = (0..26).map(|i| f64::from((i * 7 % 11) + 3)).collect();
    let names: Vec<String> = (1..=24).map(|i| format!("Team member number {i}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let load: Vec<f64> = (0..24).map(|i| f64::from(i % 9)).collect();
    let mut doc = Document::new("Awkward charts");
    doc.created = Some(fixed_date());
    for c in [
        chart("cases-discussed", "Half a year of weekly meetings", ChartKind::Bar, "cases", &weeks, vec![series("Listed", &listed), series("Discussed", &listed.iter().map(|v| v - 2.0).collect::<Vec<_>>())], "Turned labels, every other one."),
        chart("outcomes", "Mean change, up and down", ChartKind::Bar, "points", &["Life satisfaction", "Happiness yesterday", "Anxiety yesterday", "Worthwhile"], vec![series("Mean change", &[1.4, 0.6, -0.8, 0.0])], "Negative values go below the zero line."),
        chart("member-load", "Two dozen members", ChartKind::HorizontalBar, "actions", &names, vec![series("Open actions", &load), series("Overdue actions", &load.iter().map(|v| (v / 3.0).floor()).collect::<Vec<_>>())], "Many rows."),
        chart("actions", "A line with a gap", ChartKind::Line, "actions", &weeks[..8], vec![series("Open", &[3.0, 4.0, f64::NAN, 6.0, 5.0, 4.0, 2.0, 1.0]), series("Overdue", &[0.0, 1.0, 1.0, 2.0, 2.0, 1.0, 0.0, 0.0])], "The third week has no figure."),
    ] {
        doc.heading(Level::H2, c.title.clone());
        doc.chart(c);
    }
    let out = render(&doc).unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pdf-samples");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("charts-awkward.pdf"), &out.pdf).unwrap();
    let file = Tagged::load(&out.pdf);
    // Each chart's drawing is on one page: its figure's marked content names one page only.
    let figures: Vec<&lopdf::Dictionary> = (file.doc.objects.values())
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").ok().and_then(|s| s.as_name().ok()) == Some(b"Figure".as_slice()))
        .collect();
    assert_eq!(figures.len(), 4);
    for figure in figures {
        let kids = figure.get(b"K").unwrap();
        let on_other_pages = kids.as_array().map_or(0, |k| k.iter().filter(|kid| kid.as_dict().is_ok()).count());
        assert_eq!(on_other_pages, 0, "a figure's content is all on its own page");
    }
    let text = pdf_text(&out.pdf);
    assert_in_order(&text, &["Anxiety yesterday", "-0.8", "Worthwhile", "0", "Team member number 24", "8", "2", "Tuesday", "no figure"]);
}
