//! Errors that the router and the body limits produce before any handler runs get the
//! same `application/problem+json` body as handler errors, and write nothing; a
//! connection that never finishes its request headers is closed.

#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use estante_backend::api::AppState;
use estante_backend::server::{ConnectionLimits, serve_with_limits};
use estante_tests::{Backend, Client, Reply, TestDb, TestServer};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Sends `body` as it is, with `content_type`, over a connection of its own, and
/// reads the response while the body is still being written.
///
/// The server responds 413 as soon as it finds a body too large and then closes
/// the connection without reading the rest. A client that writes the whole body
/// before it reads, as reqwest does, can then fail with a broken pipe, and that
/// depends on timing. Reading at the same time always gets the answer.
async fn send_raw(
    client: &Client,
    method: Method,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> Reply {
    let address = client.base.trim_start_matches("http://").to_string();
    let stream = TcpStream::connect(&address).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nhost: {address}\r\nauthorization: Bearer {}\r\n\
         content-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        client.token.as_ref().unwrap(),
        body.len()
    );
    let sending = tokio::spawn(async move {
        // The server may close before the whole body is written: that is the case
        // under test, so a failed write is expected here.
        if writer.write_all(head.as_bytes()).await.is_ok() {
            let _ = writer.write_all(&body).await;
        }
        // Dropping the write half would send FIN, and hyper closes a connection
        // whose client has stopped sending without a response. Hold it until the
        // response is read and the task is aborted.
        std::future::pending::<()>().await;
        drop(writer);
    });

    let mut raw = Vec::new();
    let mut chunk = [0_u8; 8192];
    let reply = loop {
        if let Some(reply) = parse_response(&raw) {
            break reply;
        }
        match reader.read(&mut chunk).await {
            Ok(0) => panic!("{method} {path}: connection closed before a whole answer: {raw:?}"),
            Ok(read) => raw.extend_from_slice(&chunk[..read]),
            Err(error) => {
                panic!("{method} {path}: reading the answer failed: {error}; read so far: {raw:?}")
            }
        }
    };
    sending.abort();
    reply
}

/// Parses an HTTP/1.1 response with a `content-length`, or returns `None` while
/// `raw` does not hold all of it yet.
fn parse_response(raw: &[u8]) -> Option<Reply> {
    let end = raw.windows(4).position(|window| window == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).unwrap();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let code: u16 = status_line.split(' ').nth(1).unwrap().parse().unwrap();

    let mut headers = HeaderMap::new();
    for line in lines {
        let (name, value) = line.split_once(':').unwrap();
        headers.append(
            HeaderName::from_bytes(name.trim().as_bytes()).unwrap(),
            HeaderValue::from_str(value.trim()).unwrap(),
        );
    }
    let length: usize = headers["content-length"].to_str().unwrap().parse().unwrap();
    let body = raw.get(end + 4..end + 4 + length)?;
    let text = String::from_utf8(body.to_vec()).unwrap();
    Some(Reply {
        status: StatusCode::from_u16(code).unwrap(),
        headers,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    })
}

