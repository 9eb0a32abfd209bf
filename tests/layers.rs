//! The core's layers (written down once, in the module comment of `src/lib.rs`) are kept: every
//! `crate::` path in every file under `src/` names a module of a lower layer, or one listed before
//! the file's own module in its layer. A module that reaches up fails here, named with its file
//! and line, before it can make an import loop.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The modules of the library in their order, bottom up, read from `src/lib.rs`.
struct Layers {
    /// Module path (`meetings`, `roles::profiles`) → (its place in the order, its layer's name).
    units: BTreeMap<String, (usize, String)>,
    /// Items the crate root re-exports (`Store`, `Error`) → the module path they come from.
    root_items: BTreeMap<String, String>,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The CLI is its own crate (`[[bin]]`): it uses the library from outside, through `mdt::`.
fn is_cli(relative: &str) -> bool {
    relative == "main.rs" || relative.starts_with("cli/")
}

/// The numbered list of layers in `lines` (`1. name: `module`, `module``, continued on lines
/// indented by three spaces): each layer's name and its modules in order.
fn layer_list<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<(String, Vec<String>)> {
    let mut layers: Vec<(String, Vec<String>)> = Vec::new();
    for line in lines {
        let text = line.trim();
        let body = match text.split_once(". ") {
            Some((number, rest)) if !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) => {
                let (name, rest) = rest.split_once(':').unwrap_or((rest, ""));
                layers.push((name.trim().to_string(), Vec::new()));
                rest
            }
            _ if !layers.is_empty() && line.starts_with("   ") && !text.is_empty() => text,
            _ => {
                if !layers.is_empty() && text.is_empty() {
                    break;
                }
                continue;
            }
        };
        let modules = &mut layers.last_mut().expect("a layer").1;
        for (i, quoted) in body.split('`').enumerate() {
            let is_module = i % 2 == 1
                && !quoted.is_empty()
                && quoted.split("::").all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
            if is_module {
                modules.push(quoted.to_string());
            }
        }
    }
    layers
}

/// The layer list of `src/lib.rs`: its module comment from `# Layers` on.
fn lib_layer_list(lib: &str) -> Vec<(String, Vec<String>)> {
    let doc: Vec<&str> = lib.lines().filter_map(|l| l.strip_prefix("//!")).map(|l| l.strip_prefix(' ').unwrap_or(l)).collect();
    let start = doc.iter().position(|l| l.trim() == "# Layers").expect("src/lib.rs has a # Layers section");
    layer_list(doc[start + 1..].iter().copied().skip_while(|l| !l.trim().starts_with("1. ")))
}

impl Layers {
    fn from_lib(lib: &str) -> Layers {
        let mut units = BTreeMap::new();
        for (layer, modules) in lib_layer_list(lib) {
            for module in modules {
                let rank = units.len();
                assert!(units.insert(module.clone(), (rank, layer.clone())).is_none(), "{module} is listed twice");
            }
        }
        let mut root_items = BTreeMap::new();
        let tokens = tokens(lib);
        let mut reexported = Vec::new();
        for (i, pair) in tokens.windows(2).enumerate() {
            if pair[0].1 == Token::Ident("pub".into()) && pair[1].1 == Token::Ident("use".into()) {
                use_tree(&tokens, i + 2, &[], &mut reexported);
            }
        }
        for path in reexported {
            if path.len() >= 2 {
                root_items.insert(path[path.len() - 1].clone(), path[..path.len() - 1].join("::"));
            }
        }
        Layers { units, root_items }
    }

    /// The listed module a path (from the crate root) falls in: the longest listed prefix.
    fn unit_of(&self, path: &[String]) -> Option<&str> {
        let mut path = path.to_vec();
        if let Some(from) = path.first().and_then(|first| self.root_items.get(first)) {
            let mut resolved: Vec<String> = from.split("::").map(String::from).collect();
            resolved.extend(path.drain(1..));
            path = resolved;
        }
        (1..=path.len()).rev().map(|n| path[..n].join("::")).find_map(|p| self.units.get_key_value(&p).map(|(k, _)| k.as_str()))
    }

