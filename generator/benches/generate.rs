//! Generation cost: model → formatted Rust (`qmpgen::codegen::generate`, what the build script's
//! `Builder` runs), for the bundled spec and for synthetic documents of 1,000 and 10,000 events.
//! Targets (issue 7): 10,000 events in under 2 s, and time(10,000) / time(1,000) at most 12.
//! `generate` uses every core; 10,000 events are also measured on one thread.
//!
//! The synthetic documents are text in the format of `qmp-events.txt`, built deterministically
//! (no randomness: event `i` always looks the same) and read with qmpgen's parser, so that the
//! model is the one a real document gives: headings with underlines, a description, `Data:`
//! lists with every JSON type, optional members, enumerated values (inline and as an indented
//! list, some sets shared between events and some unique), nested members, multi-line member
//! descriptions, examples and notes. Only generation is measured; parsing happens once, before.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use qmpgen::codegen::{DocRef, generate, generate_with};
use qmpgen::model::Schema;

/// The name of synthetic event `i`: upper-case words, unique.
fn event_name(i: usize) -> String {
    const WORDS: [&str; 8] = [
        "BLOCK",
        "DEVICE",
        "MIGRATION",
        "VNC",
        "SPICE",
        "JOB",
        "GUEST",
        "NETDEV",
    ];
    format!(
        "{}_{}_{i}",
        WORDS[i % WORDS.len()],
        WORDS[(i / 8) % WORDS.len()]
    )
}

/// Appends a heading with its underline.
fn heading(doc: &mut String, name: &str) {
    let _ = writeln!(doc, "{name}\n{}\n", "-".repeat(name.len()));
}

/// Appends an example message for `name` with `data` (JSON text of the data object, if any).
fn example(doc: &mut String, name: &str, data: Option<&str>, i: usize) {
    doc.push_str("Example:\n\n");
    let _ = writeln!(doc, "{{ \"event\": \"{name}\",");
    if let Some(data) = data {
        let _ = writeln!(doc, "    \"data\": {data},");
    }
    let _ = write!(
        doc,
        "    \"timestamp\": {{ \"seconds\": {}, \"microseconds\": {} }} }}\n\n",
        1_265_044_230 + i,
        (i * 7_919) % 1_000_000
    );
}

/// Appends synthetic event `i`: one of five shapes, chosen by `i % 5`.
fn event(doc: &mut String, i: usize) {
    let name = event_name(i);
    heading(doc, &name);
    let _ = writeln!(
        doc,
        "Emitted when synthetic condition number {i} occurs on a device or a job.\n"
    );
    match i % 5 {
        // No data.
        0 => {
            doc.push_str("Data: None.\n\n");
            example(doc, &name, None, i);
        }
        // Flat members of every JSON type; an inline enumeration shared by many events.
        1 => {
            doc.push_str(
                "Data:\n\n\
                 - \"device\": device name (json-string)\n\
                 - \"operation\": I/O operation (json-string, \"read\" or \"write\")\n\
                 - \"len\": maximum progress value (json-int)\n\
                 - \"ratio\": fraction done (json-number)\n\
                 - \"tray-open\": true if the tray is open (json-bool)\n\
                 - \"error\": error message (json-string, optional)\n\
                 \x20             Only present on failure. This field contains a\n\
                 \x20             human-readable message.\n\n",
            );
            example(
                doc,
                &name,
                Some(&format!(
                    "{{ \"device\": \"disk{i}\", \"operation\": \"write\", \"len\": {}, \
                     \"ratio\": 0.5, \"tray-open\": true }}",
                    i * 512
                )),
                i,
            );
        }
        // An enumeration listed one value a line, unique to this event.
        2 => {
            let _ = writeln!(
                doc,
                "Data:\n\n\
                 - \"id\": job identifier (json-string)\n\
                 - \"status\": the new status, one of the following (json-string):\n\
                 \x20   \"created-{i}\": the job was created\n\
                 \x20   \"running-{i}\": the job is running\n\
                 \x20   \"paused-{i}\": the job is paused\n\
                 \x20   \"concluded-{i}\": the job has finished\n"
            );
            example(
                doc,
                &name,
                Some(&format!(
                    "{{ \"id\": \"job{i}\", \"status\": \"running-{i}\" }}"
                )),
                i,
            );
            let _ = writeln!(
                doc,
                "Note: A \"concluded-{i}\" status is followed by no other event of the job.\n"
            );
        }
        // Nested members with optional ones and an enumeration inside.
        3 => {
            doc.push_str(
                "Data:\n\n\
                 - \"server\": Server information (json-object)\n\
                 \x20 - \"host\": IP address (json-string)\n\
                 \x20 - \"service\": port number (json-string)\n\
                 \x20 - \"family\": address family (json-string, \"ipv4\" or \"ipv6\")\n\
                 \x20 - \"auth\": authentication method (json-string, optional)\n\
                 - \"client\": Client information (json-object)\n\
                 \x20 - \"host\": IP address (json-string)\n\
                 \x20 - \"service\": port number (json-string)\n\
                 \x20 - \"family\": address family (json-string, \"ipv4\" or \"ipv6\")\n\
                 \x20 - \"sasl_username\": SASL username (json-string, optional)\n\n",
            );
            example(
                doc,
                &name,
                Some(&format!(
                    "{{ \"server\": {{ \"host\": \"0.0.0.0\", \"service\": \"{}\", \
                     \"family\": \"ipv4\" }}, \"client\": {{ \"host\": \"127.0.0.1\", \
                     \"service\": \"{}\", \"family\": \"ipv6\" }} }}",
                    5900 + i % 100,
                    40_000 + i % 20_000
                )),
                i,
            );
        }
        // An inline list of several values, and a member with an aligned description.
        _ => {
            doc.push_str(
                "Data:\n\n\
                 - \"action\": Action that has been taken, it's one of the following (json-string):\n\
                 \x20           \"reset\", \"shutdown\", \"poweroff\", \"pause\", \"debug\", or \"none\"\n\
                 - \"offset\":   delta against the host UTC in seconds (json-number)\n\n",
            );
            example(
                doc,
                &name,
                Some("{ \"action\": \"pause\", \"offset\": 78 }"),
                i,
            );
        }
    }
}

