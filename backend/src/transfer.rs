//! Import and export as whole operations, shared by the HTTP API and the command line.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::export::ExportError;
use crate::import::{ImportError, ImportFormat};
use crate::storage::{ImportReport, Storage, StoreError, UserId};

#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the import task failed: {0}")]
    Task(String),
}

/// Parses `bytes` (detecting the format when `format` is `None`) and applies the
/// records in one transaction. Parsing runs on a blocking thread because a large file
/// takes long enough to stall other requests.
pub async fn import_bytes(
    store: &dyn Storage,
    user: UserId,
    bytes: Vec<u8>,
    format: Option<ImportFormat>,
) -> Result<ImportReport, TransferError> {
    let started = std::time::Instant::now();
    let language = crate::i18n::current();
    let parsed = tokio::task::spawn_blocking(move || {
        crate::i18n::with_language(language, || crate::import::parse(&bytes, format))
    })
    .await
    .map_err(|error| TransferError::Task(error.to_string()))??;
    let parsed_at = started.elapsed();
    // Marks where the transaction begins, so a crash after this line in the log is
    // known to have hit a transaction that must roll back.
    tracing::info!(
        user_id = user.0,
        rows = parsed.rows.len(),
        parse_ms = parsed_at.as_millis() as u64,
        "import parsed; applying"
    );
    let report = store.import(user, &parsed).await?;
    tracing::info!(
        user_id = user.0,
        format = ?report.format,
        imported = report.imported,
        merged = report.merged,
        flagged = report.flagged,
        rejected = report.rejected,
        parse_ms = parsed_at.as_millis() as u64,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "import applied"
    );
    Ok(report)
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// Goodreads library CSV, readable by trackers that import Goodreads files.
    Goodreads,
    /// The lossless JSON archive.
    Archive,
}

impl ExportFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Goodreads => "text/csv; charset=utf-8",
            Self::Archive => "application/json",
        }
    }

    pub fn file_name(self) -> &'static str {
        match self {
            Self::Goodreads => "estante_goodreads_export.csv",
            Self::Archive => "estante_archive.json",
        }
    }
}

pub async fn export_bytes(
    store: &dyn Storage,
    user: UserId,
    format: ExportFormat,
) -> Result<Vec<u8>, TransferError> {
    let records = store.export(user).await?;
    let bytes = match format {
        ExportFormat::Goodreads => crate::export::goodreads::write_goodreads_csv(&records)?,
        ExportFormat::Archive => {
            crate::export::archive::write_archive(&records, chrono::Utc::now())?
        }
    };
    Ok(bytes)
}
