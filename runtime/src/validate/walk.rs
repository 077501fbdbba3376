//! The checking walk: one pass over a message's text, guided by a document's [`Schema`].
//!
//! Every value is looked at once. A value of the wrong type is a violation, not an error: the
//! walk goes on and collects everything. What is only skipped (a container nested too deep, the
//! rest of a message that is not an object) is still read as JSON, so text that is not JSON is
//! always found. The one error is [`Broken`]: then the text is not JSON, and nothing else the
//! walk found counts.

use std::borrow::Cow;

use super::ctx::{Ctx, sentence};
use super::keys::KeySet;
use super::schema::{self, Data, JsonType, Object, Ranged, Tables, Text, Value};
use super::seen::Seen;
use crate::json::{Json, Number, Peek, Read};
use crate::report::ViolationKind;
use crate::scalar::Scalar;
use crate::words::Name;

/// The documented members of the envelope, for the undocumented-field violation.
const ENVELOPE: &str = "\"event\", \"data\" or \"timestamp\"";
/// The member that names the event (and makes a message with a reply's member an event).
const EVENT: Name<'static> = Name::new("event");
/// What a timestamp must be.
const TIMESTAMP: &str = "{\"seconds\": json-int, \"microseconds\": json-int in 0..=999999}";

/// Checks the message in `json` (the whole text) against the tables `ctx` holds.
pub(crate) fn message<'s>(
    json: &mut Json<'_>,
    ctx: &mut Ctx<'s>,
    judge_as: Option<&str>,
) -> Read<()> {
    let peek = json.peek()?;
    if peek != Peek::Object {
        let found = match peek {
            Peek::Array => "json-array",
            Peek::String => "json-string",
            Peek::Null => "null",
            Peek::True | Peek::False => "json-bool",
            // A number is `json-int` or `json-number` as serde_json reads it.
            _ => match json.number(peek)? {
                Number::Scalar(scalar) => scalar.kind(),
                Number::BeyondF64(_) => "json-number",
            },
        };
        // Still read whole: a message that is not JSON is `not-json`, not `not-object`.
        if !matches!(peek, Peek::Number | Peek::Invalid) {
            json.skip(peek)?;
        }
        json.finish()?;
        not_object(ctx, found);
        return Ok(());
    }
    ctx.enter();
    envelope(json, ctx, judge_as, Replies::Recognised)?;
    ctx.leave();
    json.finish()
}

#[cold]
fn not_object(ctx: &mut Ctx<'_>, found: &'static str) {
    let message = sentence(&["a QMP message is a JSON object, this is ", found]);
    ctx.report(
        ViolationKind::NotObject,
        "json-object",
        found,
        message,
        None,
    );
}

/// What a QMP peer sends besides events, known by a member an event message lacks.
#[derive(Clone, Copy)]
enum Reply {
    /// `{"return": …}`: a command's result.
    Return,
    /// `{"error": …}`: a command's failure.
    Error,
    /// `{"QMP": …}`: the greeting.
    Greeting,
}

impl Reply {
    /// The reply a top-level member named `name` makes the message, if any.
    fn of(name: Name<'_>) -> Option<Reply> {
        const RETURN: Name<'static> = Name::new("return");
        const ERROR: Name<'static> = Name::new("error");
        const GREETING: Name<'static> = Name::new("QMP");
        if name == RETURN {
            Some(Reply::Return)
        } else if name == ERROR {
            Some(Reply::Error)
        } else if name == GREETING {
            Some(Reply::Greeting)
        } else {
            None
        }
    }
}

/// Whether [`envelope`] recognises a reply: not when it walks a message again because an
/// `event` member followed the reply's member (the message is then judged as an event).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Replies {
    Recognised,
    JudgedAsEvents,
}

/// A member of the envelope.
enum Key {
    Event,
    Data,
    Timestamp,
    Other,
}

