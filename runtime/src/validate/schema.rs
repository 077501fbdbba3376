//! The schema tables of one document: what each event's data must be.
//!
//! The tables are data, not code, and refer to each other by index: the events (sorted by name),
//! the objects (each with its members), the values that arrays hold, the flat unions and the
//! alternates. The generator writes them as `static`s, built with the `const fn`s below (one
//! compiled validator serves every document: a document costs tables, not functions); a program
//! that reads a document at run time builds the same tables owned ([`Schema::owned`]). Each
//! table is a [`Cow`]: the walk (`super::walk`) borrows the slices once per message and reads
//! both kinds alike.

use std::borrow::Cow;

use crate::any_int::AnyInt;
use crate::words::{Name, head};

/// A name or other text of the document: borrowed from a generated `static`, or owned.
pub type Text = Cow<'static, str>;

/// The events of one document and the tables their data refers to.
#[derive(Debug, Clone)]
pub struct Schema {
    /// The documented events, sorted by name (for a binary search); each name once.
    events: Cow<'static, [Event]>,
    /// The objects, referred to by index ([`Value::Object`], [`Data::Object`]).
    objects: Cow<'static, [Object]>,
    /// The values arrays hold, referred to by index ([`Value::Array`]).
    values: Cow<'static, [Value]>,
    /// The flat unions ([`Value::Union`], [`Data::Union`]).
    unions: Cow<'static, [Union]>,
    /// The alternates ([`Value::Alternate`]).
    alternates: Cow<'static, [Alternate]>,
}

/// The tables of a [`Schema`], each a slice: what the walk reads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tables<'s> {
    pub(crate) events: &'s [Event],
    pub(crate) objects: &'s [Object],
    pub(crate) values: &'s [Value],
    pub(crate) unions: &'s [Union],
    pub(crate) alternates: &'s [Alternate],
}

/// No tables: what a message that is not checked against any is judged with.
pub(crate) static EMPTY: Schema = Schema::new(&[], &[], &[], &[], &[]);

impl Schema {
    /// The tables a generator wrote as `static`s.
    pub const fn new(
        events: &'static [Event],
        objects: &'static [Object],
        values: &'static [Value],
        unions: &'static [Union],
        alternates: &'static [Alternate],
    ) -> Self {
        Schema {
            events: Cow::Borrowed(events),
            objects: Cow::Borrowed(objects),
            values: Cow::Borrowed(values),
            unions: Cow::Borrowed(unions),
            alternates: Cow::Borrowed(alternates),
        }
    }

    /// Tables built at run time. The events are sorted here, and of two events with one name
    /// the first is kept. Indexes must be in range (a table built otherwise is a bug of its
    /// builder: the walk then panics).
    pub fn owned(
        mut events: Vec<Event>,
        objects: Vec<Object>,
        values: Vec<Value>,
        unions: Vec<Union>,
        alternates: Vec<Alternate>,
    ) -> Self {
        events.sort_by(|a, b| a.name.cmp(&b.name));
        events.dedup_by(|later, first| later.name == first.name);
        Schema {
            events: Cow::Owned(events),
            objects: Cow::Owned(objects),
            values: Cow::Owned(values),
            unions: Cow::Owned(unions),
            alternates: Cow::Owned(alternates),
        }
    }

    /// The documented events, by name.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The slices the walk reads.
    #[inline]
    pub(crate) fn tables(&self) -> Tables<'_> {
        Tables {
            events: &self.events,
            objects: &self.objects,
            values: &self.values,
            unions: &self.unions,
            alternates: &self.alternates,
        }
    }
}

