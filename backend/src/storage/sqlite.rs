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
            .pragma("cache_size", READ_CACHE_KIB)
            .pragma("temp_store", "memory");
        // Opening a new file switches it to WAL mode. Another process opening or
        // migrating the same new file at that moment failed with "database is
        // locked", so the open waits for the lock that migrations take.
        let lock = migration_lock(options.get_filename()).await?;
        create_private(options.get_filename())?;
        let pool = SqlitePoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            // A pooled connection is a thread with the file open, not a socket that
            // can drop. So the ping that sqlx sends on every acquire by default finds
            // nothing, and its round trip to that thread cost about a tenth of the
            // request rate of an endpoint that reads one row.
            .test_before_acquire(false)
            .connect_with(options)
            .await?;
        let stable_plans: bool =
            sqlx::query_scalar("SELECT sqlite_compileoption_used('ENABLE_QPSG')")
                .fetch_one(&pool)
                .await?;
        drop(lock);
        if !stable_plans {
            // Only a build outside this workspace, which lacks .cargo/config.toml, can
            // get here: it still works, at about half the speed of a search.
            tracing::warn!(
                "SQLite was built without SQLITE_ENABLE_QPSG, so each statement is \
                 compiled again every time it runs; build with \
                 LIBSQLITE3_FLAGS=-DSQLITE_ENABLE_QPSG"
            );
        }
        Ok(Self { pool })
    }

    /// Starts a write transaction that takes the write lock at once. A deferred one
    /// could read a snapshot and then fail with SQLITE_BUSY when it tries to write.
    async fn begin(&self) -> StoreResult<sqlx::Transaction<'static, Db>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }
}

/// Connections in the pool. WAL readers run in parallel, each on its own connection
/// with its own page cache.
const MAX_CONNECTIONS: u32 = 8;

/// Page cache of each connection, as PRAGMA cache_size takes it: negative values are
/// KiB. Every connection fills its own cache, so the pool can hold up to
/// `MAX_CONNECTIONS` times this much (64 MiB). Pages that miss it come from the
/// operating system's file cache, which the process does not own.
///
/// The file is not memory-mapped (`mmap_size`), because each connection maps it
/// separately and every mapping counts in the resident set again. At 100,000 books
/// (an 80 MB file) a server with eight mapped connections reached 596 MB of RSS
/// after the search benchmark and a full listing.
const READ_CACHE_KIB: &str = "-8192";

/// Page cache of a bulk write (import, restore), in KiB as a negative number. A large
/// import is one transaction, and with a 2 MiB cache its pages spill to the WAL file
/// many times over before the commit.
const BULK_CACHE_KIB: &str = "-65536";

/// Sets the page cache of the connection for a bulk write, or back to the reading
/// size when `bulk` is false.
async fn set_bulk_cache(conn: &mut Conn, bulk: bool) -> StoreResult<()> {
    let size = if bulk { BULK_CACHE_KIB } else { READ_CACHE_KIB };
    sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA cache_size = {size}")))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Does nothing: SQLite plans with the indexes alone until `ANALYZE` has run, and no
/// estante database runs it, so there are no statistics to bring up to date.
async fn refresh_statistics(_pool: &sqlx::SqlitePool, _added: usize) {}

/// Does nothing: every SQLite write transaction takes the file's write lock when it
/// begins, so bulk writes of one library already wait for each other.
async fn lock_library(_conn: &mut Conn, _user: UserId) -> StoreResult<()> {
    Ok(())
}

/// Does nothing: new book ids start above the highest stored, which includes the
/// ids that a restore wrote.
async fn book_ids_restored(_conn: &mut Conn) -> StoreResult<()> {
    Ok(())
}

/// Written between the column list and VALUES of a books INSERT with explicit ids.
const EXPLICIT_BOOK_IDS: &str = "";

/// Reserves `count` ids for new books. The transaction holds SQLite's write lock, so
/// no other writer can take ids above the highest one until it commits.
async fn reserve_book_ids(conn: &mut Conn, count: i64) -> StoreResult<Vec<i64>> {
    // Above the books stored and above every book deleted, whose highest id a
    // trigger keeps: a deleted book's id must not come back to a new book.
    let highest: i64 = sqlx::query(
        "SELECT MAX(COALESCE((SELECT MAX(id) FROM books), 0), \
         COALESCE((SELECT value FROM id_high_water WHERE name = 'books'), 0))",
    )
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    Ok((highest + 1..=highest + count).collect())
}

/// Tables of a search. CROSS JOIN keeps the full-text table as the outer loop in
/// SQLite's plan. A search then reads its matches from the index, in rowid order
/// when sorted by id, instead of probing the index once for each of the user's books.
const SEARCH_FROM: &str = "book_search f CROSS JOIN books b ON b.id = f.rowid \
     CROSS JOIN entries e ON e.book_id = b.id LEFT JOIN series s ON s.id = b.series_id";
/// Start of the search condition; the bound FTS5 expression and
/// [`SEARCH_MATCH_END`] follow.
const SEARCH_MATCH: &str = "f.book_search MATCH ";
const SEARCH_MATCH_END: &str = "";
/// Opens the query that returns a page as one JSON array of rows, each an array in
/// [`PageRow`]'s order; the page query follows, aliased `p`. The page then crosses
/// from the connection's thread as one value instead of one row per book.
///
/// The rows come in no set order. An aggregate's own `ORDER BY` makes SQLite sort
/// its input again, which made the query of a 100-book search page 9% slower on the
/// benchmark's library. [`fetch_page`] sorts the rows instead, in the same order,
/// because Rust compares the sort keys as SQLite's BINARY collation does.
///
/// An infinite series index, which an older import could store, becomes null:
/// SQLite writes it as `9.0e+999`, which no JSON reader takes as a number.
fn page_json(_ordering: &str) -> &'static str {
    "SELECT json_group_array(json_array(p.id, p.title, p.series_name, \
     CASE WHEN p.series_index BETWEEN -1.7976931348623157e308 \
     AND 1.7976931348623157e308 THEN p.series_index END, \
     p.isbn13, p.pages, p.status, p.rating, p.date_added, p.last_read, json(p.authors), \
     p.sort_value)) FROM ("
}
/// Whether [`page_json`] returns the rows in the page's order.
const PAGE_JSON_ORDERED: bool = false;
/// The book id as the full-text table has it. Sorting and comparing on it lets FTS5
/// return matches in order from a cursor, and stop after the page.
const SEARCH_ID: &str = "f.rowid";

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

