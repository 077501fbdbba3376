//! The JSON Schema (draft 2020-12) of the bundled spec, checked with the `jsonschema` crate: every
//! example of the document is valid against it (the library's value and what
//! `qmpgen generate --target json-schema` prints), and messages that break the document are not.

mod common;

use qmpgen::json_schema::json_schema;
use qmpgen::text::lower::lower;
use qmpgen::text::parse::parse_bytes;
use serde_json::{Value, json};

fn validator() -> (jsonschema::Validator, qmpgen::text::model::Spec) {
    let bytes = common::bundled_spec();
    let spec = parse_bytes(&bytes).spec;
    let schema = json_schema(&lower(&spec, "spec/qmp-events.txt"));
    assert!(
        jsonschema::meta::is_valid(&schema),
        "the schema is itself a valid 2020-12 schema"
    );
    (
        jsonschema::draft202012::new(&schema).expect("compile the schema"),
        spec,
    )
}

#[test]
fn every_example_of_the_bundled_spec_is_valid() {
    let (validator, spec) = validator();
    assert_eq!(every_example_is_valid(&validator, &spec), 16);
}

#[test]
fn every_example_is_valid_against_the_cli_output() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_qmpgen"))
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .args(["generate", "spec/qmp-events.txt", "--target", "json-schema"])
        .output()
        .expect("run qmpgen");
    assert!(output.status.success(), "{output:?}");
    let schema: Value = serde_json::from_slice(&output.stdout).expect("the output is JSON");
    let spec = parse_bytes(&common::bundled_spec()).spec;
    assert_eq!(schema, json_schema(&lower(&spec, "spec/qmp-events.txt")));
    assert!(jsonschema::meta::is_valid(&schema));
    let validator = jsonschema::draft202012::new(&schema).expect("compile the printed schema");
    assert_eq!(every_example_is_valid(&validator, &spec), 16);
}

/// Asserts that every example of `spec` is valid; returns how many there are.
fn every_example_is_valid(
    validator: &jsonschema::Validator,
    spec: &qmpgen::text::model::Spec,
) -> usize {
    let mut checked = 0;
    for event in &spec.events {
        for example in &event.examples {
            let json = example.json().expect("the 2012 examples are valid JSON");
            // A shared heading's example names one of its events; judge it as that event.
            let errors: Vec<String> = validator
                .iter_errors(&json)
                .map(|error| error.to_string())
                .collect();
            assert!(
                errors.is_empty(),
                "{} example at line {}: {errors:?}",
                event.name,
                example.span.line
            );
            checked += 1;
        }
    }
    checked
}

fn message(event: &str, data: Option<Value>) -> Value {
    let mut message = json!({ "event": event, "timestamp": { "seconds": 1, "microseconds": 2 } });
    if let Some(data) = data {
        message["data"] = data;
    }
    message
}

#[test]
fn messages_that_break_the_document_are_invalid() {
    let (validator, _) = validator();
    let good = message(
        "BLOCK_IO_ERROR",
        Some(json!({ "device": "ide0", "operation": "read", "action": "stop" })),
    );
    assert!(validator.is_valid(&good));
    let broken = [
        message(
            "BLOCK_IO_ERROR",
            Some(json!({ "device": "ide0", "operation": "read" })),
        ),
        message(
            "BLOCK_IO_ERROR",
            Some(json!({ "device": 7, "operation": "read", "action": "stop" })),
        ),
        message(
            "BLOCK_IO_ERROR",
            Some(json!({ "device": "d", "operation": "erase", "action": "stop" })),
        ),
        message(
            "BLOCK_IO_ERROR",
            Some(json!({ "device": "d", "operation": "read", "action": "stop", "extra": 1 })),
        ),
        message("BLOCK_IO_ERROR", None),
        message("NOT_DOCUMENTED", None),
        message("STOP", Some(json!({ "reason": "x" }))),
        message(
            "BLOCK_JOB_COMPLETED",
            Some(json!({ "type": "stream", "device": "d", "len": 1.5, "offset": 0, "speed": 0 })),
        ),
        message(
            "VNC_CONNECTED",
            Some(
                json!({ "server": { "host": "h", "service": "1", "family": "ipv4" }, "client": { "host": "h", "service": "1", "family": "ipx" } }),
            ),
        ),
        json!({ "event": "STOP" }),
        json!({ "event": "STOP", "timestamp": { "seconds": "1", "microseconds": 2 } }),
    ];
    for message in &broken {
        assert!(!validator.is_valid(message), "should be invalid: {message}");
    }
    let optional_left_out = message(
        "VNC_CONNECTED",
        Some(
            json!({ "server": { "host": "h", "service": "1", "family": "ipv4" }, "client": { "host": "h", "service": "1", "family": "ipv6" } }),
        ),
    );
    assert!(validator.is_valid(&optional_left_out));
    // A json-int states no width: any integer QEMU sends, up to 2^64-1, is one.
    let widest = message(
        "BLOCK_JOB_COMPLETED",
        Some(
            json!({ "type": "stream", "device": "d", "len": 18446744073709551615u64, "offset": 0, "speed": 0 }),
        ),
    );
    assert!(validator.is_valid(&widest));
}

