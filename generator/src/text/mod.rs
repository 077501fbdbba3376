//! The `qmp-events.txt` front end: the nom parser ([`parse`]), the document as written
//! ([`model`]: headings, underlines, annotations, the layout `fmt` prints back), the printer
//! ([`mod@print`]), the lint's rules about how a document is written ([`lint`]) and the
//! lowering of the document into the shared schema model ([`lower`]).

#[cfg(feature = "analysis")]
pub mod lint;
pub mod lower;
pub mod model;
pub mod parse;
#[cfg(feature = "analysis")]
pub mod print;
