//! Checks that every write path applies before data reaches the database: the HTTP
//! handlers, the importers and the archive restore all end up here, so no path can
//! store a value another path would reject.

use crate::dates::PartialDate;
use crate::model::{BookFields, EntryFields, ProgressUnit, ReadingFields};
use crate::msg;
use crate::storage::{StoreError, StoreResult};

const MAX_TITLE_CHARS: usize = 2_000;
pub const MAX_TEXT_BYTES: usize = 1 << 20;
/// Largest page count accepted; the longest printed books have a few tens of thousands.
pub const MAX_PAGES: i64 = 100_000;
/// Publication years accepted; negative years are before the common era.
pub const YEARS: std::ops::RangeInclusive<i64> = -5_000..=2_200;

/// Names a field of the API in the language of the request, for the text of an
/// error. The English names are the API's own; the problem document's `field` keeps
/// them whatever the language.
pub fn field_label(field: &str) -> String {
    match field {
        "title" => msg!("field-title", "title"),
        "subtitle" => msg!("field-subtitle", "subtitle"),
        "pages" => msg!("field-pages", "pages"),
        "published_year" => msg!("field-published-year", "published_year"),
        "original_year" => msg!("field-original-year", "original_year"),
        "contributors" => msg!("field-contributors", "contributors"),
        "series" => msg!("field-series", "series"),
        "description" => msg!("field-description", "description"),
        "review" => msg!("field-review", "review"),
        "private_notes" => msg!("field-private-notes", "private_notes"),
        "owned_copies" => msg!("field-owned-copies", "owned_copies"),
        "date_added" | "entry.date_added" => msg!("field-date-added", "date_added"),
        "status_date" => msg!("field-status-date", "status_date"),
        "entry" => msg!("field-entry", "entry"),
        "shelf" => msg!("field-shelf", "shelf"),
        "tag" => msg!("field-tag", "tag"),
        "started" => msg!("field-started", "started"),
        "finished" => msg!("field-finished", "finished"),
        "stopped" => msg!("field-stopped", "stopped"),
        "progress" => msg!("field-progress", "progress"),
        "progress_unit" => msg!("field-progress-unit", "progress_unit"),
        "rating" => msg!("field-rating", "rating"),
        "min_rating" => msg!("field-min-rating", "min_rating"),
        "year_read" => msg!("field-year-read", "year_read"),
        "shelf name" => msg!("field-shelf-name", "shelf name"),
        "tag name" => msg!("field-tag-name", "tag name"),
        "year" => msg!("field-year", "year"),
        "isbn13" => msg!("field-isbn13", "ISBN-13"),
        "isbn10" => msg!("field-isbn10", "ISBN-10"),
        "q" => msg!("field-q", "q"),
        other => other.to_string(),
    }
}

fn invalid(field: &'static str, reason: String) -> StoreError {
    StoreError::Invalid { field, reason }
}

/// Rejects text with a NUL character, which PostgreSQL cannot store in a text
/// column. SQLite can, but a library must move between the two databases.
pub fn no_nul(field: &'static str, text: Option<&str>) -> StoreResult<()> {
    if text.is_some_and(|text| text.contains('\0')) {
        return Err(invalid(
            field,
            msg!(
                "text-has-nul",
                "contains a NUL character (U+0000), which cannot be stored; remove it"
            ),
        ));
    }
    Ok(())
}

