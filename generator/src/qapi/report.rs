//! Findings about a schema, each in its file: QAPI schemas span many files, and a finding in an
//! included file names that file and the chain of includes that led to it (QEMU's way).

use crate::diagnostics::Diagnostic;
use crate::model::Span;
use crate::text::model::Span as LineColumn;

/// One finding, in the file it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The index of its file in [`super::ast::Program::files`].
    pub file: u32,
    /// What, how bad and where in the file (line, column).
    pub diagnostic: Diagnostic,
}

impl Finding {
    /// An error at `span`.
    pub fn error(code: &str, span: Span, message: impl Into<String>) -> Self {
        Finding {
            file: span.file,
            diagnostic: Diagnostic::error(code, LineColumn::new(span.line, span.column), message),
        }
    }

    /// A warning at `span`.
    pub fn warning(code: &str, span: Span, message: impl Into<String>) -> Self {
        Finding {
            file: span.file,
            diagnostic: Diagnostic::warning(code, LineColumn::new(span.line, span.column), message),
        }
    }

    /// Whether it is an error.
    pub fn is_error(&self) -> bool {
        self.diagnostic.is_error()
    }
}
