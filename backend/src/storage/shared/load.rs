// Loading whole books with their contributors, readings, shelves and tags.
// Included by each backend module.

async fn load_book(conn: &mut Conn, user: UserId, id: i64) -> StoreResult<Book> {
    load_books(conn, user, Some(id))
        .await?
        .pop()
        .ok_or(StoreError::NotFound("book"))
}

/// Loads one book, or every book of the user when `only` is `None`, in five queries
/// whatever the number of books.
async fn load_books(conn: &mut Conn, user: UserId, only: Option<i64>) -> StoreResult<Vec<Book>> {
    // `$2` is either the one book's id or NULL for all of them.
    let rows = sqlx::query(
        "SELECT b.id, b.title, b.subtitle, b.isbn10, b.isbn13, b.asin, b.goodreads_id, \
         b.librarything_id, b.publisher, b.format, b.pages, b.published_year, \
         b.original_year, b.language, b.description, s.name AS series_name, \
         b.series_index, b.series_position, b.version, b.created_at, b.updated_at, \
         e.status, e.rating, e.review, e.review_spoiler, e.private_notes, e.owned_copies, \
         e.date_added, e.version AS entry_version \
         FROM books b JOIN entries e ON e.book_id = b.id \
         LEFT JOIN series s ON s.id = b.series_id \
         WHERE b.user_id = $1 AND ($2 IS NULL OR b.id = $2) ORDER BY b.id",
    )
    .bind(user.0)
    .bind(only)
    .fetch_all(&mut *conn)
    .await?;

    let mut books = Vec::with_capacity(rows.len());
    let mut index = HashMap::with_capacity(rows.len());
    for row in rows {
        let book = book_from_row(&row)?;
        index.insert(book.id, books.len());
        books.push(book);
    }
    if books.is_empty() {
        return Ok(books);
    }

    let contributors = sqlx::query(
        "SELECT c.book_id, a.name, c.role FROM book_contributors c \
         JOIN authors a ON a.id = c.author_id JOIN books b ON b.id = c.book_id \
         WHERE b.user_id = $1 AND ($2 IS NULL OR b.id = $2) ORDER BY c.book_id, c.position",
    )
    .bind(user.0)
    .bind(only)
    .fetch_all(&mut *conn)
    .await?;
    for row in contributors {
        let role: String = row.try_get("role")?;
        let book = &mut books[index[&row.try_get::<i64, _>("book_id")?]];
        book.fields.contributors.push(Contributor {
            name: row.try_get("name")?,
            role: ContributorRole::parse(&role).unwrap_or(ContributorRole::Other),
        });
    }

    let readings = sqlx::query(
        "SELECT id, book_id, started, finished, stopped, progress, progress_unit, version \
         FROM readings WHERE user_id = $1 AND ($2 IS NULL OR book_id = $2) \
         ORDER BY book_id, COALESCE(finished, stopped, started, ''), id",
    )
    .bind(user.0)
    .bind(only)
    .fetch_all(&mut *conn)
    .await?;
    for row in readings {
        let reading = reading_from_row(&row)?;
        books[index[&reading.book_id]].readings.push(reading);
    }

    for kind in [LabelKind::Shelf, LabelKind::Tag] {
        let rows = sqlx::query(label_sql(kind).names_of_books)
            .bind(user.0)
            .bind(only)
            .fetch_all(&mut *conn)
            .await?;
        for row in rows {
            let book = &mut books[index[&row.try_get::<i64, _>("book_id")?]];
            let name: String = row.try_get("name")?;
            match kind {
                LabelKind::Shelf => book.shelves.push(name),
                LabelKind::Tag => book.tags.push(name),
            }
        }
    }
    Ok(books)
}

fn book_from_row(row: &<Db as sqlx::Database>::Row) -> StoreResult<Book> {
    let series_name: Option<String> = row.try_get("series_name")?;
    let fields = BookFields {
        title: row.try_get("title")?,
        subtitle: row.try_get("subtitle")?,
        isbn10: row.try_get("isbn10")?,
        isbn13: row.try_get("isbn13")?,
        asin: row.try_get("asin")?,
        goodreads_id: row.try_get("goodreads_id")?,
        librarything_id: row.try_get("librarything_id")?,
        publisher: row.try_get("publisher")?,
        format: row.try_get("format")?,
        pages: row.try_get("pages")?,
        published_year: row.try_get("published_year")?,
        original_year: row.try_get("original_year")?,
        language: row.try_get("language")?,
        description: row.try_get("description")?,
        contributors: Vec::new(),
        series: match series_name {
            Some(name) => Some(SeriesRef {
                name,
                index: row.try_get("series_index")?,
                position: row.try_get("series_position")?,
            }),
            None => None,
        },
    };
    let status: String = row.try_get("status")?;
    let entry = EntryFields {
        status: ReadingStatus::parse(&status).unwrap_or(ReadingStatus::WantToRead),
        rating: match row.try_get::<Option<i64>, _>("rating")? {
            Some(quarters) => {
                Some(
                    Rating::from_quarters(quarters).map_err(|reason| StoreError::Invalid {
                        field: "rating",
                        reason,
                    })?,
                )
            }
            None => None,
        },
        review: row.try_get("review")?,
        review_spoiler: row.try_get("review_spoiler")?,
        private_notes: row.try_get("private_notes")?,
        owned_copies: row.try_get("owned_copies")?,
        date_added: stored_date(row.try_get("date_added")?)?,
    };
    Ok(Book {
        id: row.try_get("id")?,
        fields,
        version: row.try_get("version")?,
        entry: Entry {
            fields: entry,
            version: row.try_get("entry_version")?,
        },
        readings: Vec::new(),
        shelves: Vec::new(),
        tags: Vec::new(),
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn reading_from_row(row: &<Db as sqlx::Database>::Row) -> StoreResult<Reading> {
    let unit: Option<String> = row.try_get("progress_unit")?;
    Ok(Reading {
        id: row.try_get("id")?,
        book_id: row.try_get("book_id")?,
        fields: ReadingFields {
            started: stored_date(row.try_get("started")?)?,
            finished: stored_date(row.try_get("finished")?)?,
            stopped: stored_date(row.try_get("stopped")?)?,
            progress: row.try_get("progress")?,
            progress_unit: unit.as_deref().and_then(parse_progress_unit),
        },
        version: row.try_get("version")?,
    })
}

fn stored_date(text: Option<String>) -> StoreResult<Option<PartialDate>> {
    text.map(|text| {
        text.parse()
            .map_err(|error: crate::dates::DateError| StoreError::Invalid {
                field: "stored date",
                reason: error.to_string(),
            })
    })
    .transpose()
}

async fn load_reading(conn: &mut Conn, user: UserId, id: i64) -> StoreResult<Reading> {
    let row = sqlx::query(
        "SELECT id, book_id, started, finished, stopped, progress, progress_unit, version \
         FROM readings WHERE id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user.0)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound("reading"))?;
    reading_from_row(&row)
}
