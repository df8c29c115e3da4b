//! The server embedded in this process when no remote server is configured.
//!
//! It listens on 127.0.0.1 with a port the system picks, keeps its SQLite file in the
//! data folder, and authenticates a `local` user whose token lives in the config
//! folder (mode 0600). Covers and report files go to the `blobs` folder beside the
//! database, and a report worker runs beside the server. Talking HTTP to it, as to a
//! remote server, keeps one code path.

use std::path::Path;
use std::sync::Arc;

use estante_backend::api::AppState;
use estante_backend::auth::{Token, hash_token};
use estante_backend::blob::{BlobError, BlobStore};
use estante_backend::config::{COVER_PREFIX, REPORT_PREFIX};
use estante_backend::storage::{self, Storage, StoreError};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::paths::{Paths, write_private};

/// Name of the user the embedded server creates for the person at the terminal.
pub const LOCAL_USER: &str = "local";

/// Errors of the embedded server's start. Each message words its cause itself, and
/// the cause is not a `source`, so a printer that walks the chain does not repeat it.
#[derive(Debug, thiserror::Error)]
pub enum EmbeddedError {
    #[error("{}", crate::t!(
        "embedded-data-dir-failed",
        path = .path.as_str(),
        error = crate::i18n::folder_error(.cause, std::path::Path::new(.path))
    ))]
    DataDir { path: String, cause: std::io::Error },
    #[error("{}", database_failed(.path, .cause))]
    Database { path: String, cause: StoreError },
    #[error("{}", crate::t!("embedded-user-failed", error = .0.to_string()))]
    User(StoreError),
    #[error("{}", crate::t!(
        "embedded-token-failed",
        path = .path.as_str(),
        error = crate::i18n::io_error(.cause)
    ))]
    TokenFile { path: String, cause: std::io::Error },
    #[error("{}", crate::t!("embedded-listen-failed", error = .0.to_string()))]
    Listen(std::io::Error),
    #[error("{}", crate::t!("embedded-blobs-failed", error = .0.to_string()))]
    Blobs(#[from] BlobError),
}

/// Words a failure to open the database file. A file that is not a SQLite database
/// gets its own message, because SQLite's text for it repeats down the error chain
/// and does not say what to do.
fn database_failed(path: &str, cause: &StoreError) -> String {
    if cause.is_not_a_database() {
        crate::t!("embedded-database-not-sqlite", path = path)
    } else {
        crate::t!(
            "embedded-database-failed",
            path = path,
            error = cause.to_string()
        )
    }
}

/// A running embedded server. Call [`EmbeddedServer::stop`] to shut it down cleanly;
/// dropping it stops it too, without waiting.
#[derive(Debug)]
pub struct EmbeddedServer {
    pub base_url: String,
    pub token: String,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
    worker: Option<JoinHandle<()>>,
}

impl EmbeddedServer {
    /// Opens (or creates) the database under `paths.data_dir` and starts serving.
    pub async fn start(paths: &Paths) -> Result<Self, EmbeddedError> {
        Self::start_with_cover_source(paths, None).await
    }

    /// Starts serving as [`EmbeddedServer::start`] does, fetching covers from
    /// `cover_source` (the base URL of an Open Library covers service).
    ///
    /// NOTE: without a source the server keeps the backend's default, Open
    /// Library itself, and the app never sends it a fetch (see `Context::cover_fetch`).
    pub async fn start_with_cover_source(
        paths: &Paths,
        cover_source: Option<&str>,
    ) -> Result<Self, EmbeddedError> {
        let database = paths.database();
        let url = estante_backend::config::sqlite_url(&database).map_err(|source| {
            EmbeddedError::DataDir {
                path: paths.data_dir.display().to_string(),
                cause: source,
            }
        })?;
        let store = storage::open(&url)
            .await
            .map_err(|cause| EmbeddedError::Database {
                path: database.display().to_string(),
                cause,
            })?;
        let token = local_token(store.as_ref(), &paths.local_token_file()).await?;

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(EmbeddedError::Listen)?;
        let address = listener.local_addr().map_err(EmbeddedError::Listen)?;
        let blobs = BlobStore::open(&paths.data_dir.join("blobs").display().to_string())?;
        // The app's searches sort by a column, which the search index does not serve,
        // and a command sends one search and exits. An index would only cost a reading
        // of the whole library.
        let mut state = AppState::new(Arc::clone(&store))
            .with_covers(blobs.child(COVER_PREFIX)?)
            .with_reports(blobs.child(REPORT_PREFIX)?)
            .with_search_index(0);
        if let Some(source) = cover_source {
            state = state.with_cover_source(source);
        }
        let worker = estante_backend::server::spawn_report_worker(&state);
        let (shutdown, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(estante_backend::server::serve(listener, state, async {
            let _ = stopped.await;
        }));
        tracing::info!(%address, database = %database.display(), "embedded server started");
        Ok(Self {
            base_url: format!("http://{address}"),
            token,
            shutdown: Some(shutdown),
            task: Some(task),
            worker,
        })
    }

    /// Stops accepting connections and waits for requests in flight to finish.
    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(worker) = self.worker.take() {
            worker.abort();
        }
        if let Some(task) = self.task.take() {
            match task.await {
                Ok(Ok(())) => tracing::info!("embedded server stopped"),
                Ok(Err(error)) => tracing::error!(%error, "embedded server failed"),
                Err(error) => tracing::error!(%error, "embedded server task panicked"),
            }
        }
    }
}

impl Drop for EmbeddedServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(worker) = self.worker.take() {
            worker.abort();
        }
    }
}

/// Returns a token that the database accepts for the local user: the stored one when
/// it still works, else a new one (creating the user on first run) written to
/// `token_file`. A token file from another database is replaced, not trusted.
async fn local_token(store: &dyn Storage, token_file: &Path) -> Result<String, EmbeddedError> {
    if let Ok(text) = std::fs::read_to_string(token_file) {
        let secret = text.trim();
        if !secret.is_empty() {
            match store.user_by_token(&hash_token(secret)).await {
                Ok(_) => return Ok(secret.to_string()),
                Err(StoreError::NotFound(_)) => {
                    tracing::warn!(file = %token_file.display(), "stored local token unknown to this database; issuing a new one");
                }
                Err(error) => return Err(EmbeddedError::User(error)),
            }
        }
    }
    let user = match store.user_by_name(LOCAL_USER).await {
        Ok(user) => user,
        Err(StoreError::NotFound(_)) => store
            .create_user(LOCAL_USER, None)
            .await
            .map_err(EmbeddedError::User)?,
        Err(error) => return Err(EmbeddedError::User(error)),
    };
    let token = Token::generate();
    store
        .add_token(user.user_id(), &token.hash(), "estante embedded")
        .await
        .map_err(EmbeddedError::User)?;
    write_private(token_file, &format!("{}\n", token.secret())).map_err(|source| {
        EmbeddedError::TokenFile {
            path: token_file.display().to_string(),
            cause: source,
        }
    })?;
    tracing::info!(user = LOCAL_USER, "issued a token for the local user");
    Ok(token.secret().to_string())
}
