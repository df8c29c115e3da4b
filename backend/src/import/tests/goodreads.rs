use super::{fixture, parse_fixture, row};
use crate::dates::PartialDate;
use crate::import::{ImportError, ImportFormat, parse};
use crate::model::{Contributor, Rating, ReadingFields, ReadingStatus};

fn date(text: &str) -> PartialDate {
    text.parse().unwrap()
}

fn finished(text: &str) -> ReadingFields {
    ReadingFields {
        finished: Some(date(text)),
        ..ReadingFields::default()
    }
}

#[test]
fn header_versions_read_alike() {
    for name in [
        "goodreads_23_columns.csv",
        "goodreads_24_columns.csv",
        "goodreads_31_columns.csv",
    ] {
        let parsed = parse_fixture(name);
        let first = row(&parsed, "The Quiet Orchard");
        let book = &first.record.book;
        assert_eq!(book.goodreads_id.as_deref(), Some("1001"), "{name}");
        assert_eq!(
            book.contributors,
            vec![Contributor::author("Mara Lindqvist")],
            "{name}"
        );
        assert_eq!(book.publisher.as_deref(), Some("Fernhill Press"), "{name}");
        assert_eq!(book.format.as_deref(), Some("Paperback"), "{name}");
        assert_eq!(book.pages, Some(288), "{name}");
        assert_eq!(book.published_year, Some(2019), "{name}");
        assert_eq!(book.original_year, Some(2018), "{name}");
        assert_eq!(
            first.record.entry.status,
            ReadingStatus::WantToRead,
            "{name}"
        );
        assert_eq!(
            first.record.entry.date_added,
            Some(date("2024-01-05")),
            "{name}"
        );
        assert!(first.record.shelves.is_empty(), "{name}");
        assert!(first.problems.is_empty(), "{name}: {:?}", first.problems);
    }
}

#[test]
fn series_and_negative_year() {
    let parsed = parse_fixture("goodreads_24_columns.csv");
    let second = row(&parsed, "Salt Roads");
    let series = second.record.book.series.as_ref().unwrap();
    assert_eq!(series.name, "The Tidewater Saga");
    assert_eq!(series.index, Some(2.0));
    assert_eq!(second.record.book.original_year, Some(-450));
    assert_eq!(
        second.record.entry.rating,
        Some(Rating::from_stars(4.0).unwrap())
    );
    assert_eq!(second.record.entry.owned_copies, 1);
    assert_eq!(second.record.shelves, vec!["favorites"]);
    assert_eq!(second.record.readings, vec![finished("2024-02-11")]);
}

#[test]
fn old_header_read_count_two() {
    let parsed = parse_fixture("goodreads_31_columns.csv");
    let reread = row(&parsed, "Lanterns at Low Tide");
    assert_eq!(reread.record.entry.status, ReadingStatus::Read);
    assert_eq!(
        reread.record.readings,
        vec![finished("2021-06-30"), ReadingFields::default()]
    );
}

#[test]
fn currently_reading_gets_open_reading() {
    let parsed = parse_fixture("goodreads_23_columns.csv");
    let reading = row(&parsed, "Lanterns at Low Tide");
    assert_eq!(reading.record.entry.status, ReadingStatus::Reading);
    assert_eq!(reading.record.readings, vec![ReadingFields::default()]);
    assert!(reading.record.shelves.is_empty());
}

#[test]
fn bom_and_crlf_handled() {
    let parsed = parse_fixture("goodreads_bom_crlf.csv");
    assert_eq!(parsed.rows.len(), 2);
    let first = row(&parsed, "The Quiet Orchard");
    assert_eq!(first.record.book.goodreads_id.as_deref(), Some("1001"));
    assert_eq!(first.record.entry.owned_copies, 0);
    let second = row(&parsed, "Lanterns at Low Tide");
    assert_eq!(
        second.record.entry.review.as_deref(),
        Some("First line\nSecond line")
    );
}