/// Every book's search document as text, with the book's user.
const SEARCH_DOCUMENTS_SQL: &str = "SELECT s.rowid AS id, b.user_id AS user_id, s.body AS body \
     FROM book_search s JOIN books b ON b.id = s.rowid";

/// Each book's search document, for the server's search index. FTS5 splits the
/// folded documents at spaces, so their words are the index's terms.
const SEARCH_WORDS_SQL: &str = "SELECT s.rowid AS id, s.body AS body \
     FROM book_search s JOIN books b ON b.id = s.rowid";

/// Ends a condition on a book id: one of the ids of the JSON array in `$1`.
const IN_JSON_IDS: &str = "IN (SELECT value FROM json_each($1))";

/// Owners of the tokens whose hashes the JSON array in `$1` lists.
const TOKEN_OWNERS_SQL: &str = "SELECT t.token_hash, u.id, u.name, u.library_revision \
     FROM tokens t JOIN users u ON u.id = t.user_id \
     WHERE t.token_hash IN (SELECT value FROM json_each($1))";

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

/// Brings the schema up to date while holding a lock on a file beside the
/// database. sqlx takes no lock for SQLite, so two processes that opened a new file
/// at once, such as two apps started together, both created the tables and one
/// failed. PostgreSQL's migrations hold an advisory lock instead.
async fn run_migrations(pool: &sqlx::Pool<Db>) -> StoreResult<()> {
    let lock = migration_lock(pool.connect_options().get_filename()).await?;
    sqlx::migrate!("migrations/sqlite").run(pool).await?;
    drop(lock);
    Ok(())
}

/// Creates a missing database file readable by its owner alone. The file contains
/// password and token hashes, reviews and private notes, and was created as the
/// umask left it, readable by every local user. SQLite gives its `-wal` and `-shm`
/// files the database file's mode. An existing file keeps the mode it has.
fn create_private(database: &std::path::Path) -> StoreResult<()> {
    use std::os::unix::fs::OpenOptionsExt as _;

    if database.as_os_str().is_empty() || database.starts_with(":memory:") {
        return Ok(());
    }
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(database)
    {
        Ok(_) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(StoreError::Database(sqlx::Error::Io(error))),
    }
}

/// Waits for the lock on the file beside `database` that opens and migrations take,
/// or returns `None` for an in-memory database, which is private to its connection
/// pool and whose name is no path to put a lock beside.
async fn migration_lock(database: &std::path::Path) -> StoreResult<Option<std::fs::File>> {
    if database.as_os_str().is_empty() || database.starts_with(":memory:") {
        return Ok(None);
    }
    let mut path = database.as_os_str().to_owned();
    path.push("-migrate-lock");
    Ok(Some(lock_file(path.into()).await?))
}

/// Opens (creating) the file at `path` and waits for an exclusive lock on it, which
/// lasts until the returned file is dropped or the process ends.
async fn lock_file(path: std::path::PathBuf) -> StoreResult<std::fs::File> {
    let locked = tokio::task::spawn_blocking(move || {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)?;
        file.lock()?;
        Ok::<_, std::io::Error>(file)
    })
    .await
    .map_err(|error| std::io::Error::other(error.to_string()));
    locked
        .and_then(|file| file)
        .map_err(|error| StoreError::Database(sqlx::Error::Io(error)))
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
