//! `qmpgen schema`: the JSON contract, the text tree, and exit codes (0 fine, 1 errors in the
//! document, 2 trouble).

mod common;

use common::qmpgen;
const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/qmp-events.txt");

#[test]
fn json_follows_the_contract() {
    let output = qmpgen(&["schema", SPEC, "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stderr.is_empty());
    let model: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let events = model["events"].as_array().unwrap();
    assert_eq!(events.len(), 16);
    assert_eq!(events[0]["name"], "BLOCK_IO_ERROR");
    assert_eq!(events[0]["line"], 4);
    let example = &events[0]["examples"][0];
    assert_eq!(
        (example["line"].as_u64(), example["column"].as_u64()),
        (Some(20), Some(1))
    );
    assert_eq!(example["json"]["data"]["action"], "stop");
    assert!(
        example["text"]
            .as_str()
            .unwrap()
            .starts_with("{ \"event\": \"BLOCK_IO_ERROR\",")
    );
    // The model reads back from its JSON.
    let spec: qmpgen::text::model::Spec = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        spec.events[0].examples[0].json().unwrap()["data"]["device"],
        "ide0-hd1"
    );
    let operation = &events[0]["fields"][1];
    assert_eq!(operation["name"], "operation");
    assert_eq!(operation["line"], 12);
    assert_eq!(operation["type"], "json-string");
    assert_eq!(operation["optional"], false);
    assert_eq!(operation["values"][1]["name"], "write");
    assert!(operation["fields"].as_array().unwrap().is_empty());
    let vnc = events
        .iter()
        .find(|event| event["name"] == "VNC_CONNECTED")
        .unwrap();
    assert_eq!(vnc["fields"][0]["fields"][3]["name"], "auth");
    assert_eq!(vnc["fields"][0]["fields"][3]["optional"], true);
    // Every field and value has every contract key, at every depth (`description` of a value
    // is `null` when the document gives none).
    fn check(field: &serde_json::Value) {
        for key in ["name", "line", "type", "optional", "values", "fields"] {
            assert!(field.get(key).is_some(), "{key} missing in {field}");
        }
        for value in field["values"].as_array().unwrap() {
            for key in ["name", "description", "line", "column"] {
                assert!(value.get(key).is_some(), "{key} missing in {value}");
            }
        }
        field["fields"].as_array().unwrap().iter().for_each(check);
    }
    let undescribed = &operation["values"][1];
    assert!(undescribed["description"].is_null(), "{undescribed}");
    // Every top-level key is one the README documents: `preface` always, `[]` when empty.
    let keys: Vec<&str> = model
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["events", "preface", "title"]);
    assert_eq!(model["preface"], serde_json::json!([]));
    events
        .iter()
        .flat_map(|event| event["fields"].as_array().unwrap())
        .for_each(check);
}

#[test]
fn text_is_a_readable_tree() {
    let output = qmpgen(&["schema", SPEC]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    insta::assert_snapshot!(text.lines().take(12).collect::<Vec<_>>().join("\n"), @r#"
    QEMU Monitor Protocol Events: 16 events

    BLOCK_IO_ERROR  (line 4)
      Emitted when a disk I/O error occurs.
      data:
        - device: json-string  (line 11)
        - operation: json-string = "read" | "write"  (line 12)
        - action: json-string = "ignore" | "report" | "stop"  (line 13)
      examples: 1 (1 valid JSON), notes: 1

    DEVICE_TRAY_MOVED  (line 29)
      It's emitted whenever the tray of a removable device is moved by the guest
    "#);
}

#[test]
fn a_document_with_errors_exits_1_with_located_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.txt");
    std::fs::write(
        &path,
        "STOP\n----\n\nData: None.\n\n{ \"event\": \"STOP\" }\n\nStray words.\n",
    )
    .unwrap();
    let output = qmpgen(&["schema", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    let first = stderr.lines().next().unwrap();
    assert_eq!(
        first,
        format!(
            "{}:8:1: error[unfitted-text]: this text is not a description, data, example or note: the parser could not fit it",
            path.display()
        )
    );
    assert!(stderr.contains("Stray words."), "{stderr}");
    // The model is still printed: nothing the parser could read is lost.
    let model: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(model["events"][0]["name"], "STOP");
}

#[test]
fn trouble_exits_2() {
    let missing = qmpgen(&["schema", "/nonexistent/qmp-events.txt"]);
    assert_eq!(missing.status.code(), Some(2));
    let stderr = String::from_utf8(missing.stderr).unwrap();
    assert!(
        stderr.starts_with("qmpgen: /nonexistent/qmp-events.txt: cannot read: "),
        "{stderr}"
    );
    assert_eq!(qmpgen(&["schema"]).status.code(), Some(2));
    assert_eq!(
        qmpgen(&["schema", SPEC, "--format", "yaml"]).status.code(),
        Some(2)
    );
    assert_eq!(qmpgen(&["frobnicate"]).status.code(), Some(2));
}
