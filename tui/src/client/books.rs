//! Books, library entries and readings.

use estante_backend::model::{BookFields, ReadingFields};
use estante_backend::storage::{
    Book, BookQuery, BookSummary, Entry, EntryPatch, MergedBook, NewBook, Page, Reading, Stats,
};
use reqwest::Method;
use serde_json::{Map, Value};

use super::{Client, ClientError};

impl Client {
    /// Fetches one page of the book list.
    pub async fn list_books(&self, query: &BookQuery) -> Result<Page<BookSummary>, ClientError> {
        self.send_json(self.get("/books").query(query)).await
    }

    /// Fetches every page of the book list, following `next_cursor` to the end. A
    /// failed page fails the whole call, so a partial list is never taken as whole.
    pub async fn list_all_books(&self, query: &BookQuery) -> Result<Vec<BookSummary>, ClientError> {
        let mut query = query.clone();
        query.limit = Some(BookQuery::MAX_LIMIT);
        let mut books = Vec::new();
        loop {
            let page = self.list_books(&query).await?;
            books.extend(page.items);
            match page.next_cursor {
                Some(cursor) => query.cursor = Some(cursor),
                None => return Ok(books),
            }
        }
    }

    pub async fn book(&self, id: i64) -> Result<Book, ClientError> {
        self.send_json(self.get(&format!("/books/{id}"))).await
    }

    pub async fn create_book(&self, new: &NewBook) -> Result<Book, ClientError> {
        self.send_json(self.request(Method::POST, "/books").json(new))
            .await
    }

    /// Replaces the bibliographic fields; `version` is the book's version.
    pub async fn update_book(
        &self,
        id: i64,
        version: i64,
        fields: &BookFields,
    ) -> Result<Book, ClientError> {
        let request = self.write(Method::PUT, &format!("/books/{id}"), version);
        self.send_json(request.json(fields)).await
    }

    /// Deletes book `id` at `version`. With `entry_version`, the server rejects the
    /// delete with 412 if the book's status, rating, review, notes or readings
    /// changed since that version, which the book's own version does not cover.
    pub async fn delete_book(
        &self,
        id: i64,
        version: i64,
        entry_version: Option<i64>,
    ) -> Result<(), ClientError> {
        let path = match entry_version {
            Some(entry_version) => format!("/books/{id}?entry_version={entry_version}"),
            None => format!("/books/{id}"),
        };
        self.send_empty(self.write(Method::DELETE, &path, version))
            .await
    }

    /// Merges book `from` into book `into` and deletes `from`; `version` is the
    /// version of `into`.
    pub async fn merge_books(
        &self,
        into: i64,
        from: i64,
        version: i64,
    ) -> Result<MergedBook, ClientError> {
        let request = self.write(Method::POST, &format!("/books/{into}/merge"), version);
        self.send_json(request.json(&serde_json::json!({ "from": from })))
            .await
    }

    /// Changes the reader's entry; `version` is the entry's version.
    pub async fn update_entry(
        &self,
        book_id: i64,
        version: i64,
        patch: &EntryPatch,
    ) -> Result<Entry, ClientError> {
        // A status change opens or closes a reading on the server, which should carry
        // the reader's local date rather than the server's date in UTC.
        let mut patch = patch.clone();
        if patch.status.is_some() && patch.status_date.is_none() {
            let today = chrono::Local::now().date_naive();
            patch.status_date = Some(estante_backend::dates::PartialDate::from_naive(today));
        }
        let request = self.write(Method::PATCH, &format!("/books/{book_id}/entry"), version);
        self.send_json(request.json(&entry_patch_body(&patch)?))
            .await
    }

    pub async fn add_reading(
        &self,
        book_id: i64,
        fields: &ReadingFields,
    ) -> Result<Reading, ClientError> {
        let request = self.request(Method::POST, &format!("/books/{book_id}/readings"));
        self.send_json(request.json(fields)).await
    }

    pub async fn reading(&self, id: i64) -> Result<Reading, ClientError> {
        self.send_json(self.get(&format!("/readings/{id}"))).await
    }

