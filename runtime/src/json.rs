//! JSON text read token by token, for the validators' walk: it asks for exactly what it needs
//! next (a key, a string, a number, a skip), with no visitor in between and nothing built that
//! it does not use.
//!
//! Why not a JSON crate: checking a message is scanning it. Through serde's visitor interface
//! the generated validators cost 1.9 times what serde_json spends only skipping the same text
//! (its `IgnoredAny`); jiter, a pull parser, costs 1.4 times that before any check, its SIMD
//! string search being slower than a word-at-a-time one on QMP's short strings
//! (BENCHMARKS.md). This reader does what serde_json's own strict reader does, and no more.
//!
//! It accepts exactly what serde_json reads into a `serde_json::Value` (the lint reads examples
//! that way, and the two must agree on what is JSON): RFC 8259, escapes checked (surrogates
//! paired), no control character in a string, UTF-8. A problem is named in serde_json's words at
//! the byte where serde_json stops, so `not-json` reports read alike whichever reader found
//! them; the tests compare the two on hundreds of broken texts.

use crate::scalar::{self, Scalar};
use crate::words::{Name, head};

/// Where and why the text stops being JSON.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Broken {
    /// What is wrong.
    problem: Problem,
    /// The byte offset in the text.
    offset: usize,
}

/// What is wrong with a text that is not JSON, as serde_json names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    EofWhileParsingList,
    EofWhileParsingObject,
    EofWhileParsingString,
    EofWhileParsingValue,
    ExpectedColon,
    ExpectedListCommaOrEnd,
    ExpectedObjectCommaOrEnd,
    ExpectedSomeIdent,
    ExpectedSomeValue,
    InvalidEscape,
    InvalidNumber,
    InvalidUnicodeCodePoint,
    ControlCharacterWhileParsingString,
    KeyMustBeAString,
    LoneLeadingSurrogateInHexEscape,
    TrailingComma,
    TrailingCharacters,
    UnexpectedEndOfHexEscape,
}

impl Problem {
    /// serde_json's words for it.
    fn words(self) -> &'static str {
        match self {
            Problem::EofWhileParsingList => "EOF while parsing a list",
            Problem::EofWhileParsingObject => "EOF while parsing an object",
            Problem::EofWhileParsingString => "EOF while parsing a string",
            Problem::EofWhileParsingValue => "EOF while parsing a value",
            Problem::ExpectedColon => "expected `:`",
            Problem::ExpectedListCommaOrEnd => "expected `,` or `]`",
            Problem::ExpectedObjectCommaOrEnd => "expected `,` or `}`",
            Problem::ExpectedSomeIdent => "expected ident",
            Problem::ExpectedSomeValue => "expected value",
            Problem::InvalidEscape => "invalid escape",
            Problem::InvalidNumber => "invalid number",
            Problem::InvalidUnicodeCodePoint => "invalid unicode code point",
            Problem::ControlCharacterWhileParsingString => {
                "control character (\\u0000-\\u001F) found while parsing a string"
            }
            Problem::KeyMustBeAString => "key must be a string",
            Problem::LoneLeadingSurrogateInHexEscape => "lone leading surrogate in hex escape",
            Problem::TrailingComma => "trailing comma",
            Problem::TrailingCharacters => "trailing characters",
            Problem::UnexpectedEndOfHexEscape => "unexpected end of hex escape",
        }
    }
}

impl Broken {
    /// The problem with its line and column in `text`, as serde_json writes them:
    /// `expected value at line 1 column 3`.
    pub(crate) fn describe(&self, text: &[u8]) -> String {
        format!(
            "{} at {}",
            self.problem.words(),
            position(text, self.offset)
        )
    }

    /// Where in the text it stops being JSON, in bytes.
    pub(crate) fn offset(&self) -> usize {
        self.offset
    }
}

/// serde_json's way to say where the byte at `offset` stands: `line L column C`, of the text
/// read up to and including that byte (a newline there counts as read).
fn position(text: &[u8], offset: usize) -> String {
    let (line, column) = line_column_read(text, offset + 1);
    format!("line {line} column {column}")
}

/// Where reading stands once the `read` first bytes are read, as serde_json says it of an error
/// a visitor raised: the line, and the bytes read on it (0 before the first).
fn line_column_read(text: &[u8], read: usize) -> (usize, usize) {
    let read = &text[..read.min(text.len())];
    let line = 1 + read.iter().filter(|&&b| b == b'\n').count();
    let line_start = read
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |newline| newline + 1);
    (line, read.len() - line_start)
}

/// The result of reading the next part of the text.
pub(crate) type Read<T> = Result<T, Broken>;

