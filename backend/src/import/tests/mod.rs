//! Importer tests against the hand-made fixtures in `tests/fixtures/import`, and
//! against real exports when `ESTANTE_CORPUS_DIR` points at them.

#![allow(clippy::unwrap_used)]

mod corpus;
mod goodreads;
mod librarything;
mod mutations;
mod round_trip;
mod storygraph;

use super::{ImportFormat, ParsedImport, ParsedRow, detect_format, parse};

/// Every fixture with its format and the number of records it contains.
const FIXTURES: &[(&str, ImportFormat, usize)] = &[
    ("goodreads_23_columns.csv", ImportFormat::Goodreads, 2),
    ("goodreads_24_columns.csv", ImportFormat::Goodreads, 2),
    ("goodreads_31_columns.csv", ImportFormat::Goodreads, 2),
    ("goodreads_author_spaces.csv", ImportFormat::Goodreads, 1),
    (
        "goodreads_out_of_range_numbers.csv",
        ImportFormat::Goodreads,
        2,
    ),
    ("goodreads_bom_crlf.csv", ImportFormat::Goodreads, 2),
    ("goodreads_custom_shelves.csv", ImportFormat::Goodreads, 5),
    ("goodreads_dates_ambiguous.csv", ImportFormat::Goodreads, 2),
    ("goodreads_dates_conflict.csv", ImportFormat::Goodreads, 2),
    ("goodreads_dates_dmy.csv", ImportFormat::Goodreads, 2),
    ("goodreads_dates_mdy.csv", ImportFormat::Goodreads, 2),
    ("goodreads_dates_ymd.csv", ImportFormat::Goodreads, 2),
    ("goodreads_double_encoded.csv", ImportFormat::Goodreads, 2),
    ("goodreads_empty_read_count.csv", ImportFormat::Goodreads, 2),
    ("goodreads_empty_title.csv", ImportFormat::Goodreads, 2),
    ("goodreads_formula_isbns.csv", ImportFormat::Goodreads, 3),
    ("goodreads_html_review.csv", ImportFormat::Goodreads, 2),
    ("goodreads_impossible_date.csv", ImportFormat::Goodreads, 2),
    ("goodreads_year_zero.csv", ImportFormat::Goodreads, 2),
    (
        "goodreads_lost_leading_zero.csv",
        ImportFormat::Goodreads,
        3,
    ),
    ("goodreads_no_isbn.csv", ImportFormat::Goodreads, 2),
    ("goodreads_rating_zero.csv", ImportFormat::Goodreads, 3),
    (
        "goodreads_read_exclusive_only.csv",
        ImportFormat::Goodreads,
        1,
    ),
    ("goodreads_scientific_isbn.csv", ImportFormat::Goodreads, 2),
    ("storygraph_contributors.csv", ImportFormat::Storygraph, 1),
    ("storygraph_identifiers.csv", ImportFormat::Storygraph, 4),
    ("storygraph_ranges.csv", ImportFormat::Storygraph, 5),
    ("librarything.csv", ImportFormat::Librarything, 2),
    ("librarything.json", ImportFormat::Librarything, 4),
    ("librarything.tsv", ImportFormat::Librarything, 4),
    (
        "librarything_mixed_encoding.tsv",
        ImportFormat::Librarything,
        3,
    ),
];

pub(super) fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|error| panic!("cannot read {path}: {error}"))
}

pub(super) fn parse_fixture(name: &str) -> ParsedImport {
    parse(&fixture(name), None).unwrap_or_else(|error| panic!("{name}: {error}"))
}

/// Returns the parsed row with the given title.
pub(super) fn row<'p>(parsed: &'p ParsedImport, title: &str) -> &'p ParsedRow {
    parsed
        .rows
        .iter()
        .find(|row| row.record.book.title == title)
        .unwrap_or_else(|| panic!("no row titled {title:?}"))
}

#[test]
fn every_record_accounted_for() {
    for &(name, format, records) in FIXTURES {
        let parsed = parse_fixture(name);
        assert_eq!(parsed.format, format, "{name}");
        assert_eq!(parsed.record_count(), records, "{name}");
        let mut numbers: Vec<usize> = parsed.rows.iter().map(|row| row.row).collect();
        numbers.extend(parsed.rejected.iter().map(|rejection| rejection.row));
        numbers.sort_unstable();
        assert_eq!(numbers, (1..=records).collect::<Vec<_>>(), "{name}");
    }
}

#[test]
fn fixtures_detected_by_content() {
    for &(name, format, _) in FIXTURES {
        assert_eq!(detect_format(&fixture(name)).unwrap(), format, "{name}");
    }
}

#[test]
fn every_fixture_listed() {
    let folder = format!("{}/tests/fixtures/import", env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(folder).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let listed = FIXTURES.iter().any(|(listed, _, _)| *listed == name);
        assert!(
            listed || name == "goodreads_missing_author.csv",
            "{name} is not in FIXTURES"
        );
    }
}

#[test]
fn unknown_files_rejected() {
    assert!(matches!(detect_format(b""), Err(super::ImportError::Empty)));
    assert!(matches!(
        detect_format(b"name,colour\nx,y\n"),
        Err(super::ImportError::UnknownFormat(_))
    ));
    assert!(matches!(
        detect_format(b"{\"some\": \"object\"}"),
        Err(super::ImportError::UnknownFormat(_))
    ));
    assert!(matches!(
        detect_format(b"{not json"),
        Err(super::ImportError::Malformed { .. })
    ));
}
