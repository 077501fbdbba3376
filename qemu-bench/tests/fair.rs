//! What `benches/qemu72.rs` compares is the same work on both sides, checked untimed with the
//! bench's own contestants and inputs (read as the bench reads them, from this package's folder)
//! on the recorded session as it is now: every typed reader reads every event message as an event
//! it knows (no `Event::Unknown`, no error: qapi-qmp 0.11 and our bindings both decode every
//! event), every validator judges every event message valid in strict mode and the other lines
//! (the greeting, the replies) as no event (one `not-an-event` each), and the tables that question 3 builds know every
//! event (QEMU 7.2's judge every one valid).

#[path = "../benches/contestants/mod.rs"]
mod contestants;

use contestants::{Inputs, readers, run_time_tables, validators};
use qmp_events::__private::validate as tables;
use qmp_events::client::LineKind;
use qmp_events::{Mode, ViolationKind};
use qmp_events_qemu_bench::{introspection, qapi};

#[test]
fn the_session_has_events_of_many_kinds() {
    let inputs = Inputs::read();
    let events = inputs.session.events();
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
fn every_reader_reads_every_event_as_a_known_event() {
    let inputs = Inputs::read();
    let readers = readers();
    assert_eq!(readers.len(), 4, "the floor, ours twice, qapi-qmp");
    for line in inputs.session.events() {
        for reader in &readers {
            assert!((reader.run)(line), "{}: {line}", reader.label);
        }
        // What the readers count as read: a known event, and serde_json's own verdict.
        let ours = serde_json::from_str::<introspection::Message>(line)
            .unwrap_or_else(|error| panic!("introspection bindings: {error}: {line}"));
        assert!(ours.event.is_documented(), "{line}");
        let ours = serde_json::from_str::<qapi::Message>(line)
            .unwrap_or_else(|error| panic!("QAPI-source bindings: {error}: {line}"));
        assert!(ours.event.is_documented(), "{line}");
        serde_json::from_str::<qapi_qmp_0_11::Event>(line)
            .unwrap_or_else(|error| panic!("qapi-qmp 0.11: {error}: {line}"));
    }
}

#[test]
fn every_validator_finds_every_event_valid_and_the_rest_no_event() {
    let inputs = Inputs::read();
    let validators = validators(&inputs);
    assert_eq!(validators.len(), 5, "the floor and four validators");
    let events = inputs.session.events();
    for line in inputs.session.all() {
        let is_event = events.contains(&line);
        for validator in &validators[1..] {
            assert_eq!(
                (validator.run)(line),
                is_event,
                "{}: {line}",
                validator.label
            );
        }
        if !is_event {
            assert!(
                matches!(
                    LineKind::of(line),
                    LineKind::Greeting | LineKind::Reply { .. }
                ),
                "{line}"
            );
            for schema in [&inputs.introspected, &inputs.qapi_source] {
                let report = tables::validate_str(schema, line, Mode::Strict);
                assert!(report.event.is_none(), "an event in {line}");
                // What the validators measured on such a line is one `not-an-event` report.
                assert!(report.is_reply_or_greeting(), "{line}: {report:?}");
            }
        }
    }
}

#[test]
fn the_tables_built_from_each_introspection_know_every_event() {
    let inputs = Inputs::read();
    for (label, name, bytes) in &inputs.introspections {
        let schema = run_time_tables(name, bytes.clone());
        for line in inputs.session.events() {
            let report = tables::validate_str(&schema, line, Mode::Strict);
            // QEMU 7.2's own tables judge its session valid; QEMU 10.0's know every one of its
            // events, whose members changed since (`BLOCK_IO_ERROR` has a required `qom-path`).
            if label.ends_with("7.2") {
                assert!(
                    report.is_valid(),
                    "{label}: {:?}: {line}",
                    report.violations
                );
            }
            assert!(
                report
                    .violations
                    .iter()
                    .all(|violation| violation.kind != ViolationKind::UnknownEvent),
                "{label}: {line}"
            );
        }
    }
}
