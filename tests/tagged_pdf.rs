//! Tagged, archivable PDFs: the structure tree read back from the file (with lopdf) names every
//! heading, paragraph, list and table cell in reading order; page furniture is an artifact; the
//! metadata declares PDF/A-2 and agrees with the Info dictionary; poppler's pdfinfo agrees.

mod support;
#[path = "support/structure.rs"]
mod structure;

use std::process::Command;

use chrono::{Duration, Local, TimeZone, Utc};
use mdt::actions::{self, ActionInput};
use mdt::agenda::{self, Outcome};
use mdt::discussions::DiscussionRecord;
use mdt::meetings;
use mdt::reports::action_list::{self, ActionListOptions};
use mdt::reports::minutes::{self, MinutesOptions};
use mdt::reports::{Block, Cell, Column, Document, Level, Table, render};
use mdt::Store;
use structure::{Node, Tagged, text_string};
use support::*;

fn node(role: &str, depth: usize, text: &str) -> Node {
    Node { role: role.into(), depth, text: text.into(), scope: None, alt: None }
}

fn th(depth: usize, text: &str, scope: &str) -> Node {
    Node { scope: Some(scope.into()), ..node("TH", depth, text) }
}

fn fixed_date() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 15, 0, 0).unwrap()
}

/// A document with one block of every kind.
fn every_block() -> Document {
    let mut doc = Document::new("Tagging check");
    doc.header_right = "2 March 2026".into();
    doc.notice = "Holds full identifiers".into();
    doc.created = Some(fixed_date());
    doc.heading(Level::H1, "Riverside MDT minutes").paragraph("Held at the health centre.");
    doc.key_values([("Date", "2 March 2026"), ("Chair", "Dr Gwen Imaginary")]);
    doc.heading(Level::H2, "Escalations").list(["Call the GP if she falls again", "Ring 111 out of hours"]);
    let mut table = Table::new([Column::share("Action", 3.0), Column::fixed("Done", 15.0)]);
    table.row([Cell::from("Phone the daughter"), Cell::TickBox]);
    doc.table(table);
    doc.heading(Level::H3, "Notes").paragraph("First line\nsecond line");
    doc
}

#[test]
fn every_kind_of_block_is_tagged_in_reading_order() {
    let out = render(&every_block()).unwrap();
    let file = Tagged::load(&out.pdf);
    let tick_box = Node { alt: Some("Empty tick box, to tick by hand".into()), ..node("Figure", 4, "") };
    assert_eq!(
        file.structure(),
        vec![
            node("P", 1, "OFFICIAL-SENSITIVE"),
            node("P", 1, "Holds full identifiers"),
            node("H1", 1, "Riverside MDT minutes"),
            node("P", 1, "Held at the health centre."),
            node("Table", 1, ""),
            node("TR", 2, ""),
            th(3, "Date", "Row"),
            node("TD", 3, "2 March 2026"),
            node("TR", 2, ""),
            th(3, "Chair", "Row"),
            node("TD", 3, "Dr Gwen Imaginary"),
            node("H2", 1, "Escalations"),
            node("L", 1, ""),
            node("LI", 2, ""),
            node("Lbl", 3, "•"),
            node("LBody", 3, "Call the GP if she falls again"),
            node("LI", 2, ""),
            node("Lbl", 3, "•"),
            node("LBody", 3, "Ring 111 out of hours"),
            node("Table", 1, ""),
            node("TR", 2, ""),
            th(3, "Action", "Column"),
            th(3, "Done", "Column"),
            node("TR", 2, ""),
            node("TD", 3, "Phone the daughter"),
            node("TD", 3, ""),
            tick_box,
            node("H3", 1, "Notes"),
            node("P", 1, "First line second line"),
        ]
    );
    // Nothing is drawn outside marked content; the running header and footer are artifacts.
    let page = &file.page_text[&file.pages[&1]];
    assert!(page.unmarked.is_empty(), "{:?}", page.unmarked);
    assert_eq!(page.artifacts, ["Tagging check", "2 March 2026", "Page 1 of 1", "OFFICIAL-SENSITIVE"]);
    // The parent tree maps each MCID back to the element whose content it is, in order.
    let owners = file.parent_tree_entry(file.pages[&1]);
    assert_eq!(owners.len(), page.mcids.len());
    assert_eq!(page.mcids, (0..owners.len() as i64).collect::<Vec<_>>(), "MCIDs number the page's sequences from 0");
    for (mcid, owner) in owners.iter().enumerate() {
        let element = file.doc.get_dictionary(*owner).unwrap();
        assert_eq!(element.get(b"Pg").unwrap().as_reference().unwrap(), file.pages[&1]);
        let k = element.get(b"K").unwrap().as_array().unwrap();
        assert!(k.iter().any(|kid| kid.as_i64().ok() == Some(mcid as i64)), "MCID {mcid}: {k:?}");
    }
}

