//! Reading reports: what a reader finished in a period, with totals, and rendered as
//! JSON, CSV, Markdown or HTML.
//!
//! A report is built from the library as [`Storage::export`] returns it, by pure
//! functions, so the server's worker and the Lambda handler produce the same bytes for
//! the same data. Reports are generated as jobs ([`worker`]) because a large library
//! takes longer than a request should.

mod build;
pub mod lambda;
mod render;
pub mod worker;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use build::{
    AuthorCount, BookRef, FinishedBook, MonthCount, RatingCount, Report, calendar_year, period_name,
};
pub use render::render;

use crate::storage::{Storage, StoreError, UserId};

/// The maximum period a report may cover, in years. It bounds the month table, which has a row
/// per month of the period.
pub const MAX_PERIOD_YEARS: i32 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    Json,
    Csv,
    Markdown,
    Html,
}

impl ReportFormat {
    pub const ALL: [ReportFormat; 4] = [Self::Json, Self::Csv, Self::Markdown, Self::Html];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Csv => "csv",
            Self::Markdown => "markdown",
            Self::Html => "html",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|format| format.as_str() == text)
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Csv => "csv",
            Self::Markdown => "md",
            Self::Html => "html",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Json => "application/json",
            Self::Csv => "text/csv; charset=utf-8",
            Self::Markdown => "text/markdown; charset=utf-8",
            Self::Html => "text/html; charset=utf-8",
        }
    }
}

/// A report as a client asks for it: a calendar `year`, or a `from`/`to` range of
/// days (both inclusive), in one `format`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    #[schema(example = 2024)]
    pub year: Option<i32>,
    #[schema(value_type = Option<String>, example = "2024-01-01")]
    pub from: Option<String>,
    #[schema(value_type = Option<String>, example = "2024-06-30")]
    pub to: Option<String>,
    pub format: Option<ReportFormat>,
}

/// A checked report request: the period and the format a job stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportSpec {
    #[schema(value_type = String, example = "2024-01-01")]
    pub from: NaiveDate,
    #[schema(value_type = String, example = "2024-12-31")]
    pub to: NaiveDate,
    pub format: ReportFormat,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("invalid {field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("failed to store the report: {0}")]
    Blob(#[from] crate::blob::BlobError),
}

fn invalid(field: &'static str, reason: impl Into<String>) -> ReportError {
    ReportError::Invalid {
        field,
        reason: reason.into(),
    }
}

impl ReportRequest {
    /// Checks the request: either `year`, or both `from` and `to` with `from` not after
    /// `to`, spanning at most [`MAX_PERIOD_YEARS`]. The format defaults to JSON.
    pub fn validate(&self) -> Result<ReportSpec, ReportError> {
        let format = self.format.unwrap_or(ReportFormat::Json);
        let (from, to) = match (self.year, &self.from, &self.to) {
            (Some(year), None, None) => {
                if !(1..=9999).contains(&year) {
                    return Err(invalid(
                        "year",
                        crate::msg!(
                            "stats-year-range",
                            "{year} is not between 1 and 9999",
                            year = year
                        ),
                    ));
                }
                let first = NaiveDate::from_ymd_opt(year, 1, 1);
                let last = NaiveDate::from_ymd_opt(year, 12, 31);
                match (first, last) {
                    (Some(first), Some(last)) => (first, last),
                    _ => {
                        return Err(invalid(
                            "year",
                            crate::msg!("year-out-of-range", "{year} is out of range", year = year),
                        ));
                    }
                }
            }
            (None, Some(from), Some(to)) => (parse_day("from", from)?, parse_day("to", to)?),
            (Some(_), _, _) => {
                return Err(invalid(
                    "year",
                    crate::msg!(
                        "report-year-and-range",
                        "give either year or from and to, not both"
                    ),
                ));
            }
            (None, None, _) | (None, _, None) => {
                return Err(invalid(
                    "from",
                    crate::msg!(
                        "report-no-period",
                        "give a year, or both from and to as YYYY-MM-DD"
                    ),
                ));
            }
        };
        if from > to {
            return Err(invalid(
                "to",
                crate::msg!(
                    "report-to-before-from",
                    "{to} is before from ({from})",
                    to = to,
                    from = from
                ),
            ));
        }
        if to.year() - from.year() >= MAX_PERIOD_YEARS {
            return Err(invalid(
                "to",
                crate::msg!(
                    "report-period-too-long",
                    "the period may span at most {max} years",
                    max = MAX_PERIOD_YEARS
                ),
            ));
        }
        Ok(ReportSpec { from, to, format })
    }
}

fn parse_day(field: &'static str, text: &str) -> Result<NaiveDate, ReportError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        invalid(
            field,
            crate::msg!(
                "report-not-a-date",
                "{text} is not a date; use YYYY-MM-DD",
                text = format!("{text:?}")
            ),
        )
    })
}

/// Builds and renders the report of `user`'s library for `spec`, worded in
/// `language`.
pub async fn generate(
    store: &dyn Storage,
    user: UserId,
    spec: &ReportSpec,
    language: crate::i18n::Language,
) -> Result<Vec<u8>, ReportError> {
    let records = store.export(user).await?;
    let report = Report::build(&records, spec.from, spec.to);
    Ok(crate::i18n::with_language(language, || {
        render(&report, spec.format)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(year: Option<i32>, from: Option<&str>, to: Option<&str>) -> ReportRequest {
        ReportRequest {
            year,
            from: from.map(str::to_string),
            to: to.map(str::to_string),
            format: None,
        }
    }

    #[test]
    fn request_year_covers_calendar_year() {
        let spec = request(Some(2024), None, None).validate().unwrap();
        assert_eq!(spec.from.to_string(), "2024-01-01");
        assert_eq!(spec.to.to_string(), "2024-12-31");
        assert_eq!(spec.format, ReportFormat::Json);
    }

    #[test]
    fn bad_periods_name_the_field() {
        let cases = [
            (request(None, None, None), "from"),
            (request(Some(2024), Some("2024-01-01"), None), "year"),
            (
                request(None, Some("2024-02-30"), Some("2024-03-01")),
                "from",
            ),
            (request(None, Some("2024-03-01"), Some("2024-02-01")), "to"),
            (request(None, Some("1900-01-01"), Some("2024-01-01")), "to"),
            (request(Some(0), None, None), "year"),
        ];
        for (request, expected) in cases {
            match request.validate() {
                Err(ReportError::Invalid { field, .. }) => {
                    assert_eq!(field, expected, "{request:?}")
                }
                other => panic!("{request:?} gave {other:?}"),
            }
        }
    }
}
