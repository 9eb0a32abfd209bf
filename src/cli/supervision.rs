//! `mdt supervision`: each SPLW on the roster, who supervises them, their latest session and the
//! cases waiting for the next, with NO SUPERVISION FOR OVER A MONTH in words when it is so.

use mdt::{Error, Store, dates, supervision};

pub fn status(store: &Store) -> Result<(), Error> {
    let found = supervision::status(store.conn(), dates::local_today())?;
    if found.is_empty() {
        println!("No social prescribing link workers are on the roster.");
        return Ok(());
    }
    for s in &found {
        let by = s.arrangement.as_ref().map_or("supervisor not set".to_string(), |a| format!("supervised by {} ({})", a.supervisor_name, a.supervisor_role_name));
        let mark = if s.overdue { "OVERDUE: " } else { "" };
        println!("{}  {}  {}{}  {} waiting", s.member_name, by, mark, s.words, mdt::words::count(s.waiting, "case", "cases"));
    }
    let overdue = found.iter().filter(|s| s.overdue).count();
    println!("{} overdue.", mdt::words::count(overdue, "SPLW", "SPLWs"));
    Ok(())
}
