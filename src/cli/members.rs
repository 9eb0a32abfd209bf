//! `mdt members`: the team roster, listed or added to.

use clap::{Args, Subcommand};
use mdt::members::{self, MemberInput};
use mdt::{Error, Store};

#[derive(Subcommand)]
pub enum MembersCommand {
    /// List the team roster (the default)
    List,
    /// Add a team member
    Add(AddMember),
    /// Mark a member as having left the team: kept on the roster (the minutes name them) but no
    /// longer expected at meetings, offered to choose or checked for supervision
    Left(LeftTeam),
    /// Mark a member who had left as back in the team
    Back {
        /// Their name on the roster
        #[arg(long)]
        name: String,
    },
}

#[derive(Args)]
pub struct LeftTeam {
    /// Their name on the roster
    #[arg(long)]
    pub name: String,
    /// The day they left, day first (15/12/2026) or "today"
    #[arg(long, default_value = "today")]
    pub on: String,
}

#[derive(Args)]
pub struct AddMember {
    /// Full name, e.g. "Alex Example"
    #[arg(long)]
    pub name: String,
    /// Role key, e.g. ot, splw, gp (see `mdt roles`)
    #[arg(long)]
    pub role: String,
    #[arg(long, default_value = "")]
    pub organisation: String,
    #[arg(long, default_value = "")]
    pub email: String,
    #[arg(long, default_value = "")]
    pub phone: String,
    /// A core member, expected at every meeting
    #[arg(long)]
    pub core: bool,
}

/// Lists the roster, or adds a member to it.
pub fn run(store: &mut Store, command: Option<MembersCommand>) -> Result<(), Error> {
    match command {
        None | Some(MembersCommand::List) => print_members(store),
        Some(MembersCommand::Add(a)) => {
            let input = MemberInput {
                name: a.name,
                role_key: a.role,
                organisation: a.organisation,
                email: a.email,
                phone: a.phone,
                core_member: a.core,
            };
            let m = members::create(store, &input)?;
            println!("Added {} ({}) as member #{}.", m.name, m.role_name, m.id);
            Ok(())
        }
        Some(MembersCommand::Left(l)) => {
            let id = members::named(store.conn(), "name", &l.name)?.id;
            let done = members::set_left(store, id, Some(&l.on), mdt::dates::local_today())?;
            let day = done.member.left_on.as_deref().map(mdt::dates::day_first).unwrap_or_default();
            println!("{} marked as having left the team on {day}.", done.member.name);
            if done.open_actions > 0 {
                println!(
                    "{} still in their name: agree at the next meeting who takes each on.",
                    mdt::words::count(done.open_actions, "open action is", "open actions are")
                );
            }
            Ok(())
        }
        Some(MembersCommand::Back { name }) => {
            let id = members::named(store.conn(), "name", &name)?.id;
            let done = members::set_left(store, id, None, mdt::dates::local_today())?;
            println!("{} is back in the team.", done.member.name);
            Ok(())
        }
    }
}

fn print_members(store: &Store) -> Result<(), Error> {
    let list = members::list(store.conn())?;
    if list.is_empty() {
        println!("No team members yet. Add one with: mdt members add --name NAME --role ROLE");
        return Ok(());
    }
    println!("{:>4}  {:<28} {:<32} {:<24} {:<4} CONTACT", "ID", "NAME", "ROLE", "ORGANISATION", "CORE");
    let (in_team, left): (Vec<_>, Vec<_>) = list.into_iter().partition(|m| m.left_on.is_none());
    for m in in_team {
        let contact = [m.email.as_str(), m.phone.as_str()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>();
        println!(
            "{:>4}  {:<28} {:<32} {:<24} {:<4} {}",
            m.id,
            m.name,
            m.role_name,
            m.organisation,
            if m.core_member { "yes" } else { "no" },
            contact.join(", ")
        );
    }
    if !left.is_empty() {
        println!("\nLeft the team (kept because the minutes name them):");
        for m in left {
            let day = m.left_on.as_deref().map(mdt::dates::day_first).unwrap_or_default();
            println!("{:>4}  {:<28} {:<32} left {day}", m.id, m.name, m.role_name);
        }
    }
    Ok(())
}

