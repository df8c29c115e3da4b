//! Book covers: JPEG or PNG images kept in the blob store under `USER_ID/BOOK_ID`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::error::ApiError;
use super::extract::{ApiPath, AuthUser};
use crate::blob::{BlobError, BlobStore};
use crate::cover_image::{self, CoverImageError};
use crate::storage::UserId;
use tokio::sync::Semaphore;

/// Largest cover accepted: 2 MiB, which axum also applies to every body read as
/// bytes. Larger uploads get 413.
pub const MAX_COVER_BYTES: usize = 2 * 1024 * 1024;

/// Decodes running at once. Each may allocate up to
/// [`cover_image::MAX_DECODE_BYTES`], so this bounds the memory that uploads can
/// take together; further uploads wait for a turn.
static DECODES: Semaphore = Semaphore::const_new(2);

/// Decodes cover bytes on a blocking thread and returns why they cannot be a cover.
async fn check_image(bytes: Bytes) -> Result<(), CoverImageError> {
    // DECODES is never closed, so acquiring fails only if that changes.
    let Ok(_turn) = DECODES.acquire().await else {
        return Err(CoverImageError::Damaged("decode queue closed".to_string()));
    };
    match tokio::task::spawn_blocking(move || cover_image::check(&bytes)).await {
        Ok(checked) => checked.map(|_| ()),
        // A panic in the decoder rejects the upload as damaged rather than storing
        // it.
        Err(error) => Err(CoverImageError::Damaged(error.to_string())),
    }
}

/// Builds the 422 problem of an upload that is not a whole JPEG or PNG image.
fn invalid_image(error: CoverImageError) -> ApiError {
    let reason = match error {
        CoverImageError::NotImage => {
            crate::msg!("cover-not-image", "the cover must be a JPEG or PNG image")
        }
        CoverImageError::JpegCut => crate::msg!(
            "cover-jpeg-cut",
            "the cover is cut short: the JPEG ends before its end-of-image marker; \
             save the image again and upload it again"
        ),
        CoverImageError::JpegTooLittleData { width, height } => crate::msg!(
            "cover-jpeg-too-little-data",
            "the cover is damaged: the JPEG declares {width} × {height} pixels but holds \
             data for far fewer; save the image again and upload it again",
            width = width,
            height = height
        ),
        CoverImageError::PngDamaged => crate::msg!(
            "cover-png-damaged",
            "the cover is damaged: a chunk of the PNG has a wrong checksum, or the file \
             ends before its last chunk; save the image again and upload it again"
        ),
        CoverImageError::TooManyPixels { width, height } => crate::msg!(
            "cover-too-many-pixels",
            "the cover is {width} × {height} pixels, more than {max} a side; scale it down \
             and upload it again",
            width = width,
            height = height,
            max = cover_image::MAX_SIDE
        ),
        CoverImageError::TooMuchMemory { width, height, mib } => crate::msg!(
            "cover-too-much-memory",
            "the cover is {width} × {height} pixels and needs {mib} MiB to decode, more \
             than the {max} MiB allowed; scale it down or save it with 8 bits a channel",
            width = width,
            height = height,
            mib = mib,
            max = cover_image::MAX_DECODE_BYTES / 1024 / 1024
        ),
        CoverImageError::Damaged(reason) => crate::msg!(
            "cover-damaged",
            "the cover is damaged ({reason}); save the image again and upload it again",
            reason = reason
        ),
    };
    ApiError::invalid("cover", reason)
}

fn cover_key(user: UserId, book_id: i64) -> String {
    format!("{}/{book_id}", user.0)
}

fn covers(state: &AppState) -> Result<&BlobStore, ApiError> {
    state.covers.as_deref().ok_or_else(|| {
        ApiError::Unavailable(crate::msg!(
            "covers-unavailable",
            "covers are unavailable: the server has no blob store configured"
        ))
    })
}

