//! `qmpgen schema --socket PATH` / `--tcp HOST:PORT`: ask a running QEMU for its own schema
//! (`query-qmp-schema`) and save it as introspection JSON, the wrapper
//! `{"qemu": <version>, "schema": [...]}` that every qmpgen command reads.

use std::path::Path;
use std::process::ExitCode;

use qmp_events_runtime::client::{Address, Client};
use serde_json::Value;

use super::super::input::{Trouble, display_name, is_stdio};

/// Connects to `address`, asks the schema and writes the wrapper to `output` (standard output
/// when `None` or `-`). The schema and the version are written as QEMU sent them.
pub fn save(address: Address, output: Option<&Path>) -> Result<ExitCode, Trouble> {
    // Events are not read here; `Value` is the client's message type that needs no document.
    let mut client = Client::<Value>::connect(address.clone()).map_err(Trouble::Qmp)?;
    let schema = client.schema().map_err(Trouble::Qmp)?;
    match output {
        Some(path) if !is_stdio(path) => {
            std::fs::write(path, schema.to_json())
                .map_err(|error| Trouble::Output(format!("{}: {error}", display_name(path))))?;
            anstream::eprintln!(
                "{}: the schema of {} from {address}",
                display_name(path),
                schema.greeting
            );
        }
        _ => anstream::print!("{}", schema.to_json()),
    }
    Ok(ExitCode::SUCCESS)
}
