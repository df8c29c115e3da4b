//! Backups and restores of the whole database, on SQLite and PostgreSQL, stored in a
//! local folder and in the moto server's S3.

#![allow(clippy::unwrap_used)]

use estante_backend::auth::Token;
use estante_backend::backup::{self, BackupError};
use estante_backend::blob::{BlobError, BlobStore};
use estante_backend::import::ImportFormat;
use estante_backend::model::ReadingFields;
use estante_backend::storage::{LabelKind, Storage, StoreError};
use estante_backend::transfer::import_bytes;
use estante_tests::generate::goodreads_csv;
use estante_tests::{Backend, TestDb, add_user, both_backends, moto_bucket, moto_url};

both_backends! {
    backup_round_trip_local => crate::backup_round_trip_local;
    backup_round_trip_s3 => crate::backup_round_trip_s3;
    restore_needs_force => crate::restore_needs_force;
    invalid_backup_changes_nothing => crate::invalid_backup_changes_nothing;
}

/// Fills a database with two users: imported books, a reading added by hand, an
/// empty shelf and tag, and a password hash. Returns the token of the user "ana".
async fn fill(store: &dyn Storage) -> Token {
    let (ana, token) = add_user(store, "ana").await;
    let csv = goodreads_csv(60, 7).into_bytes();
    import_bytes(store, ana.user_id(), csv, Some(ImportFormat::Goodreads))
        .await
        .unwrap();
    store
        .create_label(ana.user_id(), LabelKind::Shelf, "empty shelf")
        .await
        .unwrap();
    store
        .create_label(ana.user_id(), LabelKind::Tag, "unused tag")
        .await
        .unwrap();
    let first = store.export(ana.user_id()).await.unwrap();
    assert!(!first.is_empty());

    let bruno = store
        .create_user(
            "bruno",
            Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"),
        )
        .await
        .unwrap();
    let csv = goodreads_csv(15, 11).into_bytes();
    import_bytes(store, bruno.user_id(), csv, Some(ImportFormat::Goodreads))
        .await
        .unwrap();
    let page = store
        .list_books(bruno.user_id(), &Default::default())
        .await
        .unwrap();
    let book_id = page.items[0].id;
    store
        .add_reading(
            bruno.user_id(),
            book_id,
            &ReadingFields {
                started: Some("2024-03".parse().unwrap()),
                ..ReadingFields::default()
            },
        )
        .await
        .unwrap();
    token
}

/// Backs up, wipes, restores and compares the whole database.
async fn round_trip(backend: Backend, blobs: &BlobStore) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let token = fill(store.as_ref()).await;
    let before = store.snapshot().await.unwrap();
    assert_eq!(before[0].tokens.len(), 1);
    let revision = store.token_owner(&token.hash()).await.unwrap().1;

    let key = backup::create_backup(store.as_ref(), blobs).await.unwrap();
    let extension = match backend {
        Backend::Sqlite => ".db",
        Backend::Postgres => ".json",
    };
    assert!(key.starts_with("estante-"), "key {key}");
    assert!(key.ends_with(&format!("Z{extension}")), "key {key}");
    assert_eq!(
        key.len(),
        "estante-20260101T000000Z".len() + extension.len()
    );

    store.restore(&[], true).await.unwrap();
    assert!(store.snapshot().await.unwrap().is_empty());

    let restored = backup::restore_backup(store.as_ref(), blobs, &key, false)
        .await
        .unwrap();
    assert_eq!(restored, 2);
    // A restored user may get the id back, but not the library revision, so a page
    // that a running server cached before the restore is not served after it.
    assert_ne!(store.token_owner(&token.hash()).await.unwrap().1, revision);
    let after = store.snapshot().await.unwrap();
    assert_eq!(after.len(), before.len());
    for (after, before) in after.iter().zip(&before) {
        assert_eq!(after.name, before.name);
        assert_eq!(after.password_hash, before.password_hash);
        assert_eq!(after.created_at, before.created_at);
        assert_eq!(after.tokens, before.tokens);
        assert_eq!(after.shelves, before.shelves);
        assert_eq!(after.tags, before.tags);
        assert_eq!(after.records, before.records);
        // Covers are stored under book ids, and clients hold them: a restore that
        // numbered the books anew showed covers on other books, or none.
        assert_eq!(after.book_ids, before.book_ids);
    }
    // A new book takes an id above the restored ones, which PostgreSQL's sequence
    // did not hand out.
    let restored_max = after.iter().flat_map(|user| user.book_ids.iter()).max();
    let ana = store.user_by_token(&token.hash()).await.unwrap();
    let new = estante_backend::storage::NewBook {
        fields: estante_backend::model::BookFields {
            title: "After the restore".to_string(),
            ..Default::default()
        },
        entry: None,
    };
    let created = store.create_book(ana.user_id(), &new).await.unwrap();
    assert!(
        Some(&created.id) > restored_max,
        "{} after {restored_max:?}",
        created.id
    );
    store
        .delete_book(ana.user_id(), created.id, 1, None)
        .await
        .unwrap();

    let ana = store.user_by_token(&token.hash()).await.unwrap();
    assert_eq!(ana.name, "ana");
    let export = store.export(ana.user_id()).await.unwrap();
    assert_eq!(export, before[0].records);
}

