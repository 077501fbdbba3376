//! The support the generated validators stand on. Not a public API: generated code reaches it
//! as `::qmp_events::__private::validate`, and it changes with the generator.
//!
//! The generator writes, per document, a [`Schema`] (a `match` from event name to the checks of
//! its data) and per documented object a [`Members`] (a `match` from member name to an
//! [`Expect`]ation); this module reads the message with serde in one pass and keeps the path,
//! the depth and the violations in a [`Ctx`]. The same generated checks run over text
//! ([`validate_str`], streaming, never building a `serde_json::Value`) and over a
//! `serde_json::Value` ([`validate_value`], which presents `event` first), so both report the
//! same paths and kinds.

mod ctx;
mod envelope;
mod expect;
mod keys;

use std::marker::PhantomData;

use serde::de::Deserializer as _;

pub use ctx::{Ctx, MAX_DEPTH};
pub use envelope::Schema;
pub use expect::{
    Any, AnyObject, Bool, Expect, Int, Members, NoData, Number, Object, Scalar, Seed, Str, Values,
    any_elements, any_members,
};
pub use keys::{KeySeed, KeySet};

use crate::runtime::report::{Mode, Report, ViolationKind};
use envelope::{EventFirst, Message};

/// Validates one message given as text against the document `S` describes.
pub fn validate_str<S: Schema>(text: &str, mode: Mode) -> Report {
    read(
        serde_json::Deserializer::from_str(text),
        mode,
        PhantomData::<S>,
    )
}

/// Validates one message given as bytes (which must be UTF-8 JSON).
pub fn validate_bytes<S: Schema>(bytes: &[u8], mode: Mode) -> Report {
    read(
        serde_json::Deserializer::from_slice(bytes),
        mode,
        PhantomData::<S>,
    )
}

/// Validates one message given as a `serde_json::Value`.
pub fn validate_value<S: Schema>(value: &serde_json::Value, mode: Mode) -> Report {
    let mut ctx = Ctx::new(mode);
    let message = Message::<S> {
        ctx: &mut ctx,
        event_first: true,
        schema: PhantomData,
    };
    let read = match value {
        serde_json::Value::Object(map) => {
            serde::de::Visitor::visit_map(message, EventFirst::new(map))
        }
        other => other.deserialize_any(message),
    };
    match read {
        Ok(()) => ctx.into_report(),
        // Reading a value cannot fail; if it did, say so rather than lose it.
        Err(error) => not_json(mode, &error),
    }
}

/// Runs the message checks over serde_json's streaming reader, then makes sure only white space
/// follows.
fn read<'de, R: serde_json::de::Read<'de>, S: Schema>(
    mut deserializer: serde_json::Deserializer<R>,
    mode: Mode,
    _: PhantomData<S>,
) -> Report {
    // The checks enforce their own depth limit, and skip deeper values without recursion.
    deserializer.disable_recursion_limit();
    let mut ctx = Ctx::new(mode);
    let message = Message::<S> {
        ctx: &mut ctx,
        event_first: false,
        schema: PhantomData,
    };
    let read = serde::de::DeserializeSeed::deserialize(message, &mut deserializer)
        .and_then(|()| deserializer.end());
    match read {
        Ok(()) => ctx.into_report(),
        Err(error) => not_json(mode, &error),
    }
}

/// The report for text that is not JSON: that alone, since what was read before the error
/// says nothing reliable about the message.
fn not_json(mode: Mode, error: &serde_json::Error) -> Report {
    let mut ctx = Ctx::new(mode);
    ctx.report(
        ViolationKind::NotJson,
        "a JSON text",
        error.to_string(),
        format!("the message is not JSON: {error}"),
        None,
    );
    ctx.into_report()
}
