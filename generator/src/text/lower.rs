//! The text document lowered into the shared schema model, where the text's own shapes become
//! the model's: a heading naming several events gives events that share one data type, a
//! json-object with members an object type, a list of values an enum type, an annotation that
//! names no type [`TypeRef::Unknown`] with the reason. "First documentation wins" is applied
//! here, once: an event, a member or a value documented again is the first one.
//!
//! Types made from shapes are named by where they are used (`BlockIoErrorAction`: event
//! `BLOCK_IO_ERROR`, member `action`), the way the bindings name them. Each nested object and
//! each list of values the document writes is a type of its own, with its own words and places,
//! even where another member has the same shape: the document describes each one, and a diff must
//! see a change to either (the bindings share one Rust type per shape: that is codegen's choice).
//! An event's own data object is `q_obj_EVENT-arg`, as QAPI names it.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{
    Builtin, Doc, EnumType, EnumValue, Event, Example, Format, Member, NamedType, ObjectType,
    Schema, Section, Source, Span, Text, TypeKind, TypeRef, Unknown,
};
use crate::names::RESERVED;
use crate::names::{Case, Namespace, camel_case};
use crate::text::model as text;

/// `spec`, read from `file`, in the shared model.
pub fn lower(spec: &text::Spec, file: &str) -> Schema {
    let mut lowering = Lowering::default();
    lowering.names.reserve(RESERVED.iter().copied());
    // Events claim their names first, so that a type made from a shape never takes the name
    // the bindings give an event.
    let mut owners: BTreeMap<&str, String> = BTreeMap::new();
    for event in &spec.events {
        if !owners.contains_key(event.name.as_str()) {
            let owner = lowering.names.claim(&camel_case(&event.name), Case::Camel);
            owners.insert(&event.name, owner);
        }
    }
    let mut events = Vec::new();
    let mut lowered = BTreeSet::new();
    for heading in spec.headings() {
        // The events of one heading share its data; an event documented again is its first
        // documentation.
        let new: Vec<&text::Event> = heading
            .iter()
            .filter(|event| lowered.insert(event.name.as_str()))
            .collect();
        let Some(first) = new.first() else {
            continue;
        };
        let data = lowering.data(first, &owners[first.name.as_str()]);
        events.extend(new.into_iter().map(|event| Event {
            name: event.name.clone(),
            span: span(event.span),
            data: data.clone(),
            data_span: event.data.span().map(span),
            doc: doc(event),
            since: None,
            features: Vec::new(),
            condition: None,
        }));
    }
    Schema {
        source: Source {
            format: Format::Text,
            files: vec![file.to_owned()],
            title: spec.title.as_ref().map(|title| title.text.clone()),
            qemu: None,
        },
        events,
        types: lowering.types,
    }
}

/// The model's span of a place in the (only) file.
pub fn span(span: text::Span) -> Span {
    Span::new(span.line, span.column)
}

fn model_text(text: &text::Text) -> Text {
    Text {
        span: span(text.span),
        text: text.text.clone(),
    }
}

/// An event's documentation: its description, notes and examples, and a `Data` section with
/// the words of data the document describes in a sentence (a reference or prose) rather than
/// members.
fn doc(event: &text::Event) -> Doc {
    let sections = match &event.data {
        text::Data::Reference { span: at, text, .. } | text::Data::Prose { span: at, text } => {
            vec![Section {
                name: "Data".to_owned(),
                text: Text {
                    span: span(*at),
                    text: text.clone(),
                },
            }]
        }
        _ => Vec::new(),
    };
    Doc {
        description: event.description.as_ref().map(model_text),
        notes: event.notes.iter().map(model_text).collect(),
        examples: event.examples.iter().map(example).collect(),
        sections,
    }
}

/// An example: its first line starts where the example does (the span stands after any white
/// space the text keeps before it), later lines are whole lines.
fn example(example: &text::Example) -> Example {
    let leading = example
        .text
        .chars()
        .take_while(|c| *c != '\n' && c.is_whitespace())
        .count() as u32;
    let first = Span::new(
        example.span.line,
        example.span.column.saturating_sub(leading).max(1),
    );
    let lines = example
        .text
        .split('\n')
        .enumerate()
        .map(|(at, _)| match at {
            0 => first,
            _ => Span::new(first.line + at as u32, 1),
        })
        .collect();
    Example {
        label: example.label.clone(),
        text: example.text.clone(),
        lines,
    }
}

/// The types made so far, and what names them.
#[derive(Default)]
struct Lowering {
    names: Namespace,
    types: BTreeMap<String, NamedType>,
}

