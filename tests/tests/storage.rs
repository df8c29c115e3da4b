//! The storage behaviour suite: every case runs against SQLite and PostgreSQL.

#![allow(clippy::unwrap_used)]

use estante_backend::dates::PartialDate;
use estante_backend::import::{ImportFormat, ParsedImport, ParsedRow};
use estante_backend::model::{
    BookFields, Contributor, ContributorRole, EntryFields, ProgressUnit, Rating, ReadingFields,
    ReadingStatus, SeriesRef,
};
use estante_backend::storage::{
    BookQuery, EntryPatch, LabelKind, NewBook, SortKey, SortOrder, Storage, StoreError, UserId,
};
use estante_tests::generate::goodreads_csv;
use estante_tests::{Backend, TestDb, add_user, both_backends};

both_backends! {
    one_open_reading_per_book => crate::one_open_reading_per_book;
    label_version_covers_its_books => crate::label_version_covers_its_books;
    book_round_trip => crate::book_round_trip;
    stale_version_rejected => crate::stale_version_rejected;
    entry_patch_keeps_absent_fields => crate::entry_patch_keeps_absent_fields;
    readings_keep_each_read => crate::readings_keep_each_read;
    labels_crud_and_attach => crate::labels_crud_and_attach;
    users_are_isolated => crate::users_are_isolated;
    user_names_differ_beyond_case => crate::user_names_differ_beyond_case;
    tokens_issued_before_deleted => crate::tokens_issued_before_deleted;
    duplicate_isbn_conflicts => crate::duplicate_isbn_conflicts;
    search_folds_and_prefixes => crate::search_folds_and_prefixes;
    pages_cover_every_book_once => crate::pages_cover_every_book_once;
    filters_narrow_the_list => crate::filters_narrow_the_list;
    stats_count_readings => crate::stats_count_readings;
    delete_removes_from_search => crate::delete_removes_from_search;
    import_repairs_backwards_reading => crate::import_repairs_backwards_reading;
    merged_isbn_matches_later_rows => crate::merged_isbn_matches_later_rows;
    created_ids_stay_dense => crate::created_ids_stay_dense;
    search_pages_by_id => crate::search_pages_by_id;
    search_total_is_lower_bound => crate::search_total_is_lower_bound;
    list_total_counted_once => crate::list_total_counted_once;
    status_change_moves_readings => crate::status_change_moves_readings;
    import_late_failure_writes_nothing => crate::import_late_failure_writes_nothing;
    import_merges_written_and_queued => crate::import_merges_written_and_queued;
    search_finds_every_import_batch => crate::search_finds_every_import_batch;
    authors_sort_by_surname => crate::authors_sort_by_surname;
    page_rows_keep_every_field => crate::page_rows_keep_every_field;
    page_lists_infinite_series_index => crate::page_lists_infinite_series_index;
    cursor_continues_only_its_list => crate::cursor_continues_only_its_list;
    import_cleans_bad_label_names => crate::import_cleans_bad_label_names;
    author_names_follow_contributors => crate::author_names_follow_contributors;
    archive_keeps_same_titled_books => crate::archive_keeps_same_titled_books;
    archive_records_sharing_isbn_all_come_in =>
        crate::archive_records_sharing_isbn_all_come_in;
    import_keeps_one_open_reading => crate::import_keeps_one_open_reading;
    isbn_merge_names_other_title => crate::isbn_merge_names_other_title;
    archive_edits_not_taken_are_named => crate::archive_edits_not_taken_are_named;
    archive_matches_books_credited_first_to_others =>
        crate::archive_matches_books_credited_first_to_others;
    goodreads_round_trip_changes_nothing => crate::goodreads_round_trip_changes_nothing;
    goodreads_keeps_same_titled_copies => crate::goodreads_keeps_same_titled_copies;
    import_fills_zero_pages_and_earlier_date => crate::import_fills_zero_pages_and_earlier_date;
    import_leaves_out_oversized_review => crate::import_leaves_out_oversized_review;
    import_replaces_control_characters => crate::import_replaces_control_characters;
    progress_past_pages_rejected => crate::progress_past_pages_rejected;
    deleted_book_ids_not_reused => crate::deleted_book_ids_not_reused;
    deleted_reading_and_label_ids_not_reused => crate::deleted_reading_and_label_ids_not_reused;
    merge_keeps_one_open_reading => crate::merge_keeps_one_open_reading;
    merge_brings_the_only_open_reading => crate::merge_brings_the_only_open_reading;
}

fn book(title: &str, author: &str) -> NewBook {
    NewBook {
        fields: BookFields {
            title: title.to_string(),
            contributors: vec![Contributor::author(author)],
            ..BookFields::default()
        },
        entry: None,
    }
}

fn date(text: &str) -> PartialDate {
    text.parse().unwrap()
}

/// SQLite must plan a statement without reading its bound values. Otherwise a
/// `col = ?` term marks the statement to be compiled again when it is next bound, and
/// sqlx binds every parameter anew on each run, so no cached statement was reused.
#[tokio::test]
async fn sqlite_plans_without_bound_values() {
    use sqlx::Connection;
    let mut conn = sqlx::SqliteConnection::connect("sqlite::memory:")
        .await
        .unwrap();
    let stable: bool = sqlx::query_scalar("SELECT sqlite_compileoption_used('ENABLE_QPSG')")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert!(
        stable,
        "SQLite lacks SQLITE_ENABLE_QPSG; .cargo/config.toml sets LIBSQLITE3_FLAGS"
    );
}

/// A new database file, its write-ahead log and a new blob folder were readable by
/// every local user, though they hold password hashes, reviews and private notes.
#[tokio::test]
async fn sqlite_and_blob_files_are_private() {
    use std::os::unix::fs::PermissionsExt as _;

    let folder = tempfile::tempdir().unwrap();
    let database = folder.path().join("library.db");
    let store = estante_backend::storage::open(&format!("sqlite://{}", database.display()))
        .await
        .unwrap();
    add_user(store.as_ref(), "ana").await;
    let mode =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&database), 0o600);
    let wal = folder.path().join("library.db-wal");
    assert_eq!(mode(&wal), 0o600);

    let blobs = folder.path().join("blobs/inner");
    estante_backend::blob::BlobStore::open(blobs.to_str().unwrap()).unwrap();
    assert_eq!(mode(&blobs), 0o700);
    assert_eq!(mode(&folder.path().join("blobs")), 0o700);
}

/// A write that waited out SQLite's busy timeout behind another user's long import
/// got a 500, as a fault of the server. It is contention, which a retry
/// fixes, and the API answers it 503 with Retry-After.
#[tokio::test]
async fn sqlite_busy_is_contention() {
    use sqlx::Connection as _;
    use std::str::FromStr as _;

    let folder = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", folder.path().join("busy.db").display());
    let options = sqlx::sqlite::SqliteConnectOptions::from_str(&url)
        .unwrap()
        .create_if_missing(true)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal);
    let mut holder = sqlx::SqliteConnection::connect_with(&options)
        .await
        .unwrap();
    sqlx::query("CREATE TABLE t (x INTEGER)")
        .execute(&mut holder)
        .await
        .unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut holder)
        .await
        .unwrap();
    let mut waiter = sqlx::SqliteConnection::connect_with(
        &options.busy_timeout(std::time::Duration::from_millis(50)),
    )
    .await
    .unwrap();

    let busy = sqlx::query("INSERT INTO t VALUES (1)")
        .execute(&mut waiter)
        .await
        .unwrap_err();

    let error = StoreError::from(busy);
    assert!(error.is_contention(), "{error:?}");
    assert!(!error.is_connection_failure(), "{error:?}");
}

/// Two apps started at once on a new data folder both found the file without
/// tables, both created them, and one failed with "table users already exists".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_concurrent_first_opens_migrate_once() {
    for _ in 0..5 {
        let db = TestDb::new(Backend::Sqlite).await;
        let opens: Vec<_> = (0..3)
            .map(|_| {
                let url = db.url.clone();
                tokio::spawn(async move { estante_backend::storage::open(&url).await })
            })
            .collect();
        for open in opens {
            if let Err(error) = open.await.unwrap() {
                panic!("{error}");
            }
        }
    }
}

async fn book_round_trip(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let mut new = book("Leviathan Wakes", "James S. A. Corey");
    new.fields.isbn13 = Some("9780316129084".to_string());
    new.fields.original_year = Some(-380);
    new.fields.series = Some(SeriesRef {
        name: "The Expanse".to_string(),
        index: Some(1.5),
        position: Some("1.5".to_string()),
    });
    new.fields.contributors.push(Contributor {
        name: "Ana Tradutora".to_string(),
        role: ContributorRole::Translator,
    });
    new.entry = Some(EntryFields {
        status: ReadingStatus::Read,
        rating: Some(Rating::from_stars(4.25).unwrap()),
        review: Some("Gripping".to_string()),
        review_spoiler: true,
        owned_copies: 2,
        date_added: Some(date("2024-02")),
        ..EntryFields::default()
    });

    let created = store.create_book(user.user_id(), &new).await.unwrap();
    let loaded = store.book(user.user_id(), created.id).await.unwrap();

    assert_eq!(loaded, created);
    assert_eq!(loaded.fields, new.fields);
    assert_eq!(loaded.entry.fields, new.entry.clone().unwrap());
    assert_eq!(loaded.version, 1);
    assert_eq!(loaded.entry.version, 1);
}

async fn stale_version_rejected(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let created = store
        .create_book(user.user_id(), &book("Dune", "Frank Herbert"))
        .await
        .unwrap();
    let mut fields = created.fields.clone();
    fields.pages = Some(412);

    let updated = store
        .update_book(user.user_id(), created.id, 1, &fields)
        .await
        .unwrap();
    assert_eq!(updated.version, 2);
    assert_eq!(updated.fields.pages, Some(412));

    fields.pages = Some(1);
    let stale = store
        .update_book(user.user_id(), created.id, 1, &fields)
        .await;
    assert!(
        matches!(stale, Err(StoreError::VersionMismatch { current: 2, .. })),
        "{stale:?}"
    );
    let kept = store.book(user.user_id(), created.id).await.unwrap();
    assert_eq!(kept.fields.pages, Some(412));

    let stale_delete = store.delete_book(user.user_id(), created.id, 1, None).await;
    assert!(matches!(
        stale_delete,
        Err(StoreError::VersionMismatch { .. })
    ));

    // A review written since the client read the book leaves the book's version
    // alone, so only the entry's version can stop a delete that would lose it.
    let entry_version = created.entry.version;
    let review = EntryPatch {
        review: Some(Some("Written by another client".to_string())),
        ..EntryPatch::default()
    };
    let reviewed = store
        .update_entry(user.user_id(), created.id, entry_version, &review)
        .await
        .unwrap();
    let stale_entry = store
        .delete_book(user.user_id(), created.id, 2, Some(entry_version))
        .await;
    assert!(
        matches!(
            stale_entry,
            Err(StoreError::VersionMismatch { entity: "library entry", current })
                if current == reviewed.version
        ),
        "{stale_entry:?}"
    );
    assert!(store.book(user.user_id(), created.id).await.is_ok());

    store
        .delete_book(user.user_id(), created.id, 2, Some(reviewed.version))
        .await
        .unwrap();
    let gone = store.book(user.user_id(), created.id).await;
    assert!(matches!(gone, Err(StoreError::NotFound("book"))));
}

