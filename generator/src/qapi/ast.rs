//! The QAPI syntax tree: what the parser gives and every later stage reads.
//!
//! Lossless: each expression, key and value keeps where it starts ([`Span`], whose `file`
//! indexes [`Program::files`]), and each doc comment block keeps its lines as written.

use crate::model::Span;

/// A whole schema: its files and, in reading order (an include's expressions where the include
/// stands), its top-level items.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Program {
    /// Every file read, in the order first read; [`Span::file`] indexes this list. The first is
    /// the schema's main file.
    pub files: Vec<SourceFile>,
    /// The top-level items of every file, includes expanded in place (the `include`
    /// expression stays, followed by the included file's items).
    pub items: Vec<Item>,
    /// What the schema's `pragma` directives set.
    pub pragmas: Pragmas,
}

/// What `{ 'pragma': … }` directives set (the last setting wins, as in QEMU).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pragmas {
    /// `doc-required`: every definition must have a doc comment.
    pub doc_required: bool,
    /// The pragmas that list names (`returns-whitelist`, `name-case-whitelist`, and today's
    /// `command-name-exceptions`, `command-returns-exceptions`, `member-name-exceptions`,
    /// `documentation-exceptions`), by pragma name.
    pub lists: std::collections::BTreeMap<String, Vec<String>>,
}

impl Pragmas {
    /// The names a list pragma gives (empty when the schema does not set it).
    pub fn list(&self, name: &str) -> &[String] {
        self.lists.get(name).map_or(&[], Vec::as_slice)
    }
}

/// One file of a schema.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceFile {
    /// How the file is named in messages: the path as given for the main file, and for an
    /// include the including file's directory joined with the include's path (QEMU's way).
    pub name: String,
    /// Its text.
    pub text: String,
    /// The `include` expression that brought it in (`None` for the main file).
    pub included_from: Option<Span>,
}

/// A top-level item of a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// An expression (`{ 'event': … }`, `{ 'include': … }`, `{ 'pragma': … }`), with the doc
    /// comment block right before it, if any.
    Expression(Expression),
    /// A doc comment block that documents no definition (a section heading `# = Title`, or
    /// free text between definitions).
    FreeDoc(DocBlock),
}

/// A top-level expression: a JSON-like object.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    /// The object (its [`Value::span`] is its `{`).
    pub value: Value,
    /// The `##` block right before it.
    pub doc: Option<DocBlock>,
}

impl Expression {
    /// The object's members (empty only for a malformed tree, which the parser never gives).
    pub fn members(&self) -> &[(Key, Value)] {
        match &self.value.kind {
            ValueKind::Object(members) => members,
            _ => &[],
        }
    }

    /// The value of key `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.value.get(name)
    }
}

/// A key of an object, with where its opening quote stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The key, escapes resolved.
    pub name: String,
    /// Where its opening quote stands.
    pub span: Span,
}

/// A value, with where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// Where it starts (a string's opening quote, an object's `{`).
    pub span: Span,
    /// What it is.
    pub kind: ValueKind,
}

/// The values the QAPI language has (it has no numbers).
#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    /// A single-quoted string, escapes resolved.
    Str(String),
    /// `true` or `false`.
    Bool(bool),
    /// `null` (QEMU 2.9's parser takes it).
    Null,
    /// `[ … ]`.
    Array(Vec<Value>),
    /// `{ … }`, members in the order written (no key twice: the parser rejects that).
    Object(Vec<(Key, Value)>),
}

impl Value {
    /// The value of key `name`, when this is an object that has it.
    pub fn get(&self, name: &str) -> Option<&Value> {
        match &self.kind {
            ValueKind::Object(members) => members
                .iter()
                .find(|(key, _)| key.name == name)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// The string, when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::Str(text) => Some(text),
            _ => None,
        }
    }
}

/// A `##` doc comment block: from the `##` line to the closing `##` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocBlock {
    /// Where the opening `##` stands.
    pub span: Span,
    /// Its lines between the two `##` lines, each without its `#` and the one space after it.
    pub lines: Vec<DocLine>,
}

/// One line of a doc comment block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLine {
    /// Where `text` starts: after `# ` (or after a bare `#`, for an empty line).
    pub span: Span,
    /// The line after `# `, as written (indentation beyond that one space kept).
    pub text: String,
}
