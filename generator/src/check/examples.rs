//! Examples judged by the validators' own walk: every example of the schema is read as the
//! generated validators read a message (the run-time tables of [`crate::tables`], the runtime's
//! walk), so the lint and the validators cannot disagree. A violation's byte offset in the
//! example's text is placed in the description through [`Example::place`]. Where the text is
//! not JSON, the lint says where it breaks ([`crate::json_breaks`]), repairs the mistakes whose
//! fix is certain, and judges what the writer meant.

use std::collections::BTreeMap;

use qmp_events_runtime::validate::{Schema as Tables, validate_str_as};
use qmp_events_runtime::{Mode, Violation, ViolationKind};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::diagnostics::{Diagnostic, Severity, codes};
use crate::json_breaks::{self, Mistake};
use crate::model::{Event, Example, Schema, Span};

/// Lints every example of `schema` once (events that share their documentation share their
/// examples), judged by `tables`, the run-time tables of `schema`.
pub fn check(schema: &Schema, tables: &Tables, out: &mut Vec<Diagnostic>) {
    // Each example with the events it documents, in the order the schema gives them.
    let mut examples: Vec<(&Example, Vec<&Event>)> = Vec::new();
    let mut at: BTreeMap<Span, usize> = BTreeMap::new();
    for event in &schema.events {
        for example in &event.doc.examples {
            match at.get(&example.span()) {
                Some(&index) => examples[index].1.push(event),
                None => {
                    at.insert(example.span(), examples.len());
                    examples.push((example, vec![event]));
                }
            }
        }
    }
    for (example, events) in examples {
        check_example(tables, &events, example, out);
    }
}

fn check_example(tables: &Tables, events: &[&Event], example: &Example, out: &mut Vec<Diagnostic>) {
    let first = events[0];
    let repair = repair(&example.text);
    for broken in &repair.breaks {
        out.push(
            Diagnostic::at(
                Severity::Error,
                codes::EXAMPLE_NOT_JSON,
                example.place(broken.offset),
                format!("the example is not valid JSON: {}", broken.message),
            )
            .with_len(1)
            .with_event(&first.name),
        );
    }
    let Some(text) = &repair.fixed else {
        return;
    };
    let at = |offset: usize| example.place(repair.original(offset));

    // The example's own event: the one of its events that it names.
    let named = event_name(text);
    let own = named
        .as_ref()
        .and_then(|(name, _)| events.iter().find(|event| event.name == *name))
        .copied()
        .unwrap_or(first);
    if let Some((name, offset)) = &named
        && own.name != *name
    {
        let documented = events
            .iter()
            .map(|event| format!("`{}`", event.name))
            .collect::<Vec<_>>()
            .join(" or ");
        out.push(
            Diagnostic::at(
                Severity::Error,
                codes::EXAMPLE_WRONG_EVENT,
                at(*offset),
                format!(
                    "the example is of event `{name}`, but it is documented under {documented}"
                ),
            )
            .with_len(marked_len(text, *offset))
            .with_event(&own.name)
            .with_help(format!("write `\"event\": \"{}\"`", own.name)),
        );
    }

    let report = validate_str_as(tables, text, Mode::Strict, &own.name);
    for violation in &report.violations {
        let mut diagnostic = Diagnostic::at(
            Severity::Error,
            code_of(own, violation),
            at(violation.offset),
            violation.message.clone(),
        )
        .with_len(marked_len(text, violation.offset))
        .with_event(&own.name);
        if violation.kind == ViolationKind::BadTimestamp {
            diagnostic = diagnostic.with_help(
                "an event message carries `\"timestamp\": { \"seconds\": …, \"microseconds\": … }`",
            );
        }
        out.push(diagnostic);
    }
}

/// The event a message's text names, with where its name stands, when it names one.
fn event_name(text: &str) -> Option<(String, usize)> {
    #[derive(Deserialize)]
    struct Named<'t> {
        #[serde(borrow)]
        event: Option<&'t RawValue>,
    }
    let raw = serde_json::from_str::<Named<'_>>(text).ok()?.event?;
    let name: String = serde_json::from_str(raw.get()).ok()?;
    // The raw value is a slice of `text`: its place is where it starts.
    let offset = raw.get().as_ptr() as usize - text.as_ptr() as usize;
    Some((name, offset))
}

