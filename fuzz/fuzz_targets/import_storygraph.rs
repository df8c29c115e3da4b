//! The StoryGraph CSV importer on arbitrary bytes. It may reject a file, and
//! libFuzzer reports a panic as a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = estante_backend::import::storygraph::parse(data);
});
