//! Reading QAPI schemas: every real schema of the test data loads whole, and QEMU's own test
//! suite gets QEMU's lexical, syntax, include and pragma errors at QEMU's places.

mod common;

use qmpgen::qapi::ast::Item;
use qmpgen::qapi::load::load;
use qmpgen::qapi::report::{headline, include_chain};

#[test]
fn every_real_schema_loads_whole() {
    for schema in common::qapi_schemas() {
        let loaded = load(&common::qapi_dir().join(&schema.file));
        let program = &loaded.program;
        assert_eq!(
            loaded.error.as_ref().map(|e| headline(&program.files, e)),
            None,
            "{}",
            schema.file
        );
        assert_eq!(
            program.files.len(),
            schema.files,
            "{}: files read",
            schema.file
        );
        // An independent count: every expression starts with `{` in the first column.
        let expected: usize = program
            .files
            .iter()
            .map(|file| {
                file.text
                    .lines()
                    .filter(|line| line.starts_with('{'))
                    .count()
            })
            .sum();
        let expressions = program
            .items
            .iter()
            .filter(|item| matches!(item, Item::Expression(_)))
            .count();
        assert_eq!(expressions, expected, "{}", schema.file);
    }
}

/// The words QEMU's loader uses: the messages of its lexer, parser, includes and pragmas.
fn is_load_error(message: &str) -> bool {
    const LOAD: [&str; 22] = [
        "Stray \"",
        "Missing terminating",
        "Unknown escape",
        "\\u escape needs",
        "For now, \\u escape",
        "Expected",
        "Duplicate key",
        "Junk after '##'",
        "Documentation comment must end",
        "Missing space after #",
        "Invalid 'include' directive",
        "Invalid 'pragma' directive",
        "Value of 'include'",
        "Value of 'pragma'",
        "Inclusion loop",
        "No such file",
        "Pragma ",
        "Unknown pragma",
        "Is a directory",
        "Permission denied",
        "Not a directory",
        "must be a list of strings",
    ];
    LOAD.iter().any(|start| message.contains(start))
}

#[test]
fn qemus_load_errors_are_met_exactly() {
    let mut checked = 0;
    for case in common::qapi_suite() {
        let loaded = load(&case.path);
        let program = &loaded.program;
        let last = case.err.lines().last().unwrap_or_default();
        let expected_message = last.split_once(": ").map_or("", |(_, message)| message);
        if !case.accepted && is_load_error(expected_message) {
            checked += 1;
            let error = loaded
                .error
                .as_ref()
                .unwrap_or_else(|| panic!("{}: no error", case.name));
            let file = &program.files[error.file as usize].name;
            let span = error.diagnostic.span;
            let place = if last.starts_with(&format!("{file}:{}:{}:", span.line, span.column)) {
                format!(
                    "{file}:{}:{}: {}",
                    span.line, span.column, error.diagnostic.message
                )
            } else {
                format!("{file}:{}: {}", span.line, error.diagnostic.message)
            };
            let mut ours = include_chain(&program.files, error.file);
            ours.push(place);
            assert_eq!(ours.join("\n"), case.err.trim_end(), "{}", case.name);
        } else if let Some(error) = &loaded.error {
            panic!(
                "{}: QEMU's loader takes it, we say {}",
                case.name,
                headline(&program.files, error)
            );
        }
    }
    assert!(checked > 30, "{checked} cases with load errors");
}
