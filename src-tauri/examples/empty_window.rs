//! An empty Tauri window, built exactly as the app is (same crate, Tauri version, features,
//! profile, window size and Content Security Policy), for the whole-app benchmark
//! (`benches/whole_app.mjs`): its start-up time and memory are the floor the app's are compared
//! with. Its page (`benches/empty-window/page/`) calls `ui_ready` once painted, as the app's first
//! screen does, and this prints the same log line the app does.
//!
//! `cargo build --release -p mdt-desktop --bins --example empty_window`

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ui_ready])
        .run(tauri::generate_context!("../benches/empty-window/tauri.conf.json"))
        .expect("the window system could not start the empty window");
}

#[tauri::command]
fn ui_ready(screen: String) {
    let epoch_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis());
    eprintln!("first screen ready screen={screen:?} epoch_ms={epoch_ms}");
}
