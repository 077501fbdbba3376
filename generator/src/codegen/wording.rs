//! What generated docs say of the model: why a type is unknown, how the document names a
//! member's type, and an item's `since`, features and conditions.

use super::condition;
use super::docs::{Doc, code};
use super::types::Ty;
use crate::model::{
    self, Builtin, Condition, Feature, Format, Schema, Text, TypeKind, TypeRef, Unknown,
};
use crate::names::camel_case;

/// Why an event's whole data is kept as a `serde_json::Value` (completes "because …").
pub fn data_unknown(why: &Unknown) -> String {
    match why {
        Unknown::Elsewhere { name } => format!(
            "the document refers to {} for this data, which it does not describe",
            code(name)
        ),
        Unknown::Prose { .. } => "the document describes this data in prose only".to_owned(),
        other => member_unknown(other),
    }
}

/// Why a member's value is kept as a `serde_json::Value` (completes "because …").
pub fn member_unknown(why: &Unknown) -> String {
    match why {
        Unknown::Members => {
            "the document calls it a json-object but lists none of its members".to_owned()
        }
        Unknown::Elsewhere { name } => format!(
            "its type, {}, is documented elsewhere, not in this document",
            code(name)
        ),
        Unknown::Annotation { word } => format!(
            "its annotation names {}, which is no JSON type of the document",
            code(word)
        ),
        Unknown::Unannotated => "the document gives it no type".to_owned(),
        Unknown::Prose { .. } => "the document describes it in prose only".to_owned(),
        Unknown::Undocumented => "the document does not describe it".to_owned(),
    }
}

/// How the document names a member's type: the text's annotation (`json-string`), or the
/// schema's type name (`uint64`, `BlockErrorAction`, `[str]`).
pub fn type_word(schema: &Schema, ty: &TypeRef) -> String {
    let text = schema.source.format == Format::Text;
    match ty {
        TypeRef::Builtin(builtin) if text => match builtin {
            Builtin::Str => "json-string".to_owned(),
            Builtin::Int | Builtin::AnyInt => "json-int".to_owned(),
            Builtin::Bool => "json-bool".to_owned(),
            Builtin::Number => "json-number".to_owned(),
            other => other.name().to_owned(),
        },
        TypeRef::Builtin(builtin) => builtin.name().to_owned(),
        // The text's enumerated strings and nested json-objects are named types of the model.
        TypeRef::Named(name) if text => match schema.named(name).map(|named| &named.kind) {
            Some(TypeKind::Enum(_)) => "json-string".to_owned(),
            Some(TypeKind::Object(_)) => "json-object".to_owned(),
            _ => name.clone(),
        },
        TypeRef::Named(name) => name.clone(),
        TypeRef::Array(element) => format!("[{}]", type_word(schema, element)),
        TypeRef::Unknown(Unknown::Members) => "json-object".to_owned(),
        TypeRef::Unknown(Unknown::Elsewhere { name }) => name.clone(),
        TypeRef::Unknown(_) => "no type given".to_owned(),
    }
}

/// The variant an alternative of type `ty` gets (`Str`, `Int64`, `BlockdevOptions`,
/// `StrList`).
pub fn alternative_variant(ty: &Ty) -> String {
    match ty {
        Ty::Builtin(builtin) => camel_case(builtin.name()),
        Ty::Named(name) | Ty::Boxed(name) => name.clone(),
        Ty::Array(element) => format!("{}List", alternative_variant(element)),
        Ty::JsonNumber => "Number".to_owned(),
        Ty::Value(_) => "Value".to_owned(),
    }
}

/// `comment` with an item's documentation after its description: its other sections (the
/// text's data described in a sentence: "Data, in the document's words:"), notes and
/// examples.
pub fn sections(mut comment: Doc, doc: &model::Doc) -> Doc {
    for section in &doc.sections {
        comment = comment
            .note(format!("{}, in the document's words:", section.name))
            .prose(&section.text.text);
    }
    for note in &doc.notes {
        comment = comment.prose(&format!("Note: {}", note.text));
    }
    for example in &doc.examples {
        comment = comment.json(example.label.as_deref().or(Some("Example:")), &example.text);
    }
    comment
}

/// `comment` with what the model says of an item beyond its words: since when it exists, its
/// features (deprecated, unstable, others) and the condition under which QEMU has it.
pub fn item_notes(
    mut comment: Doc,
    since: Option<&Text>,
    features: &[Feature],
    condition: Option<&Condition>,
) -> Doc {
    for feature in features {
        let what = if feature.is_deprecated() {
            "Deprecated.".to_owned()
        } else if feature.is_unstable() {
            "Unstable: it may change or go away in a later QEMU.".to_owned()
        } else {
            format!("Feature {}.", code(&feature.name))
        };
        comment = comment.note(what);
        if let Some(doc) = &feature.doc {
            comment = comment.prose(&doc.text);
        }
        if let Some(condition) = &feature.condition {
            comment = comment.note(format!(
                "That feature only when QEMU is built {}.",
                condition::words(condition)
            ));
        }
    }
    if let Some(since) = since {
        comment = comment.prose(&since_words(&since.text));
    }
    if let Some(condition) = condition {
        comment = comment.note(format!(
            "Only when QEMU is built {}.",
            condition::words(condition)
        ));
    }
    comment
}

/// Words joined as a list: `a`, `a and b`, `a, b and c` (`conjunction` "and" or "or").
pub fn list_words(items: &[String], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}

/// Since when QEMU has an item, from the schema's `Since:` as written: `0.12` → "Since QEMU
/// 0.12." (a `QEMU` or `v` the schema writes before the version, and a full stop after it, are
/// not doubled).
pub fn since_words(since: &str) -> String {
    let version = since.trim().trim_end_matches('.').trim();
    let version = ["QEMU ", "qemu ", "v"]
        .iter()
        .find_map(|prefix| {
            version
                .strip_prefix(prefix)
                .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        })
        .unwrap_or(version);
    format!("Since QEMU {}.", version.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_names_the_qemu_version() {
        assert_eq!(since_words("0.12"), "Since QEMU 0.12.");
        assert_eq!(since_words(" 7.1. "), "Since QEMU 7.1.");
        assert_eq!(since_words("QEMU 2.4"), "Since QEMU 2.4.");
        assert_eq!(since_words("v8.0"), "Since QEMU 8.0.");
        assert_eq!(since_words("version 1"), "Since QEMU version 1.");
    }
}
