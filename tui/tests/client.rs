//! The HTTP client against a real embedded server: a SQLite file in a temporary
//! folder and a port chosen by the system on 127.0.0.1.

#![allow(clippy::unwrap_used)]

use estante::client::{Client, ClientError};
use estante::embedded::EmbeddedServer;
use estante::paths::Paths;
use estante_backend::model::{BookFields, Contributor, Rating, ReadingFields, ReadingStatus};
use estante_backend::storage::{BookQuery, EntryPatch, LabelKind, NewBook};
use estante_backend::transfer::ExportFormat;

/// Three books in the Goodreads export layout (made up for this test).
const GOODREADS_CSV: &str = "\
Book Id,Title,Author,Author l-f,Additional Authors,ISBN,ISBN13,My Rating,Average Rating,Publisher,Binding,Number of Pages,Year Published,Original Publication Year,Date Read,Date Added,Bookshelves,Bookshelves with positions,Exclusive Shelf,My Review,Spoiler,Private Notes,Read Count,Owned Copies
1,Piranesi,Susanna Clarke,\"Clarke, Susanna\",,\"=\"\"\"\"\",\"=\"\"9781635575637\"\"\",5,4.2,Bloomsbury,Hardcover,272,2020,2020,2021/01/12,2020/12/01,favorites,favorites (#1),read,,,,1,0
2,Kindred,Octavia E. Butler,\"Butler, Octavia E.\",,\"=\"\"\"\"\",\"=\"\"\"\"\",0,4.3,Beacon,Paperback,287,2004,1979,,2021/02/01,,,to-read,,,,0,0
3,Small Gods,Terry Pratchett,\"Pratchett, Terry\",,\"=\"\"\"\"\",\"=\"\"\"\"\",4,4.3,Harper,Paperback,400,2013,1992,2019/05/05,2019/04/01,,,read,,,,1,1
";

async fn start() -> (tempfile::TempDir, EmbeddedServer, Client) {
    let dir = tempfile::tempdir().unwrap();
    let server = EmbeddedServer::start(&Paths::under(dir.path()))
        .await
        .unwrap();
    assert!(
        server.base_url.starts_with("http://127.0.0.1:"),
        "{}",
        server.base_url
    );
    let client = Client::new(&server.base_url, &server.token).unwrap();
    (dir, server, client)
}

#[tokio::test]
async fn books_entries_and_conflicts() {
    let (_dir, server, client) = start().await;
    let new = NewBook {
        fields: BookFields {
            title: "The Left Hand of Darkness".to_string(),
            contributors: vec![Contributor::author("Ursula K. Le Guin")],
            pages: Some(304),
            ..BookFields::default()
        },
        entry: None,
    };
    let book = client.create_book(&new).await.unwrap();
    assert_eq!(book.entry.fields.status, ReadingStatus::WantToRead);

    let rated = EntryPatch {
        rating: Some(Some(Rating::from_quarters(17).unwrap())),
        ..EntryPatch::default()
    };
    let entry = client
        .update_entry(book.id, book.entry.version, &rated)
        .await
        .unwrap();
    assert_eq!(entry.fields.rating.unwrap().quarters(), 17);

    // A status change must leave the rating alone.
    let status = EntryPatch {
        status: Some(ReadingStatus::Read),
        ..EntryPatch::default()
    };
    let entry = client
        .update_entry(book.id, entry.version, &status)
        .await
        .unwrap();
    assert_eq!(entry.fields.status, ReadingStatus::Read);
    assert_eq!(entry.fields.rating.unwrap().quarters(), 17);

    let stale = client
        .update_entry(book.id, book.entry.version, &status)
        .await
        .unwrap_err();
    assert_eq!(stale.status(), Some(412));
    assert_eq!(stale.current_version(), Some(entry.version));

    // Marked read with the client's date, the unread book has a reading that ended
    // that day, which the reader then dates.
    let marked = client.book(book.id).await.unwrap();
    assert_eq!(marked.readings.len(), 1, "{:?}", marked.readings);
    let reading = &marked.readings[0];
    assert!(reading.fields.finished.is_some(), "{reading:?}");
    let fields = ReadingFields {
        started: Some("2025-01".parse().unwrap()),
        finished: Some("2025-02-03".parse().unwrap()),
        ..ReadingFields::default()
    };
    client
        .update_reading(reading.id, reading.version, &fields)
        .await
        .unwrap();

    let page = client
        .list_books(&BookQuery {
            q: Some("darkness".to_string()),
            ..BookQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].last_read.as_deref(), Some("2025-02-03"));

    let stats = client.stats(Some(2025)).await.unwrap();
    assert_eq!(stats.books_read, 1);
    assert_eq!(stats.pages_read, 304);

    let current = client.book(book.id).await.unwrap();
    client
        .delete_book(book.id, current.version, Some(current.entry.version))
        .await
        .unwrap();
    let missing = client.book(book.id).await.unwrap_err();
    assert_eq!(missing.status(), Some(404));
    server.stop().await;
}

