//! A running QEMU's `query-qmp-schema` answer lowered into the shared model
//! ([`Format::Introspection`](crate::model::Format::Introspection)).
//!
//! The answer lists every type by a masked name (a number) and gives no documentation: the
//! lowering keeps the events, every type they reach and nothing else, and names each masked type
//! by where it is first used (`names`): an event's data is `q_obj_EVENT-arg` (as QAPI names
//! it), a member's type is its owner's name and the member's (`SHUTDOWN`'s `reason` is
//! `ShutdownReason`), stable across runs and marked implicit. Three forms are read: the file
//! `{"qemu": <query-version>, "schema": [...]}`, the bare array, or the raw reply
//! `{"return": [...]}`. Every entry keeps its place in the file, so findings and generated docs
//! point at it; bad input (not JSON, a wrong shape, a type name that names nothing, a type that
//! contains itself) is one located error.
//!
//! ```
//! let text = r#"[{"name": "STOP", "meta-type": "event", "arg-type": "0"},
//!                {"name": "0", "meta-type": "object", "members": []}]"#;
//! let schema = qmpgen::introspect::read(text, "qemu.json").unwrap();
//! assert_eq!(schema.events[0].name, "STOP");
//! assert_eq!(schema.events[0].data, None);
//! ```

mod input;
mod lower;
mod names;

use crate::model::{Schema, Span};
use crate::qapi::report::Finding;

/// The code of an error in the JSON itself (not JSON, or not the shape of an answer).
pub const INVALID: &str = "introspection-invalid";
/// The code of a type name that names no entry.
pub const UNKNOWN_TYPE: &str = "introspection-unknown-type";
/// The code of a type that contains itself without an object between (an array of itself, an
/// alternate or union that is its own branch).
pub const CYCLE: &str = "introspection-cycle";

/// The answer in `text` (read from the file `file`) in the shared model, or the first error.
pub fn read(text: &str, file: &str) -> Result<Schema, Finding> {
    let locator = Locator::new(text);
    let input = input::read(text, &locator)?;
    lower::lower(input, &locator, file)
}

/// Byte offsets of the text turned into lines and columns.
pub(crate) struct Locator<'t> {
    text: &'t str,
    /// The offset of each line's first byte.
    line_starts: Vec<usize>,
}

impl<'t> Locator<'t> {
    fn new(text: &'t str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1));
        Locator { text, line_starts }
    }

    /// Where `part` (a slice of the text) starts in it.
    fn offset_of(&self, part: &str) -> usize {
        (part.as_ptr() as usize)
            .saturating_sub(self.text.as_ptr() as usize)
            .min(self.text.len())
    }

    /// The span of the byte at `offset` (1-based line, column in characters).
    fn span(&self, offset: usize) -> Span {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        let column = self.text[start..offset].chars().count() + 1;
        Span::new(line as u32, column as u32)
    }
}
