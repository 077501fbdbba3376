//! The grammar of heading lines (`BLOCK_IO_ERROR`, `1 SHUTDOWN`,
//! `SPICE_CONNECTED, SPICE_DISCONNECTED`) and of their underlines.

use nom::bytes::complete::{tag, take_while1};
use nom::character::complete::{digit1, space0, space1};
use nom::combinator::{all_consuming, map_res, opt, recognize, verify};
use nom::multi::separated_list1;
use nom::sequence::{delimited, terminated};
use nom::{IResult, Parser};

/// A heading's number (if any) and the event names it lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingNames<'a> {
    /// `1` in `1 SHUTDOWN`.
    pub number: Option<u32>,
    /// The names, in order.
    pub names: Vec<&'a str>,
}

/// Whether `name` is an event name: upper-case letters, digits and underscores, optionally after
/// a vendor prefix such as `__com.redhat_` (the QAPI convention for downstream extensions).
pub fn is_event_name(name: &str) -> bool {
    let rest = match name.strip_prefix("__") {
        Some(vendor) => match vendor.split_once('_') {
            Some((prefix, rest))
                if !prefix.is_empty()
                    && prefix
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-') =>
            {
                rest
            }
            _ => return false,
        },
        None => name,
    };
    rest.starts_with(|c: char| c.is_ascii_uppercase())
        && rest
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

fn event_name(input: &str) -> IResult<&str, &str> {
    verify(
        recognize(take_while1(|c: char| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
        })),
        is_event_name,
    )
    .parse(input)
}

fn heading_number(input: &str) -> IResult<&str, u32> {
    terminated(map_res(digit1, str::parse::<u32>), (opt(tag(".")), space1)).parse(input)
}

/// Reads a heading line's content: an optional number, then one or more event names separated
/// by commas. `None` when the line is not of that shape.
pub fn heading_names(content: &str) -> Option<HeadingNames<'_>> {
    let names = separated_list1(delimited(space0, tag(","), space0), event_name);
    let mut heading = all_consuming((opt(heading_number), names, space0));
    heading
        .parse(content)
        .ok()
        .map(|(_, (number, names, _))| HeadingNames { number, names })
}

/// Whether a line's content underlines a heading: dashes, at least three of them or as many as
/// the heading has characters (so that a short name such as `EV` can be underlined `--`).
pub fn is_heading_underline(content: &str, heading: &str) -> bool {
    !content.is_empty()
        && content.bytes().all(|byte| byte == b'-')
        && (content.len() >= 3 || content.len() >= heading.chars().count())
}

/// Whether a line's content is an underline made of `mark` (at least three of them).
pub fn is_underline(content: &str, mark: char) -> bool {
    content.len() >= 3 && content.chars().all(|c| c == mark)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plain_numbered_and_shared_headings() {
        assert_eq!(
            heading_names("BLOCK_IO_ERROR"),
            Some(HeadingNames {
                number: None,
                names: vec!["BLOCK_IO_ERROR"]
            })
        );
        assert_eq!(
            heading_names("1 SHUTDOWN"),
            Some(HeadingNames {
                number: Some(1),
                names: vec!["SHUTDOWN"]
            })
        );
        assert_eq!(
            heading_names("SPICE_CONNECTED, SPICE_DISCONNECTED"),
            Some(HeadingNames {
                number: None,
                names: vec!["SPICE_CONNECTED", "SPICE_DISCONNECTED"]
            })
        );
        assert_eq!(
            heading_names("__com.redhat_DEBUG").map(|h| h.names),
            Some(vec!["__com.redhat_DEBUG"])
        );
    }

    #[test]
    fn rejects_prose() {
        assert_eq!(heading_names("QEMU Monitor Protocol Events"), None);
        assert_eq!(heading_names("Notes"), None);
        assert_eq!(heading_names("1"), None);
        assert_eq!(heading_names("STOP event."), None);
    }

    #[test]
    fn short_headings_take_short_underlines() {
        assert!(is_heading_underline("--", "EV"));
        assert!(is_heading_underline("-", "E"));
        assert!(!is_heading_underline("-", "STOP"));
        assert!(is_heading_underline("---", "STOP"));
        assert!(!is_heading_underline("", "E"));
    }

    #[test]
    fn underlines_need_three_marks() {
        assert!(is_underline("---", '-'));
        assert!(is_underline("=====", '='));
        assert!(!is_underline("--", '-'));
        assert!(!is_underline("--- x", '-'));
    }
}
