//! Hand-written support for the generated code: validation reports and what the validators
//! stand on.

mod report;
#[doc(hidden)]
pub mod validate;

pub use report::{Mode, Report, Severity, Violation, ViolationKind};
pub use validate::MAX_DEPTH;
