//! Turning a library into the figures of a report.

use std::collections::{BTreeMap, HashSet};

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::dates::PartialDate;
use crate::model::{ContributorRole, LibraryRecord};

/// How many authors the "most read" table lists.
const TOP_AUTHORS: usize = 10;

/// One finished reading of a book. A book read twice in the period appears twice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FinishedBook {
    /// The finish date as recorded: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub finished: String,
    pub title: String,
    pub authors: Vec<String>,
    pub pages: Option<i64>,
    /// Stars in quarter steps.
    pub rating: Option<f64>,
    /// The series and position, such as `Discworld #3`.
    pub series: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BookRef {
    pub title: String,
    pub finished: String,
    pub pages: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    pub books: u64,
    pub pages: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AuthorCount {
    pub name: String,
    pub books: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RatingCount {
    pub stars: f64,
    pub books: u64,
}

/// The report of one period. Every list has a fixed order, so the same library gives
/// the same bytes in every format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Report {
    #[schema(value_type = String)]
    pub from: NaiveDate,
    #[schema(value_type = String)]
    pub to: NaiveDate,
    pub books_finished: u64,
    /// Pages of the finished books that have a page count.
    pub pages_read: i64,
    /// Mean rating of the finished books that are rated, to two decimals.
    pub average_rating: Option<f64>,
    pub rated_books: u64,
    /// Every month of the period, including those without books.
    pub months: Vec<MonthCount>,
    /// Books whose finish date gives the year only, so no month can hold them.
    pub books_without_month: u64,
    pub longest: Option<BookRef>,
    pub shortest: Option<BookRef>,
    pub first: Option<BookRef>,
    pub last: Option<BookRef>,
    /// Most books first, then by name.
    pub top_authors: Vec<AuthorCount>,
    /// From five stars down, rated books only.
    pub ratings: Vec<RatingCount>,
    /// In order of finish date, then title.
    pub books: Vec<FinishedBook>,
}

/// Returns the year when `from` to `to` is one whole calendar year.
pub fn calendar_year(from: NaiveDate, to: NaiveDate) -> Option<i32> {
    let year = from.year();
    (from.ordinal() == 1 && to.year() == year && to.month() == 12 && to.day() == 31).then_some(year)
}

/// Names a period in file names: `2024` for a calendar year, else
/// `2024-01-01_2024-06-30`.
pub fn period_name(from: NaiveDate, to: NaiveDate) -> String {
    match calendar_year(from, to) {
        Some(year) => year.to_string(),
        None => format!("{from}_{to}"),
    }
}

/// Returns the first and last day a partial date may mean: `2024-03` spans March.
fn span(date: PartialDate) -> Option<(NaiveDate, NaiveDate)> {
    let year = date.get_year();
    match (date.get_month(), date.get_day()) {
        (Some(_), Some(_)) => date.to_naive().map(|day| (day, day)),
        (Some(month), None) => {
            let first = NaiveDate::from_ymd_opt(year, u32::from(month), 1)?;
            let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
            Some((first, last))
        }
        _ => Some((
            NaiveDate::from_ymd_opt(year, 1, 1)?,
            NaiveDate::from_ymd_opt(year, 12, 31)?,
        )),
    }
}

fn book_ref(book: &FinishedBook) -> BookRef {
    BookRef {
        title: book.title.clone(),
        finished: book.finished.clone(),
        pages: book.pages,
    }
}

impl Report {
    /// Builds the report of the readings finished from `from` to `to`, both inclusive.
    ///
    /// A reading counts when every day its finish date may mean lies in the
    /// period: a book finished "2024" is in the report of 2024 but not in one of the
    /// first half of 2024, because it may have been finished in December.
    pub fn build(records: &[LibraryRecord], from: NaiveDate, to: NaiveDate) -> Report {
        // Each finished reading, with the index of its record: a book read twice in
        // the period counts twice in the books and pages, once in the ratings and
        // authors, as the statistics count them.
        let mut readings: Vec<(usize, FinishedBook)> = Vec::new();
        for (index, record) in records.iter().enumerate() {
            for reading in &record.readings {
                let Some(finished) = reading.finished else {
                    continue;
                };
                let Some((first, last)) = span(finished) else {
                    continue;
                };
                if first < from || last > to {
                    continue;
                }
                let series = record.book.series.as_ref().map(|series| {
                    match series.position.as_deref().filter(|text| !text.is_empty()) {
                        Some(position) => format!("{} #{position}", series.name),
                        None => series.name.clone(),
                    }
                });
                readings.push((
                    index,
                    FinishedBook {
                        finished: finished.to_string(),
                        title: record.book.title.clone(),
                        authors: record
                            .book
                            .contributors
                            .iter()
                            .filter(|person| person.role == ContributorRole::Author)
                            .map(|person| person.name.clone())
                            .collect(),
                        pages: record.book.pages.filter(|pages| *pages > 0),
                        rating: record.entry.rating.map(|rating| rating.stars()),
                        series,
                    },
                ));
            }
        }
        readings.sort_by(|(_, a), (_, b)| a.finished.cmp(&b.finished).then(a.title.cmp(&b.title)));
        let mut counted: HashSet<usize> = HashSet::new();
        let first_of_book: Vec<bool> = readings
            .iter()
            .map(|(index, _)| counted.insert(*index))
            .collect();
        let books: Vec<FinishedBook> = readings.into_iter().map(|(_, book)| book).collect();

        let mut months: BTreeMap<String, MonthCount> = BTreeMap::new();
        let mut month = NaiveDate::from_ymd_opt(from.year(), from.month(), 1);
        while let Some(day) = month.filter(|day| *day <= to) {
            let key = day.format("%Y-%m").to_string();
            months.insert(
                key.clone(),
                MonthCount {
                    month: key,
                    books: 0,
                    pages: 0,
                },
            );
            month = day.checked_add_months(Months::new(1));
        }
        let mut books_without_month = 0;
        let mut authors: BTreeMap<&str, u64> = BTreeMap::new();
        let mut ratings: BTreeMap<u64, u64> = BTreeMap::new();
        let mut rating_sum = 0.0;
        let mut rated_books = 0;
        for (book, first) in books.iter().zip(first_of_book) {
            match months.get_mut(book.finished.get(..7).unwrap_or("")) {
                Some(count) if book.finished.len() >= 7 => {
                    count.books += 1;
                    count.pages += book.pages.unwrap_or(0);
                }
                _ => books_without_month += 1,
            }
            if !first {
                continue;
            }
            for author in &book.authors {
                *authors.entry(author).or_default() += 1;
            }
            if let Some(stars) = book.rating {
                *ratings.entry((stars * 4.0).round() as u64).or_default() += 1;
                rating_sum += stars;
                rated_books += 1;
            }
        }

        let mut top_authors: Vec<AuthorCount> = authors
            .into_iter()
            .map(|(name, books)| AuthorCount {
                name: name.to_string(),
                books,
            })
            .collect();
        top_authors.sort_by(|a, b| b.books.cmp(&a.books).then(a.name.cmp(&b.name)));
        top_authors.truncate(TOP_AUTHORS);

        let with_pages = || books.iter().filter(|book| book.pages.is_some());
        // Ties go to the earlier finish, which comes first in `books`.
        let longest = with_pages().fold(None::<&FinishedBook>, |best, book| match best {
            Some(best) if best.pages >= book.pages => Some(best),
            _ => Some(book),
        });
        let shortest = with_pages().fold(None::<&FinishedBook>, |best, book| match best {
            Some(best) if best.pages <= book.pages => Some(best),
            _ => Some(book),
        });

        Report {
            from,
            to,
            books_finished: books.len() as u64,
            pages_read: books.iter().filter_map(|book| book.pages).sum(),
            average_rating: (rated_books > 0)
                .then(|| (rating_sum / rated_books as f64 * 100.0).round() / 100.0),
            rated_books,
            months: months.into_values().collect(),
            books_without_month,
            longest: longest.map(book_ref),
            shortest: shortest.map(book_ref),
            first: books.first().map(book_ref),
            last: books.last().map(book_ref),
            top_authors,
            ratings: ratings
                .into_iter()
                .rev()
                .map(|(quarters, books)| RatingCount {
                    stars: quarters as f64 / 4.0,
                    books,
                })
                .collect(),
            books,
        }
    }

    /// Returns the year when the period is one whole calendar year.
    pub fn calendar_year(&self) -> Option<i32> {
        calendar_year(self.from, self.to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BookFields, Contributor, EntryFields, Rating, ReadingFields, SeriesRef};

    fn record(
        title: &str,
        author: &str,
        pages: i64,
        stars: f64,
        finished: &[&str],
    ) -> LibraryRecord {
        LibraryRecord {
            book: BookFields {
                title: title.to_string(),
                pages: Some(pages),
                contributors: vec![Contributor::author(author)],
                ..Default::default()
            },
            entry: EntryFields {
                rating: Some(Rating::from_stars(stars).unwrap()),
                ..Default::default()
            },
            readings: finished
                .iter()
                .map(|date| ReadingFields {
                    finished: Some(date.parse().unwrap()),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn report_counts_dates_inside_period() {
        let mut series = record(
            "Guards! Guards!",
            "Terry Pratchett",
            288,
            4.5,
            &["2024-03-02"],
        );
        series.book.series = Some(SeriesRef {
            name: "Discworld".to_string(),
            index: Some(8.0),
            position: Some("8".to_string()),
        });
        let records = vec![
            series,
            record(
                "Dune",
                "Frank Herbert",
                612,
                4.0,
                &["2024-01-20", "2024-11"],
            ),
            record("Year only", "A. Writer", 100, 3.0, &["2024"]),
            record("Last year", "A. Writer", 100, 3.0, &["2023-12-31"]),
        ];

        let year = Report::build(&records, day("2024-01-01"), day("2024-12-31"));
        assert_eq!(year.books_finished, 4);
        assert_eq!(year.pages_read, 288 + 612 * 2 + 100);
        assert_eq!(year.books_without_month, 1);
        assert_eq!(year.months.len(), 12);
        assert_eq!(year.months[0].books, 1);
        assert_eq!(year.months[10].pages, 612);
        assert_eq!(year.calendar_year(), Some(2024));
        assert_eq!(year.first.as_ref().unwrap().title, "Year only");
        assert_eq!(year.last.as_ref().unwrap().finished, "2024-11");
        assert_eq!(year.longest.as_ref().unwrap().finished, "2024-01-20");
        assert_eq!(year.shortest.as_ref().unwrap().title, "Year only");
        // Dune, read twice, counts twice in the books and pages above, and once for
        // its author and its rating, as the statistics count it.
        let authors: Vec<(&str, u64)> = year
            .top_authors
            .iter()
            .map(|author| (author.name.as_str(), author.books))
            .collect();
        assert_eq!(
            authors,
            [
                ("A. Writer", 1),
                ("Frank Herbert", 1),
                ("Terry Pratchett", 1)
            ]
        );
        assert_eq!(year.ratings[0].stars, 4.5);
        assert_eq!(year.rated_books, 3);
        assert_eq!(year.average_rating, Some(3.83));
        assert_eq!(year.books[2].series.as_deref(), Some("Discworld #8"));
        assert_eq!(year.books[1].series, None);

        let half = Report::build(&records, day("2024-01-01"), day("2024-06-30"));
        let titles: Vec<&str> = half.books.iter().map(|b| b.title.as_str()).collect();
        assert_eq!(titles, ["Dune", "Guards! Guards!"]);
        assert_eq!(half.calendar_year(), None);
        assert_eq!(half.months.len(), 6);
    }

    #[test]
    fn report_of_empty_period_lists_months() {
        let report = Report::build(&[], day("2024-02-10"), day("2024-04-01"));
        assert_eq!(report.books_finished, 0);
        assert_eq!(report.average_rating, None);
        let months: Vec<&str> = report.months.iter().map(|m| m.month.as_str()).collect();
        assert_eq!(months, ["2024-02", "2024-03", "2024-04"]);
    }
}
