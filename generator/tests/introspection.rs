//! A running QEMU's introspection lowered into the model: QEMU 7.2's answer has the 52 events
//! it lists, each with the members, optionality, enum values and union and alternate structure
//! the 7.2 QAPI source gives it; names are readable and stable; the three input forms are one
//! model; hostile inputs are located errors.

use std::path::{Path, PathBuf};

use qmpgen::document::Document;
use qmpgen::introspect::{self, CYCLE, INVALID, UNKNOWN_TYPE};
use qmpgen::model::{Format, Schema, TypeKind, TypeRef};

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data/qapi-schemas")
        .join(path)
}

const INTROSPECTION: &str = "introspection/qemu-7.2-x86_64.json";

fn text() -> String {
    std::fs::read_to_string(data(INTROSPECTION)).unwrap()
}

fn introspection() -> Schema {
    introspect::read(&text(), "qemu-7.2.json").unwrap()
}

/// What a client sees of a type, `depth` levels deep: member names, optionality, enum values,
/// union and alternate structure; integer widths collapsed to `int` as introspection reports them.
fn shape(schema: &Schema, ty: &TypeRef, depth: usize) -> String {
    match ty {
        TypeRef::Builtin(builtin) if builtin.range().is_some() => "int".to_owned(),
        TypeRef::Builtin(builtin) => builtin.name().to_owned(),
        TypeRef::Array(element) => format!("[{}]", shape(schema, element, depth)),
        TypeRef::Unknown(unknown) => format!("{unknown:?}"),
        TypeRef::Named(_) if depth == 0 => "…".to_owned(),
        TypeRef::Named(name) => match &schema.named(name).expect(name).kind {
            TypeKind::Object(_) => members(schema, name, depth),
            TypeKind::Enum(enumeration) => {
                let values: Vec<&str> =
                    enumeration.values.iter().map(|v| v.name.as_str()).collect();
                format!("enum({})", values.join("|"))
            }
            TypeKind::Union(union) => {
                let variants: Vec<String> = union
                    .variants
                    .iter()
                    .map(|variant| {
                        format!("{}: {}", variant.value, members(schema, &variant.ty, depth))
                    })
                    .collect();
                format!(
                    "union({} on {}; {})",
                    members(schema, &union.base, depth),
                    union.discriminator,
                    variants.join(", ")
                )
            }
            TypeKind::Alternate(alternatives) => {
                let branches: Vec<String> = alternatives
                    .iter()
                    .map(|alternative| shape(schema, &alternative.ty, depth - 1))
                    .collect();
                format!("alternate({})", branches.join(" | "))
            }
        },
    }
}

/// An object type's members (its base's first), each with its shape.
fn members(schema: &Schema, name: &str, depth: usize) -> String {
    let members: Vec<String> = schema
        .object_members(name)
        .iter()
        .map(|member| {
            let optional = if member.optional { "?" } else { "" };
            format!(
                "{}{optional}: {}",
                member.name,
                shape(schema, &member.ty, depth - 1)
            )
        })
        .collect();
    format!("{{{}}}", members.join(", "))
}

#[test]
fn qemu_7_2_lowers_into_52_events_that_match_the_qapi_source() {
    let introspection = introspection();
    assert_eq!(introspection.source.format, Format::Introspection);
    assert_eq!(introspection.events.len(), 52);
    assert_eq!(
        introspection.source.qemu.as_deref(),
        Some("7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b2)")
    );
    assert_eq!(introspection.source.files, ["qemu-7.2.json"]);

    let qapi = Document::read(&data("qapi-qmp-0.11.0/qapi/qapi-schema.json"))
        .unwrap()
        .schema();
    let mut compared = 0;
    for event in &introspection.events {
        let Some(source) = qapi.event(&event.name) else {
            continue;
        };
        let ours = event.data.as_ref().map(|ty| shape(&introspection, ty, 4));
        let theirs = source.data.as_ref().map(|ty| shape(&qapi, ty, 4));
        // An event whose data has no members is no data to a client.
        let theirs = theirs.filter(|shape| shape != "{}");
        assert_eq!(ours, theirs, "{}", event.name);
        compared += 1;
    }
    // Every event QEMU 7.2 lists is in its source; the source has more (behind `if`s).
    assert_eq!(compared, 52);
}

