//! The main screens in Brazilian Portuguese at 80×24. Each test pins the language
//! on its own thread, so the English snapshots of the other suites stay English.

#![allow(clippy::unwrap_used)]

mod support;

use crossterm::event::KeyCode;
use estante::app::msg::Msg;
use estante::i18n::Language;
use support::{app_in, book, labels, library_page, press, stats, summaries};

const PT: Language = Language::BrazilianPortuguese;

fn library() -> estante::app::App {
    let mut app = app_in(PT);
    let page = library_page(&app, summaries());
    app.handle_msg(page);
    app.handle_msg(Msg::LabelsLoaded {
        result: Ok(labels()),
    });
    app
}

#[test]
fn library_in_portuguese() {
    let app = library();
    let screen = support::render(&app, 80, 24);
    assert!(screen.contains("1 Biblioteca"), "{screen}");
    assert!(screen.contains("Título↑"), "{screen}");
    assert!(!screen.contains("Library"), "{screen}");
    snap_80x24!("pt_BR_library", app);
}

#[test]
fn book_in_portuguese() {
    let mut app = library();
    support::open_book(&mut app, book());
    let screen = support::render(&app, 80, 24);
    assert!(screen.contains("Avaliação"), "{screen}");
    assert!(screen.contains("Leituras"), "{screen}");
    snap_80x24!("pt_BR_book", app);
}

#[test]
fn stats_in_portuguese() {
    let mut app = app_in(PT);
    press(&mut app, KeyCode::Char('5'));
    app.handle_msg(Msg::StatsLoaded {
        year: Some(2025),
        result: Ok(stats(Some(2025))),
    });
    let screen = support::render(&app, 80, 24);
    assert!(screen.contains("Estatísticas · 2025"), "{screen}");
    assert!(screen.contains("Meta:"), "{screen}");
    snap_80x24!("pt_BR_stats", app);
}

#[test]
fn help_overlay_in_portuguese() {
    let mut app = library();
    press(&mut app, KeyCode::Char('?'));
    let screen = support::render(&app, 80, 24);
    assert!(screen.contains("Em qualquer tela"), "{screen}");
    snap_80x24!("pt_BR_help", app);
}

/// Every line of the help fits: long ones wrap inside the box, and j scrolls to
/// the last one when the box is shorter than the help.
#[test]
fn help_overlay_wraps_and_scrolls() {
    let mut app = library();
    press(&mut app, KeyCode::Char('?'));
    let first = support::render(&app, 80, 24);
    assert!(
        !first.contains("Esc cancela"),
        "the help fits 24 rows: {first}"
    );

    for _ in 0..40 {
        press(&mut app, KeyCode::Char('j'));
    }
    let last = support::render(&app, 80, 24);
    assert!(last.contains("Campos de texto"), "{last}");
    assert!(last.contains("confirma, Esc cancela."), "{last}");
    assert_ne!(first, last, "j scrolls down");

    press(&mut app, KeyCode::Char('k'));
    let back = support::render(&app, 80, 24);
    assert_ne!(back, last, "k scrolls back up");
}

/// A long error: the status line cuts it and names `!`, which shows it in a popup.
#[test]
fn error_popup_in_portuguese() {
    let mut app = library();
    app.handle_msg(Msg::GoalSaved {
        year: 2025,
        result: Err(
            "permissão negada ao gravar /home/leitora/.config/estante/config.toml; \
                     confira o dono da pasta ou defina ESTANTE_CONFIG_DIR"
                .to_string(),
        ),
    });
    let screen = support::render(&app, 80, 24);
    let status_bar = screen.lines().nth(23).unwrap();
    assert!(status_bar.contains("! texto completo"), "{status_bar}");
    press(&mut app, KeyCode::Char('!'));
    let screen = support::render(&app, 80, 24);
    assert!(screen.contains("Último erro"), "{screen}");
    assert!(screen.contains("Falha ao salvar a meta"), "{screen}");
    snap_80x24!("pt_BR_error_popup", app);
}

