// The app's own commands are listed here so that each needs an explicit permission in
// capabilities/: nothing the webview can call is allowed by accident.
const COMMANDS: &[&str] = &[
    "app_status",
    "ui_ready",
    "list_roles",
    "list_members",
    "create_member",
    "update_member",
    "remove_member",
    "list_meetings",
    "load_meeting",
    "create_meeting",
    "update_meeting",
    "start_meeting",
    "finalise_meeting",
    "begin_amendment",
    "finish_amendment",
    "plan_next_meeting",
    "add_case_item",
    "update_case_item",
    "add_other_item",
    "remove_agenda_item",
    "reorder_agenda",
    "set_item_outcome",
    "record_item_time",
    "save_discussion",
    "set_attendance",
    "reveal_identifier",
    "case_history",
    "search",
    "list_actions",
    "add_action",
    "update_action",
    "remove_action",
    "complete_action",
    "cancel_action",
    "reopen_action",
    "load_demo",
    "import_cases",
    "list_backups",
    "backup_now",
    "set_backup_dir",
    "restore_backup",
    "recover_from_backup",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script");
}
