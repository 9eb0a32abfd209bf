// The app's own commands are listed here so that each needs an explicit permission in
// capabilities/: nothing the webview can call is allowed by accident.
const COMMANDS: &[&str] = &["app_status", "list_roles", "list_members", "create_member", "update_member", "remove_member"];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script");
}
