//! The schema model: what one version of `qmp-events.txt` documents.
//!
//! Plain data, serde-serializable (with the `analysis` feature), no behaviour beyond small
//! accessors. Every node carries the [`Span`] where it starts in the document (1-based line and
//! column, columns counted in characters), so that every later stage (codegen, diff, lint) can
//! point back at the text.
//!
//! The JSON form of this model (`qmpgen schema --format json`) is a contract other tools use:
//! field names here are chosen for it and change only on purpose.

#[cfg(feature = "analysis")]
use serde::{Deserialize, Serialize};

/// Where a node starts in the document: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct Span {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, counted in characters (a tab counts as one).
    pub column: u32,
}

impl Span {
    /// A span at `line`, `column`.
    pub const fn new(line: u32, column: u32) -> Self {
        Span { line, column }
    }
}

/// A piece of the document's prose, kept with the line where it starts.
///
/// Lines of a multi-line text are joined with `\n`, each without its indentation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct Text {
    /// Where the text starts.
    #[cfg_attr(feature = "analysis", serde(flatten))]
    pub span: Span,
    /// The words, as the document has them.
    pub text: String,
}

/// One version of the document.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct Spec {
    /// The title above the `====` underline ("QEMU Monitor Protocol Events").
    pub title: Option<Text>,
    /// Paragraphs between the title and the first event, if any (always serialised, `[]` when
    /// there are none: a stable key for tools; `qmpgen fmt` prints them back).
    #[cfg_attr(feature = "analysis", serde(default))]
    pub preface: Vec<Text>,
    /// The events, in document order. A heading that names several events yields one event each.
    pub events: Vec<Event>,
}

impl Spec {
    /// The first event called `name`.
    pub fn event(&self, name: &str) -> Option<&Event> {
        self.events.iter().find(|event| event.name == name)
    }

    /// The events grouped by the heading that names them, in document order: the events of one
    /// heading share its description, data and examples.
    pub fn headings(&self) -> impl Iterator<Item = &[Event]> {
        // A heading names several events; two headings of one event each are two groups, even
        // where a model made by hand gives them the same place.
        self.events
            .chunk_by(|event, next| event.heading == next.heading && event.heading.names.len() > 1)
    }
}

/// One asynchronous event.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct Event {
    /// The event's wire name (`BLOCK_IO_ERROR`).
    pub name: String,
    /// Where the name stands in the heading.
    #[cfg_attr(feature = "analysis", serde(flatten))]
    pub span: Span,
    /// The heading this event was read from (shared by the events a heading names together).
    pub heading: Heading,
    /// The description: the prose under the heading, or the `Description:` key.
    pub description: Option<Text>,
    /// The shape of the event's `data` member as documented.
    pub data: Data,
    /// The documented members of `data`, when [`Data::Fields`]; empty otherwise.
    pub fields: Vec<Field>,
    /// The examples, in document order.
    pub examples: Vec<Example>,
    /// The notes (`Note: …`), in document order.
    pub notes: Vec<Text>,
}

/// An event's heading: `BLOCK_IO_ERROR`, `1 SHUTDOWN` or `SPICE_CONNECTED, SPICE_DISCONNECTED`,
/// normally followed by an underline of dashes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct Heading {
    /// Where the heading line starts.
    #[cfg_attr(feature = "analysis", serde(flatten))]
    pub span: Span,
    /// The heading line as written, without surrounding white space.
    pub text: String,
    /// The number before the names (`1 SHUTDOWN`), in the earliest versions.
    pub number: Option<u32>,
    /// Every event the heading names, in order.
    pub names: Vec<String>,
    /// The underline, or `None` when the heading has none.
    pub underline: Option<Underline>,
}

/// The line of dashes under a heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct Underline {
    /// Where the underline starts.
    #[cfg_attr(feature = "analysis", serde(flatten))]
    pub span: Span,
    /// Its length in characters (the heading's length when it is right).
    pub length: u32,
}

