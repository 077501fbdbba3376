//! Model → the document's canonical text (`qmpgen fmt`).
//!
//! The printer writes the shapes the parser reads most plainly: underlined headings, prose
//! descriptions, `Data:` with one `- "name": description (annotation)` line per field (members
//! indented two columns deeper, wrapped description lines aligned under the text), enumerated
//! values on lines of their own (`"value": meaning`), `Example:` with the examples as written, and
//! `Note:` paragraphs. Reading the printed text gives the same model back, except for positions
//! and the annotations' own wording, which the printer normalises (see [`same_model`]).

use std::fmt::Write as _;

use crate::model::{Data, Event, Field, Heading, Span, Spec, Text, Type, Underline};
use crate::parse::{annotation, heading};

/// The canonical text of a model.
pub fn print(spec: &Spec) -> String {
    let mut out = String::new();
    if let Some(title) = &spec.title {
        let indent = " ".repeat(19);
        let _ = writeln!(out, "{indent}{}", title.text);
        let _ = writeln!(out, "{indent}{}", "=".repeat(title.text.chars().count()));
        out.push('\n');
    }
    for paragraph in &spec.preface {
        let _ = writeln!(out, "{}\n", paragraph.text);
    }
    let mut events = spec.events.iter().peekable();
    while let Some(event) = events.next() {
        // Events named by one heading share its parts: print them once.
        while events
            .peek()
            .is_some_and(|next| next.heading == event.heading && event.heading.names.len() > 1)
        {
            events.next();
        }
        print_event(&mut out, event);
    }
    // One newline at the end, not a blank line.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// A heading's canonical text: its number, then its names separated by `, `.
fn heading_text(heading: &Heading) -> String {
    match heading.number {
        Some(number) => format!("{number} {}", heading.names.join(", ")),
        None => heading.names.join(", "),
    }
}

fn print_event(out: &mut String, event: &Event) {
    let heading = heading_text(&event.heading);
    let _ = writeln!(out, "{heading}\n{}\n", "-".repeat(heading.chars().count()));
    if let Some(description) = &event.description {
        let _ = writeln!(out, "{}\n", prose(&description.text));
    }
    // Fields the parser found without a `Data:` list of their own (a field list before
    // `Data: None.`, or with no `Data:` line at all) go where it found them: before the data.
    if !matches!(event.data, Data::Fields { .. }) && !event.fields.is_empty() {
        for field in &event.fields {
            print_field(out, field, 0);
        }
        out.push('\n');
    }
    match &event.data {
        Data::Unspecified => {}
        Data::None { .. } => out.push_str("Data: None.\n\n"),
        Data::Fields { declared_none, .. } => {
            if declared_none.is_some() {
                out.push_str("Data: None.\n\n");
            } else {
                out.push_str("Data:\n\n");
            }
            for field in &event.fields {
                print_field(out, field, 0);
            }
            out.push('\n');
        }
        Data::Reference { text, .. } | Data::Prose { text, .. } => {
            let _ = writeln!(out, "Data: {text}\n");
        }
    }
    // A label goes on a key line of its own (`Example: label:`), which is where the parser
    // reads labels whatever they hold.
    let mut keyed = false;
    for example in &event.examples {
        match &example.label {
            Some(label) => {
                let _ = writeln!(out, "Example: {label}:");
            }
            None if !keyed => out.push_str("Example:\n\n"),
            None => {}
        }
        keyed = true;
        let _ = writeln!(out, "{}\n", example.text);
    }
    for note in &event.notes {
        let _ = writeln!(out, "Note: {}\n", prose(&note.text));
    }
}

/// Prose as printed. The parser keeps prose lines without their indentation, so a line of prose
/// that would read as structure is indented past what the structure allows: four columns for the
/// key of a part (`Data:`, `Example:`, …; keys may be indented up to three) or a line naming
/// events (a bare heading is unindented), eight for a line of dashes (an underline is indented no
/// deeper than its heading).
fn prose(text: &str) -> String {
    const KEYS: [&str; 7] = [
        "Description",
        "Data",
        "Example",
        "Examples",
        "Note",
        "Notes",
        "NOTE",
    ];
    let indent = |line: &str| -> usize {
        let content = line.trim();
        if content.starts_with('-') && heading::is_heading_underline(content, "") {
            8
        } else if heading::heading_names(content).is_some()
            || content
                .split_once(':')
                .is_some_and(|(word, _)| KEYS.contains(&word))
        {
            4
        } else {
            0
        }
    };
    if text.lines().all(|line| indent(line) == 0) {
        return text.to_owned();
    }
    text.split('\n')
        .map(|line| format!("{}{line}", " ".repeat(indent(line))))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether a field's values are written inside its annotation (`(json-string, "a" or "b")`):
/// when none has a meaning of its own and the type is annotated.
fn values_inline(field: &Field) -> bool {
    !field.values.is_empty()
        && !field.type_inferred
        && field.ty == Some(Type::String)
        && field.values.iter().all(|value| value.description.is_none())
}

/// The annotation the printer writes for a field: its type (unless inferred), its values when
/// they go inline, and `optional`.
fn annotation(field: &Field) -> Option<String> {
    let mut items = Vec::new();
    match &field.ty {
        // A type named in the description (`DumpQueryResult type described in …`) is read
        // from it again; an annotation's `json-…` word the parser does not know is a named type
        // too, and is written back as it was read.
        Some(Type::Named(name)) if name.starts_with("json-") => items.push(name.clone()),
        Some(Type::Named(_)) | None => {}
        Some(ty) if !field.type_inferred => items.push(ty.as_str().to_owned()),
        Some(_) => {}
    }
    if values_inline(field) {
        items.push(quoted_list(field, " or "));
    }
    if field.optional {
        items.push("optional".to_owned());
    }
    (!items.is_empty()).then(|| format!("({})", items.join(", ")))
}

/// `"a", "b" or "c"` (with `last` as the final separator).
fn quoted_list(field: &Field, last: &str) -> String {
    let quoted: Vec<String> = field
        .values
        .iter()
        .map(|value| format!("\"{}\"", value.name))
        .collect();
    match quoted.split_last() {
        Some((final_value, [])) => final_value.clone(),
        Some((final_value, rest)) => format!("{}{last}{final_value}", rest.join(", ")),
        None => String::new(),
    }
}

fn print_field(out: &mut String, field: &Field, depth: usize) {
    let indent = "  ".repeat(depth);
    let lead = format!("{indent}- \"{}\": ", field.name);
    // Wrapped lines align under the description's first word.
    let hang = " ".repeat(lead.chars().count());
    let mut lines: Vec<&str> = field.description.split('\n').collect();
    if lines.is_empty() {
        lines.push("");
    }
    let annotation = annotation(field);
    // The annotation ends the first line, where a reader looks for it; but when the description
    // itself holds a group that reads as an annotation, the parser takes the last one for the
    // field's: then the annotation ends the last line.
    let annotated_line = if holds_annotation(&field.description) {
        lines.len() - 1
    } else {
        0
    };
    for (index, line) in lines.iter().enumerate() {
        let prefix = if index == 0 {
            lead.as_str()
        } else {
            hang.as_str()
        };
        let text = match &annotation {
            Some(annotation) if index == annotated_line && line.is_empty() => {
                format!("{prefix}{annotation}")
            }
            Some(annotation) if index == annotated_line => {
                format!("{prefix}{line} {annotation}")
            }
            _ => format!("{prefix}{line}"),
        };
        let _ = writeln!(out, "{}", text.trim_end());
    }
    if !values_inline(field) && !field.values.is_empty() {
        if field.values.iter().all(|value| value.description.is_none()) {
            let _ = writeln!(out, "{hang}{}", quoted_list(field, ", or "));
        } else {
            for value in &field.values {
                // A meaning is written on one line: the parser joins the lines of a value's
                // meaning with spaces anyway (`normalised` compares them so).
                let meaning = value
                    .description
                    .as_deref()
                    .map(one_line)
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "{}",
                    format!("{indent}    \"{}\": {meaning}", value.name).trim_end()
                );
            }
        }
    }
    for member in &field.fields {
        print_field(out, member, depth + 1);
    }
}

/// Whether two models say the same thing: equal once positions, the annotations' wording and the
/// headings' spelling and underlines (which the printer normalises) are set aside.
pub fn same_model(left: &Spec, right: &Spec) -> bool {
    normalised(left) == normalised(right)
}

/// A copy of the model with every position zeroed, annotation texts dropped and every heading
/// in its canonical text and underlined.
pub fn normalised(spec: &Spec) -> Spec {
    let mut spec = spec.clone();
    let zero = Span::default();
    let text = |text: &mut Text| text.span = zero;
    if let Some(title) = spec.title.as_mut() {
        text(title);
    }
    spec.preface.iter_mut().for_each(text);
    for event in &mut spec.events {
        event.span = zero;
        event.heading.span = zero;
        // The printer writes headings in their canonical text, underlined to the right length.
        event.heading.text = heading_text(&event.heading);
        event.heading.underline = Some(Underline {
            span: zero,
            length: 0,
        });
        if let Some(description) = event.description.as_mut() {
            text(description);
        }
        event.data = match std::mem::replace(&mut event.data, Data::Unspecified) {
            Data::Unspecified => Data::Unspecified,
            Data::None { .. } => Data::None { span: zero },
            Data::Fields { declared_none, .. } => Data::Fields {
                span: zero,
                declared_none: declared_none.map(|_| zero),
            },
            Data::Reference {
                type_name, text, ..
            } => Data::Reference {
                span: zero,
                type_name,
                text,
            },
            Data::Prose { text, .. } => Data::Prose { span: zero, text },
        };
        event.fields.iter_mut().for_each(normalise_field);
        for example in &mut event.examples {
            example.span = zero;
            if let Some(error) = example.error.as_mut() {
                error.span = zero;
            }
        }
        event.notes.iter_mut().for_each(text);
    }
    spec
}

/// Whether a text holds a parenthesised group that the parser reads as an annotation.
fn holds_annotation(text: &str) -> bool {
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let inside = &rest[open + 1..];
        let Some(close) = inside.find(')') else {
            return false;
        };
        if annotation::is_annotation(&inside[..close]) {
            return true;
        }
        rest = &inside[close + 1..];
    }
    false
}

/// A text with its line breaks as spaces (and no white space at its ends).
fn one_line(text: &str) -> String {
    text.split('\n')
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_owned()
}

fn normalise_field(field: &mut Field) {
    field.span = Span::default();
    field.annotation = None;
    for value in &mut field.values {
        value.span = Span::default();
        // Printed on one line.
        value.description = value.description.as_deref().map(one_line);
    }
    field.fields.iter_mut().for_each(normalise_field);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    #[test]
    fn prints_the_canonical_shapes() {
        let text = "STOP\n----\n\nStops.\n\nData:\n\n- 'kind': what (json-string, \"a\" or \"b\")\n- \"n\": count\n       of things (json-int, optional)\n";
        let spec = parse(text).spec;
        let printed = print(&spec);
        assert_eq!(
            printed,
            "STOP\n----\n\nStops.\n\nData:\n\n- \"kind\": what (json-string, \"a\" or \"b\")\n- \"n\": count (json-int, optional)\n       of things\n"
        );
        assert!(same_model(&parse(&printed).spec, &spec));
    }
}
