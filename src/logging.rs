//! tracing set-up shared by the CLI and the desktop app: a daily log file and stderr.

use std::io::IsTerminal;
use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::{EnvFilter, fmt, prelude::*};

/// Starts logging to `log_dir/<file_prefix>.YYYY-MM-DD` and to stderr.
/// `stderr_default` is the stderr level when `RUST_LOG` is not set (the CLI keeps stderr quiet).
/// Keep the returned guard alive: dropping it flushes the file.
pub fn init(log_dir: &Path, file_prefix: &str, stderr_default: &str) -> Option<WorkerGuard> {
    let file_layer = std::fs::create_dir_all(log_dir).ok().map(|()| {
        let appender = tracing_appender::rolling::daily(log_dir, file_prefix);
        let (writer, guard) = tracing_appender::non_blocking(appender);
        let layer = fmt::layer()
            .with_writer(writer)
            .with_ansi(false)
            .with_filter(env_filter("info"));
        (layer, guard)
    });
    let (file_layer, guard) = match file_layer {
        Some((layer, guard)) => (Some(layer), Some(guard)),
        None => (None, None),
    };
    let stderr_layer = fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_filter(env_filter(stderr_default));
    // A second init (e.g. in tests) is harmless: the first subscriber stays.
    let _ = tracing_subscriber::registry().with(file_layer).with(stderr_layer).try_init();
    guard
}

fn env_filter(default: &str) -> EnvFilter {
    EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default))
}
