//! Every `qmpgen` command takes a QEMU's introspection: `schema`, `generate` (Rust and JSON
//! Schema) and `check` (no documentation, so no doc findings); `diff` in `diff_qemus_cli.rs`. A
//! broken one is a located error and exit 1.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn introspection() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data/qapi-schemas/introspection/qemu-7.2-x86_64.json")
}

fn qmpgen() -> Command {
    Command::cargo_bin("qmpgen").unwrap()
}

fn run(args: &[&str]) -> (i32, String, String) {
    let output = qmpgen().args(args).arg(introspection()).output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn schema_names_the_qemu_and_its_events() {
    let (code, stdout, stderr) = run(&["schema"]);
    assert_eq!(code, 0, "{stderr}");
    let first = stdout.lines().next().unwrap();
    assert!(
        first.ends_with(
            "(introspection of QEMU 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b2)): 52 events"
        ),
        "{first}"
    );
    assert!(
        stdout.contains("reason: ShutdownReason = \"none\""),
        "{stdout}"
    );

    let (code, stdout, _) = run(&["schema", "--format", "json"]);
    assert_eq!(code, 0);
    let view: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(view["format"], "introspection");
    assert_eq!(view["events"].as_array().unwrap().len(), 52);
}

#[test]
fn generate_makes_rust_and_a_json_schema() {
    let (code, rust, stderr) = run(&["generate"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(rust.contains("pub struct Shutdown {"), "Shutdown");
    assert!(rust.contains("pub enum ShutdownReason {"), "ShutdownReason");
    syn::parse_file(&rust).expect("the bindings parse as Rust");

    let (code, json, stderr) = run(&["generate", "--target", "json-schema"]);
    assert_eq!(code, 0, "{stderr}");
    let schema: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(json.contains("\"SHUTDOWN\""), "{schema}");
}

#[test]
fn check_finds_nothing_in_an_answer_without_docs() {
    let (code, stdout, stderr) = run(&["check"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("0 errors, 0 warnings"), "{stdout}");
}

#[test]
fn a_broken_introspection_is_a_located_error() {
    let output = qmpgen()
        .arg("schema")
        .arg("-")
        .write_stdin(
            "[\n  {\"name\": \"STOP\", \"meta-type\": \"event\"},\n  {\"name\": \"0\" \"x\"}\n]\n",
        )
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(
            "<stdin>:3:16: error[introspection-invalid]: introspection JSON: expected `,` or `}`"
        ),
        "{stderr}"
    );
}
