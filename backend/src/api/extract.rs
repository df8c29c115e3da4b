//! Extractors that report bad requests as problem+json naming the field, and the
//! `If-Match` / `ETag` pair of optimistic concurrency.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::header::{ETAG, IF_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode, request::Parts};
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::error::ApiError;
use crate::auth::hash_token;
use crate::storage::{StoreError, User};

/// `axum::Json` with rejections as problem+json.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// `axum::extract::Query` with rejections as problem+json.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// `axum::extract::Path` with rejections as problem+json.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// Takes the field name from serde's "path: message" form when it is there.
fn field_and_detail(text: &str) -> (String, String) {
    let message = text
        .split_once("target type: ")
        .map(|(_, rest)| rest)
        .unwrap_or(text);
    match message.split_once(": ") {
        Some((field, _)) if !field.contains(' ') && !field.is_empty() => {
            (field.to_string(), message.to_string())
        }
        _ => ("body".to_string(), message.to_string()),
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let (field, detail) = field_and_detail(&rejection.body_text());
        match rejection {
            JsonRejection::MissingJsonContentType(_) => ApiError::invalid(
                "Content-Type",
                crate::msg!(
                    "body-not-json",
                    "send the body as JSON with Content-Type: application/json"
                ),
            ),
            rejection if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                ApiError::TooLarge {
                    field: "body".to_string(),
                    limit_bytes: super::DEFAULT_EXTRACTOR_BYTES,
                }
            }
            _ => ApiError::invalid(field, detail),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        let text = rejection.body_text();
        let message = text
            .split_once("query string: ")
            .map(|(_, rest)| rest.to_string())
            .unwrap_or(text);
        let field = message
            .split_once(": ")
            .map(|(field, _)| field)
            .filter(|field| !field.contains(' '))
            .unwrap_or("query")
            .to_string();
        ApiError::invalid(field, message)
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::invalid("path", rejection.body_text())
    }
}

/// Reads the version a write is based on from `If-Match: "N"` (a weak `W/"N"` or a
/// bare `N` are accepted too).
pub fn if_match(headers: &HeaderMap) -> Result<i64, ApiError> {
    let value = headers
        .get(IF_MATCH)
        .ok_or(ApiError::PreconditionRequired)?
        .to_str()
        .map_err(|_| {
            ApiError::invalid(
                "If-Match",
                crate::msg!("if-match-not-ascii", "is not ASCII text"),
            )
        })?;
    let trimmed = value.trim().trim_start_matches("W/").trim_matches('"');
    trimmed.parse().map_err(|_| {
        ApiError::invalid(
            "If-Match",
            crate::msg!(
                "if-match-not-version",
                "{value} is not a version; send the ETag from the last read, such as \"3\"",
                value = format!("{value:?}")
            ),
        )
    })
}

/// A JSON body with its version as a strong `ETag`.
pub fn with_etag<T: serde::Serialize>(version: i64, body: T) -> Response {
    let mut response = axum::Json(body).into_response();
    if let Ok(value) = HeaderValue::from_str(&format!("\"{version}\"")) {
        response.headers_mut().insert(ETAG, value);
    }
    response
}

/// The caller, authenticated by `Authorization: Bearer TOKEN`. Every handler that
/// touches a library takes this, so an unauthenticated request never reaches storage.
#[derive(Debug, Clone)]
pub struct AuthUser(pub User);

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .ok_or(ApiError::Unauthorized)?;
        let secret = header
            .strip_prefix("Bearer ")
            .map(str::trim)
            .filter(|secret| !secret.is_empty())
            .ok_or(ApiError::Unauthorized)?;
        match state.store.user_by_token(&hash_token(secret)).await {
            Ok(user) => Ok(Self(user)),
            Err(StoreError::NotFound(_)) => Err(ApiError::Unauthorized),
            Err(other) => Err(other.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_accepts_etag_forms() {
        for (text, expected) in [("\"3\"", 3), ("W/\"12\"", 12), ("7", 7)] {
            let mut headers = HeaderMap::new();
            headers.insert(IF_MATCH, HeaderValue::from_static(text));
            assert_eq!(if_match(&headers).unwrap(), expected, "{text}");
        }
    }

    #[test]
    fn if_match_missing_or_bad() {
        assert!(matches!(
            if_match(&HeaderMap::new()),
            Err(ApiError::PreconditionRequired)
        ));
        let mut headers = HeaderMap::new();
        headers.insert(IF_MATCH, HeaderValue::from_static("\"abc\""));
        assert!(matches!(if_match(&headers), Err(ApiError::Invalid { .. })));
    }

    #[test]
    fn serde_path_becomes_field() {
        let (field, detail) = field_and_detail(
            "Failed to deserialize the JSON body into the target type: rating: rating 4.3 is \
             not on the quarter-star grid at line 1 column 14",
        );
        assert_eq!(field, "rating");
        assert!(detail.starts_with("rating: rating 4.3"));
    }
}
