//! Turning books into form fields and form fields back into books and patches.

use estante_backend::dates::PartialDate;
use estante_backend::model::{
    BookFields, Contributor, ContributorRole, EntryFields, Rating, SeriesRef,
};
use estante_backend::storage::{Book, EntryPatch, NewBook};

use crate::screens::form::{FieldName, Form, line, text};

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
            role => format!("{} ({})", c.name, role.as_str()),
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
        line(F::Title, "Title", "required", &fields.title),
        line(F::Subtitle, "Subtitle", "", &opt(&fields.subtitle)),
        line(
            F::Authors,
            "Contributors",
            "Name; Name (translator) — roles: author, translator, editor, narrator, illustrator, foreword, other",
            &contributors_text(&fields.contributors),
        ),
        line(
            F::Series,
            "Series",
            "Name #position, such as Discworld #2.5",
            &series_text(&fields.series),
        ),
        line(F::Isbn13, "ISBN-13", "13 digits", &opt(&fields.isbn13)),
        line(
            F::Isbn10,
            "ISBN-10",
            "10 characters; filled from a 978 ISBN-13",
            &opt(&fields.isbn10),
        ),
        line(F::Asin, "ASIN", "", &opt(&fields.asin)),
        line(
            F::GoodreadsId,
            "Goodreads id",
            "",
            &opt(&fields.goodreads_id),
        ),
        line(
            F::LibrarythingId,
            "LibraryThing id",
            "",
            &opt(&fields.librarything_id),
        ),
        line(F::Publisher, "Publisher", "", &opt(&fields.publisher)),
        line(
            F::Format,
            "Format",
            "such as Paperback or ebook",
            &opt(&fields.format),
        ),
        line(F::Pages, "Pages", "a whole number", &number(fields.pages)),
        line(
            F::PublishedYear,
            "Published",
            "year of this edition",
            &number(fields.published_year),
        ),
        line(
            F::OriginalYear,
            "First published",
            "year; negative before the common era",
            &number(fields.original_year),
        ),
        line(F::Language, "Language", "", &opt(&fields.language)),
        text(
            F::Description,
            "Description",
            "several lines",
            &opt(&fields.description),
        ),
    ]
}

fn entry_field_list(entry: &EntryFields) -> Vec<crate::screens::form::Field> {
    use FieldName as F;
    vec![
        line(
            F::Status,
            "Status",
            crate::status::LABELS,
            crate::status::label(entry.status),
        ),
        line(
            F::Rating,
            "Rating",
            "stars in quarter steps, 0.25 to 5; empty for none",
            &entry
                .rating
                .map(|r| r.stars().to_string())
                .unwrap_or_default(),
        ),
        line(
            F::Spoiler,
            "Review spoiler",
            "yes or no",
            if entry.review_spoiler { "yes" } else { "no" },
        ),
        text(
            F::Notes,
            "Private notes",
            "several lines",
            &opt(&entry.private_notes),
        ),
        line(
            F::OwnedCopies,
            "Owned copies",
            "a whole number",
            &entry.owned_copies.to_string(),
        ),
        line(
            F::DateAdded,
            "Date added",
            "YYYY, YYYY-MM or YYYY-MM-DD",
            &entry.date_added.map(|d| d.to_string()).unwrap_or_default(),
        ),
    ]
}

/// Builds the edit form of a book: every bibliographic field and the entry's fields.
pub fn edit_form(book: &Book) -> Form {
    let mut fields = book_field_list(&book.fields);
    fields.extend(entry_field_list(&book.entry.fields));
    Form::new(fields)
}

/// Builds the form of a new book, with the ISBN to look up first.
pub fn add_form() -> Form {
    let mut fields = vec![line(
        FieldName::Isbn,
        "ISBN",
        "ISBN-10 or -13; Ctrl-l looks it up",
        "",
    )];
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
            text.parse::<i64>()
                .map_err(|_| (name, format!("{text:?} is not a whole number")))
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
                let role = ContributorRole::parse(role).ok_or_else(|| {
                    (FieldName::Authors, format!("{role:?} is not a role; use author, translator, editor, narrator, illustrator, foreword or other"))
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
        return Err((F::Title, "a title is required".to_string()));
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
        .map(|text| {
            let stars: f64 = text
                .parse()
                .map_err(|_| (F::Rating, format!("{text:?} is not a number of stars")))?;
            Rating::from_stars(stars).map_err(|reason| (F::Rating, reason))
        })
        .transpose()?;
    let review_spoiler = match form.value(F::Spoiler).to_lowercase().as_str() {
        "yes" | "y" | "true" => true,
        "no" | "n" | "false" | "" => false,
        other => return Err((F::Spoiler, format!("{other:?} is not yes or no"))),
    };
    let owned_copies = optional_number(form, F::OwnedCopies)?.unwrap_or(0);
    let date_added = optional(form, F::DateAdded)
        .map(|text| {
            text.parse::<PartialDate>()
                .map_err(|error| (F::DateAdded, error.to_string()))
        })
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
        let form = add_form();
        assert_eq!(read_new_book(&form).unwrap_err().0, FieldName::Title);
    }

    #[test]
    fn add_form_reads_isbn_and_rating() {
        let mut form = add_form();
        form.set(FieldName::Title, "The Odyssey");
        form.set(FieldName::Isbn, "978-0-14-044911-2");
        form.set(FieldName::Rating, "4.25");
        let new = read_new_book(&form).unwrap();
        assert_eq!(new.fields.isbn13.as_deref(), Some("9780140449112"));
        assert_eq!(new.entry.unwrap().rating.unwrap().quarters(), 17);
    }
}
