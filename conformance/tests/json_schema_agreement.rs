//! The JSON Schema (`qmpgen generate --target json-schema`) accepts exactly the messages the
//! generated validators accept in strict mode (`validate --strict`), for every version of the
//! document: a differential test over every example of every version, the recorded QEMU session,
//! crafted edge cases and generated mutations of the examples.
//!
//! Messages are `serde_json::Value`s (what a JSON Schema judges), given to the validators as their
//! text. So repeated keys and numbers beyond `f64`, which a value cannot hold, are not compared
//! (the validators' own tests cover them). One difference is documented, not compared: JSON
//! Schema's numbers are mathematical values, so an integral float (`2.0`, `1e3`, `-0.0`) is an
//! `integer` to it, where the validators, reading numbers as serde_json does, find a json-number
//! where a json-int belongs; `integral_floats_are_the_documented_exception` pins that down.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use qmp_events::Mode;
use qmp_events_conformance::{VERSIONS, Version};
use qmpgen::text::model::{Field, Spec};
use serde_json::{Value, json};

/// One version of the document: its validators, its JSON Schema (compiled once), the messages
/// its examples hold and the words its messages are made of.
struct Judged {
    name: String,
    validate: fn(&str, Mode) -> qmp_events::Report,
    schema: jsonschema::Validator,
    examples: Vec<Value>,
    /// Event names, member names and documented values: what mutations draw from.
    words: Vec<String>,
}

impl Judged {
    fn new(name: String, document: &[u8], validate: fn(&str, Mode) -> qmp_events::Report) -> Self {
        let spec = qmpgen::text::parse::parse_bytes(document).spec;
        let schema = qmpgen::json_schema::json_schema(&qmpgen::text::lower::lower(&spec, &name));
        let schema = jsonschema::draft202012::new(&schema)
            .unwrap_or_else(|error| panic!("{name}: the schema does not compile: {error}"));
        let examples = spec
            .events
            .iter()
            .flat_map(|event| &event.examples)
            .filter_map(|example| example.json())
            .collect();
        Judged {
            name,
            validate,
            schema,
            examples,
            words: words(&spec),
        }
    }

    /// Whether the schema and the validators give `message` one verdict; `None` for a message
    /// holding an integral float (the documented exception).
    fn agree(&self, message: &Value) -> Option<Result<bool, String>> {
        if holds_integral_float(message) {
            return None;
        }
        let text = serde_json::to_string(message).expect("a value is JSON");
        let report = (self.validate)(&text, Mode::Strict);
        let by_schema = self.schema.is_valid(message);
        if report.is_valid() == by_schema {
            return Some(Ok(by_schema));
        }
        let errors: Vec<String> = self
            .schema
            .iter_errors(message)
            .map(|error| format!("{} at {}", error, error.instance_path()))
            .collect();
        Some(Err(format!(
            "{}: the validators say {}, the schema says {}\nmessage: {text}\nvalidators: {:?}\nschema: {errors:?}",
            self.name,
            if report.is_valid() {
                "valid"
            } else {
                "invalid"
            },
            if by_schema { "valid" } else { "invalid" },
            report.violations
        )))
    }

    /// Asserts agreement on `message`; returns whether it was compared and found valid, so that
    /// callers can count.
    fn assert_agree(&self, message: &Value) -> Option<bool> {
        self.agree(message)
            .map(|verdict| verdict.unwrap_or_else(|disagreement| panic!("{disagreement}")))
    }
}

fn history() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/qmp-events-history")
}

/// Every history version, and the bundled document with the `qmp-events` crate's validators.
fn judged() -> &'static [Judged] {
    static JUDGED: OnceLock<Vec<Judged>> = OnceLock::new();
    JUDGED.get_or_init(|| {
        let mut judged: Vec<Judged> = VERSIONS
            .iter()
            .map(|version: &Version| {
                let bytes = std::fs::read(history().join(version.file)).expect("the build read it");
                Judged::new(version.file.to_owned(), &bytes, version.validate)
            })
            .collect();
        let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/qmp-events.txt");
        let bytes = std::fs::read(bundled).expect("the bundled document");
        judged.push(Judged::new(
            "spec/qmp-events.txt".to_owned(),
            &bytes,
            qmp_events::validate,
        ));
        judged
    })
}

