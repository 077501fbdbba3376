//! The state of one validation: where in the message it is, how deep, and what it found.

use crate::runtime::report::{Mode, Report, Violation, ViolationKind};

/// How deeply objects and arrays may nest in a message, the message object itself counting as
/// one. Deeper values are reported as `too-deep` and skipped without recursion (QEMU's own
/// JSON parser stops at 1024; its events nest a handful of levels).
pub const MAX_DEPTH: u32 = 128;

/// The validation state the generated validators thread through a message.
#[derive(Debug)]
pub struct Ctx {
    mode: Mode,
    /// The JSON pointer of the value being read; members push `/name`, elements `/index`.
    path: String,
    /// Objects and arrays open around the value being read.
    depth: u32,
    /// The unescaped name of the last member that is not documented (for its violation).
    key: String,
    event: Option<String>,
    violations: Vec<Violation>,
    /// The text was read again with numbers beyond `f64` as marked strings (`beyond_f64`).
    marked_numbers: bool,
}

impl Ctx {
    /// A fresh validation in `mode`.
    pub fn new(mode: Mode) -> Self {
        Ctx {
            mode,
            path: String::new(),
            depth: 0,
            key: String::new(),
            event: None,
            violations: Vec::new(),
            marked_numbers: false,
        }
    }

    /// Says that strings may be marked numbers beyond `f64`.
    pub(crate) fn expect_marked_numbers(&mut self) {
        self.marked_numbers = true;
    }

    /// The number's text, when `value` stands for a number beyond `f64`.
    pub(crate) fn beyond_f64<'v>(&self, value: &'v str) -> Option<&'v str> {
        if self.marked_numbers {
            super::beyond_f64::marked(value)
        } else {
            None
        }
    }

    /// An `out-of-range` violation for the number beyond `f64` at the current path, unless
    /// judging the value (as the nearest `f64`) has just reported one there.
    pub(crate) fn beyond_f64_number(&mut self, number: &str) {
        if self
            .violations
            .last()
            .is_some_and(|last| last.kind == ViolationKind::OutOfRange && last.path == self.path)
        {
            return;
        }
        self.report(
            ViolationKind::OutOfRange,
            "a number within the range of f64",
            number,
            format!("the number {number} is beyond the range of f64"),
            None,
        );
    }

    /// What the validation found.
    pub fn into_report(self) -> Report {
        Report {
            event: self.event,
            violations: self.violations,
        }
    }

    /// The JSON pointer of the value being read.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Records the message's event name.
    pub(crate) fn set_event(&mut self, name: &str) {
        self.event = Some(name.to_owned());
    }

    /// The message's event name, once read.
    pub(crate) fn event(&self) -> Option<&str> {
        self.event.as_deref()
    }

    /// Steps into the member `name` (escaped as RFC 6901 says: `~` → `~0`, `/` → `~1`).
    pub fn push_member(&mut self, name: &str) {
        self.path.push('/');
        push_escaped(&mut self.path, name);
    }

    /// Steps into the array element `index`.
    pub fn push_index(&mut self, index: usize) {
        use std::fmt::Write as _;
        let _ = write!(self.path, "/{index}");
    }

    /// Steps back out of the last member or element. Escaped names hold no `/`, so the last
    /// segment starts at the last `/`.
    pub fn pop(&mut self) {
        let at = self.path.rfind('/').unwrap_or(0);
        self.path.truncate(at);
    }

    /// Remembers the (unescaped) name of an undocumented member.
    pub(crate) fn set_key(&mut self, name: &str) {
        self.key.clear();
        self.key.push_str(name);
    }

    /// The name of the last undocumented member.
    pub(crate) fn key(&self) -> &str {
        &self.key
    }

    /// Opens an object or array: `false` (with a `too-deep` violation) when that would nest
    /// deeper than [`MAX_DEPTH`].
    pub(crate) fn enter(&mut self) -> bool {
        if self.depth >= MAX_DEPTH {
            self.report(
                ViolationKind::TooDeep,
                format!("at most {MAX_DEPTH} nested objects and arrays"),
                format!("more than {MAX_DEPTH}"),
                format!("objects and arrays nest deeper than {MAX_DEPTH} levels here"),
                None,
            );
            return false;
        }
        self.depth += 1;
        true
    }

    /// Closes what [`enter`](Ctx::enter) opened.
    pub(crate) fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Records a violation at the current path; its severity follows from its kind and the mode.
    pub fn report(
        &mut self,
        kind: ViolationKind,
        expected: impl Into<String>,
        found: impl Into<String>,
        message: impl Into<String>,
        spec_line: Option<u32>,
    ) {
        self.violations.push(Violation {
            path: self.path.clone(),
            kind,
            severity: kind.severity(self.mode),
            expected: expected.into(),
            found: found.into(),
            message: message.into(),
            spec_line,
        });
    }

    /// A `missing-field` violation for the required member `name` of the current object.
    pub fn missing(&mut self, name: &str, expected: &str, spec_line: u32) {
        self.push_member(name);
        self.report(
            ViolationKind::MissingField,
            expected,
            "nothing",
            format!("the required member \"{name}\" ({expected}) is missing"),
            Some(spec_line),
        );
        self.pop();
    }

    /// A `duplicate-key` violation for the member just read, when `seen` says it came before;
    /// marks it seen.
    pub fn once(&mut self, seen: &mut bool) {
        if *seen {
            self.duplicate();
        }
        *seen = true;
    }

    /// A `duplicate-key` violation for the member at the current path.
    pub(crate) fn duplicate(&mut self) {
        let name = self.path[self.path.rfind('/').map_or(0, |at| at + 1)..].to_owned();
        self.report(
            ViolationKind::DuplicateKey,
            "each member once",
            format!("\"{}\" again", unescape(&name)),
            format!("the member \"{}\" appears more than once", unescape(&name)),
            None,
        );
    }

    /// An `undocumented-field` violation for the member just read (named by the key seed);
    /// `documented` lists what the document describes there.
    pub fn undocumented_member(&mut self, documented: &str, spec_line: Option<u32>) {
        let name = std::mem::take(&mut self.key);
        self.report(
            ViolationKind::UndocumentedField,
            documented,
            format!("\"{name}\""),
            format!("the document does not describe a member \"{name}\" here"),
            spec_line,
        );
        self.key = name;
    }
}

