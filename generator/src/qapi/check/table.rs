//! What the checks know of a schema: its expressions, and every name it defines (the built-in
//! types, the definitions, the enums QEMU makes for simple unions and alternates) with its
//! meta-type.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::model::Span;
use crate::qapi::ast::{Expression, Item, Key, Program, Value, ValueKind};

/// A definition's meta-type, in QEMU's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Meta {
    Builtin,
    Enum,
    Struct,
    Union,
    Alternate,
    Command,
    Event,
}

impl Meta {
    /// How QEMU's messages name it.
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Meta::Builtin => "built-in",
            Meta::Enum => "enum",
            Meta::Struct => "struct",
            Meta::Union => "union",
            Meta::Alternate => "alternate",
            Meta::Command => "command",
            Meta::Event => "event",
        }
    }
}

/// The JSON type a value of a type has on the wire, as far as an alternate tells its branches
/// apart by it (QEMU's QType).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum JsonType {
    Null,
    String,
    Number,
    Bool,
    Object,
    Array,
}

/// The built-in types: QEMU 2.10's and today's (the same names), with their JSON type (`any`
/// has none: it can be anything).
pub(super) const BUILTINS: [(&str, Option<JsonType>); 16] = [
    ("null", Some(JsonType::Null)),
    ("str", Some(JsonType::String)),
    ("int", Some(JsonType::Number)),
    ("number", Some(JsonType::Number)),
    ("bool", Some(JsonType::Bool)),
    ("int8", Some(JsonType::Number)),
    ("int16", Some(JsonType::Number)),
    ("int32", Some(JsonType::Number)),
    ("int64", Some(JsonType::Number)),
    ("uint8", Some(JsonType::Number)),
    ("uint16", Some(JsonType::Number)),
    ("uint32", Some(JsonType::Number)),
    ("uint64", Some(JsonType::Number)),
    ("size", Some(JsonType::Number)),
    ("any", None),
    ("QType", Some(JsonType::String)),
];

/// The values of the built-in enum `QType`.
const QTYPE_VALUES: [&str; 7] = [
    "none", "qnull", "qnum", "qstring", "qdict", "qlist", "qbool",
];

/// One definition: an expression with a meta-type and a name.
#[derive(Debug, Clone)]
pub(super) struct Definition<'p> {
    /// The index of its expression in [`Table::expressions`].
    pub expression: usize,
    /// Its meta-type.
    pub meta: Meta,
    /// Its name.
    pub name: &'p str,
    /// Whether it has passed every check so far (one with an error takes no part in the
    /// later passes, which would only report its consequences).
    pub sound: bool,
}

/// What a name stands for.
#[derive(Debug, Clone)]
pub(super) enum Named {
    /// A built-in type.
    Builtin(Option<JsonType>),
    /// A definition (its index in [`Table::definitions`]).
    Definition(usize),
    /// The enum QEMU makes of a simple union's or an alternate's branch names (`UnionKind`).
    Implicit(Vec<String>),
}

/// The schema's expressions and names.
#[derive(Debug)]
pub(super) struct Table<'p> {
    /// The schema.
    pub program: &'p Program,
    /// Every top-level expression, in reading order (includes and pragmas too).
    pub expressions: Vec<&'p Expression>,
    /// Every definition, in reading order.
    pub definitions: Vec<Definition<'p>>,
    /// Every name defined, with what it stands for.
    pub names: HashMap<Cow<'p, str>, Named>,
}

