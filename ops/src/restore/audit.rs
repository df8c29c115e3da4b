//! The local restore audit log: one JSON object per line, appended.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::RestoreRequest;
use crate::error::OpsError;

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub time: DateTime<Utc>,
    /// Caller ARN from STS, or `unknown: <error>` when STS failed.
    pub who: String,
    pub profile: String,
    pub region: String,
    /// The endpoint the calls went to when one was set, such as an emulator's; absent
    /// for AWS itself. A restore against an emulator then reads as one in the log.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    pub request: RestoreRequest,
    pub document: String,
    /// Run Command id or Automation execution id, once started.
    pub execution_id: Option<String>,
    /// `declined`, `refused`, `sending` (written just before the restore is sent),
    /// `start-failed`, `started`, `succeeded`, `failed`, `follow-failed` or
    /// `timed-out`.
    pub result: String,
    pub detail: Option<String>,
}

/// Opens the log for appending, creating it when missing, and writes nothing, so a
/// log that cannot take the entry of a restore stops the restore before it is sent.
pub(crate) fn check_writable(path: &Path) -> Result<(), OpsError> {
    open(path).map(drop)
}

fn open(path: &Path) -> Result<std::fs::File, OpsError> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    // The log names the caller, the account and what was restored: the owner's alone.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map_err(|source| OpsError::AuditLog {
        path: path.display().to_string(),
        source,
    })
}

/// Appends `entry` as one line. Each call opens the file in append mode and
/// writes the line with a single `write_all`, so concurrent writers on a local
/// file system do not interleave within a line.
pub(crate) fn append(path: &Path, entry: &AuditEntry) -> Result<(), OpsError> {
    let to_error = |source| OpsError::AuditLog {
        path: path.display().to_string(),
        source,
    };
    let mut line =
        serde_json::to_string(entry).map_err(|err| to_error(std::io::Error::other(err)))?;
    line.push('\n');
    let mut file = open(path)?;
    file.write_all(line.as_bytes()).map_err(to_error)?;
    file.flush().map_err(to_error)
}
