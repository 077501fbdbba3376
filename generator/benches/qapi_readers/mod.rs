//! The two QAPI schema readers the `qapi_load` bench and the `qapi_load` example compare, on the
//! same files held in memory:
//!
//! - **ours**: `qmpgen::qapi::load::load_from` with a `HashMap<PathBuf, Vec<u8>>`: every file
//!   lexed and parsed into the lossless tree (every expression, key, value and doc comment line
//!   with its file, line and column), includes followed relative to the includer, each file once;
//! - **qapi-parser** (qapi-rs's reader, the crate qapi-qmp's bindings are generated with): each
//!   file through `Parser::strip_comments` (which drops every comment line, doc comments
//!   included, and turns `'` into `"`) and `Parser::from_string` (serde_json into its `Spec`, no
//!   positions), its includes followed through its `QemuRepo` trait, implemented here on the same
//!   map. Its own driver (the crate's tests) reads a file again at each include of it; this one
//!   skips a file read before, as QEMU and ours do, so that both sides read the same 42 files once.
#![allow(dead_code)] // Each of the bench and the example uses its part.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};

use qapi_parser::spec::Spec;
use qapi_parser::{Parser, QemuRepo, QemuRepoContext};
use qmpgen::qapi::ast::Item;
use qmpgen::qapi::load::{Loaded, load_from, normalize};

/// The folder of the shared QAPI schemas (`tests/data/qapi-schemas`), absolute and normalized.
pub fn schemas_dir() -> PathBuf {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/qapi-schemas"
    ))
    .canonicalize()
    .expect("tests/data/qapi-schemas is part of the repository")
}

/// The QEMU 9.1 schema's main file (qapi-qmp 0.15.0's copy: 42 files).
pub fn qemu_9_1() -> PathBuf {
    schemas_dir().join("qapi-qmp-0.15.0/qapi/qapi-schema.json")
}

/// Every `.json` file under the main file's folder, by absolute path: what both readers get.
pub fn files_of(main: &Path) -> HashMap<PathBuf, Vec<u8>> {
    let mut files = HashMap::new();
    let mut folders = vec![main.parent().expect("a main file in a folder").to_owned()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a schema folder") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "json") {
                let bytes = std::fs::read(&path).expect("a schema file");
                files.insert(path, bytes);
            }
        }
    }
    files
}

/// Ours, from memory (`Files` for a map copies each file's bytes out, as qapi-parser's side
/// copies each file's text).
pub fn ours(main: &Path, files: &mut HashMap<PathBuf, Vec<u8>>) -> Loaded {
    load_from(main, files)
}

/// What ours read: files, expressions, doc blocks (attached and free), doc lines, and the error.
pub fn our_counts(loaded: &Loaded) -> String {
    let program = &loaded.program;
    let mut expressions = 0;
    let mut blocks = 0;
    let mut lines = 0;
    for item in &program.items {
        let doc = match item {
            Item::Expression(expression) => {
                expressions += 1;
                expression.doc.as_ref()
            }
            Item::FreeDoc(doc) => Some(doc),
        };
        if let Some(doc) = doc {
            blocks += 1;
            lines += doc.lines.len();
        }
    }
    let error = loaded.error.as_ref().map_or(String::new(), |error| {
        format!(
            ", error: {}",
            qmpgen::qapi::report::headline(&program.files, error)
        )
    });
    format!(
        "{} files, {expressions} expressions (includes and pragmas among them), {blocks} doc blocks, {lines} doc lines{error}",
        program.files.len()
    )
}

/// qapi-parser's reading of a schema: its definitions (includes followed, not kept), and how
/// many files it read.
#[derive(Debug, Default)]
pub struct PeerRead {
    pub specs: Vec<Spec>,
    pub files: usize,
}

/// qapi-parser, from `files` (memory) or, without them, from disk: the schema's definitions, or
/// the first error (serde_json's words; the line and column it names are those of the
/// comment-stripped text, not of the file).
pub fn peer(main: &Path, files: Option<&HashMap<PathBuf, Vec<u8>>>) -> Result<PeerRead, String> {
    let mut repo = Repo {
        files,
        context: vec![main.parent().expect("a main file in a folder").to_owned()],
        seen: HashSet::new(),
    };
    let mut read = PeerRead::default();
    let name = main.file_name().expect("a file name");
    peer_include(&mut repo, Path::new(name), &mut read)?;
    Ok(read)
}

fn peer_include<R: QemuRepo<Error = io::Error> + Seen>(
    repo: &mut R,
    include: &Path,
    read: &mut PeerRead,
) -> Result<(), String> {
    let path = normalize(&repo.context().join(include));
    let (mut context, text) = repo
        .include(include)
        .map_err(|error| format!("{}: {error}", path.display()))?;
    read.files += 1;
    for spec in Parser::from_string(Parser::strip_comments(&text)) {
        match spec.map_err(|error| format!("{}: {error}", path.display()))? {
            Spec::Include(next) => {
                let next = Path::new(&next.include);
                if context.seen(&context.context().join(next)) {
                    continue;
                }
                peer_include(&mut *context, next, read)?;
            }
            spec => read.specs.push(spec),
        }
    }
    Ok(())
}

/// A `QemuRepo` on files held in memory, or on disk as qapi-parser's `QemuFileRepo` reads them
/// (which has no memory of the files read).
struct Repo<'a> {
    files: Option<&'a HashMap<PathBuf, Vec<u8>>>,
    /// The folders of the files being read, innermost last (what `QemuFileRepo` keeps).
    context: Vec<PathBuf>,
    seen: HashSet<PathBuf>,
}

trait Seen {
    /// Whether the file at `path` was read before.
    fn seen(&self, path: &Path) -> bool;
}

impl Seen for Repo<'_> {
    fn seen(&self, path: &Path) -> bool {
        self.seen.contains(&normalize(path))
    }
}

impl QemuRepo for Repo<'_> {
    type Error = io::Error;

    fn push_context<P: AsRef<Path>>(&mut self, path: P) {
        self.context.push(path.as_ref().to_owned());
    }

    fn pop_context(&mut self) {
        self.context.pop();
    }

    fn context(&self) -> &Path {
        self.context.last().expect("the main file's folder")
    }

    fn include<P: AsRef<Path>>(
        &mut self,
        path: P,
    ) -> Result<(QemuRepoContext<'_, Self>, String), io::Error> {
        let (context, path) = QemuRepoContext::from_include(self, path);
        let path = normalize(&path);
        let text = match context.files {
            Some(files) => {
                let bytes = files
                    .get(&path)
                    .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))?;
                String::from_utf8(bytes.clone())
                    .map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error))?
            }
            None => std::fs::read_to_string(&path)?,
        };
        let mut context = context;
        context.seen.insert(path);
        Ok((context, text))
    }
}
