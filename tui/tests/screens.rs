//! Every screen rendered at 80×24 and 120×40, with loading, empty and error states.

#![allow(clippy::unwrap_used)]

mod support;

use crossterm::event::KeyCode;
use estante::app::Tab;
use estante::app::msg::{ImportStage, Msg, Written};
use estante::client::ClientError;
use estante_backend::import::ImportFormat;
use estante_backend::storage::{ImportReport, RowOutcome, RowReport};
use support::{app, book, labels, library_page, press, stats, summaries, type_text};

#[test]
fn library_loading() {
    snap!("library_loading", app());
}

#[test]
fn library_loaded() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    snap!("library_loaded", app);
}

#[test]
fn library_empty() {
    let mut app = app();
    let page = library_page(&app, Vec::new());
    app.handle_msg(page);
    snap!("library_empty", app);
}

#[test]
fn library_error() {
    let mut app = app();
    let generation = app.library.generation;
    app.handle_msg(Msg::LibraryPage {
        generation,
        result: Err(ClientError::Unreachable {
            base_url: "http://127.0.0.1:8080".to_string(),
            message: "Connection refused (os error 111)".to_string(),
        }),
        done: true,
    });
    snap!("library_error", app);
}

#[test]
fn library_filtering() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "gui");
    snap!("library_filtering", app);
}

#[test]
fn library_filter_no_match() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "zzzz");
    press(&mut app, KeyCode::Enter);
    snap!("library_filter_no_match", app);
}

#[test]
fn library_search_prompt() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    press(&mut app, KeyCode::Char('f'));
    type_text(&mut app, "winter");
    snap!("library_search_prompt", app);
}

#[test]
fn library_help_overlay() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    press(&mut app, KeyCode::Char('?'));
    snap!("library_help", app);
}

#[test]
fn palette_completion() {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    app.handle_msg(Msg::LabelsLoaded {
        result: Ok(labels()),
    });
    press(&mut app, KeyCode::Char(':'));
    type_text(&mut app, "shelf ");
    snap!("palette_completion", app);
}

fn app_with_book() -> estante::app::App {
    let mut app = app();
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    app.handle_msg(Msg::LabelsLoaded {
        result: Ok(labels()),
    });
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    app.take_requests();
    app
}

#[test]
fn book_help_names_rating_keys() {
    let mut app = app_with_book();
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(book()),
    });
    press(&mut app, KeyCode::Char('?'));

    let screen = support::render(&app, 120, 40);
    assert!(screen.contains("type a rating"), "{screen}");
    assert!(screen.contains("2/F2"), "{screen}");
    assert!(!screen.contains("digits rate"), "{screen}");
    assert!(!screen.contains("rate 1 star"), "{screen}");
}

#[test]
fn book_loading() {
    snap!("book_loading", app_with_book());
}

#[test]
fn book_none_open() {
    let mut app = app();
    press(&mut app, KeyCode::Char('2'));
    snap!("book_none_open", app);
}

#[test]
fn book_loaded() {
    let mut app = app_with_book();
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(book()),
    });
    snap!("book_loaded", app);
}

#[test]
fn book_error() {
    let mut app = app_with_book();
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Err(ClientError::api(
            500,
            "the server failed; the error is in its log",
        )),
    });
    snap!("book_error", app);
}

#[test]
fn book_edit_form() {
    let mut app = app_with_book();
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(book()),
    });
    press(&mut app, KeyCode::Char('e'));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Odd");
    snap!("book_edit_form", app);
}

#[test]
fn book_review_editor() {
    let mut app = app_with_book();
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(book()),
    });
    press(&mut app, KeyCode::Char('w'));
    press(&mut app, KeyCode::End);
    type_text(&mut app, " Superb.");
    snap!("book_review_editor", app);
}

#[test]
fn book_status_picker() {
    let mut app = app_with_book();
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(book()),
    });
    press(&mut app, KeyCode::Char('s'));
    snap!("book_status_picker", app);
}

