//! The lossless JSON archive, which keeps every field of every record.
//! [`crate::import::archive`] reads it back into identical records.
//!
//! TODO: covers stay in the blob store and are not in the archive, so an uploaded
//! cover does not reach a library restored from it.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::import::archive::{ARCHIVE_FORMAT, ARCHIVE_VERSION};
use crate::model::LibraryRecord;

use super::ExportError;

#[derive(Serialize)]
struct Envelope<'a> {
    format: &'static str,
    version: u32,
    exported_at: String,
    records: &'a [LibraryRecord],
}

/// Writes records as `{"format":"estante-archive","version":1,"exported_at":…,
/// "records":[…]}`, indented for people who open the file.
pub fn write_archive(
    records: &[LibraryRecord],
    exported_at: DateTime<Utc>,
) -> Result<Vec<u8>, ExportError> {
    let envelope = Envelope {
        format: ARCHIVE_FORMAT,
        version: ARCHIVE_VERSION,
        exported_at: exported_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        records,
    };
    let mut bytes = serde_json::to_vec_pretty(&envelope)?;
    bytes.push(b'\n');
    Ok(bytes)
}
