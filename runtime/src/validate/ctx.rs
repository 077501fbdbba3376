//! The state of one validation: where in the message it is, how deep, and what it found.

use std::borrow::Cow;
use std::cell::Cell;

use super::schema::{Schema, Tables};
use crate::pointer;
use crate::report::{Mode, Report, Violation, ViolationKind};
use crate::words;

/// How deeply objects and arrays may nest in a message, the message object itself counting as
/// one. Deeper values are reported as `too-deep` and skipped without recursion (QEMU's own
/// JSON parser stops at 1024; its events nest a handful of levels).
pub const MAX_DEPTH: u32 = 128;

/// One step of the path to the value being read.
#[derive(Debug, Clone, Copy)]
enum Segment<'s> {
    /// A documented member: its name is in the schema's tables.
    Member(&'s str),
    /// Any other member: its (unescaped) name is `names[start..]` up to the next key's start.
    Key { start: usize },
    /// An array element.
    Index(usize),
}

/// Path steps kept without allocating: QMP messages nest a handful of levels.
const INLINE: usize = 8;

/// The validation state the generated validators thread through a message.
///
/// The path is a stack of steps, not text: a message that breaks nothing never writes its JSON
/// pointers, and a documented member costs one push of a `&'static str`. The pointer is built
/// only when a violation is recorded.
#[derive(Debug)]
pub(crate) struct Ctx<'s> {
    mode: Mode,
    /// The tables the message is checked against (a reference: the context is set up for
    /// every message, and its slices are taken where they are used).
    schema: &'s Schema,
    /// The first [`INLINE`] steps of the path to the value being read.
    inline: [Segment<'s>; INLINE],
    /// How many steps the path has.
    len: usize,
    /// Objects and arrays open around the value being read.
    depth: u32,
    /// Whether `buffers` came from this thread's [`SPARE`] (and go back there).
    borrowed: bool,
    /// What a message with undocumented members or a deep path needs: empty (no allocation)
    /// until it does.
    buffers: Buffers<'s>,
    /// Where the value (or key) being judged starts in the text: the offset of a violation.
    at: usize,
    event: Option<Cow<'static, str>>,
    violations: Vec<Violation>,
}

/// The growable parts of a [`Ctx`].
#[derive(Debug, Default)]
struct Buffers<'s> {
    /// The steps past [`INLINE`] (only for deeper paths).
    deeper: Vec<Segment<'s>>,
    /// The names of the undocumented members on the path, one after the other.
    names: String,
    /// The undocumented member names of the open objects met so far, one after the other
    /// (see [`KeySet`](super::keys::KeySet)), and where each ends.
    kept: String,
    kept_ends: Vec<usize>,
}

impl Buffers<'_> {
    const EMPTY: Self = Buffers {
        deeper: Vec::new(),
        names: String::new(),
        kept: String::new(),
        kept_ends: Vec::new(),
    };

    /// The same (empty) buffers, for a validation against other tables. The path steps past
    /// [`INLINE`] name members of the tables they were read with, so they are not kept (paths
    /// that deep are rare); the names are.
    fn relive<'b>(self) -> Buffers<'b> {
        Buffers {
            deeper: Vec::new(),
            names: self.names,
            kept: self.kept,
            kept_ends: self.kept_ends,
        }
    }

    /// Whether these buffers are small enough to keep for the next message (a hostile message
    /// with megabytes of names does not pin them for the thread's life).
    fn worth_keeping(&self) -> bool {
        const KEEP: usize = 64 * 1024;
        self.names.capacity() <= KEEP
            && self.kept.capacity() <= KEEP
            && self.deeper.capacity() <= KEEP / 16
            && self.kept_ends.capacity() <= KEEP / 8
    }
}

thread_local! {
    /// The buffers of the last message on this thread that needed any, emptied: a stream's
    /// messages with undocumented members (unknown events, newer QEMUs) reuse them instead of
    /// allocating three buffers each (profiled at stop 15: allocation was a fifth of an invalid
    /// message's cost).
    static SPARE: Cell<Buffers<'static>> = const { Cell::new(Buffers::EMPTY) };
}

impl Drop for Ctx<'_> {
    #[inline]
    fn drop(&mut self) {
        if self.borrowed {
            self.give_back();
        }
    }
}

impl<'s> Ctx<'s> {
    /// A fresh validation in `mode`, of a message that is not checked against tables (one
    /// that is not JSON, or a test's).
    #[inline]
    pub fn new(mode: Mode) -> Self {
        Ctx::with(mode, &super::schema::EMPTY)
    }

