//! The server keeps the first pages of book lists and serves them again while the
//! library is unchanged. These tests make every kind of write, through the API and
//! straight into the database as another server would. After each one, the pages
//! served must be the ones the database gives now, and an unchanged library's pages
//! must come from the cache.

#![allow(clippy::unwrap_used)]

use estante_backend::model::{BookFields, Contributor};
use estante_backend::storage::{BookQuery, NewBook, Storage, UserId};
use estante_tests::{Backend, Client, TestServer, both_backends};
use reqwest::{Method, StatusCode};
use serde_json::json;

both_backends! {
    cached_pages_follow_every_write => crate::cached_pages_follow_every_write;
    a_later_page_is_not_kept => crate::a_later_page_is_not_kept;
}

/// The lists watched after each write: the plain list, searches, every filter whose
/// result a write can change, and a sort by the last read date.
const LISTS: &[&str] = &[
    "",
    "q=dune",
    "q=herbert%20messiah",
    "status=read",
    "shelf=favourites",
    "shelf=best",
    "tag=classic",
    "min_rating=4",
    "year_read=2024",
    "sort=read&order=desc",
    "limit=1",
];

/// Reads the cache's hit counter from `/metrics`.
async fn cache_hits(client: &Client) -> u64 {
    let metrics = client.get("/metrics").await.text;
    metrics
        .lines()
        .find_map(|line| line.strip_prefix("estante_list_cache_requests_total{result=\"hit\"} "))
        .unwrap()
        .parse()
        .unwrap()
}

/// Asserts that each watched list, requested twice, gives the page that the database
/// gives now, and that the second response came from the cache.
async fn assert_lists_current(client: &Client, store: &dyn Storage, step: &str) {
    for list in LISTS {
        let query: BookQuery = serde_urlencoded::from_str(list).unwrap();
        let now = store
            .list_books(UserId(client.user.id), &query)
            .await
            .unwrap();
        let now = serde_json::to_value(now).unwrap();
        let hits = cache_hits(client).await;

        let first = client.get(&format!("/api/v1/books?{list}")).await;
        assert_eq!(
            first.status,
            StatusCode::OK,
            "{step}, {list}: {}",
            first.text
        );
        assert_eq!(first.body, now, "{step}: `{list}` served a stale page");
        assert_eq!(first.headers["content-type"], "application/json");
        let again = client.get(&format!("/api/v1/books?{list}")).await;
        assert_eq!(again.body, now, "{step}, {list}");
        assert_eq!(
            cache_hits(client).await,
            hits + 1,
            "{step}: `{list}` was not served from the cache the second time"
        );
    }
}

fn created_id(reply: &estante_tests::Reply) -> i64 {
    assert!(reply.status.is_success(), "{}", reply.text);
    reply.body["id"].as_i64().unwrap()
}

async fn version(client: &Client, path: &str) -> i64 {
    client.get(path).await.etag()
}

