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

/// Whether `finding` names a place inside its file: a file of `files`, a line of its text, and a
/// column at most one past that line's last character (where an end of line or of text is
/// reported).
pub fn is_located(files: &[SourceFile], finding: &Finding) -> bool {
    let span = finding.diagnostic.span;
    let Some(file) = files.get(finding.file as usize) else {
        return false;
    };
    let Some(line) = (span.line as usize)
        .checked_sub(1)
        .and_then(|index| file.text.split('\n').nth(index))
    else {
        return false;
    };
    span.column >= 1 && span.column as usize <= line.chars().count() + 1
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_located_up_to_one_past_its_line() {
        let files = [SourceFile {
            name: "a.json".into(),
            text: "ab\né\n".into(),
            included_from: None,
        }];
        let at = |file, line, column| Finding::error("x", Span { file, line, column }, "m");
        for (finding, inside) in [
            (at(0, 1, 1), true),
            (at(0, 1, 3), true),
            (at(0, 1, 4), false),
            (at(0, 2, 2), true),
            (at(0, 2, 3), false),
            (at(0, 3, 1), true),
            (at(0, 4, 1), false),
            (at(0, 0, 1), false),
            (at(0, 1, 0), false),
            (at(1, 1, 1), false),
        ] {
            assert_eq!(is_located(&files, &finding), inside, "{finding:?}");
        }
    }
}
