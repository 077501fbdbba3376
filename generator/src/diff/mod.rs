//! Schema-level diffing: what changed between two versions of a description of QEMU's events
//! (two [`Schema`]s, whatever their formats), and whether it breaks a client.
//!
//! Events are matched by name (events a text heading names together are separate events of the
//! model, so `SPICE_CONNECTED` and `SPICE_DISCONNECTED` are compared separately), members by
//! their dotted path (`server.auth`) through [`Schema::object_members`], so that nested object
//! types are compared by structure, not by the names front ends make up (a union's branches by
//! the discriminator's value, their members under `member[value].`); enumerated values by
//! name, examples and notes by position. Prose is compared by its words, so re-wrapping is not a
//! change. [`classify`] decides what breaks.
//!
//! ```
//! use qmpgen::diff::{ChangeKind, Options, diff};
//! use qmpgen::text::{lower::lower, parse::parse};
//! let old = lower(&parse("STOP\n----\n\nData: None.\n").spec, "old.txt");
//! let new = lower(&parse("STOP\n----\n\nData: None.\n\nRESUME\n------\n\nData: None.\n").spec, "new.txt");
//! let changes = diff(&old, &new, Options::default());
//! assert_eq!(changes.len(), 1);
//! assert_eq!(changes[0].kind, ChangeKind::EventAdded);
//! assert_eq!(changes[0].event, "RESUME");
//! assert!(!changes[0].breaking);
//! ```

pub mod classify;
mod compare;
mod resolve;
pub mod text;

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value as Json;

use crate::model::{Event, Schema, Span};
use classify::Rule;
use compare::Side;
pub(crate) use compare::{members_of, object_name};

/// The kinds of change, with the stable ids of the JSON contract (`event-added`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// An event the old document does not have.
    EventAdded,
    /// An event the new document does not have.
    EventRemoved,
    /// A member the old document does not have.
    FieldAdded,
    /// A member the new document does not have.
    FieldRemoved,
    /// A member's JSON type changed (or, without a field, the type the event's data refers to).
    TypeChanged,
    /// A member's integer type holds another range of integers (both widths stated: a
    /// description that does not state one, such as a QEMU's introspection, changes no range).
    RangeChanged,
    /// A required member became optional.
    BecameOptional,
    /// An optional member became required.
    BecameRequired,
    /// An enumerated value the old document does not have.
    ValueAdded,
    /// An enumerated value the new document does not have.
    ValueRemoved,
    /// The shape of the event's data changed (none, fields, reference, prose, unspecified), or
    /// the prose that describes it.
    DataChanged,
    /// The description of an event or a member changed (with [`Options::docs`]).
    DescriptionChanged,
    /// An example changed, appeared or went away (with [`Options::docs`]).
    ExampleChanged,
    /// A note changed, appeared or went away (with [`Options::docs`]).
    NoteChanged,
}

impl ChangeKind {
    /// Every kind, in the order of the JSON contract.
    pub const ALL: [ChangeKind; 14] = [
        ChangeKind::EventAdded,
        ChangeKind::EventRemoved,
        ChangeKind::FieldAdded,
        ChangeKind::FieldRemoved,
        ChangeKind::TypeChanged,
        ChangeKind::RangeChanged,
        ChangeKind::BecameOptional,
        ChangeKind::BecameRequired,
        ChangeKind::ValueAdded,
        ChangeKind::ValueRemoved,
        ChangeKind::DataChanged,
        ChangeKind::DescriptionChanged,
        ChangeKind::ExampleChanged,
        ChangeKind::NoteChanged,
    ];

    /// The stable id (`event-added`).
    pub fn id(self) -> &'static str {
        match self {
            ChangeKind::EventAdded => "event-added",
            ChangeKind::EventRemoved => "event-removed",
            ChangeKind::FieldAdded => "field-added",
            ChangeKind::FieldRemoved => "field-removed",
            ChangeKind::TypeChanged => "type-changed",
            ChangeKind::RangeChanged => "range-changed",
            ChangeKind::BecameOptional => "became-optional",
            ChangeKind::BecameRequired => "became-required",
            ChangeKind::ValueAdded => "value-added",
            ChangeKind::ValueRemoved => "value-removed",
            ChangeKind::DataChanged => "data-changed",
            ChangeKind::DescriptionChanged => "description-changed",
            ChangeKind::ExampleChanged => "example-changed",
            ChangeKind::NoteChanged => "note-changed",
        }
    }

    /// Whether the kind is about documentation, reported only with [`Options::docs`].
    pub fn is_docs(self) -> bool {
        matches!(
            self,
            ChangeKind::DescriptionChanged | ChangeKind::ExampleChanged | ChangeKind::NoteChanged
        )
    }
}

impl std::fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// What to compare.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Also compare descriptions, examples and notes.
    pub docs: bool,
}

