//! Rust bindings for QEMU's QMP events, generated at build time from `qmp-events.txt`.
//!
//! One struct per documented event ([`BlockIoError`], [`Reset`], …), [`Event`] over all of them
//! (and [`Event::Unknown`] for the rest) and [`Message`], which reads and writes the QMP wire
//! format. A newer QEMU's messages still read: unknown fields are ignored, unknown values of an
//! enumerated string are kept in the enum's `Other` variant, unknown events in
//! [`Event::Unknown`].
//!
//! ```
//! use qmp_events::{BlockIoErrorAction, Event, Message};
//!
//! let text = r#"{"event": "BLOCK_IO_ERROR",
//!     "data": {"device": "ide0-hd1", "operation": "write", "action": "stop"},
//!     "timestamp": {"seconds": 1265044230, "microseconds": 450486}}"#;
//! let message: Message = serde_json::from_str(text).unwrap();
//! let Event::BlockIoError(error) = &message.event else { panic!("not a BLOCK_IO_ERROR") };
//! assert_eq!(error.action, BlockIoErrorAction::Stop);
//! assert_eq!(message.timestamp.seconds, 1265044230);
//! ```
//!
//! The build script generates the code from `spec/qmp-events.txt`, or from the file that the
//! `QMP_EVENTS_SPEC` environment variable names; `generated/qmp_events.rs` holds the same code
//! for the bundled document, for review.
#![deny(missing_docs)]

// The generated code names this crate's items as `::qmp_events::…`, so that it also works as a
// module of another crate; this makes those paths resolve inside the crate itself.
extern crate self as qmp_events;

pub mod client;
/// The hand-written half of the bindings (the `qmp-events-runtime` crate): reports, the
/// timestamp, raw JSON, the wire format's envelope and the validators' walk.
pub use qmp_events_runtime as runtime;

pub use runtime::any_int::AnyInt;
pub use runtime::raw_json::RawJson;
pub use runtime::timestamp::Timestamp;
pub use runtime::{MAX_DEPTH, Mode, Report, Severity, Violation, ViolationKind};

include!(concat!(env!("OUT_DIR"), "/qmp_events.rs"));

/// What generated code reaches through this crate, so that a crate including generated code
/// needs no serde of its own. Not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::runtime::client::TypedMessage;
    pub use crate::runtime::validate;
    pub use serde;
    pub use serde_json;

    pub use crate::runtime::wire::{
        WireEvent, deserialize_enum, deserialize_event, deserialize_message, from_no_data,
        ignore_data, read_absent, read_as, read_empty, read_present, serialize_message,
    };
}
