//! The Library's copy of each loaded book, kept small because the list contains
//! every loaded book.

use std::collections::HashSet;
use std::sync::Arc;

use estante_backend::model::{Rating, ReadingStatus};
use estante_backend::storage::BookSummary;

/// One book of the list with the fields the table shows and sorts by. Unlike
/// [`BookSummary`] it leaves out the ISBN, page count and dates, and it shares
/// author and series names between books.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: i64,
    pub title: String,
    /// The author names joined with ", ", as the table shows them.
    pub authors: Arc<str>,
    pub series: Option<Arc<str>>,
    pub series_index: Option<f64>,
    pub status: ReadingStatus,
    pub rating: Option<Rating>,
    /// The year of the latest finished reading.
    pub year_read: Option<u16>,
}

/// Shares equal author and series names between rows, so a library where one
/// author wrote 300 books stores that name once.
#[derive(Debug, Default)]
pub struct Names(HashSet<Arc<str>>);

impl Names {
    pub fn clear(&mut self) {
        self.0 = HashSet::new();
    }

    pub fn intern(&mut self, name: &str) -> Arc<str> {
        if let Some(shared) = self.0.get(name) {
            return Arc::clone(shared);
        }
        let shared: Arc<str> = Arc::from(name);
        self.0.insert(Arc::clone(&shared));
        shared
    }

    /// Joins `authors` with ", " and interns the result.
    pub fn authors(&mut self, authors: &[String]) -> Arc<str> {
        match authors {
            [one] => self.intern(one),
            _ => self.intern(&authors.join(", ")),
        }
    }
}

impl Row {
    pub fn new(book: BookSummary, names: &mut Names) -> Self {
        Self {
            id: book.id,
            authors: names.authors(&book.authors),
            series: book.series.as_deref().map(|series| names.intern(series)),
            series_index: book.series_index,
            status: book.status,
            rating: book.rating,
            year_read: book.last_read.as_deref().and_then(year_of),
            title: book.title,
        }
    }
}

/// Returns the year of a `YYYY[-MM[-DD]]` date, or `None` when it does not start
/// with a year.
fn year_of(date: &str) -> Option<u16> {
    date.get(..4)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(authors: &[&str], series: Option<&str>) -> BookSummary {
        BookSummary {
            id: 7,
            title: "Winter".to_string(),
            authors: authors.iter().map(|name| name.to_string()).collect(),
            series: series.map(str::to_string),
            series_index: Some(1.5),
            isbn13: Some("9780241207000".to_string()),
            pages: Some(322),
            status: ReadingStatus::Read,
            rating: Rating::from_quarters(14).ok(),
            last_read: Some("2021-03-04".to_string()),
            date_added: Some("2020-01-01".to_string()),
        }
    }

    #[test]
    fn row_keeps_shown_fields() {
        let mut names = Names::default();
        let row = Row::new(
            summary(&["Ali Smith", "Sarah Wood"], Some("Seasonal")),
            &mut names,
        );
        assert_eq!(row.id, 7);
        assert_eq!(row.title, "Winter");
        assert_eq!(&*row.authors, "Ali Smith, Sarah Wood");
        assert_eq!(row.series.as_deref(), Some("Seasonal"));
        assert_eq!(row.series_index, Some(1.5));
        assert_eq!(row.rating.map(Rating::quarters), Some(14));
        assert_eq!(row.year_read, Some(2021));
    }

    #[test]
    fn rows_share_names() {
        let mut names = Names::default();
        let first = Row::new(summary(&["Ali Smith"], Some("Seasonal")), &mut names);
        let second = Row::new(summary(&["Ali Smith"], Some("Seasonal")), &mut names);
        assert!(Arc::ptr_eq(&first.authors, &second.authors));
        let (Some(first_series), Some(second_series)) = (&first.series, &second.series) else {
            panic!("both rows have a series");
        };
        assert!(Arc::ptr_eq(first_series, second_series));
    }

    #[test]
    fn year_of_needs_a_year() {
        assert_eq!(year_of("2024"), Some(2024));
        assert_eq!(year_of("2024-11-30"), Some(2024));
        assert_eq!(year_of("24"), None);
        assert_eq!(year_of("soon"), None);
    }
}
