//! Reading the lossless JSON archive written by [`crate::export::archive`].

use crate::msg;
use serde::Deserialize;
use serde_json::Value;

use crate::json::UniqueKeys;

use crate::model::LibraryRecord;
use crate::validate;

use super::text::strip_bom;
use super::{FileKind, ImportError, ImportFormat, ParsedImport, ParsedRow, RowRejection};

/// Value of the archive's `format` field.
pub const ARCHIVE_FORMAT: &str = "estante-archive";

/// The archive version this build writes and reads.
pub const ARCHIVE_VERSION: u32 = 1;

#[derive(Deserialize)]
struct Envelope {
    format: String,
    version: u32,
    /// Read so that it is not reported as unknown; the import does not need it.
    #[serde(default, rename = "exported_at")]
    _exported_at: Option<Value>,
    /// Records are read one by one, so one invalid record is rejected on its own
    /// instead of failing the file. A key given twice fails the whole file, because
    /// serde_json keeps only the last value and the reading cannot resume after it.
    records: Vec<UniqueKeys>,
}

/// Returns true when a JSON document declares itself an estante archive.
pub fn looks_like_archive(document: &Value) -> bool {
    document.get("format").and_then(Value::as_str) == Some(ARCHIVE_FORMAT)
}

pub fn parse(bytes: &[u8]) -> Result<ParsedImport, ImportError> {
    // A key beside the records that this build does not know (a misspelling, or a
    // part of a newer archive) contains no book, so it does not fail the file. The
    // report names it, because its contents are not imported.
    let mut unknown: Vec<String> = Vec::new();
    let mut reader = serde_json::Deserializer::from_slice(strip_bom(bytes));
    let envelope: Envelope = serde_ignored::deserialize(&mut reader, |path| {
        unknown.push(path.to_string().chars().take(64).collect())
    })
    .and_then(|envelope| reader.end().map(|()| envelope))
    .map_err(|error| ImportError::malformed(FileKind::Archive, error))?;
    if envelope.format != ARCHIVE_FORMAT {
        return Err(ImportError::malformed(
            FileKind::Archive,
            msg!(
                "archive-format",
                "format is {format} (expected {expected})",
                format = format!("{:?}", envelope.format),
                expected = format!("{ARCHIVE_FORMAT:?}")
            ),
        ));
    }
    if envelope.version != ARCHIVE_VERSION {
        return Err(ImportError::malformed(
            FileKind::Archive,
            msg!(
                "archive-version",
                "version {version} is not supported (this build reads version \
             {supported}); export again with a matching version",
                version = envelope.version,
                supported = ARCHIVE_VERSION
            ),
        ));
    }

    let mut parsed = ParsedImport {
        format: ImportFormat::Archive,
        rows: Vec::new(),
        rejected: Vec::new(),
        notes: Vec::new(),
    };
    if !unknown.is_empty() {
        unknown.truncate(10);
        parsed.notes.push(msg!(
            "archive-unknown-keys",
            "the file has keys beside the records that this version does not read: \
             {keys}; what they hold was not imported",
            keys = unknown.join(", ")
        ));
    }
    for (index, UniqueKeys(mut value)) in envelope.records.into_iter().enumerate() {
        let row = index + 1;
        let title = value
            .pointer("/book/title")
            .and_then(Value::as_str)
            .and_then(super::title_cell);
        let rating_problem = shed_bad_rating(&mut value);
        let number_problems = shed_non_integers(&mut value);
        match read_record(value) {
            Ok(record) if record.book.title.trim().is_empty() => {
                parsed.rejected.push(RowRejection {
                    row,
                    title: None,
                    reason: msg!(
                        "row-archive-no-title",
                        "the title is empty, so the book cannot be identified"
                    ),
                });
            }
            Ok(mut record) => {
                let mut problems = clear_year_zero_added(&mut record);
                problems.extend(rating_problem);
                problems.extend(number_problems);
                problems.extend(shed_numbers_out_of_range(&mut record));
                parsed.rows.push(ParsedRow {
                    row,
                    record,
                    notes: Vec::new(),
                    problems,
                });
            }
            Err(error) => parsed.rejected.push(RowRejection {
                row,
                title,
                reason: msg!(
                    "row-archive-invalid",
                    "the record is not a valid library record: {error}",
                    error = error
                ),
            }),
        }
    }
    Ok(parsed)
}

