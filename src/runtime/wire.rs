//! Support for the generated wire-format code: what every generated enum would otherwise repeat.
//!
//! Generated code reaches these through `::qmp_events::__private`; they are not meant to be
//! called directly.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{Error, Visitor};

/// Reads an enumerated string into a generated enum `T`, whose `From` impls map each listed
/// value to its variant and any other value to `Other` (borrowed text is not copied until it
/// turns out to be unlisted).
///
/// ```
/// #[derive(Debug, PartialEq)]
/// enum Family { Ipv4, Other(String) }
/// impl From<&str> for Family {
///     fn from(value: &str) -> Self {
///         if value == "ipv4" { Family::Ipv4 } else { Family::Other(value.to_owned()) }
///     }
/// }
/// impl From<String> for Family {
///     fn from(value: String) -> Self {
///         if value == "ipv4" { Family::Ipv4 } else { Family::Other(value) }
///     }
/// }
/// let mut json = serde_json::Deserializer::from_str(r#""unix""#);
/// let family: Family = qmp_events::runtime::wire::deserialize_enum(&mut json).unwrap();
/// assert_eq!(family, Family::Other("unix".into()));
/// ```
pub fn deserialize_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str> + From<String>,
{
    deserializer.deserialize_str(EnumVisitor(PhantomData))
}

/// The visitor behind [`deserialize_enum`].
struct EnumVisitor<T>(PhantomData<fn() -> T>);

impl<T> Visitor<'_> for EnumVisitor<T>
where
    T: for<'a> From<&'a str> + From<String>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }

    fn visit_string<E: Error>(self, value: String) -> Result<T, E> {
        Ok(T::from(value))
    }
}
