//! JSON text kept as it was received: the data of an event the document does not list.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A JSON value kept as the text QEMU sent, for the data of an event the document does not
/// list (the generated `Event::Unknown`): serde_json's [`RawValue`], with the methods and the
/// equality that the bindings want.
///
/// Reading it costs one copy of the text, not a tree of maps and vectors, and writing it gives
/// the text back unchanged (numbers, member order and repeated members included). Read it as
/// anything that deserializes when it is needed:
///
/// ```
/// use qmp_events_runtime::raw_json::RawJson;
///
/// let data: RawJson = serde_json::from_str(r#"{"status": "created", "id": "j0"}"#).unwrap();
/// assert_eq!(data.as_str(), r#"{"status": "created", "id": "j0"}"#);
/// let data: serde_json::Value = data.parse().unwrap();
/// assert_eq!(data["status"], "created");
/// ```
///
/// Two values are equal when they hold the same JSON, however it is spaced (as
/// `serde_json::Value`s compare).
#[derive(Clone)]
pub struct RawJson(
    /// The text, always one JSON value (serde_json read it whole, or a `Value` wrote it).
    Box<RawValue>,
);

impl RawJson {
    /// The JSON text.
    pub fn as_str(&self) -> &str {
        self.0.get()
    }

    /// The text laid out one member or element a line, `indent` spaces a level, `": "` after
    /// keys and `{}`/`[]` when empty (the form of Python's `json.dumps(value, indent=N)`), with
    /// no newline at the end. Strings, numbers and member order stay as they were: only the
    /// whitespace between tokens changes.
    ///
    /// ```
    /// use qmp_events_runtime::raw_json::RawJson;
    ///
    /// let raw: RawJson = serde_json::from_str(r#"{"b":[1, 2.50,{}],"a":"x, y: {z}"}"#).unwrap();
    /// assert_eq!(
    ///     raw.indented(1),
    ///     "{\n \"b\": [\n  1,\n  2.50,\n  {}\n ],\n \"a\": \"x, y: {z}\"\n}"
    /// );
    /// ```
    pub fn indented(&self, indent: usize) -> String {
        let text = self.as_str().as_bytes();
        let mut out = Vec::with_capacity(text.len() * 2);
        let mut depth = 0;
        let newline = |out: &mut Vec<u8>, depth: usize| {
            out.push(b'\n');
            out.resize(out.len() + depth * indent, b' ');
        };
        let mut at = 0;
        while at < text.len() {
            let byte = text[at];
            at += 1;
            match byte {
                b'"' => {
                    // A string, escapes included, copied whole.
                    let start = at - 1;
                    while text[at] != b'"' {
                        at += if text[at] == b'\\' { 2 } else { 1 };
                    }
                    at += 1;
                    out.extend_from_slice(&text[start..at]);
                }
                b'{' | b'[' => {
                    let close = if byte == b'{' { b'}' } else { b']' };
                    let next = at
                        + text[at..]
                            .iter()
                            .take_while(|byte| byte.is_ascii_whitespace())
                            .count();
                    out.push(byte);
                    if text[next] == close {
                        out.push(close);
                        at = next + 1;
                    } else {
                        depth += 1;
                        newline(&mut out, depth);
                    }
                }
                b'}' | b']' => {
                    depth -= 1;
                    newline(&mut out, depth);
                    out.push(byte);
                }
                b',' => {
                    out.push(b',');
                    newline(&mut out, depth);
                }
                b':' => out.extend_from_slice(b": "),
                b' ' | b'\t' | b'\n' | b'\r' => {}
                // Numbers, `true`, `false`, `null`.
                _ => out.push(byte),
            }
        }
        String::from_utf8(out).expect("only ASCII whitespace changed in UTF-8 text")
    }

