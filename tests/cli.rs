//! The runtime CLI `qmp-events` on crafted JSONL streams, on the captured QEMU session, and
//! watching a fake QMP server.

#![cfg(feature = "cli")]

use std::io::{BufRead, BufReader};
use std::os::unix::net::UnixListener;
use std::path::Path;
use std::thread;

use assert_cmd::Command;

#[path = "support/fake_qemu.rs"]
mod fake_qemu;
use serde_json::{Value, json};

const STOP: &str =
    r#"{"event": "STOP", "timestamp": {"seconds": 1267041730, "microseconds": 281295}}"#;
const TRAY: &str = r#"{"event": "DEVICE_TRAY_MOVED", "data": {"device": "ide1-cd0", "tray-open": true, "id": "cd"}, "timestamp": {"seconds": 1, "microseconds": 2}}"#;
const BAD_TYPE: &str = r#"{"event": "BLOCK_IO_ERROR", "data": {"device": 7, "operation": "read", "action": "report"}, "timestamp": {"seconds": 1, "microseconds": 2}}"#;

fn qmp_events() -> Command {
    let mut command = Command::cargo_bin("qmp-events").expect("the qmp-events binary");
    command.env_remove("CLICOLOR_FORCE").env_remove("NO_COLOR");
    command
}

/// Runs `validate -` on `input` with `args`; returns (exit code, stdout, stderr).
fn validate(input: &str, args: &[&str]) -> (i32, String, String) {
    let output = qmp_events()
        .arg("validate")
        .arg("-")
        .args(args)
        .write_stdin(input.to_owned())
        .output()
        .expect("qmp-events runs");
    (
        output.status.code().expect("an exit code"),
        String::from_utf8(output.stdout).expect("UTF-8 output"),
        String::from_utf8(output.stderr).expect("UTF-8 errors"),
    )
}

fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

#[test]
fn a_documented_stream_is_valid_in_both_modes() {
    let input = format!("{STOP}\n\n{STOP}\r\n");
    for args in [&[][..], &["--strict"][..]] {
        let (code, stdout, stderr) = validate(&input, args);
        assert_eq!(code, 0, "{stdout}{stderr}");
        assert_eq!(
            stdout,
            "1: STOP ok\n3: STOP ok\nsummary: 2 messages: 2 valid, 0 with warnings, 0 with errors\n  STOP       2\n"
        );
    }
}

