// Shelves and tags: the same operations on two pairs of tables. Included by each
// backend module.

/// The statements of one label kind. Table names cannot be bind parameters, so each
/// kind has its own fixed set.
struct LabelSql {
    list: &'static str,
    count: &'static str,
    one: &'static str,
    insert: &'static str,
    rename: &'static str,
    delete: &'static str,
    attach: &'static str,
    detach: &'static str,
    /// Moves a label's version on (`$1` the id) when its books change. The version
    /// covers the label's book count, so a client that saw the label empty cannot
    /// delete it after another client has put a book on it.
    touch: &'static str,
    book_ids: &'static str,
    /// `(book_id, name)` of one book (`$2`) or of all the user's books (`$2` NULL).
    names_of_books: &'static str,
    /// `(id, name)` of every label of the kind of one user.
    names: &'static str,
}

const SHELF_SQL: LabelSql = LabelSql {
    count: "SELECT COUNT(*) FROM shelves WHERE user_id = $1",
    list: "SELECT l.id, l.name, l.version, COUNT(j.book_id) AS book_count FROM shelves l \
           LEFT JOIN book_shelves j ON j.shelf_id = l.id WHERE l.user_id = $1 \
           AND ($2 IS NULL OR l.name > $2) GROUP BY l.id, l.name, l.version ORDER BY l.name LIMIT $3",
    one: "SELECT l.id, l.name, l.version, COUNT(j.book_id) AS book_count FROM shelves l \
          LEFT JOIN book_shelves j ON j.shelf_id = l.id WHERE l.user_id = $1 AND l.id = $2 \
          GROUP BY l.id, l.name, l.version",
    insert: "INSERT INTO shelves (user_id, name, created_at) VALUES ($1, $2, $3) RETURNING id",
    rename: "UPDATE shelves SET name = $1 WHERE id = $2",
    delete: "DELETE FROM shelves WHERE id = $1",
    attach: "INSERT INTO book_shelves (book_id, shelf_id) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING",
    detach: "DELETE FROM book_shelves WHERE book_id = $1 AND shelf_id = $2",
    touch: "UPDATE shelves SET version = version + 1 WHERE id = $1",
    book_ids: "SELECT book_id FROM book_shelves WHERE shelf_id = $1",
    names_of_books: "SELECT j.book_id, l.name FROM book_shelves j \
                     JOIN shelves l ON l.id = j.shelf_id \
                     WHERE l.user_id = $1 AND ($2 IS NULL OR j.book_id = $2) \
                     ORDER BY j.book_id, l.name",
    names: "SELECT id, name FROM shelves WHERE user_id = $1",
};

const TAG_SQL: LabelSql = LabelSql {
    count: "SELECT COUNT(*) FROM tags WHERE user_id = $1",
    list: "SELECT l.id, l.name, l.version, COUNT(j.book_id) AS book_count FROM tags l \
           LEFT JOIN book_tags j ON j.tag_id = l.id WHERE l.user_id = $1 \
           AND ($2 IS NULL OR l.name > $2) GROUP BY l.id, l.name, l.version ORDER BY l.name LIMIT $3",
    one: "SELECT l.id, l.name, l.version, COUNT(j.book_id) AS book_count FROM tags l \
          LEFT JOIN book_tags j ON j.tag_id = l.id WHERE l.user_id = $1 AND l.id = $2 \
          GROUP BY l.id, l.name, l.version",
    insert: "INSERT INTO tags (user_id, name, created_at) VALUES ($1, $2, $3) RETURNING id",
    rename: "UPDATE tags SET name = $1 WHERE id = $2",
    delete: "DELETE FROM tags WHERE id = $1",
    attach: "INSERT INTO book_tags (book_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    detach: "DELETE FROM book_tags WHERE book_id = $1 AND tag_id = $2",
    touch: "UPDATE tags SET version = version + 1 WHERE id = $1",
    book_ids: "SELECT book_id FROM book_tags WHERE tag_id = $1",
    names_of_books: "SELECT j.book_id, l.name FROM book_tags j JOIN tags l ON l.id = j.tag_id \
                     WHERE l.user_id = $1 AND ($2 IS NULL OR j.book_id = $2) \
                     ORDER BY j.book_id, l.name",
    names: "SELECT id, name FROM tags WHERE user_id = $1",
};

fn label_sql(kind: LabelKind) -> &'static LabelSql {
    match kind {
        LabelKind::Shelf => &SHELF_SQL,
        LabelKind::Tag => &TAG_SQL,
    }
}

fn label_field(kind: LabelKind) -> &'static str {
    match kind {
        LabelKind::Shelf => "shelf name",
        LabelKind::Tag => "tag name",
    }
}

/// Trims a label name and rejects empty or overlong ones, and ones with a control
/// or invisible character, which would make two names that look the same.
fn label_name(kind: LabelKind, name: &str) -> StoreResult<String> {
    let trimmed = name.trim();
    if trimmed.is_empty() || trimmed.chars().count() > 200 {
        return Err(StoreError::Invalid {
            field: label_field(kind),
            reason: format!("{name:?} must have 1 to 200 characters"),
        });
    }
    if let Some(character) = trimmed.chars().find(|c| crate::validate::is_invisible(*c)) {
        return Err(StoreError::Invalid {
            field: label_field(kind),
            reason: crate::msg!(
                "label-invisible-character",
                "{name} contains the invisible character U+{code}; type the name without it",
                name = format!("{trimmed:?}"),
                code = format!("{:04X}", u32::from(character))
            ),
        });
    }
    Ok(trimmed.to_string())
}

