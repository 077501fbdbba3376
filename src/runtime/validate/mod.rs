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

mod beyond_f64;
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
    let read_once = read(
        serde_json::Deserializer::from_str(text),
        mode,
        false,
        PhantomData::<S>,
    );
    read_again_if_beyond_f64::<S>(text.as_bytes(), mode, read_once)
}

/// Validates one message given as bytes (which must be UTF-8 JSON).
pub fn validate_bytes<S: Schema>(bytes: &[u8], mode: Mode) -> Report {
    let read_once = read(
        serde_json::Deserializer::from_slice(bytes),
        mode,
        false,
        PhantomData::<S>,
    );
    read_again_if_beyond_f64::<S>(bytes, mode, read_once)
}

/// When serde_json stopped at a number beyond `f64`, reads the text again with such numbers
/// marked, so that each is an `out-of-range` at its path (see [`beyond_f64`]).
fn read_again_if_beyond_f64<S: Schema>(
    text: &[u8],
    mode: Mode,
    read_once: Result<Report, serde_json::Error>,
) -> Report {
    match read_once {
        Ok(report) => report,
        Err(error) => {
            let marked = beyond_f64::is_beyond_f64(&error)
                .then(|| beyond_f64::mark(text))
                .flatten();
            let Some(marked) = marked else {
                return not_json(mode, &error);
            };
            let deserializer = serde_json::Deserializer::from_slice(&marked);
            // Still not JSON (say, truncated as well): what serde_json says now is the problem
            // that remains.
            read(deserializer, mode, true, PhantomData::<S>)
                .unwrap_or_else(|error| not_json(mode, &error))
        }
    }
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
/// follows. `marked`: numbers beyond `f64` have been replaced by marked strings.
fn read<'de, R: serde_json::de::Read<'de>, S: Schema>(
    mut deserializer: serde_json::Deserializer<R>,
    mode: Mode,
    marked: bool,
    _: PhantomData<S>,
) -> Result<Report, serde_json::Error> {
    // The checks enforce their own depth limit, and skip deeper values without recursion.
    deserializer.disable_recursion_limit();
    let mut ctx = Ctx::new(mode);
    if marked {
        ctx.expect_marked_numbers();
    }
    let message = Message::<S> {
        ctx: &mut ctx,
        event_first: false,
        schema: PhantomData,
    };
    serde::de::DeserializeSeed::deserialize(message, &mut deserializer)
        .and_then(|()| deserializer.end())?;
    Ok(ctx.into_report())
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
