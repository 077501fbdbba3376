//! The generated bindings read and write the QMP wire format: every example of the bundled
//! document, any key order, round trips, and the messages of a newer QEMU.

use qmp_events::{
    BlockIoError, BlockIoErrorAction, BlockIoErrorOperation, BlockJobCompletedType, Event, Message,
    Reset, Timestamp, WatchdogAction,
};
use serde_json::{Value, json};

fn read(text: &str) -> Message {
    serde_json::from_str(text).unwrap_or_else(|error| panic!("{text}: {error}"))
}

fn bundled_spec() -> qmpgen::text::model::Spec {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/qmp-events.txt");
    let bytes = std::fs::read(path).expect("the bundled spec is in the repository");
    let parsed = qmpgen::text::parse::parse_bytes(&bytes);
    assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
    parsed.spec
}

#[test]
fn every_example_of_the_bundled_spec_reads_as_its_event_and_writes_back_the_same() {
    let spec = bundled_spec();
    let mut examples = 0;
    for event in &spec.events {
        for example in &event.examples {
            let json = example
                .json()
                .unwrap_or_else(|| panic!("example at line {} is not JSON", example.span.line));
            let from_value: Message = serde_json::from_value(json.clone())
                .unwrap_or_else(|error| panic!("line {}: {error}", example.span.line));
            let from_text = read(&example.text);
            assert_eq!(from_value, from_text, "line {}", example.span.line);
            // A heading that names several events shares one example among them.
            assert_eq!(
                from_text.event.name(),
                json["event"],
                "line {}",
                example.span.line
            );
            assert!(from_text.event.is_documented(), "{}", event.name);
            // Writing gives the example back (as a value: key order and spacing aside).
            let written = serde_json::to_value(&from_text).unwrap();
            assert_eq!(written, json, "line {}", example.span.line);
            examples += 1;
        }
    }
    assert_eq!(
        examples, 16,
        "the bundled document has one example per event"
    );
}

#[test]
fn values_round_trip_through_text() {
    let text = r#"{"event": "VNC_CONNECTED",
        "data": {"server": {"auth": "sasl", "family": "ipv4", "service": "5901", "host": "0.0.0.0"},
                 "client": {"family": "ipv6", "service": "58425", "host": "::1"}},
        "timestamp": {"seconds": 1262976601, "microseconds": 975795}}"#;
    let message = read(text);
    let written = serde_json::to_string(&message).unwrap();
    assert_eq!(read(&written), message);
    assert!(
        written.starts_with(r#"{"event":"VNC_CONNECTED","data":{"server":"#),
        "{written}"
    );
    assert!(written.ends_with(r#""timestamp":{"seconds":1262976601,"microseconds":975795}}"#));
}

#[test]
fn events_without_data_are_written_without_data() {
    let message = Message {
        event: Event::from(Reset {}),
        timestamp: Timestamp::new(1267041653, 9518),
    };
    assert_eq!(
        serde_json::to_string(&message).unwrap(),
        r#"{"event":"RESET","timestamp":{"seconds":1267041653,"microseconds":9518}}"#
    );
}

#[test]
fn keys_are_read_in_any_order() {
    let data = r#""data": {"device": "d", "operation": "read", "action": "ignore"}"#;
    let event = r#""event": "BLOCK_IO_ERROR""#;
    let timestamp = r#""timestamp": {"seconds": 1, "microseconds": 2}"#;
    let expected = Message {
        event: Event::from(BlockIoError {
            device: "d".into(),
            operation: BlockIoErrorOperation::Read,
            action: BlockIoErrorAction::Ignore,
        }),
        timestamp: Timestamp::new(1, 2),
    };
    for order in [
        [event, data, timestamp],
        [event, timestamp, data],
        [data, event, timestamp],
        [data, timestamp, event],
        [timestamp, event, data],
        [timestamp, data, event],
    ] {
        let text = format!("{{{}}}", order.join(", "));
        assert_eq!(read(&text), expected, "{text}");
    }
}

#[test]
fn data_before_the_name_also_reads_through_a_value() {
    let value = json!({"data": {"action": "pause"}, "event": "WATCHDOG",
                       "timestamp": {"seconds": 3, "microseconds": 4}});
    let message: Message = serde_json::from_value(value).unwrap();
    let Event::Watchdog(watchdog) = message.event else {
        panic!("{:?}", message.event)
    };
    assert_eq!(watchdog.action, WatchdogAction::Pause);
}

#[test]
fn an_unknown_enumerated_value_is_kept() {
    let message = read(
        r#"{"event": "WATCHDOG", "data": {"action": "inject-nmi"},
            "timestamp": {"seconds": 1, "microseconds": 0}}"#,
    );
    let Event::Watchdog(watchdog) = &message.event else {
        panic!("{:?}", message.event)
    };
    assert_eq!(watchdog.action, WatchdogAction::Other("inject-nmi".into()));
    assert!(!watchdog.action.is_documented());
    assert_eq!(watchdog.action.as_str(), "inject-nmi");
    let written = serde_json::to_value(&message).unwrap();
    assert_eq!(written["data"]["action"], "inject-nmi");
}

#[test]
fn enumerated_values_convert_from_and_to_text() {
    assert_eq!(WatchdogAction::from("reset"), WatchdogAction::Reset);
    assert_eq!(
        WatchdogAction::from(String::from("debug")),
        WatchdogAction::Debug
    );
    assert_eq!(WatchdogAction::None.to_string(), "none");
    assert_eq!(
        WatchdogAction::VALUES,
        ["reset", "shutdown", "poweroff", "pause", "debug", "none"]
    );
}

#[test]
fn unknown_fields_are_ignored() {
    let message = read(
        r#"{"event": "RTC_CHANGE", "data": {"offset": 78, "qom-path": "/machine/rtc"},
            "timestamp": {"seconds": 1, "microseconds": 0, "nanoseconds": 5}, "extra": [1]}"#,
    );
    let Event::RtcChange(change) = &message.event else {
        panic!("{:?}", message.event)
    };
    assert_eq!(change.offset, serde_json::Number::from(78));
}