/// The names and documented values of `spec`, with the envelope's and the timestamp's names.
fn words(spec: &Spec) -> Vec<String> {
    fn collect(fields: &[Field], words: &mut Vec<String>) {
        for field in fields {
            words.push(field.name.clone());
            words.extend(field.values.iter().map(|value| value.name.clone()));
            collect(&field.fields, words);
        }
    }
    let mut words: Vec<String> = ["event", "data", "timestamp", "seconds", "microseconds", "x"]
        .map(String::from)
        .into();
    for event in &spec.events {
        words.push(event.name.clone());
        collect(&event.fields, &mut words);
    }
    words.sort();
    words.dedup();
    words
}

/// Whether `value` holds a number that serde_json keeps as a float and that is integral.
fn holds_integral_float(value: &Value) -> bool {
    match value {
        Value::Number(number) => {
            !number.is_i64()
                && !number.is_u64()
                && number.as_f64().is_some_and(|n| n.fract() == 0.0)
        }
        Value::Array(elements) => elements.iter().any(holds_integral_float),
        Value::Object(members) => members.values().any(holds_integral_float),
        _ => false,
    }
}

fn stamped(mut message: Value) -> Value {
    message["timestamp"] = json!({ "seconds": 1_700_000_000, "microseconds": 5 });
    message
}

/// Nested arrays `levels` deep around `1`.
fn nested(levels: u32) -> Value {
    (0..levels).fold(json!(1), |value, _| json!([value]))
}

/// A BLOCK_JOB_COMPLETED message whose json-int `len` is `len`.
fn block_job_completed(len: Value) -> Value {
    stamped(json!({
        "event": "BLOCK_JOB_COMPLETED",
        "data": { "type": "stream", "device": "d", "len": len, "offset": 0, "speed": 0 },
    }))
}

