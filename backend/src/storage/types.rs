//! Values that storage returns and the API sends as JSON.

use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::dates::PartialDate;
use crate::import::{ImportFormat, RowRejection};
use crate::model::{
    BookFields, EntryFields, LibraryRecord, ProgressUnit, Rating, ReadingFields, ReadingStatus,
};

/// Identifies the owner of every row a storage call touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UserId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct User {
    pub id: i64,
    pub name: String,
}

impl User {
    pub fn user_id(&self) -> UserId {
        UserId(self.id)
    }
}

/// One of a user's tokens as the user may see it: never the token or its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TokenInfo {
    pub id: i64,
    /// The label the login gave, such as a host name, or `login` when it gave none.
    pub label: Option<String>,
    /// When the token was issued, RFC 3339 in UTC.
    pub created_at: String,
    /// When the server deletes the token, RFC 3339 in UTC; `null` when its tokens do
    /// not expire.
    pub expires_at: Option<String>,
    /// True for the token the request itself carried.
    pub current: bool,
}

/// A token's owner and the revision of the owner's library, as one statement read them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenOwner {
    pub token_hash: String,
    pub user: User,
    pub revision: i64,
}

/// A book to create: its bibliographic fields and, optionally, the reader's side.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct NewBook {
    #[serde(flatten)]
    pub fields: BookFields,
    pub entry: Option<EntryFields>,
}

/// The reader's side of a book, with the version to send back in `If-Match`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Entry {
    #[serde(flatten)]
    pub fields: EntryFields,
    pub version: i64,
}

/// A partial update of an entry: absent fields stay as they are, and `null` clears
/// a field that may be empty. Serialising writes only the fields that are set, so a
/// client can build a patch with this type and send it as is. The API rejects a key
/// that names no field, and names every such key in its error.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct EntryPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ReadingStatus>,
    #[serde(deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>)]
    pub rating: Option<Option<Rating>>,
    #[serde(deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub review: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_spoiler: Option<bool>,
    #[serde(deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub private_notes: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owned_copies: Option<i64>,
    #[serde(deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub date_added: Option<Option<PartialDate>>,
    /// The date a status change gives the book's reading: a change to `read`
    /// finishes the open reading on this date, `did_not_finish` and
    /// `want_to_read` stop it, and `reading` and `paused` start one when none is
    /// open. A book with no reading open that becomes `read` or `did_not_finish`
    /// gets a reading that ended on this date, unless one already ended that day.
    /// Clients send their
    /// local date,
    /// because the server's date is in UTC and is used only when this is absent. It
    /// is not an entry field, so [`EntryPatch::apply_to`] ignores it. The API rejects
    /// it without `status`, and a date before the open reading's start.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, example = "2024-03-18")]
    pub status_date: Option<PartialDate>,
}

impl EntryPatch {
    /// Writes the fields this patch sets into `fields`, leaving the others alone. The
    /// server applies patches this way, and a client can use it to show a change
    /// before the server confirms it.
    pub fn apply_to(&self, fields: &mut EntryFields) {
        if let Some(status) = self.status {
            fields.status = status;
        }
        if let Some(rating) = self.rating {
            fields.rating = rating;
        }
        if let Some(review) = &self.review {
            fields.review.clone_from(review);
        }
        if let Some(spoiler) = self.review_spoiler {
            fields.review_spoiler = spoiler;
        }
        if let Some(notes) = &self.private_notes {
            fields.private_notes.clone_from(notes);
        }
        if let Some(copies) = self.owned_copies {
            fields.owned_copies = copies;
        }
        if let Some(date) = self.date_added {
            fields.date_added = date;
        }
    }
}

/// Marks a field that appeared in the JSON, so `null` differs from absent.
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Reading {
    pub id: i64,
    pub book_id: i64,
    #[serde(flatten)]
    pub fields: ReadingFields,
    pub version: i64,
}

/// A shelf or a tag, with the number of books that carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Label {
    pub id: i64,
    pub name: String,
    pub book_count: i64,
    pub version: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LabelKind {
    Shelf,
    Tag,
}

impl LabelKind {
    pub fn entity(self) -> &'static str {
        match self {
            Self::Shelf => "shelf",
            Self::Tag => "tag",
        }
    }
}

/// A book after another copy of it was merged into it and deleted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MergedBook {
    pub book: Book,
    /// Values of the merged copy that this book already had otherwise, and which
    /// were therefore not carried over. Reviews and private notes are never here:
    /// two different texts are both kept, one after the other.
    pub not_kept: Vec<NotKept>,
}

/// One value of a merged copy that was not carried over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NotKept {
    /// The field as the API names it, such as `pages` or `entry.rating`.
    pub field: String,
    /// The merged copy's value, as text.
    pub value: String,
}

