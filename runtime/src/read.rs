//! Typed reading of a message's text with the validators' JSON reader: a serde `Deserializer`
//! over `crate::json`, so that the generated types' `Deserialize` impls (the same ones
//! `serde_json::from_str` drives) read through a reader that costs less than serde_json's.
//!
//! It reads what serde_json reads into a `Value` and gives the same values: numbers are
//! classified as serde_json classifies them, strings are borrowed from the text when they hold
//! no escape, `serde_json::value::RawValue` (the data of an unknown event) is the value's own
//! text. Only errors are worded its own way (with serde_json's words for JSON that is broken).

use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use crate::json::{Json, Number, Peek, Text};
use crate::validate::scalar::Scalar;

/// How deeply values may nest, as serde_json allows (its recursion limit): the reader recurses
/// once per level.
const RECURSION_LIMIT: u32 = 128;

/// The name serde_json's `RawValue` asks for (`serde_json::value::RawValue`'s deserialization
/// protocol, which serde_json's own `Value` deserializer also follows).
const RAW_VALUE: &str = "$serde_json::private::RawValue";

/// Reads `text` (one JSON value, white space around it allowed) as a `T`.
///
/// ```
/// let pair: (String, Vec<u8>) = qmp_events_runtime::read::from_str(r#"["a", [1, 2]]"#).unwrap();
/// assert_eq!(pair, ("a".to_owned(), vec![1, 2]));
/// let error = qmp_events_runtime::read::from_str::<u8>("300").unwrap_err();
/// assert_eq!(error.to_string(), "invalid value: integer `300`, expected u8 at line 1 column 3");
/// ```
pub fn from_str<'de, T: de::Deserialize<'de>>(text: &'de str) -> Result<T, Error> {
    let mut reader = Reader {
        json: Json::from_str(text),
        depth: 0,
    };
    let read = T::deserialize(&mut reader).and_then(|value| {
        reader.json.finish().map_err(Error::broken)?;
        Ok(value)
    });
    read.map_err(|error| {
        // An error that does not say where it happened happened where reading stopped.
        let offset = error
            .offset
            .unwrap_or_else(|| reader.json.offset().saturating_sub(1));
        Error {
            position: Some(crate::json::position(text.as_bytes(), offset)),
            ..error
        }
    })
}

/// Why a text does not read as the type asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    message: String,
    /// The byte where the problem stands, when the reader knows it.
    offset: Option<usize>,
    /// Where it stands (`line L column C`), once the text is known.
    position: Option<String>,
}

impl Error {
    /// The error for text that is not JSON.
    #[cold]
    fn broken(broken: crate::json::Broken) -> Error {
        Error {
            message: broken.words().to_owned(),
            offset: Some(broken.offset()),
            position: None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.position {
            Some(position) => write!(f, "{} at {position}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    #[cold]
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error {
            message: message.to_string(),
            offset: None,
            position: None,
        }
    }
}

/// The deserializer: the JSON reader and how deep it is.
struct Reader<'de> {
    json: Json<'de>,
    depth: u32,
}

type Result<T, E = Error> = std::result::Result<T, E>;

impl<'de> Reader<'de> {
    #[inline]
    fn peek(&mut self) -> Result<Peek> {
        self.json.peek().map_err(Error::broken)
    }

    /// Enters a container, failing past serde_json's recursion limit.
    #[inline]
    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > RECURSION_LIMIT {
            return Err(de::Error::custom("recursion limit exceeded"));
        }
        Ok(())
    }

    /// The raw text of the next value.
    fn raw(&mut self) -> Result<&'de str> {
        let peek = self.peek()?;
        let start = self.json.offset();
        self.json.skip(peek).map_err(Error::broken)?;
        Ok(self.json.input(start..self.json.offset()))
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Error;

    #[inline]
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let peek = self.peek()?;
        match peek {
            Peek::Null | Peek::True | Peek::False => {
                match self.json.literal(peek).map_err(Error::broken)? {
                    Scalar::Bool(value) => visitor.visit_bool(value),
                    _ => visitor.visit_unit(),
                }
            }
            Peek::String => match self.json.text().map_err(Error::broken)? {
                Text::Input(text) => visitor.visit_borrowed_str(text),
                Text::Unescaped(text) => visitor.visit_str(text),
            },
            Peek::Array => {
                self.enter()?;
                let first = self.json.first_element().map_err(Error::broken)?;
                let mut elements = Elements {
                    reader: &mut *self,
                    next: first,
                };
                let value = visitor.visit_seq(&mut elements)?;
                // serde_json wants the visitor to take every element.
                if elements.next.is_some() {
                    return Err(de::Error::invalid_length(0, &"fewer elements in the array"));
                }
                self.depth -= 1;
                Ok(value)
            }
            Peek::Object => {
                self.enter()?;
                let first = match self.json.first_key_text() {
                    Ok(first) => first.map(owned_text),
                    Err(broken) => return Err(Error::broken(broken)),
                };
                let ended = first.is_none();
                let mut members = Members {
                    reader: &mut *self,
                    key: first,
                    started: false,
                    ended,
                };
                let value = visitor.visit_map(&mut members)?;
                // serde_json wants the visitor to take every member.
                if !members.ended {
                    return Err(de::Error::invalid_length(0, &"fewer members in the map"));
                }
                self.depth -= 1;
                Ok(value)
            }
            Peek::Number | Peek::Invalid => match self.json.number(peek).map_err(Error::broken)? {
                Number::Scalar(Scalar::UInt(value)) => visitor.visit_u64(value),
                Number::Scalar(Scalar::Int(value)) => visitor.visit_i64(value),
                Number::Scalar(Scalar::Float(value)) => visitor.visit_f64(value),
                Number::Scalar(_) => visitor.visit_unit(),
                Number::BeyondF64(_) => Err(de::Error::custom("number out of range")),
            },
        }
    }

