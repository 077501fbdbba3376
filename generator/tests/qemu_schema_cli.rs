//! `qmpgen schema --socket PATH` against the installed QEMU 7.2 (skipped with a notice when it
//! is not installed; `.ci/run` installs it), and `--tcp HOST:PORT` against a scripted server:
//! the saved file is the introspection wrapper `{"qemu": <version>, "schema": [...]}`.

mod common;
#[allow(dead_code)] // The QEMU tests' helpers; this test uses a part of them.
#[path = "../../tests/qemu/introspection.rs"]
mod introspection;
#[allow(dead_code)]
#[path = "../../tests/qemu/machine.rs"]
mod machine;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;

use common::{qmpgen, qmpgen_in, text};
use serde_json::{Value, json};

#[test]
fn a_live_qemus_schema_is_saved_as_the_introspection_file() {
    let Some(machine) = machine::start_unless_missing("generator/tests/qemu_schema_cli.rs") else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temp dir");
    let socket = machine.qmp.to_str().expect("a UTF-8 temp path");
    let output = qmpgen_in(
        dir.path(),
        &["schema", "--socket", socket, "-o", "qemu.json"],
        "",
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}; QEMU's log:\n{}",
        text(&output.stderr),
        machine.log()
    );
    assert!(output.stdout.is_empty(), "{}", text(&output.stdout));
    let saved_text = std::fs::read_to_string(dir.path().join("qemu.json")).expect("the file");
    let saved: Value = serde_json::from_str(&saved_text).expect("the file is JSON");
    let part = |part: &str| {
        let number = saved["qemu"]["qemu"][part]
            .as_u64()
            .expect("a version number");
        u32::try_from(number).expect("a small version number")
    };
    let (major, minor) = (part("major"), part("minor"));
    assert!(
        text(&output.stderr)
            .starts_with(&format!("qemu.json: the schema of QEMU {major}.{minor}.")),
        "{}",
        text(&output.stderr)
    );
    let shared = introspection::saved((major, minor));
    let keys: Vec<&String> = saved.as_object().expect("an object").keys().collect();
    assert_eq!(keys, ["qemu", "schema"]);
    assert_eq!(
        saved["schema"], shared.json["schema"],
        "the same QEMU build"
    );
    assert_eq!(
        introspection::event_names(&saved["schema"]).len(),
        shared.events
    );
    assert!(saved["qemu"]["package"].is_string(), "{}", saved["qemu"]);
    shared.assert_same_schema_text(&saved_text);

    // The saved file is a document every command reads: its events, named by the QEMU.
    let read_back = qmpgen_in(dir.path(), &["schema", "--format", "json", "qemu.json"], "");
    assert_eq!(
        read_back.status.code(),
        Some(0),
        "{}",
        text(&read_back.stderr)
    );
    let model: Value = serde_json::from_slice(&read_back.stdout).expect("the model as JSON");
    assert_eq!(model["format"], "introspection");
    assert_eq!(
        model["events"].as_array().map(Vec::len),
        Some(shared.events)
    );
}

/// A QMP server on TCP that greets, negotiates, sends an event and then answers the schema
/// query with `schema`, as QEMU writes it.
fn fake_tcp_qemu(schema: &'static str) -> (String, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let address = listener.local_addr().expect("its address").to_string();
    let server = std::thread::spawn(move || {
        let (stream, _) = listener.accept().expect("qmpgen connects");
        let mut reader = BufReader::new(stream.try_clone().expect("the stream"));
        let mut writer = stream;
        let mut command = |expected: &str| {
            let mut line = String::new();
            reader.read_line(&mut line).expect("a command");
            let command: Value = serde_json::from_str(&line).expect("a JSON command");
            assert_eq!(command["execute"], expected, "{line}");
            command["id"].clone()
        };
        let greeting = r#"{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}, "package": "test"}, "capabilities": []}}"#;
        writeln!(writer, "{greeting}").expect("the greeting");
        let id = command("qmp_capabilities");
        writeln!(writer, "{}", json!({"return": {}, "id": id})).expect("a reply");
        let id = command("query-qmp-schema");
        writeln!(
            writer,
            r#"{{"event": "STOP", "timestamp": {{"seconds": 1, "microseconds": 0}}}}"#
        )
        .expect("an event");
        writeln!(writer, r#"{{"return": {schema}, "id": {id}}}"#).expect("the reply");
    });
    (address, server)
}

#[test]
fn tcp_writes_the_wrapper_to_standard_output_in_qemus_order() {
    let schema = r#"[{"name": "STOP", "meta-type": "event", "arg-type": "0"}, {"name": "0", "meta-type": "object", "members": []}]"#;
    let (address, server) = fake_tcp_qemu(schema);
    let output = qmpgen(&["schema", "--tcp", &address]);
    server.join().expect("the script ran");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let expected = r#"{
 "qemu": {
  "qemu": {
   "micro": 0,
   "minor": 2,
   "major": 7
  },
  "package": "test"
 },
 "schema": [
  {
   "name": "STOP",
   "meta-type": "event",
   "arg-type": "0"
  },
  {
   "name": "0",
   "meta-type": "object",
   "members": []
  }
 ]
}
"#;
    assert_eq!(text(&output.stdout), expected);
}

#[test]
fn no_qemu_at_the_socket_is_trouble_naming_it() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let socket = dir.path().join("none.sock");
    let output = qmpgen(&["schema", "--socket", socket.to_str().expect("UTF-8")]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with(&format!(
            "qmpgen: cannot ask QEMU for its schema: {}: no such socket",
            socket.display()
        )),
        "{stderr}"
    );
    assert!(!Path::new(&dir.path().join("qemu.json")).exists());
}

#[test]
fn a_live_source_takes_no_format_and_output_needs_a_live_source() {
    let output = qmpgen(&["schema", "--socket", "x.sock", "--format", "json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("cannot be used with"));
    let output = qmpgen(&["schema", "doc.txt", "-o", "out.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("--socket"));
}
