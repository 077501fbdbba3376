//! An integer whose width the description does not state.

use std::fmt;

use serde::de::{self, Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An integer whose width the description does not state, so any from `i64::MIN` to `u64::MAX`:
/// a QEMU's introspection reports every integer type (`int8` … `uint64`, `size`) as `int`.
///
/// It holds an `i128` and reads through serde's `deserialize_any` (serde_json's 64-bit paths):
/// serde_json reads a plain `i128` through a string it allocates, which made typed reading of
/// such bindings slower by the integers' share (BENCHMARKS.md, issue 20).
///
/// ```
/// use qmp_events_runtime::any_int::AnyInt;
///
/// let threshold: AnyInt = serde_json::from_str("18446744073709551615").unwrap();
/// assert_eq!(threshold.get(), u64::MAX as i128);
/// assert_eq!(u64::try_from(threshold), Ok(u64::MAX));
/// assert_eq!(serde_json::to_string(&AnyInt::from(-5_i64)).unwrap(), "-5");
/// assert!(serde_json::from_str::<AnyInt>("18446744073709551616").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct AnyInt(i128);

impl AnyInt {
    /// The smallest: `i64::MIN`.
    pub const MIN: AnyInt = AnyInt(i64::MIN as i128);
    /// The largest: `u64::MAX`.
    pub const MAX: AnyInt = AnyInt(u64::MAX as i128);

    /// `value`, or `None` outside `i64::MIN..=u64::MAX`.
    pub const fn new(value: i128) -> Option<AnyInt> {
        if value >= AnyInt::MIN.0 && value <= AnyInt::MAX.0 {
            Some(AnyInt(value))
        } else {
            None
        }
    }

    /// The value.
    pub const fn get(self) -> i128 {
        self.0
    }
}

macro_rules! from_primitive {
    ($($primitive:ty),*) => {$(
        impl From<$primitive> for AnyInt {
            fn from(value: $primitive) -> AnyInt {
                AnyInt(i128::from(value))
            }
        }

        impl TryFrom<AnyInt> for $primitive {
            type Error = std::num::TryFromIntError;

            fn try_from(value: AnyInt) -> Result<$primitive, Self::Error> {
                <$primitive>::try_from(value.0)
            }
        }

        impl PartialEq<$primitive> for AnyInt {
            fn eq(&self, other: &$primitive) -> bool {
                self.0 == i128::from(*other)
            }
        }
    )*};
}

from_primitive!(i8, i16, i32, i64, u8, u16, u32, u64);

impl From<AnyInt> for i128 {
    fn from(value: AnyInt) -> i128 {
        value.0
    }
}

impl fmt::Display for AnyInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for AnyInt {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match i64::try_from(self.0) {
            Ok(signed) => serializer.serialize_i64(signed),
            // Above i64::MAX, so within u64 (the constructors keep the range).
            Err(_) => serializer.serialize_u64(self.0 as u64),
        }
    }
}

impl<'de> Deserialize<'de> for AnyInt {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<AnyInt, D::Error> {
        deserializer.deserialize_any(AnyIntVisitor)
    }
}

struct AnyIntVisitor;

impl AnyIntVisitor {
    fn in_range<E: de::Error>(self, value: i128) -> Result<AnyInt, E> {
        AnyInt::new(value).ok_or_else(|| E::invalid_value(Unexpected::Other("an integer"), &self))
    }
}

impl Visitor<'_> for AnyIntVisitor {
    type Value = AnyInt;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer from -2^63 to 2^64-1")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<AnyInt, E> {
        Ok(AnyInt::from(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<AnyInt, E> {
        Ok(AnyInt::from(value))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<AnyInt, E> {
        self.in_range(value)
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<AnyInt, E> {
        self.in_range(i128::try_from(value).unwrap_or(i128::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::AnyInt;

    #[test]
    fn every_64_bit_integer_reads_and_writes_back_unchanged() {
        for text in [
            "-9223372036854775808",
            "-1",
            "0",
            "9223372036854775807",
            "18446744073709551615",
        ] {
            let value: AnyInt = serde_json::from_str(text).unwrap();
            assert_eq!(value.get().to_string(), text);
            assert_eq!(serde_json::to_string(&value).unwrap(), text);
            let from_value: AnyInt =
                serde_json::from_value(serde_json::from_str(text).unwrap()).unwrap();
            assert_eq!(from_value, value);
        }
    }

    #[test]
    fn what_is_not_an_integer_in_range_is_an_error() {
        for text in [
            "18446744073709551616",
            "-9223372036854775809",
            "1.5",
            "\"1\"",
            "null",
            "true",
        ] {
            let error = serde_json::from_str::<AnyInt>(text)
                .unwrap_err()
                .to_string();
            assert!(
                error.contains("an integer from -2^63 to 2^64-1"),
                "{text}: {error}"
            );
        }
    }

    #[test]
    fn the_range_is_i64_min_to_u64_max() {
        assert_eq!(AnyInt::new(i128::from(u64::MAX)), Some(AnyInt::MAX));
        assert_eq!(AnyInt::new(i128::from(i64::MIN)), Some(AnyInt::MIN));
        assert_eq!(AnyInt::new(i128::from(u64::MAX) + 1), None);
        assert_eq!(AnyInt::new(i128::from(i64::MIN) - 1), None);
        assert_eq!(i64::try_from(AnyInt::MAX).ok(), None);
        assert_eq!(AnyInt::from(7_u8), 7_u8);
    }
}
