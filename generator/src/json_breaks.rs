//! Where an example's JSON text breaks, and the kind of mistake that breaks it, whatever the
//! format that wrote the example: serde_json reads the text, and its error is moved to where the
//! writer went wrong (a missing `,` belongs after the token before, not at the next line's first
//! token where serde_json notices it). The text front end places a break in its document
//! (`text::model::Example::error`); the lint repairs the first kinds and reads on.

use crate::text::parse::source::floor_char_boundary;

/// Reads `text` as JSON: its value, or the first place where it breaks and why.
pub fn read(text: &str) -> Result<serde_json::Value, Break> {
    serde_json::from_str(text).map_err(|error| Break::new(&error, text))
}

/// Finds where `text` stops being JSON, reading it as a validator does: a repeated key, a
/// number beyond `f64` or deep nesting is JSON (the validators judge those), only the syntax
/// counts.
pub fn check(text: &str) -> Result<(), Break> {
    let Err(skipped) = serde_json::from_str::<serde::de::IgnoredAny>(text) else {
        return Ok(());
    };
    // Skipping a value, serde_json names fewer mistakes (a trailing comma is only `expected
    // value`): its reading into a value names them, unless what stops that reading is a number
    // or a depth only a value cannot hold.
    let named_better = serde_json::from_str::<serde_json::Value>(text)
        .err()
        .filter(|read| {
            let words = read.to_string();
            !words.starts_with("number out of range")
                && !words.starts_with("recursion limit exceeded")
        });
    Err(Break::new(named_better.as_ref().unwrap_or(&skipped), text))
}

/// What kind of mistake breaks a text's JSON: the lint repairs the first three and reads on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mistake {
    /// A `,` missing after a member or value; the offset is where it belongs.
    MissingComma,
    /// A `,` before a closing bracket; the offset is the comma's.
    TrailingComma,
    /// Characters after the complete message (a stray `}`); the offset is the first of them.
    TrailingCharacters,
    /// Anything else, where serde_json stopped reading.
    Other,
}

/// Where a text's JSON breaks, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    /// The break's byte offset in the text.
    pub offset: usize,
    /// What is wrong, without a position.
    pub message: String,
    /// The kind of mistake.
    pub mistake: Mistake,
}

impl Break {
    /// Where the mistake is that serde_json reports about `text`. serde_json notices a missing
    /// `,` only at the next line's first token and a trailing `,` at the closing bracket; the
    /// mistake is where the writer forgot the comma (just after the token before) or put one too
    /// many, and that is where the break is placed.
    pub fn new(error: &serde_json::Error, text: &str) -> Self {
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
        Break {
            offset: floor_char_boundary(text, offset),
            message: message.to_owned(),
            mistake,
        }
    }
}

/// Where a missing `,` belongs when serde_json expected one at byte `offset`: just after the
/// token before it (on the same line or a line above), provided a member or value starts at
/// `offset` and the token before cannot be followed by one without a comma.
fn comma_belongs(text: &str, offset: usize) -> Option<usize> {
    let next = text.get(offset..)?.chars().next()?;
    if !(matches!(next, '"' | '{' | '[' | '-' | 't' | 'f' | 'n') || next.is_ascii_digit()) {
        return None;
    }
    let before = text[..offset].trim_end();
    (!before.is_empty() && !before.ends_with([',', '{', '[', ':'])).then_some(before.len())
}