impl Lowering {
    /// What an event's data is; its members' types are named after `owner`.
    fn data(&mut self, event: &text::Event, owner: &str) -> Option<TypeRef> {
        Some(match &event.data {
            text::Data::None { .. } => return None,
            text::Data::Unspecified => TypeRef::Unknown(Unknown::Undocumented),
            text::Data::Reference { type_name, .. } => TypeRef::Unknown(Unknown::Elsewhere {
                name: type_name.clone(),
            }),
            text::Data::Prose { text, .. } => {
                TypeRef::Unknown(Unknown::Prose { text: text.clone() })
            }
            text::Data::Fields { span: at, .. } => {
                let members = self.members(&event.fields, owner);
                let name = format!("q_obj_{}-arg", event.name);
                let object = NamedType::implicit_object(name.clone(), span(*at), members);
                self.types.insert(name.clone(), object);
                TypeRef::Named(name)
            }
        })
    }

    /// The members of an object whose types are named after `owner`, each name once.
    fn members(&mut self, fields: &[text::Field], owner: &str) -> Vec<Member> {
        let mut seen = BTreeSet::new();
        fields
            .iter()
            .filter(|field| seen.insert(field.name.as_str()))
            .map(|field| Member {
                name: field.name.clone(),
                span: span(field.span),
                ty: self.ty(field, owner),
                optional: field.optional,
                doc: field_doc(field),
                since: None,
                features: Vec::new(),
                condition: None,
            })
            .collect()
    }

    fn ty(&mut self, field: &text::Field, owner: &str) -> TypeRef {
        match &field.ty {
            Some(text::Type::String) if !field.values.is_empty() => {
                TypeRef::Named(self.enum_type(field, owner))
            }
            Some(text::Type::String) => TypeRef::Builtin(Builtin::Str),
            // A json-int states no width: it stands for QAPI's `int` and every sized integer
            // (QEMU's QAPI schema types the same members `int`, `uint64`, `size`…), so it is
            // `any-int`, as an introspection's `int` is.
            Some(text::Type::Int) => TypeRef::Builtin(Builtin::AnyInt),
            Some(text::Type::Bool) => TypeRef::Builtin(Builtin::Bool),
            Some(text::Type::Number) => TypeRef::Builtin(Builtin::Number),
            Some(text::Type::Object) if !field.fields.is_empty() => {
                TypeRef::Named(self.object_type(field, owner))
            }
            Some(text::Type::Object) => TypeRef::Unknown(Unknown::Members),
            Some(text::Type::Named(name)) => {
                TypeRef::Unknown(Unknown::Elsewhere { name: name.clone() })
            }
            None => TypeRef::Unknown(match field.unknown_type() {
                Some(word) => Unknown::Annotation {
                    word: word.text.clone(),
                },
                None => Unknown::Unannotated,
            }),
        }
    }

    /// The enum type of a member's values, named after the member.
    fn enum_type(&mut self, field: &text::Field, owner: &str) -> String {
        let mut seen = BTreeSet::new();
        let values: Vec<&text::Value> = field
            .values
            .iter()
            .filter(|value| seen.insert(value.name.as_str()))
            .collect();
        let name = self
            .names
            .claim(&format!("{owner}{}", camel_case(&field.name)), Case::Camel);
        let values = values
            .into_iter()
            .map(|value| EnumValue {
                name: value.name.clone(),
                span: span(value.span),
                doc: value.description.as_ref().map(|words| Text {
                    span: span(value.span),
                    text: words.clone(),
                }),
                since: None,
                features: Vec::new(),
                condition: None,
            })
            .collect();
        let at = span(field.values.first().map_or(field.span, |value| value.span));
        self.define(name.clone(), at, field, TypeKind::Enum(EnumType { values }));
        name
    }

    /// The object type of a json-object member, named after the member.
    fn object_type(&mut self, field: &text::Field, owner: &str) -> String {
        let name = self
            .names
            .claim(&format!("{owner}{}", camel_case(&field.name)), Case::Camel);
        let members = self.members(&field.fields, &name);
        self.define(
            name.clone(),
            span(field.span),
            field,
            TypeKind::Object(ObjectType {
                base: None,
                members,
            }),
        );
        name
    }

    /// Defines a type made for `field`'s shape: the member's words document it.
    fn define(&mut self, name: String, span: Span, field: &text::Field, kind: TypeKind) {
        self.types.insert(
            name.clone(),
            NamedType {
                name,
                span,
                kind,
                doc: Doc {
                    description: field_doc(field),
                    ..Doc::default()
                },
                since: None,
                features: Vec::new(),
                condition: None,
                implicit: true,
            },
        );
    }
}

/// A member's description, when it has one.
fn field_doc(field: &text::Field) -> Option<Text> {
    (!field.description.is_empty()).then(|| Text {
        span: span(field.span),
        text: field.description.clone(),
    })
}
