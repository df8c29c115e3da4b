//! Books, their library entries and readings, and the statistics.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;

use super::AppState;
use super::error::ApiError;
use super::extract::{
    ApiJson, ApiPath, ApiQuery, AuthLibrary, AuthUser, UniqueKeys, if_match, with_etag,
};
use crate::model::{BookFields, ReadingFields};
use crate::storage::{
    Book, BookQuery, BookSummary, Entry, EntryPatch, MergedBook, NewBook, NotKept, Page, Reading,
    Stats, StoreError,
};
use crate::validate;

/// Lists the caller's books, filtered, searched and sorted, one page at a time.
#[utoipa::path(get, path = "/api/v1/books", params(BookQuery),
    responses((status = 200, body = Page<BookSummary>), (status = 422, body = super::Problem)),
    security(("bearer" = [])), tag = "books")]
pub async fn list(
    State(state): State<AppState>,
    AuthLibrary { user, revision }: AuthLibrary,
    RawQuery(raw): RawQuery,
    ApiQuery(query): ApiQuery<BookQuery>,
) -> Result<Response, ApiError> {
    // A first page is kept under the library's revision, which every write moves on,
    // so a cached page is always the one the database would give now.
    let raw = raw.unwrap_or_default();
    let cached = query.cursor.is_none() && state.pages.takes(&raw);
    if cached && let Some(body) = state.pages.get(user.id, revision, &raw) {
        return Ok(json_body(body));
    }
    // The search index serves only the revision the request read, so its page is the
    // database's page.
    let body = match state
        .search
        .page(&state.store, user.user_id(), revision, &query)
    {
        Some(body) => body,
        None => {
            let page = state.store.list_books(user.user_id(), &query).await?;
            let body = serde_json::to_vec(&page)
                .map_err(|error| ApiError::Internal(format!("list page as JSON: {error}")))?;
            Bytes::from(body)
        }
    };
    if cached {
        state.pages.put(user.id, revision, &raw, body.clone());
    }
    Ok(json_body(body))
}

fn json_body(body: Bytes) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// Adds a book to the caller's library. The ISBN-10 and ISBN-13 fill each other in.
#[utoipa::path(post, path = "/api/v1/books", request_body = NewBook,
    responses((status = 201, body = Book), (status = 409, body = super::Problem),
        (status = 422, body = super::Problem)),
    security(("bearer" = [])), tag = "books")]
pub async fn create(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiJson(UniqueKeys(body)): ApiJson<UniqueKeys>,
) -> Result<Response, ApiError> {
    let mut new = parse_new_book(body)?;
    validate::normalize_book(&mut new.fields)?;
    validate::has_happened(
        "entry.date_added",
        new.entry.as_ref().and_then(|entry| entry.date_added),
    )?;
    let book = state.store.create_book(user.user_id(), &new).await?;
    tracing::info!(book_id = book.id, user_id = user.id, "book created");
    let mut response = with_etag(book.version, book);
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}

/// Reads a [`NewBook`] in two steps, because serde loses the path of an error inside
/// a flattened struct and the client needs the field name.
fn parse_new_book(mut body: serde_json::Value) -> Result<NewBook, ApiError> {
    require_object(&body, book_not_object)?;
    let entry = body
        .as_object_mut()
        .and_then(|object| object.remove("entry"));
    let fields: BookFields = from_value(body, "")?;
    let entry = match entry {
        Some(serde_json::Value::Null) | None => None,
        Some(entry @ serde_json::Value::Object(_)) => Some(from_value(entry, "entry.")?),
        Some(_) => {
            return Err(ApiError::invalid(
                "entry",
                crate::msg!(
                    "entry-not-object",
                    "send the entry as a JSON object of its fields, or null"
                ),
            ));
        }
    };
    Ok(NewBook { fields, entry })
}

