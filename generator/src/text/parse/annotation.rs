//! The grammar inside a field's type annotation and of enumerated values.
//!
//! An annotation is a parenthesised group such as `(json-string, optional)`,
//! `(json-string, "read" or "write")`, `(json-string, currently always "pause")`,
//! `(json-string; "stream" for image streaming "commit" for block commit)` or
//! `("stream" for image streaming, json-string)`: items separated by `,` or `;`, each a JSON type,
//! the word `optional`, quoted values with their meanings, or prose.
//!
//! Values may also stand on lines of their own below a field: `"ignore": error has been ignored`
//! (a value and its meaning) or `"reset", "shutdown", or "none"` (a plain list).

use nom::branch::alt;
use nom::bytes::complete::{is_not, tag, take_until};
use nom::character::complete::{char, space0, space1};
use nom::combinator::{all_consuming, opt, recognize, rest};
use nom::multi::separated_list1;
use nom::sequence::delimited;
use nom::{IResult, Parser};

use crate::text::model::Type;

/// A quoted value found in text, with the byte offset of its opening quote in that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotedValue<'a> {
    /// Byte offset of the opening quote within the text that was read.
    pub offset: usize,
    /// The value, without quotes.
    pub name: &'a str,
    /// The words that follow it, if they say what it means (`for image streaming`).
    pub description: Option<&'a str>,
}

/// What an annotation's items say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotation<'a> {
    /// The first JSON type it names. The document never names two; were one to, the second stays
    /// in the annotation's text (kept in the model) rather than in a list allocated per field.
    pub ty: Option<Type>,
    /// Whether it says `optional`.
    pub optional: bool,
    /// Quoted values, in order; offsets are relative to the annotation's contents.
    pub values: Vec<QuotedValue<'a>>,
    /// Items that are one bare word but no JSON type of the document nor `optional`
    /// (`json-str`, `operation`), with their offsets in the contents: a `json-…` word leaves the
    /// type unknown, any other word is dropped.
    pub unknown: Vec<(usize, &'a str)>,
}

/// The words an annotation item may be: the document's JSON types and `optional`.
pub const KEYWORDS: [&str; 6] = [
    "json-string",
    "json-int",
    "json-bool",
    "json-number",
    "json-object",
    "optional",
];

/// Whether an item is one bare word (`operation`, `json-str`) rather than prose or values.
fn is_bare_word(item: &str) -> bool {
    item.bytes()
        .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
}

/// A double-quoted string without escapes: the document never escapes inside its quotes.
fn quoted(input: &str) -> IResult<&str, &str> {
    delimited(char('"'), recognize(opt(is_not("\"\n"))), char('"')).parse(input)
}

/// Whether an annotation item is a JSON type word: `json-` and a name (`json-string`,
/// `json-object`, `json-fancy-thing`). Every item of every annotation is asked, so this is a byte
/// check rather than a parser.
fn is_json_type_word(item: &str) -> bool {
    item.strip_prefix("json-").is_some_and(|name| {
        !name.is_empty()
            && name
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
    })
}

/// Whether a parenthesised group's contents make it a type annotation: one of its items is a
/// `json-…` type or the word `optional`.
pub fn is_annotation(contents: &str) -> bool {
    // Most parenthesised prose names neither; skip splitting it.
    if !has_word(contents, "json-") && !has_word(contents, "optional") {
        return false;
    }
    items(contents).any(|(_, item)| is_json_type_word(item) || item == "optional")
}

/// Whether `needle` occurs in `text`. Parenthesised groups are short: jumping between the
/// occurrences of the needle's first byte beats building a substring searcher for each group.
fn has_word(text: &str, needle: &str) -> bool {
    let (bytes, wanted) = (text.as_bytes(), needle.as_bytes());
    memchr::memchr_iter(wanted[0], bytes).any(|at| bytes[at..].starts_with(wanted))
}

/// The items of an annotation, split at `,` and `;` outside quotes, trimmed, with their offsets.
pub fn items(contents: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    let mut in_quote = false;
    // The separators and quotes are ASCII: a byte scan finds them exactly.
    let mut cuts = contents
        .bytes()
        .enumerate()
        .filter_map(move |(offset, byte)| {
            match byte {
                b'"' => in_quote = !in_quote,
                b',' | b';' if !in_quote => return Some(offset),
                _ => {}
            }
            None
        });
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let end = cuts.next().unwrap_or_else(|| {
            done = true;
            contents.len()
        });
        let piece = &contents[start..end];
        let piece_start = start;
        start = end + 1;
        Some((piece_start, piece))
    })
    .filter_map(|(start, piece)| {
        let trimmed = piece.trim();
        (!trimmed.is_empty()).then(|| (start + (piece.len() - piece.trim_start().len()), trimmed))
    })
}

/// Reads an annotation's contents (the text between its parentheses).
pub fn annotation(contents: &str) -> Annotation<'_> {
    let mut annotation = Annotation::default();
    for (offset, item) in items(contents) {
        if let Some(ty) = Type::from_annotation(item) {
            annotation.ty.get_or_insert(ty);
        } else if item == "optional" {
            annotation.optional = true;
        } else if is_bare_word(item) {
            annotation.unknown.push((offset, item));
        } else {
            annotation
                .values
                .extend(quoted_values(item).into_iter().map(|value| QuotedValue {
                    offset: offset + value.offset,
                    ..value
                }));
        }
    }
    annotation
}

