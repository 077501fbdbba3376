//! The bindings against a real QEMU: start `qemu-system-x86_64` headless, drive it through
//! `qmp_events::client`, trigger the documented events, and check that each reads as its typed
//! variant in lenient mode and that strict mode reports exactly what this QEMU sends beyond the
//! 2012 document.
//!
//! Skipped (with a notice) when `qemu-system-x86_64` is not installed; `.ci/run` installs it.
//! `UPDATE_FIXTURES=1` writes the session's raw JSONL to `tests/fixtures/qemu-VERSION.jsonl`.

#[path = "qemu/machine.rs"]
mod machine;
#[path = "qemu/vnc.rs"]
mod vnc;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use qmp_events::client::{Client, ClientError, Connect, Received};
use qmp_events::{Event, Mode, ViolationKind};
use serde_json::{Value, json};

use machine::Machine;

/// How long one expected event may take to arrive (TCG on a busy CI machine is slow).
const EVENT_TIMEOUT: Duration = Duration::from_secs(30);

/// What QEMU 7.2 sends beyond the 2012 document, for each event the test triggers: the
/// (JSON pointer, kind) pairs that strict mode must report, no more and no fewer.
/// `label` tells apart several occurrences of one event (block jobs of different types).
struct Beyond2012 {
    label: &'static str,
    event: &'static str,
    beyond: &'static [(&'static str, ViolationKind)],
}

use ViolationKind::{
    UndocumentedField as Field, UndocumentedValue as Value_, UnknownEvent as Unknown,
};

/// An event that QEMU 7.2 sends and the 2012 document lacks: strict mode names the event.
const UNKNOWN: &[(&str, ViolationKind)] = &[("/event", Unknown)];

const EXPECTED: &[Beyond2012] = &[
    Beyond2012 {
        label: "resume",
        event: "RESUME",
        beyond: &[],
    },
    Beyond2012 {
        label: "io-error",
        event: "BLOCK_IO_ERROR",
        // Since QEMU 2.x: the node, whether the error was ENOSPC, and strerror's text.
        beyond: &[
            ("/data/node-name", Field),
            ("/data/nospace", Field),
            ("/data/reason", Field),
        ],
    },
    Beyond2012 {
        label: "stop",
        event: "STOP",
        beyond: &[],
    },
    Beyond2012 {
        label: "reset",
        event: "RESET",
        // Since QEMU 3.0/4.0: who asked, and why. The document says `Data: None.`
        beyond: &[("/data/guest", Field), ("/data/reason", Field)],
    },
    Beyond2012 {
        label: "eject",
        event: "DEVICE_TRAY_MOVED",
        // Since QEMU 2.8: the device's qdev id.
        beyond: &[("/data/id", Field)],
    },
    Beyond2012 {
        label: "stream-cancelled",
        event: "BLOCK_JOB_CANCELLED",
        beyond: &[],
    },
    Beyond2012 {
        label: "commit",
        event: "BLOCK_JOB_COMPLETED",
        beyond: &[("/data/type", Value_)],
    },
    Beyond2012 {
        label: "stream",
        event: "BLOCK_JOB_COMPLETED",
        beyond: &[],
    },
    Beyond2012 {
        label: "mirror-cancelled",
        event: "BLOCK_JOB_CANCELLED",
        beyond: &[("/data/type", Value_)],
    },
    Beyond2012 {
        label: "mirror-ready",
        event: "BLOCK_JOB_READY",
        beyond: UNKNOWN,
    },
    Beyond2012 {
        label: "mirror",
        event: "BLOCK_JOB_COMPLETED",
        beyond: &[("/data/type", Value_)],
    },
    Beyond2012 {
        label: "vnc-connected",
        event: "VNC_CONNECTED",
        // Since QEMU 2.3: whether the connection is a websocket.
        beyond: &[
            ("/data/client/websocket", Field),
            ("/data/server/websocket", Field),
        ],
    },
    Beyond2012 {
        label: "vnc-initialized",
        event: "VNC_INITIALIZED",
        beyond: &[
            ("/data/client/websocket", Field),
            ("/data/server/websocket", Field),
        ],
    },
    Beyond2012 {
        label: "vnc-disconnected",
        event: "VNC_DISCONNECTED",
        beyond: &[
            ("/data/client/websocket", Field),
            ("/data/server/websocket", Field),
        ],
    },
    Beyond2012 {
        label: "powerdown",
        event: "POWERDOWN",
        beyond: UNKNOWN,
    },
    Beyond2012 {
        label: "device-deleted",
        event: "DEVICE_DELETED",
        beyond: UNKNOWN,
    },
    Beyond2012 {
        label: "migration-pass",
        event: "MIGRATION_PASS",
        beyond: UNKNOWN,
    },
    Beyond2012 {
        label: "migration",
        event: "MIGRATION",
        beyond: UNKNOWN,
    },
    Beyond2012 {
        label: "dump",
        event: "DUMP_COMPLETED",
        beyond: UNKNOWN,
    },
    Beyond2012 {
        label: "quit",
        event: "SHUTDOWN",
        beyond: &[("/data/guest", Field), ("/data/reason", Field)],
    },
];

