//! Reads the event messages of `tests/fixtures/qemu-7.2.22.jsonl` many times over with one
//! reader: a steady workload for a profiler, so that instruction counts of the typed-reading
//! bench's readers compare exactly (`valgrind --tool=callgrind
//! target/release/examples/read_events ours documented 1000`).
//!
//! Arguments: the reader (`ours`: `qmp_events::Message`; `qapi`: `qapi_qmp::Event`; `floor`:
//! `serde::de::IgnoredAny`, all three read by serde_json; `compare`: the three side by side, see
//! `compare`), the messages
//! (`all` events, or the `documented` ones our document lists) and the number of passes.

mod side_by_side;
#[path = "../benches/typed_readers/mod.rs"]
mod typed_readers;

use side_by_side::{ROUNDS, Rounds};
use typed_readers::{FLOOR, OURS, QAPI, READERS, ReadOne};

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
    if reader == "compare" {
        compare(&lines, passes);
        return;
    }
    let Some(read_one) = reader_called(&reader) else {
        eprintln!("read_events: unknown reader {reader:?} (ours, qapi, floor or compare)");
        std::process::exit(2);
    };
    let read = passes_over(&lines, passes, read_one);
    println!(
        "{reader}: {} messages × {passes} passes, {read} read",
        lines.len()
    );
}

/// The reader called `id`.
fn reader_called(id: &str) -> Option<ReadOne> {
    READERS
        .iter()
        .find(|reader| reader.id == id)
        .map(|reader| reader.read_one)
}

/// `passes` readings of every line.
#[inline(never)]
fn passes_over(lines: &[&str], passes: usize, read_one: ReadOne) -> usize {
    let mut read = 0usize;
    for _ in 0..passes {
        for line in lines {
            read += usize::from(read_one(std::hint::black_box(line)));
        }
    }
    read
}

/// The readers side by side: per round each reads `passes` passes; the medians of the rounds'
/// times and ratios (see `side_by_side`).
fn compare(lines: &[&str], passes: usize) {
    let rounds = Rounds::measure(READERS.len(), |index| {
        std::hint::black_box(passes_over(lines, passes, READERS[index].read_one));
    });
    for (index, reader) in READERS.iter().enumerate() {
        let per_pass = rounds.median_seconds(index) * 1e6 / passes as f64;
        println!(
            "{}: {per_pass:.2} µs a pass (median of {ROUNDS} rounds)",
            reader.id
        );
    }
    println!(
        "median ratios: qapi / ours {:.2}, ours / floor {:.2}",
        rounds.median_ratio(QAPI, OURS),
        rounds.median_ratio(OURS, FLOOR)
    );
}
