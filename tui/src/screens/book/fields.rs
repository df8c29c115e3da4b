//! Turning books into form fields and form fields back into books and patches.

use estante_backend::dates::PartialDate;
use estante_backend::model::{BookFields, Contributor, ContributorRole, EntryFields, SeriesRef};
use estante_backend::storage::{Book, EntryPatch, NewBook};

use crate::i18n::{Language, format, message_in};
use crate::screens::book::draw::role_label;
use crate::screens::form::{FieldName, Form, line, text};
use crate::{msgid, t};

/// A form problem: the field and what is wrong with it.
pub type FieldError = (FieldName, String);

fn opt(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn number(value: Option<i64>) -> String {
    value.map(|n| n.to_string()).unwrap_or_default()
}

/// Contributors as `Name; Name (translator)`: authors need no role.
pub fn contributors_text(contributors: &[Contributor]) -> String {
    contributors
        .iter()
        .map(|c| match c.role {
            ContributorRole::Author => c.name.clone(),
            role => format!("{} ({})", c.name, role_label(role)),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn series_text(series: &Option<SeriesRef>) -> String {
    match series {
        Some(SeriesRef {
            name,
            position: Some(position),
            ..
        }) => format!("{name} #{position}"),
        Some(SeriesRef {
            name,
            index: Some(index),
            ..
        }) => format!("{name} #{index}"),
        Some(series) => series.name.clone(),
        None => String::new(),
    }
}

fn book_field_list(fields: &BookFields) -> Vec<crate::screens::form::Field> {
    use FieldName as F;
    vec![
        line(
            F::Title,
            t!("field-title"),
            t!("field-title-hint"),
            &fields.title,
        ),
        line(
            F::Subtitle,
            t!("field-subtitle"),
            String::new(),
            &opt(&fields.subtitle),
        ),
        line(
            F::Authors,
            t!("field-contributors"),
            t!("field-contributors-hint"),
            &contributors_text(&fields.contributors),
        ),
        line(
            F::Series,
            t!("field-series"),
            t!("field-series-hint"),
            &series_text(&fields.series),
        ),
        line(
            F::Isbn13,
            t!("field-isbn-13"),
            t!("field-isbn-13-hint"),
            &opt(&fields.isbn13),
        ),
        line(
            F::Isbn10,
            t!("field-isbn-10"),
            t!("field-isbn-10-hint"),
            &opt(&fields.isbn10),
        ),
        line(F::Asin, t!("field-asin"), String::new(), &opt(&fields.asin)),
        line(
            F::GoodreadsId,
            t!("field-goodreads-id"),
            String::new(),
            &opt(&fields.goodreads_id),
        ),
        line(
            F::LibrarythingId,
            t!("field-librarything-id"),
            String::new(),
            &opt(&fields.librarything_id),
        ),
        line(
            F::Publisher,
            t!("field-publisher"),
            String::new(),
            &opt(&fields.publisher),
        ),
        line(
            F::Format,
            t!("field-format"),
            t!("field-format-hint"),
            &opt(&fields.format),
        ),
        line(
            F::Pages,
            t!("field-pages"),
            t!("field-pages-hint"),
            &number(fields.pages),
        ),
        line(
            F::PublishedYear,
            t!("field-published"),
            t!("field-published-hint"),
            &number(fields.published_year),
        ),
        line(
            F::OriginalYear,
            t!("field-first-published"),
            t!("field-first-published-hint"),
            &number(fields.original_year),
        ),
        line(
            F::Language,
            t!("field-language"),
            String::new(),
            &opt(&fields.language),
        ),
        text(
            F::Description,
            t!("field-description"),
            t!("field-description-hint"),
            &opt(&fields.description),
        ),
    ]
}

fn entry_field_list(entry: &EntryFields) -> Vec<crate::screens::form::Field> {
    use FieldName as F;
    vec![
        line(
            F::Status,
            t!("field-status"),
            crate::status::labels(),
            &crate::status::label(entry.status),
        ),
        line(
            F::Rating,
            t!("field-rating"),
            t!("field-rating-hint"),
            &crate::widgets::text::stars_number(entry.rating),
        ),
        line(
            F::Spoiler,
            t!("field-review-spoiler"),
            t!("field-review-spoiler-hint"),
            &if entry.review_spoiler {
                t!("answer-yes")
            } else {
                t!("answer-no")
            },
        ),
        text(
            F::Notes,
            t!("field-private-notes"),
            t!("field-private-notes-hint"),
            &opt(&entry.private_notes),
        ),
        line(
            F::OwnedCopies,
            t!("field-owned-copies"),
            t!("field-owned-copies-hint"),
            &entry.owned_copies.to_string(),
        ),
        line(
            F::DateAdded,
            t!("field-date-added"),
            t!("field-date-added-hint"),
            &entry
                .date_added
                .map(|date| format::partial_date(&date))
                .unwrap_or_default(),
        ),
    ]
}

/// Builds the edit form of a book: every bibliographic field and the entry's fields.
pub fn edit_form(book: &Book) -> Form {
    let mut fields = book_field_list(&book.fields);
    fields.extend(entry_field_list(&book.entry.fields));
    Form::new(fields)
}

/// Builds the form of a new book, with the ISBN to look up first. Its hint names
/// the lookup key only when `lookup` is on.
pub fn add_form(lookup: bool) -> Form {
    let hint = if lookup {
        t!("field-isbn-hint")
    } else {
        t!("field-isbn-hint-no-lookup")
    };
    let mut fields = vec![line(FieldName::Isbn, t!("field-isbn"), hint, "")];
    let book = BookFields::default();
    fields.extend(
        book_field_list(&book)
            .into_iter()
            .filter(|f| !matches!(f.name, FieldName::Isbn13 | FieldName::Isbn10)),
    );
    fields.extend(entry_field_list(&EntryFields::default()));
    Form::new(fields)
}

/// Fills a form from looked-up fields, leaving what the lookup did not know.
pub fn fill_form(form: &mut Form, fields: &BookFields) {
    use FieldName as F;
    let set = |form: &mut Form, name, value: String| {
        if !value.is_empty() {
            form.set(name, &value);
        }
    };
    set(form, F::Title, fields.title.clone());
    set(form, F::Subtitle, opt(&fields.subtitle));
    set(form, F::Authors, contributors_text(&fields.contributors));
    set(form, F::Publisher, opt(&fields.publisher));
    set(form, F::Pages, number(fields.pages));
    set(form, F::PublishedYear, number(fields.published_year));
    if let Some(isbn) = fields.isbn13.clone().or(fields.isbn10.clone()) {
        form.set(F::Isbn, &isbn);
    }
}

fn optional(form: &Form, name: FieldName) -> Option<String> {
    Some(form.value(name)).filter(|value| !value.is_empty())
}

fn optional_number(form: &Form, name: FieldName) -> Result<Option<i64>, FieldError> {
    optional(form, name)
        .map(|text| {
            crate::i18n::format::parse_integer(&text)
                .ok_or_else(|| (name, crate::i18n::format::integer_error(&text)))
        })
        .transpose()
}

fn parse_contributors(text: &str) -> Result<Vec<Contributor>, FieldError> {
    let mut contributors = Vec::new();
    for part in text
        .split(';')
        .map(str::trim)
        .filter(|part| !part.is_empty())
    {
        let (name, role) = match part
            .strip_suffix(')')
            .and_then(|rest| rest.rsplit_once('('))
        {
            Some((name, role)) => {
                let role = parse_role(role).ok_or_else(|| {
                    (
                        FieldName::Authors,
                        t!("role-unknown", role = format!("{role:?}")),
                    )
                })?;
                (name.trim(), role)
            }
            None => (part, ContributorRole::Author),
        };
        contributors.push(Contributor {
            name: name.to_string(),
            role,
        });
    }
    Ok(contributors)
}

/// Parses a role by its API name or its label in either language, as
/// [`contributors_text`] writes it.
fn parse_role(text: &str) -> Option<ContributorRole> {
    let text = text.trim();
    ContributorRole::parse(text).or_else(|| {
        ContributorRole::ALL.into_iter().find(|role| {
            let id = role_message_id(*role);
            Language::ALL
                .into_iter()
                .any(|language| message_in(language, id, None).eq_ignore_ascii_case(text))
        })
    })
}

fn role_message_id(role: ContributorRole) -> &'static str {
    match role {
        ContributorRole::Author => msgid!("role-author"),
        ContributorRole::Translator => msgid!("role-translator"),
        ContributorRole::Editor => msgid!("role-editor"),
        ContributorRole::Narrator => msgid!("role-narrator"),
        ContributorRole::Illustrator => msgid!("role-illustrator"),
        ContributorRole::Foreword => msgid!("role-foreword"),
        ContributorRole::Other => msgid!("role-other"),
    }
}

/// Parses a yes-or-no value in either language: `yes`, `y`, `sim`, `s`, `true`
/// and `no`, `n`, `não`, `nao`, `false`; empty is no.
pub fn parse_yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "sim" | "s" => Some(true),
        "no" | "n" | "false" | "" | "não" | "nao" => Some(false),
        _ => None,
    }
}

/// Parses a partial date typed in a form: ISO (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) or day
/// first (`MM/YYYY`, `DD/MM/YYYY`).
pub fn parse_partial_date(text: &str) -> Result<PartialDate, String> {
    let quoted = format!("{:?}", text.trim());
    format::typed_date_to_iso(text)
        .parse::<PartialDate>()
        .map_err(|error| match error.reason {
            // A date in the right form that the calendar lacks, such as 2024-02-30,
            // got a message naming the form it already had.
            "no such day in the calendar" => t!("date-no-such-day", text = quoted),
            "the month is not between 1 and 12" => t!("date-month-range", text = quoted),
            _ => t!("date-invalid", text = quoted),
        })
}

/// [`parse_partial_date`] for a date that has happened: when a book was added or a
/// reading started or ended. A date after today is a typing slip, such as a wrong
/// year, and is rejected. A month or year is compared by its first day.
pub fn parse_past_date(text: &str) -> Result<PartialDate, String> {
    let date = parse_partial_date(text)?;
    let today = PartialDate::from_naive(chrono::Local::now().date_naive());
    if date > today {
        return Err(t!(
            "date-in-future",
            date = format::partial_date(&date),
            today = format::partial_date(&today)
        ));
    }
    Ok(date)
}

fn parse_series(text: &str) -> Option<SeriesRef> {
    if text.is_empty() {
        return None;
    }
    let (name, position) = match text.rsplit_once('#') {
        Some((name, position)) => (name.trim(), Some(position.trim().to_string())),
        None => (text, None),
    };
    let index = position.as_deref().and_then(|p| {
        let start: String = p
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        start.parse::<f64>().ok()
    });
    Some(SeriesRef {
        name: name.to_string(),
        index,
        position,
    })
}

/// Reads the bibliographic fields; `isbn` is the Add form's single ISBN field.
pub fn read_book_fields(form: &Form) -> Result<BookFields, FieldError> {
    use FieldName as F;
    let title = form.value(F::Title);
    if title.is_empty() {
        return Err((F::Title, t!("title-required")));
    }
    let mut fields = BookFields {
        title,
        subtitle: optional(form, F::Subtitle),
        isbn13: optional(form, F::Isbn13),
        isbn10: optional(form, F::Isbn10),
        asin: optional(form, F::Asin),
        goodreads_id: optional(form, F::GoodreadsId),
        librarything_id: optional(form, F::LibrarythingId),
        publisher: optional(form, F::Publisher),
        format: optional(form, F::Format),
        pages: optional_number(form, F::Pages)?,
        published_year: optional_number(form, F::PublishedYear)?,
        original_year: optional_number(form, F::OriginalYear)?,
        language: optional(form, F::Language),
        description: optional(form, F::Description),
        contributors: parse_contributors(&form.value(F::Authors))?,
        series: parse_series(&form.value(F::Series)),
    };
    if let Some(isbn) = optional(form, F::Isbn) {
        let parsed = estante_backend::isbn::parse_isbn(&isbn)
            .map_err(|error| (F::Isbn, error.to_string()))?;
        if let Some(parsed) = parsed {
            fields.isbn13 = parsed.isbns.isbn13;
            fields.isbn10 = parsed.isbns.isbn10;
        }
    }
    Ok(fields)
}

/// Reads the entry's fields.
pub fn read_entry_fields(form: &Form) -> Result<EntryFields, FieldError> {
    use FieldName as F;
    let status_text = form.value(F::Status);
    let status =
        crate::status::parse(&status_text).map_err(|error| (F::Status, error.to_string()))?;
    let rating = optional(form, F::Rating)
        .map(|text| crate::app::overlay::parse_rating(&text).map_err(|reason| (F::Rating, reason)))
        .transpose()?
        .flatten();
    let spoiler_text = form.value(F::Spoiler);
    let Some(review_spoiler) = parse_yes_no(&spoiler_text) else {
        return Err((
            F::Spoiler,
            t!("not-yes-or-no", text = format!("{spoiler_text:?}")),
        ));
    };
    let owned_copies = optional_number(form, F::OwnedCopies)?.unwrap_or(0);
    let date_added = optional(form, F::DateAdded)
        .map(|text| parse_past_date(&text).map_err(|error| (F::DateAdded, error)))
        .transpose()?;
    Ok(EntryFields {
        status,
        rating,
        review: None,
        review_spoiler,
        private_notes: optional(form, F::Notes),
        owned_copies,
        date_added,
    })
}

/// Reads the changes the edit form makes to a book: new bibliographic fields when any
/// differ, and a patch of the entry fields that differ.
pub fn read_changes(
    form: &Form,
    book: &Book,
) -> Result<(Option<BookFields>, EntryPatch), FieldError> {
    let fields = read_book_fields(form)?;
    let entry = read_entry_fields(form)?;
    let current = &book.entry.fields;
    let mut patch = EntryPatch::default();
    if entry.status != current.status {
        patch.status = Some(entry.status);
    }
    if entry.rating != current.rating {
        patch.rating = Some(entry.rating);
    }
    if entry.review_spoiler != current.review_spoiler {
        patch.review_spoiler = Some(entry.review_spoiler);
    }
    if entry.private_notes != current.private_notes {
        patch.private_notes = Some(entry.private_notes);
    }
    if entry.owned_copies != current.owned_copies {
        patch.owned_copies = Some(entry.owned_copies);
    }
    if entry.date_added != current.date_added {
        patch.date_added = Some(entry.date_added);
    }
    let changed = (fields != book.fields).then_some(fields);
    Ok((changed, patch))
}

/// Reads the Add form into a new book.
pub fn read_new_book(form: &Form) -> Result<NewBook, FieldError> {
    Ok(NewBook {
        fields: read_book_fields(form)?,
        entry: Some(read_entry_fields(form)?),
    })
}

/// Returns whether a patch changes nothing.
pub fn is_empty(patch: &EntryPatch) -> bool {
    *patch == EntryPatch::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isbn_hint_names_lookup_only_when_on() {
        let hint = |lookup| add_form(lookup).focused().unwrap().hint.clone();
        assert_eq!(hint(true), "ISBN-10 or -13; Ctrl-l looks it up");
        assert_eq!(hint(false), "ISBN-10 or -13");
    }

    #[test]
    fn past_dates_only() {
        assert!(parse_past_date("2020-01-31").is_ok());
        let this_month = chrono::Local::now().format("%Y-%m").to_string();
        assert!(
            parse_past_date(&this_month).is_ok(),
            "a month counts from its first day"
        );
        let error = parse_past_date("30/12/2999").unwrap_err();
        assert!(error.contains("2999-12-30 is after today"), "{error}");
    }

    #[test]
    fn contributors_round_trip() {
        let parsed =
            parse_contributors("Gabriel García Márquez; Gregory Rabassa (translator)").unwrap();
        assert_eq!(parsed[1].role, ContributorRole::Translator);
        assert_eq!(
            contributors_text(&parsed),
            "Gabriel García Márquez; Gregory Rabassa (translator)"
        );
    }

    #[test]
    fn unknown_role_is_an_error() {
        let error = parse_contributors("Someone (chef)").unwrap_err();
        assert_eq!(error.0, FieldName::Authors);
    }

    #[test]
    fn series_keeps_position() {
        let series = parse_series("Discworld #2.5").unwrap();
        assert_eq!(series.name, "Discworld");
        assert_eq!(series.index, Some(2.5));
        assert_eq!(series.position.as_deref(), Some("2.5"));
        assert_eq!(parse_series(""), None);
    }

    #[test]
    fn add_form_needs_title() {
        let form = add_form(true);
        assert_eq!(read_new_book(&form).unwrap_err().0, FieldName::Title);
    }

    #[test]
    fn add_form_reads_isbn_and_rating() {
        let mut form = add_form(true);
        form.set(FieldName::Title, "The Odyssey");
        form.set(FieldName::Isbn, "978-0-14-044911-2");
        form.set(FieldName::Rating, "4.25");
        let new = read_new_book(&form).unwrap();
        assert_eq!(new.fields.isbn13.as_deref(), Some("9780140449112"));
        assert_eq!(new.entry.unwrap().rating.unwrap().quarters(), 17);
    }
}