/// How many characters to mark at byte `offset` of `text`: a string, number or literal whole
/// (serde_json reads it), an object or array by its opening bracket.
fn marked_len(text: &str, offset: usize) -> u32 {
    let Some(rest) = text.get(offset..) else {
        return 1;
    };
    if rest.starts_with(['{', '[']) {
        return 1;
    }
    let mut values = serde_json::Deserializer::from_str(rest).into_iter::<serde::de::IgnoredAny>();
    match values.next() {
        Some(Ok(_)) => rest[..values.byte_offset()].chars().count().max(1) as u32,
        _ => 1,
    }
}

/// The lint code of a violation: `example-` and the violation's id, except data under an event
/// that has none, which has a code of its own.
fn code_of(event: &Event, violation: &Violation) -> &'static str {
    match violation.kind {
        ViolationKind::UndocumentedField
            if violation.path.starts_with("/data/") && event.data.is_none() =>
        {
            codes::DATA_NONE_WITH_EXAMPLE_DATA
        }
        ViolationKind::NotJson | ViolationKind::NotObject => codes::EXAMPLE_NOT_JSON,
        ViolationKind::DuplicateKey => codes::EXAMPLE_DUPLICATE_KEY,
        ViolationKind::TooDeep => codes::EXAMPLE_TOO_DEEP,
        ViolationKind::MissingField => codes::EXAMPLE_MISSING_FIELD,
        ViolationKind::WrongType => codes::EXAMPLE_WRONG_TYPE,
        ViolationKind::OutOfRange => codes::EXAMPLE_OUT_OF_RANGE,
        ViolationKind::UndocumentedValue => codes::EXAMPLE_UNDOCUMENTED_VALUE,
        ViolationKind::UndocumentedField => codes::EXAMPLE_UNDOCUMENTED_FIELD,
        // Examples are judged as their own event, so the walk never asks whether the event is
        // documented.
        ViolationKind::UnknownEvent => codes::EXAMPLE_WRONG_EVENT,
        // A reply or the greeting where an example of the event belongs.
        ViolationKind::NotAnEvent => codes::EXAMPLE_WRONG_EVENT,
        ViolationKind::BadTimestamp => codes::EXAMPLE_BAD_TIMESTAMP,
    }
}

/// How many breaks one example may have before the lint stops repairing it.
const MAX_REPAIRS: usize = 8;

/// The breaks found in an example's text, the text repaired (when every break could be), and
/// the edits that repaired it.
struct Repair {
    /// The breaks, at offsets of the original text.
    breaks: Vec<json_breaks::Break>,
    fixed: Option<String>,
    /// One character inserted (a missing comma) or removed (a trailing comma), at a byte of the
    /// text as it was just before.
    edits: Vec<(usize, bool)>,
}

impl Repair {
    /// The offset in the original text of an offset in the repaired text.
    fn original(&self, mut offset: usize) -> usize {
        for &(at, inserted) in self.edits.iter().rev() {
            if inserted && offset > at {
                offset -= 1;
            } else if !inserted && offset >= at {
                offset += 1;
            }
        }
        offset
    }
}

/// Finds where an example's JSON breaks, one break after another, repairing the mistakes whose
/// fix is certain so that the next one (and the data) can be judged: a missing `,`, a trailing
/// `,`, and characters after the complete message (a stray `}`).
fn repair(text: &str) -> Repair {
    let mut repair = Repair {
        breaks: Vec::new(),
        fixed: None,
        edits: Vec::new(),
    };
    let mut text = text.to_owned();
    while repair.breaks.len() < MAX_REPAIRS {
        let Err(mut broken) = json_breaks::check(&text) else {
            repair.fixed = Some(text);
            return repair;
        };
        let offset = broken.offset;
        broken.offset = repair.original(offset);
        let mistake = broken.mistake;
        repair.breaks.push(broken);
        match mistake {
            Mistake::MissingComma => {
                repair.edits.push((offset, true));
                text.insert(offset, ',');
            }
            Mistake::TrailingComma => {
                repair.edits.push((offset, false));
                text.remove(offset);
            }
            Mistake::TrailingCharacters => text.truncate(offset),
            Mistake::Other => break,
        }
    }
    repair
}
