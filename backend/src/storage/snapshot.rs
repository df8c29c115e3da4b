//! The whole database as plain records, for backups and restores.

use serde::{Deserialize, Serialize};

use crate::model::LibraryRecord;

/// One user's account and library, as a backup stores them.
///
/// Ids, versions and the creation times of books and labels are not kept, so a
/// restore numbers everything afresh and sets those times to the time of the restore.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserBackup {
    pub name: String,
    /// The Argon2 hash, never the password; `None` for a user without a password.
    pub password_hash: Option<String>,
    /// RFC 3339 time at which the account was created.
    pub created_at: String,
    /// Bearer tokens by their SHA-256 hash, so clients keep working after a restore.
    /// The secrets themselves are never stored anywhere.
    #[serde(default)]
    pub tokens: Vec<TokenBackup>,
    /// Every shelf, including those with no books, by name.
    pub shelves: Vec<String>,
    /// Every tag, including those with no books, by name.
    pub tags: Vec<String>,
    /// The library in book id order, as [`super::Storage::export`] returns it.
    pub records: Vec<LibraryRecord>,
    /// The id of each record's book, in the same order. A restore gives the books
    /// these ids again, because covers are stored under them and clients hold them.
    /// A backup from a build that did not write them restores under new ids.
    #[serde(default)]
    pub book_ids: Vec<i64>,
}

/// A bearer token as the database stores it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TokenBackup {
    pub token_hash: String,
    pub label: Option<String>,
    pub created_at: String,
}
