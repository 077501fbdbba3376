//! Validates the benchmarks' stream (benches/stream, seed 7) a number of times: a fixed amount of
//! work for profilers whose counts do not depend on a loaded machine, e.g.
//!
//! ```text
//! cargo build --release --example validate_stream
//! valgrind --tool=callgrind --toggle-collect='validate_stream::passes_over*' \
//!     target/release/examples/validate_stream generated 10000 3
//! ```
//!
//! `generated` runs the generated validator (strict); `run-time` the same walk over the tables
//! built at run time from the bundled document (`qmpgen::tables::runtime_schema`); `jsonschema` serde_json's `Value` and the
//! `jsonschema` crate's `is_valid` with the schema of `qmpgen generate --target json-schema`;
//! `ignored-any` the floor, serde_json reading the same text into `IgnoredAny`: the three of
//! benches/validate.rs.
//!
//! `compare` runs the three in turn, PASSES passes each per round, for 15 rounds, and prints
//! the median of the rounds' ratios: on a machine whose speed drifts (a shared VM), ratios
//! measured side by side in each round move much less than timings taken minutes apart.
//! `compare-split` does the same on the valid lines and on the invalid lines (strict mode)
//! separately. A last argument `valid` or `invalid` keeps only those lines (strict mode), for a
//! profile of what one verdict costs.

mod side_by_side;
#[path = "../benches/stream/mod.rs"]
mod stream;

use std::hint::black_box;
use std::process::ExitCode;

use qmp_events::Mode;
use side_by_side::{ROUNDS, Rounds};

const USAGE: &str = "usage: validate_stream generated|run-time|jsonschema|ignored-any|compare|compare-split \
     LINES PASSES [valid|invalid]";

/// Who validates.
enum Validator {
    Generated,
    RunTime(Box<qmp_events::__private::validate::Schema>),
    JsonSchema(Box<jsonschema::Validator>),
    IgnoredAny,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (which, lines, passes, only) = match args.as_slice() {
        [which, lines, passes] => (which, lines, passes, None),
        [which, lines, passes, only] if only == "valid" || only == "invalid" => {
            (which, lines, passes, Some(only == "valid"))
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let (Ok(lines), Ok(passes)) = (lines.parse::<usize>(), passes.parse::<usize>()) else {
        eprintln!("validate_stream: LINES and PASSES are numbers\n{USAGE}");
        return ExitCode::from(2);
    };
    if which == "compare" || which == "compare-split" {
        let texts: Vec<String> = stream::Stream::take_lines(7, lines)
            .into_iter()
            .map(|line| line.text)
            .collect();
        if which == "compare" {
            compare(&texts, passes);
        } else {
            // Where the time goes: the valid lines (no report to build) and the invalid ones
            // (reports with pointers and messages), each side by side on its own.
            let (valid, invalid): (Vec<String>, Vec<String>) = texts
                .into_iter()
                .partition(|text| qmp_events::validate(text, Mode::Strict).is_valid());
            for (name, texts) in [("valid", valid), ("invalid", invalid)] {
                println!("{name} lines ({}):", texts.len());
                compare(&texts, passes);
            }
        }
        return ExitCode::SUCCESS;
    }
    let validator = match which.as_str() {
        "generated" => Validator::Generated,
        "run-time" => run_time(),
        "jsonschema" => Validator::JsonSchema(Box::new(stream::json_schema_validator())),
        "ignored-any" => Validator::IgnoredAny,
        other => {
            eprintln!("validate_stream: unknown validator `{other}`\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let texts: Vec<String> = stream::Stream::take_lines(7, lines)
        .into_iter()
        .map(|line| line.text)
        // For a profile of one verdict's cost: only the lines that are (in)valid.
        .filter(|text| {
            only.is_none_or(|valid| qmp_events::validate(text, Mode::Strict).is_valid() == valid)
        })
        .collect();
    let valid = passes_over(&texts, passes, &validator);
    println!("{valid} valid of {} messages", texts.len() * passes);
    ExitCode::SUCCESS
}

/// The three validators side by side: per round each runs `passes` passes; the medians of the
/// per-round times and ratios (see `side_by_side`).
fn compare(texts: &[String], passes: usize) {
    let validators = [
        ("generated", Validator::Generated),
        (
            "jsonschema",
            Validator::JsonSchema(Box::new(stream::json_schema_validator())),
        ),
        ("ignored-any", Validator::IgnoredAny),
        ("run-time", run_time()),
    ];
    let rounds = Rounds::measure(validators.len(), |index| {
        black_box(passes_over(texts, passes, &validators[index].1));
    });
    for (index, (name, _)) in validators.iter().enumerate() {
        let per_pass = rounds.median_seconds(index) * 1e3 / passes as f64;
        println!("{name}: {per_pass:.2} ms a pass (median of {ROUNDS} rounds)");
    }
    println!(
        "median ratios: jsonschema / generated {:.2}, generated / ignored-any {:.2}, \
         run-time / ignored-any {:.2}",
        rounds.median_ratio(1, 0),
        rounds.median_ratio(0, 2),
        rounds.median_ratio(3, 2)
    );
}

/// The bundled document's tables, built at run time.
fn run_time() -> Validator {
    let spec = include_str!("../spec/qmp-events.txt");
    let parsed = qmpgen::text::parse::parse(spec);
    let model = qmpgen::text::lower::lower(&parsed.spec, "spec/qmp-events.txt");
    Validator::RunTime(Box::new(qmpgen::tables::runtime_schema(&model)))
}

/// The measured work: `passes` validations of every text.
#[inline(never)]
fn passes_over(texts: &[String], passes: usize, validator: &Validator) -> usize {
    let mut valid = 0;
    for _ in 0..passes {
        for text in texts {
            let text = black_box(text.as_str());
            let ok = match validator {
                Validator::Generated => qmp_events::validate(text, Mode::Strict).is_valid(),
                Validator::RunTime(schema) => {
                    qmp_events::__private::validate::validate_str(schema, text, Mode::Strict)
                        .is_valid()
                }
                Validator::JsonSchema(schema) => serde_json::from_str::<serde_json::Value>(text)
                    .is_ok_and(|value| schema.is_valid(&value)),
                Validator::IgnoredAny => {
                    serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
                }
            };
            valid += usize::from(ok);
        }
    }
    valid
}
