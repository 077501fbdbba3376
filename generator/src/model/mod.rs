//! The schema model: what one description of QEMU's events says, whatever its format.
//!
//! Every front end lowers into this model (the `qmp-events.txt` text through [`crate::text`];
//! QEMU's QAPI schema and its introspection next) and every back end reads only it: codegen,
//! the validators' tables, JSON Schema, lint, diff and history. Policy is applied once, by the
//! front end (a heading naming several events, "first documentation wins"), so the model holds
//! each event and each type once, by name.
//!
//! Plain data: nothing here parses. Every item carries its [`Span`], which names its file (a QAPI
//! schema spans many), its documentation, `since`, features and conditions.

mod shape;
mod types;

pub use types::{
    Alternative, Builtin, EnumType, EnumValue, Member, NamedType, ObjectType, TypeKind, TypeRef,
    UnionType, Unknown, Variant,
};

use std::collections::BTreeMap;

#[cfg(feature = "analysis")]
use serde::{Deserialize, Serialize};

/// One description of QEMU's events: its events and every type they reach.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct Schema {
    /// What the description was read from.
    pub source: Source,
    /// The events, in the order the description gives them; each name once.
    pub events: Vec<Event>,
    /// The named types the events reach, by name.
    pub types: BTreeMap<String, NamedType>,
}

impl Schema {
    /// The event called `name`.
    pub fn event(&self, name: &str) -> Option<&Event> {
        self.events.iter().find(|event| event.name == name)
    }

    /// The named type called `name`, when the description defines it.
    pub fn named(&self, name: &str) -> Option<&NamedType> {
        self.types.get(name)
    }

    /// Every member of the object type `name`, its base's first; empty when `name` is no object
    /// type of this schema (a base chain that loops stops where it would repeat).
    pub fn object_members(&self, name: &str) -> Vec<&Member> {
        let mut chain = Vec::new();
        let mut next = Some(name);
        while let Some(name) = next {
            let Some(TypeKind::Object(object)) = self.named(name).map(|named| &named.kind) else {
                break;
            };
            if chain.iter().any(|(seen, _)| *seen == name) {
                break;
            }
            chain.push((name, object));
            next = object.base.as_deref();
        }
        chain
            .iter()
            .rev()
            .flat_map(|(_, object)| &object.members)
            .collect()
    }

    /// The file a span names.
    pub fn file(&self, span: Span) -> &str {
        self.source
            .files
            .get(span.file as usize)
            .map_or("", String::as_str)
    }
}

/// What a [`Schema`] was read from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct Source {
    /// The format of the description.
    pub format: Format,
    /// The files read, in the order they were read; [`Span::file`] indexes this list.
    pub files: Vec<String>,
    /// The title the description gives itself, if any.
    pub title: Option<String>,
    /// The QEMU that describes itself, when the description comes from one.
    pub qemu: Option<String>,
}

/// The formats QEMU has described its events in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "analysis", serde(rename_all = "kebab-case"))]
pub enum Format {
    /// `qmp-events.txt` (2009-2017).
    #[default]
    Text,
    /// The QAPI schema, `qapi-schema.json` and its includes (QEMU 2.1 on).
    Qapi,
    /// A running QEMU's `query-qmp-schema` answer.
    Introspection,
}

/// Where an item starts: its file, 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct Span {
    /// The index of its file in [`Source::files`].
    pub file: u32,
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
}

impl Span {
    /// A span in the first (or only) file.
    pub const fn new(line: u32, column: u32) -> Self {
        Span {
            file: 0,
            line,
            column,
        }
    }
}

/// Words of the description, with where they start.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct Text {
    /// Where the words start.
    pub span: Span,
    /// The words, lines joined with `\n`, indentation removed.
    pub text: String,
}

/// One asynchronous event.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct Event {
    /// Its wire name (`BLOCK_IO_ERROR`).
    pub name: String,
    /// Where its name stands.
    pub span: Span,
    /// What its `data` member holds: `None` when the event carries no data, else a type (an
    /// object type; a union for boxed QAPI data; [`TypeRef::Unknown`] when the description
    /// does not say).
    pub data: Option<TypeRef>,
    /// Where the description states the data (the text's `Data:` line), when it does.
    pub data_span: Option<Span>,
    /// What the description says of the event.
    pub doc: Doc,
    /// `Since:` as written (`0.13`, `2.1`), when the description has it.
    pub since: Option<Text>,
    /// Its features (`deprecated`, `unstable`, others).
    pub features: Vec<Feature>,
    /// The condition under which QEMU has the event (QAPI `if`), when it has one.
    pub condition: Option<Condition>,
}

/// An item's documentation.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct Doc {
    /// The description.
    pub description: Option<Text>,
    /// The notes, in order.
    pub notes: Vec<Text>,
    /// The examples, in order.
    pub examples: Vec<Example>,
    /// Other sections (`TODO:`, `Returns:`), by their heading as written.
    pub sections: Vec<Section>,
}

/// A documentation section the model gives no meaning: its heading and its words.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct Section {
    /// The heading, without its colon (`TODO`).
    pub name: String,
    /// Its words.
    pub text: Text,
}

/// An example message, as the description writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct Example {
    /// A label written before it ("Read operation:"), if any.
    pub label: Option<String>,
    /// The message text: what the server sends, without the description's own markers.
    pub text: String,
    /// Where each line of `text` starts in the description, so that a byte offset in the text
    /// maps to a file, line and column.
    pub lines: Vec<Span>,
}

impl Example {
    /// Where the example starts.
    pub fn span(&self) -> Span {
        self.lines.first().copied().unwrap_or_default()
    }

    /// Where the byte at `offset` of the text stands in the description.
    pub fn place(&self, offset: usize) -> Span {
        let before = &self.text[..floor_boundary(&self.text, offset)];
        let line = before.matches('\n').count();
        let line_text = before.rsplit('\n').next().unwrap_or(before);
        let start = self
            .lines
            .get(line)
            .or(self.lines.last())
            .copied()
            .unwrap_or_default();
        Span {
            column: start.column + line_text.chars().count() as u32,
            ..start
        }
    }
}

/// The largest char boundary of `text` not after `offset`.
fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A feature of an event, type, member or value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct Feature {
    /// Its name (`deprecated`, `unstable`, or another).
    pub name: String,
    /// Where it stands.
    pub span: Span,
    /// What the documentation says of it.
    pub doc: Option<Text>,
    /// The condition under which the item has it.
    pub condition: Option<Condition>,
}

impl Feature {
    /// Whether this is the `deprecated` feature.
    pub fn is_deprecated(&self) -> bool {
        self.name == "deprecated"
    }

    /// Whether this is the `unstable` feature.
    pub fn is_unstable(&self) -> bool {
        self.name == "unstable"
    }
}

/// A QAPI `if` condition, kept as data.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "analysis", serde(rename_all = "kebab-case"))]
pub enum Condition {
    /// A configuration name (`CONFIG_SPICE`) or, in QEMU 5.2 to 6.1, a C expression
    /// (`defined(CONFIG_SPICE)`), as written.
    Name(String),
    /// Every condition holds.
    All(Vec<Condition>),
    /// Some condition holds.
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
}
