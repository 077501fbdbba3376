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
