//! Persistence behind one trait, with a SQLite and a PostgreSQL implementation.
//!
//! The implementation is chosen once, from the database URL, by [`open`]. Both
//! implementations compile the same query code (`shared.rs`, included by each backend
//! module with its own `Db` and `Conn` types), so their behaviour cannot drift; what
//! differs (migrations, the full-text index) lives in the backend modules.

pub(crate) mod cursor;
mod postgres;
mod snapshot;
mod sqlite;
mod types;

use std::sync::Arc;

use async_trait::async_trait;

use crate::import::ParsedImport;
use crate::model::{BookFields, LibraryRecord, ReadingFields};
use crate::reports::ReportSpec;
use crate::reports::worker::{JobOutcome, ReportJob};

pub use snapshot::{TokenBackup, UserBackup};
pub use types::*;

/// Errors every storage call may return. `NotFound` and `Conflict` are expected
/// outcomes that the API turns into 404 and 412; `Database` is a fault.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}", crate::msg!("store-not-found", "{entity} not found", entity = .0))]
    NotFound(&'static str),
    /// The caller's version is stale: someone else changed the row first.
    #[error("{}", crate::msg!(
        "store-version-mismatch",
        "{entity} was changed by someone else (current version {current})",
        entity = .entity,
        current = .current
    ))]
    VersionMismatch { entity: &'static str, current: i64 },
    /// A unique value is already taken, such as a shelf name or an ISBN.
    #[error("{}", crate::msg!(
        "store-duplicate",
        "{field} {value} is already used",
        field = crate::validate::field_label(.field),
        value = format!("{:?}", .value)
    ))]
    Duplicate { field: &'static str, value: String },
    /// A new user name that differs from an existing one only in letter case or
    /// character width, such as `ANA` beside `ana`: the two would pass for one user.
    #[error("{}", crate::msg!(
        "store-user-name-like",
        "the user name {name} differs from the existing user {existing} only in letter \
         case or character width; choose another name",
        name = format!("{:?}", .name),
        existing = format!("{:?}", .existing)
    ))]
    UserNameLike { name: String, existing: String },
    /// Another book of the library has this ISBN-13. Search does not cover ISBNs, so
    /// the error names the book.
    #[error("{}", crate::msg!(
        "store-isbn-taken",
        "ISBN-13 {isbn} is already on book {id}, {title}",
        isbn = .isbn,
        // As text, so that an id is not grouped like a count (1,792).
        id = .book_id.to_string(),
        title = format!("{:?}", .title)
    ))]
    IsbnTaken {
        isbn: String,
        book_id: i64,
        title: String,
    },
    /// A value that validation rejected. `reason` is already in the request's
    /// language.
    #[error("{}", crate::msg!(
        "store-invalid",
        "invalid {field}: {reason}",
        field = crate::validate::field_label(.field),
        reason = .reason
    ))]
    Invalid { field: &'static str, reason: String },
    /// A restore without permission to replace found users in the database.
    #[error("the database is not empty ({users} users); pass --force to replace it")]
    NotEmpty { users: i64 },
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    /// Returns the database driver's error, from a query or from a migration.
    fn sqlx_error(&self) -> Option<&sqlx::Error> {
        match self {
            Self::Database(error) => Some(error),
            Self::Migrate(
                sqlx::migrate::MigrateError::Execute(error)
                | sqlx::migrate::MigrateError::ExecuteMigration(error, _),
            ) => Some(error),
            _ => None,
        }
    }

    /// Reports whether the database file is not a SQLite database at all (SQLite's
    /// result code 26, SQLITE_NOTADB), as when another file takes its name.
    pub fn is_not_a_database(&self) -> bool {
        let Some(error) = self.sqlx_error() else {
            return false;
        };
        matches!(error, sqlx::Error::Database(database) if database.code().as_deref() == Some("26"))
    }

    /// Returns true for a lost or refused database connection, which a retry may fix
    /// once the database is back, and false for a fault in the request or the server.
    pub fn is_connection_failure(&self) -> bool {
        let Some(error) = self.sqlx_error() else {
            return false;
        };
        match error {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
            // SQLSTATE class 08 is "connection exception". 57P01 (admin_shutdown),
            // 57P02 (crash_shutdown) and 57P03 (cannot_connect_now) are sent while
            // PostgreSQL stops or starts (PostgreSQL 15 documentation, Appendix A).
            sqlx::Error::Database(database) => database.code().is_some_and(|code| {
                code.starts_with("08") || matches!(&*code, "57P01" | "57P02" | "57P03")
            }),
            _ => false,
        }
    }
}

