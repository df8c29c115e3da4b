//! The app and the runner together against the embedded server on 127.0.0.1:
//! requests go through real tasks, and every result is fed back as the run loop
//! does.

#![allow(clippy::unwrap_used)]

mod support;

use std::time::Duration;

use crossterm::event::KeyCode;
use estante::app::App;
use estante::app::msg::{Msg, Request};
use estante::app::runner::Runner;
use estante::client::Client;
use estante::embedded::EmbeddedServer;
use estante::openlibrary::OpenLibrary;
use estante::paths::Paths;
use estante_backend::model::ReadingFields;
use tokio::sync::mpsc::UnboundedReceiver;

/// How long a test waits for the next result before it reports the requests that
/// never finished.
const RESULT_TIMEOUT: Duration = Duration::from_secs(10);

async fn start(dir: &tempfile::TempDir) -> (EmbeddedServer, Runner, UnboundedReceiver<Msg>) {
    let paths = Paths::under(dir.path());
    let server = EmbeddedServer::start(&paths).await.unwrap();
    let client = Client::new(&server.base_url, &server.token).unwrap();
    let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
    let runner = Runner::new(client, OpenLibrary::new(None), paths.config_file(), sender);
    (server, runner, receiver)
}

/// Spawns the app's requests and feeds their results back until the app counts
/// nothing in flight, as the run loop does. Panics when a result is missing.
async fn run_until_idle(app: &mut App, runner: &Runner, receiver: &mut UnboundedReceiver<Msg>) {
    loop {
        for request in app.take_requests() {
            runner.spawn(request);
        }
        if !app.is_busy() {
            return;
        }
        let msg = tokio::time::timeout(RESULT_TIMEOUT, receiver.recv())
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "the spinner stays on: {} requests in flight and no result for {:?}",
                    app.in_flight, RESULT_TIMEOUT
                )
            })
            .unwrap();
        app.handle_msg(msg);
    }
}

#[tokio::test]
async fn superseded_library_load_ends() {
    let dir = tempfile::tempdir().unwrap();
    let (server, runner, mut receiver) = start(&dir).await;
    let mut app = App::new(support::context());

    // The start queued the first library load. Reloading before its task runs
    // replaces it, so that task stops without a page.
    support::press(&mut app, KeyCode::Char('r'));
    let requests = app.take_requests();
    let loads = requests
        .iter()
        .filter(|request| matches!(request, Request::LoadLibrary { .. }))
        .count();
    assert_eq!(loads, 2, "{requests:?}");
    for request in requests {
        runner.spawn(request);
    }

    run_until_idle(&mut app, &runner, &mut receiver).await;
    assert_eq!(app.in_flight, 0);
    assert!(!app.is_busy());
    server.stop().await;
}

#[tokio::test]
async fn review_export_keeps_older_report() {
    let dir = tempfile::tempdir().unwrap();
    let (server, runner, mut receiver) = start(&dir).await;
    let mut app = App::new(support::context());
    run_until_idle(&mut app, &runner, &mut receiver).await;

    let folder = dir.path().join("reports");
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join("estante-report-2026.md");
    std::fs::write(&path, "older report").unwrap();

    for expected in ["estante-report-2026-2.md", "estante-report-2026-3.md"] {
        runner.spawn(Request::ExportReview {
            year: 2026,
            path: path.clone(),
            goal: Default::default(),
        });
        let msg = tokio::time::timeout(RESULT_TIMEOUT, receiver.recv())
            .await
            .unwrap()
            .unwrap();
        let Msg::ReviewExported { path: written, .. } = &msg else {
            panic!("{msg:?}")
        };
        assert_eq!(*written, folder.join(expected));
        let report = std::fs::read_to_string(written).unwrap();
        assert!(report.starts_with('#'), "{report}");

        app.handle_msg(msg);
        let (_, message) = app.message.clone().unwrap();
        let full_path = folder.join(expected).display().to_string();
        assert!(message.contains(&full_path), "{message}");
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "older report");
    server.stop().await;
}

#[tokio::test]
async fn library_export_keeps_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let (server, runner, mut receiver) = start(&dir).await;
    let mut app = App::new(support::context());
    run_until_idle(&mut app, &runner, &mut receiver).await;

    let path = dir.path().join("library.csv");
    std::fs::write(&path, "someone else's file").unwrap();

    runner.spawn(Request::Export {
        path: path.clone(),
        format: estante_backend::transfer::ExportFormat::Goodreads,
    });
    let msg = tokio::time::timeout(RESULT_TIMEOUT, receiver.recv())
        .await
        .unwrap()
        .unwrap();

    let Msg::Exported {
        path: written,
        result,
    } = &msg
    else {
        panic!("{msg:?}")
    };
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(*written, dir.path().join("library-2.csv"));
    assert!(
        std::fs::read_to_string(written)
            .unwrap()
            .starts_with("Book Id")
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "someone else's file"
    );
    server.stop().await;
}

