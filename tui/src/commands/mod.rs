//! Running the command line: the app when no subcommand is given, else one
//! subcommand. Every subcommand that reads or writes the library goes through the
//! HTTP client, against the embedded server when no remote one is configured.

mod books;
mod login;
mod ops;
pub mod output;
mod transfer;

use anyhow::{Context, Result};

use crate::cli::{Cli, Command};
use crate::connect::{self, Connection};
use crate::i18n::Language;
use crate::paths::Paths;
use crate::settings::Settings;

pub use ops::{Interrupted, PartialListing};
pub use output::{format_rating, print_table};

/// Runs the command line. The caller sets the interface language first, as `main`
/// does with [`crate::help::startup_language`], so even errors in reading the
/// settings are in it. The `language` setting wins once that file is read.
pub async fn run(mut cli: Cli) -> Result<()> {
    match &cli.command {
        Some(Command::Completions { shell }) => {
            // clap_complete panics when its writer fails, so it writes to memory and
            // a closed standard output comes back here as an error.
            let mut command = crate::help::command();
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut command, "estante", &mut script);
            std::io::Write::write_all(&mut std::io::stdout(), &script)
                .with_context(|| crate::t!("cli-completions-failed"))?;
            return Ok(());
        }
        Some(Command::Man) => {
            let page = crate::help::man_page().with_context(|| crate::t!("cli-man-failed"))?;
            std::io::Write::write_all(&mut std::io::stdout(), &page)
                .with_context(|| crate::t!("cli-man-failed"))?;
            return Ok(());
        }
        _ => {}
    }

    let paths = Paths::resolve(cli.data_dir.clone(), cli.config_dir.clone())?;
    if let Err(error) = crate::logging::init(&paths.log_file()) {
        eprintln!(
            "{}",
            crate::t!(
                "cli-logging-off",
                path = paths.log_file().display().to_string(),
                error = error.to_string()
            )
        );
    }
    let settings = Settings::load(&paths.config_file())?;
    // The locale variables chose the language already; the setting wins over them.
    let language = Language::from_environment(settings.language.as_deref());
    crate::i18n::set_language(language);
    tracing::debug!(language = language.tag(), "interface language");

    let command = match cli.command.take() {
        None => return crate::app::run(&cli, &paths, settings, crate::app::Tab::Library).await,
        Some(Command::Login(args)) => return login::run(&cli, &args, &paths).await,
        Some(Command::Logout) => return login::logout(&cli, &paths, &settings).await,
        Some(Command::Ops(args)) if args.command.is_none() => {
            return crate::app::run(&cli, &paths, settings, crate::app::Tab::Ops).await;
        }
        Some(Command::Ops(args)) => {
            let overrides = crate::aws::OpsOverrides::from_cli(&cli);
            return ops::run(&overrides, args, &paths, &settings).await;
        }
        Some(command) => command,
    };
    let target = connect::target(cli.server.as_deref(), cli.token.as_deref(), &settings)?;
    let cover_source = connect::cover_source(&settings);
    let connection = connect::connect(target, &paths, cover_source.as_deref())
        .await
        .with_context(|| crate::t!("cli-connect-failed"))?;
    let result = dispatch(&connection, command).await;
    connection.close().await;
    result
}

async fn dispatch(connection: &Connection, command: Command) -> Result<()> {
    let client = &connection.client;
    match command {
        Command::Import(args) => transfer::import(client, args).await,
        Command::Export(args) => transfer::export(client, args).await,
        Command::Stats(args) => transfer::stats(client, args).await,
        Command::Books(command) => books::run(client, command).await,
        Command::Login(_)
        | Command::Logout
        | Command::Ops(_)
        | Command::Completions { .. }
        | Command::Man => Ok(()),
    }
}
