//! MDT Assistant desktop shell: opens the window on a database and hands every request to
//! the `mdt` core. Nothing here decides anything about meetings or people.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod export;

use std::path::PathBuf;

use clap::Parser;
use tauri::Manager;

#[derive(Parser)]
#[command(name = "mdt-desktop", version, about = "MDT Assistant desktop app")]
// The WebDriver host may add arguments of its own; they are not ours to refuse.
#[command(ignore_errors = true)]
struct Args {
    /// Database file (default: ~/.local/share/mdt-assistant/mdt.sqlite3)
    #[arg(long, env = mdt::paths::DB_ENV, value_name = "PATH")]
    db: Option<PathBuf>,
    /// For automated tests only: write exported PDFs into this folder under their suggested
    /// names instead of asking where with the save dialog
    #[arg(long, env = "MDT_EXPORT_DIR", value_name = "FOLDER", hide = true)]
    export_dir: Option<PathBuf>,
}

/// Turns WebKit's compositing off on a machine without a GPU render node (see `mdt::display`).
/// Runs first in `main`: WebKit reads the switch when the first web view is made, and setting an
/// environment variable is only sound while no other thread is running.
fn choose_compositing() -> mdt::display::Compositing {
    use mdt::display::{COMPOSITING_ENV, Compositing, WEBKIT_DISABLE_COMPOSITING, compositing, has_render_node};
    let setting = std::env::var(COMPOSITING_ENV).ok();
    let switch_set = std::env::var_os(WEBKIT_DISABLE_COMPOSITING).is_some();
    let choice = compositing(setting.as_deref(), switch_set, has_render_node(std::path::Path::new("/dev/dri")));
    if choice == Compositing::Off {
        // SAFETY: no other thread exists yet (nothing before this in `main` starts one).
        unsafe { std::env::set_var(WEBKIT_DISABLE_COMPOSITING, "1") };
    }
    choice
}

/// Asks glibc's malloc for one arena instead of up to eight per core. By default every thread
/// that allocates (the async runtime's workers, the blocking pool, the checkpoint, backup and log
/// threads) gets an arena of its own, and each keeps what was freed in it: about 5 MB of the app
/// process's memory on the ten-year data (issue #17, measured with `GLIBC_TUNABLES=
/// glibc.malloc.arena_max=1`). The app's database work runs one request at a time behind the
/// store's lock, so threads rarely allocate at once and sharing one arena costs nothing measurable.
/// Runs first in `main`, before any thread exists; `GLIBC_TUNABLES` set by the user still wins.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn one_malloc_arena() {
    if std::env::var_os("GLIBC_TUNABLES").is_none() {
        // SAFETY: mallopt only changes malloc's settings; no other thread is running yet.
        unsafe { libc::mallopt(libc::M_ARENA_MAX, 1) };
    }
}

