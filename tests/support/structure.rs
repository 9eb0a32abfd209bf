//! Reads a PDF's structure tree back (with lopdf, independently of the writer): each element's
//! type and the text of its marked content, in the tree's order, which is the reading order.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};

use lopdf::{Dictionary, Document, Object, ObjectId};

/// One structure element, as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The structure type: "H1", "P", "TH"…
    pub role: String,
    /// Depth below the Document element (its children are at 1).
    pub depth: usize,
    /// The text of the element's own marked content, lines joined by spaces.
    pub text: String,
    /// A header cell's /Scope ("Column", "Row").
    pub scope: Option<String>,
    /// Alternative text.
    pub alt: Option<String>,
}

/// What a page draws: text by MCID, and text drawn as an artifact or outside marked content.
#[derive(Debug, Default)]
pub struct PageText {
    pub by_mcid: HashMap<i64, String>,
    pub artifacts: Vec<String>,
    pub unmarked: Vec<String>,
    /// Every MCID used, in the order met.
    pub mcids: Vec<i64>,
}

pub struct Tagged {
    pub doc: Document,
    /// Page object id by page number from 1.
    pub pages: BTreeMap<u32, ObjectId>,
    pub page_text: BTreeMap<ObjectId, PageText>,
}

impl Tagged {
    pub fn load(pdf: &[u8]) -> Tagged {
        let doc = Document::load_mem(pdf).expect("a PDF lopdf can read");
        let pages = doc.get_pages();
        let page_text = pages.values().map(|&id| (id, page_text(&doc, id))).collect();
        Tagged { doc, pages, page_text }
    }

    pub fn catalog(&self) -> &Dictionary {
        self.doc.catalog().expect("a catalog")
    }

    pub fn dict<'a>(&'a self, object: &'a Object) -> &'a Dictionary {
        match object {
            Object::Reference(id) => self.doc.get_dictionary(*id).expect("a dictionary"),
            Object::Dictionary(d) => d,
            other => panic!("not a dictionary: {other:?}"),
        }
    }

    fn resolve<'a>(&'a self, object: &'a Object) -> &'a Object {
        match object {
            Object::Reference(id) => self.doc.get_object(*id).expect("an object"),
            other => other,
        }
    }

    /// The elements under the Document element, depth first: the reading order.
    pub fn structure(&self) -> Vec<Node> {
        let root = self.dict(self.catalog().get(b"StructTreeRoot").expect("a StructTreeRoot"));
        let document = self.dict(root.get(b"K").expect("the root has a kid"));
        assert_eq!(document.get(b"S").unwrap().as_name().unwrap(), b"Document");
        let mut nodes = Vec::new();
        self.kids(document, 1, &mut nodes);
        nodes
    }

    fn kids(&self, element: &Dictionary, depth: usize, nodes: &mut Vec<Node>) {
        let Ok(k) = element.get(b"K") else { return };
        let kids: Vec<&Object> = match self.resolve(k) {
            Object::Array(items) => items.iter().collect(),
            _ => vec![k],
        };
        for kid in kids {
            if matches!(self.resolve(kid), Object::Integer(_)) {
                continue; // an MCID on the element's page: read as the element's own text
            }
            let kid = self.dict(kid);
            if kid.get(b"S").is_err() {
                continue; // a marked-content reference: read as the element's own text
            }
            let role = String::from_utf8_lossy(kid.get(b"S").unwrap().as_name().unwrap()).into_owned();
            let scope = kid.get(b"A").ok().map(|a| self.resolve(a)).and_then(|a| {
                let attributes: Vec<&Object> = match a {
                    Object::Array(items) => items.iter().collect(),
                    other => vec![other],
                };
                attributes.into_iter().find_map(|a| {
                    self.dict(a).get(b"Scope").ok().map(|s| String::from_utf8_lossy(s.as_name().unwrap()).into_owned())
                })
            });
            let alt = kid.get(b"Alt").ok().map(|a| text_string(a.as_str().unwrap()));
            nodes.push(Node { role, depth, text: self.own_text(kid), scope, alt });
            self.kids(kid, depth + 1, nodes);
        }
    }

    /// The text of an element's marked-content references, in order.
    fn own_text(&self, element: &Dictionary) -> String {
        let Ok(k) = element.get(b"K") else { return String::new() };
        let kids: Vec<&Object> = match self.resolve(k) {
            Object::Array(items) => items.iter().collect(),
            _ => vec![k],
        };
        let mut parts = Vec::new();
        for kid in kids {
            let (page, mcid) = match self.resolve(kid) {
                Object::Integer(mcid) => (element.get(b"Pg").unwrap().as_reference().unwrap(), *mcid),
                Object::Dictionary(d) if d.get(b"MCID").is_ok() => {
                    let page = d.get(b"Pg").or_else(|_| element.get(b"Pg")).unwrap().as_reference().unwrap();
                    (page, d.get(b"MCID").unwrap().as_i64().unwrap())
                }
                _ => continue,
            };
            let page_text = &self.page_text[&page];
            assert!(page_text.mcids.contains(&mcid), "no MCID {mcid} on {page:?}");
            // A figure's marked content draws no text.
            parts.extend(page_text.by_mcid.get(&mcid).cloned());
        }
        parts.join(" ")
    }

