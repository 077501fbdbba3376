//! `qmpgen diff` on integer types: they are compared by the integers they hold. A range that
//! holds values the old one does not is breaking (`range-changed`, events flow from QEMU to the
//! client), a narrower one is not; an integer whose width the description does not state (a
//! QEMU's introspection reports every width as `int`) is no change against any integer. Union
//! branches are compared member by member, matched by the discriminator's value.

mod common;

use qmpgen::diff::{Change, ChangeKind, Options, diff};
use qmpgen::document::Document;
use qmpgen::model::Schema;
use serde_json::json;

/// A QAPI schema of one event `E` whose data has the member `a` of type `ty`.
fn qapi(ty: &str) -> Schema {
    qapi_schema(&format!("{{ 'event': 'E', 'data': {{ 'a': {ty} }} }}\n"))
}

fn qapi_schema(text: &str) -> Schema {
    let document = Document::from_bytes("schema.json", text.as_bytes().to_vec());
    assert!(!document.has_errors(), "{:?}", document.findings());
    document.schema()
}

/// A QEMU's introspection of one event `E` whose data has the member `a` of the built-in type
/// `ty` (an introspection's `int`, `number`, `str`…).
fn introspection(ty: &str) -> Schema {
    introspection_of(
        ty,
        json!({"name": ty, "meta-type": "builtin", "json-type": "int"}),
    )
}

/// A QEMU's introspection of one event `E` whose data has the member `a` of type `ty`, which
/// `entry` defines.
fn introspection_of(ty: &str, entry: serde_json::Value) -> Schema {
    let text = json!([
        {"name": "E", "meta-type": "event", "arg-type": "1"},
        {"name": "1", "meta-type": "object", "members": [{"name": "a", "type": ty}]},
        entry,
    ])
    .to_string();
    let document = Document::from_bytes("qemu.json", text.into_bytes());
    assert!(!document.has_errors(), "{:?}", document.findings());
    document.schema()
}

fn changes(old: &Schema, new: &Schema) -> Vec<Change> {
    diff(old, new, Options::default())
}

/// The kind and verdict of the one change from `old` to `new`.
fn verdict(old: &Schema, new: &Schema) -> (String, bool) {
    let change = only(old, new);
    (
        change["kind"].as_str().unwrap().to_owned(),
        change["breaking"].as_bool().unwrap(),
    )
}

/// The one change from `old` to `new`, as its JSON contract has it.
fn only(old: &Schema, new: &Schema) -> serde_json::Value {
    let changes = changes(old, new);
    assert_eq!(changes.len(), 1, "{changes:#?}");
    serde_json::to_value(&changes[0]).unwrap()
}

#[test]
fn a_wider_range_breaks() {
    assert_eq!(
        only(&qapi("'int8'"), &qapi("'int16'")),
        json!({
            "kind": "range-changed",
            "event": "E",
            "field": "a",
            "breaking": true,
            "reason": "the integer range now holds values the old one does not; clients decoding with the old width reject them",
            "old": "int8",
            "new": "int16",
            "old_line": 1,
            "new_line": 1,
        })
    );
}

#[test]
fn a_narrower_range_does_not_break() {
    assert_eq!(
        only(&qapi("'int16'"), &qapi("'int8'")),
        json!({
            "kind": "range-changed",
            "event": "E",
            "field": "a",
            "breaking": false,
            "reason": "the integer range is within the old one; every value still decodes with the old width",
            "old": "int16",
            "new": "int8",
            "old_line": 1,
            "new_line": 1,
        })
    );
    assert_eq!(
        verdict(&qapi("'size'"), &qapi("'uint32'")),
        ("range-changed".to_owned(), false)
    );
}

#[test]
fn a_shifted_range_breaks() {
    // int8 → uint8: 128…255 are new (and -128…-1 gone); a client with an i8 rejects 200.
    for (old, new) in [
        ("'int8'", "'uint8'"),
        ("'uint64'", "'int64'"),
        ("'int'", "'uint64'"),
    ] {
        assert_eq!(
            verdict(&qapi(old), &qapi(new)),
            ("range-changed".to_owned(), true),
            "{old} → {new}"
        );
    }
}

#[test]
fn integers_of_one_range_are_no_change() {
    for (old, new) in [("'int'", "'int64'"), ("'uint64'", "'size'")] {
        assert_eq!(changes(&qapi(old), &qapi(new)), [], "{old} → {new}");
        assert_eq!(changes(&qapi(new), &qapi(old)), [], "{new} → {old}");
    }
}

#[test]
fn an_unstated_width_is_no_change_either_way() {
    let unstated = introspection("int");
    for ty in ["'int8'", "'int'", "'uint64'", "'size'"] {
        assert_eq!(changes(&qapi(ty), &unstated), [], "{ty} → introspection");
        assert_eq!(changes(&unstated, &qapi(ty)), [], "introspection → {ty}");
    }
    assert_eq!(changes(&unstated, &introspection("int")), []);
    // …and so inside arrays.
    assert_eq!(changes(&qapi("['uint64']"), &introspection_array()), []);
}

