//! `estante-server`: runs the library service and the operations around it.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use estante_backend::api::AppState;
use estante_backend::auth::{Token, hash_password};
use estante_backend::backup;
use estante_backend::blob::BlobStore;
use estante_backend::config;
use estante_backend::import::ImportFormat;
use estante_backend::metrics::{EMF_INTERVAL, EmfPublisher};
use estante_backend::reports::worker::{DEFAULT_POLL, ReportWorker};
use estante_backend::storage::{self, RowOutcome, Storage, StoreError, redact_url};
use estante_backend::transfer::{ExportFormat, export_bytes, import_bytes};
use tokio::sync::Notify;

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

    /// Blob store for backups and exports: a folder path or s3://BUCKET/PREFIX.
    /// Default: the blobs folder in the XDG data folder.
    #[arg(long, global = true, env = "ESTANTE_BLOB_STORE")]
    blob_store: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the HTTP API, with a report worker unless --no-worker.
    Serve {
        /// Address and port to listen on.
        #[arg(long, env = "ESTANTE_LISTEN", default_value = config::DEFAULT_LISTEN)]
        listen: String,
        /// Leave report jobs to separate `worker` processes.
        #[arg(long, env = "ESTANTE_NO_WORKER")]
        no_worker: bool,
        /// Write CloudWatch embedded metric format records to this file ("-" for
        /// standard output) once a minute, under this namespace.
        #[arg(long, env = "ESTANTE_EMF_LOG", requires = "emf_namespace")]
        emf_log: Option<String>,
        /// CloudWatch namespace of the embedded metric format records.
        #[arg(long, env = "ESTANTE_EMF_NAMESPACE")]
        emf_namespace: Option<String>,
        /// Base URL of the Open Library covers service, for fetching covers by ISBN.
        #[arg(long, env = "ESTANTE_COVER_SOURCE", default_value = estante_backend::api::DEFAULT_COVER_SOURCE)]
        cover_source: String,
        /// MiB of first list pages kept in memory and served again while their
        /// library is unchanged. 0 turns the cache off.
        #[arg(long, env = "ESTANTE_LIST_CACHE_MIB",
            default_value_t = estante_backend::api::DEFAULT_PAGE_CACHE_BYTES / (1024 * 1024))]
        list_cache_mib: usize,
        /// MiB of libraries kept in memory to serve searches while each library is
        /// unchanged. 0 turns the search index off, and searches read the database.
        #[arg(long, env = "ESTANTE_SEARCH_INDEX_MIB",
            default_value_t = estante_backend::api::DEFAULT_SEARCH_INDEX_BYTES / (1024 * 1024))]
        search_index_mib: usize,
        /// Take each request's client address, which the login limit counts by,
        /// from the last entry of X-Forwarded-For. Set it only behind a load
        /// balancer that appends that entry and is the only way in, as AWS
        /// Application Load Balancers do; elsewhere clients could pick addresses.
        #[arg(long, env = "ESTANTE_FORWARDED_FOR")]
        forwarded_for: bool,
        /// Days a token lives after it is issued, by a login or `user add`; 0 keeps
        /// tokens until they are revoked. A leaked token then works for a bounded
        /// time, and a reader logs in again when theirs expires.
        #[arg(long, env = "ESTANTE_TOKEN_LIFETIME_DAYS", default_value_t = 90,
            value_parser = clap::value_parser!(u64).range(0..=36_500))]
        token_lifetime_days: u64,
    },
    /// Run report jobs until stopped, without serving HTTP.
    Worker,
    /// Apply the database migrations and exit.
    Migrate,
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Import a Goodreads, StoryGraph, LibraryThing or estante archive file.
    Import(ImportArgs),
    /// Export a user's library.
    Export(ExportArgs),
    /// Write a consistent backup of the whole database and print its key.
    Backup {
        /// Folder or s3://BUCKET/PREFIX to write to. Default: `backups` in the blob
        /// store.
        #[arg(long)]
        to: Option<String>,
    },
    /// Replace the whole database with a backup, users and their tokens included.
    Restore {
        /// Backup key in `backups` of the blob store, or a full location such as
        /// s3://BUCKET/PREFIX/KEY or /PATH/KEY.
        #[arg(long)]
        from: String,
        /// Replace a database that already has users.
        #[arg(long)]
        force: bool,
    },
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
    /// Key to write under `exports` in the blob store, in place of a file.
    #[arg(long, conflicts_with = "output")]
    blob_key: Option<String>,
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