    /// A fresh validation in `mode` against `tables`.
    #[inline]
    pub fn with(mode: Mode, schema: &'s Schema) -> Self {
        Ctx {
            mode,
            schema,
            inline: [Segment::Index(0); INLINE],
            len: 0,
            depth: 0,
            borrowed: false,
            buffers: Buffers::EMPTY,
            at: 0,
            event: None,
            violations: Vec::new(),
        }
    }

    /// The tables the message is checked against.
    #[inline(always)]
    pub(crate) fn tables(&self) -> Tables<'s> {
        self.schema.tables()
    }

    /// The buffers, taken from this thread's spare ones the first time they are needed.
    #[inline]
    fn buffers(&mut self) -> &mut Buffers<'s> {
        if !self.borrowed {
            self.borrow_spare();
        }
        &mut self.buffers
    }

    #[cold]
    fn borrow_spare(&mut self) {
        // After the thread's locals are gone (a validation in a destructor), fresh buffers.
        self.buffers = SPARE
            .try_with(Cell::take)
            .map(Buffers::relive)
            .unwrap_or_default();
        self.borrowed = true;
    }

    #[cold]
    fn give_back(&mut self) {
        let mut buffers = std::mem::take(&mut self.buffers);
        if buffers.worth_keeping() {
            buffers.deeper.clear();
            buffers.names.clear();
            buffers.kept.clear();
            buffers.kept_ends.clear();
            // Fails only while the thread ends; the buffers are then freed here.
            let _ = SPARE.try_with(|spare| spare.set(buffers.relive()));
        }
    }

    /// An `out-of-range` violation for the number beyond `f64` at the current path, unless
    /// judging the value (as the nearest `f64`) has just reported one there.
    pub(crate) fn beyond_f64_number(&mut self, number: &str) {
        // Rare (a number beyond f64): building the pointer here costs nothing that matters.
        let path = self.path();
        if self
            .violations
            .last()
            .is_some_and(|last| last.kind == ViolationKind::OutOfRange && last.path == path)
        {
            return;
        }
        let message = sentence(&["the number ", number, " is beyond the range of f64"]);
        self.report(
            ViolationKind::OutOfRange,
            "a number within the range of f64",
            number.to_owned(),
            message,
            None,
        );
    }

    /// What the validation found. By reference, not by value: the context is a few hundred
    /// bytes, and moving it into a consuming method was a `memcpy` call per message (callgrind,
    /// stop 15).
    pub fn take_report(&mut self) -> Report {
        Report {
            event: self.event.take(),
            violations: std::mem::take(&mut self.violations),
        }
    }

    /// Forgets the violations found so far (a message that turned out to be a reply).
    pub(crate) fn discard_violations(&mut self) {
        self.violations.clear();
    }

    /// The JSON pointer of the value being read (built on demand).
    pub fn path(&self) -> String {
        let mut path = String::with_capacity(16 * self.len);
        for at in 0..self.len {
            match self.segment(at) {
                Segment::Member(name) => pointer::push_token(&mut path, name),
                Segment::Key { .. } => pointer::push_token(&mut path, self.key_name(at)),
                Segment::Index(index) => {
                    path.push('/');
                    push_decimal(&mut path, index);
                }
            }
        }
        path
    }

    #[inline]
    fn segment(&self, at: usize) -> Segment<'s> {
        if at < INLINE {
            self.inline[at]
        } else {
            self.buffers.deeper[at - INLINE]
        }
    }

    #[inline]
    fn push(&mut self, segment: Segment<'s>) {
        if self.len < INLINE {
            self.inline[self.len] = segment;
        } else {
            let kept = self.len - INLINE;
            let deeper = &mut self.buffers().deeper;
            deeper.truncate(kept);
            deeper.push(segment);
        }
        self.len += 1;
    }

    /// The unescaped name of the [`Segment::Key`] at step `at`.
    fn key_name(&self, at: usize) -> &str {
        &self.buffers.names[self.key_range(at)]
    }

    /// Where the name of the [`Segment::Key`] at step `at` is in `names` (empty for another
    /// step).
    fn key_range(&self, at: usize) -> std::ops::Range<usize> {
        let Segment::Key { start } = self.segment(at) else {
            return 0..0;
        };
        // The next key on the path starts where this one ends.
        let end = (at + 1..self.len)
            .find_map(|next| match self.segment(next) {
                Segment::Key { start } => Some(start),
                _ => None,
            })
            .unwrap_or(self.buffers.names.len());
        start..end
    }

    /// Records the message's event name (the document's own copy of a documented name).
    #[inline]
    pub(crate) fn set_event(&mut self, name: Cow<'static, str>) {
        self.event = Some(name);
    }

    /// Steps into the documented member `name`.
    #[inline]
    pub fn push_member(&mut self, name: &'s str) {
        self.push(Segment::Member(name));
    }

    /// Steps into a member the document does not describe; its name is kept for the path and
    /// for its violation ([`Ctx::key`]).
    #[inline]
    pub(crate) fn push_key(&mut self, name: &str) {
        let names = &mut self.buffers().names;
        let start = names.len();
        names.push_str(name);
        self.push(Segment::Key { start });
    }

    /// Steps into the array element `index`.
    #[inline]
    pub fn push_index(&mut self, index: usize) {
        self.push(Segment::Index(index));
    }

    /// Steps back out of the last member or element.
    #[inline]
    pub fn pop(&mut self) {
        let Some(last) = self.len.checked_sub(1) else {
            return;
        };
        if let Segment::Key { start } = self.segment(last) {
            self.buffers.names.truncate(start);
        }
        self.len = last;
    }

    /// The name of the member just read when the document does not describe it (the last step
    /// of the path), else the empty string.
    pub(crate) fn key(&self) -> &str {
        match self.len.checked_sub(1) {
            Some(last) => self.key_name(last),
            None => "",
        }
    }

    /// The name of the member just read, documented or not.
    fn member(&self) -> &str {
        match self.len.checked_sub(1).map(|last| self.segment(last)) {
            Some(Segment::Member(name)) => name,
            Some(Segment::Key { .. }) => self.key(),
            _ => "",
        }
    }

    /// How many member names are kept.
    #[inline]
    pub(crate) fn kept_names(&self) -> usize {
        self.buffers.kept_ends.len()
    }

    /// The names kept from the `first`-th on.
    pub(crate) fn kept_since(&self, first: usize) -> impl Iterator<Item = &str> {
        let Buffers {
            kept, kept_ends, ..
        } = &self.buffers;
        let start = first.checked_sub(1).map_or(0, |last| kept_ends[last]);
        let mut from = start;
        kept_ends[first..].iter().map(move |&end| {
            let name = &kept[from..end];
            from = end;
            name
        })
    }

    /// Keeps the name of the member just read unless it is among those kept from the `first`-th
    /// on: whether it is new, or `None` when `limit` names are kept already (nothing kept).
    pub(crate) fn keep_name(&mut self, first: usize, limit: usize) -> Option<bool> {
        let name = self.key();
        if self
            .kept_since(first)
            .any(|kept| words::same(kept.as_bytes(), name.as_bytes()))
        {
            return Some(false);
        }
        if self.buffers.kept_ends.len() - first >= limit {
            return None;
        }
        // `key()` borrows `names`; the kept names are another buffer.
        let range = self
            .len
            .checked_sub(1)
            .map_or(0..0, |last| self.key_range(last));
        let Buffers {
            names,
            kept,
            kept_ends,
            ..
        } = self.buffers();
        kept.push_str(&names[range]);
        kept_ends.push(kept.len());
        Some(true)
    }

    /// Forgets the names kept from the `first`-th on.
    #[inline]
    pub(crate) fn forget_names(&mut self, first: usize) {
        let Buffers {
            kept, kept_ends, ..
        } = &mut self.buffers;
        if first < kept_ends.len() {
            let start = first.checked_sub(1).map_or(0, |last| kept_ends[last]);
            kept.truncate(start);
            kept_ends.truncate(first);
        }
    }

    /// Opens an object or array: `false` (with a `too-deep` violation) when that would nest
    /// deeper than [`MAX_DEPTH`].
    #[inline]
    pub(crate) fn enter(&mut self) -> bool {
        if self.depth >= MAX_DEPTH {
            self.too_deep();
            return false;
        }
        self.depth += 1;
        true
    }

    #[cold]
    fn too_deep(&mut self) {
        self.report(
            ViolationKind::TooDeep,
            format!("at most {MAX_DEPTH} nested objects and arrays"),
            format!("more than {MAX_DEPTH}"),
            format!("objects and arrays nest deeper than {MAX_DEPTH} levels here"),
            None,
        );
    }

    /// Closes what [`enter`](Ctx::enter) opened.
    #[inline]
    pub(crate) fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Marks where the value or key about to be judged starts in the text (`offset`): the
    /// offset of the violations reported until the next mark.
    #[inline(always)]
    pub(crate) fn mark(&mut self, offset: usize) {
        self.at = offset;
    }

    /// Records a violation at the current path; its severity follows from its kind and the mode.
    #[cold]
    pub fn report(
        &mut self,
        kind: ViolationKind,
        expected: impl Into<Cow<'static, str>>,
        found: impl Into<Cow<'static, str>>,
        message: String,
        spec_line: Option<u32>,
    ) {
        self.violations.push(Violation {
            path: self.path(),
            kind,
            severity: kind.severity(self.mode),
            expected: expected.into(),
            found: found.into(),
            message,
            spec_line,
            offset: self.at,
        });
    }

    /// A `missing-field` violation for the required member `name` of the current object.
    #[cold]
    pub fn missing(&mut self, name: &'s str, expected: Cow<'static, str>, spec_line: u32) {
        self.push_member(name);
        let message = sentence(&[
            "the required member \"",
            name,
            "\" (",
            &expected,
            ") is missing",
        ]);
        self.report(
            ViolationKind::MissingField,
            expected,
            "nothing",
            message,
            Some(spec_line),
        );
        self.pop();
    }

    /// A `duplicate-key` violation for the member at the current path.
    #[cold]
    pub(crate) fn duplicate(&mut self) {
        let name = self.member();
        let found = sentence(&["\"", name, "\" again"]);
        let message = sentence(&["the member \"", name, "\" appears more than once"]);
        self.report(
            ViolationKind::DuplicateKey,
            "each member once",
            found,
            message,
            None,
        );
    }

    /// An `undocumented-field` violation for the member just read (named by the key seed);
    /// `documented` lists what the document describes there.
    pub fn undocumented_member(&mut self, documented: Cow<'static, str>, spec_line: Option<u32>) {
        let name = self.key();
        let found = sentence(&["\"", name, "\""]);
        let message = sentence(&[
            "the document does not describe a member \"",
            name,
            "\" here",
        ]);
        self.report(
            ViolationKind::UndocumentedField,
            documented,
            found,
            message,
            spec_line,
        );
    }
}

