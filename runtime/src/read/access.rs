//! Serde's access to the members of an object, the elements of an array and an enum's variant,
//! read one at a time as the visitor asks for them.

use serde::Deserialize;
use serde::de::value::{BorrowedStrDeserializer, StrDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use super::{ReadError, Reader};

/// A key or variant name to `seed`: borrowed from the text, or unescaped in the scratch buffer.
#[inline]
pub(super) fn name<'de, K: DeserializeSeed<'de>>(
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

/// A unit variant's name as a seed for [`name`]: the string deserializers give themselves to the
/// visitor as the enum (`visit_enum`), as serde_json gives a string.
pub(super) struct UnitVariant<V>(pub(super) V);

impl<'de, V: Visitor<'de>> DeserializeSeed<'de> for UnitVariant<V> {
    type Value = V::Value;

    fn deserialize<D: de::Deserializer<'de>>(self, name: D) -> Result<V::Value, D::Error> {
        name.deserialize_enum("", &[], self.0)
    }
}

/// The members of an object or the elements of an array being read, one at a time as the
/// visitor asks (its `{` or `[` read).
pub(super) struct Items<'r, 'de> {
    pub(super) reader: &'r mut Reader<'de>,
    /// `}` or `]`.
    pub(super) close: u8,
    /// Whether the first member or element is next.
    pub(super) first: bool,
    /// Whether the `close` has been read.
    pub(super) ended: bool,
}

impl<'de> Items<'_, 'de> {
    /// The end after a visitor stopped reading (serde_json's `end_map`, `end_seq`).
    pub(super) fn rest(&mut self) -> Result<(), ReadError> {
        self.reader.end_of(self.close)
    }

    /// The next key's text (borrowed or unescaped), `None` at the object's end.
    #[inline]
    fn key(&mut self) -> Result<Option<Option<std::ops::Range<usize>>>, ReadError> {
        if self.ended {
            return Ok(None);
        }
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

impl<'de> de::MapAccess<'de> for &mut Items<'_, 'de> {
    type Error = ReadError;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ReadError> {
        let Some(range) = self.key()? else {
            return Ok(None);
        };
        name(self.reader.json.text_or_scratch(range), seed).map(Some)
    }

    #[inline]
    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, ReadError> {
        let colon = self.reader.json.colon();
        self.reader.read(colon)?;
        seed.deserialize(&mut *self.reader)
    }
}

impl<'de> de::SeqAccess<'de> for &mut Items<'_, 'de> {
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
pub(super) struct Variant<'r, 'de> {
    pub(super) reader: &'r mut Reader<'de>,
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
