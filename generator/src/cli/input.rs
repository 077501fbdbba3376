//! Reading documents from the command line (`qmp-events.txt`, a QAPI schema or a QEMU's
//! introspection, told apart by the content), and reporting what the reader found.
//!
//! `-` names standard input wherever a command reads a document (diagnostics call it
//! [`STDIN_NAME`]).

use std::fmt;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use qmp_events_runtime::client::ClientError;
use qmp_events_runtime::{Count, Unreadable};
pub use qmpgen::document::Document;
use qmpgen::qapi::report::Finding;

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
    /// The command does not do this for this kind of document.
    Unsupported(String),
    /// A file a QAPI schema includes could not be read: the rendered finding, with the chain of
    /// includes.
    Include(String),
    /// A live QEMU could not be asked (`qmpgen schema --socket`); the client's errors name the
    /// socket or address where it matters (connecting).
    Qmp(ClientError),
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
            Trouble::Unsupported(message) => f.write_str(message),
            Trouble::Include(rendered) => write!(f, "cannot read the schema:\n{rendered}"),
            Trouble::Qmp(error) => write!(f, "cannot ask QEMU for its schema: {error}"),
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

/// Reads `path` (`-`: standard input), a `qmp-events.txt`, a QAPI schema with its includes or a
/// QEMU's introspection.
/// A file the schema includes that cannot be read is trouble too, reported where the include
/// stands.
pub fn load(path: &Path) -> Result<Document, Trouble> {
    let unreadable = |error| Trouble::Unreadable {
        path: path.to_owned(),
        error,
    };
    let document = if is_stdio(path) {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(unreadable)?;
        Document::from_bytes(STDIN_NAME, bytes)
    } else {
        Document::read(path).map_err(unreadable)?
    };
    if let Some(error) = document.unreadable() {
        let rendered = document.render(std::slice::from_ref(error), color_on_stderr());
        return Err(Trouble::Include(rendered.trim_end().to_owned()));
    }
    Ok(document)
}

/// Reads `path`, or reports on stderr why it cannot (the caller goes on with the other files
/// and exits 2 at the end).
pub fn load_reported(path: &Path) -> Option<Document> {
    load(path)
        .inspect_err(|trouble| anstream::eprintln!("qmpgen: {trouble}"))
        .ok()
}

/// Reads every path. Each one that cannot be read is reported on stderr at once and the rest
/// are still read, so that one missing file does not hide what the others say; the second value
/// tells whether any was unreadable (the command then exits 2 at the end). Standard input named
/// twice is trouble before anything is read.
pub fn load_all(paths: &[PathBuf]) -> Result<(Vec<Document>, bool), Trouble> {
    stdin_at_most_once(paths)?;
    let documents: Vec<Document> = paths
        .iter()
        .filter_map(|path| load_reported(path))
        .collect();
    let unreadable = documents.len() < paths.len();
    Ok((documents, unreadable))
}

/// Whether stderr wants colour: a terminal, and `NO_COLOR` unset (anstream's rules).
pub fn color_on_stderr() -> bool {
    anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
}

/// Prints what the reader found in a document to stderr, with a summary line when it found
/// anything.
pub fn report_parse(document: &Document) {
    let found = document.findings();
    if found.is_empty() {
        return;
    }
    let (errors, warnings) = count(&found);
    anstream::eprint!("{}", document.render(&found, color_on_stderr()));
    anstream::eprintln!(
        "{}: {}, {}",
        document.name,
        Count::new(errors, "error"),
        Count::new(warnings, "warning")
    );
}

/// How many findings are errors, and how many warnings.
pub fn count(found: &[Finding]) -> (usize, usize) {
    let errors = found.iter().filter(|finding| finding.is_error()).count();
    (errors, found.len() - errors)
}
