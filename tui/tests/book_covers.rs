//! Covers in the book view: decoding the fixture images, half-block snapshots at two
//! sizes, the messages for damaged and missing covers, and the whole path from a
//! 404 through the server's fetch from a mock Open Library on 127.0.0.1.

#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use crossterm::event::KeyCode;
use estante::app::msg::{Msg, Request};
use estante::app::outbox::Outbox;
use estante::app::runner::Runner;
use estante::app::{App, Tab};
use estante::client::Client;
use estante::covers::{CoverError, CoverImage, Encoded, Renderer, decode};
use estante::embedded::EmbeddedServer;
use estante::openlibrary::OpenLibrary;
use estante::paths::Paths;
use estante::screens::book::cover::{loading_text, missing_text};
use estante_backend::model::{BookFields, Contributor};
use estante_backend::storage::NewBook;
use image::Rgba;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::{Rect, Size};
use ratatui::style::Color;
use ratatui_image::picker::{Picker, ProtocolType};
use support::{book, cover_context, labels, library_page, press, summaries};

const JPEG: &[u8] = include_bytes!("fixtures/cover.jpg");
const PNG: &[u8] = include_bytes!("fixtures/cover.png");

/// The colours `fixtures/make_covers.py` paints.
const RED: [u8; 3] = [180, 30, 40];
const CREAM: [u8; 3] = [240, 230, 200];
const BLUE: [u8; 3] = [30, 60, 200];

fn assert_near(actual: Rgba<u8>, expected: [u8; 3], tolerance: u8, what: &str) {
    for channel in 0..3 {
        let difference = actual[channel].abs_diff(expected[channel]);
        assert!(
            difference <= tolerance,
            "{what}: channel {channel} is {actual:?}, expected {expected:?} ± {tolerance}"
        );
    }
}

#[test]
fn decodes_real_png() {
    let image = decode(PNG).unwrap();
    assert_eq!((image.width(), image.height()), (48, 72));
    let pixels = image.to_rgba8();
    assert_near(*pixels.get_pixel(2, 2), RED, 0, "top left");
    assert_near(*pixels.get_pixel(16, 16), BLUE, 0, "square");
    assert_near(*pixels.get_pixel(40, 60), CREAM, 0, "bottom");
}

#[test]
fn decodes_real_jpeg() {
    let image = decode(JPEG).unwrap();
    assert_eq!((image.width(), image.height()), (48, 72));
    let pixels = image.to_rgba8();
    // JPEG is lossy: flat areas away from edges come back within a few steps.
    assert_near(*pixels.get_pixel(2, 2), RED, 12, "top left");
    assert_near(*pixels.get_pixel(16, 16), BLUE, 12, "square");
    assert_near(*pixels.get_pixel(40, 60), CREAM, 12, "bottom");
}

#[test]
fn truncated_jpeg_is_an_error_not_a_panic() {
    // The markers survive but the scan data is cut off halfway.
    // A decoder may fill the missing part in or reject the file; either way the
    // result is whole or an error, never a panic.
    match decode(&JPEG[..JPEG.len() / 2]) {
        Ok(image) => assert_eq!((image.width(), image.height()), (48, 72)),
        Err(error) => assert!(matches!(error, CoverError::Corrupt(_)), "{error:?}"),
    }
}

/// Opens the sample book on the Book tab with covers on, and returns the app with
/// the cover request it queued.
fn book_with_covers() -> (App, Vec<Request>) {
    let mut app = App::new(cover_context());
    app.take_requests();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    app.handle_msg(Msg::LabelsLoaded {
        result: Ok(labels()),
    });
    support::open_book(&mut app, book());
    let requests = app.take_requests();
    (app, requests)
}

fn draw(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    terminal.backend().buffer().clone()
}

fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        for x in 0..area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// Draws, then plays the runner for the encoding the frame asked for, and draws
/// again with the encoded cover.
fn draw_with_cover(app: &mut App, width: u16, height: u16) -> Buffer {
    draw_with_renderer(app, &Renderer::Halfblocks, width, height)
}

/// [`draw_with_cover`] with the cover encoded by `renderer`.
fn draw_with_renderer(app: &mut App, renderer: &Renderer, width: u16, height: u16) -> Buffer {
    draw(app, width, height);
    app.after_draw();
    for request in app.take_requests() {
        let Request::EncodeCover {
            book_id,
            image,
            area,
        } = request
        else {
            panic!("unexpected request {request:?}");
        };
        let encoded = renderer
            .encode(&image.0, Size::new(area.0, area.1))
            .unwrap();
        app.handle_msg(Msg::CoverEncoded {
            book_id,
            area,
            result: Ok(Encoded(encoded)),
        });
    }
    draw(app, width, height)
}

