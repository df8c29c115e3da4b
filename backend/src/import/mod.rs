//! Reading other trackers' exports into [`LibraryRecord`]s.
//!
//! Parsing is pure: it turns the bytes of a file into records and per-row rejections
//! without touching storage. The storage layer then applies the records in one
//! transaction and decides which rows are imported, merged or flagged.

use crate::msg;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::model::LibraryRecord;

pub mod archive;
pub mod dates;
pub mod fields;
pub mod goodreads;
pub mod librarything;
mod librarything_json;
pub mod storygraph;
pub mod table;
pub mod text;

#[cfg(test)]
mod tests;

/// The export formats the importer understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    Goodreads,
    Storygraph,
    Librarything,
    /// The lossless JSON archive written by this program's own export.
    Archive,
}

impl ImportFormat {
    /// Returns the name of the service or program that writes the format, in its
    /// own spelling, for messages.
    pub fn service_name(self) -> &'static str {
        match self {
            Self::Goodreads => "Goodreads",
            Self::Storygraph => "StoryGraph",
            Self::Librarything => "LibraryThing",
            Self::Archive => "estante archive",
        }
    }
}

/// One row of the file, ready for storage.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedRow {
    /// 1-based number of the record in the file, not counting the header.
    pub row: usize,
    pub record: LibraryRecord,
    /// Repairs made on the way in, such as a restored leading zero in an ISBN.
    pub notes: Vec<String>,
    /// Values that could not be used and were left empty; the row is imported but
    /// reported as flagged so a person can look at it.
    pub problems: Vec<String>,
}

/// A row that could not be read, with the reason in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RowRejection {
    pub row: usize,
    /// The title, when the row could still be read far enough to give one, so the
    /// reader can find the book in the file.
    pub title: Option<String>,
    pub reason: String,
}

/// Returns the title cell of a rejected CSV row, unless it is empty.
fn title_cell(title: &str) -> Option<String> {
    let title = title.trim();
    (!title.is_empty()).then(|| title.to_string())
}

/// The result of parsing one file: every record is either in `rows` or in `rejected`.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedImport {
    pub format: ImportFormat,
    pub rows: Vec<ParsedRow>,
    pub rejected: Vec<RowRejection>,
    /// Findings about the whole file, such as an ambiguous day/month order.
    pub notes: Vec<String>,
}

impl ParsedImport {
    /// Number of records in the file.
    pub fn record_count(&self) -> usize {
        self.rows.len() + self.rejected.len()
    }
}

/// A file that cannot be read at all. Problems with single rows are
/// [`RowRejection`]s instead, so one bad row never hides the others.
#[derive(Debug)]
pub enum ImportError {
    UnknownFormat(String),
    Empty,
    MissingColumn {
        format: ImportFormat,
        column: &'static str,
    },
    /// The file does not parse as `kind`; `error` is the parser's reason.
    Malformed {
        kind: FileKind,
        error: String,
    },
}

/// The kind of file an unparseable import was read as, for
/// [`ImportError::Malformed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Json,
    CsvHeader,
    Archive,
    LibraryThingJson,
}

impl ImportError {
    pub(crate) fn malformed(kind: FileKind, error: impl std::fmt::Display) -> Self {
        Self::Malformed {
            kind,
            error: error.to_string(),
        }
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            Self::UnknownFormat(reason) => msg!(
                "file-format-unknown",
                "could not detect the file format: {reason}",
                reason = reason
            ),
            Self::Empty => msg!("file-empty", "the file has no header row"),
            Self::MissingColumn { format, column } => msg!(
                "file-column-missing",
                "required column {column} is missing from the {format} header",
                column = format!("{column:?}"),
                format = format.service_name()
            ),
            Self::Malformed { kind, error } => match kind {
                FileKind::Json => msg!(
                    "file-malformed-json",
                    "the file is not valid JSON: {error}",
                    error = error
                ),
                FileKind::CsvHeader => msg!(
                    "file-malformed-csv-header",
                    "the CSV header cannot be read: {error}",
                    error = error
                ),
                FileKind::Archive => msg!(
                    "file-malformed-archive",
                    "the file is not a valid estante archive: {error}",
                    error = error
                ),
                FileKind::LibraryThingJson => msg!(
                    "file-malformed-librarything",
                    "the file is not a valid LibraryThing JSON export: {error}",
                    error = error
                ),
            },
        };
        formatter.write_str(&text)
    }
}

