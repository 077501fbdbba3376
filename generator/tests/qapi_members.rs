//! Every event of every real QAPI schema has the members and optionality that the schema
//! writes, counted by an independent reader: the schema's files turned into JSON by a few lines
//! of text handling (comments dropped, `'` made `"`) and read with serde_json, includes
//! followed by their path. It shares nothing with the QAPI front end.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A JSON value whose objects keep their members' order (serde_json's `Value` sorts them).
#[derive(Debug, Clone, PartialEq)]
enum Value {
    String(String),
    Other,
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().find(|(name, _)| name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Ordered;
        impl<'de> Visitor<'de> for Ordered {
            type Value = Value;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a QAPI value")
            }
            fn visit_str<E>(self, text: &str) -> Result<Value, E> {
                Ok(Value::String(text.to_owned()))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Value, E> {
                Ok(Value::Other)
            }
            fn visit_unit<E>(self) -> Result<Value, E> {
                Ok(Value::Other)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Value::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(Value::Object(members))
            }
        }
        deserializer.deserialize_any(Ordered)
    }
}

/// The top-level expressions of a QAPI file, read as JSON.
fn expressions(text: &str) -> Vec<Value> {
    let mut json = String::new();
    let mut in_string = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '#' if !in_string => {
                while chars.peek().is_some_and(|next| *next != '\n') {
                    chars.next();
                }
            }
            '\'' => {
                in_string = !in_string;
                json.push('"');
            }
            '"' if in_string => json.push_str("\\\""),
            '\\' if in_string => {
                json.push('\\');
                json.extend(chars.next());
            }
            _ => json.push(c),
        }
    }
    let mut values = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(&json).into_iter::<Value>();
    for value in &mut stream {
        values.push(value.expect("a QAPI file read as JSON"));
    }
    values
}

/// Every expression of the schema whose main file is `main`, includes followed (each file once).
fn schema(main: &Path, seen: &mut BTreeSet<std::path::PathBuf>, out: &mut Vec<Value>) {
    let Ok(canonical) = main.canonicalize() else {
        panic!("{}", main.display());
    };
    if !seen.insert(canonical) {
        return;
    }
    let text = std::fs::read_to_string(main).expect("a schema file");
    for expression in expressions(&text) {
        if let Some(include) = expression.get("include").and_then(Value::as_str) {
            schema(&main.parent().unwrap().join(include), seen, out);
        } else {
            out.push(expression);
        }
    }
}

/// `(name, optional)` of an inline member list, in order.
fn inline(members: &[(String, Value)]) -> Vec<(String, bool)> {
    members
        .iter()
        .map(|(key, _)| match key.strip_prefix('*') {
            Some(name) => (name.to_owned(), true),
            None => (key.clone(), false),
        })
        .collect()
}

/// The members of struct `name` (its base's first), when it is a struct.
fn struct_members(structs: &BTreeMap<String, &Value>, name: &str) -> Option<Vec<(String, bool)>> {
    let definition = structs.get(name)?;
    let mut members = match definition.get("base") {
        Some(Value::String(base)) => struct_members(structs, base)?,
        Some(Value::Object(base)) => inline(base),
        _ => Vec::new(),
    };
    let Value::Object(data) = definition.get("data")? else {
        return None;
    };
    members.extend(inline(data));
    Some(members)
}

#[test]
fn every_event_has_the_members_and_optionality_its_schema_writes() {
    let mut compared_members = 0;
    for entry in common::qapi_schemas() {
        let main = common::qapi_dir().join(&entry.file);
        let mut expressions = Vec::new();
        schema(&main, &mut BTreeSet::new(), &mut expressions);
        let structs: BTreeMap<String, &Value> = expressions
            .iter()
            .filter_map(|expression| {
                let name = expression
                    .get("struct")
                    .or_else(|| expression.get("type"))?;
                Some((name.as_str()?.to_owned(), expression))
            })
            .collect();

        let document = qmpgen::document::Document::read(&main).expect("readable");
        assert!(!document.has_errors(), "{}", entry.file);
        let model = document.schema();
        let events: Vec<&Value> = expressions
            .iter()
            .filter(|e| e.get("event").is_some())
            .collect();
        assert_eq!(model.events.len(), events.len(), "{}: events", entry.file);

        for expression in events {
            let name = expression
                .get("event")
                .and_then(Value::as_str)
                .expect("an event name");
            let event = model
                .event(name)
                .unwrap_or_else(|| panic!("{}: {name}", entry.file));
            let written = match expression.get("data") {
                None => Some(Vec::new()),
                Some(Value::Object(members)) => Some(inline(members)),
                Some(Value::String(data)) => struct_members(&structs, data),
                Some(other) => panic!("{}: {name}: data {other:?}", entry.file),
            };
            // Boxed union data has no member list to compare.
            let Some(written) = written else { continue };
            let lowered: Vec<(String, bool)> = match &event.data {
                None => Vec::new(),
                Some(qmpgen::model::TypeRef::Named(data)) => model
                    .object_members(data)
                    .into_iter()
                    .map(|member| (member.name.clone(), member.optional))
                    .collect(),
                Some(other) => panic!("{}: {name}: data lowered as {other:?}", entry.file),
            };
            assert_eq!(lowered, written, "{}: {name}", entry.file);
            compared_members += written.len();
        }
    }
    println!("{compared_members} members compared");
    assert!(
        compared_members >= 600,
        "{compared_members} members compared"
    );
}