#[test]
fn book_shelf_picker() {
    let mut app = app_with_book();
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(book()),
    });
    press(&mut app, KeyCode::Char('b'));
    snap!("book_shelf_picker", app);
}

/// With no tags yet, the tags popup offered only "Enter: choose", though `n`
/// creates one there.
#[test]
fn empty_tag_picker_offers_new() {
    let mut app = app_with_book();
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(book()),
    });
    press(&mut app, KeyCode::Char('t'));
    let screen = support::render(&app, 120, 40);
    assert!(screen.contains("Tags of this book"), "{screen}");
    assert!(screen.contains("n: new"), "{screen}");
}

#[test]
fn book_delete_confirmation() {
    let mut app = app_with_book();
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(book()),
    });
    press(&mut app, KeyCode::Char('D'));
    snap!("book_delete_confirmation", app);
}

#[test]
fn add_form() {
    let mut app = app();
    press(&mut app, KeyCode::Char('3'));
    snap!("add_form", app);
}

#[test]
fn add_after_lookup() {
    let mut app = app();
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "9780441478125");
    app.handle_key(support::ctrl('l'));
    let lookup = app.take_requests();
    assert_eq!(lookup.len(), 1, "{lookup:?}");
    let mut fields = book().fields;
    fields.series = None;
    app.handle_msg(Msg::LookedUp {
        isbn: "9780441478125".to_string(),
        result: Ok(Some(fields)),
    });
    snap!("add_after_lookup", app);
}

#[test]
fn add_lookup_offline() {
    let mut app = app();
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "9780441478125");
    app.handle_key(support::ctrl('l'));
    app.take_requests();
    app.handle_msg(Msg::LookedUp {
        isbn: "9780441478125".to_string(),
        result: Err("the ISBN lookup failed: error sending request".to_string()),
    });
    snap!("add_lookup_offline", app);
}

#[test]
fn labels_loading() {
    let mut app = app();
    press(&mut app, KeyCode::Char('4'));
    snap!("labels_loading", app);
}

#[test]
fn labels_with_books() {
    let mut app = app();
    app.handle_msg(Msg::LabelsLoaded {
        result: Ok(labels()),
    });
    press(&mut app, KeyCode::Char('4'));
    press(&mut app, KeyCode::Enter);
    app.take_requests();
    let books: Vec<_> = summaries().into_iter().take(4).collect();
    app.handle_msg(Msg::LabelBooksLoaded {
        kind: estante_backend::storage::LabelKind::Shelf,
        name: "favorites".to_string(),
        result: Ok(books),
    });
    snap!("labels_with_books", app);
}

#[test]
fn labels_empty() {
    let mut app = app();
    app.handle_msg(Msg::LabelsLoaded {
        result: Ok((Vec::new(), Vec::new())),
    });
    press(&mut app, KeyCode::Char('4'));
    snap!("labels_empty", app);
}

#[test]
fn stats_loading() {
    let mut app = app();
    press(&mut app, KeyCode::Char('5'));
    snap!("stats_loading", app);
}

#[test]
fn stats_year_with_goal() {
    let mut app = app();
    press(&mut app, KeyCode::Char('5'));
    app.handle_msg(Msg::StatsLoaded {
        year: Some(2025),
        result: Ok(stats(Some(2025))),
    });
    snap!("stats_year", app);
}

#[test]
fn stats_all_time() {
    let mut app = app();
    press(&mut app, KeyCode::Char('5'));
    press(&mut app, KeyCode::Char('a'));
    app.handle_msg(Msg::StatsLoaded {
        year: None,
        result: Ok(stats(None)),
    });
    snap!("stats_all_time", app);
}

#[test]
fn stats_error() {
    let mut app = app();
    press(&mut app, KeyCode::Char('5'));
    app.handle_msg(Msg::StatsLoaded {
        year: Some(2025),
        result: Err(ClientError::Timeout {
            base_url: "http://127.0.0.1:8080".to_string(),
        }),
    });
    snap!("stats_error", app);
}

