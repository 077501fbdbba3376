//! What the generated types reach that changes how they are written:
//!
//! - an `f64` (QAPI's `number`, a C double in QEMU), which is not `Eq`: a type that holds one,
//!   directly or through other types, derives `PartialEq` only (and so do `Event` and `Message`
//!   when an event's data holds one);
//! - `null` as a value (QAPI's `null` and `any`, an alternate with a `null` alternative): an
//!   optional member of such a type is read with `read_present`, so that a `null` is
//!   `Some`, not the member's absence;
//! - items with the feature `deprecated`, which get `#[deprecated]`: the generated code that
//!   names them itself (a field of a deprecated type, a match arm on a deprecated value, an
//!   event's variant) says `#[allow(deprecated)]`, so that the bindings compile without
//!   warnings and only a client's own uses warn.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::types::{Body, EventType, Member, PlannedType, Shape, Ty};
use crate::model::{Builtin, Feature};

/// The generated types that hold an `f64` and those that are deprecated, by Rust name.
#[derive(Debug, Default)]
pub struct Reach {
    floats: BTreeSet<String>,
    deprecated: BTreeSet<String>,
    /// The alternates with a `null` alternative.
    nullable: BTreeSet<String>,
    /// Whether some event's data holds an `f64` (`Event` and `Message` are not `Eq`).
    events_hold_float: bool,
    /// Whether some event is deprecated (`Event` names its struct and variant).
    events_deprecated: bool,
}

impl Reach {
    /// What the planned `events` and `types` reach.
    pub fn new(events: &[EventType<'_>], types: &[PlannedType<'_>]) -> Self {
        let mut reach = Reach::default();
        for planned in types {
            if is_deprecated(&planned.named.features) {
                reach.deprecated.insert(planned.name.clone());
            }
            if let Shape::Alternate(alternatives) = &planned.shape
                && alternatives
                    .iter()
                    .any(|alternative| alternative.ty == Ty::Builtin(Builtin::Null))
            {
                reach.nullable.insert(planned.name.clone());
            }
        }
        // Until no type is added: a type holding a type that holds an `f64` holds one. Each
        // round adds a type or ends, so it ends.
        loop {
            let before = reach.floats.len();
            for planned in types {
                reach.add_floats(planned);
            }
            if reach.floats.len() == before {
                break;
            }
        }
        for planned in events {
            if is_deprecated(&planned.event.features) {
                reach.deprecated.insert(planned.type_name.clone());
                reach.events_deprecated = true;
            }
            let float = match &planned.body {
                Body::Fields(members) => reach.members_hold_float(members),
                Body::Wrapped(ty) => reach.holds_float(ty),
                Body::Empty | Body::Opaque(_) => false,
            };
            if float {
                reach.floats.insert(planned.type_name.clone());
                reach.events_hold_float = true;
            }
        }
        reach
    }

    /// Adds `planned` (and its union's structs) to the types holding an `f64`, if it holds
    /// one.
    fn add_floats(&mut self, planned: &PlannedType<'_>) {
        let float = match &planned.shape {
            Shape::Struct(members) => self.members_hold_float(members),
            Shape::Enum(_) => false,
            Shape::Alternate(alternatives) => alternatives
                .iter()
                .any(|alternative| self.holds_float(&alternative.ty)),
            Shape::Union(union) => {
                let mut any = false;
                let structs = union
                    .branches
                    .iter()
                    .map(|branch| (&branch.struct_name, &branch.members))
                    .chain([(&union.other.struct_name, &union.other.members)]);
                for (name, members) in structs {
                    if self.members_hold_float(members) {
                        self.floats.insert(name.clone());
                        any = true;
                    }
                }
                any
            }
        };
        if float {
            self.floats.insert(planned.name.clone());
        }
    }

    /// Whether a value of `ty` holds an `f64`.
    pub fn holds_float(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Builtin(builtin) => *builtin == Builtin::Number,
            Ty::Named(name) | Ty::Boxed(name) => self.floats.contains(name),
            Ty::Array(element) => self.holds_float(element),
            Ty::Value(_) | Ty::JsonNumber => false,
        }
    }

    /// Whether `null` is a value of `ty` (not only the absence of an optional member).
    pub fn accepts_null(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Builtin(builtin) => matches!(builtin, Builtin::Null | Builtin::Any),
            Ty::Named(name) | Ty::Boxed(name) => self.nullable.contains(name),
            Ty::Array(_) | Ty::Value(_) | Ty::JsonNumber => false,
        }
    }

    /// Whether a struct of `members` holds an `f64`.
    pub fn members_hold_float(&self, members: &[Member<'_>]) -> bool {
        members.iter().any(|member| self.holds_float(&member.ty))
    }

    /// Whether the generated type named `name` holds an `f64`.
    pub fn type_holds_float(&self, name: &str) -> bool {
        self.floats.contains(name)
    }

    /// Whether `Event` (and `Message`) hold an `f64`.
    pub fn events_hold_float(&self) -> bool {
        self.events_hold_float
    }

    /// Whether `Event` names a deprecated event.
    pub fn events_deprecated(&self) -> bool {
        self.events_deprecated
    }

    /// Whether `ty` names a deprecated type.
    pub fn names_deprecated(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Named(name) | Ty::Boxed(name) => self.deprecated.contains(name),
            Ty::Array(element) => self.names_deprecated(element),
            Ty::Builtin(_) | Ty::Value(_) | Ty::JsonNumber => false,
        }
    }

    /// Whether a field of `members` names a deprecated type (a struct of them says
    /// `#[allow(deprecated)]`; its derives may read deprecated fields).
    pub fn members_name_deprecated(&self, members: &[Member<'_>]) -> bool {
        members
            .iter()
            .any(|member| self.names_deprecated(&member.ty))
    }
}

/// Whether `features` hold `deprecated`.
pub fn is_deprecated(features: &[Feature]) -> bool {
    features.iter().any(Feature::is_deprecated)
}

/// `#[deprecated]` for an item with the feature `deprecated` (with the feature's words as its
/// note), or nothing.
pub fn deprecated(features: &[Feature]) -> TokenStream {
    let Some(feature) = features.iter().find(|feature| feature.is_deprecated()) else {
        return TokenStream::new();
    };
    match &feature.doc {
        Some(doc) if !doc.text.trim().is_empty() => {
            // The note is a warning's words in the client's build: plain text, on one line.
            let words: Vec<&str> = doc.text.split_whitespace().collect();
            let note = words.join(" ");
            quote!(#[deprecated(note = #note)])
        }
        _ => quote!(#[deprecated]),
    }
}

/// `#[allow(deprecated)]` for generated code that names deprecated items itself, or nothing.
pub fn allow_deprecated(names_deprecated: bool) -> TokenStream {
    if names_deprecated {
        quote!(#[allow(deprecated)])
    } else {
        TokenStream::new()
    }
}
