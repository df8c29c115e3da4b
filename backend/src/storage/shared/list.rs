// Book lists with filters, full-text search and keyset pagination, and the reading
// statistics. Included by each backend module.

use super::cursor::{
    Cursor, cursor_scope, decode_cursor, encode_cursor, page_totals, search_first_page_totals,
};

const LAST_READ: &str =
    "(SELECT MAX(r.finished) FROM readings r WHERE r.book_id = b.id AND r.finished IS NOT NULL)";

/// Tables of a plain list. Every book has one entry, so the join keeps every book.
const LIST_FROM: &str =
    "books b JOIN entries e ON e.book_id = b.id LEFT JOIN series s ON s.id = b.series_id";

/// The sort expression of each key. None of them is NULL, so `(value, id)` orders
/// every row and the cursor can be compared with a row value. A search sorted by id
/// uses the full-text table's own id ([`SEARCH_ID`]), so the index can return its
/// matches in order and stop after the page.
fn sort_expression(key: SortKey, search: bool) -> (String, bool) {
    match key {
        SortKey::Title => ("b.sort_title".to_string(), true),
        SortKey::Author => ("b.sort_author".to_string(), true),
        SortKey::Added => ("COALESCE(e.date_added, '')".to_string(), true),
        SortKey::Rating => ("COALESCE(e.rating, 0)".to_string(), false),
        SortKey::Read => (format!("COALESCE({LAST_READ}, '')"), true),
        SortKey::Pages => ("COALESCE(b.pages, -1)".to_string(), false),
        SortKey::Id if search => (SEARCH_ID.to_string(), false),
        SortKey::Id => ("b.id".to_string(), false),
    }
}

