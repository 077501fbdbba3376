//! What the integration tests read: the bundled spec and the 113 real versions of the document
//! in the repository's test data (`tests/data/qmp-events-history`).

#![allow(dead_code)] // Each test crate uses a part of this module.

use std::path::{Path, PathBuf};
use std::process::Output;

pub mod mutate;

/// The bundled spec's bytes.
pub fn bundled_spec() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/qmp-events.txt"))
        .expect("spec/qmp-events.txt is part of the repository")
}

/// The history folder (`tests/data/qmp-events-history` in the workspace root).
pub fn history_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/qmp-events-history")
}

/// Every history version as `(file name, bytes)`, in INDEX.tsv order (their names sort that way).
pub fn history_versions() -> Vec<(String, Vec<u8>)> {
    let dir = history_dir();
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error} (part of the repository)", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 113, "{} holds 113 versions", dir.display());
    files
        .into_iter()
        .map(|path| {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let bytes = std::fs::read(&path).expect("read a history version");
            (name, bytes)
        })
        .collect()
}

/// The history folder, checked to hold its `INDEX.tsv` (for tests that read the versions in
/// index order).
pub fn indexed_history_dir() -> PathBuf {
    let dir = history_dir();
    assert!(
        dir.join("INDEX.tsv").is_file(),
        "{} has its INDEX.tsv in the repository",
        dir.display()
    );
    dir
}

/// Runs `qmpgen ARGS` in `dir`, without colour, with `stdin` as its standard input.
pub fn qmpgen_in(dir: &Path, args: &[&str], stdin: &str) -> Output {
    assert_cmd::Command::cargo_bin("qmpgen")
        .expect("the binary")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .write_stdin(stdin)
        .output()
        .expect("qmpgen runs")
}

/// Runs `qmpgen ARGS` in the crate's folder, without colour, with nothing on standard input.
pub fn qmpgen(args: &[&str]) -> Output {
    qmpgen_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, "")
}

/// A temporary folder holding `files`, each `(name, text)`.
pub fn folder_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("written");
    }
    dir
}

/// Output bytes as text (lossy: a test's assertion shows what came).
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
