//! Real exports through the real service, on both databases: the Goodreads library
//! export of a real reader (1,742 rows) and a StoryGraph export (193 rows). The files
//! are read from `ESTANTE_CORPUS_DIR`; without it each test prints a note and passes.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::time::Instant;

use estante_backend::model::ReadingStatus;
use estante_backend::storage::{BookQuery, LabelKind, RowOutcome};
use estante_backend::transfer::{ExportFormat, export_bytes, import_bytes};
use estante_tests::{Backend, TestDb, TestServer, add_user, both_backends, corpus_dir};
use reqwest::{Method, StatusCode};
use serde_json::json;

both_backends! {
    goodreads_export_comes_across => crate::goodreads_export_comes_across;
    goodreads_round_trip => crate::goodreads_round_trip;
    storygraph_export_comes_across => crate::storygraph_export_comes_across;
    corpus_over_http => crate::corpus_over_http;
}

fn read_corpus(name: &str) -> Option<Vec<u8>> {
    let path = corpus_dir()?.join(name);
    Some(std::fs::read(&path).unwrap_or_else(|e| panic!("failed to read {}: {e}", path.display())))
}

/// The file's own rows, read with a plain CSV reader, to compare against.
fn csv_rows(bytes: &[u8]) -> Vec<BTreeMap<String, String>> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            headers
                .iter()
                .zip(record.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

async fn goodreads_export_comes_across(backend: Backend) {
    let Some(bytes) = read_corpus("goodreads_library_export.csv") else {
        return;
    };
    let rows = csv_rows(&bytes);
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "reader").await;
    let id = user.user_id();

    let started = Instant::now();
    let report = import_bytes(store.as_ref(), id, bytes.clone(), None)
        .await
        .unwrap();
    eprintln!(
        "{backend:?}: imported {} Goodreads rows in {:.2?}",
        rows.len(),
        started.elapsed()
    );

    assert_eq!(rows.len(), 1742);
    assert_eq!(report.rows.len(), 1742);
    assert_eq!(
        report.imported + report.merged + report.flagged + report.rejected,
        1742
    );
    assert_eq!(
        report.rejected,
        0,
        "{:?}",
        report
            .rows
            .iter()
            .find(|r| r.outcome == RowOutcome::Rejected)
    );
    let books = report.imported + report.flagged;
    let all = store
        .list_books(
            id,
            &BookQuery {
                limit: Some(1),
                ..BookQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(all.total as usize, books);

    let count_status = |status| {
        let store = store.clone();
        async move {
            let query = BookQuery {
                status: Some(status),
                limit: Some(1),
                ..BookQuery::default()
            };
            store.list_books(id, &query).await.unwrap().total
        }
    };
    let read_rows = rows
        .iter()
        .filter(|r| r["Exclusive Shelf"] == "read")
        .count() as i64;
    let trash_read = rows
        .iter()
        .filter(|r| r["Exclusive Shelf"] == "trash" && !r["Date Read"].is_empty())
        .count() as i64;
    assert_eq!(count_status(ReadingStatus::Reading).await, 1);
    assert_eq!(
        count_status(ReadingStatus::Read).await,
        read_rows + trash_read
    );
    let shelves = store.labels(id, LabelKind::Shelf).await.unwrap();
    let trash = shelves
        .iter()
        .find(|s| s.name == "trash")
        .expect("custom shelf kept");
    assert_eq!(trash.book_count, 23);
    assert!(shelves.iter().any(|s| s.name == "favorite-list"));

    let rated_rows = rows.iter().filter(|r| r["My Rating"] != "0").count() as i64;
    let stats = store.stats(id, None).await.unwrap();
    let rated: i64 = stats.rating_distribution.iter().map(|r| r.count).sum();
    assert_eq!(rated, rated_rows, "My Rating 0 means unrated");
    assert!(
        stats
            .rating_distribution
            .iter()
            .all(|r| r.stars.fract() == 0.0)
    );

    let exported = store.export(id).await.unwrap();
    let series_rows = rows
        .iter()
        .filter(|r| r["Title"].contains(", #") || r["Title"].contains(" #"))
        .count();
    let with_series = exported.iter().filter(|r| r.book.series.is_some()).count();
    assert!(
        with_series * 100 >= series_rows * 95,
        "{with_series} books with a series from {series_rows} titles with a series suffix"
    );
    for title in [
        "Cien años de soledad",
        "Trilogía sucia de La Habana",
        "La femme gelée",
    ] {
        assert!(
            exported.iter().any(|r| r.book.title == title),
            "{title} missing or altered"
        );
    }
    let lucia = exported
        .iter()
        .find(|r| r.book.title == "Lucia in London")
        .unwrap();
    let series = lucia.book.series.as_ref().unwrap();
    assert_eq!(series.name, "The Mapp & Lucia Novels");
    assert_eq!(series.index, Some(3.0));

    let again = import_bytes(store.as_ref(), id, bytes, None).await.unwrap();
    assert_eq!(again.imported, 0);
    assert_eq!(
        again.flagged,
        0,
        "{:?}",
        again.rows.iter().find(|r| r.outcome == RowOutcome::Flagged)
    );
    assert_eq!(again.merged, 1742 - report.rejected);
    assert_eq!(
        store.export(id).await.unwrap(),
        exported,
        "a repeated import changes nothing"
    );
}

async fn goodreads_round_trip(backend: Backend) {
    let Some(bytes) = read_corpus("goodreads_library_export.csv") else {
        return;
    };
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (first, _) = add_user(store.as_ref(), "first").await;
    let (second, _) = add_user(store.as_ref(), "second").await;
    import_bytes(store.as_ref(), first.user_id(), bytes, None)
        .await
        .unwrap();

    let csv = export_bytes(store.as_ref(), first.user_id(), ExportFormat::Goodreads)
        .await
        .unwrap();
    let report = import_bytes(store.as_ref(), second.user_id(), csv, None)
        .await
        .unwrap();

    assert_eq!(report.rejected, 0);
    let original = store.export(first.user_id()).await.unwrap();
    let copy = store.export(second.user_id()).await.unwrap();
    assert_eq!(original.len(), copy.len());
    for (a, b) in original.iter().zip(&copy) {
        assert_eq!(a, b, "{} changed in the Goodreads round trip", a.book.title);
    }
}

async fn storygraph_export_comes_across(backend: Backend) {
    let Some(bytes) = read_corpus("storygraph_export.csv") else {
        return;
    };
    let rows = csv_rows(&bytes);
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "reader").await;

    let report = import_bytes(store.as_ref(), user.user_id(), bytes, None)
        .await
        .unwrap();

    assert_eq!(rows.len(), 193);
    assert_eq!(report.rows.len(), 193);
    assert_eq!(
        report.imported + report.merged + report.flagged + report.rejected,
        193
    );
    assert_eq!(report.rejected, 0);
    let exported = store.export(user.user_id()).await.unwrap();
    let dnf = exported
        .iter()
        .filter(|r| r.entry.status == ReadingStatus::DidNotFinish)
        .count();
    assert_eq!(dnf, 1);
    let quarter = exported
        .iter()
        .filter_map(|r| r.entry.rating)
        .filter(|rating| rating.quarters() % 4 != 0)
        .count();
    let fractional_rows = rows
        .iter()
        .filter(|r| r["Star Rating"].contains('.') && !r["Star Rating"].ends_with(".0"))
        .count();
    assert_eq!(quarter, fractional_rows, "quarter-star ratings kept");
    let narrated = exported.iter().any(|r| {
        r.book
            .contributors
            .iter()
            .any(|c| c.role == estante_backend::model::ContributorRole::Narrator)
    });
    assert!(narrated, "Contributors roles such as (Narrator) are kept");
}

async fn corpus_over_http(backend: Backend) {
    let Some(bytes) = read_corpus("goodreads_library_export.csv") else {
        return;
    };
    let server = TestServer::start(backend).await;
    let client = server.client("reader").await;

    let report = client
        .upload("/api/v1/imports", bytes, Some("goodreads"))
        .await;
    assert_eq!(report.status, StatusCode::OK);
    assert_eq!(report.body["rows"].as_array().unwrap().len(), 1742);

    let mut cursor: Option<String> = None;
    let mut seen = 0;
    loop {
        let path = match &cursor {
            Some(cursor) => {
                format!("/api/v1/books?limit=500&sort=added&order=desc&cursor={cursor}")
            }
            None => "/api/v1/books?limit=500&sort=added&order=desc".to_string(),
        };
        let page = client.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        seen += page.body["items"].as_array().unwrap().len();
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => break,
        }
    }
    let total = client.get("/api/v1/books?limit=1").await.body["total"]
        .as_u64()
        .unwrap();
    assert_eq!(seen as u64, total);

    let found = client.get("/api/v1/books?q=soledad").await;
    let hit = &found.body["items"][0];
    assert_eq!(hit["title"], "Cien años de soledad", "{}", found.text);
    let path = format!("/api/v1/books/{}", hit["id"]);
    let book = client.get(&path).await;
    let rated = client
        .send(
            Method::PATCH,
            &format!("{path}/entry"),
            Some(json!({"rating": 4.5})),
            Some(book.body["entry"]["version"].as_i64().unwrap()),
        )
        .await;
    assert_eq!(rated.status, StatusCode::OK, "{}", rated.text);
    let filtered = client.get("/api/v1/books?min_rating=4.5&q=soledad").await;
    assert_eq!(filtered.body["total"], 1);
}