#[tokio::test]
async fn labels_attach_rename_delete() {
    let (_dir, server, client) = start().await;
    let book = client
        .create_book(&NewBook {
            fields: BookFields {
                title: "Kindred".to_string(),
                ..BookFields::default()
            },
            entry: None,
        })
        .await
        .unwrap();
    let shelf = client
        .create_label(LabelKind::Shelf, "favorites")
        .await
        .unwrap();
    let other = client
        .create_label(LabelKind::Shelf, "lent out")
        .await
        .unwrap();
    client
        .attach_label(LabelKind::Shelf, shelf.id, book.id)
        .await
        .unwrap();
    assert_eq!(
        client.book(book.id).await.unwrap().shelves,
        vec!["favorites"]
    );

    let duplicate = client
        .create_label(LabelKind::Shelf, "favorites")
        .await
        .unwrap_err();
    assert_eq!(duplicate.status(), Some(409));

    client
        .attach_label(LabelKind::Shelf, other.id, book.id)
        .await
        .unwrap();
    client
        .detach_label(LabelKind::Shelf, shelf.id, book.id)
        .await
        .unwrap();
    assert_eq!(
        client.book(book.id).await.unwrap().shelves,
        vec!["lent out"]
    );

    // Putting the book on the shelf moved the shelf's version, which covers its books.
    let stale_version = other.version;
    let other = client
        .labels(LabelKind::Shelf)
        .await
        .unwrap()
        .into_iter()
        .find(|label| label.id == other.id)
        .unwrap();
    assert!(other.version > stale_version);
    let renamed = client
        .rename_label(LabelKind::Shelf, other.id, other.version, "lent to Ana")
        .await
        .unwrap();
    assert_eq!(renamed.name, "lent to Ana");
    let stale = client
        .rename_label(LabelKind::Shelf, other.id, other.version, "x")
        .await
        .unwrap_err();
    assert_eq!(stale.status(), Some(412));
    client
        .delete_label(LabelKind::Shelf, renamed.id, renamed.version)
        .await
        .unwrap();
    let names: Vec<String> = client
        .labels(LabelKind::Shelf)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.name)
        .collect();
    assert_eq!(names, vec!["favorites"]);
    server.stop().await;
}

