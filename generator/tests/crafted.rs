//! Small crafted documents: shapes that downstream copies use (vendor extensions, tabs), text
//! encodings, and each parser diagnostic, asserted exactly (code, line, column).

mod common;

use qmpgen::diagnostics::{Severity, codes};
use qmpgen::text::model::{Data, Span, Type};
use qmpgen::text::parse::{parse, parse_bytes};

const VENDOR: &str = r#"                   QEMU Machine Protocol Events
                   ============================

Vendor events are documented below the upstream ones.

__com.redhat_SPICE_MIGRATE
--------------------------

Emitted by a downstream QEMU when a client migrates.

Data:

- "server": Server information (json-object)
  - "host": IP address (json-string)
  - "__com.redhat_debug": debug state (json-object, optional)
    - "level": verbosity (json-int)
    - "mode": how chatty it is (json-string):
        "quiet": nothing
        "loud": everything
- "__com.redhat_reason": why (json-string, "user" or "admin")

Example:

{ "event": "__com.redhat_SPICE_MIGRATE",
  "data": { "server": { "host": "127.0.0.1" }, "__com.redhat_reason": "user" },
  "timestamp": { "seconds": 1, "microseconds": 2 } }
"#;

#[test]
fn vendor_extensions_with_nested_debug_objects() {
    let parsed = parse(VENDOR);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let spec = parsed.spec;
    assert_eq!(
        spec.preface[0].text,
        "Vendor events are documented below the upstream ones."
    );
    let event = &spec.events[0];
    assert_eq!(event.name, "__com.redhat_SPICE_MIGRATE");
    let server = &event.fields[0];
    let debug = &server.fields[1];
    assert_eq!(
        (debug.name.as_str(), debug.ty.clone(), debug.optional),
        ("__com.redhat_debug", Some(Type::Object), true)
    );
    assert_eq!(debug.span, Span::new(15, 5));
    let mode = &debug.fields[1];
    let values: Vec<_> = mode
        .values
        .iter()
        .map(|value| value.name.as_str())
        .collect();
    assert_eq!(values, ["quiet", "loud"]);
    assert_eq!(mode.values[1].span, Span::new(19, 9));
    let reason = &event.fields[1];
    assert_eq!(reason.name, "__com.redhat_reason");
    assert_eq!(reason.values.len(), 2);
    assert_eq!(
        event.examples[0].json().unwrap()["data"]["__com.redhat_reason"],
        "user"
    );
}

#[test]
fn tabs_indent_members_like_spaces() {
    let text = "STOP\n----\n\nStops.\n\nData:\n\n- \"a\": outer (json-object)\n\t- \"b\": inner (json-int)\n\t\t  more about b\n- \"c\": last (json-bool)\n";
    let parsed = parse(text);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let fields = &parsed.spec.events[0].fields;
    assert_eq!(fields.len(), 2);
    assert_eq!(fields[0].fields[0].name, "b");
    assert_eq!(fields[0].fields[0].description, "inner\nmore about b");
    assert_eq!(fields[0].fields[0].span, Span::new(9, 4));
}

#[test]
fn crlf_and_a_byte_order_mark_read_the_same_as_lf() {
    let lf = common::bundled_spec();
    let crlf: Vec<u8> = String::from_utf8(lf.clone())
        .unwrap()
        .replace('\n', "\r\n")
        .into_bytes();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(&lf);
    let expected = parse_bytes(&lf).spec;
    let from_crlf = parse_bytes(&crlf);
    let from_bom = parse_bytes(&bom);
    assert!(from_crlf.diagnostics.is_empty() && from_bom.diagnostics.is_empty());
    assert_eq!(from_crlf.spec, expected);
    assert_eq!(from_bom.spec, expected);
}

#[test]
fn bytes_that_are_not_utf8_are_reported_at_their_line() {
    let parsed = parse_bytes(b"STOP\n----\n\nStops \xFF\xFE here.\n\nData: None.\n");
    assert_eq!(parsed.diagnostics.len(), 1);
    let diagnostic = &parsed.diagnostics[0];
    assert_eq!(
        (diagnostic.code.as_str(), diagnostic.span),
        (codes::INVALID_UTF8, Span::new(4, 7))
    );
    assert_eq!(parsed.spec.events[0].name, "STOP");
}

/// `(code, line, column, severity)` of every diagnostic.
fn found(text: &str) -> Vec<(String, u32, u32, Severity)> {
    parse(text)
        .diagnostics
        .into_iter()
        .map(|d| (d.code, d.span.line, d.span.column, d.severity))
        .collect()
}