#[test]
fn data_on_an_event_documented_without_data_is_ignored() {
    for data in [r#"{"guest": true}"#, "[1, 2]", "null", r#""text""#] {
        let text = format!(
            r#"{{"event": "STOP", "data": {data}, "timestamp": {{"seconds": 1, "microseconds": 0}}}}"#
        );
        assert!(matches!(read(&text).event, Event::Stop(_)), "{text}");
    }
}

#[test]
fn an_unknown_event_is_kept_with_its_data() {
    let message = read(
        r#"{"event": "MIGRATION", "data": {"status": "setup"},
            "timestamp": {"seconds": 1432121972, "microseconds": 744001}}"#,
    );
    assert_eq!(
        message.event,
        Event::Unknown {
            name: "MIGRATION".into(),
            data: Some(json!({"status": "setup"}).into())
        }
    );
    assert_eq!(message.event.name(), "MIGRATION");
    assert!(!message.event.is_documented());
    let again: Message = serde_json::from_str(&serde_json::to_string(&message).unwrap()).unwrap();
    assert_eq!(again, message);

    let bare = read(r#"{"event": "POWERDOWN", "timestamp": {"seconds": 1, "microseconds": 0}}"#);
    assert_eq!(
        bare.event,
        Event::Unknown {
            name: "POWERDOWN".into(),
            data: None
        }
    );
    assert_eq!(
        serde_json::to_string(&bare).unwrap(),
        r#"{"event":"POWERDOWN","timestamp":{"seconds":1,"microseconds":0}}"#
    );
}

/// An unknown event's data is written back as QEMU sent it (spacing and escapes included),
/// whether `data` comes after `event` or before it.
#[test]
fn an_unknown_event_s_data_is_written_back_as_sent() {
    let written = r#"{"event":"JOB_STATUS_CHANGE","data":{"status": "created", "id": "j\u0030"},"timestamp":{"seconds":1,"microseconds":2}}"#;
    for text in [
        r#"{"event": "JOB_STATUS_CHANGE", "data": {"status": "created", "id": "j\u0030"},
            "timestamp": {"seconds": 1, "microseconds": 2}}"#,
        r#"{"data": {"status": "created", "id": "j\u0030"}, "event": "JOB_STATUS_CHANGE",
            "timestamp": {"seconds": 1, "microseconds": 2}}"#,
    ] {
        let message = read(text);
        let Event::Unknown {
            data: Some(data), ..
        } = &message.event
        else {
            panic!("{:?}", message.event)
        };
        assert_eq!(data.as_str(), r#"{"status": "created", "id": "j\u0030"}"#);
        assert_eq!(data.parse::<Value>().unwrap()["id"], "j0");
        assert_eq!(serde_json::to_string(&message).unwrap(), written);
    }
}

#[test]
fn newer_qemu_messages_read_as_their_typed_variants() {
    let tray = read(
        r#"{"event": "DEVICE_TRAY_MOVED",
            "data": {"device": "ide1-cd0", "id": "/machine/unattached/device[22]", "tray-open": true},
            "timestamp": {"seconds": 1265044230, "microseconds": 450486}}"#,
    );
    let Event::DeviceTrayMoved(moved) = &tray.event else {
        panic!("{:?}", tray.event)
    };
    assert_eq!(moved.device, "ide1-cd0");
    assert!(moved.tray_open);

    let shutdown = read(
        r#"{"event": "SHUTDOWN", "data": {"guest": false, "reason": "host-qmp-quit"},
            "timestamp": {"seconds": 1267040730, "microseconds": 682951}}"#,
    );
    assert!(matches!(shutdown.event, Event::Shutdown(_)));

    let completed = read(
        r#"{"event": "BLOCK_JOB_COMPLETED",
            "data": {"type": "mirror", "device": "virtio0", "len": 10737418240,
                     "offset": 10737418240, "speed": 0},
            "timestamp": {"seconds": 1267061043, "microseconds": 959568}}"#,
    );
    let Event::BlockJobCompleted(job) = &completed.event else {
        panic!("{:?}", completed.event)
    };
    assert_eq!(job.type_, BlockJobCompletedType::Other("mirror".into()));
    assert_eq!(job.len, 10_737_418_240_i64);
    assert_eq!(job.error, None);
}

