//! The validators' tables planned from the model (`qmpgen::tables`) for the shapes a QAPI schema
//! has and the text does not: a base's members, flat unions, alternates, arrays, sized integers
//! and `null`, built as the runtime's owned tables and judged by its walk.

#![cfg(feature = "analysis")]

use qmp_events_runtime::validate::validate_str;
use qmp_events_runtime::{Mode, ViolationKind};
use qmpgen::model::{
    Alternative, Builtin, Doc, EnumType, EnumValue, Event, Member, NamedType, ObjectType, Schema,
    Span, TypeKind, TypeRef, UnionType, Variant,
};

fn span(line: u32) -> Span {
    Span::new(line, 1)
}

fn member(name: &str, line: u32, ty: TypeRef, optional: bool) -> Member {
    Member {
        name: name.to_owned(),
        span: span(line),
        ty,
        optional,
        doc: None,
        since: None,
        features: Vec::new(),
        condition: None,
    }
}

fn named(name: &str, line: u32, kind: TypeKind) -> (String, NamedType) {
    let ty = NamedType {
        name: name.to_owned(),
        span: span(line),
        kind,
        doc: Doc::default(),
        since: None,
        features: Vec::new(),
        condition: None,
        implicit: false,
    };
    (name.to_owned(), ty)
}

fn object(base: Option<&str>, members: Vec<Member>) -> TypeKind {
    TypeKind::Object(ObjectType {
        base: base.map(str::to_owned),
        members,
    })
}

fn builtin(builtin: Builtin) -> TypeRef {
    TypeRef::Builtin(builtin)
}

fn to(name: &str) -> TypeRef {
    TypeRef::Named(name.to_owned())
}

/// One event `E` whose data has a base, an array of `uint8`, `null`, a flat union and an
/// alternate of a string and an object.
fn schema() -> Schema {
    let kind_enum = TypeKind::Enum(EnumType {
        values: ["a", "b"]
            .into_iter()
            .map(|value| EnumValue {
                name: value.to_owned(),
                span: span(20),
                doc: None,
                since: None,
                features: Vec::new(),
                condition: None,
            })
            .collect(),
    });
    let types = [
        named(
            "Base",
            2,
            object(None, vec![member("id", 3, builtin(Builtin::Int8), false)]),
        ),
        named(
            "Data",
            4,
            object(
                Some("Base"),
                vec![
                    member(
                        "list",
                        5,
                        TypeRef::Array(Box::new(builtin(Builtin::Uint8))),
                        true,
                    ),
                    member("nothing", 6, builtin(Builtin::Null), true),
                    member("u", 7, to("U"), true),
                    member("alt", 8, to("Alt"), true),
                    member("size", 9, builtin(Builtin::Size), true),
                ],
            ),
        ),
        named("Kind", 20, kind_enum),
        named(
            "UBase",
            21,
            object(None, vec![member("kind", 22, to("Kind"), false)]),
        ),
        named(
            "UA",
            23,
            object(
                None,
                vec![member("a-only", 24, builtin(Builtin::Str), false)],
            ),
        ),
        named(
            "U",
            25,
            TypeKind::Union(UnionType {
                base: "UBase".to_owned(),
                discriminator: "kind".to_owned(),
                variants: vec![Variant {
                    value: "a".to_owned(),
                    ty: "UA".to_owned(),
                    span: span(26),
                    condition: None,
                }],
            }),
        ),
        named(
            "Alt",
            30,
            TypeKind::Alternate(
                [builtin(Builtin::Str), to("UA")]
                    .into_iter()
                    .map(|ty| Alternative {
                        ty,
                        span: span(31),
                        condition: None,
                    })
                    .collect(),
            ),
        ),
    ];
    Schema {
        events: vec![Event {
            name: "E".to_owned(),
            span: span(1),
            data: Some(to("Data")),
            data_span: Some(span(4)),
            doc: Doc::default(),
            since: None,
            features: Vec::new(),
            condition: None,
        }],
        types: types.into_iter().collect(),
        ..Schema::default()
    }
}

/// (pointer, kind, spec_line) of each violation of `E` with `data`.
fn found(data: &str) -> Vec<(String, ViolationKind, Option<u32>)> {
    let tables = qmpgen::tables::runtime_schema(&schema());
    let text = format!(
        r#"{{"event": "E", "data": {data}, "timestamp": {{"seconds": 1, "microseconds": 2}}}}"#
    );
    validate_str(&tables, &text, Mode::Strict)
        .violations
        .into_iter()
        .map(|violation| (violation.path, violation.kind, violation.spec_line))
        .collect()
}

fn one(path: &str, kind: ViolationKind, line: u32) -> Vec<(String, ViolationKind, Option<u32>)> {
    vec![(path.to_owned(), kind, Some(line))]
}

#[test]
fn every_shape_of_the_model_is_judged() {
    use ViolationKind::*;
    let good = r#"{"id": -128, "list": [0, 255], "nothing": null, "u": {"kind": "a", "a-only": "x"},
        "alt": {"a-only": "y"}, "size": 18446744073709551615}"#;
    assert_eq!(found(good), []);
    assert_eq!(found(r#"{"id": 1, "alt": "s", "u": {"kind": "b"}}"#), []);
    // The base's member is the object's.
    assert_eq!(found("{}"), one("/data/id", MissingField, 3));
    assert_eq!(found(r#"{"id": 128}"#), one("/data/id", OutOfRange, 3));
    assert_eq!(
        found(r#"{"id": 1, "list": [1, 256]}"#),
        one("/data/list/1", OutOfRange, 5)
    );
    assert_eq!(
        found(r#"{"id": 1, "nothing": 0}"#),
        one("/data/nothing", WrongType, 6)
    );
    assert_eq!(
        found(r#"{"id": 1, "u": {"kind": "a"}}"#),
        one("/data/u/a-only", MissingField, 24)
    );
    assert_eq!(
        found(r#"{"id": 1, "u": {"kind": "c"}}"#),
        one("/data/u/kind", UndocumentedValue, 22)
    );
    assert_eq!(
        found(r#"{"id": 1, "alt": 1}"#),
        one("/data/alt", WrongType, 8)
    );
    assert_eq!(
        found(r#"{"id": 1, "alt": {}}"#),
        one("/data/alt/a-only", MissingField, 24)
    );
    assert_eq!(
        found(r#"{"id": 1, "size": -1}"#),
        one("/data/size", OutOfRange, 9)
    );
}

#[test]
fn the_code_generator_writes_every_shape_as_statics() {
    let tokens = qmpgen::codegen::validate::tokens(&schema(), &qmpgen::codegen::DocRef::new("x"));
    let file: syn::File = syn::parse2(tokens).expect("a Rust file");
    let code = prettyplease::unparse(&file);
    if let Some(path) = std::env::var_os("TABLES_CODE_OUT") {
        std::fs::write(path, &code).unwrap();
    }
    for expected in [
        "&ALTERNATES,",
        "static VALUES: [v::Value; 1] = [v::ranged(v::Ranged::Uint8)];",
        r#"v::Union::new(1, "kind", &U)"#,
        r#"v::Variant::new("a", 2)"#,
        "v::Alternate::new(&ALT)",
        r#"v::required("id", 3, v::ranged(v::Ranged::Int8))"#,
        r#"v::optional("nothing", 6, v::NULL)"#,
        r#"v::optional("list", 5, v::array(0))"#,
    ] {
        assert!(code.contains(expected), "{expected}\n{code}");
    }
}
