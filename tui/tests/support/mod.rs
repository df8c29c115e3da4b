//! Fixtures and helpers shared by the screen and flow tests: a fixed context, sample
//! books, and rendering into ratatui's TestBackend.

#![allow(dead_code, clippy::unwrap_used)]

use std::collections::BTreeMap;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use estante::app::msg::{Msg, Request};
use estante::app::theme::Theme;
use estante::app::{App, Context};
use estante::covers::Renderer;
use estante::i18n::Language;
use estante::settings::YearGoal;
use estante_backend::dates::PartialDate;
use estante_backend::model::{
    BookFields, Contributor, ContributorRole, EntryFields, Rating, ReadingFields, ReadingStatus,
    SeriesRef,
};
use estante_backend::storage::{
    Book, BookSummary, Entry, Label, NamedCount, Page, RatingCount, Reading, Stats,
};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The fixed context of the tests. It pins this thread's interface language to
/// English, so that no test depends on the developer's `LANG`; [`app_in`] picks
/// another language.
pub fn context() -> Context {
    estante::i18n::set_thread_language(Language::English);
    let mut goals = BTreeMap::new();
    goals.insert(
        "2025".to_string(),
        YearGoal {
            books: Some(40),
            pages: None,
        },
    );
    Context {
        today: NaiveDate::from_ymd_opt(2025, 6, 15).unwrap(),
        server_label: "embedded server".to_string(),
        lookup_enabled: true,
        goals,
        theme: Theme { color: false },
        keys: estante::app::keymap::KeyMap::default(),
        covers: None,
        cover_fetch: false,
    }
}

/// Returns the context with covers on as half-blocks, which are deterministic: a
/// fixed 10 × 20 pixel cell, no terminal query. Colour is on because half-blocks
/// are colour.
pub fn cover_context() -> Context {
    Context {
        theme: Theme { color: true },
        covers: Some(Renderer::Halfblocks),
        cover_fetch: true,
        ..context()
    }
}

/// Creates an app and takes its start-up requests.
pub fn app() -> App {
    let mut app = App::new(context());
    app.take_requests();
    app
}

/// Creates an app in `language`, which stays pinned on this thread for the
/// messages the test triggers next.
pub fn app_in(language: Language) -> App {
    let context = context();
    estante::i18n::set_thread_language(language);
    let mut app = App::new(context);
    app.take_requests();
    app
}

pub fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    terminal.backend().to_string()
}

/// Asserts the snapshot of `app` at 80×24 only, for the Portuguese screens.
#[macro_export]
macro_rules! snap_80x24 {
    ($name:expr, $app:expr) => {
        insta::assert_snapshot!(format!("{}_80x24", $name), support::render(&$app, 80, 24));
    };
}

/// Asserts the snapshot of `app` at 80×24 and 120×40.
#[macro_export]
macro_rules! snap {
    ($name:expr, $app:expr) => {
        insta::assert_snapshot!(format!("{}_80x24", $name), support::render(&$app, 80, 24));
        insta::assert_snapshot!(format!("{}_120x40", $name), support::render(&$app, 120, 40));
    };
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub fn ctrl(character: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(character), KeyModifiers::CONTROL)
}

pub fn press(app: &mut App, code: KeyCode) {
    app.handle_key(key(code));
}

pub fn type_text(app: &mut App, text: &str) {
    for character in text.chars() {
        app.handle_key(key(KeyCode::Char(character)));
    }
}

/// Runs the filter jobs the app queued, as the runner does on worker threads, and
/// feeds their results back until no job is left. Returns the other requests.
pub fn run_filter_jobs(app: &mut App) -> Vec<Request> {
    let mut others = Vec::new();
    loop {
        let mut ran = false;
        for request in app.take_requests() {
            match request {
                Request::MatchFilter(job) => {
                    app.handle_msg(Msg::FilterMatched(job.run()));
                    ran = true;
                }
                other => others.push(other),
            }
        }
        if !ran {
            return others;
        }
    }
}

fn rating(quarters: i64) -> Option<Rating> {
    Some(Rating::from_quarters(quarters).unwrap())
}

/// Title, author, series, status, rating in quarter stars and date read.
type SampleRow = (
    &'static str,
    &'static str,
    Option<&'static str>,
    ReadingStatus,
    Option<i64>,
    Option<&'static str>,
);

/// Sample rows: accented, long, wide (CJK) and plain titles, every status.
pub fn summaries() -> Vec<BookSummary> {
    let rows: [SampleRow; 12] = [
        (
            "Cem Anos de Solidão",
            "Gabriel García Márquez",
            None,
            ReadingStatus::Read,
            Some(20),
            Some("2023-04-02"),
        ),
        (
            "三体",
            "刘慈欣",
            Some("地球往事"),
            ReadingStatus::Reading,
            None,
            None,
        ),
        (
            "The Left Hand of Darkness",
            "Ursula K. Le Guin",
            Some("Hainish Cycle"),
            ReadingStatus::Read,
            Some(17),
            Some("2024-11-30"),
        ),
        (
            "Middlemarch: A Study of Provincial Life, with a subtitle long enough to be cut",
            "George Eliot",
            None,
            ReadingStatus::WantToRead,
            None,
            None,
        ),
        (
            "Piranesi",
            "Susanna Clarke",
            None,
            ReadingStatus::Read,
            Some(18),
            Some("2025-01-12"),
        ),
        (
            "Gödel, Escher, Bach",
            "Douglas Hofstadter",
            None,
            ReadingStatus::DidNotFinish,
            Some(6),
            None,
        ),
        (
            "Small Gods",
            "Terry Pratchett",
            Some("Discworld"),
            ReadingStatus::Read,
            Some(16),
            Some("2019"),
        ),
        (
            "Kindred",
            "Octavia E. Butler",
            None,
            ReadingStatus::Paused,
            None,
            None,
        ),
        (
            "Les Misérables",
            "Victor Hugo",
            None,
            ReadingStatus::WantToRead,
            None,
            None,
        ),
        (
            "The Odyssey",
            "Homer",
            None,
            ReadingStatus::Read,
            Some(15),
            Some("2022-08"),
        ),
        (
            "Ficciones",
            "Jorge Luis Borges",
            None,
            ReadingStatus::Read,
            Some(19),
            Some("2021-03-03"),
        ),
        (
            "Beloved",
            "Toni Morrison",
            None,
            ReadingStatus::WantToRead,
            None,
            None,
        ),
    ];
    rows.iter()
        .enumerate()
        .map(
            |(index, (title, author, series, status, quarters, read))| BookSummary {
                id: index as i64 + 1,
                title: title.to_string(),
                authors: vec![author.to_string()],
                series: series.map(str::to_string),
                series_index: series.map(|_| 1.0),
                isbn13: None,
                pages: Some(300),
                status: *status,
                rating: quarters.and_then(rating),
                last_read: read.map(str::to_string),
                date_added: Some("2020-01-01".to_string()),
            },
        )
        .collect()
}

