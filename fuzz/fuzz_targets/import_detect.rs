//! Format detection and the importer it picks, as an upload with no format takes
//! them, including the estante archive reader.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = estante_backend::import::parse(data, None);
});
