// Inserting new books in batches. Included by each backend module.
//
// New books take ids reserved ahead from the database (`reserve_book_ids`, per
// backend), so a book and everything that hangs off it (entry, contributors,
// readings, shelves, tags, search document) can wait in `PendingRows` and go in
// multi-row INSERTs. An import of 100,000 books then costs a few hundred statements
// instead of a million round trips.

/// Rows per multi-row INSERT, which keeps every statement far below SQLite's limit of
/// 32,766 bind parameters.
const BATCH_ROWS: usize = 500;

#[derive(Default)]
struct PendingRows {
    /// How many ids to reserve at a time; an import reserves a batch, a single new book
    /// one, so ids stay dense.
    reserve: usize,
    /// Ids reserved for new books and not used yet.
    free_ids: std::collections::VecDeque<i64>,
    books: Vec<(i64, BookFields, Option<i64>)>,
    entries: Vec<(i64, EntryFields)>,
    contributors: Vec<(i64, i64, i64, &'static str)>,
    readings: Vec<(i64, ReadingFields)>,
    shelves: Vec<(i64, i64)>,
    tags: Vec<(i64, i64)>,
    search: Vec<(i64, String)>,
}

impl PendingRows {
    fn for_import() -> Self {
        Self {
            reserve: BATCH_ROWS,
            ..Self::default()
        }
    }

    fn is_full(&self) -> bool {
        self.books.len() >= BATCH_ROWS
    }

    /// Writes everything queued. Must run before anything reads the books queued here.
    async fn flush(&mut self, conn: &mut Conn, user: UserId) -> StoreResult<()> {
        self.write(conn, user, true).await
    }

    /// Writes every queued book, and the other rows in whole batches only, keeping the
    /// rest for later. Every statement then has the same text and PostgreSQL plans it
    /// once, where batches of varying sizes would each be a new statement to parse.
    async fn flush_batches(&mut self, conn: &mut Conn, user: UserId) -> StoreResult<()> {
        self.write(conn, user, false).await
    }

    async fn write(&mut self, conn: &mut Conn, user: UserId, complete: bool) -> StoreResult<()> {
        let stamp = now();

        for chunk in self.books.chunks(BATCH_ROWS) {
            insert_books(conn, user, chunk, &stamp).await?;
        }
        self.books.clear();

        let entries = ready(&mut self.entries, complete);
        let contributors = ready(&mut self.contributors, complete);
        let readings = ready(&mut self.readings, complete);
        let shelves = ready(&mut self.shelves, complete);
        let tags = ready(&mut self.tags, complete);
        let search = ready(&mut self.search, complete);

        for chunk in entries.chunks(BATCH_ROWS) {
            let mut builder = QueryBuilder::<Db>::new(
                "INSERT INTO entries (book_id, user_id, status, rating, review, review_spoiler, \
                 private_notes, owned_copies, date_added, updated_at) ",
            );
            builder.push_values(chunk, |mut row, (book_id, entry)| {
                row.push_bind(*book_id)
                    .push_bind(user.0)
                    .push_bind(entry.status.as_str())
                    .push_bind(entry.rating.map(|rating| i64::from(rating.quarters())))
                    .push_bind(entry.review.clone())
                    .push_bind(entry.review_spoiler)
                    .push_bind(entry.private_notes.clone())
                    .push_bind(entry.owned_copies)
                    .push_bind(entry.date_added.map(|date| date.to_string()))
                    .push_bind(stamp.clone());
            });
            builder.build().execute(&mut *conn).await?;
        }

        for chunk in contributors.chunks(BATCH_ROWS) {
            let mut builder = QueryBuilder::<Db>::new(
                "INSERT INTO book_contributors (book_id, position, author_id, role) ",
            );
            builder.push_values(chunk, |mut row, (book_id, position, author_id, role)| {
                row.push_bind(*book_id)
                    .push_bind(*position)
                    .push_bind(*author_id)
                    .push_bind(*role);
            });
            builder.build().execute(&mut *conn).await?;
        }

        for chunk in readings.chunks(BATCH_ROWS) {
            let mut builder = QueryBuilder::<Db>::new(
                "INSERT INTO readings (book_id, user_id, started, finished, stopped, progress, \
                 progress_unit, created_at) ",
            );
            builder.push_values(chunk, |mut row, (book_id, reading)| {
                row.push_bind(*book_id)
                    .push_bind(user.0)
                    .push_bind(reading.started.map(|date| date.to_string()))
                    .push_bind(reading.finished.map(|date| date.to_string()))
                    .push_bind(reading.stopped.map(|date| date.to_string()))
                    .push_bind(reading.progress)
                    .push_bind(reading.progress_unit.map(progress_unit_str))
                    .push_bind(stamp.clone());
            });
            builder.build().execute(&mut *conn).await?;
        }

        for (rows, sql, touch) in [
            (
                &shelves,
                "INSERT INTO book_shelves (book_id, shelf_id) ",
                "UPDATE shelves SET version = version + 1 WHERE id IN (",
            ),
            (
                &tags,
                "INSERT INTO book_tags (book_id, tag_id) ",
                "UPDATE tags SET version = version + 1 WHERE id IN (",
            ),
        ] {
            for chunk in rows.chunks(BATCH_ROWS) {
                let mut builder = QueryBuilder::<Db>::new(sql);
                builder.push_values(chunk, |mut row, (book_id, label_id)| {
                    row.push_bind(*book_id).push_bind(*label_id);
                });
                builder.push(" ON CONFLICT DO NOTHING");
                builder.build().execute(&mut *conn).await?;
            }
            // The labels' versions cover their book counts, as a single attach moves
            // them on.
            let labels: std::collections::BTreeSet<i64> =
                rows.iter().map(|(_, label_id)| *label_id).collect();
            let labels: Vec<i64> = labels.into_iter().collect();
            for chunk in labels.chunks(BATCH_ROWS) {
                let mut builder = QueryBuilder::<Db>::new(touch);
                let mut ids = builder.separated(", ");
                for id in chunk {
                    ids.push_bind(*id);
                }
                builder.push(")");
                builder.build().execute(&mut *conn).await?;
            }
        }

        for chunk in search.chunks(BATCH_ROWS) {
            write_search_batch(conn, chunk).await?;
        }

        Ok(())
    }

