//! The HTTP client of the estante API, shared by the app and the subcommands.
//!
//! Every method maps to one endpoint under `/api/v1` and takes and returns the
//! backend's own wire types. Errors keep the server's problem document so callers can
//! show its `detail` and react to a version conflict.

mod books;
mod labels;
mod reports;
mod transfer;

pub use transfer::MAX_IMPORT_BYTES;

use std::time::Duration;

use estante_backend::api::Problem;
use reqwest::{RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;

pub use estante_backend::api::LoginResponse;

/// How long an ordinary request may take before it fails.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// How long an import or export may take: the server applies a whole file in one
/// transaction and allows itself 120 s.
pub const TRANSFER_TIMEOUT: Duration = Duration::from_secs(150);

/// An error of a request to the server. Its message is in the language in force,
/// except the detail of an API error, which the server writes in English.
#[derive(Debug)]
pub enum ClientError {
    /// The server returned an error status and a problem document.
    Api {
        status: u16,
        problem: Box<Problem>,
    },
    Unreachable {
        base_url: String,
        message: String,
    },
    Timeout {
        base_url: String,
    },
    Decode(String),
    Other(String),
}

impl std::fmt::Display for ClientError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            Self::Api { problem, .. } => problem.detail.clone(),
            Self::Unreachable { base_url, message } => crate::t!(
                "client-unreachable",
                base_url = base_url.as_str(),
                message = message.as_str()
            ),
            Self::Timeout { base_url } => {
                crate::t!("client-timeout", base_url = base_url.as_str())
            }
            Self::Decode(message) => crate::t!("client-decode", message = message.as_str()),
            Self::Other(message) => crate::t!("client-other", message = message.as_str()),
        };
        formatter.write_str(&text)
    }
}

impl std::error::Error for ClientError {}

impl ClientError {
    /// Returns the HTTP status of an API error.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The version the server holds, when a write failed because the caller's
    /// `If-Match` was stale (HTTP 412).
    pub fn current_version(&self) -> Option<i64> {
        match self {
            Self::Api {
                status: 412,
                problem,
            } => problem.current_version,
            _ => None,
        }
    }

    /// Builds an API error from a status and a detail, for tests and mocks.
    pub fn api(status: u16, detail: &str) -> Self {
        Self::Api {
            status,
            problem: Box::new(Problem {
                kind: "/problems/test".to_string(),
                title: detail.to_string(),
                status,
                detail: detail.to_string(),
                field: None,
                current_version: None,
            }),
        }
    }
}

/// A client bound to one server and one bearer token. Cloning is cheap and shares
/// the connection pool.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    token: String,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("token", &"***")
            .finish()
    }
}

impl Client {
    /// Creates a client for `base_url` (such as `http://127.0.0.1:8080`; a trailing
    /// slash is dropped). Every request names the interface language of the moment
    /// in `Accept-Language`, so the server words its error details and import reports
    /// in it.
    pub fn new(base_url: &str, token: &str) -> Result<Self, ClientError> {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::ACCEPT_LANGUAGE,
            reqwest::header::HeaderValue::from_static(crate::i18n::current().tag()),
        );
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("estante/", env!("CARGO_PKG_VERSION")))
            .default_headers(headers)
            .build()
            .map_err(|error| ClientError::Other(error.to_string()))?;
        Ok(Self {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            token: token.to_string(),
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base_url)
    }

    fn get(&self, path: &str) -> RequestBuilder {
        self.http.get(self.url(path)).bearer_auth(&self.token)
    }

    fn request(&self, method: reqwest::Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, self.url(path))
            .bearer_auth(&self.token)
    }

    /// Sends a request that carries `If-Match` with the entity's version.
    fn write(&self, method: reqwest::Method, path: &str, version: i64) -> RequestBuilder {
        self.request(method, path)
            .header(reqwest::header::IF_MATCH, format!("\"{version}\""))
    }

    async fn send(&self, request: RequestBuilder) -> Result<Response, ClientError> {
        let response = request
            .send()
            .await
            .map_err(|error| transport_error(&self.base_url, error))?;
        if response.status().is_success() {
            return Ok(response);
        }
        Err(problem_error(&self.base_url, response).await)
    }

    async fn send_json<T: DeserializeOwned>(
        &self,
        request: RequestBuilder,
    ) -> Result<T, ClientError> {
        let response = self.send(request).await?;
        let bytes = response
            .bytes()
            .await
            .map_err(|error| transport_error(&self.base_url, error))?;
        serde_json::from_slice(&bytes).map_err(|error| ClientError::Decode(error.to_string()))
    }

    async fn send_empty(&self, request: RequestBuilder) -> Result<(), ClientError> {
        self.send(request).await.map(drop)
    }
}

fn transport_error(base_url: &str, error: reqwest::Error) -> ClientError {
    if error.is_timeout() {
        ClientError::Timeout {
            base_url: base_url.to_string(),
        }
    } else if error.is_connect() {
        ClientError::Unreachable {
            base_url: base_url.to_string(),
            message: root_cause(&error),
        }
    } else if error.is_decode() {
        ClientError::Decode(root_cause(&error))
    } else {
        ClientError::Other(root_cause(&error))
    }
}

/// Words the innermost cause of `error`. An I/O error, such as a refused
/// connection, is worded in the interface language.
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(source) = current.source() {
        current = source;
    }
    match current.downcast_ref::<std::io::Error>() {
        Some(io) => crate::i18n::io_error(io),
        None => current.to_string(),
    }
}

/// Reads the problem document of an error response, or makes one from the status
/// when the body is something else (a proxy's HTML page, say).
async fn problem_error(base_url: &str, response: Response) -> ClientError {
    let status = response.status();
    let login = response.url().path().ends_with("/tokens");
    let path = response.url().path().to_string();
    let body = response.bytes().await.unwrap_or_default();
    let mut problem = serde_json::from_slice::<Problem>(&body).unwrap_or_else(|_| Problem {
        kind: "about:blank".to_string(),
        title: status.canonical_reason().unwrap_or("error").to_string(),
        status: status.as_u16(),
        detail: fallback_detail(status, &body),
        field: None,
        current_version: None,
    });
    // The server's text for a refused token is written for API callers: it names a
    // header and an endpoint. This app gets its token from `estante login`. A failed
    // login keeps the server's text, which reports a wrong name or password.
    if status == StatusCode::UNAUTHORIZED && !login {
        problem.detail = crate::t!("client-token-refused");
    }
    // The server has no such route: every path this client sends exists, so the
    // server address is wrong, most often by a path such as `/estante` too many or
    // too few. The server's text names only the path.
    if status == StatusCode::NOT_FOUND && problem.field.as_deref() == Some("path") {
        problem.detail = crate::t!("client-no-route", base_url = base_url, path = path);
    }
    ClientError::Api {
        status: status.as_u16(),
        problem: Box::new(problem),
    }
}

fn fallback_detail(status: StatusCode, body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text: String = text.trim().chars().take(200).collect();
    // A web page means the address is some other web server, and its HTML is no
    // help in a one-line message.
    if text.starts_with('<') {
        return crate::t!("client-status-web-page", status = status.to_string());
    }
    if text.is_empty() {
        crate::t!("client-status", status = status.to_string())
    } else {
        crate::t!(
            "client-status-text",
            status = status.to_string(),
            text = text
        )
    }
}
