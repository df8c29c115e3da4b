//! Logging to a file in the state folder: the terminal belongs to the app, so
//! nothing may be printed on it while the app runs.

use std::path::Path;
use std::sync::Mutex;

/// Sends `tracing` events to `file` (appending), filtered by `ESTANTE_LOG` (the
/// `RUST_LOG` syntax, `info` when unset). Returns an error when the file cannot be
/// opened; the caller decides whether to go on without a log.
pub fn init(file: &Path) -> std::io::Result<()> {
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    // The log contains titles, account ids and errors, so only its owner may read
    // it, as with the token file.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let log = options.open(file)?;
    let filter = estante_backend::log_filter(std::env::var("ESTANTE_LOG").ok().as_deref(), "info");
    let installed = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(log))
        .try_init();
    if installed.is_err() {
        tracing::debug!("a tracing subscriber was already installed");
    }
    Ok(())
}
