//! Logging in for a token, and who the token belongs to.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::AppState;
use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, AuthToken, AuthUser, ClientAddress};
use crate::auth::{MAX_USER_NAME_CHARS, Token, hash_password, verify_password};
use crate::storage::{StoreError, TokenInfo, User};

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub name: String,
    pub password: String,
    /// The name of the place the token is used, such as the host name, at most 200
    /// characters. `GET /api/v1/tokens` lists it.
    #[serde(default)]
    pub label: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LoginResponse {
    pub user: User,
    /// The bearer token. It is shown this once; the server keeps only its hash.
    pub token: String,
}

/// Exchanges a user name and password for a new bearer token. Five attempts for one
/// name within a minute block that name for the rest of the minute.
#[utoipa::path(post, path = "/api/v1/tokens", request_body = LoginRequest,
    responses((status = 201, body = LoginResponse), (status = 401, body = super::Problem),
        (status = 422, body = super::Problem), (status = 429, body = super::Problem)),
    tag = "account")]
pub async fn login(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    ApiJson(mut request): ApiJson<LoginRequest>,
) -> Result<(StatusCode, axum::Json<LoginResponse>), ApiError> {
    // Names are stored trimmed, as `user add` takes them, so a name pasted with a
    // space at its end logs in as the user it names.
    request.name = request.name.trim().to_string();
    // No user has such a name, so the request is refused before its name is
    // counted, logged or looked up. PostgreSQL cannot take a NUL in a query.
    if request.name.chars().count() > MAX_USER_NAME_CHARS || request.name.contains('\0') {
        return Err(ApiError::BadLogin);
    }
    if let Some(retry_after_seconds) = state.login_limiter.begin(client, &request.name) {
        tracing::warn!(
            user = %logged_name(&request.name),
            client = ?client,
            "login rate-limited"
        );
        return Err(ApiError::TooManyRequests {
            retry_after_seconds,
        });
    }
    crate::validate::no_nul("label", request.label.as_deref())?;
    if let Some(label) = &request.label {
        crate::validate::one_line("label", label)?;
    }
    if let Some(label) = &request.label
        && label.chars().count() > MAX_LABEL_CHARS
    {
        return Err(ApiError::invalid(
            "label",
            crate::msg!(
                "token-label-too-long",
                "label: has more than {max} characters; give a short name such as the \
                 host name",
                max = MAX_LABEL_CHARS
            ),
        ));
    }
    let found = match state.store.password_hash(&request.name).await {
        Ok((user, hash)) => Some((user, hash)),
        Err(StoreError::NotFound(_)) => None,
        Err(other) => return Err(other.into()),
    };
    let hash = found.as_ref().and_then(|(_, hash)| hash.clone());
    let verified = check_password(request.password, hash).await;
    let user = match found {
        Some((user, Some(_))) if verified => user,
        _ => {
            tracing::warn!(user = %logged_name(&request.name), client = ?client, "login failed");
            return Err(ApiError::BadLogin);
        }
    };
    state.login_limiter.succeeded(client, &request.name);
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

/// Maximum length of a token's label, in characters.
const MAX_LABEL_CHARS: usize = 200;

/// Returns a user name as the log writes it. It is escaped, so a name with a line
/// break cannot forge a log line, and cut to 64 characters, so a long name cannot
/// fill the disk.
fn logged_name(name: &str) -> String {
    let cut: String = name.chars().take(64).collect();
    let mut escaped = format!("{cut:?}");
    if cut.len() < name.len() {
        escaped.push('…');
    }
    escaped
}

/// Checks `password` against `hash` on a blocking thread, a few at a time. An
/// argon2 check takes about a third of a second of CPU, which on the async workers
/// stalled every other request, and without a limit parallel logins took every
/// core. An unknown name, or a user without a password, is checked against the
/// hash of a random password, so it takes as long as a wrong password and the time
/// does not tell which names exist.
async fn check_password(password: String, hash: Option<String>) -> bool {
    static CHECKS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    let checks = CHECKS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        tokio::sync::Semaphore::new(cores)
    });
    let Ok(_permit) = checks.acquire().await else {
        return false;
    };
    let known = hash.is_some();
    let checked = tokio::task::spawn_blocking(move || {
        let hash = hash.unwrap_or_else(|| unknown_user_hash().to_string());
        verify_password(&password, &hash) && known
    })
    .await;
    checked.unwrap_or_else(|error| {
        tracing::error!(%error, "password check failed; login rejected");
        false
    })
}

