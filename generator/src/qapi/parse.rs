//! The QAPI parser: one file's text into its top-level items ([`Item`]), with QEMU's grammar
//! and QEMU's messages.
//!
//! The grammar is QEMU's: top-level expressions are objects; values are strings, booleans,
//! `null`, arrays and objects; no key twice in an object; no trailing comma. A `##` comment
//! starts a doc block, which runs to the next `##` line and is attached to the expression right
//! after it. Parsing stops at the first error, as QEMU's does; the items read before it are
//! kept (the loader still follows their includes first, so that the first error reported is
//! QEMU's).

use super::ast::{DocBlock, DocLine, Expression, Item, Key, Value, ValueKind};
use super::lex::{self, Lexed, Token};
use super::report::Finding;
use crate::model::Span;

/// How deep values may nest: deeper input is reported, not a stack overflow.
pub const MAX_DEPTH: usize = 256;

/// The code of every lexical and syntax error.
pub const SYNTAX: &str = "qapi-syntax";

/// The code of the warnings for doc comment forms that QEMU 2.1-2.8 took (they read doc
/// comments as plain comments) and QEMU 2.9 on reject: a block with a closing `##` but no
/// opening one, a block closed with `###`.
pub const LEGACY_DOC: &str = "qapi-legacy-doc";

/// What parsing one file gives: its items up to the first error, and that error.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFile {
    /// The items read, in order.
    pub items: Vec<Item>,
    /// Warnings about forms that older QEMUs took (in the order found).
    pub warnings: Vec<Finding>,
    /// The error that stopped the parser, if any.
    pub error: Option<Finding>,
}

/// Parses the text of the file with index `file` (spans name it).
pub fn parse_file(src: &str, file: u32) -> ParsedFile {
    let mut parser = Parser {
        src,
        file,
        lines: None,
        cursor: Cursor::default(),
        ascii: src.is_ascii(),
        members: Vec::new(),
        elements: Vec::new(),
        doc_lines: Vec::new(),
        at: 0,
        depth: 0,
        warnings: Vec::new(),
    };
    let mut items = Vec::new();
    let error = parser.items(&mut items).err();
    ParsedFile {
        items,
        warnings: parser.warnings,
        error,
    }
}

struct Parser<'a> {
    src: &'a str,
    file: u32,
    /// Where each line starts, built when a span before the cursor is asked for.
    lines: Option<LineIndex>,
    /// The place of the last span: spans come mostly in reading order, and the next is counted
    /// on from it.
    cursor: Cursor,
    /// Whether the text is ASCII (QEMU's schemas are): a column is then a byte count.
    ascii: bool,
    /// The members of the objects being read, the innermost on top, and likewise the elements of
    /// arrays and the lines of the doc block: each object, array and block is then made once at
    /// its final size, instead of grown a push at a time.
    members: Vec<(Key, Value)>,
    elements: Vec<Value>,
    doc_lines: Vec<DocLine>,
    /// Where the next token may start.
    at: usize,
    depth: usize,
    warnings: Vec<Finding>,
}

type Result<T> = std::result::Result<T, Finding>;

/// The line of the last token read, and the last place spanned on it: spans are asked for
/// places on that line, and counted on from the last one.
#[derive(Debug, Clone, Copy)]
struct Cursor {
    /// The line (1-based) and where it starts.
    line: u32,
    line_start: usize,
    /// Where the token ends: the line runs at least to there.
    token_end: usize,
    /// The last place spanned on the line, and its column (1-based).
    at: usize,
    column: u32,
}

impl Default for Cursor {
    fn default() -> Self {
        Cursor {
            line: 1,
            line_start: 0,
            token_end: 0,
            at: 0,
            column: 1,
        }
    }
}

impl Cursor {
    /// Moves to the line of `lexed`.
    fn read(&mut self, lexed: &Lexed<'_>) {
        if lexed.newlines > 0 {
            self.line += lexed.newlines;
            self.line_start = lexed.line_start;
            self.at = lexed.line_start;
            self.column = 1;
        }
        self.token_end = lexed.end;
    }
}

