//! Running the command line: the app when no subcommand is given, else one
//! subcommand. Every subcommand that reads or writes the library goes through the
//! HTTP client, against the embedded server when no remote one is configured.

mod books;
mod login;
mod ops;
mod output;
mod transfer;

use anyhow::{Context, Result};
use clap::CommandFactory;

use crate::cli::{Cli, Command};
use crate::connect::{self, Connection};
use crate::paths::Paths;
use crate::settings::Settings;

pub use output::{format_rating, print_table};

/// Runs the command line.
pub async fn run(mut cli: Cli) -> Result<()> {
    match &cli.command {
        Some(Command::Completions { shell }) => {
            // clap_complete panics when its writer fails, so it writes to memory and
            // a closed standard output comes back here as an error.
            let mut command = Cli::command();
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut command, "estante", &mut script);
            std::io::Write::write_all(&mut std::io::stdout(), &script)
                .context("failed to write the completion script")?;
            return Ok(());
        }
        Some(Command::Man) => {
            let page = clap_mangen::Man::new(Cli::command());
            page.render(&mut std::io::stdout())
                .context("failed to write the manual page")?;
            return Ok(());
        }
        _ => {}
    }

    let paths = Paths::resolve(cli.data_dir.clone(), cli.config_dir.clone())?;
    if let Err(error) = crate::logging::init(&paths.log_file()) {
        eprintln!(
            "warning: logging is off because {} cannot be opened: {error}",
            paths.log_file().display()
        );
    }
    let settings = Settings::load(&paths.config_file())?;

    let command = match cli.command.take() {
        None => return crate::app::run(&cli, &paths, settings, crate::app::Tab::Library).await,
        Some(Command::Login(args)) => return login::run(&cli, &args, &paths).await,
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
        .context("failed to connect to the estante server")?;
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
        Command::Login(_) | Command::Ops(_) | Command::Completions { .. } | Command::Man => Ok(()),
    }
}
