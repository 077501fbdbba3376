//! The benchmarks' event stream (benches/stream): the same seed gives the same bytes, every
//! documented event and every kind of fault occurs, each line gets the verdict the generator
//! meant, and the JSON Schema peer of the validate benchmark reaches the same verdict as the
//! generated validator in strict mode (so the benchmark compares the same work).

#[path = "../benches/stream/mod.rs"]
mod stream;

use std::collections::BTreeSet;

use qmp_events::{Mode, Report, Severity};
use stream::{Intent, Line, Stream};

const LINES: usize = 3_000;

fn has_error(report: &Report, kind: &str) -> bool {
    report
        .errors()
        .any(|violation| violation.kind.as_str() == kind)
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    let text = |seed| {
        Stream::take_lines(seed, LINES)
            .into_iter()
            .map(|line| line.text)
            .collect::<Vec<_>>()
            .join("\n")
    };
    let first = text(7);
    assert_eq!(first, text(7));
    assert_ne!(first, text(8));
}

#[test]
fn every_line_gets_the_verdict_it_was_made_for() {
    let lines = Stream::take_lines(7, LINES);
    let mut kinds = BTreeSet::new();
    let mut events = BTreeSet::new();
    let (mut data_first, mut recorded) = (0, 0);
    for Line { text, intent } in &lines {
        let strict = qmp_events::validate(text, Mode::Strict);
        let lenient = qmp_events::validate(text, Mode::Lenient);
        match *intent {
            Intent::Valid => {
                assert!(strict.violations.is_empty(), "{text}: {strict:?}");
                events.insert(strict.event.as_deref().unwrap_or_default().to_owned());
                data_first += usize::from(text.starts_with(r#"{"data""#));
            }
            Intent::Error(kind) => {
                assert!(has_error(&lenient, kind), "{text}: {lenient:?}");
                kinds.insert(kind);
            }
            Intent::Newer(kind) => {
                assert!(has_error(&strict, kind), "{text}: {strict:?}");
                assert!(lenient.is_valid(), "{text}: {lenient:?}");
                assert!(
                    lenient
                        .violations
                        .iter()
                        .any(|v| v.kind.as_str() == kind && v.severity == Severity::Warning),
                    "{text}: {lenient:?}"
                );
                kinds.insert(kind);
            }
            Intent::Recorded => {
                assert!(
                    strict.event.is_some() && !has_error(&strict, "not-json"),
                    "{text}: {strict:?}"
                );
                recorded += 1;
            }
        }
    }
    let documented: BTreeSet<String> = Stream::new(7).event_names().map(str::to_owned).collect();
    assert_eq!(events, documented, "every documented event, valid");
    assert_eq!(
        kinds,
        BTreeSet::from([
            "missing-field",
            "undocumented-value",
            "unknown-event",
            "wrong-type"
        ])
    );
    assert!(data_first > 10, "{data_first} messages with data first");
    assert!(
        recorded >= Stream::new(7).recorded_count(),
        "every recorded message at least once: {recorded}"
    );
}

#[test]
fn the_json_schema_peer_agrees_with_strict_validation() {
    let validator = stream::json_schema_validator();
    let mut invalid = 0;
    for line in Stream::take_lines(7, LINES) {
        let value: serde_json::Value = serde_json::from_str(&line.text).unwrap();
        let ours = qmp_events::validate(&line.text, Mode::Strict).is_valid();
        assert_eq!(validator.is_valid(&value), ours, "{}", line.text);
        invalid += usize::from(!ours);
    }
    assert!(
        (LINES / 5..LINES / 2).contains(&invalid),
        "{invalid} invalid lines"
    );
}
