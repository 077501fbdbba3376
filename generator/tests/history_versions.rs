//! Every real version of the document (tests/data/qmp-events-history, 113 of them) reads with no
//! error, with every heading found and every field line, example and note accounted for; and
//! spot checks of the shapes that only some versions use.

mod common;

use qmpgen::text::model::{Data, Field, Spec, Type};
use qmpgen::text::parse::parse_bytes;

fn version(prefix: &str) -> Spec {
    let (_, bytes) = common::history_versions()
        .into_iter()
        .find(|(name, _)| name.starts_with(prefix))
        .unwrap_or_else(|| panic!("no history version {prefix}"));
    parse_bytes(&bytes).spec
}

fn count_fields(fields: &[Field]) -> usize {
    fields
        .iter()
        .map(|field| 1 + count_fields(&field.fields))
        .sum()
}

#[test]
fn every_version_reads_without_error_and_finds_every_heading() {
    let versions = common::history_versions();
    assert_eq!(versions.len(), 113, "the history holds 113 versions");
    for (name, bytes) in &versions {
        let parsed = parse_bytes(bytes);
        let errors: Vec<_> = parsed.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");

        let text = String::from_utf8_lossy(bytes);
        let names: Vec<&str> = parsed
            .spec
            .events
            .iter()
            .map(|event| event.name.as_str())
            .collect();
        assert_eq!(
            names,
            common::scanned_headings(&text),
            "{name}: events differ from the headings"
        );

        // Every field line (`- "name":` or `- 'name':`) is a field of some event, exactly once.
        let field_lines = text.lines().filter(|line| {
            let content = line.trim_start();
            content.starts_with("- \"") || content.starts_with("- '")
        });
        let mut seen_headings = std::collections::BTreeSet::new();
        let mut fields_in_model = 0;
        let mut examples_in_model = 0;
        let mut notes_in_model = 0;
        for event in &parsed.spec.events {
            // Events that share a heading share its fields: count them once.
            if seen_headings.insert(event.heading.span) {
                fields_in_model += count_fields(&event.fields);
                examples_in_model += event.examples.len();
                notes_in_model += event.notes.len();
            }
        }
        assert_eq!(fields_in_model, field_lines.count(), "{name}: field lines");
        let example_starts = text
            .lines()
            .filter(|line| line.trim_start().starts_with('{'))
            .count();
        assert_eq!(examples_in_model, example_starts, "{name}: examples");
        let note_starts = text
            .lines()
            .filter(|line| line.starts_with("Note:"))
            .count();
        assert_eq!(notes_in_model, note_starts, "{name}: notes");
    }
}

#[test]
fn the_first_version_has_numbered_headings_and_description_keys() {
    let spec = version("001_");
    let numbered: Vec<(Option<u32>, &str)> = spec
        .events
        .iter()
        .map(|event| (event.heading.number, event.name.as_str()))
        .collect();
    assert_eq!(
        numbered,
        [
            (Some(1), "SHUTDOWN"),
            (Some(2), "RESET"),
            (Some(3), "STOP"),
            (Some(4), "DEBUG")
        ]
    );
    let shutdown = &spec.events[0];
    assert_eq!(
        shutdown.description.as_ref().unwrap().text,
        "Issued when the Virtual Machine is powered down."
    );
    assert!(matches!(shutdown.data, Data::None { .. }));
    // `1 SHUTDOWN` is underlined with one dash too many; the parser keeps the length for the lint.
    assert_eq!(shutdown.heading.underline.unwrap().length, 11);
}

#[test]
fn early_versions_give_data_as_prose_and_single_quoted_fields() {
    let spec = version("005_");
    let connected = spec.event("VNC_CONNECTED").unwrap();
    match &connected.data {
        Data::Prose { text, span } => {
            assert_eq!(
                text,
                "'server' and 'client' keys with the same keys as 'query-vnc',\nexcept that authentication ID is not provided."
            );
            assert_eq!(span.line, 32);
        }
        other => panic!("expected prose data, got {other:?}"),
    }
    let io_error = spec.event("BLOCK_IO_ERROR").unwrap();
    let action = &io_error.fields[2];
    assert_eq!(action.name, "action");
    // No annotation, but enumerated values: a string, inferred.
    assert_eq!(
        (action.ty.clone(), action.type_inferred),
        (Some(Type::String), true)
    );
    assert_eq!(action.values.len(), 3);
}

#[test]
fn later_versions_reference_types_contradict_data_none_and_break_examples() {
    let spec = version("078_");
    let ost = spec.event("ACPI_DEVICE_OST").unwrap();
    assert!(
        matches!(&ost.data, Data::Reference { type_name, span, .. } if type_name == "ACPIOSTInfo" && span.line == 9)
    );

    let dump = spec.event("DUMP_COMPLETED").unwrap();
    assert_eq!(
        dump.fields[0].ty,
        Some(Type::Named("DumpQueryResult".into()))
    );
    assert_eq!(
        (dump.fields[1].ty.clone(), dump.fields[1].optional),
        (Some(Type::String), true)
    );

    let migration = spec.event("MIGRATION").unwrap();
    assert!(
        matches!(migration.data, Data::Fields { declared_none: Some(span), .. } if span.line == 530)
    );
    assert_eq!(migration.fields[0].name, "status");
    assert_eq!(migration.fields[0].ty, None);

    let quorum = spec.event("QUORUM_REPORT_BAD").unwrap();
    let labels: Vec<_> = quorum
        .examples
        .iter()
        .map(|example| example.label.as_deref())
        .collect();
    assert_eq!(labels, [Some("Read operation"), Some("Flush operation")]);
    assert!(
        quorum
            .fields
            .iter()
            .filter(|field| field.name != "error")
            .all(|field| field.ty.is_none())
    );

    let broken: Vec<(String, u32, u32)> = spec
        .events
        .iter()
        .flat_map(|event| {
            event
                .examples
                .iter()
                .filter_map(|example| example.error())
                .map(|error| (event.name.clone(), error.span.line, error.span.column))
        })
        .collect();
    assert_eq!(
        broken,
        [
            // Missing commas, where they belong: after the token that lacks one (serde_json
            // notices at the next line's first token: 192:5 and 281:3).
            ("BLOCK_JOB_READY".to_owned(), 191, 50),
            ("MEM_UNPLUG_ERROR".to_owned(), 280, 30),
            ("NIC_RX_FILTER_CHANGED".to_owned(), 301, 1),
        ]
    );

    let job = spec.event("BLOCK_JOB_CANCELLED").unwrap();
    let values: Vec<_> = job.fields[0]
        .values
        .iter()
        .map(|value| (value.name.as_str(), value.span.line))
        .collect();
    assert_eq!(values, [("stream", 99), ("commit", 100)]);

    let panicked = spec.event("GUEST_PANICKED").unwrap();
    assert_eq!(panicked.fields[0].values[0].name, "pause");
    let watchdog = spec.event("WATCHDOG").unwrap();
    assert_eq!(watchdog.fields[0].values.len(), 6);
    assert_eq!(watchdog.notes.len(), 2);
}