/// The members of the message object: `event` (whose name picks the data's schema), `data`,
/// `timestamp`, in any order. When `data` comes before `event`, it is skipped and its extent
/// kept, and checked once the name is known (or as any JSON when no name comes).
///
/// A message without `event` that has a `return`, `error` or `QMP` member is a command reply or
/// the greeting: one `not-an-event` violation alone, its members read as JSON but not judged.
fn envelope<'s>(
    json: &mut Json<'_>,
    ctx: &mut Ctx<'s>,
    judge_as: Option<&str>,
    replies: Replies,
) -> Read<()> {
    // The message's `{`: where what it lacks is reported.
    let start = json.offset();
    let (mut seen_event, mut seen_data, mut seen_timestamp) = (false, false, false);
    let mut others = KeySet::new(ctx);
    // The documented event the name names, once read.
    let mut event = None;
    // Where the data stands in the text, when it came before the name.
    let mut pending: Option<std::ops::Range<usize>> = None;
    let mut key = json.first_key()?;
    while let Some(name) = key {
        const DATA: Name<'static> = Name::new("data");
        const TIMESTAMP: Name<'static> = Name::new("timestamp");
        if !seen_event
            && replies == Replies::Recognised
            && let Some(reply) = Reply::of(name)
        {
            others.finish(ctx);
            return reply_or_event(json, ctx, judge_as, reply, start);
        }
        let which = if name == EVENT {
            Key::Event
        } else if name == DATA {
            Key::Data
        } else if name == TIMESTAMP {
            Key::Timestamp
        } else {
            ctx.push_key(name.text);
            ctx.mark(json.key_start());
            Key::Other
        };
        match which {
            Key::Event if !seen_event => {
                seen_event = true;
                ctx.push_member("event");
                if json.peek()? == Peek::String {
                    ctx.mark(json.offset());
                    let name = json.name()?;
                    event = named(ctx, judge_as.map_or(name, Name::new));
                } else {
                    check(json, ctx, EventName)?;
                }
                if let Some(range) = pending.take() {
                    ctx.pop();
                    ctx.push_member("data");
                    let mut data = json.part(range);
                    self::data(&mut data, ctx, event.map(|event| event.data))?;
                    ctx.pop();
                    ctx.push_member("event");
                }
            }
            Key::Data if !seen_data => {
                seen_data = true;
                ctx.push_member("data");
                if seen_event {
                    data(json, ctx, event.map(|event| event.data))?;
                } else {
                    let peek = json.peek()?;
                    let start = json.offset();
                    json.skip(peek)?;
                    pending = Some(start..json.offset());
                }
            }
            Key::Timestamp if !seen_timestamp => {
                seen_timestamp = true;
                ctx.push_member("timestamp");
                if !plain_timestamp(json, ctx) {
                    check(json, ctx, Timestamp)?;
                }
            }
            Key::Other => {
                others.undocumented(ctx, || ENVELOPE.into(), None);
                check(json, ctx, Any)?;
            }
            repeated => {
                ctx.push_member(match repeated {
                    Key::Event => "event",
                    Key::Data => "data",
                    _ => "timestamp",
                });
                ctx.mark(json.key_start());
                ctx.duplicate();
                check(json, ctx, Any)?;
            }
        }
        ctx.pop();
        key = json.next_key()?;
    }
    others.finish(ctx);
    if let Some(range) = pending {
        ctx.push_member("data");
        let mut data = json.part(range);
        self::data(&mut data, ctx, None)?;
        ctx.pop();
    }
    ctx.mark(start);
    if !seen_event {
        ctx.push_member("event");
        ctx.report(
            ViolationKind::MissingField,
            "json-string",
            "nothing",
            "the message has no \"event\" naming it".to_owned(),
            None,
        );
        ctx.pop();
    }
    if let Some(event) = event
        && !seen_data
        && let Some(object) = data_object(ctx, event.data)
        && object.has_required()
    {
        ctx.missing("data", Cow::Borrowed("json-object"), object.line);
    }
    if !seen_timestamp {
        ctx.push_member("timestamp");
        ctx.report(
            ViolationKind::BadTimestamp,
            TIMESTAMP,
            "nothing",
            "the message has no \"timestamp\"".to_owned(),
            None,
        );
        ctx.pop();
    }
    Ok(())
}

/// The rest of a message that has a reply's member (its value next) and no `event` so far:
/// `not-an-event` alone when no `event` follows, else the message walked again as an event
/// (`start` is its `{`). Either way nothing found so far counts.
fn reply_or_event(
    json: &mut Json<'_>,
    ctx: &mut Ctx<'_>,
    judge_as: Option<&str>,
    reply: Reply,
    start: usize,
) -> Read<()> {
    let mut event_follows = false;
    loop {
        let peek = json.peek()?;
        json.skip(peek)?;
        match json.next_key()? {
            Some(name) => event_follows |= name == EVENT,
            None => break,
        }
    }
    ctx.discard_violations();
    if event_follows {
        let mut again = json.part(start..json.offset());
        return envelope(&mut again, ctx, judge_as, Replies::JudgedAsEvents);
    }
    ctx.mark(start);
    not_an_event(ctx, reply);
    Ok(())
}

#[cold]
fn not_an_event(ctx: &mut Ctx<'_>, reply: Reply) {
    let (found, message) = match reply {
        Reply::Return => (
            "a command reply",
            "a command reply (\"return\"), not an event message",
        ),
        Reply::Error => (
            "an error reply",
            "a command's error reply (\"error\"), not an event message",
        ),
        Reply::Greeting => (
            "the greeting",
            "QEMU's greeting (\"QMP\"), not an event message",
        ),
    };
    ctx.report(
        ViolationKind::NotAnEvent,
        "an event message",
        found,
        message.to_owned(),
        None,
    );
}

#[cold]
fn unknown_event(ctx: &mut Ctx<'_>, name: &str) {
    let found = Scalar::Str(name).render();
    let message = sentence(&["the document does not describe the event ", &found]);
    ctx.report(
        ViolationKind::UnknownEvent,
        "an event the document describes",
        found,
        message,
        None,
    );
}