/// What the document says about an event's `data` member.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "analysis", serde(tag = "kind", rename_all = "kebab-case"))]
pub enum Data {
    /// The event documents no `Data:` at all.
    Unspecified,
    /// `Data: None.`: the event carries no data.
    None {
        /// Where `Data:` stands.
        #[cfg_attr(feature = "analysis", serde(flatten))]
        span: Span,
    },
    /// A list of fields (kept in [`Event::fields`]).
    Fields {
        /// Where `Data:` stands (or the first field, when there is no `Data:` line).
        #[cfg_attr(feature = "analysis", serde(flatten))]
        span: Span,
        /// Where the document also says `Data: None.` although it lists fields: the fields win,
        /// and the contradiction is kept for the lint.
        #[cfg_attr(
            feature = "analysis",
            serde(default, skip_serializing_if = "Option::is_none")
        )]
        declared_none: Option<Span>,
    },
    /// The data is a type documented elsewhere ("ACPIOSTInfo type as described in
    /// qapi-schema.json").
    Reference {
        /// Where the reference stands.
        #[cfg_attr(feature = "analysis", serde(flatten))]
        span: Span,
        /// The referenced type's name (`ACPIOSTInfo`).
        type_name: String,
        /// The sentence as written.
        text: String,
    },
    /// The data is described in prose only ("'server' and 'client' keys with the same keys as
    /// 'query-vnc'").
    Prose {
        /// Where the prose starts.
        #[cfg_attr(feature = "analysis", serde(flatten))]
        span: Span,
        /// The prose.
        text: String,
    },
}

impl Data {
    /// The stable name of the shape: `unspecified`, `none`, `fields`, `reference`, `prose`.
    pub fn kind(&self) -> &'static str {
        match self {
            Data::Unspecified => "unspecified",
            Data::None { .. } => "none",
            Data::Fields { .. } => "fields",
            Data::Reference { .. } => "reference",
            Data::Prose { .. } => "prose",
        }
    }

    /// Where the data is documented, if it is.
    pub fn span(&self) -> Option<Span> {
        match self {
            Data::Unspecified => None,
            Data::None { span }
            | Data::Fields { span, .. }
            | Data::Reference { span, .. }
            | Data::Prose { span, .. } => Some(*span),
        }
    }
}

/// A documented member of an event's data, or of a json-object field.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct Field {
    /// The member's wire name (`tray-open`, `__com.redhat_debug`).
    pub name: String,
    /// Where the name starts (its opening quote).
    #[cfg_attr(feature = "analysis", serde(flatten))]
    pub span: Span,
    /// The JSON type, or `None` when the document gives no annotation and none can be inferred.
    #[cfg_attr(feature = "analysis", serde(rename = "type"))]
    pub ty: Option<Type>,
    /// `true` when the type was not annotated but inferred: json-string from enumerated values,
    /// json-object from nested members.
    #[cfg_attr(
        feature = "analysis",
        serde(default, skip_serializing_if = "std::ops::Not::not")
    )]
    pub type_inferred: bool,
    /// Where the type annotation stands, when there is one.
    #[cfg_attr(
        feature = "analysis",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub annotation: Option<Text>,
    /// The bare words of the annotation that are no JSON type of the document nor `optional`
    /// (`json-str`, `operation`), as written, with their places. A `json-…` one leaves the
    /// type unknown (`ty` is `None`, not inferred: any value is accepted); the others say
    /// nothing. Kept so that every output can say why, and `fmt` writes them back.
    #[cfg_attr(feature = "analysis", serde(default))]
    pub unknown_words: Vec<Text>,
    /// Whether the member may be absent.
    pub optional: bool,
    /// The description, without the annotation.
    pub description: String,
    /// The enumerated values, for string members that document them.
    pub values: Vec<Value>,
    /// The nested members of a json-object member.
    pub fields: Vec<Field>,
}

impl Field {
    /// The annotation's word that names a type the document does not know (`json-str`), when
    /// it names no known one: why the field's type is unknown.
    pub fn unknown_type(&self) -> Option<&Text> {
        if self.ty.is_some() {
            return None;
        }
        self.unknown_words
            .iter()
            .find(|word| word.text.starts_with("json-"))
    }
}

/// A member's JSON type as the document annotates it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "analysis", serde(from = "String", into = "String"))]
pub enum Type {
    /// `json-string`
    String,
    /// `json-int`
    Int,
    /// `json-bool`
    Bool,
    /// `json-number`
    Number,
    /// `json-object`
    Object,
    /// A type documented elsewhere (`DumpQueryResult type described in qapi-schema.json`).
    Named(String),
}

