//! What `query-qmp-schema` answers, with the QEMU that answered: the protocol of the QEMU at the
//! other end, every event, command and type as that build has them.

use std::io::{self, Write};

use serde::Deserialize;
use serde_json::value::RawValue;

use super::greeting::Greeting;
use crate::raw_json::RawJson;

/// The command whose answer describes the server's whole protocol.
pub(crate) const QUERY: &str = "query-qmp-schema";

/// A live QEMU's schema: its greeting's version and its answer to `query-qmp-schema`, both as
/// the text QEMU sent (member order included).
///
/// [`QemuSchema::write_json`] saves it as `{"qemu": <version>, "schema": [...]}`, the file that
/// `qmpgen` reads as introspection JSON.
///
/// ```no_run
/// use qmp_events_runtime::client::Client;
///
/// let mut qmp = Client::<serde_json::Value>::unix("/tmp/qmp.sock")?;
/// let schema = qmp.schema()?;
/// println!("{}: {} bytes", schema.greeting, schema.schema.as_str().len());
/// schema.write_json(std::fs::File::create("qemu.json")?)?;
/// let events = schema.schema.parse::<Vec<serde_json::Value>>()?;
/// println!("{} entities", events.len());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct QemuSchema {
    /// The greeting of the QEMU that answered (version, package).
    pub greeting: Greeting,
    /// The greeting's `version` object, `{"qemu": {"major": …, …}, "package": …}`; `null` when
    /// the greeting has none.
    pub version: RawJson,
    /// The `return` value of `query-qmp-schema`: an array of entities (`meta-type` `event`,
    /// `command`, `object`, `enum`, …) with masked type names.
    pub schema: RawJson,
}

impl QemuSchema {
    /// The schema `schema` (the raw `return` of the query) of the server that sent `greeting`.
    pub(crate) fn new(greeting: Greeting, schema: RawJson) -> QemuSchema {
        let version = greeting_version(&greeting.line);
        QemuSchema {
            greeting,
            version,
            schema,
        }
    }

    /// Writes `{"qemu": <version>, "schema": <schema>}` and a newline, indented by one space
    /// a level ([`RawJson::indented`]: the form of the saved introspection files); strings,
    /// numbers and member order are as QEMU sent them.
    pub fn write_json(&self, mut out: impl Write) -> io::Result<()> {
        let wrapper = format!(
            r#"{{"qemu": {}, "schema": {}}}"#,
            self.version.as_str(),
            self.schema.as_str()
        );
        let wrapper = RawValue::from_string(wrapper)
            .map(RawJson::from)
            .map_err(io::Error::other)?;
        writeln!(out, "{}", wrapper.indented(1))
    }

    /// The wrapper [`QemuSchema::write_json`] writes, as a string.
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        self.write_json(&mut out)
            .expect("writing to a Vec does not fail");
        String::from_utf8(out).expect("JSON text from serde_json is UTF-8")
    }
}

/// The `version` object of a greeting line, as sent; `null` when there is none.
fn greeting_version(line: &str) -> RawJson {
    #[derive(Deserialize)]
    struct Wire<'line> {
        #[serde(rename = "QMP", borrow)]
        qmp: Body<'line>,
    }
    #[derive(Deserialize)]
    struct Body<'line> {
        #[serde(borrow, default)]
        version: Option<&'line RawValue>,
    }
    serde_json::from_str::<Wire<'_>>(line)
        .ok()
        .and_then(|wire| wire.qmp.version)
        .map_or_else(
            || RawJson::from(serde_json::Value::Null),
            |version| RawJson::from(version.to_owned()),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wrapper_keeps_the_version_and_the_schema_as_sent() {
        let line = r#"{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "Debian"}, "capabilities": []}}"#;
        let greeting = Greeting::parse(line).unwrap();
        let schema: RawJson =
            serde_json::from_str(r#"[{"name": "STOP", "meta-type": "event", "arg-type": "0"}]"#)
                .unwrap();
        let wrapped = QemuSchema::new(greeting, schema).to_json();
        let expected = r#"{
 "qemu": {
  "qemu": {
   "micro": 22,
   "minor": 2,
   "major": 7
  },
  "package": "Debian"
 },
 "schema": [
  {
   "name": "STOP",
   "meta-type": "event",
   "arg-type": "0"
  }
 ]
}
"#;
        assert_eq!(wrapped, expected);
    }

    #[test]
    fn a_greeting_without_a_version_gives_null() {
        let greeting = Greeting::parse(r#"{"QMP": {"capabilities": []}}"#).unwrap();
        let wrapped = QemuSchema::new(greeting, RawJson::from(serde_json::json!([]))).to_json();
        assert_eq!(wrapped, "{\n \"qemu\": null,\n \"schema\": []\n}\n");
    }
}
