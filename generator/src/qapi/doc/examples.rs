//! The server's messages in an example section.
//!
//! QEMU's examples mark what the client sends with `->` and what the server sends with `<-`
//! (2.9 on); a message runs over the following lines until its JSON closes (the text front
//! end's rule, [`extent`]) or the next `->`/`<-`. Docs that write no markers (2.9's older
//! examples) give the server's messages as bare JSON objects: one with an `"event"` member is
//! taken. A message's label is the paragraph written before it (`1. Read operation`), else the
//! directive's `:title:`.

use nom::branch::alt;
use nom::bytes::complete::tag;
use nom::character::complete::space0;
use nom::sequence::terminated;
use nom::{IResult, Parser};

use super::Section;
use crate::model::{Example, Span};
use crate::text::parse::example::extent;
use crate::text::parse::source::{Line, lines};

/// Who sends a marked message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sender {
    Client,
    Server,
}

/// A message's marker (`-> `, `<- `) and the text after it.
fn marker(content: &str) -> IResult<&str, Sender> {
    terminated(
        alt((
            tag("->").map(|_| Sender::Client),
            tag("<-").map(|_| Sender::Server),
        )),
        space0,
    )
    .parse(content)
}

/// Whether a line starts another message.
fn starts_message(line: &Line<'_>) -> bool {
    marker(line.content).is_ok()
}

/// Whether JSON text has an `"event"` member (a key: the quoted word, then a colon).
fn names_event(text: &str) -> bool {
    text.match_indices("\"event\"")
        .any(|(at, key)| text[at + key.len()..].trim_start().starts_with(':'))
}

/// The server's messages of `section`, in order.
pub(super) fn server_messages(section: &Section) -> Vec<Example> {
    let text_lines = lines(&section.text.text);
    let title = section.option("title");
    let mut messages = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut after_blank = true;
    let mut at = 0;
    while at < text_lines.len() {
        let line = &text_lines[at];
        if line.is_blank() {
            after_blank = true;
            at += 1;
            continue;
        }
        let marked = marker(line.content).ok();
        if marked.is_none() && !line.content.starts_with('{') {
            if after_blank {
                paragraph.clear();
            }
            paragraph.push(line.content);
            after_blank = false;
            at += 1;
            continue;
        }
        let count = extent(&text_lines[at..], starts_message);
        let (first, sender) = marked.unwrap_or((line.content, Sender::Server));
        let message = message(section, &text_lines[at..at + count], first, at);
        if sender == Sender::Server && (marked.is_some() || names_event(&message.text)) {
            let label = paragraph.join(" ");
            let label = label.trim().trim_end_matches(':').trim_end();
            let label = Some(label).filter(|label| !label.is_empty()).or(title);
            messages.push(Example {
                label: label.map(str::to_owned),
                ..message
            });
            paragraph.clear();
        }
        after_blank = false;
        at += count;
    }
    messages
}

/// The message on `lines` (lines `from`… of the section's text), its first line starting at
/// `first` (a slice of the first line), later lines whole so that columns map straight.
fn message(section: &Section, lines: &[Line<'_>], first: &str, from: usize) -> Example {
    let place = |index: usize| section.lines.get(from + index).copied().unwrap_or_default();
    let first_line = &lines[0];
    let skipped = first_line.raw.len() - first.len();
    let first_span = Span {
        column: place(0).column + first_line.raw[..skipped].chars().count() as u32,
        ..place(0)
    };
    let mut text = first.to_owned();
    let mut spans = vec![first_span];
    for (index, line) in lines.iter().enumerate().skip(1) {
        text.push('\n');
        text.push_str(line.raw);
        spans.push(place(index));
    }
    Example {
        label: None,
        text,
        lines: spans,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_member_is_a_key() {
        assert!(names_event("{ \"event\" : \"STOP\" }"));
        assert!(!names_event("{ \"data\": \"event\" }"));
    }
}
