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
    #[error("{0} not found")]
    NotFound(String),
    #[error("missing or invalid bearer token")]
    Unauthorized,
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
                "Invalid value",
            ),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "not-found", "Not found"),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized", "Unauthorized"),
            Self::Conflict { .. } => (StatusCode::CONFLICT, "conflict", "Already exists"),
            Self::NotReady { .. } => (StatusCode::CONFLICT, "not-ready", "Not ready yet"),
            Self::VersionMismatch { .. } => (
                StatusCode::PRECONDITION_FAILED,
                "version-mismatch",
                "Changed by someone else",
            ),
            Self::PreconditionRequired => (
                StatusCode::PRECONDITION_REQUIRED,
                "if-match-required",
                "If-Match required",
            ),
            Self::TooManyRequests { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "rate-limited",
                "Too many requests",
            ),
            Self::TooLarge { .. } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "too-large",
                "Request body too large",
            ),
            Self::Rejected { status, .. } => {
                let status = StatusCode::from_u16(*status).unwrap_or(StatusCode::BAD_REQUEST);
                (
                    status,
                    "rejected",
                    status.canonical_reason().unwrap_or("Rejected"),
                )
            }
            Self::Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Service unavailable",
            ),
            Self::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
            ),
        };
        let detail = match self {
            Self::Unauthorized => "the bearer token is missing or not valid; send \
                                   `Authorization: Bearer TOKEN` with a token from \
                                   `estante-server user add NAME` or POST /api/v1/tokens"
                .to_string(),
            Self::VersionMismatch { entity, current } => format!(
                "the {entity} is now at version {current}; reload it, reapply your change and \
                 send If-Match: \"{current}\""
            ),
            Self::PreconditionRequired => "send If-Match with the version from the last read \
                                           of this resource, for example If-Match: \"3\""
                .to_string(),
            Self::TooManyRequests {
                retry_after_seconds,
            } => format!("too many failed attempts; try again in {retry_after_seconds} s"),
            Self::Internal(_) => "the server failed; the error is in its log".to_string(),
            Self::TooLarge { .. } => format!("{self}; send a smaller one"),
            other => other.to_string(),
        };
        let field = match self {
            Self::Invalid { field, .. }
            | Self::Conflict { field, .. }
            | Self::TooLarge { field, .. } => Some(field.clone()),
            Self::PreconditionRequired => Some("If-Match".to_string()),
            _ => None,
        };
        Problem {
            kind: format!("/problems/{slug}"),
            title: title.to_string(),
            status: status.as_u16(),
            detail,
            field,
            current_version: match self {
                Self::VersionMismatch { current, .. } => Some(*current),
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
                detail: format!("{value:?} is already used as a {field} in your library"),
            },
            StoreError::Invalid { field, reason } => {
                Self::invalid(field, format!("{field}: {reason}"))
            }
            // NOTE: a connection lost during COMMIT leaves the outcome unknown, so a
            // client that retries a creation after this 503 may create it twice.
            error if error.is_connection_failure() => {
                tracing::warn!(%error, "database unreachable; returning 503");
                Self::Unavailable("the database is unreachable; retry in a few seconds".to_string())
            }
            fault @ (StoreError::Database(_)
            | StoreError::Migrate(_)
            | StoreError::NotEmpty { .. }) => Self::Internal(fault.to_string()),
        }
    }
}

impl From<ImportError> for ApiError {
    fn from(error: ImportError) -> Self {
        Self::invalid("file", error.to_string())
    }
}
