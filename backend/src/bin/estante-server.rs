//! `estante-server`: runs the library service and the operations around it.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use estante_backend::api::AppState;
use estante_backend::auth::{Token, hash_password};
use estante_backend::config;
use estante_backend::import::ImportFormat;
use estante_backend::storage::{self, RowOutcome, Storage, redact_url};
use estante_backend::transfer::{ExportFormat, export_bytes, import_bytes};
use tracing_subscriber::EnvFilter;

#[derive(Debug, Parser)]
#[command(
    name = "estante-server",
    version,
    about = "The estante library service"
)]
struct Cli {
    /// Database URL: sqlite://PATH or postgres://USER@HOST/DB. Default: a SQLite file
    /// in the XDG data folder.
    #[arg(
        long,
        global = true,
        env = "ESTANTE_DATABASE_URL",
        hide_env_values = true
    )]
    database: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the HTTP API.
    Serve {
        /// Address and port to listen on.
        #[arg(long, env = "ESTANTE_LISTEN", default_value = config::DEFAULT_LISTEN)]
        listen: String,
    },
    /// Apply the database migrations and exit.
    Migrate,
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Import a Goodreads, StoryGraph, LibraryThing or estante archive file.
    Import(ImportArgs),
    /// Export a user's library.
    Export(ExportArgs),
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create a user and print a bearer token for them, once.
    Add {
        name: String,
        /// Read a password for logging in from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Debug, Args)]
struct ImportArgs {
    /// The user whose library receives the books.
    #[arg(long)]
    user: String,
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    format: FormatArg,
    /// The export file.
    file: PathBuf,
    #[arg(long, value_enum, default_value_t = Output::Text)]
    output: Output,
}

#[derive(Debug, Args)]
struct ExportArgs {
    #[arg(long)]
    user: String,
    #[arg(long, value_enum)]
    format: ExportArg,
    /// File to write; standard output when absent.
    #[arg(short = 'o', long)]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Auto,
    Goodreads,
    Storygraph,
    Librarything,
    Archive,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ExportArg {
    Goodreads,
    Archive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Output {
    Text,
    Json,
}

#[tokio::main]
async fn main() -> Result<()> {
    let cli = Cli::parse();
    let default_level = match cli.command {
        Command::Serve { .. } | Command::Migrate => "info",
        _ => "warn",
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_level)),
        )
        .with_writer(std::io::stderr)
        .init();

    let url = match cli.database {
        Some(url) => url,
        None => {
            let path = config::default_database_path()
                .context("no home folder to put the database in; pass --database")?;
            config::sqlite_url(&path)
                .with_context(|| format!("failed to create the folder of {}", path.display()))?
        }
    };
    let store = storage::open(&url)
        .await
        .with_context(|| format!("failed to open the database {}", redact_url(&url)))?;

    match cli.command {
        Command::Serve { listen } => serve(store, &listen).await,
        Command::Migrate => {
            tracing::info!(database = %redact_url(&url), "migrations applied");
            Ok(())
        }
        Command::User(UserCommand::Add {
            name,
            password_stdin,
        }) => add_user(store.as_ref(), &name, password_stdin).await,
        Command::Import(args) => import(store.as_ref(), args).await,
        Command::Export(args) => export(store.as_ref(), args).await,
    }
}

async fn serve(store: std::sync::Arc<dyn Storage>, listen: &str) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("failed to listen on {listen}"))?;
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    estante_backend::server::serve(listener, AppState::new(store), shutdown).await?;
    Ok(())
}

async fn add_user(store: &dyn Storage, name: &str, password_stdin: bool) -> Result<()> {
    let name = name.trim();
    if name.is_empty() {
        bail!("the user name is empty");
    }
    let password_hash = if password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .context("failed to read the password from standard input")?;
        let password = line.trim_end_matches(['\r', '\n']);
        if password.chars().count() < 8 {
            bail!("the password must have at least 8 characters");
        }
        Some(hash_password(password)?)
    } else {
        None
    };
    let user = store
        .create_user(name, password_hash.as_deref())
        .await
        .with_context(|| format!("failed to create user {name:?}"))?;
    let token = Token::generate();
    store
        .add_token(user.user_id(), &token.hash(), "cli")
        .await?;
    eprintln!("Created user {name:?}. Their token is below; it is shown only this once.");
    println!("{}", token.secret());
    Ok(())
}

async fn import(store: &dyn Storage, args: ImportArgs) -> Result<()> {
    let user = store
        .user_by_name(&args.user)
        .await
        .with_context(|| format!("user {:?} not found; create it with `user add`", args.user))?;
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("failed to read {}", args.file.display()))?;
    let format = match args.format {
        FormatArg::Auto => None,
        FormatArg::Goodreads => Some(ImportFormat::Goodreads),
        FormatArg::Storygraph => Some(ImportFormat::Storygraph),
        FormatArg::Librarything => Some(ImportFormat::Librarything),
        FormatArg::Archive => Some(ImportFormat::Archive),
    };
    let report = import_bytes(store, user.user_id(), bytes, format)
        .await
        .with_context(|| format!("failed to import {}", args.file.display()))?;

    let mut out = std::io::stdout().lock();
    if args.output == Output::Json {
        serde_json::to_writer(&mut out, &report)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{} rows: {} imported, {} merged, {} flagged, {} rejected",
        report.rows.len(),
        report.imported,
        report.merged,
        report.flagged,
        report.rejected
    )?;
    for note in &report.notes {
        writeln!(out, "note: {note}")?;
    }
    for row in report
        .rows
        .iter()
        .filter(|row| matches!(row.outcome, RowOutcome::Flagged | RowOutcome::Rejected))
    {
        writeln!(
            out,
            "row {}: {:?} {}: {}",
            row.row,
            row.outcome,
            row.title.as_deref().unwrap_or(""),
            row.reason.as_deref().unwrap_or("")
        )?;
    }
    Ok(())
}

async fn export(store: &dyn Storage, args: ExportArgs) -> Result<()> {
    let user = store
        .user_by_name(&args.user)
        .await
        .with_context(|| format!("user {:?} not found", args.user))?;
    let format = match args.format {
        ExportArg::Goodreads => ExportFormat::Goodreads,
        ExportArg::Archive => ExportFormat::Archive,
    };
    let bytes = export_bytes(store, user.user_id(), format).await?;
    match args.output {
        Some(path) => std::fs::write(&path, bytes)
            .with_context(|| format!("failed to write {}", path.display()))?,
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    Ok(())
}
