//! The validators' tables of one schema, planned once from the model: what each event's data
//! must be, as tables that refer to each other by index (the events sorted by name, the
//! objects with their members, the values arrays hold, the flat unions, the alternates).
//!
//! One plan, two renderings: the code generator writes it as `static`s
//! ([`crate::codegen::validate`]), and with the `runtime-tables` feature (part of `analysis`) [`runtime_schema`] builds
//! the runtime's owned tables from it, so that a document read at run time is judged exactly as
//! the bindings generated from it judge. The plan is plain data of this crate: the build
//! script's code generator needs no runtime crate.

#[cfg(feature = "runtime-tables")]
mod runtime;

#[cfg(feature = "runtime-tables")]
pub use runtime::runtime_schema;

use std::collections::BTreeMap;

use crate::model::{self, Builtin, Schema, TypeKind, TypeRef, Unknown};
use crate::names::{Case, Namespace, screaming_case};

/// The names the generated tables take in their module, which no object's members may take.
pub const RESERVED: [&str; 6] = [
    "SCHEMA",
    "EVENTS",
    "OBJECTS",
    "VALUES",
    "UNIONS",
    "ALTERNATES",
];

/// The planned tables of one schema.
#[derive(Debug, Default)]
pub struct Plan {
    /// The events, sorted by name (the order the runtime's binary search needs).
    pub events: Vec<Event>,
    /// The objects; [`Value::Object`] and [`Data::Object`] are indexes here.
    pub objects: Vec<Object>,
    /// The values arrays hold; [`Value::Array`] is an index here.
    pub values: Vec<Value>,
    /// The flat unions; [`Value::Union`] and [`Data::Union`] are indexes here.
    pub unions: Vec<Union>,
    /// The alternates; [`Value::Alternate`] is an index here.
    pub alternates: Vec<Alternate>,
}

/// One event's entry.
#[derive(Debug)]
pub struct Event {
    /// Its wire name.
    pub name: String,
    /// What its data must be.
    pub data: Data,
}

/// What an event's data must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Data {
    /// The object at this index.
    Object(u32),
    /// The union at this index.
    Union(u32),
    /// No data, stated at this line.
    None(u32),
    /// Any JSON.
    Any,
}

/// One object's table.
#[derive(Debug)]
pub struct Object {
    /// The name of the `static` that holds its members (unique among the tables' names).
    pub name: String,
    /// The line that documents the object.
    pub line: u32,
    /// Its members (a base's first), each name once.
    pub members: Vec<Member>,
}

/// One member of an object.
#[derive(Debug)]
pub struct Member {
    /// Its wire name.
    pub name: String,
    /// The line that documents it.
    pub line: u32,
    /// Whether it must be present.
    pub required: bool,
    /// What its value must be.
    pub value: Value,
}

/// What a value must be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Any JSON value.
    Any,
    /// Any JSON value, of a type described elsewhere (named when it is missing).
    Named(String),
    /// A json-string.
    String,
    /// A json-string among these values.
    OneOf(Vec<String>),
    /// An integer in 64 signed bits.
    Int,
    /// An integer of a sized built-in type (`int8`…`uint64`, `size`).
    Ranged(Builtin),
    /// A json-number.
    Number,
    /// A json-bool.
    Bool,
    /// `null`.
    Null,
    /// A json-object of any members.
    AnyObject,
    /// The object at this index.
    Object(u32),
    /// An array of the value at this index of [`Plan::values`].
    Array(u32),
    /// The union at this index.
    Union(u32),
    /// The alternate at this index.
    Alternate(u32),
}

/// A flat union's table.
#[derive(Debug)]
pub struct Union {
    /// The object of the base's members.
    pub base: u32,
    /// The discriminator member's name.
    pub discriminator: String,
    /// Per value with a variant, the object of the base's and the variant's members.
    pub variants: Vec<(String, u32)>,
    /// The name of the `static` that holds the variants.
    pub name: String,
}