/// An introspection whose `E` has `a`, an array of `int` (QEMU may leave the built-ins out).
fn introspection_array() -> Schema {
    introspection_of(
        "[int]",
        json!({"name": "[int]", "meta-type": "array", "element-type": "int"}),
    )
}

#[test]
fn an_integer_against_a_non_number_is_still_a_type_change() {
    for (old, new) in [
        (introspection("int"), qapi("'str'")),
        (qapi("'bool'"), qapi("'int8'")),
    ] {
        assert_eq!(verdict(&old, &new), ("type-changed".to_owned(), true));
    }
}

#[test]
fn a_number_that_became_an_integer_does_not_break() {
    for (old, new) in [
        (qapi("'number'"), qapi("'int'")),
        (qapi("'number'"), qapi("'int8'")),
        (introspection("number"), introspection("int")),
        (qapi("['number']"), qapi("['uint64']")),
    ] {
        let change = only(&old, &new);
        assert_eq!(
            (&change["kind"], &change["breaking"], &change["reason"]),
            (
                &json!("type-changed"),
                &json!(false),
                &json!("a number became an integer; clients decoding numbers accept every integer")
            ),
            "{change}"
        );
    }
}

#[test]
fn an_integer_that_became_a_number_breaks() {
    for (old, new) in [
        (qapi("'int'"), qapi("'number'")),
        (qapi("'uint8'"), qapi("'number'")),
        (introspection("int"), introspection("number")),
        (qapi("['int']"), qapi("['number']")),
    ] {
        let change = only(&old, &new);
        assert_eq!(
            (&change["kind"], &change["breaking"], &change["reason"]),
            (
                &json!("type-changed"),
                &json!(true),
                &json!("an integer became any number; clients decoding integers reject fractions")
            ),
            "{change}"
        );
    }
}

#[test]
fn ranges_inside_arrays_and_alternates_are_compared_too() {
    let widened = only(&qapi("['int8']"), &qapi("['int32']"));
    assert_eq!(
        (&widened["kind"], &widened["breaking"], &widened["old"]),
        (&json!("range-changed"), &json!(true), &json!("[int8]"))
    );
    let alternate = |ty: &str| {
        qapi_schema(&format!(
            "{{ 'alternate': 'Choice', 'data': {{ 'n': '{ty}', 'none': 'null' }} }}\n\
             {{ 'event': 'E', 'data': {{ 'a': 'Choice' }} }}\n"
        ))
    };
    assert_eq!(
        verdict(&alternate("int64"), &alternate("uint8")),
        ("range-changed".to_owned(), false)
    );
    assert_eq!(
        verdict(&alternate("uint8"), &alternate("int64")),
        ("range-changed".to_owned(), true)
    );
}

/// A union with the branch `hyper-v` (members `arg1` of type `ty`, and `arg2`) and `s390`.
fn union(ty: &str, extra: &str) -> Schema {
    qapi_schema(&format!(
        "{{ 'enum': 'Kind', 'data': [ 'hyper-v', 's390' ] }}\n\
         {{ 'struct': 'HyperV', 'data': {{ 'arg1': '{ty}', 'arg2': 'str' }} }}\n\
         {{ 'struct': 'S390', 'data': {{ 'core': 'uint32' {extra} }} }}\n\
         {{ 'union': 'Info', 'base': {{ 'type': 'Kind' }}, 'discriminator': 'type',\n\
           'data': {{ 'hyper-v': 'HyperV', 's390': 'S390' }} }}\n\
         {{ 'event': 'E', 'data': {{ '*info': 'Info' }} }}\n"
    ))
}

#[test]
fn union_branches_are_compared_member_by_member() {
    let changes = changes(&union("uint8", ""), &union("uint64", ", 'psw': 'uint64'"));
    assert_eq!(
        common::kinds(&changes),
        [
            (ChangeKind::RangeChanged, Some("info[hyper-v].arg1"), true),
            (ChangeKind::FieldAdded, Some("info[s390].psw"), false),
        ]
    );
    assert_eq!(changes[0].old_str(), Some("uint8"));
    assert_eq!(changes[0].new_str(), Some("uint64"));
}

/// A text document of one event `E` whose data has the member `a`, a json-int.
fn text_json_int() -> Schema {
    let text = "E\n-\n\nData:\n\n- \"a\": a (json-int)\n";
    let document = Document::from_bytes("events.txt", text.as_bytes().to_vec());
    assert!(!document.has_errors(), "{:?}", document.findings());
    document.schema()
}

#[test]
fn the_texts_json_int_states_no_width() {
    for ty in ["'int'", "'uint64'", "'size'", "'int8'", "'uint32'"] {
        assert_eq!(changes(&text_json_int(), &qapi(ty)), [], "json-int → {ty}");
        assert_eq!(changes(&qapi(ty), &text_json_int()), [], "{ty} → json-int");
    }
    // Against another type it is spelled as the text spells it.
    let change = only(&text_json_int(), &qapi("'number'"));
    assert_eq!(
        (&change["old"], &change["new"]),
        (&json!("json-int"), &json!("number"))
    );
}
