//! One user never reaches another user's library through the API, and a call without
//! a valid token reaches no library. The served OpenAPI document drives both tables, so an
//! operation added to the API without a case here fails these tests.

#![allow(clippy::unwrap_used)]

use estante_tests::generate::goodreads_csv;
use estante_tests::{Backend, Client, Reply, TestServer, both_backends};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

both_backends! {
    other_users_get_404 => crate::other_users_get_404;
    anonymous_calls_get_401 => crate::anonymous_calls_get_401;
    concurrent_callers_keep_their_libraries => crate::concurrent_callers_keep_their_libraries;
}

/// Text that only the first user's objects contain; no reply to anyone else may
/// contain it.
const SECRET: &str = "Private Ledger";

/// Operations that need no token: login, which checks the name and password it gets.
const PUBLIC: &[(&str, &str)] = &[("POST", "/api/v1/tokens")];

/// A whole PNG image, which the server takes as a cover.
const PNG: &[u8] = include_bytes!("../../tui/tests/fixtures/cover.png");

/// The ids of the first user's objects.
struct Library {
    book: i64,
    reading: i64,
    shelf: i64,
    tag: i64,
    report: i64,
    /// The id of the token the first user's requests carry.
    token: i64,
}

impl Library {
    /// `template` with each path parameter replaced by the id of the matching object.
    fn path(&self, template: &str) -> String {
        let first = if template.starts_with("/api/v1/books/") {
            self.book
        } else if template.starts_with("/api/v1/readings/") {
            self.reading
        } else if template.starts_with("/api/v1/shelves/") {
            self.shelf
        } else if template.starts_with("/api/v1/tags/") {
            self.tag
        } else if template.starts_with("/api/v1/reports/") {
            self.report
        } else if template.starts_with("/api/v1/tokens/") {
            self.token
        } else {
            panic!("{template}: no object of the first user fits its {{id}}")
        };
        template
            .replace("{id}", &first.to_string())
            .replace("{book_id}", &self.book.to_string())
    }
}

/// A request body of the kind an operation expects.
enum Body {
    None,
    Json(Value),
    Png,
    Import,
}

/// Returns a body that the operation accepts from the owner, so that a leak to another
/// user cannot hide behind a 422 for the body.
fn body_for(method: &Method, template: &str) -> Body {
    match (method.as_str(), template) {
        ("PUT", "/api/v1/books/{id}") => Body::Json(json!({"title": "Mine now"})),
        ("PATCH", "/api/v1/books/{id}/entry") => Body::Json(json!({"rating": 1})),
        ("POST", "/api/v1/books/{id}/merge") => Body::Json(json!({"from": 1})),
        ("PUT", "/api/v1/books/{id}/cover") => Body::Png,
        ("POST", "/api/v1/books/{id}/readings") | ("PUT", "/api/v1/readings/{id}") => {
            Body::Json(json!({}))
        }
        ("PATCH", "/api/v1/shelves/{id}") | ("PATCH", "/api/v1/tags/{id}") => {
            Body::Json(json!({"name": "taken over"}))
        }
        ("POST", "/api/v1/books") => Body::Json(json!({"title": "Bia's book"})),
        ("POST", "/api/v1/shelves") | ("POST", "/api/v1/tags") => {
            Body::Json(json!({"name": "ana's shelf"}))
        }
        ("POST", "/api/v1/reports") => Body::Json(json!({"year": 2024, "format": "markdown"})),
        ("POST", "/api/v1/imports") => Body::Import,
        ("POST", "/api/v1/tokens") => Body::Json(json!({"name": "ana", "password": "wrong"})),
        _ => Body::None,
    }
}

/// Sends one call with `If-Match: "1"`, which the first user's objects all carry.
async fn call(client: &Client, method: Method, path: &str, body: Body) -> Reply {
    let mut request = client
        .http
        .request(method, format!("{}{path}", client.base))
        .header("If-Match", "\"1\"");
    if let Some(token) = &client.token {
        request = request.bearer_auth(token);
    }
    request = match body {
        Body::None => request,
        Body::Json(value) => request.json(&value),
        Body::Png => request.header("content-type", "image/png").body(PNG),
        Body::Import => request.multipart(
            reqwest::multipart::Form::new().part(
                "file",
                reqwest::multipart::Part::bytes(goodreads_csv(1, 11).into_bytes())
                    .file_name("goodreads_library_export.csv"),
            ),
        ),
    };
    Client::reply(request.send().await.unwrap()).await
}

