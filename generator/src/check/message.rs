//! The rules that judge a message against the document: the model-driven twin of the generated
//! validators (same violation kinds, same ids, same JSON-pointer paths; the conformance crate
//! proves the two agree on every example of every version).
//!
//! The rules, in strict mode (undocumented fields, values and events are violations):
//! - the message must be a JSON object (`not-object` at the root, path ``), nested no deeper
//!   than [`MAX_DEPTH`] (`too-deep` at each container past it, whose contents are not looked
//!   into; everything else is judged as usual);
//! - `event` must be present (`missing-field`), a string (`wrong-type`) and a documented event
//!   (`unknown-event`, and the data is not judged);
//! - `timestamp` must be `{"seconds": json-int, "microseconds": json-int in 0..=999999}` (or both
//!   -1, which QMP sends when the host time cannot be read) and nothing else (`bad-timestamp` at
//!   `/timestamp` otherwise, once);
//! - no other member beside `event`, `data` and `timestamp` (`undocumented-field`);
//! - `data`: as documented. `Data: None.`: `data` may be absent or `{}`; each member it holds is
//!   `undocumented-field` (`/data/name`). A field list: `data` absent while a field is required is
//!   `missing-field` at `/data`; then every member is judged below. Either way `data` that is not
//!   an object is `wrong-type`. Data that is unspecified, prose or a type documented elsewhere is
//!   not judged;
//! - a member: absent and required is `missing-field`; present with another JSON type than
//!   annotated is `wrong-type` (`null` is never a documented type); a json-int beyond `i64` is
//!   `out-of-range` (so is any number beyond `f64`, wherever it stands); a string not among the documented values (when the document lists values) is
//!   `undocumented-value`; a member the document does not list is `undocumented-field`. A member
//!   with documented members is a json-object (whatever its annotation) judged member by member;
//!   a json-object without is not looked into. An unannotated member, or one of a type documented
//!   elsewhere, may hold anything. A member repeated in the text counts by its first occurrence
//!   and the later ones are judged against the same field (see [`super::read`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Map, Value};

use super::read::repeated_name;
use crate::text::model::{Data, Event, Field, Spec, Type};

/// How deep a message may nest (the message object itself is depth 1); deeper is `too-deep`.
pub const MAX_DEPTH: usize = 128;

/// The kinds of violation, with the ids the generated validators use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// The text is not JSON.
    NotJson,
    /// The message is not a JSON object.
    NotObject,
    /// An object holds a key twice.
    DuplicateKey,
    /// The message nests deeper than [`MAX_DEPTH`].
    TooDeep,
    /// A required member is absent.
    MissingField,
    /// A value has another JSON type than documented.
    WrongType,
    /// A json-int beyond `i64`.
    OutOfRange,
    /// A string that is not among the documented values.
    UndocumentedValue,
    /// A member the document does not list.
    UndocumentedField,
    /// An event the document does not document.
    UnknownEvent,
    /// `timestamp` missing or malformed.
    BadTimestamp,
}

impl Kind {
    /// The stable id (`missing-field`).
    pub fn id(self) -> &'static str {
        match self {
            Kind::NotJson => "not-json",
            Kind::NotObject => "not-object",
            Kind::DuplicateKey => "duplicate-key",
            Kind::TooDeep => "too-deep",
            Kind::MissingField => "missing-field",
            Kind::WrongType => "wrong-type",
            Kind::OutOfRange => "out-of-range",
            Kind::UndocumentedValue => "undocumented-value",
            Kind::UndocumentedField => "undocumented-field",
            Kind::UnknownEvent => "unknown-event",
            Kind::BadTimestamp => "bad-timestamp",
        }
    }
}

/// One thing wrong with a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// A JSON pointer to the offending member (`/data/server/auth`); `` is the whole message.
    pub path: String,
    /// What is wrong.
    pub kind: Kind,
    /// What is wrong, in words, for people.
    pub detail: String,
}

impl Violation {
    fn new(path: impl Into<String>, kind: Kind, detail: impl Into<String>) -> Self {
        Violation {
            path: path.into(),
            kind,
            detail: detail.into(),
        }
    }
}

/// The violations of a message against the documented event its `event` names (strict mode), as
/// `(path, kind id)` pairs, sorted. This is what the conformance crate compares with the
/// generated validators.
pub fn message_violations(spec: &Spec, message: &Value) -> Vec<(String, &'static str)> {
    let mut found = judge(message, |name| match spec.event(name) {
        Some(event) => Ok(Some(event)),
        None => Err(Violation::new(
            "/event",
            Kind::UnknownEvent,
            format!("`{name}` is not a documented event"),
        )),
    });
    pairs(&mut found)
}

