//! No input makes the parser panic or hang: arbitrary bytes, and real documents mutated the way
//! hand edits go wrong (lines deleted, duplicated, swapped, truncated; CRLF; tabs; a BOM; bytes
//! that are not UTF-8). Every diagnostic names a line of the document.

mod common;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use qmpgen::diagnostics::render;
use qmpgen::text::parse::{parse_bytes, source};

use common::mutate::{apply, mutation};

fn bundled() -> Vec<u8> {
    common::bundled_spec()
}

/// Parses, renders the diagnostics, and checks that each names a line that exists.
fn read_cleanly(bytes: &[u8]) {
    let parsed = parse_bytes(bytes);
    let text = source::decode(bytes).text;
    let line_count = source::lines(&text).len().max(1) as u32;
    for diagnostic in &parsed.diagnostics {
        assert!(
            (1..=line_count).contains(&diagnostic.span.line) && diagnostic.span.column >= 1,
            "{diagnostic:?} is outside a document of {line_count} lines"
        );
    }
    let rendered = render("mutated.txt", &text, &parsed.diagnostics, false);
    assert_eq!(
        rendered
            .lines()
            .filter(|line| line.starts_with("mutated.txt:"))
            .count(),
        parsed.diagnostics.len()
    );
    assert!(
        !parsed.spec.events.is_empty() || !parsed.diagnostics.is_empty(),
        "no model and no diagnostic"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        read_cleanly(&bytes);
    }

    #[test]
    fn arbitrary_document_like_text_never_panics(
        lines in proptest::collection::vec(
            prop_oneof![
                Just("STOP".to_owned()), Just("----".to_owned()), Just("Data:".to_owned()),
                Just("Data: None.".to_owned()), Just("Example:".to_owned()), Just("Note: n".to_owned()),
                Just("- \"a\": x (json-string, \"p\" or \"q\")".to_owned()), Just("  - \"b\": (json-int".to_owned()),
                Just("    \"v\": meaning".to_owned()), Just("{ \"event\": \"STOP\",".to_owned()), Just("}}".to_owned()),
                Just(String::new()), "[ -~\t]{0,40}",
            ],
            0..60,
        )
    ) {
        read_cleanly(lines.join("\n").as_bytes());
    }

    #[test]
    fn mutated_bundled_spec_gives_a_model_or_diagnostics(mutations in proptest::collection::vec(mutation(), 1..6)) {
        read_cleanly(&apply(&bundled(), &mutations));
    }
}

#[test]
fn mutated_history_versions_give_a_model_or_diagnostics() {
    let versions = common::history_versions();
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = proptest::collection::vec(mutation(), 1..8);
    for (name, bytes) in &versions {
        for _ in 0..3 {
            let mutations = strategy.new_tree(&mut runner).unwrap().current();
            let mutated = apply(bytes, &mutations);
            let outcome = std::panic::catch_unwind(|| read_cleanly(&mutated));
            assert!(outcome.is_ok(), "{name} with {mutations:?}");
        }
    }
}

#[test]
fn a_long_run_of_blank_lines_inside_a_field_list_and_an_example_stays_linear() {
    let mut text = String::from("STOP\n----\n\nData:\n\n- \"a\": x (json-int)\n");
    text.push_str(&"\n".repeat(200_000));
    text.push_str("- \"b\": y (json-int)\n\n{ \"event\": \"STOP\",\n");
    text.push_str(&"\n".repeat(200_000));
    text.push_str("  \"data\": {} }\n");
    let parsed = parse_bytes(text.as_bytes());
    let event = &parsed.spec.events[0];
    assert_eq!(event.fields.len(), 2);
    assert_eq!(event.examples.len(), 1);
    assert!(event.examples[0].json().is_some());
}