fn push_filters(
    builder: &mut QueryBuilder<Db>,
    user: UserId,
    query: &BookQuery,
    words: &[String],
) -> StoreResult<()> {
    builder.push(" FROM ");
    builder.push(if words.is_empty() {
        LIST_FROM
    } else {
        SEARCH_FROM
    });
    builder.push(" WHERE b.user_id = ");
    builder.push_bind(user.0);
    if !words.is_empty() {
        builder.push(" AND ");
        builder.push(SEARCH_MATCH);
        builder.push_bind(search_expression(words));
        builder.push(SEARCH_MATCH_END);
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
    if let Some(quarters) = min_quarters(query)? {
        builder.push(" AND e.rating >= ").push_bind(quarters);
    }
    if let Some(year) = year_read(query)? {
        builder.push(
            " AND EXISTS (SELECT 1 FROM readings r WHERE r.book_id = b.id \
             AND substr(r.finished, 1, 4) = ",
        );
        builder.push_bind(format!("{year:04}")).push(")");
    }
    Ok(())
}

/// Returns the `year_read` filter, which must be a year of the common era with four
/// digits, the form of the stored finish dates it is compared with.
fn year_read(query: &BookQuery) -> StoreResult<Option<i32>> {
    match query.year_read {
        Some(year) if !(1..=9999).contains(&year) => Err(StoreError::Invalid {
            field: "year_read",
            reason: crate::msg!(
                "stats-year-range",
                "{year} is not between 1 and 9999",
                year = year
            ),
        }),
        year => Ok(year),
    }
}

/// Returns the `min_rating` filter in quarter stars, as the entries store ratings.
fn min_quarters(query: &BookQuery) -> StoreResult<Option<i64>> {
    let Some(stars) = query.min_rating else {
        return Ok(None);
    };
    let rating = Rating::from_stars(stars).map_err(|reason| StoreError::Invalid {
        field: "min_rating",
        reason,
    })?;
    Ok(Some(i64::from(rating.quarters())))
}

/// Returns the stored name of the user's label that `name` names: the same name,
/// or the one that differs from it only in letter case. A name that no label has
/// comes back as it is.
async fn stored_label_name(
    conn: &mut Conn,
    user: UserId,
    kind: LabelKind,
    name: &str,
) -> StoreResult<String> {
    let rows = sqlx::query(label_sql(kind).names)
        .bind(user.0)
        .fetch_all(&mut *conn)
        .await?;
    let mut names = Vec::with_capacity(rows.len());
    for row in rows {
        names.push(row.try_get::<String, _>("name")?);
    }
    if names.iter().any(|stored| stored == name) {
        return Ok(name.to_string());
    }
    let folded = name.to_lowercase();
    Ok(names
        .into_iter()
        .find(|stored| stored.to_lowercase() == folded)
        .unwrap_or_else(|| name.to_string()))
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
            reason: crate::msg!(
                "limit-range",
                "{limit} is not between 1 and {max}",
                limit = limit,
                max = BookQuery::MAX_LIMIT
            ),
        });
    }
    // PostgreSQL cannot take a NUL in a query, and no stored name has one.
    validate::no_nul("shelf", query.shelf.as_deref())?;
    validate::no_nul("tag", query.tag.as_deref())?;
    // Labels differ by more than letter case, as the API and imports keep them, so
    // `favorites` names the shelf stored as `Favorites`.
    let resolved;
    let query = if query.shelf.is_some() || query.tag.is_some() {
        let mut named = query.clone();
        for (kind, name) in [
            (LabelKind::Shelf, &mut named.shelf),
            (LabelKind::Tag, &mut named.tag),
        ] {
            if let Some(name) = name {
                *name = stored_label_name(conn, user, kind, name).await?;
            }
        }
        resolved = named;
        &resolved
    } else {
        query
    };
    let words = query
        .q
        .as_deref()
        .map(search::query_words)
        .unwrap_or_default();
    if words.len() > search::MAX_WORDS {
        return Err(StoreError::Invalid {
            field: "q",
            reason: crate::msg!(
                "search-too-many-words",
                "{count} words, where a search takes at most {max}; leave out some words",
                count = words.len(),
                max = search::MAX_WORDS
            ),
        });
    }
    // A search made only of punctuation or symbols has no word to look for, so it
    // finds nothing rather than everything.
    if words.is_empty() && query.q.as_deref().is_some_and(|q| !q.trim().is_empty()) {
        return Ok(Page {
            items: Vec::new(),
            next_cursor: None,
            total: 0,
            total_exact: true,
        });
    }
    let sort = query.sort_key(!words.is_empty());
    let scope = cursor_scope(user, query, &words);
    let cursor = query
        .cursor
        .as_deref()
        .map(|text| decode_cursor(text, sort, query.order, &scope))
        .transpose()?;

    let mut rows = fetch_page(conn, user, query, &words, sort, cursor.as_ref(), limit).await?;
    let has_more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let seen = cursor.as_ref().map_or(0, |cursor| cursor.seen);
    let listed = seen + rows.len() as i64;
    let (total, total_exact) = match page_totals(cursor.as_ref(), listed, has_more) {
        Some(totals) => totals,
        None if words.is_empty() => (count_books(conn, user, query).await?, true),
        None => search_first_page_totals(listed),
    };

    let next_cursor = match rows.last() {
        Some(last) if has_more => Some(encode_cursor(&Cursor {
            sort,
            order: query.order,
            text: last.sort_value.text(),
            number: last.sort_value.number(),
            id: last.id,
            seen: listed,
            total,
            exact: total_exact,
            scope: Some(scope),
        })),
        _ => None,
    };

    let items = rows.into_iter().map(PageRow::into_summary).collect();
    Ok(Page {
        items,
        next_cursor,
        total,
        total_exact,
    })
}

/// One book of a page, from the array that [`page_json`] writes for it: serde reads
/// a JSON array into the fields in their order here.
#[derive(Deserialize)]
struct PageRow {
    id: i64,
    title: String,
    series_name: Option<String>,
    series_index: Option<f64>,
    isbn13: Option<String>,
    pages: Option<i64>,
    status: String,
    /// Quarter stars, as the entries store them.
    rating: Option<i64>,
    date_added: Option<String>,
    last_read: Option<String>,
    authors: Vec<String>,
    sort_value: SortValue,
}

