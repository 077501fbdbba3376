//! Property tests of `qmpgen::diff` on generated documents (versions nobody has seen), lowered to
//! the schema model as the CLI lowers them: the changes
//! reported are exactly the events, members, types, optionality and values that differ, each
//! classified by the documented rules, and a version diffed with itself is empty.

use std::collections::{BTreeMap, BTreeSet};

use proptest::collection::{btree_map, btree_set};
use proptest::prelude::*;
use qmpgen::diff::{Change, ChangeKind, Options};
use qmpgen::text::lower::lower;
use qmpgen::text::model::{Data, Event, Field, Heading, Span, Spec, Type, Value};

/// The changes between two documents, lowered to the schema model as the CLI lowers them.
fn diff(old: &Spec, new: &Spec, options: Options) -> Vec<Change> {
    qmpgen::diff::diff(&lower(old, "old.txt"), &lower(new, "new.txt"), options)
}

/// A member as generated: type, optional, values, nested members (one level).
#[derive(Debug, Clone)]
struct Member {
    ty: Option<Type>,
    optional: bool,
    values: BTreeSet<&'static str>,
    nested: BTreeMap<&'static str, (Option<Type>, bool)>,
}

type Version = BTreeMap<&'static str, BTreeMap<&'static str, Member>>;

fn ty() -> impl Strategy<Value = Option<Type>> {
    prop_oneof![
        Just(None),
        Just(Some(Type::String)),
        Just(Some(Type::Int)),
        Just(Some(Type::Bool)),
        Just(Some(Type::Named("BlockInfo".to_owned()))),
    ]
}

fn member() -> impl Strategy<Value = Member> {
    (
        prop_oneof![ty(), Just(Some(Type::Object))],
        any::<bool>(),
        btree_set(
            prop_oneof![Just("read"), Just("write"), Just("flush")],
            0..3,
        ),
        btree_map(
            prop_oneof![Just("host"), Just("port")],
            (ty(), any::<bool>()),
            0..3,
        ),
    )
        .prop_map(|(ty, optional, values, nested)| {
            // Only shapes the schema model holds: values are a json-string's (an enum type),
            // nested members a json-object's (an object type).
            let values = if ty == Some(Type::String) {
                values
            } else {
                BTreeSet::new()
            };
            let nested = if ty == Some(Type::Object) {
                nested
            } else {
                BTreeMap::new()
            };
            Member {
                ty,
                optional,
                values,
                nested,
            }
        })
}

fn version() -> impl Strategy<Value = Version> {
    btree_map(
        prop_oneof![
            Just("STOP"),
            Just("RESUME"),
            Just("BLOCK_IO_ERROR"),
            Just("WAKEUP")
        ],
        btree_map(
            prop_oneof![Just("device"), Just("action"), Just("server")],
            member(),
            0..4,
        ),
        0..5,
    )
}

fn field(name: &str, line: u32, ty: Option<Type>, optional: bool) -> Field {
    Field {
        name: name.to_owned(),
        span: Span::new(line, 3),
        ty,
        type_inferred: false,
        annotation: None,
        unknown_words: Vec::new(),
        optional,
        description: format!("the {name}"),
        values: Vec::new(),
        fields: Vec::new(),
    }
}

/// The model of a generated version (lines are made up but distinct).
fn spec(version: &Version) -> Spec {
    let mut line = 1;
    let mut next = || {
        line += 1;
        line
    };
    let events = version
        .iter()
        .map(|(name, members)| {
            let at = Span::new(next(), 1);
            let fields = members
                .iter()
                .map(|(member_name, member)| {
                    let mut top = field(member_name, next(), member.ty.clone(), member.optional);
                    top.values = member
                        .values
                        .iter()
                        .map(|value| Value {
                            name: (*value).to_owned(),
                            span: Span::new(next(), 5),
                            description: None,
                        })
                        .collect();
                    top.fields = member
                        .nested
                        .iter()
                        .map(|(nested, (ty, optional))| {
                            field(nested, next(), ty.clone(), *optional)
                        })
                        .collect();
                    top
                })
                .collect();
            Event {
                name: (*name).to_owned(),
                span: at,
                heading: Heading {
                    span: at,
                    text: (*name).to_owned(),
                    number: None,
                    names: vec![(*name).to_owned()],
                    underline: None,
                },
                description: None,
                data: Data::Fields {
                    span: Span::new(next(), 1),
                    declared_none: None,
                },
                fields,
                examples: Vec::new(),
                notes: Vec::new(),
            }
        })
        .collect();
    Spec {
        title: None,
        preface: Vec::new(),
        events,
    }
}

/// What the diff should report, as (kind, event, field path, breaking, old, new), sorted.
type Expected = BTreeSet<(ChangeKind, String, Option<String>, bool, String, String)>;

/// A type as the JSON text of a change's `old`/`new` for an added or removed member (nothing for
/// an undocumented type).
fn absent_or(ty: &Option<Type>) -> String {
    ty.as_ref()
        .map_or(String::new(), |ty| format!("{:?}", ty.as_str()))
}

