//! Reading reports as jobs: queued over HTTP, run once by one of several workers and
//! taken over after a worker dies. The Lambda handler writes the same bytes as the
//! server's worker, to a folder and to the moto server's S3.

#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use estante_backend::blob::BlobStore;
use estante_backend::reports::lambda;
use estante_backend::reports::worker::{JobOutcome, JobStatus, ReportWorker};
use estante_backend::reports::{ReportFormat, ReportSpec};
use estante_backend::storage::{Storage, UserId};
use estante_backend::transfer::import_bytes;
use estante_tests::generate::goodreads_csv;
use estante_tests::{Backend, TestDb, TestServer, add_user, both_backends, moto_bucket, moto_url};
use reqwest::StatusCode;
use serde_json::json;

/// Imports a library of generated books and returns the year most were finished in.
async fn library(store: &dyn Storage, name: &str) -> (UserId, i32) {
    let (user, _) = add_user(store, name).await;
    let csv = goodreads_csv(300, 7).into_bytes();
    import_bytes(store, user.user_id(), csv, None)
        .await
        .unwrap();
    let mut years: BTreeMap<i32, usize> = BTreeMap::new();
    for record in store.export(user.user_id()).await.unwrap() {
        for reading in record.readings {
            if let Some(finished) = reading.finished {
                *years.entry(finished.get_year()).or_default() += 1;
            }
        }
    }
    let (year, _) = years.into_iter().max_by_key(|(_, count)| *count).unwrap();
    (user.user_id(), year)
}

fn year_spec(year: i32, format: ReportFormat) -> ReportSpec {
    ReportSpec {
        from: chrono::NaiveDate::from_ymd_opt(year, 1, 1).unwrap(),
        to: chrono::NaiveDate::from_ymd_opt(year, 12, 31).unwrap(),
        format,
    }
}

async fn http_round_trip(backend: Backend) {
    let server = TestServer::start(backend).await;
    let ana = server.client("ana").await;
    let created = ana
        .post("/api/v1/books", json!({"title": "Dune", "pages": 612}))
        .await;
    let id = created.body["id"].as_i64().unwrap();
    let reading = ana
        .post(
            &format!("/api/v1/books/{id}/readings"),
            json!({"started": "2024-02-01", "finished": "2024-03-18"}),
        )
        .await;
    assert_eq!(reading.status, StatusCode::CREATED, "{}", reading.text);

    let queued = ana
        .post(
            "/api/v1/reports",
            json!({"year": 2024, "format": "markdown"}),
        )
        .await;
    assert_eq!(queued.status, StatusCode::ACCEPTED, "{}", queued.text);
    let location = queued.headers["location"].to_str().unwrap().to_string();
    assert_eq!(queued.body["from"], "2024-01-01");

    let mut job = queued.body.clone();
    for _ in 0..100 {
        job = ana.get(&location).await.body;
        if job["status"] == "done" || job["status"] == "failed" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(job["status"], "done", "{job}");
    let download = job["download"].as_str().unwrap();
    let file = ana
        .http
        .get(format!("{}{download}", ana.base))
        .bearer_auth(ana.token.as_ref().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(
        file.headers()["content-disposition"],
        "attachment; filename=\"estante-report-2024.md\""
    );
    let text = file.text().await.unwrap();
    assert!(text.starts_with("# Reading report for 2024\n"), "{text}");
    assert!(text.contains("| 2024-03-18 | Dune |  | 612 |  |"), "{text}");

    // Another user sees neither the job nor its file.
    let bea = server.client("bea").await;
    assert_eq!(bea.get(&location).await.status, StatusCode::NOT_FOUND);
    assert_eq!(bea.get(download).await.status, StatusCode::NOT_FOUND);

    for (body, field) in [
        (json!({"format": "pdf", "year": 2024}), "format"),
        (json!({"from": "2024-05-01", "to": "2024-04-01"}), "to"),
        (json!({"year": 2024, "from": "2024-01-01"}), "year"),
        (json!({"from": "2024-02-30", "to": "2024-03-01"}), "from"),
    ] {
        let rejected = ana.post("/api/v1/reports", body.clone()).await;
        assert_eq!(
            rejected.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            rejected.text
        );
        assert!(
            rejected.text.contains(field),
            "{body} should name {field}: {}",
            rejected.text
        );
    }

    let metrics = ana.get("/metrics").await.text;
    assert!(
        metrics.contains("estante_report_queue_depth 0"),
        "{metrics}"
    );
    assert!(
        metrics.contains("estante_report_duration_seconds_count{outcome=\"done\"} 1"),
        "{metrics}"
    );
}

/// Four workers, each with its own connection pool as separate servers would have,
/// drain one queue: every job runs exactly once.
async fn each_job_runs_once(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, year) = library(store.as_ref(), "ana").await;
    let mut queued = BTreeSet::new();
    for n in 0..24 {
        let format = ReportFormat::ALL[n % 4];
        let job = store
            .create_report_job(user, &year_spec(year, format))
            .await
            .unwrap();
        queued.insert(job.id);
    }
    let blobs_dir = tempfile::tempdir().unwrap();
    let blobs = BlobStore::open(blobs_dir.path().to_str().unwrap()).unwrap();

    let mut workers = Vec::new();
    for n in 0..4 {
        let worker = ReportWorker::new(db.open().await, blobs.clone(), format!("worker-{n}"));
        workers.push(tokio::spawn(async move {
            let mut ran = Vec::new();
            while let Some(job) = worker.run_once(None).await.unwrap() {
                ran.push(job.id);
            }
            ran
        }));
    }
    let mut ran = Vec::new();
    for worker in workers {
        ran.extend(worker.await.unwrap());
    }
    ran.sort_unstable();
    assert_eq!(ran, queued.iter().copied().collect::<Vec<_>>());

    for id in queued {
        let job = store.report_job(user, id).await.unwrap();
        assert_eq!(job.status, JobStatus::Done, "{job:?}");
        assert_eq!(job.attempts, 1);
        let bytes = blobs.get(job.blob_key.as_ref().unwrap()).await.unwrap();
        assert!(!bytes.is_empty());
    }
    assert_eq!(store.report_queue_depth().await.unwrap(), 0);
}

/// Checks that a job queued before a restart runs after it, and that a job whose
/// worker died is taken over once its lease runs out. The dead worker's late result
/// is rejected.
async fn jobs_survive_restarts_and_crashes(backend: Backend) {
    let db = TestDb::new(backend).await;
    let (user, year) = {
        let store = db.open().await;
        library(store.as_ref(), "ana").await
    };
    let spec = year_spec(year, ReportFormat::Csv);
    let before_restart = db
        .open()
        .await
        .create_report_job(user, &spec)
        .await
        .unwrap();

    let store = db.open().await;
    let blobs_dir = tempfile::tempdir().unwrap();
    let blobs = BlobStore::open(blobs_dir.path().to_str().unwrap()).unwrap();
    let worker = ReportWorker::new(store.clone(), blobs.clone(), "after-restart");
    let ran = worker.run_once(None).await.unwrap().unwrap();
    assert_eq!(ran.id, before_restart.id);

    let crashed = store.create_report_job(user, &spec).await.unwrap();
    let claimed = store
        .claim_report_job("doomed", Duration::from_secs(1), None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claimed.id, crashed.id);
    assert!(
        worker.run_once(None).await.unwrap().is_none(),
        "a job under a live lease must not be claimed again"
    );
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let taken_over = worker.run_once(None).await.unwrap().unwrap();
    assert_eq!(taken_over.id, crashed.id);
    assert_eq!(taken_over.attempts, 2);

    let late = JobOutcome::Failed {
        error: "the doomed worker woke up".to_string(),
    };
    assert!(!store.finish_report_job(&claimed, &late).await.unwrap());
    let job = store.report_job(user, crashed.id).await.unwrap();
    assert_eq!(job.status, JobStatus::Done);
    assert_eq!(job.error, None);
}

/// The scheduled EventBridge event the deployment sends the function.
const SCHEDULED_EVENT: &str = r#"{
  "version": "0",
  "id": "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
  "detail-type": "Scheduled Event",
  "source": "aws.events",
  "account": "123456789012",
  "time": "2026-12-04T06:00:00Z",
  "region": "us-east-1",
  "resources": ["arn:aws:events:us-east-1:123456789012:rule/estante-reports"],
  "detail": {}
}"#;

