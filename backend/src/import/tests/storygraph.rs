use super::{fixture, parse_fixture, row};
use crate::dates::PartialDate;
use crate::import::{ImportFormat, parse};
use crate::model::{Contributor, ContributorRole, Rating, ReadingFields, ReadingStatus};

fn date(text: &str) -> Option<PartialDate> {
    Some(text.parse().unwrap())
}

#[test]
fn date_ranges_become_readings() {
    let parsed = parse_fixture("storygraph_ranges.csv");
    let twice = &row(&parsed, "Harbor of Glass").record;
    assert_eq!(twice.entry.status, ReadingStatus::Read);
    assert_eq!(twice.entry.rating, Some(Rating::from_stars(4.25).unwrap()));
    assert_eq!(
        twice.readings,
        vec![
            ReadingFields {
                started: date("2023-05-23"),
                finished: date("2023-06-07"),
                ..ReadingFields::default()
            },
            ReadingFields {
                started: date("2024-01-02"),
                finished: date("2024-01-10"),
                ..ReadingFields::default()
            },
        ]
    );
    assert_eq!(twice.entry.date_added, date("2024-01-05"));
}

/// A book to read again keeps its `Read Count` earlier reads, undated when the file
/// gives no dates, so that its export counts them.
#[test]
fn to_read_keeps_earlier_reads() {
    let header = String::from_utf8(fixture("storygraph_ranges.csv")).unwrap();
    let header = header.lines().next().unwrap();
    let text = format!(
        "{header}\nRead Before,Iris Quell,,,paperback,to-read,2024/01/05,,,1,,,,,,,,,,,,,No\n\
         Not Yet,Iris Quell,,,paperback,to-read,2024/01/05,,,0,,,,,,,,,,,,,No\n"
    );

    let parsed = parse(text.as_bytes(), Some(ImportFormat::Storygraph)).unwrap();

    let before = &row(&parsed, "Read Before").record;
    assert_eq!(before.entry.status, ReadingStatus::WantToRead);
    assert_eq!(before.readings, vec![ReadingFields::default()]);
    assert!(row(&parsed, "Not Yet").record.readings.is_empty());
}

#[test]
fn single_date_is_finish() {
    let parsed = parse_fixture("storygraph_ranges.csv");
    let once = &row(&parsed, "One Date Only").record;
    assert_eq!(once.entry.rating, Some(Rating::from_stars(3.5).unwrap()));
    assert_eq!(
        once.readings,
        vec![ReadingFields {
            finished: date("2022-08-06"),
            ..ReadingFields::default()
        }]
    );
}

#[test]
fn open_range_is_current_reading() {
    let parsed = parse_fixture("storygraph_ranges.csv");
    let current = &row(&parsed, "In Progress").record;
    assert_eq!(current.entry.status, ReadingStatus::Reading);
    assert_eq!(
        current.readings,
        vec![ReadingFields {
            started: date("2024-08-29"),
            ..ReadingFields::default()
        }]
    );
}

#[test]
fn did_not_finish_stops() {
    let parsed = parse_fixture("storygraph_ranges.csv");
    let stopped = &row(&parsed, "Gave Up").record;
    assert_eq!(stopped.entry.status, ReadingStatus::DidNotFinish);
    assert_eq!(
        stopped.readings,
        vec![ReadingFields {
            started: date("2024-02-01"),
            stopped: date("2024-02-09"),
            ..ReadingFields::default()
        }]
    );
}

#[test]
fn read_count_without_dates() {
    let parsed = parse_fixture("storygraph_ranges.csv");
    let undated = &row(&parsed, "Read Without Dates").record;
    assert_eq!(undated.readings, vec![ReadingFields::default(); 3]);
    assert!(parsed.rows.iter().all(|row| row.problems.is_empty()));
}

#[test]
fn contributor_roles_read() {
    let parsed = parse_fixture("storygraph_contributors.csv");
    let contributors = &parsed.rows[0].record.book.contributors;
    let expected = vec![
        Contributor::author("Iris Quell"),
        Contributor::author("Tomas Reyes"),
        Contributor {
            name: "Ana Soto".to_string(),
            role: ContributorRole::Translator,
        },
        Contributor {
            name: "Ned Voice".to_string(),
            role: ContributorRole::Narrator,
        },
        Contributor {
            name: "Eda Marsh".to_string(),
            role: ContributorRole::Editor,
        },
        Contributor {
            name: "Ilse Draw".to_string(),
            role: ContributorRole::Illustrator,
        },
        Contributor {
            name: "Pat Plain".to_string(),
            role: ContributorRole::Other,
        },
    ];
    assert_eq!(contributors, &expected);
}

