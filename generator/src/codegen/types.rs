//! The Rust types of one schema: a struct per event, and a type per named type the events
//! reach.
//!
//! First a [`TypeSpace`] is planned from the model: every name is chosen (through
//! [`Namespace`]s, events first, then each named type where it is first reached, so the output
//! never depends on hash order). The plan follows the model's names; implicit types of one
//! shape (the text writes a shape again wherever members share it) are one Rust type. Then [`tokens`] turns the plan into items.
//! [`super::wire`] reads the same plan for the `Event` enum.
//!
//! Type mapping: `str` → `String`; `int`, `int8`…`int64`, `uint8`…`uint64`, `size` → the Rust
//! integer of that size (`size` is `u64`); `number` → `f64` (a C double in QEMU; the text's
//! json-number, which the documents also use for integers, → `serde_json::Number`, which keeps
//! them exact); `bool` → `bool`; `null` → `()`; `any` → `qmp_events::RawJson` (the JSON text as
//! received); an array → `Vec<T>`; an enum type → an enum with an `Other(String)` variant for
//! values the schema does not list; an object type → a struct of its members, its base's
//! first; a union and an alternate → an enum ([`super::composite`]); a type the document does
//! not describe ([`Unknown`]) → `serde_json::Value`, with a doc note saying why. Optional
//! members are `Option<T>`. An event's struct holds its data object's members, nothing when it
//! has no data, and its data whole otherwise. Every type derives `Eq` but those holding an
//! `f64`, and items with the feature `deprecated` are `#[deprecated]` ([`super::reach`]).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::DocRef;
use super::docs::{Doc, code, escape};
use super::reach::{Reach, allow_deprecated, deprecated, is_deprecated};
use super::syntax::ident;
use super::{composite, wording};
use crate::model::{
    self, Builtin, EnumValue, Event, Format, NamedType, Schema, TypeKind, TypeRef, UnionType,
    Unknown,
};
use crate::names::{Case, Namespace, RESERVED, camel_case, snake_case};

/// The variant of `Event` that holds events the document does not list.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// The variant of every generated enum that holds values the document does not list.
pub const OTHER_VARIANT: &str = "Other";

/// The planned types of one schema.
#[derive(Debug)]
pub struct TypeSpace<'a> {
    /// The schema planned.
    pub schema: &'a Schema,
    /// One entry per event, in the schema's order.
    pub events: Vec<EventType<'a>>,
    /// The named types the events reach, in the order they were first reached.
    pub types: Vec<PlannedType<'a>>,
    /// The validators' tables of the same schema, planned with the types (one planning pass;
    /// a program that reads a document at run time builds its tables from the same plan).
    pub tables: crate::tables::Plan,
    /// Which types hold an `f64` and which are deprecated.
    pub reach: Reach,
    /// Items in output order: each event followed by the types first reached from it.
    order: Vec<ItemRef>,
}

/// An item of the type space, by index.
#[derive(Debug, Clone, Copy)]
enum ItemRef {
    Event(usize),
    Type(usize),
}

/// An event's struct.
#[derive(Debug)]
pub struct EventType<'a> {
    /// The event in the model.
    pub event: &'a Event,
    /// The struct's name (`BlockIoError`).
    pub type_name: String,
    /// The name of its `Event` variant (the struct's name, unless that is `Unknown`).
    pub variant: String,
    /// What the struct holds.
    pub body: Body<'a>,
}

/// What an event's struct holds.
#[derive(Debug)]
pub enum Body<'a> {
    /// Nothing: the document documents no data (none, or says nothing of it). Data that
    /// arrives anyway is ignored.
    Empty,
    /// The members of its data object (its base's first).
    Fields(Vec<Member<'a>>),
    /// The whole data as a `serde_json::Value`, for the reason given.
    Opaque(String),
    /// The whole data as a value of another type (a union, an alternate, a built-in).
    Wrapped(Ty),
}

/// A member of a generated struct.
#[derive(Debug)]
pub struct Member<'a> {
    /// The member in the model.
    pub member: &'a model::Member,
    /// The Rust field name (`tray_open`).
    pub ident: String,
    /// Its type.
    pub ty: Ty,
}

