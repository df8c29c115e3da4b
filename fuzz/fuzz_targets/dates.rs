//! The date parsers on arbitrary text: `PartialDate::from_str` (the API's form),
//! whose output must print back to text that parses to the same date, and the
//! import `DateReader`, which guesses the day order from a column of dates.
#![no_main]

use estante_backend::dates::PartialDate;
use estante_backend::import::dates::DateReader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(date) = text.parse::<PartialDate>() {
        let printed = date.to_string();
        let reparsed: PartialDate = printed
            .parse()
            .unwrap_or_else(|error| panic!("{printed:?} from {text:?} does not parse: {error}"));
        assert_eq!(reparsed, date, "{text:?} printed as {printed:?}");
    }

    let column: Vec<&str> = text.split('\n').collect();
    let reader = DateReader::detect(column.iter().copied());
    for value in column {
        let _ = reader.parse(value);
    }
});
