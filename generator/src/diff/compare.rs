//! Comparing one event in two versions: its data, its members (by dotted path), and with
//! `--docs` its prose.

use serde_json::Value as Json;

use super::classify::{Rule, data_rule};
use super::text::words_differ;
use super::{Change, ChangeKind, Options};
use crate::model::{Data, Event, Field, Span, Text, Type};

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
    for after in new {
        let path = format!("{prefix}{}", after.name);
        match old.iter().find(|before| before.name == after.name) {
            Some(before) => field(event, &path, before, after, options, out),
            None => {
                let mut change = Change::new(ChangeKind::FieldAdded, Rule::FieldAdded, event);
                change.field = Some(path);
                change.new = type_json(after.ty.as_ref());
                change.new_line = Some(after.span.line);
                out.push(change);
            }
        }
    }
    for before in old {
        if !new.iter().any(|after| after.name == before.name) {
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

/// Compares one member present in both versions, then its nested members.
fn field(
    event: &str,
    path: &str,
    old: &Field,
    new: &Field,
    options: Options,
    out: &mut Vec<Change>,
) {
    let at = |kind: ChangeKind, rule: Rule| {
        let mut change = Change::new(kind, rule, event);
        change.field = Some(path.to_owned());
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
    if options.docs {
        let before = field_prose(old);
        let after = field_prose(new);
        if words_differ(&before, &after) {
            let mut change = at(ChangeKind::DescriptionChanged, Rule::Documentation);
            change.old = Some(Json::from(before));
            change.new = Some(Json::from(after));
            out.push(change);
        }
    }
    fields(
        event,
        &format!("{path}."),
        &old.fields,
        &new.fields,
        options,
        out,
    );
}

/// A member's type as a JSON value (its annotation, `json-string`, or the referenced name).
fn type_json(ty: Option<&Type>) -> Option<Json> {
    ty.map(|ty| Json::from(ty.as_str()))
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
    let description = |event: &Event| event.description.clone();
    texts(
        ChangeKind::DescriptionChanged,
        &new.name,
        description(old).as_slice(),
        description(new).as_slice(),
        out,
    );
    let examples = |event: &Event| -> Vec<Text> {
        event
            .examples
            .iter()
            .map(|example| Text {
                span: example.span,
                text: match &example.label {
                    Some(label) => format!("{label}\n{}", example.text),
                    None => example.text.clone(),
                },
            })
            .collect()
    };
    texts(
        ChangeKind::ExampleChanged,
        &new.name,
        &examples(old),
        &examples(new),
        out,
    );
    texts(
        ChangeKind::NoteChanged,
        &new.name,
        &old.notes,
        &new.notes,
        out,
    );
}

/// Compares two lists of texts position by position: a text whose words changed, or one that
/// only one side has, is a change of `kind`.
fn texts(kind: ChangeKind, event: &str, old: &[Text], new: &[Text], out: &mut Vec<Change>) {
    let side = |texts: &[Text], index: usize| -> (Option<Json>, Option<Span>) {
        texts.get(index).map_or((None, None), |text| {
            (Some(Json::from(text.text.as_str())), Some(text.span))
        })
    };
    for index in 0..old.len().max(new.len()) {
        let (before, before_at) = side(old, index);
        let (after, after_at) = side(new, index);
        if let (Some(before), Some(after)) = (&before, &after)
            && !words_differ(
                before.as_str().unwrap_or_default(),
                after.as_str().unwrap_or_default(),
            )
        {
            continue;
        }
        let mut change = Change::new(kind, Rule::Documentation, event);
        change.old = before;
        change.new = after;
        change.old_line = before_at.map(|span| span.line);
        change.new_line = after_at.map(|span| span.line);
        out.push(change);
    }
}