#[test]
fn transfer_idle() {
    let mut app = app();
    press(&mut app, KeyCode::Char('6'));
    snap!("transfer_idle", app);
}

fn report() -> ImportReport {
    let row = |row, outcome, title: &str, reason: Option<&str>| RowReport {
        row,
        outcome,
        book_id: Some(row as i64),
        title: Some(title.to_string()),
        reason: reason.map(str::to_string),
        notes: Vec::new(),
    };
    let mut report = ImportReport::new(
        ImportFormat::Goodreads,
        vec!["dates read as day/month".to_string()],
    );
    report.push(row(1, RowOutcome::Imported, "Piranesi", None));
    report.push(row(
        2,
        RowOutcome::Flagged,
        "Kindred",
        Some("possible duplicate of book 7"),
    ));
    report.push(row(
        3,
        RowOutcome::Rejected,
        "",
        Some("the Title column is empty"),
    ));
    report.push(row(
        4,
        RowOutcome::Merged,
        "Beloved",
        Some("same ISBN as book 12"),
    ));
    report
}

#[test]
fn transfer_running() {
    let mut app = app();
    press(&mut app, KeyCode::Char('6'));
    press(&mut app, KeyCode::Char('i'));
    type_text(&mut app, "/tmp/goodreads_library_export.csv");
    press(&mut app, KeyCode::Enter);
    app.take_requests();
    app.handle_msg(Msg::ImportProgress(ImportStage::Uploading {
        format: Some(ImportFormat::Goodreads),
        bytes: 368_640,
    }));
    snap!("transfer_running", app);
}

#[test]
fn transfer_report() {
    let mut app = app();
    press(&mut app, KeyCode::Char('6'));
    app.handle_msg(Msg::Imported {
        path: "/tmp/goodreads_library_export.csv".into(),
        result: Ok(report()),
    });
    snap!("transfer_report", app);
}

#[test]
fn transfer_failed() {
    let mut app = app();
    press(&mut app, KeyCode::Char('6'));
    app.handle_msg(Msg::Imported {
        path: "/tmp/notes.txt".into(),
        result: Err(
            "could not detect the file format: the header \"hello\" matches no supported export"
                .to_string(),
        ),
    });
    snap!("transfer_failed", app);
}

#[test]
fn ops_connecting() {
    let mut app = app();
    press(&mut app, KeyCode::Char('7'));
    assert_eq!(app.tab, Tab::Ops);
    snap!("ops_connecting", app);
}

#[test]
fn conflict_popup() {
    let mut app = app_with_book();
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(book()),
    });
    press(&mut app, KeyCode::Char('+'));
    let request = app.take_requests().remove(0);
    let mut error = ClientError::api(
        412,
        "the entry is now at version 7; reload it, reapply your change and send If-Match: \"7\"",
    );
    if let ClientError::Api { problem, .. } = &mut error {
        problem.current_version = Some(7);
    }
    app.handle_msg(Msg::Wrote {
        request,
        result: Err(error),
    });
    snap!("book_conflict", app);
    let _ = Written::Done;
}

