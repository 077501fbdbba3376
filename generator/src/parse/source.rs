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
        let bytes = raw.as_bytes();
        let mut indent = 0;
        let mut indent_chars = 0;
        let mut at = 0;
        // Indentation is spaces, tabs and non-breaking spaces (U+00A0, bytes C2 A0), all of which
        // a byte scan can see.
        while at < bytes.len() {
            match bytes[at] {
                b' ' => at += 1,
                b'\t' => {
                    indent = (indent / TAB_WIDTH + 1) * TAB_WIDTH;
                    at += 1;
                    indent_chars += 1;
                    continue;
                }
                0xC2 if bytes.get(at + 1) == Some(&0xA0) => at += 2,
                _ => break,
            }
            indent += 1;
            indent_chars += 1;
        }
        Line {
            number,
            raw,
            indent,
            indent_chars,
            content: &raw[at..],
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

/// The largest char boundary of `text` at or below `byte` (`byte` past the end counts as the
/// end): where a byte position that may fall inside a character starts being readable.
pub fn floor_char_boundary(text: &str, byte: usize) -> usize {
    let byte = byte.min(text.len());
    (0..=byte)
        .rev()
        .find(|&at| text.is_char_boundary(at))
        .unwrap_or(0)
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
    let bytes = text.as_bytes();
    let mut lines: Vec<Line<'_>> =
        Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
    let mut start = 0;
    for at in memchr::memchr_iter(b'\n', bytes) {
        lines.push(Line::new(lines.len() as u32 + 1, &text[start..at]));
        start = at + 1;
    }
    // A final newline ends the last line; it does not start an empty one.
    if start < text.len() || text.is_empty() {
        lines.push(Line::new(lines.len() as u32 + 1, &text[start..]));
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
