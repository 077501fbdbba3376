//! Since when QEMU has each item, derived from a history: the release of the first version that
//! documents it. What the bindings of a document without `Since:` (the text) say instead.
//!
//! Items are known by name: an event by its name, a type by its name, a member by its type's
//! name and its own, an enum value by its type's name and its own (the text front end names the
//! types it makes by where they are first used, the same way in every version).
//!
//! ```
//! use qmpgen::history::index::Version;
//! use qmpgen::history::since::FirstReleases;
//! use qmpgen::text::{lower::lower, parse::parse};
//! let old = lower(&parse("STOP\n----\n\nData: None.\n").spec, "old.txt");
//! let text = "STOP\n----\n\nData: None.\n\nRESUME\n------\n\nData: None.\n";
//! let new = lower(&parse(text).spec, "new.txt");
//! let versions = [
//!     Version { release: Some("0.12".into()), ..Version::from_file("old.txt") },
//!     Version { release: Some("0.13".into()), ..Version::from_file("new.txt") },
//! ];
//! let firsts = FirstReleases::new(&versions, &[old, new.clone()]);
//! let mut schema = new;
//! firsts.fill(&mut schema);
//! assert_eq!(schema.event("STOP").unwrap().since.as_ref().unwrap().text, "0.12");
//! assert_eq!(schema.event("RESUME").unwrap().since.as_ref().unwrap().text, "0.13");
//! ```

use std::collections::HashMap;
use std::hash::Hash;

use super::index::Version;
use crate::model::{Schema, Span, Text, TypeKind};

/// The release of the first version that documents each item (`None` when that version names
/// no release).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FirstReleases {
    events: HashMap<String, Option<String>>,
    types: HashMap<String, Option<String>>,
    members: HashMap<(String, String), Option<String>>,
    values: HashMap<(String, String), Option<String>>,
}

impl FirstReleases {
    /// The first releases of every item of `schemas`, the schemas of `versions` (same order,
    /// oldest first).
    pub fn new(versions: &[Version], schemas: &[Schema]) -> FirstReleases {
        let mut firsts = FirstReleases::default();
        for (version, schema) in versions.iter().zip(schemas) {
            let release = &version.release;
            for event in &schema.events {
                note(&mut firsts.events, event.name.clone(), release);
            }
            for (name, named) in &schema.types {
                note(&mut firsts.types, name.clone(), release);
                match &named.kind {
                    TypeKind::Object(object) => {
                        for member in &object.members {
                            note(
                                &mut firsts.members,
                                (name.clone(), member.name.clone()),
                                release,
                            );
                        }
                    }
                    TypeKind::Enum(values) => {
                        for value in &values.values {
                            note(
                                &mut firsts.values,
                                (name.clone(), value.name.clone()),
                                release,
                            );
                        }
                    }
                    TypeKind::Union(_) | TypeKind::Alternate(_) => {}
                }
            }
        }
        firsts
    }

    /// The release of the first version that documents the event `name`.
    pub fn event(&self, name: &str) -> Option<&str> {
        self.events.get(name)?.as_deref()
    }

    /// The release of the first version that documents member `member` of type `ty`.
    pub fn member(&self, ty: &str, member: &str) -> Option<&str> {
        let key = (ty.to_owned(), member.to_owned());
        self.members.get(&key)?.as_deref()
    }

    /// Gives every item of `schema` whose description says no `Since:` the release of the first
    /// version that documents it (at the item's own span). What the schema says is kept.
    pub fn fill(&self, schema: &mut Schema) {
        let since = |release: Option<&Option<String>>, span: Span| {
            release.cloned().flatten().map(|text| Text { span, text })
        };
        for event in &mut schema.events {
            if event.since.is_none() {
                event.since = since(self.events.get(&event.name), event.span);
            }
        }
        for (name, named) in &mut schema.types {
            if named.since.is_none() {
                named.since = since(self.types.get(name), named.span);
            }
            match &mut named.kind {
                TypeKind::Object(object) => {
                    for member in &mut object.members {
                        if member.since.is_none() {
                            let key = (name.clone(), member.name.clone());
                            member.since = since(self.members.get(&key), member.span);
                        }
                    }
                }
                TypeKind::Enum(values) => {
                    for value in &mut values.values {
                        if value.since.is_none() {
                            let key = (name.clone(), value.name.clone());
                            value.since = since(self.values.get(&key), value.span);
                        }
                    }
                }
                TypeKind::Union(_) | TypeKind::Alternate(_) => {}
            }
        }
    }
}

/// Notes `release` for `key` unless an older version documents it.
fn note<K: Eq + Hash>(map: &mut HashMap<K, Option<String>>, key: K, release: &Option<String>) {
    map.entry(key).or_insert_with(|| release.clone());
}
