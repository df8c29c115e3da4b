//! Dates in export files, with the day/month order decided once per file.
//!
//! Year-first dates (`2024/03/18`, `2024-03-18`) are unambiguous. Dates written
//! `03/04/2024` are month-first in some exports and day-first in others, and a single
//! value cannot tell which. A file settles it when one of its values has a part above
//! 12. When none does, month-first is assumed and a file note records the assumption.

use crate::dates::PartialDate;
use crate::msg;

/// Order of the first two parts of a `A/B/YYYY` date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOrder {
    MonthFirst,
    DayFirst,
}

impl DayOrder {
    /// Names the order in the language of the request.
    fn pattern(self) -> String {
        match self {
            Self::MonthFirst => msg!("order-month-first", "month/day/year"),
            Self::DayFirst => msg!("order-day-first", "day/month/year"),
        }
    }
}

/// Reads the dates of one file with the day/month order chosen for that file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateReader {
    order: DayOrder,
    note: Option<String>,
}

impl Default for DateReader {
    fn default() -> Self {
        Self {
            order: DayOrder::MonthFirst,
            note: None,
        }
    }
}

impl DateReader {
    /// Chooses the day/month order from all date values of a file.
    ///
    /// When values disagree, the order that more of them need wins (month-first on a
    /// tie), and [`DateReader::parse`] reports the others as problems.
    pub fn detect<'a>(values: impl IntoIterator<Item = &'a str>) -> Self {
        let mut month_first = 0usize;
        let mut day_first = 0usize;
        let mut ambiguous_example = None;
        for value in values {
            let Some(DateShape::Numeric { first, second, .. }) = shape(value) else {
                continue;
            };
            match (first > 12, second > 12) {
                (true, false) => day_first += 1,
                (false, true) => month_first += 1,
                (false, false) if first != second => {
                    ambiguous_example.get_or_insert_with(|| value.trim().to_string());
                }
                _ => {}
            }
        }

        if month_first > 0 && day_first > 0 {
            let order = if day_first > month_first {
                DayOrder::DayFirst
            } else {
                DayOrder::MonthFirst
            };
            let note = msg!(
                "dates-disagree",
                "the file's dates disagree on day/month order: {month_first} can only be \
                 month/day/year and {day_first} only day/month/year; they were read as \
                 {order}, and the others are flagged",
                month_first = month_first,
                day_first = day_first,
                order = order.pattern()
            );
            return Self {
                order,
                note: Some(note),
            };
        }
        if day_first > 0 {
            return Self {
                order: DayOrder::DayFirst,
                note: None,
            };
        }
        let note = match (month_first, ambiguous_example) {
            (0, Some(example)) => Some(msg!(
                "dates-ambiguous",
                "the day/month order of dates such as {example} is ambiguous because no \
                 date in the file has a day above 12; they were read as month/day/year",
                example = format!("{example:?}")
            )),
            _ => None,
        };
        Self {
            order: DayOrder::MonthFirst,
            note,
        }
    }

    pub fn order(&self) -> DayOrder {
        self.order
    }

    /// Returns the file-level finding about day/month order, when there is one.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// Parses one value. Returns `Ok(None)` for an empty value and a sentence naming
    /// the value for one that is not a real date, is before year 1, or is not in a
    /// known format.
    pub fn parse(&self, text: &str) -> Result<Option<PartialDate>, String> {
        let date = self.parse_any_year(text)?;
        // Year 0 is a zero date (`0000/00/00` and the like), not a day anyone added or
        // read a book, and the API rejects such dates too.
        if let Some(date) = date
            && date.get_year() < 1
        {
            return Err(msg!(
                "date-value-invalid",
                "invalid date {value}: {reason}",
                value = format!("{:?}", text.trim()),
                reason = msg!("date-before-year-one-import", "it is before year 1")
            ));
        }
        Ok(date)
    }

    fn parse_any_year(&self, text: &str) -> Result<Option<PartialDate>, String> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Ok(None);
        }
        let invalid = |reason: String| {
            msg!(
                "date-value-invalid",
                "invalid date {value}: {reason}",
                value = format!("{trimmed:?}"),
                reason = reason
            )
        };
        let calendar = |result: Result<PartialDate, crate::dates::DateError>| {
            result
                .map(Some)
                .map_err(|error| invalid(error.reason_text()))
        };
        match shape(trimmed) {
            Some(DateShape::YearFirst { year, month, day }) => match (month, day) {
                (None, _) => Ok(Some(PartialDate::year(year))),
                (Some(month), None) => calendar(PartialDate::year_month(year, month)),
                (Some(month), Some(day)) => calendar(PartialDate::full(year, month, day)),
            },
            Some(DateShape::Numeric {
                first,
                second,
                year,
            }) => {
                let (month, day) = match self.order {
                    DayOrder::MonthFirst => (first, second),
                    DayOrder::DayFirst => (second, first),
                };
                let swapped_is_valid = PartialDate::full(year, day, month).is_ok();
                match PartialDate::full(year, month, day) {
                    Ok(date) => Ok(Some(date)),
                    Err(_) if swapped_is_valid && month > 12 => Err(msg!(
                        "date-contradicts-order",
                        "date {value} contradicts the day/month order of the rest of the \
                         file, which was read as {order}",
                        value = format!("{trimmed:?}"),
                        order = self.order.pattern()
                    )),
                    Err(error) => Err(invalid(error.reason_text())),
                }
            }
            None => Err(invalid(msg!(
                "date-format-unknown",
                "expected YYYY/MM/DD, YYYY-MM-DD, M/D/YYYY or D/M/YYYY"
            ))),
        }
    }
}

