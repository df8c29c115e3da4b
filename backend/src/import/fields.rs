//! Field parsing shared by the importers, collecting each row's repairs and problems.
//!
//! A value that cannot be used leaves its field empty and adds a problem, so the row
//! is still imported but flagged for review. A harmless repair adds a note.

use crate::dates::PartialDate;
use crate::isbn::{Isbns, parse_isbn};
use crate::model::{LibraryRecord, Rating};
use crate::msg;
use crate::normalize::clean_name;

use super::ParsedRow;
use super::dates::DateReader;
use super::text::{ReviewText, html_to_text, repair_double_encoding};

/// Upper bound on a read count. A larger value is treated as a typing or export
/// error, because each read becomes a stored reading.
// NOTE: the bound is a judgement, not a limit any tracker documents.
pub const MAX_READ_COUNT: i64 = 1000;

/// Notes and problems found while reading one row.
#[derive(Debug, Default)]
pub struct RowReport {
    pub notes: Vec<String>,
    pub problems: Vec<String>,
}

impl RowReport {
    /// Notes the series after the first that a title names, which the book cannot
    /// keep (see [`crate::series::other_series`]).
    pub fn note_other_series(&mut self, full_title: &str) {
        let others = crate::series::other_series(full_title);
        if !others.is_empty() {
            self.notes.push(msg!(
                "note-other-series",
                "the title also names {series}; a book keeps one series, so only the \
                 first was kept",
                series = others.join("; ")
            ));
        }
    }

    pub fn into_row(self, row: usize, record: LibraryRecord) -> ParsedRow {
        ParsedRow {
            row,
            record,
            notes: self.notes,
            problems: self.problems,
        }
    }

