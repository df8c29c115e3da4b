// Applying a parsed import inside one transaction. Included by each backend module.

/// Index of the library's books by every key an incoming record can match.
#[derive(Default)]
struct MatchIndex {
    isbn13: HashMap<String, i64>,
    goodreads: HashMap<String, i64>,
    asin: HashMap<String, i64>,
    librarything: HashMap<String, i64>,
    by_key: HashMap<String, Vec<i64>>,
    identifiers: HashMap<i64, Identifiers>,
}

/// The identifiers of one book, to tell a different edition from the same one.
#[derive(Clone, Default)]
struct Identifiers {
    isbn13: Option<String>,
    goodreads: Option<String>,
    asin: Option<String>,
    librarything: Option<String>,
}

impl Identifiers {
    fn of(fields: &BookFields) -> Self {
        Self {
            isbn13: fields.isbn13.clone(),
            goodreads: fields.goodreads_id.clone(),
            asin: fields.asin.clone(),
            librarything: fields.librarything_id.clone(),
        }
    }

    /// True when both sides carry the same kind of identifier with different values.
    fn conflicts(&self, other: &Self) -> bool {
        let differ =
            |a: &Option<String>, b: &Option<String>| matches!((a, b), (Some(a), Some(b)) if a != b);
        differ(&self.isbn13, &other.isbn13)
            || differ(&self.goodreads, &other.goodreads)
            || differ(&self.asin, &other.asin)
            || differ(&self.librarything, &other.librarything)
    }
}

impl MatchIndex {
    async fn load(conn: &mut Conn, user: UserId) -> StoreResult<Self> {
        let rows = sqlx::query(
            "SELECT id, isbn13, goodreads_id, asin, librarything_id, match_key FROM books \
             WHERE user_id = $1",
        )
        .bind(user.0)
        .fetch_all(&mut *conn)
        .await?;
        let mut index = Self::default();
        for row in rows {
            let identifiers = Identifiers {
                isbn13: row.try_get("isbn13")?,
                goodreads: row.try_get("goodreads_id")?,
                asin: row.try_get("asin")?,
                librarything: row.try_get("librarything_id")?,
            };
            index.add(row.try_get("id")?, identifiers, row.try_get("match_key")?);
        }
        Ok(index)
    }

    fn add(&mut self, id: i64, identifiers: Identifiers, key: String) {
        let pairs = [
            (&mut self.isbn13, &identifiers.isbn13),
            (&mut self.goodreads, &identifiers.goodreads),
            (&mut self.asin, &identifiers.asin),
            (&mut self.librarything, &identifiers.librarything),
        ];
        for (map, value) in pairs {
            if let Some(value) = value {
                map.entry(value.clone()).or_insert(id);
            }
        }
        self.by_key.entry(key).or_default().push(id);
        self.identifiers.insert(id, identifiers);
    }

    /// Records identifiers that a merge filled in on book `id`, so a later row with
    /// one of them matches this book instead of colliding with it.
    fn fill_identifiers(&mut self, id: i64, incoming: &BookFields) {
        let known = self.identifiers.entry(id).or_default();
        let pairs = [
            (&mut self.isbn13, &mut known.isbn13, &incoming.isbn13),
            (
                &mut self.goodreads,
                &mut known.goodreads,
                &incoming.goodreads_id,
            ),
            (&mut self.asin, &mut known.asin, &incoming.asin),
            (
                &mut self.librarything,
                &mut known.librarything,
                &incoming.librarything_id,
            ),
        ];
        for (map, have, new) in pairs {
            if let (None, Some(value)) = (have.as_ref(), new) {
                *have = Some(value.clone());
                map.entry(value.clone()).or_insert(id);
            }
        }
    }

