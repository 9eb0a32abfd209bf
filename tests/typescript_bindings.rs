//! The frontend's types are generated from the Rust types (ts-rs) and committed under
//! `ui/src/lib/generated/`. This test fails when they are stale; `make types` rewrites them.

use std::path::{Path, PathBuf};

use mdt::bundle::BundleImportReport;
use mdt::case_import::CaseImportReport;
use mdt::members::{MemberInput, TeamMember};
use mdt::roles::Role;
use mdt::storage::DatabaseStatus;
use mdt::{ErrorCode, ErrorPayload};
use ts_rs::{Config, TS};

/// Every type that crosses to the frontend. Add new ones here.
fn bindings(cfg: &Config) -> Vec<(String, String)> {
    fn one<T: TS + 'static>(cfg: &Config) -> (String, String) {
        (format!("{}.ts", T::ident(cfg)), T::export_to_string(cfg).expect("type exports"))
    }
    vec![
        one::<ErrorCode>(cfg),
        one::<ErrorPayload>(cfg),
        one::<Role>(cfg),
        one::<TeamMember>(cfg),
        one::<MemberInput>(cfg),
        one::<DatabaseStatus>(cfg),
        one::<BundleImportReport>(cfg),
        one::<CaseImportReport>(cfg),
    ]
}

fn generated_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/generated")
}

#[test]
fn generated_typescript_is_fresh() {
    // Ids are i64 in Rust but never exceed 2^53, so they are plain numbers in TypeScript.
    let cfg = Config::new().with_large_int("number");
    let dir = generated_dir();
    let write = std::env::var("MDT_WRITE_BINDINGS").is_ok_and(|v| v == "1");
    let mut stale = Vec::new();
    for (file, content) in bindings(&cfg) {
        let path = dir.join(&file);
        if write {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &content).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(content.as_str()) {
            stale.push(file);
        }
    }
    assert!(stale.is_empty(), "stale generated TypeScript in ui/src/lib/generated: {stale:?}. Run `make types`.");
}
