//! Typed reading on the runtime's own JSON reader: a serde `Deserializer` over `crate::json`,
//! for the generated `Message` (and any type made of what it is made of).
//!
//! Why: reading a message into `Message` through `serde_json::from_str` spends three quarters of
//! its instructions in serde_json's tokenizer (callgrind, stop 15: its string scan, key and
//! integer parsing, its map access), and the runtime already has a reader that scans QMP's short
//! strings faster (the validators read the same stream in 1.15 times what serde_json takes only
//! to skip it). The generated types keep their serde impls: the same `Deserialize` code runs on
//! either reader, so both give the same values; the tests compare the two on every example of
//! every document version, on the recorded QEMU messages and on generated texts.
//!
//! What it reads as serde_json does: the same JSON (RFC 8259, UTF-8, checked escapes), numbers
//! given to visitors as serde_json gives them (`u64` for a non-negative integer, `i64` for a
//! negative one, `f64` otherwise, read exactly), strings borrowed where they have no escape,
//! nesting limited to serde_json's 128 levels, externally tagged enums, trailing text refused.
//! Errors use serde_json's words with the line and column where reading stopped.
//! [`RawJson`](crate::raw_json::RawJson) is read as its text through a newtype-struct name of
//! this crate ([`RAW_JSON`]), so it needs no serde_json internals.

use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, StrDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::{Deserialize, forward_to_deserialize_any};

use crate::json::{self, Broken, Json, Number, Peek, Read};
use crate::validate::scalar::Scalar;

/// The newtype-struct name through which [`RawJson`](crate::raw_json::RawJson) asks a
/// deserializer for the text of a value. Other deserializers treat the newtype as transparent.
pub const RAW_JSON: &str = "$qmp_events_runtime::RawJson";

/// How deeply objects and arrays may nest, as serde_json's recursion limit.
const RECURSION_LIMIT: u32 = 128;

/// Reads a `T` from JSON `text` with the runtime's reader: what `serde_json::from_str` gives,
/// faster on QMP messages.
///
/// ```
/// use qmp_events_runtime::read::from_str;
/// use qmp_events_runtime::timestamp::Timestamp;
///
/// let at: Timestamp = from_str(r#"{"seconds": 1, "microseconds": 2}"#).unwrap();
/// assert_eq!(at, Timestamp::new(1, 2));
/// let error = from_str::<Timestamp>(r#"{"seconds": 1}"#).unwrap_err();
/// assert_eq!(error.to_string(), "missing field `microseconds` at line 1 column 14");
/// ```
pub fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, ReadError> {
    let mut reader = Reader {
        json: Json::from_str(text),
        text: text.as_bytes(),
        depth: 0,
    };
    let value = T::deserialize(&mut reader).map_err(|error| reader.placed(error))?;
    reader
        .json
        .finish()
        .map_err(|broken| reader.broken(broken))?;
    Ok(value)
}

/// Why a text did not read: serde_json's words, and where (line and column, from 1; 0 when the
/// error has no place, as for a value built without text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    message: String,
    line: usize,
    column: usize,
}

impl ReadError {
    /// What is wrong, without the place (`missing field `device``).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The line (from 1), or 0 when the error has no place.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column (from 1), or 0 when the error has no place.
    pub fn column(&self) -> usize {
        self.column
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            f.write_str(&self.message)
        } else {
            write!(
                f,
                "{} at line {} column {}",
                self.message, self.line, self.column
            )
        }
    }
}

impl std::error::Error for ReadError {}

impl de::Error for ReadError {
    #[cold]
    fn custom<T: fmt::Display>(message: T) -> Self {
        ReadError {
            message: message.to_string(),
            line: 0,
            column: 0,
        }
    }
}

/// The reader: the text, where reading stands and how deep.
struct Reader<'de> {
    json: Json<'de>,
    text: &'de [u8],
    depth: u32,
}

impl<'de> Reader<'de> {
    /// A reader's problem, in serde_json's words at its place.
    #[cold]
    fn broken(&self, broken: Broken) -> ReadError {
        self.error_at(broken.words().to_owned(), broken.offset())
    }

    #[cold]
    fn error_at(&self, message: String, offset: usize) -> ReadError {
        let (line, column) = json::line_column(self.text, offset);
        ReadError {
            message,
            line,
            column,
        }
    }