/// mimalloc rather than glibc's malloc: request handlers allocate and free on every
/// worker thread, and BENCHMARKS.md records what the change gained.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Prints a failure as one line of causes, without the backtrace that returning the
/// error from `main` would add when `RUST_BACKTRACE` is set.
fn main() -> std::process::ExitCode {
    estante_backend::create_files_private();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("Error: failed to start the async runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            let text = estante_backend::join_causes(error.chain().map(ToString::to_string));
            eprintln!("Error: {text}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<()> {
    let cli = Cli::parse();
    let default_level = match cli.command {
        Command::Serve { .. }
        | Command::Worker
        | Command::Migrate
        | Command::Backup { .. }
        | Command::Restore { .. } => "info",
        _ => "warn",
    };
    tracing_subscriber::fmt()
        .with_env_filter(estante_backend::log_filter(
            std::env::var("RUST_LOG").ok().as_deref(),
            default_level,
        ))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
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
    let store = storage::connect(&url)
        .await
        .with_context(|| format!("failed to open the database {}", redact_url(&url)))?;
    let migrate = || async {
        match store.migrate().await {
            Ok(()) => Ok(()),
            Err(error) => Err(with_connect_cause(error, &url).await)
                .with_context(|| format!("failed to migrate the database {}", redact_url(&url))),
        }
    };
    // A SQLite backup copies the file as it is, so it does not upgrade the library
    // first: an admin who backs up before an upgrade keeps a copy that the older
    // build still opens. A restore upgrades the copy it reads.
    let sqlite_backup = matches!(cli.command, Command::Backup { .. }) && url.starts_with("sqlite:");
    if !matches!(cli.command, Command::Serve { .. }) && !sqlite_backup {
        migrate().await?;
    }

    match cli.command {
        Command::Serve {
            listen,
            no_worker,
            emf_log,
            emf_namespace,
            cover_source,
            list_cache_mib,
            search_index_mib,
            forwarded_for,
            token_lifetime_days,
        } => {
            let blobs = open_blob_store(cli.blob_store.as_deref())?;
            let state = AppState::new(store.clone())
                .with_covers(blobs.child(config::COVER_PREFIX)?)
                .with_reports(blobs.child(config::REPORT_PREFIX)?)
                .with_cover_source(cover_source)
                .with_page_cache(list_cache_mib.saturating_mul(1024 * 1024))
                .with_search_index(search_index_mib.saturating_mul(1024 * 1024))
                .with_forwarded_for(forwarded_for)
                .with_token_lifetime(
                    (token_lifetime_days > 0)
                        .then(|| std::time::Duration::from_secs(token_lifetime_days * 24 * 3600)),
                )
                .not_ready();
            let listener = tokio::net::TcpListener::bind(&listen)
                .await
                .with_context(|| format!("failed to listen on {listen}"))?;
            let server = tokio::spawn(estante_backend::server::serve(
                listener,
                state.clone(),
                shutdown_signal(),
            ));
            // Until the schema is ready, health checks and API calls get 503. The
            // server waits for a database that is not up yet, as when a host boots.
            tracing::info!(
                database = %redact_url(&url),
                "reaching the database and applying its migrations"
            );
            loop {
                match store.migrate().await {
                    Ok(()) => break,
                    Err(error) if error.is_connection_failure() && !server.is_finished() => {
                        tracing::warn!(
                            %error,
                            database = %redact_url(&url),
                            "database unreachable; retrying the migrations in {} s",
                            MIGRATE_RETRY.as_secs()
                        );
                        tokio::time::sleep(MIGRATE_RETRY).await;
                    }
                    Err(error) => {
                        return Err(error).with_context(|| {
                            format!("failed to migrate the database {}", redact_url(&url))
                        });
                    }
                }
            }
            state.set_ready();
            tracing::info!("migrations applied; ready");
            let worker = if no_worker {
                None
            } else {
                estante_backend::server::spawn_report_worker(&state)
            };
            let emf = match (emf_log, emf_namespace) {
                (Some(path), Some(namespace)) => {
                    Some(tokio::spawn(publish_emf(state.clone(), path, namespace)))
                }
                _ => None,
            };
            let sweeper = estante_backend::server::spawn_token_sweeper(&state);
            let served = server.await.context("the server task failed")?;
            for task in [worker, emf, sweeper].into_iter().flatten() {
                task.abort();
            }
            Ok(served?)
        }
        Command::Worker => {
            let reports =
                open_blob_store(cli.blob_store.as_deref())?.child(config::REPORT_PREFIX)?;
            let worker = ReportWorker::new(store, reports, estante_backend::server::worker_name());
            tracing::info!("report worker started");
            tokio::select! {
                () = worker.run(Arc::new(Notify::new()), DEFAULT_POLL) => {}
                () = shutdown_signal() => {}
            }
            Ok(())
        }
        Command::Migrate => {
            tracing::info!(database = %redact_url(&url), "migrations applied");
            Ok(())
        }
        Command::User(UserCommand::Add {
            name,
            password_stdin,
        }) => add_user(store.as_ref(), &name, password_stdin).await,
        Command::Import(args) => import(store.as_ref(), args).await,
        Command::Export(args) => export(store.as_ref(), cli.blob_store.as_deref(), args).await,
        Command::Backup { to } => {
            let blobs = match to {
                Some(location) => BlobStore::open(&location)?,
                None => backups(cli.blob_store.as_deref())?,
            };
            let key = backup::create_backup(store.as_ref(), &blobs)
                .await
                .with_context(|| format!("failed to back up to {}", blobs.location()))?;
            println!("{key}");
            Ok(())
        }
        Command::Restore { from, force } => {
            let (blobs, key) = backup::locate(&from, &backups(cli.blob_store.as_deref())?)?;
            let users = backup::restore_backup(store.as_ref(), &blobs, &key, force)
                .await
                .with_context(|| format!("failed to restore {key} from {}", blobs.location()))?;
            eprintln!("Restored {users} users from {key}.");
            Ok(())
        }
    }
}

/// Time between attempts to migrate a database that `serve` cannot reach.
const MIGRATE_RETRY: std::time::Duration = std::time::Duration::from_secs(1);

/// Opens the blob store that `--blob-store` names, else the default folder.
fn open_blob_store(blob_store: Option<&str>) -> Result<BlobStore> {
    let location = match blob_store {
        Some(location) => location.to_string(),
        None => config::default_blob_store_path()
            .context("no home folder to put the blob store in; pass --blob-store")?
            .display()
            .to_string(),
    };
    Ok(BlobStore::open(&location)?)
}

/// Opens the `backups` prefix of the blob store.
fn backups(blob_store: Option<&str>) -> Result<BlobStore> {
    Ok(open_blob_store(blob_store)?.child(config::BACKUP_PREFIX)?)
}

/// Appends an embedded metric format record to `path` every minute, for the
/// CloudWatch agent to turn into metrics. A write that fails is logged and retried at
/// the next minute.
async fn publish_emf(state: AppState, path: String, namespace: String) {
    let mut publisher = EmfPublisher::new(namespace);
    let mut tick = tokio::time::interval(EMF_INTERVAL);
    tick.tick().await;
    loop {
        tick.tick().await;
        let depth = state.store.report_queue_depth().await.ok();
        let record = publisher.record(&state.metrics, depth, chrono::Utc::now().timestamp_millis());
        let written = if path == "-" {
            writeln!(std::io::stdout().lock(), "{record}")
        } else {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .and_then(|mut file| writeln!(file, "{record}"))
        };
        if let Err(error) = written {
            tracing::warn!(%error, path, "cannot write metrics");
        }
    }
}

/// Returns a future that completes on Ctrl-C or SIGTERM, the signal systemd and the
/// Auto Scaling group send to stop the server, so requests in flight can finish. The
/// handlers are installed here, before the server starts, so a signal that arrives
/// at once is not lost.
///
/// A second Ctrl-C or SIGTERM ends the process at once with status 1, for an
/// operator who will not wait out the grace period of a client that hangs.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let signals = {
        use tokio::signal::unix::{SignalKind, signal};
        (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        )
    };
    async move {
        #[cfg(unix)]
        match signals {
            (Ok(mut interrupt), Ok(mut terminate)) => {
                tokio::select! {
                    _ = interrupt.recv() => tracing::info!("interrupted; shutting down"),
                    _ = terminate.recv() => tracing::info!("SIGTERM received; shutting down"),
                }
                tokio::spawn(async move {
                    tokio::select! {
                        _ = interrupt.recv() => {}
                        _ = terminate.recv() => {}
                    }
                    tracing::warn!(
                        "second signal received; exiting without waiting for open connections"
                    );
                    std::process::exit(1);
                });
            }
            (Err(error), _) | (_, Err(error)) => {
                tracing::warn!(%error, "cannot listen for signals; falling back to Ctrl-C");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            tracing::info!("interrupted; shutting down");
        }
    }
}

/// Adds why a connection could not be made to a pool's time-out, which reports only
/// that no connection came in time: an administrator needs "connection refused" or
/// "password authentication failed". One connection is tried for the reason.
async fn with_connect_cause(error: StoreError, url: &str) -> anyhow::Error {
    let timed_out = error.to_string().contains("pool timed out");
    if !timed_out || !url.starts_with("postgres") {
        return error.into();
    }
    use sqlx::Connection as _;
    let attempt = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        sqlx::postgres::PgConnection::connect(url),
    )
    .await;
    match attempt {
        Ok(Err(cause)) => anyhow::anyhow!("{error}; connecting once failed: {cause}"),
        _ => error.into(),
    }
}

