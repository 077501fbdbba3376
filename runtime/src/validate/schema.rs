//! The schema tables the generator writes for one document: what each event's data must be.
//!
//! The generated code is data, not code: one `static` [`Schema`] per document, one `static`
//! [`Object`] per documented object, built with the `const fn`s below. The walk
//! (`super::walk`) interprets them while it scans the message, so a document of 10,000 events
//! costs its tables and not 10,000 functions to generate and compile, and every document shares
//! one compiled, optimised validator.

use crate::words::{Name, head};

/// The events of one document.
#[derive(Debug)]
pub struct Schema {
    /// The documented events, sorted by name (for a binary search); the first of two events
    /// with one name is the one a message can mean.
    pub events: &'static [Event],
}

impl Schema {
    /// The documented event called `name`.
    #[inline]
    pub(crate) fn event(&self, name: Name<'_>) -> Option<&'static Event> {
        // Sorted by name, the events are sorted by their first eight bytes too: a binary search
        // on that word alone (one compare a step), then the few events that share it (the
        // `BLOCK_JOB_` ones) compared whole.
        let head = name.head.swap_bytes();
        let first = self
            .events
            .partition_point(|event| event.head.swap_bytes() < head);
        self.events[first..]
            .iter()
            .take_while(|event| event.head == name.head)
            .find(|event| event.name() == name)
    }
}

/// One documented event.
#[derive(Debug)]
pub struct Event {
    /// Its wire name (`BLOCK_IO_ERROR`).
    pub name: &'static str,
    /// The first eight bytes of `name`, for [`Name`] comparisons.
    head: u64,
    /// What its `data` must be.
    pub data: Data,
}

impl Event {
    /// An event named `name` whose data is `data`.
    pub const fn new(name: &'static str, data: Data) -> Self {
        Event {
            name,
            head: head(name.as_bytes()),
            data,
        }
    }

    /// Its name, for comparing.
    #[inline]
    pub(crate) fn name(&self) -> Name<'static> {
        Name {
            text: self.name,
            head: self.head,
        }
    }
}

/// What an event's `data` must be.
#[derive(Debug, Clone, Copy)]
pub enum Data {
    /// An object with documented members (`Data:` and a field list).
    Object(&'static Object),
    /// No data (`Data: None.` at this line): any member is undocumented.
    None(u32),
    /// Data documented in prose, by reference to a type documented elsewhere, or not at all:
    /// any JSON value.
    Any,
}

/// A documented object: its members, in document order.
#[derive(Debug)]
pub struct Object {
    /// The document line of the object (its `Data:` key, or its member's line).
    pub line: u32,
    /// The documented members (each name once: a member documented twice is checked as the
    /// first).
    pub members: &'static [Member],
    /// Bit `i` set when member `i` is required (members past 64 are looked at one by one).
    required: u64,
}

impl Object {
    /// An object documented at `line` with `members`.
    pub const fn new(line: u32, members: &'static [Member]) -> Self {
        let mut required = 0;
        let mut at = 0;
        while at < members.len() && at < 64 {
            if members[at].required {
                required |= 1 << at;
            }
            at += 1;
        }
        Object {
            line,
            members,
            required,
        }
    }

    /// The required members among the first 64, as bits.
    #[inline]
    pub(crate) fn required_bits(&self) -> u64 {
        self.required
    }

    /// What an undocumented member's violation says is documented here:
    /// `the documented members "device", "action"`.
    #[cold]
    pub(crate) fn documented(&self) -> String {
        if self.members.is_empty() {
            return "no documented members".to_owned();
        }
        let names = self.members.iter().map(|member| member.name);
        quoted("the documented members ", names)
    }

    /// The index of the documented member called `name`.
    #[inline]
    pub(crate) fn member(&self, name: Name<'_>) -> Option<usize> {
        // QMP objects document a handful of members: a scan that compares the first eight
        // bytes as one word is as fast as a hash, and needs nothing built.
        self.members.iter().position(|member| member.name() == name)
    }

