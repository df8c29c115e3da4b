// Inserting new books in batches. Included by each backend module.
//
// A new book's own row is inserted at once, because its id is needed. Everything that
// hangs off it (entry, contributors, readings, shelves, tags, search document) waits in
// `PendingRows` and goes in multi-row INSERTs, so an import of 100,000 books costs
// about one round trip per book instead of ten.

/// Rows per multi-row INSERT, which keeps every statement far below SQLite's limit of
/// 32,766 bind parameters.
const BATCH_ROWS: usize = 500;

#[derive(Default)]
struct PendingRows {
    entries: Vec<(i64, EntryFields)>,
    contributors: Vec<(i64, i64, i64, &'static str)>,
    readings: Vec<(i64, ReadingFields)>,
    shelves: Vec<(i64, i64)>,
    tags: Vec<(i64, i64)>,
    search: Vec<(i64, String)>,
}

impl PendingRows {
    fn is_full(&self) -> bool {
        self.entries.len() >= BATCH_ROWS
            || self.contributors.len() >= BATCH_ROWS
            || self.readings.len() >= BATCH_ROWS
            || self.shelves.len() + self.tags.len() >= BATCH_ROWS
    }

    /// Writes everything queued. Must run before anything reads the books queued here.
    async fn flush(&mut self, conn: &mut Conn, user: UserId) -> StoreResult<()> {
        let stamp = now();
        for chunk in self.entries.chunks(BATCH_ROWS) {
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
        for chunk in self.contributors.chunks(BATCH_ROWS) {
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
        for chunk in self.readings.chunks(BATCH_ROWS) {
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
        for (rows, sql) in [
            (
                &self.shelves,
                "INSERT INTO book_shelves (book_id, shelf_id) ",
            ),
            (&self.tags, "INSERT INTO book_tags (book_id, tag_id) "),
        ] {
            for chunk in rows.chunks(BATCH_ROWS) {
                let mut builder = QueryBuilder::<Db>::new(sql);
                builder.push_values(chunk, |mut row, (book_id, label_id)| {
                    row.push_bind(*book_id).push_bind(*label_id);
                });
                builder.push(" ON CONFLICT DO NOTHING");
                builder.build().execute(&mut *conn).await?;
            }
        }
        for chunk in self.search.chunks(BATCH_ROWS) {
            write_search_batch(conn, chunk).await?;
        }
        *self = Self::default();
        Ok(())
    }
}

/// Inserts a new book with every column in one statement and queues the rest of the
/// record in `pending`. Returns the new book's id.
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
    let first_author = first_author(fields);
    let stamp = now();
    let result = sqlx::query(
        "INSERT INTO books (user_id, title, subtitle, isbn10, isbn13, asin, goodreads_id, \
         librarything_id, publisher, format, pages, published_year, original_year, language, \
         description, series_id, series_index, series_position, sort_title, sort_author, \
         match_key, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, \
         $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $22) RETURNING id",
    )
    .bind(user.0)
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
    .bind(search::sort_key(first_author))
    .bind(crate::normalize::match_key(&fields.title, first_author))
    .bind(&stamp)
    .fetch_one(&mut *conn)
    .await;
    let id: i64 =
        map_unique(result, "isbn13", fields.isbn13.as_deref().unwrap_or(""))?.try_get(0)?;

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

/// The name books sort and match by: the first author, else the first contributor.
fn first_author(fields: &BookFields) -> &str {
    fields
        .contributors
        .iter()
        .find(|c| c.role == ContributorRole::Author)
        .or(fields.contributors.first())
        .map(|c| c.name.as_str())
        .unwrap_or("")
}