    /// Takes a reserved id for a new book, reserving more when none is left.
    async fn next_id(&mut self, conn: &mut Conn, user: UserId) -> StoreResult<i64> {
        if self.free_ids.is_empty() {
            // SQLite reserves from the highest id stored, so queued books go in first.
            self.flush_batches(conn, user).await?;
            let count = self.reserve.max(1) as i64;
            self.free_ids = reserve_book_ids(conn, count).await?.into();
        }
        self.free_ids
            .pop_front()
            .ok_or(StoreError::NotFound("reserved book id"))
    }
}

/// Takes the rows to write now: all of them, or only whole batches.
fn ready<T>(rows: &mut Vec<T>, complete: bool) -> Vec<T> {
    let count = if complete {
        rows.len()
    } else {
        rows.len() - rows.len() % BATCH_ROWS
    };
    rows.drain(..count).collect()
}

async fn insert_books(
    conn: &mut Conn,
    user: UserId,
    books: &[(i64, BookFields, Option<i64>)],
    stamp: &str,
) -> StoreResult<()> {
    let mut builder = QueryBuilder::<Db>::new(
        "INSERT INTO books (id, user_id, title, subtitle, isbn10, isbn13, asin, goodreads_id, \
         librarything_id, publisher, format, pages, published_year, original_year, language, \
         description, series_id, series_index, series_position, sort_title, sort_author, \
         match_key, created_at, updated_at, author_names) ",
    );
    builder.push(EXPLICIT_BOOK_IDS);
    builder.push_values(books, |mut row, (id, fields, series_id)| {
        let first_author = first_author(fields);
        row.push_bind(*id)
            .push_bind(user.0)
            .push_bind(fields.title.clone())
            .push_bind(fields.subtitle.clone())
            .push_bind(fields.isbn10.clone())
            .push_bind(fields.isbn13.clone())
            .push_bind(fields.asin.clone())
            .push_bind(fields.goodreads_id.clone())
            .push_bind(fields.librarything_id.clone())
            .push_bind(fields.publisher.clone())
            .push_bind(fields.format.clone())
            .push_bind(fields.pages)
            .push_bind(fields.published_year)
            .push_bind(fields.original_year)
            .push_bind(fields.language.clone())
            .push_bind(fields.description.clone())
            .push_bind(*series_id)
            .push_bind(fields.series.as_ref().and_then(|s| s.index))
            .push_bind(fields.series.as_ref().and_then(|s| s.position.clone()))
            .push_bind(search::sort_key(&fields.title))
            .push_bind(search::author_title_key(first_author, &fields.title))
            .push_bind(crate::normalize::match_key(&fields.title, first_author))
            .push_bind(stamp.to_string())
            .push_bind(stamp.to_string())
            .push_bind(author_names(fields));
    });
    let result = builder.build().execute(&mut *conn).await;
    let isbns: Vec<&str> = books
        .iter()
        .filter_map(|(_, fields, _)| fields.isbn13.as_deref())
        .collect();
    map_unique(result, "isbn13", &isbns.join(", "))?;
    Ok(())
}

/// Queues a new book and the rest of its record in `pending`, and returns the id the
/// book will have. Nothing is written until `pending` is flushed.
async fn add_new_book(
    conn: &mut Conn,
    user: UserId,
    record: &LibraryRecord,
    cache: &mut NameCache,
    pending: &mut PendingRows,
) -> StoreResult<i64> {
    let fields = &record.book;
    validate::book(fields)?;
    validate::entry(&record.entry)?;
    for reading in &record.readings {
        validate::reading(reading)?;
    }
    let series_id = match &fields.series {
        Some(series) => Some(name_id(conn, user, NameTable::Series, &series.name, cache).await?),
        None => None,
    };
    let id = pending.next_id(conn, user).await?;
    pending.books.push((id, fields.clone(), series_id));

    pending.entries.push((id, record.entry.clone()));
    for (position, contributor) in fields.contributors.iter().enumerate() {
        let author_id = name_id(conn, user, NameTable::Author, &contributor.name, cache).await?;
        pending
            .contributors
            .push((id, position as i64, author_id, contributor.role.as_str()));
    }
    for reading in &record.readings {
        pending.readings.push((id, reading.clone()));
    }
    for name in &record.shelves {
        let shelf = label_id(conn, user, LabelKind::Shelf, name, cache).await?;
        pending.shelves.push((id, shelf));
    }
    for name in &record.tags {
        let tag = label_id(conn, user, LabelKind::Tag, name, cache).await?;
        pending.tags.push((id, tag));
    }
    pending
        .search
        .push((id, search_body(fields, &record.entry, &record.tags)));
    Ok(id)
}

/// Returns the name books sort and match by: the first author, else the first
/// contributor.
fn first_author(fields: &BookFields) -> &str {
    fields
        .contributors
        .iter()
        .find(|c| c.role == ContributorRole::Author)
        .or(fields.contributors.first())
        .map(|c| c.name.as_str())
        .unwrap_or("")
}