/// Lists the colours of the cells in `area`, one letter per distinct colour, foreground
/// and background side by side, with the letters' colours listed after.
fn colours(buffer: &Buffer, area: Rect) -> String {
    let mut legend: BTreeMap<String, char> = BTreeMap::new();
    let mut letter = |color: Color| -> char {
        let name = format!("{color:?}");
        let next = char::from(b'A' + legend.len() as u8);
        *legend.entry(name).or_insert(next)
    };
    let mut rows = String::new();
    for y in area.top()..area.bottom() {
        let (mut fg, mut bg) = (String::new(), String::new());
        for x in area.left()..area.right() {
            let cell = &buffer[(x, y)];
            fg.push(letter(cell.fg));
            bg.push(letter(cell.bg));
        }
        writeln!(rows, "{fg} {bg}").unwrap();
    }
    let mut legend: Vec<(char, String)> = legend.into_iter().map(|(k, v)| (v, k)).collect();
    legend.sort();
    for (letter, name) in legend {
        writeln!(rows, "{letter} = {name}").unwrap();
    }
    rows
}

fn half_blocks(screen: &str) -> usize {
    screen.chars().filter(|c| matches!(c, '▀' | '▄')).count()
}

#[test]
fn book_view_with_halfblock_cover() {
    for (width, height, cover_width) in [(80, 24, 20), (120, 40, 30)] {
        let (mut app, requests) = book_with_covers();
        assert_eq!(
            requests,
            vec![Request::LoadCover {
                book_id: 3,
                fetch: true
            }]
        );
        let placeholder = text(&draw(&app, width, height));
        assert!(placeholder.contains(&loading_text()), "{placeholder}");

        let image = CoverImage(Arc::new(decode(PNG).unwrap()));
        app.handle_msg(Msg::CoverLoaded {
            book_id: 3,
            result: Ok(image),
        });
        let buffer = draw_with_cover(&mut app, width, height);
        let screen = text(&buffer);
        assert!(half_blocks(&screen) > 20, "{screen}");
        assert!(screen.contains("The Left Hand of Darkness"), "{screen}");
        assert!(screen.contains("Rating"), "{screen}");

        let name = format!("book_cover_{width}x{height}");
        insta::assert_snapshot!(name.clone(), screen);
        let cover = Rect::new(width - cover_width, 1, cover_width, height - 2);
        insta::assert_snapshot!(format!("{name}_colours"), colours(&buffer, cover));
    }
}

/// The kitty, iTerm2 and sixel encoders run through the same encode and draw path
/// as half-blocks: the book view's cover column gets the protocol's escape sequence,
/// and the text beside it is drawn as usual. A terminal that shows the image is not
/// part of the test; the sequences are the crate's, checked here by their start.
#[test]
fn graphics_protocols_reach_the_frame() {
    let cases = [
        (ProtocolType::Kitty, "_G"),
        (ProtocolType::Iterm2, "]1337;File="),
        (ProtocolType::Sixel, "\u{1b}P"),
    ];
    for (protocol, marker) in cases {
        let mut picker = Picker::halfblocks();
        picker.set_protocol_type(protocol);
        let renderer = Renderer::Graphics(picker);
        let (mut app, _) = book_with_covers();
        app.handle_msg(Msg::CoverLoaded {
            book_id: 3,
            result: Ok(CoverImage(Arc::new(decode(JPEG).unwrap()))),
        });

        let buffer = draw_with_renderer(&mut app, &renderer, 120, 40);

        let cover = Rect::new(120 - 30, 1, 30, 38);
        let sequences: Vec<&str> = (cover.top()..cover.bottom())
            .flat_map(|y| (cover.left()..cover.right()).map(move |x| (x, y)))
            .map(|position| buffer[position].symbol())
            .filter(|symbol| symbol.starts_with('\u{1b}'))
            .collect();
        assert!(!sequences.is_empty(), "{protocol:?}: no escape sequence");
        assert!(
            sequences.iter().any(|symbol| symbol.contains(marker)),
            "{protocol:?}: {:?}",
            sequences
                .iter()
                .map(|s| &s[..s.len().min(40)])
                .collect::<Vec<_>>()
        );
        let screen = text(&buffer);
        assert!(screen.contains("The Left Hand of Darkness"), "{protocol:?}");
        assert_eq!(half_blocks(&screen), 0, "{protocol:?}");
    }
}

