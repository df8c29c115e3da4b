// Book lists with filters, full-text search and keyset pagination, and the reading
// statistics. Included by each backend module.

const LAST_READ: &str =
    "(SELECT MAX(r.finished) FROM readings r WHERE r.book_id = b.id AND r.finished IS NOT NULL)";

/// The sort expression of each key. None of them is NULL, so `(value, id)` orders
/// every row and the cursor can be compared with a row value.
fn sort_expression(key: SortKey) -> (String, bool) {
    match key {
        SortKey::Title => ("b.sort_title".to_string(), true),
        SortKey::Author => ("b.sort_author".to_string(), true),
        SortKey::Added => ("COALESCE(e.date_added, '')".to_string(), true),
        SortKey::Rating => ("COALESCE(e.rating, 0)".to_string(), false),
        SortKey::Read => (format!("COALESCE({LAST_READ}, '')"), true),
        SortKey::Pages => ("COALESCE(b.pages, -1)".to_string(), false),
    }
}

fn push_filters(
    builder: &mut QueryBuilder<Db>,
    user: UserId,
    query: &BookQuery,
    words: &[String],
) -> StoreResult<()> {
    builder.push(" FROM books b JOIN entries e ON e.book_id = b.id ");
    builder.push("LEFT JOIN series s ON s.id = b.series_id WHERE b.user_id = ");
    builder.push_bind(user.0);
    if !words.is_empty() {
        builder.push(" AND b.id IN (");
        builder.push(SEARCH_IDS);
        builder.push_bind(search_expression(words));
        builder.push(SEARCH_IDS_END);
        builder.push(")");
    }
    if let Some(status) = query.status {
        builder.push(" AND e.status = ").push_bind(status.as_str());
    }
    if let Some(shelf) = &query.shelf {
        builder.push(
            " AND EXISTS (SELECT 1 FROM book_shelves j JOIN shelves l ON l.id = j.shelf_id \
             WHERE j.book_id = b.id AND l.name = ",
        );
        builder.push_bind(shelf.as_str()).push(")");
    }
    if let Some(tag) = &query.tag {
        builder.push(
            " AND EXISTS (SELECT 1 FROM book_tags j JOIN tags l ON l.id = j.tag_id \
             WHERE j.book_id = b.id AND l.name = ",
        );
        builder.push_bind(tag.as_str()).push(")");
    }
    if let Some(stars) = query.min_rating {
        let rating = Rating::from_stars(stars).map_err(|reason| StoreError::Invalid {
            field: "min_rating",
            reason,
        })?;
        builder
            .push(" AND e.rating >= ")
            .push_bind(i64::from(rating.quarters()));
    }
    if let Some(year) = query.year_read {
        builder.push(
            " AND EXISTS (SELECT 1 FROM readings r WHERE r.book_id = b.id \
             AND substr(r.finished, 1, 4) = ",
        );
        builder.push_bind(format!("{year:04}")).push(")");
    }
    Ok(())
}

#[derive(Serialize, Deserialize)]
struct Cursor {
    sort: SortKey,
    order: SortOrder,
    text: Option<String>,
    number: Option<i64>,
    id: i64,
}

fn decode_cursor(text: &str, query: &BookQuery) -> StoreResult<Cursor> {
    use base64::Engine as _;
    let invalid = || StoreError::Invalid {
        field: "cursor",
        reason: "not a cursor from this list with the same sort; start again without it"
            .to_string(),
    };
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| invalid())?;
    let cursor: Cursor = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
    if cursor.sort != query.sort || cursor.order != query.order {
        return Err(invalid());
    }
    Ok(cursor)
}

fn encode_cursor(cursor: &Cursor) -> String {
    use base64::Engine as _;
    let json = serde_json::to_vec(cursor).unwrap_or_default();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
}

