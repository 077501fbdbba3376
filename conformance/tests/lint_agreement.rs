//! One rule set, two implementations: the generated validators (strict mode) and the lint's
//! model-driven rules (`qmpgen::check::message_violations`) find the same `(path, kind)` pairs on
//! the data of every example of every version. The heading-name rule (an example naming another
//! event than its heading) is the lint's alone and is not part of this comparison: both sides
//! judge a message by the event it names.

use std::path::Path;

use qmp_events_conformance::{VERSIONS, generated_violations, report_pairs};

#[test]
fn the_lint_and_the_generated_validators_agree_on_every_example() {
    let history = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/qmp-events-history");
    let mut compared = 0;
    let mut with_findings = 0;
    for version in VERSIONS {
        let bytes = std::fs::read(history.join(version.file)).expect("the build script read it");
        let spec = qmpgen::text::parse::parse_bytes(&bytes).spec;
        for event in &spec.events {
            for example in &event.examples {
                let Some(json) = example.json() else { continue };
                let generated = generated_violations(version, &json);
                let mut linted: Vec<(String, String)> =
                    qmpgen::check::message_violations(&spec, &json)
                        .into_iter()
                        .map(|(path, kind)| (path, kind.to_owned()))
                        .collect();
                linted.sort();
                linted.dedup();
                assert_eq!(
                    generated, linted,
                    "{} {} example at line {}: generated validators vs lint",
                    version.file, event.name, example.span.line
                );
                compared += 1;
                with_findings += usize::from(!generated.is_empty());
            }
        }
    }
    // Every example that is JSON, over all 113 versions (events named by one heading count once
    // per name), and a good share of them with findings, so that agreement is not agreement on
    // nothing.
    assert!(compared > 2000, "compared {compared} examples");
    assert!(
        with_findings > 150,
        "{with_findings} examples with findings"
    );
    println!("{compared} examples compared, {with_findings} with findings");
}

#[test]
fn the_lint_and_the_generated_validators_agree_on_texts_too() {
    let history = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/qmp-events-history");
    // Texts a value cannot hold: repeated keys, nesting past the limit, numbers past 64 bits and
    // past f64, broken JSON; judged by the 2012 version (017), which documents these events.
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let crafted = [
        r#"{"event": "STOP", "event": "STOP", "timestamp": {"seconds": 1, "microseconds": 2}}"#.to_owned(),
        r#"{"event": "BLOCK_JOB_COMPLETED", "data": {"type": "stream", "device": "d", "len": 18446744073709551616, "offset": 0, "speed": 0, "speed": 1}, "timestamp": {"seconds": 1, "microseconds": 2}}"#.to_owned(),
        format!(r#"{{"event": "RTC_CHANGE", "data": {{"offset": {deep}}}, "timestamp": {{"seconds": 1, "microseconds": 2}}}}"#),
        r#"{"data": {"device": "d", "tray-open": true, "id": "x"}, "event": "DEVICE_TRAY_MOVED", "timestamp": {"seconds": 1, "microseconds": 2}}"#.to_owned(),
        r#"{"event": "STOP", "timestamp": {"seconds": 1, "microseconds": 2}"#.to_owned(),
        "[]".to_owned(),
        // Numbers beyond f64, which serde_json refuses: out-of-range wherever they stand.
        r#"{"event": "BLOCK_JOB_COMPLETED", "data": {"type": 1e999, "device": "d", "len": -1e999, "offset": 0, "speed": 0, "x": [1e400], "speed": 9e999}, "timestamp": {"seconds": 1e999, "microseconds": 2}}"#.to_owned(),
        r#"{"data": {"offset": 1e999}, "event": "RTC_CHANGE", "timestamp": {"seconds": 1, "microseconds": 2}, "more": 1e999}"#.to_owned(),
        r#"{"event": "NOT_DOCUMENTED", "data": {"a": [1e999, {"b": -1e999}]}, "timestamp": {"seconds": 1, "microseconds": 2}}"#.to_owned(),
        format!(r#"{{"event": 1e999, "data": {{"offset": {}1e999{}}}, "timestamp": {{"seconds": 1, "microseconds": 2}}}}"#, "[".repeat(127), "]".repeat(127)),
        format!(r#"{{"event": "RTC_CHANGE", "data": {{"offset": {}1e999{}}}, "timestamp": {{"seconds": 1, "microseconds": 2}}}}"#, "[".repeat(126), "]".repeat(126)),
        "1e999".to_owned(),
        "[1e999]".to_owned(),
        r#"{"event": "STOP", "timestamp": 1e999"#.to_owned(),
    ];
    let mut compared = 0;
    for version in VERSIONS {
        let bytes = std::fs::read(history.join(version.file)).expect("the build script read it");
        let spec = qmpgen::text::parse::parse_bytes(&bytes).spec;
        let mut texts: Vec<&str> = spec
            .events
            .iter()
            .flat_map(|event| event.examples.iter().map(|example| example.text.as_str()))
            .collect();
        if version.file.starts_with("017_") {
            texts.extend(crafted.iter().map(String::as_str));
        }
        for text in texts {
            let generated = report_pairs(&(version.validate)(text, qmp_events::Mode::Strict));
            let mut linted: Vec<(String, String)> = qmpgen::check::text_violations(&spec, text)
                .into_iter()
                .map(|(path, kind)| (path, kind.to_owned()))
                .collect();
            linted.sort();
            linted.dedup();
            assert_eq!(generated, linted, "{}: {text}", version.file);
            compared += 1;
        }
    }
    assert!(compared > 2200, "compared {compared} texts");
}
