use chrono::{TimeZone, Utc};

use super::{FIXTURES, parse_fixture};
use crate::export::archive::write_archive;
use crate::export::goodreads::{GOODREADS_COLUMNS, write_goodreads_csv};
use crate::import::{ImportFormat, parse};
use crate::model::{
    BookFields, Contributor, ContributorRole, EntryFields, LibraryRecord, ProgressUnit, Rating,
    ReadingFields, ReadingStatus, SeriesRef,
};

fn records_of(format: ImportFormat) -> Vec<LibraryRecord> {
    FIXTURES
        .iter()
        .filter(|(_, fixture_format, _)| *fixture_format == format)
        .flat_map(|(name, _, _)| parse_fixture(name).rows)
        .map(|row| row.record)
        .collect()
}

/// Builds a record with every field set, including values Goodreads cannot store.
fn full_record() -> LibraryRecord {
    LibraryRecord {
        book: BookFields {
            title: "Every Field".to_string(),
            subtitle: Some("A Test".to_string()),
            isbn10: Some("0306406152".to_string()),
            isbn13: Some("9780306406157".to_string()),
            asin: Some("B00ABC1234".to_string()),
            goodreads_id: Some("77".to_string()),
            librarything_id: Some("88".to_string()),
            publisher: Some("Fernhill Press".to_string()),
            format: Some("Hardcover".to_string()),
            pages: Some(401),
            published_year: Some(2020),
            original_year: Some(-50),
            language: Some("Portuguese".to_string()),
            description: Some("Line one\nline two".to_string()),
            contributors: vec![
                Contributor::author("Rui Matos"),
                Contributor {
                    name: "Ana Soto".to_string(),
                    role: ContributorRole::Translator,
                },
            ],
            series: Some(SeriesRef {
                name: "Field Guides".to_string(),
                index: Some(2.5),
                position: Some("2.5".to_string()),
            }),
        },
        entry: EntryFields {
            status: ReadingStatus::Paused,
            rating: Some(Rating::from_stars(4.25).unwrap()),
            review: Some("Careful & <odd> text\nwith a newline".to_string()),
            review_spoiler: true,
            private_notes: Some("shelf B".to_string()),
            owned_copies: 2,
            date_added: Some("2024-02".parse().unwrap()),
        },
        readings: vec![ReadingFields {
            started: Some("2024-03-01".parse().unwrap()),
            finished: None,
            stopped: Some("2024-03-09".parse().unwrap()),
            progress: Some(40),
            progress_unit: Some(ProgressUnit::Percent),
        }],
        shelves: vec!["travel".to_string()],
        tags: vec!["gift".to_string()],
    }
}

#[test]
fn goodreads_export_round_trip() {
    let records = records_of(ImportFormat::Goodreads);
    assert!(records.len() > 30, "{}", records.len());
    let bytes = write_goodreads_csv(&records).unwrap();
    assert!(!bytes.starts_with(b"\xEF\xBB\xBF"));
    assert!(!bytes.contains(&b'\r'));

    let parsed = parse(&bytes, None).unwrap();
    assert_eq!(parsed.format, ImportFormat::Goodreads);
    assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);
    assert!(parsed.notes.is_empty(), "{:?}", parsed.notes);
    for (row, original) in parsed.rows.iter().zip(&records) {
        assert!(row.problems.is_empty(), "{:?}", row.problems);
        assert_eq!(&row.record, original);
    }
    assert_eq!(parsed.rows.len(), records.len());
}

#[test]
fn goodreads_export_columns() {
    let bytes = write_goodreads_csv(&[full_record()]).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header, GOODREADS_COLUMNS);
    assert_eq!(header.len(), 24);

    let row = reader.records().next().unwrap().unwrap();
    let field = |name: &str| {
        let position = GOODREADS_COLUMNS.iter().position(|c| *c == name).unwrap();
        row.get(position).unwrap().to_string()
    };
    assert_eq!(field("Title"), "Every Field: A Test (Field Guides, #2.5)");
    assert_eq!(field("Author"), "Rui Matos");
    assert_eq!(field("Author l-f"), "Matos, Rui");
    assert_eq!(field("Additional Authors"), "Ana Soto");
    assert_eq!(field("ISBN"), "=\"0306406152\"");
    assert_eq!(field("ISBN13"), "=\"9780306406157\"");
    assert_eq!(field("My Rating"), "4");
    assert_eq!(field("Exclusive Shelf"), "paused");
    assert_eq!(field("Bookshelves"), "paused, travel, gift");
    assert_eq!(field("Date Added"), "2024/02");
    assert_eq!(field("Date Read"), "");
    assert_eq!(field("Read Count"), "1");
    assert_eq!(field("Owned Copies"), "2");
    assert_eq!(field("Spoiler"), "true");
    assert_eq!(
        field("My Review"),
        "<spoiler>Careful &amp; &lt;odd&gt; text<br/>with a newline</spoiler>"
    );
    assert_eq!(field("Original Publication Year"), "-50");
}

