//! Book covers through HTTP, stored in a local folder and in the moto server's S3.

#![allow(clippy::unwrap_used)]

use estante_backend::api::AppState;
use estante_backend::blob::BlobStore;
use estante_tests::{Backend, Client, Reply, TestDb, add_user, moto_bucket, moto_url};
use reqwest::{Method, StatusCode};
use serde_json::json;

/// Whole images, which the server decodes before it stores them.
const PNG: &[u8] = include_bytes!("../../tui/tests/fixtures/cover.png");
const JPEG: &[u8] = include_bytes!("../../tui/tests/fixtures/cover.jpg");

/// Starts a server whose covers go to `covers` and returns a client for a new user.
async fn start(covers: BlobStore) -> (TestDb, Client, tokio::sync::oneshot::Sender<()>) {
    start_with_source(covers, "http://127.0.0.1:9").await
}

/// Starts a server as [`start`] does, fetching covers from `source`.
async fn start_with_source(
    covers: BlobStore,
    source: &str,
) -> (TestDb, Client, tokio::sync::oneshot::Sender<()>) {
    let db = TestDb::new(Backend::Sqlite).await;
    let store = db.open().await;
    let (user, token) = add_user(store.as_ref(), "ana").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (sender, receiver) = tokio::sync::oneshot::channel();
    let state = AppState::new(store)
        .with_covers(covers)
        .with_cover_source(source);
    tokio::spawn(estante_backend::server::serve(listener, state, async {
        let _ = receiver.await;
    }));
    let client = Client {
        base,
        token: Some(token.secret().to_string()),
        user,
        http: reqwest::Client::new(),
    };
    (db, client, sender)
}

async fn put_cover(client: &Client, book_id: i64, bytes: Vec<u8>) -> Reply {
    let request = client
        .http
        .put(format!("{}/api/v1/books/{book_id}/cover", client.base))
        .bearer_auth(client.token.as_ref().unwrap())
        .body(bytes);
    Client::reply(request.send().await.unwrap()).await
}

async fn get_cover(client: &Client, book_id: i64) -> (StatusCode, Option<String>, Vec<u8>) {
    let response = client
        .http
        .get(format!("{}/api/v1/books/{book_id}/cover", client.base))
        .bearer_auth(client.token.as_ref().unwrap())
        .send()
        .await
        .unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|value| value.to_str().unwrap().to_string());
    (
        status,
        content_type,
        response.bytes().await.unwrap().to_vec(),
    )
}

