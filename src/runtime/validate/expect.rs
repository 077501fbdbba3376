//! What the document expects of one value, checked while the value streams past.
//!
//! Every value is read with `deserialize_any`, so a value of the wrong type is a violation, not
//! a deserialization error: the pass goes on and collects everything. [`Seed`] drives an
//! [`Expect`] through serde's visitor; the generator picks the expectation per member.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{Ctx, KeySeed, KeySet};
use crate::runtime::report::ViolationKind;

/// A scalar as read.
#[derive(Debug, Clone, Copy)]
pub enum Scalar<'a> {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A negative integer (or any that serde hands over as `i64`).
    Int(i64),
    /// A non-negative integer.
    UInt(u64),
    /// A number with a fraction or exponent, or an integer too large for 64 bits.
    Float(f64),
    /// A string.
    Str(&'a str),
}

/// Strings longer than this are quoted shortened in reports.
pub const QUOTED_MAX: usize = 256;
/// How much of a shortened string is quoted.
const QUOTED_HEAD: usize = 64;

impl Scalar<'_> {
    /// The JSON type, named as the document names types (`json-int`).
    pub fn kind(&self) -> &'static str {
        match self {
            Scalar::Null => "null",
            Scalar::Bool(_) => "json-bool",
            Scalar::Int(_) | Scalar::UInt(_) => "json-int",
            Scalar::Float(_) => "json-number",
            Scalar::Str(_) => "json-string",
        }
    }

    /// The value as JSON text; a string longer than [`QUOTED_MAX`] bytes is shown by its
    /// start and its length (`"abc…" (20971520 bytes)`), so that a report stays small whatever
    /// the message holds.
    pub fn render(&self) -> String {
        match *self {
            Scalar::Str(value) if value.len() > QUOTED_MAX => {
                let mut cut = QUOTED_HEAD;
                while !value.is_char_boundary(cut) {
                    cut -= 1;
                }
                let head = serde_json::to_string(&value[..cut]).unwrap_or_default();
                let open = &head[..head.len() - 1];
                format!("{open}…\" ({} bytes)", value.len())
            }
            Scalar::Null => "null".to_owned(),
            Scalar::Bool(value) => value.to_string(),
            Scalar::Int(value) => value.to_string(),
            Scalar::UInt(value) => value.to_string(),
            Scalar::Float(value) => serde_json::Value::from(value).to_string(),
            // Straight to JSON text, without a `Value` (and its copy) in between; serializing a
            // string cannot fail.
            Scalar::Str(value) => serde_json::to_string(value).unwrap_or_default(),
        }
    }
}

/// What one value should be. The default methods report a `wrong-type` violation and still
/// walk a container (its duplicate keys and depth are checked all the same).
pub trait Expect: Sized {
    /// The expected JSON type as the document names it (`json-string`).
    fn wanted(&self) -> &'static str;

    /// The document line that documents the value.
    fn line(&self) -> Option<u32>;

    /// Checks a scalar.
    fn scalar(self, ctx: &mut Ctx, value: Scalar<'_>) {
        let shown = format!("{} {}", value.kind(), value.render());
        wrong_type(ctx, &self, value.kind(), &shown);
    }

    /// Checks an object (the caller has opened it with [`Ctx::enter`]).
    fn map<'de, A: MapAccess<'de>>(self, ctx: &mut Ctx, map: A) -> Result<(), A::Error> {
        wrong_type(ctx, &self, "json-object", "an object");
        any_members(ctx, map)
    }

    /// Checks an array (the caller has opened it with [`Ctx::enter`]).
    fn seq<'de, A: SeqAccess<'de>>(self, ctx: &mut Ctx, seq: A) -> Result<(), A::Error> {
        wrong_type(ctx, &self, "json-array", "an array");
        any_elements(ctx, seq)
    }
}

fn wrong_type<E: Expect>(ctx: &mut Ctx, expect: &E, found: &str, shown: &str) {
    let wanted = expect.wanted();
    ctx.report(
        ViolationKind::WrongType,
        wanted,
        found,
        format!("expected {wanted}, found {shown}"),
        expect.line(),
    );
}

/// Checks every member of an object as any JSON (duplicates and depth only).
pub fn any_members<'de, A: MapAccess<'de>>(ctx: &mut Ctx, mut map: A) -> Result<(), A::Error> {
    let mut names = KeySet::default();
    while map
        .next_key_seed(KeySeed::new(ctx, &[], |_| None))?
        .is_some()
    {
        names.check(ctx);
        map.next_value_seed(Seed::new(ctx, Any))?;
        ctx.pop();
    }
    Ok(())
}

/// Checks every element of an array as any JSON.
pub fn any_elements<'de, A: SeqAccess<'de>>(ctx: &mut Ctx, mut seq: A) -> Result<(), A::Error> {
    let mut index = 0;
    loop {
        ctx.push_index(index);
        let more = seq.next_element_seed(Seed::new(ctx, Any))?;
        ctx.pop();
        if more.is_none() {
            return Ok(());
        }
        index += 1;
    }
}

