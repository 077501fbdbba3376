//! `qmpgen schema` for a QAPI schema or a QEMU's introspection: the event-centric view of the
//! model, as JSON for tools and as a tree for people.
//!
//! Each event with its file and line, `since`, features and `if`, and its `fields`: the data's
//! members in wire order (a base's first), each with its QAPI type name (`str`, `['str']`,
//! `BlockErrorAction`), `optional`, `values` when it is an enum, `fields` when it is an object (a
//! union's: its common members, with `variants` for the rest) and `alternatives` when it is an
//! alternate. A type that contains itself is expanded once on each path.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use qmp_events_runtime::Count;
use qmpgen::model::{
    Condition, Event, Feature, Format, Member, Schema, Text, TypeKind, TypeRef, Unknown,
};
use serde::Serialize;

/// The view: `{"format": "qapi", "files", "events"}` (`"introspection"`, with `"qemu"` when the
/// file names it, for a QEMU's introspection).
#[derive(Debug, Serialize)]
pub struct View {
    format: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    qemu: Option<String>,
    files: Vec<String>,
    events: Vec<EventView>,
}

#[derive(Debug, Serialize)]
struct EventView {
    name: String,
    file: String,
    line: u32,
    column: u32,
    description: Option<String>,
    since: Option<String>,
    features: Vec<String>,
    #[serde(rename = "if")]
    condition: Option<serde_json::Value>,
    /// The named type of the data (`null` without data; `q_obj_EVENT-arg` for inline members).
    data: Option<String>,
    fields: Vec<Field>,
    /// The data's variants, when it is a union (boxed data).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    variants: Vec<VariantView>,
    examples: Vec<ExampleView>,
}

#[derive(Debug, Serialize)]
struct Field {
    name: String,
    file: String,
    line: u32,
    column: u32,
    #[serde(rename = "type")]
    ty: String,
    optional: bool,
    description: Option<String>,
    since: Option<String>,
    features: Vec<String>,
    #[serde(rename = "if")]
    condition: Option<serde_json::Value>,
    values: Vec<ValueView>,
    fields: Vec<Field>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    variants: Vec<VariantView>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    alternatives: Vec<String>,
}

#[derive(Debug, Serialize)]
struct ValueView {
    name: String,
    description: Option<String>,
    line: u32,
    column: u32,
    #[serde(rename = "if")]
    condition: Option<serde_json::Value>,
}

#[derive(Debug, Serialize)]
struct VariantView {
    value: String,
    #[serde(rename = "type")]
    ty: String,
    fields: Vec<Field>,
}

#[derive(Debug, Serialize)]
struct ExampleView {
    line: u32,
    column: u32,
    text: String,
}

/// The event-centric view of `schema`.
pub fn view(schema: &Schema) -> View {
    let builder = Builder { schema };
    View {
        format: match schema.source.format {
            Format::Introspection => "introspection",
            _ => "qapi",
        },
        qemu: schema.source.qemu.clone(),
        files: schema.source.files.clone(),
        events: schema
            .events
            .iter()
            .map(|event| builder.event(event))
            .collect(),
    }
}

/// Walks the model for one view.
struct Builder<'s> {
    schema: &'s Schema,
}

impl<'s> Builder<'s> {
    fn event(&self, event: &'s Event) -> EventView {
        let mut open = BTreeSet::new();
        let (fields, variants) = match &event.data {
            Some(ty) => self.contents(ty, &mut open),
            None => Default::default(),
        };
        EventView {
            name: event.name.clone(),
            file: self.schema.file(event.span).to_owned(),
            line: event.span.line,
            column: event.span.column,
            description: text(event.doc.description.as_ref()),
            since: text(event.since.as_ref()),
            features: names(&event.features),
            condition: event.condition.as_ref().map(condition),
            data: event.data.as_ref().map(type_name),
            fields,
            variants,
            examples: event
                .doc
                .examples
                .iter()
                .map(|example| ExampleView {
                    line: example.span().line,
                    column: example.span().column,
                    text: example.text.clone(),
                })
                .collect(),
        }
    }

    /// The members (and a union's variants) of the object or union `ty` is; nothing for other
    /// types, or for a type already open on this path.
    fn contents(
        &self,
        ty: &'s TypeRef,
        open: &mut BTreeSet<&'s str>,
    ) -> (Vec<Field>, Vec<VariantView>) {
        let TypeRef::Named(name) = element(ty) else {
            return Default::default();
        };
        let Some(named) = self.schema.named(name) else {
            return Default::default();
        };
        if !open.insert(name) {
            return Default::default();
        }
        let contents = match &named.kind {
            TypeKind::Object(_) => (self.fields(name, open), Vec::new()),
            TypeKind::Union(union) => {
                let variants = union
                    .variants
                    .iter()
                    .map(|variant| VariantView {
                        value: variant.value.clone(),
                        ty: variant.ty.clone(),
                        fields: self.fields(&variant.ty, open),
                    })
                    .collect();
                (self.fields(&union.base, open), variants)
            }
            TypeKind::Enum(_) | TypeKind::Alternate(_) => Default::default(),
        };
        open.remove(name.as_str());
        contents
    }

    /// The members of the object type `object`, a base's first.
    fn fields(&self, object: &str, open: &mut BTreeSet<&'s str>) -> Vec<Field> {
        self.schema
            .object_members(object)
            .into_iter()
            .map(|member| self.field(member, open))
            .collect()
    }

