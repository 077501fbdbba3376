//! The timeline of QEMU's descriptions of its events over many versions (each lowered to a
//! [`Schema`](crate::model::Schema), whatever its format): for every event and every member, the
//! runs of versions that document it, since when (as documented, and as derived from the first
//! version that documents it), and each change on the way.
//!
//! Versions are taken in the order given (a history folder's `INDEX.tsv` order); several series
//! (the text's folder and the QAPI schemas') are merged by QEMU release ([`order`]). That order
//! is not a straight line of development: in QEMU's history a branch removes events one by one
//! and its merge restores them, so an event may be documented in several runs with gaps between
//! them. The changes are those of [`crate::diff`] between a version and the one before it in its
//! own series.
//!
//! ```
//! use qmpgen::history::{History, index::Version};
//! use qmpgen::text::{lower::lower, parse::parse};
//! let v1 = lower(&parse("STOP\n----\n\nData: None.\n").spec, "1.txt");
//! let v2 = lower(&parse("STOP\n----\n\nData: None.\n\nRESUME\n------\n\nData: None.\n").spec, "2.txt");
//! let versions = vec![Version::from_file("1.txt"), Version::from_file("2.txt")];
//! let history = History::build(versions, &[v1, v2], Default::default());
//! let resume = history.event("RESUME").unwrap();
//! assert_eq!(resume.spans[0].first, "2");
//! assert_eq!(resume.changes[0].change.kind.id(), "event-added");
//! ```
//!
//! [`index`], [`order`] and [`since`] are what a build script needs to derive "since" for the
//! bindings ([`crate::Builder::history`]); the timeline itself comes with the `analysis` feature.

pub mod index;
pub mod order;
pub mod since;
#[cfg(feature = "analysis")]
mod timeline;

#[cfg(feature = "analysis")]
pub use timeline::{EventHistory, FieldHistory, History, Since, Step, VersionSpan};