#[test]
fn a_real_qemu_sends_what_the_bindings_read() {
    let Some(mut machine) = machine::start_unless_missing("tests/qemu.rs") else {
        return;
    };
    let transcript = machine.dir.path().join("session.jsonl");
    let mut qmp = Connect::new(qmp_events::client::Address::Unix(machine.qmp.clone()))
        .transcript(fs::File::create(&transcript).expect("the transcript file"))
        .open()
        .unwrap_or_else(|error| panic!("QMP: {error}; QEMU's log:\n{}", machine.log()));
    let version = qmp.greeting().qemu.expect("QEMU states its version");

    let seen = drive(&mut qmp, &machine);
    drain_after_quit(&mut qmp);
    machine.wait_for_exit(Duration::from_secs(20));
    drop(qmp);

    let labels: Vec<&str> = seen.iter().map(|(label, _)| *label).collect();
    let expected: Vec<&str> = EXPECTED.iter().map(|expected| expected.label).collect();
    assert_eq!(labels, expected, "every trigger produced its event");
    for ((label, received), expected) in seen.iter().zip(EXPECTED) {
        assert_eq!(
            received.event_name(),
            Some(expected.event),
            "{label}: {}",
            received.line
        );
        assert_reads_typed(label, received);
        assert_lenient_valid(label, received);
        assert_strict_reports_exactly(expected, received);
    }
    check_transcript(&transcript, &seen);
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("tests/fixtures/qemu-{version}.jsonl"));
        fs::copy(&transcript, &fixture).expect("the fixture is written");
        notice(&format!("wrote {}", fixture.display()));
    }
}

/// Prints `text` past the test harness's output capture (it captures `eprintln!`, not
/// writes to stderr itself), so that a skip shows in a plain `cargo test`.
fn notice(text: &str) {
    use std::io::Write;
    // A notice that cannot be written changes nothing about the test's outcome.
    let _ = writeln!(std::io::stderr(), "tests/qemu.rs: {text}");
}