    /// What is wrong with one file: one line per reference to a module listed after its own.
    fn check(&self, file: &str, module: &[String], text: &str) -> Vec<String> {
        let Some(own) = self.unit_of(module) else {
            return vec![format!("{file}: module `{}` is in no layer: add it to the list in src/lib.rs", module.join("::"))];
        };
        let (own_rank, own_layer) = &self.units[own];
        let mut problems = Vec::new();
        for (line, path) in paths_in(text, module) {
            let shown = format!("crate::{}", path.join("::"));
            match self.unit_of(&path) {
                None if path.first().is_some_and(|first| first.chars().next().is_some_and(|c| c.is_ascii_uppercase())) => {
                    problems.push(format!("{file}:{line}: `{shown}` is not re-exported by src/lib.rs"))
                }
                None => problems.push(format!("{file}:{line}: `{shown}` is in no layer: add it to the list in src/lib.rs")),
                Some(target) if target == own => {}
                Some(target) => {
                    let (rank, layer) = &self.units[target];
                    if rank > own_rank {
                        problems.push(format!(
                            "{file}:{line}: `{own}` ({own_layer}) uses `{shown}`, but `{target}` ({layer}) comes after it in the layers; \
                             move what it needs down, or the caller up"
                        ));
                    }
                }
            }
        }
        problems
    }
}

#[derive(Debug, PartialEq)]
enum Token {
    Ident(String),
    Punct(char),
    PathSep,
}

/// The tokens of Rust source that matter for paths, with their line numbers: comments, strings
/// and character literals are skipped, so a path in a doc comment or a message is not a use.
fn tokens(text: &str) -> Vec<(usize, Token)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => {
                line += 1;
                i += 1;
            }
            '/' if at(i + 1) == '/' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if at(i + 1) == '*' => {
                let mut depth = 0;
                loop {
                    if at(i) == '/' && at(i + 1) == '*' {
                        depth += 1;
                        i += 2;
                    } else if at(i) == '*' && at(i + 1) == '/' {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else if i >= chars.len() {
                        break;
                    } else {
                        line += usize::from(chars[i] == '\n');
                        i += 1;
                    }
                }
            }
            'r' | 'b' | 'c' if matches!((at(i + 1), at(i + 2)), ('"', _) | ('#', '"') | ('#', '#') | ('r', '"') | ('r', '#')) => {
                // A raw or byte string: r"…", r#"…"#, br"…", b"…".
                let mut j = i + 1;
                if c != 'r' && at(j) == 'r' {
                    j += 1;
                }
                let raw = c == 'r' || at(i + 1) == 'r';
                let mut hashes = 0;
                while at(j) == '#' {
                    hashes += 1;
                    j += 1;
                }
                if at(j) != '"' {
                    i += 1;
                    continue;
                }
                j += 1;
                loop {
                    if j >= chars.len() {
                        break;
                    }
                    if !raw && chars[j] == '\\' {
                        j += 2;
                        continue;
                    }
                    if chars[j] == '"' && (0..hashes).all(|k| at(j + 1 + k) == '#') {
                        j += 1 + hashes;
                        break;
                    }
                    line += usize::from(chars[j] == '\n');
                    j += 1;
                }
                i = j;
            }
            '"' => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    line += usize::from(at(i) == '\n');
                    i += 1;
                }
                i += 1;
            }
            '\'' => {
                // A character literal ('a', '\n', '\u{1F600}') or a lifetime ('a).
                if at(i + 1) == '\\' {
                    i += 2;
                    while i < chars.len() && chars[i] != '\'' {
                        i += 1;
                    }
                    i += 1;
                } else if at(i + 2) == '\'' {
                    i += 3;
                } else {
                    i += 1;
                }
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                out.push((line, Token::Ident(chars[start..i].iter().collect())));
            }
            ':' if at(i + 1) == ':' => {
                out.push((line, Token::PathSep));
                i += 2;
            }
            c if c.is_whitespace() => i += 1,
            c => {
                out.push((line, Token::Punct(c)));
                i += 1;
            }
        }
    }
    out
}

