//! Tests against real exports, which are other people's data and so are not in the
//! repository. Set `ESTANTE_CORPUS_DIR` to the folder holding
//! `goodreads_library_export.csv` and `storygraph_export.csv` to run them.

use std::path::PathBuf;

use crate::export::goodreads::write_goodreads_csv;
use crate::import::{ImportFormat, ParsedImport, parse};
use crate::model::{LibraryRecord, ReadingStatus};

fn corpus_file(name: &str) -> Option<Vec<u8>> {
    let Some(folder) = std::env::var_os("ESTANTE_CORPUS_DIR") else {
        println!("skipped: ESTANTE_CORPUS_DIR is not set, so {name} is not checked");
        return None;
    };
    let path = PathBuf::from(folder).join(name);
    Some(std::fs::read(&path).unwrap_or_else(|error| panic!("cannot read {path:?}: {error}")))
}

fn summary(parsed: &ParsedImport) -> String {
    let flagged = parsed
        .rows
        .iter()
        .filter(|row| !row.problems.is_empty())
        .count();
    let noted = parsed
        .rows
        .iter()
        .filter(|row| !row.notes.is_empty())
        .count();
    format!(
        "{} rows ({flagged} flagged, {noted} with notes), {} rejected, file notes {:?}",
        parsed.rows.len(),
        parsed.rejected.len(),
        parsed.notes
    )
}

#[test]
fn goodreads_corpus_statuses() {
    let Some(bytes) = corpus_file("goodreads_library_export.csv") else {
        return;
    };
    let parsed = parse(&bytes, None).unwrap();
    println!("{}", summary(&parsed));
    assert_eq!(parsed.format, ImportFormat::Goodreads);
    assert_eq!(parsed.record_count(), 1742);
    assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);

    let records: Vec<&LibraryRecord> = parsed.rows.iter().map(|row| &row.record).collect();
    let (trash, standard): (Vec<&LibraryRecord>, Vec<&LibraryRecord>) = records
        .iter()
        .partition(|record| record.shelves.iter().any(|shelf| shelf == "trash"));
    let count = |status: ReadingStatus| {
        standard
            .iter()
            .filter(|record| record.entry.status == status)
            .count()
    };
    assert_eq!(count(ReadingStatus::WantToRead), 1270);
    assert_eq!(count(ReadingStatus::Read), 448);
    assert_eq!(count(ReadingStatus::Reading), 1);
    assert_eq!(trash.len(), 23);
    for record in trash {
        let finished = record.readings.iter().any(|r| r.finished.is_some());
        let expected = if finished {
            ReadingStatus::Read
        } else {
            ReadingStatus::WantToRead
        };
        assert_eq!(record.entry.status, expected, "{}", record.book.title);
    }
}

#[test]
fn goodreads_corpus_round_trip() {
    let Some(bytes) = corpus_file("goodreads_library_export.csv") else {
        return;
    };
    let parsed = parse(&bytes, None).unwrap();
    let records: Vec<LibraryRecord> = parsed.rows.into_iter().map(|row| row.record).collect();
    let exported = write_goodreads_csv(&records).unwrap();
    let again = parse(&exported, Some(ImportFormat::Goodreads)).unwrap();
    assert_eq!(again.rows.len(), records.len());
    for (row, original) in again.rows.iter().zip(&records) {
        assert!(row.problems.is_empty(), "{:?}", row.problems);
        assert_eq!(&row.record, original);
    }
}

#[test]
fn storygraph_corpus_accounted() {
    let Some(bytes) = corpus_file("storygraph_export.csv") else {
        return;
    };
    let parsed = parse(&bytes, None).unwrap();
    println!("{}", summary(&parsed));
    assert_eq!(parsed.format, ImportFormat::Storygraph);
    assert_eq!(parsed.record_count(), 193);
    assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);
}
