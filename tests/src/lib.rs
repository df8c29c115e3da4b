//! Test support shared by the end-to-end tests: fresh databases on both backends, a
//! real server on port 0, and an HTTP client for it.
//!
//! PostgreSQL tests need `ESTANTE_TEST_DATABASE_URL`, which `./scripts/test` sets after
//! starting a throwaway cluster. Each test gets its own database, dropped afterwards.

#![allow(clippy::unwrap_used, clippy::missing_panics_doc)]

pub mod generate;
pub mod process;

use std::path::PathBuf;
use std::sync::Arc;

use estante_backend::api::AppState;
use estante_backend::auth::Token;
use estante_backend::blob::BlobStore;
use estante_backend::config::{COVER_PREFIX, REPORT_PREFIX};
use estante_backend::storage::{self, Storage, User};
use rand::Rng;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use sqlx::Connection;
use tempfile::TempDir;

/// The two storage implementations; every behaviour test runs on both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database that exists for one test.
#[derive(Debug)]
pub struct TestDb {
    pub url: String,
    _dir: Option<TempDir>,
    pg_name: Option<String>,
}

/// Returns the administrative URL of the test PostgreSQL cluster, or panics with the
/// command that provides one.
pub fn pg_admin_url() -> String {
    std::env::var("ESTANTE_TEST_DATABASE_URL").unwrap_or_else(|_| {
        panic!(
            "ESTANTE_TEST_DATABASE_URL is not set. Run the tests with ./scripts/test, which \
             starts a throwaway PostgreSQL cluster and sets it."
        )
    })
}

impl TestDb {
    pub async fn new(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let url = format!("sqlite://{}", dir.path().join("estante.db").display());
                Self {
                    url,
                    _dir: Some(dir),
                    pg_name: None,
                }
            }
            Backend::Postgres => {
                let admin = pg_admin_url();
                let name = format!("estante_test_{:016x}", rand::rng().random::<u64>());
                let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
                sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut conn)
                    .await
                    .unwrap();
                let base = admin.rsplit_once('/').unwrap().0;
                Self {
                    url: format!("{base}/{name}"),
                    _dir: None,
                    pg_name: Some(name),
                }
            }
        }
    }

    pub async fn open(&self) -> Arc<dyn Storage> {
        storage::open(&self.url).await.unwrap()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(name) = self.pg_name.take() else {
            return;
        };
        // Drop runs outside any runtime, so the cleanup gets a small one of its own.
        let admin = pg_admin_url();
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
                    let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                        .execute(&mut conn)
                        .await;
                }
            });
        })
        .join();
    }
}

/// Creates a user with a token, as `estante-server user add` does.
pub async fn add_user(store: &dyn Storage, name: &str) -> (User, Token) {
    let user = store.create_user(name, None).await.unwrap();
    let token = Token::generate();
    store
        .add_token(user.user_id(), &token.hash(), "test")
        .await
        .unwrap();
    (user, token)
}

/// A real server on 127.0.0.1 with an ephemeral port, stopped when dropped.
#[derive(Debug)]
pub struct TestServer {
    pub base: String,
    pub store: Arc<dyn Storage>,
    pub db: TestDb,
    /// The folder holding the server's covers and report files.
    pub blobs: TempDir,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    worker: Option<tokio::task::JoinHandle<()>>,
}

impl TestServer {
    pub async fn start(backend: Backend) -> Self {
        Self::start_with(backend, |state| state).await
    }

    /// Starts a server whose state `configure` changes first, as the server's flags
    /// do.
    pub async fn start_with(
        backend: Backend,
        configure: impl FnOnce(AppState) -> AppState,
    ) -> Self {
        let db = TestDb::new(backend).await;
        let store = db.open().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (sender, receiver) = tokio::sync::oneshot::channel();
        let blobs = TempDir::new().unwrap();
        let root = BlobStore::open(&blobs.path().display().to_string()).unwrap();
        // Port 9 (discard) on loopback refuses connections, so a cover fetch in a test
        // fails fast instead of reaching Open Library.
        let state = AppState::new(store.clone())
            .with_cover_source("http://127.0.0.1:9")
            .with_covers(root.child(COVER_PREFIX).unwrap())
            .with_reports(root.child(REPORT_PREFIX).unwrap());
        let state = configure(state);
        let worker = estante_backend::server::spawn_report_worker(&state);
        tokio::spawn(estante_backend::server::serve(listener, state, async {
            let _ = receiver.await;
        }));
        Self {
            base,
            store,
            db,
            blobs,
            shutdown: Some(sender),
            worker,
        }
    }