/// Checks an event's data: against its documentation, or as any JSON for an event the document
/// does not describe.
fn data<'s>(json: &mut Json<'_>, ctx: &mut Ctx<'s>, data: Option<Data>) -> Read<()> {
    match data {
        Some(Data::Object(object)) => {
            let object = &ctx.tables().objects[object as usize];
            check(json, ctx, Documented(object))
        }
        Some(Data::Union(union)) => {
            let union = &ctx.tables().unions[union as usize];
            let line = ctx.tables().objects[union.base as usize].line;
            check(json, ctx, UnionOf(union, line))
        }
        Some(Data::None(line)) => check(json, ctx, NoData(line)),
        Some(Data::Any) | None => check(json, ctx, Any),
    }
}

/// The object an event's data must be, when it must be one with members (a union's base).
fn data_object<'s>(ctx: &Ctx<'s>, data: Data) -> Option<&'s Object> {
    let tables = ctx.tables();
    match data {
        Data::Object(object) => Some(&tables.objects[object as usize]),
        Data::Union(union) => Some(&tables.objects[tables.unions[union as usize].base as usize]),
        Data::None(_) | Data::Any => None,
    }
}

/// What one value should be. The default methods report a `wrong-type` violation and still
/// walk a container (its duplicate keys and depth are checked all the same).
trait Expect<'s>: Sized {
    /// The expected JSON type as the document names it (`json-string`).
    fn wanted(&self, tables: &Tables<'_>) -> Text;

    /// The document line that documents the value.
    fn line(&self) -> Option<u32>;

    /// Whether every string is fine here, so that its text need not even be unescaped.
    fn takes_any_string(&self) -> bool {
        false
    }

    /// Checks a scalar.
    fn scalar(self, ctx: &mut Ctx<'s>, value: Scalar<'_>) {
        mismatch(ctx, &self, value);
    }

    /// Checks an object whose `{` the walk has seen (and counted in the depth).
    fn object(self, json: &mut Json<'_>, ctx: &mut Ctx<'s>) -> Read<()> {
        wrong_type(ctx, &self, "json-object", &["an object"]);
        any_members(json, ctx)
    }

    /// Checks an array whose `[` the walk has seen (and counted in the depth).
    fn array(self, json: &mut Json<'_>, ctx: &mut Ctx<'s>) -> Read<()> {
        wrong_type(ctx, &self, "json-array", &["an array"]);
        any_elements(json, ctx)
    }
}

/// A `wrong-type` violation: `found` is the type there, `shown` the words that show it.
#[cold]
fn wrong_type<'s, E: Expect<'s>>(
    ctx: &mut Ctx<'s>,
    expect: &E,
    found: &'static str,
    shown: &[&str],
) {
    let wanted = expect.wanted(&ctx.tables());
    let lead = ["expected ", &wanted, ", found "];
    // One allocation of the right size, as `sentence` makes.
    let mut message = String::with_capacity(lead.iter().chain(shown).map(|part| part.len()).sum());
    for part in lead.iter().chain(shown) {
        message.push_str(part);
    }
    ctx.report(
        ViolationKind::WrongType,
        wanted,
        found,
        message,
        expect.line(),
    );
}

/// A scalar of another type than `expect` wants.
#[cold]
fn mismatch<'s, E: Expect<'s>>(ctx: &mut Ctx<'s>, expect: &E, value: Scalar<'_>) {
    let kind = value.kind();
    wrong_type(ctx, expect, kind, &[kind, " ", &value.render()]);
}

/// Reads the next value and checks it against `expect`. Containers nested deeper than
/// [`MAX_DEPTH`](super::MAX_DEPTH) are one `too-deep` each and are skipped.
#[inline]
fn check<'s, E: Expect<'s>>(json: &mut Json<'_>, ctx: &mut Ctx<'s>, expect: E) -> Read<()> {
    let peek = json.peek()?;
    ctx.mark(json.offset());
    match peek {
        Peek::String if expect.takes_any_string() => json.skip_string(),
        Peek::String => {
            let text = json.string()?;
            expect.scalar(ctx, Scalar::Str(text));
            Ok(())
        }
        Peek::Object | Peek::Array => {
            if !ctx.enter() {
                return json.skip(peek);
            }
            if peek == Peek::Object {
                expect.object(json, ctx)?;
            } else {
                expect.array(json, ctx)?;
            }
            ctx.leave();
            Ok(())
        }
        Peek::Null | Peek::True | Peek::False => {
            let literal = json.literal(peek)?;
            expect.scalar(ctx, literal);
            Ok(())
        }
        _ => {
            match json.number(peek)? {
                Number::Scalar(number) => expect.scalar(ctx, number),
                Number::BeyondF64(text) => beyond_f64(ctx, expect, text),
            }
            Ok(())
        }
    }
}

/// A number beyond `f64`: judged as a number as large as a short literal gets (a json-int
/// finds it out of range, a json-string of the wrong type; `qmpgen check` reads it as the same
/// ±1e308), and out of range wherever it stands.
#[cold]
fn beyond_f64<'s, E: Expect<'s>>(ctx: &mut Ctx<'s>, expect: E, text: &str) {
    let nearest = if text.starts_with('-') { -1e308 } else { 1e308 };
    expect.scalar(ctx, Scalar::Float(nearest));
    ctx.beyond_f64_number(text);
}

