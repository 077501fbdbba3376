//! Generates the bindings from `spec/qmp-events.txt` (or the file `$QMP_EVENTS_SPEC` names) into
//! `OUT_DIR/qmp_events.rs`, which `src/lib.rs` includes. A document with errors stops the build
//! with its diagnostics, not a panic.

fn main() {
    if let Err(error) = qmpgen::Builder::new()
        .spec("spec/qmp-events.txt")
        .generate()
    {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