/// Lists every (method, path template) of the served OpenAPI document, reads first.
async fn operations(client: &Client) -> Vec<(Method, String, Value)> {
    let document = client.get("/api/v1/openapi.json").await.body;
    let mut operations = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            operations.push((method, path.clone(), operation.clone()));
        }
    }
    operations.sort_by_key(|(method, path, _)| (*method != Method::GET, path.clone()));
    assert!(operations.len() > 30, "{} operations", operations.len());
    operations
}

/// Checks that a call was rejected with `status` as a problem and leaked nothing.
fn assert_rejected(reply: &Reply, status: StatusCode, label: &str) {
    assert_eq!(reply.status, status, "{label}: {}", reply.text);
    assert_eq!(
        reply.headers["content-type"], "application/problem+json",
        "{label}"
    );
    assert!(
        !reply.text.contains(SECRET),
        "{label} leaked: {}",
        reply.text
    );
}

/// Creates one of each kind of object for `ana`, all named with [`SECRET`].
async fn fill_library(ana: &Client) -> Library {
    let book = ana
        .post(
            "/api/v1/books",
            json!({"title": SECRET, "contributors": [{"name": "Ana Author", "role": "author"}], "pages": 320}),
        )
        .await;
    assert_eq!(book.status, StatusCode::CREATED, "{}", book.text);
    let book = book.body["id"].as_i64().unwrap();
    let entry = call(
        ana,
        Method::PATCH,
        &format!("/api/v1/books/{book}/entry"),
        Body::Json(json!({"rating": 4.5, "review": SECRET})),
    )
    .await;
    assert_eq!(entry.status, StatusCode::OK, "{}", entry.text);
    let reading = ana
        .post(
            &format!("/api/v1/books/{book}/readings"),
            json!({"started": "2024-01-02", "finished": "2024-02-03"}),
        )
        .await;
    assert_eq!(reading.status, StatusCode::CREATED, "{}", reading.text);
    let shelf = ana
        .post("/api/v1/shelves", json!({"name": "ana's shelf"}))
        .await;
    let tag = ana.post("/api/v1/tags", json!({"name": "ana's tag"})).await;
    let (shelf, tag) = (
        shelf.body["id"].as_i64().unwrap(),
        tag.body["id"].as_i64().unwrap(),
    );
    for path in [
        format!("/api/v1/shelves/{shelf}/books/{book}"),
        format!("/api/v1/tags/{tag}/books/{book}"),
    ] {
        let attached = call(ana, Method::PUT, &path, Body::None).await;
        assert!(attached.status.is_success(), "{path}: {}", attached.text);
    }
    let cover = call(
        ana,
        Method::PUT,
        &format!("/api/v1/books/{book}/cover"),
        Body::Png,
    )
    .await;
    assert_eq!(cover.status, StatusCode::NO_CONTENT, "{}", cover.text);
    let report = ana
        .post(
            "/api/v1/reports",
            json!({"year": 2024, "format": "markdown"}),
        )
        .await;
    assert_eq!(report.status, StatusCode::ACCEPTED, "{}", report.text);

    let tokens = ana.get("/api/v1/tokens").await;
    assert_eq!(tokens.status, StatusCode::OK, "{}", tokens.text);

    Library {
        book,
        reading: reading.body["id"].as_i64().unwrap(),
        shelf,
        tag,
        report: report.body["id"].as_i64().unwrap(),
        token: tokens.body[0]["id"].as_i64().unwrap(),
    }
}

/// Reads everything `ana` can see of her library, to compare before and after another
/// user's calls.
async fn ana_view(ana: &Client, library: &Library) -> Vec<String> {
    let mut view = Vec::new();
    for path in [
        format!("/api/v1/books/{}", library.book),
        format!("/api/v1/readings/{}", library.reading),
        format!("/api/v1/shelves/{}", library.shelf),
        format!("/api/v1/tags/{}", library.tag),
        format!("/api/v1/books/{}/cover", library.book),
        "/api/v1/books".to_string(),
        "/api/v1/shelves".to_string(),
        "/api/v1/tags".to_string(),
        "/api/v1/stats".to_string(),
        "/api/v1/tokens".to_string(),
    ] {
        let reply = ana.get(&path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text);
        view.push(format!("{path}: {}", reply.text));
    }
    view
}

