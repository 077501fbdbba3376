//! The commands tell one story about a document: what `qmpgen check` reports about a part, the
//! model (`qmpgen schema`) and the generated code say too, because each is read once, by the
//! parser, and the commands only show it.

mod common;

use std::process::Output;

use common::qmpgen;

use qmpgen::check::check;
use qmpgen::diagnostics::codes;
use qmpgen::text::parse::parse_bytes;

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("JSON output")
}

/// Version 103: MEM_UNPLUG_ERROR's example lacks the `,` after `"event": "MEM_UNPLUG_ERROR"`.
const V103: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/data/qmp-events-history/103_2017-01-16_93ab0fc3c3.txt"
);

#[test]
fn check_and_schema_place_a_broken_example_alike() {
    let lint = json(&qmpgen(&["check", V103, "--format", "json"]));
    let broken: Vec<_> = lint["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == codes::EXAMPLE_NOT_JSON && d["event"] == "MEM_UNPLUG_ERROR")
        .map(|d| (d["line"].clone(), d["column"].clone()))
        .collect();
    // Where the comma belongs: the end of line 76, not line 77 where serde_json notices.
    assert_eq!(broken, [(76.into(), 30.into())]);
    let model = json(&qmpgen(&["schema", V103, "--format", "json"]));
    let event = model["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|event| event["name"] == "MEM_UNPLUG_ERROR")
        .unwrap();
    let error = &event["examples"][0]["error"];
    assert_eq!(
        (error["line"].as_u64(), error["column"].as_u64()),
        (Some(76), Some(30))
    );
    assert_eq!(error["message"], "a `,` is missing here");
}

/// In every version of the history, every broken example's first `example-not-json` finding is
/// where and what the model's `Example::error` says.
#[test]
fn every_broken_example_breaks_at_one_place() {
    let versions = common::history_versions();
    let mut broken = 0;
    for (name, bytes) in versions {
        let parsed = parse_bytes(&bytes);
        let found = check(&parsed.spec, &parsed.diagnostics);
        let mut seen = std::collections::BTreeSet::new();
        for event in &parsed.spec.events {
            for example in &event.examples {
                let Some(error) = example.error() else {
                    continue;
                };
                // Events of one heading share their examples.
                if !seen.insert(example.span) {
                    continue;
                }
                broken += 1;
                let end = example.span.line + example.text.lines().count() as u32;
                let first = found
                    .iter()
                    .find(|d| {
                        d.code == codes::EXAMPLE_NOT_JSON
                            && (example.span.line..end).contains(&d.span.line)
                    })
                    .unwrap_or_else(|| panic!("{name}: no finding for {:?}", example.span));
                assert_eq!(first.span, error.span, "{name}: {}", first.message);
                assert!(
                    first.message.ends_with(&error.message),
                    "{name}: {}",
                    first.message
                );
            }
        }
    }
    assert!(broken > 0, "the history has broken examples");
}

/// A misspelt type, `(json-str)`: the parser makes it an unknown type (any value), keeps the word,
/// and every command says so, none says it is documented elsewhere.
#[test]
fn an_unknown_annotation_is_any_type_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("json-str.txt");
    std::fs::write(
        &path,
        "DEVICE_DELETED\n--------------\n\nData:\n\n- \"path\": device path (json-str, \"a\" or \"b\")\n",
    )
    .unwrap();
    let file = path.to_str().unwrap();

    let lint = json(&qmpgen(&["check", file, "--format", "json"]));
    let messages: Vec<&str> = lint["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == codes::UNKNOWN_ANNOTATION)
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 1, "{lint}");
    assert!(
        messages[0].contains("any value is accepted"),
        "{}",
        messages[0]
    );

    let model = json(&qmpgen(&["schema", file, "--format", "json"]));
    let field = &model["events"][0]["fields"][0];
    // Not the word as a type, and not inferred from the values.
    assert!(field["type"].is_null(), "{field}");
    assert!(field.get("type_inferred").is_none(), "{field}");
    assert_eq!(field["unknown_words"][0]["text"], "json-str");
    let tree = String::from_utf8(qmpgen(&["schema", file]).stdout).unwrap();
    assert!(
        tree.contains("- path: any (unknown annotation `json-str`)"),
        "{tree}"
    );

    let code = String::from_utf8(qmpgen(&["generate", file]).stdout).unwrap();
    assert!(code.contains("its annotation names `json-str`"), "{code}");
    assert!(!code.contains("documented elsewhere"), "{code}");
    let schema =
        String::from_utf8(qmpgen(&["generate", file, "--target", "json-schema"]).stdout).unwrap();
    assert!(
        schema.contains("The annotation names `json-str`"),
        "{schema}"
    );
}
