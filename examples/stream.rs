//! Writes the benchmarks' realistic event stream (benches/stream) as JSONL to standard output:
//!
//! ```text
//! cargo run --release --example stream -- --lines 1000000 --seed 7 > /tmp/stream.jsonl
//! ```
//!
//! The same `--seed` gives the same bytes on every run. Used to measure the memory of
//! `qmp-events validate` over a long stream (BENCHMARKS.md).

#[path = "../benches/stream/mod.rs"]
mod stream;

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

const USAGE: &str = "usage: stream [--lines N] [--seed S]   (defaults: 10000 lines, seed 7)";

fn main() -> ExitCode {
    let (lines, seed) = match arguments(std::env::args().skip(1)) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("stream: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut generator = stream::Stream::new(seed);
    let mut out = BufWriter::new(io::stdout().lock());
    let written: io::Result<()> = (0..lines).try_for_each(|_| {
        out.write_all(generator.next_line().text.as_bytes())?;
        out.write_all(b"\n")
    });
    match written.and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("stream: writing the output: {error}");
            ExitCode::from(2)
        }
    }
}

/// `--lines N` and `--seed S`, in any order.
fn arguments(mut args: impl Iterator<Item = String>) -> Result<(u64, u64), String> {
    let (mut lines, mut seed) = (10_000, 7);
    while let Some(flag) = args.next() {
        let target = match flag.as_str() {
            "--lines" => &mut lines,
            "--seed" => &mut seed,
            other => return Err(format!("unknown argument `{other}`")),
        };
        let value = args
            .next()
            .ok_or_else(|| format!("`{flag}` needs a number"))?;
        *target = value
            .parse()
            .map_err(|_| format!("`{flag} {value}`: not a non-negative integer"))?;
    }
    Ok((lines, seed))
}
