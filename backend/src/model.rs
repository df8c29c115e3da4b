//! Domain types shared by storage, the HTTP API, imports and exports.
//!
//! These types are also the wire format: the JSON bodies of `/api/v1` serialise them
//! directly, and the terminal client uses the same definitions.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::dates::PartialDate;

/// Reading status of a library entry. The set is fixed: custom shelves from imports
/// become [`Shelf`]s, never new statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReadingStatus {
    WantToRead,
    Reading,
    Read,
    DidNotFinish,
    Paused,
}

impl ReadingStatus {
    pub const ALL: [ReadingStatus; 5] = [
        Self::WantToRead,
        Self::Reading,
        Self::Read,
        Self::DidNotFinish,
        Self::Paused,
    ];

    /// The stable name used in the database, the API and query strings.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::WantToRead => "want_to_read",
            Self::Reading => "reading",
            Self::Read => "read",
            Self::DidNotFinish => "did_not_finish",
            Self::Paused => "paused",
        }
    }

    /// The words shown to a person.
    pub fn label(self) -> &'static str {
        match self {
            Self::WantToRead => "want to read",
            Self::Reading => "reading",
            Self::Read => "read",
            Self::DidNotFinish => "did not finish",
            Self::Paused => "paused",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }
}

impl std::fmt::Display for ReadingStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rating in quarter stars: 1 is a quarter of a star and 20 is five stars.
///
/// "Unrated" is `Option<Rating>::None`, never zero, so statistics can leave unrated
/// books out instead of counting them as the lowest score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Rating(u8);

impl Rating {
    pub const MAX_QUARTERS: u8 = 20;

    pub fn from_quarters(quarters: i64) -> Result<Self, String> {
        if (1..=i64::from(Self::MAX_QUARTERS)).contains(&quarters) {
            Ok(Self(quarters as u8))
        } else {
            Err(format!(
                "{quarters} quarter stars is not between 1 and 20 (0.25 to 5 stars)"
            ))
        }
    }

    /// Accepts 0.25 to 5.0 stars on the quarter-star grid.
    pub fn from_stars(stars: f64) -> Result<Self, String> {
        let quarters = stars * 4.0;
        if !stars.is_finite() || !(0.25..=5.0).contains(&stars) {
            return Err(crate::msg!(
                "rating-range",
                "{stars} stars is not between 0.25 and 5",
                stars = crate::i18n::decimal_text(stars)
            ));
        }
        if (quarters - quarters.round()).abs() > 1e-9 {
            return Err(crate::msg!(
                "rating-quarters",
                "{stars} stars is not a whole number of quarter stars (use 0.25, 0.5, ... 5)",
                stars = crate::i18n::decimal_text(stars)
            ));
        }
        Self::from_quarters(quarters.round() as i64)
    }

    pub fn quarters(self) -> u8 {
        self.0
    }

    pub fn stars(self) -> f64 {
        f64::from(self.0) / 4.0
    }
}

impl TryFrom<f64> for Rating {
    type Error = String;

    fn try_from(stars: f64) -> Result<Self, Self::Error> {
        Self::from_stars(stars)
    }
}

impl From<Rating> for f64 {
    fn from(rating: Rating) -> f64 {
        rating.stars()
    }
}

impl utoipa::PartialSchema for Rating {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::Number)
            .minimum(Some(0.25))
            .maximum(Some(5.0))
            .multiple_of(Some(0.25))
            .description(Some("Stars in quarter steps, 0.25 to 5."))
            .into()
    }
}

impl ToSchema for Rating {}

/// Role of a person in making a book. Goodreads calls every one of them an author.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContributorRole {
    Author,
    Translator,
    Editor,
    Narrator,
    Illustrator,
    Foreword,
    Other,
}

impl ContributorRole {
    pub const ALL: [ContributorRole; 7] = [
        Self::Author,
        Self::Translator,
        Self::Editor,
        Self::Narrator,
        Self::Illustrator,
        Self::Foreword,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Author => "author",
            Self::Translator => "translator",
            Self::Editor => "editor",
            Self::Narrator => "narrator",
            Self::Illustrator => "illustrator",
            Self::Foreword => "foreword",
            Self::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        let lower = text.trim().to_lowercase();
        Self::ALL.into_iter().find(|role| role.as_str() == lower)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub struct Contributor {
    pub name: String,
    pub role: ContributorRole,
}

impl Contributor {
    pub fn author(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            role: ContributorRole::Author,
        }
    }
}

/// A book's place in a series. `position` keeps the label as written (`"2.5"`,
/// `"1-3"` for an omnibus); `index` is its first number, used for sorting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SeriesRef {
    pub name: String,
    pub index: Option<f64>,
    pub position: Option<String>,
}

/// Bibliographic fields of a book, as created by hand or by an import.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct BookFields {
    pub title: String,
    pub subtitle: Option<String>,
    /// Ten-character ISBN with a valid check digit; filled from `isbn13` when that has
    /// the 978 prefix.
    pub isbn10: Option<String>,
    /// Thirteen-digit ISBN with a valid check digit.
    pub isbn13: Option<String>,
    pub asin: Option<String>,
    pub goodreads_id: Option<String>,
    pub librarything_id: Option<String>,
    pub publisher: Option<String>,
    pub format: Option<String>,
    pub pages: Option<i64>,
    pub published_year: Option<i64>,
    /// First publication; negative for works from before the common era.
    pub original_year: Option<i64>,
    pub language: Option<String>,
    pub description: Option<String>,
    pub contributors: Vec<Contributor>,
    pub series: Option<SeriesRef>,
}

impl BookFields {
    /// Returns the names of the contributors credited as authors, in credit order.
    pub fn author_names(&self) -> Vec<&str> {
        self.contributors
            .iter()
            .filter(|contributor| contributor.role == ContributorRole::Author)
            .map(|contributor| contributor.name.as_str())
            .collect()
    }
}

/// The per-user part of a book: how this reader relates to it. A field left out
/// takes its default, so an entry of `{"status": "read"}` is complete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct EntryFields {
    pub status: ReadingStatus,
    pub rating: Option<Rating>,
    pub review: Option<String>,
    pub review_spoiler: bool,
    pub private_notes: Option<String>,
    pub owned_copies: i64,
    /// Calendar date the book entered the library.
    #[schema(value_type = Option<String>, example = "2024-03-01")]
    pub date_added: Option<PartialDate>,
}

impl Default for EntryFields {
    fn default() -> Self {
        Self {
            status: ReadingStatus::WantToRead,
            rating: None,
            review: None,
            review_spoiler: false,
            private_notes: None,
            owned_copies: 0,
            date_added: None,
        }
    }
}

/// Unit of a reading's progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProgressUnit {
    Pages,
    Percent,
}

/// One read of a book. Re-reads are separate readings so each keeps its dates.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ReadingFields {
    #[schema(value_type = Option<String>, example = "2024-03")]
    pub started: Option<PartialDate>,
    #[schema(value_type = Option<String>, example = "2024-03-18")]
    pub finished: Option<PartialDate>,
    /// Set instead of `finished` when the reader gave up or paused.
    #[schema(value_type = Option<String>)]
    pub stopped: Option<PartialDate>,
    pub progress: Option<i64>,
    pub progress_unit: Option<ProgressUnit>,
}

/// Everything known about one book in one user's library: the unit of import and
/// export.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct LibraryRecord {
    pub book: BookFields,
    pub entry: EntryFields,
    pub readings: Vec<ReadingFields>,
    pub shelves: Vec<String>,
    pub tags: Vec<String>,
}
