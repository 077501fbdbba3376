//! The schema's type definitions lowered: structs, enums, unions (flat, simple, and 2.1-2.3's
//! anonymous ones) and alternates.

use super::attributes::{condition_of, features_of, named_list};
use super::{Definition, Lowering, Meta, docs};
use crate::model::{
    Alternative, Builtin, EnumType, EnumValue, Member, NamedType, ObjectType, Span, TypeKind,
    TypeRef, UnionType, Variant,
};
use crate::qapi::ast::{Value, ValueKind};
use crate::qapi::doc::QapiDoc;

/// QEMU's name of a simple union's discriminator.
const SIMPLE_TAG: &str = "type";

impl<'p> Lowering<'p> {
    /// The named type `definition` defines.
    pub(super) fn definition(&mut self, name: &'p str, definition: Definition<'p>) -> NamedType {
        let expression = &definition.expression.value;
        let doc = self.docs.of(definition.expression);
        let data = expression.get("data");
        let kind = match definition.meta {
            Meta::Struct => TypeKind::Object(ObjectType {
                base: self.base(expression),
                members: data.map(|data| self.members(data, doc)).unwrap_or_default(),
            }),
            Meta::Enum => TypeKind::Enum(EnumType {
                values: enum_values(data, doc),
            }),
            Meta::Union => match expression.get("discriminator").map(|value| &value.kind) {
                Some(ValueKind::Str(tag)) => {
                    TypeKind::Union(self.flat_union(name, definition, tag, data))
                }
                // QEMU 2.1-2.3 wrote alternates as unions with an empty discriminator.
                Some(ValueKind::Object(_)) => TypeKind::Alternate(self.alternatives(data)),
                _ => TypeKind::Union(self.simple_union(name, definition, data)),
            },
            Meta::Alternate => TypeKind::Alternate(self.alternatives(data)),
        };
        NamedType {
            name: name.to_owned(),
            span: definition.span,
            kind,
            doc: docs::doc(doc),
            since: doc.and_then(QapiDoc::since),
            features: docs::features(features_of(expression), doc),
            condition: condition_of(expression),
            implicit: false,
        }
    }

    /// A struct's or union's named base, reached.
    fn base(&mut self, expression: &'p Value) -> Option<String> {
        let name = expression.get("base")?.as_str()?;
        self.reach(name);
        Some(name.to_owned())
    }

    /// A flat union: its base (named, or inline as `q_obj_UNION-base`), its discriminator and a
    /// branch per `'VALUE': 'TYPE'` or `'VALUE': {'type': …, 'if': …}`.
    fn flat_union(
        &mut self,
        name: &str,
        definition: Definition<'p>,
        tag: &str,
        data: Option<&'p Value>,
    ) -> UnionType {
        let expression = &definition.expression.value;
        // The union's doc block describes its inline base's members.
        let doc = self.docs.of(definition.expression);
        let base = match expression.get("base") {
            Some(
                inline @ Value {
                    kind: ValueKind::Object(_),
                    ..
                },
            ) => self.inline_base(name, inline.span, Some(inline), doc),
            Some(_) => self.base(expression).unwrap_or_default(),
            None => self.inline_base(name, definition.span, None, doc),
        };
        let mut variants = Vec::new();
        for (key, value) in entries(data) {
            let ty = value.get("type").unwrap_or(value);
            let Some(ty) = ty.as_str() else {
                continue;
            };
            self.reach(ty);
            variants.push(Variant {
                value: key.to_owned(),
                ty: ty.to_owned(),
                span: value.span,
                condition: condition_of(value),
            });
        }
        UnionType {
            base,
            discriminator: tag.to_owned(),
            variants,
        }
    }

