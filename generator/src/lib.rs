//! `qmpgen` reads QEMU's `qmp-events.txt` into a schema model ([`model::Spec`]) and drives
//! everything else from that model.
//!
//! ```
//! let parsed = qmpgen::parse::parse("STOP\n----\n\nEmitted when the VM stops.\n\nData: None.\n");
//! assert!(!parsed.has_errors());
//! assert_eq!(parsed.spec.events[0].name, "STOP");
//! ```
#![deny(missing_docs)]

pub mod builder;
pub mod codegen;
pub mod diagnostics;
pub mod model;
pub mod parse;

pub use builder::Builder;
