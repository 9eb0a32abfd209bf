//! `mdt supervision`: each SPLW in the team (and member of any role the team chose to check), who supervises them, their latest session and the
//! cases waiting for the next, with NO SUPERVISION FOR OVER A MONTH in words when it is so.

use mdt::{Error, Store, dates, supervision};

pub fn status(store: &Store) -> Result<(), Error> {
    let found = supervision::status(store.conn(), dates::local_today())?;
    // SPLWs are always checked; with the team's own roles too, "members" says it rightly.
    let splws_only = supervision::supervised_roles(store.conn())?.len() == 1;
    if found.is_empty() {
        println!("{}", if splws_only { "No social prescribing link workers are on the roster." } else { "Nobody in the roles checked for supervision is in the team." });
        return Ok(());
    }
    for s in &found {
        let by = s.arrangement.as_ref().map_or("supervisor not set".to_string(), |a| format!("supervised by {} ({})", a.supervisor_name, a.supervisor_role_name));
        let mark = if s.overdue { "OVERDUE: " } else { "" };
        println!("{}  {}  {}{}  {} waiting", s.member_name, by, mark, s.words, mdt::words::count(s.waiting, "case", "cases"));
    }
    let overdue = found.iter().filter(|s| s.overdue).count();
    println!("{} overdue.", if splws_only { mdt::words::count(overdue, "SPLW", "SPLWs") } else { mdt::words::count(overdue, "member", "members") });
    Ok(())
}
