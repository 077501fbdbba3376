//! QEMU's semantic checks on crafted schemas: what is an error, what a warning (forms of
//! older QEMUs, in schemas written for them), today's forms taken, findings at QEMU's lines,
//! and no panic whatever the schema holds.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use qmpgen::qapi::check::check;
use qmpgen::qapi::doc::read_program;
use qmpgen::qapi::load::load_from;
use qmpgen::qapi::report::headline;

/// The checks' findings on a one-file schema, as `severity[code] LINE: message` (the doc
/// reader's own findings left out, and today's naming conventions, which
/// [`names_against_todays_conventions_are_warnings`] tests).
fn checked(schema: &str) -> Vec<String> {
    let mut files: HashMap<PathBuf, Vec<u8>> = HashMap::new();
    files.insert(PathBuf::from("s.json"), schema.as_bytes().to_vec());
    let loaded = load_from(Path::new("s.json"), &mut files);
    assert_eq!(
        loaded
            .error
            .map(|error| headline(&loaded.program.files, &error)),
        None
    );
    let docs = read_program(&loaded.program);
    check(&loaded.program, &docs)
        .iter()
        .filter(|finding| finding.diagnostic.code != "qapi-name-style")
        .map(|finding| {
            let diagnostic = &finding.diagnostic;
            let line = diagnostic.span.line;
            format!(
                "{}[{}] {line}: {}",
                diagnostic.severity.as_str(),
                diagnostic.code,
                diagnostic.message
            )
        })
        .collect()
}

fn errors(findings: &[String]) -> Vec<&String> {
    findings
        .iter()
        .filter(|finding| finding.starts_with("error"))
        .collect()
}

/// QEMU 2.1's forms, each once; `doc` is the symbol line of the doc comment before the struct.
fn qemu_2_1_forms(doc: &str) -> String {
    format!(
        "##\n# {doc}\n##\n{{ 'type': 'Info', 'data': {{ 'qemu': {{ 'major': 'int' }} }} }}\n\
         {{ 'enum': 'Event', 'data': [ 'l1_grow.alloc_table' ] }}\n\
         {{ 'union': 'Ref', 'discriminator': {{}}, 'data': {{ 'a': 'Info', 'b': 'str' }} }}\n\
         {{ 'command': 'qom-get', 'returns': 'visitor', 'gen': 'no' }}\n"
    )
}

#[test]
fn qemu_2_1s_forms_are_warnings_in_a_schema_written_for_it() {
    let findings = checked(&qemu_2_1_forms("@Info"));
    assert_eq!(errors(&findings), Vec::<&String>::new());
    for code in [
        "qapi-legacy-struct",
        "qapi-legacy-nested",
        "qapi-legacy-name",
        "qapi-legacy-alternate",
        "qapi-legacy-type",
        "qapi-legacy-flag",
    ] {
        assert!(
            findings
                .iter()
                .any(|finding| finding.starts_with(&format!("warning[{code}]"))),
            "{code}: {findings:#?}"
        );
    }
}

#[test]
fn qemu_2_1s_forms_are_errors_in_a_schema_written_later() {
    // The same schema, its doc comment in QEMU 2.9's form: QEMU's errors, at its lines.
    let findings = checked(&qemu_2_1_forms("@Info:"));
    assert_eq!(
        errors(&findings),
        [
            "error[qapi-legacy-struct] 4: Expression is missing metatype",
            "error[qapi-legacy-name] 5: Member of enum 'Event' uses invalid name 'l1_grow.alloc_table'",
            "error[qapi-legacy-alternate] 6: Discriminator of flat union requires a string name",
            "error[qapi-legacy-flag] 7: 'gen' of command 'qom-get' should only use false value",
        ]
    );
}

