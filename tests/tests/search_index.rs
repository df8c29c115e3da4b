//! The server serves searches from an index of the library kept in memory while the
//! library is at the revision the index was read at. These tests compare every page
//! it serves, byte for byte, with the page the database gives for the same query, on
//! generated and real libraries. They also check that a write anywhere sends
//! searches back to the database until the library is read again.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use estante_backend::model::{BookFields, Contributor};
use estante_backend::search::query_words;
use estante_backend::storage::{BookQuery, NewBook, Storage, UserId};
use estante_tests::generate::goodreads_csv;
use estante_tests::{Backend, Client, TestServer, both_backends, corpus_dir};
use reqwest::StatusCode;
use serde_json::json;

both_backends! {
    index_pages_are_the_database_pages => crate::index_pages_are_the_database_pages;
    real_library_pages_are_the_database_pages => crate::real_library_pages_are_the_database_pages;
    writes_send_searches_to_the_database => crate::writes_send_searches_to_the_database;
    library_over_budget_reads_database => crate::library_over_budget_reads_database;
    too_many_words_rejected => crate::too_many_words_rejected;
}

/// Starts a server without the page cache, so that every search reaches the index.
async fn server(backend: Backend) -> TestServer {
    TestServer::start_with(backend, |state| state.with_page_cache(0)).await
}

/// Reads one counter line of `/metrics`.
async fn metric(client: &Client, line: &str) -> u64 {
    let metrics = client.get("/metrics").await.text;
    metrics
        .lines()
        .find_map(|text| text.strip_prefix(line))
        .unwrap_or_else(|| panic!("no `{line}` in /metrics:\n{metrics}"))
        .trim()
        .parse()
        .unwrap()
}

async fn hits(client: &Client) -> u64 {
    metric(
        client,
        "estante_search_index_requests_total{result=\"hit\"}",
    )
    .await
}

async fn builds(client: &Client) -> u64 {
    metric(client, "estante_search_index_builds_total{result=\"kept\"}").await
}

async fn failed_builds(client: &Client) -> u64 {
    metric(
        client,
        "estante_search_index_builds_total{result=\"failed\"}",
    )
    .await
}