#[test]
fn each_parser_diagnostic_at_its_place() {
    use Severity::{Error, Warning};
    // unfitted-text: prose after the examples that is not a note.
    assert_eq!(
        found(
            "STOP\n----\n\nStops.\n\nData: None.\n\n{ \"event\": \"STOP\" }\n\nStray words here.\n"
        ),
        [(codes::UNFITTED_TEXT.to_owned(), 10, 1, Error)]
    );
    // bad-field: a dash line in a field list that is not `- "name": …`.
    assert_eq!(
        found("STOP\n----\n\nData:\n\n- \"a\": fine (json-int)\n  - oops\n"),
        [(codes::BAD_FIELD.to_owned(), 7, 3, Error)]
    );
    // not-an-event: an underlined heading that names no event, and its body.
    assert_eq!(
        found("STOP\n----\n\nData: None.\n\nSome Appendix\n-------------\n\nWords.\n"),
        [
            (codes::NOT_AN_EVENT.to_owned(), 6, 1, Error),
            (codes::UNFITTED_TEXT.to_owned(), 9, 1, Error)
        ]
    );
    // missing-underline: a bare event name between blank lines is still a heading.
    let text = "STOP\n----\n\nData: None.\n\nRESET\n\nData: None.\n";
    assert_eq!(
        found(text),
        [(codes::MISSING_UNDERLINE.to_owned(), 6, 1, Warning)]
    );
    assert_eq!(parse(text).spec.events.len(), 2);
    // no-events: nothing that looks like an event.
    assert_eq!(
        found("just some text\n"),
        [(codes::NO_EVENTS.to_owned(), 1, 1, Error)]
    );
    assert_eq!(found(""), [(codes::NO_EVENTS.to_owned(), 1, 1, Error)]);
    // unfitted-text: a second `Data:` (found by fuzzing, where it overwrote the first silently).
    let text = "STOP\n----\n\nStops.\n\n  Data: the guest's words\n\nData: None.\n";
    assert_eq!(
        found(text),
        [(codes::UNFITTED_TEXT.to_owned(), 8, 1, Error)]
    );
    assert!(matches!(
        &parse(text).spec.events[0].data,
        qmpgen::text::model::Data::Prose { text, .. } if text == "the guest's words"
    ));
}

#[test]
fn prose_under_a_bare_data_key_is_the_data_and_prose_before_examples_describes() {
    let parsed = parse(
        "ACPI_DEVICE_OST\n---------------\n\nEmitted on _OST.\n\nData:\n\n  ACPIOSTInfo type as described in qapi-schema.json\n\nSTOP\n----\n\nData: None.\n\nThe VM keeps its state.\n\n{ \"event\": \"STOP\" }\n",
    );
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let ost = &parsed.spec.events[0];
    assert!(
        matches!(&ost.data, Data::Reference { type_name, span, .. } if type_name == "ACPIOSTInfo" && *span == Span::new(8, 3))
    );
    let stop = &parsed.spec.events[1];
    assert!(matches!(stop.data, Data::None { .. }));
    assert_eq!(
        stop.description.as_ref().unwrap().text,
        "The VM keeps its state."
    );
}

#[test]
fn short_event_names_take_short_underlines() {
    let parsed = parse("EV\n--\n\nData: None.\n\nE\n-\n\nData: None.\n");
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let names: Vec<_> = parsed
        .spec
        .events
        .iter()
        .map(|event| event.name.as_str())
        .collect();
    assert_eq!(names, ["EV", "E"]);
}

#[test]
fn data_none_followed_by_fields_keeps_both() {
    let parsed = parse("MIGRATION\n---------\n\nData: None.\n\n - \"status\": migration status\n");
    let event = &parsed.spec.events[0];
    assert!(
        matches!(event.data, Data::Fields { declared_none: Some(span), .. } if span == Span::new(4, 1))
    );
    assert_eq!(event.fields[0].name, "status");
}

#[test]
fn an_example_after_the_example_key_on_the_same_line() {
    let parsed =
        parse("STOP\n----\n\nData: None.\n\nExample: { \"event\": \"STOP\",\n  \"x\" 1 }\n");
    let example = &parsed.spec.events[0].examples[0];
    assert_eq!(example.span, Span::new(6, 10));
    let error = example.error().unwrap();
    assert_eq!(error.span, Span::new(7, 7));
}
