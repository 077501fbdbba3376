//! Layer 2: the lines under one heading → the parts of an event: description, data, fields,
//! examples and notes.
//!
//! The body is read line by line. Keys (`Description:`, `Data:`, `Example:`, `Note:`) start
//! their parts; a `- "name":` line starts a field list (layer 3, [`crate::text::parse::fields`]); a `{`
//! starts an example; prose before the examples is the description (or, right under a bare
//! `Data:`, the data's prose). Anything else is reported as `unfitted-text`, so that nothing the
//! document says is silently dropped.

use crate::diagnostics::{Diagnostic, codes};
use crate::text::model::{Data, Example, Field, Span, Text};
use crate::text::parse::example::{extent, read_example};
use crate::text::parse::fields::{is_field_start, named_type, read_fields};
use crate::text::parse::source::Line;

/// The parts of one event, as its body documents them.
pub struct EventParts {
    /// The description (paragraphs joined with a blank line).
    pub description: Option<Text>,
    /// The data's shape.
    pub data: Data,
    /// The data's fields.
    pub fields: Vec<Field>,
    /// The examples.
    pub examples: Vec<Example>,
    /// The notes.
    pub notes: Vec<Text>,
}

/// The keys that start a part of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Description,
    Data,
    Example,
    Note,
}

/// Keys sit at the start of a line (a little indentation is forgiven); returns the key and the
/// text after its colon.
fn key<'a>(line: &Line<'a>) -> Option<(Key, &'a str)> {
    // Every line is asked, so look no further than the longest key (`Description:`), and only
    // at lines that start like one.
    const LONGEST_KEY: usize = "Description:".len();
    if line.indent > 3 || !line.content.starts_with(['D', 'E', 'N']) {
        return None;
    }
    let head = &line.content.as_bytes()[..line.content.len().min(LONGEST_KEY)];
    let colon = memchr::memchr(b':', head)?;
    let (word, rest) = (&line.content[..colon], &line.content[colon + 1..]);
    let key = match word {
        "Description" => Key::Description,
        "Data" => Key::Data,
        "Example" | "Examples" => Key::Example,
        "Note" | "Notes" | "NOTE" => Key::Note,
        _ => return None,
    };
    Some((key, rest))
}

/// Whether a line starts a new part (a key) rather than continuing the one above.
fn is_key_line(line: &Line<'_>) -> bool {
    key(line).is_some()
}