/// Messages made to sit on the rules' edges, judged by every version (an event a version lacks
/// is then unknown to both sides).
fn crafted() -> Vec<Value> {
    let good_timestamp = json!({ "seconds": 1, "microseconds": 2 });
    let mut messages = vec![
        // The three disagreements of issue 18.
        stamped(json!({ "event": "STOP", "data": {} })),
        json!({ "event": "STOP", "timestamp": { "seconds": 1, "microseconds": 1_000_000 } }),
        json!({ "event": "STOP", "timestamp": { "seconds": 1, "microseconds": -5 } }),
        json!({ "timestamp": good_timestamp }),
        json!({ "data": {}, "timestamp": good_timestamp }),
        // No data / data of no event.
        stamped(json!({ "event": "STOP" })),
        stamped(json!({ "event": "STOP", "data": null })),
        stamped(json!({ "event": "STOP", "data": [] })),
        stamped(json!({ "event": "STOP", "data": { "reason": "x" } })),
        stamped(json!({ "event": "NOT_DOCUMENTED" })),
        stamped(json!({ "event": "NOT_DOCUMENTED", "data": { "a": [1, { "b": null }] } })),
        stamped(json!({ "event": "stop" })),
        stamped(json!({ "event": 7 })),
        stamped(json!({ "event": null })),
        // Extra top-level members; no timestamp; not an object.
        stamped(json!({ "event": "STOP", "id": 1 })),
        stamped(json!({ "event": "STOP", "": 1 })),
        json!({ "event": "STOP" }),
        json!([]),
        json!("STOP"),
        json!(null),
        json!(1),
        // Timestamps.
        json!({ "event": "STOP", "timestamp": { "seconds": -1, "microseconds": -1 } }),
        json!({ "event": "STOP", "timestamp": { "seconds": 5, "microseconds": -1 } }),
        json!({ "event": "STOP", "timestamp": { "seconds": -1, "microseconds": 999_999 } }),
        json!({ "event": "STOP", "timestamp": { "seconds": i64::MIN, "microseconds": 0 } }),
        json!({ "event": "STOP", "timestamp": { "seconds": i64::MAX, "microseconds": 999_999 } }),
        json!({ "event": "STOP", "timestamp": { "seconds": u64::MAX, "microseconds": 0 } }),
        json!({ "event": "STOP", "timestamp": { "seconds": 1, "microseconds": u64::MAX } }),
        json!({ "event": "STOP", "timestamp": { "seconds": 1.5, "microseconds": 0 } }),
        json!({ "event": "STOP", "timestamp": { "seconds": "1", "microseconds": 0 } }),
        json!({ "event": "STOP", "timestamp": { "seconds": 1 } }),
        json!({ "event": "STOP", "timestamp": { "microseconds": 1 } }),
        json!({ "event": "STOP", "timestamp": { "seconds": 1, "microseconds": 2, "nanoseconds": 3 } }),
        json!({ "event": "STOP", "timestamp": {} }),
        json!({ "event": "STOP", "timestamp": [1, 2] }),
        json!({ "event": "STOP", "timestamp": null }),
        json!({ "event": "STOP", "timestamp": 1 }),
        // json-number, json-int's range, enumerated values, members (RTC_CHANGE's offset is a
        // json-number in most versions, BLOCK_JOB_COMPLETED's len a json-int, BLOCK_IO_ERROR's
        // operation and action are enumerated).
        stamped(json!({ "event": "RTC_CHANGE", "data": { "offset": i64::MAX } })),
        stamped(json!({ "event": "RTC_CHANGE", "data": { "offset": i64::MIN } })),
        stamped(json!({ "event": "RTC_CHANGE", "data": { "offset": i64::MAX as u64 + 1 } })),
        stamped(json!({ "event": "RTC_CHANGE", "data": { "offset": u64::MAX } })),
        stamped(json!({ "event": "RTC_CHANGE", "data": { "offset": 1.5 } })),
        stamped(json!({ "event": "RTC_CHANGE", "data": { "offset": "1" } })),
        stamped(json!({ "event": "RTC_CHANGE", "data": { "offset": null } })),
        stamped(json!({ "event": "RTC_CHANGE", "data": {} })),
        stamped(json!({ "event": "RTC_CHANGE" })),
        stamped(json!({ "event": "RTC_CHANGE", "data": { "offset": 1, "more": 2 } })),
        block_job_completed(json!(i64::MAX)),
        block_job_completed(json!(i64::MIN)),
        block_job_completed(json!(i64::MAX as u64 + 1)),
        block_job_completed(json!(u64::MAX)),
        block_job_completed(json!(0.5)),
        block_job_completed(json!("1")),
        block_job_completed(json!(null)),
        block_job_completed(json!([])),
        stamped(
            json!({ "event": "BLOCK_IO_ERROR", "data": { "device": "d", "operation": "read", "action": "stop" } }),
        ),
        stamped(
            json!({ "event": "BLOCK_IO_ERROR", "data": { "device": "d", "operation": "Read", "action": "stop" } }),
        ),
        stamped(
            json!({ "event": "BLOCK_IO_ERROR", "data": { "device": "d", "operation": "read ", "action": "stop" } }),
        ),
        stamped(
            json!({ "event": "BLOCK_IO_ERROR", "data": { "device": "d", "operation": 1, "action": "stop" } }),
        ),
        stamped(
            json!({ "event": "BLOCK_IO_ERROR", "data": { "device": null, "operation": "read", "action": "stop" } }),
        ),
        stamped(
            json!({ "event": "VNC_CONNECTED", "data": { "server": { "host": "h", "service": "1", "family": "ipv4" }, "client": { "host": "h", "service": "1", "family": "ipv6" } } }),
        ),
        stamped(
            json!({ "event": "VNC_CONNECTED", "data": { "server": { "host": "h", "service": "1", "family": "ipv4", "auth": "none" }, "client": { "host": "h", "service": "1", "family": "ipx" } } }),
        ),
        stamped(json!({ "event": "VNC_CONNECTED", "data": { "server": [], "client": {} } })),
        stamped(
            json!({ "event": "SPICE_CONNECTED", "data": { "server": { "host": "h", "port": "1", "family": "ipv4" }, "client": { "host": "h", "port": "1", "family": "ipv4" } } }),
        ),
        stamped(json!({ "event": "BALLOON_CHANGE", "data": { "actual": 1.25 } })),
        stamped(json!({ "event": "WATCHDOG", "data": { "action": "reset" } })),
        stamped(json!({ "event": "ACPI_DEVICE_OST", "data": { "info": { "anything": [null] } } })),
        stamped(json!({ "event": "DEVICE_TRAY_MOVED", "data": { "device": "d", "tray-open": 1 } })),
    ];
    // The nesting limit: the message is level 1, its data level 2.
    for levels in [126, 127, 128, 200] {
        messages.push(stamped(
            json!({ "event": "NOT_DOCUMENTED", "data": nested(levels) }),
        ));
        messages.push(stamped(
            json!({ "event": "ACPI_DEVICE_OST", "data": { "info": nested(levels) } }),
        ));
        messages.push(stamped(json!({ "event": "STOP", "x": nested(levels) })));
    }
    messages
}