impl PageRow {
    fn into_summary(self) -> BookSummary {
        BookSummary {
            id: self.id,
            title: self.title,
            authors: self.authors,
            series: self.series_name,
            series_index: self.series_index,
            isbn13: self.isbn13,
            pages: self.pages,
            status: ReadingStatus::parse(&self.status).unwrap_or(ReadingStatus::WantToRead),
            rating: self
                .rating
                .and_then(|quarters| Rating::from_quarters(quarters).ok()),
            last_read: self.last_read,
            date_added: self.date_added,
        }
    }
}

/// The value of a row's sort expression, which the next page's cursor continues
/// after. Text keys come as JSON strings and numeric ones as numbers. The derived
/// order is SQLite's: numbers before text, and text byte by byte.
#[derive(Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(untagged)]
enum SortValue {
    Number(i64),
    Text(String),
}

impl SortValue {
    fn text(&self) -> Option<String> {
        match self {
            SortValue::Text(text) => Some(text.clone()),
            SortValue::Number(_) => None,
        }
    }

    fn number(&self) -> Option<i64> {
        match self {
            SortValue::Number(number) => Some(*number),
            SortValue::Text(_) => None,
        }
    }
}

/// Returns the SELECT list of a page's rows, in [`PageRow`]'s order, with `expression`
/// as the sort value.
fn page_select(expression: &str) -> String {
    format!(
        "SELECT b.id, b.title, s.name AS series_name, b.series_index, b.isbn13, b.pages, \
         e.status, e.rating, e.date_added, {LAST_READ} AS last_read, b.author_names AS authors, \
         {expression} AS sort_value"
    )
}

/// Books per statement when a whole library is read for a search index. A chunk of
/// 2,000 generated books is about half a megabyte of JSON.
const SEARCH_LIBRARY_CHUNK: usize = 2000;

/// Reads a whole library for a search index, chunk by chunk. The caller runs it in
/// one snapshot transaction, so the revision read first is the revision of the books
/// read after it.
async fn search_library(
    conn: &mut Conn,
    user: UserId,
    chunk: &mut (dyn FnMut(Vec<SearchableBook>) -> std::ops::ControlFlow<()> + Send),
) -> StoreResult<i64> {
    let revision: i64 = sqlx::query("SELECT library_revision FROM users WHERE id = $1")
        .bind(user.0)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;

    // The ids come first, from the user's index, and then each chunk by its ids,
    // because a range of ids with the user as a filter made SQLite read the user's
    // whole index for every chunk. They are streamed, because `fetch_all` held a row
    // object for each of 100,000 books.
    let mut ids: Vec<i64> = Vec::new();
    {
        use futures_util::TryStreamExt as _;
        let mut stream =
            sqlx::query_scalar::<_, i64>("SELECT b.id FROM books b WHERE b.user_id = $1")
                .bind(user.0)
                .fetch(&mut *conn);
        while let Some(id) = stream.try_next().await? {
            ids.push(id);
        }
    }
    ids.sort_unstable();

    // Every part of both statements is a constant of this module, and values are bound.
    let rows_sql = format!(
        "{}{} FROM {LIST_FROM} WHERE b.id {IN_JSON_IDS}) p",
        page_json("p.id ASC"),
        page_select("b.id")
    );
    let documents_sql = format!("{SEARCH_WORDS_SQL} WHERE b.id {IN_JSON_IDS}");
    for chunk_ids in ids.chunks(SEARCH_LIBRARY_CHUNK) {
        let list = serde_json::to_string(chunk_ids)
            .map_err(|error| StoreError::Database(sqlx::Error::Encode(error.into())))?;
        let json: String = sqlx::query(sqlx::AssertSqlSafe(rows_sql.as_str()))
            .bind(&list)
            .fetch_one(&mut *conn)
            .await?
            .try_get(0)?;
        let mut rows: Vec<PageRow> = serde_json::from_str(&json)
            .map_err(|error| StoreError::Database(sqlx::Error::Decode(error.into())))?;
        rows.sort_unstable_by_key(|row| row.id);

        let mut documents: HashMap<i64, String> = HashMap::with_capacity(rows.len());
        for row in sqlx::query(sqlx::AssertSqlSafe(documents_sql.as_str()))
            .bind(&list)
            .fetch_all(&mut *conn)
            .await?
        {
            documents.insert(row.try_get("id")?, row.try_get("body")?);
        }
        let books = rows
            .into_iter()
            .map(|row| SearchableBook {
                document: documents.remove(&row.id).unwrap_or_default(),
                summary: row.into_summary(),
            })
            .collect();
        if chunk(books).is_break() {
            break;
        }
    }
    Ok(revision)
}

