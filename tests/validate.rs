//! The generated validators of the bundled document: every violation kind from a crafted
//! message, asserted exactly; every example clean; a newer QEMU's messages; the text and value
//! entry points agreeing; and no input that makes them panic.

use proptest::prelude::*;
use qmp_events::{MAX_DEPTH, Mode, Report, Severity, Violation, ViolationKind};
use serde_json::Value;

/// A violation as `(path, kind, expected, found, spec_line)`.
type Seen = (String, &'static str, String, String, Option<u32>);

fn seen(violation: &Violation) -> Seen {
    (
        violation.path.clone(),
        violation.kind.as_str(),
        violation.expected.to_string(),
        violation.found.to_string(),
        violation.spec_line,
    )
}

fn strict(text: &str) -> Vec<Seen> {
    checked(text, Mode::Strict)
        .violations
        .iter()
        .map(seen)
        .collect()
}

fn expect(path: &str, kind: &'static str, expected: &str, found: &str, line: Option<u32>) -> Seen {
    (
        path.to_owned(),
        kind,
        expected.to_owned(),
        found.to_owned(),
        line,
    )
}

/// Validates `text` in `mode` through the text entry point, and checks that the bytes and value
/// entry points say the same (a value cannot hold duplicate keys, so those are left out).
fn checked(text: &str, mode: Mode) -> Report {
    let report = qmp_events::validate(text, mode);
    assert_eq!(
        qmp_events::validate_bytes(text.as_bytes(), mode),
        report,
        "{text}"
    );
    if let Ok(value) = serde_json::from_str::<Value>(text) {
        let from_value = qmp_events::validate_value(&value, mode);
        assert_eq!(sorted(&from_value, false), sorted(&report, false), "{text}");
        assert_eq!(from_value.event, report.event);
    }
    report
}

/// A report's violations, sorted, without duplicate keys unless `keep_duplicates`, and without
/// their offsets (a `Value`'s are in the text it writes, which is laid out otherwise).
fn sorted(report: &Report, keep_duplicates: bool) -> Vec<Violation> {
    let mut violations: Vec<Violation> = report
        .violations
        .iter()
        .filter(|violation| keep_duplicates || violation.kind != ViolationKind::DuplicateKey)
        .map(|violation| Violation {
            offset: 0,
            ..violation.clone()
        })
        .collect();
    violations.sort_by(|a, b| (&a.path, a.kind).cmp(&(&b.path, b.kind)));
    violations
}

const TIMESTAMP: &str = r#""timestamp": {"seconds": 1265044230, "microseconds": 450486}"#;
const TIMESTAMP_SHAPE: &str = r#"{"seconds": json-int, "microseconds": json-int in 0..=999999}"#;

fn message(event: &str, data: &str) -> String {
    format!(r#"{{"event": "{event}", "data": {data}, {TIMESTAMP}}}"#)
}

fn io_error(data: &str) -> String {
    message("BLOCK_IO_ERROR", data)
}

#[test]
fn every_example_of_the_bundled_spec_is_clean_in_strict_mode() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/qmp-events.txt");
    let parsed = qmpgen::text::parse::parse_bytes(&std::fs::read(path).expect("the bundled spec"));
    let mut examples = 0;
    for event in &parsed.spec.events {
        for example in &event.examples {
            let report = checked(&example.text, Mode::Strict);
            assert!(report.is_clean(), "line {}: {report:?}", example.span.line);
            assert!(report.event.is_some());
            examples += 1;
        }
    }
    assert_eq!(examples, 16);
}

#[test]
fn not_json() {
    assert_eq!(
        strict(r#"{"event": "STOP", "#),
        [expect(
            "",
            "not-json",
            "a JSON text",
            "EOF while parsing a value at line 1 column 18",
            None
        )]
    );
    assert_eq!(
        strict(r#"{"event": "STOP"} x"#),
        [expect(
            "",
            "not-json",
            "a JSON text",
            "trailing characters at line 1 column 19",
            None
        )]
    );
    let report = qmp_events::validate_bytes(b"{\"event\": \"ST\xffOP\"}", Mode::Lenient);
    assert_eq!(report.violations.len(), 1);
    assert_eq!(report.violations[0].kind, ViolationKind::NotJson);
    assert_eq!(report.violations[0].severity, Severity::Error);
    assert!(
        report.violations[0].found.contains("invalid unicode"),
        "{report:?}"
    );
}

#[test]
fn not_object() {
    assert_eq!(
        strict("[1, 2]"),
        [expect("", "not-object", "json-object", "json-array", None)]
    );
    assert_eq!(
        strict(r#""STOP""#),
        [expect("", "not-object", "json-object", "json-string", None)]
    );
}

#[test]
fn duplicate_key() {
    let text = format!(
        r#"{{"event": "STOP", "event": "STOP", "data": {{}}, {TIMESTAMP}, "x": 1, "x": 2}}"#
    );
    assert_eq!(
        strict(&text),
        [
            expect(
                "/event",
                "duplicate-key",
                "each member once",
                r#""event" again"#,
                None
            ),
            expect(
                "/x",
                "undocumented-field",
                r#""event", "data" or "timestamp""#,
                r#""x""#,
                None
            ),
            expect(
                "/x",
                "duplicate-key",
                "each member once",
                r#""x" again"#,
                None
            ),
        ]
    );
    let text = io_error(
        r#"{"device": "a", "device": "b", "operation": "read", "action": "stop", "action": "stop"}"#,
    );
    assert_eq!(
        strict(&text),
        [
            expect(
                "/data/device",
                "duplicate-key",
                "each member once",
                r#""device" again"#,
                None
            ),
            expect(
                "/data/action",
                "duplicate-key",
                "each member once",
                r#""action" again"#,
                None
            ),
        ]
    );
}

#[test]
fn duplicate_keys_are_found_in_undocumented_values_too() {
    let text = message(
        "SPICE_CONNECTED",
        r#"{"server": {"host": "h", "port": "1", "family": "ipv4"}, "client": {"host": "h", "port": "2", "family": "ipv6", "extra": [{"a~/": 1, "a~/": 2}]}}"#,
    );
    let report = qmp_events::validate(&text, Mode::Lenient);
    assert_eq!(
        report.violations.iter().map(seen).collect::<Vec<_>>(),
        [
            expect(
                "/data/client/extra",
                "undocumented-field",
                r#"the documented members "host", "port", "family""#,
                r#""extra""#,
                Some(214)
            ),
            expect(
                "/data/client/extra/0/a~0~1",
                "duplicate-key",
                "each member once",
                r#""a~/" again"#,
                None
            ),
        ]
    );
    assert_eq!(report.violations[0].severity, Severity::Warning);
    assert_eq!(report.violations[1].severity, Severity::Error);
    assert!(!report.is_valid());
}

#[test]
fn too_deep() {
    // The message object is level 1, data level 2: MAX_DEPTH - 2 arrays fit inside data.
    let nested = |levels: usize| format!("{}{}", "[".repeat(levels), "]".repeat(levels));
    let fits = message(
        "RESET",
        &format!(r#"{{"x": {}}}"#, nested(MAX_DEPTH as usize - 2)),
    );
    assert_eq!(
        strict(&fits),
        [expect(
            "/data/x",
            "undocumented-field",
            "no data (Data: None.)",
            r#""x""#,
            Some(52)
        )]
    );
    let deeper = message(
        "RESET",
        &format!(r#"{{"x": {}}}"#, nested(MAX_DEPTH as usize - 1)),
    );
    let path = format!("/data/x{}", "/0".repeat(MAX_DEPTH as usize - 2));
    assert_eq!(
        strict(&deeper)[1],
        expect(
            &path,
            "too-deep",
            "at most 128 nested objects and arrays",
            "more than 128",
            None
        )
    );
}

#[test]
fn very_deep_nesting_is_skipped_without_recursion() {
    let levels = 1_000_000;
    let kinds = |text: String| -> Vec<&'static str> {
        let report = qmp_events::validate(&text, Mode::Lenient);
        report
            .violations
            .iter()
            .map(|violation| violation.kind.as_str())
            .collect()
    };
    let arrays = format!("{}{}", "[".repeat(levels), "]".repeat(levels));
    assert_eq!(
        kinds(format!(
            r#"{{"event": "FOO", "data": {arrays}, {TIMESTAMP}}}"#
        )),
        ["unknown-event", "too-deep"]
    );
    // The same, with the data kept as raw text until the event's name comes.
    let objects = format!("{}0{}", "{\"a\":".repeat(levels), "}".repeat(levels));
    assert_eq!(
        kinds(format!(
            r#"{{"data": {objects}, "event": "FOO", {TIMESTAMP}}}"#
        )),
        ["unknown-event", "too-deep"]
    );
}

#[test]
fn missing_field() {
    assert_eq!(
        strict(&io_error(r#"{"operation": "read"}"#)),
        [
            expect(
                "/data/device",
                "missing-field",
                "json-string",
                "nothing",
                Some(11)
            ),
            expect(
                "/data/action",
                "missing-field",
                "json-string",
                "nothing",
                Some(13)
            ),
        ]
    );
    assert_eq!(
        strict(&format!(r#"{{"event": "BLOCK_IO_ERROR", {TIMESTAMP}}}"#)),
        [expect(
            "/data",
            "missing-field",
            "json-object",
            "nothing",
            Some(9)
        )]
    );
    assert_eq!(
        strict(&format!(r#"{{"data": {{}}, {TIMESTAMP}}}"#)),
        [expect(
            "/event",
            "missing-field",
            "json-string",
            "nothing",
            None
        )]
    );
    let vnc = message(
        "VNC_CONNECTED",
        r#"{"server": {"host": "h", "service": "1", "family": "ipv4"}, "client": {"host": "h", "family": "ipv4"}}"#,
    );
    assert_eq!(
        strict(&vnc),
        [expect(
            "/data/client/service",
            "missing-field",
            "json-string",
            "nothing",
            Some(127)
        )]
    );
}

#[test]
fn wrong_type() {
    let text = message(
        "SPICE_INITIALIZED",
        r#"{"server": {"host": 1, "port": "1", "family": "ipv4"},
            "client": {"host": "h", "port": "2", "family": null, "connection-id": "7",
                       "channel-type": true, "channel-id": 0, "tls": "yes"}}"#,
    );
    assert_eq!(
        strict(&text),
        [
            expect(
                "/data/server/host",
                "wrong-type",
                "json-string",
                "json-int",
                Some(238)
            ),
            expect(
                "/data/client/family",
                "wrong-type",
                "json-string",
                "null",
                Some(245)
            ),
            expect(
                "/data/client/connection-id",
                "wrong-type",
                "json-int",
                "json-string",
                Some(246)
            ),
            expect(
                "/data/client/channel-type",
                "wrong-type",
                "json-int",
                "json-bool",
                Some(248)
            ),
            expect(
                "/data/client/tls",
                "wrong-type",
                "json-bool",
                "json-string",
                Some(253)
            ),
        ]
    );
    assert_eq!(
        strict(&message("RTC_CHANGE", r#"{"offset": "78"}"#)),
        [expect(
            "/data/offset",
            "wrong-type",
            "json-number",
            "json-string",
            Some(78)
        )]
    );
    assert_eq!(
        strict(&message(
            "VNC_CONNECTED",
            r#"{"server": [], "client": "c"}"#
        )),
        [
            expect(
                "/data/server",
                "wrong-type",
                "json-object",
                "json-array",
                Some(120)
            ),
            expect(
                "/data/client",
                "wrong-type",
                "json-object",
                "json-string",
                Some(125)
            ),
        ]
    );
    assert_eq!(
        strict(&message("STOP", "[]")),
        [expect(
            "/data",
            "wrong-type",
            "json-object",
            "json-array",
            Some(106)
        )]
    );
    assert_eq!(
        strict(&format!(r#"{{"event": 7, {TIMESTAMP}}}"#)),
        [expect(
            "/event",
            "wrong-type",
            "json-string",
            "json-int",
            None
        )]
    );
    let report = qmp_events::validate(&message("RTC_CHANGE", r#"{"offset": true}"#), Mode::Strict);
    assert_eq!(
        report.violations[0].message,
        "expected json-number, found json-bool true"
    );
}

#[test]
fn out_of_range() {
    let text = message(
        "BLOCK_JOB_CANCELLED",
        r#"{"type": "stream", "device": "d", "len": 18446744073709551615, "offset": 18446744073709551616,
            "speed": -9223372036854775809}"#,
    );
    // A json-int states no width: every integer QEMU sends (`int`, `uint64`…) is one.
    let range = "an integer from -9223372036854775808 to 18446744073709551615";
    assert_eq!(
        strict(&text),
        [
            expect(
                "/data/offset",
                "out-of-range",
                range,
                "1.8446744073709552e+19",
                Some(326)
            ),
            expect(
                "/data/speed",
                "out-of-range",
                range,
                "-9.223372036854776e+18",
                Some(329)
            ),
        ]
    );
    // A fraction is not an integer out of range but a number where an integer belongs.
    assert_eq!(
        strict(&message(
            "BLOCK_JOB_CANCELLED",
            r#"{"type": "stream", "device": "d", "len": 1.5, "offset": 1e30, "speed": -0}"#
        ))
        .into_iter()
        .map(|seen| (seen.0, seen.1))
        .collect::<Vec<_>>(),
        [
            ("/data/len".to_owned(), "wrong-type"),
            ("/data/offset".to_owned(), "out-of-range"),
            ("/data/speed".to_owned(), "wrong-type"),
        ]
    );
    // Beyond what a double holds (serde_json refuses the text): out of range at its path, even
    // where any number is documented.
    assert_eq!(
        strict(&message("RTC_CHANGE", r#"{"offset": 1e400}"#)),
        [expect(
            "/data/offset",
            "out-of-range",
            "a number within the range of f64",
            "1e400",
            None
        )]
    );
}

#[test]
fn undocumented_value() {
    assert_eq!(
        strict(&io_error(
            r#"{"device": "d", "operation": "trim", "action": "ignore"}"#
        )),
        [expect(
            "/data/operation",
            "undocumented-value",
            r#"one of "read", "write""#,
            r#""trim""#,
            Some(12)
        )]
    );
    assert_eq!(
        strict(&message("WATCHDOG", r#"{"action": "inject-nmi"}"#)),
        [expect(
            "/data/action",
            "undocumented-value",
            r#"one of "reset", "shutdown", "poweroff", "pause", "debug", "none""#,
            r#""inject-nmi""#,
            Some(274)
        )]
    );
}

#[test]
fn undocumented_field() {
    assert_eq!(
        strict(&message(
            "RTC_CHANGE",
            r#"{"offset": 1, "qom-path": "/machine/rtc"}"#
        )),
        [expect(
            "/data/qom-path",
            "undocumented-field",
            r#"the documented members "offset""#,
            r#""qom-path""#,
            Some(76)
        )]
    );
    assert_eq!(
        strict(&format!(r#"{{"event": "STOP", {TIMESTAMP}, "id": 1}}"#)),
        [expect(
            "/id",
            "undocumented-field",
            r#""event", "data" or "timestamp""#,
            r#""id""#,
            None
        )]
    );
}

#[test]
fn unknown_event() {
    let report = checked(
        &message("GUEST_PANICKED", r#"{"action": "pause"}"#),
        Mode::Strict,
    );
    assert_eq!(report.event.as_deref(), Some("GUEST_PANICKED"));
    assert_eq!(
        report.violations.iter().map(seen).collect::<Vec<_>>(),
        [expect(
            "/event",
            "unknown-event",
            "an event the document describes",
            r#""GUEST_PANICKED""#,
            None
        )]
    );
}

#[test]
fn bad_timestamp() {
    let cases = [
        (r#"{"event": "STOP"}"#, "nothing"),
        (r#"{"event": "STOP", "timestamp": 5}"#, "json-int"),
        (
            r#"{"event": "STOP", "timestamp": {"seconds": 1}}"#,
            r#"no "microseconds""#,
        ),
        (
            r#"{"event": "STOP", "timestamp": {"seconds": "1", "microseconds": 2}}"#,
            r#""seconds": json-string "1""#,
        ),
        (
            r#"{"event": "STOP", "timestamp": {"seconds": 1, "microseconds": 2.5}}"#,
            r#""microseconds": json-number 2.5"#,
        ),
        (
            r#"{"event": "STOP", "timestamp": {"seconds": 1, "microseconds": 2, "nanoseconds": 3}}"#,
            r#"a member "nanoseconds""#,
        ),
        (
            r#"{"event": "STOP", "timestamp": {"seconds": 1, "microseconds": 1000000}}"#,
            r#""microseconds": 1000000, outside 0..=999999"#,
        ),
        (
            r#"{"event": "STOP", "timestamp": {"seconds": 1, "microseconds": -1}}"#,
            r#""microseconds": -1, outside 0..=999999"#,
        ),
    ];
    for (text, found) in cases {
        assert_eq!(
            strict(text),
            [expect(
                "/timestamp",
                "bad-timestamp",
                TIMESTAMP_SHAPE,
                found,
                None
            )],
            "{text}"
        );
    }
}

#[test]
fn not_an_event() {
    let reply = |found: &str| vec![expect("", "not-an-event", "an event message", found, None)];
    let cases = [
        (r#"{"return": {}, "id": 1}"#, "a command reply"),
        (r#"{"return": "", "id": "a"}"#, "a command reply"),
        // Members before the reply's are not judged either.
        (
            r#"{"id": 7, "return": {"a": 1, "a": 2}}"#,
            "a command reply",
        ),
        (
            r#"{"error": {"class": "GenericError", "desc": "no such device"}, "id": 2}"#,
            "an error reply",
        ),
        (
            r#"{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}, "package": ""}, "capabilities": ["oob"]}}"#,
            "the greeting",
        ),
        (
            r#"{"timestamp": 5, "data": {"x": [[]]}, "return": []}"#,
            "a command reply",
        ),
    ];
    for (text, found) in cases {
        for mode in [Mode::Strict, Mode::Lenient] {
            let report = checked(text, mode);
            assert_eq!(
                report.violations.iter().map(seen).collect::<Vec<_>>(),
                reply(found),
                "{text}"
            );
            assert!(report.is_reply_or_greeting(), "{text}");
            assert!(!report.is_valid(), "{text}");
            assert_eq!(report.violations[0].severity, Severity::Error);
            assert_eq!(report.violations[0].offset, 0);
            assert_eq!(report.event, None);
        }
    }
    // However deep or wide the reply, it is read without recursion and judged alone.
    let deep = format!(
        r#"{{"return": {}{}}}"#,
        "[".repeat(200_000),
        "]".repeat(200_000)
    );
    let wide = format!(
        r#"{{"return": {{{}"x": 0}}}}"#,
        r#""x": 0, "#.repeat(100_000)
    );
    for text in [deep, wide] {
        assert_eq!(strict(&text), reply("a command reply"));
    }
    assert_eq!(
        qmp_events::validate(r#"{"return": {}}"#, Mode::Strict).violations[0].message,
        r#"a command reply ("return"), not an event message"#
    );
}

#[test]
fn a_reply_member_beside_an_event_is_an_undocumented_member_of_the_event() {
    // Before and after the name: the message is an event either way, judged as one.
    for text in [
        format!(r#"{{"return": {{}}, "event": "STOP", {TIMESTAMP}}}"#),
        format!(r#"{{"event": "STOP", "return": {{}}, {TIMESTAMP}}}"#),
    ] {
        let report = checked(&text, Mode::Strict);
        assert!(!report.is_reply_or_greeting(), "{text}");
        assert_eq!(report.event.as_deref(), Some("STOP"));
        assert_eq!(
            report
                .violations
                .iter()
                .map(|violation| (violation.path.as_str(), violation.kind.as_str()))
                .collect::<Vec<_>>(),
            [("/return", "undocumented-field")],
            "{text}"
        );
        let offset = text.find(r#""return""#).unwrap();
        assert_eq!(report.violations[0].offset, offset, "{text}");
    }
    // The greeting's member after an event name, with a wrong event: all of it is judged.
    let text = format!(r#"{{"QMP": 1, "event": "STOP", "data": {{"a": 1}}, {TIMESTAMP}}}"#);
    assert_eq!(
        checked(&text, Mode::Strict)
            .violations
            .iter()
            .map(|violation| (violation.path.as_str(), violation.kind.as_str()))
            .collect::<Vec<_>>(),
        [
            ("/QMP", "undocumented-field"),
            ("/data/a", "undocumented-field")
        ]
    );
}

#[test]
fn a_reply_that_is_not_json_is_not_json() {
    for text in [
        r#"{"return": {}, "id": 1"#,
        r#"{"return": {"a": tru}}"#,
        r#"{"return": {}} x"#,
        r#"{"return": {}, "event": }"#,
    ] {
        assert_eq!(
            strict(text)
                .into_iter()
                .map(|seen| seen.1)
                .collect::<Vec<_>>(),
            ["not-json"],
            "{text}"
        );
    }
}

#[test]
fn a_timestamp_of_minus_one_means_the_host_time_was_unavailable() {
    assert_eq!(
        strict(r#"{"event": "STOP", "timestamp": {"seconds": -1, "microseconds": -1}}"#),
        []
    );
}

#[test]
fn violations_are_all_collected_in_message_order() {
    let text = r#"{"event": "VNC_DISCONNECTED", "data": {"server": {"host": 1, "service": "5901", "family": "ipx"},
            "client": {"host": "h", "service": "1", "family": "ipv4", "sasl_username": 2}, "why": "x"},
            "timestamp": []}"#;
    let paths: Vec<_> = strict(text)
        .into_iter()
        .map(|seen| (seen.0, seen.1))
        .collect();
    assert_eq!(
        paths,
        [
            ("/data/server/host".to_owned(), "wrong-type"),
            ("/data/server/family".to_owned(), "undocumented-value"),
            ("/data/client/sasl_username".to_owned(), "wrong-type"),
            ("/data/why".to_owned(), "undocumented-field"),
            ("/timestamp".to_owned(), "bad-timestamp"),
        ]
    );
}

#[test]
fn data_before_the_event_name_is_checked_once_the_name_comes() {
    let text = format!(
        r#"{{{TIMESTAMP}, "data": {{"device": "d", "tray-open": "yes"}}, "event": "DEVICE_TRAY_MOVED"}}"#
    );
    assert_eq!(
        strict(&text),
        [expect(
            "/data/tray-open",
            "wrong-type",
            "json-bool",
            "json-string",
            Some(38)
        )]
    );
    let nameless = format!(r#"{{"data": {{"a": 1, "a": 2}}, {TIMESTAMP}}}"#);
    assert_eq!(
        strict(&nameless),
        [
            expect(
                "/data/a",
                "duplicate-key",
                "each member once",
                r#""a" again"#,
                None
            ),
            expect("/event", "missing-field", "json-string", "nothing", None),
        ]
    );
}

/// Messages of a newer QEMU than the bundled document describes.
const NEWER_QEMU: [(&str, &[(&str, &str)]); 3] = [
    (
        r#"{"event": "DEVICE_TRAY_MOVED", "data": {"device": "ide1-cd0", "id": "ide1-cd0", "tray-open": true}, "timestamp": {"seconds": 1265044230, "microseconds": 450486}}"#,
        &[("/data/id", "undocumented-field")],
    ),
    (
        r#"{"event": "SHUTDOWN", "data": {"guest": false, "reason": "host-qmp-quit"}, "timestamp": {"seconds": 1267040730, "microseconds": 682951}}"#,
        &[
            ("/data/guest", "undocumented-field"),
            ("/data/reason", "undocumented-field"),
        ],
    ),
    (
        r#"{"event": "BLOCK_JOB_COMPLETED", "data": {"type": "mirror", "device": "virtio-disk0", "len": 10737418240, "offset": 10737418240, "speed": 0}, "timestamp": {"seconds": 1267061043, "microseconds": 959568}}"#,
        &[("/data/type", "undocumented-value")],
    ),
];

#[test]
fn a_newer_qemu_is_reported_in_strict_mode_and_only_warned_about_in_lenient_mode() {
    for (text, expected) in NEWER_QEMU {
        for (mode, severity) in [
            (Mode::Strict, Severity::Error),
            (Mode::Lenient, Severity::Warning),
        ] {
            let report = checked(text, mode);
            let found: Vec<_> = report
                .violations
                .iter()
                .map(|violation| (violation.path.as_str(), violation.kind.as_str()))
                .collect();
            assert_eq!(found, expected, "{text}");
            assert!(
                report
                    .violations
                    .iter()
                    .all(|violation| violation.severity == severity)
            );
            assert_eq!(report.is_valid(), mode == Mode::Lenient);
            assert_eq!(
                report.warnings().count(),
                if mode == Mode::Lenient {
                    expected.len()
                } else {
                    0
                }
            );
            assert_eq!(
                report.errors().count(),
                if mode == Mode::Strict {
                    expected.len()
                } else {
                    0
                }
            );
        }
    }
}

#[test]
fn reports_serialize_as_the_cli_prints_them() {
    let report = qmp_events::validate(NEWER_QEMU[2].0, Mode::Lenient);
    assert_eq!(
        serde_json::to_value(&report.violations[0]).unwrap(),
        serde_json::json!({
            "path": "/data/type",
            "kind": "undocumented-value",
            "severity": "warning",
            "expected": "one of \"stream\"",
            "found": "\"mirror\"",
            "message": "\"mirror\" is not a documented value (one of \"stream\")",
            "spec_line": 294
        })
    );
    assert_eq!(
        report.violations[0].to_string(),
        "warning[undocumented-value] at /data/type: \"mirror\" is not a documented value (one of \"stream\") (documented at line 294)"
    );
    for kind in ViolationKind::ALL {
        assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        assert_eq!(kind.as_str().parse::<ViolationKind>(), Ok(kind));
    }
}

#[test]
fn text_and_value_entry_points_agree() {
    let mut texts: Vec<String> = NEWER_QEMU
        .iter()
        .map(|(text, _)| (*text).to_owned())
        .collect();
    texts.extend([
        io_error(r#"{"device": 1, "operation": "x", "action": [], "more": {"a": [1, 2]}}"#),
        message(
            "VNC_INITIALIZED",
            r#"{"server": {}, "client": {"host": null}}"#,
        ),
        message("FOO", r#"{"a": 1}"#),
        format!(r#"{{"data": {{"offset": "x"}}, "event": "RTC_CHANGE", {TIMESTAMP}}}"#),
        format!(r#"{{"data": {{"offset": "x"}}, {TIMESTAMP}}}"#),
        r#"{"event": null, "data": null, "timestamp": null}"#.to_owned(),
        "{}".to_owned(),
        "3".to_owned(),
        "null".to_owned(),
    ]);
    for text in &texts {
        for mode in [Mode::Strict, Mode::Lenient] {
            let value: Value = serde_json::from_str(text).unwrap();
            let from_text = qmp_events::validate(text, mode);
            let from_value = qmp_events::validate_value(&value, mode);
            assert_eq!(
                sorted(&from_text, true),
                sorted(&from_value, true),
                "{text}"
            );
            assert!(!from_text.is_clean(), "{text}");
        }
    }
}

proptest! {
    #[test]
    fn validate_never_panics_on_any_string(text in any::<String>()) {
        for mode in [Mode::Strict, Mode::Lenient] {
            let report = qmp_events::validate(&text, mode);
            prop_assert!(report.is_clean() || !report.violations.is_empty());
        }
    }

    #[test]
    fn validate_never_panics_on_json_like_text(text in r#"[{}\[\]",:0-9a-z \\-]{0,64}"#) {
        let report = qmp_events::validate(&text, Mode::Strict);
        // A number beyond f64 (which serde_json refuses) is out-of-range instead.
        if let Err(error) = serde_json::from_str::<Value>(&text)
            && !error.to_string().starts_with("number out of range")
        {
            prop_assert_eq!(report.violations.len(), 1);
            prop_assert_eq!(report.violations[0].kind, ViolationKind::NotJson);
        }
    }

    #[test]
    fn validate_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let report = qmp_events::validate_bytes(&bytes, Mode::Lenient);
        prop_assert_eq!(report.is_valid(), report.errors().next().is_none());
    }
}
