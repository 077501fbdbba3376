//! Support for the generated wire-format code: what every generated module would otherwise
//! repeat. Reading enumerated strings, and the message envelope
//! (`{"event": "NAME", "data": {...}, "timestamp": {...}}`) around the generated `Event`.
//!
//! Generated code reaches these through `::qmp_events::__private`; they are not meant to be
//! called directly.

#![doc(hidden)]

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use crate::timestamp::Timestamp;
use serde::de::value::MapDeserializer;
use serde::de::{DeserializeSeed, Error, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serializer};
use serde_json::value::RawValue;

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
/// let family: Family = qmp_events_runtime::wire::deserialize_enum(&mut json).unwrap();
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

/// What the generated `Event` enum tells the runtime's message reader and writer: how to read
/// the data of an event given its name, what an event without data is, and how to write its
/// name and data. The envelope (`event`, `data`, `timestamp`, in any order) is handled here once
/// for every generated module; the per-event work stays in generated, monomorphised code.
pub trait WireEvent: Sized {
    /// The event called `name`, its data read from `data`.
    fn read_data<'de, D: Deserializer<'de>>(name: Cow<'_, str>, data: D) -> Result<Self, D::Error>;

    /// The event called `name`, from a message without `data`.
    fn without_data<E: Error>(name: Cow<'_, str>) -> Result<Self, E>;

    /// The event's wire name.
    fn wire_name(&self) -> &str;

    /// Writes the `data` entry, if the event has data.
    fn write_data<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}

/// Reads an optional member that is present: `Some` of its value, even when the value is `null`
/// (a QAPI member of type `null`, `any`, or an alternate with a `null` alternative, where QEMU
/// means something by `null` that is not the member's absence). serde reads `null` into an
/// `Option` as `None`, which would write the message back without the member; generated code
/// reads such members with this (`#[serde(default, deserialize_with = …)]`).
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Data {
///     #[serde(default, deserialize_with = "qmp_events_runtime::wire::read_present")]
///     backing: Option<Option<String>>,
/// }
/// let null: Data = serde_json::from_str(r#"{"backing": null}"#).unwrap();
/// assert_eq!(null.backing, Some(None));
/// let absent: Data = serde_json::from_str("{}").unwrap();
/// assert_eq!(absent.backing, None);
/// ```
#[inline]
pub fn read_present<'de, D, T>(value: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(value).map(Some)
}

/// Reads the data of an event documented with data as its struct, and wraps it in the event's
/// variant (`wrap` boxes it into the variant).
#[inline]
pub fn read_as<'de, D, T, E>(data: D, wrap: impl FnOnce(T) -> E) -> Result<E, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(data).map(wrap)
}

/// Reads and ignores the data of an event documented without data; `event` is its variant.
#[inline]
pub fn read_empty<'de, D: Deserializer<'de>, E>(data: D, event: E) -> Result<E, D::Error> {
    ignore_data(data).map(|()| event)
}

/// The event of a message without `data` whose event is documented with data (see
/// [`from_no_data`]), wrapped in its variant.
#[inline]
pub fn read_absent<'de, T: Deserialize<'de>, E, Er: Error>(
    wrap: impl FnOnce(T) -> E,
) -> Result<E, Er> {
    from_no_data().map(wrap)
}

/// Reads and ignores the data of an event documented without data (a newer QEMU may send some).
pub fn ignore_data<'de, D: Deserializer<'de>>(data: D) -> Result<(), D::Error> {
    IgnoredAny::deserialize(data).map(|_| ())
}

/// The data of an event documented with members, when a message has no `data`: read from an
/// empty object, which succeeds when every member is optional and otherwise names the first
/// missing one.
pub fn from_no_data<'de, T: Deserialize<'de>, E: Error>() -> Result<T, E> {
    T::deserialize(MapDeserializer::<_, E>::new(
        std::iter::empty::<(&str, ())>(),
    ))
}

/// A key of a message object.
enum Key {
    Event,
    Data,
    Timestamp,
    Other,
}

impl From<&str> for Key {
    fn from(key: &str) -> Self {
        match key {
            "event" => Key::Event,
            "data" => Key::Data,
            "timestamp" => Key::Timestamp,
            _ => Key::Other,
        }
    }
}

impl From<String> for Key {
    fn from(key: String) -> Self {
        Key::from(key.as_str())
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_enum(deserializer)
    }
}

/// An event name, borrowed from the input when it can be (no allocation for the common case).
struct Name<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Name<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NameVisitor;

        impl<'de> Visitor<'de> for NameVisitor {
            type Value = Name<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an event name")
            }