async fn backup_round_trip_local(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let blobs = BlobStore::open(dir.path().to_str().unwrap()).unwrap();
    round_trip(backend, &blobs).await;
}

async fn backup_round_trip_s3(backend: Backend) {
    let bucket = moto_bucket().await;
    let location = format!("s3://{bucket}/backups");
    let blobs = BlobStore::open_with_endpoint(&location, Some(&moto_url())).unwrap();
    round_trip(backend, &blobs).await;
}

async fn restore_needs_force(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    fill(store.as_ref()).await;
    let dir = tempfile::tempdir().unwrap();
    let blobs = BlobStore::open(dir.path().to_str().unwrap()).unwrap();
    let key = backup::create_backup(store.as_ref(), &blobs).await.unwrap();
    let ana = store.user_by_name("ana").await.unwrap();
    store
        .create_label(ana.user_id(), LabelKind::Shelf, "added after the backup")
        .await
        .unwrap();
    let changed = store.snapshot().await.unwrap();

    let error = backup::restore_backup(store.as_ref(), &blobs, &key, false)
        .await
        .unwrap_err();
    assert!(
        matches!(error, BackupError::Store(StoreError::NotEmpty { users: 2 })),
        "{error:?}"
    );
    assert_eq!(store.snapshot().await.unwrap(), changed);

    backup::restore_backup(store.as_ref(), &blobs, &key, true)
        .await
        .unwrap();
    let restored = store.snapshot().await.unwrap();
    assert!(
        !restored[0]
            .shelves
            .contains(&"added after the backup".to_string())
    );
}

async fn invalid_backup_changes_nothing(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    fill(store.as_ref()).await;
    let before = store.snapshot().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let blobs = BlobStore::open(dir.path().to_str().unwrap()).unwrap();

    let mut truncated = b"SQLite format 3\0".to_vec();
    truncated.extend(vec![0; 300]);
    let record_without_title = r#"{"format":"estante-backup","version":1,
        "created_at":"2026-01-01T00:00:00Z","source":"sqlite","users":[{"name":"x",
        "password_hash":null,"created_at":"2026-01-01T00:00:00Z","shelves":[],"tags":[],
        "records":[{"book":{"title":" "},"entry":{},"readings":[],"shelves":[],"tags":[]}]}]}"#;
    let cases: [(&str, Vec<u8>); 4] = [
        ("garbage", b"not a backup".to_vec()),
        ("truncated-sqlite", truncated),
        (
            "wrong-version",
            br#"{"format":"estante-backup","version":9}"#.to_vec(),
        ),
        ("empty-title", record_without_title.as_bytes().to_vec()),
    ];
    for (key, bytes) in cases {
        blobs.put(key, bytes).await.unwrap();
        let result = backup::restore_backup(store.as_ref(), &blobs, key, true).await;
        assert!(
            matches!(result, Err(BackupError::Invalid(_))),
            "{key}: {result:?}"
        );
        assert_eq!(store.snapshot().await.unwrap(), before, "{key}");
    }

    let missing = backup::restore_backup(store.as_ref(), &blobs, "estante-missing.db", true).await;
    assert!(
        matches!(missing, Err(BackupError::Blob(BlobError::NotFound { .. }))),
        "{missing:?}"
    );
}