fn show(ty: &Option<Type>) -> String {
    ty.as_ref()
        .map_or("null".to_owned(), |ty| format!("{:?}", ty.as_str()))
}

/// The oracle: the changes between two generated versions, worked out from their own maps.
fn expected(old: &Version, new: &Version) -> Expected {
    let mut out = Expected::new();
    let mut push =
        |kind, event: &str, field: Option<String>, breaking, before: String, after: String| {
            out.insert((kind, event.to_owned(), field, breaking, before, after));
        };
    let none = String::new;
    for (event, members) in new {
        let Some(previous) = old.get(event) else {
            push(ChangeKind::EventAdded, event, None, false, none(), none());
            continue;
        };
        for (name, member) in members {
            let path = (*name).to_owned();
            let Some(was) = previous.get(name) else {
                let new_ty = absent_or(&member.ty);
                push(
                    ChangeKind::FieldAdded,
                    event,
                    Some(path),
                    false,
                    none(),
                    new_ty,
                );
                continue;
            };
            compare_member(
                &mut push,
                event,
                &path,
                (&was.ty, was.optional),
                (&member.ty, member.optional),
            );
            for value in member.values.difference(&was.values) {
                push(
                    ChangeKind::ValueAdded,
                    event,
                    Some(path.clone()),
                    false,
                    none(),
                    format!("{value:?}"),
                );
            }
            for value in was.values.difference(&member.values) {
                push(
                    ChangeKind::ValueRemoved,
                    event,
                    Some(path.clone()),
                    true,
                    format!("{value:?}"),
                    none(),
                );
            }
            for (nested, (ty, optional)) in &member.nested {
                let nested_path = format!("{path}.{nested}");
                match was.nested.get(nested) {
                    None => push(
                        ChangeKind::FieldAdded,
                        event,
                        Some(nested_path),
                        false,
                        none(),
                        absent_or(ty),
                    ),
                    Some((was_ty, was_optional)) => compare_member(
                        &mut push,
                        event,
                        &nested_path,
                        (was_ty, *was_optional),
                        (ty, *optional),
                    ),
                }
            }
            for (nested, (ty, optional)) in &was.nested {
                if !member.nested.contains_key(nested) {
                    push(
                        ChangeKind::FieldRemoved,
                        event,
                        Some(format!("{path}.{nested}")),
                        !optional,
                        absent_or(ty),
                        none(),
                    );
                }
            }
        }
        for (name, was) in previous {
            if !members.contains_key(name) {
                let old_ty = absent_or(&was.ty);
                push(
                    ChangeKind::FieldRemoved,
                    event,
                    Some((*name).to_owned()),
                    !was.optional,
                    old_ty,
                    none(),
                );
            }
        }
    }
    for event in old.keys() {
        if !new.contains_key(event) {
            push(ChangeKind::EventRemoved, event, None, true, none(), none());
        }
    }
    out
}

/// The type and optionality rules of one member present in both versions.
fn compare_member(
    push: &mut impl FnMut(ChangeKind, &str, Option<String>, bool, String, String),
    event: &str,
    path: &str,
    (was_ty, was_optional): (&Option<Type>, bool),
    (ty, optional): (&Option<Type>, bool),
) {
    if was_ty != ty {
        // Documenting an undocumented type breaks nothing; anything else does.
        let breaking = was_ty.is_some();
        push(
            ChangeKind::TypeChanged,
            event,
            Some(path.to_owned()),
            breaking,
            show(was_ty),
            show(ty),
        );
    }
    if was_optional != optional {
        let kind = if optional {
            ChangeKind::BecameOptional
        } else {
            ChangeKind::BecameRequired
        };
        push(
            kind,
            event,
            Some(path.to_owned()),
            optional,
            was_optional.to_string(),
            optional.to_string(),
        );
    }
}

fn reported(changes: &[Change]) -> Expected {
    let text = |value: &Option<serde_json::Value>| {
        value
            .as_ref()
            .map_or(String::new(), |value| value.to_string())
    };
    changes
        .iter()
        .map(|change| {
            (
                change.kind,
                change.event.clone(),
                change.field.clone(),
                change.breaking,
                text(&change.old),
                text(&change.new),
            )
        })
        .collect()
}

proptest! {
    #[test]
    fn reports_exactly_what_differs(old in version(), new in version()) {
        let changes = diff(&spec(&old), &spec(&new), Options { docs: true });
        // No change is reported twice.
        prop_assert_eq!(reported(&changes).len(), changes.len());
        prop_assert_eq!(reported(&changes), expected(&old, &new));
    }

    #[test]
    fn a_version_diffed_with_itself_is_empty(version in version()) {
        let spec = spec(&version);
        let changes = diff(&spec, &spec, Options { docs: true });
        prop_assert!(changes.is_empty(), "{:?}", changes);
    }
}