/// Searches until the index has been read `count` times in all, and fails after a
/// minute. A search is what asks for the library to be read.
async fn wait_for_builds(client: &Client, count: u64) {
    let started = Instant::now();
    while builds(client).await < count {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the search index was not read {count} times within a minute"
        );
        client.get("/api/v1/books?q=index").await;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Fetches `/api/v1/books?{query}` and asserts that its body is, byte for byte, what
/// the database gives for the same query. Returns the next cursor.
async fn assert_same_page(client: &Client, store: &dyn Storage, query: &str) -> Option<String> {
    let parsed: BookQuery = serde_urlencoded::from_str(query).unwrap();
    let expected = store
        .list_books(UserId(client.user.id), &parsed)
        .await
        .unwrap();
    let reply = client.get(&format!("/api/v1/books?{query}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{query}: {}", reply.text);
    assert_eq!(
        reply.text,
        serde_json::to_string(&expected).unwrap(),
        "`{query}` differs from the database's page"
    );
    expected.next_cursor
}

/// Builds the queries sent for a library. They are each word of its titles and
/// authors, its first one, two and three letters, and two words together, in both
/// orders of id and with page sizes from 1 to the largest.
fn queries(texts: &[String]) -> Vec<String> {
    let mut words = BTreeSet::new();
    let mut pairs = BTreeSet::new();
    for text in texts {
        let folded = query_words(text);
        for word in &folded {
            words.insert(word.clone());
            for length in 1..=3 {
                if let Some((end, _)) = word.char_indices().nth(length) {
                    words.insert(word[..end].to_string());
                }
            }
        }
        if let [first, second, ..] = folded.as_slice() {
            pairs.insert(format!("{first} {second}"));
        }
    }

    // Spread the words and pairs over the library rather than take the first ones.
    let step = (pairs.len() / 40).max(1);
    let pairs = pairs.into_iter().step_by(step);
    let step = (words.len() / 160).max(1);

    let mut queries = Vec::new();
    for (index, q) in words.into_iter().step_by(step).chain(pairs).enumerate() {
        let limit = [100, 1, 7, 1000][index % 4];
        let order = if index % 3 == 0 { "desc" } else { "asc" };
        let q = urlencoding(&q);
        queries.push(format!("q={q}&limit={limit}&order={order}"));
    }

    queries.push("q=zzzzzz".to_string());
    queries.push("q=a%20zzzzzz".to_string());
    queries.push("q=%C3%89mile&sort=id".to_string());
    queries
}

fn urlencoding(text: &str) -> String {
    serde_urlencoded::to_string([("q", text)]).unwrap()[2..].to_string()
}

/// Asks every query of `texts` of the index and of the database, and walks every
/// tenth to its last page, 25 books a page, following the index's cursors.
async fn compare_searches(client: &Client, store: &dyn Storage, texts: &[String]) {
    wait_for_builds(client, 1).await;
    let before = hits(client).await;
    let mut requests = 0;
    for (index, query) in queries(texts).iter().enumerate() {
        assert_same_page(client, store, query).await;
        requests += 1;
        if index % 10 != 0 {
            continue;
        }
        let base = query.split("&limit").next().unwrap().to_string() + "&limit=25";
        let mut cursor = assert_same_page(client, store, &base).await;
        requests += 1;
        while let Some(next) = cursor {
            cursor = assert_same_page(client, store, &format!("{base}&cursor={next}")).await;
            requests += 1;
        }
    }
    assert_eq!(
        hits(client).await - before,
        requests,
        "some searches did not come from the index"
    );
}

/// Reads the titles and authors of the user's books through the API.
async fn texts(client: &Client) -> Vec<String> {
    let mut texts = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(cursor) => format!("/api/v1/books?limit=1000&cursor={cursor}"),
            None => "/api/v1/books?limit=1000".to_string(),
        };
        let page = client.get(&path).await.body;
        for book in page["items"].as_array().unwrap() {
            texts.push(book["title"].as_str().unwrap().to_string());
            for author in book["authors"].as_array().unwrap() {
                texts.push(author.as_str().unwrap().to_string());
            }
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => return texts,
        }
    }
}

async fn import(client: &Client, file: Vec<u8>) {
    let imported = client.upload("/api/v1/imports", file, None).await;
    assert_eq!(imported.status, StatusCode::OK, "{}", imported.text);
}

async fn index_pages_are_the_database_pages(backend: Backend) {
    let server = server(backend).await;
    let client = server.client("ana").await;
    import(&client, goodreads_csv(2_500, 17).into_bytes()).await;
    let texts = texts(&client).await;
    compare_searches(&client, server.store.as_ref(), &texts).await;
}

/// Compares the pages of the real Goodreads export, whose names in many scripts and
/// letters with diacritics must fold the same way on both sides.
async fn real_library_pages_are_the_database_pages(backend: Backend) {
    let Some(dir) = corpus_dir() else { return };
    let server = server(backend).await;
    let client = server.client("ana").await;
    let file = std::fs::read(dir.join("goodreads_library_export.csv")).unwrap();
    import(&client, file).await;
    let texts = texts(&client).await;
    compare_searches(&client, server.store.as_ref(), &texts).await;
}

fn new_book(title: &str) -> NewBook {
    NewBook {
        fields: BookFields {
            title: title.to_string(),
            contributors: vec![Contributor::author("Ana Lima")],
            ..BookFields::default()
        },
        entry: None,
    }
}

