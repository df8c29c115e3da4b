//! `estante-server` killed with SIGKILL in the middle of a large import, on both
//! backends: after a restart the library contains all of the file or none of it, and the
//! server becomes ready without help.
//!
//! The default variant imports a few thousand generated rows. Set
//! `ESTANTE_LONG_TESTS=1` for 100,000 rows.

#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use estante_tests::generate::goodreads_csv;
use estante_tests::process::{ServerProcess, add_user_with_cli, run_server_command};
use estante_tests::{Backend, TestDb};

/// Rows of the default variant: enough that applying them takes longer than
/// [`KILL_DELAY`] in a debug build.
const DEFAULT_ROWS: usize = 5_000;
const LONG_ROWS: usize = 100_000;

/// Time from the "import parsed; applying" log line to the SIGKILL.
const KILL_DELAY: Duration = Duration::from_millis(150);

fn long_tests() -> bool {
    std::env::var("ESTANTE_LONG_TESTS").is_ok_and(|value| value == "1")
}

async fn book_total(http: &reqwest::Client, base: &str, token: &str) -> i64 {
    let response = http
        .get(format!("{base}/api/v1/books?limit=1"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let page: serde_json::Value = response.json().await.unwrap();
    page["total"].as_i64().unwrap()
}

async fn crash_mid_import(backend: Backend) {
    let rows = if long_tests() {
        LONG_ROWS
    } else {
        DEFAULT_ROWS
    };
    let dir = tempfile::tempdir().unwrap();
    // The PostgreSQL database lives on the shared test cluster; only the estante
    // server is killed, never PostgreSQL.
    let test_db = TestDb::new(backend).await;
    let database = match backend {
        Backend::Sqlite => format!("sqlite://{}", dir.path().join("estante.db").display()),
        Backend::Postgres => test_db.url.clone(),
    };
    let token = add_user_with_cli(&database, "ana");
    let csv = goodreads_csv(rows, 42);
    let csv_path = dir.path().join("library.csv");
    std::fs::write(&csv_path, &csv).unwrap();

    let mut server = ServerProcess::start(&database, 0, dir.path());
    server.wait_for_readyz(200, Duration::from_secs(30)).await;
    let http = reqwest::Client::new();
    let upload = {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("library.csv"),
        );
        let request = http
            .post(format!("{}/api/v1/imports", server.base))
            .bearer_auth(&token)
            .multipart(form);
        tokio::spawn(async move { request.send().await.map(|response| response.status()) })
    };

    // A debug build parses about 2,000 rows a second on one busy core; the limit
    // allows for a slower machine.
    let parse_limit = Duration::from_secs(60 + rows as u64 / 200);
    let waiting = Instant::now();
    let marker = loop {
        let log = server.log();
        if let Some(line) = log
            .lines()
            .find(|line| line.contains("import parsed; applying"))
        {
            break line.to_string();
        }
        if upload.is_finished() {
            let outcome = upload.await.unwrap();
            panic!("the import returned {outcome:?} before it was applied:\n{log}");
        }
        assert!(
            waiting.elapsed() < parse_limit,
            "the server did not start applying the import within {parse_limit:?}:\n{log}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    tokio::time::sleep(KILL_DELAY).await;
    server.kill9();
    let killed_log = server.log();
    let outcome = upload.await.unwrap();
    assert!(
        outcome.is_err(),
        "the import returned {outcome:?} before the SIGKILL, so the kill did not hit the \
         transaction; raise DEFAULT_ROWS. Log:\n{killed_log}"
    );
    assert!(
        !killed_log.contains("import applied"),
        "the import finished before the SIGKILL:\n{killed_log}"
    );

    let restarted = Instant::now();
    server.restart();
    let ready_after = server.wait_for_readyz(200, Duration::from_secs(60)).await;
    // tower-http logs every 5xx at ERROR, including the 503 of `/readyz` while the
    // migrations run, so those lines are expected.
    let restart_log = server.log();
    let errors: Vec<&str> = restart_log
        .lines()
        .filter(|line| line.contains("ERROR") && !line.contains("Status code: 503"))
        .collect();
    assert!(
        errors.is_empty(),
        "the restarted server logged errors:\n{restart_log}"
    );
    let after_crash = book_total(&http, &server.base, &token).await;
    assert!(
        after_crash == 0 || after_crash == rows as i64,
        "after the crash the library has {after_crash} of {rows} books: a partial import"
    );
    eprintln!(
        "{backend:?}: {rows} rows parsed in {} ms, SIGKILL {KILL_DELAY:?} into the \
         transaction; ready {ready_after:?} after restart ({:?} with process start); \
         {after_crash} books afterwards",
        marker.split("parse_ms=").nth(1).unwrap_or("?").trim(),
        restarted.elapsed()
    );

    // The same file then imports completely through the CLI while the server runs,
    // which fails if the crash left a lock or a half-written page behind.
    if after_crash == 0 {
        let started = Instant::now();
        let summary = run_server_command(
            &database,
            &["import", "--user", "ana", csv_path.to_str().unwrap()],
            None,
        );
        eprintln!(
            "{backend:?}: reimport after the crash took {:?}: {}",
            started.elapsed(),
            summary.lines().next().unwrap_or("")
        );
    }
    assert_eq!(book_total(&http, &server.base, &token).await, rows as i64);
    assert!(server.terminate(), "the server did not stop cleanly");
}

estante_tests::both_backends! {
    killed_mid_import => crate::crash_mid_import;
}
