//! The SQLite implementation: the embedded default, one file per library.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

include!("shared/imports.rs");

type Db = sqlx::Sqlite;
type Conn = sqlx::SqliteConnection;
type Store = SqliteStore;
const BACKEND: Backend = Backend::Sqlite;

#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: sqlx::SqlitePool,
}

impl SqliteStore {
    /// Opens (creating when missing) the file named by a `sqlite://PATH` URL, in WAL
    /// mode, where readers see the last commit and do not wait for the writer.
    /// [`Storage::migrate`] brings the schema up to date.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // A large import is one transaction; with the default 2 MiB page cache its
            // pages spill to the WAL file many times over before the commit.
            .pragma("cache_size", "-65536")
            .pragma("temp_store", "memory");
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        Ok(Self { pool })
    }

    /// Starts a write transaction that takes the write lock at once. A deferred one
    /// could read a snapshot and then fail with SQLITE_BUSY when it tries to write.
    async fn begin(&self) -> StoreResult<sqlx::Transaction<'static, Db>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }
}

/// Written between the column list and VALUES of a books INSERT with explicit ids.
const EXPLICIT_BOOK_IDS: &str = "";

/// Reserves `count` ids for new books. The transaction holds SQLite's write lock, so
/// no other writer can take ids above the highest one until it commits.
async fn reserve_book_ids(conn: &mut Conn, count: i64) -> StoreResult<Vec<i64>> {
    let highest: i64 = sqlx::query("SELECT COALESCE(MAX(id), 0) FROM books")
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    Ok((highest + 1..=highest + count).collect())
}

/// Start of the subquery that selects the ids of books matching a search; the bound
/// FTS5 expression and [`SEARCH_IDS_END`] follow.
const SEARCH_IDS: &str = "SELECT rowid FROM book_search WHERE book_search MATCH ";
const SEARCH_IDS_END: &str = "";

/// Builds an FTS5 query in which every word must appear, as a prefix. The words come
/// from [`search::query_words`], so they hold letters and digits only and need no
/// escaping inside the quotes.
fn search_expression(words: &[String]) -> String {
    let terms: Vec<String> = words.iter().map(|word| format!("\"{word}\"*")).collect();
    terms.join(" ")
}

async fn write_search(conn: &mut Conn, book_id: i64, body: &str) -> StoreResult<()> {
    delete_search(conn, book_id).await?;
    write_search_batch(conn, &[(book_id, body.to_string())]).await
}

/// Inserts the documents of books that have none yet.
async fn write_search_batch(conn: &mut Conn, documents: &[(i64, String)]) -> StoreResult<()> {
    let mut builder = QueryBuilder::<Db>::new("INSERT INTO book_search (rowid, body) ");
    builder.push_values(documents, |mut row, (book_id, body)| {
        row.push_bind(*book_id).push_bind(body.as_str());
    });
    builder.build().execute(&mut *conn).await?;
    Ok(())
}

/// The FTS5 table has no foreign key, so deleting a book must delete its document.
async fn delete_search(conn: &mut Conn, book_id: i64) -> StoreResult<()> {
    sqlx::query("DELETE FROM book_search WHERE rowid = $1")
        .bind(book_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Starts the read transaction of a snapshot. In WAL mode a deferred transaction
/// reads one snapshot from its first read until it ends.
/// Written after the subquery that picks the report job to claim.
const SKIP_LOCKED: &str = "";

const SNAPSHOT_BEGIN: &str = "BEGIN";

/// Writes a compacted, consistent copy of the database with `VACUUM INTO`, which
/// reads one snapshot and does not block writers in WAL mode.
async fn vacuum_into(pool: &sqlx::SqlitePool, path: &std::path::Path) -> StoreResult<()> {
    let target = path.to_str().ok_or_else(|| StoreError::Invalid {
        field: "snapshot path",
        reason: format!("{} is not valid UTF-8", path.display()),
    })?;
    sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(pool)
        .await?;
    Ok(())
}

async fn run_migrations(pool: &sqlx::Pool<Db>) -> StoreResult<()> {
    sqlx::migrate!("migrations/sqlite").run(pool).await?;
    Ok(())
}

include!("shared/store.rs");
include!("shared/books.rs");
include!("shared/batch.rs");
include!("shared/load.rs");
include!("shared/labels.rs");
include!("shared/list.rs");
include!("shared/import.rs");
include!("shared/snapshot.rs");
include!("shared/jobs.rs");
