//! Generates the bindings from `spec/qmp-events.txt` (or the file `$QMP_EVENTS_SPEC` names) into
//! `OUT_DIR/qmp_events.rs`, which `src/lib.rs` includes. A document with errors stops the build
//! with its diagnostics, not a panic.

fn main() {
    let builder = qmpgen::Builder::new().spec("spec/qmp-events.txt");
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
