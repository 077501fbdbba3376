//! Arbitrary bytes as a document, linted: `qmpgen check` never panics and every finding points
//! into the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qmp_events_fuzz::Document;
use qmpgen::check::check;

fuzz_target!(|data: &[u8]| {
    let document = Document::read(data);
    let findings = check(&document.parsed.spec, &document.parsed.diagnostics);
    document.assert_located(&findings);
});