/// What the next value is, by its first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Peek {
    Object,
    Array,
    String,
    Null,
    True,
    False,
    /// A digit or `-`.
    Number,
    /// A byte that starts no JSON value.
    Invalid,
}

/// A number as read: a scalar, or a number beyond `f64` (its text).
pub(crate) enum Number<'j> {
    Scalar(Scalar<'static>),
    BeyondF64(&'j str),
}

/// The text and where reading stands in it.
pub(crate) struct Json<'j> {
    /// The text this reader reads (the whole text, or the start of it up to a part's end).
    bytes: &'j [u8],
    /// The longest prefix of the whole text that is UTF-8 (all of it, for a `&str`): strings
    /// are borrowed from it, and a string reaching past it is not UTF-8.
    utf8: &'j str,
    /// The offset of the next byte to read.
    at: usize,
    /// Where a string with escapes is unescaped.
    scratch: String,
    /// Where the last key read starts (its `"`), for reports that point at a key.
    key_start: usize,
}

impl<'j> Json<'j> {
    /// A reader of `text`.
    pub(crate) fn from_str(text: &'j str) -> Self {
        Json {
            bytes: text.as_bytes(),
            utf8: text,
            at: 0,
            scratch: String::new(),
            key_start: 0,
        }
    }

    /// A reader of `bytes`, which should be UTF-8.
    pub(crate) fn from_bytes(bytes: &'j [u8]) -> Self {
        let utf8 = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            // The prefix up to the first bad byte is UTF-8, so this cannot fail.
            Err(error) => std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or_default(),
        };
        Json {
            bytes,
            utf8,
            at: 0,
            scratch: String::new(),
            key_start: 0,
        }
    }

    /// A reader of the part `range` of the same text (a value read before), with offsets into
    /// the whole text.
    pub(crate) fn part(&self, range: std::ops::Range<usize>) -> Json<'j> {
        Json {
            bytes: &self.bytes[..range.end],
            utf8: self.utf8,
            at: range.start,
            scratch: String::new(),
            key_start: range.start,
        }
    }

    /// The offset of the next byte to read.
    #[inline]
    pub(crate) fn offset(&self) -> usize {
        self.at
    }

    /// The text from the next byte to read on (nothing read): for a caller that recognises a
    /// value's exact bytes itself, then steps over them with [`Json::step`].
    #[inline(always)]
    pub(crate) fn rest(&self) -> &'j [u8] {
        self.bytes.get(self.at..).unwrap_or_default()
    }

    /// Steps over the first `len` bytes of [`Json::rest`], which the caller has recognised as
    /// one whole JSON value.
    #[inline(always)]
    pub(crate) fn step(&mut self, len: usize) {
        self.at += len;
    }

    /// The offset of the last key read (its opening `"`).
    #[inline]
    pub(crate) fn key_start(&self) -> usize {
        self.key_start
    }

    #[cold]
    fn broken<T>(&self, problem: Problem, offset: usize) -> Read<T> {
        Err(Broken { problem, offset })
    }

    /// The next byte that is not white space, left unread.
    #[inline(always)]
    pub(crate) fn next_byte(&mut self) -> Option<u8> {
        while let Some(&byte) = self.bytes.get(self.at) {
            if !matches!(byte, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(byte);
            }
            self.at += 1;
        }
        None
    }

    /// What the next value is (white space skipped, nothing read).
    #[inline(always)]
    pub(crate) fn peek(&mut self) -> Read<Peek> {
        Ok(match self.next_byte() {
            Some(b'{') => Peek::Object,
            Some(b'[') => Peek::Array,
            Some(b'"') => Peek::String,
            Some(b'n') => Peek::Null,
            Some(b't') => Peek::True,
            Some(b'f') => Peek::False,
            Some(b'-' | b'0'..=b'9') => Peek::Number,
            Some(_) => Peek::Invalid,
            None => return self.broken(Problem::EofWhileParsingValue, self.at),
        })
    }

    /// Opens the object `peek` announced: its first key (its `:` read), or `None` when it is
    /// empty.
    #[inline(always)]
    pub(crate) fn first_key(&mut self) -> Read<Option<Name<'_>>> {
        let key = self.first_key_raw()?;
        Ok(key.map(|key| self.name_of(key)))
    }

    /// The next key of the object being read (its `:` read), or `None` at its end.
    #[inline(always)]
    pub(crate) fn next_key(&mut self) -> Read<Option<Name<'_>>> {
        let key = self.next_key_raw()?;
        Ok(key.map(|key| self.name_of(key)))
    }

    /// Opens an object: its first key as [`Json::string_range`] gives it (its `:` read), or
    /// `None` when the object is empty.
    #[inline(always)]
    pub(crate) fn first_key_raw(&mut self) -> Read<Option<Option<std::ops::Range<usize>>>> {
        self.first_key_then::<true>()
    }

    /// The next key as [`Json::string_range`] gives it (its `:` read), or `None` at the
    /// object's end.
    #[inline(always)]
    pub(crate) fn next_key_raw(&mut self) -> Read<Option<Option<std::ops::Range<usize>>>> {
        self.next_key_then::<true>()
    }

    /// [`Json::first_key_raw`], reading the `:` only when `COLON`: serde's readers read it with
    /// the value, after the key's visitor (whose error, a duplicate field, comes first).
    #[inline(always)]
    pub(crate) fn first_key_then<const COLON: bool>(
        &mut self,
    ) -> Read<Option<Option<std::ops::Range<usize>>>> {
        self.open();
        self.first_key_after_open::<COLON>()
    }

    /// [`Json::first_key_then`] once the `{` is read ([`Json::open`]).
    #[inline(always)]
    pub(crate) fn first_key_after_open<const COLON: bool>(
        &mut self,
    ) -> Read<Option<Option<std::ops::Range<usize>>>> {
        match self.next_byte() {
            Some(b'"') => self.key::<COLON>().map(Some),
            Some(b'}') => {
                self.at += 1;
                Ok(None)
            }
            Some(_) => self.broken(Problem::KeyMustBeAString, self.at),
            None => self.broken(Problem::EofWhileParsingObject, self.at),
        }
    }

    /// [`Json::next_key_raw`], reading the `:` only when `COLON`.
    #[inline(always)]
    pub(crate) fn next_key_then<const COLON: bool>(
        &mut self,
    ) -> Read<Option<Option<std::ops::Range<usize>>>> {
        match self.next_byte() {
            Some(b',') => {
                self.at += 1;
                match self.next_byte() {
                    Some(b'"') => self.key::<COLON>().map(Some),
                    Some(b'}') => self.broken(Problem::TrailingComma, self.at),
                    Some(_) => self.broken(Problem::KeyMustBeAString, self.at),
                    None => self.broken(Problem::EofWhileParsingValue, self.at),
                }
            }
            Some(b'}') => {
                self.at += 1;
                Ok(None)
            }
            Some(_) => self.broken(Problem::ExpectedObjectCommaOrEnd, self.at),
            None => self.broken(Problem::EofWhileParsingObject, self.at),
        }
    }

    /// A key whose `"` is next, and (when `COLON`) the `:` after it.
    #[inline(always)]
    fn key<const COLON: bool>(&mut self) -> Read<Option<std::ops::Range<usize>>> {
        self.key_start = self.at;
        let range = self.string_range()?;
        if COLON {
            self.colon()?;
        }
        Ok(range)
    }

    /// The `:` between a key and its value.
    #[inline(always)]
    pub(crate) fn colon(&mut self) -> Read<()> {
        match self.next_byte() {
            Some(b':') => {
                self.at += 1;
                Ok(())
            }
            Some(_) => self.broken(Problem::ExpectedColon, self.at),
            None => self.broken(Problem::EofWhileParsingObject, self.at),
        }
    }

    /// The string `peek` announced, unescaped, as a name (a key, an event's name).
    #[inline(always)]
    pub(crate) fn name(&mut self) -> Read<Name<'_>> {
        let range = self.string_range()?;
        Ok(self.name_of(range))
    }

    /// The name a string read by [`Json::string_range`] holds.
    #[inline(always)]
    fn name_of(&self, range: Option<std::ops::Range<usize>>) -> Name<'_> {
        match range {
            Some(range) => Name {
                head: self.head_at(range.start, range.len()),
                // Both ends are at a `"`, so at character boundaries of the UTF-8 prefix.
                text: self.utf8.get(range).unwrap_or_default(),
            },
            None => Name::new(&self.scratch),
        }
    }

    /// The first eight bytes (fewer, zero-padded) of the `len` bytes at `start`, as a word.
    #[inline(always)]
    fn head_at(&self, start: usize, len: usize) -> u64 {
        match self.bytes.get(start..start + 8) {
            Some(word) => {
                let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
                if len >= 8 {
                    word
                } else {
                    word & ((1 << (8 * len)) - 1)
                }
            }
            None => head(&self.bytes[start..start + len]),
        }
    }

    /// Opens the array `peek` announced: what its first element is, or `None` when it is
    /// empty.
    #[inline(always)]
    pub(crate) fn first_element(&mut self) -> Read<Option<Peek>> {
        self.open();
        self.first_element_after_open()
    }

    /// Reads the `{` or `[` that `peek` announced.
    #[inline(always)]
    pub(crate) fn open(&mut self) {
        self.at += 1;
    }

    /// [`Json::first_element`] once the `[` is read ([`Json::open`]).
    #[inline(always)]
    pub(crate) fn first_element_after_open(&mut self) -> Read<Option<Peek>> {
        match self.next_byte() {
            Some(b']') => {
                self.at += 1;
                Ok(None)
            }
            Some(_) => self.peek().map(Some),
            None => self.broken(Problem::EofWhileParsingList, self.at),
        }
    }

    /// What the next element of the array being read is, or `None` at its end.
    #[inline(always)]
    pub(crate) fn next_element(&mut self) -> Read<Option<Peek>> {
        match self.next_byte() {
            Some(b',') => {
                self.at += 1;
                match self.next_byte() {
                    Some(b']') => self.broken(Problem::TrailingComma, self.at),
                    Some(_) => self.peek().map(Some),
                    None => self.broken(Problem::EofWhileParsingValue, self.at),
                }
            }
            Some(b']') => {
                self.at += 1;
                Ok(None)
            }
            Some(_) => self.broken(Problem::ExpectedListCommaOrEnd, self.at),
            None => self.broken(Problem::EofWhileParsingList, self.at),
        }
    }

    /// The string `peek` announced, unescaped.
    #[inline(always)]
    pub(crate) fn string(&mut self) -> Read<&str> {
        let range = self.string_range()?;
        Ok(match self.text_or_scratch(range) {
            Ok(text) | Err(text) => text,
        })
    }

    /// Steps over the string `peek` announced (checked, not copied).
    #[inline(always)]
    pub(crate) fn skip_string(&mut self) -> Read<()> {
        self.string_range().map(|_| ())
    }

    /// Reads a string whose `"` is next: the range of its text, or `None` when it holds
    /// escapes (then its unescaped text is in `scratch`).
    #[inline(always)]
    pub(crate) fn string_range(&mut self) -> Read<Option<std::ops::Range<usize>>> {
        let start = self.at + 1;
        let end = plain_end(self.bytes, start);
        match self.bytes.get(end) {
            Some(b'"') => {
                self.at = end + 1;
                self.utf8_up_to(end)?;
                Ok(Some(start..end))
            }
            _ => self.escaped_string(start, end).map(|()| None),
        }
    }

    /// The text of a string (or key) read by [`Json::string_range`]: borrowed from the whole
    /// text, or `Err` with the unescaped text in the scratch buffer.
    #[inline(always)]
    pub(crate) fn text_or_scratch(
        &self,
        range: Option<std::ops::Range<usize>>,
    ) -> Result<&'j str, &str> {
        match range {
            // Both ends are at a `"`, so at character boundaries of the UTF-8 prefix.
            Some(range) => Ok(self.utf8.get(range).unwrap_or_default()),
            None => Err(&self.scratch),
        }
    }

    /// Fails unless the text up to `end` is UTF-8.
    #[inline(always)]
    fn utf8_up_to(&self, end: usize) -> Read<()> {
        if end > self.utf8.len() {
            return self.broken(Problem::InvalidUnicodeCodePoint, self.utf8.len());
        }
        Ok(())
    }

    /// The rest of a string starting at `start` that holds an escape (or a control character,
    /// or no end) at `end`: unescaped into `scratch`, as serde_json checks it.
    #[cold]
    fn escaped_string(&mut self, start: usize, mut end: usize) -> Read<()> {
        let mut unescaped = std::mem::take(&mut self.scratch);
        unescaped.clear();
        let mut copied = start;
        let result = loop {
            match self.bytes.get(end) {
                Some(b'"') => {
                    self.at = end + 1;
                    break self.copy(&mut unescaped, copied, end);
                }
                Some(b'\\') => {
                    if let Err(broken) = self.copy(&mut unescaped, copied, end) {
                        break Err(broken);
                    }
                    match self.escape(end + 1, &mut unescaped) {
                        Ok(next) => copied = next,
                        Err(broken) => break Err(broken),
                    }
                    end = plain_end(self.bytes, copied);
                }
                Some(_) => {
                    break self.broken(Problem::ControlCharacterWhileParsingString, end);
                }
                None => break self.broken(Problem::EofWhileParsingString, end),
            }
        };
        self.scratch = unescaped;
        result
    }

    /// Appends the plain text `from..to` of a string to `unescaped`.
    fn copy(&self, unescaped: &mut String, from: usize, to: usize) -> Read<()> {
        self.utf8_up_to(to)?;
        unescaped.push_str(self.utf8.get(from..to).unwrap_or_default());
        Ok(())
    }

    /// The escape after a `\` at `at - 1`, appended to `unescaped`: where the text goes on.
    fn escape(&self, at: usize, unescaped: &mut String) -> Read<usize> {
        let Some(&letter) = self.bytes.get(at) else {
            return self.broken(Problem::EofWhileParsingString, at);
        };
        let plain = match letter {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let (character, next) = self.unicode_escape(at + 1)?;
                unescaped.push(character);
                return Ok(next);
            }
            _ => return self.broken(Problem::InvalidEscape, at),
        };
        unescaped.push(plain);
        Ok(at + 1)
    }

    /// The character of a `\u` escape whose hex digits start at `at` (a surrogate pair takes
    /// two escapes), and where the text goes on.
    fn unicode_escape(&self, at: usize) -> Read<(char, usize)> {
        let first = self.hex(at)?;
        let next = at + 4;
        if (0xDC00..=0xDFFF).contains(&first) {
            // A trailing surrogate alone (serde_json names it so).
            return self.broken(Problem::LoneLeadingSurrogateInHexEscape, next - 1);
        }
        if !(0xD800..=0xDBFF).contains(&first) {
            // Outside the surrogates every value is a character.
            return Ok((char::from_u32(u32::from(first)).unwrap_or_default(), next));
        }
        match self.bytes.get(next) {
            Some(b'\\') => {}
            Some(_) => return self.broken(Problem::UnexpectedEndOfHexEscape, next),
            None => return self.broken(Problem::EofWhileParsingString, next),
        }
        match self.bytes.get(next + 1) {
            Some(b'u') => {}
            Some(_) => return self.broken(Problem::UnexpectedEndOfHexEscape, next + 1),
            None => return self.broken(Problem::EofWhileParsingString, next + 1),
        }
        let second = self.hex(next + 2)?;
        if !(0xDC00..=0xDFFF).contains(&second) {
            return self.broken(Problem::LoneLeadingSurrogateInHexEscape, next + 5);
        }
        let code = 0x1_0000 + ((u32::from(first) - 0xD800) << 10 | (u32::from(second) - 0xDC00));
        Ok((char::from_u32(code).unwrap_or_default(), next + 6))
    }

    /// The four hex digits at `at`.
    fn hex(&self, at: usize) -> Read<u16> {
        // serde_json wants all four before it looks at any.
        let Some(digits) = self.bytes.get(at..at + 4) else {
            return self.broken(Problem::EofWhileParsingString, self.bytes.len());
        };
        let mut value = 0_u16;
        for &digit in digits {
            let Some(digit) = (digit as char).to_digit(16) else {
                // Named after the four are read.
                return self.broken(Problem::InvalidEscape, at + 3);
            };
            value = value << 4 | digit as u16;
        }
        Ok(value)
    }

    /// The literal `true`, `false` or `null` that `peek` announced.
    #[inline]
    pub(crate) fn literal(&mut self, peek: Peek) -> Read<Scalar<'static>> {
        let (word, scalar): (&[u8], _) = match peek {
            Peek::Null => (b"null", Scalar::Null),
            Peek::True => (b"true", Scalar::Bool(true)),
            _ => (b"false", Scalar::Bool(false)),
        };
        if self.bytes.get(self.at..self.at + word.len()) == Some(word) {
            self.at += word.len();
            return Ok(scalar);
        }
        // Where it stops matching, as serde_json reads it a byte at a time.
        for (offset, &expected) in (self.at..).zip(word) {
            match self.bytes.get(offset) {
                Some(&byte) if byte == expected => {}
                Some(_) => return self.broken(Problem::ExpectedSomeIdent, offset),
                None => return self.broken(Problem::EofWhileParsingValue, offset),
            }
        }
        self.broken(Problem::ExpectedSomeIdent, self.at)
    }

    /// The number `peek` announced (or the problem of a byte that starts no value).
    #[inline]
    pub(crate) fn number(&mut self, peek: Peek) -> Read<Number<'j>> {
        if peek != Peek::Number {
            return self.broken(Problem::ExpectedSomeValue, self.at);
        }
        let bytes = self.bytes;
        let start = self.at;
        let mut at = start;
        let negative = bytes.get(at) == Some(&b'-');
        at += usize::from(negative);
        // The integer part: its value while it fits in u64.
        let mut magnitude = Some(0_u64);
        match bytes.get(at) {
            Some(b'0') => {
                at += 1;
                if bytes.get(at).is_some_and(u8::is_ascii_digit) {
                    return self.broken(Problem::InvalidNumber, at);
                }
            }
            Some(b'1'..=b'9') => {
                let (end, value) = integer(bytes, at);
                at = end;
                magnitude = value;
            }
            Some(_) => return self.broken(Problem::InvalidNumber, at),
            None => return self.broken(Problem::EofWhileParsingValue, at),
        }
        let mut integral = true;
        if bytes.get(at) == Some(&b'.') {
            integral = false;
            at = self.digits(at + 1)?;
        }
        if matches!(bytes.get(at), Some(b'e' | b'E')) {
            integral = false;
            at += 1;
            if matches!(bytes.get(at), Some(b'+' | b'-')) {
                at += 1;
            }
            at = self.digits(at)?;
        }
        self.at = at;
        if integral && let Some(magnitude) = magnitude {
            if !negative {
                return Ok(Number::Scalar(Scalar::UInt(magnitude)));
            }
            // serde_json reads `-0`, and negative integers beyond i64, as floats.
            let negated = (magnitude as i64).wrapping_neg();
            if negated < 0 {
                return Ok(Number::Scalar(Scalar::Int(negated)));
            }
        }
        Ok(self.other_number(start, at))
    }

    /// A fraction, an exponent, `-0` or an integer beyond 64 bits, at `start..end`.
    #[cold]
    fn other_number(&self, start: usize, end: usize) -> Number<'j> {
        // A number is ASCII, so inside the UTF-8 prefix.
        let text = self.utf8.get(start..end).unwrap_or_default();
        match scalar::number(text.as_bytes()) {
            Ok(scalar) => Number::Scalar(scalar),
            Err(()) => Number::BeyondF64(text),
        }
    }

    /// Past the one or more digits that must start at `at`.
    fn digits(&self, at: usize) -> Read<usize> {
        let run = self.bytes[at.min(self.bytes.len())..]
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        if run == 0 {
            // serde_json names the byte it wanted a digit at (or the end of the text).
            return match self.bytes.get(at) {
                Some(_) => self.broken(Problem::InvalidNumber, at),
                None => self.broken(Problem::EofWhileParsingValue, at),
            };
        }
        Ok(at + run)
    }

    /// Steps over the value `peek` announced, whatever it holds and however deep, without
    /// recursion and without checks (its syntax is still checked).
    pub(crate) fn skip(&mut self, peek: Peek) -> Read<()> {
        // The containers open inside the skipped value: `true` for an object.
        let mut open = OpenStack::default();
        let mut next = peek;
        loop {
            let ended = match next {
                Peek::Object => match self.first_key()? {
                    Some(_) => {
                        open.push(true);
                        false
                    }
                    None => true,
                },
                Peek::Array => match self.first_element()? {
                    Some(first) => {
                        open.push(false);
                        next = first;
                        continue;
                    }
                    None => true,
                },
                Peek::String => {
                    self.skip_string()?;
                    true
                }
                Peek::Null | Peek::True | Peek::False => {
                    self.literal(next)?;
                    true
                }
                Peek::Number | Peek::Invalid => {
                    self.number(next)?;
                    true
                }
            };
            if !ended {
                // An object just opened on its first key: its value comes next.
                next = self.peek()?;
                continue;
            }
            // A value ended: on to the next member or element, closing what ends with it.
            loop {
                match open.last() {
                    None => return Ok(()),
                    Some(true) => {
                        if self.next_key()?.is_some() {
                            next = self.peek()?;
                            break;
                        }
                    }
                    Some(false) => {
                        if let Some(element) = self.next_element()? {
                            next = element;
                            break;
                        }
                    }
                }
                open.pop();
            }
        }
    }

    /// Checks that only white space follows the value read.
    pub(crate) fn finish(&mut self) -> Read<()> {
        match self.next_byte() {
            None => Ok(()),
            Some(_) => self.broken(Problem::TrailingCharacters, self.at),
        }
    }
}