/// Rejects a body that is not a JSON object, with `detail` as the reason. serde would
/// also read a struct from an array, field by field in order, so `["Emma"]` would
/// pass for a book.
fn require_object(
    body: &serde_json::Value,
    detail: impl FnOnce() -> String,
) -> Result<(), ApiError> {
    if body.is_object() {
        return Ok(());
    }
    Err(ApiError::invalid("body", detail()))
}

/// Returns the reason given for a book body that is not an object.
fn book_not_object() -> String {
    crate::msg!(
        "body-not-object",
        "send the book as a JSON object with at least a title"
    )
}

/// Reads a reading's dates and progress from a JSON object, for the same reasons as
/// a book: an array would be read field by field, and a misspelled `finshed` dropped.
fn parse_reading(body: serde_json::Value) -> Result<ReadingFields, ApiError> {
    require_object(&body, || {
        crate::msg!(
            "reading-not-object",
            "send the reading as a JSON object of its fields, such as started and finished"
        )
    })?;
    from_value(body, "")
}

/// Reads `value` as a `T`, naming the field at fault in the error. A key that `T`
/// has no field for is an error too: serde would skip it, so a misspelled
/// `dateAdded` would be dropped while the request succeeded. Every such key is
/// named, so a client that sends back a whole book read from the server learns of
/// all the server's own fields at once.
fn from_value<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
    prefix: &str,
) -> Result<T, ApiError> {
    let mut unknown: Vec<String> = Vec::new();
    let mut note_unknown = |path: serde_ignored::Path| {
        unknown.push(format!("{prefix}{}", field_path(&path)));
    };
    let parsed = serde_path_to_error::deserialize(serde_ignored::Deserializer::new(
        value,
        &mut note_unknown,
    ));
    let value = match parsed {
        Ok(value) => value,
        // A misspelled key often leaves a required field missing: the stray key is
        // the cause to name.
        Err(_) if !unknown.is_empty() => return Err(unknown_fields(unknown)),
        Err(error) => {
            let path = error.path().to_string();
            let message = error.inner().to_string();
            // serde names the value itself "."; inside the entry that value is
            // `entry`. A missing field is named by its own path.
            let missing = message
                .strip_prefix("missing field `")
                .and_then(|rest| rest.split_once('`'))
                .map(|(name, _)| name);
            let field = match (path.as_str(), missing) {
                (".", Some(name)) => format!("{prefix}{name}"),
                (_, Some(name)) => format!("{prefix}{path}.{name}"),
                (".", None) if prefix.is_empty() => "body".to_string(),
                (".", None) => prefix.trim_end_matches('.').to_string(),
                _ => format!("{prefix}{path}"),
            };
            return Err(ApiError::invalid(field, message));
        }
    };
    if unknown.is_empty() {
        Ok(value)
    } else {
        Err(unknown_fields(unknown))
    }
}

/// Builds the error for keys that name no field: the first is the `field`, and the
/// detail lists the others.
fn unknown_fields(mut fields: Vec<String>) -> ApiError {
    let first = fields.remove(0);
    let detail = if fields.is_empty() {
        crate::msg!(
            "field-unknown",
            "there is no field by this name here; check its spelling against \
             /api/v1/openapi.json, and leave out fields the server sets, such as id"
        )
    } else {
        crate::msg!(
            "fields-unknown",
            "there is no field by this name here, nor by {others}; check the spelling \
             against /api/v1/openapi.json, and leave out fields the server sets, such as \
             id and version",
            others = list_some(&fields)
        )
    };
    ApiError::invalid(first, detail)
}

/// Joins at most ten names, so a body of many stray keys gets a short error.
fn list_some(names: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut list = names[..names.len().min(SHOWN)].join(", ");
    if names.len() > SHOWN {
        list.push_str(", …");
    }
    list
}

