//! Reading CSV and TSV exports into rows addressed by column name.
//!
//! Columns are always looked up by header name, because every tracker has changed
//! its column order or set over the years (Goodreads has exported 31, 24 and 23
//! columns).

use crate::msg;
use std::collections::HashMap;

use csv::{ByteRecord, ReaderBuilder, StringRecord};

use super::text::{decode_field, to_utf8_bytes};
use super::{FileKind, ImportError, ImportFormat};

/// Column positions by header name.
#[derive(Debug, Clone)]
pub struct Header {
    names: Vec<String>,
    positions: HashMap<String, usize>,
}

impl Header {
    fn new(names: Vec<String>) -> Self {
        let mut positions = HashMap::new();
        for (position, name) in names.iter().enumerate() {
            positions.entry(name.clone()).or_insert(position);
        }
        Self { names, positions }
    }

    pub fn has(&self, name: &str) -> bool {
        self.positions.contains_key(name)
    }

    /// Returns a note naming the columns that the header lists more than once, of which only
    /// the first is read, or `None` when every name is listed once.
    pub fn repeated_note(&self) -> Option<String> {
        let mut repeated: Vec<&str> = Vec::new();
        for (position, name) in self.names.iter().enumerate() {
            let later = self.positions.get(name) != Some(&position);
            if later && !name.is_empty() && !repeated.contains(&name.as_str()) {
                repeated.push(name);
            }
        }
        (!repeated.is_empty()).then(|| {
            msg!(
                "note-columns-repeated",
                "the header lists {columns} more than once; each row was read from the \
                 first such column, and the others were left out",
                columns = repeated.join(", ")
            )
        })
    }

    /// Fails the file when a column without which no row can be read is absent.
    pub fn require(&self, format: ImportFormat, column: &'static str) -> Result<(), ImportError> {
        if self.has(column) {
            Ok(())
        } else {
            Err(ImportError::MissingColumn { format, column })
        }
    }

    /// Returns the row's value in the named column, or `""` when the file has no such
    /// column or the row is short.
    pub fn get<'r>(&self, row: &'r StringRecord, name: &str) -> &'r str {
        self.positions
            .get(name)
            .and_then(|&position| row.get(position))
            .unwrap_or("")
    }

    fn name(&self, position: usize) -> &str {
        self.names.get(position).map_or("?", String::as_str)
    }
}

/// One data row with the names of the fields that were not valid UTF-8.
#[derive(Debug, Clone)]
pub struct TableRow {
    pub fields: StringRecord,
    pub windows_1252_columns: Vec<String>,
}

impl TableRow {
    /// Notes for the row's repairs, one per field read as Windows-1252.
    pub fn encoding_notes(&self) -> impl Iterator<Item = String> + '_ {
        self.windows_1252_columns.iter().map(|column| {
            msg!(
                "note-column-windows-1252",
                "{column} was not valid UTF-8 and was read as Windows-1252",
                column = column
            )
        })
    }
}

/// A parsed file: the header and one entry per record, each a row or the reason the
/// record could not be read.
#[derive(Debug)]
pub struct Table {
    pub header: Header,
    pub rows: Vec<Result<TableRow, String>>,
    /// Lines of the file that hold a record with no values, such as the `,,,,` rows a
    /// spreadsheet leaves below its data. They are in no row of the report.
    pub blank_lines: Vec<u64>,
}

impl Table {
    /// Says which records with no values were left out, so that the report accounts
    /// for every record of the file. Rows are numbered without them.
    pub fn blank_note(&self) -> Option<String> {
        let lines: Vec<String> = self.blank_lines.iter().map(u64::to_string).collect();
        (!lines.is_empty()).then(|| {
            msg!(
                "note-blank-records",
                "left out the record with no values on each of lines {lines}; rows are \
                 numbered without them",
                lines = lines.join(", ")
            )
        })
    }
}