#[test]
fn formula_isbns_unwrapped() {
    let parsed = parse_fixture("goodreads_formula_isbns.csv");
    let first = &row(&parsed, "The Quiet Orchard").record.book;
    assert_eq!(first.isbn10.as_deref(), Some("0198526636"));
    assert_eq!(first.isbn13.as_deref(), Some("9780198526636"));
    let with_x = &row(&parsed, "Lanterns at Low Tide").record.book;
    assert_eq!(with_x.isbn10.as_deref(), Some("080442957X"));
    let none = row(&parsed, "No Numbers Here");
    assert_eq!(none.record.book.isbn10, None);
    assert_eq!(none.record.book.isbn13, None);
    assert!(parsed.rows.iter().all(|row| row.problems.is_empty()));
}

#[test]
fn lost_leading_zero_noted() {
    let parsed = parse_fixture("goodreads_lost_leading_zero.csv");
    let repaired = row(&parsed, "The Quiet Orchard");
    assert_eq!(repaired.record.book.isbn10.as_deref(), Some("0198526636"));
    assert_eq!(
        repaired.record.book.isbn13.as_deref(),
        Some("9780198526636")
    );
    assert_eq!(repaired.notes.len(), 1, "{:?}", repaired.notes);
    assert!(repaired.notes[0].contains("leading zero"));
    assert!(repaired.problems.is_empty());

    let two = row(&parsed, "Two Zeros Gone");
    assert_eq!(two.record.book.isbn10.as_deref(), Some("0060935464"));

    let broken = row(&parsed, "Not Repairable");
    assert_eq!(broken.record.book.isbn10, None);
    assert_eq!(broken.problems.len(), 1);
    assert!(
        broken.problems[0].contains("198526637"),
        "{}",
        broken.problems[0]
    );
}

#[test]
fn scientific_isbn_flagged() {
    let parsed = parse_fixture("goodreads_scientific_isbn.csv");
    let flagged = row(&parsed, "The Quiet Orchard");
    assert_eq!(flagged.record.book.isbn13, None);
    assert_eq!(flagged.record.book.isbn10, None);
    assert_eq!(flagged.problems.len(), 1);
    assert!(flagged.problems[0].contains("9.78020E+12"));
    assert!(flagged.problems[0].contains("scientific notation"));
    let fine = row(&parsed, "Fine Digits");
    assert_eq!(fine.record.book.isbn10.as_deref(), Some("0306406152"));
    assert!(fine.problems.is_empty());
}

fn dated_rows(
    name: &str,
) -> (
    Option<PartialDate>,
    Option<PartialDate>,
    Option<PartialDate>,
) {
    let parsed = parse_fixture(name);
    let first = &row(&parsed, "Dated Book 1").record;
    let second = &row(&parsed, "Dated Book 2").record;
    (
        first.readings[0].finished,
        first.entry.date_added,
        second.entry.date_added,
    )
}

#[test]
fn dates_year_first() {
    let dates = dated_rows("goodreads_dates_ymd.csv");
    let expected = (
        Some(date("2024-03-18")),
        Some(date("2024-01-02")),
        Some(date("2023-12-31")),
    );
    assert_eq!(dates, expected);
    assert!(parse_fixture("goodreads_dates_ymd.csv").notes.is_empty());
}

#[test]
fn dates_month_first() {
    let dates = dated_rows("goodreads_dates_mdy.csv");
    let expected = (
        Some(date("2024-03-18")),
        Some(date("2024-01-02")),
        Some(date("2023-12-05")),
    );
    assert_eq!(dates, expected);
    assert!(parse_fixture("goodreads_dates_mdy.csv").notes.is_empty());
}

#[test]
fn dates_day_first() {
    let dates = dated_rows("goodreads_dates_dmy.csv");
    let expected = (
        Some(date("2024-03-18")),
        Some(date("2024-01-02")),
        Some(date("2023-12-05")),
    );
    assert_eq!(dates, expected);
    assert!(parse_fixture("goodreads_dates_dmy.csv").notes.is_empty());
}