/// Writes a date the way Goodreads exports do: `YYYY/MM/DD`, or fewer parts for a
/// partial date. [`DateReader::parse`] reads every form back.
pub fn to_slashed(date: PartialDate) -> String {
    date.to_string().replace('-', "/")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateShape {
    YearFirst {
        year: i32,
        month: Option<u8>,
        day: Option<u8>,
    },
    /// `A/B/YYYY`, order to be decided.
    Numeric { first: u8, second: u8, year: i32 },
}

/// Splits a value into numeric parts. Part widths are checked, their ranges are not.
fn shape(text: &str) -> Option<DateShape> {
    let text = text.trim();
    let separator = if text.contains('/') { '/' } else { '-' };
    let parts: Vec<&str> = text.split(separator).collect();
    let digits = |part: &str, widths: &[usize]| -> Option<u32> {
        let all_digits = !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        (all_digits && widths.contains(&part.len())).then(|| part.parse().ok())?
    };
    let small = |part: &str| digits(part, &[1, 2]).map(|value| value as u8);
    let year = |part: &str| digits(part, &[4]).map(|value| value as i32);

    match parts.as_slice() {
        [only] => Some(DateShape::YearFirst {
            year: year(only)?,
            month: None,
            day: None,
        }),
        [first, second] => Some(DateShape::YearFirst {
            year: year(first)?,
            month: Some(small(second)?),
            day: None,
        }),
        [first, second, third] if first.len() == 4 => Some(DateShape::YearFirst {
            year: year(first)?,
            month: Some(small(second)?),
            day: Some(small(third)?),
        }),
        [first, second, third] if separator == '/' => Some(DateShape::Numeric {
            first: small(first)?,
            second: small(second)?,
            year: year(third)?,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn date(text: &str) -> PartialDate {
        text.parse().unwrap()
    }

    #[test]
    fn year_first_forms() {
        let reader = DateReader::default();
        assert_eq!(
            reader.parse("2024/03/18").unwrap(),
            Some(date("2024-03-18"))
        );
        assert_eq!(reader.parse("2024-3-8").unwrap(), Some(date("2024-03-08")));
        assert_eq!(reader.parse("2024/03").unwrap(), Some(date("2024-03")));
        assert_eq!(reader.parse("2024").unwrap(), Some(date("2024")));
        assert_eq!(reader.parse(" ").unwrap(), None);
    }

    #[test]
    fn year_zero_is_problem() {
        let reader = DateReader::default();
        for text in ["0000/01/01", "0000-06", "0000", "01/01/0000"] {
            let problem = reader.parse(text).unwrap_err();
            assert!(problem.contains("before year 1"), "{text}: {problem}");
        }
        assert_eq!(reader.parse("0001").unwrap(), Some(date("0001")));
    }

    #[test]
    fn impossible_date_is_problem() {
        let reader = DateReader::default();
        let problem = reader.parse("2023/02/30").unwrap_err();
        assert!(problem.contains("2023/02/30"), "{problem}");
        assert!(problem.contains("no such day"), "{problem}");
        assert!(reader.parse("2023/13/01").is_err());
        assert!(reader.parse("yesterday").is_err());
        assert!(reader.parse("1/2/24").is_err());
    }

    #[test]
    fn day_above_twelve_settles_day_first() {
        let reader = DateReader::detect(["03/04/2024", "25/12/2023", ""]);
        assert_eq!(reader.order(), DayOrder::DayFirst);
        assert_eq!(reader.note(), None);
        assert_eq!(
            reader.parse("03/04/2024").unwrap(),
            Some(date("2024-04-03"))
        );
    }

    #[test]
    fn day_above_twelve_settles_month_first() {
        let reader = DateReader::detect(["03/04/2024", "12/25/2023"]);
        assert_eq!(reader.order(), DayOrder::MonthFirst);
        assert_eq!(reader.note(), None);
        assert_eq!(
            reader.parse("03/04/2024").unwrap(),
            Some(date("2024-03-04"))
        );
    }

    #[test]
    fn ambiguous_file_assumes_month_first() {
        let reader = DateReader::detect(["03/04/2024", "2024/05/06", "07/07/2020"]);
        assert_eq!(reader.order(), DayOrder::MonthFirst);
        let note = reader.note().unwrap();
        assert!(note.contains("ambiguous"), "{note}");
        assert!(note.contains("month/day/year"), "{note}");
    }

    #[test]
    fn unambiguous_file_has_no_note() {
        let reader = DateReader::detect(["2024/03/04", "05/05/2020"]);
        assert_eq!(reader.note(), None);
    }

    #[test]
    fn conflict_flags_minority() {
        let reader = DateReader::detect(["13/01/2024", "14/01/2024", "01/15/2024"]);
        assert_eq!(reader.order(), DayOrder::DayFirst);
        assert!(reader.note().unwrap().contains("disagree"));
        let problem = reader.parse("01/15/2024").unwrap_err();
        assert!(problem.contains("contradicts"), "{problem}");
        assert_eq!(
            reader.parse("13/01/2024").unwrap(),
            Some(date("2024-01-13"))
        );
    }

    #[test]
    fn slashed_output_reads_back() {
        let reader = DateReader::default();
        for text in ["2024-03-18", "2024-03", "2024"] {
            let written = to_slashed(date(text));
            assert_eq!(reader.parse(&written).unwrap(), Some(date(text)));
        }
        assert_eq!(to_slashed(date("2024-03-18")), "2024/03/18");
    }
}
