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
        write_module(&file, &module, &code, &out, &mut modules, &mut table);
    }
    let qapi = qapi_schemas(&root.join("../tests/data/qapi-schemas"), &out, &mut modules);
    let introspections = introspections(
        &root.join("../tests/data/qapi-schemas/introspection"),
        &out,
        &mut modules,
    );
    let versions = format!(
        "{modules}\n/// Every version of the document, oldest first.\n\
         pub const VERSIONS: &[Version] = &[\n{table}];\n\n\
         /// Every QAPI schema of the test data, oldest first (its `INDEX.tsv`).\n\
         pub const QAPI_SCHEMAS: &[Version] = &[\n{qapi}];\n\n\
         /// Every QEMU's introspection of the test data (`introspection/*.json`), by name.\n\
         pub const INTROSPECTIONS: &[Version] = &[\n{introspections}];\n"
    );
    write_or_fail(&out.join("versions.rs"), &versions);
}

/// Generates the bindings of every QAPI schema that `folder`'s `INDEX.tsv` lists (its `n` and
/// `file` columns) as modules `qapi01`, …; gives their rows of `QAPI_SCHEMAS`.
fn qapi_schemas(folder: &Path, out: &Path, modules: &mut String) -> String {
    println!("cargo:rerun-if-changed={}", folder.display());
    let index_path = folder.join("INDEX.tsv");
    let index = std::fs::read_to_string(&index_path)
        .unwrap_or_else(|error| fail(&format!("{}: {error}", index_path.display())));
    let mut lines = index.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|column| *column == name)
            .unwrap_or_else(|| fail(&format!("{}: no column {name}", index_path.display())))
    };
    let (number, file_column) = (column("n"), column("file"));
    let mut table = String::new();
    for line in lines.filter(|line| !line.trim().is_empty()) {
        let cells: Vec<&str> = line.split('\t').collect();
        let (Some(n), Some(file)) = (cells.get(number), cells.get(file_column)) else {
            fail(&format!("{}: a short row: {line}", index_path.display()));
        };
        let module = format!("qapi{n}");
        generate_module(&folder.join(file), file, &module, out, modules, &mut table);
    }
    table
}

/// Generates the bindings of every QEMU introspection in `folder` (sorted by name) as modules
/// `introspection1`, …; gives their rows of `INTROSPECTIONS` (named `introspection/FILE`).
fn introspections(folder: &Path, out: &Path, modules: &mut String) -> String {
    println!("cargo:rerun-if-changed={}", folder.display());
    let entries = std::fs::read_dir(folder)
        .unwrap_or_else(|error| fail(&format!("{}: {error}", folder.display())));
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    let mut table = String::new();
    for (index, path) in files.iter().enumerate() {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let file = format!("introspection/{name}");
        let module = format!("introspection{}", index + 1);
        generate_module(path, &file, &module, out, modules, &mut table);
    }
    table
}

/// Generates the bindings of the document at `path` (named `file`) as module `module`, declared
/// in `modules`, with its row of a table of [`Version`]s in `table`; fails the build if the
/// document has errors.
fn generate_module(
    path: &Path,
    file: &str,
    module: &str,
    out: &Path,
    modules: &mut String,
    table: &mut String,
) {
    let document = qmpgen::document::Document::read(path)
        .unwrap_or_else(|error| fail(&format!("{file}: {error}")));
    if document.has_errors() {
        fail(&document.render(&document.findings(), false));
    }
    let code = generate(&document.schema_named(file), &DocRef::new(file));
    write_module(file, module, &code, out, modules, table);
}

/// Writes the bindings `code` of the document `file` as module `module`, declared in `modules`,
/// with its row of a table of [`Version`]s in `table`.
fn write_module(
    file: &str,
    module: &str,
    code: &str,
    out: &Path,
    modules: &mut String,
    table: &mut String,
) {
    write_or_fail(&out.join(format!("{module}.rs")), code);
    let _ = writeln!(
        modules,
        "/// The bindings generated from `{file}`.\n\
         pub mod {module} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{module}.rs\")); }}"
    );
    let _ = writeln!(
        table,
        "    Version {{ file: {file:?}, validate: {module}::validate, \
         validate_value: {module}::validate_value, read: read::<{module}::Message>, \
         reread: reread::<{module}::Message>, \
         documented: |text| documented(text, |message: {module}::Message| message.event.is_documented()) }},"
    );
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