#[test]
fn asin_and_isbn_identifiers() {
    let parsed = parse_fixture("storygraph_identifiers.csv");
    let kindle = row(&parsed, "Kindle Only");
    assert_eq!(kindle.record.book.asin.as_deref(), Some("B00ABC1234"));
    assert_eq!(kindle.record.book.isbn13, None);
    assert_eq!(kindle.record.book.format.as_deref(), Some("digital"));
    assert_eq!(kindle.record.entry.owned_copies, 1);
    assert_eq!(kindle.record.tags, vec!["economics", "almost-finished"]);
    assert!(kindle.problems.is_empty());

    let repaired = row(&parsed, "Lost Zero");
    assert_eq!(repaired.record.book.isbn10.as_deref(), Some("0198526636"));
    assert_eq!(repaired.record.entry.owned_copies, 0);
    assert_eq!(repaired.notes.len(), 1);

    let none = row(&parsed, "No Identifier");
    assert_eq!(none.record.book.isbn13, None);
    assert!(none.problems.is_empty());

    let odd = row(&parsed, "Odd Identifier");
    assert_eq!(odd.record.book.isbn10, None);
    assert_eq!(odd.problems.len(), 1);
}

#[test]
fn suffix_stays_with_author() {
    let header = "Title,Authors,Contributors,ISBN/UID,Format,Read Status,Date Added,\
                  Last Date Read,Dates Read,Read Count,Moods,Pace,Character- or Plot-Driven?,\
                  Strong Character Development?,Loveable Characters?,Diverse Characters?,\
                  Flawed Characters?,Star Rating,Review,Content Warnings,\
                  Content Warning Description,Tags,Owned?";
    let mut fields = vec![""; 23];
    fields[0] = "Why We Can't Wait";
    fields[1] = "\"Martin Luther King, Jr., Jesse Jackson\"";
    fields[5] = "read";
    fields[22] = "No";
    let csv = format!("{header}\n{}\n", fields.join(","));

    let parsed = crate::import::parse(csv.as_bytes(), None).unwrap();
    let book = &row(&parsed, "Why We Can't Wait").record.book;
    assert_eq!(
        book.contributors,
        vec![
            Contributor::author("Martin Luther King, Jr."),
            Contributor::author("Jesse Jackson"),
        ]
    );
}

/// The missing-column message spelled the service "Storygraph".
#[test]
fn missing_column_spells_storygraph() {
    let error = crate::import::parse(
        b"Title,Read Status\nOne,read\n",
        Some(crate::import::ImportFormat::Storygraph),
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "required column \"Authors\" is missing from the StoryGraph header"
    );
}

/// Rows that contradicted themselves came in without a word: a read book with a
/// reading still open, and a `Last Date Read` that none of `Dates Read` ends on.
#[test]
fn contradicting_rows_are_flagged() {
    let header = String::from_utf8(fixture("storygraph_ranges.csv")).unwrap();
    let header = header.lines().next().unwrap();
    let text = format!(
        "{header}\nOpen But Read,Iris Quell,,,paperback,read,2024/01/05,,2024/02/01-,1,,,,,,,,,,,,,No\n\
         Other Last,Iris Quell,,,paperback,read,2024/01/05,2020/01/01,2024/02/01-2024/02/05,1,,,,,,,,,,,,,No\n\
         Agreeing,Iris Quell,,,paperback,read,2024/01/05,2024/02/05,2024/02/01-2024/02/05,1,,,,,,,,,,,,,No\n"
    );

    let parsed = parse(text.as_bytes(), Some(ImportFormat::Storygraph)).unwrap();

    let open = row(&parsed, "Open But Read");
    assert_eq!(open.problems.len(), 1, "{:?}", open.problems);
    assert!(open.problems[0].contains("started 2024-02-01 has no end date"));
    let other = row(&parsed, "Other Last");
    assert_eq!(other.problems.len(), 1, "{:?}", other.problems);
    assert!(other.problems[0].contains("Last Date Read 2020-01-01"));
    assert_eq!(other.record.readings.len(), 1);
    assert!(row(&parsed, "Agreeing").problems.is_empty());
}
