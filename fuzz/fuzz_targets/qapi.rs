//! A QAPI schema held in memory: the input split at its NUL bytes into a main file and up to
//! three more (`a.json`, `b.json`, `sub/c.json`, which the main file and each other may include,
//! in loops too). Loading and reading every doc block (`qapi::doc::read_program`) never panic;
//! every finding of either names a file that was read and a line and column inside it; the
//! findings render (with their chains of includes); and a schema that loads without an error
//! loads again to the same program.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qmp_events_fuzz::{assert_schema_located, load_schema, schema_files};
use qmpgen::qapi::doc::read_program;

fuzz_target!(|data: &[u8]| {
    let loaded = load_schema(&mut schema_files(data));
    let doc_findings: Vec<_> = read_program(&loaded.program)
        .into_iter()
        .flat_map(|doc| doc.findings)
        .collect();
    assert_schema_located(&loaded, &doc_findings);
    if loaded.error.is_none() {
        assert_eq!(load_schema(&mut schema_files(data)), loaded);
    }
});