fn assert_problem(reply: &Reply, status: StatusCode, field: Option<&str>) {
    assert_eq!(reply.status, status, "{}", reply.text);
    assert_eq!(
        reply.headers["content-type"], "application/problem+json",
        "{}",
        reply.text
    );
    assert_eq!(reply.body["status"], status.as_u16(), "{}", reply.text);
    let detail = reply.body["detail"].as_str().unwrap();
    assert!(!detail.is_empty(), "{}", reply.text);
    assert_eq!(reply.body["field"].as_str(), field, "{}", reply.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversize_bodies_get_413_problems() {
    let server = TestServer::start(Backend::Sqlite).await;
    let ana = server.client("ana").await;
    let book = ana
        .post("/api/v1/books", json!({"title": "Unchanged"}))
        .await;
    let id = book.body["id"].as_i64().unwrap();

    // A JSON body over axum's 2 MiB extractor limit, on a route with no limit of its own.
    let long_title = "a".repeat(3 * 1024 * 1024);
    let body = serde_json::to_vec(&json!({ "title": long_title })).unwrap();
    let created = send_raw(
        &ana,
        Method::POST,
        "/api/v1/books",
        "application/json",
        body.clone(),
    )
    .await;
    assert_problem(&created, StatusCode::PAYLOAD_TOO_LARGE, Some("body"));
    assert!(
        created.body["detail"]
            .as_str()
            .unwrap()
            .contains("2,097,152 bytes"),
        "{}",
        created.text
    );

    let updated = send_raw(
        &ana,
        Method::PUT,
        &format!("/api/v1/books/{id}"),
        "application/json",
        body,
    )
    .await;
    assert_problem(&updated, StatusCode::PAYLOAD_TOO_LARGE, Some("body"));

    // A cover over its 2 MiB limit, starting like a real PNG.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.resize(2 * 1024 * 1024 + 1, 0);
    let cover = send_raw(
        &ana,
        Method::PUT,
        &format!("/api/v1/books/{id}/cover"),
        "image/png",
        png,
    )
    .await;
    assert_problem(&cover, StatusCode::PAYLOAD_TOO_LARGE, Some("body"));
    let detail = cover.body["detail"].as_str().unwrap();
    assert!(
        detail.contains("request body is larger than 2,097,152 bytes"),
        "{detail}"
    );

    let books = ana.get("/api/v1/books").await;
    assert_eq!(books.body["items"].as_array().unwrap().len(), 1);
    let stored = ana.get(&format!("/api/v1/books/{id}")).await;
    assert_eq!(stored.body["title"], "Unchanged");
    assert_eq!(stored.body["version"], 1);
    let no_cover = ana.get(&format!("/api/v1/books/{id}/cover")).await;
    assert_eq!(no_cover.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_method_gets_405_problem_with_allow() {
    let server = TestServer::start(Backend::Sqlite).await;
    let ana = server.client("ana").await;

    let reply = ana.send(Method::DELETE, "/api/v1/books", None, None).await;

    assert_problem(&reply, StatusCode::METHOD_NOT_ALLOWED, None);
    let allow = reply.headers["allow"].to_str().unwrap();
    assert!(allow.contains("GET"), "{allow}");
    assert!(allow.contains("POST"), "{allow}");
    assert!(
        reply.body["detail"]
            .as_str()
            .unwrap()
            .contains("DELETE is not allowed on /api/v1/books"),
        "{}",
        reply.text
    );
}

/// Starts a server on its own SQLite database with `limits`, and returns the database
/// (kept for the server's lifetime), the address, the sender that stops the server,
/// and its task.
async fn start_server(
    limits: ConnectionLimits,
) -> (
    TestDb,
    std::net::SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<std::io::Result<()>>,
) {
    let db = TestDb::new(Backend::Sqlite).await;
    let store = db.open().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve_with_limits(
        listener,
        AppState::new(store),
        async {
            let _ = stopped.await;
        },
        limits,
    ));
    (db, address, stop, server)
}

/// Sends `GET /healthz` on a connection of its own and returns the whole response.
async fn get_health(address: std::net::SocketAddr) -> String {
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nhost: estante\r\nconnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

/// A connection that never finishes its request headers, or never sends a byte, is
/// closed once the header timeout has passed, so such connections cannot pile up. A
/// connection that sends its request in time is served.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_headers_closed_after_timeout() {
    let header_timeout = Duration::from_millis(500);
    let limits = ConnectionLimits {
        header_read_timeout: header_timeout,
        ..ConnectionLimits::default()
    };
    let (_db, address, stop, server) = start_server(limits).await;

    let mut slow = TcpStream::connect(address).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nhost: estante\r\n")
        .await
        .unwrap();
    let mut silent = TcpStream::connect(address).await.unwrap();
    let started = Instant::now();

    let answer = get_health(address).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    // The server closes both connections: each read ends, with end of file or a
    // reset, instead of waiting for the rest of the request.
    for (name, stream) in [("unfinished headers", &mut slow), ("no bytes", &mut silent)] {
        let mut rest = Vec::new();
        let closed =
            tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut rest)).await;
        assert!(
            closed.is_ok(),
            "a connection with {name} was still open after 10 s"
        );
        let waited = started.elapsed();
        assert!(
            waited >= header_timeout - Duration::from_millis(100),
            "the connection with {name} closed after {waited:?}, before the header \
             timeout of {header_timeout:?}"
        );
    }

    let _ = stop.send(());
    server.await.unwrap().unwrap();
}

/// Stopping the server closes a kept-alive connection that is waiting for its next
/// request, instead of waiting for the client or the header timeout to close it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_closes_idle_connections() {
    let limits = ConnectionLimits {
        header_read_timeout: Duration::from_secs(600),
        ..ConnectionLimits::default()
    };
    let (_db, address, stop, server) = start_server(limits).await;

    let mut idle = TcpStream::connect(address).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nhost: estante\r\n\r\n")
        .await
        .unwrap();
    let mut answer = vec![0; 4096];
    let read = idle.read(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    let _ = stop.send(());
    let finished = tokio::time::timeout(Duration::from_secs(10), server).await;
    assert!(
        finished.is_ok(),
        "the server had not stopped 10 s after the signal, with an idle connection open"
    );
    let mut rest = Vec::new();
    assert_eq!(idle.read_to_end(&mut rest).await.unwrap(), 0);
}

/// A stopping server waits for its connections only as long as the shutdown grace
/// period, and then closes them. A connection with unfinished headers would
/// otherwise keep the process running until the header timeout, however long that is.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_cuts_connections_after_grace() {
    let limits = ConnectionLimits {
        header_read_timeout: Duration::from_secs(600),
        shutdown_grace: Duration::from_millis(500),
    };
    let (_db, address, stop, server) = start_server(limits).await;

    let mut slow = TcpStream::connect(address).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nhost: estante\r\n")
        .await
        .unwrap();
    // A request served on a second connection shows that the server has accepted
    // the first, so the stop finds it open.
    let answer = get_health(address).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    let stopping = Instant::now();
    let _ = stop.send(());
    let finished = tokio::time::timeout(Duration::from_secs(10), server).await;
    assert!(
        finished.is_ok(),
        "the server had not stopped 10 s after the signal, with a grace period of 0.5 s"
    );
    finished.unwrap().unwrap().unwrap();
    assert!(
        stopping.elapsed() >= limits.shutdown_grace - Duration::from_millis(100),
        "the server stopped after {:?}, before its grace period",
        stopping.elapsed()
    );

    // The connection is closed when the server returns, not left to its task.
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(2), slow.read_to_end(&mut rest)).await;
    assert!(
        closed.is_ok(),
        "the connection with unfinished headers was still open after the server stopped"
    );
}
