//! tracing set-up shared by the CLI and the desktop app: a daily log file and stderr.

use std::io::IsTerminal;
use std::path::Path;

use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};
use tracing_subscriber::{EnvFilter, fmt, prelude::*};

/// Lines the file writer may hold while the disk catches up; more are dropped (and counted by
/// tracing-appender) rather than making the app wait. The crate's default, 128,000, allocates a
/// 4 MB queue up front: about a tenth of the desktop app's own heap (measured with heaptrack, issue
/// #17), for bursts the app never makes (a few lines per user action at info level).
const LOG_QUEUE_LINES: usize = 1024;

/// Starts logging to `log_dir/<file_prefix>.YYYY-MM-DD` and to stderr.
/// `stderr_default` is the stderr level when `RUST_LOG` is not set (the CLI keeps stderr quiet).
/// Keep the returned guard alive: dropping it flushes the file.
pub fn init(log_dir: &Path, file_prefix: &str, stderr_default: &str) -> Option<WorkerGuard> {
    let file_layer = std::fs::create_dir_all(log_dir).ok().map(|()| {
        let appender = tracing_appender::rolling::daily(log_dir, file_prefix);
        let (writer, guard) = NonBlockingBuilder::default().buffered_lines_limit(LOG_QUEUE_LINES).finish(appender);
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
