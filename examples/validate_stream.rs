//! Validates the benchmarks' stream (benches/stream, seed 7) a number of times: a fixed amount of
//! work for profilers whose counts do not depend on a loaded machine, e.g.
//!
//! ```text
//! cargo build --release --example validate_stream
//! valgrind --tool=callgrind --toggle-collect='validate_stream::passes_over*' \
//!     target/release/examples/validate_stream generated 10000 3
//! ```
//!
//! `generated` runs the generated validator (strict); `ignored-any` the floor, serde_json
//! reading the same text into `IgnoredAny`.

#[path = "../benches/stream/mod.rs"]
mod stream;

use std::hint::black_box;
use std::process::ExitCode;

use qmp_events::Mode;

const USAGE: &str = "usage: validate_stream generated|ignored-any LINES PASSES";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [which, lines, passes] = args.as_slice() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let (Ok(lines), Ok(passes)) = (lines.parse::<usize>(), passes.parse::<usize>()) else {
        eprintln!("validate_stream: LINES and PASSES are numbers\n{USAGE}");
        return ExitCode::from(2);
    };
    let floor = match which.as_str() {
        "generated" => false,
        "ignored-any" => true,
        other => {
            eprintln!("validate_stream: unknown validator `{other}`\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let texts: Vec<String> = stream::Stream::take_lines(7, lines)
        .into_iter()
        .map(|line| line.text)
        .collect();
    let valid = passes_over(&texts, passes, floor);
    println!("{valid} valid of {} messages", texts.len() * passes);
    ExitCode::SUCCESS
}

/// The measured work: `passes` validations of every text.
#[inline(never)]
fn passes_over(texts: &[String], passes: usize, floor: bool) -> usize {
    let mut valid = 0;
    for _ in 0..passes {
        for text in texts {
            let ok = if floor {
                serde_json::from_str::<serde::de::IgnoredAny>(black_box(text)).is_ok()
            } else {
                qmp_events::validate(black_box(text), Mode::Strict).is_valid()
            };
            valid += usize::from(ok);
        }
    }
    valid
}