async fn other_users_get_404(backend: Backend) {
    let server = TestServer::start(backend).await;
    let ana = server.client("ana").await;
    let bia = server.client("bia").await;
    let cid = server.client("cid").await;
    let library = fill_library(&ana).await;
    let before = ana_view(&ana, &library).await;

    for (method, template, _) in operations(&ana).await {
        let label = format!("{method} {template}");
        if template.contains('{') {
            let path = library.path(&template);
            let body = body_for(&method, &template);
            let reply = call(&bia, method, &path, body).await;
            assert_rejected(&reply, StatusCode::NOT_FOUND, &label);
            continue;
        }

        // Logging out revokes the caller's own token, which the calls after this
        // one still need, so a user of its own logs out here.
        if (method.as_str(), template.as_str()) == ("DELETE", "/api/v1/tokens/current") {
            let dee = server.client("dee").await;
            let reply = call(&dee, method, &template, Body::None).await;
            assert_eq!(
                reply.status,
                StatusCode::NO_CONTENT,
                "{label}: {}",
                reply.text
            );
            assert_rejected(
                &dee.get("/api/v1/me").await,
                StatusCode::UNAUTHORIZED,
                &label,
            );
            assert_eq!(
                ana.get("/api/v1/me").await.status,
                StatusCode::OK,
                "{label}"
            );
            continue;
        }

        if template == "/api/v1/export" {
            for format in ["goodreads", "archive"] {
                let path = format!("{template}?format={format}");
                let reply = bia.get(&path).await;
                assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text);
                assert!(
                    !reply.text.contains(SECRET),
                    "{path} leaked: {}",
                    reply.text
                );
                assert!(!reply.text.contains("Ana Author"), "{path} leaked");
            }
            continue;
        }
        let body = body_for(&method, &template);
        let reply = call(&bia, method.clone(), &template, body).await;
        assert!(
            !reply.text.contains(SECRET),
            "{label} leaked: {}",
            reply.text
        );
        match (method.as_str(), template.as_str()) {
            // Reads of a whole collection return what a user with an empty library gets.
            ("GET", "/api/v1/books" | "/api/v1/shelves" | "/api/v1/tags" | "/api/v1/stats") => {
                let empty = cid.get(&template).await;
                assert_eq!(reply.status, StatusCode::OK, "{label}: {}", reply.text);
                assert_eq!(reply.text, empty.text, "{label}");
            }
            ("GET", "/api/v1/me") => {
                assert_eq!(reply.body["name"], "bia", "{label}: {}", reply.text);
            }
            // Only the caller's own token, never the first user's.
            ("GET", "/api/v1/tokens") => {
                assert_eq!(reply.status, StatusCode::OK, "{label}: {}", reply.text);
                let tokens = reply.body.as_array().unwrap();
                assert_eq!(tokens.len(), 1, "{label}: {}", reply.text);
                assert_ne!(tokens[0]["id"], library.token, "{label}");
                assert_eq!(tokens[0]["current"], true, "{label}");
            }
            // Creations land in the caller's own library; names are per user.
            ("POST", "/api/v1/books" | "/api/v1/shelves" | "/api/v1/tags") => {
                assert_eq!(reply.status, StatusCode::CREATED, "{label}: {}", reply.text);
            }
            ("POST", "/api/v1/reports") => {
                assert_eq!(
                    reply.status,
                    StatusCode::ACCEPTED,
                    "{label}: {}",
                    reply.text
                );
                assert_ne!(reply.body["id"], library.report, "{label}");
            }
            ("POST", "/api/v1/imports") => {
                assert_eq!(reply.status, StatusCode::OK, "{label}: {}", reply.text);
                assert_eq!(reply.body["imported"], 1, "{label}: {}", reply.text);
            }
            // Login checks the credentials in its body, so a wrong password gets 401.
            ("POST", "/api/v1/tokens") => {
                assert_eq!(
                    reply.status,
                    StatusCode::UNAUTHORIZED,
                    "{label}: {}",
                    reply.text
                );
            }
            _ => panic!("{label}: no isolation case; add one to this table"),
        }
    }

    let after = ana_view(&ana, &library).await;
    assert_eq!(
        before, after,
        "another user's calls changed the first library"
    );
    let report = ana
        .get(&format!("/api/v1/reports/{}", library.report))
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.text);
    let theirs = bia.get("/api/v1/books").await;
    let titles: Vec<&str> = theirs.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|book| book["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles.contains(&"Bia's book"), "{titles:?}");
}

