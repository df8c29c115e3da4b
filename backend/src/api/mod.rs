//! The HTTP API under `/api/v1`, the health checks and the OpenAPI document.

mod account;
mod books;
mod covers;
mod error;
mod extract;
mod labels;
mod openapi;
mod page_cache;
mod reports;
mod search_index;
mod token_lookups;
mod transfer;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, MatchedPath, State};
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tracing::Level;

use crate::auth::LoginLimiter;
use crate::blob::BlobStore;
use crate::i18n::Language;
use crate::metrics::Metrics;
use crate::storage::Storage;
use tokio::sync::Notify;

pub use account::{LoginRequest, LoginResponse};
pub use covers::MAX_COVER_BYTES;
pub use error::{ApiError, Problem};
pub use labels::LabelName;
pub use openapi::openapi_json;
pub use page_cache::{DEFAULT_PAGE_CACHE_BYTES, PageCache};
pub use reports::ReportJobView;
pub use search_index::{DEFAULT_SEARCH_INDEX_BYTES, SearchIndex};
pub use token_lookups::TokenLookups;

/// Largest request body accepted, sized for a Goodreads export of a very large
/// library (the 1,742-book export used in tests is 360 KiB).
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// The Open Library covers service.
pub const DEFAULT_COVER_SOURCE: &str = "https://covers.openlibrary.org";

/// Maximum time a cover fetch from Open Library may take.
pub const COVER_FETCH_TIMEOUT: Duration = Duration::from_secs(15);

/// Longest a request may run before the server returns 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// The state that every handler shares, behind one `Arc`. axum clones the state for
/// each request, in the handler and in each middleware. With an `Arc` per field, the
/// clones and drops of the state and of the services holding it took about 14% of
/// the server's samples in a profile of cached searches, because both cores update
/// the same reference counts.
#[derive(Debug, Clone)]
pub struct AppState(Arc<SharedState>);

impl std::ops::Deref for AppState {
    type Target = SharedState;

    fn deref(&self) -> &SharedState {
        &self.0
    }
}

/// The fields of [`AppState`].
#[derive(Debug, Clone)]
pub struct SharedState {
    pub store: Arc<dyn Storage>,
    pub login_limiter: Arc<LoginLimiter>,
    pub metrics: Arc<Metrics>,
    /// The blob store of book covers. `None` turns the cover endpoints off (503).
    pub covers: Option<Arc<BlobStore>>,
    /// The destination of report files. `None` turns the report endpoints off (503).
    pub reports: Option<Arc<ReportsConfig>>,
    /// Base URL of the Open Library covers service, from which covers are fetched by
    /// ISBN. Tests point it at a stand-in on 127.0.0.1.
    pub cover_source: Arc<str>,
    /// The HTTP client for fetching covers, shared so connections are reused.
    pub http: reqwest::Client,
    /// False while the migrations run: `/readyz` and the API return 503 meanwhile.
    pub ready: Arc<AtomicBool>,
    /// First pages of book lists, served again while their library is unchanged.
    pub pages: Arc<PageCache>,
    /// Libraries kept in memory to serve searches while each library is unchanged.
    pub search: Arc<SearchIndex>,
    /// Bearer token lookups, which read the tokens of concurrent requests together.
    pub tokens: Arc<TokenLookups>,
    /// Whether the client of a request is the last address of its `X-Forwarded-For`
    /// header rather than the connection's peer. Only a server behind a load balancer
    /// that appends that address, and reachable through nothing else, may set it,
    /// because elsewhere a client would choose its own address.
    pub forwarded_for: bool,
    /// How long a token lives after it is issued; `None` keeps tokens until they are
    /// revoked. [`crate::server::spawn_token_sweeper`] deletes the older ones.
    pub token_lifetime: Option<Duration>,
}

/// The reports side of the server.
#[derive(Debug, Clone)]
pub struct ReportsConfig {
    /// The reports prefix of the blob store.
    pub blobs: BlobStore,
    /// Woken when a job is queued, so this server's worker starts it at once.
    pub wakeup: Arc<Notify>,
}

