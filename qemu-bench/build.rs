//! Generates QEMU 7.2's bindings with `qmpgen::Builder`, the way a crate wanting the events of
//! its QEMU does: from the QEMU's introspection (`OUT_DIR/introspection.rs`) and from its QAPI
//! source (`OUT_DIR/qapi.rs`, the schema qapi-qmp 0.11 was generated from).

fn main() {
    let documents = [
        (
            "../tests/data/qapi-schemas/introspection/qemu-7.2-x86_64.json",
            "introspection.rs",
        ),
        (
            "../tests/data/qapi-schemas/qapi-qmp-0.11.0/qapi/qapi-schema.json",
            "qapi.rs",
        ),
    ];
    for (spec, file_name) in documents {
        if let Err(error) = qmpgen::Builder::new()
            .spec(spec)
            .file_name(file_name)
            // The generated code names the documents as the workspace does (`tests/data/…`).
            .crate_root("..")
            .spec_env(false)
            .generate()
        {
            eprintln!("{error}");
            std::process::exit(1);
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