/// Reads a delimited file. Handles a UTF-8 or UTF-16 byte order mark, CRLF line ends
/// and fields in Windows-1252 among UTF-8 ones. TSV files are read without quoting,
/// because LibraryThing writes quotes in tab-separated values literally.
pub fn read_table(bytes: &[u8], delimiter: u8) -> Result<Table, ImportError> {
    let bytes = to_utf8_bytes(bytes);
    let mut reader = ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .quoting(delimiter != b'\t')
        .from_reader(bytes.as_ref());

    let header_record = reader
        .byte_headers()
        .map_err(|error| ImportError::malformed(FileKind::CsvHeader, error))?
        .clone();
    let names: Vec<String> = header_record
        .iter()
        .map(|name| decode_field(name).0.trim().to_string())
        .collect();
    if names.iter().all(String::is_empty) {
        return Err(ImportError::Empty);
    }
    let header = Header::new(names);
    let expected = header_record.len();

    let mut rows = Vec::new();
    let mut blank_lines = Vec::new();
    let mut record = ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) if is_blank(&record) => {
                blank_lines.extend(record.position().map(|at| line_at(&bytes, at)));
            }
            Ok(true) if record.len() != expected => {
                let mut reason = field_count_mismatch(record.len(), expected);
                // A quote left open runs the record over the lines after it, which
                // are then in no row of the report, so the span shows where to look.
                let first = record.position().map_or(0, |at| line_at(&bytes, at));
                let last = line_at(&bytes, reader.position()).saturating_sub(1);
                if first > 0 && last > first {
                    reason.push_str(&msg!(
                        "row-lines",
                        "; the record runs from line {first} to line {last} of the file",
                        first = first,
                        last = last
                    ));
                }
                rows.push(Err(reason));
            }
            Ok(true) => rows.push(Ok(decode_row(&header, &record))),
            Err(error) => rows.push(Err(msg!(
                "row-not-csv",
                "the record is not valid CSV: {error}",
                error = error
            ))),
        }
    }
    Ok(Table {
        header,
        rows,
        blank_lines,
    })
}

/// Words the rejection of a record whose field count differs from the header's.
///
/// The reader is flexible so that such a record is rejected on its own instead of
/// failing the whole file. Reading it by column name would shift or drop values, and
/// a half-written last row would become a book with no author.
fn field_count_mismatch(found: usize, expected: usize) -> String {
    if found < expected {
        msg!(
            "row-fields-missing",
            "the record has {found} fields but the header has {expected}, so the file \
             may be cut off here or a quote may be unbalanced",
            found = found,
            expected = expected
        )
    } else {
        msg!(
            "row-fields-extra",
            "the record has {found} fields but the header has {expected}, so a field may \
             contain an unquoted delimiter or a quote may be unbalanced",
            found = found,
            expected = expected
        )
    }
}

/// Returns the line of the file at `position`, counted from 1. The csv reader's own
/// line count ran one behind after each CRLF, as Goodreads writes its exports, because
/// a record ends at the `\r` and the `\n` is read with the next one.
fn line_at(bytes: &[u8], position: &csv::Position) -> u64 {
    let offset = usize::try_from(position.byte())
        .unwrap_or(usize::MAX)
        .min(bytes.len());
    let before = bytes[..offset]
        .iter()
        .filter(|&&byte| byte == b'\n')
        .count();
    let on_newline = usize::from(bytes.get(offset) == Some(&b'\n'));
    (before + on_newline + 1) as u64
}

fn is_blank(record: &ByteRecord) -> bool {
    record
        .iter()
        .all(|field| field.iter().all(u8::is_ascii_whitespace))
}

fn decode_row(header: &Header, record: &ByteRecord) -> TableRow {
    let mut fields = StringRecord::with_capacity(record.as_slice().len(), record.len());
    let mut windows_1252_columns = Vec::new();
    for (position, field) in record.iter().enumerate() {
        let (text, fallback) = decode_field(field);
        if fallback {
            windows_1252_columns.push(header.name(position).to_string());
        }
        fields.push_field(&text);
    }
    TableRow {
        fields,
        windows_1252_columns,
    }
}

/// Returns the first line of a file, decoded, for format detection.
pub fn first_line(bytes: &[u8]) -> String {
    let bytes = to_utf8_bytes(bytes);
    let line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    decode_field(line).0.trim_end_matches('\r').to_string()
}