/// Checks every member of an object as any JSON (duplicates and depth only).
fn any_members(json: &mut Json<'_>, ctx: &mut Ctx<'_>) -> Read<()> {
    let mut names = KeySet::new(ctx);
    let mut key = json.first_key()?;
    while let Some(name) = key {
        ctx.push_key(name.text);
        ctx.mark(json.key_start());
        names.check(ctx);
        check(json, ctx, Any)?;
        ctx.pop();
        key = json.next_key()?;
    }
    names.finish(ctx);
    Ok(())
}

/// Checks every element of an array against `expect` (a copy each).
fn elements<'s, E: Expect<'s> + Copy>(
    json: &mut Json<'_>,
    ctx: &mut Ctx<'s>,
    expect: E,
) -> Read<()> {
    let mut index = 0;
    let mut element = json.first_element()?;
    while element.is_some() {
        ctx.push_index(index);
        check(json, ctx, expect)?;
        ctx.pop();
        index += 1;
        element = json.next_element()?;
    }
    Ok(())
}

/// Checks every element of an array as any JSON.
fn any_elements(json: &mut Json<'_>, ctx: &mut Ctx<'_>) -> Read<()> {
    elements(json, ctx, Any)
}

/// Any JSON value: an undocumented member, the data of an undocumented event.
#[derive(Clone, Copy)]
struct Any;

impl Expect<'_> for Any {
    fn wanted(&self, _: &Tables<'_>) -> Text {
        Cow::Borrowed("any JSON value")
    }

    fn line(&self) -> Option<u32> {
        None
    }

    fn takes_any_string(&self) -> bool {
        true
    }

    fn scalar(self, _: &mut Ctx<'_>, _: Scalar<'_>) {}

    fn object(self, json: &mut Json<'_>, ctx: &mut Ctx<'_>) -> Read<()> {
        any_members(json, ctx)
    }

    fn array(self, json: &mut Json<'_>, ctx: &mut Ctx<'_>) -> Read<()> {
        any_elements(json, ctx)
    }
}

/// A value the tables describe: a documented member's, an array's element, an alternative.
#[derive(Clone, Copy)]
struct Member<'s> {
    value: &'s Value,
    line: u32,
}

/// What an `out-of-range` json-int is expected to be.
const INT_RANGE: &str = "an integer from -9223372036854775808 to 9223372036854775807";
/// `i64::MAX + 1` (2^63) as a float, exactly.
const I64_END: f64 = 9_223_372_036_854_775_808.0;
/// `u64::MAX + 1` (2^64) as a float, exactly.
const U64_END: f64 = 18_446_744_073_709_551_616.0;

/// The JSON type of a scalar, as an alternate tells them apart.
fn json_type(value: &Scalar<'_>) -> JsonType {
    match value {
        Scalar::Null => JsonType::Null,
        Scalar::Bool(_) => JsonType::Bool,
        Scalar::Int(_) | Scalar::UInt(_) | Scalar::Float(_) => JsonType::Number,
        Scalar::Str(_) => JsonType::String,
    }
}

impl<'s> Member<'s> {
    /// The alternative of the alternate `at` that takes a value of JSON type `json`.
    fn alternative(self, ctx: &Ctx<'s>, at: u32, json: JsonType) -> Option<Member<'s>> {
        let alternate = &ctx.tables().alternates[at as usize];
        let choices: &'s [Value] = &alternate.choices;
        choices
            .iter()
            .find(|choice| choice.takes(json))
            .map(|value| Member {
                value,
                line: self.line,
            })
    }

    /// Judges an integer of the sized type `ranged`.
    fn ranged(self, ctx: &mut Ctx<'s>, ranged: Ranged, value: Scalar<'_>) {
        let (min, max) = ranged.range();
        let out = match value {
            Scalar::Int(n) => !(min..=max).contains(&(n as i128)),
            Scalar::UInt(n) => !(min..=max).contains(&(n as i128)),
            // An integer beyond 64 bits reads as a float (see `Value::Int`).
            Scalar::Float(n) if n.fract() == 0.0 && (n >= U64_END || n <= -I64_END) => true,
            _ => return mismatch(ctx, &self, value),
        };
        if out {
            out_of_range(ctx, value, ranged.expected(), ranged.name(), self.line);
        }
    }
}

impl<'s> Expect<'s> for Member<'s> {
    fn wanted(&self, tables: &Tables<'_>) -> Text {
        self.value.wanted(tables)
    }

    fn line(&self) -> Option<u32> {
        match self.value {
            Value::Any | Value::Named(_) => None,
            _ => Some(self.line),
        }
    }

    fn takes_any_string(&self) -> bool {
        matches!(self.value, Value::Any | Value::Named(_) | Value::String)
    }

