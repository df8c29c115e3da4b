//! Deterministic mutation tests: the importers and the date and ISBN parsers run over
//! many damaged copies of real files and must return, never panic. They cover on a
//! stable toolchain what the cargo-fuzz targets in `fuzz/` cover with libFuzzer.
//!
//! The seeds are the hand-made fixtures and, when `ESTANTE_CORPUS_DIR` is set, the
//! real Goodreads and StoryGraph exports read from there at run time. Each mutant is
//! made by a fixed-seed generator, so a failure repeats. `ESTANTE_MUTATIONS` sets the
//! number of mutants per seed file (default 300).

use std::panic::{AssertUnwindSafe, catch_unwind};

use super::super::{dates::DateReader, goodreads, librarything, parse, storygraph};
use super::fixture;
use crate::dates::PartialDate;
use crate::isbn;

/// SplitMix64: a small generator whose output is fixed by its seed, so the mutants
/// are the same on every run and platform.
struct Mutator(u64);

impl Mutator {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Returns a value in `0..bound`, or 0 when `bound` is 0.
    fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            0
        } else {
            (self.next() % bound as u64) as usize
        }
    }

    /// Bytes that break CSV, TSV, JSON and text decoding: quotes, separators, line
    /// ends, a BOM, invalid UTF-8, a formula prefix and digits.
    const INTERESTING: &'static [&'static [u8]] = &[
        b"\"",
        b",",
        b"\t",
        b"\n",
        b"\r\n",
        b"\r",
        b"\xEF\xBB\xBF",
        b"\xFF",
        b"\xC3",
        b"\xC3\x83\xC2\xA9",
        b"=\"",
        b"{",
        b"}",
        b"[",
        b"]",
        b"0",
        b"9",
        b"-",
        b"/",
        b"X",
        b"\0",
        b"99999999999999999999",
        b"2024/02/30",
        b"13/13/2024",
        b"<b>",
        b"&amp;",
    ];

    /// Applies one to four random edits to a copy of `seed`.
    fn mutate(&mut self, seed: &[u8]) -> Vec<u8> {
        let mut bytes = seed.to_vec();
        let edits = 1 + self.below(4);
        for _ in 0..edits {
            let at = self.below(bytes.len() + 1);
            match self.below(7) {
                0 if !bytes.is_empty() => {
                    let index = self.below(bytes.len());
                    bytes[index] ^= 1 << self.below(8);
                }
                1 => {
                    let piece = Self::INTERESTING[self.below(Self::INTERESTING.len())];
                    bytes.splice(at..at, piece.iter().copied());
                }
                2 if at < bytes.len() => {
                    let end = (at + 1 + self.below(64)).min(bytes.len());
                    bytes.drain(at..end);
                }
                3 => bytes.truncate(at),
                4 if at < bytes.len() => {
                    let end = (at + 1 + self.below(256)).min(bytes.len());
                    let copy = bytes[at..end].to_vec();
                    let to = self.below(bytes.len() + 1);
                    bytes.splice(to..to, copy);
                }
                5 if !bytes.is_empty() => {
                    let index = self.below(bytes.len());
                    bytes[index] = self.next() as u8;
                }
                _ => {
                    let piece = Self::INTERESTING[self.below(Self::INTERESTING.len())];
                    let index = self.below(bytes.len() + 1);
                    bytes.splice(index..index, piece.iter().copied());
                }
            }
        }
        bytes
    }
}