impl<'s> Tables<'s> {
    /// The documented event called `name`.
    #[inline]
    pub(crate) fn event(&self, name: Name<'_>) -> Option<&'s Event> {
        // Sorted by name, the events are sorted by their first eight bytes too: a binary search
        // on that word alone (one compare a step), then the few events that share it (the
        // `BLOCK_JOB_` ones) compared whole.
        let head = name.head.swap_bytes();
        let events = self.events;
        let first = events.partition_point(|event| event.head.swap_bytes() < head);
        events[first..]
            .iter()
            .take_while(|event| event.head == name.head)
            .find(|event| is_named(&event.name, event.head, name))
    }
}

/// One documented event.
#[derive(Debug, Clone)]
pub struct Event {
    /// Its wire name (`BLOCK_IO_ERROR`).
    pub name: Text,
    /// The first eight bytes of `name`, for [`Name`] comparisons.
    head: u64,
    /// What its `data` must be.
    pub data: Data,
}

impl Event {
    /// An event named `name` whose data is `data`.
    pub const fn new(name: &'static str, data: Data) -> Self {
        Event {
            name: Cow::Borrowed(name),
            head: head(name.as_bytes()),
            data,
        }
    }

    /// An event built at run time. Its name is kept for the life of the process (see
    /// [`interned`]), so that a report names its event without an allocation, as with
    /// generated tables.
    pub fn owned(name: String, data: Data) -> Self {
        Event {
            head: head(name.as_bytes()),
            name: Cow::Borrowed(interned(name)),
            data,
        }
    }
}

/// Whether the table's name `text`, whose first eight bytes are `head`, is `name`: the words
/// first, so that the text (a `Cow`) is looked at only when they match.
#[inline(always)]
fn is_named(text: &Text, head: u64, name: Name<'_>) -> bool {
    head == name.head && {
        let text: &str = text;
        text.len() == name.text.len()
            && crate::words::same_past_head(text.as_bytes(), name.text.as_bytes())
    }
}

/// `name`, kept once for the life of the process. A [`Report`](crate::Report) names its event
/// with a `Cow<'static, str>`: an owned name would cost every message an allocation (a tenth of
/// a valid message's validation, measured with callgrind). The names kept are the distinct
/// event names of every table built at run time, not one copy per table.
fn interned(name: String) -> &'static str {
    use std::collections::BTreeSet;
    use std::sync::{Mutex, PoisonError};
    static NAMES: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    // A panic while the set was held leaves it whole (an insert of a kept name).
    let mut names = NAMES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(&kept) = names.get(name.as_str()) {
        return kept;
    }
    let kept: &'static str = Box::leak(name.into_boxed_str());
    names.insert(kept);
    kept
}

/// What an event's `data` must be.
#[derive(Debug, Clone, Copy)]
pub enum Data {
    /// An object with documented members: the object at this index.
    Object(u32),
    /// A flat union: the union at this index.
    Union(u32),
    /// No data (`Data: None.` at this line): any member is undocumented.
    None(u32),
    /// Data documented in prose, by reference to a type documented elsewhere, or not at all:
    /// any JSON value.
    Any,
}

/// A documented object: its members, in document order.
#[derive(Debug, Clone)]
pub struct Object {
    /// The document line of the object (its `Data:` key, or its member's line).
    pub line: u32,
    /// The documented members (each name once).
    pub members: Cow<'static, [Member]>,
    /// Bit `i` set when member `i` is required (members past 64 are looked at one by one).
    required: u64,
}

/// Bit `i` set when `members[i]` (among the first 64) is required.
const fn required_bits(members: &[Member]) -> u64 {
    let mut required = 0;
    let mut at = 0;
    while at < members.len() && at < 64 {
        if members[at].required {
            required |= 1 << at;
        }
        at += 1;
    }
    required
}

impl Object {
    /// An object documented at `line` with `members`.
    pub const fn new(line: u32, members: &'static [Member]) -> Self {
        Object {
            line,
            members: Cow::Borrowed(members),
            required: required_bits(members),
        }
    }

