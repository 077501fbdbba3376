//! Layer 1: lines → the document's outline: its title, the text before the first event, and one
//! section per heading with the lines of its body.

use crate::diagnostics::{Diagnostic, codes};
use crate::text::model::{Heading, Text, Underline};
use crate::text::parse::heading::{heading_names, is_heading_underline, is_underline};
use crate::text::parse::source::Line;

/// One heading and the lines below it, up to the next heading.
pub struct Section<'l, 'a> {
    /// The heading, as the model keeps it.
    pub heading: Heading,
    /// The lines after the heading (and its underline).
    pub body: &'l [Line<'a>],
}

/// The document cut at its headings.
pub struct Outline<'l, 'a> {
    /// The title above its `====` underline.
    pub title: Option<Text>,
    /// The lines between the title and the first heading.
    pub preface: &'l [Line<'a>],
    /// The event sections, in order.
    pub sections: Vec<Section<'l, 'a>>,
}

/// What starts at a line: an underlined heading, a heading without underline, or neither.
enum Start {
    Underlined,
    Bare,
}

/// Cuts the document at its headings.
///
/// An underlined line that names no event is reported (`not-an-event`) and its body becomes
/// `unfitted-text`. A line that names events but lacks an underline is still read as a heading,
/// with a warning, when blank lines surround it.
pub fn outline<'l, 'a>(
    lines: &'l [Line<'a>],
    diagnostics: &mut Vec<Diagnostic>,
) -> Outline<'l, 'a> {
    let mut index = 0;
    let title = title(lines, &mut index);

    let starts: Vec<(usize, Start)> = (index..lines.len())
        .filter_map(|at| heading_start(lines, at).map(|start| (at, start)))
        .collect();

    let preface_end = starts.first().map_or(lines.len(), |&(at, _)| at);
    let preface = &lines[index.min(preface_end)..preface_end];

    let mut sections = Vec::new();
    for (position, &(at, ref start)) in starts.iter().enumerate() {
        let line = &lines[at];
        let body_start = match start {
            Start::Underlined => at + 2,
            Start::Bare => at + 1,
        };
        let body_end = starts
            .get(position + 1)
            .map_or(lines.len(), |&(next, _)| next);
        let body = &lines[body_start.min(body_end)..body_end];
        match heading_names(line.content) {
            Some(names) => {
                let underline = match start {
                    Start::Underlined => {
                        let under = &lines[at + 1];
                        Some(Underline {
                            span: under.span(),
                            length: under.content.chars().count() as u32,
                        })
                    }
                    Start::Bare => {
                        diagnostics.push(
                            Diagnostic::warning(
                                codes::MISSING_UNDERLINE,
                                line.span(),
                                format!("heading `{}` has no underline", line.content),
                            )
                            .with_len(line.content.chars().count() as u32)
                            .with_help(
                                "underline the heading with as many `-` as it has characters",
                            ),
                        );
                        None
                    }
                };
                let heading = Heading {
                    span: line.span(),
                    text: line.content.to_owned(),
                    number: names.number,
                    names: names.names.iter().map(|name| (*name).to_owned()).collect(),
                    underline,
                };
                sections.push(Section { heading, body });
            }
            None => {
                diagnostics.push(
                    Diagnostic::error(
                        codes::NOT_AN_EVENT,
                        line.span(),
                        format!("heading `{}` names no event", line.content),
                    )
                    .with_len(line.content.chars().count() as u32)
                    .with_help("an event heading is an upper-case name such as BLOCK_IO_ERROR"),
                );
                unfitted(
                    body,
                    "text under a heading that names no event",
                    diagnostics,
                );
            }
        }
    }
    Outline {
        title,
        preface,
        sections,
    }
}

/// Reads the title (a line underlined with `=`) at the top of the document, moving `index` past it.
fn title(lines: &[Line<'_>], index: &mut usize) -> Option<Text> {
    let first = lines.iter().position(|line| !line.is_blank())?;
    let under = lines.get(first + 1)?;
    if is_underline(under.content, '=') {
        *index = first + 2;
        Some(Text {
            span: lines[first].span(),
            text: lines[first].content.to_owned(),
        })
    } else {
        None
    }
}

fn heading_start(lines: &[Line<'_>], at: usize) -> Option<Start> {
    let line = &lines[at];
    if line.is_blank() || line.content.starts_with(['-', '{', '}', '"', '\'', '=']) {
        return None;
    }
    if let Some(next) = lines.get(at + 1)
        && next.indent <= line.indent
        && is_heading_underline(next.content, line.content)
    {
        return Some(Start::Underlined);
    }
    // Without an underline, only an unindented line that names events, alone between blank
    // lines, is taken for a heading.
    let alone = at
        .checked_sub(1)
        .is_none_or(|before| lines[before].is_blank())
        && lines.get(at + 1).is_none_or(Line::is_blank);
    if line.indent == 0
        && alone
        && may_name_events(line.content)
        && heading_names(line.content).is_some()
    {
        return Some(Start::Bare);
    }
    None
}

/// A cheap first look at a line that might name events: it starts with a digit (`1 SHUTDOWN`), an
/// underscore (a vendor prefix) or a capital not followed by a small letter. One-line paragraphs of
/// prose are common and fail here without running the heading grammar.
fn may_name_events(content: &str) -> bool {
    match content.as_bytes() {
        [first, ..] if first.is_ascii_digit() || *first == b'_' => true,
        [first, second, ..] => first.is_ascii_uppercase() && !second.is_ascii_lowercase(),
        [first] => first.is_ascii_uppercase(),
        [] => false,
    }
}

/// Reports each paragraph of `lines` as text that fits nowhere in the model.
pub fn unfitted(lines: &[Line<'_>], what: &str, diagnostics: &mut Vec<Diagnostic>) {
    let mut in_paragraph = false;
    for line in lines {
        if line.is_blank() {
            in_paragraph = false;
        } else if !in_paragraph {
            in_paragraph = true;
            diagnostics.push(
                Diagnostic::error(
                    codes::UNFITTED_TEXT,
                    line.span(),
                    format!("{what}: the parser could not fit it"),
                )
                .with_len(line.content.chars().count() as u32),
            );
        }
    }
}