/// Reads one value with `deserialize_any` and checks it against `E`.
pub struct Seed<'c, E> {
    ctx: &'c mut Ctx,
    expect: E,
}

impl<'c, E: Expect> Seed<'c, E> {
    /// A seed checking the next value against `expect`.
    pub fn new(ctx: &'c mut Ctx, expect: E) -> Self {
        Seed { ctx, expect }
    }
}

impl<'de, E: Expect> DeserializeSeed<'de> for Seed<'_, E> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, E: Expect> Visitor<'de> for Seed<'_, E> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expect.wanted())
    }

    fn visit_unit<Er: Error>(self) -> Result<(), Er> {
        self.expect.scalar(self.ctx, Scalar::Null);
        Ok(())
    }

    fn visit_none<Er: Error>(self) -> Result<(), Er> {
        self.visit_unit()
    }

    fn visit_bool<Er: Error>(self, value: bool) -> Result<(), Er> {
        self.expect.scalar(self.ctx, Scalar::Bool(value));
        Ok(())
    }

    fn visit_i64<Er: Error>(self, value: i64) -> Result<(), Er> {
        self.expect.scalar(self.ctx, Scalar::Int(value));
        Ok(())
    }

    fn visit_u64<Er: Error>(self, value: u64) -> Result<(), Er> {
        self.expect.scalar(self.ctx, Scalar::UInt(value));
        Ok(())
    }

    fn visit_f64<Er: Error>(self, value: f64) -> Result<(), Er> {
        self.expect.scalar(self.ctx, Scalar::Float(value));
        Ok(())
    }

    fn visit_str<Er: Error>(self, value: &str) -> Result<(), Er> {
        match self.ctx.beyond_f64(value) {
            // Judged as a number as large as a short literal gets (a json-int finds it out of
            // range, a json-string of the wrong type; `qmpgen check` reads it as the same
            // ±1e308), and out of range wherever it stands.
            Some(number) => {
                let nearest = if number.starts_with('-') {
                    -1e308
                } else {
                    1e308
                };
                self.expect.scalar(self.ctx, Scalar::Float(nearest));
                self.ctx.beyond_f64_number(number);
            }
            None => self.expect.scalar(self.ctx, Scalar::Str(value)),
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        if !self.ctx.enter() {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(());
        }
        let result = self.expect.map(self.ctx, map);
        self.ctx.leave();
        result
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if !self.ctx.enter() {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(());
        }
        let result = self.expect.seq(self.ctx, seq);
        self.ctx.leave();
        result
    }
}

/// Any JSON value: a referenced type, an unannotated or undocumented member.
#[derive(Debug, Clone, Copy)]
pub struct Any;

impl Expect for Any {
    fn wanted(&self) -> &'static str {
        "any JSON value"
    }

    fn line(&self) -> Option<u32> {
        None
    }

    fn scalar(self, _: &mut Ctx, _: Scalar<'_>) {}

    fn map<'de, A: MapAccess<'de>>(self, ctx: &mut Ctx, map: A) -> Result<(), A::Error> {
        any_members(ctx, map)
    }

    fn seq<'de, A: SeqAccess<'de>>(self, ctx: &mut Ctx, seq: A) -> Result<(), A::Error> {
        any_elements(ctx, seq)
    }
}

/// The documented values of an enumerated string.
#[derive(Debug)]
pub struct Values {
    /// Whether a string is one of them (a `matches!` the generator writes).
    pub contains: fn(&str) -> bool,
    /// How to name them in a violation: `one of "ignore", "report", "stop"`.
    pub expected: &'static str,
}

/// A json-string, maybe one of some documented values.
#[derive(Debug, Clone, Copy)]
pub struct Str {
    line: u32,
    values: Option<&'static Values>,
}

impl Str {
    /// Any string, documented at `line`.
    pub const fn any(line: u32) -> Self {
        Str { line, values: None }
    }

    /// One of `values`, documented at `line`.
    pub const fn one_of(line: u32, values: &'static Values) -> Self {
        Str {
            line,
            values: Some(values),
        }
    }
}

impl Expect for Str {
    fn wanted(&self) -> &'static str {
        "json-string"
    }

    fn line(&self) -> Option<u32> {
        Some(self.line)
    }

    fn scalar(self, ctx: &mut Ctx, value: Scalar<'_>) {
        let Scalar::Str(text) = value else {
            let shown = format!("{} {}", value.kind(), value.render());
            return wrong_type(ctx, &self, value.kind(), &shown);
        };
        if let Some(values) = self.values
            && !(values.contains)(text)
        {
            let found = value.render();
            ctx.report(
                ViolationKind::UndocumentedValue,
                values.expected,
                found.clone(),
                format!("{found} is not a documented value ({})", values.expected),
                Some(self.line),
            );
        }
    }
}

/// `i64::MAX + 1` (2^63) as a float, exactly.
const I64_END: f64 = 9_223_372_036_854_775_808.0;

