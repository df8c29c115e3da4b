//! Uploads bigger than axum's default 2 MB extractor limit, up to the server's own
//! body limit, go through.

#![allow(clippy::unwrap_used)]

use estante_tests::generate::goodreads_csv;
use estante_tests::{Backend, TestServer};

/// Column of "My Review" in the Goodreads export.
const REVIEW_COLUMN: usize = 19;

/// Returns a Goodreads export of `rows` books whose reviews are `review_bytes` long
/// each, so a few rows make a large file that imports quickly.
fn export_with_long_reviews(rows: usize, review_bytes: usize) -> Vec<u8> {
    let source = goodreads_csv(rows, 3);
    let mut reader = csv::Reader::from_reader(source.as_bytes());
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(reader.headers().unwrap()).unwrap();
    let review = "Loved it. ".repeat(review_bytes / 10);
    for record in reader.records() {
        let mut fields: Vec<String> = record.unwrap().iter().map(str::to_string).collect();
        fields[REVIEW_COLUMN] = review.clone();
        writer.write_record(&fields).unwrap();
    }
    writer.into_inner().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_larger_than_two_megabytes() {
    let server = TestServer::start(Backend::Sqlite).await;
    let client = server.client("ana").await;
    let file = export_with_long_reviews(3, 900_000);
    assert!(file.len() > 2 * 1024 * 1024, "{} bytes", file.len());

    let imported = client.upload("/api/v1/imports", file, None).await;

    assert_eq!(imported.status, 200, "{}", imported.text);
    assert_eq!(imported.body["imported"], 3, "{}", imported.text);
    let books = client.get("/api/v1/books").await;
    assert_eq!(books.body["total"], 3);
}