    fn scalar(self, ctx: &mut Ctx<'s>, value: Scalar<'_>) {
        match self.value {
            Value::Any | Value::Named(_) => {}
            Value::String | Value::OneOf(_) => {
                let Scalar::Str(text) = value else {
                    return mismatch(ctx, &self, value);
                };
                if let Value::OneOf(values) = self.value
                    && !values.contains(text)
                {
                    undocumented_value(ctx, values, value, self.line);
                }
            }
            Value::Int => {
                let too_large = match value {
                    Scalar::Int(_) => false,
                    Scalar::UInt(n) => n > i64::MAX as u64,
                    // An integer beyond 64 bits reads as a float: still an integer, too large.
                    // -2^63 itself is the rounding of a literal beyond it (i64::MIN reads as an
                    // integer), so it counts as out of range too.
                    Scalar::Float(n) => n.fract() == 0.0 && n.abs() >= I64_END,
                    _ => false,
                };
                match value {
                    _ if too_large => {
                        out_of_range(ctx, value, INT_RANGE, "json-int (64-bit signed)", self.line)
                    }
                    Scalar::Int(_) | Scalar::UInt(_) => {}
                    _ => mismatch(ctx, &self, value),
                }
            }
            Value::Ranged(ranged) => self.ranged(ctx, *ranged, value),
            Value::Number => {
                if !matches!(value, Scalar::Int(_) | Scalar::UInt(_) | Scalar::Float(_)) {
                    mismatch(ctx, &self, value);
                }
            }
            Value::Bool => {
                if !matches!(value, Scalar::Bool(_)) {
                    mismatch(ctx, &self, value);
                }
            }
            Value::Null => {
                if !matches!(value, Scalar::Null) {
                    mismatch(ctx, &self, value);
                }
            }
            Value::Alternate(at) => match self.alternative(ctx, *at, json_type(&value)) {
                Some(alternative) => alternative.scalar(ctx, value),
                None => mismatch(ctx, &self, value),
            },
            Value::AnyObject | Value::Object(_) | Value::Union(_) | Value::Array(_) => {
                mismatch(ctx, &self, value)
            }
        }
    }

    fn object(self, json: &mut Json<'_>, ctx: &mut Ctx<'s>) -> Read<()> {
        match self.value {
            Value::Object(object) => {
                let object = &ctx.tables().objects[*object as usize];
                Documented(object).object(json, ctx)
            }
            Value::Union(union) => {
                let union = &ctx.tables().unions[*union as usize];
                UnionOf(union, self.line).object(json, ctx)
            }
            Value::Alternate(at) => match self.alternative(ctx, *at, JsonType::Object) {
                Some(alternative) => alternative.object(json, ctx),
                None => {
                    wrong_type(ctx, &self, "json-object", &["an object"]);
                    any_members(json, ctx)
                }
            },
            Value::Any | Value::Named(_) | Value::AnyObject => any_members(json, ctx),
            _ => {
                wrong_type(ctx, &self, "json-object", &["an object"]);
                any_members(json, ctx)
            }
        }
    }

    fn array(self, json: &mut Json<'_>, ctx: &mut Ctx<'s>) -> Read<()> {
        match self.value {
            Value::Any | Value::Named(_) => any_elements(json, ctx),
            Value::Array(element) => {
                let value = &ctx.tables().values[*element as usize];
                let element = Member {
                    value,
                    line: self.line,
                };
                elements(json, ctx, element)
            }
            Value::Alternate(at) => match self.alternative(ctx, *at, JsonType::Array) {
                Some(alternative) => alternative.array(json, ctx),
                None => {
                    wrong_type(ctx, &self, "json-array", &["an array"]);
                    any_elements(json, ctx)
                }
            },
            _ => {
                wrong_type(ctx, &self, "json-array", &["an array"]);
                any_elements(json, ctx)
            }
        }
    }
}

#[cold]
fn undocumented_value(ctx: &mut Ctx<'_>, values: &schema::Words, value: Scalar<'_>, line: u32) {
    let found = value.render();
    let expected = schema::one_of_text(values);
    let message = sentence(&[&found, " is not a documented value (", &expected, ")"]);
    ctx.report(
        ViolationKind::UndocumentedValue,
        expected,
        found,
        message,
        Some(line),
    );
}

/// An `out-of-range` violation: `value` is an integer, not one of a `type_name`.
#[cold]
fn out_of_range(
    ctx: &mut Ctx<'_>,
    value: Scalar<'_>,
    expected: &'static str,
    type_name: &str,
    line: u32,
) {
    let found = value.render();
    let message = sentence(&[&found, " does not fit in a ", type_name]);
    ctx.report(
        ViolationKind::OutOfRange,
        expected,
        found,
        message,
        Some(line),
    );
}

/// A json-object with documented members.
#[derive(Clone, Copy)]
struct Documented<'s>(&'s Object);

