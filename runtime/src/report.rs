//! What validating a message finds: [`Violation`]s collected in a [`Report`].
//!
//! These types are the runtime CLI's JSON output (`{"path", "kind", "severity", "expected",
//! "found", "message", "spec_line"}`) and what `qmpgen check` agrees with kind for kind, so
//! their serialized names are a contract.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How strictly a message is held to the document.
///
/// The document describes one QEMU version; a newer QEMU sends events, fields and values it
/// lacks. [`Mode::Strict`] reports those as errors (the message is not what the document
/// says); [`Mode::Lenient`] as warnings (the message still reads).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Undocumented events, fields and values are errors.
    #[default]
    Strict,
    /// Undocumented events, fields and values are warnings.
    Lenient,
}

impl Mode {
    /// `strict` or `lenient`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Mode::Strict => "strict",
            Mode::Lenient => "lenient",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Mode {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "strict" => Ok(Mode::Strict),
            "lenient" => Ok(Mode::Lenient),
            other => Err(format!(
                "unknown mode `{other}` (expected `strict` or `lenient`)"
            )),
        }
    }
}

/// How bad a violation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// The message is not what the document says.
    Error,
    /// The message says more than the document (lenient mode only).
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is wrong, as a stable id (`as_str`, and the serialized form).
///
/// The rules the generated validators apply (and `qmpgen check` applies to examples):
///
/// | id | when | path |
/// |---|---|---|
/// | `not-json` | serde_json rejects the text (malformed, truncated, trailing text, not UTF-8); reported alone | empty |
/// | `not-object` | the message is not an object | empty |
/// | `duplicate-key` | an object names a member again (the first one counts; later ones are still checked) | the member |
/// | `too-deep` | an object or array opens deeper than [`MAX_DEPTH`](crate::MAX_DEPTH) (the message is level 1); its contents are skipped | the container |
/// | `missing-field` | a required member is absent; `event` is absent; `data` is absent and the event has a required member | the member, `/event`, `/data` |
/// | `wrong-type` | a value of another JSON type than annotated (`null` is never one); `event` not a string; data that must be an object | the value |
/// | `out-of-range` | a json-int beyond `i64` (an integer literal, or an integral float from 2^63 on); an integer of a sized type (`int8`…`uint64`, `size`) outside its range; any number beyond `f64` (`1e999`), wherever it stands, which is then judged as `null` | the value |
/// | `undocumented-value` | a string not among the documented values | the value |
/// | `undocumented-field` | a member the object does not document; a member of data documented `Data: None.`; a top-level member beside `event`, `data`, `timestamp` | the member |
/// | `unknown-event` | an event name the document lacks (its data is then only checked for duplicates and depth) | `/event` |
/// | `bad-timestamp` | `timestamp` missing, or not `{"seconds": json-int, "microseconds": json-int in 0..=999999}` (both -1 allowed); one violation | `/timestamp` |
/// | `not-an-event` | an object without `event` that has `return`, `error` or `QMP`: a command reply or the greeting; reported alone (its members are read as JSON, not judged) | empty |
///
/// A fraction where a json-int belongs (`1.5`, `1e3`) is `wrong-type`. The kinds cover what a
/// schema model beyond the text document has, in the same words: an array's elements are checked
/// at their index (`/data/list/3`); a flat union is checked against its base's members and those
/// its discriminator selects (a missing discriminator is `missing-field`, an unknown value
/// `undocumented-value`); an alternate against the alternative that takes the value's JSON type
/// (`wrong-type` when none does). Members that are
/// unannotated or of a type documented elsewhere, data documented in prose or by reference, and
/// json-objects without documented members accept any JSON (a json-object must still be an
/// object).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ViolationKind {
    /// The text is not JSON (malformed, truncated, trailing text, not UTF-8).
    NotJson,
    /// The message is JSON but not an object.
    NotObject,
    /// An object names the same member twice.
    DuplicateKey,
    /// Objects and arrays nest deeper than [`MAX_DEPTH`](crate::MAX_DEPTH).
    TooDeep,
    /// A required member (or the event's name, or its data) is absent.
    MissingField,
    /// A value has another JSON type than documented.
    WrongType,
    /// A json-int does not fit in 64 signed bits, or a number not even in an `f64`.
    OutOfRange,
    /// A string is not among the documented values.
    UndocumentedValue,
    /// An object has a member the document does not describe.
    UndocumentedField,
    /// The document does not describe an event of this name.
    UnknownEvent,
    /// The timestamp is missing or not `{"seconds": int, "microseconds": int}`.
    BadTimestamp,
    /// A command reply or the greeting (`return`, `error` or `QMP`, and no `event`).
    NotAnEvent,
}

impl ViolationKind {
    /// Every kind, in the order of their documentation.
    pub const ALL: [ViolationKind; 12] = [
        ViolationKind::NotJson,
        ViolationKind::NotObject,
        ViolationKind::DuplicateKey,
        ViolationKind::TooDeep,
        ViolationKind::MissingField,
        ViolationKind::WrongType,
        ViolationKind::OutOfRange,
        ViolationKind::UndocumentedValue,
        ViolationKind::UndocumentedField,
        ViolationKind::UnknownEvent,
        ViolationKind::BadTimestamp,
        ViolationKind::NotAnEvent,
    ];