#[test]
fn stats_year_in_review() {
    use estante::app::msg::Request;
    use estante_backend::model::{BookFields, Contributor, LibraryRecord, ReadingFields};
    use estante_backend::reports::Report;

    let mut app = support::app();
    press(&mut app, KeyCode::Char('5'));
    app.take_requests();
    app.handle_msg(Msg::StatsLoaded {
        year: Some(2025),
        result: Ok(support::stats(Some(2025))),
    });
    press(&mut app, KeyCode::Char('v'));
    assert!(matches!(
        app.take_requests().as_slice(),
        [Request::LoadReview { year: 2025 }]
    ));
    let record = |title: &str, pages: i64, finished: &str| LibraryRecord {
        book: BookFields {
            title: title.to_string(),
            pages: Some(pages),
            contributors: vec![Contributor::author("Ursula K. Le Guin")],
            ..Default::default()
        },
        readings: vec![ReadingFields {
            finished: Some(finished.parse().unwrap()),
            ..Default::default()
        }],
        ..Default::default()
    };
    let records = [
        record("The Dispossessed", 387, "2025-02-11"),
        record("A Wizard of Earthsea", 183, "2025-05-30"),
    ];
    let report = Report::build(
        &records,
        "2025-01-01".parse().unwrap(),
        "2025-12-31".parse().unwrap(),
    );
    app.handle_msg(Msg::ReviewLoaded {
        year: 2025,
        result: Ok(Box::new(report)),
    });
    let screen = support::render(&app, 120, 40);
    assert!(
        screen.contains("Longest: The Dispossessed (387 pages)"),
        "{screen}"
    );
    assert!(
        screen.contains("First: The Dispossessed (2025-02-11)"),
        "{screen}"
    );
    assert!(screen.contains("Ursula K. Le Guin (2)"), "{screen}");
    snap!("stats_year_in_review", app);

    press(&mut app, KeyCode::Char('e'));
    assert!(matches!(
        app.take_requests().as_slice(),
        [Request::ExportReview { year: 2025, path, .. }] if path.ends_with("estante-report-2025.md")
    ));
    press(&mut app, KeyCode::Char('v'));
    assert!(app.stats.review.is_none());
}

fn app_with_goal(books: Option<u32>, pages: Option<u32>) -> estante::app::App {
    let mut context = support::context();
    context.goals.insert(
        "2025".to_string(),
        estante::settings::YearGoal { books, pages },
    );
    let mut app = estante::app::App::new(context);
    app.take_requests();
    app
}

#[test]
fn stats_year_with_page_goal() {
    let mut app = app_with_goal(Some(40), Some(9000));
    press(&mut app, KeyCode::Char('5'));
    app.handle_msg(Msg::StatsLoaded {
        year: Some(2025),
        result: Ok(stats(Some(2025))),
    });
    // June 15th, 2025 is day 166 of 365: 9000 * 166 / 365 = 4,093 pages are due,
    // and 4,321 were read.
    let screen = support::render(&app, 120, 40);
    assert!(
        screen.contains("Goal 4,321 of 9,000 pages (48%) · 228 pages ahead of schedule"),
        "{screen}"
    );
    assert!(screen.contains("Goal 14 of 40 books (35%)"), "{screen}");
    snap!("stats_year_page_goal", app);
}

/// 14 books against a goal of 7 read "(100%)" on the Stats screen and 200% in the
/// year in review. The bar stops at full, and the label shows the whole percentage.
#[test]
fn stats_goal_passed_shows_whole_percent() {
    let mut app = app_with_goal(Some(7), None);
    press(&mut app, KeyCode::Char('5'));
    app.handle_msg(Msg::StatsLoaded {
        year: Some(2025),
        result: Ok(stats(Some(2025))),
    });
    let screen = support::render(&app, 120, 40);
    assert!(screen.contains("Goal 14 of 7 books (200%)"), "{screen}");
}

#[test]
fn stats_page_goal_alone() {
    let mut app = app_with_goal(None, Some(12_000));
    press(&mut app, KeyCode::Char('5'));
    app.handle_msg(Msg::StatsLoaded {
        year: Some(2025),
        result: Ok(stats(Some(2025))),
    });
    let screen = support::render(&app, 80, 24);
    assert!(screen.contains("Goal 4,321 of 12,000 pages"), "{screen}");
    assert!(!screen.contains("books (35%)"), "{screen}");
}

#[test]
fn goal_prompt_typing_replaces_value() {
    use estante::app::msg::Request;
    use estante::settings::GoalUnit;

    let mut app = app_with_goal(Some(40), None);
    press(&mut app, KeyCode::Char('5'));
    app.take_requests();
    press(&mut app, KeyCode::Char('g'));
    // The prompt shows the current goal, 40; typing replaces it.
    type_text(&mut app, "52");
    press(&mut app, KeyCode::Enter);

    assert_eq!(
        app.take_requests(),
        vec![Request::SaveGoal {
            year: 2025,
            unit: GoalUnit::Books,
            amount: 52
        }]
    );
}