pub fn book(fields: &BookFields) -> StoreResult<()> {
    for (field, text) in one_line_fields(fields) {
        no_nul(field, Some(text))?;
    }
    no_nul("description", fields.description.as_deref())?;
    let title = fields.title.trim();
    if title.is_empty() {
        return Err(invalid("title", msg!("title-empty", "must not be empty")));
    }
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(invalid(
            "title",
            msg!(
                "title-too-long",
                "has more than {max} characters",
                max = MAX_TITLE_CHARS
            ),
        ));
    }
    if let Some(isbn) = &fields.isbn13 {
        crate::isbn::validate_isbn13(isbn).map_err(|error| invalid("isbn13", error.to_string()))?;
    }
    if let Some(isbn) = &fields.isbn10 {
        crate::isbn::validate_isbn10(isbn).map_err(|error| invalid("isbn10", error.to_string()))?;
    }
    if let Some(problem) = fields.pages.and_then(pages_problem) {
        return Err(invalid("pages", problem));
    }
    for (field, year) in [
        ("published_year", fields.published_year),
        ("original_year", fields.original_year),
    ] {
        if let Some(problem) = year.and_then(year_problem) {
            return Err(invalid(field, problem));
        }
    }
    for contributor in &fields.contributors {
        if contributor.name.trim().is_empty() {
            return Err(invalid(
                "contributors",
                msg!("contributor-unnamed", "every contributor needs a name"),
            ));
        }
    }
    if let Some(series) = &fields.series
        && series.name.trim().is_empty()
    {
        return Err(invalid(
            "series",
            msg!("series-unnamed", "the series name is empty"),
        ));
    }
    if let Some(index) = fields.series.as_ref().and_then(|series| series.index)
        && !index.is_finite()
    {
        return Err(invalid(
            "series",
            msg!(
                "series-index-not-finite",
                "the series index {index} is not a finite number; give one such as 3 or 2.5",
                index = index.to_string()
            ),
        ));
    }
    let long_text = [&fields.description, &fields.subtitle]
        .into_iter()
        .flatten()
        .any(|text| text.len() > MAX_TEXT_BYTES);
    if long_text {
        return Err(invalid(
            "description",
            msg!("text-too-large", "is larger than 1 MiB"),
        ));
    }
    Ok(())
}

/// Most copies of one book an entry takes; imports take the same.
pub const MAX_OWNED_COPIES: i64 = 10_000;

