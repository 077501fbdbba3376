//! Code generation never panics and always yields a Rust file, whatever the model holds: names
//! with any characters (keywords, digits, punctuation, non-ASCII, collisions, repeats), any
//! prose (Markdown, HTML, quotes, backslashes), every type and data shape, nested members.
//! The model is built directly, so that this holds for anything a parser could produce.

use proptest::prelude::*;
use qmpgen::codegen::{DocRef, generate};
use qmpgen::text::model::{Data, Event, Example, Field, Heading, Span, Spec, Text, Type, Value};

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z_]{1,10}",
        "[a-z][a-z0-9_-]{0,8}",
        proptest::sample::select(vec![
            "type",
            "self",
            "Self",
            "super",
            "crate",
            "Other",
            "other",
            "Event",
            "Message",
            "Unknown",
            "String",
            "Option",
            "__com.vendor_x",
            "1st",
            "",
            "-",
            "é",
            "a b",
        ])
        .prop_map(str::to_owned),
        "\\PC{0,6}",
    ]
}

fn prose() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,40}",
        Just("see [qapi] <b>bold</b> *x* `code ``` \\ \" # heading\n    indented\n".to_owned()),
    ]
}

fn ty() -> impl Strategy<Value = Option<Type>> {
    prop_oneof![
        Just(None),
        Just(Some(Type::String)),
        Just(Some(Type::Int)),
        Just(Some(Type::Bool)),
        Just(Some(Type::Number)),
        Just(Some(Type::Object)),
        name().prop_map(|name| Some(Type::Named(name))),
    ]
}

fn leaf() -> impl Strategy<Value = Field> {
    (
        name(),
        ty(),
        any::<bool>(),
        prose(),
        proptest::collection::vec((name(), proptest::option::of(prose())), 0..4),
    )
        .prop_map(|(name, ty, optional, description, values)| Field {
            name,
            span: Span::new(3, 1),
            ty,
            type_inferred: false,
            annotation: None,
            unknown_words: Vec::new(),
            optional,
            description,
            values: values
                .into_iter()
                .map(|(name, description)| Value {
                    name,
                    span: Span::new(4, 5),
                    description,
                })
                .collect(),
            fields: Vec::new(),
        })
}

fn field() -> impl Strategy<Value = Field> {
    leaf().prop_recursive(2, 12, 4, |inner| {
        (leaf(), proptest::collection::vec(inner, 0..4)).prop_map(|(mut field, members)| {
            field.fields = members;
            field
        })
    })
}

fn data() -> impl Strategy<Value = Data> {
    let span = Span::new(2, 1);
    prop_oneof![
        Just(Data::Unspecified),
        Just(Data::None { span }),
        Just(Data::Fields {
            span,
            declared_none: None
        }),
        (name(), prose()).prop_map(move |(type_name, text)| Data::Reference {
            span,
            type_name,
            text
        }),
        prose().prop_map(move |text| Data::Prose { span, text }),
    ]
}

fn event() -> impl Strategy<Value = Event> {
    (
        name(),
        proptest::option::of(prose()),
        data(),
        proptest::collection::vec(field(), 0..5),
        proptest::collection::vec(prose(), 0..2),
        proptest::option::of(prose()),
    )
        .prop_map(|(name, description, data, fields, notes, example)| Event {
            span: Span::new(1, 1),
            heading: Heading {
                span: Span::new(1, 1),
                text: name.clone(),
                number: None,
                names: vec![name.clone()],
                underline: None,
            },
            name,
            description: description.map(|text| Text {
                span: Span::new(2, 1),
                text,
            }),
            data,
            fields,
            examples: example
                .map(|text| Example::new(Span::new(9, 1), None, text))
                .into_iter()
                .collect(),
            notes: notes
                .into_iter()
                .map(|text| Text {
                    span: Span::new(8, 1),
                    text,
                })
                .collect(),
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_model_generates_a_rust_file(events in proptest::collection::vec(event(), 0..6)) {
        let spec = Spec { title: None, preface: Vec::new(), events };
        let doc = DocRef::new("any.txt");
        let schema = qmpgen::text::lower::lower(&spec, "any.txt");
        let code = generate(&schema, &doc);
        prop_assert!(syn::parse_file(&code).is_ok());
        prop_assert_eq!(code, generate(&schema, &doc));
    }
}
