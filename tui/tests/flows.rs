//! Multi-step tests: keys in, requests out, task results fed back, with snapshots
//! between the steps. No network: the test plays the runner's part.

#![allow(clippy::unwrap_used)]

mod support;

use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use estante::app::Tab;
use estante::app::msg::{Msg, Request, Written};
use estante::client::ClientError;
use estante_backend::model::{Contributor, ContributorRole, Rating, ReadingStatus};
use estante_backend::storage::{Entry, EntryPatch, LabelKind, SortOrder};
use support::{app, book, labels, library_page, press, summaries, type_text};

fn entry_with_rating(quarters: i64, version: i64) -> Entry {
    let mut entry = book().entry;
    entry.fields.rating = Some(Rating::from_quarters(quarters).unwrap());
    entry.version = version;
    entry
}

#[test]
fn start_requests_library_and_labels() {
    let mut app = estante::app::App::new(support::context());
    let requests = app.take_requests();
    assert!(
        matches!(requests[0], Request::LoadLibrary { generation: 1, .. }),
        "{requests:?}"
    );
    assert_eq!(requests[1], Request::LoadLabels);
    assert_eq!(app.in_flight, 2);
}

#[test]
fn open_and_rate_book() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);

    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "left hand");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.tab, Tab::Book);
    assert_eq!(app.take_requests(), vec![Request::LoadBook { id: 3 }]);
    snap!("flow_rate_1_loading", app);

    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(book()),
    });
    press(&mut app, KeyCode::Char('+'));
    let first = app.take_requests();
    let expected = EntryPatch {
        rating: Some(Some(Rating::from_quarters(18).unwrap())),
        ..EntryPatch::default()
    };
    assert_eq!(
        first,
        vec![Request::PatchEntry {
            book_id: 3,
            version: 5,
            patch: expected
        }]
    );

    // A second press while the first is in flight waits for the new version.
    press(&mut app, KeyCode::Char('+'));
    assert!(app.take_requests().is_empty());
    snap!("flow_rate_2_pending", app);

    let request = first.into_iter().next().unwrap();
    app.handle_msg(Msg::Wrote {
        request,
        result: Ok(Written::Entry(entry_with_rating(18, 6))),
    });
    let second = app.take_requests();
    let expected = EntryPatch {
        rating: Some(Some(Rating::from_quarters(19).unwrap())),
        ..EntryPatch::default()
    };
    assert_eq!(
        second,
        vec![Request::PatchEntry {
            book_id: 3,
            version: 6,
            patch: expected
        }]
    );

    let request = second.into_iter().next().unwrap();
    app.handle_msg(Msg::Wrote {
        request,
        result: Ok(Written::Entry(entry_with_rating(19, 7))),
    });
    assert!(app.take_requests().is_empty());
    let row = app.library.books.iter().find(|b| b.id == 3).unwrap();
    assert_eq!(
        row.rating.unwrap().quarters(),
        19,
        "the Library row follows the saved rating"
    );
    snap!("flow_rate_3_saved", app);
}

#[test]
fn typed_rating_sets_quarter_stars() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    support::open_book(&mut app, book());
    press(&mut app, KeyCode::Char('R'));
    app.handle_key(support::ctrl('u'));
    type_text(&mut app, "4.3");
    press(&mut app, KeyCode::Enter);
    assert!(
        app.take_requests().is_empty(),
        "4.3 is off the quarter grid"
    );
    assert!(app.overlay.is_some(), "the prompt stays open on an error");

    app.handle_key(support::ctrl('u'));
    type_text(&mut app, "3.5");
    press(&mut app, KeyCode::Enter);
    let requests = app.take_requests();
    let expected = EntryPatch {
        rating: Some(Some(Rating::from_quarters(14).unwrap())),
        ..EntryPatch::default()
    };
    assert_eq!(
        requests,
        vec![Request::PatchEntry {
            book_id: 3,
            version: 5,
            patch: expected
        }]
    );
    let request = requests.into_iter().next().unwrap();
    app.handle_msg(Msg::Wrote {
        request,
        result: Ok(Written::Entry(entry_with_rating(14, 6))),
    });

    press(&mut app, KeyCode::Char('R'));
    app.handle_key(support::ctrl('u'));
    type_text(&mut app, "0");
    press(&mut app, KeyCode::Enter);
    let requests = app.take_requests();
    let expected = EntryPatch {
        rating: Some(None),
        ..EntryPatch::default()
    };
    assert_eq!(
        requests,
        vec![Request::PatchEntry {
            book_id: 3,
            version: 6,
            patch: expected
        }]
    );
}

/// At narrow widths the Library's counts line was cut at the edge with nothing to
/// show it, so `read 1,2` could pass for a count of 1,2. It ends in `…` when cut.
#[test]
fn narrow_counts_line_ends_in_ellipsis() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);

    let screen = support::render(&app, 40, 12);
    let counts = screen.lines().nth(2).unwrap();
    assert!(
        counts.trim_end_matches([' ', '"']).ends_with('…'),
        "{screen}"
    );
}

/// At 40 columns only the first three tabs fitted, so on a later tab nothing showed
/// which one was open. The other tabs now shrink to their numbers.
#[test]
fn narrow_tab_bar_shows_the_open_tab() {
    let mut app = app();
    for tab in Tab::ALL {
        app.open_tab(tab);
        let screen = support::render(&app, 40, 10);
        let bar = screen.lines().next().unwrap();
        assert!(
            bar.contains(&format!(" {} {} ", tab.number(), tab.title())),
            "{bar}"
        );
        assert!(bar.contains(" 1 "), "{bar}");
        assert!(bar.contains(" 7 "), "{bar}");

        // Narrower still, the open tab dropped out of the bar unless it was near the
        // left. The tabs farthest from it now go first.
        for width in [30, 22, 14, 8] {
            let screen = support::render(&app, width, 10);
            let bar = screen.lines().next().unwrap();
            assert!(
                bar.contains(&format!(" {} ", tab.number())),
                "{width}: {bar}"
            );
        }
    }
}

#[test]
fn digit_on_book_switches_tab() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    support::open_book(&mut app, book());

    press(&mut app, KeyCode::Char('4'));

    assert_eq!(app.tab, Tab::Labels);
    // The digit opens the tab, which reads its labels again; it does not rate.
    assert_eq!(app.take_requests(), vec![Request::LoadLabels]);
}

#[test]
fn conflict_overwrite_resends_with_current_version() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    support::open_book(&mut app, book());
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    let request = app.take_requests().remove(0);
    let expected = EntryPatch {
        status: Some(ReadingStatus::Reading),
        ..EntryPatch::default()
    };
    assert_eq!(
        request,
        Request::PatchEntry {
            book_id: 3,
            version: 5,
            patch: expected.clone()
        }
    );

    let mut error = ClientError::api(412, "the entry is now at version 9");
    if let ClientError::Api { problem, .. } = &mut error {
        problem.current_version = Some(9);
    }
    app.handle_msg(Msg::Wrote {
        request,
        result: Err(error),
    });
    press(&mut app, KeyCode::Char('o'));
    assert_eq!(
        app.take_requests(),
        vec![Request::PatchEntry {
            book_id: 3,
            version: 9,
            patch: expected
        }]
    );
    assert!(app.overlay.is_none());
}