fn blob_error(error: BlobError) -> ApiError {
    match error {
        BlobError::NotFound { .. } => ApiError::NotFound("cover".to_string()),
        other => {
            tracing::error!(error = %other, "cover storage failed");
            ApiError::Internal(other.to_string())
        }
    }
}

/// Removes the cover of a deleted book. A failure is logged, not returned: the book
/// is gone either way, and a stray cover costs only storage.
pub(super) async fn forget_cover(state: &AppState, user: UserId, book_id: i64) {
    let Some(blobs) = state.covers.as_ref() else {
        return;
    };
    match blobs.delete(&cover_key(user, book_id)).await {
        Ok(()) | Err(BlobError::NotFound { .. }) => {}
        Err(error) => tracing::warn!(%error, book_id, "cannot delete the cover of a deleted book"),
    }
}

/// Moves the cover of a merged copy to the book it was merged into, when that book
/// has none, and removes the copy's. Returns true when both had a cover, so the
/// copy's was dropped. Failures are logged, not returned: the merge has committed,
/// and a cover left behind costs only storage.
pub(super) async fn adopt_cover(state: &AppState, user: UserId, from: i64, into: i64) -> bool {
    let Some(blobs) = state.covers.as_ref() else {
        return false;
    };
    let copy_has_cover = || async { blobs.get(&cover_key(user, from)).await.is_ok() };
    let moved = match blobs.get(&cover_key(user, into)).await {
        Ok(_) => Ok(copy_has_cover().await),
        Err(BlobError::NotFound { .. }) => match blobs.get(&cover_key(user, from)).await {
            Ok(bytes) => blobs
                .put(&cover_key(user, into), bytes.to_vec())
                .await
                .map(|()| false),
            Err(BlobError::NotFound { .. }) => Ok(false),
            Err(error) => Err(error),
        },
        Err(error) => Err(error),
    };
    match moved {
        Ok(dropped) => {
            forget_cover(state, user, from).await;
            dropped
        }
        Err(error) => {
            tracing::warn!(%error, from, into, "cannot move the cover of a merged book");
            false
        }
    }
}

/// Stores the cover of a book, replacing any earlier one.
#[utoipa::path(put, path = "/api/v1/books/{id}/cover",
    params(("id" = i64, Path, description = "Book id")),
    request_body(content = Vec<u8>, content_type = "image/jpeg"),
    responses((status = 204), (status = 404, body = super::Problem),
        (status = 413, body = super::Problem), (status = 422, body = super::Problem),
        (status = 503, body = super::Problem)),
    security(("bearer" = [])), tag = "books")]
pub async fn put_cover(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiPath(book_id): ApiPath<i64>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let blobs = covers(&state)?;
    state.store.book(user.user_id(), book_id).await?;
    check_image(body.clone()).await.map_err(invalid_image)?;
    blobs
        .put(&cover_key(user.user_id(), book_id), body.to_vec())
        .await
        .map_err(blob_error)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Fetches the cover of a book from Open Library by the book's ISBN and stores it,
/// replacing any earlier one. A book without an ISBN gets 422, and an ISBN Open
/// Library has no cover for gets 404.
#[utoipa::path(post, path = "/api/v1/books/{id}/cover/fetch",
    params(("id" = i64, Path, description = "Book id")),
    responses((status = 204), (status = 404, body = super::Problem),
        (status = 422, body = super::Problem), (status = 503, body = super::Problem)),
    security(("bearer" = [])), tag = "books")]
