//! Goodreads-format CSV export, the format Goodreads and StoryGraph import.
//!
//! The format has fewer fields than a library record, so this export is lossy.
//! Quarter-star ratings are rounded to whole stars (half up, and never below one
//! star), so quarter ratings survive only in the JSON archive. Of the readings, only
//! the latest finish date and their number are kept. Start and stop dates, progress,
//! the ASIN, language, description and contributor roles are dropped, and tags are
//! written as extra shelves. A subtitle is appended to the title after a colon. A
//! record that came from a Goodreads import reads back unchanged.

use csv::{QuoteStyle, Terminator, WriterBuilder};

use crate::import::dates::to_slashed;
use crate::import::goodreads::custom_shelf_status;
use crate::import::text::text_to_html;
use crate::model::{ContributorRole, LibraryRecord, ReadingStatus};
use crate::series::title_with_series;

use super::ExportError;

/// The header of a Goodreads export since October 2022, in Goodreads' order.
pub const GOODREADS_COLUMNS: [&str; 24] = [
    "Book Id",
    "Title",
    "Author",
    "Author l-f",
    "Additional Authors",
    "ISBN",
    "ISBN13",
    "My Rating",
    "Average Rating",
    "Publisher",
    "Binding",
    "Number of Pages",
    "Year Published",
    "Original Publication Year",
    "Date Read",
    "Date Added",
    "Bookshelves",
    "Bookshelves with positions",
    "Exclusive Shelf",
    "My Review",
    "Spoiler",
    "Private Notes",
    "Read Count",
    "Owned Copies",
];

/// Writes records as a Goodreads library export: UTF-8 without a byte order mark,
/// LF line ends, and ISBNs in the `="…"` form.
pub fn write_goodreads_csv(records: &[LibraryRecord]) -> Result<Vec<u8>, ExportError> {
    let mut writer = WriterBuilder::new()
        .terminator(Terminator::Any(b'\n'))
        .quote_style(QuoteStyle::Necessary)
        .from_writer(Vec::new());
    writer.write_record(GOODREADS_COLUMNS)?;
    for record in records {
        writer.write_record(row(record))?;
    }
    writer
        .into_inner()
        .map_err(|error| ExportError::Csv(csv::Error::from(error.into_error())))
}

fn row(record: &LibraryRecord) -> [String; 24] {
    let book = &record.book;
    let entry = &record.entry;
    let text = |value: &Option<String>| inert(value.as_deref().unwrap_or_default());
    let number = |value: Option<i64>| value.map(|n| n.to_string()).unwrap_or_default();

    let (author, additional) = authors(record);
    let title = match &book.subtitle {
        Some(subtitle) => format!("{}: {subtitle}", book.title),
        None => book.title.clone(),
    };
    let date_read = record.readings.iter().filter_map(|r| r.finished).max();
    let (exclusive, bookshelves) = shelves(record);

    [
        text(&book.goodreads_id),
        inert(&title_with_series(&title, book.series.as_ref())),
        inert(&author),
        inert(&last_first(&author)),
        inert(&additional),
        formula(&book.isbn10),
        formula(&book.isbn13),
        whole_stars(record).to_string(),
        String::new(),
        text(&book.publisher),
        text(&book.format),
        number(book.pages),
        number(book.published_year),
        number(book.original_year),
        date_read.map(to_slashed).unwrap_or_default(),
        entry.date_added.map(to_slashed).unwrap_or_default(),
        inert(&bookshelves.join(", ")),
        String::new(),
        inert(&exclusive),
        entry
            .review
            .as_deref()
            .map(|review| inert(&text_to_html(review, entry.review_spoiler)))
            .unwrap_or_default(),
        if entry.review_spoiler { "true" } else { "" }.to_string(),
        text(&entry.private_notes),
        record.readings.len().to_string(),
        entry.owned_copies.to_string(),
    ]
}