/// A rating saved on a book that another client had deleted: the save failed, and
/// the reload that followed replaced the error with "Failed to load the book …
/// Press r to retry" while the screen kept the book and the unsaved rating. The
/// book is now closed and dropped from the list, with a message that the change
/// was not saved.
/// A save to a reading that another client had deleted failed with "reading not
/// found", which did not explain what happened, and the form stayed open.
#[test]
fn save_to_deleted_reading_closes_form() {
    use estante_backend::model::ReadingFields;

    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    support::open_book(&mut app, book());
    app.book.form = Some(estante::screens::form::Form::default());
    let request = Request::UpdateReading {
        book_id: 3,
        id: 9,
        version: 1,
        fields: ReadingFields::default(),
        base: ReadingFields::default(),
        overwrite: false,
    };
    app.handle_msg(Msg::Wrote {
        request,
        result: Err(ClientError::api(404, "reading not found")),
    });

    assert!(app.book.form.is_none());
    let (_, text) = app.message.clone().unwrap();
    assert_eq!(
        text,
        "This reading was deleted elsewhere, so your change to it was not saved"
    );
    assert_eq!(app.take_requests(), vec![Request::LoadBook { id: 3 }]);
}

#[test]
fn save_to_deleted_book_says_so() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    support::open_book(&mut app, book());
    press(&mut app, KeyCode::Char('+'));
    let request = app.take_requests().remove(0);
    app.handle_msg(Msg::Wrote {
        request,
        result: Err(ClientError::api(404, "library entry not found")),
    });
    assert_eq!(app.take_requests(), vec![Request::LoadBook { id: 3 }]);

    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Err(ClientError::api(404, "book not found")),
    });

    let (_, text) = app.message.clone().unwrap();
    assert_eq!(
        text,
        "Book 3 was deleted elsewhere, so your change to it was not saved"
    );
    assert_eq!(app.tab, Tab::Library);
    assert!(app.book.book.is_none());
    assert!(app.library.books.iter().all(|row| row.id != 3));
}

#[test]
fn conflict_reload_fetches_book() {
    let mut app = app();
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(book()),
    });
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    support::open_book(&mut app, book());
    press(&mut app, KeyCode::Char('-'));
    let request = app.take_requests().remove(0);
    let mut error = ClientError::api(412, "changed");
    if let ClientError::Api { problem, .. } = &mut error {
        problem.current_version = Some(8);
    }
    app.handle_msg(Msg::Wrote {
        request,
        result: Err(error),
    });
    press(&mut app, KeyCode::Char('r'));
    assert_eq!(app.take_requests(), vec![Request::LoadBook { id: 3 }]);
}

/// Esc on the conflict dialog of a rating left the unsaved rating on the Book screen,
/// with nothing to tell it from a saved one.
#[test]
fn conflict_cancel_shows_saved_rating() {
    let mut app = app_on_book();
    let saved = app.book.book.as_ref().unwrap().entry.fields.rating;
    press(&mut app, KeyCode::Char('+'));
    assert_ne!(app.book.book.as_ref().unwrap().entry.fields.rating, saved);
    let request = app.take_requests().remove(0);
    let mut error = ClientError::api(412, "changed");
    if let ClientError::Api { problem, .. } = &mut error {
        problem.current_version = Some(8);
    }
    app.handle_msg(Msg::Wrote {
        request,
        result: Err(error),
    });

    press(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
    assert_eq!(app.take_requests(), vec![Request::LoadBook { id: 3 }]);
    let (_, text) = app.message.clone().unwrap();
    assert!(text.contains("not saved"), "{text}");
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(book()),
    });
    assert_eq!(app.book.book.as_ref().unwrap().entry.fields.rating, saved);
}

/// A failed save of a rating left the unsaved rating on screen when the reload after
/// it failed too, as when the server is away.
#[test]
fn failed_rating_save_shows_saved_rating() {
    let mut app = app_on_book();
    let saved = app.book.book.as_ref().unwrap().entry.clone();
    press(&mut app, KeyCode::Char('+'));
    let request = app.take_requests().remove(0);
    press(&mut app, KeyCode::Char('+'));
    assert!(app.take_requests().is_empty(), "the second change waits");

    app.handle_msg(Msg::Wrote {
        request,
        result: Err(ClientError::Other("connection refused".to_string())),
    });
    assert_eq!(app.take_requests(), vec![Request::LoadBook { id: 3 }]);
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Err(ClientError::Other("connection refused".to_string())),
    });

    assert_eq!(app.book.book.as_ref().unwrap().entry, saved);
    assert!(app.book.queued.is_none());
    let (_, text) = app.message.clone().unwrap();
    assert!(text.starts_with("Your change was not saved"), "{text}");
}

/// The conflict dialog of a delete offered to "overwrite with my change" and to
/// "keep editing", which fit neither a delete nor what the reader loses.
#[test]
fn delete_conflict_names_what_changed() {
    let mut app = app_on_book();
    press(&mut app, KeyCode::Char('D'));
    press(&mut app, KeyCode::Char('y'));
    let request = app.take_requests().remove(0);
    assert!(matches!(request, Request::DeleteBook { .. }), "{request:?}");
    let mut error = ClientError::api(412, "changed");
    if let ClientError::Api { problem, .. } = &mut error {
        problem.current_version = Some(4);
    }
    app.handle_msg(Msg::Wrote {
        request,
        result: Err(error),
    });

    let screen = support::render(&app, 100, 30);
    assert!(screen.contains("is not deleted yet"), "{screen}");
    assert!(screen.contains("o: delete it anyway"), "{screen}");
    assert!(!screen.contains("keep editing"), "{screen}");

    press(&mut app, KeyCode::Char('o'));
    let request = app.take_requests().remove(0);
    assert!(
        matches!(
            request,
            Request::DeleteBook {
                overwrite: true,
                ..
            }
        ),
        "{request:?}"
    );
    app.handle_msg(Msg::Wrote {
        request,
        result: Ok(Written::Done),
    });
    let (_, text) = app.message.clone().unwrap();
    assert_eq!(text, "Deleted “The Left Hand of Darkness”");
}

/// A rating saved on one book, with the reply arriving after the reader opened
/// another, put the first book's entry on the second book's screen.
#[test]
fn late_entry_save_leaves_other_book() {
    let mut app = app_on_book();
    press(&mut app, KeyCode::Char('+'));
    let request = app.take_requests().remove(0);
    let mut rated = book().entry;
    rated.version += 1;
    rated.fields.rating = None;

    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.take_requests(), vec![Request::LoadBook { id: 2 }]);
    let mut other = book();
    other.id = 2;
    other.fields.title = "三体".to_string();
    app.handle_msg(Msg::BookLoaded {
        id: 2,
        result: Ok(other.clone()),
    });
    app.handle_msg(Msg::Wrote {
        request,
        result: Ok(Written::Entry(rated)),
    });

    assert_eq!(app.book.book.as_ref().unwrap().entry, other.entry);
}

#[test]
fn status_filter_and_sort_reload_with_query() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    press(&mut app, KeyCode::Char('t'));
    let requests = app.take_requests();
    let Request::LoadLibrary { query, generation } = &requests[0] else {
        panic!("{requests:?}")
    };
    assert_eq!(*generation, 2);
    assert_eq!(query.status, Some(ReadingStatus::WantToRead));

    press(&mut app, KeyCode::Char(':'));
    type_text(&mut app, "sort rating desc");
    press(&mut app, KeyCode::Enter);
    let requests = app.take_requests();
    let Request::LoadLibrary { query, .. } = &requests[0] else {
        panic!("{requests:?}")
    };
    assert_eq!(query.order, SortOrder::Desc);
    assert_eq!(query.sort, Some(estante_backend::storage::SortKey::Rating));

    // A page of an older generation is ignored.
    app.handle_msg(Msg::LibraryPage {
        generation: 1,
        result: Ok(support::page(Vec::new())),
        done: true,
    });
    assert_eq!(app.library.books.len(), 12);
}

