//! Reading a message's text the way the generated validators read it, into a `serde_json::Value`
//! that the model-driven rules can judge.
//!
//! A `Value` keeps only the last of two members with one name, and serde_json refuses to nest
//! deeper than 127 levels; the validators stream the text instead, so:
//! - the first member with a name is the one that counts; every later one is a `duplicate-key`
//!   and is kept under a marker name ([`DUPLICATE_MARK`], the member's name after it) so that its
//!   value can still be judged against the same field, as the validators judge it;
//! - a container nested deeper than [`MAX_DEPTH`] is a `too-deep` (its contents are not looked
//!   into), and containers from depth [`MAX_DEPTH`] on are replaced by `null` in what serde_json
//!   reads (nothing is documented that deep, so nothing else changes);
//! - a number beyond `f64` (`1e999`), which serde_json refuses, is an `out-of-range` and is read
//!   as [`NEAREST_NUMBER`] of its sign, so that the rest of the message is judged (a json-int
//!   finds it out of range, a json-string of the wrong type), as the validators do.

use serde_json::Value;

use super::cursor::{Cursor, unescape};
use super::locate::At;
use super::message::{MAX_DEPTH, pointer};

/// The start of the name under which a repeated member is kept: a NUL character, a number that
/// makes it unique, and `:`. The member's own name follows.
pub const DUPLICATE_MARK: char = '\u{0}';

/// What a number beyond `f64` is read as (with its sign): as large as a short literal gets.
/// The generated validators judge it as the same number.
pub const NEAREST_NUMBER: &str = "1e308";

/// A message read from text.
#[derive(Debug)]
pub struct Read {
    /// The message, repeated members under marked names, deep containers as `null`.
    pub value: Value,
    /// Each repeated member after its first: its JSON pointer and where its key stands.
    pub duplicates: Vec<(String, At)>,
    /// Each container nested deeper than [`MAX_DEPTH`]: its JSON pointer and where it opens.
    pub too_deep: Vec<(String, At)>,
    /// Each number beyond `f64` (outside containers too deep to look into): its JSON pointer,
    /// where it stands and its text.
    pub beyond_f64: Vec<(String, At, String)>,
}

/// The original name of a member kept under a marked name, if `key` is one.
pub fn repeated_name(key: &str) -> Option<&str> {
    let rest = key.strip_prefix(DUPLICATE_MARK)?;
    let (number, name) = rest.split_once(':')?;
    number.bytes().all(|b| b.is_ascii_digit()).then_some(name)
}

/// Reads `text`; the error is serde_json's, for text that is not JSON.
pub fn read(text: &str) -> Result<Read, serde_json::Error> {
    let mut scan = Scan {
        cursor: Cursor::new(text),
        text,
        out: String::with_capacity(text.len()),
        copied: 0,
        frames: Vec::new(),
        duplicates: Vec::new(),
        too_deep: Vec::new(),
        beyond_f64: Vec::new(),
        repeats: 0,
    };
    // A text that the scanner cannot follow is left as it is: serde_json says what is wrong.
    let edited = if scan.run() {
        scan.out.push_str(&text[scan.copied..]);
        scan.out
    } else {
        text.to_owned()
    };
    let value = serde_json::from_str(&edited)?;
    Ok(Read {
        value,
        duplicates: scan.duplicates,
        too_deep: scan.too_deep,
        beyond_f64: scan.beyond_f64,
    })
}

/// One open container.
struct Frame {
    /// The container's JSON pointer.
    path: String,
    /// `Some(names seen)` for an object, `None` for an array.
    names: Option<std::collections::BTreeSet<String>>,
    /// The member or element being read: its pointer segment.
    current: String,
    /// Array elements read so far.
    elements: usize,
    /// Inside an object: the next string is a key.
    expect_key: bool,
}

/// An iterative scanner (a hostile text cannot exhaust the stack) that copies the text into
/// `out`, renaming repeated keys and eliding deep containers.
struct Scan<'t> {
    cursor: Cursor<'t>,
    text: &'t str,
    out: String,
    /// Bytes of `text` already copied into `out`.
    copied: usize,
    frames: Vec<Frame>,
    duplicates: Vec<(String, At)>,
    too_deep: Vec<(String, At)>,
    beyond_f64: Vec<(String, At, String)>,
    repeats: usize,
}