    /// Returns the trimmed text, or `None` when empty. Normalises CRLF to LF and
    /// repairs double-encoded UTF-8, noting the repair.
    pub fn text(&mut self, column: &str, value: &str) -> Option<String> {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            return None;
        }
        let mut text = trimmed.replace("\r\n", "\n");
        if let Some(repaired) = repair_double_encoding(&text) {
            self.notes.push(msg!(
                "note-double-encoding",
                "{column} {text} was encoded twice as UTF-8 and was repaired to {repaired}",
                column = column,
                text = format!("{text:?}"),
                repaired = format!("{repaired:?}")
            ));
            text = repaired;
        }
        Some(text)
    }

    /// Returns the text with runs of whitespace collapsed, for people's names.
    pub fn name(&mut self, column: &str, value: &str) -> Option<String> {
        self.text(column, value).map(|text| clean_name(&text))
    }

    pub fn integer(&mut self, column: &str, value: &str) -> Option<i64> {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            return None;
        }
        match trimmed.parse::<i64>() {
            Ok(number) => Some(number),
            Err(error) => {
                // Twenty digits are a whole number, only too large for any field.
                let reason = match error.kind() {
                    std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => {
                        msg!("problem-integer-too-large", "is too large")
                    }
                    _ => msg!("problem-not-integer", "is not a whole number"),
                };
                self.problem(column, trimmed, &reason);
                None
            }
        }
    }

    /// Parses a whole number that must lie in `range`, such as a page count or a year;
    /// a value outside it is a problem and leaves the field empty.
    pub fn bounded(
        &mut self,
        column: &str,
        value: &str,
        range: std::ops::RangeInclusive<i64>,
    ) -> Option<i64> {
        let number = self.integer(column, value)?;
        if range.contains(&number) {
            return Some(number);
        }
        let reason = msg!(
            "problem-range",
            "is not between {min} and {max}",
            min = range.start(),
            max = range.end()
        );
        self.problem(column, value.trim(), &reason);
        None
    }

    /// Parses a count such as `Read Count` or `Owned Copies`: a whole number from 0 to
    /// [`MAX_READ_COUNT`].
    pub fn count(&mut self, column: &str, value: &str) -> Option<i64> {
        self.count_up_to(column, value, MAX_READ_COUNT)
    }

    /// Reads a count from 0 to `max`, noting a problem for any other value.
    pub fn count_up_to(&mut self, column: &str, value: &str, max: i64) -> Option<i64> {
        let number = self.integer(column, value)?;
        if (0..=max).contains(&number) {
            Some(number)
        } else {
            self.problem(
                column,
                value.trim(),
                &msg!(
                    "problem-range",
                    "is not between {min} and {max}",
                    min = 0,
                    max = max
                ),
            );
            None
        }
    }

    ///
    /// A date after today is kept, as the file gives it, but flags the row: the app
    /// rejects such a date when it is typed, and it is most often a wrong year.
    /// A file written east of UTC can be a day ahead, so tomorrow in UTC passes.
    pub fn date(&mut self, dates: &DateReader, column: &str, value: &str) -> Option<PartialDate> {
        let date = match dates.parse(value) {
            Ok(date) => date?,
            Err(problem) => {
                self.left_empty(column, &problem);
                return None;
            }
        };
        let today = chrono::Utc::now().date_naive();
        if date > PartialDate::from_naive(today + chrono::Days::new(1)) {
            self.problems.push(msg!(
                "problem-future-date",
                "{column}: {date} is after today ({today}); it was kept as the file gives \
                 it, so check the year",
                column = column,
                date = crate::i18n::date_text(&date.to_string()),
                today = crate::i18n::date_text(&PartialDate::from_naive(today).to_string())
            ));
        }
        Some(date)
    }

    /// Parses an ISBN field, noting restored zeros and flagging unusable values.
    pub fn isbn(&mut self, column: &str, value: &str) -> Option<Isbns> {
        match parse_isbn(value) {
            Ok(Some(parsed)) => {
                if let Some(repair) = parsed.repair {
                    self.notes.push(msg!(
                        "note-column",
                        "{column}: {note}",
                        column = column,
                        note = repair
                    ));
                }
                Some(parsed.isbns)
            }
            Ok(None) => None,
            Err(error) => {
                self.left_empty(column, &error.to_string());
                None
            }
        }
    }

    /// Parses a star rating on the quarter-star grid. Empty and `0` mean unrated,
    /// as every supported tracker writes them for books without a rating.
    pub fn rating(&mut self, column: &str, value: &str) -> Option<Rating> {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            return None;
        }
        let stars: f64 = match trimmed.parse() {
            Ok(stars) => stars,
            Err(_) => {
                self.problem(
                    column,
                    trimmed,
                    &msg!("problem-not-stars", "is not a number of stars"),
                );
                return None;
            }
        };
        if stars == 0.0 {
            return None;
        }
        // The file's own text is quoted: twenty nines read back as a float would be
        // shown as 100000000000000000000.
        if !(0.25..=5.0).contains(&stars) {
            self.problem(
                column,
                trimmed,
                &msg!("problem-stars-range", "is not between 0.25 and 5 stars"),
            );
            return None;
        }
        match Rating::from_stars(stars) {
            Ok(rating) => Some(rating),
            Err(reason) => {
                self.left_empty(column, &reason);
                None
            }
        }
    }

    /// Converts an HTML review to plain text; `None` when it is empty.
    pub fn review(&mut self, column: &str, value: &str) -> Option<ReviewText> {
        let text = self.text(column, value)?;
        let review = html_to_text(&text);
        (!review.text.is_empty()).then_some(review)
    }

    /// Records that `value` of `column` could not be used, and why.
    pub fn problem(&mut self, column: &str, value: &str, reason: &str) {
        self.problems.push(msg!(
            "problem-value",
            "{column} {value} {reason}; the field was left empty",
            column = column,
            value = format!("{value:?}"),
            reason = reason
        ));
    }

    /// Records that `column` was left empty because of `problem`, a whole clause.
    fn left_empty(&mut self, column: &str, problem: &str) {
        self.problems.push(msg!(
            "problem-left-empty",
            "{column}: {problem}; the field was left empty",
            column = column,
            problem = problem
        ));
    }
}

/// Splits a comma-separated list, dropping empty items.
pub fn split_list(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

/// Splits a comma-separated list of names. A piece that is only a suffix, such as
/// `Jr.`, belongs to the name before it, so `Martin Luther King, Jr.` stays one name.
pub fn split_names(value: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for piece in split_list(value) {
        match names.last_mut() {
            Some(last) if crate::search::is_name_suffix(piece) => {
                last.push_str(", ");
                last.push_str(piece);
            }
            _ => names.push(piece.to_string()),
        }
    }
    names
}

/// Returns true for the yes-values trackers write in boolean columns.
pub fn is_yes(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "true" | "yes" | "y" | "1"
    )
}
