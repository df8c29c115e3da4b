//! The StoryGraph export.
//!
//! Ratings are in quarter stars. `Dates Read` lists one entry per reading, separated
//! by commas, each a `start-end` range or a single finish date. Moods, pace and the
//! character and content-warning columns have no place in the library model and are
//! not imported.

use crate::msg;
use csv::StringRecord;

use crate::isbn::{Isbns, parse_asin};
use crate::model::{
    BookFields, Contributor, ContributorRole, EntryFields, LibraryRecord, ReadingFields,
    ReadingStatus,
};
use crate::normalize::clean_name;
use crate::series::split_series;

use super::dates::DateReader;
use super::fields::{RowReport, is_yes, split_list, split_names};
use super::table::{Header, read_table};
use super::{ImportError, ImportFormat, ParsedImport, RowRejection};

pub fn parse(bytes: &[u8]) -> Result<ParsedImport, ImportError> {
    let table = read_table(bytes, b',')?;
    let header = &table.header;
    if !header.has("Title")
        && let Some(error) = super::semicolon_separated(&super::table::first_line(bytes))
    {
        return Err(error);
    }
    header.require(ImportFormat::Storygraph, "Title")?;
    header.require(ImportFormat::Storygraph, "Authors")?;

    let mut date_values: Vec<&str> = Vec::new();
    for row in table.rows.iter().flatten() {
        date_values.push(header.get(&row.fields, "Date Added"));
        date_values.push(header.get(&row.fields, "Last Date Read"));
        for range in split_list(header.get(&row.fields, "Dates Read")) {
            let (start, end) = split_range(range);
            date_values.extend([start, end]);
        }
    }
    let dates = DateReader::detect(date_values);

    let mut parsed = ParsedImport {
        format: ImportFormat::Storygraph,
        rows: Vec::new(),
        rejected: Vec::new(),
        notes: header
            .repeated_note()
            .into_iter()
            .chain(dates.note().map(str::to_string))
            .chain(table.blank_note())
            .collect(),
    };
    for (index, row) in table.rows.iter().enumerate() {
        let number = index + 1;
        let mut report = RowReport::default();
        let outcome = row.as_ref().map_err(Clone::clone).and_then(|row| {
            report.notes.extend(row.encoding_notes());
            parse_row(header, &row.fields, &dates, &mut report)
        });
        match outcome {
            Ok(record) => parsed.rows.push(report.into_row(number, record)),
            Err(reason) => parsed.rejected.push(RowRejection {
                row: number,
                title: row
                    .as_ref()
                    .ok()
                    .and_then(|row| super::title_cell(header.get(&row.fields, "Title"))),
                reason,
            }),
        }
    }
    Ok(parsed)
}

