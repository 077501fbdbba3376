//! The QAPI lexer: the tokens of QEMU's JSON-like schema language, read with nom.
//!
//! The language has `{ } : , [ ]`, single-quoted one-line strings, `true`, `false` and `null`,
//! and `#` comments to the end of the line. Escapes are QEMU 2.10's (`\b \f \n \r \t \\ \/ \'
//! \"` and `\uXXXX` up to 0x7f), a superset of today's (`\\` only). Errors are QEMU's words at
//! QEMU's place: the start of the token that holds the fault.

use nom::bytes::complete::{tag, take_till, take_while, take_while_m_n};
use nom::character::complete::{anychar, one_of};
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

/// A token and the byte offsets where it starts and ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lexed<'a> {
    /// The token.
    pub token: Token<'a>,
    /// Where it starts.
    pub start: usize,
    /// Where the next token may start.
    pub end: usize,
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
pub fn next(src: &str, mut at: usize, keep_comments: bool) -> Result<Lexed<'_>, LexError> {
    loop {
        let rest = &src[at..];
        let blank = blank(rest);
        at += blank;
        let rest = &rest[blank..];
        if rest.is_empty() {
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
            });
        }
        let token = |token, len: usize| Lexed {
            token,
            start: at,
            end: at + len,
        };
        if let Ok((after, comment)) = comment(rest) {
            if keep_comments || comment.starts_with("##") {
                return Ok(token(Token::Comment(comment), rest.len() - after.len()));
            }
            at += comment.len();
            continue;
        }
        if let Ok((after, punct)) = one_of::<_, _, nom::error::Error<&str>>("{}:,[]").parse(rest) {
            return Ok(token(Token::Punct(punct), rest.len() - after.len()));
        }
        if let Ok((after, keyword)) = keyword(rest) {
            return Ok(token(keyword, rest.len() - after.len()));
        }
        if rest.starts_with('\'') {
            let (len, text) = string(rest).map_err(|message| LexError { at, message })?;
            return Ok(token(Token::Str(text), len));
        }
        let stray = rest.chars().next().unwrap_or_default();
        return Err(LexError {
            at,
            message: format!("Stray \"{stray}\""),
        });
    }
}

/// The length of the blank run at the start of `rest` (Python's `isspace` on ASCII, as QEMU).
fn blank(rest: &str) -> usize {
    let spaces: IResult<&str, &str> =
        take_while(|c: char| c.is_ascii_whitespace() || c == '\x0b').parse(rest);
    spaces.map_or(0, |(_, spaces)| spaces.len())
}

/// A `#` comment to the end of its line.
fn comment(rest: &str) -> IResult<&str, &str> {
    let (after, _) = tag("#").parse(rest)?;
    let (after, _) = take_till(|c| c == '\n').parse(after)?;
    Ok((after, &rest[..rest.len() - after.len()]))
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
    let mut text = String::new();
    let mut input = &rest[1..];
    loop {
        let plain: IResult<&str, &str> =
            take_till(|c| c == '\\' || c == '\'' || c == '\n').parse(input);
        let (after, run) = plain.map_err(|_| unterminated())?;
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