    /// An object built at run time.
    pub fn owned(line: u32, members: Vec<Member>) -> Self {
        Object {
            line,
            required: required_bits(&members),
            members: Cow::Owned(members),
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
        let names = self.members.iter().map(|member| &*member.name);
        quoted("the documented members ", names)
    }

    /// The index of the documented member called `name`.
    #[inline]
    pub(crate) fn member(&self, name: Name<'_>) -> Option<usize> {
        // QMP objects document a handful of members: a scan that compares the first eight
        // bytes as one word is as fast as a hash, and needs nothing built.
        self.members.iter().position(|member| member.is(name))
    }

    /// Whether a message must give this object at all (some member is required).
    pub(crate) fn has_required(&self) -> bool {
        self.members.iter().any(|member| member.required)
    }
}

/// One documented member of an object.
#[derive(Debug, Clone)]
pub struct Member {
    /// Its wire name (`tray-open`).
    pub name: Text,
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
            name: Cow::Borrowed(name),
            head: head(name.as_bytes()),
            line,
            required: true,
            value,
        }
    }

    /// A member that may be absent.
    pub const fn optional(name: &'static str, line: u32, value: Value) -> Self {
        Member {
            name: Cow::Borrowed(name),
            head: head(name.as_bytes()),
            line,
            required: false,
            value,
        }
    }

    /// A member built at run time.
    pub fn owned(name: String, line: u32, required: bool, value: Value) -> Self {
        Member {
            head: head(name.as_bytes()),
            name: Cow::Owned(name),
            line,
            required,
            value,
        }
    }

    /// Whether it is called `name`.
    #[inline(always)]
    pub(crate) fn is(&self, name: Name<'_>) -> bool {
        is_named(&self.name, self.head, name)
    }

    /// What a missing member should have been, as the document names it.
    pub(crate) fn expected(&self, tables: &Tables<'_>) -> Text {
        match &self.value {
            Value::Named(name) => name.clone(),
            Value::Any => Cow::Borrowed("any JSON value"),
            other => other.wanted(tables),
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

/// Data with documented members: the object at `index`.
pub const fn fields(index: u32) -> Data {
    Data::Object(index)
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
/// `null`.
pub const NULL: Value = Value::Null;
/// A json-object without documented members.
pub const ANY_OBJECT: Value = Value::AnyObject;

/// Any JSON value, of a type documented elsewhere.
pub const fn named(name: &'static str) -> Value {
    Value::Named(Cow::Borrowed(name))
}

/// A json-string among `values`.
pub const fn one_of(values: &'static [&'static str]) -> Value {
    Value::OneOf(Words::Static(values))
}

/// A json-object with documented members: the object at `index`.
pub const fn object(index: u32) -> Value {
    Value::Object(index)
}

/// A json-array whose elements are the value at `index` of the values table.
pub const fn array(index: u32) -> Value {
    Value::Array(index)
}

/// A flat union: the union at `index`.
pub const fn union(index: u32) -> Value {
    Value::Union(index)
}

/// An alternate: the alternate at `index`.
pub const fn alternate(index: u32) -> Value {
    Value::Alternate(index)
}

/// An integer of a sized type.
pub const fn ranged(int: Ranged) -> Value {
    Value::Ranged(int)
}

/// The documented values of an enumerated string.
#[derive(Debug, Clone)]
pub enum Words {
    /// Written by the generator.
    Static(&'static [&'static str]),
    /// Built at run time.
    Owned(Box<[Box<str>]>),
}

impl Words {
    /// Whether `text` is one of them.
    #[inline]
    pub(crate) fn contains(&self, text: &str) -> bool {
        let same = |value: &str| crate::words::same(value.as_bytes(), text.as_bytes());
        match self {
            Words::Static(values) => values.iter().any(|value| same(value)),
            Words::Owned(values) => values.iter().any(|value| same(value)),
        }
    }

    /// The values, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + Clone {
        let (borrowed, owned): (&[&str], &[Box<str>]) = match self {
            Words::Static(values) => (values, &[]),
            Words::Owned(values) => (&[], values),
        };
        borrowed
            .iter()
            .copied()
            .chain(owned.iter().map(|value| &**value))
    }
}