impl AppState {
    /// A state that is ready at once, for a store that is already migrated.
    pub fn new(store: Arc<dyn Storage>) -> Self {
        Self(Arc::new(SharedState {
            tokens: Arc::new(TokenLookups::new(Arc::clone(&store))),
            store,
            login_limiter: Arc::new(LoginLimiter::default()),
            metrics: Arc::new(Metrics::default()),
            covers: None,
            reports: None,
            cover_source: Arc::from(DEFAULT_COVER_SOURCE),
            http: reqwest::Client::builder()
                .timeout(COVER_FETCH_TIMEOUT)
                .user_agent(concat!("estante/", env!("CARGO_PKG_VERSION")))
                .build()
                .unwrap_or_default(),
            ready: Arc::new(AtomicBool::new(true)),
            pages: Arc::new(PageCache::default()),
            search: Arc::new(SearchIndex::default()),
            forwarded_for: false,
            token_lifetime: None,
        }))
    }

    /// Returns the fields for the builder methods below. They run before the state is
    /// shared, so no field is copied here.
    fn fields(&mut self) -> &mut SharedState {
        Arc::make_mut(&mut self.0)
    }

    /// Keeps list pages up to `bytes` of bodies. A budget of 0 keeps none.
    pub fn with_page_cache(mut self, bytes: usize) -> Self {
        self.fields().pages = Arc::new(PageCache::new(bytes));
        self
    }

    /// Keeps search indexes of libraries up to `bytes`. A budget of 0 keeps none, and
    /// every search reads the database.
    pub fn with_search_index(mut self, bytes: usize) -> Self {
        self.fields().search = Arc::new(SearchIndex::new(bytes));
        self
    }

    /// Stores book covers in `covers`.
    pub fn with_covers(mut self, covers: BlobStore) -> Self {
        self.fields().covers = Some(Arc::new(covers));
        self
    }

    /// Fetches covers from `base_url` in place of Open Library.
    pub fn with_cover_source(mut self, base_url: impl Into<String>) -> Self {
        self.fields().cover_source = Arc::from(base_url.into().trim_end_matches('/'));
        self
    }

    /// Counts login attempts in `limiter`, which the caller can then inspect.
    pub fn with_login_limiter(mut self, limiter: Arc<LoginLimiter>) -> Self {
        self.fields().login_limiter = limiter;
        self
    }

    /// Takes each request's client from the last address of its `X-Forwarded-For`
    /// header, as a load balancer appends it; see [`SharedState::forwarded_for`].
    pub fn with_forwarded_for(mut self, forwarded_for: bool) -> Self {
        self.fields().forwarded_for = forwarded_for;
        self
    }

    /// Lets tokens live `lifetime` after they are issued, or until revoked with
    /// `None`. The list of tokens shows when each expires.
    pub fn with_token_lifetime(mut self, lifetime: Option<Duration>) -> Self {
        self.fields().token_lifetime = lifetime;
        self
    }

    /// Writes report files into `blobs`.
    pub fn with_reports(mut self, blobs: BlobStore) -> Self {
        self.fields().reports = Some(Arc::new(ReportsConfig {
            blobs,
            wakeup: Arc::new(Notify::new()),
        }));
        self
    }

    /// Starts not ready; [`AppState::set_ready`] opens the doors after migrating.
    pub fn not_ready(self) -> Self {
        self.ready.store(false, Ordering::SeqCst);
        self
    }

    pub fn set_ready(&self) {
        self.ready.store(true, Ordering::SeqCst);
    }

    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::SeqCst)
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
        .route(
            "/books/{id}/entry",
            get(books::show_entry).patch(books::update_entry),
        )
        .route("/books/{id}/merge", post(books::merge))
        .route(
            "/books/{id}/cover",
            get(covers::get_cover)
                .put(covers::put_cover)
                .layer(DefaultBodyLimit::max(covers::MAX_COVER_BYTES)),
        )
        .route("/books/{id}/cover/fetch", post(covers::fetch_cover))
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
        .route("/reports", post(reports::create))
        .route("/reports/{id}", get(reports::show))
        .route("/reports/{id}/download", get(reports::download))
        // axum's extractors stop at 2 MB by default, which rejected Goodreads exports
        // of about 10,000 books. Imports may use the whole body limit.
        .route(
            "/imports",
            post(transfer::import).layer(DefaultBodyLimit::max(MAX_BODY_BYTES)),
        )
        .route("/export", get(transfer::export))
        .route("/tokens", post(account::login).get(account::list_tokens))
        .route("/tokens/current", delete(account::revoke_current_token))
        .route("/tokens/{id}", delete(account::revoke_token))
        .route("/me", get(account::me))
        .route("/openapi.json", get(openapi::serve))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            reject_stray_query,
        ));

    Router::new()
        .nest(
            "/api/v1",
            api.layer(middleware::from_fn_with_state(state.clone(), require_ready)),
        )
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
        .layer(middleware::from_fn(problem_for_bare_errors))
        .layer(middleware::from_fn(private_answers))
        .layer(middleware::from_fn(request_language))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(middleware::from_fn_with_state(state, count_request))
}