#[tokio::test]
async fn import_export_and_paging() {
    let (_dir, server, client) = start().await;
    let report = client
        .import("goodreads.csv", GOODREADS_CSV.as_bytes().to_vec(), None)
        .await
        .unwrap();
    assert_eq!(report.imported, 3, "{report:?}");

    let again = client
        .import("goodreads.csv", GOODREADS_CSV.as_bytes().to_vec(), None)
        .await
        .unwrap();
    assert_eq!(
        again.imported, 0,
        "importing the same file twice adds nothing"
    );

    let mut query = BookQuery {
        limit: Some(2),
        ..BookQuery::default()
    };
    let first = client.list_books(&query).await.unwrap();
    assert_eq!(first.items.len(), 2);
    assert_eq!(first.total, 3);
    query.cursor = first.next_cursor.clone();
    let second = client.list_books(&query).await.unwrap();
    assert_eq!(second.items.len(), 1);
    assert!(second.next_cursor.is_none());

    let all = client.list_all_books(&BookQuery::default()).await.unwrap();
    assert_eq!(all.len(), 3);

    let csv = client.export(ExportFormat::Goodreads).await.unwrap();
    let text = String::from_utf8(csv).unwrap();
    assert!(text.starts_with("Book Id,Title"), "{}", &text[..40]);
    assert!(text.contains("Piranesi"));
    let archive = client.export(ExportFormat::Archive).await.unwrap();
    assert!(serde_json::from_slice::<serde_json::Value>(&archive).is_ok());

    let bad = client
        .import("notes.txt", b"hello,world\n1,2\n".to_vec(), None)
        .await
        .unwrap_err();
    assert_eq!(bad.status(), Some(422));
    assert!(bad.to_string().contains("format"), "{bad}");
    server.stop().await;
}

#[tokio::test]
async fn local_token_is_reused() {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::under(dir.path());
    let first = EmbeddedServer::start(&paths).await.unwrap();
    let token = first.token.clone();
    first.stop().await;
    let second = EmbeddedServer::start(&paths).await.unwrap();
    assert_eq!(second.token, token);
    let client = Client::new(&second.base_url, &second.token).unwrap();
    assert_eq!(client.me().await.unwrap().name, "local");

    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(paths.local_token_file())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    second.stop().await;
}

#[tokio::test]
async fn bad_token_is_unauthorized() {
    let (_dir, server, _) = start().await;
    let client = Client::new(&server.base_url, "est_wrong").unwrap();
    let error = client.me().await.unwrap_err();
    assert_eq!(error.status(), Some(401));
    // The server's text names an HTTP header; the app's names its own login.
    let text = error.to_string();
    assert!(text.contains("estante login"), "{text}");
    assert!(!text.contains("Authorization"), "{text}");
    server.stop().await;
}

#[tokio::test]
async fn login_issues_token() {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::under(dir.path());
    let url = estante_backend::config::sqlite_url(&paths.database()).unwrap();
    let store = estante_backend::storage::open(&url).await.unwrap();
    let hash = estante_backend::auth::hash_password("correct horse battery").unwrap();
    store.create_user("ana", Some(&hash)).await.unwrap();

    let server = EmbeddedServer::start(&paths).await.unwrap();
    let response = Client::login(&server.base_url, "ana", "correct horse battery", "test")
        .await
        .unwrap();
    assert_eq!(response.user.name, "ana");
    let client = Client::new(&server.base_url, &response.token).unwrap();
    assert_eq!(client.me().await.unwrap().name, "ana");

    let wrong = Client::login(&server.base_url, "ana", "wrong", "test")
        .await
        .unwrap_err();
    assert_eq!(wrong.status(), Some(401));
    assert!(!wrong.to_string().contains("estante login"), "{wrong}");
    server.stop().await;
}