/// The violations of a message given as text: `not-json` when it does not parse; else
/// `duplicate-key` for each member an object repeats (the first counts; the later ones are judged
/// against the same field), `too-deep` for each container nested deeper than [`MAX_DEPTH`],
/// `out-of-range` for each number beyond `f64` (judged as ±1e308 otherwise), and the rules of
/// [`message_violations`]. Sorted `(path, kind id)` pairs.
pub fn text_violations(spec: &Spec, text: &str) -> Vec<(String, &'static str)> {
    let Ok(read) = super::read::read(text) else {
        return vec![(String::new(), Kind::NotJson.id())];
    };
    // What is not an object is not looked into.
    if !read.value.is_object() {
        return message_violations(spec, &read.value);
    }
    let mut found: Vec<(String, &'static str)> = read
        .duplicates
        .into_iter()
        .map(|(path, _)| (path, Kind::DuplicateKey.id()))
        .chain(
            read.too_deep
                .into_iter()
                .map(|(path, _)| (path, Kind::TooDeep.id())),
        )
        .chain(
            read.beyond_f64
                .into_iter()
                .map(|(path, _, _)| (path, Kind::OutOfRange.id())),
        )
        .collect();
    found.extend(message_violations(spec, &read.value));
    found.sort();
    found.dedup();
    found
}

fn pairs(found: &mut [Violation]) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = found
        .iter()
        .map(|violation| (violation.path.clone(), violation.kind.id()))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Judges a message. `event_of` turns the message's event name into the event whose data rules
/// apply (`Ok(None)`: judge no data), or the violation that the name is.
pub(crate) fn judge<'s>(
    message: &Value,
    event_of: impl FnOnce(&str) -> Result<Option<&'s Event>, Violation>,
) -> Vec<Violation> {
    let Some(object) = message.as_object() else {
        return vec![Violation::new(
            "",
            Kind::NotObject,
            format!("the message is {}, not a JSON object", type_name(message)),
        )];
    };
    let mut found = Vec::new();
    too_deep(message, "", 1, &mut found);
    let event = match object.get("event") {
        None => {
            found.push(Violation::new(
                "/event",
                Kind::MissingField,
                "the message has no `event`",
            ));
            None
        }
        Some(Value::String(name)) => match event_of(name) {
            Ok(event) => event,
            Err(violation) => {
                found.push(violation);
                None
            }
        },
        Some(other) => {
            found.push(Violation::new(
                "/event",
                Kind::WrongType,
                format!("`event` is {}, expected a json-string", type_name(other)),
            ));
            None
        }
    };
    if let Some(problem) = timestamp_problem(object.get("timestamp")) {
        found.push(Violation::new("/timestamp", Kind::BadTimestamp, problem));
    }
    for key in object.keys() {
        // A repeated member of the envelope is only a `duplicate-key` (reported by the reader).
        if repeated_name(key).is_none() && !matches!(key.as_str(), "event" | "data" | "timestamp") {
            found.push(Violation::new(
                pointer("", key),
                Kind::UndocumentedField,
                format!("`{key}` is not a member of a QMP event message"),
            ));
        }
    }
    if let Some(event) = event {
        judge_data(event, object.get("data"), &mut found);
    }
    found
}

/// What is wrong with a timestamp, if anything.
fn timestamp_problem(timestamp: Option<&Value>) -> Option<String> {
    let Some(timestamp) = timestamp else {
        return Some("the message has no `timestamp`".to_owned());
    };
    let Some(object) = timestamp.as_object() else {
        return Some(format!(
            "`timestamp` is {}, expected {{\"seconds\": json-int, \"microseconds\": json-int}}",
            type_name(timestamp)
        ));
    };
    let Some(seconds) = object.get("seconds").and_then(Value::as_i64) else {
        return Some("`timestamp` needs `seconds`, a json-int".to_owned());
    };
    match object.get("microseconds").and_then(Value::as_i64) {
        Some(0..=999_999) => {}
        // QMP's specification: when the host time cannot be read, both members are -1.
        Some(-1) if seconds == -1 => {}
        Some(_) => {
            return Some(
                "`microseconds` must lie in 0..=999999 (or both members be -1)".to_owned(),
            );
        }
        None => return Some("`timestamp` needs `microseconds`, a json-int".to_owned()),
    }
    for (key, value) in object {
        match repeated_name(key) {
            // A repeated part must be a json-int too.
            Some("seconds" | "microseconds") if value.as_i64().is_none() => {
                return Some(format!("a repeated `{}` is not a json-int", key));
            }
            Some(_) => {}
            None if matches!(key.as_str(), "seconds" | "microseconds") => {}
            None => {
                return Some(format!(
                    "`timestamp` holds `{key}` beside `seconds` and `microseconds`"
                ));
            }
        }
    }
    None
}

