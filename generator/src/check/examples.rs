//! Examples judged against their own event's documented schema: well-formed JSON, the event its
//! heading names, and the data rules of [`super::message`], each finding pointed at the line of
//! the example where the offending key or value stands.

use crate::diagnostics::{Diagnostic, codes};
use crate::json_breaks::{self, Mistake};
use crate::text::model::{Data, Event, Example, Span};
use crate::text::parse::example::place;
use crate::text::parse::source::line_and_column;

use super::locate::{At, Positions};
use super::message::{Kind, MAX_DEPTH, Violation, judge};
use super::read::{Read, read};

/// Lints the examples under one heading. `events` are the events the heading names (they share
/// their examples).
pub fn check_heading(events: &[&Event], out: &mut Vec<Diagnostic>) {
    let Some(first) = events.first() else {
        return;
    };
    for example in &first.examples {
        check_example(events, example, out);
    }
}

fn check_example(events: &[&Event], example: &Example, out: &mut Vec<Diagnostic>) {
    let heading_event = events[0];
    // Read as the validators read it; a broken example is repaired where the fix is certain, and
    // the data of what the writer meant is judged too.
    let (text, read, edits) = match read(&example.text) {
        Ok(read) => (example.text.clone(), read, Vec::new()),
        Err(_) => {
            let repair = repair(&example.text);
            report_breaks(example, &repair.breaks, &heading_event.name, out);
            match repair.fixed {
                Some((text, read)) => (text, read, repair.edits),
                None => return,
            }
        }
    };
    let message = &read.value;
    let place = |at: At| span_in(example, original(&edits, at));
    let positions = Positions::scan(&text);

    for (path, at) in &read.duplicates {
        let key = path.rsplit('/').next().unwrap_or_default();
        out.push(
            Diagnostic::error(
                codes::EXAMPLE_DUPLICATE_KEY,
                place(*at),
                format!("the example repeats the key `{key}` (`{path}`); the first one counts"),
            )
            .with_len(key.chars().count() as u32 + 2)
            .with_event(&heading_event.name),
        );
    }
    for (path, at) in &read.too_deep {
        out.push(
            Diagnostic::error(
                codes::EXAMPLE_TOO_DEEP,
                place(*at),
                format!("the example nests deeper than {MAX_DEPTH} levels at `{path}`"),
            )
            .with_len(1)
            .with_event(&heading_event.name),
        );
    }

    // The example's own event: the one of the heading's events that it names.
    let named = message.get("event").and_then(|name| name.as_str());
    let own = named
        .and_then(|name| events.iter().find(|event| event.name == name))
        .copied()
        .unwrap_or(heading_event);
    if let Some(name) = named
        && own.name != name
    {
        let at = positions.places.get("/event");
        let documented = events
            .iter()
            .map(|event| format!("`{}`", event.name))
            .collect::<Vec<_>>()
            .join(" or ");
        out.push(
            Diagnostic::error(
                codes::EXAMPLE_WRONG_EVENT,
                at.map_or(example.span, |place_at| place(place_at.value)),
                format!(
                    "the example is of event `{name}`, but it is documented under {documented}"
                ),
            )
            .with_len(at.map_or(1, |p| p.value_len as u32))
            .with_event(&own.name)
            .with_help(format!("write `\"event\": \"{}\"`", own.name)),
        );
    }

    let judged = judge(message, |_| Ok(Some(own)));
    for (path, at, number) in &read.beyond_f64 {
        // A json-int member has found it out of range already.
        if judged
            .iter()
            .any(|violation| violation.kind == Kind::OutOfRange && &violation.path == path)
        {
            continue;
        }
        out.push(
            Diagnostic::error(
                codes::EXAMPLE_OUT_OF_RANGE,
                place(*at),
                format!("the example's number {number} (`{path}`) is beyond the range of f64"),
            )
            .with_len(number.chars().count() as u32)
            .with_event(&own.name),
        );
    }
    for violation in judged {
        let (at, len) = locate(&positions, &violation);
        let span = at.map_or(example.span, place);
        let mut diagnostic =
            Diagnostic::error(code_of(own, &violation), span, violation.detail.clone())
                .with_len(len)
                .with_event(&own.name);
        if violation.kind == Kind::BadTimestamp {
            diagnostic = diagnostic.with_help(
                "an event message carries `\"timestamp\": { \"seconds\": …, \"microseconds\": … }`",
            );
        }
        out.push(diagnostic);
    }
}

/// One place where an example's JSON breaks.
struct Break {
    at: At,
    message: String,
}

/// The breaks found in an example's text, the text repaired (when every break could be), and
/// the edits that repaired it.
struct Repair {
    breaks: Vec<Break>,
    fixed: Option<(String, Read)>,
    edits: Vec<Edit>,
}

/// One character inserted (a missing comma) or removed (a trailing comma) while repairing, at a
/// position of the text as it was just before.
struct Edit {
    at: At,
    inserted: bool,
}

/// The position in the original text of a position in the text after `edits`.
fn original(edits: &[Edit], mut at: At) -> At {
    for edit in edits.iter().rev() {
        if at.line != edit.at.line {
            continue;
        }
        if edit.inserted && at.column > edit.at.column {
            at.column -= 1;
        } else if !edit.inserted && at.column >= edit.at.column {
            at.column += 1;
        }
    }
    at
}