#[test]
fn a_table_over_two_pages_has_its_header_cells_once_and_the_repeat_is_an_artifact() {
    let mut doc = Document::new("Long table");
    doc.created = Some(fixed_date());
    let mut table = Table::new([Column::share("Who", 1.0), Column::share("What", 2.0)]);
    for i in 1..=80 {
        table.row([Cell::from(format!("Person {i}")), Cell::from(format!("Task {i}"))]);
    }
    table.continued = Some("Tasks, continued".into());
    doc.table(table);
    let out = render(&doc).unwrap();
    assert!(out.pages >= 2, "{} pages", out.pages);
    let file = Tagged::load(&out.pdf);
    let nodes = file.structure();
    let headers: Vec<&str> = nodes.iter().filter(|n| n.role == "TH").map(|n| n.text.as_str()).collect();
    assert_eq!(headers, ["Who", "What"]);
    assert_eq!(nodes.iter().filter(|n| n.role == "TR").count(), 81, "one header row and 80 rows, each once");
    let last_rows: Vec<&str> = nodes.iter().rev().take(2).map(|n| n.text.as_str()).collect();
    assert_eq!(last_rows, ["Task 80", "Person 80"]);
    let second = &file.page_text[&file.pages[&2]];
    assert_eq!(second.artifacts[..5], ["OFFICIAL-SENSITIVE", "Long table", "Tasks, continued", "Who", "What"]);
    assert!(second.unmarked.is_empty());
    let first = &file.page_text[&file.pages[&1]];
    assert!(!first.artifacts.iter().any(|a| a == "Who"), "on the first page the header row is the table's own");
}

#[test]
fn a_paragraph_over_two_pages_is_one_element_with_its_content_on_both() {
    let mut doc = Document::new("Long paragraph");
    doc.created = Some(fixed_date());
    let words: Vec<String> = (1..=1500).map(|i| format!("w{i}")).collect();
    doc.paragraph(words.join(" "));
    let out = render(&doc).unwrap();
    assert_eq!(out.pages, 2);
    let file = Tagged::load(&out.pdf);
    let nodes = file.structure();
    let body: Vec<&Node> = nodes.iter().filter(|n| n.text.starts_with("w1 ")).collect();
    assert_eq!(body.len(), 1, "one paragraph");
    assert_eq!((body[0].role.as_str(), body[0].text.as_str()), ("P", words.join(" ").as_str()), "whole and in order");
    // The content on the second page is named with that page.
    let second = file.pages[&2];
    let owners = file.parent_tree_entry(second);
    let element = file.doc.get_dictionary(owners[0]).unwrap();
    assert_eq!(element.get(b"Pg").unwrap().as_reference().unwrap(), file.pages[&1], "the element starts on page 1");
    let k = element.get(b"K").unwrap().as_array().unwrap();
    let on_second = k.iter().filter_map(|kid| kid.as_dict().ok()).filter(|d| d.get(b"Pg").unwrap().as_reference().unwrap() == second);
    assert_eq!(on_second.count(), 1);
}

fn day(offset: i64) -> String {
    (Local::now().date_naive() + Duration::days(offset)).format("%Y-%m-%d").to_string()
}

