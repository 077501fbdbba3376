//! Reading a whole QAPI schema: QEMU 9.1's (qapi-qmp 0.15.0's copy, 42 files, 1 MB), every file
//! lexed and parsed with its doc comments and the file, line and column of every expression, key,
//! value and doc line, includes followed. Side by side in one group with qapi-rs's reader, the
//! `qapi-parser` crate (which drops every comment, keeps no positions and builds typed
//! definitions through serde_json), on the same bytes held in memory, and both again from disk;
//! and ours once more with every doc block read into its sections (`qapi::doc::read_program`).
//! Target (issue 19): ours at least 2x faster than qapi-parser.
//!
//! Before measuring, the bench prints what each reader makes of every shared schema
//! (tests/data/qapi-schemas/INDEX.tsv): files, expressions and doc lines read, or the error.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use qmpgen::qapi::doc::read_program;
use qmpgen::qapi::load::load;

#[path = "qapi_readers/mod.rs"]
mod qapi_readers;

use qapi_readers::{files_of, our_counts, ours, peer, qemu_9_1, schemas_dir};

/// What each reader makes of every shared schema.
fn print_outcomes() {
    let dir = schemas_dir();
    let index = std::fs::read_to_string(dir.join("INDEX.tsv")).expect("INDEX.tsv");
    for row in index.lines().skip(1) {
        let Some(file) = row.split('\t').nth(1) else {
            continue;
        };
        let main = dir.join(file);
        let mut files = files_of(&main);
        println!("{file}");
        println!("  qmpgen:      {}", our_counts(&ours(&main, &mut files)));
        match peer(&main, Some(&files)) {
            Ok(read) => println!(
                "  qapi-parser: {} files, {} definitions (includes not kept), no doc lines",
                read.files,
                read.specs.len()
            ),
            Err(error) => println!("  qapi-parser: error: {error}"),
        }
    }
}

fn qapi_load(c: &mut Criterion) {
    print_outcomes();
    let main = qemu_9_1();
    let mut files = files_of(&main);
    let bytes: usize = files.values().map(Vec::len).sum();
    let mut group = c.benchmark_group("qapi load, QEMU 9.1 (42 files)");
    group.throughput(Throughput::BytesDecimal(bytes as u64));
    group.bench_function("qmpgen load_from, memory", |b| {
        b.iter(|| ours(black_box(&main), &mut files))
    });
    // What qapi-parser cannot give: every doc block read into its sections (`qapi::doc`).
    group.bench_function("qmpgen load_from + read every doc block, memory", |b| {
        b.iter(|| {
            let loaded = ours(black_box(&main), &mut files);
            black_box(read_program(&loaded.program).len());
            loaded
        })
    });
    group.bench_function("qapi-parser, memory", |b| {
        b.iter(|| peer(black_box(&main), Some(&files)))
    });
    group.bench_function("qmpgen load, disk", |b| b.iter(|| load(black_box(&main))));
    group.bench_function("qapi-parser, disk", |b| {
        b.iter(|| peer(black_box(&main), None))
    });
    group.finish();
}

criterion_group!(benches, qapi_load);
criterion_main!(benches);