impl<'s> Expect<'s> for Documented<'s> {
    fn wanted(&self, _: &Tables<'_>) -> Text {
        Cow::Borrowed("json-object")
    }

    fn line(&self) -> Option<u32> {
        Some(self.0.line)
    }

    /// Each member against its documentation, then the required members that did not come.
    fn object(self, json: &mut Json<'_>, ctx: &mut Ctx<'s>) -> Read<()> {
        let object = self.0;
        let members: &'s [schema::Member] = &object.members;
        // The object's `{`: where what it lacks is reported.
        let start = json.offset();
        let mut seen = Seen::new(members.len());
        let mut others = KeySet::new(ctx);
        // QEMU writes members in one order, mostly the document's: the member after the last
        // one is tried first, so that the lookup is one comparison the branch predictor knows.
        let mut expected = 0;
        let mut key = json.first_key()?;
        while let Some(name) = key {
            let found = match members.get(expected) {
                Some(member) if member.is(name) => Some(expected),
                _ => object.member(name),
            };
            match found {
                Some(at) => {
                    expected = at + 1;
                    let member = &members[at];
                    if !seen.insert(at) {
                        ctx.push_member(&member.name);
                        ctx.mark(json.key_start());
                        ctx.duplicate();
                        ctx.pop();
                    }
                    documented_value(json, ctx, member)?;
                }
                None => {
                    ctx.push_key(name.text);
                    ctx.mark(json.key_start());
                    others.undocumented(ctx, || object.documented().into(), Some(object.line));
                    check(json, ctx, Any)?;
                    ctx.pop();
                }
            }
            key = json.next_key()?;
        }
        others.finish(ctx);
        if seen.bits() & object.required_bits() != object.required_bits() || seen.has_more() {
            ctx.mark(start);
            missing(ctx, object, &seen);
        }
        Ok(())
    }
}

/// A flat union (documented at `.1`): its discriminator, found first, picks the members the
/// object is checked against (the base's alone when it is missing or selects no variant).
#[derive(Clone, Copy)]
struct UnionOf<'s>(&'s schema::Union, u32);

impl<'s> Expect<'s> for UnionOf<'s> {
    fn wanted(&self, _: &Tables<'_>) -> Text {
        Cow::Borrowed("json-object")
    }

    fn line(&self) -> Option<u32> {
        Some(self.1)
    }

    fn object(self, json: &mut Json<'_>, ctx: &mut Ctx<'s>) -> Read<()> {
        let union = self.0;
        // The object is read twice: for its discriminator (any member may come first), then
        // against the members it selects.
        let start = json.offset();
        json.skip(Peek::Object)?;
        let mut scan = json.part(start..json.offset());
        let discriminator = crate::words::Name::new(&union.discriminator);
        let mut value = None;
        let mut key = scan.first_key()?;
        while let Some(name) = key {
            if name == discriminator && value.is_none() && scan.peek()? == Peek::String {
                value = Some(scan.string()?.to_owned());
            } else {
                let peek = scan.peek()?;
                scan.skip(peek)?;
            }
            key = scan.next_key()?;
        }
        let object = &ctx.tables().objects[union.object(value.as_deref()) as usize];
        let mut again = json.part(start..json.offset());
        Documented(object).object(&mut again, ctx)
    }
}

/// Checks the value of the documented `member`. A value of the documented type is read on a
/// short path that steps into the member's path only to report a violation; everything else
/// (another type, a container) goes through [`check`].
#[inline(always)]
fn documented_value<'s>(
    json: &mut Json<'_>,
    ctx: &mut Ctx<'s>,
    member: &'s schema::Member,
) -> Read<()> {
    let expect = Member {
        value: &member.value,
        line: member.line,
    };
    match (&member.value, json.next_byte()) {
        (Value::String, Some(b'"')) => return json.skip_string(),
        (Value::OneOf(values), Some(b'"')) => {
            let at = json.offset();
            let text = json.string()?;
            if !values.contains(text) {
                ctx.push_member(&member.name);
                ctx.mark(at);
                undocumented_value(ctx, values, Scalar::Str(text), member.line);
                ctx.pop();
            }
            return Ok(());
        }
        (Value::Int | Value::Number, Some(b'-' | b'0'..=b'9')) => {
            let at = json.offset();
            let number = json.number(Peek::Number)?;
            if let (Value::Int, Number::Scalar(Scalar::Int(_)))
            | (Value::Number, Number::Scalar(_)) = (&member.value, &number)
            {
                return Ok(());
            }
            if let (Value::Int, Number::Scalar(Scalar::UInt(n))) = (&member.value, &number)
                && *n <= i64::MAX as u64
            {
                return Ok(());
            }
            ctx.push_member(&member.name);
            ctx.mark(at);
            match number {
                Number::Scalar(scalar) => expect.scalar(ctx, scalar),
                Number::BeyondF64(text) => beyond_f64(ctx, expect, text),
            }
            ctx.pop();
            return Ok(());
        }
        (Value::Bool, Some(b't' | b'f')) => {
            let peek = json.peek()?;
            json.literal(peek)?;
            return Ok(());
        }
        _ => {}
    }
    ctx.push_member(&member.name);
    check(json, ctx, expect)?;
    ctx.pop();
    Ok(())
}

