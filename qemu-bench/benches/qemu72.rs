//! Issue 20's speed targets, side by side in one run on the recorded QEMU 7.2 session
//! (`tests/fixtures/qemu-7.2.22.jsonl`, read when the bench starts) with QEMU 7.2's own schema.
//! One criterion group per question:
//!
//! 1. `validate_strict`: strict validation by the generated validators and by tables built at
//!    run time (`qmpgen::tables::runtime_schema`, what `qmp-events validate --spec FILE` uses),
//!    each from QEMU 7.2's introspection and from its QAPI source, against the floor: serde_json
//!    reading the same lines into `IgnoredAny`. Target: each within 1.5× of the floor. On the
//!    event messages (`validate_strict/events`, every one valid), and on every message
//!    (`validate_strict/all messages`: also the greeting and the replies, which the validators
//!    report as no event message, violations and all, before `qmp-events validate` counts them
//!    as control lines).
//! 2. `typed_read`: every event message read with `serde_json::from_str` into the generated
//!    `Message` (from the introspection, and from the QAPI source) and into qapi-qmp 0.11's
//!    `Event` (generated from the same QEMU 7.2 QAPI schema), with the floor beside them. Both
//!    sides decode every event into its typed form (`tests/fair.rs`). Target: ours ≥ 2× faster.
//! 3. `run_time_tables`: the introspection file's text, in memory, made into validator tables as
//!    `--spec FILE` makes them (detect the format, read, lower, build the tables), for QEMU 7.2
//!    and QEMU 10.0. Target: under 10 ms.
//!
//! Before measuring, the bench prints what it measures (lines, bytes, verdicts), untimed.

#[path = "contestants/mod.rs"]
mod contestants;

use std::hint::black_box;

use contestants::{Contestant, Inputs, over, readers, run_time_tables, validators};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use qmp_events_qemu_bench::bytes;

/// One group: the contestants over the same lines, throughput in bytes; first, untimed, how many
/// lines each reads or judges valid.
fn bench_lines(c: &mut Criterion, group: &str, lines: &[&str], contestants: &[Contestant<'_>]) {
    for Contestant { label, run, .. } in contestants {
        let count = over(lines, run);
        eprintln!(
            "{group}: {label}: {count} of {} lines read or valid",
            lines.len()
        );
    }
    let mut group = c.benchmark_group(group);
    group.throughput(Throughput::Bytes(bytes(lines) as u64));
    for Contestant { label, run, .. } in contestants {
        group.bench_function(*label, |b| b.iter(|| over(lines, run)));
    }
    group.finish();
}

fn issue_20(c: &mut Criterion) {
    let inputs = Inputs::read();
    let all = inputs.session.all();
    let events = inputs.session.events();
    eprintln!(
        "session: {} messages ({} bytes), {} events ({} bytes)",
        all.len(),
        bytes(&all),
        events.len(),
        bytes(&events)
    );
    let validators = validators(&inputs);
    bench_lines(c, "validate_strict/events", &events, &validators);
    bench_lines(c, "validate_strict/all messages", &all, &validators);
    bench_lines(c, "typed_read/events", &events, &readers());
    let mut group = c.benchmark_group("run_time_tables/introspection");
    for (label, name, bytes) in &inputs.introspections {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(*label, |b| {
            b.iter(|| run_time_tables(name, black_box(bytes.clone())))
        });
    }
    group.finish();
}

criterion_group!(benches, issue_20);
criterion_main!(benches);