async fn entry_patch_keeps_absent_fields(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let created = store
        .create_book(user.user_id(), &book("Emma", "Jane Austen"))
        .await
        .unwrap();

    let patch: EntryPatch = serde_json::from_str(r#"{"rating": 3.5, "review": "Fun"}"#).unwrap();
    let entry = store
        .update_entry(user.user_id(), created.id, 1, &patch)
        .await
        .unwrap();
    assert_eq!(entry.fields.rating, Some(Rating::from_stars(3.5).unwrap()));
    assert_eq!(entry.fields.review.as_deref(), Some("Fun"));
    assert_eq!(entry.fields.status, ReadingStatus::WantToRead);
    assert_eq!(entry.version, 2);

    let clear: EntryPatch = serde_json::from_str(r#"{"rating": null, "status": "read"}"#).unwrap();
    let entry = store
        .update_entry(user.user_id(), created.id, 2, &clear)
        .await
        .unwrap();
    assert_eq!(entry.fields.rating, None);
    assert_eq!(entry.fields.status, ReadingStatus::Read);
    assert_eq!(entry.fields.review.as_deref(), Some("Fun"));

    let bad = serde_json::from_str::<EntryPatch>(r#"{"rating": 3.3}"#);
    assert!(bad.is_err(), "3.3 stars is off the quarter-star grid");
}

async fn readings_keep_each_read(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let created = store
        .create_book(user.user_id(), &book("Emma", "Jane Austen"))
        .await
        .unwrap();
    let first = ReadingFields {
        started: Some(date("2019")),
        finished: Some(date("2019-08-02")),
        ..ReadingFields::default()
    };
    let second = ReadingFields {
        started: Some(date("2023-01-05")),
        progress: Some(40),
        progress_unit: Some(ProgressUnit::Percent),
        ..ReadingFields::default()
    };

    store
        .add_reading(user.user_id(), created.id, &first)
        .await
        .unwrap();
    let open = store
        .add_reading(user.user_id(), created.id, &second)
        .await
        .unwrap();
    let finished = ReadingFields {
        finished: Some(date("2023-02-01")),
        progress: Some(100),
        ..second.clone()
    };
    let updated = store
        .update_reading(user.user_id(), open.id, open.version, &finished)
        .await
        .unwrap();

    assert_eq!(updated.version, 2);
    let loaded = store.book(user.user_id(), created.id).await.unwrap();
    assert_eq!(loaded.readings.len(), 2);
    assert_eq!(loaded.readings[0].fields, first);
    assert_eq!(loaded.readings[1].fields, finished);

    let both = ReadingFields {
        finished: Some(date("2020")),
        stopped: Some(date("2020")),
        ..ReadingFields::default()
    };
    let rejected = store.add_reading(user.user_id(), created.id, &both).await;
    assert!(matches!(
        rejected,
        Err(StoreError::Invalid {
            field: "stopped",
            ..
        })
    ));
    let backwards = ReadingFields {
        started: Some(date("2021-05")),
        finished: Some(date("2020-12-31")),
        ..ReadingFields::default()
    };
    let rejected = store
        .add_reading(user.user_id(), created.id, &backwards)
        .await;
    assert!(matches!(
        rejected,
        Err(StoreError::Invalid {
            field: "finished",
            ..
        })
    ));
}

async fn status_change_moves_readings(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let user = user.user_id();
    let created = store
        .create_book(user, &book("Emma", "Jane Austen"))
        .await
        .unwrap();
    let mut version = 1;
    let mut set = async |status: &str, on: &str| {
        let patch: EntryPatch = serde_json::from_str(&format!(
            r#"{{"status": "{status}", "status_date": "{on}"}}"#
        ))
        .unwrap();
        version = store
            .update_entry(user, created.id, version, &patch)
            .await
            .unwrap()
            .version;
        let book = store.book(user, created.id).await.unwrap();
        book.readings
            .into_iter()
            .map(|r| r.fields)
            .collect::<Vec<_>>()
    };

    // Starting a read opens a reading, and setting the same status again adds none.
    let readings = set("reading", "2024-03-01").await;
    assert_eq!(readings.len(), 1);
    assert_eq!(readings[0].started, Some(date("2024-03-01")));
    assert_eq!(readings[0].finished, None);
    let readings = set("reading", "2024-03-05").await;
    assert_eq!(readings.len(), 1);

    // Read finishes the open reading on the given date.
    let readings = set("read", "2024-03-20").await;
    assert_eq!(readings[0].finished, Some(date("2024-03-20")));

    // A re-read opens a second reading; giving up stops it.
    let readings = set("reading", "2025-01-02").await;
    assert_eq!(readings.len(), 2);
    let readings = set("did_not_finish", "2025-02-01").await;
    assert_eq!(readings[1].stopped, Some(date("2025-02-01")));
    assert_eq!(readings[1].finished, None);

    // Paused keeps an open reading open, to resume.
    set("reading", "2025-04-01").await;
    let readings = set("paused", "2025-04-09").await;
    assert_eq!(readings.len(), 3);
    assert_eq!(readings[2].stopped, None);

    // Back to want-to-read, the open reading stops that day.
    let readings = set("want_to_read", "2025-05-10").await;
    assert_eq!(readings.len(), 3);
    assert_eq!(readings[2].stopped, Some(date("2025-05-10")));

    // A year or a month finishes a reading started within it, as the reading
    // endpoints accept such an end.
    let readings = readings_after(
        store.as_ref(),
        user,
        "Persuasion",
        &[],
        &[("reading", "2024-12-02"), ("read", "2024")],
    )
    .await;
    assert_eq!(readings.len(), 1, "{readings:?}");
    assert_eq!(readings[0].finished, Some(date("2024")));
    let readings = readings_after(
        store.as_ref(),
        user,
        "Sanditon",
        &[],
        &[("reading", "2024-12-02"), ("did_not_finish", "2024-12")],
    )
    .await;
    assert_eq!(readings[0].stopped, Some(date("2024-12")));

    // An undated reading of a read book is a past read, as imports record a second
    // read without a date: a re-read starts a reading of its own, and finishing it
    // leaves the undated one as it was. Marking the book read on a date, with no
    // reading open, records that read too, beside the undated past one.
    let readings = readings_after(
        store.as_ref(),
        user,
        "Mansfield Park",
        &[ReadingFields::default()],
        &[
            ("read", "2024-01-01"),
            ("reading", "2025-03-01"),
            ("read", "2025-03-09"),
        ],
    )
    .await;
    assert_eq!(readings.len(), 3, "{readings:?}");
    assert_eq!(
        readings[0],
        ReadingFields::default(),
        "the undated read stays"
    );
    assert_eq!(readings[1].started, None);
    assert_eq!(readings[1].finished, Some(date("2024-01-01")));
    assert_eq!(readings[2].started, Some(date("2025-03-01")));
    assert_eq!(readings[2].finished, Some(date("2025-03-09")));

    // Pausing a read book starts a reading, so the undated past read stays as it is
    // when the book is read again.
    let finished = ReadingFields {
        finished: Some(date("2020-05-21")),
        ..ReadingFields::default()
    };
    let readings = readings_after(
        store.as_ref(),
        user,
        "Northanger Abbey",
        &[finished, ReadingFields::default()],
        &[
            ("read", "2020-05-21"),
            ("paused", "2025-05-01"),
            ("read", "2025-05-20"),
        ],
    )
    .await;
    assert_eq!(readings.len(), 3, "{readings:?}");
    assert!(
        readings.contains(&ReadingFields::default()),
        "the undated read stays undated: {readings:?}"
    );
    assert!(
        readings.iter().any(
            |r| r.started == Some(date("2025-05-01")) && r.finished == Some(date("2025-05-20"))
        ),
        "{readings:?}"
    );

    // An undated reading of a book being read is its current read, and is finished.
    let current = store
        .create_book(user, &book("Sanditon", "Jane Austen"))
        .await
        .unwrap();
    store
        .update_entry(user, current.id, 1, &patch_status("reading", "2025-04-01"))
        .await
        .unwrap();
    // As an import leaves a book being read: its one reading has no dates.
    let dated = store
        .book(user, current.id)
        .await
        .unwrap()
        .readings
        .remove(0);
    store
        .delete_reading(user, dated.id, dated.version)
        .await
        .unwrap();
    store
        .add_reading(user, current.id, &ReadingFields::default())
        .await
        .unwrap();
    let version = store.book(user, current.id).await.unwrap().entry.version;
    store
        .update_entry(
            user,
            current.id,
            version,
            &patch_status("read", "2025-04-20"),
        )
        .await
        .unwrap();
    let loaded = store.book(user, current.id).await.unwrap();
    assert_eq!(loaded.readings[0].fields.finished, Some(date("2025-04-20")));

    // A book never read, marked read or given up on a date, was read then. The
    // date was dropped, and the book counted in no year.
    // The same is true with a past read, as a to-read row of an import with a Read
    // Count leaves, or a reading given up before: a finish was lost there too.
    for (status, earlier) in [
        ("read", ReadingFields::default()),
        (
            "read",
            ReadingFields {
                stopped: Some(date("2023-05-01")),
                ..ReadingFields::default()
            },
        ),
    ] {
        let readings = readings_after(
            store.as_ref(),
            user,
            "Lady Susan",
            std::slice::from_ref(&earlier),
            &[(status, "2024-06-01")],
        )
        .await;
        assert_eq!(readings.len(), 2, "{readings:?}");
        assert_eq!(readings[0], earlier);
        assert_eq!(readings[1].finished, Some(date("2024-06-01")));
    }
    let read_in_2024 = store.stats(user, Some(2024)).await.unwrap().books_read;
    for (status, finished, stopped) in [
        ("read", Some(date("2024-02-29")), None),
        ("did_not_finish", None, Some(date("2024-02-29"))),
    ] {
        let unread = store
            .create_book(user, &book(&format!("Emma, {status}"), "Jane Austen"))
            .await
            .unwrap();
        store
            .update_entry(user, unread.id, 1, &patch_status(status, "2024-02-29"))
            .await
            .unwrap();
        let readings = store.book(user, unread.id).await.unwrap().readings;
        assert_eq!(readings.len(), 1, "{status}: {readings:?}");
        assert_eq!(readings[0].fields.finished, finished);
        assert_eq!(readings[0].fields.stopped, stopped);
        assert_eq!(readings[0].fields.started, None);
    }
    let stats = store.stats(user, Some(2024)).await.unwrap();
    assert_eq!(stats.books_read, read_in_2024 + 1, "{stats:?}");

    // A book added as being read has a read in progress from the day it was added.
    let mut current = book("Lady Susan", "Jane Austen");
    current.entry = Some(EntryFields {
        status: ReadingStatus::Reading,
        date_added: Some(date("2025-06-02")),
        ..EntryFields::default()
    });
    let added = store.create_book(user, &current).await.unwrap();
    assert_eq!(added.readings.len(), 1, "{:?}", added.readings);
    assert_eq!(added.readings[0].fields.started, Some(date("2025-06-02")));
    assert_eq!(added.readings[0].fields.finished, None);

    // A reading cannot end before it starts, and the status cannot become read while
    // the reading stays open, so the change is rejected and nothing is written.
    let later = store
        .create_book(user, &book("Persuasion", "Jane Austen"))
        .await
        .unwrap();
    let future = ReadingFields {
        started: Some(date("2026-06")),
        ..ReadingFields::default()
    };
    store.add_reading(user, later.id, &future).await.unwrap();
    let version = store.book(user, later.id).await.unwrap().entry.version;
    for status in ["read", "did_not_finish"] {
        let rejected = store
            .update_entry(user, later.id, version, &patch_status(status, "2026-05-01"))
            .await;
        assert!(
            matches!(&rejected, Err(StoreError::Invalid { field: "status_date", reason })
                if reason.contains("2026-05-01") && reason.contains("2026-06")),
            "{status}: {rejected:?}"
        );
        let loaded = store.book(user, later.id).await.unwrap();
        assert_eq!(loaded.entry.fields.status, ReadingStatus::WantToRead);
        assert_eq!(loaded.entry.version, version);
        assert_eq!(loaded.readings[0].fields, future);
    }

    // On or after the start, the same change finishes the reading.
    let finished = readings_after(
        store.as_ref(),
        user,
        "Sanditon",
        std::slice::from_ref(&future),
        &[("read", "2026-06")],
    )
    .await;
    assert_eq!(finished[0].finished, Some(date("2026-06")));

    // A reader ahead of UTC may start a book on the server's tomorrow. Finishing it
    // without a date then finishes it on that day, not a day before its start.
    let utc_today = chrono::Utc::now().date_naive();
    for (ahead, finishes) in [(1, true), (7, false)] {
        let start = PartialDate::from_naive(utc_today + chrono::Days::new(ahead));
        let created = store
            .create_book(user, &book(&format!("Emma, {ahead} ahead"), "Jane Austen"))
            .await
            .unwrap();
        let reading = ReadingFields {
            started: Some(start),
            ..ReadingFields::default()
        };
        store.add_reading(user, created.id, &reading).await.unwrap();
        let dateless: EntryPatch = serde_json::from_str(r#"{"status": "read"}"#).unwrap();
        let version = store.book(user, created.id).await.unwrap().entry.version;
        let changed = store
            .update_entry(user, created.id, version, &dateless)
            .await;
        let loaded = store.book(user, created.id).await.unwrap();
        if finishes {
            assert!(changed.is_ok(), "{changed:?}");
            assert_eq!(loaded.readings[0].fields.finished, Some(start));
        } else {
            assert!(
                matches!(
                    &changed,
                    Err(StoreError::Invalid {
                        field: "status_date",
                        ..
                    })
                ),
                "a start a week ahead is not a reader's today: {changed:?}"
            );
            assert_eq!(loaded.readings[0].fields.finished, None);
        }
    }
}

/// Adds a book with `readings`, as an import would leave them, then applies each
/// status change on its date, and returns the book's readings.
async fn readings_after(
    store: &dyn Storage,
    user: UserId,
    title: &str,
    readings: &[ReadingFields],
    changes: &[(&str, &str)],
) -> Vec<ReadingFields> {
    let created = store
        .create_book(user, &book(title, "Jane Austen"))
        .await
        .unwrap();
    for reading in readings {
        store.add_reading(user, created.id, reading).await.unwrap();
    }
    // Each reading moved the entry's version on.
    let mut version = store.book(user, created.id).await.unwrap().entry.version;
    for (status, on) in changes {
        version = store
            .update_entry(user, created.id, version, &patch_status(status, on))
            .await
            .unwrap()
            .version;
    }
    let book = store.book(user, created.id).await.unwrap();
    book.readings.into_iter().map(|r| r.fields).collect()
}

fn patch_status(status: &str, on: &str) -> EntryPatch {
    serde_json::from_str(&format!(
        r#"{{"status": "{status}", "status_date": "{on}"}}"#
    ))
    .unwrap()
}

async fn labels_crud_and_attach(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    let created = store
        .create_book(id, &book("Emma", "Jane Austen"))
        .await
        .unwrap();

    for kind in [LabelKind::Shelf, LabelKind::Tag] {
        let label = store.create_label(id, kind, "  classics ").await.unwrap();
        assert_eq!(label.name, "classics");
        let duplicate = store.create_label(id, kind, "classics").await;
        assert!(
            matches!(duplicate, Err(StoreError::Duplicate { .. })),
            "{duplicate:?}"
        );
        // A name that differs only in letter case is the same label to a reader.
        let twin = store.create_label(id, kind, "Classics").await;
        assert!(
            matches!(&twin, Err(StoreError::Duplicate { value, .. }) if value == "classics"),
            "{twin:?}"
        );
        let hidden = store.create_label(id, kind, "classics\u{200B}").await;
        assert!(
            matches!(&hidden, Err(StoreError::Invalid { reason, .. }) if reason.contains("U+200B")),
            "{hidden:?}"
        );
        let other = store.create_label(id, kind, "Clássicos").await.unwrap();
        let renamed_twin = store
            .rename_label(id, kind, other.id, other.version, "CLASSICS")
            .await;
        assert!(
            matches!(renamed_twin, Err(StoreError::Duplicate { .. })),
            "{renamed_twin:?}"
        );
        let recased = store
            .rename_label(id, kind, other.id, other.version, "CLÁSSICOS")
            .await
            .unwrap();
        assert_eq!(
            recased.name, "CLÁSSICOS",
            "its own name in other case is allowed"
        );
        let version = recased.version;
        store
            .delete_label(id, kind, other.id, version)
            .await
            .unwrap();

        store
            .attach_label(id, kind, label.id, created.id)
            .await
            .unwrap();
        store
            .attach_label(id, kind, label.id, created.id)
            .await
            .unwrap();
        let listed = store.labels(id, kind).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].book_count, 1);

        // The attach moved the label's version, which covers its books.
        let renamed = store
            .rename_label(id, kind, label.id, listed[0].version, "favourites")
            .await
            .unwrap();
        assert_eq!(renamed.name, "favourites");
        let stale = store
            .rename_label(id, kind, label.id, listed[0].version, "x")
            .await;
        assert!(matches!(stale, Err(StoreError::VersionMismatch { .. })));

        store
            .detach_label(id, kind, label.id, created.id)
            .await
            .unwrap();
        let detached = store.label(id, kind, label.id).await.unwrap();
        assert_eq!(detached.book_count, 0);
        store
            .delete_label(id, kind, label.id, detached.version)
            .await
            .unwrap();
        assert!(store.labels(id, kind).await.unwrap().is_empty());
    }
    let empty = store.create_label(id, LabelKind::Shelf, "   ").await;
    assert!(matches!(empty, Err(StoreError::Invalid { .. })));
    assert!(
        store.book(id, created.id).await.is_ok(),
        "deleting labels keeps books"
    );
}

/// `ANA` could be created beside `ana`, two users that pass for one. A name that
/// differs from another only in letter case or character width is refused, naming
/// the existing user; the same name is a duplicate, as before.
async fn user_names_differ_beyond_case(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    store.create_user("ana", None).await.unwrap();
    store.create_user("Ana Clara", None).await.unwrap();

    for like in ["ANA", "Ana", "\u{ff41}\u{ff4e}\u{ff41}"] {
        let error = store.create_user(like, None).await.unwrap_err();
        assert!(
            matches!(&error, StoreError::UserNameLike { existing, .. } if existing == "ana"),
            "{like}: {error:?}"
        );
        let message = error.to_string();
        assert!(message.contains("existing user \"ana\""), "{message}");
        assert!(message.contains("choose another name"), "{message}");
    }
    let same = store.create_user("ana", None).await.unwrap_err();
    assert!(matches!(same, StoreError::Duplicate { .. }), "{same:?}");
    store.create_user("anna", None).await.unwrap();
    assert!(store.user_by_name("ANA").await.is_err());
}

/// Checks that the sweep of expired tokens deletes every user's tokens issued before the cutoff
/// and no others, by the RFC 3339 text the tokens store.
async fn tokens_issued_before_deleted(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (_, ana) = add_user(store.as_ref(), "ana").await;
    let (_, bia) = add_user(store.as_ref(), "bia").await;

    let kept = store
        .delete_tokens_issued_before("2000-01-01T00:00:00Z")
        .await
        .unwrap();
    assert_eq!(kept, 0);
    assert!(store.token_owner(&ana.hash()).await.is_ok());

    let deleted = store
        .delete_tokens_issued_before("2999-01-01T00:00:00Z")
        .await
        .unwrap();
    assert_eq!(deleted, 2);
    for token in [ana, bia] {
        let gone = store.token_owner(&token.hash()).await;
        assert!(matches!(gone, Err(StoreError::NotFound(_))), "{gone:?}");
    }
}

async fn users_are_isolated(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (ana, _) = add_user(store.as_ref(), "ana").await;
    let (bia, _) = add_user(store.as_ref(), "bia").await;
    let created = store
        .create_book(ana.user_id(), &book("Emma", "Jane Austen"))
        .await
        .unwrap();
    let shelf = store
        .create_label(ana.user_id(), LabelKind::Shelf, "mine")
        .await
        .unwrap();
    let reading = store
        .add_reading(ana.user_id(), created.id, &ReadingFields::default())
        .await
        .unwrap();
    let b = bia.user_id();

    assert!(matches!(
        store.book(b, created.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.update_book(b, created.id, 1, &created.fields).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store
            .update_entry(b, created.id, 1, &EntryPatch::default())
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.delete_book(b, created.id, 1, None).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.reading(b, reading.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store
            .add_reading(b, created.id, &ReadingFields::default())
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.label(b, LabelKind::Shelf, shelf.id).await,
        Err(StoreError::NotFound(_))
    ));
    let own_shelf = store
        .create_label(b, LabelKind::Shelf, "mine")
        .await
        .unwrap();
    assert!(matches!(
        store
            .attach_label(b, LabelKind::Shelf, own_shelf.id, created.id)
            .await,
        Err(StoreError::NotFound(_))
    ));
    let listed = store.list_books(b, &BookQuery::default()).await.unwrap();
    assert_eq!(listed.total, 0);
    let searched = store
        .list_books(
            b,
            &BookQuery {
                q: Some("emma".into()),
                ..BookQuery::default()
            },
        )
        .await
        .unwrap();
    assert!(searched.items.is_empty());
}

async fn duplicate_isbn_conflicts(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let mut new = book("Dune", "Frank Herbert");
    new.fields.isbn13 = Some("9780441013593".to_string());
    let first = store.create_book(user.user_id(), &new).await.unwrap();

    let again = store.create_book(user.user_id(), &new).await;

    // The error names the book that has the ISBN, which search cannot find by it.
    let Err(StoreError::IsbnTaken {
        isbn,
        book_id,
        title,
    }) = again
    else {
        panic!("{again:?}");
    };
    assert_eq!(isbn, "9780441013593");
    assert_eq!(book_id, first.id);
    assert_eq!(title, "Dune");
    let listed = store
        .list_books(user.user_id(), &BookQuery::default())
        .await
        .unwrap();
    assert_eq!(listed.total, 1, "the failed insert left nothing behind");
}

async fn search_folds_and_prefixes(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    store
        .create_book(id, &book("Crème Brûlée Stories", "José Saramago"))
        .await
        .unwrap();
    store
        .create_book(id, &book("三体", "刘慈欣"))
        .await
        .unwrap();
    let tagged = store
        .create_book(id, &book("Plain Title", "Someone Else"))
        .await
        .unwrap();
    let tag = store
        .create_label(id, LabelKind::Tag, "cozy-mystery")
        .await
        .unwrap();
    store
        .attach_label(id, LabelKind::Tag, tag.id, tagged.id)
        .await
        .unwrap();
    let patch: EntryPatch = serde_json::from_str(r#"{"review": "a quiet lighthouse"}"#).unwrap();
    store.update_entry(id, tagged.id, 1, &patch).await.unwrap();

    let titles = |query: &'static str| {
        let store = store.clone();
        async move {
            let page = store
                .list_books(
                    id,
                    &BookQuery {
                        q: Some(query.into()),
                        ..BookQuery::default()
                    },
                )
                .await
                .unwrap();
            page.items.into_iter().map(|b| b.title).collect::<Vec<_>>()
        }
    };

    assert_eq!(titles("creme").await, vec!["Crème Brûlée Stories"]);
    assert_eq!(titles("BRÛL").await, vec!["Crème Brûlée Stories"]);
    assert_eq!(titles("saram stor").await, vec!["Crème Brûlée Stories"]);
    assert_eq!(titles("三体").await, vec!["三体"]);
    assert_eq!(titles("cozy").await, vec!["Plain Title"]);
    assert_eq!(titles("lighthouse").await, vec!["Plain Title"]);
    assert!(titles("saramago plain").await.is_empty());
    assert_eq!(titles("   ").await.len(), 3, "a blank search is no filter");
    assert!(
        titles("\"-:*&|!()").await.is_empty(),
        "punctuation alone has no word to find"
    );

    // Letters without a decomposition are spelled as catalogues file them, on both
    // sides: `stanislaw` finds Stanisław, and `Łódź` finds it too.
    let lodz = store
        .create_book(id, &book("Łódź Stories", "Stanisław Lem"))
        .await
        .unwrap();
    store
        .create_book(id, &book("Ærø and Øresund", "Þórbergur Þórðarson"))
        .await
        .unwrap();
    for (query, title) in [
        ("stanislaw", "Łódź Stories"),
        ("lodz", "Łódź Stories"),
        ("ŁÓDŹ", "Łódź Stories"),
        ("aero oresund", "Ærø and Øresund"),
        ("thordarson", "Ærø and Øresund"),
    ] {
        assert_eq!(titles(query).await, vec![title], "{query}");
    }

    // A library indexed before the spelling is rewritten once, at start-up.
    let old_document = match backend {
        Backend::Sqlite => format!(
            "UPDATE book_search SET body = 'łodz stories stanisław lem' WHERE rowid = {}",
            lodz.id
        ),
        Backend::Postgres => format!(
            "UPDATE book_search SET body = to_tsvector('simple', 'łodz stories stanisław lem') \
             WHERE book_id = {}",
            lodz.id
        ),
    };
    execute_raw(
        &db,
        backend,
        &[
            &old_document,
            "INSERT INTO pending_rekeys (name) VALUES ('search_documents')",
        ],
    )
    .await;
    assert!(titles("lodz").await.is_empty(), "the old document");
    store.migrate().await.unwrap();
    assert_eq!(titles("lodz").await, vec!["Łódź Stories"]);
    assert_eq!(titles("stanislaw").await, vec!["Łódź Stories"]);
}

async fn pages_cover_every_book_once(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    for n in 0..23 {
        let mut new = book(&format!("Book {:02}", n % 7), &format!("Author {}", n % 3));
        new.fields.pages = (n % 4 != 0).then_some(100 + n % 5);
        new.entry = Some(EntryFields {
            rating: (n % 3 != 0).then(|| Rating::from_quarters(n % 20 + 1).unwrap()),
            ..EntryFields::default()
        });
        store.create_book(id, &new).await.unwrap();
    }

    for sort in [
        SortKey::Title,
        SortKey::Author,
        SortKey::Rating,
        SortKey::Pages,
        SortKey::Added,
        SortKey::Read,
        SortKey::Id,
    ] {
        for order in [SortOrder::Asc, SortOrder::Desc] {
            let mut query = BookQuery {
                sort: Some(sort),
                order,
                limit: Some(5),
                ..BookQuery::default()
            };
            let mut seen = Vec::new();
            loop {
                let page = store.list_books(id, &query).await.unwrap();
                assert_eq!(page.total, 23, "{sort:?} {order:?}");
                assert!(page.total_exact, "{sort:?} {order:?}");
                seen.extend(page.items.iter().map(|b| b.id));
                match page.next_cursor {
                    Some(cursor) => query.cursor = Some(cursor),
                    None => break,
                }
            }
            let mut unique = seen.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), 23, "{sort:?} {order:?} saw {seen:?}");
            assert_eq!(seen.len(), 23, "{sort:?} {order:?} repeated a book");
        }
    }

    let by_title = store
        .list_books(
            id,
            &BookQuery {
                limit: Some(100),
                ..BookQuery::default()
            },
        )
        .await
        .unwrap();
    let titles: Vec<&str> = by_title.items.iter().map(|b| b.title.as_str()).collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted);

    let wrong_sort = BookQuery {
        sort: Some(SortKey::Rating),
        cursor: store
            .list_books(
                id,
                &BookQuery {
                    limit: Some(5),
                    ..BookQuery::default()
                },
            )
            .await
            .unwrap()
            .next_cursor,
        ..BookQuery::default()
    };
    assert!(matches!(
        store.list_books(id, &wrong_sort).await,
        Err(StoreError::Invalid {
            field: "cursor",
            ..
        })
    ));
    let too_big = BookQuery {
        limit: Some(5000),
        ..BookQuery::default()
    };
    assert!(matches!(
        store.list_books(id, &too_big).await,
        Err(StoreError::Invalid { field: "limit", .. })
    ));
}

async fn filters_narrow_the_list(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    let read = store.create_book(id, &book("Read One", "A")).await.unwrap();
    let other = store.create_book(id, &book("Other", "B")).await.unwrap();
    let patch: EntryPatch = serde_json::from_str(r#"{"status": "read", "rating": 4}"#).unwrap();
    store.update_entry(id, read.id, 1, &patch).await.unwrap();
    let finished = ReadingFields {
        finished: Some(date("2021-06-01")),
        ..ReadingFields::default()
    };
    store.add_reading(id, read.id, &finished).await.unwrap();
    let shelf = store
        .create_label(id, LabelKind::Shelf, "owned")
        .await
        .unwrap();
    store
        .attach_label(id, LabelKind::Shelf, shelf.id, other.id)
        .await
        .unwrap();

    let ids = |query: BookQuery| {
        let store = store.clone();
        async move {
            let page = store.list_books(id, &query).await.unwrap();
            page.items.into_iter().map(|b| b.id).collect::<Vec<_>>()
        }
    };

    let status = BookQuery {
        status: Some(ReadingStatus::Read),
        ..BookQuery::default()
    };
    assert_eq!(ids(status).await, vec![read.id]);
    assert_eq!(
        ids(BookQuery {
            min_rating: Some(3.75),
            ..BookQuery::default()
        })
        .await,
        vec![read.id]
    );
    assert_eq!(
        ids(BookQuery {
            year_read: Some(2021),
            ..BookQuery::default()
        })
        .await,
        vec![read.id]
    );
    assert!(
        ids(BookQuery {
            year_read: Some(2022),
            ..BookQuery::default()
        })
        .await
        .is_empty()
    );
    assert_eq!(
        ids(BookQuery {
            shelf: Some("owned".into()),
            ..BookQuery::default()
        })
        .await,
        vec![other.id]
    );
    // Shelves differ by more than letter case, so another case names the same one.
    assert_eq!(
        ids(BookQuery {
            shelf: Some("OWNED".into()),
            ..BookQuery::default()
        })
        .await,
        vec![other.id]
    );
    assert!(
        ids(BookQuery {
            tag: Some("none".into()),
            ..BookQuery::default()
        })
        .await
        .is_empty()
    );
    let summary = store.list_books(id, &BookQuery::default()).await.unwrap();
    let row = summary.items.iter().find(|b| b.id == read.id).unwrap();
    assert_eq!(row.last_read.as_deref(), Some("2021-06-01"));
    assert_eq!(row.authors, vec!["A"]);
}

async fn stats_count_readings(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    let mut long = book("Long", "Tolstoy");
    long.fields.pages = Some(1200);
    let long = store.create_book(id, &long).await.unwrap();
    let short = store
        .create_book(id, &book("Short", "Chekhov"))
        .await
        .unwrap();
    for (book_id, finished) in [
        (long.id, "2022-03-04"),
        (long.id, "2023-01"),
        (short.id, "2023-11-30"),
    ] {
        let reading = ReadingFields {
            finished: Some(date(finished)),
            ..ReadingFields::default()
        };
        store.add_reading(id, book_id, &reading).await.unwrap();
    }
    let rate: EntryPatch = serde_json::from_str(r#"{"rating": 4.5, "status": "read"}"#).unwrap();
    let entry_version = store.book(id, long.id).await.unwrap().entry.version;
    store
        .update_entry(id, long.id, entry_version, &rate)
        .await
        .unwrap();
    let unread = store
        .create_book(id, &book("Unread", "Nobody"))
        .await
        .unwrap();
    let rate_unread: EntryPatch = serde_json::from_str(r#"{"rating": 1}"#).unwrap();
    store
        .update_entry(id, unread.id, 1, &rate_unread)
        .await
        .unwrap();

    let year = store.stats(id, Some(2023)).await.unwrap();
    assert_eq!(year.books_read, 2);
    assert_eq!(year.pages_read, 1200);
    assert_eq!(year.books_per_month[0], 1);
    assert_eq!(year.books_per_month[10], 1);
    assert_eq!(year.pages_per_month[0], 1200);
    assert_eq!(year.missing_pages, 1);
    assert_eq!(
        year.rating_distribution.len(),
        1,
        "only books read in 2023 count"
    );
    assert_eq!(year.average_rating, Some(4.5));
    assert_eq!(year.top_authors[0].name, "Chekhov");

    let all = store.stats(id, None).await.unwrap();
    assert_eq!(all.books_read, 3);
    assert_eq!(all.pages_read, 2400);
    assert!(all.books_per_month.is_empty());
    let authors: Vec<(&str, i64)> = all
        .top_authors
        .iter()
        .map(|a| (a.name.as_str(), a.count))
        .collect();
    assert_eq!(
        authors,
        vec![("Chekhov", 1), ("Tolstoy", 1)],
        "a re-read is one book for its author, and ties sort by name"
    );
    assert_eq!(
        all.rating_distribution.iter().map(|r| r.count).sum::<i64>(),
        2
    );
    assert_eq!(all.average_rating, Some(2.75));
    assert_eq!(all.missing_dates, 0);
    let statuses: Vec<(String, i64)> = all
        .status_counts
        .iter()
        .map(|s| (s.name.clone(), s.count))
        .collect();
    assert_eq!(
        statuses,
        vec![("want_to_read".to_string(), 2), ("read".to_string(), 1)]
    );
}

async fn delete_removes_from_search(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id: UserId = user.user_id();
    let created = store
        .create_book(id, &book("Ephemeral", "Nobody"))
        .await
        .unwrap();
    store
        .delete_book(id, created.id, created.version, None)
        .await
        .unwrap();

    let query = BookQuery {
        q: Some("ephemeral".into()),
        ..BookQuery::default()
    };
    let found = store.list_books(id, &query).await.unwrap();

    assert_eq!(found.total, 0);
    assert!(found.items.is_empty());
}

async fn import_repairs_backwards_reading(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    // A StoryGraph row whose reading ends ten days before it starts.
    let mut record = estante_backend::model::LibraryRecord {
        book: book("Backwards", "Someone").fields,
        ..Default::default()
    };
    record.readings.push(ReadingFields {
        started: Some(date("2025-04-14")),
        finished: Some(date("2025-04-04")),
        ..ReadingFields::default()
    });
    let parsed = ParsedImport {
        format: ImportFormat::Storygraph,
        rows: vec![ParsedRow {
            row: 1,
            record,
            notes: Vec::new(),
            problems: Vec::new(),
        }],
        rejected: Vec::new(),
        notes: Vec::new(),
    };

    let report = store.import(user.user_id(), &parsed).await.unwrap();

    assert_eq!(report.flagged, 1);
    let reason = report.rows[0].reason.clone().unwrap();
    assert!(reason.contains("start date was left empty"), "{reason}");
    let stored = store.export(user.user_id()).await.unwrap();
    assert_eq!(stored[0].readings.len(), 1);
    assert_eq!(stored[0].readings[0].started, None);
    assert_eq!(stored[0].readings[0].finished, Some(date("2025-04-04")));
}

/// Two clients that each started a book from a stale screen made two open readings,
/// and finishing them counted one read twice. A book now has one open reading at
/// most, through either adding a reading or changing one.
async fn one_open_reading_per_book(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    let book_id = store
        .create_book(id, &book("Earthsea", "Ursula K. Le Guin"))
        .await
        .unwrap()
        .id;
    let open = |started: &str| ReadingFields {
        started: Some(date(started)),
        ..ReadingFields::default()
    };
    let first = store
        .add_reading(id, book_id, &open("2026-01-02"))
        .await
        .unwrap();

    let second = store.add_reading(id, book_id, &open("2026-01-03")).await;
    let Err(StoreError::Invalid { field, reason }) = second else {
        panic!("a second open reading was taken: {second:?}");
    };
    assert_eq!(field, "started");
    assert!(reason.contains(&first.id.to_string()), "{reason}");

    // A past read beside the open one is fine, and so is changing the open one.
    let past = ReadingFields {
        finished: Some(date("2025-05-06")),
        ..open("2025-04-05")
    };
    let past = store.add_reading(id, book_id, &past).await.unwrap();
    store
        .update_reading(id, first.id, first.version, &open("2026-01-01"))
        .await
        .unwrap();

    // Reopening the past read would make a second open one.
    let reopened = store
        .update_reading(id, past.id, past.version, &open("2025-04-05"))
        .await;
    assert!(
        matches!(
            reopened,
            Err(StoreError::Invalid {
                field: "started",
                ..
            })
        ),
        "{reopened:?}"
    );
    assert_eq!(store.book(id, book_id).await.unwrap().readings.len(), 2);
}

/// A client saw a shelf empty and asked to delete it with that version, after another
/// client had put a book on it. The delete went through and the book lost the shelf.
/// Putting books on a label, taking them off and importing onto it now move its
/// version, so such a delete gets a version mismatch.
async fn label_version_covers_its_books(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    let emma = store
        .create_book(id, &book("Emma", "Jane Austen"))
        .await
        .unwrap();

    for kind in [LabelKind::Shelf, LabelKind::Tag] {
        let empty = store.create_label(id, kind, "classics").await.unwrap();
        store
            .attach_label(id, kind, empty.id, emma.id)
            .await
            .unwrap();
        let stale = store.delete_label(id, kind, empty.id, empty.version).await;
        assert!(
            matches!(stale, Err(StoreError::VersionMismatch { .. })),
            "{kind:?}: {stale:?}"
        );

        // Attaching again changes nothing, so the version stays.
        let attached = store.label(id, kind, empty.id).await.unwrap();
        store
            .attach_label(id, kind, empty.id, emma.id)
            .await
            .unwrap();
        let again = store.label(id, kind, empty.id).await.unwrap();
        assert_eq!(again.version, attached.version, "{kind:?}");

        store
            .detach_label(id, kind, empty.id, emma.id)
            .await
            .unwrap();
        let detached = store.label(id, kind, empty.id).await.unwrap();
        assert!(detached.version > attached.version, "{kind:?}");

        // A new book the first time, and the same book merged the second.
        let mut record = estante_backend::model::LibraryRecord {
            book: book("Persuasion", "Jane Austen").fields,
            ..Default::default()
        };
        match kind {
            LabelKind::Shelf => record.shelves = vec!["classics".to_string()],
            LabelKind::Tag => record.tags = vec!["classics".to_string()],
        }
        store.import(id, &parsed(vec![record])).await.unwrap();
        let imported = store.label(id, kind, empty.id).await.unwrap();
        assert_eq!(imported.book_count, 1, "{kind:?}");
        assert!(imported.version > detached.version, "{kind:?}");
    }
}

fn parsed(records: Vec<estante_backend::model::LibraryRecord>) -> ParsedImport {
    ParsedImport {
        format: ImportFormat::Goodreads,
        rows: records
            .into_iter()
            .enumerate()
            .map(|(i, record)| ParsedRow {
                row: i + 1,
                record,
                notes: Vec::new(),
                problems: Vec::new(),
            })
            .collect(),
        rejected: Vec::new(),
        notes: Vec::new(),
    }
}

async fn merged_isbn_matches_later_rows(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let record = |title: &str, goodreads: Option<&str>, isbn: Option<&str>| {
        let mut fields = book(title, "Someone").fields;
        fields.goodreads_id = goodreads.map(str::to_string);
        fields.isbn13 = isbn.map(str::to_string);
        estante_backend::model::LibraryRecord {
            book: fields,
            ..Default::default()
        }
    };
    let first = parsed(vec![record("Known", Some("77"), None)]);
    store.import(user.user_id(), &first).await.unwrap();

    // Row 1 gives the book its ISBN through the Goodreads id; row 2 names the same ISBN
    // under another title and must land on the same book, not collide with it.
    let second = parsed(vec![
        record("Known", Some("77"), Some("9780441013593")),
        record("Known, another edition title", None, Some("9780441013593")),
    ]);
    let report = store.import(user.user_id(), &second).await.unwrap();

    assert_eq!(report.merged, 2, "{:?}", report.rows);
    let all = store.export(user.user_id()).await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].book.isbn13.as_deref(), Some("9780441013593"));
}

/// An archive edited by hand and imported back merged into its books, which keep
/// their own values, and the row reported only "merged". It now names the values that
/// the library kept, and an unedited record adds no note.
async fn archive_edits_not_taken_are_named(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    for (title, isbn) in [("Edited", "9780316129084"), ("Untouched", "9780441013593")] {
        let mut new = book(title, "A");
        new.fields.isbn13 = Some(isbn.to_string());
        new.entry = Some(EntryFields {
            status: ReadingStatus::Read,
            rating: Some(Rating::from_stars(5.0).unwrap()),
            review: Some("First thoughts".to_string()),
            ..EntryFields::default()
        });
        store.create_book(id, &new).await.unwrap();
    }
    let before = store.export(id).await.unwrap();
    let mut edited = before.clone();
    edited[0].book.title = "Edited, renamed".to_string();
    edited[0].entry.rating = Some(Rating::from_stars(2.75).unwrap());
    edited[0].entry.review = Some("Second thoughts".to_string());
    let bytes =
        estante_backend::export::archive::write_archive(&edited, chrono::Utc::now()).unwrap();
    let archive = estante_backend::import::parse(&bytes, None).unwrap();

    let report = store.import(id, &archive).await.unwrap();

    assert_eq!(report.merged, 2, "{:?}", report.rows);
    let reason = report.rows[0].reason.as_deref().unwrap();
    for field in ["title", "entry.rating", "entry.review"] {
        assert!(reason.contains(field), "{field}: {reason}");
    }
    let untouched = report.rows[1].reason.as_deref().unwrap();
    assert!(!untouched.contains("kept its own"), "{untouched}");
    assert_eq!(store.export(id).await.unwrap(), before);
}

/// Checks that an archive, which has one record per book, keeps two hand-entered
/// books with one title and author apart. Imported into another library they stay two
/// books, and imported into the library they came from they add nothing.
/// A record with two readings in progress, or a second StoryGraph row of a book with
/// another start, gave the book two open readings. Both finished on the next status
/// change, and the year counted one read twice.
async fn import_keeps_one_open_reading(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    let open = |started: &str| ReadingFields {
        started: Some(date(started)),
        ..ReadingFields::default()
    };
    let record = |readings: Vec<ReadingFields>| {
        let mut record = estante_backend::model::LibraryRecord {
            book: book("Twice Open", "A").fields,
            readings,
            ..Default::default()
        };
        record.entry.status = ReadingStatus::Reading;
        record
    };
    let parsed = |records: Vec<estante_backend::model::LibraryRecord>| ParsedImport {
        format: ImportFormat::Storygraph,
        rows: records
            .into_iter()
            .enumerate()
            .map(|(index, record)| ParsedRow {
                row: index + 1,
                record,
                notes: Vec::new(),
                problems: Vec::new(),
            })
            .collect(),
        rejected: Vec::new(),
        notes: Vec::new(),
    };

    let first = store
        .import(
            id,
            &parsed(vec![record(vec![open("2024-05-01"), open("2024-06-01")])]),
        )
        .await
        .unwrap();
    assert_eq!(first.flagged, 1, "{:?}", first.rows);
    let reason = first.rows[0].reason.as_deref().unwrap();
    assert!(reason.contains("started 2024-05-01"), "{reason}");
    let second = store
        .import(id, &parsed(vec![record(vec![open("2024-07-01")])]))
        .await
        .unwrap();
    assert_eq!(second.merged, 1, "{:?}", second.rows);
    let reason = second.rows[0].reason.as_deref().unwrap();
    assert!(reason.contains("started 2024-07-01"), "{reason}");

    let stored = store.export(id).await.unwrap();
    assert_eq!(stored.len(), 1);
    let readings: Vec<_> = stored[0].readings.iter().map(|r| r.started).collect();
    assert_eq!(readings, [Some(date("2024-06-01"))]);
}

/// A row with the ISBN of a book of another title and author merged into it, and the
/// row's reason was only "same ISBN", though the file's title and author were dropped.
async fn isbn_merge_names_other_title(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    let file = |title: &str, author: &str| {
        let csv =
            format!("Title,Author,ISBN13,Exclusive Shelf\n{title},{author},9780306406157,read\n");
        estante_backend::import::parse(csv.as_bytes(), None).unwrap()
    };
    store.import(id, &file("Book One", "Auth A")).await.unwrap();

    let same = store.import(id, &file("Book One", "Auth A")).await.unwrap();
    let other = store
        .import(id, &file("Other Book", "Auth B"))
        .await
        .unwrap();

    assert_eq!(same.merged, 1);
    let reason = same.rows[0].reason.as_deref().unwrap();
    assert!(!reason.contains("check the identifier"), "{reason}");
    assert_eq!(other.merged, 1);
    let reason = other.rows[0].reason.as_deref().unwrap();
    assert!(
        reason.contains("\"Other Book\" by \"Auth B\"") && reason.contains("check the identifier"),
        "{reason}"
    );
    let stored = store.export(id).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].book.title, "Book One");
}

