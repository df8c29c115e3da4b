//! The JSON backup file: every user with their library, in the record format of the
//! lossless archive (`crate::export::archive`).

use std::collections::HashSet;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::storage::{Backend, UserBackup};
use crate::validate;

use super::BackupError;

/// Value of the backup file's `format` field.
pub const BACKUP_FORMAT: &str = "estante-backup";

/// The backup version this build writes and reads.
pub const BACKUP_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Envelope {
    format: String,
    version: u32,
    created_at: String,
    /// The database the backup was taken from, for people reading the file.
    source: Backend,
    users: Vec<UserBackup>,
}

/// Writes `{"format":"estante-backup","version":1,"created_at":…,"source":…,
/// "users":[…]}`. The file contains password and token hashes, so it needs the same
/// protection as the database.
pub fn write_backup(
    users: Vec<UserBackup>,
    source: Backend,
    created_at: DateTime<Utc>,
) -> Result<Vec<u8>, BackupError> {
    let envelope = Envelope {
        format: BACKUP_FORMAT.to_string(),
        version: BACKUP_VERSION,
        created_at: created_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        source,
        users,
    };
    let mut bytes = serde_json::to_vec(&envelope)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Reads a backup file and checks every user and record, so a restore fails before
/// it changes anything.
pub fn read_backup(bytes: &[u8]) -> Result<Vec<UserBackup>, BackupError> {
    let envelope: Envelope = serde_json::from_slice(bytes).map_err(|error| {
        // A file that starts as a backup and stops short was cut in a copy or an
        // upload. Calling it "not an estante backup" sent the reader the wrong way.
        if error.is_eof() && bytes.starts_with(br#"{"format":"estante-backup""#) {
            BackupError::Invalid(format!(
                "the backup is cut short ({error}); copy it again, or restore an \
                 earlier backup"
            ))
        } else {
            BackupError::Invalid(format!("not an estante backup: {error}"))
        }
    })?;
    if envelope.format != BACKUP_FORMAT {
        return Err(BackupError::Invalid(format!(
            "format is {:?} (expected {BACKUP_FORMAT:?})",
            envelope.format
        )));
    }
    if envelope.version != BACKUP_VERSION {
        return Err(BackupError::Invalid(format!(
            "version {} is not supported (this build reads version {BACKUP_VERSION})",
            envelope.version
        )));
    }
    validate_users(&envelope.users)?;
    Ok(envelope.users)
}

/// Checks what the database would reject, naming the user and record at fault.
pub fn validate_users(users: &[UserBackup]) -> Result<(), BackupError> {
    let mut names = HashSet::new();
    for user in users {
        if user.name.trim().is_empty() {
            return Err(BackupError::Invalid("a user name is empty".to_string()));
        }
        if !names.insert(user.name.as_str()) {
            return Err(BackupError::Invalid(format!(
                "user {:?} appears twice",
                user.name
            )));
        }
        if DateTime::parse_from_rfc3339(&user.created_at).is_err() {
            return Err(BackupError::Invalid(format!(
                "user {:?}: created_at {:?} is not an RFC 3339 time",
                user.name, user.created_at
            )));
        }
        let mut tokens = HashSet::new();
        if !user
            .tokens
            .iter()
            .all(|token| tokens.insert(&token.token_hash))
        {
            return Err(BackupError::Invalid(format!(
                "user {:?} has the same token hash twice",
                user.name
            )));
        }
        let labels = user.shelves.iter().chain(&user.tags);
        if let Some(label) = labels.into_iter().find(|name| name.trim().is_empty()) {
            return Err(BackupError::Invalid(format!(
                "user {:?}: shelf or tag name {label:?} is empty",
                user.name
            )));
        }
        for (index, record) in user.records.iter().enumerate() {
            let checked = validate::book(&record.book)
                .and_then(|()| validate::entry(&record.entry))
                .and_then(|()| record.readings.iter().try_for_each(validate::reading));
            if let Err(error) = checked {
                return Err(BackupError::Invalid(format!(
                    "user {:?}, record {}: {error}",
                    user.name,
                    index + 1
                )));
            }
        }
    }
    Ok(())
}