/// Returns the hash of a random password, made once, for the checks of names that
/// have no password hash.
fn unknown_user_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        let secret = Token::generate();
        hash_password(secret.secret()).unwrap_or_default()
    })
}

/// Lists the caller's tokens, oldest first, with the one the request carried
/// marked `current`. Neither the tokens nor their hashes are shown.
#[utoipa::path(get, path = "/api/v1/tokens",
    responses((status = 200, body = Vec<TokenInfo>), (status = 401, body = super::Problem)),
    security(("bearer" = [])), tag = "account")]
pub async fn list_tokens(
    State(state): State<AppState>,
    AuthToken { user, token_hash }: AuthToken,
) -> Result<axum::Json<Vec<TokenInfo>>, ApiError> {
    let mut tokens = state.store.tokens(user.user_id(), &token_hash).await?;
    if let Some(lifetime) = state.token_lifetime {
        for token in &mut tokens {
            token.expires_at = crate::server::token_expiry(&token.created_at, lifetime);
        }
    }
    Ok(axum::Json(tokens))
}

/// Revokes one of the caller's tokens, such as that of a lost laptop. It
/// authenticates nothing from the next request on.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = super::Problem),
        (status = 404, body = super::Problem)),
    security(("bearer" = [])), tag = "account")]
pub async fn revoke_token(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    state.store.delete_token(user.user_id(), id).await?;
    tracing::info!(user_id = user.id, token_id = id, "token revoked");
    Ok(StatusCode::NO_CONTENT)
}

/// Revokes the token the request carries: a log-out.
#[utoipa::path(delete, path = "/api/v1/tokens/current",
    responses((status = 204), (status = 401, body = super::Problem)),
    security(("bearer" = [])), tag = "account")]
pub async fn revoke_current_token(
    State(state): State<AppState>,
    AuthToken { user, token_hash }: AuthToken,
) -> Result<StatusCode, ApiError> {
    let tokens = state.store.tokens(user.user_id(), &token_hash).await?;
    let Some(current) = tokens.iter().find(|token| token.current) else {
        // Revoked by another request after this one was authenticated.
        return Err(ApiError::Unauthorized);
    };
    state.store.delete_token(user.user_id(), current.id).await?;
    tracing::info!(user_id = user.id, token_id = current.id, "logged out");
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = User),
    (status = 401, body = super::Problem)), security(("bearer" = [])), tag = "account")]
pub async fn me(AuthUser(user): AuthUser) -> axum::Json<User> {
    axum::Json(user)
}

#[cfg(test)]
mod tests {
    use super::logged_name;

    /// A failed login wrote its name raw: a line break in it forged a "login ok"
    /// line, and a name of 1.5 MB made a log line as long.
    #[test]
    fn logged_names_are_escaped_and_cut() {
        let forged = logged_name("zz\n2026-12-06T00:00:00Z INFO login ok user=admin");
        assert!(!forged.contains('\n'), "{forged}");
        assert!(forged.starts_with("\"zz\\n2026"), "{forged}");

        let long = logged_name(&"x".repeat(1_500_000));
        assert!(long.len() < 80, "{} bytes", long.len());
        assert!(long.ends_with('…'), "{long}");
        assert_eq!(logged_name("ana"), "\"ana\"");
    }
}
