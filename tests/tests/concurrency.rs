//! Writes that cross: clients that write the same book at once through HTTP either land
//! their write or get 412, and the stored state is the last write that landed.
//! Imports into one library at once each land whole.
//!
//! Each client makes `ESTANTE_RACE_WRITES` attempts (200 by default; the long run
//! sets 1000).

#![allow(clippy::unwrap_used)]

use estante_tests::{Backend, Client, TestDb, TestServer, add_user, both_backends};
use reqwest::{Method, StatusCode};
use serde_json::json;

both_backends! {
    racing_entry_writes => crate::racing_entry_writes;
    racing_book_writes => crate::racing_book_writes;
    overlapping_imports => crate::overlapping_imports;
}

fn attempts() -> usize {
    std::env::var("ESTANTE_RACE_WRITES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(200)
}

/// One landed write: the text it wrote and the version it produced.
#[derive(Debug, Clone)]
struct Landed {
    text: String,
    version: i64,
}

/// Writes `attempts` times, each based on the version this client saw last, and
/// refreshes that version after every 412.
async fn race(client: Client, name: &'static str, path: String, entry: bool) -> Vec<Landed> {
    let mut landed = Vec::new();
    let mut version = current_version(&client, &path, entry).await;
    for attempt in 0..attempts() {
        let text = format!("{name} {attempt}");
        let (target, body) = if entry {
            (format!("{path}/entry"), json!({"private_notes": text}))
        } else {
            (path.clone(), json!({"title": text}))
        };
        let method = if entry { Method::PATCH } else { Method::PUT };
        let reply = client
            .send(method, &target, Some(body), Some(version))
            .await;
        match reply.status {
            StatusCode::OK => {
                version = reply.etag();
                landed.push(Landed { text, version });
            }
            StatusCode::PRECONDITION_FAILED => {
                version = reply.body["current_version"].as_i64().unwrap();
            }
            other => panic!(
                "{name} attempt {attempt}: unexpected {other}: {}",
                reply.text
            ),
        }
    }
    landed
}

async fn current_version(client: &Client, path: &str, entry: bool) -> i64 {
    let book = client.get(path).await;
    if entry {
        book.body["entry"]["version"].as_i64().unwrap()
    } else {
        book.body["version"].as_i64().unwrap()
    }
}

async fn run_race(backend: Backend, entry: bool) {
    let server = TestServer::start(backend).await;
    let client = server.client("ana").await;
    let created = client
        .post("/api/v1/books", json!({"title": "Contested"}))
        .await;
    let path = format!("/api/v1/books/{}", created.body["id"]);

    let first = tokio::spawn(race(client.clone(), "first", path.clone(), entry));
    let second = tokio::spawn(race(client.clone(), "second", path.clone(), entry));
    let mut landed = first.await.unwrap();
    landed.extend(second.await.unwrap());

    let book = client.get(&path).await;
    let (final_version, final_text) = if entry {
        (
            book.body["entry"]["version"].as_i64().unwrap(),
            book.body["entry"]["private_notes"]
                .as_str()
                .unwrap()
                .to_string(),
        )
    } else {
        (
            book.body["version"].as_i64().unwrap(),
            book.body["title"].as_str().unwrap().to_string(),
        )
    };
    // Every landed write moved the version by exactly one, so no two writes were
    // based on the same version: nothing was overwritten unseen.
    assert_eq!(
        final_version,
        1 + landed.len() as i64,
        "landed: {}",
        landed.len()
    );
    let mut versions: Vec<i64> = landed.iter().map(|l| l.version).collect();
    versions.sort_unstable();
    versions.dedup();
    assert_eq!(
        versions.len(),
        landed.len(),
        "two writes produced one version"
    );
    let last = landed.iter().max_by_key(|l| l.version).unwrap();
    assert_eq!(
        final_text, last.text,
        "the stored state is the last landed write"
    );
    assert!(
        landed.len() >= attempts() / 2,
        "too few writes landed: {}",
        landed.len()
    );
}

async fn racing_entry_writes(backend: Backend) {
    run_race(backend, true).await;
}

async fn racing_book_writes(backend: Backend) {
    run_race(backend, false).await;
}

/// Builds a Goodreads file of `books` rows without ISBNs, whose authors repeat
/// among 50 names, in the given order.
fn shared_author_file(books: usize, reversed: bool) -> Vec<u8> {
    let mut rows: Vec<usize> = (0..books).collect();
    if reversed {
        rows.reverse();
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(["Title", "Author", "Exclusive Shelf"])
        .unwrap();
    for row in rows {
        let title = format!("Overlap {row}");
        let author = format!("Shared Author {}", row % 50);
        writer
            .write_record([title.as_str(), author.as_str(), "read"])
            .unwrap();
    }
    writer.into_inner().unwrap()
}

/// Three imports of overlapping files into one library at once. On PostgreSQL they
/// inserted the same authors in different orders and one ended as a deadlock (a
/// 500), or was refused on a title the other had not committed yet. Each import
/// must land whole, and the library must hold each book once.
async fn overlapping_imports(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    let books = 1500;
    let forward = estante_backend::import::parse(&shared_author_file(books, false), None).unwrap();
    let backward = estante_backend::import::parse(&shared_author_file(books, true), None).unwrap();

    let (first, second, third) = tokio::join!(
        store.import(id, &forward),
        store.import(id, &backward),
        store.import(id, &forward),
    );

    let mut imported = 0;
    for report in [first, second, third] {
        let report = report.unwrap();
        assert_eq!(report.rejected, 0, "{:?}", report.rows);
        assert_eq!(report.flagged, 0, "{:?}", report.rows);
        imported += report.imported;
    }
    assert_eq!(imported, books);
    assert_eq!(store.export(id).await.unwrap().len(), books);
}
