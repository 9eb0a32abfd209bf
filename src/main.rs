//! `mdt`: the command-line face of MDT Assistant, over the same core and database as the app.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use mdt::members::{self, MemberInput};
use mdt::{Error, Store, demo, paths, roles};

#[derive(Parser)]
#[command(name = "mdt", version, about = "MDT Assistant: run MDT meetings, minutes and agreed actions")]
struct Cli {
    /// Database file (default: the platform data folder, e.g. ~/.local/share/mdt-assistant/mdt.sqlite3)
    #[arg(long, global = true, env = paths::DB_ENV, value_name = "PATH")]
    db: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the team roster, or add a member
    Members {
        #[command(subcommand)]
        command: Option<MembersCommand>,
    },
    /// List the roles (professions) a member can hold, with their keys
    Roles,
    /// Check the database: SQLite integrity, foreign keys and schema version. Exits 1 on a problem
    Check,
    /// Load a fictional demo team and its meetings, dated around today
    Demo {
        /// Add the demo beside the team members and meetings already in the database
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
enum MembersCommand {
    /// List the team roster (the default)
    List,
    /// Add a team member
    Add(AddMember),
}

#[derive(Args)]
struct AddMember {
    /// Full name, e.g. "Alex Example"
    #[arg(long)]
    name: String,
    /// Role key, e.g. ot, splw, gp (see `mdt roles`)
    #[arg(long)]
    role: String,
    #[arg(long, default_value = "")]
    organisation: String,
    #[arg(long, default_value = "")]
    email: String,
    #[arg(long, default_value = "")]
    phone: String,
    /// A core member, expected at every meeting
    #[arg(long)]
    core: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("mdt: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    let db = paths::resolve_db_path(cli.db)?;
    let _log = mdt::logging::init(&paths::log_dir_for(&db), "mdt-cli.log", "warn");
    let mut store = Store::open(&db)?;
    match cli.command {
        Command::Members { command: None | Some(MembersCommand::List) } => print_members(&store)?,
        Command::Members { command: Some(MembersCommand::Add(a)) } => {
            let input = MemberInput {
                name: a.name,
                role_key: a.role,
                organisation: a.organisation,
                email: a.email,
                phone: a.phone,
                core_member: a.core,
            };
            let m = members::create(&mut store, &input)?;
            println!("Added {} ({}) as member #{}.", m.name, m.role_name, m.id);
        }
        Command::Roles => {
            for r in roles::list(store.conn())? {
                println!("{:<18} {}{}", r.key, r.name, if r.clinical { " (clinical)" } else { "" });
            }
        }
        Command::Check => return check(&store),
        Command::Demo { force } => {
            let r = demo::load(&mut store, chrono::Local::now().date_naive(), force)?;
            println!(
                "Loaded the demo team \"{}\": {} members, {} meetings, {} cases, {} agreed actions. All of it is fictional.",
                r.series, r.members, r.meetings, r.cases, r.actions
            );
        }
    }
    Ok(ExitCode::SUCCESS)
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

fn check(store: &Store) -> Result<ExitCode, Error> {
    let report = store.check()?;
    let path = store.path().map(|p| p.display().to_string()).unwrap_or_default();
    println!("Database:        {path}");
    println!("Integrity:       {}", report.integrity.join("; "));
    println!("Foreign keys:    {} problem(s)", report.foreign_key_problems);
    println!("Schema version:  {} (this version supports {})", report.schema_version, report.supported_version);
    if report.is_ok() {
        println!("Result:          OK");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("Result:          PROBLEM: keep a copy of the file and restore from a backup");
        Ok(ExitCode::from(1))
    }
}