/// The run of digits starting at `start`: where it ends, and its value if it fits in `u64`.
#[inline(always)]
fn integer(bytes: &[u8], start: usize) -> (usize, Option<u64>) {
    // Nineteen digits always fit in u64: no overflow check until then.
    let mut value = 0_u64;
    let mut at = start;
    while let Some(&byte) = bytes.get(at) {
        let digit = byte.wrapping_sub(b'0');
        if digit > 9 {
            return (at, Some(value));
        }
        value = value * 10 + u64::from(digit);
        at += 1;
        if at - start == 19 {
            return long_integer(bytes, start, at, value);
        }
    }
    (at, Some(value))
}

/// The rest of an integer of nineteen digits or more.
#[cold]
fn long_integer(bytes: &[u8], start: usize, mut at: usize, value: u64) -> (usize, Option<u64>) {
    let mut value = Some(value);
    while let Some(&byte) = bytes.get(at).filter(|byte| byte.is_ascii_digit()) {
        value = value
            .and_then(|value| value.checked_mul(10))
            .and_then(|value| value.checked_add(u64::from(byte - b'0')));
        at += 1;
    }
    debug_assert!(at > start);
    (at, value)
}

/// Whether each container open inside a skipped value is an object (`true`) or an array: a
/// stack of bits, the first 128 levels without allocating (a message's data nests a handful of
/// levels; a `Vec<bool>` cost an allocation for every skipped container).
#[derive(Default)]
struct OpenStack {
    /// Levels 0 to 127, a bit each.
    inline: [u64; 2],
    /// The levels past 128, a bit each.
    deeper: Vec<u64>,
    /// How many containers are open.
    len: usize,
}