/// Two records of an archive with one ISBN-13 made the whole import fail with a
/// conflict that named no row, and none of the archive's books came in.
async fn archive_records_sharing_isbn_all_come_in(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (ana, _) = add_user(store.as_ref(), "ana").await;
    let record = |title: &str, isbn: Option<&str>| {
        let mut record = estante_backend::model::LibraryRecord {
            book: book(title, "Anon").fields,
            ..Default::default()
        };
        record.book.isbn13 = isbn.map(str::to_string);
        record
    };
    let records = [
        record("First", Some("9780306406157")),
        record("Second", Some("9780306406157")),
        record("Third", None),
    ];
    let bytes =
        estante_backend::export::archive::write_archive(&records, chrono::Utc::now()).unwrap();
    let archive = estante_backend::import::parse(&bytes, None).unwrap();

    let report = store.import(ana.user_id(), &archive).await.unwrap();

    assert_eq!(
        (report.imported, report.flagged, report.rejected),
        (2, 1, 0),
        "{:?}",
        report.rows
    );
    let second = report.rows.iter().find(|row| row.row == 2).unwrap();
    let reason = second.reason.as_deref().unwrap();
    assert!(
        reason.contains("9780306406157 is already on book"),
        "{reason}"
    );
    let stored = store.export(ana.user_id()).await.unwrap();
    assert_eq!(stored.len(), 3);
    let second = stored.iter().find(|r| r.book.title == "Second").unwrap();
    assert_eq!(second.book.isbn13, None);
    let first = stored.iter().find(|r| r.book.title == "First").unwrap();
    assert_eq!(first.book.isbn13.as_deref(), Some("9780306406157"));
}