/// Reports whether `character` shows as nothing, or moves the text around it: a
/// control character, a zero-width space or joiner, a soft hyphen, a word joiner,
/// a byte-order mark, or a bidirectional mark, embedding, override or isolate. A
/// name with one looks the same as the name without it.
pub fn is_invisible(character: char) -> bool {
    character.is_control()
        || matches!(
            character,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// Says why a page count is out of range, or `None` when it is within it.
pub fn pages_problem(pages: i64) -> Option<String> {
    (!(0..=MAX_PAGES).contains(&pages)).then(|| {
        msg!(
            "pages-range",
            "{pages} is not between 0 and {max}",
            pages = crate::i18n::integer_text(pages),
            max = crate::i18n::integer_text(MAX_PAGES)
        )
    })
}

/// Says why a year of publication is out of range, or `None` when it is within it.
pub fn year_problem(year: i64) -> Option<String> {
    (!YEARS.contains(&year)).then(|| {
        msg!(
            "year-range",
            "{year} is not between {min} and {max}",
            year = year,
            min = YEARS.start(),
            max = YEARS.end()
        )
    })
}

/// Says why a number of owned copies is out of range, or `None` when it is within it.
pub fn copies_problem(copies: i64) -> Option<String> {
    (!(0..=MAX_OWNED_COPIES).contains(&copies)).then(|| {
        msg!(
            "copies-range",
            "{copies} is not between 0 and {max}",
            copies = crate::i18n::integer_text(copies),
            max = crate::i18n::integer_text(MAX_OWNED_COPIES)
        )
    })
}

pub fn entry(fields: &EntryFields) -> StoreResult<()> {
    if let Some(problem) = copies_problem(fields.owned_copies) {
        return Err(invalid("owned_copies", problem));
    }
    for (field, text) in [
        ("review", &fields.review),
        ("private_notes", &fields.private_notes),
    ] {
        no_nul(field, text.as_deref())?;
        if text
            .as_ref()
            .is_some_and(|text| text.len() > MAX_TEXT_BYTES)
        {
            return Err(invalid(
                field,
                msg!("text-too-large", "is larger than 1 MiB"),
            ));
        }
    }
    Ok(())
}

/// Compares two partial dates at the precision both have, so a reading started in
/// 2024-03 may finish in "2024" but not in "2023".
fn ends_before_start(end: PartialDate, start: PartialDate) -> bool {
    let (end, start) = (end.to_string(), start.to_string());
    let common = end.len().min(start.len());
    end[..common] < start[..common]
}

/// Rejects a date after today or before year 1 in what a person types: when a book was
/// added, and when a reading started or ended. Such a date is a slip, most often a
/// wrong year.
/// A client east of UTC can be a day ahead, so the server's UTC date plus one passes.
/// Imports keep the dates their files give, so only the API calls this. A month or a
/// year is compared by its first day.
pub fn has_happened(field: &'static str, date: Option<PartialDate>) -> StoreResult<()> {
    let today = chrono::Utc::now().date_naive();
    let latest = PartialDate::from_naive(today + chrono::Days::new(1));
    match date {
        // Year 0 is the zero date of spreadsheets and of some exports. Stored dates
        // are kept, as an earlier server took them, and only a new one is rejected.
        Some(date) if date.get_year() < 1 => Err(invalid(
            field,
            msg!(
                "date-before-year-one",
                "{date} is before year 1; give the date it happened",
                date = date.to_string()
            ),
        )),
        Some(date) if date > latest => Err(invalid(
            field,
            msg!(
                "date-after-today",
                "{date} is after today ({today}); give the date it happened",
                date = crate::i18n::date_text(&date.to_string()),
                today = crate::i18n::date_text(&PartialDate::from_naive(today).to_string())
            ),
        )),
        _ => Ok(()),
    }
}

/// Applies [`has_happened`] to each date of a reading.
pub fn reading_has_happened(fields: &ReadingFields) -> StoreResult<()> {
    has_happened("started", fields.started)?;
    has_happened("finished", fields.finished)?;
    has_happened("stopped", fields.stopped)
}

pub fn reading(fields: &ReadingFields) -> StoreResult<()> {
    if fields.finished.is_some() && fields.stopped.is_some() {
        return Err(invalid(
            "stopped",
            msg!(
                "reading-finished-and-stopped",
                "a reading is either finished or stopped, not both"
            ),
        ));
    }
    for (field, date) in [
        ("started", fields.started),
        ("finished", fields.finished),
        ("stopped", fields.stopped),
    ] {
        if let Some(date) = date
            && date.get_year() < 1
        {
            return Err(invalid(
                field,
                msg!(
                    "reading-year-zero",
                    "{date} is not a year anyone read in; reading dates start at year 1",
                    date = date.to_string()
                ),
            ));
        }
    }
    // The error names the end that was typed: finished, or else stopped.
    let end_field = if fields.finished.is_some() {
        "finished"
    } else {
        "stopped"
    };
    if let (Some(started), Some(end)) = (fields.started, fields.finished.or(fields.stopped))
        && ends_before_start(end, started)
    {
        return Err(invalid(
            end_field,
            msg!(
                "reading-ends-before-start",
                "{end} is before the start {started}",
                end = crate::i18n::date_text(&end.to_string()),
                started = crate::i18n::date_text(&started.to_string())
            ),
        ));
    }
    match (fields.progress, fields.progress_unit) {
        (Some(_), None) => Err(invalid(
            "progress_unit",
            msg!(
                "progress-unit-missing",
                "is required with progress (pages or percent)"
            ),
        )),
        (Some(progress), Some(ProgressUnit::Percent)) if !(0..=100).contains(&progress) => {
            Err(invalid(
                "progress",
                msg!(
                    "progress-percent-range",
                    "{progress}% is not between 0 and 100",
                    progress = progress
                ),
            ))
        }
        (Some(progress), Some(ProgressUnit::Pages)) if !(0..=MAX_PAGES).contains(&progress) => {
            Err(invalid(
                "progress",
                msg!(
                    "progress-pages-range",
                    "{progress} pages is not between 0 and {max}",
                    progress = crate::i18n::integer_text(progress),
                    max = crate::i18n::integer_text(MAX_PAGES)
                ),
            ))
        }
        _ => Ok(()),
    }
}

/// Brings hand-entered bibliographic fields to their stored form: trimmed text, empty
/// strings as absent, ISBNs without hyphens, and each ISBN form filled from the other.
/// Fails when an ISBN is invalid or the two forms name different books.
pub fn normalize_book(fields: &mut BookFields) -> StoreResult<()> {
    fields.title = fields.title.trim().to_string();
    for text in [
        &mut fields.subtitle,
        &mut fields.isbn10,
        &mut fields.isbn13,
        &mut fields.asin,
        &mut fields.goodreads_id,
        &mut fields.librarything_id,
        &mut fields.publisher,
        &mut fields.format,
        &mut fields.language,
        &mut fields.description,
    ] {
        if text.as_deref().is_some_and(|value| value.trim().is_empty()) {
            *text = None;
        }
    }
    let ten = fields
        .isbn10
        .as_deref()
        .map(crate::isbn::validate_isbn10)
        .transpose()
        .map_err(|error| invalid("isbn10", error.to_string()))?;
    let thirteen = fields
        .isbn13
        .as_deref()
        .map(crate::isbn::validate_isbn13)
        .transpose()
        .map_err(|error| invalid("isbn13", error.to_string()))?;
    match (ten, thirteen) {
        (Some(ten), Some(thirteen)) => {
            if crate::isbn::isbn10_to_13(&ten) != thirteen {
                return Err(invalid(
                    "isbn10",
                    msg!(
                        "isbn-mismatch",
                        "{ten} and isbn13 {thirteen} are different books; send one of them",
                        ten = ten,
                        thirteen = thirteen
                    ),
                ));
            }
            fields.isbn10 = Some(ten);
            fields.isbn13 = Some(thirteen);
        }
        (Some(ten), None) => {
            fields.isbn13 = Some(crate::isbn::isbn10_to_13(&ten));
            fields.isbn10 = Some(ten);
        }
        (None, Some(thirteen)) => {
            fields.isbn10 = crate::isbn::isbn13_to_10(&thirteen);
            fields.isbn13 = Some(thirteen);
        }
        (None, None) => {}
    }
    for contributor in &mut fields.contributors {
        contributor.name = crate::normalize::clean_name(&contributor.name);
    }
    book(fields)?;
    for (field, text) in one_line_fields(fields) {
        one_line(field, text)?;
    }
    if fields.contributors.len() > MAX_CONTRIBUTORS {
        return Err(invalid(
            "contributors",
            msg!(
                "contributors-too-many",
                "{count} contributors, where a book takes at most {max}; keep the main ones",
                count = crate::i18n::integer_text(fields.contributors.len() as i64),
                max = crate::i18n::integer_text(MAX_CONTRIBUTORS as i64)
            ),
        ));
    }
    Ok(())
}

/// Maximum number of contributors of a book. The longest lists in real exports have
/// about 50 names. 50,000 in one request held SQLite's lock for seconds, and every
/// other user's write waited. Imports keep the first ones and flag the row, and a
/// restore keeps what an earlier server stored.
pub const MAX_CONTRIBUTORS: usize = 1_000;

/// Returns the fields of a book that are one line of text, with the API's name of
/// each: the ones that lists, tables, exports and reports show on a single line. The
/// description is not among them.
pub fn one_line_fields(fields: &BookFields) -> Vec<(&'static str, &str)> {
    let mut texts = vec![("title", fields.title.as_str())];
    for (field, text) in [
        ("subtitle", &fields.subtitle),
        ("isbn10", &fields.isbn10),
        ("isbn13", &fields.isbn13),
        ("asin", &fields.asin),
        ("goodreads_id", &fields.goodreads_id),
        ("librarything_id", &fields.librarything_id),
        ("publisher", &fields.publisher),
        ("format", &fields.format),
        ("language", &fields.language),
    ] {
        texts.extend(text.as_deref().map(|text| (field, text)));
    }
    for contributor in &fields.contributors {
        texts.push(("contributors", contributor.name.as_str()));
    }
    if let Some(series) = &fields.series {
        texts.push(("series", series.name.as_str()));
        texts.extend(series.position.as_deref().map(|text| ("series", text)));
    }
    texts
}

/// Rejects a control character, such as a tab, a line break or an escape, in text
/// that is shown on one line. Such a character breaks the rows of every list and
/// table, and a terminal acts on an escape written raw into a report.
///
/// Only what a person types goes through this check. A library restored from a
/// backup keeps text that an earlier server stored, and an import replaces the
/// characters with spaces and flags the row.
pub fn one_line(field: &'static str, text: &str) -> StoreResult<()> {
    let Some((position, character)) = text.chars().enumerate().find(|(_, c)| c.is_control()) else {
        return Ok(());
    };
    Err(invalid(
        field,
        msg!(
            "text-control-character",
            "contains the control character U+{code} at character {position}; type it as \
             one line without it",
            code = format!("{:04X}", u32::from(character)),
            position = position + 1
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::{normalize_book, reading};
    use crate::model::{BookFields, Contributor, ReadingFields, SeriesRef};
    use crate::storage::StoreError;

    fn field_of(fields: &ReadingFields) -> &'static str {
        match reading(fields) {
            Err(StoreError::Invalid { field, .. }) => field,
            other => panic!("not a field error: {other:?}"),
        }
    }

    #[test]
    fn reading_errors_name_the_field_typed() {
        let stopped_early = ReadingFields {
            started: Some("2026-12-01".parse().unwrap()),
            stopped: Some("2020-01-01".parse().unwrap()),
            ..ReadingFields::default()
        };
        assert_eq!(field_of(&stopped_early), "stopped");

        let finished_early = ReadingFields {
            started: Some("2026-12-01".parse().unwrap()),
            finished: Some("2020-01-01".parse().unwrap()),
            ..ReadingFields::default()
        };
        assert_eq!(field_of(&finished_early), "finished");
    }

    #[test]
    fn reading_year_zero_rejected() {
        let year_zero = ReadingFields {
            started: Some("0000".parse().unwrap()),
            ..ReadingFields::default()
        };
        assert_eq!(field_of(&year_zero), "started");
        let year_one = ReadingFields {
            started: Some("0001".parse().unwrap()),
            ..ReadingFields::default()
        };
        assert!(reading(&year_one).is_ok());
    }

    fn invalid_field(fields: &mut BookFields) -> (&'static str, String) {
        match normalize_book(fields) {
            Err(StoreError::Invalid { field, reason }) => (field, reason),
            other => panic!("not a field error: {other:?}"),
        }
    }

    /// A title typed with an escape once went into the library and was written raw
    /// into the year-in-review report.
    #[test]
    fn typed_control_characters_rejected_with_position() {
        let mut fields = BookFields {
            title: "Dune\u{1b}[2J".to_string(),
            ..BookFields::default()
        };
        let (field, reason) = invalid_field(&mut fields);
        assert_eq!(field, "title");
        assert!(reason.contains("U+001B at character 5"), "{reason}");

        let mut fields = BookFields {
            title: "Dune".to_string(),
            contributors: vec![Contributor::author("Frank\u{7}Herbert".to_string())],
            ..BookFields::default()
        };
        let (field, _) = invalid_field(&mut fields);
        assert_eq!(field, "contributors");

        let mut fields = BookFields {
            title: "Dune".to_string(),
            series: Some(SeriesRef {
                name: "Dune\nChronicles".to_string(),
                position: None,
                index: None,
            }),
            ..BookFields::default()
        };
        assert_eq!(invalid_field(&mut fields).0, "series");
    }

    /// A description keeps its paragraphs, and a title keeps what a line may hold,
    /// including joiners that some scripts need.
    #[test]
    fn multi_line_and_joined_text_accepted() {
        let mut fields = BookFields {
            title: "  Mi\u{200D}x of words \n".to_string(),
            description: Some("First paragraph.\n\n\tSecond.".to_string()),
            ..BookFields::default()
        };
        normalize_book(&mut fields).unwrap();
        assert_eq!(fields.title, "Mi\u{200D}x of words");
    }
}
