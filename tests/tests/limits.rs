//! Errors that the router and the body limits produce before any handler runs get the
//! same `application/problem+json` body as handler errors, and write nothing.

#![allow(clippy::unwrap_used)]

use estante_tests::{Backend, Client, Reply, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::json;

/// Sends `body` as it is, with `content_type`, so the test controls the bytes.
async fn send_raw(
    client: &Client,
    method: Method,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> Reply {
    let request = client
        .http
        .request(method, format!("{}{path}", client.base))
        .bearer_auth(client.token.as_ref().unwrap())
        .header("content-type", content_type)
        .body(body);
    Client::reply(request.send().await.unwrap()).await
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
            .contains("2097152 bytes"),
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
