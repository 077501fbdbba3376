//! QEMU 7.2's introspection as the shared test data holds it (Debian's build, the one CI
//! installs), for comparing with what a live QEMU answers to `query-qmp-schema`.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The saved introspection of QEMU 7.2 (x86_64): `{"qemu": <version>, "schema": [...]}`.
pub fn saved() -> Value {
    let path = path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Asserts that the introspection JSON `text` (as `qmpgen schema --socket` writes it) is byte
/// for byte the saved file from the schema on (the version block before it names the Debian
/// build it came from): the same layout, QEMU's member order.
pub fn assert_same_schema_text(text: &str) {
    let from_schema = |text: &str| {
        let at = text.find("\n \"schema\": [\n").expect("the schema member");
        text[at..].to_owned()
    };
    let path = path();
    let saved = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    // Not assert_eq!: a difference would print 300 KB twice.
    assert!(
        from_schema(text) == from_schema(&saved),
        "the schema's text differs from {}",
        path.display()
    );
}

/// Where [`saved`] reads from.
fn path() -> PathBuf {
    // The workspace's root, from this package's directory or the generator's.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|dir| dir.join("tests/data/qapi-schemas").is_dir())
        .expect("the workspace's tests/data");
    root.join("tests/data/qapi-schemas/introspection/qemu-7.2-x86_64.json")
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