/// An alternate's table.
#[derive(Debug)]
pub struct Alternate {
    /// The alternatives, in order.
    pub choices: Vec<Value>,
    /// The name of the `static` that holds them.
    pub name: String,
}

impl Plan {
    /// Plans the tables of `schema`.
    pub fn new(schema: &Schema) -> Self {
        let mut planner = Planner {
            schema,
            plan: Plan::default(),
            names: Namespace::default(),
            objects: BTreeMap::new(),
            unions: BTreeMap::new(),
            alternates: BTreeMap::new(),
        };
        planner.names.reserve(RESERVED);
        let mut events: Vec<Event> = schema
            .events
            .iter()
            .map(|event| Event {
                name: event.name.clone(),
                data: planner.data(event),
            })
            .collect();
        // By name; the model holds each name once.
        events.sort_by(|a, b| a.name.cmp(&b.name));
        events.dedup_by(|later, first| later.name == first.name);
        let mut plan = planner.plan;
        plan.events = events;
        plan
    }

    /// The length of the longest list the tables hold.
    pub fn longest(&self) -> usize {
        self.events.len().max(self.objects.len())
    }
}

/// The plan being made, and the tables made so far by type name.
struct Planner<'a> {
    schema: &'a Schema,
    plan: Plan,
    names: Namespace,
    /// By type name and the line of the use (see [`Planner::object`]).
    objects: BTreeMap<(String, u32), u32>,
    unions: BTreeMap<String, u32>,
    alternates: BTreeMap<String, u32>,
}

/// `list`'s next index.
fn index<T>(list: &[T]) -> u32 {
    u32::try_from(list.len()).unwrap_or(u32::MAX)
}