fn judge_data(event: &Event, data: Option<&Value>, found: &mut Vec<Violation>) {
    match (&event.data, data) {
        (Data::None { .. } | Data::Fields { .. }, Some(other)) if !other.is_object() => {
            found.push(Violation::new(
                "/data",
                Kind::WrongType,
                format!("`data` is {}, expected a json-object", type_name(other)),
            ))
        }
        (Data::None { .. }, Some(Value::Object(members))) => {
            for key in members.keys().filter(|key| repeated_name(key).is_none()) {
                found.push(Violation::new(
                    pointer("/data", key),
                    Kind::UndocumentedField,
                    format!(
                        "`{}` is documented without data (`Data: None.`), but `data` holds `{key}`",
                        event.name
                    ),
                ));
            }
        }
        (Data::Fields { .. }, None) => {
            let required: Vec<&str> = event
                .fields
                .iter()
                .filter(|field| !field.optional)
                .map(|field| field.name.as_str())
                .collect();
            if !required.is_empty() {
                found.push(Violation::new(
                    "/data",
                    Kind::MissingField,
                    format!("`data` is missing; it requires {}", quoted_list(&required)),
                ));
            }
        }
        (Data::Fields { .. }, Some(Value::Object(members))) => {
            judge_members(&event.fields, members, "/data", found);
        }
        _ => {}
    }
}

fn judge_members(
    fields: &[Field],
    members: &Map<String, Value>,
    path: &str,
    found: &mut Vec<Violation>,
) {
    // A field documented twice is judged once, by its first documentation.
    let mut documented: BTreeMap<&str, &Field> = BTreeMap::new();
    for field in fields {
        documented.entry(field.name.as_str()).or_insert(field);
    }
    for field in fields {
        if !documented
            .get(field.name.as_str())
            .is_some_and(|first| std::ptr::eq(*first, field))
        {
            continue;
        }
        let at = pointer(path, &field.name);
        match members.get(&field.name) {
            None if !field.optional => found.push(Violation::new(
                at,
                Kind::MissingField,
                format!("required field `{}` is missing", field.name),
            )),
            None => {}
            Some(value) => judge_value(field, value, &at, found),
        }
    }
    for (key, value) in members {
        // A repeated member: judged against its field again, as the validators do.
        if let Some(name) = repeated_name(key) {
            if let Some(field) = documented.get(name) {
                judge_value(field, value, &pointer(path, name), found);
            }
            continue;
        }
        if !documented.contains_key(key.as_str()) {
            found.push(Violation::new(
                pointer(path, key),
                Kind::UndocumentedField,
                format!("`{key}` is not a documented field"),
            ));
        }
    }
}

fn judge_value(field: &Field, value: &Value, path: &str, found: &mut Vec<Violation>) {
    // Documented members make a json-object, whatever the annotation says.
    if !field.fields.is_empty() {
        match value.as_object() {
            Some(members) => judge_members(&field.fields, members, path, found),
            None => found.push(Violation::new(
                path,
                Kind::WrongType,
                format!(
                    "`{}` is {}, documented as json-object",
                    field.name,
                    type_name(value)
                ),
            )),
        }
        return;
    }
    let Some(ty) = &field.ty else {
        return;
    };
    let wrong = |found: &mut Vec<Violation>| {
        found.push(Violation::new(
            path,
            Kind::WrongType,
            format!(
                "`{}` is {}, documented as {ty}",
                field.name,
                type_name(value)
            ),
        ));
    };
    match ty {
        Type::Named(_) => {}
        Type::String => match value.as_str() {
            None => wrong(found),
            Some(text) => {
                if !field.values.is_empty() && !field.values.iter().any(|v| v.name == text) {
                    let names: Vec<&str> = field.values.iter().map(|v| v.name.as_str()).collect();
                    found.push(Violation::new(
                        path,
                        Kind::UndocumentedValue,
                        format!(
                            "\"{text}\" is not a documented value of `{}` ({})",
                            field.name,
                            quoted_list(&names)
                        ),
                    ));
                }
            }
        },
        Type::Int => match int_range(value) {
            IntFit::Fits => {}
            IntFit::OutOfRange => found.push(Violation::new(
                path,
                Kind::OutOfRange,
                format!("`{}` is {value}, beyond a 64-bit json-int", field.name),
            )),
            IntFit::NotInt => wrong(found),
        },
        Type::Bool => {
            if !value.is_boolean() {
                wrong(found);
            }
        }
        Type::Number => {
            if !value.is_number() {
                wrong(found);
            }
        }
        Type::Object => {
            if !value.is_object() {
                wrong(found);
            }
        }
    }
}

