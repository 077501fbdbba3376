//! The grammar of one doc comment line: what a line starts (a member's description, a
//! `Features:` list, a tagged section, an rST directive) or that it continues what is open.
//!
//! Only a line's first column starts something (QEMU's rule in every version): an indented
//! `Since:` or `@name:` is text of what it is in.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_till, take_while1};
use nom::character::complete::{char, space0, space1};
use nom::combinator::{all_consuming, eof, opt, rest, value};
use nom::sequence::{preceded, terminated};
use nom::{IResult, Parser};

/// What a line of a definition's doc comment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind<'a> {
    /// Nothing but white space.
    Blank,
    /// `@name: text`: a member's (or, after `Features:`, a feature's) description starts.
    Member {
        /// The name between `@` and `:` (empty for `@:`).
        name: &'a str,
        /// Whether white space stands before the colon (`@normal : …`, QEMU 2.1 to 2.7): QEMU
        /// reads such a line as text.
        spaced: bool,
        /// What follows the colon, leading spaces skipped.
        rest: &'a str,
    },
    /// `Features:`: the features' descriptions follow.
    Features,
    /// `Since: 2.1`, `Returns: …`: a tagged section starts.
    Tagged {
        /// The tag, without its colon.
        tag: &'a str,
        /// What follows the colon, leading spaces skipped.
        rest: &'a str,
    },
    /// `.. note:: text`, `.. qmp-example::`: an rST directive starts (QEMU 9.1).
    Directive {
        /// The directive's name (`note`, `qmp-example`, `admonition`).
        name: &'a str,
        /// What follows `::` on its line, leading spaces skipped (the argument or first text).
        rest: &'a str,
    },
    /// Anything else: it continues what is open.
    Text,
}

/// Reads what `line` (a doc line's text, after `# `) is.
pub fn classify(line: &str) -> LineKind<'_> {
    if line.trim().is_empty() {
        return LineKind::Blank;
    }
    alt((member, features, tagged, directive))
        .parse(line)
        .map_or(LineKind::Text, |(_, kind)| kind)
}

/// The symbol line of a definition's doc comment: `@NAME:` (QEMU 2.1 to 2.7 also `@NAME`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SymbolLine<'a> {
    /// The name after `@`, up to a colon or white space.
    pub name: &'a str,
    /// Whether the name ends with a colon.
    pub colon: bool,
    /// What follows the name (and its colon), leading spaces skipped.
    pub rest: &'a str,
}

/// Reads a symbol line: `None` when `line` does not start with `@`.
pub fn symbol(line: &str) -> Option<SymbolLine<'_>> {
    symbol_line(line).ok().map(|(_, symbol)| symbol)
}

fn symbol_line(input: &str) -> IResult<&str, SymbolLine<'_>> {
    (
        preceded(char('@'), name_text),
        opt(char(':')),
        preceded(space0, rest),
    )
        .map(|(name, colon, rest)| SymbolLine {
            name,
            colon: colon.is_some(),
            rest: rest.trim_end(),
        })
        .parse(input)
}

/// The `@name:` a free-form line starts with (its first word up to its last colon), as QEMU
/// 2.10 matches it: `None` when the line's first word is no such reference.
pub fn leading_member_reference(line: &str) -> Option<&str> {
    let word = line.split_whitespace().next()?;
    let end = word.rfind(':')?;
    (word.starts_with('@') && end > 1).then(|| &word[..=end])
}

/// A name up to a colon or white space (possibly empty).
fn name_text(input: &str) -> IResult<&str, &str> {
    take_till(|c: char| c == ':' || c.is_whitespace()).parse(input)
}

/// The text after a tag's colon: one or more spaces, or the end of the line.
fn after_colon(input: &str) -> IResult<&str, &str> {
    preceded(alt((space1, eof)), rest)
        .map(str::trim_end)
        .parse(input)
}

fn member(input: &str) -> IResult<&str, LineKind<'_>> {
    (
        preceded(char('@'), name_text),
        terminated(space0, char(':')),
        after_colon,
    )
        .map(|(name, space, rest)| LineKind::Member {
            name,
            spaced: !space.is_empty(),
            rest,
        })
        .parse(input)
}

fn features(input: &str) -> IResult<&str, LineKind<'_>> {
    value(
        LineKind::Features,
        all_consuming((tag("Features:"), space0)),
    )
    .parse(input)
}

