//! `mdt`: the command-line face of MDT Assistant, over the same core and database as the app.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use mdt::members::{self, MemberInput};
use mdt::reports::action_list::{self, ActionListOptions};
use mdt::reports::minutes::{self, MinutesOptions};
use mdt::reports::{ExportReport, Rendered, role_summary, teach_in as teach_in_report};
use mdt::teach_ins::{self, TeachInInput};
use mdt::words::count;
use mdt::{Error, Store, bundle, case_import, dates, demo, generate, guidance, meetings, paths, roles};

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
    /// Export one meeting (attendance, agenda, case discussions, actions) as a meeting bundle (JSON).
    /// NHS numbers are never exported
    Export {
        /// The meeting's id, as `mdt meetings` shows it
        meeting: i64,
        /// The file to write, e.g. riverside-2026-03-02.json (without it, the bundle goes to standard output)
        #[arg(short, long, value_name = "FILE.json")]
        output: Option<PathBuf>,
    },
    /// Import a meeting bundle as a new meeting. Members are matched to the roster by name and role
    /// (or added), cases by reference (or added). If anything in the file is wrong, nothing is imported
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

#[derive(Args)]
struct RolesArgs {
    /// Write role-at-a-glance sheets to this PDF instead of listing the roles
    #[arg(short, long, value_name = "FILE.pdf")]
    output: Option<PathBuf>,
    /// A role to print, e.g. ot (repeat for more). Without --role or --compare, every role
    #[arg(long = "role", value_name = "KEY", requires = "output")]
    roles: Vec<String>,
    /// Two roles to print side by side on one page, e.g. ot,splw
    #[arg(long, value_name = "KEY,KEY", requires = "output")]
    compare: Option<String>,
}

