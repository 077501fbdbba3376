//! The bindings generated from QEMU 7.2's own QAPI schema (the one the `qapi-qmp` 0.11 crate
//! ships), and from QEMU 7.2's introspection, and the session recorded from a real QEMU 7.2:
//! every message is valid in strict mode,
//! and every one reads into its typed event (none is `Event::Unknown`), and writes back as it
//! came. Broken copies of its messages get the right violation at the right place.

use std::path::Path;

use qmp_events::__private::serde_json::{self, Value};
use qmp_events::Mode;
use qmp_events_conformance::{INTROSPECTIONS, QAPI_SCHEMAS, Version, generated_violations};

fn qemu_7_2() -> &'static Version {
    QAPI_SCHEMAS
        .iter()
        .find(|version| version.file == "qapi-qmp-0.11.0/qapi/qapi-schema.json")
        .expect("QEMU 7.2's schema is in the test data")
}

/// The session's event messages (it also holds QEMU's greeting and its replies to commands).
fn session() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/qemu-7.2.22.jsonl");
    let text = std::fs::read_to_string(path).expect("the recorded session");
    text.lines()
        .filter(|line| line.contains("\"event\":"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn qemu_7_2s_schema_takes_every_message_of_its_session() {
    takes_every_message(qemu_7_2());
}

fn qemu_7_2s_introspection() -> &'static Version {
    INTROSPECTIONS
        .iter()
        .find(|version| version.file == "introspection/qemu-7.2-x86_64.json")
        .expect("QEMU 7.2's introspection is in the test data")
}

#[test]
fn qemu_7_2s_introspection_takes_every_message_of_its_session() {
    takes_every_message(qemu_7_2s_introspection());
}

/// BLOCK_WRITE_THRESHOLD with `amount-exceeded` and `write-threshold` (both `uint64` in QEMU's
/// source) as written.
fn write_threshold(amount: &str, threshold: &str) -> String {
    format!(
        r#"{{"event": "BLOCK_WRITE_THRESHOLD", "data": {{"node-name": "disk", "amount-exceeded": {amount}, "write-threshold": {threshold}}}, "timestamp": {{"seconds": 1, "microseconds": 2}}}}"#
    )
}

/// The generated validator's (path, kind) pairs for a message's text, in strict mode.
fn violations(version: &Version, message: &str) -> Vec<(String, String)> {
    qmp_events_conformance::report_pairs(&(version.validate)(message, Mode::Strict))
}

/// An introspection reports every integer width as `int`: the bindings generated from it read
/// and write every integer from -2^63 to 2^64-1 unchanged, and their validators take exactly
/// those. The QAPI source's `uint64` takes no negative value.
#[test]
fn an_introspections_integers_are_every_64_bit_value() {
    let introspection = qemu_7_2s_introspection();
    for message in [
        write_threshold("-9223372036854775808", "18446744073709551615"),
        write_threshold("-1", "0"),
    ] {
        let original: Value = serde_json::from_str(&message).expect("JSON");
        assert_eq!((introspection.read)(&message), Ok(original), "{message}");
        assert_eq!(violations(introspection, &message), [], "{message}");
    }
    for (amount, threshold) in [("0", "18446744073709551616"), ("-9223372036854775809", "0")] {
        let message = write_threshold(amount, threshold);
        let at = if amount == "0" {
            "/data/write-threshold"
        } else {
            "/data/amount-exceeded"
        };
        assert_eq!(
            violations(introspection, &message),
            pairs(&[(at, "out-of-range")]),
            "{message}"
        );
        assert!((introspection.read)(&message).is_err(), "{message}");
    }
    let source = qemu_7_2();
    assert_eq!(
        violations(source, &write_threshold("0", "18446744073709551615")),
        []
    );
    assert_eq!(
        violations(source, &write_threshold("0", "-1")),
        pairs(&[("/data/write-threshold", "out-of-range")])
    );
}

/// Every message of the session is valid in strict mode, documented, and reads into its typed
/// event and writes back as it came.
fn takes_every_message(version: &Version) {
    let messages = session();
    let mut events = std::collections::BTreeSet::new();
    for (number, message) in messages.iter().enumerate() {
        let report = (version.validate)(message, Mode::Strict);
        assert!(
            report.violations.is_empty(),
            "line {}: {report:?}\n{message}",
            number + 1
        );
        assert_eq!(
            (version.documented)(message),
            Ok(true),
            "line {}: {message}",
            number + 1
        );
        let original: Value = serde_json::from_str(message).expect("JSON");
        assert_eq!(
            (version.read)(message),
            Ok(original.clone()),
            "line {}",
            number + 1
        );
        events.insert(
            original["event"]
                .as_str()
                .expect("an event name")
                .to_owned(),
        );
    }
    println!(
        "{} messages, {} kinds of events",
        messages.len(),
        events.len()
    );
    assert_eq!(messages.len(), 90);
    assert_eq!(events.len(), 34);
}

/// Changes the first message `event` of the session by `edit` and gives the violations that
/// `version`'s bindings find.
fn broken(version: &Version, event: &str, edit: impl Fn(&mut Value)) -> Vec<(String, String)> {
    let message = session()
        .into_iter()
        .find(|message| message.contains(&format!("\"event\": \"{event}\"")))
        .unwrap_or_else(|| panic!("the session has {event}"));
    let mut value: Value = serde_json::from_str(&message).expect("JSON");
    edit(&mut value);
    generated_violations(version, &value)
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(path, kind)| ((*path).to_owned(), (*kind).to_owned()))
        .collect()
}

