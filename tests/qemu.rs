//! The bindings against a real QEMU: start `qemu-system-x86_64` headless, drive it through
//! `qmp_events::client`, trigger 34 kinds of events (playing the guest where one is needed:
//! port writes and block I/O through HMP), and check that each reads as its typed variant in
//! lenient mode and that strict mode reports exactly what this QEMU sends beyond the 2012
//! document. Meanwhile `qmp-events watch --spec live --strict` judges the whole session on a
//! second monitor by the schema that QEMU gives: every event valid, at least 25 kinds.
//!
//! Skipped (with a notice) when `qemu-system-x86_64` is not installed; `.ci/run` installs it.
//! `UPDATE_FIXTURES=1` writes the session's raw JSONL to `tests/fixtures/qemu-VERSION.jsonl`.

#[path = "qemu/machine.rs"]
mod machine;
#[path = "qemu/vnc.rs"]
mod vnc;
#[path = "qemu/watcher.rs"]
mod watcher;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use qmp_events::client::{Client, ClientError, Connect, Received};
use qmp_events::{Event, Mode, ViolationKind};
use serde_json::{Value, json};

use machine::Machine;
use watcher::{Watched, Watcher};

/// How long one expected event may take to arrive (TCG on a busy CI machine is slow).
const EVENT_TIMEOUT: Duration = Duration::from_secs(30);