/// The Rust type of a member (before `Option` for optional members).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// A built-in: `String`, an integer of its size, `f64`, `bool`, `()`, `RawJson` for `any`.
    Builtin(Builtin),
    /// `serde_json::Number`: the text's json-number, which the documents use for integers too
    /// (`RTC_CHANGE`'s offset), so that it reads and writes back exactly.
    JsonNumber,
    /// `serde_json::Value`, because the document does not say the type, for the reason given.
    Value(String),
    /// A planned named type, by its Rust name.
    Named(String),
    /// `Vec` of the element type.
    Array(Box<Ty>),
    /// `Box` of a named type that holds itself (QAPI's `ImageInfo` has a `backing-image`).
    Boxed(String),
}

/// A named type of the schema, planned.
#[derive(Debug)]
pub struct PlannedType<'a> {
    /// The type in the model.
    pub named: &'a NamedType,
    /// Its Rust name (`BlockIoErrorAction`).
    pub name: String,
    /// The member and event it was first reached from, if a member of an event's data reached
    /// it.
    pub first_use: Option<(&'a model::Member, &'a str)>,
    /// What the Rust type holds.
    pub shape: Shape<'a>,
}

/// What a planned named type is in Rust.
#[derive(Debug)]
pub enum Shape<'a> {
    /// A struct of the object's members (its base's first).
    Struct(Vec<Member<'a>>),
    /// An enum of the values, each with its variant name, and `Other` for the rest.
    Enum(Vec<(String, &'a EnumValue)>),
    /// A union: an enum tagged by the discriminator, one struct of members per value.
    Union(Union<'a>),
    /// An alternate: an enum with one variant per alternative, chosen by JSON type.
    Alternate(Vec<Alternative<'a>>),
}

/// A union, planned.
#[derive(Debug)]
pub struct Union<'a> {
    /// The discriminator's wire name.
    pub discriminator: &'a str,
    /// One branch per value of the discriminator, in the enum's order.
    pub branches: Vec<Branch<'a>>,
    /// The branch of the values the schema does not list.
    pub other: OtherBranch<'a>,
}

/// The branch of a union for a value of the discriminator that the schema does not list (a
/// newer QEMU may send one): the value, the base's members as in every branch, and the other
/// members as received.
#[derive(Debug)]
pub struct OtherBranch<'a> {
    /// The name of its struct.
    pub struct_name: String,
    /// The base's members but the discriminator: the first members of every branch, with the
    /// same field names.
    pub members: Vec<Member<'a>>,
    /// The field holding the discriminator's value.
    pub discriminator_field: String,
    /// The field holding the other members.
    pub rest_field: String,
}

/// One branch of a union: the members a message with this discriminator value has.
#[derive(Debug)]
pub struct Branch<'a> {
    /// The discriminator's value on the wire.
    pub value: &'a str,
    /// The variant's name in the union's enum.
    pub variant: String,
    /// The name of the struct of its members.
    pub struct_name: String,
    /// The base's members but the discriminator, then the variant type's.
    pub members: Vec<Member<'a>>,
    /// What the documentation says of the value, when the discriminator is a documented enum.
    pub doc: Option<&'a model::Text>,
    /// The condition under which QEMU has the branch's own members.
    pub condition: Option<&'a model::Condition>,
}

/// One alternative of an alternate, planned.
#[derive(Debug)]
pub struct Alternative<'a> {
    /// The alternative in the model.
    pub alternative: &'a model::Alternative,
    /// Its variant's name.
    pub variant: String,
    /// Its Rust type.
    pub ty: Ty,
}

impl<'a> TypeSpace<'a> {
    /// How many items (events' structs and named types) the plan makes.
    pub fn items(&self) -> usize {
        self.order.len()
    }

