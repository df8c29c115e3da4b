//! A library of 100,000 books: loading in pages of 1000, drawing and filtering.

#![allow(clippy::unwrap_used)]

mod support;

use std::time::Instant;

use crossterm::event::{Event, KeyCode};
use estante::app::App;
use estante::app::msg::{Msg, Request};
use estante_backend::storage::{BookSummary, Page};
use support::{app, press, render, run_filter_jobs, summaries, type_text};

const PAGE: usize = 1000;
const PAGES: usize = 100;

/// Page `page` of the generated library: the sample books again and again, each
/// title numbered with its id.
fn page_msg(app: &App, samples: &[BookSummary], page: usize) -> Msg {
    let items = (0..PAGE)
        .map(|i| {
            let mut book = samples[i % samples.len()].clone();
            book.id = (page * PAGE + i) as i64 + 1;
            book.title = format!("{} {}", book.title, book.id);
            book
        })
        .collect();
    Msg::LibraryPage {
        generation: app.library.generation,
        result: Ok(Page {
            items,
            next_cursor: None,
            total: (PAGE * PAGES) as i64,
            total_exact: true,
        }),
        done: page == PAGES - 1,
    }
}

fn loaded_app() -> App {
    let mut app = app();
    let samples = summaries();
    for page in 0..PAGES {
        let msg = page_msg(&app, &samples, page);
        app.handle_msg(msg);
    }
    app
}

/// Lists the ids of the rows shown, in display order.
fn shown_ids(app: &App) -> Vec<i64> {
    app.library
        .view
        .iter()
        .map(|&index| app.library.books[index].id)
        .collect()
}

/// Sets the filter in one step, as a paste does, so nothing is narrowed from an
/// earlier text.
fn paste_filter(app: &mut App, text: &str) {
    press(app, KeyCode::Char('/'));
    app.handle_event(Event::Paste(text.to_string()));
    run_filter_jobs(app);
}

#[test]
fn hundred_thousand_books() {
    let started = Instant::now();
    let mut app = loaded_app();
    let loading = started.elapsed();
    assert_eq!(app.library.books.len(), 100_000);

    press(&mut app, KeyCode::Char('G'));
    let started = Instant::now();
    let screen = render(&app, 80, 24);
    let drawing = started.elapsed();
    assert!(screen.contains("100,000 books"), "{screen}");
    assert_eq!(app.library.selected, 99_999);
    assert!(
        app.library.offset.get() > 99_900,
        "the view scrolled to the end:\n{screen}"
    );

    press(&mut app, KeyCode::Char('/'));
    let started = Instant::now();
    type_text(&mut app, "piranesi 99");
    run_filter_jobs(&mut app);
    let filtering = started.elapsed() / 11;
    assert!(app.library.view.len() < 100_000);
    assert!(!app.library.view.is_empty());
    eprintln!(
        "100,000 books: loading {loading:?}, one frame {drawing:?}, one filter keystroke {filtering:?}"
    );
}

#[test]
fn filter_job_keeps_rows_until_result() {
    let mut app = loaded_app();
    let in_flight_before = app.in_flight;
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "p");

    assert!(app.library.filter.is_pending());
    assert_eq!(app.library.view.len(), 100_000);
    let screen = render(&app, 120, 40);
    assert!(screen.contains("matching…"), "{screen}");
    assert!(screen.contains("/p"), "{screen}");

    let others = run_filter_jobs(&mut app);
    assert_eq!(others, Vec::<Request>::new());
    assert!(!app.library.filter.is_pending());
    assert!(app.library.view.len() < 100_000);
    assert_eq!(app.in_flight, in_flight_before, "every filter job finished");
    let screen = render(&app, 120, 40);
    assert!(!screen.contains("matching…"), "{screen}");
    assert!(screen.contains("shown"), "{screen}");
}

#[test]
fn typed_filter_equals_pasted() {
    let mut typed = loaded_app();
    press(&mut typed, KeyCode::Char('/'));
    for character in "left 4".chars() {
        type_text(&mut typed, &character.to_string());
        run_filter_jobs(&mut typed);
    }
    let mut pasted = loaded_app();
    paste_filter(&mut pasted, "left 4");

    assert!(!pasted.library.view.is_empty());
    assert!(pasted.library.view.len() < 100_000);
    assert_eq!(shown_ids(&typed), shown_ids(&pasted));
}

#[test]
fn filter_stable_under_concurrent_loading() {
    let samples = summaries();
    let mut loading = app();
    press(&mut loading, KeyCode::Char('/'));
    let text = "dark 7";
    let mut typed = text.chars();
    for page in 0..PAGES {
        let msg = page_msg(&loading, &samples, page);
        loading.handle_msg(msg);
        // A key every seventh page, and the queued jobs run every third page, so
        // pages arrive while jobs are in flight and between keys.
        if page % 7 == 3
            && let Some(character) = typed.next()
        {
            type_text(&mut loading, &character.to_string());
        }
        if page % 3 == 0 {
            run_filter_jobs(&mut loading);
        }
    }
    run_filter_jobs(&mut loading);
    assert_eq!(loading.library.filter.text, text);
    assert_eq!(loading.library.books.len(), 100_000);

    let mut loaded = loaded_app();
    paste_filter(&mut loaded, text);
    assert!(!loaded.library.view.is_empty());
    assert!(loaded.library.view.len() < 100_000);
    assert_eq!(shown_ids(&loading), shown_ids(&loaded));
    assert!(!loading.library.filter.is_pending());
}
