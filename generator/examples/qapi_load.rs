//! Reads a QAPI schema held in memory with one reader, or both side by side:
//!
//! - `qapi_load ours|qapi-parser PASSES [MAIN_FILE]`: one reader alone, for profiles (`perf
//!   record`, callgrind) and peak memory (`/usr/bin/time -v`); prints what the last pass read;
//! - `qapi_load compare PASSES [MAIN_FILE]`: 15 rounds, each timing PASSES reads by ours, then by
//!   qapi-parser; prints the median time of each and the median of the rounds' ratios (a shared
//!   machine's speed drifts over minutes, which moves figures taken one bench after another far
//!   more than ratios taken within one round).
//!
//! MAIN_FILE defaults to QEMU 9.1's schema of the test data.

#[path = "../benches/qapi_readers/mod.rs"]
mod qapi_readers;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use qapi_readers::{files_of, our_counts, ours, peer, qemu_9_1};

const ROUNDS: usize = 15;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(mode), Some(Ok(passes))) = (args.first(), args.get(1).map(|n| n.parse::<u32>()))
    else {
        eprintln!("usage: qapi_load ours|qapi-parser|compare PASSES [MAIN_FILE]");
        return ExitCode::from(2);
    };
    let main = args.get(2).map_or_else(qemu_9_1, |path| {
        PathBuf::from(path).canonicalize().expect("the main file")
    });
    match mode.as_str() {
        "ours" | "qapi-parser" => println!("{}", read(mode, &main, passes)),
        "compare" => compare(&main, passes),
        _ => {
            eprintln!("unknown mode {mode}: ours, qapi-parser or compare");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

/// Reads the schema `passes` times with `reader`; says what the last pass read.
fn read(reader: &str, main: &Path, passes: u32) -> String {
    let mut files = files_of(main);
    let mut outcome = String::new();
    for _ in 0..passes {
        outcome = if reader == "ours" {
            our_counts(&ours(black_box(main), &mut files))
        } else {
            match peer(black_box(main), Some(&files)) {
                Ok(read) => format!("{} files, {} definitions", read.files, read.specs.len()),
                Err(error) => format!("error: {error}"),
            }
        };
    }
    outcome
}

fn compare(main: &Path, passes: u32) {
    let mut files = files_of(main);
    let mut time = |reader: &str| {
        let start = Instant::now();
        for _ in 0..passes {
            if reader == "ours" {
                black_box(ours(black_box(main), &mut files));
            } else {
                black_box(peer(black_box(main), Some(&files)).is_ok());
            }
        }
        start.elapsed() / passes
    };
    let rounds: Vec<(Duration, Duration)> = (0..ROUNDS)
        .map(|_| (time("ours"), time("qapi-parser")))
        .collect();
    let median = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    let ratio = median(
        rounds
            .iter()
            .map(|(ours, peer)| peer.as_secs_f64() / ours.as_secs_f64())
            .collect(),
    );
    let ours = median(rounds.iter().map(|(ours, _)| ours.as_secs_f64()).collect());
    let peer = median(rounds.iter().map(|(_, peer)| peer.as_secs_f64()).collect());
    println!(
        "{ROUNDS} rounds of {passes} passes: ours {:.2} ms, qapi-parser {:.2} ms (medians); qapi-parser / ours {ratio:.2}x (median of the rounds' ratios)",
        ours * 1e3,
        peer * 1e3
    );
}
