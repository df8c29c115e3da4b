//! Import/Export: actions, typing, mouse and results.

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, MouseEvent, MouseEventKind};
use estante_backend::import::ImportFormat;
use estante_backend::storage::ImportReport;
use estante_backend::transfer::ExportFormat;

use super::{Focus, ImportPhase, TransferState, complete_path, expand_home};
use crate::app::action::Action;
use crate::app::msg::{ImportStage, Request};
use crate::app::outbox::{Effect, Outbox};
use crate::app::overlay::Overlay;
use crate::widgets::editor::TextEditor;

impl TransferState {
    /// Starts importing the file at `text`.
    pub fn start_import(&mut self, text: &str, out: &mut Outbox) {
        let text = text.trim();
        if text.is_empty() {
            out.error(crate::t!("import-path-missing"));
            return;
        }
        if self.is_importing() {
            out.error(crate::t!("import-running"));
            return;
        }
        self.import_path = TextEditor::single_line(text);
        let path = expand_home(text);
        self.import = ImportPhase::Running {
            path: path.clone(),
            stage: None,
        };
        self.selected = 0;
        out.request(Request::Import {
            path,
            format: self.import_format,
        });
    }

    /// Starts exporting to the file at `text` in the chosen format.
    pub fn start_export(&mut self, text: &str, out: &mut Outbox) {
        let text = text.trim();
        if text.is_empty() {
            out.error(crate::t!("export-path-missing"));
            return;
        }
        self.export_path = TextEditor::single_line(text);
        self.exporting = true;
        self.export_result = None;
        out.request(Request::Export {
            path: expand_home(text),
            format: self.export_format,
        });
    }

    pub fn on_action(&mut self, action: Action, out: &mut Outbox) -> bool {
        let rows = self.visible_rows().len();
        match action {
            Action::EditImportPath => self.focus = Some(Focus::ImportPath),
            Action::EditExportPath => self.focus = Some(Focus::ExportPath),
            Action::ExportFormatNext => {
                let next = match self.export_format {
                    ExportFormat::Goodreads => ExportFormat::Archive,
                    ExportFormat::Archive => ExportFormat::Goodreads,
                };
                let path = self.export_path.text();
                let renamed = if path == self.export_format.file_name() {
                    Some(next.file_name().to_string())
                } else {
                    super::path::with_extension_of(&path, self.export_format, next)
                };
                if let Some(path) = renamed {
                    self.export_path = TextEditor::single_line(&path);
                }
                self.export_format = next;
            }
            Action::ImportFormatNext => {
                self.import_format = match self.import_format {
                    None => Some(ImportFormat::Goodreads),
                    Some(ImportFormat::Goodreads) => Some(ImportFormat::Storygraph),
                    Some(ImportFormat::Storygraph) => Some(ImportFormat::Librarything),
                    Some(ImportFormat::Librarything) => Some(ImportFormat::Archive),
                    Some(ImportFormat::Archive) => None,
                };
            }
            Action::RowFilterNext => {
                self.row_filter = self.row_filter.next();
                self.selected = 0;
            }
            Action::Down => self.selected = (self.selected + 1).min(rows.saturating_sub(1)),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::PageDown => self.selected = (self.selected + 10).min(rows.saturating_sub(1)),
            Action::PageUp => self.selected = self.selected.saturating_sub(10),
            Action::Open => self.show_row(out),
            _ => return false,
        }
        true
    }

    fn show_row(&self, out: &mut Outbox) {
        let rows = self.visible_rows();
        let Some(row) = rows.get(self.selected) else {
            return;
        };
        let none = format!("({})", crate::t!("none"));
        let title = row.title.as_deref().unwrap_or(&none);
        let mut body = format!("{}\n", crate::t!("row-title", title = title));
        if let Some(reason) = &row.reason {
            body.push_str(&format!(
                "{}\n",
                crate::t!("row-why", reason = reason.as_str())
            ));
        }
        for note in &row.notes {
            body.push_str(&format!(
                "{}\n",
                crate::t!("row-note", note = note.as_str())
            ));
        }
        if let Some(id) = row.book_id {
            body.push_str(&crate::t!("row-book-id", id = id.to_string()));
        }
        let body = body.trim_end().to_string();
        out.overlay(Overlay::Message {
            title: crate::t!(
                "row-popup-title",
                row = row.row.to_string(),
                outcome = super::outcome_label(row.outcome)
            ),
            body,
            error: false,
        });
    }

    pub fn on_typing(&mut self, key: KeyEvent, out: &mut Outbox) {
        let Some(focus) = self.focus else { return };
        let editor = match focus {
            Focus::ImportPath => &mut self.import_path,
            Focus::ExportPath => &mut self.export_path,
        };
        match key.code {
            KeyCode::Esc => self.focus = None,
            KeyCode::Tab => {
                if let Some(completed) = complete_path(&editor.text()) {
                    *editor = TextEditor::single_line(&completed);
                }
            }
            KeyCode::Enter => {
                self.focus = None;
                let text = editor.text();
                match focus {
                    Focus::ImportPath => self.start_import(&text, out),
                    Focus::ExportPath => self.start_export(&text, out),
                }
            }
            _ => {
                editor.handle_key(key);
            }
        }
    }

    pub fn paste(&mut self, text: &str) {
        match self.focus {
            Some(Focus::ImportPath) => self.import_path.paste(text.trim()),
            Some(Focus::ExportPath) => self.export_path.paste(text.trim()),
            None => {}
        }
    }

    pub fn on_mouse(&mut self, mouse: MouseEvent, _out: &mut Outbox) {
        let rows = self.visible_rows().len();
        match mouse.kind {
            MouseEventKind::ScrollDown => {
                self.selected = (self.selected + 3).min(rows.saturating_sub(1))
            }
            MouseEventKind::ScrollUp => self.selected = self.selected.saturating_sub(3),
            MouseEventKind::Down(_) => {
                let area = self.rows_area.get();
                if crate::widgets::contains(area, mouse.column, mouse.row) {
                    let index = self.offset.get() + usize::from(mouse.row - area.y);
                    if index < rows {
                        self.selected = index;
                    }
                }
            }
            _ => {}
        }
    }

    pub fn on_progress(&mut self, stage: ImportStage) {
        if let ImportPhase::Running { stage: current, .. } = &mut self.import {
            *current = Some(stage);
        }
    }

    pub fn on_imported(
        &mut self,
        path: PathBuf,
        result: Result<ImportReport, String>,
        out: &mut Outbox,
    ) {
        match result {
            Ok(report) => {
                out.info(crate::t!(
                    "import-done",
                    path = path.display().to_string(),
                    imported = report.imported,
                    merged = report.merged,
                    flagged = report.flagged,
                    rejected = report.rejected
                ));
                self.import = ImportPhase::Done { path, report };
                out.push(Effect::ReloadLibrary);
                out.push(Effect::ReloadLabels);
                out.push(Effect::ReloadStats);
            }
            Err(error) => {
                out.error(crate::t!("import-failed", error = error.as_str()));
                self.import = ImportPhase::Failed { path, error };
            }
        }
    }

    pub fn on_exported(&mut self, path: PathBuf, result: Result<usize, String>, out: &mut Outbox) {
        self.exporting = false;
        match result {
            Ok(bytes) => {
                let text = crate::t!(
                    "export-done",
                    path = path.display().to_string(),
                    bytes = bytes
                );
                out.info(text.clone());
                self.export_result = Some(Ok(text));
            }
            Err(error) => {
                out.error(crate::t!("export-failed", error = error.as_str()));
                self.export_result = Some(Err(error));
            }
        }
    }
}