    /// Whether a message must give this object at all (some member is required).
    pub(crate) fn has_required(&self) -> bool {
        self.members.iter().any(|member| member.required)
    }
}

/// One documented member of an object.
#[derive(Debug)]
pub struct Member {
    /// Its wire name (`tray-open`).
    pub name: &'static str,
    /// The first eight bytes of `name`, for [`Name`] comparisons.
    head: u64,
    /// The document line that documents it.
    pub line: u32,
    /// Whether it must be present (it is not marked optional).
    pub required: bool,
    /// What its value must be.
    pub value: Value,
}

impl Member {
    /// A member that must be present.
    pub const fn required(name: &'static str, line: u32, value: Value) -> Self {
        Member {
            name,
            head: head(name.as_bytes()),
            line,
            required: true,
            value,
        }
    }

    /// A member that may be absent.
    pub const fn optional(name: &'static str, line: u32, value: Value) -> Self {
        Member {
            name,
            head: head(name.as_bytes()),
            line,
            required: false,
            value,
        }
    }

    /// Its name, for comparing.
    #[inline]
    pub(crate) fn name(&self) -> Name<'static> {
        Name {
            text: self.name,
            head: self.head,
        }
    }

    /// What a missing member should have been, as the document names it.
    pub(crate) fn expected(&self) -> &'static str {
        match self.value {
            Value::Named(name) => name,
            Value::Any => "any JSON value",
            other => other.wanted(),
        }
    }
}

/// A member that must be present (short for [`Member::required`], as the generated tables
/// write it).
pub const fn required(name: &'static str, line: u32, value: Value) -> Member {
    Member::required(name, line, value)
}

/// A member that may be absent (short for [`Member::optional`]).
pub const fn optional(name: &'static str, line: u32, value: Value) -> Member {
    Member::optional(name, line, value)
}

/// An event named `name` whose data is `data` (short for [`Event::new`]).
pub const fn event(name: &'static str, data: Data) -> Event {
    Event::new(name, data)
}

/// Data with documented members.
pub const fn fields(object: &'static Object) -> Data {
    Data::Object(object)
}

/// No data (`Data: None.` at `line`).
pub const fn no_data(line: u32) -> Data {
    Data::None(line)
}

/// Data of any JSON.
pub const ANY_DATA: Data = Data::Any;

/// Any JSON value.
pub const ANY: Value = Value::Any;
/// A json-string.
pub const STRING: Value = Value::String;
/// A json-int.
pub const INT: Value = Value::Int;
/// A json-number.
pub const NUMBER: Value = Value::Number;
/// A json-bool.
pub const BOOL: Value = Value::Bool;
/// A json-object without documented members.
pub const ANY_OBJECT: Value = Value::AnyObject;

/// Any JSON value, of a type documented elsewhere.
pub const fn named(name: &'static str) -> Value {
    Value::Named(name)
}

/// A json-string among `values`.
pub const fn one_of(values: &'static [&'static str]) -> Value {
    Value::OneOf(values)
}

/// A json-object with documented members.
pub const fn object(object: &'static Object) -> Value {
    Value::Object(object)
}

/// What a member's value must be.
#[derive(Debug, Clone, Copy)]
pub enum Value {
    /// Any JSON value: the member has no annotation.
    Any,
    /// Any JSON value, documented as a type described elsewhere (`DumpQueryResult`).
    Named(&'static str),
    /// A json-string.
    String,
    /// A json-string among the documented values, in document order.
    OneOf(&'static [&'static str]),
    /// A json-int: an integer that fits in 64 signed bits.
    Int,
    /// A json-number.
    Number,
    /// A json-bool.
    Bool,
    /// A json-object whose members the document does not describe.
    AnyObject,
    /// A json-object with documented members.
    Object(&'static Object),
}

impl Value {
    /// The JSON type the document names (`json-string`), or `any JSON value`.
    pub(crate) const fn wanted(self) -> &'static str {
        match self {
            Value::Any | Value::Named(_) => "any JSON value",
            Value::String | Value::OneOf(_) => "json-string",
            Value::Int => "json-int",
            Value::Number => "json-number",
            Value::Bool => "json-bool",
            Value::AnyObject | Value::Object(_) => "json-object",
        }
    }
}

/// How a violation names documented values: `one of "ignore", "report", "stop"`.
#[cold]
pub(crate) fn one_of_text(values: &[&str]) -> String {
    quoted("one of ", values.iter().copied())
}

