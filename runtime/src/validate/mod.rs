//! The validator the generated code stands on. Not a public API: generated code reaches it as
//! `::qmp_events::__private::validate`, and it changes with the generator.
//!
//! The generator writes, per document, its [`Schema`]: tables of the documented events, their
//! objects, members, types and values (see [`schema`]), as `static`s; a program that reads a
//! document at run time builds the same tables owned (`qmpgen::tables::runtime_schema`), and
//! the same walk reads both. This module checks a message against
//! them in one pass over its text (`walk`, on the reader in `crate::json`), keeping the path,
//! the depth and the violations in a `Ctx`; nothing is built from the message but the
//! report. A `serde_json::Value` is checked as the text it writes, so text and values get the
//! same checks, paths and kinds by construction.

mod ctx;
mod keys;
mod quote;
pub mod schema;
mod seen;
mod walk;

pub use ctx::MAX_DEPTH;
pub use schema::{
    ANY, ANY_DATA, ANY_OBJECT, Alternate, BOOL, Data, Event, INT, Member, NULL, NUMBER, Object,
    Ranged, STRING, Schema, Text, Union, Value, Variant, Words, alternate, array, event, fields,
    named, no_data, object, one_of, optional, ranged, required, union,
};

use crate::json::Json;
use crate::report::{Mode, Report, ViolationKind};
use ctx::Ctx;

/// Validates one message given as text against the document `schema` describes.
pub fn validate_str(schema: &Schema, text: &str, mode: Mode) -> Report {
    walk_text(schema, Json::from_str(text), text.as_bytes(), mode, None)
}

/// Validates one message given as text, its data judged as the event `event` whatever the
/// message names (the lint judges a document's example as the event it documents, and says
/// itself when the example names another).
pub fn validate_str_as(schema: &Schema, text: &str, mode: Mode, event: &str) -> Report {
    walk_text(
        schema,
        Json::from_str(text),
        text.as_bytes(),
        mode,
        Some(event),
    )
}

/// Validates one message given as bytes (which must be UTF-8 JSON).
pub fn validate_bytes(schema: &Schema, bytes: &[u8], mode: Mode) -> Report {
    walk_text(schema, Json::from_bytes(bytes), bytes, mode, None)
}

/// Validates one message given as a `serde_json::Value`: as the text it writes, which holds
/// exactly what the value holds (a value has no repeated member and no number beyond `f64`).
pub fn validate_value(schema: &Schema, value: &serde_json::Value, mode: Mode) -> Report {
    validate_str(schema, &value.to_string(), mode)
}

/// Walks `json`, the reader of `text`, its data judged as `judge_as` when given.
fn walk_text(
    schema: &Schema,
    mut json: Json<'_>,
    text: &[u8],
    mode: Mode,
    judge_as: Option<&str>,
) -> Report {
    let mut ctx = Ctx::with(mode, schema);
    match walk::message(&mut json, &mut ctx, judge_as) {
        Ok(()) => ctx.take_report(),
        Err(broken) => not_json(mode, &broken.describe(text), broken.offset()),
    }
}

/// The report for text that is not JSON: that alone, since what was read before the problem
/// says nothing reliable about the message.
fn not_json(mode: Mode, problem: &str, offset: usize) -> Report {
    let mut ctx = Ctx::new(mode);
    ctx.mark(offset);
    ctx.report(
        ViolationKind::NotJson,
        "a JSON text",
        problem.to_owned(),
        format!("the message is not JSON: {problem}"),
        None,
    );
    ctx.take_report()
}

#[cfg(test)]
mod kinds_tests;
