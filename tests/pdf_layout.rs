//! The report layout, checked on the PDF it writes: the text is read back with lopdf, page by
//! page, in the order it was drawn.

#[path = "support/reports.rs"]
mod reports;

use chrono::{TimeZone, Utc};
use reports::pdf_pages;
use mdt::reports::{Block, Cell, Column, Document, Level, Orientation, Rendered, Table, render};

fn fixed_date(doc: &mut Document) {
    doc.created = Some(Utc.with_ymd_and_hms(2025, 3, 4, 9, 30, 0).unwrap());
}

fn rendered(doc: &Document) -> Rendered {
    let out = render(doc).expect("renders");
    assert!(out.pdf.starts_with(b"%PDF-"));
    out
}

/// The lines between the running header (marking, title, right text) and the footer.
fn body(page: &[String], doc: &Document) -> Vec<String> {
    let running = [doc.marking.as_str(), doc.title.as_str(), doc.header_right.as_str()];
    let start = page.iter().position(|l| !running.contains(&l.as_str())).unwrap_or(page.len());
    let end = page.iter().rposition(|l| l.starts_with("Page ")).unwrap_or(page.len());
    page[start..end].to_vec()
}

fn action_table(rows: usize) -> Table {
    let mut table = Table::new([
        Column::fixed("No.", 12.0),
        Column::share("Action", 3.0),
        Column::share("Owner", 1.5),
        Column::fixed("Due", 24.0),
        Column::fixed("Done", 14.0),
    ]);
    for i in 1..=rows {
        let action = if i % 7 == 0 {
            format!(
                "Action {i}: arrange a joint home visit with the district nurse and the occupational therapist, then report back to the next meeting"
            )
        } else {
            format!("Action {i}: review medication")
        };
        let cells =
            [Cell::from(i.to_string()), action.into(), "Siân Ellis-Wójcik".into(), "12 May 2025".into(), Cell::TickBox];
        if i % 5 == 0 {
            table.emphasised_row(cells)
        } else {
            table.row(cells)
        };
    }
    table
}

#[test]
fn text_appears_in_reading_order() {
    let mut doc = Document::new("MDT minutes");
    doc.header_right = "4 March 2025".into();
    doc.heading(Level::H1, "Neighbourhood MDT")
        .key_values([("Date", "4 March 2025"), ("Chair", "Dr Amira Qureshi")])
        .heading(Level::H2, "Case 1")
        .paragraph("First paragraph.")
        .table(action_table(2))
        .paragraph("Last paragraph.");
    let page = &pdf_pages(&rendered(&doc).pdf)[0];
    let expected = [
        "OFFICIAL-SENSITIVE",
        "MDT minutes",
        "4 March 2025",
        "Neighbourhood MDT",
        "Date",
        "Dr Amira Qureshi",
        "Case 1",
        "First paragraph.",
        "Action",
        "Action 1: review medication",
        "Last paragraph.",
        "Page 1 of 1",
        "OFFICIAL-SENSITIVE",
    ];
    let mut from = 0;
    for want in expected {
        let at = page[from..]
            .iter()
            .position(|l| l == want)
            .unwrap_or_else(|| panic!("{want:?} after line {from} in {page:#?}"));
        from += at + 1;
    }
}

#[test]
fn a_long_table_splits_between_rows_and_repeats_its_header() {
    let mut doc = Document::new("Actions");
    doc.heading(Level::H1, "Actions").table(action_table(120));
    let out = rendered(&doc);
    let pages = pdf_pages(&out.pdf);
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let mut next = 1;
    for page in &pages {
        let body = body(page, &doc);
        let first_row = body.iter().position(|l| l == "Action").expect("a header row on every page");
        assert_eq!(&body[first_row - 1..first_row + 4], ["No.", "Action", "Owner", "Due", "Done"]);
        // Rows continue where the last page stopped: none lost, none split.
        for line in &body[first_row + 4..] {
            if let Ok(n) = line.parse::<usize>() {
                assert_eq!(n, next, "{body:#?}");
                next += 1;
            }
        }
    }
    assert_eq!(next, 121);
}

