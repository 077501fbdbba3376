//! The bundled spec (QEMU 2012-02, spec/qmp-events.txt) read event by event: every event, field,
//! type, optionality, enumerated value and nested member, with the lines they stand on, as a
//! careful reader of the document sees them.

mod common;

use qmpgen::text::model::{Data, Field, Spec, Type};
use qmpgen::text::parse::parse_bytes;

fn bundled() -> Spec {
    let bytes = common::bundled_spec();
    let parsed = parse_bytes(&bytes);
    assert!(
        parsed.diagnostics.is_empty(),
        "the bundled spec reads without diagnostics: {:?}",
        parsed.diagnostics
    );
    parsed.spec
}

/// One line per field: `name:type[?][=v1|v2]@line`, members indented below.
fn fields(out: &mut Vec<String>, fields: &[Field], depth: usize) {
    for field in fields {
        let ty = field.ty.as_ref().map_or("-", Type::as_str);
        let optional = if field.optional { "?" } else { "" };
        let values: Vec<&str> = field
            .values
            .iter()
            .map(|value| value.name.as_str())
            .collect();
        let values = if values.is_empty() {
            String::new()
        } else {
            format!("={}", values.join("|"))
        };
        out.push(format!(
            "{}{}:{ty}{optional}{values}@{}",
            "  ".repeat(depth),
            field.name,
            field.span.line
        ));
        self::fields(out, &field.fields, depth + 1);
    }
}

fn outline(spec: &Spec) -> Vec<String> {
    let mut out = Vec::new();
    for event in &spec.events {
        let data = match &event.data {
            Data::None { span } => format!("none@{}", span.line),
            Data::Fields {
                span,
                declared_none: None,
            } => format!("fields@{}", span.line),
            other => format!("{other:?}"),
        };
        let examples: Vec<String> = event
            .examples
            .iter()
            .map(|example| example.span.line.to_string())
            .collect();
        let notes: Vec<String> = event
            .notes
            .iter()
            .map(|note| note.span.line.to_string())
            .collect();
        out.push(format!(
            "{}@{} data={data} examples={} notes={}",
            event.name,
            event.span.line,
            examples.join(","),
            notes.join(",")
        ));
        fields(&mut out, &event.fields, 1);
    }
    out
}

#[test]
fn every_event_field_type_and_value_of_the_bundled_spec() {
    let spec = bundled();
    assert_eq!(
        spec.title.as_ref().map(|title| title.text.as_str()),
        Some("QEMU Monitor Protocol Events")
    );
    let expected = [
        "BLOCK_IO_ERROR@4 data=fields@9 examples=20 notes=26",
        "  device:json-string@11",
        "  operation:json-string=read|write@12",
        "  action:json-string=ignore|report|stop@13",
        "DEVICE_TRAY_MOVED@29 data=fields@35 examples=41 notes=",
        "  device:json-string@37",
        "  tray-open:json-bool@38",
        "RESET@47 data=none@52 examples=56 notes=",
        "RESUME@59 data=none@64 examples=68 notes=",
        "RTC_CHANGE@71 data=fields@76 examples=82 notes=",
        "  offset:json-number@78",
        "SHUTDOWN@86 data=none@91 examples=95 notes=98",
        "STOP@101 data=none@106 examples=110 notes=",
        "VNC_CONNECTED@113 data=fields@118 examples=132 notes=141",
        "  server:json-object@120",
        "    host:json-string@121",
        "    service:json-string@122",
        "    family:json-string=ipv4|ipv6@123",
        "    auth:json-string?@124",
        "  client:json-object@125",
        "    host:json-string@126",
        "    service:json-string@127",
        "    family:json-string=ipv4|ipv6@128",
        "VNC_DISCONNECTED@144 data=fields@149 examples=165 notes=",
        "  server:json-object@151",
        "    host:json-string@152",
        "    service:json-string@153",
        "    family:json-string=ipv4|ipv6@154",
        "    auth:json-string?@155",
        "  client:json-object@156",
        "    host:json-string@157",
        "    service:json-string@158",
        "    family:json-string=ipv4|ipv6@159",
        "    x509_dname:json-string?@160",
        "    sasl_username:json-string?@161",
        "VNC_INITIALIZED@173 data=fields@179 examples=195 notes=",
        "  server:json-object@181",
        "    host:json-string@182",
        "    service:json-string@183",
        "    family:json-string=ipv4|ipv6@184",
        "    auth:json-string?@185",
        "  client:json-object@186",
        "    host:json-string@187",
        "    service:json-string@188",
        "    family:json-string=ipv4|ipv6@189",
        "    x509_dname:json-string?@190",
        "    sasl_username:json-string?@191",
        "SPICE_CONNECTED@203 data=fields@208 examples=221 notes=",
        "  server:json-object@210",
        "    host:json-string@211",
        "    port:json-string@212",
        "    family:json-string=ipv4|ipv6@213",
        "  client:json-object@214",
        "    host:json-string@215",
        "    port:json-string@216",
        "    family:json-string=ipv4|ipv6@217",
        "SPICE_DISCONNECTED@203 data=fields@208 examples=221 notes=",
        "  server:json-object@210",
        "    host:json-string@211",
        "    port:json-string@212",
        "    family:json-string=ipv4|ipv6@213",
        "  client:json-object@214",
        "    host:json-string@215",
        "    port:json-string@216",
        "    family:json-string=ipv4|ipv6@217",
        "SPICE_INITIALIZED@229 data=fields@235 examples=257 notes=",
        "  server:json-object@237",
        "    host:json-string@238",
        "    port:json-string@239",
        "    family:json-string=ipv4|ipv6@240",
        "    auth:json-string?@241",
        "  client:json-object@242",
        "    host:json-string@243",
        "    port:json-string@244",
        "    family:json-string=ipv4|ipv6@245",
        "    connection-id:json-int@246",
        "    channel-type:json-int@248",
        "    channel-id:json-int@250",
        "    tls:json-bool@253",
        "WATCHDOG@267 data=fields@272 examples=279 notes=283",
        "  action:json-string=reset|shutdown|poweroff|pause|debug|none@274",
        "BLOCK_JOB_COMPLETED@287 data=fields@292 examples=309 notes=",
        "  type:json-string=stream@294",
        "  device:json-string@295",
        "  len:json-int@296",
        "  offset:json-int@297",
        "  speed:json-int@300",
        "  error:json-string?@301",
        "BLOCK_JOB_CANCELLED@316 data=fields@321 examples=333 notes=",
        "  type:json-string=stream@323",
        "  device:json-string@324",
        "  len:json-int@325",
        "  offset:json-int@326",
        "  speed:json-int@329",
    ];
    assert_eq!(outline(&spec), expected);
}

