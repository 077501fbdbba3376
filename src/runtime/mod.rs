//! Hand-written support for the generated code: the timestamp, validation reports and what the
//! validators stand on.

pub mod raw_json;
mod report;
pub mod timestamp;
#[doc(hidden)]
pub mod validate;
pub mod wire;

pub use report::{Mode, Report, Severity, Violation, ViolationKind};
pub use validate::MAX_DEPTH;