    /// What is left of an object or array that a visitor stopped reading early.
    #[cold]
    fn trailing(&self) -> ReadError {
        self.error_at("trailing characters".to_owned(), self.json.offset())
    }

    /// `error` placed where reading stands (the last byte read), unless it has a place:
    /// a visitor's error (`missing field`, `invalid type`) gets the place serde_json gives it.
    #[cold]
    fn placed(&self, error: ReadError) -> ReadError {
        if error.line != 0 {
            return error;
        }
        self.error_at(error.message, self.json.offset().saturating_sub(1))
    }

    #[inline]
    fn read<T>(&self, read: Read<T>) -> Result<T, ReadError> {
        read.map_err(|broken| self.broken(broken))
    }

    #[inline]
    fn peek(&mut self) -> Result<Peek, ReadError> {
        let peek = self.json.peek();
        self.read(peek)
    }

    /// Opens an object or array: an error past serde_json's recursion limit.
    #[inline]
    fn enter(&mut self) -> Result<(), ReadError> {
        // serde_json counts down from its limit and stops when it reaches zero: the 128th
        // level is refused.
        if self.depth + 1 >= RECURSION_LIMIT {
            let offset = self.json.offset();
            return Err(self.error_at("recursion limit exceeded".to_owned(), offset));
        }
        self.depth += 1;
        Ok(())
    }

    /// The string whose `"` is next, to `visitor`: borrowed when it has no escape.
    #[inline]
    fn visit_string<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, ReadError> {
        let range = self.json.string_range();
        let range = self.read(range)?;
        match self.json.text_or_scratch(range) {
            Ok(text) => visitor.visit_borrowed_str(text),
            Err(unescaped) => visitor.visit_str(unescaped),
        }
    }

    /// The object whose `{` is next, to `visitor`, checked closed after it.
    fn visit_object<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, ReadError> {
        self.enter()?;
        let mut members = Members {
            reader: self,
            first: true,
            ended: false,
        };
        let value = visitor.visit_map(&mut members)?;
        if !members.ended {
            // The visitor stopped before the end (serde_json then wants the `}`).
            members.rest()?;
        }
        self.depth -= 1;
        Ok(value)
    }

    /// The array whose `[` is next, to `visitor`, checked closed after it.
    fn visit_array<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, ReadError> {
        self.enter()?;
        let first = self.json.first_element();
        let first = self.read(first)?;
        let mut elements = Elements {
            reader: self,
            next: first,
            started: false,
        };
        let value = visitor.visit_seq(&mut elements)?;
        if elements.started || elements.next.is_some() {
            elements.rest()?;
        }
        self.depth -= 1;
        Ok(value)
    }

