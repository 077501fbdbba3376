//! The message around the data: `{"event": NAME, "data": {...}, "timestamp": {...}}`.
//!
//! The generated [`Schema`] knows the events; this module reads the envelope in one pass,
//! whatever the member order. When `data` comes before `event` in the text, it is kept as raw
//! JSON text and checked once the name is known.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::{Any, Ctx, Expect, KeySeed, KeySet, Scalar, Seed, any_elements, any_members};
use crate::runtime::report::ViolationKind;

/// The events of one document, as the generator writes them.
pub trait Schema {
    /// The index of the documented event called `name`.
    fn event(name: &str) -> Option<usize>;

    /// Checks the data of event `event` (an index from [`Schema::event`]).
    fn data<'de, D: Deserializer<'de>>(
        event: usize,
        ctx: &mut Ctx,
        data: D,
    ) -> Result<(), D::Error>;

    /// Reports what is missing when event `event` comes without data.
    fn without_data(event: usize, ctx: &mut Ctx);
}

/// The documented members of the envelope, by index.
const ENVELOPE_MEMBERS: [&str; 3] = ["event", "data", "timestamp"];
/// The documented members of the envelope, for the undocumented-field violation.
const ENVELOPE: &str = "\"event\", \"data\" or \"timestamp\"";
/// The members of a timestamp, by index.
const TIMESTAMP_PARTS: [&str; 2] = ["seconds", "microseconds"];
/// What a timestamp must be.
const TIMESTAMP: &str = "{\"seconds\": json-int, \"microseconds\": json-int in 0..=999999}";

/// Reads the whole message (the top-level value).
pub(crate) struct Message<'c, S> {
    pub(crate) ctx: &'c mut Ctx,
    /// The reader yields `event` before any other member (a `serde_json::Value`), so data met
    /// before a name belongs to a message without one and need not be kept.
    pub(crate) event_first: bool,
    pub(crate) schema: PhantomData<S>,
}

impl<S> Message<'_, S> {
    fn not_object(self, found: &str) {
        self.ctx.report(
            ViolationKind::NotObject,
            "json-object",
            found,
            format!("a QMP message is a JSON object, this is {found}"),
            None,
        );
    }
}

impl<'de, S: Schema> DeserializeSeed<'de> for Message<'_, S> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, S: Schema> Visitor<'de> for Message<'_, S> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a QMP message")
    }

    fn visit_unit<E: Error>(self) -> Result<(), E> {
        self.not_object(Scalar::Null.kind());
        Ok(())
    }

    fn visit_bool<E: Error>(self, value: bool) -> Result<(), E> {
        self.not_object(Scalar::Bool(value).kind());
        Ok(())
    }

    fn visit_i64<E: Error>(self, value: i64) -> Result<(), E> {
        self.not_object(Scalar::Int(value).kind());
        Ok(())
    }

    fn visit_u64<E: Error>(self, value: u64) -> Result<(), E> {
        self.not_object(Scalar::UInt(value).kind());
        Ok(())
    }

    fn visit_f64<E: Error>(self, value: f64) -> Result<(), E> {
        self.not_object(Scalar::Float(value).kind());
        Ok(())
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<(), E> {
        let found = match self.ctx.beyond_f64(value) {
            Some(_) => "json-number",
            None => Scalar::Str(value).kind(),
        };
        self.not_object(found);
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.not_object("json-array");
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let ctx = self.ctx;
        ctx.enter();
        let (mut seen_event, mut seen_data, mut seen_timestamp) = (false, false, false);
        let mut others = KeySet::default();
        // The documented event the name names, once read.
        let mut event = None;
        let mut pending: Option<Box<RawValue>> = None;
        let index = |name: &str| match name {
            "event" => Some(0),
            "data" => Some(1),
            "timestamp" => Some(2),
            _ => None,
        };
        while let Some(key) = map.next_key_seed(KeySeed::new(ctx, &ENVELOPE_MEMBERS, index))? {
            match key {
                Some(0) if !seen_event => {
                    seen_event = true;
                    map.next_value_seed(Seed::new(ctx, EventName))?;
                    event = ctx.event().and_then(S::event);
                    if let Some(name) = ctx.event()
                        && event.is_none()
                    {
                        let found = Scalar::Str(name).render();
                        ctx.report(
                            ViolationKind::UnknownEvent,
                            "an event the document describes",
                            found.clone(),
                            format!("the document does not describe the event {found}"),
                            None,
                        );
                    }
                    if let Some(raw) = pending.take() {
                        ctx.pop();
                        ctx.push_member("data");
                        check_raw::<S, A::Error>(ctx, event, &raw)?;
                        ctx.pop();
                        ctx.push_member("event");
                    }
                }
                Some(1) if !seen_data => {
                    seen_data = true;
                    if seen_event || self.event_first {
                        data::<S, _>(ctx, event, &mut map)?;
                    } else {
                        pending = Some(map.next_value()?);
                    }
                }
                Some(2) if !seen_timestamp => {
                    seen_timestamp = true;
                    map.next_value_seed(Seed::new(ctx, Timestamp))?;
                }
                Some(_) => {
                    ctx.duplicate();
                    map.next_value_seed(Seed::new(ctx, Any))?;
                }
                None => {
                    others.undocumented(ctx, ENVELOPE, None);
                    map.next_value_seed(Seed::new(ctx, Any))?;
                }
            }
            ctx.pop();
        }
        if let Some(raw) = pending {
            ctx.push_member("data");
            check_raw::<S, A::Error>(ctx, None, &raw)?;
            ctx.pop();
        }
        if !seen_event {
            ctx.push_member("event");
            ctx.report(
                ViolationKind::MissingField,
                "json-string",
                "nothing",
                "the message has no \"event\" naming it",
                None,
            );
            ctx.pop();
        }
        if let Some(event) = event
            && !seen_data
        {
            S::without_data(event, ctx);
        }
        if !seen_timestamp {
            ctx.push_member("timestamp");
            ctx.report(
                ViolationKind::BadTimestamp,
                TIMESTAMP,
                "nothing",
                "the message has no \"timestamp\"",
                None,
            );
            ctx.pop();
        }
        ctx.leave();
        Ok(())
    }
}