    /// Plans the types of `schema`.
    pub fn new(schema: &'a Schema) -> Self {
        let mut planner = Planner {
            schema,
            types: Namespace::default(),
            variants: Namespace::default(),
            planned: Vec::new(),
            by_name: BTreeMap::new(),
            by_shape: BTreeMap::new(),
            planning: BTreeSet::new(),
            order: Vec::new(),
        };
        planner.types.reserve(RESERVED.iter().copied());
        planner.variants.reserve([UNKNOWN_VARIANT]);

        // Events claim their names first, so that a named type never takes an event's name.
        let names: Vec<(String, String)> = schema
            .events
            .iter()
            .map(|event| {
                let wanted = camel_case(&event.name);
                let type_name = planner.types.claim(&wanted, Case::Camel);
                let variant = planner.variants.claim(&wanted, Case::Camel);
                (type_name, variant)
            })
            .collect();
        let mut events = Vec::new();
        for (event, (type_name, variant)) in schema.events.iter().zip(names) {
            planner.order.push(ItemRef::Event(events.len()));
            let body = planner.body(event);
            events.push(EventType {
                event,
                type_name,
                variant,
                body,
            });
        }
        let reach = Reach::new(&events, &planner.planned);
        TypeSpace {
            schema,
            events,
            types: planner.planned,
            tables: crate::tables::Plan::new(schema),
            reach,
            order: planner.order,
        }
    }
}

/// The state of planning: names taken so far and the named types planned.
struct Planner<'a> {
    schema: &'a Schema,
    types: Namespace,
    variants: Namespace,
    planned: Vec<PlannedType<'a>>,
    /// The Rust name of each named type planned so far.
    by_name: BTreeMap<&'a str, String>,
    /// The Rust name of each shape of implicit types planned so far.
    by_shape: BTreeMap<String, String>,
    /// The named types being planned: one reached again from its own members is boxed.
    planning: BTreeSet<&'a str>,
    order: Vec<ItemRef>,
}