/// Rejects `name` when another label of the kind (not `except`) has the same name
/// in other letter case, such as `Favorites` beside `favorites`: two labels a
/// reader cannot tell apart in a list. The error names the label there is.
async fn reject_case_twin(
    conn: &mut Conn,
    user: UserId,
    kind: LabelKind,
    name: &str,
    except: Option<i64>,
) -> StoreResult<()> {
    let rows = sqlx::query(label_sql(kind).names)
        .bind(user.0)
        .fetch_all(&mut *conn)
        .await?;
    let folded = name.to_lowercase();
    for row in rows {
        let id: i64 = row.try_get("id")?;
        let existing: String = row.try_get("name")?;
        if Some(id) != except && existing.to_lowercase() == folded {
            return Err(StoreError::Duplicate {
                field: label_field(kind),
                value: existing,
            });
        }
    }
    Ok(())
}

fn label_from_row(row: &<Db as sqlx::Database>::Row) -> StoreResult<Label> {
    Ok(Label {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        book_count: row.try_get("book_count")?,
        version: row.try_get("version")?,
    })
}

/// Lists labels in name order, starting after the name `after`, at most `limit`.
async fn list_labels(
    conn: &mut Conn,
    user: UserId,
    kind: LabelKind,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<Label>> {
    let rows = sqlx::query(label_sql(kind).list)
        .bind(user.0)
        .bind(after)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(label_from_row).collect()
}

async fn load_label(conn: &mut Conn, user: UserId, kind: LabelKind, id: i64) -> StoreResult<Label> {
    let row = sqlx::query(label_sql(kind).one)
        .bind(user.0)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound(kind.entity()))?;
    label_from_row(&row)
}

async fn label_book_ids(conn: &mut Conn, kind: LabelKind, id: i64) -> StoreResult<Vec<i64>> {
    let rows = sqlx::query(label_sql(kind).book_ids)
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|row| Ok(row.try_get(0)?)).collect()
}

/// Rewrites the search documents of a tag's books after it was renamed. Shelves are
/// not part of the document, so a shelf needs nothing.
async fn refresh_label_books(
    conn: &mut Conn,
    user: UserId,
    kind: LabelKind,
    id: i64,
) -> StoreResult<()> {
    if kind == LabelKind::Tag {
        for book_id in label_book_ids(conn, kind, id).await? {
            refresh_search(conn, user, book_id).await?;
        }
    }
    Ok(())
}

/// Checks the name of a shelf or tag that a reader creates or renames: a valid
/// [`label_name`] without a comma. Goodreads exports list a book's shelves and tags
/// in one cell separated by commas, so such a name came back as two labels. Imports
/// and restores keep names as they were stored.
fn new_label_name(kind: LabelKind, name: &str) -> StoreResult<String> {
    let name = label_name(kind, name)?;
    if name.contains(',') {
        return Err(StoreError::Invalid {
            field: label_field(kind),
            reason: crate::msg!(
                "label-comma",
                "{name} contains a comma, which separates shelves in Goodreads exports; \
                 use another character, such as a hyphen",
                name = format!("{name:?}")
            ),
        });
    }
    Ok(name)
}

/// Checks the shelf and tag names of an imported record before anything of it is
/// queued, so that a bad name rejects its row rather than the whole import.
fn record_label_names(record: &LibraryRecord) -> StoreResult<()> {
    for name in &record.shelves {
        label_name(LabelKind::Shelf, name)?;
    }
    for name in &record.tags {
        label_name(LabelKind::Tag, name)?;
    }
    Ok(())
}

/// Returns the id of the user's shelf or tag called `name`, creating it if needed.
async fn label_id(
    conn: &mut Conn,
    user: UserId,
    kind: LabelKind,
    name: &str,
    cache: &mut NameCache,
) -> StoreResult<i64> {
    let name = label_name(kind, name)?;
    let key = if cache.fold_labels {
        name.to_lowercase()
    } else {
        name.clone()
    };
    let slot = match kind {
        LabelKind::Shelf => 0,
        LabelKind::Tag => 1,
    };
    if cache.fold_labels && !cache.labels_loaded[slot] {
        let rows = sqlx::query(label_sql(kind).names)
            .bind(user.0)
            .fetch_all(&mut *conn)
            .await?;
        let map = match kind {
            LabelKind::Shelf => &mut cache.shelves,
            LabelKind::Tag => &mut cache.tags,
        };
        for row in rows {
            let existing: String = row.try_get("name")?;
            map.entry(existing.to_lowercase())
                .or_insert(row.try_get("id")?);
        }
        cache.labels_loaded[slot] = true;
    }
    let map = match kind {
        LabelKind::Shelf => &mut cache.shelves,
        LabelKind::Tag => &mut cache.tags,
    };
    if let Some(id) = map.get(&key) {
        return Ok(*id);
    }
    let sql = match kind {
        LabelKind::Shelf => {
            "INSERT INTO shelves (user_id, name, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, name) DO UPDATE SET name = excluded.name RETURNING id"
        }
        LabelKind::Tag => {
            "INSERT INTO tags (user_id, name, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, name) DO UPDATE SET name = excluded.name RETURNING id"
        }
    };
    let id: i64 = sqlx::query(sql)
        .bind(user.0)
        .bind(&name)
        .bind(now())
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    map.insert(key, id);
    Ok(id)
}
