//! Goodreads library export (`goodreads_library_export.csv`).
//!
//! Three header versions are in use: 31 columns before October 2022 (with purchase
//! and condition columns), 24 columns after, and 23 columns from 2026 without
//! `Average Rating`. Columns are read by name, so all three parse the same way.

use crate::msg;
use csv::StringRecord;

use crate::dates::PartialDate;
use crate::isbn::Isbns;
use crate::model::{
    BookFields, Contributor, EntryFields, LibraryRecord, ReadingFields, ReadingStatus,
};
use crate::series::split_series;
use crate::validate;

use super::dates::DateReader;
use super::fields::{RowReport, is_yes, split_list, split_names};
use super::table::{Header, read_table};
use super::{ImportError, ImportFormat, ParsedImport, RowRejection};

/// The three shelves every Goodreads account has. They are statuses, not shelves.
const STANDARD_SHELVES: [&str; 3] = ["to-read", "currently-reading", "read"];

/// Custom exclusive shelf names that mean "did not finish", compared after
/// lower-casing and turning spaces and underscores into hyphens.
pub const DID_NOT_FINISH_SHELVES: [&str; 7] = [
    "did-not-finish",
    "dnf",
    "abandoned",
    "gave-up",
    "unfinished",
    "not-finished",
    "didnt-finish",
];

/// Custom exclusive shelf names that mean "paused", compared like
/// [`DID_NOT_FINISH_SHELVES`].
pub const PAUSED_SHELVES: [&str; 4] = ["paused", "on-hold", "on-pause", "hold"];

/// The exclusive shelves that estante's own export writes for these two statuses.
/// Like the three standard shelves, they are statuses and not shelves, so a round
/// trip does not put every such book on a new shelf.
const STATUS_SHELVES: [&str; 2] = ["did-not-finish", "paused"];

pub fn parse(bytes: &[u8]) -> Result<ParsedImport, ImportError> {
    let table = read_table(bytes, b',')?;
    let header = &table.header;
    if !header.has("Title")
        && let Some(error) = super::semicolon_separated(&super::table::first_line(bytes))
    {
        return Err(error);
    }
    header.require(ImportFormat::Goodreads, "Title")?;
    header.require(ImportFormat::Goodreads, "Author")?;

    let dates = DateReader::detect(table.rows.iter().flatten().flat_map(|row| {
        [
            header.get(&row.fields, "Date Read"),
            header.get(&row.fields, "Date Added"),
        ]
    }));
    let mut parsed = ParsedImport {
        format: ImportFormat::Goodreads,
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
    // The export writes a cell that a spreadsheet would read as a formula behind a
    // `'`, so taking it off again makes the round trip exact.
    let get = |name: &str| {
        let value = header.get(row, name);
        match value.strip_prefix('\'') {
            Some(rest) if crate::export::goodreads::quoted_formula(rest) => rest,
            _ => value,
        }
    };

    let full_title = report.text("Title", get("Title")).ok_or_else(|| {
        msg!(
            "row-no-title",
            "the Title is empty, so the book cannot be identified"
        )
    })?;
    let (title, series) = split_series(&full_title);
    report.note_other_series(&full_title);
    let book = BookFields {
        title,
        series,
        goodreads_id: report.text("Book Id", get("Book Id")),
        contributors: authors(report, get("Author"), get("Additional Authors")),
        publisher: report.text("Publisher", get("Publisher")),
        format: report.text("Binding", get("Binding")),
        pages: report.bounded(
            "Number of Pages",
            get("Number of Pages"),
            0..=validate::MAX_PAGES,
        ),
        published_year: report.bounded("Year Published", get("Year Published"), validate::YEARS),
        original_year: report.bounded(
            "Original Publication Year",
            get("Original Publication Year"),
            validate::YEARS,
        ),
        ..isbn_fields(report, get("ISBN"), get("ISBN13"))
    };

    let date_read = report.date(dates, "Date Read", get("Date Read"));
    let shelf = ExclusiveShelf::read(get("Exclusive Shelf"), date_read.is_some());
    let shelves = shelves(
        get("Bookshelves"),
        get("Exclusive Shelf").trim(),
        shelf.custom_name.as_deref(),
    );
    let read_count = report.count("Read Count", get("Read Count"));

    let review = report.review("My Review", get("My Review"));
    let entry = EntryFields {
        status: shelf.status,
        rating: report.rating("My Rating", get("My Rating")),
        review_spoiler: is_yes(get("Spoiler")) || review.as_ref().is_some_and(|r| r.spoiler),
        review: review.map(|review| review.text),
        private_notes: report.text("Private Notes", get("Private Notes")),
        owned_copies: report
            .count_up_to(
                "Owned Copies",
                get("Owned Copies"),
                validate::MAX_OWNED_COPIES,
            )
            .unwrap_or(0),
        date_added: report.date(dates, "Date Added", get("Date Added")),
    };

    Ok(LibraryRecord {
        book,
        readings: readings(entry.status, read_count, date_read),
        entry,
        shelves,
        tags: Vec::new(),
    })
}

/// Reads the `ISBN` and `ISBN13` columns into book fields.
fn isbn_fields(report: &mut RowReport, isbn10: &str, isbn13: &str) -> BookFields {
    let ten = report.isbn("ISBN", isbn10);
    let thirteen = report.isbn("ISBN13", isbn13);
    let (Isbns { isbn10, isbn13 }, conflict) = Isbns::combine(ten, thirteen);
    report.notes.extend(conflict);
    BookFields {
        isbn10,
        isbn13,
        ..BookFields::default()
    }
}

/// `Author` first, then each name of the comma-separated `Additional Authors`.
/// Goodreads gives every contributor the author role. `Author l-f` repeats `Author`
/// and is ignored. Goodreads also lists a person credited twice, such as an author
/// who edited the book, twice. Both credits have the author role there, so the
/// second adds nothing and is left out. Names count as the same when they differ
/// only in case, accents or Unicode form.
fn authors(report: &mut RowReport, author: &str, additional: &str) -> Vec<Contributor> {
    let mut contributors: Vec<Contributor> = report
        .name("Author", author)
        .map(Contributor::author)
        .into_iter()
        .collect();
    // Folded names seen so far, in a set: a cell may list thousands of names.
    let mut seen: std::collections::HashSet<String> = contributors
        .iter()
        .map(|known| crate::search::fold(&known.name))
        .collect();
    for name in split_names(additional) {
        let Some(name) = report.name("Additional Authors", &name) else {
            continue;
        };
        if seen.insert(crate::search::fold(&name)) {
            contributors.push(Contributor::author(name));
        }
    }
    contributors
}

/// The reading status an `Exclusive Shelf` value stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExclusiveShelf {
    pub status: ReadingStatus,
    /// The shelf's name when it is not one of the three standard shelves; it is kept
    /// as a shelf so the name is not lost.
    pub custom_name: Option<String>,
}