impl<'a> Planner<'a> {
    /// What the struct of `event` holds.
    fn body(&mut self, event: &'a Event) -> Body<'a> {
        match &event.data {
            None | Some(TypeRef::Unknown(Unknown::Undocumented)) => Body::Empty,
            Some(TypeRef::Unknown(why)) => Body::Opaque(wording::data_unknown(why)),
            Some(TypeRef::Named(name))
                if matches!(
                    self.schema.named(name).map(|named| &named.kind),
                    Some(TypeKind::Object(_))
                ) =>
            {
                let members = self.schema.object_members(name);
                Body::Fields(self.members(&members, Some(&event.name)))
            }
            Some(ty) => Body::Wrapped(self.ty(ty, None)),
        }
    }

    /// The fields of a struct of `members`, planning their types; `event` is the event whose
    /// data holds them, if any.
    fn members(
        &mut self,
        members: &[&'a model::Member],
        event: Option<&'a str>,
    ) -> Vec<Member<'a>> {
        let mut idents = Namespace::default();
        members
            .iter()
            .map(|&member| {
                let ident = idents.claim(&snake_case(&member.name), Case::Snake);
                let first_use = event.map(|event| (member, event));
                let ty = self.ty(&member.ty, first_use);
                Member { member, ident, ty }
            })
            .collect()
    }

    /// The Rust type of `ty`, planning the named types it reaches.
    fn ty(&mut self, ty: &'a TypeRef, first_use: Option<(&'a model::Member, &'a str)>) -> Ty {
        match ty {
            TypeRef::Builtin(Builtin::Number) if self.schema.source.format == Format::Text => {
                Ty::JsonNumber
            }
            TypeRef::Builtin(builtin) => Ty::Builtin(*builtin),
            TypeRef::Unknown(why) => Ty::Value(wording::member_unknown(why)),
            TypeRef::Array(element) => {
                // A `Vec` holds its elements on the heap already.
                let element = match self.ty(element, first_use) {
                    Ty::Boxed(name) => Ty::Named(name),
                    element => element,
                };
                Ty::Array(Box::new(element))
            }
            TypeRef::Named(name) if self.planning.contains(name.as_str()) => {
                Ty::Boxed(self.by_name[name.as_str()].clone())
            }
            TypeRef::Named(name) => match self.schema.named(name) {
                Some(named) => Ty::Named(self.named(named, first_use)),
                None => Ty::Value(wording::member_unknown(&Unknown::Elsewhere {
                    name: name.clone(),
                })),
            },
        }
    }

    /// The Rust name of a named type, planned (with the types it reaches) when first reached.
    fn named(
        &mut self,
        named: &'a NamedType,
        first_use: Option<(&'a model::Member, &'a str)>,
    ) -> String {
        if let Some(name) = self.by_name.get(named.name.as_str()) {
            return name.clone();
        }
        // Types the front end made (the text writes one shape again wherever members share it)
        // are one Rust type per shape, named and documented where first reached.
        let shape = named
            .implicit
            .then(|| self.schema.shape(&TypeRef::Named(named.name.clone())));
        if let Some(name) = shape.as_ref().and_then(|shape| self.by_shape.get(shape)) {
            let name = name.clone();
            self.by_name.insert(&named.name, name.clone());
            return name;
        }
        let name = self.types.claim(&rust_type_name(&named.name), Case::Camel);
        self.by_name.insert(&named.name, name.clone());
        if let Some(shape) = shape {
            self.by_shape.insert(shape, name.clone());
        }
        self.planning.insert(&named.name);
        // The type comes before the types planned for its own members.
        let at = self.order.len();
        let event = first_use.map(|(_, event)| event);
        let shape = match &named.kind {
            TypeKind::Object(_) => {
                let members = self.schema.object_members(&named.name);
                Shape::Struct(self.members(&members, event))
            }
            TypeKind::Enum(values) => Shape::Enum(variant_names(&values.values)),
            TypeKind::Union(union) => Shape::Union(self.union(&name, union, event)),
            TypeKind::Alternate(alternatives) => {
                let mut variants = Namespace::default();
                let alternatives = alternatives
                    .iter()
                    .map(|alternative| {
                        let ty = self.ty(&alternative.ty, None);
                        let variant =
                            variants.claim(&wording::alternative_variant(&ty), Case::Camel);
                        Alternative {
                            alternative,
                            variant,
                            ty,
                        }
                    })
                    .collect();
                Shape::Alternate(alternatives)
            }
        };
        self.planning.remove(named.name.as_str());
        self.order.insert(at, ItemRef::Type(self.planned.len()));
        self.planned.push(PlannedType {
            named,
            name: name.clone(),
            first_use,
            shape,
        });
        name
    }

    /// A union named `name`: one branch per value of its discriminator (or per variant, when
    /// the discriminator is no enum of the schema).
    fn union(&mut self, name: &str, union: &'a UnionType, event: Option<&'a str>) -> Union<'a> {
        let base = self.schema.object_members(&union.base);
        let common: Vec<&'a model::Member> = base
            .iter()
            .copied()
            .filter(|member| member.name != union.discriminator)
            .collect();
        let values: Vec<(&'a str, Option<&'a model::Text>)> = match base
            .iter()
            .find(|member| member.name == union.discriminator)
            .and_then(|member| match &member.ty {
                TypeRef::Named(ty) => self.schema.named(ty),
                _ => None,
            })
            .map(|named| &named.kind)
        {
            Some(TypeKind::Enum(values)) => values
                .values
                .iter()
                .map(|value| (value.name.as_str(), value.doc.as_ref()))
                .collect(),
            _ => union
                .variants
                .iter()
                .map(|variant| (variant.value.as_str(), None))
                .collect(),
        };
        let mut variant_names = Namespace::default();
        variant_names.reserve([OTHER_VARIANT]);
        let branches: Vec<Branch<'a>> = values
            .into_iter()
            .map(|(value, doc)| {
                let variant = variant_names.claim(&camel_case(value), Case::Camel);
                let struct_name = self
                    .types
                    .claim(&format!("{name}{}", camel_case(value)), Case::Camel);
                let mut members = common.clone();
                let own = union.variants.iter().find(|v| v.value == value);
                if let Some(variant) = own {
                    members.extend(self.schema.object_members(&variant.ty));
                }
                let members = self.members(&members, event);
                Branch {
                    value,
                    variant,
                    struct_name,
                    members,
                    doc,
                    condition: own.and_then(|variant| variant.condition.as_ref()),
                }
            })
            .collect();
        // The base's members get the field names they have in every branch; the value and
        // the other members take names left.
        let members = self.members(&common, event);
        let mut fields = Namespace::default();
        fields.reserve(members.iter().map(|member| member.ident.as_str()));
        let other = OtherBranch {
            struct_name: self
                .types
                .claim(&format!("{name}{OTHER_VARIANT}"), Case::Camel),
            members,
            discriminator_field: fields.claim(&snake_case(&union.discriminator), Case::Snake),
            rest_field: fields.claim("members", Case::Snake),
        };
        Union {
            discriminator: &union.discriminator,
            branches,
            other,
        }
    }
}