    /// Finds the book a record is certainly the same as, or the reason it may be a
    /// duplicate of others. Books in `claimed`, which earlier records of the file
    /// created or matched, are never the same as the record by title and author. In
    /// an archive, which has one record per book, they are not the same by an
    /// identifier either. In other files two rows with one ISBN are one book, because
    /// the library can store an ISBN only once.
    fn find(&self, fields: &BookFields, key: &str, claimed: &HashSet<i64>, archive: bool) -> Match {
        let incoming = Identifiers::of(fields);
        let lookups = [
            ("ISBN", &self.isbn13, &incoming.isbn13),
            ("Goodreads id", &self.goodreads, &incoming.goodreads),
            ("ASIN", &self.asin, &incoming.asin),
            (
                "LibraryThing id",
                &self.librarything,
                &incoming.librarything,
            ),
        ];
        for (name, map, value) in lookups {
            let found = value.as_ref().and_then(|value| map.get(value));
            if let Some(id) = found.filter(|id| !archive || !claimed.contains(id)) {
                return Match::Same(
                    *id,
                    crate::msg!(
                        "merge-same-identifier",
                        "same {name} as book {id}",
                        name = name,
                        id = id
                    ),
                );
            }
        }
        let candidates = self.by_key.get(key).map(Vec::as_slice).unwrap_or_default();
        let open: Vec<i64> = candidates
            .iter()
            .copied()
            .filter(|id| !claimed.contains(id))
            .collect();
        match (candidates, open.as_slice()) {
            ([], _) => Match::New,
            (ids, []) => Match::Taken(ids.to_vec()),
            (ids, open) => {
                let fitting: Vec<i64> = open
                    .iter()
                    .copied()
                    .filter(|id| !self.identifiers[id].conflicts(&incoming))
                    .collect();
                match fitting.as_slice() {
                    [id] => Match::Same(
                        *id,
                        crate::msg!(
                            "merge-same-title",
                            "same title and author as book {id}",
                            id = id
                        ),
                    ),
                    [] => {
                        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
                        Match::Possible(crate::msg!(
                            "flag-possible-duplicate",
                            "possible duplicate of book {ids}: same title and author but \
                             different identifiers; review and merge by hand if they are one \
                             edition",
                            ids = list.join(", ")
                        ))
                    }
                    _ => Match::Several(fitting),
                }
            }
        }
    }
}

enum Match {
    New,
    Same(i64, String),
    Possible(String),
    /// Several books have the record's title and author, and none has an identifier
    /// that differs from the record's, as when a library contains two hand-entered
    /// copies. [`apply_import`] picks one.
    Several(Vec<i64>),
    /// Every book with the record's title and author was added or matched by an
    /// earlier record of the same file.
    Taken(Vec<i64>),
}

