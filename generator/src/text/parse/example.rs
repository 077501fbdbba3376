//! Examples: where an example message ends, and (with the `analysis` feature) what its JSON
//! says, or where it breaks.

#[cfg(feature = "analysis")]
use crate::json_breaks::Break;
use crate::text::model::Example;
#[cfg(feature = "analysis")]
use crate::text::model::{JsonError, Span};
use crate::text::parse::source::Line;
#[cfg(feature = "analysis")]
use crate::text::parse::source::line_and_column;

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
pub(crate) fn read_json(text: &str) -> Result<serde_json::Value, Break> {
    crate::json_breaks::read(text)
}

/// Where `broken` stands in the document, for `example`, whose text it breaks.
#[cfg(feature = "analysis")]
pub(crate) fn placed(broken: &Break, example: &Example) -> JsonError {
    let (line, chars) = line_and_column(example.text.as_bytes(), broken.offset);
    JsonError {
        span: place(example, line, chars),
        message: broken.message.clone(),
    }
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