/// Reads an event's body.
pub fn read_body(body: &[Line<'_>], event: &str, diagnostics: &mut Vec<Diagnostic>) -> EventParts {
    let mut description: Option<Text> = None;
    let mut data = Data::Unspecified;
    let mut fields: Vec<Field> = Vec::new();
    let mut examples: Vec<Example> = Vec::new();
    let mut notes: Vec<Text> = Vec::new();
    let mut label: Option<String> = None;

    let mut at = 0;
    while at < body.len() {
        let line = &body[at];
        if line.is_blank() {
            at += 1;
            continue;
        }
        if let Some((key, rest)) = key(line) {
            let after_key = rest.trim_start();
            match key {
                Key::Description => {
                    let (text, next) = paragraph(body, at, after_key);
                    add_paragraph(&mut description, text);
                    at = next;
                }
                Key::Data
                    if matches!(
                        data,
                        Data::None { .. } | Data::Prose { .. } | Data::Reference { .. }
                    ) =>
                {
                    // A second `Data:` would overwrite what the first one said and lose it: the
                    // first stands, and this one is reported with its text. (After a field list,
                    // `Data: None.` still reads as before: the fields stay.)
                    diagnostics.push(
                        Diagnostic::error(
                            codes::UNFITTED_TEXT,
                            line.span(),
                            "a second `Data:` for this event: the parser kept the first one",
                        )
                        .with_len(line.content.chars().count() as u32)
                        .with_event(event),
                    );
                    at = paragraph(body, at, after_key).1;
                }
                Key::Data => {
                    let span = line.span();
                    let stated = after_key.trim_end();
                    if stated.is_empty() {
                        data = Data::Fields {
                            span,
                            declared_none: None,
                        };
                        at += 1;
                    } else if stated.trim_end_matches('.').eq_ignore_ascii_case("none") {
                        data = Data::None { span };
                        at += 1;
                    } else {
                        let (text, next) = paragraph(body, at, after_key);
                        data = data_of_text(span, text.text);
                        at = next;
                    }
                }
                Key::Example => {
                    if after_key.starts_with('{') {
                        let count = extent(&body[at..], is_key_line);
                        examples.push(read_example(&body[at..at + count], after_key, label.take()));
                        at += count;
                    } else {
                        if !after_key.is_empty() {
                            label = Some(after_key.trim_end_matches(':').trim().to_owned());
                        }
                        at += 1;
                    }
                }
                Key::Note => {
                    let (text, next) = paragraph(body, at, after_key);
                    notes.push(text);
                    at = next;
                }
            }
            continue;
        }

        if is_field_start(line.content) {
            if let Some(reference) = data_reference(line) {
                data = reference;
                at = paragraph(body, at, line.content).1;
                continue;
            }
            let end = field_list_end(body, at);
            let read = read_fields(&body[at..end], event, diagnostics);
            data = match data {
                Data::Unspecified => Data::Fields {
                    span: line.span(),
                    declared_none: None,
                },
                Data::None { span } => Data::Fields {
                    span,
                    declared_none: Some(span),
                },
                Data::Prose { span, text } | Data::Reference { span, text, .. } => {
                    // Prose that introduces a field list: the fields say what the data is, and
                    // the words stay with the description.
                    add_paragraph(&mut description, Text { span, text });
                    Data::Fields {
                        span,
                        declared_none: None,
                    }
                }
                fields @ Data::Fields { .. } => fields,
            };
            fields.extend(read);
            at = end;
            continue;
        }

        if line.content.starts_with('{') {
            let count = extent(&body[at..], is_key_line);
            examples.push(read_example(&body[at..at + count], line.raw, label.take()));
            at += count;
            continue;
        }

        if line.content.ends_with(':')
            && body
                .get(at + 1)
                .is_some_and(|next| next.content.starts_with('{'))
        {
            label = Some(line.content.trim_end_matches(':').to_owned());
            at += 1;
            continue;
        }

        let (text, next) = paragraph(body, at, line.content);
        let data_header_alone = matches!(
            data,
            Data::Fields {
                declared_none: None,
                ..
            }
        ) && fields.is_empty();
        if data_header_alone && examples.is_empty() {
            // `Data:` on a line of its own, then prose: the prose is the data's description.
            data = data_of_text(text.span, text.text);
        } else if examples.is_empty() {
            // Prose before the examples (above or below the data) describes the event.
            add_paragraph(&mut description, text);
        } else {
            diagnostics.push(
                Diagnostic::error(
                    codes::UNFITTED_TEXT,
                    line.span(),
                    "this text is not a description, data, example or note: the parser could not fit it",
                )
                .with_len(line.content.chars().count() as u32)
                .with_event(event)
                .with_help("start it with `Note:` if it is a note"),
            );
        }
        at = next;
    }

    EventParts {
        description,
        data,
        fields,
        examples,
        notes,
    }
}

/// Adds a paragraph to the description: the first is the description, later ones follow it after
/// a blank line (`\n\n`), and the description keeps the first one's span.
fn add_paragraph(description: &mut Option<Text>, paragraph: Text) {
    match description {
        None => *description = Some(paragraph),
        Some(existing) => {
            existing.text.push_str("\n\n");
            existing.text.push_str(&paragraph.text);
        }
    }
}

/// `- data: ACPIOSTInfo type as described in qapi-schema.json`: the whole data is a type
/// documented elsewhere.
fn data_reference(line: &Line<'_>) -> Option<Data> {
    let rest = line.content.strip_prefix("- data:")?.trim();
    let type_name = named_type(rest)?;
    Some(Data::Reference {
        span: line.span(),
        type_name: type_name.to_owned(),
        text: rest.to_owned(),
    })
}

/// What `Data: <text>` says: a reference to a documented type, or prose.
fn data_of_text(span: Span, text: String) -> Data {
    match named_type(&text) {
        Some(type_name) => Data::Reference {
            span,
            type_name: type_name.to_owned(),
            text,
        },
        None => Data::Prose { span, text },
    }
}

/// A paragraph that starts with `first` (part of `body[at]`) and runs on over the lines below
/// it until a blank line, a key, a field or an example. Returns it and the index after it.
fn paragraph(body: &[Line<'_>], at: usize, first: &str) -> (Text, usize) {
    let start = &body[at];
    let first = first.trim();
    let mut next = at + 1;
    while let Some(line) = body.get(next) {
        if line.is_blank()
            || is_key_line(line)
            || is_field_start(line.content)
            || line.content.starts_with('{')
        {
            break;
        }
        next += 1;
    }
    let more = &body[at + 1..next];
    // The paragraph's lines are known before it is copied: one allocation of the right size.
    let length = first.len()
        + more
            .iter()
            .map(|line| line.content.len() + 1)
            .sum::<usize>();
    let mut text = String::with_capacity(length);
    text.push_str(first);
    let mut span = start.span_of(first);
    for line in more {
        if text.is_empty() {
            span = line.span();
        } else {
            text.push('\n');
        }
        text.push_str(line.content);
    }
    (Text { span, text }, next)
}

/// Where the field list starting at `body[at]` ends: at a key, at an unindented `{`, or at a
/// blank line that is not followed by another field.
fn field_list_end(body: &[Line<'_>], at: usize) -> usize {
    let mut end = at + 1;
    while let Some(line) = body.get(end) {
        if line.is_blank() {
            // Skip the whole run of blank lines at once: the list goes on only if a field follows.
            let next = end
                + body[end..]
                    .iter()
                    .take_while(|line| line.is_blank())
                    .count();
            match body.get(next) {
                Some(after) if is_field_start(after.content) && !is_key_line(after) => end = next,
                _ => break,
            }
        } else if is_key_line(line) || (line.indent == 0 && line.content.starts_with('{')) {
            break;
        } else {
            end += 1;
        }
    }
    end
}
