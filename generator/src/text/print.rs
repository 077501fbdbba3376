//! Model → the document's canonical text (`qmpgen fmt`).
//!
//! The printer writes the shapes the parser reads most plainly: underlined headings, prose
//! descriptions, `Data:` with one `- "name": description (annotation)` per field (the annotation
//! ends the description's last line; members indented two columns deeper, wrapped description
//! lines aligned under the text), enumerated
//! values on lines of their own (`"value": meaning`), `Example:` with the examples as written, and
//! `Note:` paragraphs. Reading the printed text gives the same model back, except for positions
//! and the annotations' own wording, which the printer normalises (see [`same_model`]).

use std::fmt::Write as _;

use crate::text::model::{Data, Event, Field, Heading, Span, Spec, Text, Type, Underline};
use crate::text::parse::{annotation, heading};

/// The canonical text of a model.
pub fn print(spec: &Spec) -> String {
    let mut out = String::new();
    if let Some(title) = &spec.title {
        let indent = " ".repeat(19);
        let _ = writeln!(out, "{indent}{}", title.text);
        let _ = writeln!(out, "{indent}{}", "=".repeat(title.text.chars().count()));
        out.push('\n');
    }
    // Preface prose is guarded like descriptions: a line naming events alone between blank
    // lines would read back as a heading.
    for paragraph in &spec.preface {
        let _ = writeln!(out, "{}\n", prose(&paragraph.text));
    }
    // Events named by one heading share its parts: print them once.
    for heading in spec.headings() {
        print_event(&mut out, &heading[0]);
    }
    // One newline at the end, not a blank line.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Where printing a model would change what it says: the format has no escapes, so text that
/// the parser accepted from an odd place (an unclosed parenthesis before a value line, two
/// annotation-like groups in one field, …) may read back as something else once printed in its
/// canonical place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    /// Where the first part that would change is documented in the original.
    pub span: Span,
    /// How many characters of the original line to mark from `span` (0: just the position).
    pub len: u32,
    /// What it is (`event STOP`, `field "offset" of RTC_CHANGE`, `the preface`).
    pub what: String,
}

/// The canonical text of a model, verified: it reads back without errors to the same model
/// ([`same_model`]), or the first part that would not is named. `qmpgen fmt` writes only such
/// text, so formatting never changes a document's meaning.
pub fn canonical(spec: &Spec) -> Result<String, Changed> {
    let printed = print(spec);
    let reread = crate::text::parse::parse(&printed);
    if !reread.has_errors() && same_model(&reread.spec, spec) {
        return Ok(printed);
    }
    Err(first_change(spec, &reread.spec))
}

/// The first part of `original` that `reread` does not say the same way.
fn first_change(original: &Spec, reread: &Spec) -> Changed {
    let (left, right) = (normalised(original), normalised(reread));
    let whole = || Changed {
        span: (original.preface.first())
            .or(original.title.as_ref())
            .map(|text| text.span)
            .or(original.events.first().map(|event| event.span))
            .unwrap_or(Span::new(1, 1)),
        len: 0,
        what: "the document's outline (title, preface or headings)".to_owned(),
    };
    if left.title != right.title || left.preface != right.preface {
        return whole();
    }
    for (index, event) in left.events.iter().enumerate() {
        let source = &original.events[index];
        let Some(other) = right.events.get(index) else {
            return event_changed(source);
        };
        if event == other {
            continue;
        }
        if let Some(changed) =
            first_field_change(&event.fields, &other.fields, &source.fields, &source.name)
        {
            return changed;
        }
        return event_changed(source);
    }
    whole()
}

fn event_changed(event: &Event) -> Changed {
    Changed {
        span: event.span,
        len: event.name.chars().count() as u32,
        what: format!("event {}", event.name),
    }
}