impl Type {
    /// The annotation as the document writes it (`json-string`), or the referenced name.
    pub fn as_str(&self) -> &str {
        match self {
            Type::String => "json-string",
            Type::Int => "json-int",
            Type::Bool => "json-bool",
            Type::Number => "json-number",
            Type::Object => "json-object",
            Type::Named(name) => name,
        }
    }

    /// The type a `json-…` annotation names, if it is one of the document's JSON types.
    pub fn from_annotation(word: &str) -> Option<Type> {
        Some(match word {
            "json-string" => Type::String,
            "json-int" => Type::Int,
            "json-bool" => Type::Bool,
            "json-number" => Type::Number,
            "json-object" => Type::Object,
            _ => return None,
        })
    }
}

impl From<String> for Type {
    fn from(name: String) -> Self {
        Type::from_annotation(&name).unwrap_or(Type::Named(name))
    }
}

impl From<Type> for String {
    fn from(ty: Type) -> Self {
        match ty {
            Type::Named(name) => name,
            other => other.as_str().to_owned(),
        }
    }
}

impl std::fmt::Display for Type {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One enumerated value of a string member.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct Value {
    /// The value as it appears on the wire (`write`).
    pub name: String,
    /// Where the value's opening quote stands.
    #[cfg_attr(feature = "analysis", serde(flatten))]
    pub span: Span,
    /// What the document says it means, if anything (`error has been ignored`); serialised as
    /// `null` when it says nothing, so that every value has the same keys.
    #[cfg_attr(feature = "analysis", serde(default))]
    pub description: Option<String>,
}

/// An example message, as the document writes it.
///
/// The parser finds where an example starts and ends and keeps its text; reading the text as
/// JSON (`Example::json()`, with the `analysis` feature) is the text front end's example reader,
/// run when asked: code generation needs the text alone, so a build script compiles no JSON
/// reader for it. Serialised, an example has `line`, `column`, `label`, `text`, `json` (the
/// value, or `null`) and `error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// Where the example's first line starts.
    pub span: Span,
    /// A label written before it ("Read operation:"), if any.
    pub label: Option<String>,
    /// The example's lines as written, indentation kept, joined with `\n`: its first line from
    /// where the example starts, later lines whole, so that a position in the text maps onto the
    /// document.
    pub text: String,
}

impl Example {
    /// An example of `text`, whose first line starts at `span`.
    pub fn new(span: Span, label: Option<String>, text: String) -> Self {
        Example { span, label, text }
    }

    /// The example's JSON value, or `None` when the text is not valid JSON.
    #[cfg(feature = "analysis")]
    pub fn json(&self) -> Option<serde_json::Value> {
        crate::text::parse::example::read_json(&self.text).ok()
    }

    /// Why the text is not valid JSON, and where in the document it breaks, when it is not.
    #[cfg(feature = "analysis")]
    pub fn error(&self) -> Option<JsonError> {
        let error = crate::text::parse::example::read_json(&self.text).err()?;
        Some(crate::text::parse::example::placed(&error, self))
    }
}

/// The serialised form of an [`Example`].
#[cfg(feature = "analysis")]
#[derive(Serialize, Deserialize)]
struct ExampleForm {
    #[serde(flatten)]
    span: Span,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    text: String,
    #[serde(default)]
    json: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<JsonError>,
}

#[cfg(feature = "analysis")]
impl Serialize for Example {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let read = crate::text::parse::example::read_json(&self.text);
        let (json, error) = match read {
            Ok(json) => (Some(json), None),
            Err(error) => (
                None,
                Some(crate::text::parse::example::placed(&error, self)),
            ),
        };
        ExampleForm {
            span: self.span,
            label: self.label.clone(),
            text: self.text.clone(),
            json,
            error,
        }
        .serialize(serializer)
    }
}

#[cfg(feature = "analysis")]
impl<'de> Deserialize<'de> for Example {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // `json` and `error` are what the text reads as: read again from the text when asked.
        let form = ExampleForm::deserialize(deserializer)?;
        Ok(Example::new(form.span, form.label, form.text))
    }
}

/// Why an example is not valid JSON, and where in the document it breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "analysis", derive(Serialize, Deserialize))]
pub struct JsonError {
    /// Where in the document the JSON stops making sense.
    #[cfg_attr(feature = "analysis", serde(flatten))]
    pub span: Span,
    /// The JSON parser's message, without its own position.
    pub message: String,
}
