//! `Message::from_str` (`text.parse::<Message>()`, the runtime's JSON reader under the
//! generated `Deserialize` impls) reads what `serde_json::from_str` reads, into the same values,
//! and refuses what it refuses: on every example of the document, the recorded QEMU session,
//! the benchmarks' stream of valid and broken messages, every truncation of a message, hostile
//! texts and generated ones.

#[path = "../benches/stream/mod.rs"]
mod stream;

use proptest::prelude::*;
use qmp_events::{Event, Message};

const FIXTURE: &str = include_str!("fixtures/qemu-7.2.22.jsonl");
const SPEC: &str = include_str!("../spec/qmp-events.txt");

/// Both readers' verdicts on `text`: the same message, or both an error.
fn agree(text: &str) {
    let ours = text.parse::<Message>();
    let theirs = serde_json::from_str::<Message>(text);
    match (&ours, &theirs) {
        (Ok(ours), Ok(theirs)) => assert_eq!(ours, theirs, "{text}"),
        (Err(_), Err(_)) => {}
        _ => panic!("the readers disagree on {text:?}: ours {ours:?}, serde_json {theirs:?}"),
    }
}

#[test]
fn every_example_of_the_document_reads_alike() {
    let parsed = qmpgen::parse::parse(SPEC);
    let mut read = 0;
    for event in &parsed.spec.events {
        for example in &event.examples {
            agree(&example.text);
            read += usize::from(example.text.parse::<Message>().is_ok());
        }
    }
    assert_eq!(read, 16, "every example of the bundled document reads");
}

#[test]
fn the_recorded_qemu_session_reads_alike() {
    for line in FIXTURE.lines() {
        agree(line);
    }
    let unknown = FIXTURE
        .lines()
        .filter_map(|line| line.parse::<Message>().ok())
        .filter(|message| matches!(message.event, Event::Unknown { data: Some(_), .. }))
        .count();
    assert!(unknown > 30, "{unknown} unknown events with data");
}

#[test]
fn the_benchmark_stream_reads_alike() {
    let lines = stream::Stream::take_lines(7, 3_000);
    for line in &lines {
        agree(&line.text);
    }
    let read = lines
        .iter()
        .filter(|line| line.text.parse::<Message>().is_ok())
        .count();
    assert!(read > 2_000, "{read} of 3000 lines read");
}

#[test]
fn every_truncation_and_hostile_text_is_refused_alike() {
    let message = r#"{"event": "BLOCK_IO_ERROR", "data": {"device": "ide0-hd1", "operation": "write", "action": "stop"}, "timestamp": {"seconds": 1265044230, "microseconds": 450486}}"#;
    for end in 0..message.len() {
        agree(&message[..end]);
    }
    let deep = format!(
        r#"{{"event": "RTC_CHANGE", "data": {{"offset": {}1{}}}, "timestamp": {{"seconds": 1, "microseconds": 2}}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    for text in [
        "",
        "null",
        "[]",
        "1e999",
        r#"{"event": "STOP", "timestamp": {"seconds": 1, "microseconds": 2}} x"#,
        r#"{"event": "STOP", "event": "STOP", "timestamp": {"seconds": 1, "microseconds": 2}}"#,
        r#"{"event": "RTC_CHANGE", "data": {"offset": 1e999}, "timestamp": {"seconds": 1, "microseconds": 2}}"#,
        r#"{"event": "RTC_CHANGE", "data": {"offset": -0}, "timestamp": {"seconds": 1, "microseconds": 2}}"#,
        r#"{"data": {"offset": 5}, "event": "RTC_CHANGE", "timestamp": {"seconds": 1, "microseconds": 2}}"#,
        r#"{"event": "NEW\u0041", "data": {"a\n": [1, {"b": "\ud83d\ude00"}]}, "timestamp": {"seconds": 1, "microseconds": 2}}"#,
        r#"{"event": "BLOCK_IO_ERROR", "data": {"device": "d", "operation": 1, "action": "stop"}, "timestamp": {"seconds": 1, "microseconds": 2}}"#,
        r#"{"event": "STOP", "timestamp": {"seconds": 1.5, "microseconds": 2}}"#,
        &deep,
    ] {
        agree(text);
    }
}

#[test]
fn errors_say_where() {
    let error = "{\"event\": \"STOP\",\n \"timestamp\": 7}"
        .parse::<Message>()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid type: integer `7`, expected struct Timestamp at line 2 column 15"
    );
    let broken = r#"{"event": "STOP" "#.parse::<Message>().unwrap_err();
    assert_eq!(
        broken.to_string(),
        "EOF while parsing an object at line 1 column 17"
    );
}

proptest! {
    #[test]
    fn generated_messages_read_alike(
        event in prop_oneof![
            Just("STOP"), Just("BLOCK_IO_ERROR"), Just("VNC_CONNECTED"), Just("NEW_EVENT")
        ],
        data in proptest::option::of("[a-z0-9\" :,{}\\[\\]\\\\-]{0,40}"),
        seconds in any::<i64>(),
    ) {
        let text = match data {
            Some(data) => format!(
                r#"{{"event": "{event}", "data": {{"device": "{data}"}}, "timestamp": {{"seconds": {seconds}, "microseconds": 1}}}}"#
            ),
            None => format!(
                r#"{{"event": "{event}", "timestamp": {{"seconds": {seconds}, "microseconds": 1}}}}"#
            ),
        };
        agree(&text);
    }
}
