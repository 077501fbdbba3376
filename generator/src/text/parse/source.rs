//! Layer 0: bytes → lines.
//!
//! Decodes the document (a byte-order mark is skipped, bytes that are not UTF-8 are reported at
//! their line and replaced, CRLF reads as LF) and splits it into [`Line`]s that know their number,
//! their indentation and their content. Every later layer works on lines.

use std::borrow::Cow;

use crate::diagnostics::{Diagnostic, codes};
use crate::text::model::Span;

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
    /// One error per line that holds bytes that are not UTF-8 (the first
    /// [`MAX_INVALID_UTF8_LINES`], then one that counts the rest), or the one `not-text` error.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the bytes are not text at all (a NUL byte, or mostly bytes that are not UTF-8):
    /// then nothing more is read from them.
    pub not_text: bool,
}

/// How many lines with bytes that are not UTF-8 are reported one by one; the rest are counted in
/// one more diagnostic, so that a document in another encoding does not flood the output.
pub const MAX_INVALID_UTF8_LINES: usize = 20;

/// The share of bytes that are not UTF-8 (one in this many) past which the input is not text: a
/// document with stray Latin-1 bytes stays far below it, random or compressed bytes far above.
const NOT_TEXT_SHARE: usize = 4;

/// Decodes the document's bytes.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let nul = memchr::memchr(0, bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) if nul.is_none() => Decoded {
            text: Cow::Borrowed(text),
            diagnostics: Vec::new(),
            not_text: false,
        },
        _ => {
            if let Some(offset) = not_text_at(bytes, nul) {
                // Nothing is read past the offending byte: only its line is kept, to show it.
                let line_end =
                    memchr::memchr(b'\n', &bytes[offset..]).map_or(bytes.len(), |at| offset + at);
                let text = String::from_utf8_lossy(&bytes[..line_end]);
                let span = span_of_byte(bytes, offset);
                let diagnostic = Diagnostic::error(
                    codes::NOT_TEXT,
                    span,
                    "this is not a text document (a NUL byte, or mostly bytes that are not \
                     UTF-8); nothing was read from it",
                )
                .with_len(1);
                return Decoded {
                    text,
                    diagnostics: vec![diagnostic],
                    not_text: true,
                };
            }
            Decoded {
                text: String::from_utf8_lossy(bytes),
                diagnostics: invalid_utf8(bytes),
                not_text: false,
            }
        }
    }
}

/// Where bytes that are not text first show (`nul` is the first NUL byte, if any): `None` for
/// text, even with some bytes that are not UTF-8.
fn not_text_at(bytes: &[u8], nul: Option<usize>) -> Option<usize> {
    if let Some(nul) = nul {
        // A NUL byte decides: only a byte that is not UTF-8 before it can come first.
        let before = &bytes[..nul];
        let first_invalid = std::str::from_utf8(before)
            .err()
            .map(|error| error.valid_up_to());
        return Some(first_invalid.unwrap_or(nul));
    }
    let mut invalid = 0;
    let mut first_invalid = None;
    let mut offset = 0;
    for chunk in bytes.utf8_chunks() {
        offset += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            first_invalid.get_or_insert(offset);
            invalid += chunk.invalid().len();
            offset += chunk.invalid().len();
        }
    }
    if invalid * NOT_TEXT_SHARE > bytes.len() {
        first_invalid
    } else {
        None
    }
}

/// The span of a byte offset.
fn span_of_byte(bytes: &[u8], offset: usize) -> Span {
    let (line, column) = line_and_column(bytes, offset);
    Span::new(line as u32 + 1, column as u32 + 1)
}

/// The line and column, both 0-based, of the byte at `offset` (at most `bytes.len()`): the
/// newlines before it, and the characters before it on its line (bytes that are not UTF-8
/// counting one each, as U+FFFD replaces them). The one place qmpgen turns an offset into a
/// position.
pub(crate) fn line_and_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset];
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |at| at + 1);
    let line = memchr::memchr_iter(b'\n', before).count();
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count();
    (line, column)
}

/// One diagnostic for each line that holds bytes that are not UTF-8, at the first such byte (the
/// first [`MAX_INVALID_UTF8_LINES`] lines; one more diagnostic counts the rest).
fn invalid_utf8(bytes: &[u8]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    // The lines past the limit: where the first is, and how many there are.
    let mut rest: Option<(Span, usize)> = None;
    for (index, line) in bytes.split(|&byte| byte == b'\n').enumerate() {
        let Err(error) = std::str::from_utf8(line) else {
            continue;
        };
        let valid = &line[..error.valid_up_to()];
        // The valid prefix is UTF-8 by construction, so counting its characters is exact.
        let column = String::from_utf8_lossy(valid).chars().count() as u32 + 1;
        let span = Span::new(index as u32 + 1, column);
        if diagnostics.len() < MAX_INVALID_UTF8_LINES {
            diagnostics.push(
                Diagnostic::error(
                    codes::INVALID_UTF8,
                    span,
                    "this line holds bytes that are not UTF-8; they were read as U+FFFD",
                )
                .with_len(1),
            );
        } else {
            rest.get_or_insert((span, 0)).1 += 1;
        }
    }
    if let Some((span, count)) = rest {
        diagnostics.push(
            Diagnostic::error(
                codes::INVALID_UTF8,
                span,
                format!(
                    "… and {count} more lines from this one on hold bytes that are not UTF-8 \
                     (read as U+FFFD; not listed one by one)"
                ),
            )
            .with_len(1),
        );
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
        assert!(!decoded.not_text);
    }

    #[test]
    fn caps_the_lines_reported_as_not_utf8() {
        let bytes = b"caf\xE9\n".repeat(MAX_INVALID_UTF8_LINES + 5);
        let decoded = decode(&bytes);
        assert!(!decoded.not_text);
        assert_eq!(decoded.diagnostics.len(), MAX_INVALID_UTF8_LINES + 1);
        let last = decoded.diagnostics.last().unwrap();
        assert_eq!(last.span, Span::new(MAX_INVALID_UTF8_LINES as u32 + 1, 4));
        assert!(
            last.message.contains("and 5 more lines"),
            "{}",
            last.message
        );
    }

    #[test]
    fn bytes_that_are_not_text_give_one_error_at_the_first_offending_byte() {
        // A NUL byte, even in otherwise valid UTF-8.
        let decoded = decode(b"STOP\n----\nab\0cd\n");
        assert!(decoded.not_text);
        assert_eq!(decoded.diagnostics.len(), 1);
        assert_eq!(decoded.diagnostics[0].code, codes::NOT_TEXT);
        assert_eq!(decoded.diagnostics[0].span, Span::new(3, 3));
        // Mostly bytes that are not UTF-8: reported at the first of them, before the NUL.
        let decoded = decode(b"x\n\xFF\xFE\xFD\xFC\x00\xFB\n");
        assert!(decoded.not_text);
        assert_eq!(decoded.diagnostics[0].span, Span::new(2, 1));
    }
}
