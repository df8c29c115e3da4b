//! `estante-report-lambda`: the AWS Lambda function that generates reading reports
//! from the same queue and with the same code as the server's worker.
//!
//! Configuration comes from the environment. The database is the servers' PostgreSQL
//! database, which the function never migrates. `ESTANTE_DATABASE_URL_PARAMETER` names
//! the SSM SecureString parameter with its URL, the one the instances read, so a
//! password change reaches the function at its next cold start. `ESTANTE_DATABASE_URL`
//! gives the URL directly instead. `ESTANTE_BLOB_STORE` is `s3://BUCKET/PREFIX`.
//!
//! After each invocation the function prints an embedded metric format record, which
//! Lambda's log pipeline turns into CloudWatch metrics.

use std::sync::Arc;

use estante_backend::config;
use estante_backend::metrics::{EmfPublisher, Metrics};
use estante_backend::reports::lambda::handle;
use estante_backend::reports::worker::ReportWorker;
use estante_backend::{blob::BlobStore, storage};
use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::Value;
use tokio::sync::Mutex;

/// The CloudWatch namespace of the function's metrics, the same as the servers'.
const NAMESPACE: &str = "Estante";

/// Reads the database URL from the environment, or from the SSM parameter the
/// environment names.
async fn database_url() -> Result<String, Error> {
    if let Ok(url) = std::env::var("ESTANTE_DATABASE_URL") {
        return Ok(url);
    }
    let name = std::env::var("ESTANTE_DATABASE_URL_PARAMETER").map_err(|_| {
        "neither ESTANTE_DATABASE_URL nor ESTANTE_DATABASE_URL_PARAMETER is set; \
         set one to the database URL or to the SSM parameter that holds it"
    })?;
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .load()
        .await;
    let parameter = aws_sdk_ssm::Client::new(&config)
        .get_parameter()
        .name(&name)
        .with_decryption(true)
        .send()
        .await
        .map_err(|error| {
            format!(
                "failed to read the SSM parameter {name}: {}",
                aws_sdk_ssm::error::DisplayErrorContext(&error)
            )
        })?;
    parameter
        .parameter
        .and_then(|parameter| parameter.value)
        .ok_or_else(|| format!("the SSM parameter {name} has no value").into())
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_ansi(false)
        .without_time()
        .init();

    let url = database_url().await?;
    let location = std::env::var("ESTANTE_BLOB_STORE")
        .map_err(|_| "ESTANTE_BLOB_STORE is not set; give s3://BUCKET/PREFIX")?;
    let store = storage::connect(&url).await.map_err(|error| {
        format!(
            "cannot open the database {}: {error}",
            storage::redact_url(&url)
        )
    })?;
    let blobs = BlobStore::open(&location)?.child(config::REPORT_PREFIX)?;
    let metrics = Arc::new(Metrics::default());
    let name = std::env::var("AWS_LAMBDA_LOG_STREAM_NAME").unwrap_or_else(|_| "lambda".into());
    let worker =
        ReportWorker::new(store, blobs, format!("lambda:{name}")).with_metrics(metrics.clone());
    let publisher = Arc::new(Mutex::new(EmfPublisher::new(NAMESPACE)));

    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| {
        let worker = worker.clone();
        let metrics = metrics.clone();
        let publisher = publisher.clone();
        async move {
            let invocation = handle(&worker, &event.payload).await?;
            let record = publisher.lock().await.record(
                &metrics,
                None,
                chrono::Utc::now().timestamp_millis(),
            );
            println!("{record}");
            Ok::<_, Error>(serde_json::to_value(invocation)?)
        }
    }))
    .await
}