async fn apply_import(
    conn: &mut Conn,
    user: UserId,
    parsed: &ParsedImport,
) -> StoreResult<ImportReport> {
    let mut report = ImportReport::new(parsed.format, parsed.notes.clone());
    let mut index = MatchIndex::load(conn, user).await?;
    let mut cache = NameCache::folding_labels();
    let mut pending = PendingRows::for_import();
    // Books already in the library, loaded in a few queries when the first row merges.
    // A merged book leaves this map, so a second merge into it reloads what the first
    // one wrote.
    let mut existing: HashMap<i64, Book> = HashMap::new();
    let mut loaded_existing = false;
    // A file lists each book once: an archive has one record per book, and the CSV
    // exports one row per book, with re-reads as dates of that row. So two records
    // are two books even when they share a title and an author, as hand-entered
    // copies may. Each book is then matched by one record at most: the books that
    // earlier records created or matched are claimed.
    let archive = parsed.format == crate::import::ImportFormat::Archive;
    let mut claimed: HashSet<i64> = HashSet::new();
    for rejection in &parsed.rejected {
        report.reject(rejection);
    }
    let tags = if parsed.format == crate::import::ImportFormat::Goodreads {
        tags_not_shelves(conn, user).await?
    } else {
        HashSet::new()
    };

    for row in &parsed.rows {
        let (record, mut reading_problems) = repair_readings(&row.record);
        let (record, text_problems) = shed_large_texts(record);
        reading_problems.extend(text_problems);
        let (record, line_problems) = replace_control_characters(record);
        reading_problems.extend(line_problems);
        let (record, credit_problems) = shed_extra_contributors(record);
        reading_problems.extend(credit_problems);
        let record = shelves_back_to_tags(record, &tags);
        let record = &record;
        let checked = validate::book(&record.book)
            .and(validate::entry(&record.entry))
            .and(record_label_names(record));
        if let Err(error) = checked {
            report.push(RowReport {
                row: row.row,
                outcome: RowOutcome::Rejected,
                book_id: None,
                title: Some(record.book.title.clone()),
                reason: Some(error.to_string()),
                notes: row.notes.clone(),
            });
            continue;
        }
        // The key must be the one stored with each book, which names the first
        // author, not the first contributor: a narrator listed first would otherwise
        // keep a record from ever meeting its own book.
        let key = crate::normalize::match_key(&record.book.title, first_author(&record.book));
        let mut found = index.find(&record.book, &key, &claimed, archive);
        // Among several books that fit, the one with the record's own details is the
        // record's book. Otherwise it is the first in the order the library stored
        // them, because its own export lists them in that order. An archive record
        // that differs in an identifier may still match one book in every field.
        let several = matches!(found, Match::Several(_));
        if several || (archive && matches!(found, Match::Possible(_))) {
            if !loaded_existing {
                existing = load_all_books(conn, user).await?;
                loaded_existing = true;
            }
            if let Some(id) = identical_book(&index, &existing, &claimed, &record.book, &key) {
                found = Match::Same(
                    id,
                    crate::msg!("merge-same-fields", "same details as book {id}", id = id),
                );
            }
        }
        found = match found {
            Match::Several(ids) => Match::Same(
                ids[0],
                crate::msg!(
                    "merge-same-title",
                    "same title and author as book {id}",
                    id = ids[0]
                ),
            ),
            Match::Taken(ids) => {
                let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
                let ids = ids.join(", ");
                Match::Possible(if archive {
                    crate::msg!(
                        "flag-taken-in-archive",
                        "same title and author as book {ids}, which an earlier record of \
                         this archive added or matched; kept as a book of its own, as in \
                         the archive",
                        ids = ids
                    )
                } else {
                    crate::msg!(
                        "flag-taken-in-file",
                        "same title and author as book {ids}, which an earlier row of this \
                         file added or matched; kept as a book of its own, as in the file; \
                         merge them by hand if they are one book",
                        ids = ids
                    )
                })
            }
            other => other,
        };
        if let Match::Same(id, _) = &found {
            claimed.insert(*id);
        }
        let (outcome, book_id, mut reasons) = match found {
            Match::Same(id, reason) => {
                if !loaded_existing {
                    existing = load_all_books(conn, user).await?;
                    loaded_existing = true;
                }
                // The book may have been added earlier in this file and still be queued.
                pending.flush(conn, user).await?;
                let book = match existing.remove(&id) {
                    Some(book) => book,
                    None => load_book(conn, user, id).await?,
                };
                let mut reasons = vec![reason];
                // An archive carries every value as the library stored it, so a value
                // that differs is an edit, which the merge does not take: the library
                // keeps its own. The row names them, because the reader meant them.
                if archive {
                    reasons.extend(edits_not_taken(&book, record));
                } else if crate::normalize::match_key(
                    &book.fields.title,
                    first_author(&book.fields),
                ) != key
                {
                    // Matched by an identifier, though the title or the author
                    // differs: one of the two may have a wrong ISBN, and the merge
                    // keeps the library's title and author without a word otherwise.
                    reasons.push(crate::msg!(
                        "merge-identity-differs",
                        "the file names it {title} by {author}, which the library's book \
                         is not; the library kept its own title and author, so check the \
                         identifier if these are different books",
                        title = format!("{:?}", record.book.title),
                        author = format!("{:?}", first_author(&record.book))
                    ));
                }
                let (record, second_open) = keep_one_open_reading(&book, record);
                reasons.extend(second_open);
                let record = &*record;
                merge_record(conn, user, book, record, &mut cache).await?;
                index.fill_identifiers(id, &record.book);
                (RowOutcome::Merged, id, reasons)
            }
            found => {
                // An archive has one record per book, so a record whose ISBN-13 an
                // earlier record took is a book of its own. The library keeps an
                // ISBN-13 on one book only, so this one comes in without it.
                let unshared;
                let record: &LibraryRecord = match record
                    .book
                    .isbn13
                    .as_ref()
                    .and_then(|isbn| Some((isbn, index.isbn13.get(isbn)?)))
                {
                    Some((isbn, other)) => {
                        reading_problems.push(crate::msg!(
                            "problem-isbn-on-earlier-record",
                            "isbn13: {isbn} is already on book {id}, which an earlier record \
                             of this file added or matched; the book was added without it",
                            isbn = isbn,
                            id = other.to_string()
                        ));
                        let mut copy = LibraryRecord::clone(record);
                        copy.book.isbn13 = None;
                        copy.book.isbn10 = None;
                        unshared = copy;
                        &unshared
                    }
                    None => record,
                };
                let id = add_new_book(conn, user, record, &mut cache, &mut pending).await?;
                if pending.is_full() {
                    pending.flush_batches(conn, user).await?;
                }
                index.add(id, Identifiers::of(&record.book), key);
                claimed.insert(id);
                match found {
                    Match::Possible(reason) => (RowOutcome::Flagged, id, vec![reason]),
                    _ => (RowOutcome::Imported, id, Vec::new()),
                }
            }
        };
        reasons.extend(row.problems.iter().cloned());
        reasons.extend(reading_problems.iter().cloned());
        let has_problems = !row.problems.is_empty() || !reading_problems.is_empty();
        let outcome = if outcome == RowOutcome::Imported && has_problems {
            RowOutcome::Flagged
        } else {
            outcome
        };
        report.push(RowReport {
            row: row.row,
            outcome,
            book_id: Some(book_id),
            title: Some(record.book.title.clone()),
            reason: (!reasons.is_empty()).then(|| reasons.join("; ")),
            notes: row.notes.clone(),
        });
    }
    pending.flush(conn, user).await?;
    report.rows.sort_by_key(|row| row.row);
    Ok(report)
}