/// The integer types narrower than a json-int (64 signed bits), or wider (unsigned 64 bits, or
/// 64 bits signed or not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ranged {
    /// `int8`.
    Int8,
    /// `int16`.
    Int16,
    /// `int32`.
    Int32,
    /// `uint8`.
    Uint8,
    /// `uint16`.
    Uint16,
    /// `uint32`.
    Uint32,
    /// `uint64` and `size`.
    Uint64,
    /// An integer whose width the schema does not state (a QEMU's introspection reports every
    /// integer type as `int`): any from `i64::MIN` to `u64::MAX`.
    AnyInt,
}

impl Ranged {
    /// The smallest and largest integers it holds.
    pub(crate) const fn range(self) -> (i128, i128) {
        match self {
            Ranged::Int8 => (i8::MIN as i128, i8::MAX as i128),
            Ranged::Int16 => (i16::MIN as i128, i16::MAX as i128),
            Ranged::Int32 => (i32::MIN as i128, i32::MAX as i128),
            Ranged::Uint8 => (0, u8::MAX as i128),
            Ranged::Uint16 => (0, u16::MAX as i128),
            Ranged::Uint32 => (0, u32::MAX as i128),
            Ranged::Uint64 => (0, u64::MAX as i128),
            Ranged::AnyInt => (AnyInt::MIN.get(), AnyInt::MAX.get()),
        }
    }

    /// What an `out-of-range` integer is expected to be.
    pub(crate) const fn expected(self) -> &'static str {
        match self {
            Ranged::Int8 => "an integer from -128 to 127",
            Ranged::Int16 => "an integer from -32768 to 32767",
            Ranged::Int32 => "an integer from -2147483648 to 2147483647",
            Ranged::Uint8 => "an integer from 0 to 255",
            Ranged::Uint16 => "an integer from 0 to 65535",
            Ranged::Uint32 => "an integer from 0 to 4294967295",
            Ranged::Uint64 => "an integer from 0 to 18446744073709551615",
            Ranged::AnyInt => "an integer from -9223372036854775808 to 18446744073709551615",
        }
    }

    /// The type's name in the `out-of-range` sentence.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Ranged::Int8 => "int8",
            Ranged::Int16 => "int16",
            Ranged::Int32 => "int32",
            Ranged::Uint8 => "uint8",
            Ranged::Uint16 => "uint16",
            Ranged::Uint32 => "uint32",
            Ranged::Uint64 => "uint64",
            Ranged::AnyInt => "64-bit integer (signed or unsigned)",
        }
    }
}

/// A flat union: an object whose discriminator member (an enumerated string among the base's
/// members) selects more members.
#[derive(Debug, Clone)]
pub struct Union {
    /// The object of the base's members (the discriminator among them): what is checked when
    /// the discriminator is missing, undocumented or selects no variant.
    pub base: u32,
    /// The discriminator's name.
    pub discriminator: Text,
    /// Per value of the discriminator that has a variant, the object of the base's members
    /// and the variant's, together.
    pub variants: Cow<'static, [Variant]>,
}

impl Union {
    /// A union a generator wrote.
    pub const fn new(base: u32, discriminator: &'static str, variants: &'static [Variant]) -> Self {
        Union {
            base,
            discriminator: Cow::Borrowed(discriminator),
            variants: Cow::Borrowed(variants),
        }
    }

    /// A union built at run time.
    pub fn owned(base: u32, discriminator: String, variants: Vec<Variant>) -> Self {
        Union {
            base,
            discriminator: Cow::Owned(discriminator),
            variants: Cow::Owned(variants),
        }
    }

    /// The object a message whose discriminator is `value` is checked against.
    pub(crate) fn object(&self, value: Option<&str>) -> u32 {
        value
            .and_then(|value| self.variants.iter().find(|variant| variant.value == value))
            .map_or(self.base, |variant| variant.object)
    }
}

/// One branch of a [`Union`].
#[derive(Debug, Clone)]
pub struct Variant {
    /// The discriminator's value.
    pub value: Text,
    /// The object of the base's and the variant's members.
    pub object: u32,
}