    /// The parent tree's entry for a page: the element reference for each MCID.
    pub fn parent_tree_entry(&self, page: ObjectId) -> Vec<ObjectId> {
        let key = self.doc.get_dictionary(page).unwrap().get(b"StructParents").unwrap().as_i64().unwrap();
        let root = self.dict(self.catalog().get(b"StructTreeRoot").unwrap());
        let tree = self.dict(root.get(b"ParentTree").unwrap());
        let nums = self.resolve(tree.get(b"Nums").unwrap()).as_array().unwrap();
        let at = nums.chunks(2).find(|pair| pair[0].as_i64().unwrap() == key).expect("the page's key in the parent tree");
        self.resolve(&at[1]).as_array().unwrap().iter().map(|o| o.as_reference().unwrap()).collect()
    }
}

/// A PDF text string: UTF-16BE with a byte-order mark, or PDFDocEncoding (ASCII here).
pub fn text_string(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16(&units).unwrap()
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

fn page_text(doc: &Document, page: ObjectId) -> PageText {
    let fonts = doc.get_page_fonts(page).unwrap();
    let encodings: BTreeMap<Vec<u8>, _> =
        fonts.iter().map(|(name, font)| (name.clone(), font.get_font_encoding(doc).unwrap())).collect();
    let content = doc.get_and_decode_page_content(page).unwrap();
    // What each open marked-content sequence is: Some(mcid), or None for an artifact.
    let mut open: Vec<Option<i64>> = Vec::new();
    let mut font: Option<Vec<u8>> = None;
    // A text object starts a line; runs in other fonts on the same line join without a space.
    let mut new_line = true;
    let mut out = PageText::default();
    // Inside a span with /ActualText (a shaped or reordered line), at this depth of `open`: its
    // text stands for the glyphs drawn inside it, as a reader gives it.
    let mut replaced: Option<usize> = None;
    // Inside a ReversedChars sequence, at this depth of `open`.
    let mut reversed: Option<usize> = None;
    let add = |out: &mut PageText, open: &[Option<i64>], text: String, new_line: bool| match open.last() {
        Some(Some(mcid)) => {
            let entry = out.by_mcid.entry(*mcid).or_default();
            if !entry.is_empty() && new_line {
                entry.push(' ');
            }
            entry.push_str(&text);
        }
        Some(None) => out.artifacts.push(text),
        None => out.unmarked.push(text),
    };
    for op in &content.operations {
        match op.operator.as_str() {
            "BDC" if matches!(&op.operands[1], Object::Dictionary(d) if d.has(b"ActualText")) => {
                let Object::Dictionary(d) = &op.operands[1] else { unreachable!() };
                assert_eq!(op.operands[0].as_name().unwrap(), b"Span", "ActualText is given on a Span");
                assert!(!d.has(b"MCID"), "a span is inside its element's marked content, not an element's own");
                let text = text_string(d.get(b"ActualText").unwrap().as_str().unwrap());
                add(&mut out, &open, text, new_line);
                new_line = false;
                let within = *open.last().expect("an ActualText span inside an element's or artifact's sequence");
                open.push(within);
                replaced = Some(open.len());
            }
            "BDC" => {
                let tag = op.operands[0].as_name().unwrap();
                let mcid = match &op.operands[1] {
                    Object::Dictionary(d) => d.get(b"MCID").ok().and_then(|m| m.as_i64().ok()),
                    _ => None,
                };
                if tag != b"Artifact" {
                    let mcid = mcid.expect("an element's marked content has an MCID");
                    out.mcids.push(mcid);
                }
                open.push(if tag == b"Artifact" { None } else { mcid });
            }
            // Right-to-left text drawn in visual order: each show string inside holds its
            // characters in the reverse of reading order (PDF 32000-1, 14.8.2.3.3).
            "BMC" if op.operands[0].as_name().unwrap() == b"ReversedChars" => {
                let within = *open.last().expect("reversed characters inside an element's or artifact's sequence");
                open.push(within);
                reversed = Some(open.len());
            }
            "BMC" => open.push(None),
            "EMC" => {
                if replaced == Some(open.len()) {
                    replaced = None;
                }
                if reversed == Some(open.len()) {
                    reversed = None;
                }
                open.pop().expect("EMC closes an open sequence");
            }
            "BT" => new_line = true,
            "Tf" => font = Some(op.operands[0].as_name().unwrap().to_vec()),
            "Tj" | "TJ" if replaced.is_some() => {}
            "Tj" | "TJ" => {
                let encoding = &encodings[font.as_ref().expect("a font is set")];
                // TJ: strings and adjustments; the strings are the text.
                let strings: Vec<&[u8]> = match &op.operands[0] {
                    Object::Array(items) => items.iter().filter_map(|item| item.as_str().ok()).collect(),
                    other => vec![other.as_str().unwrap()],
                };
                let decode = |s: &[u8]| -> String {
                    let text = Document::decode_text(encoding, s).unwrap();
                    if reversed.is_some() { text.chars().rev().collect() } else { text }
                };
                let text: String = strings.iter().map(|s| decode(s)).collect();
                add(&mut out, &open, text, new_line);
                new_line = false;
            }
            _ => {}
        }
    }
    assert!(open.is_empty(), "every marked-content sequence is closed on its page");
    out
}