/// Cuts a key to at most 64 characters for an error, as a key can be as long as the
/// body allows.
fn shorten_key(key: &str) -> String {
    const MAX_CHARS: usize = 64;
    match key.char_indices().nth(MAX_CHARS) {
        Some((end, _)) => format!("{}…", &key[..end]),
        None => key.to_string(),
    }
}

/// Writes an ignored key's path as serde_path_to_error writes a failing one, such as
/// `contributors[1].nmae`, so both kinds of error name fields alike.
fn field_path(path: &serde_ignored::Path) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}[{index}]", field_path(parent)),
        Path::Map { parent, key } => {
            let parent = field_path(parent);
            let key = shorten_key(key);
            if parent.is_empty() {
                key
            } else {
                format!("{parent}.{key}")
            }
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => field_path(parent),
    }
}

#[utoipa::path(get, path = "/api/v1/books/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = Book), (status = 404, body = super::Problem)),
    security(("bearer" = [])), tag = "books")]
pub async fn show(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    let book = state.store.book(user.user_id(), id).await?;
    Ok(with_etag(book.version, book))
}

/// Replaces the bibliographic fields of a book. The reader's entry, readings, shelves
/// and tags have their own endpoints and are not changed.
#[utoipa::path(put, path = "/api/v1/books/{id}", params(("id" = i64, Path),
        ("If-Match" = String, Header, description = "ETag of the book from the last read")),
    request_body = BookFields,
    responses((status = 200, body = Book), (status = 404, body = super::Problem),
        (status = 412, body = super::Problem), (status = 428, body = super::Problem)),
    security(("bearer" = [])), tag = "books")]
pub async fn update(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(UniqueKeys(body)): ApiJson<UniqueKeys>,
) -> Result<Response, ApiError> {
    let version = if_match(&headers)?;
    require_object(&body, book_not_object)?;
    let mut fields: BookFields = from_value(body, "")?;
    validate::normalize_book(&mut fields)?;
    let book = state
        .store
        .update_book(user.user_id(), id, version, &fields)
        .await?;
    Ok(with_etag(book.version, book))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DeleteBookQuery {
    /// Version of the book's library entry from the last read. When given, the
    /// delete fails with 412 if the status, rating, review, notes or readings
    /// changed since, which the book's own version does not cover.
    #[param(minimum = 1)]
    pub entry_version: Option<i64>,
}

/// Deletes a book with its entry, readings and cover.
#[utoipa::path(delete, path = "/api/v1/books/{id}", params(("id" = i64, Path),
        ("If-Match" = String, Header, description = "ETag of the book from the last read"),
        DeleteBookQuery),
    responses((status = 204), (status = 404, body = super::Problem),
        (status = 412, body = super::Problem), (status = 422, body = super::Problem),
        (status = 428, body = super::Problem)),
    security(("bearer" = [])), tag = "books")]
pub async fn delete(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<DeleteBookQuery>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let version = if_match(&headers)?;
    // Versions start at 1, so a smaller one is a mistake in the request, not a
    // stale read: 412 would send the client to read the entry again for nothing.
    if let Some(entry_version) = query.entry_version.filter(|version| *version < 1) {
        return Err(ApiError::invalid(
            "entry_version",
            crate::msg!(
                "entry-version-not-positive",
                "{value} is not a version: versions start at 1; send the entry's `version` \
                 from its last read",
                value = entry_version
            ),
        ));
    }
    let deleted = state
        .store
        .delete_book(user.user_id(), id, version, query.entry_version)
        .await;
    match deleted {
        Err(StoreError::VersionMismatch {
            entity: "library entry",
            current,
        }) => return Err(ApiError::EntryVersionMismatch { current }),
        other => other?,
    }
    super::covers::forget_cover(&state, user.user_id(), id).await;
    tracing::info!(book_id = id, user_id = user.id, "book deleted");
    Ok(StatusCode::NO_CONTENT)
}

/// The body of a merge: the copy to merge into the book of the path.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MergeRequest {
    /// Id of the other copy, which is deleted once merged.
    pub from: i64,
}

