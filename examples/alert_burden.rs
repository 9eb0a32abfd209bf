//! Flags per discussed case over a whole database: the guidance's alert burden.
//!
//! ```sh
//! cargo run --release --example alert_burden -- /tmp/demo.sqlite3   # after `mdt --db /tmp/demo.sqlite3 demo`
//! cargo run --release --example alert_burden -- /tmp/ten.sqlite3    # after `mdt --db /tmp/ten.sqlite3 generate --years 10 --seed 1`
//! ```
//!
//! The database is opened as the app opens it (so an older one is brought up to date first).

fn main() {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: alert_burden DATABASE");
        std::process::exit(2);
    };
    let store = mdt::Store::open(std::path::Path::new(&path)).unwrap_or_else(|e| {
        eprintln!("cannot open {}: {e}", path.to_string_lossy());
        std::process::exit(1);
    });
    match mdt::guidance::alert_burden(store.conn()) {
        Ok(burden) => print!("{}", burden.to_text()),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