    pub async fn update_reading(
        &self,
        id: i64,
        version: i64,
        fields: &ReadingFields,
    ) -> Result<Reading, ClientError> {
        let request = self.write(Method::PUT, &format!("/readings/{id}"), version);
        self.send_json(request.json(fields)).await
    }

    pub async fn delete_reading(&self, id: i64, version: i64) -> Result<(), ClientError> {
        self.send_empty(self.write(Method::DELETE, &format!("/readings/{id}"), version))
            .await
    }

    /// Returns the cover image of a book, or `None` when it has none (404).
    pub async fn cover(&self, book_id: i64) -> Result<Option<Vec<u8>>, ClientError> {
        let request = self.get(&format!("/books/{book_id}/cover"));
        match self.send(request).await {
            Ok(response) => {
                let bytes = response
                    .bytes()
                    .await
                    .map_err(|error| super::transport_error(&self.base_url, error))?;
                Ok(Some(bytes.to_vec()))
            }
            Err(error) if error.status() == Some(404) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Asks the server to fetch the cover from Open Library by the book's ISBN and
    /// store it. The server returns 404 when Open Library has none and 422 when the
    /// book has no ISBN.
    pub async fn fetch_cover(&self, book_id: i64) -> Result<(), ClientError> {
        let path = format!("/books/{book_id}/cover/fetch");
        self.send_empty(self.request(Method::POST, &path)).await
    }

    /// Stores `bytes` (a JPEG or PNG image of `content_type`) as the book's cover.
    pub async fn put_cover(
        &self,
        book_id: i64,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> Result<(), ClientError> {
        let request = self
            .request(Method::PUT, &format!("/books/{book_id}/cover"))
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(bytes);
        self.send_empty(request).await
    }

    /// Statistics for `year`, or for all time.
    pub async fn stats(&self, year: Option<i32>) -> Result<Stats, ClientError> {
        let mut request = self.get("/stats");
        if let Some(year) = year {
            request = request.query(&[("year", year)]);
        }
        self.send_json(request).await
    }
}

/// Serialises a patch with only the fields it sets.
///
/// `EntryPatch`'s derived `Serialize` writes an absent field as `null`, which the
/// server reads as "clear this field", so sending it as it is would erase the rating,
/// review and notes on every status change.
pub fn entry_patch_body(patch: &EntryPatch) -> Result<Value, ClientError> {
    let full =
        serde_json::to_value(patch).map_err(|error| ClientError::Decode(error.to_string()))?;
    let Value::Object(full) = full else {
        return Err(ClientError::Decode(
            "the entry patch is not an object".to_string(),
        ));
    };
    let present = [
        ("status", patch.status.is_some()),
        ("rating", patch.rating.is_some()),
        ("review", patch.review.is_some()),
        ("review_spoiler", patch.review_spoiler.is_some()),
        ("private_notes", patch.private_notes.is_some()),
        ("owned_copies", patch.owned_copies.is_some()),
        ("date_added", patch.date_added.is_some()),
        ("status_date", patch.status_date.is_some()),
    ];
    let body: Map<String, Value> = full
        .into_iter()
        .filter(|(key, _)| present.iter().any(|(name, is_set)| *is_set && name == key))
        .collect();
    Ok(Value::Object(body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use estante_backend::model::{Rating, ReadingStatus};

    #[test]
    fn patch_body_keeps_only_set_fields() {
        let patch = EntryPatch {
            status: Some(ReadingStatus::Read),
            rating: Some(None),
            ..EntryPatch::default()
        };
        let body = entry_patch_body(&patch).unwrap();
        assert_eq!(body, serde_json::json!({"status": "read", "rating": null}));
    }

    #[test]
    fn patch_body_sends_rating_in_stars() {
        let patch = EntryPatch {
            rating: Some(Some(Rating::from_quarters(17).unwrap())),
            ..EntryPatch::default()
        };
        let body = entry_patch_body(&patch).unwrap();
        assert_eq!(body, serde_json::json!({"rating": 4.25}));
    }
}
