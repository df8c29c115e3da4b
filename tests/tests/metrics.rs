//! `/metrics` through HTTP: request counts by route template, latency histograms and
//! import rows, in the Prometheus text format.

#![allow(clippy::unwrap_used)]

use estante_tests::generate::goodreads_csv;
use estante_tests::{Backend, TestServer};

/// Returns the value of the sample whose name and labels are exactly `series`.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .find_map(|line| {
            let (name, value) = line.rsplit_once(' ')?;
            (name == series).then(|| value.parse().unwrap())
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_requests_and_imports() {
    let server = TestServer::start(Backend::Sqlite).await;
    let client = server.client("ana").await;
    for _ in 0..3 {
        assert_eq!(client.get("/api/v1/books/999999").await.status, 404);
    }
    assert_eq!(client.get("/api/v1/books").await.status, 200);
    assert_eq!(client.get("/no/such/route").await.status, 404);
    let upload = client
        .upload(
            "/api/v1/imports",
            goodreads_csv(25, 3).into_bytes(),
            Some("goodreads"),
        )
        .await;
    assert_eq!(upload.status, 200);
    let imported = upload.body["imported"].as_u64().unwrap() as f64;

    let reply = server.anonymous().get("/metrics").await;
    assert_eq!(reply.status, 200);
    let content_type = reply.headers["content-type"].to_str().unwrap();
    assert!(
        content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    let text = reply.text;

    let book_404 =
        r#"estante_http_requests_total{method="GET",route="/api/v1/books/{id}",status="404"}"#;
    assert_eq!(sample(&text, book_404), Some(3.0), "{text}");
    let list = r#"estante_http_requests_total{method="GET",route="/api/v1/books",status="200"}"#;
    assert_eq!(sample(&text, list), Some(1.0));
    let unmatched = r#"estante_http_requests_total{method="GET",route="unmatched",status="404"}"#;
    assert_eq!(sample(&text, unmatched), Some(1.0));
    assert!(
        !text.contains("/api/v1/books/999999"),
        "raw paths must not become labels"
    );

    let count = r#"estante_http_request_duration_seconds_count{route="/api/v1/books/{id}"}"#;
    assert_eq!(sample(&text, count), Some(3.0));
    let infinite =
        r#"estante_http_request_duration_seconds_bucket{route="/api/v1/books/{id}",le="+Inf"}"#;
    assert_eq!(sample(&text, infinite), Some(3.0));
    assert!(text.contains("# TYPE estante_http_request_duration_seconds histogram"));

    let imports = r#"estante_import_duration_seconds_count{format="goodreads"}"#;
    assert_eq!(sample(&text, imports), Some(1.0));
    let rows = r#"estante_import_rows_total{outcome="imported"}"#;
    assert_eq!(sample(&text, rows), Some(imported));
    assert!(imported > 0.0);
}

/// A server whose database is still migrating returns 503 to health checks and API
/// calls, so the load balancer sends it nothing, and opens once it is ready. The
/// schema here is migrated by a store that has not connected yet, as at a real start.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_ready_while_migrating() {
    let db = estante_tests::TestDb::new(Backend::Sqlite).await;
    let store = estante_backend::storage::connect(&db.url).await.unwrap();
    let state = estante_backend::api::AppState::new(store.clone()).not_ready();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (_stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(estante_backend::server::serve(
        listener,
        state.clone(),
        async {
            let _ = stopped.await;
        },
    ));
    let http = reqwest::Client::new();
    let get = |path: &'static str| {
        let request = http.get(format!("{base}{path}"));
        async move { request.send().await.unwrap() }
    };

    assert_eq!(get("/healthz").await.status(), 200);
    let readyz = get("/readyz").await;
    assert_eq!(readyz.status(), 503);
    assert!(
        readyz
            .text()
            .await
            .unwrap()
            .contains("applying its migrations")
    );
    let books = get("/api/v1/books").await;
    assert_eq!(books.status(), 503);
    assert_eq!(books.headers()["content-type"], "application/problem+json");

    store.migrate().await.unwrap();
    state.set_ready();
    assert_eq!(get("/readyz").await.status(), 200);
    assert_eq!(get("/api/v1/books").await.status(), 401);
}
