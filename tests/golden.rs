//! The code generated for the crafted documents in `generator/tests/fixtures/` (awkward names,
//! every data shape, shared types, and a schema built in Rust with every kind of the model)
//! compiles as modules side by side, passes clippy with the
//! rest of the tests, and reads and writes messages. `tests/golden/*.rs` holds that code; a test
//! fails when it is stale and rewrites it when run with `UPDATE_GENERATED=1`.
//!
//! The generated code compiles without a warning, deprecated items and all (`kinds` has some):
//! only a client's own uses of deprecated items warn, as the tests below that use them show by
//! allowing them.
#![deny(warnings)]

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

#[allow(dead_code)]
mod kinds {
    include!("golden/kinds.rs");
}

/// The schema `golden/kinds.rs` is generated from: every kind of the model, built in Rust.
#[path = "../generator/tests/fixtures/kinds.rs"]
mod kinds_schema;

/// The text fixtures, generated through the text front end.
const FIXTURES: [&str; 3] = ["names", "shapes", "shared"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn golden_files_are_fresh() {
    let update = std::env::var_os("UPDATE_GENERATED").is_some_and(|value| value == "1");
    let mut stale = Vec::new();
    let texts = FIXTURES.map(|name| {
        let fixture = root().join(format!("generator/tests/fixtures/{name}.txt"));
        let parsed = qmpgen::text::parse::parse_bytes(&std::fs::read(fixture).unwrap());
        assert!(!parsed.has_errors(), "{name}: {:?}", parsed.diagnostics);
        let schema = qmpgen::text::lower::lower(&parsed.spec, &format!("{name}.txt"));
        (name, schema, format!("{name}.txt"))
    });
    let crafted = ("kinds", kinds_schema::schema(), "kinds.json".to_owned());
    for (name, schema, file) in texts.into_iter().chain([crafted]) {
        let expected = qmpgen::codegen::generate(&schema, &qmpgen::codegen::DocRef::new(file));
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

/// A message of the kinds schema with `data`.
fn kinds_message(event: &str, data: serde_json::Value) -> kinds::Message {
    serde_json::from_value(json!({"event": event, "data": data,
        "timestamp": {"seconds": 1, "microseconds": 2}}))
    .unwrap_or_else(|error| panic!("{event}: {error}"))
}

/// Reading the text of a message of the kinds schema fails.
fn kinds_refuses(event: &str, data: serde_json::Value) -> String {
    let text = json!({"event": event, "data": data,
        "timestamp": {"seconds": 1, "microseconds": 2}})
    .to_string();
    match serde_json::from_str::<kinds::Message>(&text) {
        Ok(message) => panic!("{event}: read {message:?}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn every_builtin_reads_into_its_rust_type_and_writes_back() {
    let data = json!({"i8": -128, "i16": -300, "i32": -70000, "i64": -5_000_000_000_i64,
        "int": 7, "u8": 255, "u16": 65535, "u32": 4_000_000_000_u32,
        "u64": u64::MAX, "size": 1_u64 << 40, "number": 0.5, "flag": true, "name": "n",
        "nothing": null, "anything": {"x": [1]}, "tags": ["a", "b"],
        "drivers": ["nbd", "qcow9"]});
    let message = kinds_message("SCALARS", data.clone());
    let kinds::Event::Scalars(scalars) = &message.event else {
        panic!("{:?}", message.event)
    };
    assert_eq!((scalars.i8, scalars.i16, scalars.i32), (-128, -300, -70000));
    assert_eq!(
        (scalars.u8, scalars.u16, scalars.u64),
        (255, 65535, u64::MAX)
    );
    assert_eq!(scalars.size, 1 << 40);
    assert_eq!(scalars.number, 0.5_f64);
    assert_eq!(scalars.nothing, ());
    assert_eq!(
        scalars.anything.parse::<serde_json::Value>().unwrap(),
        json!({"x": [1]})
    );
    assert_eq!(scalars.tags, ["a", "b"]);
    // An enum in an array keeps a value the schema does not list.
    assert_eq!(
        scalars.drivers,
        Some(vec![
            kinds::BlockdevDriver::Nbd,
            kinds::BlockdevDriver::Other("qcow9".into())
        ])
    );
    assert_eq!(scalars.count, None);
    assert_eq!(scalars.extra, None);
    let written = serde_json::to_value(&message).unwrap();
    assert_eq!(written["data"], data);

    // A sized integer out of its range does not read.
    let mut wide = data.clone();
    wide["i8"] = json!(128);
    assert!(kinds_refuses("SCALARS", wide).contains("128"));
    let mut negative = data.clone();
    negative["size"] = json!(-1);
    assert!(kinds_refuses("SCALARS", negative).contains("-1"));

    // `any` is kept as the JSON text QEMU sent, spacing and all, and written back so.
    let mut text = json!({"event": "SCALARS", "data": data,
        "timestamp": {"seconds": 1, "microseconds": 2}})
    .to_string();
    text = text.replace(r#""anything":{"x":[1]}"#, r#""anything":{"x" : [1.50]}"#);
    let message: kinds::Message = serde_json::from_str(&text).unwrap();
    let kinds::Event::Scalars(scalars) = &message.event else {
        panic!("{:?}", message.event)
    };
    assert_eq!(scalars.anything.as_str(), r#"{"x" : [1.50]}"#);
    assert!(
        serde_json::to_string(&message)
            .unwrap()
            .contains(r#""anything":{"x" : [1.50]}"#)
    );
    // An optional `any` that is `null` is `Some`, and written back.
    let text = text.replace(r#""drivers""#, r#""extra":null,"drivers""#);
    let message: kinds::Message = serde_json::from_str(&text).unwrap();
    let kinds::Event::Scalars(scalars) = &message.event else {
        panic!("{:?}", message.event)
    };
    assert_eq!(
        scalars.extra.as_ref().map(|extra| extra.as_str()),
        Some("null")
    );
    assert!(
        serde_json::to_string(&message)
            .unwrap()
            .contains(r#""extra":null"#)
    );
}

#[test]
fn the_generated_validator_reports_a_sized_integer_out_of_its_range() {
    let data = json!({"i8": 0, "i16": 0, "i32": 0, "i64": 0, "int": 0, "u8": 256, "u16": 0,
        "u32": 0, "u64": 0, "size": -1, "number": 0.5, "flag": true, "name": "n",
        "nothing": null, "anything": 1, "tags": []});
    let text = json!({"event": "SCALARS", "data": data,
        "timestamp": {"seconds": 1, "microseconds": 2}})
    .to_string();
    let report = kinds::validate(&text, qmp_events::Mode::Strict);
    let seen: Vec<(&str, &str, String, String, Option<u32>)> = report
        .violations
        .iter()
        .map(|violation| {
            (
                violation.path.as_str(),
                violation.kind.as_str(),
                violation.expected.to_string(),
                violation.found.to_string(),
                violation.spec_line,
            )
        })
        .collect();
    assert_eq!(
        seen,
        // In the text's order (`json!` sorts the keys).
        [
            (
                "/data/size",
                "out-of-range",
                "an integer from 0 to 18446744073709551615".to_owned(),
                "-1".to_owned(),
                Some(11)
            ),
            (
                "/data/u8",
                "out-of-range",
                "an integer from 0 to 255".to_owned(),
                "256".to_owned(),
                Some(7)
            ),
        ]
    );
    // Within range, the same message is clean.
    let fine = text.replace("256", "255").replace("-1", "0");
    assert!(
        kinds::validate(&fine, qmp_events::Mode::Strict).is_clean(),
        "{fine}"
    );
}

/// Compiles for types that are `Eq`.
fn assert_eq_impl<T: Eq>() {}

#[test]
fn types_without_a_float_are_eq() {
    // `Scalars` holds an `f64` (`number`), and so `Event` and `Message` are `PartialEq` only;
    // the rest compare as `Eq`.
    assert_eq_impl::<kinds::Node>();
    assert_eq_impl::<kinds::NodeInfo>();
    assert_eq_impl::<kinds::Blockdev>();
    assert_eq_impl::<kinds::BlockdevOptions>();
    assert_eq_impl::<kinds::BlockdevOptionsOther>();
    assert_eq_impl::<kinds::Target>();
    assert_eq_impl::<kinds::Migrate>();
    assert_eq_impl::<kinds::BlockdevDriver>();
}

#[test]
fn an_object_with_a_base_has_the_base_members_first() {
    let message = kinds_message(
        "NODE",
        json!({"node-name": "n0", "info": {"size": 4096, "node-name": "n1", "read-only": true}}),
    );
    let kinds::Event::Node(node) = &message.event else {
        panic!("{:?}", message.event)
    };
    assert_eq!(node.node_name, "n0");
    assert_eq!(node.read_only, None);
    assert_eq!(node.info.node_name, "n1");
    assert_eq!(node.info.read_only, Some(true));
    assert_eq!(node.info.size, 4096);
    assert_eq!(node.info.backing, None);
    // A type that holds itself (boxed) reads to any depth.
    let chain = kinds_message(
        "NODE",
        json!({"node-name": "n0", "info": {"size": 1, "node-name": "top",
            "backing": {"size": 2, "node-name": "mid", "backing": {"size": 3, "node-name": "base"}},
            "children": [{"size": 4, "node-name": "child"}]}}),
    );
    let kinds::Event::Node(chain) = &chain.event else {
        panic!("{:?}", chain.event)
    };
    let mid = chain.info.backing.as_deref().unwrap();
    assert_eq!(mid.node_name, "mid");
    assert_eq!(mid.backing.as_ref().map(|base| base.size), Some(3));
    assert_eq!(
        chain
            .info
            .children
            .as_ref()
            .map(|children| children[0].size),
        Some(4)
    );
    // A base member is as required as the type's own.
    assert!(
        kinds_refuses("NODE", json!({"info": {"size": 1, "node-name": "x"}})).contains("node-name")
    );
}

/// The data of a `BLOCKDEV` message.
fn blockdev_of(message: &kinds::Message) -> &kinds::Blockdev {
    match &message.event {
        kinds::Event::Blockdev(blockdev) => blockdev,
        other => panic!("{other:?}"),
    }
}

#[test]
// The variants' structs have the deprecated base member `detect-zeroes`.
#[allow(deprecated)]
fn a_flat_union_reads_the_variant_its_discriminator_names_wherever_it_stands() {
    let message = kinds_message(
        "BLOCKDEV",
        json!({"options": {"host": "h", "port": 10809, "driver": "nbd"},
            "more": [{"driver": "file", "filename": "/f", "node-name": "n"},
                     {"driver": "null-co"}]}),
    );
    let blockdev = blockdev_of(&message);
    assert_eq!(
        blockdev.options,
        kinds::BlockdevOptions::Nbd(kinds::BlockdevOptionsNbd {
            node_name: None,
            detect_zeroes: None,
            host: "h".into(),
            port: Some(10809),
        })
    );
    assert_eq!(
        blockdev.more.as_deref(),
        Some(
            &[
                kinds::BlockdevOptions::File(kinds::BlockdevOptionsFile {
                    node_name: Some("n".into()),
                    detect_zeroes: None,
                    filename: "/f".into(),
                }),
                kinds::BlockdevOptions::NullCo(kinds::BlockdevOptionsNullCo {
                    node_name: None,
                    detect_zeroes: None,
                }),
            ][..]
        )
    );
    // Written with the discriminator first, read back the same.
    let written = serde_json::to_string(&message).unwrap();
    assert!(
        written.contains(r#""options":{"driver":"nbd","host":"h","port":10809}"#),
        "{written}"
    );
    assert_eq!(
        serde_json::from_str::<kinds::Message>(&written).unwrap(),
        message
    );

    // The boxed event's whole data is the union.
    let boxed = kinds_message("BOXED", json!({"driver": "file", "filename": "/g"}));
    let kinds::Event::Boxed(data) = &boxed.event else {
        panic!("{:?}", boxed.event)
    };
    assert!(matches!(&data.data, kinds::BlockdevOptions::File(file) if file.filename == "/g"));

    // A variant's own member is required; the discriminator is required.
    assert!(kinds_refuses("BOXED", json!({"driver": "nbd"})).contains("host"));
    assert!(kinds_refuses("BOXED", json!({"filename": "/g"})).contains("driver"));
}

#[test]
fn a_flat_union_keeps_a_discriminator_value_it_does_not_list() {
    // As QEMU writes it (the discriminator first), and with the discriminator later.
    let first = r#"{"event": "BOXED", "data": {"driver": "qcow9", "node-name": "n0",
        "file": {"filename": "/q"}, "lazy": true}, "timestamp": {"seconds": 1, "microseconds": 2}}"#;
    let later = r#"{"event": "BOXED", "data": {"file": {"filename": "/q"}, "node-name": "n0",
        "lazy": true, "driver": "qcow9"}, "timestamp": {"seconds": 1, "microseconds": 2}}"#;
    let mut members = serde_json::Map::new();
    members.insert("file".into(), json!({"filename": "/q"}));
    members.insert("lazy".into(), json!(true));
    for text in [first, later] {
        let message: kinds::Message = serde_json::from_str(text).unwrap();
        let kinds::Event::Boxed(data) = &message.event else {
            panic!("{:?}", message.event)
        };
        let kinds::BlockdevOptions::Other(other) = &data.data else {
            panic!("{:?}", data.data)
        };
        assert_eq!(other.driver, "qcow9");
        assert_eq!(other.node_name.as_deref(), Some("n0"));
        assert_eq!(other.members, members);
        // The base's members read the same from every variant, this one included.
        assert_eq!(data.data.driver(), "qcow9");
        assert_eq!(data.data.node_name().map(String::as_str), Some("n0"));
        // Written with the discriminator first, read back the same.
        let written = serde_json::to_string(&message).unwrap();
        assert!(
            written.contains(r#""data":{"driver":"qcow9","node-name":"n0","#),
            "{written}"
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&written).unwrap(),
            serde_json::from_str::<serde_json::Value>(first).unwrap()
        );
        assert_eq!(
            serde_json::from_str::<kinds::Message>(&written).unwrap(),
            message
        );
    }
    // Through a `serde_json::Value` too, and in an array.
    let message = kinds_message(
        "BLOCKDEV",
        json!({"options": {"driver": "qcow9"}, "more": [{"host": "h", "driver": "nbd"},
            {"driver": "vvfat", "dir": "/d"}]}),
    );
    let blockdev = blockdev_of(&message);
    assert_eq!(blockdev.options.driver(), "qcow9");
    assert_eq!(blockdev.options.node_name(), None);
    let more = blockdev.more.as_deref().unwrap();
    assert_eq!(
        more.iter()
            .map(|options| options.driver())
            .collect::<Vec<_>>(),
        ["nbd", "vvfat"]
    );
    assert!(matches!(&more[1], kinds::BlockdevOptions::Other(other)
        if other.members.get("dir") == Some(&json!("/d"))));
    // A deprecated base member, read from any variant (a client's use of it warns).
    #[allow(deprecated)]
    let zeroes = more[0].detect_zeroes();
    assert_eq!(zeroes, None);
}

#[test]
// The struct `Endpoint` is deprecated.
#[allow(deprecated)]
fn an_alternate_is_chosen_by_the_json_type_of_the_value() {
    let message = kinds_message(
        "MIGRATE",
        json!({"target": {"host": "h"}, "fallback": "unix:/s"}),
    );
    let kinds::Event::Migrate(migrate) = &message.event else {
        panic!("{:?}", message.event)
    };
    assert_eq!(
        migrate.target,
        kinds::Target::Endpoint(kinds::Endpoint {
            host: "h".into(),
            options: None
        })
    );
    assert_eq!(migrate.fallback, Some(kinds::Target::Str("unix:/s".into())));
    let number = kinds_message("MIGRATE", json!({"target": 4444}));
    let kinds::Event::Migrate(number) = &number.event else {
        panic!("{:?}", number.event)
    };
    assert_eq!(number.target, kinds::Target::Int(4444));
    // Written as the alternative's value alone.
    assert_eq!(
        serde_json::to_value(&message).unwrap()["data"],
        json!({"target": {"host": "h"}, "fallback": "unix:/s"})
    );
    // A value of no alternative's type does not read.
    assert!(kinds_refuses("MIGRATE", json!({"target": true})).contains(
        "invalid value for the alternate Target: expected a string, a number, null or \
             an object"
    ));
    // An alternative reads what its type reads, `any` (`RawJson`) included.
    let message = kinds_message(
        "MIGRATE",
        json!({"target": {"host": "h", "options": {"a": [1, 2.5]}}}),
    );
    let kinds::Event::Migrate(migrate) = &message.event else {
        panic!("{:?}", message.event)
    };
    let kinds::Target::Endpoint(endpoint) = &migrate.target else {
        panic!("{:?}", migrate.target)
    };
    assert_eq!(
        endpoint.options,
        Some(qmp_events::RawJson::from(json!({"a": [1, 2.5]})))
    );
    // A number of an integer alternative's range only.
    kinds_refuses("MIGRATE", json!({"target": 1.5}));

    // `null` is an alternative: in an optional member, it is the value, not the absence, and
    // written back.
    let text = r#"{"event":"MIGRATE","data":{"target":null,"fallback":null},"timestamp":{"seconds":1,"microseconds":2}}"#;
    let message: kinds::Message = serde_json::from_str(text).unwrap();
    let kinds::Event::Migrate(migrate) = &message.event else {
        panic!("{:?}", message.event)
    };
    assert_eq!(migrate.target, kinds::Target::Null(()));
    assert_eq!(migrate.fallback, Some(kinds::Target::Null(())));
    assert_eq!(serde_json::to_string(&message).unwrap(), text);
    let absent = kinds_message("MIGRATE", json!({"target": 1}));
    let kinds::Event::Migrate(absent) = &absent.event else {
        panic!("{:?}", absent.event)
    };
    assert_eq!(absent.fallback, None);
}

#[test]
// The event's struct and variant, an enum type and an enum value are deprecated.
#[allow(deprecated)]
fn deprecated_items_read_and_write_as_the_others() {
    let message = kinds_message("OLD_EVENT", json!({"anything": 1}));
    assert_eq!(message.event, kinds::Event::OldEvent(Box::default()));
    let message = kinds_message(
        "BLOCKDEV",
        json!({"options": {"driver": "host_device", "detect-zeroes": "unmap"},
            "more": [{"driver": "file", "filename": "/f", "detect-zeroes": "auto"}]}),
    );
    let blockdev = blockdev_of(&message);
    assert_eq!(
        blockdev.options,
        kinds::BlockdevOptions::HostDevice(kinds::BlockdevOptionsHostDevice {
            node_name: None,
            detect_zeroes: Some(kinds::BlockdevDetectZeroesOptions::Unmap),
        })
    );
    assert_eq!(
        blockdev.more.as_ref().unwrap()[0].detect_zeroes(),
        Some(&kinds::BlockdevDetectZeroesOptions::Other("auto".into()))
    );
    assert_eq!(
        kinds::BlockdevDriver::from("host_device"),
        kinds::BlockdevDriver::HostDevice
    );
    assert_eq!(
        serde_json::to_value(&message).unwrap()["data"]["options"],
        json!({"driver": "host_device", "detect-zeroes": "unmap"})
    );
}