async fn anonymous_calls_get_401(backend: Backend) {
    let server = TestServer::start(backend).await;
    let ana = server.client("ana").await;
    let library = fill_library(&ana).await;
    let before = ana_view(&ana, &library).await;
    let anonymous = server.anonymous();
    let mut forged = server.anonymous();
    forged.token = Some("est_not-a-real-token".to_string());

    let mut public = Vec::new();
    for (method, template, operation) in operations(&ana).await {
        let label = format!("{method} {template}");
        let secured = operation["security"]
            .as_array()
            .is_some_and(|requirements| !requirements.is_empty());
        if !secured {
            public.push(label);
            continue;
        }
        let path = if template.contains('{') {
            library.path(&template)
        } else {
            template.clone()
        };
        for client in [&anonymous, &forged] {
            let body = body_for(&method, &template);
            let reply = call(client, method.clone(), &path, body).await;
            assert_rejected(&reply, StatusCode::UNAUTHORIZED, &label);
        }
    }

    let expected: Vec<String> = PUBLIC
        .iter()
        .map(|(method, path)| format!("{method} {path}"))
        .collect();
    assert_eq!(public, expected, "operations that need no token");
    assert_eq!(before, ana_view(&ana, &library).await);
}

/// Requests that arrive while a token lookup runs share the next lookup statement.
/// Under a burst of requests from many users, each must still get its own library,
/// and a token that names no one must still get 401. Bursts repeat until the server
/// counts a shared statement, so the shared path is the one under test.
async fn concurrent_callers_keep_their_libraries(backend: Backend) {
    let server = TestServer::start(backend).await;
    let mut clients = Vec::new();
    for index in 0..6 {
        let client = server.client(&format!("reader{index}")).await;
        let title = format!("Only for reader{index}");
        let created = client
            .post("/api/v1/books", json!({ "title": title }))
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
        clients.push(client);
    }
    let mut stranger = server.anonymous();
    stranger.token = Some("not-a-token-anyone-holds".to_string());
    clients.push(stranger);

    for burst in 1..=20 {
        let mut requests = tokio::task::JoinSet::new();
        for round in 0..8 {
            for client in &clients {
                let client = client.clone();
                let path = if round % 2 == 0 {
                    "/api/v1/me"
                } else {
                    "/api/v1/books"
                };
                requests
                    .spawn(async move { (client.user.name.clone(), path, client.get(path).await) });
            }
        }
        while let Some(answer) = requests.join_next().await {
            let (name, path, reply) = answer.unwrap();
            if name.is_empty() {
                assert_eq!(
                    reply.status,
                    StatusCode::UNAUTHORIZED,
                    "{path}: {}",
                    reply.text
                );
            } else if path == "/api/v1/me" {
                assert_eq!(
                    reply.status,
                    StatusCode::OK,
                    "{name} {path}: {}",
                    reply.text
                );
                assert_eq!(reply.body["name"], name.as_str(), "{}", reply.text);
            } else {
                assert_eq!(
                    reply.status,
                    StatusCode::OK,
                    "{name} {path}: {}",
                    reply.text
                );
                let titles: Vec<&str> = reply.body["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|book| book["title"].as_str().unwrap())
                    .collect();
                assert_eq!(titles, [format!("Only for {name}")], "{name}");
            }
        }

        let metrics = server.anonymous().get("/metrics").await.text;
        let batches: u64 = metrics
            .lines()
            .find_map(|line| line.strip_prefix("estante_token_lookup_batches_total "))
            .unwrap()
            .parse()
            .unwrap();
        if batches > 0 {
            return;
        }
        assert!(
            burst < 20,
            "no burst made a shared lookup statement:\n{metrics}"
        );
    }
}