#[test]
fn every_page_is_numbered_and_marked_top_and_bottom() {
    let mut doc = Document::new("Handout");
    for i in 0..12 {
        doc.heading(Level::H2, format!("Section {i}")).paragraph("Some words to fill the page. ".repeat(60));
    }
    let out = rendered(&doc);
    let pages = pdf_pages(&out.pdf);
    assert!(out.pages > 2);
    assert_eq!(pages.len(), out.pages);
    for (i, page) in pages.iter().enumerate() {
        assert_eq!(page.first().unwrap(), "OFFICIAL-SENSITIVE");
        assert_eq!(page.last().unwrap(), "OFFICIAL-SENSITIVE");
        assert_eq!(page[page.len() - 2], format!("Page {} of {}", i + 1, out.pages));
    }

    doc.marking = "OFFICIAL".into();
    assert!(pages_of(&doc).iter().all(|p| p.iter().filter(|l| *l == "OFFICIAL").count() == 2));
    doc.marking.clear();
    assert!(pages_of(&doc).iter().all(|p| !p.iter().any(|l| l.starts_with("OFFICIAL"))));
}

fn pages_of(doc: &Document) -> Vec<Vec<String>> {
    pdf_pages(&rendered(doc).pdf)
}

#[test]
fn a_heading_at_the_foot_of_a_page_moves_to_the_next() {
    // Push the heading down a line at a time, so that one of these lands it at the very bottom.
    let mut moved = false;
    for lines in 30..70 {
        let mut doc = Document::new("Orphans");
        for i in 0..lines {
            doc.paragraph(format!("Line {i}"));
        }
        doc.heading(Level::H2, "The heading").paragraph("The first line after the heading.");
        let pages = pages_of(&doc);
        let page = pages.iter().position(|p| p.iter().any(|l| l == "The heading")).unwrap();
        let body = body(&pages[page], &doc);
        let at = body.iter().position(|l| l == "The heading").unwrap();
        assert_eq!(body.get(at + 1).map(String::as_str), Some("The first line after the heading."), "{lines} lines");
        moved |= page == 1 && at == 0;
    }
    assert!(moved, "no case put the heading at the bottom of page 1");
}

#[test]
fn a_headings_short_introduction_stays_with_the_table_it_introduces() {
    // As the heading moves down a line at a time, some position puts the introduction on the last
    // line of page 1: it must move over with the table, and the heading with it.
    let (mut moved, mut control) = (false, false);
    for lines in 30..70 {
        for introduced in [true, false] {
            let mut doc = Document::new("Introductions");
            for i in 0..lines {
                doc.paragraph(format!("Line {i}"));
            }
            doc.heading(Level::H2, "Listed but not discussed").paragraph("These cases were not reached.");
            if introduced {
                doc.table(action_table(3));
            } else {
                doc.paragraph("A closing remark, not a table.");
            }
            let pages = pages_of(&doc);
            let page = pages.iter().position(|p| p.iter().any(|l| l == "These cases were not reached.")).unwrap();
            let body = body(&pages[page], &doc);
            let at = body.iter().position(|l| l == "These cases were not reached.").unwrap();
            if introduced {
                assert_eq!(body.get(at + 1).map(String::as_str), Some("No."), "{lines} lines: the table's header follows");
                moved |= page == 1 && at == 1;
            } else {
                // The positive control: a paragraph that introduces nothing may end a page.
                control |= page == 0 && at + 1 == body.len();
            }
        }
    }
    assert!(moved, "no case put the introduction at the foot of page 1");
    assert!(control, "no case left a closing paragraph at the foot of page 1");
}

#[test]
fn a_five_thousand_word_paragraph_paginates_with_every_word_in_order() {
    let words: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
    let mut doc = Document::new("Long");
    doc.paragraph(words.join(" "));
    let out = rendered(&doc);
    assert!(out.pages >= 5, "{} pages", out.pages);
    let printed: Vec<String> = pdf_pages(&out.pdf)
        .iter()
        .flat_map(|p| body(p, &doc))
        .flat_map(|l| l.split(' ').map(str::to_string).collect::<Vec<_>>())
        .collect();
    assert_eq!(printed, words);
}

#[test]
fn an_empty_document_is_one_valid_page() {
    let doc = Document::new("");
    let out = rendered(&doc);
    assert_eq!(out.pages, 1);
    assert_eq!(pdf_pages(&out.pdf), [["OFFICIAL-SENSITIVE", "Page 1 of 1", "OFFICIAL-SENSITIVE"]]);
    let mut only_breaks = Document::new("Breaks");
    only_breaks.push(Block::PageBreak).push(Block::PageBreak).push(Block::Space(500.0));
    assert_eq!(rendered(&only_breaks).pages, 1, "breaks on an empty page add no blank pages");
}

