//! A description of QEMU's events read from a file, whatever its format: `qmp-events.txt`, a
//! QAPI schema (`qapi-schema.json` and the files it includes) or a running QEMU's introspection
//! (`query-qmp-schema`'s answer), told apart by the content. Every
//! command and the build script read descriptions through [`Document`], and get the model, the
//! reader's findings (each in its file) and the files read.
//!
//! ```
//! use qmpgen::document::{Document, detect};
//! use qmpgen::model::Format;
//!
//! assert_eq!(detect(b"# Events\n{ 'event': 'STOP' }\n"), Format::Qapi);
//! assert_eq!(detect(b"STOP\n----\n"), Format::Text);
//! assert_eq!(detect(br#"{"return": []}"#), Format::Introspection);
//! let document = Document::from_bytes("events.json", b"{ 'event': 'STOP' }\n".to_vec());
//! assert!(!document.has_errors());
//! assert_eq!(document.schema().events[0].name, "STOP");
//! ```

use std::io;
use std::path::{Path, PathBuf};

use crate::model::{Format, Schema};
use crate::qapi::ast::SourceFile;
use crate::qapi::load::{self, Files, Loaded};
use crate::qapi::report::{self, Finding};
use crate::text::parse::{Parsed, parse_bytes, source};

/// The format of a description, from its content: a QAPI schema's first character that is
/// neither white space nor in a `#` comment is `{`; introspection is JSON, an array (`[`) or an
/// object whose first key is double-quoted (QAPI quotes its strings with `'`: a `"` is no
/// QAPI); anything else is the text document.
pub fn detect(bytes: &[u8]) -> Format {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'#' => match memchr::memchr(b'\n', &bytes[at..]) {
                Some(end) => at += end + 1,
                None => break,
            },
            byte if byte.is_ascii_whitespace() => at += 1,
            b'[' => return Format::Introspection,
            b'{' => {
                let key = bytes[at + 1..]
                    .iter()
                    .find(|byte| !byte.is_ascii_whitespace());
                return match key {
                    Some(b'"') => Format::Introspection,
                    _ => Format::Qapi,
                };
            }
            _ => break,
        }
    }
    Format::Text
}

/// A description read, in its format.
#[derive(Debug, Clone)]
pub struct Document {
    /// How findings name its (main) file: the path as given, or `<stdin>`.
    pub name: String,
    /// What was read.
    pub contents: Contents,
}

/// What a [`Document`] holds, by format.
#[derive(Debug, Clone)]
pub enum Contents {
    /// `qmp-events.txt`: the file and what the parser made of it.
    Text {
        /// The file (its text decoded as the parser decoded it).
        file: SourceFile,
        /// The text model and the parser's diagnostics.
        parsed: Parsed,
    },
    /// A QAPI schema: its files, its items, and the loader's findings.
    Qapi {
        /// What the loader read and found.
        loaded: Loaded,
        /// QEMU's verdicts on the schema ([`crate::qapi::verdicts`]; none when loading stopped
        /// at an error).
        verdicts: Vec<Finding>,
    },
    /// A running QEMU's introspection: the file and its model, or the error that stopped
    /// reading it.
    Introspection {
        /// The file.
        file: SourceFile,
        /// The model, or the error.
        read: Result<Schema, Finding>,
    },
}

impl Document {
    /// Reads the description at `path` (and, for a QAPI schema, the files it includes).
    pub fn read(path: &Path) -> io::Result<Document> {
        let bytes = std::fs::read(path)?;
        Ok(Document::from_bytes(path.display().to_string(), bytes))
    }

    /// The description `bytes`, named `name`: a QAPI schema's includes are read from the file
    /// system, relative to `name`'s folder (the current one for `<stdin>`).
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Document {
        let name = name.into();
        let contents = match detect(&bytes) {
            Format::Qapi => {
                let mut files = Preread {
                    main: Some((PathBuf::from(&name), bytes)),
                };
                let loaded = load::load_from(Path::new(&name), &mut files);
                let verdicts = match loaded.error {
                    None => crate::qapi::verdicts(&loaded.program),
                    Some(_) => Vec::new(),
                };
                Contents::Qapi { loaded, verdicts }
            }
            Format::Introspection => {
                let text = source::decode(&bytes).text.into_owned();
                let read = read_introspection(&text, &name);
                let file = SourceFile {
                    name: name.clone(),
                    text,
                    included_from: None,
                };
                Contents::Introspection { file, read }
            }
            Format::Text => {
                let parsed = parse_bytes(&bytes);
                let file = SourceFile {
                    name: name.clone(),
                    text: source::decode(&bytes).text.into_owned(),
                    included_from: None,
                };
                Contents::Text { file, parsed }
            }
        };
        Document { name, contents }
    }

    /// Its format.
    pub fn format(&self) -> Format {
        match self.contents {
            Contents::Text { .. } => Format::Text,
            Contents::Qapi { .. } => Format::Qapi,
            Contents::Introspection { .. } => Format::Introspection,
        }
    }