/// A book with everything the reader keeps about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Book {
    pub id: i64,
    #[serde(flatten)]
    pub fields: BookFields,
    pub version: i64,
    pub entry: Entry,
    pub readings: Vec<Reading>,
    pub shelves: Vec<String>,
    pub tags: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl Book {
    /// Drops the ids and versions, keeping what an export carries.
    pub fn into_record(self) -> LibraryRecord {
        LibraryRecord {
            book: self.fields,
            entry: self.entry.fields,
            readings: self.readings.into_iter().map(|r| r.fields).collect(),
            shelves: self.shelves,
            tags: self.tags,
        }
    }
}

/// One row of a book list: enough to draw a table without another request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BookSummary {
    pub id: i64,
    pub title: String,
    pub authors: Vec<String>,
    pub series: Option<String>,
    pub series_index: Option<f64>,
    pub isbn13: Option<String>,
    pub pages: Option<i64>,
    pub status: ReadingStatus,
    pub rating: Option<Rating>,
    /// Latest finished date over all readings.
    pub last_read: Option<String>,
    pub date_added: Option<String>,
}

/// A book's list row and the words of its entry in the full-text index.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchableBook {
    pub summary: BookSummary,
    /// The words, separated by single spaces: the folded document that SQLite's FTS5
    /// splits at spaces, or PostgreSQL's lexemes of it. Empty for a book that has no
    /// search document.
    pub document: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    Title,
    Author,
    Added,
    Rating,
    Read,
    Pages,
    /// Book id, which grows as books are stored. The full-text index returns matches
    /// in this order, so a search sorted by id reads only the matches of its page.
    Id,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    #[default]
    Asc,
    Desc,
}

/// Filters, sorting and the page position of a book list. An unknown parameter is
/// refused: a misspelled filter such as `min_ratng` would otherwise list the whole
/// library as if it had been applied.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema, IntoParams)]
#[serde(default, deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BookQuery {
    /// Full-text search over title, authors, series, tags and review. Every word must
    /// match, and a word matches as a prefix. At most 16 words.
    pub q: Option<String>,
    pub status: Option<ReadingStatus>,
    /// Shelf name.
    pub shelf: Option<String>,
    /// Tag name.
    pub tag: Option<String>,
    /// Minimum rating in stars.
    pub min_rating: Option<f64>,
    /// Books with a reading finished in this year.
    pub year_read: Option<i32>,
    /// Sort key. When absent, a search (`q` with at least one word) is sorted by `id`
    /// and any other list by `title`. Any other key makes a search read and sort all
    /// of its matches, not only those of the page.
    pub sort: Option<SortKey>,
    pub order: SortOrder,
    /// Opaque position returned as `next_cursor` by the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 1000; 100 when absent.
    pub limit: Option<u32>,
}

impl BookQuery {
    pub const DEFAULT_LIMIT: u32 = 100;
    pub const MAX_LIMIT: u32 = 1000;
    /// Returns the sort key in effect: the one requested, else `id` for a search
    /// with at least one word and `title` for any other list.
    pub fn sort_key(&self, has_words: bool) -> SortKey {
        self.sort.unwrap_or(if has_words {
            SortKey::Id
        } else {
            SortKey::Title
        })
    }
}

/// One page of a list. `next_cursor` is absent on the last page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
    /// Number of items matching the filters over all pages when `total_exact` is
    /// true, else a lower bound. A book list without search words is counted on its
    /// first page, and later pages repeat that count. A search is not counted,
    /// because counting the matches of a common word costs several times the page:
    /// until its last page, `total` is the number of books listed so far plus one.
    /// The last page of any list has the number of items listed over all pages.
    pub total: i64,
    /// Whether `total` is the exact count rather than a lower bound.
    pub total_exact: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct NamedCount {
    pub name: String,
    pub count: i64,
}

/// Reading statistics for one year, or for all time when `year` is absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Stats {
    pub year: Option<i32>,
    /// Readings finished in the period (a re-read counts again).
    pub books_read: i64,
    /// Pages of those readings; books without a page count add nothing.
    pub pages_read: i64,
    /// Books finished per month, January first; empty for all-time statistics.
    pub books_per_month: Vec<i64>,
    pub pages_per_month: Vec<i64>,
    /// Count of rated books per rating, from 0.25 stars up; unrated books are left out.
    /// For a year, the books with a reading finished in it. For all time, every rated
    /// book, read or not, because a rating of a book left unfinished or read without
    /// a date is still the reader's.
    pub rating_distribution: Vec<RatingCount>,
    pub average_rating: Option<f64>,
    pub top_authors: Vec<NamedCount>,
    pub top_shelves: Vec<NamedCount>,
    pub status_counts: Vec<NamedCount>,
    /// Books read in the period with no page count.
    pub missing_pages: i64,
    /// Books marked read that have no finished date at all.
    pub missing_dates: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RatingCount {
    pub stars: f64,
    pub count: i64,
}