/// Loads the library's books by id, for merges and for comparing archive records.
async fn load_all_books(conn: &mut Conn, user: UserId) -> StoreResult<HashMap<i64, Book>> {
    Ok(load_books(conn, user, None)
        .await?
        .into_iter()
        .map(|book| (book.id, book))
        .collect())
}

/// Picks, among the books with the record's title and author that no earlier record
/// took, the first whose details are the record's own. An archive re-imported into the
/// library it came from then matches each of two same-titled books to its own record.
fn identical_book(
    index: &MatchIndex,
    existing: &HashMap<i64, Book>,
    claimed: &HashSet<i64>,
    fields: &BookFields,
    key: &str,
) -> Option<i64> {
    index
        .by_key
        .get(key)?
        .iter()
        .copied()
        .filter(|id| !claimed.contains(id))
        .find(|id| existing.get(id).is_some_and(|book| book.fields == *fields))
}

/// Completes `book` from `record` without overwriting what the reader already has:
/// empty fields are filled, shelves and tags are added, and readings the book does
/// not have yet are added. Writes nothing when the record brings nothing new, so an
/// import repeated adds nothing.
async fn merge_record(
    conn: &mut Conn,
    user: UserId,
    book: Book,
    record: &LibraryRecord,
    cache: &mut NameCache,
) -> StoreResult<()> {
    let id = book.id;
    let mut fields = book.fields.clone();
    fill_book(&mut fields, &record.book);
    let mut entry = book.entry.fields.clone();
    fill_entry(&mut entry, &record.entry);

    let mut changed = false;
    if fields != book.fields {
        write_book_fields(conn, user, id, &fields, cache).await?;
        sqlx::query("UPDATE books SET version = version + 1 WHERE id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
        changed = true;
    }
    if entry != book.entry.fields {
        write_entry(conn, id, &entry).await?;
        sqlx::query("UPDATE entries SET version = version + 1 WHERE book_id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
        changed = true;
    }

    // A reading is new unless the book has one with the same dates, or one with every
    // date that the incoming reading has. A Goodreads file keeps only the last finish
    // date and a count of reads, so the library's own export comes back with fewer
    // dates than the library has. Same dates are matched first, so that a reading
    // with fewer dates cannot take the one that another matches exactly.
    let mut existing: Vec<Option<&ReadingFields>> =
        book.readings.iter().map(|r| Some(&r.fields)).collect();
    let mut unmatched = Vec::new();
    for reading in &record.readings {
        match existing
            .iter()
            .position(|r| r.is_some_and(|r| same_dates(r, reading)))
        {
            Some(position) => existing[position] = None,
            None => unmatched.push(reading),
        }
    }
    // A read book without readings stands for one read already. The library's own
    // Goodreads export writes it as a count of 0, which the import reads as one
    // undated reading, so that reading is the same read.
    let mut read_without_readings =
        book.readings.is_empty() && book.entry.fields.status == ReadingStatus::Read;
    for reading in unmatched {
        let undated =
            reading.started.is_none() && reading.finished.is_none() && reading.stopped.is_none();
        if undated && std::mem::take(&mut read_without_readings) {
            continue;
        }
        match existing
            .iter()
            .position(|r| r.is_some_and(|r| has_dates_of(r, reading)))
        {
            Some(position) => existing[position] = None,
            None => {
                insert_reading(conn, user, id, reading).await?;
            }
        }
    }

    for (kind, names, have) in [
        (LabelKind::Shelf, &record.shelves, &book.shelves),
        (LabelKind::Tag, &record.tags, &book.tags),
    ] {
        for name in names.iter().filter(|name| !have.contains(name)) {
            let label = label_id(conn, user, kind, name, cache).await?;
            let attached = sqlx::query(label_sql(kind).attach)
                .bind(id)
                .bind(label)
                .execute(&mut *conn)
                .await?;
            if attached.rows_affected() > 0 {
                sqlx::query(label_sql(kind).touch)
                    .bind(label)
                    .execute(&mut *conn)
                    .await?;
            }
            changed |= kind == LabelKind::Tag;
        }
    }
    if changed {
        refresh_search(conn, user, id).await?;
    }
    Ok(())
}

/// Words the values of an archive record that differ from its book's and that the
/// merge does not take, or nothing when there are none.
fn edits_not_taken(book: &Book, record: &LibraryRecord) -> Option<String> {
    let mut fields: Vec<String> = value_losses(
        (&book.fields, &book.entry.fields),
        (&record.book, &record.entry),
    )
    .into_iter()
    .map(|lost| lost.field)
    .collect();
    let (have, other) = (&book.entry.fields, &record.entry);
    for (field, have, other) in [
        ("entry.review", &have.review, &other.review),
        (
            "entry.private_notes",
            &have.private_notes,
            &other.private_notes,
        ),
    ] {
        if let (Some(have), Some(other)) = (have, other)
            && have.trim() != other.trim()
        {
            fields.push(field.to_string());
        }
    }
    (!fields.is_empty()).then(|| {
        crate::msg!(
            "merge-edits-not-taken",
            "the library kept its own values of {fields}, and the file has others; a \
             merge fills only empty fields, so edit the book itself to change them",
            fields = fields.join(", ")
        )
    })
}

/// Lists the values of `from` that `into` already has otherwise, which a merge of
/// `from` into `into` leaves out.
fn merge_losses(into: &Book, from: &Book) -> Vec<NotKept> {
    value_losses(
        (&into.fields, &into.entry.fields),
        (&from.fields, &from.entry.fields),
    )
}

/// Lists the values of the book and entry `from` that `into` already has otherwise.
fn value_losses(
    into: (&BookFields, &EntryFields),
    from: (&BookFields, &EntryFields),
) -> Vec<NotKept> {
    let mut lost = Vec::new();
    let mut differs = |field: &str, have: Option<String>, other: Option<String>| {
        if let (Some(have), Some(other)) = (have, other)
            && have != other
        {
            lost.push(NotKept {
                field: field.to_string(),
                value: other,
            });
        }
    };
    let (a, b) = (into.0, from.0);
    differs("title", Some(a.title.clone()), Some(b.title.clone()));
    for (field, have, other) in [
        ("subtitle", &a.subtitle, &b.subtitle),
        ("isbn10", &a.isbn10, &b.isbn10),
        ("isbn13", &a.isbn13, &b.isbn13),
        ("asin", &a.asin, &b.asin),
        ("goodreads_id", &a.goodreads_id, &b.goodreads_id),
        ("librarything_id", &a.librarything_id, &b.librarything_id),
        ("publisher", &a.publisher, &b.publisher),
        ("format", &a.format, &b.format),
        ("language", &a.language, &b.language),
        ("description", &a.description, &b.description),
    ] {
        differs(field, have.clone(), other.clone());
    }
    for (field, have, other) in [
        ("pages", a.pages, b.pages),
        ("published_year", a.published_year, b.published_year),
        ("original_year", a.original_year, b.original_year),
    ] {
        differs(
            field,
            have.map(|v| v.to_string()),
            other.map(|v| v.to_string()),
        );
    }
    let series = |series: &Option<SeriesRef>| {
        series.as_ref().map(|s| match &s.position {
            Some(position) => format!("{} #{position}", s.name),
            None => s.name.clone(),
        })
    };
    differs("series", series(&a.series), series(&b.series));
    let credits = |fields: &BookFields| {
        (!fields.contributors.is_empty()).then(|| {
            let names: Vec<String> = fields
                .contributors
                .iter()
                .map(|c| format!("{} ({})", c.name, c.role.as_str()))
                .collect();
            names.join(", ")
        })
    };
    differs("contributors", credits(a), credits(b));

    let (a, b) = (into.1, from.1);
    let status = |entry: &EntryFields| {
        (entry.status != ReadingStatus::WantToRead).then(|| entry.status.as_str().to_string())
    };
    differs("entry.status", status(a), status(b));
    let rating = |entry: &EntryFields| entry.rating.map(|r| r.stars().to_string());
    differs("entry.rating", rating(a), rating(b));
    lost
}

/// Builds the entry of a merge: `into` keeps its values and takes those it lacks
/// from `from`, two different reviews or private notes are both kept, the earlier
/// date added stays, and the larger count of copies.
fn merged_entry(into: &EntryFields, from: &EntryFields) -> EntryFields {
    let mut entry = into.clone();
    fill_entry(&mut entry, from);
    if append_text(&mut entry.review, &from.review) {
        entry.review_spoiler |= from.review_spoiler;
    }
    append_text(&mut entry.private_notes, &from.private_notes);
    entry
}

/// Appends `other` to `text` after a blank line when both are set and differ, and
/// reports whether it did.
fn append_text(text: &mut Option<String>, other: &Option<String>) -> bool {
    match (text.as_mut(), other) {
        (Some(text), Some(other)) if text.trim() != other.trim() => {
            text.push_str("\n\n");
            text.push_str(other);
            true
        }
        _ => false,
    }
}

/// Makes every reading of a record storable, saying what was changed: a reading that
/// ends before it starts loses its start date, and one that still cannot be stored is
/// left out. Of several readings in progress, the one started last is kept. Each
/// change becomes a reason on the row, which is then flagged.
fn repair_readings(record: &LibraryRecord) -> (std::borrow::Cow<'_, LibraryRecord>, Vec<String>) {
    let open = record
        .readings
        .iter()
        .filter(|r| reading_is_open(r))
        .count();
    if open <= 1 && record.readings.iter().all(|r| validate::reading(r).is_ok()) {
        return (std::borrow::Cow::Borrowed(record), Vec::new());
    }
    let mut repaired = record.clone();
    let mut problems = Vec::new();
    repaired.readings.clear();
    for reading in &record.readings {
        let Err(error) = validate::reading(reading) else {
            repaired.readings.push(reading.clone());
            continue;
        };
        let without_start = ReadingFields {
            started: None,
            ..reading.clone()
        };
        if reading.started.is_some() && validate::reading(&without_start).is_ok() {
            problems.push(crate::msg!(
                "reading-start-dropped",
                "{error}; the start date was left empty",
                error = error
            ));
            repaired.readings.push(without_start);
        } else {
            problems.push(crate::msg!(
                "reading-dropped",
                "{error}; the reading was left out",
                error = error
            ));
        }
    }
    // Of several open readings, the one started last is the read in progress.
    let latest = repaired
        .readings
        .iter()
        .filter(|r| reading_is_open(r))
        .max_by_key(|r| r.started)
        .cloned();
    if let Some(latest) = latest {
        let mut kept_latest = false;
        repaired.readings.retain(|reading| {
            if !reading_is_open(reading) || (!kept_latest && reading.started == latest.started) {
                kept_latest |= reading_is_open(reading);
                return true;
            }
            problems.push(second_open_reading(reading, &latest));
            false
        });
    }
    (std::borrow::Cow::Owned(repaired), problems)
}

/// Returns the library's tag names, in lowercase, that no shelf of the library also
/// has.
async fn tags_not_shelves(conn: &mut Conn, user: UserId) -> StoreResult<HashSet<String>> {
    let mut names = HashSet::new();
    for (kind, keep) in [(LabelKind::Tag, true), (LabelKind::Shelf, false)] {
        let rows = sqlx::query(label_sql(kind).names)
            .bind(user.0)
            .fetch_all(&mut *conn)
            .await?;
        for row in rows {
            let name: String = row.try_get("name")?;
            if keep {
                names.insert(name.to_lowercase());
            } else {
                names.remove(&name.to_lowercase());
            }
        }
    }
    Ok(names)
}

/// Moves the record's shelves named like one of `tags` to its tags. A Goodreads file
/// has shelves only, and the library's own export writes its tags among them, so
/// without this a round trip put a new shelf beside every tag.
fn shelves_back_to_tags<'a>(
    record: std::borrow::Cow<'a, LibraryRecord>,
    tags: &HashSet<String>,
) -> std::borrow::Cow<'a, LibraryRecord> {
    let is_tag = |name: &String| tags.contains(&name.to_lowercase());
    if !record.shelves.iter().any(is_tag) {
        return record;
    }
    let mut record = record.into_owned();
    let (moved, kept): (Vec<String>, Vec<String>) = std::mem::take(&mut record.shelves)
        .into_iter()
        .partition(is_tag);
    record.shelves = kept;
    for name in moved {
        if !record
            .tags
            .iter()
            .any(|tag| tag.to_lowercase() == name.to_lowercase())
        {
            record.tags.push(name);
        }
    }
    std::borrow::Cow::Owned(record)
}

