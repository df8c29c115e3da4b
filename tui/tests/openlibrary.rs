//! The ISBN lookup against a mock Open Library server on 127.0.0.1.

#![allow(clippy::unwrap_used)]

use axum::Router;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::routing::get;
use estante::openlibrary::{LookupError, OpenLibrary};

async fn books(
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> (StatusCode, String) {
    match query.get("bibkeys").map(String::as_str) {
        Some("ISBN:9780441478125") => (
            StatusCode::OK,
            serde_json::json!({
                "ISBN:9780441478125": {
                    "title": "The Left Hand of Darkness",
                    "authors": [{"name": "Ursula K. Le Guin"}],
                    "publishers": [{"name": "Ace Books"}],
                    "number_of_pages": 304,
                    "publish_date": "March 1987"
                }
            })
            .to_string(),
        ),
        Some("ISBN:9780140449112") => (StatusCode::INTERNAL_SERVER_ERROR, "boom".to_string()),
        _ => (StatusCode::OK, "{}".to_string()),
    }
}

async fn mock() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = Router::new().route("/api/books", get(books));
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}")
}

#[tokio::test]
async fn lookup_fills_fields() {
    let library = OpenLibrary::new(Some(&mock().await));
    let fields = library.lookup("0-441-47812-3").await.unwrap().unwrap();
    assert_eq!(fields.title, "The Left Hand of Darkness");
    assert_eq!(fields.contributors[0].name, "Ursula K. Le Guin");
    assert_eq!(fields.publisher.as_deref(), Some("Ace Books"));
    assert_eq!(fields.pages, Some(304));
    assert_eq!(fields.published_year, Some(1987));
    assert_eq!(fields.isbn13.as_deref(), Some("9780441478125"));
    assert_eq!(fields.isbn10.as_deref(), Some("0441478123"));
}

#[tokio::test]
async fn unknown_isbn_is_none() {
    let library = OpenLibrary::new(Some(&mock().await));
    assert_eq!(library.lookup("9781635575637").await.unwrap(), None);
}

#[tokio::test]
async fn server_error_and_bad_isbn() {
    let library = OpenLibrary::new(Some(&mock().await));
    let error = library.lookup("9780140449112").await.unwrap_err();
    assert!(matches!(error, LookupError::Status(500)), "{error:?}");
    let error = library.lookup("not an isbn").await.unwrap_err();
    assert!(matches!(error, LookupError::InvalidIsbn(_)), "{error:?}");
}

#[tokio::test]
async fn offline_service_fails_cleanly() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let library = OpenLibrary::new(Some(&format!("http://{address}")));
    let error = library.lookup("9780441478125").await.unwrap_err();
    assert!(matches!(error, LookupError::Request(_)), "{error:?}");
}