fn main() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    one_malloc_arena();
    std::sync::LazyLock::force(&commands::LAUNCHED);
    let compositing = choose_compositing();
    let args = Args::parse();
    let db_path = match mdt::paths::resolve_db_path(args.db) {
        Ok(path) => path,
        Err(e) => {
            eprintln!("mdt-desktop: {e}");
            std::process::exit(2);
        }
    };
    let _log = mdt::logging::init(
        &mdt::paths::log_dir_for(&db_path),
        "mdt-desktop.log",
        "info",
    );
    tracing::info!(?compositing, "webkit compositing");
    let state = commands::AppState::open(db_path);
    state.start_daily_backups();

    let mut context = tauri::generate_context!();
    // One running app per database: a second launch on the same file focuses the first window,
    // while the same app on another database (a test, a second team) runs beside it.
    context.config_mut().identifier = state.instance_id(&context.config().identifier);

    tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        // Opens exported files from Rust only; no script is injected into the window.
        .plugin(tauri_plugin_opener::Builder::new().open_js_links_on_click(false).build())
        .manage(state)
        .manage(export::Exports::new(args.export_dir))
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::ui_ready,
            commands::list_roles,
            commands::list_members,
            commands::create_member,
            commands::update_member,
            commands::remove_member,
            commands::set_member_left,
            commands::supervised_roles,
            commands::set_supervised_roles,
            commands::current_user,
            commands::choose_current_user,
            commands::meeting_series_defaults,
            commands::list_meetings,
            commands::load_meeting,
            commands::meeting_matters_arising,
            commands::create_meeting,
            commands::update_meeting,
            commands::start_meeting,
            commands::finalise_checks,
            commands::finalise_meeting,
            commands::cancel_meeting,
            commands::reinstate_meeting,
            commands::begin_amendment,
            commands::finish_amendment,
            commands::plan_next_meeting,
            commands::add_case_item,
            commands::update_case_item,
            commands::add_other_item,
            commands::remove_agenda_item,
            commands::reorder_agenda,
            commands::set_item_outcome,
            commands::record_item_time,
            commands::open_discussion,
            commands::save_discussion,
            commands::merge_discussion,
            commands::read_date,
            commands::set_attendance,
            commands::reveal_identifier,
            commands::case_history,
            commands::open_person_profile,
            commands::save_person_profile,
            commands::open_agreement,
            commands::confirm_agreement,
            commands::change_agreement,
            commands::review_offer,
            commands::add_due_reviews,
            commands::overdue_reviews,
            commands::search,
            commands::list_actions,
            commands::add_action,
            commands::update_action,
            commands::remove_action,
            commands::complete_action,
            commands::cancel_action,
            commands::reopen_action,
            commands::load_demo,
            commands::demo_status,
            commands::import_cases,
            commands::list_backups,
            commands::backup_now,
            commands::set_backup_dir,
            commands::restore_backup,
            commands::recover_from_backup,
            commands::audit_history,
            commands::case_guidance,
            commands::record_lead_decision,
            commands::close_escalation,
            commands::reopen_escalation,
            commands::dismiss_flag,
            commands::undo_dismissal,
            commands::meeting_review,
            commands::meeting_overrides,
            commands::guidance_settings,
            commands::save_guidance_settings,
            commands::list_role_summaries,
            commands::role_summary,
            commands::save_role_profile,
            commands::reset_role_profile,
            commands::compare_roles,
            commands::export_role_sheets,
            commands::list_teach_ins,
            commands::load_teach_in,
            commands::create_teach_in,
            commands::update_teach_in,
            commands::update_teach_in_slot,
            commands::add_teach_in_slot,
            commands::remove_teach_in_slot,
            commands::reorder_teach_in_slots,
            commands::remove_teach_in,
            commands::teach_in_case_prompts,
            commands::teach_in_default_presenters,
            commands::add_teach_in_to_meeting,
            commands::export_teach_in,
            commands::export_teach_in_handout,
            commands::teach_in_slot_suggested_notes,
            commands::outcome_measures,
            commands::set_outcome_measure_in_use,
            commands::add_outcome_measure,
            commands::outcomes_for_person,
            commands::record_outcome,
            commands::remove_outcome,
            commands::list_referrals,
            commands::make_referral,
            commands::update_referral,
            commands::change_referral_status,
            commands::referral_feedback_given,
            commands::referral_history,
            commands::sharing_for_item,
            commands::record_sharing,
            commands::export_referral_letter,
            commands::list_directory,
            commands::add_directory_entry,
            commands::update_directory_entry,
            commands::mark_directory_entry_checked,
            commands::archive_directory_entry,
            commands::import_directory,
            commands::export_directory,
            commands::supervision_status,
            commands::take_case_to_supervision,
            commands::set_supervision_arrangement,
            commands::record_supervision_session,
            commands::supervision_sessions,
            commands::supervision_waiting,
            commands::dashboard_quarters,
            commands::dashboard_period,
            commands::dashboard,
            commands::export_quarterly_report,
            commands::export_minutes,
            commands::export_agenda_pack,
            commands::export_invitation,
            commands::export_action_list,
            commands::open_export,
        ])
        .run(context)
        .expect("the window system could not start MDT Assistant");
}