/// The characters in `bytes` (UTF-8): the bytes that do not continue a character.
fn chars(bytes: &[u8]) -> u32 {
    bytes.iter().filter(|byte| (**byte as i8) >= -0x40).count() as u32
}

impl<'a> Parser<'a> {
    fn next(&mut self, keep_comments: bool) -> Result<Lexed<'a>> {
        let lexed = lex::next(self.src, self.at, keep_comments)
            .map_err(|error| self.error(error.at, error.message))?;
        self.at = lexed.end;
        self.cursor.read(&lexed);
        Ok(lexed)
    }

    /// The span of byte `at`: on the line of the last token read (every span but an error's),
    /// counted on from the last span there (no search, no scan back: a 10 MB line of many values
    /// stays linear); elsewhere through the line index, built on first use.
    #[inline]
    fn span(&mut self, at: usize) -> Span {
        let cursor = &mut self.cursor;
        if at < cursor.at || at > cursor.token_end {
            return self.span_elsewhere(at);
        }
        let run = &self.src.as_bytes()[cursor.at..at];
        cursor.column += if self.ascii {
            run.len() as u32
        } else {
            chars(run)
        };
        cursor.at = at;
        Span {
            file: self.file,
            line: cursor.line,
            column: cursor.column,
        }
    }

    /// The span of a place off the last token's line, through the line index.
    #[cold]
    fn span_elsewhere(&mut self, at: usize) -> Span {
        let (src, file) = (self.src, self.file);
        self.lines().span(src, file, at)
    }

    fn lines(&mut self) -> &LineIndex {
        let src = self.src;
        self.lines.get_or_insert_with(|| LineIndex::new(src))
    }

    fn error(&mut self, at: usize, message: impl Into<String>) -> Finding {
        Finding::error(SYNTAX, self.span(at), message)
    }

    fn items(&mut self, items: &mut Vec<Item>) -> Result<()> {
        let mut doc: Option<DocBlock> = None;
        let mut token = self.next(false)?;
        loop {
            match token.token {
                Token::End => break,
                Token::Comment(_) => {
                    if let Some(previous) = doc.take() {
                        items.push(Item::FreeDoc(previous));
                    }
                    let (block, after) = self.doc_block(token)?;
                    doc = Some(block);
                    token = after;
                }
                Token::Punct('{') => {
                    let (value, after) = self.value(token)?;
                    items.push(Item::Expression(Expression {
                        value,
                        doc: doc.take(),
                    }));
                    token = after;
                }
                _ => return Err(self.error(token.start, "Expected \"{\"")),
            }
        }
        items.extend(doc.map(Item::FreeDoc));
        Ok(())
    }

    /// A doc block from its opening `##` comment; also gives the token after it.
    fn doc_block(&mut self, open: Lexed<'a>) -> Result<(DocBlock, Lexed<'a>)> {
        let Token::Comment(opening) = open.token else {
            unreachable!("a doc block opens with a comment");
        };
        // Taken now, while its line is the current one.
        let open_span = self.span(open.start);
        let mut lines = std::mem::take(&mut self.doc_lines);
        lines.clear();
        if opening != "##" {
            // `## @Name` opening a block that no `##` closes is QEMU 2.1-2.8's; QEMU 2.9 on
            // reject the junk (decided when the block ends).
            let text = opening.trim_start_matches('#').trim_start();
            lines.push(DocLine {
                span: self.span(open.end - text.len()),
                text: text.to_owned(),
            });
        }
        loop {
            let token = self.next(true)?;
            let Token::Comment(comment) = token.token else {
                if lines.is_empty() {
                    self.doc_lines = lines;
                    return Ok((self.unopened_doc(open.start), token));
                }
                if opening != "##" || token.token == Token::Punct('{') {
                    let span = open_span;
                    self.warnings.push(Finding::warning(
                        LEGACY_DOC,
                        span,
                        "doc comment not closed with '##' (QEMU 2.9 on reject it)",
                    ));
                    let lines = self.lines_made(lines);
                    return Ok((DocBlock { span, lines }, token));
                }
                return Err(self.error(token.start, "Documentation comment must end with '##'"));
            };
            if comment.starts_with("##") {
                if opening != "##" && !lines[0].text.starts_with('@') {
                    return Err(self.error(
                        open.start,
                        "Junk after '##' at start of documentation comment",
                    ));
                }
                if opening != "##" {
                    self.warnings.push(Finding::warning(
                        LEGACY_DOC,
                        open_span,
                        "doc comment opened with '## @NAME' (QEMU 2.9 on reject it)",
                    ));
                }
                if comment.bytes().all(|byte| byte == b'#') && comment != "##" {
                    let span = self.span(token.start);
                    self.warnings.push(Finding::warning(
                        LEGACY_DOC,
                        span,
                        format!("doc comment closed with '{comment}' (QEMU 2.9 on reject it)"),
                    ));
                } else if comment != "##" {
                    return Err(self.error(
                        token.start,
                        "Junk after '##' at end of documentation comment",
                    ));
                }
                let block = DocBlock {
                    span: open_span,
                    lines: self.lines_made(lines),
                };
                return Ok((block, self.next(false)?));
            }
            let text = match &comment[1..] {
                "" => "",
                rest if rest.starts_with(' ') => &rest[1..],
                _ => return Err(self.error(token.start, "Missing space after #")),
            };
            lines.push(DocLine {
                span: self.span(token.end - text.len()),
                text: text.to_owned(),
            });
        }
    }

    /// A block's lines at their final size; `scratch` is kept for the next block.
    fn lines_made(&mut self, mut scratch: Vec<DocLine>) -> Vec<DocLine> {
        // Moved into a vector of their number (`mem::take` would hand over the scratch's capacity).
        let mut lines = Vec::with_capacity(scratch.len());
        lines.append(&mut scratch);
        self.doc_lines = scratch;
        lines
    }

    /// QEMU 2.1-2.8 took any comment, and some doc comments there have a closing `##` but no
    /// opening one: the `##` at `close` right before a definition. Their block is the run of
    /// comment lines right above it.
    fn unopened_doc(&mut self, close: usize) -> DocBlock {
        let close_line = self.span(close).line as usize;
        let mut first = close_line;
        while first > 1 {
            let start = self.lines().start(first - 1);
            if !self.src[start..].starts_with('#') {
                break;
            }
            first -= 1;
        }
        let lines = (first..close_line)
            .map(|line| {
                let start = self.lines().start(line);
                let end = self.src[start..]
                    .find('\n')
                    .map_or(self.src.len(), |at| start + at);
                let comment = &self.src[start + 1..end];
                let text = comment.strip_prefix(' ').unwrap_or(comment);
                DocLine {
                    span: self.span(end - text.len()),
                    text: text.to_owned(),
                }
            })
            .collect();
        let start = self.lines().start(first);
        let span = self.span(start);
        self.warnings.push(Finding::warning(
            LEGACY_DOC,
            span,
            "doc comment without an opening '##' (QEMU 2.9 on reject it)",
        ));
        DocBlock { span, lines }
    }

    /// A value starting with `first`; also gives the token after it.
    fn value(&mut self, first: Lexed<'a>) -> Result<(Value, Lexed<'a>)> {
        let span = self.span(first.start);
        let kind = match first.token {
            Token::Punct('{') => self.nested(|parser| parser.object())?,
            Token::Punct('[') => self.nested(|parser| parser.array())?,
            Token::Str(text) => ValueKind::Str(text),
            Token::Bool(value) => ValueKind::Bool(value),
            Token::Null => ValueKind::Null,
            _ => {
                return Err(self.error(
                    first.start,
                    "Expected \"{\", \"[\", string, boolean or \"null\"",
                ));
            }
        };
        Ok((Value { span, kind }, self.next(false)?))
    }

    fn nested(&mut self, read: impl FnOnce(&mut Self) -> Result<ValueKind>) -> Result<ValueKind> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(
                self.at.saturating_sub(1),
                format!("Values nested deeper than {MAX_DEPTH} levels"),
            ));
        }
        self.depth += 1;
        let kind = read(self);
        self.depth -= 1;
        kind
    }

    /// An object's members after its `{`, through its `}`.
    fn object(&mut self) -> Result<ValueKind> {
        let base = self.members.len();
        let mut names = Names::default();
        let mut token = self.next(false)?;
        if token.token == Token::Punct('}') {
            return Ok(ValueKind::Object(Vec::new()));
        }
        if !matches!(token.token, Token::Str(_)) {
            return Err(self.error(token.start, "Expected string or \"}\""));
        }
        loop {
            let Token::Str(name) = token.token else {
                return Err(self.error(token.start, "Expected string"));
            };
            let key = Key {
                name,
                span: self.span(token.start),
            };
            let colon = self.next(false)?;
            if colon.token != Token::Punct(':') {
                return Err(self.error(colon.start, "Expected \":\""));
            }
            let first = self.next(false)?;
            if names.repeats(&self.members[base..], &key.name) {
                return Err(self.error(first.start, format!("Duplicate key \"{}\"", key.name)));
            }
            let (value, after) = self.value(first)?;
            self.members.push((key, value));
            match after.token {
                Token::Punct('}') => {
                    return Ok(ValueKind::Object(self.members.drain(base..).collect()));
                }
                Token::Punct(',') => token = self.next(false)?,
                _ => return Err(self.error(after.start, "Expected \",\" or \"}\"")),
            }
        }
    }

    /// An array's elements after its `[`, through its `]`.
    fn array(&mut self) -> Result<ValueKind> {
        let base = self.elements.len();
        let mut token = self.next(false)?;
        match token.token {
            Token::Punct(']') => return Ok(ValueKind::Array(Vec::new())),
            Token::Punct('{' | '[') | Token::Str(_) | Token::Bool(_) | Token::Null => {}
            _ => {
                return Err(self.error(
                    token.start,
                    "Expected \"{\", \"[\", \"]\", string, boolean or \"null\"",
                ));
            }
        }
        loop {
            let (value, after) = self.value(token)?;
            self.elements.push(value);
            match after.token {
                Token::Punct(']') => {
                    return Ok(ValueKind::Array(self.elements.drain(base..).collect()));
                }
                Token::Punct(',') => token = self.next(false)?,
                _ => return Err(self.error(after.start, "Expected \",\" or \"]\"")),
            }
        }
    }
}

