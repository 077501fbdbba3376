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
//! Errors use serde_json's words with the line and column where reading stopped: a container
//! that a method does not take is refused before it is read, a visitor's own error is placed
//! after what was read, as serde_json places them. One exception: 128-bit integers reach the
//! visitor as other integers do (`u64`, `i64`, else `f64`), not through serde_json's `i128`
//! path; no generated type has one.
//! [`RawJson`](crate::raw_json::RawJson) is read as its text through a newtype-struct name of
//! this crate ([`RAW_JSON`]), so it needs no serde_json internals.

use std::fmt;

use serde::Deserialize;
use serde::de::value::{BorrowedStrDeserializer, StrDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

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
    /// As serde_json makes one: a message ending in ` at line L column C` (an error of
    /// another reader passed on, as the envelope passes on one for data read after the event's
    /// name) keeps that place.
    #[cold]
    fn custom<T: fmt::Display>(message: T) -> Self {
        let mut message = message.to_string();
        let (line, column) = split_place(&mut message).unwrap_or((0, 0));
        ReadError {
            message,
            line,
            column,
        }
    }

    #[cold]
    fn invalid_type(unexpected: de::Unexpected, expected: &dyn de::Expected) -> Self {
        Self::custom(format_args!(
            "invalid type: {}, expected {expected}",
            AsJson(unexpected)
        ))
    }

    #[cold]
    fn invalid_value(unexpected: de::Unexpected, expected: &dyn de::Expected) -> Self {
        Self::custom(format_args!(
            "invalid value: {}, expected {expected}",
            AsJson(unexpected)
        ))
    }
}

/// The ` at line L column C` that ends `message`, taken off it (serde_json's `parse_line_col`).
fn split_place(message: &mut String) -> Option<(usize, usize)> {
    const LINE: &str = " at line ";
    const COLUMN: &str = " column ";
    let suffix = message.rfind(LINE)?;
    let digits = |from: usize| {
        from + message[from..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count()
    };
    let line_start = suffix + LINE.len();
    let line_end = digits(line_start);
    if !message[line_end..].starts_with(COLUMN) {
        return None;
    }
    let column_start = line_end + COLUMN.len();
    let column_end = digits(column_start);
    if column_end < message.len() {
        return None;
    }
    let line = message[line_start..line_end].parse().ok()?;
    let column = message[column_start..column_end].parse().ok()?;
    message.truncate(suffix);
    Some((line, column))
}

/// What a visitor did not expect, in serde_json's words: `null` for the unit, floats as JSON
/// writes them (`1e300`, where serde's own words would write 301 digits).
struct AsJson<'a>(de::Unexpected<'a>);