#[test]
fn dates_ambiguous_noted() {
    let dates = dated_rows("goodreads_dates_ambiguous.csv");
    let expected = (
        Some(date("2024-03-04")),
        Some(date("2024-01-02")),
        Some(date("2023-05-06")),
    );
    assert_eq!(dates, expected);
    let parsed = parse_fixture("goodreads_dates_ambiguous.csv");
    assert_eq!(parsed.notes.len(), 1);
    assert!(parsed.notes[0].contains("ambiguous"), "{}", parsed.notes[0]);
    assert!(
        parsed.notes[0].contains("month/day/year"),
        "{}",
        parsed.notes[0]
    );
}

#[test]
fn dates_conflict_flags_row() {
    let parsed = parse_fixture("goodreads_dates_conflict.csv");
    assert!(parsed.notes[0].contains("disagree"), "{:?}", parsed.notes);
    let majority = row(&parsed, "Dated Book 1");
    assert_eq!(
        majority.record.readings[0].finished,
        Some(date("2024-01-13"))
    );
    assert!(majority.problems.is_empty());
    let minority = row(&parsed, "Dated Book 2");
    assert_eq!(minority.record.entry.date_added, None);
    assert_eq!(minority.problems.len(), 1);
    assert!(minority.problems[0].contains("1/15/2024"));
}

#[test]
fn impossible_dates_flagged() {
    let parsed = parse_fixture("goodreads_impossible_date.csv");
    let first = row(&parsed, "Dated Book 1");
    assert_eq!(first.record.readings, vec![ReadingFields::default()]);
    assert!(
        first.problems[0].contains("2023/02/30"),
        "{:?}",
        first.problems
    );
    let second = row(&parsed, "Dated Book 2");
    assert_eq!(second.record.entry.date_added, None);
    assert!(
        second.problems[0].contains("2023/13/01"),
        "{:?}",
        second.problems
    );
}

/// A read date after today was imported without a problem, while the app rejects one
/// when it is typed. It is kept, as the file gives it, and the row is flagged.
#[test]
fn future_dates_kept_and_flagged() {
    let header = String::from_utf8(fixture("goodreads_empty_read_count.csv")).unwrap();
    let header = header.lines().next().unwrap();
    let rows = [
        "1,Read Later,Ann Auth,\"Auth, Ann\",,,,0,0,P,Paperback,100,2000,2000,2031/01/01,2024/01/05,,,read,,,,1,0",
        "2,Read Before,Ann Auth,\"Auth, Ann\",,,,0,0,P,Paperback,100,2000,2000,2021/03/04,2024/01/05,,,read,,,,1,0",
    ];
    let text = format!("{header}\n{}\n", rows.join("\n"));

    let parsed = parse(text.as_bytes(), Some(ImportFormat::Goodreads)).unwrap();

    let later = row(&parsed, "Read Later");
    assert_eq!(later.record.readings, vec![finished("2031-01-01")]);
    assert_eq!(later.problems.len(), 1, "{:?}", later.problems);
    assert!(
        later.problems[0].contains("Date Read: 2031-01-01 is after today"),
        "{:?}",
        later.problems
    );
    assert!(row(&parsed, "Read Before").problems.is_empty());
}

/// Year 0 is a spreadsheet's zero date. A Date Added of `0000/01/01` was once kept
/// as it was, although the API rejects any date before year 1.
#[test]
fn year_zero_dates_flagged() {
    let parsed = parse_fixture("goodreads_year_zero.csv");
    let first = row(&parsed, "Dated Book 1");
    assert_eq!(first.record.readings, vec![ReadingFields::default()]);
    assert!(
        first.problems[0].contains("0000/06/01"),
        "{:?}",
        first.problems
    );
    let second = row(&parsed, "Dated Book 2");
    assert_eq!(second.record.entry.date_added, None);
    assert!(
        second.problems[0].contains("0000/01/01") && second.problems[0].contains("year 1"),
        "{:?}",
        second.problems
    );
}

