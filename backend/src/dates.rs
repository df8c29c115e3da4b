//! Dates that may be known only to the year or the month.
//!
//! Readers often remember "summer 2009" rather than a day, and imports carry such
//! dates, so a reading's dates are `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. The text form
//! sorts in date order, which lets both databases store and compare it as text.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

/// A date that is not valid. `reason` is the English reason; [`DateError::reason_text`]
/// words it in the language of the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    pub text: String,
    pub reason: &'static str,
}

impl DateError {
    /// Returns the reason in the language of the request.
    pub fn reason_text(&self) -> String {
        match self.reason {
            "the month is not between 1 and 12" => {
                msg!("date-month-range", "the month is not between 1 and 12")
            }
            "no such day in the calendar" => {
                msg!("date-no-such-day", "no such day in the calendar")
            }
            "each part must be digits of the right width" => msg!(
                "date-part-width",
                "each part must be digits of the right width"
            ),
            "not a number" => msg!("date-not-number", "not a number"),
            "too many parts" => msg!("date-too-many-parts", "too many parts"),
            other => other.to_string(),
        }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&msg!(
            "date-invalid",
            "invalid date {text}: {reason} (expected YYYY, YYYY-MM or YYYY-MM-DD)",
            text = format!("{:?}", self.text),
            reason = self.reason_text()
        ))
    }
}

impl std::error::Error for DateError {}

impl PartialDate {
    pub fn year(year: i32) -> Self {
        Self {
            year,
            month: None,
            day: None,
        }
    }

    pub fn year_month(year: i32, month: u8) -> Result<Self, DateError> {
        if !(1..=12).contains(&month) {
            return Err(DateError {
                text: format!("{year:04}-{month:02}"),
                reason: "the month is not between 1 and 12",
            });
        }
        Ok(Self {
            year,
            month: Some(month),
            day: None,
        })
    }

    pub fn full(year: i32, month: u8, day: u8) -> Result<Self, DateError> {
        if NaiveDate::from_ymd_opt(year, u32::from(month), u32::from(day)).is_none() {
            return Err(DateError {
                text: format!("{year:04}-{month:02}-{day:02}"),
                reason: "no such day in the calendar",
            });
        }
        Ok(Self {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    pub fn from_naive(date: NaiveDate) -> Self {
        use chrono::Datelike;
        Self {
            year: date.year(),
            month: Some(date.month() as u8),
            day: Some(date.day() as u8),
        }
    }

    pub fn today() -> Self {
        Self::from_naive(chrono::Utc::now().date_naive())
    }

    pub fn get_year(self) -> i32 {
        self.year
    }

    pub fn get_month(self) -> Option<u8> {
        self.month
    }

    pub fn get_day(self) -> Option<u8> {
        self.day
    }

    /// Returns the day when the date is complete.
    pub fn to_naive(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, u32::from(self.month?), u32::from(self.day?))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = |reason| DateError {
            text: text.to_string(),
            reason,
        };
        let parts: Vec<&str> = text.trim().split('-').collect();
        let number = |part: &str, width: usize| -> Result<u32, DateError> {
            if part.len() != width || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid("each part must be digits of the right width"));
            }
            part.parse().map_err(|_| invalid("not a number"))
        };

        match parts.as_slice() {
            [year] => Ok(Self::year(number(year, 4)? as i32)),
            [year, month] => Self::year_month(number(year, 4)? as i32, number(month, 2)? as u8)
                .map_err(|error| invalid(error.reason)),
            [year, month, day] => Self::full(
                number(year, 4)? as i32,
                number(month, 2)? as u8,
                number(day, 2)? as u8,
            )
            .map_err(|error| invalid(error.reason)),
            _ => Err(invalid("too many parts")),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision() {
        assert_eq!(
            "2009".parse::<PartialDate>().unwrap(),
            PartialDate::year(2009)
        );
        assert_eq!(
            "2009-07".parse::<PartialDate>().unwrap(),
            PartialDate::year_month(2009, 7).unwrap()
        );
        assert_eq!(
            "2024-02-29".parse::<PartialDate>().unwrap(),
            PartialDate::full(2024, 2, 29).unwrap()
        );
    }

    #[test]
    fn rejects_impossible_days() {
        let error = "2023-02-30".parse::<PartialDate>().unwrap_err();
        assert_eq!(error.reason, "no such day in the calendar");
        assert!("2023-13".parse::<PartialDate>().is_err());
        assert!("23-01-01".parse::<PartialDate>().is_err());
        assert!("2023/01/01".parse::<PartialDate>().is_err());
    }

    #[test]
    fn text_form_sorts_by_date() {
        let mut dates = vec!["2020-11-02", "2020", "2019-12-31", "2020-03"];
        dates.sort();
        assert_eq!(dates, vec!["2019-12-31", "2020", "2020-03", "2020-11-02"]);
        let parsed: PartialDate = "2020-03".parse().unwrap();
        assert_eq!(parsed.to_string(), "2020-03");
    }
}
