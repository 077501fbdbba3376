//! Comparing one event in two versions: its data, its members (by dotted path), and with
//! `--docs` its prose.

use std::collections::HashMap;

use serde_json::Value as Json;

use super::classify::{Rule, data_rule};
use super::text::words_differ;
use super::{Change, ChangeKind, Options};
use crate::text::model::{Data, Event, Field, Span, Text, Type};

/// Appends the changes of one event present in both versions.
pub(super) fn event(old: &Event, new: &Event, options: Options, out: &mut Vec<Change>) {
    let at = Lines {
        old: old.span.line,
        new: new.span.line,
    };
    data(old, new, at, out);
    // Shapes other than `fields` list no members, so a change to or from `fields` also reports
    // the members that appeared or went away: they are what a client gains or loses.
    fields(&new.name, "", &old.fields, &new.fields, options, out);
    if options.docs {
        docs(old, new, out);
    }
}

/// The event's own lines in both documents, for changes of things that have no line of their
/// own (an undocumented data shape).
#[derive(Debug, Clone, Copy)]
struct Lines {
    old: u32,
    new: u32,
}

/// The change of the event's data, if any: its shape, the type it refers to, or its prose.
fn data(old: &Event, new: &Event, at: Lines, out: &mut Vec<Change>) {
    let line = |data: &Data, fallback: u32| data.span().map_or(fallback, |span| span.line);
    let mut change = match (&old.data, &new.data) {
        (
            Data::Reference {
                type_name: before, ..
            },
            Data::Reference {
                type_name: after, ..
            },
        ) => {
            if before == after {
                return;
            }
            let mut change = Change::new(ChangeKind::TypeChanged, Rule::TypeChanged, &new.name);
            change.old = Some(Json::from(before.as_str()));
            change.new = Some(Json::from(after.as_str()));
            change
        }
        (Data::Prose { text: before, .. }, Data::Prose { text: after, .. }) => {
            if !words_differ(before, after) {
                return;
            }
            let mut change = Change::new(
                ChangeKind::DataChanged,
                data_rule("prose", "prose"),
                &new.name,
            );
            change.old = Some(Json::from(before.as_str()));
            change.new = Some(Json::from(after.as_str()));
            change
        }
        (before, after) => {
            if before.kind() == after.kind() {
                return;
            }
            let mut change = Change::new(
                ChangeKind::DataChanged,
                data_rule(before.kind(), after.kind()),
                &new.name,
            );
            change.old = Some(Json::from(before.kind()));
            change.new = Some(Json::from(after.kind()));
            change
        }
    };
    change.old_line = Some(line(&old.data, at.old));
    change.new_line = Some(line(&new.data, at.new));
    out.push(change);
}

/// Compares two lists of members at `prefix` (`""` at the top, `server.` below `server`).
fn fields(
    event: &str,
    prefix: &str,
    old: &[Field],
    new: &[Field],
    options: Options,
    out: &mut Vec<Change>,
) {
    // A name a list repeats (a slip the lint reports) pairs up by occurrence: the second
    // `a` of the new list with the second `a` of the old one.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for after in new {
        let occurrence = seen.entry(after.name.as_str()).or_default();
        let before = old
            .iter()
            .filter(|before| before.name == after.name)
            .nth(*occurrence);
        *occurrence += 1;
        match before {
            Some(before) => field(event, prefix, before, after, options, out),
            None => {
                let mut change = Change::new(ChangeKind::FieldAdded, Rule::FieldAdded, event);
                change.field = Some(format!("{prefix}{}", after.name));
                change.new = type_json(after.ty.as_ref());
                change.new_line = Some(after.span.line);
                out.push(change);
            }
        }
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for before in old {
        let occurrence = seen.entry(before.name.as_str()).or_default();
        *occurrence += 1;
        if new.iter().filter(|after| after.name == before.name).count() < *occurrence {
            let rule = if before.optional {
                Rule::OptionalFieldRemoved
            } else {
                Rule::RequiredFieldRemoved
            };
            let mut change = Change::new(ChangeKind::FieldRemoved, rule, event);
            change.field = Some(format!("{prefix}{}", before.name));
            change.old = type_json(before.ty.as_ref());
            change.old_line = Some(before.span.line);
            out.push(change);
        }
    }
}