#[test]
fn narrow_view_hides_cover() {
    let (mut app, _) = book_with_covers();
    let image = CoverImage(Arc::new(decode(PNG).unwrap()));
    app.handle_msg(Msg::CoverLoaded {
        book_id: 3,
        result: Ok(image),
    });
    let screen = text(&draw_with_cover(&mut app, 70, 24));
    assert_eq!(half_blocks(&screen), 0, "{screen}");
    assert!(!screen.contains(&loading_text()), "{screen}");
    assert!(screen.contains("The Left Hand of Darkness"), "{screen}");
    assert!(app.take_requests().is_empty());
}

#[test]
fn damaged_cover_shows_message() {
    let (mut app, _) = book_with_covers();
    let error = decode(b"\xFF\xD8\xFF\xE0 this is not really a JPEG").unwrap_err();
    app.handle_msg(Msg::CoverLoaded {
        book_id: 3,
        result: Err(error),
    });
    let screen = text(&draw(&app, 120, 40));
    assert!(screen.contains("The cover image is damaged"), "{screen}");
    assert_eq!(half_blocks(&screen), 0, "{screen}");
    app.after_draw();
    assert!(app.take_requests().is_empty());
}

#[test]
fn missing_cover_shows_message() {
    let (mut app, _) = book_with_covers();
    app.handle_msg(Msg::CoverLoaded {
        book_id: 3,
        result: Err(CoverError::Missing),
    });
    let screen = text(&draw(&app, 80, 24));
    assert!(screen.contains(&missing_text()), "{screen}");
}

#[test]
fn covers_off_asks_for_nothing() {
    let mut app = support::app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    press(&mut app, KeyCode::Enter);
    app.take_requests();
    app.handle_msg(Msg::BookLoaded {
        id: 1,
        result: Ok(book()),
    });
    assert!(app.take_requests().is_empty());
}

/// A stand-in for the Open Library covers service: one ISBN has the JPEG fixture,
/// every other one gets 404, and every request is counted.
async fn mock_covers() -> (String, Arc<AtomicUsize>) {
    async fn cover(
        State(hits): State<Arc<AtomicUsize>>,
        Path(file): Path<String>,
    ) -> axum::response::Response {
        hits.fetch_add(1, Ordering::SeqCst);
        if file == "9780441478125-L.jpg" {
            ([(header::CONTENT_TYPE, "image/jpeg")], JPEG).into_response()
        } else {
            StatusCode::NOT_FOUND.into_response()
        }
    }
    let hits = Arc::new(AtomicUsize::new(0));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = Router::new()
        .route("/b/isbn/{file}", get(cover))
        .with_state(Arc::clone(&hits));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{address}"), hits)
}

async fn add_book(client: &Client, title: &str, isbn13: &str) -> i64 {
    let new = NewBook {
        fields: BookFields {
            title: title.to_string(),
            contributors: vec![Contributor::author("Ursula K. Le Guin")],
            isbn13: Some(isbn13.to_string()),
            ..BookFields::default()
        },
        entry: None,
    };
    client.create_book(&new).await.unwrap().id
}

/// Opens `book_id` and runs requests through `runner` until `done` holds, drawing
/// at 120×40 after each message as the run loop does.
async fn open_and_run(
    app: &mut App,
    runner: &Runner,
    receiver: &mut tokio::sync::mpsc::UnboundedReceiver<Msg>,
    book_id: i64,
    done: impl Fn(&App, &str) -> bool,
) -> String {
    let mut out = Outbox::default();
    app.book.open(book_id, &mut out);
    app.tab = Tab::Book;
    for request in out.requests {
        runner.spawn(request);
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let screen = text(&draw(app, 120, 40));
        if done(app, &screen) {
            return screen;
        }
        app.after_draw();
        for request in app.take_requests() {
            runner.spawn(request);
        }
        let msg = tokio::time::timeout_at(deadline, receiver.recv())
            .await
            .unwrap_or_else(|_| panic!("timed out; the screen:\n{screen}"))
            .unwrap();
        app.handle_msg(msg);
    }
}

