//! Arbitrary bytes as a document: the parser never panics, its diagnostics point into the text;
//! for a document it reads without errors, `canonical` (what `qmpgen fmt` writes) either gives
//! a text that reads back without errors to the same model (printing it again gives it again),
//! or refuses, naming a place in the document that printing would change. (The format has no
//! escapes: prose that reads as a field line, say, cannot be printed in canonical form, and
//! `qmpgen fmt` says so rather than writing it.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use qmp_events_fuzz::Document;
use qmpgen::diagnostics::{Diagnostic, codes};
use qmpgen::text::parse::parse;
use qmpgen::text::print::{canonical, print, same_model};

fuzz_target!(|data: &[u8]| {
    let document = Document::read(data);
    if document.parsed.has_errors() {
        return;
    }
    match canonical(&document.parsed.spec) {
        Ok(printed) => {
            assert_eq!(printed, print(&document.parsed.spec));
            let reread = parse(&printed);
            assert!(
                !reread.has_errors(),
                "the canonical text has errors: {:?}\n{printed}",
                reread.diagnostics
            );
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
