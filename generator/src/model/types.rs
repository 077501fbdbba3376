//! Types: the built-ins, references to types, and the named types a schema defines.

#[cfg(feature = "analysis")]
use serde::{Deserialize, Serialize};

use super::{Condition, Doc, Feature, Span, Text};

/// A reference to a type, where a member, an array, an alternative or an event's data uses one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "analysis", serde(rename_all = "kebab-case"))]
pub enum TypeRef {
    /// A built-in type.
    Builtin(Builtin),
    /// A type the schema defines in [`Schema::types`](super::Schema::types).
    Named(String),
    /// An array of elements of a type.
    Array(Box<TypeRef>),
    /// Any JSON value, because the description does not say which (see [`Unknown`] for why).
    Unknown(Unknown),
}

/// Why a description leaves a type unknown: any JSON value is accepted, and every output says
/// why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "analysis", serde(tag = "why", rename_all = "kebab-case"))]
pub enum Unknown {
    /// The description gives no type.
    Unannotated,
    /// The annotation is a word that names no type (`json-str`), as written.
    Annotation {
        /// The word.
        word: String,
    },
    /// The description refers to a type it does not define ("ACPIOSTInfo type as described in
    /// qapi-schema.json").
    Elsewhere {
        /// The type's name, as written.
        name: String,
    },
    /// The description says what the value is in prose only.
    Prose {
        /// The prose.
        text: String,
    },
    /// An object, whose members the description does not list (the text's json-object without
    /// nested members): any object is accepted.
    Members,
    /// The description says nothing about the event's data at all.
    Undocumented,
}

/// QAPI's built-in types (the text's `json-…` types lower to these: `json-string` to `str`,
/// `json-int` to `int`, `json-number` to `number`, `json-bool` to `bool`), and
/// [`Builtin::AnyInt`], the integer of a description that does not state its width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "analysis", serde(rename_all = "lowercase"))]
pub enum Builtin {
    /// `str`: a JSON string.
    Str,
    /// `int`: an integer in 64 signed bits.
    Int,
    /// `int8`.
    Int8,
    /// `int16`.
    Int16,
    /// `int32`.
    Int32,
    /// `int64`.
    Int64,
    /// `uint8`.
    Uint8,
    /// `uint16`.
    Uint16,
    /// `uint32`.
    Uint32,
    /// `uint64`.
    Uint64,
    /// `size`: an unsigned 64-bit count of bytes.
    Size,
    /// `any-int`: an integer whose width the description does not state, so any from
    /// `i64::MIN` to `u64::MAX`. A QEMU's introspection reports every integer type (`int8` …
    /// `uint64`, `size`) as `int`; no QAPI name stands for it ([`Builtin::from_name`] never
    /// gives it: a QAPI `int` is 64 signed bits).
    #[cfg_attr(feature = "analysis", serde(rename = "any-int"))]
    AnyInt,
    /// `number`: any JSON number.
    Number,
    /// `bool`.
    Bool,
    /// `null`.
    Null,
    /// `any`: any JSON value.
    Any,
}

impl Builtin {
    /// Every built-in, in the order of their documentation.
    pub const ALL: [Builtin; 16] = [
        Builtin::Str,
        Builtin::Int,
        Builtin::Int8,
        Builtin::Int16,
        Builtin::Int32,
        Builtin::Int64,
        Builtin::Uint8,
        Builtin::Uint16,
        Builtin::Uint32,
        Builtin::Uint64,
        Builtin::Size,
        Builtin::AnyInt,
        Builtin::Number,
        Builtin::Bool,
        Builtin::Null,
        Builtin::Any,
    ];

    /// Its QAPI name (`str`, `uint64`); `any-int` for [`Builtin::AnyInt`], which QAPI does not
    /// name.
    pub const fn name(self) -> &'static str {
        match self {
            Builtin::Str => "str",
            Builtin::Int => "int",
            Builtin::Int8 => "int8",
            Builtin::Int16 => "int16",
            Builtin::Int32 => "int32",
            Builtin::Int64 => "int64",
            Builtin::Uint8 => "uint8",
            Builtin::Uint16 => "uint16",
            Builtin::Uint32 => "uint32",
            Builtin::Uint64 => "uint64",
            Builtin::Size => "size",
            Builtin::AnyInt => "any-int",
            Builtin::Number => "number",
            Builtin::Bool => "bool",
            Builtin::Null => "null",
            Builtin::Any => "any",
        }
    }

    /// The built-in QAPI calls `name` (never [`Builtin::AnyInt`], which QAPI does not name).
    pub fn from_name(name: &str) -> Option<Builtin> {
        Builtin::ALL
            .into_iter()
            .filter(|builtin| *builtin != Builtin::AnyInt)
            .find(|builtin| builtin.name() == name)
    }

    /// The integers an integer type holds, smallest and largest; `None` for other types.
    pub const fn range(self) -> Option<(i128, i128)> {
        Some(match self {
            Builtin::Int | Builtin::Int64 => (i64::MIN as i128, i64::MAX as i128),
            Builtin::Int8 => (i8::MIN as i128, i8::MAX as i128),
            Builtin::Int16 => (i16::MIN as i128, i16::MAX as i128),
            Builtin::Int32 => (i32::MIN as i128, i32::MAX as i128),
            Builtin::Uint8 => (0, u8::MAX as i128),
            Builtin::Uint16 => (0, u16::MAX as i128),
            Builtin::Uint32 => (0, u32::MAX as i128),
            Builtin::Uint64 | Builtin::Size => (0, u64::MAX as i128),
            Builtin::AnyInt => (i64::MIN as i128, u64::MAX as i128),
            _ => return None,
        })
    }
}

