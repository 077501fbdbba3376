//! The serde `Deserializer` methods: which calls a visitor gets for the next value, as serde_json
//! makes them.

use serde::de::{self, Visitor};

use super::access::{UnitVariant, Variant, name};
use super::{RAW_JSON, ReadError, Reader};
use crate::json::Peek;

/// The methods for a scalar: a container is refused before it is read, as serde_json refuses it;
/// a scalar goes to the visitor, whose own error for a scalar of another type is serde_json's.
macro_rules! scalars {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
                self.any_but(|peek| matches!(peek, Peek::Object | Peek::Array), visitor)
            }
        )*
    };
}

impl<'de> Reader<'de> {
    /// The next value to `visitor`, unless it is a container `refused` says the method does not
    /// take: that is refused before it is read, as serde_json refuses it.
    #[inline]
    fn any_but<V: Visitor<'de>>(
        &mut self,
        refused: impl FnOnce(Peek) -> bool,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        let peek = self.peek()?;
        if refused(peek) {
            return Err(self.refuse(peek, &visitor));
        }
        de::Deserializer::deserialize_any(self, visitor)
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
                name(self.json.text_or_scratch(range), UnitVariant(visitor))
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
        self.any_but(|peek| peek == Peek::Array, visitor)
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
        self.any_but(|peek| peek == Peek::Object, visitor)
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
pub(super) fn read_before_out_of_range(text: &str) -> usize {
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
