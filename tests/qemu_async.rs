//! The tokio client (feature `tokio`) against a real QEMU: the same machine as tests/qemu.rs,
//! driven through `AsyncClient`; each event it triggers arrives typed, valid in lenient mode,
//! and the stream ends cleanly when QEMU quits.
//!
//! Skipped (with a notice) when `qemu-system-x86_64` is not installed; `.ci/run` installs it
//! and runs this test with `--features tokio`.

#[allow(dead_code)] // The QEMU tests' helpers; this test uses a part of them.
#[path = "qemu/introspection.rs"]
mod introspection;
#[path = "qemu/machine.rs"]
mod machine;

use std::time::Duration;

use machine::Machine;
use qmp_events::client::{AsyncClient, Received};
use qmp_events::{BlockIoErrorOperation, Event, Mode};
use serde_json::{Value, json};

/// How long one expected event may take to arrive (TCG on a busy CI machine is slow).
const EVENT_TIMEOUT: Duration = Duration::from_secs(30);

#[test]
fn a_real_qemu_talks_to_the_tokio_client() {
    let Some(mut machine) = machine::start_unless_missing("tests/qemu_async.rs") else {
        return;
    };
    let runtime = runtime();
    let seen = runtime.block_on(drive(&machine));
    machine.wait_for_exit(Duration::from_secs(20));

    let names: Vec<&str> = seen.iter().filter_map(Received::event_name).collect();
    assert_eq!(
        names,
        ["RESUME", "BLOCK_IO_ERROR", "STOP", "RESET", "SHUTDOWN"]
    );
    for received in &seen {
        let report = qmp_events::validate(&received.line, Mode::Lenient);
        assert!(report.is_valid(), "{}: {report:?}", received.line);
        let message = received.message.as_ref().expect("reads as a Message");
        assert!(
            !matches!(message.event, Event::Unknown { .. }),
            "{}",
            received.line
        );
    }
    let Ok(message) = &seen[1].message else {
        unreachable!("checked above")
    };
    let Event::BlockIoError(error) = &message.event else {
        panic!("{message:?}")
    };
    assert_eq!(error.device, "hd0");
    assert_eq!(error.operation, BlockIoErrorOperation::Read);
}

#[test]
fn a_real_qemu_answers_its_schema_to_the_tokio_client() {
    let Some(mut machine) = machine::start_unless_missing("tests/qemu_async.rs") else {
        return;
    };
    let runtime = runtime();
    let (live, after) = runtime.block_on(async {
        let mut qmp = AsyncClient::unix(&machine.qmp)
            .await
            .unwrap_or_else(|error| panic!("QMP: {error}; QEMU's log:\n{}", machine.log()));
        // The machine starts paused: `cont` then `stop` emit RESUME and STOP, queued while
        // the replies (then the schema's) are awaited.
        qmp.execute("cont", Value::Null).await.expect("cont");
        qmp.execute("stop", Value::Null).await.expect("stop");
        let schema = qmp.schema().await.expect("query-qmp-schema");
        let mut after = Vec::new();
        for name in ["RESUME", "STOP"] {
            after.push(wait(&mut qmp, name).await);
        }
        // `quit` may be answered or cut short by the close; QEMU exits either way.
        let _ = qmp.execute("quit", Value::Null).await;
        (schema, after)
    });
    machine.wait_for_exit(Duration::from_secs(20));

    let version = live.greeting.qemu.expect("QEMU states its version");
    let saved = introspection::saved((version.major, version.minor));
    let schema: Value = live.schema.parse().expect("the schema is JSON");
    let names = introspection::event_names(&schema);
    assert_eq!(names.len(), saved.events, "{names:?}");
    assert_eq!(names, introspection::event_names(&saved.json["schema"]));
    // The step `qmp-events watch --spec live` takes, on the tokio client's answer: the schema
    // reads as the introspection of the QEMU that gave it.
    let document = qmpgen::builder::read_qemu(&live).expect("the live schema reads");
    let model = document.schema();
    assert_eq!(model.events.len(), saved.events);
    let qemu = model.source.qemu.expect("the model names its QEMU");
    assert!(qemu.starts_with(&version.to_string()), "{qemu}");
    let names: Vec<&str> = after.iter().filter_map(Received::event_name).collect();
    assert_eq!(names, ["RESUME", "STOP"]);
}

/// A single-threaded runtime with I/O and timers: one test drives one QEMU.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// Triggers the events, then quits and reads the stream to its end.
async fn drive(machine: &Machine) -> Vec<Received> {
    let mut qmp = AsyncClient::unix(&machine.qmp)
        .await
        .unwrap_or_else(|error| panic!("QMP: {error}; QEMU's log:\n{}", machine.log()));
    assert!(qmp.greeting().qemu.is_some(), "QEMU states its version");
    let mut seen = Vec::new();

    qmp.execute("cont", Value::Null).await.expect("cont");
    seen.push(wait(&mut qmp, "RESUME").await);
    // blkdebug fails the BIOS's first read of the boot disk.
    seen.push(wait(&mut qmp, "BLOCK_IO_ERROR").await);
    qmp.execute("stop", Value::Null).await.expect("stop");
    seen.push(wait(&mut qmp, "STOP").await);
    qmp.execute("system_reset", Value::Null)
        .await
        .expect("system_reset");
    seen.push(wait(&mut qmp, "RESET").await);
    let status = qmp
        .execute("query-status", Value::Null)
        .await
        .expect("query-status");
    // A reset while stopped leaves the machine not running (QEMU 7.2 says "prelaunch").
    assert_eq!(status["running"], json!(false), "{status}");

    // `quit` may be answered or cut short by the close; either way SHUTDOWN arrives and the
    // stream then ends.
    let _ = qmp.execute("quit", Value::Null).await;
    let mut rest = Vec::new();
    let reading = async {
        while let Some(received) = qmp.next_event().await.expect("events until the close") {
            rest.push(received);
        }
    };
    tokio::time::timeout(EVENT_TIMEOUT, reading)
        .await
        .expect("QEMU closes the connection after quit");
    assert!(qmp.is_closed());
    let shutdown = rest
        .into_iter()
        .find(|received| received.event_name() == Some("SHUTDOWN"))
        .expect("SHUTDOWN before the close");
    seen.push(shutdown);
    seen
}

async fn wait(qmp: &mut AsyncClient, name: &str) -> Received {
    qmp.wait_for_event(name, EVENT_TIMEOUT)
        .await
        .unwrap_or_else(|error| panic!("{name}: {error}"))
}
