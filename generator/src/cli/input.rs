//! Reading documents from the command line, and reporting what the parser found.
//!
//! `-` names standard input wherever a command reads a document (diagnostics call it
//! [`STDIN_NAME`]).

use std::fmt;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use qmp_events_runtime::{Count, Unreadable};
use qmpgen::diagnostics::{self, Diagnostic};
use qmpgen::text::parse::{Parsed, parse_bytes};

/// The path that names standard input (and standard output for `-o`).
pub const STDIO_PATH: &str = "-";

/// How diagnostics name a document read from standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// Whether a path given on the command line means standard input or output.
pub fn is_stdio(path: &Path) -> bool {
    path.as_os_str() == STDIO_PATH
}

/// Refuses a command line that names standard input twice (the second reading would find it
/// empty and judge an empty document).
pub fn stdin_at_most_once(paths: &[PathBuf]) -> Result<(), Trouble> {
    match paths.iter().filter(|path| is_stdio(path)).count() {
        0 | 1 => Ok(()),
        _ => Err(Trouble::StdinTwice),
    }
}

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
    /// `-` named more than once: standard input can be read only once.
    StdinTwice,
}

impl fmt::Display for Trouble {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Trouble::Unreadable { path, error } => {
                write!(f, "{}", Unreadable::new(&display_name(path), error))
            }
            Trouble::Output(message) => write!(f, "cannot write output: {message}"),
            Trouble::StdinTwice => write!(
                f,
                "`{STDIO_PATH}` (standard input) is named more than once; it can be read only once"
            ),
        }
    }
}

impl std::error::Error for Trouble {}

/// How diagnostics name a path given on the command line.
pub fn display_name(path: &Path) -> String {
    if is_stdio(path) {
        STDIN_NAME.to_owned()
    } else {
        path.display().to_string()
    }
}

/// A document read from disk (or stdin) and parsed.
pub struct Document {
    /// The path as the user gave it, `<stdin>` for `-` (used in diagnostics).
    pub name: String,
    /// The decoded text (for rendering snippets).
    pub text: String,
    /// The model and the parser's diagnostics.
    pub parsed: Parsed,
}

impl Document {
    /// The document in the schema model, its file named as its diagnostics name it.
    pub fn lower(&self) -> qmpgen::model::Schema {
        qmpgen::text::lower::lower(&self.parsed.spec, &self.name)
    }

    /// Reads and parses `path` (`-`: standard input).
    pub fn load(path: &Path) -> Result<Document, Trouble> {
        let read = if is_stdio(path) {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map(|_| bytes)
        } else {
            std::fs::read(path)
        };
        let bytes = read.map_err(|error| Trouble::Unreadable {
            path: path.to_owned(),
            error,
        })?;
        let parsed = parse_bytes(&bytes);
        let text = qmpgen::text::parse::source::decode(&bytes)
            .text
            .into_owned();
        Ok(Document {
            name: display_name(path),
            text,
            parsed,
        })
    }

    /// Reads and parses `path`, or reports on stderr why it cannot (the caller goes on with
    /// the other files and exits 2 at the end).
    pub fn load_reported(path: &Path) -> Option<Document> {
        Document::load(path)
            .inspect_err(|trouble| anstream::eprintln!("qmpgen: {trouble}"))
            .ok()
    }

    /// Reads and parses every path. Each one that cannot be read is reported on stderr at once
    /// and the rest are still read, so that one missing file does not hide what the others say;
    /// the second value tells whether any was unreadable (the command then exits 2 at the end).
    /// Standard input named twice is trouble before anything is read.
    pub fn load_all(paths: &[PathBuf]) -> Result<(Vec<Document>, bool), Trouble> {
        stdin_at_most_once(paths)?;
        let documents: Vec<Document> = paths
            .iter()
            .filter_map(|path| Document::load_reported(path))
            .collect();
        let unreadable = documents.len() < paths.len();
        Ok((documents, unreadable))
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