#[test]
fn the_schema_is_deterministic() {
    let bytes = common::bundled_spec();
    let first = serde_json::to_string_pretty(&json_schema(&lower(
        &parse_bytes(&bytes).spec,
        "spec/qmp-events.txt",
    )))
    .unwrap();
    let second = serde_json::to_string_pretty(&json_schema(&lower(
        &parse_bytes(&bytes).spec,
        "spec/qmp-events.txt",
    )))
    .unwrap();
    assert_eq!(first, second);
}

/// The three disagreements with `validate --strict` this schema had (issue 18), and the nesting
/// limit; the conformance crate's `json_schema_agreement` compares the two at large.
#[test]
fn it_agrees_with_the_strict_validators_where_it_did_not() {
    let (validator, _) = validator();
    // An event documented without data may still carry an empty object.
    assert!(validator.is_valid(&message("STOP", Some(json!({})))));
    assert!(!validator.is_valid(&message("STOP", Some(json!({ "x": 1 })))));
    assert!(!validator.is_valid(&message("STOP", Some(Value::Null))));
    // Microseconds are 0..=999999, or -1 with seconds -1 (the host's time could not be read).
    let stamped = |seconds: i64, microseconds: i64| json!({ "event": "STOP", "timestamp": { "seconds": seconds, "microseconds": microseconds } });
    for (seconds, microseconds, valid) in [
        (1, 0, true),
        (1, 999_999, true),
        (-1, -1, true),
        (1, 1_000_000, false),
        (1, -5, false),
        (1, -1, false),
        (-1, 5, true),
    ] {
        assert_eq!(
            validator.is_valid(&stamped(seconds, microseconds)),
            valid,
            "{seconds} s {microseconds} µs"
        );
    }
    // A message without a name is one error, not one per event.
    let nameless = json!({ "data": {}, "timestamp": { "seconds": 1, "microseconds": 2 } });
    let errors: Vec<String> = validator
        .iter_errors(&nameless)
        .map(|error| error.to_string())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
}

#[test]
fn objects_and_arrays_nest_at_most_max_depth_deep() {
    // Data described in prose only: any JSON, so only the nesting limit judges it.
    let spec = qmpgen::text::parse::parse("ALPHA\n-----\n\nSomething happened.\n").spec;
    let schema = json_schema(&lower(&spec, "test.txt"));
    let validator = jsonschema::draft202012::new(&schema).expect("compile the schema");
    let nested = |levels: u32| {
        let mut value = json!(1);
        for level in 0..levels {
            // Objects and arrays both count.
            value = if level % 2 == 0 {
                json!([value])
            } else {
                json!({ "x": value })
            };
        }
        value
    };
    let limit = qmpgen::json_schema::MAX_DEPTH;
    // The message is level 1 and its data level 2: data of `limit - 1` levels reaches the limit.
    assert!(validator.is_valid(&message("ALPHA", Some(nested(limit - 1)))));
    assert!(!validator.is_valid(&message("ALPHA", Some(nested(limit)))));
    assert!(validator.is_valid(&message("ALPHA", Some(json!("no container")))));
}

