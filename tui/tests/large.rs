//! A library of 100,000 books: loading in pages of 1000, drawing and filtering.

#![allow(clippy::unwrap_used)]

mod support;

use std::time::Instant;

use crossterm::event::KeyCode;
use estante::app::msg::Msg;
use estante_backend::storage::Page;
use support::{app, press, render, summaries, type_text};

#[test]
fn hundred_thousand_books() {
    let mut app = app();
    let samples = summaries();
    let generation = app.library.generation;
    let started = Instant::now();
    for page in 0..100 {
        let items = (0..1000)
            .map(|i| {
                let mut book = samples[i % samples.len()].clone();
                book.id = (page * 1000 + i) as i64 + 1;
                book.title = format!("{} {}", book.title, book.id);
                book
            })
            .collect();
        let result = Ok(Page {
            items,
            next_cursor: None,
            total: 100_000,
            total_exact: true,
        });
        app.handle_msg(Msg::LibraryPage {
            generation,
            result,
            done: page == 99,
        });
    }
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
    let filtering = started.elapsed() / 11;
    assert!(app.library.view.len() < 100_000);
    eprintln!(
        "100,000 books: loading {loading:?}, one frame {drawing:?}, one filter keystroke {filtering:?}"
    );
}
