//! What the integration tests read: the bundled spec and the 113 real versions of the document
//! in the repository's test data (`tests/data/qmp-events-history`).

#![allow(dead_code)] // Each test crate uses a part of this module.

use std::path::{Path, PathBuf};
use std::process::Output;

use qmpgen::diff::{Change, ChangeKind};

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

/// Headings found by a plain scan, independent of the parser: a line followed by a line of dashes.
pub fn scanned_headings(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    lines
        .windows(2)
        .filter(|pair| {
            let under = pair[1].trim();
            under.len() >= 3 && under.chars().all(|c| c == '-') && !pair[0].trim().is_empty()
        })
        .flat_map(|pair| {
            let heading = pair[0].trim();
            let heading = heading
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .trim();
            heading
                .split(',')
                .map(|name| name.trim().to_owned())
                .collect::<Vec<_>>()
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

/// The QAPI material (`tests/data/qapi-schemas` in the workspace root).
pub fn qapi_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/qapi-schemas")
}

/// One row of `tests/data/qapi-schemas/INDEX.tsv`: a real schema.
#[derive(Debug, Clone)]
pub struct QapiSchema {
    /// Its main file, relative to [`qapi_dir`].
    pub file: String,
    /// The QEMU release it belongs to.
    pub qemu_release: String,
    /// How many files it spans.
    pub files: usize,
    /// The version of the text history that is the same commit, where the release still
    /// shipped the text (`same_commit_qmp_events_txt`).
    pub same_commit_text: Option<String>,
}

/// Every real QAPI schema of the test data, oldest first (INDEX.tsv).
pub fn qapi_schemas() -> Vec<QapiSchema> {
    let index = std::fs::read_to_string(qapi_dir().join("INDEX.tsv")).expect("INDEX.tsv");
    let mut lines = index.lines();
    let header: Vec<&str> = lines.next().expect("a header").split('\t').collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|column| *column == name)
            .expect(name)
    };
    let (file, release, files) = (column("file"), column("qemu_release"), column("files"));
    let same_commit = column("same_commit_qmp_events_txt");
    let schemas: Vec<QapiSchema> = lines
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            QapiSchema {
                file: cells[file].to_owned(),
                qemu_release: cells[release].to_owned(),
                files: cells[files].parse().expect("a count of files"),
                same_commit_text: Some(cells[same_commit].to_owned()).filter(|c| !c.is_empty()),
            }
        })
        .collect();
    assert_eq!(schemas.len(), 8, "INDEX.tsv lists 8 schemas");
    schemas
}

/// One case of QEMU's own parser test suite (`qapi-schema-tests/NAME.json`).
#[derive(Debug, Clone)]
pub struct SuiteCase {
    /// `NAME`.
    pub name: String,
    /// Its main file.
    pub path: PathBuf,
    /// Whether QEMU accepts it (`NAME.exit` is 0).
    pub accepted: bool,
    /// QEMU's message (`NAME.err`), its `tests/qapi-schema/` prefix replaced by the folder the
    /// test data is in, as `load` names files.
    pub err: String,
}

/// The cases of QEMU's test suite: every `NAME.json` with a `NAME.exit`.
pub fn qapi_suite() -> Vec<SuiteCase> {
    let dir = qapi_dir().join("qapi-schema-tests");
    let mut cases: Vec<SuiteCase> = std::fs::read_dir(&dir)
        .expect("the test suite")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "exit"))
        .map(|exit| {
            let read =
                |ext: &str| std::fs::read_to_string(exit.with_extension(ext)).unwrap_or_default();
            SuiteCase {
                name: exit
                    .file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                path: exit.with_extension("json"),
                accepted: read("exit").trim() == "0",
                err: read("err").replace("tests/qapi-schema/", &format!("{}/", dir.display())),
            }
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(cases.len() > 150, "{} cases", cases.len());
    cases
}

/// Each change as (kind, field, breaking): what a diff test asserts of it.
pub fn kinds(changes: &[Change]) -> Vec<(ChangeKind, Option<&str>, bool)> {
    changes
        .iter()
        .map(|change| (change.kind, change.field.as_deref(), change.breaking))
        .collect()
}