impl fmt::Display for AsJson<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            de::Unexpected::Unit => f.write_str("null"),
            de::Unexpected::Float(value) => {
                write!(f, "floating point `{}`", serde_json::Value::from(value))
            }
            unexpected => fmt::Display::fmt(&unexpected, f),
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

    /// The `close` of an object or array that a visitor stopped reading before its end, as
    /// serde_json's `end_map` and `end_seq` want it: anything else is `trailing characters`.
    #[cold]
    fn end_of(&mut self, close: u8) -> Result<(), ReadError> {
        let at = |reader: &Self, words: &str| {
            let offset = reader.json.offset();
            Err(reader.error_at(words.to_owned(), offset))
        };
        match self.json.next_byte() {
            Some(byte) if byte == close => {
                self.json.open();
                Ok(())
            }
            Some(b',') if close == b'}' => at(self, "trailing comma"),
            Some(b',') => {
                self.json.open();
                if self.json.next_byte() == Some(b']') {
                    at(self, "trailing comma")
                } else {
                    at(self, "trailing characters")
                }
            }
            Some(_) => at(self, "trailing characters"),
            None if close == b'}' => at(self, "EOF while parsing an object"),
            None => at(self, "EOF while parsing a list"),
        }
    }

    /// `error` placed where reading stands (after the bytes read), unless it has a place: a
    /// visitor's error (`missing field`, `invalid type`) gets the place serde_json gives it.
    #[cold]
    fn placed(&self, error: ReadError) -> ReadError {
        if error.line != 0 {
            return error;
        }
        let (line, column) = json::line_column_read(self.text, self.json.offset());
        ReadError {
            message: error.message,
            line,
            column,
        }
    }

    /// A visitor's error inside an object or array, placed as serde_json places it: it looks
    /// for the container's end (`close`) first, reading it if it is next (unless read already,
    /// `ended`), so the error stands past that end or past the white space before what is next.
    #[cold]
    fn after_container(&mut self, error: ReadError, ended: bool, close: u8) -> ReadError {
        if !ended {
            match self.json.next_byte() {
                Some(byte) if byte == close => self.json.open(),
                // In an array serde_json reads a `,` there, and the white space after it.
                Some(b',') if close == b']' => {
                    self.json.open();
                    self.json.next_byte();
                }
                _ => {}
            }
        }
        self.placed(error)
    }

    /// `invalid type: X, expected …` for a container a method does not take, before reading it
    /// (as serde_json refuses it).
    #[cold]
    fn refuse(&self, peek: Peek, expected: &dyn de::Expected) -> ReadError {
        let unexpected = if peek == Peek::Object {
            de::Unexpected::Map
        } else {
            de::Unexpected::Seq
        };
        self.placed(de::Error::invalid_type(unexpected, expected))
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
        // Read before the visitor, so that its error stands after the `{`, as serde_json's.
        self.json.open();
        let mut members = Members {
            reader: self,
            first: true,
            ended: false,
        };
        let value = match visitor.visit_map(&mut members) {
            Ok(value) => value,
            Err(error) => {
                let ended = members.ended;
                return Err(members.reader.after_container(error, ended, b'}'));
            }
        };
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
        // Read before the visitor; the first element only when it asks (as serde_json's).
        self.json.open();
        let mut elements = Elements {
            reader: self,
            first: true,
            ended: false,
        };
        let value = match visitor.visit_seq(&mut elements) {
            Ok(value) => value,
            Err(error) => {
                let ended = elements.ended;
                return Err(elements.reader.after_container(error, ended, b']'));
            }
        };
        if !elements.ended {
            // The visitor stopped before the end (serde_json then wants the `]`).
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
        let end = self.json.offset();
        match self.read(number)? {
            Number::Scalar(Scalar::UInt(value)) => visitor.visit_u64(value),
            Number::Scalar(Scalar::Int(value)) => visitor.visit_i64(value),
            Number::Scalar(Scalar::Float(value)) => visitor.visit_f64(value),
            Number::BeyondF64(text) => {
                let read = end - text.len() + read_before_out_of_range(text);
                Err(self.error_at("number out of range".to_owned(), read - 1))
            }
            // A number reads as no other scalar.
            Number::Scalar(_) => Err(self.error_at("number out of range".to_owned(), end - 1)),
        }
    }

    /// The text of the next value, stepped over as serde_json steps over a `RawValue`.
    fn raw_text(&mut self) -> Result<&'de str, ReadError> {
        self.json.next_byte();
        let start = self.json.offset();
        let ignored = self.json.ignore_value();
        self.read(ignored)?;
        let end = self.json.offset();
        // A value read whole starts and ends at characters of the UTF-8 text.
        Ok(self.json.text_at(start..end).unwrap_or_default())
    }
}

