//! One rule engine, two kinds of tables: for every version of the document, the validators' tables
//! built at run time from it (`qmpgen::tables::runtime_schema`, what `qmp-events validate --spec`
//! judges with) give exactly the reports of the bindings generated from it (their `static`
//! tables), in both modes: every violation's kind, path, expected, found, severity, message,
//! document line and offset, and the event name. Over every example of every version, each
//! example with one data member changed to values of every JSON type, crafted texts, and the
//! session recorded from QEMU 7.2. The same for every QAPI schema of the test data.

use std::path::Path;

use qmp_events::__private::serde_json::{self, Value, json};
use qmp_events::__private::validate::{Schema, validate_str};
use qmp_events::{Mode, Report};
use qmp_events_conformance::{QAPI_SCHEMAS, VERSIONS, Version};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The run-time tables of `version`'s document, in `folder` of the test data.
fn run_time_tables(version: &Version, folder: &str) -> (Schema, qmpgen::model::Schema) {
    let path = root().join("../tests/data").join(folder).join(version.file);
    let document = qmpgen::builder::read(&path).unwrap_or_else(|error| panic!("{error}"));
    let model = document.schema_named(version.file);
    (qmpgen::tables::runtime_schema(&model), model)
}

/// Each example's message with its `index`-th data member set to each of a few values of
/// every JSON type, so that the comparison covers wrong types, ranges and values too.
fn mutations(text: &str) -> Vec<String> {
    let Ok(Value::Object(message)) = serde_json::from_str::<Value>(text) else {
        return Vec::new();
    };
    let Some(Value::Object(data)) = message.get("data") else {
        return Vec::new();
    };
    let replacements = [
        json!("x"),
        json!(1.5),
        json!(-1),
        json!(18446744073709551615_u64),
        json!(null),
        json!(true),
        json!([1, "a"]),
        json!({"k": 1}),
    ];
    let mut mutated = Vec::new();
    for name in data.keys().take(4) {
        for replacement in &replacements {
            let mut changed = message.clone();
            changed["data"][name.as_str()] = replacement.clone();
            mutated.push(serde_json::to_string(&changed).unwrap());
        }
    }
    let mut without_data = message.clone();
    without_data.remove("data");
    mutated.push(serde_json::to_string(&without_data).unwrap());
    mutated
}

/// Compares the two verdicts on `text` in both modes; whether the message has violations.
fn compare(version: &Version, schema: &Schema, text: &str, what: &str) -> bool {
    let mut found = false;
    for mode in [Mode::Strict, Mode::Lenient] {
        let generated: Report = (version.validate)(text, mode);
        let run_time = validate_str(schema, text, mode);
        assert_eq!(
            generated, run_time,
            "{} {what} ({mode}): generated vs run-time tables\n{text}",
            version.file
        );
        found |= !generated.violations.is_empty();
    }
    found
}

/// Texts that matter to any version: QEMU's way of getting things wrong, and the real session.
fn crafted_and_session() -> Vec<(String, String)> {
    let session = std::fs::read_to_string(root().join("../tests/fixtures/qemu-7.2.22.jsonl"))
        .expect("the recorded session");
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let crafted = [
        r#"{"event": "STOP", "event": "STOP", "timestamp": {"seconds": 1, "microseconds": 2}}"#.to_owned(),
        r#"{"data": {"device": 1}, "event": "DEVICE_TRAY_MOVED", "timestamp": {"seconds": 1, "microseconds": 2}, "x": 1}"#.to_owned(),
        r#"{"event": "BLOCK_JOB_COMPLETED", "data": {"type": "stream", "device": "d", "len": 1e999, "offset": -0, "speed": 9223372036854775808}, "timestamp": {"seconds": 1, "microseconds": 2}}"#.to_owned(),
        format!(r#"{{"event": "RTC_CHANGE", "data": {{"offset": {deep}}}, "timestamp": {{"seconds": 1, "microseconds": 2}}}}"#),
        r#"{"event": "BLOCK_IO_ERROR", "data": {"device": "d", "operation": "peek", "action": "stop"}, "timestamp": {"seconds": 1}}"#.to_owned(),
        r#"[1, 2]"#.to_owned(),
        r#"{"event": "STOP", "timestamp": "#.to_owned(),
    ];
    let mut texts: Vec<(String, String)> = session
        .lines()
        .enumerate()
        .map(|(number, line)| (format!("session line {}", number + 1), line.to_owned()))
        .collect();
    texts.extend(crafted.into_iter().map(|text| ("crafted".to_owned(), text)));
    texts
}

/// Compares the two kinds of tables of every version in `versions` (documents in `folder` of
/// the test data) on its examples, their mutations and `common`; gives how many messages were
/// compared and how many had violations.
fn compare_versions(
    versions: &[Version],
    folder: &str,
    common: &[(String, String)],
) -> (usize, usize) {
    let (mut compared, mut with_violations) = (0_usize, 0_usize);
    for version in versions {
        let (schema, model) = run_time_tables(version, folder);
        let mut texts: Vec<(String, String)> = Vec::new();
        for event in &model.events {
            for example in &event.doc.examples {
                let what = format!("{} example at line {}", event.name, example.span().line);
                for mutated in mutations(&example.text) {
                    texts.push((format!("{what}, changed"), mutated));
                }
                texts.push((what, example.text.clone()));
            }
        }
        texts.extend(common.iter().cloned());
        for (what, text) in &texts {
            with_violations += usize::from(compare(version, &schema, text, what));
            compared += 1;
        }
    }
    (compared, with_violations)
}

#[test]
fn run_time_tables_judge_every_version_as_its_generated_bindings_do() {
    let (compared, with_violations) =
        compare_versions(VERSIONS, "qmp-events-history", &crafted_and_session());
    // Every version, thousands of messages, most with violations of some kind: agreement is not
    // agreement on nothing.
    println!("{compared} messages compared in both modes, {with_violations} with violations");
    assert_eq!(VERSIONS.len(), 113);
    assert!(compared > 40_000, "compared {compared} messages");
    assert!(
        with_violations > 20_000,
        "{with_violations} with violations"
    );
}

#[test]
fn run_time_tables_judge_every_qapi_schema_as_its_generated_bindings_do() {
    let (compared, with_violations) =
        compare_versions(QAPI_SCHEMAS, "qapi-schemas", &crafted_and_session());
    println!("{compared} messages compared in both modes, {with_violations} with violations");
    assert_eq!(QAPI_SCHEMAS.len(), 8);
    // Eight schemas: their examples (QEMU 2.9 on), mutations, the session and the crafted texts.
    assert!(compared > 1_000, "compared {compared} messages");
    assert!(with_violations > 500, "{with_violations} with violations");
}