/// Characters that make a spreadsheet read a cell as a formula when it starts with
/// one, such as `=HYPERLINK(…)` in a title.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Writes text so that a spreadsheet shows it as text: a cell that would start a
/// formula gets a leading `'`, which spreadsheets hide and the Goodreads import of
/// this crate removes again. Text that starts with such quotes before a formula
/// character, as the title `'=Quoted`, gets one more, so that the import's removal
/// of one gives it back whole. Other text is unchanged.
fn inert(text: &str) -> String {
    if quoted_formula(text) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// True when `text`, after any leading `'`, starts a spreadsheet formula: the cells
/// that [`inert`] quotes and the import unquotes once.
pub fn quoted_formula(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// Rounds a quarter-star rating to whole stars; 0 means unrated, as in Goodreads.
fn whole_stars(record: &LibraryRecord) -> u8 {
    record
        .entry
        .rating
        .map_or(0, |rating| ((rating.quarters() + 2) / 4).max(1))
}

/// Splits contributors into `Author` (the first author) and `Additional Authors`
/// (everyone else). The columns have no roles, so a person credited twice, such as
/// an author who also edited the book, is listed once. An import would otherwise
/// add them twice.
fn authors(record: &LibraryRecord) -> (String, String) {
    let contributors = &record.book.contributors;
    let first = contributors
        .iter()
        .position(|c| c.role == ContributorRole::Author)
        .or((!contributors.is_empty()).then_some(0));
    let Some(first) = first else {
        return (String::new(), String::new());
    };
    let author = contributors[first].name.as_str();
    // A set, because a book may credit thousands of people: looking each name up in
    // the list made the export of one such book take seconds.
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::from([author]);
    let mut others: Vec<&str> = Vec::new();
    for (index, contributor) in contributors.iter().enumerate() {
        let name = contributor.name.as_str();
        if index != first && seen.insert(name) {
            others.push(name);
        }
    }
    (author.to_string(), others.join(", "))
}

/// `Ursula K. Le Guin` becomes `Guin, Ursula K. Le`, the same naive split Goodreads
/// uses for its own `Author l-f` column.
fn last_first(name: &str) -> String {
    match name.rsplit_once(' ') {
        Some((first, last)) => format!("{last}, {first}"),
        None => name.to_string(),
    }
}

fn formula(isbn: &Option<String>) -> String {
    format!("=\"{}\"", isbn.as_deref().unwrap_or(""))
}

/// Returns the `Exclusive Shelf` and the `Bookshelves` list.
///
/// Goodreads lists `to-read` and `currently-reading` among the shelves too. A
/// did-not-finish or paused book keeps the custom shelf name it was imported with
/// when it has one. All shelves and then the tags follow, without duplicates.
fn shelves(record: &LibraryRecord) -> (String, Vec<String>) {
    let status = record.entry.status;
    let custom = || {
        record
            .shelves
            .iter()
            .find(|shelf| custom_shelf_status(shelf) == Some(status))
            .cloned()
    };
    let exclusive = match status {
        ReadingStatus::WantToRead => "to-read".to_string(),
        ReadingStatus::Reading => "currently-reading".to_string(),
        ReadingStatus::Read => "read".to_string(),
        ReadingStatus::DidNotFinish => custom().unwrap_or_else(|| "did-not-finish".to_string()),
        ReadingStatus::Paused => custom().unwrap_or_else(|| "paused".to_string()),
    };

    let mut bookshelves: Vec<String> = Vec::new();
    if status != ReadingStatus::Read && !record.shelves.contains(&exclusive) {
        bookshelves.push(exclusive.clone());
    }
    for name in record.shelves.iter().chain(&record.tags) {
        if !bookshelves.contains(name) {
            bookshelves.push(name.clone());
        }
    }
    (exclusive, bookshelves)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Contributor;

    /// A book crediting 50,000 people, many twice, took seconds to export, because
    /// each name was looked up in the list of those already written. Every name
    /// still comes out once, in credit order.
    #[test]
    fn many_contributors_listed_once() {
        let mut record = LibraryRecord::default();
        record.book.contributors = (0..50_000)
            .map(|n| Contributor::author(format!("Person {}", n % 30_000)))
            .collect();

        let (author, others) = authors(&record);

        assert_eq!(author, "Person 0");
        let others: Vec<&str> = others.split(", ").collect();
        assert_eq!(others.len(), 29_999);
        assert_eq!(others[0], "Person 1");
        assert_eq!(others[29_998], "Person 29999");
    }
}
