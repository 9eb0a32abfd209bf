//! How the window draws: whether WebKit composites the page with the GPU.
//!
//! WebKitGTK's compositing mode draws layers with OpenGL. On a machine without a GPU render node
//! (a virtual desktop, Xvfb, a thin client) that GL is emulated in software: measured on this
//! project's machine, the web process held about 50 MiB more with it and the first frame came
//! later. With a GPU it gives smooth scrolling and animation. So the app leaves compositing to
//! WebKit where a render node exists and turns it off where none does. `MDT_COMPOSITING=on` or
//! `off` overrides the choice, and a `WEBKIT_DISABLE_COMPOSITING_MODE` already set is left as it is.

use std::path::Path;

/// The setting that overrides the choice: `on`, `off` or `auto` (the default).
pub const COMPOSITING_ENV: &str = "MDT_COMPOSITING";
/// WebKitGTK's own switch, read when the first web view is made.
pub const WEBKIT_DISABLE_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compositing {
    /// WebKit decides (hardware acceleration where it can).
    Webkit,
    /// Compositing off: the page is drawn in software without GL layers.
    Off,
}

/// The choice, from the override setting (if any), whether WebKit's own switch is already set,
/// and whether the machine has a GPU render node. An unreadable setting counts as `auto`.
pub fn compositing(setting: Option<&str>, webkit_switch_set: bool, render_node: bool) -> Compositing {
    if webkit_switch_set {
        return Compositing::Webkit;
    }
    match setting.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
        Some("on") => Compositing::Webkit,
        Some("off") => Compositing::Off,
        _ if render_node => Compositing::Webkit,
        _ => Compositing::Off,
    }
}

/// Whether `dri` (normally `/dev/dri`) holds a render node (`renderD128` and so on), which is
/// how Linux offers a GPU to a program that does not own the display.
pub fn has_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri).is_ok_and(|entries| {
        entries.flatten().any(|entry| entry.file_name().to_string_lossy().starts_with("renderD"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_render_node_compositing_is_off_unless_asked_for() {
        assert_eq!(compositing(None, false, false), Compositing::Off);
        assert_eq!(compositing(Some("auto"), false, false), Compositing::Off);
        assert_eq!(compositing(Some(" ON "), false, false), Compositing::Webkit);
        assert_eq!(compositing(Some("nonsense"), false, false), Compositing::Off);
    }

    #[test]
    fn with_a_render_node_webkit_decides_unless_turned_off() {
        assert_eq!(compositing(None, false, true), Compositing::Webkit);
        assert_eq!(compositing(Some("off"), false, true), Compositing::Off);
        assert_eq!(compositing(Some("Off"), true, true), Compositing::Webkit, "WebKit's own switch is left alone");
    }

    #[test]
    fn a_render_node_is_found_by_its_name() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!has_render_node(dir.path()));
        std::fs::write(dir.path().join("card0"), b"").unwrap();
        assert!(!has_render_node(dir.path()), "a card node alone is the display, not a render node");
        std::fs::write(dir.path().join("renderD128"), b"").unwrap();
        assert!(has_render_node(dir.path()));
        assert!(!has_render_node(&dir.path().join("missing")));
    }
}
