//! Every example of every version, read through that version's own generated code: the
//! validators in strict and lenient mode (from text and from a value, which must agree), and
//! the typed `Message` where the example is JSON. What they find is asserted exactly, as a
//! snapshot (`snapshots/history__examples.snap`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use qmp_events::{Mode, Report, ViolationKind};
use qmp_events_conformance::{VERSIONS, Version, generated_violations, report_pairs};
use serde_json::Value;

fn history() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/qmp-events-history")
}

fn spec(version: &Version) -> qmpgen::text::model::Spec {
    let bytes = std::fs::read(history().join(version.file)).expect("the build script read it");
    qmpgen::text::parse::parse_bytes(&bytes).spec
}

/// `(path, kind)` pairs of a report, sorted, without `duplicate-key` (which a value cannot
/// hold) when `from_value`.
fn pairs(report: &Report, without_duplicates: bool) -> Vec<(String, String)> {
    let mut pairs = report_pairs(report);
    if without_duplicates {
        pairs.retain(|(_, kind)| kind != ViolationKind::DuplicateKey.as_str());
    }
    pairs
}

#[test]
fn every_version_of_the_history_is_compiled() {
    let entries = std::fs::read_dir(history()).expect("the history is part of the repository");
    let documents = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "txt"))
        .count();
    assert_eq!(VERSIONS.len(), documents);
    assert_eq!(documents, 113);
    assert!(VERSIONS.windows(2).all(|pair| pair[0].file < pair[1].file));
}

#[test]
fn every_example_of_every_version_reads_through_its_own_bindings() {
    let mut summary = String::new();
    let (mut examples, mut clean) = (0, 0);
    for version in VERSIONS {
        let spec = spec(version);
        for event in &spec.events {
            for example in &event.examples {
                examples += 1;
                let at = format!("{}:{} ({})", version.file, example.span.line, event.name);
                let strict = (version.validate)(&example.text, Mode::Strict);
                let lenient = (version.validate)(&example.text, Mode::Lenient);
                let Some(json) = example.json() else {
                    // The parser found no JSON here; neither do the validators.
                    let kinds: Vec<_> = strict.violations.iter().map(|v| v.kind).collect();
                    assert_eq!(kinds, [ViolationKind::NotJson], "{at}");
                    let _ = writeln!(summary, "{at}: not-json");
                    continue;
                };
                check_agreement(version, &json, &strict, &lenient, &at);
                check_typed_reading(version, &example.text, &json, &lenient, &at);
                if strict.is_clean() {
                    clean += 1;
                    continue;
                }
                let found: Vec<String> = strict
                    .violations
                    .iter()
                    .map(|violation| format!("{} {}", violation.kind, violation.path))
                    .collect();
                let _ = writeln!(summary, "{at}: {}", found.join(", "));
            }
        }
    }
    let _ = writeln!(summary, "{examples} examples, {clean} clean in strict mode");
    insta::assert_snapshot!("examples", summary);
}

/// Text and value give the same findings; lenient mode finds the same things as strict, with
/// only the undocumented ones turned into warnings.
fn check_agreement(version: &Version, json: &Value, strict: &Report, lenient: &Report, at: &str) {
    let from_value = (version.validate_value)(json, Mode::Strict);
    assert_eq!(pairs(&from_value, true), pairs(strict, true), "{at}");
    assert_eq!(
        generated_violations(version, json),
        pairs(&from_value, false),
        "{at}"
    );
    assert_eq!(pairs(lenient, false), pairs(strict, false), "{at}");
    for (strict, lenient) in strict.violations.iter().zip(&lenient.violations) {
        assert_eq!(
            lenient.is_error(),
            !strict.kind.is_undocumented(),
            "{at}: {lenient}"
        );
    }
}

/// Where lenient validation finds no error, the typed `Message` reads the example, and what it
/// writes reads back to the same. Where the typed reading fails, the validators found an error.
fn check_typed_reading(version: &Version, text: &str, json: &Value, lenient: &Report, at: &str) {
    match ((version.read)(text), lenient.is_valid()) {
        (Ok(written), _) => {
            let again = (version.reread)(&written)
                .unwrap_or_else(|error| panic!("{at}: what was written does not read: {error}"));
            assert_eq!(again, written, "{at}: the round trip changed the message");
            assert_eq!((version.reread)(json).as_ref(), Ok(&written), "{at}");
        }
        (Err(error), true) => {
            panic!("{at}: valid in lenient mode ({lenient:?}) but does not read: {error}")
        }
        (Err(_), false) => {}
    }
}