async fn archive_keeps_same_titled_books(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (ana, _) = add_user(store.as_ref(), "ana").await;
    let (bia, _) = add_user(store.as_ref(), "bia").await;
    let with_pages = |title: &str, pages: Option<i64>| {
        let mut new = book(title, "Anon");
        new.fields.pages = pages;
        new
    };
    for new in [
        with_pages("Poems", Some(100)),
        with_pages("Poems", Some(240)),
        with_pages("Notebook", None),
        with_pages("Notebook", None),
        with_pages("Letters", None),
    ] {
        store.create_book(ana.user_id(), &new).await.unwrap();
    }
    let records = store.export(ana.user_id()).await.unwrap();
    let bytes =
        estante_backend::export::archive::write_archive(&records, chrono::Utc::now()).unwrap();
    let archive = estante_backend::import::parse(&bytes, None).unwrap();

    let into_other = store.import(bia.user_id(), &archive).await.unwrap();
    assert_eq!(
        (into_other.imported, into_other.flagged, into_other.merged),
        (3, 2, 0),
        "{:?}",
        into_other.rows
    );
    for row in into_other.rows.iter().filter(|row| row.reason.is_some()) {
        let reason = row.reason.as_deref().unwrap();
        assert!(reason.contains("kept as a book of its own"), "{reason}");
    }
    let mut copied = store.export(bia.user_id()).await.unwrap();
    let mut original = records.clone();
    let order = |record: &estante_backend::model::LibraryRecord| {
        (record.book.title.clone(), record.book.pages)
    };
    copied.sort_by_key(order);
    original.sort_by_key(order);
    assert_eq!(copied, original);

    // Into the library it came from, each record finds its own book.
    let again = store.import(ana.user_id(), &archive).await.unwrap();
    assert_eq!(
        (again.imported, again.flagged, again.merged),
        (0, 0, 5),
        "{:?}",
        again.rows
    );
    let ids: std::collections::HashSet<_> = again.rows.iter().map(|row| row.book_id).collect();
    assert_eq!(ids.len(), 5, "one record for each book: {:?}", again.rows);
    assert_eq!(store.export(ana.user_id()).await.unwrap(), records);
}

