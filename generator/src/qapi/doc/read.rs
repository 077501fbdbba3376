//! A doc block's lines into its parts, line by line, with QEMU 2.10's findings.
//!
//! A part (the description, a member's or feature's description, a section) is open until a
//! line at the first column starts another. Within a member's description, a blank line and
//! then an unindented line start a plain section (2.10's rule; 8.1's hanging indent keeps its
//! lines indented); within a directive, any unindented line does (rST's rule). Tagged sections
//! run to the next start, as in 2.10 (2.x examples and notes are written unindented).
//!
//! Findings stand where QEMU 2.10 reports them: at the `#` of the line that it was reading (a
//! part found empty when the next starts, at that line; at the end, at the closing `##`).

use super::line::{self, LineKind};
use super::{Entry, QapiDoc, Section, SectionForm, Symbol, codes};
use crate::model::{Span, Text};
use crate::qapi::ast::{DocBlock, DocLine};
use crate::qapi::report::Finding;

/// Reads one doc comment block. `followed_by_definition`: whether a definition follows it
/// (QEMU 2.1's blocks that start `# Name:` without `@` document the definition after them; a
/// block that documents nothing is free-form text).
pub fn read(block: &DocBlock, followed_by_definition: bool) -> (QapiDoc, Vec<Finding>) {
    let mut reader = Reader {
        doc: QapiDoc {
            span: block.span,
            ..QapiDoc::default()
        },
        findings: Vec::new(),
        open: None,
        first_section: None,
        in_features: false,
    };
    let mut lines = block.lines.as_slice();
    let symbol = lines
        .first()
        .and_then(|first| Some((first, line::symbol(&first.text)?)));
    if let Some((first, symbol)) = symbol {
        reader.symbol(first, symbol);
        lines = &lines[1..];
    }
    if reader.doc.symbol.is_some() || followed_by_definition {
        if reader.open.is_none() {
            // QEMU 2.1's `# Name:` blocks: the description starts at once.
            reader.open = Some(Part::new(PartKind::Body, "", block.span));
        }
        for doc_line in lines {
            reader.definition_line(doc_line);
        }
    } else {
        for doc_line in lines {
            reader.free_form_line(doc_line);
        }
    }
    let closing = Span {
        line: block
            .lines
            .last()
            .map_or(block.span.line, |last| last.span.line)
            .saturating_add(1),
        ..block.span
    };
    reader.close(closing);
    (reader.doc, reader.findings)
}

/// What a part is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PartKind {
    Body,
    Member,
    Feature,
    Section(SectionForm),
}

/// The part being read.
struct Part<'a> {
    kind: PartKind,
    /// The member's, feature's or section's name.
    name: String,
    /// Where its heading stands.
    span: Span,
    /// The text on its heading line after the heading, with where it starts.
    first: Option<(Span, &'a str)>,
    /// The lines after the heading line.
    lines: Vec<&'a DocLine>,
    /// A directive's options.
    options: Vec<(String, String)>,
}

impl<'a> Part<'a> {
    fn new(kind: PartKind, name: &str, span: Span) -> Self {
        Part {
            kind,
            name: name.to_owned(),
            span,
            first: None,
            lines: Vec::new(),
            options: Vec::new(),
        }
    }

    /// With `rest`, the text after the heading on `line`, as its first text.
    fn with_first(mut self, line: &'a DocLine, rest: &'a str) -> Self {
        if !rest.trim().is_empty() {
            self.first = Some((span_of(line, rest), rest));
        }
        self
    }

    /// Whether its last line so far is blank (QEMU 2.10: its content's last line).
    fn ends_blank(&self) -> bool {
        match self.lines.last() {
            Some(last) => last.text.trim().is_empty(),
            None => self.first.is_none(),
        }
    }

    /// Its text, common indentation of the lines after the heading removed, blank lines at
    /// either end dropped; and where each of its lines starts.
    fn text(&self) -> (Text, Vec<Span>) {
        let indent = self
            .lines
            .iter()
            .filter(|line| !line.text.trim().is_empty())
            .map(|line| indentation(&line.text))
            .min()
            .unwrap_or(0);
        let rest = self.lines.iter().map(|line| {
            let text = line.text.trim_end();
            let cut = text
                .char_indices()
                .nth(indent)
                .map_or(text.len(), |(at, _)| at);
            let span = Span {
                column: line.span.column + indent as u32,
                ..line.span
            };
            (span, &text[cut.min(text.len())..])
        });
        let mut lines: Vec<(Span, &str)> = self.first.into_iter().chain(rest).collect();
        while lines.last().is_some_and(|(_, text)| text.is_empty()) {
            lines.pop();
        }
        let leading = lines.iter().take_while(|(_, text)| text.is_empty()).count();
        let lines = &lines[leading..];
        let span = lines.first().map_or(self.span, |(span, _)| *span);
        let text = lines
            .iter()
            .map(|(_, text)| *text)
            .collect::<Vec<_>>()
            .join("\n");
        (
            Text { span, text },
            lines.iter().map(|(span, _)| *span).collect(),
        )
    }
}