/// A cell that starts like a formula (`=`, `+`, `-`, `@`) would run in a spreadsheet
/// that opens the export. It is written behind a `'`, which the import takes off.
#[test]
fn goodreads_export_neutralises_formulas() {
    let mut record = full_record();
    record.book.title = "=HYPERLINK(\"http://127.0.0.1/x\",\"click\")".to_string();
    record.book.subtitle = None;
    record.book.series = None;
    record.book.contributors = vec![Contributor::author("-2+3 Cmd")];
    record.book.publisher = Some("@SUM(A1)".to_string());
    record.entry.review = Some("=1+1 review".to_string());
    record.entry.review_spoiler = false;
    let bytes = write_goodreads_csv(std::slice::from_ref(&record)).unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let headers = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    // A number such as the year -50 is a value, and `="…"` is how ISBNs keep their
    // leading zeros, as Goodreads writes them.
    for (name, cell) in headers.iter().zip(row.iter()) {
        let formula = cell.starts_with(['=', '+', '-', '@'])
            && cell.parse::<f64>().is_err()
            && !(cell.starts_with("=\"") && cell.ends_with('"') && cell.len() <= 16);
        assert!(!formula, "{name} starts a formula: {cell}");
    }

    let parsed = parse(&bytes, Some(ImportFormat::Goodreads)).unwrap();
    let back = &parsed.rows[0].record;
    assert_eq!(back.book.title, record.book.title);
    assert_eq!(back.book.contributors, record.book.contributors);
    assert_eq!(back.book.publisher, record.book.publisher);
    assert_eq!(back.entry.review, record.entry.review);

    // A leading apostrophe of the text itself stays.
    record.book.title = "'Salem's Lot".to_string();
    let bytes = write_goodreads_csv(std::slice::from_ref(&record)).unwrap();
    let parsed = parse(&bytes, Some(ImportFormat::Goodreads)).unwrap();
    assert_eq!(parsed.rows[0].record.book.title, "'Salem's Lot");

    // So does one before a formula character: `'=Quoted` came back as `=Quoted`.
    for title in ["'=Quoted", "''+Twice"] {
        record.book.title = title.to_string();
        let bytes = write_goodreads_csv(std::slice::from_ref(&record)).unwrap();
        let parsed = parse(&bytes, Some(ImportFormat::Goodreads)).unwrap();
        assert_eq!(parsed.rows[0].record.book.title, title);
    }
}

/// The CSV has no roles, so a person with two credits is written once.
#[test]
fn goodreads_export_lists_each_name_once() {
    let mut record = full_record();
    record.book.contributors = vec![
        Contributor::author("Rui Matos"),
        Contributor {
            name: "Rui Matos".to_string(),
            role: ContributorRole::Editor,
        },
        Contributor {
            name: "Ana Soto".to_string(),
            role: ContributorRole::Translator,
        },
        Contributor {
            name: "Ana Soto".to_string(),
            role: ContributorRole::Illustrator,
        },
    ];
    let bytes = write_goodreads_csv(&[record]).unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let headers = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let field = |name: &str| row.get(headers.iter().position(|h| h == name).unwrap());
    assert_eq!(field("Author"), Some("Rui Matos"));
    assert_eq!(field("Additional Authors"), Some("Ana Soto"));

    let parsed = parse(&bytes, Some(ImportFormat::Goodreads)).unwrap();
    let names: Vec<&str> = parsed.rows[0]
        .record
        .book
        .contributors
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["Rui Matos", "Ana Soto"]);
}

#[test]
fn goodreads_export_rounds_ratings() {
    for (stars, written) in [(0.25, "1"), (1.5, "2"), (4.25, "4"), (4.5, "5"), (5.0, "5")] {
        let mut record = full_record();
        record.entry.rating = Some(Rating::from_stars(stars).unwrap());
        let bytes = write_goodreads_csv(&[record]).unwrap();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(row.get(7), Some(written), "{stars} stars");
    }
}

