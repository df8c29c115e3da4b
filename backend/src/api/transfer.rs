//! Importing an uploaded export file and downloading the library.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::AppState;
use super::error::ApiError;
use super::extract::{ApiQuery, AuthUser};
use crate::import::ImportFormat;
use crate::storage::ImportReport;
use crate::transfer::{ExportFormat, TransferError, export_bytes, import_bytes};

impl From<TransferError> for ApiError {
    fn from(error: TransferError) -> Self {
        match error {
            TransferError::Import(error) => error.into(),
            TransferError::Store(error) => error.into(),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

/// The multipart form of an import.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct ImportForm {
    /// The export file.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// `goodreads`, `storygraph`, `librarything` or `archive`; detected when absent or
    /// `auto`.
    format: Option<String>,
}

/// Imports an export file in one transaction and reports what happened to each row.
#[utoipa::path(post, path = "/api/v1/imports",
    request_body(content = ImportForm, content_type = "multipart/form-data"),
    responses((status = 200, body = ImportReport), (status = 422, body = super::Problem)),
    security(("bearer" = [])), tag = "transfer")]
pub async fn import(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    form: Result<Multipart, MultipartRejection>,
) -> Result<axum::Json<ImportReport>, ApiError> {
    let mut form = form.map_err(|rejection| {
        ApiError::invalid(
            "Content-Type",
            format!(
                "{}; send the file as multipart/form-data with a boundary",
                rejection.body_text()
            ),
        )
    })?;
    let (mut file, mut format) = (None, None);
    let mut format_seen = false;
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|error| ApiError::invalid("file", error.body_text()))?
    {
        // A second `file` or `format` part used to replace the first without a word,
        // so the first file was never imported.
        let repeated = match field.name() {
            Some("file") => file.is_some(),
            Some("format") => format_seen,
            _ => false,
        };
        if repeated {
            let name = field.name().unwrap_or("form").to_string();
            return Err(ApiError::invalid(
                name,
                crate::msg!(
                    "form-field-twice",
                    "the form has this field twice; send each field once, one file \
                     per import"
                ),
            ));
        }
        match field.name() {
            Some("file") => {
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|error| ApiError::invalid("file", error.body_text()))?;
                file = Some(bytes.to_vec());
            }
            Some("format") => {
                let text = field
                    .text()
                    .await
                    .map_err(|error| ApiError::invalid("format", error.body_text()))?;
                format = parse_format(&text)?;
                format_seen = true;
            }
            other => {
                return Err(ApiError::invalid(
                    other.unwrap_or("form"),
                    crate::msg!(
                        "form-field-unknown",
                        "unknown form field; send `file` and optionally `format`"
                    ),
                ));
            }
        }
    }
    let file = file.ok_or_else(|| {
        ApiError::invalid(
            "file",
            crate::msg!("form-no-file", "the form has no `file` field"),
        )
    })?;
    let started = std::time::Instant::now();
    let report = import_bytes(state.store.as_ref(), user.user_id(), file, format).await?;
    state.metrics.record_import(&report, started.elapsed());
    Ok(axum::Json(report))
}

fn parse_format(text: &str) -> Result<Option<ImportFormat>, ApiError> {
    match text.trim() {
        "" | "auto" => Ok(None),
        "goodreads" => Ok(Some(ImportFormat::Goodreads)),
        "storygraph" => Ok(Some(ImportFormat::Storygraph)),
        "librarything" => Ok(Some(ImportFormat::Librarything)),
        "archive" => Ok(Some(ImportFormat::Archive)),
        other => Err(ApiError::invalid(
            "format",
            crate::msg!(
                "import-format-unknown",
                "{format} is not one of auto, goodreads, storygraph, librarything, archive",
                format = format!("{other:?}")
            ),
        )),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    pub format: ExportFormat,
}

/// Downloads the whole library as a Goodreads CSV or as the lossless archive.
#[utoipa::path(get, path = "/api/v1/export", params(ExportQuery),
    responses((status = 200, description = "The library file", content(
            (String = "text/csv"),
            (serde_json::Value = "application/json"))),
        (status = 422, body = super::Problem)),
    security(("bearer" = [])), tag = "transfer")]
pub async fn export(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiQuery(query): ApiQuery<ExportQuery>,
) -> Result<Response, ApiError> {
    let bytes = export_bytes(state.store.as_ref(), user.user_id(), query.format).await?;
    let disposition = format!("attachment; filename=\"{}\"", query.format.file_name());
    Ok((
        [
            (
                header::CONTENT_TYPE,
                query.format.content_type().to_string(),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