impl ExclusiveShelf {
    /// Maps a shelf name. A custom shelf that does not mean "did not finish" or
    /// "paused" (such as `trash`) counts as read when the row has a `Date Read` and
    /// as want-to-read otherwise.
    pub fn read(name: &str, has_date_read: bool) -> Self {
        let name = name.trim();
        let standard = match name {
            "to-read" => Some(ReadingStatus::WantToRead),
            "currently-reading" => Some(ReadingStatus::Reading),
            "read" => Some(ReadingStatus::Read),
            _ => None,
        };
        if let Some(status) = standard {
            return Self {
                status,
                custom_name: None,
            };
        }
        let status = custom_shelf_status(name).unwrap_or(if has_date_read {
            ReadingStatus::Read
        } else {
            ReadingStatus::WantToRead
        });
        Self {
            status,
            custom_name: (!name.is_empty() && !STATUS_SHELVES.contains(&name))
                .then(|| name.to_string()),
        }
    }
}

/// Returns the status a custom shelf name means, if it means one.
pub fn custom_shelf_status(name: &str) -> Option<ReadingStatus> {
    let key = name.trim().to_lowercase().replace([' ', '_'], "-");
    if DID_NOT_FINISH_SHELVES.contains(&key.as_str()) {
        Some(ReadingStatus::DidNotFinish)
    } else if PAUSED_SHELVES.contains(&key.as_str()) {
        Some(ReadingStatus::Paused)
    } else {
        None
    }
}

/// Shelves from `Bookshelves` without the standard ones, and without the row's
/// exclusive shelf when it is one of [`STATUS_SHELVES`], in file order. A custom
/// exclusive shelf missing from the list goes first. Names that differ only in
/// letter case are one shelf, under the first spelling, as the API allows no such
/// pair.
fn shelves(bookshelves: &str, exclusive: &str, custom_exclusive: Option<&str>) -> Vec<String> {
    let mut shelves: Vec<String> = Vec::new();
    if let Some(name) = custom_exclusive
        && !split_list(bookshelves).any(|shelf| shelf == name)
    {
        shelves.push(name.to_string());
    }
    for shelf in split_list(bookshelves) {
        let status = STANDARD_SHELVES.contains(&shelf)
            || (shelf == exclusive && STATUS_SHELVES.contains(&shelf));
        let known = shelves
            .iter()
            .any(|known| known.to_lowercase() == shelf.to_lowercase());
        if !status && !known {
            shelves.push(shelf.to_string());
        }
    }
    shelves
}

/// Builds readings from the status, `Read Count` and `Date Read`.
///
/// A read book gets `max(Read Count, 1)` readings, the first finished on `Date Read`
/// and the others undated, since Goodreads keeps only the latest date. A book being
/// read gets one open reading, after a finished one when it has a `Date Read` (a
/// re-read). A book to read (again) keeps its `Read Count` earlier reads the same way
/// as a read book, so that its export counts them again. Other statuses get a
/// finished reading only when there is a `Date Read`.
pub fn readings(
    status: ReadingStatus,
    read_count: Option<i64>,
    date_read: Option<PartialDate>,
) -> Vec<ReadingFields> {
    let finished = |date| ReadingFields {
        finished: date,
        ..ReadingFields::default()
    };
    match status {
        ReadingStatus::Read => {
            let count = read_count.unwrap_or(0).max(1);
            let mut readings = vec![finished(date_read)];
            for _ in 1..count {
                readings.push(ReadingFields::default());
            }
            readings
        }
        ReadingStatus::Reading => {
            let mut readings: Vec<ReadingFields> = date_read
                .map(|date| finished(Some(date)))
                .into_iter()
                .collect();
            readings.push(ReadingFields::default());
            readings
        }
        ReadingStatus::WantToRead => {
            let count = read_count.unwrap_or(0).max(i64::from(date_read.is_some()));
            let mut readings: Vec<ReadingFields> = date_read
                .map(|date| finished(Some(date)))
                .into_iter()
                .collect();
            while (readings.len() as i64) < count {
                readings.push(ReadingFields::default());
            }
            readings
        }
        ReadingStatus::DidNotFinish | ReadingStatus::Paused => date_read
            .map(|date| finished(Some(date)))
            .into_iter()
            .collect(),
    }
}
