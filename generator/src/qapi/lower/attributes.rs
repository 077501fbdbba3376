//! What QAPI writes the same way on every definition, member and value: `if` conditions and
//! `features`.

use crate::model::{Condition, Feature};
use crate::qapi::ast::{Value, ValueKind};

/// The `if` of an item: a name (`CONFIG_SPICE`, or in QEMU 5.2 to 6.1 a C expression, as
/// written), `{'all': [...]}`, `{'any': [...]}`, `{'not': ...}`, or (QEMU 2.12 to 6.1) a list of
/// conditions that must all hold. A value of another shape is a semantic error the checks
/// report; it lowers to no condition.
pub fn condition(value: &Value) -> Option<Condition> {
    match &value.kind {
        ValueKind::Str(name) => Some(Condition::Name(name.clone())),
        ValueKind::Array(values) => Some(Condition::All(
            values.iter().filter_map(condition).collect(),
        )),
        ValueKind::Object(members) => {
            let [(key, value)] = members.as_slice() else {
                return None;
            };
            let list = || match &value.kind {
                ValueKind::Array(values) => values.iter().filter_map(condition).collect(),
                _ => Vec::new(),
            };
            match key.name.as_str() {
                "all" => Some(Condition::All(list())),
                "any" => Some(Condition::Any(list())),
                "not" => condition(value).map(|inner| Condition::Not(Box::new(inner))),
                _ => None,
            }
        }
        ValueKind::Bool(_) | ValueKind::Null => None,
    }
}

/// The condition under the `if` key of an object, if any.
pub fn condition_of(object: &Value) -> Option<Condition> {
    object.get("if").and_then(condition)
}

/// The `features` of an object: names, or `{'name', 'if'}` (without their docs, which the doc
/// comment gives).
pub fn features_of(object: &Value) -> Vec<Feature> {
    named_list(object.get("features"))
        .map(|(name, value)| Feature {
            name: name.to_owned(),
            span: value.span,
            doc: None,
            condition: condition_of(value),
        })
        .collect()
}

/// The entries of a list of names where each is a string or `{'name': …, …}` (features, enum
/// values), with the value that writes it; what has no name is skipped (the checks report it).
pub fn named_list(list: Option<&Value>) -> impl Iterator<Item = (&str, &Value)> {
    let values = match list.map(|list| &list.kind) {
        Some(ValueKind::Array(values)) => values.as_slice(),
        _ => &[],
    };
    values.iter().filter_map(|value| {
        let name = value
            .as_str()
            .or_else(|| value.get("name").and_then(Value::as_str))?;
        Some((name, value))
    })
}
