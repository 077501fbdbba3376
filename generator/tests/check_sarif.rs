//! `qmpgen check --format sarif`: valid SARIF 2.1.0 (checked against the official schema), one
//! rule per lint code, one result per finding after the lint levels.
//!
//! `fixtures/sarif-schema-2.1.0.json` is OASIS's "sarif-schema-2.1.0.json" (`$id`
//! https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json),
//! copied unchanged from the crate serde-sarif 0.8.0 on crates.io (`src/schema.json`, git
//! c1a2c247095ed7277153e8e456064598dc885b39 of psastras/sarif-rs), which generates its types from it.

mod common;

use common::qmpgen;
use serde_json::Value;

/// Version 103: broken and incomplete examples, unannotated fields, an over-long underline.
const V103: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/data/qmp-events-history/103_2017-01-16_93ab0fc3c3.txt"
);

fn validator() -> jsonschema::Validator {
    // The file's `language` patterns (of `run` and of `toolComponent`) have a stray `]`
    // (`…-[a-zA-Z]{2}]?$`), which the meta-schema's `format: regex` refuses, so the schema would
    // not compile. They are read here with their evident meaning (`…(-[a-zA-Z]{2})?$`); the
    // output has no `language`.
    const STRAY: &str = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    let text = include_str!("fixtures/sarif-schema-2.1.0.json");
    assert_eq!(text.matches(STRAY).count(), 2);
    let text = text.replace(STRAY, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#);
    let schema: Value = serde_json::from_str(&text).expect("the SARIF schema is JSON");
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("compile the SARIF schema")
}

fn sarif(args: &[&str]) -> (Option<i32>, Value) {
    let mut all = vec!["check", "--format", "sarif"];
    all.extend_from_slice(args);
    let output = qmpgen(&all);
    let log = serde_json::from_slice(&output.stdout).expect("SARIF is JSON");
    (output.status.code(), log)
}

fn assert_valid(log: &Value) {
    let errors: Vec<String> = validator()
        .iter_errors(log)
        .map(|error| format!("{error} at {}", error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_log_is_valid_sarif_with_a_rule_per_code_and_a_result_per_finding() {
    let (code, log) = sarif(&[V103]);
    assert_eq!(code, Some(1));
    assert_valid(&log);
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "qmpgen");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules
        .iter()
        .map(|rule| rule["id"].as_str().unwrap())
        .collect();
    for code in [
        "example-not-json",
        "unannotated-field",
        "unfitted-text",
        "unknown-keyword",
    ] {
        assert!(ids.contains(&code), "{code} not among {ids:?}");
    }
    let not_json = &rules[ids.iter().position(|id| *id == "example-not-json").unwrap()];
    assert!(
        not_json["shortDescription"]["text"]
            .as_str()
            .unwrap()
            .starts_with("An example is not valid JSON"),
        "{not_json}"
    );
    assert_eq!(not_json["defaultConfiguration"]["level"], "error");

    // The same findings as the JSON output, in the same order.
    let json: Value =
        serde_json::from_slice(&qmpgen(&["check", V103, "--format", "json"]).stdout).expect("JSON");
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let results = runs[0]["results"].as_array().unwrap();
    assert_eq!(results.len(), diagnostics.len());
    for (result, diagnostic) in results.iter().zip(diagnostics) {
        assert_eq!(result["ruleId"], diagnostic["code"]);
        assert_eq!(result["level"], diagnostic["severity"]);
        assert_eq!(
            rules[result["ruleIndex"].as_u64().unwrap() as usize]["id"],
            result["ruleId"]
        );
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], diagnostic["line"]);
        assert_eq!(region["startColumn"], diagnostic["column"]);
        assert!(
            result["message"]["text"]
                .as_str()
                .unwrap()
                .starts_with(diagnostic["message"].as_str().unwrap())
        );
    }
    // MEM_UNPLUG_ERROR's missing comma: an insertion point at 76:30, just past the line's 29
    // characters (SARIF's empty region); an underline of 20 dashes.
    let region = |rule: &str, line: u64| {
        results
            .iter()
            .map(|result| {
                (
                    result,
                    &result["locations"][0]["physicalLocation"]["region"],
                )
            })
            .find(|(result, region)| result["ruleId"] == rule && region["startLine"] == line)
            .map(|(_, region)| region.clone())
            .unwrap()
    };
    assert_eq!(
        region("example-not-json", 76),
        serde_json::json!({"startLine": 76, "startColumn": 30, "endLine": 76, "endColumn": 30})
    );
    assert_eq!(region("underline-length", 66)["endColumn"], 21);
}

#[test]
fn levels_apply_to_the_log_and_odd_paths_are_uri_references() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a doc #1.txt");
    std::fs::copy(V103, &path).unwrap();
    let (code, log) = sarif(&[
        path.to_str().unwrap(),
        "--allow",
        "example-not-json",
        "--allow",
        "example-bad-timestamp",
        "--allow",
        "example-missing-field",
        "--allow",
        "example-undocumented-field",
        "--deny",
        "warnings",
    ]);
    assert_valid(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    assert!(
        results.iter().all(|result| result["level"] == "error"),
        "{log}"
    );
    assert!(
        results.iter().all(|result| !result["ruleId"]
            .as_str()
            .unwrap()
            .starts_with("example-not")),
        "{log}"
    );
    assert_eq!(code, Some(1));
    let uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        uri.starts_with("file:///") && uri.ends_with("/a%20doc%20%231.txt"),
        "{uri}"
    );
}
