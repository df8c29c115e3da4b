//! Two `estante-server` replicas on one PostgreSQL database behind HAProxy. They
//! start at the same moment and apply each migration once. A mixed read and write
//! load through HAProxy gets no errors, and the database contains exactly the books,
//! ratings and readings whose creation succeeded, also when one replica restarts
//! during the load.
//!
//! Needs the `haproxy` binary (Debian package `haproxy`); without it the test prints
//! why and does nothing. The load runs 5 s by default; `ESTANTE_LONG_TESTS=1` runs
//! it 60 s.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use estante_tests::process::{PgCluster, ServerProcess, add_user_with_cli, free_port};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sqlx::Connection;

/// Concurrent client loops of the load.
const CLIENTS: usize = 8;

/// Retries of one request before the client gives up on it.
const MAX_RETRIES: u32 = 100;

fn load_duration() -> Duration {
    if std::env::var("ESTANTE_LONG_TESTS").is_ok_and(|value| value == "1") {
        Duration::from_secs(60)
    } else {
        Duration::from_secs(5)
    }
}

fn haproxy_binary() -> Option<PathBuf> {
    let found = Command::new("sh")
        .args(["-c", "command -v haproxy"])
        .output()
        .ok()?;
    let path = String::from_utf8(found.stdout).ok()?;
    let path = path.trim();
    (!path.is_empty()).then(|| PathBuf::from(path))
}

/// An HAProxy process in the foreground, killed when dropped.
struct Haproxy {
    child: Child,
    port: u16,
}

impl Haproxy {
    /// Starts HAProxy on a free 127.0.0.1 port in front of `backends`, checking each
    /// with `GET /readyz` every 200 ms. A server is taken out after 2 failed checks
    /// and put back after 2 passed ones. A request whose connection to a server fails
    /// is sent again to another server (`option redispatch`).
    fn start(binary: &Path, dir: &Path, backends: &[u16]) -> Self {
        let port = free_port();
        let mut config = format!(
            "global\n\
             \x20   maxconn 1000\n\
             defaults\n\
             \x20   mode http\n\
             \x20   timeout connect 2s\n\
             \x20   timeout client 30s\n\
             \x20   timeout server 30s\n\
             \x20   timeout check 2s\n\
             \x20   retries 3\n\
             \x20   option redispatch\n\
             \x20   retry-on conn-failure\n\
             frontend estante\n\
             \x20   bind 127.0.0.1:{port}\n\
             \x20   default_backend replicas\n\
             backend replicas\n\
             \x20   balance roundrobin\n\
             \x20   option httpchk GET /readyz\n\
             \x20   http-check expect status 200\n\
             \x20   default-server inter 200ms fall 2 rise 2\n"
        );
        for (n, backend) in backends.iter().enumerate() {
            config.push_str(&format!(
                "    server replica{n} 127.0.0.1:{backend} check\n"
            ));
        }
        let config_path = dir.join("haproxy.cfg");
        std::fs::write(&config_path, config).unwrap();
        let log = std::fs::File::create(dir.join("haproxy.log")).unwrap();
        let child = Command::new(binary)
            .arg("-f")
            .arg(&config_path)
            .arg("-db")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        Self { child, port }
    }
}

impl Drop for Haproxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Client-side counts of the load.
#[derive(Debug, Default)]
struct Tally {
    requests: AtomicU64,
    retries: AtomicU64,
    errors: AtomicU64,
    books: AtomicU64,
    ratings: AtomicU64,
    readings: AtomicU64,
}

