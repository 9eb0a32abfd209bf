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
    }
}

fn print_members(store: &Store) -> Result<(), Error> {
    let list = members::list(store.conn())?;
    if list.is_empty() {
        println!("No team members yet. Add one with: mdt members add --name NAME --role ROLE");
        return Ok(());
    }
    println!("{:>4}  {:<28} {:<32} {:<24} {:<4} CONTACT", "ID", "NAME", "ROLE", "ORGANISATION", "CORE");
    for m in list {
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
    Ok(())
}