/// The first field (depth first) that differs between two normalised lists; `source` is the
/// original list, for positions.
fn first_field_change(
    left: &[Field],
    right: &[Field],
    source: &[Field],
    event: &str,
) -> Option<Changed> {
    for (index, field) in left.iter().enumerate() {
        let original = &source[index];
        let changed = || Changed {
            span: original.span,
            len: original.name.chars().count() as u32 + 2,
            what: format!("field \"{}\" of {event}", original.name),
        };
        let Some(other) = right.get(index) else {
            return Some(changed());
        };
        if field == other {
            continue;
        }
        return first_field_change(&field.fields, &other.fields, &original.fields, event)
            .or_else(|| Some(changed()));
    }
    // A field missing from the reread list is named; an extra one is placed after the last.
    (left.len() != right.len()).then(|| Changed {
        span: source
            .get(right.len())
            .or(source.last())
            .map_or(Span::new(1, 1), |field| field.span),
        len: 0,
        what: format!("the fields of {event}"),
    })
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
    // Every example gets a key line of its own: examples under one key are told apart by their
    // text (a blank line, complete JSON), which an example that is not JSON does not give. A
    // label goes on its key line (`Example: label:`), where the parser reads labels whatever
    // they hold.
    for example in &event.examples {
        match &example.label {
            Some(label) => {
                let _ = writeln!(out, "Example: {label}:");
            }
            None => out.push_str("Example:\n\n"),
        }
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
        // from it again. The annotation's words the parser does not know follow the type, as
        // they were read.
        Some(Type::Named(_)) | None => {}
        Some(ty) if !field.type_inferred => items.push(ty.as_str().to_owned()),
        Some(_) => {}
    }
    items.extend(field.unknown_words.iter().map(|word| word.text.clone()));
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
    // The annotation ends the field's text, where the parser takes the last annotation-like
    // group for the field's (and where it does not split a sentence over two lines). Lines that
    // read as values (`"client": …` under a json-bool) are not its text: the parser takes them
    // out and puts them back at the end of the description, so the annotation goes before them
    // (after them it would be read as part of a value's meaning).
    let annotated_line = (1..lines.len())
        .rev()
        .find(|&index| !reads_as_values(lines[index]))
        .unwrap_or(0);
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
            // Where its JSON breaks follows the span: it is read relative to the text.
            example.span = zero;
        }
        event.notes.iter_mut().for_each(text);
    }
    spec
}

/// Whether a line of a field's text would be read as a `"value": meaning` line or a list of
/// values if printed on a line of its own.
fn reads_as_values(line: &str) -> bool {
    let content = line.trim_start();
    content.starts_with('"')
        && (annotation::value_line(content).is_some() || annotation::value_list(content).is_some())
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
    for word in &mut field.unknown_words {
        word.span = Span::default();
    }
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
    use crate::text::parse::parse;

    #[test]
    fn prints_the_canonical_shapes() {
        let text = "STOP\n----\n\nStops.\n\nData:\n\n- 'kind': what (json-string, \"a\" or \"b\")\n- \"n\": count\n       of things (json-int, optional)\n";
        let spec = parse(text).spec;
        let printed = print(&spec);
        assert_eq!(
            printed,
            "STOP\n----\n\nStops.\n\nData:\n\n- \"kind\": what (json-string, \"a\" or \"b\")\n- \"n\": count\n       of things (json-int, optional)\n"
        );
        assert!(same_model(&parse(&printed).spec, &spec));
    }

    #[test]
    fn canonical_names_what_printing_would_change() {
        // Several unlabelled examples that are not JSON each get their own key, so they stay
        // apart (found by fuzzing).
        let text = "STOP\n----\n\nData: None.\n\nExample:\n\n{ \"event\": \n\nExample:\n\n{ \"b\n";
        let spec = parse(text).spec;
        assert_eq!(spec.events[0].examples.len(), 2);
        let printed = canonical(&spec).expect("printable");
        assert_eq!(parse(&printed).spec.events[0].examples.len(), 2);
        // A value line read before an unclosed parenthesis: printed after it, it would be prose.
        let text =
            "RTC\n---\n\nData:\n\n- \"offset\": delta in s\",\n    \"data\": meaning\n    \"x(s\n";
        let spec = parse(text).spec;
        assert_eq!(spec.events[0].fields[0].values.len(), 1);
        let changed = canonical(&spec).expect_err("not printable as it is");
        assert_eq!(changed.span, Span::new(6, 3));
        assert_eq!(changed.what, "field \"offset\" of RTC");
    }
}
