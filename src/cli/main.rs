//! `mdt`: the command-line face of MDT Assistant, over the same core and database as the app.
//!
//! This file is the command list (clap reads the help from it) and the dispatch; each group of
//! commands is a module of its own, and `output` holds what they all write with.

mod dashboard;
mod data;
mod directory;
mod meetings;
mod members;
mod output;
mod referrals;
mod reports;
mod roles;
mod supervision;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use mdt::{Error, Store, paths};

use members::MembersCommand;
use roles::{RolesArgs, TeachInArgs};

#[derive(Parser)]
#[command(name = "mdt", version, about = "MDT Assistant: run MDT meetings, minutes and agreed actions")]
struct Cli {
    /// Database file (default: the platform data folder, e.g. ~/.local/share/mdt-assistant/mdt.sqlite3)
    #[arg(long, global = true, env = paths::DB_ENV, value_name = "PATH")]
    db: Option<PathBuf>,

    /// Who is making the changes, by their name on the team roster: the audit log (and any
    /// export or import) records it. Without it, the computer's user name is recorded
    #[arg(long = "as", global = true, value_name = "NAME")]
    as_member: Option<String>,

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
    /// List the roles (professions) a member can hold, with their keys. With -o, print
    /// role-at-a-glance sheets (one page per role, with who holds it in this team) to a PDF
    Roles(RolesArgs),
    /// Plan a teach-in in which two roles present together, and print its timed agenda with
    /// speaker notes to a PDF (nothing is saved in the database; plan saved ones in the app)
    TeachIn(TeachInArgs),
    /// Check the database: SQLite integrity, foreign keys and schema version. Exits 1 on a problem
    Check,
    /// Copy the database to FILE (checked before it replaces anything at FILE)
    Backup {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Replace the database with a backup. FILE is checked first and the current database is kept
    /// as a backup in the backup folder; a backup from a newer version is refused
    Restore {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Load a fictional demo team and its meetings, dated around today
    Demo {
        /// Add the demo beside the team members and meetings already in the database
        #[arg(long)]
        force: bool,
    },
    /// Fill a new database with a large fictional dataset, to try the app at scale and to benchmark
    /// it: a weekly MDT over YEARS years (about 50 cases a meeting with long notes, four actions a
    /// case, attendance, a team whose members come and go). The same seed gives the same data
    Generate {
        /// How many years of weekly meetings
        #[arg(long, default_value_t = 10)]
        years: u32,
        /// Any number; the same seed and end date give the same data
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The day of the latest meeting, YYYY-MM-DD (default: today); the team meets on Tuesdays
        #[arg(long, value_name = "YYYY-MM-DD")]
        end: Option<String>,
        /// Add the generated team beside the team members and meetings already in the database
        #[arg(long)]
        force: bool,
    },
    /// List meetings, newest first: date, status, title, number of cases and actions, and id
    Meetings,
    /// Cancel a meeting that has not started, with the reason. Its cases go to the series' next
    /// meeting (now if it is planned, otherwise when it is). Then `mdt invite` writes the
    /// calendar file that cancels the event
    Cancel {
        /// The meeting's id, as `mdt meetings` shows it
        meeting: i64,
        /// Why it is cancelled: kept with the meeting and sent with the calendar cancellation
        #[arg(long)]
        reason: String,
    },
    /// Undo a meeting's cancellation. Cases carried to a later meeting come back unless work on
    /// them has begun there
    Reinstate {
        /// The meeting's id, as `mdt meetings` shows it
        meeting: i64,
    },
    /// Export one meeting (attendance, agenda, case discussions, actions) as a meeting bundle (JSON).
    /// Version 2 also carries what matters, joint-working agreements, referrals, co-presenters, guidance
    /// decisions, teach-ins and carried-over links. NHS numbers are never exported
    Export {
        /// The meeting's id, as `mdt meetings` shows it
        meeting: i64,
        /// The file to write, e.g. riverside-2026-03-02.json (without it, the bundle goes to standard output)
        #[arg(short, long, value_name = "FILE.json")]
        output: Option<PathBuf>,
    },
    /// Import a meeting bundle (version 1 or 2) as a new meeting. Members are matched to the roster by
    /// name and role (or added), cases by reference (or added); a person's agreement or what matters
    /// already here is kept. If anything in the file is wrong, nothing is imported
    Import {
        /// A bundle written by `mdt export` (format: assets/bundle.schema.json)
        #[arg(value_name = "FILE.json")]
        file: PathBuf,
    },
    /// Add a case list from a CSV file to the end of a meeting's agenda. Columns: reference (needed),
    /// reason, presenter, minutes, consent, nhs_number, professionals. If any row is wrong, nothing is imported
    ImportCases {
        /// The meeting's id, as `mdt meetings` shows it; its minutes must not be finalised
        meeting: i64,
        /// Comma- or semicolon-separated, UTF-8, with a header row
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
    },
    /// Write a meeting's minutes as a PDF: details, attendance, each agenda item, decisions and the
    /// agreed actions. People appear by pseudonymous reference only unless --include-identifiers
    Minutes {
        /// The meeting's id, as `mdt meetings` shows it
        meeting: i64,
        /// The PDF file to write
        #[arg(short, long, value_name = "FILE.pdf")]
        output: PathBuf,
        /// Print each person's NHS number or other identifier beside their reference. The document
        /// says so on every page, and the export is recorded in the audit log
        #[arg(long)]
        include_identifiers: bool,
    },
    /// Write a meeting's agenda pack as a PDF, to send round before the meeting: details, the timed
    /// agenda (matters arising with the open actions to review, each case by pseudonymous reference
    /// with reason, presenter and start time), who is expected and apologies. Never an identifier
    Agenda {
        /// The meeting's id, as `mdt meetings` shows it
        meeting: i64,
        /// The PDF file to write
        #[arg(short, long, value_name = "FILE.pdf")]
        output: PathBuf,
        /// Add a page for each presenter: what they are bringing (their cases with reasons, the
        /// decision last time, open actions for those people) and their own open actions
        #[arg(long)]
        per_presenter: bool,
    },
    /// Write a meeting's calendar invitation (iCalendar, for Outlook, Teams and other calendars):
    /// UK times, place, video link, the agenda by reference, and the expected members' e-mail
    /// addresses. Exporting again after a change updates the same event in a calendar
    Invite {
        /// The meeting's id, as `mdt meetings` shows it
        meeting: i64,
        /// The .ics file to write
        #[arg(short, long, value_name = "FILE.ics")]
        output: PathBuf,
    },
    /// Print open agreed actions as a PDF, grouped by owner and due date, with a tick box and room
    /// for notes; overdue ones in bold and marked OVERDUE
    Actions {
        /// The PDF file to write
        #[arg(short, long, value_name = "FILE.pdf")]
        output: PathBuf,
        /// Only this team member's actions (their name as on the roster, any case)
        #[arg(long, value_name = "NAME")]
        owner: Option<String>,
        /// Only actions past their due date
        #[arg(long)]
        overdue: bool,
        /// Start each owner's actions on a new page, for handing out
        #[arg(long)]
        per_owner_pages: bool,
    },
    /// Reports over a period: `mdt report quarterly --out FILE.pdf` writes the quarterly MDT
    /// report for a PCN board (this quarter, or --quarter 2026-Q3, or --from and --to)
    Report {
        #[command(subcommand)]
        command: reports::ReportCommand,
    },
    /// List referrals, oldest first with overdue feedback at the top: id, date, person (by
    /// reference), from, to, status and feedback owed. Open ones (not finished, or feedback still
    /// owed) unless --all
    Referrals {
        /// Every referral, finished ones too
        #[arg(long)]
        all: bool,
    },
    /// Write one referral as a one-page letter (PDF): to and from whom, the reason in the
    /// referrer's words, what matters to the person, who to contact. The person appears by
    /// pseudonymous reference only unless --include-identifiers
    Referral {
        /// The referral's id, as `mdt referrals` shows it
        id: i64,
        /// The PDF file to write
        #[arg(short, long, value_name = "FILE.pdf")]
        output: PathBuf,
        /// Print the person's NHS number or other identifier beside their reference. The letter
        /// says so on the page, and the export is recorded in the audit log
        #[arg(long)]
        include_identifiers: bool,
    },
    /// The team's directory of local services: lists it (with --search, only entries whose name,
    /// what it offers, who it is for or area has every word), marking those not checked for a year;
    /// or exports or imports it as CSV
    Directory {
        #[command(subcommand)]
        command: Option<directory::DirectoryCommand>,
        /// Words to look for (ignoring capitals)
        #[arg(long, default_value = "")]
        search: String,
        /// Archived entries too
        #[arg(long)]
        archived: bool,
    },
    /// Each SPLW's supervision: who supervises them, their latest session, cases waiting, and
    /// OVERDUE when they have had none for over a month (the guidance asks for monthly supervision)
    Supervision,
    /// How the team is doing over a quarter (NHS financial year: Q1 is April to June) or any
    /// period: cases discussed and time used per meeting, actions by month, cases led by role,
    /// each member's open work, reviews, supervision and outcome change. Default: this quarter
    Dashboard {
        /// The quarter, e.g. 2026-Q3 or "Q3 2026/27" (October to December 2026)
        #[arg(long, conflicts_with_all = ["from", "to"])]
        quarter: Option<String>,
        /// The first day, e.g. 01/10/2026 (with --to)
        #[arg(long, requires = "to")]
        from: Option<String>,
        /// The last day, e.g. 31/12/2026 (with --from)
        #[arg(long, requires = "from")]
        to: Option<String>,
    },
    /// The guidance review of a meeting, for every case: suggested lead and why, recorded lead,
    /// unanswered joint-working questions, escalations without a route, duplication and scope flags
    Review {
        /// The meeting's id, as `mdt meetings` shows it
        meeting: i64,
        /// Print JSON (format "mdt-guidance-review", version 1; fields documented in README.md)
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    restore_sigpipe();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("mdt: {e}");
            ExitCode::from(2)
        }
    }
}

/// Rust ignores SIGPIPE, so printing to a pipe the reader has closed (`mdt meetings | head -1`)
/// panics. Like every Unix command, the CLI should simply stop there.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists; SIG_DFL is a valid action.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    let db = paths::resolve_db_path(cli.db)?;
    // Errors reach the user once, as a sentence from main(); the log file keeps the details.
    let _log = mdt::logging::init(&paths::log_dir_for(&db), "mdt-cli.log", "off");
    let mut store = Store::open(&db)?;
    if let Some(name) = &cli.as_member {
        mdt::current_user::act_as(&mut store, name)?;
    }
    match cli.command {
        Command::Members { command } => members::run(&mut store, command)?,
        Command::Roles(args) => roles::run(&store, args)?,
        Command::TeachIn(args) => roles::teach_in(&store, args)?,
        Command::Check => return data::check(&store),
        Command::Backup { file } => data::backup(&store, &file)?,
        Command::Restore { file } => data::restore(&mut store, &file)?,
        Command::Demo { force } => data::demo(&mut store, force)?,
        Command::Generate { years, seed, end, force } => data::generate(&mut store, years, seed, end, force)?,
        Command::Meetings => meetings::print_meetings(&store)?,
        Command::Cancel { meeting, reason } => meetings::cancel(&mut store, meeting, &reason)?,
        Command::Reinstate { meeting } => meetings::reinstate(&mut store, meeting)?,
        Command::Export { meeting, output } => meetings::export(&store, meeting, output.as_deref())?,
        Command::Import { file } => meetings::import(&mut store, &file)?,
        Command::ImportCases { meeting, file } => meetings::import_cases(&mut store, meeting, &file)?,
        Command::Referrals { all } => referrals::list(&store, all)?,
        Command::Referral { id, output, include_identifiers } => referrals::letter(&mut store, id, &output, include_identifiers)?,
        Command::Directory { command: None, search, archived } => directory::list(&store, &search, archived)?,
        Command::Directory { command: Some(command), .. } => directory::run(&mut store, command)?,
        Command::Supervision => supervision::status(&store)?,
        Command::Dashboard { quarter, from, to } => dashboard::show(&store, quarter.as_deref(), from.as_deref(), to.as_deref())?,
        Command::Review { meeting, json } => reports::review(&store, meeting, json)?,
        Command::Minutes { meeting, output, include_identifiers } => reports::minutes(&mut store, meeting, &output, include_identifiers)?,
        Command::Agenda { meeting, output, per_presenter } => reports::agenda(&store, meeting, &output, per_presenter)?,
        Command::Invite { meeting, output } => reports::invite(&mut store, meeting, &output)?,
        Command::Actions { output, owner, overdue, per_owner_pages } => {
            reports::actions(&store, &output, owner, overdue, per_owner_pages)?
        }
        Command::Report { command } => reports::report(&store, command)?,
    }
    Ok(ExitCode::SUCCESS)
}