#[test]
fn palette_sets_page_goal() {
    use estante::app::msg::Request;
    use estante::settings::{GoalUnit, YearGoal};

    let mut app = support::app();
    press(&mut app, KeyCode::Char('5'));
    app.take_requests();
    press(&mut app, KeyCode::Char(':'));
    type_text(&mut app, "goal 9000 pages");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.take_requests(),
        vec![Request::SaveGoal {
            year: 2025,
            unit: GoalUnit::Pages,
            amount: 9000
        }]
    );
    let both = YearGoal {
        books: Some(40),
        pages: Some(9000),
    };
    app.handle_msg(Msg::GoalSaved {
        year: 2025,
        result: Ok(both),
    });
    assert_eq!(app.context.goal(2025), both);

    // The g prompt takes pages too, and reports a unit it does not know.
    press(&mut app, KeyCode::Char('g'));
    app.handle_key(support::ctrl('u'));
    type_text(&mut app, "300 chapters");
    press(&mut app, KeyCode::Enter);
    let screen = support::render(&app, 120, 40);
    assert!(screen.contains("is not a goal unit"), "{screen}");
    assert!(app.take_requests().is_empty());
    app.handle_key(support::ctrl('u'));
    type_text(&mut app, "8,000 pages");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.take_requests(),
        vec![Request::SaveGoal {
            year: 2025,
            unit: GoalUnit::Pages,
            amount: 8000
        }]
    );
}

#[test]
fn year_in_review_names_page_goal() {
    use estante_backend::model::{BookFields, LibraryRecord, ReadingFields};
    use estante_backend::reports::Report;

    let mut app = app_with_goal(None, Some(9000));
    press(&mut app, KeyCode::Char('5'));
    app.handle_msg(Msg::StatsLoaded {
        year: Some(2025),
        result: Ok(stats(Some(2025))),
    });
    press(&mut app, KeyCode::Char('v'));
    app.take_requests();
    let record = LibraryRecord {
        book: BookFields {
            title: "The Dispossessed".to_string(),
            pages: Some(387),
            ..Default::default()
        },
        readings: vec![ReadingFields {
            finished: Some("2025-02-11".parse().unwrap()),
            ..Default::default()
        }],
        ..Default::default()
    };
    let report = Report::build(
        &[record],
        "2025-01-01".parse().unwrap(),
        "2025-12-31".parse().unwrap(),
    );
    app.handle_msg(Msg::ReviewLoaded {
        year: 2025,
        result: Ok(Box::new(report)),
    });
    let screen = support::render(&app, 120, 40);
    assert!(
        screen.contains("Page goal: 387 of 9,000 pages (4%)"),
        "{screen}"
    );
    assert!(!screen.contains("Book goal"), "{screen}");

    press(&mut app, KeyCode::Char('e'));
    let requests = app.take_requests();
    assert!(
        matches!(
            requests.as_slice(),
            [estante::app::msg::Request::ExportReview { goal, .. }] if goal.pages == Some(9000)
        ),
        "{requests:?}"
    );
}

/// The import summary wraps onto a second line on a narrow screen instead of
/// losing its last counts.
#[test]
fn transfer_summary_whole_at_80_columns() {
    let mut app = support::app_in(estante::i18n::Language::BrazilianPortuguese);
    press(&mut app, KeyCode::Char('6'));
    app.handle_msg(Msg::Imported {
        path: "/home/reader/goodreads_library_export_2026_12_05_backup_copy.csv".into(),
        result: Ok(report()),
    });
    let screen = support::render(&app, 80, 24);
    let lines: Vec<&str> = screen.lines().collect();
    let first = lines
        .iter()
        .position(|line| line.contains("backup_copy.csv:"))
        .unwrap();
    let rest = lines[first + 1];
    assert!(
        rest.contains("rejeitada") && !rest.contains("Linhas"),
        "{screen}"
    );
}
