//! What makes two types the same to a client: their structure, whatever they are called.
//!
//! The front ends name types differently (the text by where a shape is used, QAPI by its own
//! names, introspection by masked numbers), and the text writes one shape again wherever members
//! share it. [`Schema::shape`] writes a type's structure as a key: equal keys, equal types on the
//! wire. Codegen gives one Rust type per shape; diff matches types by it.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::{Schema, TypeKind, TypeRef, Unknown};

impl Schema {
    /// The structure of `ty` as a key: built-ins by name, arrays by their element, enums by
    /// their values, objects by their members' names, optionality and types (a base's first),
    /// unions by base, discriminator and variants, alternates by their types; names, words and
    /// places play no part. A type that contains itself is written once, then as `rec(NAME)`.
    pub fn shape(&self, ty: &TypeRef) -> String {
        let mut key = String::new();
        self.write_shape(ty, &mut BTreeSet::new(), &mut key);
        key
    }

    fn write_shape<'s>(&'s self, ty: &'s TypeRef, open: &mut BTreeSet<&'s str>, key: &mut String) {
        match ty {
            TypeRef::Builtin(builtin) => key.push_str(builtin.name()),
            TypeRef::Array(element) => {
                key.push('[');
                self.write_shape(element, open, key);
                key.push(']');
            }
            TypeRef::Unknown(unknown) => match unknown {
                Unknown::Elsewhere { name } => {
                    let _ = write!(key, "elsewhere({name:?})");
                }
                Unknown::Members => key.push_str("object"),
                _ => key.push_str("unknown"),
            },
            TypeRef::Named(name) => {
                let Some(named) = self.named(name) else {
                    let _ = write!(key, "undefined({name:?})");
                    return;
                };
                if !open.insert(name) {
                    let _ = write!(key, "rec({name:?})");
                    return;
                }
                match &named.kind {
                    TypeKind::Object(_) => self.write_members(name, open, key),
                    TypeKind::Enum(values) => {
                        let names: Vec<&str> = values
                            .values
                            .iter()
                            .map(|value| value.name.as_str())
                            .collect();
                        let _ = write!(key, "enum{names:?}");
                    }
                    TypeKind::Union(union) => {
                        let _ = write!(key, "union({:?}:", union.discriminator);
                        self.write_members(&union.base, open, key);
                        for variant in &union.variants {
                            let _ = write!(key, "|{:?}=", variant.value);
                            self.write_members(&variant.ty, open, key);
                        }
                        key.push(')');
                    }
                    TypeKind::Alternate(alternatives) => {
                        key.push_str("alternate(");
                        for alternative in alternatives {
                            self.write_shape(&alternative.ty, open, key);
                            key.push('|');
                        }
                        key.push(')');
                    }
                }
                open.remove(name.as_str());
            }
        }
    }

    fn write_members<'s>(&'s self, object: &str, open: &mut BTreeSet<&'s str>, key: &mut String) {
        key.push('{');
        for member in self.object_members(object) {
            let _ = write!(
                key,
                "{:?}{}:",
                member.name,
                if member.optional { "?" } else { "" }
            );
            self.write_shape(&member.ty, open, key);
            key.push(';');
        }
        key.push('}');
    }
}