#[test]
fn names_in_many_scripts_print_as_typed() {
    let names = [
        "Siân Ellis-Wójcik",
        "Gwenllïan ap Dafydd",
        "Ŵyn Ŷr Llŷr",
        "Łucja Żak-Śliwińska",
        "Muhammad Zubair Chaudhry",
        "Zoë O’Connor-Núñez",
        "Renée Ångström — “key worker”",
        "François Dvořák",
    ];
    let mut doc = Document::new("Roster");
    names.iter().for_each(|n| {
        doc.paragraph(*n);
    });
    let out = rendered(&doc);
    assert!(out.missing_chars.is_empty(), "{:?}", out.missing_chars);
    assert_eq!(body(&pdf_pages(&out.pdf)[0], &doc), names);
}

#[test]
fn characters_noto_sans_lacks_print_from_fallbacks_and_those_no_face_has_are_replaced_and_reported() {
    let mut doc = Document::new("Referral 😀");
    // Ethiopic (Amharic) is in none of the report's faces.
    doc.paragraph("Interpreter: 普通话 (Mandarin) 👍, ሰላም");
    let out = rendered(&doc);
    assert_eq!(out.missing_chars, ['ሰ', 'ላ', 'ም']);
    assert_eq!(out.replaced, 3);
    let page = &pdf_pages(&out.pdf)[0];
    assert!(body(page, &doc).contains(&"Interpreter: 普通话 (Mandarin) 👍, \u{FFFD}\u{FFFD}\u{FFFD}".to_string()), "{page:?}");
    assert!(page.iter().any(|l| l.contains("Referral 😀")), "{page:?}");
}

#[test]
fn the_same_document_gives_the_same_bytes() {
    let mut doc = Document::new("Deterministic");
    fixed_date(&mut doc);
    doc.heading(Level::H1, "Actions").table(action_table(40));
    let (one, two) = (rendered(&doc), rendered(&doc));
    assert_eq!(one.pdf, two.pdf);
    doc.paragraph("One more line.");
    assert_ne!(rendered(&doc).pdf, one.pdf);
}

#[test]
fn the_file_carries_title_and_date_and_no_pdfx_claim() {
    let mut doc = Document::new("MDT minutes — 4 March");
    fixed_date(&mut doc);
    let file = lopdf::Document::load_mem(&rendered(&doc).pdf).unwrap();
    let info = file.trailer.get(b"Info").and_then(lopdf::Object::as_reference).unwrap();
    let info = file.get_dictionary(info).unwrap();
    assert_eq!(info.get(b"CreationDate").unwrap().as_str().unwrap(), b"D:20250304093000+00'00'");
    let title = lopdf::decode_text_string(info.get(b"Title").unwrap()).unwrap();
    assert_eq!(title, "MDT minutes — 4 March");
    assert!(!info.has(b"GTS_PDFXVersion"));
}

#[test]
fn landscape_pages_are_wider_than_tall() {
    let mut doc = Document::new("Wide");
    doc.orientation = Orientation::Landscape;
    doc.table(action_table(30));
    let file = lopdf::Document::load_mem(&rendered(&doc).pdf).unwrap();
    let page = file.get_pages()[&1];
    let media = file.get_dictionary(page).unwrap().get(b"MediaBox").unwrap().as_array().unwrap();
    let size: Vec<f32> = media.iter().map(|n| n.as_float().unwrap()).collect();
    assert!((size[2] - 841.89).abs() < 0.5 && (size[3] - 595.28).abs() < 0.5, "{size:?}");
}

#[test]
fn a_malformed_table_is_an_error_not_a_panic() {
    let mut table = Table::new([Column::share("A", 1.0), Column::share("B", 1.0)]);
    table.row(["only one".into()]);
    let mut doc = Document::new("Bad");
    doc.table(table);
    assert_eq!(render(&doc).unwrap_err().code(), mdt::ErrorCode::Internal);
    let mut doc = Document::new("Too wide");
    doc.table(Table::new([Column::fixed("A", 150.0), Column::fixed("B", 150.0)]));
    assert!(render(&doc).is_err());
}

