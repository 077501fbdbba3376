//! `qmp_events::from_str`, the typed reader on the runtime's own JSON reader, reads every message
//! as `serde_json::from_str` does: the same `Message`, or the same error in the same words.
//! (The conformance crate checks the same on every example of every version of the document,
//! and the runtime's unit tests on generated JSON texts, whole and broken.)

#[path = "../benches/stream/mod.rs"]
mod stream;

use qmp_events::Message;

/// Where the two readers differ on `text`, if they do.
fn difference(text: &str) -> Option<String> {
    let theirs = serde_json::from_str::<Message>(text).map_err(|error| error.to_string());
    let ours = qmp_events::from_str::<Message>(text).map_err(|error| error.to_string());
    (ours != theirs).then(|| format!("{text}\n  ours: {ours:?}\n  serde_json: {theirs:?}"))
}

#[test]
fn the_recorded_qemu_messages_read_alike() {
    let fixture = include_str!("fixtures/qemu-7.2.22.jsonl");
    let lines: Vec<&str> = fixture.lines().collect();
    assert!(lines.len() > 50, "{} lines", lines.len());
    let differ: Vec<String> = lines.iter().filter_map(|line| difference(line)).collect();
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    // The fixture holds greetings and replies too: those are no event, for either reader.
    let events = lines
        .iter()
        .filter(|line| qmp_events::from_str::<Message>(line).is_ok())
        .count();
    assert!(
        events >= 50 && events < lines.len(),
        "{events} of {}",
        lines.len()
    );
}

#[test]
fn the_benchmark_stream_reads_alike_valid_and_faulty() {
    let lines = stream::Stream::take_lines(11, 20_000);
    let differ: Vec<String> = lines
        .iter()
        .filter_map(|line| difference(&line.text))
        .take(10)
        .collect();
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    let read = lines
        .iter()
        .filter(|line| qmp_events::from_str::<Message>(&line.text).is_ok())
        .count();
    // Faults that break the typed reading (a wrong type, a missing member) are in the stream.
    assert!(
        read > 10_000 && read < lines.len(),
        "{read} of {}",
        lines.len()
    );
}

/// Where the fuzzer (fuzz/fuzz_targets/validate.rs) found the two readers apart, one input of
/// each kind, kept so that they stay together.
#[test]
fn the_fuzzer_s_findings_read_alike() {
    let findings = [
        "[]",
        "{\"event\": \"GUEST_PANICKED\",\n    \"data\": { \"action\": \"pause\" } }\n",
        "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"JOB_STATUS_CHANGE\", \
         \"data\": {\"status\": \"c\u{13}ncluded\", \"id\": \"m\"}}",
        "{\"tilestamp\": {\"seconds\": 17954411111111111111111e39531540002, \"microseconds\": 1}}",
        "{\"data\": {}, \"event\": \"RTC_CHANGE\", \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}",
        "{\"event\": \"RTC_CHANGE\", \"data\": {\"offset\":                [ ",
        "{\"event\": \"X\", \"data\": {\"a\": \"\\ud800\", \"b\": [1,]}}",
    ];
    let differ: Vec<String> = findings
        .iter()
        .filter_map(|text| difference(text))
        .collect();
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

#[test]
fn a_message_read_by_either_reader_writes_the_same() {
    let text = r#"{"timestamp": {"seconds": 1, "microseconds": 2}, "data": {"device": "ide0",
        "operation": "read", "action": "report", "new": [1, {"x": null}]}, "event": "BLOCK_IO_ERROR"}"#;
    let ours: Message = qmp_events::from_str(text).unwrap();
    let theirs: Message = serde_json::from_str(text).unwrap();
    assert_eq!(ours, theirs);
    let unknown = r#"{"event": "JOB_STATUS_CHANGE", "data": {"status": "created", "id": "j\u0030"},
        "timestamp": {"seconds": 1, "microseconds": 2}}"#;
    let ours: Message = qmp_events::from_str(unknown).unwrap();
    assert_eq!(ours, serde_json::from_str::<Message>(unknown).unwrap());
    assert_eq!(
        serde_json::to_string(&ours).unwrap(),
        r#"{"event":"JOB_STATUS_CHANGE","data":{"status": "created", "id": "j\u0030"},"timestamp":{"seconds":1,"microseconds":2}}"#
    );
}
