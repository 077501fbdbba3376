//! Numbers beyond `f64` (`1e999`, `-2e308`, an integer of 400 digits).
//!
//! serde_json refuses such a number and stops reading, which would make a message that is
//! otherwise well-formed JSON `not-json`, with no path. The validators instead report it as
//! `out-of-range` at its path, and judge the value as ±1e308 (a number as large as a short
//! literal gets; so a json-string member also finds it of the wrong type): after serde_json's
//! refusal, the text is read again with each such number replaced by a marked string
//! ([`mark`]), which [`Seed`](super::Seed) recognises ([`marked`]). Only messages that hold such
//! a number pay for the second reading. `qmpgen check` gives the same verdict (its
//! `check::read`). A string of the message that happens to read like a mark (it starts with a
//! NUL character) is taken for one only in a message that also holds such a number.

/// What a marked string starts with: a NUL character, which no number holds.
const MARK: &str = "\u{0}beyond-f64:";
/// The same as it is written in JSON text.
const MARK_JSON: &[u8] = b"\\u0000beyond-f64:";

/// Whether serde_json stopped at a number beyond `f64`.
pub(crate) fn is_beyond_f64(error: &serde_json::Error) -> bool {
    error.to_string().starts_with("number out of range")
}

/// `text` with each number beyond `f64` outside strings replaced by a marked string holding
/// the number's text; `None` when it has none.
pub(crate) fn mark(text: &[u8]) -> Option<Vec<u8>> {
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut at = 0;
    while at < text.len() {
        match text[at] {
            b'"' => at = string_end(text, at),
            b'-' | b'0'..=b'9' => {
                let end = number_end(text, at);
                if beyond_f64(&text[at..end]) {
                    let out = out.get_or_insert_with(|| Vec::with_capacity(text.len() + 32));
                    out.extend_from_slice(&text[copied..at]);
                    out.push(b'"');
                    out.extend_from_slice(MARK_JSON);
                    out.extend_from_slice(&text[at..end]);
                    out.push(b'"');
                    copied = end;
                }
                at = end;
            }
            _ => at += 1,
        }
    }
    let mut out = out?;
    out.extend_from_slice(&text[copied..]);
    Some(out)
}

/// The number's text, if `value` is a marked string.
pub(crate) fn marked(value: &str) -> Option<&str> {
    value.strip_prefix(MARK)
}

/// Just past the string opening at `start` (or the end of the text, when it does not close).
fn string_end(text: &[u8], start: usize) -> usize {
    let mut at = start + 1;
    while at < text.len() {
        match text[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    text.len()
}

/// Just past the number starting at `start`: the characters a JSON number is made of.
fn number_end(text: &[u8], start: usize) -> usize {
    start
        + text[start..]
            .iter()
            .position(|b| !matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
            .unwrap_or(text.len() - start)
}

/// Whether a number's text is well-formed and too large for `f64`.
fn beyond_f64(number: &[u8]) -> bool {
    std::str::from_utf8(number)
        .ok()
        .and_then(|number| number.parse::<f64>().ok())
        .is_some_and(f64::is_infinite)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_numbers_beyond_f64_are_marked() {
        let text = br#"{"a": 1e999, "b": "1e999 \" 1e999", "c": [-2e308, 1e308, 1e-999]}"#;
        let marked_text = String::from_utf8(mark(text).unwrap()).unwrap();
        assert_eq!(
            marked_text,
            r#"{"a": "\u0000beyond-f64:1e999", "b": "1e999 \" 1e999", "c": ["\u0000beyond-f64:-2e308", 1e308, 1e-999]}"#
        );
        let value: serde_json::Value = serde_json::from_str(&marked_text).unwrap();
        assert_eq!(marked(value["a"].as_str().unwrap()), Some("1e999"));
        assert_eq!(marked("1e999"), None);
        assert_eq!(mark(br#"{"a": 1e308, "b": 18446744073709551616}"#), None);
    }

    #[test]
    fn long_integers_are_beyond_f64() {
        let text = format!("[{}]", "9".repeat(400));
        assert!(mark(text.as_bytes()).is_some());
        let error = serde_json::from_str::<serde_json::Value>(&text).unwrap_err();
        assert!(is_beyond_f64(&error));
    }
}