/// Sends a request, retrying on connection errors and 503 only, and returns the
/// final status and body. Any other response is returned as it is, error or not.
async fn send(
    http: &reqwest::Client,
    tally: &Tally,
    method: Method,
    url: &str,
    token: &str,
    body: Option<&Value>,
    if_match: Option<i64>,
) -> (StatusCode, Value) {
    tally.requests.fetch_add(1, Ordering::SeqCst);
    for _ in 0..MAX_RETRIES {
        let mut request = http.request(method.clone(), url).bearer_auth(token);
        if let Some(body) = body {
            request = request.json(body);
        }
        if let Some(version) = if_match {
            request = request.header("If-Match", format!("\"{version}\""));
        }
        match request.send().await {
            Ok(response) if response.status() != StatusCode::SERVICE_UNAVAILABLE => {
                let status = response.status();
                let body = response.json().await.unwrap_or(Value::Null);
                return (status, body);
            }
            Ok(_) | Err(_) => {
                tally.retries.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
    panic!("{method} {url} failed {MAX_RETRIES} times with connection errors or 503");
}

fn expect(
    tally: &Tally,
    request_name: &str,
    status: StatusCode,
    expected: StatusCode,
    body: &Value,
) {
    if status != expected {
        tally.errors.fetch_add(1, Ordering::SeqCst);
        eprintln!("{request_name} returned {status}, expected {expected}: {body}");
    }
}

/// Creates a book, rates it, adds a reading and reads the list and the book back,
/// until `until`.
async fn client_loop(
    base: String,
    token: String,
    until: Instant,
    tally: Arc<Tally>,
    client: usize,
) {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let mut n = 0;
    while Instant::now() < until {
        n += 1;
        let book = json!({"title": format!("Replica load {client}-{n}"), "contributors": [{"name": "Ana Silva", "role": "author"}]});
        let books_url = format!("{base}/api/v1/books");
        let (status, created) = send(
            &http,
            &tally,
            Method::POST,
            &books_url,
            &token,
            Some(&book),
            None,
        )
        .await;
        expect(
            &tally,
            "creating a book",
            status,
            StatusCode::CREATED,
            &created,
        );
        let Some(id) = created["id"].as_i64() else {
            continue;
        };
        tally.books.fetch_add(1, Ordering::SeqCst);

        let entry_url = format!("{base}/api/v1/books/{id}/entry");
        let rating = json!({"rating": 4, "status": "read"});
        let (status, body) = send(
            &http,
            &tally,
            Method::PATCH,
            &entry_url,
            &token,
            Some(&rating),
            Some(1),
        )
        .await;
        expect(&tally, "rating a book", status, StatusCode::OK, &body);
        if status == StatusCode::OK {
            tally.ratings.fetch_add(1, Ordering::SeqCst);
        }

        let readings_url = format!("{base}/api/v1/books/{id}/readings");
        let reading = json!({"started": "2024-01", "finished": "2024-02-11"});
        let (status, body) = send(
            &http,
            &tally,
            Method::POST,
            &readings_url,
            &token,
            Some(&reading),
            None,
        )
        .await;
        expect(
            &tally,
            "adding a reading",
            status,
            StatusCode::CREATED,
            &body,
        );
        if status == StatusCode::CREATED {
            tally.readings.fetch_add(1, Ordering::SeqCst);
        }

        let list_url = format!("{base}/api/v1/books?limit=20");
        let (status, body) = send(&http, &tally, Method::GET, &list_url, &token, None, None).await;
        expect(&tally, "listing books", status, StatusCode::OK, &body);
        let (status, body) = send(
            &http,
            &tally,
            Method::GET,
            &books_url.replace("books", &format!("books/{id}")),
            &token,
            None,
            None,
        )
        .await;
        expect(&tally, "reading a book", status, StatusCode::OK, &body);
    }
}

async fn count_rows(database: &str, sql: &str) -> u64 {
    let mut conn = sqlx::PgConnection::connect(database).await.unwrap();
    let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(&mut conn)
        .await
        .unwrap();
    u64::try_from(count).unwrap()
}

/// Lines of a server log at ERROR level, leaving out the 503s of `/readyz` and the
/// API while the migrations run, which tower-http logs at ERROR too.
fn unexpected_errors(log: &str) -> Vec<String> {
    log.lines()
        .filter(|line| line.contains("ERROR") && !line.contains("Status code: 503"))
        .map(str::to_string)
        .collect()
}

/// Runs the load for `duration`, restarting `restart` (with SIGTERM, as systemd
/// does) after 40% of it, and returns the counts and how long the restart took.
async fn run_load(
    base: &str,
    tokens: &[String],
    duration: Duration,
    restart: Option<&mut ServerProcess>,
) -> (Arc<Tally>, Option<Duration>) {
    let tally = Arc::new(Tally::default());
    let until = Instant::now() + duration;
    let loops: Vec<_> = tokens
        .iter()
        .enumerate()
        .map(|(client, token)| {
            tokio::spawn(client_loop(
                base.to_string(),
                token.clone(),
                until,
                tally.clone(),
                client,
            ))
        })
        .collect();
    let mut restart_took = None;
    if let Some(server) = restart {
        tokio::time::sleep(duration.mul_f64(0.4)).await;
        let started = Instant::now();
        assert!(server.terminate(), "the replica did not stop cleanly");
        server.restart();
        server.wait_for_readyz(200, Duration::from_secs(30)).await;
        restart_took = Some(started.elapsed());
    }
    for task in loops {
        task.await.unwrap();
    }
    (tally, restart_took)
}

/// Returns how many book creations a replica completed with 201, from its `/metrics`.
async fn books_created_by(base: &str) -> u64 {
    let metrics = reqwest::get(format!("{base}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let series =
        r#"estante_http_requests_total{method="POST",route="/api/v1/books",status="201"} "#;
    metrics
        .lines()
        .find_map(|line| line.strip_prefix(series))
        .map_or(0, |count| count.trim().parse().unwrap())
}

impl Tally {
    /// Books, ratings and readings whose creation returned success.
    fn created(&self) -> [u64; 3] {
        [&self.books, &self.ratings, &self.readings].map(|count| count.load(Ordering::SeqCst))
    }
}

/// Checks that the database has exactly `expected` books, ratings and readings.
async fn check_counts(database: &str, expected: [u64; 3]) {
    let books = count_rows(database, "SELECT count(*) FROM books").await;
    let ratings = count_rows(
        database,
        "SELECT count(*) FROM entries WHERE rating IS NOT NULL",
    )
    .await;
    let readings = count_rows(database, "SELECT count(*) FROM readings").await;
    assert_eq!(books, expected[0], "books");
    assert_eq!(ratings, expected[1], "ratings");
    assert_eq!(readings, expected[2], "readings");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_behind_haproxy() {
    let Some(haproxy) = haproxy_binary() else {
        eprintln!(
            "NOTE: replicas_behind_haproxy did not run: the haproxy binary is missing; \
             install it with `apt-get install -y haproxy`"
        );
        return;
    };
    let cluster = PgCluster::start();
    let database = cluster.url("postgres");
    let dir = tempfile::tempdir().unwrap();
    let dirs = [dir.path().join("a"), dir.path().join("b")];
    for replica_dir in &dirs {
        std::fs::create_dir(replica_dir).unwrap();
    }

    // Both replicas start on the empty database at the same moment.
    let mut replicas: Vec<ServerProcess> = dirs
        .iter()
        .map(|replica_dir| ServerProcess::launch(&database, free_port(), replica_dir))
        .collect();
    for replica in &mut replicas {
        replica.wait_listening();
    }
    for replica in &replicas {
        replica.wait_for_readyz(200, Duration::from_secs(60)).await;
    }
    let migrations_dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../backend/migrations/postgres");
    let migration_files = std::fs::read_dir(&migrations_dir)
        .unwrap()
        .filter(|entry| {
            entry
                .as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|ext| ext == "sql")
        })
        .count() as u64;
    assert_eq!(
        count_rows(
            &database,
            "SELECT count(*) FROM _sqlx_migrations WHERE success"
        )
        .await,
        migration_files,
        "each migration is recorded once"
    );
    assert_eq!(
        count_rows(&database, "SELECT count(*) FROM _sqlx_migrations").await,
        migration_files
    );
    for replica in &replicas {
        let log = replica.log();
        assert!(log.contains("migrations applied; ready"), "{log}");
        let errors = unexpected_errors(&log);
        assert!(
            errors.is_empty(),
            "a replica logged errors at start: {errors:#?}"
        );
    }

    let tokens: Vec<String> = (0..CLIENTS)
        .map(|client| add_user_with_cli(&database, &format!("reader{client}")))
        .collect();
    let proxy = Haproxy::start(&haproxy, dir.path(), &[replicas[0].port, replicas[1].port]);
    let base = format!("http://127.0.0.1:{}", proxy.port);
    estante_tests::process::wait_for_status(
        &format!("{base}/readyz"),
        200,
        Duration::from_secs(30),
    )
    .await;
    // Both replicas must be up in HAProxy before the steady load starts.
    tokio::time::sleep(Duration::from_millis(600)).await;

    let duration = load_duration();
    let (steady, _) = run_load(&base, &tokens, duration, None).await;
    eprintln!("steady load, {duration:?}: {steady:?}");
    assert_eq!(
        steady.errors.load(Ordering::SeqCst),
        0,
        "errors under steady load"
    );
    assert_eq!(
        steady.retries.load(Ordering::SeqCst),
        0,
        "retries under steady load"
    );
    check_counts(&database, steady.created()).await;
    for replica in &replicas {
        let served = books_created_by(&replica.base).await;
        eprintln!("{} created {served} books", replica.base);
        assert!(
            served > 0,
            "HAProxy sent no book creation to {}",
            replica.base
        );
    }

    let (restarted, restart_took) =
        run_load(&base, &tokens, duration, Some(&mut replicas[1])).await;
    eprintln!(
        "load with a replica restart, {duration:?}: {restarted:?}; the restart took {restart_took:?}"
    );
    assert_eq!(
        restarted.errors.load(Ordering::SeqCst),
        0,
        "errors during the restart"
    );
    let steady_created = steady.created();
    let restart_created = restarted.created();
    let expected: [u64; 3] = std::array::from_fn(|n| steady_created[n] + restart_created[n]);
    check_counts(&database, expected).await;
    for replica in &replicas {
        let errors = unexpected_errors(&replica.log());
        assert!(errors.is_empty(), "a replica logged errors: {errors:#?}");
    }
}
