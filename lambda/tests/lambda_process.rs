//! The real `estante-report-lambda` binary under a stand-in for the Lambda Runtime API
//! on 127.0.0.1. It reads the database URL from an SSM SecureString parameter in the
//! moto server, takes the invocation, runs the report job it names and posts the
//! result. The file it leaves in moto's S3 is the one the server's code generates.

#![allow(clippy::unwrap_used)]

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::routing::{get, post};
use estante_backend::blob::BlobStore;
use estante_backend::i18n::Language;
use estante_backend::model::{BookFields, ReadingFields};
use estante_backend::reports::worker::JobStatus;
use estante_backend::reports::{ReportFormat, ReportSpec, generate};
use estante_backend::storage::{self, NewBook};
use estante_tests::{moto_bucket, moto_url};
use tokio::sync::{Mutex, mpsc};

const LAMBDA: &str = env!("CARGO_BIN_EXE_estante-report-lambda");

/// A stand-in for the runtime API. It hands out `event` once and keeps later polls
/// open. What the function posts back goes to `results`.
#[derive(Clone)]
struct Runtime {
    event: Arc<Mutex<Option<String>>>,
    results: mpsc::UnboundedSender<(String, String)>,
}

async fn next(State(runtime): State<Runtime>) -> (HeaderMap, String) {
    let Some(event) = runtime.event.lock().await.take() else {
        std::future::pending::<()>().await;
        unreachable!();
    };
    let mut headers = HeaderMap::new();
    headers.insert("lambda-runtime-aws-request-id", "req-1".parse().unwrap());
    headers.insert(
        "lambda-runtime-deadline-ms",
        "4102444800000".parse().unwrap(),
    );
    headers.insert(
        "lambda-runtime-invoked-function-arn",
        "arn:aws:lambda:us-east-1:123456789012:function:estante-reports"
            .parse()
            .unwrap(),
    );
    (headers, event)
}

async fn respond(
    State(runtime): State<Runtime>,
    Path((request, kind)): Path<(String, String)>,
    body: Bytes,
) -> &'static str {
    let text = String::from_utf8_lossy(&body).into_owned();
    let _ = runtime.results.send((format!("{request}/{kind}"), text));
    "{}"
}

async fn init_error(State(runtime): State<Runtime>, body: Bytes) -> &'static str {
    let text = String::from_utf8_lossy(&body).into_owned();
    let _ = runtime.results.send(("init/error".to_string(), text));
    "{}"
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lambda_binary_runs_the_job_it_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("estante.db").display());
    let moto = moto_url();
    let blob_location = format!("s3://{}/estante", moto_bucket().await);
    let parameter = format!("/estante-test/{}/database-url", std::process::id());
    let aws = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(&moto)
        .region(aws_config::Region::new("us-east-1"))
        .load()
        .await;
    aws_sdk_ssm::Client::new(&aws)
        .put_parameter()
        .name(&parameter)
        .value(&url)
        .r#type(aws_sdk_ssm::types::ParameterType::SecureString)
        .send()
        .await
        .unwrap();
    let store = storage::open(&url).await.unwrap();
    let user = store.create_user("ana", None).await.unwrap();
    let book = store
        .create_book(
            user.user_id(),
            &NewBook {
                fields: BookFields {
                    title: "The Left Hand of Darkness".to_string(),
                    pages: Some(304),
                    ..Default::default()
                },
                entry: None,
            },
        )
        .await
        .unwrap();
    let reading = ReadingFields {
        finished: Some("2025-07-04".parse().unwrap()),
        ..Default::default()
    };
    store
        .add_reading(user.user_id(), book.id, &reading)
        .await
        .unwrap();
    let spec = ReportSpec {
        from: "2025-01-01".parse().unwrap(),
        to: "2025-12-31".parse().unwrap(),
        format: ReportFormat::Markdown,
    };
    let job = store
        .create_report_job(user.user_id(), &spec)
        .await
        .unwrap();

    let (results, mut received) = mpsc::unbounded_channel();
    let runtime = Runtime {
        event: Arc::new(Mutex::new(Some(format!("{{\"job_id\": {}}}", job.id)))),
        results,
    };
    let app = Router::new()
        .route("/2018-06-01/runtime/invocation/next", get(next))
        .route(
            "/2018-06-01/runtime/invocation/{request}/{kind}",
            post(respond),
        )
        .route("/2018-06-01/runtime/init/error", post(init_error))
        .with_state(runtime);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let api = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move { axum::serve(listener, app).await });

    let mut function = Command::new(LAMBDA)
        .env("AWS_LAMBDA_RUNTIME_API", &api)
        .env("AWS_LAMBDA_FUNCTION_NAME", "estante-reports")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_LAMBDA_LOG_STREAM_NAME", "2026/12/04/[$LATEST]abc")
        .env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/estante-reports")
        .env_remove("ESTANTE_DATABASE_URL")
        .env("ESTANTE_DATABASE_URL_PARAMETER", &parameter)
        .env("ESTANTE_BLOB_STORE", &blob_location)
        .env("ESTANTE_S3_ENDPOINT", &moto)
        .env("AWS_ENDPOINT_URL", &moto)
        .env("AWS_REGION", "us-east-1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let result = tokio::time::timeout(Duration::from_secs(30), received.recv()).await;
    function.kill().unwrap();
    let output = function.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let (path, body) = result
        .unwrap_or_else(|_| panic!("the function posted no result within 30 s: {stderr}"))
        .unwrap();
    assert_eq!(path, "req-1/response", "{body}\n{stdout}");
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["jobs"], serde_json::json!([job.id]));

    let done = store.report_job(user.user_id(), job.id).await.unwrap();
    assert_eq!(done.status, JobStatus::Done, "{done:?}");
    let blobs =
        BlobStore::open_with_endpoint(&format!("{blob_location}/reports"), Some(&moto)).unwrap();
    let file = blobs.get(done.blob_key.as_ref().unwrap()).await.unwrap();
    let expected = generate(store.as_ref(), user.user_id(), &spec, Language::English)
        .await
        .unwrap();
    assert_eq!(file, expected);
    assert!(
        String::from_utf8(file)
            .unwrap()
            .contains("The Left Hand of Darkness")
    );

    let emf = stdout
        .lines()
        .find(|line| line.contains("CloudWatchMetrics"))
        .unwrap_or_else(|| panic!("no metrics record in {stdout}"));
    let emf: serde_json::Value = serde_json::from_str(emf).unwrap();
    assert_eq!(emf["Reports"], 1);
}
