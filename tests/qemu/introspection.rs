//! QEMU 7.2's introspection as the shared test data holds it (Debian's build, the one CI
//! installs), for comparing with what a live QEMU answers to `query-qmp-schema`.

use std::path::Path;

use serde_json::Value;

/// The saved introspection of QEMU 7.2 (x86_64): `{"qemu": <version>, "schema": [...]}`.
pub fn saved() -> Value {
    // The workspace's root, from this package's directory or the generator's.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|dir| dir.join("tests/data/qapi-schemas").is_dir())
        .expect("the workspace's tests/data");
    let path = root.join("tests/data/qapi-schemas/introspection/qemu-7.2-x86_64.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The names of the events a schema (`query-qmp-schema`'s return) lists, in its order.
pub fn event_names(schema: &Value) -> Vec<&str> {
    schema
        .as_array()
        .expect("the schema is an array")
        .iter()
        .filter(|entity| entity["meta-type"] == "event")
        .map(|entity| entity["name"].as_str().expect("an event has a name"))
        .collect()
}