    /// The value read as `T` (a `serde_json::Value`, a struct of one's own); the error of a
    /// `Value` is a number beyond `f64`, which it cannot hold.
    pub fn parse<T: DeserializeOwned>(&self) -> serde_json::Result<T> {
        serde_json::from_str(self.as_str())
    }
}

impl From<Box<RawValue>> for RawJson {
    fn from(raw: Box<RawValue>) -> Self {
        RawJson(raw)
    }
}

impl From<RawJson> for Box<RawValue> {
    fn from(raw: RawJson) -> Self {
        raw.0
    }
}

impl From<serde_json::Value> for RawJson {
    fn from(value: serde_json::Value) -> Self {
        let raw = serde_json::value::to_raw_value(&value);
        RawJson(raw.expect("a serde_json::Value always writes as JSON text"))
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        let value = |raw: &Self| raw.parse::<serde_json::Value>().ok();
        self.as_str() == other.as_str()
            || value(self).is_some_and(|mine| Some(mine) == value(other))
    }
}

impl Eq for RawJson {}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawJson({})", self.as_str())
    }
}

impl fmt::Display for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // serde_json writes a `RawValue` as its text.
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(deserializer).map(RawJson)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_text_and_compares_the_json() {
        let spaced: RawJson = serde_json::from_str(r#" {"a" : [1, 2.50], "b": null} "#).unwrap();
        assert_eq!(spaced.as_str(), r#"{"a" : [1, 2.50], "b": null}"#);
        assert_eq!(
            spaced,
            RawJson::from(serde_json::json!({"b": null, "a": [1, 2.5]}))
        );
        assert_ne!(spaced, RawJson::from(serde_json::json!({"a": [1, 2.5]})));
        assert_eq!(serde_json::to_string(&spaced).unwrap(), spaced.as_str());
        assert_eq!(spaced.to_string(), spaced.as_str());
        let from_value: RawJson = serde_json::from_value(serde_json::json!([true])).unwrap();
        assert_eq!(from_value.as_str(), "[true]");
        assert_eq!(from_value.parse::<Vec<bool>>().unwrap(), [true]);
    }

    #[test]
    fn indenting_changes_only_the_whitespace_between_tokens() {
        let text = r#" { "s" : "a \" , : { [ \\" , "é\u00e9" : [ ] , "o":{ },
            "n": [-1.50e3, true, false, null, [[]]] } "#;
        let raw: RawJson = serde_json::from_str(text).unwrap();
        let indented = raw.indented(2);
        assert_eq!(
            indented,
            r#"{
  "s": "a \" , : { [ \\",
  "é\u00e9": [],
  "o": {},
  "n": [
    -1.50e3,
    true,
    false,
    null,
    [
      []
    ]
  ]
}"#
        );
        // The layout of serde_json's pretty printer (keys sorted by `Value` on both sides).
        let value: serde_json::Value = raw.parse().unwrap();
        let mut pretty = Vec::new();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(b"  ");
        value
            .serialize(&mut serde_json::Serializer::with_formatter(
                &mut pretty,
                formatter,
            ))
            .unwrap();
        let sorted = RawJson::from(value.clone()).indented(2);
        assert_eq!(sorted, String::from_utf8(pretty).unwrap());
        assert_eq!(RawJson::from(serde_json::json!("x")).indented(1), r#""x""#);
    }

    #[test]
    fn writes_back_the_text_as_read_escapes_included() {
        let text = r#"[{"a" : [1, 2.50]}, "x\u00e9"]"#;
        let read: Vec<RawJson> = serde_json::from_str(text).unwrap();
        assert_eq!(read[0].as_str(), r#"{"a" : [1, 2.50]}"#);
        assert_eq!(read[1].as_str(), r#""x\u00e9""#);
        assert_eq!(
            serde_json::to_string(&read).unwrap(),
            r#"[{"a" : [1, 2.50]},"x\u00e9"]"#
        );
        let raw: Box<RawValue> = read[1].clone().into();
        assert_eq!(RawJson::from(raw), read[1]);
    }
}
