//! The Rust types of one document: a struct per event, nested structs for json-object members,
//! enums for enumerated strings.
//!
//! First a [`TypeSpace`] is planned from the model: every name is chosen (through
//! [`Namespace`]s, in document order, so the output never depends on hash order) and identical
//! shapes are shared. Then [`tokens`] turns the plan into items. [`super::wire`] reads the same
//! plan for the `Event` enum.
//!
//! Type mapping: json-string → `String`, or an enum with an `Other(String)` variant when the
//! document lists values; json-int → `i64` (QEMU's int is 64-bit); json-bool → `bool`;
//! json-number → `serde_json::Number`; json-object with members → a nested struct;
//! anything the document does not describe (a type documented elsewhere, a member without a
//! type, a json-object without members, prose-only data) → `serde_json::Value`, with a doc note
//! saying why. Optional members are `Option<T>`.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::DocRef;
use super::docs::{Doc, code};
use super::names::{Case, Namespace, camel_case, ident, snake_case};
use crate::text::model::{Data, Event, Field, Type, Value};

/// Type names the generated module must not define, because it uses them (`Event`, `Message`)
/// or names them unqualified (the prelude's types and derive macros).
pub const RESERVED: &[&str] = &[
    "Event",
    "Message",
    "Timestamp",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "AsRef",
    "AsMut",
    "Iterator",
    "IntoIterator",
    "Extend",
    "ToOwned",
    "ToString",
    "Unpin",
];

/// The variant of `Event` that holds events the document does not list.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// The variant of every generated enum that holds values the document does not list.
pub const OTHER_VARIANT: &str = "Other";

/// The planned types of one document.
#[derive(Debug)]
pub struct TypeSpace<'a> {
    /// One entry per distinct event name, in document order (a repeated name keeps its first).
    pub events: Vec<EventType<'a>>,
    /// Nested structs for json-object members, in the order they were planned.
    pub structs: Vec<StructType<'a>>,
    /// Enums for enumerated strings, in the order they were planned.
    pub enums: Vec<EnumType<'a>>,
    /// Items in output order: each event followed by the types first planned for it.
    order: Vec<ItemRef>,
}

/// An item of the type space, by index.
#[derive(Debug, Clone, Copy)]
enum ItemRef {
    Event(usize),
    Struct(usize),
    Enum(usize),
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
    /// Nothing: the document documents no data (`Data: None.` or no `Data:` at all). Data that
    /// arrives anyway is ignored.
    Empty,
    /// The documented members.
    Fields(Vec<Member<'a>>),
    /// The whole data as a `serde_json::Value`, for the reason given.
    Opaque(String),
}

/// A member of a generated struct.
#[derive(Debug)]
pub struct Member<'a> {
    /// The field in the model.
    pub field: &'a Field,
    /// The Rust field name (`tray_open`).
    pub ident: String,
    /// Its type.
    pub ty: Ty,
}

/// The Rust type of a member (before `Option` for optional members).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// json-string: `String`.
    String,
    /// json-int: `i64`.
    Int,
    /// json-bool: `bool`.
    Bool,
    /// json-number: `serde_json::Number`.
    Number,
    /// `serde_json::Value`, for the reason given.
    Value(String),
    /// A nested struct, by name.
    Struct(String),
    /// An enum of documented values, by name.
    Enum(String),
}

/// A nested struct for a json-object member (shared by every member of the same shape).
#[derive(Debug)]
pub struct StructType<'a> {
    /// The struct's name (`VncConnectedServer`).
    pub name: String,
    /// The member it was first planned for.
    pub field: &'a Field,
    /// The event of that member.
    pub event: &'a str,
    /// Its members.
    pub members: Vec<Member<'a>>,
}

/// An enum for an enumerated string member (shared by every member with the same values).
#[derive(Debug)]
pub struct EnumType<'a> {
    /// The enum's name (`BlockIoErrorAction`).
    pub name: String,
    /// The member it was first planned for.
    pub field: &'a Field,
    /// The event of that member.
    pub event: &'a str,
    /// One variant name per documented value, in document order.
    pub variants: Vec<(String, &'a Value)>,
}

