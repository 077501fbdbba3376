//! Hostile events: what a broken or malicious QMP peer may send. Each gets its verdict (the
//! violations' paths and kinds) through the API, typed reading never panics or overflows the
//! stack, and `qmp-events validate -` exits by the verdict. RELIABILITY.md lists these inputs,
//! their verdicts and the limits they show.

use qmp_events::{MAX_DEPTH, Message, Mode, Report};

const TIMESTAMP: &str = r#""timestamp": {"seconds": 1265044230, "microseconds": 450486}"#;

fn message(event: &str, data: &str) -> String {
    format!(r#"{{"event": "{event}", "data": {data}, {TIMESTAMP}}}"#)
}

/// BLOCK_JOB_CANCELLED (json-int `len` and `offset`) with `len` and `offset` as given.
fn job(len: &str, offset: &str) -> String {
    message(
        "BLOCK_JOB_CANCELLED",
        &format!(
            r#"{{"type": "stream", "device": "d", "len": {len}, "offset": {offset}, "speed": 0}}"#
        ),
    )
}

/// RTC_CHANGE (a json-number `offset`) with `offset` as given.
fn rtc(offset: &str) -> String {
    message("RTC_CHANGE", &format!(r#"{{"offset": {offset}}}"#))
}

/// The verdict as (path, kind) pairs, in the order found; the same in both modes and from text
/// and bytes.
fn verdict(bytes: &[u8]) -> Vec<(String, &'static str)> {
    let strict = qmp_events::validate_bytes(bytes, Mode::Strict);
    let lenient = qmp_events::validate_bytes(bytes, Mode::Lenient);
    if let Ok(text) = std::str::from_utf8(bytes) {
        assert_eq!(qmp_events::validate(text, Mode::Strict), strict);
    }
    let pairs = |report: &Report| -> Vec<(String, &'static str)> {
        report
            .violations
            .iter()
            .map(|violation| (violation.path.clone(), violation.kind.as_str()))
            .collect()
    };
    assert_eq!(pairs(&strict), pairs(&lenient));
    pairs(&strict)
}

fn pairs(expected: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
    expected
        .iter()
        .map(|(path, kind)| ((*path).to_owned(), *kind))
        .collect()
}

/// Typed reading: `Ok` exactly for messages whose strict verdict has no error other than
/// `duplicate-key` (serde keeps one of two members) and undocumented things (which read into
/// `Other` and `Unknown`).
fn typed(bytes: &[u8]) -> Result<Message, serde_json::Error> {
    serde_json::from_slice::<Message>(bytes)
}

const DEPTH: usize = 100_000;

fn nested_arrays(levels: usize) -> String {
    format!("{}{}", "[".repeat(levels), "]".repeat(levels))
}

fn nested_objects(levels: usize) -> String {
    format!("{}0{}", r#"{"a": "#.repeat(levels), "}".repeat(levels))
}

#[test]
fn nesting_100_000_levels_deep_is_too_deep_at_the_128th_level() {
    let depth = MAX_DEPTH as usize;
    // Level 1 is the message, 2 the data, 3 `offset`: the container at level 129 is too deep.
    let arrays = rtc(&nested_arrays(DEPTH));
    let deep_array = format!("/data/offset{}", "/0".repeat(depth + 1 - 3));
    assert_eq!(
        verdict(arrays.as_bytes()),
        pairs(&[("/data/offset", "wrong-type"), (&deep_array, "too-deep")])
    );
    let objects = rtc(&nested_objects(DEPTH));
    let deep_object = format!("/data/offset{}", "/a".repeat(depth + 1 - 3));
    assert_eq!(
        verdict(objects.as_bytes()),
        pairs(&[("/data/offset", "wrong-type"), (&deep_object, "too-deep")])
    );
    // Data before the event's name is kept as raw text and checked later: the same verdict.
    let data_first = format!(
        r#"{{"data": {{"offset": {}}}, "event": "RTC_CHANGE", {TIMESTAMP}}}"#,
        nested_arrays(DEPTH)
    );
    assert_eq!(
        verdict(data_first.as_bytes()),
        pairs(&[("/data/offset", "wrong-type"), (&deep_array, "too-deep")])
    );
    // The whole message nested: too deep at level 129, whatever the envelope.
    let bare = nested_arrays(DEPTH);
    assert_eq!(verdict(bare.as_bytes()), pairs(&[("", "not-object")]));
    let unknown = message("NOT_DOCUMENTED", &nested_objects(DEPTH));
    let deep_unknown = format!("/data{}", "/a".repeat(depth + 1 - 2));
    assert_eq!(
        verdict(unknown.as_bytes()),
        pairs(&[("/event", "unknown-event"), (&deep_unknown, "too-deep")])
    );
}

#[test]
fn typed_reading_of_deep_nesting_stops_at_the_wrong_type_or_keeps_the_text() {
    // Where a number belongs, the first `[` is already the wrong type.
    for text in [rtc(&nested_arrays(DEPTH)), rtc(&nested_objects(DEPTH))] {
        let error = typed(text.as_bytes()).expect_err("not a number");
        assert!(error.to_string().starts_with("invalid type"), "{error}");
    }
    // An unknown event's data is kept as its text, which serde_json steps over without
    // recursion: it reads whole, however deep, in either member order.
    for (text, data) in [
        (
            message("NOT_DOCUMENTED", &nested_objects(DEPTH)),
            nested_objects(DEPTH),
        ),
        (
            format!(
                r#"{{"data": {}, "event": "NOT_DOCUMENTED", {TIMESTAMP}}}"#,
                nested_arrays(DEPTH)
            ),
            nested_arrays(DEPTH),
        ),
    ] {
        let message = typed(text.as_bytes()).expect("kept as text");
        let qmp_events::Event::Unknown {
            data: Some(kept), ..
        } = &message.event
        else {
            panic!("not kept as an unknown event: {:?}", message.event.name());
        };
        assert_eq!(kept.as_str(), data);
    }
}

#[test]
fn numbers_beyond_i64_u64_and_f64() {
    let beyond_i64 = "9223372036854775808";
    let beyond_u64 = "18446744073709551616";
    let below_i64 = "-9223372036854775809";
    for (offset, valid_as_int, read_typed, valid_as_number) in [
        (beyond_i64, true, true, true),
        (beyond_u64, false, false, true),
        (below_i64, false, false, true),
        ("1e999", false, false, false),
        ("-1e999", false, false, false),
        (&"9".repeat(400), false, false, false),
    ] {
        // What the validator finds at `/data/offset`: nothing, or the value out of range.
        let expected = |valid: bool| {
            let found: &[(&str, &'static str)] = if valid {
                &[]
            } else {
                &[("/data/offset", "out-of-range")]
            };
            pairs(found)
        };
        // A json-int member: it states no width, so every integer from -2^63 to 2^64-1 is one
        // (QEMU sends uint64 members so); beyond, out of range, and the typed field
        // (`qmp_events::AnyInt`) does not read it.
        let text = job("1", offset);
        assert_eq!(verdict(text.as_bytes()), expected(valid_as_int), "{offset}");
        assert_eq!(typed(text.as_bytes()).is_ok(), read_typed, "{offset}");
        // A json-number member: fine, unless no f64 holds it.
        let text = rtc(offset);
        assert_eq!(
            verdict(text.as_bytes()),
            expected(valid_as_number),
            "{offset}"
        );
        assert_eq!(typed(text.as_bytes()).is_ok(), valid_as_number, "{offset}");
    }
    // Beyond f64 anywhere: out of range at its path, judged as ±1e308 otherwise.
    let text = message(
        "BLOCK_IO_ERROR",
        r#"{"device": 1e999, "operation": "read", "action": "stop", "x": [-1e400]}"#,
    );
    assert_eq!(
        verdict(text.as_bytes()),
        pairs(&[
            ("/data/device", "wrong-type"),
            ("/data/device", "out-of-range"),
            ("/data/x", "undocumented-field"),
            ("/data/x/0", "out-of-range"),
        ])
    );
    let report = qmp_events::validate(&text, Mode::Strict);
    assert_eq!(report.violations[1].found, "1e999");
    assert_eq!(
        report.violations[1].message,
        "the number 1e999 is beyond the range of f64"
    );
    let timestamp = r#"{"event": "STOP", "timestamp": {"seconds": 1e999, "microseconds": 0}}"#;
    assert_eq!(
        verdict(timestamp.as_bytes()),
        pairs(&[
            ("/timestamp/seconds", "out-of-range"),
            ("/timestamp", "bad-timestamp")
        ])
    );
    // Alone, or in a message that is not JSON for another reason as well.
    assert_eq!(verdict(b"1e999"), pairs(&[("", "not-object")]));
    assert_eq!(
        verdict(br#"{"event": "STOP", "data": 1e999"#),
        pairs(&[("", "not-json")])
    );
}

#[test]
fn strings_of_20_mb_are_read_whole() {
    let long = "x".repeat(20 << 20);
    let text = message(
        "BLOCK_IO_ERROR",
        &format!(r#"{{"device": "{long}", "operation": "read", "action": "stop"}}"#),
    );
    assert_eq!(verdict(text.as_bytes()), pairs(&[]));
    let Ok(Message {
        event: qmp_events::Event::BlockIoError(error),
        ..
    }) = typed(text.as_bytes())
    else {
        panic!("a BLOCK_IO_ERROR");
    };
    assert_eq!(error.device.len(), 20 << 20);
    // With escapes, and where an enumerated value belongs: quoted shortened in the report.
    let escaped = "\\u00e9\\n".repeat(2 << 20);
    let text = message(
        "BLOCK_IO_ERROR",
        &format!(r#"{{"device": "d", "operation": "{escaped}", "action": "stop"}}"#),
    );
    assert_eq!(
        verdict(text.as_bytes()),
        pairs(&[("/data/operation", "undocumented-value")])
    );
    let report = qmp_events::validate(&text, Mode::Strict);
    let found = &report.violations[0].found;
    assert!(found.len() < 200, "{found}");
    assert!(found.ends_with("(6291456 bytes)"), "{found}");
    assert!(
        typed(text.as_bytes()).is_ok(),
        "an unknown value reads as Other"
    );
}

#[test]
fn duplicate_keys() {
    let text = format!(r#"{{"event": "STOP", "event": "RESET", {TIMESTAMP}}}"#);
    assert_eq!(
        verdict(text.as_bytes()),
        pairs(&[("/event", "duplicate-key")])
    );
    assert_eq!(
        qmp_events::validate(&text, Mode::Strict).event.as_deref(),
        Some("STOP"),
        "the first one counts"
    );
    let text = message(
        "BLOCK_IO_ERROR",
        r#"{"device": "a", "operation": "read", "action": "stop", "device": 2}"#,
    );
    assert_eq!(
        verdict(text.as_bytes()),
        pairs(&[
            ("/data/device", "duplicate-key"),
            ("/data/device", "wrong-type")
        ])
    );
    let text = r#"{"event": "STOP", "timestamp": {"seconds": 1, "seconds": 2, "microseconds": 3}}"#;
    assert_eq!(
        verdict(text.as_bytes()),
        pairs(&[("/timestamp/seconds", "duplicate-key")])
    );
    // Typed reading refuses what it cannot hold twice.
    assert!(typed(text.as_bytes()).is_err());
}

#[test]
fn every_truncation_of_a_message_is_not_json() {
    let text = job("10", "5");
    assert_eq!(verdict(text.as_bytes()), pairs(&[]));
    for end in 0..text.len() {
        let cut = &text.as_bytes()[..end];
        assert_eq!(verdict(cut), pairs(&[("", "not-json")]), "{end}");
        assert!(typed(cut).is_err());
    }
}

#[test]
fn bytes_that_are_not_utf8_are_not_json() {
    for bytes in [
        &b"{\"event\": \"ST\xffOP\", \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}"[..],
        &b"\xfe\xff{}"[..],
        &b"{\"event\": \"STOP\"}\xc3"[..],
        &b"\xef\xbb\xbf{\"event\": \"STOP\"}"[..],
    ] {
        assert_eq!(verdict(bytes), pairs(&[("", "not-json")]), "{bytes:?}");
        let report = qmp_events::validate_bytes(bytes, Mode::Strict);
        assert!(!report.violations[0].found.is_empty());
        assert!(typed(bytes).is_err());
    }
}

#[test]
fn what_is_not_an_object_is_not_object() {
    for text in [
        "[]",
        "null",
        "[1, {\"event\": \"STOP\"}]",
        "\"STOP\"",
        "0",
        "true",
    ] {
        assert_eq!(
            verdict(text.as_bytes()),
            pairs(&[("", "not-object")]),
            "{text}"
        );
        assert!(typed(text.as_bytes()).is_err());
    }
}

#[test]
fn an_empty_text_is_not_json() {
    for text in ["", " ", "\r\n", "\t"] {
        assert_eq!(
            verdict(text.as_bytes()),
            pairs(&[("", "not-json")]),
            "{text:?}"
        );
    }
}

#[cfg(feature = "cli")]
mod cli {
    //! The same through `qmp-events validate -`, one message a line, `--format json`.

    use assert_cmd::Command;
    use serde_json::Value;

    use super::*;

    /// A reported line: its number and its violations as (path, kind).
    type Reported = (u64, Vec<(String, String)>);

    /// Runs `validate - --format json` on `input`; the exit code and each reported line.
    fn run(input: Vec<u8>, strict: bool) -> (i32, Vec<Reported>) {
        let mut command = Command::cargo_bin("qmp-events").expect("the qmp-events binary");
        command.args(["validate", "-", "--format", "json"]);
        if strict {
            command.arg("--strict");
        }
        let output = command
            .write_stdin(input)
            .output()
            .expect("qmp-events runs");
        assert!(
            output.stderr.starts_with(b"summary: "),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let reports = String::from_utf8(output.stdout)
            .expect("UTF-8 output")
            .lines()
            .map(|line| {
                let report: Value = serde_json::from_str(line).expect("a JSON report");
                let found = report["violations"]
                    .as_array()
                    .expect("violations")
                    .iter()
                    .map(|violation| {
                        (
                            violation["path"].as_str().unwrap().to_owned(),
                            violation["kind"].as_str().unwrap().to_owned(),
                        )
                    })
                    .collect();
                (report["line"].as_u64().expect("a line number"), found)
            })
            .collect();
        (output.status.code().expect("an exit code"), reports)
    }

    /// Each hostile message alone on stdin: reported on line 1 with the API's verdict, exit 1
    /// when that verdict has an error (every one here does), in both modes.
    #[test]
    fn each_hostile_message_gets_its_verdict_and_exit_code() {
        let hostile: Vec<Vec<u8>> = vec![
            rtc(&nested_arrays(DEPTH)).into_bytes(),
            message("NOT_DOCUMENTED", &nested_objects(DEPTH)).into_bytes(),
            job(&"9".repeat(30), "1e999").into_bytes(),
            rtc("-1e999").into_bytes(),
            message(
                "BLOCK_IO_ERROR",
                &format!(
                    r#"{{"device": "{}", "operation": 1, "action": "stop"}}"#,
                    "x".repeat(20 << 20)
                ),
            )
            .into_bytes(),
            format!(r#"{{"event": "STOP", "event": "STOP", {TIMESTAMP}}}"#).into_bytes(),
            job("1", "2").as_bytes()[..40].to_vec(),
            b"{\"event\": \"ST\xffOP\"}".to_vec(),
            b"[]".to_vec(),
            b"null".to_vec(),
        ];
        for input in hostile {
            let expected: Vec<(String, String)> = verdict(&input)
                .into_iter()
                .map(|(path, kind)| (path, kind.to_owned()))
                .collect();
            assert!(!expected.is_empty());
            for strict in [true, false] {
                let mut line = input.clone();
                line.push(b'\n');
                let (code, reports) = run(line, strict);
                assert_eq!(code, 1, "strict {strict}: {expected:?}");
                assert_eq!(reports, [(1, expected.clone())], "strict {strict}");
            }
        }
    }

    #[test]
    fn empty_lines_are_skipped_and_lines_are_numbered_as_in_the_file() {
        let stop = format!(r#"{{"event": "STOP", {TIMESTAMP}}}"#);
        let input = format!("\n\r\n  \t\n{stop}\n\n[]\n{stop}");
        let (code, reports) = run(input.into_bytes(), true);
        assert_eq!(code, 1);
        let lines: Vec<u64> = reports.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [4, 6, 7]);
        assert_eq!(reports[1].1, [(String::new(), "not-object".to_owned())]);
        let (code, reports) = run(b"\n\n\n".to_vec(), true);
        assert_eq!((code, reports.len()), (0, 0));
    }

    /// A 100 MB line without a final newline is one message, read whole (memory grows with the
    /// longest line: RELIABILITY.md).
    #[test]
    fn a_line_of_100_mb_without_a_newline_is_one_message() {
        let pad = "y".repeat(100 << 20);
        let input = format!(r#"{{"event": "STOP", "data": {{"pad": "{pad}"}}, {TIMESTAMP}}}"#);
        let (code, reports) = run(input.into_bytes(), true);
        assert_eq!(code, 1, "Data: None. holds no member");
        assert_eq!(
            reports,
            [(
                1,
                vec![("/data/pad".to_owned(), "undocumented-field".to_owned())]
            )]
        );
    }
}