/// Triggers each event of [`EXPECTED`], in its order, and returns them labelled.
fn drive(qmp: &mut Client, machine: &Machine) -> Vec<(&'static str, Received)> {
    let mut seen = Vec::new();
    let run = |qmp: &mut Client, command: &str, arguments: Value| {
        qmp.execute(command, arguments)
            .unwrap_or_else(|error| panic!("{command}: {error}; QEMU's log:\n{}", machine.log()))
    };

    // The machine starts paused; running it makes the BIOS read hd0's boot sector, which
    // blkdebug fails: the IDE device reports BLOCK_IO_ERROR (action "report", the default).
    run(qmp, "cont", Value::Null);
    seen.push(("resume", wait(qmp, "RESUME", |_| true)));
    seen.push((
        "io-error",
        wait(qmp, "BLOCK_IO_ERROR", |data| data["device"] == "hd0"),
    ));
    run(qmp, "stop", Value::Null);
    seen.push(("stop", wait(qmp, "STOP", |_| true)));
    run(qmp, "cont", Value::Null);
    wait(qmp, "RESUME", |_| true);
    run(qmp, "system_reset", Value::Null);
    seen.push((
        "reset",
        wait(qmp, "RESET", |data| {
            data["reason"] == "host-qmp-system-reset"
        }),
    ));
    run(qmp, "eject", json!({"id": "cd"}));
    seen.push((
        "eject",
        wait(qmp, "DEVICE_TRAY_MOVED", |data| data["tray-open"] == true),
    ));

    // Block jobs on the chain base ← mid ← top. A rate limit of 1 byte/s holds a job after its
    // first chunk, so that it can be cancelled.
    let job = |id: &'static str| move |data: &Value| data["device"] == id;
    run(
        qmp,
        "block-stream",
        json!({"job-id": "stream-cancelled", "device": "top", "speed": 1}),
    );
    run(
        qmp,
        "block-job-cancel",
        json!({"device": "stream-cancelled"}),
    );
    seen.push((
        "stream-cancelled",
        wait(qmp, "BLOCK_JOB_CANCELLED", job("stream-cancelled")),
    ));
    run(
        qmp,
        "block-commit",
        json!({"job-id": "commit", "device": "top", "top-node": "mid", "base-node": "base"}),
    );
    seen.push(("commit", wait(qmp, "BLOCK_JOB_COMPLETED", job("commit"))));
    run(
        qmp,
        "block-stream",
        json!({"job-id": "stream", "device": "top"}),
    );
    seen.push(("stream", wait(qmp, "BLOCK_JOB_COMPLETED", job("stream"))));
    let mirror = |id: &str, speed: i64| {
        let target = machine.dir.path().join(format!("{id}.qcow2"));
        json!({"job-id": id, "device": "top", "target": target, "format": "qcow2",
               "sync": "full", "speed": speed})
    };
    run(qmp, "drive-mirror", mirror("mirror-cancelled", 1));
    run(
        qmp,
        "block-job-cancel",
        json!({"device": "mirror-cancelled"}),
    );
    seen.push((
        "mirror-cancelled",
        wait(qmp, "BLOCK_JOB_CANCELLED", job("mirror-cancelled")),
    ));
    run(qmp, "drive-mirror", mirror("mirror", 0));
    seen.push(("mirror-ready", wait(qmp, "BLOCK_JOB_READY", job("mirror"))));
    run(qmp, "block-job-complete", json!({"device": "mirror"}));
    seen.push(("mirror", wait(qmp, "BLOCK_JOB_COMPLETED", job("mirror"))));

    // VNC: a client on loopback that completes the RFB handshake, then leaves.
    let vnc = run(qmp, "query-vnc", Value::Null);
    let port: u16 = vnc["service"]
        .as_str()
        .and_then(|service| service.parse().ok())
        .unwrap_or_else(|| panic!("query-vnc names the port: {vnc}"));
    assert_eq!(vnc["host"], "127.0.0.1", "VNC listens on loopback only");
    let session = vnc::handshake(port);
    seen.push(("vnc-connected", wait(qmp, "VNC_CONNECTED", |_| true)));
    seen.push(("vnc-initialized", wait(qmp, "VNC_INITIALIZED", |_| true)));
    vnc::close(session);
    seen.push(("vnc-disconnected", wait(qmp, "VNC_DISCONNECTED", |_| true)));

    // Events the 2012 document does not know, which QEMU sends without a guest's help.
    run(qmp, "system_powerdown", Value::Null);
    seen.push(("powerdown", wait(qmp, "POWERDOWN", |_| true)));
    run(qmp, "device_del", json!({"id": "tablet"}));
    seen.push((
        "device-deleted",
        wait(qmp, "DEVICE_DELETED", |data| data["device"] == "tablet"),
    ));
    let events_on = json!({"capabilities": [{"capability": "events", "state": true}]});
    run(qmp, "migrate-set-capabilities", events_on);
    run(qmp, "migrate", json!({"uri": "exec:cat > /dev/null"}));
    seen.push(("migration-pass", wait(qmp, "MIGRATION_PASS", |_| true)));
    seen.push((
        "migration",
        wait(qmp, "MIGRATION", |data| data["status"] == "completed"),
    ));

    let dump = machine.dir.path().join("memory.dump");
    let protocol = format!("file:{}", dump.display());
    run(
        qmp,
        "dump-guest-memory",
        json!({"paging": false, "protocol": protocol, "detach": true}),
    );
    seen.push(("dump", wait(qmp, "DUMP_COMPLETED", |_| true)));

    // `quit` replies, emits SHUTDOWN, and QEMU exits (the reply may be lost in the race).
    match qmp.execute("quit", Value::Null) {
        Ok(_) => {}
        Err(error) if error.is_peer_closed() => {}
        Err(error) => panic!("quit: {error}"),
    }
    seen.push((
        "quit",
        wait(qmp, "SHUTDOWN", |data| data["reason"] == "host-qmp-quit"),
    ));
    seen
}

/// The first event `name` whose data satisfies `matches`; earlier events of that name that do
/// not (a guest-initiated RESET, say) are passed over.
fn wait(qmp: &mut Client, name: &str, matches: impl Fn(&Value) -> bool) -> Received {
    let deadline = Instant::now() + EVENT_TIMEOUT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let received = qmp
            .wait_for_event(name, left)
            .unwrap_or_else(|error| panic!("waiting for {name}: {error}"));
        let message: Value = serde_json::from_str(&received.line).expect("QEMU sends JSON");
        if matches(&message["data"]) {
            return received;
        }
    }
}

/// Reads what QEMU still sends after `quit` until it closes the connection.
fn drain_after_quit(qmp: &mut Client) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        assert!(
            Instant::now() < deadline,
            "QEMU kept the QMP connection open after quit"
        );
        match qmp.poll_event(Duration::from_millis(500)) {
            Ok(_) => {}
            Err(ClientError::PeerClosed { .. }) => return,
            Err(error) => panic!("after quit: {error}"),
        }
    }
}

