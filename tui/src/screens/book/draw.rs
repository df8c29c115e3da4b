//! Book: drawing the details, the rating bar, the review editor and the form.

use estante_backend::model::{ContributorRole, Rating};
use estante_backend::storage::Book;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::BookState;
use super::cover::CoverView;
use crate::app::theme::Theme;
use crate::i18n::format;
use crate::screens::Load;
use crate::t;
use crate::widgets::text::{stars, stars_number, truncate, wrap};
use unicode_width::UnicodeWidthStr;

impl BookState {
    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let Some(book) = &self.book else {
            let text = match (&self.load, self.id) {
                (Load::Failed(error), _) => t!("book-load-failed", error = error.as_str()),
                (_, None) => t!("book-none-open"),
                _ => t!("book-loading"),
            };
            let style = if matches!(self.load, Load::Failed(_)) {
                theme.error()
            } else {
                theme.dim()
            };
            frame.render_widget(
                Paragraph::new(text).style(style).wrap(Wrap { trim: false }),
                area,
            );
            return;
        };
        if let Some(form) = &self.form {
            let [title, body] =
                Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
            let text = match self.reading_edit {
                Some(_) => t!("book-editing-reading", title = book.fields.title.as_str()),
                None => t!("book-editing", title = book.fields.title.as_str()),
            };
            frame.render_widget(Paragraph::new(text).style(theme.title()), title);
            form.draw(frame, body, theme);
            return;
        }
        let area = match (&self.review, cover_column(area)) {
            (None, Some(cover)) if !matches!(self.cover.view, CoverView::Off) => {
                self.cover.draw(frame, cover, theme);
                Rect {
                    width: area.width - cover.width - COVER_GAP,
                    ..area
                }
            }
            _ => {
                self.cover.area.set((0, 0));
                area
            }
        };
        let [top, rest] =
            Layout::vertical([Constraint::Length(8), Constraint::Fill(1)]).areas(area);
        self.draw_top(frame, top, book, theme);
        match &self.review {
            Some(editor) => {
                let block = Block::bordered()
                    .title(t!("book-review-title"))
                    .border_style(theme.title());
                let inner = block.inner(rest);
                frame.render_widget(block, rest);
                editor.draw(frame, inner, ratatui::style::Style::new(), true);
            }
            None => {
                let lines = details(book, theme, usize::from(rest.width));
                frame.render_widget(
                    Paragraph::new(lines)
                        .wrap(Wrap { trim: false })
                        .scroll((self.scroll, 0)),
                    rest,
                );
            }
        }
    }

    fn draw_top(&self, frame: &mut Frame, area: Rect, book: &Book, theme: &Theme) {
        let fields = &book.fields;
        // Lines that do not fit end in `…`, so a cut name does not read as whole.
        let width = usize::from(area.width);
        let title_text = truncate(&fields.title, width);
        let rest = width.saturating_sub(title_text.width());
        let mut title = vec![Span::styled(title_text, theme.title())];
        if let Some(subtitle) = &fields.subtitle
            && rest > 0
        {
            title.push(Span::raw(truncate(&format!(" — {subtitle}"), rest)));
        }
        let authors = fields.author_names();
        let others: Vec<String> = fields
            .contributors
            .iter()
            .filter(|c| c.role != ContributorRole::Author)
            .map(|c| format!("{} ({})", c.name, role_label(c.role)))
            .collect();
        let authors = if authors.is_empty() {
            t!("book-unknown-author")
        } else {
            authors.join(", ")
        };
        let mut by = t!("book-by", authors = authors);
        if !others.is_empty() {
            by.push_str(&format!("; {}", others.join(", ")));
        }
        let series = fields.series.as_ref().map(|s| match &s.position {
            Some(position) => format!("{} #{position}", s.name),
            None => s.name.clone(),
        });
        let entry = &book.entry.fields;
        let labels = [
            t!("book-label-status"),
            t!("book-label-rating"),
            t!("book-label-shelves"),
            t!("book-label-tags"),
        ];
        // Labels are padded to one column past the widest, at least 9 as in English,
        // so the values line up whatever the language.
        let label_width = labels
            .iter()
            .map(|label| label.width() + 1)
            .max()
            .unwrap_or(0)
            .max(9);
        let label = |text: &str| {
            let padding = " ".repeat(label_width.saturating_sub(text.width()));
            Span::styled(format!("{text}{padding}"), theme.dim())
        };
        let [status_label, rating_label, shelves_label, tags_label] = &labels;
        let lines = vec![
            Line::from(title),
            Line::raw(truncate(&by, width)),
            Line::raw(
                series
                    .map(|s| truncate(&t!("book-series", series = s), width))
                    .unwrap_or_default(),
            ),
            Line::from(vec![
                label(status_label),
                Span::styled(crate::status::label(entry.status), theme.accent()),
            ]),
            Line::from(match entry.rating {
                // The eleven columns before the bar state it, or the bar's empty cells
                // alone would be the only sign.
                None => vec![
                    label(rating_label),
                    Span::styled(
                        format!("{:<11}", truncate(&t!("book-not-rated"), 10)),
                        theme.dim(),
                    ),
                ],
                Some(_) => vec![
                    label(rating_label),
                    Span::styled(format!("{:<6}", stars(entry.rating)), theme.accent()),
                    Span::raw(format!("{:<5}", stars_number(entry.rating))),
                ],
            }),
            Line::from(vec![
                label(shelves_label),
                Span::raw(list_or_none(&book.shelves)),
            ]),
            Line::from(vec![label(tags_label), Span::raw(list_or_none(&book.tags))]),
            Line::raw(""),
        ];
        frame.render_widget(Paragraph::new(lines), area);

        // The quarter-star bar after the rating: four cells per star, one per quarter,
        // after the label, six columns of stars and five of the number.
        let bar = Rect {
            x: area.x + label_width as u16 + 11,
            y: area.y + 4,
            width: 24,
            height: 1,
        };
        if bar.x + bar.width <= area.x + area.width {
            self.rating_area.set(bar);
            frame.render_widget(
                Paragraph::new(rating_bar(entry.rating)).style(theme.accent()),
                bar,
            );
        } else {
            self.rating_area.set(Rect::default());
        }
    }
}

