//! What the integration tests read: the bundled spec and, where ../shared is beside the checkout,
//! the 113 real versions of the document.

#![allow(dead_code)] // Each test crate uses a part of this module.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod mutate;

/// The bundled spec's bytes.
pub fn bundled_spec() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/qmp-events.txt"))
        .expect("spec/qmp-events.txt is part of the repository")
}

/// The history folder (`../shared/qmp-events-history` beside the workspace root).
pub fn history_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/qmp-events-history")
}

/// Every history version as `(file name, bytes)`, in INDEX.tsv order (their names sort that way),
/// or `None` after printing a notice where the folder is absent.
pub fn history_versions() -> Option<Vec<(String, Vec<u8>)>> {
    let dir = history_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!(
            "skipped: {} is absent (../shared is not beside the checkout)",
            dir.display()
        );
        return None;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    let versions = files
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
        .collect();
    Some(versions)
}

/// The history folder when it holds its `INDEX.tsv` (for tests that read the versions in index
/// order), or `None` after printing a notice.
pub fn indexed_history_dir() -> Option<PathBuf> {
    let dir = history_dir();
    if dir.join("INDEX.tsv").is_file() {
        Some(dir)
    } else {
        println!(
            "skipped: {} has no INDEX.tsv (../shared is not beside the checkout)",
            dir.display()
        );
        None
    }
}

/// Runs the `qmpgen` binary with `args`, without colours.
pub fn qmpgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qmpgen"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run qmpgen")
}
