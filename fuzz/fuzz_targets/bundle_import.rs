//! Any file offered as a meeting bundle: parsed and imported into an empty in-memory database.
//! Refused files get a clear error and leave nothing behind; accepted ones export again and
//! survive a second trip through a bundle unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mdt::{ErrorCode, Store, bundle};

fuzz_target!(|data: &[u8]| {
    let json = String::from_utf8_lossy(data);
    let mut store = Store::open_in_memory().unwrap();
    match bundle::import(&mut store, &json) {
        Ok(report) => {
            let exported = bundle::export(store.conn(), report.meeting_id).expect("an imported meeting exports");
            let mut again = Store::open_in_memory().unwrap();
            let second = bundle::import(&mut again, &bundle::to_json(&exported)).expect("an exported bundle imports");
            assert_eq!(bundle::export(again.conn(), second.meeting_id).unwrap(), exported, "a bundle round-trips");
        }
        Err(e) => {
            assert_eq!(e.code(), ErrorCode::Invalid, "a bad bundle is a clear error, not: {e}");
            let rows: i64 = store
                .conn()
                .query_row("SELECT (SELECT count(*) FROM meetings) + (SELECT count(*) FROM team_members)", [], |r| r.get(0))
                .unwrap();
            assert_eq!(rows, 0, "a refused bundle leaves nothing behind");
        }
    }
});
