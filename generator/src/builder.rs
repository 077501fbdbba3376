//! The build-script API: generate the bindings of a document into `OUT_DIR`.
//!
//! Shaped like prost-build's `Config`: a builder whose setters each have an example, and one
//! call that does the work. It tells Cargo when to run the build script again, writes its file
//! only when the contents change (so that nothing downstream rebuilds for nothing), and fails
//! with the document's own diagnostics when the document has errors.
//!
//! In `build.rs`:
//!
//! ```no_run
//! if let Err(error) = qmpgen::Builder::new().spec("spec/qmp-events.txt").generate() {
//!     eprintln!("{error}");
//!     std::process::exit(1);
//! }
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

#[cfg(feature = "codegen")]
use crate::codegen::{DocRef, generate};
use crate::diagnostics::Diagnostic;
use crate::document::Document;
use crate::history::{index, since::FirstReleases};

/// The environment variable that, when set to a path, replaces the configured spec.
pub const SPEC_ENV: &str = "QMP_EVENTS_SPEC";

/// The file name written into the output directory unless [`Builder::file_name`] says otherwise.
pub const DEFAULT_FILE_NAME: &str = "qmp_events.rs";

/// Generates the Rust bindings of a `qmp-events.txt` or a QAPI schema from a build script.
#[cfg(feature = "codegen")]
#[derive(Debug, Clone)]
pub struct Builder {
    spec: PathBuf,
    out_dir: Option<PathBuf>,
    file_name: String,
    crate_root: Option<PathBuf>,
    spec_env: bool,
    cargo_instructions: bool,
    history: Option<PathBuf>,
}

#[cfg(feature = "codegen")]
impl Default for Builder {
    fn default() -> Self {
        Builder {
            spec: PathBuf::from("spec/qmp-events.txt"),
            out_dir: None,
            file_name: DEFAULT_FILE_NAME.to_owned(),
            crate_root: None,
            spec_env: true,
            cargo_instructions: true,
            history: None,
        }
    }
}

#[cfg(feature = "codegen")]
impl Builder {
    /// A builder for `spec/qmp-events.txt`, written to `$OUT_DIR/qmp_events.rs`.
    ///
    /// ```
    /// let builder = qmpgen::Builder::new();
    /// ```
    pub fn new() -> Self {
        Builder::default()
    }

    /// The document to generate from (relative paths are taken from the current directory,
    /// which in a build script is the crate root). `$QMP_EVENTS_SPEC`, when set, wins; see
    /// [`Builder::spec_env`].
    ///
    /// ```
    /// let builder = qmpgen::Builder::new().spec("vendor/qmp-events.txt");
    /// ```
    pub fn spec(mut self, path: impl Into<PathBuf>) -> Self {
        self.spec = path.into();
        self
    }