impl<'a> TypeSpace<'a> {
    /// How many items (structs and enums) the planned types make.
    pub fn items(&self) -> usize {
        self.order.len()
    }

    /// Plans the types of `spec`.
    pub fn new(spec: &'a crate::text::model::Spec) -> Self {
        let mut planner = Planner::default();
        planner.types.reserve(RESERVED.iter().copied());
        planner.variants.reserve([UNKNOWN_VARIANT]);

        // Events claim their names first, so that a nested type never takes an event's name.
        let mut seen = BTreeSet::new();
        let mut events = Vec::new();
        for event in &spec.events {
            if seen.insert(event.name.as_str()) {
                let wanted = camel_case(&event.name);
                let type_name = planner.types.claim(&wanted, Case::Camel);
                let variant = planner.variants.claim(&wanted, Case::Camel);
                events.push((event, type_name, variant));
            }
        }
        let mut planned = Vec::new();
        for (event, type_name, variant) in events {
            planner.order.push(ItemRef::Event(planned.len()));
            let body = match &event.data {
                Data::Unspecified | Data::None { .. } => Body::Empty,
                Data::Fields { .. } => {
                    Body::Fields(planner.members(&event.fields, &type_name, &event.name))
                }
                Data::Reference { type_name, .. } => Body::Opaque(format!(
                    "the document refers to {} for this data, which it does not describe",
                    code(type_name)
                )),
                Data::Prose { .. } => {
                    Body::Opaque("the document describes this data in prose only".to_owned())
                }
            };
            planned.push(EventType {
                event,
                type_name,
                variant,
                body,
            });
        }
        TypeSpace {
            events: planned,
            structs: planner.structs,
            enums: planner.enums,
            order: planner.order,
        }
    }
}

/// The state of planning: names taken so far and shapes already given a type.
#[derive(Default)]
struct Planner<'a> {
    types: Namespace,
    variants: Namespace,
    structs: Vec<StructType<'a>>,
    enums: Vec<EnumType<'a>>,
    struct_shapes: BTreeMap<String, String>,
    enum_shapes: BTreeMap<Vec<&'a str>, String>,
    order: Vec<ItemRef>,
}

