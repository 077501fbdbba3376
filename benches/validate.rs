//! Validation speed: `validate` over text against serde_json merely skipping the same text
//! (`IgnoredAny`, the floor for a single pass) and against building a `serde_json::Value` first
//! (`validate_value`). Issue 7's target: `validate` within 1.5x of `IgnoredAny`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use qmp_events::Mode;
use serde::de::IgnoredAny;

/// Messages as QEMU sends them: flat data, nested objects, data before the event's name, and a
/// newer QEMU's undocumented members.
const MESSAGES: [(&str, &str); 4] = [
    (
        "block_io_error",
        r#"{"event": "BLOCK_IO_ERROR", "data": {"device": "ide0-hd1", "operation": "write", "action": "stop"}, "timestamp": {"seconds": 1265044230, "microseconds": 450486}}"#,
    ),
    (
        "spice_initialized",
        r#"{"timestamp": {"seconds": 1290688046, "microseconds": 417172}, "event": "SPICE_INITIALIZED", "data": {"server": {"auth": "spice", "port": "5921", "family": "ipv4", "host": "127.0.0.1"}, "client": {"port": "49004", "family": "ipv4", "channel-type": 3, "connection-id": 1804289383, "host": "127.0.0.1", "channel-id": 0, "tls": true}}}"#,
    ),
    (
        "data_first",
        r#"{"data": {"type": "stream", "device": "virtio-disk0", "len": 10737418240, "offset": 134217728, "speed": 0}, "event": "BLOCK_JOB_CANCELLED", "timestamp": {"seconds": 1267061043, "microseconds": 959568}}"#,
    ),
    (
        "newer_qemu",
        r#"{"event": "SHUTDOWN", "data": {"guest": false, "reason": "host-qmp-quit"}, "timestamp": {"seconds": 1267040730, "microseconds": 682951}}"#,
    ),
];

fn validation(c: &mut Criterion) {
    for (name, text) in MESSAGES {
        let mut group = c.benchmark_group(name);
        group.bench_function("serde_json IgnoredAny", |b| {
            b.iter(|| serde_json::from_str::<IgnoredAny>(black_box(text)).unwrap())
        });
        group.bench_function("validate", |b| {
            b.iter(|| qmp_events::validate(black_box(text), Mode::Lenient))
        });
        group.bench_function("Value + validate_value", |b| {
            b.iter(|| {
                let value: serde_json::Value = serde_json::from_str(black_box(text)).unwrap();
                qmp_events::validate_value(&value, Mode::Lenient)
            })
        });
        group.finish();
    }
}

criterion_group!(benches, validation);
criterion_main!(benches);