/// Waits for the result of the one write in flight.
async fn next_write(receiver: &mut UnboundedReceiver<Msg>) -> Msg {
    tokio::time::timeout(RESULT_TIMEOUT, receiver.recv())
        .await
        .unwrap()
        .unwrap()
}

/// `f` on a Book screen that showed no open reading asked to add a reading finished
/// today. When another client had started one meanwhile, the book got two readings
/// and its year counted one read twice. The finish now reads the book first and
/// finishes the reading the server has open, and adds one only when none is.
#[tokio::test]
async fn finish_reads_the_server_first() {
    use estante_backend::model::{BookFields, Contributor, ReadingStatus};
    use estante_backend::storage::{EntryPatch, NewBook};

    let dir = tempfile::tempdir().unwrap();
    let (server, runner, mut receiver) = start(&dir).await;
    let other = Client::new(&server.base_url, &server.token).unwrap();
    let new = NewBook {
        fields: BookFields {
            title: "1984".to_string(),
            contributors: vec![Contributor::author("George Orwell")],
            ..BookFields::default()
        },
        entry: None,
    };
    let date: estante_backend::dates::PartialDate = "2026-01-05".parse().unwrap();

    // Another client starts a reading that the screen never saw.
    let started = other.create_book(&new).await.unwrap();
    let patch = EntryPatch {
        status: Some(ReadingStatus::Reading),
        status_date: Some("2026-01-02".parse().unwrap()),
        ..EntryPatch::default()
    };
    other
        .update_entry(started.id, started.entry.version, &patch)
        .await
        .unwrap();
    runner.spawn(Request::FinishReading {
        book_id: started.id,
        date,
    });
    let msg = next_write(&mut receiver).await;
    assert!(matches!(&msg, Msg::Wrote { result: Ok(_), .. }), "{msg:?}");
    let readings = other.book(started.id).await.unwrap().readings;
    assert_eq!(readings.len(), 1, "{readings:?}");
    assert_eq!(
        readings[0].fields.started,
        Some("2026-01-02".parse().unwrap())
    );
    assert_eq!(readings[0].fields.finished, Some(date));

    // With nothing open, the finish adds a reading of that day.
    let unread = other.create_book(&new).await.unwrap();
    runner.spawn(Request::FinishReading {
        book_id: unread.id,
        date,
    });
    let msg = next_write(&mut receiver).await;
    assert!(matches!(&msg, Msg::Wrote { result: Ok(_), .. }), "{msg:?}");
    let readings = other.book(unread.id).await.unwrap().readings;
    assert_eq!(readings.len(), 1, "{readings:?}");
    assert_eq!(readings[0].fields.started, None);
    assert_eq!(readings[0].fields.finished, Some(date));
    server.stop().await;
}

/// Plays a conflict on a reading: another client writes `theirs` over a reading
/// started on 2 January, after this app loaded it, and the reader, who changed the
/// loaded copy to `mine`, chooses "o: overwrite". Returns the reading as stored.
async fn overwrite_reading(
    theirs: impl FnOnce(ReadingFields) -> ReadingFields,
    mine: impl FnOnce(ReadingFields) -> ReadingFields,
) -> ReadingFields {
    use estante_backend::model::{BookFields, Contributor};
    use estante_backend::storage::NewBook;

    let dir = tempfile::tempdir().unwrap();
    let (server, runner, mut receiver) = start(&dir).await;
    let other = Client::new(&server.base_url, &server.token).unwrap();
    let new = NewBook {
        fields: BookFields {
            title: "Kindred".to_string(),
            contributors: vec![Contributor::author("Octavia E. Butler")],
            ..BookFields::default()
        },
        entry: None,
    };
    let book = other.create_book(&new).await.unwrap();
    let loaded = ReadingFields {
        started: Some("2026-01-02".parse().unwrap()),
        ..ReadingFields::default()
    };
    let reading = other.add_reading(book.id, &loaded).await.unwrap();
    let now = other
        .update_reading(reading.id, reading.version, &theirs(loaded.clone()))
        .await
        .unwrap();

    let request = Request::UpdateReading {
        book_id: book.id,
        id: reading.id,
        version: reading.version,
        fields: mine(loaded.clone()),
        base: loaded,
        overwrite: false,
    };
    runner.spawn(request.with_version(now.version));
    let msg = next_write(&mut receiver).await;
    assert!(matches!(&msg, Msg::Wrote { result: Ok(_), .. }), "{msg:?}");

    let stored = other.book(book.id).await.unwrap().readings;
    server.stop().await;
    stored[0].fields.clone()
}