impl<'a> Planner<'a> {
    /// The members of a struct named `owner`, planning their nested types.
    fn members(&mut self, fields: &'a [Field], owner: &str, event: &'a str) -> Vec<Member<'a>> {
        let mut idents = Namespace::default();
        let mut members = Vec::new();
        let mut wire_names = BTreeSet::new();
        for field in fields {
            // A member documented twice is read once; the first description wins.
            if !wire_names.insert(field.name.as_str()) {
                continue;
            }
            let ident = idents.claim(&snake_case(&field.name), Case::Snake);
            let ty = self.ty(field, owner, event);
            members.push(Member { field, ident, ty });
        }
        members
    }

    fn ty(&mut self, field: &'a Field, owner: &str, event: &'a str) -> Ty {
        match &field.ty {
            Some(Type::String) if !field.values.is_empty() => {
                Ty::Enum(self.enum_type(field, owner, event))
            }
            Some(Type::String) => Ty::String,
            Some(Type::Int) => Ty::Int,
            Some(Type::Bool) => Ty::Bool,
            Some(Type::Number) => Ty::Number,
            Some(Type::Object) if !field.fields.is_empty() => {
                Ty::Struct(self.struct_type(field, owner, event))
            }
            Some(Type::Object) => Ty::Value(
                "the document calls it a json-object but lists none of its members".to_owned(),
            ),
            Some(Type::Named(name)) => Ty::Value(format!(
                "its type, {}, is documented elsewhere, not in this document",
                code(name)
            )),
            None => Ty::Value(match field.unknown_type() {
                Some(word) => format!(
                    "its annotation names {}, which is no JSON type of the document",
                    code(&word.text)
                ),
                None => "the document gives it no type".to_owned(),
            }),
        }
    }

    fn enum_type(&mut self, field: &'a Field, owner: &str, event: &'a str) -> String {
        let mut seen = BTreeSet::new();
        let values: Vec<&'a Value> = field
            .values
            .iter()
            .filter(|value| seen.insert(value.name.as_str()))
            .collect();
        let shape: Vec<&'a str> = values.iter().map(|value| value.name.as_str()).collect();
        if let Some(name) = self.enum_shapes.get(&shape) {
            return name.clone();
        }
        let name = self
            .types
            .claim(&format!("{owner}{}", camel_case(&field.name)), Case::Camel);
        let mut variant_names = Namespace::default();
        variant_names.reserve([OTHER_VARIANT]);
        let variants = values
            .into_iter()
            .map(|value| {
                let variant = variant_names.claim(&camel_case(&value.name), Case::Camel);
                (variant, value)
            })
            .collect();
        self.enum_shapes.insert(shape, name.clone());
        self.order.push(ItemRef::Enum(self.enums.len()));
        self.enums.push(EnumType {
            name: name.clone(),
            field,
            event,
            variants,
        });
        name
    }

    fn struct_type(&mut self, field: &'a Field, owner: &str, event: &'a str) -> String {
        let shape = shape(&field.fields);
        if let Some(name) = self.struct_shapes.get(&shape) {
            return name.clone();
        }
        let name = self
            .types
            .claim(&format!("{owner}{}", camel_case(&field.name)), Case::Camel);
        self.struct_shapes.insert(shape, name.clone());
        let at = self.order.len();
        let members = self.members(&field.fields, &name, event);
        // The struct comes before the types planned for its own members.
        self.order.insert(at, ItemRef::Struct(self.structs.len()));
        self.structs.push(StructType {
            name: name.clone(),
            field,
            event,
            members,
        });
        name
    }
}

/// What makes two json-objects the same type: their members' names, types, optionality,
/// values and nested members, in order (descriptions may differ).
fn shape(fields: &[Field]) -> String {
    let mut out = String::from("{");
    for field in fields {
        let ty = field.ty.as_ref().map_or("", Type::as_str);
        let values: Vec<&str> = field
            .values
            .iter()
            .map(|value| value.name.as_str())
            .collect();
        out.push_str(&format!(
            "{:?}:{ty:?}:{}:{:?}:{};",
            field.name,
            field.optional,
            values,
            shape(&field.fields)
        ));
    }
    out.push('}');
    out
}

/// The path of the serde crate, as the generated code reaches it.
pub fn serde() -> TokenStream {
    quote!(::qmp_events::__private::serde)
}

/// The path of the serde_json crate, as the generated code reaches it.
pub fn serde_json() -> TokenStream {
    quote!(::qmp_events::__private::serde_json)
}

/// The derives and serde attributes of every generated struct.
fn struct_derives() -> TokenStream {
    let serde = serde();
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, #serde::Serialize, #serde::Deserialize)]
        #[serde(crate = "::qmp_events::__private::serde")]
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
            ItemRef::Event(index) => event_struct(&space.events[index], doc),
            ItemRef::Struct(index) => nested_struct(&space.structs[index], doc),
            ItemRef::Enum(index) => enum_type(&space.enums[index], doc),
        });
    }
    out
}