impl<'p> Table<'p> {
    /// The table of `program`'s expressions, knowing only the built-in types.
    pub(super) fn new(program: &'p Program) -> Self {
        let expressions = program
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Expression(expression) => Some(expression),
                Item::FreeDoc(_) => None,
            })
            .collect();
        let names = BUILTINS
            .iter()
            .map(|(name, json)| (Cow::Borrowed(*name), Named::Builtin(*json)))
            .collect();
        Table {
            program,
            expressions,
            definitions: Vec::new(),
            names,
        }
    }

    /// The definition `definition`, to be checked.
    pub(super) fn subject(&self, definition: &Definition<'p>) -> super::Subject<'p> {
        let expression = self.expressions[definition.expression];
        super::Subject {
            span: expression.value.span,
            name: definition.name,
            expression,
        }
    }

    /// Where the expression with index `expression` starts.
    pub(super) fn span(&self, expression: usize) -> Span {
        self.expressions[expression].value.span
    }

    /// The meta-type of the type or definition called `name`.
    pub(super) fn meta(&self, name: &str) -> Option<Meta> {
        match self.names.get(name)? {
            Named::Builtin(_) => Some(Meta::Builtin),
            Named::Definition(index) => Some(self.definitions[*index].meta),
            Named::Implicit(_) => Some(Meta::Enum),
        }
    }

    /// The definition called `name`, with its expression.
    pub(super) fn definition(&self, name: &str) -> Option<(&Definition<'p>, &'p Expression)> {
        match self.names.get(name)? {
            Named::Definition(index) => {
                let definition = &self.definitions[*index];
                Some((definition, self.expressions[definition.expression]))
            }
            _ => None,
        }
    }

    /// The values of the enum called `name` (`None` when it is no enum).
    pub(super) fn enum_values(&self, name: &str) -> Option<Vec<&str>> {
        match self.names.get(name)? {
            Named::Builtin(_) if name == "QType" => Some(QTYPE_VALUES.to_vec()),
            Named::Builtin(_) => None,
            Named::Implicit(values) => Some(values.iter().map(String::as_str).collect()),
            Named::Definition(_) => {
                let (definition, expression) = self.definition(name)?;
                if definition.meta != Meta::Enum {
                    return None;
                }
                let values = array(expression.get("data")?)?;
                Some(values.iter().filter_map(enum_value_name).collect())
            }
        }
    }

    /// The JSON type of the values of the type called `name`, for an alternate's branch.
    pub(super) fn json_type(&self, name: &str) -> Option<JsonType> {
        match self.names.get(name)? {
            Named::Builtin(json) => *json,
            Named::Implicit(_) => Some(JsonType::String),
            Named::Definition(index) => match self.definitions[*index].meta {
                Meta::Enum => Some(JsonType::String),
                Meta::Struct | Meta::Union => Some(JsonType::Object),
                _ => None,
            },
        }
    }

    /// Marks the definition of expression `expression` as having an error.
    pub(super) fn spoil(&mut self, expression: usize) {
        for definition in &mut self.definitions {
            if definition.expression == expression {
                definition.sound = false;
            }
        }
    }
}

/// The members of an object value.
pub(super) fn object(value: &Value) -> Option<&[(Key, Value)]> {
    match &value.kind {
        ValueKind::Object(members) => Some(members),
        _ => None,
    }
}

/// The elements of an array value.
pub(super) fn array(value: &Value) -> Option<&[Value]> {
    match &value.kind {
        ValueKind::Array(values) => Some(values),
        _ => None,
    }
}

/// The name of an enum value: `'name'` or today's `{ 'name': 'name', 'if': … }`.
pub(super) fn enum_value_name(value: &Value) -> Option<&str> {
    value
        .as_str()
        .or_else(|| value.get("name").and_then(Value::as_str))
}

/// One member of an object type (`'*name': TYPE`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Member<'p> {
    /// Its name, without the `*`.
    pub name: &'p str,
    /// Whether it is optional (`*`).
    pub optional: bool,
    /// Its type, as written: `'TYPE'`, `['TYPE']` (today's `{ 'type': … }` unwrapped).
    pub ty: &'p Value,
}

/// The members an object value (`data`, an inline `base`) declares.
pub(super) fn members(value: &Value) -> Vec<Member<'_>> {
    object(value)
        .unwrap_or_default()
        .iter()
        .map(|(key, value)| {
            let (name, optional) = match key.name.strip_prefix('*') {
                Some(name) => (name, true),
                None => (key.name.as_str(), false),
            };
            Member {
                name,
                optional,
                ty: member_type(value),
            }
        })
        .collect()
}

/// The keys of today's long form of a member or branch.
const LONG_FORM_KEYS: [&str; 3] = ["type", "if", "features"];

/// A member's or branch's type: the value itself, or the `type` of today's long form (an
/// object with other keys is members declared inline, one of them called `type`).
pub(super) fn member_type(value: &Value) -> &Value {
    let long_form = object(value).is_some_and(|keys| {
        keys.iter()
            .all(|(key, _)| LONG_FORM_KEYS.contains(&key.name.as_str()))
    });
    match value.get("type") {
        Some(ty) if long_form => ty,
        _ => value,
    }
}

/// The type name a type value names: `'TYPE'` or `['TYPE']`.
pub(super) fn type_name(value: &Value) -> Option<&str> {
    match &value.kind {
        ValueKind::Str(name) => Some(name),
        ValueKind::Array(elements) if elements.len() == 1 => elements[0].as_str(),
        _ => None,
    }
}
