//! `qmpgen` reads QEMU's `qmp-events.txt` ([`text`]), its QAPI schema ([`qapi`]) or a running
//! QEMU's introspection (`introspect`, feature `introspection`), told apart by the content
//! ([`document`]), into one schema model ([`model`]) and drives everything else from that model.
//!
//! ```
//! let parsed = qmpgen::text::parse::parse("STOP\n----\n\nEmitted when the VM stops.\n\nData: None.\n");
//! assert!(!parsed.has_errors());
//! assert_eq!(parsed.spec.events[0].name, "STOP");
//! ```
#![deny(missing_docs)]

pub mod builder;
#[cfg(feature = "analysis")]
pub mod check;
#[cfg(feature = "codegen")]
pub mod codegen;
pub mod diagnostics;
#[cfg(feature = "analysis")]
pub mod diff;
pub mod document;
pub mod history;
#[cfg(feature = "introspection")]
pub mod introspect;
#[cfg(feature = "analysis")]
pub mod json_breaks;
#[cfg(feature = "analysis")]
pub mod json_schema;
pub mod model;
pub mod names;
pub mod qapi;
#[cfg(feature = "analysis")]
pub mod suggest;
pub mod tables;

pub mod text;

#[cfg(feature = "codegen")]
pub use builder::Builder;