fn event_struct(planned: &EventType<'_>, doc: &DocRef) -> TokenStream {
    let event = planned.event;
    let name = ident(&planned.type_name);
    let derives = struct_derives();
    let mut comment = Doc::new();
    comment = match &event.description {
        Some(description) => comment.prose(&description.text),
        None => comment.note(format!("The {} event.", code(&event.name))),
    };
    comment = comment.note(format!("Wire name: {}.", code(&event.name)));
    comment = match &event.data {
        Data::Unspecified => comment.note(
            "The document does not say what data this event carries: data that arrives is \
             accepted and ignored.",
        ),
        Data::None { .. } => comment.note(
            "The document says this event carries no data (`Data: None.`): data that a newer \
             QEMU sends is accepted and ignored.",
        ),
        Data::Reference { text, .. } | Data::Prose { text, .. } => {
            comment.note("Data, in the document's words:").prose(text)
        }
        Data::Fields { .. } => comment,
    };
    for note in &event.notes {
        comment = comment.prose(&format!("Note: {}", note.text));
    }
    for example in &event.examples {
        comment = comment.json(example.label.as_deref().or(Some("Example:")), &example.text);
    }
    let comment = comment.located(doc.at(event.span)).tokens();
    match &planned.body {
        Body::Empty => quote! {
            #comment
            #[derive(Default)]
            #derives
            pub struct #name {}
        },
        Body::Fields(members) => {
            let fields = members.iter().map(|member| struct_field(member, doc));
            quote! {
                #comment
                #derives
                pub struct #name { #(#fields)* }
            }
        }
        Body::Opaque(why) => {
            let serde_json = serde_json();
            let at = event.data.span().unwrap_or(event.span);
            let field_doc = Doc::new()
                .note(format!(
                    "The event's data, kept as a `serde_json::Value` because {why}."
                ))
                .located(doc.at(at))
                .tokens();
            quote! {
                #comment
                #derives
                #[serde(transparent)]
                pub struct #name {
                    #field_doc
                    pub data: #serde_json::Value,
                }
            }
        }
    }
}

fn nested_struct(planned: &StructType<'_>, doc: &DocRef) -> TokenStream {
    let name = ident(&planned.name);
    let derives = struct_derives();
    let fields = planned
        .members
        .iter()
        .map(|member| struct_field(member, doc));
    let comment = Doc::new()
        .prose(&planned.field.description)
        .note(format!(
            "The members of {} in {} (and of every json-object the document documents with \
             the same members).",
            code(&format!("\"{}\"", planned.field.name)),
            code(planned.event)
        ))
        .located(doc.at(planned.field.span))
        .tokens();
    quote! {
        #comment
        #derives
        pub struct #name { #(#fields)* }
    }
}

