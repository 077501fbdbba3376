//! The hand-written half of the `qmp-events` bindings: what the code generated from a
//! document stands on (the validators' walk over their tables, the wire format's envelope,
//! reports, the timestamp, raw JSON) and the QMP client, generic over a document's `Message`.
//!
//! A crate of its own so that it is compiled once: a change to the document rebuilds only the
//! generated code. Use it through `qmp-events`, which re-exports it (`qmp_events::runtime`,
//! `qmp_events::client`) with its generated types filled in.

pub mod any_int;
pub mod client;
mod count;
mod json;
pub mod pointer;
pub mod raw_json;
mod report;
mod scalar;
pub mod timestamp;
mod unreadable;
#[doc(hidden)]
pub mod validate;
pub mod wire;
mod words;

pub use count::Count;
pub use report::{Mode, Place, Report, Severity, Violation, ViolationKind};
pub use unreadable::Unreadable;
pub use validate::MAX_DEPTH;
