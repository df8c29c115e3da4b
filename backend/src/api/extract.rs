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

pub use crate::json::UniqueKeys;

/// `axum::extract::Query` with rejections as problem+json that name the parameter and
/// quote the value it was sent.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        if let Some(name) = repeated_parameter(parts.uri.query().unwrap_or("")) {
            return Err(ApiError::invalid(
                name,
                crate::msg!(
                    "query-repeated",
                    "this query parameter is given more than once; give it once"
                ),
            ));
        }
        if let Some(name) = undecodable_parameter(parts.uri.query().unwrap_or("")) {
            return Err(ApiError::invalid(
                name,
                crate::msg!(
                    "query-not-utf8",
                    "the value's percent-encoded bytes are not UTF-8 text; encode the text \
                     as UTF-8 before percent-encoding it"
                ),
            ));
        }
        axum::extract::Query::try_from_uri(&parts.uri)
            .map(|axum::extract::Query(value)| Self(value))
            .map_err(|rejection| query_error(&rejection, parts.uri.query().unwrap_or("")))
    }
}

/// Returns the first query parameter name that the query string gives twice.
/// serde rejected `limit=5&limit=6` with its own English "duplicate field", and
/// a list parameter such as `status` takes one value, not several.
///
/// It runs on every list and search request, which give a few parameters, so it
/// compares each name with those before it instead of allocating a set.
fn repeated_parameter(query: &str) -> Option<String> {
    let names = || {
        query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| pair.split_once('=').map_or(pair, |(name, _)| name))
    };
    names()
        .enumerate()
        .find(|&(index, name)| names().take(index).any(|earlier| earlier == name))
        .map(|(_, name)| name.chars().take(64).collect())
}

/// Returns the name of the first query parameter whose value, percent-decoded, is not
/// UTF-8. The query parser replaced such bytes with U+FFFD, so `q=%ff` searched for
/// a replacement character and returned 200.
fn undecodable_parameter(query: &str) -> Option<String> {
    if !query.contains('%') {
        return None;
    }
    query
        .split('&')
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .find(|(_, value)| std::str::from_utf8(&percent_decoded(value)).is_err())
        .map(|(name, _)| name.chars().take(64).collect())
}

/// Decodes `%XX` escapes into bytes and leaves everything else as it is.
fn percent_decoded(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escape = bytes.get(index + 1..index + 3).and_then(|hex| {
            let hex = std::str::from_utf8(hex).ok()?;
            u8::from_str_radix(hex, 16).ok()
        });
        match (bytes[index], escape) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                index += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    decoded
}

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

/// Turns a query string that does not fit its parameters into a problem. serde's own
/// text for a number that does not parse ("invalid digit found in string") names
/// neither the value nor what to send, so those errors quote the value and give an
/// example.
fn query_error(rejection: &QueryRejection, query: &str) -> ApiError {
    let text = rejection.body_text();
    let message = text
        .split_once("query string: ")
        .map(|(_, rest)| rest.to_string())
        .unwrap_or(text);
    // serde writes "unknown field `x`, expected one of `a`, `b`", after the path.
    let unknown = message
        .split_once("unknown field `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(name, rest)| {
            let expected = rest.split_once("expected ").map_or("", |(_, list)| list);
            (
                name.chars().take(64).collect::<String>(),
                expected.replace('`', ""),
            )
        });
    if let Some((name, expected)) = unknown {
        return ApiError::invalid(
            name,
            crate::msg!(
                "query-unknown",
                "there is no query parameter by this name here; the parameters are \
                 {expected}",
                expected = expected
            ),
        );
    }
    let Some((field, reason)) = message
        .split_once(": ")
        .filter(|(field, _)| !field.contains(' ') && !field.is_empty())
    else {
        return ApiError::invalid("query", message);
    };
    let value = form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == field)
        .map(|(_, value)| value.chars().take(64).collect::<String>());
    let detail = match (reason, value) {
        (
            "invalid digit found in string" | "cannot parse integer from empty string",
            Some(value),
        ) => {
            crate::msg!(
                "query-not-whole-number",
                "{field}: “{value}” is not a whole number of the kind this parameter takes; \
                 send digits only, such as 10",
                field = field,
                value = value
            )
        }
        ("number too large to fit in target type", Some(value)) => crate::msg!(
            "query-number-too-large",
            "{field}: {value} is too large; send a smaller number",
            field = field,
            value = value
        ),
        ("invalid float literal" | "cannot parse float from empty string", Some(value)) => {
            crate::msg!(
                "query-not-number",
                "{field}: “{value}” is not a number; send one such as 3.5",
                field = field,
                value = value
            )
        }
        _ => message.clone(),
    };
    ApiError::invalid(field, detail)
}