#[test]
fn todays_forms_are_taken() {
    let schema = "\
{ 'enum': 'Kind', 'data': [ 'a', { 'name': 'b', 'if': 'CONFIG_B', 'features': [ 'unstable' ] } ] }
{ 'struct': 'A', 'data': { 'x': { 'type': 'int', 'if': { 'all': [ 'X', { 'not': 'Y' } ] } } },
  'features': [ { 'name': 'deprecated', 'if': { 'any': [ 'X', 'Y' ] } } ] }
{ 'struct': 'Base', 'data': { 'kind': 'Kind' } }
{ 'union': 'Inner', 'base': 'Base', 'discriminator': 'kind', 'data': { 'a': 'A' } }
{ 'union': 'Outer', 'base': 'Base', 'discriminator': 'kind', 'data': { 'a': 'Inner', 'b': 'A' } }
{ 'alternate': 'Alt', 'data': { 'one': 'A', 'many': [ 'A' ] } }
{ 'enum': 'OtherKind', 'data': [ 'x' ] }
{ 'event': 'E', 'data': { '*v': 'uint64' }, 'if': 'CONFIG_E', 'features': [ 'unstable' ] }
{ 'command': 'c', 'data': 'A', 'returns': [ 'A' ], 'allow-preconfig': true, 'coroutine': true }
";
    let findings = checked(schema);
    // `Inner` gives no branch for `b`: a warning (QEMU 3.0 on give it no members).
    assert_eq!(
        findings,
        [
            "warning[qapi-union-missing-branch] 5: Union 'Inner' data missing 'b' branch: QEMU \
          before 3.0 reject it, later ones give the value no members"
        ]
    );
}

#[test]
fn older_conditions_and_simple_unions_are_warnings() {
    let schema = "\
{ 'struct': 'S', 'data': { 'x': 'int' }, 'if': 'defined(CONFIG_SPICE)' }
{ 'union': 'U', 'data': { 'a': 'S', 'b': [ 'int' ] } }
{ 'event': 'E', 'if': [ 'defined(A)', 'defined(B)' ] }
";
    let findings = checked(schema);
    assert_eq!(errors(&findings), Vec::<&String>::new());
    let codes: Vec<&str> = findings
        .iter()
        .map(|finding| &finding[..finding.find(']').unwrap_or(0) + 1])
        .collect();
    assert_eq!(
        codes,
        [
            "warning[qapi-legacy-condition]",
            "warning[qapi-simple-union]",
            "warning[qapi-legacy-condition]",
        ]
    );
}

#[test]
fn names_against_todays_conventions_are_warnings() {
    let schema = "\
{ 'struct': 'block_info', 'data': { 'read_only': 'bool' } }
{ 'event': 'block-io-error' }
{ 'command': 'query_block' }
";
    let mut files: HashMap<PathBuf, Vec<u8>> = HashMap::new();
    files.insert(PathBuf::from("s.json"), schema.as_bytes().to_vec());
    let loaded = load_from(Path::new("s.json"), &mut files);
    let findings = check(&loaded.program, &read_program(&loaded.program));
    let messages: Vec<(bool, &str, &str)> = findings
        .iter()
        .map(|finding| {
            let diagnostic = &finding.diagnostic;
            (
                diagnostic.is_error(),
                diagnostic.code.as_str(),
                diagnostic.message.as_str(),
            )
        })
        .collect();
    assert_eq!(
        messages,
        [
            (
                false,
                "qapi-name-style",
                "name of struct 'block_info' must use CamelCase"
            ),
            (
                false,
                "qapi-name-style",
                "'read_only' (member of block_info) should use '-', not '_' (today's QEMU)"
            ),
            (
                false,
                "qapi-name-style",
                "name of event 'block-io-error' must not use lowercase or '-'"
            ),
            (
                false,
                "qapi-name-style",
                "name of command 'query_block' must not use uppercase or '_'"
            ),
        ]
    );
}

#[test]
fn upper_case_members_follow_the_schemas_exceptions() {
    let schema = "\
{ 'pragma': { 'member-name-exceptions': [ 'Allowed' ] } }
{ 'struct': 'Allowed', 'data': { 'UUID': 'str' } }
{ 'struct': 'Other', 'data': { 'UUID': 'str' } }
";
    assert_eq!(
        checked(schema),
        ["error[qapi-name-case] 3: 'UUID' (member of Other) should not use uppercase"]
    );
}

