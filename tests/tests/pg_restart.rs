//! PostgreSQL stopped and started again under a running `estante-server`: `/readyz`
//! turns 503 while the database is away and 200 once it is back, and API requests
//! succeed again without restarting the server.
//!
//! The test owns its PostgreSQL cluster, because stopping the shared test cluster
//! would break the tests that run beside it. PostgreSQL stays down 1 s after
//! `/readyz` turns 503 by default, and 12 s with `ESTANTE_LONG_TESTS=1`.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use estante_tests::process::{PgCluster, ServerProcess, add_user_with_cli};
use serde_json::json;

/// Time PostgreSQL stays down after `/readyz` turns 503, by default and with
/// `ESTANTE_LONG_TESTS=1`. The long one outlasts the pool's 10 s acquire timeout.
const OUTAGE_SHORT: Duration = Duration::from_secs(1);
const OUTAGE_LONG: Duration = Duration::from_secs(12);

fn long_tests() -> bool {
    std::env::var("ESTANTE_LONG_TESTS").is_ok_and(|value| value == "1")
}

/// Outcomes of the client loop's requests.
#[derive(Debug, Default)]
struct Tally {
    succeeded: AtomicU64,
    books_created: AtomicU64,
    /// Book creations that failed, which may or may not have committed.
    creates_failed: AtomicU64,
    /// Responses with status 503, which tell the client to retry.
    unavailable: AtomicU64,
    /// Other 5xx responses, which a client cannot tell from a bug.
    server_errors: AtomicU64,
    connection_errors: AtomicU64,
}

