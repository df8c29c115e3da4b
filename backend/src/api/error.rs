//! The one error type of the HTTP API, sent as `application/problem+json` (RFC 9457).
//!
//! Handlers return `Result<_, ApiError>` and use `?`; storage and import errors
//! convert here, once. Faults are logged with their detail and reach the client only
//! as "internal error", so database messages never leak.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::import::ImportError;
use crate::msg;
use crate::storage::StoreError;

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// Stable identifier of the kind of problem, such as `/problems/invalid-field`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// What went wrong with this request and what to do about it.
    pub detail: String,
    /// The request field, header or parameter at fault, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// On a version conflict, the version the server holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{detail}")]
    Invalid { field: String, detail: String },
    /// The named thing, such as `book` or `route`, does not exist for this user.
    #[error("{0} not found")]
    NotFound(String),
    /// Something does not exist, with the whole detail already worded, for cases
    /// that need more than a name, such as what to do next.
    #[error("{0}")]
    Missing(String),
    #[error("missing or invalid bearer token")]
    Unauthorized,
    /// A login with a wrong user name or password. The message does not tell which,
    /// so that a login cannot probe for user names.
    #[error("wrong user name or password")]
    BadLogin,
    #[error("{detail}")]
    Conflict { field: String, detail: String },
    /// The resource exists but is not ready yet, such as a queued report.
    #[error("{detail}")]
    NotReady {
        detail: String,
        retry_after_seconds: u64,
    },
    #[error("{entity} was changed by someone else")]
    VersionMismatch { entity: String, current: i64 },
    /// The `entry_version` of a book delete is stale. `current_version` is then the
    /// entry's, and `field` names the parameter, so a client can tell it from the
    /// book's version in `If-Match`.
    #[error("the entry was changed by someone else")]
    EntryVersionMismatch { current: i64 },
    #[error("If-Match is required")]
    PreconditionRequired,
    #[error("too many attempts")]
    TooManyRequests { retry_after_seconds: u64 },
    /// The request body passed the size limit of its operation.
    #[error("the {field} is larger than {limit_bytes} bytes, the limit of this operation")]
    TooLarge { field: String, limit_bytes: usize },
    /// An error that the router or a tower layer produced before any handler ran, such
    /// as 405 or 408. The detail names what to change.
    #[error("{detail}")]
    Rejected { status: u16, detail: String },
    #[error("{0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn invalid(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.into(),
            detail: detail.into(),
        }
    }

    fn problem(&self) -> Problem {
        let (status, slug, title) = match self {
            Self::Invalid { .. } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-field",
                msg!("title-invalid", "Invalid value"),
            ),
            Self::NotFound(_) | Self::Missing(_) => (
                StatusCode::NOT_FOUND,
                "not-found",
                msg!("title-not-found", "Not found"),
            ),
            Self::Unauthorized | Self::BadLogin => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                msg!("title-unauthorized", "Unauthorized"),
            ),
            Self::Conflict { .. } => (
                StatusCode::CONFLICT,
                "conflict",
                msg!("title-conflict", "Already exists"),
            ),
            Self::NotReady { .. } => (
                StatusCode::CONFLICT,
                "not-ready",
                msg!("title-not-ready", "Not ready yet"),
            ),
            Self::VersionMismatch { .. } | Self::EntryVersionMismatch { .. } => (
                StatusCode::PRECONDITION_FAILED,
                "version-mismatch",
                msg!("title-version-mismatch", "Changed by someone else"),
            ),
            Self::PreconditionRequired => (
                StatusCode::PRECONDITION_REQUIRED,
                "if-match-required",
                msg!("title-if-match-required", "If-Match required"),
            ),
            Self::TooManyRequests { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "rate-limited",
                msg!("title-rate-limited", "Too many requests"),
            ),
            Self::TooLarge { .. } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "too-large",
                msg!("title-too-large", "Request body too large"),
            ),
            Self::Rejected { status, .. } => {
                let status = StatusCode::from_u16(*status).unwrap_or(StatusCode::BAD_REQUEST);
                (
                    status,
                    "rejected",
                    status.canonical_reason().unwrap_or("Rejected").to_string(),
                )
            }
            Self::Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                msg!("title-unavailable", "Service unavailable"),
            ),
            Self::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                msg!("title-internal", "Internal error"),
            ),
        };
        let detail = match self {
            Self::Unauthorized => msg!(
                "detail-unauthorized",
                "the bearer token is missing, not valid or expired; send \
                 `Authorization: Bearer TOKEN` with a token from `estante-server user add \
                 NAME` or POST /api/v1/tokens"
            ),
            Self::BadLogin => msg!(
                "detail-bad-login",
                "the user name or password is wrong; check both, and note that a user \
                 created without --password-stdin has no password and logs in with its \
                 token only"
            ),
            Self::NotFound(what) => not_found_detail(what),
            Self::VersionMismatch { entity, current } => msg!(
                "detail-version-mismatch",
                "the {entity} is now at version {current}; reload it, reapply your change \
                 and send If-Match: \"{current}\"",
                entity = entity,
                current = current
            ),
            Self::EntryVersionMismatch { current } => msg!(
                "detail-entry-version-mismatch",
                "the book's entry (its status, rating, review, notes or readings) changed \
                 and is now at version {current}; reload the book, check what changed, and \
                 send entry_version={current} to delete it",
                current = current
            ),
            Self::PreconditionRequired => msg!(
                "detail-if-match-required",
                "send If-Match with the version of what you change, from its last GET (the \
                 ETag, or the `version` field), for example If-Match: \"3\"; an entry has \
                 its own version, apart from its book's"
            ),
            Self::TooManyRequests {
                retry_after_seconds,
            } => msg!(
                "detail-rate-limited",
                "too many failed attempts; try again in {seconds} s",
                seconds = retry_after_seconds
            ),
            Self::Internal(_) => msg!(
                "detail-internal",
                "the server failed; the error is in its log"
            ),
            Self::TooLarge { field, limit_bytes } => {
                let subject = if field == "file" {
                    msg!("too-large-file", "file")
                } else {
                    msg!("too-large-body", "request body")
                };
                let limit = i64::try_from(*limit_bytes).unwrap_or(i64::MAX);
                msg!(
                    "detail-too-large",
                    "the {subject} is larger than {limit} bytes, the limit of this operation; \
                     send a smaller one",
                    subject = subject,
                    limit = crate::i18n::integer_text(limit)
                )
            }
            other => other.to_string(),
        };
        let field = match self {
            Self::Invalid { field, .. }
            | Self::Conflict { field, .. }
            | Self::TooLarge { field, .. } => Some(field.clone()),
            Self::PreconditionRequired => Some("If-Match".to_string()),
            Self::EntryVersionMismatch { .. } => Some("entry_version".to_string()),
            // A request to no route names the path, so that a client can tell a wrong
            // server address from a missing book and name the setting to fix.
            Self::NotFound(what) if what.starts_with("route ") => Some("path".to_string()),
            _ => None,
        };
        Problem {
            kind: format!("/problems/{slug}"),
            title,
            status: status.as_u16(),
            detail,
            field,
            current_version: match self {
                Self::VersionMismatch { current, .. } | Self::EntryVersionMismatch { current } => {
                    Some(*current)
                }
                _ => None,
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::Internal(detail) = &self {
            tracing::error!(error = %detail, "request failed");
        }
        let problem = self.problem();
        let status =
            StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (status, body).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Self::TooManyRequests {
            retry_after_seconds,
        }
        | Self::NotReady {
            retry_after_seconds,
            ..
        } = self
            && let Ok(value) = HeaderValue::from_str(&retry_after_seconds.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        // The details of a 503 ask for a retry in a few seconds.
        if let Self::Unavailable(_) = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        response
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound(entity) => Self::NotFound(entity.to_string()),
            StoreError::VersionMismatch { entity, current } => Self::VersionMismatch {
                entity: entity.to_string(),
                current,
            },
            StoreError::Duplicate { field, value } => Self::Conflict {
                field: field.to_string(),
                detail: msg!(
                    "detail-duplicate",
                    "{field} {value} is already taken in your library",
                    value = format!("{value:?}"),
                    field = crate::validate::field_label(field)
                ),
            },
            like @ StoreError::UserNameLike { .. } => Self::Conflict {
                field: "name".to_string(),
                detail: like.to_string(),
            },
            StoreError::IsbnTaken {
                isbn,
                book_id,
                title,
            } => Self::Conflict {
                field: "isbn13".to_string(),
                detail: msg!(
                    "detail-isbn-taken",
                    "ISBN-13 {isbn} is already on book {id}, {title}; give this book another \
                     ISBN, or merge the two books",
                    isbn = isbn,
                    // As text, so that an id is not grouped like a count (1,792).
                    id = book_id.to_string(),
                    title = format!("{title:?}")
                ),
            },
            StoreError::Invalid { field, reason } => Self::invalid(
                field,
                msg!(
                    "detail-invalid",
                    "{field}: {reason}",
                    field = crate::validate::field_label(field),
                    reason = reason
                ),
            ),
            // NOTE: a connection lost during COMMIT leaves the outcome unknown, so a
            // client that retries a creation after this 503 may create it twice.
            error if error.is_connection_failure() => {
                tracing::warn!(%error, "database unreachable; returning 503");
                Self::Unavailable(msg!(
                    "detail-database-unreachable",
                    "the database is unreachable; retry in a few seconds"
                ))
            }
            error if error.is_contention() => {
                tracing::warn!(%error, "transaction crossed another; returning 503");
                Self::Unavailable(msg!(
                    "detail-contention",
                    "another change to your library ran at the same moment; retry in a \
                     few seconds"
                ))
            }
            fault @ (StoreError::Database(_)
            | StoreError::Migrate(_)
            | StoreError::NotEmpty { .. }) => Self::Internal(fault.to_string()),
        }
    }
}

/// Words "X not found" for the names the storage and the API use, so each language
/// can give the noun its own form. Other names keep the English noun.
fn not_found_detail(what: &str) -> String {
    match what {
        "book" => msg!("not-found-book", "book not found"),
        "library entry" => msg!("not-found-entry", "library entry not found"),
        "reading" => msg!("not-found-reading", "reading not found"),
        "shelf" => msg!("not-found-shelf", "shelf not found"),
        "tag" => msg!("not-found-tag", "tag not found"),
        "report" => msg!("not-found-report", "report not found"),
        "user" => msg!("not-found-user", "user not found"),
        "token" => msg!("not-found-token", "token not found"),
        "cover" => msg!("not-found-cover", "cover not found"),
        other => match other.strip_prefix("route ") {
            Some(path) => msg!("not-found-route", "route {path} not found", path = path),
            None => msg!("not-found-other", "{what} not found", what = other),
        },
    }
}

impl From<ImportError> for ApiError {
    fn from(error: ImportError) -> Self {
        Self::invalid("file", error.to_string())
    }
}
