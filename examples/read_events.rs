//! Reads the event messages of `tests/fixtures/qemu-7.2.22.jsonl` many times over with one
//! reader: a steady workload for a profiler, so that instruction counts of the typed-reading
//! bench's readers compare exactly (`valgrind --tool=callgrind
//! target/release/examples/read_events ours documented 1000`).
//!
//! Arguments: the reader (`ours`: `qmp_events::Message` through serde_json; `parse`: the same
//! through `str::parse`, the runtime's reader; `qapi`: `qapi_qmp::Event`; `floor`:
//! `serde::de::IgnoredAny`), the messages (`all` events, or the `documented` ones our document
//! lists) and the number of passes.

use serde::de::IgnoredAny;

const FIXTURE: &str = include_str!("../tests/fixtures/qemu-7.2.22.jsonl");

fn main() {
    let mut args = std::env::args().skip(1);
    let reader = args.next().unwrap_or_else(|| "ours".to_owned());
    let subset = args.next().unwrap_or_else(|| "all".to_owned());
    let passes: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let lines: Vec<&str> = FIXTURE
        .lines()
        // The bench's rule (benches/typed_read.rs): a message with an `event` member.
        .filter(|line| {
            serde_json::from_str::<serde_json::Value>(line)
                .is_ok_and(|value| value.get("event").is_some())
        })
        .filter(|line| {
            subset != "documented"
                || serde_json::from_str::<qmp_events::Message>(line)
                    .is_ok_and(|message| message.event.is_documented())
        })
        .collect();
    let read_one: fn(&str) -> bool = match reader.as_str() {
        "ours" => |line| serde_json::from_str::<qmp_events::Message>(line).is_ok(),
        "parse" => |line| line.parse::<qmp_events::Message>().is_ok(),
        "qapi" => |line| serde_json::from_str::<qapi_qmp::Event>(line).is_ok(),
        "floor" => |line| serde_json::from_str::<IgnoredAny>(line).is_ok(),
        other => {
            eprintln!("read_events: unknown reader {other:?} (ours, parse, qapi or floor)");
            std::process::exit(2);
        }
    };
    let mut read = 0usize;
    for _ in 0..passes {
        for line in &lines {
            read += usize::from(read_one(std::hint::black_box(line)));
        }
    }
    println!(
        "{reader}: {} messages × {passes} passes, {read} read",
        lines.len()
    );
}
