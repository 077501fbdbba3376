//! The nom parser: document text → [`Spec`] and diagnostics.
//!
//! One module per layer, each feeding the next:
//! [`source`] (bytes → lines) → [`document`] (lines → title and event sections) →
//! [`sections`] (a section → description, data, examples, notes) → [`fields`] (a field list →
//! fields, with [`annotation`] for type annotations and values) and [`example`] (JSON examples).
//! [`heading`] holds the grammar of heading lines.

pub mod annotation;
pub mod document;
pub mod example;
pub mod fields;
pub mod heading;
pub mod sections;
pub mod source;

use crate::diagnostics::{Diagnostic, codes};
use crate::text::model::{Event, Span, Spec, Text};

/// What parsing a document gives: the model, and what the parser had to say about the text.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The model.
    pub spec: Spec,
    /// Problems found while reading, in document order. Errors mean that some text could not be
    /// fitted into the model (it is named here instead).
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses a document given as bytes (a byte-order mark, CRLF and bytes that are not UTF-8 are
/// handled; the last are reported). Bytes that are not text (a NUL byte, or mostly bytes that
/// are not UTF-8) give one `not-text` error and an empty model.
pub fn parse_bytes(bytes: &[u8]) -> Parsed {
    let decoded = source::decode(bytes);
    if decoded.not_text {
        // Binary input: its one diagnostic says so; reading it as a document would report a
        // flood of invented problems.
        return Parsed {
            spec: Spec::default(),
            diagnostics: decoded.diagnostics,
        };
    }
    let mut parsed = parse(&decoded.text);
    if !decoded.diagnostics.is_empty() {
        parsed.diagnostics.extend(decoded.diagnostics);
        sort(&mut parsed.diagnostics);
    }
    parsed
}

/// Parses a document's text.
pub fn parse(text: &str) -> Parsed {
    let lines = source::lines(text);
    let mut diagnostics = Vec::new();
    let outline = document::outline(&lines, &mut diagnostics);

    let preface = paragraphs(outline.preface);
    let mut events = Vec::new();
    for section in outline.sections {
        let heading = section.heading;
        // Diagnostics name the event; most headings name one, which needs no joined copy.
        let label = match heading.names.as_slice() {
            [one] => std::borrow::Cow::Borrowed(one.as_str()),
            names => std::borrow::Cow::Owned(names.join(", ")),
        };
        let parts = sections::read_body(section.body, &label, &mut diagnostics);
        // Each event points at its own name within a heading that names several.
        let mut spans = Vec::with_capacity(heading.names.len());
        let mut column = heading.span.column;
        let mut rest = heading.text.as_str();
        for name in &heading.names {
            // The name normally starts the rest of the heading: only search when it does not.
            let found = if rest.starts_with(name.as_str()) {
                Some(0)
            } else {
                rest.find(name.as_str())
            };
            if let Some(at) = found {
                column += rest[..at].chars().count() as u32;
                rest = &rest[at..];
            }
            spans.push(Span::new(heading.span.line, column));
        }
        // Events named together share the parts: clone them for all but the last, which takes
        // them.
        let last = heading.names.len() - 1;
        for (index, span) in spans.iter().enumerate().take(last) {
            events.push(Event {
                name: heading.names[index].clone(),
                span: *span,
                heading: heading.clone(),
                description: parts.description.clone(),
                data: parts.data.clone(),
                fields: parts.fields.clone(),
                examples: parts.examples.clone(),
                notes: parts.notes.clone(),
            });
        }
        events.push(Event {
            name: heading.names[last].clone(),
            span: spans[last],
            heading,
            description: parts.description,
            data: parts.data,
            fields: parts.fields,
            examples: parts.examples,
            notes: parts.notes,
        });
    }
    if events.is_empty() {
        let at = lines
            .iter()
            .find(|line| !line.is_blank())
            .map_or(Span::new(1, 1), |line| line.span());
        diagnostics.push(
            Diagnostic::error(codes::NO_EVENTS, at, "the document documents no event")
                .with_help("an event is a heading such as `BLOCK_IO_ERROR` underlined with dashes"),
        );
    }
    sort(&mut diagnostics);
    Parsed {
        spec: Spec {
            title: outline.title,
            preface,
            events,
        },
        diagnostics,
    }
}

/// Diagnostics in document order (stable, so that equal positions keep their order).
fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|diagnostic| diagnostic.span);
}

/// The paragraphs of some lines, as texts.
fn paragraphs(lines: &[source::Line<'_>]) -> Vec<Text> {
    let mut out: Vec<Text> = Vec::new();
    let mut open = false;
    for line in lines {
        if line.is_blank() {
            open = false;
        } else if open && let Some(last) = out.last_mut() {
            last.text.push('\n');
            last.text.push_str(line.content);
        } else {
            open = true;
            out.push(Text {
                span: line.span(),
                text: line.content.to_owned(),
            });
        }
    }
    out
}