fn parse_row(
    header: &Header,
    row: &StringRecord,
    dates: &DateReader,
    report: &mut RowReport,
) -> Result<LibraryRecord, String> {
    let get = |name: &str| header.get(row, name);

    let full_title = report.text("Title", get("Title")).ok_or_else(|| {
        msg!(
            "row-no-title",
            "the Title is empty, so the book cannot be identified"
        )
    })?;
    let (title, series) = split_series(&full_title);
    report.note_other_series(&full_title);
    let mut book = BookFields {
        title,
        series,
        format: report.text("Format", get("Format")),
        ..BookFields::default()
    };
    book.contributors = contributors(report, get("Authors"), get("Contributors"));
    read_identifier(report, get("ISBN/UID"), &mut book);

    let status = read_status(report, get("Read Status"));
    let review = report.review("Review", get("Review"));
    let entry = EntryFields {
        status,
        rating: report.rating("Star Rating", get("Star Rating")),
        review_spoiler: review.as_ref().is_some_and(|review| review.spoiler),
        review: review.map(|review| review.text),
        private_notes: None,
        owned_copies: i64::from(is_yes(get("Owned?"))),
        date_added: report.date(dates, "Date Added", get("Date Added")),
    };

    let mut readings = Vec::new();
    for range in split_list(get("Dates Read")) {
        let (start, end) = split_range(range);
        readings.push(ReadingFields {
            started: report.date(dates, "Dates Read", start),
            finished: report.date(dates, "Dates Read", end),
            ..ReadingFields::default()
        });
    }
    let last_read = report.date(dates, "Last Date Read", get("Last Date Read"));
    let read_count = report.count("Read Count", get("Read Count"));
    // A row that contradicts itself is kept as the file gives it and flagged with
    // the date at fault, so the reader can correct it.
    if let Some(last) = last_read
        && !readings.is_empty()
        && !readings.iter().any(|r| r.finished == Some(last))
    {
        report.problems.push(msg!(
            "row-storygraph-last-read",
            "Last Date Read {date} is none of the end dates in Dates Read; the readings \
             follow Dates Read",
            date = last.to_string()
        ));
    }
    complete_readings(&mut readings, status, read_count, last_read);
    if status == ReadingStatus::Read
        && let Some(open) = readings
            .iter()
            .find(|r| r.started.is_some() && r.finished.is_none() && r.stopped.is_none())
    {
        report.problems.push(msg!(
            "row-storygraph-read-open",
            "Read Status is read, but the reading started {date} has no end date; it was \
             kept open, so give it the date it ended",
            date = open.started.map(|d| d.to_string()).unwrap_or_default()
        ));
    }

    Ok(LibraryRecord {
        book,
        entry,
        readings,
        shelves: Vec::new(),
        tags: split_list(get("Tags")).map(str::to_string).collect(),
    })
}

/// Splits `2024/01/02-2024/01/20` into start and end. A single date is an end (a
/// finish date), and `2024/01/02-` has a start only. Year-first dates written with
/// hyphens are split at the hyphen whose halves both look like dates.
fn split_range(range: &str) -> (&str, &str) {
    let range = range.trim();
    if range.contains('/') {
        return match range.split_once('-') {
            Some((start, end)) => (start.trim(), end.trim()),
            None => ("", range),
        };
    }
    let hyphens: Vec<usize> = range.match_indices('-').map(|(at, _)| at).collect();
    match hyphens.len() {
        5 => (&range[..hyphens[2]], &range[hyphens[2] + 1..]),
        3 if range.ends_with('-') => (&range[..hyphens[2]], ""),
        _ => ("", range),
    }
}

fn read_status(report: &mut RowReport, value: &str) -> ReadingStatus {
    match value.trim() {
        "to-read" | "" => ReadingStatus::WantToRead,
        "currently-reading" => ReadingStatus::Reading,
        "read" => ReadingStatus::Read,
        "did-not-finish" => ReadingStatus::DidNotFinish,
        "paused" => ReadingStatus::Paused,
        other => {
            report.problems.push(msg!(
                "row-storygraph-status",
                "Read Status {status} is not a StoryGraph status; the book was imported as \
                 want to read",
                status = format!("{other:?}")
            ));
            ReadingStatus::WantToRead
        }
    }
}