    #[inline]
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek()? == Peek::Null {
            self.json.literal(Peek::Null).map_err(Error::broken)?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name == RAW_VALUE {
            let raw = self.raw()?;
            return visitor.visit_map(RawValueMap { raw: Some(raw) });
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.peek()? {
            // A unit variant, by its name.
            Peek::String => {
                let name = match self.json.text().map_err(Error::broken)? {
                    Text::Input(text) => text.to_owned(),
                    Text::Unescaped(text) => text.to_owned(),
                };
                visitor.visit_enum(name.into_deserializer())
            }
            // `{"Variant": content}`.
            Peek::Object => {
                self.enter()?;
                let key = match self.json.first_key_text() {
                    Ok(Some(key)) => owned_text(key),
                    Ok(None) => {
                        return Err(de::Error::invalid_value(
                            de::Unexpected::Map,
                            &"a map with a single key",
                        ));
                    }
                    Err(broken) => return Err(Error::broken(broken)),
                };
                let value = visitor.visit_enum(Variant {
                    reader: &mut *self,
                    name: key,
                })?;
                match self.json.next_key() {
                    Ok(None) => {}
                    Ok(Some(_)) => {
                        return Err(de::Error::invalid_value(
                            de::Unexpected::Map,
                            &"a map with a single key",
                        ));
                    }
                    Err(broken) => return Err(Error::broken(broken)),
                }
                self.depth -= 1;
                Ok(value)
            }
            _ => Err(de::Error::invalid_type(
                de::Unexpected::Other("a value that is neither a string nor an object"),
                &"an enum",
            )),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let peek = self.peek()?;
        self.json.skip(peek).map_err(Error::broken)?;
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// A key's text, owned only when it held escapes (then it lives in the reader's scratch,
/// which the value's reading reuses).
enum Key<'de> {
    Input(&'de str),
    Owned(String),
}

#[inline]
fn owned_text<'de>(text: Text<'de, '_>) -> Key<'de> {
    match text {
        Text::Input(text) => Key::Input(text),
        Text::Unescaped(text) => Key::Owned(text.to_owned()),
    }
}

impl<'de> de::Deserializer<'de> for Key<'de> {
    type Error = Error;

    #[inline]
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self {
            Key::Input(text) => visitor.visit_borrowed_str(text),
            Key::Owned(text) => visitor.visit_string(text),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

/// The elements of an array.
struct Elements<'r, 'de> {
    reader: &'r mut Reader<'de>,
    /// What the next element is (`None`: the array has ended).
    next: Option<Peek>,
}

impl<'de> de::SeqAccess<'de> for Elements<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.next.is_none() {
            return Ok(None);
        }
        let value = seed.deserialize(&mut *self.reader)?;
        self.next = self.reader.json.next_element().map_err(Error::broken)?;
        Ok(Some(value))
    }
}

/// The members of an object.
struct Members<'r, 'de> {
    reader: &'r mut Reader<'de>,
    /// The key to hand out next (`None`: the object has ended).
    key: Option<Key<'de>>,
    /// Whether a key has been handed out (so the next one must be read first).
    started: bool,
    /// Whether the object's end has been read.
    ended: bool,
}

impl<'de> de::MapAccess<'de> for Members<'_, 'de> {
    type Error = Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.started {
            self.key = match self.reader.json.next_key_text() {
                Ok(key) => key.map(owned_text),
                Err(broken) => return Err(Error::broken(broken)),
            };
        }
        self.started = true;
        match self.key.take() {
            Some(key) => seed.deserialize(key).map(Some),
            None => {
                self.ended = true;
                Ok(None)
            }
        }
    }

    #[inline]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.reader)
    }
}

/// The variant of an enum written as `{"Variant": content}`.
struct Variant<'r, 'de> {
    reader: &'r mut Reader<'de>,
    name: Key<'de>,
}

impl<'r, 'de> de::EnumAccess<'de> for Variant<'r, 'de> {
    type Error = Error;
    type Variant = &'r mut Reader<'de>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self::Variant)> {
        let variant = seed.deserialize(self.name)?;
        Ok((variant, self.reader))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Reader<'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        de::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_seq(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        de::Deserializer::deserialize_map(self, visitor)
    }
}

/// What `RawValue` reads: one entry, its token as the key and the value's text as the value.
struct RawValueMap<'de> {
    raw: Option<&'de str>,
}

impl<'de> de::MapAccess<'de> for RawValueMap<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.raw.is_none() {
            return Ok(None);
        }
        seed.deserialize(de::value::BorrowedStrDeserializer::new(RAW_VALUE))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let raw = self.raw.take().unwrap_or("null");
        seed.deserialize(de::value::BorrowedStrDeserializer::new(raw))
    }
}
