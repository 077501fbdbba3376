//! Rust bindings for QEMU's QMP events, generated at build time from `qmp-events.txt`.
#![deny(missing_docs)]

extern crate self as qmp_events;

pub mod runtime;

pub use runtime::{MAX_DEPTH, Mode, Report, Severity, Violation, ViolationKind};

/// What generated code reaches through the crate, so that a crate holding generated modules
/// needs no serde of its own. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::runtime::validate;
    pub use serde;
    pub use serde_json;
}