    /// The scalar `peek` announced, to `visitor`.
    fn visit_scalar<V: Visitor<'de>>(
        &mut self,
        peek: Peek,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        if matches!(peek, Peek::Null | Peek::True | Peek::False) {
            let literal = self.json.literal(peek);
            return match self.read(literal)? {
                Scalar::Bool(value) => visitor.visit_bool(value),
                _ => visitor.visit_unit(),
            };
        }
        let number = self.json.number(peek);
        // serde_json names a number beyond f64 at its last digit.
        let last = self.json.offset().saturating_sub(1);
        match self.read(number)? {
            Number::Scalar(Scalar::UInt(value)) => visitor.visit_u64(value),
            Number::Scalar(Scalar::Int(value)) => visitor.visit_i64(value),
            Number::Scalar(Scalar::Float(value)) => visitor.visit_f64(value),
            // A scalar reading gives no other kind.
            Number::Scalar(_) | Number::BeyondF64(_) => {
                Err(self.error_at("number out of range".to_owned(), last))
            }
        }
    }

    /// The text of the next value, skipped.
    fn raw_text(&mut self) -> Result<&'de str, ReadError> {
        let peek = self.peek()?;
        let start = self.json.offset();
        let skipped = self.json.skip(peek);
        self.read(skipped)?;
        let end = self.json.offset();
        // A value read whole starts and ends at characters of the UTF-8 text.
        Ok(self.json.text_at(start..end).unwrap_or_default())
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = ReadError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let value = match self.peek()? {
            Peek::Object => self.visit_object(visitor),
            Peek::Array => self.visit_array(visitor),
            Peek::String => self.visit_string(visitor),
            scalar => self.visit_scalar(scalar, visitor),
        };
        value.map_err(|error| self.placed(error))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        if self.peek()? == Peek::Null {
            let literal = self.json.literal(Peek::Null);
            self.read(literal)?;
            return visitor.visit_none();
        }
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        if name == RAW_JSON {
            let text = self.raw_text()?;
            return visitor.visit_borrowed_str(text);
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let peek = self.peek()?;
        let skipped = self.json.skip(peek);
        self.read(skipped)?;
        visitor.visit_unit()
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        let value = match self.peek()? {
            // A unit variant by its name.
            Peek::String => {
                let range = self.json.string_range();
                let range = self.read(range)?;
                match self.json.text_or_scratch(range) {
                    Ok(text) => visitor.visit_enum(BorrowedStrDeserializer::new(text)),
                    Err(unescaped) => {
                        let name: StrDeserializer<'_, ReadError> = unescaped.into_deserializer();
                        visitor.visit_enum(name)
                    }
                }
            }
            // `{"Variant": value}`.
            Peek::Object => {
                self.enter()?;
                let value = visitor.visit_enum(Variant { reader: &mut *self })?;
                let end = self.json.next_key_raw();
                match self.read(end)? {
                    None => {}
                    Some(_) => {
                        let offset = self.json.offset();
                        return Err(self.error_at(
                            "expected `}` after the enum's one variant".to_owned(),
                            offset,
                        ));
                    }
                }
                self.depth -= 1;
                Ok(value)
            }
            _ => Err(de::Error::invalid_type(
                de::Unexpected::Other("a value that is not a string or an object"),
                &"an enum variant",
            )),
        };
        value.map_err(|error| self.placed(error))
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// A key or variant name to `seed`: borrowed from the text, or unescaped in the scratch buffer.
#[inline]
fn name<'de, K: DeserializeSeed<'de>>(
    text: Result<&'de str, &str>,
    seed: K,
) -> Result<K::Value, ReadError> {
    match text {
        Ok(text) => seed.deserialize(BorrowedStrDeserializer::new(text)),
        Err(unescaped) => {
            let name: StrDeserializer<'_, ReadError> = unescaped.into_deserializer();
            seed.deserialize(name)
        }
    }
}

/// The members of an object being read.
struct Members<'r, 'de> {
    reader: &'r mut Reader<'de>,
    /// Whether the first key is next (its `{` not yet read).
    first: bool,
    /// Whether the `}` has been read.
    ended: bool,
}

impl<'de> Members<'_, 'de> {
    /// Reads the members a visitor left unread: an error unless the object ends there.
    fn rest(&mut self) -> Result<(), ReadError> {
        match self.key()? {
            None => Ok(()),
            Some(_) => Err(self.reader.trailing()),
        }
    }

    /// The next key's text (borrowed or unescaped), `None` at the object's end.
    #[inline]
    fn key(&mut self) -> Result<Option<Option<std::ops::Range<usize>>>, ReadError> {
        // The `:` is read with the value, as serde_json reads it.
        let key = if std::mem::take(&mut self.first) {
            self.reader.json.first_key_then::<false>()
        } else {
            self.reader.json.next_key_then::<false>()
        };
        let key = self.reader.read(key)?;
        self.ended = key.is_none();
        Ok(key)
    }
}

impl<'de> de::MapAccess<'de> for &mut Members<'_, 'de> {
    type Error = ReadError;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ReadError> {
        let Some(range) = self.key()? else {
            return Ok(None);
        };
        match self.reader.json.text_or_scratch(range) {
            Ok(text) => seed
                .deserialize(BorrowedStrDeserializer::new(text))
                .map(Some),
            Err(unescaped) => {
                let name: StrDeserializer<'_, ReadError> = unescaped.into_deserializer();
                seed.deserialize(name).map(Some)
            }
        }
    }

    #[inline]
    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, ReadError> {
        let colon = self.reader.json.colon();
        self.reader.read(colon)?;
        seed.deserialize(&mut *self.reader)
    }
}

/// The elements of an array being read.
struct Elements<'r, 'de> {
    reader: &'r mut Reader<'de>,
    /// The first element's kind while it is unread (`None`: the array is empty or ended).
    next: Option<Peek>,
    /// Whether an element has been handed out (the next one follows a `,` or the `]`).
    started: bool,
}

impl Elements<'_, '_> {
    /// Reads what a visitor left unread: an error unless the array ends there.
    fn rest(&mut self) -> Result<(), ReadError> {
        if !self.started {
            // The visitor read none of a non-empty array.
            return Err(self.reader.trailing());
        }
        let next = self.reader.json.next_element();
        match self.reader.read(next)? {
            None => Ok(()),
            Some(_) => Err(self.reader.trailing()),
        }
    }
}