    /// Whether the reader found an error (the model is then what could be read).
    pub fn has_errors(&self) -> bool {
        match &self.contents {
            Contents::Text { parsed, .. } => parsed.has_errors(),
            Contents::Qapi { loaded, verdicts } => {
                loaded.error.is_some() || verdicts.iter().any(Finding::is_error)
            }
            Contents::Introspection { read, .. } => read.is_err(),
        }
    }

    /// The error that a file of the schema could not be read (a QAPI schema's include), when
    /// that stopped reading: trouble, as an unreadable document is, rather than a mistake in it.
    pub fn unreadable(&self) -> Option<&Finding> {
        match &self.contents {
            Contents::Qapi {
                loaded: Loaded {
                    error: Some(error), ..
                },
                ..
            } if error.diagnostic.code == load::UNREADABLE => Some(error),
            _ => None,
        }
    }

    /// Every file read, the main file first; [`Finding::file`] and the model's spans index it.
    pub fn files(&self) -> &[SourceFile] {
        match &self.contents {
            Contents::Text { file, .. } | Contents::Introspection { file, .. } => {
                std::slice::from_ref(file)
            }
            Contents::Qapi { loaded, .. } => &loaded.program.files,
        }
    }

    /// What the reader found: a QAPI schema's loader warnings in reading order, then QEMU's
    /// verdicts that are errors, by file and place, then the error that stopped reading. The
    /// verdicts' warnings (forms older QEMUs took: hundreds in a QEMU 2.1 schema) are the lint's
    /// to show ([`Document::all_findings`], `qmpgen check`), not every reader's.
    pub fn findings(&self) -> Vec<Finding> {
        match &self.contents {
            Contents::Text { parsed, .. } => parsed
                .diagnostics
                .iter()
                .cloned()
                .map(Finding::from)
                .collect(),
            Contents::Qapi { loaded, verdicts } => loaded
                .warnings
                .iter()
                .chain(verdicts.iter().filter(|finding| finding.is_error()))
                .chain(&loaded.error)
                .cloned()
                .collect(),
            Contents::Introspection { read, .. } => {
                read.as_ref().err().cloned().into_iter().collect()
            }
        }
    }

    /// Every finding of the reader, QEMU's verdicts' warnings included (in the order of
    /// [`Document::findings`]).
    pub fn all_findings(&self) -> Vec<Finding> {
        match &self.contents {
            Contents::Qapi { loaded, verdicts } => loaded
                .warnings
                .iter()
                .chain(verdicts)
                .chain(&loaded.error)
                .cloned()
                .collect(),
            Contents::Text { .. } | Contents::Introspection { .. } => self.findings(),
        }
    }

    /// `findings` rendered: each with the chain of includes that reached its file, its
    /// headline (`FILE:LINE:COL: severity[code]: message`) and the marked source line.
    pub fn render(&self, findings: &[Finding], color: bool) -> String {
        report::render(self.files(), findings, color)
    }

    /// The headline of a finding (`FILE:LINE:COL: severity[code]: message`).
    pub fn headline(&self, finding: &Finding) -> String {
        report::headline(self.files(), finding)
    }

    /// The description in the shared model, its files named as they were read.
    pub fn schema(&self) -> Schema {
        match &self.contents {
            Contents::Text { parsed, .. } => crate::text::lower::lower(&parsed.spec, &self.name),
            Contents::Qapi { loaded, .. } => crate::qapi::lower::lower(&loaded.program),
            Contents::Introspection { read, .. } => introspection_schema(read),
        }
    }

    /// The description in the shared model, its main file named `main` and a QAPI schema's
    /// includes by their place relative to it (`qemu/qapi/qapi-schema.json` includes
    /// `qemu/qapi/block.json`), so that what is made from it (generated code) names the same
    /// files on every machine.
    pub fn schema_named(&self, main: &str) -> Schema {
        let mut schema = match &self.contents {
            Contents::Text { parsed, .. } => return crate::text::lower::lower(&parsed.spec, main),
            Contents::Introspection { read, .. } => {
                let mut schema = introspection_schema(read);
                schema.source.files = vec![main.to_owned()];
                return schema;
            }
            Contents::Qapi { loaded, .. } => crate::qapi::lower::lower(&loaded.program),
        };
        let folder = Path::new(&self.name).parent().unwrap_or(Path::new(""));
        let main_folder = Path::new(main).parent().unwrap_or(Path::new(""));
        for (index, file) in schema.source.files.iter_mut().enumerate() {
            let renamed = match Path::new(file.as_str()).strip_prefix(folder) {
                _ if index == 0 => main.to_owned(),
                Ok(relative) => slash_path(&main_folder.join(relative)),
                Err(_) => file.clone(),
            };
            *file = renamed;
        }
        schema
    }
}