async fn add_user(store: &dyn Storage, name: &str, password_stdin: bool) -> Result<()> {
    let name = name.trim();
    if name.is_empty() {
        bail!("the user name is empty");
    }
    // A login with a longer name is refused unread, and a control character would
    // let the name forge or break lines wherever it is shown.
    let max = estante_backend::auth::MAX_USER_NAME_CHARS;
    if name.chars().count() > max {
        bail!("the user name has more than {max} characters; choose a shorter one");
    }
    // An invisible character, such as a zero-width space or a bidirectional
    // override, would make a name that looks like another user's.
    if let Some(character) = name
        .chars()
        .find(|c| estante_backend::validate::is_invisible(*c))
    {
        bail!(
            "the user name contains the invisible or control character U+{:04X}; choose a \
             name without it",
            u32::from(character)
        );
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

async fn export(store: &dyn Storage, blob_store: Option<&str>, args: ExportArgs) -> Result<()> {
    let user = store
        .user_by_name(&args.user)
        .await
        .with_context(|| format!("user {:?} not found", args.user))?;
    let format = match args.format {
        ExportArg::Goodreads => ExportFormat::Goodreads,
        ExportArg::Archive => ExportFormat::Archive,
    };
    let bytes = export_bytes(store, user.user_id(), format).await?;
    if let Some(key) = args.blob_key {
        let exports = open_blob_store(blob_store)?.child(config::EXPORT_PREFIX)?;
        exports
            .put(&key, bytes)
            .await
            .with_context(|| format!("failed to write {key} to {}", exports.location()))?;
        tracing::info!(key, location = exports.location(), "export written");
        return Ok(());
    }
    match args.output {
        Some(path) => std::fs::write(&path, bytes)
            .with_context(|| format!("failed to write {}", path.display()))?,
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    Ok(())
}
