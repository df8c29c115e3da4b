//! The PostgreSQL implementation: the production database, shared by every server.

use std::time::Duration;

use sqlx::postgres::PgPoolOptions;

include!("shared/imports.rs");

type Db = sqlx::Postgres;
type Conn = sqlx::PgConnection;
type Store = PgStore;
const BACKEND: Backend = Backend::Postgres;

#[derive(Debug, Clone)]
pub struct PgStore {
    pool: sqlx::PgPool,
}

impl PgStore {
    /// Creates the pool without connecting, so a server can start and return 503 on
    /// `/readyz` while PostgreSQL is unreachable. The first query connects, and waits
    /// up to the 10 s acquire timeout for a connection. [`Storage::migrate`] brings
    /// the schema up to date.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_lazy(url)?;
        Ok(Self { pool })
    }

    async fn begin(&self) -> StoreResult<sqlx::Transaction<'static, Db>> {
        Ok(self.pool.begin().await?)
    }
}

/// First key of the advisory lock that [`lock_library`] takes; the second is the user.
/// It spells "estl" so that it does not meet the key of sqlx's migration lock.
const LIBRARY_LOCK: i32 = 0x6573_746c;

/// Makes the bulk writes of one library (imports and merges) wait for each other
/// until the transaction ends. Two imports of overlapping files otherwise insert
/// the same authors and ISBNs in different orders, and PostgreSQL ends one of them
/// as a deadlock, or refuses it on an ISBN that the other has not committed yet.
/// Other users' writes do not wait; a user id above 2^31 only shares its lock with
/// another user's.
async fn lock_library(conn: &mut Conn, user: UserId) -> StoreResult<()> {
    sqlx::query("SELECT pg_advisory_xact_lock($1, $2)")
        .bind(LIBRARY_LOCK)
        .bind(user.0 as i32)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Moves the books' id sequence past the ids that a restore wrote itself, which
/// `nextval` did not hand out, so a new book cannot take one. It never moves back.
async fn book_ids_restored(conn: &mut Conn) -> StoreResult<()> {
    sqlx::query(
        "SELECT setval(pg_get_serial_sequence('books', 'id'), \
         GREATEST(nextval(pg_get_serial_sequence('books', 'id')), \
         (SELECT COALESCE(MAX(id), 0) + 1 FROM books)), false)",
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Written between the column list and VALUES of a books INSERT with explicit ids:
/// the id column is an identity column that PostgreSQL otherwise fills itself.
const EXPLICIT_BOOK_IDS: &str = "OVERRIDING SYSTEM VALUE ";

/// Reserves `count` ids for new books from the identity sequence, which never hands
/// the same value to two sessions.
async fn reserve_book_ids(conn: &mut Conn, count: i64) -> StoreResult<Vec<i64>> {
    let rows = sqlx::query(
        "SELECT nextval(pg_get_serial_sequence('books', 'id')) FROM generate_series(1, $1)",
    )
    .bind(count)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|row| Ok(row.try_get(0)?)).collect()
}

/// Tables of a search: the GIN index on `book_search.body` finds the matches.
const SEARCH_FROM: &str = "book_search f JOIN books b ON b.id = f.book_id \
     JOIN entries e ON e.book_id = b.id LEFT JOIN series s ON s.id = b.series_id";
/// Start of the search condition; the bound `tsquery` text and [`SEARCH_MATCH_END`]
/// follow.
const SEARCH_MATCH: &str = "f.body @@ to_tsquery('simple', ";
const SEARCH_MATCH_END: &str = ")";
/// Opens the query that returns a page as the text of one JSON array of rows, each
/// an array in [`PageRow`]'s order and sorted by `ordering`. The page query follows,
/// aliased `p`, and an empty page gives `[]`.
///
/// An infinite or NaN series index, which an older import could store, becomes
/// null, because PostgreSQL writes it as a string.
fn page_json(ordering: &str) -> String {
    format!(
        "SELECT COALESCE(json_agg(json_build_array(p.id, p.title, p.series_name, \
         CASE WHEN p.series_index BETWEEN -1.7976931348623157e308 \
         AND 1.7976931348623157e308 THEN p.series_index END, \
         p.isbn13, p.pages, p.status, p.rating, p.date_added, p.last_read, \
         p.authors::json, p.sort_value) ORDER BY {ordering})::text, '[]') FROM ("
    )
}
/// Whether [`page_json`] returns the rows in the page's order. Text sorts by the
/// database's collation, so only the database can order it as the cursor compares.
const PAGE_JSON_ORDERED: bool = true;
/// The book id of a search, for sorting by id.
const SEARCH_ID: &str = "b.id";

/// Builds a `tsquery` in which every word must appear, as a prefix. The words hold
/// letters and digits only, so none of them is a `tsquery` operator.
fn search_expression(words: &[String]) -> String {
    let terms: Vec<String> = words.iter().map(|word| format!("{word}:*")).collect();
    terms.join(" & ")
}

async fn write_search(conn: &mut Conn, book_id: i64, body: &str) -> StoreResult<()> {
    write_search_batch(conn, &[(book_id, body.to_string())]).await
}

/// Inserts or replaces the documents of several books in one statement.
async fn write_search_batch(conn: &mut Conn, documents: &[(i64, String)]) -> StoreResult<()> {
    let mut builder = QueryBuilder::<Db>::new(
        "INSERT INTO book_search (book_id, body) \
         SELECT v.id, to_tsvector('simple', v.body) FROM (",
    );
    builder.push_values(documents, |mut row, (book_id, body)| {
        row.push_bind(*book_id).push_bind(body.as_str());
    });
    builder.push(") AS v (id, body) ON CONFLICT (book_id) DO UPDATE SET body = excluded.body");
    builder.build().execute(&mut *conn).await?;
    Ok(())
}

/// Every book's search document as text (its lexemes), with the book's user.
const SEARCH_DOCUMENTS_SQL: &str = "SELECT s.book_id AS id, b.user_id AS user_id, \
     s.body::text AS body FROM book_search s JOIN books b ON b.id = s.book_id";

/// Each book's lexemes from the full-text index, separated by spaces, for the server's
/// search index, which then matches the words that PostgreSQL matches.
const SEARCH_WORDS_SQL: &str = "SELECT s.book_id AS id, \
     array_to_string(tsvector_to_array(s.body), ' ') AS body \
     FROM book_search s JOIN books b ON b.id = s.book_id";

/// Ends a condition on a book id: one of the ids of the JSON array in `$1`.
const IN_JSON_IDS: &str = "IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint)";

/// Owners of the tokens whose hashes the JSON array in `$1` lists.
const TOKEN_OWNERS_SQL: &str = "SELECT t.token_hash, u.id, u.name, u.library_revision \
     FROM tokens t JOIN users u ON u.id = t.user_id \
     WHERE t.token_hash IN (SELECT jsonb_array_elements_text($1::jsonb))";

/// The document goes with its book through the foreign key's cascade.
async fn delete_search(_conn: &mut Conn, _book_id: i64) -> StoreResult<()> {
    Ok(())
}

/// PostgreSQL's buffers are shared by the server, so a bulk write needs nothing here.
async fn set_bulk_cache(_conn: &mut Conn, _bulk: bool) -> StoreResult<()> {
    Ok(())
}

/// The tables whose sizes and values an import or a restore changes.
const BULK_WRITE_TABLES: &str = "books, entries, readings, book_contributors, book_shelves, \
     book_tags, book_search, authors, series, shelves, tags";

/// The number of new books above which autovacuum analyzes the books table: its
/// threshold plus its scale factor times the rows the statistics last counted, which
/// is -1 for a table never analyzed.
const ANALYZE_THRESHOLD_SQL: &str = "SELECT \
     current_setting('autovacuum_analyze_threshold')::float8 \
     + current_setting('autovacuum_analyze_scale_factor')::float8 * GREATEST(reltuples, 0) \
     FROM pg_class WHERE oid = 'books'::regclass";

/// Refreshes the planner's statistics after a committed write that added `added`
/// books, when autovacuum would analyze the tables for it too. Autovacuum does so
/// only after its next nap, by default up to a minute later. Until then the planner
/// estimates the new library at a few hundred rows, and a search of 100,000 imported
/// books took 270 ms instead of 1.5 ms. A failure leaves the refresh to autovacuum,
/// so it is logged and not returned.
async fn refresh_statistics(pool: &sqlx::PgPool, added: usize) {
    let threshold: Result<f64, sqlx::Error> = sqlx::query_scalar(ANALYZE_THRESHOLD_SQL)
        .fetch_one(pool)
        .await;
    let threshold = match threshold {
        Ok(threshold) => threshold,
        Err(error) => {
            tracing::warn!(%error, added, "could not read autovacuum's analyze threshold");
            return;
        }
    };
    if (added as f64) <= threshold {
        return;
    }

    let started = std::time::Instant::now();
    let sql = format!("ANALYZE {BULK_WRITE_TABLES}");
    match sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await {
        Ok(_) => tracing::info!(
            added,
            took_ms = started.elapsed().as_millis() as u64,
            "refreshed the planner's statistics after a bulk write"
        ),
        Err(error) => tracing::warn!(
            %error,
            added,
            "could not refresh the planner's statistics; autovacuum will"
        ),
    }
}

/// Written after the subquery that picks the report job to claim.
const SKIP_LOCKED: &str = " FOR UPDATE SKIP LOCKED";

/// Starts the read transaction of a snapshot: every statement in it reads the
/// database as it was at the first one.
const SNAPSHOT_BEGIN: &str = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

/// PostgreSQL has no single file to copy; backups use [`Storage::snapshot`] instead.
async fn vacuum_into(_pool: &sqlx::PgPool, _path: &std::path::Path) -> StoreResult<()> {
    Err(StoreError::Invalid {
        field: "backup",
        reason: "a file copy is only possible with SQLite; PostgreSQL is backed up as JSON"
            .to_string(),
    })
}

async fn run_migrations(pool: &sqlx::Pool<Db>) -> StoreResult<()> {
    sqlx::migrate!("migrations/postgres").run(pool).await?;
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
