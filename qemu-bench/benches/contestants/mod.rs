//! The contestants of issue 20's questions, one list for the criterion bench
//! (`benches/qemu72.rs`) and the fixed workloads of `examples/issue20.rs` (instruction counts,
//! side-by-side rounds), so that both measure the same work.
// Each includer uses part of it.
#![allow(dead_code)]

use std::hint::black_box;

use qmp_events::__private::validate::{self as tables, Schema};
use qmp_events::Mode;
use qmp_events_qemu_bench::{
    INTROSPECTION_7_2, INTROSPECTION_10_0, QAPI_7_2, Session, introspection, qapi, workspace_file,
};
use qmpgen::document::Document;
use serde::de::IgnoredAny;

/// `--spec FILE`'s tables of the document `bytes` (named `name`), as `qmp-events validate`
/// makes them: detect the format, read, lower, build the tables.
pub fn run_time_tables(name: &str, bytes: Vec<u8>) -> Schema {
    qmpgen::tables::runtime_schema(&Document::from_bytes(name, bytes).schema())
}

/// What the contestants work on, read from the repository's files.
pub struct Inputs {
    /// The recorded session.
    pub session: Session,
    /// The run-time tables of QEMU 7.2's introspection.
    pub introspected: Schema,
    /// The run-time tables of QEMU 7.2's QAPI source.
    pub qapi_source: Schema,
    /// The introspection files whose tables question 3 builds: label, name, bytes.
    pub introspections: Vec<(&'static str, String, Vec<u8>)>,
}

impl Inputs {
    /// Reads the session and the documents; panics when a document has errors.
    pub fn read() -> Inputs {
        // Named by their full paths: a QAPI schema's includes are read relative to its name.
        let name = |path: &str| workspace_file(path).display().to_string();
        let read = |path: &str| {
            std::fs::read(workspace_file(path)).unwrap_or_else(|error| panic!("{path}: {error}"))
        };
        let tables = |path: &str| {
            let document = Document::from_bytes(name(path), read(path));
            assert!(
                !document.has_errors(),
                "{}",
                document.render(&document.findings(), false)
            );
            qmpgen::tables::runtime_schema(&document.schema())
        };
        Inputs {
            session: Session::read(),
            introspected: tables(INTROSPECTION_7_2),
            qapi_source: tables(QAPI_7_2),
            introspections: vec![
                ("QEMU 7.2", name(INTROSPECTION_7_2), read(INTROSPECTION_7_2)),
                (
                    "QEMU 10.0",
                    name(INTROSPECTION_10_0),
                    read(INTROSPECTION_10_0),
                ),
            ],
        }
    }
}

/// A contestant on lines: whether it read (or judged valid) one line.
pub struct Contestant<'a> {
    /// Its name on the example's command line.
    pub id: &'static str,
    /// Its name in criterion's report.
    pub label: &'static str,
    /// The work on one line.
    pub run: Box<dyn Fn(&str) -> bool + 'a>,
}

impl<'a> Contestant<'a> {
    fn new(id: &'static str, label: &'static str, run: impl Fn(&str) -> bool + 'a) -> Self {
        Contestant {
            id,
            label,
            run: Box::new(run),
        }
    }
}

/// The floor: serde_json reading the line and keeping nothing.
fn floor<'a>() -> Contestant<'a> {
    Contestant::new("floor", "serde_json IgnoredAny (floor)", |line| {
        serde_json::from_str::<IgnoredAny>(line).is_ok()
    })
}

/// Question 1: strict validation, the floor first.
pub fn validators(inputs: &Inputs) -> Vec<Contestant<'_>> {
    let introspected = &inputs.introspected;
    let qapi_source = &inputs.qapi_source;
    vec![
        floor(),
        Contestant::new("generated", "generated, introspection", |line| {
            introspection::validate(line, Mode::Strict).is_valid()
        }),
        Contestant::new("run-time", "run-time tables, introspection", move |line| {
            tables::validate_str(introspected, line, Mode::Strict).is_valid()
        }),
        Contestant::new("generated-qapi", "generated, QAPI source", |line| {
            qapi::validate(line, Mode::Strict).is_valid()
        }),
        Contestant::new(
            "run-time-qapi",
            "run-time tables, QAPI source",
            move |line| tables::validate_str(qapi_source, line, Mode::Strict).is_valid(),
        ),
    ]
}

/// Question 2: typed reading, each into an owned value (kept from the optimiser), true when the
/// line is an event the reader knows; the floor first.
pub fn readers<'a>() -> Vec<Contestant<'a>> {
    vec![
        floor(),
        Contestant::new("ours", "qmp-events Message, introspection", |line| {
            black_box(serde_json::from_str::<introspection::Message>(line))
                .is_ok_and(|message| message.event.is_documented())
        }),
        Contestant::new("ours-qapi", "qmp-events Message, QAPI source", |line| {
            black_box(serde_json::from_str::<qapi::Message>(line))
                .is_ok_and(|message| message.event.is_documented())
        }),
        Contestant::new("qapi-qmp", "qapi-qmp 0.11 Event", |line| {
            black_box(serde_json::from_str::<qapi_qmp_0_11::Event>(line)).is_ok()
        }),
    ]
}

/// `run` over every line: how many it read or judged valid.
#[inline(never)]
pub fn over(lines: &[&str], run: &dyn Fn(&str) -> bool) -> usize {
    let mut count = 0_usize;
    for line in lines {
        count += usize::from(run(black_box(line)));
    }
    count
}