pub async fn fetch_cover(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiPath(book_id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    let blobs = covers(&state)?;
    let book = state.store.book(user.user_id(), book_id).await?;
    let Some(isbn) = book.fields.isbn13.or(book.fields.isbn10) else {
        return Err(ApiError::invalid(
            "isbn",
            crate::msg!(
                "cover-no-isbn",
                "the book has no ISBN to look its cover up by; add one, or upload the cover"
            ),
        ));
    };

    // With `default=false`, Open Library responds 404 instead of sending a blank image.
    let url = format!("{}/b/isbn/{isbn}-L.jpg?default=false", state.cover_source);
    // The messages name the service the server is set to use, which is not always
    // Open Library, and word the reason in the request's language.
    let source = source_name(&state.cover_source);
    let unreachable = |reason: String| {
        tracing::warn!(book_id, %isbn, reason, "cover fetch failed");
        ApiError::Unavailable(crate::msg!(
            "cover-fetch-failed",
            "the cover could not be fetched from {source} ({reason}); try again later, \
             or upload the cover",
            source = source.as_str(),
            reason = reason
        ))
    };
    let too_large = || crate::msg!("cover-reason-too-large", "the image is larger than 2 MiB");
    let response = state
        .http
        .get(&url)
        .send()
        .await
        .map_err(|error| unreachable(request_failure(&error)))?;
    match response.status() {
        status if status.is_success() => {}
        reqwest::StatusCode::NOT_FOUND => {
            return Err(ApiError::Missing(crate::msg!(
                "detail-open-library-no-cover",
                "{source} has no cover for ISBN {isbn}",
                source = source.as_str(),
                isbn = isbn
            )));
        }
        status => {
            return Err(unreachable(crate::msg!(
                "cover-reason-status",
                "it answered {status}",
                status = status.to_string()
            )));
        }
    }
    if response
        .content_length()
        .is_some_and(|length| length > MAX_COVER_BYTES as u64)
    {
        return Err(unreachable(too_large()));
    }
    let bytes = response
        .bytes()
        .await
        .map_err(|error| unreachable(request_failure(&error)))?;
    if bytes.len() > MAX_COVER_BYTES {
        return Err(unreachable(too_large()));
    }
    match check_image(bytes.clone()).await {
        Ok(()) => {}
        Err(CoverImageError::NotImage) => {
            return Err(unreachable(crate::msg!(
                "cover-reason-not-image",
                "the response is not a JPEG or PNG image"
            )));
        }
        Err(error) => return Err(unreachable(error.to_string())),
    }
    blobs
        .put(&cover_key(user.user_id(), book_id), bytes.to_vec())
        .await
        .map_err(blob_error)?;
    tracing::info!(book_id, %isbn, source, "cover fetched");
    Ok(StatusCode::NO_CONTENT)
}

/// Returns the host and port of the covers service, as messages name it.
fn source_name(base_url: &str) -> String {
    match reqwest::Url::parse(base_url) {
        Ok(url) => match (url.host_str(), url.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_string(),
            (None, _) => base_url.to_string(),
        },
        Err(_) => base_url.to_string(),
    }
}

/// Words why a request to the covers service failed, in the request's language:
/// reqwest's own text is English and vague ("error sending request").
fn request_failure(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        crate::msg!(
            "cover-reason-timeout",
            "no answer within {seconds} s",
            seconds = super::COVER_FETCH_TIMEOUT.as_secs()
        )
    } else if error.is_connect() {
        crate::msg!("cover-reason-connect", "the connection failed")
    } else {
        crate::msg!("cover-reason-request", "the request failed")
    }
}

/// Returns the cover of a book, or 404 when the book has none.
#[utoipa::path(get, path = "/api/v1/books/{id}/cover",
    params(("id" = i64, Path, description = "Book id")),
    responses((status = 200, content_type = "image/jpeg"), (status = 404, body = super::Problem),
        (status = 503, body = super::Problem)),
    security(("bearer" = [])), tag = "books")]
pub async fn get_cover(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiPath(book_id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    let blobs = covers(&state)?;
    state.store.book(user.user_id(), book_id).await?;
    let bytes = blobs
        .get(&cover_key(user.user_id(), book_id))
        .await
        .map_err(blob_error)?;
    let content_type = cover_image::content_type(&bytes).unwrap_or("application/octet-stream");
    Ok(([(header::CONTENT_TYPE, content_type)], bytes).into_response())
}