/// Reports the required members of `object` that did not come.
#[cold]
fn missing<'s>(ctx: &mut Ctx<'s>, object: &'s Object, seen: &Seen) {
    let tables = ctx.tables();
    for (at, member) in object.members.iter().enumerate() {
        if member.required && !seen.contains(at) {
            ctx.missing(&member.name, member.expected(&tables), member.line);
        }
    }
}

/// The data of an event documented with `Data: None.` (at line `.0`): an object whose every
/// member is undocumented.
#[derive(Clone, Copy)]
struct NoData(u32);

impl Expect<'_> for NoData {
    fn wanted(&self, _: &Tables<'_>) -> Text {
        Cow::Borrowed("json-object")
    }

    fn line(&self) -> Option<u32> {
        Some(self.0)
    }

    fn object(self, json: &mut Json<'_>, ctx: &mut Ctx<'_>) -> Read<()> {
        let mut names = KeySet::new(ctx);
        let mut key = json.first_key()?;
        while let Some(name) = key {
            ctx.push_key(name.text);
            ctx.mark(json.key_start());
            names.undocumented(ctx, || "no data (Data: None.)".into(), Some(self.0));
            check(json, ctx, Any)?;
            ctx.pop();
            key = json.next_key()?;
        }
        names.finish(ctx);
        Ok(())
    }
}

/// Keeps the event's name in the report; the documented event it names, if any.
#[inline]
fn named<'s>(ctx: &mut Ctx<'s>, name: Name<'_>) -> Option<&'s schema::Event> {
    let event = ctx.tables().event(name);
    match event {
        Some(event) => ctx.set_event(event.name.clone()),
        None => {
            ctx.set_event(name.text.to_owned().into());
            unknown_event(ctx, name.text);
        }
    }
    event
}

/// The `event` member when it is not a string (see [`envelope`] for the string).
struct EventName;

impl Expect<'_> for EventName {
    fn wanted(&self, _: &Tables<'_>) -> Text {
        Cow::Borrowed("json-string")
    }

    fn line(&self) -> Option<u32> {
        None
    }

    fn scalar(self, ctx: &mut Ctx<'_>, value: Scalar<'_>) {
        match value {
            // The envelope reads a string name itself.
            Scalar::Str(name) => {
                ctx.set_event(name.to_owned().into());
            }
            other => {
                let kind = other.kind();
                let message = sentence(&[
                    "the event name must be a json-string, found ",
                    kind,
                    " ",
                    &other.render(),
                ]);
                ctx.report(ViolationKind::WrongType, "json-string", kind, message, None);
            }
        }
    }
}

/// Steps over a timestamp written byte for byte as QEMU writes it,
/// `{"seconds": S, "microseconds": M}` with S of 1 to 18 digits and M of 1 to 6 (no leading
/// zero): a value [`Timestamp`] finds nothing wrong with (S fits in 64 signed bits, M is in
/// 0..=999999), read here without its general walk (which cost a fifth of a message's
/// instructions, callgrind). Anything else (other spacing, order, signs, more digits) is left
/// unread for [`Timestamp`]: `false`.
#[inline]
fn plain_timestamp(json: &mut Json<'_>, ctx: &mut Ctx<'_>) -> bool {
    /// The length of the JSON integer of 1 to `most` digits, without a sign or a leading zero,
    /// that `bytes` start with.
    fn digits(bytes: &[u8], most: usize) -> Option<usize> {
        let len = bytes
            .iter()
            .take(most + 1)
            .take_while(|b| b.is_ascii_digit())
            .count();
        (1..=most)
            .contains(&len)
            .then_some(len)
            .filter(|&len| len == 1 || bytes[0] != b'0')
    }
    const SECONDS: &[u8] = b"{\"seconds\": ";
    const MICROSECONDS: &[u8] = b", \"microseconds\": ";
    if json.next_byte() != Some(b'{') {
        return false;
    }
    let rest = json.rest();
    let Some(after) = rest.strip_prefix(SECONDS) else {
        return false;
    };
    let Some(seconds) = digits(after, 18) else {
        return false;
    };
    let Some(after) = after[seconds..].strip_prefix(MICROSECONDS) else {
        return false;
    };
    let Some(microseconds) = digits(after, 6) else {
        return false;
    };
    if after.get(microseconds) != Some(&b'}') {
        return false;
    }
    // Where `check` would have marked the value: the same state after as its walk leaves.
    ctx.mark(json.offset());
    json.step(rest.len() - after.len() + microseconds + 1);
    true
}

/// The members of a timestamp, by index.
const TIMESTAMP_PARTS: [&str; 2] = ["seconds", "microseconds"];

/// The `timestamp` member: `seconds` and `microseconds` json-ints, `microseconds` in
/// 0..=999999 (or both -1, which QMP sends when the host's time cannot be read), nothing else.
/// Whatever is wrong with it is one `bad-timestamp` at `/timestamp`, saying the first problem.
struct Timestamp;

impl Timestamp {
    #[cold]
    fn bad(ctx: &mut Ctx<'_>, found: String) {
        let message = sentence(&["the timestamp must be ", TIMESTAMP, ", found ", &found]);
        ctx.report(ViolationKind::BadTimestamp, TIMESTAMP, found, message, None);
    }
}

