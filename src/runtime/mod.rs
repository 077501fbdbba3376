//! Hand-written support for the generated code.

pub mod timestamp;
#[doc(hidden)]
pub mod wire;