/// Checks the data value next in `map`: as the event's, or as any JSON for an unknown event.
fn data<'de, S: Schema, A: MapAccess<'de>>(
    ctx: &mut Ctx,
    event: Option<usize>,
    map: &mut A,
) -> Result<(), A::Error> {
    match event {
        Some(event) => map.next_value_seed(DataSeed::<S> {
            ctx,
            event,
            schema: PhantomData,
        }),
        None => map.next_value_seed(Seed::new(ctx, Any)),
    }
}

/// Checks data kept as raw text because it came before the event's name.
fn check_raw<S: Schema, E: Error>(
    ctx: &mut Ctx,
    event: Option<usize>,
    raw: &RawValue,
) -> Result<(), E> {
    let mut deserializer = serde_json::Deserializer::from_str(raw.get());
    deserializer.disable_recursion_limit();
    let checked = match event {
        Some(event) => S::data(event, ctx, &mut deserializer),
        None => Seed::new(ctx, Any).deserialize(&mut deserializer),
    };
    // The text was read as JSON once already, so reading it again cannot fail.
    checked.map_err(E::custom)
}

/// Reads an event's data with the generated checks.
struct DataSeed<'c, S> {
    ctx: &'c mut Ctx,
    event: usize,
    schema: PhantomData<S>,
}

impl<'de, S: Schema> DeserializeSeed<'de> for DataSeed<'_, S> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        S::data(self.event, self.ctx, deserializer)
    }
}

/// The `event` member: a string, kept as the report's event name.
struct EventName;

impl Expect for EventName {
    fn wanted(&self) -> &'static str {
        "json-string"
    }

    fn line(&self) -> Option<u32> {
        None
    }

    fn scalar(self, ctx: &mut Ctx, value: Scalar<'_>) {
        match value {
            Scalar::Str(name) => ctx.set_event(name),
            other => {
                let kind = other.kind();
                ctx.report(
                    ViolationKind::WrongType,
                    "json-string",
                    kind,
                    format!(
                        "the event name must be a json-string, found {kind} {}",
                        other.render()
                    ),
                    None,
                );
            }
        }
    }
}

/// The `timestamp` member: `seconds` and `microseconds` json-ints, `microseconds` in
/// 0..=999999 (or both -1, which QMP sends when the host's time cannot be read), nothing else.
/// Whatever is wrong with it is one `bad-timestamp` at `/timestamp`, saying the first problem.
struct Timestamp;

impl Timestamp {
    fn bad(ctx: &mut Ctx, found: String) {
        let message = format!("the timestamp must be {TIMESTAMP}, found {found}");
        ctx.report(ViolationKind::BadTimestamp, TIMESTAMP, found, message, None);
    }
}

