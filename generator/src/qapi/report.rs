//! Findings about a schema, each in its file: QAPI schemas span many files, and a finding in an
//! included file names that file and the chain of includes that led to it (QEMU's way).

use super::ast::SourceFile;
use crate::diagnostics::{self, Diagnostic, Severity};
use crate::model::Span;

/// One finding, in the file it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The index of its file in [`super::ast::Program::files`].
    pub file: u32,
    /// What, how bad and where in the file (line, column). Boxed: findings travel in `Err`s.
    pub diagnostic: Box<Diagnostic>,
}

impl Finding {
    /// An error at `span`.
    pub fn error(code: &str, span: Span, message: impl Into<String>) -> Self {
        Finding {
            file: span.file,
            diagnostic: Box::new(Diagnostic::at(Severity::Error, code, span, message)),
        }
    }

    /// A warning at `span`.
    pub fn warning(code: &str, span: Span, message: impl Into<String>) -> Self {
        Finding {
            file: span.file,
            diagnostic: Box::new(Diagnostic::at(Severity::Warning, code, span, message)),
        }
    }

    /// Whether it is an error.
    pub fn is_error(&self) -> bool {
        self.diagnostic.is_error()
    }
}

/// A diagnostic in the file it names ([`Diagnostic::file`]).
impl From<Diagnostic> for Finding {
    fn from(diagnostic: Diagnostic) -> Self {
        Finding {
            file: diagnostic.file,
            diagnostic: Box::new(diagnostic),
        }
    }
}

/// The lines that say how a file was reached, outermost first, QEMU's way:
/// `In file included from qapi-schema.json:12:` for every include on the way to file `file`.
pub fn include_chain(files: &[SourceFile], file: u32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = files.get(file as usize);
    while let Some(span) = current.and_then(|source| source.included_from) {
        let includer = files.get(span.file as usize);
        let name = includer.map_or("", |source| source.name.as_str());
        lines.push(format!("In file included from {name}:{}:", span.line));
        current = includer;
    }
    lines.reverse();
    lines
}

/// Renders findings in the order given: for each, the chain of includes that reached its file,
/// its headline (`FILE:LINE:COL: severity[code]: message`) and the marked source line.
pub fn render(files: &[SourceFile], findings: &[Finding], color: bool) -> String {
    let mut out = String::new();
    for finding in findings {
        for line in include_chain(files, finding.file) {
            out.push_str(&line);
            out.push('\n');
        }
        let (name, text) = files.get(finding.file as usize).map_or(("", ""), |source| {
            (source.name.as_str(), source.text.as_str())
        });
        out.push_str(&diagnostics::render(
            name,
            text,
            std::slice::from_ref(finding.diagnostic.as_ref()),
            color,
        ));
    }
    out
}

/// The headline of a finding, naming its file: `FILE:LINE:COL: severity[code]: message`.
pub fn headline(files: &[SourceFile], finding: &Finding) -> String {
    let name = files
        .get(finding.file as usize)
        .map_or("", |source| source.name.as_str());
    finding.diagnostic.headline(name)
}
