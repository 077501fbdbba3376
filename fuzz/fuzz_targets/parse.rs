//! Arbitrary bytes as a document: the parser never panics, its diagnostics point into the text;
//! a document it reads without errors prints as text that reads back without errors, and
//! `canonical` either verifies that text (same model, printing idempotent) or names a place in
//! the document that printing would change.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qmp_events_fuzz::Document;
use qmpgen::diagnostics::{Diagnostic, codes};
use qmpgen::parse::parse;
use qmpgen::print::{canonical, print, same_model};

fuzz_target!(|data: &[u8]| {
    let document = Document::read(data);
    if document.parsed.has_errors() {
        return;
    }
    // The printed text always reads back without errors; whether to the same model is what
    // `canonical` verifies (`qmpgen fmt` refuses, naming the place, when it would not).
    let printed = print(&document.parsed.spec);
    let reread = parse(&printed);
    assert!(
        !reread.has_errors(),
        "the printed text has errors: {:?}\n{printed}",
        reread.diagnostics
    );
    match canonical(&document.parsed.spec) {
        Ok(canonical) => {
            assert_eq!(canonical, printed);
            assert!(same_model(&reread.spec, &document.parsed.spec));
            assert_eq!(print(&reread.spec), printed, "printing is not idempotent");
        }
        Err(changed) => {
            let refusal = Diagnostic::error(codes::UNPRINTABLE, changed.span, changed.what)
                .with_len(changed.len);
            document.assert_located(std::slice::from_ref(&refusal));
        }
    }
});