/// A change to a message.
type Edit = Box<dyn Fn(&mut Value)>;

/// Removes the member `member` of the message's data.
fn remove(member: &'static str) -> impl Fn(&mut Value) {
    move |value: &mut Value| {
        value["data"].as_object_mut().expect("data").remove(member);
    }
}

/// Sets `/data/<path>` (members joined by `/`) to `to`.
fn set(path: &'static str, to: Value) -> impl Fn(&mut Value) {
    move |value: &mut Value| {
        let target = path
            .split('/')
            .fold(&mut value["data"], |value, member| &mut value[member]);
        *target = to.clone();
    }
}

/// Broken copies of the session's messages, judged by QEMU 7.2's QAPI schema and by its
/// introspection alike: a required member removed, a value no enum has, a member of the wrong
/// JSON type (also nested), an unknown member.
#[test]
fn broken_copies_get_the_right_violation_at_the_right_place() {
    for version in [qemu_7_2(), qemu_7_2s_introspection()] {
        let cases: [(&str, Edit, (&str, &str)); 9] = [
            (
                "SHUTDOWN",
                Box::new(remove("reason")),
                ("/data/reason", "missing-field"),
            ),
            (
                "SHUTDOWN",
                Box::new(set("reason", "tired".into())),
                ("/data/reason", "undocumented-value"),
            ),
            (
                "SHUTDOWN",
                Box::new(set("guest", "yes".into())),
                ("/data/guest", "wrong-type"),
            ),
            (
                "SHUTDOWN",
                Box::new(set("mood", true.into())),
                ("/data/mood", "undocumented-field"),
            ),
            (
                "QUORUM_REPORT_BAD",
                Box::new(remove("node-name")),
                ("/data/node-name", "missing-field"),
            ),
            (
                "QUORUM_REPORT_BAD",
                Box::new(set("type", "scribble".into())),
                ("/data/type", "undocumented-value"),
            ),
            (
                "BLOCK_JOB_PENDING",
                Box::new(set("id", 7.into())),
                ("/data/id", "wrong-type"),
            ),
            (
                "MEMORY_FAILURE",
                Box::new(set("flags/recursive", "no".into())),
                ("/data/flags/recursive", "wrong-type"),
            ),
            (
                "NETDEV_STREAM_CONNECTED",
                Box::new(set("addr/port", 22.into())),
                ("/data/addr/port", "undocumented-field"),
            ),
        ];
        for (event, edit, expected) in cases {
            assert_eq!(
                broken(version, event, edit),
                pairs(&[expected]),
                "{}: {event}",
                version.file
            );
        }
    }
}