impl std::error::Error for ImportError {}

/// Detects the export format from the header row or the JSON shape.
pub fn detect_format(bytes: &[u8]) -> Result<ImportFormat, ImportError> {
    let body = text::to_utf8_bytes(bytes);
    let start = body.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else {
        return Err(ImportError::Empty);
    };
    if matches!(body[start], b'{' | b'[') {
        let decoded = text::decode_lines(&body);
        let document: serde_json::Value = serde_json::from_str(&decoded.text)
            .map_err(|error| ImportError::malformed(FileKind::Json, error))?;
        if archive::looks_like_archive(&document) {
            return Ok(ImportFormat::Archive);
        }
        if librarything::looks_like_librarything_json(&document) {
            return Ok(ImportFormat::Librarything);
        }
        return Err(ImportError::UnknownFormat(msg!(
            "file-json-unknown",
            "the JSON file is neither an estante archive nor a LibraryThing export"
        )));
    }

    let header = table::first_line(&body);
    let columns: Vec<&str> = header
        .split([',', '\t'])
        .map(|c| c.trim().trim_matches('"'))
        .collect();
    let has = |name: &str| columns.contains(&name);
    if let Some(error) = semicolon_separated(&header) {
        return Err(error);
    }
    if has("Exclusive Shelf") || (has("Book Id") && has("My Rating")) {
        Ok(ImportFormat::Goodreads)
    } else if has("Read Status") || has("ISBN/UID") {
        Ok(ImportFormat::Storygraph)
    } else if has("Primary Author") || has("Collections") {
        Ok(ImportFormat::Librarything)
    } else {
        let header_start: String = header.chars().take(80).collect();
        Err(ImportError::UnknownFormat(msg!(
            "file-header-unknown",
            "the header {header} matches no supported export (Goodreads, StoryGraph, \
             LibraryThing or an estante archive); name the format (the `format` field, \
             or --format on the command line)",
            header = format!("{header_start:?}")
        )))
    }
}

/// Reports a header whose columns are separated by semicolons, as spreadsheets in
/// languages with a decimal comma save CSV files. Split on commas it names no known
/// column, and the error would call a column that the reader can see missing.
pub(crate) fn semicolon_separated(header: &str) -> Option<ImportError> {
    let columns: Vec<&str> = header
        .split(';')
        .map(|c| c.trim().trim_matches('"'))
        .collect();
    (columns.len() > 1 && !header.contains(',') && columns.contains(&"Title")).then(|| {
        ImportError::Malformed {
            kind: FileKind::CsvHeader,
            error: msg!(
                "file-semicolons",
                "its columns are separated by semicolons, as some spreadsheets save CSV; save \
             it again with commas as the separator (in LibreOffice: Save As, Edit filter \
             settings, Field delimiter ,) and import that file"
            ),
        }
    })
}

/// Parses an export file, detecting its format unless one is given.
pub fn parse(bytes: &[u8], format: Option<ImportFormat>) -> Result<ParsedImport, ImportError> {
    let format = match format {
        Some(format) => format,
        None => detect_format(bytes)?,
    };
    match format {
        ImportFormat::Goodreads => goodreads::parse(bytes),
        ImportFormat::Storygraph => storygraph::parse(bytes),
        ImportFormat::Archive => archive::parse(bytes),
        ImportFormat::Librarything => {
            let body = text::to_utf8_bytes(bytes);
            let first = body.iter().find(|b| !b.is_ascii_whitespace());
            if matches!(first, Some(b'{' | b'[')) {
                librarything::parse_json(&body)
            } else {
                librarything::parse_delimited(&body)
            }
        }
    }
}
