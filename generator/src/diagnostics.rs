//! Diagnostics: the one place that says what is wrong with a document, and renders it.
//!
//! Every command of the project reports problems in one format,
//! `FILE:LINE:COL: severity[code]: message`, followed by the source line with the span marked
//! (rendered by annotate-snippets).

use annotate_snippets::renderer::{DEFAULT_ERROR_STYLE, DEFAULT_WARNING_STYLE, Style};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
#[cfg(feature = "analysis")]
use serde::{Deserialize, Serialize};

use crate::text::model::Span;

/// The stable codes of the diagnostics that the parser and the lint produce.
pub mod codes {
    /// Bytes that are not UTF-8.
    pub const INVALID_UTF8: &str = "invalid-utf8";
    /// Input that is not text at all (a NUL byte, or mostly bytes that are not UTF-8): reported
    /// once, and nothing is read from it.
    pub const NOT_TEXT: &str = "not-text";
    /// A non-blank line that the parser could not fit into the model.
    pub const UNFITTED_TEXT: &str = "unfitted-text";
    /// A heading whose underline is missing.
    pub const MISSING_UNDERLINE: &str = "missing-underline";
    /// A heading (underlined) that names no event.
    pub const NOT_AN_EVENT: &str = "not-an-event";
    /// A field line whose name or shape could not be read.
    pub const BAD_FIELD: &str = "bad-field";
    /// The document holds no event at all.
    pub const NO_EVENTS: &str = "no-events";
    /// A field whose text holds a parenthesised group that reads as a type annotation besides
    /// the one taken for the field's annotation: which is meant cannot be told.
    pub const AMBIGUOUS_ANNOTATION: &str = "ambiguous-annotation";
    /// A `json-…` word in a type annotation that is no JSON type of the document (`json-str`):
    /// the field's type is unknown, any value is accepted.
    pub const UNKNOWN_ANNOTATION: &str = "unknown-annotation";
    /// A bare word in a type annotation that is neither a JSON type nor `optional`
    /// (`operation`, `optinal`): it is dropped.
    pub const UNKNOWN_KEYWORD: &str = "unknown-keyword";

    // `qmpgen fmt`.

    /// A part of the document that its canonical text would say differently (`qmpgen fmt`
    /// refuses to write it).
    pub const UNPRINTABLE: &str = "unprintable";

    // The lint (`qmpgen check`): the document's own mistakes.

    /// A heading whose underline is not as long as the heading.
    pub const UNDERLINE_LENGTH: &str = "underline-length";
    /// A numbered heading (`4 VNC_CONNECTED`) whose number does not follow the one before.
    pub const HEADING_NUMBER: &str = "heading-number";
    /// An event documented under two headings (or named twice in one).
    pub const DUPLICATE_EVENT: &str = "duplicate-event";
    /// An event out of alphabetical order in a document that is otherwise sorted.
    pub const OUT_OF_ORDER: &str = "out-of-order";
    /// A field without a type annotation (its type is unknown or only inferred).
    pub const UNANNOTATED_FIELD: &str = "unannotated-field";

    /// `Data: None.` above a list of fields.
    pub const DATA_NONE_WITH_FIELDS: &str = "data-none-with-fields";
    /// `Data: None.`, but an example of the event carries `data`.
    pub const DATA_NONE_WITH_EXAMPLE_DATA: &str = "data-none-with-example-data";
    /// A field documented twice in the same list of members.
    pub const FIELD_DOCUMENTED_TWICE: &str = "field-documented-twice";
    /// An example whose `"event"` is not the event its heading names (the lint's own rule; it
    /// stands for the validators' `unknown-event`, which judges by the message alone).
    pub const EXAMPLE_WRONG_EVENT: &str = "example-wrong-event";
    /// An example that is not valid JSON (violation kind `not-json`).
    pub const EXAMPLE_NOT_JSON: &str = "example-not-json";
    /// An example with a key twice in one object (violation kind `duplicate-key`).
    pub const EXAMPLE_DUPLICATE_KEY: &str = "example-duplicate-key";
    /// An example nested deeper than the validators walk (violation kind `too-deep`).
    pub const EXAMPLE_TOO_DEEP: &str = "example-too-deep";
    /// An example that lacks a documented required field (violation kind `missing-field`).
    pub const EXAMPLE_MISSING_FIELD: &str = "example-missing-field";
    /// An example value of another JSON type than documented (violation kind `wrong-type`).
    pub const EXAMPLE_WRONG_TYPE: &str = "example-wrong-type";
    /// An example json-int beyond 64 bits (violation kind `out-of-range`).
    pub const EXAMPLE_OUT_OF_RANGE: &str = "example-out-of-range";
    /// An example string that is not among the documented values (kind `undocumented-value`).
    pub const EXAMPLE_UNDOCUMENTED_VALUE: &str = "example-undocumented-value";
    /// An example member that the document does not list (kind `undocumented-field`).
    pub const EXAMPLE_UNDOCUMENTED_FIELD: &str = "example-undocumented-field";
    /// An example whose `timestamp` is missing or malformed (violation kind `bad-timestamp`).
    pub const EXAMPLE_BAD_TIMESTAMP: &str = "example-bad-timestamp";