#[test]
fn masked_names_are_readable_implicit_and_stable() {
    let schema = introspection();
    let shutdown = schema.event("SHUTDOWN").unwrap();
    assert_eq!(
        shutdown.data,
        Some(TypeRef::Named("q_obj_SHUTDOWN-arg".to_owned()))
    );
    let data = schema.named("q_obj_SHUTDOWN-arg").unwrap();
    assert!(data.implicit);
    let reason = &schema.object_members("q_obj_SHUTDOWN-arg")[1];
    assert_eq!(reason.name, "reason");
    assert_eq!(reason.ty, TypeRef::Named("ShutdownReason".to_owned()));
    assert!(schema.named("ShutdownReason").unwrap().implicit);
    // A union's branches are named after the union and their case, its base after the union.
    assert!(matches!(
        &schema.named("GuestPanickedInfo").unwrap().kind,
        TypeKind::Union(union) if union.base == "GuestPanickedInfoBase"
            && union.variants[0].ty == "GuestPanickedInfoHyperV"
    ));
    // No number is left as a name, and every name is its type's.
    for (name, named) in &schema.types {
        assert_eq!(name, &named.name);
        assert!(!name.bytes().all(|byte| byte.is_ascii_digit()), "{name}");
    }
    assert_eq!(
        schema,
        introspection(),
        "lowering twice gives the same model"
    );
}

#[test]
fn entries_keep_their_place_in_the_file() {
    let text = text();
    let schema = introspection();
    let shutdown = schema.event("SHUTDOWN").unwrap();
    let line = text.lines().nth(shutdown.span.line as usize - 1).unwrap();
    assert_eq!(&line[shutdown.span.column as usize - 1..], "{");
    let next = text.lines().nth(shutdown.span.line as usize).unwrap();
    assert!(next.contains("\"SHUTDOWN\""), "{next}");
    let reason = &schema.object_members("q_obj_SHUTDOWN-arg")[1];
    let member_lines: Vec<&str> = text
        .lines()
        .skip(reason.span.line as usize)
        .take(3)
        .collect();
    assert!(
        member_lines.iter().any(|line| line.contains("\"reason\"")),
        "{member_lines:?}"
    );
}

/// `schema` as JSON without its places (the forms put the entries at other places) or its QEMU.
fn placeless(schema: &Schema) -> serde_json::Value {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                map.remove("span");
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut schema = schema.clone();
    schema.source.qemu = None;
    let mut value = serde_json::to_value(&schema).unwrap();
    strip(&mut value);
    value
}

#[test]
fn the_wrapper_the_bare_array_and_the_raw_reply_are_one_model() {
    let wrapper: serde_json::Value = serde_json::from_str(&text()).unwrap();
    let array = serde_json::to_string_pretty(&wrapper["schema"]).unwrap();
    let reply =
        serde_json::to_string(&serde_json::json!({"return": wrapper["schema"], "id": 1})).unwrap();
    let expected = placeless(&introspection());
    for (form, text) in [("array", &array), ("reply", &reply)] {
        assert_eq!(
            qmpgen::document::detect(text.as_bytes()),
            Format::Introspection
        );
        let schema = introspect::read(text, "qemu-7.2.json").unwrap();
        assert_eq!(schema.source.qemu, None, "{form}");
        assert_eq!(placeless(&schema), expected, "{form}");
    }
}

/// The error reading `text`: its code, line and column.
fn error(text: &str) -> (String, u32, u32) {
    let finding = introspect::read(text, "hostile.json").unwrap_err();
    let diagnostic = finding.diagnostic;
    (
        diagnostic.code,
        diagnostic.span.line,
        diagnostic.span.column,
    )
}

