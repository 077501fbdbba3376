//! What the fuzz targets share: reading bytes as a document the way `qmpgen` does, and the
//! properties every run must keep (diagnostics inside the text, rendering that does not panic).

use qmpgen::diagnostics::{Diagnostic, render};
use qmpgen::text::parse::{Parsed, parse_bytes, source};

/// A document read from fuzz input, as the CLI's `Document::load` reads a file.
pub struct Document {
    /// The decoded text (BOM removed, invalid bytes replaced).
    pub text: String,
    /// The model and the parser's diagnostics.
    pub parsed: Parsed,
}

impl Document {
    /// Parses `bytes` and checks that the parser's diagnostics point into the text.
    pub fn read(bytes: &[u8]) -> Document {
        let parsed = parse_bytes(bytes);
        let text = source::decode(bytes).text.into_owned();
        let document = Document { text, parsed };
        document.assert_located(&document.parsed.diagnostics);
        document
    }

    /// Every diagnostic names a line and column that exist (a line past the last one is where
    /// the end of the text is reported), and rendering them with snippets does not panic.
    pub fn assert_located(&self, diagnostics: &[Diagnostic]) {
        let lines = self.text.lines().count() as u32;
        for diagnostic in diagnostics {
            let span = diagnostic.span;
            assert!(
                span.line >= 1 && span.line <= lines + 1 && span.column >= 1,
                "diagnostic outside the text ({lines} lines): {diagnostic:?}"
            );
        }
        let rendered = render("fuzz.txt", &self.text, diagnostics, false);
        for diagnostic in diagnostics {
            assert!(rendered.contains(&diagnostic.headline("fuzz.txt")));
        }
    }
}

/// Splits one fuzz input into two documents at its first NUL byte (the seeds put one between
/// two versions), or in the middle when it has none.
pub fn split_pair(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&byte| byte == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => data.split_at(data.len() / 2),
    }
}