#[test]
fn doc_comments_must_match_their_definitions() {
    let schema = "\
##
# @Foo:
# @a: the a
# @b: not there
##
{ 'struct': 'Foo', 'data': { 'a': 'int' } }

##
# @bar:
##
{ 'command': 'baz' }
";
    assert_eq!(
        checked(schema),
        [
            "error[qapi-doc-unknown-member] 1: The following documented members are not in the \
             declaration: b",
            "error[qapi-doc-wrong-symbol] 11: Definition of 'baz' follows documentation for 'bar'",
        ]
    );
}

#[test]
fn member_clashes_and_base_cycles_are_found_once() {
    let schema = "\
{ 'struct': 'A', 'base': 'B', 'data': { 'x': 'int' } }
{ 'struct': 'B', 'base': 'A', 'data': { 'y': 'int' } }
{ 'struct': 'Base', 'data': { 'a-b': 'int' } }
{ 'struct': 'Sub', 'base': 'Base', 'data': { 'a_b': 'int' } }
";
    assert_eq!(
        checked(schema),
        [
            "error[qapi-base-cycle] 1: Object A contains itself",
            "error[qapi-member-clash] 4: 'a_b' (member of Sub) collides with 'a-b' (member of Base)",
        ]
    );
}

/// A small schema language: objects of keys QEMU knows, with values of every kind.
fn value(depth: u32) -> BoxedStrategy<String> {
    let leaf = prop_oneof![
        Just("'int'".to_owned()),
        Just("'str'".to_owned()),
        Just("'A'".to_owned()),
        Just("'*x'".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        Just("''".to_owned()),
        "[a-z_A-Z.*-]{0,6}".prop_map(|text| format!("'{text}'")),
    ];
    if depth == 0 {
        return leaf.boxed();
    }
    let key = prop_oneof![
        Just("data"),
        Just("base"),
        Just("discriminator"),
        Just("type"),
        Just("if"),
        Just("features"),
        Just("name"),
        Just("all"),
        Just("not"),
        Just("x"),
        Just("*y"),
    ];
    prop_oneof![
        leaf,
        prop::collection::vec(value(depth - 1), 0..3)
            .prop_map(|values| format!("[{}]", values.join(", "))),
        prop::collection::btree_map(key, value(depth - 1), 0..3).prop_map(|members| {
            let members: Vec<String> = members
                .iter()
                .map(|(key, value)| format!("'{key}': {value}"))
                .collect();
            format!("{{ {} }}", members.join(", "))
        }),
    ]
    .boxed()
}

fn expression() -> impl Strategy<Value = String> {
    let meta = prop_oneof![
        Just("struct"),
        Just("union"),
        Just("alternate"),
        Just("enum"),
        Just("event"),
        Just("command"),
        Just("type"),
    ];
    let name = prop_oneof![Just("A"), Just("B"), Just("AKind"), Just("x.y")];
    (meta, name, value(3), value(2), value(1)).prop_map(|(meta, name, data, base, tag)| {
        format!("{{ '{meta}': '{name}', 'data': {data}, 'base': {base}, 'discriminator': {tag} }}")
    })
}

proptest! {
    #[test]
    fn any_schema_is_checked_without_a_panic(expressions in prop::collection::vec(expression(), 1..5)) {
        let schema = expressions.join("\n");
        let mut files: HashMap<PathBuf, Vec<u8>> = HashMap::new();
        files.insert(PathBuf::from("s.json"), schema.into_bytes());
        let loaded = load_from(Path::new("s.json"), &mut files);
        let docs = read_program(&loaded.program);
        let findings = check(&loaded.program, &docs);
        // Every finding names a line of the schema.
        let lines = loaded.program.files[0].text.lines().count() as u32;
        prop_assert!(findings.iter().all(|finding| (1..=lines).contains(&finding.diagnostic.span.line)));
    }
}