    /// A client authenticated as a new user called `name`.
    pub async fn client(&self, name: &str) -> Client {
        let (user, token) = add_user(self.store.as_ref(), name).await;
        Client {
            base: self.base.clone(),
            token: Some(token.secret().to_string()),
            user,
            http: reqwest::Client::new(),
        }
    }

    /// A client that sends no token.
    pub fn anonymous(&self) -> Client {
        Client {
            base: self.base.clone(),
            token: None,
            user: User {
                id: 0,
                name: String::new(),
            },
            http: reqwest::Client::new(),
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(sender) = self.shutdown.take() {
            let _ = sender.send(());
        }
        if let Some(worker) = self.worker.take() {
            worker.abort();
        }
    }
}

/// A response reduced to what tests check.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Reply {
    /// The `ETag` version, as a number.
    pub fn etag(&self) -> i64 {
        let text = self.headers["etag"].to_str().unwrap();
        text.trim_matches('"').parse().unwrap()
    }
}

#[derive(Debug, Clone)]
pub struct Client {
    pub base: String,
    pub token: Option<String>,
    pub user: User,
    pub http: reqwest::Client,
}

impl Client {
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        if_match: Option<i64>,
    ) -> Reply {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        if let Some(version) = if_match {
            request = request.header("If-Match", format!("\"{version}\""));
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        Self::reply(request.send().await.unwrap()).await
    }

    pub async fn reply(response: reqwest::Response) -> Reply {
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
            text,
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, None, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.send(Method::POST, path, Some(body), None).await
    }

    pub async fn upload(&self, path: &str, file: Vec<u8>, format: Option<&str>) -> Reply {
        let mut form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(file).file_name("export.csv"),
        );
        if let Some(format) = format {
            form = form.text("format", format.to_string());
        }
        let mut request = self
            .http
            .post(format!("{}{path}", self.base))
            .multipart(form);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        Self::reply(request.send().await.unwrap()).await
    }
}

/// Returns the bibliographic fields of a book as `GET /books/{id}` gave it, the body
/// that `PUT /books/{id}` takes: without the ids, versions, entry, readings, labels
/// and times that the server keeps.
pub fn book_fields(book: &Value) -> Value {
    let mut fields = book.clone();
    if let Some(object) = fields.as_object_mut() {
        for key in [
            "id",
            "version",
            "entry",
            "readings",
            "shelves",
            "tags",
            "created_at",
            "updated_at",
        ] {
            object.remove(key);
        }
    }
    fields
}

/// The folder of real exports, or `None` with a note on stderr.
pub fn corpus_dir() -> Option<PathBuf> {
    match std::env::var_os("ESTANTE_CORPUS_DIR") {
        Some(dir) => Some(PathBuf::from(dir)),
        None => {
            eprintln!("NOTE: ESTANTE_CORPUS_DIR is not set, so this real-data test did not run");
            None
        }
    }
}

/// Declares one async test per backend: `both_backends!(name, body_fn)` makes
/// `name::sqlite` and `name::postgres`, each calling `body_fn(Backend)`.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident => $body:path;)+) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    $body($crate::Backend::Sqlite).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    $body($crate::Backend::Postgres).await;
                }
            }
        )+
    };
}

/// Returns the URL of the moto server (an AWS emulator) that `./scripts/test` starts,
/// or panics with the command that provides one.
pub fn moto_url() -> String {
    let url = std::env::var("ESTANTE_TEST_MOTO_URL").unwrap_or_else(|_| {
        panic!(
            "ESTANTE_TEST_MOTO_URL is not set. Run the tests with ./scripts/test, which \
             starts a moto server on 127.0.0.1 and sets fake AWS credentials."
        )
    });
    // Without the fake keys and AWS_EC2_METADATA_DISABLED that scripts/lib/moto.sh
    // exports, an AWS credential chain would look for instance metadata off this
    // machine.
    let metadata_off = std::env::var("AWS_EC2_METADATA_DISABLED").is_ok_and(|v| v == "true");
    let keys_set = std::env::var_os("AWS_ACCESS_KEY_ID").is_some();
    assert!(
        metadata_off && keys_set,
        "AWS_EC2_METADATA_DISABLED=true and AWS_ACCESS_KEY_ID must be set: run the tests \
         with ./scripts/test, or source scripts/lib/moto.sh and call moto_start"
    );
    url
}

/// Creates an S3 bucket with a random name on the moto server and returns the name.
pub async fn moto_bucket() -> String {
    let name = format!("estante-test-{:016x}", rand::rng().random::<u64>());
    let response = reqwest::Client::new()
        .put(format!("{}/{name}", moto_url()))
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_success(),
        "creating bucket {name} on moto failed with {}",
        response.status()
    );
    name
}
