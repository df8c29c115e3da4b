//! Library: drawing. Only the rows that fit are turned into widgets.

use estante_backend::model::ReadingStatus;
use estante_backend::storage::SortOrder;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Column, LibraryState, Prompt, short_status};
use crate::app::theme::Theme;
use crate::screens::Load;
use crate::t;
use crate::widgets::text::{stars, thousands, truncate};
use unicode_width::UnicodeWidthStr;

/// Returns the widths of the columns. Status, rating and year read are as wide as their
/// values (`reading`, `★★★★½`, `2024`) or their heading with the sort arrow, so a
/// heading is never cut, as `Ratin…` was when the list was sorted by rating.
fn widths() -> [Constraint; 6] {
    let fixed = |column: Column, values: u16| {
        let heading = u16::try_from(column.heading().width()).unwrap_or(u16::MAX);
        Constraint::Length(values.max(heading.saturating_add(1)))
    };
    [
        Constraint::Fill(5),
        Constraint::Fill(3),
        Constraint::Fill(2),
        fixed(Column::Status, 7),
        fixed(Column::Rating, 5),
        fixed(Column::YearRead, 4),
    ]
}

impl LibraryState {
    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let prompt_height = u16::from(self.prompt.is_some() || !self.filter.text.is_empty());
        let [summary, counts, header, rows, prompt] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(prompt_height),
        ])
        .areas(area);

        frame.render_widget(Paragraph::new(self.summary_line(theme)), summary);
        frame.render_widget(
            Paragraph::new(self.counts_line(usize::from(counts.width))).style(theme.dim()),
            counts,
        );
        let columns: [Rect; 6] = Layout::horizontal(widths()).spacing(1).areas(header);
        self.column_areas.set(columns);
        self.rows_area.set(rows);
        self.draw_header(frame, &columns, theme);
        if self.view.is_empty() {
            self.draw_empty(frame, rows, theme);
        } else {
            self.draw_rows(frame, rows, theme);
        }
        self.draw_prompt(frame, prompt, theme);
    }

    fn summary_line(&self, theme: &Theme) -> Line<'static> {
        let loaded = self.books.len() as i64;
        let mut spans = vec![Span::styled(t!("tab-library"), theme.title())];
        match self.total {
            Some(total) => {
                // A lower bound reads "1,000+ books", so the count never claims more
                // than the server counted.
                let counted = if self.total_exact {
                    t!("library-count", count = total)
                } else {
                    t!("library-count-at-least", count = total)
                };
                spans.push(Span::raw(format!(" · {counted}")));
                if self.filter.is_pending() {
                    // The rows are those of an older text until the job finishes.
                    spans.push(Span::styled(
                        format!(" · {}", t!("library-matching")),
                        theme.accent(),
                    ));
                } else if self.view.len() as i64 != loaded || !self.filter.text.is_empty() {
                    spans.push(Span::raw(format!(
                        " · {}",
                        t!("library-shown", count = self.view.len())
                    )));
                }
                if self.load.is_loading() && loaded < total {
                    spans.push(Span::styled(
                        format!(
                            " · {}",
                            t!("library-loading-progress", loaded = loaded, total = total)
                        ),
                        theme.accent(),
                    ));
                }
            }
            None if self.load.is_loading() => {
                spans.push(Span::raw(format!(" · {}", t!("library-loading"))));
            }
            None => {}
        }
        let arrow = if self.order == SortOrder::Asc {
            "↑"
        } else {
            "↓"
        };
        let sort = if self.filter.is_active() {
            format!(" · {}", t!("library-best-match"))
        } else {
            format!(
                " · {}",
                t!("library-sort", column = self.sort.label(), arrow = arrow)
            )
        };
        spans.push(Span::styled(sort, theme.dim()));
        for filter in self.describe_filters() {
            spans.push(Span::styled(format!(" · {filter}"), theme.accent()));
        }
        Line::from(spans)
    }

    /// Counts the listed books by status, cut with `…` to `width` so that a cut count
    /// does not pass for a smaller one. Under a status filter the other statuses are
    /// left out: their zeros describe the filter, not the library.
    fn counts_line(&self, width: usize) -> Line<'static> {
        let parts: Vec<String> = ReadingStatus::ALL
            .iter()
            .zip(self.counts)
            .filter(|(status, _)| self.status.is_none_or(|only| only == **status))
            .map(|(status, count)| format!("{} {}", short_status(*status), thousands(count as i64)))
            .collect();
        Line::from(truncate(&parts.join("  "), width))
    }

    fn draw_header(&self, frame: &mut Frame, columns: &[Rect; 6], theme: &Theme) {
        for (column, area) in Column::ALL.iter().zip(columns) {
            let mut name = column.heading();
            // A fuzzy filter lists the best match first, whatever the sort column.
            if *column == self.sort && !self.filter.is_active() {
                name.push(if self.order == SortOrder::Asc {
                    '↑'
                } else {
                    '↓'
                });
            }
            let text = truncate(&name, usize::from(area.width));
            frame.render_widget(Paragraph::new(text).style(theme.header()), *area);
        }
    }

    fn draw_rows(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let height = usize::from(area.height);
        // Never past the offset that shows the last row at the bottom, so a list that
        // became shorter fills the pane instead of showing its last rows alone.
        let mut offset = self
            .offset
            .get()
            .min(self.view.len().saturating_sub(height.max(1)));
        if self.selected < offset {
            offset = self.selected;
        } else if height > 0 && self.selected >= offset + height {
            offset = self.selected + 1 - height;
        }
        self.offset.set(offset);

        let visible = self.view.iter().enumerate().skip(offset).take(height);
        for (line, (position, &index)) in visible.enumerate() {
            let book = &self.books[index];
            let row = Rect {
                y: area.y + line as u16,
                height: 1,
                ..area
            };
            // The header's columns, moved down to this row: one layout solve per frame.
            let cells = self
                .column_areas
                .get()
                .map(|cell| Rect { y: row.y, ..cell });
            let texts = [
                book.title.clone(),
                book.authors.to_string(),
                series_label(book.series.as_deref(), book.series_index),
                short_status(book.status),
                stars(book.rating),
                book.year_read
                    .map(|year| year.to_string())
                    .unwrap_or_default(),
            ];
            if position == self.selected {
                frame.render_widget(Paragraph::new("").style(theme.selected()), row);
            }
            let style = if position == self.selected {
                theme.selected()
            } else {
                ratatui::style::Style::new()
            };
            for (text, cell) in texts.iter().zip(cells) {
                let shown = truncate(text, usize::from(cell.width));
                frame.render_widget(Paragraph::new(shown).style(style), cell);
            }
        }
    }

    fn draw_empty(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let (text, style) = match &self.load {
            Load::Failed(error) => (
                t!("library-load-failed", error = error.as_str()),
                theme.error(),
            ),
            Load::Loading | Load::Idle if self.books.is_empty() => {
                (t!("library-loading-yours"), theme.dim())
            }
            _ if !self.filter.text.is_empty() => (
                t!(
                    "library-no-match-filter",
                    filter = self.filter.text.as_str()
                ),
                theme.dim(),
            ),
            _ if !self.describe_filters().is_empty() => {
                (t!("library-no-match-search"), theme.dim())
            }
            _ => (t!("library-empty"), theme.dim()),
        };
        frame.render_widget(
            Paragraph::new(text)
                .style(style)
                .wrap(ratatui::widgets::Wrap { trim: false }),
            area,
        );
    }

    fn draw_prompt(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        if area.height == 0 {
            return;
        }
        let label = match self.prompt {
            Some(Prompt::Search) => t!("library-search-prompt"),
            _ => "/".to_string(),
        };
        let [label_area, text_area] = Layout::horizontal([
            Constraint::Length(label.width() as u16),
            Constraint::Fill(1),
        ])
        .areas(area);
        frame.render_widget(Paragraph::new(label).style(theme.accent()), label_area);
        if self.prompt.is_some() {
            self.editor
                .draw(frame, text_area, ratatui::style::Style::new(), true);
        } else {
            frame.render_widget(Paragraph::new(self.filter.text.as_str()), text_area);
        }
    }
}

fn series_label(series: Option<&str>, index: Option<f64>) -> String {
    match (series, index) {
        (Some(name), Some(index)) => format!("{name} #{index}"),
        (Some(name), None) => name.to_string(),
        _ => String::new(),
    }
}