/// `lead` and then `names` as JSON strings, separated by commas: in one allocation (these are
/// the `expected` texts of reports).
fn quoted<'n>(lead: &str, names: impl Iterator<Item = &'n str> + Clone) -> String {
    let size = lead.len() + names.clone().map(|name| name.len() + 4).sum::<usize>();
    let mut quoted = String::with_capacity(size);
    quoted.push_str(lead);
    for (at, name) in names.enumerate() {
        if at > 0 {
            quoted.push_str(", ");
        }
        super::quote::push_json_string(&mut quoted, name);
    }
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    static INNER: Object = Object::new(7, &[]);
    static SCHEMA: Schema = Schema {
        events: &[
            Event::new("A", Data::Any),
            Event::new("B", Data::None(3)),
            Event::new("C", Data::Object(&INNER)),
        ],
    };

    #[test]
    fn events_are_found_by_name() {
        let event = |name| SCHEMA.event(Name::new(name));
        assert!(matches!(event("B").unwrap().data, Data::None(3)));
        assert_eq!(event("C").unwrap().name, "C");
        assert!(event("D").is_none());
        assert!(event("").is_none());
    }

    #[test]
    fn members_are_found_by_name_and_name_what_they_expect() {
        static OBJECT: Object = Object::new(
            1,
            &[
                Member::required("x", 2, Value::Int),
                Member::optional("yy", 3, Value::OneOf(&["a", "b/c"])),
                Member::optional("z", 4, Value::Named("DumpQueryResult")),
                Member::optional("w", 5, Value::Any),
            ],
        );
        assert_eq!(OBJECT.member(Name::new("yy")), Some(1));
        assert_eq!(OBJECT.member(Name::new("y")), None);
        assert_eq!(OBJECT.member(Name::new("yy\0")), None);
        assert!(OBJECT.has_required());
        assert_eq!(OBJECT.members[0].expected(), "json-int");
        assert_eq!(OBJECT.members[1].expected(), "json-string");
        assert_eq!(OBJECT.members[2].expected(), "DumpQueryResult");
        assert_eq!(OBJECT.members[3].expected(), "any JSON value");
        assert_eq!(
            OBJECT.documented(),
            r#"the documented members "x", "yy", "z", "w""#
        );
        assert_eq!(INNER.documented(), "no documented members");
        assert_eq!(one_of_text(&["a", "b\"c"]), r#"one of "a", "b\"c""#);
    }
}

#[cfg(test)]
mod name_tests {
    use super::*;

    #[test]
    fn names_compare_by_head_length_and_rest() {
        let long = Name::new("a-member-name");
        assert_eq!(long, Name::new("a-member-name"));
        assert_ne!(long, Name::new("a-member-namf"));
        assert_ne!(long, Name::new("a-member"));
        assert_ne!(Name::new("ab"), Name::new("ab\0"));
        assert_eq!(Name::new(""), Name::new(""));
        assert_eq!(head(b"ab"), 0x6261);
    }

    #[test]
    fn events_are_found_by_name_among_names_that_share_eight_bytes() {
        let mut texts = vec![
            "",
            "\0",
            "a",
            "a\0",
            "a\0b",
            "ab",
            "abcdefgh",
            "abcdefgh\0",
            "abcdefghi",
            "abcdefgz",
            "b",
            "BLOCK_IO_ERROR",
            "BLOCK_JOB_CANCELLED",
            "BLOCK_JOB_COMPLETED",
            "BLOCK_JOB_COMPLETED",
            "\u{e9}",
            "zz",
        ];
        // As the generator writes them: sorted by name, a repeated name kept twice.
        texts.sort_unstable();
        let events: Vec<Event> = texts
            .iter()
            .enumerate()
            .map(|(at, name)| Event::new(name, Data::None(at as u32)))
            .collect();
        let schema = Schema {
            events: Vec::leak(events),
        };
        for (at, name) in texts.iter().enumerate() {
            let found = schema.event(Name::new(name)).map(|event| event.data);
            let first = texts.iter().position(|text| text == name);
            assert!(
                matches!(found, Some(Data::None(line)) if Some(line as usize) == first),
                "{name:?} at {at}"
            );
        }
        for absent in [
            "BLOCK_JOB",
            "BLOCK_JOB_COMPLETE",
            "abcdefgh\0\0",
            "\0\0",
            "c",
            "abcdefghj",
        ] {
            assert!(schema.event(Name::new(absent)).is_none(), "{absent:?}");
        }
    }
}