async fn list_books(
    conn: &mut Conn,
    user: UserId,
    query: &BookQuery,
) -> StoreResult<Page<BookSummary>> {
    let limit = query.limit.unwrap_or(BookQuery::DEFAULT_LIMIT);
    if !(1..=BookQuery::MAX_LIMIT).contains(&limit) {
        return Err(StoreError::Invalid {
            field: "limit",
            reason: format!("{limit} is not between 1 and {}", BookQuery::MAX_LIMIT),
        });
    }
    let words = query
        .q
        .as_deref()
        .map(search::query_words)
        .unwrap_or_default();
    // A search made only of punctuation or symbols has no word to look for, so it
    // finds nothing rather than everything.
    if words.is_empty() && query.q.as_deref().is_some_and(|q| !q.trim().is_empty()) {
        return Ok(Page {
            items: Vec::new(),
            next_cursor: None,
            total: 0,
        });
    }
    let cursor = query
        .cursor
        .as_deref()
        .map(|text| decode_cursor(text, query))
        .transpose()?;
    let (expression, is_text) = sort_expression(query.sort);

    let mut count = QueryBuilder::<Db>::new("SELECT COUNT(*)");
    push_filters(&mut count, user, query, &words)?;
    let total: i64 = count.build().fetch_one(&mut *conn).await?.try_get(0)?;

    let mut select = QueryBuilder::<Db>::new(format!(
        "SELECT b.id, b.title, s.name AS series_name, b.series_index, b.isbn13, b.pages, \
         e.status, e.rating, e.date_added, {LAST_READ} AS last_read, {expression} AS sort_value"
    ));
    push_filters(&mut select, user, query, &words)?;
    let (comparison, direction) = match query.order {
        SortOrder::Asc => (">", "ASC"),
        SortOrder::Desc => ("<", "DESC"),
    };
    if let Some(cursor) = &cursor {
        select.push(format!(" AND ({expression}, b.id) {comparison} ("));
        if is_text {
            select.push_bind(cursor.text.clone().unwrap_or_default());
        } else {
            select.push_bind(cursor.number.unwrap_or_default());
        }
        select.push(", ").push_bind(cursor.id).push(")");
    }
    select.push(format!(
        " ORDER BY sort_value {direction}, b.id {direction} LIMIT "
    ));
    select.push_bind(i64::from(limit) + 1);
    let mut rows = select.build().fetch_all(&mut *conn).await?;

    let next_cursor = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        let last = rows.last().ok_or(StoreError::NotFound("page"))?;
        Some(encode_cursor(&Cursor {
            sort: query.sort,
            order: query.order,
            text: if is_text {
                last.try_get("sort_value")?
            } else {
                None
            },
            number: if is_text {
                None
            } else {
                last.try_get("sort_value")?
            },
            id: last.try_get("id")?,
        }))
    } else {
        None
    };

    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        let status: String = row.try_get("status")?;
        items.push(BookSummary {
            id: row.try_get("id")?,
            title: row.try_get("title")?,
            authors: Vec::new(),
            series: row.try_get("series_name")?,
            series_index: row.try_get("series_index")?,
            isbn13: row.try_get("isbn13")?,
            pages: row.try_get("pages")?,
            status: ReadingStatus::parse(&status).unwrap_or(ReadingStatus::WantToRead),
            rating: row
                .try_get::<Option<i64>, _>("rating")?
                .and_then(|quarters| Rating::from_quarters(quarters).ok()),
            last_read: row.try_get("last_read")?,
            date_added: row.try_get("date_added")?,
        });
    }
    fill_authors(conn, &mut items).await?;
    Ok(Page {
        items,
        next_cursor,
        total,
    })
}

async fn fill_authors(conn: &mut Conn, items: &mut [BookSummary]) -> StoreResult<()> {
    if items.is_empty() {
        return Ok(());
    }
    let mut builder = QueryBuilder::<Db>::new(
        "SELECT c.book_id, a.name FROM book_contributors c JOIN authors a ON a.id = c.author_id \
         WHERE c.role = 'author' AND c.book_id IN (",
    );
    let mut separated = builder.separated(", ");
    for item in items.iter() {
        separated.push_bind(item.id);
    }
    builder.push(") ORDER BY c.book_id, c.position");
    let rows = builder.build().fetch_all(&mut *conn).await?;
    let index: HashMap<i64, usize> = items.iter().enumerate().map(|(i, b)| (b.id, i)).collect();
    for row in rows {
        let book_id: i64 = row.try_get("book_id")?;
        if let Some(position) = index.get(&book_id) {
            items[*position].authors.push(row.try_get("name")?);
        }
    }
    Ok(())
}

/// Runs a `(name, count)` query for one user and a period (`$2`: a four-digit year, or
/// NULL for all time) and returns the `limit` largest counts.
async fn named_counts(
    conn: &mut Conn,
    sql: &'static str,
    user: UserId,
    period: &Option<String>,
    limit: usize,
) -> StoreResult<Vec<NamedCount>> {
    let rows = sqlx::query(sql)
        .bind(user.0)
        .bind(period.clone())
        .fetch_all(&mut *conn)
        .await?;
    largest_counts(&rows, limit)
}