/// Returns whether a reading has a start and no end: the one the reader is in. A
/// reading without any date is a past read, as imports record one.
fn reading_is_open(reading: &ReadingFields) -> bool {
    reading.started.is_some() && reading.finished.is_none() && reading.stopped.is_none()
}

/// Words the problem of an open reading that an import leaves out, because the book
/// has another one open, which it keeps.
fn second_open_reading(left_out: &ReadingFields, kept: &ReadingFields) -> String {
    let start = |reading: &ReadingFields| {
        reading
            .started
            .map(|date| crate::i18n::date_text(&date.to_string()))
            .unwrap_or_default()
    };
    crate::msg!(
        "reading-second-open",
        "a reading started {started} and not finished was left out, because the book \
         has one in progress, started {kept}, and a book is read once at a time",
        started = start(left_out),
        kept = start(kept)
    )
}

/// Leaves out the record's open readings that differ from the one open on `book`. A
/// book has one reading open at most, as the API keeps it. Two open readings both
/// ended on the next status change, so the year counted one read twice.
fn keep_one_open_reading<'a>(
    book: &Book,
    record: &'a LibraryRecord,
) -> (std::borrow::Cow<'a, LibraryRecord>, Vec<String>) {
    let Some(open) = book
        .readings
        .iter()
        .map(|reading| &reading.fields)
        .find(|fields| reading_is_open(fields))
    else {
        return (std::borrow::Cow::Borrowed(record), Vec::new());
    };
    let other =
        |reading: &ReadingFields| reading_is_open(reading) && reading.started != open.started;
    if !record.readings.iter().any(other) {
        return (std::borrow::Cow::Borrowed(record), Vec::new());
    }
    let mut kept = record.clone();
    let mut problems = Vec::new();
    kept.readings.retain(|reading| {
        if other(reading) {
            problems.push(second_open_reading(reading, open));
            return false;
        }
        true
    });
    (std::borrow::Cow::Owned(kept), problems)
}

