//! What the fuzz targets share: reading bytes as a document the way `qmpgen` does (a text
//! document, or a QAPI schema's files), and the properties every run must keep (diagnostics
//! inside the text, rendering that does not panic).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use qmpgen::diagnostics::{Diagnostic, render};
use qmpgen::qapi::load::{Loaded, load_from};
use qmpgen::qapi::report::{Finding, headline, is_located, render as qapi_render};
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

/// The names of the files of a QAPI fuzz input, in the order its NUL-separated parts fill them.
pub const SCHEMA_FILES: [&str; 4] = [
    "/fuzz/main.json",
    "/fuzz/a.json",
    "/fuzz/b.json",
    "/fuzz/sub/c.json",
];

/// Splits a fuzz input at its first three NUL bytes into the files of [`SCHEMA_FILES`] (the
/// seeds put one between files; a NUL byte past the third stays in the last file's text).
pub fn schema_files(data: &[u8]) -> HashMap<PathBuf, Vec<u8>> {
    data.splitn(SCHEMA_FILES.len(), |&byte| byte == 0)
        .zip(SCHEMA_FILES)
        .map(|(bytes, name)| (PathBuf::from(name), bytes.to_vec()))
        .collect()
}

/// Loads the schema whose main file is the first of [`SCHEMA_FILES`] from `files`.
pub fn load_schema(files: &mut HashMap<PathBuf, Vec<u8>>) -> Loaded {
    load_from(Path::new(SCHEMA_FILES[0]), files)
}

/// Every finding of loading and of `more` (the doc reader's) names a file that was read, a line
/// of it and a column at most one past that line's last character; rendering the findings does
/// not panic and shows each headline.
pub fn assert_schema_located(loaded: &Loaded, more: &[Finding]) {
    let files = &loaded.program.files;
    let findings: Vec<Finding> = (loaded.warnings.iter().chain(&loaded.error).chain(more))
        .cloned()
        .collect();
    for finding in &findings {
        assert!(is_located(files, finding), "outside its file: {finding:?}");
    }
    let rendered = qapi_render(files, &findings, false);
    for finding in &findings {
        assert!(rendered.contains(&headline(files, finding)));
    }
}