/// Outcome of one record of an imported file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RowOutcome {
    /// A new book was added.
    Imported,
    /// The record matched a book already in the library, which was completed from it.
    Merged,
    /// Added, but a person should look at it: a possible duplicate or a value that was
    /// dropped because it could not be read.
    Flagged,
    /// Not added; `reason` gives the cause.
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RowReport {
    pub row: usize,
    pub outcome: RowOutcome,
    pub book_id: Option<i64>,
    pub title: Option<String>,
    /// Cause of a merge, flag or rejection.
    pub reason: Option<String>,
    /// Repairs made while reading the row.
    pub notes: Vec<String>,
}

/// The per-row account of an import. The four counts add up to the number of
/// records in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ImportReport {
    pub format: ImportFormat,
    pub imported: usize,
    pub merged: usize,
    pub flagged: usize,
    pub rejected: usize,
    pub notes: Vec<String>,
    pub rows: Vec<RowReport>,
}

impl ImportReport {
    pub fn new(format: ImportFormat, notes: Vec<String>) -> Self {
        Self {
            format,
            imported: 0,
            merged: 0,
            flagged: 0,
            rejected: 0,
            notes,
            rows: Vec::new(),
        }
    }

    /// Counts the row under its outcome and appends it, with its title cut to
    /// [`REPORT_TITLE_CHARS`] so that a huge title in the file cannot swell the report.
    pub fn push(&mut self, mut row: RowReport) {
        if let Some(title) = &mut row.title {
            shorten_title(title);
        }
        match row.outcome {
            RowOutcome::Imported => self.imported += 1,
            RowOutcome::Merged => self.merged += 1,
            RowOutcome::Flagged => self.flagged += 1,
            RowOutcome::Rejected => self.rejected += 1,
        }
        self.rows.push(row);
    }

    pub fn reject(&mut self, rejection: &RowRejection) {
        self.push(RowReport {
            row: rejection.row,
            outcome: RowOutcome::Rejected,
            book_id: None,
            title: rejection.title.clone(),
            reason: Some(rejection.reason.clone()),
            notes: Vec::new(),
        });
    }
}

/// Maximum number of characters of a title in a row of an import report, counting
/// the closing `…`. It is enough to recognise a book, and the book itself keeps its
/// whole title.
pub const REPORT_TITLE_CHARS: usize = 200;

/// Cuts `title` to [`REPORT_TITLE_CHARS`] characters, ending it with `…` when cut.
fn shorten_title(title: &mut String) {
    if let Some((end, _)) = title.char_indices().nth(REPORT_TITLE_CHARS) {
        let kept = title[..end]
            .char_indices()
            .nth(REPORT_TITLE_CHARS - 1)
            .map_or(end, |(index, _)| index);
        title.truncate(kept);
        title.push('…');
    }
}

pub(crate) fn progress_unit_str(unit: ProgressUnit) -> &'static str {
    match unit {
        ProgressUnit::Pages => "pages",
        ProgressUnit::Percent => "percent",
    }
}

pub(crate) fn parse_progress_unit(text: &str) -> Option<ProgressUnit> {
    match text {
        "pages" => Some(ProgressUnit::Pages),
        "percent" => Some(ProgressUnit::Percent),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row_titled(title: &str, outcome: RowOutcome) -> RowReport {
        RowReport {
            row: 1,
            outcome,
            book_id: None,
            title: Some(title.to_string()),
            reason: None,
            notes: Vec::new(),
        }
    }

    #[test]
    fn report_titles_cut_for_every_outcome() {
        let long = "é".repeat(REPORT_TITLE_CHARS * 10);
        let outcomes = [
            RowOutcome::Imported,
            RowOutcome::Merged,
            RowOutcome::Flagged,
            RowOutcome::Rejected,
        ];
        let mut report = ImportReport::new(ImportFormat::Goodreads, Vec::new());
        for outcome in outcomes {
            report.push(row_titled(&long, outcome));
        }
        for row in &report.rows {
            let title = row.title.as_deref().unwrap();
            assert_eq!(
                title.chars().count(),
                REPORT_TITLE_CHARS,
                "{:?}",
                row.outcome
            );
            assert!(title.ends_with('…'), "{:?}", row.outcome);
            assert!(title.starts_with("éé"), "{:?}", row.outcome);
        }
    }

    #[test]
    fn report_titles_at_limit_kept() {
        let exact = "a".repeat(REPORT_TITLE_CHARS);
        let mut report = ImportReport::new(ImportFormat::Goodreads, Vec::new());
        report.push(row_titled(&exact, RowOutcome::Imported));
        report.push(row_titled("Short", RowOutcome::Imported));
        assert_eq!(report.rows[0].title.as_deref(), Some(exact.as_str()));
        assert_eq!(report.rows[1].title.as_deref(), Some("Short"));
    }
}
