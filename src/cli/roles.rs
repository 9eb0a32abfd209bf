//! `mdt roles` and `mdt teach-in`: the professions a member can hold, their role-at-a-glance
//! sheets, and a teach-in's timed agenda with speaker notes.

use std::path::PathBuf;

use clap::Args;
use mdt::members;
use mdt::reports::{role_summary, teach_in as teach_in_report};
use mdt::teach_ins::{self, TeachInInput};
use mdt::{Error, Store, roles};

use crate::output::write_pdf;

#[derive(Args)]
pub struct RolesArgs {
    /// Write role-at-a-glance sheets to this PDF instead of listing the roles
    #[arg(short, long, value_name = "FILE.pdf")]
    pub output: Option<PathBuf>,
    /// A role to print, e.g. ot (repeat for more). Without --role or --compare, every role
    #[arg(long = "role", value_name = "KEY", requires = "output")]
    pub roles: Vec<String>,
    /// Two roles to print side by side on one page, e.g. ot,splw
    #[arg(long, value_name = "KEY,KEY", requires = "output")]
    pub compare: Option<String>,
}

#[derive(Args)]
pub struct TeachInArgs {
    /// Where to write the agenda with speaker notes
    #[arg(short, long, value_name = "FILE.pdf")]
    pub output: PathBuf,
    /// The two roles presenting, as keys
    #[arg(long, value_name = "KEY,KEY", default_value = "ot,splw")]
    pub roles: String,
    /// Total length in minutes, from 10 to 90
    #[arg(long, default_value_t = 30)]
    pub minutes: i64,
    /// A presenter, by their name on the roster (repeat for each presenter). Without any: the
    /// core members who hold the two roles
    #[arg(long = "presenter", value_name = "NAME")]
    pub presenters: Vec<String>,
    /// Who the session is for, e.g. "Riverside MDT core members"
    #[arg(long, default_value = "")]
    pub audience: String,
    /// The title (default: made from the roles)
    #[arg(long, default_value = "")]
    pub title: String,
    /// Also write the one-page handout (the two roles side by side) to this PDF
    #[arg(long, value_name = "FILE.pdf")]
    pub handout: Option<PathBuf>,
}

/// Lists the roles, or prints their sheets to a PDF.
pub fn run(store: &Store, args: RolesArgs) -> Result<(), Error> {
    match args {
        RolesArgs { output: None, .. } => {
            for r in roles::list(store.conn())? {
                println!("{:<18} {}{}", r.key, r.name, if r.clinical { " (clinical)" } else { "" });
            }
        }
        RolesArgs { output: Some(path), roles, compare } => {
            let pair = compare.as_deref().map(role_pair).transpose()?;
            let today = mdt::dates::local_today();
            let pdf = role_summary::print_role_sheets(store.conn(), &roles, pair, today)?;
            write_pdf(&path, &pdf)?;
        }
    }
    Ok(())
}

/// "ot,splw" as a pair of keys.
fn role_pair(text: &str) -> Result<(&str, &str), Error> {
    match text.split(',').map(str::trim).collect::<Vec<_>>()[..] {
        [a, b] if !a.is_empty() && !b.is_empty() => Ok((a, b)),
        _ => Err(Error::invalid("compare", format!("'{text}' is not two role keys. Write them with a comma, e.g. ot,splw."))),
    }
}

pub fn teach_in(store: &Store, args: TeachInArgs) -> Result<(), Error> {
    let roster = members::list(store.conn())?;
    let presenter_ids = args
        .presenters
        .iter()
        .map(|name| {
            let found: Vec<_> = roster.iter().filter(|m| m.name.eq_ignore_ascii_case(name.trim())).collect();
            match found[..] {
                [one] => Ok(one.id),
                [] => Err(Error::invalid("presenter", format!("'{name}' is not on the roster. See the names with: mdt members"))),
                _ => Err(Error::invalid("presenter", format!("More than one member is called '{name}'; give the roster a way to tell them apart."))),
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    let role_keys: Vec<String> = args.roles.split(',').map(|k| k.trim().to_string()).collect();
    let presenter_ids = if args.presenters.is_empty() {
        teach_ins::default_presenters(store.conn(), &role_keys)?.into_iter().map(|p| p.member_id).collect()
    } else {
        presenter_ids
    };
    let input = TeachInInput {
        title: args.title,
        role_keys,
        presenter_ids,
        total_minutes: args.minutes,
        audience: args.audience,
        case_example: String::new(),
    };
    let plan = teach_ins::draft(store.conn(), &input)?;
    println!("{} ({} minutes)", plan.title, plan.total_minutes);
    for slot in &plan.slots {
        let who: Vec<&str> = slot.presenters.iter().map(|p| p.name.as_str()).collect();
        println!("  {:>3} min  {:>2} min  {:<46} {}", slot.starts_after, slot.minutes, slot.title, who.join(" and "));
    }
    write_pdf(&args.output, &teach_in_report::print_agenda(&plan)?)?;
    if let Some(handout) = args.handout {
        write_pdf(&handout, &teach_in_report::print_handout(store.conn(), &plan, mdt::dates::local_today())?)?;
    }
    Ok(())
}

