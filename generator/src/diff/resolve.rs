//! References across descriptions: the text names some types only as documented elsewhere
//! (ACPI_DEVICE_OST's data is an "ACPIOSTInfo type as described in qapi-schema.json",
//! DUMP_COMPLETED's `result` a `DumpQueryResult`). When the other description of a diff defines
//! a type of that name, the reference means that type: it is copied in, with the types it uses,
//! so that the diff compares its members by structure like any other. The copies stand where the
//! description names the type (its members have no place of their own there), and a reference
//! the other side does not define stays what it was, compared by its name.

use std::borrow::Cow;
use std::collections::BTreeSet;

use super::object_name;
use crate::model::{Doc, Member, NamedType, Schema, Span, TypeKind, TypeRef, Unknown};

/// `schema` with each type it names as documented elsewhere replaced by `other`'s type of that
/// name, where `other` defines one; `schema` itself when there is none.
pub(super) fn resolve<'a>(schema: &'a Schema, other: &Schema) -> Cow<'a, Schema> {
    let defined = |ty: &TypeRef| elsewhere(ty).is_some_and(|name| other.named(name).is_some());
    let any = schema
        .events
        .iter()
        .any(|event| event.data.as_ref().is_some_and(defined))
        || schema
            .types
            .values()
            .flat_map(object_members)
            .any(|member| defined(&member.ty));
    if !any {
        return Cow::Borrowed(schema);
    }
    let mut resolved = schema.clone();
    // The references and where they stand: events' data, then the members of object types.
    let mut references = Vec::new();
    for event in &schema.events {
        if let Some(name) = event.data.as_ref().and_then(elsewhere) {
            references.push((name, event.data_span.unwrap_or(event.span)));
        }
    }
    for member in schema.types.values().flat_map(object_members) {
        if let Some(name) = elsewhere(&member.ty) {
            references.push((name, member.span));
        }
    }
    let mut imported = BTreeSet::new();
    for (name, anchor) in references {
        import(&mut resolved, other, name, anchor, &mut imported);
    }
    for event in &mut resolved.events {
        if let Some(data) = &mut event.data {
            refer(data, &imported);
        }
    }
    for named in resolved.types.values_mut() {
        if let TypeKind::Object(object) = &mut named.kind {
            for member in &mut object.members {
                refer(&mut member.ty, &imported);
            }
        }
    }
    Cow::Owned(resolved)
}

/// The name of the type `ty` (or its arrays' elements) is documented elsewhere as.
fn elsewhere(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Unknown(Unknown::Elsewhere { name }) => Some(name),
        TypeRef::Array(element) => elsewhere(element),
        _ => None,
    }
}

/// The own members of an object type (none for other types: the text makes only objects).
fn object_members(named: &NamedType) -> &[Member] {
    match &named.kind {
        TypeKind::Object(object) => &object.members,
        _ => &[],
    }
}

/// Makes a reference to a type now in `imported` refer to it.
fn refer(ty: &mut TypeRef, imported: &BTreeSet<String>) {
    match ty {
        TypeRef::Unknown(Unknown::Elsewhere { name }) if imported.contains(name.as_str()) => {
            *ty = TypeRef::Named(std::mem::take(name));
        }
        TypeRef::Array(element) => refer(element, imported),
        _ => {}
    }
}

/// Copies `other`'s type `name` and every type it uses into `schema`, placed at `anchor`,
/// unless one of them would take a name `schema` already gives a type of its own (the reference
/// then stays unresolved). A type copied for an earlier reference is not copied again.
fn import(
    schema: &mut Schema,
    other: &Schema,
    name: &str,
    anchor: Span,
    imported: &mut BTreeSet<String>,
) {
    if imported.contains(name) {
        return;
    }
    let mut closure = BTreeSet::new();
    uses(other, name, &mut closure);
    if closure.is_empty()
        || closure
            .iter()
            .any(|used| schema.types.contains_key(*used) && !imported.contains(*used))
    {
        return;
    }
    for used in closure {
        if imported.insert(used.to_owned()) {
            let mut copy = other.types[used].clone();
            place(&mut copy, anchor);
            schema.types.insert(used.to_owned(), copy);
        }
    }
}

/// `name` and every named type it uses, when `schema` defines it.
fn uses<'a>(schema: &'a Schema, name: &str, out: &mut BTreeSet<&'a str>) {
    let Some(named) = schema.named(name) else {
        return;
    };
    if !out.insert(named.name.as_str()) {
        return;
    }
    let mut refs: Vec<&TypeRef> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    match &named.kind {
        TypeKind::Object(object) => {
            names.extend(object.base.as_deref());
            refs.extend(object.members.iter().map(|member| &member.ty));
        }
        TypeKind::Enum(_) => {}
        TypeKind::Union(union) => {
            names.push(&union.base);
            names.extend(union.variants.iter().map(|variant| variant.ty.as_str()));
        }
        TypeKind::Alternate(alternatives) => {
            refs.extend(alternatives.iter().map(|alternative| &alternative.ty));
        }
    }
    names.extend(refs.into_iter().filter_map(object_name));
    for used in names {
        uses(schema, used, out);
    }
}

/// Places a copied type and everything in it at `anchor`, in the description that refers to it.
fn place(named: &mut NamedType, anchor: Span) {
    named.span = anchor;
    place_doc(&mut named.doc, anchor);
    match &mut named.kind {
        TypeKind::Object(object) => {
            for member in &mut object.members {
                member.span = anchor;
                if let Some(doc) = &mut member.doc {
                    doc.span = anchor;
                }
            }
        }
        TypeKind::Enum(values) => {
            for value in &mut values.values {
                value.span = anchor;
                if let Some(doc) = &mut value.doc {
                    doc.span = anchor;
                }
            }
        }
        TypeKind::Union(union) => {
            for variant in &mut union.variants {
                variant.span = anchor;
            }
        }
        TypeKind::Alternate(alternatives) => {
            for alternative in alternatives {
                alternative.span = anchor;
            }
        }
    }
}

fn place_doc(doc: &mut Doc, anchor: Span) {
    let texts = doc
        .description
        .iter_mut()
        .chain(&mut doc.notes)
        .chain(doc.sections.iter_mut().map(|section| &mut section.text));
    for text in texts {
        text.span = anchor;
    }
    for example in &mut doc.examples {
        example.lines.iter_mut().for_each(|line| *line = anchor);
    }
}
