//! `generated/qmp_events.rs` is exactly what `qmpgen generate spec/qmp-events.txt --history
//! tests/data/qmp-events-history` prints (what the build script generates in the repository), so
//! that a change to the document shows up as a reviewable diff of the API. This test fails when
//! the file is stale, and rewrites it when run with `UPDATE_GENERATED=1`.

use std::path::Path;

use qmpgen::codegen::{DocRef, generate};
use qmpgen::text::lower::lower;

const SPEC: &str = "spec/qmp-events.txt";
const GENERATED: &str = "generated/qmp_events.rs";
const HISTORY: &str = "tests/data/qmp-events-history";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What `qmpgen generate spec/qmp-events.txt` prints when run from the crate root.
fn expected() -> String {
    let bytes = std::fs::read(root().join(SPEC)).expect("spec/qmp-events.txt is in the repository");
    let parsed = qmpgen::text::parse::parse_bytes(&bytes);
    assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
    let mut schema = lower(&parsed.spec, SPEC);
    qmpgen::builder::read_history(&root().join(HISTORY), |_| {})
        .expect("the history is in the repository")
        .fill(&mut schema);
    generate(&schema, &DocRef::new(SPEC))
}

#[test]
fn generated_code_is_fresh() {
    let expected = expected();
    let path = root().join(GENERATED);
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    if actual == expected {
        return;
    }
    if std::env::var_os("UPDATE_GENERATED").is_some_and(|value| value == "1") {
        std::fs::write(&path, &expected).expect("generated/qmp_events.rs is writable");
        eprintln!("rewrote {GENERATED}");
        return;
    }
    panic!(
        "{GENERATED} is stale: it is not what `qmpgen generate {SPEC} --history {HISTORY}` prints.\n\
         Run `UPDATE_GENERATED=1 cargo test --test generated_fresh` to rewrite it, and review \
         the diff."
    );
}

#[test]
fn the_build_script_generates_the_same_code() {
    if std::env::var_os("QMP_EVENTS_SPEC").is_some() {
        eprintln!("QMP_EVENTS_SPEC is set: the build used another document; nothing to compare");
        return;
    }
    let built = include_str!(concat!(env!("OUT_DIR"), "/qmp_events.rs"));
    assert!(
        built == expected(),
        "the build script's output differs from {GENERATED}"
    );
}

/// Every item of `code` with its rustdoc lines (attributes between them, on one line or
/// several, skipped).
fn documented_items(code: &str) -> Vec<(&str, Vec<&str>)> {
    let mut items = Vec::new();
    let mut doc = Vec::new();
    let mut in_attribute = false;
    for line in code.lines().map(str::trim) {
        if in_attribute || line.starts_with("#[") {
            in_attribute = !line.ends_with(']');
        } else if line.starts_with("///") {
            doc.push(line);
        } else if !doc.is_empty() {
            items.push((line, std::mem::take(&mut doc)));
        }
    }
    items
}

#[test]
fn the_bundled_bindings_say_since_when() {
    let generated = std::fs::read_to_string(root().join(GENERATED)).unwrap();
    let items = documented_items(&generated);
    let since = |item: &str| -> Option<String> {
        let (_, doc) = items.iter().find(|(line, _)| *line == item)?;
        doc.iter()
            .find_map(|line| line.strip_prefix("/// Since QEMU "))
            .map(str::to_owned)
    };
    // The events, from the first version of the text that documents each.
    for (item, release) in [
        ("pub struct Shutdown {}", "0.12."),
        ("pub struct Resume {}", "0.13."),
        ("pub struct BlockIoError {", "0.13."),
        ("pub struct SpiceConnected {", "0.14."),
        ("pub struct DeviceTrayMoved {", "1.1."),
        ("pub struct BlockJobCompleted {", "1.1."),
    ] {
        assert_eq!(since(item).as_deref(), Some(release), "{item}");
    }
    // Every event variant, member, enum value and type of the bindings says since when: the
    // schema's items, not the code's own helpers (`as_str`, `VALUES`, `Other`, the `Event` enum
    // and `Message`).
    let schema_items: Vec<&(&str, Vec<&str>)> = items
        .iter()
        .filter(|(line, _)| {
            let member = line.starts_with("pub ")
                && line.contains(": ")
                && !line.starts_with("pub fn")
                && !line.starts_with("pub const")
                && ![
                    "pub event: Event,",
                    "pub timestamp: ::qmp_events::Timestamp,",
                ]
                .contains(line);
            let ty = (line.starts_with("pub struct") || line.starts_with("pub enum"))
                && !["pub enum Event {", "pub struct Message {"].contains(line);
            let value = line.ends_with(',')
                && line.starts_with(|c: char| c.is_ascii_uppercase())
                && (!line.contains('(') || line.contains("(Box<"));
            member || ty || value
        })
        .collect();
    assert!(schema_items.len() > 90, "{}", schema_items.len());
    for (line, doc) in schema_items {
        assert!(
            doc.iter().any(|doc| doc.starts_with("/// Since QEMU ")),
            "{line}: {doc:#?}"
        );
    }
}