/// The keys of an object so far, to find a key given twice: the members themselves while the
/// object is small (QEMU's are), a set once it is large, so that an object of a million keys is
/// not a trillion comparisons.
#[derive(Default)]
struct Names {
    set: Option<std::collections::HashSet<String>>,
}

impl Names {
    /// Whether `name` is the key of one of `members`; else it counts as seen.
    fn repeats(&mut self, members: &[(Key, Value)], name: &str) -> bool {
        const SMALL: usize = 16;
        if members.len() < SMALL {
            return members.iter().any(|(key, _)| key.name == name);
        }
        let set = self
            .set
            .get_or_insert_with(|| members.iter().map(|(key, _)| key.name.clone()).collect());
        !set.insert(name.to_owned())
    }
}

/// Where each line of a text starts, to turn byte offsets into lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// The index of `src`.
    pub fn new(src: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', src.as_bytes()).map(|at| at + 1))
            .collect();
        LineIndex { starts }
    }

    /// Where 1-based line `line` starts.
    pub fn start(&self, line: usize) -> usize {
        self.starts[line - 1]
    }

    /// The span of byte `at` of `src` in file `file` (column in characters).
    pub fn span(&self, src: &str, file: u32, at: usize) -> Span {
        let line = self.starts.partition_point(|start| *start <= at).max(1);
        let start = self.starts[line - 1];
        let column = src
            .get(start..at)
            .map_or(at - start, |before| before.chars().count());
        Span {
            file,
            line: line as u32,
            column: column as u32 + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(src: &str) -> (u32, u32, String) {
        let parsed = parse_file(src, 0);
        let error = parsed.error.expect("an error");
        let span = error.diagnostic.span;
        (span.line, span.column, error.diagnostic.message)
    }

    #[test]
    fn reads_expressions_with_their_docs_and_places() {
        let src = "##\n# @EV:\n#\n# Text.\n##\n{ 'event': 'EV', 'data': { '*a': ['int'] } }\n";
        let parsed = parse_file(src, 3);
        assert_eq!(parsed.error, None);
        let [Item::Expression(expression)] = parsed.items.as_slice() else {
            panic!("one expression: {:?}", parsed.items);
        };
        let doc = expression.doc.as_ref().expect("documented");
        let texts: Vec<&str> = doc.lines.iter().map(|line| line.text.as_str()).collect();
        assert_eq!(texts, ["@EV:", "", "Text."]);
        assert_eq!(
            doc.lines[0].span,
            Span {
                file: 3,
                line: 2,
                column: 3
            }
        );
        assert_eq!(
            expression.value.span,
            Span {
                file: 3,
                line: 6,
                column: 1
            }
        );
        let data = expression.get("data").expect("data");
        assert_eq!(data.span.column, 26);
        let member = data.get("*a").expect("member");
        assert!(
            matches!(&member.kind, ValueKind::Array(items) if items[0].as_str() == Some("int"))
        );
    }

    #[test]
    fn syntax_errors_are_qemus() {
        assert_eq!(error("{ 'a' 'b' }").2, "Expected \":\"");
        assert_eq!(error("{ 'a': 'b', }"), (1, 13, "Expected string".into()));
        assert_eq!(error("{ 'a': 'b' 'c' }").2, "Expected \",\" or \"}\"");
        assert_eq!(error("{ 'a': ['b' 'c'] }").2, "Expected \",\" or \"]\"");
        assert_eq!(
            error("{ 'a': [,] }").2,
            "Expected \"{\", \"[\", \"]\", string, boolean or \"null\""
        );
        assert_eq!(error("['a']").2, "Expected \"{\"");
        assert_eq!(error("{ 'k': 1, 'k': 2 }").2, "Stray \"1\"");
        assert_eq!(
            error("{ 'k': 'a',\n  'k': 'b' }"),
            (2, 8, "Duplicate key \"k\"".into())
        );
        assert_eq!(
            error("## x\n##\n").2,
            "Junk after '##' at start of documentation comment"
        );
        assert_eq!(
            error("##\n#x\n##\n"),
            (2, 1, "Missing space after #".into())
        );
        assert_eq!(
            error("##\n# a\n#\n"),
            (3, 2, "Documentation comment must end with '##'".into())
        );
        assert_eq!(
            error("## a\n# b\n##\n").2,
            "Junk after '##' at start of documentation comment"
        );
        assert_eq!(
            error("##\n# a\n## b\n").2,
            "Junk after '##' at end of documentation comment"
        );
    }

    #[test]
    fn older_doc_forms_read_with_a_warning() {
        for src in [
            "# @a\n# Text.\n##\n{ 'struct': 'a' }\n",
            "##\n# @a\n# Text.\n###\n{ 'struct': 'a' }\n",
            "##\n# @a\n# Text.\n{ 'struct': 'a' }\n",
            "## @a\n# Text.\n##\n{ 'struct': 'a' }\n",
            "## @a\n# Text.\n{ 'struct': 'a' }\n",
        ] {
            let parsed = parse_file(src, 0);
            assert_eq!(parsed.error, None, "{src}");
            assert_eq!(parsed.warnings.len(), 1, "{src}");
            assert_eq!(parsed.warnings[0].diagnostic.code, LEGACY_DOC);
            let [Item::Expression(expression)] = parsed.items.as_slice() else {
                panic!("{src}: {:?}", parsed.items);
            };
            let doc = expression.doc.as_ref().expect("documented");
            let texts: Vec<&str> = doc.lines.iter().map(|line| line.text.as_str()).collect();
            assert_eq!(texts, ["@a", "Text."], "{src}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let src = format!("{{ 'a': {}{} }}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(error(&src).2.starts_with("Values nested deeper"));
    }

    #[test]
    fn free_doc_blocks_stay_apart() {
        let parsed = parse_file("##\n# = Title\n##\n\n##\n# @x:\n##\n{ 'struct': 'x' }\n", 0);
        assert!(
            matches!(parsed.items.as_slice(), [Item::FreeDoc(_), Item::Expression(e)] if e.doc.is_some())
        );
    }
}