fn mutations_per_seed() -> usize {
    std::env::var("ESTANTE_MUTATIONS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(300)
}

/// Collects the seed files: the fixtures, plus the real exports when the corpus is set.
fn seeds() -> Vec<(String, Vec<u8>)> {
    let mut seeds: Vec<(String, Vec<u8>)> = [
        "goodreads_23_columns.csv",
        "goodreads_bom_crlf.csv",
        "goodreads_custom_shelves.csv",
        "goodreads_dates_dmy.csv",
        "goodreads_formula_isbns.csv",
        "goodreads_html_review.csv",
        "goodreads_double_encoded.csv",
        "storygraph_contributors.csv",
        "storygraph_identifiers.csv",
        "storygraph_ranges.csv",
        "librarything.csv",
        "librarything.json",
        "librarything.tsv",
        "librarything_mixed_encoding.tsv",
    ]
    .into_iter()
    .map(|name| (name.to_string(), fixture(name)))
    .collect();

    match std::env::var_os("ESTANTE_CORPUS_DIR") {
        Some(folder) => {
            for name in ["goodreads_library_export.csv", "storygraph_export.csv"] {
                let path = std::path::Path::new(&folder).join(name);
                let bytes = std::fs::read(&path)
                    .unwrap_or_else(|error| panic!("failed to read {}: {error}", path.display()));
                seeds.push((name.to_string(), head_rows(&bytes, 60)));
            }
        }
        None => println!("ESTANTE_CORPUS_DIR is not set, so only the fixtures are mutated"),
    }
    seeds
}

/// Keeps the header and the first `rows` lines after it, so each mutant parses
/// quickly.
fn head_rows(bytes: &[u8], rows: usize) -> Vec<u8> {
    let mut newlines = 0;
    for (index, byte) in bytes.iter().enumerate() {
        if *byte == b'\n' {
            newlines += 1;
            if newlines > rows {
                return bytes[..=index].to_vec();
            }
        }
    }
    bytes.to_vec()
}

/// Runs `check` on `input` and panics with the input, written as an escaped byte
/// string a regression test can paste, when it panics.
fn must_not_panic(label: &str, input: &[u8], check: impl FnOnce(&[u8])) {
    let outcome = catch_unwind(AssertUnwindSafe(|| check(input)));
    if outcome.is_err() {
        panic!(
            "{label} panicked on this input ({} bytes): b\"{}\"",
            input.len(),
            input.escape_ascii()
        );
    }
}

fn run_importers(bytes: &[u8]) {
    let _ = goodreads::parse(bytes);
    let _ = storygraph::parse(bytes);
    let _ = librarything::parse_delimited(bytes);
    let _ = librarything::parse_json(bytes);
    let _ = parse(bytes, None);
}

#[test]
fn importers_survive_mutations() {
    let count = mutations_per_seed();
    let mut mutants = 0;
    for (index, (name, seed)) in seeds().into_iter().enumerate() {
        let mut mutator = Mutator(0x5EED_0000 + index as u64);
        for _ in 0..count {
            let mutant = mutator.mutate(&seed);
            must_not_panic(
                &format!("importing a mutant of {name}"),
                &mutant,
                run_importers,
            );
            mutants += 1;
        }
    }
    println!("{mutants} mutants imported by every importer");
    assert!(mutants > 0);
}

/// Splits the seed files at commas, tabs and newlines into a pool of realistic date
/// and ISBN fields, trimmed of whitespace and left with their quotes.
fn field_values(seeds: &[(String, Vec<u8>)]) -> Vec<Vec<u8>> {
    let mut values: Vec<Vec<u8>> = seeds
        .iter()
        .flat_map(|(_, bytes)| bytes.split(|b| matches!(b, b',' | b'\t' | b'\n')))
        .map(|field| field.trim_ascii())
        .filter(|field| !field.is_empty() && field.len() < 40)
        .map(|field| field.to_vec())
        .collect();
    values.sort();
    values.dedup();
    values
}

fn check_dates(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if let Ok(date) = text.parse::<PartialDate>() {
        let printed = date.to_string();
        let reparsed: PartialDate = printed
            .parse()
            .unwrap_or_else(|error| panic!("{printed:?} does not parse back: {error}"));
        assert_eq!(reparsed, date, "{text:?} printed as {printed:?}");
    }
    let reader = DateReader::detect([text.as_ref()]);
    let _ = reader.parse(&text);
}

fn check_isbn(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let _ = isbn::validate_isbn10(&text);
    let _ = isbn::validate_isbn13(&text);
    let _ = isbn::parse_asin(&text);
    let Ok(Some(parsed)) = isbn::parse_isbn(&text) else {
        return;
    };
    if let Some(isbn13) = &parsed.isbns.isbn13 {
        assert!(
            isbn::validate_isbn13(isbn13).is_ok(),
            "{text:?} gave {isbn13}"
        );
    }
    if let Some(isbn10) = &parsed.isbns.isbn10 {
        assert!(
            isbn::validate_isbn10(isbn10).is_ok(),
            "{text:?} gave {isbn10}"
        );
        let isbn13 = isbn::isbn10_to_13(isbn10);
        assert_eq!(parsed.isbns.isbn13.as_ref(), Some(&isbn13), "{text:?}");
        assert_eq!(
            isbn::isbn13_to_10(&isbn13).as_ref(),
            Some(isbn10),
            "{text:?}"
        );
    }
}

#[test]
fn date_and_isbn_parsers_survive_mutations() {
    let values = field_values(&seeds());
    assert!(!values.is_empty());
    let count = mutations_per_seed();
    let mut mutator = Mutator(0xDA7E);
    let mut checked = 0;
    for value in &values {
        must_not_panic("the date parsers", value, check_dates);
        must_not_panic("the ISBN parsers", value, check_isbn);
        checked += 1;
    }
    for _ in 0..count * 20 {
        let value = &values[mutator.below(values.len())];
        let mutant = mutator.mutate(value);
        must_not_panic("the date parsers", &mutant, check_dates);
        must_not_panic("the ISBN parsers", &mutant, check_isbn);
        checked += 1;
    }
    println!("{checked} values checked by the date and ISBN parsers");
}
