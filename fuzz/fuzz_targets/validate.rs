//! Arbitrary bytes as one QMP message, through the generated validators and typed reading.
//!
//! What must agree: both modes find the same violations (only severities differ); text and bytes
//! give the same report; a message read into a `serde_json::Value` gets the same violations
//! (order aside) unless it repeats a key (a `Value` keeps one); a message valid in either mode
//! reads as a typed [`Message`], which writes back as a valid message that reads back equal;
//! the tables built at run time from the bundled document (what `qmp-events validate --spec`
//! uses) give the generated `static` tables' report, word for word.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use qmp_events::{Message, Mode, Report, ViolationKind, validate, validate_bytes, validate_value};

/// The violations as (path, kind), in the order found.
fn found(report: &Report) -> Vec<(String, ViolationKind)> {
    report
        .violations
        .iter()
        .map(|violation| (violation.path.clone(), violation.kind))
        .collect()
}

/// The bundled document's validators' tables, built at run time.
static RUN_TIME: LazyLock<qmp_events::__private::validate::Schema> = LazyLock::new(|| {
    let parsed = qmpgen::text::parse::parse(include_str!("../../spec/qmp-events.txt"));
    let model = qmpgen::text::lower::lower(&parsed.spec, "spec/qmp-events.txt");
    qmpgen::tables::runtime_schema(&model)
});

fuzz_target!(|data: &[u8]| {
    let strict = validate_bytes(data, Mode::Strict);
    let lenient = validate_bytes(data, Mode::Lenient);
    for (mode, generated) in [(Mode::Strict, &strict), (Mode::Lenient, &lenient)] {
        let run_time = qmp_events::__private::validate::validate_bytes(&RUN_TIME, data, mode);
        assert_eq!(&run_time, generated, "static and run-time tables disagree");
    }
    assert_eq!(found(&strict), found(&lenient), "the modes disagree");
    assert!(!strict.is_valid() || lenient.is_valid());

    if let Ok(text) = std::str::from_utf8(data) {
        assert_eq!(
            validate(text, Mode::Strict),
            strict,
            "text and bytes disagree"
        );
    }

    let repeats = strict
        .violations
        .iter()
        .any(|violation| violation.kind == ViolationKind::DuplicateKey);
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data)
        && !repeats
    {
        let mut from_value = found(&validate_value(&value, Mode::Strict));
        let mut from_text = found(&strict);
        from_value.sort();
        from_text.sort();
        assert_eq!(from_value, from_text, "a Value and its text disagree");
    }

    let typed = serde_json::from_slice::<Message>(data);
    if lenient.is_valid() {
        let message = match typed {
            Ok(message) => message,
            Err(error) => panic!("valid ({lenient:?}) but typed reading fails: {error}"),
        };
        let written = serde_json::to_string(&message).expect("a Message always serializes");
        let reread: Message = serde_json::from_str(&written).expect("written messages read back");
        assert_eq!(
            reread, message,
            "a Message changes through its text: {written}"
        );
        if strict.is_valid() {
            let again = validate(&written, Mode::Strict);
            assert!(again.is_valid(), "written as {written}: {again:?}");
        }
    }
});