/// The number of white-space characters `text` starts with.
fn indentation(text: &str) -> usize {
    text.chars().take_while(|c| c.is_whitespace()).count()
}

/// Where `part` (a slice of `line.text`) starts in the file.
fn span_of(line: &DocLine, part: &str) -> Span {
    let offset = (part.as_ptr() as usize)
        .saturating_sub(line.text.as_ptr() as usize)
        .min(line.text.len());
    Span {
        column: line.span.column + line.text[..offset].chars().count() as u32,
        ..line.span
    }
}

/// Where QEMU 2.10 reports a finding about `line`: at its `#`.
fn hash_span(line: &DocLine) -> Span {
    let after_hash = if line.text.is_empty() { 1 } else { 2 };
    Span {
        column: line.span.column.saturating_sub(after_hash).max(1),
        ..line.span
    }
}

struct Reader<'a> {
    doc: QapiDoc,
    findings: Vec<Finding>,
    open: Option<Part<'a>>,
    /// The name of the first section QEMU 2.10 counts (a tagged section, or a plain one that
    /// ends a member's description): no member may be described after it.
    first_section: Option<String>,
    /// Whether `Features:` was seen: `@name:` then describes a feature.
    in_features: bool,
}

impl<'a> Reader<'a> {
    fn symbol(&mut self, line: &'a DocLine, symbol: line::SymbolLine<'a>) {
        let at = hash_span(line);
        if !symbol.colon || !symbol.rest.is_empty() {
            // QEMU 2.10 rejects it; QEMU 2.1 to 2.7 wrote about half their symbols so.
            self.findings.push(Finding::warning(
                codes::MISSING_COLON,
                at,
                "Line should end with :",
            ));
        } else if symbol.name.is_empty() {
            self.findings
                .push(Finding::error(codes::INVALID_NAME, at, "Invalid name"));
        }
        self.doc.symbol = Some(Symbol {
            name: symbol.name.to_owned(),
            span: line.span,
        });
        self.open = Some(Part::new(PartKind::Body, "", line.span).with_first(line, symbol.rest));
    }

    fn free_form_line(&mut self, line: &'a DocLine) {
        if let Some(reference) = line::leading_member_reference(&line.text) {
            self.findings.push(Finding::error(
                codes::MEMBER_IN_FREE_FORM,
                hash_span(line),
                format!("'{reference}' not allowed in free-form documentation"),
            ));
        }
        self.continue_with(line, PartKind::Body);
    }

    fn definition_line(&mut self, line: &'a DocLine) {
        match line::classify(&line.text) {
            LineKind::Blank => {
                if let Some(open) = self.open.as_mut() {
                    open.lines.push(line);
                }
            }
            LineKind::Member { name, spaced, rest } => {
                if spaced {
                    self.findings.push(Finding::warning(
                        codes::SPACE_BEFORE_COLON,
                        hash_span(line),
                        format!("'@{name} :' has a space before its colon: QEMU reads it as text"),
                    ));
                }
                self.member(line, name, rest);
            }
            LineKind::Features => {
                self.close(hash_span(line));
                self.in_features = true;
            }
            LineKind::Tagged { tag, rest } => {
                let tagged = PartKind::Section(SectionForm::Tagged);
                let seen = self.doc.section(tag).is_some() || self.is_open(tagged, tag);
                if matches!(tag, "Returns" | "Since") && seen {
                    self.findings.push(Finding::error(
                        codes::DUPLICATED_SECTION,
                        hash_span(line),
                        format!("Duplicated '{tag}' section"),
                    ));
                }
                self.close(hash_span(line));
                self.first_section.get_or_insert_with(|| tag.to_owned());
                let kind = PartKind::Section(SectionForm::Tagged);
                self.open = Some(Part::new(kind, tag, line.span).with_first(line, rest));
            }
            LineKind::Directive { name, rest } => {
                self.close(hash_span(line));
                let kind = PartKind::Section(SectionForm::Directive);
                self.open = Some(Part::new(kind, name, line.span).with_first(line, rest));
            }
            LineKind::Text => self.text_line(line),
        }
    }