impl Planner<'_> {
    /// What `event`'s data must be: its object (named after the event), a union, nothing, or
    /// any JSON.
    fn data(&mut self, event: &model::Event) -> Data {
        let line = event.data_span.unwrap_or(event.span).line;
        let Some(data) = &event.data else {
            return Data::None(line);
        };
        let TypeRef::Named(name) = data else {
            return Data::Any;
        };
        match self.schema.named(name).map(|named| &named.kind) {
            Some(TypeKind::Object(_)) => Data::Object(self.object(name, &event.name, line)),
            Some(TypeKind::Union(_)) => match self.value(data, line) {
                Value::Union(union) => Data::Union(union),
                _ => Data::Any,
            },
            _ => Data::Any,
        }
    }

    /// The object type `name` (its members, a base's first) used at `line`, its table named
    /// after `wanted`. One table per use line: a violation about the object (a member it does
    /// not document) names the line of the use, as the text document has one object per use
    /// (its members' lines are the type's, where its shape is first documented).
    fn object(&mut self, name: &str, wanted: &str, line: u32) -> u32 {
        let key = (name.to_owned(), line);
        if let Some(&at) = self.objects.get(&key) {
            return at;
        }
        let members: Vec<model::Member> = self
            .schema
            .object_members(name)
            .into_iter()
            .cloned()
            .collect();
        // Known before its members are planned: a type that holds itself refers to it.
        self.objects.insert(key, index(&self.plan.objects));
        self.members(wanted, line, &members)
    }

    /// A table of `members` (each name once, the first kept), named after `wanted`. Its index
    /// is taken before its members are planned, so a type that holds itself refers to it.
    fn members(&mut self, wanted: &str, line: u32, members: &[model::Member]) -> u32 {
        let at = index(&self.plan.objects);
        let name = self.names.claim(&screaming_case(wanted), Case::Snake);
        self.plan.objects.push(Object {
            name,
            line,
            members: Vec::new(),
        });
        let mut seen = std::collections::BTreeSet::new();
        let planned = members
            .iter()
            .filter(|member| seen.insert(member.name.as_str()))
            .map(|member| Member {
                name: member.name.clone(),
                line: member.span.line,
                required: !member.optional,
                value: self.value(&member.ty, member.span.line),
            })
            .collect();
        self.plan.objects[at as usize].members = planned;
        at
    }

    /// What a value of type `ty`, used at `line`, must be.
    fn value(&mut self, ty: &TypeRef, line: u32) -> Value {
        match ty {
            TypeRef::Builtin(builtin) => builtin_value(*builtin),
            TypeRef::Array(element) => {
                let element = self.value(element, line);
                self.plan.values.push(element);
                Value::Array(index(&self.plan.values) - 1)
            }
            TypeRef::Unknown(Unknown::Elsewhere { name }) => Value::Named(name.clone()),
            TypeRef::Unknown(Unknown::Members) => Value::AnyObject,
            TypeRef::Unknown(_) => Value::Any,
            TypeRef::Named(name) => self.named(name, line),
        }
    }

    /// What a value of the named type `name` must be (any JSON, naming it, when the schema
    /// does not define it).
    fn named(&mut self, name: &str, line: u32) -> Value {
        let Some(named) = self.schema.named(name) else {
            return Value::Named(name.to_owned());
        };
        match &named.kind {
            TypeKind::Object(_) => Value::Object(self.object(name, name, line)),
            TypeKind::Enum(values) => Value::OneOf(
                values
                    .values
                    .iter()
                    .map(|value| value.name.clone())
                    .collect(),
            ),
            TypeKind::Union(union) => {
                if let Some(&at) = self.unions.get(name) {
                    return Value::Union(at);
                }
                let at = index(&self.plan.unions);
                self.unions.insert(name.to_owned(), at);
                let table = self.names.claim(&screaming_case(name), Case::Snake);
                self.plan.unions.push(Union {
                    base: 0,
                    discriminator: union.discriminator.clone(),
                    variants: Vec::new(),
                    name: table,
                });
                let base = self.object(&union.base, &union.base, named.span.line);
                let base_members: Vec<model::Member> = self
                    .schema
                    .object_members(&union.base)
                    .into_iter()
                    .cloned()
                    .collect();
                let variants = union
                    .variants
                    .iter()
                    .map(|variant| {
                        let mut members = base_members.clone();
                        members
                            .extend(self.schema.object_members(&variant.ty).into_iter().cloned());
                        let wanted = format!("{name}_{}", variant.value);
                        (
                            variant.value.clone(),
                            self.members(&wanted, named.span.line, &members),
                        )
                    })
                    .collect();
                let table = &mut self.plan.unions[at as usize];
                table.base = base;
                table.variants = variants;
                Value::Union(at)
            }
            TypeKind::Alternate(alternatives) => {
                if let Some(&at) = self.alternates.get(name) {
                    return Value::Alternate(at);
                }
                let at = index(&self.plan.alternates);
                self.alternates.insert(name.to_owned(), at);
                let table = self.names.claim(&screaming_case(name), Case::Snake);
                self.plan.alternates.push(Alternate {
                    choices: Vec::new(),
                    name: table,
                });
                let choices = alternatives
                    .iter()
                    .map(|alternative| self.value(&alternative.ty, line))
                    .collect();
                self.plan.alternates[at as usize].choices = choices;
                Value::Alternate(at)
            }
        }
    }
}

/// What a value of a built-in type must be.
fn builtin_value(builtin: Builtin) -> Value {
    match builtin {
        Builtin::Str => Value::String,
        Builtin::Int | Builtin::Int64 => Value::Int,
        Builtin::Int8
        | Builtin::Int16
        | Builtin::Int32
        | Builtin::Uint8
        | Builtin::Uint16
        | Builtin::Uint32
        | Builtin::Uint64
        | Builtin::Size
        | Builtin::AnyInt => Value::Ranged(builtin),
        Builtin::Number => Value::Number,
        Builtin::Bool => Value::Bool,
        Builtin::Null => Value::Null,
        Builtin::Any => Value::Any,
    }
}