#[test]
fn double_encoding_repaired_only_when_exact() {
    let parsed = parse_fixture("goodreads_double_encoded.csv");
    let repaired = row(&parsed, "Café at the Edge");
    assert_eq!(repaired.record.book.contributors[0].name, "José Ferreira");
    assert_eq!(repaired.notes.len(), 2, "{:?}", repaired.notes);
    let genuine = row(&parsed, "Ã Is a Letter");
    assert_eq!(genuine.record.book.contributors[0].name, "Zoë Brandt");
    assert!(genuine.notes.is_empty());
}

#[test]
fn rating_zero_is_unrated() {
    let parsed = parse_fixture("goodreads_rating_zero.csv");
    assert_eq!(row(&parsed, "The Quiet Orchard").record.entry.rating, None);
    assert_eq!(
        row(&parsed, "Rated Four").record.entry.rating,
        Some(Rating::from_stars(4.0).unwrap())
    );
    let invalid = row(&parsed, "Rated Seven");
    assert_eq!(invalid.record.entry.rating, None);
    assert_eq!(invalid.problems.len(), 1);
}

#[test]
fn empty_read_count_means_once() {
    let parsed = parse_fixture("goodreads_empty_read_count.csv");
    let read = row(&parsed, "The Quiet Orchard");
    assert_eq!(read.record.readings, vec![finished("2024-05-01")]);
    assert!(read.problems.is_empty());
    let unread = row(&parsed, "Never Counted");
    assert!(unread.record.readings.is_empty());
}

/// A book on the to-read shelf that was read before keeps its count of reads: its
/// readings were dropped, so the library's own export reported it as never read.
#[test]
fn to_read_keeps_earlier_reads() {
    let header = String::from_utf8(fixture("goodreads_empty_read_count.csv")).unwrap();
    let header = header.lines().next().unwrap();
    let rows = [
        "1,Read Once,Ann Auth,\"Auth, Ann\",,,,0,0,P,Paperback,100,2000,2000,,2024/01/05,to-read,,to-read,,,,1,0",
        "2,Read Twice,Ann Auth,\"Auth, Ann\",,,,0,0,P,Paperback,100,2000,2000,2021/03/04,2024/01/05,to-read,,to-read,,,,2,0",
        "3,Never Read,Ann Auth,\"Auth, Ann\",,,,0,0,P,Paperback,100,2000,2000,,2024/01/05,to-read,,to-read,,,,0,0",
    ];
    let text = format!("{header}\n{}\n", rows.join("\n"));

    let parsed = parse(text.as_bytes(), Some(ImportFormat::Goodreads)).unwrap();

    let readings = |title: &str| row(&parsed, title).record.readings.clone();
    assert_eq!(readings("Read Once"), vec![ReadingFields::default()]);
    assert_eq!(
        readings("Read Twice"),
        vec![finished("2021-03-04"), ReadingFields::default()]
    );
    assert!(readings("Never Read").is_empty());
    for title in ["Read Once", "Read Twice", "Never Read"] {
        let found = row(&parsed, title);
        assert_eq!(found.record.entry.status, ReadingStatus::WantToRead);
        assert!(found.problems.is_empty(), "{:?}", found.problems);
    }
}

#[test]
fn read_only_in_exclusive_shelf() {
    let parsed = parse_fixture("goodreads_read_exclusive_only.csv");
    let only = &parsed.rows[0].record;
    assert_eq!(only.entry.status, ReadingStatus::Read);
    assert!(only.shelves.is_empty());
    assert_eq!(only.readings, vec![ReadingFields::default()]);
}

