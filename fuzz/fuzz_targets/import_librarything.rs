//! The LibraryThing importers on arbitrary bytes: the TSV/CSV reader and the JSON
//! reader both get every input. Either may reject it, and libFuzzer reports a panic
//! as a crash.
#![no_main]

use estante_backend::import::librarything;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = librarything::parse_delimited(data);
    let _ = librarything::parse_json(data);
});