impl StoreError {
    /// Returns true when PostgreSQL ended the transaction because it crossed another
    /// one (a deadlock, 40P01, or a serialization failure, 40001), or when SQLite's
    /// file stayed locked by another writer past the busy timeout (SQLITE_BUSY, 5,
    /// and its extended codes 261 and 517), as behind a long import. The request did
    /// nothing wrong and can run again as it is, so it gets a 503, not a 500.
    pub fn is_contention(&self) -> bool {
        let Some(sqlx::Error::Database(database)) = self.sqlx_error() else {
            return false;
        };
        matches!(
            database.code().as_deref(),
            Some("40P01" | "40001" | "5" | "261" | "517")
        )
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// The operations the service needs, each scoped to one user's library.
///
/// Every method that takes a `user` only ever reads or writes rows of that user; an
/// id that belongs to someone else is reported as `NotFound`, never as the data.
#[async_trait]
pub trait Storage: Send + Sync + std::fmt::Debug {
    /// Returns which database this is, for logs and `/readyz`.
    fn backend(&self) -> Backend;

    /// Checks that the database responds.
    async fn ping(&self) -> StoreResult<()>;

    /// Brings the schema up to date. PostgreSQL holds an advisory lock meanwhile, so
    /// servers that start together apply each migration once.
    async fn migrate(&self) -> StoreResult<()>;

    async fn create_user(&self, name: &str, password_hash: Option<&str>) -> StoreResult<User>;
    async fn user_by_name(&self, name: &str) -> StoreResult<User>;
    /// Returns the user and their password hash, for logging in.
    async fn password_hash(&self, name: &str) -> StoreResult<(User, Option<String>)>;
    async fn add_token(&self, user: UserId, token_hash: &str, label: &str) -> StoreResult<()>;
    /// Lists the user's tokens, oldest first, marking the one whose hash is
    /// `current_hash`.
    async fn tokens(&self, user: UserId, current_hash: &str) -> StoreResult<Vec<TokenInfo>>;
    /// Deletes the user's token `id`, after which it authenticates nothing. Another
    /// user's token is `NotFound`.
    async fn delete_token(&self, user: UserId, id: i64) -> StoreResult<()>;
    /// Deletes every user's tokens issued before `cutoff`, an RFC 3339 time in UTC
    /// as tokens store theirs, and returns how many there were.
    async fn delete_tokens_issued_before(&self, cutoff: &str) -> StoreResult<u64>;
    /// Returns the owner of a token and the revision of the owner's library, read in
    /// one statement because every API request needs the first and a list page the
    /// second.
    /// The revision moves on with every committed write to the library.
    async fn token_owner(&self, token_hash: &str) -> StoreResult<(User, i64)>;

    /// Returns the owners of several tokens, each with its library's revision, read in
    /// one statement, so that lookups which arrived together cost one round trip.
    /// A hash that names no token is missing from the result.
    async fn token_owners(&self, token_hashes: &[String]) -> StoreResult<Vec<TokenOwner>> {
        let mut owners = Vec::with_capacity(token_hashes.len());
        for hash in token_hashes {
            match self.token_owner(hash).await {
                Ok((user, revision)) => owners.push(TokenOwner {
                    token_hash: hash.clone(),
                    user,
                    revision,
                }),
                Err(StoreError::NotFound(_)) => {}
                Err(other) => return Err(other),
            }
        }
        Ok(owners)
    }

    async fn user_by_token(&self, token_hash: &str) -> StoreResult<User> {
        Ok(self.token_owner(token_hash).await?.0)
    }

    async fn create_book(&self, user: UserId, new: &NewBook) -> StoreResult<Book>;
    async fn book(&self, user: UserId, id: i64) -> StoreResult<Book>;
    async fn list_books(&self, user: UserId, query: &BookQuery) -> StoreResult<Page<BookSummary>>;
    /// Reads every book of the user's library with its list row and its search
    /// document, and hands them to `chunk` a few thousand at a time, ordered by id,
    /// until `chunk` breaks. Returns the library's revision. Everything is read from one snapshot, so the
    /// books are the library as it was at that revision. Chunks keep the memory of a
    /// large library's reading to a fraction of the whole.
    async fn search_library(
        &self,
        user: UserId,
        chunk: &mut (dyn FnMut(Vec<SearchableBook>) -> std::ops::ControlFlow<()> + Send),
    ) -> StoreResult<i64>;
    async fn update_book(
        &self,
        user: UserId,
        id: i64,
        version: i64,
        fields: &BookFields,
    ) -> StoreResult<Book>;
    /// Deletes the book at `version`, and only while its entry is at `entry_version`
    /// when that is given.
    async fn delete_book(
        &self,
        user: UserId,
        id: i64,
        version: i64,
        entry_version: Option<i64>,
    ) -> StoreResult<()>;
    /// Merges book `from` into book `into` and deletes `from`, in one transaction.
    /// `into` keeps its values and takes those it lacks. Readings, shelves and tags
    /// are joined, two different reviews or private notes are both kept, and the
    /// earlier date added stays. `version` is the version of `into`.
    async fn merge_books(
        &self,
        user: UserId,
        into: i64,
        from: i64,
        version: i64,
    ) -> StoreResult<MergedBook>;

    async fn update_entry(
        &self,
        user: UserId,
        book_id: i64,
        version: i64,
        patch: &EntryPatch,
    ) -> StoreResult<Entry>;

    async fn add_reading(
        &self,
        user: UserId,
        book_id: i64,
        fields: &ReadingFields,
    ) -> StoreResult<Reading>;
    async fn reading(&self, user: UserId, id: i64) -> StoreResult<Reading>;
    async fn update_reading(
        &self,
        user: UserId,
        id: i64,
        version: i64,
        fields: &ReadingFields,
    ) -> StoreResult<Reading>;
    async fn delete_reading(&self, user: UserId, id: i64, version: i64) -> StoreResult<()>;

    async fn labels(&self, user: UserId, kind: LabelKind) -> StoreResult<Vec<Label>>;
    /// Returns up to `limit` labels in name order after the name `after`. The page's
    /// `next_cursor` is the name to pass as `after` for the next page.
    async fn label_page(
        &self,
        user: UserId,
        kind: LabelKind,
        after: Option<&str>,
        limit: u32,
    ) -> StoreResult<Page<Label>>;
    async fn label(&self, user: UserId, kind: LabelKind, id: i64) -> StoreResult<Label>;
    async fn create_label(&self, user: UserId, kind: LabelKind, name: &str) -> StoreResult<Label>;
    async fn rename_label(
        &self,
        user: UserId,
        kind: LabelKind,
        id: i64,
        version: i64,
        name: &str,
    ) -> StoreResult<Label>;
    async fn delete_label(
        &self,
        user: UserId,
        kind: LabelKind,
        id: i64,
        version: i64,
    ) -> StoreResult<()>;
    /// Puts a book on a shelf or gives it a tag; doing it twice changes nothing.
    async fn attach_label(
        &self,
        user: UserId,
        kind: LabelKind,
        label_id: i64,
        book_id: i64,
    ) -> StoreResult<()>;
    async fn detach_label(
        &self,
        user: UserId,
        kind: LabelKind,
        label_id: i64,
        book_id: i64,
    ) -> StoreResult<()>;

    async fn stats(&self, user: UserId, year: Option<i32>) -> StoreResult<Stats>;

    /// Applies a parsed file in one transaction: either every row's outcome is
    /// stored, or nothing is.
    async fn import(&self, user: UserId, parsed: &ParsedImport) -> StoreResult<ImportReport>;
    /// Returns the whole library in a stable order (by book id).
    async fn export(&self, user: UserId) -> StoreResult<Vec<LibraryRecord>>;

    /// Returns every user with their library, read in one transaction so the result
    /// is a consistent snapshot even while others write. Users come in id order.
    async fn snapshot(&self) -> StoreResult<Vec<UserBackup>>;
    /// Replaces the whole database with `users` in one transaction. Fails with
    /// `NotEmpty`, changing nothing, when users exist and `replace` is false.
    async fn restore(&self, users: &[UserBackup], replace: bool) -> StoreResult<()>;
    /// Queues a report job for `user`.
    async fn create_report_job(&self, user: UserId, spec: &ReportSpec) -> StoreResult<ReportJob>;
    async fn report_job(&self, user: UserId, id: i64) -> StoreResult<ReportJob>;
    /// Claims the oldest job that is queued or whose lease has passed (`only` that
    /// job, when given), for `lease`. Two claims at once never get the same job.
    async fn claim_report_job(
        &self,
        worker: &str,
        lease: std::time::Duration,
        only: Option<i64>,
    ) -> StoreResult<Option<ReportJob>>;
    /// Stores the outcome of a claimed job. Returns false, storing nothing, when the
    /// job was claimed again since `job` was.
    async fn finish_report_job(&self, job: &ReportJob, outcome: &JobOutcome) -> StoreResult<bool>;
    /// Counts the jobs queued or running, for the metrics.
    async fn report_queue_depth(&self) -> StoreResult<i64>;

    /// Writes a compacted copy of the database file to `path`, which must not exist.
    /// Only SQLite has a file to copy; PostgreSQL returns `Invalid`.
    async fn vacuum_into(&self, path: &std::path::Path) -> StoreResult<()>;
}

/// Opens the database named by `url` and brings its schema up to date.
///
/// `sqlite://PATH` (created when missing) and `postgres://…` are accepted; any other
/// scheme is an error that names the accepted ones.
pub async fn open(url: &str) -> StoreResult<Arc<dyn Storage>> {
    let store = connect(url).await?;
    store.migrate().await?;
    Ok(store)
}

/// Connects to the database named by `url` without migrating it, for a server that
/// serves health checks while [`Storage::migrate`] runs.
pub async fn connect(url: &str) -> StoreResult<Arc<dyn Storage>> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(sqlite::SqliteStore::connect(url).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(postgres::PgStore::connect(url).await?))
    } else {
        Err(StoreError::Invalid {
            field: "database URL",
            reason: format!(
                "unsupported scheme in {:?}; use sqlite://PATH or postgres://HOST/DB",
                redact_url(url)
            ),
        })
    }
}

/// Hides the password of a database URL so it can be logged.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _password)) => {
                    format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..])
                }
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn redact_url_hides_password() {
        assert_eq!(
            redact_url("postgres://app:s3cret@db.internal:5432/estante"),
            "postgres://app:***@db.internal:5432/estante"
        );
        assert_eq!(redact_url("sqlite:///tmp/x.db"), "sqlite:///tmp/x.db");
        assert_eq!(
            redact_url("postgres://app@host/db"),
            "postgres://app@host/db"
        );
    }
}