/// A stored login could not be ended: the token stayed valid on the server and in
/// config.toml for good. `estante logout` now revokes it and removes it from the file.
#[tokio::test]
async fn logout_revokes_and_forgets_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::under(dir.path());
    let url = estante_backend::config::sqlite_url(&paths.database()).unwrap();
    let store = estante_backend::storage::open(&url).await.unwrap();
    let hash = estante_backend::auth::hash_password("correct horse battery").unwrap();
    store.create_user("ana", Some(&hash)).await.unwrap();
    let server = EmbeddedServer::start(&paths).await.unwrap();
    let response = Client::login(&server.base_url, "ana", "correct horse battery", "test")
        .await
        .unwrap();
    let config = dir.path().join("client-config");
    std::fs::create_dir_all(&config).unwrap();
    estante::settings::save_login(
        &config.join("config.toml"),
        &server.base_url,
        &response.token,
    )
    .unwrap();
    let logout = || {
        tokio::process::Command::new(env!("CARGO_BIN_EXE_estante"))
            .arg("logout")
            .env("HOME", dir.path())
            .env("ESTANTE_CONFIG_DIR", &config)
            .env("ESTANTE_DATA_DIR", dir.path().join("client-data"))
            .env("XDG_STATE_HOME", dir.path().join("state"))
            .env("LANG", "C")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .output()
    };

    let output = logout().await.unwrap();

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("the token is revoked"), "{stderr}");
    let client = Client::new(&server.base_url, &response.token).unwrap();
    assert_eq!(client.me().await.unwrap_err().status(), Some(401));
    let file = std::fs::read_to_string(config.join("config.toml")).unwrap();
    assert!(!file.contains("token"), "{file}");
    assert!(file.contains(&server.base_url), "{file}");

    // With the token gone, a second logout names the missing login.
    let again = logout().await.unwrap();
    assert!(!again.status.success());
    server.stop().await;
}

#[tokio::test]
async fn unreachable_server_is_reported() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::new(&format!("http://{address}"), "t").unwrap();
    let error = client.me().await.unwrap_err();
    assert!(
        matches!(error, ClientError::Unreachable { .. }),
        "{error:?}"
    );
}

/// A server address with a path that the server does not have reaches the server,
/// which returns 404 for the route. The message must point at the address, not at
/// a missing book.
#[tokio::test]
async fn wrong_server_path_names_the_address() {
    estante::i18n::set_thread_language(estante::i18n::Language::English);
    let (_dir, server, _client) = start().await;
    let base = format!("{}/estante", server.base_url);
    let client = Client::new(&base, &server.token).unwrap();
    let error = client.me().await.unwrap_err();
    assert_eq!(error.status(), Some(404), "{error:?}");
    let text = error.to_string();
    assert!(text.contains(&base), "{text}");
    assert!(text.contains("/estante/api/v1/"), "{text}");
    assert!(text.contains("--server"), "{text}");

    // A missing book on the right address keeps the server's own words.
    let right = Client::new(&server.base_url, &server.token).unwrap();
    let missing = right.book(999_999).await.unwrap_err();
    assert_eq!(missing.to_string(), "book not found");
}

/// The embedded server runs a report worker, so the year in review comes back as
/// data and as Markdown through the report jobs.
#[tokio::test]
async fn year_in_review_from_server() {
    let (_dir, _server, client) = start().await;
    client
        .import("goodreads.csv", GOODREADS_CSV.as_bytes().to_vec(), None)
        .await
        .unwrap();

    let review = client.year_in_review(2021).await.unwrap();
    assert_eq!(review.books_finished, 1);
    assert_eq!(review.pages_read, 272);
    assert_eq!(review.first.as_ref().unwrap().title, "Piranesi");
    assert_eq!(review.months.len(), 12);
    assert_eq!(review.months[0].books, 1);

    let empty = client.year_in_review(2020).await.unwrap();
    assert_eq!(empty.books_finished, 0);

    let markdown = client
        .report(2019, estante_backend::reports::ReportFormat::Markdown)
        .await
        .unwrap();
    let markdown = String::from_utf8(markdown).unwrap();
    assert!(
        markdown.starts_with("# Reading report for 2019\n"),
        "{markdown}"
    );
    assert!(markdown.contains("Small Gods"), "{markdown}");
}

/// The client asks for the interface language, so the server's error details come
/// back in Portuguese when the app is in Portuguese.
#[tokio::test]
async fn server_errors_in_the_interface_language() {
    estante::i18n::set_thread_language(estante::i18n::Language::BrazilianPortuguese);
    let (_dir, server, _) = start().await;
    let client = Client::new(&server.base_url, &server.token).unwrap();

    let missing = client.book(424_242).await.unwrap_err();

    assert_eq!(missing.status(), Some(404));
    assert_eq!(missing.to_string(), "livro não encontrado");
}