/// A contributor line longer than the screen was cut without a mark, so the last
/// name shown read as whole.
#[test]
fn long_book_lines_end_in_ellipsis() {
    let mut app = app();
    let mut long = book();
    long.fields.subtitle =
        Some("Being the Chronicle of a Long Winter on the Planet Gethen".to_string());
    for name in ["Alpha Translator", "Beta Illustrator", "Gamma Narrator"] {
        long.fields.contributors.push(Contributor {
            name: name.to_string(),
            role: ContributorRole::Translator,
        });
    }
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "left hand");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(long),
    });

    let screen = support::render(&app, 80, 24);
    let lines: Vec<&str> = screen.lines().collect();
    let title = lines.iter().find(|l| l.contains("The Left Hand")).unwrap();
    let by = lines
        .iter()
        .find(|l| l.contains("Ursula K. Le Guin"))
        .unwrap();
    assert!(title.trim_end_matches([' ', '"']).ends_with('…'), "{title}");
    assert!(by.trim_end_matches([' ', '"']).ends_with('…'), "{by}");
}

/// Sorted by rating or by year read, the heading and its arrow were cut to `Ratin…`
/// and `Rea…`, in both languages.
#[test]
fn sorted_headings_shown_whole() {
    for (sort, heading) in [("sort rating desc", "Rating↓"), ("sort read asc", "Read↑")] {
        let mut app = app();
        let page = library_page(&app, summaries());
        app.handle_msg(page);
        press(&mut app, KeyCode::Char(':'));
        type_text(&mut app, sort);
        press(&mut app, KeyCode::Enter);
        let page = library_page(&app, summaries());
        app.handle_msg(page);

        let screen = support::render(&app, 80, 24);
        let header = screen.lines().nth(3).unwrap();
        assert!(header.contains(heading), "{header}");
    }
}

#[test]
fn series_sort_is_local() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('s'));
    assert!(
        app.take_requests()
            .iter()
            .any(|r| matches!(r, Request::LoadLibrary { .. }))
    );
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    assert_eq!(app.library.sort, estante::screens::library::Column::Series);
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(app.library.selected_book().unwrap().title, "Small Gods");
    press(&mut app, KeyCode::Char('G'));
    assert!(app.library.selected_book().unwrap().series.is_none());

    // Reversed, the series run from the last name to the first, and the books in no
    // series stay below them.
    press(&mut app, KeyCode::Char('S'));
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(app.library.selected_book().unwrap().title, "三体");
    let series_in_order: Vec<Option<String>> = (0..12)
        .map(|_| {
            let series = app.library.selected_book().unwrap().series.clone();
            press(&mut app, KeyCode::Down);
            series.map(|name| name.to_string())
        })
        .collect();
    let named = ["地球往事", "Hainish Cycle", "Discworld"].map(|n| Some(n.to_string()));
    assert_eq!(series_in_order[..3], named);
    assert!(
        series_in_order[3..].iter().all(Option::is_none),
        "{series_in_order:?}"
    );
}

/// The Import tab always left the format to detection, so a file whose header the
/// server did not recognise could not be imported from the app, though the error
/// message advised naming the format.
#[test]
fn import_format_can_be_named() {
    let mut app = app();
    press(&mut app, KeyCode::Char('6'));
    app.take_requests();
    let screen = support::render(&app, 100, 30);
    assert!(screen.contains("format: detected"), "{screen}");

    press(&mut app, KeyCode::Char('F'));
    press(&mut app, KeyCode::Char('F'));
    let screen = support::render(&app, 100, 30);
    assert!(screen.contains("format: StoryGraph CSV"), "{screen}");
    press(&mut app, KeyCode::Char('i'));
    type_text(&mut app, "/tmp/library.csv");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.take_requests(),
        vec![Request::Import {
            path: "/tmp/library.csv".into(),
            format: Some(estante_backend::import::ImportFormat::Storygraph),
        }]
    );

    for _ in 0..3 {
        press(&mut app, KeyCode::Char('F'));
    }
    assert_eq!(app.transfer.import_format, None);
}

#[test]
fn import_flow_reloads_library() {
    let mut app = app();
    press(&mut app, KeyCode::Char(':'));
    type_text(&mut app, "import /tmp/export.csv");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.tab, Tab::Transfer);
    assert_eq!(
        app.take_requests(),
        vec![Request::Import {
            path: "/tmp/export.csv".into(),
            format: None
        }]
    );

    let mut report = estante_backend::storage::ImportReport::new(
        estante_backend::import::ImportFormat::Goodreads,
        Vec::new(),
    );
    report.push(estante_backend::storage::RowReport {
        row: 1,
        outcome: estante_backend::storage::RowOutcome::Rejected,
        book_id: None,
        title: None,
        reason: Some("the Title column is empty".to_string()),
        notes: Vec::new(),
    });
    app.handle_msg(Msg::Imported {
        path: "/tmp/export.csv".into(),
        result: Ok(report),
    });
    let requests = app.take_requests();
    assert!(
        requests
            .iter()
            .any(|r| matches!(r, Request::LoadLibrary { .. })),
        "{requests:?}"
    );
    assert!(requests.contains(&Request::LoadLabels));
    press(&mut app, KeyCode::Enter);
    snap!("flow_import_row_details", app);
}

#[test]
fn delete_needs_confirmation() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    support::open_book(&mut app, book());
    press(&mut app, KeyCode::Char('D'));
    press(&mut app, KeyCode::Char('n'));
    assert!(app.take_requests().is_empty());
    press(&mut app, KeyCode::Char('D'));
    press(&mut app, KeyCode::Char('y'));
    let request = app.take_requests().remove(0);
    assert_eq!(
        request,
        Request::DeleteBook {
            id: 3,
            version: 2,
            entry_version: 5,
            overwrite: false
        }
    );
    app.handle_msg(Msg::Wrote {
        request,
        result: Ok(Written::Done),
    });
    assert_eq!(app.tab, Tab::Library);
    assert!(app.library.books.iter().all(|b| b.id != 3));
}

