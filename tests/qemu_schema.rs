//! The blocking client asks a real QEMU for its schema (`Client::schema`): the answer is the
//! saved introspection of that QEMU (7.2, or 10.0 with `QMP_EVENTS_QEMU`), and events emitted around the query are still
//! delivered afterwards.
//!
//! Skipped (with a notice) when `qemu-system-x86_64` is not installed; `.ci/run` installs it.

#[path = "qemu/introspection.rs"]
mod introspection;
#[path = "qemu/machine.rs"]
mod machine;

use std::time::Duration;

use qmp_events::client::Client;
use serde_json::Value;

#[test]
fn a_real_qemu_answers_its_schema_and_keeps_the_events_around_it() {
    let Some(mut machine) = machine::start_unless_missing("tests/qemu_schema.rs") else {
        return;
    };
    let mut qmp = Client::unix(&machine.qmp)
        .unwrap_or_else(|error| panic!("QMP: {error}; QEMU's log:\n{}", machine.log()));
    // The machine starts paused: `cont` then `stop` emit RESUME and STOP, queued while the
    // replies (then the schema's) are awaited.
    qmp.execute("cont", Value::Null).expect("cont");
    qmp.execute("stop", Value::Null).expect("stop");
    let schema = qmp.schema().expect("query-qmp-schema");

    let qemu = schema.greeting.qemu.expect("QEMU states its version");
    let file = introspection::saved((qemu.major, qemu.minor));
    let saved = &file.json;
    let live: Value = schema.schema.parse().expect("the schema is JSON");
    let names = introspection::event_names(&live);
    assert_eq!(names.len(), file.events, "{names:?}");
    assert_eq!(names, introspection::event_names(&saved["schema"]));
    assert_eq!(
        live, saved["schema"],
        "the same QEMU build answers the saved schema"
    );
    // The greeting's version object, as the saved file has it (a later Debian update of 7.2
    // may change the micro version and the package, not the schema).
    let version: Value = schema.version.parse().expect("the version is JSON");
    for part in ["major", "minor"] {
        assert_eq!(
            version["qemu"][part], saved["qemu"]["qemu"][part],
            "{version}"
        );
    }
    assert!(version["package"].is_string(), "{version}");
    let wrapper = schema.to_json();
    file.assert_same_schema_text(&wrapper);
    let wrapper: Value = serde_json::from_str(&wrapper).expect("the wrapper is JSON");
    assert_eq!(wrapper["schema"], live);
    assert_eq!(wrapper["qemu"], version);

    for name in ["RESUME", "STOP"] {
        qmp.wait_for_event(name, Duration::from_secs(30))
            .unwrap_or_else(|error| panic!("{name} after the schema: {error}"));
    }
    // `quit` may be answered or cut short by the close; QEMU exits either way.
    let _ = qmp.execute("quit", Value::Null);
    machine.wait_for_exit(Duration::from_secs(20));
}