/// Checks that an archive matches books whose first contributor is a narrator or a
/// translator. Such a book is stored under its first author's name. Its archive record was matched by the first contributor
/// instead, so importing a library's own archive added a second copy of each such
/// book that had no identifier.
async fn archive_matches_books_credited_first_to_others(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    let credit = |name: &str, role: ContributorRole| Contributor {
        name: name.to_string(),
        role,
    };
    for (title, first) in [
        (
            "Narrator First",
            credit("Nora Narr", ContributorRole::Narrator),
        ),
        (
            "Translator First",
            credit("Tina Trans", ContributorRole::Translator),
        ),
        ("Author First", credit("Ann Auth", ContributorRole::Author)),
    ] {
        let mut new = book(title, "Ann Auth");
        new.fields.contributors.insert(0, first);
        new.fields.contributors.dedup();
        store.create_book(id, &new).await.unwrap();
    }
    let records = store.export(id).await.unwrap();
    let bytes =
        estante_backend::export::archive::write_archive(&records, chrono::Utc::now()).unwrap();
    let archive = estante_backend::import::parse(&bytes, None).unwrap();

    let again = store.import(id, &archive).await.unwrap();

    assert_eq!(
        (again.imported, again.flagged, again.merged),
        (0, 0, 3),
        "{:?}",
        again.rows
    );
    assert_eq!(store.export(id).await.unwrap(), records);
}

/// Checks that a library's own Goodreads export, imported back, changes nothing. The
/// file keeps only the last finish date and a count of reads. A book read twice came
/// back with two more readings, and a book being read with a second open one. A
/// did-not-finish book landed on a new `did-not-finish` shelf. A shelf spelled in
/// other letter case in a file goes on the library's shelf.
async fn goodreads_round_trip_changes_nothing(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    let with_status = |title: &str, status: ReadingStatus| {
        let mut new = book(title, "Ann Reader");
        new.entry = Some(EntryFields {
            status,
            date_added: Some(date("2020-01-01")),
            ..EntryFields::default()
        });
        new
    };
    let reread = store
        .create_book(id, &with_status("Reread Twice", ReadingStatus::Read))
        .await
        .unwrap();
    for (started, finished) in [("2021-01-01", "2021-02-01"), ("2023-05", "2023-06")] {
        let reading = ReadingFields {
            started: Some(date(started)),
            finished: Some(date(finished)),
            ..ReadingFields::default()
        };
        store.add_reading(id, reread.id, &reading).await.unwrap();
    }
    store
        .create_book(id, &with_status("Open Reading", ReadingStatus::Reading))
        .await
        .unwrap();
    let dropped = store
        .create_book(id, &with_status("Dropped", ReadingStatus::DidNotFinish))
        .await
        .unwrap();
    // Read, with no reading recorded: the export writes a count of 0.
    store
        .create_book(id, &with_status("Read Undated", ReadingStatus::Read))
        .await
        .unwrap();
    let fav = store
        .create_label(id, LabelKind::Shelf, "Fav")
        .await
        .unwrap();
    store
        .attach_label(id, LabelKind::Shelf, fav.id, dropped.id)
        .await
        .unwrap();
    // The export writes tags among the shelves, which once came back as new shelves.
    let plain = store
        .create_label(id, LabelKind::Tag, "Plain")
        .await
        .unwrap();
    store
        .attach_label(id, LabelKind::Tag, plain.id, dropped.id)
        .await
        .unwrap();
    let before = store.export(id).await.unwrap();

    let csv = estante_backend::export::goodreads::write_goodreads_csv(&before).unwrap();
    let mut parsed = estante_backend::import::parse(&csv, None).unwrap();
    let report = store.import(id, &parsed).await.unwrap();
    assert_eq!(report.merged, 4, "{:?}", report.rows);
    assert_eq!(store.export(id).await.unwrap(), before);

    // The same file with the shelf in lower case.
    for row in &mut parsed.rows {
        for shelf in &mut row.record.shelves {
            *shelf = shelf.to_lowercase();
        }
    }
    store.import(id, &parsed).await.unwrap();
    assert_eq!(store.export(id).await.unwrap(), before);
    let shelves = store.labels(id, LabelKind::Shelf).await.unwrap();
    assert_eq!(shelves.len(), 1, "{shelves:?}");
    let tags = store.labels(id, LabelKind::Tag).await.unwrap();
    assert_eq!(tags.len(), 1, "{tags:?}");
}

/// Checks that an import fills a count of 0 pages and keeps the earlier date added.
/// A book entered by hand with 0 pages and today's date kept both when a Goodreads
/// row with 288 pages, added in 2009, merged into it.
async fn import_fills_zero_pages_and_earlier_date(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    let mut new = book("Middlemarch", "George Eliot");
    new.fields.pages = Some(0);
    new.entry = Some(EntryFields {
        date_added: Some(date("2026-01-02")),
        ..EntryFields::default()
    });
    let created = store.create_book(id, &new).await.unwrap();
    let csv = "Title,Author,Number of Pages,Date Added,Exclusive Shelf\n\
               Middlemarch,George Eliot,288,2009/10/30,read\n";
    let parsed = estante_backend::import::parse(csv.as_bytes(), None).unwrap();

    let report = store.import(id, &parsed).await.unwrap();

    assert_eq!(report.merged, 1, "{:?}", report.rows);
    let merged = store.book(id, created.id).await.unwrap();
    assert_eq!(merged.fields.pages, Some(288));
    assert_eq!(merged.entry.fields.date_added, Some(date("2009-10-30")));
}

/// Checks that an import keeps a book whose review is over 1 MiB. Such a review
/// rejected the whole row, book and all. The
/// book now comes in without the review, flagged with the reason.
async fn import_leaves_out_oversized_review(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    let review = "long words ".repeat(200_000);
    let csv =
        format!("Title,Author,My Review,Exclusive Shelf\nLong Winded,A Reader,{review},read\n");
    let parsed = estante_backend::import::parse(csv.as_bytes(), None).unwrap();

    let report = store.import(id, &parsed).await.unwrap();

    assert_eq!(report.flagged, 1, "{:?}", report.rows);
    let reason = report.rows[0].reason.as_deref().unwrap();
    assert!(
        reason.contains("review") && reason.contains("1 MiB"),
        "{reason}"
    );
    let stored = store.export(id).await.unwrap();
    assert_eq!(stored[0].book.title, "Long Winded");
    assert_eq!(stored[0].entry.review, None);
}

/// A title with an escape sequence came in as the file gave it, and the
/// year-in-review report wrote the escape raw to the reader's terminal.
async fn import_replaces_control_characters(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    let csv = "Title,Author,Exclusive Shelf,My Review,Bookshelves\n\
               \"Dune\u{1b}[2J\tMessiah\",\"Frank\u{7}Herbert\",read,\"Two\n\nparagraphs\",\"sci\tfi, ok\"\n\
               Plain,Someone,read,,\n";
    let parsed = estante_backend::import::parse(csv.as_bytes(), None).unwrap();

    let report = store.import(id, &parsed).await.unwrap();

    assert_eq!(
        (report.flagged, report.imported),
        (1, 1),
        "{:?}",
        report.rows
    );
    let reason = report.rows[0].reason.as_deref().unwrap();
    assert!(
        reason.contains("title") && reason.contains("U+001B"),
        "{reason}"
    );
    assert!(
        reason.contains("contributors") && reason.contains("U+0007"),
        "{reason}"
    );
    assert!(
        reason.contains("shelf") && reason.contains("U+0009"),
        "{reason}"
    );
    let stored = store.export(id).await.unwrap();
    let dune = stored
        .iter()
        .find(|r| r.book.title.starts_with("Dune"))
        .unwrap();
    assert_eq!(dune.book.title, "Dune [2J Messiah");
    assert_eq!(dune.book.contributors[0].name, "Frank Herbert");
    assert_eq!(dune.entry.review.as_deref(), Some("Two\n\nparagraphs"));
    assert_eq!(dune.shelves, ["ok", "sci fi"]);
}

