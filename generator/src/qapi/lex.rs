//! The QAPI lexer: the tokens of QEMU's JSON-like schema language, read with nom.
//!
//! The language has `{ } : , [ ]`, single-quoted one-line strings, `true`, `false` and `null`,
//! and `#` comments to the end of the line. Escapes are QEMU 2.10's (`\b \f \n \r \t \\ \/ \'
//! \"` and `\uXXXX` up to 0x7f), a superset of today's (`\\` only). Errors are QEMU's words at
//! QEMU's place: the start of the token that holds the fault.
//!
//! nom reads the words and escapes; the hot runs (blanks, comments, the plain text between a
//! string's escapes) are byte scans (memchr), which the whole schema's reading time is mostly.

use nom::bytes::complete::{tag, take_while_m_n};
use nom::character::complete::anychar;
use nom::combinator::value;
use nom::{IResult, Parser};

/// One token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// One of `{ } : , [ ]`.
    Punct(char),
    /// A string, escapes resolved.
    Str(String),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// A comment, from its `#` to the end of the line (without the newline): returned for a
    /// `##` comment always, and for every comment inside a doc block.
    Comment(&'a str),
    /// The end of the text.
    End,
}

/// A token and the byte offsets where it starts and ends, and the newlines before it (so that a
/// reader tracks lines without scanning the text again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lexed<'a> {
    /// The token.
    pub token: Token<'a>,
    /// Where it starts.
    pub start: usize,
    /// Where the next token may start.
    pub end: usize,
    /// How many newlines lie between the `at` the lexer started from and the token.
    pub newlines: u32,
    /// Where the line after the last of them starts (meaningful when `newlines` is not 0).
    pub line_start: usize,
}

/// A lexical error: QEMU's message, at the start of the token that holds the fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexError {
    /// Where the faulty token starts.
    pub at: usize,
    /// QEMU's words.
    pub message: String,
}

/// The next token of `src` from byte `at` on. Comments are skipped unless they start with `##`
/// or `keep_comments` is set (inside a doc block every comment line is a token).
///
/// The token's first byte decides what it can be, so each byte is looked at once; runs (blanks,
/// comments, the plain text of strings) are skipped with byte scans, not a parser per character.
#[inline]
pub fn next(src: &str, mut at: usize, keep_comments: bool) -> Result<Lexed<'_>, LexError> {
    let mut newlines = 0;
    let mut line_start = 0;
    loop {
        let blank = blank(&src.as_bytes()[at..]);
        if let Some(last) = blank.last_newline {
            newlines += blank.newlines;
            line_start = at + last + 1;
        }
        at += blank.len;
        let rest = &src[at..];
        let Some(&first) = rest.as_bytes().first() else {
            // QEMU places the end on the text's last newline (it adds one when missing).
            let end = if src.ends_with('\n') {
                src.len() - 1
            } else {
                src.len()
            };
            return Ok(Lexed {
                token: Token::End,
                start: end,
                end: src.len(),
                newlines,
                line_start,
            });
        };
        let token = |token, len: usize| Lexed {
            token,
            start: at,
            end: at + len,
            newlines,
            line_start,
        };
        match first {
            b'#' => {
                let comment = comment(rest);
                if keep_comments || comment.starts_with("##") {
                    return Ok(token(Token::Comment(comment), comment.len()));
                }
                at += comment.len();
            }
            b'{' | b'}' | b':' | b',' | b'[' | b']' => {
                return Ok(token(Token::Punct(char::from(first)), 1));
            }
            b'\'' => {
                let (len, text) = string(rest).map_err(|message| LexError { at, message })?;
                return Ok(token(Token::Str(text), len));
            }
            _ => {
                if let Ok((after, keyword)) = keyword(rest) {
                    return Ok(token(keyword, rest.len() - after.len()));
                }
                let stray = rest.chars().next().unwrap_or_default();
                return Err(LexError {
                    at,
                    message: format!("Stray \"{stray}\""),
                });
            }
        }
    }
}

/// A run of blanks (Python's `isspace` on ASCII, as QEMU), and its newlines.
struct Blank {
    len: usize,
    newlines: u32,
    /// Where the last newline is, from the run's start.
    last_newline: Option<usize>,
}

/// The blank run at the start of `rest`.
fn blank(rest: &[u8]) -> Blank {
    let mut newlines = 0;
    let mut last_newline = None;
    for (at, byte) in rest.iter().enumerate() {
        if *byte == b'\n' {
            newlines += 1;
            last_newline = Some(at);
        } else if !(byte.is_ascii_whitespace() || *byte == b'\x0b') {
            return Blank {
                len: at,
                newlines,
                last_newline,
            };
        }
    }
    Blank {
        len: rest.len(),
        newlines,
        last_newline,
    }
}

/// The `#` comment that starts `rest`, to the end of its line (without the newline).
fn comment(rest: &str) -> &str {
    &rest[..memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len())]
}