#[test]
fn archive_round_trip() {
    let mut records = vec![full_record()];
    for format in [
        ImportFormat::Goodreads,
        ImportFormat::Storygraph,
        ImportFormat::Librarything,
    ] {
        records.extend(records_of(format));
    }
    let exported_at = Utc.with_ymd_and_hms(2025, 1, 2, 3, 4, 5).unwrap();
    let bytes = write_archive(&records, exported_at).unwrap();
    let document: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(document["format"], "estante-archive");
    assert_eq!(document["version"], 1);
    assert_eq!(document["exported_at"], "2025-01-02T03:04:05Z");

    let parsed = parse(&bytes, None).unwrap();
    assert_eq!(parsed.format, ImportFormat::Archive);
    let back: Vec<LibraryRecord> = parsed.rows.into_iter().map(|row| row.record).collect();
    assert_eq!(back, records);
}

/// An older server stored a date added of year 0, and its archives carry it. The
/// import leaves it out with a problem, as the CSV importers do.
#[test]
fn archive_year_zero_added_left_out() {
    let text = r#"{"format":"estante-archive","version":1,"exported_at":"x","records":[
        {"book":{"title":"Zero"},"entry":{"status":"read","date_added":"0000-01-01"}},
        {"book":{"title":"One"},"entry":{"status":"read","date_added":"0001-01-01"}}]}"#;
    let parsed = parse(text.as_bytes(), None).unwrap();
    assert_eq!(parsed.rows[0].record.entry.date_added, None);
    assert!(
        parsed.rows[0].problems[0].contains("0000-01-01"),
        "{:?}",
        parsed.rows[0].problems
    );
    assert!(parsed.rows[1].record.entry.date_added.is_some());
    assert!(parsed.rows[1].problems.is_empty());
}

/// A rating the library cannot keep rejected the whole record and its book, where
/// the CSV importers keep the book and leave the rating empty.
#[test]
fn archive_bad_rating_left_out() {
    let text = r#"{"format":"estante-archive","version":1,"exported_at":"x","records":[
        {"book":{"title":"Seven"},"entry":{"status":"read","rating":7.3}},
        {"book":{"title":"Word"},"entry":{"status":"read","rating":"four"}},
        {"book":{"title":"Fine"},"entry":{"status":"read","rating":4.25}}]}"#;
    let parsed = parse(text.as_bytes(), None).unwrap();
    assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);
    assert_eq!(parsed.rows.len(), 3);
    assert_eq!(parsed.rows[0].record.entry.rating, None);
    assert_eq!(
        parsed.rows[0].problems,
        ["entry.rating: 7.3 stars is not between 0.25 and 5; the field was left empty"]
    );
    assert_eq!(
        parsed.rows[1].problems,
        ["entry.rating \"four\" is not a number of stars; the field was left empty"]
    );
    assert!(parsed.rows[2].record.entry.rating.is_some());
    assert!(parsed.rows[2].problems.is_empty());
}

/// A page count, year or number of copies out of range rejected the whole record,
/// where the CSV importers keep the book and leave the field empty.
#[test]
fn archive_numbers_out_of_range_left_out() {
    let text = r#"{"format":"estante-archive","version":1,"exported_at":"x","records":[
        {"book":{"title":"Minus","pages":-5,"published_year":99999,"original_year":1851},
         "entry":{"status":"read","owned_copies":-1}},
        {"book":{"title":"Fine","pages":412},"entry":{"status":"read","owned_copies":2}}]}"#;
    let parsed = parse(text.as_bytes(), None).unwrap();
    assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);
    let minus = &parsed.rows[0];
    assert_eq!(minus.record.book.pages, None);
    assert_eq!(minus.record.book.published_year, None);
    assert_eq!(minus.record.book.original_year, Some(1851));
    assert_eq!(minus.record.entry.owned_copies, 0);
    assert_eq!(
        minus.problems,
        [
            "book.pages: -5 is not between 0 and 100,000; the field was left empty",
            "book.published_year: 99999 is not between -5000 and 2200; the field was left \
             empty",
            "entry.owned_copies: -1 is not between 0 and 10,000; the field was left empty",
        ]
    );
    assert_eq!(parsed.rows[1].record.book.pages, Some(412));
    assert!(parsed.rows[1].problems.is_empty());
}

