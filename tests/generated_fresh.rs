//! `generated/qmp_events.rs` is exactly what `qmpgen generate spec/qmp-events.txt` prints, so
//! that a change to the document shows up as a reviewable diff of the API. This test fails when
//! the file is stale, and rewrites it when run with `UPDATE_GENERATED=1`.

use std::path::Path;

use qmpgen::codegen::{DocRef, generate};
use qmpgen::text::lower::lower;

const SPEC: &str = "spec/qmp-events.txt";
const GENERATED: &str = "generated/qmp_events.rs";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What `qmpgen generate spec/qmp-events.txt` prints when run from the crate root.
fn expected() -> String {
    let bytes = std::fs::read(root().join(SPEC)).expect("spec/qmp-events.txt is in the repository");
    let parsed = qmpgen::text::parse::parse_bytes(&bytes);
    assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
    generate(&lower(&parsed.spec, SPEC), &DocRef::new(SPEC))
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
        "{GENERATED} is stale: it is not what `qmpgen generate {SPEC}` prints.\n\
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