/// The labels of events the document does not know.
const UNKNOWN_LABELS: &[&str] = &[
    "mirror-ready",
    "powerdown",
    "device-deleted",
    "dump",
    "migration-pass",
    "migration",
];

/// The message reads as its typed variant (not [`Event::Unknown`]), with its values.
fn assert_reads_typed(label: &str, received: &Received) {
    let message = match &received.message {
        Ok(message) => message,
        Err(error) => panic!("{label}: does not read: {error}: {}", received.line),
    };
    let event = &message.event;
    let typed = match (label, event) {
        ("resume", Event::Resume(_)) | ("stop", Event::Stop(_)) => true,
        ("reset", Event::Reset(_)) | ("quit", Event::Shutdown(_)) => true,
        ("io-error", Event::BlockIoError(error)) => {
            error.device == "hd0"
                && error.operation.as_str() == "read"
                && error.action.as_str() == "report"
        }
        ("eject", Event::DeviceTrayMoved(moved)) => moved.device == "cd0" && moved.tray_open,
        ("stream-cancelled" | "mirror-cancelled", Event::BlockJobCancelled(job)) => {
            job.device == label && job.offset <= job.len && job.speed == 1
        }
        ("commit" | "stream" | "mirror", Event::BlockJobCompleted(job)) => {
            job.device == label
                && job.type_.as_str() == label
                && job.type_.is_documented() == (label == "stream")
                && job.offset == job.len
                && job.error.is_none()
        }
        ("vnc-connected", Event::VncConnected(vnc)) => {
            vnc.server.host == "127.0.0.1" && vnc.client.host == "127.0.0.1"
        }
        ("vnc-initialized", Event::VncInitialized(vnc)) => {
            vnc.server.auth.as_deref() == Some("none") && vnc.client.family.as_str() == "ipv4"
        }
        ("vnc-disconnected", Event::VncDisconnected(vnc)) => vnc.client.sasl_username.is_none(),
        // Not in the document: kept whole, name and data.
        (_, Event::Unknown { name, data }) => {
            let original: Value = serde_json::from_str(&received.line).expect("JSON");
            UNKNOWN_LABELS.contains(&label)
                && *name == original["event"]
                && data
                    .as_ref()
                    .map(|data| data.parse::<Value>().expect("JSON"))
                    == original.get("data").cloned()
        }
        _ => false,
    };
    assert!(typed, "{label}: read as {event:?} from {}", received.line);
}

/// Lenient mode: the message is valid (what the document lacks is only a warning).
fn assert_lenient_valid(label: &str, received: &Received) {
    let report = qmp_events::validate(&received.line, Mode::Lenient);
    assert!(
        report.is_valid(),
        "{label}: lenient mode finds errors in {}: {:#?}",
        received.line,
        report.violations
    );
}

/// Strict mode: exactly the listed fields and values beyond the 2012 document, as errors.
fn assert_strict_reports_exactly(expected: &Beyond2012, received: &Received) {
    let report = qmp_events::validate(&received.line, Mode::Strict);
    let found: BTreeSet<(String, ViolationKind)> = report
        .violations
        .iter()
        .map(|violation| (violation.path.clone(), violation.kind))
        .collect();
    let wanted: BTreeSet<(String, ViolationKind)> = expected
        .beyond
        .iter()
        .map(|(path, kind)| ((*path).to_owned(), *kind))
        .collect();
    assert_eq!(
        found, wanted,
        "{}: strict mode on {}: {:#?}",
        expected.label, received.line, report.violations
    );
    assert_eq!(
        report.violations.len(),
        wanted.len(),
        "{}: one each",
        expected.label
    );
    assert!(
        report
            .violations
            .iter()
            .all(|violation| violation.is_error())
    );
}

/// The transcript holds the greeting first, then every line QEMU sent, including each event
/// the test saw; every line of it is JSON, and every event in it (also those the test did not
/// wait for) reads as a typed message and is valid in lenient mode.
fn check_transcript(path: &Path, seen: &[(&str, Received)]) {
    let text = fs::read_to_string(path).expect("the transcript");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with(r#"{"QMP""#), "{}", lines[0]);
    for line in &lines {
        let message: Value =
            serde_json::from_str(line).unwrap_or_else(|error| panic!("{error}: {line}"));
        if message.get("event").is_some() {
            let typed = serde_json::from_str::<qmp_events::Message>(line);
            assert!(typed.is_ok(), "{typed:?}: {line}");
            assert!(
                qmp_events::validate(line, Mode::Lenient).is_valid(),
                "{line}"
            );
        }
    }
    for (label, received) in seen {
        assert!(
            lines.contains(&received.line.as_str()),
            "{label} is in the transcript"
        );
    }
}