impl Expect<'_> for Timestamp {
    fn wanted(&self, _: &Tables<'_>) -> Text {
        Cow::Borrowed("json-object")
    }

    fn line(&self) -> Option<u32> {
        None
    }

    fn scalar(self, ctx: &mut Ctx<'_>, value: Scalar<'_>) {
        Self::bad(ctx, value.kind().to_owned());
    }

    fn array(self, json: &mut Json<'_>, ctx: &mut Ctx<'_>) -> Read<()> {
        Self::bad(ctx, "json-array".to_owned());
        any_elements(json, ctx)
    }

    fn object(self, json: &mut Json<'_>, ctx: &mut Ctx<'_>) -> Read<()> {
        const PARTS: [Name<'static>; 2] =
            [Name::new(TIMESTAMP_PARTS[0]), Name::new(TIMESTAMP_PARTS[1])];
        // The timestamp's `{`: where its one violation points.
        let start = json.offset();
        let mut seen = [false; 2];
        let mut values = [None; 2];
        let mut others = KeySet::new(ctx);
        let mut problem = None;
        let mut key = json.first_key()?;
        while let Some(name) = key {
            let part = PARTS.iter().position(|part| *part == name);
            match part {
                Some(part) => {
                    let name = TIMESTAMP_PARTS[part];
                    if seen[part] {
                        ctx.push_member(name);
                        ctx.mark(json.key_start());
                        ctx.duplicate();
                        ctx.pop();
                    }
                    seen[part] = true;
                    // What QEMU sends, a plain integer, read here; anything else through
                    // `check`.
                    let part = TimestampPart {
                        name,
                        problem: &mut problem,
                        value: &mut values[part],
                    };
                    if matches!(json.next_byte(), Some(b'-' | b'0'..=b'9')) {
                        match json.number(Peek::Number)? {
                            Number::Scalar(Scalar::UInt(n)) if n <= i64::MAX as u64 => {
                                *part.value = Some(n as i64);
                            }
                            number => {
                                ctx.push_member(name);
                                match number {
                                    Number::Scalar(scalar) => part.scalar(ctx, scalar),
                                    Number::BeyondF64(text) => beyond_f64(ctx, part, text),
                                }
                                ctx.pop();
                            }
                        }
                    } else {
                        ctx.push_member(name);
                        check(json, ctx, part)?;
                        ctx.pop();
                    }
                }
                None => {
                    ctx.push_key(name.text);
                    ctx.mark(json.key_start());
                    others.check(ctx);
                    problem.get_or_insert_with(|| format!("a member \"{}\"", ctx.key()));
                    check(json, ctx, Any)?;
                    ctx.pop();
                }
            }
            key = json.next_key()?;
        }
        others.finish(ctx);
        for (part, name) in TIMESTAMP_PARTS.into_iter().enumerate() {
            if !seen[part] {
                problem.get_or_insert_with(|| format!("no \"{name}\""));
            }
        }
        match values {
            [_, Some(0..=999_999)] => {}
            // QMP sends -1 for both when the host's time cannot be read.
            [Some(-1), Some(-1)] => {}
            [_, Some(microseconds)] => {
                problem.get_or_insert_with(|| {
                    format!("\"microseconds\": {microseconds}, outside 0..=999999")
                });
            }
            [_, None] => {}
        }
        if let Some(found) = problem {
            ctx.mark(start);
            Self::bad(ctx, found);
        }
        Ok(())
    }
}

/// `seconds` or `microseconds`: an integer that fits in 64 signed bits, kept in `value`.
struct TimestampPart<'p> {
    name: &'static str,
    problem: &'p mut Option<String>,
    value: &'p mut Option<i64>,
}

impl TimestampPart<'_> {
    fn bad(self, found: &str) {
        let name = self.name;
        self.problem
            .get_or_insert_with(|| format!("\"{name}\": {found}"));
    }
}

impl Expect<'_> for TimestampPart<'_> {
    fn wanted(&self, _: &Tables<'_>) -> Text {
        Cow::Borrowed("json-int")
    }

    fn line(&self) -> Option<u32> {
        None
    }

    fn scalar(self, _: &mut Ctx<'_>, value: Scalar<'_>) {
        match value {
            Scalar::Int(n) => *self.value = Some(n),
            Scalar::UInt(n) if n <= i64::MAX as u64 => *self.value = Some(n as i64),
            other => self.bad(&format!("{} {}", other.kind(), other.render())),
        }
    }

    fn object(self, json: &mut Json<'_>, ctx: &mut Ctx<'_>) -> Read<()> {
        self.bad("json-object");
        any_members(json, ctx)
    }

    fn array(self, json: &mut Json<'_>, ctx: &mut Ctx<'_>) -> Read<()> {
        self.bad("json-array");
        any_elements(json, ctx)
    }
}

#[cfg(test)]
#[path = "timestamp_tests.rs"]
mod timestamp_tests;