#[test]
fn undocumented_fields_warn_in_lenient_mode_and_fail_in_strict_mode() {
    let (code, stdout, _) = validate(TRAY, &[]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.starts_with(
            "1: DEVICE_TRAY_MOVED 1 warning\n    warning[undocumented-field] at /data/id: "
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 message: 1 valid, 1 with warnings, 0 with errors"),
        "{stdout}"
    );

    let (code, stdout, _) = validate(TRAY, &["--strict"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.starts_with(
            "1: DEVICE_TRAY_MOVED 1 error\n    error[undocumented-field] at /data/id: "
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 message: 0 valid, 0 with warnings, 1 with errors"),
        "{stdout}"
    );
}

#[test]
fn the_json_format_is_one_object_a_line_with_the_summary_on_stderr() {
    let input = format!("{STOP}\nnot json\n{BAD_TYPE}\n[1]\n{TRAY}\n");
    let (code, stdout, stderr) = validate(&input, &["--format", "json"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let reports = json_lines(&stdout);
    assert_eq!(reports.len(), 5);
    assert_eq!(
        reports[0],
        json!({"line": 1, "event": "STOP", "valid": true, "violations": []})
    );
    assert_eq!(reports[1]["line"], 2);
    assert_eq!(reports[1]["event"], Value::Null);
    assert_eq!(reports[1]["valid"], false);
    assert_eq!(reports[1]["violations"][0]["kind"], "not-json");
    assert_eq!(
        reports[2]["violations"],
        json!([{
            "path": "/data/device",
            "kind": "wrong-type",
            "severity": "error",
            "expected": "json-string",
            "found": "json-int",
            "message": reports[2]["violations"][0]["message"],
            "spec_line": 11,
        }])
    );
    assert_eq!(reports[3]["violations"][0]["kind"], "not-object");
    assert_eq!(reports[4]["valid"], true);
    assert_eq!(reports[4]["violations"][0]["severity"], "warning");
    for report in &reports {
        let keys: Vec<&str> = report
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["event", "line", "valid", "violations"]);
    }
    assert!(
        stderr.starts_with("summary: 5 messages: 2 valid, 1 with warnings, 3 with errors\n"),
        "{stderr}"
    );
    assert!(stderr.contains("  (no event name)  "), "{stderr}");
}

#[test]
fn greetings_and_replies_of_a_captured_session_are_skipped() {
    let input = format!(
        "{}\n{}\n{STOP}\n{}\n",
        r#"{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}, "package": ""}, "capabilities": ["oob"]}}"#,
        r#"{"return": {}, "id": 1}"#,
        r#"{"error": {"class": "GenericError", "desc": "no"}, "id": 2}"#,
    );
    let (code, stdout, _) = validate(&input, &["--strict"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.starts_with("3: STOP ok\n"), "{stdout}");
    assert!(stdout.contains("1 message: 1 valid, 0 with warnings, 0 with errors (3 greeting and reply lines skipped)"), "{stdout}");
}

#[test]
fn a_long_stream_and_a_long_line_are_counted_whole() {
    let long = TRAY.replace("ide1-cd0", &"x".repeat(300 * 1024));
    let mut input = String::new();
    for _ in 0..20_000 {
        input.push_str(STOP);
        input.push('\n');
    }
    input.push_str(&long);
    let (code, stdout, stderr) = validate(&input, &["--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(stdout.lines().count(), 20_001);
    assert!(
        stderr.starts_with("summary: 20001 messages: 20001 valid, 1 with warnings, 0 with errors"),
        "{stderr}"
    );
}

#[test]
fn clicolor_force_colours_the_severity_and_no_color_wins_over_it() {
    let warning = anstyle::AnsiColor::Yellow.on_default().bold();
    let coloured = format!("{warning}warning[undocumented-field]{warning:#}");
    let forced = qmp_events()
        .args(["validate", "-"])
        .env("CLICOLOR_FORCE", "1")
        .write_stdin(TRAY)
        .output()
        .unwrap();
    let stdout = String::from_utf8(forced.stdout).unwrap();
    assert!(stdout.contains(&coloured), "{stdout:?}");
    let plain = qmp_events()
        .args(["validate", "-"])
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .write_stdin(TRAY)
        .output()
        .unwrap();
    let stdout = String::from_utf8(plain.stdout).unwrap();
    assert!(
        stdout.contains("    warning[undocumented-field] at /data/id: "),
        "{stdout:?}"
    );
    assert!(!stdout.contains('\u{1b}'), "{stdout:?}");
}

#[test]
fn trouble_exits_2() {
    let missing = qmp_events()
        .args(["validate", "/nonexistent/stream.jsonl"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    let stderr = String::from_utf8(missing.stderr).unwrap();
    assert!(
        stderr.starts_with("qmp-events: /nonexistent/stream.jsonl: "),
        "{stderr}"
    );

    let bad_format = qmp_events()
        .args(["validate", "-", "--format", "yaml"])
        .output()
        .unwrap();
    assert_eq!(bad_format.status.code(), Some(2));
    let no_address = qmp_events().arg("watch").output().unwrap();
    assert_eq!(no_address.status.code(), Some(2));
}

/// The session captured from QEMU 7.2 by tests/qemu.rs: every message reads in lenient mode;
/// strict mode reports only what the 2012 document lacks, never a false missing field or type.
#[test]
fn the_captured_qemu_session_reads_and_strict_mode_reports_only_undocumented_things() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut checked = 0;
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let path = entry.unwrap().path();
        if path
            .extension()
            .is_none_or(|extension| extension != "jsonl")
        {
            continue;
        }
        let lenient = qmp_events().arg("validate").arg(&path).output().unwrap();
        assert_eq!(lenient.status.code(), Some(0), "{}", path.display());

        let strict = qmp_events()
            .args(["validate", "--strict", "--format", "json"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(strict.status.code(), Some(1), "{}", path.display());
        let kinds: std::collections::BTreeSet<String> =
            json_lines(&String::from_utf8(strict.stdout).unwrap())
                .iter()
                .flat_map(|report| report["violations"].as_array().unwrap().clone())
                .map(|violation| violation["kind"].as_str().unwrap().to_owned())
                .collect();
        assert_eq!(
            kinds,
            ["undocumented-field", "undocumented-value", "unknown-event"]
                .map(str::to_owned)
                .into(),
            "{}",
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 1, "a captured session in {}", fixtures.display());
}

#[test]
fn watch_judges_events_until_the_peer_closes() {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("qmp.sock");
    let server = fake_qemu::serve(&socket, fake_qemu::GREETING, |peer| {
        for line in [STOP, TRAY, BAD_TYPE] {
            peer.send(line);
        }
    });
    let output = qmp_events()
        .args(["watch", "--format", "json", "--socket"])
        .arg(&socket)
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    server.join().unwrap();
    assert_eq!(output.status.code(), Some(1), "BAD_TYPE has an error");
    let reports = json_lines(&String::from_utf8(output.stdout).unwrap());
    let events: Vec<&str> = reports
        .iter()
        .map(|r| r["event"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["STOP", "DEVICE_TRAY_MOVED", "BLOCK_IO_ERROR"]);
    assert_eq!(reports[1]["violations"][0]["severity"], "warning");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with("watching unix:"), "{stderr}");
    assert!(
        stderr
            .contains("QEMU 7.2.0 (fake); lenient mode; judged by spec/qmp-events.txt (built in);"),
        "{stderr}"
    );
    assert!(stderr.contains("QEMU closed the connection\nsummary: 3 messages: 2 valid, 1 with warnings, 1 with errors"), "{stderr}");
}

/// Watches a fake QEMU whose greeting states no version, sends `signal` (`-INT`, `-TERM`) once
/// the first report is out, and checks that the watcher ends with its summary and exit 0.
fn watch_stops_with_its_summary_on(signal: &str) {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("qmp.sock");
    let (done, wait_done) = std::sync::mpsc::channel::<()>();
    let greeting = r#"{"QMP": {"version": {}, "capabilities": []}}"#;
    let server = fake_qemu::serve(&socket, greeting, move |peer| {
        peer.send(STOP);
        // Keep the connection open until the watcher has been interrupted.
        let _ = wait_done.recv_timeout(std::time::Duration::from_secs(30));
    });
    let mut watch = std::process::Command::new(assert_cmd::cargo::cargo_bin("qmp-events"))
        .args(["watch", "--socket"])
        .arg(&socket)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(watch.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert_eq!(first, "1: STOP ok\n");
    let interrupt = std::process::Command::new("kill")
        .args([signal, &watch.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupt.success());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let status = loop {
        if let Some(status) = watch.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            watch.kill().unwrap();
            panic!("watch did not stop on {signal}");
        }
        thread::sleep(std::time::Duration::from_millis(20));
    };
    done.send(()).unwrap();
    server.join().unwrap();
    assert_eq!(status.code(), Some(0));
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    assert!(rest.starts_with("summary: 1 message: 1 valid"), "{rest}");
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut watch.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(
        stderr.contains(": QEMU (version not given); lenient mode; "),
        "{stderr}"
    );
    assert!(stderr.ends_with("interrupted\n"), "{stderr}");
}

#[test]
fn watch_stops_on_ctrl_c_with_its_summary() {
    watch_stops_with_its_summary_on("-INT");
}

#[test]
fn watch_stops_on_sigterm_and_sighup_with_its_summary() {
    watch_stops_with_its_summary_on("-TERM");
    watch_stops_with_its_summary_on("-HUP");
}

/// Runs `watch --socket PATH`, which must fail to connect; returns its stderr.
fn watch_trouble(socket: &Path) -> String {
    let output = qmp_events()
        .args(["watch", "--socket"])
        .arg(socket)
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn watch_tells_a_missing_socket_from_a_stale_one_and_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let absent = dir.path().join("absent.sock");
    assert_eq!(
        watch_trouble(&absent),
        format!(
            "qmp-events: {0}: no such socket (is QEMU running with -qmp unix:{0},server=on,wait=off?)\n",
            absent.display()
        )
    );

    let stale = dir.path().join("stale.sock");
    drop(UnixListener::bind(&stale).unwrap());
    let stderr = watch_trouble(&stale);
    assert!(
        stderr.starts_with(&format!(
            "qmp-events: connection refused: nothing listens at unix:{}: a stale socket file",
            stale.display()
        )),
        "{stderr}"
    );

    let file = dir.path().join("plain.txt");
    std::fs::write(&file, "not a socket").unwrap();
    assert_eq!(
        watch_trouble(&file),
        format!(
            "qmp-events: {}: not a socket (give QEMU's -qmp socket)\n",
            file.display()
        )
    );
}

#[test]
fn validate_names_a_directory_as_one_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let output = qmp_events()
        .arg("validate")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        format!(
            "qmp-events: {}: cannot read: is a directory, not a file\n",
            dir.path().display()
        )
    );
}

/// The same words as `qmpgen`'s for a file that cannot be read (`NAME: cannot read: …`).
#[test]
fn validate_says_a_missing_file_cannot_be_read_as_qmpgen_does() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.jsonl");
    let output = qmp_events().arg("validate").arg(&missing).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!("qmp-events: {}: cannot read: ", missing.display())),
        "{stderr}"
    );
}

#[test]
fn the_whole_message_is_named_as_such_not_as_a_pointer() {
    let (code, stdout, _) = validate("[1]\n", &[]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("    error[not-object] at the message: "),
        "{stdout}"
    );
    let (_, json, _) = validate("[1]\n", &["--format", "json"]);
    assert_eq!(json_lines(&json)[0]["violations"][0]["path"], "");
}

#[test]
fn one_of_a_kind_is_counted_in_the_singular() {
    let greeting = r#"{"QMP": {"version": {}, "capabilities": []}}"#;
    let (code, stdout, _) = validate(&format!("{greeting}\n{STOP}\n"), &[]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains(
            "summary: 1 message: 1 valid, 0 with warnings, 0 with errors (1 greeting or reply line skipped)\n"
        ),
        "{stdout}"
    );
}

/// Messages as newer QEMUs send them (SPICE, WATCHDOG, RTC_CHANGE, other job types, unix
/// sockets, ENOSPC, the "no host time" timestamp): lenient mode reads them all; strict mode
/// reports only what the document lacks.
const NEWER_QEMU: &[&str] = &[
    r#"{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "SPICE_CONNECTED", "data": {"server": {"port": "5900", "family": "ipv4", "host": "127.0.0.1"}, "client": {"port": "52873", "family": "ipv4", "host": "127.0.0.1"}}}"#,
    r#"{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "SPICE_INITIALIZED", "data": {"server": {"auth": "none", "port": "5900", "family": "ipv4", "host": "127.0.0.1"}, "client": {"port": "49004", "family": "ipv4", "channel-type": 1, "connection-id": 1804289383, "host": "127.0.0.1", "channel-id": 0, "tls": false}}}"#,
    r#"{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "SPICE_DISCONNECTED", "data": {"server": {"port": "5900", "family": "unix", "host": "/tmp/s"}, "client": {"port": "", "family": "unix", "host": "/tmp/s"}}}"#,
    r#"{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "WATCHDOG", "data": {"action": "inject-nmi"}}"#,
    r#"{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "RTC_CHANGE", "data": {"offset": 78, "qom-path": "/machine/unattached/device[8]"}}"#,
    r#"{"timestamp": {"seconds": -1, "microseconds": -1}, "event": "STOP"}"#,
    r#"{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "BLOCK_JOB_COMPLETED", "data": {"device": "j", "len": 10, "offset": 3, "speed": 0, "type": "backup", "error": "Input/output error"}}"#,
    r#"{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "VNC_CONNECTED", "data": {"server": {"auth": "vnc", "family": "ipv6", "service": "5900", "host": "::1", "websocket": true}, "client": {"family": "unix", "service": "", "host": "", "websocket": false}}}"#,
    r#"{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "BLOCK_IO_ERROR", "data": {"device": "", "node-name": "n", "operation": "write", "action": "stop", "nospace": true, "reason": "No space left on device"}}"#,
];

#[test]
fn newer_qemu_messages_are_only_undocumented_in_strict_mode() {
    let input = NEWER_QEMU.join("\n");
    let (code, stdout, _) = validate(&input, &[]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("9 messages: 9 valid, 6 with warnings, 0 with errors"),
        "{stdout}"
    );
    let (code, stdout, _) = validate(&input, &["--strict", "--format", "json"]);
    assert_eq!(code, 1);
    let found: Vec<(u64, String, String)> = json_lines(&stdout)
        .iter()
        .flat_map(|report| {
            let line = report["line"].as_u64().unwrap();
            report["violations"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |v| {
                    (
                        line,
                        v["path"].as_str().unwrap().to_owned(),
                        v["kind"].as_str().unwrap().to_owned(),
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let expected = [
        (3, "/data/server/family", "undocumented-value"),
        (3, "/data/client/family", "undocumented-value"),
        (4, "/data/action", "undocumented-value"),
        (5, "/data/qom-path", "undocumented-field"),
        (7, "/data/type", "undocumented-value"),
        (8, "/data/server/websocket", "undocumented-field"),
        (8, "/data/client/family", "undocumented-value"),
        (8, "/data/client/websocket", "undocumented-field"),
        (9, "/data/node-name", "undocumented-field"),
        (9, "/data/nospace", "undocumented-field"),
        (9, "/data/reason", "undocumented-field"),
    ]
    .map(|(line, path, kind)| (line, path.to_owned(), kind.to_owned()));
    assert_eq!(found, expected);
}

/// `qmp-events validate FILE | head -1`: when the reader of stdout goes away, the command stops
/// quietly (no "Broken pipe" message) and exits by what it judged so far, as `grep` or `rg` do
/// in a pipe.
#[test]
fn a_closed_stdout_ends_the_run_quietly_with_the_verdict_so_far() {
    let dir = tempfile::tempdir().unwrap();
    for (first, code) in [(STOP, 0), (BAD_TYPE, 1)] {
        let stream = dir.path().join("stream.jsonl");
        let mut lines = format!("{first}\n");
        for _ in 0..50_000 {
            lines.push_str(STOP);
            lines.push('\n');
        }
        std::fs::write(&stream, lines).unwrap();
        for format in ["text", "json"] {
            let (reader, writer) = std::io::pipe().unwrap();
            drop(reader);
            let output = std::process::Command::new(env!("CARGO_BIN_EXE_qmp-events"))
                .args(["validate", "--format", format])
                .arg(&stream)
                .stdout(writer)
                .output()
                .unwrap();
            assert_eq!(output.status.code(), Some(code), "{format}");
            assert!(
                output.stderr.is_empty(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}

/// A document of one event, `FOO` with a json-int `x`, in a temporary folder.
const FOO_DOC: &str = "FOO\n---\n\nSomething.\n\nData:\n\n- \"x\": x (json-int)\n";

#[test]
fn validate_judges_by_the_document_spec_names() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("foo.txt");
    std::fs::write(&doc, FOO_DOC).unwrap();
    let foo =
        r#"{"event": "FOO", "data": {"x": "one"}, "timestamp": {"seconds": 1, "microseconds": 2}}"#;
    let input = format!("{foo}\n{STOP}\n");
    let spec = doc.to_str().unwrap();
    let (code, stdout, stderr) = validate(&input, &["--format", "json", "--spec", spec]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let reports = json_lines(&stdout);
    assert_eq!(reports[0]["violations"][0]["kind"], "wrong-type");
    assert_eq!(reports[0]["violations"][0]["path"], "/data/x");
    assert_eq!(reports[0]["violations"][0]["spec_line"], 8);
    // The bundled document's STOP is not in this one.
    assert_eq!(reports[1]["violations"][0]["kind"], "unknown-event");
    // Without --spec, the built-in document: FOO is unknown, STOP fine.
    let (code, stdout, _) = validate(&input, &["--format", "json"]);
    assert_eq!(code, 0, "{stdout}");
    let reports = json_lines(&stdout);
    assert_eq!(reports[0]["violations"][0]["kind"], "unknown-event");
    assert_eq!(reports[1]["valid"], true);
}

#[test]
fn a_qapi_schema_judges_the_qemu_session_it_belongs_to() {
    // QEMU 7.2's own schema knows every event and member its recorded session sends, even in
    // strict mode; the bundled 2012 document warns about most of them.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let session = root.join("tests/fixtures/qemu-7.2.22.jsonl");
    let schema = root.join("tests/data/qapi-schemas/qapi-qmp-0.11.0/qapi/qapi-schema.json");
    let input = std::fs::read_to_string(&session).unwrap();
    let spec = schema.to_str().unwrap();
    let (code, stdout, stderr) =
        validate(&input, &["--strict", "--format", "json", "--spec", spec]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let reports = json_lines(&stdout);
    assert_eq!(reports.len(), 90);
    assert!(
        reports.iter().all(|report| report["valid"] == true),
        "{stdout}"
    );
    let (_, stdout, _) = validate(&input, &["--format", "json"]);
    let warned = json_lines(&stdout)
        .iter()
        .filter(|report| !report["violations"].as_array().unwrap().is_empty())
        .count();
    assert_eq!(
        warned, 81,
        "the bundled document's verdicts on the same session"
    );
}

#[test]
fn a_spec_with_errors_is_trouble_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("bad.txt");
    std::fs::write(&doc, b"FOO\n---\n\nData: None.\n\x00\n").unwrap();
    let spec = doc.to_str().unwrap();
    let (code, stdout, stderr) = validate(&format!("{STOP}\n"), &["--spec", spec]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains(&format!("{spec}:5:1: error[not-text]")),
        "{stderr}"
    );
    // `watch` reads it before it connects anywhere.
    let output = qmp_events()
        .args(["watch", "--socket", "/nonexistent/qmp.sock", "--spec", spec])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(&format!("{spec}:5:1: error[not-text]")),
        "{stderr}"
    );
    let (code, _, stderr) = validate("", &["--spec", "/nonexistent/doc.txt"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("/nonexistent/doc.txt: "), "{stderr}");
}

#[test]
fn the_version_names_the_document_the_verdicts_come_from() {
    let output = qmp_events().arg("--version").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.starts_with("qmp-events 0.1.0 (judges by spec/qmp-events.txt, built in;"),
        "{stdout}"
    );
}

#[test]
fn the_recorded_qemu_7_2_session_is_valid_against_its_introspection() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = qmp_events()
        .args(["validate", "--strict", "--format", "json", "--spec"])
        .arg(root.join("tests/data/qapi-schemas/introspection/qemu-7.2-x86_64.json"))
        .arg(root.join("tests/fixtures/qemu-7.2.22.jsonl"))
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let reports = json_lines(&stdout);
    assert_eq!(reports.len(), 90, "one report per event of the session");
    for report in &reports {
        assert_eq!(report["violations"], json!([]), "{report}");
    }
}

/// BLOCK_WRITE_THRESHOLD with `write-threshold` set to `value` (a `uint64` in QEMU's source).
fn write_threshold(value: &str) -> String {
    format!(
        r#"{{"event": "BLOCK_WRITE_THRESHOLD", "data": {{"node-name": "disk", "amount-exceeded": 1, "write-threshold": {value}}}, "timestamp": {{"seconds": 1, "microseconds": 2}}}}"#
    )
}

/// The violations `qmp-events validate --strict --spec SPEC` (run-time tables) finds in each
/// BLOCK_WRITE_THRESHOLD of `values`, as (path, kind).
fn write_threshold_violations(spec: &str, values: &[&str]) -> Vec<Vec<(String, String)>> {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join(spec);
    let input: Vec<String> = values.iter().map(|value| write_threshold(value)).collect();
    let (_, stdout, stderr) = validate(
        &input.join("\n"),
        &[
            "--strict",
            "--format",
            "json",
            "--spec",
            spec.to_str().unwrap(),
        ],
    );
    let reports = json_lines(&stdout);
    assert_eq!(reports.len(), values.len(), "{stdout}{stderr}");
    reports
        .iter()
        .map(|report| {
            report["violations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|violation| {
                    (
                        violation["path"].as_str().unwrap().to_owned(),
                        violation["kind"].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        })
        .collect()
}

/// An introspection reports every integer width as `int`: its integers take every value from
/// -2^63 to 2^64-1 (QEMU's `uint64` write threshold of 2^64-1 is valid), nothing beyond. The
/// QAPI source states the width: `uint64` takes no negative value.
#[test]
fn an_introspections_integers_take_every_64_bit_value() {
    let out_of_range = || {
        vec![(
            "/data/write-threshold".to_owned(),
            "out-of-range".to_owned(),
        )]
    };
    assert_eq!(
        write_threshold_violations(
            "tests/data/qapi-schemas/introspection/qemu-7.2-x86_64.json",
            &[
                "18446744073709551615",
                "-9223372036854775808",
                "-1",
                "18446744073709551616",
                "-9223372036854775809",
            ]
        ),
        [vec![], vec![], vec![], out_of_range(), out_of_range()]
    );
    assert_eq!(
        write_threshold_violations(
            "tests/data/qapi-schemas/qapi-qmp-0.11.0/qapi/qapi-schema.json",
            &["18446744073709551615", "-1", "18446744073709551616"]
        ),
        [vec![], out_of_range(), out_of_range()]
    );
}

/// QEMU 7.2's answer to `query-qmp-schema` (the `schema` of its saved introspection), as a
/// `return` body.
fn qemu_7_2_schema_reply() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/qapi-schemas/introspection/qemu-7.2-x86_64.json");
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    json!({"return": saved["schema"]})
}

/// An event QEMU 7.2 sends with a member the 2012 document lacks (`qom-path`).
const RTC_CHANGE: &str = r#"{"event": "RTC_CHANGE", "data": {"offset": -5, "qom-path": "/machine/unattached/device[9]"}, "timestamp": {"seconds": 1, "microseconds": 2}}"#;

/// Runs `watch --strict --format json --socket SOCKET` with `args`; returns (exit code, the
/// reports, stderr).
fn watch(socket: &Path, args: &[&str]) -> (i32, Vec<Value>, String) {
    let output = qmp_events()
        .args(["watch", "--strict", "--format", "json", "--socket"])
        .arg(socket)
        .args(args)
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    (
        output.status.code().expect("an exit code"),
        json_lines(&String::from_utf8(output.stdout).unwrap()),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn watch_spec_live_judges_by_the_schema_the_qemu_gives() {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("qmp.sock");
    let server = fake_qemu::serve(&socket, fake_qemu::GREETING, |peer| {
        let id = peer.command("query-qmp-schema");
        // An event before the answer is queued, and judged by the schema too.
        peer.send(RTC_CHANGE);
        peer.reply(&id, qemu_7_2_schema_reply());
        for line in [STOP, TRAY, BAD_TYPE] {
            peer.send(line);
        }
    });
    let (code, reports, stderr) = watch(&socket, &["--spec", "live"]);
    server.join().unwrap();
    assert_eq!(code, 1, "BAD_TYPE has an error: {stderr}");
    assert!(
        stderr.contains(
            "QEMU 7.2.0 (fake); strict mode; judged by the schema QEMU 7.2.0 (fake) gave \
             (query-qmp-schema, 52 events); Ctrl-C to stop"
        ),
        "{stderr}"
    );
    let events: Vec<&str> = reports
        .iter()
        .map(|report| report["event"].as_str().unwrap())
        .collect();
    assert_eq!(
        events,
        ["RTC_CHANGE", "STOP", "DEVICE_TRAY_MOVED", "BLOCK_IO_ERROR"]
    );
    // QEMU 7.2's schema has `qom-path` and `id`, which the built-in 2012 document lacks.
    for report in &reports[..3] {
        assert_eq!(report["violations"], json!([]), "{report}");
    }
    assert_eq!(reports[3]["violations"][0]["kind"], "wrong-type");
    assert_eq!(reports[3]["violations"][0]["path"], "/data/device");
}

/// Runs `watch --spec live` on a fake QEMU that greets with `greeting` and answers
/// `query-qmp-schema` with `answer`, which must be trouble (exit 2, no report); returns stderr.
fn watch_live_trouble(socket: &Path, greeting: &'static str, answer: Value) -> String {
    let server = fake_qemu::serve(socket, greeting, move |peer| {
        let id = peer.command("query-qmp-schema");
        peer.reply(&id, answer);
    });
    let (code, reports, stderr) = watch(socket, &["--spec", "live"]);
    server.join().unwrap();
    assert_eq!(code, 2, "{stderr}");
    assert!(reports.is_empty());
    stderr
}

#[test]
fn watch_spec_live_on_a_qemu_without_query_qmp_schema_is_trouble() {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("qmp.sock");
    // QEMU 2.4's greeting; it has no query-qmp-schema.
    let greeting = r#"{"QMP": {"version": {"qemu": {"micro": 0, "minor": 4, "major": 2}, "package": ""}, "capabilities": []}}"#;
    let error = json!({"class": "CommandNotFound", "desc": "The command query-qmp-schema has not been found"});
    let stderr = watch_live_trouble(&socket, greeting, json!({ "error": error }));
    assert_eq!(
        stderr,
        "qmp-events: QEMU 2.4.0 does not give its schema (command \"query-qmp-schema\" failed: \
         CommandNotFound: The command query-qmp-schema has not been found; QEMU answers \
         query-qmp-schema since 2.5): judge by a document instead, --spec FILE\n"
    );
}

#[test]
fn watch_spec_live_with_a_schema_that_does_not_read_is_trouble_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("qmp.sock");
    // An event whose data is a type the schema does not have.
    let schema = json!([{"name": "STOP", "meta-type": "event", "arg-type": "7"}]);
    let stderr = watch_live_trouble(&socket, fake_qemu::GREETING, json!({ "return": schema }));
    assert!(
        stderr.starts_with(
            "qmp-events: the schema QEMU 7.2.0 (fake) gave does not read:\n<query-qmp-schema>:"
        ),
        "{stderr}"
    );
    assert!(stderr.contains(": error["), "{stderr}");
}

#[test]
fn validate_spec_live_is_a_usage_error() {
    let output = qmp_events()
        .args(["validate", "-", "--spec", "live"])
        .write_stdin(format!("{STOP}\n"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with(
            "error: --spec live judges by the schema of the QEMU that `watch` watches; \
             `validate` reads a captured stream and has no QEMU to ask"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("Usage: qmp-events"), "{stderr}");
}

/// `watch --spec FILE` reads each of the three formats: the text document, a QAPI schema and a
/// QEMU's introspection; each judges the same events by what it says.
#[test]
fn watch_spec_file_takes_each_format() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("foo.txt");
    std::fs::write(&text, FOO_DOC).unwrap();
    let qapi = root.join("tests/data/qapi-schemas/qapi-qmp-0.11.0/qapi/qapi-schema.json");
    let introspection = root.join("tests/data/qapi-schemas/introspection/qemu-7.2-x86_64.json");
    // (document, the kind of the verdict on STOP and on RTC_CHANGE: none when valid)
    let cases = [
        (&text, Some("unknown-event"), Some("unknown-event")),
        (&qapi, None, None),
        (&introspection, None, None),
    ];
    for (number, (document, stop, rtc_change)) in cases.into_iter().enumerate() {
        let socket = dir.path().join(format!("qmp-{number}.sock"));
        let server = fake_qemu::serve(&socket, fake_qemu::GREETING, |peer| {
            peer.send(STOP);
            peer.send(RTC_CHANGE);
        });
        let spec = document.to_str().unwrap();
        let (code, reports, stderr) = watch(&socket, &["--spec", spec]);
        server.join().unwrap();
        assert!(
            stderr.contains(&format!("; strict mode; judged by {spec}; Ctrl-C to stop")),
            "{stderr}"
        );
        let kinds: Vec<Option<&str>> = reports
            .iter()
            .map(|report| report["violations"][0]["kind"].as_str())
            .collect();
        assert_eq!(kinds, [stop, rtc_change], "{spec}");
        assert_eq!(code, i32::from(stop.is_some()), "{spec}: {stderr}");
    }
}
