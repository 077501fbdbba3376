//! Reading a whole schema: the main file and every file it includes, with its pragmas.
//!
//! Each file is read as QEMU reads it: UTF-8 (anything else is an error at the first bad byte's
//! line and column), with `\r\n` and `\r` line ends read as `\n` (`universal_newlines`).
//!
//! QEMU's rules: an include's path is relative to the including file; each file is read once
//! (a second include of it is skipped); an include of a file that is still being read is a
//! loop, an error; reading stops at the first error. A finding in an included file names that
//! file and, through [`super::ast::SourceFile::included_from`], the chain of includes.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Component, Path, PathBuf};

use super::ast::{Expression, Item, Pragmas, Program, SourceFile, Value, ValueKind};
use super::parse::parse_file;
use super::report::Finding;
use crate::diagnostics::codes;
use crate::model::Span;

/// The code of include and pragma errors.
pub const DIRECTIVE: &str = "qapi-directive";

/// The code of a file that cannot be read (the main file, or one an `include` names): trouble
/// rather than a mistake in the schema.
pub const UNREADABLE: &str = "qapi-unreadable";

/// What reading a schema gives: its files and items, and the error that stopped reading.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Loaded {
    /// The files and items read (up to the error, when there is one).
    pub program: Program,
    /// Warnings about forms older QEMUs took, in reading order.
    pub warnings: Vec<Finding>,
    /// The error that stopped reading, if any (QEMU reports one).
    pub error: Option<Finding>,
}

/// Where a schema's files come from: the file system, or memory (tests, fuzzing).
pub trait Files {
    /// The bytes of the file at `path`.
    fn read(&mut self, path: &Path) -> io::Result<Vec<u8>>;
}

/// The file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct FileSystem;

impl Files for FileSystem {
    fn read(&mut self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }
}

/// Files held in memory, by path.
impl Files for HashMap<PathBuf, Vec<u8>> {
    fn read(&mut self, path: &Path) -> io::Result<Vec<u8>> {
        self.get(&normalize(path))
            .or_else(|| self.get(path))
            .cloned()
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
    }
}

/// Reads the schema whose main file is at `path`, from the file system.
pub fn load(path: &Path) -> Loaded {
    load_from(path, &mut FileSystem)
}

/// Reads the schema whose main file is at `path`, from `files`. An unreadable main file is the
/// error of an empty program (its `files` name it, with no text).
pub fn load_from(path: &Path, files: &mut dyn Files) -> Loaded {
    let mut loader = Loader {
        files,
        loaded: Loaded::default(),
        read: HashSet::new(),
    };
    let name = path.display().to_string();
    match loader.files.read(path) {
        Ok(bytes) => {
            if let Err(error) = loader.file(name, bytes, None, &mut Vec::new()) {
                loader.loaded.error = Some(error);
            }
        }
        Err(error) => {
            loader.loaded.program.files.push(SourceFile {
                name: name.clone(),
                ..SourceFile::default()
            });
            loader.loaded.error = Some(Finding::error(
                UNREADABLE,
                Span::new(1, 1),
                format!("{}: {name}", reason(&error)),
            ));
        }
    }
    loader.loaded
}

struct Loader<'f> {
    files: &'f mut dyn Files,
    loaded: Loaded,
    /// The normalized path of every file read so far.
    read: HashSet<PathBuf>,
}

type Result<T> = std::result::Result<T, Finding>;