/// Progress of page 500 in a 300-page book was stored as given.
async fn progress_past_pages_rejected(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    let mut new = book("Short", "A");
    new.fields.pages = Some(300);
    let created = store.create_book(id, &new).await.unwrap();
    let at = |progress, unit| ReadingFields {
        started: Some(date("2026-01-02")),
        progress: Some(progress),
        progress_unit: Some(unit),
        ..ReadingFields::default()
    };

    let past = store
        .add_reading(id, created.id, &at(500, ProgressUnit::Pages))
        .await;
    match past {
        Err(StoreError::Invalid { field, reason }) => {
            assert_eq!(field, "progress");
            assert!(reason.contains("300 pages"), "{reason}");
        }
        other => panic!("{other:?}"),
    }

    let reading = store
        .add_reading(id, created.id, &at(120, ProgressUnit::Pages))
        .await
        .unwrap();
    let moved = store
        .update_reading(id, reading.id, 1, &at(301, ProgressUnit::Pages))
        .await;
    assert!(
        matches!(moved, Err(StoreError::Invalid { .. })),
        "{moved:?}"
    );
    store
        .update_reading(id, reading.id, 1, &at(90, ProgressUnit::Percent))
        .await
        .unwrap();
}

/// Two hand-entered copies with one title and author, and no identifiers, went out
/// as two Goodreads rows. Importing that file back into the library flagged both
/// rows as possible duplicates and added two more books each time, and importing it
/// into an empty library merged the two into one.
async fn goodreads_keeps_same_titled_copies(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    store
        .create_book(id, &book("Dup Title", "Same Person"))
        .await
        .unwrap();
    let mut second = book("Dup Title", "Same Person");
    second.entry = Some(EntryFields {
        review: Some("second copy".to_string()),
        ..EntryFields::default()
    });
    store.create_book(id, &second).await.unwrap();
    let before = store.export(id).await.unwrap();
    let csv = estante_backend::export::goodreads::write_goodreads_csv(&before).unwrap();
    let parsed = estante_backend::import::parse(&csv, None).unwrap();

    for _ in 0..2 {
        let report = store.import(id, &parsed).await.unwrap();
        assert_eq!(report.merged, 2, "{:?}", report.rows);
        assert_eq!(store.export(id).await.unwrap(), before);
    }

    let (other, _) = add_user(store.as_ref(), "bea").await;
    let report = store.import(other.user_id(), &parsed).await.unwrap();
    assert_eq!(
        (report.imported, report.flagged),
        (1, 1),
        "{:?}",
        report.rows
    );
    let copies = store.export(other.user_id()).await.unwrap();
    let reviews: Vec<Option<String>> = copies.iter().map(|r| r.entry.review.clone()).collect();
    assert_eq!(reviews, vec![None, Some("second copy".to_string())]);
}

/// SQLite gave a new book the id of the newest book just deleted or merged away, at
/// version 1 again, so a client still showing the old book could delete the new
/// one with an If-Match that matched.
async fn deleted_book_ids_not_reused(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    let kept = store.create_book(id, &book("Dup", "A")).await.unwrap();
    let copy = store.create_book(id, &book("Dup", "A")).await.unwrap();
    store.merge_books(id, kept.id, copy.id, 1).await.unwrap();
    let after_merge = store.create_book(id, &book("New", "B")).await.unwrap();
    assert!(
        after_merge.id > copy.id,
        "{} after {}",
        after_merge.id,
        copy.id
    );

    store
        .delete_book(id, after_merge.id, 1, None)
        .await
        .unwrap();
    let after_delete = store.create_book(id, &book("Newer", "C")).await.unwrap();
    assert!(after_delete.id > after_merge.id);
    let stale = store.delete_book(id, after_merge.id, 1, None).await;
    assert!(matches!(stale, Err(StoreError::NotFound(_))), "{stale:?}");
}

/// SQLite gave a new reading, shelf or tag the id of the newest one just deleted,
/// at version 1 again, so a stale If-Match could change or delete the new row.
async fn deleted_reading_and_label_ids_not_reused(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    let book = store
        .create_book(id, &book("Emma", "Jane Austen"))
        .await
        .unwrap();
    let fields = ReadingFields {
        started: Some(date("2024-01-02")),
        ..ReadingFields::default()
    };

    let gone = store.add_reading(id, book.id, &fields).await.unwrap();
    store.delete_reading(id, gone.id, 1).await.unwrap();
    let next = store.add_reading(id, book.id, &fields).await.unwrap();
    assert!(next.id > gone.id, "reading {} after {}", next.id, gone.id);
    let stale = store.delete_reading(id, gone.id, 1).await;
    assert!(matches!(stale, Err(StoreError::NotFound(_))), "{stale:?}");
    assert_eq!(store.reading(id, next.id).await.unwrap().id, next.id);

    for kind in [LabelKind::Shelf, LabelKind::Tag] {
        let gone = store.create_label(id, kind, "soon-gone").await.unwrap();
        store.delete_label(id, kind, gone.id, 1).await.unwrap();
        let next = store.create_label(id, kind, "kept").await.unwrap();
        assert!(next.id > gone.id, "{kind:?} {} after {}", next.id, gone.id);
        let stale = store.delete_label(id, kind, gone.id, 1).await;
        assert!(matches!(stale, Err(StoreError::NotFound(_))), "{stale:?}");
        assert_eq!(store.label(id, kind, next.id).await.unwrap().name, "kept");
    }
}

/// The SQLite migration that gives readings, shelves and tags AUTOINCREMENT builds
/// each table again with foreign keys off. It must keep every row and every shelf
/// and tag link, and leave the links checked afterwards.
#[tokio::test]
async fn sqlite_autoincrement_rebuild_keeps_links() {
    use sqlx::Connection as _;

    let db = TestDb::new(Backend::Sqlite).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    for n in 0..3 {
        let title = format!("Book {n}");
        let created = store.create_book(id, &book(&title, "A")).await.unwrap();
        for kind in [LabelKind::Shelf, LabelKind::Tag] {
            let label = store.create_label(id, kind, &title).await.unwrap();
            store
                .attach_label(id, kind, label.id, created.id)
                .await
                .unwrap();
        }
        let reading = ReadingFields {
            finished: Some(date("2024-05-06")),
            ..ReadingFields::default()
        };
        store.add_reading(id, created.id, &reading).await.unwrap();
    }
    let before = store.export(id).await.unwrap();

    // Forgetting the migration makes the next start run it again, on tables that
    // hold rows and links.
    execute_raw(
        &db,
        Backend::Sqlite,
        &["DELETE FROM _sqlx_migrations WHERE description LIKE 'row ids autoincrement'"],
    )
    .await;
    store.migrate().await.unwrap();

    assert_eq!(store.export(id).await.unwrap(), before);
    let mut conn = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
    let broken: Vec<(String,)> = sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    assert!(broken.is_empty(), "{broken:?}");
    let counted: Vec<(String, i64)> =
        sqlx::query_as("SELECT name, seq FROM sqlite_sequence ORDER BY name")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    // A table that held rows starts its ids 1,000 above the highest: the rows
    // deleted at its top before the migration left no record of their ids.
    let expected = [("readings", 1003), ("shelves", 1003), ("tags", 1003)]
        .map(|(name, seq)| (name.to_string(), seq));
    assert_eq!(counted, expected);
}

/// Checks that a merge keeps one open reading at most: two open readings once both finished
/// on the next status change, and the year counted one read twice. The copy's
/// title, which the copy's deletion loses, is listed with the other values.
async fn merge_keeps_one_open_reading(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    let reading = |title: &str, added: &str| {
        let mut new = book(title, "A");
        new.entry = Some(EntryFields {
            status: ReadingStatus::Reading,
            date_added: Some(date(added)),
            ..EntryFields::default()
        });
        new
    };
    let kept = store
        .create_book(id, &reading("Open Two", "2025-01-01"))
        .await
        .unwrap();
    let copy = store
        .create_book(id, &reading("Open Two, copy", "2025-02-01"))
        .await
        .unwrap();
    let merged = store.merge_books(id, kept.id, copy.id, 1).await.unwrap();
    assert_eq!(merged.book.readings.len(), 1, "{:?}", merged.book.readings);
    assert_eq!(
        merged.book.readings[0].fields.started,
        Some(date("2025-01-01"))
    );
    let fields: Vec<&str> = merged.not_kept.iter().map(|n| n.field.as_str()).collect();
    assert_eq!(fields, ["title", "readings"], "{:?}", merged.not_kept);
    assert!(merged.not_kept[1].value.contains("2025-02-01"));

    let patch: EntryPatch =
        serde_json::from_str(r#"{"status": "read", "status_date": "2025-03-01"}"#).unwrap();
    store
        .update_entry(id, kept.id, merged.book.entry.version, &patch)
        .await
        .unwrap();
    let stats = store.stats(id, Some(2025)).await.unwrap();
    assert_eq!(stats.books_read, 1, "{stats:?}");
}

/// A copy's reading in progress was dropped whenever the kept book was not being
/// read, though the kept book had no open reading and the copy, with the reading,
/// was deleted. It now comes over, and the past readings are joined as before.
async fn merge_brings_the_only_open_reading(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    let kept = store.create_book(id, &book("Open", "A")).await.unwrap();
    let copy = store.create_book(id, &book("Open", "A")).await.unwrap();
    let read = |started: &str, finished: &str| ReadingFields {
        started: Some(date(started)),
        finished: Some(date(finished)),
        ..ReadingFields::default()
    };
    let open = ReadingFields {
        started: Some(date("2022-01-01")),
        ..ReadingFields::default()
    };
    store
        .add_reading(id, kept.id, &read("2020-01-01", "2020-02-01"))
        .await
        .unwrap();
    for fields in [read("2021-01-01", "2021-02-01"), open] {
        store.add_reading(id, copy.id, &fields).await.unwrap();
    }

    let merged = store.merge_books(id, kept.id, copy.id, 1).await.unwrap();

    let mut starts: Vec<String> = merged
        .book
        .readings
        .iter()
        .map(|r| r.fields.started.unwrap().to_string())
        .collect();
    starts.sort();
    assert_eq!(starts, ["2020-01-01", "2021-01-01", "2022-01-01"]);
    assert!(
        merged.not_kept.iter().all(|n| n.field != "readings"),
        "{:?}",
        merged.not_kept
    );
    // A book that stays read takes no open reading: it would be read and in
    // progress at once, and missing from the list of books being read.
    let mut done = book("Done", "B");
    done.entry = Some(EntryFields {
        status: ReadingStatus::Read,
        ..EntryFields::default()
    });
    let done = store.create_book(id, &done).await.unwrap();
    let mut reading = book("Done", "B");
    reading.entry = Some(EntryFields {
        status: ReadingStatus::Reading,
        date_added: Some(date("2026-01-02")),
        ..EntryFields::default()
    });
    let reading = store.create_book(id, &reading).await.unwrap();
    let merged = store.merge_books(id, done.id, reading.id, 1).await.unwrap();
    assert_eq!(merged.book.entry.fields.status, ReadingStatus::Read);
    assert!(
        merged.book.readings.is_empty(),
        "{:?}",
        merged.book.readings
    );
    let fields: Vec<&str> = merged.not_kept.iter().map(|n| n.field.as_str()).collect();
    assert_eq!(
        fields,
        ["entry.status", "readings"],
        "{:?}",
        merged.not_kept
    );
}

async fn created_ids_stay_dense(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;

    let mut ids = Vec::new();
    for title in ["One", "Two", "Three"] {
        ids.push(
            store
                .create_book(user.user_id(), &book(title, "A"))
                .await
                .unwrap()
                .id,
        );
    }

    assert_eq!(ids[1], ids[0] + 1);
    assert_eq!(ids[2], ids[1] + 1);
}

#[test]
fn entry_patch_serialises_only_set_fields() {
    let patch = EntryPatch {
        status: Some(ReadingStatus::Read),
        rating: Some(None),
        ..EntryPatch::default()
    };

    let json = serde_json::to_value(&patch).unwrap();

    assert_eq!(json, serde_json::json!({"status": "read", "rating": null}));
    let back: EntryPatch = serde_json::from_value(json).unwrap();
    assert_eq!(back, patch);
}

/// Imports `count` books whose titles all contain `word`, through the bulk import
/// path, which is far quicker than one `create_book` per book.
async fn import_titled(
    store: &dyn estante_backend::storage::Storage,
    user: UserId,
    word: &str,
    count: usize,
) {
    let records = (0..count)
        .map(|n| estante_backend::model::LibraryRecord {
            book: book(
                &format!("{word} {n:04} volume"),
                &format!("Writer {}", n % 9),
            )
            .fields,
            ..Default::default()
        })
        .collect();
    let report = store.import(user, &parsed(records)).await.unwrap();
    assert_eq!(report.imported, count, "{:?}", report.rows.first());
}

async fn search_pages_by_id(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    let mut created = Vec::new();
    for n in 0..12 {
        // Titles sort in the opposite order to ids, so an id order cannot pass for
        // a title order by chance.
        let title = format!("Lighthouse {}", 99 - n);
        created.push(
            store
                .create_book(id, &book(&title, "Keeper"))
                .await
                .unwrap()
                .id,
        );
    }
    store
        .create_book(id, &book("Darkness", "Other"))
        .await
        .unwrap();
    let (other, _) = add_user(store.as_ref(), "bo").await;
    store
        .create_book(other.user_id(), &book("Lighthouse of bo", "Keeper"))
        .await
        .unwrap();

    for order in [SortOrder::Asc, SortOrder::Desc] {
        let mut query = BookQuery {
            q: Some("light".into()),
            order,
            limit: Some(5),
            ..BookQuery::default()
        };
        let mut seen = Vec::new();
        let mut pages = 0;
        loop {
            let page = store.list_books(id, &query).await.unwrap();
            pages += 1;
            seen.extend(page.items.iter().map(|b| b.id));
            if page.next_cursor.is_some() {
                assert_eq!(page.total, seen.len() as i64 + 1, "{order:?} page {pages}");
                assert!(!page.total_exact, "{order:?} page {pages}");
            } else {
                assert_eq!(page.total, 12, "{order:?} last page");
                assert!(page.total_exact, "{order:?} last page");
            }
            match page.next_cursor {
                Some(cursor) => query.cursor = Some(cursor),
                None => break,
            }
        }
        let mut expected = created.clone();
        if order == SortOrder::Desc {
            expected.reverse();
        }
        assert_eq!(
            seen, expected,
            "a search without a sort pages by id, {order:?}"
        );
        assert_eq!(pages, 3, "{order:?}");
    }

    let by_title = store
        .list_books(
            id,
            &BookQuery {
                q: Some("light".into()),
                sort: Some(SortKey::Title),
                limit: Some(5),
                ..BookQuery::default()
            },
        )
        .await
        .unwrap();
    let titles: Vec<&str> = by_title.items.iter().map(|b| b.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Lighthouse 88",
            "Lighthouse 89",
            "Lighthouse 90",
            "Lighthouse 91",
            "Lighthouse 92"
        ]
    );
    assert_eq!(by_title.total, 6, "five listed and more to come");
    assert!(!by_title.total_exact);

    let id_cursor = store
        .list_books(
            id,
            &BookQuery {
                q: Some("light".into()),
                limit: Some(5),
                ..BookQuery::default()
            },
        )
        .await
        .unwrap()
        .next_cursor;
    let title_after_id = BookQuery {
        q: Some("light".into()),
        sort: Some(SortKey::Title),
        cursor: id_cursor,
        ..BookQuery::default()
    };
    assert!(
        matches!(
            store.list_books(id, &title_after_id).await,
            Err(StoreError::Invalid {
                field: "cursor",
                ..
            })
        ),
        "a search's id cursor is no cursor for a title sort"
    );
}