/// Lists books and creates one, over and over, until `stop` is set.
async fn client_loop(base: String, token: String, stop: Arc<AtomicBool>, tally: Arc<Tally>) {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .build()
        .unwrap();
    let mut n = 0;
    while !stop.load(Ordering::SeqCst) {
        n += 1;
        let listed = http
            .get(format!("{base}/api/v1/books?limit=5"))
            .bearer_auth(&token)
            .send()
            .await;
        count(&tally, &listed, false);
        let created = http
            .post(format!("{base}/api/v1/books"))
            .bearer_auth(&token)
            .json(&json!({"title": format!("Outage {n}"), "contributors": [{"name": "Ana Silva", "role": "author"}]}))
            .send()
            .await;
        count(&tally, &created, true);
        if listed.is_err() || created.is_err() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

fn count(tally: &Tally, outcome: &reqwest::Result<reqwest::Response>, create: bool) {
    match outcome {
        Ok(response) if response.status().is_success() => {
            tally.succeeded.fetch_add(1, Ordering::SeqCst);
            if create {
                tally.books_created.fetch_add(1, Ordering::SeqCst);
            }
        }
        Ok(response) => {
            assert!(
                response.status().is_server_error(),
                "unexpected status {}",
                response.status()
            );
            if response.status() == reqwest::StatusCode::SERVICE_UNAVAILABLE {
                tally.unavailable.fetch_add(1, Ordering::SeqCst);
            } else {
                tally.server_errors.fetch_add(1, Ordering::SeqCst);
            }
            if create {
                tally.creates_failed.fetch_add(1, Ordering::SeqCst);
            }
        }
        Err(_) => {
            tally.connection_errors.fetch_add(1, Ordering::SeqCst);
            if create {
                tally.creates_failed.fetch_add(1, Ordering::SeqCst);
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_recovers_after_postgres_restart() {
    let cluster = PgCluster::start();
    let database = cluster.url("postgres");
    let dir = tempfile::tempdir().unwrap();
    let token = add_user_with_cli(&database, "ana");
    let server = ServerProcess::start(&database, 0, dir.path());
    server.wait_for_readyz(200, Duration::from_secs(30)).await;

    let stop = Arc::new(AtomicBool::new(false));
    let tally = Arc::new(Tally::default());
    let load = tokio::spawn(client_loop(
        server.base.clone(),
        token.clone(),
        stop.clone(),
        tally.clone(),
    ));
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before_outage = tally.succeeded.load(Ordering::SeqCst);
    assert!(before_outage > 0, "no request succeeded before the outage");

    let stopped = Instant::now();
    cluster.stop_fast();
    let unready_after = server.wait_for_readyz(503, Duration::from_secs(30)).await;

    // A Prometheus scrape gives up after 10 s by default. /metrics waited for a pool
    // connection that long while the database was away, so the scrape failed and
    // lost the request counters too. It now responds without the queue depth.
    let scrape = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
        .get(format!("{}/metrics", server.base))
        .send()
        .await
        .expect("/metrics answers within a scrape's timeout while the database is away");
    assert_eq!(scrape.status(), 200);
    let text = scrape.text().await.unwrap();
    assert!(text.contains("estante_http_requests_total"), "{text}");
    assert!(!text.contains("estante_report_queue_depth "), "{text}");

    let outage_hold = if long_tests() {
        OUTAGE_LONG
    } else {
        OUTAGE_SHORT
    };
    tokio::time::sleep(outage_hold).await;
    let during_outage = tally.succeeded.load(Ordering::SeqCst);

    cluster.start_server();
    let started = Instant::now();
    let ready_after = server.wait_for_readyz(200, Duration::from_secs(60)).await;
    let outage = stopped.elapsed();

    // Requests must succeed again: wait for the loop to make progress, then stop it.
    let recovered = tally.succeeded.load(Ordering::SeqCst);
    let deadline = Instant::now() + Duration::from_secs(30);
    while tally.succeeded.load(Ordering::SeqCst) < recovered + 50 {
        assert!(
            Instant::now() < deadline,
            "requests did not succeed again within 30 s of PostgreSQL restarting: {tally:?}\n{}",
            server.log()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let requests_recovered_after = started.elapsed();
    let errors_before_stop = (
        tally.unavailable.load(Ordering::SeqCst),
        tally.server_errors.load(Ordering::SeqCst),
        tally.connection_errors.load(Ordering::SeqCst),
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::SeqCst);
    load.await.unwrap();
    // Once recovered, no request fails any more.
    assert_eq!(
        (
            tally.unavailable.load(Ordering::SeqCst),
            tally.server_errors.load(Ordering::SeqCst),
            tally.connection_errors.load(Ordering::SeqCst)
        ),
        errors_before_stop,
        "requests failed after recovery"
    );
    // Only the long outage outlasts the pool's 10 s acquire timeout, which makes a
    // 503 certain. In the short one, requests mostly wait for PostgreSQL.
    if long_tests() {
        assert!(
            tally.unavailable.load(Ordering::SeqCst) > 0,
            "no request returned 503 during a {OUTAGE_LONG:?} outage: {tally:?}"
        );
    }
    assert_eq!(
        tally.server_errors.load(Ordering::SeqCst),
        0,
        "requests failed with a status other than 503 while PostgreSQL was down: {tally:?}"
    );
    assert_eq!(
        tally.connection_errors.load(Ordering::SeqCst),
        0,
        "the server dropped connections instead of returning errors"
    );

    // Every creation that returned success is stored. Failed ones may or may
    // not have committed.
    let http = reqwest::Client::new();
    let page: serde_json::Value = http
        .get(format!("{}/api/v1/books?limit=1", server.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let stored = page["total"].as_u64().unwrap();
    let created = tally.books_created.load(Ordering::SeqCst);
    let failed = tally.creates_failed.load(Ordering::SeqCst);
    assert!(
        stored >= created && stored <= created + failed,
        "{stored} books stored, {created} creations succeeded, {failed} failed"
    );
    eprintln!(
        "PostgreSQL down {outage:?} in all; /readyz 503 after {unready_after:?}, 200 again \
         {ready_after:?} after start, requests succeed again {requests_recovered_after:?} \
         after start; {before_outage} requests succeeded before the stop and {} during the \
         outage; totals {tally:?}; {stored} books stored",
        during_outage - before_outage
    );
}

/// A server started while PostgreSQL is down listens, returns 503 from `/readyz`,
/// and migrates and becomes ready once PostgreSQL starts, as after a host reboot
/// that starts the server before the database.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_waits_for_postgres_at_start() {
    let cluster = PgCluster::start();
    let database = cluster.url("postgres");
    let dir = tempfile::tempdir().unwrap();
    cluster.stop_fast();

    let mut server = ServerProcess::start(&database, 0, dir.path());
    let unready_after = server.wait_for_readyz(503, Duration::from_secs(30)).await;
    server.wait_for_log("retrying the migrations", Duration::from_secs(30));
    cluster.start_server();
    let ready_after = server.wait_for_readyz(200, Duration::from_secs(60)).await;

    let token = add_user_with_cli(&database, "ana");
    let books = reqwest::Client::new()
        .get(format!("{}/api/v1/books", server.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(books.status(), 200);
    eprintln!(
        "/readyz 503 {unready_after:?} after listening; 200 {ready_after:?} after PostgreSQL \
         started"
    );
    assert!(server.terminate(), "the server did not stop cleanly");
}
