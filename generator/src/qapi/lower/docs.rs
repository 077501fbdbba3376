//! The doc comments ([`crate::qapi::doc`]) lowered: a definition's block gives its description,
//! notes, examples and other sections, its `Since:`, and the words of its members, values and
//! features (`@name: text`), with a member's `(since X.Y)`.

use std::collections::HashMap;

use crate::model::{Doc, Feature, Section, Span, Text};
use crate::qapi::ast::{Expression, Program};
use crate::qapi::doc::{QapiDoc, SectionForm, read_program};

/// Every definition's doc block, by where its expression starts.
pub struct Docs {
    by_definition: HashMap<Span, QapiDoc>,
}

impl Docs {
    /// Reads every doc block of `program` that documents a definition (the first, should two
    /// claim one).
    pub fn read(program: &Program) -> Docs {
        let mut by_definition = HashMap::new();
        for read in read_program(program) {
            if let Some(definition) = read.definition {
                by_definition
                    .entry(definition.value.span)
                    .or_insert(read.doc);
            }
        }
        Docs { by_definition }
    }

    /// The doc block of the definition `expression`, if it has one.
    pub fn of(&self, expression: &Expression) -> Option<&QapiDoc> {
        self.by_definition.get(&expression.value.span)
    }
}

/// A definition's documentation: the description (with the untitled paragraphs QEMU reads as
/// more of it), the notes (`Note:`, `Notes:`, `.. note::`), the server's example messages, and
/// the other sections by name (`Returns`, `TODO`, an admonition); `Since:` is the item's own.
pub fn doc(doc: Option<&QapiDoc>) -> Doc {
    let Some(doc) = doc else {
        return Doc::default();
    };
    let mut description = doc.body.clone();
    let mut notes = Vec::new();
    let mut sections = Vec::new();
    for section in &doc.sections {
        match section.form {
            _ if section.is_example() => {}
            SectionForm::Plain => match &mut description {
                Some(description) => {
                    description.text.push_str("\n\n");
                    description.text.push_str(&section.text.text);
                }
                None => description = Some(section.text.clone()),
            },
            SectionForm::Tagged if section.name == "Since" => {}
            SectionForm::Tagged if section.name.starts_with("Note") => {
                notes.push(section.text.clone())
            }
            SectionForm::Directive if section.name == "note" => notes.push(section.text.clone()),
            _ => sections.push(Section {
                name: section.name.clone(),
                text: section.text.clone(),
            }),
        }
    }
    Doc {
        description,
        notes,
        examples: doc.examples(),
        sections,
    }
}

/// What the doc block says of member (or value) `name`: its words, and the `(since X.Y)` they
/// end with, if any.
pub fn member(doc: Option<&QapiDoc>, name: &str) -> (Option<Text>, Option<Text>) {
    let Some(entry) = doc.and_then(|doc| doc.arg(name)) else {
        return (None, None);
    };
    let since = since_note(&entry.text);
    (Some(entry.text.clone()), since)
}

/// `features` with the words the doc block's `Features:` section gives each.
pub fn features(mut features: Vec<Feature>, doc: Option<&QapiDoc>) -> Vec<Feature> {
    if let Some(doc) = doc {
        for feature in &mut features {
            feature.doc = doc
                .features
                .iter()
                .find(|entry| entry.name == feature.name)
                .map(|entry| entry.text.clone());
        }
    }
    features
}

/// The version in a member's `(since X.Y)` (QEMU writes `(since 2.12)`, `(Since 4.0)`,
/// `(since: 5.0)`), where the words start.
fn since_note(text: &Text) -> Option<Text> {
    let lower = text.text.to_ascii_lowercase();
    let start = lower.find("(since")? + "(since".len();
    let end = start + lower[start..].find(')')?;
    let version = text.text[start..end].trim_start_matches(':').trim();
    let is_version = !version.is_empty() && version.chars().all(|c| c.is_ascii_digit() || c == '.');
    is_version.then(|| Text {
        span: text.span,
        text: version.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(words: &str) -> Text {
        Text {
            span: Span::new(3, 9),
            text: words.to_owned(),
        }
    }

    #[test]
    fn a_member_says_since_when_in_qemus_ways() {
        let since = |words: &str| since_note(&text(words)).map(|since| since.text);
        assert_eq!(since("the node name (since 2.3)").as_deref(), Some("2.3"));
        assert_eq!(since("the reason\n(Since 4.0)").as_deref(), Some("4.0"));
        assert_eq!(since("x (since: 5.0)").as_deref(), Some("5.0"));
        assert_eq!(since("the error message"), None);
        assert_eq!(since("(since the VM started)"), None);
    }
}
