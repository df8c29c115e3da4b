//! Import/Export: drawing the two path fields, the progress and the report.

use estante_backend::storage::RowOutcome;
use estante_backend::transfer::ExportFormat;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Focus, ImportPhase, TransferState};
use crate::app::msg::ImportStage;
use crate::app::theme::Theme;
use crate::widgets::text::{thousands, truncate};

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
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);

        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled("Import", theme.title()),
                Span::styled(
                    "  i choose a file · Tab completes · Enter imports · format detected",
                    theme.dim(),
                ),
            ])),
            import_title,
        );
        self.draw_path(frame, import_path, "File   ", Focus::ImportPath, theme);
        frame.render_widget(Paragraph::new(self.status_line(theme, tick)), status);
        self.draw_report(frame, report_title, rows, theme);

        let format = match self.export_format {
            ExportFormat::Goodreads => "Goodreads CSV",
            ExportFormat::Archive => "estante archive (JSON)",
        };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled("Export", theme.title()),
                Span::raw(format!("  format: {format}")),
                Span::styled(
                    "  f switch · e choose the file · Enter exports",
                    theme.dim(),
                ),
            ])),
            export_title,
        );
        self.draw_path(frame, export_path, "File   ", Focus::ExportPath, theme);
        let export_line = match (&self.export_result, self.exporting) {
            (_, true) => Line::styled(format!("{} exporting…", SPINNER[tick % 4]), theme.accent()),
            (Some(Ok(text)), _) => Line::styled(text.clone(), theme.ok()),
            (Some(Err(error)), _) => Line::styled(error.clone(), theme.error()),
            (None, false) => Line::raw(""),
        };
        frame.render_widget(Paragraph::new(export_line), export_status);
    }

    fn draw_path(&self, frame: &mut Frame, area: Rect, label: &str, focus: Focus, theme: &Theme) {
        let [label_area, field] =
            Layout::horizontal([Constraint::Length(label.len() as u16), Constraint::Fill(1)])
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
            frame.render_widget(Paragraph::new("(none)").style(theme.dim()), field);
        } else {
            editor.draw(frame, field, style, focused);
        }
    }

    fn status_line(&self, theme: &Theme, tick: usize) -> Line<'static> {
        match &self.import {
            ImportPhase::Idle => Line::styled(
                "Goodreads, StoryGraph, LibraryThing and estante archive files are read.",
                theme.dim(),
            ),
            ImportPhase::Running { path, stage } => {
                let what = match stage {
                    None | Some(ImportStage::Reading) => format!("reading {}…", path.display()),
                    Some(ImportStage::Uploading { format, bytes }) => {
                        let format = format.map_or("unknown format".to_string(), |f| {
                            format!("{f:?}").to_lowercase()
                        });
                        format!(
                            "importing {} KiB ({format})…",
                            thousands((*bytes / 1024) as i64)
                        )
                    }
                };
                Line::styled(format!("{} {what}", SPINNER[tick % 4]), theme.accent())
            }
            ImportPhase::Done { path, report } => Line::styled(
                format!(
                    "{}: {} rows ({:?}) · {} imported · {} merged · {} flagged · {} rejected",
                    path.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    thousands(report.rows.len() as i64),
                    report.format,
                    report.imported,
                    report.merged,
                    report.flagged,
                    report.rejected
                )
                .to_lowercase(),
                theme.ok(),
            ),
            ImportPhase::Failed { error, .. } => {
                Line::styled(format!("Import failed: {error}"), theme.error())
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
                format!("Rows: {} ({})", self.row_filter.label(), rows.len()),
                theme.header(),
            ),
            Span::styled("  v next view · j/k move · Enter details", theme.dim()),
        ]);
        frame.render_widget(Paragraph::new(heading), title);
        let mut lines: Vec<Line> = report
            .notes
            .iter()
            .map(|note| Line::styled(format!("note: {note}"), theme.dim()))
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
            lines.push(Line::styled(
                "No rows in this view; press v for another.",
                theme.dim(),
            ));
        }
        let width = usize::from(area.width);
        for (index, row) in rows.iter().enumerate().skip(offset).take(height) {
            let outcome = match row.outcome {
                RowOutcome::Imported => "imported",
                RowOutcome::Merged => "merged",
                RowOutcome::Flagged => "flagged",
                RowOutcome::Rejected => "rejected",
            };
            let text = format!(
                "{:>5} {:<8} {} — {}",
                row.row,
                outcome,
                row.title
                    .as_deref()
                    .filter(|t| !t.is_empty())
                    .unwrap_or("(no title)"),
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