#[test]
fn custom_exclusive_shelves() {
    let parsed = parse_fixture("goodreads_custom_shelves.csv");
    let dnf = &row(&parsed, "The Quiet Orchard").record;
    assert_eq!(dnf.entry.status, ReadingStatus::DidNotFinish);
    // `did-not-finish` names the status itself, so it is no shelf of its own.
    assert_eq!(dnf.shelves, vec!["favorites"]);
    assert_eq!(dnf.readings, vec![finished("2024-04-04")]);

    let abandoned = &row(&parsed, "Left Behind").record;
    assert_eq!(abandoned.entry.status, ReadingStatus::DidNotFinish);
    assert_eq!(abandoned.shelves, vec!["abandoned"]);

    let paused = &row(&parsed, "Later Maybe").record;
    assert_eq!(paused.entry.status, ReadingStatus::Paused);
    assert_eq!(paused.shelves, vec!["on-hold"]);

    let unread = &row(&parsed, "Binned Unread").record;
    assert_eq!(unread.entry.status, ReadingStatus::WantToRead);
    assert_eq!(unread.shelves, vec!["trash"]);
    assert!(unread.readings.is_empty());

    let read = &row(&parsed, "Binned After Reading").record;
    assert_eq!(read.entry.status, ReadingStatus::Read);
    assert_eq!(read.shelves, vec!["trash"]);
    assert_eq!(
        read.readings,
        vec![finished("2022-09-09"), ReadingFields::default()]
    );
}

#[test]
fn html_review_and_spoiler() {
    let parsed = parse_fixture("goodreads_html_review.csv");
    let spoiler = &row(&parsed, "The Quiet Orchard").record.entry;
    assert_eq!(
        spoiler.review.as_deref(),
        Some("Loved it.\n\nThe ending: they sail home & stay.")
    );
    assert!(spoiler.review_spoiler);
    assert_eq!(spoiler.private_notes.as_deref(), Some("Lent to Ana"));

    let column = &row(&parsed, "Plain Review").record.entry;
    assert_eq!(column.review.as_deref(), Some("Short and sweet"));
    assert!(column.review_spoiler);
}

#[test]
fn author_spaces_collapsed() {
    let parsed = parse_fixture("goodreads_author_spaces.csv");
    assert_eq!(
        parsed.rows[0].record.book.contributors,
        vec![
            Contributor::author("Anne Marlowe"),
            Contributor::author("Bea Costa"),
            Contributor::author("Cy Dunmore"),
        ]
    );
}

#[test]
fn rows_without_isbn_accepted() {
    let parsed = parse_fixture("goodreads_no_isbn.csv");
    assert_eq!(parsed.rows.len(), 2);
    for row in &parsed.rows {
        assert_eq!(row.record.book.isbn10, None);
        assert_eq!(row.record.book.isbn13, None);
        assert!(row.problems.is_empty());
    }
}

#[test]
fn empty_title_rejected() {
    let parsed = parse_fixture("goodreads_empty_title.csv");
    assert_eq!(parsed.rows.len(), 1);
    assert_eq!(parsed.rejected.len(), 1);
    assert_eq!(parsed.rejected[0].row, 1);
    assert!(parsed.rejected[0].reason.contains("Title is empty"));
}

#[test]
fn missing_author_column_fails() {
    let bytes = fixture("goodreads_missing_author.csv");
    let error = parse(&bytes, Some(ImportFormat::Goodreads)).unwrap_err();
    assert!(matches!(
        error,
        ImportError::MissingColumn {
            format: ImportFormat::Goodreads,
            column: "Author"
        }
    ));
}

#[test]
fn out_of_range_numbers_flagged() {
    let parsed = parse_fixture("goodreads_out_of_range_numbers.csv");
    assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);

    let negative = row(&parsed, "Negative Pages");
    assert_eq!(negative.record.book.pages, None);
    assert!(
        negative.problems[0].contains("-20"),
        "{:?}",
        negative.problems
    );
    assert!(
        negative.record.entry.rating.is_some(),
        "the rest of the row is kept"
    );

    let future = row(&parsed, "Far Future");
    assert_eq!(future.record.book.published_year, None);
    assert_eq!(future.record.book.original_year, Some(-800));
    assert!(
        future.problems[0].contains("99999"),
        "{:?}",
        future.problems
    );
}