#[test]
fn hostile_inputs_are_located_errors() {
    // Not JSON: where serde_json stopped.
    assert_eq!(
        error("[\n  {\"name\": \"STOP\",, }\n]"),
        (INVALID.to_owned(), 2, 19)
    );
    assert_eq!(error("{\"schema\": [").0, INVALID);
    // JSON of the wrong shape: an entry without its meta-type, an object without schema.
    let (code, line, _) = error("[\n{\"name\": \"STOP\"}\n]");
    assert_eq!((code.as_str(), line), (INVALID, 2));
    assert_eq!(
        error("{\"qemu\": {\"qemu\": {\"major\": 7, \"minor\": 2, \"micro\": 0}}}"),
        (INVALID.to_owned(), 1, 1)
    );
    assert_eq!(error("{\"schema\": [], \"return\": []}").0, INVALID);
    // A member type that names nothing: at the member.
    let dangling = r#"[
{"name": "E", "meta-type": "event", "arg-type": "1"},
{"name": "1", "meta-type": "object", "members": [
  {"name": "a", "type": "str"},
  {"name": "b", "type": "99"}]}
]"#;
    assert_eq!(error(dangling), (UNKNOWN_TYPE.to_owned(), 5, 3));
    // An event whose data names nothing: at the event.
    assert_eq!(
        error(r#"[{"name": "E", "meta-type": "event", "arg-type": "7"}]"#),
        (UNKNOWN_TYPE.to_owned(), 1, 2)
    );
    // An array of itself, an alternate that is its own branch: at the type that closes the loop.
    let array = r#"[
{"name": "E", "meta-type": "event", "arg-type": "1"},
{"name": "1", "meta-type": "object", "members": [{"name": "a", "type": "[2]"}]},
{"name": "[2]", "meta-type": "array", "element-type": "[2]"}
]"#;
    assert_eq!(error(array), (CYCLE.to_owned(), 4, 1));
    let alternate = r#"[
{"name": "E", "meta-type": "event", "arg-type": "1"},
{"name": "1", "meta-type": "object", "members": [{"name": "a", "type": "2"}]},
{"name": "2", "meta-type": "alternate", "members": [{"type": "str"}, {"type": "3"}]},
{"name": "3", "meta-type": "alternate", "members": [{"type": "2"}]}
]"#;
    assert_eq!(error(alternate), (CYCLE.to_owned(), 4, 1));
    // A tree (an object whose member holds the object) is no loop.
    let tree = r#"[
{"name": "E", "meta-type": "event", "arg-type": "1"},
{"name": "1", "meta-type": "object", "members": [{"name": "kids", "type": "[1]", "default": null}]},
{"name": "[1]", "meta-type": "array", "element-type": "1"}
]"#;
    let schema = introspect::read(tree, "tree.json").unwrap();
    let kids = &schema.object_members("q_obj_E-arg")[0];
    assert!(kids.optional);
    assert_eq!(
        kids.ty,
        TypeRef::Array(Box::new(TypeRef::Named("q_obj_E-arg".to_owned())))
    );
}

#[test]
fn a_document_reads_an_introspection_and_reports_its_error_in_its_file() {
    let document = Document::read(&data(INTROSPECTION)).unwrap();
    assert_eq!(document.format(), Format::Introspection);
    assert!(!document.has_errors());
    assert_eq!(document.schema().events.len(), 52);
    assert_eq!(
        document.schema_named("qemu.json").source.files,
        ["qemu.json"]
    );

    let broken = Document::from_bytes("broken.json", b"[\n  {\"name\": 1}\n]\n".to_vec());
    assert_eq!(broken.format(), Format::Introspection);
    assert!(broken.has_errors());
    let findings = broken.findings();
    assert_eq!(findings.len(), 1);
    let headline = broken.headline(&findings[0]);
    assert!(headline.starts_with("broken.json:2:"), "{headline}");
    assert!(
        headline.contains("error[introspection-invalid]"),
        "{headline}"
    );
    assert_eq!(broken.schema().source.format, Format::Introspection);
}