/// Fills in readings the `Dates Read` column does not list.
///
/// Without `Dates Read`, `Last Date Read` becomes the finish date of one reading. A
/// read book gets undated readings up to `Read Count` (at least one), and a book to
/// read again up to `Read Count`, so that an export counts its reads. A book being
/// read gets an open reading unless its last one is open. For a book not finished or
/// paused, the last reading's end date is when the reader stopped.
fn complete_readings(
    readings: &mut Vec<ReadingFields>,
    status: ReadingStatus,
    read_count: Option<i64>,
    last_read: Option<crate::dates::PartialDate>,
) {
    if readings.is_empty()
        && let Some(date) = last_read
    {
        readings.push(ReadingFields {
            finished: Some(date),
            ..ReadingFields::default()
        });
    }
    match status {
        ReadingStatus::Read => {
            let expected = usize::try_from(read_count.unwrap_or(0).max(1)).unwrap_or(1);
            while readings.len() < expected {
                readings.push(ReadingFields::default());
            }
        }
        ReadingStatus::Reading => {
            if readings.last().is_none_or(|last| last.finished.is_some()) {
                readings.push(ReadingFields::default());
            }
        }
        ReadingStatus::DidNotFinish | ReadingStatus::Paused => {
            if let Some(last) = readings.last_mut() {
                last.stopped = last.finished.take();
            }
        }
        ReadingStatus::WantToRead => {
            let expected = usize::try_from(read_count.unwrap_or(0)).unwrap_or(0);
            while readings.len() < expected {
                readings.push(ReadingFields::default());
            }
        }
    }
}

/// `Authors` as authors, then `Contributors` with the role in parentheses after each
/// name. A contributor without a role gets [`ContributorRole::Other`], since the
/// export does not say what they did.
fn contributors(report: &mut RowReport, authors: &str, others: &str) -> Vec<Contributor> {
    let mut contributors = Vec::new();
    let authors = report.text("Authors", authors).unwrap_or_default();
    for name in split_names(&authors) {
        contributors.push(Contributor::author(clean_name(&name)));
    }
    let others = report.text("Contributors", others).unwrap_or_default();
    for item in split_outside_parentheses(&others) {
        let (name, role) = match item.rsplit_once('(') {
            Some((name, role)) if item.ends_with(')') => {
                let role = role.trim_end_matches(')');
                (
                    name,
                    role_from_label(role.split(',').next().unwrap_or(role)),
                )
            }
            _ => (item, ContributorRole::Other),
        };
        let name = clean_name(name);
        if !name.is_empty() {
            contributors.push(Contributor { name, role });
        }
    }
    contributors
}

fn role_from_label(label: &str) -> ContributorRole {
    match label.trim().to_lowercase().as_str() {
        "foreword" | "introduction" | "afterword" => ContributorRole::Foreword,
        other => ContributorRole::parse(other).unwrap_or(ContributorRole::Other),
    }
}

/// Splits on commas that are not inside parentheses, so `A (Translator, Editor), B`
/// gives two items.
fn split_outside_parentheses(text: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (at, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                items.push(text[start..at].trim());
                start = at + 1;
            }
            _ => {}
        }
    }
    items.push(text[start..].trim());
    items.retain(|item| !item.is_empty());
    items
}

/// `ISBN/UID` contains an ISBN-13, an ISBN-10 (possibly without its leading zeros) or an
/// Amazon ASIN for books without an ISBN.
fn read_identifier(report: &mut RowReport, value: &str, book: &mut BookFields) {
    if let Some(asin) = parse_asin(value) {
        book.asin = Some(asin);
        return;
    }
    if let Some(Isbns { isbn10, isbn13 }) = report.isbn("ISBN/UID", value) {
        book.isbn10 = isbn10;
        book.isbn13 = isbn13;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_forms_split() {
        assert_eq!(
            split_range("2024/01/02-2024/01/20"),
            ("2024/01/02", "2024/01/20")
        );
        assert_eq!(split_range("2024/01/20"), ("", "2024/01/20"));
        assert_eq!(split_range("2024/01/02-"), ("2024/01/02", ""));
        assert_eq!(
            split_range("2024-01-02-2024-01-20"),
            ("2024-01-02", "2024-01-20")
        );
        assert_eq!(split_range("2024-01-20"), ("", "2024-01-20"));
        assert_eq!(split_range("2024-01-02-"), ("2024-01-02", ""));
    }

    #[test]
    fn contributor_lists_split() {
        assert_eq!(
            split_outside_parentheses("A (Translator, Editor), B (Narrator),C"),
            vec!["A (Translator, Editor)", "B (Narrator)", "C"]
        );
    }
}
