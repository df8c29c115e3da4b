//! Reading reports as jobs: queue one, poll it, download the file.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::AppState;
use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, AuthUser};
use crate::blob::BlobError;
use crate::reports::worker::{JobStatus, ReportJob};
use crate::reports::{ReportError, ReportFormat, ReportRequest};

impl From<ReportError> for ApiError {
    fn from(error: ReportError) -> Self {
        match error {
            ReportError::Invalid { field, reason } => ApiError::invalid(field, reason),
            ReportError::Store(error) => error.into(),
            ReportError::Blob(error) => ApiError::Internal(error.to_string()),
        }
    }
}

/// A report job as clients see it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReportJobView {
    pub id: i64,
    pub status: JobStatus,
    #[schema(value_type = String, example = "2024-01-01")]
    pub from: String,
    #[schema(value_type = String, example = "2024-12-31")]
    pub to: String,
    pub format: ReportFormat,
    pub created_at: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    /// The reason the job failed, when it did.
    pub error: Option<String>,
    /// The path of the file, once the job is done.
    pub download: Option<String>,
}

impl From<&ReportJob> for ReportJobView {
    fn from(job: &ReportJob) -> Self {
        Self {
            id: job.id,
            status: job.status,
            from: job.spec.from.to_string(),
            to: job.spec.to.to_string(),
            format: job.spec.format,
            created_at: job.created_at.clone(),
            started_at: job.started_at.clone(),
            finished_at: job.finished_at.clone(),
            error: job.error.clone(),
            download: (job.status == JobStatus::Done)
                .then(|| format!("/api/v1/reports/{}/download", job.id)),
        }
    }
}

fn location(id: i64) -> String {
    format!("/api/v1/reports/{id}")
}

fn reports_config(state: &AppState) -> Result<&super::ReportsConfig, ApiError> {
    state.reports.as_deref().ok_or_else(|| {
        ApiError::Unavailable(crate::msg!(
            "reports-unavailable",
            "reports are unavailable: the server has no blob store configured"
        ))
    })
}

/// Queues a report of a calendar year or a range of days. The response is 202 with the
/// job. Poll its `Location` until `status` is `done`, then follow `download`.
#[utoipa::path(post, path = "/api/v1/reports",
    request_body = ReportRequest,
    responses((status = 202, body = ReportJobView), (status = 422, body = super::Problem),
        (status = 503, body = super::Problem)),
    security(("bearer" = [])), tag = "reports")]
pub async fn create(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiJson(request): ApiJson<ReportRequest>,
) -> Result<Response, ApiError> {
    let config = reports_config(&state)?;
    let spec = request.validate()?;
    let job = state.store.create_report_job(user.user_id(), &spec).await?;
    config.wakeup.notify_one();
    tracing::info!(job_id = job.id, user_id = user.id, "report queued");
    Ok((
        StatusCode::ACCEPTED,
        [(header::LOCATION, location(job.id))],
        axum::Json(ReportJobView::from(&job)),
    )
        .into_response())
}

/// Returns the status of a report job.
#[utoipa::path(get, path = "/api/v1/reports/{id}",
    params(("id" = i64, Path, description = "Report job id")),
    responses((status = 200, body = ReportJobView), (status = 404, body = super::Problem)),
    security(("bearer" = [])), tag = "reports")]
pub async fn show(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<axum::Json<ReportJobView>, ApiError> {
    let job = state.store.report_job(user.user_id(), id).await?;
    Ok(axum::Json(ReportJobView::from(&job)))
}

/// Returns the report file of a finished job, or 409 while it is not done.
#[utoipa::path(get, path = "/api/v1/reports/{id}/download",
    params(("id" = i64, Path, description = "Report job id")),
    responses((status = 200, description = "The report file, in the format it was requested in",
            content((serde_json::Value = "application/json"), (String = "text/csv"),
                (String = "text/markdown"), (String = "text/html"))),
        (status = 404, body = super::Problem),
        (status = 409, body = super::Problem), (status = 503, body = super::Problem)),
    security(("bearer" = [])), tag = "reports")]
pub async fn download(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    let config = reports_config(&state)?;
    let job = state.store.report_job(user.user_id(), id).await?;
    let key = match (&job.status, &job.blob_key) {
        (JobStatus::Done, Some(key)) => key,
        (JobStatus::Failed, _) => {
            return Err(ApiError::Conflict {
                field: "status".to_string(),
                detail: crate::msg!(
                    "report-failed",
                    "report {id} failed: {error}; queue a new one",
                    id = id,
                    error = job.error.as_deref().unwrap_or("unknown error")
                ),
            });
        }
        (status, _) => {
            return Err(ApiError::NotReady {
                detail: crate::msg!(
                    "report-not-ready",
                    "report {id} is {status}; poll {location} until it is done",
                    location = location(id),
                    id = id,
                    status = status.as_str()
                ),
                retry_after_seconds: 1,
            });
        }
    };
    let bytes = config.blobs.get(key).await.map_err(|error| match error {
        BlobError::NotFound { .. } => {
            tracing::error!(job_id = id, key, "the file of a done report is missing");
            ApiError::Missing(crate::msg!(
                "detail-report-file-missing",
                "the report file was not found; queue the report again"
            ))
        }
        other => {
            tracing::error!(error = %other, "report storage failed");
            ApiError::Internal(other.to_string())
        }
    })?;
    let filename = format!(
        "estante-report-{}.{}",
        crate::reports::period_name(job.spec.from, job.spec.to),
        job.spec.format.extension()
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                job.spec.format.content_type().to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