/// Leaves out a text longer than the API takes (a review, private notes, a
/// description or a subtitle), saying so, so that the book comes in without it
/// instead of the whole row being rejected.
fn shed_large_texts(
    record: std::borrow::Cow<'_, LibraryRecord>,
) -> (std::borrow::Cow<'_, LibraryRecord>, Vec<String>) {
    let too_large = |text: &Option<String>| {
        text.as_ref()
            .is_some_and(|text| text.len() > validate::MAX_TEXT_BYTES)
    };
    let (book, entry) = (&record.book, &record.entry);
    if ![
        &book.description,
        &book.subtitle,
        &entry.review,
        &entry.private_notes,
    ]
    .into_iter()
    .any(too_large)
    {
        return (record, Vec::new());
    }
    let mut record = record.into_owned();
    let mut problems = Vec::new();
    let LibraryRecord { book, entry, .. } = &mut record;
    for (field, text) in [
        ("description", &mut book.description),
        ("subtitle", &mut book.subtitle),
        ("review", &mut entry.review),
        ("private_notes", &mut entry.private_notes),
    ] {
        if too_large(text) {
            *text = None;
            problems.push(crate::msg!(
                "problem-left-empty",
                "{column}: {problem}; the field was left empty",
                column = field,
                problem = crate::msg!("text-too-large", "is larger than 1 MiB")
            ));
        }
    }
    (std::borrow::Cow::Owned(record), problems)
}

