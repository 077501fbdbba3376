//! Where the members of an example stand in its text: JSON pointer → position of the key and of
//! the value (of the first occurrence of a repeated key, the one that counts).
//!
//! A small scanner over valid JSON (it is only trusted on text that reads as JSON, and never
//! panics on any other: it stops where the text stops making sense). Containers nested deeper
//! than [`MAX_DEPTH`] are skipped without recursion, so that no text can exhaust the stack.

use std::collections::BTreeMap;

use super::cursor::{Cursor, unescape};
use super::message::{MAX_DEPTH, pointer};

/// A position in the example's text: 0-based line within the text, 0-based character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct At {
    /// The line within the text (0 is the example's first line).
    pub line: usize,
    /// The character within that line.
    pub column: usize,
}

/// Where one member stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Its key's opening quote (none for the root and for array items).
    pub key: Option<At>,
    /// Its value's first character.
    pub value: At,
    /// The key's length in characters, quotes included (0 without a key).
    pub key_len: usize,
    /// The value's length in characters when it stands on one line, else 1.
    pub value_len: usize,
}

/// The positions of every member of an example.
#[derive(Debug, Default)]
pub struct Positions {
    /// JSON pointer → where the member stands (the first occurrence of a repeated key).
    pub places: BTreeMap<String, Place>,
}

impl Positions {
    /// Scans `text`.
    pub fn scan(text: &str) -> Positions {
        let mut scanner = Scanner {
            cursor: Cursor::new(text),
            out: Positions::default(),
        };
        scanner.skip_space();
        let at = scanner.at();
        scanner.out.places.insert(
            String::new(),
            Place {
                key: None,
                value: at,
                key_len: 0,
                value_len: 1,
            },
        );
        scanner.value("", 1);
        scanner.out
    }
}

struct Scanner<'t> {
    cursor: Cursor<'t>,
    out: Positions,
}

impl Scanner<'_> {
    fn at(&self) -> At {
        self.cursor.at()
    }

    fn peek(&self) -> Option<char> {
        self.cursor.peek()
    }

    fn bump(&mut self) -> Option<char> {
        self.cursor.bump()
    }

    fn skip_space(&mut self) {
        self.cursor.skip_space();
    }

    /// Scans one value whose pointer is `path`, at `depth`; `false` when the text stops making
    /// sense.
    fn value(&mut self, path: &str, depth: usize) -> bool {
        self.skip_space();
        match self.peek() {
            Some('{' | '[') if depth > MAX_DEPTH => self.skip_container(),
            Some('{') => self.object(path, depth),
            Some('[') => self.array(path, depth),
            Some('"') => self.string().is_some(),
            Some(_) => {
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.'))
                {
                    self.bump();
                }
                true
            }
            None => false,
        }
    }

    /// A string: returns its contents, escapes resolved.
    fn string(&mut self) -> Option<String> {
        let (start, end) = self.cursor.string()?;
        Some(unescape(&self.cursor.text[start..end]))
    }

    fn skip_container(&mut self) -> bool {
        self.cursor.skip_container()
    }

    /// Scans a member's value (at `depth`) and records where it stands, unless an earlier
    /// member of the same name did.
    fn member(&mut self, member: String, mut place: Place, depth: usize) -> bool {
        let fine = self.value(&member, depth);
        let end = self.at();
        if end.line == place.value.line && end.column > place.value.column {
            place.value_len = end.column - place.value.column;
        }
        self.out.places.entry(member).or_insert(place);
        fine
    }

    fn object(&mut self, path: &str, depth: usize) -> bool {
        self.bump();
        loop {
            self.skip_space();
            match self.peek() {
                Some('}') => {
                    self.bump();
                    return true;
                }
                Some(',') => {
                    self.bump();
                }
                Some('"') => {
                    let key_at = self.at();
                    let start = self.cursor.count();
                    let Some(key) = self.string() else {
                        return false;
                    };
                    let key_len = self.cursor.count() - start;
                    self.skip_space();
                    if self.bump() != Some(':') {
                        return false;
                    }
                    self.skip_space();
                    let member = pointer(path, &key);
                    let value_at = self.at();
                    let place = Place {
                        key: Some(key_at),
                        value: value_at,
                        key_len,
                        value_len: 1,
                    };
                    if !self.member(member, place, depth + 1) {
                        return false;
                    }
                }
                _ => return false,
            }
        }
    }

    fn array(&mut self, path: &str, depth: usize) -> bool {
        self.bump();
        let mut index = 0usize;
        loop {
            self.skip_space();
            match self.peek() {
                Some(']') => {
                    self.bump();
                    return true;
                }
                Some(',') => {
                    self.bump();
                    index += 1;
                }
                Some(_) => {
                    let member = pointer(path, &index.to_string());
                    let place = Place {
                        key: None,
                        value: self.at(),
                        key_len: 0,
                        value_len: 1,
                    };
                    if !self.member(member, place, depth + 1) {
                        return false;
                    }
                }
                None => return false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_and_values_of_first_occurrences() {
        let text = "{ \"event\": \"X\",\n  \"data\": { \"a/b\": [1, {\"c\": 2}],\n \"a/b\": 3 } }";
        let positions = Positions::scan(text);
        let data = positions.places["/data"];
        assert_eq!(data.key, Some(At { line: 1, column: 2 }));
        assert_eq!(
            data.value,
            At {
                line: 1,
                column: 10
            }
        );
        assert_eq!(data.key_len, 6);
        assert_eq!(
            positions.places["/data/a~1b"].key,
            Some(At {
                line: 1,
                column: 12
            })
        );
        let deep = format!("{{\"x\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(Positions::scan(&deep).places.contains_key("/x/0/0"));
        assert!(positions.places.contains_key("/data/a~1b/1/c"));
    }

    #[test]
    fn survives_broken_text() {
        for text in [
            "",
            "{",
            "{\"a\"",
            "{\"a\": [",
            "\"\\u12",
            "{\"a\": 1 \"b\"}",
        ] {
            let positions = Positions::scan(text);
            assert!(positions.places.contains_key(""));
        }
    }
}