async fn cover_cases(covers: BlobStore) {
    let (_db, client, _shutdown) = start(covers.clone()).await;
    let created = client.post("/api/v1/books", json!({"title": "Dune"})).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.body["id"].as_i64().unwrap();

    let (status, _, _) = get_cover(&client, id).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    assert_eq!(put_cover(&client, id, PNG.to_vec()).await.status, 204);
    let (status, content_type, bytes) = get_cover(&client, id).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type.as_deref(), Some("image/png"));
    assert_eq!(bytes, PNG);

    assert_eq!(put_cover(&client, id, JPEG.to_vec()).await.status, 204);
    let (_, content_type, bytes) = get_cover(&client, id).await;
    assert_eq!(content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(bytes, JPEG);

    let gif = put_cover(&client, id, b"GIF89a....".to_vec()).await;
    assert_eq!(gif.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", gif.text);
    assert_eq!(gif.body["field"], "cover");
    assert!(gif.text.contains("JPEG or PNG"), "{}", gif.text);

    // Files cut short start like whole ones: the server must decode them to see it.
    let cut_jpeg = put_cover(&client, id, JPEG[..JPEG.len() / 2].to_vec()).await;
    assert_eq!(
        cut_jpeg.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        cut_jpeg.text
    );
    assert_eq!(cut_jpeg.body["field"], "cover");
    assert!(cut_jpeg.text.contains("cut short"), "{}", cut_jpeg.text);
    let cut_png = put_cover(&client, id, PNG[..PNG.len() - 20].to_vec()).await;
    assert_eq!(
        cut_png.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        cut_png.text
    );
    assert!(cut_png.text.contains("damaged"), "{}", cut_png.text);
    let mut large = JPEG.to_vec();
    large.resize(2 * 1024 * 1024 + 1, 0);
    let large = put_cover(&client, id, large).await;
    assert_eq!(large.status, StatusCode::PAYLOAD_TOO_LARGE);
    let (_, _, bytes) = get_cover(&client, id).await;
    assert_eq!(bytes, JPEG, "rejected uploads must keep the stored cover");

    let missing_book = put_cover(&client, id + 1000, PNG.to_vec()).await;
    assert_eq!(missing_book.status, StatusCode::NOT_FOUND);

    let key = format!("{}/{id}", client.user.id);
    assert_eq!(covers.get(&key).await.unwrap(), JPEG);
    let book = client.get(&format!("/api/v1/books/{id}")).await;
    let deleted = client
        .send(
            Method::DELETE,
            &format!("/api/v1/books/{id}"),
            None,
            Some(book.etag()),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    assert!(
        covers.get(&key).await.is_err(),
        "deleting a book must delete its cover"
    );

    // A merge moves the copy's cover to a book without one, and deletes the copy's.
    let mut ids = Vec::new();
    for _ in 0..2 {
        let created = client.post("/api/v1/books", json!({"title": "Emma"})).await;
        ids.push(created.body["id"].as_i64().unwrap());
    }
    let (kept, copy) = (ids[0], ids[1]);
    assert_eq!(put_cover(&client, copy, PNG.to_vec()).await.status, 204);
    let merged = client
        .send(
            Method::POST,
            &format!("/api/v1/books/{kept}/merge"),
            Some(json!({"from": copy})),
            Some(1),
        )
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.text);
    let (status, _, bytes) = get_cover(&client, kept).await;
    assert_eq!((status, bytes.as_slice()), (StatusCode::OK, PNG));
    let copy_key = format!("{}/{copy}", client.user.id);
    assert!(covers.get(&copy_key).await.is_err());

    // A second copy with a cover of its own: the kept book keeps its cover, and the
    // copy's is named among what was not kept.
    let second = client.post("/api/v1/books", json!({"title": "Emma"})).await;
    let second = second.body["id"].as_i64().unwrap();
    assert_eq!(put_cover(&client, second, JPEG.to_vec()).await.status, 204);
    let version = client.get(&format!("/api/v1/books/{kept}")).await.body["version"]
        .as_i64()
        .unwrap();
    let merged = client
        .send(
            Method::POST,
            &format!("/api/v1/books/{kept}/merge"),
            Some(json!({"from": second})),
            Some(version),
        )
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.text);
    let not_kept = merged.body["not_kept"].as_array().unwrap();
    assert!(
        not_kept.iter().any(|n| n["field"] == "cover"),
        "{}",
        merged.text
    );
    let (_, _, bytes) = get_cover(&client, kept).await;
    assert_eq!(bytes, PNG);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn covers_in_local_folder() {
    let dir = tempfile::tempdir().unwrap();
    cover_cases(BlobStore::open(dir.path().to_str().unwrap()).unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn covers_in_s3() {
    let location = format!("s3://{}/covers", moto_bucket().await);
    cover_cases(BlobStore::open_with_endpoint(&location, Some(&moto_url())).unwrap()).await;
}

/// Starts a stand-in for Open Library's covers service and returns its URL. One ISBN
/// has a JPEG cover, one an HTML page, and the rest none.
async fn open_library() -> String {
    async fn cover(
        axum::extract::Path(file): axum::extract::Path<String>,
    ) -> axum::response::Response {
        use axum::response::IntoResponse;
        match file.as_str() {
            "9780441013593-L.jpg" => {
                ([("content-type", "image/jpeg")], JPEG.to_vec()).into_response()
            }
            "9780000000002-L.jpg" => {
                ([("content-type", "text/html")], "<html>busy</html>").into_response()
            }
            _ => StatusCode::NOT_FOUND.into_response(),
        }
    }
    let app = axum::Router::new().route("/b/isbn/{file}", axum::routing::get(cover));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    base
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn covers_fetched_by_isbn() {
    let dir = tempfile::tempdir().unwrap();
    let covers = BlobStore::open(dir.path().to_str().unwrap()).unwrap();
    let source = open_library().await;
    let (_db, client, _shutdown) = start_with_source(covers, &source).await;
    let host = source.trim_start_matches("http://");
    let book = |title: &str, isbn: Option<&str>| {
        let client = client.clone();
        let body = json!({"title": title, "isbn13": isbn});
        async move {
            let created = client.post("/api/v1/books", body).await;
            assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
            created.body["id"].as_i64().unwrap()
        }
    };
    let fetch = |id: i64| {
        let client = client.clone();
        async move {
            client
                .post(&format!("/api/v1/books/{id}/cover/fetch"), json!({}))
                .await
        }
    };

    let dune = book("Dune", Some("9780441013593")).await;
    let fetched = fetch(dune).await;
    assert_eq!(fetched.status, StatusCode::NO_CONTENT, "{}", fetched.text);
    let (status, content_type, bytes) = get_cover(&client, dune).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(bytes, JPEG);

    let no_isbn = fetch(book("Untitled notes", None).await).await;
    assert_eq!(no_isbn.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_isbn.body["field"], "isbn");

    let unknown = fetch(book("Obscure", Some("9780306406157")).await).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{}", unknown.text);
    assert!(unknown.text.contains("9780306406157"), "{}", unknown.text);
    // The messages named Open Library whatever service the server was set to use.
    let detail = unknown.body["detail"].as_str().unwrap();
    assert_eq!(
        detail,
        format!("{host} has no cover for ISBN 9780306406157")
    );

    let html_id = book("Busy", Some("9780000000002")).await;
    let html = fetch(html_id).await;
    assert_eq!(
        html.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        html.text
    );
    assert!(html.text.contains("not a JPEG or PNG"), "{}", html.text);
    assert!(
        html.text.contains(&format!("from {host} (")),
        "{}",
        html.text
    );
    let (status, _, _) = get_cover(&client, html_id).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a failed fetch must store nothing"
    );
}

/// A fetch from a service that refused the connection named Open Library, which it
/// was not, and gave reqwest's English "error sending request" in every language.
#[tokio::test]
async fn failed_fetch_names_source_localized() {
    let dir = tempfile::tempdir().unwrap();
    let covers = BlobStore::open(dir.path().to_str().unwrap()).unwrap();
    let (_db, mut client, _shutdown) = start(covers).await;
    let created = client
        .post(
            "/api/v1/books",
            json!({"title": "Dune", "isbn13": "9780441013593"}),
        )
        .await;
    let id = created.body["id"].as_i64().unwrap();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("accept-language", "pt-BR".parse().unwrap());
    client.http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();

    let failed = client
        .post(&format!("/api/v1/books/{id}/cover/fetch"), json!({}))
        .await;

    assert_eq!(
        failed.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        failed.text
    );
    assert_eq!(
        failed.body["detail"],
        "não foi possível buscar a capa em 127.0.0.1:9 (a conexão falhou); tente de novo \
         mais tarde, ou envie a capa"
    );
}