#[tokio::test]
async fn fetches_missing_cover_through_server() {
    let (source, hits) = mock_covers().await;
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::under(dir.path());
    let server = EmbeddedServer::start_with_cover_source(&paths, Some(&source))
        .await
        .unwrap();
    let client = Client::new(&server.base_url, &server.token).unwrap();
    let with_cover = add_book(&client, "The Left Hand of Darkness", "9780441478125").await;
    let without = add_book(&client, "The Lathe of Heaven", "9780060512750").await;
    assert_eq!(
        client.cover(with_cover).await.unwrap(),
        None,
        "no cover yet"
    );

    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
    let runner = Runner::new(
        client.clone(),
        OpenLibrary::new(None),
        paths.config_file(),
        sender,
    )
    .with_covers(Some(Renderer::Halfblocks));
    let mut app = App::new(cover_context());
    app.take_requests();

    let shows_cover = |_: &App, screen: &str| half_blocks(screen) > 20;
    let screen = open_and_run(&mut app, &runner, &mut receiver, with_cover, shows_cover).await;
    assert!(screen.contains("The Left Hand of Darkness"), "{screen}");
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    let stored = client.cover(with_cover).await.unwrap().unwrap();
    assert_eq!(stored, JPEG, "the server keeps the fetched cover");

    // Open Library has nothing for the second book: one fetch, then "No cover".
    let no_cover = |_: &App, screen: &str| screen.contains(&missing_text());
    open_and_run(&mut app, &runner, &mut receiver, without, no_cover).await;
    assert_eq!(hits.load(Ordering::SeqCst), 2);

    // Reopening either book sends Open Library no more requests in this session.
    open_and_run(&mut app, &runner, &mut receiver, with_cover, shows_cover).await;
    open_and_run(&mut app, &runner, &mut receiver, without, no_cover).await;
    assert_eq!(hits.load(Ordering::SeqCst), 2);

    server.stop().await;
}

#[tokio::test]
async fn uploaded_covers_load_or_report() {
    let (source, hits) = mock_covers().await;
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::under(dir.path());
    let server = EmbeddedServer::start_with_cover_source(&paths, Some(&source))
        .await
        .unwrap();
    let client = Client::new(&server.base_url, &server.token).unwrap();
    let new = NewBook {
        fields: BookFields {
            title: "Always Coming Home".to_string(),
            ..BookFields::default()
        },
        entry: None,
    };
    let id = client.create_book(&new).await.unwrap().id;

    // No ISBN: the fetch is refused with 422, which reads as "no cover".
    let missing = estante::covers::load(&client, id, true).await.unwrap_err();
    assert_eq!(missing, CoverError::Missing);
    assert_eq!(hits.load(Ordering::SeqCst), 0, "nothing to look up");

    client
        .put_cover(id, PNG.to_vec(), "image/png")
        .await
        .unwrap();
    let image = estante::covers::load(&client, id, false).await.unwrap();
    assert_eq!((image.0.width(), image.0.height()), (48, 72));

    let rejected = client
        .put_cover(id, b"plain text".to_vec(), "image/png")
        .await
        .unwrap_err();
    assert_eq!(rejected.status(), Some(422), "{rejected}");

    // The server decodes uploads, so a damaged JPEG is rejected there.
    let mut damaged = JPEG[..20].to_vec();
    damaged.extend_from_slice(&[0x55; 64]);
    let rejected = client
        .put_cover(id, damaged.clone(), "image/jpeg")
        .await
        .unwrap_err();
    assert_eq!(rejected.status(), Some(422), "{rejected}");

    // A cover damaged in storage must still be reported when the app decodes it.
    let stored = stored_file(&paths.data_dir.join("blobs"), &id.to_string())
        .expect("the PNG cover is stored as a file named after the book id");
    std::fs::write(&stored, &damaged).unwrap();
    let error = estante::covers::load(&client, id, false).await.unwrap_err();
    assert!(matches!(error, CoverError::Corrupt(_)), "{error:?}");
    assert!(error.to_string().contains("damaged"), "{error}");

    server.stop().await;
}

/// Finds the file called `name` under `dir`, at any depth.
fn stored_file(dir: &std::path::Path, name: &str) -> Option<std::path::PathBuf> {
    for entry in std::fs::read_dir(dir).ok()? {
        let path = entry.ok()?.path();
        if path.is_dir() {
            if let Some(found) = stored_file(&path, name) {
                return Some(found);
            }
        } else if path.file_name().is_some_and(|file| file == name) {
            return Some(path);
        }
    }
    None
}

#[test]
fn large_cover_scales_to_column() {
    // Open Library's large covers are about 500 × 800 pixels.
    let image = image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(500, 800, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    }));
    let started = std::time::Instant::now();
    let encoded = Renderer::Halfblocks
        .encode(&image, Size::new(30, 38))
        .unwrap();
    let elapsed = started.elapsed();
    eprintln!("500x800 cover encoded as half-blocks in {elapsed:?}");
    // 500 × 800 scaled into 300 × 760 pixels (30 × 38 cells of 10 × 20) is
    // 300 × 480, so 30 × 24 cells.
    assert_eq!(encoded.size(), Size::new(30, 24));
}
