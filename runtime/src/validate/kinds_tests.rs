//! The value kinds the model has beyond the text document's (sized integers, null, arrays,
//! flat unions, alternates) on one schema, as `static` tables and as the same tables built at
//! run time: each violation's kind and pointer, and both tables giving the same reports.

use super::schema::*;
use super::validate_str;
use crate::report::{Mode, Report, ViolationKind};

static EVENTS: [Event; 1] = [Event::new("E", Data::Object(0))];
static VALUES: [Value; 1] = [Value::Ranged(Ranged::Uint8)];
static DATA: [Member; 8] = [
    Member::required("u8", 2, Value::Ranged(Ranged::Uint8)),
    Member::optional("i8", 3, Value::Ranged(Ranged::Int8)),
    Member::optional("u64", 4, Value::Ranged(Ranged::Uint64)),
    Member::optional("n", 5, Value::Null),
    Member::optional("list", 6, Value::Array(0)),
    Member::optional("u", 7, Value::Union(0)),
    Member::optional("alt", 8, Value::Alternate(0)),
    Member::optional("any-int", 15, Value::Ranged(Ranged::AnyInt)),
];
static BASE: [Member; 2] = [
    Member::required("kind", 10, one_of(&["a", "b"])),
    Member::optional("common", 11, Value::String),
];
static BASE_A: [Member; 3] = [
    Member::required("kind", 10, one_of(&["a", "b"])),
    Member::optional("common", 11, Value::String),
    Member::required("a-only", 12, Value::Int),
];
static X: [Member; 1] = [Member::required("x", 14, Value::Int)];
static OBJECTS: [Object; 4] = [
    Object::new(1, &DATA),
    Object::new(9, &BASE),
    Object::new(9, &BASE_A),
    Object::new(13, &X),
];
static VARIANTS: [Variant; 1] = [Variant::new("a", 2)];
static UNIONS: [Union; 1] = [Union::new(1, "kind", &VARIANTS)];
static CHOICES: [Value; 2] = [Value::String, Value::Object(3)];
static ALTERNATES: [Alternate; 1] = [Alternate::new(&CHOICES)];
static SCHEMA: Schema = Schema::new(&EVENTS, &OBJECTS, &VALUES, &UNIONS, &ALTERNATES);

/// The same tables, built at run time.
fn owned() -> Schema {
    let members = |members: &[Member]| members.to_vec();
    let owned_member = |member: &Member| {
        Member::owned(
            member.name.to_string(),
            member.line,
            member.required,
            match &member.value {
                Value::OneOf(words) => {
                    Value::OneOf(Words::Owned(words.iter().map(Into::into).collect()))
                }
                other => other.clone(),
            },
        )
    };
    Schema::owned(
        vec![Event::owned("E".into(), Data::Object(0))],
        OBJECTS
            .iter()
            .map(|object| {
                Object::owned(
                    object.line,
                    members(&object.members).iter().map(owned_member).collect(),
                )
            })
            .collect(),
        VALUES.to_vec(),
        vec![Union::owned(
            1,
            "kind".into(),
            vec![Variant::owned("a".into(), 2)],
        )],
        vec![Alternate::owned(CHOICES.to_vec())],
    )
}

/// The message of event `E` with `data`, judged by both tables (which must agree).
fn judged(data: &str) -> Report {
    let text = format!(
        r#"{{"event": "E", "data": {data}, "timestamp": {{"seconds": 1, "microseconds": 2}}}}"#
    );
    let report = validate_str(&SCHEMA, &text, Mode::Strict);
    assert_eq!(
        report,
        validate_str(&owned(), &text, Mode::Strict),
        "{text}"
    );
    for violation in &report.violations {
        assert!(violation.offset < text.len(), "{violation:?}");
    }
    report
}

/// The (pointer, kind, expected) of each violation of `data`.
fn found(data: &str) -> Vec<(String, ViolationKind, String)> {
    judged(data)
        .violations
        .into_iter()
        .map(|violation| {
            (
                violation.path,
                violation.kind,
                violation.expected.into_owned(),
            )
        })
        .collect()
}

fn one(path: &str, kind: ViolationKind, expected: &str) -> Vec<(String, ViolationKind, String)> {
    vec![(path.to_owned(), kind, expected.to_owned())]
}

