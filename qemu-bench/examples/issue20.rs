//! Fixed workloads of issue 20's bench (`benches/qemu72.rs`, the same contestants), for a
//! machine too noisy for time alone:
//!
//! - `issue20 QUESTION CONTESTANT PASSES`: one contestant, `PASSES` passes, for a profiler
//!   (`valgrind --tool=callgrind target/release/examples/issue20 validate generated 1000`): the
//!   instruction counts of two contestants compare exactly. QUESTION is `validate` (the event
//!   messages; `validate-all`: every message), `read` or `tables` (CONTESTANT `7.2` or `10.0`).
//! - `issue20 compare QUESTION PASSES`: the question's contestants side by side, in turn for 15
//!   rounds (`examples/side_by_side`); the medians of the rounds' times and of their ratios to the
//!   first contestant (the floor); for `read`, also the median ratio of qapi-qmp's time to each
//!   of ours.
//!
//! Build: `cargo build --release -p qmp-events-qemu-bench --example issue20` (the bench profile's
//! single code unit is not applied: compare its figures with each other, not with the bench's).

#[path = "../benches/contestants/mod.rs"]
mod contestants;
#[path = "../../examples/side_by_side/mod.rs"]
mod side_by_side;

use std::hint::black_box;

use contestants::{Contestant, Inputs, over, readers, run_time_tables, validators};
use side_by_side::{ROUNDS, Rounds};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |index: usize| args.get(index).map(String::as_str).unwrap_or_default();
    let inputs = Inputs::read();
    let (compare, question, rest) = match arg(0) {
        "compare" => (true, arg(1), 2),
        question => (false, question, 1),
    };
    let contestant = if compare { "" } else { arg(rest) };
    let passes: usize = args
        .get(if compare { rest } else { rest + 1 })
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    if question == "tables" {
        tables(&inputs, compare, contestant, passes);
        return;
    }
    let (lines, contestants) = match question {
        "validate" => (inputs.session.events(), validators(&inputs)),
        "validate-all" => (inputs.session.all(), validators(&inputs)),
        "read" => (inputs.session.events(), readers()),
        _ => usage(),
    };
    let run_all = |index: usize| {
        (0..passes)
            .map(|_| over(&lines, &contestants[index].run))
            .sum::<usize>()
    };
    if compare {
        let rounds = Rounds::measure(contestants.len(), |index| {
            black_box(run_all(index));
        });
        // Typed reading's target is against the peer, the last contestant.
        let peer = contestants.len() - 1;
        for (index, Contestant { id, .. }) in contestants.iter().enumerate() {
            let per_pass = rounds.median_seconds(index) * 1e6 / passes as f64;
            print!(
                "{id}: {per_pass:.2} µs a pass, {:.2}× the floor",
                rounds.median_ratio(index, 0)
            );
            if question == "read" && index != 0 && index != peer {
                print!(
                    ", {} / {id} {:.2}",
                    contestants[peer].id,
                    rounds.median_ratio(peer, index)
                );
            }
            println!(" (medians of {ROUNDS} rounds)");
        }
        return;
    }
    let Some(index) = contestants.iter().position(|c| c.id == contestant) else {
        usage()
    };
    let count = run_all(index);
    println!(
        "{question} {contestant}: {} lines × {passes} passes, {count} read or valid",
        lines.len()
    );
}

/// Question 3: building the run-time tables of an introspection file.
fn tables(inputs: &Inputs, compare: bool, contestant: &str, passes: usize) {
    let build = |index: usize| {
        let (_, name, bytes) = &inputs.introspections[index];
        for _ in 0..passes {
            black_box(run_time_tables(name, bytes.clone()));
        }
    };
    if compare {
        let rounds = Rounds::measure(inputs.introspections.len(), build);
        for (index, (label, ..)) in inputs.introspections.iter().enumerate() {
            let per_build = rounds.median_seconds(index) * 1e3 / passes as f64;
            println!("{label}: {per_build:.3} ms a build (median of {ROUNDS} rounds)");
        }
        return;
    }
    let Some(index) = inputs
        .introspections
        .iter()
        .position(|(label, ..)| label.strip_prefix("QEMU ") == Some(contestant))
    else {
        usage()
    };
    build(index);
    println!("tables {contestant}: {passes} builds");
}

fn usage() -> ! {
    eprintln!(
        "usage: issue20 (validate|validate-all|read) CONTESTANT PASSES | issue20 tables (7.2|10.0) \
         PASSES | issue20 compare (validate|validate-all|read|tables) PASSES"
    );
    std::process::exit(2);
}
