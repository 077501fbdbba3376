//! The document the verdicts come from: the one the bindings were built from, or one read when
//! the command starts (`--spec FILE`), whose validators' tables are built then from the same
//! plan the build script writes as `static`s, so that it judges as bindings built from it would.

use std::path::Path;

use qmp_events::__private::validate as tables;
use qmp_events::{Mode, Report};

/// The document the bindings were built from, as the generated code names it.
pub const BUNDLED: &str = env!("QMP_EVENTS_DOCUMENT");

/// `--version`: the version, and the document the verdicts come from by default.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (judges by ",
    env!("QMP_EVENTS_DOCUMENT"),
    ", built in; --spec FILE judges by another)"
);

/// What messages are judged by.
pub enum Document {
    /// The document the bindings were built from.
    Bundled,
    /// A document read at run time.
    Read {
        /// Its path, as given.
        name: String,
        /// Its validators' tables.
        schema: tables::Schema,
    },
}

impl Document {
    /// The document `spec` names (a `qmp-events.txt`, a QAPI schema or a QEMU's
    /// introspection), or the built-in one. A document with errors is trouble: its diagnostics
    /// (`FILE:LINE:COL: error[code]: message` and the marked line).
    pub fn open(spec: Option<&Path>) -> Result<Self, String> {
        let Some(path) = spec else {
            return Ok(Document::Bundled);
        };
        let document = qmpgen::builder::read(path).map_err(|error| error.to_string())?;
        Ok(Document::Read {
            schema: qmpgen::tables::runtime_schema(&document.schema()),
            name: document.name,
        })
    }

    /// How the banner names it.
    pub fn name(&self) -> String {
        match self {
            Document::Bundled => format!("{BUNDLED} (built in)"),
            Document::Read { name, .. } => name.clone(),
        }
    }

    /// Validates one message.
    pub fn validate(&self, line: &[u8], mode: Mode) -> Report {
        match self {
            Document::Bundled => qmp_events::validate_bytes(line, mode),
            Document::Read { schema, .. } => tables::validate_bytes(schema, line, mode),
        }
    }
}