/// The QEMU whose messages [`EXPECTED`] lists (major, minor). Another QEMU (`QMP_EVENTS_QEMU`,
/// QEMU 10 in CI) sends more beyond the 2012 document; strict mode must then report only what
/// the document lacks, never a missing member or a wrong type.
const EXPECTED_QEMU: (u32, u32) = (7, 2);

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
        label: "quorum-report-bad",
        event: "QUORUM_REPORT_BAD",
        beyond: UNKNOWN,
    },
    Beyond2012 {
        label: "quorum-failure",
        event: "QUORUM_FAILURE",
        beyond: UNKNOWN,
    },
    Beyond2012 {
        label: "corrupted",
        event: "BLOCK_IMAGE_CORRUPTED",
        beyond: UNKNOWN,
    },
    Beyond2012 {
        label: "write-threshold",
        event: "BLOCK_WRITE_THRESHOLD",
        beyond: UNKNOWN,
    },
    Beyond2012 {
        label: "export-deleted",
        event: "BLOCK_EXPORT_DELETED",
        beyond: UNKNOWN,
    },
    Beyond2012 {
        label: "backup-pending",
        event: "BLOCK_JOB_PENDING",
        beyond: UNKNOWN,
    },
    Beyond2012 {
        label: "backup",
        event: "BLOCK_JOB_COMPLETED",
        beyond: &[("/data/type", Value_)],
    },
    Beyond2012 {
        label: "job-error",
        event: "BLOCK_JOB_ERROR",
        beyond: UNKNOWN,
    },
    Beyond2012 {
        label: "failing-mirror",
        event: "BLOCK_JOB_COMPLETED",
        beyond: &[("/data/type", Value_)],
    },
    Beyond2012 {
        label: "netdev-connected",
        event: "NETDEV_STREAM_CONNECTED",
        beyond: UNKNOWN,
    },
    Beyond2012 {
        label: "netdev-disconnected",
        event: "NETDEV_STREAM_DISCONNECTED",
        beyond: UNKNOWN,
    },
    Beyond2012 {
        label: "panicked",
        event: "GUEST_PANICKED",
        beyond: UNKNOWN,
    },
    Beyond2012 {
        label: "crashloaded",
        event: "GUEST_CRASHLOADED",
        beyond: UNKNOWN,
    },
    Beyond2012 {
        label: "watchdog",
        event: "WATCHDOG",
        // `none`: the watchdog reports and does nothing (`-action watchdog=none`).
        beyond: &[],
    },
    Beyond2012 {
        label: "rtc-change",
        event: "RTC_CHANGE",
        // Since QEMU 2.x: which RTC device.
        beyond: &[("/data/qom-path", Field)],
    },
    Beyond2012 {
        label: "suspend",
        event: "SUSPEND",
        beyond: UNKNOWN,
    },
    Beyond2012 {
        label: "wakeup",
        event: "WAKEUP",
        beyond: UNKNOWN,
    },
    Beyond2012 {
        label: "memory-failure",
        event: "MEMORY_FAILURE",
        beyond: UNKNOWN,
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
    // Watching from the second monitor before anything happens: it sees the whole session.
    let watcher = Watcher::start(&machine.qmp_watch);

    let seen = drive(&mut qmp, &machine);
    drain_after_quit(&mut qmp);
    machine.wait_for_exit(Duration::from_secs(20));
    drop(qmp);
    let watched = watcher.finish(Duration::from_secs(30));
    assert_watched_live(&watched, &version.to_string(), &seen);

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
        if (version.major, version.minor) == EXPECTED_QEMU {
            assert_strict_reports_exactly(expected, received);
        } else {
            assert_strict_reports_only_undocumented(label, received);
        }
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

    // The machine starts paused; running it makes the BIOS read hd0's boot sector, which
    // blkdebug fails: the IDE device reports BLOCK_IO_ERROR (action "report", the default).
    run(qmp, machine, "cont", Value::Null);
    seen.push(("resume", wait(qmp, "RESUME", |_| true)));
    seen.push((
        "io-error",
        wait(qmp, "BLOCK_IO_ERROR", |data| data["device"] == "hd0"),
    ));
    run(qmp, machine, "stop", Value::Null);
    seen.push(("stop", wait(qmp, "STOP", |_| true)));
    run(qmp, machine, "cont", Value::Null);
    wait(qmp, "RESUME", |_| true);
    run(qmp, machine, "system_reset", Value::Null);
    seen.push((
        "reset",
        wait(qmp, "RESET", |data| {
            data["reason"] == "host-qmp-system-reset"
        }),
    ));
    run(qmp, machine, "eject", json!({"id": "cd"}));
    seen.push((
        "eject",
        wait(qmp, "DEVICE_TRAY_MOVED", |data| data["tray-open"] == true),
    ));

    // Block jobs on the chain base ← mid ← top. A rate limit of 1 byte/s holds a job after its
    // first chunk, so that it can be cancelled.
    let job = |id: &'static str| move |data: &Value| data["device"] == id;
    run(
        qmp,
        machine,
        "block-stream",
        json!({"job-id": "stream-cancelled", "device": "top", "speed": 1}),
    );
    run(
        qmp,
        machine,
        "block-job-cancel",
        json!({"device": "stream-cancelled"}),
    );
    seen.push((
        "stream-cancelled",
        wait(qmp, "BLOCK_JOB_CANCELLED", job("stream-cancelled")),
    ));
    run(
        qmp,
        machine,
        "block-commit",
        json!({"job-id": "commit", "device": "top", "top-node": "mid", "base-node": "base"}),
    );
    seen.push(("commit", wait(qmp, "BLOCK_JOB_COMPLETED", job("commit"))));
    run(
        qmp,
        machine,
        "block-stream",
        json!({"job-id": "stream", "device": "top"}),
    );
    seen.push(("stream", wait(qmp, "BLOCK_JOB_COMPLETED", job("stream"))));
    let mirror = |id: &str, speed: i64| {
        let target = machine.dir.path().join(format!("{id}.qcow2"));
        json!({"job-id": id, "device": "top", "target": target, "format": "qcow2",
               "sync": "full", "speed": speed})
    };
    run(qmp, machine, "drive-mirror", mirror("mirror-cancelled", 1));
    run(
        qmp,
        machine,
        "block-job-cancel",
        json!({"device": "mirror-cancelled"}),
    );
    seen.push((
        "mirror-cancelled",
        wait(qmp, "BLOCK_JOB_CANCELLED", job("mirror-cancelled")),
    ));
    run(qmp, machine, "drive-mirror", mirror("mirror", 0));
    seen.push(("mirror-ready", wait(qmp, "BLOCK_JOB_READY", job("mirror"))));
    run(
        qmp,
        machine,
        "block-job-complete",
        json!({"device": "mirror"}),
    );
    seen.push(("mirror", wait(qmp, "BLOCK_JOB_COMPLETED", job("mirror"))));

    // VNC: a client on loopback that completes the RFB handshake, then leaves.
    let vnc = run(qmp, machine, "query-vnc", Value::Null);
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

    drive_nodes(qmp, machine, &mut seen);
    drive_ports(qmp, machine, &mut seen);

    // Events the 2012 document does not know, which QEMU sends without a guest's help.
    run(qmp, machine, "system_powerdown", Value::Null);
    seen.push(("powerdown", wait(qmp, "POWERDOWN", |_| true)));
    run(qmp, machine, "device_del", json!({"id": "tablet"}));
    seen.push((
        "device-deleted",
        wait(qmp, "DEVICE_DELETED", |data| data["device"] == "tablet"),
    ));
    let events_on = json!({"capabilities": [{"capability": "events", "state": true}]});
    run(qmp, machine, "migrate-set-capabilities", events_on);
    run(
        qmp,
        machine,
        "migrate",
        json!({"uri": "exec:cat > /dev/null"}),
    );
    seen.push(("migration-pass", wait(qmp, "MIGRATION_PASS", |_| true)));
    seen.push((
        "migration",
        wait(qmp, "MIGRATION", |data| data["status"] == "completed"),
    ));

    let dump = machine.dir.path().join("memory.dump");
    let protocol = format!("file:{}", dump.display());
    run(
        qmp,
        machine,
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

/// Runs `command` with `arguments`; QEMU's log on failure.
fn run(qmp: &mut Client, machine: &Machine, command: &str, arguments: Value) -> Value {
    qmp.execute(command, arguments)
        .unwrap_or_else(|error| panic!("{command}: {error}; QEMU's log:\n{}", machine.log()))
}

/// Runs the monitor command `line` (HMP, through `human-monitor-command`) and returns what it
/// printed.
fn hmp(qmp: &mut Client, machine: &Machine, line: &str) -> String {
    let printed = run(
        qmp,
        machine,
        "human-monitor-command",
        json!({"command-line": line}),
    );
    printed.as_str().expect("HMP prints text").to_owned()
}

/// Like [`hmp`], for a command that prints nothing on success (`qemu-io`, `o`).
fn hmp_quiet(qmp: &mut Client, machine: &Machine, line: &str) {
    let printed = hmp(qmp, machine, line);
    assert!(printed.is_empty(), "{line}: {printed}");
}

/// Events of block nodes and block jobs beyond the chain's: quorum votes, a corrupt image, a
/// write threshold, an NBD export, a job that waits to be finalized and one whose source
/// fails. Reads and writes go through HMP's `qemu-io` on the node.
fn drive_nodes(qmp: &mut Client, machine: &Machine, seen: &mut Vec<(&'static str, Received)>) {
    hmp_quiet(qmp, machine, r#"qemu-io quorum "read 0 512""#);
    seen.push((
        "quorum-report-bad",
        wait(qmp, "QUORUM_REPORT_BAD", |data| {
            data["node-name"] == "quorum-3"
        }),
    ));
    hmp_quiet(qmp, machine, r#"qemu-io quorum "read 512 512""#);
    seen.push((
        "quorum-failure",
        wait(qmp, "QUORUM_FAILURE", |data| data["reference"] == "quorum"),
    ));
    hmp_quiet(qmp, machine, r#"qemu-io corrupt "read 0 512""#);
    seen.push((
        "corrupted",
        wait(qmp, "BLOCK_IMAGE_CORRUPTED", |data| {
            data["node-name"] == "corrupt"
        }),
    ));
    let threshold = json!({"node-name": "scratch", "write-threshold": 1});
    run(qmp, machine, "block-set-write-threshold", threshold);
    hmp_quiet(qmp, machine, r#"qemu-io scratch "write 0 64k""#);
    seen.push((
        "write-threshold",
        wait(qmp, "BLOCK_WRITE_THRESHOLD", |data| {
            data["node-name"] == "scratch"
        }),
    ));

    let nbd = machine.dir.path().join("nbd.sock");
    let address = json!({"type": "unix", "data": {"path": nbd}});
    run(qmp, machine, "nbd-server-start", json!({ "addr": address }));
    let export = json!({"type": "nbd", "id": "export", "node-name": "scratch"});
    run(qmp, machine, "block-export-add", export);
    run(qmp, machine, "block-export-del", json!({"id": "export"}));
    seen.push((
        "export-deleted",
        wait(qmp, "BLOCK_EXPORT_DELETED", |data| data["id"] == "export"),
    ));
    run(qmp, machine, "nbd-server-stop", Value::Null);

    // A job that waits for `job-finalize` once its work is done.
    let target = machine.dir.path().join("backup.qcow2");
    let backup = json!({"job-id": "backup", "device": "scratch", "target": target,
                        "format": "qcow2", "sync": "full", "auto-finalize": false});
    run(qmp, machine, "drive-backup", backup);
    seen.push((
        "backup-pending",
        wait(qmp, "BLOCK_JOB_PENDING", |data| data["id"] == "backup"),
    ));
    run(qmp, machine, "job-finalize", json!({"id": "backup"}));
    seen.push((
        "backup",
        wait(qmp, "BLOCK_JOB_COMPLETED", |data| {
            data["device"] == "backup"
        }),
    ));
    // A mirror of hd0, whose every read fails: the job reports the error (`on-source-error`
    // is `report`) and ends with it.
    let target = machine.dir.path().join("failing-mirror.raw");
    let mirror = json!({"job-id": "failing-mirror", "device": "hd0", "target": target,
                        "format": "raw", "sync": "full"});
    run(qmp, machine, "drive-mirror", mirror);
    seen.push((
        "job-error",
        wait(qmp, "BLOCK_JOB_ERROR", |data| {
            data["device"] == "failing-mirror"
        }),
    ));
    seen.push((
        "failing-mirror",
        wait(qmp, "BLOCK_JOB_COMPLETED", |data| {
            data["device"] == "failing-mirror"
        }),
    ));
}

/// Events of devices the test plays the guest of, writing to their I/O ports through HMP's
/// `o` (and a peer that connects to the `stream` netdev): pvpanic, the ib700 watchdog, the
/// RTC, ACPI sleep (S3) and an injected machine check.
fn drive_ports(qmp: &mut Client, machine: &Machine, seen: &mut Vec<(&'static str, Received)>) {
    let peer = std::os::unix::net::UnixStream::connect(&machine.netdev)
        .expect("the stream netdev accepts");
    seen.push((
        "netdev-connected",
        wait(qmp, "NETDEV_STREAM_CONNECTED", |data| {
            data["netdev-id"] == "stream"
        }),
    ));
    drop(peer);
    seen.push((
        "netdev-disconnected",
        wait(qmp, "NETDEV_STREAM_DISCONNECTED", |data| {
            data["netdev-id"] == "stream"
        }),
    ));

    // pvpanic: bit 0 is a panic, bit 1 a crash kernel loaded.
    hmp_quiet(qmp, machine, "o/b 0x505 1");
    seen.push((
        "panicked",
        wait(qmp, "GUEST_PANICKED", |data| data["action"] == "run"),
    ));
    hmp_quiet(qmp, machine, "o/b 0x505 2");
    seen.push((
        "crashloaded",
        wait(qmp, "GUEST_CRASHLOADED", |data| data["action"] == "run"),
    ));
    // ib700: writing 15 to its enable port arms the timer with a timeout of 0 s.
    hmp_quiet(qmp, machine, "o/b 0x443 0xf");
    seen.push((
        "watchdog",
        wait(qmp, "WATCHDOG", |data| data["action"] == "none"),
    ));

    // Paused, the firmware touches neither the CMOS's index port nor PCI's: the writes below
    // are the only ones.
    run(qmp, machine, "stop", Value::Null);
    wait(qmp, "STOP", |_| true);
    // The RTC: set register B's SET bit, write the seconds, clear SET: the new time counts.
    for line in [
        "o/b 0x70 0x0b",
        "o/b 0x71 0x82",
        "o/b 0x70 0x00",
        "o/b 0x71 0x30",
        "o/b 0x70 0x0b",
        "o/b 0x71 0x02",
    ] {
        hmp_quiet(qmp, machine, line);
    }
    seen.push(("rtc-change", wait(qmp, "RTC_CHANGE", |_| true)));
    // PIIX4's power management I/O at 0x600, enabled (what SeaBIOS sets up: the same values,
    // should it do so again), through PCI configuration (00:01.3, registers 0x40 and 0x80);
    // the index register is put back as it was.
    let index = hmp(qmp, machine, "i/w 0xcf8");
    let index = index
        .trim()
        .rsplit(' ')
        .next()
        .expect("portl[0x0cf8] = VALUE");
    for line in [
        "o/w 0xcf8 0x80000b40",
        "o/w 0xcfc 0x601",
        "o/w 0xcf8 0x80000b80",
        "o/b 0xcfc 0x1",
        &format!("o/w 0xcf8 {index}"),
    ] {
        hmp_quiet(qmp, machine, line);
    }
    run(qmp, machine, "cont", Value::Null);
    wait(qmp, "RESUME", |_| true);
    // PM1a_CNT: SLP_TYP 1 (S3) with SLP_EN.
    hmp_quiet(qmp, machine, "o/h 0x604 0x2400");
    seen.push(("suspend", wait(qmp, "SUSPEND", |_| true)));
    run(qmp, machine, "system_wakeup", Value::Null);
    seen.push(("wakeup", wait(qmp, "WAKEUP", |_| true)));

    // A machine check the CPU cannot take (the firmware never enables MCE): QEMU reports the
    // memory failure, then the triple fault resets the machine.
    hmp(qmp, machine, "mce 0 9 0xbd00000000000000 0 0 0");
    seen.push((
        "memory-failure",
        wait(qmp, "MEMORY_FAILURE", |data| data["recipient"] == "guest"),
    ));
}

/// The first event `name` whose data satisfies `matches`; earlier events of that name that do
/// not (a guest-initiated RESET, say) are passed over.
fn wait(qmp: &mut Client, name: &str, matches: impl Fn(&Value) -> bool) -> Received {
    let deadline = Instant::now() + EVENT_TIMEOUT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let received = qmp.wait_for_event(name, left).unwrap_or_else(|error| {
            let queued: Vec<&str> = qmp.queued().map(|queued| queued.line.as_str()).collect();
            panic!("waiting for {name}: {error}; received meanwhile: {queued:#?}")
        });
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

/// The least number of kinds of events the session shows.
const KINDS: usize = 25;

/// `qmp-events watch --spec live --strict` saw the session: its banner names the QEMU
/// (`version`) and the schema it gave; every event was valid by that schema, without a
/// violation, each event the test waited for among them, of at least [`KINDS`] kinds; it ended
/// when QEMU closed the connection, exit 0.
fn assert_watched_live(watched: &Watched, version: &str, seen: &[(&str, Received)]) {
    let banner = &watched.banner;
    assert!(
        banner.contains(&format!(": QEMU {version} (")) && banner.contains("; strict mode; "),
        "{banner}"
    );
    assert!(
        banner.contains(&format!("judged by the schema QEMU {version} ("))
            && banner.contains(" gave (query-qmp-schema, "),
        "{banner}"
    );
    assert_eq!(watched.code, Some(0), "{}", watched.rest);
    assert!(
        watched
            .rest
            .starts_with("QEMU closed the connection\nsummary: "),
        "{}",
        watched.rest
    );
    for report in &watched.reports {
        assert_eq!(report["valid"], true, "{report}");
        assert_eq!(report["violations"], json!([]), "{report}");
    }
    let kinds: BTreeSet<&str> = watched
        .reports
        .iter()
        .map(|report| report["event"].as_str().expect("an event name"))
        .collect();
    for (label, received) in seen {
        let name = received.event_name().expect("an event");
        assert!(kinds.contains(name), "{label}: the watcher saw no {name}");
    }
    assert!(
        kinds.len() >= KINDS,
        "{} kinds of events: {kinds:?}",
        kinds.len()
    );
    notice(&format!(
        "watched live: {} events of {} kinds, all valid by the schema QEMU gave",
        watched.reports.len(),
        kinds.len()
    ));
}

/// The labels of events the document does not know.
const UNKNOWN_LABELS: &[&str] = &[
    "mirror-ready",
    "quorum-report-bad",
    "quorum-failure",
    "corrupted",
    "write-threshold",
    "export-deleted",
    "backup-pending",
    "job-error",
    "netdev-connected",
    "netdev-disconnected",
    "panicked",
    "crashloaded",
    "suspend",
    "wakeup",
    "memory-failure",
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
        ("failing-mirror", Event::BlockJobCompleted(job)) => {
            job.device == label
                && job.type_.as_str() == "mirror"
                && job.offset <= job.len
                && job.error.is_some()
        }
        ("watchdog", Event::Watchdog(watchdog)) => watchdog.action.as_str() == "none",
        ("rtc-change", Event::RtcChange(rtc)) => rtc.offset.as_i64().is_some(),
        ("commit" | "stream" | "mirror" | "backup", Event::BlockJobCompleted(job)) => {
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

/// Strict mode on a QEMU other than [`EXPECTED_QEMU`]: whatever it reports is something the
/// 2012 document lacks (an event, a member, an enum value), as an error.
fn assert_strict_reports_only_undocumented(label: &str, received: &Received) {
    let report = qmp_events::validate(&received.line, Mode::Strict);
    for violation in &report.violations {
        assert!(
            matches!(violation.kind, Unknown | Field | Value_) && violation.is_error(),
            "{label}: strict mode on {}: {violation:#?}",
            received.line
        );
    }
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