/// Compares one member present in both versions (under `prefix`), then its nested members.
fn field(
    event: &str,
    prefix: &str,
    old: &Field,
    new: &Field,
    options: Options,
    out: &mut Vec<Change>,
) {
    // The path is spelled out only for a change or for nested members: most members match.
    let path = || format!("{prefix}{}", new.name);
    let at = |kind: ChangeKind, rule: Rule| {
        let mut change = Change::new(kind, rule, event);
        change.field = Some(path());
        change.old_line = Some(old.span.line);
        change.new_line = Some(new.span.line);
        change
    };
    if old.ty != new.ty {
        let rule = match (&old.ty, &new.ty) {
            (None, _) => Rule::TypeDocumented,
            (_, None) => Rule::TypeUndocumented,
            _ => Rule::TypeChanged,
        };
        let mut change = at(ChangeKind::TypeChanged, rule);
        change.old = Some(type_json(old.ty.as_ref()).unwrap_or(Json::Null));
        change.new = Some(type_json(new.ty.as_ref()).unwrap_or(Json::Null));
        out.push(change);
    }
    if old.optional != new.optional {
        let (kind, rule) = if new.optional {
            (ChangeKind::BecameOptional, Rule::BecameOptional)
        } else {
            (ChangeKind::BecameRequired, Rule::BecameRequired)
        };
        let mut change = at(kind, rule);
        change.old = Some(Json::Bool(old.optional));
        change.new = Some(Json::Bool(new.optional));
        out.push(change);
    }
    for value in &new.values {
        if !old.values.iter().any(|before| before.name == value.name) {
            let mut change = at(ChangeKind::ValueAdded, Rule::ValueAdded);
            change.old_line = None;
            change.new = Some(Json::from(value.name.as_str()));
            change.new_line = Some(value.span.line);
            out.push(change);
        }
    }
    for value in &old.values {
        if !new.values.iter().any(|after| after.name == value.name) {
            let mut change = at(ChangeKind::ValueRemoved, Rule::ValueRemoved);
            change.new_line = None;
            change.old = Some(Json::from(value.name.as_str()));
            change.old_line = Some(value.span.line);
            out.push(change);
        }
    }
    if options.docs && field_prose_differs(old, new) {
        let mut change = at(ChangeKind::DescriptionChanged, Rule::Documentation);
        change.old = Some(Json::from(field_prose(old)));
        change.new = Some(Json::from(field_prose(new)));
        out.push(change);
    }
    if !old.fields.is_empty() || !new.fields.is_empty() {
        fields(
            event,
            &format!("{}.", path()),
            &old.fields,
            &new.fields,
            options,
            out,
        );
    }
}

/// A member's type as a JSON value (its annotation, `json-string`, or the referenced name).
fn type_json(ty: Option<&Type>) -> Option<Json> {
    ty.map(|ty| Json::from(ty.as_str()))
}

/// Whether a member's documentation (see [`field_prose`]) changed in its words; compared in
/// place, since most members do not change.
fn field_prose_differs(old: &Field, new: &Field) -> bool {
    let (before, after) = (described(old), described(new));
    words_differ(&old.description, &new.description)
        || before.len() != after.len()
        || before
            .iter()
            .zip(&after)
            .any(|((name, text), (other, changed))| name != other || words_differ(text, changed))
}

/// A member's enumerated values that say what they mean, as (name, meaning).
fn described(field: &Field) -> Vec<(&str, &str)> {
    field
        .values
        .iter()
        .filter_map(|value| Some((value.name.as_str(), value.description.as_deref()?)))
        .collect()
}

/// A member's documentation: its description, then each enumerated value with what it means,
/// so that a fix in a value's description shows as a change of the member's description.
fn field_prose(field: &Field) -> String {
    let mut prose = field.description.clone();
    for value in &field.values {
        if let Some(description) = &value.description {
            prose.push_str(&format!("\n\"{}\": {description}", value.name));
        }
    }
    prose
}

/// The event's description, examples and notes.
fn docs(old: &Event, new: &Event, out: &mut Vec<Change>) {
    let event = new.name.as_str();
    let (before, after) = (description(old), description(new));
    texts(ChangeKind::DescriptionChanged, event, &before, &after, out);
    let (before, after) = (examples(old), examples(new));
    texts(ChangeKind::ExampleChanged, event, &before, &after, out);
    let (before, after) = (notes(old), notes(new));
    texts(ChangeKind::NoteChanged, event, &before, &after, out);
}

fn description(event: &Event) -> Vec<Prose<'_>> {
    event.description.iter().map(Prose::from_text).collect()
}

fn examples(event: &Event) -> Vec<Prose<'_>> {
    event
        .examples
        .iter()
        .map(|example| Prose {
            span: example.span,
            label: example.label.as_deref(),
            text: &example.text,
        })
        .collect()
}

fn notes(event: &Event) -> Vec<Prose<'_>> {
    event.notes.iter().map(Prose::from_text).collect()
}

/// A piece of prose borrowed from the model: a text, or an example with its label.
struct Prose<'a> {
    span: Span,
    label: Option<&'a str>,
    text: &'a str,
}

impl<'a> Prose<'a> {
    fn from_text(text: &'a Text) -> Self {
        Prose {
            span: text.span,
            label: None,
            text: &text.text,
        }
    }

    /// Whether two pieces differ in their words (label included).
    fn differs(&self, other: &Prose<'_>) -> bool {
        words_differ(
            self.label.unwrap_or_default(),
            other.label.unwrap_or_default(),
        ) || words_differ(self.text, other.text)
    }

    /// The text as reported: the label, if any, on a line before it.
    fn to_json(&self) -> Json {
        Json::from(match self.label {
            Some(label) => format!("{label}\n{}", self.text),
            None => self.text.to_owned(),
        })
    }
}

/// Compares two lists of prose position by position: a piece whose words changed, or one that
/// only one side has, is a change of `kind`.
fn texts(
    kind: ChangeKind,
    event: &str,
    old: &[Prose<'_>],
    new: &[Prose<'_>],
    out: &mut Vec<Change>,
) {
    for index in 0..old.len().max(new.len()) {
        let (before, after) = (old.get(index), new.get(index));
        if let (Some(before), Some(after)) = (before, after)
            && !before.differs(after)
        {
            continue;
        }
        let mut change = Change::new(kind, Rule::Documentation, event);
        change.old = before.map(Prose::to_json);
        change.new = after.map(Prose::to_json);
        change.old_line = before.map(|prose| prose.span.line);
        change.new_line = after.map(|prose| prose.span.line);
        out.push(change);
    }
}
