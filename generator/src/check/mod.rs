//! The lint: `qmpgen check` finds the document's own mistakes.
//!
//! [`check`] runs every rule over a parsed document and returns the findings, the parser's own
//! included, in document order. One module per rule family:
//! [`examples`] judges every example against its own event's documented schema, with the rules of
//! [`message`] (shared, kind for kind and path for path, with the generated validators);
//! [`crate::text::lint`] judges how the document is written (underlines, duplicates, annotations,
//! `Data: None.`, order). [`rules`] lists the codes as the README
//! documents them; [`levels`] applies a run's `--allow`/`--warn`/`--deny` settings to the findings. [`read`] reads a message's text the way
//! the validators do (repeated keys, deep nesting); [`locate`] finds where a member of an example
//! stands in its text, so that findings point at the right line; both walk the text with
//! [`cursor`].

pub mod cursor;
pub mod examples;
pub mod levels;
pub mod locate;
pub mod message;
pub mod read;
pub mod rules;

pub use message::{MAX_DEPTH, message_violations, text_violations};

use crate::diagnostics::Diagnostic;
use crate::text::model::{Event, Spec};

/// Every finding about a document: the parser's diagnostics (`parse_diagnostics`, text it could
/// not fit and the like), the text's own rules ([`crate::text::lint`]) and the examples', sorted
/// by position (stable: equal positions keep the order in which the rules found them).
pub fn check(spec: &Spec, parse_diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = parse_diagnostics.to_vec();
    crate::text::lint::lint(spec, &mut out);
    for events in headings(spec) {
        examples::check_heading(&events, &mut out);
    }
    out.sort_by_key(|diagnostic| diagnostic.span);
    out
}

/// The events grouped by the heading that names them, in document order.
fn headings(spec: &Spec) -> Vec<Vec<&Event>> {
    let mut groups: Vec<Vec<&Event>> = Vec::new();
    for event in &spec.events {
        match groups.last_mut() {
            Some(group) if group[0].heading.span == event.heading.span => group.push(event),
            _ => groups.push(vec![event]),
        }
    }
    groups
}