/// Every path that starts at `crate::` or `super::` in `text`, from the crate root, with its
/// line; use trees (`crate::{a, b::{c, d}}`) are expanded. `module` is the file's own module
/// path, for `super::`.
fn paths_in(text: &str, module: &[String]) -> Vec<(usize, Vec<String>)> {
    let tokens = tokens(text);
    let mut out = Vec::new();
    // Inline modules (`mod tests { … }`) open inside the file, with the brace depth they close at.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i].1 {
            Token::Ident(m) if m == "mod" => {
                if let (Some((_, Token::Ident(name))), Some((_, Token::Punct('{')))) = (tokens.get(i + 1), tokens.get(i + 2)) {
                    inline.push((name.clone(), depth));
                    depth += 1;
                    i += 3;
                    continue;
                }
            }
            Token::Punct('{') => depth += 1,
            Token::Punct('}') => {
                depth -= 1;
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
            }
            Token::Ident(start) if (start == "crate" || start == "super") && tokens.get(i + 1).map(|t| &t.1) == Some(&Token::PathSep) => {
                let preceded_by_sep = i > 0 && tokens[i - 1].1 == Token::PathSep;
                if !preceded_by_sep {
                    let mut base: Vec<String> = if start == "crate" {
                        Vec::new()
                    } else {
                        let mut here: Vec<String> = module.to_vec();
                        here.extend(inline.iter().map(|(name, _)| name.clone()));
                        here
                    };
                    let mut j = i;
                    // Leading `super::super::…`.
                    while let Some((_, Token::Ident(s))) = tokens.get(j) {
                        if !((s == "super" || (s == "crate" && j == i)) && tokens.get(j + 1).map(|t| &t.1) == Some(&Token::PathSep)) {
                            break;
                        }
                        if s == "super" {
                            base.pop();
                        }
                        j += 2;
                    }
                    let line = tokens[i].0;
                    let mut found = Vec::new();
                    let end = use_tree(&tokens, j, &base, &mut found);
                    out.extend(found.into_iter().filter(|p: &Vec<String>| !p.is_empty()).map(|p| (line, p)));
                    i = end.max(i + 1);
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Reads one use tree at `tokens[i]` below `prefix`; pushes each path it names; returns where it ends.
fn use_tree(tokens: &[(usize, Token)], mut i: usize, prefix: &[String], found: &mut Vec<Vec<String>>) -> usize {
    let mut path = prefix.to_vec();
    loop {
        match tokens.get(i).map(|t| &t.1) {
            Some(Token::Ident(name)) if name == "self" => {
                found.push(path);
                return i + 1;
            }
            Some(Token::Ident(name)) => {
                path.push(name.clone());
                i += 1;
                if tokens.get(i).map(|t| &t.1) == Some(&Token::PathSep) {
                    i += 1;
                    continue;
                }
                found.push(path);
                return i;
            }
            Some(Token::Punct('*')) => {
                found.push(path);
                return i + 1;
            }
            Some(Token::Punct('{')) => {
                i += 1;
                loop {
                    match tokens.get(i).map(|t| &t.1) {
                        Some(Token::Punct('}')) | None => return i + 1,
                        Some(Token::Punct(',')) => i += 1,
                        _ => {
                            let next = use_tree(tokens, i, &path, found);
                            // `a as b`: the alias names nothing new.
                            i = next;
                            if let Some(Token::Ident(word)) = tokens.get(i).map(|t| &t.1)
                                && word == "as"
                            {
                                i += 2;
                            }
                        }
                    }
                }
            }
            _ => {
                found.push(path);
                return i;
            }
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `roles/profiles.rs` → `roles::profiles`; `guidance/mod.rs` → `guidance`; `lib.rs` → the root.
fn module_of(relative: &str) -> Vec<String> {
    let mut parts: Vec<String> = relative.trim_end_matches(".rs").split('/').map(String::from).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

fn layers() -> Layers {
    Layers::from_lib(&std::fs::read_to_string(src().join("lib.rs")).unwrap())
}

fn s(path: &str) -> Vec<String> {
    path.split("::").map(String::from).collect()
}

#[test]
fn no_module_uses_one_above_it() {
    let layers = layers();
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    let (mut problems, mut checked, mut references) = (Vec::new(), 0, 0);
    for path in files {
        let relative = path.strip_prefix(src()).unwrap().to_string_lossy().replace('\\', "/");
        if is_cli(&relative) || relative == "lib.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let module = module_of(&relative);
        references += paths_in(&text, &module).len();
        checked += 1;
        problems.extend(layers.check(&format!("src/{relative}"), &module, &text));
    }
    assert!(problems.is_empty(), "modules that use one above their layer:\n{}", problems.join("\n"));
    // The check saw the tree: dozens of files, hundreds of crate paths.
    assert!(checked > 40, "only {checked} files checked");
    assert!(references > 300, "only {references} crate paths found");
}

#[test]
fn the_layers_are_read_from_lib_rs_and_name_real_modules() {
    let layers = layers();
    let rank = |m: &str| layers.units.get(m).unwrap_or_else(|| panic!("{m} is not listed")).0;
    assert!(rank("error") < rank("storage"));
    assert!(rank("storage") < rank("meeting_record"));
    assert!(rank("meeting_record") < rank("agenda"));
    assert!(rank("agenda") < rank("guidance"));
    assert!(rank("guidance") < rank("meetings"));
    assert!(rank("meetings") < rank("reports"));
    assert_eq!(layers.units["meetings"].1, "lifecycle");
    assert_eq!(layers.root_items.get("Store").map(String::as_str), Some("storage"));
    assert_eq!(layers.root_items.get("Error").map(String::as_str), Some("error"));
    for unit in layers.units.keys() {
        let file = src().join(unit.replace("::", "/"));
        assert!(file.with_extension("rs").is_file() || file.join("mod.rs").is_file(), "{unit} is listed but has no file");
    }
}

#[test]
fn the_readme_shows_the_same_layers() {
    let lib = lib_layer_list(&std::fs::read_to_string(src().join("lib.rs")).unwrap());
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find("**Layers.**").expect("README.md has the layers");
    let in_readme = layer_list(readme[start..].lines().skip_while(|l| !l.starts_with("1. ")));
    assert_eq!(lib.len(), 7, "{lib:?}");
    assert_eq!(lib[2].0, "records");
    assert!(lib[2].1.contains(&"meeting_record".to_string()));
    assert_eq!(in_readme, lib, "README.md's list of layers differs from src/lib.rs's");
    // Positive control: one module out of place is a difference.
    let mut moved = lib.clone();
    let m = moved[4].1.remove(0);
    moved[3].1.push(m);
    assert_ne!(moved, lib);
}

/// Positive control: the same check, on a deliberately wrong file, fails and names file and line.
#[test]
fn a_module_reaching_up_is_named_with_its_file_and_line() {
    let layers = layers();
    let wrong = "//! The audit log; see crate::meetings for who calls it.\n\
                 use crate::{Error, Result, storage};\n\
                 use crate::meetings::{self, Meeting};\n\
                 fn f() -> &'static str { \"crate::reports\" }\n\
                 fn g() { let _ = crate::guidance::and_list(&[]); let c = '{'; }\n";
    let problems = layers.check("src/audit.rs", &s("audit"), wrong);
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(problems[0].starts_with("src/audit.rs:3: `audit` (storage) uses `crate::meetings`, but `meetings` (lifecycle) comes after it"), "{}", problems[0]);
    assert!(problems[1].starts_with("src/audit.rs:3: `audit` (storage) uses `crate::meetings::Meeting`,"), "{}", problems[1]);
    assert!(problems[2].starts_with("src/audit.rs:5: `audit` (storage) uses `crate::guidance::and_list`,"), "{}", problems[2]);
    // The comment and the string name modules above it too, and do not count; the use of
    // storage (below) does not either.
    assert!(!problems.iter().any(|p| p.contains(":1:") || p.contains(":4:") || p.contains(":2:")));
    // The same lines in a module above them all pass.
    assert_eq!(layers.check("src/bundle.rs", &s("bundle"), wrong), Vec::<String>::new());
}

#[test]
fn super_paths_and_inline_modules_resolve_from_the_file() {
    let layers = layers();
    // In reports/minutes.rs `super::words` is `reports::words`; an inline module's `super::*` is the file itself.
    let text = "use super::words::long_date;\nmod tests {\n    use super::*;\n    use crate::meetings::get;\n}\nuse crate::reports::text::wrap;\n";
    let found: Vec<(usize, String)> =
        paths_in(text, &s("reports::minutes")).into_iter().map(|(line, p)| (line, p.join("::"))).collect();
    assert_eq!(
        found,
        vec![
            (1, "reports::words::long_date".to_string()),
            (3, "reports::minutes".to_string()),
            (4, "meetings::get".to_string()),
            (6, "reports::text::wrap".to_string()),
        ]
    );
    // A module in no layer, and a root item not re-exported, are reported rather than passed over.
    let problems = layers.check("src/nowhere.rs", &s("nowhere"), "");
    assert_eq!(problems, vec!["src/nowhere.rs: module `nowhere` is in no layer: add it to the list in src/lib.rs".to_string()]);
    let problems = layers.check("src/audit.rs", &s("audit"), "use crate::Missing;\nuse crate::elsewhere::x;\n");
    assert_eq!(
        problems,
        vec![
            "src/audit.rs:1: `crate::Missing` is not re-exported by src/lib.rs".to_string(),
            "src/audit.rs:2: `crate::elsewhere::x` is in no layer: add it to the list in src/lib.rs".to_string(),
        ]
    );
}
