//! A QAPI schema lowered into the shared model: its events, in schema order, and every type they
//! reach (through members, bases, union variants, alternatives and arrays), and no other.
//!
//! QAPI's own shapes become the model's the way QEMU's generator sees them on the wire: an
//! event's inline `data` is the implicit object `q_obj_EVENT-arg`, a union's inline base
//! `q_obj_UNION-base`; an old simple union (no discriminator) is a union over QEMU's implicit
//! discriminator `type`, of the implicit enum `UNIONKind`, whose every branch is the wrapper
//! object `q_obj_TYPE-wrapper` holding `data`; a union of QEMU 2.1-2.3 with `'discriminator': {}`
//! is an alternate. A name that names no type lowers to [`Unknown::Elsewhere`] (an error the
//! semantic checks report); what is defined twice is its first definition.

mod attributes;
mod definitions;
mod docs;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::model::{
    Builtin, Doc, EnumType, EnumValue, Event, Format, Member, NamedType, ObjectType, Schema,
    Source, Span, TypeKind, TypeRef, Unknown,
};
use crate::qapi::ast::{Expression, Item, Program, Value, ValueKind};

use crate::qapi::doc::QapiDoc;
use attributes::{condition_of, features_of};
use docs::Docs;

/// The schema `program` holds, in the shared model.
pub fn lower(program: &Program) -> Schema {
    let docs = Docs::read(program);
    let mut lowering = Lowering::new(program, &docs);
    let mut events = Vec::new();
    let mut named = BTreeSet::new();
    for expression in expressions(program) {
        let Some(name) = expression.get("event") else {
            continue;
        };
        let Some(text) = name.as_str() else {
            continue;
        };
        if named.insert(text) {
            events.push(lowering.event(expression, text, name.span));
        }
    }
    lowering.reach_all();
    Schema {
        source: Source {
            format: Format::Qapi,
            files: program.files.iter().map(|file| file.name.clone()).collect(),
            title: None,
            qemu: None,
        },
        events,
        types: lowering.types,
    }
}

/// Every top-level expression of the schema, in reading order.
fn expressions(program: &Program) -> impl Iterator<Item = &Expression> {
    program.items.iter().filter_map(|item| match item {
        Item::Expression(expression) => Some(expression),
        Item::FreeDoc(_) => None,
    })
}

/// What kind of type a definition defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meta {
    /// `struct` (`type` in QEMU 2.1 and 2.2).
    Struct,
    Enum,
    Union,
    Alternate,
}

/// A type definition of the schema.
#[derive(Clone, Copy)]
struct Definition<'p> {
    meta: Meta,
    /// The whole expression.
    expression: &'p Expression,
    /// Where its name stands.
    span: Span,
}

/// The type definitions of `program`, by name (the first of a name).
fn definitions(program: &Program) -> HashMap<&str, Definition<'_>> {
    let mut found = HashMap::new();
    for expression in expressions(program) {
        let Some((meta, name)) = expression.members().iter().find_map(|(key, value)| {
            let meta = match key.name.as_str() {
                "struct" | "type" => Meta::Struct,
                "enum" => Meta::Enum,
                "union" => Meta::Union,
                "alternate" => Meta::Alternate,
                _ => return None,
            };
            Some((meta, value))
        }) else {
            continue;
        };
        if let Some(text) = name.as_str() {
            found.entry(text).or_insert(Definition {
                meta,
                expression,
                span: name.span,
            });
        }
    }
    found
}

/// QAPI's predefined enum of JSON types (`QType`), which schemas name without defining it.
const QTYPE: (&str, [&str; 7]) = (
    "QType",
    [
        "none", "qnull", "qnum", "qstring", "qdict", "qlist", "qbool",
    ],
);

/// The lowering of one schema: its definitions, the types lowered so far and those reached but
/// not yet lowered (a work list, not recursion, so that no chain of types is too deep).
struct Lowering<'p> {
    definitions: HashMap<&'p str, Definition<'p>>,
    docs: &'p Docs,
    types: BTreeMap<String, NamedType>,
    reached: BTreeSet<&'p str>,
    pending: Vec<&'p str>,
}

impl<'p> Lowering<'p> {
    fn new(program: &'p Program, docs: &'p Docs) -> Self {
        Lowering {
            definitions: definitions(program),
            docs,
            types: BTreeMap::new(),
            reached: BTreeSet::new(),
            pending: Vec::new(),
        }
    }

    /// Lowers every type reached so far, and those they reach.
    fn reach_all(&mut self) {
        while let Some(name) = self.pending.pop() {
            let definition = self.definitions[name];
            let named = self.definition(name, definition);
            self.types.insert(name.to_owned(), named);
        }
    }