/// A finalised meeting with two discussed cases and actions.
fn finalised_meeting(store: &mut Store, team: &Team) -> i64 {
    let m = meeting(store, team, "2026-03-02T13:00").id;
    let first = add_case(store, m, "AB-0101", team.ot);
    let record = DiscussionRecord { decision: "OT to assess at home".into(), decision_owner_id: Some(team.ot), ..Default::default() };
    save_record(store, first, &record).unwrap();
    let input = ActionInput { description: "Fit the grab rails".into(), owner_id: team.ot, due_date: Some(day(7)) };
    actions::add(store, first, &input).unwrap();
    agenda::set_outcome(store, first, Outcome::Discussed, 600).unwrap();
    meetings::finalise(store, m).unwrap();
    m
}

fn headings_and_header_cells(nodes: &[Node]) -> Vec<String> {
    (nodes.iter())
        .filter(|n| n.role.starts_with('H') || n.role == "TH")
        .map(|n| format!("{} {}", n.role, n.text))
        .collect()
}

/// The headings and header cells the document itself holds, in its order.
fn from_blocks(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Heading(level, text) => out.push(format!("{level:?} {text}")),
            Block::KeyValues(pairs) => out.extend(pairs.iter().map(|(label, _)| format!("TH {label}"))),
            Block::Table(table) => out.extend(table.columns.iter().map(|c| format!("TH {}", c.header))),
            _ => {}
        }
    }
    out
}

#[test]
fn minutes_name_their_headings_and_table_headers_in_reading_order() {
    let (mut store, team) = store_with_team();
    let m = finalised_meeting(&mut store, &team);
    let doc = minutes::document(store.conn(), m, &MinutesOptions { include_identifiers: false, created: Some(fixed_date()) })
        .unwrap();
    let file = Tagged::load(&render(&doc).unwrap().pdf);
    let found = headings_and_header_cells(&file.structure());
    assert_eq!(found, EXPECTED_MINUTES);
    assert_eq!(found, from_blocks(&doc), "the same as the document's own blocks");
}

const EXPECTED_MINUTES: [&str; 27] = [
    "H1 Riverside MDT: minutes",
    "TH Date",
    "TH Time",
    "TH Place",
    "TH Meeting series",
    "TH Chair",
    "TH Minutes taken by",
    "TH Status",
    "TH Full identifiers",
    "H2 Attendance",
    "H2 1. AB-0101",
    "TH Reason for discussion",
    "TH Presented by",
    "TH Time",
    "TH Consent",
    "TH Clinical risk held by",
    "H3 Decision",
    "TH Responsible",
    "TH Next review",
    "H3 Actions agreed",
    "TH Action 1",
    "H2 Agreed actions",
    "TH No.",
    "TH Action",
    "TH Owner",
    "TH Due",
    "TH Case",
];

#[test]
fn an_action_list_names_its_headings_and_table_headers_in_reading_order() {
    let (mut store, team) = store_with_team();
    finalised_meeting(&mut store, &team);
    let doc = action_list::document(store.conn(), &ActionListOptions { created: Some(fixed_date()), ..Default::default() }).unwrap();
    let file = Tagged::load(&render(&doc).unwrap().pdf);
    let found = headings_and_header_cells(&file.structure());
    assert_eq!(found, EXPECTED_ACTIONS);
    assert_eq!(found, from_blocks(&doc));
}

const EXPECTED_ACTIONS: [&str; 7] = [
    "H1 Open actions",
    "H2 Priya Example (Occupational therapist): 1 action",
    "TH Done",
    "TH Due",
    "TH Action",
    "TH From",
    "TH Notes",
];

/// The value of an XMP property written as a simple element, e.g. `<pdfaid:part>2</pdfaid:part>`.
fn xmp_value<'a>(xmp: &'a str, property: &str) -> Option<&'a str> {
    let open = format!("<{property}>");
    let start = xmp.find(&open)? + open.len();
    let end = start + xmp[start..].find(&format!("</{property}>"))?;
    Some(&xmp[start..end])
}

