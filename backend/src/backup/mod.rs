//! Whole-database backups and restores, stored in a [`BlobStore`] under keys such
//! as `estante-20260131T235959Z.db`.
//!
//! SQLite is backed up with `VACUUM INTO`, a consistent copy of the file. PostgreSQL
//! is backed up as a JSON file (see [`format`]) read in one repeatable-read
//! transaction. A restore reads either kind into the same records, checks them, and
//! replaces the database in one transaction, so either file restores into either
//! database. Users keep their password hashes and bearer tokens (by hash).

pub mod format;

use chrono::{DateTime, Utc};

use crate::blob::{BlobError, BlobStore};
use crate::storage::{self, Backend, Storage, StoreError, UserBackup};

/// The first bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("invalid backup: {0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Blob(#[from] BlobError),
    #[error("failed to write the backup file: {0}")]
    Json(#[from] serde_json::Error),
    #[error("failed to use a temporary file: {0}")]
    Io(#[from] std::io::Error),
}

/// Returns the key of a backup taken at `at`: `estante-YYYYMMDDTHHMMSSZ.EXTENSION`.
pub fn backup_key(at: DateTime<Utc>, extension: &str) -> String {
    format!("estante-{}.{extension}", at.format("%Y%m%dT%H%M%SZ"))
}

/// Writes a consistent snapshot of the whole database to `blobs` and returns its key.
pub async fn create_backup(store: &dyn Storage, blobs: &BlobStore) -> Result<String, BackupError> {
    let now = Utc::now();
    let (key, bytes) = match store.backend() {
        Backend::Sqlite => {
            let dir = tempfile::tempdir()?;
            let path = dir.path().join("snapshot.db");
            store.vacuum_into(&path).await?;
            // NOTE: the whole file is held in memory for the upload, which is fine
            // for a personal library of some hundred megabytes at most.
            (backup_key(now, "db"), tokio::fs::read(&path).await?)
        }
        Backend::Postgres => {
            let users = store.snapshot().await?;
            let bytes = format::write_backup(users, store.backend(), now)?;
            (backup_key(now, "json"), bytes)
        }
    };
    let size = bytes.len();
    blobs.put(&key, bytes).await?;
    tracing::info!(key, location = blobs.location(), size, "backup written");
    Ok(key)
}

/// Restores the backup `key` from `blobs` into `store`. The file is read and
/// checked completely before the database is touched; `force` allows replacing a
/// database that already has users.
pub async fn restore_backup(
    store: &dyn Storage,
    blobs: &BlobStore,
    key: &str,
    force: bool,
) -> Result<usize, BackupError> {
    let bytes = blobs.get(key).await?;
    let users = read_any_backup(&bytes).await?;
    store.restore(&users, force).await?;
    let count = users.len();
    tracing::info!(
        key,
        location = blobs.location(),
        users = count,
        "backup restored"
    );
    Ok(count)
}

/// Finds the blob store and key that `--from` names: a full location such as
/// `s3://bucket/backups/KEY` or `/var/backups/KEY`, or else a key in `backups`.
pub fn locate(from: &str, backups: &BlobStore) -> Result<(BlobStore, String), BackupError> {
    let is_location = from.contains("://") || from.starts_with('/');
    if !from.contains("://") && std::path::Path::new(from).is_dir() {
        return Err(BackupError::Invalid(format!(
            "{from:?} is a folder, not a backup; name a backup file inside it"
        )));
    }
    match from.rsplit_once('/') {
        Some((location, key)) if is_location && !key.is_empty() => {
            let location = if location.is_empty() { "/" } else { location };
            Ok((BlobStore::open(location)?, key.to_string()))
        }
        _ if is_location => Err(BackupError::Invalid(format!(
            "{from:?} names a folder, not a backup; add the backup key"
        ))),
        _ => Ok((backups.clone(), from.to_string())),
    }
}

/// Reads a SQLite snapshot or a JSON backup into checked records.
pub async fn read_any_backup(bytes: &[u8]) -> Result<Vec<UserBackup>, BackupError> {
    if !bytes.starts_with(SQLITE_MAGIC) {
        return format::read_backup(bytes);
    }
    // The snapshot is opened as a database of its own, in a temporary copy because
    // opening applies any newer migrations to it.
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("restore.db");
    tokio::fs::write(&path, bytes).await?;
    let url = format!("sqlite://{}", path.display());
    check_integrity(&url).await?;
    let snapshot = storage::open(&url)
        .await
        .map_err(|error| BackupError::Invalid(format!("unreadable SQLite snapshot: {error}")))?;
    let users = snapshot
        .snapshot()
        .await
        .map_err(|error| BackupError::Invalid(format!("unreadable SQLite snapshot: {error}")))?;
    format::validate_users(&users)?;
    Ok(users)
}

/// Runs SQLite's own check of every page and index of a snapshot. A damaged file
/// can still open and read, so without it a restore replaced a library with one
/// whose indexes no longer matched its rows.
async fn check_integrity(url: &str) -> Result<(), BackupError> {
    use sqlx::Connection as _;

    let unreadable =
        |error: sqlx::Error| BackupError::Invalid(format!("unreadable SQLite snapshot: {error}"));
    let mut conn = sqlx::SqliteConnection::connect(url)
        .await
        .map_err(unreadable)?;
    let problems: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check(5)")
        .fetch_all(&mut conn)
        .await
        .map_err(unreadable)?;
    conn.close().await.map_err(unreadable)?;
    if problems == ["ok"] {
        return Ok(());
    }
    Err(BackupError::Invalid(format!(
        "the SQLite snapshot is damaged ({}); restore an earlier backup",
        problems.join("; ")
    )))
}