impl Expect for Timestamp {
    fn wanted(&self) -> &'static str {
        "json-object"
    }

    fn line(&self) -> Option<u32> {
        None
    }

    fn scalar(self, ctx: &mut Ctx, value: Scalar<'_>) {
        Self::bad(ctx, value.kind().to_owned());
    }

    fn seq<'de, A: SeqAccess<'de>>(self, ctx: &mut Ctx, seq: A) -> Result<(), A::Error> {
        Self::bad(ctx, "json-array".to_owned());
        any_elements(ctx, seq)
    }

    fn map<'de, A: MapAccess<'de>>(self, ctx: &mut Ctx, mut map: A) -> Result<(), A::Error> {
        let mut seen = [false; 2];
        let mut values = [None; 2];
        let mut others = KeySet::default();
        let mut problem = None;
        let index = |name: &str| match name {
            "seconds" => Some(0),
            "microseconds" => Some(1),
            _ => None,
        };
        while let Some(key) = map.next_key_seed(KeySeed::new(ctx, &TIMESTAMP_PARTS, index))? {
            match key {
                Some(part) => {
                    ctx.once(&mut seen[part]);
                    let name = TIMESTAMP_PARTS[part];
                    map.next_value_seed(Seed::new(
                        ctx,
                        TimestampPart {
                            name,
                            problem: &mut problem,
                            value: &mut values[part],
                        },
                    ))?;
                }
                None => {
                    others.check(ctx);
                    problem.get_or_insert_with(|| format!("a member \"{}\"", ctx.key()));
                    map.next_value_seed(Seed::new(ctx, Any))?;
                }
            }
            ctx.pop();
        }
        for (part, name) in TIMESTAMP_PARTS.into_iter().enumerate() {
            if !seen[part] {
                problem.get_or_insert_with(|| format!("no \"{name}\""));
            }
        }
        match values {
            [_, Some(0..=999_999)] => {}
            // QMP sends -1 for both when the host's time cannot be read.
            [Some(-1), Some(-1)] => {}
            [_, Some(microseconds)] => {
                problem.get_or_insert_with(|| {
                    format!("\"microseconds\": {microseconds}, outside 0..=999999")
                });
            }
            [_, None] => {}
        }
        if let Some(found) = problem {
            Self::bad(ctx, found);
        }
        Ok(())
    }
}

/// `seconds` or `microseconds`: an integer that fits in 64 signed bits, kept in `value`.
struct TimestampPart<'p> {
    name: &'static str,
    problem: &'p mut Option<String>,
    value: &'p mut Option<i64>,
}

impl TimestampPart<'_> {
    fn bad(self, found: &str) {
        let name = self.name;
        self.problem
            .get_or_insert_with(|| format!("\"{name}\": {found}"));
    }
}

impl Expect for TimestampPart<'_> {
    fn wanted(&self) -> &'static str {
        "json-int"
    }

    fn line(&self) -> Option<u32> {
        None
    }

    fn scalar(self, _: &mut Ctx, value: Scalar<'_>) {
        match value {
            Scalar::Int(n) => *self.value = Some(n),
            Scalar::UInt(n) if n <= i64::MAX as u64 => *self.value = Some(n as i64),
            other => self.bad(&format!("{} {}", other.kind(), other.render())),
        }
    }

    fn map<'de, A: MapAccess<'de>>(self, ctx: &mut Ctx, map: A) -> Result<(), A::Error> {
        self.bad("json-object");
        any_members(ctx, map)
    }

    fn seq<'de, A: SeqAccess<'de>>(self, ctx: &mut Ctx, seq: A) -> Result<(), A::Error> {
        self.bad("json-array");
        any_elements(ctx, seq)
    }
}

/// The members of a `serde_json::Value` object, `event` first: the order that lets
/// [`Message`] check the data without keeping it.
pub(crate) struct EventFirst<'de> {
    event: Option<&'de serde_json::Value>,
    rest: serde_json::map::Iter<'de>,
    value: Option<&'de serde_json::Value>,
}

impl<'de> EventFirst<'de> {
    pub(crate) fn new(map: &'de serde_json::Map<String, serde_json::Value>) -> Self {
        EventFirst {
            event: map.get("event"),
            rest: map.iter(),
            value: None,
        }
    }
}

impl<'de> MapAccess<'de> for EventFirst<'de> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        let name = if let Some(event) = self.event.take() {
            self.value = Some(event);
            "event"
        } else {
            let Some((name, value)) = self.rest.by_ref().find(|(name, _)| *name != "event") else {
                return Ok(None);
            };
            self.value = Some(value);
            name.as_str()
        };
        seed.deserialize(BorrowedStrDeserializer::<Self::Error>::new(name))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(value),
            None => Err(Self::Error::custom(
                "a member value was read before its name",
            )),
        }
    }
}