async fn search_total_is_lower_bound(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    let books = 25;
    import_titled(store.as_ref(), id, "Nocturne", books).await;

    let mut query = BookQuery {
        q: Some("noct".into()),
        limit: Some(10),
        ..BookQuery::default()
    };
    let first = store.list_books(id, &query).await.unwrap();
    assert_eq!(first.items.len(), 10);
    assert_eq!(first.total, 11, "ten listed and more to come");
    assert!(!first.total_exact, "a search's first page is a lower bound");

    query.cursor = first.next_cursor;
    let second = store.list_books(id, &query).await.unwrap();
    assert_eq!(second.total, 21);
    assert!(!second.total_exact);

    query.cursor = second.next_cursor;
    let last = store.list_books(id, &query).await.unwrap();
    assert!(last.next_cursor.is_none());
    assert_eq!(last.items.len(), books - 20);
    assert_eq!(last.total, books as i64, "the last page knows every match");
    assert!(last.total_exact);

    let listed = store
        .list_books(
            id,
            &BookQuery {
                limit: Some(10),
                ..BookQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        listed.total, books as i64,
        "a plain list is counted exactly"
    );
    assert!(listed.total_exact);

    let read_only = store
        .list_books(
            id,
            &BookQuery {
                q: Some("noct".into()),
                status: Some(ReadingStatus::Read),
                ..BookQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(read_only.total, 0, "imported books are not read");
    assert!(read_only.total_exact);
    assert!(read_only.items.is_empty());
}

async fn list_total_counted_once(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    for n in 0..6 {
        store
            .create_book(id, &book(&format!("Tome {n}"), "A"))
            .await
            .unwrap();
    }
    let mut query = BookQuery {
        limit: Some(2),
        ..BookQuery::default()
    };
    let first = store.list_books(id, &query).await.unwrap();
    assert_eq!(first.total, 6);
    store.create_book(id, &book("Tome 9", "A")).await.unwrap();

    query.cursor = first.next_cursor;
    let second = store.list_books(id, &query).await.unwrap();
    assert_eq!(second.total, 6, "later pages repeat the first page's count");
    query.cursor = second.next_cursor;
    let mut last = store.list_books(id, &query).await.unwrap();
    while let Some(cursor) = last.next_cursor.take() {
        query.cursor = Some(cursor);
        last = store.list_books(id, &query).await.unwrap();
    }
    assert_eq!(last.total, 7, "the last page counts every book listed");
    assert!(last.total_exact);
}

/// Records titled "Book NNNN" by one of 7 writers, each on the shelf "owned", enough
/// for several of the import's 500-book batches.
fn numbered_records(count: usize) -> Vec<estante_backend::model::LibraryRecord> {
    (0..count)
        .map(|n| estante_backend::model::LibraryRecord {
            book: book(&format!("Book {n:04}"), &format!("Writer {}", n % 7)).fields,
            shelves: vec!["owned".to_string()],
            ..Default::default()
        })
        .collect()
}

/// Makes the database reject the book titled `title` when it is inserted, as a
/// constraint would, so an import fails part-way through its writes.
async fn reject_title_in_database(db: &TestDb, backend: Backend, title: &str) {
    use sqlx::Connection;
    let statements = match backend {
        Backend::Sqlite => vec![format!(
            "CREATE TRIGGER reject_title BEFORE INSERT ON books WHEN NEW.title = '{title}' \
             BEGIN SELECT RAISE(ABORT, 'rejected by test trigger'); END"
        )],
        Backend::Postgres => vec![
            format!(
                "CREATE FUNCTION reject_title() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN IF NEW.title = '{title}' THEN \
                 RAISE EXCEPTION 'rejected by test trigger'; END IF; RETURN NEW; END $$"
            ),
            "CREATE TRIGGER reject_title BEFORE INSERT ON books \
             FOR EACH ROW EXECUTE FUNCTION reject_title()"
                .to_string(),
        ],
    };
    match backend {
        Backend::Sqlite => {
            let mut conn = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
            for sql in statements {
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                    .execute(&mut conn)
                    .await
                    .unwrap();
            }
        }
        Backend::Postgres => {
            let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
            for sql in statements {
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                    .execute(&mut conn)
                    .await
                    .unwrap();
            }
        }
    }
}

async fn import_late_failure_writes_nothing(backend: Backend) {
    // Row 1,200 is in the third batch of 500 books, which is written before the later
    // rows are queued. Row 1,590 is in the last, partial batch, written at the end.
    for failing in [1_200, 1_590] {
        let db = TestDb::new(backend).await;
        let store = db.open().await;
        let (user, _) = add_user(store.as_ref(), "ana").await;
        reject_title_in_database(&db, backend, &format!("Book {failing:04}")).await;

        let result = store
            .import(user.user_id(), &parsed(numbered_records(1_600)))
            .await;

        assert!(result.is_err(), "row {failing}: the import succeeded");
        let books = store.export(user.user_id()).await.unwrap();
        assert!(
            books.is_empty(),
            "row {failing}: {} books kept",
            books.len()
        );
        let shelves = store
            .labels(user.user_id(), LabelKind::Shelf)
            .await
            .unwrap();
        assert!(shelves.is_empty(), "row {failing}: shelves kept");
        let page = store
            .list_books(
                user.user_id(),
                &BookQuery {
                    q: Some("writer".into()),
                    ..BookQuery::default()
                },
            )
            .await
            .unwrap();
        assert!(
            page.items.is_empty(),
            "row {failing}: search documents kept"
        );
    }
}

async fn import_merges_written_and_queued(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let mut records = numbered_records(1_200);
    records[499].book.goodreads_id = Some("4242".to_string());
    records[699].book.goodreads_id = Some("4343".to_string());
    let mut written = records[499].clone();
    written.tags = vec!["reread".to_string()];
    let mut queued = records[699].clone();
    queued.tags = vec!["signed".to_string()];
    // After both insertions, row 502 names the book of row 500, which was written
    // when row 500 completed the first batch, and row 702 names the book of row 701,
    // which still waits in the second batch.
    records.insert(700, queued);
    records.insert(501, written);

    let report = store
        .import(user.user_id(), &parsed(records))
        .await
        .unwrap();

    assert_eq!(report.imported, 1_200, "{:?}", report.rows.first());
    assert_eq!(report.merged, 2);
    let book_of = |row: usize| {
        report
            .rows
            .iter()
            .find(|report_row| report_row.row == row)
            .unwrap()
            .book_id
    };
    assert_eq!(book_of(502), book_of(500));
    assert_eq!(book_of(702), book_of(701));
    for (tag, title) in [("reread", "Book 0499"), ("signed", "Book 0699")] {
        let page = store
            .list_books(
                user.user_id(),
                &BookQuery {
                    q: Some(tag.into()),
                    ..BookQuery::default()
                },
            )
            .await
            .unwrap();
        let titles: Vec<String> = page.items.into_iter().map(|b| b.title).collect();
        assert_eq!(titles, vec![title.to_string()], "search for {tag}");
    }
}

async fn search_finds_every_import_batch(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let mut records = numbered_records(1_600);
    // One unique word in the first, a middle, and the last (partial) batch.
    for (row, word) in [(0, "quokka"), (777, "narwhal"), (1_599, "axolotl")] {
        records[row].book.title = format!("The {word} Book");
    }

    let report = store
        .import(user.user_id(), &parsed(records))
        .await
        .unwrap();

    assert_eq!(report.imported, 1_600, "{:?}", report.rows.first());
    for word in ["quokka", "narwhal", "axolotl"] {
        let page = store
            .list_books(
                user.user_id(),
                &BookQuery {
                    q: Some(word.into()),
                    ..BookQuery::default()
                },
            )
            .await
            .unwrap();
        let titles: Vec<String> = page.items.into_iter().map(|b| b.title).collect();
        assert_eq!(
            titles,
            vec![format!("The {word} Book")],
            "search for {word}"
        );
    }
    let writers = store
        .list_books(
            user.user_id(),
            &BookQuery {
                q: Some("writer 3".into()),
                limit: Some(500),
                ..BookQuery::default()
            },
        )
        .await
        .unwrap();
    // Books 3, 10, ..., 1598 are by "Writer 3".
    assert_eq!(writers.items.len(), 229);
}

/// Runs SQL statements on the test database directly, as an older server would have
/// left it.
async fn execute_raw(db: &TestDb, backend: Backend, statements: &[&str]) {
    use sqlx::Connection as _;

    for statement in statements {
        let sql = sqlx::AssertSqlSafe(statement.to_string());
        match backend {
            Backend::Sqlite => {
                let mut conn = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
                sqlx::query(sql).execute(&mut conn).await.unwrap();
            }
            Backend::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
                sqlx::query(sql).execute(&mut conn).await.unwrap();
            }
        }
    }
}

async fn authors_sort_by_surname(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, token) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    for (title, author) in [
        ("Ensaio sobre a Cegueira", "José Saramago"),
        ("The Lathe of Heaven", "Ursula K. Le Guin"),
        ("The Dispossessed", "Ursula K. Le Guin"),
        ("The Odyssey", "Homer"),
        ("Dom Casmurro", "Machado de Assis"),
        ("Solaris", "Stanisław Lem"),
    ] {
        store.create_book(id, &book(title, author)).await.unwrap();
    }
    let by_author = || {
        let store = store.clone();
        async move {
            let query = BookQuery {
                sort: Some(SortKey::Author),
                ..BookQuery::default()
            };
            let page = store.list_books(id, &query).await.unwrap();
            page.items.into_iter().map(|b| b.title).collect::<Vec<_>>()
        }
    };
    // Assis, Homer, Le Guin, Lem, Saramago, and one author's books by title. The ł
    // of Lem files as l. Unicode gives it no base letter, so it once sorted after Z.
    let expected = [
        "Dom Casmurro",
        "The Odyssey",
        "The Dispossessed",
        "The Lathe of Heaven",
        "Solaris",
        "Ensaio sobre a Cegueira",
    ];
    assert_eq!(by_author().await, expected);
    let by_title = || {
        let store = store.clone();
        async move {
            let page = store.list_books(id, &BookQuery::default()).await.unwrap();
            page.items.into_iter().map(|b| b.title).collect::<Vec<_>>()
        }
    };
    let titles = by_title().await;

    // A library whose keys an older server wrote is rekeyed once, at start-up.
    for queued in ["sort_author", "sort_keys"] {
        execute_raw(
            &db,
            backend,
            &[
                "UPDATE books SET sort_author = title, sort_title = 'x'",
                &format!("INSERT INTO pending_rekeys (name) VALUES ('{queued}')"),
            ],
        )
        .await;
        assert_ne!(by_author().await, expected, "the old keys sort by title");
        let revision = store.token_owner(&token.hash()).await.unwrap().1;
        store.migrate().await.unwrap();
        assert_eq!(by_author().await, expected, "{queued}");
        // Pages cached in the old order are not served again.
        assert_ne!(
            store.token_owner(&token.hash()).await.unwrap().1,
            revision,
            "{queued}"
        );
        assert_eq!(by_title().await, titles, "{queued}");
    }

    // The queue is empty afterwards, so a later start leaves edited keys alone.
    execute_raw(&db, backend, &["UPDATE books SET sort_author = title"]).await;
    store.migrate().await.unwrap();
    assert_ne!(by_author().await, expected, "no second rekey");
}

/// Checks that each book keeps its author names for list pages. They follow every
/// change of its contributors and leave other roles out, and the migration that
/// added them fills them in for the books already stored.
async fn author_names_follow_contributors(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    let mut new = book("Good Omens", "Terry Pratchett");
    new.fields.contributors.extend([
        Contributor {
            name: "Ana Tradutora".to_string(),
            role: ContributorRole::Translator,
        },
        Contributor::author("Neil Gaiman"),
    ]);
    let created = store.create_book(id, &new).await.unwrap();
    let mut edited = book("Zero Authors", "Ed Itor");
    edited.fields.contributors[0].role = ContributorRole::Editor;
    store.create_book(id, &edited).await.unwrap();
    let listed = async || {
        let page = store.list_books(id, &BookQuery::default()).await.unwrap();
        page.items
            .into_iter()
            .map(|item| (item.title, item.authors))
            .collect::<Vec<_>>()
    };
    let pratchett_first = vec!["Terry Pratchett".to_string(), "Neil Gaiman".to_string()];
    assert_eq!(
        listed().await[0],
        ("Good Omens".to_string(), pratchett_first)
    );

    let mut fields = created.fields.clone();
    fields.contributors.reverse();
    store
        .update_book(id, created.id, created.version, &fields)
        .await
        .unwrap();
    let gaiman_first = vec!["Neil Gaiman".to_string(), "Terry Pratchett".to_string()];
    assert_eq!(listed().await[0].1, gaiman_first);

    let migration = match backend {
        Backend::Sqlite => {
            include_str!("../../backend/migrations/sqlite/0006_book_author_names.sql")
        }
        Backend::Postgres => {
            include_str!("../../backend/migrations/postgres/0005_book_author_names.sql")
        }
    };
    let fill = migration
        .lines()
        .find(|line| line.starts_with("UPDATE"))
        .unwrap();
    execute_raw(
        &db,
        backend,
        &["UPDATE books SET author_names = '[\"stale\"]'", fill],
    )
    .await;
    let mut edited_only = store
        .list_books(
            id,
            &BookQuery {
                q: Some("zero".to_string()),
                ..BookQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(listed().await[0].1, gaiman_first);
    assert_eq!(edited_only.items.remove(0).authors, Vec::<String>::new());
}

/// A list page comes out of the database as one JSON value, so text that JSON must
/// escape, fractions, missing values and empty pages all go through that encoding.
async fn page_rows_keep_every_field(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    let empty = store.list_books(id, &BookQuery::default()).await.unwrap();
    assert!(empty.items.is_empty());
    assert_eq!((empty.total, empty.next_cursor), (0, None));

    let title = "The \"Lighthouse\" at C:\\Faróis/Norte \u{2603} \u{1d11e}";
    let mut new = book(title, "Flann O'Brien \"Myles\"");
    new.fields
        .contributors
        .push(Contributor::author("Zoë Ünal"));
    new.fields.isbn13 = Some("9780316129084".to_string());
    new.fields.pages = Some(321);
    new.fields.series = Some(SeriesRef {
        name: "Faróis \"1\"".to_string(),
        index: Some(2.5),
        position: Some("2.5".to_string()),
    });
    new.entry = Some(EntryFields {
        status: ReadingStatus::Read,
        rating: Some(Rating::from_stars(3.75).unwrap()),
        date_added: Some(date("2024-02-29")),
        ..EntryFields::default()
    });
    let full = store.create_book(id, &new).await.unwrap();
    let finished = ReadingFields {
        finished: Some(date("2024-03-10")),
        ..ReadingFields::default()
    };
    store.add_reading(id, full.id, &finished).await.unwrap();
    let bare = store
        .create_book(id, &book("Lighthouse", "Anon"))
        .await
        .unwrap();

    for q in [None, Some("lighthouse")] {
        for order in [SortOrder::Asc, SortOrder::Desc] {
            let query = BookQuery {
                q: q.map(str::to_string),
                sort: Some(SortKey::Id),
                order,
                ..BookQuery::default()
            };
            let mut items = store.list_books(id, &query).await.unwrap().items;
            if order == SortOrder::Desc {
                items.reverse();
            }
            let [first, second] = &items[..] else {
                panic!("{q:?} {order:?}: expected two books, got {items:?}");
            };
            assert_eq!(first.id, full.id);
            assert_eq!(first.title, title);
            assert_eq!(first.authors, ["Flann O'Brien \"Myles\"", "Zoë Ünal"]);
            assert_eq!(first.series.as_deref(), Some("Faróis \"1\""));
            assert_eq!(first.series_index, Some(2.5));
            assert_eq!(first.isbn13.as_deref(), Some("9780316129084"));
            assert_eq!(first.pages, Some(321));
            assert_eq!(first.status, ReadingStatus::Read);
            assert_eq!(first.rating, Some(Rating::from_stars(3.75).unwrap()));
            assert_eq!(first.last_read.as_deref(), Some("2024-03-10"));
            assert_eq!(first.date_added.as_deref(), Some("2024-02-29"));

            assert_eq!(second.id, bare.id);
            assert_eq!(second.authors, ["Anon"]);
            assert_eq!(
                (second.series.as_deref(), second.series_index, second.pages),
                (None, None, None)
            );
            assert_eq!((second.rating, second.last_read.as_deref()), (None, None));
        }
    }

    let none = BookQuery {
        q: Some("nowhere".to_string()),
        ..BookQuery::default()
    };
    let page = store.list_books(id, &none).await.unwrap();
    assert!(page.items.is_empty());
    assert_eq!((page.total, page.total_exact), (0, true));
}

/// Checks that a list page shows an infinite series index as missing, as the book's
/// own page does, rather than failing. An import once stored a series position of
/// 400 digits as such an index.
async fn page_lists_infinite_series_index(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let id = user.user_id();
    let mut new = book("Huge", "Ann Author");
    new.fields.series = Some(SeriesRef {
        name: "Big Series".to_string(),
        index: Some(f64::INFINITY),
        position: Some("9".repeat(400)),
    });
    assert!(matches!(
        store.create_book(id, &new).await,
        Err(StoreError::Invalid {
            field: "series",
            ..
        })
    ));

    new.fields.series.as_mut().unwrap().index = Some(1.0);
    let huge = store.create_book(id, &new).await.unwrap();
    let mut other = book("Second", "Bo Author");
    other.fields.series = Some(SeriesRef {
        name: "Other Series".to_string(),
        index: Some(2.0),
        position: Some("2".to_string()),
    });
    let second = store.create_book(id, &other).await.unwrap();
    let statements: &[&str] = match backend {
        Backend::Sqlite => &["UPDATE books SET series_index = 9e999 WHERE title = 'Huge'"],
        Backend::Postgres => &[
            "UPDATE books SET series_index = 'Infinity' WHERE title = 'Huge'",
            "UPDATE books SET series_index = 'NaN' WHERE title = 'Second'",
        ],
    };
    execute_raw(&db, backend, statements).await;

    for q in [None, Some("huge")] {
        let query = BookQuery {
            q: q.map(str::to_string),
            ..BookQuery::default()
        };
        let page = store.list_books(id, &query).await.unwrap();
        let listed = page.items.iter().find(|b| b.id == huge.id).unwrap();
        assert_eq!(listed.series.as_deref(), Some("Big Series"), "{q:?}");
        assert_eq!(listed.series_index, None, "{q:?}");
    }
    let page = store.list_books(id, &BookQuery::default()).await.unwrap();
    let listed = page.items.iter().find(|b| b.id == second.id).unwrap();
    let expected = match backend {
        Backend::Sqlite => Some(2.0),
        Backend::Postgres => None,
    };
    assert_eq!(listed.series_index, expected);
}

/// A cursor carries its list's count and position, so another user's list or the
/// same user's list with other filters must start again rather than go on from it.
async fn cursor_continues_only_its_list(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (ana, _) = add_user(store.as_ref(), "ana").await;
    let (bo, _) = add_user(store.as_ref(), "bo").await;
    for title in ["Alpha", "Beta", "Gamma"] {
        store
            .create_book(ana.user_id(), &book(title, "A"))
            .await
            .unwrap();
        store
            .create_book(bo.user_id(), &book(title, "B"))
            .await
            .unwrap();
    }
    let first = BookQuery {
        limit: Some(1),
        ..BookQuery::default()
    };
    let cursor = store
        .list_books(ana.user_id(), &first)
        .await
        .unwrap()
        .next_cursor;
    assert!(cursor.is_some());
    let next = BookQuery {
        cursor: cursor.clone(),
        ..first.clone()
    };
    let page = store.list_books(ana.user_id(), &next).await.unwrap();
    assert_eq!(page.items[0].title, "Beta");

    let others = [
        (bo.user_id(), next.clone()),
        (
            ana.user_id(),
            BookQuery {
                status: Some(ReadingStatus::Read),
                ..next.clone()
            },
        ),
        (
            ana.user_id(),
            BookQuery {
                q: Some("gamma".to_string()),
                sort: Some(SortKey::Title),
                ..next.clone()
            },
        ),
    ];
    for (user, query) in others {
        let result = store.list_books(user, &query).await;
        assert!(
            matches!(
                result,
                Err(StoreError::Invalid {
                    field: "cursor",
                    ..
                })
            ),
            "{user:?} {query:?}"
        );
    }

    // Words match in any order and case, so repeating or reordering them keeps the
    // list, and its cursor goes on.
    let search = BookQuery {
        q: Some("a".to_string()),
        sort: Some(SortKey::Title),
        limit: Some(1),
        ..BookQuery::default()
    };
    let first = store.list_books(ana.user_id(), &search).await.unwrap();
    assert_eq!(first.items[0].title, "Alpha");
    let same_words = BookQuery {
        q: Some("A a".to_string()),
        cursor: first.next_cursor.clone(),
        ..search.clone()
    };
    assert!(same_words.cursor.is_some());
    let page = store.list_books(ana.user_id(), &same_words).await.unwrap();
    assert_eq!(page.items[0].title, "Beta");
}

/// A shelf or tag name with a NUL once failed the whole import, and later rejected
/// its row and the book with it. The character is now replaced with a space, and
/// the row is flagged with the reason.
async fn import_cleans_bad_label_names(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let mut records = numbered_records(4);
    records[1].shelves = vec!["sh\u{0}elf".to_string()];
    records[2].tags = vec!["t\u{0}g".to_string()];

    let report = store
        .import(user.user_id(), &parsed(records))
        .await
        .unwrap();

    assert_eq!(
        (report.imported, report.flagged, report.rejected),
        (2, 2, 0),
        "{report:?}"
    );
    for row in [2, 3] {
        let flagged = report.rows.iter().find(|r| r.row == row).unwrap();
        let reason = flagged.reason.as_deref().unwrap_or_default();
        assert!(reason.contains("U+0000"), "row {row}: {reason}");
    }
    let stored = store.export(user.user_id()).await.unwrap();
    assert_eq!(stored.len(), 4);
    assert_eq!(stored[1].shelves, ["sh elf"]);
    assert_eq!(stored[2].tags, ["t g"]);
}

/// Reads the number of books that PostgreSQL's statistics count: -1 until the table
/// is first analyzed.
async fn counted_books(conn: &mut sqlx::PgConnection) -> f32 {
    sqlx::query_scalar("SELECT reltuples FROM pg_class WHERE oid = 'books'::regclass")
        .fetch_one(conn)
        .await
        .unwrap()
}

/// An import of more books than autovacuum's analyze threshold refreshes the
/// planner's statistics before it returns, so the first searches after it are not
/// planned as if the library were empty. A smaller import leaves them to autovacuum,
/// and a restore refreshes them as an import does.
#[tokio::test]
async fn postgres_bulk_writes_refresh_statistics() {
    use sqlx::Connection as _;

    let db = TestDb::new(Backend::Postgres).await;
    let store = db.open().await;
    let (user, _) = add_user(store.as_ref(), "ana").await;
    let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
    // Autovacuum could analyze the table during the test, which would hide a missing
    // refresh.
    sqlx::query("ALTER TABLE books SET (autovacuum_enabled = false)")
        .execute(&mut conn)
        .await
        .unwrap();
    assert_eq!(counted_books(&mut conn).await, -1.0);

    // The threshold of an empty table is autovacuum's default of 50 rows.
    let small = estante_backend::import::parse(goodreads_csv(40, 7).as_bytes(), None).unwrap();
    let report = store.import(user.user_id(), &small).await.unwrap();
    assert_eq!(report.imported + report.flagged, 40);
    assert_eq!(counted_books(&mut conn).await, -1.0);

    let large = estante_backend::import::parse(goodreads_csv(300, 8).as_bytes(), None).unwrap();
    let report = store.import(user.user_id(), &large).await.unwrap();
    let added = report.imported + report.flagged;
    assert!(added > 50, "only {added} of 300 rows added books");
    assert_eq!(counted_books(&mut conn).await, (40 + added) as f32);

    // A restore of that library into a new database refreshes them too.
    let backup = store.snapshot().await.unwrap();
    let restored = TestDb::new(Backend::Postgres).await;
    let restored_store = restored.open().await;
    let mut restored_conn = sqlx::PgConnection::connect(&restored.url).await.unwrap();
    sqlx::query("ALTER TABLE books SET (autovacuum_enabled = false)")
        .execute(&mut restored_conn)
        .await
        .unwrap();
    restored_store.restore(&backup, false).await.unwrap();
    assert_eq!(counted_books(&mut restored_conn).await, (40 + added) as f32);
}