enum IntFit {
    Fits,
    OutOfRange,
    NotInt,
}

/// Whether a value is a json-int that fits `i64`. An integer literal too large even for `u64` is
/// read as a float by serde_json; a float without a fractional part beyond `i64` counts as such an
/// integer.
fn int_range(value: &Value) -> IntFit {
    let Value::Number(number) = value else {
        return IntFit::NotInt;
    };
    if number.is_i64() {
        IntFit::Fits
    } else if number.is_u64() {
        IntFit::OutOfRange
    } else {
        match number.as_f64() {
            // 2^63: no integral float of this size or more fits (-2^63 written as a float is the
            // rounding of a literal beyond it, as serde_json reads -2^63 itself as an integer).
            Some(float) if float.fract() == 0.0 && float.abs() >= 9_223_372_036_854_775_808.0 => {
                IntFit::OutOfRange
            }
            _ => IntFit::NotInt,
        }
    }
}

/// Every container nested deeper than [`MAX_DEPTH`] (not looked into further).
fn too_deep(value: &Value, path: &str, depth: usize, found: &mut Vec<Violation>) {
    let is_container = value.is_object() || value.is_array();
    if is_container && depth > MAX_DEPTH {
        found.push(Violation::new(
            path,
            Kind::TooDeep,
            format!("the message nests deeper than {MAX_DEPTH} levels here"),
        ));
        return;
    }
    match value {
        Value::Object(members) => {
            for (key, member) in members {
                let name = repeated_name(key).unwrap_or(key);
                too_deep(member, &pointer(path, name), depth + 1, found);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                too_deep(item, &pointer(path, &index.to_string()), depth + 1, found);
            }
        }
        _ => {}
    }
}

/// `path` extended by one reference token, escaped as the validators' reports escape it.
pub fn pointer(path: &str, key: &str) -> String {
    let mut out = String::with_capacity(path.len() + key.len() + 1);
    out.push_str(path);
    qmp_events_runtime::pointer::push_token(&mut out, key);
    out
}

/// The JSON type of a value, in the document's words.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a json-bool",
        Value::Number(number) if number.is_f64() => "a json-number",
        Value::Number(_) => "a json-int",
        Value::String(_) => "a json-string",
        Value::Array(_) => "an array",
        Value::Object(_) => "a json-object",
    }
}

