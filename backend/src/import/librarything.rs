//! LibraryThing exports: tab-separated, comma-separated and JSON.
//!
//! All three are first turned into [`LtBook`], which [`LtBook::into_record`] maps to
//! a record, so the formats cannot drift apart. The delimited exports name their
//! columns `Book Id`, `Title`, `Primary Author`, `Secondary Author` (separated by `|`),
//! `Collections`, `Tags`, `ISBNs` and so on; authors are written last name first.
//! LibraryThing files mix UTF-8 with Windows-1252 bytes, so fields are decoded one by
//! one (see [`super::text::decode_field`]).

use crate::msg;
use csv::StringRecord;

use crate::dates::PartialDate;
use crate::isbn::Isbns;
use crate::model::{
    BookFields, Contributor, ContributorRole, EntryFields, LibraryRecord, ReadingFields,
    ReadingStatus, SeriesRef,
};
use crate::normalize::clean_name;
use crate::series::{position_index, split_series};

use super::dates::DateReader;
use super::fields::{RowReport, split_list};
use super::table::{Header, read_table};
use super::{ImportError, ImportFormat, ParsedImport, RowRejection};

pub use super::librarything_json::{looks_like_librarything_json, parse_json};

/// One LibraryThing book as text fields, whichever format it came from.
#[derive(Debug, Clone, Default)]
pub struct LtBook {
    pub id: String,
    pub title: String,
    /// Names (either name order) with their LibraryThing role, primary author first.
    pub authors: Vec<(String, String)>,
    pub isbns: Vec<String>,
    pub tags: Vec<String>,
    pub collections: Vec<String>,
    pub series: Vec<String>,
    pub rating: String,
    pub review: String,
    pub comment: String,
    pub private_comment: String,
    pub media: String,
    pub publication: String,
    pub date: String,
    pub pages: String,
    pub language: String,
    pub copies: String,
    pub date_started: String,
    pub date_read: String,
    pub entry_date: String,
    pub acquired: String,
    /// Notes from decoding, such as fields read as Windows-1252.
    pub notes: Vec<String>,
}

/// Parses a tab- or comma-separated LibraryThing export; the delimiter is taken
/// from the header line.
pub fn parse_delimited(bytes: &[u8]) -> Result<ParsedImport, ImportError> {
    let delimiter = if super::table::first_line(bytes).contains('\t') {
        b'\t'
    } else {
        b','
    };
    let table = read_table(bytes, delimiter)?;
    let header = &table.header;
    header.require(ImportFormat::Librarything, "Title")?;

    let books: Vec<Result<LtBook, String>> = table
        .rows
        .iter()
        .map(|row| {
            let row = row.as_ref().map_err(Clone::clone)?;
            let mut book = book_from_row(header, &row.fields);
            book.notes.extend(row.encoding_notes());
            Ok(book)
        })
        .collect();
    let mut parsed = into_import(books);
    parsed.notes.splice(0..0, header.repeated_note());
    parsed.notes.extend(table.blank_note());
    Ok(parsed)
}