/// Columns between the details and the cover.
const COVER_GAP: u16 = 1;

/// Returns the column on the right of the book view where the cover goes, or
/// `None` when the view is too small to spare it. The details keep at least 56
/// columns, since the rating bar ends at column 44, and the cover gets at least 14.
fn cover_column(area: Rect) -> Option<Rect> {
    const MIN_DETAILS: u16 = 56;
    const MIN_COVER: u16 = 14;
    const MIN_HEIGHT: u16 = 8;
    let width = (area.width / 4).min(32);
    if width < MIN_COVER || area.width < MIN_DETAILS + COVER_GAP + width || area.height < MIN_HEIGHT
    {
        return None;
    }
    Some(Rect {
        x: area.x + area.width - width,
        width,
        ..area
    })
}

/// Twenty cells in five groups, filled up to the rating: `■■■■ ■■■■ ■□□□ □□□□ □□□□`.
pub fn rating_bar(rating: Option<Rating>) -> String {
    let filled = rating.map_or(0, |r| usize::from(r.quarters()));
    let mut out = String::new();
    for quarter in 0..20 {
        if quarter > 0 && quarter % 4 == 0 {
            out.push(' ');
        }
        out.push(if quarter < filled { '■' } else { '□' });
    }
    out
}

/// Returns the name of a contributor's role in the language in force.
pub fn role_label(role: ContributorRole) -> String {
    match role {
        ContributorRole::Author => t!("role-author"),
        ContributorRole::Translator => t!("role-translator"),
        ContributorRole::Editor => t!("role-editor"),
        ContributorRole::Narrator => t!("role-narrator"),
        ContributorRole::Illustrator => t!("role-illustrator"),
        ContributorRole::Foreword => t!("role-foreword"),
        ContributorRole::Other => t!("role-other"),
    }
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "—".to_string()
    } else {
        items.join(", ")
    }
}

/// Builds the lines below the book's heading. Review, notes and description are indented
/// two columns and wrapped here to `width`, so their continuation lines keep the
/// indent.
fn details(book: &Book, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let fields = &book.fields;
    let mut facts = Vec::new();
    if let Some(isbn) = fields.isbn13.as_ref().or(fields.isbn10.as_ref()) {
        facts.push(format!("ISBN {isbn}"));
    }
    if let Some(pages) = fields.pages {
        facts.push(t!("book-pages", pages = pages));
    }
    if let Some(publisher) = &fields.publisher {
        facts.push(publisher.clone());
    }
    match (fields.published_year, fields.original_year) {
        (Some(year), Some(first)) if first != year => facts.push(t!(
            "book-year-first",
            year = year.to_string(),
            first = first.to_string()
        )),
        (Some(year), _) | (None, Some(year)) => facts.push(year.to_string()),
        _ => {}
    }
    for value in [&fields.format, &fields.language].into_iter().flatten() {
        facts.push(value.clone());
    }
    let entry = &book.entry.fields;
    let mut lines = vec![Line::raw(facts.join(" · "))];
    let mut added = Vec::new();
    if let Some(date) = entry.date_added {
        added.push(t!("book-added", date = format::partial_date(&date)));
    }
    if entry.owned_copies > 0 {
        added.push(t!("book-owned", copies = entry.owned_copies));
    }
    if !added.is_empty() {
        lines.push(Line::raw(added.join(" · ")));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(t!("book-readings-heading"), theme.title()));
    if book.readings.is_empty() {
        lines.push(Line::styled(
            format!("  {}", t!("book-no-readings")),
            theme.dim(),
        ));
    }
    for reading in &book.readings {
        let r = &reading.fields;
        let progress = match (r.progress, r.progress_unit) {
            (Some(value), Some(estante_backend::model::ProgressUnit::Percent)) => {
                format!(" · {value}%")
            }
            (Some(value), _) => format!(" · {}", t!("reading-page", page = value)),
            _ => String::new(),
        };
        let described = super::readings::describe(reading, book);
        lines.push(Line::raw(format!("  {described}{progress}")));
    }
    lines.push(Line::raw(""));
    let heading = if entry.review_spoiler {
        t!("book-review-heading-spoilers")
    } else {
        t!("book-review-heading")
    };
    lines.push(Line::styled(heading, theme.title()));
    push_text(&mut lines, entry.review.as_deref(), theme, width);
    if entry.private_notes.is_some() {
        lines.push(Line::styled(t!("book-private-notes"), theme.title()));
        push_text(&mut lines, entry.private_notes.as_deref(), theme, width);
    }
    if fields.description.is_some() {
        lines.push(Line::styled(t!("book-description"), theme.title()));
        push_text(&mut lines, fields.description.as_deref(), theme, width);
    }
    lines
}

fn push_text(lines: &mut Vec<Line<'static>>, text: Option<&str>, theme: &Theme, width: usize) {
    match text {
        Some(text) => {
            for line in text.lines() {
                let wrapped = wrap(line, width.saturating_sub(2));
                lines.extend(
                    wrapped
                        .into_iter()
                        .map(|part| Line::raw(format!("  {part}"))),
                );
            }
        }
        None => lines.push(Line::styled(format!("  {}", t!("book-none")), theme.dim())),
    }

    lines.push(Line::raw(""));
}
