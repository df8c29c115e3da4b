// The `Storage` implementation shared by both backends. Each backend module includes
// this file after defining `Db`, `Conn`, `Store`, `BACKEND` and its dialect functions.

#[async_trait]
impl Storage for Store {
    fn backend(&self) -> Backend {
        BACKEND
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn migrate(&self) -> StoreResult<()> {
        run_migrations(&self.pool).await?;
        rekey_pending_sort_keys(self).await?;
        rekey_pending_search(self).await
    }

    async fn create_user(&self, name: &str, password_hash: Option<&str>) -> StoreResult<User> {
        // Users are few and made by an administrator, so every name is compared. The
        // same name exactly is left to the unique index, which reports it as taken.
        let key = crate::auth::user_name_key(name);
        let names: Vec<String> = sqlx::query_scalar("SELECT name FROM users")
            .fetch_all(&self.pool)
            .await?;
        if let Some(existing) = names
            .into_iter()
            .find(|other| other != name && crate::auth::user_name_key(other) == key)
        {
            return Err(StoreError::UserNameLike {
                name: name.to_string(),
                existing,
            });
        }
        let result = sqlx::query(
            "INSERT INTO users (name, password_hash, created_at, library_revision) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(name)
        .bind(password_hash)
        .bind(now())
        .bind(first_revision())
        .fetch_one(&self.pool)
        .await;
        let id: i64 = map_unique(result, "user name", name)?.try_get(0)?;
        Ok(User {
            id,
            name: name.to_string(),
        })
    }

    async fn user_by_name(&self, name: &str) -> StoreResult<User> {
        Ok(self.password_hash(name).await?.0)
    }

    async fn password_hash(&self, name: &str) -> StoreResult<(User, Option<String>)> {
        let row = sqlx::query("SELECT id, name, password_hash FROM users WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("user"))?;
        let user = User {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
        };
        Ok((user, row.try_get("password_hash")?))
    }

    async fn add_token(&self, user: UserId, token_hash: &str, label: &str) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO tokens (user_id, token_hash, label, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(user.0)
        .bind(token_hash)
        .bind(label)
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn tokens(&self, user: UserId, current_hash: &str) -> StoreResult<Vec<TokenInfo>> {
        let rows = sqlx::query(
            "SELECT id, label, created_at, token_hash = $2 AS current FROM tokens \
             WHERE user_id = $1 ORDER BY id",
        )
        .bind(user.0)
        .bind(current_hash)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(TokenInfo {
                    id: row.try_get("id")?,
                    label: row.try_get("label")?,
                    created_at: row.try_get("created_at")?,
                    expires_at: None,
                    current: row.try_get("current")?,
                })
            })
            .collect()
    }

    async fn delete_token(&self, user: UserId, id: i64) -> StoreResult<()> {
        let deleted = sqlx::query("DELETE FROM tokens WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user.0)
            .execute(&self.pool)
            .await?
            .rows_affected();
        if deleted == 0 {
            return Err(StoreError::NotFound("token"));
        }
        Ok(())
    }

    async fn delete_tokens_issued_before(&self, cutoff: &str) -> StoreResult<u64> {
        let deleted = sqlx::query("DELETE FROM tokens WHERE created_at < $1")
            .bind(cutoff)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(deleted)
    }

    async fn token_owner(&self, token_hash: &str) -> StoreResult<(User, i64)> {
        let row = sqlx::query(
            "SELECT u.id, u.name, u.library_revision FROM tokens t \
             JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound("token"))?;
        let user = User {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
        };
        Ok((user, row.try_get("library_revision")?))
    }

    async fn token_owners(&self, token_hashes: &[String]) -> StoreResult<Vec<TokenOwner>> {
        // One text parameter for any number of hashes keeps a single compiled
        // statement, where an IN list would compile one per batch size.
        let hashes = serde_json::to_string(token_hashes)
            .map_err(|error| sqlx::Error::Encode(Box::new(error)))?;
        let rows = sqlx::query(TOKEN_OWNERS_SQL)
            .bind(hashes)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                Ok(TokenOwner {
                    token_hash: row.try_get("token_hash")?,
                    user: User {
                        id: row.try_get("id")?,
                        name: row.try_get("name")?,
                    },
                    revision: row.try_get("library_revision")?,
                })
            })
            .collect()
    }

    async fn create_book(&self, user: UserId, new: &NewBook) -> StoreResult<Book> {
        let mut tx = self.begin().await?;
        // A book added by hand enters the library today unless the caller says when.
        let mut entry = new.entry.clone().unwrap_or_default();
        if entry.date_added.is_none() {
            entry.date_added = Some(PartialDate::today());
        }
        let record = LibraryRecord {
            book: new.fields.clone(),
            entry,
            ..LibraryRecord::default()
        };
        reject_taken_isbn(&mut tx, user, record.book.isbn13.as_deref(), None).await?;
        let mut pending = PendingRows::default();
        let id = add_new_book(
            &mut tx,
            user,
            &record,
            &mut NameCache::default(),
            &mut pending,
        )
        .await?;
        pending.flush(&mut tx, user).await?;
        // A book added as being read has a read in progress, from the day it was
        // added, as a later change to that status would start one.
        if record.entry.status == ReadingStatus::Reading {
            let since = record.entry.date_added.unwrap_or_else(PartialDate::today);
            let change = (ReadingStatus::WantToRead, ReadingStatus::Reading);
            follow_status(&mut tx, user, id, change, since).await?;
        }
        let book = load_book(&mut tx, user, id).await?;
        commit_library(tx, user).await?;
        Ok(book)
    }

    async fn book(&self, user: UserId, id: i64) -> StoreResult<Book> {
        let mut conn = self.pool.acquire().await?;
        load_book(&mut conn, user, id).await
    }

    async fn list_books(&self, user: UserId, query: &BookQuery) -> StoreResult<Page<BookSummary>> {
        let mut conn = self.pool.acquire().await?;
        list_books(&mut conn, user, query).await
    }

    async fn search_library(
        &self,
        user: UserId,
        chunk: &mut (dyn FnMut(Vec<SearchableBook>) -> std::ops::ControlFlow<()> + Send),
    ) -> StoreResult<i64> {
        let mut tx = self.pool.begin_with(SNAPSHOT_BEGIN).await?;
        let revision = search_library(&mut tx, user, chunk).await?;
        tx.commit().await?;
        Ok(revision)
    }

    async fn update_book(
        &self,
        user: UserId,
        id: i64,
        version: i64,
        fields: &BookFields,
    ) -> StoreResult<Book> {
        let mut tx = self.begin().await?;
        bump_version(&mut tx, VersionedTable::Book, user, id, version).await?;
        reject_taken_isbn(&mut tx, user, fields.isbn13.as_deref(), Some(id)).await?;
        write_book_fields(&mut tx, user, id, fields, &mut NameCache::default()).await?;
        refresh_search(&mut tx, user, id).await?;
        let book = load_book(&mut tx, user, id).await?;
        commit_library(tx, user).await?;
        Ok(book)
    }

    async fn delete_book(
        &self,
        user: UserId,
        id: i64,
        version: i64,
        entry_version: Option<i64>,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        check_version(&mut tx, VersionedTable::Book, user, id, version).await?;
        if let Some(entry_version) = entry_version {
            check_version(&mut tx, VersionedTable::Entry, user, id, entry_version).await?;
        }
        delete_search(&mut tx, id).await?;
        // The versions are checked again in the delete itself: under PostgreSQL's
        // read committed, a write committed after the checks above is seen here.
        let deleted = sqlx::query(
            "DELETE FROM books WHERE id = $1 AND user_id = $2 AND version = $3 \
             AND ($4 IS NULL OR EXISTS (SELECT 1 FROM entries e \
                  WHERE e.book_id = $1 AND e.version = $4))",
        )
        .bind(id)
        .bind(user.0)
        .bind(version)
        .bind(entry_version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if deleted == 0 {
            drop(tx);
            let mut conn = self.pool.acquire().await?;
            check_version(&mut conn, VersionedTable::Book, user, id, version).await?;
            if let Some(entry_version) = entry_version {
                check_version(&mut conn, VersionedTable::Entry, user, id, entry_version).await?;
            }
            return Err(StoreError::NotFound("book"));
        }
        commit_library(tx, user).await?;
        Ok(())
    }

    async fn merge_books(
        &self,
        user: UserId,
        into: i64,
        from: i64,
        version: i64,
    ) -> StoreResult<MergedBook> {
        let mut tx = self.begin().await?;
        lock_library(&mut tx, user).await?;
        check_version(&mut tx, VersionedTable::Book, user, into, version).await?;
        let target = load_book(&mut tx, user, into).await?;
        // Checked after the book is found, so another user's id reads as not found.
        if into == from {
            return Err(StoreError::Invalid {
                field: "from",
                reason: crate::msg!(
                    "merge-same-book",
                    "{id} is the book itself; give the id of the other copy",
                    id = from
                ),
            });
        }
        let source = match load_book(&mut tx, user, from).await {
            Err(StoreError::NotFound(_)) => {
                return Err(StoreError::Invalid {
                    field: "from",
                    reason: crate::msg!(
                        "merge-from-missing",
                        "book {id} is not in this library",
                        id = from
                    ),
                });
            }
            other => other?,
        };
        let mut not_kept = merge_losses(&target, &source);
        let entry = merged_entry(&target.entry.fields, &source.entry.fields);
        validate::entry(&entry).map_err(|error| match error {
            StoreError::Invalid { field, reason } => StoreError::Invalid {
                field,
                reason: crate::msg!(
                    "merge-joined-invalid",
                    "the two books' texts joined: {reason}; shorten one of them first",
                    reason = reason
                ),
            },
            other => other,
        })?;

        // The copy goes first, so that identifiers it passes on, such as an ISBN,
        // are no longer taken when the kept book receives them.
        delete_search(&mut tx, from).await?;
        sqlx::query("DELETE FROM books WHERE id = $1 AND user_id = $2")
            .bind(from)
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        bump_version(&mut tx, VersionedTable::Book, user, into, version).await?;
        if entry != target.entry.fields {
            write_entry(&mut tx, into, &entry).await?;
            sqlx::query("UPDATE entries SET version = version + 1 WHERE book_id = $1")
                .bind(into)
                .execute(&mut *tx)
                .await?;
        }

        // Fields, readings, shelves and tags, as an import merges a matching row. A
        // book has one reading open at most, so one open reading of the copy comes
        // over when the kept book has none, and the others are listed. A book that
        // stays read or given up has ended its reading, so it takes none. One that
        // stays want to read takes it, because the copy is deleted with its reading.
        let target = load_book(&mut tx, user, into).await?;
        let mut record = source.into_record();
        let can_open = !matches!(
            entry.status,
            ReadingStatus::Read | ReadingStatus::DidNotFinish
        ) && !target.readings.iter().any(|r| reading_is_open(&r.fields));
        let mut opened = false;
        record.readings.retain(|reading| {
            if !reading_is_open(reading) || (can_open && !opened) {
                opened |= reading_is_open(reading);
                return true;
            }
            not_kept.push(NotKept {
                field: "readings".to_string(),
                value: crate::msg!(
                    "merge-open-reading",
                    "a reading started {started} and not finished",
                    started = reading.started.map(|d| d.to_string()).unwrap_or_default()
                ),
            });
            false
        });
        let mut cache = NameCache::folding_labels();
        merge_record(&mut tx, user, target, &record, &mut cache).await?;
        refresh_search(&mut tx, user, into).await?;
        let book = load_book(&mut tx, user, into).await?;
        commit_library(tx, user).await?;
        Ok(MergedBook { book, not_kept })
    }

    async fn update_entry(
        &self,
        user: UserId,
        book_id: i64,
        version: i64,
        patch: &EntryPatch,
    ) -> StoreResult<Entry> {
        let mut tx = self.begin().await?;
        check_version(&mut tx, VersionedTable::Entry, user, book_id, version).await?;
        let loaded = load_book(&mut tx, user, book_id).await?;
        let before = loaded.entry;
        let mut fields = before.fields.clone();
        let status_before = fields.status;
        apply_entry_patch(&mut fields, patch)?;

        // A patch that changes nothing keeps the version, so a client that resends
        // its last change does not make every other client's copy stale.
        if fields == before.fields {
            return Ok(before);
        }

        bump_version(&mut tx, VersionedTable::Entry, user, book_id, version).await?;
        write_entry(&mut tx, book_id, &fields).await?;
        if fields.status != status_before {
            let date = match patch.status_date {
                Some(date) => date,
                None => default_status_date(&mut tx, user, book_id).await?,
            };
            let change = (status_before, fields.status);
            let ended = follow_status(&mut tx, user, book_id, change, date).await?;
            // A book marked read or given up on a date the reader gives, with no
            // reading open to end, was read then: without a reading it counted in no
            // year, and the date was dropped without a word. A reading that already
            // ended that day is that read. Without a date the read stays undated, as
            // a read book's read from an import is.
            let reading = match fields.status {
                ReadingStatus::Read => Some(ReadingFields {
                    finished: Some(date),
                    ..ReadingFields::default()
                }),
                ReadingStatus::DidNotFinish => Some(ReadingFields {
                    stopped: Some(date),
                    ..ReadingFields::default()
                }),
                _ => None,
            };
            if let Some(reading) = reading
                && patch.status_date.is_some()
                && !ended
                && !loaded.readings.iter().any(|r| {
                    (r.fields.finished, r.fields.stopped) == (reading.finished, reading.stopped)
                })
            {
                insert_reading(&mut tx, user, book_id, &reading).await?;
            }
        }
        if patch.review.is_some() {
            refresh_search(&mut tx, user, book_id).await?;
        }
        let entry = load_book(&mut tx, user, book_id).await?.entry;
        commit_library(tx, user).await?;
        Ok(entry)
    }

    async fn add_reading(
        &self,
        user: UserId,
        book_id: i64,
        fields: &ReadingFields,
    ) -> StoreResult<Reading> {
        validate_reading(fields)?;
        let mut tx = self.begin().await?;
        owned_book(&mut tx, user, book_id).await?;
        check_progress_pages(
            &mut tx,
            fields,
            "SELECT pages FROM books WHERE id = $1",
            book_id,
        )
        .await?;
        check_one_open_reading(&mut tx, fields, book_id, None).await?;
        let id = insert_reading(&mut tx, user, book_id, fields).await?;
        let reading = load_reading(&mut tx, user, id).await?;
        touch_entry(&mut tx, user, book_id).await?;
        commit_library(tx, user).await?;
        Ok(reading)
    }

    async fn reading(&self, user: UserId, id: i64) -> StoreResult<Reading> {
        let mut conn = self.pool.acquire().await?;
        load_reading(&mut conn, user, id).await
    }

    async fn update_reading(
        &self,
        user: UserId,
        id: i64,
        version: i64,
        fields: &ReadingFields,
    ) -> StoreResult<Reading> {
        validate_reading(fields)?;
        let mut tx = self.begin().await?;
        bump_version(&mut tx, VersionedTable::Reading, user, id, version).await?;
        check_progress_pages(
            &mut tx,
            fields,
            "SELECT b.pages FROM readings r JOIN books b ON b.id = r.book_id WHERE r.id = $1",
            id,
        )
        .await?;
        let book_id: i64 = sqlx::query_scalar("SELECT book_id FROM readings WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        check_one_open_reading(&mut tx, fields, book_id, Some(id)).await?;
        sqlx::query(
            "UPDATE readings SET started = $1, finished = $2, stopped = $3, progress = $4, \
             progress_unit = $5 WHERE id = $6",
        )
        .bind(fields.started.map(|date| date.to_string()))
        .bind(fields.finished.map(|date| date.to_string()))
        .bind(fields.stopped.map(|date| date.to_string()))
        .bind(fields.progress)
        .bind(fields.progress_unit.map(progress_unit_str))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let reading = load_reading(&mut tx, user, id).await?;
        touch_entry(&mut tx, user, book_id).await?;
        commit_library(tx, user).await?;
        Ok(reading)
    }

    async fn delete_reading(&self, user: UserId, id: i64, version: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        check_version(&mut tx, VersionedTable::Reading, user, id, version).await?;
        let book_id: i64 =
            sqlx::query_scalar("DELETE FROM readings WHERE id = $1 RETURNING book_id")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        touch_entry(&mut tx, user, book_id).await?;
        commit_library(tx, user).await?;
        Ok(())
    }

    async fn labels(&self, user: UserId, kind: LabelKind) -> StoreResult<Vec<Label>> {
        let mut conn = self.pool.acquire().await?;
        list_labels(&mut conn, user, kind, None, i64::MAX).await
    }

    async fn label_page(
        &self,
        user: UserId,
        kind: LabelKind,
        after: Option<&str>,
        limit: u32,
    ) -> StoreResult<Page<Label>> {
        let mut conn = self.pool.acquire().await?;
        let mut items = list_labels(&mut conn, user, kind, after, i64::from(limit) + 1).await?;
        let next_cursor = if items.len() > limit as usize {
            items.truncate(limit as usize);
            items.last().map(|label| label.name.clone())
        } else {
            None
        };
        let total: i64 = sqlx::query(label_sql(kind).count)
            .bind(user.0)
            .fetch_one(&mut *conn)
            .await?
            .try_get(0)?;
        Ok(Page {
            items,
            next_cursor,
            total,
            total_exact: true,
        })
    }

    async fn label(&self, user: UserId, kind: LabelKind, id: i64) -> StoreResult<Label> {
        let mut conn = self.pool.acquire().await?;
        load_label(&mut conn, user, kind, id).await
    }

    async fn create_label(&self, user: UserId, kind: LabelKind, name: &str) -> StoreResult<Label> {
        let name = new_label_name(kind, name)?;
        let mut tx = self.begin().await?;
        reject_case_twin(&mut tx, user, kind, &name, None).await?;
        let result = sqlx::query(label_sql(kind).insert)
            .bind(user.0)
            .bind(&name)
            .bind(now())
            .fetch_one(&mut *tx)
            .await;
        let id: i64 = map_unique(result, label_field(kind), &name)?.try_get(0)?;
        let label = load_label(&mut tx, user, kind, id).await?;
        commit_library(tx, user).await?;
        Ok(label)
    }

    async fn rename_label(
        &self,
        user: UserId,
        kind: LabelKind,
        id: i64,
        version: i64,
        name: &str,
    ) -> StoreResult<Label> {
        let name = new_label_name(kind, name)?;
        let mut tx = self.begin().await?;
        bump_version(&mut tx, VersionedTable::Label(kind), user, id, version).await?;
        reject_case_twin(&mut tx, user, kind, &name, Some(id)).await?;
        let result = sqlx::query(label_sql(kind).rename)
            .bind(&name)
            .bind(id)
            .execute(&mut *tx)
            .await;
        map_unique(result, label_field(kind), &name)?;
        refresh_label_books(&mut tx, user, kind, id).await?;
        let label = load_label(&mut tx, user, kind, id).await?;
        commit_library(tx, user).await?;
        Ok(label)
    }

    async fn delete_label(
        &self,
        user: UserId,
        kind: LabelKind,
        id: i64,
        version: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        check_version(&mut tx, VersionedTable::Label(kind), user, id, version).await?;
        let books = label_book_ids(&mut tx, kind, id).await?;
        sqlx::query(label_sql(kind).delete)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        for book_id in books {
            refresh_search(&mut tx, user, book_id).await?;
        }
        commit_library(tx, user).await?;
        Ok(())
    }

    async fn attach_label(
        &self,
        user: UserId,
        kind: LabelKind,
        label_id: i64,
        book_id: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        load_label(&mut tx, user, kind, label_id).await?;
        owned_book(&mut tx, user, book_id).await?;
        let attached = sqlx::query(label_sql(kind).attach)
            .bind(book_id)
            .bind(label_id)
            .execute(&mut *tx)
            .await?;
        if attached.rows_affected() > 0 {
            sqlx::query(label_sql(kind).touch)
                .bind(label_id)
                .execute(&mut *tx)
                .await?;
        }
        refresh_search(&mut tx, user, book_id).await?;
        commit_library(tx, user).await?;
        Ok(())
    }

    async fn detach_label(
        &self,
        user: UserId,
        kind: LabelKind,
        label_id: i64,
        book_id: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        load_label(&mut tx, user, kind, label_id).await?;
        owned_book(&mut tx, user, book_id).await?;
        let detached = sqlx::query(label_sql(kind).detach)
            .bind(book_id)
            .bind(label_id)
            .execute(&mut *tx)
            .await?;
        if detached.rows_affected() > 0 {
            sqlx::query(label_sql(kind).touch)
                .bind(label_id)
                .execute(&mut *tx)
                .await?;
        }
        refresh_search(&mut tx, user, book_id).await?;
        commit_library(tx, user).await?;
        Ok(())
    }

    async fn stats(&self, user: UserId, year: Option<i32>) -> StoreResult<Stats> {
        let mut conn = self.pool.acquire().await?;
        compute_stats(&mut conn, user, year).await
    }

    async fn import(&self, user: UserId, parsed: &ParsedImport) -> StoreResult<ImportReport> {
        let mut tx = self.begin().await?;
        lock_library(&mut tx, user).await?;
        set_bulk_cache(&mut tx, true).await?;
        let result = apply_import(&mut tx, user, parsed).await;
        // The connection goes back to the pool, so it must not keep the larger cache.
        set_bulk_cache(&mut tx, false).await?;
        let report = result?;
        commit_library(tx, user).await?;
        refresh_statistics(&self.pool, report.imported + report.flagged).await;
        Ok(report)
    }

    async fn export(&self, user: UserId) -> StoreResult<Vec<LibraryRecord>> {
        let mut conn = self.pool.acquire().await?;
        let books = load_books(&mut conn, user, None).await?;
        Ok(books.into_iter().map(Book::into_record).collect())
    }

    async fn snapshot(&self) -> StoreResult<Vec<UserBackup>> {
        let mut tx = self.pool.begin_with(SNAPSHOT_BEGIN).await?;
        let users = read_snapshot(&mut tx).await?;
        tx.commit().await?;
        Ok(users)
    }

    async fn restore(&self, users: &[UserBackup], replace: bool) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        set_bulk_cache(&mut tx, true).await?;
        let result = replace_all(&mut tx, users, replace).await;
        set_bulk_cache(&mut tx, false).await?;
        result?;
        tx.commit().await?;
        let books = users.iter().map(|user| user.records.len()).sum();
        refresh_statistics(&self.pool, books).await;
        Ok(())
    }

    async fn create_report_job(&self, user: UserId, spec: &ReportSpec) -> StoreResult<ReportJob> {
        create_report_job(&self.pool, user, spec).await
    }

    async fn report_job(&self, user: UserId, id: i64) -> StoreResult<ReportJob> {
        report_job(&self.pool, user, id).await
    }

    async fn claim_report_job(
        &self,
        worker: &str,
        lease: std::time::Duration,
        only: Option<i64>,
    ) -> StoreResult<Option<ReportJob>> {
        claim_report_job(&self.pool, worker, lease, only).await
    }

    async fn finish_report_job(&self, job: &ReportJob, outcome: &JobOutcome) -> StoreResult<bool> {
        finish_report_job(&self.pool, job, outcome).await
    }

    async fn report_queue_depth(&self) -> StoreResult<i64> {
        report_queue_depth(&self.pool).await
    }

    async fn vacuum_into(&self, path: &std::path::Path) -> StoreResult<()> {
        vacuum_into(&self.pool, path).await
    }
}

/// Moves `user`'s library revision on and commits, so that list pages cached under the
/// old revision, on this server or any other, are not served again. The revision
/// moves last, so the write locks the user's row only while it commits, and no
/// write waits for another while it has that row locked.
async fn commit_library(mut tx: sqlx::Transaction<'static, Db>, user: UserId) -> StoreResult<()> {
    sqlx::query("UPDATE users SET library_revision = library_revision + 1 WHERE id = $1")
        .bind(user.0)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Returns the first revision of a new user's library. A random start keeps a user id
/// that comes back, after a restore that replaced every user, from meeting a page
/// that a server cached for the earlier user under the same number. A quarter of the
/// range leaves room for every write that will follow.
fn first_revision() -> i64 {
    (rand::random::<u64>() >> 2) as i64
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Turns a unique-constraint violation into `Duplicate` naming the field.
fn map_unique<T>(
    result: Result<T, sqlx::Error>,
    field: &'static str,
    value: &str,
) -> StoreResult<T> {
    match result {
        Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
            Err(StoreError::Duplicate {
                field,
                value: value.to_string(),
            })
        }
        other => Ok(other?),
    }
}
