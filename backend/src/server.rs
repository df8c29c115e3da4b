//! Running the HTTP server on a listener until a shutdown signal, and the report
//! worker beside it.

use std::future::Future;
use std::pin::pin;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tower::ServiceExt as _;

use crate::api::{AppState, router};
use crate::reports::worker::{DEFAULT_POLL, ReportWorker};

/// How long a connection may take to send a request's headers, counted from the end
/// of its previous response, so it also bounds how long an idle connection stays
/// open. Without it, a client that opens connections and never finishes a request
/// keeps a task and a file descriptor per connection for as long as it likes.
///
/// It is longer than the default 60-second idle timeout of an AWS Application Load
/// Balancer, as AWS recommends: a target that closed an idle connection first could
/// receive the balancer's next request on it, and the balancer would return 502.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(75);

/// How long a stopping server waits for its connections to close. Requests in flight
/// have [`crate::api::REQUEST_TIMEOUT`] to finish, so this is a little longer. A
/// connection still open after it, such as one whose client stopped reading a
/// response, is cut, so the process exits before systemd's stop timeout (130 s in the
/// unit file) kills it.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(125);

/// The time limits of connections, which tests shorten.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// See [`HEADER_READ_TIMEOUT`].
    pub header_read_timeout: Duration,
    /// See [`SHUTDOWN_GRACE`].
    pub shutdown_grace: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            header_read_timeout: HEADER_READ_TIMEOUT,
            shutdown_grace: SHUTDOWN_GRACE,
        }
    }
}

/// Serves the API on `listener` until `shutdown` completes, then lets requests in
/// flight finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with_limits(listener, state, shutdown, ConnectionLimits::default()).await
}

/// Serves as [`serve`] does, with other time limits.
///
/// Connections speak HTTP/1.1 only. Telling HTTP/1 from HTTP/2 means reading a
/// connection's first bytes with no timer, so a client that connects and sends
/// nothing would never be closed, and HTTP/2 connections have no header timeout
/// either. The load balancer speaks HTTP/1.1 to its targets, and so does the app.
pub async fn serve_with_limits(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
    limits: ConnectionLimits,
) -> std::io::Result<()> {
    let address = listener.local_addr()?;
    tracing::info!(%address, database = ?state.store.backend(), "server listening");
    let app = router(state);

    // Each connection's task keeps a receiver of `open`, and `open.closed()` completes
    // when the last one is dropped, that is when the last connection has ended.
    // Dropping `stop` signals the tasks to finish the request in flight and close,
    // and dropping `cut` makes them close at once.
    let (stop, stopping) = watch::channel(());
    let (cut, cutting) = watch::channel(());
    let (open, open_receiver) = watch::channel(());
    let mut shutdown = pin!(shutdown);
    let mut accept_failures = AcceptFailures::default();
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    accept_failures.wait_after(error).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(serve_connection(
            stream,
            peer,
            app.clone(),
            limits.header_read_timeout,
            stopping.clone(),
            cutting.clone(),
            open_receiver.clone(),
        ));
    }

    drop(listener);
    drop(stop);
    drop(open_receiver);
    if tokio::time::timeout(limits.shutdown_grace, open.closed())
        .await
        .is_err()
    {
        tracing::warn!(
            %address,
            connections = open.receiver_count(),
            grace_s = limits.shutdown_grace.as_secs_f64(),
            "closing the connections still open after the shutdown grace period"
        );
        drop(cut);
        open.closed().await;
    }
    tracing::info!(%address, "server stopped");
    Ok(())
}

/// Serves one connection until it ends, until `stopping` changes and its request in
/// flight is finished, or until `cutting` changes. Dropping `_open` with the task
/// signals the server that this connection has ended.
async fn serve_connection(
    stream: tokio::net::TcpStream,
    peer: std::net::SocketAddr,
    app: Router,
    header_timeout: Duration,
    mut stopping: watch::Receiver<()>,
    mut cutting: watch::Receiver<()>,
    _open: watch::Receiver<()>,
) {
    let mut builder = Builder::new(TokioExecutor::new()).http1_only();
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    // The peer's address goes with each request, for limits counted per client.
    let app = app.map_request(move |mut request: axum::http::Request<_>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        request
    });
    let service = TowerToHyperService::new(app);
    let mut connection = pin!(builder.serve_connection(TokioIo::new(stream), service));
    let mut stop_requested = false;
    loop {
        tokio::select! {
            result = connection.as_mut() => {
                if let Err(error) = result {
                    tracing::debug!(%peer, %error, "connection failed");
                }
                return;
            }
            _ = stopping.changed(), if !stop_requested => {
                stop_requested = true;
                connection.as_mut().graceful_shutdown();
            }
            _ = cutting.changed() => return,
        }
    }
}

