//! Running the HTTP server on a listener until a shutdown signal, and the report
//! worker beside it.

use std::future::Future;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::api::{AppState, router};
use crate::reports::worker::{DEFAULT_POLL, ReportWorker};

/// Serves the API on `listener` until `shutdown` completes, then lets requests in
/// flight finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let address = listener.local_addr()?;
    tracing::info!(%address, database = ?state.store.backend(), "server listening");
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await?;
    tracing::info!(%address, "server stopped");
    Ok(())
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

/// Names this process in the job rows: host name and process id.
pub fn worker_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|name| name.trim().to_string())
        .unwrap_or_else(|_| "localhost".to_string());
    format!("{host}:{}", std::process::id())
}
