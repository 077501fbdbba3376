//! The text front end lowered into the shared model: over every real version, and on crafted
//! documents for each of the text's shapes.

mod common;

use std::collections::BTreeSet;

use qmpgen::model::{Builtin, Format, Schema, TypeKind, TypeRef, Unknown};
use qmpgen::text::lower::lower;
use qmpgen::text::parse::{parse, parse_bytes};

/// Every type a reference names, by name, resolves in the schema.
fn assert_resolved(schema: &Schema, ty: &TypeRef, at: &str) {
    match ty {
        TypeRef::Named(name) => assert!(schema.named(name).is_some(), "{at}: {name} is defined"),
        TypeRef::Array(element) => assert_resolved(schema, element, at),
        TypeRef::Builtin(_) | TypeRef::Unknown(_) => {}
    }
}

#[test]
fn every_version_lowers_each_event_once_with_every_type_defined() {
    for (name, bytes) in common::history_versions() {
        let spec = parse_bytes(&bytes).spec;
        let schema = lower(&spec, &name);
        assert_eq!(schema.source.format, Format::Text);
        assert_eq!(schema.source.files, std::slice::from_ref(&name));
        let distinct: BTreeSet<&str> = spec.events.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(schema.events.len(), distinct.len(), "{name}");
        for event in &schema.events {
            if let Some(data) = &event.data {
                assert_resolved(&schema, data, &format!("{name} {}", event.name));
            }
        }
        for ty in schema.types.values() {
            if let TypeKind::Object(object) = &ty.kind {
                let names: BTreeSet<&str> =
                    object.members.iter().map(|m| m.name.as_str()).collect();
                assert_eq!(
                    names.len(),
                    object.members.len(),
                    "{name} {}: each member once",
                    ty.name
                );
                for member in &object.members {
                    assert_resolved(&schema, &member.ty, &format!("{name} {}", ty.name));
                }
            }
        }
    }
}

#[test]
fn each_shape_lowers_to_its_model_type() {
    let text = "\
SPICE_CONNECTED, SPICE_DISCONNECTED
-----------------------------------

Emitted when a SPICE client connects or disconnects.

Data:

- \"server\": Server information (json-object)
  - \"host\": IP address (json-string)
  - \"port\": port number (json-int)
- \"action\": action taken, one of the following (json-string, optional):
    \"report\": reported
    \"ignore\": ignored
    \"report\": reported again
- \"odd\": something (json-str)
- \"bare\": nothing said
- \"blob\": some object (json-object)
- \"result\": DumpQueryResult type described in qapi-schema.json
- \"action\": said again (json-int)

Example:

{ \"event\": \"SPICE_CONNECTED\",
  \"data\": { \"server\": { \"host\": \"127.0.0.1\", \"port\": 5900 } },
  \"timestamp\": { \"seconds\": 1290688046, \"microseconds\": 388707 } }

STOP
----

Data: None.

ACPI_DEVICE_OST
---------------

Data: ACPIOSTInfo type as described in qapi-schema.json
";
    let parsed = parse(text);
    assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
    let schema = lower(&parsed.spec, "crafted.txt");
    let names: Vec<&str> = schema.events.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "SPICE_CONNECTED",
            "SPICE_DISCONNECTED",
            "STOP",
            "ACPI_DEVICE_OST"
        ]
    );

    // One heading, one data type.
    let connected = schema.event("SPICE_CONNECTED").unwrap();
    let data = TypeRef::Named("q_obj_SPICE_CONNECTED-arg".to_owned());
    assert_eq!(connected.data.as_ref(), Some(&data));
    assert_eq!(
        schema.event("SPICE_DISCONNECTED").unwrap().data.as_ref(),
        Some(&data)
    );
    assert_eq!(connected.doc.examples.len(), 1);
    let example = &connected.doc.examples[0];
    assert_eq!(example.lines.len(), 3);
    assert_eq!(example.lines[1].column, 1);
    // The byte of `"data"` on the example's second line.
    let offset = example.text.find("\"data\"").unwrap();
    let at = example.place(offset);
    assert_eq!((at.line, at.column), (example.lines[0].line + 1, 3));

    let members = schema.object_members("q_obj_SPICE_CONNECTED-arg");
    let member = |name: &str| members.iter().find(|m| m.name == name).copied().unwrap();
    // First documentation wins: `action` is the enumerated string, not the json-int.
    assert_eq!(members.len(), 6);
    assert_eq!(
        member("action").ty,
        TypeRef::Named("SpiceConnectedAction".to_owned())
    );
    assert!(member("action").optional);
    let TypeKind::Enum(action) = &schema.named("SpiceConnectedAction").unwrap().kind else {
        panic!("an enum")
    };
    let values: Vec<&str> = action.values.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(values, ["report", "ignore"]);

    assert_eq!(
        member("server").ty,
        TypeRef::Named("SpiceConnectedServer".to_owned())
    );
    let server = schema.object_members("SpiceConnectedServer");
    assert_eq!(server[0].ty, TypeRef::Builtin(Builtin::Str));
    assert_eq!(server[1].ty, TypeRef::Builtin(Builtin::AnyInt));
    assert_eq!(
        schema
            .named("SpiceConnectedServer")
            .unwrap()
            .doc
            .description
            .as_ref()
            .unwrap()
            .text,
        "Server information"
    );
    assert_eq!(
        member("odd").ty,
        TypeRef::Unknown(Unknown::Annotation {
            word: "json-str".to_owned()
        })
    );
    assert_eq!(member("bare").ty, TypeRef::Unknown(Unknown::Unannotated));
    assert_eq!(member("blob").ty, TypeRef::Unknown(Unknown::Members));
    assert_eq!(
        member("result").ty,
        TypeRef::Unknown(Unknown::Elsewhere {
            name: "DumpQueryResult".to_owned()
        })
    );

    let stop = schema.event("STOP").unwrap();
    assert_eq!(stop.data, None);
    assert!(stop.data_span.is_some());
    assert_eq!(
        schema.event("ACPI_DEVICE_OST").unwrap().data,
        Some(TypeRef::Unknown(Unknown::Elsewhere {
            name: "ACPIOSTInfo".to_owned()
        }))
    );
}