#[test]
fn descriptions_notes_and_examples_keep_the_documents_words() {
    let spec = bundled();
    let io_error = spec.event("BLOCK_IO_ERROR").unwrap();
    assert_eq!(
        io_error.description.as_ref().unwrap().text,
        "Emitted when a disk I/O error occurs."
    );
    assert_eq!(
        io_error.fields[2].description,
        "action that has been taken, it's one of the following:"
    );
    assert_eq!(
        io_error.fields[2].values[2].description.as_deref(),
        Some("error caused VM to be stopped")
    );
    assert_eq!(
        io_error.notes[0].text,
        "If action is \"stop\", a STOP event will eventually follow the\nBLOCK_IO_ERROR event."
    );
    let example = &io_error.examples[0];
    assert_eq!(example.json().unwrap()["data"]["action"], "stop");
    assert_eq!(example.text.lines().count(), 5);

    let completed = spec.event("BLOCK_JOB_COMPLETED").unwrap();
    assert_eq!(
        completed.fields[0].values[0].description.as_deref(),
        Some("for image streaming")
    );
    assert_eq!(
        completed.fields[3].description,
        "Current progress value\nOn success this is equal to len.\nOn failure this is less than len."
    );

    let spice = spec.event("SPICE_INITIALIZED").unwrap();
    let channel_type = &spice.fields[1].fields[4];
    assert_eq!(channel_type.name, "channel-type");
    assert!(
        channel_type.values.is_empty(),
        "\"1\" in an int's description is prose, not a value"
    );
    let tray = spec.event("DEVICE_TRAY_MOVED").unwrap();
    assert_eq!(tray.fields[1].annotation.as_ref().unwrap().span.line, 39);
    assert_eq!(tray.examples[0].label, None);

    // Every example of the 2012 document is valid JSON.
    for event in &spec.events {
        for example in &event.examples {
            assert!(
                example.error().is_none(),
                "{} example at line {}",
                event.name,
                example.span.line
            );
        }
    }
}

#[test]
fn a_shared_heading_gives_one_event_per_name_with_its_own_column() {
    let spec = bundled();
    let connected = spec.event("SPICE_CONNECTED").unwrap();
    let disconnected = spec.event("SPICE_DISCONNECTED").unwrap();
    assert_eq!(connected.heading, disconnected.heading);
    assert_eq!(
        connected.heading.names,
        ["SPICE_CONNECTED", "SPICE_DISCONNECTED"]
    );
    assert_eq!((connected.span.column, disconnected.span.column), (1, 18));
    assert_eq!(connected.fields, disconnected.fields);
}