#[test]
fn palette_in_portuguese() {
    let mut app = library();
    press(&mut app, KeyCode::Char(':'));
    let screen = support::render(&app, 80, 24);
    assert!(screen.contains("ir para a Biblioteca"), "{screen}");
    assert!(screen.contains("│biblioteca "), "{screen}");
    snap_80x24!("pt_BR_palette", app);
}

#[test]
fn palette_scrolls_to_every_command() {
    let mut app = library();
    press(&mut app, KeyCode::Char(':'));
    for _ in 0..40 {
        press(&mut app, KeyCode::Down);
    }
    let screen = support::render(&app, 80, 24);
    assert!(screen.contains("│sair "), "{screen}");
    assert!(!screen.contains("│biblioteca "), "{screen}");
}

#[test]
fn popups_widen_to_their_portuguese_text() {
    let mut app = app_in(PT);
    press(&mut app, KeyCode::Char('5'));
    press(&mut app, KeyCode::Char('g'));
    let screen = support::render(&app, 80, 24);
    assert!(
        screen.contains("livros, ou páginas como 9.000 páginas (0 remove)─"),
        "{screen}"
    );

    let mut app = library();
    support::open_book(&mut app, book());
    press(&mut app, KeyCode::Char('d'));
    let screen = support::render(&app, 80, 24);
    assert!(
        screen.contains("começou em 11/2024 · terminou em 30/11/2024 "),
        "{screen}"
    );
    assert!(screen.contains("Enter: editar datas  D: excluir  Esc: cancelar"));
}

#[test]
fn unrated_book_and_wrapped_notes() {
    let mut app = library();
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    app.take_requests();
    let mut unrated = book();
    unrated.entry.fields.rating = None;
    unrated.entry.fields.review = Some(
        "Uma resenha longa o bastante para passar da largura da tela e continuar na linha \
         de baixo, onde o recuo de dois espaços precisa continuar."
            .to_string(),
    );
    app.handle_msg(Msg::BookLoaded {
        id: 3,
        result: Ok(unrated),
    });

    let screen = support::render(&app, 80, 24);
    assert!(screen.contains("Avaliação sem nota"), "{screen}");
    let review: Vec<&str> = screen
        .lines()
        .skip_while(|line| !line.contains("Resenha"))
        .skip(1)
        .take(2)
        .collect();
    assert!(review[0].starts_with("\"  Uma resenha"), "{review:?}");
    assert!(
        review[1].starts_with("\"  "),
        "the second line keeps the indent: {review:?}"
    );
}

#[test]
fn palette_shows_why_a_command_did_not_run() {
    let mut app = library();
    press(&mut app, KeyCode::Char(':'));
    support::type_text(&mut app, "foo");
    press(&mut app, KeyCode::Enter);

    let screen = support::render(&app, 80, 24);
    let error = app_palette_error(&app);
    let start: String = error.chars().take(20).collect();
    assert!(screen.contains(&start), "{error}\n{screen}");
}

fn app_palette_error(app: &estante::app::App) -> String {
    match &app.overlay {
        Some(estante::app::overlay::Overlay::Palette(palette)) => palette
            .error
            .clone()
            .expect("no error for an unknown command"),
        other => panic!("the palette closed: {other:?}"),
    }
}

#[test]
fn help_descriptions_keep_their_column_when_wrapped() {
    let mut app = library();
    press(&mut app, KeyCode::Char('7'));
    press(&mut app, KeyCode::Char('?'));
    let screen = support::render(&app, 80, 24);
    let lines: Vec<&str> = screen.lines().collect();
    let long = lines
        .iter()
        .position(|line| line.contains("restaurar o snapshot"))
        .unwrap_or_else(|| panic!("{screen}"));
    // Inside the box, the next line starts in the description column.
    let inside = lines[long + 1].split('│').nth(1).unwrap_or_default();
    assert!(inside.starts_with(&" ".repeat(18)), "{screen}");
    assert!(!inside.trim().is_empty(), "{screen}");
}