/// The 24-column fixture with `tail` appended after its last full row.
fn fixture_with_tail(tail: &str) -> Vec<u8> {
    let mut bytes = fixture("goodreads_24_columns.csv");
    bytes.extend_from_slice(tail.as_bytes());
    bytes
}

#[test]
fn cut_off_last_row_rejected() {
    let full = parse_fixture("goodreads_24_columns.csv");
    let bytes = fixture_with_tail("40120819,How Much of These Hills");
    let parsed = parse(&bytes, Some(ImportFormat::Goodreads)).unwrap();

    assert_eq!(parsed.rows, full.rows);
    assert_eq!(parsed.rejected.len(), 1);
    let rejection = &parsed.rejected[0];
    assert_eq!(rejection.row, full.rows.len() + 1);
    assert!(
        rejection.reason.contains("has 2 fields"),
        "{}",
        rejection.reason
    );
    assert!(
        rejection.reason.contains("header has 24"),
        "{}",
        rejection.reason
    );
    assert!(rejection.reason.contains("cut off"), "{}", rejection.reason);
}

#[test]
fn extra_fields_row_rejected() {
    let full = parse_fixture("goodreads_24_columns.csv");
    let line = format!("9001,Too Many,Someone{}\n", ",".repeat(22));
    let parsed = parse(&fixture_with_tail(&line), Some(ImportFormat::Goodreads)).unwrap();

    assert_eq!(parsed.rows, full.rows);
    assert_eq!(parsed.rejected.len(), 1);
    let reason = &parsed.rejected[0].reason;
    assert!(reason.contains("has 25 fields"), "{reason}");
    assert!(reason.contains("header has 24"), "{reason}");
    assert!(reason.contains("unquoted delimiter"), "{reason}");
}

#[test]
fn unbalanced_quote_row_rejected() {
    let full = parse_fixture("goodreads_24_columns.csv");
    // The open quote swallows the rest of the file into one field.
    let tail = "9002,\"Open Quote,Someone,,,,,,,,,,,,,,,,,,,,,\n9003,Lost,Nobody\n";
    let parsed = parse(&fixture_with_tail(tail), Some(ImportFormat::Goodreads)).unwrap();

    assert_eq!(parsed.rows, full.rows);
    assert_eq!(parsed.rejected.len(), 1);
    let reason = &parsed.rejected[0].reason;
    assert!(reason.contains("has 2 fields"), "{reason}");
    assert!(reason.contains("quote may be unbalanced"), "{reason}");
    // The lines it swallowed are named, as no other row of the report lists them.
    let first = full.rows.len() + 2;
    let span = format!("runs from line {first} to line {}", first + 1);
    assert!(reason.contains(&span), "{reason}");
}

/// Each additional author was compared with every name before it, folded anew each
/// time, so a cell of thousands of names took seconds. Each name still comes once.
#[test]
fn many_additional_authors_listed_once() {
    let names: Vec<String> = (0..20_000)
        .map(|n| format!("Person {}", n % 12_000))
        .collect();
    let csv = format!(
        "Book Id,Title,Author,Additional Authors,Exclusive Shelf\n1,Crowd,Person 0,\"{}\",read\n",
        names.join(", ")
    );
    let parsed = parse(csv.as_bytes(), Some(ImportFormat::Goodreads)).unwrap();
    let contributors = &parsed.rows[0].record.book.contributors;
    assert_eq!(contributors.len(), 12_000);
    assert_eq!(contributors[11_999].name, "Person 11999");
}

/// A CSV saved by a spreadsheet with semicolons was "missing" its Title column,
/// which the reader could see, or matched no format at all. The error now names the
/// separator, both when the format is detected and when it is given.
#[test]
fn semicolon_separated_file_named() {
    let csv = "Book Id;Title;Author;Exclusive Shelf\n1;Dune;Frank Herbert;read\n";
    for format in [
        None,
        Some(ImportFormat::Goodreads),
        Some(ImportFormat::Storygraph),
    ] {
        let error = parse(csv.as_bytes(), format).unwrap_err().to_string();
        assert!(
            error.contains("separated by semicolons"),
            "{format:?}: {error}"
        );
    }
}