/// A model built in Rust with every kind the model has (the QAPI and introspection front ends
/// will give them): built-ins with their ranges, enums, arrays, objects with a base, a flat
/// union, an alternate, unknown types, and a type that contains itself.
fn crafted() -> qmpgen::model::Schema {
    use qmpgen::model::{
        Alternative, Builtin, Doc, EnumType, EnumValue, Event, Format, Member, NamedType,
        ObjectType, Schema, Source, Span, Text, TypeKind, TypeRef, UnionType, Unknown, Variant,
    };
    let member = |name: &str, ty: TypeRef, optional: bool| Member {
        name: name.to_owned(),
        span: Span::new(1, 1),
        ty,
        optional,
        doc: Some(Text {
            span: Span::new(1, 1),
            text: format!("the {name}"),
        }),
        since: None,
        features: Vec::new(),
        condition: None,
    };
    let named = |name: &str, kind: TypeKind| NamedType {
        name: name.to_owned(),
        span: Span::new(1, 1),
        kind,
        doc: Doc::default(),
        since: None,
        features: Vec::new(),
        condition: None,
        implicit: false,
    };
    let object = |name: &str, base: Option<&str>, members: Vec<Member>| {
        named(
            name,
            TypeKind::Object(ObjectType {
                base: base.map(str::to_owned),
                members,
            }),
        )
    };
    let builtin = TypeRef::Builtin;
    let reference = |name: &str| TypeRef::Named(name.to_owned());
    let value = |name: &str| EnumValue {
        name: name.to_owned(),
        span: Span::new(1, 1),
        doc: None,
        since: None,
        features: Vec::new(),
        condition: None,
    };
    let mut every_builtin: Vec<Member> = Builtin::ALL
        .into_iter()
        .map(|each| member(each.name(), builtin(each), true))
        .collect();
    every_builtin.push(member(
        "list",
        TypeRef::Array(Box::new(builtin(Builtin::Str))),
        true,
    ));
    every_builtin.push(member("kind", reference("Kind"), true));
    every_builtin.push(member("either", reference("StrOrInt"), true));
    every_builtin.push(member("tree", reference("Tree"), true));
    every_builtin.push(member("blob", TypeRef::Unknown(Unknown::Members), true));
    every_builtin.push(member(
        "info",
        TypeRef::Unknown(Unknown::Elsewhere {
            name: "ACPIOSTInfo".to_owned(),
        }),
        true,
    ));
    let types = [
        object(
            "Base",
            None,
            vec![member("id", builtin(Builtin::Str), false)],
        ),
        object("Everything", Some("Base"), every_builtin),
        named(
            "Kind",
            TypeKind::Enum(EnumType {
                values: vec![value("file"), value("socket"), value("none")],
            }),
        ),
        object(
            "UnionBase",
            None,
            vec![
                member("kind", reference("Kind"), false),
                member("name", builtin(Builtin::Str), true),
            ],
        ),
        object(
            "FileVariant",
            None,
            vec![member("path", builtin(Builtin::Str), false)],
        ),
        object(
            "SocketVariant",
            None,
            vec![member("port", builtin(Builtin::Uint16), false)],
        ),
        named(
            "Channel",
            TypeKind::Union(UnionType {
                base: "UnionBase".to_owned(),
                discriminator: "kind".to_owned(),
                variants: ["file", "socket"]
                    .into_iter()
                    .map(|value| Variant {
                        value: value.to_owned(),
                        ty: if value == "file" {
                            "FileVariant"
                        } else {
                            "SocketVariant"
                        }
                        .to_owned(),
                        span: Span::new(1, 1),
                        condition: None,
                    })
                    .collect(),
            }),
        ),
        named(
            "StrOrInt",
            TypeKind::Alternate(
                [builtin(Builtin::Str), builtin(Builtin::Int8)]
                    .into_iter()
                    .map(|ty| Alternative {
                        ty,
                        span: Span::new(1, 1),
                        condition: None,
                    })
                    .collect(),
            ),
        ),
        object(
            "Tree",
            None,
            vec![
                member("leaf", builtin(Builtin::Int), false),
                member(
                    "children",
                    TypeRef::Array(Box::new(reference("Tree"))),
                    true,
                ),
            ],
        ),
    ];
    let event = |name: &str, data: Option<TypeRef>| Event {
        name: name.to_owned(),
        span: Span::new(1, 1),
        data,
        data_span: None,
        doc: Doc::default(),
        since: None,
        features: Vec::new(),
        condition: None,
    };
    Schema {
        source: Source {
            format: Format::Qapi,
            files: vec!["qapi/a.json".to_owned(), "qapi/b.json".to_owned()],
            title: None,
            qemu: None,
        },
        events: vec![
            event("EVERYTHING", Some(reference("Everything"))),
            event("CHANNEL", Some(reference("Channel"))),
            event(
                "PROSE",
                Some(TypeRef::Unknown(Unknown::Prose {
                    text: "keys as query-vnc".to_owned(),
                })),
            ),
            event("NOTHING", None),
        ],
        types: types.into_iter().map(|ty| (ty.name.clone(), ty)).collect(),
    }
}

