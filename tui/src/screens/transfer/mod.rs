//! The Import/Export screen: choose a file, import it with progress, browse the row
//! report (rejected and flagged rows especially), and export the library to a path.

mod draw;
pub mod path;
mod update;

use std::cell::Cell;
use std::path::PathBuf;

use estante_backend::import::ImportFormat;
use estante_backend::storage::{ImportReport, RowOutcome, RowReport};
use estante_backend::transfer::ExportFormat;
use ratatui::layout::Rect;

use crate::app::msg::ImportStage;
use crate::widgets::editor::TextEditor;

pub use path::{complete_path, expand_home};

/// The path field that takes the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    ImportPath,
    ExportPath,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ImportPhase {
    Idle,
    Running {
        path: PathBuf,
        stage: Option<ImportStage>,
    },
    Done {
        path: PathBuf,
        report: ImportReport,
    },
    Failed {
        path: PathBuf,
        error: String,
    },
}

/// The subset of report rows that is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowFilter {
    Problems,
    All,
    Rejected,
    Flagged,
    Merged,
    Imported,
}

impl RowFilter {
    const ORDER: [RowFilter; 6] = [
        Self::Problems,
        Self::Rejected,
        Self::Flagged,
        Self::Merged,
        Self::Imported,
        Self::All,
    ];

    pub fn label(self) -> String {
        match self {
            Self::Problems => crate::t!("rows-problems"),
            Self::All => crate::t!("rows-all"),
            Self::Rejected => crate::t!("rows-rejected"),
            Self::Flagged => crate::t!("rows-flagged"),
            Self::Merged => crate::t!("rows-merged"),
            Self::Imported => crate::t!("rows-imported"),
        }
    }

    pub fn next(self) -> Self {
        let index = Self::ORDER.iter().position(|f| *f == self).unwrap_or(0);
        Self::ORDER[(index + 1) % Self::ORDER.len()]
    }

    pub fn keeps(self, row: &RowReport) -> bool {
        match self {
            Self::Problems => matches!(row.outcome, RowOutcome::Rejected | RowOutcome::Flagged),
            Self::All => true,
            Self::Rejected => row.outcome == RowOutcome::Rejected,
            Self::Flagged => row.outcome == RowOutcome::Flagged,
            Self::Merged => row.outcome == RowOutcome::Merged,
            Self::Imported => row.outcome == RowOutcome::Imported,
        }
    }
}

#[derive(Debug)]
pub struct TransferState {
    pub import_path: TextEditor,
    pub export_path: TextEditor,
    pub focus: Option<Focus>,
    pub export_format: ExportFormat,
    /// The format named for the next import; `None` lets the server detect it.
    pub import_format: Option<ImportFormat>,
    pub import: ImportPhase,
    /// The last export's outcome, in words.
    pub export_result: Option<Result<String, String>>,
    pub exporting: bool,
    pub row_filter: RowFilter,
    pub selected: usize,
    pub rows_area: Cell<Rect>,
    pub offset: Cell<usize>,
}

impl Default for TransferState {
    fn default() -> Self {
        Self {
            import_path: TextEditor::single_line(""),
            export_path: TextEditor::single_line(ExportFormat::Goodreads.file_name()),
            focus: None,
            export_format: ExportFormat::Goodreads,
            import_format: None,
            import: ImportPhase::Idle,
            export_result: None,
            exporting: false,
            row_filter: RowFilter::Problems,
            selected: 0,
            rows_area: Cell::new(Rect::default()),
            offset: Cell::new(0),
        }
    }
}

impl TransferState {
    pub fn is_typing(&self) -> bool {
        self.focus.is_some()
    }

    /// Returns the report rows the filter keeps.
    pub fn visible_rows(&self) -> Vec<&RowReport> {
        match &self.import {
            ImportPhase::Done { report, .. } => report
                .rows
                .iter()
                .filter(|row| self.row_filter.keeps(row))
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn is_importing(&self) -> bool {
        matches!(self.import, ImportPhase::Running { .. })
    }
}

/// Returns the word for what the import did with a row, in the language in force.
pub fn outcome_label(outcome: estante_backend::storage::RowOutcome) -> String {
    use estante_backend::storage::RowOutcome;
    match outcome {
        RowOutcome::Imported => crate::t!("outcome-imported"),
        RowOutcome::Merged => crate::t!("outcome-merged"),
        RowOutcome::Flagged => crate::t!("outcome-flagged"),
        RowOutcome::Rejected => crate::t!("outcome-rejected"),
    }
}
