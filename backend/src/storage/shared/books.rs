// Reading and writing books, entries and readings. Included by each backend module.

/// Ids of authors, series, shelves and tags already looked up in this transaction,
/// so an import of thousands of rows looks up each name once.
#[derive(Default)]
struct NameCache {
    authors: HashMap<String, i64>,
    series: HashMap<String, i64>,
    shelves: HashMap<String, i64>,
    tags: HashMap<String, i64>,
    /// Whether a shelf or tag name finds a label with the same name in other letter
    /// case, as imports and merges want (see [`NameCache::folding_labels`]). The
    /// label maps are then keyed by lower-case name.
    fold_labels: bool,
    /// Whether the library's shelves and tags, in that order, are in the maps.
    labels_loaded: [bool; 2],
}

impl NameCache {
    /// Creates a cache for imports and merges. The API rejects a label beside one that
    /// differs only in letter case, which a reader cannot tell apart in a list. So a
    /// file's `Fav` goes on the library's `fav` shelf rather than making a second.
    /// A restore keeps the labels of its backup exactly, so it does not fold.
    fn folding_labels() -> Self {
        Self {
            fold_labels: true,
            ..Self::default()
        }
    }
}

/// Overwrites the bibliographic fields and contributors of book `id`.
async fn write_book_fields(
    conn: &mut Conn,
    user: UserId,
    id: i64,
    fields: &BookFields,
    cache: &mut NameCache,
) -> StoreResult<()> {
    validate::book(fields)?;
    let series_id = match &fields.series {
        Some(series) => Some(name_id(conn, user, NameTable::Series, &series.name, cache).await?),
        None => None,
    };
    let first_author = first_author(fields);
    let result = sqlx::query(
        "UPDATE books SET title = $1, subtitle = $2, isbn10 = $3, isbn13 = $4, asin = $5, \
         goodreads_id = $6, librarything_id = $7, publisher = $8, format = $9, pages = $10, \
         published_year = $11, original_year = $12, language = $13, description = $14, \
         series_id = $15, series_index = $16, series_position = $17, sort_title = $18, \
         sort_author = $19, match_key = $20, updated_at = $21, author_names = $22 \
         WHERE id = $23",
    )
    .bind(&fields.title)
    .bind(&fields.subtitle)
    .bind(&fields.isbn10)
    .bind(&fields.isbn13)
    .bind(&fields.asin)
    .bind(&fields.goodreads_id)
    .bind(&fields.librarything_id)
    .bind(&fields.publisher)
    .bind(&fields.format)
    .bind(fields.pages)
    .bind(fields.published_year)
    .bind(fields.original_year)
    .bind(&fields.language)
    .bind(&fields.description)
    .bind(series_id)
    .bind(fields.series.as_ref().and_then(|s| s.index))
    .bind(fields.series.as_ref().and_then(|s| s.position.clone()))
    .bind(search::sort_key(&fields.title))
    .bind(search::author_title_key(first_author, &fields.title))
    .bind(crate::normalize::match_key(&fields.title, first_author))
    .bind(now())
    .bind(author_names(fields))
    .bind(id)
    .execute(&mut *conn)
    .await;
    map_unique(result, "isbn13", fields.isbn13.as_deref().unwrap_or(""))?;

    sqlx::query("DELETE FROM book_contributors WHERE book_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for (position, contributor) in fields.contributors.iter().enumerate() {
        let author_id = name_id(conn, user, NameTable::Author, &contributor.name, cache).await?;
        sqlx::query(
            "INSERT INTO book_contributors (book_id, position, author_id, role) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(position as i64)
        .bind(author_id)
        .bind(contributor.role.as_str())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Rewrites the search documents that still hold a letter that [`search::fold`] now
/// spells (ł, ø, æ and the others of [`search::SPELLED`]) when a migration has
/// queued it, so that a search for `stanislaw` finds Stanisław. Only the books with
/// such a letter change; the documents are read to find them, because the text they
/// come from lies in several tables.
async fn rekey_pending_search(store: &Store) -> StoreResult<()> {
    let mut tx = store.begin().await?;
    let claimed =
        sqlx::query("DELETE FROM pending_rekeys WHERE name = 'search_documents' RETURNING name")
            .fetch_all(&mut *tx)
            .await?;
    if claimed.is_empty() {
        return Ok(());
    }
    let rows = sqlx::query(SEARCH_DOCUMENTS_SQL)
        .fetch_all(&mut *tx)
        .await?;
    let mut stale = Vec::new();
    for row in rows {
        let body: String = row.try_get("body")?;
        if body.contains(search::SPELLED) {
            stale.push((
                UserId(row.try_get("user_id")?),
                row.try_get::<i64, _>("id")?,
            ));
        }
    }
    for (user, id) in &stale {
        refresh_search(&mut tx, *user, *id).await?;
    }
    revise_every_library(&mut tx).await?;
    tx.commit().await?;
    tracing::info!(books = stale.len(), "search documents rewritten");
    Ok(())
}

/// Moves every library's revision on, after a rewrite that can change any user's list
/// pages. A server that keeps running while another one upgrades the database may
/// hold pages in the old order.
async fn revise_every_library(conn: &mut Conn) -> StoreResult<()> {
    sqlx::query("UPDATE users SET library_revision = library_revision + 1")
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Returns the names of a book's authors in credit order, as the JSON array that
/// `books.author_names` keeps for list pages. Lists show authors only, so editors,
/// translators and other roles are left out.
fn author_names(fields: &BookFields) -> String {
    serde_json::Value::from(fields.author_names()).to_string()
}

/// Books whose new sort keys go into one UPDATE: three parameters each, well under
/// SQLite's limit of 32,766 parameters.
const REKEY_BATCH: usize = 500;

/// Recomputes every book's title and author sort keys when a migration has queued
/// it, because the application computes the keys and SQL cannot. The queued names
/// are `sort_author`, from the change to surname-first author keys, and `sort_keys`,
/// from the spelling of letters such as ł and ø. Deleting the queued
/// rows first claims the work, so of several servers that start at once only one
/// does it.
async fn rekey_pending_sort_keys(store: &Store) -> StoreResult<()> {
    let mut tx = store.begin().await?;
    let claimed = sqlx::query(
        "DELETE FROM pending_rekeys WHERE name IN ('sort_author', 'sort_keys') RETURNING name",
    )
    .fetch_all(&mut *tx)
    .await?;
    if claimed.is_empty() {
        return Ok(());
    }

    // The first author, or the first contributor when none is an author, as
    // `first_author` picks it when a book is written.
    let rows = sqlx::query(
        "SELECT b.id, COALESCE((SELECT a.name FROM book_contributors c \
         JOIN authors a ON a.id = c.author_id WHERE c.book_id = b.id \
         ORDER BY CASE WHEN c.role = 'author' THEN 0 ELSE 1 END, c.position LIMIT 1), '') \
         AS name, b.title FROM books b",
    )
    .fetch_all(&mut *tx)
    .await?;
    for chunk in rows.chunks(REKEY_BATCH) {
        let mut update = QueryBuilder::<Db>::new(
            "UPDATE books SET sort_title = v.column2, sort_author = v.column3 FROM (VALUES ",
        );
        for (index, row) in chunk.iter().enumerate() {
            if index > 0 {
                update.push(", ");
            }
            let id: i64 = row.try_get("id")?;
            let name: String = row.try_get("name")?;
            let title: String = row.try_get("title")?;
            update.push("(").push_bind(id).push(", ");
            update.push_bind(search::sort_key(&title)).push(", ");
            update
                .push_bind(search::author_title_key(&name, &title))
                .push(")");
        }
        update.push(") AS v WHERE books.id = v.column1");
        update.build().execute(&mut *tx).await?;
    }
    revise_every_library(&mut tx).await?;
    tx.commit().await?;
    tracing::info!(books = rows.len(), "sort keys recomputed");
    Ok(())
}

async fn write_entry(conn: &mut Conn, book_id: i64, entry: &EntryFields) -> StoreResult<()> {
    validate::entry(entry)?;
    sqlx::query(
        "UPDATE entries SET status = $1, rating = $2, review = $3, review_spoiler = $4, \
         private_notes = $5, owned_copies = $6, date_added = $7, updated_at = $8 \
         WHERE book_id = $9",
    )
    .bind(entry.status.as_str())
    .bind(entry.rating.map(|rating| i64::from(rating.quarters())))
    .bind(&entry.review)
    .bind(entry.review_spoiler)
    .bind(&entry.private_notes)
    .bind(entry.owned_copies)
    .bind(entry.date_added.map(|date| date.to_string()))
    .bind(now())
    .bind(book_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn insert_reading(
    conn: &mut Conn,
    user: UserId,
    book_id: i64,
    fields: &ReadingFields,
) -> StoreResult<i64> {
    let row = sqlx::query(
        "INSERT INTO readings (book_id, user_id, started, finished, stopped, progress, \
         progress_unit, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(book_id)
    .bind(user.0)
    .bind(fields.started.map(|date| date.to_string()))
    .bind(fields.finished.map(|date| date.to_string()))
    .bind(fields.stopped.map(|date| date.to_string()))
    .bind(fields.progress)
    .bind(fields.progress_unit.map(progress_unit_str))
    .bind(now())
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get(0)?)
}

/// Opens or closes the book's reading to match a status it has just taken, so the
/// dates of a read follow a status set from a list or a script. `read` finishes the
/// open reading on `date`, and `did_not_finish` and `want_to_read` stop it.
/// `reading` and `paused` start a reading on `date` when none is open, since a
/// book cannot be paused before it is started. A paused read resumes the same
/// reading. A reading that starts after `date` stays open, because closing it
/// would end it before its start.
///
/// A reading without any date is ambiguous: imports record a current read that
/// way, and also each past read of a `Read Count` beyond the dated one. So it is
/// the open reading only when it is the book's newest reading and the book was
/// being read or paused before the change (`change.0`), as an import of a book in
/// progress leaves it. A dated open reading is closed in its place when there is
/// one.
///
/// Returns whether a reading ended: false when `read`, `did_not_finish` or
/// `want_to_read` found no reading open.
async fn follow_status(
    conn: &mut Conn,
    user: UserId,
    book_id: i64,
    change: (ReadingStatus, ReadingStatus),
    date: PartialDate,
) -> StoreResult<bool> {
    let (before, status) = change;
    let undated_open = matches!(before, ReadingStatus::Reading | ReadingStatus::Paused);
    // Dates are ISO text, so a partial start such as 2024-03 sorts before any day
    // of that month and counts as started by then. A partial status date compares at
    // its own precision, so a reading started 2024-03-02 can finish in "2024".
    let (dated, undated) = match status {
        ReadingStatus::Read => (
            "UPDATE readings SET finished = $1, version = version + 1 WHERE book_id = $2 \
             AND user_id = $3 AND finished IS NULL AND stopped IS NULL \
             AND started IS NOT NULL AND substr(started, 1, length($1)) <= $1",
            "UPDATE readings SET finished = $1, version = version + 1 WHERE id = \
             (SELECT MAX(id) FROM readings WHERE book_id = $2 AND user_id = $3) \
             AND finished IS NULL AND stopped IS NULL AND started IS NULL",
        ),
        ReadingStatus::DidNotFinish | ReadingStatus::WantToRead => (
            "UPDATE readings SET stopped = $1, version = version + 1 WHERE book_id = $2 \
             AND user_id = $3 AND finished IS NULL AND stopped IS NULL \
             AND started IS NOT NULL AND substr(started, 1, length($1)) <= $1",
            "UPDATE readings SET stopped = $1, version = version + 1 WHERE id = \
             (SELECT MAX(id) FROM readings WHERE book_id = $2 AND user_id = $3) \
             AND finished IS NULL AND stopped IS NULL AND started IS NULL",
        ),
        ReadingStatus::Reading | ReadingStatus::Paused => {
            let open: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM readings r WHERE r.book_id = $1 AND r.user_id = $2 \
                 AND r.finished IS NULL AND r.stopped IS NULL AND (r.started IS NOT NULL \
                 OR ($3 AND r.id = (SELECT MAX(n.id) FROM readings n \
                 WHERE n.book_id = $1 AND n.user_id = $2)))",
            )
            .bind(book_id)
            .bind(user.0)
            .bind(undated_open)
            .fetch_one(&mut *conn)
            .await?;
            if open == 0 {
                let started = ReadingFields {
                    started: Some(date),
                    ..ReadingFields::default()
                };
                insert_reading(conn, user, book_id, &started).await?;
            }
            return Ok(false);
        }
    };

    let closed = sqlx::query(dated)
        .bind(date.to_string())
        .bind(book_id)
        .bind(user.0)
        .execute(&mut *conn)
        .await?
        .rows_affected();

    // A dated reading still open started after the status date, so the change would
    // leave the book finished while its reading goes on. The caller's transaction
    // is dropped with this error, and the status stays as it was.
    let (later, _) = open_reading_starts(conn, user, book_id).await?;
    if let Some(started) = later {
        return Err(StoreError::Invalid {
            field: "status_date",
            reason: crate::msg!(
                "status-date-before-start",
                "{date} is before the start of the open reading, {started}; give a date \
                 on or after it, or correct the reading's start",
                date = crate::i18n::date_text(&date.to_string()),
                started = crate::i18n::date_text(&started)
            ),
        });
    }

    if closed == 0 && undated_open {
        let ended = sqlx::query(undated)
            .bind(date.to_string())
            .bind(book_id)
            .bind(user.0)
            .execute(&mut *conn)
            .await?
            .rows_affected();
        return Ok(ended > 0);
    }
    Ok(closed > 0)
}

/// Returns the earliest and the latest start of the book's dated readings that are
/// still open, as the ISO text the readings store.
async fn open_reading_starts(
    conn: &mut Conn,
    user: UserId,
    book_id: i64,
) -> StoreResult<(Option<String>, Option<String>)> {
    let row = sqlx::query(
        "SELECT MIN(started), MAX(started) FROM readings WHERE book_id = $1 \
         AND user_id = $2 AND finished IS NULL AND stopped IS NULL AND started IS NOT NULL",
    )
    .bind(book_id)
    .bind(user.0)
    .fetch_one(&mut *conn)
    .await?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}

/// Picks the date of a status change sent without one: today in UTC, or the start of
/// the open reading when that is tomorrow. Clients ahead of UTC may start a reading on
/// their own date, a day after the server's, and finishing it without a date then
/// means their today, not a day before its start.
async fn default_status_date(
    conn: &mut Conn,
    user: UserId,
    book_id: i64,
) -> StoreResult<PartialDate> {
    let today = PartialDate::today();
    let (_, started) = open_reading_starts(conn, user, book_id).await?;
    let tomorrow = chrono::Utc::now()
        .date_naive()
        .succ_opt()
        .map(PartialDate::from_naive);
    let later = started
        .and_then(|text| text.parse::<PartialDate>().ok())
        .filter(|start| start.to_string() > today.to_string())
        .filter(|start| tomorrow.is_some_and(|tomorrow| start.to_string() <= tomorrow.to_string()));
    Ok(later.unwrap_or(today))
}

fn validate_reading(fields: &ReadingFields) -> StoreResult<()> {
    validate::reading(fields)
}

/// Rejects progress in pages past the page count of the reading's book, found by
/// `book_sql` with the one bound id. A count of 0 or none is no count to check.
async fn check_progress_pages(
    conn: &mut Conn,
    fields: &ReadingFields,
    book_sql: &'static str,
    id: i64,
) -> StoreResult<()> {
    let (Some(progress), Some(ProgressUnit::Pages)) = (fields.progress, fields.progress_unit)
    else {
        return Ok(());
    };
    let pages: Option<i64> = sqlx::query_scalar(book_sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .flatten();
    match pages {
        Some(pages) if pages > 0 && progress > pages => Err(StoreError::Invalid {
            field: "progress",
            reason: crate::msg!(
                "progress-past-pages",
                "page {progress} is past the book's {pages} pages; give the page \
                 reached, or correct the book's page count",
                progress = progress,
                pages = pages
            ),
        }),
        _ => Ok(()),
    }
}

/// Rejects an ISBN-13 that another book of the user has (not `except`), naming that
/// book. The unique index would reject it too, but with only the number, and search
/// does not cover ISBNs, so the reader could not find the other book.
async fn reject_taken_isbn(
    conn: &mut Conn,
    user: UserId,
    isbn13: Option<&str>,
    except: Option<i64>,
) -> StoreResult<()> {
    let Some(isbn) = isbn13 else {
        return Ok(());
    };
    let holder = sqlx::query(
        "SELECT id, title FROM books WHERE user_id = $1 AND isbn13 = $2 AND id <> $3 LIMIT 1",
    )
    .bind(user.0)
    .bind(isbn)
    .bind(except.unwrap_or(0))
    .fetch_optional(&mut *conn)
    .await?;
    match holder {
        Some(row) => Err(StoreError::IsbnTaken {
            isbn: isbn.to_string(),
            book_id: row.try_get("id")?,
            title: row.try_get("title")?,
        }),
        None => Ok(()),
    }
}

/// Rejects an open reading (started, neither finished nor stopped) of `book_id` while
/// the book has another one open, other than `except`. Two clients that each
/// started the book from a stale screen made two, and finishing them counted one
/// read twice in the year's statistics.
async fn check_one_open_reading(
    conn: &mut Conn,
    fields: &ReadingFields,
    book_id: i64,
    except: Option<i64>,
) -> StoreResult<()> {
    let opens = fields.started.is_some() && fields.finished.is_none() && fields.stopped.is_none();
    if !opens {
        return Ok(());
    }
    let open = sqlx::query(
        "SELECT id, started FROM readings WHERE book_id = $1 AND started IS NOT NULL \
         AND finished IS NULL AND stopped IS NULL AND id <> $2 ORDER BY id LIMIT 1",
    )
    .bind(book_id)
    .bind(except.unwrap_or(0))
    .fetch_optional(&mut *conn)
    .await?;
    let Some(open) = open else {
        return Ok(());
    };
    Err(StoreError::Invalid {
        field: "started",
        reason: crate::msg!(
            "reading-already-open",
            "the book already has reading {id}, started {started} and not finished; \
             finish or stop that one first, or change its dates",
            id = open.try_get::<i64, _>("id")?,
            started = open.try_get::<String, _>("started")?
        ),
    })
}

#[derive(Clone, Copy)]
enum NameTable {
    Author,
    Series,
}

/// Returns the id of the author or series called `name`, creating it if needed.
async fn name_id(
    conn: &mut Conn,
    user: UserId,
    table: NameTable,
    name: &str,
    cache: &mut NameCache,
) -> StoreResult<i64> {
    let (map, sql) = match table {
        NameTable::Author => (
            &mut cache.authors,
            "INSERT INTO authors (user_id, name) VALUES ($1, $2) \
             ON CONFLICT (user_id, name) DO UPDATE SET name = excluded.name RETURNING id",
        ),
        NameTable::Series => (
            &mut cache.series,
            "INSERT INTO series (user_id, name) VALUES ($1, $2) \
             ON CONFLICT (user_id, name) DO UPDATE SET name = excluded.name RETURNING id",
        ),
    };
    if let Some(id) = map.get(name) {
        return Ok(*id);
    }
    let id: i64 = sqlx::query(sql)
        .bind(user.0)
        .bind(name)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    map.insert(name.to_string(), id);
    Ok(id)
}

/// Fails with `NotFound` unless `book_id` is one of the user's books.
async fn owned_book(conn: &mut Conn, user: UserId, book_id: i64) -> StoreResult<()> {
    sqlx::query("SELECT 1 FROM books WHERE id = $1 AND user_id = $2")
        .bind(book_id)
        .bind(user.0)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound("book"))?;
    Ok(())
}

#[derive(Clone, Copy)]
enum VersionedTable {
    Book,
    Entry,
    Reading,
    Label(LabelKind),
}

impl VersionedTable {
    fn entity(self) -> &'static str {
        match self {
            Self::Book => "book",
            Self::Entry => "library entry",
            Self::Reading => "reading",
            Self::Label(kind) => kind.entity(),
        }
    }

    fn current_sql(self) -> &'static str {
        match self {
            Self::Book => "SELECT version FROM books WHERE id = $1 AND user_id = $2",
            Self::Entry => "SELECT version FROM entries WHERE book_id = $1 AND user_id = $2",
            Self::Reading => "SELECT version FROM readings WHERE id = $1 AND user_id = $2",
            Self::Label(LabelKind::Shelf) => {
                "SELECT version FROM shelves WHERE id = $1 AND user_id = $2"
            }
            Self::Label(LabelKind::Tag) => {
                "SELECT version FROM tags WHERE id = $1 AND user_id = $2"
            }
        }
    }

    fn bump_sql(self) -> &'static str {
        match self {
            Self::Book => {
                "UPDATE books SET version = version + 1 WHERE id = $1 AND user_id = $2 \
                 AND version = $3"
            }
            Self::Entry => {
                "UPDATE entries SET version = version + 1 WHERE book_id = $1 AND user_id = $2 \
                 AND version = $3"
            }
            Self::Reading => {
                "UPDATE readings SET version = version + 1 WHERE id = $1 AND user_id = $2 \
                 AND version = $3"
            }
            Self::Label(LabelKind::Shelf) => {
                "UPDATE shelves SET version = version + 1 WHERE id = $1 AND user_id = $2 \
                 AND version = $3"
            }
            Self::Label(LabelKind::Tag) => {
                "UPDATE tags SET version = version + 1 WHERE id = $1 AND user_id = $2 \
                 AND version = $3"
            }
        }
    }
}

/// Fails unless the row exists, belongs to `user` and is at `version`.
async fn check_version(
    conn: &mut Conn,
    table: VersionedTable,
    user: UserId,
    id: i64,
    version: i64,
) -> StoreResult<()> {
    let current: i64 = sqlx::query(table.current_sql())
        .bind(id)
        .bind(user.0)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound(table.entity()))?
        .try_get(0)?;
    if current != version {
        return Err(StoreError::VersionMismatch {
            entity: table.entity(),
            current,
        });
    }
    Ok(())
}

/// Moves the version of a book's entry on after a change to its readings. The
/// readings are the reader's side of the book too, so a client that deletes the book
/// with the entry's version from before the change gets 412 instead of deleting a
/// reading it never saw.
async fn touch_entry(conn: &mut Conn, user: UserId, book_id: i64) -> StoreResult<()> {
    sqlx::query("UPDATE entries SET version = version + 1 WHERE book_id = $1 AND user_id = $2")
        .bind(book_id)
        .bind(user.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Moves the row from `version` to the next one, or fails as `check_version` does.
/// The compare-and-increment is one statement, so of two writers holding the same
/// version exactly one succeeds.
async fn bump_version(
    conn: &mut Conn,
    table: VersionedTable,
    user: UserId,
    id: i64,
    version: i64,
) -> StoreResult<()> {
    let done = sqlx::query(table.bump_sql())
        .bind(id)
        .bind(user.0)
        .bind(version)
        .execute(&mut *conn)
        .await?;
    if done.rows_affected() == 1 {
        return Ok(());
    }
    check_version(conn, table, user, id, version).await?;
    Err(StoreError::VersionMismatch {
        entity: table.entity(),
        current: version,
    })
}

fn apply_entry_patch(fields: &mut EntryFields, patch: &EntryPatch) -> StoreResult<()> {
    patch.apply_to(fields);
    validate::entry(fields)
}

/// Rewrites the full-text document of one book from what is stored.
async fn refresh_search(conn: &mut Conn, user: UserId, book_id: i64) -> StoreResult<()> {
    let book = load_book(conn, user, book_id).await?;
    write_search(
        conn,
        book_id,
        &search_body(&book.fields, &book.entry.fields, &book.tags),
    )
    .await
}

fn search_body(fields: &BookFields, entry: &EntryFields, tags: &[String]) -> String {
    let mut text = String::with_capacity(256);
    text.push_str(&fields.title);
    for part in [&fields.subtitle, &entry.review].into_iter().flatten() {
        text.push(' ');
        text.push_str(part);
    }
    for contributor in &fields.contributors {
        text.push(' ');
        text.push_str(&contributor.name);
    }
    if let Some(series) = &fields.series {
        text.push(' ');
        text.push_str(&series.name);
    }
    for tag in tags {
        text.push(' ');
        text.push_str(tag);
    }
    search::fold(&text)
}