    fn member(&mut self, line: &'a DocLine, name: &str, rest: &'a str) {
        let at = hash_span(line);
        let kind = if self.in_features {
            PartKind::Feature
        } else {
            if name.is_empty() {
                self.findings.push(Finding::error(
                    codes::INVALID_ARG_NAME,
                    at,
                    "Invalid parameter name",
                ));
            } else if self.doc.arg(name).is_some() || self.is_open(PartKind::Member, name) {
                self.findings.push(Finding::error(
                    codes::DUPLICATED_ARG,
                    at,
                    format!("'{name}' parameter name duplicated"),
                ));
            }
            if let Some(section) = &self.first_section {
                // QEMU 2.10 rejects it; 2.1 to 2.7 describe members after a note or a
                // paragraph (`CpuInstanceProperties`, `ACPI_DEVICE_OST`).
                self.findings.push(Finding::warning(
                    codes::ARG_AFTER_SECTION,
                    at,
                    format!("'@{name}:' can't follow '{section}' section"),
                ));
            }
            PartKind::Member
        };
        self.close(at);
        self.open = Some(Part::new(kind, name, line.span).with_first(line, rest));
    }

    /// Whether the open part is a `kind` named `name`.
    fn is_open(&self, kind: PartKind, name: &str) -> bool {
        self.open
            .as_ref()
            .is_some_and(|open| open.kind == kind && open.name == name)
    }

    /// A line that starts nothing: it continues the open part, or starts a plain section.
    fn text_line(&mut self, line: &'a DocLine) {
        let Some(open) = self.open.as_mut() else {
            return self.continue_with(line, PartKind::Section(SectionForm::Plain));
        };
        let unindented = !line.text.starts_with(char::is_whitespace);
        match open.kind {
            PartKind::Section(SectionForm::Directive)
                if open.lines.iter().all(|line| line.text.trim().is_empty()) =>
            {
                if let Some((name, value)) = line::directive_option(&line.text) {
                    open.options.push((name.to_owned(), value.to_owned()));
                    return;
                }
                if unindented {
                    self.plain_section(line, false);
                } else {
                    open.lines.push(line);
                }
            }
            PartKind::Section(SectionForm::Directive) if unindented => {
                self.plain_section(line, false)
            }
            PartKind::Member | PartKind::Feature if unindented && open.ends_blank() => {
                self.plain_section(line, true)
            }
            _ => open.lines.push(line),
        }
    }

    /// Starts a plain section with `line`; `counts`: whether QEMU 2.10 has it as a section.
    fn plain_section(&mut self, line: &'a DocLine, counts: bool) {
        self.close(hash_span(line));
        if counts {
            self.first_section.get_or_insert_with(String::new);
        }
        self.continue_with(line, PartKind::Section(SectionForm::Plain));
    }

    /// Adds `line` to the open part, or opens a part of `kind` with it.
    fn continue_with(&mut self, line: &'a DocLine, kind: PartKind) {
        self.open
            .get_or_insert_with(|| Part::new(kind, "", line.span))
            .lines
            .push(line);
    }

    /// Ends the open part; `at`: where QEMU reports it empty.
    fn close(&mut self, at: Span) {
        let Some(part) = self.open.take() else {
            return;
        };
        let (text, lines) = part.text();
        match part.kind {
            PartKind::Body => {
                if !text.text.is_empty() {
                    self.doc.body = Some(text);
                }
            }
            PartKind::Member | PartKind::Feature => {
                let entry = Entry {
                    name: part.name,
                    span: part.span,
                    text,
                };
                if part.kind == PartKind::Member {
                    self.doc.args.push(entry);
                } else {
                    self.doc.features.push(entry);
                }
            }
            PartKind::Section(form) => {
                if form == SectionForm::Tagged && text.text.trim().is_empty() {
                    self.findings.push(Finding::error(
                        codes::EMPTY_SECTION,
                        at,
                        format!("Empty doc section '{}'", part.name),
                    ));
                }
                if form == SectionForm::Plain && text.text.is_empty() {
                    return;
                }
                self.doc.sections.push(Section {
                    name: part.name,
                    form,
                    span: part.span,
                    options: part.options,
                    text,
                    lines,
                });
            }
        }
    }
}