fn book_from_row(header: &Header, row: &StringRecord) -> LtBook {
    let get = |name: &str| header.get(row, name).to_string();
    let mut authors = vec![(get("Primary Author"), get("Primary Author Role"))];
    let secondary = get("Secondary Author");
    let roles = get("Secondary Author Roles");
    let mut roles = roles.split(['|', ';']);
    for name in secondary.split(['|', ';']) {
        authors.push((name.to_string(), roles.next().unwrap_or("").to_string()));
    }
    let list = |name: &str| split_list(&get(name)).map(str::to_string).collect();
    let isbns = [get("ISBN"), get("ISBNs")]
        .iter()
        .flat_map(|value| {
            split_list(value.trim_matches(['[', ']']))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();

    LtBook {
        id: get("Book Id"),
        title: get("Title"),
        authors,
        isbns,
        tags: list("Tags"),
        collections: list("Collections"),
        series: get("Series").split('|').map(str::to_string).collect(),
        rating: get("Rating"),
        review: get("Review"),
        comment: get("Comment"),
        private_comment: get("Private Comment"),
        media: get("Media"),
        publication: get("Publication"),
        date: get("Date"),
        pages: get("Page Count"),
        language: get("Languages"),
        copies: get("Copies"),
        date_started: get("Date Started"),
        date_read: get("Date Read"),
        entry_date: get("Entry Date"),
        acquired: get("Acquired"),
        notes: Vec::new(),
    }
}

/// Maps books to records with one day/month order for the whole file.
pub fn into_import(books: Vec<Result<LtBook, String>>) -> ParsedImport {
    let dates = DateReader::detect(books.iter().flatten().flat_map(|book| {
        [
            book.date_started.as_str(),
            book.date_read.as_str(),
            book.entry_date.as_str(),
            book.acquired.as_str(),
        ]
    }));
    let mut parsed = ParsedImport {
        format: ImportFormat::Librarything,
        rows: Vec::new(),
        rejected: Vec::new(),
        notes: dates.note().map(str::to_string).into_iter().collect(),
    };
    for (index, book) in books.into_iter().enumerate() {
        let number = index + 1;
        let mut report = RowReport::default();
        match book.and_then(|book| book.into_record(&dates, &mut report)) {
            Ok(record) => parsed.rows.push(report.into_row(number, record)),
            Err(reason) => parsed.rejected.push(RowRejection {
                row: number,
                title: None,
                reason,
            }),
        }
    }
    parsed
}

impl LtBook {
    pub fn into_record(
        self,
        dates: &DateReader,
        report: &mut RowReport,
    ) -> Result<LibraryRecord, String> {
        report.notes.extend(self.notes.iter().cloned());
        let full_title = report.text("Title", &self.title).ok_or_else(|| {
            msg!(
                "row-no-title",
                "the Title is empty, so the book cannot be identified"
            )
        })?;
        let (title, title_series) = split_series(&full_title);
        let mut book = BookFields {
            title,
            series: self
                .series
                .iter()
                .find_map(|text| parse_series_field(text))
                .or(title_series),
            librarything_id: report.text("Book Id", &self.id),
            publisher: report.text("Publication", &self.publication),
            format: report.text("Media", &self.media),
            pages: leading_number(&self.pages),
            published_year: year_in(&self.date),
            language: split_list(&self.language).next().map(str::to_string),
            contributors: self.contributors(report),
            ..BookFields::default()
        };
        self.read_isbns(report, &mut book);

        let started = report.date(dates, "Date Started", &self.date_started);
        let finished = report.date(dates, "Date Read", &self.date_read);
        let (status, owned, shelves) = self.collections_meaning(started, finished);
        let review = report.review("Review", &self.review);
        let notes: Vec<String> = [
            ("Comment", &self.comment),
            ("Private Comment", &self.private_comment),
        ]
        .into_iter()
        .filter_map(|(column, value)| report.text(column, value))
        .collect();
        let added = report.date(dates, "Entry Date", &self.entry_date);
        let entry = EntryFields {
            status,
            rating: report.rating("Rating", &self.rating),
            review_spoiler: review.as_ref().is_some_and(|review| review.spoiler),
            review: review.map(|review| review.text),
            private_notes: (!notes.is_empty()).then(|| notes.join("\n\n")),
            owned_copies: if owned {
                leading_number(&self.copies).unwrap_or(1)
            } else {
                0
            },
            date_added: added.or_else(|| report.date(dates, "Acquired", &self.acquired)),
        };

        Ok(LibraryRecord {
            book,
            readings: readings(status, started, finished),
            entry,
            shelves,
            tags: self.tags,
        })
    }

    /// Authors in first-last order. A name without a role, or with role `Author`,
    /// is an author.
    fn contributors(&self, report: &mut RowReport) -> Vec<Contributor> {
        let mut contributors: Vec<Contributor> = Vec::new();
        for (name, role) in &self.authors {
            let Some(name) = report.text("Author", name) else {
                continue;
            };
            let contributor = Contributor {
                name: first_last(&name),
                role: role_from_label(role),
            };
            if !contributors.contains(&contributor) {
                contributors.push(contributor);
            }
        }
        contributors
    }

    /// Takes the first usable ISBN. Only when none is usable are the errors flagged.
    fn read_isbns(&self, report: &mut RowReport, book: &mut BookFields) {
        let mut attempt = RowReport::default();
        for value in &self.isbns {
            if let Some(Isbns { isbn10, isbn13 }) = attempt.isbn("ISBN", value) {
                book.isbn10 = isbn10;
                book.isbn13 = isbn13;
                report.notes.append(&mut attempt.notes);
                return;
            }
        }
        report.problems.append(&mut attempt.problems);
    }

    /// Reads the collections as status, ownership and shelves.
    ///
    /// `Currently reading`, `Read but unowned` and `To read` are statuses, in that
    /// order of precedence. `Your library` means the book is owned and `Read but
    /// unowned` and `Wishlist` that it is not. Every collection other than `Your
    /// library` and the three status collections becomes a shelf. Without a status
    /// collection, a `Date Read` means read and a `Date Started` alone means reading.
    fn collections_meaning(
        &self,
        started: Option<PartialDate>,
        finished: Option<PartialDate>,
    ) -> (ReadingStatus, bool, Vec<String>) {
        let has = |name: &str| {
            self.collections
                .iter()
                .any(|c| c.eq_ignore_ascii_case(name))
        };
        let status = if has("Currently reading") {
            ReadingStatus::Reading
        } else if has("Read but unowned") {
            ReadingStatus::Read
        } else if has("To read") {
            ReadingStatus::WantToRead
        } else if finished.is_some() {
            ReadingStatus::Read
        } else if started.is_some() {
            ReadingStatus::Reading
        } else {
            ReadingStatus::WantToRead
        };
        let owned = has("Your library") || !(has("Read but unowned") || has("Wishlist"));
        let status_collections = [
            "Your library",
            "Currently reading",
            "Read but unowned",
            "To read",
        ];
        let shelves = self
            .collections
            .iter()
            .filter(|c| !status_collections.iter().any(|s| c.eq_ignore_ascii_case(s)))
            .cloned()
            .collect();
        (status, owned, shelves)
    }
}

/// LibraryThing keeps one pair of reading dates per book.
fn readings(
    status: ReadingStatus,
    started: Option<PartialDate>,
    finished: Option<PartialDate>,
) -> Vec<ReadingFields> {
    let mut readings = Vec::new();
    if started.is_some() || finished.is_some() {
        readings.push(ReadingFields {
            started,
            finished,
            ..ReadingFields::default()
        });
    }
    let open = readings.last().is_some_and(|last| last.finished.is_none());
    match status {
        ReadingStatus::Read if readings.is_empty() => readings.push(ReadingFields::default()),
        ReadingStatus::Reading if !open => readings.push(ReadingFields::default()),
        _ => {}
    }
    readings
}

fn role_from_label(label: &str) -> ContributorRole {
    match label.trim().to_lowercase().as_str() {
        "" | "author" | "primary author" => ContributorRole::Author,
        "introduction" | "foreword" | "afterword" | "preface" => ContributorRole::Foreword,
        "illustrator" | "cover artist" => ContributorRole::Illustrator,
        other => ContributorRole::parse(other).unwrap_or(ContributorRole::Other),
    }
}

/// Turns `Tolkien, J. R. R.` into `J. R. R. Tolkien`. Names with no comma or more than
/// one are kept as written, because the parts cannot be distinguished safely.
pub fn first_last(name: &str) -> String {
    match name.split_once(',') {
        Some((last, first)) if !first.contains(',') && !first.trim().is_empty() => {
            clean_name(&format!("{} {}", first.trim(), last.trim()))
        }
        _ => clean_name(name),
    }
}

/// Reads a series field such as `Some Saga ; 7`, `Some Saga (7)` or `Some Saga, #7`.
fn parse_series_field(text: &str) -> Option<SeriesRef> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let (_, Some(series)) = split_series(&format!("x ({text})")) {
        return Some(series);
    }
    let (name, position) = if let Some((name, position)) = text.split_once(';') {
        (name.trim(), position.trim())
    } else if let Some(open) = text.rfind('(').filter(|_| text.ends_with(')')) {
        (text[..open].trim(), text[open + 1..text.len() - 1].trim())
    } else {
        (text, "")
    };
    let index = position.split('-').next().and_then(position_index);
    Some(SeriesRef {
        name: name.to_string(),
        index,
        position: (!position.is_empty()).then(|| position.to_string()),
    })
}

/// Reads the leading whole number of values such as `321 pp.` or `2`.
fn leading_number(text: &str) -> Option<i64> {
    let digits: String = text
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Finds the first four-digit year in values such as `1999` or `c1999`.
fn year_in(text: &str) -> Option<i64> {
    text.as_bytes()
        .windows(4)
        .position(|window| window.iter().all(u8::is_ascii_digit))
        .and_then(|at| text[at..at + 4].parse().ok())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn names_flipped_to_first_last() {
        assert_eq!(first_last("Tolkien, J. R. R."), "J. R. R. Tolkien");
        assert_eq!(first_last("Plato"), "Plato");
        assert_eq!(
            first_last("King, Martin Luther, Jr."),
            "King, Martin Luther, Jr."
        );
    }

    #[test]
    fn series_field_forms() {
        let semicolon = parse_series_field("Some Saga ; 7").unwrap();
        assert_eq!(semicolon.name, "Some Saga");
        assert_eq!(semicolon.index, Some(7.0));
        for text in ["Saga ; NaN", "Saga ; inf", "Saga ; -infinity"] {
            let series = parse_series_field(text).unwrap();
            assert_eq!(series.index, None, "{text}");
            assert!(series.position.is_some(), "{text}");
        }
        let parenthesised = parse_series_field("Some Saga (2)").unwrap();
        assert_eq!(parenthesised.name, "Some Saga");
        assert_eq!(parenthesised.position.as_deref(), Some("2"));
        let hashed = parse_series_field("Some Saga, #3").unwrap();
        assert_eq!(hashed.position.as_deref(), Some("3"));
        assert_eq!(parse_series_field(" "), None);
    }

    #[test]
    fn numbers_inside_text() {
        assert_eq!(leading_number("321 pp."), Some(321));
        assert_eq!(leading_number("xii"), None);
        assert_eq!(year_in("c1999"), Some(1999));
        assert_eq!(year_in("n.d."), None);
    }
}