/// Reads the rows of one page, and one more row when a next page exists. Keyset
/// pagination continues after the cursor's `(sort value, id)`, so a page costs its
/// own rows and not the rows before it. The database returns the page as one JSON
/// value: handing each row across from the connection cost more than building it.
async fn fetch_page(
    conn: &mut Conn,
    user: UserId,
    query: &BookQuery,
    words: &[String],
    sort: SortKey,
    cursor: Option<&Cursor>,
    limit: u32,
) -> StoreResult<Vec<PageRow>> {
    let (expression, is_text) = sort_expression(sort, !words.is_empty());
    let (comparison, direction) = match query.order {
        SortOrder::Asc => (">", "ASC"),
        SortOrder::Desc => ("<", "DESC"),
    };
    let wrapper = page_json(&format!("p.sort_value {direction}, p.id {direction}"));
    let mut select = QueryBuilder::<Db>::new(format!("{wrapper}{}", page_select(&expression)));
    push_filters(&mut select, user, query, words)?;
    // The id is unique, so sorting by id alone needs no tie-breaker, and a bare
    // `ORDER BY rowid` is what lets SQLite's full-text index return matches in order.
    let by_id = sort == SortKey::Id;
    if let Some(cursor) = cursor {
        if by_id {
            select.push(format!(" AND {expression} {comparison} "));
            select.push_bind(cursor.id);
        } else {
            select.push(format!(" AND ({expression}, b.id) {comparison} ("));
            if is_text {
                select.push_bind(cursor.text.clone().unwrap_or_default());
            } else {
                select.push_bind(cursor.number.unwrap_or_default());
            }
            select.push(", ").push_bind(cursor.id).push(")");
        }
    }
    if by_id {
        select.push(format!(" ORDER BY {expression} {direction} LIMIT "));
    } else {
        select.push(format!(
            " ORDER BY {expression} {direction}, b.id {direction} LIMIT "
        ));
    }
    select.push_bind(i64::from(limit) + 1);
    select.push(") p");

    let json: String = select.build().fetch_one(&mut *conn).await?.try_get(0)?;
    let mut rows: Vec<PageRow> = serde_json::from_str(&json)
        .map_err(|error| StoreError::Database(sqlx::Error::Decode(error.into())))?;
    if !PAGE_JSON_ORDERED {
        rows.sort_by(|a, b| {
            let ascending = (&a.sort_value, a.id).cmp(&(&b.sort_value, b.id));
            match query.order {
                SortOrder::Asc => ascending,
                SortOrder::Desc => ascending.reverse(),
            }
        });
    }
    Ok(rows)
}

/// Counts the books of a plain list (no search words) for its first page. It reads
/// an index entry per book, once per list rather than once per page.
async fn count_books(conn: &mut Conn, user: UserId, query: &BookQuery) -> StoreResult<i64> {
    let mut count = QueryBuilder::<Db>::new("SELECT COUNT(*)");
    if query.shelf.is_none() && query.tag.is_none() && query.year_read.is_none() {
        // Every book has one entry with the same owner, so the entries alone give
        // the count, from the (user_id, status) index.
        count
            .push(" FROM entries e WHERE e.user_id = ")
            .push_bind(user.0);
        if let Some(status) = query.status {
            count.push(" AND e.status = ").push_bind(status.as_str());
        }
        if let Some(quarters) = min_quarters(query)? {
            count.push(" AND e.rating >= ").push_bind(quarters);
        }
    } else {
        push_filters(&mut count, user, query, &[])?;
    }
    Ok(count.build().fetch_one(&mut *conn).await?.try_get(0)?)
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