#[test]
fn optional_members_are_left_out_when_absent() {
    let text = r#"{"event": "BLOCK_JOB_COMPLETED",
        "data": {"type": "stream", "device": "virtio0", "len": 1, "offset": 1, "speed": 0},
        "timestamp": {"seconds": 1, "microseconds": 0}}"#;
    let written: Value = serde_json::to_value(read(text)).unwrap();
    assert_eq!(
        written["data"],
        json!({"type": "stream", "device": "virtio0", "len": 1, "offset": 1, "speed": 0})
    );
}

#[test]
fn malformed_messages_are_errors_not_panics() {
    let cases = [
        (
            r#"{"data": {}, "timestamp": {"seconds": 1, "microseconds": 0}}"#,
            "missing field `event`",
        ),
        (r#"{"event": "STOP"}"#, "missing field `timestamp`"),
        (
            r#"{"event": "STOP", "event": "STOP", "timestamp": {"seconds": 1, "microseconds": 0}}"#,
            "duplicate field `event`",
        ),
        (
            r#"{"event": "RTC_CHANGE", "timestamp": {"seconds": 1, "microseconds": 0}}"#,
            "missing field `offset`",
        ),
        (
            r#"{"event": "RTC_CHANGE", "data": {"offset": "x"}, "timestamp": {"seconds": 1, "microseconds": 0}}"#,
            "invalid type",
        ),
        (
            r#"{"data": {"offset": true}, "event": "RTC_CHANGE", "timestamp": {"seconds": 1, "microseconds": 0}}"#,
            "invalid type",
        ),
        (
            // A json-int (`qmp_events::AnyInt`) is an integer, never a string of digits.
            r#"{"event": "BLOCK_JOB_CANCELLED", "data": {"type": "stream", "device": "d", "len": "9", "offset": 0, "speed": 0}, "timestamp": {"seconds": 1, "microseconds": 0}}"#,
            "invalid type: string \"9\", expected an integer from -2^63 to 2^64-1",
        ),
        (r#"["STOP"]"#, "invalid type"),
        (
            r#"{"event": 7, "timestamp": {"seconds": 1, "microseconds": 0}}"#,
            "invalid type",
        ),
    ];
    for (text, wanted) in cases {
        let error = serde_json::from_str::<Message>(text).expect_err(text);
        assert!(error.to_string().contains(wanted), "{text}: {error}");
    } // A json-int states no width: QEMU's widest integer (a uint64's 2^64-1) reads.
    let widest = r#"{"event": "BLOCK_JOB_CANCELLED", "data": {"type": "stream", "device": "d", "len": 18446744073709551615, "offset": 0, "speed": 0}, "timestamp": {"seconds": 1, "microseconds": 0}}"#;
    let Event::BlockJobCancelled(job) = serde_json::from_str::<Message>(widest).unwrap().event
    else {
        panic!("not BLOCK_JOB_CANCELLED");
    };
    assert_eq!(job.len, u64::MAX);
}

#[test]
fn an_event_reads_and_writes_without_a_timestamp() {
    let event: Event = serde_json::from_str(r#"{"event": "RESUME", "data": {}}"#).unwrap();
    assert!(matches!(event, Event::Resume(_)));
    assert_eq!(
        serde_json::to_string(&event).unwrap(),
        r#"{"event":"RESUME"}"#
    );
}

#[test]
fn names_list_the_documented_events_in_document_order() {
    let spec = bundled_spec();
    let documented: Vec<&str> = spec
        .events
        .iter()
        .map(|event| event.name.as_str())
        .collect();
    assert_eq!(Event::NAMES, documented.as_slice());
    let event: Event = BlockIoError {
        device: "d".into(),
        operation: BlockIoErrorOperation::Write,
        action: BlockIoErrorAction::Stop,
    }
    .into();
    assert_eq!(event.name(), "BLOCK_IO_ERROR");
}

#[test]
fn messages_read_from_a_reader_and_from_escaped_text() {
    // A reader gives owned strings, and `data` before `event` is buffered from it.
    let text = r#"{"data": {"device": "d", "tray-open": false}, "event": "DEVICE_TRAY_MOVED",
                   "timestamp": {"seconds": 1, "microseconds": 2}}"#;
    let message: Message = serde_json::from_reader(text.as_bytes()).unwrap();
    assert_eq!(message, read(text));
    // An escaped event name cannot be borrowed from the input; it still reads.
    let escaped = read(r#"{"event": "S\u0054OP", "timestamp": {"seconds": 1, "microseconds": 2}}"#);
    assert!(matches!(escaped.event, Event::Stop(_)));
}
