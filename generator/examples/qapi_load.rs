//! Reads a QAPI schema held in memory PASSES times with one reader, for profiles (`perf record`,
//! callgrind) and peak memory (`/usr/bin/time -v`) of one reader alone:
//! `qapi_load ours|qapi-parser PASSES [MAIN_FILE]` (default: QEMU 9.1's schema of the test data).
//! Prints what the last pass read.

#[path = "../benches/qapi_readers/mod.rs"]
mod qapi_readers;

use std::path::PathBuf;
use std::process::ExitCode;

use qapi_readers::{files_of, our_counts, ours, peer, qemu_9_1};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(reader), Some(Ok(passes))) = (args.first(), args.get(1).map(|n| n.parse::<u32>()))
    else {
        eprintln!("usage: qapi_load ours|qapi-parser PASSES [MAIN_FILE]");
        return ExitCode::from(2);
    };
    let main = args.get(2).map_or_else(qemu_9_1, |path| {
        PathBuf::from(path).canonicalize().expect("the main file")
    });
    let mut files = files_of(&main);
    let mut outcome = String::new();
    for _ in 0..passes {
        outcome = match reader.as_str() {
            "ours" => our_counts(&ours(&main, &mut files)),
            "qapi-parser" => match peer(&main, Some(&files)) {
                Ok(read) => format!("{} files, {} definitions", read.files, read.specs.len()),
                Err(error) => format!("error: {error}"),
            },
            _ => {
                eprintln!("unknown reader {reader}: ours or qapi-parser");
                return ExitCode::from(2);
            }
        };
    }
    println!("{outcome}");
    ExitCode::SUCCESS
}
