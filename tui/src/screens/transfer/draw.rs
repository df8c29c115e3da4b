//! Import/Export: drawing the two path fields, the progress and the report.

use estante_backend::import::ImportFormat;
use estante_backend::storage::RowOutcome;
use estante_backend::transfer::ExportFormat;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Focus, ImportPhase, TransferState};
use crate::app::msg::ImportStage;
use crate::app::theme::Theme;
use crate::t;
use crate::widgets::text::truncate;
use unicode_width::UnicodeWidthStr;

const SPINNER: [&str; 4] = ["◐", "◓", "◑", "◒"];

impl TransferState {
    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, tick: usize) {
        let [
            import_title,
            import_path,
            status,
            report_title,
            rows,
            export_title,
            export_path,
            export_status,
        ] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            // A summary or an error may take a second line on a narrow screen.
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(2),
        ])
        .areas(area);

        let width = usize::from(area.width);
        let title = t!("transfer-import");
        let format = match self.import_format {
            None => t!("format-detected"),
            Some(ImportFormat::Goodreads) => t!("format-goodreads"),
            Some(ImportFormat::Storygraph) => t!("format-storygraph"),
            Some(ImportFormat::Librarything) => t!("format-librarything"),
            Some(ImportFormat::Archive) => t!("format-archive"),
        };
        let chosen = format!("  {}", t!("transfer-format", format = format));
        let keys = format!("  {}", t!("transfer-import-keys"));
        let room = width.saturating_sub(title.width() + chosen.width());
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(title, theme.title()),
                Span::raw(chosen),
                Span::styled(truncate(&keys, room), theme.dim()),
            ])),
            import_title,
        );
        let file_label = t!("transfer-file");
        self.draw_path(frame, import_path, &file_label, Focus::ImportPath, theme);
        frame.render_widget(
            Paragraph::new(self.status_line(theme, tick)).wrap(Wrap { trim: true }),
            status,
        );
        self.draw_report(frame, report_title, rows, theme);

        let format = match self.export_format {
            ExportFormat::Goodreads => t!("format-goodreads"),
            ExportFormat::Archive => t!("format-archive"),
        };
        let title = t!("transfer-export");
        let chosen = format!("  {}", t!("transfer-format", format = format));
        let keys = format!("  {}", t!("transfer-export-keys"));
        let room = width.saturating_sub(title.width() + chosen.width());
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(title, theme.title()),
                Span::raw(chosen),
                Span::styled(truncate(&keys, room), theme.dim()),
            ])),
            export_title,
        );
        self.draw_path(frame, export_path, &file_label, Focus::ExportPath, theme);
        let export_line = match (&self.export_result, self.exporting) {
            (_, true) => Line::styled(
                format!("{} {}", SPINNER[tick % 4], t!("transfer-exporting")),
                theme.accent(),
            ),
            (Some(Ok(text)), _) => Line::styled(text.clone(), theme.ok()),
            (Some(Err(error)), _) => Line::styled(error.clone(), theme.error()),
            (None, false) => Line::raw(""),
        };
        frame.render_widget(
            Paragraph::new(export_line).wrap(Wrap { trim: true }),
            export_status,
        );
    }

    fn draw_path(&self, frame: &mut Frame, area: Rect, label: &str, focus: Focus, theme: &Theme) {
        let [label_area, field] = Layout::horizontal([
            Constraint::Length(label.width() as u16),
            Constraint::Fill(1),
        ])
        .areas(area);
        frame.render_widget(
            Paragraph::new(label.to_string()).style(theme.dim()),
            label_area,
        );
        let editor = match focus {
            Focus::ImportPath => &self.import_path,
            Focus::ExportPath => &self.export_path,
        };
        let focused = self.focus == Some(focus);
        let style = if focused {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        if !focused && editor.text().is_empty() {
            frame.render_widget(
                Paragraph::new(format!("({})", t!("none"))).style(theme.dim()),
                field,
            );
        } else {
            editor.draw(frame, field, style, focused);
        }
    }

    fn status_line(&self, theme: &Theme, tick: usize) -> Line<'static> {
        match &self.import {
            ImportPhase::Idle => Line::styled(t!("transfer-idle"), theme.dim()),
            ImportPhase::Running { path, stage } => {
                let what = match stage {
                    None | Some(ImportStage::Reading) => {
                        t!("transfer-reading", path = path.display().to_string())
                    }
                    Some(ImportStage::Uploading { format, bytes }) => {
                        let format = format.map_or_else(
                            || t!("transfer-unknown-format"),
                            |f| format!("{f:?}").to_lowercase(),
                        );
                        t!(
                            "transfer-importing",
                            kibibytes = *bytes / 1024,
                            format = format
                        )
                    }
                };
                Line::styled(format!("{} {what}", SPINNER[tick % 4]), theme.accent())
            }
            ImportPhase::Done { path, report } => Line::styled(
                t!(
                    "transfer-done",
                    file = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    rows = report.rows.len(),
                    format = format!("{:?}", report.format).to_lowercase(),
                    imported = report.imported,
                    merged = report.merged,
                    flagged = report.flagged,
                    rejected = report.rejected
                ),
                theme.ok(),
            ),
            ImportPhase::Failed { error, .. } => {
                Line::styled(t!("import-failed", error = error.as_str()), theme.error())
            }
        }
    }

    fn draw_report(&self, frame: &mut Frame, title: Rect, area: Rect, theme: &Theme) {
        self.rows_area.set(area);
        let ImportPhase::Done { report, .. } = &self.import else {
            frame.render_widget(Paragraph::new(""), title);
            return;
        };
        let rows = self.visible_rows();
        let heading = Line::from(vec![
            Span::styled(
                t!(
                    "transfer-rows",
                    view = self.row_filter.label(),
                    count = rows.len()
                ),
                theme.header(),
            ),
            Span::styled(format!("  {}", t!("transfer-rows-keys")), theme.dim()),
        ]);
        frame.render_widget(Paragraph::new(heading), title);
        let mut lines: Vec<Line> = report
            .notes
            .iter()
            .map(|note| Line::styled(t!("transfer-note", note = note.as_str()), theme.dim()))
            .collect();
        let height = usize::from(area.height).saturating_sub(lines.len());
        let mut offset = self.offset.get();
        if self.selected < offset {
            offset = self.selected;
        } else if height > 0 && self.selected >= offset + height {
            offset = self.selected + 1 - height;
        }
        self.offset.set(offset);
        if rows.is_empty() {
            lines.push(Line::styled(t!("transfer-no-rows"), theme.dim()));
        }
        let width = usize::from(area.width);
        let outcomes = [
            RowOutcome::Imported,
            RowOutcome::Merged,
            RowOutcome::Flagged,
            RowOutcome::Rejected,
        ]
        .map(|outcome| (outcome, super::outcome_label(outcome)));
        let outcome_width = outcomes
            .iter()
            .map(|(_, label)| label.width())
            .max()
            .unwrap_or(0);
        let no_title = format!("({})", t!("transfer-no-title"));
        for (index, row) in rows.iter().enumerate().skip(offset).take(height) {
            let outcome = outcomes
                .iter()
                .find(|(outcome, _)| *outcome == row.outcome)
                .map_or("", |(_, label)| label.as_str());
            let padding = " ".repeat(outcome_width.saturating_sub(outcome.width()));
            let text = format!(
                "{:>5} {outcome}{padding} {} — {}",
                row.row,
                row.title
                    .as_deref()
                    .filter(|t| !t.is_empty())
                    .unwrap_or(&no_title),
                row.reason.as_deref().unwrap_or("")
            );
            let style = if index == self.selected {
                theme.selected()
            } else if row.outcome == RowOutcome::Rejected {
                theme.error()
            } else {
                ratatui::style::Style::new()
            };
            lines.push(Line::styled(truncate(&text, width), style));
        }
        frame.render_widget(Paragraph::new(lines), area);
    }
}
