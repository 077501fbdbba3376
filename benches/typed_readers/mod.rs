//! The contestants of typed reading, one list for the criterion bench (`benches/typed_read.rs`)
//! and the profiler's fixed workload (`examples/read_events.rs`), so that both measure the same
//! work: each reads one line into an owned value (kept from the optimiser) and says whether it
//! read.
// Each includer uses part of it (the bench the labels, the example the ids and indexes).
#![allow(dead_code)]

use std::hint::black_box;

use serde::de::IgnoredAny;

/// A reader of one line.
pub type ReadOne = fn(&str) -> bool;

/// One contestant.
pub struct Reader {
    /// Its name on the example's command line (`ours`).
    pub id: &'static str,
    /// Its name in criterion's report.
    pub label: &'static str,
    /// The reading itself.
    pub read_one: ReadOne,
}

/// Index of the floor in [`READERS`].
pub const FLOOR: usize = 0;
/// Index of `Message` read by serde_json.
pub const OURS: usize = 1;
/// Index of qapi-qmp's `Event`.
pub const QAPI: usize = 2;

/// The readers, in the order of the indexes above.
pub const READERS: [Reader; 3] = [
    Reader {
        id: "floor",
        label: "serde_json IgnoredAny (floor)",
        read_one: |line| serde_json::from_str::<IgnoredAny>(line).is_ok(),
    },
    Reader {
        id: "ours",
        label: "qmp-events Message",
        read_one: |line| black_box(serde_json::from_str::<qmp_events::Message>(line)).is_ok(),
    },
    Reader {
        id: "qapi",
        label: "qapi-qmp Event",
        read_one: |line| black_box(serde_json::from_str::<qapi_qmp::Event>(line)).is_ok(),
    },
];