impl Scan<'_> {
    fn at(&self) -> At {
        self.cursor.at()
    }

    fn offset(&self) -> usize {
        self.cursor.offset()
    }

    fn bump(&mut self) -> Option<char> {
        self.cursor.bump()
    }

    fn string(&mut self) -> Option<(usize, usize)> {
        self.cursor.string()
    }

    fn skip_container(&mut self) -> bool {
        self.cursor.skip_container()
    }

    /// Replaces `text[from..to]` by `with` in the copy.
    fn replace(&mut self, from: usize, to: usize, with: &str) {
        self.out.push_str(&self.text[self.copied..from]);
        self.out.push_str(with);
        self.copied = to;
    }

    /// The pointer of the value about to be read.
    fn value_path(&self) -> String {
        match self.frames.last() {
            Some(frame) => pointer(&frame.path, &frame.current),
            None => String::new(),
        }
    }

    /// Follows the text; `false` when it stops making sense.
    fn run(&mut self) -> bool {
        while let Some(ch) = self.cursor.peek() {
            let offset = self.offset();
            match ch {
                '{' | '[' => {
                    let depth = self.frames.len() + 1;
                    let path = self.value_path();
                    if depth > MAX_DEPTH {
                        self.too_deep.push((path, self.at()));
                        if !self.skip_container() {
                            return false;
                        }
                        continue;
                    }
                    if depth == MAX_DEPTH {
                        // serde_json stops at 127 levels; nothing is documented this deep.
                        self.bump();
                        self.frames.push(Frame::new(path, ch == '{'));
                        if self.elided().is_none() {
                            return false;
                        }
                        self.replace(offset, self.offset(), "null");
                        continue;
                    }
                    self.bump();
                    self.frames.push(Frame::new(path, ch == '{'));
                }
                '}' | ']' => {
                    self.bump();
                    self.frames.pop();
                }
                ',' => {
                    self.bump();
                    if let Some(frame) = self.frames.last_mut() {
                        frame.next();
                    }
                }
                ':' => {
                    self.bump();
                }
                '"' => {
                    let key_at = self.at();
                    let expect_key = self.frames.last().is_some_and(|f| f.expect_key);
                    let Some((start, end)) = self.string() else {
                        return false;
                    };
                    if expect_key {
                        self.key(start, end, key_at);
                    }
                }
                '-' | '0'..='9' => {
                    if let Some(sign) = self.number() {
                        self.replace(offset, self.offset(), &format!("{sign}{NEAREST_NUMBER}"));
                    }
                }
                _ => {
                    self.bump();
                }
            }
        }
        true
    }

    /// Scans the inside of a container at depth [`MAX_DEPTH`] (already entered) up to its end,
    /// recording the containers in it (all too deep) and repeated keys; returns at its end.
    fn elided(&mut self) -> Option<()> {
        let floor = self.frames.len();
        while let Some(ch) = self.cursor.peek() {
            match ch {
                '{' | '[' => {
                    let path = self.value_path();
                    self.too_deep.push((path, self.at()));
                    if !self.skip_container() {
                        return None;
                    }
                }
                '}' | ']' => {
                    self.bump();
                    self.frames.pop();
                    if self.frames.len() < floor {
                        return Some(());
                    }
                }
                ',' => {
                    self.bump();
                    if let Some(frame) = self.frames.last_mut() {
                        frame.next();
                    }
                }
                '-' | '0'..='9' => {
                    // The container is replaced as a whole: nothing to replace in it.
                    self.number();
                }
                '"' => {
                    let key_at = self.at();
                    let expect_key = self.frames.last().is_some_and(|f| f.expect_key);
                    let (start, end) = self.string()?;
                    if expect_key {
                        // Inside an elided container: repeated keys are still repeated.
                        let name = unescape(&self.text[start..end]);
                        if let Some(frame) = self.frames.last_mut() {
                            frame.expect_key = false;
                            frame.current = name.clone();
                            let fresh = frame.names.as_mut().is_none_or(|n| n.insert(name));
                            if !fresh {
                                let path = self.value_path();
                                self.duplicates.push((path, key_at));
                            }
                        }
                    }
                }
                _ => {
                    self.bump();
                }
            }
        }
        None
    }

    /// Reads a number; when it is beyond `f64`, records it and returns its sign (`-` or ``).
    fn number(&mut self) -> Option<&'static str> {
        let at = self.at();
        let start = self.offset();
        while self
            .cursor
            .peek()
            .is_some_and(|ch| matches!(ch, '0'..='9' | '-' | '+' | '.' | 'e' | 'E'))
        {
            self.bump();
        }
        let number = &self.text[start..self.offset()];
        if !number.parse::<f64>().is_ok_and(f64::is_infinite) {
            return None;
        }
        self.beyond_f64
            .push((self.value_path(), at, number.to_owned()));
        Some(if number.starts_with('-') { "-" } else { "" })
    }

    /// A key was read (raw contents `text[start..end]`): remembers it, and renames it when the
    /// object had it already.
    fn key(&mut self, start: usize, end: usize, key_at: At) {
        let name = unescape(&self.text[start..end]);
        let Some(frame) = self.frames.last_mut() else {
            return;
        };
        frame.expect_key = false;
        frame.current = name.clone();
        let fresh = frame.names.as_mut().is_none_or(|names| names.insert(name));
        if fresh {
            return;
        }
        let path = self.value_path();
        self.duplicates.push((path, key_at));
        self.repeats += 1;
        let marked = format!("\\u0000{}:{}", self.repeats, &self.text[start..end]);
        self.replace(start, end, &marked);
    }
}