/// Words that join values in a list and say nothing about them.
fn is_connector(words: &str) -> bool {
    matches!(
        words,
        "" | "or" | "and" | "," | ", or" | ", and" | "." | "or." | "etc" | "etc."
    )
}

/// Every quoted value in `text`, each with the words that follow it up to the next quote as its
/// meaning (unless those words only join the list: `or`, `and`, commas).
pub fn quoted_values(text: &str) -> Vec<QuotedValue<'_>> {
    let mut values = Vec::new();
    let mut input = text;
    while let Ok((after_prefix, _)) = take_until::<_, _, nom::error::Error<&str>>("\"").parse(input)
    {
        let offset = text.len() - after_prefix.len();
        let Ok((after, name)) = quoted(after_prefix) else {
            break;
        };
        let next_quote = after.find('"').unwrap_or(after.len());
        let words = after[..next_quote]
            .trim()
            .trim_end_matches([',', '.', ')', ':'])
            .trim();
        let words = words
            .strip_suffix(" or")
            .or_else(|| words.strip_suffix(" and"))
            .unwrap_or(words)
            .trim();
        let description = (!is_connector(words)).then_some(words);
        values.push(QuotedValue {
            offset,
            name,
            description,
        });
        input = &after[next_quote..];
    }
    values
}

/// A line that is only a list of quoted values: `"reset", "shutdown", or "none"`.
pub fn value_list(content: &str) -> Option<Vec<QuotedValue<'_>>> {
    let separator = (
        space0,
        opt(char(',')),
        space0,
        opt((alt((tag("or"), tag("and"))), space1)),
    );
    let list = separated_list1(separator, quoted);
    all_consuming((list, space0, opt(alt((tag("."), tag(","))))))
        .parse(content)
        .ok()?;
    Some(
        quoted_values(content)
            .into_iter()
            .map(|value| QuotedValue {
                description: None,
                ..value
            })
            .collect(),
    )
}

/// A line that names one value and its meaning: `"ignore": error has been ignored`.
pub fn value_line(content: &str) -> Option<QuotedValue<'_>> {
    let (_, (name, _, _, _, meaning)) = (quoted, space0, char(':'), space0, rest)
        .parse(content)
        .ok()?;
    let meaning = meaning.trim();
    Some(QuotedValue {
        offset: 0,
        name,
        description: (!meaning.is_empty()).then_some(meaning),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names<'a>(values: &[QuotedValue<'a>]) -> Vec<&'a str> {
        values.iter().map(|value| value.name).collect()
    }

    #[test]
    fn reads_type_optional_and_values() {
        let read = annotation("json-string, optional");
        assert_eq!((read.ty, read.optional), (Some(Type::String), true));
        let read = annotation("json-string, \"read\" or \"write\"");
        assert_eq!(names(&read.values), ["read", "write"]);
        assert_eq!(read.values[0].description, None);
        assert_eq!(read.values[1].offset, 23);
        let read = annotation("json-string, currently always \"pause\"");
        assert_eq!(names(&read.values), ["pause"]);
    }

    #[test]
    fn values_keep_their_meanings() {
        let read =
            annotation("json-string; \"stream\" for image streaming\n \"commit\" for block commit");
        assert_eq!(names(&read.values), ["stream", "commit"]);
        assert_eq!(read.values[0].description, Some("for image streaming"));
        assert_eq!(read.values[1].description, Some("for block commit"));
        let read = annotation("\"stream\" for image streaming, json-string");
        assert_eq!(read.ty, Some(Type::String));
        assert_eq!(read.values[0].description, Some("for image streaming"));
    }

    #[test]
    fn unknown_words_are_kept_apart_with_their_offsets() {
        let read = annotation("json-str, operation, \"a\" or \"b\"");
        assert_eq!(read.ty, None);
        assert!(!read.optional);
        assert_eq!(read.unknown, [(0, "json-str"), (10, "operation")]);
        assert_eq!(names(&read.values), ["a", "b"]);
    }

    #[test]
    fn recognises_annotations_only_by_type_or_optional() {
        assert!(is_annotation("json-int, optional"));
        assert!(is_annotation("optional"));
        assert!(!is_annotation("e.g., reason for the corruption"));
        assert!(!is_annotation("\"\""));
        assert!(!is_annotation("as specified by -rtc base"));
    }

    #[test]
    fn reads_value_lines_and_lists() {
        let value = value_line("\"ignore\": error has been ignored").unwrap();
        assert_eq!(
            (value.name, value.description),
            ("ignore", Some("error has been ignored"))
        );
        let list =
            value_list("\"reset\", \"shutdown\", \"poweroff\", \"pause\", \"debug\", or \"none\"")
                .unwrap();
        assert_eq!(
            names(&list),
            ["reset", "shutdown", "poweroff", "pause", "debug", "none"]
        );
        assert_eq!(value_list("\"commit\" for block commit)"), None);
        assert_eq!(value_line("\"1\" is the main control channel"), None);
    }
}