/// "o: overwrite" after a conflict on a reading wrote the whole form, so it cleared
/// the finish date that another client had set while the reader changed only the
/// start. Only the dates the reader changed are written over the server's now.
#[tokio::test]
async fn overwrite_keeps_the_other_clients_dates() {
    let stored = overwrite_reading(
        |loaded| ReadingFields {
            finished: Some("2026-01-20".parse().unwrap()),
            ..loaded
        },
        |loaded| ReadingFields {
            started: Some("2026-01-03".parse().unwrap()),
            ..loaded
        },
    )
    .await;

    assert_eq!(stored.started, Some("2026-01-03".parse().unwrap()));
    assert_eq!(stored.finished, Some("2026-01-20".parse().unwrap()));
}

/// Finishing a reading that another client had stopped meanwhile met a conflict,
/// and "o: overwrite" sent both end dates, which the server refuses. The reader's
/// finish now replaces the other client's stop.
#[tokio::test]
async fn overwrite_finish_replaces_the_other_clients_stop() {
    let stored = overwrite_reading(
        |loaded| ReadingFields {
            stopped: Some("2026-01-10".parse().unwrap()),
            ..loaded
        },
        |loaded| ReadingFields {
            finished: Some("2026-01-20".parse().unwrap()),
            ..loaded
        },
    )
    .await;

    assert_eq!(stored.stopped, None);
    assert_eq!(stored.finished, Some("2026-01-20".parse().unwrap()));
    assert_eq!(stored.started, Some("2026-01-02".parse().unwrap()));
}

/// "o: overwrite" after a conflict on a book's edit form wrote every field of the
/// form, so it undid the page count that another client had set while the reader
/// changed only the title. Only the fields the reader changed are written now.
#[tokio::test]
async fn book_overwrite_keeps_other_fields() {
    use estante_backend::model::{BookFields, Contributor};
    use estante_backend::storage::NewBook;

    let dir = tempfile::tempdir().unwrap();
    let (server, runner, mut receiver) = start(&dir).await;
    let other = Client::new(&server.base_url, &server.token).unwrap();
    let loaded = BookFields {
        title: "Kindred".to_string(),
        contributors: vec![Contributor::author("Octavia E. Butler")],
        ..BookFields::default()
    };
    let book = other
        .create_book(&NewBook {
            fields: loaded.clone(),
            entry: None,
        })
        .await
        .unwrap();

    // Another client sets the page count after the form loaded the book.
    let paged = BookFields {
        pages: Some(264),
        ..loaded.clone()
    };
    let now = other
        .update_book(book.id, book.version, &paged)
        .await
        .unwrap();

    // The reader changed only the title, on the stale copy, and chose to overwrite.
    let mine = BookFields {
        title: "Kindred: A Novel".to_string(),
        ..loaded.clone()
    };
    let request = Request::UpdateBook {
        id: book.id,
        version: book.version,
        fields: mine,
        base: Box::new(loaded),
        overwrite: false,
    };
    runner.spawn(request.with_version(now.version));
    let msg = next_write(&mut receiver).await;
    assert!(matches!(&msg, Msg::Wrote { result: Ok(_), .. }), "{msg:?}");

    let stored = other.book(book.id).await.unwrap().fields;
    assert_eq!(stored.title, "Kindred: A Novel");
    assert_eq!(stored.pages, Some(264));
    server.stop().await;
}

/// A delete from a Book screen that showed no review, after another client wrote
/// one, got 204 and took the review with it: the delete checked only the book's
/// version. It now gets 412, and "overwrite" deletes at the versions the server
/// has then.
#[tokio::test]
async fn stale_delete_keeps_new_review() {
    use estante_backend::model::BookFields;
    use estante_backend::storage::{EntryPatch, NewBook};

    let dir = tempfile::tempdir().unwrap();
    let (server, runner, mut receiver) = start(&dir).await;
    let other = Client::new(&server.base_url, &server.token).unwrap();
    let book = other
        .create_book(&NewBook {
            fields: BookFields {
                title: "Kindred".to_string(),
                ..BookFields::default()
            },
            entry: None,
        })
        .await
        .unwrap();
    let review = EntryPatch {
        review: Some(Some("Read it in one sitting".to_string())),
        ..EntryPatch::default()
    };
    other
        .update_entry(book.id, book.entry.version, &review)
        .await
        .unwrap();

    let request = Request::DeleteBook {
        id: book.id,
        version: book.version,
        entry_version: book.entry.version,
        overwrite: false,
    };
    runner.spawn(request.clone());
    let msg = next_write(&mut receiver).await;
    let Msg::Wrote {
        result: Err(error), ..
    } = &msg
    else {
        panic!("the stale delete went through: {msg:?}");
    };
    assert_eq!(error.status(), Some(412), "{error}");
    let stored = other.book(book.id).await.unwrap();
    assert_eq!(
        stored.entry.fields.review.as_deref(),
        Some("Read it in one sitting")
    );

    runner.spawn(request.with_version(0));
    let msg = next_write(&mut receiver).await;
    assert!(matches!(&msg, Msg::Wrote { result: Ok(_), .. }), "{msg:?}");
    assert_eq!(other.book(book.id).await.unwrap_err().status(), Some(404));
    server.stop().await;
}