/// Asserts that every version's schema and validators agree on every one of `messages`, none of
/// which holds an integral float (`why`); and that more than `at_least` (valid, invalid) verdicts
/// were given, so that agreement is not agreement on one answer.
fn agree_everywhere(messages: &[Value], why: &str, at_least: (usize, usize)) {
    let (mut compared, mut valid) = (0, 0);
    for judged in judged() {
        for message in messages {
            let is_valid = judged
                .assert_agree(message)
                .unwrap_or_else(|| panic!("{why}: {message}"));
            compared += 1;
            valid += usize::from(is_valid);
        }
    }
    println!("{compared} verdicts compared, {valid} valid");
    assert!(
        valid > at_least.0 && compared - valid > at_least.1,
        "{valid} valid of {compared}"
    );
}

#[test]
fn the_depth_limits_are_one() {
    assert_eq!(qmpgen::json_schema::MAX_DEPTH, qmp_events::MAX_DEPTH);
}

#[test]
fn the_schema_agrees_with_the_strict_validators_on_every_example() {
    let (mut compared, mut valid, mut skipped) = (0, 0, 0);
    for judged in judged() {
        for example in &judged.examples {
            match judged.assert_agree(example) {
                Some(is_valid) => {
                    compared += 1;
                    valid += usize::from(is_valid);
                }
                None => skipped += 1,
            }
        }
    }
    println!("{compared} examples compared ({valid} valid), {skipped} with an integral float");
    // Every example that is JSON, of all 113 versions and the bundled one; both verdicts well
    // represented, so that agreement is not agreement on one answer.
    assert!(compared > 2000, "compared {compared}");
    assert!(
        valid > 1000 && compared - valid > 100,
        "{valid} valid of {compared}"
    );
}

#[test]
fn the_schema_agrees_with_the_strict_validators_on_a_recorded_qemu_session() {
    let recorded =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/qemu-7.2.22.jsonl");
    let text = std::fs::read_to_string(recorded).expect("the recorded session");
    let events: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).expect("QEMU writes JSON"))
        .filter(|message| message.get("event").is_some())
        .collect();
    assert_eq!(events.len(), 90);
    agree_everywhere(&events, "QEMU's timestamps are integers", (100, 100));
}

#[test]
fn the_schema_agrees_with_the_strict_validators_on_crafted_messages() {
    let crafted = crafted();
    agree_everywhere(
        &crafted,
        "crafted messages hold no integral float",
        (500, 2000),
    );
}

#[test]
fn integral_floats_are_the_documented_exception() {
    let bundled = judged().last().expect("the bundled document");
    for message in [
        block_job_completed(json!(2.0)),
        block_job_completed(json!(-0.0)),
        json!({ "event": "STOP", "timestamp": { "seconds": 1e3, "microseconds": 0 } }),
        json!({ "event": "STOP", "timestamp": { "seconds": -1.0, "microseconds": -1 } }),
    ] {
        let text = serde_json::to_string(&message).unwrap();
        assert!(
            !(bundled.validate)(&text, Mode::Strict).is_valid(),
            "the validators find a json-number: {text}"
        );
        assert!(
            bundled.schema.is_valid(&message),
            "JSON Schema finds an integer: {text}"
        );
        assert!(bundled.agree(&message).is_none(), "not compared: {text}");
    }
}

/// Values that sit on the rules' edges, for replacing a value of a message.
fn edge_values() -> Vec<Value> {
    vec![
        json!(null),
        json!(true),
        json!(false),
        json!(0),
        json!(1),
        json!(-1),
        json!(-5),
        json!(999_999),
        json!(1_000_000),
        json!(i64::MAX),
        json!(i64::MIN),
        json!(i64::MAX as u64 + 1),
        json!(u64::MAX),
        json!(1.5),
        json!(-0.25),
        json!(""),
        json!("x"),
        json!([]),
        json!([1, "a"]),
        json!({}),
        json!({ "x": null }),
        nested(130),
    ]
}

