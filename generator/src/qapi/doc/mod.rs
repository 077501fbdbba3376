//! QAPI `##` doc comment blocks read into their parts: the symbol a block documents, its
//! description, its members' and features' descriptions, and its sections (`Since:`, `Returns:`,
//! `Note:`, `Example:`, 9.1's `.. qmp-example::` and `.. note::`), each with where it stands.
//!
//! [`read`] takes one [`DocBlock`](super::ast::DocBlock) and gives a [`QapiDoc`] and QEMU 2.10's
//! findings about the block alone, at QEMU's line and column; [`read_program`] reads every
//! block of a schema, each with the definition it documents. Checks that need the definition
//! (documented members it lacks, a symbol that is not its name, `Returns:` outside a command)
//! belong to the semantic checks, which read what [`QapiDoc`] holds.
//!
//! - [`line`](mod@line): the grammar of one line (nom): what it starts, or that it continues.
//! - `read`: the lines into parts, with the findings.
//! - `examples`: the server's messages in the example sections.

mod examples;
pub mod line;
mod read;

pub use read::read;

use super::ast::{Expression, Item, Program};
use super::report::Finding;
use crate::model::{Example, Span, Text};

/// The codes of the doc reader's findings.
pub mod codes {
    /// A member described twice (`'a' parameter name duplicated`).
    pub const DUPLICATED_ARG: &str = "qapi-doc-duplicated-arg";
    /// A second `Returns:` or `Since:` section.
    pub const DUPLICATED_SECTION: &str = "qapi-doc-duplicated-section";
    /// `@:`, a member's description without a name.
    pub const INVALID_ARG_NAME: &str = "qapi-doc-invalid-arg-name";
    /// A tagged section with no text (`Note:` and nothing after it).
    pub const EMPTY_SECTION: &str = "qapi-doc-empty-section";
    /// `@:` as the symbol line.
    pub const INVALID_NAME: &str = "qapi-doc-invalid-name";
    /// A member's description after a section (`'@foobar:' can't follow 'Note' section`).
    pub const ARG_AFTER_SECTION: &str = "qapi-doc-arg-after-section";
    /// `@name:` starting a line of a block that documents no definition.
    pub const MEMBER_IN_FREE_FORM: &str = "qapi-doc-member-in-free-form";
    /// `@name :`, a member's description with a space before its colon (QEMU 2.1 to 2.7):
    /// read as the member's, where QEMU reads text.
    pub const SPACE_BEFORE_COLON: &str = "qapi-doc-space-before-colon";
    /// A symbol line that does not end with `:` (QEMU 2.1 to 2.7 wrote many `# @NAME`).
    pub const MISSING_COLON: &str = "qapi-doc-missing-colon";
}

/// A doc block of a schema, read, with the definition it documents.
#[derive(Debug, Clone, PartialEq)]
pub struct DocOf<'a> {
    /// The definition right after the block: `None` for a free-form block, and for a block
    /// before an `include` or a `pragma` (which document nothing).
    pub definition: Option<&'a Expression>,
    /// What the block says.
    pub doc: QapiDoc,
    /// What QEMU finds wrong with the block alone.
    pub findings: Vec<Finding>,
}

/// Reads every doc block of `program`, in reading order.
pub fn read_program(program: &Program) -> Vec<DocOf<'_>> {
    let blocks = program.items.iter().filter_map(|item| match item {
        Item::Expression(expression) => {
            let directive =
                expression.get("include").is_some() || expression.get("pragma").is_some();
            Some((expression.doc.as_ref()?, (!directive).then_some(expression)))
        }
        Item::FreeDoc(block) => Some((block, None)),
    });
    blocks
        .map(|(block, definition)| {
            let (doc, findings) = read(block, definition.is_some());
            DocOf {
                definition,
                doc,
                findings,
            }
        })
        .collect()
}

/// What one doc comment block says.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct QapiDoc {
    /// Where the block's opening `##` stands.
    pub span: Span,
    /// The definition it documents (`@NAME:`), or `None` for free-form documentation (a
    /// section heading `= Title`, or text).
    pub symbol: Option<Symbol>,
    /// The description: the text between the symbol line and the first member, feature or
    /// section (all of a free-form block's text).
    pub body: Option<Text>,
    /// The members' descriptions (`@member: text`), in order.
    pub args: Vec<Entry>,
    /// The features' descriptions (`@feature: text` after `Features:`), in order.
    pub features: Vec<Entry>,
    /// The sections, in order.
    pub sections: Vec<Section>,
}

/// The name a definition's doc block starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// The name, without `@` and `:`.
    pub name: String,
    /// Where its `@` stands.
    pub span: Span,
}

/// A member's or feature's description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The member's or feature's name.
    pub name: String,
    /// Where its `@` stands.
    pub span: Span,
    /// Its description, notes like `(since 4.0)` and 2.x's `#optional` kept.
    pub text: Text,
}

/// How a section is introduced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionForm {
    /// By a tag: `Since:`, `Returns:`, `Note:`, `Example:`, `TODO:`, `Errors:`.
    Tagged,
    /// By an rST directive (QEMU 9.1): `.. qmp-example::`, `.. note::`, `.. admonition::`.
    Directive,
    /// By nothing: a paragraph after a member's description or a directive (QEMU's untitled
    /// section).
    Plain,
}

/// A section of a definition's doc block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Its tag without the colon (`Since`, `Notes`), its directive's name (`qmp-example`,
    /// `note`), or empty for a plain section.
    pub name: String,
    /// How it is introduced.
    pub form: SectionForm,
    /// Where its tag, its directive's `..` or (plain) its first line stands.
    pub span: Span,
    /// A directive's options (`:title: Use absolute path` as `("title", "Use absolute path")`),
    /// in order; not part of `text`.
    pub options: Vec<(String, String)>,
    /// Its text as written (common indentation removed), starting after the tag.
    pub text: Text,
    /// Where each line of `text` starts in the file.
    pub lines: Vec<Span>,
}

impl Section {
    /// Whether it holds examples (`Example:`, `Examples:`, `.. qmp-example::`).
    pub fn is_example(&self) -> bool {
        match self.form {
            SectionForm::Tagged => self.name.starts_with("Example"),
            SectionForm::Directive => self.name == "qmp-example",
            SectionForm::Plain => false,
        }
    }

    /// A directive option's value.
    pub fn option(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|(option, _)| option == name)
            .map(|(_, value)| value.as_str())
    }
}

impl QapiDoc {
    /// The first section with tag `name` (`Since`, `Returns`).
    pub fn section(&self, name: &str) -> Option<&Section> {
        self.sections
            .iter()
            .find(|section| section.form == SectionForm::Tagged && section.name == name)
    }

    /// The `Since:` section's first paragraph, trimmed (`0.12`, `2.1`, `8.2`).
    pub fn since(&self) -> Option<Text> {
        let section = self.section("Since")?;
        let first = section.text.text.split("\n\n").next().unwrap_or_default();
        Some(Text {
            span: section.text.span,
            text: first.trim().to_owned(),
        })
    }

    /// The member description of `name`.
    pub fn arg(&self, name: &str) -> Option<&Entry> {
        self.args.iter().find(|entry| entry.name == name)
    }

    /// The messages the server sends in the example sections, in order: lines starting `<-`
    /// (and, in 2.x docs that write no `<-`, a JSON object with an `"event"` member).
    pub fn examples(&self) -> Vec<Example> {
        self.sections
            .iter()
            .filter(|section| section.is_example())
            .flat_map(examples::server_messages)
            .collect()
    }
}