/// A header with `Title` twice read the first column and dropped the second
/// without a word. The file's notes now name the repeated column.
#[test]
fn repeated_column_noted() {
    let csv = "Book Id,Title,Title,Author,Exclusive Shelf\n1,Dune,Other,Frank Herbert,read\n";
    let parsed = parse(csv.as_bytes(), Some(ImportFormat::Goodreads)).unwrap();
    assert_eq!(parsed.rows[0].record.book.title, "Dune");
    assert_eq!(parsed.notes.len(), 1, "{:?}", parsed.notes);
    assert!(
        parsed.notes[0].contains("Title more than once"),
        "{:?}",
        parsed.notes
    );
}

/// Goodreads repeats a name that has two credits, and both had become authors.
#[test]
fn repeated_author_kept_once() {
    let csv = "Book Id,Title,Author,Additional Authors,Exclusive Shelf\n\
               1,Salem Chapel,Mrs. Oliphant,\"Mrs. Oliphant, Ana  Soto, Ana Soto, ANA SOTO, \
               mrs. oliphant\",to-read\n";
    let parsed = parse(csv.as_bytes(), Some(ImportFormat::Goodreads)).unwrap();
    assert_eq!(
        parsed.rows[0].record.book.contributors,
        vec![
            Contributor::author("Mrs. Oliphant"),
            Contributor::author("Ana Soto")
        ]
    );
}

/// The same name in another Unicode form (a decomposed é) is one person too.
#[test]
fn repeated_author_in_other_form_kept_once() {
    let csv = "Book Id,Title,Author,Additional Authors,Exclusive Shelf\n\
               1,Ensaio,Jos\u{e9} Saramago,Jose\u{301} Saramago,read\n";
    let parsed = parse(csv.as_bytes(), Some(ImportFormat::Goodreads)).unwrap();
    assert_eq!(parsed.rows[0].record.book.contributors.len(), 1);
}

/// Shelves that differ only in letter case are one shelf. The exclusive shelves that
/// estante's own export writes for did-not-finish and paused books are statuses, not
/// shelves, because a round trip once put every such book on a new shelf.
#[test]
fn shelves_fold_case_and_skip_status_shelves() {
    let csv = "Book Id,Title,Author,Exclusive Shelf,Bookshelves\n\
               1,One,A,to-read,\"to-read, Fav, fav, FAV, fav\"\n\
               2,Two,A,did-not-finish,\"did-not-finish, horror\"\n\
               3,Three,A,paused,paused\n\
               4,Four,A,abandoned,abandoned\n";
    let parsed = parse(csv.as_bytes(), Some(ImportFormat::Goodreads)).unwrap();
    let rows: Vec<(ReadingStatus, Vec<String>)> = parsed
        .rows
        .iter()
        .map(|row| (row.record.entry.status, row.record.shelves.clone()))
        .collect();
    assert_eq!(
        rows,
        [
            (ReadingStatus::WantToRead, vec!["Fav".to_string()]),
            (ReadingStatus::DidNotFinish, vec!["horror".to_string()]),
            (ReadingStatus::Paused, vec![]),
            // A shelf name of the reader's own is kept, so it is not lost.
            (ReadingStatus::DidNotFinish, vec!["abandoned".to_string()]),
        ]
    );
}