    // The lint on doc comment schemas (QAPI): what their documentation leaves out.

    /// A member of an event's data (or of a type it reaches) that the doc comments do not
    /// describe.
    pub const UNDOCUMENTED_MEMBER: &str = "undocumented-member";
    /// An event whose doc comment has no `Since:`.
    pub const MISSING_SINCE: &str = "missing-since";
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "analysis", serde(rename_all = "lowercase"))]
pub enum Severity {
    /// Worth a look; does not fail a command.
    Warning,
    /// The document is wrong or could not be read; commands exit 1.
    Error,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One finding about a document, at a place in it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// A stable code (`unfitted-text`), listed in the README.
    pub code: String,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where it starts.
    #[cfg_attr(feature = "analysis", serde(flatten))]
    pub span: Span,
    /// How many characters to mark from the span on (at least one; clipped to the line).
    #[cfg_attr(feature = "analysis", serde(skip))]
    pub len: u32,
    /// The event the finding belongs to, if any.
    pub event: Option<String>,
    /// A hint on how to fix it.
    #[cfg_attr(
        feature = "analysis",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub help: Option<String>,
    /// The index of its file among the description's files ([`crate::model::Source::files`]):
    /// 0 for a one-file document; a QAPI schema spans many.
    #[cfg_attr(feature = "analysis", serde(skip))]
    pub file: u32,
}

impl Diagnostic {
    /// A diagnostic of any severity.
    pub fn new(severity: Severity, code: &str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code: code.to_owned(),
            message: message.into(),
            span,
            len: 0,
            event: None,
            help: None,
            file: 0,
        }
    }

    /// A diagnostic at a place of the model (its file, line and column).
    pub fn at(
        severity: Severity,
        code: &str,
        span: crate::model::Span,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: span.file,
            ..Self::new(severity, code, Span::new(span.line, span.column), message)
        }
    }

    /// An error.
    pub fn error(code: &str, span: Span, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, span, message)
    }

    /// A warning.
    pub fn warning(code: &str, span: Span, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, span, message)
    }

    /// Marks `len` characters from the span on (0 marks the rest of the line).
    pub fn with_len(mut self, len: u32) -> Self {
        self.len = len;
        self
    }

    /// Names the event the finding belongs to.
    pub fn with_event(mut self, event: impl Into<String>) -> Self {
        self.event = Some(event.into());
        self
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The first line of the rendered form: `FILE:LINE:COL: severity[code]: message`.
    pub fn headline(&self, file: &str) -> String {
        self.styled_headline(file, false)
    }

    /// The headline, with `severity[code]` in the colour annotate-snippets gives the same
    /// severity's marks when `color` (as `qmp-events validate` colours its reports).
    fn styled_headline(&self, file: &str, color: bool) -> String {
        let style = match (color, self.severity) {
            (false, _) => Style::new(),
            (true, Severity::Error) => DEFAULT_ERROR_STYLE,
            (true, Severity::Warning) => DEFAULT_WARNING_STYLE,
        };
        format!(
            "{file}:{}:{}: {style}{}[{}]{style:#}: {}",
            self.span.line,
            self.span.column,
            self.severity.as_str(),
            self.code,
            self.message
        )
    }
}

