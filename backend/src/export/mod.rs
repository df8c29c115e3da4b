//! Writing a library out: the lossless JSON archive and a Goodreads-format CSV that
//! other trackers import.

pub mod archive;
pub mod goodreads;

/// A failure to write an export. Both writers produce bytes in memory, so these come
/// from the serialisers rather than from I/O.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("failed to write the CSV export: {0}")]
    Csv(#[from] csv::Error),
    #[error("failed to write the JSON archive: {0}")]
    Json(#[from] serde_json::Error),
}