#[test]
fn the_metadata_declares_pdf_a_2_and_agrees_with_the_info_dictionary() {
    let out = render(&every_block()).unwrap();
    let file = Tagged::load(&out.pdf);
    let catalog = file.catalog();
    assert_eq!(text_string(catalog.get(b"Lang").unwrap().as_str().unwrap()), "en-GB");
    assert!(file.dict(catalog.get(b"MarkInfo").unwrap()).get(b"Marked").unwrap().as_bool().unwrap());
    assert!(file.dict(catalog.get(b"ViewerPreferences").unwrap()).get(b"DisplayDocTitle").unwrap().as_bool().unwrap());

    let metadata = file.doc.get_object(catalog.get(b"Metadata").unwrap().as_reference().unwrap()).unwrap();
    let metadata = metadata.as_stream().unwrap();
    assert!(metadata.dict.get(b"Filter").is_err(), "the metadata stays readable without decompressing");
    let xmp = String::from_utf8(metadata.content.clone()).unwrap();
    assert_eq!(xmp_value(&xmp, "pdfaid:part"), Some("2"), "{xmp}");
    assert_eq!(xmp_value(&xmp, "pdfaid:conformance"), Some("A"));

    let info = file.dict(file.doc.trailer.get(b"Info").unwrap());
    let info_text = |key: &[u8]| text_string(info.get(key).unwrap().as_str().unwrap());
    assert_eq!(info_text(b"Title"), "Tagging check");
    assert!(xmp.contains("<rdf:li xml:lang=\"x-default\">Tagging check</rdf:li>"), "dc:title: {xmp}");
    assert_eq!(xmp_value(&xmp, "pdf:Producer"), Some(info_text(b"Producer").as_str()));
    assert_eq!(xmp_value(&xmp, "xmp:CreatorTool"), Some(info_text(b"Creator").as_str()));
    assert_eq!(info_text(b"CreationDate"), "D:20260302150000+00'00'");
    assert_eq!(xmp_value(&xmp, "xmp:CreateDate"), Some("2026-03-02T15:00:00Z"));
    assert_eq!(xmp_value(&xmp, "xmp:ModifyDate"), Some("2026-03-02T15:00:00Z"));
    assert!(xmp.contains("<rdf:li>en-GB</rdf:li>"), "dc:language: {xmp}");

    // An sRGB output intent with the profile embedded, and an ID in the trailer.
    let intents = catalog.get(b"OutputIntents").unwrap().as_array().unwrap();
    assert_eq!(intents.len(), 1);
    let intent = file.dict(&intents[0]);
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFA1");
    let profile = file.doc.get_object(intent.get(b"DestOutputProfile").unwrap().as_reference().unwrap()).unwrap();
    let profile = profile.as_stream().unwrap();
    assert_eq!(profile.dict.get(b"N").unwrap().as_i64().unwrap(), 3);
    assert_eq!(profile.content, std::fs::read("assets/colour/sRGB.icc").unwrap());
    let id = file.doc.trailer.get(b"ID").unwrap().as_array().unwrap();
    assert_eq!(id.len(), 2);
    assert!(id[0].as_str().unwrap().len() >= 16);
    assert!(file.doc.trailer.get(b"Encrypt").is_err());
    assert!(!out.pdf.windows(5).any(|w| w == b"/SMask") && !out.pdf.windows(3).any(|w| w == b"/CA"), "nothing transparent");
}

/// poppler's pdfinfo, which the Makefile installs with poppler-utils.
fn pdfinfo(pdf: &[u8], args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdfinfo").args(args).arg(&path).output().expect("pdfinfo (poppler-utils) is installed");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn pdfinfo_reads_the_file_as_tagged_with_its_title_and_pdf_a_metadata() {
    let out = render(&every_block()).unwrap();
    let info = pdfinfo(&out.pdf, &[]);
    let line = |key: &str| info.lines().find(|l| l.starts_with(key)).map(|l| l[key.len()..].trim().to_string());
    assert_eq!(line("Tagged:").as_deref(), Some("yes"), "{info}");
    assert_eq!(line("Title:").as_deref(), Some("Tagging check"));
    assert_eq!(line("Producer:").as_deref(), Some("MDT Assistant"));
    assert_eq!(line("Encrypted:").as_deref(), Some("no"));
    let meta = pdfinfo(&out.pdf, &["-meta"]);
    assert!(meta.contains("<pdfaid:part>2</pdfaid:part>"), "{meta}");
}
