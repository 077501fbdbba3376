//! A cursor over a JSON text, shared by the scanners of [`super::locate`] and [`super::read`]:
//! it knows its line and column (in characters), reads strings and skips whole containers
//! without recursion.

use super::locate::At;

/// A position in a text, moving forward one character at a time.
pub struct Cursor<'t> {
    /// The text.
    pub text: &'t str,
    chars: Vec<(usize, char)>,
    index: usize,
    line: usize,
    column: usize,
}

impl<'t> Cursor<'t> {
    /// A cursor at the start of `text`.
    pub fn new(text: &'t str) -> Self {
        Cursor {
            text,
            chars: text.char_indices().collect(),
            index: 0,
            line: 0,
            column: 0,
        }
    }

    /// Where the cursor stands.
    pub fn at(&self) -> At {
        At {
            line: self.line,
            column: self.column,
        }
    }

    /// How many characters were read.
    pub fn count(&self) -> usize {
        self.index
    }

    /// The byte offset of the next character (the text's length at its end).
    pub fn offset(&self) -> usize {
        self.chars
            .get(self.index)
            .map_or(self.text.len(), |&(offset, _)| offset)
    }

    /// The next character, not read.
    pub fn peek(&self) -> Option<char> {
        self.chars.get(self.index).map(|&(_, ch)| ch)
    }

    /// Reads the next character.
    pub fn bump(&mut self) -> Option<char> {
        let ch = self.peek()?;
        self.index += 1;
        if ch == '\n' {
            self.line += 1;
            self.column = 0;
        } else {
            self.column += 1;
        }
        Some(ch)
    }

    /// Reads white space.
    pub fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    /// Reads a string whose opening quote is next; returns the byte range of its raw contents
    /// (`None` when the text ends inside it).
    pub fn string(&mut self) -> Option<(usize, usize)> {
        self.bump();
        let start = self.offset();
        loop {
            let end = self.offset();
            match self.bump()? {
                '"' => return Some((start, end)),
                '\\' => {
                    self.bump()?;
                }
                _ => {}
            }
        }
    }

    /// Reads a whole container whose opening bracket is next (strings respected); `false` when
    /// the text ends inside it.
    pub fn skip_container(&mut self) -> bool {
        let mut depth = 0usize;
        loop {
            match self.peek() {
                None => return false,
                Some('"') => {
                    if self.string().is_none() {
                        return false;
                    }
                    continue;
                }
                Some('{' | '[') => depth += 1,
                Some('}' | ']') => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        self.bump();
                        return true;
                    }
                }
                Some(_) => {}
            }
            self.bump();
        }
    }
}

/// The value of a JSON string's raw contents (escapes resolved; a broken escape kept as is).
pub fn unescape(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_owned();
    }
    serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_owned())
}