#[test]
fn book_shelf_toggle_and_new_label() {
    let mut app = app();
    app.handle_msg(Msg::LabelsLoaded {
        result: Ok(labels()),
    });
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    support::open_book(&mut app, book());
    press(&mut app, KeyCode::Char('b'));
    assert_eq!(app.take_requests(), vec![Request::LoadLabels]);
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(
        app.take_requests(),
        vec![Request::SetLabel {
            kind: LabelKind::Shelf,
            label_id: 1,
            book_id: 3,
            attached: false
        }]
    );

    // The list from the server has a shelf that another client added. The toggle
    // above keeps its mark, and the selection stays on its shelf.
    press(&mut app, KeyCode::Down);
    let (mut shelves, tags) = labels();
    shelves.insert(
        0,
        estante_backend::storage::Label {
            id: 9,
            name: "audiobooks".to_string(),
            book_count: 1,
            version: 1,
        },
    );
    app.handle_msg(Msg::LabelsLoaded {
        result: Ok((shelves, tags)),
    });
    let Some(estante::app::overlay::Overlay::Pick(picker)) = &app.overlay else {
        panic!("the picker closed: {:?}", app.overlay);
    };
    let names: Vec<&str> = picker
        .items
        .iter()
        .map(|item| item.label.as_str())
        .collect();
    assert_eq!(
        names,
        ["audiobooks", "favorites", "to-buy", "estantería de ficción"]
    );
    assert_eq!(picker.items[1].checked, Some(false));
    assert_eq!(picker.items[picker.selected].label, "to-buy");
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "re-read");
    press(&mut app, KeyCode::Enter);
    let create = Request::CreateLabel {
        kind: LabelKind::Shelf,
        name: "re-read".to_string(),
        attach_to: Some(3),
    };
    assert_eq!(app.take_requests(), vec![create.clone()]);

    // A name the server refused closed the prompt and dropped what was typed. The
    // prompt opens again with the name and the reason.
    app.handle_msg(Msg::Wrote {
        request: create.clone(),
        result: Err(ClientError::api(
            409,
            "shelf name \"re-read\" is already taken",
        )),
    });
    let Some(estante::app::overlay::Overlay::Input(prompt)) = &app.overlay else {
        panic!("the name prompt did not open again: {:?}", app.overlay);
    };
    assert_eq!(prompt.editor.text(), "re-read");
    assert!(
        prompt
            .error
            .as_deref()
            .unwrap_or_default()
            .contains("already taken")
    );
    app.take_requests();
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.take_requests(), vec![create.clone()]);

    // The picker closed for the name and stayed closed, so the next keys reached
    // the Book screen. It opens again once the book is back with the new shelf.
    let created = estante_backend::storage::Label {
        id: 10,
        name: "re-read".to_string(),
        book_count: 1,
        version: 1,
    };
    app.handle_msg(Msg::Wrote {
        request: create,
        result: Ok(Written::Label(created)),
    });
    let requests = app.take_requests();
    assert!(
        requests.contains(&Request::LoadBook { id: 3 }),
        "{requests:?}"
    );
    let mut reloaded = book();
    reloaded.shelves.push("re-read".to_string());
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(reloaded),
    });
    let (mut shelves, tags) = labels();
    shelves.push(estante_backend::storage::Label {
        id: 10,
        name: "re-read".to_string(),
        book_count: 1,
        version: 1,
    });
    app.handle_msg(Msg::LabelsLoaded {
        result: Ok((shelves, tags)),
    });
    let Some(estante::app::overlay::Overlay::Pick(picker)) = &app.overlay else {
        panic!("the picker did not open again: {:?}", app.overlay);
    };
    let new = picker.items.iter().find(|item| item.label == "re-read");
    assert_eq!(new.map(|item| item.checked), Some(Some(true)), "{picker:?}");
}

#[test]
fn edit_form_rejects_bad_pages() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    support::open_book(&mut app, book());
    press(&mut app, KeyCode::Char('e'));
    for _ in 0..11 {
        press(&mut app, KeyCode::Char('j'));
    }
    press(&mut app, KeyCode::Enter);
    app.handle_key(support::ctrl('u'));
    type_text(&mut app, "many");
    app.handle_key(support::ctrl('s'));
    assert!(app.take_requests().is_empty());
    snap!("flow_edit_bad_pages", app);

    app.handle_key(support::key(KeyCode::Enter));
    app.handle_key(support::ctrl('u'));
    type_text(&mut app, "320");
    app.handle_key(support::ctrl('s'));
    let requests = app.take_requests();
    let Request::UpdateBook {
        id: 3,
        version: 2,
        fields,
        ..
    } = &requests[0]
    else {
        panic!("{requests:?}")
    };
    assert_eq!(fields.pages, Some(320));
}

/// An edit form that changed only the rating reported "Saved" and kept showing the
/// book's fields as loaded, though another client had changed the page count
/// meanwhile. The book is read again after such a save.
#[test]
fn entry_only_form_save_reloads_book() {
    use estante::screens::form::FieldName;

    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    support::open_book(&mut app, book());
    press(&mut app, KeyCode::Char('e'));
    app.book.form.as_mut().unwrap().set(FieldName::Rating, "1");
    app.handle_key(support::ctrl('s'));
    let requests = app.take_requests();
    let [request @ Request::PatchEntry { patch, .. }] = requests.as_slice() else {
        panic!("{requests:?}")
    };
    assert!(
        patch.rating.is_some() && patch.status.is_none(),
        "{patch:?}"
    );

    let mut entry = book().entry;
    entry.version += 1;
    app.handle_msg(Msg::Wrote {
        request: request.clone(),
        result: Ok(Written::Entry(entry)),
    });

    assert_eq!(app.take_requests(), vec![Request::LoadBook { id: 3 }]);
    assert!(app.book.form.is_none());
}

#[test]
fn quit_key_sets_flag() {
    let mut app = app();
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit);
}

/// `q` outside a text field quit at once from an edit form with changes, or from the
/// Add tab with a title typed, and the input was lost. It now shows a message first,
/// and a second `q` right after quits.
#[test]
fn quit_with_unsaved_form_asks_again() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    support::open_book(&mut app, book());
    press(&mut app, KeyCode::Char('e'));
    press(&mut app, KeyCode::Enter);
    app.handle_key(support::ctrl('u'));
    type_text(&mut app, "Another title");
    press(&mut app, KeyCode::Enter);

    press(&mut app, KeyCode::Char('q'));
    assert!(!app.should_quit, "the first q quit with the form changed");
    assert!(app.book.form.is_some());
    let message = app.message.as_ref().map(|(_, text)| text.clone());
    assert!(
        message
            .as_deref()
            .is_some_and(|text| text.contains("not saved")),
        "{message:?}"
    );

    // Another key in between disarms it.
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('q'));
    assert!(!app.should_quit, "a q after another key quit");

    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit);
}

#[test]
fn quit_with_typed_add_form_asks_again() {
    let mut app = app();
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Kindred");
    press(&mut app, KeyCode::Enter);
    assert!(app.add.form.is_changed());

    press(&mut app, KeyCode::Char('q'));
    assert!(!app.should_quit);
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit);
}

/// Ctrl-c quit at once, even with a review being written or an edit form changed,
/// and the text was lost. Like `q`, it now shows a warning first, from inside a
/// text field too, and a second Ctrl-c quits. With nothing unsaved it still quits at once.
#[test]
fn ctrl_c_with_unsaved_text_asks_again() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    support::open_book(&mut app, book());
    press(&mut app, KeyCode::Char('w'));
    assert!(app.is_typing());
    type_text(&mut app, "a draft not saved yet");

    app.handle_key(support::ctrl('c'));

    assert!(
        !app.should_quit,
        "the first Ctrl-c quit with a review typed"
    );
    assert!(app.book.review.is_some());
    let message = app.message.as_ref().map(|(_, text)| text.clone());
    assert!(
        message
            .as_deref()
            .is_some_and(|text| text.contains("not saved")),
        "{message:?}"
    );
    app.handle_key(support::ctrl('c'));
    assert!(app.should_quit);

    let mut idle = support::app();
    idle.handle_key(support::ctrl('c'));
    assert!(
        idle.should_quit,
        "Ctrl-c with nothing unsaved must quit at once"
    );
}

