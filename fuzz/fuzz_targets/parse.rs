//! Arbitrary bytes as a document: the parser never panics, its diagnostics point into the text,
//! and a document it reads without errors prints as text that reads back to the same model.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qmp_events_fuzz::{Document, has_second_annotation};
use qmpgen::parse::parse;
use qmpgen::print::{print, same_model};

fuzz_target!(|data: &[u8]| {
    let document = Document::read(data);
    if document.parsed.has_errors() {
        return;
    }
    let printed = print(&document.parsed.spec);
    let reread = parse(&printed);
    assert!(
        !reread.has_errors(),
        "the printed text has errors: {:?}\n{printed}",
        reread.diagnostics
    );
    if has_second_annotation(&document.parsed.spec) {
        return;
    }
    assert!(
        same_model(&reread.spec, &document.parsed.spec),
        "the printed text reads back to another model:\n{printed}"
    );
    assert_eq!(print(&reread.spec), printed, "printing is not idempotent");
});