/// For each format, a job run by the server's worker and one run by the Lambda
/// handler give the same bytes, written to the moto server's S3.
async fn lambda_matches_worker(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store: Arc<dyn Storage> = db.open().await;
    let (user, year) = library(store.as_ref(), "ana").await;
    let location = format!("s3://{}/reports", moto_bucket().await);
    let blobs = BlobStore::open_with_endpoint(&location, Some(&moto_url())).unwrap();
    let server_worker = ReportWorker::new(store.clone(), blobs.clone(), "server");
    let lambda_worker = ReportWorker::new(db.open().await, blobs.clone(), "lambda");

    for format in ReportFormat::ALL {
        let spec = year_spec(year, format);
        let by_server = store.create_report_job(user, &spec).await.unwrap();
        server_worker.run_once(None).await.unwrap().unwrap();
        let by_lambda = store.create_report_job(user, &spec).await.unwrap();
        let event: serde_json::Value = serde_json::from_str(SCHEDULED_EVENT).unwrap();
        let invocation = lambda::handle(&lambda_worker, &event).await.unwrap();
        assert_eq!(invocation.jobs, [by_lambda.id]);

        let read = |id| {
            let store = store.clone();
            let blobs = blobs.clone();
            async move {
                let job = store.report_job(user, id).await.unwrap();
                assert_eq!(job.status, JobStatus::Done, "{job:?}");
                blobs.get(job.blob_key.as_ref().unwrap()).await.unwrap()
            }
        };
        let server_bytes = read(by_server.id).await;
        assert!(
            server_bytes.len() > 100,
            "{format:?} report is nearly empty"
        );
        assert_eq!(server_bytes, read(by_lambda.id).await, "{format:?}");
    }

    let direct = store
        .create_report_job(user, &year_spec(year, ReportFormat::Json))
        .await
        .unwrap();
    let invocation = lambda::handle(&lambda_worker, &json!({ "job_id": direct.id }))
        .await
        .unwrap();
    assert_eq!(invocation.jobs, [direct.id]);
    let bad = lambda::handle(&lambda_worker, &json!({ "job_id": "seven" })).await;
    assert!(bad.unwrap_err().to_string().contains("job_id"));
}

both_backends! {
    reports_over_http => crate::http_round_trip;
    each_report_job_runs_once => crate::each_job_runs_once;
    report_jobs_survive_restarts_and_crashes => crate::jobs_survive_restarts_and_crashes;
    lambda_handler_matches_worker => crate::lambda_matches_worker;
}