impl From<PathRejection> for ApiError {
    /// An id in the path that is no number, or too large for one, is named in the
    /// request's language. axum's own text, "Cannot parse `…` to a `i64`", named a
    /// Rust type and stayed in English.
    fn from(rejection: PathRejection) -> Self {
        use axum::extract::path::ErrorKind;

        if let PathRejection::FailedToDeserializePathParams(error) = &rejection {
            let value = match error.kind() {
                ErrorKind::ParseErrorAtKey { value, .. }
                | ErrorKind::ParseErrorAtIndex { value, .. }
                | ErrorKind::ParseError { value, .. } => Some(value),
                _ => None,
            };
            if let Some(value) = value {
                return ApiError::invalid(
                    "path",
                    crate::msg!(
                        "path-not-an-id",
                        "{value} is not an id; ids are whole numbers from 1 to {max}",
                        value = format!("{value:?}"),
                        max = crate::i18n::integer_text(i64::MAX)
                    ),
                );
            }
        }
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
        Ok(Self(token_owner(parts, state).await?.0))
    }
}

/// The caller, as [`AuthUser`], with the revision of the caller's library, which the
/// same statement reads. List handlers key their cached pages by it.
#[derive(Debug, Clone)]
pub struct AuthLibrary {
    pub user: User,
    pub revision: i64,
}

impl FromRequestParts<AppState> for AuthLibrary {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let (user, revision) = token_owner(parts, state).await?;
        Ok(Self { user, revision })
    }
}

/// The caller, as [`AuthUser`], with the hash of the token the request carried, for
/// the operations on the caller's tokens.
#[derive(Debug, Clone)]
pub struct AuthToken {
    pub user: User,
    pub token_hash: String,
}

impl FromRequestParts<AppState> for AuthToken {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token_hash = bearer_hash(parts)?;
        let (user, _) = owner_of(&token_hash, state).await?;
        Ok(Self { user, token_hash })
    }
}

/// The address a request came from, for limits counted per client: the
/// connection's peer, or the last address of `X-Forwarded-For` when the server
/// trusts that header ([`super::SharedState::forwarded_for`]). A load balancer
/// appends the address it saw, so addresses a client wrote itself come before it and
/// are ignored. `None` when neither is known.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub Option<std::net::IpAddr>);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, std::convert::Infallible> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip());
        if !state.forwarded_for {
            return Ok(Self(peer));
        }
        // Bytes, not text: a client that put a byte outside ASCII in its own entries
        // made the whole header unreadable as text and was counted as the balancer.
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .next_back()
            .and_then(|value| value.as_bytes().rsplit(|byte| *byte == b',').next())
            .and_then(|last| std::str::from_utf8(last).ok())
            .and_then(|last| last.trim().parse().ok());
        Ok(Self(forwarded.or(peer)))
    }
}

/// Returns the hash of the request's bearer token.
fn bearer_hash(parts: &Parts) -> Result<String, ApiError> {
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
    Ok(hash_token(secret))
}

async fn token_owner(parts: &Parts, state: &AppState) -> Result<(User, i64), ApiError> {
    owner_of(&bearer_hash(parts)?, state).await
}

async fn owner_of(token_hash: &str, state: &AppState) -> Result<(User, i64), ApiError> {
    match state.tokens.owner(token_hash).await {
        Ok(owner) => Ok(owner),
        Err(StoreError::NotFound(_)) => Err(ApiError::Unauthorized),
        Err(other) => Err(other.into()),
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
