//! Every `qmpgen` command takes a QAPI schema as it takes a text document, told apart by the
//! content: `schema` (the event-centric JSON and the tree), `generate` (Rust and JSON Schema),
//! `check`, `diff`, `history`; an error in an included file is located with its include chain;
//! an include that cannot be read is trouble (exit 2).

mod common;

use common::{folder_with, qmpgen, qmpgen_in, text};

/// The QEMU 9.1 schema of the test data, relative to the crate's folder (where `qmpgen` runs).
const QEMU_9_1: &str = "../tests/data/qapi-schemas/qapi-qmp-0.15.0/qapi/qapi-schema.json";
/// The QEMU 7.2 schema, relative to the workspace's folder.
const QEMU_7_2: &str = "tests/data/qapi-schemas/qapi-qmp-0.11.0/qapi/qapi-schema.json";
const QEMU_2_1: &str = "../tests/data/qapi-schemas/qemu-2.1/qapi-schema.json";

fn json(stdout: &[u8]) -> serde_json::Value {
    serde_json::from_slice(stdout).unwrap_or_else(|error| panic!("{error}: {}", text(stdout)))
}

fn event<'v>(model: &'v serde_json::Value, name: &str) -> &'v serde_json::Value {
    model["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|event| event["name"] == name)
        .unwrap_or_else(|| panic!("{name} in the output"))
}