#[test]
fn a_message_of_every_kind_is_clean() {
    let data = r#"{"u8": 255, "i8": -128, "u64": 18446744073709551615, "n": null, "list": [0, 1],
        "u": {"a-only": 1, "kind": "a"}, "alt": {"x": 1}}"#;
    assert_eq!(found(data), []);
    assert_eq!(found(r#"{"u8": 0, "u": {"kind": "b"}, "alt": "s"}"#), []);
}

#[test]
fn sized_integers_are_out_of_range_outside_their_type() {
    use ViolationKind::{OutOfRange, WrongType};
    let u8_range = "an integer from 0 to 255";
    assert_eq!(
        found(r#"{"u8": 256}"#),
        one("/data/u8", OutOfRange, u8_range)
    );
    assert_eq!(
        found(r#"{"u8": -1}"#),
        one("/data/u8", OutOfRange, u8_range)
    );
    assert_eq!(
        found(r#"{"u8": 1.5}"#),
        one("/data/u8", WrongType, "json-int")
    );
    assert_eq!(
        found(r#"{"u8": "1"}"#),
        one("/data/u8", WrongType, "json-int")
    );
    assert_eq!(
        found(r#"{"u8": 1, "i8": -129}"#),
        one("/data/i8", OutOfRange, "an integer from -128 to 127")
    );
    assert_eq!(
        found(r#"{"u8": 1, "u64": 18446744073709551616}"#),
        one(
            "/data/u64",
            OutOfRange,
            "an integer from 0 to 18446744073709551615"
        )
    );
    let report = judged(r#"{"u8": 300}"#);
    assert_eq!(report.violations[0].message, "300 does not fit in a uint8");
}

/// An integer whose width the schema does not state (a QEMU's introspection): from -2^63 to
/// 2^64-1, nothing beyond.
#[test]
fn an_integer_of_unstated_width_takes_every_64_bit_value() {
    for value in ["-9223372036854775808", "-1", "0", "18446744073709551615"] {
        assert_eq!(
            found(&format!(r#"{{"u8": 0, "any-int": {value}}}"#)),
            [],
            "{value}"
        );
    }
    let range = "an integer from -9223372036854775808 to 18446744073709551615";
    for value in ["18446744073709551616", "-9223372036854775809", "1e30"] {
        assert_eq!(
            found(&format!(r#"{{"u8": 0, "any-int": {value}}}"#)),
            one("/data/any-int", ViolationKind::OutOfRange, range),
            "{value}"
        );
    }
    assert_eq!(
        found(r#"{"u8": 0, "any-int": 1.5}"#),
        one("/data/any-int", ViolationKind::WrongType, "json-int")
    );
}

#[test]
fn null_is_its_own_type() {
    assert_eq!(
        found(r#"{"u8": 1, "n": 0}"#),
        one("/data/n", ViolationKind::WrongType, "null")
    );
}

#[test]
fn every_element_of_an_array_is_checked_at_its_index() {
    assert_eq!(
        found(r#"{"u8": 1, "list": [1, 2, 3, 300]}"#),
        one(
            "/data/list/3",
            ViolationKind::OutOfRange,
            "an integer from 0 to 255"
        )
    );
    assert_eq!(
        found(r#"{"u8": 1, "list": 5}"#),
        one("/data/list", ViolationKind::WrongType, "json-array")
    );
}

#[test]
fn a_union_checks_the_members_its_discriminator_selects() {
    use ViolationKind::{MissingField, UndocumentedField, UndocumentedValue};
    assert_eq!(
        found(r#"{"u8": 1, "u": {"kind": "a"}}"#),
        one("/data/u/a-only", MissingField, "json-int")
    );
    assert_eq!(
        found(r#"{"u8": 1, "u": {"kind": "c"}}"#),
        one("/data/u/kind", UndocumentedValue, r#"one of "a", "b""#)
    );
    assert_eq!(
        found(r#"{"u8": 1, "u": {}}"#),
        one("/data/u/kind", MissingField, "json-string")
    );
    let b_only = found(r#"{"u8": 1, "u": {"kind": "b", "a-only": 1}}"#);
    assert_eq!(b_only.len(), 1);
    assert_eq!(b_only[0].0, "/data/u/a-only");
    assert_eq!(b_only[0].1, UndocumentedField);
}

#[test]
fn an_alternate_takes_the_alternative_of_the_value_s_json_type() {
    use ViolationKind::{MissingField, UndocumentedField, WrongType};
    let wanted = "json-string or json-object";
    assert_eq!(
        found(r#"{"u8": 1, "alt": 5}"#),
        one("/data/alt", WrongType, wanted)
    );
    assert_eq!(
        found(r#"{"u8": 1, "alt": [1]}"#),
        one("/data/alt", WrongType, wanted)
    );
    let kinds: Vec<_> = found(r#"{"u8": 1, "alt": {"y": 1}}"#)
        .into_iter()
        .map(|(path, kind, _)| (path, kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("/data/alt/y".to_owned(), UndocumentedField),
            ("/data/alt/x".to_owned(), MissingField)
        ]
    );
}

#[test]
fn violations_point_at_the_value_or_key_in_the_text() {
    let text = r#"{"event": "E", "data": {"u8": 256, "zz": 1}, "timestamp": {"seconds": 1, "microseconds": 2}}"#;
    let report = validate_str(&owned(), text, Mode::Strict);
    let offsets: Vec<usize> = report.violations.iter().map(|v| v.offset).collect();
    assert_eq!(
        offsets,
        [text.find("256").unwrap(), text.find(r#""zz""#).unwrap()]
    );
    let missing = validate_str(&owned(), r#"{"event": "E", "data": {}}"#, Mode::Strict);
    // The object lacking `u8`, and the message lacking its timestamp.
    let offsets: Vec<usize> = missing.violations.iter().map(|v| v.offset).collect();
    assert_eq!(offsets, [23, 0]);
}
