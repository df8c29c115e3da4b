//! ISBN lookups against an Open Library compatible service.
//!
//! The service is reached only when `openlibrary_url` (or `ESTANTE_OPENLIBRARY_URL`)
//! names it. Without a base URL the lookup is off and the Add screen is a plain form.
//! The request is `GET {base}/api/books?bibkeys=ISBN:{isbn}&format=json&jscmd=data`,
//! the Open Library Books API, which returns author and publisher names inline.

use std::collections::HashMap;
use std::time::Duration;

use estante_backend::model::{BookFields, Contributor};
use serde::Deserialize;

/// How long a lookup may take; the form stays usable meanwhile.
pub const LOOKUP_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    #[error("{}", crate::t!("lookup-not-configured"))]
    NotConfigured,
    #[error("{}", crate::t!("lookup-invalid-isbn", isbn = format!("{:?}", .0)))]
    InvalidIsbn(String),
    #[error("{}", crate::t!("lookup-request-failed", error = .0.as_str()))]
    Request(String),
    #[error("{}", crate::t!("lookup-status", status = .0.to_string()))]
    Status(u16),
    #[error("{}", crate::t!("lookup-decode", error = .0.as_str()))]
    Decode(String),
}

#[derive(Debug, Clone)]
pub struct OpenLibrary {
    base_url: Option<String>,
    http: reqwest::Client,
}

#[derive(Debug, Deserialize)]
struct Record {
    title: Option<String>,
    subtitle: Option<String>,
    #[serde(default)]
    authors: Vec<Named>,
    #[serde(default)]
    publishers: Vec<Named>,
    number_of_pages: Option<i64>,
    publish_date: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Named {
    name: String,
}

impl OpenLibrary {
    pub fn new(base_url: Option<&str>) -> Self {
        let http = reqwest::Client::builder()
            .timeout(LOOKUP_TIMEOUT)
            .user_agent(concat!("estante/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default();
        Self {
            base_url: base_url
                .map(|url| url.trim_end_matches('/').to_string())
                .filter(|url| !url.is_empty()),
            http,
        }
    }

    pub fn is_configured(&self) -> bool {
        self.base_url.is_some()
    }

    /// Looks up `isbn`; `Ok(None)` means the service does not know the book.
    pub async fn lookup(&self, isbn: &str) -> Result<Option<BookFields>, LookupError> {
        let base = self.base_url.as_deref().ok_or(LookupError::NotConfigured)?;
        let parsed = estante_backend::isbn::parse_isbn(isbn)
            .ok()
            .flatten()
            .ok_or_else(|| LookupError::InvalidIsbn(isbn.to_string()))?;
        let Some(isbn13) = parsed.isbns.isbn13.clone() else {
            return Err(LookupError::InvalidIsbn(isbn.to_string()));
        };
        let key = format!("ISBN:{isbn13}");
        let response = self
            .http
            .get(format!("{base}/api/books"))
            .query(&[
                ("bibkeys", key.as_str()),
                ("format", "json"),
                ("jscmd", "data"),
            ])
            .send()
            .await
            .map_err(|error| LookupError::Request(error.to_string()))?;
        if !response.status().is_success() {
            return Err(LookupError::Status(response.status().as_u16()));
        }
        let mut records: HashMap<String, Record> = response
            .json()
            .await
            .map_err(|error| LookupError::Decode(error.to_string()))?;
        let Some(record) = records.remove(&key) else {
            return Ok(None);
        };
        let mut fields = BookFields {
            title: record.title.unwrap_or_default(),
            subtitle: record.subtitle,
            isbn10: parsed.isbns.isbn10,
            isbn13: Some(isbn13),
            publisher: record.publishers.into_iter().next().map(|named| named.name),
            pages: record.number_of_pages,
            published_year: record.publish_date.as_deref().and_then(year_in),
            ..BookFields::default()
        };
        fields.contributors = record
            .authors
            .into_iter()
            .map(|named| Contributor::author(named.name))
            .collect();
        Ok(Some(fields))
    }
}

/// Finds the first four-digit year in a free-form date such as "March 2004".
fn year_in(text: &str) -> Option<i64> {
    let digits: Vec<char> = text.chars().collect();
    digits.windows(4).enumerate().find_map(|(start, window)| {
        let before = start.checked_sub(1).map(|i| digits[i]);
        let after = digits.get(start + 4);
        let isolated = !before.is_some_and(|c| c.is_ascii_digit())
            && !after.is_some_and(|c| c.is_ascii_digit());
        if isolated && window.iter().all(char::is_ascii_digit) {
            window.iter().collect::<String>().parse().ok()
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_found_in_free_dates() {
        assert_eq!(year_in("March 2004"), Some(2004));
        assert_eq!(year_in("2004-03-01"), Some(2004));
        assert_eq!(year_in("12345"), None);
        assert_eq!(year_in("n.d."), None);
    }

    #[tokio::test]
    async fn unconfigured_lookup_is_off() {
        let library = OpenLibrary::new(None);
        assert!(!library.is_configured());
        let error = library.lookup("9780140449136").await.unwrap_err();
        assert!(matches!(error, LookupError::NotConfigured));
    }
}
