//! Parse throughput: the bundled spec, and the whole history folder (113 versions), in bytes per
//! second; and the history again with every example read as JSON, as the lint reads them.
//! Target (issue 2): at least 100 MB/s over the history on one core.

use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use qmpgen::text::parse::parse_bytes;

fn history() -> Vec<Vec<u8>> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/qmp-events-history"
    ));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/data/qmp-events-history is part of the repository")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| std::fs::read(path).expect("read a history version"))
        .collect()
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    let spec = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/qmp-events.txt"
    ))
    .unwrap();
    group.throughput(Throughput::BytesDecimal(spec.len() as u64));
    group.bench_function("bundled spec", |b| {
        b.iter(|| parse_bytes(std::hint::black_box(&spec)))
    });

    let versions = history();
    let total: usize = versions.iter().map(Vec::len).sum();
    group.throughput(Throughput::BytesDecimal(total as u64));
    group.bench_function("history folder (113 versions)", |b| {
        b.iter(|| {
            for version in &versions {
                std::hint::black_box(parse_bytes(std::hint::black_box(version)));
            }
        })
    });
    // The parse leaves reading the examples as JSON to their first use (the lint, the
    // JSON Schema check, the model's JSON form): what that use adds, on the same bytes.
    group.bench_function("history folder, every example read as JSON", |b| {
        b.iter(|| {
            for version in &versions {
                let parsed = parse_bytes(std::hint::black_box(version));
                for event in &parsed.spec.events {
                    for example in &event.examples {
                        std::hint::black_box(example.json());
                    }
                }
            }
        })
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
