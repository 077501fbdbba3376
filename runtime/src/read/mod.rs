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

mod access;
mod deserializer;
mod error;
#[cfg(test)]
mod tests;

use serde::Deserialize;
use serde::de::{self, Visitor};

pub use error::ReadError;

use crate::json::{self, Broken, Json, Number, Peek, Read};
use crate::scalar::Scalar;
use access::Items;
use deserializer::read_before_out_of_range;

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

    /// `message` at the byte at `offset` (serde_json's `peek_error`).
    #[cold]
    fn error_at(&self, message: String, offset: usize) -> ReadError {
        self.error_after(message, offset + 1)
    }

    /// `message` once the first `read` bytes are read (serde_json's `error`).
    #[cold]
    fn error_after(&self, message: String, read: usize) -> ReadError {
        let (line, column) = json::line_column_read(self.text, read);
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
        self.error_after(error.message, self.json.offset())
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
        self.visit_items(b'}', |members| visitor.visit_map(members))
    }

    /// The array whose `[` is next, to `visitor`, checked closed after it.
    fn visit_array<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, ReadError> {
        self.visit_items(b']', |elements| visitor.visit_seq(elements))
    }

    /// The container whose opening byte is next, to `visit`, checked closed (`close`) after it.
    /// The opening byte is read before the visitor (its error then stands after it, as
    /// serde_json's); members and elements only when it asks for them.
    fn visit_items<T>(
        &mut self,
        close: u8,
        visit: impl FnOnce(&mut Items<'_, 'de>) -> Result<T, ReadError>,
    ) -> Result<T, ReadError> {
        self.enter()?;
        self.json.open();
        let mut items = Items {
            reader: self,
            close,
            first: true,
            ended: false,
        };
        let value = match visit(&mut items) {
            Ok(value) => value,
            Err(error) => {
                let ended = items.ended;
                return Err(items.reader.after_container(error, ended, close));
            }
        };
        if !items.ended {
            // The visitor stopped before the end (serde_json then wants the `close`).
            items.rest()?;
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
                Err(self.error_after("number out of range".to_owned(), read))
            }
            // A number reads as no other scalar.
            Number::Scalar(_) => Err(self.error_after("number out of range".to_owned(), end)),
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
