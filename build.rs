//! Generates the bindings from `spec/qmp-events.txt` (or the file `$QMP_EVENTS_SPEC` names) into
//! `OUT_DIR/qmp_events.rs`, which `src/lib.rs` includes. A document with errors stops the build
//! with its diagnostics, not a panic.

use std::path::Path;

/// The text's history in the repository: every item's "Since QEMU X.Y" comes from the first
/// version that documents it. It is QEMU's own text (GPL-2.0-or-later), test data that no crate
/// ships, so a packaged crate builds without it (its rustdoc then says since when only where the
/// document does; `generated/qmp_events.rs`, shipped, shows the repository's build).
const HISTORY: &str = "tests/data/qmp-events-history";

fn main() {
    let mut builder = qmpgen::Builder::new().spec("spec/qmp-events.txt");
    if Path::new(HISTORY).join("INDEX.tsv").is_file() {
        builder = builder.history(HISTORY);
    }
    // The document the bindings judge by, as the generated code names it: `qmp-events
    // --version` and `watch`'s banner say it.
    let root = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default();
    let document = qmpgen::codegen::DocRef::for_path(&builder.spec_path(), root.as_ref());
    println!("cargo:rustc-env=QMP_EVENTS_DOCUMENT={}", document.file());
    if let Err(error) = builder.generate() {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