#[test]
fn key_burst_then_save_in_one_batch() {
    use crossterm::event::Event;

    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    support::open_book(&mut app, book());
    press(&mut app, KeyCode::Char('w'));
    assert!(app.is_typing());

    let mut queued: Vec<Event> = Vec::new();
    for _ in 0..4_999 {
        queued.push(Event::Key(support::key(KeyCode::Char('a'))));
    }
    queued.push(Event::Paste("pasted text".to_string()));
    queued.push(Event::Key(support::ctrl('s')));
    let mut queued = queued.into_iter();
    let first = queued.next().unwrap();
    estante::app::apply_events(&mut app, first, || Ok(queued.next())).unwrap();

    assert_eq!(queued.len(), 0, "events left unread");
    assert!(!app.is_typing(), "review editor still open");
    let requests = app.take_requests();
    let Request::PatchEntry {
        book_id: 3, patch, ..
    } = &requests[0]
    else {
        panic!("{requests:?}")
    };
    let review = patch.review.clone().flatten().unwrap();
    let typed = format!("{}pasted text", "a".repeat(4_999));
    assert!(review.contains(&typed), "{review}");
}

#[test]
fn pasted_review_keeps_line_breaks() {
    use crossterm::event::Event;

    let mut app = app_on_book();
    press(&mut app, KeyCode::Char('w'));
    assert!(app.is_typing());

    // Terminals often send a pasted line break as `\r`, and Windows text has `\r\n`.
    app.handle_event(Event::Paste("First paragraph.\r\rSecond\r\nline.".into()));
    press(&mut app, KeyCode::Enter);
    app.handle_event(Event::Paste("Typed after.\n".into()));
    app.handle_event(Event::Key(support::ctrl('s')));

    let requests = app.take_requests();
    let Some(Request::PatchEntry { patch, .. }) = requests.first() else {
        panic!("{requests:?}")
    };
    let review = patch.review.clone().flatten().unwrap();
    // The editor opens on the saved review with the cursor at its start.
    let expected = "First paragraph.\n\nSecond\nline.\nTyped after.\n\
                    Ice, politics and friendship.\nThe Shifgrethor chapters stay with you.";
    assert_eq!(review, expected);
}

#[test]
fn library_count_singular_for_one() {
    let mut app = app();
    let one = summaries().into_iter().take(1).collect();
    let page = library_page(&app, one);
    app.handle_msg(page);

    let screen = support::render(&app, 80, 24);
    assert!(screen.contains("Library · 1 book "), "{screen}");
    assert!(!screen.contains("1 books"), "{screen}");
}

/// A search run while scrolled far down kept the old scroll position: of four
/// results only the last was drawn, with the rest of the pane blank. A new search
/// starts at its first row, and a list that became shorter fills the pane.
#[test]
fn search_results_start_at_the_top() {
    let mut app = app();
    let many: Vec<_> = (0..5)
        .flat_map(|_| summaries())
        .enumerate()
        .map(|(n, mut book)| {
            book.id = n as i64 + 1;
            book
        })
        .collect();
    let page = library_page(&app, many);
    app.handle_msg(page);
    for _ in 0..40 {
        press(&mut app, KeyCode::Char('j'));
    }
    support::render(&app, 100, 24);

    press(&mut app, KeyCode::Char('f'));
    type_text(&mut app, "garcia");
    press(&mut app, KeyCode::Enter);
    app.take_requests();
    let found: Vec<_> = summaries().into_iter().take(4).collect();
    let page = library_page(&app, found);
    app.handle_msg(page);

    assert_eq!(app.library.selected, 0);
    let screen = support::render(&app, 100, 24);
    for title in ["Cem Anos", "三体", "The Left Hand", "Middlemarch"] {
        assert!(screen.contains(title), "{title} hidden:\n{screen}");
    }

    // A reload keeps the selected book, and the pane stays full when the list
    // shrinks below the old scroll position.
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('j'));
    }
    press(&mut app, KeyCode::Char('r'));
    app.take_requests();
    let two: Vec<_> = summaries().into_iter().skip(2).take(2).collect();
    let page = library_page(&app, two);
    app.handle_msg(page);
    assert_eq!(app.library.selected, 1, "Middlemarch stays selected");
    let screen = support::render(&app, 100, 24);
    assert!(screen.contains("The Left Hand"), "{screen}");
}

#[test]
fn review_editor_hints_name_save_key() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(book()),
    });
    press(&mut app, KeyCode::Char('w'));

    let screen = support::render(&app, 80, 24);
    let status_bar = screen.lines().nth(23).unwrap();
    assert!(status_bar.contains("Ctrl-s save"), "{status_bar}");
    assert!(status_bar.contains("Enter new line"), "{status_bar}");
    assert!(!status_bar.contains("confirm"), "{status_bar}");
}

#[test]
fn start_reading_rejected_when_open() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    app.take_requests();
    let mut open = book();
    open.readings[0].fields.finished = None;
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(open),
    });

    press(&mut app, KeyCode::Char('n'));

    assert!(app.take_requests().is_empty());
    let (level, text) = app.message.clone().unwrap();
    assert_eq!(level, estante::app::Level::Error);
    assert!(text.contains("already in progress"), "{text}");
}

#[test]
fn finish_without_reading_asks_first() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    app.take_requests();
    let mut unread = book();
    unread.entry.fields.status = ReadingStatus::WantToRead;
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(unread.clone()),
    });

    press(&mut app, KeyCode::Char('f'));
    assert!(app.take_requests().is_empty(), "f must ask before adding");
    snap!("flow_finish_confirm", app);
    press(&mut app, KeyCode::Char('n'));
    assert!(app.take_requests().is_empty(), "n must cancel");
    assert!(app.overlay.is_none());

    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Char('y'));
    let requests = app.take_requests();
    let Request::FinishReading { book_id, date } = &requests[0] else {
        panic!("{requests:?}")
    };
    assert_eq!(*book_id, 3);
    assert_eq!(*date, "2025-06-15".parse().unwrap());

    app.handle_msg(Msg::Wrote {
        request: requests[0].clone(),
        result: Ok(Written::Done),
    });
    assert_eq!(app.take_requests(), vec![Request::LoadBook { id: 3 }]);
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(unread),
    });
    let requests = app.take_requests();
    let Request::PatchEntry { patch, .. } = &requests[0] else {
        panic!("{requests:?}")
    };
    assert_eq!(patch.status, Some(ReadingStatus::Read));
}

#[test]
fn cancelled_finish_keeps_status() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    app.take_requests();
    let mut unread = book();
    unread.entry.fields.status = ReadingStatus::WantToRead;
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(unread.clone()),
    });

    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('r'));
    assert_eq!(app.take_requests(), vec![Request::LoadBook { id: 3 }]);
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(unread),
    });

    assert!(
        app.take_requests().is_empty(),
        "a cancelled finish must not change the status on the next load"
    );
}

#[test]
fn info_message_expires() {
    let mut app = app();
    press(&mut app, KeyCode::Char('2'));
    let (level, text) = app.message.clone().unwrap();
    assert_eq!(level, estante::app::Level::Info);
    assert!(text.contains("No book is open"), "{text}");

    let now = Instant::now();
    assert!(!app.expire_message(now), "expired at once");
    assert!(app.message.is_some());
    assert!(app.expire_message(now + estante::app::INFO_MESSAGE_LIFETIME));
    assert!(app.message.is_none());
    assert!(app.last_message.is_some(), "! must still show it");
}

