//! Test-only: the bindings generated from every version of `qmp-events.txt` in the repository's
//! test data (`tests/data/qmp-events-history`) and from every QAPI schema there
//! (`tests/data/qapi-schemas`, QEMU 2.1 to 9.1), compiled side by side as modules `v001` …
//! `v113` and `qapi01` … `qapi08` of this one crate, with every QEMU's introspection there
//! (`introspection/*.json`: `introspection1` …), which depends on nothing but `qmp-events`. The
//! tests read every example of every version through its own validators and types.
//!
//! The build script generates the modules into `OUT_DIR`.
#![deny(missing_docs)]

use qmp_events::__private::serde::{Serialize, de::DeserializeOwned};
use qmp_events::__private::serde_json::{self, Value};
use qmp_events::{Mode, Report};

/// One version of the document, as its generated bindings see messages.
#[derive(Debug, Clone, Copy)]
pub struct Version {
    /// The document's file name in the history (`017_2011-05-03_….txt`), or a QAPI schema's
    /// main file in `tests/data/qapi-schemas` (`qemu-2.1/qapi-schema.json`).
    pub file: &'static str,
    /// Its `validate`.
    pub validate: fn(&str, Mode) -> Report,
    /// Its `validate_value`.
    pub validate_value: fn(&Value, Mode) -> Report,
    /// Reads a message as its typed `Message` (with serde_json) and writes that back as a value.
    pub read: fn(&str) -> Result<Value, String>,
    /// Reads a value as its typed `Message` and writes that back as a value.
    pub reread: fn(&Value) -> Result<Value, String>,
    /// Reads a message as its typed `Message`: whether its event is one the document lists
    /// (not `Event::Unknown`).
    pub documented: fn(&str) -> Result<bool, String>,
}

fn read<M: DeserializeOwned + Serialize>(text: &str) -> Result<Value, String> {
    let message: M = serde_json::from_str(text).map_err(|error| error.to_string())?;
    serde_json::to_value(&message).map_err(|error| error.to_string())
}

fn documented<M: DeserializeOwned>(
    text: &str,
    is_documented: fn(M) -> bool,
) -> Result<bool, String> {
    let message: M = serde_json::from_str(text).map_err(|error| error.to_string())?;
    Ok(is_documented(message))
}

fn reread<M: DeserializeOwned + Serialize>(value: &Value) -> Result<Value, String> {
    let message = M::deserialize(value).map_err(|error| error.to_string())?;
    serde_json::to_value(&message).map_err(|error| error.to_string())
}

/// What the generated validators of `version` find in `message` in strict mode, as sorted
/// `(path, kind)` pairs.
pub fn generated_violations(version: &Version, message: &Value) -> Vec<(String, String)> {
    report_pairs(&(version.validate_value)(message, Mode::Strict))
}

/// The `(path, kind)` pairs of a report, sorted and without repeats.
pub fn report_pairs(report: &Report) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = report
        .violations
        .iter()
        .map(|violation| (violation.path.clone(), violation.kind.as_str().to_owned()))
        .collect();
    pairs.sort();
    pairs.dedup();
    pairs
}

include!(concat!(env!("OUT_DIR"), "/versions.rs"));