/// Keeps the first [`validate::MAX_CONTRIBUTORS`] contributors of a record, saying
/// how many were left out, so that the book comes in with its main credits.
fn shed_extra_contributors(
    record: std::borrow::Cow<'_, LibraryRecord>,
) -> (std::borrow::Cow<'_, LibraryRecord>, Vec<String>) {
    let count = record.book.contributors.len();
    if count <= validate::MAX_CONTRIBUTORS {
        return (record, Vec::new());
    }
    let mut record = record.into_owned();
    record
        .book
        .contributors
        .truncate(validate::MAX_CONTRIBUTORS);
    let problem = crate::msg!(
        "problem-contributors-cut",
        "contributors: the file names {count}, where a book takes at most {max}; the first \
         {max} were kept",
        count = crate::i18n::integer_text(count as i64),
        max = crate::i18n::integer_text(validate::MAX_CONTRIBUTORS as i64)
    );
    (std::borrow::Cow::Owned(record), vec![problem])
}

/// Replaces each run of control characters in a one-line field (see
/// [`validate::one_line_fields`]) with a space, saying so, so that the book comes in
/// with a title that lists and reports can show. The API refuses such characters
/// instead, because there the reader can type the value again.
fn replace_control_characters(
    record: std::borrow::Cow<'_, LibraryRecord>,
) -> (std::borrow::Cow<'_, LibraryRecord>, Vec<String>) {
    let has_control = |text: &str| text.chars().any(char::is_control);
    let in_labels = record
        .shelves
        .iter()
        .chain(&record.tags)
        .any(|name| has_control(name));
    if !in_labels
        && !validate::one_line_fields(&record.book)
            .into_iter()
            .any(|(_, text)| has_control(text))
    {
        return (record, Vec::new());
    }

    let mut record = record.into_owned();
    let LibraryRecord {
        book,
        shelves,
        tags,
        ..
    } = &mut record;
    let mut texts: Vec<(&'static str, &mut String)> = vec![("title", &mut book.title)];
    // A shelf or tag name with a control character rejected the whole row, and the
    // book with it.
    texts.extend(shelves.iter_mut().map(|name| ("shelf", name)));
    texts.extend(tags.iter_mut().map(|name| ("tag", name)));
    for (field, text) in [
        ("subtitle", &mut book.subtitle),
        ("isbn10", &mut book.isbn10),
        ("isbn13", &mut book.isbn13),
        ("asin", &mut book.asin),
        ("goodreads_id", &mut book.goodreads_id),
        ("librarything_id", &mut book.librarything_id),
        ("publisher", &mut book.publisher),
        ("format", &mut book.format),
        ("language", &mut book.language),
    ] {
        texts.extend(text.as_mut().map(|text| (field, text)));
    }
    for contributor in &mut book.contributors {
        texts.push(("contributors", &mut contributor.name));
    }
    if let Some(series) = &mut book.series {
        texts.push(("series", &mut series.name));
        texts.extend(series.position.as_mut().map(|text| ("series", text)));
    }

    let mut problems = Vec::new();
    for (field, text) in texts {
        let Some(first) = text.chars().find(|c| c.is_control()) else {
            continue;
        };
        let mut line = String::with_capacity(text.len());
        for character in text.chars() {
            match character {
                c if c.is_control() => {
                    if !line.ends_with(' ') {
                        line.push(' ');
                    }
                }
                c => line.push(c),
            }
        }
        *text = line.trim().to_string();
        problems.push(crate::msg!(
            "problem-control-replaced",
            "{column}: control characters such as U+{code} were replaced with spaces",
            column = field,
            code = format!("{:04X}", u32::from(first))
        ));
    }
    (std::borrow::Cow::Owned(record), problems)
}

fn same_dates(a: &ReadingFields, b: &ReadingFields) -> bool {
    a.started == b.started && a.finished == b.finished && a.stopped == b.stopped
}

/// Reports whether `have` has every date that `incoming` has; a date `incoming`
/// leaves out may be anything.
fn has_dates_of(have: &ReadingFields, incoming: &ReadingFields) -> bool {
    let fits = |have: Option<PartialDate>, new: Option<PartialDate>| new.is_none() || new == have;
    fits(have.started, incoming.started)
        && fits(have.finished, incoming.finished)
        && fits(have.stopped, incoming.stopped)
}

fn fill_book(fields: &mut BookFields, incoming: &BookFields) {
    let options = [
        (&mut fields.subtitle, &incoming.subtitle),
        (&mut fields.isbn10, &incoming.isbn10),
        (&mut fields.isbn13, &incoming.isbn13),
        (&mut fields.asin, &incoming.asin),
        (&mut fields.goodreads_id, &incoming.goodreads_id),
        (&mut fields.librarything_id, &incoming.librarything_id),
        (&mut fields.publisher, &incoming.publisher),
        (&mut fields.format, &incoming.format),
        (&mut fields.language, &incoming.language),
        (&mut fields.description, &incoming.description),
    ];
    for (have, new) in options {
        if have.is_none() {
            have.clone_from(new);
        }
    }
    for (have, new) in [
        (&mut fields.pages, incoming.pages),
        (&mut fields.published_year, incoming.published_year),
        (&mut fields.original_year, incoming.original_year),
    ] {
        if have.is_none() {
            *have = new;
        }
    }
    // A page count of 0 means no more than an empty one, because forms and exports
    // write 0 for "unknown". It must not keep a real count out.
    if fields.pages == Some(0) && incoming.pages.is_some_and(|pages| pages > 0) {
        fields.pages = incoming.pages;
    }
    if fields.series.is_none() {
        fields.series.clone_from(&incoming.series);
    }
    if fields.contributors.is_empty() {
        fields.contributors.clone_from(&incoming.contributors);
    }
}

fn fill_entry(entry: &mut EntryFields, incoming: &EntryFields) {
    if entry.status == ReadingStatus::WantToRead {
        entry.status = incoming.status;
    }
    if entry.rating.is_none() {
        entry.rating = incoming.rating;
    }
    if entry.review.is_none() && incoming.review.is_some() {
        entry.review.clone_from(&incoming.review);
        entry.review_spoiler = incoming.review_spoiler;
    }
    if entry.private_notes.is_none() {
        entry.private_notes.clone_from(&incoming.private_notes);
    }
    entry.owned_copies = entry.owned_copies.max(incoming.owned_copies);
    // The earlier date added is when the book came into the reader's hands: a book
    // entered by hand today and then found in an old Goodreads export was added
    // years ago. A partial date sorts before the full dates it covers, so it stays.
    entry.date_added = match (entry.date_added, incoming.date_added) {
        (Some(have), Some(other)) if other.to_string() < have.to_string() => Some(other),
        (have, other) => have.or(other),
    };
}