    /// The directory to write into. Defaults to `$OUT_DIR`, which Cargo sets for build scripts.
    ///
    /// ```
    /// let builder = qmpgen::Builder::new().out_dir("target/generated");
    /// ```
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The name of the generated file in the output directory. Defaults to `qmp_events.rs`.
    ///
    /// ```
    /// let builder = qmpgen::Builder::new().file_name("events_2012.rs");
    /// ```
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = name.into();
        self
    }

    /// The directory that the generated code names the document relative to
    /// (`spec/qmp-events.txt:12`); a document outside it is named by its file name. Defaults to
    /// `$CARGO_MANIFEST_DIR`, else the current directory.
    ///
    /// ```
    /// let builder = qmpgen::Builder::new().crate_root(".");
    /// ```
    pub fn crate_root(mut self, dir: impl Into<PathBuf>) -> Self {
        self.crate_root = Some(dir.into());
        self
    }

    /// Whether `$QMP_EVENTS_SPEC`, when set and not empty, replaces the configured spec.
    /// Defaults to `true`; a build script that generates several fixed versions turns it off.
    ///
    /// ```
    /// let builder = qmpgen::Builder::new().spec("v1.txt").spec_env(false);
    /// ```
    pub fn spec_env(mut self, enabled: bool) -> Self {
        self.spec_env = enabled;
        self
    }

    /// Whether to print `cargo:rerun-if-changed` / `cargo:rerun-if-env-changed` and
    /// `cargo:warning` lines. Defaults to `true`; turn it off outside a build script.
    ///
    /// ```
    /// let builder = qmpgen::Builder::new().cargo_instructions(false);
    /// ```
    pub fn cargo_instructions(mut self, enabled: bool) -> Self {
        self.cargo_instructions = enabled;
        self
    }

    /// A history folder (an `INDEX.tsv` with `file` and `qemu_release` columns, and the
    /// versions it lists, in any format) from which to derive since when QEMU has each item the
    /// document does not give a `Since:` for (the text gives none): the release of the first
    /// version that documents it (event, member, enum value, type). The bindings' rustdoc then
    /// says "Since QEMU X.Y." on every item the history knows.
    ///
    /// ```
    /// let builder = qmpgen::Builder::new().history("tests/data/qmp-events-history");
    /// ```
    pub fn history(mut self, folder: impl Into<PathBuf>) -> Self {
        self.history = Some(folder.into());
        self
    }

    /// The document that [`Builder::generate`] reads: `$QMP_EVENTS_SPEC` when enabled and set,
    /// else the configured spec.
    ///
    /// ```
    /// let builder = qmpgen::Builder::new().spec("a.txt").spec_env(false);
    /// assert_eq!(builder.spec_path(), std::path::Path::new("a.txt"));
    /// ```
    pub fn spec_path(&self) -> PathBuf {
        if self.spec_env
            && let Some(path) = std::env::var_os(SPEC_ENV).filter(|path| !path.is_empty())
        {
            return PathBuf::from(path);
        }
        self.spec.clone()
    }

    /// Reads the document, generates its bindings and writes them (only when they differ from
    /// what the file holds). Returns the path of the generated file.
    ///
    /// The document is a `qmp-events.txt` or a QAPI schema (told apart by the content); Cargo
    /// is told to run the build script again when it changes, or any file the schema includes.
    /// A document with errors gives [`Error::Spec`], whose `Display` is the rendered
    /// diagnostics (`FILE:LINE:COL: severity[code]: message` and the marked line); its
    /// warnings go to Cargo as `cargo:warning` lines.
    pub fn generate(&self) -> Result<PathBuf, Error> {
        self.generate_to(&mut std::io::stdout().lock())
    }

    /// [`Builder::generate`], writing Cargo's instructions (when enabled) to `cargo` instead of
    /// standard output: for tools that run a build script's steps themselves, and tests.
    ///
    /// ```no_run
    /// let mut instructions = Vec::new();
    /// qmpgen::Builder::new()
    ///     .spec("qemu/qapi/qapi-schema.json")
    ///     .generate_to(&mut instructions)
    ///     .unwrap();
    /// let instructions = String::from_utf8(instructions).unwrap();
    /// assert!(instructions.contains("cargo:rerun-if-changed=qemu/qapi/block-core.json"));
    /// ```
    pub fn generate_to(&self, cargo: &mut dyn std::io::Write) -> Result<PathBuf, Error> {
        let spec = self.spec_path();
        // Cargo reads these from the build script's standard output; when that is gone there is
        // no one to tell, and the generation itself still stands.
        let mut instruction = |line: String| {
            if self.cargo_instructions {
                let _ = writeln!(cargo, "cargo:{line}");
            }
        };
        instruction(format!("rerun-if-changed={}", spec.display()));
        instruction(format!("rerun-if-env-changed={SPEC_ENV}"));
        let document = Document::read(&spec).map_err(|error| Error::Io {
            path: spec.clone(),
            error,
        })?;
        // A QAPI schema's includes: a change to any of them changes the bindings.
        for file in document.files().iter().skip(1) {
            instruction(format!("rerun-if-changed={}", file.name));
        }
        let document = without_errors(document)?;
        for warning in document.findings() {
            instruction(format!("warning={}", document.headline(&warning)));
        }
        let root = self
            .crate_root
            .clone()
            .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from))
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        let doc = DocRef::for_path(&spec, &root);
        let mut schema = document.schema_named(doc.file());
        if let Some(folder) = &self.history {
            read_history(folder, |path| {
                instruction(format!("rerun-if-changed={}", path.display()))
            })?
            .fill(&mut schema);
        }
        let code = generate(&schema, &doc);
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(Error::NoOutDir)?,
        };
        let path = out_dir.join(&self.file_name);
        write_if_changed(&path, &code)?;
        Ok(path)
    }
}

