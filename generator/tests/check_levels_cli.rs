//! `qmpgen check --allow/--warn/--deny CODE`: findings dropped or re-graded before any output,
//! counts and exit codes after the levels, later flags winning, unknown codes refused (exit 2).

mod common;

use std::process::Output;

use common::qmpgen;

/// An example without `timestamp` (error `example-bad-timestamp`), a field without annotation
/// (warning `unannotated-field`), and stray text (parser error `unfitted-text`).
const DOCUMENT: &str = "STOP\n----\n\nData:\n\n- \"reason\": why it stopped\n\nExample:\n\n{ \"event\": \"STOP\", \"data\": { \"reason\": \"x\" } }\n\nStray words.\n";

fn check(args: &[&str]) -> (Output, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.txt");
    std::fs::write(&path, DOCUMENT).unwrap();
    let mut all = vec!["check", path.to_str().unwrap()];
    all.extend_from_slice(args);
    let output = qmpgen(&all);
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    (output, stdout)
}

/// `(code, severity)` of every finding, from `--format json`.
fn findings(args: &[&str]) -> (Option<i32>, Vec<(String, String)>) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (output, stdout) = check(&all);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let found = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (output.status.code(), found)
}

fn pairs(found: &[(&str, &str)]) -> Vec<(String, String)> {
    found
        .iter()
        .map(|(code, severity)| ((*code).to_owned(), (*severity).to_owned()))
        .collect()
}

#[test]
fn without_flags_every_finding_keeps_its_severity() {
    let (code, found) = findings(&[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        found,
        pairs(&[
            ("unannotated-field", "warning"),
            ("example-bad-timestamp", "error"),
            ("unfitted-text", "error"),
        ])
    );
}

#[test]
fn allowed_findings_are_neither_printed_nor_counted_and_the_exit_code_follows() {
    let (output, stdout) = check(&[
        "--allow",
        "example-bad-timestamp",
        "--allow",
        "unfitted-text",
    ]);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(!stdout.contains("example-bad-timestamp"), "{stdout}");
    assert!(stdout.contains("warning[unannotated-field]"), "{stdout}");
    assert!(
        stdout.ends_with("doc.txt: 0 errors, 1 warning\n"),
        "{stdout}"
    );
}

#[test]
fn warn_lowers_an_error_and_deny_raises_a_warning() {
    let (code, found) = findings(&[
        "--warn",
        "example-bad-timestamp",
        "--warn",
        "unfitted-text",
        "--deny",
        "unannotated-field",
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(
        found,
        pairs(&[
            ("unannotated-field", "error"),
            ("example-bad-timestamp", "warning"),
            ("unfitted-text", "warning"),
        ])
    );
    let (code, _) = findings(&["--warn", "example-bad-timestamp", "--warn", "unfitted-text"]);
    assert_eq!(code, Some(0));
}

#[test]
fn later_flags_win_for_the_same_code() {
    let (_, found) = findings(&[
        "--allow",
        "unannotated-field",
        "--deny",
        "unannotated-field",
    ]);
    assert!(found.contains(&("unannotated-field".to_owned(), "error".to_owned())));
    let (_, found) = findings(&[
        "--deny",
        "unannotated-field",
        "--allow",
        "unannotated-field",
    ]);
    assert!(found.iter().all(|(code, _)| code != "unannotated-field"));
}

#[test]
fn deny_warnings_makes_every_remaining_warning_an_error() {
    let (code, found) = findings(&[
        "--warn",
        "example-bad-timestamp",
        "--allow",
        "unfitted-text",
        "--deny",
        "warnings",
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(
        found,
        pairs(&[
            ("unannotated-field", "error"),
            ("example-bad-timestamp", "error"),
        ])
    );
}

#[test]
fn an_unknown_code_is_a_usage_error_with_a_suggestion() {
    let (output, stdout) = check(&["--allow", "example-bad-timestmap"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout.is_empty(), "{stdout}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(
            "unknown lint code `example-bad-timestmap`; did you mean `example-bad-timestamp`?"
        ),
        "{stderr}"
    );
    // The code is judged as clap parses `check`'s flags: no usage line of `qmpgen` as a whole.
    assert!(
        stderr.starts_with("error: invalid value 'example-bad-timestmap' for '--allow <CODE>': "),
        "{stderr}"
    );
    assert!(!stderr.contains("Usage: qmpgen <COMMAND>"), "{stderr}");
}

#[test]
fn no_events_stays_an_error() {
    let (output, _) = check(&["--warn", "no-events"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("`no-events` cannot be set to warn"),
        "{stderr}"
    );
}