/// A type the schema defines, with its name.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct NamedType {
    /// Its name. The text front end names the types it makes from the document's shapes by where
    /// they are first used (`BlockIoErrorAction`); an event's own data object is
    /// `q_obj_EVENT-arg`, as QAPI names it.
    pub name: String,
    /// Where it is defined (for the text: where the shape is first documented).
    pub span: Span,
    /// What it is.
    pub kind: TypeKind,
    /// Its documentation.
    pub doc: Doc,
    /// `Since:` as written.
    pub since: Option<Text>,
    /// Its features.
    pub features: Vec<Feature>,
    /// The condition under which QEMU has it.
    pub condition: Option<Condition>,
    /// Whether the description gives the type no name of its own: the front end made it (the
    /// text's nested objects and lists of values, QAPI's implicit `q_obj_…` types) and named it
    /// by where it is used. Implicit types of one shape are one type to a client.
    #[cfg_attr(feature = "analysis", serde(default))]
    pub implicit: bool,
}

impl NamedType {
    /// The object type a front end makes and names by use (an event's inline data, a union's
    /// inline base): `members`, no documentation, implicit.
    pub fn implicit_object(name: String, span: Span, members: Vec<Member>) -> NamedType {
        NamedType {
            name,
            span,
            kind: TypeKind::Object(ObjectType {
                base: None,
                members,
            }),
            doc: Doc::default(),
            since: None,
            features: Vec::new(),
            condition: None,
            implicit: true,
        }
    }
}

/// What a named type is.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
#[cfg_attr(
    feature = "analysis",
    serde(tag = "meta-type", rename_all = "kebab-case")
)]
pub enum TypeKind {
    /// A JSON object with named members.
    Object(ObjectType),
    /// A string among named values.
    Enum(EnumType),
    /// An object whose members depend on the value of one of them (a flat union).
    Union(UnionType),
    /// A value of one of several types, told apart by its JSON type.
    Alternate(Vec<Alternative>),
}

/// An object type.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct ObjectType {
    /// The object type whose members come first, if any.
    pub base: Option<String>,
    /// Its own members, in order, each name once.
    pub members: Vec<Member>,
}

/// A member of an object, a union's base, or an event's data.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct Member {
    /// Its wire name (`tray-open`).
    pub name: String,
    /// Where it is documented or defined.
    pub span: Span,
    /// Its type.
    #[cfg_attr(feature = "analysis", serde(rename = "type"))]
    pub ty: TypeRef,
    /// Whether it may be absent.
    pub optional: bool,
    /// What the documentation says of it.
    pub doc: Option<Text>,
    /// `(since X.Y)` or the like, when its documentation says since when.
    pub since: Option<Text>,
    /// Its features.
    pub features: Vec<Feature>,
    /// The condition under which QEMU has it.
    pub condition: Option<Condition>,
}

/// An enum type: its values, in order, each once.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct EnumType {
    /// The values.
    pub values: Vec<EnumValue>,
}

/// One value of an enum.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct EnumValue {
    /// The value on the wire (`write`).
    pub name: String,
    /// Where it is defined.
    pub span: Span,
    /// What the documentation says it means.
    pub doc: Option<Text>,
    /// Since when QEMU has it, when known (a history derives it: [`crate::history::since`]).
    #[cfg_attr(feature = "analysis", serde(default))]
    pub since: Option<Text>,
    /// Its features.
    pub features: Vec<Feature>,
    /// The condition under which QEMU has it.
    pub condition: Option<Condition>,
}

/// A union: common members (the base), one of which (the discriminator) selects more members.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct UnionType {
    /// The object type holding the common members (QAPI's inline base is lowered to an object
    /// type of its own).
    pub base: String,
    /// The base member whose value selects the variant (an enum member).
    pub discriminator: String,
    /// The object type each value of the discriminator adds, in order; values without one add
    /// nothing.
    pub variants: Vec<Variant>,
}

/// One branch of a union.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct Variant {
    /// The discriminator's value.
    pub value: String,
    /// The object type whose members it adds.
    #[cfg_attr(feature = "analysis", serde(rename = "type"))]
    pub ty: String,
    /// Where it is defined.
    pub span: Span,
    /// The condition under which QEMU has it.
    pub condition: Option<Condition>,
}

/// One type an alternate may be.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct Alternative {
    /// The type.
    #[cfg_attr(feature = "analysis", serde(rename = "type"))]
    pub ty: TypeRef,
    /// Where it is defined.
    pub span: Span,
    /// The condition under which QEMU has it.
    pub condition: Option<Condition>,
}