/// One change to a message; its numbers pick a place, a word or a value.
#[derive(Debug, Clone)]
enum Mutation {
    /// Removes a member of the object at a place.
    Remove(Index, Index),
    /// Adds (or replaces) a member named by a word of the document to the object at a place.
    Add(Index, Index, Index),
    /// Replaces the value at a place with an edge value.
    Replace(Index, Index),
    /// Replaces the value at a place with a word of the document (an enumerated value, a name).
    Word(Index, Index),
    /// Sets one part of the timestamp to an edge value.
    Timestamp(bool, Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), any::<Index>()).prop_map(|(at, which)| Mutation::Remove(at, which)),
        (any::<Index>(), any::<Index>(), any::<Index>())
            .prop_map(|(at, name, value)| Mutation::Add(at, name, value)),
        (any::<Index>(), any::<Index>()).prop_map(|(at, value)| Mutation::Replace(at, value)),
        (any::<Index>(), any::<Index>()).prop_map(|(at, word)| Mutation::Word(at, word)),
        (any::<bool>(), any::<Index>())
            .prop_map(|(seconds, value)| Mutation::Timestamp(seconds, value)),
    ]
}

/// The JSON pointers of every value in `value`, itself first.
fn places(value: &Value, at: String, found: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (name, member) in members {
                let mut pointer = at.clone();
                qmp_events::runtime::pointer::push_token(&mut pointer, name);
                places(member, pointer, found);
            }
        }
        Value::Array(elements) => {
            for (index, element) in elements.iter().enumerate() {
                places(element, format!("{at}/{index}"), found);
            }
        }
        _ => {}
    }
    found.push(at);
}

fn apply(message: &mut Value, mutation: &Mutation, words: &[String], edges: &[Value]) {
    let mut all = Vec::new();
    places(message, String::new(), &mut all);
    let target = |at: &Index| all[at.index(all.len())].clone();
    match mutation {
        Mutation::Remove(at, which) => {
            if let Some(Value::Object(members)) = message.pointer_mut(&target(at))
                && !members.is_empty()
            {
                let name = members.keys().nth(which.index(members.len())).cloned();
                members.remove(&name.expect("in range"));
            }
        }
        Mutation::Add(at, name, value) => {
            if let Some(Value::Object(members)) = message.pointer_mut(&target(at)) {
                let value = edges[value.index(edges.len())].clone();
                members.insert(words[name.index(words.len())].clone(), value);
            }
        }
        Mutation::Replace(at, value) => {
            if let Some(place) = message.pointer_mut(&target(at)) {
                *place = edges[value.index(edges.len())].clone();
            }
        }
        Mutation::Word(at, word) => {
            if let Some(place) = message.pointer_mut(&target(at)) {
                *place = json!(words[word.index(words.len())]);
            }
        }
        Mutation::Timestamp(seconds, value) => {
            let part = if *seconds { "seconds" } else { "microseconds" };
            if let Some(Value::Object(timestamp)) = message.get_mut("timestamp") {
                timestamp.insert(part.to_owned(), edges[value.index(edges.len())].clone());
            }
        }
    }
}

/// Mutations of examples: members removed and added, values of other types, other words where
/// enumerated values stand, timestamps out of range. Each case is one example of one version
/// (the bundled one included) with one to three changes.
#[test]
fn the_schema_agrees_with_the_strict_validators_on_mutated_examples() {
    let judged = judged();
    let edges = edge_values();
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(8000);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (
        any::<Index>(),
        any::<Index>(),
        proptest::collection::vec(mutation(), 1..=3),
    );
    // How many mutated messages each side found valid and invalid, and how many were not compared.
    let (valid, invalid, skipped) = (Cell::new(0), Cell::new(0), Cell::new(0));
    let result = runner.run(&strategy, |(version, example, mutations)| {
        let judged = &judged[version.index(judged.len())];
        if judged.examples.is_empty() {
            return Ok(());
        }
        let mut message = judged.examples[example.index(judged.examples.len())].clone();
        for mutation in &mutations {
            apply(&mut message, mutation, &judged.words, &edges);
        }
        let count = match judged.agree(&message) {
            Some(Err(disagreement)) => return Err(TestCaseError::fail(disagreement)),
            Some(Ok(true)) => &valid,
            Some(Ok(false)) => &invalid,
            None => &skipped,
        };
        count.set(count.get() + 1);
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    let (valid, invalid, skipped) = (valid.get(), invalid.get(), skipped.get());
    println!("{valid} valid, {invalid} invalid, {skipped} with an integral float");
    // Mutations break most messages; enough must survive (a removed optional member, a value
    // replaced by another of its type) that both verdicts are compared.
    assert!(
        valid * 20 > cases && invalid * 2 > cases,
        "{valid} valid, {invalid} invalid"
    );
}
