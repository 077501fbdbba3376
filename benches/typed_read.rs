//! Typed reading: the event messages a real QEMU 7.2 sent (`tests/fixtures/qemu-7.2.22.jsonl`,
//! events only) read from `&str` into our [`qmp_events::Message`], side by side with the crate
//! Rust users pick today, `qapi-qmp`'s generated `Event` (internally tagged on `event`, built from
//! QEMU's QAPI schema), and with the floor: serde_json skipping the same text (`IgnoredAny`).
//!
//! Both readers get the same bytes and produce an owned, typed value per message. Issue 7's
//! target: ours at least 2x faster than qapi-qmp on the same real messages, both read by
//! `serde_json::from_str` (as the QMP client reads events).
//!
//! Two inputs:
//! - `all events`: every event message of the fixture. Our bundled document (2012) types 16
//!   events; the others (`JOB_STATUS_CHANGE`, `MIGRATION`, …) are read into `Event::Unknown`,
//!   whose data is kept as its JSON text (`qmp_events::RawJson`, checked, one allocation), while
//!   qapi-qmp types all of them.
//! - `documented events`: only the messages whose event our document lists, so that both sides
//!   build typed structs.
//!
//! Before measuring, the bench prints what each side makes of the input: how many messages each
//! reads and how many it rejects (rejected messages stay in the measured input and are counted,
//! never dropped), and per event which `data` members the message carries, which our document
//! types and which qapi-qmp keeps.

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::Value;

#[path = "typed_readers/mod.rs"]
mod typed_readers;

use typed_readers::{READERS, Reader};

/// The recorded session: greeting, command replies and events, one JSON object a line.
const FIXTURE: &str = include_str!("../tests/fixtures/qemu-7.2.22.jsonl");

/// The bundled document, for the per-event field comparison.
const SPEC: &str = include_str!("../spec/qmp-events.txt");

/// The event messages of the fixture (lines with an `event` member), in order.
fn event_lines() -> Vec<&'static str> {
    FIXTURE
        .lines()
        .filter(|line| {
            serde_json::from_str::<Value>(line)
                .map(|value| value.get("event").is_some())
                .unwrap_or(false)
        })
        .collect()
}

/// How many of `lines` each reader reads, and how many it rejects.
fn print_outcomes(label: &str, lines: &[&str]) {
    let ours = lines
        .iter()
        .filter(|line| serde_json::from_str::<qmp_events::Message>(line).is_ok())
        .count();
    let typed = lines
        .iter()
        .filter(|line| {
            serde_json::from_str::<qmp_events::Message>(line)
                .map(|message| message.event.is_documented())
                .unwrap_or(false)
        })
        .count();
    let theirs = lines
        .iter()
        .filter(|line| serde_json::from_str::<qapi_qmp::Event>(line).is_ok())
        .count();
    let bytes: usize = lines.iter().map(|line| line.len()).sum();
    eprintln!(
        "{label}: {} messages, {bytes} bytes; qmp-events reads {ours} ({typed} typed, {} as \
         Event::Unknown), rejects {}; qapi-qmp reads {theirs}, rejects {}",
        lines.len(),
        ours - typed,
        lines.len() - ours,
        lines.len() - theirs,
    );
}

/// The `data` member names of a message, sorted.
fn data_keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .get("data")
        .and_then(Value::as_object)
        .map(|data| data.keys().cloned().collect())
        .unwrap_or_default();
    keys.sort();
    keys
}

/// Per event: how many messages, which `data` members they carry, which of those our document
/// types (top-level fields), and which qapi-qmp keeps (what its `Event` writes back).
fn print_fields(lines: &[&str]) {
    let spec = qmpgen::text::parse::parse(SPEC).spec;
    let documented: BTreeMap<&str, Vec<&str>> = spec
        .events
        .iter()
        .map(|event| {
            let fields = event
                .fields
                .iter()
                .map(|field| field.name.as_str())
                .collect();
            (event.name.as_str(), fields)
        })
        .collect();
    let mut rows: BTreeMap<String, (usize, Vec<String>, Vec<String>)> = BTreeMap::new();
    for line in lines {
        let Ok(value) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let name = value["event"].as_str().unwrap_or_default().to_owned();
        let sent = data_keys(&value);
        let kept = serde_json::from_str::<qapi_qmp::Event>(line)
            .ok()
            .and_then(|event| serde_json::to_value(event).ok())
            .map(|value| data_keys(&value))
            .unwrap_or_default();
        let row = rows.entry(name).or_default();
        row.0 += 1;
        for key in sent {
            if !row.1.contains(&key) {
                row.1.push(key);
            }
        }
        for key in kept {
            if !row.2.contains(&key) {
                row.2.push(key);
            }
        }
    }
    eprintln!("event | messages | data members sent | typed by qmp-events | kept by qapi-qmp");
    for (name, (count, sent, kept)) in rows {
        let ours = match documented.get(name.as_str()) {
            Some(fields) => {
                let typed: Vec<&str> = sent
                    .iter()
                    .map(String::as_str)
                    .filter(|key| fields.contains(key))
                    .collect();
                typed.join(" ")
            }
            None => "(undocumented: Event::Unknown, data kept as text)".to_owned(),
        };
        eprintln!(
            "{name} | {count} | {} | {ours} | {}",
            sent.join(" "),
            kept.join(" ")
        );
    }
}

/// One group: the readers over the same messages, throughput in bytes.
fn bench_lines(c: &mut Criterion, label: &str, lines: &[&str]) {
    let bytes: usize = lines.iter().map(|line| line.len()).sum();
    let mut group = c.benchmark_group(format!("typed_read/{label}"));
    group.throughput(Throughput::Bytes(bytes as u64));
    for Reader {
        label, read_one, ..
    } in READERS
    {
        group.bench_function(label, |b| {
            b.iter(|| {
                let mut read = 0usize;
                for line in lines {
                    read += usize::from(read_one(black_box(line)));
                }
                read
            })
        });
    }
    group.finish();
}

fn typed_reading(c: &mut Criterion) {
    let all = event_lines();
    let documented: Vec<&str> = all
        .iter()
        .copied()
        .filter(|line| {
            serde_json::from_str::<qmp_events::Message>(line)
                .map(|message| message.event.is_documented())
                .unwrap_or(false)
        })
        .collect();
    print_outcomes("all events", &all);
    print_outcomes("documented events", &documented);
    print_fields(&all);
    bench_lines(c, "all events", &all);
    bench_lines(c, "documented events", &documented);
}

criterion_group!(benches, typed_reading);
criterion_main!(benches);
