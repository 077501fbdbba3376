//! Where the members of an example stand in its text: JSON pointer → position of the key and of
//! the value, and the keys an object repeats (serde_json keeps only the last of them).
//!
//! A small scanner over valid JSON (it is only trusted on text serde_json accepted, and never
//! panics on any other: it stops where the text stops making sense).

use std::collections::{BTreeMap, BTreeSet};

use super::message::pointer;

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
    /// JSON pointer → where the member stands (the last occurrence of a repeated key).
    pub places: BTreeMap<String, Place>,
    /// Every repeated key after its first occurrence: its pointer and where the key stands.
    pub duplicates: Vec<(String, At)>,
}

impl Positions {
    /// Scans `text`.
    pub fn scan(text: &str) -> Positions {
        let mut scanner = Scanner {
            chars: text.chars().collect(),
            index: 0,
            line: 0,
            column: 0,
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
        scanner.value("");
        scanner.out
    }
}

struct Scanner {
    chars: Vec<char>,
    index: usize,
    line: usize,
    column: usize,
    out: Positions,
}

impl Scanner {
    fn at(&self) -> At {
        At {
            line: self.line,
            column: self.column,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.index).copied()
    }

    fn bump(&mut self) -> Option<char> {
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

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    /// Scans one value whose pointer is `path`; `false` when the text stops making sense.
    fn value(&mut self, path: &str) -> bool {
        self.skip_space();
        match self.peek() {
            Some('{') => self.object(path),
            Some('[') => self.array(path),
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

    /// A string: returns its (unescaped enough to compare keys) contents.
    fn string(&mut self) -> Option<String> {
        self.bump();
        let mut out = String::new();
        loop {
            match self.bump()? {
                '"' => return Some(out),
                '\\' => {
                    let escaped = self.bump()?;
                    match escaped {
                        'u' => {
                            let hex: String = (0..4).filter_map(|_| self.bump()).collect();
                            out.push(
                                u32::from_str_radix(&hex, 16)
                                    .ok()
                                    .and_then(char::from_u32)
                                    .unwrap_or('\u{fffd}'),
                            );
                        }
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        other => out.push(other),
                    }
                }
                other => out.push(other),
            }
        }
    }

    /// Scans a member's value and records where it stands.
    fn member(&mut self, member: String, mut place: Place) -> bool {
        let fine = self.value(&member);
        let end = self.at();
        if end.line == place.value.line && end.column > place.value.column {
            place.value_len = end.column - place.value.column;
        }
        self.out.places.insert(member, place);
        fine
    }

    fn object(&mut self, path: &str) -> bool {
        self.bump();
        let mut seen: BTreeSet<String> = BTreeSet::new();
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
                    let start = self.index;
                    let Some(key) = self.string() else {
                        return false;
                    };
                    let key_len = self.index - start;
                    self.skip_space();
                    if self.bump() != Some(':') {
                        return false;
                    }
                    self.skip_space();
                    let member = pointer(path, &key);
                    if !seen.insert(key) {
                        self.out.duplicates.push((member.clone(), key_at));
                    }
                    let value_at = self.at();
                    let place = Place {
                        key: Some(key_at),
                        value: value_at,
                        key_len,
                        value_len: 1,
                    };
                    if !self.member(member, place) {
                        return false;
                    }
                }
                _ => return false,
            }
        }
    }

    fn array(&mut self, path: &str) -> bool {
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
                    if !self.member(member, place) {
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
    fn finds_keys_values_and_duplicates() {
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
            Some(At { line: 2, column: 1 })
        );
        assert_eq!(
            positions.duplicates,
            [("/data/a~1b".to_owned(), At { line: 2, column: 1 })]
        );
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
