//! `estante`: the terminal app, and subcommands for scripts.

use std::process::ExitCode;

/// The allocator of the embedded server's, as `estante-server` uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Prints errors itself instead of returning them from `main`, because the standard
/// `Termination` output adds a stack trace whenever `RUST_BACKTRACE` is set, and
/// these are user errors, not crashes.
#[tokio::main]
async fn main() -> ExitCode {
    estante_backend::create_files_private();
    estante::i18n::set_language(estante::help::startup_language());
    let cli = estante::help::parse();
    match estante::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        // The list was printed and the reason it is incomplete went to standard
        // error. The exit status marks the list incomplete for scripts.
        Err(error) if error.is::<estante::commands::PartialListing>() => ExitCode::from(3),
        Err(error) if error.is::<estante::commands::Interrupted>() => ExitCode::from(130),
        Err(error) => {
            // Not eprintln!, which panics when standard error is closed.
            let text = estante::t!("cli-error", error = chain_text(&error));
            let _ =
                std::io::Write::write_all(&mut std::io::stderr(), format!("{text}\n").as_bytes());
            ExitCode::FAILURE
        }
    }
}

/// Reports whether the output was closed early, as by `estante books list | head`. That is
/// the reader's choice, not a failure. JSON output reports the write error inside a
/// `serde_json::Error`, which exposes only the I/O error's kind, so both are checked.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let kind = if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            Some(io.kind())
        } else if let Some(json) = cause.downcast_ref::<serde_json::Error>() {
            json.io_error_kind()
        } else {
            None
        };
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// Writes the error and its causes as `{:#}` does, joined by ": " without causes that
/// an error already quotes, with file system errors worded in the interface language
/// instead of the standard library's English.
fn chain_text(error: &anyhow::Error) -> String {
    let parts = error
        .chain()
        .map(|cause| match cause.downcast_ref::<std::io::Error>() {
            Some(io) => estante::i18n::io_error(io),
            None => cause.to_string(),
        });
    // A server's error can quote a title or a file's text, which may hold a control
    // sequence for the terminal.
    estante::commands::output::clean_lines(&estante_backend::join_causes(parts))
}