            fn visit_borrowed_str<E: Error>(self, name: &'de str) -> Result<Name<'de>, E> {
                Ok(Name(Cow::Borrowed(name)))
            }

            fn visit_str<E: Error>(self, name: &str) -> Result<Name<'de>, E> {
                Ok(Name(Cow::Owned(name.to_owned())))
            }

            fn visit_string<E: Error>(self, name: String) -> Result<Name<'de>, E> {
                Ok(Name(Cow::Owned(name)))
            }
        }

        deserializer.deserialize_str(NameVisitor)
    }
}

/// Reads `data` once the event's name is known.
struct DataSeed<'n, T>(Cow<'n, str>, PhantomData<fn() -> T>);

impl<'de, T: WireEvent> DeserializeSeed<'de> for DataSeed<'_, T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::read_data(self.0, deserializer)
    }
}

/// Reads a message object: the event, and the timestamp when there is one. When `event` comes
/// before `data` (as QEMU sends it) the data is read straight into the event's type; when it
/// comes after, the data is kept as raw JSON text until the name is known. Other keys are
/// ignored; a repeated `event`, `data` or `timestamp` is an error.
fn read_message<'de, T: WireEvent, A: MapAccess<'de>>(
    mut map: A,
) -> Result<(T, Option<Timestamp>), A::Error> {
    let mut name: Option<Cow<'de, str>> = None;
    let mut event: Option<T> = None;
    let mut raw: Option<Box<RawValue>> = None;
    let mut timestamp: Option<Timestamp> = None;
    while let Some(key) = map.next_key::<Key>()? {
        match key {
            Key::Event => {
                if name.is_some() || event.is_some() {
                    return Err(A::Error::duplicate_field("event"));
                }
                name = Some(map.next_value::<Name<'de>>()?.0);
            }
            Key::Data => {
                if event.is_some() || raw.is_some() {
                    return Err(A::Error::duplicate_field("data"));
                }
                match name.take() {
                    Some(known) => {
                        event = Some(map.next_value_seed(DataSeed(known, PhantomData))?);
                    }
                    None => raw = Some(map.next_value()?),
                }
            }
            Key::Timestamp => {
                if timestamp.is_some() {
                    return Err(A::Error::duplicate_field("timestamp"));
                }
                timestamp = Some(map.next_value()?);
            }
            Key::Other => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    let event = match event {
        Some(event) => event,
        None => {
            let name = name.ok_or_else(|| A::Error::missing_field("event"))?;
            match raw {
                Some(raw) => {
                    let mut data = serde_json::Deserializer::from_str(raw.get());
                    T::read_data(name, &mut data).map_err(A::Error::custom)?
                }
                None => T::without_data(name)?,
            }
        }
    };
    Ok((event, timestamp))
}

/// Reads a whole message: `{"event": …, "data": …, "timestamp": …}` in any key order.
pub fn deserialize_message<'de, T, D>(deserializer: D) -> Result<(T, Timestamp), D::Error>
where
    T: WireEvent,
    D: Deserializer<'de>,
{
    struct MessageVisitor<T>(PhantomData<fn() -> T>);

    impl<'de, T: WireEvent> Visitor<'de> for MessageVisitor<T> {
        type Value = (T, Timestamp);

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a QMP event message")
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(T, Timestamp), A::Error> {
            let (event, timestamp) = read_message(map)?;
            let timestamp = timestamp.ok_or_else(|| A::Error::missing_field("timestamp"))?;
            Ok((event, timestamp))
        }
    }

    deserializer.deserialize_map(MessageVisitor(PhantomData))
}

/// Reads the event of a message object (`event` and `data`; a `timestamp` is not needed).
pub fn deserialize_event<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: WireEvent,
    D: Deserializer<'de>,
{
    struct EventVisitor<T>(PhantomData<fn() -> T>);

    impl<'de, T: WireEvent> Visitor<'de> for EventVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object with an \"event\" member")
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            Ok(read_message(map)?.0)
        }
    }

    deserializer.deserialize_map(EventVisitor(PhantomData))
}

/// Writes `{"event": …, "data": …, "timestamp": …}`: `data` only for events with data,
/// `timestamp` only when given.
pub fn serialize_message<T, S>(
    event: &T,
    timestamp: Option<&Timestamp>,
    serializer: S,
) -> Result<S::Ok, S::Error>
where
    T: WireEvent,
    S: Serializer,
{
    let mut map = serializer.serialize_map(None)?;
    map.serialize_entry("event", event.wire_name())?;
    event.write_data(&mut map)?;
    if let Some(timestamp) = timestamp {
        map.serialize_entry("timestamp", timestamp)?;
    }
    map.end()
}
