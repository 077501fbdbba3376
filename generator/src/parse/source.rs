//! Layer 0: bytes → lines.
//!
//! Decodes the document (a byte-order mark is skipped, bytes that are not UTF-8 are reported at
//! their line and replaced, CRLF reads as LF) and splits it into [`Line`]s that know their number,
//! their indentation and their content. Every later layer works on lines.

use std::borrow::Cow;

use crate::diagnostics::{Diagnostic, codes};
use crate::model::Span;

/// Tab stops for measuring indentation: a tab moves to the next multiple of eight columns.
const TAB_WIDTH: usize = 8;

/// One line of the document, without its line ending.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// 1-based line number.
    pub number: u32,
    /// The whole line, indentation kept, trailing white space and `\r` removed.
    pub raw: &'a str,
    /// The visual width of the indentation (tabs expanded to multiples of eight).
    pub indent: usize,
    /// The number of characters of indentation (what a column count must skip).
    pub indent_chars: usize,
    /// The line without its indentation.
    pub content: &'a str,
}

impl<'a> Line<'a> {
    fn new(number: u32, raw: &'a str) -> Self {
        let raw = raw.trim_end();
        let mut indent = 0;
        let mut indent_chars = 0;
        let mut content_start = raw.len();
        for (offset, ch) in raw.char_indices() {
            match ch {
                ' ' | '\u{a0}' => indent += 1,
                '\t' => indent = (indent / TAB_WIDTH + 1) * TAB_WIDTH,
                _ => {
                    content_start = offset;
                    break;
                }
            }
            indent_chars += 1;
        }
        Line {
            number,
            raw,
            indent,
            indent_chars,
            content: &raw[content_start..],
        }
    }

    /// Whether the line holds nothing but white space.
    pub fn is_blank(&self) -> bool {
        self.content.is_empty()
    }

    /// Where the line's content starts.
    pub fn span(&self) -> Span {
        Span::new(self.number, self.indent_chars as u32 + 1)
    }

    /// The span of a sub-slice of [`Line::content`] (or of [`Line::raw`]).
    ///
    /// `part` must point into this line's text; columns are counted in characters.
    pub fn span_of(&self, part: &str) -> Span {
        let offset = (part.as_ptr() as usize).saturating_sub(self.raw.as_ptr() as usize);
        let offset = offset.min(self.raw.len());
        let column = self.raw[..offset].chars().count() as u32 + 1;
        Span::new(self.number, column)
    }
}

/// The document's text, decoded, and what decoding had to say.
pub struct Decoded<'a> {
    /// The text, with a byte-order mark removed and invalid bytes replaced by U+FFFD.
    pub text: Cow<'a, str>,
    /// One error per line that holds bytes that are not UTF-8.
    pub diagnostics: Vec<Diagnostic>,
}

/// Decodes the document's bytes.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: Cow::Borrowed(text),
            diagnostics: Vec::new(),
        },
        Err(_) => Decoded {
            text: Cow::Owned(String::from_utf8_lossy(bytes).into_owned()),
            diagnostics: invalid_utf8(bytes),
        },
    }
}

/// One diagnostic for each line that holds bytes that are not UTF-8, at the first such byte.
fn invalid_utf8(bytes: &[u8]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (index, line) in bytes.split(|&byte| byte == b'\n').enumerate() {
        if let Err(error) = std::str::from_utf8(line) {
            let valid = &line[..error.valid_up_to()];
            // The valid prefix is UTF-8 by construction, so counting its characters is exact.
            let column = String::from_utf8_lossy(valid).chars().count() as u32 + 1;
            diagnostics.push(
                Diagnostic::error(
                    codes::INVALID_UTF8,
                    Span::new(index as u32 + 1, column),
                    "this line holds bytes that are not UTF-8; they were read as U+FFFD",
                )
                .with_len(1),
            );
        }
    }
    diagnostics
}

/// Splits decoded text into lines (LF or CRLF endings).
pub fn lines(text: &str) -> Vec<Line<'_>> {
    // Lines of the document average some forty bytes: sizing for that spares most regrowth.
    let mut lines: Vec<Line<'_>> = Vec::with_capacity(text.len() / 32 + 1);
    lines.extend(
        text.split('\n')
            .enumerate()
            .map(|(index, raw)| Line::new(index as u32 + 1, raw)),
    );
    // A final newline ends the last line; it does not start an empty one.
    if text.ends_with('\n') {
        lines.pop();
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_indentation_with_tabs_and_spaces() {
        let lines = lines("a\n  - b\n\t\"c\": d\r\n \t e\n");
        assert_eq!(lines.len(), 4);
        assert_eq!((lines[0].indent, lines[0].content), (0, "a"));
        assert_eq!(
            (lines[1].indent, lines[1].indent_chars, lines[1].content),
            (2, 2, "- b")
        );
        assert_eq!((lines[2].indent, lines[2].content), (8, "\"c\": d"));
        assert_eq!((lines[3].indent, lines[3].indent_chars), (9, 3));
        assert_eq!(lines[2].span(), Span::new(3, 2));
    }

    #[test]
    fn spans_of_parts_count_characters() {
        let lines = lines("  é \"x\"");
        let line = lines[0];
        let quote = &line.content[line.content.find('"').unwrap()..];
        assert_eq!(line.span_of(quote), Span::new(1, 5));
    }

    #[test]
    fn skips_bom_and_reports_invalid_bytes_by_line() {
        let decoded = decode(b"\xEF\xBB\xBFok\nbad \xFF here\n");
        assert!(decoded.text.starts_with("ok\n"));
        assert_eq!(decoded.diagnostics.len(), 1);
        assert_eq!(decoded.diagnostics[0].span, Span::new(2, 5));
    }
}