/// Appends `name` escaped as a JSON-pointer segment.
fn push_escaped(path: &mut String, name: &str) {
    if !name.contains(['~', '/']) {
        path.push_str(name);
        return;
    }
    for c in name.chars() {
        match c {
            '~' => path.push_str("~0"),
            '/' => path.push_str("~1"),
            c => path.push(c),
        }
    }
}

/// A JSON-pointer segment's name.
fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_escape_and_pop_segments() {
        let mut ctx = Ctx::new(Mode::Strict);
        ctx.push_member("data");
        ctx.push_member("a/b~c");
        assert_eq!(ctx.path(), "/data/a~1b~0c");
        ctx.pop();
        ctx.push_index(3);
        assert_eq!(ctx.path(), "/data/3");
        ctx.pop();
        ctx.pop();
        assert_eq!(ctx.path(), "");
    }

    #[test]
    fn duplicates_name_the_unescaped_member() {
        let mut ctx = Ctx::new(Mode::Strict);
        ctx.push_member("a/b");
        let mut seen = false;
        ctx.once(&mut seen);
        ctx.once(&mut seen);
        let report = ctx.into_report();
        assert_eq!(report.violations.len(), 1);
        assert_eq!(report.violations[0].path, "/a~1b");
        assert_eq!(report.violations[0].found, "\"a/b\" again");
    }

    #[test]
    fn depth_is_limited() {
        let mut ctx = Ctx::new(Mode::Lenient);
        for _ in 0..MAX_DEPTH {
            assert!(ctx.enter());
        }
        assert!(!ctx.enter());
        ctx.leave();
        assert!(ctx.enter());
        let report = ctx.into_report();
        assert_eq!(report.violations.len(), 1);
        assert_eq!(report.violations[0].kind, ViolationKind::TooDeep);
        assert!(!report.is_valid());
    }
}
