//! The `qmp-events.txt` front end: the nom parser ([`parse`]), the document as written
//! ([`model`]: headings, underlines, annotations, the layout `fmt` prints back), the printer
//! ([`print`]) and the lowering of the document into the shared schema model ([`lower`]).

pub mod lower;
pub mod model;
pub mod parse;
#[cfg(feature = "analysis")]
pub mod print;