/// The import takes as many owned copies as the API does. A count of 5,000 set in the
/// app was once flagged when the library's own export came back.
#[test]
fn owned_copies_up_to_the_api_limit() {
    let csv = "Book Id,Title,Author,Exclusive Shelf,Owned Copies\n\
               1,One,A,to-read,5000\n\
               2,Two,A,to-read,10001\n";
    let parsed = parse(csv.as_bytes(), Some(ImportFormat::Goodreads)).unwrap();
    assert_eq!(parsed.rows[0].record.entry.owned_copies, 5000);
    assert!(parsed.rows[0].problems.is_empty());
    assert_eq!(parsed.rows[1].record.entry.owned_copies, 0);
    assert!(
        parsed.rows[1].problems[0].contains("10000"),
        "{:?}",
        parsed.rows[1].problems
    );
}

/// A title that names two series keeps the first, and notes the second, which was
/// once dropped unseen.
#[test]
fn second_series_is_noted() {
    let csv = "Book Id,Title,Author,Exclusive Shelf\n\
               1,\"Doctor Copernicus (The Revolutions Trilogy, #1; Scientific Tetralogy, #1)\",\
               John Banville,read\n";
    let parsed = parse(csv.as_bytes(), Some(ImportFormat::Goodreads)).unwrap();
    let row = &parsed.rows[0];
    assert_eq!(row.record.book.title, "Doctor Copernicus");
    assert_eq!(
        row.record.book.series.as_ref().map(|s| s.name.as_str()),
        Some("The Revolutions Trilogy")
    );
    assert!(
        row.notes
            .iter()
            .any(|note| note.contains("Scientific Tetralogy, #1")),
        "{:?}",
        row.notes
    );
}

/// A record of commas, as a spreadsheet leaves below its data, was left out with no
/// word, so the report accounted for one record fewer than the file had.
#[test]
fn blank_records_are_named() {
    let file = "Title,Author,Exclusive Shelf\nOne,A,read\n,,\n\nTwo,B,read\n , ,\n";

    let parsed = parse(file.as_bytes(), Some(ImportFormat::Goodreads)).unwrap();

    assert_eq!(parsed.rows.len(), 2);
    assert!(parsed.rejected.is_empty());
    let note = parsed
        .notes
        .iter()
        .find(|note| note.contains("no values"))
        .unwrap_or_else(|| panic!("{:?}", parsed.notes));
    assert!(
        note.starts_with("left out the record with no values"),
        "{note}"
    );
    assert!(note.contains("lines 3, 6"), "{note}");
}

/// A rating of twenty nines was quoted back as 100000000000000000000 stars, a number
/// the file never held.
#[test]
fn out_of_range_rating_quotes_the_file() {
    let file = "Title,Author,My Rating\nHuge,A,99999999999999999999\n";

    let parsed = parse(file.as_bytes(), Some(ImportFormat::Goodreads)).unwrap();

    let huge = row(&parsed, "Huge");
    assert_eq!(huge.record.entry.rating, None);
    assert_eq!(
        huge.problems,
        [
            "My Rating \"99999999999999999999\" is not between 0.25 and 5 stars; the field \
          was left empty"
        ]
    );
}

/// The note once gave each blank record the line before its own.
#[test]
fn blank_records_right_after_the_header() {
    for file in [
        "Title,Author,Exclusive Shelf\n,,\n,,\n,,\nOne,A,read\n",
        "\u{feff}Title,Author,Exclusive Shelf\r\n,,\r\n,,\r\n,,\r\nOne,A,read\r\n",
    ] {
        let parsed = parse(file.as_bytes(), Some(ImportFormat::Goodreads)).unwrap();

        let note = parsed
            .notes
            .iter()
            .find(|note| note.contains("no values"))
            .unwrap();
        assert!(note.contains("lines 2, 3, 4"), "{file:?}: {note}");
    }
}

/// Twenty digits of pages were called "not a whole number".
#[test]
fn too_large_number_is_called_too_large() {
    let file = "Title,Author,Number of Pages\nHuge,A,12345678901234567890\n";

    let parsed = parse(file.as_bytes(), Some(ImportFormat::Goodreads)).unwrap();

    assert_eq!(
        row(&parsed, "Huge").problems,
        ["Number of Pages \"12345678901234567890\" is too large; the field was left empty"]
    );
}
