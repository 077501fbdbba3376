//! The entries lowered into the model: the events in order, and every type they reach, named
//! by where it is first reached (depth first, in the answer's order: the same names every run).

use std::collections::{BTreeMap, HashMap};

use serde_json::value::RawValue;

use super::input::{
    AlternateMember, Entry, EnumMember, Input, ObjectMember, UnionVariant, parse_at, span_of,
};
use super::{CYCLE, Locator, UNKNOWN_TYPE, names};
use crate::model::{
    Alternative, Builtin, Doc, EnumType, EnumValue, Event, Feature, Format, Member, NamedType,
    ObjectType, Schema, Source, Span, TypeKind, TypeRef, UnionType, Unknown, Variant,
};
use crate::names::{Case, Namespace};
use crate::qapi::report::Finding;

/// The schema the entries of `input` describe.
pub(super) fn lower(input: Input<'_>, locator: &Locator, file: &str) -> Result<Schema, Finding> {
    let mut entries: HashMap<String, (Entry<'_>, Span)> = HashMap::new();
    let mut events = Vec::new();
    for raw in &input.entries {
        let entry: Entry = parse_at(raw, locator)?;
        let span = span_of(raw, locator);
        if entry.meta_type == "event" {
            events.push((entry, span));
        } else {
            entries.entry(entry.name.clone()).or_insert((entry, span));
        }
    }
    let mut namespace = Namespace::default();
    // Names QEMU did not mask stay as they are: reserve them before any is made up.
    namespace.reserve(
        entries
            .keys()
            .filter(|name| !names::is_masked(name))
            .map(String::as_str),
    );
    let mut lowering = Lowering {
        locator,
        entries: &entries,
        named: HashMap::new(),
        namespace,
        types: BTreeMap::new(),
    };
    let mut lowered = Vec::new();
    for (event, span) in &events {
        if lowered.iter().any(|known: &Event| known.name == event.name) {
            continue;
        }
        lowered.push(lowering.event(event, *span)?);
    }
    Ok(Schema {
        source: Source {
            format: Format::Introspection,
            files: vec![file.to_owned()],
            title: None,
            qemu: input.qemu,
        },
        events: lowered,
        types: lowering.types,
    })
}

struct Lowering<'l, 'a> {
    locator: &'l Locator<'l>,
    entries: &'l HashMap<String, (Entry<'a>, Span)>,
    /// The model's name of every entry named so far, by the answer's name.
    named: HashMap<String, String>,
    namespace: Namespace,
    types: BTreeMap<String, NamedType>,
}