impl Variant {
    /// A variant a generator wrote.
    pub const fn new(value: &'static str, object: u32) -> Self {
        Variant {
            value: Cow::Borrowed(value),
            object,
        }
    }

    /// A variant built at run time.
    pub fn owned(value: String, object: u32) -> Self {
        Variant {
            value: Cow::Owned(value),
            object,
        }
    }
}

/// An alternate: a value of one of several types, chosen by its JSON type (at most one
/// alternative takes each JSON type, as QAPI requires).
#[derive(Debug, Clone)]
pub struct Alternate {
    /// The alternatives, in document order.
    pub choices: Cow<'static, [Value]>,
}

impl Alternate {
    /// An alternate a generator wrote.
    pub const fn new(choices: &'static [Value]) -> Self {
        Alternate {
            choices: Cow::Borrowed(choices),
        }
    }

    /// An alternate built at run time.
    pub fn owned(choices: Vec<Value>) -> Self {
        Alternate {
            choices: Cow::Owned(choices),
        }
    }
}

/// The JSON types, as an alternate tells its alternatives apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JsonType {
    String,
    Number,
    Bool,
    Null,
    Object,
    Array,
}

/// What a member's value must be.
#[derive(Debug, Clone)]
pub enum Value {
    /// Any JSON value: the member has no annotation.
    Any,
    /// Any JSON value, documented as a type described elsewhere (`DumpQueryResult`).
    Named(Text),
    /// A json-string.
    String,
    /// A json-string among the documented values, in document order.
    OneOf(Words),
    /// A json-int: an integer that fits in 64 signed bits.
    Int,
    /// An integer of a sized type (`uint8`, `size`).
    Ranged(Ranged),
    /// A json-number.
    Number,
    /// A json-bool.
    Bool,
    /// `null`.
    Null,
    /// A json-object whose members the document does not describe.
    AnyObject,
    /// A json-object with documented members: the object at this index.
    Object(u32),
    /// A json-array of the value at this index of the values table.
    Array(u32),
    /// A flat union: the union at this index.
    Union(u32),
    /// An alternate: the alternate at this index.
    Alternate(u32),
}

impl Value {
    /// The JSON type the document names (`json-string`), or `any JSON value`.
    pub(crate) fn wanted(&self, tables: &Tables<'_>) -> Text {
        Cow::Borrowed(match self {
            Value::Any | Value::Named(_) => "any JSON value",
            Value::String | Value::OneOf(_) => "json-string",
            Value::Int | Value::Ranged(_) => "json-int",
            Value::Number => "json-number",
            Value::Bool => "json-bool",
            Value::Null => "null",
            Value::AnyObject | Value::Object(_) | Value::Union(_) => "json-object",
            Value::Array(_) => "json-array",
            Value::Alternate(at) => {
                let choices = &tables.alternates[*at as usize].choices;
                let mut wanted = String::new();
                for (at, choice) in choices.iter().enumerate() {
                    if at > 0 {
                        wanted.push_str(if at + 1 == choices.len() {
                            " or "
                        } else {
                            ", "
                        });
                    }
                    wanted.push_str(&choice.wanted(tables));
                }
                return Cow::Owned(wanted);
            }
        })
    }

    /// Whether a value of JSON type `json` is for this one to judge (an alternate picks its
    /// alternative so).
    pub(crate) fn takes(&self, json: JsonType) -> bool {
        match self {
            Value::Any | Value::Named(_) => true,
            Value::String | Value::OneOf(_) => json == JsonType::String,
            Value::Int | Value::Ranged(_) | Value::Number => json == JsonType::Number,
            Value::Bool => json == JsonType::Bool,
            Value::Null => json == JsonType::Null,
            Value::AnyObject | Value::Object(_) | Value::Union(_) => json == JsonType::Object,
            Value::Array(_) => json == JsonType::Array,
            // Nested alternates are not QAPI's; they take what their alternatives take, which
            // the walk finds when it judges the value against them.
            Value::Alternate(_) => true,
        }
    }
}