#[test]
fn error_message_stays_until_key() {
    let mut app = app();
    app.handle_msg(Msg::GoalSaved {
        year: 2025,
        result: Err("the config file is read-only".to_string()),
    });
    let later = Instant::now() + Duration::from_secs(3600);
    assert!(!app.expire_message(later), "an error must not time out");
    assert!(app.message.is_some());

    press(&mut app, KeyCode::Char('j'));
    assert!(app.message.is_none(), "a key press dismisses the error");
    let (level, text) = app.last_message.clone().unwrap();
    assert_eq!(level, estante::app::Level::Error);
    assert!(text.contains("read-only"), "{text}");
}

#[test]
fn long_error_viewable_in_full() {
    let mut app = app();
    let detail = "permission denied while writing /home/reader/.config/estante/config.toml; \
                  check the owner of the folder and try again, or set ESTANTE_CONFIG_DIR \
                  to a folder you can write";
    app.handle_msg(Msg::GoalSaved {
        year: 2025,
        result: Err(detail.to_string()),
    });
    let screen = support::render(&app, 80, 24);
    let status_bar = screen.lines().nth(23).unwrap();
    assert!(status_bar.contains("! full text"), "{status_bar}");
    assert!(status_bar.contains('…'), "{status_bar}");

    press(&mut app, KeyCode::Char('!'));
    snap!("flow_long_error_popup", app);
    let screen = support::render(&app, 80, 24);
    assert!(screen.contains("Last error"), "{screen}");
    assert!(screen.contains("a folder you can write"), "{screen}");
}

#[test]
fn stats_tab_reloads_each_time_it_opens() {
    let mut app = app();
    let this_year = app.stats.this_year;
    press(&mut app, KeyCode::Char('5'));
    let load = Request::LoadStats {
        year: Some(this_year),
    };
    assert_eq!(app.take_requests(), vec![load.clone()]);
    app.handle_msg(Msg::StatsLoaded {
        year: Some(this_year),
        result: Ok(support::stats(Some(this_year))),
    });

    // Another client may have finished a book meanwhile.
    press(&mut app, KeyCode::Char('1'));
    app.take_requests();
    press(&mut app, KeyCode::Char('5'));
    assert_eq!(app.take_requests(), vec![load]);
}

#[test]
fn esc_closes_year_in_review_first() {
    let mut app = app();
    press(&mut app, KeyCode::Char('5'));
    press(&mut app, KeyCode::Char('v'));
    assert!(app.stats.review.is_some());

    press(&mut app, KeyCode::Esc);
    assert_eq!(app.tab, Tab::Stats, "Esc left the tab");
    assert!(app.stats.review.is_none(), "Esc kept the review open");

    press(&mut app, KeyCode::Esc);
    assert_eq!(app.tab, Tab::Library, "Esc with nothing open goes back");
}

/// "Show in Library" kept the Library's fuzzy filter, so the shelf's books could
/// all be hidden behind "No books match". It now shows the label alone.
#[test]
fn show_in_library_drops_other_filters() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "left hand");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.library.filter.text, "left hand");
    press(&mut app, KeyCode::Char('4'));
    app.handle_msg(Msg::LabelsLoaded {
        result: Ok(labels()),
    });
    app.take_requests();

    press(&mut app, KeyCode::Char('L'));

    assert_eq!(app.tab, Tab::Library);
    assert!(app.library.filter.text.is_empty());
    assert!(app.library.search.is_none());
    assert!(app.library.shelf.is_some() || app.library.tag.is_some());
    assert!(
        app.take_requests()
            .iter()
            .any(|r| matches!(r, Request::LoadLibrary { .. }))
    );
}

/// The messages after a delete and a move named nothing ("Deleted the shelf",
/// "Moved"), and a conflict on a label quoted the server's advice on If-Match.
#[test]
fn label_messages_name_the_label() {
    let mut app = app();
    press(&mut app, KeyCode::Char('4'));
    app.handle_msg(Msg::LabelsLoaded {
        result: Ok(labels()),
    });
    app.handle_msg(Msg::Wrote {
        request: Request::DeleteLabel {
            kind: LabelKind::Shelf,
            id: 2,
            version: 1,
        },
        result: Ok(Written::Done),
    });
    let (_, text) = app.message.clone().unwrap();
    assert_eq!(text, "Deleted the shelf “to-buy”");

    app.handle_msg(Msg::Wrote {
        request: Request::MoveBook {
            kind: LabelKind::Tag,
            from: 4,
            to: 5,
            book_id: 77,
        },
        result: Ok(Written::Done),
    });
    let (_, text) = app.message.clone().unwrap();
    assert_eq!(text, "Moved #77 to “classics”");

    let mut error = ClientError::api(412, "send If-Match: \"3\"");
    if let ClientError::Api { problem, .. } = &mut error {
        problem.current_version = Some(3);
    }
    app.handle_msg(Msg::Wrote {
        request: Request::RenameLabel {
            kind: LabelKind::Tag,
            id: 4,
            version: 1,
            name: "speculative".to_string(),
        },
        result: Err(error),
    });
    let screen = support::render(&app, 100, 30);
    assert!(
        screen.contains("“sci-fi” was changed elsewhere"),
        "{screen}"
    );
    assert!(!screen.contains("If-Match"), "{screen}");
    press(&mut app, KeyCode::Esc);

    // A move to a shelf deleted elsewhere named neither, and the shelf stayed listed.
    app.take_requests();
    app.handle_msg(Msg::Wrote {
        request: Request::MoveBook {
            kind: LabelKind::Shelf,
            from: 1,
            to: 3,
            book_id: 77,
        },
        result: Err(ClientError::api(404, "shelf not found")),
    });
    let (_, text) = app.message.clone().unwrap();
    assert_eq!(
        text,
        "Failed to move #77 to “estantería de ficción”: shelf not found"
    );
    assert!(app.take_requests().contains(&Request::LoadLabels));
}

#[test]
fn esc_dismisses_error_before_leaving() {
    let mut app = app();
    press(&mut app, KeyCode::Char('4'));
    app.handle_msg(Msg::LabelsLoaded {
        result: Err(ClientError::Other("connection refused".to_string())),
    });
    assert!(matches!(app.message, Some((estante::app::Level::Error, _))));

    press(&mut app, KeyCode::Esc);
    assert_eq!(app.tab, Tab::Labels, "Esc left the tab");
    assert!(app.message.is_none(), "Esc kept the error");

    press(&mut app, KeyCode::Esc);
    assert_eq!(app.tab, Tab::Library, "Esc with nothing open goes back");
}

#[test]
fn esc_after_error_keeps_review_editor() {
    let mut app = app_on_book();
    press(&mut app, KeyCode::Char('w'));
    type_text(&mut app, "Unsaved words");
    app.handle_msg(Msg::GoalSaved {
        year: 2025,
        result: Err("the config file is read-only".to_string()),
    });

    press(&mut app, KeyCode::Esc);
    assert!(app.message.is_none(), "Esc kept the error");
    assert!(app.is_typing(), "Esc closed the review editor");
    assert_eq!(app.tab, Tab::Book);

    press(&mut app, KeyCode::Esc);
    assert!(app.is_typing(), "one Esc threw a changed review away");
    press(&mut app, KeyCode::Esc);
    assert!(
        !app.is_typing(),
        "Esc with nothing else open closes the editor"
    );
}

