//! The printer and the parser agree: a model printed as document text reads back to the same
//! model (positions and annotation wording aside), for every real version, for generated models,
//! and printing is idempotent.

mod common;

use proptest::prelude::*;
use qmpgen::text::model::{
    Data, Event, Example, Field, Heading, Span, Spec, Text, Type, Underline, Value,
};
use qmpgen::text::parse::{parse, parse_bytes};
use qmpgen::text::print::{normalised, print, same_model};

fn assert_round_trip(name: &str, spec: &Spec) {
    let printed = print(spec);
    let reread = parse(&printed);
    assert!(
        !reread.has_errors(),
        "{name}: the printed text has errors: {:?}\n{printed}",
        reread.diagnostics
    );
    if !same_model(&reread.spec, spec) {
        let left = serde_json::to_string_pretty(&normalised(&reread.spec)).unwrap();
        let right = serde_json::to_string_pretty(&normalised(spec)).unwrap();
        let first = left
            .lines()
            .zip(right.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{name}: the model changed at line {first} of its JSON:\nreread: {}\noriginal: {}",
            left.lines()
                .skip(first.saturating_sub(3))
                .take(8)
                .collect::<Vec<_>>()
                .join("\n"),
            right
                .lines()
                .skip(first.saturating_sub(3))
                .take(8)
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    assert_eq!(
        print(&reread.spec),
        printed,
        "{name}: printing is not idempotent"
    );
}

#[test]
fn the_bundled_spec_round_trips() {
    assert_round_trip(
        "spec/qmp-events.txt",
        &parse_bytes(&common::bundled_spec()).spec,
    );
}

#[test]
fn every_history_version_round_trips() {
    let versions = common::history_versions();
    assert_eq!(versions.len(), 113);
    for (name, bytes) in versions {
        assert_round_trip(&name, &parse_bytes(&bytes).spec);
    }
}

// Generated models: the shapes the document uses, with words that cannot be mistaken for syntax.

fn words() -> impl Strategy<Value = String> {
    proptest::collection::vec("[a-z]{1,8}", 1..6).prop_map(|words| words.join(" "))
}

fn paragraph() -> impl Strategy<Value = String> {
    proptest::collection::vec(words(), 1..3).prop_map(|lines| lines.join("\n"))
}

fn value() -> impl Strategy<Value = Value> {
    ("[a-z][a-z0-9-]{0,6}", proptest::option::of(words())).prop_map(|(name, description)| Value {
        name,
        span: Span::default(),
        description,
    })
}

fn field(depth: u32) -> BoxedStrategy<Field> {
    let leaf_type = prop_oneof![
        Just(Some(Type::String)),
        Just(Some(Type::Int)),
        Just(Some(Type::Bool)),
        Just(Some(Type::Number)),
        Just(None),
    ];
    let members = if depth == 0 {
        Just(Vec::new()).boxed()
    } else {
        proptest::collection::vec(field(depth - 1), 0..3).boxed()
    };
    (
        "[a-z_][a-z0-9_-]{0,8}",
        leaf_type,
        any::<bool>(),
        paragraph(),
        proptest::collection::vec(value(), 0..3),
        members,
    )
        .prop_map(|(name, ty, optional, description, values, members)| {
            let mut field = Field {
                name,
                span: Span::default(),
                ty,
                type_inferred: false,
                annotation: None,
                unknown_words: Vec::new(),
                optional,
                description,
                values: Vec::new(),
                fields: Vec::new(),
            };
            if !members.is_empty() {
                field.ty = Some(Type::Object);
                field.fields = members;
            } else if matches!(field.ty, None | Some(Type::String)) && !values.is_empty() {
                // Values belong to strings; without an annotation the type is inferred.
                field.type_inferred = field.ty.is_none();
                field.ty = Some(Type::String);
                let mut seen = std::collections::BTreeSet::new();
                field.values = values
                    .into_iter()
                    .filter(|value| seen.insert(value.name.clone()))
                    .collect();
            }
            field
        })
        .boxed()
}

fn event(name: String) -> impl Strategy<Value = Event> {
    let data = prop_oneof![Just(0u8), Just(1), Just(2), Just(3)];
    (
        proptest::option::of(paragraph()),
        data,
        proptest::collection::vec(field(2), 1..4),
        proptest::option::of("[A-Z][a-z]{2,8} operation"),
        proptest::collection::vec(paragraph(), 0..2),
    )
        .prop_map(move |(description, data, fields, label, notes)| {
            let zero = Span::default();
            let heading = Heading {
                span: zero,
                text: name.clone(),
                number: None,
                names: vec![name.clone()],
                underline: Some(Underline { span: zero, length: name.len() as u32 }),
            };
            let (data, fields) = match data {
                0 => (Data::None { span: zero }, Vec::new()),
                1 => (Data::Fields { span: zero, declared_none: None }, fields),
                2 => (Data::Fields { span: zero, declared_none: Some(zero) }, fields),
                _ => (Data::Prose { span: zero, text: "'server' and 'client' keys as in 'query-vnc'".to_owned() }, Vec::new()),
            };
            let text = format!("{{ \"event\": \"{name}\",\n  \"timestamp\": {{ \"seconds\": 1, \"microseconds\": 2 }} }}");
            Event {
                name: name.clone(),
                span: zero,
                heading,
                description: description.map(|text| Text { span: zero, text }),
                data,
                fields,
                examples: vec![Example::new(zero, label, text)],
                notes: notes.into_iter().map(|text| Text { span: zero, text }).collect(),
            }
        })
}

fn spec() -> impl Strategy<Value = Spec> {
    proptest::collection::btree_set("[A-Z][A-Z_]{2,10}[A-Z]", 1..5)
        .prop_flat_map(|names| names.into_iter().map(event).collect::<Vec<_>>())
        .prop_map(|events| Spec {
            title: Some(Text {
                span: Span::default(),
                text: "QEMU Machine Protocol Events".to_owned(),
            }),
            preface: Vec::new(),
            events,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn generated_models_round_trip(spec in spec()) {
        assert_round_trip("generated", &spec);
    }
}

/// Shapes the fuzzer (`fuzz/`, target `parse`) and the mutated documents of `mutated_cli.rs`
/// found that the printer lost: each reads, prints and reads back to the same model.
#[test]
fn shapes_found_by_fuzzing_and_mutation_round_trip() {
    let documents = [
        // An annotation's unknown `json-…` word: kept in the model (any type), written back.
        "NIC\n---\n\nData:\n\n- \"path\": device path (json-stringEEEE)\n",
        // Fields before `Data: None.`, without a `Data:` list of their own.
        "SHUTDOWN\n--------\n\n- \"operation\": I/O operation (json-string, \"read\" or \"write\")\n\nData: None.\n",
        // Fields without any `Data:` line.
        "STOP\n----\n\nStops.\n\n- \"a\": thing (json-int)\n",
        // A heading without an underline.
        "STOP\n----\n\nStops.\n\nRESET\n\nData: None.\n",
        // Prose that would read as a key (`Data:`), as a heading, or as an underline.
        "STOP\n----\n\nStops.\n\n\tData:\n\n\tRESET\n\n\t-----\n\nData: None.\n",
        "VNC\n---\n\nIssued when the connection is closed.\n6 VNC_INITIALIZED\n\nData: None.\n",
        // A second example with a label of a control character.
        "STOP\n----\n\nData: None.\n\nExample:\n\n{ \"event\": \"STOP\" }\n\nExample:\u{1a}\n{ \"event\": \"STOP\" }\n",
        // A value's meaning over two lines of an annotation.
        "JOB\n---\n\nData:\n\n- \"type\": Job type (json-string; \"stream\" for image streaming\n                   \u{1a}\0\n                   \"commit\" for block commit)\n",
        // A description holding an annotation-like group before the field's annotation.
        "DUMP\n----\n\nData:\n\n- \"error\": Error message. This is only a\n  string (json-string, optional)\n a\n  more text (json-string, optional)\n",
        // A line that reads as a value under a json-bool is kept in the description, after the
        // text: the annotation ends the text before it, not the value line (found by mutation).
        "VSERPORT_CHANGE\n---------------\n\nData:\n\n- \"open\": true if the guest has opened the port (json-bool)\n    \"client\": {\"port\": \"52873\"}\n",
        // A stray quote before the annotation (P7 in RELIABILITY.md): the annotation still counts.
        "JOB\n---\n\nData:\n\n- \"offset\": Current progress valuepause\"). (json-int)\n",
        // An unclosed parenthesis before the annotation (P9 in RELIABILITY.md).
        "JOB\n---\n\nData:\n\n- \"info\": the job's state (jon (json-object)\n",
        // Preface prose naming an event just above a heading (P11 in RELIABILITY.md): printed
        // alone between blank lines it would read as a heading.
        "BLOCK_\nOB_CANCELLED\n------------\n\nData: None.\n",
        // Names of one heading without a space after the comma.
        "ACPI_DEVICE_,ST\n---------------\n\nData: ACPIOSTInfo type as described in qapi-schema.json\n",
    ];
    for text in documents {
        let parsed = parse(text);
        assert!(!parsed.has_errors(), "{text}: {:?}", parsed.diagnostics);
        assert_round_trip(text, &parsed.spec);
    }
}

/// The bundled document mutated (a line duplicated, one deleted, two pairs swapped: the 50th
/// document of `mutated_cli`'s seeded run over the bundled spec alone), which moved an example's
/// `"timestamp": {…}` line into the description of BLOCK_JOB_COMPLETED's `speed` (json-int).
/// The parser gave such quoted lines back at the end of the description, so the model already
/// said the text in another order, and printing it changed it again: now they keep their place,
/// the text prints, and `fmt` formats it instead of refusing it.
#[test]
fn quoted_prose_under_an_int_prints_in_its_place() {
    let text = include_str!("fixtures/mutated-050.txt");
    let parsed = parse(text);
    assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
    let event = parsed
        .spec
        .event("BLOCK_JOB_COMPLETED")
        .expect("documented");
    let speed = (event.fields.iter())
        .find(|field| field.name == "speed")
        .expect("documented");
    assert!(
        speed.description.starts_with(
            "Rate limit, bytes per second\n\"timestamp\": { \"seconds\": 1267041730, \
             \"microseconds\": 281295 } }\nOnly present on failure."
        ),
        "{:?}",
        speed.description
    );
    assert_round_trip("mutated-050.txt", &parsed.spec);
    let printed = qmpgen::text::print::canonical(&parsed.spec).expect("printable");
    assert!(same_model(&parse(&printed).spec, &parsed.spec));
}

/// Shapes on which the fuzzer caught the printer changing the model (P6, P8, P12 in
/// RELIABILITY.md: prose holding a second annotation-like group, or reading as a field line;
/// the format has no escapes). `canonical`, what `qmpgen fmt` writes, must either give text
/// that reads back to the same model (P6 and P8 now do, the parser warning
/// `ambiguous-annotation`), or refuse and name a line of the document (P12).
#[test]
fn shapes_the_printer_cannot_keep_are_refused_at_their_place() {
    let p12 = include_str!("fixtures/fuzz/parse-P12.txt");
    let documents = [
        // P6: two annotation-like groups on one field line.
        "JOB\n---\n\nData:\n\n- \"host\": IP address (json-string)name\": TLS dname (json-string, optional)\n",
        // P8: a description line that reads as a field of its own.
        "JOB\n---\n\nData:\n\n- \"device\": the device (json-string)\n\u{1}- 'device': Device name (json-string)\n",
        // P12, the fuzzer's input as it was: a description that starts `- "offs…`.
        p12,
    ];
    for text in documents {
        let parsed = parse(text);
        assert!(!parsed.has_errors(), "{text}: {:?}", parsed.diagnostics);
        match qmpgen::text::print::canonical(&parsed.spec) {
            Ok(printed) => {
                let reread = parse(&printed);
                assert!(!reread.has_errors(), "{text}: {:?}", reread.diagnostics);
                assert!(same_model(&reread.spec, &parsed.spec), "{text}");
            }
            Err(changed) => {
                let lines = text.lines().count() as u32;
                assert!(
                    (1..=lines).contains(&changed.span.line) && changed.span.column >= 1,
                    "{text}: refused at {:?}",
                    changed.span
                );
                assert!(!changed.what.is_empty());
            }
        }
    }
    // The P12 input is one the printer cannot keep: it must be refused, not rewritten.
    assert!(qmpgen::text::print::canonical(&parse(p12).spec).is_err());
}

#[test]
fn an_annotation_ends_the_last_line_of_a_wrapped_field() {
    // SPICE_CONNECTED in version 013: the printer used to put `(json-int)` after the first line,
    // in the middle of the sentence.
    let document = "SPICE_CONNECTED\n---------------\n\nData:\n\n\
        - \"connection-id\": spice connection id.  All channels with the same id\n\
        \x20                  belong to the same spice session (json-int)\n\
        - \"id\": one line (json-int, optional)\n";
    let spec = parse(document).spec;
    let printed = print(&spec);
    assert!(
        printed.contains(
            "- \"connection-id\": spice connection id.  All channels with the same id\n\
             \x20                  belong to the same spice session (json-int)\n\
             - \"id\": one line (json-int, optional)\n"
        ),
        "{printed}"
    );
    assert_round_trip("SPICE_CONNECTED", &spec);
}
