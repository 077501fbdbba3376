//! Reading documents from the command line, and reporting what the parser found.

use std::fmt;
use std::path::{Path, PathBuf};

use qmp_events_runtime::Count;
use qmpgen::diagnostics::{self, Diagnostic};
use qmpgen::parse::{Parsed, parse_bytes};

/// Trouble that stops a command before it can judge anything: exit code 2.
#[derive(Debug)]
pub enum Trouble {
    /// A file could not be read.
    Unreadable {
        path: PathBuf,
        error: std::io::Error,
    },
    /// Output could not be written or serialised.
    Output(String),
}

impl fmt::Display for Trouble {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Trouble::Unreadable { path, error } => {
                write!(f, "cannot read {}: {error}", path.display())
            }
            Trouble::Output(message) => write!(f, "cannot write output: {message}"),
        }
    }
}

impl std::error::Error for Trouble {}

/// A document read from disk and parsed.
pub struct Document {
    /// The path as the user gave it (used in diagnostics).
    pub name: String,
    /// The decoded text (for rendering snippets).
    pub text: String,
    /// The model and the parser's diagnostics.
    pub parsed: Parsed,
}

impl Document {
    /// Reads and parses `path`.
    pub fn load(path: &Path) -> Result<Document, Trouble> {
        let bytes = std::fs::read(path).map_err(|error| Trouble::Unreadable {
            path: path.to_owned(),
            error,
        })?;
        let parsed = parse_bytes(&bytes);
        let text = qmpgen::parse::source::decode(&bytes).text.into_owned();
        Ok(Document {
            name: path.display().to_string(),
            text,
            parsed,
        })
    }

    /// Renders some diagnostics about this document for a terminal (colour when stderr is one
    /// and `NO_COLOR` is unset).
    pub fn render(&self, found: &[Diagnostic]) -> String {
        diagnostics::render(&self.name, &self.text, found, color_on_stderr())
    }
}

/// Whether stderr wants colour: a terminal, and `NO_COLOR` unset (anstream's rules).
pub fn color_on_stderr() -> bool {
    anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
}

/// Prints the parser's diagnostics of a document to stderr, with a summary line when there are
/// any.
pub fn report_parse(document: &Document) {
    let found = &document.parsed.diagnostics;
    if found.is_empty() {
        return;
    }
    let (errors, warnings) = diagnostics::count(found);
    anstream::eprint!("{}", document.render(found));
    anstream::eprintln!(
        "{}: {}, {}",
        document.name,
        Count::new(errors, "error"),
        Count::new(warnings, "warning")
    );
}
