//! Hand-written support for the generated code.

pub mod timestamp;
pub mod wire;
