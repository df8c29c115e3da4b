//! Running the HTTP server on a listener until a shutdown signal.

use std::future::Future;

use tokio::net::TcpListener;

use crate::api::{AppState, router};

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