pub fn page(items: Vec<BookSummary>) -> Page<BookSummary> {
    let total = items.len() as i64;
    Page {
        items,
        next_cursor: None,
        total,
        total_exact: true,
    }
}

/// Builds the message of the library's first and last page.
pub fn library_page(app: &App, items: Vec<BookSummary>) -> Msg {
    Msg::LibraryPage {
        generation: app.library.generation,
        result: Ok(page(items)),
        done: true,
    }
}

/// Opens the third row of [`summaries`] from the Library and completes its load with
/// `book`, as the runner would. Requests made on the way are dropped.
pub fn open_book(app: &mut App, book: Book) {
    press(app, KeyCode::Down);
    press(app, KeyCode::Down);
    press(app, KeyCode::Enter);
    app.take_requests();
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(book),
    });
}

pub fn book() -> Book {
    Book {
        id: 3,
        fields: BookFields {
            title: "The Left Hand of Darkness".to_string(),
            subtitle: None,
            isbn10: Some("0441478123".to_string()),
            isbn13: Some("9780441478125".to_string()),
            publisher: Some("Ace".to_string()),
            format: Some("Paperback".to_string()),
            pages: Some(304),
            published_year: Some(1987),
            original_year: Some(1969),
            language: Some("English".to_string()),
            description: Some("A lone human ambassador is sent to Winter.".to_string()),
            contributors: vec![
                Contributor::author("Ursula K. Le Guin"),
                Contributor {
                    name: "Harold Bloom".to_string(),
                    role: ContributorRole::Foreword,
                },
            ],
            series: Some(SeriesRef {
                name: "Hainish Cycle".to_string(),
                index: Some(4.0),
                position: Some("4".to_string()),
            }),
            ..BookFields::default()
        },
        version: 2,
        entry: Entry {
            fields: EntryFields {
                status: ReadingStatus::Read,
                rating: rating(17),
                review: Some(
                    "Ice, politics and friendship.\nThe Shifgrethor chapters stay with you."
                        .to_string(),
                ),
                review_spoiler: false,
                private_notes: None,
                owned_copies: 1,
                date_added: Some("2024-10-01".parse::<PartialDate>().unwrap()),
            },
            version: 5,
        },
        readings: vec![Reading {
            id: 9,
            book_id: 3,
            fields: ReadingFields {
                started: Some("2024-11".parse().unwrap()),
                finished: Some("2024-11-30".parse().unwrap()),
                ..ReadingFields::default()
            },
            version: 1,
        }],
        shelves: vec!["favorites".to_string()],
        tags: vec!["sci-fi".to_string(), "classics".to_string()],
        created_at: "2024-10-01T10:00:00Z".to_string(),
        updated_at: "2024-11-30T10:00:00Z".to_string(),
    }
}

pub fn labels() -> (Vec<Label>, Vec<Label>) {
    let label = |id, name: &str, count| Label {
        id,
        name: name.to_string(),
        book_count: count,
        version: 1,
    };
    (
        vec![
            label(1, "favorites", 4),
            label(2, "to-buy", 2),
            label(3, "estantería de ficción", 7),
        ],
        vec![label(4, "sci-fi", 3), label(5, "classics", 5)],
    )
}

pub fn stats(year: Option<i32>) -> Stats {
    let count = |name: &str, count| NamedCount {
        name: name.to_string(),
        count,
    };
    Stats {
        year,
        books_read: 14,
        pages_read: 4321,
        books_per_month: if year.is_some() {
            vec![2, 1, 0, 3, 1, 2, 0, 0, 0, 0, 0, 0]
        } else {
            Vec::new()
        },
        pages_per_month: if year.is_some() {
            vec![600, 250, 0, 900, 300, 700, 0, 0, 0, 0, 0, 0]
        } else {
            Vec::new()
        },
        rating_distribution: vec![
            RatingCount {
                stars: 3.0,
                count: 2,
            },
            RatingCount {
                stars: 3.75,
                count: 1,
            },
            RatingCount {
                stars: 4.25,
                count: 5,
            },
            RatingCount {
                stars: 5.0,
                count: 3,
            },
        ],
        average_rating: Some(4.1),
        top_authors: vec![
            count("Ursula K. Le Guin", 3),
            count("Terry Pratchett", 2),
            count("Jorge Luis Borges", 1),
        ],
        top_shelves: vec![count("favorites", 4)],
        status_counts: vec![
            count("read", 9),
            count("want_to_read", 3),
            count("reading", 1),
        ],
        missing_pages: 1,
        missing_dates: 2,
    }
}