/// The operations that read query parameters: GETs by route template below
/// `/api/v1`, and the other methods by method and route template.
const ROUTES_WITH_QUERY: [&str; 5] = ["/books", "/stats", "/shelves", "/tags", "/export"];
const WRITES_WITH_QUERY: [(axum::http::Method, &str); 1] =
    [(axum::http::Method::DELETE, "/books/{id}")];

/// The operations that take no bearer token, by method and route template.
const PUBLIC_ROUTES: [(axum::http::Method, &str); 2] = [
    (axum::http::Method::POST, "/tokens"),
    (axum::http::Method::GET, "/openapi.json"),
];

/// Refuses a query string on an operation that takes none. It would be ignored, so
/// `DELETE /books/7?dry_run=true` deleted the book while the client meant to try.
///
/// Checks the token first, so a request without a valid one gets its 401 as it would
/// without the query.
async fn reject_stray_query(
    State(state): State<AppState>,
    request: Request<axum::body::Body>,
    next: Next,
) -> Response {
    let query = request.uri().query().unwrap_or_default().to_string();
    if query.is_empty() {
        return next.run(request).await;
    }
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().trim_start_matches("/api/v1").to_string());
    let route = route.as_deref().unwrap_or_default();
    let is =
        |(allowed, template): &(axum::http::Method, &str)| *allowed == method && *template == route;
    let takes_query = if method == axum::http::Method::GET {
        ROUTES_WITH_QUERY.contains(&route)
    } else {
        WRITES_WITH_QUERY.iter().any(is)
    };
    if takes_query {
        return next.run(request).await;
    }
    if !PUBLIC_ROUTES.iter().any(is) {
        let (mut parts, _body) = request.into_parts();
        if let Err(error) =
            <extract::AuthUser as axum::extract::FromRequestParts<AppState>>::from_request_parts(
                &mut parts, &state,
            )
            .await
        {
            return error.into_response();
        }
    }
    let name = form_urlencoded::parse(query.as_bytes())
        .next()
        .map(|(name, _)| name.chars().take(64).collect::<String>())
        .unwrap_or_else(|| "query".to_string());
    ApiError::invalid(
        name,
        crate::msg!(
            "query-none-taken",
            "this operation takes no query parameters; send it without them"
        ),
    )
    .into_response()
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

/// Words every message made while serving the request in the language its
/// `Accept-Language` header names, and names that language in `Content-Language`.
/// Caches must keep the languages apart, so the response varies on the header.
async fn request_language(request: Request<axum::body::Body>, next: Next) -> Response {
    let language = request
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map_or(Language::English, Language::from_accept_language);
    let mut response = crate::i18n::scope(language, next.run(request)).await;

    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(language.tag()),
    );
    headers.append(header::VARY, HeaderValue::from_static("accept-language"));
    response
}