/// The sections QEMU knows by a `Word:` tag (2.10 knew all but `Errors`, which came later).
fn tagged(input: &str) -> IResult<&str, LineKind<'_>> {
    // Longest first, so that `Notes:` is not read as `Note` and a stray `s:`.
    let tags = alt((
        tag("Returns"),
        tag("Errors"),
        tag("Since"),
        tag("Notes"),
        tag("Note"),
        tag("Examples"),
        tag("Example"),
        tag("TODO"),
    ));
    (terminated(tags, char(':')), preceded(space0, rest))
        .map(|(tag, rest)| LineKind::Tagged {
            tag,
            rest: rest.trim_end(),
        })
        .parse(input)
}

fn directive(input: &str) -> IResult<&str, LineKind<'_>> {
    let name = take_while1(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    (
        preceded((tag(".."), space1), terminated(name, tag("::"))),
        preceded(space0, rest),
    )
        .map(|(name, rest)| LineKind::Directive {
            name,
            rest: rest.trim_end(),
        })
        .parse(input)
}

/// A directive's option line (`:title: Use absolute path`, `:annotated:`), indented under it.
pub fn directive_option(line: &str) -> Option<(&str, &str)> {
    option_line(line).ok().map(|(_, option)| option)
}

fn option_line(input: &str) -> IResult<&str, (&str, &str)> {
    let name = take_while1(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    (
        preceded((space1, char(':')), terminated(name, char(':'))),
        preceded(space0, rest).map(str::trim_end),
    )
        .parse(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_a_line_starts() {
        assert_eq!(classify("   "), LineKind::Blank);
        assert_eq!(
            classify("@node-name: the node"),
            LineKind::Member {
                name: "node-name",
                spaced: false,
                rest: "the node"
            }
        );
        assert_eq!(
            classify("@:"),
            LineKind::Member {
                name: "",
                spaced: false,
                rest: ""
            }
        );
        assert_eq!(classify("Features:"), LineKind::Features);
        assert_eq!(
            classify("Since: 2.1"),
            LineKind::Tagged {
                tag: "Since",
                rest: "2.1"
            }
        );
        assert_eq!(
            classify("Notes:"),
            LineKind::Tagged {
                tag: "Notes",
                rest: ""
            }
        );
        assert_eq!(
            classify(".. admonition:: Notes"),
            LineKind::Directive {
                name: "admonition",
                rest: "Notes"
            }
        );
        // Not at the first column, no colon, a word that merely starts like a tag.
        assert_eq!(classify("  Since: 2.1"), LineKind::Text);
        assert_eq!(classify("@two is undocumented"), LineKind::Text);
        assert_eq!(classify("Since 0.14.0"), LineKind::Text);
        assert_eq!(classify("Sinceres: x"), LineKind::Text);
        assert_eq!(classify("@a:b: x"), LineKind::Text);
        assert_eq!(
            classify("@normal : number"),
            LineKind::Member {
                name: "normal",
                spaced: true,
                rest: "number"
            }
        );
    }

    #[test]
    fn reads_symbols_with_and_without_colon() {
        let line = symbol("@BLOCK_IO_ERROR:").unwrap();
        assert_eq!(
            (line.name, line.colon, line.rest),
            ("BLOCK_IO_ERROR", true, "")
        );
        let line = symbol("@add_client").unwrap();
        assert_eq!((line.name, line.colon), ("add_client", false));
        assert_eq!(symbol("@:").unwrap().name, "");
        assert_eq!(symbol("LostTickPolicy:"), None);
    }

    #[test]
    fn finds_member_references_as_qemu_does() {
        assert_eq!(leading_member_reference("@note: foo"), Some("@note:"));
        assert_eq!(leading_member_reference("  @a:b: x"), Some("@a:b:"));
        assert_eq!(leading_member_reference("@var {in braces}"), None);
        assert_eq!(leading_member_reference("see @foo: x"), None);
    }

    #[test]
    fn reads_directive_options() {
        assert_eq!(
            directive_option("   :title: Use absolute path"),
            Some(("title", "Use absolute path"))
        );
        assert_eq!(directive_option("   :annotated:"), Some(("annotated", "")));
        assert_eq!(directive_option(":title: x"), None);
        assert_eq!(directive_option("    -> { }"), None);
    }
}