    fn field(&self, member: &'s Member, open: &mut BTreeSet<&'s str>) -> Field {
        let (fields, variants) = self.contents(&member.ty, open);
        let kind = match element(&member.ty) {
            TypeRef::Named(name) => self.schema.named(name).map(|named| &named.kind),
            _ => None,
        };
        let values = match kind {
            Some(TypeKind::Enum(values)) => values
                .values
                .iter()
                .map(|value| ValueView {
                    name: value.name.clone(),
                    description: text(value.doc.as_ref()),
                    line: value.span.line,
                    column: value.span.column,
                    condition: value.condition.as_ref().map(condition),
                })
                .collect(),
            _ => Vec::new(),
        };
        let alternatives = match kind {
            Some(TypeKind::Alternate(alternatives)) => alternatives
                .iter()
                .map(|alternative| type_name(&alternative.ty))
                .collect(),
            _ => Vec::new(),
        };
        Field {
            name: member.name.clone(),
            file: self.schema.file(member.span).to_owned(),
            line: member.span.line,
            column: member.span.column,
            ty: type_name(&member.ty),
            optional: member.optional,
            description: text(member.doc.as_ref()),
            since: text(member.since.as_ref()),
            features: names(&member.features),
            condition: member.condition.as_ref().map(condition),
            values,
            fields,
            variants,
            alternatives,
        }
    }
}

/// The element type of an array (of an array…), or the type itself.
fn element(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Array(element) => self::element(element),
        other => other,
    }
}

/// A type as QAPI writes it: `str`, `BlockErrorAction`, `['str']`, an undefined name as written.
fn type_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Builtin(builtin) => builtin.name().to_owned(),
        TypeRef::Named(name) | TypeRef::Unknown(Unknown::Elsewhere { name }) => name.clone(),
        TypeRef::Array(element) => format!("['{}']", type_name(element)),
        TypeRef::Unknown(_) => "any".to_owned(),
    }
}

/// A condition as QAPI writes it: a name, `{"all": [...]}`, `{"any": [...]}`, `{"not": ...}`.
fn condition(condition: &Condition) -> serde_json::Value {
    let list = |conditions: &[Condition]| -> Vec<serde_json::Value> {
        conditions.iter().map(self::condition).collect()
    };
    match condition {
        Condition::Name(name) => serde_json::Value::String(name.clone()),
        Condition::All(all) => serde_json::json!({ "all": list(all) }),
        Condition::Any(any) => serde_json::json!({ "any": list(any) }),
        Condition::Not(not) => serde_json::json!({ "not": self::condition(not) }),
    }
}

fn names(features: &[Feature]) -> Vec<String> {
    features
        .iter()
        .map(|feature| feature.name.clone())
        .collect()
}

fn text(text: Option<&Text>) -> Option<String> {
    text.map(|text| text.text.clone())
}

/// The view as a tree for people: each event with its place, `since`, features and condition,
/// then its fields, indented by depth.
pub fn tree(view: &View) -> String {
    let mut out = String::new();
    let main = view.files.first().map_or("", String::as_str);
    let what = match (view.format, &view.qemu) {
        ("introspection", Some(qemu)) => format!("introspection of QEMU {qemu}"),
        ("introspection", None) => "introspection".to_owned(),
        _ => format!("QAPI, {}", Count::new(view.files.len(), "file")),
    };
    let _ = writeln!(
        out,
        "{main} ({what}): {}",
        Count::new(view.events.len(), "event")
    );
    for event in &view.events {
        let _ = writeln!(out, "\n{}  ({}:{})", event.name, event.file, event.line);
        if let Some(first) = event.description.as_deref().and_then(|d| d.lines().next()) {
            let _ = writeln!(out, "  {first}");
        }
        let mut notes = Vec::new();
        if let Some(since) = &event.since {
            notes.push(format!("since {since}"));
        }
        if !event.features.is_empty() {
            notes.push(format!("features: {}", event.features.join(", ")));
        }
        if let Some(condition) = &event.condition {
            notes.push(format!("if {condition}"));
        }
        if !notes.is_empty() {
            let _ = writeln!(out, "  {}", notes.join("; "));
        }
        match &event.data {
            None => {
                let _ = writeln!(out, "  data: none");
            }
            Some(data) => {
                let _ = writeln!(out, "  data: {data}");
                fields_tree(&mut out, &event.fields, &event.variants, 2);
            }
        }
    }
    out
}

fn fields_tree(out: &mut String, fields: &[Field], variants: &[VariantView], depth: usize) {
    let indent = "  ".repeat(depth);
    for field in fields {
        let optional = if field.optional { ", optional" } else { "" };
        let values = super::values(field.values.iter().map(|value| value.name.as_str()));
        let _ = write!(
            out,
            "{indent}- {}: {}{optional}{values}",
            field.name, field.ty
        );
        if !field.alternatives.is_empty() {
            let _ = write!(out, " (one of {})", field.alternatives.join(", "));
        }
        let _ = writeln!(out, "  (line {})", field.line);
        fields_tree(out, &field.fields, &field.variants, depth + 1);
    }
    for variant in variants {
        let _ = writeln!(out, "{indent}when {:?}: {}", variant.value, variant.ty);
        fields_tree(out, &variant.fields, &[], depth + 1);
    }
}