/// Marks every response as private to its reader, the server's own 404 and 405 too.
/// `no-store` keeps a shared cache or a browser from keeping a library, a token or an
/// export, and `nosniff` keeps a browser from reading a cover or a report as a page of
/// its own when its bytes look like HTML.
async fn private_answers(request: Request<axum::body::Body>, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// Limit of axum's body extractors on routes that set none of their own.
pub(crate) const DEFAULT_EXTRACTOR_BYTES: usize = 2 * 1024 * 1024;

/// Rewrites the errors that axum and the tower layers produce themselves (405, 408 and
/// 413, as plain text or empty) as `application/problem+json`, like every handler
/// error, so clients parse one error format. The request path picks the field
/// and the size limit that a 413 names.
async fn problem_for_bare_errors(request: Request<axum::body::Body>, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let method = request.method().clone();
    let response = next.run(request).await;
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"application/problem+json"));
    if is_problem || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }

    let error = match status {
        StatusCode::PAYLOAD_TOO_LARGE => {
            let (field, limit_bytes) = if path == "/api/v1/imports" {
                ("file", MAX_BODY_BYTES)
            } else if path.starts_with("/api/v1/books/") && path.ends_with("/cover") {
                ("body", covers::MAX_COVER_BYTES)
            } else if path.starts_with("/api/v1/") {
                ("body", DEFAULT_EXTRACTOR_BYTES)
            } else {
                ("body", MAX_BODY_BYTES)
            };
            ApiError::TooLarge {
                field: field.to_string(),
                limit_bytes,
            }
        }
        StatusCode::METHOD_NOT_ALLOWED => ApiError::Rejected {
            status: status.as_u16(),
            detail: crate::msg!(
                "method-not-allowed",
                "{method} is not allowed on {path}; /api/v1/openapi.json lists the \
                 operations of each path",
                method = method,
                path = path
            ),
        },
        StatusCode::REQUEST_TIMEOUT => ApiError::Rejected {
            status: status.as_u16(),
            detail: crate::msg!(
                "request-timed-out",
                "the request took longer than {seconds} s; retry, or send a smaller request",
                seconds = REQUEST_TIMEOUT.as_secs()
            ),
        },
        other => ApiError::Rejected {
            status: other.as_u16(),
            detail: format!(
                "{} on {method} {path}",
                other.canonical_reason().unwrap_or("rejected")
            ),
        },
    };
    let allow = response.headers().get(header::ALLOW).cloned();
    let mut replaced = error.into_response();
    if let Some(allow) = allow {
        replaced.headers_mut().insert(header::ALLOW, allow);
    }
    replaced
}

/// Returns 503 for API calls while the migrations run, before any handler reads a
/// table that may not exist yet.
async fn require_ready(
    State(state): State<AppState>,
    request: Request<axum::body::Body>,
    next: Next,
) -> Response {
    if !state.is_ready() {
        return ApiError::Unavailable(migrating()).into_response();
    }
    next.run(request).await
}

fn migrating() -> String {
    crate::msg!(
        "database-migrating",
        "the server is starting: it is reaching the database or applying its \
         migrations; retry in a few seconds"
    )
}

/// Time `/metrics` waits for the report queue's depth before it responds without it.
const QUEUE_DEPTH_WAIT: std::time::Duration = std::time::Duration::from_secs(1);

/// Serves the metrics in the Prometheus text format. Like the health checks it needs
/// no token, so a load balancer or a Prometheus scraper in the network can read it.
async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    // While the database is away, waiting for a connection took the pool's whole
    // acquire timeout (10 s), as long as a Prometheus scrape's default timeout, so
    // the scrape failed and took the request counters down with it. The queue
    // depth is left out after a short wait instead.
    let queue_depth = if state.is_ready() {
        tokio::time::timeout(QUEUE_DEPTH_WAIT, state.store.report_queue_depth())
            .await
            .ok()
            .and_then(Result::ok)
    } else {
        None
    };
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(queue_depth)
            + &state.pages.render_metrics()
            + &state.search.render_metrics()
            + &state.tokens.render_metrics(),
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

/// Returns 200 only while the database responds and is migrated, so a load balancer
/// drains a server that lost it and sends nothing to one still migrating.
async fn readyz(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    if !state.is_ready() {
        return Err(ApiError::Unavailable(migrating()));
    }
    let unreachable = || {
        ApiError::Unavailable("the database is unreachable; the server keeps retrying".to_string())
    };
    match tokio::time::timeout(READY_PING_TIMEOUT, state.store.ping()).await {
        Ok(Ok(())) => Ok(Json(serde_json::json!({
            "status": "ready",
            "database": state.store.backend(),
        }))),
        Ok(Err(error)) => {
            tracing::warn!(%error, "database unreachable");
            Err(unreachable())
        }
        Err(_) => {
            tracing::warn!(
                timeout_ms = READY_PING_TIMEOUT.as_millis() as u64,
                "database ping timed out"
            );
            Err(unreachable())
        }
    }
}

/// Maximum time `/readyz` waits for the database. Without it the check waits out the
/// pool's acquire timeout (10 s on PostgreSQL) while the database is down, and a
/// health check with a shorter timeout records a timed-out request, not a 503.
pub const READY_PING_TIMEOUT: Duration = Duration::from_secs(2);

/// Names the path that matched no route, so that a client whose server address
/// carries a path of its own, such as `/api/v1`, gets the doubled path in the error.
async fn not_found(uri: axum::http::Uri) -> ApiError {
    let path: String = uri.path().chars().take(200).collect();
    ApiError::NotFound(format!("route {path}"))
}