impl Loader<'_> {
    /// Reads one file (`chain` holds the normalized paths of the files that include it).
    fn file(
        &mut self,
        name: String,
        bytes: Vec<u8>,
        included_from: Option<Span>,
        chain: &mut Vec<PathBuf>,
    ) -> Result<()> {
        let index = self.loaded.program.files.len() as u32;
        let path = normalize(Path::new(&name));
        self.read.insert(path.clone());
        let (text, bad_utf8) = match String::from_utf8(bytes) {
            Ok(text) => (universal_newlines(text), None),
            Err(error) => {
                let valid = error.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
                (text, Some(valid))
            }
        };
        self.loaded.program.files.push(SourceFile {
            name: name.clone(),
            text,
            included_from,
        });
        let text = &self.loaded.program.files[index as usize].text;
        if let Some(valid) = bad_utf8 {
            let span = super::parse::LineIndex::new(text).span(text, index, valid);
            return Err(Finding::error(
                codes::INVALID_UTF8,
                span,
                "The schema is not UTF-8 text",
            ));
        }
        let parsed = parse_file(text, index);
        self.loaded.warnings.extend(parsed.warnings);
        chain.push(path);
        for item in parsed.items {
            if let Item::Expression(expression) = &item {
                let directive = self.directive(expression, &name, chain);
                self.loaded.program.items.push(item);
                directive?;
            } else {
                self.loaded.program.items.push(item);
            }
        }
        chain.pop();
        parsed.error.map_or(Ok(()), Err)
    }

    /// Follows an `include`, or takes in a `pragma`; anything else is a definition.
    fn directive(
        &mut self,
        expression: &Expression,
        file: &str,
        chain: &mut Vec<PathBuf>,
    ) -> Result<()> {
        let span = expression.value.span;
        let only = |key: &str| -> Result<&Value> {
            let value = expression.get(key).expect("the key is there");
            if expression.members().len() != 1 {
                return Err(Finding::error(
                    DIRECTIVE,
                    span,
                    format!("Invalid '{key}' directive"),
                ));
            }
            Ok(value)
        };
        if expression.get("include").is_some() {
            let Some(include) = only("include")?.as_str() else {
                return Err(Finding::error(
                    DIRECTIVE,
                    span,
                    "Value of 'include' must be a string",
                ));
            };
            let name = Path::new(file)
                .parent()
                .unwrap_or(Path::new(""))
                .join(include)
                .display()
                .to_string();
            let path = normalize(Path::new(&name));
            if chain.contains(&path) {
                return Err(Finding::error(
                    DIRECTIVE,
                    span,
                    format!("Inclusion loop for {include}"),
                ));
            }
            if self.read.contains(&path) {
                return Ok(());
            }
            let bytes = self.files.read(Path::new(&name)).map_err(|error| {
                Finding::error(UNREADABLE, span, format!("{}: {include}", reason(&error)))
            })?;
            return self.file(name, bytes, Some(span), chain);
        }
        if expression.get("pragma").is_some() {
            let ValueKind::Object(pragmas) = &only("pragma")?.kind else {
                return Err(Finding::error(
                    DIRECTIVE,
                    span,
                    "Value of 'pragma' must be a dictionary",
                ));
            };
            for (key, value) in pragmas {
                pragma(&mut self.loaded.program.pragmas, &key.name, value, span)?;
            }
        }
        Ok(())
    }
}

/// `text` with every `\r\n` and lone `\r` made a `\n`, as QEMU reads a schema: Python's
/// `open(name, 'r', encoding='utf-8')` reads text in universal-newlines mode. A schema saved with
/// Windows line ends then reads as it does in QEMU (without it, every doc comment line would end
/// in a stray `\r`, and `##\r` would not close a block).
fn universal_newlines(text: String) -> String {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The pragmas that list names: QEMU 2.10's and today's.
const LIST_PRAGMAS: [&str; 6] = [
    "returns-whitelist",
    "name-case-whitelist",
    "command-name-exceptions",
    "command-returns-exceptions",
    "member-name-exceptions",
    "documentation-exceptions",
];

fn pragma(pragmas: &mut Pragmas, name: &str, value: &Value, span: Span) -> Result<()> {
    if name == "doc-required" {
        let ValueKind::Bool(required) = value.kind else {
            return Err(Finding::error(
                DIRECTIVE,
                span,
                "Pragma 'doc-required' must be boolean",
            ));
        };
        pragmas.doc_required = required;
        return Ok(());
    }
    if !LIST_PRAGMAS.contains(&name) {
        return Err(Finding::error(
            DIRECTIVE,
            span,
            format!("Unknown pragma '{name}'"),
        ));
    }
    let names = match &value.kind {
        ValueKind::Array(values) => values
            .iter()
            .map(|value| value.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>(),
        _ => None,
    };
    let Some(names) = names else {
        return Err(Finding::error(
            DIRECTIVE,
            span,
            format!("Pragma {name} must be a list of strings"),
        ));
    };
    pragmas.lists.insert(name.to_owned(), names);
    Ok(())
}

/// An I/O error in the words QEMU gives (Python's `strerror`).
fn reason(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "No such file or directory".to_owned(),
        io::ErrorKind::PermissionDenied => "Permission denied".to_owned(),
        io::ErrorKind::IsADirectory => "Is a directory".to_owned(),
        _ => error.to_string(),
    }
}

/// `path` made absolute and without `.` and `..` (Python's `os.path.abspath`): two names of
/// one file compare equal.
pub fn normalize(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut normal = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}
