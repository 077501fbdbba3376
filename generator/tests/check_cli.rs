//! `qmpgen check` as a command: text and JSON output, several files, exit codes.

mod common;

use std::path::Path;
use std::process::{Command, Output};

const CLEAN: &str = "STOP\n----\n\nData: None.\n\nExample:\n\n{ \"event\": \"STOP\",\n  \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }\n";

/// One warning (an unannotated field) and two errors (an undocumented value, a missing comma).
const FAULTY: &str = "BLOCK_IO_ERROR\n--------------\n\nData:\n\n- \"device\": device name\n- \"action\": action (json-string, \"stop\" or \"report\")\n\nExample:\n\n{ \"event\": \"BLOCK_IO_ERROR\"\n  \"data\": { \"device\": \"a\", \"action\": \"halt\" },\n  \"timestamp\": { \"seconds\": 1, \"microseconds\": 2 } }\n";

/// Only a warning.
const ODD: &str =
    "MIGRATION\n---------\n\nData: None.\n\n- \"status\": migration status (json-string)\n";

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qmpgen"))
        .arg("check")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("qmpgen runs")
}

fn folder() -> tempfile::TempDir {
    common::folder_with(&[
        ("clean.txt", CLEAN),
        ("faulty.txt", FAULTY),
        ("odd.txt", ODD),
    ])
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

#[test]
fn text_output_for_people() {
    let dir = folder();
    let output = run(dir.path(), &["faulty.txt"]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn json_output_for_tools() {
    let dir = folder();
    let output = run(dir.path(), &["--format", "json", "faulty.txt", "odd.txt"]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    let found = json["diagnostics"].as_array().expect("a list");
    let rows: Vec<(String, u64, u64, String, String)> = found
        .iter()
        .map(|d| {
            let keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
            let mut keys = keys;
            keys.sort_unstable();
            assert_eq!(
                keys,
                [
                    "code", "column", "event", "file", "line", "message", "severity"
                ]
            );
            (
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["severity"].as_str().unwrap().to_owned(),
                d["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let row = |file: &str, line, column, severity: &str, code: &str| {
        (
            file.to_owned(),
            line,
            column,
            severity.to_owned(),
            code.to_owned(),
        )
    };
    assert_eq!(
        rows,
        [
            row("faulty.txt", 6, 3, "warning", "unannotated-field"),
            row("faulty.txt", 11, 28, "error", "example-not-json"),
            row("faulty.txt", 12, 38, "error", "example-undocumented-value"),
            row("odd.txt", 4, 1, "warning", "data-none-with-fields"),
        ]
    );
    assert_eq!(found[2]["event"], "BLOCK_IO_ERROR");
}

#[test]
fn several_files_and_a_total() {
    let dir = folder();
    let output = run(dir.path(), &["clean.txt", "odd.txt"]);
    assert_eq!(output.status.code(), Some(0), "warnings alone do not fail");
    let text = stdout(&output);
    assert!(text.contains("clean.txt: 0 errors, 0 warnings\n"), "{text}");
    assert!(text.contains("odd.txt: 0 errors, 1 warning\n"), "{text}");
    assert!(text.ends_with("2 files: 0 errors, 1 warning\n"), "{text}");
}

#[test]
fn exit_codes() {
    let dir = folder();
    assert_eq!(run(dir.path(), &["clean.txt"]).status.code(), Some(0));
    assert_eq!(run(dir.path(), &["faulty.txt"]).status.code(), Some(1));
    let missing = run(dir.path(), &["clean.txt", "missing.txt"]);
    assert_eq!(missing.status.code(), Some(2));
    let message = String::from_utf8_lossy(&missing.stderr);
    assert!(message.contains("missing.txt: cannot read: "), "{message}");
    assert_eq!(run(dir.path(), &[]).status.code(), Some(2));
    assert_eq!(
        run(dir.path(), &["--format", "yaml", "clean.txt"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn the_bundled_spec_exits_zero() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    let output = run(root, &["spec/qmp-events.txt"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "spec/qmp-events.txt: 0 errors, 0 warnings\n"
    );
}

/// `qmpgen check` on the faulty document with the colour variables `env`; returns stdout.
fn check_with_colour(env: &[(&str, &str)]) -> String {
    let dir = folder();
    let output = Command::new(env!("CARGO_BIN_EXE_qmpgen"))
        .args(["check", "faulty.txt"])
        .current_dir(dir.path())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .envs(env.iter().copied())
        .output()
        .expect("qmpgen runs");
    assert_eq!(output.status.code(), Some(1));
    stdout(&output)
}

#[test]
fn clicolor_force_colours_the_severity_and_no_color_wins_over_it() {
    use annotate_snippets::renderer::{DEFAULT_ERROR_STYLE, DEFAULT_WARNING_STYLE};
    let text = check_with_colour(&[("CLICOLOR_FORCE", "1")]);
    let error = DEFAULT_ERROR_STYLE;
    let warning = DEFAULT_WARNING_STYLE;
    assert!(
        text.contains(&format!(
            ": {error}error[example-undocumented-value]{error:#}: "
        )),
        "{text:?}"
    );
    assert!(
        text.contains(&format!(
            ": {warning}warning[unannotated-field]{warning:#}: "
        )),
        "{text:?}"
    );
    let plain = check_with_colour(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!plain.contains('\u{1b}'), "{plain:?}");
    assert!(
        plain.contains(": error[example-undocumented-value]: "),
        "{plain}"
    );
}
