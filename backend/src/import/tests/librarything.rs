use super::{parse_fixture, row};
use crate::dates::PartialDate;
use crate::model::{Contributor, ContributorRole, Rating, ReadingFields, ReadingStatus};

fn date(text: &str) -> Option<PartialDate> {
    Some(text.parse().unwrap())
}

fn contributor(name: &str, role: ContributorRole) -> Contributor {
    Contributor {
        name: name.to_string(),
        role,
    }
}

/// Checks the rows that the TSV and the CSV fixtures share.
fn assert_common_rows(name: &str) {
    let parsed = parse_fixture(name);
    let owned = &row(&parsed, "Winter Ledger").record;
    assert_eq!(
        owned.book.librarything_id.as_deref(),
        Some("300001"),
        "{name}"
    );
    assert_eq!(
        owned.book.contributors,
        vec![
            contributor("Edith Halloran", ContributorRole::Author),
            contributor("Ivo Pym", ContributorRole::Translator),
            contributor("Dana Lark", ContributorRole::Foreword),
        ],
        "{name}"
    );
    assert_eq!(
        owned.book.isbn13.as_deref(),
        Some("9780198526636"),
        "{name}"
    );
    assert_eq!(owned.book.pages, Some(240), "{name}");
    assert_eq!(owned.book.published_year, Some(2015), "{name}");
    assert_eq!(owned.book.language.as_deref(), Some("English"), "{name}");
    assert_eq!(owned.book.format.as_deref(), Some("Paperback"), "{name}");
    let series = owned.book.series.as_ref().unwrap();
    assert_eq!(
        (series.name.as_str(), series.index),
        ("Ledger Books", Some(2.0))
    );
    assert_eq!(owned.entry.status, ReadingStatus::Read, "{name}");
    assert_eq!(
        owned.entry.rating,
        Some(Rating::from_stars(4.5).unwrap()),
        "{name}"
    );
    assert_eq!(
        owned.entry.review.as_deref(),
        Some("Cold and clear."),
        "{name}"
    );
    assert_eq!(
        owned.entry.private_notes.as_deref(),
        Some("signed copy"),
        "{name}"
    );
    assert_eq!(owned.entry.owned_copies, 1, "{name}");
    assert_eq!(owned.entry.date_added, date("2020-03-14"), "{name}");
    assert_eq!(owned.shelves, vec!["Favorites"], "{name}");
    assert_eq!(owned.tags, vec!["winter", "ledgers"], "{name}");
    assert_eq!(
        owned.readings,
        vec![ReadingFields {
            started: date("2021-01-02"),
            finished: date("2021-01-20"),
            ..ReadingFields::default()
        }],
        "{name}"
    );

    let current = &row(&parsed, "Now Reading").record;
    assert_eq!(current.entry.status, ReadingStatus::Reading, "{name}");
    assert!(current.shelves.is_empty(), "{name}");
    assert_eq!(
        current.readings,
        vec![ReadingFields {
            started: date("2024-06-01"),
            ..ReadingFields::default()
        }],
        "{name}"
    );
}

#[test]
fn tsv_export_mapped() {
    assert_common_rows("librarything.tsv");
    let parsed = parse_fixture("librarything.tsv");

    let borrowed = &row(&parsed, "Borrowed Once").record;
    assert_eq!(borrowed.entry.status, ReadingStatus::Read);
    assert_eq!(borrowed.entry.owned_copies, 0);
    assert_eq!(borrowed.readings, vec![ReadingFields::default()]);

    let wished = row(&parsed, "Someday");
    assert_eq!(wished.record.entry.status, ReadingStatus::WantToRead);
    assert_eq!(wished.record.entry.owned_copies, 0);
    assert_eq!(wished.record.shelves, vec!["Wishlist"]);
    assert_eq!(wished.problems.len(), 1, "{:?}", wished.problems);
    assert!(wished.problems[0].contains("scientific notation"));
}

#[test]
fn csv_export_mapped() {
    assert_common_rows("librarything.csv");
}

#[test]
fn json_export_mapped() {
    let parsed = parse_fixture("librarything.json");
    assert_eq!(parsed.rejected.len(), 2, "{:?}", parsed.rejected);
    assert_eq!(parsed.rejected[0].row, 3);
    assert!(parsed.rejected[0].reason.contains("Title is empty"));
    assert_eq!(parsed.rejected[1].row, 4);
    assert!(parsed.rejected[1].reason.contains("400004"));

    let glass = row(&parsed, "Glass Tide");
    assert_eq!(glass.row, 1);
    let record = &glass.record;
    assert_eq!(record.book.librarything_id.as_deref(), Some("400001"));
    assert_eq!(
        record.book.contributors,
        vec![
            contributor("Nia Okafor", ContributorRole::Author),
            contributor("Bela Varga", ContributorRole::Translator),
        ]
    );
    assert_eq!(record.book.isbn10.as_deref(), Some("0306406152"));
    assert_eq!(record.book.pages, Some(312));
    assert_eq!(record.book.format.as_deref(), Some("Paperback"));
    assert_eq!(record.entry.rating, Some(Rating::from_stars(3.5).unwrap()));
    assert_eq!(record.entry.review.as_deref(), Some("Strong.\nQuiet."));
    assert_eq!(record.entry.status, ReadingStatus::Read);
    assert_eq!(record.entry.owned_copies, 2);
    assert_eq!(record.shelves, vec!["Favorites"]);
    assert_eq!(record.tags, vec!["sea", "translated"]);
    assert_eq!(record.readings[0].finished, date("2023-04-19"));

    let quarry = &row(&parsed, "Quarry Song").record;
    assert_eq!(
        quarry.book.contributors,
        vec![Contributor::author("Lene Bauer")]
    );
    assert_eq!(quarry.book.isbn10.as_deref(), Some("080442957X"));
    assert_eq!(quarry.entry.status, ReadingStatus::WantToRead);
    assert_eq!(quarry.entry.date_added, date("2024-02-02"));
}

#[test]
fn mixed_encodings_decoded_per_field() {
    let parsed = parse_fixture("librarything_mixed_encoding.tsv");
    let utf8 = row(&parsed, "Café Nights");
    assert!(utf8.notes.is_empty(), "{:?}", utf8.notes);

    let legacy = row(&parsed, "Crème \u{201c}Brûlée\u{201d}");
    assert!(
        legacy.notes.iter().any(|note| note.contains("Title")),
        "{:?}",
        legacy.notes
    );

    let mixed = row(&parsed, "São Paulo Notes");
    assert_eq!(mixed.record.book.contributors[0].name, "Jörg Müller");
    assert_eq!(mixed.notes.len(), 1, "{:?}", mixed.notes);
    assert!(mixed.notes[0].contains("Primary Author"));
}
