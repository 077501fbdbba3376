//! Diffing every consecutive pair of the history against parsing the versions those pairs are
//! made of, in one group so that the two can be compared (the aim: diffing costs less than
//! parsing).
//!
//! Reads `tests/data/qmp-events-history` in the workspace root.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use qmpgen::diff::{Options, diff};
use qmpgen::history::index;
use qmpgen::text::lower::lower;
use qmpgen::text::parse::parse;

fn history_texts() -> Vec<String> {
    let folder = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/qmp-events-history"
    ));
    let index = std::fs::read_to_string(folder.join("INDEX.tsv"))
        .expect("tests/data/qmp-events-history/INDEX.tsv is part of the repository");
    let versions = index::read(&index).expect("INDEX.tsv reads");
    versions
        .iter()
        .map(|version| {
            std::fs::read_to_string(folder.join(&version.file)).expect("a listed version reads")
        })
        .collect()
}

fn history(c: &mut Criterion) {
    let texts = history_texts();
    // Diffing compares the schema model: the versions are lowered once, as the CLI does.
    let specs: Vec<_> = texts
        .iter()
        .map(|text| lower(&parse(text).spec, "version.txt"))
        .collect();
    let pairs = specs.len() - 1;
    let mut group = c.benchmark_group("history");
    group.bench_function(format!("parse {} versions", texts.len()), |b| {
        b.iter(|| {
            for text in &texts {
                black_box(parse(black_box(text)));
            }
        })
    });
    for (name, options) in [
        ("diff", Options::default()),
        ("diff --docs", Options { docs: true }),
    ] {
        group.bench_function(format!("{name} {pairs} pairs"), |b| {
            b.iter(|| {
                for pair in specs.windows(2) {
                    black_box(diff(black_box(&pair[0]), black_box(&pair[1]), options));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, history);
criterion_main!(benches);
