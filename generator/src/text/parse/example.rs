//! Examples: where an example message ends, and (with the `analysis` feature) what its JSON
//! says, or where it breaks.

use crate::text::model::Example;
#[cfg(feature = "analysis")]
use crate::text::model::{JsonError, Span};
use crate::text::parse::source::Line;
#[cfg(feature = "analysis")]
use crate::text::parse::source::{floor_char_boundary, line_and_column};

/// The bytes that open or close a string, an object or an array, or escape inside a string.
const STRUCTURAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut index = 0;
    let bytes = b"\"\\{}[]";
    while index < bytes.len() {
        table[bytes[index] as usize] = true;
        index += 1;
    }
    table
};

/// How many lines an example spans, starting at `lines[0]` (whose content starts with `{`).
///
/// An example runs until its braces balance and a blank line follows. It runs on past blank lines
/// while its braces are still open, unless what follows starts something else (a key such as
/// `Note:`, or a new unindented `{`). Lines that follow a balanced example without a blank line
/// between (a stray `}`) still belong to it, so that the lint sees them.
pub fn extent(lines: &[Line<'_>], starts_something_else: impl Fn(&Line<'_>) -> bool) -> usize {
    let mut depth = 0i64;
    let mut in_string = false;
    let mut end = 0;
    while end < lines.len() {
        let line = &lines[end];
        if line.is_blank() {
            if depth <= 0 {
                break;
            }
            // Open braces at a blank line: go on (past the whole blank run at once) only if the
            // next text continues the message.
            let next = end
                + lines[end..]
                    .iter()
                    .take_while(|line| line.is_blank())
                    .count();
            let continues = lines.get(next).is_some_and(|next| {
                !starts_something_else(next) && (next.indent > 0 || !next.content.starts_with('{'))
            });
            if !continues {
                break;
            }
            end = next;
            continue;
        } else if end > 0 && starts_something_else(line) {
            break;
        }
        // Quotes, braces and backslashes are ASCII, so a byte scan sees them exactly; the table
        // lets the scan skip the bytes between them (most of an example) in a tight loop.
        let bytes = line.content.as_bytes();
        let mut at = 0;
        while let Some(skipped) = bytes
            .get(at..)
            .and_then(|rest| rest.iter().position(|&byte| STRUCTURAL[usize::from(byte)]))
        {
            let found = at + skipped;
            at = found + 1;
            match bytes[found] {
                // An escape inside a string hides the byte after it.
                b'\\' if in_string => at += 1,
                b'"' => in_string = !in_string,
                b'{' | b'[' if !in_string => depth += 1,
                b'}' | b']' if !in_string => depth -= 1,
                _ => {}
            }
        }
        // A string never spans lines in an example: a stray quote must not swallow the rest.
        in_string = false;
        end += 1;
    }
    end.max(1)
}

/// Reads an example from its lines. `first_part` is the part of the first line where the example
/// starts (the whole line, or what follows `Example:` on it); later lines are taken whole, so that
/// the JSON parser's positions map straight onto the document (`Example::error`).
pub fn read_example(lines: &[Line<'_>], first_part: &str, label: Option<String>) -> Example {
    let first = &lines[0];
    let span = first.span_of(first_part.trim_start());
    // Sized up front: examples run to dozens of lines, and growing the text line by line cost
    // several reallocations each.
    let length = first_part.len()
        + lines[1..]
            .iter()
            .map(|line| line.raw.len() + 1)
            .sum::<usize>();
    let mut text = String::with_capacity(length);
    text.push_str(first_part);
    for (after, line) in lines[1..].iter().enumerate() {
        // The text's lines are consecutive lines of the document: `TextError::placed` counts on
        // it.
        debug_assert_eq!(line.number, first.number + 1 + after as u32);
        text.push('\n');
        text.push_str(line.raw);
    }
    Example::new(span, label, text)
}

/// Reads an example's text as JSON: its value, or the first place where it breaks and why.
#[cfg(feature = "analysis")]
pub(crate) fn read_json(text: &str) -> Result<serde_json::Value, TextError> {
    serde_json::from_str(text).map_err(|error| TextError::new(&error, text))
}

/// What kind of mistake breaks an example's JSON: the lint repairs the first two and reads on.
#[cfg(feature = "analysis")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mistake {
    /// A `,` missing after a member or value; the offset is where it belongs.
    MissingComma,
    /// A `,` before a closing bracket; the offset is the comma's.
    TrailingComma,
    /// Characters after the complete message (a stray `}`); the offset is the first of them.
    TrailingCharacters,
    /// Anything else, where serde_json stopped reading.
    Other,
}

/// Where a text's JSON breaks, and why: kept apart from the text's place in the document, which
/// [`TextError::placed`] adds when asked. The one place that decides where an example breaks:
/// the model's [`Example::error`] (so `qmpgen schema`) and the lint read it alike.
#[cfg(feature = "analysis")]
#[derive(Debug, Clone)]
pub(crate) struct TextError {
    /// The text's line (0-based) where the JSON breaks.
    pub(crate) line: usize,
    /// The characters before the break on that line.
    pub(crate) chars: usize,
    /// The break's byte offset in the whole text.
    pub(crate) offset: usize,
    /// What is wrong, without a position.
    pub(crate) message: String,
    /// The kind of mistake.
    pub(crate) mistake: Mistake,
}

