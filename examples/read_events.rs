//! Reads the event messages of `tests/fixtures/qemu-7.2.22.jsonl` many times over with one
//! reader: a steady workload for a profiler, so that instruction counts of the typed-reading
//! bench's readers compare exactly (`valgrind --tool=callgrind
//! target/release/examples/read_events ours documented 1000`).
//!
//! Arguments: the reader (`ours`: `qmp_events::Message` read by serde_json; `ours-runtime`: the
//! same read by `qmp_events::from_str`, the runtime's reader; `qapi`: `qapi_qmp::Event`; `floor`:
//! `serde::de::IgnoredAny`; `compare`: the four side by side, see `compare`), the messages
//! (`all` events, or the `documented` ones our document lists) and the number of passes.

mod side_by_side;

use serde::de::IgnoredAny;
use side_by_side::{ROUNDS, Rounds};

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
        eprintln!(
            "read_events: unknown reader {reader:?} (ours, ours-runtime, qapi, floor or compare)"
        );
        std::process::exit(2);
    };
    let read = passes_over(&lines, passes, read_one);
    println!(
        "{reader}: {} messages × {passes} passes, {read} read",
        lines.len()
    );
}

/// A reader: it reads one line, saying whether it read.
type ReadOne = fn(&str) -> bool;

/// The readers, by name.
const READERS: [(&str, ReadOne); 4] = [
    ("floor", |line| {
        serde_json::from_str::<IgnoredAny>(line).is_ok()
    }),
    ("ours", |line| {
        serde_json::from_str::<qmp_events::Message>(line).is_ok()
    }),
    ("qapi", |line| {
        serde_json::from_str::<qapi_qmp::Event>(line).is_ok()
    }),
    ("ours-runtime", |line| {
        qmp_events::from_str::<qmp_events::Message>(line).is_ok()
    }),
];

/// The reader called `name`.
fn reader_called(name: &str) -> Option<ReadOne> {
    READERS
        .iter()
        .find(|(reader, _)| *reader == name)
        .map(|&(_, read_one)| read_one)
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
        std::hint::black_box(passes_over(lines, passes, READERS[index].1));
    });
    for (index, (name, _)) in READERS.iter().enumerate() {
        let per_pass = rounds.median_seconds(index) * 1e6 / passes as f64;
        println!("{name}: {per_pass:.2} µs a pass (median of {ROUNDS} rounds)");
    }
    println!(
        "median ratios: qapi / ours {:.2}, ours / floor {:.2}; qapi / ours-runtime {:.2}, \
         ours-runtime / floor {:.2}",
        rounds.median_ratio(2, 1),
        rounds.median_ratio(1, 0),
        rounds.median_ratio(2, 3),
        rounds.median_ratio(3, 0)
    );
}