#[derive(Args)]
struct TeachInArgs {
    /// Where to write the agenda with speaker notes
    #[arg(short, long, value_name = "FILE.pdf")]
    output: PathBuf,
    /// The two roles presenting, as keys
    #[arg(long, value_name = "KEY,KEY", default_value = "ot,splw")]
    roles: String,
    /// Total length in minutes, from 10 to 90
    #[arg(long, default_value_t = 30)]
    minutes: i64,
    /// A presenter, by their name on the roster (repeat for each presenter). Without any: the
    /// core members who hold the two roles
    #[arg(long = "presenter", value_name = "NAME")]
    presenters: Vec<String>,
    /// Who the session is for, e.g. "Riverside MDT core members"
    #[arg(long, default_value = "")]
    audience: String,
    /// The title (default: made from the roles)
    #[arg(long, default_value = "")]
    title: String,
    /// Also write the one-page handout (the two roles side by side) to this PDF
    #[arg(long, value_name = "FILE.pdf")]
    handout: Option<PathBuf>,
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
        Command::Roles(RolesArgs { output: None, .. }) => {
            for r in roles::list(store.conn())? {
                println!("{:<18} {}{}", r.key, r.name, if r.clinical { " (clinical)" } else { "" });
            }
        }
        Command::Roles(RolesArgs { output: Some(path), roles, compare }) => {
            let pair = compare.as_deref().map(role_pair).transpose()?;
            let today = mdt::dates::local_today();
            let pdf = role_summary::print_role_sheets(store.conn(), &roles, pair, today)?;
            write_pdf(&path, &pdf)?;
        }
        Command::TeachIn(args) => teach_in(&store, args)?,
        Command::Check => return check(&store),
        Command::Backup { file } => {
            let bar = progress_bar(0, "Copying");
            mdt::backup::copy_to_with_progress(store.conn(), &file, &mut |step| match step {
                mdt::backup::Step::Copied { pages, total } => {
                    bar.set_length(total);
                    bar.set_position(pages);
                }
                mdt::backup::Step::Checking => bar.set_message("Checking the copy"),
            })?;
            bar.finish_and_clear();
            println!("Backed up to {}.", file.display());
        }
        Command::Restore { file } => {
            let safety = mdt::backup::restore(&mut store, &file)?;
            println!("Restored from {}. The database as it was is kept at {}.", file.display(), safety.display());
        }
        Command::Demo { force } => {
            let r = demo::load(&mut store, chrono::Local::now().date_naive(), force)?;
            println!(
                "Loaded the demo team \"{}\": {} members, {} meetings, {} cases, {} agreed actions. All of it is fictional.",
                r.series, r.members, r.meetings, r.cases, r.actions
            );
        }
        Command::Generate { years, seed, end, force } => {
            let end = match end {
                Some(text) => dates::parse_date("end", &text)?,
                None => dates::local_today(),
            };
            let options = generate::GenerateOptions { years, seed, end, force };
            let bar = progress_bar(0, "Meetings");
            let report = generate::generate(&mut store, &options, &mut |done, total| {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            })?;
            bar.finish_and_clear();
            println!(
                "Generated the fictional team \"{}\": {} members, {} meetings (weekly from {} to {}, the last in progress, \
                 and the next one planned), {} cases, {} case discussions, {} agreed actions ({} open, {} of them overdue).",
                generate::SERIES,
                report.members,
                report.meetings,
                report.first_meeting,
                report.last_meeting,
                report.cases,
                report.discussions,
                report.actions,
                report.open_actions,
                report.overdue_actions
            );
        }
        Command::Meetings => print_meetings(&store)?,
        Command::Export { meeting, output } => export(&store, meeting, output.as_deref())?,
        Command::Import { file } => {
            let report = bundle::import(&mut store, &read_text(&file)?)?;
            print_import(&store, &report)?;
        }
        Command::ImportCases { meeting, file } => {
            let report = case_import::import_cases(&mut store, meeting, &read_text(&file)?)?;
            let m = meetings::get(store.conn(), meeting)?;
            println!(
                "Added {} to meeting #{} ({}, {}): {}. {} of them new to this database.",
                count(report.imported, "case", "cases"),
                m.id,
                m.title,
                m.starts_at,
                report.references.join(", "),
                report.new_cases
            );
        }
        Command::Review { meeting, json } => {
            let review = guidance::meeting_review(store.conn(), meeting)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&review).expect("a review serialises"));
            } else {
                print!("{}", review.to_text());
            }
        }
        Command::Minutes { meeting, output, include_identifiers } => {
            let options = MinutesOptions { include_identifiers, ..Default::default() };
            let report = minutes::export(&mut store, meeting, &options, &output)?;
            let m = meetings::get(store.conn(), meeting)?;
            println!("Wrote the minutes of meeting #{} ({}, {}) to {}.", m.id, m.title, m.starts_at.replace('T', " "), report.path);
            print_pages(&report);
            println!(
                "{}",
                if include_identifiers {
                    "Full identifiers are included; the export is recorded in the audit log. Store and send the file securely."
                } else {
                    "Full identifiers are left out: people appear by pseudonymous reference only."
                }
            );
        }
        Command::Actions { output, owner, overdue, per_owner_pages } => {
            let owner_id = owner.map(|name| action_list::owner_named(store.conn(), &name)).transpose()?.map(|m| m.id);
            let options = ActionListOptions { owner_id, overdue_only: overdue, per_owner_pages, created: None };
            let report = action_list::export(store.conn(), &options, &output)?;
            println!("Wrote the action list to {}.", report.path);
            print_pages(&report);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// "ot,splw" as a pair of keys.
fn role_pair(text: &str) -> Result<(&str, &str), Error> {
    match text.split(',').map(str::trim).collect::<Vec<_>>()[..] {
        [a, b] if !a.is_empty() && !b.is_empty() => Ok((a, b)),
        _ => Err(Error::invalid("compare", format!("'{text}' is not two role keys. Write them with a comma, e.g. ot,splw."))),
    }
}

fn write_pdf(path: &Path, pdf: &Rendered) -> Result<(), Error> {
    mdt::files::write_atomically(path, &pdf.pdf)?;
    println!("Wrote {} ({}).", path.display(), count(pdf.pages, "page", "pages"));
    if !pdf.missing_chars.is_empty() {
        let chars: String = pdf.missing_chars.iter().collect();
        eprintln!("mdt: note: the font has no letters for {chars}; they print as a question mark in a box.");
    }
    Ok(())
}

fn teach_in(store: &Store, args: TeachInArgs) -> Result<(), Error> {
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

fn print_pages(report: &ExportReport) {
    println!("{}.", count(report.pages, "page", "pages"));
    if !report.missing_chars.is_empty() {
        println!(
            "Some characters are not in the report font and print as \u{FFFD}: {}. Check the names and notes that use them.",
            report.missing_chars.join(" ")
        );
    }
}

/// A progress bar on standard error when it is a terminal; nothing at all when it is piped or
/// redirected, so scripts and logs get only the final line.
fn progress_bar(len: u64, message: &'static str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} {eta} left")
        .expect("the template is valid")
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(message);
    bar
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

fn print_meetings(store: &Store) -> Result<(), Error> {
    let list = meetings::list(store.conn())?;
    if list.is_empty() {
        println!("No meetings yet. Plan one in the app, or import one with: mdt import FILE.json");
        return Ok(());
    }
    println!("{:<16}  {:<11} {:<36} {:>5} {:>7} {:>5}", "DATE", "STATUS", "TITLE", "CASES", "ACTIONS", "ID");
    for m in list {
        println!(
            "{:<16}  {:<11} {:<36} {:>5} {:>7} {:>5}",
            m.starts_at.replace('T', " "),
            m.status.as_str().replace('_', " "),
            m.title,
            m.case_count,
            m.action_count,
            m.id
        );
    }
    Ok(())
}

fn export(store: &Store, meeting_id: i64, output: Option<&Path>) -> Result<(), Error> {
    let bundle = bundle::export(store.conn(), meeting_id)?;
    let json = bundle::to_json(&bundle);
    let Some(path) = output else {
        println!("{json}");
        return Ok(());
    };
    write_file(path, &json)?;
    let items = &bundle.meeting.agenda;
    println!(
        "Exported meeting #{meeting_id} ({}, {}) to {}: {} agenda items, {} agreed actions, {} members.",
        bundle.meeting.title,
        bundle.meeting.starts_at,
        path.display(),
        items.len(),
        items.iter().map(|i| i.actions.len()).sum::<usize>(),
        bundle.members.len()
    );
    Ok(())
}

fn print_import(store: &Store, report: &bundle::BundleImportReport) -> Result<(), Error> {
    let status = meetings::get(store.conn(), report.meeting_id)?.status;
    println!(
        "Imported {} ({}) as meeting #{}, {}: {} agenda items, {} agreed actions.",
        report.title,
        report.starts_at,
        report.meeting_id,
        status.as_str().replace('_', " "),
        report.agenda_items,
        report.actions
    );
    for (label, names) in [
        ("Members found on the roster", &report.members_matched),
        ("Members added to the roster", &report.members_created),
        ("Cases already known", &report.cases_matched),
        ("New cases", &report.cases_created),
    ] {
        if !names.is_empty() {
            println!("  {label}: {}", names.join(", "));
        }
    }
    Ok(())
}

/// Reads a whole text file; a file in another encoding gets a message saying how to re-save it.
fn read_text(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::InvalidData => Error::invalid(
            "file",
            format!(
                "The file {} is not UTF-8 text. Save it again as UTF-8 (in a spreadsheet, choose \"CSV UTF-8\") and try again.",
                path.display()
            ),
        ),
        _ => Error::Io { path: path.to_path_buf(), source },
    })
}

/// Writes through a temporary file beside `path` (see [`mdt::files::write_atomically`]).
fn write_file(path: &Path, contents: &str) -> Result<(), Error> {
    mdt::files::write_atomically(path, contents.as_bytes())
}