/// Starts a book read since 2026-01-02, after `earlier` when given, through another
/// client; opens it in the app; types `date` into the form field `down` rows below
/// the start of its open reading (1 finish, 2 stop) and saves. Returns the book as
/// the server then stores it.
async fn edit_open_reading(
    earlier: Option<ReadingFields>,
    down: usize,
    date: &str,
) -> estante_backend::storage::Book {
    use estante_backend::model::{BookFields, Contributor, ReadingStatus};
    use estante_backend::storage::{EntryPatch, NewBook};

    let dir = tempfile::tempdir().unwrap();
    let (server, runner, mut receiver) = start(&dir).await;
    let other = Client::new(&server.base_url, &server.token).unwrap();
    let new = NewBook {
        fields: BookFields {
            title: "Cien años de soledad".to_string(),
            contributors: vec![Contributor::author("Gabriel García Márquez")],
            ..BookFields::default()
        },
        entry: None,
    };
    let book = other.create_book(&new).await.unwrap();
    if let Some(earlier) = earlier {
        other.add_reading(book.id, &earlier).await.unwrap();
    }
    let entry = other.book(book.id).await.unwrap().entry;
    let patch = EntryPatch {
        status: Some(ReadingStatus::Reading),
        status_date: Some("2026-01-02".parse().unwrap()),
        ..EntryPatch::default()
    };
    other
        .update_entry(book.id, entry.version, &patch)
        .await
        .unwrap();

    let mut app = App::new(support::context());
    run_until_idle(&mut app, &runner, &mut receiver).await;
    support::press(&mut app, KeyCode::Enter);
    run_until_idle(&mut app, &runner, &mut receiver).await;
    // The picker starts on the newest reading, the open one.
    support::press(&mut app, KeyCode::Char('d'));
    support::press(&mut app, KeyCode::Enter);
    for _ in 0..down {
        support::press(&mut app, KeyCode::Char('j'));
    }
    support::press(&mut app, KeyCode::Enter);
    app.handle_key(support::ctrl('u'));
    support::type_text(&mut app, date);
    app.handle_key(support::ctrl('s'));
    run_until_idle(&mut app, &runner, &mut receiver).await;

    let stored = other.book(book.id).await.unwrap();
    server.stop().await;
    stored
}

/// Finishing a re-read's open reading on an earlier date in the reading form
/// added a third reading, finished today: the status change that followed carried
/// today's date, and the server took it for another read that ended today. It now
/// carries the reading's finish date.
#[tokio::test]
async fn finishing_a_reading_adds_no_reading_of_today() {
    let first = ReadingFields {
        finished: Some("2025-02-19".parse().unwrap()),
        ..ReadingFields::default()
    };

    let stored = edit_open_reading(Some(first), 1, "2026-01-20").await;

    let status = stored.entry.fields.status;
    assert_eq!(status, estante_backend::model::ReadingStatus::Read);
    let finished: Vec<Option<String>> = stored
        .readings
        .iter()
        .map(|reading| reading.fields.finished.map(|date| date.to_string()))
        .collect();
    let expected = ["2025-02-19", "2026-01-20"].map(|date| Some(date.to_string()));
    assert_eq!(finished, expected, "{:?}", stored.readings);
}

/// Stopping the open reading in the reading form left the book's status at
/// "reading" with no reading open. It now gives the book up on the stop's date,
/// with no other reading added.
#[tokio::test]
async fn stopping_a_reading_gives_the_book_up() {
    let stored = edit_open_reading(None, 2, "2026-01-20").await;

    let status = stored.entry.fields.status;
    assert_eq!(status, estante_backend::model::ReadingStatus::DidNotFinish);
    assert_eq!(stored.readings.len(), 1, "{:?}", stored.readings);
    assert_eq!(
        stored.readings[0].fields.stopped,
        Some("2026-01-20".parse().unwrap())
    );
}