/// Renders diagnostics about one document, in the order given, each as its headline followed by
/// the marked source line (and its help, if any). `color` styles the snippet for a terminal.
pub fn render(file: &str, source: &str, diagnostics: &[Diagnostic], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let lines: Vec<&str> = source
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .collect();
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&diagnostic.styled_headline(file, color));
        out.push('\n');
        let line_index = diagnostic.span.line.saturating_sub(1) as usize;
        if let Some(line) = lines.get(line_index) {
            let range = byte_range(line, diagnostic.span.column, diagnostic.len);
            let level = match diagnostic.severity {
                Severity::Error => Level::ERROR,
                Severity::Warning => Level::WARNING,
            };
            let snippet = Snippet::source(*line)
                .line_start(diagnostic.span.line as usize)
                .annotation(AnnotationKind::Primary.span(range));
            let mut group = Group::with_level(level).element(snippet);
            if let Some(help) = &diagnostic.help {
                group = group.element(Level::HELP.message(help.as_str()));
            }
            out.push_str(&renderer.render(&[group]));
            out.push('\n');
        }
    }
    out
}

/// The byte range in `line` of `len` characters from 1-based `column` (0 or past the end: to the
/// end of the line; an empty line or a column past it marks one position at its end).
fn byte_range(line: &str, column: u32, len: u32) -> std::ops::Range<usize> {
    let mut chars = line
        .char_indices()
        .map(|(offset, _)| offset)
        .chain(std::iter::once(line.len()));
    let start = chars
        .nth(column.saturating_sub(1) as usize)
        .unwrap_or(line.len());
    let end = if len == 0 {
        line.len()
    } else {
        line[start..]
            .char_indices()
            .nth(len as usize)
            .map_or(line.len(), |(offset, _)| start + offset)
    };
    if end > start {
        start..end
    } else {
        start..start
    }
}

/// Counts of errors and warnings, for summary lines.
pub fn count(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, diagnostics.len() - errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_headline_and_marked_line() {
        let source = "first\n- \"name\" broken\n";
        let diagnostic =
            Diagnostic::error(codes::BAD_FIELD, Span::new(2, 3), "no colon after the name")
                .with_len(6);
        let text = render("doc.txt", source, &[diagnostic], false);
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("doc.txt:2:3: error[bad-field]: no colon after the name")
        );
        assert!(text.contains("- \"name\" broken"), "{text}");
        assert!(text.contains("^^^^^^"), "{text}");
    }

    #[test]
    fn colour_paints_the_severity_of_the_headline_as_the_marks() {
        let source = "first\n";
        let error = Diagnostic::error(codes::BAD_FIELD, Span::new(1, 1), "bad");
        let warning = Diagnostic::warning(codes::UNANNOTATED_FIELD, Span::new(1, 1), "odd");
        let text = render("doc.txt", source, &[error, warning], true);
        let red = DEFAULT_ERROR_STYLE.render().to_string();
        let yellow = DEFAULT_WARNING_STYLE.render().to_string();
        let reset = DEFAULT_ERROR_STYLE.render_reset().to_string();
        assert!(
            text.starts_with(&format!("doc.txt:1:1: {red}error[bad-field]{reset}: bad\n")),
            "{text:?}"
        );
        assert!(
            text.contains(&format!(
                "doc.txt:1:1: {yellow}warning[unannotated-field]{reset}: odd\n"
            )),
            "{text:?}"
        );
        let plain = render(
            "doc.txt",
            source,
            &[Diagnostic::error(codes::BAD_FIELD, Span::new(1, 1), "bad")],
            false,
        );
        assert!(!plain.contains('\u{1b}'), "{plain:?}");
    }

    #[test]
    fn byte_ranges_clip_to_the_line() {
        assert_eq!(byte_range("abc", 2, 1), 1..2);
        assert_eq!(byte_range("abc", 2, 0), 1..3);
        assert_eq!(byte_range("abc", 9, 4), 3..3);
        assert_eq!(byte_range("é x", 3, 1), 3..4);
    }
}