/// How a violation names documented values: `one of "ignore", "report", "stop"`.
#[cold]
pub(crate) fn one_of_text(values: &Words) -> String {
    quoted("one of ", values.iter())
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

    // Tables of values with destructors (their `Cow`s) are `static`s of their own: a borrow in
    // a `const fn`'s argument is not promoted to one.
    static EVENTS: [Event; 3] = [
        Event::new("A", Data::Any),
        Event::new("B", Data::None(3)),
        Event::new("C", Data::Object(0)),
    ];
    static OBJECTS: [Object; 1] = [Object::new(7, &[])];
    static SCHEMA: Schema = Schema::new(&EVENTS, &OBJECTS, &[], &[], &[]);

    #[test]
    fn events_are_found_by_name() {
        let tables = SCHEMA.tables();
        let event = |name| tables.event(Name::new(name));
        assert!(matches!(event("B").unwrap().data, Data::None(3)));
        assert_eq!(event("C").unwrap().name, "C");
        assert!(event("D").is_none());
        assert!(event("").is_none());
    }

    #[test]
    fn members_are_found_by_name_and_name_what_they_expect() {
        static MEMBERS: [Member; 4] = [
            Member::required("x", 2, Value::Int),
            Member::optional("yy", 3, one_of(&["a", "b/c"])),
            Member::optional("z", 4, named("DumpQueryResult")),
            Member::optional("w", 5, Value::Any),
        ];
        static OBJECT: Object = Object::new(1, &MEMBERS);
        let tables = SCHEMA.tables();
        assert_eq!(OBJECT.member(Name::new("yy")), Some(1));
        assert_eq!(OBJECT.member(Name::new("y")), None);
        assert_eq!(OBJECT.member(Name::new("yy\0")), None);
        assert!(OBJECT.has_required());
        assert_eq!(OBJECT.members[0].expected(&tables), "json-int");
        assert_eq!(OBJECT.members[1].expected(&tables), "json-string");
        assert_eq!(OBJECT.members[2].expected(&tables), "DumpQueryResult");
        assert_eq!(OBJECT.members[3].expected(&tables), "any JSON value");
        assert_eq!(
            OBJECT.documented(),
            r#"the documented members "x", "yy", "z", "w""#
        );
        assert_eq!(SCHEMA.objects[0].documented(), "no documented members");
        let owned = Words::Owned(vec!["a".into(), "b\"c".into()].into_boxed_slice());
        assert_eq!(one_of_text(&owned), r#"one of "a", "b\"c""#);
        assert!(owned.contains("a") && !owned.contains("b"));
    }

    #[test]
    fn owned_tables_sort_their_events_and_keep_the_first_of_a_name() {
        let schema = Schema::owned(
            vec![
                Event::owned("Z".into(), Data::Any),
                Event::owned("A".into(), Data::None(1)),
                Event::owned("A".into(), Data::None(2)),
            ],
            vec![Object::owned(
                1,
                vec![Member::owned("x".into(), 2, true, INT)],
            )],
            Vec::new(),
            Vec::new(),
            Vec::new(),
        );
        let tables = schema.tables();
        assert!(matches!(
            tables.event(Name::new("A")).unwrap().data,
            Data::None(1)
        ));
        // Event names are kept once, however many tables name them.
        let again = Event::owned("Z".into(), Data::Any);
        let first = tables.event(Name::new("Z")).unwrap();
        assert!(matches!(
            (&again.name, &first.name),
            (Cow::Borrowed(a), Cow::Borrowed(b)) if std::ptr::eq(*a, *b)
        ));
        assert!(tables.event(Name::new("Z")).is_some());
        assert_eq!(tables.objects[0].required_bits(), 1);
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
        let schema = Schema::new(Vec::leak(events), &[], &[], &[], &[]);
        let tables = schema.tables();
        for (at, name) in texts.iter().enumerate() {
            let found = tables.event(Name::new(name)).map(|event| event.data);
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
            assert!(tables.event(Name::new(absent)).is_none(), "{absent:?}");
        }
    }
}
