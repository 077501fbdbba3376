//! [`ReadError`]: serde_json's words and places for what does not read.

use std::fmt;

use serde::de;

/// Why a text did not read: serde_json's words, and where (line and column, from 1; 0 when the
/// error has no place, as for a value built without text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub(super) message: String,
    pub(super) line: usize,
    pub(super) column: usize,
}

impl ReadError {
    /// What is wrong, without the place (`missing field `device``).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The line (from 1), or 0 when the error has no place.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column (from 1), or 0 when the error has no place.
    pub fn column(&self) -> usize {
        self.column
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            f.write_str(&self.message)
        } else {
            write!(
                f,
                "{} at line {} column {}",
                self.message, self.line, self.column
            )
        }
    }
}

impl std::error::Error for ReadError {}

impl de::Error for ReadError {
    /// As serde_json makes one: a message ending in ` at line L column C` (an error of
    /// another reader passed on, as the envelope passes on one for data read after the event's
    /// name) keeps that place.
    #[cold]
    fn custom<T: fmt::Display>(message: T) -> Self {
        let mut message = message.to_string();
        let (line, column) = split_place(&mut message).unwrap_or((0, 0));
        ReadError {
            message,
            line,
            column,
        }
    }

    #[cold]
    fn invalid_type(unexpected: de::Unexpected, expected: &dyn de::Expected) -> Self {
        Self::custom(format_args!(
            "invalid type: {}, expected {expected}",
            AsJson(unexpected)
        ))
    }

    #[cold]
    fn invalid_value(unexpected: de::Unexpected, expected: &dyn de::Expected) -> Self {
        Self::custom(format_args!(
            "invalid value: {}, expected {expected}",
            AsJson(unexpected)
        ))
    }
}

/// The ` at line L column C` that ends `message`, taken off it (serde_json's `parse_line_col`).
fn split_place(message: &mut String) -> Option<(usize, usize)> {
    const LINE: &str = " at line ";
    const COLUMN: &str = " column ";
    let suffix = message.rfind(LINE)?;
    let digits = |from: usize| {
        from + message[from..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count()
    };
    let line_start = suffix + LINE.len();
    let line_end = digits(line_start);
    if !message[line_end..].starts_with(COLUMN) {
        return None;
    }
    let column_start = line_end + COLUMN.len();
    let column_end = digits(column_start);
    if column_end < message.len() {
        return None;
    }
    let line = message[line_start..line_end].parse().ok()?;
    let column = message[column_start..column_end].parse().ok()?;
    message.truncate(suffix);
    Some((line, column))
}

/// What a visitor did not expect, in serde_json's words: `null` for the unit, floats as JSON
/// writes them (`1e300`, where serde's own words would write 301 digits).
struct AsJson<'a>(de::Unexpected<'a>);

impl fmt::Display for AsJson<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            de::Unexpected::Unit => f.write_str("null"),
            de::Unexpected::Float(value) => {
                write!(f, "floating point `{}`", serde_json::Value::from(value))
            }
            unexpected => fmt::Display::fmt(&unexpected, f),
        }
    }
}