/// Reads one record. A key that names no field of a record is an error, as in the
/// API: serde would skip it, and its value would be lost while the row imported.
fn read_record(value: Value) -> Result<LibraryRecord, String> {
    let mut unknown: Vec<String> = Vec::new();
    let record = serde_ignored::deserialize(value, |path| unknown.push(path.to_string()))
        .map_err(|error: serde_json::Error| error.to_string())?;
    if unknown.is_empty() {
        return Ok(record);
    }
    let listed: Vec<String> = unknown
        .iter()
        .take(10)
        .map(|path| path.chars().take(64).collect())
        .collect();
    Err(msg!(
        "archive-unknown-fields",
        "it has fields that an estante archive does not: {fields}; check their spelling, \
         or export the archive again from estante",
        fields = listed.join(", ")
    ))
}

/// Leaves out a rating the library cannot keep, such as 7.3 stars or a word, saying
/// so as the file gives it. It rejected the whole record, and the book with it,
/// where the CSV importers keep the book and leave the rating empty.
fn shed_bad_rating(record: &mut Value) -> Option<String> {
    let entry = record.get_mut("entry")?.as_object_mut()?;
    let rating = entry.get("rating")?;
    let problem = match rating {
        Value::Null => return None,
        Value::Number(number) => {
            let reason =
                crate::model::Rating::from_stars(number.as_f64().unwrap_or(f64::NAN)).err()?;
            msg!(
                "problem-left-empty",
                "{column}: {problem}; the field was left empty",
                column = "entry.rating",
                problem = reason
            )
        }
        other => msg!(
            "problem-value",
            "{column} {value} {reason}; the field was left empty",
            column = "entry.rating",
            value = match other {
                Value::String(text) => format!("{text:?}"),
                other => format!("{:?}", other.to_string()),
            },
            reason = msg!("problem-not-stars", "is not a number of stars")
        ),
    };
    entry.remove("rating");
    Some(problem)
}

/// Leaves out a page count, year or number of copies that is not a whole number the
/// library can hold, such as `12.5`, `"many"` or a number past 2^63, saying so as the
/// file gives it. serde rejected the whole record for it. A null count of copies is
/// left out without a word, as zero.
fn shed_non_integers(record: &mut Value) -> Vec<String> {
    let mut problems = Vec::new();
    for (section, field) in [
        ("book", "pages"),
        ("book", "published_year"),
        ("book", "original_year"),
        ("entry", "owned_copies"),
    ] {
        let Some(object) = record.get_mut(section).and_then(Value::as_object_mut) else {
            continue;
        };
        let shed = match object.get(field) {
            None => false,
            Some(Value::Null) => field == "owned_copies",
            Some(Value::Number(number)) if number.is_i64() => false,
            Some(other) => {
                problems.push(msg!(
                    "problem-value",
                    "{column} {value} {reason}; the field was left empty",
                    column = format!("{section}.{field}"),
                    value = match other {
                        Value::String(text) => format!("{text:?}"),
                        other => format!("{:?}", other.to_string()),
                    },
                    reason = msg!("problem-not-whole", "is not a whole number it can hold")
                ));
                true
            }
        };
        if shed {
            object.remove(field);
        }
    }
    problems
}

/// Leaves out a page count, year or number of copies that the library cannot keep,
/// such as -5 pages, with a problem for the row. It rejected the whole record, where
/// the CSV importers keep the book and leave the field empty.
fn shed_numbers_out_of_range(record: &mut LibraryRecord) -> Vec<String> {
    let left_empty = |column: &str, problem: String| {
        msg!(
            "problem-left-empty",
            "{column}: {problem}; the field was left empty",
            column = column,
            problem = problem
        )
    };
    let mut problems = Vec::new();
    let book = &mut record.book;
    if let Some(problem) = book.pages.and_then(validate::pages_problem) {
        book.pages = None;
        problems.push(left_empty("book.pages", problem));
    }
    for (column, year) in [
        ("book.published_year", &mut book.published_year),
        ("book.original_year", &mut book.original_year),
    ] {
        if let Some(problem) = year.and_then(validate::year_problem) {
            *year = None;
            problems.push(left_empty(column, problem));
        }
    }
    if let Some(problem) = validate::copies_problem(record.entry.owned_copies) {
        record.entry.owned_copies = 0;
        problems.push(left_empty("entry.owned_copies", problem));
    }
    problems
}

/// Leaves out a date added before year 1, with a problem for the row, as the other
/// importers do. An older server could store such a date, and its archives carry it.
fn clear_year_zero_added(record: &mut LibraryRecord) -> Vec<String> {
    match record.entry.date_added {
        Some(date) if date.get_year() < 1 => {
            record.entry.date_added = None;
            let problem = msg!(
                "date-value-invalid",
                "invalid date {value}: {reason}",
                value = format!("{:?}", date.to_string()),
                reason = msg!("date-before-year-one-import", "it is before year 1")
            );
            vec![msg!(
                "problem-left-empty",
                "{column}: {problem}; the field was left empty",
                column = "date_added",
                problem = problem
            )]
        }
        _ => Vec::new(),
    }
}
