//! Layer 3: the lines of a field list → [`Field`]s.
//!
//! A field starts at a line `- "name": description (annotation)`; the lines after it, up to the
//! next field, continue it: more description, the annotation (which may stand at the end of a
//! later line, or spread over several), enumerated values (`"ignore": meaning` lines, or a plain
//! list of quoted values) and, indented deeper, the members of a json-object.

use std::borrow::Cow;

use nom::branch::alt;
use nom::bytes::complete::{is_not, tag, take_while1};
use nom::character::complete::{char, space0, space1};
use nom::combinator::rest;
use nom::sequence::delimited;
use nom::{IResult, Parser};

use crate::diagnostics::{Diagnostic, codes};
use crate::text::model::{Field, Span, Text, Type, Value};
use crate::text::parse::annotation::{
    QuotedValue, annotation, is_annotation, value_line, value_list,
};
use crate::text::parse::source::{Line, floor_char_boundary};

/// Whether a line's content starts a field (`- "name": …`, `- 'name': …`, `- name: …`).
pub fn is_field_start(content: &str) -> bool {
    content.starts_with("- ") || content == "-"
}

/// A field line's name, the name's quote (if any), and the rest of the line.
fn field_line(content: &str) -> IResult<&str, (&str, &str)> {
    let name = alt((
        delimited(char('"'), is_not("\""), char('"')),
        delimited(char('\''), is_not("'"), char('\'')),
        take_while1(|c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')),
    ));
    let (remaining, (_, _, name, _, _, _, description)) =
        (tag("-"), space1, name, space0, char(':'), space0, rest).parse(content)?;
    Ok((remaining, (name, description)))
}

/// Where a piece of a [`Joined`] text stood: `(offset in the text, line, the part appended)`.
type Piece<'l, 'a> = (usize, &'l Line<'a>, &'a str);

/// Text gathered from several lines, joined with `\n`, that still knows where each part stood.
///
/// Most fields take one line: their text borrows the line, and only a second line makes it owned.
struct Joined<'l, 'a> {
    text: Cow<'a, str>,
    first: Option<Piece<'l, 'a>>,
    more: Vec<Piece<'l, 'a>>,
    /// The parentheses left open at the end of the text, kept as text is appended so that a
    /// field of many lines costs linear time.
    open_parens: i32,
    /// Whether the text ends inside double quotes.
    in_quote: bool,
}

impl<'l, 'a> Joined<'l, 'a> {
    fn new() -> Self {
        Joined {
            text: Cow::Borrowed(""),
            first: None,
            more: Vec::new(),
            open_parens: 0,
            in_quote: false,
        }
    }

    fn push(&mut self, line: &'l Line<'a>, part: &'a str) {
        if self.first.is_none() {
            self.text = Cow::Borrowed(part);
            self.first = Some((0, line, part));
        } else {
            if let Cow::Borrowed(first) = self.text {
                // Fields that take a second line often take a third: room for both at once.
                let mut owned = String::with_capacity(2 * (first.len() + part.len() + 1));
                owned.push_str(first);
                self.text = Cow::Owned(owned);
            }
            let text = self.text.to_mut();
            text.push('\n');
            self.more.push((text.len(), line, part));
            text.push_str(part);
        }
        // Quotes and parentheses are ASCII, so a byte search sees them exactly; most text has few
        // of them, and memchr jumps between them.
        let bytes = part.as_bytes();
        for at in memchr::memchr3_iter(b'"', b'(', b')', bytes) {
            match bytes[at] {
                b'"' => self.in_quote = !self.in_quote,
                b'(' if !self.in_quote => self.open_parens += 1,
                b')' if !self.in_quote && self.open_parens > 0 => self.open_parens -= 1,
                _ => {}
            }
        }
    }

    /// The document position of byte `offset` of the joined text.
    fn span_at(&self, offset: usize) -> Span {
        let index = self.more.partition_point(|&(at, _, _)| at <= offset);
        let piece = match index {
            0 => self.first,
            _ => self.more.get(index - 1).copied(),
        };
        match piece {
            Some((at, line, part)) => {
                let within = floor_char_boundary(part, offset.saturating_sub(at));
                line.span_of(&part[within..])
            }
            None => Span::default(),
        }
    }
}

/// The last top-level `( … )` group of `text` whose contents satisfy `wanted`, as the byte range
/// of its contents. Parentheses inside double quotes do not count.
///
/// Hand-written prose is not always balanced, and a stray character must not hide a field's
/// annotation: when no top-level group is wanted and a quote was left open, quotes are ignored
/// (`… valuepause"). (json-int)`); when parentheses were left open, the last wanted group nested
/// inside them counts (`… (jon (json-object)`).
fn last_group(text: &str, wanted: impl Fn(&str) -> bool) -> Option<(usize, usize)> {
    let scan = groups(text, &wanted, true);
    if scan.found.is_some() {
        return scan.found;
    }
    let scan = if scan.open_quote {
        groups(text, &wanted, false)
    } else {
        scan
    };
    scan.found
        .or(if scan.open_parens { scan.nested } else { None })
}

/// What one scan of [`last_group`] saw.
struct Groups {
    /// The last wanted top-level group.
    found: Option<(usize, usize)>,
    /// The last wanted group at any depth (up to [`NESTING_SEEN`] levels).
    nested: Option<(usize, usize)>,
    /// Whether a quote was left open at the end.
    open_quote: bool,
    /// Whether a parenthesis was left open at the end.
    open_parens: bool,
}

/// How deep [`groups`] remembers where groups open (deeper ones count only at the top level).
const NESTING_SEEN: usize = 8;

fn groups(text: &str, wanted: &impl Fn(&str) -> bool, respect_quotes: bool) -> Groups {
    let mut found = None;
    let mut nested = None;
    let mut depth = 0usize;
    // Where the groups now open start; a fixed array, as fields are many and nesting is shallow.
    let mut opens = [0usize; NESTING_SEEN];
    let mut in_quote = false;
    let bytes = text.as_bytes();
    for offset in memchr::memchr3_iter(b'"', b'(', b')', bytes) {
        match bytes[offset] {
            b'"' => in_quote = respect_quotes && !in_quote,
            b'(' if !in_quote => {
                if let Some(open) = opens.get_mut(depth) {
                    *open = offset;
                }
                depth += 1;
            }
            b')' if !in_quote && depth > 0 => {
                depth -= 1;
                if let Some(&open) = opens.get(depth) {
                    let contents = &text[open + 1..offset];
                    if wanted(contents) {
                        nested = Some((open + 1, offset));
                        if depth == 0 {
                            found = Some((open + 1, offset));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Groups {
        found,
        nested,
        open_quote: in_quote,
        open_parens: depth > 0,
    }
}

/// A field being read: its first line, the lines that continue it, its members.
struct Draft<'l, 'a> {
    indent: usize,
    name: String,
    span: Span,
    text: Joined<'l, 'a>,
    /// Values from `"value": meaning` lines and plain lists, with where they stand.
    listed: Vec<Value>,
    /// The lines those values were read from, each with the length the joined text had when it
    /// was read: kept to give back to the description, in their place, when the field turns out
    /// not to be a string.
    value_lines: Vec<(usize, &'a str)>,
    /// The indentation of the last `"value": meaning` line, whose meaning may continue below it.
    last_value_indent: Option<usize>,
    members: Vec<Draft<'l, 'a>>,
}

impl<'l, 'a> Draft<'l, 'a> {
    fn continue_with(&mut self, line: &'l Line<'a>) {
        let content = line.content;
        // Value lines and value lists start with a quote: other lines need not be tried.
        if self.text.open_parens == 0 && content.starts_with('"') {
            if let Some(value) = value_line(content) {
                self.listed.push(owned_value(line.span(), &value));
                self.value_lines.push((self.text.text.len(), content));
                self.last_value_indent = Some(line.indent);
                return;
            }
            if let Some(list) = value_list(content) {
                self.listed.extend(
                    list.iter()
                        .map(|value| owned_value(line.span_of(&content[value.offset..]), value)),
                );
                self.value_lines.push((self.text.text.len(), content));
                self.last_value_indent = None;
                return;
            }
        }
        if self.text.open_parens == 0
            && let (Some(indent), Some(last)) = (self.last_value_indent, self.listed.last_mut())
            && line.indent > indent
        {
            // The meaning of the value above, wrapped onto another line: kept as one text.
            let meaning = last.description.get_or_insert_with(String::new);
            if !meaning.is_empty() {
                meaning.push(' ');
            }
            meaning.push_str(content);
            self.value_lines.push((self.text.text.len(), content));
            return;
        }
        self.last_value_indent = None;
        self.text.push(line, content);
    }
}

fn owned_value(span: Span, value: &QuotedValue<'_>) -> Value {
    Value {
        name: value.name.to_owned(),
        span,
        description: value.description.map(str::to_owned),
    }
}

/// Reads a field list. `lines` are the list's lines, blank ones included; `event` names the
/// event for diagnostics.
pub fn read_fields(
    lines: &[Line<'_>],
    event: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Field> {
    let starts = lines
        .iter()
        .filter(|line| is_field_start(line.content))
        .count();
    let mut flat: Vec<Draft<'_, '_>> = Vec::with_capacity(starts);
    for line in lines.iter().filter(|line| !line.is_blank()) {
        if is_field_start(line.content) {
            match field_line(line.content) {
                Ok((_, (name, description))) => {
                    let mut text = Joined::new();
                    text.push(line, description);
                    // The field starts at its name's opening quote (or at the name, unquoted).
                    // `name` is a slice of the line's content: its offset is where it starts.
                    let name_start = name.as_ptr() as usize - line.content.as_ptr() as usize;
                    let quoted = name_start > 0 && line.content[..name_start].ends_with(['"', '\'']);
                    let name_at = &line.content[if quoted { name_start - 1 } else { name_start }..];
                    flat.push(Draft {
                        indent: line.indent,
                        name: name.to_owned(),
                        span: line.span_of(name_at),
                        text,
                        listed: Vec::new(),
                        value_lines: Vec::new(),
                        last_value_indent: None,
                        members: Vec::new(),
                    });
                }
                Err(_) => diagnostics.push(
                    Diagnostic::error(
                        codes::BAD_FIELD,
                        line.span(),
                        "this line starts with `-` but is not a field: expected `- \"name\": description`",
                    )
                    .with_len(line.content.chars().count() as u32)
                    .with_event(event),
                ),
            }
        } else if let Some(field) = flat.last_mut() {
            field.continue_with(line);
        } else {
            diagnostics.push(
                Diagnostic::error(
                    codes::UNFITTED_TEXT,
                    line.span(),
                    "text before the first field of a field list",
                )
                .with_len(line.content.chars().count() as u32)
                .with_event(event),
            );
        }
    }
    nest(flat)
        .into_iter()
        .map(|draft| finish(draft, event, diagnostics))
        .collect()
}

/// Builds the member tree from fields in document order: a field belongs to the nearest field
/// above it that is indented less.
fn nest<'l, 'a>(flat: Vec<Draft<'l, 'a>>) -> Vec<Draft<'l, 'a>> {
    let mut roots: Vec<Draft<'l, 'a>> = Vec::new();
    // The open path from a root down to the current field.
    let mut path: Vec<Draft<'l, 'a>> = Vec::new();
    for field in flat {
        while path.last().is_some_and(|open| open.indent >= field.indent) {
            close(&mut path, &mut roots);
        }
        path.push(field);
    }
    while !path.is_empty() {
        close(&mut path, &mut roots);
    }
    roots
}

fn close<'l, 'a>(path: &mut Vec<Draft<'l, 'a>>, roots: &mut Vec<Draft<'l, 'a>>) {
    if let Some(done) = path.pop() {
        match path.last_mut() {
            Some(parent) => parent.members.push(done),
            None => roots.push(done),
        }
    }
}

/// Turns a draft into a field: finds its annotation, its values and its description.
fn finish(draft: Draft<'_, '_>, event: &str, diagnostics: &mut Vec<Diagnostic>) -> Field {
    let text = &draft.text.text;
    let found = last_group(text, is_annotation);

    let mut ty;
    let mut optional = false;
    let mut values: Vec<Value> = Vec::new();
    let mut annotation_text = None;
    let mut unknown_words = Vec::new();
    let description;
    let place;
    match found {
        Some((start, end)) => {
            let contents = &text[start..end];
            let read = annotation(contents);
            ty = read.ty;
            optional = read.optional;
            for &(offset, word) in &read.unknown {
                let span = draft.text.span_at(start + offset);
                diagnostics.push(unknown_word(&draft.name, span, word, ty.is_some(), event));
                unknown_words.push(Text {
                    span,
                    text: word.to_owned(),
                });
            }
            if matches!(ty, None | Some(Type::String)) {
                values.extend(
                    read.values
                        .iter()
                        .map(|value| owned_value(draft.text.span_at(start + value.offset), value)),
                );
            }
            annotation_text = Some(Text {
                span: draft.text.span_at(start - 1),
                text: text[start - 1..=end].to_owned(),
            });
            let before = text[..start - 1].trim();
            let before_lead = text[..start - 1].len() - text[..start - 1].trim_start().len();
            let after_untrimmed = text[end + 1..].trim_end();
            // With nothing before the annotation, what follows it starts the description.
            let after = if before.is_empty() {
                after_untrimmed.trim_start()
            } else {
                after_untrimmed
            };
            let after_lead = after_untrimmed.len() - after.len();
            place = Placement {
                cut: start - 1..end + 1,
                before_lead,
                before_len: before.len(),
                after_lead,
                after_len: after.len(),
            };
            let mut joined = String::with_capacity(before.len() + after.len());
            joined.push_str(before);
            joined.push_str(after);
            description = joined;
        }
        None => {
            // `DumpQueryResult type described in qapi-schema.json`, as the text or in parentheses.
            let reference = named_type(text).or_else(|| {
                last_group(text, |group| named_type(group).is_some())
                    .and_then(|(start, end)| named_type(&text[start..end]))
            });
            ty = reference.map(|name| Type::Named(name.to_owned()));
            description = text.trim().to_owned();
            place = Placement {
                cut: text.len() + 1..text.len() + 1,
                before_lead: text.len() - text.trim_start().len(),
                before_len: description.len(),
                after_lead: 0,
                after_len: 0,
            };
        }
    }

    let mut description = description;
    if matches!(ty, None | Some(Type::String)) {
        values.extend(draft.listed);
    } else {
        // Quoted words under an int, bool, number or object are prose, not values: given back
        // where they stood (last first, so that earlier places stay where they are).
        for &(offset, line) in draft.value_lines.iter().rev() {
            let at = place.of(offset);
            description.insert_str(at, line);
            description.insert(at, '\n');
        }
        if description.starts_with('\n') {
            description.remove(0);
        }
    }

    if let Some(other) = annotation_like_group(&description) {
        diagnostics.push(ambiguous(
            &draft.name,
            draft.span,
            &annotation_text,
            other,
            event,
        ));
    }

    let members: Vec<Field> = draft
        .members
        .into_iter()
        .map(|member| finish(member, event, diagnostics))
        .collect();
    let mut type_inferred = false;
    if ty.is_none()
        && unknown_words
            .iter()
            .any(|word| word.text.starts_with("json-"))
    {
        // The writer named a type that cannot be read: any value, not a guess.
    } else if ty.is_none() && !values.is_empty() {
        ty = Some(Type::String);
        type_inferred = true;
    } else if ty.is_none() && !members.is_empty() {
        ty = Some(Type::Object);
        type_inferred = true;
    }

    Field {
        name: draft.name,
        span: draft.span,
        ty,
        type_inferred,
        annotation: annotation_text,
        unknown_words,
        optional,
        description,
        values,
        fields: members,
    }
}

/// Where the bytes of a field's joined text land in its description, which is that text trimmed,
/// less its annotation (`cut`, the group with its parentheses).
struct Placement {
    cut: std::ops::Range<usize>,
    before_lead: usize,
    before_len: usize,
    after_lead: usize,
    after_len: usize,
}

impl Placement {
    fn of(&self, offset: usize) -> usize {
        if offset < self.cut.start {
            offset.saturating_sub(self.before_lead).min(self.before_len)
        } else if offset < self.cut.end {
            self.before_len
        } else {
            let into_after = (offset - self.cut.end).saturating_sub(self.after_lead);
            self.before_len + into_after.min(self.after_len)
        }
    }
}

/// An annotation-like group (`(json-int)`, `(optional)`) left in a field's description once its
/// annotation is taken out, at any depth and whether quoted or not: the reader of the document
/// cannot tell which group types the field, and a printed model could not say it unambiguously.
fn annotation_like_group(description: &str) -> Option<&str> {
    groups(description, &is_annotation, false)
        .nested
        .map(|(start, end)| &description[start - 1..=end])
}

/// The warning for a bare word in an annotation that the parser does not know:
/// `unknown-annotation` for a `json-…` word (the field's type becomes unknown, any value, unless
/// the annotation also names a known type: `typed`), `unknown-keyword` for another (it says
/// nothing), with the known word it most resembles (with the `analysis` feature).
fn unknown_word(name: &str, span: Span, word: &str, typed: bool, event: &str) -> Diagnostic {
    let (code, consequence) = match (word.starts_with("json-"), typed) {
        (true, false) => (
            codes::UNKNOWN_ANNOTATION,
            "is no JSON type of the document; the type is unknown and any value is accepted",
        ),
        (true, true) => (
            codes::UNKNOWN_ANNOTATION,
            "is no JSON type of the document; it is ignored",
        ),
        (false, _) => (
            codes::UNKNOWN_KEYWORD,
            "is neither a JSON type nor `optional`; it is ignored",
        ),
    };
    let diagnostic = Diagnostic::warning(
        code,
        span,
        format!("`{word}` in the annotation of `{name}` {consequence}"),
    )
    .with_len(word.chars().count() as u32)
    .with_event(event);
    // The hint needs a string-similarity crate, which a build script does without.
    #[cfg(feature = "analysis")]
    if let Some(meant) = crate::suggest::nearest(word, crate::text::parse::annotation::KEYWORDS) {
        return diagnostic.with_help(format!("did you mean `{meant}`?"));
    }
    diagnostic
}

/// The `ambiguous-annotation` warning for a field whose description still holds `other`.
fn ambiguous(name: &str, span: Span, taken: &Option<Text>, other: &str, event: &str) -> Diagnostic {
    let taken = match taken {
        Some(annotation) => format!("the annotation is taken to be `{}`", annotation.text),
        None => "no annotation is taken".to_owned(),
    };
    Diagnostic::warning(
        codes::AMBIGUOUS_ANNOTATION,
        span,
        format!("field `{name}` also holds `{other}`, which reads like a type annotation; {taken}"),
    )
    .with_len(name.chars().count() as u32 + 2)
    .with_event(event)
}

/// `DumpQueryResult` in "DumpQueryResult type described in qapi-schema.json".
pub fn named_type(text: &str) -> Option<&str> {
    let (name, after) = text.trim_start().split_once(' ')?;
    let is_type_name = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let after = after.trim_start().strip_prefix("type")?.trim_start();
    let after = after.strip_prefix("as ").map_or(after, str::trim_start);
    (is_type_name && after.starts_with("described in")).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::parse::source::lines;

    fn read(text: &str) -> (Vec<Field>, Vec<Diagnostic>) {
        let lines = lines(text);
        let mut diagnostics = Vec::new();
        let fields = read_fields(&lines, "TEST", &mut diagnostics);
        (fields, diagnostics)
    }

    #[test]
    fn reads_a_simple_field() {
        let (fields, diagnostics) = read("- \"device\": device name (json-string)\n");
        assert!(diagnostics.is_empty());
        let field = &fields[0];
        assert_eq!(
            (field.name.as_str(), field.ty.clone(), field.optional),
            ("device", Some(Type::String), false)
        );
        assert_eq!(field.description, "device name");
        assert_eq!(field.span, Span::new(1, 3));
        assert_eq!(field.annotation.as_ref().unwrap().span, Span::new(1, 25));
    }

    #[test]
    fn finds_the_annotation_on_a_later_line() {
        let (fields, _) = read(
            "- \"msg\":       Informative message (e.g., reason for the corruption)\n               (json-string)\n- \"offset\":    If the corruption resulted from an image access, this\n               is the host's access offset into the image\n               (json-int, optional)\n",
        );
        assert_eq!(fields[0].ty, Some(Type::String));
        assert_eq!(
            fields[0].description,
            "Informative message (e.g., reason for the corruption)"
        );
        assert_eq!(
            (fields[1].ty.clone(), fields[1].optional),
            (Some(Type::Int), true)
        );
        assert_eq!(
            fields[1].annotation.as_ref().unwrap().span,
            Span::new(5, 16)
        );
    }

    #[test]
    fn reads_values_listed_below_and_inline() {
        let (fields, _) = read(
            "- \"operation\": I/O operation (json-string, \"read\" or \"write\")\n- \"action\": action that has been taken, it's one of the following (json-string):\n    \"ignore\": error has been ignored\n    \"stop\": error caused VM to be stopped\n",
        );
        let values: Vec<_> = fields[0].values.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(values, ["read", "write"]);
        assert_eq!(fields[0].values[1].span, Span::new(1, 54));
        assert_eq!(
            fields[1].description,
            "action that has been taken, it's one of the following:"
        );
        assert_eq!(fields[1].values[1].name, "stop");
        assert_eq!(
            fields[1].values[1].description.as_deref(),
            Some("error caused VM to be stopped")
        );
        assert_eq!(fields[1].values[1].span, Span::new(4, 5));
    }

    #[test]
    fn quoted_words_under_an_int_are_prose() {
        let (fields, _) = read(
            "  - \"channel-type\": channel type.  \"1\" is the main control channel, filter for\n                    this one if you want track spice sessions only (json-int)\n",
        );
        assert_eq!(fields[0].ty, Some(Type::Int));
        assert!(fields[0].values.is_empty());
    }

    /// Lines that read as values (`"1": one thing`, with its wrapped meaning) under a field that
    /// turns out to be an int are prose, given back where they stood, not after the rest (found
    /// by the mutated-documents test: the reordered text printed and read back differently).
    #[test]
    fn quoted_lines_under_an_int_keep_their_place() {
        let (fields, _) = read(
            "- \"n\": count of things\n    \"1\": one thing\n        and more words\n    more prose (json-int)\n- \"m\": (json-int) first\n    \"2\": two\n    last\n- \"o\": leading\n    \"3\": three\n    (json-int)\n",
        );
        assert_eq!(
            fields[0].description,
            "count of things\n\"1\": one thing\nand more words\nmore prose"
        );
        assert_eq!(fields[1].description, "first\n\"2\": two\nlast");
        assert_eq!(fields[2].description, "leading\n\"3\": three");
        assert!(fields.iter().all(|field| field.values.is_empty()));
    }

    #[test]
    fn nests_members_and_infers_types() {
        let (fields, _) = read(
            "- \"server\": Server information (json-object)\n  - \"host\": IP address (json-string)\n  - \"auth\": authentication method (json-string, optional)\n- 'action': action taken, one of the following:\n    \"ignore\": ignored\n- \"result\": DumpQueryResult type described in qapi-schema.json\n- \"debug\": vendor data\n  - \"x\": inner (json-int)\n",
        );
        assert_eq!(fields.len(), 4);
        assert_eq!(fields[0].fields.len(), 2);
        assert!(fields[0].fields[1].optional);
        assert_eq!(
            (fields[1].ty.clone(), fields[1].type_inferred),
            (Some(Type::String), true)
        );
        assert_eq!(fields[2].ty, Some(Type::Named("DumpQueryResult".into())));
        let (referenced, _) =
            read("- \"result\": the result (DumpQueryResult type described in qapi-schema.json)\n");
        assert_eq!(
            referenced[0].ty,
            Some(Type::Named("DumpQueryResult".into()))
        );
        assert_eq!(
            (fields[3].ty.clone(), fields[3].type_inferred),
            (Some(Type::Object), true)
        );
    }

    #[test]
    fn reads_values_spread_over_lines_inside_the_annotation() {
        let (fields, _) = read(
            "- \"type\":     Job type (json-string; \"stream\" for image streaming\n                                     \"commit\" for block commit)\n",
        );
        let values: Vec<_> = fields[0]
            .values
            .iter()
            .map(|v| (v.name.as_str(), v.span))
            .collect();
        assert_eq!(
            values,
            [("stream", Span::new(1, 38)), ("commit", Span::new(2, 38))]
        );
        assert_eq!(fields[0].description, "Job type");
    }

    #[test]
    fn a_stray_quote_does_not_hide_the_annotation() {
        let (fields, _) = read("- \"offset\": Current progress valuepause\"). (json-int)\n");
        assert_eq!(fields[0].ty, Some(Type::Int));
        assert_eq!(fields[0].description, "Current progress valuepause\").");
        // An unclosed parenthesis before it neither.
        let (fields, _) = read("- \"x\": an object (jon (json-object)\n");
        assert_eq!(fields[0].ty, Some(Type::Object));
        // A group inside a closed quotation is still prose.
        let (fields, _) = read("- \"x\": as in \"(json-int)\" here (json-string)\n");
        assert_eq!(fields[0].ty, Some(Type::String));
    }

    #[test]
    fn reports_dash_lines_that_are_not_fields() {
        let (fields, diagnostics) = read("- \"ok\": fine (json-int)\n- not a field at all\n");
        assert_eq!(fields.len(), 1);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, codes::BAD_FIELD);
        assert_eq!(diagnostics[0].span, Span::new(2, 1));
    }

    #[test]
    fn warns_when_a_field_holds_two_annotation_like_groups() {
        let (fields, diagnostics) =
            read("- \"host\": IP address (json-string) name (json-int, optional)\n");
        // The last group stands, as always; the reader is told the other one was there.
        assert_eq!(fields[0].ty, Some(Type::Int));
        assert_eq!(fields[0].description, "IP address (json-string) name");
        let codes: Vec<_> = diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, [codes::AMBIGUOUS_ANNOTATION]);
        assert_eq!(diagnostics[0].span, Span::new(1, 3));
        assert!(
            diagnostics[0]
                .message
                .contains("`(json-string)`, which reads like a type annotation")
        );
        // Quoted or nested in prose, it is as ambiguous to a reader.
        let (_, diagnostics) = read("- \"x\": as in \"(json-int)\" here (json-string)\n");
        assert_eq!(diagnostics[0].code, codes::AMBIGUOUS_ANNOTATION);
        // One annotation and ordinary parentheses: nothing to say.
        let (_, diagnostics) = read("- \"x\": size (in bytes) (json-int)\n");
        assert!(diagnostics.is_empty());
    }
}