impl<'de> de::SeqAccess<'de> for &mut Elements<'_, 'de> {
    type Error = ReadError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ReadError> {
        if self.started {
            let next = self.reader.json.next_element();
            self.next = self.reader.read(next)?;
        }
        if self.next.take().is_none() {
            self.started = false;
            return Ok(None);
        }
        self.started = true;
        seed.deserialize(&mut *self.reader).map(Some)
    }
}

/// The one member of an object that holds an enum's variant.
struct Variant<'r, 'de> {
    reader: &'r mut Reader<'de>,
}

impl<'de> de::EnumAccess<'de> for Variant<'_, 'de> {
    type Error = ReadError;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), ReadError> {
        let key = self.reader.json.first_key_then::<false>();
        let Some(range) = self.reader.read(key)? else {
            let offset = self.reader.json.offset();
            return Err(self
                .reader
                .error_at("expected an enum's variant, found `{}`".to_owned(), offset));
        };
        let variant = name(self.reader.json.text_or_scratch(range), seed)?;
        Ok((variant, self))
    }
}

impl<'r, 'de> Variant<'r, 'de> {
    /// The reader at the variant's value, its `:` read.
    fn at_value(self) -> Result<&'r mut Reader<'de>, ReadError> {
        let colon = self.reader.json.colon();
        self.reader.read(colon)?;
        Ok(self.reader)
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, 'de> {
    type Error = ReadError;

    fn unit_variant(self) -> Result<(), ReadError> {
        let reader = self.at_value()?;
        <()>::deserialize(reader)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, ReadError> {
        seed.deserialize(self.at_value()?)
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        de::Deserializer::deserialize_seq(self.at_value()?, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        de::Deserializer::deserialize_map(self.at_value()?, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    /// What serde_json and this reader say of `text` read as `T`: the values, or the errors'
    /// texts.
    fn both<'de, T>(text: &'de str) -> (Result<T, String>, Result<T, String>)
    where
        T: Deserialize<'de>,
    {
        let theirs = serde_json::from_str::<T>(text).map_err(|error| error.to_string());
        let ours = from_str::<T>(text).map_err(|error| error.to_string());
        (theirs, ours)
    }

    #[test]
    fn values_and_syntax_errors_are_serde_json_s() {
        let texts = [
            "",
            " ",
            "{",
            "[",
            "{\"a\"",
            "{\"a\":",
            "{\"a\": 1",
            "{\"a\": 1,",
            "{\"a\": 1,}",
            "[1,]",
            "[1 2]",
            "{\"a\" 1}",
            "{1: 2}",
            "{,}",
            "[,]",
            "nul",
            "tru",
            "-",
            "01",
            "1.",
            "1e+",
            "+1",
            "\"abc",
            "\"a\\x\"",
            "\"\\u12\"",
            "\"\\ud800\"",
            "\"\\ud800\\u0041\"",
            "\"a\u{1}b\"",
            "{} x",
            "[] ]",
            "1 2",
            "{\"a\":\n  [1,\n  2,,]}",
            "1e999",
            "[-1e999]",
            "null",
            "[true, false, null]",
            "{\"a\": true, \"b\": [null, false, -0, 1e300, 12345678901234567890123]}",
            "{\"a\\\"b\": \"\\ud83d\\ude00\\u00e9\\n\", \"a\\\"b\": 2}",
            " [ 1.5 , -2 , 18446744073709551615 , -9223372036854775808, 0.1e-3 ] ",
        ];
        for text in texts {
            let (theirs, ours) = both::<Value>(text);
            assert_eq!(ours, theirs, "{text:?}");
        }
    }

    #[test]
    fn nesting_stops_at_serde_json_s_limit() {
        for depth in [126, 127, 128, 129, 200_000] {
            let text = format!(
                "{}1{}",
                "[{\"a\":".repeat(depth / 2),
                "}]".repeat(depth / 2)
            );
            let text = if depth % 2 == 1 {
                format!("[{text}]")
            } else {
                text
            };
            let (theirs, ours) = both::<Value>(&text);
            assert_eq!(ours, theirs, "depth {depth}");
        }
    }

    #[test]
    fn visitor_errors_name_serde_json_s_place() {
        #[derive(Debug, PartialEq, Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Point {
            x: i64,
            y: Option<u8>,
        }
        for text in [
            r#"{"x": 1, "y": 2}"#,
            r#"{"x": 1}"#,
            r#"{"y": 2}"#,
            r#"{"x": 1.5}"#,
            r#"{"x": "1"}"#,
            r#"{"x": 1, "y": 300}"#,
            r#"{"x": 1, "x": 2}"#,
            r#"{"x": 1, "z": 2}"#,
            "[1, 2]",
            "[1, 2, 3]",
            "[1]",
            "{\n  \"x\": 1,\n  \"y\": null\n}",
        ] {
            let (theirs, ours) = both::<Point>(text);
            assert_eq!(ours, theirs, "{text:?}");
        }
    }

    #[test]
    fn enums_read_as_serde_json_reads_them() {
        #[derive(Debug, PartialEq, Deserialize)]
        enum Shape {
            Dot,
            Circle(u32),
            Pair(u8, u8),
            Box { side: u8 },
        }
        for text in [
            r#""Dot""#,
            r#""Do\u0074""#,
            r#"{"Circle": 3}"#,
            r#"{"Pair": [1, 2]}"#,
            r#"{"Box": {"side": 4}}"#,
            r#"{"Dot": null}"#,
            r#""Square""#,
            r#"{"Circle": 3, "Dot": null}"#,
            r#"{}"#,
            "3",
        ] {
            let (theirs, ours) = both::<Shape>(text);
            assert_eq!(
                ours.is_ok(),
                theirs.is_ok(),
                "{text:?}: {ours:?} {theirs:?}"
            );
            if let (Ok(ours), Ok(theirs)) = (ours, theirs) {
                assert_eq!(ours, theirs, "{text:?}");
            }
        }
    }

    #[test]
    fn raw_json_keeps_the_text_with_either_reader() {
        use crate::raw_json::RawJson;
        let text = r#"[{"a" : [1, 2.50]}, "x\u00e9"]"#;
        let ours: Vec<RawJson> = from_str(text).unwrap();
        let theirs: Vec<RawJson> = serde_json::from_str(text).unwrap();
        assert_eq!(ours[0].as_str(), r#"{"a" : [1, 2.50]}"#);
        assert_eq!(ours[1].as_str(), r#""x\u00e9""#);
        assert_eq!(
            ours.iter().map(RawJson::as_str).collect::<Vec<_>>(),
            theirs.iter().map(RawJson::as_str).collect::<Vec<_>>()
        );
        assert_eq!(
            serde_json::to_string(&ours).unwrap(),
            r#"[{"a" : [1, 2.50]},"x\u00e9"]"#
        );
    }

    /// JSON values of every kind, nested a few levels.
    fn values() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |n| n.is_finite())
                .prop_map(Value::from),
            "(\\PC|[\"\\\\\\x00-\\x1f]){0,12}".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
                proptest::collection::btree_map("[a-z\"\\\\]{0,6}", inner, 0..6)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Texts of values, whole, cut anywhere and with a byte changed: the same value or
        /// the same error.
        #[test]
        fn any_text_reads_as_serde_json_reads_it(
            value in values(),
            pretty in any::<bool>(),
            cut in any::<prop::sample::Index>(),
            change in any::<prop::sample::Index>(),
            byte in prop_oneof![Just(b','), Just(b'"'), Just(b'\\'), Just(b'}'), Just(b'1'), Just(b' ')],
        ) {
            let text = if pretty {
                serde_json::to_string_pretty(&value).unwrap()
            } else {
                serde_json::to_string(&value).unwrap()
            };
            let (theirs, ours) = both::<Value>(&text);
            prop_assert_eq!(ours, theirs);
            let mut cut_at = cut.index(text.len() + 1);
            while !text.is_char_boundary(cut_at) {
                cut_at -= 1;
            }
            let (theirs, ours) = both::<Value>(&text[..cut_at]);
            prop_assert_eq!(ours, theirs);
            if !text.is_empty() {
                let at = change.index(text.len());
                if text.is_char_boundary(at) && text.is_char_boundary(at + 1) {
                    let mut changed = text.clone().into_bytes();
                    changed[at] = byte;
                    let changed = String::from_utf8(changed).unwrap();
                    let (theirs, ours) = both::<Value>(&changed);
                    prop_assert_eq!(ours, theirs);
                }
            }
        }
    }
}
