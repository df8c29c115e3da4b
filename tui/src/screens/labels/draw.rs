//! Shelves and tags: drawing the three columns.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{LabelsState, Pane};
use crate::app::theme::Theme;
use crate::screens::Load;
use crate::t;
use crate::widgets::text::{thousands, truncate};

impl LabelsState {
    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let areas: [Rect; 3] = Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Fill(1),
            Constraint::Fill(2),
        ])
        .spacing(1)
        .areas(area);
        self.areas.set(areas);

        let shelves: Vec<(String, String)> = self
            .shelves
            .iter()
            .map(|label| (label.name.clone(), thousands(label.book_count)))
            .collect();
        let tags: Vec<(String, String)> = self
            .tags
            .iter()
            .map(|label| (label.name.clone(), thousands(label.book_count)))
            .collect();
        let books: Vec<(String, String)> = self
            .books
            .iter()
            .map(|book| {
                (
                    book.title.clone(),
                    book.authors.first().cloned().unwrap_or_default(),
                )
            })
            .collect();

        let empty_labels = match &self.load {
            Load::Failed(error) => t!("labels-failed", error = error.as_str()),
            Load::Loaded => t!("labels-none-yet"),
            _ => t!("labels-loading"),
        };
        let books_title = match &self.books_of {
            Some((kind, _, name)) => t!(
                "labels-books-with",
                kind = super::kind_arg(*kind),
                name = name.as_str(),
                count = self.books.len()
            ),
            None => t!("labels-books"),
        };
        let empty_books = match (&self.books_of, &self.books_load) {
            (None, _) => t!("labels-books-hint"),
            (_, Load::Loading) => t!("labels-loading"),
            (_, Load::Failed(error)) => t!("labels-failed", error = error.as_str()),
            _ => t!("labels-no-books"),
        };
        let columns = [
            (
                t!("labels-shelves-count", count = self.shelves.len()),
                shelves,
                empty_labels.clone(),
                Pane::Shelves,
            ),
            (
                t!("labels-tags-count", count = self.tags.len()),
                tags,
                empty_labels,
                Pane::Tags,
            ),
            (books_title, books, empty_books, Pane::Books),
        ];
        for ((title, rows, empty, pane), area) in columns.into_iter().zip(areas) {
            self.draw_column(frame, area, &title, &rows, &empty, pane, theme);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn draw_column(
        &self,
        frame: &mut Frame,
        area: Rect,
        title: &str,
        rows: &[(String, String)],
        empty: &str,
        pane: Pane,
        theme: &Theme,
    ) {
        let focused = self.pane == pane;
        let width = usize::from(area.width);
        let title_style = if focused {
            theme.active_tab()
        } else {
            theme.header()
        };
        let mut lines = vec![Line::styled(truncate(title, width), title_style)];
        let height = usize::from(area.height).saturating_sub(1);
        let selected = self.selected[pane.index()];
        let offset = selected.saturating_sub(height.saturating_sub(1));
        if rows.is_empty() {
            lines.push(Line::styled(truncate(empty, width), theme.dim()));
        }
        for (index, (name, extra)) in rows.iter().enumerate().skip(offset).take(height) {
            let extra_width = unicode_width::UnicodeWidthStr::width(extra.as_str());
            let name_width = width.saturating_sub(extra_width + 1);
            let name = truncate(name, name_width);
            let padding =
                name_width.saturating_sub(unicode_width::UnicodeWidthStr::width(name.as_str()));
            let text = format!("{name}{} {extra}", " ".repeat(padding));
            let style = if index == selected && focused {
                theme.selected()
            } else if index == selected {
                theme.accent()
            } else {
                ratatui::style::Style::new()
            };
            lines.push(Line::styled(text, style));
        }
        frame.render_widget(Paragraph::new(lines), area);
    }
}
