//! Judging one line of a stream, and the tally of a whole stream.

use std::collections::BTreeMap;
use std::fmt;

use qmp_events::runtime::Count;
use qmp_events::{Mode, Report};

use crate::document::Document;

/// What one line is, judged.
pub enum Judged {
    /// A greeting or a command reply: part of a captured session, but not an event.
    Control,
    /// A message, with what validating it found.
    Message(Report),
}

/// Validates one line. A greeting or a reply (the validators' `not-an-event`) is
/// [`Judged::Control`]; anything else (an event, or garbage) is judged as a message.
pub fn judge(document: &Document, line: &[u8], mode: Mode) -> Judged {
    let report = document.validate(line, mode);
    if report.is_reply_or_greeting() {
        return Judged::Control;
    }
    Judged::Message(report)
}

/// At most this many distinct event names are counted one by one; the rest are added up
/// together, so that a stream of ever new names keeps memory flat.
const MAX_NAMES: usize = 1024;
/// The name under which messages without an event name are counted.
const NO_NAME: &str = "(no event name)";
/// The name under which names past [`MAX_NAMES`] are counted.
const OTHER_NAMES: &str = "(other names)";

/// Messages of one event name.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub messages: u64,
    pub with_warnings: u64,
    pub with_errors: u64,
}

impl Tally {
    fn add(&mut self, report: &Report) {
        self.messages += 1;
        self.with_warnings += u64::from(report.warnings().next().is_some());
        self.with_errors += u64::from(!report.is_valid());
    }
}

/// What a whole stream held.
#[derive(Debug, Default)]
pub struct Summary {
    /// Greetings and command replies, skipped.
    pub control: u64,
    /// Messages judged.
    pub messages: u64,
    /// Messages without an error.
    pub valid: u64,
    /// Messages with at least one warning.
    pub with_warnings: u64,
    /// Messages with at least one error.
    pub with_errors: u64,
    /// The same by event name.
    pub by_event: BTreeMap<String, Tally>,
}

impl Summary {
    /// Counts one judged line.
    pub fn add(&mut self, judged: &Judged) {
        let Judged::Message(report) = judged else {
            self.control += 1;
            return;
        };
        let mut tally = Tally::default();
        tally.add(report);
        self.messages += 1;
        self.valid += u64::from(report.is_valid());
        self.with_warnings += tally.with_warnings;
        self.with_errors += tally.with_errors;
        let name = report.event.as_deref().unwrap_or(NO_NAME);
        let name = if self.by_event.contains_key(name) || self.by_event.len() < MAX_NAMES {
            name
        } else {
            OTHER_NAMES
        };
        match self.by_event.get_mut(name) {
            Some(existing) => existing.add(report),
            None => {
                self.by_event.insert(name.to_owned(), tally);
            }
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} valid, {} with warnings, {} with errors",
            Count::new(self.messages, "message"),
            self.valid,
            self.with_warnings,
            self.with_errors
        )?;
        if self.control > 0 {
            let control = Count::irregular(
                self.control,
                "greeting or reply line",
                "greeting and reply lines",
            );
            write!(f, " ({control} skipped)")?;
        }
        writeln!(f)?;
        let width = self.by_event.keys().map(String::len).max().unwrap_or(0);
        for (name, tally) in &self.by_event {
            write!(f, "  {name:<width$}  {:>6}", tally.messages)?;
            if tally.with_warnings > 0 {
                write!(f, "  {} with warnings", tally.with_warnings)?;
            }
            if tally.with_errors > 0 {
                write!(f, "  {} with errors", tally.with_errors)?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(name: &str) -> Vec<u8> {
        format!(r#"{{"event": "{name}", "timestamp": {{"seconds": 1, "microseconds": 2}}}}"#)
            .into_bytes()
    }

    #[test]
    fn greetings_and_replies_are_control_lines_and_the_rest_are_messages() {
        let greeting = br#"{"QMP": {"version": {}, "capabilities": []}}"#;
        let bundled = &Document::Bundled;
        assert!(matches!(
            judge(bundled, greeting, Mode::Strict),
            Judged::Control
        ));
        assert!(matches!(
            judge(
                bundled,
                br#"{"error": {"class": "x", "desc": "y"}}"#,
                Mode::Strict
            ),
            Judged::Control
        ));
        assert!(matches!(
            judge(bundled, br#"{"id": 4, "return": {}}"#, Mode::Lenient),
            Judged::Control
        ));
        // A reply's member beside an event name, or a reply that is not JSON: judged.
        let event_and_return =
            br#"{"return": {}, "event": "STOP", "timestamp": {"seconds": 1, "microseconds": 2}}"#;
        for line in [
            &b"[1]"[..],
            b"\xff",
            b"{}",
            &message("STOP"),
            event_and_return,
            br#"{"return": {}"#,
        ] {
            assert!(matches!(
                judge(bundled, line, Mode::Strict),
                Judged::Message(_)
            ));
        }
    }

    #[test]
    fn distinct_names_past_the_limit_are_counted_together() {
        let mut summary = Summary::default();
        for number in 0..MAX_NAMES + 10 {
            summary.add(&judge(
                &Document::Bundled,
                &message(&format!("VENDOR_EVENT_{number}")),
                Mode::Lenient,
            ));
        }
        summary.add(&judge(
            &Document::Bundled,
            &message("VENDOR_EVENT_0"),
            Mode::Lenient,
        ));
        assert_eq!(summary.messages, MAX_NAMES as u64 + 11);
        assert_eq!(summary.with_warnings, summary.messages);
        assert_eq!(summary.by_event.len(), MAX_NAMES + 1);
        assert_eq!(summary.by_event[OTHER_NAMES].messages, 10);
        assert_eq!(summary.by_event["VENDOR_EVENT_0"].messages, 2);
    }
}