/// One difference between two versions of the document. Its JSON form is a contract
/// (`qmpgen diff --format json`, see the README).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// What changed.
    pub kind: ChangeKind,
    /// The event it changed in.
    pub event: String,
    /// The member's dotted path (`server.auth`); `None` for changes of the event itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Whether a client written against the old document can break.
    pub breaking: bool,
    /// Why (or why not), in one line.
    pub reason: &'static str,
    /// The old value (a type name, a bool, a value name, a shape, a text), when one applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Json>,
    /// The new value, when one applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Json>,
    /// The line in the old document, when the old document has the thing that changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_line: Option<u32>,
    /// The line in the new document, when the new document has the thing that changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_line: Option<u32>,
    /// The file of `old_line`, when the old description spans several files (a QAPI schema).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_file: Option<String>,
    /// The file of `new_line`, when the new description spans several files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_file: Option<String>,
    /// Where the thing stands in each description (its file an index until [`diff`] names it).
    #[serde(skip)]
    places: (Option<Span>, Option<Span>),
}

impl Change {
    /// A change of `kind` in `event`, classified by `rule`, with nothing else known yet.
    pub(crate) fn new(kind: ChangeKind, rule: Rule, event: &str) -> Change {
        debug_assert!(
            rule.kinds().contains(&kind),
            "{rule:?} does not judge {kind:?}"
        );
        let verdict = rule.verdict();
        Change {
            kind,
            event: event.to_owned(),
            field: None,
            breaking: verdict.breaking,
            reason: verdict.reason,
            old: None,
            new: None,
            old_line: None,
            new_line: None,
            old_file: None,
            new_file: None,
            places: (None, None),
        }
    }

    /// Where the thing stands in the old description (`None`: not there).
    pub(crate) fn at_old(&mut self, span: Option<Span>) {
        self.old_line = span.map(|span| span.line);
        self.places.0 = span;
    }

    /// Where the thing stands in the new description (`None`: not there).
    pub(crate) fn at_new(&mut self, span: Option<Span>) {
        self.new_line = span.map(|span| span.line);
        self.places.1 = span;
    }

    /// Names the files of its places, for descriptions that span several.
    fn name_files(&mut self, old: &Schema, new: &Schema) {
        let file = |schema: &Schema, span: Option<Span>| {
            span.filter(|_| schema.source.files.len() > 1)
                .map(|span| schema.file(span).to_owned())
        };
        self.old_file = file(old, self.places.0);
        self.new_file = file(new, self.places.1);
    }

    /// The change's old value, when it is a string (a type name, a value name, a text).
    pub fn old_str(&self) -> Option<&str> {
        self.old.as_ref().and_then(Json::as_str)
    }

    /// The change's new value, when it is a string.
    pub fn new_str(&self) -> Option<&str> {
        self.new.as_ref().and_then(Json::as_str)
    }

    /// Whether the change's values are prose, best shown as a word diff: a description, an
    /// example or a note, or the reworded prose that describes an event's data (shape names never
    /// hold white space, prose does).
    pub fn is_prose(&self) -> bool {
        let worded =
            |value: Option<&str>| value.is_some_and(|text| text.contains(char::is_whitespace));
        self.kind.is_docs()
            || (self.kind == ChangeKind::DataChanged
                && worded(self.old_str())
                && worded(self.new_str()))
    }
}

/// The changes from `old` to `new`: event by event in the new schema's order, then the removed
/// events in the old schema's order; within an event, the data, then the members in order, then
/// (with [`Options::docs`]) descriptions, examples and notes.
pub fn diff(old: &Schema, new: &Schema, options: Options) -> Vec<Change> {
    // A type one side names as documented elsewhere is the other side's type of that name.
    let (old, new) = (resolve::resolve(old, new), resolve::resolve(new, old));
    let (old, new) = (old.as_ref(), new.as_ref());
    let (before, after) = (by_name(old), by_name(new));
    let (old_owners, new_owners) = (compare::owners(old), compare::owners(new));
    let mut changes = Vec::new();
    for event in &new.events {
        match before.get(event.name.as_str()) {
            Some(previous) => compare::event(
                (
                    Side {
                        schema: old,
                        item: *previous,
                    },
                    &old_owners,
                ),
                (
                    Side {
                        schema: new,
                        item: event,
                    },
                    &new_owners,
                ),
                options,
                &mut changes,
            ),
            None => {
                let mut change = Change::new(ChangeKind::EventAdded, Rule::EventAdded, &event.name);
                change.at_new(Some(event.span));
                changes.push(change);
            }
        }
    }
    for event in &old.events {
        if !after.contains_key(event.name.as_str()) {
            let mut change = Change::new(ChangeKind::EventRemoved, Rule::EventRemoved, &event.name);
            change.at_old(Some(event.span));
            changes.push(change);
        }
    }
    for change in &mut changes {
        change.name_files(old, new);
    }
    changes
}

/// A schema's events by name (each name is one event).
fn by_name(schema: &Schema) -> HashMap<&str, &Event> {
    schema
        .events
        .iter()
        .map(|event| (event.name.as_str(), event))
        .collect()
}

/// How many of `changes` are breaking.
pub fn count_breaking(changes: &[Change]) -> usize {
    changes.iter().filter(|change| change.breaking).count()
}