async fn writes_send_searches_to_the_database(backend: Backend) {
    let server = server(backend).await;
    let client = server.client("ana").await;
    let store = server.store.as_ref();
    import(&client, goodreads_csv(300, 5).into_bytes()).await;
    wait_for_builds(&client, 1).await;
    let search = "q=zyzzyva";
    let found = |text: &str| text.matches("\"id\":").count();

    // Through the API: the next search reads the database, not the old index.
    let created = client
        .post(
            "/api/v1/books",
            json!({"title": "Zyzzyva Road", "contributors": [{"name": "Ana Lima", "role": "author"}]}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let hits_before = hits(&client).await;
    assert_same_page(&client, store, search).await;
    assert_eq!(hits(&client).await, hits_before, "a stale index answered");
    let page = client.get(&format!("/api/v1/books?{search}")).await.text;
    assert_eq!(found(&page), 1, "{page}");

    // Once read again, the index serves the page with the new book.
    wait_for_builds(&client, 2).await;
    let hits_before = hits(&client).await;
    assert_same_page(&client, store, search).await;
    assert_eq!(hits(&client).await, hits_before + 1);

    // Straight into the database, as another server of the fleet writes.
    store
        .create_book(UserId(client.user.id), &new_book("Zyzzyva Again"))
        .await
        .unwrap();
    let hits_before = hits(&client).await;
    assert_same_page(&client, store, search).await;
    assert_eq!(hits(&client).await, hits_before, "a stale index answered");
    let page = client.get(&format!("/api/v1/books?{search}")).await.text;
    assert_eq!(found(&page), 2, "{page}");

    // A delete, once the index has read the second book.
    wait_for_builds(&client, 3).await;
    let id = created.body["id"].as_i64().unwrap();
    let deleted = client
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/books/{id}"),
            None,
            Some(created.etag()),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    assert_same_page(&client, store, search).await;
    let page = client.get(&format!("/api/v1/books?{search}")).await.text;
    assert_eq!(found(&page), 1, "{page}");
}

/// Checks that a library whose index would take more than the whole budget is
/// searched in the database, and that its reading stops at the budget.
async fn library_over_budget_reads_database(backend: Backend) {
    let server = TestServer::start_with(backend, |state| {
        state.with_page_cache(0).with_search_index(64 * 1024)
    })
    .await;
    let client = server.client("ana").await;
    let store = server.store.as_ref();
    import(&client, goodreads_csv(2_500, 17).into_bytes()).await;

    let started = Instant::now();
    while failed_builds(&client).await == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the library over the budget was not read within a minute"
        );
        client.get("/api/v1/books?q=the").await;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(builds(&client).await, 0);
    assert_eq!(
        metric(&client, "estante_search_index_bytes").await,
        0,
        "an index over the budget was kept"
    );

    let hits_before = hits(&client).await;
    for query in ["q=the", "q=the&order=desc&limit=7", "q=gar%20of"] {
        assert_same_page(&client, store, query).await;
    }
    assert_eq!(hits(&client).await, hits_before);
}

/// Every word of a search must match, so a search with more words than the server
/// takes is rejected rather than cut short.
async fn too_many_words_rejected(backend: Backend) {
    let server = server(backend).await;
    let client = server.client("ana").await;
    import(&client, goodreads_csv(50, 3).into_bytes()).await;
    let words: Vec<String> = (1..=17).map(|n| format!("w{n}")).collect();

    let sixteen = client
        .get(&format!("/api/v1/books?q={}", words[..16].join("%20")))
        .await;
    assert_eq!(sixteen.status, StatusCode::OK, "{}", sixteen.text);

    let seventeen = client
        .get(&format!("/api/v1/books?q={}", words.join("%20")))
        .await;
    assert_eq!(
        seventeen.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        seventeen.text
    );
    assert_eq!(seventeen.body["field"], "q");
    let detail = seventeen.body["detail"].as_str().unwrap();
    assert!(detail.contains("17 words"), "{detail}");
    assert!(detail.contains("at most 16"), "{detail}");
}