impl<'a> Lowering<'_, 'a> {
    fn event(&mut self, event: &Entry<'a>, span: Span) -> Result<Event, Finding> {
        let data = match event.arg_type.as_deref() {
            None => None,
            Some(ty) if self.is_empty_object(ty) => None,
            Some(ty) => Some(self.reference(
                ty,
                &names::event_data(&event.name),
                &names::event_stem(&event.name),
                span,
                &[],
            )?),
        };
        Ok(Event {
            name: event.name.clone(),
            span,
            data,
            data_span: None,
            doc: Doc::default(),
            since: None,
            features: features(&event.features, span),
            condition: None,
        })
    }

    /// Whether `name` is an object without members or branches (QEMU's `"0"`).
    fn is_empty_object(&self, name: &str) -> bool {
        self.entries.get(name).is_some_and(|(entry, _)| {
            entry.meta_type == "object" && entry.members.is_empty() && entry.tag.is_none()
        })
    }

    /// The reference to the type the answer calls `name`, used at `at`: a masked type not yet
    /// named gets `wanted` (free), its parts are named from `stem`. `chain` holds the types being
    /// lowered that `name` must not be (the arrays, alternates and unions around it, up to the
    /// nearest object member).
    fn reference(
        &mut self,
        name: &str,
        wanted: &str,
        stem: &str,
        at: Span,
        chain: &[&str],
    ) -> Result<TypeRef, Finding> {
        let Some((entry, span)) = self.entries.get(name) else {
            // QEMU lists the built-ins it uses; a shorter answer may leave them out.
            if let Some(builtin) = builtin(name) {
                return Ok(TypeRef::Builtin(builtin));
            }
            return Err(Finding::error(
                UNKNOWN_TYPE,
                at,
                format!("type `{name}` names no entry of the schema"),
            ));
        };
        if chain.contains(&name) {
            let mut path: Vec<&str> = chain.to_vec();
            path.push(name);
            return Err(Finding::error(
                CYCLE,
                *span,
                format!("type `{name}` contains itself: {}", path.join(" → ")),
            ));
        }
        let span = *span;
        if let Some(named) = self.named.get(name) {
            return Ok(TypeRef::Named(named.clone()));
        }
        let inner: Vec<&str> = chain.iter().copied().chain([name]).collect();
        match entry.meta_type.as_str() {
            "builtin" => Ok(match builtin(name) {
                Some(builtin) => TypeRef::Builtin(builtin),
                None => TypeRef::Unknown(Unknown::Annotation {
                    word: name.to_owned(),
                }),
            }),
            "array" => {
                let Some(element) = entry.element_type.as_deref() else {
                    return Err(missing(span, name, "element-type"));
                };
                let element = self.reference(element, wanted, stem, span, &inner)?;
                Ok(TypeRef::Array(Box::new(element)))
            }
            "object" | "enum" | "alternate" => {
                let implicit = names::is_masked(name);
                let model_name = match implicit {
                    true => self.namespace.claim(wanted, Case::Camel),
                    false => name.to_owned(),
                };
                self.named.insert(name.to_owned(), model_name.clone());
                let stem = match implicit {
                    true if wanted == model_name && !stem.is_empty() => stem.to_owned(),
                    _ => names::type_stem(&model_name),
                };
                let kind = self.kind(entry, span, &model_name, &stem, &inner)?;
                self.types.insert(
                    model_name.clone(),
                    NamedType {
                        name: model_name.clone(),
                        span,
                        kind,
                        doc: Doc::default(),
                        since: None,
                        features: features(&entry.features, span),
                        condition: None,
                        implicit,
                    },
                );
                Ok(TypeRef::Named(model_name))
            }
            other => Err(Finding::error(
                super::INVALID,
                at,
                format!("type `{name}` is a {other}, not a type a member can have"),
            )),
        }
    }

    /// What the entry `entry` (named `name` in the model) is.
    fn kind(
        &mut self,
        entry: &Entry<'a>,
        span: Span,
        name: &str,
        stem: &str,
        chain: &[&str],
    ) -> Result<TypeKind, Finding> {
        match entry.meta_type.as_str() {
            "enum" => Ok(TypeKind::Enum(self.enumeration(entry, span)?)),
            "alternate" => {
                let mut alternatives = Vec::new();
                for raw in &entry.members {
                    let member: AlternateMember = parse_at(raw, self.locator)?;
                    let at = span_of(raw, self.locator);
                    let wanted = names::part(stem, self.kind_word(&member.ty));
                    let ty = self.reference(&member.ty, &wanted, &wanted, at, chain)?;
                    alternatives.push(Alternative {
                        ty,
                        span: at,
                        condition: None,
                    });
                }
                Ok(TypeKind::Alternate(alternatives))
            }
            _ => {
                let members = self.members(&entry.members, stem)?;
                let Some(tag) = &entry.tag else {
                    return Ok(TypeKind::Object(ObjectType {
                        base: None,
                        members,
                    }));
                };
                let base = self.namespace.claim(&format!("{name}Base"), Case::Camel);
                self.types.insert(
                    base.clone(),
                    NamedType::implicit_object(base.clone(), span, members),
                );
                let mut variants = Vec::new();
                for raw in &entry.variants {
                    let variant: UnionVariant = parse_at(raw, self.locator)?;
                    let at = span_of(raw, self.locator);
                    let wanted = names::part(stem, &variant.case);
                    let ty = match self.reference(&variant.ty, &wanted, &wanted, at, chain)? {
                        TypeRef::Named(ty) if self.is_object(&ty) => ty,
                        _ => {
                            return Err(Finding::error(
                                super::INVALID,
                                at,
                                format!(
                                    "the branch `{}` of a union is `{}`, not an object type",
                                    variant.case, variant.ty
                                ),
                            ));
                        }
                    };
                    variants.push(Variant {
                        value: variant.case,
                        ty,
                        span: at,
                        condition: None,
                    });
                }
                Ok(TypeKind::Union(UnionType {
                    base,
                    discriminator: tag.clone(),
                    variants,
                }))
            }
        }
    }

    /// An object's members, their masked types named from `stem`. A member's type may be the
    /// object itself (a tree): no chain across members.
    fn members(&mut self, raws: &[&'a RawValue], stem: &str) -> Result<Vec<Member>, Finding> {
        let mut members = Vec::new();
        for raw in raws {
            let member: ObjectMember = parse_at(raw, self.locator)?;
            let span = span_of(raw, self.locator);
            let wanted = names::part(stem, &member.name);
            let ty = self.reference(&member.ty, &wanted, &wanted, span, &[])?;
            members.push(Member {
                name: member.name,
                span,
                ty,
                optional: member.default,
                doc: None,
                since: None,
                features: features(&member.features, span),
                condition: None,
            });
        }
        Ok(members)
    }

    /// An enum's values: its `members` (with their features) when it lists them, else its
    /// `values` (QEMU before 6.2).
    fn enumeration(&self, entry: &Entry<'a>, span: Span) -> Result<EnumType, Finding> {
        let mut values = Vec::new();
        if entry.members.is_empty() {
            for value in &entry.values {
                values.push(EnumValue {
                    name: value.clone(),
                    span,
                    doc: None,
                    since: None,
                    features: Vec::new(),
                    condition: None,
                });
            }
        } else {
            for raw in &entry.members {
                let member: EnumMember = parse_at(raw, self.locator)?;
                let at = span_of(raw, self.locator);
                values.push(EnumValue {
                    name: member.name,
                    span: at,
                    doc: None,
                    since: None,
                    features: features(&member.features, at),
                    condition: None,
                });
            }
        }
        Ok(EnumType { values })
    }

    /// Whether the model type `name` is an object (a union's branches must be).
    fn is_object(&self, name: &str) -> bool {
        matches!(
            self.types.get(name).map(|named| &named.kind),
            Some(TypeKind::Object(_))
        )
    }

    /// A word for what the entry `name` is, naming an alternate's branch by it.
    fn kind_word(&self, name: &str) -> &'static str {
        match self
            .entries
            .get(name)
            .map(|(entry, _)| entry.meta_type.as_str())
        {
            Some("object") => "object",
            Some("enum") => "enum",
            Some("array") => "list",
            Some("alternate") => "alternate",
            _ => "value",
        }
    }
}

/// An entry's features, as the model holds them.
fn features(names: &[String], span: Span) -> Vec<Feature> {
    names
        .iter()
        .map(|name| Feature {
            name: name.clone(),
            span,
            doc: None,
            condition: None,
        })
        .collect()
}

/// The error of an entry that lacks a field its meta-type needs.
fn missing(span: Span, name: &str, field: &str) -> Finding {
    Finding::error(
        super::INVALID,
        span,
        format!("entry `{name}` has no `{field}`"),
    )
}

/// The built-in an introspection names `name`. QEMU reports every integer type (`int8` …
/// `uint64`, `size`) as `int`, so its `int` states no width: [`Builtin::AnyInt`], not QAPI's
/// 64 signed bits.
fn builtin(name: &str) -> Option<Builtin> {
    match name {
        "int" => Some(Builtin::AnyInt),
        _ => Builtin::from_name(name),
    }
}