/// The variant name of each value of an enum (`Other` is the generated enum's own).
fn variant_names(values: &[EnumValue]) -> Vec<(String, &EnumValue)> {
    let mut names = Namespace::default();
    names.reserve([OTHER_VARIANT]);
    values
        .iter()
        .map(|value| (names.claim(&camel_case(&value.name), Case::Camel), value))
        .collect()
}

/// The Rust name a named type wants: its own when that is already a CamelCase type name
/// (`ACPIOSTInfo`; the text front end names its types as the bindings do), else its name
/// camel-cased (`q_obj_BLOCK_IO_ERROR-arg` → `QObjBlockIoErrorArg`).
fn rust_type_name(name: &str) -> String {
    let usable = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
        && name != "Self";
    if usable {
        name.to_owned()
    } else {
        camel_case(name)
    }
}

/// The path of the serde crate, as the generated code reaches it.
pub fn serde() -> TokenStream {
    quote!(::qmp_events::__private::serde)
}

/// The path of the serde_json crate, as the generated code reaches it.
pub fn serde_json() -> TokenStream {
    quote!(::qmp_events::__private::serde_json)
}

/// The derives and serde attributes of every generated struct: `Eq` unless it holds an `f64`
/// (`float`).
pub(super) fn struct_derives(float: bool) -> TokenStream {
    let serde = serde();
    let eq = equality(float);
    quote! {
        #[derive(Debug, Clone, #eq, #serde::Serialize, #serde::Deserialize)]
        #[serde(crate = "::qmp_events::__private::serde")]
    }
}

/// `PartialEq, Eq`, or `PartialEq` alone for a type that holds an `f64` (`float`).
pub(super) fn equality(float: bool) -> TokenStream {
    if float {
        quote!(PartialEq)
    } else {
        quote!(PartialEq, Eq)
    }
}

/// The items of the planned types, in output order.
pub fn tokens(space: &TypeSpace<'_>, doc: &DocRef) -> TokenStream {
    items(space, doc, 0..space.items())
}

/// The planned types `range` (indexes in output order, up to [`TypeSpace::items`]).
pub fn items(space: &TypeSpace<'_>, doc: &DocRef, range: std::ops::Range<usize>) -> TokenStream {
    let mut out = TokenStream::new();
    for item in &space.order[range] {
        out.extend(match *item {
            ItemRef::Event(index) => event_struct(space, &space.events[index], doc),
            ItemRef::Type(index) => {
                let planned = &space.types[index];
                let comment = type_doc(space.schema, planned, doc);
                let features = &planned.named.features;
                match &planned.shape {
                    Shape::Struct(members) => {
                        named_struct(space, &planned.name, comment, features, members, doc)
                    }
                    Shape::Enum(variants) => {
                        enum_type(&planned.name, comment, features, variants, doc)
                    }
                    Shape::Union(union) => composite::union(space, planned, comment, union, doc),
                    Shape::Alternate(alternatives) => {
                        composite::alternate(space, planned, comment, alternatives)
                    }
                }
            }
        });
    }
    out
}