/// How findings name a schema that a running QEMU gave ([`Document::from_qemu`]), as `<stdin>`
/// names standard input.
pub const QEMU_SCHEMA: &str = "<query-qmp-schema>";

#[cfg(feature = "runtime-tables")]
impl Document {
    /// The schema a running QEMU gave (`query-qmp-schema`, as the blocking or the tokio client's
    /// `schema()` returns it), read as the introspection file `qmpgen schema --socket` saves
    /// from it: the same text, so that findings' lines and columns are that file's; they name it
    /// [`QEMU_SCHEMA`]. The model's [`Source::qemu`](crate::model::Source::qemu) names the QEMU.
    pub fn from_qemu(schema: &qmp_events_runtime::client::QemuSchema) -> Document {
        Document::from_bytes(QEMU_SCHEMA, schema.to_json().into_bytes())
    }
}

/// An introspection's model: what was read, or (after an error) an empty one of its format.
fn introspection_schema(read: &Result<Schema, Finding>) -> Schema {
    read.clone().unwrap_or_else(|_| Schema {
        source: crate::model::Source {
            format: Format::Introspection,
            ..Default::default()
        },
        ..Default::default()
    })
}

/// The introspection `text` of the file `name` in the model.
#[cfg(feature = "introspection")]
fn read_introspection(text: &str, name: &str) -> Result<Schema, Finding> {
    crate::introspect::read(text, name)
}

/// Without the `introspection` feature, an introspection is an error saying so.
#[cfg(not(feature = "introspection"))]
fn read_introspection(_: &str, _: &str) -> Result<Schema, Finding> {
    Err(Finding::error(
        "introspection-unsupported",
        crate::model::Span::new(1, 1),
        "this is a QEMU's introspection (JSON): reading it needs qmpgen's `introspection` feature",
    ))
}

/// `path` with `/` between its components, whatever the machine's separator.
fn slash_path(path: &Path) -> String {
    path.components()
        .map(|component| component.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The file system, with the main file's bytes already read (standard input, or a file whose
/// format was detected from them).
struct Preread {
    main: Option<(PathBuf, Vec<u8>)>,
}

impl Files for Preread {
    fn read(&mut self, path: &Path) -> io::Result<Vec<u8>> {
        if self.main.as_ref().is_some_and(|(main, _)| main == path)
            && let Some((_, bytes)) = self.main.take()
        {
            return Ok(bytes);
        }
        std::fs::read(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_told_by_the_first_character_outside_comments() {
        assert_eq!(detect(b"{ 'event': 'A' }"), Format::Qapi);
        assert_eq!(
            detect(b"\xEF\xBB\xBF\r\n  # -*- Mode: Python -*-\n#\n\n{"),
            Format::Qapi
        );
        assert_eq!(detect(b"# only a comment"), Format::Text);
        assert_eq!(detect(b""), Format::Text);
        assert_eq!(detect(b"QEMU Machine Protocol Events\n===\n"), Format::Text);
        // The text document never starts with `{`; a `{` after text is the text's.
        assert_eq!(
            detect(b"STOP\n----\n{ \"event\": \"STOP\" }\n"),
            Format::Text
        );
    }

    #[test]
    fn introspection_is_json_a_qapi_schema_is_not() {
        // The three forms of introspection: the file, the bare array, the raw reply.
        assert_eq!(
            detect(b"{\n \"qemu\": {}, \"schema\": []}"),
            Format::Introspection
        );
        assert_eq!(detect(b"\n[{\"name\": \"0\"}]"), Format::Introspection);
        assert_eq!(detect(b"{\"return\": []}"), Format::Introspection);
        // QAPI quotes with `'`, writes comments, and holds many expressions.
        assert_eq!(
            detect(b"# Events\n{ 'event': 'STOP' }\n{ 'event': 'GO' }"),
            Format::Qapi
        );
        assert_eq!(detect(b"{\n  'include': 'a.json' }"), Format::Qapi);
        assert_eq!(detect(b"STOP\n----\n"), Format::Text);
    }

    #[test]
    fn a_qapi_schema_from_memory_reads_its_includes_relative_to_its_name() {
        let dir = std::env::temp_dir().join(format!("qmpgen-document-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("inc.json"), "{ 'event': 'B' }\n").unwrap();
        let name = dir.join("main.json").display().to_string();
        let document = Document::from_bytes(
            name.clone(),
            b"{ 'include': 'inc.json' }\n{ 'event': 'A' }\n".to_vec(),
        );
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(!document.has_errors(), "{:?}", document.findings());
        let schema = document.schema();
        let events: Vec<&str> = schema.events.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(events, ["B", "A"]);
        assert_eq!(document.files()[0].name, name);
        // Named for generated code: the includes relative to the main file's new name.
        let named = document.schema_named("qemu/qapi/main.json");
        assert_eq!(
            named.source.files,
            ["qemu/qapi/main.json", "qemu/qapi/inc.json"]
        );
    }
}