/// A SQLite backup whose index no longer matches its rows still opened and read, so
/// a restore replaced the library with it and reported "Restored". SQLite's integrity
/// check now refuses it first, and the library stays as it was.
#[tokio::test]
async fn damaged_sqlite_snapshot_refused() {
    use sqlx::Connection as _;

    let db = TestDb::new(Backend::Sqlite).await;
    let store = db.open().await;
    fill(store.as_ref()).await;
    let before = store.snapshot().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let blobs = BlobStore::open(dir.path().to_str().unwrap()).unwrap();
    let key = backup::create_backup(store.as_ref(), &blobs).await.unwrap();

    // The sort index is declared over the titles instead of the sort keys it holds,
    // so its entries no longer match the rows, as after a damaged page.
    let copy = dir.path().join("damaged.db");
    std::fs::copy(dir.path().join(&key), &copy).unwrap();
    let url = format!("sqlite://{}", copy.display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    for statement in [
        "PRAGMA journal_mode = DELETE",
        "PRAGMA writable_schema = ON",
        "UPDATE sqlite_schema SET sql = 'CREATE INDEX books_user_sort_title ON books \
         (user_id, title, id)' WHERE name = 'books_user_sort_title'",
        "PRAGMA writable_schema = OFF",
    ] {
        sqlx::query(statement).execute(&mut conn).await.unwrap();
    }
    conn.close().await.unwrap();

    let result = backup::restore_backup(store.as_ref(), &blobs, "damaged.db", true).await;

    match result {
        Err(BackupError::Invalid(reason)) => assert!(reason.contains("damaged"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(store.snapshot().await.unwrap(), before);
}

#[tokio::test]
async fn sqlite_snapshot_restores_into_postgres() {
    let sqlite = TestDb::new(Backend::Sqlite).await;
    let source = sqlite.open().await;
    fill(source.as_ref()).await;
    let dir = tempfile::tempdir().unwrap();
    let blobs = BlobStore::open(dir.path().to_str().unwrap()).unwrap();
    let key = backup::create_backup(source.as_ref(), &blobs)
        .await
        .unwrap();

    let postgres = TestDb::new(Backend::Postgres).await;
    let target = postgres.open().await;
    backup::restore_backup(target.as_ref(), &blobs, &key, false)
        .await
        .unwrap();
    let restored = target.snapshot().await.unwrap();
    assert_eq!(restored, source.snapshot().await.unwrap());
    let ana = target.user_by_name("ana").await.unwrap();
    let new = estante_backend::storage::NewBook {
        fields: estante_backend::model::BookFields {
            title: "After the restore".to_string(),
            ..Default::default()
        },
        entry: None,
    };
    let created = target.create_book(ana.user_id(), &new).await.unwrap();
    let highest = restored.iter().flat_map(|user| user.book_ids.iter()).max();
    assert!(
        Some(&created.id) > highest,
        "{} after {highest:?}",
        created.id
    );
}

#[test]
fn locate_reads_full_locations() {
    let dir = tempfile::tempdir().unwrap();
    let backups = BlobStore::open(dir.path().to_str().unwrap()).unwrap();

    let (store, key) = backup::locate("estante-20260101T000000Z.db", &backups).unwrap();
    assert_eq!(key, "estante-20260101T000000Z.db");
    assert_eq!(store.location(), backups.location());

    let full = format!("{}/sub/estante-1.json", dir.path().display());
    let (store, key) = backup::locate(&full, &backups).unwrap();
    assert_eq!(key, "estante-1.json");
    assert_eq!(store.location(), format!("{}/sub", dir.path().display()));

    let (store, key) = backup::locate("s3://bucket/prefix/estante-2.json", &backups).unwrap();
    assert_eq!(key, "estante-2.json");
    assert_eq!(store.location(), "s3://bucket/prefix");

    assert!(backup::locate("s3://bucket/prefix/", &backups).is_err());

    // A folder was read as a backup named after its last part, and reported as a
    // missing blob in its parent.
    let folder = dir.path().join("sub");
    std::fs::create_dir_all(&folder).unwrap();
    match backup::locate(folder.to_str().unwrap(), &backups) {
        Err(BackupError::Invalid(reason)) => assert!(reason.contains("is a folder"), "{reason}"),
        other => panic!("{other:?}"),
    }
}

/// A JSON backup cut short in a copy was called "not an estante backup", which sent
/// the reader looking for the wrong file.
#[test]
fn cut_json_backup_says_so() {
    let cut = br#"{"format":"estante-backup","version":1,"created_at":"2026-01-01T00:00:00Z","source":"postgres","users":[{"name":"#;
    match backup::format::read_backup(cut) {
        Err(BackupError::Invalid(reason)) => assert!(reason.contains("cut short"), "{reason}"),
        other => panic!("{other:?}"),
    }
}