/// `true`, `false` or `null` (QEMU takes the word without looking at what follows it).
fn keyword(rest: &str) -> IResult<&str, Token<'static>> {
    nom::branch::alt((
        value(Token::Bool(true), tag("true")),
        value(Token::Bool(false), tag("false")),
        value(Token::Null, tag("null")),
    ))
    .parse(rest)
}

/// A string starting at the quote that starts `rest`: its length in bytes and its text, or
/// QEMU's message for what is wrong with it.
fn string(rest: &str) -> Result<(usize, String), String> {
    let input = &rest[1..];
    let plain = memchr::memchr3(b'\\', b'\'', b'\n', input.as_bytes()).unwrap_or(input.len());
    if input.as_bytes().get(plain) == Some(&b'\'') {
        // No escape (nearly every string): one allocation of the final size.
        return Ok((plain + 2, input[..plain].to_owned()));
    }
    let mut text = String::new();
    let mut input = input;
    loop {
        // The plain run up to the next backslash, quote or newline (or the end: unterminated).
        let plain = memchr::memchr3(b'\\', b'\'', b'\n', input.as_bytes()).unwrap_or(input.len());
        let (run, after) = input.split_at(plain);
        text.push_str(run);
        let mut chars = after.chars();
        match chars.next() {
            Some('\'') => return Ok((rest.len() - chars.as_str().len(), text)),
            Some('\\') => {
                let (after, ch) = escape(chars.as_str())?;
                text.push(ch);
                input = after;
            }
            _ => return Err(unterminated()),
        }
    }
}

fn unterminated() -> String {
    "Missing terminating \"'\"".to_owned()
}

/// The escape after a backslash: what it stands for, or QEMU's message.
fn escape(input: &str) -> Result<(&str, char), String> {
    let any: IResult<&str, char> = anychar(input);
    let Ok((after, ch)) = any else {
        return Err(unterminated());
    };
    let simple = match ch {
        'b' => '\u{8}',
        'f' => '\u{c}',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        '\\' | '/' | '\'' | '"' => ch,
        'u' => return unicode(after),
        '\n' => return Err(unterminated()),
        other => return Err(format!("Unknown escape \\{other}")),
    };
    Ok((after, simple))
}

/// The four hex digits of a `\u` escape; QEMU takes only 0x01 to 0x7f.
fn unicode(input: &str) -> Result<(&str, char), String> {
    let digits: IResult<&str, &str> =
        take_while_m_n(4, 4, |c: char| c.is_ascii_hexdigit()).parse(input);
    let (after, digits) = digits.map_err(|_| "\\u escape needs 4 hex digits".to_owned())?;
    let value = u32::from_str_radix(digits, 16).unwrap_or(0);
    match char::from_u32(value).filter(|ch| (1..=0x7f).contains(&(*ch as u32))) {
        Some(ch) => Ok((after, ch)),
        None => Err("For now, \\u escape only supports non-zero values up to \\u007f".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(src: &str) -> Vec<Token<'_>> {
        let mut at = 0;
        let mut out = Vec::new();
        loop {
            let lexed = next(src, at, false).expect("lexes");
            if lexed.token == Token::End {
                return out;
            }
            at = lexed.end;
            out.push(lexed.token);
        }
    }

    #[test]
    fn reads_every_token_kind() {
        assert_eq!(
            tokens("{ 'a\\'b': [true, false, null] } # gone\n## kept"),
            vec![
                Token::Punct('{'),
                Token::Str("a'b".into()),
                Token::Punct(':'),
                Token::Punct('['),
                Token::Bool(true),
                Token::Punct(','),
                Token::Bool(false),
                Token::Punct(','),
                Token::Null,
                Token::Punct(']'),
                Token::Punct('}'),
                Token::Comment("## kept"),
            ]
        );
    }

    #[test]
    fn errors_name_the_token_start() {
        let error = next("  'ab\\x'", 0, false).unwrap_err();
        assert_eq!(
            (error.at, error.message.as_str()),
            (2, "Unknown escape \\x")
        );
        let error = next("'ab\ncd'", 0, false).unwrap_err();
        assert_eq!(error.message, "Missing terminating \"'\"");
        let error = next("'\\u00e9'", 0, false).unwrap_err();
        assert!(error.message.starts_with("For now"));
        let error = next("'\\u12'", 0, false).unwrap_err();
        assert_eq!(error.message, "\\u escape needs 4 hex digits");
        let error = next(" ;", 0, false).unwrap_err();
        assert_eq!((error.at, error.message.as_str()), (1, "Stray \";\""));
    }

    #[test]
    fn an_unterminated_string_at_the_end_is_an_error() {
        for src in ["'abc", "'abc\\", "'\\u00"] {
            assert!(next(src, 0, false).is_err(), "{src}");
        }
    }
}