/// The text of `parts` one after the other, in one allocation of the right size (reports are
/// made of fixed words and a few values; `format!` would cost more than the rest of a check).
pub(crate) fn sentence(parts: &[&str]) -> String {
    let mut text = String::with_capacity(parts.iter().map(|part| part.len()).sum());
    for part in parts {
        text.push_str(part);
    }
    text
}

/// Appends `index` in decimal.
fn push_decimal(path: &mut String, index: usize) {
    let mut digits = [0_u8; 20];
    let mut start = digits.len();
    let mut rest = index;
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    // Digits are ASCII.
    path.push_str(std::str::from_utf8(&digits[start..]).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_escape_and_pop_segments() {
        let mut ctx = Ctx::new(Mode::Strict);
        ctx.push_member("data");
        ctx.push_key("a/b~c");
        assert_eq!(ctx.path(), "/data/a~1b~0c");
        assert_eq!(ctx.key(), "a/b~c");
        ctx.push_key("x");
        assert_eq!(ctx.path(), "/data/a~1b~0c/x");
        ctx.pop();
        ctx.pop();
        ctx.push_index(3);
        assert_eq!(ctx.path(), "/data/3");
        ctx.pop();
        ctx.pop();
        assert_eq!(ctx.path(), "");
        for index in 0..20 {
            ctx.push_index(index);
        }
        assert!(
            ctx.path().starts_with("/0/1/2/3/4/5/6/7/8/9/10/11/"),
            "{}",
            ctx.path()
        );
        ctx.push_key("deep");
        assert!(ctx.path().ends_with("/18/19/deep"), "{}", ctx.path());
        assert_eq!(ctx.key(), "deep");
        for _ in 0..21 {
            ctx.pop();
        }
        ctx.push_member("event");
        assert_eq!(ctx.path(), "/event");
    }

    #[test]
    fn duplicates_name_the_unescaped_member() {
        let mut ctx = Ctx::new(Mode::Strict);
        ctx.push_key("a/b");
        ctx.duplicate();
        let report = ctx.take_report();
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
        let report = ctx.take_report();
        assert_eq!(report.violations.len(), 1);
        assert_eq!(report.violations[0].kind, ViolationKind::TooDeep);
        assert!(!report.is_valid());
    }
}