    /// One event: its data is `None` without members, an implicit object for inline members, or
    /// the type it names (`boxed` or not: that type's members are the data either way).
    fn event(&mut self, expression: &'p Expression, name: &str, span: Span) -> Event {
        let doc = self.docs.of(expression);
        let data = expression.get("data");
        let ty = data.and_then(|data| match &data.kind {
            ValueKind::Object(members) if members.is_empty() => None,
            ValueKind::Object(_) => {
                Some(self.implicit_object(format!("q_obj_{name}-arg"), data.span, data, doc))
            }
            _ => Some(self.type_ref(data)),
        });
        Event {
            name: name.to_owned(),
            span,
            data: ty,
            data_span: data.map(|data| data.span),
            doc: docs::doc(doc),
            since: doc.and_then(QapiDoc::since),
            features: docs::features(features_of(&expression.value), doc),
            condition: condition_of(&expression.value),
        }
    }

    /// The type a member, an array or an alternative names: a built-in, `['TYPE']`, a type of
    /// the schema (reached: it will be lowered), or a name the schema does not define.
    fn type_ref(&mut self, value: &'p Value) -> TypeRef {
        match &value.kind {
            ValueKind::Str(name) => self.named(name),
            ValueKind::Array(elements) => match elements.as_slice() {
                [element] => TypeRef::Array(Box::new(self.type_ref(element))),
                _ => TypeRef::Unknown(Unknown::Unannotated),
            },
            _ => TypeRef::Unknown(Unknown::Unannotated),
        }
    }

    /// The type called `name`.
    fn named(&mut self, name: &'p str) -> TypeRef {
        if let Some(builtin) = Builtin::from_name(name) {
            return TypeRef::Builtin(builtin);
        }
        if self.reach(name) {
            return TypeRef::Named(name.to_owned());
        }
        if name == QTYPE.0 {
            self.qtype();
            return TypeRef::Named(name.to_owned());
        }
        TypeRef::Unknown(Unknown::Elsewhere {
            name: name.to_owned(),
        })
    }

    /// Marks the schema's type `name` as reached; false when the schema does not define it.
    fn reach(&mut self, name: &'p str) -> bool {
        if !self.definitions.contains_key(name) {
            return false;
        }
        if self.reached.insert(name) {
            self.pending.push(name);
        }
        true
    }

    /// QAPI's predefined `QType`, once.
    fn qtype(&mut self) {
        let (name, values) = QTYPE;
        let values = values
            .iter()
            .map(|value| EnumValue {
                name: (*value).to_owned(),
                span: Span::default(),
                doc: None,
                since: None,
                features: Vec::new(),
                condition: None,
            })
            .collect();
        self.implicit(
            name.to_owned(),
            Span::default(),
            TypeKind::Enum(EnumType { values }),
        );
    }

    /// The members of an object (`{'*name': TYPE, …}`), in order, with the words `doc` gives
    /// them.
    fn members(&mut self, data: &'p Value, doc: Option<&QapiDoc>) -> Vec<Member> {
        let ValueKind::Object(entries) = &data.kind else {
            return Vec::new();
        };
        entries
            .iter()
            .map(|(key, value)| {
                let (name, optional) = match key.name.strip_prefix('*') {
                    Some(name) => (name, true),
                    None => (key.name.as_str(), false),
                };
                // `{'type': …, 'if': …, 'features': …}`, or the type alone.
                let ty = match value.get("type") {
                    Some(ty) => self.type_ref(ty),
                    None if matches!(value.kind, ValueKind::Object(_)) => {
                        TypeRef::Unknown(Unknown::Members)
                    }
                    None => self.type_ref(value),
                };
                let (words, since) = docs::member(doc, name);
                Member {
                    name: name.to_owned(),
                    span: key.span,
                    ty,
                    optional,
                    doc: words,
                    since,
                    features: features_of(value),
                    condition: condition_of(value),
                }
            })
            .collect()
    }

    /// An implicit object type called `name` holding the members `data` writes (described by
    /// `doc`: an event's or a union's block describes them), defined at `span`; the reference to
    /// it.
    fn implicit_object(
        &mut self,
        name: String,
        span: Span,
        data: &'p Value,
        doc: Option<&QapiDoc>,
    ) -> TypeRef {
        let members = self.members(data, doc);
        let base = None;
        self.implicit(name, span, TypeKind::Object(ObjectType { base, members }))
    }

    /// Adds the implicit type `name` (once: QEMU makes one `q_obj_str-wrapper` for every simple
    /// union with a `str` branch), and gives the reference to it.
    fn implicit(&mut self, name: String, span: Span, kind: TypeKind) -> TypeRef {
        self.types.entry(name.clone()).or_insert_with(|| NamedType {
            name: name.clone(),
            span,
            kind,
            doc: Doc::default(),
            since: None,
            features: Vec::new(),
            condition: None,
            implicit: true,
        });
        TypeRef::Named(name)
    }
}
