//! `qmpgen diff` and `qmpgen history` as a user runs them: exit codes, the JSON contract,
//! colour, and snapshots (insta) of the text and Markdown output for a small crafted pair.

mod common;

use std::path::Path;
use std::process::{Command, Output};

const OLD: &str = r#"QEMU Monitor Protocol Events
============================

BLOCK_IO_ERROR
--------------

Emitted when a disk I/O error occurs.

Data:

- "device": device name (json-string)
- "operation": I/O operation (json-string, "read" or "write")
- "action": action that has been taken (json-string, "ignore", "report" or "stop")
- "sector": the failing sector (json-int)

Example:

{ "event": "BLOCK_IO_ERROR",
    "data": { "device": "ide0-hd1", "operation": "write", "action": "stop" },
    "timestamp": { "seconds": 1265044230, "microseconds": 450486 } }

VNC_DISCONNECTED
----------------

Emitted when the conection is closed.

Data: None.

WATCHDOG
--------

Emitted when the watchdog device's timer is expired.

Data: None.
"#;

const NEW: &str = r#"QEMU Monitor Protocol Events
============================

BLOCK_IO_ERROR
--------------

Emitted when a disk I/O error occurs.

Data:

- "device": device name (json-string, optional)
- "node-name": node name (json-string)
- "operation": I/O operation (json-string, "read", "write" or "flush")
- "action": action that has been taken (json-string, "ignore" or "stop")
- "sector": the failing sector (json-number)

Example:

{ "event": "BLOCK_IO_ERROR",
    "data": { "node-name": "drive0", "operation": "flush", "action": "stop" },
    "timestamp": { "seconds": 1265044230, "microseconds": 450486 } }

RESUME
------

Emitted when the Virtual Machine resumes execution.

Data: None.

VNC_DISCONNECTED
----------------

Emitted when the connection is closed.

Data: None.
"#;

/// Only additions: nothing breaks.
const GROWN: &str = r#"WATCHDOG
--------

Emitted when the watchdog device's timer is expired.

Data: None.

RESUME
------

Emitted when the Virtual Machine resumes execution.

Data: None.
"#;

const WATCHDOG_ONLY: &str =
    "WATCHDOG\n--------\n\nEmitted when the watchdog device's timer is expired.\n\nData: None.\n";

/// A folder with the crafted documents, removed when dropped.
struct Scratch(tempfile::TempDir);

impl Scratch {
    fn new(files: &[(&str, &str)]) -> Scratch {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        Scratch(dir)
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    /// Runs `qmpgen ARGS` in the folder, without colour.
    fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, &[("NO_COLOR", "1")])
    }

    fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_qmpgen"));
        command
            .args(args)
            .current_dir(self.path())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CLICOLOR");
        for (key, value) in env {
            command.env(key, value);
        }
        command.output().unwrap()
    }
}