/// Two events whose members have the same shapes, each described in its own words.
const SAME_SHAPES: &str = "\
A_EVENT
-------

Data:

- \"info\": info (json-object)
  - \"id\": id (json-string)
  - \"mode\": mode, one of the following (json-string):
    \"on\": on
    \"off\": off

B_EVENT
-------

Data:

- \"other\": more (json-object)
  - \"id\": its id (json-string)
  - \"mode\": its mode, one of the following (json-string):
    \"on\": turned on
    \"off\": turned off
- \"count\": count (json-int, optional)
";

#[test]
fn each_documented_object_is_a_type_of_its_own() {
    let schema = lower(&parse(SAME_SHAPES).spec, "shapes.txt");
    let b = schema.object_members("q_obj_B_EVENT-arg");
    assert_eq!(b[0].ty, TypeRef::Named("BEventOther".to_owned()));
    let other = schema.object_members("BEventOther");
    assert_eq!(other[0].doc.as_ref().unwrap().text, "its id");
    assert_eq!(other[1].ty, TypeRef::Named("BEventOtherMode".to_owned()));
    let TypeKind::Enum(mode) = &schema.named("BEventOtherMode").unwrap().kind else {
        panic!("an enum")
    };
    assert_eq!(mode.values[0].doc.as_ref().unwrap().text, "turned on");
    assert_eq!(mode.values[0].span.line, 20);
    // Two objects and two enums, besides the events' own data objects.
    assert_eq!(schema.types.len(), 6);
}

#[test]
fn an_example_on_its_keys_line_maps_offsets_to_the_document() {
    let text = "STOP\n----\n\nData: None.\n\nExample: { \"event\": \"STOP\",\n  \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }\n";
    let parsed = parse(text);
    let schema = lower(&parsed.spec, "stop.txt");
    let example = &schema.events[0].doc.examples[0];
    let brace = example.text.find('{').unwrap();
    assert_eq!(
        (example.place(brace).line, example.place(brace).column),
        (6, 10)
    );
    let seconds = example.text.find("\"seconds\"").unwrap();
    assert_eq!(
        (example.place(seconds).line, example.place(seconds).column),
        (7, 18)
    );
}

#[test]
fn shapes_written_twice_have_one_structure_key() {
    let schema = lower(&parse(SAME_SHAPES).spec, "shapes.txt");
    let named = |name: &str| TypeRef::Named(name.to_owned());
    assert_eq!(
        schema.shape(&named("AEventInfo")),
        schema.shape(&named("BEventOther"))
    );
    assert_eq!(
        schema.shape(&named("AEventInfo")),
        r#"{"id":str;"mode":enum["on", "off"];}"#
    );
    assert_ne!(
        schema.shape(&named("q_obj_A_EVENT-arg")),
        schema.shape(&named("q_obj_B_EVENT-arg"))
    );
    assert_eq!(
        schema.shape(&TypeRef::Array(Box::new(TypeRef::Builtin(Builtin::Int)))),
        "[int]"
    );
}