/// A json-int: an integer that fits in 64 signed bits, like QEMU's `int`.
#[derive(Debug, Clone, Copy)]
pub struct Int(pub u32);

/// What an `out-of-range` json-int is expected to be.
const INT_RANGE: &str = "an integer from -9223372036854775808 to 9223372036854775807";

impl Expect for Int {
    fn wanted(&self) -> &'static str {
        "json-int"
    }

    fn line(&self) -> Option<u32> {
        Some(self.0)
    }

    fn scalar(self, ctx: &mut Ctx, value: Scalar<'_>) {
        let too_large = match value {
            Scalar::Int(_) => false,
            Scalar::UInt(n) => n > i64::MAX as u64,
            // serde_json reads an integer beyond 64 bits as a float: still an integer, too large.
            // -2^63 itself is the rounding of a literal beyond it (serde_json reads i64::MIN as an
            // integer), so it counts as out of range too.
            Scalar::Float(n) => n.fract() == 0.0 && n.abs() >= I64_END,
            _ => false,
        };
        match value {
            _ if too_large => {
                let found = value.render();
                ctx.report(
                    ViolationKind::OutOfRange,
                    INT_RANGE,
                    found.clone(),
                    format!("{found} does not fit in a json-int (64-bit signed)"),
                    Some(self.0),
                );
            }
            Scalar::Int(_) | Scalar::UInt(_) => {}
            _ => {
                let shown = format!("{} {}", value.kind(), value.render());
                wrong_type(ctx, &self, value.kind(), &shown);
            }
        }
    }
}

/// A json-number: any number.
#[derive(Debug, Clone, Copy)]
pub struct Number(pub u32);

impl Expect for Number {
    fn wanted(&self) -> &'static str {
        "json-number"
    }

    fn line(&self) -> Option<u32> {
        Some(self.0)
    }

    fn scalar(self, ctx: &mut Ctx, value: Scalar<'_>) {
        if !matches!(value, Scalar::Int(_) | Scalar::UInt(_) | Scalar::Float(_)) {
            let shown = format!("{} {}", value.kind(), value.render());
            wrong_type(ctx, &self, value.kind(), &shown);
        }
    }
}

/// A json-bool.
#[derive(Debug, Clone, Copy)]
pub struct Bool(pub u32);

impl Expect for Bool {
    fn wanted(&self) -> &'static str {
        "json-bool"
    }

    fn line(&self) -> Option<u32> {
        Some(self.0)
    }

    fn scalar(self, ctx: &mut Ctx, value: Scalar<'_>) {
        if !matches!(value, Scalar::Bool(_)) {
            let shown = format!("{} {}", value.kind(), value.render());
            wrong_type(ctx, &self, value.kind(), &shown);
        }
    }
}

/// The members of one documented object, checked by generated code: a `match` over the member
/// names with the expectation of each, then the required members that did not come.
pub trait Members {
    /// Checks the members of an object (already opened).
    fn visit<'de, A: MapAccess<'de>>(ctx: &mut Ctx, map: A) -> Result<(), A::Error>;
}

/// A json-object whose members `M` checks.
pub struct Object<M> {
    line: u32,
    members: PhantomData<M>,
}

impl<M: Members> Object<M> {
    /// An object documented at `line`.
    pub const fn new(line: u32) -> Self {
        Object {
            line,
            members: PhantomData,
        }
    }
}

impl<M: Members> Expect for Object<M> {
    fn wanted(&self) -> &'static str {
        "json-object"
    }

    fn line(&self) -> Option<u32> {
        Some(self.line)
    }

    fn map<'de, A: MapAccess<'de>>(self, ctx: &mut Ctx, map: A) -> Result<(), A::Error> {
        M::visit(ctx, map)
    }
}

/// A json-object whose members the document does not describe.
#[derive(Debug, Clone, Copy)]
pub struct AnyObject(pub u32);

impl Expect for AnyObject {
    fn wanted(&self) -> &'static str {
        "json-object"
    }

    fn line(&self) -> Option<u32> {
        Some(self.0)
    }

    fn map<'de, A: MapAccess<'de>>(self, ctx: &mut Ctx, map: A) -> Result<(), A::Error> {
        any_members(ctx, map)
    }
}

/// The data of an event documented with `Data: None.` (at line `.0`): an object whose every
/// member is undocumented.
#[derive(Debug, Clone, Copy)]
pub struct NoData(pub u32);

impl Expect for NoData {
    fn wanted(&self) -> &'static str {
        "json-object"
    }

    fn line(&self) -> Option<u32> {
        Some(self.0)
    }

    fn map<'de, A: MapAccess<'de>>(self, ctx: &mut Ctx, mut map: A) -> Result<(), A::Error> {
        let mut names = KeySet::default();
        while map
            .next_key_seed(KeySeed::new(ctx, &[], |_| None))?
            .is_some()
        {
            names.undocumented(ctx, "no data (Data: None.)", Some(self.0));
            map.next_value_seed(Seed::new(ctx, Any))?;
            ctx.pop();
        }
        Ok(())
    }
}