#[test]
fn schema_json_is_event_centric_with_fields_in_wire_order() {
    let output = qmpgen(&["schema", "--format", "json", QEMU_9_1]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(output.stderr.is_empty(), "{}", text(&output.stderr));
    let model = json(&output.stdout);
    assert_eq!(model["format"], "qapi");
    assert_eq!(model["files"].as_array().unwrap().len(), 42);
    assert_eq!(model["files"][0], QEMU_9_1);
    assert_eq!(model["events"].as_array().unwrap().len(), 54);

    let shutdown = event(&model, "SHUTDOWN");
    assert_eq!(
        shutdown["file"],
        "../tests/data/qapi-schemas/qapi-qmp-0.15.0/qapi/run-state.json"
    );
    assert_eq!(shutdown["line"], 161);
    assert_eq!(shutdown["since"], "0.12");
    assert!(
        shutdown["description"]
            .as_str()
            .unwrap()
            .starts_with("Emitted when")
    );
    assert!(
        shutdown["examples"][0]["text"]
            .as_str()
            .unwrap()
            .contains("\"guest\": true")
    );
    let fields: Vec<(&str, &str, bool)> = shutdown["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|field| {
            (
                field["name"].as_str().unwrap(),
                field["type"].as_str().unwrap(),
                field["optional"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [("guest", "bool", false), ("reason", "ShutdownCause", false)]
    );
    assert_eq!(shutdown["fields"][1]["values"][0]["name"], "none");
    assert!(
        shutdown["fields"][0]["description"]
            .as_str()
            .unwrap()
            .starts_with("If true")
    );

    // A flat union: the base's members, then the variants with theirs.
    let info = &event(&model, "GUEST_PANICKED")["fields"][1];
    assert_eq!(
        (info["name"].as_str(), info["optional"].as_bool()),
        (Some("info"), Some(true))
    );
    assert_eq!(info["fields"][0]["name"], "type");
    assert_eq!(info["fields"][0]["values"][1]["name"], "s390");
    assert_eq!(info["variants"][0]["value"], "hyper-v");
    assert_eq!(info["variants"][0]["fields"][4]["name"], "arg5");
    assert_eq!(info["variants"][0]["fields"][4]["type"], "uint64");

    // Type-name data; features; conditions.
    let balloon = event(&model, "HV_BALLOON_STATUS_REPORT");
    assert_eq!(balloon["data"], "HvBalloonInfo");
    assert_eq!(balloon["fields"][0]["type"], "size");
    assert_eq!(
        event(&model, "CPU_POLARIZATION_CHANGE")["features"],
        serde_json::json!(["unstable"])
    );
    let conditional = model["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|event| !event["if"].is_null())
        .expect("an event with a condition");
    assert!(conditional["if"].is_string() || conditional["if"].is_object());
    // Every field has every key of the contract.
    fn check(field: &serde_json::Value) {
        for key in [
            "name", "file", "line", "column", "type", "optional", "values", "fields",
        ] {
            assert!(field.get(key).is_some(), "{key} missing in {field}");
        }
        field["fields"].as_array().unwrap().iter().for_each(check);
    }
    for event in model["events"].as_array().unwrap() {
        for key in ["name", "file", "line", "since", "features", "if", "fields"] {
            assert!(event.get(key).is_some(), "{key} missing in {event}");
        }
        event["fields"].as_array().unwrap().iter().for_each(check);
    }
}

#[test]
fn schema_tree_names_each_event_with_its_file_and_line() {
    let output = qmpgen(&["schema", QEMU_2_1]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let out = text(&output.stdout);
    assert!(
        out.starts_with(&format!("{QEMU_2_1} (QAPI, 5 files): 32 events\n")),
        "{out}"
    );
    assert!(
        out.contains(
            "\nSHUTDOWN  (../tests/data/qapi-schemas/qemu-2.1/qapi/event.json:12)\n  \
             Emitted when the virtual machine has shut down, indicating that qemu is\n  \
             since 0.12.0\n  data: none\n"
        ),
        "{out}"
    );
    // QEMU 2.1's doc comments that 2.9 rejects are read with warnings, on stderr.
    let err = text(&output.stderr);
    assert!(err.contains("warning[qapi-legacy-doc]"), "{err}");
}

#[test]
fn generate_writes_bindings_naming_each_included_file() {
    // Run in the workspace's folder, so that the schema lies inside it (generated code names
    // files relative to the current folder then, else by their names alone).
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = qmpgen_in(&root, &["generate", QEMU_7_2], "");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let code = text(&output.stdout);
    assert!(
        code.starts_with(&format!("// @generated by qmpgen from {QEMU_7_2}")),
        "{}",
        &code[..200]
    );
    assert!(
        code.contains(
            "Documented at `tests/data/qapi-schemas/qapi-qmp-0.11.0/qapi/run-state.json:162`"
        ),
        "the place of SHUTDOWN, in the file that defines it"
    );
    assert!(
        code.contains("pub struct MemUnplugError"),
        "MEM_UNPLUG_ERROR's data"
    );
    syn::parse_file(&code).expect("the output is Rust");

    let output = qmpgen_in(
        &root,
        &["generate", "--target", "json-schema", QEMU_7_2],
        "",
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let schema = json(&output.stdout);
    assert!(
        schema["$defs"].get("SHUTDOWN").is_some(),
        "{}",
        &text(&output.stdout)[..300]
    );
}

#[test]
fn check_reads_a_real_schema_and_locates_errors_in_included_files() {
    // QEMU 9.1's one finding: RTC_CHANGE's example lacks `qom-path` (QEMU's doc bug), placed in
    // misc.json with the include that reached it.
    let output = qmpgen(&["check", QEMU_9_1]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stdout));
    let misc = QEMU_9_1.replace("qapi-schema.json", "misc.json");
    assert_eq!(
        text(&output.stdout),
        format!(
            "In file included from {QEMU_9_1}:74:\n\
             {misc}:572:20: error[example-missing-field]: the required member \"qom-path\" \
             (json-string) is missing\n    \
             |\n\
             572 | #          \"data\": {{ \"offset\": 78 }},\n    \
             |                    ^\n\
             {QEMU_9_1}: 1 error, 0 warnings\n"
        )
    );

    let dir = folder_with(&[
        (
            "main.json",
            "# events\n{ 'include': 'more.json' }\n{ 'event': 'A' }\n",
        ),
        ("more.json", "{ 'event': 'B',\n  'data': { 'x': 'int' }\n"),
    ]);
    let output = qmpgen_in(dir.path(), &["check", "main.json"], "");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stdout),
        "In file included from main.json:2:\n\
         more.json:2:25: error[qapi-syntax]: Expected \",\" or \"}\"\n  \
         |\n\
         2 |   'data': { 'x': 'int' }\n  \
         |                         ^\n\
         main.json: 1 error, 0 warnings\n"
    );
    let output = qmpgen_in(dir.path(), &["check", "--format", "json", "main.json"], "");
    let found = json(&output.stdout);
    assert_eq!(found["diagnostics"][0]["file"], "more.json");
    assert_eq!(found["diagnostics"][0]["line"], 2);
    let output = qmpgen_in(dir.path(), &["check", "--format", "sarif", "main.json"], "");
    let location = &json(&output.stdout)["runs"][0]["results"][0]["locations"][0];
    assert_eq!(
        location["physicalLocation"]["artifactLocation"]["uri"],
        "more.json"
    );
    assert_eq!(location["physicalLocation"]["region"]["startLine"], 2);
    // `schema` and `generate` refuse it as they refuse a text document with errors.
    for command in ["schema", "generate"] {
        let output = qmpgen_in(dir.path(), &[command, "main.json"], "");
        assert_eq!(output.status.code(), Some(1), "{command}");
        assert!(text(&output.stderr).contains("more.json:2:25: error[qapi-syntax]"));
    }
}

#[test]
fn an_include_that_cannot_be_read_is_trouble() {
    let dir = folder_with(&[(
        "main.json",
        "{ 'event': 'A' }\n{ 'include': 'gone.json' }\n",
    )]);
    for command in ["check", "schema", "generate"] {
        let output = qmpgen_in(dir.path(), &[command, "main.json"], "");
        assert_eq!(output.status.code(), Some(2), "{command}");
        let err = text(&output.stderr);
        assert!(
            err.contains(
                "main.json:2:1: error[qapi-unreadable]: No such file or directory: gone.json"
            ),
            "{command}: {err}"
        );
    }
}

#[test]
fn standard_input_and_diff_and_history_take_qapi_too() {
    let dir = folder_with(&[
        ("types.json", "{ 'enum': 'Why', 'data': [ 'a', 'b' ] }\n"),
        (
            "old.json",
            "{ 'include': 'types.json' }\n{ 'event': 'A', 'data': { 'why': 'Why' } }\n",
        ),
        (
            "new.json",
            "{ 'include': 'types.json' }\n{ 'event': 'A', 'data': { 'why': 'Why', 'n': 'int' } }\n",
        ),
    ]);
    // Standard input's includes are read relative to the current folder.
    let stdin = std::fs::read_to_string(dir.path().join("old.json")).unwrap();
    let output = qmpgen_in(dir.path(), &["schema", "--format", "json", "-"], &stdin);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let model = json(&output.stdout);
    assert_eq!(model["files"], serde_json::json!(["<stdin>", "types.json"]));
    assert_eq!(model["events"][0]["fields"][0]["values"][1]["name"], "b");

    let output = qmpgen_in(dir.path(), &["diff", "old.json", "new.json"], "");
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let out = text(&output.stdout);
    // The places name their files: each schema spans two.
    assert!(
        out.contains("field-added n: int  (new new.json:2)"),
        "{out}"
    );
    let output = qmpgen_in(
        dir.path(),
        &["diff", "--format", "json", "old.json", "new.json"],
        "",
    );
    let change = &json(&output.stdout)["changes"][0];
    assert_eq!(
        (&change["new_file"], &change["new_line"]),
        (&serde_json::json!("new.json"), &serde_json::json!(2))
    );
    assert!(change.get("old_file").is_none(), "{change}");

    let output = qmpgen_in(
        dir.path(),
        &["history", "--format", "json", "old.json", "new.json"],
        "",
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));

    let output = qmpgen_in(dir.path(), &["fmt", "old.json"], "");
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("this is a QAPI schema"));
}

#[test]
fn qapi_codes_are_lint_codes_that_levels_configure() {
    const QEMU_2_9: &str = "../tests/data/qapi-schemas/qemu-2.9/qapi-schema.json";
    let plain = text(&qmpgen(&["check", QEMU_2_9]).stdout);
    assert!(plain.contains("warning[qapi-name-style]"), "{plain}");
    let allowed = qmpgen(&["check", "--allow", "qapi-name-style", QEMU_2_9]);
    let allowed_out = text(&allowed.stdout);
    assert!(!allowed_out.contains("qapi-name-style"), "{allowed_out}");
    assert!(
        allowed_out.contains("warning[qapi-simple-union]"),
        "{allowed_out}"
    );
    // A syntax error cannot be allowed: reading stopped there.
    let refused = qmpgen(&["check", "--allow", "qapi-syntax", QEMU_2_9]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
}