#[test]
fn changed_review_needs_a_second_esc() {
    let mut app = app_on_book();
    press(&mut app, KeyCode::Char('w'));
    press(&mut app, KeyCode::Esc);
    assert!(!app.is_typing(), "an unchanged review closes at once");

    press(&mut app, KeyCode::Char('w'));
    type_text(&mut app, "New words");
    press(&mut app, KeyCode::Esc);
    assert!(app.is_typing(), "one Esc threw the text away");
    assert!(app.message.clone().unwrap().1.contains("Esc again"));

    type_text(&mut app, " more");
    press(&mut app, KeyCode::Esc);
    assert!(app.is_typing(), "typing must disarm the Esc");
    press(&mut app, KeyCode::Esc);
    assert!(!app.is_typing());
    assert_eq!(app.message.clone().unwrap().1, "Review not saved");
    assert!(app.take_requests().is_empty());
}

#[test]
fn saved_review_says_so() {
    let mut app = app_on_book();
    press(&mut app, KeyCode::Char('w'));
    type_text(&mut app, "New words ");
    app.handle_event(crossterm::event::Event::Key(support::ctrl('s')));
    let requests = app.take_requests();
    let Some(request @ Request::PatchEntry { patch, .. }) = requests.first() else {
        panic!("{requests:?}")
    };
    let mut entry = book().entry;
    entry.fields.review = patch.review.clone().flatten();
    entry.version += 1;

    app.handle_msg(Msg::Wrote {
        request: request.clone(),
        result: Ok(Written::Entry(entry)),
    });

    assert_eq!(app.message.clone().unwrap().1, "Review saved");
}

#[test]
fn esc_closes_popup_over_error() {
    let mut app = app();
    press(&mut app, KeyCode::Char('4'));
    app.handle_msg(Msg::LabelsLoaded {
        result: Err(ClientError::Other("connection refused".to_string())),
    });
    press(&mut app, KeyCode::Char('!'));
    assert!(app.overlay.is_some(), "! opens the last error");

    press(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none(), "Esc kept the popup");
    assert_eq!(app.tab, Tab::Labels, "Esc left the tab");
}

/// Opens book 3 from the sample library, with the reading 9 of `book()`.
fn app_on_book() -> estante::app::App {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    support::open_book(&mut app, book());
    app
}

#[test]
fn library_read_year_follows_the_loaded_book() {
    let mut app = app_on_book();
    let row = |app: &estante::app::App| {
        app.library
            .books
            .iter()
            .find(|row| row.id == 3)
            .unwrap()
            .year_read
    };
    assert_eq!(row(&app), Some(2024));

    let mut reread = book();
    let mut second = reread.readings[0].clone();
    second.id = 10;
    second.fields.started = Some("2025-12".parse().unwrap());
    second.fields.finished = Some("2026-01-03".parse().unwrap());
    reread.readings.push(second);
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(reread.clone()),
    });
    assert_eq!(row(&app), Some(2026), "a finished re-read moves the year");

    reread.readings.clear();
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(reread),
    });
    assert_eq!(row(&app), None, "no finished reading, no year");
}

#[test]
fn edit_reading_dates() {
    let mut app = app_on_book();
    press(&mut app, KeyCode::Char('d'));
    snap!("flow_reading_picker", app);
    press(&mut app, KeyCode::Enter);
    assert!(app.in_form(), "Enter opens the reading form");
    press(&mut app, KeyCode::Enter);
    app.handle_key(support::ctrl('u'));
    type_text(&mut app, "2024-10-28");
    press(&mut app, KeyCode::Enter);
    snap!("flow_reading_form", app);
    app.handle_key(support::ctrl('s'));

    let requests = app.take_requests();
    let Request::UpdateReading {
        book_id: 3,
        id: 9,
        version: 1,
        fields,
        ..
    } = &requests[0]
    else {
        panic!("{requests:?}")
    };
    assert_eq!(fields.started, Some("2024-10-28".parse().unwrap()));
    assert_eq!(fields.finished, Some("2024-11-30".parse().unwrap()));

    let mut saved = book().readings[0].clone();
    saved.fields = fields.clone();
    saved.version = 2;
    app.handle_msg(Msg::Wrote {
        request: requests[0].clone(),
        result: Ok(Written::Reading(saved)),
    });
    assert!(!app.in_form(), "the form closes once saved");
    assert_eq!(app.take_requests(), vec![Request::LoadBook { id: 3 }]);
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(book()),
    });
    assert!(
        app.take_requests().is_empty(),
        "editing a closed reading must not change the status"
    );
}

/// Types `text` over the finish date of the sample book's reading and saves, and
/// returns the form's error, which names the field and the reason.
fn save_finish_date(text: &str) -> (estante::screens::form::FieldName, String) {
    let mut app = app_on_book();
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Enter);
    app.handle_key(support::ctrl('u'));
    type_text(&mut app, text);
    app.handle_key(support::ctrl('s'));

    assert!(app.take_requests().is_empty());
    assert!(app.in_form(), "the form stays open");
    app.book.form.as_ref().unwrap().error.clone().unwrap()
}

#[test]
fn reading_form_rejects_bad_date() {
    let (field, error) = save_finish_date("2024-13-01");
    assert_eq!(field, estante::screens::form::FieldName::Finished);
    assert!(error.contains("2024-13-01"), "{error}");

    // A date in the right form that the calendar lacks got a message naming that form.
    let (_, error) = save_finish_date("2024-02-30");
    assert_eq!(
        error,
        "\"2024-02-30\" is not a day of the calendar; check the day and the month"
    );
}

#[test]
fn reading_form_rejects_a_future_date() {
    let (field, error) = save_finish_date("2999-11-30");
    assert_eq!(field, estante::screens::form::FieldName::Finished);
    assert!(error.contains("2999-11-30 is after today"), "{error}");
}

#[test]
fn delete_reading_needs_confirmation() {
    let mut app = app_on_book();
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('D'));
    press(&mut app, KeyCode::Char('n'));
    assert!(app.take_requests().is_empty());

    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('D'));
    press(&mut app, KeyCode::Char('y'));
    let requests = app.take_requests();
    assert_eq!(
        requests,
        vec![Request::DeleteReading {
            book_id: 3,
            id: 9,
            version: 1
        }]
    );
    app.handle_msg(Msg::Wrote {
        request: requests[0].clone(),
        result: Ok(Written::Done),
    });
    assert_eq!(app.take_requests(), vec![Request::LoadBook { id: 3 }]);
    let (_, text) = app.message.clone().unwrap();
    assert_eq!(text, "Reading deleted");
}

#[test]
fn edit_readings_without_any() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let mut unread = book();
    unread.readings.clear();
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(unread),
    });

    press(&mut app, KeyCode::Char('d'));

    assert!(app.overlay.is_none());
    let (level, text) = app.message.clone().unwrap();
    assert_eq!(level, estante::app::Level::Error);
    assert!(text.contains("No readings yet"), "{text}");
}

#[test]
fn key_file_rebinds_rating_prompt() {
    let mut context = support::context();
    context.keys = estante::app::keyfile::parse("[book]\ntype_rating = \"*\"\n").unwrap();
    let mut app = estante::app::App::new(context);
    app.take_requests();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(book()),
    });

    let screen = support::render(&app, 120, 40);
    let status_bar = screen.lines().nth(39).unwrap();
    assert!(status_bar.contains("* rate"), "{status_bar}");

    press(&mut app, KeyCode::Char('R'));
    assert!(app.overlay.is_none(), "R no longer opens the prompt");
    press(&mut app, KeyCode::Char('*'));
    assert!(app.overlay.is_some(), "* opens the rating prompt");
    press(&mut app, KeyCode::Esc);

    press(&mut app, KeyCode::Char('?'));
    let screen = support::render(&app, 120, 40);
    assert!(
        screen.contains("*                 type a rating"),
        "{screen}"
    );
}