fn quoted_list(names: &[&str]) -> String {
    let mut out = String::new();
    for (index, name) in names.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "\"{name}\"");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::parse::parse;

    const DOC: &str = "BLOCK_IO_ERROR\n--------------\n\nData:\n\n- \"device\": device name (json-string)\n- \"action\": action (json-string, \"stop\" or \"report\")\n- \"sector\": sector (json-int, optional)\n- \"server\": server (json-object)\n  - \"host\": host (json-string)\n  - \"auth\": auth (json-string, optional)\n\nSTOP\n----\n\nData: None.\n";

    fn violations(message: &str) -> Vec<(String, &'static str)> {
        let spec = parse(DOC).spec;
        text_violations(&spec, message)
    }

    fn owned(pairs: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
        pairs.iter().map(|&(p, k)| (p.to_owned(), k)).collect()
    }

    const TS: &str = "\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}";

    #[test]
    fn a_good_message_has_no_violations() {
        let message = format!(
            "{{\"event\": \"BLOCK_IO_ERROR\", {TS}, \"data\": {{\"device\": \"a\", \"action\": \"stop\", \"server\": {{\"host\": \"h\"}}}}}}"
        );
        assert_eq!(violations(&message), []);
        assert_eq!(violations(&format!("{{\"event\": \"STOP\", {TS}}}")), []);
    }

    #[test]
    fn each_kind_at_its_path() {
        assert_eq!(violations("{"), owned(&[("", "not-json")]));
        assert_eq!(violations("[1]"), owned(&[("", "not-object")]));
        assert_eq!(
            violations(&format!(
                "{{\"event\": \"STOP\", \"event\": \"STOP\", {TS}}}"
            )),
            owned(&[("/event", "duplicate-key")])
        );
        // `/x` is depth 2; the container at depth MAX_DEPTH + 1 is too deep, and only it.
        let deep = format!(
            "{{\"event\": \"STOP\", {TS}, \"x\": {}1{}}}",
            "[".repeat(140),
            "]".repeat(140)
        );
        let too_deep = format!("/x{}", "/0".repeat(MAX_DEPTH - 1));
        assert_eq!(
            violations(&deep),
            owned(&[("/x", "undocumented-field"), (&too_deep, "too-deep")])
        );
        assert_eq!(
            violations(&format!(
                "{{\"event\": \"BLOCK_IO_ERROR\", {TS}, \"data\": {{\"device\": 1, \"action\": \"halt\", \"sector\": 9223372036854775808, \"server\": {{\"auth\": \"x\", \"port\": 1}}, \"extra\": true}}}}"
            )),
            owned(&[
                ("/data/action", "undocumented-value"),
                ("/data/device", "wrong-type"),
                ("/data/extra", "undocumented-field"),
                ("/data/sector", "out-of-range"),
                ("/data/server/host", "missing-field"),
                ("/data/server/port", "undocumented-field"),
            ])
        );
        assert_eq!(
            violations("{\"event\": \"NOPE\", \"timestamp\": {\"seconds\": 1}, \"a/b\": 1}"),
            owned(&[
                ("/a~1b", "undocumented-field"),
                ("/event", "unknown-event"),
                ("/timestamp", "bad-timestamp"),
            ])
        );
        assert_eq!(
            violations(&format!(
                "{{\"event\": \"STOP\", {TS}, \"data\": {{\"x\": 1}}}}"
            )),
            owned(&[("/data/x", "undocumented-field")])
        );
        assert_eq!(
            violations(&format!("{{\"event\": \"STOP\", {TS}, \"data\": {{}}}}")),
            owned(&[])
        );
        assert_eq!(
            violations(&format!("{{\"event\": \"STOP\", {TS}, \"data\": 1}}")),
            owned(&[("/data", "wrong-type")])
        );
        assert_eq!(
            violations(&format!("{{\"event\": \"BLOCK_IO_ERROR\", {TS}}}")),
            owned(&[("/data", "missing-field")])
        );
        assert_eq!(
            violations(&format!("{{{TS}}}")),
            owned(&[("/event", "missing-field")])
        );
    }

    #[test]
    fn floats_are_not_ints_but_huge_integral_floats_are_out_of_range() {
        let base = |sector: &str| {
            format!(
                "{{\"event\": \"BLOCK_IO_ERROR\", {TS}, \"data\": {{\"device\": \"a\", \"action\": \"stop\", \"server\": {{\"host\": \"h\"}}, \"sector\": {sector}}}}}"
            )
        };
        assert_eq!(
            violations(&base("1.5")),
            owned(&[("/data/sector", "wrong-type")])
        );
        assert_eq!(
            violations(&base("100000000000000000000000")),
            owned(&[("/data/sector", "out-of-range")])
        );
        assert_eq!(violations(&base("-9223372036854775808")), []);
        assert_eq!(
            violations(&base("9.25e18")),
            owned(&[("/data/sector", "out-of-range")])
        );
        assert_eq!(
            violations(&base("1e2")),
            owned(&[("/data/sector", "wrong-type")])
        );
    }

    #[test]
    fn a_timestamp_of_minus_one_means_no_host_time() {
        let message =
            "{\"event\": \"STOP\", \"timestamp\": {\"seconds\": -1, \"microseconds\": -1}}";
        assert_eq!(violations(message), []);
    }

    #[test]
    fn timestamps_must_be_exact() {
        for bad in [
            "\"timestamp\": 5",
            "\"timestamp\": {\"seconds\": 1, \"microseconds\": 1000000}",
            "\"timestamp\": {\"seconds\": 1, \"microseconds\": -1}",
            "\"timestamp\": {\"seconds\": \"1\", \"microseconds\": 1}",
            "\"timestamp\": {\"seconds\": 1, \"microseconds\": 1, \"nanoseconds\": 1}",
        ] {
            assert_eq!(
                violations(&format!("{{\"event\": \"STOP\", {bad}}}")),
                owned(&[("/timestamp", "bad-timestamp")]),
                "{bad}"
            );
        }
    }
}