/// Merges another copy of a book into this one, as for a duplicate that an import
/// flagged. This book keeps its values and takes those it lacks. Readings, shelves
/// and tags are joined, and two different reviews or private notes are both kept.
/// The earlier date added stays, and the cover moves over when this book has none.
/// The other copy is then deleted. `not_kept` lists the copy's values that this book had
/// otherwise.
#[utoipa::path(post, path = "/api/v1/books/{id}/merge", params(("id" = i64, Path),
        ("If-Match" = String, Header, description = "ETag of the book from the last read")),
    request_body = MergeRequest,
    responses((status = 200, body = MergedBook), (status = 404, body = super::Problem),
        (status = 412, body = super::Problem), (status = 422, body = super::Problem),
        (status = 428, body = super::Problem)),
    security(("bearer" = [])), tag = "books")]
pub async fn merge(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(UniqueKeys(body)): ApiJson<UniqueKeys>,
) -> Result<Response, ApiError> {
    let version = if_match(&headers)?;
    require_object(&body, || {
        crate::msg!(
            "merge-not-object",
            "send a JSON object with the id of the copy to merge in from"
        )
    })?;
    let request: MergeRequest = from_value(body, "")?;
    let mut merged = state
        .store
        .merge_books(user.user_id(), id, request.from, version)
        .await?;
    if super::covers::adopt_cover(&state, user.user_id(), request.from, id).await {
        merged.not_kept.push(NotKept {
            field: "cover".to_string(),
            value: crate::msg!(
                "merge-cover-dropped",
                "the cover of book {id}",
                id = request.from
            ),
        });
    }
    tracing::info!(
        book_id = id,
        merged = request.from,
        user_id = user.id,
        "books merged"
    );
    Ok(with_etag(merged.book.version, merged))
}

/// Returns the reader's side of a book, with the entry's own version as its ETag:
/// the version that PATCH on this URL checks. The book's ETag counts the book's
/// changes, not the entry's, so it must not be sent here.
#[utoipa::path(get, path = "/api/v1/books/{id}/entry", params(("id" = i64, Path)),
    responses((status = 200, body = Entry), (status = 404, body = super::Problem)),
    security(("bearer" = [])), tag = "books")]
pub async fn show_entry(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    let book = state.store.book(user.user_id(), id).await?;
    Ok(with_etag(book.entry.version, book.entry))
}

/// Changes the reader's side of a book: status, rating, review, notes, copies. Fields
/// left out stay as they are; `null` clears one. A patch that changes nothing returns
/// the entry with its version as it was.
#[utoipa::path(patch, path = "/api/v1/books/{id}/entry", params(("id" = i64, Path),
        ("If-Match" = String, Header, description = "ETag of GET on this URL, or the \
        `version` of `entry` in the book; the book's own ETag is a different count")),
    request_body = EntryPatch,
    responses((status = 200, body = Entry), (status = 404, body = super::Problem),
        (status = 412, body = super::Problem), (status = 422, body = super::Problem),
        (status = 428, body = super::Problem)),
    security(("bearer" = [])), tag = "books")]
pub async fn update_entry(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(UniqueKeys(body)): ApiJson<UniqueKeys>,
) -> Result<Response, ApiError> {
    let version = if_match(&headers)?;
    require_object(&body, || {
        crate::msg!(
            "patch-not-object",
            "send the changes as a JSON object of the fields to change"
        )
    })?;
    let patch: EntryPatch = from_value(body, "")?;
    // The date belongs to a status change. Alone it would change nothing, and the
    // client would take the reading's dates as set.
    if patch.status.is_none() && patch.status_date.is_some() {
        return Err(ApiError::invalid(
            "status_date",
            crate::msg!(
                "status-date-without-status",
                "dates a status change, so send it with status; to change a reading's \
                 dates, use PUT /api/v1/readings/ID"
            ),
        ));
    }
    validate::has_happened("date_added", patch.date_added.flatten())?;
    validate::has_happened("status_date", patch.status_date)?;
    let entry = state
        .store
        .update_entry(user.user_id(), id, version, &patch)
        .await?;
    Ok(with_etag(entry.version, entry))
}

