//! The document the verdicts come from: the one the bindings were built from, or one read when
//! the command starts (`--spec FILE`) or asked from the watched QEMU (`--spec live`), whose validators' tables are built then from the same
//! plan the build script writes as `static`s, so that it judges as bindings built from it would.

use std::path::Path;

use qmp_events::__private::validate as tables;
use qmp_events::client::{Client, ClientError};
use qmp_events::runtime::Count;
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
    /// The document in the file `path` (a `qmp-events.txt`, a QAPI schema or a QEMU's
    /// introspection). A document with errors is trouble: its diagnostics
    /// (`FILE:LINE:COL: error[code]: message` and the marked line).
    pub fn read(path: &Path) -> Result<Self, String> {
        let document = qmpgen::builder::read(path).map_err(|error| error.to_string())?;
        Ok(Document::Read {
            schema: qmpgen::tables::runtime_schema(&document.schema()),
            name: document.name,
        })
    }

    /// The schema the QEMU at the other end of `client` gives (`query-qmp-schema`), read as its
    /// introspection. A QEMU that refuses the query (one before 2.5 has none) or a schema that
    /// does not read is trouble, said as such.
    pub fn live(client: &mut Client) -> Result<Self, String> {
        let qemu = client.greeting().to_string();
        let schema = client.schema().map_err(|error| match error {
            ClientError::Command { .. } => format!(
                "{qemu} does not give its schema ({error}; QEMU answers query-qmp-schema since \
                 2.5): judge by a document instead, --spec FILE"
            ),
            error => format!("asking {qemu} for its schema: {error}"),
        })?;
        let document = qmpgen::builder::read_qemu(&schema)
            .map_err(|error| format!("the schema {qemu} gave does not read:\n{error}"))?;
        let model = document.schema();
        Ok(Document::Read {
            name: format!(
                "the schema {qemu} gave (query-qmp-schema, {})",
                Count::new(model.events.len(), "event")
            ),
            schema: qmpgen::tables::runtime_schema(&model),
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