    /// A simple union as QEMU puts it on the wire: `{'type': KIND, 'data': VALUE}`, the
    /// discriminator `type` of the implicit enum `UNIONKind` (in the implicit base
    /// `q_obj_UNION-base`, after the named base's members, if any), and each branch the wrapper
    /// object `q_obj_TYPE-wrapper` holding `data`.
    fn simple_union(
        &mut self,
        name: &str,
        definition: Definition<'p>,
        data: Option<&'p Value>,
    ) -> UnionType {
        let mut values = Vec::new();
        let mut variants = Vec::new();
        for (key, value) in entries(data) {
            let ty = value.get("type").unwrap_or(value);
            let element = self.type_ref(ty);
            let wrapper = format!("q_obj_{}-wrapper", type_name(&element));
            self.implicit(
                wrapper.clone(),
                value.span,
                TypeKind::Object(ObjectType {
                    base: None,
                    members: vec![required("data", value.span, element)],
                }),
            );
            values.push(EnumValue {
                name: key.to_owned(),
                span: value.span,
                doc: None,
                since: None,
                features: Vec::new(),
                condition: condition_of(value),
            });
            variants.push(Variant {
                value: key.to_owned(),
                ty: wrapper,
                span: value.span,
                condition: condition_of(value),
            });
        }
        let kind = format!("{name}Kind");
        self.implicit(
            kind.clone(),
            definition.span,
            TypeKind::Enum(EnumType { values }),
        );
        let named_base = self.base(&definition.expression.value);
        let base = format!("q_obj_{name}-base");
        self.implicit(
            base.clone(),
            definition.span,
            TypeKind::Object(ObjectType {
                base: named_base,
                members: vec![required(SIMPLE_TAG, definition.span, TypeRef::Named(kind))],
            }),
        );
        UnionType {
            base,
            discriminator: SIMPLE_TAG.to_owned(),
            variants,
        }
    }

    /// A union's inline base, the implicit `q_obj_UNION-base`.
    fn inline_base(
        &mut self,
        union: &str,
        span: Span,
        members: Option<&'p Value>,
        doc: Option<&QapiDoc>,
    ) -> String {
        let name = format!("q_obj_{union}-base");
        let members = members
            .map(|data| self.members(data, doc))
            .unwrap_or_default();
        self.implicit(
            name.clone(),
            span,
            TypeKind::Object(ObjectType {
                base: None,
                members,
            }),
        );
        name
    }

    /// An alternate's types: `'NAME': TYPE` or `'NAME': {'type': …, 'if': …}`.
    fn alternatives(&mut self, data: Option<&'p Value>) -> Vec<Alternative> {
        entries(data)
            .map(|(_, value)| Alternative {
                ty: self.type_ref(value.get("type").unwrap_or(value)),
                span: value.span,
                condition: condition_of(value),
            })
            .collect()
    }
}

/// A member QEMU makes: required, undocumented.
fn required(name: &str, span: Span, ty: TypeRef) -> Member {
    Member {
        name: name.to_owned(),
        span,
        ty,
        optional: false,
        doc: None,
        since: None,
        features: Vec::new(),
        condition: None,
    }
}

/// The entries of an object value (none for another value, or none at all).
fn entries(data: Option<&Value>) -> impl Iterator<Item = (&str, &Value)> {
    let entries = match data.map(|data| &data.kind) {
        Some(ValueKind::Object(entries)) => entries.as_slice(),
        _ => &[],
    };
    entries
        .iter()
        .map(|(key, value)| (key.name.as_str(), value))
}

/// An enum's values: names, or `{'name': …, 'if': …, 'features': …}`.
fn enum_values(data: Option<&Value>, doc: Option<&QapiDoc>) -> Vec<EnumValue> {
    named_list(data)
        .map(|(name, value)| {
            let (doc, since) = docs::member(doc, name);
            EnumValue {
                name: name.to_owned(),
                span: value.span,
                doc,
                since,
                features: features_of(value),
                condition: condition_of(value),
            }
        })
        .collect()
}

/// How QEMU names a type in an implicit type's name: its own name, an array's element's with
/// `List` (`strList`).
fn type_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Builtin(builtin) => builtin.name().to_owned(),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Array(element) => format!("{}List", type_name(element)),
        TypeRef::Unknown(crate::model::Unknown::Elsewhere { name }) => name.clone(),
        TypeRef::Unknown(_) => Builtin::Any.name().to_owned(),
    }
}
