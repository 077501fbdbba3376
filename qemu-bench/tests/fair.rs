//! What `benches/qemu72.rs` compares is the same work on both sides, checked untimed on the
//! recorded session as it is now: every event message is read by every typed reader as an event
//! it knows (no `Event::Unknown`, no error: qapi-qmp 0.11 and our bindings both decode every
//! event), and every message that the validators time is one they judge valid in strict mode
//! (or the greeting or a reply, which no event schema describes).

use qmp_events::__private::validate as tables;
use qmp_events::Mode;
use qmp_events::client::LineKind;
use qmp_events_qemu_bench::{
    INTROSPECTION_7_2, QAPI_7_2, Session, introspection, qapi, workspace_file,
};

fn run_time_tables(path: &str) -> tables::Schema {
    let document = qmpgen::builder::read(&workspace_file(path)).expect("a document without errors");
    qmpgen::tables::runtime_schema(&document.schema())
}

#[test]
fn the_session_has_events_of_many_kinds() {
    let session = Session::read();
    let events = session.events();
    let mut kinds: Vec<String> = events
        .iter()
        .map(|line| {
            let message: serde_json::Value = serde_json::from_str(line).expect("JSON");
            message["event"].as_str().expect("an event name").to_owned()
        })
        .collect();
    kinds.sort();
    kinds.dedup();
    assert!(events.len() >= 50, "{} events", events.len());
    assert!(kinds.len() >= 18, "{kinds:?}");
}

#[test]
fn every_event_reads_as_a_known_event_on_both_sides() {
    let session = Session::read();
    for line in session.events() {
        let ours = serde_json::from_str::<introspection::Message>(line)
            .unwrap_or_else(|error| panic!("introspection bindings: {error}: {line}"));
        assert!(
            ours.event.is_documented(),
            "introspection bindings: unknown: {line}"
        );
        let ours = serde_json::from_str::<qapi::Message>(line)
            .unwrap_or_else(|error| panic!("QAPI-source bindings: {error}: {line}"));
        assert!(
            ours.event.is_documented(),
            "QAPI-source bindings: unknown: {line}"
        );
        serde_json::from_str::<qapi_qmp_0_11::Event>(line)
            .unwrap_or_else(|error| panic!("qapi-qmp 0.11: {error}: {line}"));
    }
}

#[test]
fn every_message_is_valid_or_not_an_event_for_every_validator() {
    let session = Session::read();
    let introspected = run_time_tables(INTROSPECTION_7_2);
    let qapi_source = run_time_tables(QAPI_7_2);
    let events = session.events();
    for line in session.all() {
        let reports = [
            (
                "generated, introspection",
                introspection::validate(line, Mode::Strict),
            ),
            (
                "run-time, introspection",
                tables::validate_str(&introspected, line, Mode::Strict),
            ),
            ("generated, QAPI source", qapi::validate(line, Mode::Strict)),
            (
                "run-time, QAPI source",
                tables::validate_str(&qapi_source, line, Mode::Strict),
            ),
        ];
        if events.contains(&line) {
            for (label, report) in reports {
                assert!(
                    report.is_valid(),
                    "{label}: {:?}: {line}",
                    report.violations
                );
            }
        } else {
            assert!(
                matches!(
                    LineKind::of(line),
                    LineKind::Greeting | LineKind::Reply { .. }
                ),
                "{line}"
            );
            for (label, report) in reports {
                assert!(report.event.is_none(), "{label}: an event in {line}");
            }
        }
    }
}