fn largest_counts(
    rows: &[<Db as sqlx::Database>::Row],
    limit: usize,
) -> StoreResult<Vec<NamedCount>> {
    let mut counts = rows
        .iter()
        .map(|row| {
            Ok(NamedCount {
                name: row.try_get(0)?,
                count: row.try_get(1)?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    // Ties are broken here rather than in SQL, because the two databases order text
    // by different collations.
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    counts.truncate(limit);
    Ok(counts)
}

async fn compute_stats(conn: &mut Conn, user: UserId, year: Option<i32>) -> StoreResult<Stats> {
    let period = year.map(|year| format!("{year:04}"));
    let totals = sqlx::query(
        "SELECT COUNT(*), CAST(COALESCE(SUM(b.pages), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN b.pages IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM readings r JOIN books b ON b.id = r.book_id WHERE r.user_id = $1 \
         AND r.finished IS NOT NULL AND ($2 IS NULL OR substr(r.finished, 1, 4) = $2)",
    )
    .bind(user.0)
    .bind(period.clone())
    .fetch_one(&mut *conn)
    .await?;

    let (mut books_per_month, mut pages_per_month) = (Vec::new(), Vec::new());
    if period.is_some() {
        books_per_month = vec![0; 12];
        pages_per_month = vec![0; 12];
        let rows = sqlx::query(
            "SELECT substr(r.finished, 6, 2) AS month, COUNT(*), \
             CAST(COALESCE(SUM(b.pages), 0) AS BIGINT) \
             FROM readings r JOIN books b ON b.id = r.book_id WHERE r.user_id = $1 \
             AND length(r.finished) >= 7 AND substr(r.finished, 1, 4) = $2 GROUP BY 1",
        )
        .bind(user.0)
        .bind(period.clone())
        .fetch_all(&mut *conn)
        .await?;
        for row in rows {
            let month: String = row.try_get(0)?;
            if let Ok(month @ 1..=12) = month.parse::<usize>() {
                books_per_month[month - 1] = row.try_get(1)?;
                pages_per_month[month - 1] = row.try_get(2)?;
            }
        }
    }

    let rating_rows = sqlx::query(
        "SELECT e.rating, COUNT(*) FROM entries e WHERE e.user_id = $1 \
         AND e.rating IS NOT NULL AND ($2 IS NULL OR EXISTS (SELECT 1 FROM readings r \
         WHERE r.book_id = e.book_id AND substr(r.finished, 1, 4) = $2)) \
         GROUP BY e.rating ORDER BY e.rating",
    )
    .bind(user.0)
    .bind(period.clone())
    .fetch_all(&mut *conn)
    .await?;
    let mut rating_distribution = Vec::new();
    let (mut rated, mut quarter_sum) = (0_i64, 0_i64);
    for row in rating_rows {
        let quarters: i64 = row.try_get(0)?;
        let count: i64 = row.try_get(1)?;
        rated += count;
        quarter_sum += quarters * count;
        rating_distribution.push(RatingCount {
            stars: quarters as f64 / 4.0,
            count,
        });
    }

    let top_authors = named_counts(
        conn,
        "SELECT a.name, COUNT(DISTINCT r.book_id) FROM readings r \
         JOIN book_contributors c ON c.book_id = r.book_id AND c.role = 'author' \
         JOIN authors a ON a.id = c.author_id WHERE r.user_id = $1 \
         AND r.finished IS NOT NULL AND ($2 IS NULL OR substr(r.finished, 1, 4) = $2) \
         GROUP BY a.name",
        user,
        &period,
        10,
    )
    .await?;
    let top_shelves = named_counts(
        conn,
        "SELECT l.name, COUNT(DISTINCT r.book_id) FROM readings r \
         JOIN book_shelves j ON j.book_id = r.book_id JOIN shelves l ON l.id = j.shelf_id \
         WHERE r.user_id = $1 \
         AND r.finished IS NOT NULL AND ($2 IS NULL OR substr(r.finished, 1, 4) = $2) \
         GROUP BY l.name",
        user,
        &period,
        10,
    )
    .await?;
    let status_rows =
        sqlx::query("SELECT status, COUNT(*) FROM entries WHERE user_id = $1 GROUP BY status")
            .bind(user.0)
            .fetch_all(&mut *conn)
            .await?;
    let status_counts = largest_counts(&status_rows, ReadingStatus::ALL.len())?;
    let missing_dates: i64 = sqlx::query(
        "SELECT COUNT(*) FROM entries e WHERE e.user_id = $1 AND e.status = 'read' \
         AND NOT EXISTS (SELECT 1 FROM readings r WHERE r.book_id = e.book_id \
         AND r.finished IS NOT NULL)",
    )
    .bind(user.0)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;

    Ok(Stats {
        year,
        books_read: totals.try_get(0)?,
        pages_read: totals.try_get(1)?,
        books_per_month,
        pages_per_month,
        average_rating: (rated > 0).then(|| quarter_sum as f64 / 4.0 / rated as f64),
        rating_distribution,
        top_authors,
        top_shelves,
        status_counts,
        missing_pages: totals.try_get(2)?,
        missing_dates,
    })
}