#[cfg(feature = "analysis")]
impl TextError {
    /// Where the mistake is that serde_json reports about `text`. serde_json notices a missing
    /// `,` only at the next line's first token and a trailing `,` at the closing bracket; the
    /// mistake is where the writer forgot the comma (just after the token before) or put one too
    /// many, and that is where the break is placed.
    pub(crate) fn new(error: &serde_json::Error, text: &str) -> Self {
        let full = error.to_string();
        let message = match full.rfind(" at line ") {
            Some(at) => full[..at].to_owned(),
            None => full,
        };
        // serde_json's position counts lines of the text, and bytes within a line (it points at
        // the offending byte, or just past the end of the text).
        let lines: Vec<&str> = text.split('\n').collect();
        let line = error.line().saturating_sub(1).min(lines.len() - 1);
        let byte = floor_char_boundary(lines[line], error.column().saturating_sub(1));
        let offset = lines[..line].iter().map(|l| l.len() + 1).sum::<usize>() + byte;
        if message.starts_with("expected `,`")
            && let Some(insert) = comma_belongs(text, offset)
        {
            return Self::at(text, insert, "a `,` is missing here", Mistake::MissingComma);
        }
        if message.starts_with("trailing comma") {
            let before = text[..offset].trim_end();
            if before.ends_with(',') {
                let message = "a `,` before the closing bracket (trailing comma)";
                return Self::at(text, before.len() - 1, message, Mistake::TrailingComma);
            }
        }
        let mistake = if message.starts_with("trailing characters") {
            Mistake::TrailingCharacters
        } else {
            Mistake::Other
        };
        Self::at(text, offset, &message, mistake)
    }

    /// A break at byte `offset` of `text`.
    fn at(text: &str, offset: usize, message: &str, mistake: Mistake) -> Self {
        let offset = floor_char_boundary(text, offset);
        let (line, chars) = line_and_column(text.as_bytes(), offset);
        TextError {
            line,
            chars,
            offset,
            message: message.to_owned(),
            mistake,
        }
    }

    /// The error in the document, for `example`, whose text this is.
    pub(crate) fn placed(&self, example: &Example) -> JsonError {
        JsonError {
            span: place(example, self.line, self.chars),
            message: self.message.clone(),
        }
    }
}

/// Where a missing `,` belongs when serde_json expected one at byte `offset`: just after the
/// token before it (on the same line or a line above), provided a member or value starts at
/// `offset` and the token before cannot be followed by one without a comma.
#[cfg(feature = "analysis")]
fn comma_belongs(text: &str, offset: usize) -> Option<usize> {
    let next = text.get(offset..)?.chars().next()?;
    if !(matches!(next, '"' | '{' | '[' | '-' | 't' | 'f' | 'n') || next.is_ascii_digit()) {
        return None;
    }
    let before = text[..offset].trim_end();
    (!before.is_empty() && !before.ends_with([',', '{', '[', ':'])).then_some(before.len())
}

/// The document position of the character after `chars` characters of the example's text line
/// `line` (0-based). The text's first line starts at the example's span (after any white space
/// the text keeps before it); its later lines are whole lines of the document.
#[cfg(feature = "analysis")]
pub(crate) fn place(example: &Example, line: usize, chars: usize) -> Span {
    if line == 0 {
        let first = example.text.split('\n').next().unwrap_or_default();
        let leading = first.chars().take_while(|c| c.is_whitespace()).count();
        let column = chars.saturating_sub(leading) as u32;
        Span::new(example.span.line, example.span.column + column)
    } else {
        Span::new(example.span.line + line as u32, chars as u32 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::parse::source::lines;

    fn never(_: &Line<'_>) -> bool {
        false
    }

    #[test]
    #[cfg(feature = "analysis")]
    fn an_example_ends_at_a_blank_line_once_balanced() {
        let lines =
            lines("{ \"event\": \"STOP\",\n  \"timestamp\": { \"seconds\": 1 } }\n\nNote: x\n");
        assert_eq!(extent(&lines, never), 2);
        let example = read_example(&lines[..2], lines[0].raw, None);
        assert_eq!(example.json().unwrap()["event"], "STOP");
        assert_eq!(example.span, Span::new(1, 1));
    }

    #[test]
    #[cfg(feature = "analysis")]
    fn a_stray_brace_after_the_example_belongs_to_it() {
        let lines = lines("{ \"event\": \"X\" }\n}\n\nnext\n");
        assert_eq!(extent(&lines, never), 2);
        let example = read_example(&lines[..2], lines[0].raw, None);
        let error = example.error().unwrap();
        assert_eq!(error.span, Span::new(2, 1));
        assert_eq!(error.message, "trailing characters");
    }

    #[test]
    #[cfg(feature = "analysis")]
    fn points_at_a_missing_comma() {
        let text = "{ \"event\": \"MEM_UNPLUG_ERROR\"\n  \"data\": { }\n}\n";
        let lines = lines(text);
        let example = read_example(&lines[..3], lines[0].raw, None);
        let error = example.error().unwrap();
        // Where the writer forgot it (line 1, after the event's name), not where serde_json
        // noticed (line 2, column 3).
        assert_eq!(error.span, Span::new(1, 30));
        assert_eq!(error.message, "a `,` is missing here");
    }

    #[test]
    fn open_braces_carry_an_example_over_a_blank_line() {
        let lines = lines("{ \"event\": \"X\",\n\n  \"data\": {} }\n\nafter\n");
        assert_eq!(extent(&lines, never), 3);
    }
}