fn pair() -> Scratch {
    Scratch::new(&[
        ("old.txt", OLD),
        ("new.txt", NEW),
        ("grown.txt", GROWN),
        ("watchdog.txt", WATCHDOG_ONLY),
        ("broken.txt", "just some words\nand no event at all\n"),
    ])
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("qmpgen exits with a code")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn exit_codes_follow_diff() {
    let scratch = pair();
    let same = scratch.run(&["diff", "old.txt", "old.txt", "--docs"]);
    assert_eq!(code(&same), 0, "{}", stderr(&same));
    assert_eq!(stdout(&same), "no differences\n");

    assert_eq!(code(&scratch.run(&["diff", "old.txt", "new.txt"])), 1);
    assert_eq!(
        code(&scratch.run(&["diff", "old.txt", "new.txt", "--fail-on", "breaking"])),
        1
    );
    // Only an added event: a difference, but nothing breaking.
    assert_eq!(
        code(&scratch.run(&["diff", "watchdog.txt", "grown.txt"])),
        1
    );
    let compatible = scratch.run(&["diff", "watchdog.txt", "grown.txt", "--fail-on", "breaking"]);
    assert_eq!(code(&compatible), 0);
    assert!(stdout(&compatible).contains("event-added"));
}

#[test]
fn trouble_exits_2() {
    let scratch = pair();
    let missing = scratch.run(&["diff", "old.txt", "absent.txt"]);
    assert_eq!(code(&missing), 2);
    assert!(
        stderr(&missing).contains("absent.txt: cannot read: "),
        "{}",
        stderr(&missing)
    );

    let broken = scratch.run(&["diff", "broken.txt", "old.txt"]);
    assert_eq!(code(&broken), 2);
    let message = stderr(&broken);
    assert!(
        message.contains("broken.txt:1:1: error[no-events]"),
        "{message}"
    );
    assert!(message.contains("broken.txt has errors"), "{message}");

    assert_eq!(code(&scratch.run(&["diff", "old.txt"])), 2);
    assert_eq!(
        code(&scratch.run(&["diff", "old.txt", "new.txt", "--format", "yaml"])),
        2
    );
    assert_eq!(
        code(&scratch.run(&["diff", "old.txt", "new.txt", "--fail-on", "anything"])),
        2
    );
}

#[test]
fn json_output_is_the_contract() {
    let scratch = pair();
    let output = scratch.run(&["diff", "old.txt", "new.txt", "--format", "json", "--docs"]);
    assert_eq!(code(&output), 1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let changes = json["changes"].as_array().unwrap();
    let kinds: Vec<(&str, &str, Option<&str>)> = changes
        .iter()
        .map(|change| {
            (
                change["kind"].as_str().unwrap(),
                change["event"].as_str().unwrap(),
                change.get("field").map(|field| field.as_str().unwrap()),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("became-optional", "BLOCK_IO_ERROR", Some("device")),
            ("field-added", "BLOCK_IO_ERROR", Some("node-name")),
            ("value-added", "BLOCK_IO_ERROR", Some("operation")),
            ("value-removed", "BLOCK_IO_ERROR", Some("action")),
            ("type-changed", "BLOCK_IO_ERROR", Some("sector")),
            ("example-changed", "BLOCK_IO_ERROR", None),
            ("event-added", "RESUME", None),
            ("description-changed", "VNC_DISCONNECTED", None),
            ("event-removed", "WATCHDOG", None),
        ]
    );
    let removed = &changes[8];
    assert_eq!(removed["breaking"], true);
    assert_eq!(removed["old_line"], 29);
    assert!(removed.get("new_line").is_none());
    assert!(removed.get("old").is_none() && removed.get("new").is_none());
    let retyped = &changes[4];
    assert_eq!(retyped["old"], "json-int");
    assert_eq!(retyped["new"], "json-number");
    assert_eq!(
        (retyped["old_line"].as_u64(), retyped["new_line"].as_u64()),
        (Some(14), Some(15))
    );
}

#[test]
fn text_output_snapshot() {
    let scratch = pair();
    let output = scratch.run(&["diff", "old.txt", "new.txt", "--docs"]);
    insta::assert_snapshot!("diff_text", stdout(&output));
}

#[test]
fn markdown_output_snapshot() {
    let scratch = pair();
    let output = scratch.run(&[
        "diff", "old.txt", "new.txt", "--docs", "--format", "markdown",
    ]);
    insta::assert_snapshot!("diff_markdown", stdout(&output));
}

#[test]
fn colour_only_when_wanted() {
    let scratch = pair();
    let forced = scratch.run_with(&["diff", "old.txt", "new.txt"], &[("CLICOLOR_FORCE", "1")]);
    assert!(stdout(&forced).contains("\u{1b}["), "{}", stdout(&forced));
    let refused = scratch.run_with(
        &["diff", "old.txt", "new.txt"],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
    );
    assert!(!stdout(&refused).contains('\u{1b}'));
    // Piped output is plain.
    let piped = scratch.run_with(&["diff", "old.txt", "new.txt"], &[]);
    assert!(!stdout(&piped).contains('\u{1b}'));
}

// `qmpgen history`.

fn versions() -> Scratch {
    Scratch::new(&[
        (
            "INDEX.tsv",
            "n\tcommit_date\tfile\tsubject\n1\t2020-01-01\twatchdog.txt\tIntroduce WATCHDOG\n2\t2020-02-01\tgrown.txt\tIntroduce RESUME\n3\t2020-03-01\twatchdog.txt\tDrop RESUME\n4\t2020-04-01\tgrown.txt\tRestore RESUME\n",
        ),
        ("watchdog.txt", WATCHDOG_ONLY),
        ("grown.txt", GROWN),
        ("old.txt", OLD),
        ("new.txt", NEW),
    ])
}

#[test]
fn history_of_a_folder_follows_its_index() {
    let scratch = versions();
    let output = scratch.run(&["history", ".", "--event", "RESUME"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    insta::assert_snapshot!("history_text", stdout(&output));

    let json = scratch.run(&["history", ".", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(json["versions"].as_array().unwrap().len(), 4);
    assert_eq!(json["versions"][1]["subject"], "Introduce RESUME");
    let events: Vec<&str> = json["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["name"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["WATCHDOG", "RESUME"]);
    assert_eq!(
        json["events"][1]["spans"],
        serde_json::json!([{"first": "2", "last": "2"}, {"first": "4", "last": "4"}])
    );
}

#[test]
fn history_of_files_as_given() {
    let scratch = versions();
    let output = scratch.run(&[
        "history", "old.txt", "new.txt", "--format", "markdown", "--docs",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    insta::assert_snapshot!("history_markdown", stdout(&output));
}

#[test]
fn history_names_versions_apart() {
    let scratch = versions();
    std::fs::create_dir(scratch.path().join("later")).unwrap();
    std::fs::write(scratch.path().join("later/grown.txt"), WATCHDOG_ONLY).unwrap();
    let output = scratch.run(&[
        "history",
        "grown.txt",
        "later/grown.txt",
        "grown.txt",
        "--format",
        "json",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let labels: Vec<&str> = json["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|version| version["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        ["grown.txt (1)", "later/grown.txt", "grown.txt (3)"]
    );
    let resume = &json["events"][1];
    assert_eq!(resume["name"], "RESUME");
    assert_eq!(
        resume["spans"],
        serde_json::json!([
            {"first": "grown.txt (1)", "last": "grown.txt (1)"},
            {"first": "grown.txt (3)", "last": "grown.txt (3)"}
        ])
    );
}

#[test]
fn history_exit_codes() {
    let scratch = versions();
    let unknown = scratch.run(&["history", ".", "--event", "NOPE"]);
    assert_eq!(code(&unknown), 1);
    assert!(stderr(&unknown).contains("no version documents NOPE"));
    assert_eq!(code(&scratch.run(&["history"])), 2);
    assert_eq!(code(&scratch.run(&["history", "old.txt", "absent.txt"])), 2);
    // A folder and files together are two series: read, and shown as one timeline.
    assert_eq!(code(&scratch.run(&["history", ".", "old.txt"])), 0);
    assert_eq!(code(&scratch.run(&["history", ".", "absent"])), 2);
    let bad_index = Scratch::new(&[("INDEX.tsv", "n\tname\n1\ta.txt\n")]);
    let output = bad_index.run(&["history", "."]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("no `file` column"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn history_answers_questions_about_the_real_document() {
    let folder = common::indexed_history_dir();
    let scratch = Scratch::new(&[]);
    let folder = folder.to_str().unwrap();
    let output = scratch.run(&["history", folder, "--event", "RESUME"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("RESUME: documented in 011–040 (0.13–2.1), 058–089 (2.1–2.9)"),
        "{text}"
    );
    assert!(text.contains("gaps: 041–057 (2.1)"), "{text}");
    assert!(text.contains("  since 0.13\n"), "{text}");

    let output = scratch.run(&[
        "history",
        folder,
        "--event",
        "DEVICE_TRAY_MOVED",
        "--format",
        "markdown",
    ]);
    insta::assert_snapshot!("history_device_tray_moved_markdown", stdout(&output));

    let output = scratch.run(&["history", folder, "--event", "DEVICE_TRAY_MOVED"]);
    let text = stdout(&output);
    assert!(
        text.contains("    id         078–084           since 2.8"),
        "{text}"
    );
    assert!(
        text.contains(
            "078 (QEMU 2.8) — block: Add qdev ID to DEVICE_TRAY_MOVED\n      field-added id: json-string"
        ),
        "{text}"
    );

    let seed = scratch.run(&[
        "diff",
        &format!("{folder}/010_2010-04-18_db11571f09.txt"),
        &format!("{folder}/017_2012-02-22_6f382ed226.txt"),
        "--fail-on",
        "breaking",
    ]);
    assert_eq!(code(&seed), 0);
    assert!(stdout(&seed).ends_with("7 changes in 7 events, 0 breaking (7 event-added)\n"));
}
