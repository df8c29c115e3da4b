// Reading and replacing the whole database, for backups. Included by each backend
// module after `store.rs`.

/// Reads every user and their library inside the caller's transaction.
async fn read_snapshot(conn: &mut Conn) -> StoreResult<Vec<UserBackup>> {
    let rows = sqlx::query("SELECT id, name, password_hash, created_at FROM users ORDER BY id")
        .fetch_all(&mut *conn)
        .await?;
    let mut users = Vec::with_capacity(rows.len());
    for row in rows {
        let user = UserId(row.try_get("id")?);
        let label_names = |labels: Vec<Label>| labels.into_iter().map(|label| label.name).collect();
        let shelves = label_names(list_labels(conn, user, LabelKind::Shelf, None, i64::MAX).await?);
        let tags = label_names(list_labels(conn, user, LabelKind::Tag, None, i64::MAX).await?);
        let books = load_books(conn, user, None).await?;
        let token_rows = sqlx::query(
            "SELECT token_hash, label, created_at FROM tokens WHERE user_id = $1 ORDER BY id",
        )
        .bind(user.0)
        .fetch_all(&mut *conn)
        .await?;
        let mut tokens = Vec::with_capacity(token_rows.len());
        for token in token_rows {
            tokens.push(TokenBackup {
                token_hash: token.try_get("token_hash")?,
                label: token.try_get("label")?,
                created_at: token.try_get("created_at")?,
            });
        }
        users.push(UserBackup {
            name: row.try_get("name")?,
            password_hash: row.try_get("password_hash")?,
            created_at: row.try_get("created_at")?,
            tokens,
            shelves,
            tags,
            book_ids: books.iter().map(|book| book.id).collect(),
            records: books.into_iter().map(Book::into_record).collect(),
        });
    }
    Ok(users)
}

/// Deletes every book and user (the rest goes with them through the foreign keys'
/// cascades) and writes `users` in their place, inside the caller's transaction.
async fn replace_all(conn: &mut Conn, users: &[UserBackup], replace: bool) -> StoreResult<()> {
    let existing: i64 = sqlx::query("SELECT COUNT(*) FROM users")
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    if existing > 0 && !replace {
        return Err(StoreError::NotEmpty { users: existing });
    }
    // SQLite's full-text table has no foreign key, so its rows are deleted by hand.
    sqlx::query("DELETE FROM book_search")
        .execute(&mut *conn)
        .await?;
    // Books go first: their contributor rows refer to authors without a cascade, so
    // a cascade from users could reach an author before the rows that refer to it.
    sqlx::query("DELETE FROM books").execute(&mut *conn).await?;
    sqlx::query("DELETE FROM users").execute(&mut *conn).await?;

    for backup in users {
        let result = sqlx::query(
            "INSERT INTO users (name, password_hash, created_at, library_revision) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(&backup.name)
        .bind(&backup.password_hash)
        .bind(&backup.created_at)
        .bind(first_revision())
        .fetch_one(&mut *conn)
        .await;
        let user = UserId(map_unique(result, "user name", &backup.name)?.try_get(0)?);
        for token in &backup.tokens {
            let result = sqlx::query(
                "INSERT INTO tokens (user_id, token_hash, label, created_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(user.0)
            .bind(&token.token_hash)
            .bind(&token.label)
            .bind(&token.created_at)
            .execute(&mut *conn)
            .await;
            map_unique(result, "token hash of user", &backup.name)?;
        }
        let mut cache = NameCache::default();
        for name in &backup.shelves {
            label_id(conn, user, LabelKind::Shelf, name, &mut cache).await?;
        }
        for name in &backup.tags {
            label_id(conn, user, LabelKind::Tag, name, &mut cache).await?;
        }
        let mut pending = PendingRows::for_import();
        // The books take their ids back, in record order, as the next ids to use.
        if backup.book_ids.len() == backup.records.len() {
            pending.free_ids = backup.book_ids.iter().copied().collect();
        }
        for record in &backup.records {
            add_new_book(conn, user, record, &mut cache, &mut pending).await?;
            if pending.is_full() {
                pending.flush(conn, user).await?;
            }
        }
        pending.flush(conn, user).await?;
    }
    book_ids_restored(conn).await
}