/// Failed accepts in a row. Running out of file descriptors fails every accept until
/// a connection closes, which under a flood of connections can last a minute or more.
#[derive(Default)]
struct AcceptFailures {
    /// Failures since the last one logged.
    unlogged: u64,
    logged_at: Option<std::time::Instant>,
}

impl AcceptFailures {
    /// How often a run of failures is logged. Logging each one would write ten lines
    /// a second.
    const LOG_EVERY: Duration = Duration::from_secs(10);

    /// Logs `error` unless one was logged in the last [`Self::LOG_EVERY`], then waits
    /// before the next accept, because retrying at once would keep a core busy.
    async fn wait_after(&mut self, error: std::io::Error) {
        let due = self
            .logged_at
            .is_none_or(|logged| logged.elapsed() >= Self::LOG_EVERY);
        if due {
            tracing::warn!(
                %error,
                failures_since_last_logged = self.unlogged,
                "could not accept a connection; retrying every 100 ms"
            );
            self.unlogged = 0;
            self.logged_at = Some(std::time::Instant::now());
        } else {
            self.unlogged += 1;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Starts a report worker for the server's own queue, when the server has a reports
/// blob store. Aborting the task abandons a job in flight; its lease runs out and
/// another worker takes it.
pub fn spawn_report_worker(state: &AppState) -> Option<JoinHandle<()>> {
    let reports = state.reports.as_ref()?;
    let worker = ReportWorker::new(state.store.clone(), reports.blobs.clone(), worker_name())
        .with_metrics(state.metrics.clone());
    Some(tokio::spawn(
        worker.run(reports.wakeup.clone(), DEFAULT_POLL),
    ))
}

/// How often a server deletes the tokens that have outlived their lifetime. A token
/// may so work up to this long after it expires.
pub const TOKEN_SWEEP_EVERY: Duration = Duration::from_secs(3600);

/// Deletes the tokens issued longer than `lifetime` ago, at start and then every
/// [`TOKEN_SWEEP_EVERY`], when the state gives tokens a lifetime. Every replica runs
/// one; the deletes do not conflict. A failed sweep is logged and tried again at
/// the next.
pub fn spawn_token_sweeper(state: &AppState) -> Option<JoinHandle<()>> {
    let lifetime = state.token_lifetime?;
    let store = state.store.clone();
    Some(tokio::spawn(async move {
        let mut every = tokio::time::interval(TOKEN_SWEEP_EVERY);
        loop {
            every.tick().await;
            if let Err(error) = sweep_expired_tokens(store.as_ref(), lifetime).await {
                tracing::warn!(%error, "could not delete expired tokens; trying again later");
            }
        }
    }))
}

/// Deletes the tokens issued longer than `lifetime` ago and returns how many.
pub async fn sweep_expired_tokens(
    store: &dyn crate::storage::Storage,
    lifetime: Duration,
) -> crate::storage::StoreResult<u64> {
    let cutoff = chrono::Duration::from_std(lifetime)
        .ok()
        .and_then(|lifetime| chrono::Utc::now().checked_sub_signed(lifetime));
    let Some(cutoff) = cutoff else {
        return Ok(0);
    };
    let cutoff = cutoff.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let deleted = store.delete_tokens_issued_before(&cutoff).await?;
    if deleted > 0 {
        tracing::info!(deleted, "deleted expired tokens");
    }
    Ok(deleted)
}

/// When a token issued at `created_at` (RFC 3339) expires, in the same form.
pub fn token_expiry(created_at: &str, lifetime: Duration) -> Option<String> {
    let issued = chrono::DateTime::parse_from_rfc3339(created_at).ok()?;
    let expires = issued.with_timezone(&chrono::Utc) + chrono::Duration::from_std(lifetime).ok()?;
    Some(expires.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// Names this process in the job rows: host name and process id.
pub fn worker_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|name| name.trim().to_string())
        .unwrap_or_else(|_| "localhost".to_string());
    format!("{host}:{}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn accept_failures_logged_once_per_interval() {
        let mut failures = AcceptFailures::default();
        let error = || std::io::Error::from_raw_os_error(24);

        failures.wait_after(error()).await;
        let first = failures.logged_at;
        failures.wait_after(error()).await;
        failures.wait_after(error()).await;

        assert!(first.is_some());
        assert_eq!(failures.logged_at, first);
        assert_eq!(failures.unlogged, 2);
    }
}
