//! The JSON Schema (draft 2020-12) of the bundled spec, checked with the `jsonschema` crate: every
//! example of the document is valid against it (the library's value and what
//! `qmpgen generate --target json-schema` prints), and messages that break the document are not.

mod common;

use qmpgen::json_schema::json_schema;
use qmpgen::text::parse::parse_bytes;
use serde_json::{Value, json};

fn validator() -> (jsonschema::Validator, qmpgen::text::model::Spec) {
    let bytes = common::bundled_spec();
    let spec = parse_bytes(&bytes).spec;
    let schema = json_schema(&spec, "spec/qmp-events.txt");
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
    assert_eq!(schema, json_schema(&spec, "spec/qmp-events.txt"));
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
            Some(
                json!({ "type": "stream", "device": "d", "len": 18446744073709551615u64, "offset": 0, "speed": 0 }),
            ),
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
}

#[test]
fn the_schema_is_deterministic() {
    let bytes = common::bundled_spec();
    let first = serde_json::to_string_pretty(&json_schema(
        &parse_bytes(&bytes).spec,
        "spec/qmp-events.txt",
    ))
    .unwrap();
    let second = serde_json::to_string_pretty(&json_schema(
        &parse_bytes(&bytes).spec,
        "spec/qmp-events.txt",
    ))
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
    let schema = json_schema(&spec, "test.txt");
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