#[test]
fn info_never_hides_unseen_error() {
    let mut app = app();
    app.handle_msg(Msg::GoalSaved {
        year: 2025,
        result: Err("the config file is read-only".to_string()),
    });
    app.handle_msg(Msg::GoalSaved {
        year: 2026,
        result: Ok(books_goal(12)),
    });

    let (level, text) = app.message.clone().unwrap();
    assert_eq!(level, estante::app::Level::Error);
    assert!(text.contains("read-only"), "{text}");

    press(&mut app, KeyCode::Char('j'));
    app.handle_msg(Msg::GoalSaved {
        year: 2026,
        result: Ok(books_goal(12)),
    });
    let (level, _) = app.message.clone().unwrap();
    assert_eq!(level, estante::app::Level::Info, "a seen error gives way");
}

#[test]
fn removing_a_goal_says_so() {
    let mut app = app();
    app.handle_msg(Msg::GoalSaved {
        year: 2026,
        result: Ok(books_goal(12)),
    });
    assert_eq!(app.message.clone().unwrap().1, "Goal for 2026 saved");

    app.handle_msg(Msg::GoalSaved {
        year: 2026,
        result: Ok(estante::settings::YearGoal::default()),
    });
    assert_eq!(app.message.clone().unwrap().1, "Goal for 2026 removed");
}

fn books_goal(books: u32) -> estante::settings::YearGoal {
    estante::settings::YearGoal {
        books: Some(books),
        pages: None,
    }
}

#[test]
fn label_selection_follows_its_label_across_reloads() {
    let mut app = app();
    press(&mut app, KeyCode::Char('4'));
    app.handle_msg(Msg::LabelsLoaded {
        result: Ok(support::labels()),
    });
    press(&mut app, KeyCode::Down);
    assert_eq!(app.labels.shelves[app.labels.selected[0]].name, "to-buy");

    // A shelf made elsewhere sorts before the selected one.
    let (mut shelves, tags) = support::labels();
    shelves.insert(
        0,
        estante_backend::storage::Label {
            id: 9,
            name: "Clássicos do século XIX".to_string(),
            book_count: 1,
            version: 1,
        },
    );
    app.handle_msg(Msg::LabelsLoaded {
        result: Ok((shelves, tags)),
    });

    assert_eq!(app.labels.shelves[app.labels.selected[0]].name, "to-buy");
}

#[test]
fn status_filter_counts_only_its_status() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    let screen = support::render(&app, 80, 24);
    assert!(screen.contains("to read 3  reading 1  read 6"), "{screen}");

    app.library.status = Some(ReadingStatus::Reading);
    let screen = support::render(&app, 80, 24);
    let counts = screen.lines().nth(2).unwrap();
    assert!(counts.contains("reading 1"), "{counts}");
    assert!(!counts.contains("to read"), "{counts}");
}

#[test]
fn palette_shelf_must_exist() {
    let mut app = app();
    app.handle_msg(Msg::LabelsLoaded {
        result: Ok(support::labels()),
    });
    app.take_requests();

    press(&mut app, KeyCode::Char(':'));
    type_text(&mut app, "shelf nowhere");
    press(&mut app, KeyCode::Enter);
    let (level, text) = app.message.clone().unwrap();
    assert_eq!(level, estante::app::Level::Error);
    assert!(text.contains("no shelf named “nowhere”"), "{text}");
    assert_eq!(app.library.shelf, None);
    assert!(app.take_requests().is_empty());

    press(&mut app, KeyCode::Char(':'));
    type_text(&mut app, "shelf TO-BUY");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.library.shelf.as_deref(), Some("to-buy"));
}

#[test]
fn undated_past_read_not_in_progress() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    let mut twice = book();
    let mut undated = twice.readings[0].clone();
    undated.id = 10;
    undated.fields = estante_backend::model::ReadingFields::default();
    twice.readings.push(undated);
    support::open_book(&mut app, twice.clone());
    let screen = support::render(&app, 80, 24);
    assert!(screen.contains("  no dates"), "{screen}");
    assert!(!screen.contains("in progress"), "{screen}");

    // A re-read may start: the undated reading is a past one.
    press(&mut app, KeyCode::Char('n'));
    let requests = app.take_requests();
    assert!(
        matches!(requests.first(), Some(Request::AddReading { .. })),
        "{requests:?}"
    );

    twice.entry.fields.status = ReadingStatus::Reading;
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(twice),
    });
    let screen = support::render(&app, 80, 24);
    assert!(screen.contains("started ? · in progress"), "{screen}");
}

#[test]
fn changed_edit_form_needs_a_second_esc() {
    let mut app = app_on_book();
    press(&mut app, KeyCode::Char('e'));
    press(&mut app, KeyCode::Esc);
    assert!(!app.in_form(), "an unchanged form closes at once");

    press(&mut app, KeyCode::Char('e'));
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, " 2");
    press(&mut app, KeyCode::Esc);
    assert!(app.in_form(), "Esc stops editing the field first");
    press(&mut app, KeyCode::Esc);
    assert!(app.in_form(), "one Esc threw the change away");
    assert!(app.message.clone().unwrap().1.contains("Esc again"));
    press(&mut app, KeyCode::Esc);
    assert!(!app.in_form());
    assert_eq!(app.message.clone().unwrap().1, "Edit cancelled");
    assert!(app.take_requests().is_empty());
}

#[test]
fn start_and_finish_say_so() {
    let mut app = app_on_book();
    let mut open = book();
    open.readings[0].fields.finished = None;
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(open),
    });
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(app.message.clone().unwrap().1, "Reading finished today");

    let mut app = app_on_book();
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.message.clone().unwrap().1, "Reading started today");
}

#[test]
fn finish_leaves_undated_past_reads_alone() {
    let mut app = app_on_book();
    let mut rereading = book();
    rereading.entry.fields.status = ReadingStatus::Reading;
    let mut undated = rereading.readings[0].clone();
    undated.id = 10;
    undated.fields = estante_backend::model::ReadingFields::default();
    let mut current = rereading.readings[0].clone();
    current.id = 11;
    current.fields = estante_backend::model::ReadingFields {
        started: Some("2025-06-01".parse().unwrap()),
        ..Default::default()
    };
    rereading.readings.extend([undated, current]);
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(rereading),
    });
    let screen = support::render(&app, 80, 24);
    assert!(screen.contains("  no dates"), "{screen}");

    press(&mut app, KeyCode::Char('f'));
    let requests = app.take_requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert!(
        matches!(requests[0], Request::UpdateReading { id: 11, .. }),
        "{requests:?}"
    );
}

#[test]
fn esc_clears_library_filters() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    app.library.status = Some(ReadingStatus::Reading);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "zzz");
    press(&mut app, KeyCode::Enter);
    assert!(!app.is_typing());
    let screen = support::render(&app, 80, 24);
    assert!(screen.contains("Esc to clear"), "{screen}");

    press(&mut app, KeyCode::Esc);
    assert_eq!(app.library.status, None);
    let screen = support::render(&app, 80, 24);
    assert!(!screen.contains("Esc to clear"), "{screen}");
}