/// The methods for a scalar: a container is refused before it is read, as serde_json refuses it;
/// a scalar goes to the visitor, whose own error for a scalar of another type is serde_json's.
macro_rules! scalars {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
                match self.peek()? {
                    peek @ (Peek::Object | Peek::Array) => Err(self.refuse(peek, &visitor)),
                    _ => self.deserialize_any(visitor),
                }
            }
        )*
    };
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
        let ignored = self.json.ignore_value();
        self.read(ignored)?;
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
            _ => {
                let offset = self.json.offset();
                Err(self.error_at("expected value".to_owned(), offset))
            }
        };
        value.map_err(|error| self.placed(error))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.peek()? {
            Peek::Array => Err(self.refuse(Peek::Array, &visitor)),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        // An object, or (as serde_json allows) an array of the fields in order.
        self.deserialize_any(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.peek()? {
            Peek::Object => Err(self.refuse(Peek::Object, &visitor)),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_seq(visitor)
    }

    /// Bytes from a string, or (as serde_json reads them) from an array of numbers.
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_unit(visitor)
    }

    scalars! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_str
        deserialize_string deserialize_unit deserialize_identifier
    }
}

/// How much of a number beyond `f64` serde_json reads before it names it out of range: all of
/// it, unless the exponent overflows an `i32` (`1e39531540002`), where it stops at the digit
/// that overflows.
fn read_before_out_of_range(text: &str) -> usize {
    let bytes = text.as_bytes();
    let Some(e) = bytes.iter().position(|&b| b == b'e' || b == b'E') else {
        return bytes.len();
    };
    let mut at = e + 1;
    match bytes.get(at) {
        // A negative exponent makes the number small, never out of range.
        Some(b'-') => return bytes.len(),
        Some(b'+') => at += 1,
        _ => {}
    }
    let digit = |at: usize| bytes.get(at).map(|b| i32::from(b.wrapping_sub(b'0')));
    let Some(mut exponent) = digit(at) else {
        return bytes.len();
    };
    at += 1;
    while let Some(next) = digit(at).filter(|d| (0..=9).contains(d)) {
        // serde_json's `overflow!(exponent * 10 + next, i32::MAX)`.
        if exponent >= i32::MAX / 10 && (exponent > i32::MAX / 10 || next > i32::MAX % 10) {
            return at + 1;
        }
        exponent = exponent * 10 + next;
        at += 1;
    }
    bytes.len()
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
    /// Whether the first key is next (the `{` is read).
    first: bool,
    /// Whether the `}` has been read.
    ended: bool,
}