/// A page count past 2^63, a fraction or a word rejected the whole record, where
/// the importers leave such a field empty.
#[test]
fn archive_non_integers_left_out() {
    let text = r#"{"format":"estante-archive","version":1,"exported_at":"x","records":[
        {"book":{"title":"Huge","pages":18446744073709551616,"published_year":1999.5},
         "entry":{"status":"read","owned_copies":null}},
        {"book":{"title":"Word","original_year":"old"},"entry":{"status":"read","owned_copies":"two"}}]}"#;
    let parsed = parse(text.as_bytes(), None).unwrap();
    assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);
    let huge = &parsed.rows[0];
    assert_eq!(huge.record.book.pages, None);
    assert_eq!(huge.record.book.published_year, None);
    assert_eq!(huge.record.entry.owned_copies, 0);
    assert_eq!(huge.problems.len(), 2, "{:?}", huge.problems);
    // JSON reads a number that large as a float, so the problem quotes it as one.
    assert!(
        huge.problems[0].starts_with("book.pages \"1.8446744073709552e+19\" is not a whole"),
        "{:?}",
        huge.problems
    );
    let word = &parsed.rows[1];
    assert_eq!(
        word.problems,
        [
            "book.original_year \"old\" is not a whole number it can hold; the field was left empty",
            "entry.owned_copies \"two\" is not a whole number it can hold; the field was left empty",
        ]
    );
}

#[test]
fn archive_bad_record_rejected_alone() {
    let text = r#"{"format":"estante-archive","version":1,"exported_at":"x","records":[
        {"book":{"title":"Kept"},"entry":{"status":"read","rating":null,"review":null,
         "review_spoiler":false,"private_notes":null,"owned_copies":0,"date_added":null}},
        {"book":{"title":"Bad"},"entry":{"status":"lost"}}]}"#;
    let parsed = parse(text.as_bytes(), None).unwrap();
    assert_eq!(parsed.rows.len(), 1);
    assert_eq!(parsed.rows[0].record.book.title, "Kept");
    assert_eq!(parsed.rejected.len(), 1);
    assert_eq!(parsed.rejected[0].row, 2);
    // The report names the record's book by its title, which is still readable.
    assert_eq!(parsed.rejected[0].title.as_deref(), Some("Bad"));
}

/// A misspelled key in a record was skipped and its value lost while the row
/// imported. The record is now rejected with the key named, as the API does.
#[test]
fn archive_unknown_key_rejects_the_record() {
    let text = r#"{"format":"estante-archive","version":1,"exported_at":"x","records":[
        {"book":{"title":"Kept"}},
        {"book":{"title":"Misspelled","dateAdded":"2020-01-01"},"entry":{"ratng":4}}]}"#;
    let parsed = parse(text.as_bytes(), None).unwrap();
    assert_eq!(parsed.rows.len(), 1);
    assert_eq!(parsed.rejected.len(), 1);
    let reason = &parsed.rejected[0].reason;
    assert!(
        reason.contains("book.dateAdded") && reason.contains("entry.ratng"),
        "{reason}"
    );
}

/// A key beside the records was skipped without a word. The import goes on, since
/// such a key contains no book, and a note names the key.
#[test]
fn archive_unknown_top_level_key_noted() {
    let text = r#"{"format":"estante-archive","version":1,"exported_at":"x",
        "goals":[{"year":2024,"books":12}],"records":[{"book":{"title":"Kept"}}]}"#;
    let parsed = parse(text.as_bytes(), None).unwrap();
    assert_eq!(parsed.rows.len(), 1);
    assert_eq!(parsed.notes.len(), 1, "{:?}", parsed.notes);
    assert!(parsed.notes[0].contains("goals"), "{:?}", parsed.notes);

    let plain = r#"{"format":"estante-archive","version":1,"exported_at":"x","records":[]}"#;
    assert_eq!(
        parse(plain.as_bytes(), None).unwrap().notes,
        Vec::<String>::new()
    );
}

/// serde_json keeps the last of two equal keys, so `"rating": 4.75, "rating": 1`
/// imported as 1. The file is rejected instead, with the key named.
#[test]
fn archive_key_twice_fails() {
    let text = r#"{"format":"estante-archive","version":1,"exported_at":"x","records":[
        {"book":{"title":"Twice"},"entry":{"rating":4.75,"rating":1}}]}"#;
    let Err(error) = parse(text.as_bytes(), None) else {
        panic!("a key given twice was read");
    };
    assert!(
        error.to_string().contains("“rating” appears twice"),
        "{error}"
    );
}

#[test]
fn archive_other_version_fails() {
    let text = r#"{"format":"estante-archive","version":2,"records":[]}"#;
    let error = parse(text.as_bytes(), None).unwrap_err();
    assert!(error.to_string().contains("version 2"), "{error}");
}
