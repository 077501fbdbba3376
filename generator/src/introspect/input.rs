//! The introspection text read with serde_json: which of the three forms it takes, and its
//! entries (QEMU's `SchemaInfo`), each with where it stands in the text.

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny};
use serde_json::value::RawValue;

use super::{INVALID, Locator};
use crate::model::Span;
use crate::qapi::report::Finding;

/// The entries of the answer and the QEMU that gave it, when the file says.
pub(super) struct Input<'a> {
    pub qemu: Option<String>,
    pub entries: Vec<&'a RawValue>,
}

/// The wrapper `{"qemu": …, "schema": […]}` or a raw reply `{"return": […]}` (other members,
/// a reply's `id`, ignored).
#[derive(Deserialize)]
struct Wrapper<'a> {
    qemu: Option<QemuInfo>,
    #[serde(borrow)]
    schema: Option<Vec<&'a RawValue>>,
    #[serde(borrow, rename = "return")]
    reply: Option<Vec<&'a RawValue>>,
}

/// `query-version`'s answer.
#[derive(Deserialize)]
struct QemuInfo {
    qemu: Triple,
    #[serde(default)]
    package: String,
}

#[derive(Deserialize)]
struct Triple {
    major: u64,
    minor: u64,
    micro: u64,
}

/// Reads `text` in any of the three forms.
pub(super) fn read<'a>(text: &'a str, locator: &Locator) -> Result<Input<'a>, Finding> {
    if text.trim_start().starts_with('[') {
        let entries = parse(text, 0, locator)?;
        return Ok(Input {
            qemu: None,
            entries,
        });
    }
    let wrapper: Wrapper = parse(text, 0, locator)?;
    let entries = match (wrapper.schema, wrapper.reply) {
        (Some(entries), None) | (None, Some(entries)) => entries,
        _ => {
            return Err(Finding::error(
                INVALID,
                locator.span(text.len() - text.trim_start().len()),
                "introspection JSON is an array of entries, or an object with exactly one of \
                 `schema` (beside `qemu`) or `return`",
            ));
        }
    };
    let qemu = wrapper.qemu.map(|info| {
        let Triple {
            major,
            minor,
            micro,
        } = info.qemu;
        match info.package.trim() {
            "" => format!("{major}.{minor}.{micro}"),
            package => format!("{major}.{minor}.{micro} ({package})"),
        }
    });
    Ok(Input { qemu, entries })
}

/// `raw` (a part of the text) read as a `T`, or an error where serde_json stopped.
pub(super) fn parse_at<'a, T: Deserialize<'a>>(
    raw: &'a RawValue,
    locator: &Locator,
) -> Result<T, Finding> {
    parse(raw.get(), locator.offset_of(raw.get()), locator)
}

/// `text`, which starts at `base` in the whole text, read as a `T`.
fn parse<'a, T: Deserialize<'a>>(
    text: &'a str,
    base: usize,
    locator: &Locator,
) -> Result<T, Finding> {
    serde_json::from_str(text).map_err(|error| {
        let offset = base + offset_in(text, error.line(), error.column());
        let message = error.to_string();
        // serde_json appends " at line L column C", relative to the part read: the headline says where.
        let message = match message.rfind(" at line ") {
            Some(at) => &message[..at],
            None => &message,
        };
        Finding::error(
            INVALID,
            locator.span(offset),
            format!("introspection JSON: {message}"),
        )
    })
}

/// The byte offset in `text` of serde_json's 1-based `line` and byte `column` (clamped).
fn offset_in(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

/// One entry of the answer (every meta-type's fields, optional: the meta-type says which hold).
#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct Entry<'a> {
    pub name: String,
    pub meta_type: String,
    /// An object's, an enum's (QEMU 6.2 on) or an alternate's members.
    #[serde(default, borrow)]
    pub members: Vec<&'a RawValue>,
    /// An enum's values.
    #[serde(default)]
    pub values: Vec<String>,
    /// A union's discriminator.
    pub tag: Option<String>,
    #[serde(default, borrow)]
    pub variants: Vec<&'a RawValue>,
    pub element_type: Option<String>,
    pub arg_type: Option<String>,
    #[serde(default)]
    pub features: Vec<String>,
}

/// A member of an object: optional when it has a `default` (QEMU writes `null`).
#[derive(Deserialize)]
pub(super) struct ObjectMember {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default, deserialize_with = "present")]
    pub default: bool,
    #[serde(default)]
    pub features: Vec<String>,
}

/// A value of an enum.
#[derive(Deserialize)]
pub(super) struct EnumMember {
    pub name: String,
    #[serde(default)]
    pub features: Vec<String>,
}

/// A branch of an alternate.
#[derive(Deserialize)]
pub(super) struct AlternateMember {
    #[serde(rename = "type")]
    pub ty: String,
}

/// A branch of a union.
#[derive(Deserialize)]
pub(super) struct UnionVariant {
    pub case: String,
    #[serde(rename = "type")]
    pub ty: String,
}

/// True when the field is there, whatever its value (`"default": null` included).
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    IgnoredAny::deserialize(deserializer).map(|_| true)
}

/// Where `raw` starts, as a span.
pub(super) fn span_of(raw: &RawValue, locator: &Locator) -> Span {
    locator.span(locator.offset_of(raw.get()))
}