impl OpenStack {
    const INLINE_BITS: usize = 128;

    #[inline]
    fn word(&mut self, level: usize) -> &mut u64 {
        if level < Self::INLINE_BITS {
            &mut self.inline[level / 64]
        } else {
            let at = (level - Self::INLINE_BITS) / 64;
            if at == self.deeper.len() {
                self.deeper.push(0);
            }
            &mut self.deeper[at]
        }
    }

    #[inline]
    fn push(&mut self, object: bool) {
        let level = self.len;
        let bit = 1_u64 << (level % 64);
        let word = self.word(level);
        if object {
            *word |= bit;
        } else {
            *word &= !bit;
        }
        self.len += 1;
    }

    /// Whether the innermost open container is an object; `None` when none is open.
    #[inline]
    fn last(&self) -> Option<bool> {
        let level = self.len.checked_sub(1)?;
        let word = if level < Self::INLINE_BITS {
            self.inline[level / 64]
        } else {
            self.deeper[(level - Self::INLINE_BITS) / 64]
        };
        Some(word >> (level % 64) & 1 == 1)
    }

    #[inline]
    fn pop(&mut self) {
        self.len = self.len.saturating_sub(1);
    }
}

/// Where the plain text of a string starting at `start` ends: at the first `"`, `\` or control
/// character, or at the end of `bytes`. Eight bytes at a time (QMP's strings are short, so a
/// word beats vector instructions that need sixteen or more).
#[inline(always)]
pub(crate) fn plain_end(bytes: &[u8], start: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut at = start;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        // The high bit of each byte that is `"`, `\` or below 0x20 (exact for the first such
        // byte, which is all that is used).
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        let special = (quote.wrapping_sub(ONES) & !quote
            | backslash.wrapping_sub(ONES) & !backslash
            | word.wrapping_sub(ONES * 0x20) & !word)
            & HIGH;
        if special != 0 {
            return at + (special.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while let Some(&byte) = bytes.get(at) {
        if byte == b'"' || byte == b'\\' || byte < 0x20 {
            return at;
        }
        at += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skipped(text: &str) -> Result<usize, String> {
        let mut json = Json::from_str(text);
        let peek = json.peek().map_err(|e| e.describe(text.as_bytes()))?;
        json.skip(peek).map_err(|e| e.describe(text.as_bytes()))?;
        Ok(json.offset())
    }

    /// What serde_json says of `text` read into a `Value`, and what this reader says.
    fn both(text: &[u8]) -> (Result<(), String>, Result<(), String>) {
        let theirs = serde_json::from_slice::<serde_json::Value>(text)
            .map(|_| ())
            .map_err(|e| e.to_string());
        let mut json = Json::from_bytes(text);
        let ours = json
            .peek()
            .and_then(|peek| json.skip(peek))
            .and_then(|()| json.finish())
            .map_err(|e| e.describe(text));
        (theirs, ours)
    }

    #[test]
    fn skips_any_value_without_recursion() {
        let deep = format!("{}1{}", "[{\"a\":".repeat(200_000), "}]".repeat(200_000));
        assert_eq!(skipped(&deep), Ok(deep.len()));
        // Past the 128 levels kept inline and back, twice, arrays and objects mixed.
        let nest = format!("{}1{}", "[{\"a\":".repeat(150), "}]".repeat(150));
        let twice = format!("[{nest}, {{\"b\": {nest}}}, 0]");
        assert_eq!(skipped(&twice), Ok(twice.len()));
        let unclosed = format!("[{}1{}", "[{\"a\":".repeat(150), "}]".repeat(149));
        assert!(skipped(&unclosed).is_err());
        assert_eq!(
            skipped(r#"{"a": [1, "x", {"b": null}], "c": {}} tail"#),
            Ok(37)
        );
        assert_eq!(skipped("[[], {}, true, false, -1.5e3]"), Ok(29));
        let error = skipped(r#"{"a": [1, }"#).unwrap_err();
        assert_eq!(error, "expected value at line 1 column 11");
        assert!(
            skipped("[1, 2")
                .unwrap_err()
                .starts_with("EOF while parsing a list")
        );
    }

    #[test]
    fn strings_unescape_as_serde_json_does() {
        for text in [
            r#""plain""#,
            r#""a\"b\\c\/d\be\ff\ng\rh\ti""#,
            r#""\u00e9\u4e2d\ud83d\ude00""#,
            "\"caf\u{e9} \u{1F600}\"",
            r#""a very long string with many words in it, longer than a word""#,
        ] {
            let mut json = Json::from_str(text);
            assert_eq!(json.peek().unwrap(), Peek::String);
            let ours = json.string().unwrap().to_owned();
            let theirs: String = serde_json::from_str(text).unwrap();
            assert_eq!(ours, theirs, "{text}");
            assert_eq!(json.offset(), text.len());
        }
    }

    #[test]
    fn broken_texts_are_named_as_serde_json_names_them() {
        let cases: &[&[u8]] = &[
            b"",
            b" ",
            b"{",
            b"[",
            b"{\"a\"",
            b"{\"a\":",
            b"{\"a\": 1",
            b"{\"a\": 1,",
            b"{\"a\": 1,}",
            b"[1,]",
            b"[1 2]",
            b"{\"a\" 1}",
            b"{1: 2}",
            b"{,}",
            b"[,]",
            b"{\"a\": 1 \"b\": 2}",
            b"nul",
            b"nulx",
            b"tru",
            b"fals",
            b"trux",
            b"-",
            b"-x",
            b"01",
            b"1.",
            b"1.x",
            b"1e",
            b"1e+",
            b"1ex",
            b"+1",
            b".5",
            b"\"abc",
            b"\"a\\",
            b"\"a\\x\"",
            b"\"\\u12\"",
            b"\"\\u12",
            b"\"\\uzzzz\"",
            b"\"\\ud800\"",
            b"\"\\ud800\\\"",
            b"\"\\ud800\\u0041\"",
            b"\"\\udc00\"",
            b"\"\\ud800x\"",
            b"\"a\x01b\"",
            b"\"a\nb\"",
            b"{} x",
            b"[] ]",
            b"1 2",
            b"\xef\xbb\xbf{}",
            b"\"\xff\"",
            b"{\"a\xc3\": 1}",
            b"[\"ok\", \xff]",
            b"{}\xff",
            b"\"\xe2\x82\"",
            b"{\"a\":\n  [1,\n  2,,]}",
            b"\n\n  x",
            b"[\"\\ud83d\\ude00\", \"\\u00e9\"]",
            b"{\"a\": true, \"b\": [null, false, -0, 1e300, 12345678901234567890123]}",
        ];
        let differ: Vec<String> = cases
            .iter()
            .filter_map(|text| {
                let (theirs, ours) = both(text);
                (ours != theirs).then(|| {
                    format!(
                        "{:?}: ours {ours:?}, serde_json {theirs:?}",
                        String::from_utf8_lossy(text)
                    )
                })
            })
            .collect();
        assert!(differ.is_empty(), "{differ:#?}");
    }

    #[test]
    fn numbers_are_classified_as_serde_json_classifies_them() {
        for text in [
            "0",
            "-0",
            "7",
            "-7",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "1.5",
            "1e3",
            "1e999",
            "-1e999",
        ] {
            let mut json = Json::from_str(text);
            let peek = json.peek().unwrap();
            let ours = match json.number(peek) {
                Ok(Number::Scalar(Scalar::UInt(n))) => format!("u{n}"),
                Ok(Number::Scalar(Scalar::Int(n))) => format!("i{n}"),
                Ok(Number::Scalar(Scalar::Float(f))) => format!("f{f:?}"),
                Ok(Number::BeyondF64(text)) => format!("beyond {text}"),
                _ => "broken".to_owned(),
            };
            let theirs = match serde_json::from_str::<serde_json::Value>(text) {
                Ok(serde_json::Value::Number(n)) if n.is_u64() => format!("u{n}"),
                Ok(serde_json::Value::Number(n)) if n.is_i64() => format!("i{n}"),
                Ok(serde_json::Value::Number(n)) => format!("f{:?}", n.as_f64().unwrap()),
                Err(_) => format!("beyond {text}"),
                Ok(other) => panic!("{other}"),
            };
            assert_eq!(ours, theirs, "{text}");
        }
    }

    #[test]
    fn long_strings_are_found_whole() {
        for len in 0..40 {
            let text = format!("\"{}\"", "x".repeat(len));
            let mut json = Json::from_str(&text);
            json.peek().unwrap();
            assert_eq!(json.string().unwrap().len(), len);
            assert_eq!(json.offset(), text.len());
        }
    }
}