impl Frame {
    fn new(path: String, object: bool) -> Self {
        Frame {
            path,
            names: object.then(Default::default),
            current: "0".to_owned(),
            elements: 0,
            expect_key: object,
        }
    }

    /// After a comma: the next key, or the next element.
    fn next(&mut self) {
        if self.names.is_some() {
            self.expect_key = true;
        } else {
            self.elements += 1;
            self.current = self.elements.to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_of_two_members_counts_and_the_later_is_marked() {
        let read = read("{\"a\": 1, \"b\": {\"c\": 2, \"c\": 3}, \"a\": \"x\"}").unwrap();
        assert_eq!(read.value["a"], 1);
        assert_eq!(read.value["b"]["c"], 2);
        let keys: Vec<&String> = read.value.as_object().unwrap().keys().collect();
        assert!(
            keys.iter().any(|k| repeated_name(k) == Some("a")),
            "{keys:?}"
        );
        let paths: Vec<&str> = read.duplicates.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["/b/c", "/a"]);
        assert_eq!(
            read.duplicates[1].1,
            At {
                line: 0,
                column: 32
            }
        );
    }

    #[test]
    fn deep_containers_are_reported_and_elided() {
        let depth = MAX_DEPTH + 3;
        let text = format!("{{\"x\": {}1{}}}", "[".repeat(depth), "]".repeat(depth));
        let read = read(&text).unwrap();
        // The message is depth 1; `/x` depth 2; the container at depth MAX_DEPTH + 1 is too deep.
        let expected = format!("/x{}", "/0".repeat(MAX_DEPTH - 1));
        assert_eq!(read.too_deep.len(), 1);
        assert_eq!(read.too_deep[0].0, expected);
        // Exactly MAX_DEPTH levels are fine, although serde_json alone would refuse them.
        let fine = format!(
            "{{\"x\": {}1{}}}",
            "[".repeat(MAX_DEPTH - 1),
            "]".repeat(MAX_DEPTH - 1)
        );
        let read_fine = super::read(&fine).unwrap();
        assert!(read_fine.too_deep.is_empty());
    }

    #[test]
    fn numbers_beyond_f64_are_recorded_and_read_as_the_nearest() {
        let read = read("{\"a\": 1e999, \"b\": [\"1e999\", -2e308, 1e308]}").unwrap();
        assert_eq!(read.value["a"], 1e308);
        assert_eq!(read.value["b"][1], -1e308);
        let found: Vec<(&str, &str)> = read
            .beyond_f64
            .iter()
            .map(|(path, _, number)| (path.as_str(), number.as_str()))
            .collect();
        assert_eq!(found, [("/a", "1e999"), ("/b/1", "-2e308")]);
        assert_eq!(
            read.beyond_f64[1].1,
            At {
                line: 0,
                column: 28
            }
        );
    }

    #[test]
    fn broken_text_is_left_to_serde_json() {
        assert!(read("{\"a\": [}").is_err());
        assert!(read("{\"a\": \"").is_err());
        assert!(read(&format!("{{\"x\": {}", "[".repeat(300))).is_err());
    }
}