/// Reads the history folder `folder` (its `INDEX.tsv` and every version it lists) into the
/// first release of every item, calling `read` with each file it depends on (the index, the
/// versions, the files a QAPI schema includes). [`Error::History`] when the index cannot be read,
/// [`Error::Io`] or [`Error::Spec`] for a version, as for the document itself.
///
/// ```no_run
/// let firsts = qmpgen::builder::read_history("tests/data/qmp-events-history".as_ref(), |_| {})
///     .unwrap();
/// assert_eq!(firsts.event("POWERDOWN"), Some("2.1"));
/// ```
pub fn read_history(folder: &Path, mut read: impl FnMut(&Path)) -> Result<FirstReleases, Error> {
    read(&folder.join(index::INDEX));
    let sources = index::folder(folder).map_err(|message| Error::History {
        path: folder.to_owned(),
        message,
    })?;
    let mut versions = Vec::with_capacity(sources.len());
    let mut schemas = Vec::with_capacity(sources.len());
    for (version, path) in sources {
        read(&path);
        let document = self::read(&path)?;
        for file in document.files().iter().skip(1) {
            read(Path::new(&file.name));
        }
        schemas.push(document.schema());
        versions.push(version);
    }
    Ok(FirstReleases::new(&versions, &schemas))
}

/// Reads the description at `path` (a `qmp-events.txt` or a QAPI schema with its includes, told
/// apart by the content): [`Error::Spec`] when it has errors (its `Display` is the rendered
/// findings, `FILE:LINE:COL: severity[code]: message` and the marked line, after the chain of
/// includes that reached the file), [`Error::Io`] when it cannot be read. What the build script
/// and `qmp-events --spec` read descriptions with.
pub fn read(path: &Path) -> Result<Document, Error> {
    let document = Document::read(path).map_err(|error| Error::Io {
        path: path.to_owned(),
        error,
    })?;
    without_errors(document)
}

/// Reads the schema a running QEMU gave ([`Document::from_qemu`]) as [`read`] reads a file:
/// [`Error::Spec`] when it does not read. What `qmp-events watch --spec live` judges by; a
/// program on the tokio client does the same with what `AsyncClient::schema` returns.
#[cfg(feature = "runtime-tables")]
pub fn read_qemu(schema: &qmp_events_runtime::client::QemuSchema) -> Result<Document, Error> {
    without_errors(Document::from_qemu(schema))
}

/// `document`, or [`Error::Spec`] when the reader found errors in it.
fn without_errors(document: Document) -> Result<Document, Error> {
    if !document.has_errors() {
        return Ok(document);
    }
    let findings = document.findings();
    Err(Error::Spec {
        rendered: document.render(&findings, false),
        diagnostics: findings
            .into_iter()
            .map(|finding| *finding.diagnostic)
            .collect(),
    })
}

/// Writes `contents` to `path` unless it already holds exactly that, creating its directory.
#[cfg(feature = "codegen")]
fn write_if_changed(path: &Path, contents: &str) -> Result<(), Error> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|error| Error::Io {
            path: dir.to_owned(),
            error,
        })?;
    }
    write_if_different(path, contents).map_err(|error| Error::Io {
        path: path.to_owned(),
        error,
    })
}

/// Writes `contents` to `path` unless the file already holds exactly that, so that its
/// modification time (and whatever Cargo or make rebuild from it) stays put when nothing changed.
/// The one such write of the project: used by [`Builder::generate`], `qmpgen generate -o`,
/// `qmpgen fmt --write`, and build scripts that write several files (the conformance crate's).
/// The error is the I/O error alone; the caller names the path its own way.
///
/// ```no_run
/// let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
/// let path = out.join("versions.rs");
/// if let Err(error) = qmpgen::builder::write_if_different(&path, "// nothing yet\n") {
///     eprintln!("{}: {error}", path.display());
///     std::process::exit(1);
/// }
/// ```
pub fn write_if_different(path: &Path, contents: &str) -> std::io::Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == contents.as_bytes()) {
        return Ok(());
    }
    std::fs::write(path, contents)
}

/// Why [`Builder::generate`] failed.
#[derive(Debug)]
pub enum Error {
    /// The document has errors.
    Spec {
        /// The diagnostics, rendered without colour.
        rendered: String,
        /// All of the parser's diagnostics (errors and warnings).
        diagnostics: Vec<Diagnostic>,
    },
    /// A file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        error: std::io::Error,
    },
    /// No output directory: not run by Cargo, and [`Builder::out_dir`] not called.
    NoOutDir,
    /// A history folder's index could not be read.
    History {
        /// The folder.
        path: PathBuf,
        /// What is wrong (naming the index and its line).
        message: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spec { rendered, .. } => f.write_str(rendered.trim_end()),
            Error::Io { path, error } => write!(f, "{}: {error}", path.display()),
            Error::History { message, .. } => f.write_str(message),
            Error::NoOutDir => f.write_str(
                "no output directory: OUT_DIR is not set (not a build script?) and \
                 Builder::out_dir was not called",
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}
