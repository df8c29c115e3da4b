//! The ISBN parsers on arbitrary text. A parsed ISBN-13 must validate, and an
//! ISBN-10 must convert to that same ISBN-13 and back.
#![no_main]

use estante_backend::isbn;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = isbn::validate_isbn10(text);
    let _ = isbn::validate_isbn13(text);
    let _ = isbn::parse_asin(text);

    let Ok(Some(parsed)) = isbn::parse_isbn(text) else {
        return;
    };
    let isbns = parsed.isbns;
    if let Some(isbn13) = &isbns.isbn13 {
        assert!(
            isbn::validate_isbn13(isbn13).is_ok(),
            "{text:?} gave {isbn13}"
        );
    }
    if let Some(isbn10) = &isbns.isbn10 {
        assert!(
            isbn::validate_isbn10(isbn10).is_ok(),
            "{text:?} gave {isbn10}"
        );
        let isbn13 = isbn::isbn10_to_13(isbn10);
        assert_eq!(isbns.isbn13.as_ref(), Some(&isbn13), "{text:?}");
        assert_eq!(
            isbn::isbn13_to_10(&isbn13).as_ref(),
            Some(isbn10),
            "{text:?}"
        );
    }
});