/// Records a reading of a book: a re-read is a new reading, so each keeps its dates.
#[utoipa::path(post, path = "/api/v1/books/{id}/readings", params(("id" = i64, Path)),
    request_body = ReadingFields,
    responses((status = 201, body = Reading), (status = 404, body = super::Problem),
        (status = 422, body = super::Problem)),
    security(("bearer" = [])), tag = "readings")]
pub async fn add_reading(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(UniqueKeys(body)): ApiJson<UniqueKeys>,
) -> Result<Response, ApiError> {
    let fields = parse_reading(body)?;
    validate::reading_has_happened(&fields)?;
    let reading = state.store.add_reading(user.user_id(), id, &fields).await?;
    let mut response = with_etag(reading.version, reading);
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}

#[utoipa::path(get, path = "/api/v1/readings/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = Reading), (status = 404, body = super::Problem)),
    security(("bearer" = [])), tag = "readings")]
pub async fn show_reading(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    let reading = state.store.reading(user.user_id(), id).await?;
    Ok(with_etag(reading.version, reading))
}

#[utoipa::path(put, path = "/api/v1/readings/{id}", params(("id" = i64, Path),
        ("If-Match" = String, Header, description = "ETag of the reading from the last read")),
    request_body = ReadingFields,
    responses((status = 200, body = Reading), (status = 404, body = super::Problem),
        (status = 412, body = super::Problem), (status = 422, body = super::Problem),
        (status = 428, body = super::Problem)),
    security(("bearer" = [])), tag = "readings")]
pub async fn update_reading(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(UniqueKeys(body)): ApiJson<UniqueKeys>,
) -> Result<Response, ApiError> {
    let version = if_match(&headers)?;
    let fields = parse_reading(body)?;
    validate::reading_has_happened(&fields)?;
    let reading = state
        .store
        .update_reading(user.user_id(), id, version, &fields)
        .await?;
    Ok(with_etag(reading.version, reading))
}

#[utoipa::path(delete, path = "/api/v1/readings/{id}", params(("id" = i64, Path),
        ("If-Match" = String, Header, description = "ETag of the reading from the last read")),
    responses((status = 204), (status = 404, body = super::Problem),
        (status = 412, body = super::Problem), (status = 428, body = super::Problem)),
    security(("bearer" = [])), tag = "readings")]
pub async fn delete_reading(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let version = if_match(&headers)?;
    state
        .store
        .delete_reading(user.user_id(), id, version)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct StatsQuery {
    /// Calendar year; all time when absent.
    pub year: Option<i32>,
}

/// Reading statistics for a year or for all time.
#[utoipa::path(get, path = "/api/v1/stats", params(StatsQuery),
    responses((status = 200, body = Stats), (status = 422, body = super::Problem)),
    security(("bearer" = [])), tag = "stats")]
pub async fn stats(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiQuery(query): ApiQuery<StatsQuery>,
) -> Result<impl IntoResponse, ApiError> {
    // A year that has not begun has nothing to count, and is most often a slip such
    // as 2205 for 2025. A client east of UTC can be a day ahead, in the next year.
    use chrono::Datelike as _;
    let latest = (chrono::Utc::now().date_naive() + chrono::Days::new(1)).year();
    if let Some(year) = query.year
        && !(1..=latest).contains(&year)
    {
        return Err(ApiError::invalid(
            "year",
            crate::msg!(
                "stats-year-begun",
                "{year} is not between 1 and {latest}; give a year that has begun",
                year = year,
                latest = latest
            ),
        ));
    }
    Ok(axum::Json(
        state.store.stats(user.user_id(), query.year).await?,
    ))
}