/// A minutes-like document to look at: `target/pdf-samples/sample.pdf`, and the same in
/// landscape with a line the font cannot fully print, `sample-landscape.pdf`.
#[test]
fn writes_samples_to_look_at() {
    let mut doc = Document::new("Neighbourhood MDT — minutes");
    doc.header_right = "Tuesday 4 March 2025".into();
    fixed_date(&mut doc);
    doc.heading(Level::H1, "Neighbourhood MDT: minutes")
        .key_values([
            ("Date", "Tuesday 4 March 2025, 13:00–14:30"),
            ("Venue", "Ty Gwyn Surgery, meeting room 2, and on Teams"),
            ("Chair", "Dr Amira Qureshi (GP partner)"),
            ("Present", "Siân Ellis-Wójcik (district nurse), Łucja Żak (social prescribing link worker), Gwenllïan ap Dafydd (OT), Muhammad Zubair Chaudhry (pharmacist), Zoë O’Connor (social worker)"),
            ("Apologies", "François Dvořák (physiotherapist)"),
        ])
        .heading(Level::H2, "1. Case discussion: Mrs A (NHS no. ending 4821)")
        .paragraph("Two falls at home in the last month, the second at night on the way to the bathroom. Lives alone; daughter visits twice a week. The team agreed the priority is a safe night-time route and a review of the evening medicines, which include a sedating antihistamine started over the counter.")
        .heading(Level::H3, "Decision")
        .paragraph("OT to assess the home this week; pharmacist to review the medicines before the OT visit; district nurse to check lying and standing blood pressure. Lead professional: Gwenllïan ap Dafydd.")
        .heading(Level::H2, "2. Actions")
        .paragraph("Overdue actions are in bold.")
        .table(action_table(60))
        .push(Block::Space(4.0))
        .paragraph("Next meeting: Tuesday 1 April 2025, 13:00. Minutes taken by Łucja Żak — please send corrections within a week.");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pdf-samples");
    std::fs::create_dir_all(&dir).unwrap();
    let out = rendered(&doc);
    std::fs::write(dir.join("sample.pdf"), &out.pdf).unwrap();
    assert!(out.missing_chars.is_empty());
    // Tagging adds a structure element for every table cell (about 10 kB for this one's 60 rows),
    // PDF/A the colour profile (7 kB) and the XMP metadata.
    assert!(out.pdf.len() < 130_000, "sample is {} bytes", out.pdf.len());

    doc.orientation = Orientation::Landscape;
    doc.blocks.insert(1, Block::Paragraph("Interpreter needed: 普通话 (Mandarin) 👍".into()));
    let out = rendered(&doc);
    std::fs::write(dir.join("sample-landscape.pdf"), &out.pdf).unwrap();
    assert_eq!((out.replaced, out.missing_chars), (0, vec![]), "Chinese and the emoji print from the fallback faces");
}

#[test]
fn a_notice_runs_under_the_header_of_every_page() {
    let mut doc = Document::new("Minutes");
    doc.notice = "Includes full identifiers".into();
    for i in 0..8 {
        doc.heading(Level::H2, format!("Section {i}")).paragraph("Some words to fill the page. ".repeat(60));
    }
    let pages = pages_of(&doc);
    assert!(pages.len() > 1);
    for page in &pages {
        assert_eq!(page[..3], ["OFFICIAL-SENSITIVE", "Minutes", "Includes full identifiers"]);
    }
    doc.notice.clear();
    assert!(pages_of(&doc).len() <= pages.len(), "the notice takes room from the body");
}

#[test]
fn rows_can_be_kept_tall_enough_to_write_on() {
    let one_line_rows = |min_row_lines: usize| {
        let mut table = Table::new([Column::fixed("Done", 14.0), Column::share("Action", 1.0), Column::share("Notes", 1.0)]);
        table.min_row_lines = min_row_lines;
        for i in 0..60 {
            table.row([Cell::TickBox, format!("Action {i}").into(), "".into()]);
        }
        let mut doc = Document::new("Actions");
        doc.table(table);
        rendered(&doc).pages
    };
    let (short, tall) = (one_line_rows(1), one_line_rows(3));
    assert!(tall > short * 2 - 1, "{short} pages with one-line rows, {tall} with three-line rows");
    assert_eq!(one_line_rows(0), short, "0 means 1");
}