#[test]
fn every_kind_of_the_model_is_written() {
    let schema = json_schema(&crafted());
    assert!(jsonschema::meta::is_valid(&schema));
    assert_eq!(
        schema["description"],
        json!(
            "Every QMP event message documented in qapi/a.json, qapi/b.json: generated by qmpgen."
        )
    );
    let validator = jsonschema::draft202012::new(&schema).expect("compile the schema");
    let valid = |event: &str, data: Value| validator.is_valid(&message(event, Some(data)));
    // Objects: the base's members first and required; nothing else allowed.
    assert!(valid("EVERYTHING", json!({ "id": "a" })));
    assert!(!valid("EVERYTHING", json!({})));
    assert!(!valid("EVERYTHING", json!({ "id": "a", "extra": 1 })));
    assert!(!validator.is_valid(&message("EVERYTHING", None)));
    // Built-ins, integers within their ranges.
    for (member, good, bad) in [
        ("str", json!("s"), json!(1)),
        ("int", json!(i64::MIN), json!(1.5)),
        ("int8", json!(-128), json!(128)),
        ("int16", json!(32767), json!(-32769)),
        ("int32", json!(i32::MIN), json!(i64::from(i32::MAX) + 1)),
        ("int64", json!(i64::MAX), json!("1")),
        ("uint8", json!(255), json!(-1)),
        ("uint16", json!(65535), json!(65536)),
        ("uint32", json!(u32::MAX), json!(u64::from(u32::MAX) + 1)),
        ("uint64", json!(u64::MAX), json!(-1)),
        ("size", json!(u64::MAX), json!(-1)),
        // An integer whose width the schema does not state: -2^63 to 2^64-1.
        ("any-int", json!(u64::MAX), json!(1.5)),
        ("any-int", json!(i64::MIN), json!(u64::MAX as f64 * 2.0)),
        ("number", json!(1.5), json!("1.5")),
        ("bool", json!(true), json!("true")),
        ("null", json!(null), json!(0)),
        ("list", json!(["a", "b"]), json!(["a", 1])),
        ("kind", json!("socket"), json!("pipe")),
        ("either", json!("s"), json!(true)),
        ("either", json!(-128), json!(200)),
        (
            "tree",
            json!({ "leaf": 1, "children": [{ "leaf": 2, "children": [] }] }),
            json!({ "leaf": 1, "children": [{ "children": [] }] }),
        ),
        ("blob", json!({ "anything": [1] }), json!([1])),
    ] {
        assert!(
            valid("EVERYTHING", json!({ "id": "a", member: good })),
            "{member}: {good}"
        );
        assert!(
            !valid("EVERYTHING", json!({ "id": "a", member: bad })),
            "{member}: {bad}"
        );
    }
    // `any` and a type documented elsewhere accept any value, and say why.
    assert!(valid(
        "EVERYTHING",
        json!({ "id": "a", "any": [{}], "info": 1 })
    ));
    let everything = &schema["$defs"]["EVERYTHING"]["properties"];
    assert_eq!(
        everything["info"]["description"],
        json!("the info\n\n`ACPIOSTInfo` is documented elsewhere: any JSON value.")
    );
    assert_eq!(everything["uint64"]["maximum"], json!(u64::MAX));
    assert_eq!(
        (
            &everything["any-int"]["minimum"],
            &everything["any-int"]["maximum"]
        ),
        (&json!(i64::MIN), &json!(u64::MAX))
    );
    // A type that contains itself is defined once and referred to.
    assert!(schema["$defs"]["type:Tree"].is_object());
    // A flat union: the discriminator selects the variant's members.
    assert!(valid("CHANNEL", json!({ "kind": "file", "path": "/p" })));
    assert!(valid(
        "CHANNEL",
        json!({ "kind": "socket", "port": 80, "name": "n" })
    ));
    assert!(valid("CHANNEL", json!({ "kind": "none" })));
    assert!(!valid("CHANNEL", json!({ "kind": "file", "port": 80 })));
    assert!(!valid(
        "CHANNEL",
        json!({ "kind": "socket", "path": "/p", "port": 80 })
    ));
    assert!(!valid("CHANNEL", json!({ "kind": "none", "path": "/p" })));
    assert!(!valid("CHANNEL", json!({ "kind": "pipe" })));
    assert!(!valid("CHANNEL", json!({ "path": "/p" })));
    // Unknown data: any value, with the reason.
    assert!(valid("PROSE", json!([1, "two"])));
    assert_eq!(
        schema["$defs"]["PROSE"]["description"],
        json!("\n\nThe data is described in prose only (keys as query-vnc): any JSON value.")
    );
    // No data: none or an empty object.
    assert!(validator.is_valid(&message("NOTHING", None)));
    assert!(valid("NOTHING", json!({})));
    assert!(!valid("NOTHING", json!({ "x": 1 })));
}
