//! Generates a module for every version of the document in the repository's test data
//! (`tests/data/qmp-events-history`): `OUT_DIR/v001.rs`, … and `OUT_DIR/versions.rs`, which
//! declares them side by side and lists them in [`VERSIONS`].

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use qmpgen::builder::write_if_different;
use qmpgen::codegen::{DocRef, generate};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by Cargo"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by Cargo"));
    // The workspace root is `conformance/..`.
    let history = root.join("../tests/data/qmp-events-history");
    println!("cargo:rerun-if-changed={}", history.display());
    println!("cargo:rerun-if-changed=build.rs");

    let files = versions(&history);
    if files.is_empty() {
        fail(&format!(
            "{}: no version of the document",
            history.display()
        ));
    }
    let mut modules = String::new();
    let mut table = String::new();
    for (index, path) in files.iter().enumerate() {
        let file = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let module = module_name(&file, index);
        let bytes = std::fs::read(path)
            .unwrap_or_else(|error| fail(&format!("{}: {error}", path.display())));
        let spec = qmpgen::text::parse::parse_bytes(&bytes).spec;
        let code = generate(
            &qmpgen::text::lower::lower(&spec, &file),
            &DocRef::new(file.as_str()),
        );
        write_or_fail(&out.join(format!("{module}.rs")), &code);
        let _ = writeln!(
            modules,
            "/// The bindings generated from `{file}`.\n\
             pub mod {module} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{module}.rs\")); }}"
        );
        let _ = writeln!(
            table,
            "    Version {{ file: {file:?}, validate: {module}::validate, \
             validate_value: {module}::validate_value, read: read::<{module}::Message>, \
             reread: reread::<{module}::Message> }},"
        );
    }
    let versions = format!(
        "{modules}\n/// Every version of the document, oldest first.\n\
         pub const VERSIONS: &[Version] = &[\n{table}];\n"
    );
    write_or_fail(&out.join("versions.rs"), &versions);
}

/// The documents in `history`, sorted by name (their names start with their number).
fn versions(history: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(history)
        .unwrap_or_else(|error| fail(&format!("{}: {error}", history.display())));
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    files
}

/// `v017` for `017_2011-…txt`; `v_<index>` for a name without a leading number.
fn module_name(file: &str, index: usize) -> String {
    let digits: String = file.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        format!("v_{index:03}")
    } else {
        format!("v{digits}")
    }
}

/// Writes `contents` unless the file holds them already (so that nothing rebuilds for nothing),
/// or fails the build.
fn write_or_fail(path: &Path, contents: &str) {
    write_if_different(path, contents)
        .unwrap_or_else(|error| fail(&format!("{}: {error}", path.display())));
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}