/// The Rust type of a member.
pub fn ty_tokens(ty: &Ty) -> TokenStream {
    let serde_json = serde_json();
    match ty {
        Ty::String => quote!(String),
        Ty::Int => quote!(i64),
        Ty::Bool => quote!(bool),
        Ty::Number => quote!(#serde_json::Number),
        Ty::Value(_) => quote!(#serde_json::Value),
        Ty::Struct(name) | Ty::Enum(name) => {
            let name = ident(name);
            quote!(#name)
        }
    }
}

fn struct_field(member: &Member<'_>, doc: &DocRef) -> TokenStream {
    let field = member.field;
    let name = ident(&member.ident);
    let wire = &field.name;
    // What the document says of the member's form: `"tray-open"` (json-bool, optional).
    let ty = field.ty.as_ref().map_or("no type given", Type::as_str);
    let form = if field.optional {
        format!(
            "Wire: {} ({ty}, optional): `None` when QEMU leaves it out.",
            code(&format!("\"{wire}\""))
        )
    } else {
        format!("Wire: {} ({ty}).", code(&format!("\"{wire}\"")))
    };
    let mut comment = Doc::new().prose(&field.description).note(form);
    if let Ty::Value(why) = &member.ty {
        comment = comment.note(format!("Kept as a `serde_json::Value` because {why}."));
    }
    let comment = comment.located(doc.at(field.span)).tokens();
    let inner = ty_tokens(&member.ty);
    let rename = (member.ident != *wire).then(|| quote!(#[serde(rename = #wire)]));
    if field.optional {
        quote! {
            #comment
            #rename
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub #name: Option<#inner>,
        }
    } else {
        quote! {
            #comment
            #rename
            pub #name: #inner,
        }
    }
}

fn enum_type(planned: &EnumType<'_>, doc: &DocRef) -> TokenStream {
    let name = ident(&planned.name);
    let serde = serde();
    let other = ident(OTHER_VARIANT);
    let wire_field = code(&format!("\"{}\"", planned.field.name));
    let comment = Doc::new()
        .prose(&planned.field.description)
        .note(format!(
            "The values the document lists for {wire_field} in {} (and for every member it \
             documents with the same values). A value it does not list is kept in \
             [`Self::{OTHER_VARIANT}`].",
            code(planned.event)
        ))
        .located(doc.at(planned.field.span))
        .tokens();
    let variants: Vec<_> = planned
        .variants
        .iter()
        .map(|(variant, _)| ident(variant))
        .collect();
    let wires: Vec<&str> = planned
        .variants
        .iter()
        .map(|(_, value)| value.name.as_str())
        .collect();
    let variant_docs = planned.variants.iter().map(|(_, value)| {
        let comment = match &value.description {
            Some(description) => Doc::new().prose(description).note(format!(
                "Wire value: {}.",
                code(&format!("\"{}\"", value.name))
            )),
            None => Doc::new().note(format!("{}.", code(&format!("\"{}\"", value.name)))),
        };
        comment.located(doc.at(value.span)).tokens()
    });
    let other_doc = Doc::new()
        .note(
            "A value the document does not list (a newer QEMU may send one), kept as received. \
             Build values with `From<&str>`, which never puts a listed value here.",
        )
        .tokens();
    quote! {
        #comment
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[allow(clippy::enum_variant_names)]
        pub enum #name {
            #( #variant_docs #variants, )*
            #other_doc
            #other(String),
        }

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

        impl ::core::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #wires => Self::#variants, )*
                    other => Self::#other(other.to_owned()),
                }
            }
        }

        impl ::core::convert::From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #( #wires => Self::#variants, )*
                    _ => Self::#other(value),
                }
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl #serde::Serialize for #name {
            fn serialize<__S: #serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

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

    fn spec_of(text: &str) -> crate::text::model::Spec {
        let parsed = crate::text::parse::parse(text);
        assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
        parsed.spec
    }

    #[test]
    fn events_claim_their_names_before_nested_types() {
        // LINK's member "up" would be `LinkUp`, which the later event LINK_UP owns.
        let spec = spec_of(
            "LINK\n----\n\nEmitted.\n\nData:\n\n- \"up\": state (json-string, \"yes\" or \"no\")\n\n\
             LINK_UP\n-------\n\nEmitted.\n\nData: None.\n",
        );
        let space = TypeSpace::new(&spec);
        let names: Vec<&str> = space.events.iter().map(|e| e.type_name.as_str()).collect();
        assert_eq!(names, ["Link", "LinkUp"]);
        assert_eq!(space.enums[0].name, "LinkUp2");
        let Body::Fields(members) = &space.events[0].body else {
            panic!("LINK has fields")
        };
        assert_eq!(members[0].ty, Ty::Enum("LinkUp2".to_owned()));
    }

    #[test]
    fn reserved_names_are_never_type_names() {
        let spec = spec_of(
            "MESSAGE\n-------\n\nEmitted.\n\nData: None.\n\nSTRING\n------\n\nEmitted.\n\nData: None.\n",
        );
        let space = TypeSpace::new(&spec);
        let names: Vec<&str> = space.events.iter().map(|e| e.type_name.as_str()).collect();
        assert_eq!(names, ["Message2", "String2"]);
        // Variants live in their own namespace: only `Unknown` is taken there.
        assert_eq!(space.events[0].variant, "Message");
    }

    #[test]
    fn objects_share_a_type_only_when_their_members_match() {
        let same = shape(&spec_of(
            "A_B\n---\n\nEmitted.\n\nData:\n\n- \"x\": one (json-object)\n  - \"h\": host (json-string)\n",
        )
        .events[0]
            .fields[0]
            .fields);
        let optional = shape(&spec_of(
            "A_B\n---\n\nEmitted.\n\nData:\n\n- \"x\": one (json-object)\n  - \"h\": host (json-string, optional)\n",
        )
        .events[0]
            .fields[0]
            .fields);
        assert_ne!(same, optional);
    }
}
