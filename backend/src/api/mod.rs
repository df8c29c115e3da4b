//! The HTTP API under `/api/v1`, the health checks and the OpenAPI document.

mod account;
mod books;
mod covers;
mod error;
mod extract;
mod labels;
mod openapi;
mod transfer;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, MatchedPath, State};
use axum::http::{Request, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post, put};
use axum::{Json, Router};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tracing::Level;

use crate::auth::LoginLimiter;
use crate::blob::BlobStore;
use crate::metrics::Metrics;
use crate::storage::Storage;

pub use account::{LoginRequest, LoginResponse};
pub use error::{ApiError, Problem};
pub use labels::LabelName;
pub use openapi::openapi_json;

/// Largest request body accepted, sized for a Goodreads export of a very large
/// library (the 1,742-book export used in tests is 360 KiB).
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// Longest a request may run before the server returns 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Arc<dyn Storage>,
    pub login_limiter: Arc<LoginLimiter>,
    pub metrics: Arc<Metrics>,
    /// The blob store of book covers. `None` turns the cover endpoints off (503).
    pub covers: Option<BlobStore>,
}

impl AppState {
    pub fn new(store: Arc<dyn Storage>) -> Self {
        Self {
            store,
            login_limiter: Arc::new(LoginLimiter::default()),
            metrics: Arc::new(Metrics::default()),
            covers: None,
        }
    }

    /// Stores book covers in `covers`.
    pub fn with_covers(mut self, covers: BlobStore) -> Self {
        self.covers = Some(covers);
        self
    }
}

/// Builds the whole application: routes, tracing, limits and compression.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/books", get(books::list).post(books::create))
        .route(
            "/books/{id}",
            get(books::show).put(books::update).delete(books::delete),
        )
        .route("/books/{id}/entry", patch(books::update_entry))
        .route(
            "/books/{id}/cover",
            get(covers::get_cover)
                .put(covers::put_cover)
                .layer(DefaultBodyLimit::max(covers::MAX_COVER_BYTES)),
        )
        .route("/books/{id}/readings", post(books::add_reading))
        .route(
            "/readings/{id}",
            get(books::show_reading)
                .put(books::update_reading)
                .delete(books::delete_reading),
        )
        .route(
            "/shelves",
            get(labels::list_shelves).post(labels::create_shelf),
        )
        .route(
            "/shelves/{id}",
            get(labels::show_shelf)
                .patch(labels::rename_shelf)
                .delete(labels::delete_shelf),
        )
        .route(
            "/shelves/{id}/books/{book_id}",
            put(labels::attach_shelf).delete(labels::detach_shelf),
        )
        .route("/tags", get(labels::list_tags).post(labels::create_tag))
        .route(
            "/tags/{id}",
            get(labels::show_tag)
                .patch(labels::rename_tag)
                .delete(labels::delete_tag),
        )
        .route(
            "/tags/{id}/books/{book_id}",
            put(labels::attach_tag).delete(labels::detach_tag),
        )
        .route("/stats", get(books::stats))
        .route("/imports", post(transfer::import))
        .route("/export", get(transfer::export))
        .route("/tokens", post(account::login))
        .route("/me", get(account::me))
        .route("/openapi.json", get(openapi::serve));

    Router::new()
        .nest("/api/v1", api)
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .fallback(not_found)
        .with_state(state.clone())
        .layer(CompressionLayer::new())
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(middleware::from_fn_with_state(state, count_request))
}

/// Records the route template, status and latency of every request, including those
/// that the timeout or body limit layers reject.
async fn count_request(
    State(state): State<AppState>,
    request: Request<axum::body::Body>,
    next: Next,
) -> Response {
    let method = request.method().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    state
        .metrics
        .record_request(&method, &route, status, started.elapsed());
    response
}

/// Serves the metrics in the Prometheus text format. Like the health checks it needs
/// no token, so a load balancer or a Prometheus scraper in the network can read it.
async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(),
    )
}

/// One span per request with the method, the route template (never the raw path, which
/// can carry ids) and the request id. Health checks get debug level so the load
/// balancer's polling does not flood the log.
fn request_span<B>(request: &Request<B>) -> tracing::Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(MatchedPath::as_str)
        .unwrap_or("unmatched");
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    if route == "/healthz" || route == "/readyz" {
        tracing::span!(Level::DEBUG, "request", method = %request.method(), route, request_id)
    } else {
        tracing::span!(Level::INFO, "request", method = %request.method(), route, request_id)
    }
}

/// Returns 200 as long as the process runs.
async fn healthz() -> &'static str {
    "ok"
}

/// Returns 200 only while the database responds, so a load balancer drains a server
/// that lost it.
async fn readyz(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    match state.store.ping().await {
        Ok(()) => Ok(Json(serde_json::json!({
            "status": "ready",
            "database": state.store.backend(),
        }))),
        Err(error) => {
            tracing::warn!(%error, "database unreachable");
            Err(ApiError::Unavailable(
                "the database is unreachable; the server keeps retrying".to_string(),
            ))
        }
    }
}

async fn not_found() -> ApiError {
    ApiError::NotFound("route".to_string())
}