/// How many breaks one example may have before the lint stops repairing it.
const MAX_REPAIRS: usize = 8;

/// Finds where an example's JSON breaks, one break after another (each placed as the model
/// places an example's first break: [`json_breaks::Break::new`]), repairing the mistakes whose fix is
/// certain so that the next one (and the data) can be judged: a missing `,`, a trailing `,`, and
/// characters after the complete message (a stray `}`).
fn repair(text: &str) -> Repair {
    let mut text = text.to_owned();
    let mut breaks = Vec::new();
    let mut edits: Vec<Edit> = Vec::new();
    while breaks.len() < MAX_REPAIRS {
        let error = match read(&text) {
            Ok(read) => {
                return Repair {
                    breaks,
                    fixed: Some((text, read)),
                    edits,
                };
            }
            // serde_json's own reading gives the position in this text.
            Err(_) => match serde_json::from_str::<serde_json::Value>(&text) {
                Err(error) => json_breaks::Break::new(&error, &text),
                Ok(_) => break,
            },
        };
        let (line, column) = line_and_column(text.as_bytes(), error.offset);
        let at = At { line, column };
        breaks.push(Break {
            at: original(&edits, at),
            message: error.message,
        });
        match error.mistake {
            Mistake::MissingComma => {
                edits.push(Edit { at, inserted: true });
                text.insert(error.offset, ',');
            }
            Mistake::TrailingComma => {
                edits.push(Edit {
                    at,
                    inserted: false,
                });
                text.remove(error.offset);
            }
            Mistake::TrailingCharacters => text.truncate(error.offset),
            Mistake::Other => break,
        }
    }
    Repair {
        breaks,
        fixed: None,
        edits,
    }
}

/// Reports where an example's JSON breaks (serde_json's position when the lint found none).
fn report_breaks(example: &Example, breaks: &[Break], event: &str, out: &mut Vec<Diagnostic>) {
    let mut found: Vec<(Span, &str)> = breaks
        .iter()
        .map(|b| (span_in(example, b.at), b.message.as_str()))
        .collect();
    let fallback = if breaks.is_empty() {
        example.error()
    } else {
        None
    };
    if let Some(error) = &fallback {
        found.push((error.span, error.message.as_str()));
    }
    for (span, message) in found {
        out.push(
            Diagnostic::error(
                codes::EXAMPLE_NOT_JSON,
                span,
                format!("the example is not valid JSON: {message}"),
            )
            .with_len(1)
            .with_event(event),
        );
    }
}

/// The lint code of a data violation: `example-` and the violation's id, except data under
/// `Data: None.`, which has a code of its own.
fn code_of(event: &Event, violation: &Violation) -> &'static str {
    match violation.kind {
        Kind::UndocumentedField
            if violation.path.starts_with("/data/") && matches!(event.data, Data::None { .. }) =>
        {
            codes::DATA_NONE_WITH_EXAMPLE_DATA
        }
        // An example starts with `{` (that is how the parser finds it), so it is an object when it
        // is JSON at all.
        Kind::NotJson | Kind::NotObject => codes::EXAMPLE_NOT_JSON,
        Kind::DuplicateKey => codes::EXAMPLE_DUPLICATE_KEY,
        Kind::TooDeep => codes::EXAMPLE_TOO_DEEP,
        Kind::MissingField => codes::EXAMPLE_MISSING_FIELD,
        Kind::WrongType => codes::EXAMPLE_WRONG_TYPE,
        Kind::OutOfRange => codes::EXAMPLE_OUT_OF_RANGE,
        Kind::UndocumentedValue => codes::EXAMPLE_UNDOCUMENTED_VALUE,
        Kind::UndocumentedField => codes::EXAMPLE_UNDOCUMENTED_FIELD,
        // Examples are judged against their heading's event, so the lint never asks whether the
        // event is documented; kept for completeness.
        Kind::UnknownEvent => codes::EXAMPLE_WRONG_EVENT,
        Kind::BadTimestamp => codes::EXAMPLE_BAD_TIMESTAMP,
    }
}

/// Where a violation stands in the example's text, and how many characters to mark: an undocumented
/// or repeated member at its key, a missing member at the key of the object that lacks it, a
/// wrong value at the value.
fn locate(positions: &Positions, violation: &Violation) -> (Option<At>, u32) {
    let path = match violation.kind {
        Kind::MissingField => parent(&violation.path),
        _ => violation.path.as_str(),
    };
    // The nearest member that stands in the text (the root always does).
    let mut search = path;
    let place = loop {
        if let Some(place) = positions.places.get(search) {
            break Some(place);
        }
        if search.is_empty() {
            break None;
        }
        search = parent(search);
    };
    let Some(place) = place else {
        return (None, 1);
    };
    let at_key = matches!(
        violation.kind,
        Kind::UndocumentedField | Kind::DuplicateKey | Kind::MissingField
    );
    match place.key {
        Some(key) if at_key => (Some(key), place.key_len as u32),
        _ => (Some(place.value), place.value_len as u32),
    }
}

/// The pointer of the object that holds `path` (`/data/a` → `/data`, `/event` → ``).
fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |at| &path[..at])
}

/// The document position of a position within the example's text.
fn span_in(example: &Example, at: At) -> Span {
    place(example, at.line, at.column)
}
