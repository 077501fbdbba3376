//! The code generated for the crafted documents in `generator/tests/fixtures/` (awkward names,
//! every data shape, shared types) compiles as modules side by side, passes clippy with the
//! rest of the tests, and reads and writes messages. `tests/golden/*.rs` holds that code; a test
//! fails when it is stale and rewrites it when run with `UPDATE_GENERATED=1`.

use std::path::Path;

use serde_json::json;

// A test crate uses only some of each module's API; a library would export the rest.
#[allow(dead_code)]
mod names {
    include!("golden/names.rs");
}
#[allow(dead_code)]
mod shapes {
    include!("golden/shapes.rs");
}
#[allow(dead_code)]
mod shared {
    include!("golden/shared.rs");
}

const FIXTURES: [&str; 3] = ["names", "shapes", "shared"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn golden_files_are_fresh() {
    let update = std::env::var_os("UPDATE_GENERATED").is_some_and(|value| value == "1");
    let mut stale = Vec::new();
    for name in FIXTURES {
        let fixture = root().join(format!("generator/tests/fixtures/{name}.txt"));
        let parsed = qmpgen::text::parse::parse_bytes(&std::fs::read(fixture).unwrap());
        assert!(!parsed.has_errors(), "{name}: {:?}", parsed.diagnostics);
        let doc = qmpgen::codegen::DocRef::new(format!("{name}.txt"));
        let schema = qmpgen::text::lower::lower(&parsed.spec, doc.file());
        let expected = qmpgen::codegen::generate(&schema, &doc);
        let golden = root().join(format!("tests/golden/{name}.rs"));
        if std::fs::read_to_string(&golden).unwrap_or_default() != expected {
            if update {
                std::fs::write(&golden, expected).unwrap();
            } else {
                stale.push(golden.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale: {stale:?}. Run `UPDATE_GENERATED=1 cargo test --test golden` to rewrite them, \
         and review the diff."
    );
}

#[test]
fn awkward_names_map_to_their_wire_names() {
    let text = r#"{"event": "EVENT", "data": {"type": "t", "self": 1, "1st": true,
        "__com.vendor_x": "v", "tray-open": true, "tray_open": false, "mode": "other"},
        "timestamp": {"seconds": 1, "microseconds": 2}}"#;
    let message: names::Message = serde_json::from_str(text).unwrap();
    let names::Event::Event(event) = &message.event else {
        panic!("{:?}", message.event)
    };
    assert_eq!(event.type_, "t");
    assert_eq!(event.self_, 1);
    assert!(event._1st);
    assert_eq!(event.com_vendor_x.as_deref(), Some("v"));
    assert!(event.tray_open && !event.tray_open_2);
    // The documented value "other" is not the `Other` variant for unlisted values.
    assert_eq!(event.mode, names::Event2Mode::Other2);
    assert_eq!(
        names::Event2Mode::from("x"),
        names::Event2Mode::Other("x".into())
    );
    assert_eq!(names::Event2Mode::from("Self"), names::Event2Mode::Self_);
    let written = serde_json::to_value(&message).unwrap();
    assert_eq!(
        written,
        serde_json::from_str::<serde_json::Value>(text).unwrap()
    );

    // An event named UNKNOWN is a documented event, not `Event::Unknown`.
    let unknown: names::Message = serde_json::from_str(
        r#"{"event": "UNKNOWN", "timestamp": {"seconds": 1, "microseconds": 2}}"#,
    )
    .unwrap();
    assert!(matches!(unknown.event, names::Event::Unknown2(_)));
    assert!(unknown.event.is_documented());
}

#[test]
fn data_the_document_does_not_describe_is_kept_as_json() {
    let ost: shapes::Message = serde_json::from_value(json!({
        "event": "ACPI_DEVICE_OST", "data": {"device": "d1", "slot": "0"},
        "timestamp": {"seconds": 1, "microseconds": 2}}))
    .unwrap();
    let shapes::Event::AcpiDeviceOst(data) = &ost.event else {
        panic!("{:?}", ost.event)
    };
    assert_eq!(data.data, json!({"device": "d1", "slot": "0"}));

    // Without data, an event whose data is described in prose is written without data.
    let text = r#"{"event":"VNC_LEGACY","timestamp":{"seconds":1,"microseconds":2}}"#;
    let legacy: shapes::Message = serde_json::from_str(text).unwrap();
    assert_eq!(serde_json::to_string(&legacy).unwrap(), text);

    let mixed: shapes::Message = serde_json::from_value(json!({
        "event": "MIXED", "data": {"untyped": [1], "result": {"status": "completed"},
        "blob": null, "ratio": 0.5}, "timestamp": {"seconds": 1, "microseconds": 2}}))
    .unwrap();
    let shapes::Event::Mixed(mixed) = &mixed.event else {
        panic!("{:?}", mixed.event)
    };
    assert_eq!(mixed.untyped, json!([1]));
    assert_eq!(mixed.ratio.as_ref().and_then(|n| n.as_f64()), Some(0.5));

    // Events without data (documented or not) ignore data.
    for name in ["QUIET", "SILENT"] {
        let message: shapes::Message = serde_json::from_value(json!({
            "event": name, "data": {"new": 1}, "timestamp": {"seconds": 1, "microseconds": 2}}))
        .unwrap();
        assert!(message.event.is_documented());
        assert_eq!(
            serde_json::to_value(&message).unwrap(),
            json!({"event": name, "timestamp": {"seconds": 1, "microseconds": 2}})
        );
    }
}

#[test]
fn identical_objects_and_values_share_one_type() {
    let message: shared::Message = serde_json::from_value(json!({
        "event": "LINK_DOWN",
        "data": {"link": {"host": "10.0.0.1", "family": "ipv4"}, "peer": {"host": "10.0.0.2"},
                 "reason": "off"},
        "timestamp": {"seconds": 1, "microseconds": 2}}))
    .unwrap();
    let shared::Event::LinkDown(down) = message.event else {
        panic!("{:?}", message.event)
    };
    // The types are the ones planned for LINK_UP.
    let link: shared::LinkUpLink = down.link;
    assert_eq!(link.family, shared::LinkUpLinkFamily::Ipv4);
    let reason: shared::LinkUpState = down.reason;
    assert_eq!(reason, shared::LinkUpState::Off);
}