async fn cached_pages_follow_every_write(backend: Backend) {
    let server = TestServer::start(backend).await;
    let client = server.client("ana").await;
    let store = server.store.as_ref();
    assert_lists_current(&client, store, "empty library").await;

    let dune = created_id(
        &client
            .post(
                "/api/v1/books",
                json!({"title": "Dune", "pages": 412,
                    "contributors": [{"name": "Frank Herbert", "role": "author"}]}),
            )
            .await,
    );
    let book = format!("/api/v1/books/{dune}");
    assert_lists_current(&client, store, "book added").await;

    let mut fields = estante_tests::book_fields(&client.get(&book).await.body);
    fields["title"] = json!("Dune Messiah");
    let edited = client
        .send(
            Method::PUT,
            &book,
            Some(fields),
            Some(version(&client, &book).await),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text);
    assert_lists_current(&client, store, "title changed").await;

    let entry = format!("{book}/entry");
    let rated = client
        .send(
            Method::PATCH,
            &entry,
            Some(json!({"status": "read", "rating": 4.5})),
            Some(version(&client, &entry).await),
        )
        .await;
    assert_eq!(rated.status, StatusCode::OK, "{}", rated.text);
    assert_lists_current(&client, store, "entry changed").await;

    let reading = created_id(
        &client
            .post(
                &format!("{book}/readings"),
                json!({"started": "2024-01-02", "finished": "2024-02-03"}),
            )
            .await,
    );
    assert_lists_current(&client, store, "reading added").await;
    let reading_path = format!("/api/v1/readings/{reading}");
    let moved = client
        .send(
            Method::PUT,
            &reading_path,
            Some(json!({"started": "2023-01-02", "finished": "2023-02-03"})),
            Some(version(&client, &reading_path).await),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    assert_lists_current(&client, store, "reading changed").await;

    let shelf = created_id(
        &client
            .post("/api/v1/shelves", json!({"name": "Favourites"}))
            .await,
    );
    assert_lists_current(&client, store, "shelf created").await;
    let on_shelf = format!("/api/v1/shelves/{shelf}/books/{dune}");
    let put = client.send(Method::PUT, &on_shelf, None, None).await;
    assert_eq!(put.status, StatusCode::NO_CONTENT, "{}", put.text);
    assert_lists_current(&client, store, "shelved").await;
    let shelf_path = format!("/api/v1/shelves/{shelf}");
    let renamed = client
        .send(
            Method::PATCH,
            &shelf_path,
            Some(json!({"name": "best"})),
            Some(version(&client, &shelf_path).await),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.text);
    assert_lists_current(&client, store, "shelf renamed").await;
    let taken_off = client.send(Method::DELETE, &on_shelf, None, None).await;
    assert_eq!(taken_off.status, StatusCode::NO_CONTENT);
    assert_lists_current(&client, store, "taken off the shelf").await;

    let tag = created_id(
        &client
            .post("/api/v1/tags", json!({"name": "classic"}))
            .await,
    );
    let tagged = client
        .send(
            Method::PUT,
            &format!("/api/v1/tags/{tag}/books/{dune}"),
            None,
            None,
        )
        .await;
    assert_eq!(tagged.status, StatusCode::NO_CONTENT);
    assert_lists_current(&client, store, "tagged").await;
    let tag_path = format!("/api/v1/tags/{tag}");
    let untagged = client
        .send(
            Method::DELETE,
            &tag_path,
            None,
            Some(version(&client, &tag_path).await),
        )
        .await;
    assert_eq!(untagged.status, StatusCode::NO_CONTENT, "{}", untagged.text);
    assert_lists_current(&client, store, "tag deleted").await;

    let imported = client
        .upload(
            "/api/v1/imports",
            b"Title,Author,My Rating,Exclusive Shelf,Date Read\n\
              Children of Dune,Frank Herbert,5,read,2024/03/04\n"
                .to_vec(),
            None,
        )
        .await;
    assert_eq!(imported.status, StatusCode::OK, "{}", imported.text);
    assert_lists_current(&client, store, "imported").await;

    let copy = created_id(
        &client
            .post("/api/v1/books", json!({"title": "Dune Messiah"}))
            .await,
    );
    assert_lists_current(&client, store, "copy added").await;
    let merged = client
        .send(
            Method::POST,
            &format!("{book}/merge"),
            Some(json!({"from": copy})),
            Some(version(&client, &book).await),
        )
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.text);
    assert_lists_current(&client, store, "copy merged").await;

    let reading_gone = client
        .send(
            Method::DELETE,
            &reading_path,
            None,
            Some(version(&client, &reading_path).await),
        )
        .await;
    assert_eq!(reading_gone.status, StatusCode::NO_CONTENT);
    assert_lists_current(&client, store, "reading deleted").await;

    // Another server writes into the same database: this server learns of it from
    // the revision that it reads with the token.
    let new = NewBook {
        fields: BookFields {
            title: "Dune: House Atreides".to_string(),
            contributors: vec![Contributor::author("Brian Herbert")],
            ..BookFields::default()
        },
        entry: None,
    };
    store
        .create_book(UserId(client.user.id), &new)
        .await
        .unwrap();
    assert_lists_current(&client, store, "book added by another server").await;

    let deleted = client
        .send(
            Method::DELETE,
            &book,
            None,
            Some(version(&client, &book).await),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    assert_lists_current(&client, store, "book deleted").await;

    // Another reader's library has its own pages.
    let other = server.client("bruno").await;
    let empty = other.get("/api/v1/books?q=dune").await;
    assert_eq!(empty.body["total"], 0, "{}", empty.text);
}

/// Checks that a page after the first is not kept. Such a page is read once as a list
/// is walked, so the cache would fill with pages that no client requests again.
async fn a_later_page_is_not_kept(backend: Backend) {
    let server = TestServer::start(backend).await;
    let client = server.client("ana").await;
    for title in ["Emma", "Persuasion"] {
        created_id(&client.post("/api/v1/books", json!({"title": title})).await);
    }
    let first = client.get("/api/v1/books?limit=1").await;
    let cursor = first.body["next_cursor"].as_str().unwrap().to_string();
    let hits = cache_hits(&client).await;

    let path = format!("/api/v1/books?limit=1&cursor={cursor}");
    for _ in 0..2 {
        let second = client.get(&path).await;
        assert_eq!(second.body["items"][0]["title"], "Persuasion");
    }
    assert_eq!(cache_hits(&client).await, hits);
    let again = client.get("/api/v1/books?limit=1").await;
    assert_eq!(again.body, first.body);
    assert_eq!(cache_hits(&client).await, hits + 1);
}