    /// The stable id (`undocumented-value`).
    pub const fn as_str(self) -> &'static str {
        match self {
            ViolationKind::NotJson => "not-json",
            ViolationKind::NotObject => "not-object",
            ViolationKind::DuplicateKey => "duplicate-key",
            ViolationKind::TooDeep => "too-deep",
            ViolationKind::MissingField => "missing-field",
            ViolationKind::WrongType => "wrong-type",
            ViolationKind::OutOfRange => "out-of-range",
            ViolationKind::UndocumentedValue => "undocumented-value",
            ViolationKind::UndocumentedField => "undocumented-field",
            ViolationKind::UnknownEvent => "unknown-event",
            ViolationKind::BadTimestamp => "bad-timestamp",
            ViolationKind::NotAnEvent => "not-an-event",
        }
    }

    /// Whether this kind is about something the document lacks (an event, field or value a
    /// newer QEMU may send) rather than something wrong with the message.
    pub const fn is_undocumented(self) -> bool {
        matches!(
            self,
            ViolationKind::UndocumentedValue
                | ViolationKind::UndocumentedField
                | ViolationKind::UnknownEvent
        )
    }

    /// How severe this kind is in `mode`: undocumented things are warnings in lenient mode,
    /// everything else is always an error.
    pub const fn severity(self, mode: Mode) -> Severity {
        match mode {
            Mode::Lenient if self.is_undocumented() => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

impl fmt::Display for ViolationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ViolationKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ViolationKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
            .ok_or_else(|| format!("unknown violation kind `{text}`"))
    }
}

/// One way a message departs from the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// Where in the message, as a JSON pointer (`/data/action`; empty for the whole message).
    pub path: String,
    /// What is wrong.
    pub kind: ViolationKind,
    /// Error, or warning in lenient mode.
    pub severity: Severity,
    /// What the document asks for there (`json-int`, `one of "ignore", "report", "stop"`);
    /// borrowed when it is fixed text, so that reporting costs fewer allocations.
    pub expected: Cow<'static, str>,
    /// What the message has there (`json-string`, `"mirror"`, `nothing`).
    pub found: Cow<'static, str>,
    /// A sentence for people.
    pub message: String,
    /// The document line that documents the place (the field, the event's `Data:`), if any.
    pub spec_line: Option<u32>,
    /// Where the offending value or key starts in the message's text, in bytes (the object
    /// lacking a required member; where the text stops being JSON), so that a tool can point
    /// at it; for a `serde_json::Value`, in the text the value writes. Not serialized: the JSON
    /// output's fields are the seven above.
    #[serde(skip)]
    pub offset: usize,
}

impl Violation {
    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Where in the message, for people: the pointer, or `the message` for the empty one.
    pub fn place(&self) -> Place<'_> {
        Place(&self.path)
    }
}

/// A JSON pointer for people: written as it is (`/data/id`), except the empty pointer, which
/// names the whole message and is written `the message` (`/` would be a member named "").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place<'a>(pub &'a str);

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("the message")
        } else {
            f.write_str(self.0)
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}] at {}: {}",
            self.severity,
            self.kind,
            self.place(),
            self.message
        )?;
        if let Some(line) = self.spec_line {
            write!(f, " (documented at line {line})")?;
        }
        Ok(())
    }
}

/// Everything validating one message found.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Report {
    /// The message's event name, when it has one (documented or not): borrowed from the
    /// document for a documented event, so that a valid message costs no allocation.
    pub event: Option<Cow<'static, str>>,
    /// The violations, in the order they were met in the message.
    pub violations: Vec<Violation>,
}

impl Report {
    /// Whether the message has no error (warnings allowed).
    pub fn is_valid(&self) -> bool {
        !self.violations.iter().any(Violation::is_error)
    }

    /// Whether the message has no violation at all.
    pub fn is_clean(&self) -> bool {
        self.violations.is_empty()
    }

    /// Whether the message is a command reply or QEMU's greeting, not an event (its one
    /// violation is `not-an-event`): a captured session holds those between the events.
    pub fn is_reply_or_greeting(&self) -> bool {
        matches!(&*self.violations, [only] if only.kind == ViolationKind::NotAnEvent)
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Violation> {
        self.violations
            .iter()
            .filter(|violation| violation.is_error())
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Violation> {
        self.violations
            .iter()
            .filter(|violation| !violation.is_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn violation(path: &str) -> Violation {
        Violation {
            path: path.to_owned(),
            kind: ViolationKind::NotObject,
            severity: Severity::Error,
            expected: "a JSON object".into(),
            found: "json-array".into(),
            message: "not an object".to_owned(),
            spec_line: None,
            offset: 0,
        }
    }

    #[test]
    fn a_pointer_is_written_as_it_is_and_the_empty_one_as_the_message() {
        assert_eq!(
            violation("").to_string(),
            "error[not-object] at the message: not an object"
        );
        // `/` points at a member named "", not at the message.
        assert_eq!(
            violation("/").to_string(),
            "error[not-object] at /: not an object"
        );
        assert_eq!(Place("/data/id").to_string(), "/data/id");
    }
}
