//! The introspections the shared test data holds of the QEMUs the tests drive (Debian's builds:
//! the 7.2 CI installs, the 10.0 it unpacks), for comparing with what a live QEMU answers to
//! `query-qmp-schema`.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The saved introspections: the QEMU (major, minor), the file in
/// `tests/data/qapi-schemas/introspection/`, and how many events it lists.
const SAVED: &[((u32, u32), &str, usize)] = &[
    ((7, 2), "qemu-7.2-x86_64.json", 52),
    ((10, 0), "qemu-10.0-x86_64.json", 55),
];

/// A saved introspection: `{"qemu": <version>, "schema": [...]}`.
pub struct Saved {
    /// The file.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// Its JSON.
    pub json: Value,
    /// How many events its schema lists.
    pub events: usize,
}

/// The saved introspection of QEMU `version` (major, minor), x86_64.
pub fn saved(version: (u32, u32)) -> Saved {
    let &(_, file, events) = SAVED
        .iter()
        .find(|(saved, _, _)| *saved == version)
        .unwrap_or_else(|| panic!("no saved introspection of QEMU {version:?} (x86_64)"));
    // The workspace's root, from this package's directory or the generator's.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|dir| dir.join("tests/data/qapi-schemas").is_dir())
        .expect("the workspace's tests/data");
    let path = root
        .join("tests/data/qapi-schemas/introspection")
        .join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let json =
        serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    Saved {
        path,
        text,
        json,
        events,
    }
}

impl Saved {
    /// Asserts that the introspection JSON `text` (as `qmpgen schema --socket` writes it) is
    /// byte for byte this file from the schema on (the version block before it names the Debian
    /// build it came from): the same layout, QEMU's member order.
    pub fn assert_same_schema_text(&self, text: &str) {
        let from_schema = |text: &str| {
            let at = text.find("\n \"schema\": [\n").expect("the schema member");
            text[at..].to_owned()
        };
        // Not assert_eq!: a difference would print 300 KB twice.
        assert!(
            from_schema(text) == from_schema(&self.text),
            "the schema's text differs from {}",
            self.path.display()
        );
    }
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