/// A document of `events` synthetic events in the format of `qmp-events.txt`.
fn synthetic_document(events: usize) -> String {
    let mut doc = String::from(
        "                   QEMU Monitor Protocol Events\n\
         \x20                  ============================\n\n",
    );
    for i in 0..events {
        event(&mut doc, i);
    }
    doc
}

/// The model of `text` (read and lowered); a bench input with errors would measure the wrong
/// thing, so it stops the bench.
fn model(text: &str, events: Option<usize>) -> Schema {
    let parsed = qmpgen::text::parse::parse(text);
    let errors: Vec<String> = parsed
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.is_error())
        .map(|diagnostic| diagnostic.headline("input"))
        .collect();
    assert!(errors.is_empty(), "the bench input has errors: {errors:#?}");
    if let Some(events) = events {
        assert_eq!(
            parsed.spec.events.len(),
            events,
            "every synthetic event parsed"
        );
    }
    qmpgen::text::lower::lower(&parsed.spec, "bench.txt")
}

fn generation(c: &mut Criterion) {
    let bundled = include_str!("../../spec/qmp-events.txt");
    let doc = DocRef::new("spec/qmp-events.txt");
    let spec = model(bundled, None);
    let mut group = c.benchmark_group("generate");
    group.bench_function("bundled spec", |b| {
        b.iter(|| generate(black_box(&spec), &doc))
    });
    group.finish();

    let mut group = c.benchmark_group("generate");
    group.sample_size(10);
    for events in [1_000, 10_000] {
        let text = synthetic_document(events);
        let spec = model(&text, Some(events));
        let doc = DocRef::new("synthetic.txt");
        let lines = generate(&spec, &doc).lines().count();
        eprintln!(
            "synthetic document of {events} events: {} bytes of text, {lines} lines of Rust",
            text.len()
        );
        group.bench_function(format!("{events} synthetic events"), |b| {
            b.iter(|| generate(black_box(&spec), &doc))
        });
        // `generate` makes its parts on every core; one thread shows what that is worth
        // (and what a one-core build machine pays).
        if events == 10_000 {
            group.bench_function(format!("{events} synthetic events, one thread"), |b| {
                b.iter(|| generate_with(black_box(&spec), &doc, 1))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, generation);
criterion_main!(benches);