impl<'de> Members<'_, 'de> {
    /// The object's end after a visitor stopped reading (serde_json's `end_map`).
    fn rest(&mut self) -> Result<(), ReadError> {
        self.reader.end_of(b'}')
    }

    /// The next key's text (borrowed or unescaped), `None` at the object's end.
    #[inline]
    fn key(&mut self) -> Result<Option<Option<std::ops::Range<usize>>>, ReadError> {
        // The `:` is read with the value, as serde_json reads it.
        let key = if std::mem::take(&mut self.first) {
            self.reader.json.first_key_after_open::<false>()
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
    /// Whether the first element is next (the `[` is read).
    first: bool,
    /// Whether the `]` has been read.
    ended: bool,
}

impl Elements<'_, '_> {
    /// The array's end after a visitor stopped reading (serde_json's `end_seq`).
    fn rest(&mut self) -> Result<(), ReadError> {
        self.reader.end_of(b']')
    }
}

impl<'de> de::SeqAccess<'de> for &mut Elements<'_, 'de> {
    type Error = ReadError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ReadError> {
        if self.ended {
            return Ok(None);
        }
        let next = if std::mem::take(&mut self.first) {
            self.reader.json.first_element_after_open()
        } else {
            self.reader.json.next_element()
        };
        if self.reader.read(next)?.is_none() {
            self.ended = true;
            return Ok(None);
        }
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
            "1e39531540002",
            "[17954411111111111111111e39531540002, 1]",
            "1.5E+2147483648",
            "1e2147483647",
            "0e99999999999",
            "1e-99999999999",
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
    fn errors_passed_on_keep_their_place() {
        use de::Error;
        let passed = ReadError::custom("missing field `x` at line 1 column 32");
        assert_eq!(
            (passed.message(), passed.line(), passed.column()),
            ("missing field `x`", 1, 32)
        );
        let theirs = serde_json::Error::custom("missing field `x` at line 1 column 32");
        assert_eq!(passed.to_string(), theirs.to_string());
        for odd in [
            "at line 1 column 2",
            "x at line 1 column 2 y",
            "x at line a column 2",
            "x",
        ] {
            let ours = ReadError::custom(odd);
            assert_eq!(
                ours.to_string(),
                serde_json::Error::custom(odd).to_string(),
                "{odd}"
            );
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
            r#"{"x": 1, "x" : 2}"#,
            "{\"y\": 1\n  }\n",
            "{\"y\": 1 }  ",
            "[1 ]\n",
            "{\"x\": 1,\n \"y\": 2,\n \"z\": 3\n}",
            "[1, 2,\n  3]",
            r#"{"x": 1, "z": 2}"#,
            "[1, 2]",
            "[1, 2, 3]",
            "[1]",
            "{\n  \"x\": 1,\n  \"y\": null\n}",
            "[]",
            "\"x\"",
            "5",
            r#"{"x": {}}"#,
            r#"{"x": [1]}"#,
            r#"{"x": 1, "y": {"a": 1}}"#,
            r#"{"x": 1e300}"#,
            r#"{"x": -0.5}"#,
            r#"{"x": 1, "y": -1}"#,
            r#"{"x": ["#,
            r#"{"x": [1"#,
            r#"{"x": {"#,
            "[",
            "[1,",
            r#"{"x": 1, "y": "\u00e9"}"#,
        ] {
            let (theirs, ours) = both::<Point>(text);
            assert_eq!(ours, theirs, "{text:?}");
            let (theirs, ours) = both::<std::collections::BTreeMap<String, i64>>(text);
            assert_eq!(ours, theirs, "{text:?}");
            let (theirs, ours) = both::<Vec<Option<String>>>(text);
            assert_eq!(ours, theirs, "{text:?}");
            let (theirs, ours) = both::<serde_json::Number>(text);
            assert_eq!(ours, theirs, "{text:?}");
        }
    }

    #[test]
    fn ignored_and_raw_values_are_stepped_over_as_serde_json_does() {
        use crate::raw_json::RawJson;
        use serde::de::IgnoredAny;
        #[derive(Debug, PartialEq, Deserialize)]
        struct Known {
            a: Option<u8>,
        }
        for value in [
            "1",
            "-1.5e+3",
            "\"\\ud800\"",
            "\"a\\x\"",
            "\"a\u{1}\"",
            "\"\\u12\"",
            "\"\\u12zz\"",
            "[1,]",
            "[1 2]",
            "{\"k\": 1,}",
            "{\"k\" 1}",
            "{1: 2}",
            "{,}",
            "01",
            "1.",
            "1.e3",
            "1e",
            "1e+",
            "-",
            "-x",
            "nul",
            "tx",
            "[",
            "{",
            "{\"k\"",
            "\"abc",
            "[[], {}, [{}]]",
            "x",
            "",
            "\"\\",
            "\"\\u00",
        ] {
            for text in [
                value.to_owned(),
                format!("{{\"b\": {value}}}"),
                format!("[{value}]"),
            ] {
                let (theirs, ours) = both::<IgnoredAny>(&text);
                assert_eq!(ours.map(|_| ()), theirs.map(|_| ()), "{text:?}");
                let (theirs, ours) = both::<RawJson>(&text);
                assert_eq!(
                    ours.map(|raw| raw.as_str().to_owned()),
                    theirs.map(|raw| raw.as_str().to_owned()),
                    "{text:?}"
                );
                let (theirs, ours) = both::<Known>(&text);
                assert_eq!(ours, theirs, "{text:?}");
            }
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
