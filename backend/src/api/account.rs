//! Logging in for a token, and who the token belongs to.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::AppState;
use super::error::ApiError;
use super::extract::{ApiJson, AuthUser};
use crate::auth::{Token, verify_password};
use crate::storage::{StoreError, User};

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub name: String,
    pub password: String,
    /// Where the token will be used, such as the host name; shown when listing tokens.
    #[serde(default)]
    pub label: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LoginResponse {
    pub user: User,
    /// The bearer token. It is shown this once; the server keeps only its hash.
    pub token: String,
}

/// Exchanges a user name and password for a new bearer token. Five failures for one
/// name within a minute block that name for the rest of the minute.
#[utoipa::path(post, path = "/api/v1/tokens", request_body = LoginRequest,
    responses((status = 201, body = LoginResponse), (status = 401, body = super::Problem),
        (status = 429, body = super::Problem)),
    tag = "account")]
pub async fn login(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<(StatusCode, axum::Json<LoginResponse>), ApiError> {
    if let Some(retry_after_seconds) = state.login_limiter.check(&request.name) {
        tracing::warn!(user = %request.name, "login rate-limited");
        return Err(ApiError::TooManyRequests {
            retry_after_seconds,
        });
    }
    crate::validate::no_nul("label", request.label.as_deref())?;
    // No stored name has a NUL, and PostgreSQL cannot take one in a query.
    let found = if request.name.contains('\0') {
        None
    } else {
        match state.store.password_hash(&request.name).await {
            Ok(found) => Some(found),
            Err(StoreError::NotFound(_)) => None,
            Err(other) => return Err(other.into()),
        }
    };
    let user = match found {
        Some((user, Some(hash))) if verify_password(&request.password, &hash) => user,
        _ => {
            state.login_limiter.record_failure(&request.name);
            tracing::warn!(user = %request.name, "login failed");
            return Err(ApiError::BadLogin);
        }
    };
    state.login_limiter.clear(&request.name);
    let token = Token::generate();
    let label = request.label.as_deref().unwrap_or("login");
    state
        .store
        .add_token(user.user_id(), &token.hash(), label)
        .await?;
    tracing::info!(user_id = user.id, "token issued");
    Ok((
        StatusCode::CREATED,
        axum::Json(LoginResponse {
            user,
            token: token.secret().to_string(),
        }),
    ))
}

#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = User),
    (status = 401, body = super::Problem)), security(("bearer" = [])), tag = "account")]
pub async fn me(AuthUser(user): AuthUser) -> axum::Json<User> {
    axum::Json(user)
}