fn event_struct(space: &TypeSpace<'_>, planned: &EventType<'_>, doc: &DocRef) -> TokenStream {
    let schema = space.schema;
    let event = planned.event;
    let name = ident(&planned.type_name);
    let derives = struct_derives(space.reach.type_holds_float(&planned.type_name));
    let deprecated = deprecated(&event.features);
    let mut comment = Doc::new();
    comment = match &event.doc.description {
        Some(description) => comment.prose(&description.text),
        None => comment.note(format!("The {} event.", code(&event.name))),
    };
    comment = comment.note(format!("Wire name: {}.", code(&event.name)));
    comment = match &event.data {
        Some(TypeRef::Unknown(Unknown::Undocumented)) => comment.note(
            "The document does not say what data this event carries: data that arrives is \
             accepted and ignored.",
        ),
        None if schema.source.format == Format::Text => comment.note(
            "The document says this event carries no data (`Data: None.`): data that a newer \
             QEMU sends is accepted and ignored.",
        ),
        None => comment.note(
            "The document says this event carries no data: data that a newer QEMU sends is \
             accepted and ignored.",
        ),
        Some(_) => comment,
    };
    let comment = wording::item_notes(
        wording::sections(comment, &event.doc),
        event.since.as_ref(),
        &event.features,
        event.condition.as_ref(),
    );
    let comment = comment.located(doc.at(event.span)).tokens();
    match &planned.body {
        Body::Empty => quote! {
            #comment
            #deprecated
            #[derive(Default)]
            #derives
            pub struct #name {}
        },
        Body::Fields(members) => {
            let fields = members
                .iter()
                .map(|member| struct_field(space, member, doc));
            let allow = allow_deprecated(space.reach.members_name_deprecated(members));
            quote! {
                #comment
                #deprecated
                #allow
                #derives
                pub struct #name { #(#fields)* }
            }
        }
        Body::Opaque(_) | Body::Wrapped(_) => {
            let serde_json = serde_json();
            let (inner, allow) = match &planned.body {
                Body::Wrapped(ty) => (
                    ty_tokens(ty),
                    allow_deprecated(space.reach.names_deprecated(ty)),
                ),
                _ => (quote!(#serde_json::Value), TokenStream::new()),
            };
            let field_doc = match &planned.body {
                Body::Opaque(why) => Doc::new().note(format!(
                    "The event's data, kept as a `serde_json::Value` because {why}."
                )),
                _ => Doc::new().note("The event's data."),
            };
            let at = event.data_span.unwrap_or(event.span);
            let field_doc = field_doc.located(doc.at(at)).tokens();
            quote! {
                #comment
                #deprecated
                #allow
                #derives
                #[serde(transparent)]
                pub struct #name {
                    #field_doc
                    pub data: #inner,
                }
            }
        }
    }
}

/// The doc comment of a planned named type: its words, where the text first uses it (a
/// type the text front end made from a shape) or what it is, its since, features and
/// condition, and where it is documented.
fn type_doc(schema: &Schema, planned: &PlannedType<'_>, doc: &DocRef) -> Doc {
    let named = planned.named;
    let mut comment = Doc::new();
    if let Some(description) = &named.doc.description {
        comment = comment.prose(&description.text);
    }
    let text_use = planned
        .first_use
        .filter(|_| schema.source.format == Format::Text);
    let other = format!("A value it does not list is kept in [`Self::{OTHER_VARIANT}`].");
    comment = match (&named.kind, text_use) {
        (TypeKind::Object(_), Some((member, event))) => comment.note(format!(
            "The members of {} in {} (and of every json-object the document documents with \
             the same members).",
            code(&format!("\"{}\"", member.name)),
            code(event)
        )),
        (TypeKind::Enum(_), Some((member, event))) => comment.note(format!(
            "The values the document lists for {} in {} (and for every member it documents \
             with the same values). {other}",
            code(&format!("\"{}\"", member.name)),
            code(event)
        )),
        (TypeKind::Object(object), _) => {
            let base = object.base.as_ref().map_or(String::new(), |base| {
                format!(" Its base {}'s members come first.", code(base))
            });
            comment.note(format!("The object type {}.{base}", code(&named.name)))
        }
        (TypeKind::Enum(_), _) => comment.note(format!(
            "The values of the enum type {}. {other}",
            code(&named.name)
        )),
        (TypeKind::Union(union), _) => comment.note(format!(
            "The union {}: the members of its base {}, and more by the value of {}, which \
             chooses the variant; a value it does not list is kept in [`Self::{OTHER_VARIANT}`]. \
             Every variant has the base's members: the methods of their names read them from \
             any variant.",
            code(&named.name),
            code(&union.base),
            code(&format!("\"{}\"", union.discriminator))
        )),
        (TypeKind::Alternate(_), _) => comment.note(format!(
            "The alternate {}: one of several types, chosen by the JSON type of the value.",
            code(&named.name)
        )),
    };
    let comment = wording::item_notes(
        wording::sections(comment, &named.doc),
        named.since.as_ref(),
        &named.features,
        named.condition.as_ref(),
    );
    // A type made from the text's shape is documented where it is first used.
    let at = text_use.map_or(named.span, |(member, _)| member.span);
    comment.located(doc.at(at))
}

/// A struct of `members` named `name`, documented by `comment`, with the type's `features`.
pub(super) fn named_struct(
    space: &TypeSpace<'_>,
    name: &str,
    comment: Doc,
    features: &[model::Feature],
    members: &[Member<'_>],
    doc: &DocRef,
) -> TokenStream {
    let derives = struct_derives(space.reach.type_holds_float(name));
    let name = ident(name);
    let deprecated = deprecated(features);
    let allow = allow_deprecated(space.reach.members_name_deprecated(members));
    let fields = members
        .iter()
        .map(|member| struct_field(space, member, doc));
    let comment = comment.tokens();
    quote! {
        #comment
        #deprecated
        #allow
        #derives
        pub struct #name { #(#fields)* }
    }
}

/// The Rust type of a member.
pub fn ty_tokens(ty: &Ty) -> TokenStream {
    let serde_json = serde_json();
    match ty {
        Ty::Builtin(builtin) => match builtin {
            Builtin::Str => quote!(String),
            Builtin::Int | Builtin::Int64 => quote!(i64),
            Builtin::Int8 => quote!(i8),
            Builtin::Int16 => quote!(i16),
            Builtin::Int32 => quote!(i32),
            Builtin::Uint8 => quote!(u8),
            Builtin::Uint16 => quote!(u16),
            Builtin::Uint32 => quote!(u32),
            Builtin::Uint64 | Builtin::Size => quote!(u64),
            // Every integer from i64::MIN to u64::MAX, read on serde_json's 64-bit paths.
            Builtin::AnyInt => quote!(::qmp_events::AnyInt),
            Builtin::Number => quote!(f64),
            Builtin::Bool => quote!(bool),
            Builtin::Null => quote!(()),
            Builtin::Any => quote!(::qmp_events::RawJson),
        },
        Ty::JsonNumber => quote!(#serde_json::Number),
        Ty::Value(_) => quote!(#serde_json::Value),
        Ty::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        Ty::Array(element) => {
            let element = ty_tokens(element);
            quote!(Vec<#element>)
        }
        Ty::Boxed(name) => {
            let name = ident(name);
            quote!(Box<#name>)
        }
    }
}

/// A field of a generated struct: its doc, attributes and type.
pub(super) fn struct_field(
    space: &TypeSpace<'_>,
    planned: &Member<'_>,
    doc: &DocRef,
) -> TokenStream {
    let schema = space.schema;
    let member = planned.member;
    let name = ident(&planned.ident);
    let wire = &member.name;
    // What the document says of the member's form: `"tray-open"` (json-bool, optional).
    let ty = escape(&wording::type_word(schema, &member.ty));
    let form = if member.optional {
        format!(
            "Wire: {} ({ty}, optional): `None` when QEMU leaves it out.",
            code(&format!("\"{wire}\""))
        )
    } else {
        format!("Wire: {} ({ty}).", code(&format!("\"{wire}\"")))
    };
    let words = member.doc.as_ref().map_or("", |doc| doc.text.as_str());
    let mut comment = Doc::new().prose(words).note(form);
    if let Ty::Value(why) = &planned.ty {
        comment = comment.note(format!("Kept as a `serde_json::Value` because {why}."));
    }
    let comment = wording::item_notes(
        comment,
        member.since.as_ref(),
        &member.features,
        member.condition.as_ref(),
    );
    let comment = comment.located(doc.at(member.span)).tokens();
    let inner = ty_tokens(&planned.ty);
    let deprecated = deprecated(&member.features);
    let rename = (planned.ident != *wire).then(|| quote!(#[serde(rename = #wire)]));
    if member.optional {
        // `null` is a value of some types: `Some`, so that it is written back.
        let read = space
            .reach
            .accepts_null(&planned.ty)
            .then(|| quote!(#[serde(deserialize_with = "::qmp_events::__private::read_present")]));
        quote! {
            #comment
            #deprecated
            #rename
            #[serde(default, skip_serializing_if = "Option::is_none")]
            #read
            pub #name: Option<#inner>,
        }
    } else {
        quote! {
            #comment
            #deprecated
            #rename
            pub #name: #inner,
        }
    }
}

fn enum_type(
    name: &str,
    comment: Doc,
    features: &[model::Feature],
    values: &[(String, &EnumValue)],
    doc: &DocRef,
) -> TokenStream {
    let name = ident(name);
    let deprecated_type = deprecated(features);
    // The impls name the type and match on its values.
    let allow = allow_deprecated(
        is_deprecated(features)
            || values
                .iter()
                .any(|(_, value)| is_deprecated(&value.features)),
    );
    let serde = serde();
    let other = ident(OTHER_VARIANT);
    let comment = comment.tokens();
    let variants: Vec<_> = values.iter().map(|(variant, _)| ident(variant)).collect();
    let wires: Vec<&str> = values
        .iter()
        .map(|(_, value)| value.name.as_str())
        .collect();
    let variant_docs = values.iter().map(|(_, value)| {
        let comment = match &value.doc {
            Some(description) => Doc::new().prose(&description.text).note(format!(
                "Wire value: {}.",
                code(&format!("\"{}\"", value.name))
            )),
            None => Doc::new().note(format!("{}.", code(&format!("\"{}\"", value.name)))),
        };
        let comment = wording::item_notes(
            comment,
            value.since.as_ref(),
            &value.features,
            value.condition.as_ref(),
        );
        let comment = comment.located(doc.at(value.span)).tokens();
        let deprecated = deprecated(&value.features);
        quote!(#comment #deprecated)
    });
    let other_doc = Doc::new()
        .note(
            "A value the document does not list (a newer QEMU may send one), kept as received. \
             Build values with `From<&str>`, which never puts a listed value here.",
        )
        .tokens();
    quote! {
        #comment
        #deprecated_type
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[allow(clippy::enum_variant_names)]
        pub enum #name {
            #( #variant_docs #variants, )*
            #other_doc
            #other(String),
        }

        #allow
        impl #name {
            /// The values the document lists, in its order.
            pub const VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::#other(value) => value,
                }
            }

            /// Whether the document lists this value.
            pub fn is_documented(&self) -> bool {
                !matches!(self, Self::#other(_))
            }
        }

        #allow
        impl ::core::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #wires => Self::#variants, )*
                    other => Self::#other(other.to_owned()),
                }
            }
        }

        #allow
        impl ::core::convert::From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #( #wires => Self::#variants, )*
                    _ => Self::#other(value),
                }
            }
        }

        #allow
        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #allow
        impl #serde::Serialize for #name {
            fn serialize<__S: #serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #allow
        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<__D: #serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                ::qmp_events::__private::deserialize_enum(deserializer)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema_of(text: &str) -> Schema {
        let parsed = crate::text::parse::parse(text);
        assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
        crate::text::lower::lower(&parsed.spec, "test.txt")
    }

    #[test]
    fn events_claim_their_names_before_nested_types() {
        // LINK's member "up" would be `LinkUp`, which the later event LINK_UP owns.
        let schema = schema_of(
            "LINK\n----\n\nEmitted.\n\nData:\n\n- \"up\": state (json-string, \"yes\" or \"no\")\n\n\
             LINK_UP\n-------\n\nEmitted.\n\nData: None.\n",
        );
        let space = TypeSpace::new(&schema);
        let names: Vec<&str> = space.events.iter().map(|e| e.type_name.as_str()).collect();
        assert_eq!(names, ["Link", "LinkUp"]);
        assert_eq!(space.types[0].name, "LinkUp2");
        let Body::Fields(members) = &space.events[0].body else {
            panic!("LINK has fields")
        };
        assert_eq!(members[0].ty, Ty::Named("LinkUp2".to_owned()));
    }

    #[test]
    fn reserved_names_are_never_type_names() {
        let schema = schema_of(
            "MESSAGE\n-------\n\nEmitted.\n\nData: None.\n\nSTRING\n------\n\nEmitted.\n\nData: None.\n",
        );
        let space = TypeSpace::new(&schema);
        let names: Vec<&str> = space.events.iter().map(|e| e.type_name.as_str()).collect();
        assert_eq!(names, ["Message2", "String2"]);
        // Variants live in their own namespace: only `Unknown` is taken there.
        assert_eq!(space.events[0].variant, "Message");
    }

    #[test]
    fn type_names_are_kept_when_rust_can_use_them() {
        assert_eq!(rust_type_name("ACPIOSTInfo"), "ACPIOSTInfo");
        assert_eq!(rust_type_name("Event2Mode"), "Event2Mode");
        assert_eq!(
            rust_type_name("q_obj_BLOCK_IO_ERROR-arg"),
            "QObjBlockIoErrorArg"
        );
        assert_eq!(rust_type_name("Self"), "Self_");
        assert_eq!(rust_type_name("lower"), "Lower");
    }
}
